"""Resolutions (nghị quyết) with their targets (chỉ tiêu), and the reviews that measure them.

A review computes each target's actual value from the register as of its date and keeps what it computed
(`Review.results`): a report written years later shows what was reported then; "Tính lại" recomputes.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from dangbo.core.fields import by_user, filed_under
from dangbo.core.models import model_meta
from dangbo.core.scoped import FiledRecord
from dangbo.rules import targets as target_rules


class ResolutionKind(models.TextChoices):
    CONGRESS = "congress", _("Nghị quyết đại hội (nhiệm kỳ)")
    YEARLY = "yearly", _("Nghị quyết hội nghị (năm)")
    COMMITTEE = "committee", _("Nghị quyết của đảng ủy")


class Resolution(FiledRecord):
    organization = filed_under("resolutions", _("tổ chức đảng"))
    kind = models.CharField(_("loại nghị quyết"), max_length=12, choices=ResolutionKind.choices)
    title = models.CharField(_("tên nghị quyết"), max_length=255)
    number = models.CharField(_("số, ký hiệu"), max_length=60, blank=True)
    adopted_on = models.DateField(_("ngày ban hành"))
    period_start = models.DateField(_("thực hiện từ ngày"))
    period_end = models.DateField(_("đến ngày"))

    Meta = model_meta(_("nghị quyết"), ordering=["-adopted_on", "-id"])

    def __str__(self):
        return self.title


class TargetKind(models.TextChoices):
    MEMBERS_LEVEL = "members_level", _("Tỷ lệ đảng viên đạt mức xếp loại trở lên")
    ORGS_LEVEL = "orgs_level", _("Tỷ lệ tổ chức đảng đạt mức xếp loại trở lên")
    ADMISSIONS = "admissions", _("Số đảng viên mới kết nạp")
    COMMITMENT = "commitment", _("Tỷ lệ đảng viên có bản cam kết tu dưỡng, rèn luyện")
    MEETINGS = "meetings", _("Tỷ lệ chi bộ sinh hoạt đủ hằng tháng")
    MANUAL = "manual", _("Chỉ tiêu nhập tay")


class Level(models.TextChoices):
    EXCELLENT = "excellent", _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = "good", _("Hoàn thành tốt nhiệm vụ")
    COMPLETED = "completed", _("Hoàn thành nhiệm vụ")


class Period(models.TextChoices):
    YEAR = "year", _("Mỗi năm")
    TERM = "term", _("Cả nhiệm kỳ (thời gian thực hiện nghị quyết)")


class Target(models.Model):
    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="targets")
    kind = models.CharField(_("loại chỉ tiêu"), max_length=16, choices=TargetKind.choices)
    label = models.CharField(_("nội dung chỉ tiêu"), max_length=255)
    level = models.CharField(_("mức xếp loại"), max_length=12, choices=Level.choices, blank=True)
    comparison = models.CharField(_("so sánh"), max_length=8,
                                  choices=list(target_rules.COMPARISONS.items()), default=target_rules.GTE)
    value = models.DecimalField(_("giá trị chỉ tiêu"), max_digits=9, decimal_places=2)
    # a range «từ 5 đến 7» (comparison "range"): value is its lower bound, value_max its upper bound
    value_max = models.DecimalField(_("cận trên của khoảng chỉ tiêu"), max_digits=9, decimal_places=2, null=True,
                                    blank=True)
    # «mỗi chi bộ …»: the target holds for each organisation directly under the resolution's (met when all meet)
    per_unit = models.BooleanField(_("áp dụng cho từng đơn vị trực thuộc"), default=False)
    period = models.CharField(_("kỳ tính"), max_length=8, choices=Period.choices, default=Period.YEAR)
    order = models.PositiveSmallIntegerField(default=0)

    Meta = model_meta(_("chỉ tiêu"), ordering=["order", "id"])

    def __str__(self):
        return self.label

    @property
    def unit(self) -> str:
        return "" if self.kind in (TargetKind.ADMISSIONS, TargetKind.MANUAL) else "%"

    @property
    def target_text(self) -> str:
        text = target_rules.describe(self.comparison, self.value, self.unit, self.value_max)
        return _("%(target)s ở mỗi đơn vị trực thuộc") % {"target": text} if self.per_unit else text

    def rule_check(self, year: int):
        """None, or why this target contradicts a rule of `year` (rules.targets.rule_check)."""
        subject = {TargetKind.MEMBERS_LEVEL: "members", TargetKind.ORGS_LEVEL: "organizations"}.get(self.kind)
        if subject is None:
            return None
        return target_rules.rule_check(subject, self.level, self.comparison, self.value, self.value_max, year)

    @property
    def contradiction(self):
        """The first year of the resolution's period in which this target contradicts a rule (None: none)."""
        r = self.resolution
        found = (self.rule_check(y) for y in range(r.period_start.year, r.period_end.year + 1))
        return next((c for c in found if c is not None), None)


class ReviewKind(models.TextChoices):
    MID_YEAR = "mid_year", _("Sơ kết 6 tháng")
    YEAR_END = "year_end", _("Tổng kết năm")
    END_OF_TERM = "end_of_term", _("Tổng kết nhiệm kỳ")


class Review(models.Model):
    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(_("kỳ đánh giá"), max_length=12, choices=ReviewKind.choices)
    review_date = models.DateField(_("tính đến ngày"))
    # [{target, label, kind, comparison, value, unit, actual, numerator, denominator, verdict, source, url,
    #   missing}] as computed: the figures of the report of that day.
    results = models.JSONField(default=list)
    computed_at = models.DateTimeField()
    computed_by = by_user()

    Meta = model_meta(_("kỳ sơ kết, tổng kết"), ordering=["-review_date", "-id"])

    def __str__(self):
        return _("%(kind)s, tính đến %(date)s") % {"kind": self.get_kind_display(),
                                                   "date": f"{self.review_date:%d/%m/%Y}"}


class ManualFigure(models.Model):
    """The actual value of a manual target, entered for one review."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="manual_figures")
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="+")
    value = models.DecimalField(max_digits=12, decimal_places=2)
    note = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "target"], name="unique_manual_figure")]

    def __str__(self):
        return f"{self.target} = {self.value}"
