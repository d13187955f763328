"""The yearly review (kiểm điểm, đánh giá, xếp loại chất lượng): rules.md §1, §1A; rules in dangbo.rules.ratings.

A `Review` (đợt kiểm điểm) belongs to the organisation that decides (the đảng ủy or a chi bộ cơ sở's upper
level) and a period; it snapshots the regime key and the unconfirmed settings so a past year is always
judged by its own rules. Opening it writes one `MemberRating` per member of the subtree (rated or not, with
the reason) and one `OrgRating` per organisation, set-based. Every rating row carries `org_path` and `year`
so results for any subtree and year are one index range.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangbo.core.fields import by_user, filed_under, path_copy
from dangbo.core.models import model_meta
from dangbo.core.scoped import ScopedModel
from dangbo.rules.ratings import LEVEL_LABELS, Level

# The labels are the rules' Vietnamese texts, read in the page's language (their msgids come from
# evaluations/_level.html); what is stored is the number.
LEVEL_CHOICES = [(int(lv), _(LEVEL_LABELS[lv])) for lv in sorted(Level, reverse=True)]
LEVEL_KEYS = {int(lv): lv.name.lower() for lv in Level}  # 4 -> "excellent"
KEY_LEVELS = {v: k for k, v in LEVEL_KEYS.items()}


SETTING_LABELS = {
    "exactly_good": _("số 'Hoàn thành tốt nhiệm vụ'"), "good_or_better": _("số 'Hoàn thành tốt nhiệm vụ' trở lên"),
    "floor": _("làm tròn xuống"), "half_up": _("làm tròn thông thường"), "ceil": _("làm tròn lên"),
}


class Period(models.TextChoices):
    YEAR = "year", _("Năm")
    QUARTER = "quarter", _("Quý")
    TERM = "term", _("Nhiệm kỳ")


class Review(ScopedModel):
    class Status(models.TextChoices):
        OPEN = "open", _("Đang kiểm điểm")
        CLOSED = "closed", _("Đã kết thúc")
        HISTORY = "history", _("Số liệu năm trước (nhập lại)")

    organization = filed_under("reviews", _("tổ chức đảng"))
    org_path = path_copy()
    year = models.PositiveSmallIntegerField(_("năm"))
    period = models.CharField(_("kỳ"), max_length=8, choices=Period.choices, default=Period.YEAR)
    quarter = models.PositiveSmallIntegerField(_("quý"), null=True, blank=True)
    review_date = models.DateField(_("ngày xếp loại"))
    regime_key = models.CharField(_("chế độ quy định"), max_length=16)
    quota_denominator = models.CharField(max_length=16)
    quota_rounding = models.CharField(max_length=8)
    enforce_unconfirmed = models.BooleanField(default=False)
    status = models.CharField(_("trạng thái"), max_length=8, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = by_user()
    version = models.PositiveIntegerField(default=1)

    Meta = model_meta(
        _("đợt kiểm điểm"),
        ordering=["-year", "org_path"],
        constraints=[models.UniqueConstraint(fields=["organization", "year", "period", "quarter"],
                                             name="unique_review", nulls_distinct=False)],
    )

    def __str__(self):
        what = {"year": f"năm {self.year}", "quarter": f"quý {self.quarter}/{self.year}",
                "term": f"nhiệm kỳ (đến {self.year})"}[self.period]
        return f"Kiểm điểm {what} – {self.organization}"

    @property
    def quota_denominator_label(self) -> str:
        return SETTING_LABELS.get(self.quota_denominator, self.quota_denominator)

    @property
    def quota_rounding_label(self) -> str:
        return SETTING_LABELS.get(self.quota_rounding, self.quota_rounding)

    @property
    def regime(self):
        from dangbo.rules.ratings import regime_for

        return regime_for(self.year)

    @property
    def settings(self):
        from dangbo.rules.ratings import RatingSettings

        return RatingSettings(self.quota_denominator, self.quota_rounding, self.enforce_unconfirmed)


class RatingStatus(models.TextChoices):
    NOT_RATED = "not_rated", _("Không xếp loại")
    PENDING = "pending", _("Chưa tự đánh giá")
    SELF = "self", _("Đã tự đánh giá")
    PROPOSED = "proposed", _("Chi bộ đã đề xuất")
    DECIDED = "decided", _("Đã quyết định")


class RatingBase(ScopedModel):
    """The steps shared by a member's and an organisation's rating."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    org_path = path_copy(index=False)
    rated = models.BooleanField(_("thuộc diện xếp loại"), default=True)
    not_rated_code = models.CharField(max_length=24, blank=True)
    not_rated_reason = models.TextField(_("lý do không xếp loại"), blank=True)
    not_rated_source = models.CharField(max_length=80, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=RatingStatus.choices,
                              default=RatingStatus.PENDING)
    self_level = models.PositiveSmallIntegerField(_("tự xếp loại"), choices=LEVEL_CHOICES, null=True, blank=True)
    self_points = models.PositiveSmallIntegerField(_("tự chấm điểm"), null=True, blank=True)
    self_comment = models.TextField(_("tự nhận xét"), blank=True)
    proposed_level = models.PositiveSmallIntegerField(_("mức đề xuất"), choices=LEVEL_CHOICES, null=True, blank=True)
    proposal_comment = models.TextField(_("nhận xét, đề xuất"), blank=True)
    proposed_by = by_user()
    level = models.PositiveSmallIntegerField(_("mức xếp loại"), choices=LEVEL_CHOICES, null=True, blank=True)
    decision_number = models.CharField(_("số quyết định, thông báo"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decided_by = by_user()
    decided_at = models.DateTimeField(null=True, blank=True)
    # Findings of the rules on the last proposed/decided level: [{code, message, source_key, blocking, cap}].
    findings = models.JSONField(default=list, blank=True)
    override_reason = models.TextField(_("lý do vượt cảnh báo"), blank=True)
    overridden_by = by_user()
    overridden_at = models.DateTimeField(null=True, blank=True)
    imported = models.BooleanField(_("nhập lại từ số liệu cũ"), default=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True

    @property
    def level_key(self) -> str | None:
        return LEVEL_KEYS.get(self.level) if self.level else None

    @property
    def is_locked(self) -> bool:
        return self.status == RatingStatus.DECIDED

    @property
    def blocking_findings(self) -> list[dict]:
        return [f for f in self.findings if f.get("blocking")]


class MemberRating(RatingBase):
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="ratings")
    # Where the member officially belongs on the review date (rated there, rules.md §1.4).
    organization = filed_under("+")
    host_organization = models.ForeignKey("organizations.Organization", null=True, blank=True,
                                          on_delete=models.PROTECT, related_name="+")
    host_comment = models.TextField(_("nhận xét của chi bộ nơi sinh hoạt tạm thời"), blank=True)
    # Facts the rules need that the register does not hold (rules.ratings.MemberFacts).
    disciplined = models.BooleanField(_("bị kỷ luật trong năm"), default=False)
    discipline_self_detected = models.BooleanField(_("vi phạm tự phát hiện, đã khắc phục"), default=False)
    sick_leave_months = models.DecimalField(_("số tháng nghỉ ốm"), max_digits=4, decimal_places=1, default=0)
    admitted_on = models.DateField(null=True, blank=True)

    Meta = model_meta(
        _("xếp loại đảng viên"),
        constraints=[models.UniqueConstraint(fields=["review", "member"], name="unique_member_rating")],
        indexes=[models.Index(fields=["year", "org_path"], name="mrating_year_path"),
                 models.Index(fields=["member", "year"], name="mrating_member_year"),
                 # The roll-up (queries.rollup) reads only this index, in path order, and counts as it goes.
                 models.Index(fields=["year", "org_path", "review", "level"], condition=Q(status="decided"),
                              name="mrating_decided_rollup")],
    )

    def __str__(self):
        return f"{self.member} – {self.year}"


class OrgRating(RatingBase):
    organization = filed_under("ratings")

    Meta = model_meta(
        _("xếp loại tổ chức đảng"),
        constraints=[models.UniqueConstraint(fields=["review", "organization"], name="unique_org_rating")],
        indexes=[models.Index(fields=["year", "org_path"], name="orating_year_path")],
    )

    def __str__(self):
        return f"{self.organization} – {self.year}"


class Commitment(ScopedModel):
    """Bản cam kết tu dưỡng, rèn luyện, phấn đấu of a member for a year."""

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="commitments")
    year = models.PositiveSmallIntegerField(_("năm"))
    org_path = path_copy(index=False)
    content = models.TextField(_("nội dung cam kết"))
    signed_on = models.DateField(_("ngày ký"))
    created_by = by_user()

    Meta = model_meta(
        _("bản cam kết"),
        constraints=[models.UniqueConstraint(fields=["member", "year"], name="unique_commitment")],
        indexes=[models.Index(fields=["year", "org_path"], name="commitment_year_path")],
    )

    def __str__(self):
        return f"Cam kết {self.year} – {self.member}"


class PublishedTotals(ScopedModel):
    """An organisation's published results of a year, where the per-member records are lost."""

    organization = filed_under("published_ratings")
    org_path = path_copy(index=False)
    year = models.PositiveSmallIntegerField(_("năm"))
    members_excellent = models.PositiveIntegerField(default=0)
    members_good = models.PositiveIntegerField(default=0)
    members_completed = models.PositiveIntegerField(default=0)
    members_not_completed = models.PositiveIntegerField(default=0)
    members_not_rated = models.PositiveIntegerField(default=0)
    orgs_excellent = models.PositiveIntegerField(default=0)
    orgs_good = models.PositiveIntegerField(default=0)
    orgs_completed = models.PositiveIntegerField(default=0)
    orgs_not_completed = models.PositiveIntegerField(default=0)
    self_level = models.PositiveSmallIntegerField(_("xếp loại của tổ chức"), choices=LEVEL_CHOICES, null=True,
                                                  blank=True)
    source_document = models.CharField(_("văn bản nguồn"), max_length=255)
    # A year before 2018 (its own scale, rules.rating_scales) or results published as shares only: the figures as
    # published, {"members": {grade: n or "85.5"}, "organizations": {...}, "self": grade}, never mapped onto the
    # four levels above (which then stay 0). Shares are percentages as text (exact), with their base when known.
    scale = models.CharField(_("thang xếp loại"), max_length=16, blank=True)
    figures = models.JSONField(default=dict, blank=True)
    as_shares = models.BooleanField(_("chỉ công bố tỷ lệ"), default=False)
    members_base = models.PositiveIntegerField(_("tổng số đảng viên được đánh giá"), null=True, blank=True)
    orgs_base = models.PositiveIntegerField(_("tổng số tổ chức được đánh giá"), null=True, blank=True)
    exemplary_within = models.BooleanField(_("số «tiêu biểu» nằm trong số «trong sạch, vững mạnh»"), default=True)
    findings = models.JSONField(default=list, blank=True)
    entered_by = by_user()
    entered_at = models.DateTimeField(auto_now_add=True)

    Meta = model_meta(
        _("kết quả đã công bố"),
        constraints=[models.UniqueConstraint(fields=["organization", "year"], name="unique_published")],
    )

    def __str__(self):
        return f"{self.organization} – {self.year} (số liệu công bố)"

    @property
    def as_published(self) -> bool:
        """Figures in the year's own scale or as shares: read `figures`, not the four count columns."""
        return bool(self.scale) or self.as_shares

    def counts(self, prefix: str) -> dict:
        return {k: getattr(self, f"{prefix}_{k}") for k in ("excellent", "good", "completed", "not_completed")}
