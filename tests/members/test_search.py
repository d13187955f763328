"""The NameWord search returns exactly what a plain ordered query returns, page after page."""

import random
from datetime import date

import pytest

from dangbo.core.scopes import Scope
from dangbo.members import search
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
