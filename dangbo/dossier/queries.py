"""The read side of dossier upkeep: every open item (the CLI's check, "việc cần làm", the page), the phiếu not
returned per chi bộ, the registers of members who left and who died (read from the register's events), the card
history. Every function takes the user's scope."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from django.conf import settings
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangbo.core.scopes import Scope
from dangbo.members.models import EventKind, Member, MemberEvent
from dangbo.members.queries import working_calendar
from dangbo.rules import dossier as rules
from dangbo.rules.membership import add_months
from dangbo.rules.text import format_date

from .actions import LEAVING, first_lower
from .models import (
    Campaign,
    CardState,
    Loan,
    LoanKind,
    PartyCard,
    Reconciliation,
    State,
    Supplement,
)


def dossier_settings() -> rules.DossierSettings:
    return rules.DossierSettings.from_dict(getattr(settings, "DANGBO_DOSSIER", None))


@dataclass
class OpenItem:
    kind: str  # phieu_bo_sung | ho_so_chuyen_den | phieu_bao | muon_ho_so | the_mat | doi_chieu
    label: str
    member_id: int | None
    member_name: str
    organization: str
    due: date | None
    overdue: bool
    detail: str
    rule: str
    link: str = ""

    def as_dict(self) -> dict:
        d = asdict(self)
        d["due"] = self.due.isoformat() if self.due else None
        return d


KIND_LABELS = {
    "phieu_bo_sung": gettext_lazy("Phiếu bổ sung hồ sơ chưa nộp"),
    "ho_so_chuyen_den": gettext_lazy("Hồ sơ chuyển sinh hoạt đến chưa nhận"),
    "phieu_bao": gettext_lazy("Phiếu báo từ trần, ra khỏi Đảng chưa gửi"),
    "muon_ho_so": gettext_lazy("Hồ sơ cho mượn chưa trả"),
    "the_mat": gettext_lazy("Thẻ đảng viên báo mất chưa cấp lại"),
    "doi_chieu": gettext_lazy("Đối chiếu danh sách 6 tháng"),
}


def _under(qs, scope: Scope, path: str, field: str = "org_path"):
    return scope.restrict(qs, "read", field).filter(**{f"{field}__startswith": path})


def unreturned(scope: Scope, path: str):
    """Phiếu of open campaigns not yet returned, in the scope and under `path`."""
    return (_under(Supplement.objects.all(), scope, path).filter(state=State.SENT)
            .select_related("campaign", "member", "organization").order_by("org_path", "member__sort_key", "id"))


def watched_since(today: date, cfg: rules.DossierSettings | None = None) -> date:
    """Transfers in, deaths and leavings before this day are not watched (dossier.watch_window)."""
    return add_months(today, -(cfg or dossier_settings()).watch_months)


def transfers_in(scope: Scope, path: str, since: date | None = None):
    """The register's transfers in (from outside) under `path` whose dossier has not been received."""
    events = MemberEvent.objects.filter(kind=EventKind.TRANSFER_IN, dossier_receipt__isnull=True)
    if since is not None:
        events = events.filter(effective_date__gte=since)
    return (_under(events, scope, path, "org_after__path").select_related("member", "org_after")
            .order_by("effective_date", "id"))


def late_transfers(scope: Scope, path: str, today: date, cfg: rules.DossierSettings | None = None):
    cfg = cfg or dossier_settings()
    # Late when today > transfer + N months, i.e. the transfer date < today - N months (same clamping rule).
    return [e for e in transfers_in(scope, path, watched_since(today, cfg)).filter(effective_date__lt=today)
            if rules.transfer_dossier_late(e.effective_date, None, today, cfg)]


def late_by_quarter(scope: Scope, path: str, today: date) -> list[dict]:
    """The late dossiers listed per quarter of the check (the quarter each became late)."""
    cfg = dossier_settings()
    groups: dict[tuple[int, int], list] = {}
    for e in late_transfers(scope, path, today, cfg):
        due = rules.transfer_dossier_due(e.effective_date, cfg)
        groups.setdefault(rules.quarter_of(due), []).append((e, due))
    return [{"year": y, "quarter": q, "rows": rows} for (y, q), rows in sorted(groups.items())]


