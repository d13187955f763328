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
Hostile files are refused before they cost memory (issue 11.2, limits in `Limits`, settings
DANGBO_IMPORT_MAX_*): a zip whose members unzip past the cap or at a bomb's ratio (checked by actually
inflating, since a zip's declared sizes can lie), a cell longer than Excel allows, data beyond the column
cap, more data rows than the row cap.
A sheet whose used range runs to a million empty rows is read up to the data: iteration stops after
MAX_EMPTY_RUN consecutive empty rows.
"""


from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path
from typing import IO, Any

from .csv_text import decode_text, encode_cp1258, read_csv, sniff_delimiter  # noqa: F401
from .errors import ExchangeError
from .table import (  # noqa: F401 - the public API of the readers
    MAX_BYTES,
    MAX_EMPTY_RUN,
    RATIO_FLOOR,
    ZIP_FORMATS,
    Limits,
    Table,
    cell_text,
    normalize_cell,
    not_spreadsheet,
)
from .workbooks import read_workbook, read_xlsx_streaming, sparse_giant

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")

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


def mb_text(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.0f} MB"
    return f"{n // 1024} KB" if n >= 1024 else f"{n} byte"


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
            f"Tệp «{name}» dung lượng {mb_text(size)}, vượt giới hạn {mb_text(max_bytes)}. "
            "Hãy chia thành nhiều tệp nhỏ hơn.",
            value=size, code="too_large",
        )
    try:
        data = _read_all(source, max_bytes)
    except OSError:
        raise ExchangeError(f"Không đọc được tệp «{name}».", code="unreadable") from None
    if len(data) > max_bytes:
        raise ExchangeError(
            f"Tệp «{name}» vượt giới hạn {mb_text(max_bytes)}. Hãy chia thành nhiều tệp nhỏ hơn.", code="too_large"
        )
    if not data.strip(b" \t\r\n\x00"):
        raise ExchangeError(f"Tệp «{name}» rỗng, không có dữ liệu.", code="empty")

    kind = _sniff(data, name, ext)
    if kind in ZIP_FORMATS:
        _check_unzipped(data, name, Limits.from_settings())
    if kind == "csv":
        return read_csv(data, name, max_empty_run=max_empty_run)
    if kind in ("xlsx", "xlsm") and sparse_giant(data):
        return read_xlsx_streaming(data, name, kind, sheet=sheet, max_empty_run=max_empty_run)
    return read_workbook(data, name, kind, sheet=sheet, max_empty_run=max_empty_run)


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
            raise not_spreadsheet(name, " (đây là văn bản Word)")
        if b"opendocument.text" in mimetype:
            raise not_spreadsheet(name, " (đây là văn bản OpenDocument)")
        raise not_spreadsheet(name, " (đây là tệp nén ZIP)")
    if head.startswith(_OLE_MAGIC):
        if _ENCRYPTED in data or _ENCRYPTION_INFO in data:
            raise ExchangeError(
                f"Tệp «{name}» được đặt mật khẩu nên không đọc được. Hãy mở bằng Excel, bỏ mật khẩu "
                "(Tệp > Thông tin > Bảo vệ sổ làm việc) rồi lưu và tải lên lại.",
                code="encrypted",
            )
        return "xls"
    if head.startswith(b"%PDF"):
        raise not_spreadsheet(name, " (đây là tệp PDF)")
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<html", b"<!doctype", b"<table", b"<meta", b"<?xml", b"<head", b"<body")):
        raise ExchangeError(
            f"Tệp «{name}» thực chất là trang web (HTML/XML) được đặt đuôi {ext or 'lạ'}, không phải bảng tính. "
            "Hãy mở tệp bằng Excel rồi lưu lại dạng .xlsx (Sổ làm việc Excel).",
            code="not_spreadsheet",
        )
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b")):
        raise not_spreadsheet(name)
    if _looks_text(data):
        return "csv"
    raise not_spreadsheet(name)


def _check_unzipped(data: bytes, name: str, limits: Limits) -> None:
    """Refuse a zip bomb before calamine or openpyxl inflates it: the members are inflated here in chunks,
    counting, so a lying header does not help and at most the cap is ever decompressed (and thrown away)."""
    total = 0
    too_big = ExchangeError(
        f"Tệp «{name}» khi giải nén vượt {mb_text(limits.unzipped_bytes)} (tệp nén bất thường hoặc quá lớn), "
        "không đọc được. Hãy lưu lại bảng tính bằng Excel, bỏ các ô có nội dung quá dài hoặc chia thành "
        "nhiều tệp nhỏ hơn.",
        code="too_large_unzipped",
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for info in zf.infolist():
                if info.file_size > limits.unzipped_bytes - total:
                    raise too_big
                inflated = 0
                with zf.open(info) as fh:
                    while chunk := fh.read(1 << 20):
                        inflated += len(chunk)
                        if total + inflated > limits.unzipped_bytes:
                            raise too_big
                        if inflated > RATIO_FLOOR and inflated > limits.zip_ratio * max(info.compress_size, 1):
                            raise too_big
                total += inflated
    except ExchangeError:
        raise
    except Exception:  # noqa: BLE001 - zipfile, zlib, bz2, lzma each raise their own errors on damage
        raise ExchangeError(
            f"Tệp «{name}» bị hỏng hoặc tải lên chưa hết, không đọc được. Hãy lưu lại và tải lên lần nữa.",
            code="corrupt",
        ) from None


