"""Imports: one ImportBatch per uploaded file, from the preview to the commit (issue 3).

The uploaded file is kept in DANGBO_DATA_DIR/imports/<id>/ so that the commit reads it again and
validates every row against the register as it is at commit time; the batch stores a summary of the
preview (counts and the first rows of each section) for the preview page, never the whole file.
"""

import os
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dangbo.core.fields import by_user, filed_under, path_copy
from dangbo.core.models import model_meta
from dangbo.core.scoped import ScopedModel


class ImportKind(models.TextChoices):
    MEMBERS = "members", _("Đảng viên")
    ORGANIZATIONS = "organizations", _("Tổ chức đảng")


class ImportStatus(models.TextChoices):
    READING = "reading", _("Đang đọc tệp")
    MAPPING = "mapping", _("Chờ ghép cột")
    PREVIEWED = "previewed", _("Đã xem trước, chưa ghi")
    COMMITTING = "committing", _("Đang ghi vào sổ")
    COMMITTED = "committed", _("Đã ghi vào sổ")
    FAILED = "failed", _("Không thành công")
    CANCELLED = "cancelled", _("Đã hủy")


RUNNING_STATUSES = {ImportStatus.READING, ImportStatus.COMMITTING}


class ImportBatch(ScopedModel):
    user = by_user(verbose_name=_("người nhập"))
    username = models.CharField(_("người nhập"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("thời điểm tải lên"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    organization = filed_under("+", _("nhập vào tổ chức"))
    # Copy of the target's path: the history page is scoped like every other list (scope.by_org_path).
    org_path = path_copy()
    kind = models.CharField(_("loại dữ liệu"), max_length=16, choices=ImportKind.choices, default=ImportKind.MEMBERS)
    file_name = models.CharField(_("tên tệp"), max_length=255)
    file_sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    file_size = models.BigIntegerField(_("dung lượng (byte)"), default=0)
    stored_file = models.CharField(max_length=255, blank=True)  # relative to DANGBO_DATA_DIR
    status = models.CharField(_("trạng thái"), max_length=12, choices=ImportStatus.choices,
                              default=ImportStatus.READING, db_index=True)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    message = models.TextField(_("thông báo"), blank=True)
    mapping = models.JSONField(_("ghép cột do người dùng chọn"), default=dict, blank=True)
    total_rows = models.PositiveIntegerField(_("số dòng"), default=0)
    created_count = models.PositiveIntegerField(_("thêm mới"), default=0)
    updated_count = models.PositiveIntegerField(_("cập nhật"), default=0)
    unchanged_count = models.PositiveIntegerField(_("không thay đổi"), default=0)
    error_count = models.PositiveIntegerField(_("dòng lỗi"), default=0)
    duplicate_count = models.PositiveIntegerField(_("nghi trùng trong tệp"), default=0)
    conversion_count = models.PositiveIntegerField(_("ô chuyển mã"), default=0)
    preview = models.JSONField(_("bản xem trước"), default=dict, blank=True)
    committed_at = models.DateTimeField(_("thời điểm ghi vào sổ"), null=True, blank=True)
    worker_pid = models.IntegerField(null=True, blank=True)

    Meta = model_meta(_("lần nhập dữ liệu"), ordering=["-created_at", "-id"])

    def __str__(self):
        return f"Lần nhập số {self.pk}: {self.file_name}"

    @property
    def source(self) -> str:
        """What each member event and history row written by this batch says about its origin."""
        return f"import:{self.pk}"

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING_STATUSES

    @property
    def file_path(self) -> Path | None:
        return Path(settings.DATA_DIR) / self.stored_file if self.stored_file else None

    def store_file(self, data: bytes):
        folder = Path(settings.DATA_DIR) / "imports" / str(self.pk)
        folder.mkdir(parents=True, exist_ok=True)
        safe = os.path.basename(self.file_name).replace("\x00", "") or "tep"
        (folder / safe).write_bytes(data)
        self.stored_file = str(Path("imports") / str(self.pk) / safe)
        ImportBatch.objects.filter(pk=self.pk).update(stored_file=self.stored_file)

    def read_file(self) -> bytes:
        path = self.file_path
        if path is None or not path.exists():
            raise FileNotFoundError(self.stored_file)
        return path.read_bytes()


class ImportUndo(models.Model):
    """What a chunked commit changed on an existing member, to put back if the import does not finish.

    On SQLite a long import is written in short transactions (pipeline/commit.py); until the batch is
    committed each updated member's previous values are kept here (CCCD and religion included, like the member
    row itself), and deleted when the batch is committed or rolled back.
    """
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="+")
    member_id = models.BigIntegerField()
    before = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("giá trị trước khi nhập")

    def __str__(self):
        return f"Lần nhập số {self.batch_id}, đảng viên {self.member_id}"
