"""The read side of the admission pipeline: the settings, each candidate's checklist, the pipeline's figures.

`pipeline_figures(scope, org_path, year)` is the contract other apps (targets, reports) may read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings as django_settings
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangbo.members.queries import working_calendar
from dangbo.organizations.models import OrgKind
from dangbo.rules import admission as rules
from dangbo.rules import membership
from dangbo.rules.sources import setting_rows
from dangbo.rules.text import format_date

from .models import Candidate, CandidateStatus, Step, StepKind

OK, MISSING, EXPIRED, OVERDUE, WAIVED, FINDING, PROBLEM, WAITING, MEETS = (
    "ok", "missing", "expired", "overdue", "waived", "finding", "problem", "waiting", "meets")
# MEETS is for a condition of the person (age, education), which is met, not "on file" like a document.
STATE_LABELS = {OK: gettext_lazy("Đã có"), MEETS: gettext_lazy("Đạt"), MISSING: gettext_lazy("Còn thiếu"),
                EXPIRED: gettext_lazy("Hết giá trị"), OVERDUE: gettext_lazy("Quá hạn"),
                WAIVED: gettext_lazy("Không phải làm"), FINDING: gettext_lazy("Cần xem xét"),
                PROBLEM: gettext_lazy("Không đạt"), WAITING: gettext_lazy("Chưa đến bước")}


def admission_settings() -> rules.AdmissionSettings:
    """The deployment's values of the PARTLY confirmed rules (settings.DANGBO_ADMISSION), else the defaults."""
    return rules.AdmissionSettings.from_mapping(getattr(django_settings, "DANGBO_ADMISSION", None))


def settings_rows() -> list[dict]:
    """Each setting with its value, source and confidence, for the pages (shown as not fully confirmed)."""
    return setting_rows(admission_settings().rows())


def needs_committee(org) -> bool:
    """A chi bộ trực thuộc goes through its đảng ủy cơ sở's resolution; a chi bộ cơ sở has none above it."""
    return org.kind == OrgKind.CELL


def visible(scope):
    return Candidate.objects.scoped(scope, "read")


@dataclass
class Item:
    key: str
    label: str
    state: str
    detail: str = ""
    due: date | None = None

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def done(self) -> bool:
        return self.state in (OK, WAIVED, MEETS)


