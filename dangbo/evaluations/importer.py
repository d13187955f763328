"""Import past years' per-member results from .xlsx/.csv: preview, then all-or-nothing commit.

Columns (headers matched without diacritics or case): Họ và tên, Số thẻ đảng viên and/or Số CCCD (to find
the member), Năm, Mức xếp loại (full label or HTXSNV/HTTNV/HTNV/KHTNV), optional Số quyết định, Ngày quyết
định. Members are looked up in the subtree of the chosen organisation only (scope). Each year is checked
by the regime of that year: a quota exceeded in an old year is a finding, stored with the rows, never an
error — published history must load. Errors (unknown member, bad level, year outside 2018…this year, two
rows for the same member and year, a year already decided in a live review) are named by row and column,
and nothing is written while any remains.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangbo.core import audit
from dangbo.core.actions import audited_action, fail, writes
from dangbo.exchange.parsing.dates import parse_date
from dangbo.exchange.parsing.errors import ExchangeError
from dangbo.exchange.parsing.headers import find_columns
from dangbo.exchange.parsing.readers import cell_text, read_table
from dangbo.members.models import Member
from dangbo.rules import ratings as rules
from dangbo.rules.text import search_key

from . import actions
from .actions.common import later
from .models import LEVEL_KEYS, MemberRating, RatingStatus, Review

HEADERS = {
    "full_name": ("ho va ten", "ho ten", "ten dang vien"),
    "card_number": ("so the dang vien", "so the", "so the dv"),
    "citizen_id": ("so cccd", "cccd", "so can cuoc", "so can cuoc cong dan", "so dinh danh"),
    "year": ("nam", "nam xep loai", "nam danh gia"),
    "level": ("muc xep loai", "xep loai", "ket qua xep loai", "muc", "ket qua"),
    "decision_number": ("so quyet dinh", "so qd", "so thong bao"),
    "decision_date": ("ngay quyet dinh", "ngay qd"),
}
LABELS = {"full_name": "Họ và tên", "card_number": "Số thẻ đảng viên", "citizen_id": "Số CCCD", "year": "Năm",
          "level": "Mức xếp loại", "decision_number": "Số quyết định", "decision_date": "Ngày quyết định"}
LEVEL_WORDS = {search_key(rules.LEVEL_LABELS[lv]): int(lv) for lv in rules.Level}
LEVEL_WORDS |= {search_key(rules.LEVEL_SHORT[lv]): int(lv) for lv in rules.Level}
MAX_ROWS = 20_000


def _said(message, /, **params) -> str:
    """A line of the preview, read when shown (in the reader's language; the commit re-reads in Vietnamese)."""
    return later(lambda: message % params)


@dataclass
class Preview:
    rows: list[dict] = field(default_factory=list)  # {row, member_id, name, year, level, decision_number, ...}
    errors: list[str] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)  # per year and pool, with "year"

    @property
    def years(self) -> list[int]:
        return sorted({r["year"] for r in self.rows})


def _map_headers(headers: list[str]) -> tuple[dict[str, int], list[str]]:
    index, _unknown = find_columns(headers, HEADERS)
    errors = [_said(_("Thiếu cột «%(column)s»."), column=LABELS[key]) for key in ("year", "level") if key not in index]
    if "card_number" not in index and "citizen_id" not in index:
        errors.append(_("Cần cột «Số thẻ đảng viên» hoặc «Số CCCD» để tìm đảng viên."))
    return index, errors



def read_mapped(source, filename, map_headers, errors: list):
    """The file's table and its columns by key (`map_headers`), or (None, None) with the reasons in `errors`."""
    try:
        table = read_table(source, filename)
    except ExchangeError as exc:
        errors.append(str(exc))
        return None, None
    index, errs = map_headers(table.headers)
    if errs:
        errors += errs
        return None, None
    return table, index


