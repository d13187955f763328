"""Text typed with the legacy Vietnamese font encodings TCVN3 (ABC, .VnTime) and VNI (VNI-Times) -> Unicode.

Such text was stored as single-byte Windows-1252 characters; Excel keeps it as those characters, so
"Nguyễn Văn Mến" typed with .VnTime reads "NguyÔn V¨n MÕn" and with VNI-Times "Nguyeãn Vaên Meán".

TCVN3 (TCVN 5712:1993, the VN3 repertoire of the .Vn* fonts): one byte per letter. It has the 67 lower-case
Vietnamese letters and only seven capitals (Ă Â Ê Ô Ơ Ư Đ at 0xA1–0xA7). Capitals with a tone were typed
with the separate upper-case fonts (.VnTimeH), which draw the LOWER-CASE codes as capitals, so the stored
text of "NGUYỄN" is "NGUYÔN" and of "Ẩn" is "Èn". to_unicode() restores the case from the context
(restore_case): a word whose other letters are all capitals becomes all capitals, and a word starting with
such a letter is capitalised when every other word of the text is (a name). A lone "Èn" stays "ẩn".

VNI (VNI Windows): a base letter followed by one or two modifier characters: â/ê after a, e, o for the
circumflex (and ê after a for the breve), ù ø û õ ï for the tones sắc huyền hỏi ngã nặng, á à å ã ä for
circumflex+tone, é è ú ü ë for breve+tone; single characters for ơ (ô), ư (ö), đ (ñ), the toned i
(í ì æ ó ò) and ỵ (î). Capitals use the upper-case forms (AÙ = Á, Ñ = Đ); a modifier of the other case is
accepted on decoding.

detect() scores the share of words that read as a Vietnamese syllable once converted but not as they
stand; Unicode Vietnamese and English text score 0.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from typing import Literal

Encoding = Literal["tcvn3", "vni"]
ENCODINGS: tuple[Encoding, ...] = ("tcvn3", "vni")
LABELS = {"tcvn3": "TCVN3 (ABC, phông .VnTime)", "vni": "VNI (phông VNI-Times)"}

# --- letters ------------------------------------------------------------------------------------------------

_BASES = "aăâeêioôơuưy"
_TONE_MARKS = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")  # ngang sắc huyền hỏi ngã nặng


def _letter(base: str, tone: int) -> str:
    return unicodedata.normalize("NFC", base + _TONE_MARKS[tone])


# Every Vietnamese letter (lower case): 12 vowels x 6 tones + đ; and the upper-case forms.
VOWELS_LOWER = tuple(_letter(b, t) for b in _BASES for t in range(6))
LETTERS_LOWER = (*VOWELS_LOWER, "đ")
LETTERS_UPPER = tuple(ch.upper() for ch in LETTERS_LOWER)
ALL_LETTERS = LETTERS_LOWER + LETTERS_UPPER

# --- TCVN3 ------------------------------------------------------------------------------------------------------

# Lower-case toned vowels, tones in the order sắc? No: TCVN3 orders them huyền, hỏi, ngã, sắc, nặng.
_TCVN3_TONED = {
    "a": "\u00b5\u00b6\u00b7\u00b8\u00b9",  # à ả ã á ạ
    "ă": "\u00bb\u00bc\u00bd\u00be\u00c6",  # ằ ẳ ẵ ắ ặ
    "â": "\u00c7\u00c8\u00c9\u00ca\u00cb",  # ầ ẩ ẫ ấ ậ
    "e": "\u00cc\u00ce\u00cf\u00d0\u00d1",  # è ẻ ẽ é ẹ
    "ê": "\u00d2\u00d3\u00d4\u00d5\u00d6",  # ề ể ễ ế ệ
    "i": "\u00d7\u00d8\u00dc\u00dd\u00de",  # ì ỉ ĩ í ị
    "o": "\u00df\u00e1\u00e2\u00e3\u00e4",  # ò ỏ õ ó ọ
    "ô": "\u00e5\u00e6\u00e7\u00e8\u00e9",  # ồ ổ ỗ ố ộ
    "ơ": "\u00ea\u00eb\u00ec\u00ed\u00ee",  # ờ ở ỡ ớ ợ
    "u": "\u00ef\u00f1\u00f2\u00f3\u00f4",  # ù ủ ũ ú ụ
    "ư": "\u00f5\u00f6\u00f7\u00f8\u00f9",  # ừ ử ữ ứ ự
    "y": "\u00fa\u00fb\u00fc\u00fd\u00fe",  # ỳ ỷ ỹ ý ỵ
}
_TCVN3_TONE_ORDER = (2, 3, 4, 1, 5)  # huyền hỏi ngã sắc nặng -> our tone numbers
_TCVN3_PLAIN = {
    "ă": "\u00a8", "â": "\u00a9", "ê": "\u00aa", "ô": "\u00ab", "ơ": "\u00ac", "ư": "\u00ad", "đ": "\u00ae",
    "Ă": "\u00a1", "Â": "\u00a2", "Ê": "\u00a3", "Ô": "\u00a4", "Ơ": "\u00a5", "Ư": "\u00a6", "Đ": "\u00a7",
}  # fmt: skip

TCVN3_DECODE: dict[str, str] = {code: uni for uni, code in _TCVN3_PLAIN.items()}
for _base, _codes in _TCVN3_TONED.items():
    for _code, _tone in zip(_codes, _TCVN3_TONE_ORDER, strict=True):
        TCVN3_DECODE[_code] = _letter(_base, _tone)
assert len(TCVN3_DECODE) == 60 + 14
TCVN3_ENCODE: dict[str, str] = {uni: code for code, uni in TCVN3_DECODE.items()}
_TCVN3_TABLE = str.maketrans(TCVN3_DECODE)
# Codes whose letter is lower case but which the .VnTimeH fonts draw as capitals.
_TCVN3_CASELESS = frozenset(c for c, u in TCVN3_DECODE.items() if u.islower())


def encode_tcvn3(text: str) -> str:
    """Unicode -> TCVN3 as Windows-1252 characters. Capitals with a tone (and capital base vowels without
    a TCVN3 code) become their lower-case code, as the .VnTimeH fonts store them: lossy in case."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        code = TCVN3_ENCODE.get(ch)
        if code is None and ch.isupper():
            code = TCVN3_ENCODE.get(ch.lower())
        out.append(code if code is not None else ch)
    return "".join(out)


