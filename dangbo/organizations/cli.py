"""`dangbo org move|merge|tree`: whole organisations moved by one decision, and the tree as of any date.

    dangbo org move CODE --to PARENT --date D --decision "1788-QĐ/TU" [--decision-date D] [--issuer …] [--record …]
    dangbo org merge CODE --into CODE --date D --decision "…" [--decision-date D] [--issuer …] [--record …]
    dangbo org tree [--org CODE] [--as-of DATE] [--user NAME] [--json]
    dangbo org committee --org CODE [--as-of DATE] [--user NAME] [--json]

Dates are dd/mm/yyyy (or yyyy-mm-dd). Imported before Django is set up: import Django models inside the handlers.
"""

from datetime import date


def _decision_options(p):
    p.add_argument("--date", required=True, help="ngày hiệu lực, dd/mm/yyyy")
    p.add_argument("--decision", required=True, help="số quyết định, ví dụ «1788-QĐ/TU»")
    p.add_argument("--decision-date", help="ngày quyết định, dd/mm/yyyy")
    p.add_argument("--issuer", default="", help="cơ quan ban hành")
    p.add_argument("--record", default="", help="biên bản bàn giao: số, ngày, nội dung")
    p.add_argument("--user", help="tên đăng nhập của người thực hiện (mặc định: việc của hệ thống)")
    p.add_argument("--json", action="store_true")


def _as_of_options(p, *, org_required: bool, org_help: str, user_help: str) -> None:
    p.add_argument("--org", required=org_required, help=org_help)
    p.add_argument("--as-of", help="ngày, dd/mm/yyyy (mặc định: hôm nay)")
    p.add_argument("--user", help=user_help)
    p.add_argument("--json", action="store_true")


def _as_of_viewer(ctx, args):
    """(date, scope, org) of a read as of --as-of (default today) in the scope of --user."""
    from django.utils import timezone

    on = ctx.date_value(args.as_of, "--as-of") if args.as_of else timezone.localdate()
    _actor, scope, org = ctx.viewer(args.user, args.org)
    return on, scope, org


def _decision_command(osub, ctx, run, name: str, help_text: str, *, code_help: str, target: str, target_help: str):
    """`dangbo org NAME CODE --TARGET CODE` and a decision's options: `run(args, org, target org, actor)`."""
    p = osub.add_parser(name, help=help_text)
    p.add_argument("code", help=code_help)
    p.add_argument(f"--{target}", required=True, help=target_help)
    _decision_options(p)
    p.set_defaults(func=lambda args: run(args, ctx.organization(args.code), ctx.organization(getattr(args, target)),
                                         ctx.user(args.user)))


def _decision(ctx, args) -> dict:
    return {"effective_date": ctx.date_value(args.date, "--date"), "decision_number": args.decision,
            "decision_date": ctx.date_value(args.decision_date, "--decision-date") if args.decision_date else None,
            "issuer": args.issuer, "record": args.record}


def tree_text(data: dict) -> str:
    from dangbo.rules.text import format_date, format_number

    lines = [f"Cây tổ chức tại ngày {format_date(date.fromisoformat(data['as_of']))}"]
    for r in data["organizations"]:
        lines.append(f"{'  ' * r['level']}{r['name']} [{r['code']}] — {r['kind_label']}: "
                     f"{format_number(r['total'])} đảng viên ({format_number(r['official'])} chính thức, "
                     f"{format_number(r['probationary'])} dự bị)")
    if not data["organizations"]:
        lines.append("(không có tổ chức nào tại ngày này)")
    return "\n".join(lines)


