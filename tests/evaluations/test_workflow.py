"""Defect 6 of issue 10: the rating workflow keeps its context and confirms before deciding."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from dangbo.core.models import AuditEvent
from dangbo.evaluations import actions
from dangbo.evaluations.models import MemberRating, RatingStatus
from dangbo.organizations.models import OrgKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(users, tree, members):
    return actions.open_review(None, tree.root, year=2026, review_date=date(2026, 12, 15))


def rating(review, member):
    return MemberRating.objects.get(review=review, member=member)


def test_chi_bo_filter_survives_a_proposal(as_secretary, review, tree, members):
    r = rating(review, members.men)
    resp = as_secretary.post(f"/danh-gia/xep-loai/{r.pk}/de-xuat/",
                             {"proposed_level": 3, "self_level": 3, "points": 80, "to_chuc": tree.a.pk})
    assert resp.status_code == 302 and resp["Location"] == f"/danh-gia/dot/{review.pk}/?to_chuc={tree.a.pk}#r{r.pk}"
    page = as_secretary.get(f"/danh-gia/dot/{review.pk}/?to_chuc={tree.a.pk}").content.decode()
    assert f'<input type="hidden" name="to_chuc" value="{tree.a.pk}">' in page  # every row's form carries it


def test_quick_form_takes_the_100_point_score_from_2025(as_secretary, review, tree, members):
    r = rating(review, members.men)
    as_secretary.post(f"/danh-gia/xep-loai/{r.pk}/de-xuat/", {"proposed_level": 3, "self_level": 3, "points": 85})
    r.refresh_from_db()
    assert r.self_points == 85 and r.status == RatingStatus.PROPOSED
    assert "score_missing" not in [f["code"] for f in r.findings]
    page = as_secretary.get(f"/danh-gia/dot/{review.pk}/").content.decode()
    assert 'name="points"' in page
    # the band caps the level: 60 points is at most "Hoàn thành nhiệm vụ"
    r2 = rating(review, members.lan)
    as_secretary.post(f"/danh-gia/xep-loai/{r2.pk}/de-xuat/", {"proposed_level": 3, "self_level": 3, "points": 60})
    r2.refresh_from_db()
    assert "score_band" in [f["code"] for f in r2.findings if f["blocking"]]


def test_score_refused_before_2025(as_secretary, tree, members, users):
    old = actions.open_review(None, tree.root, year=2022, review_date=date(2022, 12, 15))
    r = rating(old, members.men)
    resp = as_secretary.post(f"/danh-gia/xep-loai/{r.pk}/de-xuat/", {"proposed_level": 3, "self_level": 3,
                                                                      "points": 85}, follow=True)
    assert "chưa chấm điểm theo thang 100 điểm" in resp.content.decode()
    r.refresh_from_db()
    assert r.proposed_level is None and r.self_points is None
    assert 'name="points"' not in as_secretary.get(f"/danh-gia/dot/{old.pk}/").content.decode()


def propose_everyone(users, review, members):
    for m, who in ((members.men, users.secretary), (members.lan, users.secretary),
                   (members.dung, users.secretary_b), (members.hoa, users.secretary_b)):
        actions.propose(who, rating(review, m), level=3, self_level=3, points=80)


def test_decision_per_chi_bo_after_a_confirmation_naming_count_and_whose(as_office, users, review, tree, members):
    propose_everyone(users, review, members)
    page = as_office.get(f"/danh-gia/dot/{review.pk}/").content.decode()
    assert "Chi bộ Văn phòng (2 đề xuất)" in page and "Tất cả các chi bộ (4 đề xuất)" in page
    form = {"kind": "members", "to_chuc": tree.a.pk, "decision_number": "7-QĐ/ĐU", "decision_date": "20/12/2026"}
    resp = as_office.post(f"/danh-gia/dot/{review.pk}/quyet-dinh/", form)
    confirm = resp.content.decode()
    assert resp.status_code == 200 and 'id="decide-confirm"' in confirm
    assert "Quyết định xếp loại <strong>2 đảng viên</strong> của <strong>Chi bộ Văn phòng</strong>" in confirm
    assert "Nguyễn Văn Mến" in confirm and "Đặng Văn Dũng" not in confirm
    assert not MemberRating.objects.filter(status=RatingStatus.DECIDED).exists()  # nothing before confirming
    ids = confirm.split('name="ids" value="')[1].split('"')[0]
    # a proposal that changed after the confirmation page: refused, nothing decided
    actions.withdraw_proposal(users.secretary, rating(review, members.lan))
    resp = as_office.post(f"/danh-gia/dot/{review.pk}/quyet-dinh/", {**form, "confirmed": "1", "ids": ids},
                          follow=True)
    assert "Danh sách đề xuất đã thay đổi sau khi bạn xác nhận" in resp.content.decode()
    assert not MemberRating.objects.filter(status=RatingStatus.DECIDED).exists()
    actions.propose(users.secretary, rating(review, members.lan), level=3, points=80)
    resp = as_office.post(f"/danh-gia/dot/{review.pk}/quyet-dinh/", {**form, "confirmed": "1", "ids": ids})
    assert resp["Location"] == f"/danh-gia/dot/{review.pk}/?to_chuc={tree.a.pk}"
    decided = set(MemberRating.objects.filter(status=RatingStatus.DECIDED).values_list("member_id", flat=True))
    assert decided == {members.men.pk, members.lan.pk}  # B's proposals wait for their own decision
    assert rating(review, members.dung).status == RatingStatus.PROPOSED
    ev = AuditEvent.objects.get(action="rating.decide_members")
    assert "Chi bộ Văn phòng: 2" in ev.summary and ev.data["part"] == tree.a.pk


def test_decide_outside_the_review_refused(users, review, make_org, members):
    other = make_org("Đảng bộ Ngoài", OrgKind.GRASSROOTS_COMMITTEE)
    propose_everyone(users, review, members)
    with pytest.raises(ValidationError):
        actions.decide_members(users.office, review, decision_number="1", decision_date=date(2026, 12, 20),
                               part=other)


def test_withdraw_a_proposal_before_the_decision(as_secretary, as_secretary_b, as_office, users, review, members):
    r = rating(review, members.men)
    actions.self_assess(None, r, level=3)
    actions.propose(users.secretary, rating(review, members.men), level=4, points=95)
    r.refresh_from_db()
    assert 'id="withdraw"' in as_secretary.get(f"/danh-gia/xep-loai/{r.pk}/").content.decode()
    assert as_secretary_b.post(f"/danh-gia/xep-loai/{r.pk}/rut-de-xuat/").status_code == 404  # not B's member
    resp = as_secretary.post(f"/danh-gia/xep-loai/{r.pk}/rut-de-xuat/", {"version": r.version})
    assert resp.status_code == 302
    r.refresh_from_db()
    assert r.status == RatingStatus.SELF and r.proposed_level is None and r.findings == []
    ev = AuditEvent.objects.get(action="rating.withdraw")
    assert ev.data["old"]["level"] == "excellent"
    with pytest.raises(ValidationError, match="chưa đề xuất"):
        actions.withdraw_proposal(users.secretary, r)
    actions.propose(users.secretary, r, level=3, points=80)
    actions.decide_members(users.office, review, decision_number="1", decision_date=date(2026, 12, 20))
    r.refresh_from_db()
    with pytest.raises(ValidationError, match="đã được quyết định"):
        actions.withdraw_proposal(users.secretary, r)


def test_whole_chi_bo_on_one_screen_all_or_nothing(as_secretary, review, tree, members):
    url = f"/danh-gia/dot/{review.pk}/de-xuat/?to_chuc={tree.a.pk}"
    page = as_secretary.get(url).content.decode()
    assert "Trần Thị Lan" in page and "Nguyễn Văn Mến" in page and "Đặng Văn Dũng" not in page
    lan, men = rating(review, members.lan), rating(review, members.men)
    empty = as_secretary.post(url, {"to_chuc": tree.a.pk})
    assert empty.status_code == 200 and "Chưa chọn mức đề xuất cho đảng viên nào." in empty.content.decode()
    bad = {"to_chuc": tree.a.pk, f"level_{lan.pk}": "3", f"self_{lan.pk}": "3", f"points_{lan.pk}": "82",
           f"level_{men.pk}": "4", f"self_{men.pk}": "4", f"points_{men.pk}": "150"}
    resp = as_secretary.post(url, bad)
    text = resp.content.decode()
    assert resp.status_code == 200 and 'id="bulk-errors"' in text
    assert "Dòng 2 (Nguyễn Văn Mến): Điểm phải từ 0 đến 100." in text
    assert 'value="82"' in text  # what was typed stays on the screen
    assert not MemberRating.objects.filter(review=review, status=RatingStatus.PROPOSED).exists()
    resp = as_secretary.post(url, {**bad, f"points_{men.pk}": "95"})
    assert resp.status_code == 302 and resp["Location"] == f"/danh-gia/dot/{review.pk}/?to_chuc={tree.a.pk}"
    lan.refresh_from_db()
    men.refresh_from_db()
    assert (lan.proposed_level, lan.self_points, men.proposed_level, men.self_points) == (3, 82, 4, 95)
    assert "score_missing" not in [f["code"] for f in lan.findings]
    events = AuditEvent.objects.filter(action="rating.propose_many")
    assert events.count() == 1 and set(events[0].data["ratings"]) == {str(members.lan.pk),
                                                                      str(members.men.pk)}


def test_whole_chi_bo_screen_refuses_other_chi_bo_rows(users, review, members):
    dung = rating(review, members.dung)
    with pytest.raises(ValidationError) as exc:
        actions.propose_many(users.secretary, review, [{"rating": dung.pk, "level": "3"}])
    assert "Dòng 1 (Đặng Văn Dũng)" in str(exc.value)
    dung.refresh_from_db()
    assert dung.proposed_level is None
