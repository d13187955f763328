"""The `dangbo` command: demo, serve, migrate, createuser, audit verify, seed, backup, restore, check.

    dangbo demo [--no-serve] [--host 127.0.0.1] [--port 8000] [--no-worker]
    dangbo serve [--host 127.0.0.1] [--port 8000] [--threads 8] [--processes 1] [--no-worker]
    dangbo migrate
    dangbo createuser USERNAME --role {admin,office,secretary,member,reader} [--org CODE] [--password P]
    dangbo audit verify [--anchor FILE] [--json]
    dangbo audit anchor [--out FILE] [--json]
    dangbo 2fa reset USER --by ADMIN [--json]
    dangbo seed --members N [--seed 42] [--shape bench|national] [--json]
    dangbo backup FILE [--json]
    dangbo restore FILE [--force] [--json]
    dangbo check [--json]
    dangbo worker [--batch]
    dangbo jobs [list|show ID|wait ID] [--user NAME] [--json]
    dangbo import {members,organizations} FILE [--org CODE] [--dry-run] [--user NAME] [--json]
                  [--mapping "Tiêu đề=khóa"] [--background]
    dangbo export {members,organizations,due,statistics} -o FILE [--org CODE] [--year 2025] [--format xlsx|csv]
                  [--status active|official|probationary|ended|all] [--user NAME] [--json]

`main(argv)` returns the exit code, so tests call it in-process. User errors print one Vietnamese line on
stderr ("Lỗi: …") and exit 1; wrong arguments exit 2; Ctrl+C exits 130.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from types import SimpleNamespace

from .console import ROLE_CHOICES, CliError, Parser, ProgressBar, command_group, print_json, say, show
from .database import check_database, db_label, setup_django
from .lookups import date_value, org_options, organization, reader, user, viewer, year_option
from .records import cmd_audit, cmd_audit_anchor, cmd_backup, cmd_check, cmd_restore, cmd_seed
from .server import cmd_createuser, cmd_demo, cmd_migrate, cmd_serve


# -- parser -----------------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    p = Parser(prog="dangbo", description="dangbo: sổ đảng viên và tổ chức đảng.")
    sub = p.add_subparsers(dest="command", metavar="LỆNH", parser_class=Parser)

    def add(name, help_, func):
        sp = sub.add_parser(name, help=help_, description=help_)
        sp.set_defaults(func=func)
        return sp

    def server_opts(sp):
        sp.add_argument("--host", default="127.0.0.1", help="địa chỉ lắng nghe (mặc định 127.0.0.1)")
        sp.add_argument("--port", type=int, default=8000, help="cổng (mặc định 8000)")
        sp.add_argument("--threads", type=int, default=8, help="số luồng xử lý (mặc định 8)")
        sp.add_argument("--no-worker", action="store_true",
                        help="không chạy kèm tiến trình công việc nền (khi đã chạy «dangbo worker» riêng)")

    sp = add("demo", "Tạo cơ sở dữ liệu (nếu cần), nạp dữ liệu mẫu, in tài khoản và chạy máy chủ", cmd_demo)
    server_opts(sp)
    sp.add_argument("--no-serve", action="store_true", help="chỉ chuẩn bị dữ liệu, không chạy máy chủ")
    sp.add_argument("--json", action="store_true", help="in kết quả dạng JSON")

    sp = add("serve", "Chạy máy chủ web (waitress; gunicorn với --processes)", cmd_serve)
    server_opts(sp)
    sp.add_argument("--processes", type=int, default=1,
                    help="số tiến trình web (mặc định 1; nhiều hơn 1 cần PostgreSQL và Linux, chạy bằng gunicorn)")
    sp.add_argument("--collectstatic", action="store_true",
                    help="gom lại tệp tĩnh vào DANGBO_DATA_DIR/static trước (tự làm khi tệp thay đổi)")

    sp = add("migrate", "Tạo hoặc cập nhật cấu trúc cơ sở dữ liệu", cmd_migrate)
    sp.add_argument("--json", action="store_true")

    sp = add("createuser", "Tạo tài khoản người dùng với một vai trò", cmd_createuser)
    sp.add_argument("username", help="tên đăng nhập")
    sp.add_argument("--role", required=True, choices=ROLE_CHOICES, help="vai trò")
    sp.add_argument("--org", help="mã tổ chức đảng (bắt buộc với office, secretary, reader)")
    sp.add_argument("--password", help="mật khẩu (bỏ trống để nhập ở bàn phím hoặc đọc một dòng từ stdin)")
    sp.add_argument("--member", help="số thẻ đảng viên hoặc số CCCD của hồ sơ gắn với tài khoản (vai trò member)")
    sp.add_argument("--full-name", help="họ và tên người dùng")
    sp.add_argument("--email")
    sp.add_argument("--json", action="store_true")

    sp = add("audit", "Nhật ký thao tác", None)
    asub = sp.add_subparsers(dest="audit_command", metavar="LỆNH", parser_class=Parser)
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
    sp.add_argument("--shape", choices=["bench", "national"], default="bench",
                    help="bench: tỉnh, khối, cơ sở (mặc định); national: toàn quốc theo các cấp từ 2025 "
                         "(34 tỉnh, thành; đảng bộ xã, phường; không còn cấp huyện)")
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

    from . import jobs as jobs_cli

    ctx = SimpleNamespace(out=say, json_out=print_json, show=show, error=CliError, Progress=ProgressBar, Parser=Parser,
                          command_group=command_group, user=user, organization=organization, reader=reader,
                          viewer=viewer, org_options=org_options, year_option=year_option, date_value=date_value,
                          queued_or_waited=jobs_cli.queued_or_waited)
    jobs_cli.register(sub, ctx)
    # Each app declaring a `cli` module in its AppConfig adds its commands (dangbo.core.registry).
    setup_django()
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
        setup_django()
        # A sub-command that only reads its file says so with set_defaults(no_database=True).
        if not getattr(args, "no_database", False):
            check_database(args.command)
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
        return db_label()
    except Exception:  # noqa: BLE001
        return "?"


if __name__ == "__main__":
    raise SystemExit(main())
