"""From raw sheet rows to a Table: finding the header row (one or two rows), bounding rows, cells and columns."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .errors import ExchangeError
from .table import (
    HEADER_SCAN_ROWS,
    MIN_HEADER_CELLS,
    Cell,
    Limits,
    Row,
    Table,
    cell_text,
    column_letters,
    normalize_cell,
    thousands,
)

# --- header row and rows ----------------------------------------------------------------------------------


def _filled(cells: list[Cell]) -> int:
    return sum(1 for c in cells if c is not None)


def _is_texty(value: Cell) -> bool:
    if not isinstance(value, str):
        return False
    stripped = value.replace("/", "").replace("-", "").replace(".", "").replace(" ", "")
    return not stripped.isdigit()


def assemble(
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
    numbered = _bounded(raw_rows, name=name, sheet_name=sheet_name, limits=Limits.from_settings())
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

    limits = Limits.from_settings()
    if width > limits.columns:
        raise too_many_columns(name, sheet_name, header_number, limits)

    def rows() -> Iterator[Row]:
        empty_run = 0
        count = 0
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
                count += 1
                if count > limits.rows:
                    raise ExchangeError(
                        f"Trang «{sheet_name}» của tệp «{name}» có hơn {thousands(limits.rows)} dòng dữ liệu, "
                        "vượt giới hạn một lần nhập. Hãy chia thành nhiều tệp nhỏ hơn.",
                        row=number, code="too_many_rows",
                    )
                yield number, cells

    hint = max(0, row_count_hint - header_number)
    return Table(sheet_name=sheet_name, headers=headers, rows=rows(), header_row=header_number, format=fmt,
                 encoding=encoding, delimiter=delimiter, sheet_names=names, row_count_hint=hint, notes=notes)


def too_many_columns(name: str, sheet_name: str, row: int, limits: Limits) -> ExchangeError:
    return ExchangeError(
        f"Trang «{sheet_name}» của tệp «{name}» có dữ liệu quá {thousands(limits.columns)} cột "
        f"(sau cột {column_letters(limits.columns - 1)}). Hãy xóa các cột thừa hoặc dùng tệp mẫu nhập dữ liệu.",
        row=row, code="too_many_columns",
    )


def _bounded(raw_rows: Iterable[list], *, name: str, sheet_name: str, limits: Limits) -> Iterator[Row]:
    """Number and normalise the rows, refusing data past the column cap and cells longer than the cell cap
    before any of them is kept (cells beyond the cap that are empty are dropped)."""
    for i, row in enumerate(raw_rows):
        number = i + 1
        if len(row) > limits.columns:
            if any(c is not None and c != "" for c in row[limits.columns:]):
                raise too_many_columns(name, sheet_name, number, limits)
            row = row[: limits.columns]
        for c, value in enumerate(row):
            if isinstance(value, str) and len(value) > limits.cell_chars:
                raise cell_too_long(name, number, c, len(value), limits)
        yield number, [normalize_cell(c) for c in row]


def cell_too_long(name: str, row: int, column: int | None, length: int | None, limits: Limits) -> ExchangeError:
    where = f"ô {column_letters(column)}{row}" if column is not None else f"một ô ở dòng {row}"
    size = f" ({thousands(length)} ký tự)" if length else ""
    return ExchangeError(
        f"Tệp «{name}»: {where} quá dài{size}, vượt giới hạn {thousands(limits.cell_chars)} ký tự một ô. "
        "Hãy kiểm tra lại nội dung ô đó.",
        row=row, code="cell_too_long",
    )


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


