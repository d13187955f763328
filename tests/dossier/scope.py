"""The dossier routes in the scope proof (tests/test_scope_routes.py explains each hook)."""

from datetime import date

from tests.db import outside

KWARGS: dict[str, str] = {}
SEGMENTS: dict[str, str] = {"phieu-bo-sung": "dossier_campaign", "phieu": "dossier_supplement",
                            "the": "dossier_card", "muon": "dossier_loan", "phieu-bao": "dossier_slip",
                            "doi-chieu": "dossier_reconciliation"}


def make(kind, org, member):
    """A campaign of `org` with `member`'s phiếu, `member`'s card, a loan of their dossier, a slip on one of their
    events, a reconciliation of `org` naming them; each names `member`."""
    from dangbo.dossier.models import Campaign, Loan, PartyCard, Reconciliation, Slip, Supplement

    if kind in ("dossier_campaign", "dossier_supplement"):
        c = Campaign.objects.filter(organization=org).first() or Campaign.objects.create(
            organization=org, org_path=org.path, year=2025, sent_on=date(2025, 12, 1), due_on=date(2026, 1, 15),
            note=f"Phiếu của {member.full_name}")
        s = Supplement.objects.filter(campaign=c, member=member).first() or Supplement.objects.create(
            campaign=c, member=member, organization=org, org_path=org.path)
        return c.pk if kind == "dossier_campaign" else s.pk
    if kind == "dossier_card":
        card = PartyCard.objects.filter(member=member).first() or PartyCard.objects.create(
            member=member, org_path=org.path, series="cu", number=f"77{member.pk:06d}", issued_on=date(2020, 1, 2))
        return card.pk
    if kind == "dossier_loan":
        loan = Loan.objects.filter(member=member).first() or Loan.objects.create(
            member=member, org_path=org.path, kind="muon", person="Ban Tổ chức", lent_on=date(2025, 6, 1))
        return loan.pk
    if kind == "dossier_slip":
        slip = Slip.objects.filter(member=member).first()
        if slip is None:
            event = member.events.order_by("id").first()
            slip = Slip.objects.create(event=event, member=member, org_path=org.path, kind="tu_tran",
                                       made_on=date(2025, 6, 2))
        return slip.pk
    if kind == "dossier_reconciliation":
        r = Reconciliation.objects.filter(organization=org).first() or Reconciliation.objects.create(
            organization=org, org_path=org.path, done_on=date(2025, 6, 30), file_name="cap-tren.xlsx",
            counts={"register": 1, "file": 0, "matched": 0, "missing_here": 0, "missing_there": 1, "differing": 0,
                    "bad_rows": 0},
            diff={"counts": {}, "fields": ["full_name", "birth_date", "card_number"], "sensitive": False,
                  "missing_here": [], "differing": [], "errors": [],
                  "missing_there": [{"member_id": member.pk, "organization": org.name, "full_name": member.full_name,
                                     "birth_date": "01/01/1980", "card_number": member.card_number or ""}]})
        return r.pk
    return None


def snapshot(outside_path):
    from dangbo.dossier.models import (
        Campaign,
        DossierReceipt,
        Loan,
        PartyCard,
        Reconciliation,
        Slip,
        Supplement,
    )

    def rows(model, *fields):
        return sorted(map(tuple, outside(model.objects.all(), outside_path).values_list("pk", *fields)))

    return {
        "campaigns": rows(Campaign, "version"),
        "supplements": rows(Supplement, "state", "version"),
        "receipts": rows(DossierReceipt),
        "slips": rows(Slip, "sent_on"),
        "loans": rows(Loan, "returned_on"),
        "cards": sorted(map(tuple, outside(PartyCard.objects.all(), outside_path, "member__org_path")
                            .values_list("pk", "state"))),
        "reconciliations": rows(Reconciliation),
    }


def body_fields(org, member):
    return {
        "hs-year": "2026", "hs-sent_on": "02/01/2026", "hs-due_on": "31/01/2026", "hs-returned_on": "03/01/2026",
        "hs-checked_on": "04/01/2026", "hs-applied_on": "05/01/2026", "hs-received_on": "05/01/2026",
        "hs-made_on": "05/01/2026", "hs-sent_on_": "", "hs-kind": "muon", "hs-person": "Kẻ xâm nhập",
        "hs-lent_on": "05/01/2026", "hs-series": "cu", "hs-number": "99999999", "hs-issued_on": "05/09/2025",
        "hs-lost_on": "05/01/2026", "hs-done_on": "05/01/2026", "hs-workplace": "kẻ xâm nhập",
    }
