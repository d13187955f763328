"""`dangbo inspection list --org CODE [--year Y] [--json] [--user NAME]`: the year's inspections and
supervisions of an organisation and its subtree, with the figures of the reports' «kiểm tra, giám sát» section.

Imported before Django is set up: import Django models inside the handlers only.
"""


def register(sub, ctx) -> None:
    sp = sub.add_parser("inspection", help="Kiểm tra, giám sát, kỷ luật đảng", description="Kiểm tra, giám sát")
    isub = sp.add_subparsers(dest="inspection_command", metavar="LỆNH", parser_class=ctx.Parser)
    lp = isub.add_parser("list", help="Các cuộc kiểm tra, giám sát trong năm của một tổ chức và cấp dưới, với số "
                                      "liệu cho báo cáo")
    lp.add_argument("--org", required=True, help="mã tổ chức đảng")
    lp.add_argument("--year", type=int, help="năm (mặc định: năm nay)")
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
        today = timezone.localdate()
        year = today.year if args.year is None else args.year
        if not (2000 <= year <= today.year + 1):
            raise ctx.error(f"Năm {year} không hợp lệ (từ 2000 đến {today.year + 1}).")
        actor = None
        if args.user:
            actor = get_user_model().objects.filter(username=args.user).first()
            if actor is None:
                raise ctx.error(f"Không có người dùng «{args.user}».")
        require(actor, READ, org, f"Bạn không có quyền xem công tác kiểm tra, giám sát của «{org.name}».")
        scope = scope_for(actor) if actor is not None else Scope(is_admin=True)
        data = queries.inspection_report(scope, org, year, today)
        return ctx.show(data, args.json, queries.report_text)

    lp.set_defaults(func=list_)