def decode_tcvn3(text: str) -> str:
    return restore_case(text.translate(_TCVN3_TABLE), text)


# --- VNI -------------------------------------------------------------------------------------------------------

_VNI_TONE = ("", "\u00f9", "\u00f8", "\u00fb", "\u00f5", "\u00ef")  # sắc ù, huyền ø, hỏi û, ngã õ, nặng ï
_VNI_CIRC = ("\u00e2", "\u00e1", "\u00e0", "\u00e5", "\u00e3", "\u00e4")  # â á à å ã ä
_VNI_BREVE = ("\u00ea", "\u00e9", "\u00e8", "\u00fa", "\u00fc", "\u00eb")  # ê é è ú ü ë
_VNI_I = ("i", "\u00ed", "\u00ec", "\u00e6", "\u00f3", "\u00f2")  # i í ì æ ó ò


def _vni_lower(base: str, tone: int) -> str:
    if base == "i":
        return _VNI_I[tone]
    if base == "y" and tone == 5:
        return "\u00ee"  # ỵ = î
    if base in "âêô":
        return {"â": "a", "ê": "e", "ô": "o"}[base] + _VNI_CIRC[tone]
    if base == "ă":
        return "a" + _VNI_BREVE[tone]
    plain = {"ơ": "\u00f4", "ư": "\u00f6"}.get(base, base)  # ơ = ô, ư = ö
    return plain + _VNI_TONE[tone]


VNI_ENCODE: dict[str, str] = {"đ": "\u00f1", "Đ": "\u00d1"}
for _base in _BASES:
    for _tone in range(6):
        _lower = _letter(_base, _tone)
        _code = _vni_lower(_base, _tone)
        VNI_ENCODE[_lower] = _code
        VNI_ENCODE[_lower.upper()] = _code.upper()
VNI_ENCODE = {k: v for k, v in VNI_ENCODE.items() if k != v}  # a, e, o, u, y, i map to themselves

# Decoding: every sequence the encoder writes, plus the same with the modifier in the other case.
VNI_DECODE: dict[str, str] = {}
for _uni, _code in VNI_ENCODE.items():
    VNI_DECODE[_code] = _uni
