"""`dangbo election count FILE [--json]`: registered on the `dangbo` command by dangbo/cli.py.

The same counting engine as the web app, on an election described in a JSON or xlsx file (docs/election-file.md).
Imported before Django is set up: import Django models inside the handlers only.
"""


def register(sub, ctx) -> None:
    """Add this app's commands to the `dangbo` sub-parsers.

    ctx: out(text), json_out(data), error (CliError class: raise error("Vietnamese message")),
    Progress (progress bar context manager), Parser (the argparse parser class for nested sub-parsers).
    """
    sp = sub.add_parser("election", help="Bầu cử trong Đảng: kiểm phiếu từ tệp", description="Bầu cử trong Đảng")
    esub = sp.add_subparsers(dest="election_command", metavar="LỆNH", parser_class=ctx.Parser)
    cp = esub.add_parser("count", help="Tính kết quả bầu cử từ tệp JSON hoặc xlsx (xem docs/election-file.md)")
    cp.add_argument("file", help="tệp mô tả cuộc bầu (.json hoặc .xlsx)")
    cp.add_argument("--json", action="store_true", help="in kết quả dạng JSON")

    def count(args):
        from . import electionfile

        try:
            parsed = electionfile.parse(electionfile.load(args.file))
            data = electionfile.result_data(parsed, electionfile.count(parsed))
        except ValueError as exc:  # ElectionFileError, and the engine's own checks
            raise ctx.error(str(exc)) from exc
        return ctx.show(data, args.json, electionfile.table)

    cp.set_defaults(func=count)
