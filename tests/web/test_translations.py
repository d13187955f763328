"""The English catalogue covers every screen: no Vietnamese text in a template outside a translate tag, and
every msgid of the catalogue translated (none empty, none fuzzy), and the compiled .mo in step with the .po."""

import ast
import gettext
import json
import re
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils.translation.template import templatize

import dangbo

PACKAGE = Path(dangbo.__file__).parent
PO = PACKAGE / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")

# Letters only Vietnamese has (tones, hats, horns, đ): plain ASCII words are not looked for, they are rare and
# mostly abbreviations (HTXSNV, CCCD) kept as they are in English.
VIETNAMESE = re.compile(r"[À-ỹĐđ]")
# What may hold Vietnamese text: translated, a comment, or a string marked _("…") inside a tag.
TRANSLATED = [
    re.compile(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", re.S),
    re.compile(r"\{%\s*blocktrans(?:late)?\b.*?\{%\s*endblocktrans(?:late)?\s*%\}", re.S),
    re.compile(r"\{#.*?#\}", re.S),
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r"\{%\s*trans(?:late)?\s+(\"[^\"]*\"|'[^']*')[^%]*%\}"),
    re.compile(r"_\((\"[^\"]*\"|'[^']*')\)"),
]
GETTEXT_CALL = re.compile(r"""(?:\bgettext\(u?|\b_\()("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')\)""")


def template_files():
    return sorted(p for p in PACKAGE.rglob("*.html") if "templates" in p.relative_to(PACKAGE).parts)


def untranslated_lines(source: str) -> list[tuple[int, str]]:
    """(line number, text) of each line with Vietnamese letters outside a translate tag or comment."""
    for pattern in TRANSLATED:
        source = pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), source)
    return [(n, " ".join(line.split())) for n, line in enumerate(source.splitlines(), 1)
            if VIETNAMESE.search(line)]


def read_po(path: Path) -> list[dict]:
    """The entries of a .po file: msgid, msgstr, msgctxt (None without), flags and whether obsolete (#~); a plural
    entry also has msgid_plural and its forms (msgstr[N]) in `forms`, msgstr being the first."""
    entries, entry, field = [], None, None

    def start():
        return {"msgid": "", "msgstr": "", "msgctxt": None, "flags": set(), "obsolete": False}

    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw
        obsolete = line.startswith("#~ ")
        if obsolete:
            line = line[3:]
        if not line.strip():
            if entry is not None:
                entries.append(entry)
            entry, field = None, None
            continue
        if entry is None:
            entry = start()
        entry["obsolete"] |= obsolete
        if line.startswith("#,"):
            entry["flags"] |= {f.strip() for f in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith(("msgctxt ", "msgid ", "msgstr ", "msgid_plural ")):
            field, _, value = line.partition(" ")
            entry[field] = ast.literal_eval(value)
        elif line.startswith("msgstr["):
            field, _, value = line.partition(" ")
            entry.setdefault("forms", {})[field] = ast.literal_eval(value)
        elif line.startswith('"') and field:
            entry[field] += ast.literal_eval(line)
    for e in entries:
        forms = e.get("forms")
        if forms:  # msgstr: the first form, or "" when any form is untranslated
            e["forms"] = [forms[k] for k in sorted(forms)]
            e["msgstr"] = e["forms"][0] if all(f.strip() for f in e["forms"]) else ""
    return [e for e in entries if e["msgid"]]


def catalogue_msgids(source: str) -> set[str]:
    """The msgids a template gives makemessages (translate, blocktranslate, _("…"))."""
    return {ast.literal_eval(m.group(1)) for m in GETTEXT_CALL.finditer(templatize(source))}


def test_the_scan_finds_text_outside_translate_tags():
    source = ('{% load i18n %}<h1>{% translate "Đảng viên" %}</h1>\n'
              '<p title="Tìm">{% blocktranslate %}Năm {{ year }}{% endblocktranslate %}</p>\n'
              '{# chú thích #}{{ x|default:_("(trống)") }}{{ y|default:"(chưa có)" }}')
    found = untranslated_lines(source)
    assert [n for n, _ in found] == [2, 3]
    assert "Tìm" in found[0][1] and "Năm" not in found[0][1]
    assert "(chưa có)" in found[1][1] and "trống" not in found[1][1] and "chú thích" not in found[1][1]


def test_every_template_text_is_in_a_translate_tag():
    found = [f"{path.relative_to(PACKAGE)}:{n}: {text[:120]}"
             for path in template_files() for n, text in untranslated_lines(path.read_text(encoding="utf-8"))]
    assert not found, "Vietnamese text outside {% translate %}:\n" + "\n".join(found)


def test_every_catalogue_entry_is_translated_and_not_fuzzy():
    entries = [e for e in read_po(PO) if not e["obsolete"]]
    assert len(entries) > 1000
    missing = [e["msgid"] for e in entries if not e["msgstr"].strip()]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert not missing, "untranslated msgids:\n" + "\n".join(missing)
    assert not fuzzy, "fuzzy msgids:\n" + "\n".join(fuzzy)


def test_every_template_msgid_is_in_the_catalogue():
    known = {e["msgid"] for e in read_po(PO) if not e["obsolete"]}
    absent = sorted({f"{path.relative_to(PACKAGE)}: {msgid}" for path in template_files()
                     for msgid in catalogue_msgids(path.read_text(encoding="utf-8")) if msgid not in known})
    assert not absent, "run makemessages -l en:\n" + "\n".join(absent)


def test_the_compiled_catalogue_matches_the_po():
    with MO.open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    def compiled_forms(e):
        if "msgid_plural" in e:  # English: one form for 1, the other for the rest
            return [compiled.ngettext(e["msgid"], e["msgid_plural"], n) for n in (1, 2)]
        return compiled.pgettext(e["msgctxt"], e["msgid"]) if e["msgctxt"] else compiled.gettext(e["msgid"])

    stale = [e["msgid"] for e in read_po(PO)
             if not e["obsolete"] and e.get("forms", e["msgstr"]) != compiled_forms(e)]
    assert not stale, "run compilemessages -l en:\n" + "\n".join(stale[:20])


@pytest.mark.parametrize(("route", "english", "vietnamese"), [
    ("evaluations:index", "Review rounds", "Các đợt kiểm điểm"),
    ("dues:sheet", "Monthly dues sheet", "Bảng đảng phí tháng"),
    ("documents:list", "Outgoing and incoming document registers", "Sổ văn bản đi, đến"),
])
def test_pages_in_english(office_client, world, route, english, vietnamese):
    vi = office_client.get(reverse(route)).content.decode()
    assert vietnamese in vi and english not in vi
    office_client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    en = office_client.get(reverse(route)).content.decode()
    assert english in en and vietnamese not in en


# Python modules whose every Vietnamese string is shown to users: list columns, empty texts, filter labels,
# choices and errors. (Views and the other modules are partly done: messages and errors with plain text.)
PYTHON_COMPLETE = ("tables.py", "filters.py", "forms.py")
# Vietnamese words that are input, not output: the yes/no values a filter accepts.
NOT_SHOWN = {"có", "không"}
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "gettext_noop", "pgettext", "pgettext_lazy"}


