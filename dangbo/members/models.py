"""Members: a dossier plus an append-only history of lifecycle events (ARCHITECTURE.md decision 4).

The member's current organisation and status are a projection of the events, written in the same
transaction by `dangbo.members.actions`; every event also stores the state it leaves behind, so that
"as of 31/12/2020" is the state after each member's last event on or before that date.
"""

from django.conf import settings
from django.db import models
from django.db.models import Func, Q, Value
from django.db.models.functions import Replace, Upper
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dangbo.core.fields import by_user, decision_fields, filed_under
from dangbo.core.models import model_meta
from dangbo.core.scoped import ChoiceLabels, ScopedModel, ScopedQuerySet
from dangbo.rules.discipline import Decider

DECIDER_CHOICES = Decider.CHOICES


class Gender(models.TextChoices):
    MALE = "M", _("Nam")
    FEMALE = "F", _("Nữ")


class Status(models.TextChoices):
    PROBATIONARY = "probationary", _("Dự bị")
    OFFICIAL = "official", _("Chính thức")
    TRANSFERRED_OUT = "transferred_out", _("Đã chuyển sinh hoạt đi")
    REMOVED = "removed", _("Đã xóa tên")
    EXPELLED = "expelled", _("Đã khai trừ")
    RESIGNED = "resigned", _("Đã ra khỏi Đảng")
    DECEASED = "deceased", _("Đã từ trần")


ACTIVE_STATUSES = {Status.PROBATIONARY, Status.OFFICIAL}
ENDED_STATUSES = {Status.REMOVED, Status.EXPELLED, Status.RESIGNED, Status.DECEASED}


class PoliticalTheory(models.TextChoices):
    NONE = "", _("Chưa qua đào tạo")
    ELEMENTARY = "so_cap", _("Sơ cấp")
    INTERMEDIATE = "trung_cap", _("Trung cấp")
    ADVANCED = "cao_cap", _("Cao cấp")
    BACHELOR = "cu_nhan", _("Cử nhân")


class LTrimZeros(Func):
    template = "LTRIM(%(expressions)s, '0')"
    output_field = models.CharField()


def card_number_key(name: str = "card_number"):
    """A card number as the data-quality duplicates compare it (dangbo.rules.quality.card_key): upper case, without
    spaces, dots, dashes and leading zeros. The index member_card_key holds it, so that grouping a million numbers
    by it reads the index in order instead of computing and hashing every row's key."""
    expr = Upper(name)
    for ch in (" ", ".", "-"):
        expr = Replace(expr, Value(ch), Value(""))
    return LTrimZeros(expr)


class MemberQuerySet(ScopedQuerySet):
    def scoped(self, scope, action: str = "read"):
        """Reading also reaches members hosted in the scope's organisations, and oneself."""
        return scope.members(self) if action == "read" else super().scoped(scope, action)


