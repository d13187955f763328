"""Due work counted and paged in SQL (issue 16, "Many users"): the home page counts it without building the list,
the due-work page builds a page of each kind; both agree with `due_work`, the whole list, on the demo."""

import re
from collections import Counter
from datetime import date, timedelta

import pytest
from django.urls import reverse

from dangbo.members import queries
from dangbo.rules.calendar import DEFAULT_CALENDAR
from dangbo.rules.membership import ceremony_deadline, recognition_deadline
from tests.db import demo_fixture

pytestmark = [pytest.mark.django_db, pytest.mark.heavy(2), pytest.mark.timeout(1800)]

TODAY = date(2026, 11, 30)
demo = demo_fixture(TODAY)
# The demo's days: today, and days later and earlier, so that deadlines fall on both sides.
DAYS = [TODAY, TODAY + timedelta(days=45), TODAY - timedelta(days=200)]


def _scope(username):
    from django.contrib.auth.models import User

    from dangbo.core.scopes import scope_for

    return scope_for(User.objects.get(username=username))


def _listed(items):
    late = Counter(i.kind for i in items if i.overdue)
    return {k: (n, late[k]) for k, n in Counter(i.kind for i in items).items()}


@pytest.mark.parametrize("username", ["quantri", "vanphong", "bithu", "captren"])
def test_counts_are_the_list_counted(demo, username):
    scope = _scope(username)
    for today in DAYS:
        items = queries.due_work(scope, today)
        assert items, today  # the demo has due work on each day
        mine, watched = queries.due_counts(scope, today)
        own = [i for i in items if scope.can("write", i.member.organization)]
        others = [i for i in items if not scope.can("write", i.member.organization)]
        assert {c.kind: (c.n, c.overdue) for c in mine} == _listed(own), today
        assert {c.kind: (c.n, c.overdue) for c in watched} == _listed(others), today


def test_last_overdue_start_splits_the_overdue_from_the_rest():
    for rule in (ceremony_deadline, recognition_deadline):
        def deadline(d, rule=rule):
            return rule(d, DEFAULT_CALENDAR)

        for today in (date(2025, 1, 2), date(2026, 2, 20), date(2026, 9, 3), TODAY):
            late = queries.last_overdue_start(deadline, today)
            for n in range(-120, 5):
                start = today + timedelta(days=n)
                assert (rule(start, DEFAULT_CALENDAR) < today) == (start <= late), (rule, today, start)


def _key(item):
    """An item as compared: a member's, or another app's person (an inspection's subject, a candidate)."""
    return item.member_pk or 0, item.member.full_name, item.link, item.due, item.overdue


def test_the_page_of_each_kind_walks_the_whole_list(demo):
    scope = _scope("quantri")
    for today in DAYS:
        items = queries.due_work(scope, today)
        groups = queries.due_page(scope, today, size=2)
        assert {g.kind: (g.total, g.overdue) for g in groups} == _listed(items)
        for g in groups:
            whole = [i for i in items if i.kind == g.kind]
            walked, start = list(g.items), len(g.items)
            while start < g.total:
                (page,) = queries.due_page(scope, today, kind=g.kind, start=start, size=2)
                assert page.start == start and page.items
                walked += page.items
                start += len(page.items)
            assert sorted(map(_key, walked)) == sorted(map(_key, whole)), (today, g.kind)
            # the overdue first, then by deadline
            assert [(not i.overdue, i.due) for i in walked] == sorted((not i.overdue, i.due) for i in walked)


def test_home_counts_due_work_without_listing_it(client, demo, monkeypatch):
    from django.contrib.auth.models import User

    def listed(*args, **kwargs):
        raise AssertionError("the home page built the due-work list")

    monkeypatch.setattr(queries, "due_work", listed)
    client.force_login(User.objects.get(username="vanphong"))
    body = client.get(reverse("home")).content.decode()
    assert 'id="due-work"' in body


def test_the_due_page_pages_a_long_kind(client, demo, monkeypatch):
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(username="quantri"))
    from dangbo.members import views

    monkeypatch.setattr(views, "DUE_OVERVIEW_SIZE", 1)  # the page of every kind: one item of each
    monkeypatch.setattr(views, "DUE_PAGE_SIZE", 2)  # the page of one kind: two
    body = client.get(reverse("members:due")).content.decode()
    assert 'rel="next"' in body and "loai=" in body
    assert re.search(r"Việc thứ 1–1 trong \d+ việc", body)
    link = body.split('rel="next" href="?')[1].split('"')[0].replace("&amp;", "&")
    following = client.get(reverse("members:due") + "?" + link)
    assert following.status_code == 200
    first, last, total = map(int, re.search(r"Việc thứ (\d+)–(\d+) trong (\d+) việc",
                                            following.content.decode()).groups())
    assert first == 2 and last - first + 1 == min(2, total - 1)  # from the second, a page of this kind's size
