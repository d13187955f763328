"""The members kind: preview every row of a member list, then write every valid row, or nothing in the end.

    preview(table, actor=, target_org=, mapping_override=None) -> Preview
        map the headers, convert TCVN3/VNI text, parse dates, validate with the rules the actions use
        (member_rows), resolve each row's chi bộ within the actor's write scope under `target_org`, match each
        row with the register (member_match: CCCD, then card number, then normalised name + birth date) and
        classify it: create / update (with the changes, field by field) / unchanged / error; flag duplicates.
    commit(preview_or_batch, actor) -> CommitResult
        rows with errors are listed and skipped, the batch records them. New members go through
        `members.actions.admit_many` (the rows admit_member writes), updates through `update_dossier`. On SQLite
        in short pieces with the batch "committing" until the end and a rollback if it does not finish
        (pipeline/commit.py); on PostgreSQL in one transaction. One `import.commit` audit event names the
        batch; every event and history row of an imported member carries it.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from simple_history.utils import update_change_reason

from dangbo.core import audit
from dangbo.core.i18n import in_vietnamese, joined
from dangbo.members.actions import admit_many, update_dossier
from dangbo.members.bulk import Admission, plan_admissions
from dangbo.members.models import Member
from dangbo.organizations.models import Organization
from dangbo.rules.calendar import DEFAULT_CALENDAR

from ..models import ImportBatch, ImportKind, ImportUndo
from ..pipeline import batches
from ..pipeline import commit as pieces
from ..pipeline.batches import batch_for, committable, store_preview  # noqa: F401 - used through this kind
from ..pipeline.cells import cell_str, fix_legacy_column, start_preview
from ..pipeline.recovery import roll_back
from ..pipeline.rows import (  # noqa: F401 - the structures of a preview, read through this kind by tests and pages
    SECTION_LIMIT,
    CommitResult,
    Note,
    Preview,
    Progress,
    RowResult,
    bounded,
    failure_reason,
    preview_limit,
    report,
    row_error,
    sha256,
)
from ..pipeline.stored import preview_again
from .member_match import match_register
from .member_rows import (
    DATE_KEYS,
    FIXERS,
    LABELS,
    LEGACY_KEYS,
    REQUIRED_COLUMNS,
    CachedCalendar,
    OrgResolver,
    citizen_id_text,
    find_duplicates,
    fix_excel_cells,
    parse_row,
    resolve_columns,
    unseen_sensitive,
)


@in_vietnamese
def preview(table, *, actor, target_org: Organization, mapping_override: dict | None = None,
            progress: Progress = None, kind: str = ImportKind.MEMBERS) -> Preview:
    if kind != ImportKind.MEMBERS:
        raise ValidationError(_("Nhập danh sách tổ chức đảng từ tệp chưa được hỗ trợ; hãy nhập danh sách đảng viên."))
    pv = start_preview(table, actor=actor, target_org=target_org, mapping_override=mapping_override,
                       preview_cls=Preview, kind=kind, resolve=resolve_columns, labels=LABELS,
                       required=REQUIRED_COLUMNS, template="tệp mẫu")
    if pv.fatal:
        return pv
    headers, columns = pv.headers, pv.columns
    rows = list(table.rows)
    total = max(len(rows), 1)
    step = max(total // 20, 1)
    report(progress, 0.0, gettext_noop("Đang đọc dữ liệu"))

    # -- 1. legacy encodings, column by column --
    texts: dict[str, list[str]] = {}
    for key, idx in columns.items():
        if key in DATE_KEYS:
            continue
        if key == "citizen_id":
            col = []
            for row_number, vals in rows:
                raw = vals[idx] if idx < len(vals) else None
                text, note = citizen_id_text(raw)
                if note:
                    pv.notes.append(Note(row_number, headers[idx], key, cell_str(raw), text, note))
                col.append(text)
            texts[key] = col
            continue
        col = [cell_str(vals[idx]) if idx < len(vals) else "" for _, vals in rows]
        if key in FIXERS:
            col = fix_excel_cells(col, key, headers[idx], idx, rows, pv.notes)
        if key in LEGACY_KEYS:
            col = fix_legacy_column(col, key, headers[idx], rows, pv.conversions)
        texts[key] = col
    blocked = unseen_sensitive(actor, target_org, columns, headers, texts)
    report(progress, 0.2, gettext_noop("Đang kiểm tra từng dòng"))

    # -- 2. parse and validate each row on its own --
    resolver = OrgResolver(actor, target_org)
    today = timezone.localdate()
    calendar = CachedCalendar(DEFAULT_CALENDAR)
    for n, (row_number, vals) in enumerate(rows):
        r = RowResult(row=row_number)
        parse_row(r, n, vals, columns, headers, texts, resolver, today, calendar)
        for header in blocked.get(n, ()):
            row_error(r, header, "", "Bạn không được xem nên cũng không được nhập cột này; hãy để trống hoặc để văn "
                                "phòng cấp ủy nhập.")
        pv.rows.append(r)
        if progress and n % step == 0:
            report(progress, 0.2 + 0.5 * n / total, gettext_noop("Đang kiểm tra từng dòng"))

    del rows, texts  # the parsed values live in pv.rows from here on
    by_row = {r.row: r for r in pv.rows}
    for note in pv.notes:
        by_row[note.row].warnings.append(note.message)

    # -- 3. duplicates inside the file --
    find_duplicates(pv)
    report(progress, 0.75, gettext_noop("Đang đối chiếu với sổ đảng viên"))

    # -- 4. match with the register --
    match_register(pv, actor, today)
    report(progress, 1.0, gettext_noop("Đã xem trước"))
    return pv


@in_vietnamese
def commit(source, actor, *, progress: Progress = None) -> CommitResult:
    """Write every valid row of a preview (or of a batch, previewed again now); if it cannot finish, nothing."""
    if isinstance(source, ImportBatch):
        batch = committable(source)
        pv = preview_again(batch, preview, actor,
                           progress=(lambda f, s: report(progress, f * 0.3, s)) if progress else None)
        base = 0.3
    else:
        pv = source
        batch = batch_for(pv, actor)
        base = 0.0
    pieces.begin_commit(pv, batch, actor)
    try:
        return _commit(pv, batch, actor,
                       lambda f, s: report(progress, base + (1 - base) * f, s) if progress else None)
    except BaseException as e:
        # Pieces already committed (SQLite) are taken back before the batch is marked failed.
        undone = roll_back(batch)
        batches.mark_failed(actor, batch, f"Không ghi được vào sổ, không có dòng nào được ghi: {failure_reason(e)}",
                            undone=undone)
        raise


def _commit(pv: Preview, batch: ImportBatch, actor, progress) -> CommitResult:
    creates, updates = pv.of("create"), pv.of("update")
    token = audit.request_id_var.set(batch.source)
    try:
        # Rows are built before any transaction: the write lock is then held only for the inserts.
        progress(0.0, gettext_noop("Đang chuẩn bị đảng viên mới"))
        plan = plan_admissions([_admission(r) for r in creates], actor=actor, source=batch.source,
                               history_reason=pieces.history_reason(batch),
                               progress=lambda f, s: progress(0.6 * f, s))
        created_ids: list[int] = []
        total = max(len(plan) + len(updates), 1)
        with pieces.whole():
            for part in plan.chunks(pieces.chunk_rows()):
                with transaction.atomic():
                    created_ids += admit_many(actor, part)
                progress(0.6 + 0.35 * len(created_ids) / total, gettext_noop("Đang ghi đảng viên mới"))
            done = len(created_ids)
            for part in pieces.pieces(updates):
                with transaction.atomic():
                    _write_updates(part, batch, actor)
                done += len(part)
                progress(0.6 + 0.35 * done / total, gettext_noop("Đang cập nhật hồ sơ"))
            c = pv.counts
            with transaction.atomic():
                batches.finish_commit(
                    actor, batch, pv, created_ids=created_ids, updated_ids=[r.member_id for r in updates],
                    summary=(f"Nhập tệp «{batch.file_name}» vào {pv.target_org.name} (lần nhập số {batch.pk}): "
                             f"{c['created']} thêm mới, {c['updated']} cập nhật, {c['unchanged']} không thay đổi, "
                             f"{c['errors']} dòng lỗi bỏ qua"))
        progress(1.0, gettext_noop("Đã ghi vào sổ"))
    finally:
        audit.request_id_var.reset(token)
    batch.refresh_from_db()
    return CommitResult(batch.pk, c["created"], c["updated"], c["unchanged"], c["errors"], c["duplicates"])


def _admission(r: RowResult) -> Admission:
    d = r.data
    return Admission(organization=r.org, dossier=d, decision_date=d["admission_decision_date"],
                     decision_number=d.get("admission_decision_number", "") or "",
                     ceremony_date=d.get("ceremony_date"), official_date=d.get("official_date"),
                     transfer_in_date=d.get("transfer_in_date"), note=d.get("note") or "")


def _json_value(v):
    return v.isoformat() if isinstance(v, date) else v


def _write_updates(rows: list[RowResult], batch: ImportBatch, actor):
    """Each row through update_dossier; in pieces, the values it replaces are kept for a rollback."""
    reason = pieces.history_reason(batch)
    undo = []
    for r in rows:
        member = Member.objects.get(pk=r.member_id)
        changes = {c.field: r.data[c.field] for c in r.changes}
        if pieces.in_pieces():
            undo.append(ImportUndo(batch=batch, member_id=member.pk,
                                   before={k: _json_value(getattr(member, k)) for k in changes}
                                   | {"version": member.version}))
        try:
            member = update_dossier(actor, member, changes)
        except ValidationError as e:
            # The register changed between the preview and the commit: refuse the whole batch.
            raise ValidationError(_("Dòng %(row)s: %(errors)s"), params={"row": r.row, "errors": joined(e)}) from e
        update_change_reason(member, reason)
    ImportUndo.objects.bulk_create(undo)
