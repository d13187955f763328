from datetime import date

import pytest

from dangbo.organizations.actions import found_organization
from dangbo.organizations.models import OrgKind


@pytest.fixture
def tree(db):
    """Đảng bộ Văn phòng with chi bộ A and B, and a second đảng bộ with chi bộ C."""
    dbo = found_organization(None, code="VP", name="Đảng bộ Văn phòng UBND tỉnh",
                             kind=OrgKind.GRASSROOTS_COMMITTEE, founded_on=date(1976, 1, 1))
    a = found_organization(None, code="VP-A", name="Chi bộ Phòng Tổng hợp", kind=OrgKind.CELL, parent=dbo)
    b = found_organization(None, code="VP-B", name="Chi bộ Phòng Kinh tế", kind=OrgKind.CELL, parent=dbo)
    other = found_organization(None, code="SO", name="Đảng bộ Sở Tài chính",
                               kind=OrgKind.GRASSROOTS_COMMITTEE)
    c = found_organization(None, code="SO-C", name="Chi bộ Phòng Ngân sách", kind=OrgKind.CELL, parent=other)
    return {"dbo": dbo, "a": a, "b": b, "other": other, "c": c}


_n = [0]


def dossier(name="Nguyễn Văn Mến", birth=date(1980, 5, 17), gender="M", **extra):
    _n[0] += 1
    d = {"full_name": name, "birth_date": birth, "gender": gender,
         "citizen_id": f"0491{_n[0]:08d}", "card_number": f"4900{_n[0]:06d}"}
    d.update(extra)
    return d
