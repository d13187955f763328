"""The `dangbo` command: demo, serve, migrate, createuser, audit verify, seed, backup, restore, check.

    dangbo demo [--no-serve] [--host 127.0.0.1] [--port 8000]
    dangbo serve [--host 127.0.0.1] [--port 8000] [--threads 8]
    dangbo migrate
    dangbo createuser USERNAME --role {admin,office,secretary,member,reader} [--org CODE] [--password P]
    dangbo audit verify [--anchor FILE] [--json]
    dangbo audit anchor [--out FILE] [--json]
    dangbo 2fa reset USER --by ADMIN [--json]
    dangbo seed --members N [--seed 42] [--json]
    dangbo backup FILE [--json]
    dangbo restore FILE [--force] [--json]
    dangbo check [--json]
    dangbo import {members,organizations} FILE [--org CODE] [--dry-run] [--user NAME] [--json]
                  [--mapping "Tiêu đề=khóa"]
    dangbo export {members,organizations,due,statistics} -o FILE [--org CODE] [--year 2025] [--format xlsx|csv]
                  [--status active|official|probationary|ended|all] [--user NAME] [--json]

`main(argv)` returns the exit code, so tests call it in-process. User errors print one Vietnamese line on
stderr ("Lỗi: …") and exit 1; wrong arguments exit 2; Ctrl+C exits 130.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from datetime import date
from pathlib import Path
from types import SimpleNamespace

SETTINGS = "dangbo.config.settings"
ROLE_CHOICES = ["admin", "office", "secretary", "member", "reader"]


class CliError(Exception):
    """An error the user can fix; printed without a traceback."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        self.print_usage(sys.stderr)
        message = (
            message.replace("the following arguments are required", "thiếu tham số")
            .replace("invalid choice", "lựa chọn không hợp lệ")
            .replace("unrecognized arguments", "tham số không hiểu được")
            .replace("invalid int value", "không phải số nguyên")
            .replace("argument ", "tham số ")
        )
        raise CliError(message, code=2)


# -- output helpers ----------------------------------------------------------------------------------------
def _out(text: str = ""):
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _n(x, decimals: int = 0) -> str:
    from dangbo.rules.text import format_number

    return format_number(x, decimals)


def _json(data):
    _out(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _show(data, as_json: bool, text) -> int:
    """Print `data` as JSON (--json) or else `text` (a string, or a function making one of data); exit code 0."""
    if as_json:
        _json(data)
    else:
        _out(text(data) if callable(text) else text)
    return 0


def _console():
    from rich.console import Console

    return Console(stderr=True, highlight=False)


class _Progress:
    """A Rich progress bar on stderr when it is a terminal; silent otherwise (tests, pipes, --json)."""

    def __init__(self, total: int | None, label: str, enabled: bool):
        self.enabled = enabled and sys.stderr.isatty()
        self.total, self.label = total, label

    def __enter__(self):
        if self.enabled:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.p = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=_console(),
                transient=False,
            )
            self.p.__enter__()
            self.task = self.p.add_task(self.label, total=self.total)
        return self

    def advance(self, n: int = 1, description: str | None = None):
        if self.enabled:
            kw = {"description": description} if description else {}
            self.p.update(self.task, advance=n, **kw)

    def __exit__(self, *exc):
        if self.enabled:
            self.p.__exit__(*exc)


# -- setup ------------------------------------------------------------------------------------------
def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    import django

    django.setup()


def _ensure_data_dir():
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        name = str(db["NAME"])
        if name != ":memory:" and not name.startswith("file:"):
            try:
                os.makedirs(os.path.dirname(name) or ".", exist_ok=True)
            except OSError as e:
                raise CliError(f"Không tạo được thư mục dữ liệu {os.path.dirname(name)}: {e.strerror}.")


CREATES_DATABASE = {"demo", "migrate", "seed", "restore"}
NEEDS_NO_DATABASE = {"election"}  # `dangbo election count FILE` only reads its file


