"""Đảng phí: what each member owes (profile, reliefs, monthly obligations), what was paid (append-only
entries with receipt numbers), which months a chi bộ has closed, and what each level remitted upward.

Money is integer đồng (BigIntegerField) everywhere. Rows filed under an organisation carry its `org_path`
(ScopedModel), so a subtree's figures are one index range and merges rewrite them with the tree.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangbo.core.fields import by_user, filed_under, path_copy
from dangbo.core.scoped import ScopedModel
from dangbo.rules.dues import EXEMPT, REDUCE, rule_text
from dangbo.rules.dues_params import CATEGORIES, REGIME_01, REGIME_342, REGIME_LABELS

CATEGORY_CHOICES = [(k, _(v)) for k, v in CATEGORIES.items()]  # read in the page's language
REGIME_CHOICES = [(REGIME_342, REGIME_LABELS[REGIME_342]), (REGIME_01, REGIME_LABELS[REGIME_01])]


class Channel(models.TextChoices):
    CASH = "cash", _("Tiền mặt (phiếu thu)")
    PORTAL = "portal", _("Cổng Dịch vụ công quốc gia")
    CORRECTION = "correction", _("Điều chỉnh")


class AppendOnly(models.Model):
    """Rows of a sổ: written once, never edited (a correction is a new row). `save()` of an existing row is
    refused; `EDITABLE` names the fields a later step may fill once (a receipt's confirmation)."""

    EDITABLE: frozenset = frozenset()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        fields = kwargs.get("update_fields")
        if not self._state.adding and not (fields and set(fields) <= self.EDITABLE):
            raise ValueError(f"{self._meta.verbose_name}: một dòng đã ghi sổ không được sửa; hãy ghi khoản "
                             "điều chỉnh.")
        super().save(*args, **kwargs)


class DuesProfile(models.Model):
    """A member's category and base from `from_month` on (first day); the latest one on or before a month
    applies. Read through the member's scope (the profile follows the member when they move)."""

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="dues_profiles",
                               verbose_name=_("đảng viên"))
    from_month = models.DateField(_("áp dụng từ tháng"))
    category = models.CharField(_("đối tượng"), max_length=16, choices=CATEGORY_CHOICES)
    base = models.BigIntegerField(_("mức căn cứ (đồng)"), null=True, blank=True)
    region = models.PositiveSmallIntegerField(_("vùng lương tối thiểu"), null=True, blank=True)
    voluntary_amount = models.BigIntegerField(_("mức tự nguyện (đồng)"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["member", "from_month"]
        verbose_name = _("mức đóng đảng phí")
        constraints = [models.UniqueConstraint(fields=["member", "from_month"], name="dues_profile_member_month")]

    def __str__(self) -> str:
        category = _(CATEGORIES[self.category]) if self.category in CATEGORIES else self.category
        return _("%(category)s từ %(month)s") % {"category": category, "month": f"{self.from_month:%m/%Y}"}


class DuesRelief(models.Model):
    """An exemption or a 30/50/70% reduction decided with a document, for start..end (first days)."""

    KIND_CHOICES = [(EXEMPT, _("Miễn đóng")), (REDUCE, _("Giảm"))]
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="dues_reliefs",
                               verbose_name=_("đảng viên"))
    kind = models.CharField(_("loại"), max_length=8, choices=KIND_CHOICES)
    percent = models.PositiveSmallIntegerField(_("mức giảm (%)"))
    start = models.DateField(_("từ tháng"))
    end = models.DateField(_("đến tháng"))
    document = models.CharField(_("văn bản quyết định"), max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["member", "start"]
        verbose_name = _("miễn, giảm đảng phí")

    def __str__(self) -> str:
        label = _("Miễn") if self.kind == EXEMPT else _("Giảm %(percent)s%%") % {"percent": self.percent}
        return f"{label} {self.start:%m/%Y}–{self.end:%m/%Y} ({self.document})"


class DuesObligation(ScopedModel):
    """What one member owes for one month, computed by the regime of that month and filed under the chi bộ
    that collects it. `reason` records why an unpaid month is not an arrear (temporary exemption, deferral)."""

    # No index of its own on member: the unique (member, month) index below serves every lookup by member, and a
    # month's generation writes a million rows into each index of this table (issue 15).
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="dues_obligations",
                               db_index=False)
    organization = filed_under("dues_obligations")
    org_path = path_copy(index=False, editable=False)
    month = models.DateField(_("tháng"))
    amount = models.BigIntegerField(_("phải đóng (đồng)"))
    regime = models.CharField(_("chế độ"), max_length=4, choices=REGIME_CHOICES)
    category = models.CharField(_("đối tượng"), max_length=16, choices=CATEGORY_CHOICES, blank=True)
    rule_key = models.CharField(max_length=40, blank=True)
    rule = models.CharField(_("cách tính"), max_length=500, blank=True)
    base = models.BigIntegerField(null=True, blank=True)
    exempt = models.BooleanField(_("miễn đóng"), default=False)
    unconfirmed = models.BooleanField(_("dùng quy định chưa xác nhận"), default=False)
    problem = models.CharField(_("chưa tính được"), max_length=255, blank=True)
    reason = models.CharField(_("lý do chưa đóng"), max_length=255, blank=True)

    class Meta:
        ordering = ["org_path", "month", "id"]
        verbose_name = _("đảng phí phải đóng")
        constraints = [models.UniqueConstraint(fields=["member", "month"], name="dues_obligation_member_month")]
        indexes = [models.Index(fields=["org_path", "month"], name="dues_obl_path_month")]

    @property
    def rule_shown(self) -> str:
        """The stored (Vietnamese) rule read in the page's language."""
        return rule_text(self.rule)


class DuesPayment(AppendOnly, ScopedModel):
    """One append-only entry of the sổ thu: a payment for `month` booked in `book_month`. A correction is a new
    entry (negative or positive) pointing at the one it corrects; no entry is ever edited or deleted."""

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="dues_payments")
    organization = filed_under("dues_payments")
    org_path = path_copy(index=False, editable=False)
    month = models.DateField(_("đóng cho tháng"))
    book_month = models.DateField(_("vào sổ tháng"))
    amount = models.BigIntegerField(_("số tiền (đồng)"))
    channel = models.CharField(_("hình thức"), max_length=12, choices=Channel.choices)
    paid_on = models.DateField(_("ngày nộp"))
    receipt_year = models.PositiveSmallIntegerField(null=True, blank=True)
    receipt_number = models.PositiveIntegerField(_("số phiếu thu"), null=True, blank=True)
    portal_ref = models.CharField(_("mã giao dịch trên Cổng"), max_length=80, blank=True)
    corrects = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="corrections", verbose_name=_("điều chỉnh cho"))
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    source = models.CharField(max_length=40, blank=True)  # "import:<sha>" for a portal file
    recorded_by = by_user()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["org_path", "book_month", "id"]
        verbose_name = _("khoản thu đảng phí")
        constraints = [
            models.UniqueConstraint(fields=["organization", "receipt_year", "receipt_number"],
                                    condition=Q(receipt_number__isnull=False), name="dues_receipt_number"),
            models.UniqueConstraint(fields=["portal_ref"], condition=~Q(portal_ref=""), name="dues_portal_ref"),
        ]
        indexes = [models.Index(fields=["org_path", "book_month"], name="dues_pay_path_book"),
                   models.Index(fields=["member", "month"], name="dues_pay_member_month")]

    def __str__(self) -> str:
        return _("%(amount)s đồng tháng %(month)s") % {"amount": self.amount, "month": f"{self.month:%m/%Y}"}

    @property
    def receipt_label(self) -> str:
        return f"{self.receipt_number:04d}/{self.receipt_year}" if self.receipt_number else ""


