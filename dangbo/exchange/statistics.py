"""The yearly statistics tables (rules.md §7, §7A), counted as of 31/12 from the event history.

`year_statistics(scope, year, org)` returns plain dataclasses; `render_xlsx(stats, out)` writes them with
Vietnamese headings, one sheet per table. Every figure is one SQL aggregate (GROUP BY) over
`MemberEvent`; nothing loops over members in Python.

How the figures are counted
- "On the list at date D" (`members.asof`, the one rule of every "as of" figure): the state each member's last
  event on or before D leaves behind (`status_after`, `org_after`); a member counts if that state is official or
  probationary and `org_after` is in the organisation's subtree. On a closed date (chốt số liệu) the figures are
  read from that date's table (members/closing.py), which the member actions keep equal to the same rule. A
  member temporarily hosted elsewhere counts at home (rules.md §3.4). D = 31/12 of the year; the start of the
  year is the same count at 31/12 of the year before (Biểu 1: "đầu kỳ" = "cuối kỳ trước").
- Breakdowns (gender, ethnicity, religion, education, political theory) use the dossier as it is now:
  the register keeps those fields' history for auditing, not as report dimensions.
- Age bands (Biểu 2/3-BTCTW): age in whole years on 31/12: 18–30 (everyone up to 30), 31–35, 36–40, 41–45,
  46–50, 51–55, 56–60, over 60.
- Party-age bands: party age counts only for official members (rules.md §3.3), in whole years on 31/12 from
  `party_age_start` (the admission decision date moved forward by the time spent outside the Party):
  under 10, 10–19, 20–29, 30–39, 40–49, 50 and more (decades, so the 30/40/50-year badge milestones
  fall on band edges). Probationary members are a separate row.
- Movements during the year (events dated 01/01–31/12), Biểu 1-BTCTW sections B and C:
  admissions and re-admissions into the subtree; transfers in = official transfers
  whose destination is in the subtree and origin is not, plus transfers in from outside the system;
  transfers out = the reverse, plus transfers out of the system; moves by reorganisation (a member moved by a merge
  or split, and every member of a whole organisation moved by a decision into or out of the subtree, counted on the
  list the day before) are their own lines «Tăng/Giảm do sắp xếp tổ chức», not transfers, unless the
  UNCONFIRMED setting `count_as_transfers` counts them in (then a «trong đó» line); deaths, expulsions, removals
  (xóa tên, of which probationary: the state just before the removal), resignations. A transfer between two
  organisations of the same subtree is neither in nor out. Recognitions (công nhận chính thức) are reported
  but change no total. For every scope, start + increases − decreases = end (`YearStatistics.balanced`).
- Religion is a sensitive field: its table is filled only for users who may see religion for the whole
  organisation (admin, office); others get the table marked as hidden.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangbo.core import replica
from dangbo.core.i18n import VietnameseLabels, formatted, in_vietnamese
from dangbo.core.scopes import READ, Scope, ScopeDenied
from dangbo.members import asof, closing
from dangbo.members.models import EventKind, MemberEvent, PoliticalTheory, Status
from dangbo.organizations import history
from dangbo.organizations.models import STEP, Organization, OrgKind
from dangbo.organizations.queries import reorganization_settings

ACTIVE = [Status.OFFICIAL, Status.PROBATIONARY]
AGE_BANDS, PARTY_AGE_BANDS = closing.AGE_BANDS, closing.PARTY_AGE_BANDS
PROBATIONARY_ROW = "Đảng viên dự bị (chưa tính tuổi đảng)"
THEORY_ORDER = [PoliticalTheory.BACHELOR, PoliticalTheory.ADVANCED, PoliticalTheory.INTERMEDIATE,
                PoliticalTheory.ELEMENTARY, PoliticalTheory.NONE]
GENDER_ROWS = [("M", "Nam"), ("F", "Nữ")]


class Counted:
    """Official and probationary members, and their total."""

    official: int
    probationary: int

    @property
    def total(self) -> int:
        return self.official + self.probationary


@dataclass
class Row(Counted):
    label: str
    official: int = 0
    probationary: int = 0


@dataclass
class Breakdown:
    key: str
    title: str
    sheet: str
    rows: list[Row]
    hidden: bool = False
    note: str = ""

    @property
    def sum(self) -> Row:
        return Row("Cộng", sum(r.official for r in self.rows), sum(r.probationary for r in self.rows))


@dataclass
class OrgRow(Counted):
    code: str
    name: str
    kind: str
    level: int  # 0 = the chosen organisation
    official: int = 0
    probationary: int = 0
    sub_official: int = 0
    sub_probationary: int = 0

    @property
    def sub_total(self) -> int:
        return self.sub_official + self.sub_probationary


@dataclass
class Movement:
    key: str
    label: str
    count: int
    sign: int  # +1 increase, -1 decrease, 0 reported only
    of_which: bool = False  # a "trong đó" line: part of the line above, not added again


@dataclass
class YearStatistics:
    year: int
    as_of: date
    organization_code: str
    organization_name: str
    start: Row
    end: Row
    organizations: list[OrgRow]
    breakdowns: list[Breakdown]
    movements: list[Movement] = field(default_factory=list)

    @property
    def start_date(self) -> date:
        return date(self.year - 1, 12, 31)

    @property
    def title(self) -> str:
        return f"Thống kê đảng viên đến ngày 31/12/{self.year}"

    def movement(self, key: str) -> int:
        return next(m.count for m in self.movements if m.key == key)

    @property
    def increases(self) -> int:
        return sum(m.count for m in self.movements if m.sign > 0 and not m.of_which)

    @property
    def decreases(self) -> int:
        return sum(m.count for m in self.movements if m.sign < 0 and not m.of_which)

    @property
    def balanced(self) -> bool:
        return self.start.total + self.increases - self.decreases == self.end.total

    def breakdown(self, key: str) -> Breakdown:
        return next(b for b in self.breakdowns if b.key == key)


# -- queries ---------------------------------------------------------------------------------------------
def state_at(path: str, on: date, dimension: str = "total", *, by_org: bool = False) -> dict:
    """The members on the list inside `path` on `on`, counted by `dimension` ({key: (official, probationary)}; with
    `by_org` keyed by (home organisation id, key)): from the closed period's table when `on` is closed (chốt số
    liệu, members/closing.py), else from each member's last event on or before `on`."""
    return closing.counts(path, on, dimension, by_org=by_org)


