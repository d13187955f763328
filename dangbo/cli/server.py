"""`dangbo migrate`, `demo`, `serve` and `createuser`: a database, its demo data, the web server, accounts."""

from __future__ import annotations

import os
import sys

from .console import ROLE_CHOICES, CliError, ProgressBar, number, print_json, say, stderr_console
from .database import db_label, pending_migrations, run_migrations


# -- commands --------------------------------------------------------------------------------------------
def cmd_migrate(args):
    run_migrations(verbosity=0 if args.json else 1)
    if args.json:
        print_json({"ok": True, "database": db_label()})
    else:
        say(f"Đã cập nhật cấu trúc cơ sở dữ liệu ({db_label()}).")
    return 0


def cmd_demo(args):
    from django.conf import settings

    from dangbo.demo import DEMO_PASSWORD, DEMO_USERS, is_loaded, load_demo
    from dangbo.organizations.models import Organization

    con = stderr_console()
    if not args.json:
        con.print(f"Cơ sở dữ liệu: {db_label()}")
    two_factor_note = _demo_two_factor()
    run_migrations()
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
        with ProgressBar(3200, "Nạp dữ liệu mẫu", not args.json) as bar:
            loaded = load_demo(progress=lambda label, n: bar.advance(n, label))
    address = f"http://{args.host}:{args.port}/"
    users = [
        {"username": u, "password": DEMO_PASSWORD, "role": r, "organization": c, "description": label}
        for u, r, c, label, _name in DEMO_USERS
    ]
    if args.json:
        print_json(
            {
                "address": address,
                "database": db_label(),
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
                f"Đã nạp dữ liệu mẫu trong {number(loaded.seconds, 1)} giây: "
                f"{loaded.organizations} tổ chức đảng, "
                f"{number(loaded.members)} đảng viên đang sinh hoạt ({loaded.office_members} ở Đảng bộ Văn phòng "
                f"UBND tỉnh), {number(loaded.events)} sự kiện, {number(loaded.audit_events)} bản ghi nhật ký."
            )
        _print_logins(address, users)
        if two_factor_note:
            con.print(two_factor_note)
    if args.no_serve:
        return 0
    return _serve(args.host, args.port, args.threads, worker=not args.no_worker)


def _demo_two_factor() -> str:
    """The demo's users log in with their password only: two-factor is not required unless the environment
    asks for it (DANGBO_REQUIRE_2FA_ROLES set explicitly). The Django admin still needs it."""
    from django.conf import settings

    if "DANGBO_REQUIRE_2FA_ROLES" in os.environ:
        return ""
    settings.REQUIRE_2FA_ROLES = ()
    return (
        "Bản chạy thử không bắt buộc xác thực hai bước (DANGBO_REQUIRE_2FA_ROLES để trống); mỗi người "
        "vẫn bật được ở trang «Xác thực hai bước». Trang quản trị /quan-tri/ luôn cần xác thực hai bước."
    )


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
    say(f"Địa chỉ: {address} – mật khẩu chung của các tài khoản mẫu: {users[0]['password']}")
    for u in users:
        say(f"  {u['username']:<10} {labels[u['role']]}: {u['description']}")


def _recover_imports():
    """Imports whose process was killed mid-commit are rolled back before anyone works (exchange/jobs.py); the
    worker takes back the queued jobs a dead worker left (core.jobs.take_back) when it starts."""
    from django.db import DatabaseError

    from dangbo.exchange.jobs import mark_stale

    try:
        stale = mark_stale()
    except DatabaseError:  # not migrated yet: there is no import to take back
        return
    if stale:
        stderr_console().print("Đã hoàn tác các lần nhập bị dừng giữa chừng: " + ", ".join(f"số {pk}" for pk in stale))


def _serve(host: str, port: int, threads: int = 8, worker: bool = True, processes: int = 1):
    from django.conf import settings

    # The static files hashed and compressed into STATIC_ROOT when they changed (core/staticfiles.py): WhiteNoise
    # then serves them gzipped and cached for a year. A failure leaves the plain files served from the app folders.
    os.makedirs(settings.STATIC_ROOT, exist_ok=True)
    from dangbo.core.staticfiles import collect_if_stale

    try:
        collect_if_stale()
    except OSError as e:
        stderr_console().print(f"Không chuẩn bị được tệp tĩnh nén ({e}); trang vẫn chạy, chỉ tải chậm hơn.")
    from waitress.server import create_server

    from dangbo.config.wsgi import application

    _recover_imports()
    if (
        host not in ("127.0.0.1", "localhost")
        and "*" not in settings.ALLOWED_HOSTS
        and host not in settings.ALLOWED_HOSTS
    ):
        stderr_console().print(
            f"Lưu ý: {host} chưa có trong DANGBO_ALLOWED_HOSTS "
            f"({', '.join(settings.ALLOWED_HOSTS)}); trình duyệt sẽ bị từ chối nếu dùng "
            "địa chỉ đó."
        )
    if processes > 1:
        server = _multi_process_server(host, port, threads, processes)
    else:
        try:
            server = create_server(application, host=host, port=port, threads=threads, ident="dangbo")
        except OSError as e:
            raise CliError(_port_error(host, port, e))
    # One worker process beside waitress runs the background jobs (core/jobs.py), so an office still needs one
    # command; --no-worker when `dangbo worker` runs as its own service.
    import signal

    from .jobs import start_worker_process, stop_worker_process

    def stop(signum, frame):  # SIGTERM (a service manager, a script): stop the worker too, then exit
        raise SystemExit(0)

    worker_proc = start_worker_process() if worker else None
    previous = signal.signal(signal.SIGTERM, stop) if worker_proc is not None else None
    stderr_console().print(f"dangbo đang chạy tại http://{host}:{port}/ – nhấn Ctrl+C để dừng."
                           + (f" {processes} tiến trình web." if processes > 1 else "")
                           + (f" Công việc nền: tiến trình {worker_proc.pid}." if worker_proc else ""))
    try:
        server.run()
    finally:
        if processes == 1:
            server.close()
        stop_worker_process(worker_proc)
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    return 0


def _port_error(host: str, port: int, e: OSError) -> str:
    return (f"Không mở được cổng {host}:{port} ({e.strerror or e}). Cổng có thể đang được dùng; "
            "chọn cổng khác bằng --port.")


def _multi_process_server(host: str, port: int, threads: int, processes: int):
    """Several web processes (gunicorn, threads in each) for a PostgreSQL register with many users at once
    (docs/operations.md "Several web processes"). Each process loads the application itself after the fork, so
    no database connection is shared between processes; waitress stays the one-process server of an office."""
    from django.conf import settings
    from django.db import connections

    if sys.platform == "win32":
        raise CliError("--processes cần Linux (gunicorn); trên Windows dùng một tiến trình với --threads.")
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        raise CliError("--processes chỉ dùng với PostgreSQL (DATABASE_URL): SQLite ghi từng người một, "
                       "một tiến trình với --threads là đủ.")
    import socket

    from gunicorn.app.base import BaseApplication

    with socket.socket() as probe:  # the port's error in Vietnamese, before gunicorn retries it and gives up
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as e:
            raise CliError(_port_error(host, port, e))
    # Opened above (static files, imports taken back): no connection, and no pool (DANGBO_DB_POOL: its
    # connections and its threads), may cross the fork; each process opens its own.
    for conn in connections.all():
        conn.close()
        if conn.alias in getattr(type(conn), "_connection_pools", {}):
            conn.close_pool()

    class Server(BaseApplication):
        def load_config(self):
            for key, value in {"bind": f"{host}:{port}", "workers": processes, "threads": threads,
                               "worker_class": "gthread", "timeout": 300, "graceful_timeout": 30,
                               "accesslog": None, "proc_name": "dangbo"}.items():
                self.cfg.set(key, value)

        def load(self):
            from dangbo.config.wsgi import application

            return application

    return Server()


def cmd_serve(args):
    if args.processes < 1:
        raise CliError("--processes phải từ 1 trở lên.")
    pending = pending_migrations()
    if pending:
        raise CliError(
            f"Cơ sở dữ liệu chưa được cập nhật ({len(pending)} bước chưa chạy, ví dụ {pending[0]}). "
            "Chạy «dangbo migrate» trước."
        )
    if args.collectstatic:
        from dangbo.core.staticfiles import collect_if_stale

        collect_if_stale(force=True)
    return _serve(args.host, args.port, args.threads, worker=not args.no_worker, processes=args.processes)


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
        print_json(
            {
                "id": user.pk,
                "username": user.username,
                "role": args.role,
                "organization": args.org,
                "member": member.pk if member else None,
            }
        )
    else:
        say(
            f"Đã tạo tài khoản «{user.username}» với vai trò {args.role}"
            + (f" tại {args.org}" if args.org else "")
            + (f", gắn với đảng viên {member}" if member else "")
            + "."
        )
    return 0
