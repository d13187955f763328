"""Commendations (khen thưởng: Giấy khen, Bằng khen) proposed from the register and decided."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from dangbo.core.fields import decision_fields, filed_under
from dangbo.core.models import model_meta
from dangbo.core.scoped import FiledRecord


class Form(models.TextChoices):
    CERTIFICATE = "giay_khen", _("Giấy khen")
    MERIT = "bang_khen", _("Bằng khen")


class Basis(models.TextChoices):
    EXCELLENT_YEAR = "excellent_year", _("Hoàn thành xuất sắc nhiệm vụ trong năm")
    EXCELLENT_5 = "excellent_5", _("Hoàn thành xuất sắc nhiệm vụ 5 năm liền")
    EXEMPLARY_ORG = "exemplary_org", _("Trong sạch, vững mạnh tiêu biểu")
    EXEMPLARY_ORG_5 = "exemplary_org_5", _("Trong sạch, vững mạnh tiêu biểu 5 năm liền")
    OTHER = "other", _("Thành tích khác")


class Status(models.TextChoices):
    PROPOSED = "proposed", _("Đề nghị")
    DECIDED = "decided", _("Đã có quyết định")


class Commendation(FiledRecord):
    # The organisation that proposes it (scope); the recipient is a member or an organisation inside it.
    organization = filed_under("commendations", _("tổ chức đề nghị"))
    year = models.PositiveSmallIntegerField(_("năm"))
    member = models.ForeignKey("members.Member", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="commendations", verbose_name=_("cá nhân"))
    recipient_org = models.ForeignKey("organizations.Organization", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="commendations_received",
                                      verbose_name=_("tập thể"))
    form = models.CharField(_("hình thức"), max_length=10, choices=Form.choices)
    basis = models.CharField(_("thành tích"), max_length=16, choices=Basis.choices)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    decision_number, decision_date, issuer = decision_fields(_("cấp quyết định"))

    Meta = model_meta(_("khen thưởng"), ordering=["-year", "form", "id"])

    def __str__(self):
        return f"{self.get_form_display()} – {self.recipient_name}"

    @property
    def is_collective(self) -> bool:
        return self.recipient_org_id is not None

    @property
    def recipient_name(self) -> str:
        return self.recipient_org.name if self.recipient_org_id else (self.member.full_name if self.member_id else "")
