"""Congresses (đại hội), their elections with double-entered ballots and signed results, and meetings.

Every row carries the organisation's `org_path` so a scope is a prefix filter. Signed results are never
overwritten: a correction is a new ResultVersion (rules.md §2.8; issue 5 "Must hold").
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, pgettext_lazy

from dangbo.core.fields import by_user, decision_fields, filed_under, path_copy
from dangbo.core.models import model_meta
from dangbo.core.scoped import ScopedModel
from dangbo.organizations.models import ListedPerson
from dangbo.rules import elections as rules
from dangbo.rules.meetings import Mode
from dangbo.rules.text import Text, roman

MODE_CHOICES = [(value, _(label)) for value, label in Mode.CHOICES]  # the meeting's form, in the page's language


class CongressKind(models.TextChoices):
    MEMBERS = "members", _("Đại hội đảng viên")
    DELEGATES = "delegates", _("Đại hội đại biểu")


class CongressStatus(models.TextChoices):
    PREPARING = "preparing", _("Đang chuẩn bị")
    HELD = "held", _("Đã tổ chức")
    PAUSED = "paused", _("Tạm dừng, chờ ý kiến cấp trên")
    APPROVED = "approved", _("Đã chuẩn y")


class CongressContent(models.TextChoices):
    """The four contents of a congress (CT 45; rules-2025-2026.md §1.5); a congress may hold 3 or 2 of them."""

    REVIEW = "review", _("Tổng kết nhiệm kỳ, kiểm điểm cấp ủy, phương hướng nhiệm kỳ tới")
    UPPER_DOCUMENTS = "upper_documents", _("Thảo luận, góp ý dự thảo văn kiện của cấp trên")
    COMMITTEE = "committee", _("Bầu cấp ủy khóa mới")
    DELEGATES = "delegates", _("Bầu đoàn đại biểu dự đại hội cấp trên")


def all_contents() -> list[str]:
    return [c.value for c in CongressContent]


class Congress(ScopedModel):
    organization = filed_under("congresses", _("tổ chức đảng"))
    org_path = path_copy()
    kind = models.CharField(_("hình thức"), max_length=10, choices=CongressKind.choices, default=CongressKind.MEMBERS)
    ordinal = models.PositiveSmallIntegerField(_("lần thứ"))
    term_start = models.PositiveSmallIntegerField(_("nhiệm kỳ từ năm"))
    term_end = models.PositiveSmallIntegerField(_("nhiệm kỳ đến năm"))
    opened_on = models.DateField(_("ngày khai mạc"))
    closed_on = models.DateField(_("ngày bế mạc"), null=True, blank=True)
    place = models.CharField(_("địa điểm"), max_length=200, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=CongressStatus.choices,
                              default=CongressStatus.PREPARING)
    approval_number = models.CharField(_("số quyết định chuẩn y"), max_length=60, blank=True)
    approval_date = models.DateField(_("ngày chuẩn y"), null=True, blank=True)
    approval_issuer = models.CharField(_("cấp ủy chuẩn y"), max_length=200, blank=True)
    # Elections stopped awaiting the upper level's direction (the planned bí thư not elected; rules.elections
    # "elections.planned_not_elected"): why, while paused; the status to return to on resuming.
    pause_reason = models.CharField(_("lý do tạm dừng"), max_length=500, blank=True)
    paused_from = models.CharField(max_length=10, blank=True)
    # The unconfirmed rules (rules.md 2A.7, 2A.4) are settings of each congress, shown as unconfirmed.
    quorum = models.CharField(_("tỷ lệ có mặt tối thiểu (chưa xác nhận)"), max_length=8, blank=True,
                              choices=[("", _("Không đặt")), ("1/2", _("Quá một nửa")), ("2/3", _("Hai phần ba"))])
    tie_rule = models.CharField(_("khi bằng phiếu ở suất cuối (chưa xác nhận)"), max_length=20,
                                default=rules.TIE_NEXT_ROUND,
                                choices=[(rules.TIE_NEXT_ROUND, _("Bầu tiếp trong số những người bằng phiếu")),
                                         (rules.TIE_CONGRESS_DECIDES, _("Chỉ nêu, đại hội quyết định"))])
    contents = models.JSONField(_("nội dung đại hội"), default=all_contents, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    Meta = model_meta(_("đại hội"), ordering=["-opened_on", "-id"])

    @property
    def content_labels(self) -> list[str]:
        held = set(self.contents or [])
        return [c.label for c in CongressContent if c.value in held]

    @property
    def skipped_content_labels(self) -> list[str]:
        held = set(self.contents or [])
        return [c.label for c in CongressContent if c.value not in held]

    def __str__(self):
        return self.title

    @property
    def term_label(self) -> str:
        return f"{self.term_start}–{self.term_end}"

    @property
    def ordinal_roman(self) -> str:
        return roman(self.ordinal)

    @property
    def title(self) -> str:
        return f"Đại hội {self.organization.name} lần thứ {self.ordinal_roman}, nhiệm kỳ {self.term_label}"

    @property
    def settings(self) -> rules.ElectionSettings:
        from fractions import Fraction

        return rules.ElectionSettings(quorum=Fraction(self.quorum) if self.quorum else None, tie_rule=self.tie_rule)

    @property
    def committee_size(self) -> int | None:
        """Size of the committee elected (chi ủy / ban chấp hành, or the secretary of a small chi bộ); None
        until the upper level approves."""
        if self.status != CongressStatus.APPROVED:
            return None
        from dangbo.organizations.models import CommitteeMember

        # The committee as approved: memberships that started with the term (not the changes after it).
        return CommitteeMember.objects.filter(term__congress_id=self.pk, in_committee=True,
                                              start_date=models.F("term__approval_date")).count()


class DelegateKind(models.TextChoices):
    """How a delegate to the upper congress came to be one (CT 45; rules-2025-2026.md §1.5): counted apart."""

    ELECTED = "elected", _("Bầu")
    APPOINTED = "appointed", _("Chỉ định")
    EX_OFFICIO = "ex_officio", _("Đương nhiên")


class UpperDelegate(ScopedModel, ListedPerson):
    """A delegate of this congress's organisation to the upper congress: elected (from the signed delegate
    election), appointed by the upper level's decision, or ex officio (đương nhiên: the convening cấp ủy)."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="upper_delegates")
    org_path = path_copy()
    kind = models.CharField(_("hình thức"), max_length=12, choices=DelegateKind.choices)
    alternate = models.BooleanField(_("dự khuyết"), default=False)
    unit = models.CharField(_("đơn vị"), max_length=200, blank=True)
    decision_number, decision_date, issuer = decision_fields(_("cơ quan quyết định"))
    rank = models.PositiveIntegerField(default=0)

    Meta = model_meta(_("đại biểu dự đại hội cấp trên"), ordering=["congress", "alternate", "kind", "rank",
                                                                   "sort_key", "id"])


