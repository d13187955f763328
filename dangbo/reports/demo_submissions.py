"""Demo of upper level consolidation (issue 12): the organisations of the Đảng bộ Khối submit their 2025 figures;
the Khối accepts them, except one it returns with a comment (Sở Ngoại vụ) and one that has not submitted (Ban Dân
tộc tỉnh). Through the actions (audited). Called at the end of `demo.load`, before the Văn phòng UBND tỉnh moves."""

from __future__ import annotations

from datetime import date

BLOC = "DBKCQT"
YEAR = 2025
MISSING = "BDT"
MOVED = "VPUBND"
RETURNED = ("SNGV", "Số đảng viên cuối năm chưa khớp với danh sách gửi kèm; đề nghị rà soát và nộp lại trước "
                    "ngày 15/01.")


def load(today: date) -> dict:
    from dangbo.organizations.models import Organization

    from . import submissions

    if today.year <= YEAR:  # the year is not over: nothing to submit yet
        return {"submissions": 0}
    bloc = Organization.objects.filter(code=BLOC).first()
    if bloc is None:
        return {"submissions": 0}
    done = 0
    for org in submissions.expected(bloc, YEAR):
        # The Văn phòng UBND tỉnh moves to the Đảng bộ UBND tỉnh on 01/07/2025 (after this loader): its 2025 report
        # goes there, not to the Khối.
        if org.code in (MISSING, MOVED):
            continue
        sub = submissions.submit(None, organization=org, year=YEAR)
        if org.code == RETURNED[0]:
            submissions.return_(None, sub, comment=RETURNED[1], version=sub.version)
        else:
            submissions.accept(None, sub, version=sub.version)
        done += 1
    return {"submissions": done}
