"""Demo data: the Văn phòng's chi bộ collect dues monthly from 01/2025, across the change of regime on
01/02/2026 (QĐ 342 → QĐ 01-QĐ/TW): profiles (salaries raised in 07/2025 and 02/2026 to show the previous-month
base), cash payments with receipts, portal payments from 02/2026, closed months, remittances upward (2025's confirmed
by the đảng bộ, one receipt corrected, one still short), and one member who has not paid for three months this year
(the finding on due work)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from dangbo.members.asof import members_as_of
from dangbo.members.models import Member
from dangbo.organizations.models import CELL_KINDS, Organization
from dangbo.rules import dues as rules
from dangbo.rules.membership import age_in_months

from . import actions
from .models import Channel, DuesObligation, Remittance, RemittanceSide

OFFICE_CODE = "VPUBND"
START = date(2025, 1, 1)


def _profile(member: Member, rnd: random.Random) -> dict:
    age = age_in_months(member.birth_date, START) // 12
    if age >= 62 or (member.gender == "F" and age >= 60):
        return {"category": "pensioner", "base": rnd.randrange(55, 95) * 100_000}
    if age < 23:
        return {"category": "student"}
    return {"category": "bhxh", "base": rnd.randrange(60, 180) * 100_000}


def load(today: date) -> int:
    """Returns the number of payments recorded."""
    office = Organization.objects.filter(code=OFFICE_CODE).first()
    if office is None:
        return 0
    rnd = random.Random(2026)
    # Everyone on the office's list in some month since START (those who left paid until they left).
    this_month = rules.month_start(today)
    ids = {r["member_id"] for month in rules.months_between(START, this_month)
           for r in members_as_of(rules.month_end(month), office.path)}
    members = list(Member.objects.filter(pk__in=ids).select_related("organization").order_by("sort_key", "pk"))
    salaried = []
    for m in members:
        p = _profile(m, rnd)
        actions.set_profile(None, m, from_month=START, **p)
        if p["category"] == "bhxh":  # raises: 07/2025 (salary reform step) and 02/2026
            actions.set_profile(None, m, from_month=date(2025, 7, 1), category="bhxh", base=p["base"] + 700_000)
            actions.set_profile(None, m, from_month=date(2026, 2, 1), category="bhxh", base=p["base"] + 1_200_000)
            salaried.append(m)
    # The one member three months behind this year: a salaried one, so the months are owed.
    late = salaried[len(salaried) // 2] if salaried else None
    cells = [o for o in Organization.objects.filter(path__startswith=office.path, kind__in=CELL_KINDS)]
    count = 0
    for month in rules.months_between(START, this_month):
        actions.generate_month(None, office, month)
        over = month < this_month
        for ob in DuesObligation.objects.filter(org_path__startswith=office.path, month=month, amount__gt=0):
            if not over and rnd.random() < 0.6:
                continue  # the current month is still being collected
            if late is not None and ob.member_id == late.pk and month.year == today.year and month.month >= 2 and (
                    month.month <= 4 or not over):
                continue
            paid_on = date(month.year, month.month, rnd.randrange(3, 20))
            if paid_on > today:
                continue
            portal = month >= date(2026, 2, 1) and rnd.random() < 0.4
            actions.record_payment(None, ob.member, month=month, amount=ob.amount, paid_on=paid_on,
                                   channel=Channel.PORTAL if portal else Channel.CASH,
                                   portal_ref=f"DVC{month:%Y%m}{ob.member_id:06d}" if portal else "")
            count += 1
        if over and rules.add_months(month, 2) <= this_month:
            for cell in cells:
                if not actions.existed_in(cell, month):  # merged away before the month: nothing to remit
                    continue
                actions.record_remittance(None, cell, month, remitted_on=date(month.year, month.month, 25),
                                          document=f"Phiếu nộp đảng phí tháng {rules.month_label(month)}")
                actions.close_month(None, cell, month)
            actions.record_remittance(None, office, month, remitted_on=rules.month_end(month),
                                      document=f"Ủy nhiệm chi tháng {rules.month_label(month)}")
    _reconcile_2025(office)
    return count


def _reconcile_2025(office: Organization) -> None:
    """The đảng bộ confirms what its chi bộ passed up in 2025: one receipt typed 10.000 short and corrected
    (a new entry, with its reason), one still 6.000 short (the reconciliation's one real mismatch)."""
    rows = list(Remittance.objects.filter(to_organization=office, month__year=2025, amount__gt=0)
                .select_related("organization").order_by("month", "org_path"))
    if not rows:
        return
    typo, short = rows[len(rows) // 2], rows[-1]
    for r in rows:
        received = r.amount - (10_000 if r is typo else 6_000 if r is short else 0)
        actions.confirm_received(None, r, amount=received, received_on=r.remitted_on + timedelta(days=3))
    actions.correct_remittance(None, typo, side=RemittanceSide.RECEIVED, amount=10_000,
                               reason="Ghi nhầm số nhận trên sổ", on=date(2026, 1, 10))
