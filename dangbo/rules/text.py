"""Vietnamese text: normalisation, search keys, name ordering, number and date formats."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

from .sources import UNCONFIRMED, Source, register

T = TypeVar("T")

# Invisible characters pasted from Word or web pages that are not whitespace for str.split().
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\ufeff\u00ad"), None)


def nfc(s: str | None) -> str:
    """NFC, trimmed, internal whitespace collapsed to one space; None -> ""."""
    if s is None:
        return ""
    return " ".join(unicodedata.normalize("NFC", str(s)).translate(_INVISIBLE).split())


# --- search key ----------------------------------------------------------------------------------

# đ has no Unicode decomposition; Ð/ð (eth) is a frequent look-alike typed for Đ.
_D_MAP = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})


def _search_step(s: str) -> str:
    # Lower-case first: some lower-case forms decompose (İ -> i + U+0307).
    s = unicodedata.normalize("NFD", s.lower().translate(_D_MAP))
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = "".join(ch if ch.isalnum() else " " for ch in s)
    return " ".join(s.split())


def search_key(s: str | None) -> str:
    """Accent-free, lower-case key for search: "Nguyễn Văn Mến" -> "nguyen van men"."""
    if not s:
        return ""
    out = _search_step(str(s))
    # Iterate to a fixed point so the key is idempotent even for exotic code points.
    for _ in range(4):
        again = _search_step(out)
        if again == out:
            break
        out = again
    return out


# --- Vietnamese alphabetical order ------------------------------------------------------------------

register(
    "text.name_order",
    Source(
        document="Quy ước sắp xếp tên tiếng Việt (GLOSSARY.md của dự án)",
        clause="Tên (chữ cuối) trước, rồi họ và đệm; bảng chữ a ă â b c d đ e ê g h i k l m n o ô ơ p q r s "
        "t u ư v x y; thanh: ngang, huyền, hỏi, ngã, sắc, nặng",
        valid_from=None,
        valid_to=None,
        confidence=UNCONFIRMED,
        note="Project convention, not a Party text. Placement of f j w z and digits is our choice "
        "(Latin position; digits first). Tone is a secondary key per word.",
    ),
)

# Base letters in collation order; f, j, w, z sit at their Latin positions, digits before letters.
ALPHABET = (
    "0", "1", "2", "3", "4", "5", "6", "7", "8", "9",
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n",
    "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
)  # fmt: skip
TONES = ("ngang", "huyền", "hỏi", "ngã", "sắc", "nặng")

# ASCII codes chosen so that bytewise order = collation order:
# word separator "!" < tone separator "#" < every letter code; tone codes "0".."5" compare only with tones.
_WORD_SEP = "!"
_TONE_SEP = "#"
_CODES = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg"
_UNKNOWN = "z"  # any other letter (ç, ñ, Greek…) sorts after z, all equal
assert len(_CODES) == len(ALPHABET)
_LETTER_CODE = dict(zip(ALPHABET, _CODES, strict=True))

_TONE_MARKS = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
_MODIFIERS = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
SORT_KEY_MAX_LENGTH = 255


def word_letters_and_tone(word: str) -> tuple[list[str], int]:
    """Split one word into Vietnamese base letters and its tone (0 = ngang … 5 = nặng).

    Works on NFC or NFD input; the tone is taken wherever it sits (hoà and hòa are equal).
    """
    letters: list[str] = []
    tone = 0
    for ch in unicodedata.normalize("NFD", word.lower()):
        if unicodedata.combining(ch):
            if ch in _TONE_MARKS:
                tone = tone or _TONE_MARKS[ch]
            elif letters and (letters[-1], ch) in _MODIFIERS:
                letters[-1] = _MODIFIERS[(letters[-1], ch)]
            continue
        if ch.isalnum():
            letters.append(ch)
    return letters, tone


def _word_key(word: str) -> str:
    letters, tone = word_letters_and_tone(word)
    if not letters:
        return ""
    codes = "".join(_LETTER_CODE.get(ch, _UNKNOWN) for ch in letters)
    return codes + _TONE_SEP + str(tone) + _WORD_SEP


def split_name(full_name: str | None) -> tuple[str, str]:
    """(family and middle names, given name); the given name is the last word."""
    words = nfc(full_name).split(" ")
    if words == [""]:
        return "", ""
    return " ".join(words[:-1]), words[-1]


def name_sort_key(full_name: str | None, max_length: int = SORT_KEY_MAX_LENGTH) -> str:
    """ASCII key whose bytewise order is Vietnamese alphabetical order of full names.

    Order: given name, then the other words left to right; per word, letters first, then tone.
    Truncation keeps the order weakly (a < b implies key(a) <= key(b)).
    """
    words = [w for w in nfc(full_name).split(" ") if w]
    if not words:
        return ""
    ordered = [words[-1], *words[:-1]]
    return "".join(_word_key(w) for w in ordered)[:max_length]


def vietnamese_sorted(iterable: Iterable[T], key: Callable[[T], Any] | None = None) -> list[T]:
    """Sort names (or objects, via `key` returning the full name) in Vietnamese order; stable."""
    if key is None:
        return sorted(iterable, key=lambda x: name_sort_key(str(x)))
    return sorted(iterable, key=lambda x: name_sort_key(key(x)))


# --- numbers and dates ------------------------------------------------------------------------------


def format_number(n: int | float | Decimal, decimals: int = 0) -> str:
    """Vietnamese style: "." groups thousands, "," is the decimal mark (2.983; 3,5). Rounds half up."""
    q = Decimal(1).scaleb(-decimals)
    value = Decimal(str(n)).quantize(q, rounding=ROUND_HALF_UP)
    if value == 0:
        value = abs(value)  # no "-0"
    text = f"{value:,.{decimals}f}"
    return text.translate(str.maketrans({",": ".", ".": ","}))


def format_percent(x: int | float | Decimal, decimals: int = 1) -> str:
    """3.5 -> "3,5%"; an all-zero fraction is dropped: 3.0 -> "3%"."""
    text = format_number(x, decimals)
    if "," in text and not text.split(",")[1].strip("0"):
        text = text.split(",")[0]
    return text + "%"


ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
         (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman(n: int) -> str:
    """A term's or a congress's ordinal as written on Party papers (Đại hội lần thứ XI)."""
    out = ""
    for v, s in ROMAN:
        while n >= v:
            out, n = out + s, n - v
    return out


def format_date(d: date | None) -> str:
    """25/12/2020; None -> ""."""
    return "" if d is None else f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def format_date_long(d: date | None, padded: bool = False) -> str:
    """ "ngày 25 tháng 12 năm 2020" ("ngày 07 tháng 02 …" `padded`, as a document's date line), a Text read in the
    page's language when shown; None -> ""."""
    if d is None:
        return ""
    day, month = (f"{d.day:02d}", f"{d.month:02d}") if padded else (d.day, d.month)
    return Text(LONG_DATE, {"day": day, "month": month, "year": d.year})


_DATE_RE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def parse_date(s: str | None) -> date:
    """Parse dd/mm/yyyy (one-digit day or month accepted); anything else raises ValueError in Vietnamese."""
    text = nfc(s)
    m = _DATE_RE.fullmatch(text)
    if not m:
        raise ValueError(f"Ngày “{text}” không đúng định dạng ngày/tháng/năm (ví dụ 25/12/2020).")
    day, month, year = (int(g) for g in m.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"Ngày {text} không tồn tại.") from None


# What a diacritic-free search letter may stand for (search_key folds these together).
_SEARCH_VARIANTS = {"a": "aăâ", "d": "dđ", "e": "eê", "o": "oôơ", "u": "uư"}


def given_name_key_prefixes(token: str, limit: int = 64) -> list[str] | None:
    """Sort-key prefixes of every name whose given name starts with `token` (a search_key word).

    name_sort_key begins with the given name, one code per letter, so these names fill a few contiguous
    key ranges: [p, p + "~") for each prefix p. None when the token has too many letter variants to list.
    """
    prefixes = [""]
    for ch in token:
        options = _SEARCH_VARIANTS.get(ch, ch)
        prefixes = [p + _LETTER_CODE.get(o, _UNKNOWN) for p in prefixes for o in options]
        if len(prefixes) > limit:
            return None
    return sorted(set(prefixes))


_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")


def _hundreds(n: int, full: bool) -> list[str]:
    """Words of 0 < n < 1000; `full` reads the hundreds even when 0 ("không trăm linh năm") inside a number."""
    h, t, u = n // 100, n // 10 % 10, n % 10
    words = [_DIGITS[h], "trăm"] if h or full else []
    if t == 0:
        if u and words:
            words.append("linh")
    elif t == 1:
        words.append("mười")
    else:
        words += [_DIGITS[t], "mươi"]
    if u:
        words.append("mốt" if u == 1 and t >= 2 else "lăm" if u == 5 and t >= 1 else _DIGITS[u])
    return words


def _number_words(n: int, full: bool = False) -> list[str]:
    if n >= 10**9:
        high, low = divmod(n, 10**9)
        return _number_words(high, full) + ["tỷ"] + (_number_words(low, True) if low else [])
    words: list[str] = []
    for value, name in ((n // 10**6, "triệu"), (n // 1000 % 1000, "nghìn"), (n % 1000, "")):
        if value:
            words += _hundreds(value, full) + ([name] if name else [])
            full = True
    return words


def amount_in_words(n: int) -> str:
    """An amount of đồng in Vietnamese words, as a receipt states it: 5000 -> "Năm nghìn đồng",
    30001 -> "Ba mươi nghìn không trăm linh một đồng", 21 -> "Hai mươi mốt đồng"."""
    n = int(n)
    words = (["âm"] if n < 0 else []) + (_number_words(abs(n)) if n else ["không"]) + ["đồng"]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


# --- texts read in the reader's language ---------------------------------------------------------------


def _identity(template: str) -> str:
    return template


# Set by dangbo.core (its AppConfig.ready) to Django's gettext; without Django a Text reads Vietnamese.
translate: Callable[[str], str] = _identity


class Text(str):
    """A Vietnamese template with named placeholders and its params, read in the active language when shown.

    As a `str` it is the Vietnamese text (what equality, hashing, JSON, the database and `+` see); `str()`,
    `format()` and `%s` give `translate(template) % params`, so a page shows it in the reader's language, and
    under Vietnamese (dangbo.core.i18n) it is the Vietnamese text. Build it with `text` (imported as `_` in the
    rules modules, so makemessages extracts the template).
    """

    __slots__ = ("template", "params")

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, params: dict[str, Any] | None = None) -> Text:
        params = dict(params or {})
        vietnamese = {k: v.vietnamese if isinstance(v, Text) else v for k, v in params.items()}
        self = super().__new__(cls, _fill(template, vietnamese))
        self.template, self.params = template, params
        return self

    def __str__(self) -> str:
        return _fill(translate(self.template), self.params)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __reduce__(self):
        return (Text, (self.template, self.params))

    def __repr__(self) -> str:
        return f"Text({self.vietnamese!r})"

    @property
    def vietnamese(self) -> str:
        return str.__str__(self)

    def lower(self) -> Text:
        """In lower case, as a Text: the Vietnamese value lowered, and the reader's language lowered when shown."""
        return _Lowered(self)

    def capitalize(self) -> Text:
        """As `str.capitalize` (first letter upper, the rest lower), as a Text: the Vietnamese value capitalised,
        and the reader's language capitalised when shown («Chưa có dữ liệu …» opening a sentence)."""
        return _Capitalized(self)

    def opening(self) -> Text:
        """First letter upper, the rest as it is, as a Text: a phrase opening a sentence that names an organisation
        («Chưa có dữ liệu của Chi bộ Phòng Kinh tế»: `capitalize` would lower its capitals)."""
        return _Opened(self)


class _Lowered(Text):
    """A Text shown in lower case («khiển trách» inside a sentence)."""

    __slots__ = ("inner",)
    change: Callable[[str], str] = str.lower

    def __new__(cls, inner: Text) -> _Lowered:
        self = str.__new__(cls, cls.change(inner.vietnamese))
        self.template, self.params, self.inner = inner.template, inner.params, inner
        return self

    def __str__(self) -> str:
        return type(self).change(str(self.inner))

    def __reduce__(self):
        return (type(self), (self.inner,))


class _Capitalized(_Lowered):
    """A Text shown capitalised (a «chưa có dữ liệu …» phrase opening a sentence)."""

    __slots__ = ()
    change = str.capitalize


def _fill(template: str, params: dict[str, Any]) -> str:
    return template % {k: str(v) for k, v in params.items()} if params else template


def text(template: str, **params: Any) -> Text:
    """A Text: `_("Đảng viên %(name)s …", name=…)` in a rules module."""
    return Text(template, params)


def gettext_noop(template: str) -> str:
    """A template marked for the catalogue (makemessages extracts `gettext_noop("…")`), used later in a Text."""
    return template


def _pattern(template: str) -> re.Pattern:
    parts = re.split(r"%\((\w+)\)s", template.replace("%%", "%"))
    regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts))
    return re.compile(regex + r"\Z")


