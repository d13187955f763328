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

        return run(args, progress=ctx.Progress, out=ctx.out, json_out=ctx.json_out, error=ctx.error, viewer=ctx.viewer)

    def cmd_recover(args):
        from .imports import recover

        return recover(args, ctx)

    help_ = "Nhập dữ liệu từ tệp Excel/CSV: xem trước rồi ghi tất cả dòng hợp lệ"
    sp = sub.add_parser("import", help=help_, description=help_)
    sp.set_defaults(func=cmd_recover)
    sp.add_argument("--recover", action="store_true",
                    help="hoàn tác các lần nhập bị dừng giữa chừng (tiến trình bị tắt khi đang ghi vào sổ)")
    isub = sp.add_subparsers(dest="import_command", metavar="LOẠI", parser_class=ctx.Parser)
    sp.commands = isub  # an app above adds its own kind (reports: `dangbo import published-totals`)
    for kind, kind_help, org_help, example in (
        ("members", "Nhập danh sách đảng viên", "mã tổ chức đảng nhận dữ liệu", "«Tên ĐV=full_name»"),
        ("organizations", "Nhập danh sách tổ chức đảng (tổ chức trực thuộc tổ chức --org)",
         "mã tổ chức đảng nhận các tổ chức trực thuộc", "«Mã ĐV=code»"),
    ):
        kp = isub.add_parser(kind, help=kind_help)
        kp.set_defaults(func=cmd_import)
        kp.add_argument("file", help="tệp .xlsx, .xls hoặc .csv")
        kp.add_argument("--org", help=org_help)
        kp.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không ghi vào sổ")
        kp.add_argument("--user", help="tên đăng nhập của người nhập (quyền của người đó được áp dụng)")
        kp.add_argument("--mapping", action="append", metavar="TIÊU_ĐỀ=KHÓA",
                        help=f"ghép một cột có tiêu đề lạ với một trường, ví dụ {example} (lặp lại được)")
        kp.add_argument("--background", action="store_true",
                        help="xếp vào hàng đợi công việc nền (dangbo worker) và in số công việc")
        kp.add_argument("--json", action="store_true")

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