def _check_database(command: str):
    """SQLite: commands that build a database create its folder; the others need the file to exist."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if not db["ENGINE"].endswith("sqlite3"):
        return
    name = str(db["NAME"])
    if name == ":memory:" or name.startswith("file:") or "mode=memory" in name:
        return
    if command in NEEDS_NO_DATABASE:
        return
    if command in CREATES_DATABASE:
        _ensure_data_dir()
    elif not os.path.exists(name):
        raise CliError(f"Chưa có cơ sở dữ liệu {db['NAME']}. Chạy «dangbo migrate» (hoặc «dangbo demo») "
                       "trước, hoặc đặt DANGBO_DATA_DIR / DATABASE_URL cho đúng.")


def _migrate(verbosity: int = 0):
    from django.core.management import call_command

    _ensure_data_dir()
    call_command("migrate", interactive=False, verbosity=verbosity)
    call_command("createcachetable", verbosity=0)


def _pending_migrations() -> list[str]:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{m.app_label}.{m.name}" for m, _ in plan]


def _db_label() -> str:
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"SQLite {db['NAME']}"
    return f"PostgreSQL {db.get('NAME')} trên {db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}"


# -- commands --------------------------------------------------------------------------------------------
def cmd_migrate(args):
    _migrate(verbosity=0 if args.json else 1)
    if args.json:
        _json({"ok": True, "database": _db_label()})
    else:
        _out(f"Đã cập nhật cấu trúc cơ sở dữ liệu ({_db_label()}).")
    return 0


def cmd_demo(args):
    from django.conf import settings

    from dangbo.demo import DEMO_PASSWORD, DEMO_USERS, is_loaded, load_demo
    from dangbo.organizations.models import Organization

    con = _console()
    if not args.json:
        con.print(f"Cơ sở dữ liệu: {_db_label()}")
    two_factor_note = _demo_two_factor()
    _migrate()
    loaded = None
    if is_loaded():
        if not args.json:
            con.print("Dữ liệu mẫu đã có sẵn; không nạp lại.")
    elif Organization.objects.exists():
        raise CliError(
            "Cơ sở dữ liệu đã có dữ liệu khác (không phải dữ liệu mẫu); không nạp dữ liệu mẫu "
            "vào đó. Dùng DANGBO_DATA_DIR hoặc DATABASE_URL khác, hoặc chạy «dangbo serve»."
        )
    else:
        with _Progress(3200, "Nạp dữ liệu mẫu", not args.json) as bar:
            loaded = load_demo(progress=lambda label, n: bar.advance(n, label))
    address = f"http://{args.host}:{args.port}/"
    users = [
        {"username": u, "password": DEMO_PASSWORD, "role": r, "organization": c, "description": label}
        for u, r, c, label, _name in DEMO_USERS
    ]
    if args.json:
        _json(
            {
                "address": address,
                "database": _db_label(),
                "loaded_now": loaded is not None,
                "seconds": round(loaded.seconds, 2) if loaded else None,
                "members": loaded.members if loaded else None,
                "users": users,
                "require_2fa_roles": list(settings.REQUIRE_2FA_ROLES),
            }
        )
    else:
        if loaded:
            con.print(
                f"Đã nạp dữ liệu mẫu trong {_n(loaded.seconds, 1)} giây: "
                f"{loaded.organizations} tổ chức đảng, "
                f"{_n(loaded.members)} đảng viên đang sinh hoạt ({loaded.office_members} ở Đảng bộ Văn phòng "
                f"UBND tỉnh), {_n(loaded.events)} sự kiện, {_n(loaded.audit_events)} bản ghi nhật ký."
            )
        _print_logins(address, users)
        if two_factor_note:
            con.print(two_factor_note)
    if args.no_serve:
        return 0
    return _serve(args.host, args.port, args.threads)


def _demo_two_factor() -> str:
    """The demo's users log in with their password only: two-factor is not required unless the environment
    asks for it (DANGBO_REQUIRE_2FA_ROLES set explicitly). The Django admin still needs it."""
    from django.conf import settings

    if "DANGBO_REQUIRE_2FA_ROLES" in os.environ:
        return ""
    settings.REQUIRE_2FA_ROLES = ()
    return ("Bản chạy thử không bắt buộc xác thực hai bước (DANGBO_REQUIRE_2FA_ROLES để trống); mỗi người "
            "vẫn bật được ở trang «Xác thực hai bước». Trang quản trị /quan-tri/ luôn cần xác thực hai bước.")


def _print_logins(address, users):
    labels = dict(
        zip(
            ROLE_CHOICES,
            ["Quản trị hệ thống", "Văn phòng cấp ủy", "Bí thư chi bộ", "Đảng viên", "Cấp trên (chỉ xem)"],
            strict=True,
        )
    )
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"Mở {address} và đăng nhập (mật khẩu chung: {users[0]['password']})")
        for col in ("Tên đăng nhập", "Vai trò", "Phạm vi"):
            table.add_column(col)
        for u in users:
            table.add_row(u["username"], labels[u["role"]], u["description"])
        Console(highlight=False).print(table)
        return
    _out(f"Địa chỉ: {address} – mật khẩu chung của các tài khoản mẫu: {users[0]['password']}")
    for u in users:
        _out(f"  {u['username']:<10} {labels[u['role']]}: {u['description']}")


def _recover_imports():
    """Imports whose process was killed mid-commit are rolled back before anyone works (exchange/jobs.py)."""
    from django.db import DatabaseError

    from dangbo.exchange.jobs import mark_stale

    try:
        stale = mark_stale()
    except DatabaseError:  # not migrated yet: there is no import to take back
        return
    if stale:
        _console().print("Đã hoàn tác các lần nhập bị dừng giữa chừng: " + ", ".join(f"số {pk}" for pk in stale))


def _serve(host: str, port: int, threads: int = 8):
    from django.conf import settings

    # WhiteNoise serves from the app folders (finders); it only wants STATIC_ROOT to exist.
    os.makedirs(settings.STATIC_ROOT, exist_ok=True)
    from waitress.server import create_server

    from dangbo.config.wsgi import application

    _recover_imports()
    if host not in ("127.0.0.1", "localhost") and "*" not in settings.ALLOWED_HOSTS \
            and host not in settings.ALLOWED_HOSTS:
        _console().print(f"Lưu ý: {host} chưa có trong DANGBO_ALLOWED_HOSTS "
                         f"({', '.join(settings.ALLOWED_HOSTS)}); trình duyệt sẽ bị từ chối nếu dùng "
                         "địa chỉ đó.")
    try:
        server = create_server(application, host=host, port=port, threads=threads, ident="dangbo")
    except OSError as e:
        raise CliError(f"Không mở được cổng {host}:{port} ({e.strerror or e}). Cổng có thể đang được dùng; "
                       "chọn cổng khác bằng --port.")
    _console().print(f"dangbo đang chạy tại http://{host}:{port}/ – nhấn Ctrl+C để dừng.")
    try:
        server.run()
    finally:
        server.close()
    return 0


def cmd_serve(args):
    pending = _pending_migrations()
    if pending:
        raise CliError(
            f"Cơ sở dữ liệu chưa được cập nhật ({len(pending)} bước chưa chạy, ví dụ {pending[0]}). "
            "Chạy «dangbo migrate» trước."
        )
    if args.collectstatic:
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)
    return _serve(args.host, args.port, args.threads)


def cmd_createuser(args):
    from dangbo.demo.users import create_user
    from dangbo.members.models import Member

    password = args.password
    if password is None:
        if not sys.stdin.isatty():
            password = sys.stdin.readline().rstrip("\n")
        else:
            import getpass

            password = getpass.getpass("Mật khẩu: ")
            if getpass.getpass("Nhập lại mật khẩu: ") != password:
                raise CliError("Hai lần nhập mật khẩu không khớp.")
    member = None
    if args.member:
        member = (
            Member.objects.filter(card_number=args.member).first()
            or Member.objects.filter(citizen_id=args.member).first()
        )
        if member is None:
            raise CliError(f"Không có đảng viên có số thẻ hoặc số CCCD «{args.member}».")
    elif args.role == "member":
        raise CliError("Tài khoản đảng viên cần gắn với hồ sơ: thêm --member SỐ_THẺ (hoặc số CCCD).")
    user = create_user(
        args.username,
        args.role,
        org_code=args.org,
        password=password,
        full_name=args.full_name or "",
        email=args.email or "",
        member=member,
    )
    if args.json:
        _json(
            {
                "id": user.pk,
                "username": user.username,
                "role": args.role,
                "organization": args.org,
                "member": member.pk if member else None,
            }
        )
    else:
        _out(
            f"Đã tạo tài khoản «{user.username}» với vai trò {args.role}"
            + (f" tại {args.org}" if args.org else "")
            + (f", gắn với đảng viên {member}" if member else "")
            + "."
        )
    return 0


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
        _out(f"Đã ghi neo nhật ký (bản ghi số {anchor['seq']}, {anchor['count']} bản ghi) vào {args.out}; "
             "hãy cất tệp này ở nơi khác máy chủ.")
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
        _json(
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
        _out(
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
    with _Progress(args.members, "Sinh dữ liệu thử", not args.json) as bar:
        result = seed(args.members, args.seed, today=as_of, progress=bar.advance)
    if args.json:
        _json(result.as_dict())
    else:
        rate = result.members / result.seconds if result.seconds else 0
        _out(
            f"Đã sinh {_n(result.members)} đảng viên, {_n(result.organizations)} tổ chức, "
            f"{_n(result.events)} sự kiện "
            f"(seed {result.seed}, tổ chức gốc {result.root_code}) trong {_n(result.seconds, 1)} giây "
            f"({_n(rate)} đảng viên/giây)."
        )
    return 0


def _migrate_if_empty_sqlite():
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3") and _pending_migrations():
        _migrate()


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
    with _Progress(None, "Sao lưu", not args.json) as bar:
        result = backup(args.file, progress=lambda label, n: bar.advance(n, f"Sao lưu {label}"), key=key)
    if args.json:
        _json(result.as_dict())
    else:
        _out(
            f"Đã sao lưu {_n(result.rows)} bản ghi của {result.models} bảng vào {result.path} "
            f"({_n(result.bytes / 1e6, 1)} MB). Mã kiểm tra: {result.sha256}"
        )
    return 0


def cmd_restore(args):
    from dangbo.core.backup import read_header, restore

    if _pending_migrations():
        _migrate()
    key = _backup_key(args)
    header = read_header(args.file, key)
    total = sum(m["count"] for m in header["models"])
    with _Progress(total, "Khôi phục", not args.json) as bar:
        result = restore(
            args.file, force=args.force, progress=lambda label, n: bar.advance(n, f"Khôi phục {label}"), key=key
        )
    if args.json:
        _json(result.as_dict())
    else:
        _out(
            f"Đã khôi phục {_n(result.rows)} bản ghi của {result.models} bảng từ {result.path} "
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
    pending = _pending_migrations()
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
        _json({"ok": not problems, "audit_events": checked, "problems": problems, "notes": notes})
        return 1 if problems else 0
    for n in notes:
        _out(f"Lưu ý (quy định chưa xác nhận, không chặn): {n}")
    if problems:
        for p in problems:
            sys.stderr.write(f"Lỗi: {p}\n")
    else:
        _out(f"OK: cơ sở dữ liệu nhất quán ({checked} bản ghi nhật ký, số đảng viên khớp ở mọi tổ chức, "
             "dữ liệu đã lưu đúng các quy định mà phần mềm kiểm tra).")
    return 1 if problems else 0


# -- parser -----------------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="dangbo", description="dangbo: sổ đảng viên và tổ chức đảng.")
    sub = p.add_subparsers(dest="command", metavar="LỆNH", parser_class=_Parser)

    def add(name, help_, func):
        sp = sub.add_parser(name, help=help_, description=help_)
        sp.set_defaults(func=func)
        return sp

    def server_opts(sp):
        sp.add_argument("--host", default="127.0.0.1", help="địa chỉ lắng nghe (mặc định 127.0.0.1)")
        sp.add_argument("--port", type=int, default=8000, help="cổng (mặc định 8000)")
        sp.add_argument("--threads", type=int, default=8, help="số luồng xử lý (mặc định 8)")

    sp = add("demo", "Tạo cơ sở dữ liệu (nếu cần), nạp dữ liệu mẫu, in tài khoản và chạy máy chủ", cmd_demo)
    server_opts(sp)
    sp.add_argument("--no-serve", action="store_true", help="chỉ chuẩn bị dữ liệu, không chạy máy chủ")
    sp.add_argument("--json", action="store_true", help="in kết quả dạng JSON")

    sp = add("serve", "Chạy máy chủ web (waitress)", cmd_serve)
    server_opts(sp)
    sp.add_argument(
        "--collectstatic", action="store_true", help="gom tệp tĩnh vào DANGBO_DATA_DIR/static trước"
    )

    sp = add("migrate", "Tạo hoặc cập nhật cấu trúc cơ sở dữ liệu", cmd_migrate)
    sp.add_argument("--json", action="store_true")

    sp = add("createuser", "Tạo tài khoản người dùng với một vai trò", cmd_createuser)
    sp.add_argument("username", help="tên đăng nhập")
    sp.add_argument("--role", required=True, choices=ROLE_CHOICES, help="vai trò")
    sp.add_argument("--org", help="mã tổ chức đảng (bắt buộc với office, secretary, reader)")
    sp.add_argument("--password", help="mật khẩu (bỏ trống để nhập ở bàn phím hoặc đọc một dòng từ stdin)")
    sp.add_argument(
        "--member", help="số thẻ đảng viên hoặc số CCCD của hồ sơ gắn với tài khoản (vai trò member)"
    )
    sp.add_argument("--full-name", help="họ và tên người dùng")
    sp.add_argument("--email")
    sp.add_argument("--json", action="store_true")

    sp = add("audit", "Nhật ký thao tác", None)
    asub = sp.add_subparsers(dest="audit_command", metavar="LỆNH", parser_class=_Parser)
    vp = asub.add_parser("verify", help="Kiểm tra chuỗi mã băm của nhật ký thao tác")
    vp.set_defaults(func=cmd_audit)
    vp.add_argument("--anchor", metavar="TỆP", help="đối chiếu với tệp neo do `dangbo audit anchor` tạo")
    vp.add_argument("--json", action="store_true")
    ap = asub.add_parser("anchor", help="Xuất đầu chuỗi nhật ký kèm mã xác thực (MAC) để cất ở nơi khác")
    ap.set_defaults(func=cmd_audit_anchor)
    ap.add_argument("--out", metavar="TỆP", help="ghi vào tệp (mặc định in ra màn hình)")
    ap.add_argument("--json", action="store_true")

    sp = add("seed", "Sinh dữ liệu thử tất định với số đảng viên tùy ý (đo hiệu năng)", cmd_seed)
    sp.add_argument("--members", type=int, required=True, help="số đảng viên")
    sp.add_argument("--seed", type=int, default=42, help="hạt giống ngẫu nhiên (mặc định 42)")
    sp.add_argument("--as-of", help="ngày tính tuổi và tình trạng dự bị, YYYY-MM-DD (mặc định hôm nay)")
    sp.add_argument("--json", action="store_true")

    sp = add("backup", "Sao lưu toàn bộ dữ liệu vào một tệp nén", cmd_backup)
    sp.add_argument("file", help="tệp sao lưu, ví dụ dangbo-2026-01-31.jsonl.gz")
    sp.add_argument("--key-file", help="tệp chứa khóa mã hóa (mặc định: biến môi trường DANGBO_BACKUP_KEY)")
    sp.add_argument("--json", action="store_true")

    sp = add("restore", "Khôi phục dữ liệu từ tệp sao lưu", cmd_restore)
    sp.add_argument("file")
    sp.add_argument("--force", action="store_true", help="xóa dữ liệu hiện có trước khi khôi phục")
    sp.add_argument("--key-file", help="tệp chứa khóa giải mã (mặc định: biến môi trường DANGBO_BACKUP_KEY)")
    sp.add_argument("--json", action="store_true")

    sp = add("check", "Kiểm tra tính nhất quán của cơ sở dữ liệu", cmd_check)
    sp.add_argument("--json", action="store_true")

    ctx = SimpleNamespace(out=_out, json_out=_json, show=_show, error=CliError, Progress=_Progress, Parser=_Parser)
    # Each app declaring a `cli` module in its AppConfig adds its commands (dangbo.core.registry).
    _setup()
    from dangbo.core.registry import cli_modules

    for module in cli_modules():
        importlib.import_module(module).register(sub, ctx)
    return p


def _format_validation(e) -> str:
    if hasattr(e, "message_dict"):
        parts = []
        for field, msgs in e.message_dict.items():
            label = "" if field in (None, "__all__", "None") else f"{field}: "
            parts.extend(f"{label}{m}" for m in msgs)
        return "; ".join(parts)
    return "; ".join(e.messages)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if not getattr(args, "func", None):
            if args.command == "audit":
                raise CliError("thiếu lệnh con: dangbo audit verify hoặc dangbo audit anchor", code=2)
            if args.command == "import":
                raise CliError("thiếu loại dữ liệu: dangbo import members|organizations TỆP", code=2)
            if args.command:
                raise CliError(f"thiếu lệnh con: dangbo {args.command} --help để xem các lệnh", code=2)
            parser.print_help(sys.stderr)
            return 2
        _setup()
        # A sub-command that only reads its file says so with set_defaults(no_database=True).
        if not getattr(args, "no_database", False):
            _check_database(args.command)
        return int(args.func(args) or 0)
    except CliError as e:
        sys.stderr.write(f"Lỗi: {e}\n")
        return e.code
    except KeyboardInterrupt:
        sys.stderr.write("Đã dừng.\n")
        return 130
    except Exception as e:  # noqa: BLE001 - turn known error types into one Vietnamese line
        from django.core.exceptions import PermissionDenied, ValidationError
        from django.db import DatabaseError

        if isinstance(e, ValidationError):
            sys.stderr.write(f"Lỗi: {_format_validation(e)}\n")
            return 1
        if isinstance(e, PermissionDenied):
            sys.stderr.write(f"Lỗi: {e}\n")
            return 1
        if isinstance(e, DatabaseError):
            sys.stderr.write(
                f"Lỗi cơ sở dữ liệu ({_safe_db_label()}): {str(e).strip().splitlines()[0] if str(e) else e}\n"
                "Kiểm tra DATABASE_URL, quyền truy cập và «dangbo migrate».\n"
            )
            return 1
        raise


def _safe_db_label():
    try:
        return _db_label()
    except Exception:  # noqa: BLE001
        return "?"


if __name__ == "__main__":
    raise SystemExit(main())