def untranslated_python_strings(source: str) -> list[tuple[int, str]]:
    """(line, text) of each Vietnamese string literal that is not a docstring nor the argument of a gettext call."""
    tree = ast.parse(source)
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in GETTEXT_NAMES:
            skip.update(id(n) for arg in node.args for n in ast.walk(arg))
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            skip.add(id(node.value))
    found = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
            skip.update(id(v) for v in node.values)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        else:
            continue
        if VIETNAMESE.search(text) and text not in NOT_SHOWN:
            found.append((node.lineno, text))
    return found


def test_the_python_scan_finds_unmarked_strings():
    source = ('"""Tài liệu."""\nfrom django.utils.translation import gettext_lazy as _\n'
              'A = _("Đảng viên")\nB = "Chi bộ"\nC = f"Năm {1}"\nD = ("có", "không")\n')
    assert untranslated_python_strings(source) == [(4, "Chi bộ"), (5, "Năm ")]


def test_every_form_table_and_filter_string_is_marked_for_translation():
    found = [f"{path.relative_to(PACKAGE)}:{n}: {text}" for path in sorted(PACKAGE.rglob("*.py"))
             if path.name in PYTHON_COMPLETE
             for n, text in untranslated_python_strings(path.read_text(encoding="utf-8"))]
    assert not found, "Vietnamese strings outside gettext:\n" + "\n".join(found)


def test_every_python_msgid_is_in_the_catalogue():
    known = {e["msgid"] for e in read_po(PO) if not e["obsolete"]}
    absent = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", ""))
                    in GETTEXT_NAMES and node.args and isinstance(node.args[-1], ast.Constant)
                    and isinstance(node.args[-1].value, str) and node.args[-1].value not in known):
                absent.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {node.args[-1].value}")
    assert not absent, "run makemessages -l en:\n" + "\n".join(absent)


def _schema(lang: str) -> dict:
    from django.utils import translation
    from drf_spectacular.generators import SchemaGenerator

    with translation.override(lang):
        return SchemaGenerator().get_schema(request=None, public=True)


def _operations(schema: dict):
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            yield f"{method.upper()} {path}", op


