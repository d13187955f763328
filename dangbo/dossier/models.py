"""Dossier upkeep (quản lý hồ sơ đảng viên, HD 06-HD/TW §8) and party cards (thẻ đảng viên, Chỉ thị 51-CT/TW).

`Campaign` (the yearly phiếu bổ sung hồ sơ đảng viên of an organisation) with one `Supplement` per member on
the list when it was sent; `DossierReceipt` (the dossier of a transfer in has arrived); `Slip` (phiếu báo đảng
viên đã từ trần / ra khỏi Đảng, sent up with the dossier); `Loan` (giao nhận, mượn đọc hồ sơ); `PartyCard` (each
card a member held: series, number, dates, lost, exchanged, reissued); `Reconciliation` (a 6-monthly comparison
with the upper level's list: its figures and differences, nothing written to the register).
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dangbo.core.fields import filed_under, path_copy
from dangbo.core.models import model_meta
from dangbo.core.scoped import FiledRecord, ScopedModel
from dangbo.rules import dossier as rules


class Campaign(FiledRecord):
    organization = filed_under("supplement_campaigns", _("tổ chức đảng"))
    year = models.PositiveSmallIntegerField(_("năm"))
    sent_on = models.DateField(_("ngày phát phiếu"))
    due_on = models.DateField(_("hạn nộp phiếu"))
    note = models.TextField(_("ghi chú"), blank=True)

    Meta = model_meta(
        _("đợt bổ sung hồ sơ đảng viên"),
        ordering=["-year", "org_path", "id"],
        constraints=[models.UniqueConstraint(fields=["organization", "year"], name="dossier_campaign_once")],
    )

    def __str__(self):
        return _("Phiếu bổ sung hồ sơ đảng viên năm %(year)s") % {"year": self.year}

    def get_absolute_url(self) -> str:
        return reverse("dossier:campaign", args=[self.pk])


class State(models.TextChoices):
    SENT = "da_phat", _("Đã phát phiếu, chưa nộp")
    RETURNED = "da_nop", _("Đã nộp, chờ chi ủy kiểm tra")
    CHECKED = "da_kiem_tra", _("Chi ủy đã kiểm tra")
    APPLIED = "da_ghi", _("Đã ghi bổ sung vào hồ sơ")


class Supplement(ScopedModel):
    """One member's phiếu bổ sung of a campaign, filed under the member's chi bộ when it was sent."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="supplements")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="supplements")
    organization = filed_under("+", _("chi bộ"))
    org_path = path_copy(editable=False)
    state = models.CharField(_("tình trạng"), max_length=12, choices=State.choices, default=State.SENT)
    returned_on = models.DateField(_("ngày nộp"), null=True, blank=True)
    checked_on = models.DateField(_("ngày chi ủy kiểm tra"), null=True, blank=True)
    applied_on = models.DateField(_("ngày ghi vào hồ sơ"), null=True, blank=True)
    changes = models.JSONField(_("thay đổi khai trong phiếu"), default=dict, blank=True)
    note = models.TextField(_("nội dung khác (khen thưởng, kỷ luật, gia đình)"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["campaign", "org_path", "member__sort_key", "id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "member"], name="dossier_supplement_once")]

    def __str__(self):
        return _("Phiếu bổ sung hồ sơ năm %(year)s của %(name)s") % {"year": self.campaign.year,
                                                                     "name": self.member.full_name}

    def get_absolute_url(self) -> str:
        return reverse("dossier:supplement", args=[self.pk])


class DossierReceipt(ScopedModel):
    """The dossier of a member transferred in has arrived (the register's TRANSFER_IN event)."""

    event = models.OneToOneField("members.MemberEvent", on_delete=models.PROTECT, related_name="dossier_receipt")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    org_path = path_copy(editable=False)
    received_on = models.DateField(_("ngày nhận hồ sơ"))
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)


class SlipKind(models.TextChoices):
    DEATH = "tu_tran", _("Phiếu báo đảng viên đã từ trần")
    LEFT = "ra_khoi_dang", _("Phiếu báo đảng viên ra khỏi Đảng")


class Slip(ScopedModel):
    event = models.OneToOneField("members.MemberEvent", on_delete=models.PROTECT, related_name="slip")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    org_path = path_copy(editable=False)
    kind = models.CharField(_("loại phiếu báo"), max_length=14, choices=SlipKind.choices)
    number = models.CharField(pgettext_lazy("phiếu báo", "số phiếu"), max_length=60, blank=True)
    made_on = models.DateField(_("ngày lập phiếu báo"))
    sent_on = models.DateField(_("ngày gửi cùng hồ sơ lên cấp trên"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)


class LoanKind(models.TextChoices):
    LOAN = "muon", _("Mượn đọc hồ sơ")
    HANDOVER = "giao", _("Giao nhận hồ sơ")


class Loan(ScopedModel):
    """A line of the sổ theo dõi giao nhận hồ sơ và mượn đọc hồ sơ đảng viên."""

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    org_path = path_copy(editable=False)
    kind = models.CharField(_("loại"), max_length=6, choices=LoanKind.choices)
    person = models.CharField(_("người mượn / người nhận"), max_length=200)
    purpose = models.CharField(_("mục đích"), max_length=255, blank=True)
    lent_on = models.DateField(_("ngày giao"))
    due_on = models.DateField(_("hẹn trả"), null=True, blank=True)
    returned_on = models.DateField(_("ngày trả"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-lent_on", "-id"]


class Series(models.TextChoices):
    OLD = rules.OLD, _(rules.SERIES_LABELS[rules.OLD])
    CHIP_2025 = rules.CHIP_2025, _(rules.SERIES_LABELS[rules.CHIP_2025])


class CardState(models.TextChoices):
    ACTIVE = "dang_dung", _("Đang sử dụng")
    LOST = "mat", _("Báo mất, chưa cấp lại")
    REPLACED = "da_cap_lai", _("Đã mất, đã cấp lại")
    EXCHANGED = "da_doi", _("Đã đổi thẻ")


class PartyCard(ScopedModel):
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="party_cards")
    org_path = path_copy(editable=False)
    series = models.CharField(_("loại thẻ"), max_length=10, choices=Series.choices)
    number = models.CharField(_("số thẻ"), max_length=20)
    issued_on = models.DateField(_("ngày phát thẻ"))
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    state = models.CharField(_("tình trạng"), max_length=12, choices=CardState.choices, default=CardState.ACTIVE)
    lost_on = models.DateField(_("ngày báo mất"), null=True, blank=True)
    ended_on = models.DateField(_("ngày thôi sử dụng"), null=True, blank=True)
    replaces = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="replaced_by", verbose_name=_("thay cho thẻ"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["member", "issued_on", "id"]


class Reconciliation(FiledRecord):
    """A 6-monthly reconciliation against the upper level's list: the figures and the differences found."""

    organization = filed_under("dossier_reconciliations", _("tổ chức đảng"))
    done_on = models.DateField(_("ngày đối chiếu"))
    file_name = models.CharField(_("tệp danh sách cấp trên"), max_length=255)
    counts = models.JSONField(default=dict)
    diff = models.JSONField(default=dict)

    class Meta:
        ordering = ["-done_on", "-id"]

    def get_absolute_url(self) -> str:
        return reverse("dossier:reconciliation", args=[self.pk])
