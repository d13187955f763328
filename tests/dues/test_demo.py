"""The demo's dues: the Văn phòng's chi bộ collect monthly from 01/2025 across the change of regime, with one
member three months behind this year as the finding on due work."""

from datetime import date

import pytest
from django.db.models import Sum

from tests.db import demo_fixture

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 5)


demo = demo_fixture(TODAY)


def test_monthly_from_2025_across_the_change_of_regime(demo):
    from dangbo.dues.models import DuesObligation, DuesPayment

    months = sorted(set(DuesObligation.objects.values_list("month", flat=True)))
    assert months[0] == date(2025, 1, 1) and months[-1] == date(2026, 12, 1) and len(months) == 24
    assert set(DuesObligation.objects.filter(month=date(2026, 1, 1)).values_list("regime", flat=True)) == {"342"}
    assert set(DuesObligation.objects.filter(month=date(2026, 2, 1)).values_list("regime", flat=True)) == {"01"}
    assert not DuesObligation.objects.exclude(problem="").exists()
    # February 2026 takes January's base; the 02/2026 raise shows from March.
    feb = DuesObligation.objects.filter(month=date(2026, 2, 1), category="bhxh").first()
    mar = DuesObligation.objects.get(member=feb.member, month=date(2026, 3, 1))
    assert mar.amount - feb.amount == 5_000 and "tháng 01/2026" in feb.rule
    receipts = list(DuesPayment.objects.exclude(receipt_number=None).values_list("organization", "receipt_year",
                                                                                 "receipt_number"))
    assert len(receipts) == len(set(receipts)) > 0
    assert DuesPayment.objects.filter(channel="portal", month__lt=date(2026, 2, 1)).count() == 0
    assert DuesPayment.objects.filter(channel="portal").exists()


def test_one_member_three_months_behind_on_due_work(demo):
    from django.contrib.auth.models import User

    from dangbo.core.scopes import scope_for
    from dangbo.members.queries import due_work

    for username in ("vanphong", "bithu"):
        items = [i for i in due_work(scope_for(User.objects.get(username=username)), TODAY) if i.kind == "dues_unpaid"]
        assert len(items) == 1 and "02/2026, 03/2026, 04/2026" in items[0].detail


def test_summary_matches_the_entries_and_remittances_add_up(demo):
    from dangbo.dues import queries
    from dangbo.dues.models import DuesPayment, Remittance
    from dangbo.organizations.models import Organization

    office = Organization.objects.get(code="VPUBND")
    year = {r["path"]: r for r in queries.summary(office, 2025)}
    assert year[office.path]["collected"] == DuesPayment.objects.filter(
        org_path__startswith=office.path, book_month__year=2025).aggregate(s=Sum("amount"))["s"]
    for r in Remittance.objects.all():
        assert r.kept + r.amount == r.collected
    june = date(2025, 6, 1)
    up = Remittance.objects.get(organization=office, month=june)
    received = Remittance.objects.filter(to_organization=office, month=june).aggregate(s=Sum("amount"))["s"]
    own = DuesPayment.objects.filter(organization=office, book_month=june).aggregate(s=Sum("amount"))["s"] or 0
    assert received > 0 and up.collected == received + own


def test_2025_reconciled_one_correction_one_real_mismatch_no_merged_chi_bo(demo):
    from dangbo.dues import report
    from dangbo.dues.models import RemittanceCorrection
    from dangbo.organizations.models import Organization

    office = Organization.objects.get(code="VPUBND")
    data = report.build(office, 2025)
    assert data["discrepancies"] == 1
    wrong = [r for r in data["reconciliation"] if not r["ok"]]
    assert wrong[0]["difference"] == 6_000 and not wrong[0]["unconfirmed"]
    assert [c["reason"] for r in data["reconciliation"] for c in r["corrections"]] == ["Ghi nhầm số nhận trên sổ"]
    assert RemittanceCorrection.objects.count() == 1
    gone = Organization.objects.filter(path__startswith=office.path, ended_on__lt=date(2025, 1, 1))
    listed = {r["organization"] for r in data["reconciliation"]}
    assert gone.exists() and not listed & set(gone.values_list("name", flat=True))
    t = data["totals"]
    assert t["collected"] == t["kept"] + t["remitted"] + t["held"]
    assert data["sentence"] in report.year_end_section(office, 2025)["sentence"]
