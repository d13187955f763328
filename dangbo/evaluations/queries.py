"""Read side of the review: results for any subtree and year, the roll-up, the lists, the commitments.

`results_summary`, `excellent_in_a_row`, `commitment_counts` and `member_results_url` are the contract the
year-end report app reads. Results count decided ratings of yearly reviews; a year with no per-member
records for the subtree falls back to the organisations' published totals (`source == "published"`).
"""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse

from dangbo.members.models import ACTIVE_STATUSES, Member
from dangbo.organizations.models import STEP, Organization

from .models import KEY_LEVELS, LEVEL_KEYS, Commitment, MemberRating, OrgRating, Period, PublishedTotals, RatingStatus

KEYS = ("excellent", "good", "completed", "not_completed")


def empty_counts() -> dict:
    return {**{k: 0 for k in KEYS}, "rated": 0, "not_rated": 0, "undecided": 0}


def yearly(qs, year: int):
    return qs.filter(year=year, review__period=Period.YEAR)


def _count(qs) -> dict:
    out = empty_counts()
    for rated, status, level, n in qs.values_list("rated", "status", "level").annotate(n=Count("id")).order_by():
        if not rated:
            out["not_rated"] += n
        elif status == RatingStatus.DECIDED and level:
            out[LEVEL_KEYS[level]] += n
            out["rated"] += n
        else:
            out["undecided"] += n
    return out


def _published(org: Organization, year: int) -> list[PublishedTotals]:
    """The topmost published totals in the subtree (an organisation's totals already include those below)."""
    rows = list(PublishedTotals.objects.filter(year=year, org_path__startswith=org.path).order_by("org_path"))
    top: list[PublishedTotals] = []
    for p in rows:
        if not any(p.org_path.startswith(t.org_path) for t in top):
            top.append(p)
    return top


def results_summary(org: Organization, year: int) -> dict | None:
    """Decided results of `year` for the subtree of `org` (see the module docstring for the shape)."""
    members = _count(yearly(MemberRating.objects, year).filter(org_path__startswith=org.path))
    orgs = _count(yearly(OrgRating.objects, year).filter(org_path__startswith=org.path).exclude(org_path=org.path))
    own = yearly(OrgRating.objects, year).filter(org_path=org.path, status=RatingStatus.DECIDED).values_list(
        "level", flat=True).first()
    if any(members.values()) or any(orgs.values()):
        return {"year": year, "source": "members", "members": members, "organizations": orgs,
                "self": LEVEL_KEYS.get(own) if own else None}
    published = _published(org, year)
    if not published:
        return None
    members, orgs = empty_counts(), empty_counts()
    for p in published:
        for k in KEYS:
            members[k] += getattr(p, f"members_{k}")
            orgs[k] += getattr(p, f"orgs_{k}")
        members["not_rated"] += p.members_not_rated
    members["rated"] = sum(members[k] for k in KEYS)
    orgs["rated"] = sum(orgs[k] for k in KEYS)
    self_level = next((p.self_level for p in published if p.org_path == org.path), None)
    return {"year": year, "source": "published", "members": members, "organizations": orgs,
            "self": LEVEL_KEYS.get(self_level) if self_level else None}


def percentages(counts: dict) -> dict:
    total = counts["rated"]
    return {k: (counts[k] * 100 / total if total else 0.0) for k in KEYS}


def compare(current: dict | None, previous: dict | None) -> list[dict]:
    """Rows for the results table: per level, members and organisations, this year and last, the change."""
    rows = []
    for k in KEYS:
        row = {"key": k, "level": KEY_LEVELS[k]}
        for part in ("members", "organizations"):
            now = current[part] if current else empty_counts()
            before = previous[part] if previous else None
            row[part] = {"n": now[k], "pct": percentages(now)[k],
                         "prev_pct": percentages(before)[k] if before else 0.0,
                         "prev": before[k] if before else None,
                         "delta": (now[k] - before[k]) if before else None}
        rows.append(row)
    return rows


def rollup(year: int, root_path: str = "", kind: str = "members") -> dict[str, dict[str, int]]:
    """Decided counts per level for every organisation, each rolled up to all its ancestors.

    One grouped query (rows per organisation path and level), then each group is added to every prefix of
    its path: the work is proportional to organisations × depth, never to members."""
    model = MemberRating if kind == "members" else OrgRating
    qs = model.objects.filter(year=year, status=RatingStatus.DECIDED, review__period=Period.YEAR)
    if root_path:
        qs = qs.filter(org_path__startswith=root_path)
    out: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(KEYS, 0))
    for path, level, n in qs.values_list("org_path", "level").annotate(n=Count("id")).order_by():
        key = LEVEL_KEYS[level]
        for i in range(STEP, len(path) + 1, STEP):
            out[path[:i]][key] += n
    return dict(out)


