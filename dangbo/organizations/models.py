"""The tree of party organisations, stored with a materialised path (ARCHITECTURE.md decision 3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dangbo.core.fields import by_user, decision_fields, filed_under, path_copy
from dangbo.core.models import model_meta
from dangbo.core.scoped import ChoiceLabels, ScopedModel
from dangbo.rules import reorganization as levels
from dangbo.rules.text import roman

# Each level adds STEP characters; "everything under X" is `path LIKE 'X%'`, one index range scan.
STEP = 4
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def encode_step(n: int) -> str:
    out = ""
    for _step in range(STEP):
        n, r = divmod(n, len(ALPHABET))
        out = ALPHABET[r] + out
    if n:
        raise ValueError("quá nhiều tổ chức trực thuộc một tổ chức")
    return out


class OrgKind(models.TextChoices):
    UPPER = "upper", _("Đảng bộ cấp trên cơ sở")
    GRASSROOTS_COMMITTEE = "grassroots_committee", _("Đảng bộ cơ sở")
    GRASSROOTS_CELL = "grassroots_cell", _("Chi bộ cơ sở")
    PARTIAL_COMMITTEE = "partial_committee", _("Đảng bộ bộ phận")
    CELL = "cell", _("Chi bộ trực thuộc")


GRASSROOTS_KINDS = {OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL}
CELL_KINDS = {OrgKind.GRASSROOTS_CELL, OrgKind.CELL}
# Which kinds may sit under which (Điều lệ Đảng, chương III).
ALLOWED_CHILDREN = {
    None: {OrgKind.UPPER, OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL},
    OrgKind.UPPER: {OrgKind.UPPER, OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL},
    OrgKind.GRASSROOTS_COMMITTEE: {OrgKind.PARTIAL_COMMITTEE, OrgKind.CELL},
    OrgKind.PARTIAL_COMMITTEE: {OrgKind.CELL},
    OrgKind.GRASSROOTS_CELL: set(),
    OrgKind.CELL: set(),
}


class OrgLevel(models.TextChoices):
    """The level of a đảng bộ cấp trên cơ sở, as named since the 2025 reorganisation (rules-2025-2026.md §1.1,
    §1.2): only a label and the dated rules of `dangbo.rules.reorganization`; the kind stays UPPER."""

    NONE = "", _("Đảng bộ cấp trên cơ sở")
    PROVINCE = levels.PROVINCE, _("Đảng bộ tỉnh, thành phố (Tỉnh ủy, Thành ủy)")
    DISTRICT = levels.DISTRICT, _("Đảng bộ huyện, quận, thị xã (cấp huyện, đến 30/6/2025)")
    COMMUNE = levels.COMMUNE, _("Đảng bộ xã, phường, đặc khu")
    BLOC = levels.BLOC, _("Đảng bộ Khối các cơ quan tỉnh")
    GOVERNMENT = levels.GOVERNMENT, _("Đảng bộ UBND tỉnh")
    PARTY_AGENCIES = levels.PARTY_AGENCIES, _("Đảng bộ các cơ quan Đảng tỉnh")


def allowed_children(parent) -> set:
    """The kinds that may sit directly under `parent` (None: the top): ALLOWED_CHILDREN narrowed by the level, since
    only a province has đảng bộ cấp trên cơ sở under it (a xã đảng ủy has its tổ chức cơ sở đảng directly under it,
    QĐ 298)."""
    if parent is None:
        return set(ALLOWED_CHILDREN[None])
    allowed = set(ALLOWED_CHILDREN[OrgKind(parent.kind)])
    if parent.kind == OrgKind.UPPER and not levels.holds_upper(parent.level):
        allowed.discard(OrgKind.UPPER)
    return allowed


class OrgStatus(models.TextChoices):
    ACTIVE = "active", _("Đang hoạt động")
    MERGED = "merged", _("Đã hợp nhất, sáp nhập")
    SPLIT = "split", _("Đã chia tách")
    DISSOLVED = "dissolved", _("Đã giải thể")
    ENDED = "ended", _("Đã kết thúc hoạt động")


class Organization(ScopedModel):
    scope_path_field = "path"

    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên tổ chức"), max_length=255)
    kind = models.CharField(_("loại hình"), max_length=24, choices=OrgKind.choices)
    level = models.CharField(_("cấp"), max_length=16, choices=OrgLevel.choices, default="", blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children", verbose_name=_("tổ chức cấp trên"))
    path = models.CharField(max_length=255, unique=True)
    depth = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(_("trạng thái"), max_length=12, choices=OrgStatus.choices, default=OrgStatus.ACTIVE)
    founded_on = models.DateField(_("ngày thành lập"), null=True, blank=True)
    ended_on = models.DateField(_("ngày kết thúc hoạt động"), null=True, blank=True)
    successor = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="predecessors", verbose_name=_("tổ chức kế tục"))
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    # Own members (not the subtree), kept by the member actions in the same transaction: a projection
    # of the event history, so subtree totals are a SUM over organisations, never a scan of members.
    official_count = models.PositiveIntegerField(_("đảng viên chính thức"), default=0)
    probationary_count = models.PositiveIntegerField(_("đảng viên dự bị"), default=0)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["official_count", "probationary_count", "version"])

    Meta = model_meta(_("tổ chức đảng"), ordering=["path"])

    def __str__(self):
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status == OrgStatus.ACTIVE

    @property
    def kind_label(self):
        """The kind as named now: the level of a đảng bộ cấp trên cơ sở when it has one, else the kind (a lazy
        label, read in the reader's language where it is shown)."""
        if self.kind == OrgKind.UPPER and self.level in OrgLevel.values and self.level:
            return OrgLevel(self.level).label
        return OrgKind(self.kind).label if self.kind in OrgKind.values else self.kind

    @property
    def is_grassroots(self) -> bool:
        return self.kind in GRASSROOTS_KINDS

    @property
    def is_cell(self) -> bool:
        return self.kind in CELL_KINDS

    @property
    def member_count(self) -> int:
        return self.official_count + self.probationary_count

    def ancestors(self):
        prefixes = [self.path[:i] for i in range(STEP, len(self.path), STEP)]
        return Organization.objects.filter(path__in=prefixes).order_by("path")

    def subtree(self):
        return Organization.objects.filter(path__startswith=self.path)


class OrgEvent(ChoiceLabels):
    """Founding, renaming, merging, splitting, dissolving: append-only, with the decision behind it."""

    class Kind(models.TextChoices):
        FOUNDED = "founded", _("Thành lập")
        RENAMED = "renamed", _("Đổi tên")
        MOVED = "moved", _("Chuyển trực thuộc")
        MERGED = "merged", _("Hợp nhất, sáp nhập")
        SPLIT = "split", _("Chia tách")
        DISSOLVED = "dissolved", _("Giải thể")
        ENDED = "ended", _("Kết thúc hoạt động")

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("sự kiện"), max_length=12, choices=Kind.choices)
    effective_date = models.DateField(_("ngày hiệu lực"))
    decision_number, decision_date, issuer = decision_fields()
    related = models.ManyToManyField(Organization, blank=True, related_name="related_events")
    data = models.JSONField(default=dict, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = by_user(related_name=None)

    Meta = model_meta(_("sự kiện của tổ chức"), ordering=["effective_date", "id"])

    def __str__(self):
        return f"{self.get_kind_display()} {self.organization} {self.effective_date:%d/%m/%Y}"


class TermOrigin(models.TextChoices):
    """How the body of a term came about (rules-2025-2026.md §5, CT 45): elected by the congress and approved
    (chuẩn y) by the upper level, or appointed (chỉ định) by the upper level's decision."""

    ELECTED = "elected", _("Đại hội bầu, cấp trên chuẩn y")
    APPOINTED = "appointed", _("Cấp trên chỉ định")


class Term(ScopedModel):
    """A nhiệm kỳ of an organisation's committee, made current only by the upper level's chuẩn y (rules.md §2.2)
    or appointment. Its committee on any date is `organizations.committee.committee_as_of`: the memberships of the
    term in force that day (the latest one approved or appointed on or before it)."""

    organization = filed_under("terms")
    org_path = path_copy()
    ordinal = models.PositiveSmallIntegerField(_("đại hội lần thứ"))
    start_year = models.PositiveSmallIntegerField(_("từ năm"))
    end_year = models.PositiveSmallIntegerField(_("đến năm"))
    congress_id = models.PositiveIntegerField(_("đại hội"), null=True, blank=True)  # congresses.Congress, no FK
    approval_number = models.CharField(_("số quyết định chuẩn y"), max_length=60)
    approval_date = models.DateField(_("ngày chuẩn y"))
    is_current = models.BooleanField(_("nhiệm kỳ hiện tại"), default=False)
    origin = models.CharField(_("hình thành"), max_length=10, choices=TermOrigin.choices, default=TermOrigin.ELECTED)
    approval_issuer = models.CharField(_("cơ quan quyết định"), max_length=200, blank=True)
    # The term's length as decided (a chi bộ's may be 2.5 years, Điều lệ Điều 10 and HD 06): read from data,
    # never assumed; empty for the terms recorded before it was kept (then the years say it).
    length_months = models.PositiveSmallIntegerField(_("thời gian nhiệm kỳ (tháng)"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    Meta = model_meta(_("nhiệm kỳ"), ordering=["organization", "-start_year"])

    def __str__(self):
        return f"{self.organization} khóa {self.ordinal} ({self.label})"

    @property
    def label(self) -> str:
        return f"{self.start_year}–{self.end_year}"

    @property
    def ordinal_roman(self) -> str:
        return roman(self.ordinal)

    @property
    def months(self) -> int:
        """The term's length in months: as recorded, else from its years."""
        return self.length_months or 12 * (self.end_year - self.start_year)

    @property
    def is_appointed(self) -> bool:
        return self.origin == TermOrigin.APPOINTED


class Position(models.TextChoices):
    SECRETARY = "bi_thu", _("Bí thư")
    DEPUTY = "pho_bi_thu", _("Phó Bí thư")
    STANDING = "uy_vien_btv", _("Ủy viên Ban Thường vụ")
    COMMITTEE = "cap_uy_vien", _("Cấp ủy viên")
    INSPECTION_CHAIR = "chu_nhiem_ubkt", _("Chủ nhiệm Ủy ban kiểm tra")
    INSPECTION = "uy_vien_ubkt", _("Ủy viên Ủy ban kiểm tra")


class ListedPerson(models.Model):
    """Abstract: a person named on a list (a committee, the convened, the candidates), by name as written there,
    linked to the member record when there is one."""

    member = models.ForeignKey("members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    full_name = models.CharField(_("họ và tên"), max_length=120)
    sort_key = models.CharField(max_length=255)

    class Meta:
        abstract = True

    def __str__(self):
        return self.full_name


# Secretary first, then deputies, standing, members, then the inspection committee.
POSITION_RANK = {Position.SECRETARY: 0, Position.DEPUTY: 1, Position.STANDING: 2, Position.COMMITTEE: 3,
                 Position.INSPECTION_CHAIR: 4, Position.INSPECTION: 5}
# Positions held as a member of the cấp ủy (the inspection committee's may be held by someone outside it).
COMMITTEE_POSITIONS = {Position.SECRETARY, Position.DEPUTY, Position.STANDING, Position.COMMITTEE}


class CommitteeChange(ScopedModel):
    """One decided change to a term's body concerning one person (rules-2025-2026.md §5; rules.md §2.2): elected and
    approved, appointed, approved between congresses, added, resigned, transferred out. Append-only; the
    memberships (`CommitteeMember`, from/to) are what these changes leave behind."""

    class Kind(models.TextChoices):
        ELECTED = "elected", _("Đại hội bầu, cấp trên chuẩn y")
        APPOINTED = "appointed", _("Chỉ định")
        APPROVED = "approved", _("Chuẩn y")
        ADDED = "added", _("Bổ sung")
        RESIGNED = "resigned", _("Thôi giữ chức, thôi tham gia")
        TRANSFERRED = "transferred", _("Chuyển công tác, chuyển sinh hoạt")

    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="changes")
    org_path = path_copy()
    kind = models.CharField(_("loại thay đổi"), max_length=12, choices=Kind.choices)
    member = models.ForeignKey("members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    full_name = models.CharField(_("họ và tên"), max_length=120)
    person_key = models.CharField(max_length=255)
    position = models.CharField(_("chức vụ"), max_length=16, choices=Position.choices, blank=True)
    effective_date = models.DateField(_("ngày hiệu lực"))
    decision_number, decision_date, issuer = decision_fields(_("cơ quan quyết định"))
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = by_user()

    Meta = model_meta(_("thay đổi cấp ủy"), ordering=["effective_date", "id"])

    def __str__(self):
        return f"{self.get_kind_display()} {self.full_name} {self.effective_date:%d/%m/%Y}"

    @property
    def starts(self) -> bool:
        return self.kind not in (self.Kind.RESIGNED, self.Kind.TRANSFERRED)


class CommitteeMember(ListedPerson):
    """One person's membership of a term's body in one position, from `start_date` (inclusive) to `end_date`
    (exclusive: the effective date of the change that ended it; empty while it lasts or until the term ends).
    A change of position ends one row and starts another on the same day."""

    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="committee")
    position = models.CharField(_("chức vụ"), max_length=16, choices=Position.choices)
    in_committee = models.BooleanField(_("cấp ủy viên"), default=True)
    rank = models.PositiveSmallIntegerField(default=0)  # secretary first, then deputies, standing, others
    person_key = models.CharField(max_length=255, blank=True)  # the member's id, else the name's search key
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)
    started_by = models.ForeignKey(CommitteeChange, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="started")
    ended_by = models.ForeignKey(CommitteeChange, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="ended")

    Meta = model_meta(_("thành viên cấp ủy"), ordering=["term", "rank", "sort_key"])

    def __str__(self):
        return f"{self.full_name} ({self.get_position_display()})"


class OrganizationMove(models.Model):
    """A whole organisation moved by one decision (rules-2025-2026.md §1.3): its subtree re-rooted under a new
    parent on the effective date, with every member in it. The current path is rewritten on the move; the tree as
    of an earlier date is derived from these rows (`organizations.history`), so every earlier figure stays as it
    was. A merge of one organisation into another writes one row per subordinate organisation it moves."""

    class Kind(models.TextChoices):
        MOVE = "move", _("Chuyển trực thuộc")
        MERGE = "merge", _("Hợp nhất, sáp nhập")

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="moves")
    kind = models.CharField(_("loại"), max_length=8, choices=Kind.choices, default=Kind.MOVE)
    old_parent = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("tổ chức cấp trên cũ"))
    new_parent = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("tổ chức cấp trên mới"))
    old_path = models.CharField(max_length=255, unique=True)
    new_path = models.CharField(max_length=255, unique=True)
    effective_date = models.DateField(_("ngày hiệu lực"), db_index=True)
    decision_number, decision_date, issuer = decision_fields(number_required=True)
    record = models.TextField(_("biên bản bàn giao"), blank=True)
    organizations_moved = models.PositiveIntegerField(default=0)
    members_moved = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = by_user()

    class Meta:
        ordering = ["effective_date", "id"]
        verbose_name = _("chuyển tổ chức theo quyết định")
        verbose_name_plural = _("chuyển tổ chức theo quyết định")

    def __str__(self):
        return f"{self.organization} {self.effective_date:%d/%m/%Y}"
