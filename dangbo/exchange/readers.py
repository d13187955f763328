"""Reading uploaded tables: .xlsx/.xlsm/.xls/.ods through python-calamine, .csv in UTF-8 or Windows-1258.

read_table() returns a Table: the header row found in the sheet and an iterator over the data rows as
(row number as Excel shows it, cells). Cells are normalised:

- text: NFC, stripped; an empty string becomes None. Legacy TCVN3/VNI text is NOT converted here (that
  is legacy.fix's job, column by column), and the soft hyphen U+00AD is kept because TCVN3 uses it for "ư".
- numbers stay numbers (a whole float becomes int) so dates.parse_date can read Excel serials and
  cell_text() can turn 4.9e11 back into "490000000000".
- dates and datetimes from cells formatted as dates come back as datetime.date / datetime.datetime.
- formulas: calamine returns the value Excel cached when it last saved the file; a formula never
  calculated (file written by a program that does not compute formulas) reads as empty.

Every failure is an ExchangeError with a Vietnamese message: not a spreadsheet, PDF or Word renamed,
HTML saved as .xls, password-protected, empty, too large (checked before reading), no header row.
A sheet whose used range runs to a million empty rows is read up to the data: iteration stops after
MAX_EMPTY_RUN consecutive empty rows.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import IO, Any

from .errors import ExchangeError

MAX_BYTES = 100 * 1024 * 1024
MAX_EMPTY_RUN = 1000
HEADER_SCAN_ROWS = 10
MIN_HEADER_CELLS = 3
# calamine holds a sheet's used range densely (~32 bytes a cell): above this many cells between A1 and the
# last cell holding a value, an .xlsx is streamed with openpyxl instead (a stray " " at XFD1048576).
MAX_DENSE_CELLS = 8_000_000
SPREADSHEET_EXTENSIONS = {".xlsx", ".xlsm", ".xls", ".ods", ".xlsb"}
TEXT_EXTENSIONS = {".csv", ".txt", ".tsv"}

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")

Cell = Any  # None | str | int | float | bool | date | datetime | time | timedelta
Row = tuple[int, list[Cell]]


@dataclass
class Table:
    """One sheet of an uploaded file, ready for header mapping.

    headers: header texts (NFC; "" for an empty header cell), one per column from column A.
    rows: iterator of (row_number, cells) for the data rows below the header, empty rows skipped;
          every cells list has len(headers) items. It can be iterated ONCE (lazy, for large files).
    header_row: the row number (as in Excel) of the header; for a two-row header, its last row.
    format: "xlsx", "xlsm", "xls", "ods", "xlsb" or "csv".
    encoding, delimiter: for CSV only ("utf-8", "utf-8-sig", "utf-16", "cp1258" or "cp1252"; "," ";" "\\t").
    sheet_names: all sheet names of the workbook (for a sheet chooser).
    row_count_hint: an upper bound of the data rows (for progress bars), may overestimate.
    notes: Vietnamese remarks for the preview (two-row header combined, CSV encoding…).
    """

    sheet_name: str
    headers: list[str]
    rows: Iterator[Row]
    header_row: int = 1
    format: str = "xlsx"
    encoding: str | None = None
    delimiter: str | None = None
    sheet_names: list[str] = field(default_factory=list)
    row_count_hint: int = 0
    notes: list[str] = field(default_factory=list)

    def __iter__(self) -> Iterator[Row]:
        return self.rows


# --- cells -----------------------------------------------------------------------------------------------


def normalize_cell(value: Any) -> Cell:
    """Calamine/CSV cell -> None | NFC stripped str | int | float | bool | date | datetime | time | timedelta."""
    if value is None:
        return None
    if isinstance(value, str):
        text = unicodedata.normalize("NFC", value).strip()
        return text or None
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        if value.is_integer() and abs(value) < 2**53:
            return int(value)
        return value
    if isinstance(value, (int, date, datetime, time, timedelta)):
        return value
    text = unicodedata.normalize("NFC", str(value)).strip()
    return text or None


def cell_text(value: Any, *, zero_pad: int | None = None) -> str:
    """A cell as text for identifiers and free text: "" for empty; whole numbers without ".0" or exponent.

    12345.0 -> "12345"; 490123456789.0 (shown 4.9E+11 by Excel) -> "490123456789"; "12345.0" -> "12345".
    zero_pad: for numeric cells (and all-digit text), left-pad with zeros to that many digits, since
    Excel drops leading zeros of numbers: cell_text(1085012345, zero_pad=12) -> "001085012345".
    Text in scientific notation ("4.9E+11", typed or saved to CSV) is returned unchanged: its digits are
    lost and must not be invented; validation of the column will report it.
    Dates give dd/mm/yyyy.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    digits: str | None = None
    if isinstance(value, int):
        digits = str(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            return ""
        if value.is_integer():
            digits = str(int(value))
        else:
            return repr(value)
    else:
        text = unicodedata.normalize("NFC", str(value)).strip()
        if text.endswith(".0") and text[:-2].isdigit() and text[:-2].isascii():
            digits = text[:-2]
        elif text.isdigit() and text.isascii():
            digits = text
        else:
            return text
    if zero_pad and digits.isdigit() and len(digits) < zero_pad:
        digits = digits.zfill(zero_pad)
    return digits


# --- input ---------------------------------------------------------------------------------------------


def _size_of(source: Any) -> int | None:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return len(source)
    if isinstance(source, (str, os.PathLike)):
        try:
            return os.stat(source).st_size
        except OSError:
            raise ExchangeError(f"Không mở được tệp «{os.fspath(source)}».", code="unreadable") from None
    try:
        pos = source.tell()
        source.seek(0, os.SEEK_END)
        size = source.tell()
        source.seek(pos)
        return size - pos
    except (AttributeError, OSError, ValueError):
        return None


def _read_all(source: Any, limit: int) -> bytes:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source)
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as fh:
            data = fh.read(limit + 1)
    else:
        data = source.read(limit + 1)
        if isinstance(data, str):
            data = data.encode("utf-8")
    return data


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{n} byte"


