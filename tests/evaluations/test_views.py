"""The pages: a secretary proposes, the office decides (quota held, then overridden), results show it."""

from datetime import date

import pytest
from openpyxl import load_workbook

from dangbo.evaluations import actions
from dangbo.evaluations.models import MemberRating, RatingStatus, Review

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(users, tree, members):
    return actions.open_review(None, tree.root, year=2026, review_date=date(2026, 12, 15))


def test_open_review_page(as_office, tree, members, users):
    resp = as_office.post("/danh-gia/", {"organization": tree.root.pk, "year": 2026, "period": "year",
                                         "review_date": "15/12/2026"})
    assert resp.status_code == 302
    rv = Review.objects.get()
    assert MemberRating.objects.filter(review=rv).count() == 4


def test_secretary_proposes_office_decides_with_override(as_secretary, as_secretary_b, as_office, review, members):
    for m, lv, client in ((members.men, 4, as_secretary), (members.lan, 3, as_secretary),
                          (members.dung, 3, as_secretary_b), (members.hoa, 3, as_secretary_b)):
        r = MemberRating.objects.get(review=review, member=m)
        assert client.post(f"/danh-gia/xep-loai/{r.pk}/de-xuat/", {"proposed_level": lv, "self_level": lv}
                           ).status_code == 302
    # without the member's self-assessment the proposal carries the blocking "not self-reviewed" finding
    r_lan = MemberRating.objects.get(review=review, member=members.lan)
    assert r_lan.self_level == 3 and r_lan.status == RatingStatus.PROPOSED
    # A's secretary cannot propose for B's member
    r_b = MemberRating.objects.get(review=review, member=members.dung)
    assert as_secretary.post(f"/danh-gia/xep-loai/{r_b.pk}/de-xuat/", {"proposed_level": 1}).status_code == 404
    page = as_office.get(f"/danh-gia/dot/{review.pk}/").content.decode()
    assert 'id="quota-findings"' in page and "vượt quá 20%" in page
    resp = as_office.post(f"/danh-gia/dot/{review.pk}/quyet-dinh/", {
        "kind": "members", "decision_number": "5-QĐ/ĐU", "decision_date": "20/12/2026"}, follow=True)
    assert "Còn cảnh báo chặn quyết định" in resp.content.decode()
    assert not MemberRating.objects.filter(status=RatingStatus.DECIDED).exists()
    form = {"kind": "members", "decision_number": "5-QĐ/ĐU", "decision_date": "20/12/2026",
            "override_reason": "Đồng chí Mến có thành tích đột xuất"}
    confirm = as_office.post(f"/danh-gia/dot/{review.pk}/quyet-dinh/", form).content.decode()
    assert "Quyết định xếp loại <strong>4 đảng viên</strong>" in confirm  # a confirmation first
    assert not MemberRating.objects.filter(status=RatingStatus.DECIDED).exists()
    ids = confirm.split('name="ids" value="')[1].split('"')[0]
    as_office.post(f"/danh-gia/dot/{review.pk}/quyet-dinh/", {**form, "confirmed": "1", "ids": ids})
    assert MemberRating.objects.filter(status=RatingStatus.DECIDED).count() == 4
    page = as_office.get(f"/danh-gia/ket-qua/?to_chuc={review.organization_id}&nam=2026").content.decode()
    assert 'data-level="excellent"' in page and "Hoàn thành xuất sắc nhiệm vụ" in page
    data = as_office.get(f"/danh-gia/ket-qua.json?to_chuc={review.organization_id}&nam=2026").json()
    assert data["members"]["counts"]["excellent"] == 1 and data["members"]["counts"]["good"] == 3
    xlsx = as_office.get(f"/danh-gia/ket-qua.xlsx?to_chuc={review.organization_id}&nam=2026")
    import io

    ws = load_workbook(io.BytesIO(xlsx.content)).active
    assert ws["A6"].value == "Hoàn thành xuất sắc nhiệm vụ" and ws["B6"].value == 1


def test_member_sees_own_result_only(as_member, review, members):
    own = MemberRating.objects.get(review=review, member=members.lan)
    other = MemberRating.objects.get(review=review, member=members.men)
    assert as_member.get(f"/danh-gia/xep-loai/{own.pk}/").status_code == 200
    assert as_member.get(f"/danh-gia/xep-loai/{other.pk}/").status_code == 404
    resp = as_member.post(f"/danh-gia/xep-loai/{own.pk}/", {"step": "self", "self_level": 3, "self_points": 80})
    assert resp.status_code == 302
    own.refresh_from_db()
    assert own.self_level == 3 and own.self_points == 80
    # a member cannot propose for themself
    as_member.post(f"/danh-gia/xep-loai/{own.pk}/", {"step": "propose", "proposed_level": 4})
    own.refresh_from_db()
    assert own.proposed_level is None


def test_regime_page(as_reader):
    page = as_reader.get("/danh-gia/che-do/?nam=2018").content.decode()
    assert "Hướng dẫn 16-HD/BTCTW" in page and "Chưa có văn bản xác nhận" in page
    page = as_reader.get("/danh-gia/che-do/?nam=2026").content.decode()
    assert "Quy định 366-QĐ/TW" in page and "25%" in page
    assert "chưa hỗ trợ" in as_reader.get("/danh-gia/che-do/?nam=2010").content.decode()