def checklist(candidate: Candidate, today: date, steps: list[Step] | None = None, calendar=None) -> list[Item]:
    """What the dossier has, what is missing or expired, and the deadlines after the chi bộ's resolution. The texts
    are in the active language (a page's; a filed paper's is Vietnamese)."""
    cfg = admission_settings()
    cal = calendar or working_calendar()
    steps = list(candidate.steps.all()) if steps is None else steps
    f = format_date

    def last(kind):
        rows = [s for s in steps if s.kind == kind]
        return max(rows, key=lambda s: (s.on, s.id)) if rows else None

    branch, decision, ceremony = last(StepKind.BRANCH_RESOLUTION), last(StepKind.DECISION), last(StepKind.CEREMONY)
    review_day = branch.on if branch else today
    items: list[Item] = []

    cert = last(StepKind.CERTIFICATE)
    if cert is None:
        items.append(Item("certificate", StepKind.CERTIFICATE.label, MISSING))
    else:
        until = rules.certificate_valid_until(cert.on, cfg)
        valid = rules.certificate_valid_on(cert.on, review_day, cfg)
        items.append(Item("certificate", StepKind.CERTIFICATE.label, OK if valid else EXPIRED,
                          _("Cấp ngày %(date)s, giá trị đến %(until)s (%(months)s tháng)") % {
                              "date": f(cert.on), "until": f(until), "months": cfg.certificate_validity_months},
                          None if branch else until))

    app = last(StepKind.APPLICATION)
    items.append(Item("application", StepKind.APPLICATION.label, OK if app else MISSING,
                      _on(app)))

    intro = [s for s in steps if s.kind == StepKind.INTRODUCER]
    union = last(StepKind.UNION_RESOLUTION)
    names = [s.member.full_name for s in intro if s.member_id]
    need = 1 if union else 2
    detail = ", ".join(names) + ("; " + _("nghị quyết của %(issuer)s") % {"issuer": union.issuer} if union else "")
    items.append(Item("introducers", _("Người giới thiệu"),
                      OK if rules.introductions_complete(len(intro), bool(union)) else MISSING,
                      detail.strip("; ") or _("Cần %(count)s đảng viên chính thức giới thiệu") % {"count": need}))

    ver = last(StepKind.VERIFICATION)
    if ver is None:
        items.append(Item("verification", StepKind.VERIFICATION.label, MISSING))
    elif ver.waived:
        items.append(Item("verification", StepKind.VERIFICATION.label, WAIVED,
                          _("Có người thân là đảng viên: %(name)s") % {"name": ver.member.full_name}
                          if ver.member_id else _("Có người thân là đảng viên")))
    else:
        items.append(Item("verification", StepKind.VERIFICATION.label, OK, _on(ver)))

    for kind in (StepKind.COMMENT_WORK, StepKind.COMMENT_RESIDENCE):
        s = last(kind)
        items.append(Item(kind.value, kind.label, OK if s else MISSING, _on(s)))

    age = membership.check_admission(candidate.birth_date, review_day, review_day)
    when = (_("%(age)s vào ngày chi bộ xét") if branch else _("%(age)s vào hôm nay")) % {
        "age": rules.age_text(candidate.birth_date, review_day)}
    items.append(Item("age", _("Tuổi (18 đến 60, tính theo tháng)"),
                      MEETS if not age else (PROBLEM if age[0].is_error else FINDING),
                      age[0].message if age else when))
    edu = rules.check_education(candidate.education_grade, candidate.education_exception)
    items.append(Item("education", _("Trình độ học vấn"),
                      MEETS if not edu else (PROBLEM if edu[0].is_error else FINDING),
                      edu[0].message if edu else _("Lớp %(grade)s/12") % {"grade": candidate.education_grade}))

    items.append(Item("branch", StepKind.BRANCH_RESOLUTION.label, OK if branch else MISSING,
                      _("Ngày %(date)s: %(votes)s/%(members)s đảng viên chính thức tán thành") % {
                          "date": f(branch.on), "votes": branch.votes_for, "members": branch.official_members}
                      if branch else ""))
    if needs_committee(candidate.organization):
        com = last(StepKind.COMMITTEE_RESOLUTION)
        items.append(Item("committee", StepKind.COMMITTEE_RESOLUTION.label,
                          OK if com else (MISSING if branch else WAITING), _on(com)))

    if decision is not None:
        late = rules.check_decision_date(branch.on, decision.on, decision.extended, cal) if branch else []
        items.append(Item("decision", StepKind.DECISION.label, FINDING if late else OK,
                          late[0].message if late else _("Số %(number)s, ngày %(date)s") % {
                              "number": decision.document, "date": f(decision.on)}))
    elif branch is not None:
        due = rules.decision_deadline(branch.on, False, cal)
        extended_due = rules.decision_deadline(branch.on, True, cal)
        state = OVERDUE if today > due else WAITING
        items.append(Item("decision", StepKind.DECISION.label, state,
                          _("Hạn 60 ngày làm việc: %(due)s (gia hạn tối đa đến %(extended)s)") % {
                              "due": f(due), "extended": f(extended_due)}, due))
    else:
        items.append(Item("decision", StepKind.DECISION.label, WAITING))

    if ceremony is not None:
        late = membership.check_event_dates(decision.on, ceremony.on, calendar=cal) if decision else []
        items.append(Item("ceremony", StepKind.CEREMONY.label, FINDING if late else OK,
                          late[0].message if late else _on(ceremony)))
    elif decision is not None:
        due = membership.ceremony_deadline(decision.on, cal)
        items.append(Item("ceremony", StepKind.CEREMONY.label, OVERDUE if today > due else WAITING,
                          _("Hạn 30 ngày làm việc: %(due)s") % {"due": f(due)}, due))
    else:
        items.append(Item("ceremony", StepKind.CEREMONY.label, WAITING))
    return items


