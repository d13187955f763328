"""CSV files: encoding (UTF-8, UTF-16, Windows-1258/1252), delimiter, lines; then the same Table as a sheet."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from .errors import ExchangeError
from .sheet_rows import assemble, cell_too_long, too_many_columns
from .table import Limits, Table, not_spreadsheet

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
    head = text[:262_144]  # splitting the whole of a large file would copy every line of it
    lines = head.splitlines()
    if len(head) < len(text):
        lines = lines[:-1]  # the last line may be cut
    lines = [line for line in lines[:50] if line.strip()]
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


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _lines(text: str) -> Iterator[str]:
    """The lines of `text` with their endings, as io.StringIO(text, newline="") gives them, one at a time:
    a StringIO would hold a second, four-bytes-a-character copy of the whole file."""
    for m in _LINE.finditer(text):
        yield m.group()


def read_csv(data: bytes, name: str, *, max_empty_run: int) -> Table:
    text, encoding = decode_text(data)
    if "\x00" in text:
        raise not_spreadsheet(name)
    if text.startswith("\ufeff"):
        text = text[1:]
    delimiter = sniff_delimiter(text)
    notes: list[str] = []
    if encoding == "cp1258":
        notes.append("Tệp CSV không phải UTF-8; đã đọc theo bảng mã Windows-1258 (tiếng Việt).")
    elif encoding == "cp1252":
        notes.append("Tệp CSV dùng bảng mã cũ (phông TCVN3/VNI); các ô sẽ được chuyển sang Unicode.")
    limits = Limits.from_settings()
    # One more than the cap, so a cell just over it reaches _bounded, which names it; a longer one stops
    # the csv module itself, before it is held in memory.
    csv.field_size_limit(limits.cell_chars + 1)
    lines = text.count("\n") + 1

    def records() -> Iterator[list]:
        reader = csv.reader(_lines(text), delimiter=delimiter)
        try:
            for record in reader:
                if len(record) > limits.columns:
                    # the row is already split: cut it now so 50.000 empty cells are never normalised
                    if any(record[limits.columns:]):
                        raise too_many_columns(name, Path(name).stem or "CSV", reader.line_num, limits)
                    record = record[: limits.columns]
                yield record
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise cell_too_long(name, reader.line_num, None, None, limits) from None
            raise ExchangeError(f"Tệp CSV «{name}» sai cấu trúc ({exc}).", code="corrupt") from None

    return assemble(records(), name=name, sheet_name=Path(name).stem or "CSV", fmt="csv", names=[],
                     merged=[], row_count_hint=lines, max_empty_run=max_empty_run, encoding=encoding,
                     delimiter=delimiter, notes=notes)

