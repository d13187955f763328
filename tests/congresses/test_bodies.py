"""CT 45 congresses (issue 13.3): the contents held, delegates to the upper congress elected, appointed or ex officio
and counted apart, an approved congress's committee as memberships with their changes."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dangbo.congresses import actions, queries
from dangbo.congresses.models import UpperDelegate
from dangbo.organizations.committee import committee_as_of
from dangbo.organizations.models import CommitteeChange

from .test_actions import _count_chi_uy

pytestmark = pytest.mark.django_db


def test_contents_two_or_three(congress, counters):
    assert congress.contents == ["review", "upper_documents", "committee", "delegates"]
    actions.set_contents(counters.one, congress, ["review", "upper_documents"])
    congress.refresh_from_db()
    assert congress.contents == ["review", "upper_documents"] and len(congress.skipped_content_labels) == 2
    with pytest.raises(ValidationError, match="báo cáo chính trị"):
        actions.set_contents(counters.one, congress, ["upper_documents", "committee"])
    with pytest.raises(ValidationError, match="2 nội dung"):
        actions.set_contents(counters.one, congress, ["review", "delegates"])
    with pytest.raises(ValidationError, match="không hợp lệ"):
        actions.set_contents(counters.one, congress, ["review", "party"])
    actions.set_contents(counters.one, congress, ["review", "upper_documents", "committee"])
    actions.create_election(counters.one, congress, body="chi_uy", seats=3, candidates="Nguyễn Văn An\nTrần Thị Bình"
                            "\nLê Văn Cường\nPhạm Thị Dung", board="Ngô Văn Minh")
    with pytest.raises(ValidationError, match="đã có cuộc bầu"):
        actions.set_contents(counters.one, congress, ["review", "upper_documents"])


def test_upper_delegates_counted_apart(congress, counters):
    n = actions.set_upper_delegates(
        counters.one, congress,
        "Nguyễn Văn An; đương nhiên; chính thức\nTrần Thị Bình; chỉ định; chính thức; Văn phòng\n"
        "Lê Văn Cường; chỉ định; dự khuyết\nLê Văn Tú; bầu\nLê Văn Tư; bầu",
        decision_number="1610-QĐ/ĐU", decision_date=date(2025, 5, 10), issuer="Ban Thường vụ Đảng ủy")
    assert n == 5
    data = queries.upper_delegates(congress)
    by = {g["kind"]: (g["official"], g["alternates"]) for g in data["groups"]}
    assert by == {"elected": (2, 0), "appointed": (1, 1), "ex_officio": (1, 0)}
    assert (data["official"], data["alternates"]) == (4, 1)
    appointed = UpperDelegate.objects.get(full_name="Trần Thị Bình")
    assert appointed.decision_number == "1610-QĐ/ĐU" and appointed.unit == "Văn phòng"
    assert UpperDelegate.objects.get(full_name="Lê Văn Tú").decision_number == ""  # elected: no decision
    for text, message in [("Nguyễn Văn An; được mời", "không hợp lệ"), ("Nguyễn Văn An; bầu; thay thế", "dự khuyết"),
                          ("A; bầu", "họ và tên"), ("Nguyễn Văn An; bầu\nNguyễn Văn An; chỉ định", "hai lần")]:
        with pytest.raises(ValidationError, match=message):
            actions.set_upper_delegates(counters.one, congress, text, decision_number="1")
    with pytest.raises(ValidationError, match="số quyết định"):
        actions.set_upper_delegates(counters.one, congress, "Nguyễn Văn An; chỉ định")
    assert UpperDelegate.objects.filter(congress=congress).count() == 5  # nothing half-written


def test_congress_page_shows_contents_and_delegates(congress, counters, client_as):
    actions.set_contents(counters.one, congress, ["review", "upper_documents"])
    actions.set_upper_delegates(counters.one, congress, "Nguyễn Văn An; đương nhiên\nTrần Thị Bình; chỉ định",
                                decision_number="1610-QĐ/ĐU")
    client = client_as(counters.office)
    page = client.get(reverse("congresses:detail", args=[congress.pk])).content.decode()
    assert "Không tiến hành" in page and "Bầu cấp ủy khóa mới".lower() in page.lower()
    assert "2 đại biểu chính thức, 0 dự khuyết" in page and "1610-QĐ/ĐU" in page
    r = client.post(reverse("congresses:upper_delegates", args=[congress.pk]),
                    {"upper_delegates": "Nguyễn Văn An; mời dự"})
    assert r.status_code in (200, 400) and "không hợp lệ" in r.content.decode()
    r = client.post(reverse("congresses:contents", args=[congress.pk]), {"contents": ["review", "upper_documents",
                                                                                       "committee"]})
    assert r.status_code == 302
    congress.refresh_from_db()
    assert congress.contents == ["review", "upper_documents", "committee"]
    create = client.get(reverse("congresses:create")).content.decode()
    assert "Hướng dẫn 06-HD/TW" in create  # the ordinal hint


def test_approved_committee_becomes_memberships(congress, counters):
    ballots = [(0, 1, 2)] * 9 + [(0, 1, 3)] * 3
    e, _cands = _count_chi_uy(congress, counters, ballots)
    actions.sign_result(counters.one, e)
    term = actions.approve_congress(counters.office, congress, decision_number="12-QĐ/ĐU",
                                    decision_date=date(2025, 6, 2), issuer="Đảng ủy cơ sở")
    assert term.origin == "elected" and term.approval_issuer == "Đảng ủy cơ sở"
    assert CommitteeChange.objects.filter(term=term, kind="elected").count() == 3
    c = committee_as_of(congress.organization, date(2025, 6, 2))
    assert {m.full_name for m in c.members} == {"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"}
    assert all(m.start_date == date(2025, 6, 2) and m.member_id for m in c.members)
    assert committee_as_of(congress.organization, date(2025, 6, 1)).term is None
    from dangbo.organizations.committee_actions import change_committee

    # named on the form by name only: matched to the member's own membership
    change_committee(counters.office, congress.organization, kind="resigned", full_name="Lê Văn Cường",
                     effective_date=date(2025, 9, 1), decision_number="30-QĐ/ĐU")
    assert {m.full_name for m in committee_as_of(congress.organization, date(2025, 9, 1)).members} == {
        "Nguyễn Văn An", "Trần Thị Bình"}
    congress.refresh_from_db()
    assert congress.committee_size == 3  # as approved


def test_delegates_printout_counts_them_apart(congress, counters, client_as):
    import io

    from docx import Document

    actions.set_upper_delegates(counters.one, congress, "Nguyễn Văn An; đương nhiên\nTrần Thị Bình; chỉ định\n"
                                "Lê Văn Cường; chỉ định; dự khuyết", decision_number="1610-QĐ/ĐU")
    r = client_as(counters.office).get(reverse("congresses:upper_delegates_docx", args=[congress.pk]))
    assert r.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)
    assert "2 đại biểu chính thức, 1 đại biểu dự khuyết" in text
    assert "I. Đại biểu đương nhiên: 1 chính thức, 0 dự khuyết" in text
    assert "II. Đại biểu được chỉ định: 1 chính thức, 1 dự khuyết" in text


def test_demo_appointed_bodies_load_on_their_own(make_org):
    """The demo's 2025 part on a bare tree: a congress of 2 contents, the appointed term, the delegates."""
    from dangbo.congresses.demo import load_bodies_demo
    from dangbo.congresses.models import Congress
    from dangbo.organizations.models import OrgKind

    make_org("Đảng bộ Văn phòng UBND tỉnh", OrgKind.GRASSROOTS_COMMITTEE, code="VPUBND")
    ubnd = make_org("Đảng bộ UBND tỉnh", OrgKind.UPPER, code="DBUBNDT", founded_on=date(2025, 7, 1))
    load_bodies_demo(date(2026, 12, 1), "DBUBNDT")
    c = committee_as_of(ubnd, date(2025, 7, 2))
    assert c.term.is_appointed and len(c.in_committee) == 9 and len(c.members) == 10
    congress = Congress.objects.get(organization=ubnd)
    assert congress.contents == ["review", "upper_documents"]
    assert queries.upper_delegates(congress)["official"] == 11


