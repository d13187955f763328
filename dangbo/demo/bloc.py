"""The demo bloc: Đảng bộ Khối các cơ quan tỉnh and its grassroots organisations.

The tree is founded through `organizations.actions` (so each organisation has its founding event, history
row and audit event); the ~2,900 members outside the Văn phòng UBND tỉnh are written in bulk by
`dangbo.demo.bulk` with their whole event history.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from dangbo.core import audit
from dangbo.organizations.actions import found_organization
from dangbo.organizations.models import Organization, OrgKind

from .bulk import BulkMembers, CellInfo, MemberFactory

BLOC_ISSUER = "Ban Thường vụ Đảng ủy Khối các cơ quan tỉnh"
PROVINCE_REESTABLISHED = date(1997, 1, 1)

# (code, agency, kind "DB" đảng bộ cơ sở / "CB" chi bộ cơ sở, members, founded, cells or None)
_COMMITTEE_CELLS = {
    "so": [
        "Chi bộ Văn phòng Sở",
        "Chi bộ Thanh tra Sở",
        "Chi bộ Phòng Kế hoạch – Tài chính",
        "Chi bộ Phòng Quản lý chuyên ngành",
        "Chi bộ Trung tâm trực thuộc Sở",
        "Chi bộ Chi cục trực thuộc Sở",
    ],
    "benhvien": [
        "Chi bộ Khối Hành chính",
        "Chi bộ Khoa Nội",
        "Chi bộ Khoa Ngoại",
        "Chi bộ Khối Cận lâm sàng",
        "Chi bộ Khoa Sản – Nhi",
        "Chi bộ Khoa Hồi sức cấp cứu",
    ],
    "truong": [
        "Chi bộ Khối Phòng ban",
        "Chi bộ Khoa Kinh tế",
        "Chi bộ Khoa Sư phạm",
        "Chi bộ Khoa Lý luận",
        "Chi bộ Sinh viên",
    ],
    "bao": ["Chi bộ Văn phòng", "Chi bộ Phòng Thời sự", "Chi bộ Phòng Kỹ thuật", "Chi bộ Phòng Chuyên đề"],
    "cuc": [
        "Chi bộ Văn phòng Cục",
        "Chi bộ Phòng Nghiệp vụ",
        "Chi bộ Phòng Thanh tra – Kiểm tra",
        "Chi bộ Phòng Tổ chức cán bộ",
        "Chi bộ Chi cục khu vực",
    ],
}

GRASSROOTS = [
    ("SKHDT", "Sở Kế hoạch và Đầu tư", "DB", 62, date(1997, 1, 1), "so"),
    ("STC", "Sở Tài chính", "DB", 70, date(1997, 1, 1), "so"),
    ("SXD", "Sở Xây dựng", "DB", 58, date(1997, 1, 1), "so"),
    ("SGTVT", "Sở Giao thông vận tải", "DB", 66, date(1997, 1, 1), "so"),
    ("SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn", "DB", 150, date(1997, 1, 1), "so"),
    ("STNMT", "Sở Tài nguyên và Môi trường", "DB", 72, date(2003, 3, 1), "so"),
    ("SCT", "Sở Công Thương", "DB", 55, date(2008, 5, 1), "so"),
    ("SGDDT", "Sở Giáo dục và Đào tạo", "DB", 60, date(1997, 1, 1), "so"),
    ("SYT", "Sở Y tế", "DB", 64, date(1997, 1, 1), "so"),
    ("SLDTBXH", "Sở Lao động – Thương binh và Xã hội", "DB", 57, date(1997, 1, 1), "so"),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "DB", 68, date(2008, 5, 1), "so"),
    ("SNV", "Sở Nội vụ", "DB", 52, date(1997, 1, 1), "so"),
    ("STTTT", "Sở Thông tin và Truyền thông", "CB", 28, date(2004, 10, 1), None),
    ("SKHCN", "Sở Khoa học và Công nghệ", "CB", 30, date(1997, 1, 1), None),
    ("STP", "Sở Tư pháp", "CB", 27, date(1997, 1, 1), None),
    ("SNGV", "Sở Ngoại vụ", "CB", 16, date(2005, 7, 1), None),
    ("TTRA", "Thanh tra tỉnh", "CB", 33, date(1997, 1, 1), None),
    ("BDT", "Ban Dân tộc tỉnh", "CB", 19, date(1997, 1, 1), None),
    ("VPHDND", "Văn phòng Đoàn ĐBQH và HĐND tỉnh", "CB", 31, date(2004, 4, 1), None),
    ("BVDK", "Bệnh viện Đa khoa tỉnh", "DB", 150, date(1997, 1, 1), "benhvien"),
    ("BVDKTW", "Bệnh viện Đa khoa Trung ương Quảng Nam", "DB", 140, date(2006, 12, 1), "benhvien"),
    ("BVPSN", "Bệnh viện Phụ sản – Nhi", "DB", 60, date(2014, 6, 1), "benhvien"),
    ("BVYHCT", "Bệnh viện Y học cổ truyền", "CB", 26, date(2001, 9, 1), None),
    ("BVTT", "Bệnh viện Tâm thần", "CB", 22, date(2003, 9, 1), None),
    ("CDC", "Trung tâm Kiểm soát bệnh tật tỉnh", "DB", 48, date(2018, 9, 1), "so"),
    ("DHQN", "Trường Đại học Quảng Nam", "DB", 110, date(2007, 6, 1), "truong"),
    ("CDYT", "Trường Cao đẳng Y tế Quảng Nam", "CB", 34, date(1997, 1, 1), None),
    ("CDKTKT", "Trường Cao đẳng Kinh tế – Kỹ thuật Quảng Nam", "CB", 29, date(1998, 8, 1), None),
    ("TCT", "Trường Chính trị tỉnh", "CB", 35, date(1997, 1, 1), None),
    ("BQN", "Báo Quảng Nam", "DB", 54, date(1997, 1, 1), "bao"),
    ("DPTTH", "Đài Phát thanh – Truyền hình Quảng Nam", "DB", 78, date(1997, 1, 1), "bao"),
    ("KBNN", "Kho bạc Nhà nước tỉnh", "DB", 75, date(1997, 1, 1), "cuc"),
    ("CTHUE", "Cục Thuế tỉnh", "DB", 140, date(1997, 1, 1), "cuc"),
    ("CTK", "Cục Thống kê tỉnh", "CB", 33, date(1997, 1, 1), None),
    ("CHQ", "Cục Hải quan tỉnh", "DB", 64, date(1998, 4, 1), "cuc"),
    ("NHNN", "Ngân hàng Nhà nước chi nhánh tỉnh", "CB", 31, date(1997, 1, 1), None),
    ("BHXH", "Bảo hiểm xã hội tỉnh", "DB", 80, date(1997, 1, 1), "cuc"),
    ("CTHADS", "Cục Thi hành án dân sự tỉnh", "CB", 30, date(2009, 7, 1), None),
    ("TAND", "Tòa án nhân dân tỉnh", "CB", 35, date(1997, 1, 1), None),
    ("VKSND", "Viện Kiểm sát nhân dân tỉnh", "CB", 36, date(1997, 1, 1), None),
    ("BQLKCN", "Ban Quản lý các Khu công nghiệp tỉnh", "CB", 21, date(2003, 5, 1), None),
    ("BQLKKT", "Ban Quản lý Khu kinh tế mở Chu Lai", "DB", 46, date(2003, 6, 1), "so"),
    (
        "BQLDAGT",
        "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh",
        "CB",
        24,
        date(2016, 10, 1),
        None,
    ),
    (
        "BQLDADD",
        "Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp tỉnh",
        "CB",
        22,
        date(2016, 10, 1),
        None,
    ),
    ("QDTPT", "Quỹ Đầu tư phát triển tỉnh", "CB", 14, date(2010, 3, 1), None),
    ("TTXTDT", "Trung tâm Xúc tiến đầu tư và Hỗ trợ doanh nghiệp tỉnh", "CB", 13, date(2009, 2, 1), None),
    ("TTPVHCC", "Trung tâm Phục vụ hành chính công tỉnh", "CB", 15, date(2019, 1, 1), None),
    ("MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "CB", 24, date(1997, 1, 1), None),
    ("TDOAN", "Tỉnh Đoàn", "CB", 26, date(1997, 1, 1), None),
    ("HLHPN", "Hội Liên hiệp Phụ nữ tỉnh", "CB", 21, date(1997, 1, 1), None),
    ("HND", "Hội Nông dân tỉnh", "CB", 20, date(1997, 1, 1), None),
    ("HCCB", "Hội Cựu chiến binh tỉnh", "CB", 16, date(1997, 1, 1), None),
    ("LDLD", "Liên đoàn Lao động tỉnh", "CB", 27, date(1997, 1, 1), None),
    ("LMHTX", "Liên minh Hợp tác xã tỉnh", "CB", 12, date(1997, 1, 1), None),
    ("HCTD", "Hội Chữ thập đỏ tỉnh", "CB", 11, date(1997, 1, 1), None),
    ("LHHVHNT", "Liên hiệp các Hội Văn học Nghệ thuật tỉnh", "CB", 13, date(1997, 1, 1), None),
    ("HNB", "Hội Nhà báo tỉnh", "CB", 10, date(2000, 6, 1), None),
    ("LHHKHKT", "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh", "CB", 12, date(2002, 9, 1), None),
    ("CCKL", "Chi cục Kiểm lâm tỉnh", "DB", 60, date(1997, 1, 1), "cuc"),
    ("CCTL", "Chi cục Thủy lợi tỉnh", "CB", 18, date(2009, 9, 1), None),
    ("CQLTT", "Cục Quản lý thị trường tỉnh", "DB", 50, date(1997, 1, 1), "cuc"),
    (
        "TTKDNS",
        "Trung tâm Kiểm định và Quản lý chất lượng công trình xây dựng",
        "CB",
        15,
        date(2012, 5, 1),
        None,
    ),
    ("TTQTKN", "Trung tâm Quan trắc và Kỹ thuật tài nguyên môi trường", "CB", 14, date(2011, 8, 1), None),
    ("TTBTDSHA", "Trung tâm Bảo tồn di sản – di tích tỉnh", "CB", 18, date(2013, 4, 1), None),
    ("BTQN", "Bảo tàng tỉnh", "CB", 12, date(1997, 1, 1), None),
    ("TVT", "Thư viện tỉnh", "CB", 11, date(1997, 1, 1), None),
    ("DCK", "Đoàn Ca kịch Quảng Nam", "CB", 12, date(1997, 1, 1), None),
    ("TTDVVL", "Trung tâm Dịch vụ việc làm tỉnh", "CB", 15, date(2005, 3, 1), None),
    ("VPTU", "Cơ quan Văn phòng Tỉnh ủy", "DB", 58, date(1997, 1, 1), "so"),
]


@dataclass
class BlocResult:
    bloc: Organization
    cells: dict[str, CellInfo]  # code -> cell
    grassroots: dict[str, Organization]


def org_name(kind: str, agency: str) -> str:
    return f"{'Đảng bộ' if kind == 'DB' else 'Chi bộ'} {agency}"


def found_tree(bloc: Organization) -> BlocResult:
    """Found every grassroots organisation of the bloc (except the Văn phòng UBND tỉnh) and its cells."""
    cells: dict[str, CellInfo] = {}
    grassroots: dict[str, Organization] = {}
    n = 0
    for code, agency, kind, _size, founded, template in GRASSROOTS:
        n += 1
        org = found_organization(
            None,
            code=code,
            name=org_name(kind, agency),
            parent=bloc,
            founded_on=founded,
            kind=OrgKind.GRASSROOTS_COMMITTEE if kind == "DB" else OrgKind.GRASSROOTS_CELL,
            decision_number=f"{40 + n * 3}-QĐ/ĐUK",
            decision_date=founded,
            issuer=BLOC_ISSUER,
        )
        grassroots[code] = org
        workplace = agency
        if kind == "CB":
            cells[code] = CellInfo(org.pk, workplace, BLOC_ISSUER, "ĐUK")
            continue
        cell_names = _COMMITTEE_CELLS[template]
        count = 3 if _size < 60 else 4 if _size < 90 else len(cell_names)
        ids = []
        for i, cname in enumerate(cell_names[:count]):
            cell = found_organization(
                None,
                code=f"{code}-{i + 1:02d}",
                name=cname,
                kind=OrgKind.CELL,
                parent=org,
                founded_on=founded,
                decision_number=f"{n * 7 + i}-QĐ/ĐU",
                decision_date=founded,
                issuer=f"Đảng ủy {agency}",
            )
            cells[cell.code] = CellInfo(cell.pk, workplace, f"Đảng ủy {agency}", "ĐU")
            ids.append(cell.pk)
        for c in cells.values():
            if c.id in ids:
                c.siblings = [i for i in ids if i != c.id]
    return BlocResult(bloc, cells, grassroots)


def load_bloc_members(result: BlocResult, today: date, *, seed: int = 2026, progress=None) -> int:
    """About 2,900 members for the bloc's other organisations, with histories, written in bulk."""
    rng = random.Random(seed)
    factory = MemberFactory(seed, today, counter_start=0)
    bulk = BulkMembers(history_rows=True)
    all_cells = [c.id for c in result.cells.values()]
    total = 0
    for code, _agency, _kind, size, _founded, _template in GRASSROOTS:
        org = result.grassroots[code]
        own = [c for k, c in result.cells.items() if k == code or k.startswith(code + "-")]
        others = [i for i in all_cells if i not in {c.id for c in own}]
        n_active = size
        n_ended = max(1, size // 14)
        made = 0
        for i in range(n_active + n_ended):
            cell = own[rng.randrange(len(own))] if i % 5 else own[i // 5 % len(own)]
            row, events, badges = factory.member(
                bulk.take_id(), cell, other_cells=others, ended=i >= n_active
            )
            bulk.add(row, events, badges)
            made += 1
        total += made
        audit.record(
            "member.bulk_load",
            obj=org,
            org_path=org.path,
            summary=f"Nạp {made} hồ sơ đảng viên của {org.name} từ sổ đảng viên giấy",
            data={"members": made, "source": "demo"},
        )
        if progress:
            progress(made)
    bulk.finish()
    return total
