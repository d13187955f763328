"""`dangbo report year-end` and `dangbo report check`: registered on the `dangbo` command by dangbo/cli.py.

Imported before Django is set up: import Django models inside the handlers only.
"""

import io
import os
import tempfile

IN_SCOPE = "tên đăng nhập: báo cáo trong phạm vi của người đó (mặc định: toàn bộ)"
DOCUMENT_HELP = ("xuất văn kiện đã viết trong dangbo (các mục và số liệu; dự thảo ghi «DỰ THẢO», bản đã ban hành là "
                 "tệp đã lưu) thay cho bản chỉ có số liệu")


def _files(parser) -> None:
    """The files a report is written to: -o .docx, --pdf beside it, --news text, and the --place of its date line."""
    parser.add_argument("-o", "--output", help="tệp .docx kết quả")
    parser.add_argument("--pdf", action="store_true", help="xuất thêm tệp PDF (cần LibreOffice)")
    parser.add_argument("--news", help="ghi thêm tin bài cho cổng thông tin vào tệp .txt này")
    parser.add_argument("--place", default="", help="địa danh ở dòng ngày tháng, ví dụ «Tam Kỳ»")


def register(sub, ctx) -> None:
    """Add this app's commands to the `dangbo` sub-parsers."""
    _register_import(sub, ctx)
    sp = sub.add_parser("report", help="Lập báo cáo từ dữ liệu", description="Lập báo cáo từ dữ liệu")
    rsub = sp.add_subparsers(dest="report_command", metavar="LOẠI", parser_class=ctx.Parser)
    yp = rsub.add_parser("year-end", help="Báo cáo tổng kết công tác xây dựng Đảng năm (.docx, PDF, tin bài)")
    ctx.org_options(yp, ctx.year_option("năm báo cáo, ví dụ 2020"), _files, user_help=IN_SCOPE,
                    json_help="in số liệu của báo cáo dạng JSON")
    yp.add_argument("--background", action="store_true",
                    help="xếp vào hàng đợi công việc nền (dangbo worker), in số công việc; tệp .docx ở trang công việc")
    yp.add_argument("--document", action="store_true",
                    help="xuất văn kiện báo cáo đã viết trong dangbo (các mục và số liệu; bản dự thảo ghi «DỰ THẢO», "
                         "bản đã ban hành là tệp đã lưu) thay cho bảng số liệu")
    yp.set_defaults(func=lambda args: run(args, ctx))
    mp = rsub.add_parser("mid-year", help="Báo cáo sơ kết 6 tháng đầu năm (.docx, PDF, tin bài, JSON)")
    tp = rsub.add_parser("term", help="Báo cáo chính trị trình đại hội (hoặc báo cáo kiểm điểm của cấp ủy) của "
                                      "nhiệm kỳ (.docx, PDF, tin bài, JSON)")
    for p, what in ((mp, "năm sơ kết, ví dụ 2021"), (tp, "năm đại hội, ví dụ 2020 (nhiệm kỳ kiểm điểm 2015 - 2020)")):
        ctx.org_options(p, ctx.year_option(what), _files, user_help=IN_SCOPE,
                        json_help="in văn kiện và số liệu dạng JSON")
        p.add_argument("--document", action="store_true", help=DOCUMENT_HELP)
    mp.add_argument("--period", default="6t", choices=["6t"], help="kỳ sơ kết: 6t (6 tháng đầu năm, số liệu đến 30/6)")
    tp.add_argument("--period", help="nhiệm kỳ mới, ví dụ 2020-2025 (phải bắt đầu từ năm --year)")
    tp.add_argument("--review", action="store_true",
                    help="báo cáo kiểm điểm sự lãnh đạo, chỉ đạo của cấp ủy thay cho báo cáo chính trị")
    mp.set_defaults(func=lambda args: run_kind(args, ctx, "mid_year"))
    tp.set_defaults(func=lambda args: run_kind(args, ctx, "committee_review" if args.review else "political"))

    def consolidated_files(p):
        p.add_argument("-o", "--output", help="tệp .docx kết quả")
        p.add_argument("--xlsx", help="ghi thêm bảng tổng hợp vào tệp .xlsx này")
        p.add_argument("--pdf", action="store_true", help="xuất thêm tệp PDF (cần LibreOffice)")
        p.add_argument("--news", help="ghi thêm tin bài vào tệp .txt này")
        p.add_argument("--basis", choices=["accepted", "submitted"], default="accepted",
                       help="tổng hợp từ báo cáo cấp trên đã nhận (mặc định) hoặc mọi báo cáo đã nộp")

    kp = rsub.add_parser("consolidated", help="Báo cáo tổng hợp của cấp trên từ báo cáo năm các tổ chức đã nộp "
                                              "(.docx, bảng tổng hợp .xlsx, PDF, JSON)")
    ctx.org_options(kp, ctx.year_option("năm báo cáo, ví dụ 2025"), consolidated_files, org_help="mã tổ chức cấp trên",
                    user_help=IN_SCOPE, json_help="in số liệu của báo cáo dạng JSON")
    kp.add_argument("--document", action="store_true",
                    help="xuất văn kiện báo cáo tổng hợp đã viết trong dangbo (các mục và số liệu tổng hợp; dự thảo "
                         "ghi «DỰ THẢO», bản đã ban hành là tệp đã lưu) thay cho bản chỉ có số liệu; --xlsx vẫn là "
                         "bảng tổng hợp")
    kp.set_defaults(func=lambda args: run_consolidated(args, ctx))
    sp2 = rsub.add_parser("submit", help="Nộp số liệu năm của một tổ chức lên cấp trên (chốt số liệu lúc nộp)")
    ctx.org_options(sp2, ctx.year_option("năm báo cáo"), org_help="mã tổ chức nộp",
                    user_help="tên đăng nhập của người nộp (mặc định: tác vụ hệ thống)",
                    json_help="in kết quả dạng JSON")
    sp2.set_defaults(func=lambda args: run_submit(args, ctx))
    cp = rsub.add_parser("check", help="Kiểm tra số liệu của báo cáo năm (in các điểm cần lưu ý; luôn trả về 0)")
    ctx.org_options(cp, ctx.year_option("năm báo cáo, ví dụ 2020"),
                    user_help="tên đăng nhập: kiểm tra trong phạm vi của người đó (mặc định: toàn bộ)",
                    json_help="in kết quả dạng JSON")
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

    def docx() -> bytes:
        out = io.BytesIO()
        render.render_docx(data, out, made_on=made_on)
        return out.getvalue()

    written = _write_files(args, ctx, docx, news=lambda: news.news_text(data, made_on))
    record_year_end(actor, org, args.year, formats=_formats(written, args), via="cli")
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
    written = _write_files(args, ctx, lambda: narrative.docx_bytes(scope, doc, made_on))
    figures = narrative.figures_of(scope, doc, doc.conference_on or made_on)
    sections = [{"key": r["key"], "heading": r["heading"] or r["part_heading"], "text": r["section"].text,
                 "figures": figures.get(r["key"], [])} for r in narrative.section_rows(doc, figures)]
    record_year_end(actor, org, args.year, formats=_formats(written, args) + [narrative.STATE_WORDS[doc.state]],
                    via="cli")
    state = {"draft": "dự thảo", "approved": "cấp ủy đã thông qua", "issued": f"đã ban hành, số {doc.symbol}"}
    return ctx.show({"files": written, "document": {"year": doc.year, "state": doc.state, "symbol": doc.symbol,
                                                    "sections": sections}}, args.json,
                    f"Văn kiện báo cáo tổng kết năm {args.year} của {org.name} ({state[doc.state]}): "
                    + (", ".join(written) or "không ghi tệp") + ".")


