"""`dangbo import {members,organizations} FILE [--org CODE] [--dry-run] [--user NAME] [--json]
[--mapping "Tiêu đề=key" …]`.

Reads the file, previews it (Rich progress bar on a terminal), prints the summary and the errors, then
writes every valid row in one transaction (unless --dry-run). Exit status: 0 when the valid rows were
written (rows with errors are listed and skipped) or, with --dry-run, when the file has no error; 1 when the
file has errors and nothing was written, on a file that cannot be read, or on any failure.
"""

from __future__ import annotations

from pathlib import Path

ERROR_LINES = 50


def _target(code: str | None, actor, ctx):
    """The organisation of --org; without it the user's one top organisation, or the one root for a system job."""
    from dangbo.core.scopes import scope_for
    from dangbo.organizations.models import Organization

    if code:
        return ctx.organization(code)
    if actor is not None:
        scope = scope_for(actor)
        tops = scope.write_roots()
        if len(tops) == 1:
            return Organization.objects.get(path=tops[0])
    roots = list(Organization.objects.filter(parent=None)[:2])
    if actor is None and len(roots) == 1:
        return roots[0]
    raise ctx.error("Hãy chọn tổ chức đảng nhận dữ liệu bằng --org MÃ.")


def _mapping(items: list[str] | None, error) -> dict:
    out = {}
    for item in items or []:
        if "=" not in item:
            raise error(f"--mapping «{item}» phải có dạng «Tiêu đề cột=khóa» (khóa để trống: bỏ qua cột).")
        header, key = item.rsplit("=", 1)
        out[header.strip()] = key.strip()
    return out


def _percent(bar):
    """A progress(fraction, label) callback moving a 100-step bar forward."""
    done = [0]

    def progress(fraction, label):
        n = int(fraction * 100)
        if n > done[0]:
            bar.advance(n - done[0], label)
            done[0] = n

    return progress


def _background(args, ctx, actor, target, path, data, organizations) -> int:
    """--background: the file kept as a batch, its preview and commit queued for `dangbo worker`."""
    from dangbo.core.scopes import scope_for

    from ..jobs import enqueue_file
    from ..models import ImportBatch, ImportKind, ImportStatus
    from ..pipeline.rows import sha256

    if args.mapping:
        raise ctx.error("--mapping chưa dùng được với --background; hãy ghép cột trên trang nhập dữ liệu.")
    if actor is not None:
        scope_for(actor).require_write_path(target.path, target.name)
    batch = ImportBatch.objects.create(
        user=actor, username=actor.get_username() if actor else "", organization=target, org_path=target.path,
        kind=ImportKind.ORGANIZATIONS if organizations else ImportKind.MEMBERS, file_name=path.name[:255],
        file_sha256=sha256(data), file_size=len(data), status=ImportStatus.READING)
    batch.store_file(data)
    job = enqueue_file(batch, actor, dry_run=bool(args.dry_run))
    return ctx.queued_or_waited(job, args)


