"""Demo of upper level consolidation (issue 12): the organisations of the Đảng bộ Khối submit their 2024 figures
(the Khối's last full year: its organisations moved to the two new đảng bộ on 01/07/2025, so it has none on
31/12/2025); the Khối accepts them, except one it returns with a comment (Sở Ngoại vụ) and one that has not
submitted (Ban Dân tộc tỉnh). Through the actions (audited). Called at the end of `demo.load`."""

from __future__ import annotations

from datetime import date

BLOC = "DBKCQT"
YEAR = 2024
MISSING = "BDT"
RETURNED = ("SNGV", "Số đảng viên cuối năm chưa khớp với danh sách gửi kèm; đề nghị rà soát và nộp lại trước "
                    "ngày 15/01/2025.")


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
        if org.code == MISSING:
            continue
        sub = submissions.submit(None, organization=org, year=YEAR)
        if org.code == RETURNED[0]:
            submissions.return_(None, sub, comment=RETURNED[1], version=sub.version)
        else:
            submissions.accept(None, sub, version=sub.version)
        done += 1
    return {"submissions": done}