def test_published_totals_page(as_office, tree):
    resp = as_office.post(f"/danh-gia/cong-bo/{tree.root.pk}/", {
        "published_year": 2020, "source_document": "Báo cáo 12-BC/ĐU", "members_excellent": 15,
        "members_good": 49, "members_completed": 1, "members_not_completed": 0, "members_not_rated": 0,
        "orgs_excellent": 1, "orgs_good": 4, "orgs_completed": 0, "orgs_not_completed": 0})
    assert resp.status_code == 302
    page = as_office.get(resp["Location"]).content.decode()
    assert 'id="published-note"' in page and ">15<" in page


def test_commitment_page(as_secretary, as_office, members, tree):
    resp = as_secretary.post(f"/danh-gia/cam-ket/{members.men.pk}/", {
        "commitment_year": 2026, "content": "Cam kết", "signed_on": "10/01/2026"})
    assert resp.status_code == 302
    page = as_office.get(f"/danh-gia/cam-ket/?to_chuc={tree.root.pk}&nam=2026").content.decode()
    signed = page.split('id="signed"')[1]
    assert "Nguyễn Văn Mến" in signed and "Trần Thị Lan" in page.split('id="missing"')[1].split('id="signed"')[0]


def test_commitment_page_reads_for_readers_writes_for_writers(as_secretary_b, as_reader, members):
    """core.generic.ActionFormView: a reader sees the form page, a POST outside the write scope is a 403, a
    member of another chi bộ is a 404, and an invalid form keeps what was typed."""
    url = f"/danh-gia/cam-ket/{members.men.pk}/"
    assert as_reader.get(url).status_code == 200
    assert as_reader.post(url, {"commitment_year": 2026, "content": "x", "signed_on": "10/01/2026"}).status_code \
        == 403
    assert as_secretary_b.get(url).status_code == 404
    assert not members.men.commitments.exists()


def test_published_totals_refused_outside_the_write_scope_and_kept_when_invalid(as_reader, as_office, tree):
    url = f"/danh-gia/cong-bo/{tree.root.pk}/"
    assert as_reader.get(url).status_code == 403
    resp = as_office.post(url, {"published_year": 2020, "source_document": "Báo cáo 12-BC/ĐU"})
    assert resp.status_code == 200 and "Báo cáo 12-BC/ĐU" in resp.content.decode()


def test_quick_proposal_without_self_assessment_is_held(as_secretary, tree, members):
    """HD 21 (2019–2022): a member must have done kiểm điểm before being rated."""
    review = actions.open_review(None, tree.root, year=2022, review_date=date(2022, 12, 15))
    r = MemberRating.objects.get(review=review, member=members.men)
    as_secretary.post(f"/danh-gia/xep-loai/{r.pk}/de-xuat/", {"proposed_level": 3})
    r.refresh_from_db()
    assert r.self_level is None and "not_self_reviewed" in [f["code"] for f in r.findings if f["blocking"]]


def test_member_home_lists_the_self_assessment_and_commitment_to_do(as_member, review, members):
    from django.utils import timezone

    from dangbo.evaluations.models import Commitment

    page = as_member.get("/").content.decode()
    r = MemberRating.objects.get(review=review, member=members.lan)
    assert f"/danh-gia/xep-loai/{r.pk}/" in page and "Chưa tự đánh giá, xếp loại" in page
    assert "Bản cam kết tu dưỡng, rèn luyện, phấn đấu năm" in page and "Chưa ghi" in page
    actions.self_assess(None, r, level=3, points=None, comment="")
    today = timezone.localdate()
    Commitment.objects.create(member=members.lan, year=today.year, org_path=members.lan.org_path,
                              content="Cam kết", signed_on=today)
    page = as_member.get("/").content.decode()
    assert "Đã tự xếp loại: Hoàn thành tốt nhiệm vụ" in page and "Chưa ghi" not in page
    # Another member's review row never shows on this member's page.
    other = MemberRating.objects.get(review=review, member=members.men)
    assert f"/danh-gia/xep-loai/{other.pk}/" not in page


def test_review_members_page_with_the_pager_in_vietnamese_order(as_office, review, members, monkeypatch):
    """The review's members page with the keyset pager (ordered by chi bộ, then the member's Vietnamese sort
    key: a related field in the cursor); every member appears once across the pages."""
    from dangbo.evaluations import views

    monkeypatch.setattr(views, "PAGE_ROWS", 3)
    first = as_office.get(f"/danh-gia/dot/{review.pk}/")
    assert len(first.context["rows"]) == 3 and first.context["next_query"] and first.context["total"] == 4
    second = as_office.get(f"/danh-gia/dot/{review.pk}/?" + first.context["next_query"])
    rows = list(first.context["rows"]) + list(second.context["rows"])
    expected = list(MemberRating.objects.filter(review=review).order_by("org_path", "member__sort_key", "member_id"))
    assert rows == expected and "Trang đầu" in second.content.decode()


def test_open_review_without_an_organisation_keeps_the_form(as_office, tree, members, users):
    resp = as_office.post("/danh-gia/", {"organization": "999999", "year": 2026, "period": "year",
                                         "review_date": "15/12/2026"})
    assert resp.status_code == 200 and "Chọn tổ chức đảng mở đợt kiểm điểm." in resp.content.decode()
    assert resp.context["form"]["review_date"].value() == "15/12/2026" and not Review.objects.exists()


def test_a_step_the_user_may_not_post_is_refused(as_member, review, members):
    own = MemberRating.objects.get(review=review, member=members.lan)
    assert as_member.post(f"/danh-gia/xep-loai/{own.pk}/", {"step": "propose", "proposed_level": 4}).status_code == 403
    assert as_member.post(f"/danh-gia/xep-loai/{own.pk}/", {"step": "khac"}).status_code == 403
