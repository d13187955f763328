"""Workbooks (.xlsx/.xlsm/.xls/.ods) through python-calamine; giant sparse .xlsx streamed with openpyxl."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from datetime import datetime, time

from .errors import ExchangeError
from .sheet_rows import assemble
from .table import HEADER_SCAN_ROWS, MAX_DENSE_CELLS, MIN_HEADER_CELLS, Table

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


def read_workbook(data: bytes, name: str, fmt: str, *, sheet: str | int | None, max_empty_run: int) -> Table:
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
            return assemble(rows, name=name, sheet_name=sheet_name, fmt=fmt, names=names, merged=merged,
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


def sparse_giant(data: bytes) -> bool:
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


def read_xlsx_streaming(data: bytes, name: str, fmt: str, *, sheet: str | int | None,
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
            return assemble(_guard(values(ws), name), name=name, sheet_name=sheet_name, fmt=fmt, names=names,
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


