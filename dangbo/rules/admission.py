"""The admission pipeline (phát triển đảng viên): what must hold before a chi bộ votes and a cấp ủy decides.

Sources: QĐ 294-QĐ/TW and HD 06-HD/TW (2025), read through /work/shared/domain/rules-2025-2026.md §2.1 and
docs/rules.md §3.1. The age and deadline rules themselves live in `membership` (they are used by the admit
action too); this module adds the steps before it. Rules known only PARTLY are `AdmissionSettings` fields with a
default, shown as such on the pages.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from fractions import Fraction

from .calendar import DEFAULT_CALENDAR, WorkingCalendar
from .membership import (
    ADMISSION_DECISION_WORKING_DAYS,
    CHARTER_RULES,
    ERROR,
    FINDING,
    Finding,
    add_months,
    age_in_months,
)
from .sources import CONFIRMED, PARTLY_CONFIRMED, Document, Source, register, sourced
from .text import format_date
from .text import text as _

HD06 = Document("Hướng dẫn 06-HD/TW năm 2025 (thi hành Quy định 294-QĐ/TW)", date(2025, 7, 1))

HD06.rule("admission.certificate_validity", confidence=PARTLY_CONFIRMED,
          clause="Điểm 5.4: giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng có giá trị 60 tháng",
          note="Known from quiz answer keys quoting HD 06; a setting (certificate_validity_months). A lapsed "
               "certificate means the class is taken again before the chi bộ votes.")
register("admission.introducers", Source(
    document="Điều lệ Đảng (2011) Điều 4; Quy định 294-QĐ/TW điểm 3.2.1",
    clause="Hai đảng viên chính thức giới thiệu (hoặc ban chấp hành đoàn cơ sở và một đảng viên chính thức); "
           "người giới thiệu phải cùng công tác, học tập hoặc cư trú với người vào Đảng ít nhất 12 tháng",
    valid_from=date(2025, 7, 1), valid_to=None, confidence=PARTLY_CONFIRMED,
    note="The 12 months are quoted from 294 by a quiz key; the union's resolution replacing one introducer is "
         "the charter's Điều 4, not quoted by the research files. 12 months is a setting."))
HD06.rule("admission.family_verification", confidence=PARTLY_CONFIRMED,
          clause="Điểm 3.4.c: không phải thẩm tra lý lịch khi cha, mẹ, anh, chị, em ruột, con đẻ là đảng viên đã "
                 "khai đầy đủ trong lý lịch",
          note="Quiz answer key.")
HD06.rule("admission.branch_vote", confidence=PARTLY_CONFIRMED,
          clause="Điểm 3.6.b: nghị quyết đề nghị kết nạp của chi bộ phải được ít nhất 2/3 số đảng viên chính thức "
                 "tán thành",
          note="Quiz answer key; the same 2/3 appears in 232 point 4.2.c (rules.md §3.2). A setting (branch_vote).")
register("admission.education", Source(
    document="Quy định 294-QĐ/TW; " + HD06.title + " §1",
    clause="Tốt nghiệp trung học cơ sở trở lên; ở miền núi, biên giới, hải đảo, vùng đồng bào dân tộc thiểu số, "
           "ngư dân thường xuyên làm việc trên biển: tối thiểu hoàn thành chương trình tiểu học; già làng, trưởng "
           "bản, người có uy tín: biết đọc, biết viết chữ quốc ngữ và được ban thường vụ cấp ủy trực thuộc Trung "
           "ương đồng ý bằng văn bản",
    valid_from=date(2025, 7, 1), valid_to=None, confidence=CONFIRMED,
    note="Grades are counted on the 12-year system: trung học cơ sở = lớp 9, tiểu học = lớp 5."))
CHARTER_RULES.rule("admission.decision_extension", confidence=CONFIRMED,
                   clause="Điểm 4.3.1: thời hạn quyết định kết nạp được kéo dài không quá 30 ngày làm việc")

DECISION_EXTENSION_WORKING_DAYS = 30
LOWER_SECONDARY_GRADE = 9
PRIMARY_GRADE = 5


class EducationException:
    NONE = ""
    REMOTE = "remote"  # miền núi, biên giới, hải đảo, vùng dân tộc thiểu số, ngư dân trên biển
    ELDER = "elder"  # già làng, trưởng bản, người có uy tín

    CHOICES = [
        (NONE, _("Không thuộc trường hợp đặc biệt")),
        (REMOTE, _("Miền núi, biên giới, hải đảo, vùng đồng bào dân tộc thiểu số, ngư dân trên biển")),
        (ELDER, _("Già làng, trưởng bản, người có uy tín ở vùng đó")),
    ]


@dataclass(frozen=True)
class AdmissionSettings:
    """The PARTLY confirmed rules of the pipeline, each with its registered source."""

    certificate_validity_months: int = 60  # admission.certificate_validity
    branch_vote: Fraction = Fraction(2, 3)  # admission.branch_vote
    introducer_min_months: int = 12  # admission.introducers

    SOURCES = {"certificate_validity_months": "admission.certificate_validity",
               "branch_vote": "admission.branch_vote", "introducer_min_months": "admission.introducers"}
    LABELS = {"certificate_validity_months": _("Giá trị của giấy chứng nhận lớp bồi dưỡng nhận thức về Đảng "
                                               "(tháng)"),
              "branch_vote": _("Tỷ lệ đảng viên chính thức tán thành nghị quyết đề nghị kết nạp"),
              "introducer_min_months": _("Thời gian người giới thiệu cùng công tác, cư trú (tháng)")}

    @classmethod
    def from_mapping(cls, values: dict | None) -> AdmissionSettings:
        """Settings from a deployment's mapping (settings.DANGBO_ADMISSION); unknown keys are an error."""
        values = dict(values or {})
        known = {f.name for f in fields(cls)}
        unknown = set(values) - known
        if unknown:
            raise ValueError(f"unknown admission settings: {sorted(unknown)}")
        if "branch_vote" in values:
            values["branch_vote"] = Fraction(values["branch_vote"])
        s = cls(**values)
        if not (0 < s.branch_vote <= 1):
            raise ValueError("branch_vote must be a fraction in (0, 1]")
        if s.certificate_validity_months < 1 or s.introducer_min_months < 0:
            raise ValueError("admission month settings must be positive")
        return s

    def rows(self) -> list[tuple[str, str, str]]:
        """(label, value as shown, source key) of every setting, for the pages."""
        def shown(name):
            v = getattr(self, name)
            return f"{v.numerator}/{v.denominator}" if isinstance(v, Fraction) else str(v)
        return [(self.LABELS[n], shown(n), self.SOURCES[n]) for n in self.SOURCES]


