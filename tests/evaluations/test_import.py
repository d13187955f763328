"""History import: preview, all-or-nothing commit, bad rows named, old quota exceedance accepted."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from dangbo.core.models import AuditEvent
from dangbo.core.scopes import ScopeDenied
from dangbo.evaluations import actions, importer, queries
from dangbo.evaluations.models import MemberRating, RatingStatus
from tests.files import xlsx_bytes

pytestmark = pytest.mark.django_db

HEAD = ["Họ và tên", "Số thẻ đảng viên", "Năm", "Mức xếp loại", "Số quyết định", "Ngày quyết định"]


def xlsx(rows, head=HEAD) -> bytes:
    return xlsx_bytes(rows, head)


def good_rows(members):
    return [
        [members.men.full_name, members.men.card_number, 2020, "Hoàn thành xuất sắc nhiệm vụ", "12-QĐ/ĐU",
         "28/12/2020"],
        [members.lan.full_name, members.lan.card_number, 2020, "HTXSNV", "12-QĐ/ĐU", "28/12/2020"],
        [members.dung.full_name, members.dung.card_number, 2020, "httnv", "12-QĐ/ĐU", "28/12/2020"],
        [members.men.full_name, members.men.card_number, 2021, "Hoàn thành tốt nhiệm vụ", "", ""],
    ]


def test_preview_then_commit_with_findings_of_the_year(users, tree, members):
    data = xlsx(good_rows(members))
    p = importer.preview(tree.root, data, "lich-su.xlsx")
    assert p.errors == [] and len(p.rows) == 4 and p.years == [2020, 2021]
    # 2020 (QĐ 132/HD 21): 2 excellent against 1 good exceeds 20% — a finding, not an error.
    assert [(f["year"], f["code"]) for f in p.findings] == [(2020, "excellent_quota_exceeded")]
    assert not MemberRating.objects.exists()
    importer.commit(users.office, tree.root, data, "lich-su.xlsx")
    assert MemberRating.objects.filter(status=RatingStatus.DECIDED, imported=True).count() == 4
    s = queries.results_summary(tree.root, 2020)
    assert s["members"]["excellent"] == 2 and s["members"]["good"] == 1
    r = MemberRating.objects.get(member=members.men, year=2020)
    assert r.findings[0]["code"] == "excellent_quota_exceeded" and r.decision_date == date(2020, 12, 28)
    assert AuditEvent.objects.filter(action="rating.import_history").count() == 1


def test_bad_rows_are_named_and_nothing_is_written(users, tree, members):
    rows = good_rows(members) + [
        ["Không Có Ai", "99999999", 2020, "HTTNV", "", ""],
        [members.hoa.full_name, members.hoa.card_number, 2020, "Xuất sắc lắm", "", ""],
        [members.hoa.full_name, members.hoa.card_number, 2015, "HTTNV", "", ""],
        [members.men.full_name, members.men.card_number, 2020, "HTTNV", "", ""],
    ]
    data = xlsx(rows)
    p = importer.preview(tree.root, data, "x.xlsx")
    assert len(p.errors) == 4
    assert p.errors[0].startswith("Dòng 6, cột «Số thẻ đảng viên»: không tìm thấy đảng viên")
    assert p.errors[1].startswith("Dòng 7, cột «Mức xếp loại»")
    assert p.errors[2].startswith("Dòng 8, cột «Năm»: năm 2015")
    assert "đã có ở dòng 2" in p.errors[3]
    with pytest.raises(ValidationError):
        importer.commit(users.office, tree.root, data, "x.xlsx")
    assert not MemberRating.objects.exists()


def test_members_outside_the_subtree_are_not_found(users, tree, members):
    p = importer.preview(tree.a, xlsx([[members.dung.full_name, members.dung.card_number, 2020, "HTTNV", "", ""]]))
    assert len(p.errors) == 1 and "không tìm thấy" in p.errors[0]
    with pytest.raises(ScopeDenied):
        importer.commit(users.secretary, tree.root, xlsx(good_rows(members)), "x.xlsx")


def test_live_decided_year_is_not_overwritten(users, tree, members):
    review = actions.open_review(None, tree.root, year=2025, review_date=date(2025, 12, 15))
    r = MemberRating.objects.get(review=review, member=members.men)
    actions.propose(None, r, level=3, self_level=3)
    actions.decide_members(None, review, decision_number="1", decision_date=date(2025, 12, 20))
    p = importer.preview(tree.root, xlsx([[members.men.full_name, members.men.card_number, 2025, "HTXSNV", "", ""]]))
    assert len(p.errors) == 1 and "không nhập đè" in p.errors[0]


def test_missing_columns(tree, members):
    p = importer.preview(tree.root, xlsx([["a", "1", 2020]], head=["Họ và tên", "Số thẻ đảng viên", "Năm"]))
    assert "Thiếu cột «Mức xếp loại»." in p.errors


def test_import_page_preview_and_commit(as_office, tree, members):
    from django.core.files.uploadedfile import SimpleUploadedFile

    f = SimpleUploadedFile("lich-su.xlsx", xlsx(good_rows(members)))
    page = as_office.post(f"/danh-gia/nhap-lich-su/{tree.root.pk}/", {"file": f}).content.decode()
    assert 'id="import-preview"' in page and "4 dòng hợp lệ" in page
    resp = as_office.post(f"/danh-gia/nhap-lich-su/{tree.root.pk}/", {"action": "commit"})
    assert resp.status_code == 302 and MemberRating.objects.count() == 4
