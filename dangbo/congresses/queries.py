"""Reads other apps rely on (the year-end report): monthly meetings, the latest congress, links."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from dangbo.organizations.models import CELL_KINDS, Organization
from dangbo.rules import meetings as meeting_rules
from dangbo.rules import text as text_rules

from .models import Congress, Meeting, MeetingAttendance, MeetingKind


def cells_in_year(org: Organization, year: int):
    """The chi bộ in `org`'s subtree (itself included) that existed at some time in `year`."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    return (Organization.objects.filter(path__startswith=org.path, kind__in=CELL_KINDS)
            .filter(Q(founded_on__isnull=True) | Q(founded_on__lte=end))
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start)))


def months_to_meet(founded_on: date | None, ended_on: date | None, year: int) -> list[int]:
    """The months of `year` a chi bộ existed from first to last day: the months it owes a monthly meeting. A chi bộ
    merged away on 01/03 owes January and February; one founded on 15/03 owes April onwards (Điều lệ Đảng
    Điều 24.3: "chi bộ, chi ủy họp thường lệ mỗi tháng một lần"; a month it existed only in part is not held against
    it, a choice of dangbo)."""
    months = []
    for m in range(1, 13):
        first = date(year, m, 1)
        last = date(year + (m == 12), m % 12 + 1, 1) - timedelta(days=1)
        if (founded_on is None or founded_on <= first) and (ended_on is None or ended_on >= last):
            months.append(m)
    return months


def monthly_meetings(org: Organization, year: int) -> dict:
    """The monthly meetings of the chi bộ of `org`'s subtree that existed in `year`:
    {"cells": chi bộ that owed at least one month, "met_every_month": of those, the ones that met in every month
    they owed, "partial": of those, the ones that did not exist the whole year, "by_cell": {cell id: sorted months
    held}, "owed": {cell id: sorted months owed}} (a month counts when a thường kỳ meeting is recorded in it)."""
    cells = {pk: months_to_meet(f, e, year)
             for pk, f, e in cells_in_year(org, year).values_list("pk", "founded_on", "ended_on")}
    by_cell: dict[int, set[int]] = {pk: set() for pk in cells}
    rows = (Meeting.objects.filter(org_path__startswith=org.path, kind=MeetingKind.MONTHLY, held_on__year=year,
                                   organization_id__in=list(cells))
            .values_list("organization_id", "held_on"))
    for org_id, held in rows:
        by_cell[org_id].add(held.month)
    owing = {pk: owed for pk, owed in cells.items() if owed}
    return {"cells": len(owing),
            "met_every_month": sum(1 for pk, owed in owing.items() if set(owed) <= by_cell[pk]),
            "partial": sum(1 for owed in owing.values() if len(owed) < 12),
            "by_cell": {k: sorted(v) for k, v in by_cell.items()}, "owed": cells}


def latest_congress(org: Organization, on: date | None = None) -> Congress | None:
    """The latest congress of `org` opened on or before `on` (today when None). Attributes: ordinal,
    term_label ("2020–2025"), opened_on, committee_size (None until approved)."""
    qs = Congress.objects.filter(organization=org)
    qs = qs.filter(opened_on__lte=on or date.today())
    return qs.order_by("-opened_on", "-id").select_related("organization").first()


def meetings_url(org: Organization, year: int) -> str:
    return f"{reverse('congresses:meetings')}?to_chuc={org.pk}&nam={year}"


# -- the 2025 meeting rules (CT 50, HD 37, HD 03-HD/TW) ------------------------------------------------------------
CHI_BO_KINDS = (MeetingKind.MONTHLY, MeetingKind.THEMATIC)


def meeting_day(org: Organization) -> int:
    """The day of `org`'s regular monthly meeting: its own setting, else the 3rd (HD 37)."""
    from .models import MeetingDay

    own = MeetingDay.objects.filter(organization=org).values_list("day", flat=True).first()
    return own or meeting_rules.DEFAULT_DAY