def _totals(path: str, on: date) -> Row:
    return Row("", *state_at(path, on).get("", (0, 0)))


def _by_field(path, on, dimension, labels=None) -> list[Row]:
    return [Row(labels.get(key, key) if labels else (key or "(chưa ghi)"), o, p)
            for key, (o, p) in state_at(path, on, dimension).items()]


def _ordered(rows: list[Row], first: list[str] = ()) -> list[Row]:
    merged: dict[str, Row] = {}
    for r in rows:
        m = merged.setdefault(r.label, Row(r.label))
        m.official += r.official
        m.probationary += r.probationary
    return sorted(merged.values(), key=lambda r: (r.label not in first, first.index(r.label) if r.label in first
                                                  else 0, -r.total, r.label))


def _bands(path, on, dimension, bands) -> list[Row]:
    out = [Row(label) for label, _ in bands]
    for band, (o, p) in state_at(path, on, dimension).items():
        out[band].official += o
        out[band].probationary += p
    return out


def breakdowns(path: str, on: date, show_religion: bool) -> list[Breakdown]:
    gender = {r.label: r for r in _by_field(path, on, "gender", dict(GENDER_ROWS))}
    theory_labels = dict(VietnameseLabels(PoliticalTheory))  # a statistics form: Vietnamese
    theory = {r.label: r for r in _by_field(path, on, "political_theory", theory_labels)}
    party = _bands(path, on, "party_age", PARTY_AGE_BANDS)
    end = _totals(path, on)
    party.append(Row(PROBATIONARY_ROW, 0, end.probationary))
    out = [
        Breakdown("gender", "Đảng viên chia theo giới tính", "Giới tính",
                  [gender.get(label, Row(label)) for _, label in GENDER_ROWS]),
        Breakdown("ethnicity", "Đảng viên chia theo dân tộc", "Dân tộc",
                  _ordered(_by_field(path, on, "ethnicity"), ["Kinh"])),
        Breakdown("religion", "Đảng viên chia theo tôn giáo", "Tôn giáo",
                  _ordered(_by_field(path, on, "religion"), ["Không"]) if show_religion else [],
                  hidden=not show_religion,
                  note="" if show_religion else "Không đủ quyền xem thông tin tôn giáo của tổ chức này."),
        Breakdown("age", "Đảng viên chia theo độ tuổi (tuổi tròn đến 31/12)", "Độ tuổi",
                  _bands(path, on, "age", AGE_BANDS)),
        Breakdown("education", "Đảng viên chia theo trình độ giáo dục phổ thông", "Giáo dục phổ thông",
                  _ordered(_by_field(path, on, "education"))),
        Breakdown("political_theory", "Đảng viên chia theo trình độ lý luận chính trị", "Lý luận chính trị",
                  [theory.get(theory_labels[k], Row(theory_labels[k])) for k in THEORY_ORDER]),
        Breakdown("party_age", "Đảng viên chia theo tuổi đảng (tuổi đảng tròn đến 31/12)", "Tuổi đảng", party,
                  note="Tuổi đảng chỉ tính cho đảng viên chính thức, từ ngày quyết định kết nạp, "
                       "trừ thời gian không sinh hoạt đảng."),
    ]
    return out


