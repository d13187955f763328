"""Renderers of the year-end report data: .docx (from the editable template), PDF (LibreOffice), news text."""

from __future__ import annotations

import io
import os
from datetime import date
from decimal import Decimal
from pathlib import Path

from dangbo.core import printing
from dangbo.rules.targets import decimals_of
from dangbo.rules.text import Text, format_date, format_number, format_percent
from dangbo.rules.text import text as _

from .build_template import TEMPLATE
from .checks import summary_line

# rules.md §7: members at the end of the year; the summary line of the movement section (Biểu 1 B, C).
MOVEMENT_LABELS = [("admission", "kết nạp mới {n} đảng viên"), ("readmission", "kết nạp lại {n}"),
                   ("recognition", "công nhận đảng viên chính thức {n} đồng chí"),
                   ("transfer_in", "tiếp nhận {n} đảng viên chuyển đến"),
                   ("transfer_out", "chuyển sinh hoạt đi {n} đảng viên"),
                   ("reorganization_in", "tiếp nhận {n} đảng viên do sắp xếp tổ chức"),
                   ("reorganization_out", "chuyển đi {n} đảng viên do sắp xếp tổ chức"),
                   ("death", "{n} đồng chí từ trần"),
                   ("expulsion", "khai trừ {n}"), ("removal", "xóa tên {n}"), ("resignation", "{n} xin ra khỏi Đảng")]


def so(n) -> str:
    return format_number(n)


def pct(x) -> str:
    return "" if x is None else format_percent(Decimal(str(x)))


def is_missing(section) -> bool:
    return isinstance(section, dict) and "missing" in section


def date_line(place: str, d: date) -> str:
    return f"{place or '…'}, ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"


def org_line(data: dict) -> str:
    m = data["members"]
    y = data["year"]
    parts = []
    if m["partial_committees"]:
        parts.append(f"{so(m['partial_committees'])} đảng bộ bộ phận")
    if m["grassroots"]:
        parts.append(f"{so(m['grassroots'])} tổ chức cơ sở đảng")
    if m["cells"]:
        parts.append(f"{so(m['cells'])} chi bộ trực thuộc")
    orgs = (", ".join(parts) + ", ") if parts else ""
    e, s = m["end"], m["start"]
    if m.get("register_empty"):
        return (f"Đến ngày 31/12/{y}, {data['organization']['name']} có {orgs}chưa có dữ liệu đảng viên "
                "(sổ đảng viên chưa có đảng viên đến ngày này).")
    return (f"Đến ngày 31/12/{y}, {data['organization']['name']} có {orgs}{so(e['total'])} đảng viên "
            f"({so(e['official'])} chính thức, {so(e['probationary'])} dự bị); đầu năm có {so(s['total'])} đảng viên.")


def movements_line(data: dict) -> str:
    mv = data["members"]["movements"]
    done = [text.format(n=so(mv[k])) for k, text in MOVEMENT_LABELS if mv.get(k)]
    if not done:
        return f"Trong năm {data['year']} không có biến động về đảng viên."
    return f"Trong năm {data['year']}, " + "; ".join(done) + "."


def _level_rows(cur: dict, prev: dict, part: str) -> list[dict]:
    prev_rows = {r["key"]: r for r in prev[part]["rows"]} if not is_missing(prev) else {}
    out = []
    for r in cur[part]["rows"]:
        p = prev_rows.get(r["key"])
        # The level's label is read in the page's language on screen (a Text), Vietnamese in the .docx.
        out.append({"label": Text(r["label"]), "count": so(r["count"]), "share": pct(r["share"]),
                    "url": r.get("url", ""), "prev_count": so(p["count"]) if p else _("chưa có dữ liệu"),
                    "prev_share": pct(p["share"]) if p else ""})
    return out


def rated_line(cur: dict, part: str, noun: str) -> str:
    r = cur[part]
    text = f"{so(r['rated'])} {noun} được đánh giá, xếp loại"
    if r.get("undecided"):
        text += f"; {so(r['undecided'])} {noun} chưa có quyết định xếp loại"
    if r["not_rated"]:
        text += f"; {so(r['not_rated'])} {noun} không xếp loại"
    return text + "."


