"""The checks of the rating rules on one case: who is rated, the findings on a member's or an organisation's
level, and the excellent quota. A finding of a CONFIRMED or PARTLY CONFIRMED rule is blocking (it holds the
decision until fixed or overridden); one of an UNCONFIRMED rule is advisory unless
``RatingSettings.enforce_unconfirmed`` is set. The app records fixes and overrides; this module only computes."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from .membership import add_months
from .rating_types import (
    CEIL,
    DEFAULT_SETTINGS,
    DISCRETION_IF_SELF_DETECTED,
    EXACTLY_GOOD,
    EXEMPT_IF_SELF_DETECTED,
    FLOOR,
    LEVEL_LABELS,
    Discipline,
    Level,
    RatingRegime,
    RatingSettings,
)
from .sources import REGISTRY, Source
from .text import Text, format_date
from .text import text as _

# --- findings ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """A check result; a blocking finding holds the decision until fixed or overridden with a reason."""

    code: str
    message: str
    source_key: str
    blocking: bool
    cap: Level | None = None  # the highest level the rule allows, when it caps the level

    @property
    def source(self) -> Source:
        return REGISTRY[self.source_key]


def _finding(regime, rule, code, message, settings, cap=None, blocking=None) -> Finding:
    if blocking is None:
        blocking = regime.enforced(rule, settings)
    return Finding(code, message, regime.rules[rule], blocking, cap)


# --- who is rated ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberFacts:
    """What the rules need to know about a member for one review."""

    admitted_on: date | None = None  # date in the admission decision
    exempted: bool = False  # miễn công tác và sinh hoạt đảng
    suspended: bool = False  # đình chỉ sinh hoạt đảng (not: only from cấp ủy activities)
    suspended_from_committee_only: bool = False
    self_reviewed: bool = True  # has done kiểm điểm
    disciplined_in_year: Discipline | None = None  # heaviest discipline decided in the year
    discipline_self_detected: bool = False  # tự phát hiện và khắc phục xong hậu quả
    degradation_concluded: bool = False  # kết luận suy thoái
    sick_leave_months: float = 0  # total in the year
    maternity_leave: bool = False
    temporary_activity: bool = False  # sinh hoạt tạm thời elsewhere during the year
    host_comment_received: bool = False  # written comment of the temporary chi bộ
    civil_servant_level: Level | None = None  # state rating as cán bộ, công chức, viên chức
    score: int | None = None  # 100-point scale (QĐ 366)


@dataclass(frozen=True)
class NotRated:
    code: str
    message: str
    source_key: str
    self_review_required: bool  # must still do kiểm điểm

    def __str__(self) -> str:
        return self.message


def _months_reached(start: date, on: date, months: int) -> bool:
    """True when `months` whole calendar months have passed from `start` to `on` (exactly = reached)."""
    return add_months(start, months) <= on


def who_is_rated(
    facts: MemberFacts, review_date: date, regime: RatingRegime
) -> tuple[bool, NotRated | None]:
    """(rated, reason): whether a member is rated this period and, if not, why (with the source)."""
    rules = regime.rules
    if facts.exempted:
        return False, NotRated(
            "exempted", _("Đảng viên được miễn công tác và sinh hoạt đảng: không đánh giá, xếp loại."),
            rules["exempt_members"], False,
        )
    if facts.suspended:
        return False, NotRated(
            "suspended", _("Đảng viên bị đình chỉ sinh hoạt đảng: không đánh giá, xếp loại."),
            rules["exempt_members"], False,
        )
    if facts.admitted_on is not None and not _months_reached(
        facts.admitted_on, review_date, regime.new_member_months
    ):
        review = (
            _("vẫn phải kiểm điểm") if regime.new_members_do_self_review else _("không kiểm điểm")
        )
        return False, NotRated(
            "new_member",
            _("Đảng viên mới kết nạp ngày %(admitted_on)s, chưa đủ %(new_member_months)s tháng đến ngày "
              "%(review_date)s: không xếp loại, %(review)s.",
              admitted_on=format_date(facts.admitted_on),
              new_member_months=regime.new_member_months,
              review_date=format_date(review_date),
              review=review),
            rules["new_member"],
            regime.new_members_do_self_review,
        )
    return True, None


def organization_is_rated(
    founded_on: date | None, review_date: date, regime: RatingRegime
) -> tuple[bool, NotRated | None]:
    """(rated, reason) for a party organisation: founded less than 6 months before is not rated."""
    if founded_on is not None and not _months_reached(founded_on, review_date, regime.new_org_months):
        return False, NotRated(
            "new_organization",
            _("Tổ chức đảng mới thành lập ngày %(founded_on)s, chưa đủ %(new_org_months)s tháng đến ngày "
              "%(review_date)s: không xếp loại, vẫn phải kiểm điểm.",
              founded_on=format_date(founded_on),
              new_org_months=regime.new_org_months,
              review_date=format_date(review_date)),
            regime.rules["new_org"],
            True,
        )
    return True, None


# --- member findings ---------------------------------------------------------------------------------


def score_level(score: int) -> Level:
    """QĐ 366 Điều 11 bands: ≥90, 70–<90, 50–<70, <50."""
    if score >= 90:
        return Level.EXCELLENT
    if score >= 70:
        return Level.GOOD
    if score >= 50:
        return Level.COMPLETED
    return Level.NOT_COMPLETED


def member_findings(
    facts: MemberFacts,
    proposed_level: Level,
    regime: RatingRegime,
    settings: RatingSettings = DEFAULT_SETTINGS,
) -> list[Finding]:
    """Findings on a proposed level for a member, by the rules of the regime."""
    out: list[Finding] = []
    level = Level(proposed_level)
    r = regime.rules

    def cap(rule: str, code: str, limit: Level, message: str, blocking: bool | None = None) -> None:
        if rule in r and level > limit:
            out.append(_finding(regime, rule, code, message, settings, limit, blocking))

    if "self_review_first" in r and not facts.self_reviewed:
        out.append(_finding(regime, "self_review_first", "not_self_reviewed",
                            _("Đảng viên chưa hoàn thành kiểm điểm nên chưa được đánh giá, xếp loại."), settings))

    if facts.disciplined_in_year is not None:
        ko = Text(LEVEL_LABELS[Level.NOT_COMPLETED])  # the label in the catalogue: read in the language shown
        if regime.discipline_exception == EXEMPT_IF_SELF_DETECTED and facts.discipline_self_detected:
            pass  # QĐ 124: self-detected and remedied — the discipline does not force KHTNV
        elif regime.discipline_exception == DISCRETION_IF_SELF_DETECTED and facts.discipline_self_detected:
            cap("discipline", "disciplined", Level.NOT_COMPLETED,
                _("Đảng viên bị kỷ luật trong năm: xếp loại '%(ko)s'; vi phạm tự phát hiện và khắc phục xong hậu "
                  "quả, cấp có thẩm quyền có thể xem xét (ghi rõ lý do).", ko=ko))
        else:
            cap("discipline", "disciplined", Level.NOT_COMPLETED,
                _("Đảng viên bị kỷ luật trong năm: xếp loại '%(ko)s'.", ko=ko))

    if facts.degradation_concluded:
        cap("degradation", "degradation", Level.NOT_COMPLETED,
            _("Có kết luận suy thoái: xếp loại '%(level_labels)s'.",
              level_labels=Text(LEVEL_LABELS[Level.NOT_COMPLETED])))

    if regime.sick_leave_cap_months is not None and facts.sick_leave_months >= regime.sick_leave_cap_months:
        cap("sick_leave_cap", "sick_leave_cap", Level.COMPLETED,
            _("Nghỉ ốm %(sick_leave_months)s tháng trong năm (từ %(sick_leave_cap_months)s tháng trở lên): không xếp "
              "loại cao hơn '%(level_labels)s'.",
              sick_leave_months=format(facts.sick_leave_months, "g"),
              sick_leave_cap_months=regime.sick_leave_cap_months,
              level_labels=Text(LEVEL_LABELS[Level.COMPLETED])))

    if "maternity" in r and (facts.maternity_leave or (
        regime.sick_leave_cap_months is None and facts.sick_leave_months >= 3
    )):
        out.append(_finding(regime, "maternity", "actual_work_basis",
                            _("Xếp loại căn cứ kết quả làm việc thực tế trong năm (nghỉ thai sản hoặc nghỉ ốm)."),
                            settings, blocking=False))

    if "temporary_activity" in r and facts.temporary_activity and not facts.host_comment_received:
        out.append(_finding(regime, "temporary_activity", "host_comment_missing",
                            _("Đảng viên sinh hoạt tạm thời: cần ý kiến nhận xét bằng văn bản của chi bộ nơi sinh "
                              "hoạt tạm thời trước khi xếp loại."), settings))

    if "civil_servant" in r and facts.civil_servant_level is not None:
        cs = Level(facts.civil_servant_level)
        if cs == Level.NOT_COMPLETED:
            cap("civil_servant", "civil_servant_not_completed", Level.NOT_COMPLETED,
                _("Xếp loại cán bộ, công chức, viên chức 'Không hoàn thành nhiệm vụ': đảng viên xếp loại 'Không hoàn "
                  "thành nhiệm vụ'."))
        elif cs < Level.EXCELLENT:
            cap("civil_servant", "civil_servant_not_excellent", Level.GOOD,
                _("Chưa được xếp loại cán bộ, công chức, viên chức 'Hoàn thành xuất sắc nhiệm vụ': không xếp loại "
                  "đảng viên 'Hoàn thành xuất sắc nhiệm vụ'."))

    if regime.uses_scores and "score_bands" in r:
        if facts.score is None:
            out.append(_finding(regime, "score_bands", "score_missing",
                                _("Chưa có tổng điểm đánh giá (thang 100 điểm)."), settings, blocking=False))
        else:
            band = score_level(facts.score)
            cap("score_bands", "score_band", band,
                _("Tổng điểm %(score)s: mức cao nhất là '%(label)s'.", score=facts.score, label=Text(band.label)))
    return out


def level_cap(findings: Iterable[Finding]) -> Level | None:
    """The lowest cap among blocking findings (None if none caps the level)."""
    caps = [f.cap for f in findings if f.blocking and f.cap is not None]
    return min(caps) if caps else None


# --- organisation findings ---------------------------------------------------------------------------


@dataclass(frozen=True)
class OrgFacts:
    """What the rules need about a party organisation besides its members' / sub-organisations' levels."""

    leadership_discipline: Discipline | None = None  # heaviest discipline of a leadership member
    units_total: int = 0  # directly subordinate units
    units_disciplined: int = 0  # of which disciplined in the year
    score: int | None = None  # 100-point scale (QĐ 366)


def excellent_share_ok(levels: Iterable[Level], min_good: Fraction = Fraction(4, 5)) -> tuple[bool, bool]:
    """(all at least Hoàn thành, at least `min_good` at Hoàn thành tốt or above); vacuous for none."""
    levels = [Level(x) for x in levels]
    all_completed = all(x >= Level.COMPLETED for x in levels)
    good = sum(1 for x in levels if x >= Level.GOOD)
    return all_completed, good >= min_good * len(levels)


def organization_findings(
    child_levels: Iterable[Level],
    proposed_level: Level,
    regime: RatingRegime,
    facts: OrgFacts | None = None,
    settings: RatingSettings = DEFAULT_SETTINGS,
    children: str = "members",
) -> list[Finding]:
    """Findings for an organisation: `child_levels` are its rated members (chi bộ) or directly
    subordinate organisations (đảng bộ); `children` is "members" or "organizations" (for messages)."""
    facts = facts or OrgFacts()
    level = Level(proposed_level)
    levels = [Level(x) for x in child_levels]
    out: list[Finding] = []
    r = regime.rules
    who = _("đảng viên") if children == "members" else _("tổ chức đảng trực thuộc")

    if level == Level.EXCELLENT and "org_excellent_children" in r:
        all_completed, share_ok = excellent_share_ok(levels, regime.org_excellent_min_good)
        good = sum(1 for x in levels if x >= Level.GOOD)
        if not all_completed:
            bad = sum(1 for x in levels if x < Level.COMPLETED)
            out.append(_finding(regime, "org_excellent_children", "org_excellent_not_all_completed",
                                _("Có %(bad)s %(who)s 'Không hoàn thành nhiệm vụ': tổ chức không được xếp loại 'Hoàn "
                                  "thành xuất sắc nhiệm vụ'.", bad=bad, who=who), settings, Level.GOOD))
        if not share_ok:
            pct = float(regime.org_excellent_min_good * 100)
            out.append(_finding(regime, "org_excellent_children", "org_excellent_share",
                                _("Chỉ %(good)s/%(levels)s %(who)s 'Hoàn thành tốt nhiệm vụ' trở lên (cần từ "
                                  "%(pct)s%%): tổ chức không được xếp loại 'Hoàn thành xuất sắc nhiệm vụ'.",
                                  good=good,
                                  levels=len(levels),
                                  who=who,
                                  pct=format(pct, "g")),
                                settings, Level.GOOD))

    if level == Level.EXCELLENT and "org_excellent_no_discipline" in r and (
        facts.leadership_discipline is not None or facts.units_disciplined > 0
    ):
        out.append(_finding(regime, "org_excellent_no_discipline", "org_excellent_discipline",
                            _("Có đơn vị trực thuộc hoặc thành viên tập thể lãnh đạo, quản lý bị kỷ luật: không xếp "
                              "loại 'Hoàn thành xuất sắc nhiệm vụ'."), settings, Level.GOOD))

    if "org_leadership_discipline" in r and facts.leadership_discipline is not None:
        threshold = Discipline.CANH_CAO if regime.key in ("2018", "2019-2022") else Discipline.KHIEN_TRACH
        if facts.leadership_discipline >= threshold and level > Level.NOT_COMPLETED:
            out.append(_finding(regime, "org_leadership_discipline", "org_leadership_disciplined",
                                _("Thành viên tập thể lãnh đạo, quản lý bị kỷ luật: tổ chức xếp loại 'Không hoàn "
                                  "thành nhiệm vụ'."), settings, Level.NOT_COMPLETED))

    if "org_units_disciplined" in r and facts.units_total > 0 and level > Level.NOT_COMPLETED:
        if facts.units_disciplined * 5 > facts.units_total:  # more than 20%
            out.append(_finding(regime, "org_units_disciplined", "org_units_disciplined",
                                _("%(units_disciplined)s/%(units_total)s đơn vị trực thuộc bị kỷ luật (trên 20%%): "
                                  "tổ chức xếp loại 'Không hoàn thành nhiệm vụ'.",
                                  units_disciplined=facts.units_disciplined,
                                  units_total=facts.units_total), settings,
                                Level.NOT_COMPLETED))

    if regime.uses_scores and "score_bands" in r and facts.score is not None:
        band = score_level(facts.score)
        if level > band:
            out.append(_finding(regime, "score_bands", "score_band",
                                _("Tổng điểm %(score)s: mức cao nhất là '%(label)s'.",
                                  score=facts.score,
                                  label=Text(band.label)), settings, band))
    return out


# --- quota -------------------------------------------------------------------------------------------


def _round(x: Fraction, rounding: str) -> int:
    if rounding == FLOOR:
        return math.floor(x)
    if rounding == CEIL:
        return math.ceil(x)
    return math.floor(x + Fraction(1, 2))


def quota_denominator(levels: Iterable[Level], settings: RatingSettings = DEFAULT_SETTINGS) -> int:
    """Those rated exactly Hoàn thành tốt (default) or Hoàn thành tốt and above (setting)."""
    levels = [Level(x) for x in levels]
    if settings.quota_denominator == EXACTLY_GOOD:
        return sum(1 for x in levels if x == Level.GOOD)
    return sum(1 for x in levels if x >= Level.GOOD)


def excellent_quota(
    denominator: int,
    regime: RatingRegime,
    settings: RatingSettings = DEFAULT_SETTINGS,
    exceptional: bool = False,
) -> int:
    """Most that may be rated Hoàn thành xuất sắc: percent × denominator, rounded per the settings.

    `exceptional` applies QĐ 366's 25% for an outstanding unit (decided by the competent level)."""
    if denominator < 0:
        raise ValueError("denominator must not be negative")
    percent = regime.quota_percent
    if exceptional:
        if regime.quota_exception_percent is None:
            raise ValueError(f"chế độ {regime.key} không có mức ngoại lệ")
        percent = regime.quota_exception_percent
    return _round(Fraction(percent, 100) * denominator, settings.quota_rounding)