def _during(path: str, start: date, end: date, field_name: str = "org_after__path") -> Q:
    """Events dated start..end whose `field_name` lay in the subtree at `path` on the event's own date (the tree
    as it stood then: organisations moved by a decision during the period count where they were that day)."""
    if not path:
        return Q()
    cuts = [d for d in history.move_dates(start, end) if d > start]
    bounds = [start, *cuts]
    q = Q()
    for i, a in enumerate(bounds):
        b = cuts[i] - timedelta(days=1) if i < len(cuts) else end
        q |= Q(effective_date__gte=a, effective_date__lte=b) & history.under_q(path, a, field_name)
    return q


def _crossing(path: str, start: date, end: date) -> tuple[int, int]:
    """(into, out of) the subtree at `path`: members moved with whole organisations by a decision in the period,
    counted on the list the day before the move."""
    into = out = 0
    if not path:
        return 0, 0
    for m in history.moves_between(start, end):
        day_before = m.effective_date - timedelta(days=1)
        before = history.path_as_of(m.organization.path, day_before).startswith(
            history.path_as_of(path, day_before))
        after = history.path_as_of(m.organization.path, m.effective_date).startswith(
            history.path_as_of(path, m.effective_date))
        if before != after:
            n = asof.counts_as_of(day_before, m.organization.path).total
            into, out = (into + n, out) if after else (into, out + n)
    return into, out