def reread(stored: str, templates: Iterable[str], labels: Iterable[str] = (), sep: str = "; ") -> str:
    """A stored Vietnamese text built from `templates` (its parts joined by `sep`) read again as a Text, so a page
    shows it in the reader's language; a param equal to one of `labels` becomes that label's Text. A text that
    does not match (an older wording, a hand edit) is returned as stored."""
    if not stored:
        return stored
    known = {label: Text(label) for label in labels}
    patterns = [(t, _pattern(t)) for t in templates]
    out: list[Text] = []
    for part in str(stored).split(sep):
        for template, pattern in patterns:
            m = pattern.match(part)
            if m:
                out.append(Text(template, {k: known.get(v, v) for k, v in m.groupdict().items()}))
                break
        else:
            return stored
    return joined_text(out, sep)


def joined_text(texts: Iterable[str], sep: str = "; ") -> str:
    """Texts joined by `sep`, each read in the reader's language when shown (a Text when there are several)."""
    texts = [t for t in texts if t]
    if len(texts) <= 1:
        return texts[0] if texts else ""
    names = [f"p{i}" for i in range(len(texts))]
    return Text(sep.join(f"%({n})s" for n in names), dict(zip(names, texts, strict=True)))


LONG_DATE = gettext_noop("ngày %(day)s tháng %(month)s năm %(year)s")


def first_upper(value: str) -> str:
    """A phrase opening a sentence: its first letter upper, the rest as it is (a Text stays a Text)."""
    return value.opening() if isinstance(value, Text) else value[:1].upper() + value[1:]


class _Opened(_Lowered):
    """A Text shown with its first letter upper and the rest as written."""

    __slots__ = ()

    @staticmethod
    def change(value: str) -> str:
        return value[:1].upper() + value[1:]