def preview(org, source, filename: str | None = None) -> Preview:
    out = Preview()
    table, index = read_mapped(source, filename, _map_headers, out.errors)
    if table is None:
        return out
    raw = []
    for number, cells in table.rows:
        if len(raw) >= MAX_ROWS:
            out.errors.append(_said(_("Tệp có hơn %(rows)s dòng: hãy chia nhỏ."), rows=MAX_ROWS))
            return out
        raw.append((number, cells))
    members = Member.objects.filter(org_path__startswith=org.path)
    cards = {str(c).strip() for _, cells in raw for c in [cells[index["card_number"]]] if c} \
        if "card_number" in index else set()
    ids = {str(c).strip() for _, cells in raw for c in [cells[index["citizen_id"]]] if c} \
        if "citizen_id" in index else set()
    by_card = {m.card_number: m for m in members.filter(card_number__in=cards)} if cards else {}
    by_cid = {m.citizen_id: m for m in members.filter(citizen_id__in=ids)} if ids else {}
    this_year = timezone.localdate().year
    seen = {}
    for number, cells in raw:
        def cell(key, cells=cells):
            return cells[index[key]] if key in index else None

        def err(key, message, number=number):
            out.errors.append(_said(_("Dòng %(row)s, cột «%(column)s»: %(message)s"), row=number,
                                    column=table.headers[index[key]] or LABELS[key], message=message))

        card = cell_text(cell("card_number")) if "card_number" in index else ""
        cid = cell_text(cell("citizen_id"), zero_pad=12) if "citizen_id" in index else ""
        member = by_card.get(card) or by_cid.get(cid)
        if member is None:
            key = "card_number" if "card_number" in index else "citizen_id"
            err(key, _said(_("không tìm thấy đảng viên «%(who)s» trong %(org)s."),
                           who=card or cid or cell_text(cell("full_name")), org=org.name))
            continue
        ytext = cell_text(cell("year"))
        try:
            year = int(float(ytext))
        except ValueError:
            err("year", _said(_("«%(text)s» không phải năm."), text=ytext))
            continue
        if not 2018 <= year <= this_year:
            err("year", _said(_("năm %(year)s ngoài khoảng 2018–%(this_year)s (trước 2018 dùng thang xếp loại cũ: "
                                "nhập bảng kết quả đã công bố của năm đó)."), year=year, this_year=this_year))
            continue
        ltext = cell_text(cell("level"))
        level = LEVEL_WORDS.get(search_key(ltext))
        if level is None:
            err("level", _said(_("«%(text)s» không phải mức xếp loại (Hoàn thành xuất sắc nhiệm vụ, Hoàn thành tốt "
                                 "nhiệm vụ, Hoàn thành nhiệm vụ, Không hoàn thành nhiệm vụ, hoặc "
                                 "HTXSNV/HTTNV/HTNV/KHTNV)."), text=ltext))
            continue
        try:
            ddate = parse_date(cell("decision_date"), row=number, column=LABELS["decision_date"]) \
                if "decision_date" in index else None
        except ExchangeError as exc:
            err("decision_date", str(exc))
            continue
        if (member.pk, year) in seen:
            err("year", _said(_("%(name)s đã có ở dòng %(row)s cho năm %(year)s."), name=member.full_name,
                              row=seen[member.pk, year], year=year))
            continue
        seen[member.pk, year] = number
        out.rows.append({"row": number, "member_id": member.pk, "name": member.full_name, "year": year,
                         "level": level, "org_path": member.org_path, "organization_id": member.organization_id,
                         "admitted_on": member.admission_decision_date,
                         "decision_number": cell_text(cell("decision_number")) if "decision_number" in index
                         else "", "decision_date": ddate})
    live = set(MemberRating.objects.filter(member_id__in=[r["member_id"] for r in out.rows],
                                           year__in=out.years or [0], status=RatingStatus.DECIDED)
               .exclude(review__status=Review.Status.HISTORY).values_list("member_id", "year"))
    for r in out.rows:
        if (r["member_id"], r["year"]) in live:
            out.errors.append(_said(_("Dòng %(row)s: %(name)s đã có kết quả năm %(year)s được quyết định trong đợt "
                                      "kiểm điểm; không nhập đè."), row=r["row"], name=r["name"], year=r["year"]))
    out.findings = _findings(org, out.rows)
    return out


