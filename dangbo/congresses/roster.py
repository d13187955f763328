"""Who is on a congress's lists: the register as of a date (convened members, meeting rolls) and the typed
lists of candidates and of the counting board, matched to the convened members by name."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_lazy as _

from dangbo.core.actions import fail
from dangbo.members import asof
from dangbo.organizations import history
from dangbo.organizations.models import Organization
from dangbo.rules.text import search_key

from .models import CandidateSource, Congress, Convened, Exclusion


def members_as_of(org: Organization, on: date, *, statuses=("official",), subtree=True) -> list[dict]:
    """Members whose home was in `org` (or its subtree) on `on`, with their state then, from the event history
    (the register's one "as of" rule, dangbo.members.asof)."""
    rows = asof.last_events(on, org.path, statuses=statuses, org=None if subtree else org).values(
        "member_id", "member__full_name", "member__sort_key", "org_after__name", "org_after__path",
        "host_after__path", "exempted_after", "suspended_after", "status_after")
    return sorted(rows, key=lambda r: (r["member__sort_key"], r["member_id"]))


def draw_convened(c: Congress) -> int:
    """The convened official members as of the opening date, with their exclusion (Điều 30, QĐ 190)."""
    rows = []
    moves = history.moves_after(c.opened_on)  # paths compared as the tree stood on the opening day
    home = history.path_as_of(c.org_path, c.opened_on, moves)
    for r in members_as_of(c.organization, c.opened_on):
        exclusion = Exclusion.NONE
        if r["suspended_after"]:
            exclusion = Exclusion.SUSPENDED
        elif r["host_after__path"] and not history.path_as_of(r["host_after__path"], c.opened_on,
                                                              moves).startswith(home):
            exclusion = Exclusion.TEMPORARY
        elif r["exempted_after"]:
            exclusion = Exclusion.EXEMPTED
        rows.append(Convened(congress=c, member_id=r["member_id"], full_name=r["member__full_name"],
                             sort_key=r["member__sort_key"], unit=r["org_after__name"], exclusion=exclusion,
                             present=exclusion not in (Exclusion.TEMPORARY, Exclusion.SUSPENDED)))
    Convened.objects.bulk_create(rows)
    return len(rows)


def parse_candidates(c: Congress, text: str) -> list[dict]:
    """One candidate a line: «Họ và tên» or «Họ và tên; đề cử; 20» (from the floor, 20 approving) or «…; tự ứng cử; 18».
    Names of convened members are linked to the member."""
    by_name = {}
    for r in Convened.objects.filter(congress=c).values("member_id", "full_name", "unit"):
        by_name.setdefault(search_key(r["full_name"]), r)
    out, seen = [], set()
    for i, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(";")]
        name = parts[0]
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
        key = search_key(name)
        if key in seen:
            fail("candidates", _("Dòng %(row)s: đồng chí %(name)s có tên hai lần trong danh sách."), row=i, name=name)
        seen.add(key)
        hit = by_name.get(key)
        out.append({"full_name": name, "member_id": hit["member_id"] if hit else None,
                    "unit": (hit or {}).get("unit", ""), "source": source, "floor_approvals": approvals})
    return out


def parse_board(c: Congress, text: str) -> list[dict]:
    by_name = {search_key(r["full_name"]): r["member_id"]
               for r in Convened.objects.filter(congress=c).values("member_id", "full_name")}
    names = [n.strip() for n in text.replace(",", "\n").splitlines() if n.strip()]
    return [{"name": n, "member_id": by_name.get(search_key(n)), "chair": i == 0} for i, n in enumerate(names)]
