"""Renderers of the year-end report data: .docx (from the editable template), PDF (LibreOffice), news text."""

from __future__ import annotations

import io
import os
from datetime import date
from decimal import Decimal
from pathlib import Path

from dangbo.core import printing
from dangbo.rules.targets import MET_VERDICTS, decimals_of
from dangbo.rules.text import Text, first_upper, format_date, format_number, format_percent, gettext_noop, joined_text
from dangbo.rules.text import text as _

from . import sources
from .build_template import TEMPLATE
from .chart import chart_png
from .checks import summary_line

# rules.md §7: members at the end of the year; the summary line of the movement section (Biểu 1 B, C).
# Each sentence is a rules.text.Text: Vietnamese in the .docx, PDF and news text (built in_vietnamese), in the
# page's language on the dashboard; the figures keep the Vietnamese style (2.983) in both.
MOVEMENT_LABELS = [("admission", gettext_noop("kết nạp mới %(n)s đảng viên")),
                   ("readmission", gettext_noop("kết nạp lại %(n)s")),
                   ("recognition", gettext_noop("công nhận đảng viên chính thức %(n)s đồng chí")),
                   ("transfer_in", gettext_noop("tiếp nhận %(n)s đảng viên chuyển đến")),
                   ("transfer_out", gettext_noop("chuyển sinh hoạt đi %(n)s đảng viên")),
                   ("reorganization_in", gettext_noop("tiếp nhận %(n)s đảng viên do sắp xếp tổ chức")),
                   ("reorganization_out", gettext_noop("chuyển đi %(n)s đảng viên do sắp xếp tổ chức")),
                   ("death", gettext_noop("%(n)s đồng chí từ trần")),
                   ("expulsion", gettext_noop("khai trừ %(n)s")), ("removal", gettext_noop("xóa tên %(n)s")),
                   ("resignation", gettext_noop("%(n)s xin ra khỏi Đảng"))]


def so(n) -> str:
    return format_number(n)


def pct(x) -> str:
    return "" if x is None else format_percent(Decimal(str(x)))


def is_missing(section) -> bool:
    return isinstance(section, dict) and "missing" in section


def date_line(place: str, d: date) -> str:
    return f"{place or '…'}, ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"


def sentence(parts: list, sep: str = "; ") -> str:
    """Parts (Texts) joined by `sep`, with a full stop: a Text read in the page's language."""
    return Text("%(text)s.", {"text": joined_text(parts, sep)})


def org_line(data: dict) -> str:
    m = data["members"]
    y = data["year"]
    parts = []
    if m["partial_committees"]:
        parts.append(_("%(n)s đảng bộ bộ phận", n=so(m["partial_committees"])))
    if m["grassroots"]:
        parts.append(_("%(n)s tổ chức cơ sở đảng", n=so(m["grassroots"])))
    if m["cells"]:
        parts.append(_("%(n)s chi bộ trực thuộc", n=so(m["cells"])))
    orgs = joined_text(parts, ", ")
    e, s = m["end"], m["start"]
    name = data["organization"]["name"]
    if m.get("published"):
        return published_org_line(data, orgs if parts else "")
    if m.get("register_empty"):
        if parts:
            return _("Đến ngày 31/12/%(year)s, %(org)s có %(orgs)s, chưa có dữ liệu đảng viên (sổ đảng viên chưa có "
                     "đảng viên đến ngày này).", year=y, org=name, orgs=orgs)
        return _("Đến ngày 31/12/%(year)s, %(org)s có chưa có dữ liệu đảng viên (sổ đảng viên chưa có đảng viên đến "
                 "ngày này).", year=y, org=name)
    figures = {"year": y, "org": name, "total": so(e["total"]), "official": so(e["official"]),
               "probationary": so(e["probationary"]), "start": so(s["total"])}
    if parts:
        return _("Đến ngày 31/12/%(year)s, %(org)s có %(orgs)s, %(total)s đảng viên (%(official)s chính thức, "
                 "%(probationary)s dự bị); đầu năm có %(start)s đảng viên.", orgs=orgs, **figures)
    return _("Đến ngày 31/12/%(year)s, %(org)s có %(total)s đảng viên (%(official)s chính thức, %(probationary)s dự "
             "bị); đầu năm có %(start)s đảng viên.", **figures)