def movements(path: str, start: date, end: date) -> list[Movement]:
    year = MemberEvent.objects.filter(effective_date__gte=start, effective_date__lte=end)
    simple = {r["kind"]: r["n"] for r in year.filter(_during(path, start, end), kind__in=[
        EventKind.ADMISSION, EventKind.READMISSION, EventKind.RECOGNITION, EventKind.TRANSFER_IN,
        EventKind.TRANSFER_OUT, EventKind.REMOVAL, EventKind.EXPULSION, EventKind.RESIGNATION,
        EventKind.DEATH]).exclude(  # admitted or recognised elsewhere, before transferring in: not here
        kind__in=[EventKind.ADMISSION, EventKind.RECOGNITION], status_after=Status.TRANSFERRED_OUT,
    ).values("kind").annotate(n=Count("id")).order_by()}
    if path:
        inside, came_from = _during(path, start, end), _during(path, start, end, "from_organization__path")
        transfers, reorganized = year.filter(kind=EventKind.TRANSFER), year.filter(kind=EventKind.REORGANIZATION)
        moved_in = transfers.filter(inside).exclude(came_from).count()
        moved_out = transfers.filter(came_from).exclude(inside).count()
        org_in, org_out = _crossing(path, start, end)
        reorg_in = reorganized.filter(inside).exclude(came_from).count() + org_in
        reorg_out = reorganized.filter(came_from).exclude(inside).count() + org_out
    else:
        moved_in = moved_out = reorg_in = reorg_out = 0
    before = (MemberEvent.objects.filter(member=OuterRef("member"))
              .filter(Q(effective_date__lt=OuterRef("effective_date"))
                      | Q(effective_date=OuterRef("effective_date"), id__lt=OuterRef("id")))
              .order_by("-effective_date", "-id").values("status_after")[:1])
    removed_probationary = (year.filter(_during(path, start, end), kind=EventKind.REMOVAL)
                            .annotate(before=Subquery(before)).filter(before=Status.PROBATIONARY).count())
    s = simple.get
    outside_in, outside_out = s(EventKind.TRANSFER_IN, 0), s(EventKind.TRANSFER_OUT, 0)
    # Whether Biểu 1 counts moves by reorganisation as transfers is UNCONFIRMED (a setting; rules-2025-2026.md
    # §1.3): by default they are their own line, never mixed into the transfers.
    as_transfers = reorganization_settings().count_as_transfers
    if as_transfers:
        reorg_lines_in = [Movement("reorganization_in", "trong đó: do sắp xếp tổ chức", reorg_in, +1, of_which=True)]
        reorg_lines_out = [Movement("reorganization_out", "trong đó: do sắp xếp tổ chức", reorg_out, -1,
                                    of_which=True)]
        moved_in, moved_out = moved_in + reorg_in, moved_out + reorg_out
    else:
        reorg_lines_in = [Movement("reorganization_in", "Tăng do sắp xếp tổ chức", reorg_in, +1)]
        reorg_lines_out = [Movement("reorganization_out", "Giảm do sắp xếp tổ chức", reorg_out, -1)]
    return [
        Movement("admission", "Kết nạp mới", s(EventKind.ADMISSION, 0), +1),
        Movement("readmission", "Kết nạp lại", s(EventKind.READMISSION, 0), +1),
        Movement("transfer_in", "Chuyển sinh hoạt đến", moved_in + outside_in, +1),
        Movement("transfer_in_outside", "trong đó: từ ngoài hệ thống", outside_in, +1, of_which=True),
        *reorg_lines_in,
        Movement("death", "Từ trần", s(EventKind.DEATH, 0), -1),
        Movement("expulsion", "Khai trừ", s(EventKind.EXPULSION, 0), -1),
        Movement("removal", "Xóa tên", s(EventKind.REMOVAL, 0), -1),
        Movement("removal_probationary", "trong đó: đảng viên dự bị", removed_probationary, -1, of_which=True),
        Movement("resignation", "Xin ra khỏi Đảng", s(EventKind.RESIGNATION, 0), -1),
        Movement("transfer_out", "Chuyển sinh hoạt đi", moved_out + outside_out, -1),
        Movement("transfer_out_outside", "trong đó: ra ngoài hệ thống", outside_out, -1, of_which=True),
        *reorg_lines_out,
        Movement("recognition", "Công nhận đảng viên chính thức", s(EventKind.RECOGNITION, 0), 0),
    ]


