"""The dossier rules' edges (pure): exactly 3 months, exactly 30 working days, the chip card's conditions."""

from datetime import date, timedelta

from dangbo.rules import dossier as rules
from dangbo.rules.calendar import DEFAULT_CALENDAR
from dangbo.rules.sources import REGISTRY, UNCONFIRMED


def test_transfer_dossier_late_after_exactly_three_months():
    start = date(2025, 1, 31)
    due = rules.transfer_dossier_due(start)
    assert due == date(2025, 4, 30)  # 31/1 + 3 months: the month's last day
    assert not rules.transfer_dossier_late(start, None, due)  # exactly 3 months: not yet «quá 3 tháng»
    assert rules.transfer_dossier_late(start, None, due + timedelta(days=1))
    assert not rules.transfer_dossier_late(start, due, date(2025, 12, 1))  # arrived on the last day
    assert rules.transfer_dossier_late(start, due + timedelta(days=1), date(2025, 12, 1))
    assert rules.transfer_dossier_due(date(2025, 3, 15)) == date(2025, 6, 15)


def test_transfer_period_is_a_setting():
    cfg = rules.DossierSettings.from_dict({"transfer_months": "2", "unknown": 5})
    assert cfg.transfer_months == 2 and cfg.slip_days == 30
    assert rules.transfer_dossier_due(date(2025, 3, 15), cfg) == date(2025, 5, 15)


def test_slip_due_after_exactly_thirty_working_days():
    made = date(2025, 4, 25)  # a Friday before the 30/4 and 1/5 holidays
    due = rules.slip_due(made)
    assert DEFAULT_CALENDAR.working_days_between(made, due) == 30
    assert DEFAULT_CALENDAR.is_working_day(due)
    assert (due - made).days > 30 + 2 * 4  # weekends and the holidays are not counted
    assert not rules.slip_late(made, None, due)
    assert rules.slip_late(made, None, due + timedelta(days=1))
    assert not rules.slip_late(made, due, due + timedelta(days=100))
    assert rules.slip_late(made, DEFAULT_CALENDAR.add_working_days(due, 1), due + timedelta(days=100))


def test_quarter_and_reconciliation_due():
    assert rules.quarter_of(date(2025, 4, 30)) == (2025, 2)
    assert rules.quarter_of(date(2025, 12, 31)) == (2025, 4)
    assert rules.reconciliation_due(None) is None
    assert rules.reconciliation_due(date(2025, 6, 30)) == date(2025, 12, 30)


def test_chip_card_only_for_official_members_holding_a_card_from_08_08_2025():
    assert rules.check_exchange(official=True, has_card=True, on=date(2025, 8, 8)) == []
    codes = [f.message for f in rules.check_exchange(official=False, has_card=False, on=date(2025, 8, 7))]
    assert len(codes) == 3 and any("08/8/2025" in m for m in codes) and any("chính thức" in m for m in codes)


def test_rules_registered_with_sources():
    for key in ("dossier.supplement_yearly", "dossier.transfer_in_late", "dossier.slip_deadline",
                "dossier.reconciliation", "dossier.registers", "card.lost", "card.exchange_2025"):
        assert REGISTRY[key].confirmed, key
    for key in rules.UNCONFIRMED_KEYS:
        assert REGISTRY[key].confidence == UNCONFIRMED
