"""`dangbo quality --org CODE [--kind K] [--limit N] [--user NAME] [--json]`: the data-quality report of a subtree.

Imported before Django is set up: import Django models inside the handlers only.
"""


def register(sub, ctx) -> None:
    sp = sub.add_parser("quality", help="Chất lượng dữ liệu đảng viên: thiếu CCCD, số thẻ, ngày vô lý, trùng hồ sơ, "
                                        "dự bị quá hạn… của một tổ chức và cấp dưới",
                        description="Chất lượng dữ liệu đảng viên so với yêu cầu của CSDL đảng viên")
    sp.add_argument("--org", required=True, help="mã tổ chức đảng")
    sp.add_argument("--kind", action="append", help="chỉ loại phát hiện này (mã; có thể nhắc lại)")
    sp.add_argument("--limit", type=int, default=100, help="số dòng tối đa mỗi loại (0: chỉ đếm; mặc định 100)")
    sp.add_argument("--user", help="tên đăng nhập (báo cáo trong phạm vi của người đó)")
    sp.add_argument("--json", action="store_true")

    def run(args):
        from django.contrib.auth import get_user_model
        from django.utils import timezone

        from dangbo.core.scopes import READ, Scope, require, scope_for
        from dangbo.organizations.models import Organization
        from dangbo.rules.quality import BY_CODE

        from . import queries

        org = Organization.objects.filter(code=args.org).first()
        if org is None:
            raise ctx.error(f"Không có tổ chức đảng mã «{args.org}».")
        unknown = [k for k in args.kind or [] if k not in BY_CODE]
        if unknown:
            raise ctx.error(f"Không có loại phát hiện «{unknown[0]}»; các loại: {', '.join(BY_CODE)}.")
        if args.limit < 0:
            raise ctx.error("Số dòng tối đa (--limit) không được âm.")
        actor = None
        if args.user:
            actor = get_user_model().objects.filter(username=args.user).first()
            if actor is None:
                raise ctx.error(f"Không có người dùng «{args.user}».")
        require(actor, READ, org, f"Bạn không có quyền xem dữ liệu đảng viên của «{org.name}».")
        scope = scope_for(actor) if actor is not None else Scope(is_admin=True)
        data = queries.report(scope, org, timezone.localdate(), codes=args.kind, limit=args.limit).as_dict()
        return ctx.show(data, args.json, queries.report_text)

    sp.set_defaults(func=run)
