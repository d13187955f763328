"""Resolutions (nghị quyết) with their targets (chỉ tiêu), and the reviews that measure them.

A review computes each target's actual value from the register as of its date and keeps what it computed
(`Review.results`): a report written years later shows what was reported then; "Tính lại" recomputes.
"""

from django.conf import settings
from django.db import models

from dangbo.core.scoped import FiledRecord
from dangbo.rules import targets as target_rules


class ResolutionKind(models.TextChoices):
    CONGRESS = "congress", "Nghị quyết đại hội (nhiệm kỳ)"
    YEARLY = "yearly", "Nghị quyết hội nghị (năm)"
    COMMITTEE = "committee", "Nghị quyết của đảng ủy"


class Resolution(FiledRecord):
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT,
                                     related_name="resolutions", verbose_name="tổ chức đảng")
    kind = models.CharField("loại nghị quyết", max_length=12, choices=ResolutionKind.choices)
    title = models.CharField("tên nghị quyết", max_length=255)
    number = models.CharField("số, ký hiệu", max_length=60, blank=True)
    adopted_on = models.DateField("ngày ban hành")
    period_start = models.DateField("thực hiện từ ngày")
    period_end = models.DateField("đến ngày")

    class Meta:
        ordering = ["-adopted_on", "-id"]
        verbose_name = "nghị quyết"
        verbose_name_plural = "nghị quyết"

    def __str__(self):
        return self.title


class TargetKind(models.TextChoices):
    MEMBERS_LEVEL = "members_level", "Tỷ lệ đảng viên đạt mức xếp loại trở lên"
    ORGS_LEVEL = "orgs_level", "Tỷ lệ tổ chức đảng đạt mức xếp loại trở lên"
    ADMISSIONS = "admissions", "Số đảng viên mới kết nạp"
    COMMITMENT = "commitment", "Tỷ lệ đảng viên có bản cam kết tu dưỡng, rèn luyện"
    MEETINGS = "meetings", "Tỷ lệ chi bộ sinh hoạt đủ hằng tháng"
    MANUAL = "manual", "Chỉ tiêu nhập tay"


class Level(models.TextChoices):
    EXCELLENT = "excellent", "Hoàn thành xuất sắc nhiệm vụ"
    GOOD = "good", "Hoàn thành tốt nhiệm vụ"
    COMPLETED = "completed", "Hoàn thành nhiệm vụ"


class Period(models.TextChoices):
    YEAR = "year", "Mỗi năm"
    TERM = "term", "Cả nhiệm kỳ (thời gian thực hiện nghị quyết)"


class Target(models.Model):
    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="targets")
    kind = models.CharField("loại chỉ tiêu", max_length=16, choices=TargetKind.choices)
    label = models.CharField("nội dung chỉ tiêu", max_length=255)
    level = models.CharField("mức xếp loại", max_length=12, choices=Level.choices, blank=True)
    comparison = models.CharField("so sánh", max_length=8,
                                  choices=list(target_rules.COMPARISONS.items()), default=target_rules.GTE)
    value = models.DecimalField("giá trị chỉ tiêu", max_digits=9, decimal_places=2)
    period = models.CharField("kỳ tính", max_length=8, choices=Period.choices, default=Period.YEAR)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"

    def __str__(self):
        return self.label

    @property
    def unit(self) -> str:
        return "" if self.kind in (TargetKind.ADMISSIONS, TargetKind.MANUAL) else "%"

    @property
    def target_text(self) -> str:
        return target_rules.describe(self.comparison, self.value, self.unit)


class ReviewKind(models.TextChoices):
    MID_YEAR = "mid_year", "Sơ kết 6 tháng"
    YEAR_END = "year_end", "Tổng kết năm"
    END_OF_TERM = "end_of_term", "Tổng kết nhiệm kỳ"


class Review(models.Model):
    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField("kỳ đánh giá", max_length=12, choices=ReviewKind.choices)
    review_date = models.DateField("tính đến ngày")
    # [{target, label, kind, comparison, value, unit, actual, numerator, denominator, verdict, source, url,
    #   missing}] as computed: the figures of the report of that day.
    results = models.JSONField(default=list)
    computed_at = models.DateTimeField()
    computed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["-review_date", "-id"]
        verbose_name = "kỳ sơ kết, tổng kết"
        verbose_name_plural = "kỳ sơ kết, tổng kết"

    def __str__(self):
        return f"{self.get_kind_display()}, tính đến {self.review_date:%d/%m/%Y}"


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
