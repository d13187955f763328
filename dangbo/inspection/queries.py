"""The read side of inspection and supervision: the settings, the year's figures, the deadlines.

`figures(scope, org_path, year)` is the contract the reports' «kiểm tra, giám sát» section may read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from dangbo.members.models import ACTIVE_STATUSES, Discipline, Member
from dangbo.members.queries import discipline_settings
from dangbo.rules import discipline as rules
from dangbo.rules.sources import setting_rows
from dangbo.rules.text import format_date

from .models import Complaint, ComplaintKind, Inspection, InspectionDiscipline, Kind, Programme


def settings_rows() -> list[dict]:
    """Each QĐ 296 rule not fully confirmed, with its value and source, for the pages."""
    return setting_rows(discipline_settings().rows())


def inspections(scope):
    return Inspection.objects.scoped(scope, "read")


def complaints(scope):
    return Complaint.objects.scoped(scope, "read")


def programmes(scope):
    return Programme.objects.scoped(scope, "read")


def _under(qs, org_path: str):
    return qs.filter(org_path__startswith=org_path) if org_path else qs


def figures(scope, org_path: str, year: int) -> dict:
    """The year's inspections and supervisions decided by bodies under `org_path` (within the scope), by kind:
    how many, of how many organisations and members, concluded, with violations, to be disciplined; the members
    disciplined after them (by form); complaints and denunciations received and settled. Five queries."""
    base = _under(inspections(scope), org_path)
    rows = {r["kind"]: r for r in base.filter(decision_date__year=year).values("kind").annotate(
        total=Count("id"), organizations=Count("subject_org", distinct=True),
        members=Count("subject_member", distinct=True), signs=Count("id", filter=Q(basis=rules.SIGNS)),
        thematic=Count("id", filter=Q(basis=rules.THEMATIC)),
        concluded=Count("id", filter=Q(concluded_on__isnull=False)),
        with_violations=Count("id", filter=Q(violation_found=True)),
        discipline_required=Count("id", filter=Q(discipline_required=True))).order_by()}
    keys = ("total", "organizations", "members", "signs", "thematic", "concluded", "with_violations",
            "discipline_required")
    out: dict = {"year": year}
    for kind in Kind:
        found = rows.get(kind.value, {})
        out[kind.value] = {"label": kind.label, **{k: found.get(k, 0) for k in keys}}
    links = (InspectionDiscipline.objects.filter(inspection__in=base, decided_on__year=year)
             .exclude(discipline__annulled_on__isnull=False))
    by_form = dict(links.values_list("form").annotate(n=Count("id")).order_by().values_list("form", "n"))
    out["disciplined"] = {"members": links.values("member").distinct().count(),
                          "by_form": {f: by_form.get(f, 0) for f in rules.FORMS}}
    got = {r["kind"]: r for r in _under(complaints(scope), org_path).filter(received_on__year=year)
           .values("kind").annotate(received=Count("id"), settled=Count("id", filter=Q(settled_on__isnull=False)))
           .order_by()}
    for kind in ComplaintKind:
        found = got.get(kind.value, {})
        out[kind.value] = {"label": kind.label, "received": found.get("received", 0),
                           "settled": found.get("settled", 0)}
    return out


# -- what keeps a member from being transferred (294 point 6.3.1) ----------------------------------------------
def blocks_for(member) -> list[str]:
    """Why `member` may not be transferred now, unscoped (the register's action asks, whoever the user is): plain
    texts in the active language (the action's: Vietnamese)."""
    out = []
    for i in Inspection.objects.open().filter(subject_member=member, kind=Kind.INSPECTION).order_by("decision_date"):
        out.append(_("đang bị kiểm tra theo quyết định số %(number)s ngày %(date)s, chưa có kết luận") % {
            "number": i.decision_number, "date": format_date(i.decision_date)})
    for c in Complaint.objects.filter(member=member, settled_on__isnull=True).order_by("received_on"):
        out.append(_("đang xem xét, giải quyết %(kind)s nhận ngày %(date)s") % {
            "kind": str(c.get_kind_display()).lower(), "date": format_date(c.received_on)})
    return out


# -- deadlines ---------------------------------------------------------------------------------------------
@dataclass
class Subject:
    """An organisation on the due-work list, where a member would be (members.queries.DueItem)."""

    full_name: str
    organization: object
    card_number: str = ""
    sort_key: str = ""

    @property
    def organization_id(self):
        return self.organization.pk


def subject_of(i: Inspection):
    return i.subject_member if i.subject_member_id else Subject(i.subject_name, i.subject_org or i.organization)


def overdue_conclusions(scope, today: date, org_path: str = ""):
    """Open inspections and supervisions whose period has ended."""
    return (_under(inspections(scope), org_path).open().filter(period_to__lt=today)
            .select_related("organization", "subject_org", "subject_member__organization").order_by("period_to", "id"))


def overdue_follow_ups(scope, today: date, org_path: str = ""):
    return (_under(inspections(scope), org_path).filter(follow_up_due__lt=today, follow_up_done_on__isnull=True,
                                                        concluded_on__isnull=False)
            .select_related("organization", "subject_org", "subject_member__organization"))


def complaint_windows(scope, today: date, org_path: str = ""):
    """Disciplines of members in the scope whose complaint window is still open: (discipline, last day)."""
    cfg = discipline_settings()
    since = today - timedelta(days=cfg.complaint_days)
    members = Member.objects.scoped(scope, "read").filter(status__in=ACTIVE_STATUSES)
    if org_path:
        members = members.filter(org_path__startswith=org_path)
    rows = (Discipline.objects.filter(member__in=members, annulled_on__isnull=True)
            .filter(Q(effective_on__gte=since) | Q(effective_on__isnull=True, decided_on__gte=since))
            .select_related("member__organization"))
    out = []
    for d in rows:
        deadline = rules.complaint_deadline(d.takes_effect_on, cfg)
        if d.takes_effect_on <= today <= deadline:
            out.append((d, deadline))
    return out


def inspection_report(scope, org, year: int, today: date) -> dict:
    """The year's inspections under `org` as plain data (the CLI's JSON): figures, each inspection, complaints."""
    qs = (_under(inspections(scope), org.path).filter(decision_date__year=year)
          .select_related("organization", "subject_org", "subject_member").order_by("decision_date", "id"))
    rows = [{
        "id": i.pk, "kind": i.kind, "kind_label": i.get_kind_display(), "basis": i.basis,
        "basis_label": i.get_basis_display(), "body": i.get_body_display(), "organization": i.organization.code,
        "subject": i.subject_name, "subject_member": i.subject_member_id,
        "subject_organization": i.subject_org.code if i.subject_org_id else None,
        "decision_number": i.decision_number, "decision_date": i.decision_date.isoformat(),
        "period_from": i.period_from.isoformat(), "period_to": i.period_to.isoformat(),
        "concluded_on": i.concluded_on.isoformat() if i.concluded_on else None,
        "violation_found": i.violation_found, "discipline_required": i.discipline_required,
        "overdue": i.is_open and i.period_to < today, "state": i.state_label,
    } for i in qs]
    cs = _under(complaints(scope), org.path).filter(received_on__year=year).order_by("received_on", "id")
    comp = [{"id": c.pk, "kind": c.kind, "kind_label": c.get_kind_display(), "received_on": c.received_on.isoformat(),
             "member": c.member_id, "in_time": c.in_time,
             "settled_on": c.settled_on.isoformat() if c.settled_on else None, "outcome": c.outcome} for c in cs]
    return {"organization": org.code, "organization_name": org.name, "today": today.isoformat(),
            "figures": figures(scope, org.path, year), "inspections": rows, "complaints": comp}


def report_text(data: dict) -> str:
    f = data["figures"]
    lines = [f"Kiểm tra, giám sát năm {f['year']} – {data['organization_name']}"]
    for key in (rules.INSPECTION, rules.SUPERVISION):
        k = f[key]
        lines.append(f"{k['label']}: {k['total']} cuộc ({k['organizations']} tổ chức đảng, {k['members']} đảng "
                     f"viên); đã kết luận {k['concluded']}, có vi phạm {k['with_violations']}, phải thi hành kỷ luật "
                     f"{k['discipline_required']}.")
    d = f["disciplined"]
    forms = ", ".join(f"{rules.FORM_LABELS[k].lower()} {n}" for k, n in d["by_form"].items() if n)
    lines.append(f"Thi hành kỷ luật {d['members']} đảng viên" + (f" ({forms})." if forms else "."))
    for key in (ComplaintKind.COMPLAINT.value, ComplaintKind.DENUNCIATION.value):
        lines.append(f"{f[key]['label']}: nhận {f[key]['received']}, đã giải quyết {f[key]['settled']}.")
    for i in data["inspections"]:
        late = " – quá hạn kết luận" if i["overdue"] else ""
        lines.append(f"- {i['decision_date'][8:10]}/{i['decision_date'][5:7]}/{i['decision_date'][:4]} "
                     f"{i['kind_label']} ({i['basis_label'].lower()}) {i['subject']}: {i['state'].lower()}{late}")
    if not data["inspections"]:
        lines.append("Chưa có cuộc kiểm tra, giám sát nào trong năm.")
    return "\n".join(lines)
