"""`dangbo audit`, `seed`, `backup`, `restore` and `check`: the records kept and their soundness."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from .console import CliError, ProgressBar, number, print_json, say
from .database import pending_migrations, run_migrations


def cmd_audit_anchor(args):
    from dangbo.core.anchor import AnchorError, make_anchor

    try:
        anchor = make_anchor()
    except AnchorError as exc:
        raise CliError(str(exc)) from None
    text = json.dumps(anchor, ensure_ascii=False, indent=2) + "\n"
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    if args.json or not args.out:
        sys.stdout.write(text)
    else:
        say(
            f"Đã ghi neo nhật ký (bản ghi số {anchor['seq']}, {anchor['count']} bản ghi) vào {args.out}; "
            "hãy cất tệp này ở nơi khác máy chủ."
        )
    return 0


def cmd_audit(args):
    from dangbo.core.audit import ChainProblem, verify_chain
    from dangbo.core.models import AuditEvent

    checked, problems = verify_chain()
    if args.anchor:
        from dangbo.core.anchor import AnchorError, check_anchor, read_anchor

        try:
            result = check_anchor(read_anchor(args.anchor))
        except AnchorError as exc:
            raise CliError(str(exc)) from None
        problems += [ChainProblem(result.seq, message) for message in result.problems]
    head = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
    if args.json:
        print_json(
            {
                "ok": not problems,
                "checked": checked,
                "head_seq": head[0] if head else None,
                "head_hash": head[1] if head else None,
                "problems": [{"seq": p.seq, "message": p.message} for p in problems],
            }
        )
    elif problems:
        for p in problems:
            sys.stderr.write(f"Lỗi: {p.message}\n")
        sys.stderr.write(f"Nhật ký thao tác KHÔNG toàn vẹn: {len(problems)} vấn đề trên {checked} bản ghi.\n")
    else:
        say(
            f"OK: nhật ký thao tác toàn vẹn, {checked} bản ghi"
            + (f", bản ghi cuối số {head[0]}, mã băm {head[1]}" if head else "")
            + "."
        )
    return 1 if problems else 0


def cmd_seed(args):
    from dangbo.demo.seed import seed

    if args.members < 1:
        raise CliError("--members phải lớn hơn 0.")
    _migrate_if_empty_sqlite()
    as_of = date.fromisoformat(args.as_of) if args.as_of else None
    with ProgressBar(args.members, "Sinh dữ liệu thử", not args.json) as bar:
        result = seed(args.members, args.seed, today=as_of, progress=bar.advance, shape=args.shape)
    from dangbo.core.cached import renew

    renew()  # written without the actions: the cached figures (core/cached.py) are built again
    if args.json:
        print_json(result.as_dict())
    else:
        rate = result.members / result.seconds if result.seconds else 0
        say(
            f"Đã sinh {number(result.members)} đảng viên, {number(result.organizations)} tổ chức, "
            f"{number(result.events)} sự kiện "
            f"(seed {result.seed}, tổ chức gốc {result.root_code}) trong {number(result.seconds, 1)} giây "
            f"({number(rate)} đảng viên/giây)."
        )
    return 0


def _migrate_if_empty_sqlite():
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3") and pending_migrations():
        run_migrations()


def _backup_key(args) -> bytes | None:
    from dangbo.core.backup_crypto import CryptoError, load_key

    try:
        return load_key(args.key_file)
    except CryptoError as e:
        raise CliError(str(e)) from None


def cmd_backup(args):
    from dangbo.core.backup import backup

    key = _backup_key(args)
    if key is None:
        sys.stderr.write(
            "Cảnh báo: chưa có khóa sao lưu (DANGBO_BACKUP_KEY hoặc --key-file) nên tệp sao lưu KHÔNG được mã hóa; "
            "tệp chứa số CCCD, mật khẩu đã băm và mã truy cập API. Hãy cấu hình khóa (xem docs/security.md).\n"
        )
    with ProgressBar(None, "Sao lưu", not args.json) as bar:
        result = backup(args.file, progress=lambda label, n: bar.advance(n, f"Sao lưu {label}"), key=key)
    if args.json:
        print_json(result.as_dict())
    else:
        say(
            f"Đã sao lưu {number(result.rows)} bản ghi của {result.models} bảng vào {result.path} "
            f"({number(result.bytes / 1e6, 1)} MB). Mã kiểm tra: {result.sha256}"
        )
    return 0


def cmd_restore(args):
    from dangbo.core.backup import read_header, restore

    if pending_migrations():
        run_migrations()
    key = _backup_key(args)
    header = read_header(args.file, key)
    total = sum(m["count"] for m in header["models"])
    with ProgressBar(total, "Khôi phục", not args.json) as bar:
        result = restore(
            args.file, force=args.force, progress=lambda label, n: bar.advance(n, f"Khôi phục {label}"), key=key
        )
    if args.json:
        print_json(result.as_dict())
    else:
        say(
            f"Đã khôi phục {number(result.rows)} bản ghi của {result.models} bảng từ {result.path} "
            f"(bản sao lưu lúc {header.get('created_at')})."
        )
    return 0


def _rule_checks() -> tuple[list[str], list[str]]:
    """The apps' own rule checks over stored data (ratings, congresses, committee terms): (problems, notes);
    a note is a finding of an unconfirmed rule the settings do not enforce."""
    from django.utils import timezone

    from dangbo.congresses import checks as congress_checks
    from dangbo.evaluations import checks as rating_checks
    from dangbo.organizations import checks as term_checks

    today = timezone.localdate()
    ratings = rating_checks.findings()
    problems = term_checks.problems(today) + congress_checks.problems(today)
    return problems + [m for blocking, m in ratings if blocking], [m for blocking, m in ratings if not blocking]


def cmd_check(args):
    """Consistency: audit chain, per-organisation counts against the members, pending migrations, and the
    apps' rule checks over stored data."""
    from django.db.models import Count, Q

    from dangbo.core.audit import verify_chain
    from dangbo.members.models import ACTIVE_STATUSES, Member, Status
    from dangbo.organizations.models import Organization

    problems = []
    pending = pending_migrations()
    if pending:
        problems.append(f"{len(pending)} bước cập nhật cơ sở dữ liệu chưa chạy (dangbo migrate).")
    checked, chain = verify_chain()
    problems += [p.message for p in chain]
    actual = {
        r["organization_id"]: (r["o"], r["p"])
        for r in Member.objects.filter(status__in=ACTIVE_STATUSES)
        .values("organization_id")
        .annotate(
            o=Count("id", filter=Q(status=Status.OFFICIAL)),
            p=Count("id", filter=Q(status=Status.PROBATIONARY)),
        )
    }
    wrong = 0
    for org in Organization.objects.only("id", "name", "official_count", "probationary_count").iterator():
        if (org.official_count, org.probationary_count) != actual.get(org.pk, (0, 0)):
            wrong += 1
            if wrong <= 20:
                o, p = actual.get(org.pk, (0, 0))
                problems.append(
                    f"Số đảng viên của «{org.name}» lệch: ghi {org.official_count} chính thức, "
                    f"{org.probationary_count} dự bị; thực tế {o} chính thức, {p} dự bị."
                )
    found, notes = _rule_checks()
    problems += found
    if args.json:
        print_json({"ok": not problems, "audit_events": checked, "problems": problems, "notes": notes})
        return 1 if problems else 0
    for n in notes:
        say(f"Lưu ý (quy định chưa xác nhận, không chặn): {n}")
    if problems:
        for p in problems:
            sys.stderr.write(f"Lỗi: {p}\n")
    else:
        say(
            f"OK: cơ sở dữ liệu nhất quán ({checked} bản ghi nhật ký, số đảng viên khớp ở mọi tổ chức, "
            "dữ liệu đã lưu đúng các quy định mà phần mềm kiểm tra)."
        )
    return 1 if problems else 0