def read_table(
    source: str | os.PathLike | bytes | IO[bytes],
    filename: str | None = None,
    *,
    sheet: str | int | None = None,
    max_bytes: int = MAX_BYTES,
    max_empty_run: int = MAX_EMPTY_RUN,
) -> Table:
    """Read the first non-empty sheet (or `sheet`, by name or 0-based index) of an uploaded file.

    source: a path, the file's bytes, or a binary file object. filename: the name the user uploaded
    (its extension helps for CSV; defaults to the path's name). The format is decided from the content,
    not the extension, so a PDF renamed .xlsx is refused with a clear message.
    """
    if filename is None:
        filename = os.path.basename(os.fspath(source)) if isinstance(source, (str, os.PathLike)) else "tệp"
    name = filename or "tệp"
    ext = Path(name).suffix.lower()
    size = _size_of(source)
    if size is not None and size > max_bytes:
        raise ExchangeError(
            f"Tệp «{name}» dung lượng {_mb(size)}, vượt giới hạn {_mb(max_bytes)}. "
            "Hãy chia thành nhiều tệp nhỏ hơn.",
            value=size, code="too_large",
        )
    try:
        data = _read_all(source, max_bytes)
    except OSError:
        raise ExchangeError(f"Không đọc được tệp «{name}».", code="unreadable") from None
    if len(data) > max_bytes:
        raise ExchangeError(
            f"Tệp «{name}» vượt giới hạn {_mb(max_bytes)}. Hãy chia thành nhiều tệp nhỏ hơn.", code="too_large"
        )
    if not data.strip(b" \t\r\n\x00"):
        raise ExchangeError(f"Tệp «{name}» rỗng, không có dữ liệu.", code="empty")

    kind = _sniff(data, name, ext)
    if kind == "csv":
        return _read_csv(data, name, max_empty_run=max_empty_run)
    if kind in ("xlsx", "xlsm") and _sparse_giant(data):
        return _read_xlsx_streaming(data, name, kind, sheet=sheet, max_empty_run=max_empty_run)
    return _read_workbook(data, name, kind, sheet=sheet, max_empty_run=max_empty_run)


def _not_spreadsheet(name: str, detail: str = "") -> ExchangeError:
    return ExchangeError(
        f"Tệp «{name}» không phải bảng tính Excel, LibreOffice hay CSV{detail}. "
        "Hãy mở tệp bằng Excel và lưu lại dạng .xlsx.",
        code="not_spreadsheet",
    )


def _looks_text(data: bytes) -> bool:
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in head:
        return False
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13))
    return controls <= len(head) // 100


