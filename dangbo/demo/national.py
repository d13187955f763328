"""The national shape of `dangbo seed --shape national` (issue 16): the register of the whole Party, scaled.

The levels since the 2025 reorganisation (rules-2025-2026.md §1.1–§1.2; no district level from 01/7/2025): under
the root, the 34 provinces and cities (Tỉnh ủy, Thành ủy); under each, its đảng bộ xã, phường (level COMMUNE), the
Đảng bộ UBND tỉnh (GOVERNMENT) and the Đảng bộ các cơ quan Đảng tỉnh (PARTY_AGENCIES); under those, the grassroots
organisations (đảng bộ cơ sở with 3–10 chi bộ, or chi bộ cơ sở); members sit in the chi bộ.

At full scale (5.600.000 members) about 52.000 grassroots organisations (~107 members each), 3.300 communes and
about 300.000 organisations in all; a smaller register keeps the proportions (at least two grassroots organisations
a province). Provinces differ in size (weights below, roughly the real ones), so one of them holds about 100.000
members at full scale (Huế), the size of issue 16's province target.
"""

from __future__ import annotations

from dangbo.rules import reorganization as levels

# (name, weight): weights sum to 100, a province's share of the members in per cent, roughly.
PROVINCES = [
    ("Hà Nội", 9.2),
    ("Huế", 1.8),
    ("Lai Châu", 0.8),
    ("Điện Biên", 1.0),
    ("Sơn La", 1.8),
    ("Lạng Sơn", 1.4),
    ("Quảng Ninh", 2.5),
    ("Thanh Hóa", 4.5),
    ("Nghệ An", 4.5),
    ("Hà Tĩnh", 2.4),
    ("Cao Bằng", 1.2),
    ("Tuyên Quang", 2.0),
    ("Lào Cai", 1.8),
    ("Thái Nguyên", 2.5),
    ("Phú Thọ", 4.0),
    ("Bắc Ninh", 3.5),
    ("Hưng Yên", 3.5),
    ("Hải Phòng", 4.0),
    ("Ninh Bình", 4.0),
    ("Quảng Trị", 2.2),
    ("Đà Nẵng", 2.5),
    ("Quảng Ngãi", 2.4),
    ("Gia Lai", 2.5),
    ("Khánh Hòa", 2.0),
    ("Lâm Đồng", 3.0),
    ("Đắk Lắk", 2.5),
    ("Thành phố Hồ Chí Minh", 9.0),
    ("Đồng Nai", 3.5),
    ("Tây Ninh", 2.5),
    ("Cần Thơ", 2.5),
    ("Vĩnh Long", 3.0),
    ("Đồng Tháp", 2.5),
    ("Cà Mau", 2.0),
    ("An Giang", 3.5),
]
CITIES = {"Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Thành phố Hồ Chí Minh", "Cần Thơ"}
MEMBERS_PER_GRASSROOTS = 107  # 5.600.000 / 52.105 (issue 16)
COMMUNES_PER_GRASSROOTS = 3321 / 52105  # 3.321 xã, phường, đặc khu since 01/7/2025
AGENCY_SHARE = 0.22  # of a province's grassroots organisations: under its UBND and its Party agencies
COMMITTEE_SHARE = 0.7  # of grassroots organisations: đảng bộ cơ sở (with chi bộ), the rest chi bộ cơ sở
CELLS_PER_COMMITTEE = (3, 10)
COMMUNE_GRASSROOTS = ["Chi bộ Thôn", "Chi bộ Khu phố", "Đảng bộ Trường Trung học cơ sở", "Chi bộ Trường Tiểu học",
                      "Đảng bộ Trạm Y tế", "Chi bộ Hợp tác xã", "Đảng bộ Công ty Cổ phần", "Chi bộ Tổ dân phố"]
AGENCY_GRASSROOTS = ["Sở Tài chính", "Sở Xây dựng", "Sở Y tế", "Sở Nội vụ", "Sở Tư pháp", "Sở Công Thương",
                     "Sở Giáo dục và Đào tạo", "Sở Nông nghiệp và Môi trường", "Bệnh viện Đa khoa tỉnh",
                     "Ban Tổ chức Tỉnh ủy", "Ban Tuyên giáo và Dân vận Tỉnh ủy", "Ủy ban Kiểm tra Tỉnh ủy",
                     "Văn phòng Tỉnh ủy", "Báo và Phát thanh, Truyền hình tỉnh", "Trường Chính trị tỉnh"]


