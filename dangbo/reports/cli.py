"""`dangbo report year-end` and `dangbo report check`: registered on the `dangbo` command by dangbo/cli.py.

Imported before Django is set up: import Django models inside the handlers only.
"""

import os
import tempfile


def register(sub, ctx) -> None:
    """Add this app's commands to the `dangbo` sub-parsers."""
    sp = sub.add_parser("report", help="Lập báo cáo từ dữ liệu", description="Lập báo cáo từ dữ liệu")
    rsub = sp.add_subparsers(dest="report_command", metavar="LOẠI", parser_class=ctx.Parser)
    yp = rsub.add_parser("year-end", help="Báo cáo tổng kết công tác xây dựng Đảng năm (.docx, PDF, tin bài)")
    yp.add_argument("--org", required=True, help="mã tổ chức đảng")
    yp.add_argument("--year", type=int, required=True, help="năm báo cáo, ví dụ 2020")
    yp.add_argument("-o", "--output", help="tệp .docx kết quả")
    yp.add_argument("--pdf", action="store_true", help="xuất thêm tệp PDF (cần LibreOffice)")
    yp.add_argument("--news", help="ghi thêm tin bài cho cổng thông tin vào tệp .txt này")
    yp.add_argument("--place", default="", help="địa danh ở dòng ngày tháng, ví dụ «Tam Kỳ»")
    yp.add_argument("--user", help="tên đăng nhập: báo cáo trong phạm vi của người đó (mặc định: toàn bộ)")
    yp.add_argument("--json", action="store_true", help="in số liệu của báo cáo dạng JSON")
    yp.add_argument("--background", action="store_true",
                    help="xếp vào hàng đợi công việc nền (dangbo worker), in số công việc; tệp .docx ở trang công việc")
    yp.add_argument("--document", action="store_true",
                    help="xuất văn kiện báo cáo đã viết trong dangbo (các mục và số liệu; bản dự thảo ghi «DỰ THẢO», "
                         "bản đã ban hành là tệp đã lưu) thay cho bảng số liệu")
    yp.set_defaults(func=lambda args: run(args, ctx))
    cp = rsub.add_parser("check", help="Kiểm tra số liệu của báo cáo năm (in các điểm cần lưu ý; luôn trả về 0)")
    cp.add_argument("--org", required=True, help="mã tổ chức đảng")
    cp.add_argument("--year", type=int, required=True, help="năm báo cáo, ví dụ 2020")
    cp.add_argument("--user", help="tên đăng nhập: kiểm tra trong phạm vi của người đó (mặc định: toàn bộ)")
    cp.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    cp.set_defaults(func=lambda args: run_check(args, ctx))


def run_check(args, ctx) -> int:
    """The report's self-checks; findings are information for the office, so the exit code is 0."""
    from . import data as report_data
    from .checks import summary_line
    from .serialize import jsonable

    _, scope, org = ctx.viewer(args.user, args.org)
    data = report_data.build(scope, org, args.year)
    if args.json:
        ctx.json_out(jsonable({"organization": {"code": org.code, "name": org.name}, "year": args.year,
                               "provisional": data["provisional"], "coverage": data["coverage"],
                               "checks": data["checks"]}))
        return 0
    ctx.out(f"Kiểm tra số liệu năm {args.year} của {org.name}")
    ctx.out(summary_line(data["checks"]))
    for i, c in enumerate(data["checks"], 1):
        ctx.out(f"{i}. {c['title']}: {c['message']}")
        if c["document"]:
            ctx.out(f"   Căn cứ: {c['document']}" + (f" – «{c['clause']}»" if c["clause"] else ""))
    return 0


