"""`dangbo 2fa reset USER --by ADMIN`: an administrator removes a user's 2FA device (a lost phone), audited.

Imported before Django is set up: import Django models inside the handlers only.
"""


def register(sub, ctx) -> None:
    tsub = ctx.command_group(sub, "2fa", "Xác thực hai bước", dest="twofactor_command")
    rp = tsub.add_parser("reset", help="Đặt lại xác thực hai bước của một tài khoản (mất điện thoại)")
    rp.add_argument("username", help="tài khoản cần đặt lại")
    rp.add_argument("--by", required=True, help="tên đăng nhập của quản trị hệ thống thực hiện (ghi nhật ký)")
    rp.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    rp.set_defaults(func=lambda args: run_reset(args, ctx))


def run_reset(args, ctx) -> int:
    from django.contrib.auth import get_user_model
    from django.core.exceptions import PermissionDenied, ValidationError

    from . import actions

    users = get_user_model().objects
    actor = users.filter(username=args.by, is_active=True).first()
    if actor is None:
        raise ctx.error(f"Không có tài khoản «{args.by}» (hoặc tài khoản đã bị khóa).")
    user = users.filter(username=args.username).first()
    if user is None:
        raise ctx.error(f"Không có tài khoản «{args.username}».")
    try:
        actions.reset(actor, user)
    except ValidationError as e:
        raise ctx.error("; ".join(e.messages))
    except PermissionDenied as e:  # not an administrator (actions._administrator)
        raise ctx.error(str(e))
    return ctx.show({"ok": True, "username": user.username}, args.json,
                    f"Đã đặt lại xác thực hai bước của «{user.username}»: lần đăng nhập tới, tài khoản phải bật lại.")