def split(total: int, weights: list[float], minimum: int = 0) -> list[int]:
    """`total` shared out in proportion to `weights` (largest remainder), each at least `minimum`."""
    rest = total - minimum * len(weights)
    whole = sum(weights)
    raw = [rest * w / whole for w in weights]
    out = [int(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: (out[i] - raw[i], i))
    for i in order[: rest - sum(out)]:
        out[i] += 1
    return [minimum + x for x in out]


def plan(members: int) -> dict:
    """How many grassroots organisations and communes each province has, for `members` members."""
    weights = [w for _, w in PROVINCES]
    grassroots = max(2 * len(PROVINCES), round(members / MEMBERS_PER_GRASSROOTS))
    per_province = split(grassroots, weights, minimum=2)
    communes = [max(1, round(g * COMMUNES_PER_GRASSROOTS)) for g in per_province]
    return {"grassroots": per_province, "communes": communes}


def build(tree, root, rng, root_code: str) -> list:
    """The organisations of the national shape under `root` (written through `tree`, a seed._Tree); returns the
    chi bộ members can sit in (CellInfo)."""
    from dangbo.organizations.models import OrgKind

    from .bulk import CellInfo

    shape = plan(tree.members)
    cells: list[CellInfo] = []
    for p, (pname, _w) in enumerate(PROVINCES):
        city = pname in CITIES
        title = pname if pname.startswith("Thành phố") else (f"thành phố {pname}" if city else f"tỉnh {pname}")
        pid, ppath = tree.add(root.pk, root.path, f"{root_code}-P{p}", f"Đảng bộ {title}", OrgKind.UPPER,
                              level=levels.PROVINCE)
        uppers = []
        for u, (level, uname) in enumerate([(levels.GOVERNMENT, f"Đảng bộ Ủy ban nhân dân {title}"),
                                            (levels.PARTY_AGENCIES, f"Đảng bộ các cơ quan Đảng {title}")]):
            uid, upath = tree.add(pid, ppath, f"{root_code}-P{p}-A{u}", uname, OrgKind.UPPER, level=level)
            uppers.append((uid, upath, uname, True))
        for c in range(shape["communes"][p]):
            ward = city and c % 3 != 2 or not city and c % 5 == 0
            cname = f"Đảng bộ {'phường' if ward else 'xã'} số {c + 1} ({pname})"
            cid, cpath = tree.add(pid, ppath, f"{root_code}-P{p}-X{c}", cname, OrgKind.UPPER, level=levels.COMMUNE)
            uppers.append((cid, cpath, cname, False))
        n_grassroots = shape["grassroots"][p]
        n_agency = max(1, round(n_grassroots * AGENCY_SHARE))
        counters: dict[int, int] = {}
        for g in range(n_grassroots):
            if g < n_agency:
                uid, upath, uname, agency = uppers[g % 2]
            else:
                uid, upath, uname, agency = uppers[2 + (g - n_agency) % (len(uppers) - 2)]
            k = counters[uid] = counters.get(uid, 0) + 1
            label = (AGENCY_GRASSROOTS if agency else COMMUNE_GRASSROOTS)[rng.randrange(
                len(AGENCY_GRASSROOTS if agency else COMMUNE_GRASSROOTS))]
            label = label.removeprefix("Chi bộ ").removeprefix("Đảng bộ ")
            code = f"{root_code}-P{p}-G{g}"
            workplace = f"{label} số {k}, {pname}"
            issuer = "Ban Thường vụ " + uname.replace("Đảng bộ", "Đảng ủy", 1)
            if rng.random() < COMMITTEE_SHARE:
                gid, gpath = tree.add(uid, upath, code, f"Đảng bộ {label} số {k}", OrgKind.GRASSROOTS_COMMITTEE)
                ids = [tree.add(gid, gpath, f"{code}-C{c}", f"Chi bộ số {c + 1}", OrgKind.CELL)[0]
                       for c in range(rng.randint(*CELLS_PER_COMMITTEE))]
                cells.extend(CellInfo(i, workplace, f"Đảng ủy {label} số {k}", "ĐU", [j for j in ids if j != i])
                             for i in ids)
            else:
                gid, _ = tree.add(uid, upath, code, f"Chi bộ {label} số {k}", OrgKind.GRASSROOTS_CELL)
                cells.append(CellInfo(gid, workplace, issuer, "ĐU"))
    return cells
