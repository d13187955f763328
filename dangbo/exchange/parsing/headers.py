"""Import columns: canonical keys, Vietnamese template headers, and matching the headers users really type.

map_headers() compares headers by rules.text.search_key (no diacritics, no case, punctuation as spaces),
after dropping what templates add around a header: "(*)", "*", "(dd/mm/yyyy)" and other text in
parentheses. "Họ và tên", "Ho ten", "HỌ TÊN", "Họ tên đảng viên", "Họ, tên" all become full_name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from dangbo.rules.text import gettext_noop, search_key

Kind = Literal["member", "organization"]
ValueType = Literal["text", "date", "digits", "code", "gender", "email", "phone"]


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # the template header (Vietnamese)
    required: bool = False
    type: ValueType = "text"
    synonyms: tuple[str, ...] = ()  # other headers seen in offices' files (any case/diacritics)
    help: str = ""  # one line for the template's explanation sheet (Vietnamese; the upload page translates it)


MEMBER_COLUMNS: tuple[Column, ...] = (
    Column("full_name", "Họ và tên", True, "text",
           ("Họ tên", "Họ, tên", "Họ tên đảng viên", "Họ và tên đảng viên", "Tên đảng viên", "Họ và tên khai sinh",
            "Đảng viên"),
           gettext_noop("Họ, chữ đệm và tên, viết hoa chữ cái đầu mỗi chữ.")),
    Column("birth_date", "Ngày sinh", True, "date",
           ("Ngày tháng năm sinh", "Ngày, tháng, năm sinh", "Sinh ngày", "NTNS", "Ngày sinh đảng viên"),
           gettext_noop("Ngày/tháng/năm, ví dụ 25/12/1980.")),
    Column("gender", "Giới tính", True, "gender",
           ("Nam/Nữ", "Nam nữ", "Nam, nữ", "Phái", "Giới"),
           gettext_noop("Nam hoặc Nữ.")),
    Column("ethnicity", "Dân tộc", False, "code", ("Dân tộc (tên)",),
           gettext_noop("Tên dân tộc, ví dụ Kinh, Tày, Mường.")),
    Column("religion", "Tôn giáo", False, "code", ("Tôn giáo (nếu có)",),
           gettext_noop("Để trống hoặc «Không» nếu không theo.")),
    Column("hometown", "Quê quán", False, "text", ("Quê", "Nguyên quán"), gettext_noop("Xã/phường, tỉnh/thành phố.")),
    Column("residence", "Nơi thường trú", False, "text",
           ("Nơi ở hiện nay", "Nơi ở hiện tại", "Chỗ ở hiện nay", "Địa chỉ thường trú", "Thường trú", "Nơi cư trú",
            "Địa chỉ", "Nơi ở"),
           gettext_noop("Địa chỉ nơi thường trú.")),
    Column("citizen_id", "Số CCCD", False, "digits",
           ("CCCD", "Căn cước", "Căn cước công dân", "Số căn cước", "Số căn cước công dân", "Số CMND/CCCD",
            "CMND/CCCD", "Số CMND", "CMND", "Số định danh", "Số định danh cá nhân", "Mã định danh",
            "CMND, CCCD", "Số CCCD/CMND"),
           gettext_noop("12 chữ số (hoặc 9 chữ số CMND cũ); gõ dạng chữ để Excel không bỏ số 0 đầu.")),
    Column("card_number", "Số thẻ đảng viên", False, "digits",
           ("Số thẻ", "Số thẻ Đảng", "Số thẻ ĐV", "Thẻ đảng viên", "Số thẻ đảng"),
           gettext_noop("Số in trên thẻ đảng viên.")),
    Column("organization", "Chi bộ", True, "code",
           ("Mã chi bộ", "Tên chi bộ", "Chi bộ sinh hoạt", "Thuộc chi bộ", "Tổ chức đảng", "Chi bộ/Đảng bộ",
            "Chi bộ, đảng bộ", "Đảng bộ, chi bộ", "Sinh hoạt tại chi bộ", "Nơi sinh hoạt đảng"),
           gettext_noop("Mã hoặc tên chi bộ nơi đảng viên sinh hoạt.")),
    Column("workplace", "Đơn vị công tác", False, "text",
           ("Nơi công tác", "Cơ quan công tác", "Cơ quan, đơn vị công tác", "Đơn vị", "Cơ quan"),
           gettext_noop("Cơ quan, đơn vị đang công tác.")),
    Column("job_title", "Chức vụ", False, "text",
           ("Chức vụ chính quyền", "Chức vụ, chức danh", "Chức danh", "Nghề nghiệp, chức vụ", "Nghề nghiệp"),
           gettext_noop("Chức vụ chính quyền, đoàn thể hoặc nghề nghiệp.")),
    Column("education", "Giáo dục phổ thông", False, "code",
           ("Trình độ văn hóa", "Văn hóa", "Trình độ giáo dục phổ thông", "GDPT", "Học vấn"),
           gettext_noop("Ví dụ 12/12.")),
    Column("qualification", "Chuyên môn", False, "code",
           ("Trình độ chuyên môn", "Chuyên môn, nghiệp vụ", "Trình độ chuyên môn nghiệp vụ", "Học hàm, học vị",
            "CMNV"),
           gettext_noop("Ví dụ Đại học, Thạc sĩ.")),
    Column("political_theory", "Lý luận chính trị", False, "code",
           ("Trình độ lý luận chính trị", "Lí luận chính trị", "LLCT", "Trình độ LLCT", "Chính trị"),
           gettext_noop("Sơ cấp, Trung cấp, Cao cấp hoặc Cử nhân.")),
    Column("phone", "Điện thoại", False, "phone",
           ("Số điện thoại", "SĐT", "SDT", "ĐT", "Điện thoại di động", "Di động"),
           gettext_noop("Số điện thoại liên hệ.")),
    Column("email", "Thư điện tử", False, "email", ("Email", "E-mail", "Địa chỉ thư điện tử", "Hộp thư"),
           gettext_noop("Địa chỉ thư điện tử.")),
    Column("admission_decision_date", "Ngày quyết định kết nạp", True, "date",
           ("Ngày vào Đảng", "Ngày kết nạp", "Ngày kết nạp Đảng", "Ngày kết nạp vào Đảng", "Ngày QĐ kết nạp",
            "Ngày quyết định kết nạp Đảng", "Vào Đảng ngày", "Ngày vào Đảng (kết nạp)"),
           gettext_noop("Ngày ký quyết định kết nạp (ngày vào Đảng).")),
    Column("admission_decision_number", "Số quyết định kết nạp", False, "text",
           ("Số QĐ kết nạp", "Quyết định kết nạp số", "Số quyết định", "Số QĐ"),
           gettext_noop("Số, ký hiệu của quyết định kết nạp.")),
    Column("ceremony_date", "Ngày lễ kết nạp", False, "date",
           ("Ngày tổ chức lễ kết nạp", "Lễ kết nạp", "Ngày làm lễ kết nạp"),
           gettext_noop("Ngày tổ chức lễ kết nạp.")),
    Column("official_date", "Ngày chính thức", False, "date",
           ("Ngày công nhận chính thức", "Ngày được công nhận chính thức", "Ngày chuyển chính thức",
            "Chính thức ngày", "Ngày QĐ chính thức", "Ngày đảng viên chính thức"),
           gettext_noop("Ngày được công nhận đảng viên chính thức; để trống nếu đang dự bị.")),
    Column("transfer_in_date", "Ngày chuyển đến", False, "date",
           ("Ngày chuyển sinh hoạt đến", "Ngày chuyển sinh hoạt đảng đến", "Chuyển đến ngày", "Ngày đến"),
           gettext_noop("Ngày chuyển sinh hoạt đảng đến chi bộ (nếu có).")),
    Column("note", "Ghi chú", False, "text", ("Ghi chú khác", "Chú thích"), gettext_noop("Ghi chú tự do.")),
)

ORGANIZATION_COLUMNS: tuple[Column, ...] = (
    Column("code", "Mã tổ chức", True, "code",
           ("Mã", "Mã số", "Mã đơn vị", "Mã chi bộ", "Mã đảng bộ", "Mã tổ chức đảng"),
           gettext_noop("Mã duy nhất của tổ chức đảng.")),
    Column("name", "Tên tổ chức", True, "text",
           ("Tên", "Tên tổ chức đảng", "Tên chi bộ", "Tên đảng bộ", "Tên đơn vị", "Tổ chức đảng"),
           gettext_noop("Tên đầy đủ, ví dụ Chi bộ Khu phố 3.")),
    Column("kind", "Loại tổ chức", True, "code",
           ("Loại", "Cấp", "Loại hình", "Loại tổ chức đảng"),
           gettext_noop("Đảng bộ, Chi bộ cơ sở, Đảng bộ bộ phận, Chi bộ…")),
    Column("parent_code", "Mã tổ chức cấp trên", False, "code",
           ("Mã cấp trên", "Cấp trên", "Trực thuộc", "Mã đơn vị cấp trên", "Thuộc", "Tổ chức cấp trên",
            "Mã tổ chức đảng cấp trên"),
           gettext_noop("Mã của tổ chức cấp trên trực tiếp; để trống nếu nhập vào tổ chức đang chọn.")),
    Column("founded_on", "Ngày thành lập", False, "date",
           ("Thành lập ngày", "Ngày thành lập tổ chức", "Ngày quyết định thành lập"),
           gettext_noop("Ngày ký quyết định thành lập.")),
    Column("note", "Ghi chú", False, "text", ("Ghi chú khác",), gettext_noop("Ghi chú tự do.")),
)

# Headers that are row numbers or signatures, never data: matched and dropped silently.
IGNORED_HEADERS = ("STT", "TT", "Số TT", "Số thứ tự", "No", "#", "Stt.")

COLUMNS: dict[str, tuple[Column, ...]] = {"member": MEMBER_COLUMNS, "organization": ORGANIZATION_COLUMNS}
KIND_LABEL = {"member": "đảng viên", "organization": "tổ chức đảng"}
IGNORE = ""  # value in an override dict meaning "do not import this column"

_PARENS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def header_key(header: object) -> str:
    """The comparison form of a header: search_key without "(*)", "*", "(dd/mm/yyyy)" and similar."""
    text = "" if header is None else str(header)
    text = _PARENS.sub(" ", text).replace("*", " ")
    key = search_key(text)
    return key or search_key(str(header or ""))


def _build_index(kind: Kind) -> dict[str, str]:
    index: dict[str, str] = {}
    for col in COLUMNS[kind]:
        for name in (col.header, col.key.replace("_", " "), *col.synonyms):
            index.setdefault(header_key(name), col.key)
    # "Họ và tên" / "Ho ten": also accept the form without the linking "va"
    for key, value in list(index.items()):
        if " va " in f" {key} ":
            index.setdefault(" ".join(w for w in key.split() if w != "va"), value)
    for name in IGNORED_HEADERS:
        index[header_key(name)] = IGNORE
    return index


_INDEX: dict[str, dict[str, str]] = {kind: _build_index(kind) for kind in COLUMNS}


def columns(kind: Kind = "member") -> tuple[Column, ...]:
    return COLUMNS[kind]


def column(key: str, kind: Kind = "member") -> Column:
    for col in COLUMNS[kind]:
        if col.key == key:
            return col
    raise KeyError(key)


def required_keys(kind: Kind = "member") -> tuple[str, ...]:
    return tuple(c.key for c in COLUMNS[kind] if c.required)


def guess_key(header: object, kind: Kind = "member") -> str | None:
    """Canonical key for one header, IGNORE ("") for STT/TT, None when unknown."""
    return _INDEX[kind].get(header_key(header))


@dataclass
class HeaderMapping:
    """Result of map_headers: which column index feeds which key, and what is wrong with the header row.

    columns: index -> key for every mapped column (the first one when a key is duplicated).
    keys: key -> index (inverse of columns).
    unknown: (index, header) of non-empty headers that match no key (their data is not imported).
    ignored: indexes of STT/TT columns, empty headers and columns the user chose to skip.
    duplicates: key -> all indexes whose header maps to it (only keys seen more than once).
    missing: required keys no column maps to.
    """

    kind: Kind
    headers: list[str]
    columns: dict[int, str] = field(default_factory=dict)
    keys: dict[str, int] = field(default_factory=dict)
    unknown: list[tuple[int, str]] = field(default_factory=list)
    ignored: list[int] = field(default_factory=list)
    duplicates: dict[str, list[int]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the rows can be read: every required column found and no column mapped twice."""
        return not self.missing and not self.duplicates

    def header_of(self, key: str) -> str:
        """The header as it stands in the file (for messages), or the template header."""
        index = self.keys.get(key)
        if index is not None and self.headers[index]:
            return self.headers[index]
        return column(key, self.kind).header

    def label(self, key: str) -> str:
        return column(key, self.kind).header

    @property
    def errors(self) -> list[str]:
        """Vietnamese messages that block the import (missing required columns, duplicates)."""
        out = []
        for key in self.missing:
            col = column(key, self.kind)
            out.append(f"Thiếu cột bắt buộc «{col.header}». Hãy thêm cột này hoặc chọn cột tương ứng khi ghép cột.")
        for key, indexes in self.duplicates.items():
            names = ", ".join(f"«{self.headers[i]}» (cột {column_letter(i)})" for i in indexes)
            out.append(f"Nhiều cột cùng là «{self.label(key)}»: {names}. Hãy chỉ giữ một cột.")
        return out

    @property
    def warnings(self) -> list[str]:
        """Vietnamese messages that do not block the import (unknown columns are not imported)."""
        return [
            f"Cột «{header}» (cột {column_letter(i)}) không khớp với cột nào của mẫu nhập nên sẽ bị bỏ qua."
            for i, header in self.unknown
        ]

    def row_dict(self, cells: list) -> dict[str, object]:
        """One row's cells -> {key: value} for every mapped key (None for a short row)."""
        return {key: (cells[i] if i < len(cells) else None) for i, key in self.columns.items()}

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "headers": self.headers,
            "columns": {str(i): k for i, k in self.columns.items()},
            "unknown": [[i, h] for i, h in self.unknown],
            "ignored": self.ignored,
            "duplicates": self.duplicates,
            "missing": self.missing,
            "errors": self.errors,
            "warnings": self.warnings,
        }


