"""`dangbo admission list --org CODE [--json] [--user NAME]`: the pipeline of an organisation and its subtree.

Imported before Django is set up: import Django models inside the handlers only.
"""


def register(sub, ctx) -> None:
    asub = ctx.command_group(sub, "admission", "Phát triển đảng viên: danh sách quần chúng ưu tú và hồ sơ kết nạp",
                             "Phát triển đảng viên")
    lp = asub.add_parser("list", help="Danh sách người trong quy trình kết nạp của một tổ chức và cấp dưới, với "
                                      "hồ sơ còn thiếu, hết giá trị hoặc quá hạn")
    ctx.org_options(lp, lambda p: p.add_argument("--all", action="store_true",
                                                 help="cả người đã kết nạp và đã đưa khỏi danh sách"))

    def list_(args):
        from django.utils import timezone

        from . import queries

        org = ctx.organization(args.org)
        _, scope = ctx.reader(args.user, org, "Bạn không có quyền xem hồ sơ phát triển đảng viên của «{org.name}».")
        data = queries.pipeline_report(scope, org, timezone.localdate(), include_all=args.all)
        return ctx.show(data, args.json, queries.report_text)

    lp.set_defaults(func=list_)
