"""The NameWord search returns exactly what a plain ordered query returns, page after page."""

import random
from datetime import date

import pytest
from django.db import connection
from django.db.models import Q

from dangbo.core.scopes import Scope
from dangbo.members import queries, search
from dangbo.members.actions import admit_member, update_dossier
from dangbo.members.models import Member, NameWord
from dangbo.members.queries import MemberFilter, page
from dangbo.rules.text import search_key

from .conftest import dossier

pytestmark = pytest.mark.django_db

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Đặng", "Võ"]
MIDDLE = ["Văn", "Thị", "Đức", "Ngọc", "Thanh"]
GIVEN = ["An", "Ân", "Anh", "Ánh", "Yến", "Y", "Dũng", "Đông", "Mến", "Lan", "Lân", "Hoa", "Hòa"]


@pytest.fixture
def people(tree):
    rng = random.Random(7)
    out = []
    for i in range(160):
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        org = tree["a"] if i % 3 else tree["b"]
        out.append(admit_member(None, organization=org, dossier=dossier(name, gender="F" if i % 2 else "M"),
                                decision_date=date(2015, 1, 5)))
    return out


def all_pages(qs, text, size=7):
    got, after = [], ""
    while True:
        rows, after = page(qs, after, size, searching=text)
        got += [m.pk for m in rows]
        if not after:
            return got


def assert_pages_are_the_ordered_query(text, tree):
    """Page after page, for the administrator and for a reader of chi bộ a, exactly the plain ordered query."""
    for scope in (Scope(is_admin=True), Scope(read_paths=[tree["a"].path])):
        qs = MemberFilter(q=text).apply(scope.members(Member.objects.all()), today=date(2026, 11, 22))
        expected = list(qs.order_by("sort_key", "id").values_list("id", flat=True))
        assert all_pages(qs, text) == expected, (text, scope)


@pytest.mark.parametrize("text", ["y", "yen", "an", "a", "nguyen", "nguyen van", "le thi y", "d", "dong",
                                  "thanh hoa", "van lan", "ho", "tran ngoc an", "xyz"])
@pytest.mark.parametrize("batch", [3, 1000])
def test_search_pages_equal_the_plain_ordered_query(people, tree, text, batch, monkeypatch):
    monkeypatch.setattr(search, "BATCH", batch)
    monkeypatch.setattr(search, "MAX_WALK", 10_000)
    assert_pages_are_the_ordered_query(text, tree)


@pytest.mark.parametrize("text", ["le thi y", "tran ngoc an", "nguyen van a", "vo duc xyz"])
@pytest.mark.parametrize("search_cap", [2, 10_000])
def test_a_whole_name_of_common_words_is_fetched_first(people, tree, text, search_cap, monkeypatch):
    """Three typed words whose rarest is still common: the conjunction is fetched unordered first; when it has
    more rows than SEARCH_CAP the walk takes over. Either way the pages are the plain ordered query's."""
    monkeypatch.setattr(search, "COUNT_CAP", 1)  # every word counts as common
    monkeypatch.setattr(search, "SEARCH_CAP", search_cap)
    monkeypatch.setattr(search, "BATCH", 3)
    assert_pages_are_the_ordered_query(text, tree)


@pytest.fixture
def mixed(people, tree):
    """Names where a family name stands as a middle name and names of four words, so that a word's list holds
    members all over the sort order (as Nguyễn and Hoàng do in the register)."""
    rng = random.Random(11)
    for i in range(70):
        words = [rng.choice(FAMILY), rng.choice(FAMILY + MIDDLE), rng.choice(GIVEN)]
        if i % 4 == 0:
            words.insert(2, rng.choice(MIDDLE))
        admit_member(None, organization=tree["a"] if i % 2 else tree["b"], dossier=dossier(" ".join(words)),
                     decision_date=date(2016, 3, 1))