def column_letter(index: int) -> str:
    """0 -> "A", 25 -> "Z", 26 -> "AA"."""
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def map_headers(
    headers: list[str],
    *,
    kind: Kind = "member",
    overrides: dict[str, str | None] | None = None,
) -> HeaderMapping:
    """Match a header row to canonical keys.

    overrides: {header as in the file: key} chosen by the user in the mapping step; a value of "" or None
    means "do not import this column". A header is matched to an override exactly first, then by
    header_key (so "NGÀY SINH" in the dict also fixes "Ngày sinh"). Unknown keys in overrides raise
    ValueError (a programming or tampering error, not user input).
    """
    valid = {c.key for c in COLUMNS[kind]}
    index = _INDEX[kind]
    exact: dict[str, str] = {}
    by_key: dict[str, str] = {}
    for header, key in (overrides or {}).items():
        key = key or IGNORE
        if key != IGNORE and key not in valid:
            raise ValueError(f"unknown column key {key!r} for {kind}")
        exact[str(header)] = key
        by_key.setdefault(header_key(header), key)

    texts = ["" if h is None else " ".join(str(h).split()) for h in headers]
    mapping = HeaderMapping(kind=kind, headers=texts)
    seen: dict[str, list[int]] = {}
    for i, header in enumerate(texts):
        hk = header_key(header)
        if header in exact:
            key: str | None = exact[header]
        elif hk in by_key:
            key = by_key[hk]
        elif not hk:
            key = IGNORE
        else:
            key = index.get(hk)
        if key is None:
            mapping.unknown.append((i, header))
        elif key == IGNORE:
            mapping.ignored.append(i)
        else:
            seen.setdefault(key, []).append(i)
    for key, indexes in seen.items():
        mapping.columns[indexes[0]] = key
        mapping.keys[key] = indexes[0]
        if len(indexes) > 1:
            mapping.duplicates[key] = indexes
    mapping.columns = dict(sorted(mapping.columns.items()))
    mapping.missing = [k for k in required_keys(kind) if k not in mapping.keys]
    return mapping


def find_columns(headers, names: dict[str, object]) -> tuple[dict[str, int], list[str]]:
    """Where each key's column is, for the small importers that take no column choice: `names[key]` are the
    header_key()s a header of that key may have; a key takes the first header that matches it. Also the headers,
    as written, that no key took (empty headers aside)."""
    index: dict[str, int] = {}
    unknown: list[str] = []
    for i, header in enumerate(headers):
        k = header_key(header)
        key = next((key for key, ns in names.items() if k in ns and key not in index), None)
        if key is not None:
            index[key] = i
        elif k:
            unknown.append(str(header))
    return index, unknown