# The published figures of a year the register does not cover (data.published_figures): their own sentences, each
# saying whose figures they are; never added to computed ones.
PUBLISHED_MOVES = [("admitted", gettext_noop("kết nạp mới %(n)s đảng viên")),
                   ("recognised", gettext_noop("công nhận đảng viên chính thức %(n)s đồng chí")),
                   ("transferred_in", gettext_noop("tiếp nhận %(n)s đảng viên chuyển đến")),
                   ("transferred_out", gettext_noop("chuyển sinh hoạt đi %(n)s đảng viên")),
                   ("removed", gettext_noop("xóa tên %(n)s")), ("expelled", gettext_noop("khai trừ %(n)s")),
                   ("deceased", gettext_noop("%(n)s đồng chí từ trần")),
                   ("commitments", gettext_noop("%(n)s bản cam kết tu dưỡng, rèn luyện")),
                   ("not_rated", gettext_noop("%(n)s đảng viên không xếp loại"))]
PUBLISHED_COMMENDATIONS = [("commended_collectives", gettext_noop("khen thưởng %(n)s tập thể")),
                           ("commended_five_years", gettext_noop("%(n)s đảng viên hoàn thành xuất sắc nhiệm vụ 5 "
                                                                 "năm liền")),
                           ("commended_members", gettext_noop("%(n)s đảng viên khác"))]


def published_source(p: dict) -> str:
    return _("theo số liệu đã công bố (%(source)s)", source=p["source_document"])


def published_org_line(data: dict, orgs) -> str:
    p = data["members"]["published"]
    f = p["figures"]
    parts = [orgs] if orgs and f["cells"] is None else []  # the published count of chi bộ, when there is one
    if f["cells"] is not None:
        parts.append(_("%(n)s chi bộ trực thuộc", n=so(f["cells"])))
    if f["members_total"] is not None:
        split = [Text(t, {"n": so(f[k])}) for k, t in (("members_official", gettext_noop("%(n)s chính thức")),
                                                       ("members_probationary", gettext_noop("%(n)s dự bị")))
                 if f[k] is not None]
        parts.append(_("%(total)s đảng viên (%(split)s)", total=so(f["members_total"]), split=joined_text(split, ", "))
                     if split else _("%(total)s đảng viên", total=so(f["members_total"])))
    if f["members_start"] is not None:
        parts.append(_("đầu năm có %(n)s đảng viên", n=so(f["members_start"])))
    if not parts:
        parts.append(_("chưa có dữ liệu đảng viên"))
    return _("Đến ngày 31/12/%(year)s, %(org)s có %(figures)s, %(source)s.", year=data["year"],
             org=data["organization"]["name"], figures=joined_text(parts, "; "), source=published_source(p))


def published_movements_line(data: dict) -> str:
    p = data["members"]["published"]
    f = p["figures"]
    done = [Text(t, {"n": so(f[k])}) for k, t in PUBLISHED_MOVES if f[k] is not None]
    if p.get("not_rated_reasons") and f["not_rated"]:
        done[-1] = _("%(n)s đảng viên không xếp loại (%(reasons)s)", n=so(f["not_rated"]),
                     reasons=p["not_rated_reasons"])
    if not done:
        return _("Năm %(year)s: chưa có số liệu đã công bố về biến động đảng viên.", year=data["year"])
    return _("Trong năm %(year)s, %(movements)s, %(source)s.", year=data["year"], movements=joined_text(done, "; "),
             source=published_source(p))


def published_commendations_line(data: dict) -> str:
    p = data["members"]["published"]
    f = p["figures"]
    done = [Text(t, {"n": so(f[k])}) for k, t in PUBLISHED_COMMENDATIONS if f[k] is not None]
    return _("Khen thưởng năm %(year)s: %(kinds)s, %(source)s.", year=data["year"], kinds=joined_text(done, "; "),
             source=published_source(p))