def _sniff(data: bytes, name: str, ext: str) -> str:
    head = data[:2048]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
                mimetype = zf.read("mimetype")[:100] if "mimetype" in names else b""
        except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError, NotImplementedError):
            raise ExchangeError(
                f"Tệp «{name}» bị hỏng hoặc tải lên chưa hết, không đọc được. Hãy lưu lại và tải lên lần nữa.",
                code="corrupt",
            ) from None
        if "xl/workbook.xml" in names:
            return "xlsm" if ext == ".xlsm" else "xlsx"
        if "xl/workbook.bin" in names:
            return "xlsb"
        if b"opendocument.spreadsheet" in mimetype:
            return "ods"
        if any(n.startswith("word/") for n in names):
            raise _not_spreadsheet(name, " (đây là văn bản Word)")
        if b"opendocument.text" in mimetype:
            raise _not_spreadsheet(name, " (đây là văn bản OpenDocument)")
        raise _not_spreadsheet(name, " (đây là tệp nén ZIP)")
    if head.startswith(_OLE_MAGIC):
        if _ENCRYPTED in data or _ENCRYPTION_INFO in data:
            raise ExchangeError(
                f"Tệp «{name}» được đặt mật khẩu nên không đọc được. Hãy mở bằng Excel, bỏ mật khẩu "
                "(Tệp > Thông tin > Bảo vệ sổ làm việc) rồi lưu và tải lên lại.",
                code="encrypted",
            )
        return "xls"
    if head.startswith(b"%PDF"):
        raise _not_spreadsheet(name, " (đây là tệp PDF)")
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<html", b"<!doctype", b"<table", b"<meta", b"<?xml", b"<head", b"<body")):
        raise ExchangeError(
            f"Tệp «{name}» thực chất là trang web (HTML/XML) được đặt đuôi {ext or 'lạ'}, không phải bảng tính. "
            "Hãy mở tệp bằng Excel rồi lưu lại dạng .xlsx (Sổ làm việc Excel).",
            code="not_spreadsheet",
        )
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b")):
        raise _not_spreadsheet(name)
    if _looks_text(data):
        return "csv"
    raise _not_spreadsheet(name)


# --- workbooks -----------------------------------------------------------------------------------------


def _is_fatal(exc: BaseException) -> bool:
    return isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit, MemoryError))


def _calamine_error(exc: BaseException, name: str) -> ExchangeError:
    kind = type(exc).__name__
    if kind == "PasswordError" or "password" in str(exc).lower() or "encrypt" in str(exc).lower():
        return ExchangeError(
            f"Tệp «{name}» được đặt mật khẩu nên không đọc được. Hãy bỏ mật khẩu rồi tải lên lại.",
            code="encrypted",
        )
    return ExchangeError(
        f"Tệp «{name}» bị hỏng hoặc không phải bảng tính hợp lệ, không đọc được. "
        "Hãy mở bằng Excel, lưu lại dạng .xlsx rồi tải lên lần nữa.",
        code="corrupt",
    )


def _read_workbook(data: bytes, name: str, fmt: str, *, sheet: str | int | None, max_empty_run: int) -> Table:
    import python_calamine

    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        metas = list(workbook.sheets_metadata)
        names = [m.name for m in metas]
    except BaseException as exc:
        if _is_fatal(exc):
            raise
        raise _calamine_error(exc, name) from None
    if not names:
        raise ExchangeError(f"Tệp «{name}» không có trang tính nào.", code="empty")

    if sheet is not None:
        if isinstance(sheet, int):
            if not 0 <= sheet < len(names):
                raise ExchangeError(f"Tệp «{name}» không có trang tính thứ {sheet + 1}.", code="no_sheet")
            candidates = [names[sheet]]
        else:
            if sheet not in names:
                listed = ", ".join(f"«{n}»" for n in names)
                raise ExchangeError(f"Tệp «{name}» không có trang tính «{sheet}» (chỉ có {listed}).",
                                    code="no_sheet")
            candidates = [sheet]
    else:
        worksheets = [m for m in metas if "WorkSheet" in str(m.typ)]
        visible = [m.name for m in worksheets if "Visible" in str(m.visible) and "Hidden" not in str(m.visible)]
        candidates = visible + [m.name for m in worksheets if m.name not in visible] or names

    last_error: ExchangeError | None = None
    for sheet_name in candidates:
        try:
            ws = workbook.get_sheet_by_name(sheet_name)
            start_col = ws.start[1] if ws.start else 0
            height = ws.height
            raw = ws.iter_rows()
            merged = list(getattr(ws, "merged_cell_ranges", None) or [])
        except BaseException as exc:
            if _is_fatal(exc):
                raise
            raise _calamine_error(exc, name) from None
        rows = _guard(_pad(raw, start_col), name)
        try:
            return _assemble(rows, name=name, sheet_name=sheet_name, fmt=fmt, names=names, merged=merged,
                             row_count_hint=height, max_empty_run=max_empty_run)
        except ExchangeError as exc:
            if sheet is not None or exc.code not in {"empty", "no_header"}:
                raise
            last_error = last_error or exc
    if last_error and len(candidates) == 1:
        raise last_error
    raise ExchangeError(
        f"Không trang tính nào trong tệp «{name}» có bảng dữ liệu (dòng tiêu đề cột với ít nhất "
        f"{MIN_HEADER_CELLS} ô trong {HEADER_SCAN_ROWS} dòng đầu).",
        code="no_header",
    )