def commendations_line(data: dict) -> str:
    c = data["commendations"]
    k = c["counts"]
    if not c["total"]:
        text = f"Trong năm {data['year']} chưa có quyết định khen thưởng nào được ghi vào sổ"
    else:
        parts = []
        for key, label in (("bang_khen_collective", "Bằng khen cho {n} tập thể"),
                           ("bang_khen_individual", "Bằng khen cho {n} cá nhân"),
                           ("giay_khen_collective", "Giấy khen cho {n} tập thể"),
                           ("giay_khen_individual", "Giấy khen cho {n} cá nhân")):
            if k[key]:
                parts.append(label.format(n=so(k[key])))
        text = f"Trong năm {data['year']}, có {so(c['total'])} quyết định khen thưởng: " + "; ".join(parts)
    if c["proposed"]:
        text += f"; {so(c['proposed'])} đề nghị đang chờ quyết định"
    return text + "."


def badges_line(data: dict) -> str:
    b = data["badges"]
    if not b["total"]:
        return f"Trong năm {data['year']} chưa trao Huy hiệu Đảng nào."
    parts = ", ".join(f"{so(r['count'])} Huy hiệu {r['years']} năm tuổi đảng" for r in b["rows"])
    return f"Trao tặng {so(b['total'])} Huy hiệu Đảng: {parts}."


def documents_line(data: dict) -> str:
    d = data["documents"]
    if is_missing(d):
        return f"{d['missing'].capitalize()}."
    if not d["total"]:  # nothing registered in the year: unknown, not "giảm 100%"
        return f"Chưa có dữ liệu sổ văn bản đi, đến năm {data['year']}."
    text = (f"Trong năm {data['year']}, văn phòng cấp ủy tham mưu xử lý {so(d['total'])} văn bản "
            f"({so(d['out'])} văn bản đi, {so(d['in'])} văn bản đến)")
    if d["change"] is None:
        text += f"; chưa có số liệu năm {data['year'] - 1} để so sánh"
    elif d["change"] >= 0:
        text += f", tăng {pct(round(d['change'], 1))} so với năm {data['year'] - 1}"
    else:
        text += f", giảm {pct(round(-d['change'], 1))} so với năm {data['year'] - 1}"
    return text + "."


def actual_text(t: dict) -> str:
    if t["actual"] is None:
        return t["missing"].capitalize()
    v = Decimal(t["actual"])
    # As precise as the figure is (a hand-entered 98,45% stays 98,45%; computed shares have one decimal).
    places = decimals_of(v)
    text = format_percent(v, places) if t["unit"] == "%" else format_number(v, places)
    if t["unit"] == "%" and t.get("denominator"):
        text += f" ({so(t['numerator'])}/{so(t['denominator'])})"
    return text


def dues_line(data: dict) -> str:
    """The dues of the year (the figures of `dangbo dues report` for the same organisation and year)."""
    d = data.get("dues") or {"missing": "chưa có dữ liệu sổ thu nộp đảng phí"}
    if is_missing(d):
        return f"Đảng phí: {d['missing']}."
    # dangbo.dues builds the sentence from the same figures as `dangbo dues report` (it adds up: collected =
    # kept in the subtree, by level, + remitted to the level above).
    text = d["sentence"]
    if d["discrepancies"]:
        text += (f" Đối chiếu với cấp dưới: {so(d['discrepancies'])} tổ chức có số nộp và số cấp trên nhận chưa khớp "
                 "hoặc chưa xác nhận.")
    return text


def meetings_line(data: dict) -> str:
    """«Năm 2025, các chi bộ sinh hoạt thường kỳ 60 kỳ, chuyên đề 18 kỳ; tỷ lệ đảng viên dự sinh hoạt bình quân
    95,2%.» (the figures of the meetings page: congresses.queries.attendance_statistics)."""
    m = data.get("meetings") or {"missing": "chưa có dữ liệu sinh hoạt chi bộ"}
    y = data["year"]
    if is_missing(m):
        return f"Sinh hoạt chi bộ năm {y}: {m['missing']}."
    if not m["regular"] and not m["thematic"]:
        return f"Năm {y}, chưa có biên bản sinh hoạt chi bộ nào được ghi."
    text = f"Năm {y}, các chi bộ sinh hoạt thường kỳ {so(m['regular'])} kỳ, chuyên đề {so(m['thematic'])} kỳ"
    if m["rate"] is not None:
        text += f"; tỷ lệ đảng viên dự sinh hoạt bình quân {format_number(m['rate'], 1)}%"
    return text + "."