def leaving_events(scope: Scope, path: str, kinds=tuple(LEAVING)):
    events = MemberEvent.objects.filter(kind__in=kinds)
    return (_under(events, scope, path, "org_after__path").select_related("member", "org_after", "slip")
            .order_by("-effective_date", "-id"))


def slips_open(scope: Scope, path: str, today: date):
    """(event, slip or None, due, overdue) for each death or leaving whose slip is not sent yet."""
    cfg, cal = dossier_settings(), working_calendar()
    out = []
    for e in leaving_events(scope, path).filter(Q(slip__isnull=True) | Q(slip__sent_on__isnull=True),
                                                effective_date__gte=watched_since(today, cfg)):
        slip = getattr(e, "slip", None)
        start = slip.made_on if slip else e.effective_date
        due = rules.slip_due(start, cfg, cal)
        out.append((e, slip, due, today > due))
    return out


def register_rows(scope: Scope, path: str, kind: str) -> list[MemberEvent]:
    """Sổ đảng viên đã ra khỏi Đảng (kind "left") or đã từ trần ("died"), from the register's events."""
    kinds = (EventKind.DEATH,) if kind == "died" else (EventKind.REMOVAL, EventKind.EXPULSION,
                                                        EventKind.RESIGNATION)
    return list(leaving_events(scope, path, kinds))


def open_loans(scope: Scope, path: str):
    return (_under(Loan.objects.filter(kind=LoanKind.LOAN, returned_on__isnull=True), scope, path)
            .select_related("member", "member__organization").order_by("lent_on", "id"))


def loans(scope: Scope, path: str):
    return _under(Loan.objects.all(), scope, path).select_related("member")


def lost_cards(scope: Scope, path: str):
    members = scope.members(Member.objects.filter(org_path__startswith=path))
    return (PartyCard.objects.filter(state=CardState.LOST, member__in=members)
            .select_related("member", "member__organization").order_by("lost_on", "id"))


def last_reconciliation(scope: Scope, org) -> Reconciliation | None:
    return (Reconciliation.objects.scoped(scope, "read").filter(organization=org).order_by("-done_on", "-id")
            .first())


def supplement_counts(campaign: Campaign) -> list[dict]:
    """Per chi bộ: sent, returned (any later state), applied."""
    rows = (campaign.supplements.values("organization_id", "organization__name", "org_path")
            .annotate(total=Count("id"), not_returned=Count("id", filter=Q(state=State.SENT)),
                      applied=Count("id", filter=Q(state=State.APPLIED)))
            .order_by("org_path"))
    return list(rows)


def card_history(member: Member) -> list[PartyCard]:
    return list(PartyCard.objects.filter(member=member).order_by("issued_on", "id"))


