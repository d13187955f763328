"""Inspection, supervision and party discipline (kiểm tra, giám sát, kỷ luật đảng).

Sources: Quy định 296-QĐ/TW of 30/5/2025 (replaces QĐ 22-QĐ/TW of 2021) and its Hướng dẫn 08-HD/TW of
10/6/2025, read through /work/shared/domain/rules-2025-2026.md §2.9 (PARTLY: quiz answer keys quoting the
articles); the transfer block is Quy định 294-QĐ/TW point 6.3.1 (§2.4, CONFIRMED). Every rule known only PARTLY
or not at all is a `DisciplineSettings` field with a default, listed on the pages as not confirmed.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, timedelta

from .membership import ERROR, Finding
from .sources import CONFIRMED, PARTLY_CONFIRMED, UNCONFIRMED, Document, Source, register, sourced
from .text import format_date, joined_text
from .text import text as _

QD296 = Document("Quy định 296-QĐ/TW ngày 30/5/2025 về công tác kiểm tra, giám sát và kỷ luật của Đảng",
                 date(2025, 5, 30))

# The forms of discipline of a member; the first three are members.models.DisciplineForm, khai trừ is the
# register's EXPULSION event (it ends membership).
KHIEN_TRACH, CANH_CAO, CACH_CHUC, KHAI_TRU = "khien_trach", "canh_cao", "cach_chuc", "khai_tru"
FORMS = (KHIEN_TRACH, CANH_CAO, CACH_CHUC, KHAI_TRU)
# Texts (rules.text): Vietnamese as str values (stored, written to files), the reader's language when shown.
FORM_LABELS = {KHIEN_TRACH: _("Khiển trách"), CANH_CAO: _("Cảnh cáo"), CACH_CHUC: _("Cách chức"),
               KHAI_TRU: _("Khai trừ")}


def _either(labels) -> str:
    """«a hoặc b hoặc c», each label read in the reader's language."""
    out = ""
    for label in labels:
        out = label if not out else _("%(a)s hoặc %(b)s", a=out, b=label)
    return out


class Decider:
    """Who decides a discipline of a member."""

    BRANCH = "chi_bo"
    COMMITTEE = "dang_uy"
    COMMISSION = "ubkt"
    UPPER = "cap_tren"
    CHOICES = [
        (BRANCH, _("Chi bộ")),
        (COMMITTEE, _("Đảng ủy cơ sở (ban thường vụ đảng ủy)")),
        (COMMISSION, _("Ủy ban kiểm tra")),
        (UPPER, _("Cấp ủy, ban thường vụ cấp trên")),
    ]
    LABELS = dict(CHOICES)


register("discipline.forms", Source(
    document=QD296.title + "; Điều lệ Đảng Điều 35", clause="Điều 9: đảng viên chính thức: khiển trách, cảnh cáo, cách "
    "chức, khai trừ; đảng viên dự bị: khiển trách, cảnh cáo",
    valid_from=date(2025, 5, 30), valid_to=None, confidence=PARTLY_CONFIRMED,
    note="Quiz answer keys quoting Điều 9 (rules-2025-2026.md §2.9); the same list as the charter. The forms a "
         "probationary member may receive are a setting (probationary_forms)."))
QD296.rule("discipline.branch_competence", confidence=PARTLY_CONFIRMED,
           clause="Điều 10.1.1: chi bộ quyết định khiển trách, cảnh cáo đảng viên trong chi bộ",
           note="Quiz answer key (rules-2025-2026.md §2.9); a setting (competence['chi_bo']).")
QD296.rule("discipline.other_competence", confidence=UNCONFIRMED,
           clause="Thẩm quyền thi hành kỷ luật đảng viên của đảng ủy cơ sở, ủy ban kiểm tra và cấp trên",
           note="Not found in the research files. Default: every form (khai trừ by an đảng ủy cơ sở only where it "
                "was given the power to admit members, which the user checks); a setting (competence).")
QD296.rule("discipline.branch_effective", confidence=PARTLY_CONFIRMED,
           clause="Điều 15.2: quyết định kỷ luật của chi bộ có hiệu lực ngay sau khi chi bộ công bố kết quả biểu "
                  "quyết",
           note="Quiz answer key (rules-2025-2026.md §2.9): the effective date is the day the vote result is "
                "announced.")
QD296.rule("discipline.other_effective", confidence=UNCONFIRMED,
           clause="Hiệu lực của quyết định kỷ luật của các cấp khác chi bộ",
           note="Not found: the decision's date is taken as its effective date (shown as unconfirmed).")
QD296.rule("discipline.complaint_window", confidence=PARTLY_CONFIRMED,
           clause="Điều 25.1: khiếu nại kỷ luật trong thời hạn 30 ngày",
           note="Quiz answer key (rules-2025-2026.md §2.9). The number of days is a setting (complaint_days); the "
                "day it runs from (receipt of the decision) is taken as the effective date, UNCONFIRMED.")