def quota_findings(
    levels: Iterable[Level],
    regime: RatingRegime,
    settings: RatingSettings = DEFAULT_SETTINGS,
    subject: str = "members",
    exceptional: bool = False,
) -> list[Finding]:
    """Quota check over one pool (a tổ chức cơ sở đảng, or a comparison group under QĐ 366)."""
    levels = [Level(x) for x in levels]
    rule = "quota_members" if subject == "members" else "quota_organizations"
    if rule not in regime.rules:
        return []
    excellent = sum(1 for x in levels if x == Level.EXCELLENT)
    denominator = quota_denominator(levels, settings)
    limit = excellent_quota(denominator, regime, settings, exceptional)
    if excellent <= limit:
        return []
    percent = regime.quota_exception_percent if exceptional else regime.quota_percent
    base = _("'Hoàn thành tốt nhiệm vụ'") if settings.quota_denominator == EXACTLY_GOOD else (
        _("'Hoàn thành tốt nhiệm vụ' trở lên")
    )
    who = _("đảng viên") if subject == "members" else _("tổ chức đảng")
    key = "quota_exception" if exceptional else rule
    return [
        _finding(regime, key, "excellent_quota_exceeded",
                 _("%(excellent)s %(who)s 'Hoàn thành xuất sắc nhiệm vụ' vượt quá %(percent)s%% của %(denominator)s "
                   "%(who)s %(base)s (tối đa %(limit)s).",
                   excellent=excellent,
                   who=who,
                   percent=percent,
                   denominator=denominator,
                   base=base,
                   limit=limit), settings)
    ]
