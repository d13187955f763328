"""`dangbo stats ratings`: registered on the `dangbo` command by dangbo/cli.py.

    dangbo stats ratings --org CODE --year 2020 [--json]
    dangbo history ratings --org CODE FILE [--commit] [--json]

The first: counts and percentages per level (below). The second: a published results table (.xlsx/.csv) of any
year from 2008, counts or shares in the year's own scale (evaluations.published_import): a preview, and with
--commit everything or nothing.

Counts and percentages per level for the members and the organisations of the subtree of CODE, with the
previous year beside them (the same figures as the results page and its JSON).

Imported before Django is set up: import Django models inside the handlers only.
"""


def register(sub, ctx) -> None:
    """Add this app's commands to the `dangbo` sub-parsers.

    ctx: out(text), json_out(data), show(data, as_json, text) (the JSON or the text; returns 0),
    error (CliError class: raise error("Vietnamese message")),
    Progress (progress bar context manager), Parser (the argparse parser class for nested sub-parsers).
    """
    ssub = ctx.command_group(sub, "stats", "Thống kê")  # shared with `dangbo stats close|list` (members/cli.py)
    p = ssub.add_parser("ratings", help="Kết quả đánh giá, xếp loại chất lượng của một năm")
    p.add_argument("--org", required=True, help="mã tổ chức đảng")
    p.add_argument("--year", type=int, required=True, help="năm xếp loại, ví dụ 2020")
    p.add_argument("--json", action="store_true")

    def handler(args):
        from dangbo.evaluations import exports, queries
        from dangbo.organizations.models import Organization
        from dangbo.rules.text import format_number, format_percent

        org = Organization.objects.filter(code=args.org).first()
        if org is None:
            raise ctx.error(f"không có tổ chức đảng mã «{args.org}».")
        current = queries.results_summary(org, args.year)
        previous = queries.results_summary(org, args.year - 1)
        data = exports.results_data(org, args.year, current, previous)
        if args.json:
            ctx.json_out(data)
            return 0
        if current is None:
            ctx.out(f"{org.name}: chưa có kết quả xếp loại năm {args.year}.")
            return 0
        ctx.out(f"Kết quả đánh giá, xếp loại chất lượng năm {args.year} – {org.name}")
        if current["source"] == "published":
            ctx.out("(số liệu theo báo cáo đã công bố, không còn dữ liệu từng đảng viên)")
        for g in current.get("published", []):  # its own scale (before 2018) or shares only: as published
            ctx.out(f"Theo {g['document']} ({'chỉ công bố tỷ lệ' if g['as_shares'] else 'số lượng'}; nguồn: "
                    f"{'; '.join(g['source_documents'])}):")
            for part, title in (("organizations", "Tổ chức đảng"), ("members", "Đảng viên")):
                for r in g[part]:
                    figure = format_percent(r["share"], r["decimals"]) if r["count"] is None else \
                        f"{format_number(r['count'])} ({format_percent(r['share'], 1)})"
                    ctx.out(f"  {title}: {'trong đó ' if r['within'] else ''}{r['label']}: {figure}")
        if current.get("published") and not current["members"]["rated"] and not current["organizations"]["rated"]:
            return 0
        for part, title in (("organizations", "Tổ chức đảng"), ("members", "Đảng viên")):
            d = data[part]
            ctx.out(f"{title}: {format_number(d['counts']['rated'])} được xếp loại")
            for k, label in data["levels"].items():
                change = ""
                if d["change"] is not None:
                    c = d["change"][k]
                    change = f" (năm {args.year - 1}: {format_number(d['previous'][k])}, {'+' if c > 0 else ''}" \
                             f"{format_number(c)})"
                ctx.out(f"  {label}: {format_number(d['counts'][k])} "
                        f"({format_percent(d['percent'][k], 1)}){change}")
        return 0

    p.set_defaults(func=handler)
    _register_history(sub, ctx)


def _register_history(sub, ctx) -> None:
    hsub = ctx.command_group(sub, "history", "Số liệu các năm trước")
    p = hsub.add_parser("ratings", help="Nhập bảng kết quả xếp loại đã công bố (số lượng hoặc tỷ lệ, từ năm 2008, "
                                        "theo thang của từng năm)")
    p.add_argument("--org", required=True, help="mã tổ chức đảng (các dòng không ghi mã là của tổ chức này)")
    p.add_argument("file", help="tệp .xlsx hoặc .csv")
    p.add_argument("--commit", action="store_true", help="ghi (mặc định chỉ xem trước)")
    p.add_argument("--json", action="store_true")

    def handler(args):
        from django.core.exceptions import ValidationError

        from dangbo.evaluations import published_import
        from dangbo.organizations.models import Organization

        org = Organization.objects.filter(code=args.org).first()
        if org is None:
            raise ctx.error(f"không có tổ chức đảng mã «{args.org}».")
        try:
            with open(args.file, "rb") as fh:
                data = fh.read()
        except OSError:
            raise ctx.error(f"không đọc được tệp «{args.file}».") from None
        if args.commit:
            try:
                result = published_import.commit(None, org, data, args.file)
            except ValidationError as exc:
                raise ctx.error(" ".join(exc.messages)) from None
        else:
            result = published_import.preview(org, data, args.file)
        groups = [{"organization": g["org"].code, "year": g["year"], "scale": g["scale"].document,
                   "as_shares": g["as_shares"], "members": g["members"], "organizations": g["organizations"],
                   "source_document": g["source_document"]} for g in result.groups]
        if args.json:
            ctx.json_out({"committed": bool(args.commit and not result.errors), "groups": groups,
                          "errors": [str(e) for e in result.errors]})
            return 1 if result.errors else 0
        for e in result.errors:
            ctx.out(f"Lỗi: {e}")
        for g in groups:
            kind = "tỷ lệ" if g["as_shares"] else "số lượng"
            ctx.out(f"{g['organization']} năm {g['year']} ({g['scale']}; {kind}): đảng viên {g['members']}; "
                    f"tổ chức {g['organizations']}")
        if result.errors:
            return 1
        ctx.out(f"Đã ghi {len(groups)} tổ chức-năm." if args.commit else
                f"Xem trước: {len(groups)} tổ chức-năm hợp lệ; thêm --commit để ghi.")
        return 0

    p.set_defaults(func=handler)