# -- kiểm tra, giám sát, kỷ luật đảng (dangbo.inspection.queries.figures) ----------------------------------------
FORM_WORDS = (("khien_trach", "khiển trách"), ("canh_cao", "cảnh cáo"), ("cach_chuc", "cách chức"),
              ("khai_tru", "khai trừ"))


def _inspected(k: dict, verb: str) -> str:
    """«kiểm tra 2 tổ chức đảng và 3 đảng viên (5 cuộc, …)»: one kind's figures."""
    if not k["total"]:
        return f"chưa tiến hành cuộc {verb} nào"
    # «kiểm tra 2 đảng viên», not «kiểm tra 0 tổ chức đảng và 2 đảng viên», as the published reports word it.
    whom = " và ".join(f"{so(k[key])} {noun}" for key, noun in (("organizations", "tổ chức đảng"),
                                                               ("members", "đảng viên")) if k[key])
    text = f"{verb} {whom} ({so(k['total'])} cuộc"
    if k["signs"]:
        text += f", trong đó {so(k['signs'])} cuộc khi có dấu hiệu vi phạm"
    if k["thematic"]:
        text += f", {so(k['thematic'])} cuộc chuyên đề"
    text += f"; đã kết luận {so(k['concluded'])} cuộc"
    if k["with_violations"]:
        text += f", {so(k['with_violations'])} cuộc có vi phạm"
    if k["discipline_required"]:
        text += f", {so(k['discipline_required'])} cuộc phải thi hành kỷ luật"
    return text + ")"


def inspection_line(data: dict) -> str:
    """The year's kiểm tra, giám sát section in the manner of the reports: «Năm 2025, Ủy ban Kiểm tra Đảng ủy
    đã kiểm tra 2 tổ chức đảng và 3 đảng viên …; giám sát …; thi hành kỷ luật 1 đảng viên (khiển trách)»."""
    f = data.get("inspection") or {"missing": "chưa có dữ liệu kiểm tra, giám sát"}
    if is_missing(f):
        return f"Công tác kiểm tra, giám sát: {f['missing']}."
    org = data["organization"]
    # The figures count every body under the organisation: its cấp ủy, its ủy ban kiểm tra, its chi bộ.
    who = ("cấp ủy, Ủy ban Kiểm tra Đảng ủy và các tổ chức đảng trực thuộc" if org["issuer"] == "ĐU"
           else org["name"])
    parts = [f"Năm {data['year']}, {who} đã " + _inspected(f["kiem_tra"], "kiểm tra"),
             _inspected(f["giam_sat"], "giám sát")]
    d = f["disciplined"]
    if d["members"]:
        forms = [(word, d["by_form"].get(key, 0)) for key, word in FORM_WORDS if d["by_form"].get(key)]
        detail = forms[0][0] if len(forms) == 1 else ", ".join(f"{w} {so(n)}" for w, n in forms)
        parts.append(f"thi hành kỷ luật {so(d['members'])} đảng viên ({detail})")
    else:
        parts.append("không có đảng viên bị thi hành kỷ luật sau kiểm tra, giám sát")
    complaints = [f"{noun} {so(f[key]['received'])} đơn, đã giải quyết {so(f[key]['settled'])}"
                  for key, noun in (("khieu_nai", "khiếu nại"), ("to_cao", "tố cáo")) if f[key]["received"]]
    parts.append("tiếp nhận " + "; ".join(complaints) if complaints else "không nhận đơn khiếu nại, tố cáo nào")
    return "; ".join(parts) + "."


# -- phát triển đảng viên (dangbo.admission.queries.pipeline_figures) -------------------------------------------
def admission_line(data: dict) -> str:
    """Admitted in the year (the register's admissions, as in the movements line) and the pipeline now."""
    a = data.get("admission") or {"missing": "chưa có dữ liệu phát triển đảng viên"}
    admitted = data["members"]["movements"].get("admission", 0)
    if is_missing(a):
        return f"Phát triển đảng viên: kết nạp mới {so(admitted)} đảng viên; danh sách quần chúng: {a['missing']}."
    return (f"Công tác phát triển đảng viên: năm {data['year']} kết nạp mới {so(admitted)} đảng viên; "
            f"đang bồi dưỡng, xem xét {so(a['in_pipeline'])} quần chúng (đến ngày lập báo cáo).")


