"""`dangbo dossier check --org CODE [--json] [--user NAME]`: every open item of dossier upkeep under an
organisation (phiếu bổ sung not returned, late dossiers of transfers in, late slips, loans not returned, lost
cards not reissued, the 6-monthly reconciliation), the same items as "việc cần làm".

Imported before Django is set up: import Django models inside the handlers only.
"""


def register(sub, ctx) -> None:
    dsub = ctx.command_group(sub, "dossier", "Quản lý hồ sơ đảng viên")
    cp = dsub.add_parser("check", help="Các việc còn mở về hồ sơ đảng viên của một tổ chức và cấp dưới")
    ctx.org_options(cp, user_help="tên đăng nhập (chỉ trong phạm vi của người đó)")

    def check(args):
        from django.utils import timezone

        from . import queries

        org = ctx.organization(args.org)
        _, scope = ctx.reader(args.user, org, "Bạn không có quyền xem hồ sơ đảng viên của «{org.name}».")
        data = queries.check_report(scope, org, timezone.localdate())
        return ctx.show(data, args.json, queries.report_text)

    cp.set_defaults(func=check)