def test_the_api_schema_speaks_to_api_users_in_vietnamese():
    """Every operation has a Vietnamese summary; no description is a developer's docstring."""
    ops = dict(_operations(_schema("vi")))
    assert len(ops) > 25
    no_summary = [name for name, op in ops.items() if not VIETNAMESE.search(op.get("summary", ""))]
    notes = [f"{name}: {op['description'][:80]}" for name, op in ops.items()
             if op.get("description") and not VIETNAMESE.search(op["description"])]
    assert not no_summary, "operations without a Vietnamese summary:\n" + "\n".join(no_summary)
    assert not notes, "descriptions that are developer notes:\n" + "\n".join(notes)
    assert "Authorization: Token" in ops["POST /api/token/"]["description"]


def test_the_api_schema_in_english():
    vi, en = dict(_operations(_schema("vi"))), dict(_operations(_schema("en")))
    assert vi["POST /api/token/"]["summary"] == "Lấy mã truy cập (token)"
    assert en["POST /api/token/"]["summary"] == "Get an access token"
    untranslated = [name for name, op in en.items() if VIETNAMESE.search(op.get("summary", ""))]
    assert not untranslated, "summaries without English:\n" + "\n".join(untranslated)


def test_every_menu_entry_has_english():
    from django.utils import translation

    from dangbo.core import registry

    labels = {n.label for n in registry.nav_entries()} | {m.label for m in registry.nav_menus().values()}
    with translation.override("en"):
        missing = sorted(label for label in labels if translation.gettext(label) == label)
    assert len(labels) > 15
    assert not missing, "menu entries without English:\n" + "\n".join(missing)


def test_translations_keep_every_placeholder():
    """An English text that drops or renames %(name)s or {field} would fail (or say less) when shown."""
    placeholder = re.compile(r"%\(\w+\)[sd]|%%|\{[\w.\[\]]*\}")
    broken = [e["msgid"] for e in read_po(PO) if not e["obsolete"] and e["msgstr"]
              and sorted(placeholder.findall(e["msgid"])) != sorted(placeholder.findall(e["msgstr"]))]
    assert not broken, "placeholders differ:\n" + "\n".join(broken)


def test_every_declared_audit_label_has_english():
    from django.utils import translation

    from dangbo.core import registry

    labels = {label for a in registry.dangbo_apps() for label in a.audit_types.values()}
    with translation.override("en"):
        missing = sorted(label for label in labels if translation.gettext(label) == label)
        assert registry.audit_label("member.update") == "Update the record"
    with translation.override("vi"):  # an English page requested by an earlier test leaves English active
        assert registry.audit_label("member.update") == "Cập nhật hồ sơ"
    assert len(labels) > 100
    assert not missing, "audit labels without English:\n" + "\n".join(missing)


# -- models: choice labels and verbose names ---------------------------------------------------------------------
LABEL_KEYWORDS = {"verbose_name", "verbose_name_plural", "help_text"}