def congress_line(data: dict) -> str:
    c = data["congress"]
    if is_missing(c):
        return f"Đại hội, nhiệm kỳ: {c['missing']}."
    parts = [f"Nhiệm kỳ {c['term_label']}" if c.get("term_label") else "Nhiệm kỳ hiện tại"]
    if c.get("ordinal"):
        parts.append(f"theo Đại hội lần thứ {c['ordinal']}")
    if c.get("opened_on"):
        parts.append(f"khai mạc ngày {format_date(c['opened_on'])}")
    if c.get("committee_size"):
        parts.append(f"cấp ủy gồm {so(c['committee_size'])} đồng chí")
    return ", ".join(parts) + "."


def context(data: dict, made_on: date) -> dict:
    org = data["organization"]
    ratings, prev = data["ratings"], data["ratings_previous"]
    ctx = {
        "superior": org["superior"], "issuer_name": org["name"].upper(),
        "number": f"      {data['symbol']}", "place_date": date_line(data["place"], made_on),
        "year": data["year"], "next_year": data["next_year"],
        "congress_line": congress_line(data), "org_line": org_line(data), "movements_line": movements_line(data),
        "meetings_line": meetings_line(data),
        "units": [] if data["members"].get("register_empty") else [
            {"name": u["name"], "official": so(u["official"]), "probationary": so(u["probationary"]),
             "total": so(u["total"])} for u in data["members"]["units"]],
        "trend_text": "; ".join(f"{t['year']}: {trend_figure(t)}" for t in data["trend"]),
        "ratings_missing": (ratings["missing"].capitalize() + ".") if is_missing(ratings) else "",
        "commendations_line": commendations_line(data),
        "commendations": [{**c, "decision": f"{c['decision']} ngày {format_date(c['decision_date'])}"}
                          for c in data["commendations"]["rows"]],
        "badges_line": badges_line(data), "documents_line": documents_line(data),
        "dues_line": dues_line(data),
        "inspection_line": inspection_line(data), "admission_line": admission_line(data),
        "resolutions": [{"heading": f"{r['title']}" + (f" (số {r['number']})" if r["number"] else ""),
                         "basis": f"Căn cứ số liệu: {r['basis']}." + "".join(
                             f" {t['label']}: {t['note']}." for t in r["targets"] if t.get("note")),
                         "targets": [{**t, "actual_text": actual_text(t)} for t in r["targets"]]}
                        for r in data["resolutions"]],
        "next_targets": data["next_targets"],
        "superior_short": org.get("superior_name") or "Cấp ủy cấp trên",
        "signer_title": "T/M ĐẢNG ỦY" if org["issuer"] == "ĐU" else "T/M CHI BỘ",
        "generated_on": format_date(made_on),
        "sources_note": "đảng viên và biến động tính từ lịch sử sinh hoạt đảng; chỉ tiêu từ các kỳ sơ kết, "
                        "tổng kết; số liệu chưa có được ghi rõ «chưa có dữ liệu».",
    }
    ctx.update(check_context(data))
    if not is_missing(ratings):
        ctx["member_levels"] = _level_rows(ratings, prev, "members")
        ctx["org_levels"] = _level_rows(ratings, prev, "organizations")
        ctx["members_rated_line"] = rated_line(ratings, "members", "đảng viên")
        ctx["orgs_rated_line"] = rated_line(ratings, "organizations", "tổ chức đảng")
    return ctx


def trend_figure(t: dict) -> str:
    return "chưa có dữ liệu" if t["total"] is None else so(t["total"])


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
                    "basis": (f"Căn cứ: {c['document']}" + (f" – «{c['clause']}»" if c["clause"] else "")
                              if c["document"] else "")} for c in rows],
    }


def chart_png(trend: list[dict], width: int = 900, height: int = 360) -> bytes:
    """Bars of members at each year end; no text in the picture (the figures are in the caption)."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    top = max((t["total"] or 0 for t in trend), default=0) or 1
    n = max(len(trend), 1)
    slot = (width - 40) / n
    draw.line([(20, height - 20), (width - 20, height - 20)], fill="black", width=2)
    for i, t in enumerate(trend):
        h = (height - 50) * (t["total"] or 0) / top
        x0 = 20 + i * slot + slot * 0.2
        draw.rectangle([x0, height - 20 - h, x0 + slot * 0.6, height - 20], fill=(178, 34, 34))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


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