class Exclusion(models.TextChoices):
    """Who is convened but not counted in the base (QĐ 190 Điều 30; rules.md §2.3, §2A.3)."""

    NONE = "", "—"
    TEMPORARY = "temporary", _("Đang sinh hoạt tạm thời ở nơi khác")
    EXEMPTED = "exempted", _("Được miễn công tác và sinh hoạt đảng (chỉ trừ khi vắng mặt)")
    SUSPENDED = "suspended", _("Đình chỉ sinh hoạt, bị khởi tố, truy tố, tạm giam")


class Convened(ListedPerson):
    """One official member (or official delegate) convened, with attendance."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="convened")
    unit = models.CharField(_("đơn vị"), max_length=200, blank=True)
    exclusion = models.CharField(_("trường hợp trừ"), max_length=10, choices=Exclusion.choices, blank=True)
    present = models.BooleanField(_("có mặt"), default=True)
    absence_approved = models.BooleanField(_("vắng cả kỳ đại hội, có lý do được chấp nhận"), default=False)
    absence_reason = models.CharField(_("lý do vắng"), max_length=200, blank=True)

    Meta = model_meta(_("người được triệu tập"), ordering=["congress", "sort_key", "id"])

    @property
    def excluded_reason(self) -> str:
        """Why this person is not in the base ('' when counted)."""
        if self.exclusion in (Exclusion.TEMPORARY, Exclusion.SUSPENDED):
            return self.get_exclusion_display()
        # Texts: Vietnamese in the counting record, the page's language when shown.
        if self.exclusion == Exclusion.EXEMPTED and not self.present:
            return Text(gettext_noop("Được miễn sinh hoạt và vắng mặt"))
        if not self.present and self.absence_approved:
            reason = self.absence_reason.rstrip(": ")
            return Text(gettext_noop("Vắng mặt có lý do được chấp nhận: %(reason)s"), {"reason": reason}) if reason \
                else Text(gettext_noop("Vắng mặt có lý do được chấp nhận"))
        return ""


class ElectionStatus(models.TextChoices):
    DRAFT = "draft", _("Đang lập danh sách")
    COUNTING = "counting", _("Đang kiểm phiếu")
    SIGNED = "signed", _("Ban kiểm phiếu đã ký")


BODY_CHOICES = [(k, _(v)) for k, v in rules.BODY_LABELS.items()]  # read in the page's language


class Election(ScopedModel):
    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="elections")
    org_path = path_copy()
    body = models.CharField(_("bầu"), max_length=16, choices=BODY_CHOICES)
    seats = models.PositiveSmallIntegerField(_("số lượng cần bầu"))
    alternate_seats = models.PositiveSmallIntegerField(_("trong đó dự khuyết"), default=0)
    round = models.PositiveSmallIntegerField(_("lần bầu"), default=1)
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_rounds")
    status = models.CharField(_("trạng thái"), max_length=10, choices=ElectionStatus.choices,
                              default=ElectionStatus.DRAFT)
    by_totals = models.BooleanField(_("nhập tổng số phiếu kiểm bằng tay"), default=False)
    issued = models.PositiveIntegerField(_("số phiếu phát ra"), null=True, blank=True)
    totals = models.JSONField(_("số phiếu từng người (kiểm bằng tay)"), default=dict, blank=True)
    totals_valid = models.PositiveIntegerField(null=True, blank=True)
    totals_invalid = models.PositiveIntegerField(null=True, blank=True)
    board = models.JSONField(_("ban kiểm phiếu"), default=list, blank=True)  # [{"name":…, "member_id":…, "chair":…}]
    # Elected at the new committee's conference (ban thường vụ, bí thư…): the base is the committee members
    # convened there, not the congress (rules.elections "elections.conference_base", UNCONFIRMED).
    at_conference = models.BooleanField(_("bầu tại hội nghị cấp ủy khóa mới"), default=False)
    conference_members = models.PositiveSmallIntegerField(_("số cấp ủy viên được triệu tập"), null=True, blank=True)
    conference_present = models.PositiveSmallIntegerField(_("số cấp ủy viên có mặt"), null=True, blank=True)
    conference_excluded = models.JSONField(_("cấp ủy viên được trừ"), default=list, blank=True)  # [{"name", "reason"}]
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    Meta = model_meta(_("cuộc bầu cử"), ordering=["congress", "id"])

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        # A Text: Vietnamese as a str (audit, documents), the page's language when shown.
        body = Text(rules.BODY_LABELS[self.body])
        if self.round > 1:
            return Text(gettext_noop("Bầu %(body)s (lần %(round)s)"), {"body": body, "round": self.round})
        return Text(gettext_noop("Bầu %(body)s"), {"body": body})

    @property
    def locked(self) -> bool:
        return self.status == ElectionStatus.SIGNED

    @property
    def with_surplus(self) -> bool:
        """Struck-out ballots or đồng ý columns: the rules package decides (one copy of the surplus)."""
        return rules.with_surplus(self.candidates.count(), self.seats)

    def current_result(self):
        return self.results.order_by("-number").first()


class CandidateSource(models.TextChoices):
    COMMITTEE = "committee", _("Cấp ủy khóa đương nhiệm giới thiệu")
    FLOOR = "floor", _("Đề cử tại đại hội")
    SELF = "self", _("Tự ứng cử")


class Candidate(ListedPerson):
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidates")
    unit = models.CharField(_("đơn vị"), max_length=200, blank=True)
    source = models.CharField(_("nguồn"), max_length=10, choices=CandidateSource.choices,
                              default=CandidateSource.COMMITTEE)
    floor_approvals = models.PositiveIntegerField(_("số người đồng ý giới thiệu"), null=True, blank=True)

    class Meta:
        ordering = ["election", "sort_key", "id"]
        verbose_name = _("người trong danh sách bầu cử")
        verbose_name_plural = _("danh sách bầu cử")


class BallotEntry(models.Model):
    """One counter's reading of one paper ballot. Counters 1 and 2 enter independently; counter 0 is the board
    chair's resolution of a disagreement (or a correction after signing), newest revision wins."""

    CHAIR = 0
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="entries")
    number = models.PositiveIntegerField(pgettext_lazy("phiếu bầu", "số phiếu"))
    counter = models.PositiveSmallIntegerField(_("người nhập"))  # 1, 2, or 0 (chair)
    revision = models.PositiveIntegerField(default=0)
    # Candidate pks as sorted lists: one row per ballot, never one per name (1,600 × 200 must stay fast).
    kept = models.JSONField(null=True, blank=True)
    agree = models.JSONField(null=True, blank=True)
    disagree = models.JSONField(default=list, blank=True)
    issued_by_board = models.BooleanField(default=True)
    invalid_reason = models.CharField(max_length=200, blank=True)
    note = models.CharField(max_length=200, blank=True)
    entered_by = by_user()
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["election", "number", "counter", "revision"]
        constraints = [models.UniqueConstraint(fields=["election", "number", "counter", "revision"],
                                               name="congresses_ballot_entry_once")]

    def __str__(self):
        who = "trưởng ban" if self.counter == self.CHAIR else f"người nhập {self.counter}"
        return f"Phiếu số {self.number} ({who})"

    def reading(self) -> tuple:
        """What was read from the paper: equal readings agree."""
        return (tuple(self.kept) if self.kept is not None else None,
                tuple(self.agree) if self.agree is not None else None,
                tuple(self.disagree or ()), self.issued_by_board, self.invalid_reason.strip())