def run(args, ctx) -> int:
    """ctx: the shared output helpers of the `dangbo` command (see dangbo.exchange.cli)."""
    from django.core.exceptions import PermissionDenied, ValidationError

    error, _json, _out, _Progress = ctx.error, ctx.json_out, ctx.out, ctx.Progress
    from ..kinds import members as importer
    from ..parsing.errors import ExchangeError
    from ..parsing.readers import read_table
    from ..pipeline.batches import batch_for
    from ..pipeline.rows import sha256

    organizations = getattr(args, "import_command", "members") == "organizations"
    if organizations:
        from ..kinds.organizations import commit_organizations as commit
        from ..kinds.organizations import preview_organizations as preview
    else:
        preview, commit = importer.preview, importer.commit

    path = Path(args.file)
    if not path.exists():
        raise error(f"Không có tệp {args.file}.")
    data = path.read_bytes()
    actor = ctx.user(args.user)
    target = _target(args.org, actor, ctx)
    if getattr(args, "background", False):
        return _background(args, ctx, actor, target, path, data, organizations)
    with _Progress(100, "Xem trước", enabled=not args.json) as bar:
        try:
            table = read_table(data, path.name)
            pv = preview(table, actor=actor, target_org=target, mapping_override=_mapping(args.mapping, error),
                         progress=_percent(bar))
        except ExchangeError as e:
            raise error(str(e)) from e
        except (ValidationError, PermissionDenied) as e:
            raise error("; ".join(getattr(e, "messages", [str(e)]))) from e
    pv.file_name, pv.file_sha256, pv.file_size = path.name, sha256(data), len(data)
    if pv.fatal:
        if args.json:
            _json({"ok": False, "committed": False, "error": pv.fatal, "unknown_headers": pv.unknown_headers})
            return 1
        raise error(pv.fatal)
    result = None
    if not args.dry_run and pv.writable:
        batch = batch_for(pv, actor)
        batch.store_file(data)
        with _Progress(100, "Ghi vào sổ", enabled=not args.json) as bar:
            try:
                result = commit(pv, actor, progress=_percent(bar))
            except (ValidationError, PermissionDenied) as e:
                raise error("Không ghi được vào sổ, không có dòng nào được ghi: "
                               + "; ".join(getattr(e, "messages", [str(e)]))) from e
    counts = pv.counts
    committed = result is not None
    failed = bool(counts["errors"]) and not committed
    if args.json:
        _json({
            "ok": not failed, "committed": committed, "dry_run": bool(args.dry_run),
            "batch": result.batch_id if result else None, "file": path.name, "sha256": pv.file_sha256,
            "organization": target.code, "counts": counts, "unknown_headers": pv.unknown_headers,
            "errors": [{"row": e.row, "column": e.column, "value": e.value, "message": e.message}
                       for e in pv.errors],
            "duplicates": [{"row": d.row, "first_row": d.first_row, "reason": d.reason, "skipped": d.blocking}
                           for d in pv.duplicates],
            "conversions": [{"row": c.row, "column": c.column, "before": c.before, "after": c.after,
                             "encoding": c.encoding} for c in pv.conversions],
            "notes": [{"row": n.row, "column": n.column, "before": n.before, "after": n.after, "message": n.message}
                      for n in getattr(pv, "notes", [])],
            "updates": [{"row": r.row, "member_id": r.member_id, "organization_id": r.org.pk if organizations
                         and r.org else None, "changes": [
                {"field": c.field, "current": c.current, "new": c.new} for c in r.changes]} for r in pv.of("update")],
        })
        return 1 if failed else 0
    _out(f"Tệp {path.name}: {counts['total']} dòng; {counts['created']} thêm mới, {counts['updated']} cập nhật, "
         f"{counts['unchanged']} không thay đổi, {counts['errors']} dòng lỗi, {counts['duplicates']} nghi trùng, "
         f"{counts['conversions']} ô chuyển mã TCVN3/VNI.")
    for n in getattr(pv, "notes", [])[:ERROR_LINES]:
        _out(f"Lưu ý dòng {n.row}, cột «{n.column}»: {n.message}")
    for h in pv.unknown_headers:
        _out(f"Bỏ qua cột «{h}» (không khớp với cột nào của mẫu nhập).")
    errors = pv.errors
    for e in errors[:ERROR_LINES]:
        _out(f"Lỗi dòng {e.row}, cột «{e.column}»" + (f" («{e.value}»)" if e.value else "") + f": {e.message}")
    if len(errors) > ERROR_LINES:
        _out(f"… và {len(errors) - ERROR_LINES} lỗi khác (dùng --json để xem tất cả).")
    if committed:
        what = ("tổ chức đảng thành lập mới", "đổi tên") if organizations else ("đảng viên mới", "cập nhật")
        _out(f"Đã ghi vào sổ (lần nhập số {result.batch_id}): {result.created} {what[0]}, "
             f"{result.updated} {what[1]}.")
    elif args.dry_run:
        _out("Chạy thử (--dry-run): không ghi gì vào sổ.")
    else:
        _out("Không có dòng nào để ghi vào sổ.")
    return 1 if failed else 0


def recover(args, ctx) -> int:
    """`dangbo import --recover`: roll back every batch whose commit stopped with its process (jobs.mark_stale)."""
    from ..jobs import mark_stale

    if not getattr(args, "recover", False):
        raise ctx.error("thiếu loại dữ liệu: dangbo import members|organizations TỆP (hoặc dangbo import --recover)",
                        code=2)
    stale = mark_stale()
    if getattr(args, "json", False):
        ctx.json_out({"ok": True, "rolled_back": stale})
    elif stale:
        ctx.out("Đã hoàn tác các lần nhập bị dừng giữa chừng: " + ", ".join(f"số {pk}" for pk in stale) + ".")
    else:
        ctx.out("Không có lần nhập nào bị dừng giữa chừng.")
    return 0