def _findings(org, rows) -> list[dict]:
    """Each year by its own regime: the quota per tổ chức cơ sở đảng (accepted, stored as findings)."""
    out = []
    by_year = defaultdict(list)
    for r in rows:
        by_year[r["year"]].append(r)
    for year, rs in sorted(by_year.items()):
        regime = rules.regime_for(year)
        pools = actions.grassroots_pools(org.path, {r["org_path"] for r in rs})
        levels = defaultdict(list)
        for r in rs:
            levels[pools[r["org_path"]]].append(r["level"])
        for pool, lv in sorted(levels.items()):
            for f in rules.quota_findings(lv, regime, subject="members"):
                out.append({**actions.finding_dict(f), "year": year, "pool": pool})
    return out


def denied_import(org) -> str:
    return _("Bạn không có quyền nhập kết quả xếp loại của «%(org)s».") % {"org": org.name}


@audited_action("rating.import_history", scope=writes(
    lambda org, **_: org, lambda org, **_: denied_import(org)))
def commit(actor, org, source, filename: str | None = None) -> Preview:
    """All or nothing: re-read and re-check the file; write every row, or nothing if any error remains."""
    result = preview(org, source, filename)
    if result.errors:
        fail(None, _("Tệp còn %(count)s lỗi, chưa ghi gì: %(errors)s"), count=len(result.errors),
             errors=later(lambda: "; ".join(map(str, result.errors[:20]))))
    if not result.rows:
        fail(None, _("Tệp không có dòng dữ liệu nào."))
    now = timezone.now()
    by_year = defaultdict(list)
    for r in result.rows:
        by_year[r["year"]].append(r)
    for year, rs in by_year.items():
        review = actions.history_review(actor, org, year)
        pools = actions.grassroots_pools(org.path, {r["org_path"] for r in rs})
        regime = rules.regime_for(year)
        MemberRating.objects.filter(review=review, member_id__in=[r["member_id"] for r in rs]).delete()
        objs = []
        for r in rs:
            findings = [f for f in result.findings if f["year"] == year and f["pool"] == pools[r["org_path"]]]
            rated, reason = rules.who_is_rated(rules.MemberFacts(admitted_on=r["admitted_on"]),
                                               date(year, 12, 31), regime)
            if not rated:
                findings = findings + [{"code": reason.code, "message": reason.message, "blocking": False,
                                        "cap": None, "source_key": reason.source_key, "document": "",
                                        "clause": "", "confidence": ""}]
            objs.append(MemberRating(
                review=review, year=year, org_path=r["org_path"], member_id=r["member_id"],
                organization_id=r["organization_id"], admitted_on=r["admitted_on"], rated=True,
                status=RatingStatus.DECIDED, self_level=r["level"], proposed_level=r["level"], level=r["level"],
                decision_number=r["decision_number"] or "", decision_date=r["decision_date"], decided_by=actor
                if getattr(actor, "pk", None) else None, decided_at=now, findings=findings, imported=True))
        MemberRating.objects.bulk_create(objs, batch_size=2000)
    audit.record("rating.import_history", actor=actor, obj=org, org_path=org.path,
                 summary=f"Nhập kết quả xếp loại các năm {', '.join(map(str, result.years))}: "
                         f"{len(result.rows)} dòng, {len(result.findings)} cảnh báo theo quy định từng năm",
                 data={"file": filename or "", "rows": len(result.rows), "years": result.years,
                       "levels": {y: {LEVEL_KEYS[lv]: sum(1 for r in rs if r["level"] == lv) for lv in (1, 2, 3, 4)}
                                  for y, rs in by_year.items()},
                       "findings": [f["code"] for f in result.findings]})
    return result
