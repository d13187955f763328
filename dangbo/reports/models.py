"""Report documents written in dangbo (issue 12): a document of an organisation (the year-end report for now),
its narrative sections keyed by the standard headings (`sections.HEADINGS`), every saved version of a section,
and the workflow draft → approved by the cấp ủy → issued with a number from the document register."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from dangbo.core.fields import by_user, filed_under, path_copy
from dangbo.core.models import model_meta
from dangbo.core.scoped import FiledRecord, ScopedModel


class Kind(models.TextChoices):
    YEAR_END = "year_end", _("Báo cáo tổng kết năm")
    MID_YEAR = "mid_year", _("Báo cáo sơ kết 6 tháng")
    POLITICAL = "political", _("Báo cáo chính trị (đại hội)")
    COMMITTEE_REVIEW = "committee_review", _("Báo cáo kiểm điểm của cấp ủy (nhiệm kỳ)")
    CONSOLIDATED = "consolidated", _("Báo cáo tổng hợp của cấp trên (năm)")


class State(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    APPROVED = "approved", _("Cấp ủy đã thông qua")
    ISSUED = "issued", _("Đã ban hành")


class ReportDocument(FiledRecord):
    organization = filed_under("report_documents", _("cấp ủy, chi bộ"))
    kind = models.CharField(_("loại báo cáo"), max_length=20, choices=Kind.choices, default=Kind.YEAR_END)
    year = models.PositiveSmallIntegerField(_("năm"))
    # "" for a year; "6t" for the mid-year review; the new term «2020-2025» for the congress documents (year 2020).
    period = models.CharField(_("kỳ"), max_length=20, blank=True)
    state = models.CharField(_("trạng thái"), max_length=10, choices=State.choices, default=State.DRAFT)
    place = models.CharField(_("địa danh"), max_length=80, blank=True)
    conference_on = models.DateField(_("ngày hội nghị (ngày văn bản)"), null=True, blank=True)
    approved_on = models.DateField(_("ngày cấp ủy thông qua"), null=True, blank=True)
    approved_by = by_user(_("người ghi thông qua"), on_delete=models.PROTECT)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issued_by = by_user(_("người ban hành"), on_delete=models.PROTECT)
    signer = models.CharField(_("người ký"), max_length=120, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=40, blank=True)
    register_entry = models.OneToOneField("documents.Document", on_delete=models.PROTECT, null=True, blank=True,
                                          related_name="report", verbose_name=_("số trong sổ văn bản đi"))
    symbol = models.CharField(_("số, ký hiệu"), max_length=60, blank=True)
    issued_docx = models.BinaryField(_("tệp .docx đã ban hành"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-year", "organization_id", "id"]
        verbose_name = _("văn bản báo cáo")
        verbose_name_plural = _("văn bản báo cáo")
        constraints = [models.UniqueConstraint(fields=["organization", "kind", "year", "period"],
                                               name="unique_report_document")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.year} – {self.organization.name}"

    @property
    def frozen(self) -> bool:
        return self.state == State.ISSUED


class ReportSection(models.Model):
    document = models.ForeignKey(ReportDocument, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(_("mục"), max_length=40)
    text = models.TextField(_("nội dung"), blank=True)
    # The generated figure lines as they were when the document was issued (None: live, recomputed).
    figures = models.JSONField(_("số liệu đã chốt"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = by_user(on_delete=models.PROTECT)

    class Meta:
        ordering = ["document_id", "id"]
        constraints = [models.UniqueConstraint(fields=["document", "key"], name="unique_report_section")]

    def __str__(self):
        return f"{self.document} – {self.key}"


class SectionVersion(models.Model):
    """Every saved text of a section (append-only): number 1, 2, … per section."""

    section = models.ForeignKey(ReportSection, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    text = models.TextField(blank=True)
    saved_at = models.DateTimeField(auto_now_add=True)
    saved_by = by_user(on_delete=models.PROTECT)
    via = models.CharField(max_length=10, default="web")  # web | upload | cli | demo

    class Meta:
        ordering = ["section_id", "-number"]
        constraints = [models.UniqueConstraint(fields=["section", "number"], name="unique_section_version")]

    def __str__(self):
        return f"{self.section} – bản {self.number}"


# -- upper level consolidation (issue 12): what each organisation submits to the level above -------------------
class SubmissionState(models.TextChoices):
    DRAFT = "draft", _("Chưa nộp")
    SUBMITTED = "submitted", _("Đã nộp, chờ cấp trên xem")
    ACCEPTED = "accepted", _("Cấp trên đã nhận")
    RETURNED = "returned", _("Cấp trên trả lại")


class Submission(FiledRecord):
    """An organisation's year figures (and its report document) submitted to the level above. `figures` is the
    snapshot of `data.build` taken at submission (`consolidation.snapshot`): what the upper level consolidates,
    frozen, whatever changes in the register afterwards. `upper` is the level above when it was submitted."""

    organization = filed_under("report_submissions", _("tổ chức nộp"))
    upper = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("cấp trên nhận"))
    kind = models.CharField(_("loại báo cáo"), max_length=20, choices=Kind.choices, default=Kind.YEAR_END)
    year = models.PositiveSmallIntegerField(_("năm"))
    state = models.CharField(_("trạng thái"), max_length=10, choices=SubmissionState.choices,
                             default=SubmissionState.DRAFT)
    figures = models.JSONField(_("số liệu đã nộp"), null=True, blank=True)
    document = models.ForeignKey(ReportDocument, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="submissions", verbose_name=_("văn kiện báo cáo kèm theo"))
    submitted_at = models.DateTimeField(_("lúc nộp"), null=True, blank=True)
    submitted_by = by_user(_("người nộp"), on_delete=models.PROTECT)
    decided_at = models.DateTimeField(_("lúc cấp trên xem"), null=True, blank=True)
    decided_by = by_user(_("người nhận hoặc trả lại"), on_delete=models.PROTECT)
    comment = models.TextField(_("ý kiến của cấp trên"), blank=True)
    times = models.PositiveSmallIntegerField(_("số lần nộp"), default=0)

    class Meta:
        ordering = ["-year", "organization_id", "id"]
        verbose_name = _("báo cáo nộp cấp trên")
        verbose_name_plural = _("báo cáo nộp cấp trên")
        constraints = [models.UniqueConstraint(fields=["organization", "kind", "year"], name="unique_submission")]
        indexes = [models.Index(fields=["upper", "year", "kind"], name="submission_upper_year")]

    def __str__(self):
        return f"{self.organization.name} nộp {self.get_kind_display().lower()} {self.year}"


# -- typed figures (issue 12): what real reports carry that the register does not hold --------------------------
class TypedFigure(models.Model):
    """A figure the office enters for a report document (học tập nghị quyết: sessions, the share of members
    attending; party cards issued; training classes; …): its label, value, unit, period and source. Shown in its
    section after the computed figures, «as entered», marked and with its source; never added to a computed one.
    Changed only while the document is a draft (`actions.save_figure`, `actions.remove_figure`)."""

    document = models.ForeignKey(ReportDocument, on_delete=models.CASCADE, related_name="typed_figures")
    section = models.CharField(_("mục"), max_length=40)
    label = models.CharField(_("nội dung số liệu"), max_length=255)
    value = models.DecimalField(_("giá trị"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("đơn vị tính"), max_length=30)
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    source = models.CharField(_("nguồn số liệu"), max_length=255)
    order = models.PositiveSmallIntegerField(default=0)
    entered_at = models.DateTimeField(_("lúc nhập"), auto_now=True)
    entered_by = by_user(_("người nhập"), on_delete=models.PROTECT)

    class Meta:
        ordering = ["document_id", "section", "order", "id"]
        verbose_name = _("số liệu nhập tay")
        verbose_name_plural = _("số liệu nhập tay")

    def __str__(self):
        return f"{self.label} = {self.value} {self.unit}"

    @property
    def value_shown(self) -> str:
        """12 buổi; 95,5% (reports/typed.py)."""
        from .typed import value_text

        return value_text(self.value, self.unit)


# (key, the column's Vietnamese header): the model's count fields, in the order of the results table.
FIGURES: tuple[tuple[str, str], ...] = (
    ("members_start", "Đảng viên đầu năm"),
    ("members_total", "Đảng viên cuối năm"),
    ("members_official", "Chính thức cuối năm"),
    ("members_probationary", "Dự bị cuối năm"),
    ("admitted", "Kết nạp mới"),
    ("recognised", "Công nhận chính thức"),
    ("transferred_in", "Chuyển đến"),
    ("transferred_out", "Chuyển đi"),
    ("removed", "Xóa tên"),
    ("expelled", "Khai trừ"),
    ("deceased", "Từ trần"),
    ("commitments", "Bản cam kết"),
    ("not_rated", "Không xếp loại"),
    ("cells", "Chi bộ trực thuộc"),
    ("commended_collectives", "Tập thể được khen"),
    ("commended_five_years", "ĐV HTXSNV 5 năm liền được khen"),
    ("commended_members", "ĐV khác được khen"),
)
FIGURE_KEYS = tuple(k for k, _label in FIGURES)


def _count(label) -> models.PositiveIntegerField:
    """A published count: empty when the report did not publish it (unknown, never 0)."""
    return models.PositiveIntegerField(label, null=True, blank=True)


class PublishedFigures(ScopedModel):
    """An organisation's figures of a year as published in its report (`source_document`), for a year the register
    does not cover (an office that starts using dangbo in 2026 has no register for 2019–2024). A figure left empty
    was not published (never read as 0). The year-end report of such a year shows them «theo số liệu đã công bố»
    with their source, never added to computed ones (data.py). The rating counts of the year stay in
    evaluations.PublishedTotals. Written by `published.record_published_figures` and the results table import."""

    organization = filed_under("published_figures", _("tổ chức đảng"))
    org_path = path_copy(index=False)
    year = models.PositiveSmallIntegerField(_("năm"))
    members_start = _count(_("đảng viên đầu năm"))
    members_total = _count(_("đảng viên cuối năm"))
    members_official = _count(_("đảng viên chính thức cuối năm"))
    members_probationary = _count(_("đảng viên dự bị cuối năm"))
    admitted = _count(_("kết nạp mới"))
    recognised = _count(_("công nhận đảng viên chính thức"))
    transferred_in = _count(_("chuyển đến"))
    transferred_out = _count(_("chuyển đi"))
    removed = _count(_("xóa tên"))
    expelled = _count(_("khai trừ"))
    deceased = _count(_("từ trần"))
    commitments = _count(_("bản cam kết"))
    not_rated = _count(_("đảng viên không xếp loại"))
    not_rated_reasons = models.TextField(_("lý do không xếp loại"), blank=True)
    cells = _count(_("chi bộ trực thuộc"))
    commended_collectives = _count(_("tập thể được khen thưởng"))
    commended_five_years = _count(_("đảng viên hoàn thành xuất sắc nhiệm vụ 5 năm liền được khen thưởng"))
    commended_members = _count(_("đảng viên khác được khen thưởng"))
    source_document = models.CharField(_("văn bản nguồn"), max_length=255)
    warnings = models.JSONField(default=list, blank=True)
    entered_by = by_user(verbose_name=_("người nhập"))
    entered_at = models.DateTimeField(_("lúc nhập"), auto_now=True)

    Meta = model_meta(
        _("số liệu đã công bố"),
        constraints=[models.UniqueConstraint(fields=["organization", "year"], name="unique_published_figures")],
        indexes=[models.Index(fields=["year", "org_path"], name="published_figures_year_path")],
    )

    def __str__(self):
        return f"{self.organization} – {self.year} (số liệu đã công bố)"