def run(args, ctx) -> int:
    from django.utils import timezone

    from . import data as report_data
    from . import news, render
    from .actions import record_year_end
    from .serialize import jsonable

    actor, scope, org = ctx.viewer(args.user, args.org)
    if getattr(args, "background", False):
        if args.document or args.pdf or args.news:
            raise ctx.error("--background chỉ lập tệp .docx của báo cáo (không dùng cùng --document, --pdf, --news).")
        from .jobs import enqueue_year_end

        return ctx.queued_or_waited(enqueue_year_end(actor, org, args.year, place=args.place), args)
    if not args.output and not args.json and not args.news:
        raise ctx.error("Cần -o TỆP.docx (hoặc --json, --news).")
    made_on = timezone.localdate()
    if args.document:
        return run_document(args, ctx, actor, scope, org, made_on)
    data = report_data.build(scope, org, args.year, place=args.place, made_on=made_on)
    written = []
    if args.output:
        folder = _folder(args.output, ctx)
        fd, tmp = tempfile.mkstemp(prefix=".dangbo-report-", suffix=".docx", dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                render.render_docx(data, fh, made_on=made_on)
            os.replace(tmp, args.output)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        written.append(args.output)
        if args.pdf:
            written.append(_pdf(args.output, ctx))
    if args.news:
        with open(args.news, "w", encoding="utf-8") as fh:
            fh.write(news.news_text(data, made_on))
        written.append(args.news)
    formats = [os.path.splitext(f)[1].lstrip(".") for f in written] + (["json"] if args.json else [])
    record_year_end(actor, org, args.year, formats=formats, via="cli")
    return ctx.show({"files": written, "report": jsonable(data)}, args.json,
                    f"Đã lập báo cáo tổng kết năm {args.year} của {org.name}: " + ", ".join(written) + ".")


def run_document(args, ctx, actor, scope, org, made_on) -> int:
    """`--document`: the written report document of the organisation and year (sections, state, number)."""
    from . import narrative
    from .actions import record_year_end
    from .models import Kind, ReportDocument

    doc = (ReportDocument.objects.scoped(scope, "read").select_related("organization")
           .filter(organization=org, kind=Kind.YEAR_END, year=args.year, period="").first())
    if doc is None:
        raise ctx.error(f"{org.name} chưa có văn kiện báo cáo tổng kết năm {args.year} (lập ở trang «Văn kiện "
                        "báo cáo»).")
    written = []
    if args.output:
        _folder(args.output, ctx)
        with open(args.output, "wb") as fh:
            fh.write(narrative.docx_bytes(scope, doc, made_on))
        written.append(args.output)
        if args.pdf:
            written.append(_pdf(args.output, ctx))
    figures = narrative.figures_of(scope, doc, doc.conference_on or made_on)
    sections = [{"key": r["key"], "heading": r["heading"] or r["part_heading"], "text": r["section"].text,
                 "figures": figures.get(r["key"], [])} for r in narrative.section_rows(doc, figures)]
    formats = [os.path.splitext(f)[1].lstrip(".") for f in written] + (["json"] if args.json else [])
    record_year_end(actor, org, args.year, formats=formats + [narrative.STATE_WORDS[doc.state]], via="cli")
    state = {"draft": "dự thảo", "approved": "cấp ủy đã thông qua", "issued": f"đã ban hành, số {doc.symbol}"}
    return ctx.show({"files": written, "document": {"year": doc.year, "state": doc.state, "symbol": doc.symbol,
                                                    "sections": sections}}, args.json,
                    f"Văn kiện báo cáo tổng kết năm {args.year} của {org.name} ({state[doc.state]}): "
                    + (", ".join(written) or "không ghi tệp") + ".")


def _folder(output: str, ctx) -> str:
    folder = os.path.dirname(os.path.abspath(output))
    if not os.path.isdir(folder):
        raise ctx.error(f"Không có thư mục {folder}.")
    return folder


def _pdf(docx: str, ctx) -> str:
    """The PDF beside `docx` through LibreOffice; a clear error when it is not installed."""
    from . import render

    pdf = os.path.splitext(docx)[0] + ".pdf"
    try:
        render.docx_to_pdf(docx, pdf)
    except RuntimeError as e:
        raise ctx.error(str(e)) from e
    return pdf