class ResultVersion(models.Model):
    """The board's signed result. Append-only: a correction after signing is the next number."""

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="results")
    number = models.PositiveSmallIntegerField(_("phiên bản"))
    data = models.JSONField()
    reason = models.TextField(_("lý do điều chỉnh"), blank=True)
    signed_by = by_user()
    signed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["election", "number"]
        constraints = [models.UniqueConstraint(fields=["election", "number"], name="congresses_result_once")]

    def __str__(self):
        return f"{self.election} – phiên bản {self.number}"


class MeetingKind(models.TextChoices):
    MONTHLY = "monthly", _("Sinh hoạt chi bộ thường kỳ")
    THEMATIC = "thematic", _("Sinh hoạt chuyên đề")
    ANNUAL = "annual", _("Hội nghị tổng kết")
    MIDTERM = "midterm", _("Hội nghị sơ kết")
    OTHER = "other", _("Hội nghị khác")


class Meeting(ScopedModel):
    organization = filed_under("meetings", _("tổ chức đảng"))
    org_path = path_copy()
    kind = models.CharField(_("loại"), max_length=10, choices=MeetingKind.choices, default=MeetingKind.MONTHLY)
    held_on = models.DateField(_("ngày họp"), db_index=True)
    mode = models.CharField(_("hình thức"), max_length=12, choices=MODE_CHOICES, default=Mode.IN_PERSON)
    title = models.CharField(_("tiêu đề"), max_length=200, blank=True)
    agenda = models.TextField(_("nội dung, chương trình"), blank=True)
    guests = models.TextField(_("khách mời"), blank=True)
    minutes = models.TextField(_("diễn biến (biên bản)"), blank=True)
    resolutions = models.TextField(_("nghị quyết, kết luận được thông qua"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = by_user()
    created_at = models.DateTimeField(auto_now_add=True)

    Meta = model_meta(_("cuộc họp"), ordering=["-held_on", "-id"])

    def __str__(self):
        return f"{self.get_kind_display()} {self.held_on:%d/%m/%Y}"


class MeetingAttendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    present = models.BooleanField(_("có mặt"), default=True)
    reason = models.CharField(_("lý do vắng"), max_length=200, blank=True)

    class Meta:
        ordering = ["meeting", "member__sort_key"]
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="congresses_attendance_once")]

    def __str__(self):
        return f"{self.member} – {'có mặt' if self.present else 'vắng'}"