def child_rows(org: Organization, year: int) -> list[dict]:
    """Per directly subordinate organisation: its subtree's member counts and its own decided level."""
    kids = list(Organization.objects.filter(parent=org).order_by("path"))
    if not kids:
        return []
    counts = rollup(year, org.path)
    own = dict(yearly(OrgRating.objects, year).filter(organization__in=kids, status=RatingStatus.DECIDED)
               .values_list("organization_id", "level"))
    rows = []
    for k in kids:
        c = counts.get(k.path, dict.fromkeys(KEYS, 0))
        rows.append({"org": k, "counts": c, "total": sum(c.values()), "level": own.get(k.pk)})
    return [r for r in rows if r["total"] or r["level"]]


def _member_ids_at(org: Organization, year: int, level: int):
    return yearly(MemberRating.objects, year).filter(org_path__startswith=org.path, status=RatingStatus.DECIDED,
                                                      level=level).values("member_id")


def excellent_in_a_row(org: Organization, year: int, years: int = 5) -> dict:
    """Members and organisations rated excellent in each of the `years` years ending at `year`."""
    first = year - years + 1
    mids = (MemberRating.objects.filter(member_id__in=_member_ids_at(org, year, 4), year__gte=first,
                                        year__lte=year, level=4, status=RatingStatus.DECIDED,
                                        review__period=Period.YEAR)
            .values("member_id").annotate(n=Count("year", distinct=True)).filter(n=years).values("member_id"))
    oids = (OrgRating.objects.filter(org_path__startswith=org.path, year__gte=first, year__lte=year, level=4,
                                     status=RatingStatus.DECIDED, review__period=Period.YEAR)
            .values("organization_id").annotate(n=Count("year", distinct=True)).filter(n=years)
            .values("organization_id"))
    return {"members": list(Member.objects.filter(pk__in=mids).order_by("sort_key", "id")),
            "organizations": list(Organization.objects.filter(pk__in=oids).order_by("path"))}


def not_completed_twice(org: Organization, year: int) -> list[Member]:
    """Members rated Không hoàn thành nhiệm vụ in `year` and `year - 1` (grounds for removal, Điều lệ)."""
    prev = MemberRating.objects.filter(year=year - 1, level=1, status=RatingStatus.DECIDED,
                                       review__period=Period.YEAR).values("member_id")
    return list(Member.objects.filter(pk__in=_member_ids_at(org, year, 1)).filter(pk__in=prev)
                .order_by("sort_key", "id"))


def not_yet_rated(org: Organization, year: int):
    return (yearly(MemberRating.objects, year).filter(org_path__startswith=org.path, rated=True)
            .exclude(status=RatingStatus.DECIDED).select_related("member", "organization")
            .order_by("member__sort_key", "member_id"))


def commitment_counts(org: Organization, year: int) -> dict:
    """Members with a commitment for `year` against those expected (reviewed that year, else active now)."""
    reviewed = yearly(MemberRating.objects, year).filter(org_path__startswith=org.path)
    if reviewed.exists():
        expected_ids = reviewed.values("member_id")
    else:
        expected_ids = Member.objects.filter(org_path__startswith=org.path,
                                             status__in=list(ACTIVE_STATUSES)).values("id")
    expected = Member.objects.filter(pk__in=expected_ids).count()
    with_ = Commitment.objects.filter(year=year, member_id__in=expected_ids).count()
    return {"with": with_, "expected": expected}


def commitment_lists(org: Organization, year: int) -> tuple[list, list]:
    reviewed = yearly(MemberRating.objects, year).filter(org_path__startswith=org.path)
    base = Member.objects.filter(pk__in=reviewed.values("member_id")) if reviewed.exists() else \
        Member.objects.filter(org_path__startswith=org.path, status__in=list(ACTIVE_STATUSES))
    signed = Commitment.objects.filter(year=year).values("member_id")
    return (list(base.filter(pk__in=signed).order_by("sort_key", "id")),
            list(base.exclude(pk__in=signed).order_by("sort_key", "id")))


def member_results_url(org: Organization, year: int, level: str | None = None) -> str:
    """The page listing the member records behind a figure (level: a Level key, or None for all)."""
    params = {"to_chuc": org.pk, "nam": year}
    if level:
        params["muc"] = level
    return reverse("evaluations:records") + "?" + urlencode(params)


def member_records(org: Organization, year: int, level: str | None = None):
    qs = yearly(MemberRating.objects, year).filter(org_path__startswith=org.path).select_related(
        "member", "organization")
    if level in KEY_LEVELS:
        qs = qs.filter(status=RatingStatus.DECIDED, level=KEY_LEVELS[level])
    elif level == "not_rated":
        qs = qs.filter(rated=False)
    elif level == "undecided":
        qs = qs.filter(rated=True).exclude(status=RatingStatus.DECIDED)
    return qs.order_by("member__sort_key", "member_id")


def years_with_data(org: Organization) -> list[int]:
    ys = set(MemberRating.objects.filter(org_path__startswith=org.path).values_list("year", flat=True).distinct())
    ys |= set(PublishedTotals.objects.filter(org_path__startswith=org.path).values_list("year", flat=True))
    return sorted(ys, reverse=True)


def member_history(member: Member) -> list[MemberRating]:
    return list(MemberRating.objects.filter(member=member).filter(Q(rated=False) | Q(rated=True))
                .select_related("review", "organization").order_by("-year"))