class DuesMonth(ScopedModel):
    """A chi bộ's closed month: its obligations and its sổ entries are locked."""

    organization = filed_under("dues_months")
    org_path = path_copy(index=False, editable=False)
    month = models.DateField(_("tháng"))
    closed_at = models.DateTimeField(_("khóa sổ lúc"))
    closed_by = by_user()

    class Meta:
        verbose_name = _("tháng đã khóa sổ đảng phí")
        constraints = [models.UniqueConstraint(fields=["organization", "month"], name="dues_month_org_month")]


class Remittance(AppendOnly, ScopedModel):
    """What an organisation passed up for a month: collected, the share kept by the regime, the rest remitted.
    Written once; the receiving level fills `received` once; anything else is a RemittanceCorrection."""

    EDITABLE = frozenset({"received", "received_on"})

    organization = filed_under("dues_remittances")
    org_path = path_copy(index=False, editable=False)
    to_organization = models.ForeignKey("organizations.Organization", null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("tháng"))
    collected = models.BigIntegerField(_("số thu (đồng)"))
    percent_kept = models.PositiveSmallIntegerField(_("tỷ lệ để lại (%)"))
    kept = models.BigIntegerField(_("để lại (đồng)"))
    amount = models.BigIntegerField(_("nộp lên (đồng)"))
    rule_key = models.CharField(max_length=40)
    remitted_on = models.DateField(_("ngày nộp"))
    document = models.CharField(_("chứng từ"), max_length=255, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    # What the receiving level says it received (reconciliation top-down); empty until it confirms.
    received = models.BigIntegerField(_("cấp trên đã nhận (đồng)"), null=True, blank=True)
    received_on = models.DateField(_("ngày cấp trên nhận"), null=True, blank=True)

    class Meta:
        ordering = ["org_path", "month"]
        verbose_name = _("nộp đảng phí lên cấp trên")
        constraints = [models.UniqueConstraint(fields=["organization", "month"], name="dues_remit_org_month")]

    def __str__(self) -> str:
        return _("Nộp lên tháng %(month)s: %(amount)s đồng") % {"month": f"{self.month:%m/%Y}", "amount": self.amount}


class RemittanceSide(models.TextChoices):
    REMITTED = "remitted", _("Số cấp dưới nộp lên")
    RECEIVED = "received", _("Số cấp trên đã nhận")


class RemittanceCorrection(AppendOnly, ScopedModel):
    """A correction of a remittance, as a new entry: the remitting level corrects what it says it passed up, or
    the receiving level what it says it received (only once it has confirmed). The remittance row is never
    edited; the figures of its month are the row plus its corrections. Filed under the level whose book it is,
    booked in that level's open month of `on`."""

    remittance = models.ForeignKey(Remittance, on_delete=models.PROTECT, related_name="corrections",
                                   verbose_name=_("khoản nộp được điều chỉnh"))
    side = models.CharField(_("điều chỉnh số"), max_length=8, choices=RemittanceSide.choices)
    organization = filed_under("+")
    org_path = path_copy(index=False, editable=False)
    amount = models.BigIntegerField(_("số điều chỉnh (đồng)"))
    on = models.DateField(_("ngày điều chỉnh"))
    book_month = models.DateField(_("vào sổ tháng"))
    reason = models.CharField(_("lý do"), max_length=255)
    recorded_by = by_user()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["remittance", "id"]
        verbose_name = _("điều chỉnh khoản nộp đảng phí")
        indexes = [models.Index(fields=["org_path", "book_month"], name="dues_remcorr_path_book")]

    def __str__(self) -> str:
        return _("Điều chỉnh %(side)s: %(amount)s đồng") % {"side": str(self.get_side_display()).lower(),
                                                            "amount": self.amount}


class DuesTotal(ScopedModel):
    """Per organisation and month: `owed`, the sum of the month's obligations filed under it, and `collected`, the
    sum of its sổ's entries booked in the month. Kept by the actions that write those rows (dangbo/dues/totals.py),
    so a subtree's roll-up reads one row per organisation and month instead of every member's entries."""

    organization = filed_under("+")
    org_path = path_copy(index=False, editable=False)
    month = models.DateField(_("tháng"))
    owed = models.BigIntegerField(_("phải đóng (đồng)"), default=0)
    collected = models.BigIntegerField(_("đã thu (đồng)"), default=0)

    class Meta:
        verbose_name = _("tổng đảng phí tháng của tổ chức")
        constraints = [models.UniqueConstraint(fields=["organization", "month"], name="dues_total_org_month")]
        indexes = [models.Index(fields=["org_path", "month"], name="dues_total_path_month")]
