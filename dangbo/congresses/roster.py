"""Who is on a congress's lists: the register as of a date (convened members, meeting rolls) and the typed
lists of candidates and of the counting board, matched to the convened members by name."""

from __future__ import annotations

import re
from datetime import date

from django.utils.translation import gettext_lazy as _

from dangbo.core.actions import fail
from dangbo.members import asof
from dangbo.organizations import history
from dangbo.organizations.models import Organization
from dangbo.rules.text import nfc, search_key

from .models import CandidateSource, Congress, Convened, Exclusion


def members_as_of(org: Organization, on: date, *, statuses=("official",), subtree=True) -> list[dict]:
    """Members whose home was in `org` (or its subtree) on `on`, with their state then, from the event history
    (the register's one "as of" rule, dangbo.members.asof)."""
    rows = asof.last_events(on, org.path, statuses=statuses, org=None if subtree else org).values(
        "member_id", "member__full_name", "member__sort_key", "org_after__name", "org_after__path",
        "host_after__path", "exempted_after", "suspended_after", "status_after")
    return sorted(rows, key=lambda r: (r["member__sort_key"], r["member_id"]))


def draw_convened(c: Congress) -> int:
    """The convened official members as of the opening date, with their exclusion (Điều 30, QĐ 190). A member
    suspended before the opening is not convened (HD 04-HD/TW): not on the list, not in the base."""
    rows = []
    moves = history.moves_after(c.opened_on)  # paths compared as the tree stood on the opening day
    home = history.path_as_of(c.org_path, c.opened_on, moves)
    for r in members_as_of(c.organization, c.opened_on):
        exclusion = Exclusion.NONE
        if r["suspended_after"]:
            continue  # suspended before the opening: not convened at all (HD 04-HD/TW, rules.md 2A.5)
        if r["host_after__path"] and not history.path_as_of(r["host_after__path"], c.opened_on,
                                                              moves).startswith(home):
            exclusion = Exclusion.TEMPORARY
        elif r["exempted_after"]:
            exclusion = Exclusion.EXEMPTED
        rows.append(Convened(congress=c, member_id=r["member_id"], full_name=r["member__full_name"],
                             sort_key=r["member__sort_key"], unit=r["org_after__name"], exclusion=exclusion,
                             present=exclusion not in (Exclusion.TEMPORARY, Exclusion.SUSPENDED)))
    Convened.objects.bulk_create(rows)
    return len(rows)


def name_key(name: str) -> str:
    """How names on a list are compared: NFC, case-insensitive, WITH diacritics («Nguyễn Văn Tú» and «Nguyễn Văn
    Tư» are two people)."""
    return " ".join(nfc(name).casefold().split())


_QUALIFIED = re.compile(r"^(?P<name>.*?)\s*\((?P<q>[^()]*)\)\s*$")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def _told_apart(name: str) -> tuple[str, str]:
    """«Nguyễn Văn An (1968)» or «Nguyễn Văn An (Chi bộ 2)» -> (name, what tells the person apart)."""
    m = _QUALIFIED.match(name)
    if not m or not m["name"].strip():
        return name, ""
    q = m["q"].strip()
    year = _YEAR.fullmatch(q) or (_YEAR.search(q) if name_key(q).startswith("sinh") else None)
    return m["name"].strip(), f"sinh năm {year.group(1)}" if year else q


def parse_candidates(c: Congress, text: str) -> list[dict]:
    """One candidate a line: «Họ và tên» or «Họ và tên; đề cử; 20» (from the floor, 20 approving) or «…; tự ứng cử; 18».
    Two people of the same full name are told apart in brackets: «Nguyễn Văn An (1968)», «Nguyễn Văn An (Chi bộ
    2)». Names of convened members are linked to the member (with diacritics; by birth year or unit when the
    name is shared)."""
    by_name: dict[str, list[dict]] = {}
    for r in Convened.objects.filter(congress=c).values("member_id", "full_name", "unit", "member__birth_date"):
        by_name.setdefault(name_key(r["full_name"]), []).append(r)
    out, rows = [], []
    for i, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(";")]
        name, apart = _told_apart(nfc(parts[0]))
        if len(name) < 3:
            fail("candidates", _("Dòng %(row)s: họ và tên không hợp lệ."), row=i)
        source, approvals = CandidateSource.COMMITTEE, None
        if len(parts) > 1 and parts[1]:
            word = search_key(parts[1])
            if "tu ung cu" in word:
                source = CandidateSource.SELF
            elif "de cu" in word:
                source = CandidateSource.FLOOR
            elif "cap uy" not in word:
                fail("candidates", _("Dòng %(row)s: nguồn «%(source)s» không rõ (cấp ủy / đề cử / tự ứng cử)."), row=i,
                     source=parts[1])
        if source != CandidateSource.COMMITTEE:
            try:
                approvals = int(parts[2])
            except (IndexError, ValueError):
                fail("candidates", _("Dòng %(row)s: đề cử, tự ứng cử tại đại hội phải ghi số người đồng ý giới thiệu."),
                     row=i)
        hits = by_name.get(name_key(name), [])
        if apart:
            year = apart.removeprefix("sinh năm ") if apart.startswith("sinh năm ") else None
            hits = [h for h in hits if (year and h["member__birth_date"] and str(h["member__birth_date"].year) == year)
                    or name_key(h["unit"] or "") == name_key(apart)]
        hit = hits[0] if len(hits) == 1 else None
        rows.append((i, name, apart))
        out.append({"full_name": name, "member_id": hit["member_id"] if hit else None,
                    "unit": apart if apart.startswith("sinh năm ") else (hit or {}).get("unit") or apart,
                    "source": source, "floor_approvals": approvals})
    _refuse_same_person_twice(rows)
    return out


def _refuse_same_person_twice(rows: list[tuple[int, str, str]]):
    """The same name twice is one person twice unless each line tells them apart, differently."""
    seen: dict[str, list[tuple[int, str, str]]] = {}
    for row in rows:
        seen.setdefault(name_key(row[1]), []).append(row)
    for same in seen.values():
        if len(same) < 2:
            continue
        aparts = [name_key(a) for _i, _n, a in same]
        if all(aparts) and len(set(aparts)) == len(aparts):
            continue
        i, name, _a = same[1]
        fail("candidates", _("Dòng %(row)s: đồng chí %(name)s có tên hai lần trong danh sách. Nếu là hai người cùng "
                             "họ và tên, ghi thêm năm sinh hoặc đơn vị trong ngoặc ở cả hai dòng, ví dụ «%(name)s "
                             "(1975)»."), row=i, name=name)


def parse_board(c: Congress, text: str) -> list[dict]:
    by_name: dict[str, list] = {}
    for r in Convened.objects.filter(congress=c).values("member_id", "full_name"):
        by_name.setdefault(name_key(r["full_name"]), []).append(r["member_id"])
    names = [nfc(n.strip()) for n in text.replace(",", "\n").splitlines() if n.strip()]
    return [{"name": n, "member_id": (by_name.get(name_key(n)) or [None])[0] if len(by_name.get(name_key(n), [])) <= 1
             else None, "chair": i == 0} for i, n in enumerate(names)]