register("discipline.transfer_block", Source(
    document="Quy định 294-QĐ/TW ngày 26/5/2025", clause="Điểm 6.3.1: trường hợp đảng viên đang bị thanh tra, kiểm "
    "tra hoặc đang xem xét, giải quyết khiếu nại, tố cáo thì chưa chuyển sinh hoạt đảng chính thức",
    valid_from=date(2025, 7, 1), valid_to=None, confidence=CONFIRMED,
    note="TNT/c6c1c2684631491c.md (rules-2025-2026.md §2.4)."))
register("inspection.signs_of_violation", Source(
    document="Điều lệ Đảng Điều 30, 32; " + QD296.title,
    clause="Kiểm tra khi có dấu hiệu vi phạm; giám sát thường xuyên và giám sát chuyên đề",
    valid_from=date(2025, 5, 30), valid_to=None, confidence=PARTLY_CONFIRMED,
    note="The charter's wording, not quoted by the research files: a supervision is regular or thematic, an "
         "inspection may also be made when there are signs of violation. A setting (signs_only_inspection)."))


def _default_competence() -> dict[str, tuple[str, ...]]:
    return {Decider.BRANCH: (KHIEN_TRACH, CANH_CAO), Decider.COMMITTEE: FORMS, Decider.COMMISSION: FORMS,
            Decider.UPPER: FORMS}


@dataclass(frozen=True)
class DisciplineSettings:
    """The PARTLY confirmed and UNCONFIRMED rules, each with its registered source."""

    probationary_forms: tuple[str, ...] = (KHIEN_TRACH, CANH_CAO)  # discipline.forms
    competence: dict = field(default_factory=_default_competence)  # discipline.branch_competence / other
    complaint_days: int = 30  # discipline.complaint_window
    signs_only_inspection: bool = True  # inspection.signs_of_violation

    SOURCES = {"probationary_forms": "discipline.forms", "competence": "discipline.other_competence",
               "complaint_days": "discipline.complaint_window",
               "signs_only_inspection": "inspection.signs_of_violation"}
    LABELS = {"probationary_forms": _("Hình thức kỷ luật đảng viên dự bị"),
              "competence": _("Thẩm quyền quyết định các hình thức kỷ luật"),
              "complaint_days": _("Thời hạn khiếu nại quyết định kỷ luật (ngày)"),
              "signs_only_inspection": _("«Khi có dấu hiệu vi phạm» chỉ là căn cứ của kiểm tra (không phải giám "
                                         "sát)")}

    @classmethod
    def from_mapping(cls, values: dict | None) -> DisciplineSettings:
        """Settings from a deployment's mapping (settings.DANGBO_DISCIPLINE); unknown keys are an error."""
        values = dict(values or {})
        unknown = set(values) - {f.name for f in fields(cls)}
        if unknown:
            raise ValueError(f"unknown discipline settings: {sorted(unknown)}")
        if "probationary_forms" in values:
            values["probationary_forms"] = tuple(values["probationary_forms"])
        if "competence" in values:
            merged = _default_competence()
            merged.update({k: tuple(v) for k, v in values["competence"].items()})
            values["competence"] = merged
        s = cls(**values)
        named = set(s.probationary_forms).union(*s.competence.values())
        if not named <= set(FORMS) or set(s.competence) - set(Decider.LABELS):
            raise ValueError("discipline settings name an unknown form or decider")
        if s.complaint_days < 1:
            raise ValueError("complaint_days must be positive")
        return s

    def rows(self) -> list[tuple[str, str, str]]:
        """(label, value as shown, source key) of every setting, for the pages."""
        def forms(values):
            return joined_text([FORM_LABELS[f].lower() for f in values], ", ")
        competence = joined_text([_("%(decider)s: %(forms)s", decider=Decider.LABELS[d], forms=forms(v))
                                  for d, v in self.competence.items()])
        shown = {"probationary_forms": forms(self.probationary_forms), "competence": competence,
                 "complaint_days": str(self.complaint_days),
                 "signs_only_inspection": _("có") if self.signs_only_inspection else _("không")}
        return [(self.LABELS[n], shown[n], self.SOURCES[n]) for n in self.SOURCES] + [
            (_("Thẩm quyền của chi bộ"), forms(self.competence[Decider.BRANCH]), "discipline.branch_competence"),
            (_("Hiệu lực quyết định của chi bộ"), _("ngày công bố kết quả biểu quyết"), "discipline.branch_effective"),
            (_("Hiệu lực quyết định của các cấp khác"), _("ngày quyết định"), "discipline.other_effective")]


DEFAULT_SETTINGS = DisciplineSettings()