def attendance_statistics(year: int, *, org: Organization | None = None, member=None, by_cell: bool = True) -> dict:
    """Attendance at the chi bộ meetings (thường kỳ and chuyên đề) held in `year`: of the chi bộ of `org`'s subtree
    (`org`), or of one member wherever they met (`member`). Every figure of the meetings page, the member's record,
    the rating page and the year-end report comes from here.

    {"year", "cells": [{"id", "name", "regular", "thematic", "held", "slots", "present", "absent_reason",
    "absent_no_reason", "rate"}] (org only, by name), "totals": the same figures summed ("rate": present / slots in
    percent, one decimal; None when nothing was held)}. For a member, "totals" counts the meetings they were on the
    roll of (held), attended (present) and missed with or without a reason. `by_cell=False`: "cells" is only
    their number, the totals summed by the database (the year-end report of a province's thousands of chi bộ)."""
    meetings = Meeting.objects.filter(held_on__year=year, kind__in=CHI_BO_KINDS)
    if org is not None:
        in_year = cells_in_year(org, year)
        # A subquery: the nation's 45.000 chi bộ are not sent as a list.
        meetings = meetings.filter(org_path__startswith=org.path, organization_id__in=in_year.values("pk"))
    rows = MeetingAttendance.objects.filter(meeting__in=meetings)
    if member is not None:
        rows = rows.filter(member=member)
    absent = Q(present=False)
    # Named n_*: an annotation named like the field `present` would shadow it in the filters.
    tally = dict(n_slots=Count("id"), n_present=Count("id", filter=Q(present=True)),
                 n_absent_reason=Count("id", filter=absent & ~Q(reason="")),
                 n_absent_no_reason=Count("id", filter=absent & Q(reason="")))
    out = {"year": year, "cells": []}
    by_kind = dict(regular=Count("id", filter=Q(kind=MeetingKind.MONTHLY)),
                   thematic=Count("id", filter=Q(kind=MeetingKind.THEMATIC)))
    if org is not None and not by_cell:
        out["cells"] = in_year.count()
        h, a = meetings.aggregate(**by_kind), rows.aggregate(**tally)
        out["totals"] = _figures(None, "", h["regular"], h["thematic"], a)
    elif org is not None:
        cells = dict(in_year.values_list("pk", "name"))
        held = {r["organization_id"]: r for r in meetings.values("organization_id").annotate(**by_kind)}
        att = {r["meeting__organization_id"]: r for r in rows.values("meeting__organization_id").annotate(**tally)}
        for pk, name in sorted(cells.items(), key=lambda kv: text_rules.name_sort_key(kv[1])):
            h = held.get(pk, {"regular": 0, "thematic": 0})
            a = att.get(pk, dict.fromkeys(tally, 0))
            out["cells"].append(_figures(pk, name, h["regular"], h["thematic"], a))
        total = {f"n_{k}": sum(c[k] for c in out["cells"]) for k in ("slots", "present", "absent_reason",
                                                                      "absent_no_reason")}
        out["totals"] = _figures(None, "", sum(c["regular"] for c in out["cells"]),
                                 sum(c["thematic"] for c in out["cells"]), total)
    else:
        a = rows.aggregate(**tally)
        kinds = rows.values_list("meeting__kind", flat=True)
        out["totals"] = _figures(None, "", sum(1 for k in kinds if k == MeetingKind.MONTHLY),
                                 sum(1 for k in kinds if k == MeetingKind.THEMATIC), a)
    return out


def _figures(pk, name, regular: int, thematic: int, a: dict) -> dict:
    return {"id": pk, "name": name, "regular": regular, "thematic": thematic, "held": regular + thematic,
            "slots": a["n_slots"], "present": a["n_present"], "absent_reason": a["n_absent_reason"],
            "absent_no_reason": a["n_absent_no_reason"], "rate": meeting_rules.rate(a["n_present"], a["n_slots"])}


@dataclass(frozen=True)
class CellFinding:
    organization: Organization
    key: str  # "thematic" or "party_group"
    year: int
    due: date
    message: str