class MeetingDay(ScopedModel):
    """A chi bộ's own meeting settings: the day of its regular monthly meeting (the 3rd unless set, HD 37) and
    whether it has tổ đảng (needed to meet by tổ đảng, HD 03-HD/TW)."""

    organization = models.OneToOneField("organizations.Organization", on_delete=models.PROTECT,
                                        related_name="meeting_day", verbose_name=_("tổ chức đảng"))
    org_path = path_copy()
    day = models.PositiveSmallIntegerField(_("ngày sinh hoạt thường kỳ hằng tháng"), default=3)
    has_party_groups = models.BooleanField(_("có tổ đảng"), default=False)
    note = models.CharField(_("ghi chú (căn cứ)"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1)

    Meta = model_meta(_("ngày sinh hoạt chi bộ"))

    def __str__(self):
        return f"{self.organization}: ngày {self.day} hằng tháng"


class PlanStatus(models.TextChoices):
    PLANNED = "planned", _("Đã gửi giấy mời")
    HELD = "held", _("Đã họp")
    CANCELLED = "cancelled", _("Đã hủy")


class MeetingPlan(ScopedModel):
    """A meeting planned before it is held: the date, agenda and documents sent to the members invited (the
    organisation's members as of the planned date). Once held, `meeting` is its minutes."""

    organization = filed_under("meeting_plans", _("tổ chức đảng"))
    org_path = path_copy()
    kind = models.CharField(_("loại"), max_length=10, choices=MeetingKind.choices, default=MeetingKind.MONTHLY)
    mode = models.CharField(_("hình thức"), max_length=12, choices=MODE_CHOICES, default=Mode.IN_PERSON)
    planned_on = models.DateField(_("ngày họp dự kiến"), db_index=True)
    time_place = models.CharField(_("giờ, địa điểm (hoặc đường dẫn họp trực tuyến)"), max_length=300, blank=True)
    title = models.CharField(_("tiêu đề"), max_length=200, blank=True)
    agenda = models.TextField(_("nội dung, chương trình"))
    documents = models.TextField(_("tài liệu gửi kèm (mỗi dòng một tài liệu: tên hoặc đường dẫn)"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.PLANNED)
    meeting = models.OneToOneField(Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="plan")
    version = models.PositiveIntegerField(default=1)
    created_by = by_user()
    created_at = models.DateTimeField(auto_now_add=True)

    Meta = model_meta(_("giấy mời sinh hoạt"), ordering=["-planned_on", "-id"])

    def __str__(self):
        return f"{self.get_kind_display()} dự kiến {self.planned_on:%d/%m/%Y}"

    def document_lines(self) -> list[str]:
        return [line.strip() for line in self.documents.splitlines() if line.strip()]


class MeetingInvitation(models.Model):
    """One member invited to a planned meeting: shown on their home page; e-mailed when they have an address
    and e-mail is configured (`emailed_to` the address it went to, empty when not sent)."""

    plan = models.ForeignKey(MeetingPlan, on_delete=models.CASCADE, related_name="invitations")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    emailed_to = models.CharField(_("gửi thư đến"), max_length=254, blank=True)
    email_error = models.CharField(_("lỗi gửi thư"), max_length=300, blank=True)

    class Meta:
        ordering = ["plan", "member__sort_key"]
        constraints = [models.UniqueConstraint(fields=["plan", "member"], name="congresses_invitation_once")]

    def __str__(self):
        return f"{self.member} – {self.plan}"
