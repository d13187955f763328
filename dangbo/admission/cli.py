"""`dangbo admission list --org CODE [--json] [--user NAME]`: the pipeline of an organisation and its subtree.

Imported before Django is set up: import Django models inside the handlers only.
"""


def register(sub, ctx) -> None:
    sp = sub.add_parser("admission", help="Phát triển đảng viên: danh sách quần chúng ưu tú và hồ sơ kết nạp",
                        description="Phát triển đảng viên")
    asub = sp.add_subparsers(dest="admission_command", metavar="LỆNH", parser_class=ctx.Parser)
    lp = asub.add_parser("list", help="Danh sách người trong quy trình kết nạp của một tổ chức và cấp dưới, với "
                                      "hồ sơ còn thiếu, hết giá trị hoặc quá hạn")
    lp.add_argument("--org", required=True, help="mã tổ chức đảng")
    lp.add_argument("--all", action="store_true", help="cả người đã kết nạp và đã đưa khỏi danh sách")
    lp.add_argument("--user", help="tên đăng nhập (danh sách trong phạm vi của người đó)")
    lp.add_argument("--json", action="store_true")

    def list_(args):
        from django.contrib.auth import get_user_model
        from django.utils import timezone

        from dangbo.core.scopes import READ, Scope, require, scope_for
        from dangbo.organizations.models import Organization

        from . import queries

        org = Organization.objects.filter(code=args.org).first()
        if org is None:
            raise ctx.error(f"Không có tổ chức đảng mã «{args.org}».")
        actor = None
        if args.user:
            actor = get_user_model().objects.filter(username=args.user).first()
            if actor is None:
                raise ctx.error(f"Không có người dùng «{args.user}».")
        require(actor, READ, org, f"Bạn không có quyền xem hồ sơ phát triển đảng viên của «{org.name}».")
        scope = scope_for(actor) if actor is not None else Scope(is_admin=True)
        data = queries.pipeline_report(scope, org, timezone.localdate(), include_all=args.all)
        return ctx.show(data, args.json, queries.report_text)

    lp.set_defaults(func=list_)
