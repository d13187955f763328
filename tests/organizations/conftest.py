from datetime import date
from types import SimpleNamespace

import pytest

MOVE_DAY = date(2025, 7, 1)


@pytest.fixture
def bloc(make_org, make_member):
    """A Khối with the Văn phòng's đảng bộ (two chi bộ) and another đảng bộ; a new Đảng bộ UBND tỉnh from 01/07/2025."""
    from dangbo.organizations.models import OrgKind

    khoi = make_org("Đảng bộ Khối các cơ quan tỉnh", OrgKind.UPPER, code="KHOI", founded_on=date(1980, 5, 12))
    vp = make_org("Đảng bộ Văn phòng UBND tỉnh", OrgKind.GRASSROOTS_COMMITTEE, parent=khoi, code="VP",
                  founded_on=date(1990, 1, 1))
    th = make_org("Chi bộ Phòng Tổng hợp", OrgKind.CELL, parent=vp, code="VP-TH", founded_on=date(1990, 1, 1))
    kt = make_org("Chi bộ Phòng Kinh tế", OrgKind.CELL, parent=vp, code="VP-KT", founded_on=date(1990, 1, 1))
    so = make_org("Đảng bộ Sở Tài chính", OrgKind.GRASSROOTS_COMMITTEE, parent=khoi, code="STC",
                  founded_on=date(1990, 1, 1))
    so_cell = make_org("Chi bộ Văn phòng Sở", OrgKind.CELL, parent=so, code="STC-01", founded_on=date(1990, 1, 1))
    ubnd = make_org("Đảng bộ UBND tỉnh", OrgKind.UPPER, code="UBND", founded_on=MOVE_DAY)
    members = [make_member(th, "Nguyễn Văn An"), make_member(th, "Trần Thị Bình"),
               make_member(kt, "Lê Văn Cường", official=False, decision_date=date(2025, 3, 2)),
               make_member(so_cell, "Phạm Thị Dung")]
    return SimpleNamespace(khoi=khoi, vp=vp, th=th, kt=kt, so=so, so_cell=so_cell, ubnd=ubnd, members=members)


def move_vp(bloc, actor=None, **kw):
    from dangbo.organizations.actions import move_organization

    args = {"effective_date": MOVE_DAY, "decision_number": "1520-QĐ/TU", "decision_date": date(2025, 6, 27),
            "issuer": "Ban Thường vụ Tỉnh ủy", "record": "Biên bản bàn giao số 01-BB/ĐUK ngày 30/6/2025"} | kw
    return move_organization(actor, bloc.vp, bloc.ubnd, **args)