_DIMENSION = re.compile(rb'<dimension ref="([A-Z]{1,3})?(\d+)?:?([A-Z]{1,3})(\d+)"')
_VALUE_CELL = re.compile(rb'<c r="([A-Z]{1,3})(\d+)"[^>]*?(?<!/)>')


def _col_number(letters: bytes) -> int:
    n = 0
    for b in letters:
        n = n * 26 + (b - 64)
    return n


def _sparse_giant(data: bytes) -> bool:
    """True when some worksheet's cells holding a value span more than MAX_DENSE_CELLS (checked cheaply
    from the <dimension> tag first, then by scanning that sheet's cell references)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for info in zf.infolist():
                if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                    continue
                with zf.open(info) as fh:
                    head = fh.read(4096)
                m = _DIMENSION.search(head)
                if m and _col_number(m.group(3)) * int(m.group(4)) <= MAX_DENSE_CELLS:
                    continue
                if _scan_extent(zf, info) > MAX_DENSE_CELLS:
                    return True
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError, NotImplementedError):
        return False  # calamine will report the damage
    return False


def _scan_extent(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> int:
    max_row = max_col = 0
    tail = b""
    with zf.open(info) as fh:
        while True:
            chunk = fh.read(1 << 20)
            if not chunk:
                break
            buf = tail + chunk
            for m in _VALUE_CELL.finditer(buf):
                max_col = max(max_col, _col_number(m.group(1)))
                max_row = max(max_row, int(m.group(2)))
            tail = buf[-256:]
    return max_row * max_col


def _read_xlsx_streaming(data: bytes, name: str, fmt: str, *, sheet: str | int | None,
                         max_empty_run: int) -> Table:
    """openpyxl read-only: rows are parsed as they are iterated, so reading stops at the data's end."""
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        names = list(wb.sheetnames)
    except BaseException as exc:
        if _is_fatal(exc):
            raise
        raise _calamine_error(exc, name) from None
    if isinstance(sheet, int):
        if not 0 <= sheet < len(names):
            raise ExchangeError(f"Tệp «{name}» không có trang tính thứ {sheet + 1}.", code="no_sheet")
        candidates = [names[sheet]]
    elif sheet is not None:
        if sheet not in names:
            listed = ", ".join(f"«{n}»" for n in names)
            raise ExchangeError(f"Tệp «{name}» không có trang tính «{sheet}» (chỉ có {listed}).", code="no_sheet")
        candidates = [sheet]
    else:
        candidates = names

    def values(ws) -> Iterator[list]:
        for row in ws.iter_rows(values_only=True):
            yield [v.date() if isinstance(v, datetime) and v.time() == time() else v for v in row]

    last_error: ExchangeError | None = None
    for sheet_name in candidates:
        ws = wb[sheet_name]
        try:
            return _assemble(_guard(values(ws), name), name=name, sheet_name=sheet_name, fmt=fmt, names=names,
                             merged=[], row_count_hint=ws.max_row or 0, max_empty_run=max_empty_run)
        except ExchangeError as exc:
            if sheet is not None or exc.code not in {"empty", "no_header"}:
                raise
            last_error = last_error or exc
    raise last_error or ExchangeError(f"Tệp «{name}» không có bảng dữ liệu.", code="no_header")


def _pad(rows: Iterable[list], start_col: int) -> Iterator[list]:
    # calamine yields rows from row 1 but columns from the first used one: put them back at their letters.
    pad = [None] * start_col
    for row in rows:
        yield pad + list(row) if start_col else list(row)


def _guard(rows: Iterator[list], name: str) -> Iterator[list]:
    try:
        yield from rows
    except BaseException as exc:
        if _is_fatal(exc):
            raise
        raise _calamine_error(exc, name) from None


