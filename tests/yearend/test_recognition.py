"""Commendations (proposed, decided) and the Huy hiệu Đảng list of an awarding occasion."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from dangbo.members.models import Badge, Member
from dangbo.recognition import actions
from dangbo.recognition.models import Commendation
from dangbo.recognition.queries import badge_list, proposals
from dangbo.rules.membership import add_months

pytestmark = pytest.mark.django_db
BORN = date(1960, 1, 1)


def test_propose_and_decide(tree, members, users):
    c = actions.propose(None, organization=tree.root, year=2020, form="giay_khen", basis="excellent_year",
                        member=members.men)
    with pytest.raises(ValidationError):
        actions.propose(None, organization=tree.root, year=2020, form="giay_khen", basis="excellent_year",
                        member=members.men)
    with pytest.raises(ValidationError) as e:
        actions.propose(None, organization=tree.a, year=2020, form="giay_khen", basis="excellent_year",
                        member=members.dung)
    assert "không thuộc" in e.value.message_dict["member"][0]
    with pytest.raises(ValidationError):
        actions.decide(None, c, decision_number="", decision_date=date(2021, 1, 5))
    actions.decide(None, c, decision_number="15-QĐ/ĐUK", decision_date=date(2021, 1, 5), issuer="Đảng ủy Khối")
    c.refresh_from_db()
    assert (c.status, c.decision_number) == ("decided", "15-QĐ/ĐUK")


def test_proposals_say_plainly_when_ratings_are_missing(tree):
    p = proposals(tree.root, 2020)
    try:
        import dangbo.evaluations.queries  # noqa: F401
    except ImportError:
        assert "chưa có dữ liệu" in str(p["five"]) and not p["five"]


def test_badge_list_of_an_occasion(tree, make_member):
    occasion = date(2025, 9, 2)
    due = make_member(tree.a, "Phan Văn Ba Mươi", decision_date=add_months(occasion, -360), birth_date=BORN)
    early = make_member(tree.a, "Lê Văn Sớm", decision_date=add_months(occasion, -354), birth_date=BORN)
    later = make_member(tree.a, "Đỗ Văn Chưa", decision_date=add_months(occasion, -346), birth_date=BORN)
    held = make_member(tree.b, "Vũ Văn Đã Nhận", decision_date=add_months(occasion, -363), birth_date=BORN)
    Badge.objects.create(member=held, years=30, awarded_on=date(2025, 5, 19))
    cases = {c.member.full_name: c for c in badge_list(Member.objects.all(), occasion)}
    assert cases["Phan Văn Ba Mươi"].milestone == 30 and not cases["Phan Văn Ba Mươi"].early
    assert cases["Lê Văn Sớm"].early and cases["Lê Văn Sớm"].milestone == 30
    assert "Đỗ Văn Chưa" not in cases and "Vũ Văn Đã Nhận" not in cases
    assert due and early and later


def test_badge_page_and_award(tree, make_member, client_as, users):
    occasion = date(2025, 9, 2)
    m = make_member(tree.a, "Phan Văn Ba Mươi", decision_date=add_months(occasion, -360), birth_date=BORN)
    c = client_as("secretary")
    page = c.get(f"/khen-thuong/huy-hieu/?to_chuc={tree.a.pk}&dip=02/09/2025").content.decode()
    assert "Phan Văn Ba Mươi" in page and "cảnh cáo" in page
    c.post("/khen-thuong/huy-hieu/trao/", {"member": m.pk, "years": 30, "awarded_on": "02/09/2025",
                                           "decision_number": "45-QĐ/TU"})
    assert Badge.objects.filter(member=m, years=30).exists()
    other = make_member(tree.b, "Vũ Văn Bê", decision_date=add_months(occasion, -360), birth_date=BORN)
    assert c.post("/khen-thuong/huy-hieu/trao/", {"member": other.pk, "years": 30,
                                                  "awarded_on": "02/09/2025"}).status_code == 404
    assert not Badge.objects.filter(member=other).exists()


def test_commendation_screens(tree, members, client_as):
    c = client_as("office")
    c.post(f"/khen-thuong/de-nghi/{tree.root.pk}/?nam=2020", {"form": "giay_khen", "basis": "excellent_year",
                                                               "member": members.men.pk})
    com = Commendation.objects.get()
    c.post(f"/khen-thuong/{com.pk}/quyet-dinh/", {"decision_number": "9-QĐ/ĐUK", "decision_date": "05/01/2021",
                                                   "phien_ban": com.version})
    page = c.get(f"/khen-thuong/?to_chuc={tree.root.pk}&nam=2020").content.decode()
    assert "9-QĐ/ĐUK" in page and "Nguyễn Văn Mến" in page


def test_badge_list_flags_a_recent_discipline_and_the_page_shows_it(tree, make_member, client_as, users):
    from dangbo.members.actions import annul_discipline, record_discipline

    occasion = date(2025, 9, 2)
    warned = make_member(tree.a, "Phan Văn Cảnh", decision_date=add_months(occasion, -360), birth_date=BORN)
    old = make_member(tree.a, "Lê Văn Cũ", decision_date=add_months(occasion, -360), birth_date=BORN)
    record_discipline(None, warned, form="canh_cao", decided_on=date(2025, 5, 6), decision_number="7-QĐ/UBKT")
    record_discipline(None, old, form="cach_chuc", decided_on=date(2024, 8, 1))  # more than 12 months before
    cases = {c.member.full_name: c for c in badge_list(Member.objects.all(), occasion)}
    assert [f.code for f in cases["Phan Văn Cảnh"].findings] == ["badge_discipline_review"]
    assert "cảnh cáo ngày 06/05/2025" in cases["Phan Văn Cảnh"].findings[0].message
    assert cases["Lê Văn Cũ"].findings == []
    page = client_as("secretary").get(f"/khen-thuong/huy-hieu/?to_chuc={tree.a.pk}&dip=02/09/2025").content.decode()
    assert page.count("discipline-finding") == 1
    d = warned.disciplines.get()
    annul_discipline(None, d, on=date(2025, 6, 1), reason="Hủy khi giải quyết khiếu nại")
    cases = {c.member.full_name: c for c in badge_list(Member.objects.all(), occasion)}
    assert cases["Phan Văn Cảnh"].findings == []


def test_a_seriously_ill_member_may_receive_a_70_year_badge_up_to_24_months_early(tree, make_member):
    from dangbo.members.actions import award_badge

    on = date(2025, 9, 2)
    ill = make_member(tree.a, "Trần Văn Bảy Mươi", decision_date=add_months(on, -12 * 70 + 20),
                      birth_date=date(1935, 1, 1))
    award_badge(None, ill, 70, awarded_on=on)  # 20 months short: allowed for 70–90 (HD 01-HD/TW 2021, 18.1)
    short = make_member(tree.a, "Trần Văn Ba Mươi", decision_date=add_months(on, -12 * 30 + 20),
                        birth_date=date(1960, 1, 1))
    with pytest.raises(ValidationError):  # 20 months short of 30 years: beyond the 12 allowed
        award_badge(None, short, 30, awarded_on=on)


def test_posted_forms_answer_with_a_message_and_go_back_to_their_list(tree, members, client_as):
    """The list's small forms (core.generic.PostedFormView): an invalid form, a refusal by the action and a
    success each come back to the list with one message; outside the write scope they are refused."""
    c = client_as("office")
    url = f"/khen-thuong/de-nghi/{tree.root.pk}/?nam=2020"
    back = f"/khen-thuong/?to_chuc={tree.root.pk}&nam=2020"
    resp = c.post(url, {"form": "giay_khen"}, follow=True)
    assert resp.redirect_chain[-1][0] == back
    assert "Thiếu hình thức hoặc thành tích khen thưởng." in resp.content.decode()
    resp = c.post(url, {"form": "giay_khen", "basis": "excellent_year", "member": members.men.pk}, follow=True)
    assert "Đã ghi đề nghị Giấy khen cho Nguyễn Văn Mến." in resp.content.decode()
    com = Commendation.objects.get()
    decide = f"/khen-thuong/{com.pk}/quyet-dinh/"
    resp = c.post(decide, {"decision_number": "9-QĐ/ĐUK", "decision_date": "31/02/2021"}, follow=True)
    assert resp.redirect_chain[-1][0] == back
    assert "Nhập số và ngày quyết định (ngày/tháng/năm)." in resp.content.decode()
    assert client_as("reader").post(decide, {"decision_number": "1", "decision_date": "05/01/2021",
                                             "phien_ban": com.version}).status_code == 403
    assert client_as("secretary_b").post(decide, {"decision_number": "1", "decision_date": "05/01/2021",
                                                  "phien_ban": com.version}).status_code == 404
    assert client_as("reader").post(url, {"form": "giay_khen", "basis": "excellent_year"}).status_code == 403
    assert c.get(decide).status_code == 405
    com.refresh_from_db()
    assert com.decision_number in ("", None)
    resp = c.post("/khen-thuong/huy-hieu/trao/", {"member": members.men.pk}, follow=True)
    assert resp.redirect_chain[-1][0] == "/khen-thuong/huy-hieu/"
    assert "Nhập ngày trao (ngày/tháng/năm)." in resp.content.decode()


def test_refusals_in_the_readers_language(tree, members):
    """A refusal is formatted when shown: English on an English page although the action runs in Vietnamese,
    and the Vietnamese text unchanged."""
    from django.utils import translation

    with pytest.raises(ValidationError) as e:
        actions.propose(None, organization=tree.a, year=2020, form="giay_khen", basis="excellent_year",
                        member=members.dung)
    with translation.override("vi"):
        assert e.value.message_dict["member"] == [f"Đảng viên {members.dung.full_name} không thuộc {tree.a.name}."]
    with translation.override("en"):
        assert e.value.message_dict["member"] == [f"{members.dung.full_name} is not a member of {tree.a.name}."]
        with pytest.raises(ValidationError) as e:
            actions.propose(None, organization=tree.root, year=2020, form="x", basis="excellent_year",
                            member=members.dung)
        assert e.value.messages == ["Choose the form of commendation (certificate or diploma of merit)."]