def run_kind(args, ctx, kind: str) -> int:
    """`dangbo report mid-year|term`: the written document (`--document`) or, without it, the document of the
    kind with its generated figures under the declared headings and empty sections (a draft to start from)."""
    from django.utils import timezone

    from . import narrative
    from . import sections as S
    from .actions import record_year_end
    from .models import ReportDocument

    actor, scope, org = ctx.viewer(args.user, args.org)
    if not args.output and not args.json and not args.news:
        raise ctx.error("Cần -o TỆP.docx (hoặc --json, --news).")
    if not 1930 <= args.year <= 2100:
        raise ctx.error("Năm báo cáo phải từ 1930 đến 2100.")
    period = "6t" if kind == S.MID_YEAR else f"{args.year}-{args.year + S.TERM_YEARS}"
    if kind in S.TERM_KINDS and args.period and args.period.replace(" ", "").replace("–", "-") != period:
        raise ctx.error(f"Nhiệm kỳ {args.period} không khớp năm đại hội {args.year} (nhiệm kỳ mới là {period}).")
    made_on = timezone.localdate()
    if args.document:
        doc = (ReportDocument.objects.scoped(scope, "read").select_related("organization")
               .filter(organization=org, kind=kind, year=args.year, period=period).first())
        if doc is None:
            raise ctx.error(f"{org.name} chưa có văn kiện {_kind_name(kind, args.year)} (lập ở trang «Văn kiện "
                            "báo cáo»).")
    else:
        doc = ReportDocument(organization=org, org_path=org.path, kind=kind, year=args.year, period=period,
                             place=args.place)
    on = doc.conference_on or made_on
    data = narrative.build_data(scope, doc, on)
    figures = narrative.figures_of(scope, doc, on) if doc.pk else narrative.generated_blocks(data, on)
    written = _write_files(args, ctx, lambda: (narrative.docx_bytes(scope, doc, made_on) if doc.pk
                                              else narrative.render_docx(doc, data, figures, made_on)),
                           news=lambda: narrative.news_text(doc, figures, made_on))
    formats = _formats(written, args)
    if doc.pk:
        formats.append(narrative.STATE_WORDS[doc.state])
    what = narrative.kind_words(doc)
    record_year_end(actor, org, args.year, formats=formats, via="cli", what=what, kind=kind)
    return ctx.show({"files": written, "document": narrative.document_json(doc, figures, data)}, args.json,
                    f"Đã lập {what} của {org.name}: " + (", ".join(written) or "không ghi tệp") + ".")