for _uni, _code in list(VNI_ENCODE.items()):
    if len(_code) == 2:
        _swapped = _code[0] + (_code[1].lower() if _code[1].isupper() else _code[1].upper())
        VNI_DECODE.setdefault(_swapped, _uni)
_VNI_RE = re.compile("|".join(re.escape(s) for s in sorted(VNI_DECODE, key=len, reverse=True)))
_VNI_SINGLE = frozenset(s for s in VNI_DECODE if len(s) == 1)
_VNI_MODIFIERS = frozenset(s[-1] for s in VNI_DECODE if len(s) == 2)
VNI_CHARS = frozenset(ch for ch in "".join(VNI_DECODE) if not ch.isascii())


def encode_vni(text: str) -> str:
    """Unicode -> VNI Windows as Windows-1252 characters (exact for all letters and both cases)."""
    return "".join(VNI_ENCODE.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


def decode_vni(text: str) -> str:
    return _VNI_RE.sub(lambda m: VNI_DECODE[m.group(0)], text)


# --- case restoration (TCVN3) ------------------------------------------------------------------------------

_WORD_RE = re.compile(r"[^\s!-/:-@\[-`{-~\u2010-\u206f]+")


def restore_case(decoded: str, original: str) -> str:
    """Upper-case the letters that came from TCVN3 lower-case codes where the context shows capitals.

    decoded and original have the same length (TCVN3 is one character per letter). Per word, the letters
    from other codes tell the case: two or more capitals -> all capitals ("NGUYÔN" -> "NGUYỄN"); one capital
    -> all capitals if the other words are all capitals ("X·" in "CéNG HßA X· HéI"), else a capitalised word.
    A word starting with a legacy letter is capitalised when at least two other words are and none is not
    ("Huúnh Ngäc Èn" -> "Huỳnh Ngọc Ẩn"; but "§¶ng ñy" -> "Đảng ủy").
    """
    if len(decoded) != len(original):
        return decoded
    chars = list(decoded)
    words = [(m.start(), m.end()) for m in _WORD_RE.finditer(original)]
    styles = []
    for start, end in words:
        alpha = [k for k in range(start, end) if chars[k].isalpha()]
        known = [k for k in alpha if original[k] not in _TCVN3_CASELESS]
        if not alpha:
            styles.append(None)
        elif known and all(chars[k].isupper() for k in known) and any(k != alpha[0] for k in known):
            styles.append("upper")  # a capital after the first letter: the word is in capitals
        elif known and known[0] == alpha[0] and chars[alpha[0]].isupper() and all(
                chars[k].islower() for k in known[1:]):
            styles.append("title" if len(known) >= 2 or len(alpha) == 1 else "cap")
        elif known and all(chars[k].islower() for k in known):
            styles.append("lower" if alpha[0] in known else None)
        else:
            styles.append(None)
    for n, (start, end) in enumerate(words):
        fixed = [k for k in range(start, end) if original[k] in _TCVN3_CASELESS]
        if not fixed:
            continue
        others = [s for m, s in enumerate(styles) if m != n and s is not None]
        all_caps = bool(others) and all(s == "upper" for s in others)
        all_title = len(others) >= 2 and all(s in ("title", "cap", "upper") for s in others)
        style = styles[n]
        alpha = [k for k in range(start, end) if chars[k].isalpha()]
        no_lower = not any(chars[k].islower() for k in alpha if original[k] not in _TCVN3_CASELESS)
        if style == "upper" or (all_caps and (style == "cap" or (style is None and no_lower))):
            for k in fixed:
                chars[k] = chars[k].upper()
        elif style is None and alpha and alpha[0] in fixed and all_title:
            if all(chars[k].islower() for k in alpha[1:]):
                chars[alpha[0]] = chars[alpha[0]].upper()
    return "".join(chars)


# --- Vietnamese syllables (for detection) --------------------------------------------------------------------

_TONE_SET = set(_TONE_MARKS[1:])
_INITIALS = ("ngh", "ng", "gh", "gi", "kh", "nh", "ph", "th", "tr", "ch", "qu", "b", "c", "d", "đ", "g", "h",
             "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "")
_NUCLEI = {
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y",
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi", "oo",
    "ua", "uâ", "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi", "ươ", "ưu", "ya", "yê",
    "iêu", "oai", "oay", "oeo", "uây", "uôi", "uya", "uyê", "uyu", "ươi", "ươu", "yêu", "uêu", "oao",
}  # fmt: skip
_FINALS = ("ch", "ng", "nh", "c", "m", "n", "p", "t", "")
_SYLLABLE_RE = re.compile(
    "(" + "|".join(_INITIALS) + ")(" + "|".join(sorted(_NUCLEI, key=len, reverse=True)) + ")("
    + "|".join(_FINALS) + ")"
)
# Nuclei ending in a glide take no final consonant; these need one.
_NO_FINAL = {"ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi", "ui", "ưi", "ưu", "ưa",
             "ua", "ya", "oai", "oay", "uây", "uôi", "ươi", "ươu", "iêu", "yêu", "uyu", "oeo", "uya", "uêu", "oao"}
_NEED_FINAL = {"ă", "â", "iê", "yê", "uô", "ươ", "uyê", "oă", "uâ"}
_FIRST_TONED = {"ai", "ao", "au", "ay", "eo", "iu", "oi", "ui", "ia", "ua"}
_MIDDLE_TONED = {"oai", "oay", "oeo", "uya", "uyu", "oao", "uêu"}


def _tone_positions(nucleus: str, final: str) -> set[int]:
    """Where the tone may sit in the vowel cluster (old and new spelling of oa/oe/uy both accepted)."""
    modified = [i for i, ch in enumerate(nucleus) if ch in "ăâêôơư"]
    if modified:
        return {modified[-1]}
    if final or len(nucleus) == 1:
        return {len(nucleus) - 1}
    if nucleus in _FIRST_TONED:
        return {0}
    if nucleus in _MIDDLE_TONED:
        return {1}
    return set(range(len(nucleus)))


_UNICODE_ONLY = re.compile("[ăđơưĂĐƠƯĩũĨŨ\u1ea0-\u1ef9\u0300-\u036f]")
_VIET_MARKS = re.compile("[\u0300-\u036f]")


def is_syllable(word: str) -> bool:
    """A plausible Vietnamese syllable: initial + vowel cluster + final, one case style, at most one tone
    and on the vowel where Vietnamese spelling puts it ("lẽo", not "leõ")."""
    if not word or not (word.islower() or word.isupper() or (word[0].isupper() and word[1:].islower())
                        or len(word) == 1):
        return False
    nfd = unicodedata.normalize("NFD", word.lower())
    bare_chars: list[str] = []
    tone_at: list[int] = []
    for ch in nfd:
        if ch in _TONE_SET:
            tone_at.append(len(unicodedata.normalize("NFC", "".join(bare_chars))) - 1)
        else:
            bare_chars.append(ch)
    if len(tone_at) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(bare_chars))
    m = _SYLLABLE_RE.fullmatch(bare)
    if m is None:
        return False
    initial, nucleus, final = m.groups()
    if (final and nucleus in _NO_FINAL) or (not final and nucleus in _NEED_FINAL):
        return False
    if final in ("c", "ch", "p", "t") and tone_at:
        # checked syllables take only sắc or nặng
        tone = next(ch for ch in nfd if ch in _TONE_SET)
        if tone not in ("\u0301", "\u0323"):
            return False
    if tone_at:
        return tone_at[0] - len(initial) in _tone_positions(nucleus, final)
    return True


def _split_words(text: str) -> list[str]:
    return [m.group(0) for m in _WORD_RE.finditer(text)]


def _word_score(word: str, encoding: Encoding) -> int:
    """1: reads as Vietnamese only once converted; 0: neutral (ASCII, or fine either way); -1: not this."""
    if word.isascii():
        return 0
    if encoding == "tcvn3":
        if any(not ch.isascii() and ch not in TCVN3_DECODE for ch in word):
            return -1
        converted = decode_tcvn3(word)
    else:
        converted = decode_vni(word)
        if converted == word:
            return -1
        if any(not ch.isascii() and ch not in ALL_LETTERS for ch in converted):
            return -1
    letters = "".join(ch for ch in converted if ch.isalpha())
    if not letters:
        return 0
    ok_converted = is_syllable(letters) or is_syllable(letters.lower())
    original_letters = "".join(ch for ch in word if ch.isalpha())
    ok_original = original_letters == "".join(ch for ch in word if not ch.isdigit()) and is_syllable(
        original_letters)
    if ok_converted and not ok_original:
        return 1
    if ok_converted and ok_original:
        return 0
    return -1


# --- public API ------------------------------------------------------------------------------------------------

THRESHOLD = 0.5


def scores(text: str) -> dict[Encoding, tuple[int, int]]:
    """For each encoding: (words that read as Vietnamese only once converted, non-ASCII words)."""
    words = [w for w in _split_words(text) if not w.isascii()]
    out: dict[Encoding, tuple[int, int]] = {}
    for enc in ENCODINGS:
        points = [_word_score(w, enc) for w in words]
        out[enc] = (sum(1 for p in points if p > 0), sum(1 for p in points if p != 0))
    return out


def detect(text: str | None) -> Encoding | None:
    """"tcvn3", "vni" or None (Unicode, ASCII, other languages, or not sure).

    Text with any letter only Unicode has (ă đ ơ ư ễ …, or combining marks) is Unicode. Otherwise the
    words with non-ASCII characters are scored: a word counts for an encoding when it is a Vietnamese
    syllable after conversion but not before; the encoding wins when such words are at least half of the
    words that are not neutral.
    """
    if not text or not isinstance(text, str) or text.isascii():
        return None
    text = unicodedata.normalize("NFC", text)
    if _UNICODE_ONLY.search(text):
        return None
    best: Encoding | None = None
    best_share = 0.0
    for enc, (hits, total) in scores(text).items():
        if hits and total and hits / total >= THRESHOLD and hits / total > best_share:
            best, best_share = enc, hits / total
    return best


def to_unicode(text: str, encoding: str) -> str:
    """Convert legacy text to Unicode NFC. encoding: "tcvn3" or "vni" (anything else: ValueError)."""
    if text is None:
        return ""
    if encoding == "tcvn3":
        out = decode_tcvn3(text)
    elif encoding == "vni":
        out = decode_vni(text)
    else:
        raise ValueError(f"unknown legacy encoding {encoding!r}")
    return unicodedata.normalize("NFC", out)


def encode(text: str, encoding: str) -> str:
    """Unicode -> legacy form (tests, demo files)."""
    if encoding == "tcvn3":
        return encode_tcvn3(text)
    if encoding == "vni":
        return encode_vni(text)
    raise ValueError(f"unknown legacy encoding {encoding!r}")


def fix(text: str | None, encoding: str | None = None) -> tuple[str, str | None]:
    """(Unicode NFC text, the encoding converted from or None).

    With `encoding` given (from detect_column), convert when the text is not already Unicode Vietnamese;
    without it, convert only when detect() is sure.
    """
    if text is None:
        return "", None
    text = unicodedata.normalize("NFC", str(text))
    if encoding is None:
        encoding = detect(text)
        if encoding is None:
            return text, None
    elif text.isascii() or _UNICODE_ONLY.search(text):
        return text, None
    converted = to_unicode(text, encoding)
    if converted == text:
        return text, None
    return converted, encoding


def detect_column(values: Iterable[object], *, sample: int = 2000) -> Encoding | None:
    """The legacy encoding of a column by majority vote over its text cells (up to `sample` of them).

    Each cell votes with its word scores, so a short "Lê" cannot decide alone; the column is legacy when
    the converted-only words are at least half of all scored words, and no cell is Unicode Vietnamese in
    a majority.
    """
    hits: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    unicode_cells = 0
    legacy_cells = 0
    seen = 0
    for value in values:
        if not isinstance(value, str) or value.isascii():
            continue
        seen += 1
        if seen > sample:
            break
        text = unicodedata.normalize("NFC", value)
        if _UNICODE_ONLY.search(text):
            unicode_cells += 1
            continue
        legacy_cells += 1
        for enc, (h, t) in scores(text).items():
            hits[enc] += h
            totals[enc] += t
    if not legacy_cells or unicode_cells > legacy_cells:
        return None
    best: Encoding | None = None
    best_share = 0.0
    for enc in ENCODINGS:
        if hits[enc] and totals[enc]:
            share = hits[enc] / totals[enc]
            if share >= THRESHOLD and share > best_share:
                best, best_share = enc, share
    return best