def movements_line(data: dict) -> str:
    if data["members"].get("published"):
        return published_movements_line(data)
    mv = data["members"]["movements"]
    done = [Text(template, {"n": so(mv[k])}) for k, template in MOVEMENT_LABELS if mv.get(k)]
    if not done:
        return _("Trong năm %(year)s không có biến động về đảng viên.", year=data["year"])
    return _("Trong năm %(year)s, %(movements)s.", year=data["year"], movements=joined_text(done, "; "))


def _scale_key(ratings: dict) -> str | None:
    """The scale a year's ratings are in: None for the four levels from 2018 (counted or published as counts)."""
    scale = ratings.get("scale") if not is_missing(ratings) else None
    return None if not scale or scale["current"] else scale["key"]


def _level_rows(cur: dict, prev: dict, part: str) -> list[dict]:
    other = not is_missing(prev) and _scale_key(cur) != _scale_key(prev)
    prev_rows = {r["key"]: r for r in prev[part]["rows"]} if not is_missing(prev) and not other else {}
    out = []
    for r in cur[part]["rows"]:
        p = prev_rows.get(r["key"])
        # The level's label is read in the page's language on screen (a Text), Vietnamese in the .docx.
        label = Text(r["label"])
        if r.get("within"):
            label = _("trong đó: %(label)s", label=label)
        share = pct(r["share"]) if r.get("decimals") is None or r["count"] is not None else \
            format_percent(Decimal(str(r["share"])), r["decimals"])
        published = not is_missing(prev) and prev.get("scale")  # a level absent there was not published
        prev_count = _("thang xếp loại khác") if other else (
            (so(p["count"]) if p["count"] is not None else "–") if p else
            _("không công bố") if published else _("chưa có dữ liệu"))
        out.append({"label": label, "count": so(r["count"]) if r["count"] is not None else "–", "share": share,
                    "url": r.get("url", ""), "prev_count": prev_count, "prev_share": pct(p["share"]) if p else ""})
    return out


def scale_line(cur: dict, prev: dict) -> str:
    """Under another scale than the four levels of 2018, or published as shares only: which, and from where."""
    scale = cur.get("scale") if not is_missing(cur) else None
    if not scale:
        return ""
    parts = []
    if not scale["current"]:
        parts.append(_("Xếp loại theo các mức của %(document)s (áp dụng %(years)s), khác thang 4 mức từ năm 2018: "
                       "số liệu giữ nguyên như đã công bố, không quy đổi", document=scale["document"],
                       years=scale["years_label"]))
    if scale["as_shares"]:
        parts.append(_("chỉ công bố tỷ lệ, không có số lượng"))
    parts.append(_("nguồn: %(sources)s", sources="; ".join(scale["source_documents"])))
    if not is_missing(prev) and _scale_key(cur) != _scale_key(prev):
        parts.append(_("năm trước xếp loại theo thang khác: không so sánh"))
    return sentence(parts, "; ")


# Each part words its own sentence (the English plural differs from the label «đảng viên»).
_RATED = {
    "members": (gettext_noop("%(n)s đảng viên được đánh giá, xếp loại"),
                gettext_noop("%(n)s đảng viên chưa có quyết định xếp loại"),
                gettext_noop("%(n)s đảng viên không xếp loại")),
    "organizations": (gettext_noop("%(n)s tổ chức đảng được đánh giá, xếp loại"),
                      gettext_noop("%(n)s tổ chức đảng chưa có quyết định xếp loại"),
                      gettext_noop("%(n)s tổ chức đảng không xếp loại")),
}


def rated_line(cur: dict, part: str) -> str:
    """«N đảng viên được đánh giá, xếp loại; …» for `part` (members or organizations)."""
    r = cur[part]
    rated, undecided, not_rated = _RATED[part]
    if r["rated"] is None:  # shares only, the base not published
        return _("tổng số được đánh giá không được công bố")
    parts = [Text(rated, {"n": so(r["rated"])})]
    if r.get("undecided"):
        parts.append(Text(undecided, {"n": so(r["undecided"])}))
    if r["not_rated"]:
        parts.append(Text(not_rated, {"n": so(r["not_rated"])}))
    return sentence(parts)


