"""Read side of the review: results for any subtree and year, the roll-up, the lists, the commitments.

`results_summary`, `excellent_in_a_row`, `commitment_counts` and `member_results_url` are the contract the
year-end report app reads. Results count decided ratings of yearly reviews; a year with no per-member
records for the subtree falls back to the organisations' published totals (`source == "published"`).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from operator import add
from urllib.parse import urlencode

from django.db import connections
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext

from dangbo.members.models import ACTIVE_STATUSES, Member
from dangbo.organizations import history
from dangbo.organizations.models import STEP, Organization

from .models import (
    KEY_LEVELS,
    LEVEL_CHOICES,
    LEVEL_KEYS,
    Commitment,
    MemberRating,
    OrgRating,
    Period,
    PublishedTotals,
    RatingStatus,
    Review,
)

KEYS = ("excellent", "good", "completed", "not_completed")


def empty_counts() -> dict:
    return {**{k: 0 for k in KEYS}, "rated": 0, "not_rated": 0, "undecided": 0}


def yearly(qs, year: int):
    return qs.filter(year=year, review__period=Period.YEAR)


def count_levels(qs) -> dict:
    """Counts per level of a queryset of ratings: decided, undecided and not rated."""
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
    rows = list(PublishedTotals.objects.filter(year=year, org_path__startswith=org.path).select_related(
        "organization").order_by("org_path"))
    top: list[PublishedTotals] = []
    for p in rows:
        if not any(p.org_path.startswith(t.org_path) for t in top):
            top.append(p)
    return top


def results_summary(org: Organization, year: int) -> dict | None:
    """Decided results of `year` for the subtree of `org` (see the module docstring for the shape)."""
    members = count_levels(yearly(MemberRating.objects, year).filter(org_path__startswith=org.path))
    orgs = count_levels(yearly(OrgRating.objects, year).filter(org_path__startswith=org.path)
                        .exclude(org_path=org.path))
    own = yearly(OrgRating.objects, year).filter(org_path=org.path, status=RatingStatus.DECIDED).values_list(
        "level", flat=True).first()
    if any(members.values()) or any(orgs.values()):
        return {"year": year, "source": "members", "members": members, "organizations": orgs,
                "self": LEVEL_KEYS.get(own) if own else None}
    published = _published(org, year)
    if not published:
        return None
    members, orgs = empty_counts(), empty_counts()
    own_scale = [p for p in published if p.as_published]
    published = [p for p in published if not p.as_published]
    for p in published:
        for k in KEYS:
            members[k] += getattr(p, f"members_{k}")
            orgs[k] += getattr(p, f"orgs_{k}")
        members["not_rated"] += p.members_not_rated
    members["rated"] = sum(members[k] for k in KEYS)
    orgs["rated"] = sum(orgs[k] for k in KEYS)
    self_level = next((p.self_level for p in published if p.org_path == org.path), None)
    out = {"year": year, "source": "published", "members": members, "organizations": orgs,
           "self": LEVEL_KEYS.get(self_level) if self_level else None}
    if own_scale:
        out["published"] = as_published(own_scale, year)
    return out


def _grade_rows(scale, part: str, figures: dict, as_shares: bool, exemplary_within: bool) -> list[dict]:
    """The grades of `part` as published: a count (its share of the whole computed) or a share (no count)."""
    whole = sum(int(figures.get(g.key) or 0) for g in scale.grades(part)
                if not g.aggregate and not (g.within and exemplary_within)) if not as_shares else 0
    rows = []
    for g in scale.grades(part):
        if g.key not in figures:
            continue
        v = figures[g.key]
        within = scale.grade(part, g.within).label if g.within and exemplary_within else ""
        decimals = max(0, -Decimal(str(v)).as_tuple().exponent) if as_shares else 1
        rows.append({"key": g.key, "label": g.label, "aggregate": g.aggregate, "within": within,
                     "count": None if as_shares else int(v), "decimals": decimals,
                     "share": float(v) if as_shares else (int(v) * 100 / whole if whole else 0.0)})
    # «trong đó: …» right after the figure it is part of.
    for r in [r for r in rows if r["within"]]:
        rows.remove(r)
        at = next((i for i, w in enumerate(rows) if w["label"] == r["within"]), len(rows) - 1)
        rows.insert(at + 1, r)
    return rows


def as_published(entries: list[PublishedTotals], year: int) -> list[dict]:
    """Published figures in a year's own scale or as shares, as they were published: the counts of several
    organisations in one scale are added up; shares never are (one group each, with its organisation)."""
    from dangbo.rules import ratings as rules

    scale = rules.scale_for(year)
    counts = [p for p in entries if not p.as_shares]
    groups: list[list[PublishedTotals]] = []
    if counts and len({p.exemplary_within for p in counts}) == 1:
        groups.append(counts)
    else:
        groups += [[p] for p in counts]
    groups += [[p] for p in entries if p.as_shares]
    out = []
    for group in groups:
        first = group[0]
        figures = {"members": {}, "organizations": {}}
        for p in group:
            for part in figures:
                for k, v in (p.figures.get(part) or {}).items():
                    figures[part][k] = v if first.as_shares else int(figures[part].get(k) or 0) + int(v)
        self_key = first.figures.get("self") if len(group) == 1 else None
        self_grade = scale.grade("organizations", self_key) if self_key else None
        bases = {"members": first.members_base, "organizations": first.orgs_base}
        if len(group) > 1:
            bases = {part: sum(getattr(p, f) for p in group) if all(getattr(p, f) is not None for p in group)
                     else None for part, f in (("members", "members_base"), ("organizations", "orgs_base"))}
        out.append({
            "scale": scale.key, "document": scale.document, "url": scale.url, "years_label": scale.years_label,
            "current": scale.current, "as_shares": first.as_shares, "exemplary_within": first.exemplary_within,
            "organizations_entered": [p.organization.name for p in group],
            "source_documents": sorted({p.source_document for p in group}),
            "members": _grade_rows(scale, "members", figures["members"], first.as_shares, first.exemplary_within),
            "organizations": _grade_rows(scale, "organizations", figures["organizations"], first.as_shares,
                                         first.exemplary_within),
            "bases": bases, "not_rated": sum(p.members_not_rated for p in group),
            "parts": [],
            "self": self_grade.label if self_grade else None,
        })
        out[-1]["parts"] = [(part, out[-1][part]) for part in ("members", "organizations")]
    return out


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

    One grouped query (a row per organisation path and review, a count per level), then the deepest paths first,
    each path's whole-subtree counts are added to its parent's: the work is proportional to organisations, never
    to members, and each organisation is added once, not once per ancestor."""
    model = MemberRating if kind == "members" else OrgRating
    qs = model.objects.filter(year=year, status=RatingStatus.DECIDED)
    if root_path:
        # The range gives PostgreSQL an index range (its LIKE needs a pattern index); paths are ASCII, below "~".
        qs = qs.filter(org_path__startswith=root_path, org_path__gte=root_path, org_path__lt=root_path + "~")
    # Only yearly reviews count. The year's other reviews (quarter, term: a rating's year is its review's) are
    # few, so their rows are dropped here: joining the reviews kept PostgreSQL from reading the rows in path order
    # from mrating_decided_rollup (5,6 M ratings: a hash of every row instead of an index-only scan).
    others = set(Review.objects.filter(year=year).exclude(period=Period.YEAR).values_list("pk", flat=True))
    by_level = {key: Count("level", filter=Q(level=level)) for level, key in LEVEL_KEYS.items()}  # in the index
    grouped = qs.values("org_path", "review_id").annotate(**by_level).order_by().values_list("org_path", "review_id",
                                                                                             *KEYS)
    sql, params = grouped.query.sql_with_params()
    # The rows as the driver gives them (Django's converters cost as much again), from the database the queryset
    # would read (a replica, core/replica.py).
    with connections[grouped.db].cursor() as cur:
        cur.execute(sql, params)
        rows = cur.fetchall()
    by_depth: dict[int, dict[str, list[int]]] = defaultdict(dict)
    for path, review_id, *counts in rows:
        if review_id in others:
            continue
        paths = by_depth[len(path)]
        got = paths.get(path)
        paths[path] = counts if got is None else list(map(add, got, counts))
    for depth in range(max(by_depth, default=0), STEP, -STEP):
        parents = by_depth[depth - STEP]
        for path, counts in by_depth[depth].items():
            parent = parents.get(path[:-STEP])
            parents[path[:-STEP]] = counts if parent is None else list(map(add, parent, counts))
    return {path: dict(zip(KEYS, counts, strict=True)) for paths in by_depth.values() for path, counts in paths.items()}


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