def meeting_findings(cells, today: date) -> list[CellFinding]:
    """The 2025 rules over the meetings held, for the chi bộ of `cells` (a queryset), this year and last: a quarter
    ended with no thematic meeting (CT 50, of a chi bộ that existed for the whole quarter and recorded meetings in
    dangbo that year), meetings by tổ đảng over the yearly cap or in a chi bộ under the member threshold (HD 03-HD/TW,
    PARTLY: settings)."""
    settings = meeting_rules.DEFAULT_SETTINGS
    years = (today.year - 1, today.year)
    cells_qs = cells.filter(kind__in=CELL_KINDS).filter(Q(founded_on__isnull=True)
                                                        | Q(founded_on__lte=date(today.year, 12, 31)))
    ids = cells_qs.values("pk")  # a subquery: a province's thousands of chi bộ are not sent as a list
    thematic: dict[int, list[date]] = {}
    for org_id, held in Meeting.objects.filter(organization_id__in=ids, kind=MeetingKind.THEMATIC,
                                               held_on__year__in=years).values_list("organization_id", "held_on"):
        thematic.setdefault(org_id, []).append(held)
    groups: dict[tuple[int, int], list] = {}
    for m in (Meeting.objects.filter(organization_id__in=ids, mode=meeting_rules.Mode.PARTY_GROUP,
                                     held_on__year__in=years).order_by("held_on", "pk")):
        groups.setdefault((m.organization_id, m.held_on.year), []).append(m)
    # A chi bộ that recorded no meeting at all in a year keeps its minutes elsewhere: not checked (a choice of
    # dangbo; the year-end report's monthly meetings figure shows it).
    recording = set(Meeting.objects.filter(organization_id__in=ids, held_on__year__in=years)
                    .values_list("organization_id", "held_on__year").distinct())
    out = []
    # Lazy texts: the due-work page reads them in its language, the filed PDF of due work in Vietnamese.
    src = _("Chỉ thị 50-CT/TW: sinh hoạt chuyên đề ít nhất mỗi quý 1 lần.")
    for c in cells_qs.filter(pk__in={pk for pk, _year in recording}).order_by("path"):
        for y in years:
            owed = (meeting_rules.quarters_owing_thematic(c.founded_on, c.ended_on, y, today)
                    if (c.pk, y) in recording else [])
            held = [d for d in thematic.get(c.pk, []) if d.year == y]
            for q in meeting_rules.missing_thematic(owed, held):
                end = meeting_rules.quarter_bounds(y, q)[1]
                out.append(CellFinding(c, "thematic", y, end, format_lazy(
                    _("Quý {q}/{y} chưa có sinh hoạt chuyên đề. {src}"), q=q, y=y, src=src)))
            held_groups = groups.get((c.pk, y), [])
            members = c.official_count + c.probationary_count
            if held_groups and members < settings.party_group_min_members:
                out.append(CellFinding(
                    c, "party_group_size", y, held_groups[0].held_on,
                    format_lazy(_("Năm {y} sinh hoạt theo tổ đảng {held} lần nhưng chi bộ có {members} đảng viên, "
                                  "dưới {minimum} (HD 03-HD/TW; mức này chưa xác nhận đầy đủ, là thiết lập)."),
                                y=y, held=len(held_groups), members=members,
                                minimum=settings.party_group_min_members)))
            if len(held_groups) > settings.party_group_yearly_cap:
                out.append(CellFinding(
                    c, "party_group", y, held_groups[settings.party_group_yearly_cap].held_on,
                    format_lazy(_("Năm {y} sinh hoạt theo tổ đảng {held} lần, quá {cap} lần (HD 03-HD/TW; mức "
                                  "này chưa xác nhận đầy đủ, là thiết lập)."),
                                y=y, held=len(held_groups), cap=settings.party_group_yearly_cap)))
    return out


def invitations_for(member, today: date):
    """The member's invitations to meetings not yet held (planned on or after `today`), soonest first."""
    from .models import MeetingInvitation, PlanStatus

    return (MeetingInvitation.objects.filter(member=member, plan__status=PlanStatus.PLANNED,
                                             plan__planned_on__gte=today)
            .select_related("plan", "plan__organization").order_by("plan__planned_on", "plan_id"))


def upper_delegates(c) -> dict:
    """The congress's delegates to the upper congress, counted apart by how they came to be one (CT 45): elected
    (the signed delegate election's official and alternate delegates, then any typed as elected), appointed by the
    upper level, ex officio. The one source of every list, record and printout that shows them."""
    from dangbo.rules import elections as rules

    from .models import DelegateKind, UpperDelegate

    rows = {k.value: [] for k in DelegateKind}
    for e in c.elections.filter(body=rules.DAI_BIEU).order_by("round", "id"):
        rv = e.current_result()
        if rv is None or not rv.data.get("delegation"):
            continue
        for alternate, key in ((False, "official"), (True, "alternates")):
            for x in rv.data["delegation"].get(key, []):
                rows[DelegateKind.ELECTED].append({"name": x["name"], "alternate": alternate, "unit": "",
                                                   "decision": "", "source": "election"})
    for d in UpperDelegate.objects.filter(congress=c).order_by("alternate", "rank", "id"):
        decision = d.decision_number + (f" ngày {text_rules.format_date(d.decision_date)}" if d.decision_date else "")
        rows[d.kind].append({"name": d.full_name, "alternate": d.alternate, "unit": d.unit, "decision": decision,
                             "issuer": d.issuer, "source": "typed"})
    groups = [{"kind": k.value, "label": k.label, "people": rows[k.value],
               "official": sum(1 for x in rows[k.value] if not x["alternate"]),
               "alternates": sum(1 for x in rows[k.value] if x["alternate"])} for k in DelegateKind]
    return {"groups": groups, "official": sum(g["official"] for g in groups),
            "alternates": sum(g["alternates"] for g in groups)}