COMMENDATION_LABELS = (("bang_khen_collective", gettext_noop("Bằng khen cho %(n)s tập thể")),
                       ("bang_khen_individual", gettext_noop("Bằng khen cho %(n)s cá nhân")),
                       ("giay_khen_collective", gettext_noop("Giấy khen cho %(n)s tập thể")),
                       ("giay_khen_individual", gettext_noop("Giấy khen cho %(n)s cá nhân")))


def commendations_line(data: dict) -> str:
    published = data["members"].get("published")
    if published and not data["commendations"]["total"] and any(
            published["figures"][k] is not None for k, _t in PUBLISHED_COMMENDATIONS):
        return published_commendations_line(data)
    c = data["commendations"]
    k = c["counts"]
    if not c["total"]:
        parts = [_("Trong năm %(year)s chưa có quyết định khen thưởng nào được ghi vào sổ", year=data["year"])]
    else:
        kinds = [Text(label, {"n": so(k[key])}) for key, label in COMMENDATION_LABELS if k[key]]
        parts = [_("Trong năm %(year)s, có %(total)s quyết định khen thưởng: %(kinds)s", year=data["year"],
                   total=so(c["total"]), kinds=joined_text(kinds, "; "))]
    if c["proposed"]:
        parts.append(_("%(n)s đề nghị đang chờ quyết định", n=so(c["proposed"])))
    return sentence(parts)


def badges_line(data: dict) -> str:
    b = data["badges"]
    if not b["total"]:
        return _("Trong năm %(year)s chưa trao Huy hiệu Đảng nào.", year=data["year"])
    parts = joined_text([_("%(n)s Huy hiệu %(years)s năm tuổi đảng", n=so(r["count"]), years=r["years"])
                         for r in b["rows"]], ", ")
    return _("Trao tặng %(total)s Huy hiệu Đảng: %(parts)s.", total=so(b["total"]), parts=parts)


def documents_line(data: dict) -> str:
    d = data["documents"]
    y = data["year"]
    if is_missing(d):
        return Text("%(text)s.", {"text": d["missing"].capitalize()})
    if not d["total"]:  # nothing registered in the year: unknown, not "giảm 100%"
        return _("Chưa có dữ liệu sổ văn bản đi, đến năm %(year)s.", year=y)
    figures = {"year": y, "previous": y - 1, "total": so(d["total"]), "out": so(d["out"]), "in": so(d["in"])}
    if d["change"] is None:
        return _("Trong năm %(year)s, văn phòng cấp ủy tham mưu xử lý %(total)s văn bản (%(out)s văn bản đi, %(in)s "
                 "văn bản đến); chưa có số liệu năm %(previous)s để so sánh.", **figures)
    if d["change"] >= 0:
        return _("Trong năm %(year)s, văn phòng cấp ủy tham mưu xử lý %(total)s văn bản (%(out)s văn bản đi, %(in)s "
                 "văn bản đến), tăng %(change)s so với năm %(previous)s.", change=pct(round(d["change"], 1)),
                 **figures)
    return _("Trong năm %(year)s, văn phòng cấp ủy tham mưu xử lý %(total)s văn bản (%(out)s văn bản đi, %(in)s văn "
             "bản đến), giảm %(change)s so với năm %(previous)s.", change=pct(round(-d["change"], 1)), **figures)


def resolution_basis(r: dict) -> str:
    """«Căn cứ số liệu: …» of a resolution's targets, with the note of each target that has one."""
    notes = [Text("%(label)s: %(note)s.", {"label": t["label"], "note": t["note"]}) for t in r["targets"]
             if t.get("note")]
    return joined_text([_("Căn cứ số liệu: %(basis)s.", basis=r["basis"]), *notes], " ")


