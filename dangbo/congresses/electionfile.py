"""The election file of `dangbo election count` (JSON or xlsx; docs/election-file.md), read into the counting
engine's terms. No Django: errors are ElectionFileError with a Vietnamese message naming the field."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from dangbo.rules import elections as rules
from dangbo.rules.text import format_date, format_number, nfc, search_key


class ElectionFileError(ValueError):
    pass


# Every count in an election file is of people or ballots: more than the whole register (5,6 million) is a
# typing error, and a number too long to print would otherwise fail later, far from its field.
MAX_COUNT = 10_000_000


FIELD_LABELS = {  # xlsx sheet «Thông tin»: Vietnamese label (or the JSON key) -> key
    "bầu": "body", "số lượng cần bầu": "seats", "ngày bầu": "date", "ngày": "date", "triệu tập": "convened",
    "có mặt": "present", "được trừ": "excluded", "phát ra": "issued", "hợp lệ": "valid",
    "không hợp lệ": "invalid", "dự khuyết": "alternate_seats", "lần bầu": "round",
    "đảng viên chính thức của chi bộ": "official_members", "thu về": "returned", "chi bộ": "chi_bo",
}
BODY_BY_LABEL = {search_key(v): k for k, v in rules.BODY_LABELS.items()}


def _err(field: str, msg: str):
    raise ElectionFileError(f"trường «{field}»: {msg}")


def _int(data: dict, key: str, *, required=True, minimum=0):
    v = data.get(key)
    if v is None or v == "":
        if required:
            _err(key, "bắt buộc phải có")
        return None
    try:
        n = int(v) if not isinstance(v, float) or v.is_integer() else None
    except (TypeError, ValueError):
        n = None
    if n is None or isinstance(v, bool):
        _err(key, f"phải là số nguyên, không phải «{v}»")
    if n < minimum:
        _err(key, f"phải từ {minimum} trở lên")
    if n > MAX_COUNT:
        _err(key, f"phải không quá {format_number(MAX_COUNT)}, không phải «{v}»")
    return n


def _bool(data: dict, key: str, default: bool, where: str = "") -> bool:
    """true / false as JSON booleans (or 1 / 0); a quoted "false" is refused rather than read as true."""
    v = data.get(key, default)
    if v is None:
        return default
    if isinstance(v, bool):
        return v
    if isinstance(v, int) and v in (0, 1):
        return bool(v)
    _err(key, f"{where}phải là true hoặc false (không đặt trong ngoặc kép), không phải «{v}»")


def _names(field: str, value, where: str) -> list:
    """A list of names or ids on a ballot: a number or a string is refused (a string would be read letter by
    letter: "12" is not candidates 1 and 2)."""
    if value is None:
        return []
    if not isinstance(value, list) or any(not isinstance(x, (str, int)) or isinstance(x, bool) for x in value):
        _err(field, f"{where}phải là danh sách họ tên hoặc mã người, ví dụ [\"Nguyễn Văn An\", 2], "
                    f"không phải «{value}»")
    return value


def name_key(name: str) -> str:
    """Names compared WITH diacritics, case-insensitive: «Nguyễn Văn Tú» and «Nguyễn Văn Tư» are two people."""
    return " ".join(nfc(str(name)).casefold().split())


def _date(data: dict) -> date:
    v = data.get("date")
    if isinstance(v, date):
        return v
    if not v:
        _err("date", "bắt buộc phải có (ngày bầu, dạng 2025-05-20 hoặc 20/05/2025)")
    s = str(v).strip()[:10]
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            from datetime import datetime

            return datetime.strptime(s, fmt).date()
        except ValueError:
            continue
    _err("date", f"ngày «{v}» không đúng dạng 2025-05-20 hoặc 20/05/2025")


def parse(data: dict) -> dict:
    """-> {"election": rules.Election, "ballots": [...] | None, "totals": {...} | None, "valid", "invalid",
    "issued", "alternate_seats", "convened", "excluded"}."""
    if not isinstance(data, dict):
        raise ElectionFileError("tệp phải là một đối tượng JSON (các trường body, seats, candidates…)")
    body = str(data.get("body") or "").strip()
    if body not in rules.BODY_LABELS:
        body = BODY_BY_LABEL.get(search_key(body), "")
    if not body:
        _err("body", "phải là một trong " + ", ".join(rules.BODY_LABELS))
    seats = _int(data, "seats", minimum=1)
    on = _date(data)
    try:
        rules.regime_for(on)
    except ValueError as exc:
        _err("date", str(exc))
    convened = _int(data, "convened", minimum=1)
    excluded = data.get("excluded", data.get("exclusions", 0))
    if isinstance(excluded, list):
        for i, x in enumerate(excluded, 1):
            if not isinstance(x, dict) or not x.get("name") or not x.get("reason"):
                _err("excluded", f"mục {i} phải có «name» và «reason»")
        n_excluded = len(excluded)
    else:
        n_excluded = _int({"excluded": excluded}, "excluded")
        excluded = []
    base = convened - n_excluded
    if base < 1:
        _err("excluded", "số được trừ phải nhỏ hơn số triệu tập")
    present = _int(data, "present", required=False)
    if present is not None and present > convened:
        _err("present", f"số có mặt ({present}) lớn hơn số triệu tập ({convened})")
    raw = data.get("candidates")
    if not isinstance(raw, list) or not raw:
        _err("candidates", "phải là danh sách họ tên (ít nhất một người)")
    cands, by_id, by_name, apart = [], {}, {}, {}
    for i, c in enumerate(raw, 1):
        if isinstance(c, str):
            c = {"name": c}
        if not isinstance(c, dict) or not str(c.get("name") or "").strip():
            _err("candidates", f"người thứ {i} thiếu họ tên")
        name = nfc(str(c["name"]).strip())
        cid = str(c.get("id") or i)
        fa = c.get("floor_approvals")
        told = " ".join(str(c.get(k) or "").strip() for k in ("born", "unit")).strip()
        cand = rules.Candidate(cid, name, _int({"floor_approvals": fa}, "floor_approvals", required=False))
        if cid in by_id:
            _err("candidates", f"mã «{cid}» của «{name}» trùng với người khác trong danh sách")
        by_id[cid] = cand
        by_name.setdefault(name_key(name), []).append(cand)
        apart[cid] = told
        cands.append(cand)
    for same in by_name.values():
        tolds = [name_key(apart[c.id]) for c in same]
        if len(same) > 1 and (not all(tolds) or len(set(tolds)) < len(tolds)):
            _err("candidates", f"«{same[1].name}» có tên hai lần; nếu là hai người cùng họ và tên, ghi «born» (năm "
                               "sinh) hoặc «unit» (đơn vị) khác nhau cho mỗi người và ghi phiếu bằng «id»")
    cands = [rules.Candidate(c.id, f"{c.name} ({apart[c.id]})", c.floor_approvals)
             if len(by_name[name_key(c.name)]) > 1 else c for c in cands]
    by_id = {c.id: c for c in cands}
    try:
        election = rules.Election(
            body=body, seats=seats, candidates=tuple(cands), base=base,
            surplus_allowed=rules.surplus_allowed(body), on=on,
            official_members=_int(data, "official_members", required=False), present=present,
            counting_board=frozenset(), round=_int(data, "round", required=False, minimum=1) or 1,
            cell=_bool(data, "chi_bo", False))
    except ValueError as exc:
        raise ElectionFileError(str(exc)) from exc

    def ref(field, name, i):
        c = by_id.get(str(name))
        if c is None:
            same = by_name.get(name_key(name), [])
            if len(same) > 1:
                _err(field, f"phiếu số {i}: «{name}» trùng tên với người khác, ghi bằng mã (id)")
            c = same[0] if same else None
        if c is None:
            _err(field, f"phiếu số {i}: «{name}» không có trong danh sách bầu cử")
        return c.id

    alternate = _int(data, "alternate_seats", required=False) or 0
    if alternate and (body != rules.DAI_BIEU or alternate >= seats):
        _err("alternate_seats", "chỉ bầu đại biểu mới có dự khuyết, và phải ít hơn số lượng cần bầu")
    out = {"election": election, "ballots": None, "totals": None, "alternate_seats": alternate,
           "convened": convened, "excluded": excluded, "n_excluded": n_excluded,
           "issued": _int(data, "issued", required=False)}
    if data.get("ballots") is not None:
        if not isinstance(data["ballots"], list):
            _err("ballots", "phải là danh sách các phiếu")
        ballots = []
        for i, b in enumerate(data["ballots"], 1):
            if not isinstance(b, dict):
                _err("ballots", f"phiếu số {i} phải là một đối tượng (kept hoặc agree/disagree)")
            where = f"phiếu số {i}: "
            reason = b.get("invalid_reason")
            kw = {"issued_by_board": _bool(b, "issued_by_board", True, where),
                  "invalid_reason": str(reason).strip() or None if reason is not None else None}
            if "kept" in b:
                kw["kept"] = frozenset(ref("kept", n, i) for n in _names("kept", b["kept"], where))
            elif "agree" in b:
                kw["agree"] = frozenset(ref("agree", n, i) for n in _names("agree", b["agree"], where))
                kw["disagree"] = frozenset(ref("disagree", n, i) for n in _names("disagree", b.get("disagree"), where))
            else:
                _err("ballots", f"phiếu số {i} cần «kept» (danh sách có số dư) hoặc «agree»/«disagree»")
            if "agree" in kw and election.with_surplus:
                _err("ballots", f"phiếu số {i}: danh sách có số dư dùng «kept» (những người không bị gạch tên)")
            ballots.append(rules.Ballot(**kw))
        out["ballots"] = ballots
        from_board = sum(1 for b in ballots if b.issued_by_board)
        _check_figures(election, issued=out["issued"] if out["issued"] is not None else from_board,
                       returned=from_board)
    elif data.get("totals") is not None:
        if not isinstance(data["totals"], dict):
            _err("totals", "phải là bảng họ tên → số phiếu")
        valid = _int(data, "valid")
        out["totals"] = {}
        for name, v in data["totals"].items():
            n = _int({"totals": v}, "totals")
            if n > valid:
                _err("totals", f"«{name}» có {n} phiếu, nhiều hơn số phiếu hợp lệ ({valid})")
            out["totals"][ref("totals", name, 0)] = n
        out["valid"], out["invalid"] = valid, _int(data, "invalid", required=False) or 0
        returned = _int(data, "returned", required=False)
        _check_figures(election, issued=out["issued"], valid=valid, invalid=out["invalid"],
                       returned=valid + out["invalid"] if returned is None else returned,
                       votes=sum(out["totals"].values()))
        out["returned"] = returned
    else:
        raise ElectionFileError("tệp cần «ballots» (từng phiếu) hoặc «totals» (tổng số phiếu từng người)")
    return out


def _check_figures(election, **figures):
    """The counting record's figures that cannot all be true (rules.elections.check_figures): the first, naming
    its field and giving the figures."""
    for f in rules.check_figures(election, **figures):
        _err(f.field, str(f.message))


def count(parsed: dict) -> rules.Result:
    e = parsed["election"]
    if parsed["ballots"] is not None:
        return rules.count(e, parsed["ballots"], issued=parsed["issued"])
    valid, invalid = parsed["valid"], parsed["invalid"]
    return rules.count_totals(e, parsed["totals"], valid, invalid, parsed["issued"] or valid + invalid,
                              returned=parsed.get("returned"))


def result_data(parsed: dict, result: rules.Result) -> dict:
    e = result.election
    data = {
        "body": e.body, "body_label": rules.BODY_LABELS[e.body], "seats": e.seats, "round": e.round,
        "regime": result.regime.label, "date": e.on.isoformat(), "convened": parsed["convened"],
        "excluded": parsed["n_excluded"], "present": e.present, "base": e.base, "issued": result.issued,
        "returned": result.returned, "valid": result.valid, "invalid": result.invalid,
        "invalid_reasons": [{"reason": r, "count": n} for r, n in result.invalid_reasons],
        "rows": [{"id": r.candidate.id, "name": r.candidate.name, "votes": r.votes, "percent": r.percent_text,
                  "passed": r.passed, "elected": r.elected} for r in result.rows],
        "elected": [c.name for c in result.elected], "tie": [c.name for c in result.tie],
        "unfilled": result.unfilled, "next_round": [c.name for c in result.next_round_candidates],
        "messages": list(result.messages), "findings": [f.message for f in rules.check_candidates(e)]
        + [f.message for f in result.findings],
    }
    if e.body == rules.DAI_BIEU and parsed["alternate_seats"]:
        d = rules.delegates(result, e.seats - parsed["alternate_seats"], parsed["alternate_seats"])
        data["delegation"] = {"official": [c.name for c in d.official], "alternates": [c.name for c in d.alternates],
                              "tie": [c.name for c in d.tie]}
    return data


def table(data: dict) -> str:
    lines = [
        f"Bầu {data['body_label']} ({data['regime']}, ngày {format_date(date.fromisoformat(data['date']))}): "
        f"{data['seats']} người" + (f", lần {data['round']}" if data["round"] > 1 else ""),
        f"Triệu tập {format_number(data['convened'])}, được trừ {format_number(data['excluded'])}, cơ sở tính kết quả "
        f"{format_number(data['base'])}" + (f", có mặt {format_number(data['present'])}" if data["present"] else ""),
        f"Phiếu phát ra {format_number(data['issued'])}, thu về {format_number(data['returned'])}, hợp lệ "
        f"{format_number(data['valid'])}, không hợp lệ {format_number(data['invalid'])}",
    ]
    lines += [f"  – {x['count']} phiếu: {x['reason']}" for x in data["invalid_reasons"]]
    width = max([len(r["name"]) for r in data["rows"]] + [10])
    lines.append(f"{'STT':>3}  {'Họ và tên':<{width}}  {'Số phiếu':>8}  {'Tỷ lệ':>8}  Kết quả")
    for i, r in enumerate(data["rows"], 1):
        mark = "trúng cử" if r["elected"] else ("quá một nửa" if r["passed"] else "")
        lines.append(f"{i:>3}  {r['name']:<{width}}  {format_number(r['votes']):>8}  {r['percent']:>8}  {mark}")
    if "delegation" in data:
        lines.append("Đại biểu chính thức: " + (", ".join(data["delegation"]["official"]) or "không có"))
        lines.append("Đại biểu dự khuyết: " + (", ".join(data["delegation"]["alternates"]) or "không có"))
    else:
        lines.append("Trúng cử: " + (", ".join(data["elected"]) or "không có"))
    lines += data["messages"] + data["findings"]
    return "\n".join(lines)


# -- reading the file -------------------------------------------------------------------------------------------
def load(path: str | Path) -> dict:
    p = Path(path)
    if not p.exists():
        raise ElectionFileError(f"không tìm thấy tệp {p}")
    if p.is_file() and p.stat().st_size == 0:
        raise ElectionFileError(f"tệp {p.name} trống (không có nội dung)")
    if p.suffix.lower() == ".json":
        try:
            text = p.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ElectionFileError("tệp JSON không đọc được: không phải văn bản UTF-8") from exc
        if not text.strip():
            raise ElectionFileError(f"tệp {p.name} trống (không có nội dung)")
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            where = f"dòng {exc.lineno}, cột {exc.colno}"
            raise ElectionFileError(f"tệp JSON không đọc được: sai cú pháp ở {where}") from exc
    if p.suffix.lower() in (".xlsx", ".xlsm", ".ods", ".xls"):
        return _from_workbook(p)
    raise ElectionFileError("tệp phải có đuôi .json hoặc .xlsx")


def _cell(v):
    if isinstance(v, str):
        return v.strip()
    return v


def _from_workbook(p: Path) -> dict:
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(p))
    except Exception as exc:  # calamine raises its own error types for broken files
        raise ElectionFileError(f"tệp Excel không đọc được: {exc}") from exc
    sheets = {search_key(n): n for n in wb.sheet_names}

    def rows(name):
        real = sheets.get(search_key(name))
        if real is None:
            return None
        return [[_cell(v) for v in r] for r in wb.get_sheet_by_name(real).to_python(skip_empty_area=False)]

    info = rows("Thông tin")
    if info is None:
        raise ElectionFileError("tệp Excel thiếu trang «Thông tin»")
    data: dict = {}
    for r in info:
        if len(r) < 2 or not r[0]:
            continue
        label = str(r[0]).strip()
        key = FIELD_LABELS.get(label.lower(), label)
        data[key] = r[1]
    cand_rows = rows("Danh sách")
    if not cand_rows:
        raise ElectionFileError("tệp Excel thiếu trang «Danh sách» (cột «Họ và tên»)")
    head = [search_key(str(h or "")) for h in cand_rows[0]]
    if "ho va ten" not in head:
        _err("candidates", "trang «Danh sách» cần cột «Họ và tên»")
    name_col = head.index("ho va ten")
    fa_col = next((i for i, h in enumerate(head) if "dong y" in h), None)
    data["candidates"] = [{"name": r[name_col], **({"floor_approvals": r[fa_col]} if fa_col is not None and
                                                    r[fa_col] not in (None, "") else {})}
                          for r in cand_rows[1:] if len(r) > name_col and r[name_col]]
    ballots = rows("Phiếu")
    totals = rows("Tổng số")
    if ballots:
        seats = _int(data, "seats", minimum=1)  # named before the ballots are read against it
        data["ballots"] = _ballots_from_sheet(ballots, rules.with_surplus(len(data["candidates"]), seats))
    elif totals:
        data["totals"] = {r[0]: r[1] for r in totals[1:] if r and r[0]}
    return data


def _ballots_from_sheet(rows, with_surplus: bool) -> list[dict]:
    """Sheet «Phiếu»: one row a ballot; a column per candidate (1 = giữ tên / đồng ý, 0 = không đồng ý, empty =
    gạch tên / không đánh dấu); optional columns «Không do ban kiểm phiếu phát ra» (1) and «Không hợp lệ vì»."""
    head = [str(h or "").strip() for h in rows[0]]
    keys = [search_key(h) for h in head]
    not_issued = next((i for i, k in enumerate(keys) if "khong do ban kiem phieu" in k), None)
    reason = next((i for i, k in enumerate(keys) if "khong hop le vi" in k), None)
    number = next((i for i, k in enumerate(keys) if k in ("so phieu", "stt")), None)
    name_cols = [i for i in range(len(head)) if i not in (not_issued, reason, number) and head[i]]
    out = []
    for r in rows[1:]:
        if not any(v not in (None, "") for v in r):
            continue
        marks = {head[i]: (r[i] if i < len(r) else None) for i in name_cols}
        b: dict = {}
        if with_surplus:
            b["kept"] = [n for n, v in marks.items() if str(v).strip() in ("1", "1.0", "x", "X")]
        else:
            b["agree"] = [n for n, v in marks.items() if str(v).strip() in ("1", "1.0", "x", "X")]
            b["disagree"] = [n for n, v in marks.items() if str(v).strip() in ("0", "0.0")]
        if not_issued is not None and str(r[not_issued]).strip() in ("1", "1.0", "x", "X"):
            b["issued_by_board"] = False
        if reason is not None and r[reason]:
            b["invalid_reason"] = str(r[reason])
        out.append(b)
    return out