def streak_members(org: Organization, year: int, years: int = 5):
    """Members of `org`'s subtree rated excellent in each of the `years` years ending at `year` (a queryset in
    given-name order)."""
    first = year - years + 1
    mids = (MemberRating.objects.filter(member_id__in=_member_ids_at(org, year, 4), year__gte=first,
                                        year__lte=year, level=4, status=RatingStatus.DECIDED,
                                        review__period=Period.YEAR)
            .values("member_id").annotate(n=Count("year", distinct=True)).filter(n=years).values("member_id"))
    return Member.objects.filter(pk__in=mids).order_by("sort_key", "id")


def streak_organizations(org: Organization, year: int, years: int = 5) -> list[Organization]:
    """Organisations under `org` rated excellent in each of the `years` years ending at `year`."""
    oids = (OrgRating.objects.filter(org_path__startswith=org.path, year__gte=year - years + 1, year__lte=year,
                                     level=4, status=RatingStatus.DECIDED, review__period=Period.YEAR)
            .values("organization_id").annotate(n=Count("year", distinct=True)).filter(n=years)
            .values("organization_id"))
    return list(Organization.objects.filter(pk__in=oids).order_by("path"))


def excellent_in_a_row(org: Organization, year: int, years: int = 5) -> dict:
    """Members and organisations rated excellent in each of the `years` years ending at `year`."""
    return {"members": list(streak_members(org, year, years)),
            "organizations": streak_organizations(org, year, years)}


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