# --- header row and rows ----------------------------------------------------------------------------------


def _filled(cells: list[Cell]) -> int:
    return sum(1 for c in cells if c is not None)


def _is_texty(value: Cell) -> bool:
    if not isinstance(value, str):
        return False
    stripped = value.replace("/", "").replace("-", "").replace(".", "").replace(" ", "")
    return not stripped.isdigit()


def _assemble(
    raw_rows: Iterator[list],
    *,
    name: str,
    sheet_name: str,
    fmt: str,
    names: list[str],
    merged: list,
    row_count_hint: int,
    max_empty_run: int,
    encoding: str | None = None,
    delimiter: str | None = None,
    notes: list[str] | None = None,
) -> Table:
    notes = list(notes or [])
    numbered = ((i + 1, [normalize_cell(c) for c in row]) for i, row in enumerate(raw_rows))
    head: list[tuple[int, list[Cell]]] = []
    header_at: int | None = None
    any_data = False
    for number, cells in numbered:
        head.append((number, cells))
        if _filled(cells):
            any_data = True
        if _filled(cells) >= MIN_HEADER_CELLS and header_at is None:
            header_at = len(head) - 1
            # keep one more row to look for a two-row header
            nxt = next(numbered, None)
            if nxt is not None:
                head.append(nxt)
            break
        if number >= HEADER_SCAN_ROWS:
            break
    if header_at is None:
        if not any_data:
            raise ExchangeError(f"Trang tính «{sheet_name}» của tệp «{name}» không có dữ liệu.", code="empty")
        raise ExchangeError(
            f"Không tìm thấy dòng tiêu đề cột trong {HEADER_SCAN_ROWS} dòng đầu của trang «{sheet_name}» "
            f"(cần một dòng có ít nhất {MIN_HEADER_CELLS} ô tên cột như «Họ và tên», «Ngày sinh»…). "
            "Hãy dùng tệp mẫu nhập dữ liệu.",
            code="no_header",
        )

    header_number, top = head[header_at]
    header_cells: list[Cell] = list(top)
    pending: list[tuple[int, list[Cell]]] = head[header_at + 1:]
    below = pending[0][1] if pending else None
    two_rows = _two_row_header(header_number, top, below, merged)
    if two_rows is not None:
        header_cells = two_rows
        header_number += 1
        pending = pending[1:]
        notes.append(
            f"Tiêu đề cột gộp ô trên hai dòng ({header_number - 1} và {header_number}) đã được ghép lại, "
            "ví dụ «Ngày» + «sinh» thành «Ngày sinh». Hãy kiểm tra bước ghép cột."
        )

    headers = [_header_text(c) for c in header_cells]
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)

    def rows() -> Iterator[Row]:
        empty_run = 0
        for number, cells in _chain(pending, numbered):
            if not _filled(cells):
                empty_run += 1
                if empty_run >= max_empty_run:
                    return
                continue
            empty_run = 0
            if len(cells) < width:
                cells = cells + [None] * (width - len(cells))
            elif len(cells) > width:
                cells = cells[:width]
            if _filled(cells):
                yield number, cells

    hint = max(0, row_count_hint - header_number)
    return Table(sheet_name=sheet_name, headers=headers, rows=rows(), header_row=header_number, format=fmt,
                 encoding=encoding, delimiter=delimiter, sheet_names=names, row_count_hint=hint, notes=notes)


def _chain(first: list, rest: Iterator) -> Iterator:
    yield from first
    yield from rest


def _header_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return " ".join(value.split())
    return cell_text(value)


