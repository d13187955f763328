"""`dangbo stats close|list`: closed periods (chốt số liệu, members/closing.py).

    dangbo stats close --date D [--user NAME] [--background] [--json]   the register's state on D kept in a table
    dangbo stats list [--json]                                           the closed dates

Dates are dd/mm/yyyy (or yyyy-mm-dd). Imported before Django is set up: import Django models inside the handlers.
"""

from datetime import date


def register(sub, ctx) -> None:
    ssub = ctx.command_group(sub, "stats", "Thống kê")  # shared with `dangbo stats ratings` (evaluations/cli.py)
    cp = ssub.add_parser("close", help="Chốt số liệu đảng viên của toàn bộ sổ tại một ngày đã qua (cuối năm, "
                                       "ngày báo cáo); chốt lại một ngày thì tính lại")
    cp.add_argument("--date", required=True, help="ngày chốt, dd/mm/yyyy (ví dụ 31/12/2025)")
    cp.add_argument("--user", help="tên đăng nhập của quản trị hệ thống thực hiện (mặc định: việc của hệ thống)")
    cp.add_argument("--background", action="store_true",
                    help="xếp vào hàng đợi công việc nền (dangbo worker) và in số công việc")
    cp.add_argument("--json", action="store_true")

    def close(args):
        from django.utils import timezone

        from dangbo.core import jobs as core_jobs
        from dangbo.core.scopes import scope_for

        from . import jobs

        on = ctx.date_value(args.date, "--date")
        if on > timezone.localdate():
            raise ctx.error(f"Ngày chốt số liệu {on:%d/%m/%Y} ở tương lai: chỉ chốt được kỳ đã qua.")
        actor = ctx.user(args.user)
        if actor is not None and not scope_for(actor).is_admin:
            raise ctx.error("Chỉ quản trị hệ thống được chốt số liệu của toàn bộ sổ đảng viên.")
        job = jobs.enqueue_close(actor, on, queue=args.background)
        if not args.background:
            core_jobs.execute(job.pk)
        return ctx.queued_or_waited(job, args)

    cp.set_defaults(func=close)

    lp = ssub.add_parser("list", help="Các ngày đã chốt số liệu")
    lp.add_argument("--json", action="store_true")

    def listing(args):
        from .closing import counts
        from .models import ClosedPeriod

        rows = []
        for p in ClosedPeriod.objects.order_by("on"):
            o, pr = counts("", p.on).get("", (0, 0))
            rows.append({"on": p.on.isoformat(), "closed_at": p.closed_at.isoformat(), "official": o,
                         "probationary": pr})
        if args.json:
            ctx.json_out({"closed": rows})
            return 0
        if not rows:
            ctx.out("Chưa chốt số liệu ngày nào.")
        for r in rows:
            ctx.out(f"{date.fromisoformat(r['on']):%d/%m/%Y}: {r['official'] + r['probationary']} đảng viên "
                    f"({r['official']} chính thức, {r['probationary']} dự bị)")
        return 0

    lp.set_defaults(func=listing)
