"""An import batch's life: previewed → committing → committed, failed or cancelled.

Every change of state is an action here (write scope checked again, one transaction, one audit event), called by
the web pages, the background jobs, the CLI and both kinds' commits. Writing a preview's summary
(`store_preview`) and recording a preview made outside the pages (`batch_for`) are the preview's own steps.
"""

from __future__ import annotations

import os

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangbo.core import audit
from dangbo.core.actions import audited_action, unchanged, writes
from dangbo.core.i18n import in_vietnamese
from dangbo.core.scopes import WRITE, scope_for
from dangbo.organizations.models import Organization

from ..models import RUNNING_STATUSES, ImportBatch, ImportStatus, ImportUndo
from .rows import Preview, id_ranges


def batch_for(pv: Preview, actor) -> ImportBatch:
    """The batch record of a preview made without one (tests, the CLI): created outside the transaction."""
    if pv.batch is None:
        pv.batch = ImportBatch.objects.create(
            user=actor if getattr(actor, "pk", None) else None, username=getattr(actor, "username", "") or "",
            organization=pv.target_org, org_path=pv.target_org.path, kind=pv.kind,
            file_name=pv.file_name or "(không tên)", file_sha256=pv.file_sha256, file_size=pv.file_size,
            status=ImportStatus.PREVIEWED)
        store_preview(pv.batch, pv)
    return pv.batch


def stored_summary(pv: Preview) -> dict:
    """The preview's summary as the batch keeps it: plain JSON, labels in Vietnamese (lazy labels as text)."""
    return in_vietnamese(audit.to_jsonable)(pv.summary())


def store_preview(batch: ImportBatch, pv: Preview, status: str = ImportStatus.PREVIEWED):
    c = pv.counts
    batch.total_rows, batch.created_count, batch.updated_count = c["total"], c["created"], c["updated"]
    batch.unchanged_count, batch.error_count, batch.duplicate_count = c["unchanged"], c["errors"], c["duplicates"]
    batch.conversion_count = c["conversions"]
    batch.preview = stored_summary(pv)
    batch.status = status
    batch.progress = 100
    batch.save()


def committable(batch: ImportBatch) -> ImportBatch:
    """Refuse a batch that was already written, cancelled, or never previewed."""
    if batch.status == ImportStatus.COMMITTED:
        raise ValidationError(_("Lần nhập số %(pk)s đã được ghi vào sổ."), params={"pk": batch.pk})
    if batch.status == ImportStatus.CANCELLED:
        raise ValidationError(_("Lần nhập số %(pk)s đã bị hủy."), params={"pk": batch.pk})
    if batch.status in (ImportStatus.READING, ImportStatus.MAPPING):
        raise ValidationError(_("Lần nhập số %(pk)s chưa có bản xem trước; hãy xem trước rồi mới ghi vào sổ."),
                              params={"pk": batch.pk})
    return batch


def _denied(batch: ImportBatch, **_arguments) -> str:
    return _("Bạn không có quyền nhập dữ liệu vào %(org)s.") % {"org": batch.organization.name}


ON_BATCH = writes(lambda batch, **_: batch.org_path, _denied)


def _writes_what_it_writes(actor, batch: ImportBatch, pv: Preview, **_):
    """The commit's last step re-checks the write scope of every organisation the batch wrote into, as they are
    now (the batch's target, each written row's organisation and a founded organisation's parent): a role
    withdrawn or an organisation moved during a long commit refuses it, and the caller rolls back."""
    if actor is None:
        return
    ids = set()
    for r in pv.rows:
        if r.action in ("create", "update"):
            for org in (r.org, r.data.get("parent")):
                if isinstance(org, Organization):
                    ids.add(org.pk)
    scope = scope_for(actor)
    scope.require(WRITE, batch.org_path, _denied(batch))
    for org in Organization.objects.filter(pk__in=sorted(ids)).only("pk", "name", "path"):
        scope.require(WRITE, org.path, f"Bạn không có quyền nhập dữ liệu vào {org.name}.")


def _starter_or_writer(actor, batch: ImportBatch, **_):
    """Recording the failure of one's own import is allowed even after losing the role (else the batch would stay
    "committing" until the stale-job sweep); anyone else must write in the batch's organisation."""
    if actor is None or (batch.user_id is not None and batch.user_id == actor.pk):
        return
    scope_for(actor).require(WRITE, batch.org_path, _denied(batch))


