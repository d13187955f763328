"""Cross-cutting records: the audit ledger, role assignments, the working-day calendar, login throttling."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .fields import by_user, path_copy
from .scoped import ScopedManager


def model_meta(name, **options) -> type:
    """A model's Meta named in Vietnamese: a Vietnamese noun has no plural form, so one name serves as the
    singular and the plural (Django would add an English "s"). Other Meta options pass through."""
    return type("Meta", (), {"verbose_name": name, "verbose_name_plural": name, **options})


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    OFFICE = "office", _("Văn phòng cấp ủy")
    SECRETARY = "secretary", _("Bí thư chi bộ")
    MEMBER = "member", _("Đảng viên")
    READER = "reader", _("Cấp trên (chỉ xem)")


# Roles that may see sensitive dossier fields (CCCD, religion); each view of them is logged.
SENSITIVE_ROLES = {Role.ADMIN, Role.OFFICE}
WRITE_ROLES = {Role.ADMIN, Role.OFFICE, Role.SECRETARY}


class RoleAssignment(models.Model):
    """A user holds a role on an organisation and, through the tree, on its whole subtree."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices)
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, null=True, blank=True,
        related_name="role_assignments", verbose_name=_("tổ chức đảng"),
    )

    Meta = model_meta(
        _("phân quyền"),
        constraints=[
            models.UniqueConstraint(fields=["user", "role", "organization"], name="unique_role_assignment")
        ],
    )

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.organization or 'toàn hệ thống'}"


class AuditEvent(models.Model):
    """One append-only row per action, hash-chained so that a changed or deleted row is detected."""

    seq = models.BigIntegerField(unique=True)
    at = models.DateTimeField(db_index=True)
    # PROTECT: the user id is part of the hashed row, and the table refuses updates (migration 0003).
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    username = models.CharField(max_length=150, blank=True)
    request_id = models.CharField(max_length=64, blank=True, db_index=True)
    action = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    # The organisation path the event belongs to, so history pages can be scoped like everything else.
    org_path = models.CharField(max_length=255, blank=True, db_index=True)
    summary = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    Meta = model_meta(_("nhật ký thao tác"), ordering=["seq"])

    def __str__(self):
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"


class PathMove(models.Model):
    """A subtree that moved (a merge re-roots subordinate organisations): its old path prefix and its new one.

    Rows elsewhere follow the move (their org_path is rewritten), but audit events cannot: their org_path is
    part of the hash chain. Scopes read this table to show a moved subtree's earlier history to whoever now
    covers it, and new organisations never reuse a moved-away path, so that history never shows up under a
    stranger's organisation.
    """

    old_path = models.CharField(max_length=255, unique=True)
    new_path = models.CharField(max_length=255, db_index=True)
    moved_at = models.DateTimeField()

    Meta = model_meta(_("di chuyển nhánh tổ chức"))

    def __str__(self):
        return f"{self.old_path} → {self.new_path}"


class CalendarDay(models.Model):
    """An announced day off or make-up working day; extends the statutory calendar in dangbo.rules."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Ngày nghỉ lễ, tết")
        COMPENSATORY = "compensatory", _("Nghỉ bù")
        SWAPPED_OFF = "swapped_off", _("Nghỉ do hoán đổi")
        MAKEUP_WORKDAY = "makeup_workday", _("Ngày làm việc bù")

    date = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("tên"), max_length=200)
    source = models.CharField(_("văn bản"), max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("ngày nghỉ, ngày làm bù")
        verbose_name_plural = _("lịch ngày làm việc")

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.name}"


class LoginFailure(models.Model):
    """Failed logins, counted per username and per address to throttle guessing."""

    username = models.CharField(max_length=150, db_index=True)
    ip = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    via = models.CharField(max_length=8, blank=True, default="web")  # web, admin or api (core.throttle)
    refused = models.BooleanField(default=False)  # refused by the throttle: recorded, not counted

    def __str__(self):
        return f"{self.username} {self.ip} {self.at:%d/%m/%Y %H:%M}"


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang chạy")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Không thành công")


class Job(models.Model):
    """One background job (core/jobs.py): what it is, whose it is, where it got to. The queue itself is
    django-tasks' table (django_tasks_db); this row is what the pages and `dangbo jobs` show, written by the job
    in its own short transactions."""

    scope_path_field = "org_path"

    kind = models.CharField(_("loại"), max_length=64, db_index=True)
    label = models.CharField(_("công việc"), max_length=255)
    user = by_user()
    organization = models.ForeignKey("organizations.Organization", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    # Scoped like everything else; "" is a system job (seen by the administrator only).
    org_path = path_copy(blank=True)
    ref = models.CharField(max_length=64, blank=True, db_index=True)  # "import:12": the object it works on
    params = models.JSONField(default=dict, blank=True)
    task_id = models.CharField(max_length=64, blank=True)  # the django-tasks result row
    status = models.CharField(_("trạng thái"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED,
                              db_index=True)
    done = models.BigIntegerField(default=0)
    total = models.BigIntegerField(default=0)
    message = models.CharField(max_length=255, blank=True)  # the current step (a msgid, shown translated)
    error = models.TextField(blank=True)  # Vietnamese, for the user
    result = models.JSONField(default=dict, blank=True)  # {"summary": ..., "url": ..., "file": ...}
    worker = models.CharField(max_length=128, blank=True)  # "host:pid" of the worker running it
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager()

    Meta = model_meta(_("công việc chạy nền"), ordering=["-created_at", "-id"])

    def __str__(self):
        return f"#{self.pk} {self.label}"

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return min(100, int(self.done * 100 / self.total)) if self.total else 0

    @property
    def is_running(self) -> bool:
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)