def open_items(scope: Scope, org, today: date) -> list[OpenItem]:
    """Every open item of dossier upkeep under `org` (None: all the scope reads; no reconciliation item then),
    each with its rule and deadline. Its texts are in the active language (a page's; the CLI's is Vietnamese)."""
    cfg = dossier_settings()
    path = org.path if org is not None else ""
    items: list[OpenItem] = []
    for s in unreturned(scope, path):
        due = s.campaign.due_on
        items.append(OpenItem("phieu_bo_sung", _("Nộp phiếu bổ sung hồ sơ đảng viên năm %(year)s") % {
                              "year": s.campaign.year},
                              s.member_id, s.member.full_name, s.organization.name, due, today > due,
                              _("Phát ngày %(sent)s, hạn nộp %(due)s") % {"sent": format_date(s.campaign.sent_on),
                                                                         "due": format_date(due)},
                              "dossier.supplement_yearly", s.get_absolute_url()))
    for e in transfers_in(scope, path, watched_since(today, cfg)):
        due = rules.transfer_dossier_due(e.effective_date, cfg)
        if today <= due:
            continue  # «quá 3 tháng»: listed from the day after the third month ends
        items.append(OpenItem("ho_so_chuyen_den", _("Nhận hồ sơ đảng viên chuyển sinh hoạt đến"), e.member_id,
                              e.member.full_name, e.org_after.name, due, today > due,
                              _("Chuyển đến ngày %(date)s; quá %(months)s tháng từ %(due)s") % {
                                  "date": format_date(e.effective_date), "months": cfg.transfer_months,
                                  "due": format_date(due)}, "dossier.transfer_in_late"))
    for e, slip, due, late in slips_open(scope, path, today):
        what = {"slip": first_lower(str(LEAVING[e.kind].label))}
        done = {"made": format_date(slip.made_on)} if slip else {"event": e.get_kind_display(),
                                                                  "date": format_date(e.effective_date)}
        items.append(OpenItem("phieu_bao", (_("Gửi %(slip)s cùng hồ sơ lên cấp trên") if slip
                                            else _("Lập và gửi %(slip)s cùng hồ sơ lên cấp trên")) % what,
                              e.member_id, e.member.full_name, e.org_after.name, due, late,
                              (_("Lập phiếu ngày %(made)s") if slip
                               else _("%(event)s ngày %(date)s, chưa lập phiếu báo")) % done
                              + _("; %(days)s ngày làm việc đến %(due)s") % {"days": cfg.slip_days,
                                                                            "due": format_date(due)},
                              "dossier.slip_deadline" if slip else "dossier.slip_start"))
    for loan in open_loans(scope, path):
        due = loan.due_on
        lent = {"person": loan.person, "date": format_date(loan.lent_on), "due": format_date(due)}
        items.append(OpenItem("muon_ho_so", _("Nhận lại hồ sơ cho mượn"), loan.member_id, loan.member.full_name,
                              loan.member.organization.name,
                              due, bool(due and today > due),
                              (_("%(person)s mượn ngày %(date)s, hẹn trả %(due)s") if due
                               else _("%(person)s mượn ngày %(date)s")) % lent, "dossier.registers"))
    for card in lost_cards(scope, path):
        items.append(OpenItem("the_mat", _("Cấp lại thẻ đảng viên báo mất"), card.member_id, card.member.full_name,
                              card.member.organization.name, card.lost_on, True,
                              _("Thẻ số %(number)s báo mất ngày %(date)s") % {
                                  "number": card.number, "date": format_date(card.lost_on)}, "card.lost"))
    # The dossiers are kept by the cấp ủy cơ sở: the reconciliation is the grassroots organisation's.
    if org is not None and org.is_grassroots and scope.can_read_path(path):
        last = last_reconciliation(scope, org)
        due = rules.reconciliation_due(last.done_on if last else None, cfg)
        if due is None or due <= add_months(today, 1):
            items.append(OpenItem("doi_chieu", _("Đối chiếu danh sách đảng viên với hồ sơ và với cấp trên"), None,
                                  "", org.name, due, due is None or today > due,
                                  _("Lần gần nhất ngày %(date)s") % {"date": format_date(last.done_on)} if last
                                  else _("Chưa đối chiếu lần nào"),
                                  "dossier.reconciliation"))
    return items


def check_report(scope: Scope, org, today: date) -> dict:
    """The contract of `dangbo dossier check`: every open item, counted by kind."""
    items = open_items(scope, org, today)
    counts = {k: sum(1 for i in items if i.kind == k) for k in KIND_LABELS}
    return {"organization": {"code": org.code, "name": org.name}, "date": today.isoformat(),
            "counts": counts, "overdue": sum(1 for i in items if i.overdue), "items": [i.as_dict() for i in items]}


def report_text(data: dict) -> str:
    lines = [f"Hồ sơ đảng viên – {data['organization']['name']} ({data['organization']['code']}), "
             f"ngày {format_date(date.fromisoformat(data['date']))}"]
    for k, label in KIND_LABELS.items():
        lines.append(f"  {label}: {data['counts'][k]}")
    lines.append(f"  Quá hạn: {data['overdue']}")
    for i in data["items"]:
        due = f"; hạn {format_date(date.fromisoformat(i['due']))}" if i["due"] else ""  # never done: no date
        flag = "QUÁ HẠN " if i["overdue"] else ""
        who = f"{i['member_name']} ({i['organization']})" if i["member_name"] else i["organization"]
        lines.append(f"- {flag}{i['label']}: {who}{due}. {i['detail']}")
    return "\n".join(lines)
