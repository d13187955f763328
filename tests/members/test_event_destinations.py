"""The event form's list of destinations stays small however wide the scope (members/views.py
DESTINATIONS_LISTED): cut to the member's part of the tree, any other chi bộ given by its code."""

import re

import pytest
from django.test import Client

from dangbo.members import views
from dangbo.members.models import EventKind, MemberEvent
from dangbo.organizations.models import OrgKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def country(make_org, make_member, make_user):
    """Two provinces' đảng bộ; the member in the first's chi bộ 1; an administrator at the root."""
    root = make_org("Đảng bộ Thử nghiệm", OrgKind.UPPER, code="R")
    p1 = make_org("Đảng bộ Một", OrgKind.GRASSROOTS_COMMITTEE, parent=root, code="P1")
    p2 = make_org("Đảng bộ Hai", OrgKind.GRASSROOTS_COMMITTEE, parent=root, code="P2")
    c1 = make_org("Chi bộ Một A", parent=p1, code="P1-A")
    c2 = make_org("Chi bộ Một B", parent=p1, code="P1-B")
    far = make_org("Chi bộ Hai A", parent=p2, code="P2-A")
    member = make_member(c1, "Trần Văn Chuyển")
    client = Client()
    client.force_login(make_user("admin"))
    return member, c2, far, client


def _options(html: str) -> list[str]:
    select = html[html.index('name="to_organization"'):]
    return re.findall(r"<option value=\"\d+\"[^>]*>([^<]+)</option>", select[:select.index("</select>")])


def test_a_wide_scope_lists_the_members_part_of_the_tree_and_takes_any_other_by_code(country, monkeypatch):
    member, near, far, client = country
    url = f"/dang-vien/{member.pk}/su-kien/"
    assert [o.strip() for o in _options(client.get(url).content.decode())] == ["Chi bộ Một B", "Chi bộ Hai A"]
    monkeypatch.setattr(views, "DESTINATIONS_LISTED", 2)  # the three chi bộ are more than the list holds
    page = client.get(url).content.decode()
    assert [o.strip() for o in _options(page)] == ["Chi bộ Một B"]
    assert 'name="to_organization_code"' in page and "các chi bộ thuộc Đảng bộ Một" in page
    post = {"kind": EventKind.TRANSFER, "effective_date": "02/03/2026", "version": member.version}
    answer = client.post(url, {**post, "to_organization_code": "p2-a "})
    assert answer.status_code == 302
    event = MemberEvent.objects.get(member=member, kind=EventKind.TRANSFER)
    assert event.to_organization == far


@pytest.mark.parametrize("typed, chosen, message", [
    ("P9-Z", None, "Không có chi bộ đang hoạt động mã «P9-Z» trong phạm vi của đồng chí."),
    ("P2-A", "near", "Chọn chi bộ trong danh sách hoặc gõ mã, không chọn cả hai nơi khác nhau."),
])
def test_a_code_not_found_or_two_places_at_once_are_refused_and_nothing_is_written(country, monkeypatch, typed,
                                                                                   chosen, message):
    member, near, far, client = country
    monkeypatch.setattr(views, "DESTINATIONS_LISTED", 2)
    post = {"kind": EventKind.TRANSFER, "effective_date": "02/03/2026", "version": member.version,
            "to_organization_code": typed, **({"to_organization": near.pk} if chosen else {})}
    answer = client.post(f"/dang-vien/{member.pk}/su-kien/", post)
    assert answer.status_code == 200 and message in answer.content.decode()
    assert typed in answer.content.decode()  # what was typed is kept
    assert not MemberEvent.objects.filter(member=member, kind=EventKind.TRANSFER).exists()