def actual_text(t: dict) -> str:
    if t["actual"] is None:
        return first_upper(sources.shown(t["missing"]))  # «… của Chi bộ Phòng Kinh tế»: names keep their capitals
    if t.get("units") is not None:  # a per-unit target: how many units meet it, and which do not
        short = [u["name"] for u in t["units"] if u.get("verdict") not in MET_VERDICTS]
        if short:
            return _("%(met)s/%(total)s đơn vị đạt (chưa đạt: %(names)s)", met=so(t["units_met"]),
                     total=so(t["units_total"]), names=", ".join(short))
        return _("%(met)s/%(total)s đơn vị đạt", met=so(t["units_met"]), total=so(t["units_total"]))
    v = Decimal(t["actual"])
    # As precise as the figure is (a hand-entered 98,45% stays 98,45%; computed shares have one decimal).
    places = decimals_of(v)
    text = format_percent(v, places) if t["unit"] == "%" else format_number(v, places)
    if t["unit"] == "%" and t.get("denominator"):
        text += f" ({so(t['numerator'])}/{so(t['denominator'])})"
    return text


def rule_note(t: dict) -> str:
    """« Trái quy định: … (Quy định 366-QĐ/TW …, Điều 11 …).» for a target that contradicts a rule, else ""."""
    rule = t.get("rule")
    if not rule:
        return ""
    return f" {rule['message']} (Căn cứ: {rule['source']})."


def dues_line(data: dict) -> str:
    """The dues of the year (the figures of `dangbo dues report` for the same organisation and year)."""
    d = data.get("dues") or {"missing": _("chưa có dữ liệu sổ thu nộp đảng phí")}
    if is_missing(d):
        return _("Đảng phí: %(missing)s.", missing=d["missing"])
    # dangbo.dues builds the sentence from the same figures as `dangbo dues report` (it adds up: collected =
    # kept in the subtree, by level, + remitted to the level above).
    if not d["discrepancies"]:
        return d["sentence"]
    return joined_text([d["sentence"], _("Đối chiếu với cấp dưới: %(n)s tổ chức có số nộp và số cấp trên nhận chưa "
                                         "khớp hoặc chưa xác nhận.", n=so(d["discrepancies"]))], " ")


def meetings_line(data: dict) -> str:
    """«Năm 2025, các chi bộ sinh hoạt thường kỳ 60 kỳ, chuyên đề 18 kỳ; tỷ lệ đảng viên dự sinh hoạt bình quân
    95,2%.» (the figures of the meetings page: congresses.queries.attendance_statistics)."""
    m = data.get("meetings") or {"missing": _("chưa có dữ liệu sinh hoạt chi bộ")}
    y = data["year"]
    if is_missing(m):
        return _("Sinh hoạt chi bộ năm %(year)s: %(missing)s.", year=y, missing=m["missing"])
    if not m["regular"] and not m["thematic"]:
        return _("Năm %(year)s, chưa có biên bản sinh hoạt chi bộ nào được ghi.", year=y)
    figures = {"year": y, "regular": so(m["regular"]), "thematic": so(m["thematic"])}
    if m["rate"] is not None:
        return _("Năm %(year)s, các chi bộ sinh hoạt thường kỳ %(regular)s kỳ, chuyên đề %(thematic)s kỳ; tỷ lệ đảng "
                 "viên dự sinh hoạt bình quân %(rate)s%%.", rate=format_number(m["rate"], 1), **figures)
    return _("Năm %(year)s, các chi bộ sinh hoạt thường kỳ %(regular)s kỳ, chuyên đề %(thematic)s kỳ.", **figures)


# -- kiểm tra, giám sát, kỷ luật đảng (dangbo.inspection.queries.figures) ----------------------------------------
FORM_WORDS = (("khien_trach", gettext_noop("khiển trách")), ("canh_cao", gettext_noop("cảnh cáo")),
              ("cach_chuc", gettext_noop("cách chức")), ("khai_tru", gettext_noop("khai trừ")))

