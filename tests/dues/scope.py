"""The dues routes in the scope proof (tests/test_scope_routes.py explains each hook)."""

from datetime import date

from tests.db import outside

KWARGS: dict[str, str] = {}
SEGMENTS: dict[str, str] = {"phieu-thu": "dues_payment", "dieu-chinh": "dues_payment", "ly-do": "dues_obligation",
                           "nhan-nop": "dues_remittance", "dieu-chinh-nop": "dues_remittance"}


def make(kind, org, member):
    from dangbo.dues import actions
    from dangbo.dues.models import DuesObligation, DuesPayment, Remittance

    if kind not in ("dues_payment", "dues_obligation", "dues_remittance"):
        return None
    if not member.dues_profiles.exists():
        actions.set_profile(None, member, from_month=date(2025, 1, 1), category="bhxh", base=7_000_000)
    month = date(2026, 2, 1)
    if kind == "dues_remittance":  # what `org` passed up to its parent, not yet confirmed by the parent
        row = Remittance.objects.filter(organization=org, month=month).first() or actions.record_remittance(
            None, org, month, remitted_on=date(2026, 2, 28))
        return row.pk
    if kind == "dues_obligation":
        ob = DuesObligation.objects.filter(member=member, month=month).first()
        if ob is None:
            actions.generate_month(None, member.organization, month)
            ob = DuesObligation.objects.get(member=member, month=month)
        return ob.pk
    p = DuesPayment.objects.filter(member=member, receipt_number__isnull=False).first() or actions.record_payment(
        None, member, month=month, amount=70_000, paid_on=date(2026, 2, 10), note=f"Thu của {member.full_name}")
    return p.pk


def snapshot(outside_path):
    from dangbo.dues import models as m

    def rows(model, *fields, path_field="org_path"):
        qs = outside(model.objects.all(), outside_path, path_field)
        return sorted(map(tuple, qs.values_list("pk", *fields)))

    return {
        "dues_profiles": rows(m.DuesProfile, "category", "base", "from_month", path_field="member__org_path"),
        "dues_reliefs": rows(m.DuesRelief, "percent", "start", path_field="member__org_path"),
        "dues_obligations": rows(m.DuesObligation, "amount", "reason"),
        "dues_payments": rows(m.DuesPayment, "amount"),
        "dues_months": rows(m.DuesMonth, "month"),
        "dues_remittances": rows(m.Remittance, "amount", "received", "received_on"),
        "dues_remittance_corrections": rows(m.RemittanceCorrection, "amount", "side"),
    }


def body_fields(org, member):
    return {
        "to_chuc": org.pk, "thang": "02/2026", "remitted_on": "28/02/2026", "document": "UNC 1",
        "month": "02/2026", "amount": "70000", "paid_on": "10/02/2026", "note": "kẻ xâm nhập",
        "md-from_month": "02/2026", "md-category": "student", "md-base": "", "mg-kind": "reduce",
        "mg-percent": "50", "mg-start": "03/2026", "mg-end": "04/2026", "mg-document": "QĐ giả",
        "reason": "Lý do giả", "on": "01/03/2026", "side": "remitted", "received": "0", "received_on": "01/03/2026",
    }
