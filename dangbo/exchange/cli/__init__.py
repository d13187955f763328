"""`dangbo import` and `dangbo export`: registered on the `dangbo` command through the app registry.

Imported while the parser is built: import models inside the handlers only.
"""


def register(sub, ctx) -> None:
    """Add this app's commands to the `dangbo` sub-parsers (ctx: see dangbo.evaluations.cli.register)."""

    def cmd_import(args):
        from .imports import run

        return run(args, ctx)

    def cmd_export(args):
        from .exports import run

        return run(args, progress=ctx.Progress, out=ctx.out, json_out=ctx.json_out, error=ctx.error)

    def cmd_recover(args):
        from .imports import recover

        return recover(args, ctx)

    help_ = "Nhập dữ liệu từ tệp Excel/CSV: xem trước rồi ghi tất cả dòng hợp lệ"
    sp = sub.add_parser("import", help=help_, description=help_)
    sp.set_defaults(func=cmd_recover)
    sp.add_argument("--recover", action="store_true",
                    help="hoàn tác các lần nhập bị dừng giữa chừng (tiến trình bị tắt khi đang ghi vào sổ)")
    isub = sp.add_subparsers(dest="import_command", metavar="LOẠI", parser_class=ctx.Parser)
    ip = isub.add_parser("members", help="Nhập danh sách đảng viên")
    ip.set_defaults(func=cmd_import)
    ip.add_argument("file", help="tệp .xlsx, .xls hoặc .csv")
    ip.add_argument("--org", help="mã tổ chức đảng nhận dữ liệu")
    ip.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không ghi vào sổ")
    ip.add_argument("--user", help="tên đăng nhập của người nhập (quyền của người đó được áp dụng)")
    ip.add_argument("--mapping", action="append", metavar="TIÊU_ĐỀ=KHÓA",
                    help="ghép một cột có tiêu đề lạ với một trường, ví dụ «Tên ĐV=full_name» (lặp lại được)")
    ip.add_argument("--json", action="store_true")
    op = isub.add_parser("organizations", help="Nhập danh sách tổ chức đảng (tổ chức trực thuộc tổ chức --org)")
    op.set_defaults(func=cmd_import)
    op.add_argument("file", help="tệp .xlsx, .xls hoặc .csv")
    op.add_argument("--org", help="mã tổ chức đảng nhận các tổ chức trực thuộc")
    op.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không ghi vào sổ")
    op.add_argument("--user", help="tên đăng nhập của người nhập (quyền của người đó được áp dụng)")
    op.add_argument("--mapping", action="append", metavar="TIÊU_ĐỀ=KHÓA",
                    help="ghép một cột có tiêu đề lạ với một trường, ví dụ «Mã ĐV=code» (lặp lại được)")
    op.add_argument("--json", action="store_true")

    help_ = "Xuất danh sách, thống kê ra tệp Excel/CSV"
    sp = sub.add_parser("export", help=help_, description=help_)
    sp.set_defaults(func=cmd_export)
    sp.add_argument("what", choices=["members", "organizations", "due", "statistics"], metavar="LOẠI",
                    help="members (đảng viên), organizations (tổ chức), due (việc cần làm), statistics (thống kê)")
    sp.add_argument("-o", "--output", required=True, help="tệp kết quả, ví dụ dang-vien.xlsx")
    sp.add_argument("--org", help="mã tổ chức đảng (mặc định: toàn bộ phạm vi)")
    sp.add_argument("--year", type=int, help="năm thống kê (mặc định: năm trước, hoặc năm nay nếu đang tháng 12)")
    sp.add_argument("--format", choices=["xlsx", "csv"], help="định dạng (mặc định theo đuôi tệp, hoặc xlsx)")
    sp.add_argument("--status", default="active", choices=["active", "official", "probationary", "ended", "all"],
                    help="tình trạng đảng viên cần xuất (mặc định: đang sinh hoạt)")
    sp.add_argument("--user", help="tên đăng nhập: xuất trong phạm vi của người đó (mặc định: toàn bộ)")
    sp.add_argument("--json", action="store_true")
