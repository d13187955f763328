"""The admission pipeline: a quần chúng ưu tú (Candidate) in a chi bộ and the dated steps of their dossier."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from dangbo.core.fields import filed_under
from dangbo.core.models import model_meta
from dangbo.core.scoped import FiledRecord
from dangbo.members.models import Gender
from dangbo.rules.admission import EducationException


class CandidateStatus(models.TextChoices):
    PIPELINE = "pipeline", _("Đang bồi dưỡng, xem xét")
    ADMITTED = "admitted", _("Đã kết nạp")
    WITHDRAWN = "withdrawn", _("Đã đưa khỏi danh sách")


class Candidate(FiledRecord):
    """A person the unions or the chi bộ propose for admission; filed under the chi bộ that will admit them."""

    organization = filed_under("candidates", _("chi bộ"))
    full_name = models.CharField(_("họ và tên"), max_length=120)
    sort_key = models.CharField(max_length=255)
    search_name = models.CharField(max_length=120, db_index=True)
    birth_date = models.DateField(_("ngày sinh"))
    gender = models.CharField(_("giới tính"), max_length=1, choices=Gender.choices)
    citizen_id = models.CharField(_("số CCCD"), max_length=12, blank=True)
    education_grade = models.PositiveSmallIntegerField(_("lớp phổ thông đã hoàn thành (hệ 12 năm)"))
    education_exception = models.CharField(_("trường hợp đặc biệt về học vấn"), max_length=10, blank=True,
                                           choices=EducationException.CHOICES, default=EducationException.NONE)
    workplace = models.CharField(_("nơi công tác, học tập"), max_length=255, blank=True)
    residence = models.CharField(_("nơi cư trú"), max_length=255, blank=True)
    proposed_by = models.CharField(_("đoàn thể hoặc chi bộ giới thiệu"), max_length=255)
    proposed_on = models.DateField(_("ngày giới thiệu"))
    status = models.CharField(_("tình trạng"), max_length=10, choices=CandidateStatus.choices,
                              default=CandidateStatus.PIPELINE)
    # After the decision: the member record admit_member made (the candidate row is kept as the dossier).
    member = models.OneToOneField("members.Member", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="candidate", verbose_name=_("đảng viên"))
    note = models.TextField(_("ghi chú"), blank=True)

    Meta = model_meta(
        _("quần chúng ưu tú"),
        ordering=["sort_key", "id"],
        indexes=[models.Index(fields=["org_path", "status"], name="candidate_path_status")],
    )

    def __str__(self):
        return self.full_name

    @property
    def card_number(self) -> str:
        """Not a member yet: no card (the due-work export reads this of every person it lists)."""
        return ""

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("admission:detail", args=[self.pk])


class StepKind(models.TextChoices):
    CERTIFICATE = "certificate", _("Giấy chứng nhận lớp bồi dưỡng nhận thức về Đảng")
    APPLICATION = "application", _("Đơn xin vào Đảng")
    INTRODUCER = "introducer", _("Giấy giới thiệu của đảng viên chính thức")
    UNION_RESOLUTION = "union", _("Nghị quyết giới thiệu của đoàn thể")
    VERIFICATION = "verification", _("Thẩm tra lý lịch")
    COMMENT_WORK = "comment_work", _("Nhận xét của nơi công tác")
    COMMENT_RESIDENCE = "comment_home", _("Nhận xét của nơi cư trú")
    BRANCH_RESOLUTION = "branch", _("Nghị quyết đề nghị kết nạp của chi bộ")
    COMMITTEE_RESOLUTION = "committee", _("Nghị quyết của đảng ủy cơ sở")
    DECISION = "decision", _("Quyết định kết nạp")
    CEREMONY = "ceremony", _("Lễ kết nạp")


class Step(models.Model):
    """One dated step of a candidate's dossier with its document (số, ký hiệu; who issued it)."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("bước"), max_length=16, choices=StepKind.choices)
    on = models.DateField(_("ngày"))
    document = models.CharField(_("văn bản (số, ký hiệu)"), max_length=120, blank=True)
    issuer = models.CharField(_("cơ quan, người ban hành"), max_length=255, blank=True)
    # An introducer, or the member relative that makes the verification unnecessary.
    member = models.ForeignKey("members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("đảng viên"))
    months_known = models.PositiveSmallIntegerField(_("số tháng cùng công tác, cư trú"), null=True, blank=True)
    waived = models.BooleanField(_("không phải thẩm tra (có người thân là đảng viên)"), default=False)
    votes_for = models.PositiveSmallIntegerField(_("số tán thành"), null=True, blank=True)
    official_members = models.PositiveSmallIntegerField(_("số đảng viên chính thức"), null=True, blank=True)
    extended = models.BooleanField(_("được gia hạn 30 ngày làm việc"), default=False)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    Meta = model_meta(_("bước kết nạp"), ordering=["on", "id"])

    def __str__(self):
        return f"{self.get_kind_display()} ({self.on:%d/%m/%Y})"
