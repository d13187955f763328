"""Whole organisations moved by one decision (the 2025 reorganisation; rules-2025-2026.md §1.3).

A cấp ủy's decision «chuyển giao toàn bộ tổ chức đảng và đảng viên» with a handover record (biên bản bàn giao)
moves a whole subtree, or merges one organisation into another, on one effective date; every member moves with it,
with no individual transfer paper and no gap in party age (CONFIRMED). Whether the yearly statistics (Biểu 1) count
such moves as transfers in and out was not found (UNCONFIRMED): a setting, `ReorganizationSettings`, whose default
shows them on a separate line «do sắp xếp tổ chức» and keeps them out of the transfers.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from .sources import CONFIRMED, UNCONFIRMED, Source, register

SOURCE_URL = "https://baomoi.net.vn/chuyen-giao-tiep-nhan-to-chuc-dang-va-dang-vien-c52639255.epi"

register("organization.mass_transfer", Source(
    document="Quyết định của cấp ủy chuyển giao toàn bộ tổ chức đảng và đảng viên (ví dụ Quyết định số 1788-QĐ/TU "
             "ngày 26/6/2025 của Tỉnh ủy Hưng Yên; Hướng dẫn 31-HD/BTCTW ngày 23/4/2025)",
    clause="Chuyển giao toàn bộ tổ chức đảng và đảng viên theo một quyết định, kèm biên bản bàn giao; đảng viên "
           "chuyển theo tổ chức, không làm thủ tục chuyển sinh hoạt từng người, không gián đoạn tuổi đảng",
    valid_from=date(2025, 1, 1), valid_to=None, confidence=CONFIRMED, url=SOURCE_URL,
    note="rules-2025-2026.md §1.3."))
register("statistics.reorganization_as_transfer", Source(
    document="Biểu 1-BTCTW (thống kê tăng, giảm đảng viên)",
    clause="Đảng viên chuyển do sắp xếp tổ chức có được tính vào chuyển sinh hoạt đến/đi hay không",
    valid_from=date(2025, 1, 1), valid_to=None, confidence=UNCONFIRMED,
    note="rules-2025-2026.md §1.3: not found. Default: a separate line «do sắp xếp tổ chức», not counted as "
         "transfers in or out, so the 2025 transfer figures are not inflated (setting count_as_transfers)."))


@dataclass(frozen=True)
class ReorganizationSettings:
    """`settings.DANGBO_REORGANIZATION` overrides them."""

    count_as_transfers: bool = False  # statistics.reorganization_as_transfer

    @classmethod
    def from_dict(cls, data: dict | None) -> ReorganizationSettings:
        names = {f.name for f in fields(cls)}
        out = {}
        for k, v in (data or {}).items():
            if k in names:
                out[k] = v if isinstance(v, bool) else str(v).strip().lower() in ("1", "true", "yes", "có")
        return cls(**out)


UNCONFIRMED_KEYS = ("statistics.reorganization_as_transfer",)


# -- the tree as of a date, from the move records (pure: paths only) ---------------------------------------------
def path_on(path: str, moves: list[tuple[str, str]]) -> str:
    """The path an organisation now at `path` had before `moves` ((old prefix, new prefix), in the order they
    happened) were made."""
    for old, new in reversed(moves):
        if path.startswith(new):
            path = old + path[len(new):]
    return path


def regions(path: str, moves: list[tuple[str, str]]) -> list[tuple[str, list[str]]]:
    """The organisations under `path` (a current path) before `moves` were made, as current path prefixes:
    [(prefix, [excluded prefixes])]. A moved subtree is re-rooted at a path never used before, and a path left
    behind is never handed out again, so a prefix names the same organisations all along."""
    if not path:
        return [("", [])]
    out = [(path_on(path, moves), [])]
    for old, new in moves:
        nxt: list[tuple[str, list[str]]] = []
        for inc, ex in out:
            if inc.startswith(old):  # the whole region moved
                nxt.append((new + inc[len(old):], [new + e[len(old):] for e in ex]))
                continue
            ex = list(ex)
            if old.startswith(inc) and not any(old.startswith(e) for e in ex):  # a part of it moved away
                nxt.append((new, [new + e[len(old):] for e in ex if e.startswith(old)]))
                ex = [e for e in ex if not e.startswith(old)] + [old]
            if new.startswith(inc):  # what lands inside (from outside, or the part just moved) is not its own
                ex.append(new)
            nxt.append((inc, ex))
        out = nxt
    return out


# -- the levels after 2025 (rules-2025-2026.md §1.1, §1.2) -------------------------------------------------------
# The level of a đảng bộ cấp trên cơ sở (organizations.models.OrgLevel keeps the labels): stored values.
PROVINCE, DISTRICT, COMMUNE = "province", "district", "commune"
BLOC, GOVERNMENT, PARTY_AGENCIES = "bloc", "government", "party_agencies"
LEVELS = (PROVINCE, DISTRICT, COMMUNE, BLOC, GOVERNMENT, PARTY_AGENCIES)
# "không còn cấp huyện" from 01/7/2025 (294-QĐ/TW; HD 31-HD/BTCTW; CONFIRMED). The Đảng bộ Khối were replaced by the
# Đảng bộ UBND tỉnh and the Đảng bộ các cơ quan Đảng tỉnh (§1.2, CONFIRMED by congress reports) on dates that differ
# from province to province, so only the district level has a fixed end; a Khối ends by its own decision (status).
DISTRICT_LEVEL_ENDED = date(2025, 7, 1)
ENDED_LEVELS = {DISTRICT: DISTRICT_LEVEL_ENDED}
# Only a province (tỉnh ủy, thành ủy) has đảng bộ cấp trên cơ sở under it; every other upper level has the tổ chức
# cơ sở đảng directly under it.
HOLDS_UPPER = {"", PROVINCE}

register("organization.levels_2025", Source(
    document="Quy định 294-QĐ/TW (2025) thi hành Điều lệ Đảng; Quy định 298-QĐ/TW ngày 09/6/2025; Hướng dẫn "
             "31-HD/BTCTW ngày 23/4/2025",
    clause="Đảng tổ chức theo cấp xã (xã, phường, đặc khu), tỉnh và Trung ương, không còn cấp huyện; đảng ủy xã, "
           "phường, đặc khu là cấp trên trực tiếp của tổ chức cơ sở đảng; Đảng bộ Khối các cơ quan tỉnh kết thúc "
           "hoạt động, thay bằng Đảng bộ UBND tỉnh và Đảng bộ các cơ quan Đảng tỉnh",
    valid_from=DISTRICT_LEVEL_ENDED, valid_to=None, confidence=CONFIRMED,
    url="https://thads.moj.gov.vn/noidung/tintuc/Lists/CongTacDang/View_Detail.aspx?ItemID=288",
    note="rules-2025-2026.md §1.1, §1.2."))


def level_ended(level: str, on: date | None) -> bool:
    """Whether an organisation of `level` can no longer be founded or take organisations under it on `on`."""
    ended = ENDED_LEVELS.get(level or "")
    return ended is not None and on is not None and on >= ended


def holds_upper(level: str) -> bool:
    return (level or "") in HOLDS_UPPER
