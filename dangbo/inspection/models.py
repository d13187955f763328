"""Inspection, supervision and discipline (kiểm tra, giám sát, kỷ luật đảng; QĐ 296-QĐ/TW and its HD 08).

A year's `Programme` of a cấp ủy, its ủy ban kiểm tra or a chi bộ with its `ProgrammeItem`s; each `Inspection`
(a kiểm tra or a giám sát, planned or not) with its decision, team, period, conclusion and follow-up; the
`Complaint`s and denunciations received and settled; and `InspectionDiscipline`, the link from a discipline
decision of the register (members.Discipline, or the EXPULSION event for khai trừ) to the inspection that led
to it. Every record is filed under the organisation whose body runs it (`org_path`).
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dangbo.core.fields import filed_under
from dangbo.core.models import model_meta
from dangbo.core.scoped import FiledRecord, ScopedQuerySet
from dangbo.rules import discipline as rules


class Body(models.TextChoices):
    COMMITTEE = "cap_uy", _("Cấp ủy (ban thường vụ)")
    COMMISSION = "ubkt", _("Ủy ban kiểm tra")
    BRANCH = "chi_bo", _("Chi bộ")


class Kind(models.TextChoices):
    INSPECTION = rules.INSPECTION, _("Kiểm tra")
    SUPERVISION = rules.SUPERVISION, _("Giám sát")


class Basis(models.TextChoices):
    REGULAR = rules.REGULAR, _("Thường xuyên")
    THEMATIC = rules.THEMATIC, _("Chuyên đề")
    SIGNS = rules.SIGNS, _("Khi có dấu hiệu vi phạm")


class Programme(FiledRecord):
    """Chương trình kiểm tra, giám sát năm of one body of an organisation."""

    organization = filed_under("inspection_programmes", _("tổ chức đảng"))
    body = models.CharField(_("cơ quan thực hiện"), max_length=8, choices=Body.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    document = models.CharField(_("số, ký hiệu chương trình"), max_length=60, blank=True)
    adopted_on = models.DateField(_("ngày ban hành"))
    note = models.TextField(_("ghi chú"), blank=True)

    Meta = model_meta(
        _("chương trình kiểm tra, giám sát"),
        ordering=["-year", "org_path", "body", "id"],
        constraints=[models.UniqueConstraint(fields=["organization", "body", "year"], name="programme_once")],
    )

    def __str__(self):
        return _("Chương trình kiểm tra, giám sát năm %(year)s của %(body)s") % {
            "year": self.year, "body": str(self.get_body_display()).lower()}

    def get_absolute_url(self) -> str:
        return reverse("inspection:programme", args=[self.pk])


class ProgrammeItem(models.Model):
    """One planned inspection or supervision of the programme (its subject, content, quarter)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    basis = models.CharField(_("hình thức"), max_length=14, choices=Basis.choices, default=Basis.THEMATIC)
    subject = models.CharField(_("đối tượng"), max_length=255)
    content = models.TextField(_("nội dung"))
    quarter = models.PositiveSmallIntegerField(_("quý"), null=True, blank=True)

    Meta = model_meta(_("nội dung chương trình kiểm tra, giám sát"), ordering=["programme", "quarter", "id"])

    def __str__(self):
        text = f"{self.get_kind_display()} {self.subject}"
        return _("%(item)s (quý %(quarter)s)") % {"item": text, "quarter": self.quarter} if self.quarter else text


class InspectionQuerySet(ScopedQuerySet):
    def open(self):
        return self.filter(concluded_on__isnull=True)