def _data(batch: ImportBatch, data: dict | None = None) -> dict:
    return {"batch": batch.pk, "file_name": batch.file_name, **(data or {})}


def _claim(batch: ImportBatch, from_statuses, **fields) -> bool:
    """The batch from one of `from_statuses` to `fields["status"]` by one conditional UPDATE; False when another
    request or job moved it first (the state changed since the page was shown): the action then records
    nothing (`unchanged`)."""
    if not ImportBatch.objects.filter(pk=batch.pk, status__in=list(from_statuses)).update(**fields):
        return False
    batch.status = fields["status"]
    return True


@audited_action("import.start", scope=ON_BATCH)
def start_commit(actor, batch: ImportBatch, *, from_statuses=(ImportStatus.PREVIEWED, ImportStatus.FAILED)) -> bool:
    """previewed (or failed, to try again) → committing, claimed by this process; False if another request or
    job has it (the state changed since the page was shown)."""
    if not _claim(batch, from_statuses, status=ImportStatus.COMMITTING, progress=0, message="",
                  worker_pid=os.getpid(), updated_at=timezone.now()):
        return unchanged(False)
    audit.record("import.start", actor=actor, obj=batch, org_path=batch.org_path,
                 summary=f"Bắt đầu ghi vào sổ lần nhập số {batch.pk} («{batch.file_name}»)", data=_data(batch))
    return True


@audited_action("import.commit", scope=_writes_what_it_writes)
def finish_commit(actor, batch: ImportBatch, pv: Preview, *, created_ids: list[int], updated_ids: list[int],
                  summary: str, data: dict | None = None):
    """committing → committed, inside the commit's last transaction: the counts, the preview kept, the undo
    log dropped (the rows stay), one `import.commit` event naming what was written (the members' bulk path,
    members.actions.admit_many, records no event of its own: this one stands for the whole batch)."""
    c = pv.counts
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportStatus.COMMITTED, committed_at=timezone.now(), progress=100, message="",
        total_rows=c["total"], created_count=c["created"], updated_count=c["updated"],
        unchanged_count=c["unchanged"], error_count=c["errors"], duplicate_count=c["duplicates"],
        conversion_count=c["conversions"], preview=stored_summary(pv))
    ImportUndo.objects.filter(batch=batch).delete()
    audit.record("import.commit", actor=actor, obj=batch, org_path=batch.org_path, summary=summary,
                 data=_data(batch, {"sha256": batch.file_sha256, "counts": c, "created_ids": id_ranges(created_ids),
                                    "updated_ids": id_ranges(sorted(updated_ids)), **(data or {})}))


@audited_action("import.fail", scope=_starter_or_writer)
def mark_failed(actor, batch: ImportBatch, message: str, *, undone: dict | None = None):
    """reading / committing → failed, with the reason the user reads; `undone`: what a rollback removed."""
    if not _claim(batch, RUNNING_STATUSES, status=ImportStatus.FAILED, progress=0, message=message):
        return unchanged(False)
    batch.message = message
    audit.record("import.fail", actor=actor, obj=batch, org_path=batch.org_path,
                 summary=f"Lần nhập số {batch.pk} không thành công: {message}",
                 data=_data(batch, {"undone": undone or {}}))
    return True


@audited_action("import.cancel", scope=ON_BATCH)
def _cancel(actor, batch: ImportBatch) -> bool:
    if not _claim(batch, (ImportStatus.PREVIEWED, ImportStatus.MAPPING, ImportStatus.FAILED),
                  status=ImportStatus.CANCELLED, progress=0):
        return unchanged(False)
    audit.record("import.cancel", actor=actor, obj=batch, org_path=batch.org_path,
                 summary=f"Hủy lần nhập số {batch.pk} («{batch.file_name}»)", data=_data(batch))
    return True


def cancel(actor, batch: ImportBatch) -> bool:
    """previewed / waiting for the mapping / failed → cancelled; the stored file is deleted once the change is
    saved (nothing will be written from it: no personal data kept around). False when the batch is committed
    or running."""
    if not _cancel(actor, batch):
        return False
    path = batch.file_path
    if path is not None:
        path.unlink(missing_ok=True)
    return True