def _kind_name(kind: str, year: int) -> str:
    from . import sections as S

    words = S.term_words(year)
    return {S.MID_YEAR: f"báo cáo sơ kết 6 tháng đầu năm {year}",
            S.POLITICAL: f"báo cáo chính trị nhiệm kỳ {words['prev_term']}",
            S.COMMITTEE_REVIEW: f"báo cáo kiểm điểm của cấp ủy nhiệm kỳ {words['prev_term']}"}[kind]


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


def run_consolidated(args, ctx) -> int:
    """`dangbo report consolidated`: the upper level's consolidated report from its organisations' submissions."""
    from django.utils import timezone

    from . import consolidated, narrative
    from .serialize import jsonable
    from .submissions import record_consolidated

    actor, scope, org = ctx.viewer(args.user, args.org)
    if not args.output and not args.json and not args.xlsx and not args.news:
        raise ctx.error("Cần -o TỆP.docx (hoặc --xlsx, --json, --news).")
    made_on = timezone.localdate()
    doc = _consolidated_document(args, ctx, scope, org) if args.document else None
    data = consolidated.build(scope, org, args.year, basis=args.basis,
                              made_on=(doc.conference_on if doc is not None else None) or made_on)
    written = _write_files(args, ctx, (lambda: consolidated.render_docx(data, made_on)) if doc is None
                           else (lambda: narrative.docx_bytes(scope, doc, made_on)),
                           xlsx=lambda: consolidated.render_xlsx(data), news=lambda: consolidated.news_text(data))
    record_consolidated(actor, org, args.year, formats=_formats(written, args), via="cli", coverage=data["coverage"])
    c = data["coverage"]
    if doc is not None:
        figures = narrative.figures_of(scope, doc, doc.conference_on or made_on)
        return ctx.show({"files": written, "document": narrative.document_json(doc, figures, data)}, args.json,
                        f"Văn kiện {narrative.kind_words(doc)} của {org.name} ({narrative.STATE_WORDS[doc.state]}; "
                        f"{c['text']}): " + (", ".join(written) or "không ghi tệp") + ".")
    return ctx.show({"files": written, "report": jsonable(data)}, args.json,
                    f"Đã lập báo cáo tổng hợp năm {args.year} của {org.name} ({c['text']}; {c['counted_text']}): "
                    + (", ".join(written) or "không ghi tệp") + ".")


def _consolidated_document(args, ctx, scope, org):
    """The written consolidated report of `org` for the year (`--document`), or a clear error."""
    from .models import Kind, ReportDocument

    doc = (ReportDocument.objects.scoped(scope, "read").select_related("organization")
           .filter(organization=org, kind=Kind.CONSOLIDATED, year=args.year, period="").first())
    if doc is None:
        raise ctx.error(f"{org.name} chưa có văn kiện báo cáo tổng hợp năm {args.year} (lập ở trang «Văn kiện báo "
                        "cáo», loại «Báo cáo tổng hợp của cấp trên»).")
    return doc


def run_submit(args, ctx) -> int:
    from django.core.exceptions import ValidationError

    from .submissions import submit

    actor, _scope, org = ctx.viewer(args.user, args.org)
    try:
        sub = submit(actor, organization=org, year=args.year)
    except ValidationError as e:
        raise ctx.error(" ".join(e.messages)) from e
    return ctx.show({"organization": org.code, "year": sub.year, "state": sub.state, "upper": sub.upper.code,
                     "times": sub.times}, args.json,
                    f"{org.name} đã nộp số liệu năm {args.year} lên {sub.upper.name} (lần {sub.times}).")


