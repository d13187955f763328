"""`dangbo quality --org CODE [--kind K] [--limit N] [--user NAME] [--json]`: the data-quality report of a subtree.

Imported before Django is set up: import Django models inside the handlers only.
"""


def register(sub, ctx) -> None:
    sp = sub.add_parser("quality", help="Chất lượng dữ liệu đảng viên: thiếu CCCD, số thẻ, ngày vô lý, trùng hồ sơ, "
                                        "dự bị quá hạn… của một tổ chức và cấp dưới",
                        description="Chất lượng dữ liệu đảng viên so với yêu cầu của CSDL đảng viên")
    ctx.org_options(
        sp,
        lambda p: p.add_argument("--kind", action="append", help="chỉ loại phát hiện này (mã; có thể nhắc lại)"),
        lambda p: p.add_argument("--limit", type=int, default=100,
                                 help="số dòng tối đa mỗi loại (0: chỉ đếm; mặc định 100)"),
        user_help="tên đăng nhập (báo cáo trong phạm vi của người đó)",
    )

    def run(args):
        from django.utils import timezone

        from dangbo.rules.quality import BY_CODE

        from . import queries

        org = ctx.organization(args.org)
        unknown = [k for k in args.kind or [] if k not in BY_CODE]
        if unknown:
            raise ctx.error(f"Không có loại phát hiện «{unknown[0]}»; các loại: {', '.join(BY_CODE)}.")
        if args.limit < 0:
            raise ctx.error("Số dòng tối đa (--limit) không được âm.")
        _, scope = ctx.reader(args.user, org, "Bạn không có quyền xem dữ liệu đảng viên của «{org.name}».")
        data = queries.report(scope, org, timezone.localdate(), codes=args.kind, limit=args.limit).as_dict()
        return ctx.show(data, args.json, queries.report_text)

    sp.set_defaults(func=run)