class Inspection(FiledRecord):
    """Một cuộc kiểm tra hoặc giám sát: by a body of `organization`, of an organisation or a member under it."""

    organization = filed_under("inspections", _("tổ chức đảng tiến hành"))
    body = models.CharField(_("cơ quan tiến hành"), max_length=8, choices=Body.choices)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    basis = models.CharField(_("hình thức"), max_length=14, choices=Basis.choices)
    programme_item = models.ForeignKey(ProgrammeItem, null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="inspections", verbose_name=_("theo chương trình"))
    subject_org = models.ForeignKey("organizations.Organization", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="inspected", verbose_name=_("tổ chức đảng được kiểm tra, giám sát"))
    subject_member = models.ForeignKey("members.Member", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="inspections", verbose_name=_("đảng viên được kiểm tra, giám sát"))
    subject_name = models.CharField(_("đối tượng"), max_length=255)
    content = models.TextField(_("nội dung"))
    decision_number = models.CharField(_("số quyết định"), max_length=60)
    decision_date = models.DateField(_("ngày quyết định"))
    signer = models.CharField(_("người ký"), max_length=120)
    team_leader = models.CharField(_("trưởng đoàn"), max_length=120)
    team = models.TextField(_("thành viên đoàn"), blank=True)
    period_from = models.DateField(_("tiến hành từ ngày"))
    period_to = models.DateField(_("đến ngày"))
    concluded_on = models.DateField(_("ngày kết luận"), null=True, blank=True)
    conclusion_number = models.CharField(_("số thông báo kết luận"), max_length=60, blank=True)
    conclusion = models.TextField(_("kết luận"), blank=True)
    violation_found = models.BooleanField(_("có vi phạm"), null=True, blank=True)
    violations = models.TextField(_("vi phạm, khuyết điểm"), blank=True)
    discipline_required = models.BooleanField(_("đến mức phải thi hành kỷ luật"), default=False)
    follow_up = models.TextField(_("yêu cầu, kiến nghị khắc phục"), blank=True)
    follow_up_due = models.DateField(_("hạn khắc phục"), null=True, blank=True)
    follow_up_done_on = models.DateField(_("ngày báo cáo khắc phục xong"), null=True, blank=True)
    follow_up_report = models.TextField(_("kết quả khắc phục"), blank=True)

    objects = InspectionQuerySet.as_manager()

    Meta = model_meta(
        _("cuộc kiểm tra, giám sát"),
        ordering=["-decision_date", "-id"],
        indexes=[models.Index(fields=["org_path", "decision_date"], name="inspection_path_date")],
    )

    def __str__(self):
        return f"{self.get_kind_display()} {self.subject_name} ({self.decision_number})"

    def get_absolute_url(self) -> str:
        return reverse("inspection:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.concluded_on is None

    @property
    def state_label(self) -> str:
        if self.is_open:
            return _("Đang tiến hành")
        return _("Kết luận có vi phạm") if self.violation_found else _("Kết luận không có vi phạm")


class ComplaintKind(models.TextChoices):
    COMPLAINT = "khieu_nai", _("Khiếu nại kỷ luật")
    DENUNCIATION = "to_cao", _("Tố cáo")


class Outcome(models.TextChoices):
    KEPT = "giu_nguyen", _("Giữ nguyên quyết định kỷ luật")
    CHANGED = "thay_doi", _("Thay đổi hình thức kỷ luật")
    ANNULLED = "huy", _("Hủy quyết định kỷ luật")
    TRUE = "dung", _("Tố cáo đúng")
    PARTLY_TRUE = "dung_mot_phan", _("Tố cáo đúng một phần")
    UNFOUNDED = "sai", _("Tố cáo sai, không có cơ sở")
    NOT_HANDLED = "khong_xem_xet", _("Không xem xét (quá hạn, nặc danh hoặc không đúng thẩm quyền)")


COMPLAINT_OUTCOMES = {Outcome.KEPT, Outcome.CHANGED, Outcome.ANNULLED, Outcome.NOT_HANDLED}
DENUNCIATION_OUTCOMES = {Outcome.TRUE, Outcome.PARTLY_TRUE, Outcome.UNFOUNDED, Outcome.NOT_HANDLED}


class Complaint(FiledRecord):
    """A complaint about a discipline decision, or a denunciation of a member or an organisation, received by a
    body of `organization` and settled there."""

    organization = filed_under("complaints", _("tổ chức đảng nhận, giải quyết"))
    body = models.CharField(_("cơ quan giải quyết"), max_length=8, choices=Body.choices)
    kind = models.CharField(_("loại"), max_length=10, choices=ComplaintKind.choices)
    received_on = models.DateField(_("ngày nhận"))
    sender = models.CharField(_("người gửi"), max_length=255)
    member = models.ForeignKey("members.Member", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="complaints", verbose_name=_("đảng viên liên quan"))
    subject_org = models.ForeignKey("organizations.Organization", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="denounced", verbose_name=_("tổ chức đảng bị tố cáo"))
    discipline = models.ForeignKey("members.Discipline", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="complaints", verbose_name=_("quyết định kỷ luật bị khiếu nại"))
    content = models.TextField(_("nội dung"))
    in_time = models.BooleanField(_("trong thời hạn khiếu nại"), default=True)
    settled_on = models.DateField(_("ngày giải quyết xong"), null=True, blank=True)
    outcome = models.CharField(_("kết quả"), max_length=16, choices=Outcome.choices, blank=True)
    result = models.TextField(_("nội dung giải quyết"), blank=True)

    Meta = model_meta(
        _("khiếu nại, tố cáo"),
        ordering=["-received_on", "-id"],
        indexes=[models.Index(fields=["org_path", "received_on"], name="complaint_path_date")],
    )

    def __str__(self):
        return _("%(kind)s ngày %(date)s (%(sender)s)") % {
            "kind": self.get_kind_display(), "date": f"{self.received_on:%d/%m/%Y}", "sender": self.sender}

    def get_absolute_url(self) -> str:
        return reverse("inspection:complaint", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.settled_on is None


class InspectionDiscipline(models.Model):
    """A discipline decision that followed an inspection's conclusion: the register's record (a Discipline, or
    the EXPULSION event for khai trừ) linked to the inspection."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="disciplines")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    form = models.CharField(_("hình thức kỷ luật"), max_length=12,
                            choices=[(f, rules.FORM_LABELS[f]) for f in rules.FORMS])
    discipline = models.OneToOneField("members.Discipline", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="inspection_link")
    expulsion = models.OneToOneField("members.MemberEvent", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="inspection_link")
    decided_on = models.DateField(_("ngày quyết định"))
    effective_on = models.DateField(_("ngày có hiệu lực"))
    created_at = models.DateTimeField(auto_now_add=True)

    Meta = model_meta(
        _("kỷ luật sau kiểm tra"),
        ordering=["inspection", "decided_on", "id"],
        constraints=[models.CheckConstraint(
            condition=models.Q(discipline__isnull=False, expulsion__isnull=True)
            | models.Q(discipline__isnull=True, expulsion__isnull=False), name="inspection_discipline_one_record")],
    )

    def __str__(self):
        return f"{self.get_form_display()} – {self.member} ({self.decided_on:%d/%m/%Y})"
