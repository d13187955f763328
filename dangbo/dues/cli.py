"""`dangbo dues …`: registered on the `dangbo` command by dangbo/cli.py through the app registry.

    dangbo dues calc FILE [--json]                       no database (docs/dues-file.md)
    dangbo dues import-payments FILE [--dry-run] [--user NAME] [--json]
    dangbo dues import-profiles FILE [--dry-run] [--user NAME] [--json]   (payroll: category, base, from month)
    dangbo dues report --org CODE --year Y [--month M | --quarter Q] [--user NAME] [--json]

Imported before Django is set up: import Django models inside the handlers only.
"""


def register(sub, ctx) -> None:
    dsub = ctx.command_group(sub, "dues", "Đảng phí: tính mức đóng, nhập khoản nộp qua Cổng DVC, báo cáo", "Đảng phí")
    cp = dsub.add_parser("calc", help="Tính đảng phí của các đảng viên trong tệp JSON/xlsx (docs/dues-file.md), "
                                      "không cần cơ sở dữ liệu")
    cp.add_argument("file", help="tệp mô tả đảng viên (.json, .xlsx hoặc .csv)")
    cp.add_argument("--json", action="store_true", help="in kết quả dạng JSON")

    def calc(args):
        from . import calcfile

        try:
            rows, settings = calcfile.load(args.file)
            data = calcfile.compute(rows, settings)
        except ValueError as exc:  # DuesFileError and the settings' own checks
            raise ctx.error(str(exc)) from exc
        return ctx.show(data, args.json, calcfile.table)

    cp.set_defaults(func=calc, no_database=True)

    def import_parser(name, help_, file_help=None):
        p = dsub.add_parser(name, help=help_)
        p.add_argument("file", help=file_help)
        p.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không ghi")
        p.add_argument("--user", help="tên đăng nhập của người nhập (phạm vi của người đó)")
        p.add_argument("--json", action="store_true")
        return p

    ip = import_parser("import-payments", "Nhập các khoản nộp đảng phí từ tệp xuất của Cổng Dịch vụ công",
                       "tệp .xlsx hoặc .csv của Cổng")

    def import_payments(args):
        from . import portal

        actor = ctx.user(args.user)
        result = (portal.preview if args.dry_run else portal.commit)(actor, args.file)
        data = {**result.as_dict(), "written": not args.dry_run}
        if args.json:
            ctx.json_out(data)
            return 0
        from dangbo.rules.text import format_number

        verb = "Sẽ nhập" if args.dry_run else "Đã nhập"
        ctx.out(f"{verb} {data['good']} khoản nộp, {format_number(data['total'])} đồng.")
        if data["already_imported"]:
            ctx.out(f"Bỏ qua {data['already_imported']} giao dịch đã nhập trước đây.")
        for title, key in (("Không khớp", "unmatched"), ("Lỗi", "errors")):
            for line in data[key]:
                ctx.out(f"{title}: {line['problem']}")
        return 0

    ip.set_defaults(func=import_payments)

    pp = import_parser("import-profiles", "Nhập mức đóng đảng phí từ bảng lương (.xlsx/.csv): xem trước, "
                                          "ghi tất cả hoặc không ghi gì")

    def import_profiles(args):
        from . import payroll

        actor = ctx.user(args.user)
        result = (payroll.preview if args.dry_run else payroll.commit)(actor, args.file)
        data = {"rows": len(result.rows), "errors": result.errors, "written": not args.dry_run}
        if args.json:
            ctx.json_out(data)
        else:
            ctx.out(f"{'Sẽ nhập' if args.dry_run else 'Đã nhập'} mức đóng của {len(result.rows)} đảng viên.")
            for e in result.errors:
                ctx.out(f"Lỗi: {e}")
        return 0

    pp.set_defaults(func=import_profiles)

    rp = dsub.add_parser("report", help="Báo cáo thu, nộp đảng phí của một tổ chức và cấp dưới")
    ctx.org_options(
        rp,
        lambda p: p.add_argument("--year", type=int, required=True),
        lambda p: p.add_argument("--month", type=int),
        lambda p: p.add_argument("--quarter", type=int, help="quý 1-4 (bỏ qua khi có --month)"),
        user_help="tên đăng nhập (báo cáo trong phạm vi của người đó)",
    )

    def report(args):
        from . import report as builder

        org = ctx.organization(args.org)
        if args.month is not None and not 1 <= args.month <= 12:
            raise ctx.error("Tháng phải từ 1 đến 12.")
        if args.quarter is not None and not 1 <= args.quarter <= 4:
            raise ctx.error("Quý phải từ 1 đến 4.")
        if not 2011 <= args.year <= 2100:
            raise ctx.error("Năm phải từ 2011 đến 2100.")
        ctx.reader(args.user, org, "Bạn không có quyền xem đảng phí của «{org.name}».")
        data = builder.build(org, args.year, args.month, args.quarter)
        return ctx.show(data, args.json, builder.text)

    rp.set_defaults(func=report)

    def month_arg(p):
        p.add_argument("--month", required=True, help="tháng, dạng MM/YYYY (ví dụ 11/2026)")

    def background_arg(p):
        p.add_argument("--background", action="store_true",
                       help="xếp vào hàng đợi công việc nền (dangbo worker) và in số công việc")

    for name, help_, enqueue_name in (
        ("generate", "Lập (tính lại) sổ đảng phí một tháng của tổ chức và cấp dưới", "enqueue_month"),
        ("close", "Khóa sổ đảng phí một tháng của tổ chức", "enqueue_close"),
    ):
        gp = dsub.add_parser(name, help=help_)
        ctx.org_options(gp, month_arg, background_arg, user_help="tên đăng nhập của người làm (phạm vi của người đó)")

        def run_job(args, enqueue_name=enqueue_name):
            from django.core.exceptions import ValidationError

            from dangbo.core import jobs as core_jobs

            from . import jobs
            from .forms import MonthField

            try:
                month = MonthField().clean(args.month)
            except ValidationError as e:
                raise ctx.error(f"--month «{args.month}»: " + "; ".join(e.messages)) from e
            actor, org = ctx.user(args.user), ctx.organization(args.org)
            job = getattr(jobs, enqueue_name)(actor, org, month, queue=args.background)
            if args.background:
                return ctx.queued_or_waited(job, args)
            with ctx.Progress(100, job.label, enabled=not args.json) as bar:
                done = [0]

                def echo(d, total, message):
                    n = int(d * 100 / total) if total else 0
                    if n > done[0]:
                        bar.advance(n - done[0])
                        done[0] = n

                core_jobs.execute(job.pk, echo=echo)
            return ctx.queued_or_waited(job, args)

        gp.set_defaults(func=run_job)
