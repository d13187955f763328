"""`dangbo dossier check --org CODE [--json] [--user NAME]`: every open item of dossier upkeep under an
organisation (phiếu bổ sung not returned, late dossiers of transfers in, late slips, loans not returned, lost
cards not reissued, the 6-monthly reconciliation), the same items as "việc cần làm".

Imported before Django is set up: import Django models inside the handlers only.
"""


def register(sub, ctx) -> None:
    sp = sub.add_parser("dossier", help="Quản lý hồ sơ đảng viên", description="Quản lý hồ sơ đảng viên")
    dsub = sp.add_subparsers(dest="dossier_command", metavar="LỆNH", parser_class=ctx.Parser)
    cp = dsub.add_parser("check", help="Các việc còn mở về hồ sơ đảng viên của một tổ chức và cấp dưới")
    cp.add_argument("--org", required=True, help="mã tổ chức đảng")
    cp.add_argument("--user", help="tên đăng nhập (chỉ trong phạm vi của người đó)")
    cp.add_argument("--json", action="store_true")

    def check(args):
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
        require(actor, READ, org, f"Bạn không có quyền xem hồ sơ đảng viên của «{org.name}».")
        scope = scope_for(actor) if actor is not None else Scope(is_admin=True)
        data = queries.check_report(scope, org, timezone.localdate())
        return ctx.show(data, args.json, queries.report_text)

    cp.set_defaults(func=check)