DEFAULT_SETTINGS = AdmissionSettings()


# -- the certificate --------------------------------------------------------------------------------------
@sourced("admission.certificate_validity")
def certificate_valid_until(issued_on: date, settings: AdmissionSettings = DEFAULT_SETTINGS) -> date:
    """The last day the certificate counts: `validity` months after it was issued, less a day."""
    return _minus_day(add_months(issued_on, settings.certificate_validity_months))


def _minus_day(d: date) -> date:
    return date.fromordinal(d.toordinal() - 1)


def certificate_valid_on(issued_on: date, on: date, settings: AdmissionSettings = DEFAULT_SETTINGS) -> bool:
    return issued_on <= on <= certificate_valid_until(issued_on, settings)


# -- the chi bộ's vote ---------------------------------------------------------------------------------------
def votes_needed(official_members: int, settings: AdmissionSettings = DEFAULT_SETTINGS) -> int:
    """Fewest votes in favour that reach the threshold: ceil(fraction × official members)."""
    share = settings.branch_vote * official_members
    return -(-share.numerator // share.denominator)


@sourced("admission.branch_vote")
def check_branch_vote(in_favour: int | None, official_members: int | None,
                      settings: AdmissionSettings = DEFAULT_SETTINGS) -> list[Finding]:
    if official_members is None or official_members < 1:
        return [Finding("vote_members", "official_members", _("Nhập số đảng viên chính thức của chi bộ (ít nhất 1)."),
                        ERROR)]
    if in_favour is None or in_favour < 0:
        return [Finding("vote_missing", "votes_for", _("Nhập số đảng viên chính thức tán thành."), ERROR)]
    if in_favour > official_members:
        return [Finding("vote_too_many", "votes_for", _("Số tán thành (%(in_favour)s) không thể lớn hơn số đảng viên "
                                                        "chính thức (%(official_members)s).",
                                                        in_favour=in_favour,
                                                        official_members=official_members), ERROR)]
    need = votes_needed(official_members, settings)
    if in_favour < need:
        f = settings.branch_vote
        return [Finding("vote_short", "votes_for",
                        _("Nghị quyết đề nghị kết nạp cần ít nhất %(numerator)s/%(denominator)s số đảng viên chính "
                          "thức tán thành: %(in_favour)s/%(official_members)s chưa đủ (cần %(need)s).",
                          numerator=f.numerator,
                          denominator=f.denominator,
                          in_favour=in_favour,
                          official_members=official_members,
                          need=need), ERROR)]
    return []


# -- introducers -------------------------------------------------------------------------------------------
@sourced("admission.introducers")
def check_introducer(months_known: int | None, is_official: bool,
                     settings: AdmissionSettings = DEFAULT_SETTINGS) -> list[Finding]:
    out = []
    if not is_official:
        out.append(Finding("introducer_not_official", "member", _("Người giới thiệu phải là đảng viên chính thức."),
                           ERROR))
    if months_known is None or months_known < settings.introducer_min_months:
        out.append(Finding("introducer_short", "months_known",
                           _("Người giới thiệu phải cùng công tác, học tập hoặc cư trú với người vào Đảng ít nhất "
                             "%(introducer_min_months)s tháng (đã nhập %(value)s tháng).",
                             introducer_min_months=settings.introducer_min_months,
                             value=months_known or 0), ERROR))
    return out


def introductions_complete(introducers: int, union_resolution: bool) -> bool:
    """Two official members, or the union's resolution and one official member (Điều lệ Điều 4)."""
    return introducers >= 2 or (union_resolution and introducers >= 1)


# -- education ---------------------------------------------------------------------------------------------
@sourced("admission.education")
def check_education(grade: int | None, exception: str = EducationException.NONE) -> list[Finding]:
    """`grade`: the last grade completed on the 12-year system (0: none)."""
    if grade is None or grade < 0 or grade > 12:
        return [Finding("education_missing", "education_grade", _("Nhập lớp học phổ thông đã hoàn thành (0 đến 12)."),
                        ERROR)]
    if grade >= LOWER_SECONDARY_GRADE:
        return []
    if exception == EducationException.REMOTE:
        if grade >= PRIMARY_GRADE:
            return []
        return [Finding("education_primary", "education_grade",
                        _("Ở miền núi, biên giới, hải đảo, vùng đồng bào dân tộc thiểu số hoặc ngư dân trên biển, "
                          "người vào Đảng phải hoàn thành ít nhất chương trình tiểu học (đã nhập lớp %(grade)s).",
                          grade=grade), ERROR)]
    if exception == EducationException.ELDER:
        return [Finding("education_elder", "education_grade",
                        _("Già làng, trưởng bản, người có uy tín chưa tốt nghiệp trung học cơ sở: phải biết đọc, "
                          "biết viết chữ quốc ngữ và được ban thường vụ cấp ủy trực thuộc Trung ương đồng ý bằng văn "
                          "bản."),
                        FINDING)]
    return [Finding("education_lower_secondary", "education_grade",
                    _("Người vào Đảng phải tốt nghiệp trung học cơ sở (lớp 9) trở lên (đã nhập lớp %(grade)s).",
                      grade=grade), ERROR)]


# -- age at the chi bộ's review (membership.check_admission) -----------------------------------------------
def age_text(birth: date, on: date) -> str:
    years, months = divmod(age_in_months(birth, on), 12)
    if months:
        return _("%(years)s tuổi %(months)s tháng", years=years, months=months)
    return _("%(years)s tuổi", years=years)


# -- deadlines ---------------------------------------------------------------------------------------------
@sourced("admission.decision_extension")
def decision_deadline(branch_resolution_date: date, extended: bool = False,
                      calendar: WorkingCalendar | None = None) -> date:
    """60 working days from the chi bộ's resolution (membership.admission_decision_deadline), 90 when extended."""
    days = ADMISSION_DECISION_WORKING_DAYS + (DECISION_EXTENSION_WORKING_DAYS if extended else 0)
    return (calendar or DEFAULT_CALENDAR).add_working_days(branch_resolution_date, days)


def check_decision_date(branch_resolution_date: date, decision_date: date, extended: bool = False,
                        calendar: WorkingCalendar | None = None) -> list[Finding]:
    if decision_date < branch_resolution_date:
        return [Finding("decision_before_branch", "decision_date",
                        _("Ngày quyết định kết nạp (%(decision_date)s) không được trước ngày chi bộ có nghị quyết đề "
                          "nghị (%(branch_resolution_date)s).",
                          decision_date=format_date(decision_date),
                          branch_resolution_date=format_date(branch_resolution_date)), ERROR)]
    deadline = decision_deadline(branch_resolution_date, extended, calendar)
    if decision_date > deadline:
        n = ADMISSION_DECISION_WORKING_DAYS + (DECISION_EXTENSION_WORKING_DAYS if extended else 0)
        return [Finding("decision_late", "decision_date",
                        _("Quyết định kết nạp (%(decision_date)s) quá %(n)s ngày làm việc kể từ nghị quyết của chi "
                          "bộ (hạn %(deadline)s).",
                          decision_date=format_date(decision_date),
                          n=n,
                          deadline=format_date(deadline)), FINDING)]
    return []