def unmarked_model_labels(source: str) -> list[tuple[int, str]]:
    """(line, text) of each choice label, verbose name or help text of a models.py that is not inside a gettext
    call: the labels of a TextChoices/IntegerChoices class, `choices=[(value, label)]` pairs, a field's first
    argument and `verbose_name=`/`help_text=` (Meta included). Any text, Vietnamese or not ("Nam")."""
    tree = ast.parse(source)
    marked: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in GETTEXT_NAMES:
            marked.update(id(n) for n in ast.walk(node))

    def text(node) -> str | None:
        return node.value if (isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.strip()
                              and id(node) not in marked and not set(node.value) <= set("—-–")) else None

    labels: list[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and any("Choices" in ast.unparse(b) for b in node.bases):
            labels += [s.value.elts[-1] for s in node.body
                       if isinstance(s, ast.Assign) and isinstance(s.value, ast.Tuple) and len(s.value.elts) > 1]
        elif isinstance(node, ast.Call):
            func = ast.unparse(node.func)
            relation = func.endswith(("ForeignKey", "OneToOneField", "ManyToManyField"))  # first argument: a model
            if func.startswith("models.") and func.endswith("Field") and not relation and node.args:
                labels.append(node.args[0])
            for kw in node.keywords:
                if kw.arg in LABEL_KEYWORDS:
                    labels.append(kw.value)
                elif kw.arg == "choices" and isinstance(kw.value, ast.List | ast.Tuple):
                    labels += [pair.elts[1] for pair in kw.value.elts
                               if isinstance(pair, ast.Tuple) and len(pair.elts) == 2]
        elif isinstance(node, ast.Assign) and any(getattr(t, "id", "") in LABEL_KEYWORDS for t in node.targets):
            labels.append(node.value)
    return sorted((n.lineno, text(n)) for n in labels if text(n))


def test_the_model_scan_finds_unmarked_labels():
    source = ('from django.db import models\nfrom django.utils.translation import gettext_lazy as _\n'
              'class G(models.TextChoices):\n    M = "M", "Nam"\n    F = "F", _("Nữ")\n    N = "", "—"\n'
              'class P(models.Model):\n    a = models.CharField("họ và tên", max_length=9, default="Kinh")\n'
              '    b = models.CharField(_("dân tộc"), choices=[("x", "Khác"), ("y", _("Có"))], help_text="Ghi rõ")\n'
              '    c = models.ForeignKey("members.Member", models.PROTECT, verbose_name="chi bộ")\n'
              '    class Meta:\n        verbose_name = "đảng viên"\n        verbose_name_plural = _("đảng viên")\n')
    assert unmarked_model_labels(source) == [(4, "Nam"), (8, "họ và tên"), (9, "Ghi rõ"), (9, "Khác"),
                                             (10, "chi bộ"), (12, "đảng viên")]


def test_every_model_choice_and_verbose_name_is_marked_for_translation():
    found = [f"{path.relative_to(PACKAGE)}:{n}: {text}" for path in sorted(PACKAGE.glob("*/models.py"))
             for n, text in unmarked_model_labels(path.read_text(encoding="utf-8"))]
    assert not found, "model labels outside gettext_lazy:\n" + "\n".join(found)


def test_model_labels_in_english_and_vietnamese():
    from django.utils import translation

    from dangbo.members.models import Gender, Member, Status
    from dangbo.organizations.models import OrgKind

    with translation.override("en"):
        assert str(Status.OFFICIAL.label) == "Official"
        assert str(OrgKind.CELL.label) == "Subordinate cell"
        assert str(Member._meta.get_field("full_name").verbose_name) == "full name"
        assert dict(Gender.choices)["M"] == "Male"
    with translation.override("vi"):
        assert str(Status.OFFICIAL.label) == "Chính thức"
        assert str(OrgKind.CELL.label) == "Chi bộ trực thuộc"


# -- refusals and messages everywhere (issue 17) ------------------------------------------------------------------
# `fail(field, message)`, `ValidationError(message)`, `ConflictError(message)`, `PermissionDenied(message)` (and its
# `ScopeDenied`), `messages.<level>(request, message)`: the message a user reads goes through gettext, Vietnamese
# text with named placeholders (`_("Đảng viên %(name)s …")`, formatted when shown), never a literal or an f-string.
REFUSAL_ARGUMENT = {"fail": 1, "ValidationError": 0, "ConflictError": 0, "PermissionDenied": 0, "ScopeDenied": 0}
MESSAGE_LEVELS = {"debug", "info", "success", "warning", "error"}
# Where Vietnamese-only text is right: what is stored or filed stays Vietnamese whatever the page's language
# (core/i18n.py), and the operators' command line speaks Vietnamese only.
REFUSALS_EXEMPT = {
    "migrations": "migrations are frozen history",
    "dangbo/demo": "the demo data is stored text",
    "dangbo/cli": "the command line is for operators, in Vietnamese (CommandError, error lines)",
    # A module that only builds stored or filed text and refuses in it (an export, a Party document) goes here
    # with its reason; none does today: the importer's and the exports' texts are built @in_vietnamese from gettext.
}


def _literal_text(node) -> str | None:
    """The Vietnamese text of a message given as a literal, an f-string, a literal formatted with % or .format(),
    or such text inside a dict/list of messages; None when the message goes through gettext (or is a name)."""
    if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in GETTEXT_NAMES:
        return None
    parts: list[ast.AST] = []
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
    elif isinstance(node, ast.BinOp):
        parts, text = [node.left, node.right], ""
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        parts, text = [node.func.value], ""
    elif isinstance(node, ast.IfExp):
        parts, text = [node.body, node.orelse], ""
    elif isinstance(node, ast.Dict):
        parts, text = list(node.values), ""
    elif isinstance(node, ast.List | ast.Tuple):
        parts, text = list(node.elts), ""
    else:
        return None
    text = " ".join([text] + [t for t in map(_literal_text, parts) if t]).strip()
    return text if VIETNAMESE.search(text) else None


def untranslated_messages(source: str) -> list[tuple[int, str]]:
    """(line, text) of each refusal or flash message whose Vietnamese text is passed as a literal or f-string."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        on_messages = isinstance(node.func, ast.Attribute) and getattr(node.func.value, "id", "") == "messages"
        if on_messages and name in MESSAGE_LEVELS:
            index = 1
        elif on_messages and name == "add_message":
            index = 2
        elif name in REFUSAL_ARGUMENT and not on_messages:
            index = REFUSAL_ARGUMENT[name]
        else:
            continue
        message = node.args[index] if len(node.args) > index else next(
            (k.value for k in node.keywords if k.arg == "message"), None)
        text = _literal_text(message) if message is not None else None
        if text:
            found.append((node.lineno, text))
    return found


def test_the_message_scan_finds_literals_and_fstrings():
    source = ('fail("a", "Chọn loại.")\nfail("b", _("Chọn kỳ."))\nfail(None, f"Năm {y} sai.")\n'
              'raise ValidationError({"x": ["Sai ngày."]})\nraise ValidationError(_("Năm %(y)s."), params={"y": 1})\n'
              'raise ConflictError(label + " vừa đổi.")\nraise PermissionDenied("Không có quyền %s" % x)\n'
              'messages.success(request, f"Đã lưu {x}.")\nmessages.error(request, _("Lỗi."))\n'
              'messages.add_message(request, messages.INFO, "Đã gửi.")\nraise ValidationError(message)\n'
              'raise ValidationError("Bad date")\nraise ScopeDenied("Bạn không có quyền {}.".format(x))\n')
    assert untranslated_messages(source) == [
        (1, "Chọn loại."), (3, "Năm  sai."), (4, "Sai ngày."), (6, "vừa đổi."), (7, "Không có quyền %s"),
        (8, "Đã lưu ."), (10, "Đã gửi."), (13, "Bạn không có quyền {}.")]


def test_every_refusal_and_message_goes_through_gettext():
    skipped = tuple(REFUSALS_EXEMPT)
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        where = str(path.relative_to(PACKAGE.parent))
        if any(where.startswith(f"{s}/") or s in path.parts for s in skipped):
            continue
        found += [f"{where}:{n}: {text}" for n, text in untranslated_messages(path.read_text(encoding="utf-8"))]
    assert not found, "refusals and messages outside gettext:\n" + "\n".join(found)


def test_a_refusal_built_in_vietnamese_reads_in_the_readers_language(db):
    """An action's body runs in Vietnamese (core/i18n.py); its refusal is formatted when shown, so an English page
    reads it in English with the names filled in, and a Vietnamese page reads the Vietnamese text unchanged."""
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from dangbo.core.actions import ConflictError
    from dangbo.organizations import actions
    from dangbo.organizations.models import OrgKind

    top = actions.found_organization(None, code="T", name="Đảng bộ Xã An Bình", kind=OrgKind.GRASSROOTS_COMMITTEE)
    actions.found_organization(None, code="C", name="Chi bộ Thôn 1", kind=OrgKind.CELL, parent=top)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        actions.dissolve_organization(None, top, effective_date=date(2024, 1, 1))
    with translation.override("en"), pytest.raises(ValidationError) as wrong_kind:
        actions.found_organization(None, code="X", name="Chi bộ X", kind=OrgKind.UPPER, parent=top)
    with translation.override("en"), pytest.raises(ConflictError) as conflict:
        actions.rename_organization(None, top, name="Đảng bộ Xã An Hòa", effective_date=date(2024, 1, 1),
                                    version=top.version + 5)
    with translation.override("en"):
        assert refused.value.messages == ["«Đảng bộ Xã An Bình» still has active subordinate organisations."]
        assert wrong_kind.value.message_dict["kind"] == [
            "The kind «upper-level party committee» cannot be placed under «Đảng bộ Xã An Bình» (Grassroots party "
            "committee)."]
        assert conflict.value.messages[0].startswith("The organisation «Đảng bộ Xã An Bình» was updated by someone")
    with translation.override("vi"):
        assert refused.value.messages == ["«Đảng bộ Xã An Bình» còn tổ chức trực thuộc đang hoạt động."]
        assert wrong_kind.value.messages[0].startswith("Không thể đặt đảng bộ cấp trên cơ sở trực thuộc «Đảng bộ")
        assert conflict.value.messages[0].startswith("Tổ chức «Đảng bộ Xã An Bình» vừa được người khác cập nhật")


def test_a_rating_finding_reads_in_the_readers_language():
    """A finding of the rating review is built by the rules (no Django there) and read when shown: English with
    the level label in English under English, the Vietnamese text under Vietnamese and as a value."""
    from django.utils import translation

    from dangbo.rules import ratings

    reg = ratings.regime_for(2018)
    f = ratings.member_findings(ratings.MemberFacts(disciplined_in_year=ratings.Discipline.KHIEN_TRACH),
                                ratings.Level.GOOD, reg)[0]
    vietnamese = "Đảng viên bị kỷ luật trong năm: xếp loại 'Không hoàn thành nhiệm vụ'."
    with translation.override("en"):
        assert str(f.message) == "Member disciplined in the year: rated 'Did not complete tasks'."
        assert f.message == vietnamese  # what is stored or exported
    with translation.override("vi"):
        assert str(f.message) == vietnamese


# Issue 17, the last Vietnamese on English pages: texts built by the rules or read from stored values are shown in
# the page's language, while what is stored or filed keeps Vietnamese.
@pytest.mark.parametrize(("url", "english", "vietnamese"), [
    ("/bao-cao/?to_chuc={vp}&nam=2025", "Checked: members in the register and members rated",
     "Đã đối chiếu"),
    ("/khen-thuong/huy-hieu/?to_chuc={vp}&dip=02/09/2025", "reprimand: wait", "khiển trách: chờ"),
    ("/danh-gia/che-do/?nam=2026", "<strong>rounded down</strong>", "<strong>làm tròn xuống</strong>"),
    ("/danh-gia/che-do/?nam=2026", "group of people with similar positions", "nhóm đối tượng có vị trí"),
    ("/ho-so-dang-vien/?to_chuc={vp}", "counted from the transfer-in date in the register",
     "tính từ ngày chuyển sinh hoạt đến ghi trong sổ"),
    # The import page's column notes (exchange.parsing.headers; the template's sheet keeps Vietnamese).
    ("/nhap/tai-len/", "Code or name of the cell where the member is active.",
     "Mã hoặc tên chi bộ nơi đảng viên sinh hoạt."),
    # A meeting's form (rules.meetings.Mode, shown through congresses.models.MODE_CHOICES).
    ("/dai-hoi/sinh-hoat/moi/", ">In person</option>", ">Trực tiếp</option>"),
])
def test_rule_texts_on_english_pages(office_client, world, url, english, vietnamese):
    url = url.format(vp=world.vp.pk)
    vi = office_client.get(url).content.decode()
    assert vietnamese in vi and english not in vi
    office_client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    en = office_client.get(url).content.decode()
    assert english in en and vietnamese not in en


def test_a_dues_rule_reads_in_the_readers_language_and_is_stored_in_vietnamese():
    from django.utils import translation

    from dangbo.dues.models import DuesObligation
    from dangbo.rules import dues
    from dangbo.rules.dues_params import BHXH

    profile = dues.DuesProfile(BHXH, bases=((date(2026, 1, 1), 10_000_000),))
    res = dues.monthly_dues(profile, date(2026, 3, 1))
    stored = "1% tiền lương làm căn cứ đóng BHXH bắt buộc tháng 02/2026 (10.000.000 đồng)"
    assert res.rule == stored and json.dumps(res.rule, ensure_ascii=False) == f'"{stored}"'
    with translation.override("en"):
        assert str(res.rule) == "1% of the salary on which compulsory social insurance is paid of 02/2026 " \
                                "(10.000.000 dong)"
        # The obligation stores the Vietnamese text; the page reads it again in English.
        shown = str(DuesObligation(rule=stored).rule_shown)
        assert shown == str(res.rule)
        relief = dues.Relief(dues.REDUCE, 50, date(2026, 3, 1), date(2026, 3, 1), "QĐ 5")
        reduced = dues.monthly_dues(dues.DuesProfile(BHXH, bases=profile.bases, reliefs=(relief,)), date(2026, 3, 1))
        assert str(DuesObligation(rule=str.__str__(reduced.rule)).rule_shown).endswith("; reduced by 50% under QĐ 5")
        assert DuesObligation(rule="Ghi tay: 20.000 đồng").rule_shown == "Ghi tay: 20.000 đồng"  # kept as stored
    with translation.override("vi"):
        assert str(res.rule) == stored


def test_the_report_checks_read_in_english_on_the_page_and_in_vietnamese_in_files():
    from django.utils import translation

    from dangbo.core.i18n import vietnamese
    from dangbo.reports.checks import summary_line

    line = summary_line([{"code": "x"}])
    assert line.startswith("Đã đối chiếu: đảng viên trong sổ") and line.endswith("Có 1 điểm cần lưu ý.")
    with translation.override("en"):
        assert str(line).startswith("Checked: members in the register") and "Đã" not in str(line)
        assert vietnamese(line) == line


def _docx_text(response) -> str:
    from io import BytesIO

    from docx import Document

    body = b"".join(response.streaming_content) if response.streaming else response.content
    return "\n".join(p.text for p in Document(BytesIO(body)).paragraphs)


def test_the_report_sentences_read_in_the_page_language_and_the_docx_stays_vietnamese(office_client, world):
    """Issue 17: the year-end report's sentences (render.py) are Texts: the dashboard reads them in English on an
    English page (figures still 2.983-style), while the .docx built from the same sentences is the same
    Vietnamese text whatever the page's language."""
    from django.utils import translation

    from dangbo.core.scopes import Scope
    from dangbo.reports import render
    from dangbo.reports.data import build

    url = f"/bao-cao/?to_chuc={world.vp.pk}&nam=2025"
    docx_url = f"/bao-cao/tong-ket.docx?to_chuc={world.vp.pk}&nam=2025"
    vi = office_client.get(url).content.decode()
    assert "đảng viên (" in vi
    docx_vi = _docx_text(office_client.get(docx_url))
    office_client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    en = office_client.get(url).content.decode()
    # The news item (a textarea at the foot of the page) is text to publish: Vietnamese, like the .docx.
    shown, news_item = en.split('id="news-text"')
    assert "members (" in shown and "full," in shown and "probationary)" in shown and "As of 31/12/2025" in shown
    assert "đảng viên (" not in shown and "Đến ngày 31/12/2025" not in shown
    assert "Đến ngày 31/12/2025" in news_item and "members (" not in news_item
    docx_en = _docx_text(office_client.get(docx_url))
    assert docx_en == docx_vi and "Đến ngày 31/12/2025" in docx_en and "members (" not in docx_en
    # Every sentence: Vietnamese as a value, English when shown under English (or the same when it is data).
    data = build(Scope(is_admin=True), world.vp, 2025)
    ctx = render.context(data, date(2026, 1, 5))
    lines = [k for k in ctx if k.endswith("_line") and ctx[k]]
    assert {"org_line", "movements_line", "congress_line", "inspection_line", "admission_line"} <= set(lines)
    with translation.override("en"):
        english = {k: str(ctx[k]) for k in lines}
    with translation.override("vi"):
        assert all(str(ctx[k]) == ctx[k] for k in lines)
    assert english["org_line"] != ctx["org_line"] and "members" in english["org_line"]


def _page_and_news(content: bytes) -> tuple[str, str]:
    """The page without its news item (a textarea of text to publish: Vietnamese by design), and the news item."""
    page = content.decode()
    shown, _, news_item = page.partition('id="news-text"')
    return shown, news_item


def test_the_report_missing_data_and_targets_read_in_the_page_language(office_client, world):
    """Issue 17: the year-end report's «chưa có dữ liệu …» (reports/sources.Missing, data.missing), a resolution's
    heading and basis, its targets' achieved text and verdict read in English on an English page and in Vietnamese
    on a Vietnamese one, also from a review's stored results (read again); the .docx is the same Vietnamese."""
    from dangbo.resolutions import actions as res

    stored = res.create_resolution(None, organization=world.vp, kind="yearly", title="Nghị quyết năm 2025",
                                   number="34-NQ/ĐU", adopted_on=date(2024, 12, 20), period_start=date(2025, 1, 1),
                                   period_end=date(2025, 12, 31))
    res.add_target(None, stored, kind="manual", label="Lớp bồi dưỡng lý luận chính trị", comparison="from_up",
                   value=2)
    res.run_review(None, stored, kind="year_end", review_date=date(2025, 12, 20))
    computed = res.create_resolution(None, organization=world.vp, kind="congress", title="Nghị quyết Đại hội",
                                     adopted_on=date(2025, 7, 15), period_start=date(2025, 7, 15),
                                     period_end=date(2030, 7, 14))
    res.add_target(None, computed, kind="manual", label="Mở lớp cảm tình Đảng", comparison="from_up", value=1)
    url = f"/bao-cao/?to_chuc={world.vp.pk}&nam=2025"
    docx_url = f"/bao-cao/tong-ket.docx?to_chuc={world.vp.pk}&nam=2025"
    vietnamese = ["Chưa nhập số liệu thực hiện", "Chưa có dữ liệu</td>", "Nghị quyết năm 2025 (số 34-NQ/ĐU)",
                  "Căn cứ số liệu: Tổng kết năm ngày 20/12/2025.",
                  "Căn cứ số liệu: Chưa có kỳ tổng kết: tính từ dữ liệu khi lập báo cáo.",
                  "Chưa có dữ liệu sổ văn bản đi, đến.", "Đại hội, nhiệm kỳ: chưa có dữ liệu đại hội, nhiệm kỳ."]
    english = ["Achieved figure not entered yet", "No data yet</td>", "Nghị quyết năm 2025 (no. 34-NQ/ĐU)",
               "Basis of the figures: Year end of 20/12/2025.",
               "Basis of the figures: No review yet: computed from the data when the report is drawn up.",
               "No data from the incoming and outgoing document register yet.",
               "Congress and term: no data on the congress and term yet."]
    vi, _ = _page_and_news(office_client.get(url).content)
    docx_vi = _docx_text(office_client.get(docx_url))
    assert all(v in vi for v in vietnamese), [v for v in vietnamese if v not in vi]
    assert not [e for e in english if e in vi]
    assert "Chưa có dữ liệu sổ văn bản đi, đến." in docx_vi
    office_client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    en, news_item = _page_and_news(office_client.get(url).content)
    assert all(e in en for e in english), [e for e in english if e not in en]
    assert not [v for v in vietnamese if v in en]
    assert "chưa có dữ liệu" not in en.lower()
    assert "no data" not in news_item.lower()
    assert _docx_text(office_client.get(docx_url)) == docx_vi


def test_the_report_context_reads_in_the_page_language_and_stays_vietnamese_as_values(world):
    """The sources note, the commendation rows and the checks' basis of the report's context
    (render.context, what the .docx is filled with): Vietnamese as values and under Vietnamese, English when shown
    under English."""
    from django.utils import translation

    from dangbo.core.scopes import Scope
    from dangbo.recognition import actions as rec
    from dangbo.reports import render
    from dangbo.reports.data import build

    c = rec.propose(None, organization=world.vp, year=2025, form="giay_khen", basis="excellent_year",
                    member=world.men)
    rec.decide(None, c, decision_number="15-QĐ/ĐU", decision_date=date(2026, 1, 5), issuer="Đảng ủy")
    with translation.override("vi"):
        ctx = render.context(build(Scope(is_admin=True), world.vp, 2025), date(2026, 1, 8))
    # the signature block is the paper's (reports.heading, written for the .docx only): Vietnamese in any language
    assert (ctx["signer_body"], ctx["signer_title"]) == ("T/M ĐẢNG ỦY", "BÍ THƯ")
    assert ctx["sources_note"].startswith("đảng viên và biến động tính từ lịch sử sinh hoạt đảng")
    assert ctx["commendations"][0]["decision"] == "15-QĐ/ĐU ngày 05/01/2026"
    assert ctx["documents_line"] == "Chưa có dữ liệu sổ văn bản đi, đến."
    with translation.override("en"):
        assert str(ctx["sources_note"]).startswith("members and their movements computed")
        assert str(ctx["commendations"][0]["decision"]) == "15-QĐ/ĐU of 05/01/2026"
        assert str(ctx["documents_line"]) == "No data from the incoming and outgoing document register yet."
    with translation.override("vi"):
        assert all(str(ctx[k]) == ctx[k] for k in ("sources_note", "documents_line"))


def test_the_consolidation_lines_read_in_the_page_language_and_the_files_stay_vietnamese(office_client, world):
    """/bao-cao/tong-hop/: the consolidated report's lines (reports/consolidated.lines, missing_line) read in the
    page's language; its .docx and news text are the same Vietnamese whatever the page's language."""
    url = f"/bao-cao/tong-hop/?to_chuc={world.vp.pk}&nam=2025"
    files = [f"/bao-cao/tong-hop/bao-cao-tong-hop.docx?to_chuc={world.vp.pk}&nam=2025",
             f"/bao-cao/tong-hop/tin-bai.txt?to_chuc={world.vp.pk}&nam=2025"]

    def lines(response) -> str:
        return response.content.decode().split('id="consolidated-lines"')[1].split("</div>")[0]

    def downloads() -> list[str]:
        docx = _docx_text(office_client.get(files[0]))
        return [docx, office_client.get(files[1]).content.decode()]

    vi = lines(office_client.get(url))
    vi_files = downloads()
    assert "số liệu tổng hợp từ 0/2 tổ chức trực thuộc" in vi
    assert "Chưa tổng hợp số liệu của 2 tổ chức trực thuộc: Chi bộ" in vi and "Chi bộ Phòng Kinh tế (chưa nộp)" in vi
    assert "Khen thưởng: — quyết định" in vi and "Xếp loại tổ chức trực thuộc năm 2025: chưa có kết quả." in vi
    office_client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    en = lines(office_client.get(url))
    assert "figures consolidated from 0/2 subordinate organisations" in en
    assert "Figures of 2 subordinate organisations not consolidated: Chi bộ" in en
    assert "Chi bộ Phòng Kinh tế (not submitted)" in en
    assert "Commendations: — decisions" in en and "Rating of the subordinate organisations for 2025: no results" in en
    assert not re.search(r"chưa|số liệu|Khen thưởng|Xếp loại", en)
    assert downloads() == vi_files and "Chưa tổng hợp số liệu của 2 tổ chức trực thuộc" in vi_files[0]