def test_no_election_for_a_content_not_held(congress, counters, client_as):
    """CT 45 (rules-2025-2026.md §1.5): a congress of 3 contents elects no committee nor any of its bodies; one of 2
    contents elects no delegate either. The refusal names the content, in the action and on the congress page."""
    from dangbo.congresses.models import Election

    def create(body, seats=1, candidates="Nguyễn Văn An\nTrần Thị Bình"):
        return actions.create_election(counters.one, congress, body=body, seats=seats, candidates=candidates,
                                       board="Ngô Văn Minh")

    actions.set_contents(counters.one, congress, ["review", "upper_documents", "delegates"])  # 3: no committee
    congress.refresh_from_db()
    for body in ("chi_uy", "cap_uy", "bi_thu", "pho_bi_thu", "ban_thuong_vu", "uy_ban_kiem_tra", "chu_nhiem_ubkt"):
        with pytest.raises(ValidationError) as refused:
            create(body)
        message = " ".join(refused.value.message_dict["body"])
        assert "Đại hội không có nội dung «Bầu cấp ủy khóa mới» (đại hội 3 nội dung, Chỉ thị 45-CT/TW)" in message
        assert "cấp ủy cấp trên trực tiếp chỉ định" in message
    assert create("dai_bieu").body == "dai_bieu"  # the delegates are still elected

    congress.elections.all().delete()
    actions.set_contents(counters.one, congress, ["review", "upper_documents"])  # 2: neither
    congress.refresh_from_db()
    with pytest.raises(ValidationError, match="«Bầu đoàn đại biểu dự đại hội cấp trên» \\(đại hội 2 nội dung"):
        create("dai_bieu")
    with pytest.raises(ValidationError, match="«Bầu cấp ủy khóa mới»"):
        create("chi_uy", seats=1)
    assert not Election.objects.filter(congress=congress).exists()  # nothing written

    # the web form: the refusal on the page, nothing created
    page = client_as(counters.one).post(reverse("congresses:election_create", args=[congress.pk]),
                                        {"body": "chi_uy", "seats": 1, "candidates": "Nguyễn Văn An\nTrần Thị Bình",
                                         "board": "Ngô Văn Minh"}, follow=True).content.decode()
    assert "Đại hội không có nội dung «Bầu cấp ủy khóa mới» (đại hội 2 nội dung, Chỉ thị 45-CT/TW): không lập " \
        "cuộc bầu chi ủy; cấp ủy cấp trên trực tiếp chỉ định." in page
    assert not Election.objects.filter(congress=congress).exists()

    actions.set_contents(counters.one, congress, ["review", "upper_documents", "committee", "delegates"])  # 4
    congress.refresh_from_db()
    assert create("chi_uy", seats=1).body == "chi_uy" and create("dai_bieu").body == "dai_bieu"
