"""`dangbo inspection list --org CODE [--year Y] [--json] [--user NAME]`: the year's inspections and
supervisions of an organisation and its subtree, with the figures of the reports' «kiểm tra, giám sát» section.

Imported before Django is set up: import Django models inside the handlers only.
"""


def register(sub, ctx) -> None:
    isub = ctx.command_group(sub, "inspection", "Kiểm tra, giám sát, kỷ luật đảng", "Kiểm tra, giám sát")
    lp = isub.add_parser("list", help="Các cuộc kiểm tra, giám sát trong năm của một tổ chức và cấp dưới, với số "
                                      "liệu cho báo cáo")
    ctx.org_options(lp, lambda p: p.add_argument("--year", type=int, help="năm (mặc định: năm nay)"))

    def list_(args):
        from django.utils import timezone

        from . import queries

        org = ctx.organization(args.org)
        today = timezone.localdate()
        year = today.year if args.year is None else args.year
        if not (2000 <= year <= today.year + 1):
            raise ctx.error(f"Năm {year} không hợp lệ (từ 2000 đến {today.year + 1}).")
        _, scope = ctx.reader(args.user, org, "Bạn không có quyền xem công tác kiểm tra, giám sát của «{org.name}».")
        data = queries.inspection_report(scope, org, year, today)
        return ctx.show(data, args.json, queries.report_text)

    lp.set_defaults(func=list_)