def register(sub, ctx) -> None:
    sp = sub.add_parser("org", help="Tổ chức đảng: chuyển, hợp nhất theo quyết định; cây tổ chức tại một ngày",
                        description="Tổ chức đảng")
    osub = sp.add_subparsers(dest="org_command", metavar="LỆNH", parser_class=ctx.Parser)

    def move(args, org, to, actor):
        from . import actions

        m = actions.move_organization(actor, org, to, **_decision(ctx, args))
        data = {"organization": org.code, "from": m.old_parent.code if m.old_parent else None, "to": to.code,
                "effective_date": m.effective_date.isoformat(), "decision_number": m.decision_number,
                "organizations_moved": m.organizations_moved, "members_moved": m.members_moved}
        return ctx.show(data, args.json, lambda d: (
            f"Đã chuyển «{org.name}» về trực thuộc «{to.name}» từ ngày {args.date} theo quyết định số "
            f"{d['decision_number']}: {d['organizations_moved']} tổ chức, {d['members_moved']} đảng viên."))

    _decision_command(osub, ctx, move, "move", "Chuyển toàn bộ một tổ chức (cùng tổ chức trực thuộc và đảng viên) về "
                      "trực thuộc tổ chức khác theo một quyết định", code_help="mã tổ chức được chuyển",
                      target="to", target_help="mã tổ chức cấp trên mới")

    def merge(args, src, target, actor):
        from . import actions

        actions.merge_organizations(actor, [src], target, **_decision(ctx, args))
        src.refresh_from_db()
        data = {"organization": src.code, "into": target.code, "status": src.status,
                "effective_date": ctx.date_value(args.date, "--date").isoformat(), "decision_number": args.decision}
        return ctx.show(data, args.json, lambda d: (
            f"Đã hợp nhất «{src.name}» vào «{target.name}» từ ngày {args.date} theo quyết định số "
            f"{args.decision}."))

    _decision_command(osub, ctx, merge, "merge", "Hợp nhất, sáp nhập một tổ chức vào tổ chức khác theo một quyết "
                      "định: tổ chức trực thuộc và đảng viên chuyển về tổ chức tiếp nhận, tổ chức bị hợp nhất kết thúc "
                      "hoạt động", code_help="mã tổ chức được hợp nhất (kết thúc hoạt động)", target="into",
                      target_help="mã tổ chức tiếp nhận")

    tp = osub.add_parser("tree", help="Cây tổ chức và đảng số tại một ngày (mặc định: hôm nay)")
    _as_of_options(tp, org_required=False, org_help="mã tổ chức (mặc định: toàn bộ trong phạm vi)",
                   user_help="tên đăng nhập (cây trong phạm vi của người đó)")

    def tree(args):
        from . import queries

        on, scope, org = _as_of_viewer(ctx, args)
        if org is None and not scope.is_admin:
            raise ctx.error("Hãy chọn một tổ chức trong phạm vi của bạn: --org MÃ.")
        data = {"as_of": on.isoformat(), "organization": org.code if org else None,
                "organizations": queries.tree_rows(scope, on, org)}
        return ctx.show(data, args.json, tree_text)

    tp.set_defaults(func=tree)
    register_committee(osub, ctx)


def committee_text(data: dict) -> str:
    from dangbo.rules.text import format_date

    on = format_date(date.fromisoformat(data["as_of"]))
    t = data["term"]
    if t is None:
        return f"Cấp ủy {data['organization']} tại ngày {on}: chưa có nhiệm kỳ nào được chuẩn y hoặc chỉ định."
    lines = [f"Cấp ủy tại ngày {on}: khóa {t['ordinal']}, nhiệm kỳ {t['label']} ({t['origin_label']}, quyết định "
             f"{t['decision_number']} ngày {format_date(date.fromisoformat(t['decision_date']))}); "
             f"{data['committee_size']} cấp ủy viên"]
    for m in data["members"]:
        lines.append(f"  {m['full_name']} – {m['position_label']}, từ {format_date(date.fromisoformat(m['from']))} "
                     f"(quyết định {m['decision_number']})")
    return "\n".join(lines)


def register_committee(osub, ctx) -> None:
    cp = osub.add_parser("committee", help="Cấp ủy của một tổ chức tại một ngày (mặc định: hôm nay)")
    _as_of_options(cp, org_required=True, org_help="mã tổ chức", user_help="tên đăng nhập (trong phạm vi của người đó)")

    def committee(args):
        from .committee import committee_as_of

        on, _scope, org = _as_of_viewer(ctx, args)
        return ctx.show(committee_as_of(org, on).as_dict(), args.json, committee_text)

    cp.set_defaults(func=committee)