class Member(ScopedModel):
    objects = models.Manager.from_queryset(MemberQuerySet)()

    # -- lý lịch --------------------------------------------------------------------------------
    full_name = models.CharField(_("họ và tên"), max_length=120)
    birth_date = models.DateField(_("ngày sinh"))
    gender = models.CharField(_("giới tính"), max_length=1, choices=Gender.choices)
    ethnicity = models.CharField(_("dân tộc"), max_length=40, default="Kinh")
    religion = models.CharField(_("tôn giáo"), max_length=60, blank=True, default="Không")
    hometown = models.CharField(_("quê quán"), max_length=255, blank=True)
    residence = models.CharField(_("nơi thường trú"), max_length=255, blank=True)
    citizen_id = models.CharField(_("số CCCD"), max_length=12, null=True, blank=True, unique=True)
    card_number = models.CharField(_("số thẻ đảng viên"), max_length=20, null=True, blank=True, unique=True)
    workplace = models.CharField(_("đơn vị công tác"), max_length=255, blank=True)
    job_title = models.CharField(_("chức vụ"), max_length=120, blank=True)
    education = models.CharField(_("trình độ giáo dục phổ thông"), max_length=20, blank=True, default="12/12")
    qualification = models.CharField(_("trình độ chuyên môn"), max_length=120, blank=True)
    political_theory = models.CharField(_("lý luận chính trị"), max_length=12, blank=True,
                                        choices=PoliticalTheory.choices, default=PoliticalTheory.NONE)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    # -- kết nạp ----------------------------------------------------------------------------------
    admission_decision_date = models.DateField(_("ngày quyết định kết nạp"), null=True, blank=True)
    admission_decision_number = models.CharField(_("số quyết định kết nạp"), max_length=60, blank=True)
    ceremony_date = models.DateField(_("ngày lễ kết nạp"), null=True, blank=True)
    official_date = models.DateField(_("ngày chính thức"), null=True, blank=True)
    # -- projection of the event history ----------------------------------------------------------
    organization = filed_under("members", _("chi bộ, đảng bộ"))
    host_organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT,
                                          null=True, blank=True, related_name="hosted_members",
                                          verbose_name=_("nơi sinh hoạt tạm thời"))
    temporary_until = models.DateField(_("sinh hoạt tạm thời đến"), null=True, blank=True)
    # Copies of the two organisations' tree paths: scopes and subtree filters on a large register become
    # an index range on the member row itself, which the database can intersect with the name index.
    org_path = models.CharField(max_length=255, editable=False, default="")
    host_path = models.CharField(max_length=255, editable=False, default="", blank=True)
    status = models.CharField(_("tình trạng"), max_length=16, choices=Status.choices, db_index=True)
    is_exempted = models.BooleanField(_("miễn công tác và sinh hoạt"), default=False)
    is_suspended = models.BooleanField(_("đình chỉ sinh hoạt"), default=False)
    # Admission decision date moved forward by the months spent outside the Party (rules.md §3.3),
    # so that party age on any day is a date difference and lists can filter on it in SQL.
    party_age_start = models.DateField(_("tính tuổi đảng từ"), null=True, blank=True, db_index=True)
    left_on = models.DateField(_("ngày ra khỏi danh sách"), null=True, blank=True)
    # -- derived text keys (dangbo.rules.text) -------------------------------------------------------
    search_name = models.CharField(max_length=120, db_index=True, editable=False)
    sort_key = models.CharField(max_length=255, db_index=True, editable=False)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="member", verbose_name=_("tài khoản"))
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["search_name", "sort_key", "org_path", "host_path", "version",
                                                 "updated_at"])

    Meta = model_meta(
        _("đảng viên"),
        ordering=["sort_key", "id"],
        indexes=[
            models.Index(fields=["organization", "status"], name="member_org_status"),
            # The list in name order: a scope's rows are picked from the index itself (on PostgreSQL, which keeps the
            # included columns), a province's first page 21 -> 1 ms at 1 M (queries._ordered_rows reads ids first).
            models.Index(fields=["sort_key", "id"], name="member_sort_scope",
                         include=["org_path", "host_path", "status"]),
            models.Index(fields=["status", "sort_key", "id"], name="member_status_sort"),
            models.Index(fields=["org_path"], name="member_org_path"),
            models.Index(fields=["host_path"], name="member_host_path"),
            # Badge milestones (queries.badge_candidates): a subtree's official members by party age read in one
            # range, instead of every member of the register past the age ANDed with the subtree.
            models.Index(fields=["org_path", "party_age_start"], condition=Q(status="official"),
                         name="member_official_age"),
            # The data-quality duplicates (dangbo.quality.queries): same name and birth date, same card number
            # once normalised. Grouping a subtree's members by these reads the index in order (on PostgreSQL an
            # index-only scan: the subtree's path is carried in the index) instead of hashing every row.
            models.Index(fields=["full_name", "birth_date"], include=["org_path"], name="member_name_birth"),
            models.Index(card_number_key(), include=["card_number", "org_path"], name="member_card_key"),
        ],
    )

    def __str__(self):
        return self.full_name

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class EventKind(models.TextChoices):
    ADMISSION = "admission", _("Kết nạp")
    CEREMONY = "ceremony", _("Lễ kết nạp")
    RECOGNITION = "recognition", _("Công nhận đảng viên chính thức")
    TRANSFER = "transfer", _("Chuyển sinh hoạt đảng chính thức")
    TRANSFER_IN = "transfer_in", _("Chuyển sinh hoạt đến (từ ngoài hệ thống)")
    TRANSFER_OUT = "transfer_out", _("Chuyển sinh hoạt đi (ra ngoài hệ thống)")
    TEMPORARY = "temporary", _("Chuyển sinh hoạt tạm thời")
    TEMPORARY_END = "temporary_end", _("Kết thúc sinh hoạt tạm thời")
    EXEMPTION = "exemption", _("Miễn công tác và sinh hoạt đảng")
    EXEMPTION_END = "exemption_end", _("Thôi miễn công tác và sinh hoạt đảng")
    SUSPENSION = "suspension", _("Đình chỉ sinh hoạt đảng")
    REINSTATEMENT = "reinstatement", _("Phục hồi sinh hoạt đảng")
    REMOVAL = "removal", _("Xóa tên")
    EXPULSION = "expulsion", _("Khai trừ")
    RESIGNATION = "resignation", _("Xin ra khỏi Đảng")
    DEATH = "death", _("Từ trần")
    READMISSION = "readmission", _("Kết nạp lại")
    REORGANIZATION = "reorganization", _("Chuyển do sắp xếp tổ chức")


