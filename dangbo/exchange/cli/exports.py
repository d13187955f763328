"""`dangbo export members|organizations|due|statistics -o FILE`: the exports from the command line.

Runs as a system job with full scope (audited with no user), or with `--user NAME` in that user's scope.
"""


import os
import tempfile

from django.utils import timezone


def run(args, *, progress, out, json_out, error, viewer) -> int:

    from dangbo.members.queries import MemberFilter

    from .. import exports, statistics

    actor, scope, org = viewer(args.user, args.org)
    if actor is not None and scope.is_empty:
        raise error(f"Tài khoản «{args.user}» chưa được phân quyền xem dữ liệu nào.")
    ext = os.path.splitext(args.output)[1].lower().lstrip(".")
    fmt = args.format or (ext if ext in exports.FORMATS else exports.XLSX)
    if args.what == "statistics" and fmt != exports.XLSX:
        raise error("Thống kê chỉ xuất ra tệp .xlsx.")
    if args.year is not None and args.what != "statistics":
        raise error("--year chỉ dùng với «dangbo export statistics».")
    folder = os.path.dirname(os.path.abspath(args.output))
    if not os.path.isdir(folder):
        raise error(f"Không có thư mục {folder}.")
    today = timezone.localdate()
    # Write next to the target and rename at the end: an interrupted export leaves no half file behind.
    fd, tmp = tempfile.mkstemp(prefix=".dangbo-export-", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            if args.what == "members":
                flt = MemberFilter(org_path=org.path if org else "", status=args.status)
                total = exports.count_members(scope, flt, today)
                with progress(total, "Xuất đảng viên", not args.json and total >= 2000) as bar:
                    result = exports.export_members(scope, flt, fmt, fh, actor=actor, today=today, org=org,
                                                    progress=bar.advance)
                data = result.as_dict()
            elif args.what == "organizations":
                data = exports.export_organizations(scope, fmt, fh, actor=actor, org=org).as_dict()
            elif args.what == "due":
                data = exports.export_due(scope, fmt, fh, actor=actor, today=today, org=org).as_dict()
            else:
                year = args.year or (today.year if today.month == 12 else today.year - 1)
                if org is None and not scope.is_admin:
                    raise error("Chọn tổ chức đảng bằng --org.")
                stats = statistics.export_statistics(scope, year, org, fh, actor=actor,
                                                     prepared_by=getattr(actor, "username", ""))
                data = {"kind": "statistics", "format": "xlsx", "year": year,
                        "organization": stats.organization_code or None, "members": stats.end.total,
                        "official": stats.end.official, "probationary": stats.end.probationary,
                        "balanced": stats.balanced}
        os.replace(tmp, args.output)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    data["path"] = args.output
    data.pop("filename", None)
    if args.json:
        json_out(data)
    elif args.what == "statistics":
        out(f"Đã xuất thống kê đảng viên năm {data['year']} ({data['members']} đảng viên) vào {args.output}.")
    else:
        out(f"Đã xuất {data['rows']} dòng vào {args.output}"
            + (" (có số CCCD, tôn giáo)." if data.get("sensitive") else "."))
    return 0