# One kind's sentence: (nothing held, what was done); kiểm tra and giám sát each word it whole, for translators.
_INSPECTED = {
    "kiem_tra": (gettext_noop("chưa tiến hành cuộc kiểm tra nào"),
                 gettext_noop("kiểm tra %(whom)s (%(held)s; %(concluded)s)")),
    "giam_sat": (gettext_noop("chưa tiến hành cuộc giám sát nào"),
                 gettext_noop("giám sát %(whom)s (%(held)s; %(concluded)s)")),
}


def _inspected(k: dict, kind: str) -> str:
    """«kiểm tra 2 tổ chức đảng và 3 đảng viên (5 cuộc, …)»: one kind's figures (`kind` kiem_tra or giam_sat)."""
    nothing, done = _INSPECTED[kind]
    if not k["total"]:
        return Text(nothing)
    # «kiểm tra 2 đảng viên», not «kiểm tra 0 tổ chức đảng và 2 đảng viên», as the published reports word it.
    whom = [_("%(n)s tổ chức đảng", n=so(k["organizations"]))] if k["organizations"] else []
    if k["members"]:
        whom.append(_("%(n)s đảng viên", n=so(k["members"])))
    held = [_("%(n)s cuộc", n=so(k["total"]))]
    if k["signs"]:
        held.append(_("trong đó %(n)s cuộc khi có dấu hiệu vi phạm", n=so(k["signs"])))
    if k["thematic"]:
        held.append(_("%(n)s cuộc chuyên đề", n=so(k["thematic"])))
    concluded = [_("đã kết luận %(n)s cuộc", n=so(k["concluded"]))]
    if k["with_violations"]:
        concluded.append(_("%(n)s cuộc có vi phạm", n=so(k["with_violations"])))
    if k["discipline_required"]:
        concluded.append(_("%(n)s cuộc phải thi hành kỷ luật", n=so(k["discipline_required"])))
    return Text(done, {"whom": joined_text(whom, " và "), "held": joined_text(held, ", "),
                       "concluded": joined_text(concluded, ", ")})


_COMPLAINTS = (("khieu_nai", gettext_noop("khiếu nại %(received)s đơn, đã giải quyết %(settled)s")),
               ("to_cao", gettext_noop("tố cáo %(received)s đơn, đã giải quyết %(settled)s")))


def inspection_line(data: dict) -> str:
    """The year's kiểm tra, giám sát section in the manner of the reports: «Năm 2025, Ủy ban Kiểm tra Đảng ủy
    đã kiểm tra 2 tổ chức đảng và 3 đảng viên …; giám sát …; thi hành kỷ luật 1 đảng viên (khiển trách)»."""
    f = data.get("inspection") or {"missing": Text(sources.NO_INSPECTION_ANY)}
    if is_missing(f):
        return _("Công tác kiểm tra, giám sát: %(missing)s.", missing=f["missing"])
    org = data["organization"]
    # The figures count every body under the organisation: its cấp ủy, its ủy ban kiểm tra, its chi bộ.
    who = (_("cấp ủy, Ủy ban Kiểm tra Đảng ủy và các tổ chức đảng trực thuộc") if org["issuer"] == "ĐU"
           else org["name"])
    parts = [_("Năm %(year)s, %(who)s đã %(inspected)s", year=data["year"], who=who,
               inspected=_inspected(f["kiem_tra"], "kiem_tra")),
             _inspected(f["giam_sat"], "giam_sat")]
    d = f["disciplined"]
    if d["members"]:
        forms = [(Text(word), d["by_form"].get(key, 0)) for key, word in FORM_WORDS if d["by_form"].get(key)]
        detail = forms[0][0] if len(forms) == 1 else joined_text(
            [Text("%(form)s %(n)s", {"form": w, "n": so(n)}) for w, n in forms], ", ")
        parts.append(_("thi hành kỷ luật %(n)s đảng viên (%(detail)s)", n=so(d["members"]), detail=detail))
    else:
        parts.append(_("không có đảng viên bị thi hành kỷ luật sau kiểm tra, giám sát"))
    complaints = [Text(template, {"received": so(f[key]["received"]), "settled": so(f[key]["settled"])})
                  for key, template in _COMPLAINTS if f[key]["received"]]
    parts.append(_("tiếp nhận %(complaints)s", complaints=joined_text(complaints, "; ")) if complaints
                 else _("không nhận đơn khiếu nại, tố cáo nào"))
    return sentence(parts)