class MemberEvent(ChoiceLabels):
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("sự kiện"), max_length=16, choices=EventKind.choices)
    effective_date = models.DateField(_("ngày hiệu lực"))
    decision_number, decision_date, issuer = decision_fields()
    from_organization = models.ForeignKey("organizations.Organization", null=True, blank=True,
                                          on_delete=models.PROTECT, related_name="+", verbose_name=_("từ"))
    to_organization = models.ForeignKey("organizations.Organization", null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+", verbose_name=_("đến"))
    external_place = models.CharField(_("nơi đến / nơi đi ngoài hệ thống"), max_length=255, blank=True)
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    source = models.CharField(_("nguồn"), max_length=60, blank=True, default="manual")
    # The state this event leaves behind: the basis of every "as of" figure.
    org_after = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    host_after = models.ForeignKey("organizations.Organization", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    status_after = models.CharField(max_length=16, choices=Status.choices)
    exempted_after = models.BooleanField(default=False)
    suspended_after = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = by_user()

    Meta = model_meta(
        _("sự kiện sinh hoạt đảng"),
        ordering=["effective_date", "id"],
        indexes=[
            models.Index(fields=["member", "effective_date", "id"], name="event_member_date"),
            models.Index(fields=["kind", "effective_date"], name="event_kind_date"),
            # The movements of a year in a subtree (exchange.statistics.movements): the organisations under the
            # path (their path index), then each one's events of the year by these, not the register's year.
            models.Index(fields=["org_after", "effective_date"], name="event_org_date"),
            models.Index(fields=["from_organization", "effective_date"], name="event_from_org_date"),
        ],
    )

    def __str__(self):
        return f"{self.get_kind_display()} {self.effective_date:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        # Append-only: history is corrected by a new event, never by rewriting an old one.
        if self.pk and not kwargs.pop("allow_update", False):
            raise ValueError("Sự kiện sinh hoạt đảng đã ghi không được sửa.")
        super().save(*args, **kwargs)


class Badge(ChoiceLabels):
    """A Huy hiệu Đảng already awarded; used for the 'due badges' list."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="badges")
    years = models.PositiveSmallIntegerField(_("huy hiệu (năm tuổi đảng)"))
    awarded_on = models.DateField(_("ngày trao"))
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)

    Meta = model_meta(
        _("Huy hiệu Đảng"),
        ordering=["member", "years"],
        constraints=[models.UniqueConstraint(fields=["member", "years"], name="unique_badge")],
    )

    def __str__(self):
        return f"Huy hiệu {self.years} năm tuổi đảng – {self.member}"


class DisciplineForm(models.TextChoices):
    """Forms of party discipline of a member short of expulsion (Điều lệ Đảng, Điều 35); khai trừ is the
    lifecycle event EXPULSION, which ends membership. Values match dangbo.rules.badges."""

    REPRIMAND = "khien_trach", _("Khiển trách")
    WARNING = "canh_cao", _("Cảnh cáo")
    DISMISSAL = "cach_chuc", _("Cách chức")


class Discipline(ChoiceLabels):
    """A disciplinary decision against a member. The yearly rating reads it (a member disciplined in the
    year is rated Không hoàn thành nhiệm vụ, rules.md §1) and so does the Huy hiệu Đảng list (the wait after
    a discipline, rules.md §4.3). An annulled decision (withdrawn on appeal, or entered by mistake) is kept,
    with the reason, and no longer counts."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="disciplines")
    form = models.CharField(_("hình thức kỷ luật"), max_length=16, choices=DisciplineForm.choices)
    decided_on = models.DateField(_("ngày quyết định"))
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    issuer = models.CharField(_("cấp quyết định"), max_length=200, blank=True)
    violation = models.TextField(_("nội dung vi phạm"), blank=True)
    self_detected = models.BooleanField(_("tự phát hiện, tự báo cáo và đã chủ động khắc phục"), default=False)
    # QĐ 296-QĐ/TW (dangbo.rules.discipline): who decided, when a chi bộ announced its vote, and the effective
    # date the complaint window runs from (blank on records entered before: the decision's date).
    decider = models.CharField(_("cấp quyết định kỷ luật"), max_length=10, blank=True,
                               choices=DECIDER_CHOICES)
    announced_on = models.DateField(_("ngày công bố kết quả biểu quyết"), null=True, blank=True)
    effective_on = models.DateField(_("ngày có hiệu lực"), null=True, blank=True)
    annulled_on = models.DateField(_("ngày hủy"), null=True, blank=True)
    annul_reason = models.TextField(_("lý do hủy"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    Meta = model_meta(_("kỷ luật đảng viên"), ordering=["member", "decided_on", "id"])

    def __str__(self):
        return f"{self.get_form_display()} – {self.member} ({self.decided_on:%d/%m/%Y})"

    @property
    def is_in_force(self) -> bool:
        return self.annulled_on is None

    @property
    def takes_effect_on(self):
        return self.effective_on or self.decided_on


class NameWord(models.Model):
    """One word of a member's diacritic-free name, with the member's sort key: a search index of our own.

    Indexed on (word, sort_key, member), each word lists its members already in Vietnamese order, so a
    search walks the rarest word it was given in that order (dangbo.members.search) on SQLite and
    PostgreSQL alike. Kept by the member actions; bulk loaders call search.index_names().
    """

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+", db_index=False)
    word = models.CharField(max_length=40)
    sort_key = models.CharField(max_length=255)
    # The whole diacritic-free name, so a walk matches the other typed words without touching members.
    search_name = models.CharField(max_length=120)

    class Meta:
        indexes = [
            # INCLUDE makes the walk index-only on PostgreSQL; SQLite ignores it.
            models.Index(fields=["word", "sort_key", "member"], name="nameword_order", include=["search_name"]),
            models.Index(fields=["member"], name="nameword_member"),
        ]

    def __str__(self):
        return self.word


class ClosedPeriod(models.Model):
    """A date whose figures are closed (chốt số liệu): the register's state on it is kept in PeriodState
    (dangbo.members.closing), written when the period closes and kept right by the member actions."""

    on = models.DateField(_("ngày chốt số liệu"), unique=True)
    closed_at = models.DateTimeField(_("thời điểm chốt"))
    closed_by = by_user(_("người chốt"))

    Meta = model_meta(_("kỳ đã chốt số liệu"), ordering=["on"])

    def __str__(self):
        return f"{self.on:%d/%m/%Y}"


class PeriodState(models.Model):
    """Members on the list on a closed date whose home organisation is `organization` (not its subtree), by one
    breakdown (`dimension`: total, gender, ethnicity, …, age and party-age bands) and its value (`key`). A
    subtree's figure is the sum over the organisations under it as the tree stood that day."""

    on = models.DateField()
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    dimension = models.CharField(max_length=16)
    key = models.CharField(max_length=60, blank=True)
    official = models.PositiveIntegerField(default=0)
    probationary = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["on", "organization", "dimension", "key"],
                                               name="period_state_unique")]
        indexes = [models.Index(fields=["on", "dimension", "organization"], name="period_state_lookup")]

    def __str__(self):
        return f"{self.on:%d/%m/%Y} {self.organization_id} {self.dimension}={self.key}"