@pytest.mark.parametrize("text", ["pham an", "le y", "nguyen tran", "tran nguyen", "vo thi h", "dang duc d",
                                  "pham pham", "le xyz"])
@pytest.mark.parametrize("seeks", [10_000, 2])
def test_common_words_intersected_in_order_give_the_ordered_query(mixed, tree, text, seeks, monkeypatch):
    """Every word common: the words' lists are intersected in sort order (three words when their conjunction is
    too large to fetch), a few rows read at each seek so that the lists jump over each other many times. With too
    few seeks allowed the other ways take over. Either way the pages are the plain ordered query's."""
    monkeypatch.setattr(search, "COUNT_CAP", 1)
    monkeypatch.setattr(search, "SEARCH_CAP", 2)  # three words: their conjunction is "too large" to fetch first
    monkeypatch.setattr(search, "SEEK_ROWS", (1, 4))
    monkeypatch.setattr(search, "MAX_SEEKS", seeks)
    monkeypatch.setattr(search, "BATCH", 3)
    calls = []
    leapfrog = search._leapfrog
    monkeypatch.setattr(search, "_leapfrog", lambda *a, **k: calls.append(r := leapfrog(*a, **k)) or r)
    assert_pages_are_the_ordered_query(text, tree)
    matches = MemberFilter(q=text).apply(Member.objects.all(), today=date(2026, 11, 22)).count()
    if text not in ("le xyz", "pham pham") and (len(text.split()) < 3 or matches > 2):
        assert calls, "the lists were not intersected"  # (nothing starts with xyz; one word twice is one list)
        if seeks > 100:
            assert all(r is not None for r in calls)


@pytest.mark.parametrize("text", ["pham an", "nguyen tran", "dang duc d"])
@pytest.mark.parametrize("long_seeks", [10_000, 1])
def test_many_matches_that_sort_late_are_reached_by_a_long_intersection(mixed, tree, text, long_seeks, monkeypatch):
    """More matches than SEARCH_CAP that neither the short intersection nor the walk reach: a long intersection
    finds them; when it too gives up, the database sorts them. Either way the pages are the plain ordered query's."""
    monkeypatch.setattr(search, "COUNT_CAP", 1)
    monkeypatch.setattr(search, "SEARCH_CAP", 1)
    monkeypatch.setattr(search, "SEEK_ROWS", (1, 4))
    monkeypatch.setattr(search, "MAX_SEEKS", 1)
    monkeypatch.setattr(search, "LONG_SEEKS", long_seeks)
    monkeypatch.setattr(search, "BATCH", 1)
    monkeypatch.setattr(search, "MAX_WALK", 1)
    seeks = []
    leapfrog = search._leapfrog
    monkeypatch.setattr(search, "_leapfrog", lambda *a, **k: seeks.append((k.get("seeks"), r := leapfrog(*a, **k)))
                        or r)
    assert_pages_are_the_ordered_query(text, tree)
    long = [r for s, r in seeks if s == long_seeks]
    assert long, "the long intersection was not tried"
    assert all(r is not None for r in long) if long_seeks > 100 else all(r is None for r in long)


@pytest.mark.parametrize("words", [["an", "anh", "lan", "y", "yen"], ["nguyen"], ["thi", "van"]])
def test_a_seeker_gives_the_first_row_of_its_words_from_any_point(mixed, words, monkeypatch):
    """Reading a few rows of each word at a time, merged, the seeker's next row is always the first one of all its
    words' rows at or after the point asked, however the points follow each other."""
    monkeypatch.setattr(search, "SEEK_ROWS", (1, 4))
    rows = sorted(NameWord.objects.filter(word__in=words).values_list("sort_key", "member_id", "search_name"))
    rng = random.Random(3)
    keys = sorted({r[:2] for r in rows} | {(r[0], r[1] + 1) for r in rng.sample(rows, 20)} | {("", 0)})
    for order in (keys, rng.sample(keys, len(keys))):
        seeker = search._Seeker(words, [10_000])
        for key in order:
            expected = next((r for r in rows if r[:2] >= key), None)
            assert seeker.first_from(key) == expected, key


