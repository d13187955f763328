"""Issue 12, «targets checked»: a range («từ 5 đến 7»), per-unit targets («mỗi chi bộ …») and a target that
contradicts a rule (the excellent quota): parsed, stored, checked and shown, each figure recomputed independently."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dangbo.core.models import AuditEvent
from dangbo.reports.render import actual_text, rule_note
from dangbo.resolutions import actions
from dangbo.rules import targets as tr
from dangbo.rules.rating_types import EXACTLY_GOOD, GOOD_OR_BETTER

from .recompute import admissions

pytestmark = pytest.mark.django_db
YEAR_END = date(2020, 12, 31)


@pytest.fixture
def resolution(register):
    return actions.create_resolution(None, organization=register.tree.root, kind="yearly",
                                     title="Nghị quyết năm 2020", adopted_on=date(2020, 1, 5),
                                     period_start=date(2020, 1, 1), period_end=date(2020, 12, 31))


def results(resolution) -> dict:
    review = actions.run_review(None, resolution, kind="year_end", review_date=YEAR_END)
    return {x["label"]: x for x in review.results}


# -- the rules ------------------------------------------------------------------------------------------------
def test_parse_the_words_of_a_resolution():
    assert tr.parse("từ 5 đến 7") == (tr.RANGE, Decimal(5), Decimal(7))
    assert tr.parse("5 - 7 đảng viên") == (tr.RANGE, Decimal(5), Decimal(7))
    assert tr.parse("từ 90% trở lên") == (tr.FROM_UP, Decimal(90), None)
    assert tr.parse("không quá 2") == (tr.LTE, Decimal(2), None)
    assert tr.parse(">= 3,5") == (tr.GTE, Decimal("3.5"), None)
    assert tr.parse("95", tr.EQ) == (tr.EQ, Decimal(95), None)
    with pytest.raises(tr.TargetTextError, match="số sau phải lớn hơn"):
        tr.parse("từ 7 đến 5")
    with pytest.raises(tr.TargetTextError, match="Không đọc được chỉ tiêu «nhiều»"):
        tr.parse("nhiều")


def test_range_verdicts():
    assert [tr.verdict(x, tr.RANGE, 5, 7) for x in (4, 5, 6, 7, 8)] == [
        tr.NOT_MET, tr.IN_RANGE, tr.IN_RANGE, tr.IN_RANGE, tr.ABOVE_RANGE]
    assert tr.describe(tr.RANGE, 5, "", 7) == "từ 5 đến 7" and tr.describe(tr.RANGE, 80, "%", 90) == "từ 80% đến 90%"


def test_the_excellent_quota_caps_a_share_target():
    # E ≤ 20%·G and E + G ≤ N: E/N ≤ 1/6 (20% of those rated exactly «hoàn thành tốt»); 20% of those rated
    # «hoàn thành tốt» or above: E/N ≤ 1/5. Checked by brute force over every split of 60 rated members.
    def highest(denominator):
        best = Fraction(0)
        for e in range(61):
            for g in range(61 - e):
                base = g if denominator == EXACTLY_GOOD else e + g
                if 5 * e <= base:  # the quota: at most 20% of the base
                    best = max(best, Fraction(e, 60))
        return best

    assert tr.highest_excellent_share(20, EXACTLY_GOOD) == highest(EXACTLY_GOOD) == Fraction(1, 6)
    assert tr.highest_excellent_share(20, GOOD_OR_BETTER) == highest(GOOD_OR_BETTER) == Fraction(1, 5)
    check = tr.rule_check("members", "excellent", tr.GTE, 20, None, 2020)
    assert check is not None and "16,67%" in check.message and check.source_key.endswith("quota_members")
    assert "20%" in check.source.clause
    assert tr.rule_check("members", "excellent", tr.GTE, 15, None, 2020) is None
    assert tr.rule_check("members", "excellent", tr.LTE, 20, None, 2020) is None  # «không quá 20%» is allowed
    assert tr.rule_check("members", "good", tr.GTE, 90, None, 2020) is None
    assert tr.rule_check("organizations", "excellent", tr.RANGE, 18, 25, 2020) is not None  # its lower bound
    assert tr.rule_check("members", "excellent", tr.GTE, 20, None, 2016) is None  # before 2018: not checked


# -- stored, computed and shown -------------------------------------------------------------------------------
def test_range_target_stored_from_words_and_checked(register, resolution):
    t = actions.add_target(None, resolution, kind="admissions", label="Kết nạp đảng viên", value="từ 2 đến 4")
    assert (t.comparison, t.value, t.value_max, t.target_text) == (tr.RANGE, 2, 4, "từ 2 đến 4")
    actions.add_target(None, resolution, kind="admissions", label="Kết nạp (khoảng cao)", value="5",
                       comparison=tr.RANGE, value_max="7")
    by = results(resolution)
    n = admissions(register.tree.root.path, date(2020, 1, 1), YEAR_END)
    assert n == 3
    assert by["Kết nạp đảng viên"]["actual"] == str(n) and by["Kết nạp đảng viên"]["verdict"] == tr.IN_RANGE
    assert by["Kết nạp (khoảng cao)"]["verdict"] == tr.NOT_MET and by["Kết nạp (khoảng cao)"]["value_max"] == "7.00"


def test_range_refusals_name_the_field(register, resolution):
    def refused(**kw):
        with pytest.raises(ValidationError) as e:
            actions.add_target(None, resolution, kind="admissions", label="Kết nạp", **kw)
        return e.value.message_dict

    assert "cận trên" in refused(value="5", comparison=tr.RANGE)["value_max"][0]
    assert "lớn hơn cận dưới" in refused(value="5", comparison=tr.RANGE, value_max="4")["value_max"][0]
    assert "số sau phải lớn hơn" in refused(value="từ 7 đến 5")["value"][0]
    with pytest.raises(ValidationError) as e:
        actions.add_target(None, resolution, kind="commitment", label="Cam kết", value="từ 90 đến 120")
    assert "100%" in e.value.message_dict["value"][0]
    with pytest.raises(ValidationError) as e:
        actions.add_target(None, resolution, kind="manual", label="Lớp", value="2", per_unit=True)
    assert "từng đơn vị" in e.value.message_dict["per_unit"][0]


def test_per_unit_target_each_unit_recomputed(register, resolution):
    tree = register.tree
    actions.add_target(None, resolution, kind="admissions", label="Mỗi chi bộ kết nạp từ 2 đảng viên", value="2",
                       comparison=tr.FROM_UP, per_unit=True)
    actions.add_target(None, resolution, kind="admissions", label="Mỗi chi bộ kết nạp 1 đến 2", value="1 - 2",
                       per_unit=True)
    by = results(resolution)
    expected = {u.name: admissions(u.path, date(2020, 1, 1), YEAR_END) for u in (tree.a, tree.b)}
    assert expected == {tree.a.name: 2, tree.b.name: 1}
    two = by["Mỗi chi bộ kết nạp từ 2 đảng viên"]
    assert {u["name"]: int(u["actual"]) for u in two["units"]} == expected
    assert {u["name"]: u["verdict"] for u in two["units"]} == {tree.a.name: tr.MET, tree.b.name: tr.NOT_MET}
    assert two["verdict"] == tr.NOT_MET and actual_text(two) == f"1/2 đơn vị đạt (chưa đạt: {tree.b.name})"
    assert two["target_text"] == "từ 2 trở lên ở mỗi đơn vị trực thuộc"
    rng = by["Mỗi chi bộ kết nạp 1 đến 2"]
    assert rng["verdict"] == tr.MET and actual_text(rng) == "2/2 đơn vị đạt"
    assert {u["verdict"] for u in rng["units"]} == {tr.IN_RANGE}


def test_contradicting_target_kept_marked_with_its_source(register, resolution, client_as):
    t = actions.add_target(None, resolution, kind="members_level", level="excellent",
                           label="Đảng viên hoàn thành xuất sắc nhiệm vụ", value="20")
    assert t.contradiction is not None
    ev = AuditEvent.objects.filter(action="resolution.target").latest("id")
    assert "(trái quy định)" in ev.summary and "16,67%" in ev.data["contradicts"]
    x = results(resolution)["Đảng viên hoàn thành xuất sắc nhiệm vụ"]
    assert x["verdict"] == tr.CONTRADICTS and x["measured_verdict"] == tr.MISSING
    assert x["rule"]["source"] == t.contradiction.source.document and "16,67%" in x["rule"]["message"]
    assert rule_note(x).startswith(" Chỉ tiêu 20% đảng viên 'Hoàn thành xuất sắc nhiệm vụ' trái hạn mức năm 2020")
    c = client_as("office")
    html = c.get(reverse("resolutions:detail", args=[resolution.pk])).content.decode()
    assert "Trái quy định" in html and "16,67%" in html
    review = resolution.reviews.latest("id")
    html = c.get(reverse("resolutions:review", args=[review.pk])).content.decode()
    assert "Trái quy định" in html and t.contradiction.source.document in html


def test_the_form_takes_the_words(register, resolution, client_as):
    c = client_as("office")
    r = c.post(reverse("resolutions:target_add", args=[resolution.pk]),
               {"ct-kind": "admissions", "ct-label": "Kết nạp", "ct-comparison": tr.GTE, "ct-value": "từ 5 đến 7",
                "ct-value_max": "", "ct-period": "year", "ct-per_unit": "on"})
    assert r.status_code == 302
    t = resolution.targets.get()
    assert (t.comparison, t.value, t.value_max, t.per_unit) == (tr.RANGE, 5, 7, True)
    r = c.post(reverse("resolutions:target_add", args=[resolution.pk]),
               {"ct-kind": "admissions", "ct-label": "Kết nạp", "ct-comparison": tr.GTE, "ct-value": "vài",
                "ct-period": "year"})
    assert r.status_code == 400 and "Không đọc được chỉ tiêu «vài»" in r.content.decode()


def test_next_years_targets_in_running_text_keep_their_range_and_unit():
    """The news («Năm 2026, … phấn đấu: kết nạp đảng viên mới từ 5 đến 7; …»): a range is not «đạt 5»."""
    from decimal import Decimal

    from dangbo.reports.data import _words
    from dangbo.resolutions.models import Target

    assert _words(Target(kind="admissions", comparison=tr.RANGE, value=Decimal(5), value_max=Decimal(7))) == \
        "từ 5 đến 7"
    assert _words(Target(kind="admissions", comparison=tr.FROM_UP, value=Decimal(1), per_unit=True)) == \
        "từ 1 trở lên ở mỗi đơn vị trực thuộc"
    assert _words(Target(kind="members_level", comparison=tr.GTE, value=Decimal(100))) == "đạt 100%"


def test_a_missing_phrase_opening_the_cell_keeps_the_names_capitals():
    """«chưa có dữ liệu của Chi bộ Phòng Kinh tế» (a per-unit target) opens the cell without lowering the name."""
    t = {"actual": None, "missing": "chưa có dữ liệu của Chi bộ Phòng Kinh tế, Chi bộ Phòng Tổng hợp", "unit": ""}
    assert actual_text(t) == "Chưa có dữ liệu của Chi bộ Phòng Kinh tế, Chi bộ Phòng Tổng hợp"