# -- phát triển đảng viên (dangbo.admission.queries.pipeline_figures) -------------------------------------------
def admission_line(data: dict) -> str:
    """Admitted in the year (the register's admissions, as in the movements line) and the pipeline now."""
    published = data["members"].get("published")
    if published:
        n = published["figures"]["admitted"]
        return _("Công tác phát triển đảng viên năm %(year)s: kết nạp mới %(admitted)s đảng viên, %(source)s.",
                 year=data["year"], admitted=_("chưa có dữ liệu") if n is None else so(n),
                 source=published_source(published))
    a = data.get("admission") or {"missing": _("chưa có dữ liệu phát triển đảng viên")}
    admitted = data["members"]["movements"].get("admission", 0)
    if is_missing(a):
        return _("Phát triển đảng viên: kết nạp mới %(admitted)s đảng viên; danh sách quần chúng: %(missing)s.",
                 admitted=so(admitted), missing=a["missing"])
    return _("Công tác phát triển đảng viên: năm %(year)s kết nạp mới %(admitted)s đảng viên; đang bồi dưỡng, xem "
             "xét %(pipeline)s quần chúng (đến ngày lập báo cáo).", year=data["year"], admitted=so(admitted),
             pipeline=so(a["in_pipeline"]))


def congress_line(data: dict) -> str:
    c = data["congress"]
    if is_missing(c):
        return _("Đại hội, nhiệm kỳ: %(missing)s.", missing=c["missing"])
    parts = [_("Nhiệm kỳ %(term)s", term=c["term_label"]) if c.get("term_label") else _("Nhiệm kỳ hiện tại")]
    if c.get("ordinal"):
        parts.append(_("theo Đại hội lần thứ %(ordinal)s", ordinal=c["ordinal"]))
    if c.get("opened_on"):
        parts.append(_("khai mạc ngày %(date)s", date=format_date(c["opened_on"])))
    if c.get("committee_size"):
        parts.append(_("cấp ủy gồm %(n)s đồng chí", n=so(c["committee_size"])))
    return sentence(parts, ", ")


def context(data: dict, made_on: date) -> dict:
    org = data["organization"]
    ratings, prev = data["ratings"], data["ratings_previous"]
    ctx = {
        "superior": org["superior"], "issuer_name": org["issuer_name"],
        "number": f"      {data['symbol']}", "place_date": date_line(data["place"], made_on),
        "year": data["year"], "next_year": data["next_year"],
        "congress_line": congress_line(data), "org_line": org_line(data), "movements_line": movements_line(data),
        "meetings_line": meetings_line(data),
        "units": [] if data["members"].get("register_empty") else [
            {"name": u["name"], "official": so(u["official"]), "probationary": so(u["probationary"]),
             "total": so(u["total"])} for u in data["members"]["units"]],
        "trend_text": joined_text([Text("%(year)s: %(figure)s", {"year": t["year"], "figure": trend_figure(t)})
                                   for t in data["trend"]], "; "),
        "ratings_missing": Text("%(text)s.", {"text": ratings["missing"].capitalize()}) if is_missing(ratings) else "",
        "commendations_line": commendations_line(data),
        "commendations": [{**c, "decision": _("%(number)s ngày %(date)s", number=c["decision"],
                                               date=format_date(c["decision_date"]))}
                          for c in data["commendations"]["rows"]],
        "badges_line": badges_line(data), "documents_line": documents_line(data),
        "dues_line": dues_line(data),
        "inspection_line": inspection_line(data), "admission_line": admission_line(data),
        "resolutions": [{"heading": _("%(title)s (số %(number)s)", title=r["title"], number=r["number"])
                         if r["number"] else r["title"], "basis": resolution_basis(r),
                         "targets": [{**t, "actual_text": actual_text(t)} for t in r["targets"]]}
                        for r in data["resolutions"]],
        "next_targets": data["next_targets"],
        # The signature block and Nơi nhận (heading.party_heading): the committee as of the report's date.
        "signer_body": org["on_behalf"], "signer_title": org["signer_title"], "signer": org["signer"],
        "receivers": org["receivers"],
        "generated_on": format_date(made_on),
        "sources_note": _("đảng viên và biến động %(published)s; chỉ tiêu từ các kỳ sơ kết, tổng kết; số liệu chưa có "
                          "được ghi rõ «chưa có dữ liệu».", published=published_source(data["members"]["published"])
                          ) if data["members"].get("published") else
        _("đảng viên và biến động tính từ lịch sử sinh hoạt đảng; chỉ tiêu từ các kỳ sơ kết, tổng "
          "kết; số liệu chưa có được ghi rõ «chưa có dữ liệu»."),
    }
    ctx.update(check_context(data))
    if not is_missing(ratings):
        ctx["member_levels"] = _level_rows(ratings, prev, "members")
        ctx["org_levels"] = _level_rows(ratings, prev, "organizations")
        ctx["members_rated_line"] = rated_line(ratings, "members")
        ctx["orgs_rated_line"] = rated_line(ratings, "organizations")
        line = scale_line(ratings, prev)
        if line:  # said before the figures, in the first line of the section (the template has no place of its own)
            ctx["members_rated_line"] = joined_text([line, ctx["members_rated_line"]], " ")
    return ctx