def _write_files(args, ctx, docx, *, xlsx=None, news=None) -> list[str]:
    """The files a report command was asked for, each written whole or not at all: -o (the bytes of `docx()`) and
    the PDF beside it (--pdf), --xlsx (`xlsx()`), --news (the text `news()`); the paths written, in that order."""
    written = []
    for path, make in ((args.output, docx), (getattr(args, "xlsx", None), xlsx), (args.news, news)):
        if path and make:
            _folder(path, ctx)
            body = make()
            _write(path, body.encode("utf-8") if isinstance(body, str) else body)
            written.append(path)
            if make is docx and args.pdf:
                written.append(_pdf(path, ctx))
    return written


def _formats(written: list[str], args) -> list[str]:
    """The formats of a report's record: the files' endings, and json when printed as JSON."""
    return [os.path.splitext(f)[1].lstrip(".") for f in written] + (["json"] if args.json else [])


def _write(path: str, body: bytes) -> None:
    """Written whole or not at all (a temporary file beside it, then renamed)."""
    fd, tmp = tempfile.mkstemp(prefix=".dangbo-report-", dir=os.path.dirname(os.path.abspath(path)))
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(body)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


# -- dangbo import published-totals ----------------------------------------------------------------------------
def _register_import(sub, ctx) -> None:
    """`dangbo import published-totals FILE --org CODE [--dry-run] [--user NAME] [--json]`: the results table of
    past years (reports/published_import.py), added to exchange's `dangbo import` (registered before this app)."""
    parent = sub.choices.get("import")
    if parent is None or not hasattr(parent, "commands"):
        return
    help_ = "Nhập bảng tổng hợp số liệu đã công bố các năm trước (mỗi dòng một tổ chức một năm), tất cả hoặc không"
    ip = parent.commands.add_parser("published-totals", help=help_, description=help_)
    ip.add_argument("file", help="tệp .xlsx hoặc .csv theo tệp mẫu")
    ip.add_argument("--org", required=True, help="mã tổ chức đảng nhận số liệu (nó và các tổ chức trực thuộc)")
    ip.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không ghi")
    ip.add_argument("--user", help="tên đăng nhập của người nhập (quyền của người đó được áp dụng)")
    ip.add_argument("--json", action="store_true")
    ip.set_defaults(func=lambda args: run_published_import(args, ctx))


def run_published_import(args, ctx) -> int:
    from pathlib import Path

    from django.core.exceptions import PermissionDenied, ValidationError

    from dangbo.core.scopes import scope_for

    from . import published_import

    path = Path(args.file)
    if not path.exists():
        raise ctx.error(f"Không có tệp {args.file}.")
    data = path.read_bytes()
    actor = ctx.user(args.user)
    target = ctx.organization(args.org)
    if actor is not None and not scope_for(actor).can_write_path(target.path):
        raise ctx.error(str(published_import.denied(target)))
    pv = published_import.preview(actor, target, data, path.name)
    committed = False
    if not pv.errors and pv.rows and not args.dry_run:
        try:
            published_import.commit(actor, target, data, path.name)
        except (ValidationError, PermissionDenied) as e:
            raise ctx.error("Không ghi được, không có dòng nào được ghi: "
                            + "; ".join(getattr(e, "messages", [str(e)]))) from e
        committed = True
    failed = bool(pv.errors) or not pv.rows
    if args.json:
        ctx.json_out({"ok": not failed, "committed": committed, "dry_run": bool(args.dry_run), "file": path.name,
                      "organization": target.code, "rows": len(pv.rows), "replacing": pv.replacing,
                      "errors": [str(e) for e in pv.errors],
                      "warnings": [{"row": row, "message": w} for row, w in pv.warnings]})
        return 1 if failed else 0
    ctx.out(f"Tệp {path.name}: {len(pv.rows)} dòng hợp lệ, {len(pv.errors)} lỗi, {len(pv.warnings)} cảnh báo.")
    for e in pv.errors[:50]:
        ctx.out(f"Lỗi: {e}")
    for row, w in pv.warnings[:50]:
        ctx.out(f"Cảnh báo dòng {row}: {w}")
    if committed:
        ctx.out(f"Đã ghi số liệu đã công bố của {len(pv.rows)} dòng.")
    elif pv.errors:
        ctx.out("Còn lỗi: không ghi dòng nào.")
    elif args.dry_run:
        ctx.out("Chạy thử (--dry-run): không ghi gì.")
    else:
        ctx.out("Tệp không có dòng dữ liệu nào.")
    return 1 if failed else 0