def organization_rows(root: Organization | None, on: date) -> list[OrgRow]:
    """Every organisation of the subtree that existed on `on` (or had members then), own and subtree counts; the
    subtree as it stood on `on` (organisations moved by a decision since are where they were)."""
    path = root.path if root else ""
    moves = history.moves_after(on)
    own = {org_id: counted for (org_id, _key), counted in state_at(path, on, by_org=True).items()}
    orgs = Organization.objects.filter(history.under_q(path, on, moves=moves)).filter(
        Q(founded_on__isnull=True) | Q(founded_on__lte=on)).order_by("path")
    kinds = dict(VietnameseLabels(OrgKind))
    base = len(history.path_as_of(root.path, on, moves)) // STEP if root else 1
    rows: dict[str, OrgRow] = {}
    for pk, now, code, name, kind, ended in orgs.values_list("pk", "path", "code", "name", "kind", "ended_on"):
        if ended is not None and ended <= on and pk not in own:
            continue  # ended by then, with no member left on its roll (tested here: the nation has 300.000 ids)
        oo, pp = own.get(pk, (0, 0))
        then = history.path_as_of(now, on, moves) if moves else now
        rows[then] = OrgRow(code, name, kinds.get(kind, kind), len(then) // STEP - base, oo, pp)
    rows = dict(sorted(rows.items()))
    # Roll own counts up to every ancestor listed: deepest first, each row's subtree counts (its own and its
    # descendants', already added) go once to its nearest listed ancestor (not to every ancestor: 300.000 rows).
    for p in sorted(rows, key=len, reverse=True):
        r = rows[p]
        r.sub_official += r.official
        r.sub_probationary += r.probationary
        for i in range(len(p) - STEP, 0, -STEP):
            a = rows.get(p[:i])
            if a is not None:
                a.sub_official += r.sub_official
                a.sub_probationary += r.sub_probationary
                break
    return list(rows.values())


@replica.reading()  # reads on the replica when there is one (core/replica.py)
def year_statistics(scope: Scope, year: int, org: Organization | None = None) -> YearStatistics:
    if org is None and not scope.is_admin:
        raise ScopeDenied(_("Chọn một tổ chức đảng trong phạm vi của bạn."))
    if org is not None:
        scope.require(READ, org, formatted(_("Bạn không có quyền xem số liệu của «%(org)s»."), org=org.name))
    with history.read_once(), closing.read_once():  # the move records and the closed dates read once
        return _year_statistics(scope, year, org)


def _year_statistics(scope: Scope, year: int, org: Organization | None) -> YearStatistics:
    path = org.path if org else ""
    on = date(year, 12, 31)
    start_on = date(year - 1, 12, 31)
    show_religion = scope.can_see_sensitive_path(path) if path else scope.is_admin
    return YearStatistics(
        year=year, as_of=on, organization_code=org.code if org else "",
        organization_name=org.name if org else "Toàn bộ các tổ chức đảng",
        start=_totals(path, start_on), end=_totals(path, on),
        organizations=organization_rows(org, on),
        breakdowns=breakdowns(path, on, show_religion),
        movements=movements(path, start_on + timedelta(days=1), on),
    )


# -- rendering ------------------------------------------------------------------------------------------------
def _sheet_name(name: str, used: set[str]) -> str:
    clean = "".join(ch for ch in name if ch not in "[]:*?/\\")[:31] or "Biểu"
    out, i = clean, 2
    while out in used:
        out = f"{clean[:28]} {i}"
        i += 1
    used.add(out)
    return out


@in_vietnamese
def render_xlsx(stats: YearStatistics, out, prepared_by: str = "", made_on: date | None = None) -> list[str]:
    """One sheet per table; returns the sheet names. Small workbook: normal (not constant_memory) mode."""
    from dangbo.exchange.workbook import xlsx_workbook

    made_on = made_on or timezone.localdate()
    wb = xlsx_workbook(out)
    f_title = wb.add_format({"bold": True, "font_size": 14, "align": "center"})
    f_sub = wb.add_format({"italic": True, "align": "center"})
    f_head = wb.add_format({"bold": True, "border": 1, "text_wrap": True, "align": "center",
                            "valign": "vcenter", "bg_color": "#F2F2F2"})
    f_cell = wb.add_format({"border": 1})
    f_num = wb.add_format({"border": 1, "num_format": "#,##0"})
    f_pct = wb.add_format({"border": 1, "num_format": "0.0%"})
    f_bold = wb.add_format({"border": 1, "bold": True})
    f_bold_num = wb.add_format({"border": 1, "bold": True, "num_format": "#,##0"})
    f_center = wb.add_format({"align": "center"})
    f_center_b = wb.add_format({"align": "center", "bold": True})
    used: set[str] = set()

    def start(name: str, table_title: str, headers: list[str], widths: list[int]):
        ws = wb.add_worksheet(_sheet_name(name, used))
        last = len(headers) - 1
        ws.merge_range(0, 0, 0, last, stats.title, f_title)
        ws.merge_range(1, 0, 1, last, f"Tổ chức: {stats.organization_name}", f_sub)
        ws.merge_range(2, 0, 2, last, table_title, f_center_b)
        for i, (h, w) in enumerate(zip(headers, widths, strict=True)):
            ws.set_column(i, i, w)
            ws.write_string(4, i, h, f_head)
        ws.set_row(4, 30)
        ws.freeze_panes(5, 0)
        return ws

    def footer(ws, row: int, ncols: int):
        right = max(ncols - 2, 0)
        ws.merge_range(row + 1, right, row + 1, ncols - 1,
                       f"Ngày {made_on.day} tháng {made_on.month} năm {made_on.year}", f_center)
        ws.merge_range(row + 2, right, row + 2, ncols - 1, "Người lập biểu", f_center_b)
        if prepared_by:
            ws.merge_range(row + 6, right, row + 6, ncols - 1, prepared_by, f_center)

    # Tăng, giảm (Biểu 1)
    ws = start("Tăng giảm", f"Tăng, giảm đảng viên từ 01/01/{stats.year} đến 31/12/{stats.year}",
               ["Chỉ tiêu", "Số lượng"], [52, 14])
    r = 5
    lines = [(f"A. Đảng viên đầu kỳ (đến 31/12/{stats.year - 1})", stats.start.total, True),
             ("   Chính thức", stats.start.official, False), ("   Dự bị", stats.start.probationary, False),
             ("B. Tăng trong năm", stats.increases, True)]
    lines += [(("      " if m.of_which else "   ") + m.label, m.count, False) for m in stats.movements if m.sign > 0]
    lines += [("C. Giảm trong năm", stats.decreases, True)]
    lines += [(("      " if m.of_which else "   ") + m.label, m.count, False) for m in stats.movements if m.sign < 0]
    lines += [(f"D. Đảng viên cuối kỳ (đến 31/12/{stats.year})", stats.end.total, True),
              ("   Chính thức", stats.end.official, False), ("   Dự bị", stats.end.probationary, False)]
    lines += [(m.label + " trong năm", m.count, True) for m in stats.movements if m.sign == 0]
    for label, n, bold in lines:
        ws.write_string(r, 0, label, f_bold if bold else f_cell)
        ws.write_number(r, 1, n, f_bold_num if bold else f_num)
        r += 1
    footer(ws, r, 2)

    # Theo tổ chức
    ws = start("Theo tổ chức", "Đảng viên chia theo tổ chức đảng",
               ["Mã", "Tổ chức đảng", "Loại hình", "Chính thức", "Dự bị", "Tổng số",
                "Chính thức (cả trực thuộc)", "Dự bị (cả trực thuộc)", "Tổng số (cả trực thuộc)"],
               [12, 44, 22, 11, 11, 11, 13, 13, 13])
    r = 5
    for o in stats.organizations:
        ws.write_string(r, 0, o.code, f_cell)
        ws.write_string(r, 1, "    " * o.level + o.name, f_bold if o.level == 0 else f_cell)
        ws.write_string(r, 2, o.kind, f_cell)
        for c, n in enumerate([o.official, o.probationary, o.total, o.sub_official, o.sub_probationary,
                               o.sub_total], start=3):
            ws.write_number(r, c, n, f_num)
        r += 1
    footer(ws, r, 9)

    # Breakdowns
    for b in stats.breakdowns:
        ws = start(b.sheet, b.title, ["Chỉ tiêu", "Tổng số", "Chính thức", "Dự bị", "Tỷ lệ"], [40, 11, 11, 11, 9])
        r = 5
        if b.hidden:
            ws.write_string(r, 0, b.note, f_cell)
            footer(ws, r + 1, 5)
            continue
        grand = b.sum.total
        for row in b.rows + [b.sum]:
            bold = row.label == "Cộng"
            ws.write_string(r, 0, row.label, f_bold if bold else f_cell)
            for c, n in enumerate([row.total, row.official, row.probationary], start=1):
                ws.write_number(r, c, n, f_bold_num if bold else f_num)
            ws.write_number(r, 4, row.total / grand if grand else 0, f_pct)
            r += 1
        if b.note:
            ws.write_string(r + 1, 0, b.note)
            r += 1
        footer(ws, r + 1, 5)
    wb.close()
    return sorted(used)


@in_vietnamese
def export_statistics(scope: Scope, year: int, org: Organization | None, out, *, actor,
                      prepared_by: str = "") -> YearStatistics:
    """Compute, render to `out` and audit ("export.statistics")."""
    from dangbo.core import audit

    stats = year_statistics(scope, year, org)
    render_xlsx(stats, out, prepared_by=prepared_by)
    # A plain record, not a registered action: an export changes no data; the event only says who took what.
    audit.record("export.statistics", actor=actor, org_path=org.path if org else "",
                 summary=f"Xuất thống kê đảng viên năm {year} – {stats.organization_name}",
                 data={"year": year, "organization": stats.organization_code, "members": stats.end.total})
    return stats