def _on(step: Step | None) -> str:
    """«Ngày 05/05/2025» of a recorded step; "" when none."""
    return _("Ngày %(date)s") % {"date": format_date(step.on)} if step else ""


def open_items(candidate: Candidate, today: date, **kw) -> list[Item]:
    return [i for i in checklist(candidate, today, **kw) if i.state in (MISSING, EXPIRED, OVERDUE, PROBLEM)]


def pipeline_figures(scope, org_path: str, year: int) -> dict:
    """In the pipeline now and admitted in `year` (decision date) under `org_path`, within the scope."""
    qs = visible(scope).filter(org_path__startswith=org_path)
    admitted = Step.objects.filter(candidate__in=qs, kind=StepKind.DECISION, on__year=year)
    return {"in_pipeline": qs.filter(status=CandidateStatus.PIPELINE).count(),
            "admitted_this_year": admitted.values("candidate").distinct().count(), "year": year}


def overdue(scope, today: date, org_path: str = "") -> list[tuple[Candidate, Item]]:
    """The pipeline's deadlines that have passed (the decision; the certificate lapsing before the vote). The
    ceremony is on the register's own due list once the member exists (members.queries.due_work)."""
    qs = (visible(scope).filter(Q(status=CandidateStatus.PIPELINE))
          .select_related("organization").prefetch_related("steps__member"))
    if org_path:
        qs = qs.filter(org_path__startswith=org_path)
    cal = working_calendar()
    out = []
    for c in qs:
        for item in checklist(c, today, steps=list(c.steps.all()), calendar=cal):
            if item.key in ("decision", "certificate") and item.state in (OVERDUE, EXPIRED):
                out.append((c, item))
    return out


def pipeline_report(scope, org, today: date, include_all: bool = False) -> dict:
    """The pipeline under `org` as plain data (the CLI's JSON): figures, and each person with the open items."""
    qs = visible(scope).filter(org_path__startswith=org.path).select_related("organization")
    if not include_all:
        qs = qs.filter(status=CandidateStatus.PIPELINE)
    cal = working_calendar()
    people = []
    for c in qs.prefetch_related("steps__member").order_by("sort_key", "id"):
        items = checklist(c, today, steps=list(c.steps.all()), calendar=cal)
        people.append({
            "id": c.pk, "full_name": c.full_name, "birth_date": c.birth_date.isoformat(),
            "organization": c.organization.code, "organization_name": c.organization.name,
            "status": c.status, "status_label": c.get_status_display(), "member": c.member_id,
            "done": [i.key for i in items if i.done],
            "open": [{"key": i.key, "label": i.label, "state": i.state, "state_label": i.state_label,
                      "detail": i.detail, "due": i.due.isoformat() if i.due else None}
                     for i in items if i.state in (MISSING, EXPIRED, OVERDUE, PROBLEM, FINDING)],
        })
    return {"organization": org.code, "organization_name": org.name, "today": today.isoformat(),
            **pipeline_figures(scope, org.path, today.year), "candidates": people}


def report_text(data: dict) -> str:
    today = format_date(date.fromisoformat(data["today"]))
    lines = [f"Phát triển đảng viên – {data['organization_name']} (ngày {today})",
             f"Đang bồi dưỡng, xem xét: {data['in_pipeline']}; "
             f"kết nạp năm {data['year']}: {data['admitted_this_year']}."]
    for p in data["candidates"]:
        lines.append(f"- {p['full_name']} ({p['organization_name']}), {p['status_label'].lower()}")
        for i in p["open"]:
            lines.append(f"    {i['state_label']}: {i['label']}{' – ' + i['detail'] if i['detail'] else ''}")
    if not data["candidates"]:
        lines.append("Không có ai trong danh sách.")
    return "\n".join(lines)