def _two_row_header(number: int, top: list[Cell], below: list[Cell] | None, merged: list) -> list[Cell] | None:
    """A header whose top cells are merged across columns over a row of sub-headers -> combined headers.

    With merge information (xlsx): a merged range on the header row spanning several columns with text
    under it. Without it (csv, or merges not reported): the header row has gaps that the next row fills
    with text only (no numbers or dates), under a top cell followed by empty cells.
    """
    if not below or not any(isinstance(c, str) for c in below):
        return None
    row0 = number - 1  # 0-based like calamine
    width = max(len(top), len(below))
    top = top + [None] * (width - len(top))
    below = below + [None] * (width - len(below))
    groups: list[tuple[int, int]] = []
    for rng in merged:
        try:
            (r1, c1), (r2, c2) = rng
        except (TypeError, ValueError):
            continue
        if r1 == row0 and c2 > c1 and r2 == r1:
            groups.append((c1, min(c2, width - 1)))
    if not groups and not merged:
        # heuristic: a top cell followed by empty cells, with text under the group
        c = 0
        while c < width:
            if top[c] is not None:
                end = c
                while end + 1 < width and top[end + 1] is None and below[end + 1] is not None:
                    end += 1
                if end > c:
                    groups.append((c, end))
                c = end + 1
            else:
                c += 1
    if not groups:
        return None
    in_group = {c for c1, c2 in groups for c in range(c1, c2 + 1)}
    # the row below must be sub-headers: text, and only under merged groups or under empty top cells
    for c, value in enumerate(below):
        if value is None:
            continue
        if not _is_texty(value):
            return None
        if c not in in_group and top[c] is not None:
            return None
    if not any(below[c] is not None for c in in_group):
        return None
    combined: list[Cell] = []
    for c in range(width):
        parent = next((top[c1] for c1, c2 in groups if c1 <= c <= c2), top[c])
        parts = [_header_text(parent), _header_text(below[c])]
        combined.append(" ".join(p for p in parts if p) or None)
    return combined


# --- CSV ---------------------------------------------------------------------------------------------------


def decode_text(data: bytes) -> tuple[str, str]:
    """Bytes of a text file -> (text, encoding). UTF-16 with BOM, UTF-8 (with or without BOM), else
    Windows-1258 (NFC-normalised: it writes tones as combining marks) or, when the text reads as legacy
    TCVN3/VNI font text, Windows-1252 so that legacy.fix() can convert it."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from . import legacy

    ansi = data.decode("cp1252", errors="strict") if _cp1252_ok(data) else data.decode("latin-1")
    sample = ansi[:200_000]
    if legacy.detect(sample) is not None:
        return ansi, "cp1252"
    text = data.decode("cp1258", errors="replace")
    return unicodedata.normalize("NFC", text), "cp1258"


_CP1258_TONES = "\u0300\u0301\u0303\u0309\u0323"


def encode_cp1258(text: str, errors: str = "strict") -> bytes:
    """Unicode -> Windows-1258 bytes: letters Windows-1258 lacks precomposed ("ễ") are written as the base
    letter it has ("ê") plus the combining tone mark, as Vietnamese Windows does."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        nfd = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in nfd if c in _CP1258_TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _CP1258_TONES))
        out += (base + tones).encode("cp1258", errors=errors)
    return bytes(out)


def _cp1252_ok(data: bytes) -> bool:
    return not any(b in data for b in (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d"))


def sniff_delimiter(text: str) -> str:
    """The delimiter among , ; tab that splits the first lines most consistently into several fields."""
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    best, best_score = ",", -1.0
    for delim in (",", ";", "\t"):
        try:
            counts = [len(r) for r in csv.reader(lines, delimiter=delim)]
        except csv.Error:
            continue
        if not counts:
            continue
        multi = [n for n in counts if n > 1]
        if not multi:
            continue
        mode = max(set(multi), key=multi.count)
        score = multi.count(mode) / len(counts) + (mode - 1) * 0.001
        if score > best_score:
            best, best_score = delim, score
    return best


def _read_csv(data: bytes, name: str, *, max_empty_run: int) -> Table:
    text, encoding = decode_text(data)
    if "\x00" in text:
        raise _not_spreadsheet(name)
    if text.startswith("\ufeff"):
        text = text[1:]
    delimiter = sniff_delimiter(text)
    notes: list[str] = []
    if encoding == "cp1258":
        notes.append("Tệp CSV không phải UTF-8; đã đọc theo bảng mã Windows-1258 (tiếng Việt).")
    elif encoding == "cp1252":
        notes.append("Tệp CSV dùng bảng mã cũ (phông TCVN3/VNI); các ô sẽ được chuyển sang Unicode.")
    old_limit = csv.field_size_limit()
    csv.field_size_limit(max(old_limit, len(text) + 1))
    lines = text.count("\n") + 1

    def records() -> Iterator[list]:
        try:
            yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        except csv.Error as exc:
            raise ExchangeError(f"Tệp CSV «{name}» sai cấu trúc ({exc}).", code="corrupt") from None

    return _assemble(records(), name=name, sheet_name=Path(name).stem or "CSV", fmt="csv", names=[],
                     merged=[], row_count_hint=lines, max_empty_run=max_empty_run, encoding=encoding,
                     delimiter=delimiter, notes=notes)