def trend_figure(t: dict) -> str:
    if t["total"] is None:
        return _("chưa có dữ liệu")
    if t.get("published"):
        return _("%(n)s (số liệu đã công bố)", n=so(t["total"]))
    return so(t["total"])


def provisional_line(data: dict) -> str:
    """The contract words while a review is not fully decided (see checks.PROVISIONAL); "" otherwise."""
    p = data.get("provisional") or {}
    if not p.get("provisional"):
        return ""
    return _("%(provisional)s: %(text)s. Các tỷ lệ dưới đây chỉ tính trên số đã có quyết định, chưa phải kết quả "
             "cuối cùng.", provisional=_("Số liệu tạm tính"), text=p["text"])


def coverage_line(data: dict) -> str:
    c = data.get("coverage") or {}
    if not c.get("lacking"):
        return ""
    return _("Số liệu xếp loại của %(have)s/%(of)s tổ chức đảng trực thuộc đã có kết quả năm %(year)s, chưa phải của "
             "toàn %(org)s.", have=so(c["with"]), of=so(c["of"]), year=data["year"], org=data["organization"]["name"])


def check_context(data: dict) -> dict:
    """The self-checks for the renderers: above the figures on screen, an annex in the .docx."""
    rows = data.get("checks") or []
    return {
        "provisional_line": provisional_line(data), "coverage_line": coverage_line(data),
        "checks_summary": summary_line(rows),
        "checks": [{"title": c["title"], "message": c["message"],
                    "basis": (_("Căn cứ: %(document)s – «%(clause)s»", document=c["document"], clause=c["clause"])
                              if c["clause"] else _("Căn cứ: %(document)s", document=c["document"]))
                    if c["document"] else ""} for c in rows],
    }


def render_docx(data: dict, out, *, made_on: date | None = None, template: str | Path | None = None) -> None:
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    made_on = made_on or data.get("made_on") or date.today()
    tpl = DocxTemplate(str(template or os.environ.get("DANGBO_REPORT_TEMPLATE") or TEMPLATE))
    ctx = context(data, made_on)
    ctx["chart"] = InlineImage(tpl, io.BytesIO(chart_png(data["trend"])), width=Mm(150))
    tpl.render(ctx, autoescape=True)
    tpl.save(out)


soffice = printing.soffice


def docx_to_pdf(docx_path: str, pdf_path: str, timeout: int = 180) -> None:
    """Convert through LibreOffice (core.printing, the one conversion); a clear Vietnamese error when it is not
    installed (NoLibreOffice is a RuntimeError)."""
    Path(pdf_path).write_bytes(printing.docx_to_pdf(Path(docx_path).read_bytes(), timeout=timeout))