def member_tasks(member: Member, today) -> list[dict]:
    """What a member has to do for the yearly review, for their home page: the self-assessment of an open
    review they are rated in, and this year's commitment. Each: {label, url, done, detail}."""
    labels = dict(LEVEL_CHOICES)
    tasks = []
    open_ratings = (MemberRating.objects.filter(member=member, rated=True, review__status=Review.Status.OPEN)
                    .select_related("review").order_by("-year"))
    for r in open_ratings:
        done = r.self_level is not None
        detail = (gettext("Đã tự xếp loại: %(level)s") % {"level": labels[r.self_level]} if done
                  else gettext("Chưa tự đánh giá, xếp loại"))
        if r.status == RatingStatus.DECIDED:
            detail = gettext("Kết quả: %(level)s") % {"level": labels[r.level]}
        tasks.append({"label": gettext("Tự đánh giá, xếp loại năm %(year)s") % {"year": r.year}, "detail": detail,
                      "done": done,
                      "url": reverse("evaluations:rating", args=[r.pk])})
    has = Commitment.objects.filter(member=member, year=today.year).exists()
    tasks.append({"label": gettext("Bản cam kết tu dưỡng, rèn luyện, phấn đấu năm %(year)s") % {"year": today.year},
                  "done": has, "detail": gettext("Đã ghi") if has else gettext("Chưa ghi"),
                  "url": reverse("evaluations:commitment", args=[member.pk]) + f"?nam={today.year}"})
    return tasks


# -- findings of a year and review progress, for every output (results page, JSON, year-end report) ----------
def _finding_row(f: dict, org_name: str, origin: str, url: str, n: int = 1, who: str = "") -> dict:
    message = f.get("message", "")
    if who:
        message = f"{message.rstrip('.')} ({n} {who})."
    return {"code": f.get("code", ""), "message": f"{org_name}: {message}" if org_name else message,
            "document": f.get("document", ""), "clause": f.get("clause", ""),
            "confidence": f.get("confidence", ""), "blocking": bool(f.get("blocking")),
            "organization": org_name, "origin": origin, "url": url}