def test_narrow_filter_hands_over_to_the_database(people, tree, monkeypatch):
    monkeypatch.setattr(search, "BATCH", 2)
    monkeypatch.setattr(search, "MAX_WALK", 1)
    qs = MemberFilter(q="nguyen", gender="F").apply(Member.objects.filter(organization=tree["b"]), date(2026, 11, 22))
    assert all_pages(qs, "nguyen") == list(qs.order_by("sort_key", "id").values_list("id", flat=True))


def test_words_follow_renames(people):
    m = people[0]
    update_dossier(None, m, {"full_name": "Hồ Xuân Hương"})
    assert set(NameWord.objects.filter(member=m).values_list("word", flat=True)) == {"ho", "xuan", "huong"}
    assert search_key("Hồ Xuân Hương") == Member.objects.get(pk=m.pk).search_name
    qs = MemberFilter(q="xuan huong").apply(Member.objects.all(), date(2026, 11, 22))
    assert [r.pk for r in page(qs, searching="xuan huong")[0]] == [m.pk]


def test_index_names_rebuilds_the_same_rows(people):
    before = sorted(NameWord.objects.values_list("member_id", "word", "sort_key"))
    NameWord.objects.all().delete()
    search.index_names()
    assert sorted(NameWord.objects.values_list("member_id", "word", "sort_key")) == before


def test_the_walk_budget_does_not_outlive_the_search(people, tree, monkeypatch):
    """On PostgreSQL the walk of the sort index runs under a 120 ms limit; inside the request's (here the test's)
    transaction it is a savepoint, whose release would keep the limit for everything after it."""
    if connection.vendor != "postgresql":
        pytest.skip("the walk budget is PostgreSQL's statement_timeout")
    calls = []
    budgeted = queries._budgeted_rows
    monkeypatch.setattr(queries, "search_ids", lambda *a, **k: None)  # every way of the search gave up
    monkeypatch.setattr(queries, "_budgeted_rows", lambda *a: calls.append(1) or budgeted(*a))
    with connection.cursor() as cur:
        cur.execute("SHOW statement_timeout")
        (before,) = cur.fetchone()
        assert_pages_are_the_ordered_query("nguyen van", tree)
        cur.execute("SHOW statement_timeout")
        assert calls and cur.fetchone() == (before,)


@pytest.mark.parametrize("text", ["y", "yen", "an", "a", "nguyen", "nguyen van", "le thi y", "d", "dong", "h",
                                  "thanh ho", "van lan", "tran ngoc an", "ngoc", "xyz", "nguyen xyz"])
def test_the_last_word_listed_finds_the_same_members_as_its_prefix(people, text):
    """search_filter gives PostgreSQL the last word as the words that start with it; on both databases the
    listed form finds exactly the members of the prefix form, and both the members whose names hold the words."""
    key = search_key(text)
    listed = search.expand_prefix(key)
    *exact, last = key.split()
    expected = {m.pk for m in people if set(exact) <= set(m.search_name.split())
                and any(w.startswith(last) for w in m.search_name.split())}
    for value in (key, listed):
        assert set(Member.objects.filter(search_name__words=value).values_list("pk", flat=True)) == expected, value
    starting = sorted({w for m in people for w in m.search_name.split() if w.startswith(last)})
    assert listed == (" ".join([*exact, "|".join(starting) + ("|" if len(starting) == 1 else "")]) if starting
                      else key)
    assert queries.search_filter(text) == \
        Q(search_name__words=listed if connection.vendor == "postgresql" else key)


def test_a_prefix_of_too_many_words_stays_a_prefix(people, monkeypatch):
    monkeypatch.setattr(search, "PREFIX_WORDS", 1)
    assert search.expand_prefix("nguyen a") == "nguyen a"  # an, anh, ...: more than one word
