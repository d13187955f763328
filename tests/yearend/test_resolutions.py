"""Resolutions and targets: computed from the register as of the review date, kept on the review, recomputed."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dangbo.resolutions import actions
from dangbo.resolutions.models import Review, Target
from dangbo.rules import targets as tr

from .recompute import admissions

pytestmark = pytest.mark.django_db


@pytest.fixture
def resolution(register):
    r = actions.create_resolution(None, organization=register.tree.root, kind="congress",
                                  title="Nghị quyết Đại hội lần thứ X", adopted_on=date(2019, 12, 20),
                                  period_start=date(2020, 1, 1), period_end=date(2024, 12, 31), number="01-NQ/ĐH")
    actions.add_target(None, r, kind="admissions", label="Kết nạp đảng viên mới mỗi năm", comparison=tr.FROM_UP,
                       value=3, period="year")
    actions.add_target(None, r, kind="admissions", label="Kết nạp trong nhiệm kỳ", comparison=tr.FROM_UP,
                       value=10, period="term")
    actions.add_target(None, r, kind="members_level", label="Đảng viên hoàn thành tốt nhiệm vụ trở lên",
                       comparison=tr.GTE, value=90, level="good")
    actions.add_target(None, r, kind="manual", label="Lớp bồi dưỡng", comparison=tr.GTE, value=2)
    return r


def test_year_end_review_computes_from_the_register(register, resolution):
    manual = resolution.targets.get(kind="manual")
    review = actions.run_review(None, resolution, kind="year_end", review_date=date(2020, 12, 31),
                                manual={manual.pk: "3"})
    by_label = {x["label"]: x for x in review.results}
    yearly = by_label["Kết nạp đảng viên mới mỗi năm"]
    expected = admissions(register.tree.root.path, date(2020, 1, 1), date(2020, 12, 31))
    assert expected == 3
    assert yearly["actual"] == str(expected) and yearly["verdict"] == tr.MET
    assert "/nghi-quyet/ket-nap/" in yearly["url"]
    term = by_label["Kết nạp trong nhiệm kỳ"]
    assert term["actual"] == "3" and term["verdict"] == tr.IN_PROGRESS  # the term is not over
    rating = by_label["Đảng viên hoàn thành tốt nhiệm vụ trở lên"]
    assert rating["actual"] is None and rating["verdict"] == tr.MISSING and "chưa có dữ liệu" in rating["missing"]
    assert by_label["Lớp bồi dưỡng"]["actual"] == "3" and by_label["Lớp bồi dưỡng"]["verdict"] == tr.EXCEEDED


def test_mid_year_review_counts_up_to_its_date(register, resolution):
    review = actions.run_review(None, resolution, kind="mid_year", review_date=date(2020, 6, 30))
    yearly = next(x for x in review.results if x["label"] == "Kết nạp đảng viên mới mỗi năm")
    assert yearly["actual"] == "1" and yearly["verdict"] == tr.NOT_MET


def test_the_review_keeps_what_it_reported_until_recomputed(register, resolution, make_member):
    review = actions.run_review(None, resolution, kind="year_end", review_date=date(2020, 12, 31))
    make_member(register.tree.b, "Lý Văn Muộn", official=False, decision_date=date(2020, 12, 1))  # entered late
    review.refresh_from_db()
    assert next(x for x in review.results if x["label"].endswith("mỗi năm"))["actual"] == "3"
    actions.run_review(None, resolution, kind=review.kind, review_date=review.review_date, review=review)
    review.refresh_from_db()
    assert next(x for x in review.results if x["label"].endswith("mỗi năm"))["actual"] == "4"
    assert Review.objects.count() == 1


def test_validation_and_scope(register, resolution, users):
    with pytest.raises(ValidationError) as e:
        actions.add_target(None, resolution, kind="members_level", label="x", value=90)
    assert "mức xếp loại" in e.value.message_dict["level"][0]
    with pytest.raises(ValidationError):
        actions.add_target(None, resolution, kind="commitment", label="x", value=120)
    with pytest.raises(ValidationError):
        actions.add_target(None, resolution, kind="manual", label="x", value="nhiều")
    with pytest.raises(PermissionDenied):
        actions.run_review(users.secretary_b, resolution, kind="year_end", review_date=date(2020, 12, 31))
    with pytest.raises(PermissionDenied):
        actions.create_resolution(users.secretary, organization=register.tree.b, kind="yearly", title="x",
                                  adopted_on=date(2020, 1, 1), period_start=date(2020, 1, 1),
                                  period_end=date(2020, 12, 31))
    assert resolution.targets.get(label="Lớp bồi dưỡng").value == Decimal("2")


def test_screens_record_targets_and_run_a_review(register, client_as):
    c = client_as("office")
    org = register.tree.root
    resp = c.post("/nghi-quyet/them/", {"nq-organization": org.pk, "nq-kind": "yearly",
                                         "nq-title": "Nghị quyết năm 2020", "nq-adopted_on": "20/12/2019",
                                         "nq-period_start": "01/01/2020", "nq-period_end": "31/12/2020"})
    assert resp.status_code == 302
    url = resp["Location"]
    pk = int(url.strip("/").split("/")[-1])
    assert c.post(f"/nghi-quyet/{pk}/chi-tieu/", {"ct-kind": "admissions", "ct-label": "Kết nạp",
                                                  "ct-comparison": "from_up", "ct-value": "2",
                                                  "ct-period": "year"}).status_code == 302
    resp = c.post(f"/nghi-quyet/{pk}/danh-gia/", {"dg-kind": "year_end", "dg-review_date": "31/12/2020"})
    assert resp.status_code == 302
    page = c.get(resp["Location"]).content.decode()
    assert "Vượt" in page and "Kết nạp" in page
    listing = c.get(f"/nghi-quyet/ket-nap/?to_chuc={org.pk}&tu=01/01/2020&den=31/12/2020").content.decode()
    assert "Phạm Thị Ngọc Ánh" in listing and "Trương Thị Mỹ Duyên" in listing and "Võ Văn Tám" not in listing
    target = Target.objects.get(resolution_id=pk)
    assert client_as("secretary").post(f"/nghi-quyet/chi-tieu/{target.pk}/xoa/").status_code == 404
    assert c.post(f"/nghi-quyet/chi-tieu/{target.pk}/xoa/").status_code == 302
    assert not Target.objects.filter(pk=target.pk).exists()
    assert Review.objects.get(resolution_id=pk).results[0]["label"] == "Kết nạp"  # the review keeps its figures
    # A's secretary cannot open the admissions of the whole đảng bộ
    assert client_as("secretary").get(f"/nghi-quyet/ket-nap/?to_chuc={org.pk}&tu=01/01/2020&den=31/12/2020"
                                      ).status_code == 404


def test_a_resolution_is_corrected_with_its_history(register, resolution, client_as, users):
    from dangbo.core.actions import ConflictError
    from dangbo.core.models import AuditEvent

    resolution.refresh_from_db()
    v = resolution.version
    with pytest.raises(ValidationError) as e:
        actions.update_resolution(None, resolution, kind="congress", title=" ", adopted_on=resolution.adopted_on,
                                  period_start=resolution.period_start, period_end=resolution.period_end, version=v)
    assert "tên nghị quyết" in e.value.message_dict["title"][0]
    actions.update_resolution(None, resolution, kind="congress", title="Nghị quyết Đại hội lần thứ X (sửa)",
                              number="01-NQ/ĐU", adopted_on=resolution.adopted_on,
                              period_start=resolution.period_start, period_end=resolution.period_end, version=v)
    assert AuditEvent.objects.filter(action="resolution.update").count() == 1
    with pytest.raises(ConflictError):
        actions.update_resolution(None, resolution, kind="congress", title="Lần nữa", adopted_on=resolution.adopted_on,
                                  period_start=resolution.period_start, period_end=resolution.period_end, version=v)
    page = client_as("office").get(f"/nghi-quyet/{resolution.pk}/sua/").content.decode()
    assert "Nghị quyết Đại hội lần thứ X (sửa)" in page
    assert client_as("secretary").get(f"/nghi-quyet/{resolution.pk}/sua/").status_code in (403, 404)