# -- forms and competence ----------------------------------------------------------------------------------
@sourced("discipline.forms")
def check_form(form: str, official: bool, settings: DisciplineSettings = DEFAULT_SETTINGS) -> list[Finding]:
    """The form must exist, and a probationary member may receive only the probationary forms."""
    if form not in FORMS:
        return [Finding("form_unknown", "form", _("Chọn hình thức kỷ luật: khiển trách, cảnh cáo, cách chức hoặc "
                                                  "khai trừ."), ERROR)]
    if not official and form not in settings.probationary_forms:
        allowed = _either(FORM_LABELS[f].lower() for f in settings.probationary_forms)
        return [Finding("form_probationary", "form", _("Đảng viên dự bị chỉ bị kỷ luật %(allowed)s (Quy định "
                                                       "296-QĐ/TW, Điều 9); không thể %(lower)s.",
                                                       allowed=allowed,
                                                       lower=FORM_LABELS[form].lower()),
                        ERROR)]
    return []


@sourced("discipline.branch_competence")
def check_competence(decider: str, form: str, settings: DisciplineSettings = DEFAULT_SETTINGS) -> list[Finding]:
    if decider not in Decider.LABELS:
        return [Finding("decider_unknown", "decider", _("Chọn cấp quyết định kỷ luật."), ERROR)]
    allowed = settings.competence.get(decider, ())
    if form in FORMS and form not in allowed:
        may = joined_text([FORM_LABELS[f].lower() for f in allowed], ", ") or _("không hình thức nào")
        return [Finding("decider_competence", "decider",
                        _("%(labels)s không có thẩm quyền quyết định %(lower)s (chỉ: %(may)s).",
                          labels=Decider.LABELS[decider],
                          lower=FORM_LABELS[form].lower(),
                          may=may), ERROR)]
    return []


# -- effect and complaints ---------------------------------------------------------------------------------
@sourced("discipline.branch_effective")
def effective_date(decider: str, decided_on: date, announced_on: date | None) -> date:
    """A chi bộ's decision takes effect when the vote result is announced; another level's on its date
    (discipline.other_effective, UNCONFIRMED)."""
    if decider == Decider.BRANCH and announced_on is not None:
        return announced_on
    return decided_on


def check_effective(decider: str, decided_on: date | None, announced_on: date | None) -> list[Finding]:
    if decider == Decider.BRANCH and announced_on is None:
        return [Finding("announce_missing", "announced_on", _("Quyết định kỷ luật của chi bộ có hiệu lực khi chi bộ "
                                                              "công bố kết quả biểu quyết: nhập ngày công bố."), ERROR)]
    if decided_on and announced_on and announced_on > decided_on + timedelta(days=30):
        return [Finding("announce_late", "announced_on",
                        _("Ngày công bố kết quả biểu quyết (%(announced_on)s) cách ngày quyết định (%(decided_on)s) "
                          "quá 30 ngày: kiểm tra lại.",
                          announced_on=format_date(announced_on),
                          decided_on=format_date(decided_on)), ERROR)]
    return []


@sourced("discipline.complaint_window")
def complaint_deadline(effective_on: date, settings: DisciplineSettings = DEFAULT_SETTINGS) -> date:
    """The last day a complaint about the decision is received in time."""
    return effective_on + timedelta(days=settings.complaint_days)


def complaint_in_time(effective_on: date, received_on: date, settings: DisciplineSettings = DEFAULT_SETTINGS
                      ) -> bool:
    return received_on <= complaint_deadline(effective_on, settings)


# -- inspections -------------------------------------------------------------------------------------------
INSPECTION, SUPERVISION = "kiem_tra", "giam_sat"
REGULAR, THEMATIC, SIGNS = "thuong_xuyen", "chuyen_de", "dau_hieu"


@sourced("inspection.signs_of_violation")
def check_basis(kind: str, basis: str, settings: DisciplineSettings = DEFAULT_SETTINGS) -> list[Finding]:
    if kind not in (INSPECTION, SUPERVISION):
        return [Finding("kind_unknown", "kind", _("Chọn kiểm tra hoặc giám sát."), ERROR)]
    if basis not in (REGULAR, THEMATIC, SIGNS):
        return [Finding("basis_unknown", "basis", _("Chọn thường xuyên, chuyên đề hoặc khi có dấu hiệu vi phạm."),
                        ERROR)]
    if settings.signs_only_inspection and kind == SUPERVISION and basis == SIGNS:
        return [Finding("basis_supervision", "basis", _("Giám sát là thường xuyên hoặc theo chuyên đề; khi có dấu "
                                                        "hiệu vi phạm thì tiến hành kiểm tra."), ERROR)]
    return []


def check_period(start: date | None, end: date | None) -> list[Finding]:
    if start is None or end is None:
        return [Finding("period_missing", "period_from" if start is None else "period_to",
                        _("Nhập thời gian tiến hành (từ ngày, đến ngày)."), ERROR)]
    if end < start:
        return [Finding("period_order", "period_to", _("Ngày kết thúc (%(end)s) trước ngày bắt đầu (%(start)s).",
                                                       end=format_date(end),
                                                       start=format_date(start)), ERROR)]
    return []