def year_findings(org: Organization, year: int) -> list[dict]:
    """The rating findings of `year` in the subtree of `org`, each with its document and clause.

    Three origins: the findings stored with published totals; those stored on decided ratings (quota and
    level rules at the decision; the same finding on many rows is counted once, with how many rows carry
    it); and, recomputed from the decided levels, an organisation rated excellent whose members or units do
    not allow it (so a rating entered without the checks still shows)."""
    from dangbo.organizations.models import CELL_KINDS
    from dangbo.rules import ratings as rules

    out: list[dict] = []
    seen: set[tuple[str, str]] = set()
    for p in PublishedTotals.objects.filter(year=year, org_path__startswith=org.path).select_related(
            "organization").order_by("org_path"):
        url = reverse("evaluations:published", args=[p.organization_id]) + f"?nam={year}"
        for f in p.findings:
            out.append(_finding_row(f, p.organization.name, "published", url))
            seen.add((p.org_path, f.get("code", "")))
    member_url, org_url = member_results_url(org, year), results_url(org, year)
    for model, who in ((OrgRating, ""), (MemberRating, "đảng viên")):
        groups: dict[tuple[str, str], list] = {}
        rows = (yearly(model.objects, year).filter(org_path__startswith=org.path, status=RatingStatus.DECIDED)
                .exclude(findings=[]).values_list("org_path", "organization__name", "findings"))
        for path, name, findings in rows:
            for f in findings:
                # Quota findings name their pool; per-member findings are counted per organisation.
                key = (f.get("pool") or path, f.get("code", ""), f.get("message", ""))
                groups.setdefault(key, [f, name, path, 0])[3] += 1
        pooled = [k[0] for k, v in groups.items() if v[0].get("pool")]
        # A pool path stored in the findings is as it was then: follow the subtree moves since (core.PathMove).
        now = history.current_paths(pooled) if pooled else {}
        names = dict(Organization.objects.filter(path__in=set(now.values())).values_list("path", "name"))
        pools = {p: names.get(now[p], "") for p in pooled}
        for (pool, code, msg), (f, name, path, n) in groups.items():
            url = member_url if who else org_url
            if f.get("pool"):  # a quota finding, once per pool, named after the pool unless it already is
                pool_name = pools.get(pool, "")
                out.append(_finding_row(f, "" if msg.startswith(pool_name) else pool_name, "decided", url))
            else:
                out.append(_finding_row(f, name, "decided", url, n=n, who=who))
            seen.add((path, code))
    regime = None
    for r in (yearly(OrgRating.objects, year).filter(org_path__startswith=org.path, status=RatingStatus.DECIDED,
                                                      level=KEY_LEVELS["excellent"]).select_related("organization")):
        o = r.organization
        cell = o.kind in CELL_KINDS
        if cell:
            levels = yearly(MemberRating.objects, year).filter(org_path__startswith=o.path,
                                                               status=RatingStatus.DECIDED)
        else:
            levels = yearly(OrgRating.objects, year).filter(organization__parent=o, status=RatingStatus.DECIDED)
        levels = [lv for lv in levels.values_list("level", flat=True) if lv]
        try:
            regime = regime or rules.regime_for(year)
        except ValueError:
            return out
        for f in rules.organization_findings(levels, rules.Level.EXCELLENT, regime,
                                             children="members" if cell else "organizations"):
            if f.code.startswith("org_excellent_") and (o.path, f.code) not in seen:
                src = f.source
                out.append(_finding_row({"code": f.code, "message": f.message, "document": src.document,
                                         "clause": src.clause, "confidence": src.confidence,
                                         "blocking": f.blocking}, o.name, "recomputed",
                                        member_results_url(o, year) if cell else results_url(o, year)))
    return out


def results_url(org: Organization, year: int) -> str:
    return reverse("evaluations:results") + "?" + urlencode({"to_chuc": org.pk, "nam": year})


def review_progress(org: Organization, year: int) -> dict:
    """How far the yearly reviews of `year` are decided in the subtree of `org`: {"rated": members rated,
    "decided": of them with a decision, "provisional": some not decided, "open": the reviews not decided}."""
    qs = yearly(MemberRating.objects, year).filter(org_path__startswith=org.path, rated=True)
    counts = qs.aggregate(rated=Count("id"), decided=Count("id", filter=Q(status=RatingStatus.DECIDED)))
    rated, decided = counts["rated"], counts["decided"]
    names = []
    if decided < rated:
        pending = qs.exclude(status=RatingStatus.DECIDED).values("review_id")
        names = list(Review.objects.filter(pk__in=pending).order_by("org_path")
                     .values_list("organization__name", flat=True))
    return {"rated": rated, "decided": decided, "provisional": decided < rated, "open": names}


def rated_paths(org: Organization, year: int) -> dict[str, set[str]]:
    """Paths in (or, for published totals, above) the subtree of `org` holding rating data of `year`:
    {"records": where a member or organisation is rated, "published": where totals were published (covering
    the subtree below them)}."""
    records = set(yearly(MemberRating.objects, year).filter(org_path__startswith=org.path)
                  .values_list("org_path", flat=True).distinct())
    records |= set(yearly(OrgRating.objects, year).filter(org_path__startswith=org.path)
                   .values_list("org_path", flat=True).distinct())
    ancestors = [org.path[:i] for i in range(STEP, len(org.path) + 1, STEP)]
    published = set(PublishedTotals.objects.filter(Q(org_path__startswith=org.path) | Q(org_path__in=ancestors),
                                                   year=year).values_list("org_path", flat=True))
    return {"records": records, "published": published}
