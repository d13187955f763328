"""The QĐ 296 rules (dangbo.rules.discipline): forms by status, competence, effect, the complaint window."""

from datetime import date

import pytest

from dangbo.rules import discipline as r
from dangbo.rules.sources import CONFIRMED, REGISTRY


def errors(findings):
    return [f.code for f in findings if f.is_error]


@pytest.mark.parametrize("form", r.FORMS)
def test_official_members_may_receive_every_form(form):
    assert r.check_form(form, official=True) == []


@pytest.mark.parametrize("form,ok", [("khien_trach", True), ("canh_cao", True), ("cach_chuc", False),
                                     ("khai_tru", False)])
def test_probationary_members_only_reprimand_or_warning(form, ok):
    found = r.check_form(form, official=False)
    assert (found == []) is ok
    if not ok:
        assert "Đảng viên dự bị chỉ bị kỷ luật khiển trách hoặc cảnh cáo" in found[0].message


def test_unknown_form_is_refused():
    assert errors(r.check_form("phat_tien", official=True)) == ["form_unknown"]


def test_a_chi_bo_decides_only_reprimand_and_warning():
    assert r.check_competence(r.Decider.BRANCH, r.CANH_CAO) == []
    bad = r.check_competence(r.Decider.BRANCH, r.CACH_CHUC)
    assert errors(bad) == ["decider_competence"] and "Chi bộ không có thẩm quyền" in bad[0].message
    assert errors(r.check_competence(r.Decider.BRANCH, r.KHAI_TRU)) == ["decider_competence"]
    assert r.check_competence(r.Decider.COMMITTEE, r.KHAI_TRU) == []  # the unconfirmed default
    assert errors(r.check_competence("ai_do", r.CANH_CAO)) == ["decider_unknown"]


def test_competence_is_a_setting():
    s = r.DisciplineSettings.from_mapping({"competence": {"dang_uy": ["khien_trach", "canh_cao", "cach_chuc"]}})
    assert errors(r.check_competence(r.Decider.COMMITTEE, r.KHAI_TRU, s)) == ["decider_competence"]
    assert s.competence[r.Decider.BRANCH] == (r.KHIEN_TRACH, r.CANH_CAO)  # others keep their defaults
    with pytest.raises(ValueError):
        r.DisciplineSettings.from_mapping({"competence": {"chi_bo": ["treo_co"]}})
    with pytest.raises(ValueError):
        r.DisciplineSettings.from_mapping({"deadline": 3})
    with pytest.raises(ValueError):
        r.DisciplineSettings.from_mapping({"complaint_days": 0})


def test_a_chi_bo_decision_takes_effect_when_the_vote_is_announced():
    assert r.effective_date(r.Decider.BRANCH, date(2025, 5, 6), date(2025, 5, 5)) == date(2025, 5, 5)
    assert r.effective_date(r.Decider.COMMISSION, date(2025, 5, 6), date(2025, 5, 5)) == date(2025, 5, 6)
    assert errors(r.check_effective(r.Decider.BRANCH, date(2025, 5, 6), None)) == ["announce_missing"]
    assert r.check_effective(r.Decider.COMMISSION, date(2025, 5, 6), None) == []
    assert errors(r.check_effective(r.Decider.BRANCH, date(2025, 5, 6), date(2025, 6, 6))) == ["announce_late"]


def test_complaint_window_is_30_days_inclusive():
    eff = date(2025, 5, 6)
    assert r.complaint_deadline(eff) == date(2025, 6, 5)
    assert r.complaint_in_time(eff, date(2025, 6, 5)) and not r.complaint_in_time(eff, date(2025, 6, 6))
    s = r.DisciplineSettings.from_mapping({"complaint_days": 45})
    assert r.complaint_deadline(eff, s) == date(2025, 6, 20)


def test_signs_of_violation_ground_an_inspection_not_a_supervision():
    assert r.check_basis(r.INSPECTION, r.SIGNS) == []
    assert errors(r.check_basis(r.SUPERVISION, r.SIGNS)) == ["basis_supervision"]
    assert r.check_basis(r.SUPERVISION, r.SIGNS, r.DisciplineSettings(signs_only_inspection=False)) == []
    assert errors(r.check_basis("thanh_tra", r.REGULAR)) == ["kind_unknown"]
    assert errors(r.check_period(date(2025, 3, 2), date(2025, 3, 1))) == ["period_order"]


def test_sources_and_settings_are_registered_and_shown():
    assert REGISTRY["discipline.transfer_block"].confidence == CONFIRMED
    for key in ("discipline.forms", "discipline.branch_competence", "discipline.other_competence",
                "discipline.complaint_window", "discipline.branch_effective", "discipline.other_effective"):
        assert REGISTRY[key].confidence != CONFIRMED
    rows = r.DEFAULT_SETTINGS.rows()
    assert all(key in REGISTRY for _, _, key in rows)
    assert ("Thời hạn khiếu nại quyết định kỷ luật (ngày)", "30", "discipline.complaint_window") in rows
