"""Results, roll-up and lists, compared with an independent computation; the CLI; the JSON contract."""

import json
import random
from collections import Counter
from datetime import date

import pytest

from dangbo.core.scopes import ScopeDenied
from dangbo.evaluations import actions, queries
from dangbo.evaluations.models import LEVEL_KEYS, MemberRating, OrgRating, RatingStatus, Review
from dangbo.organizations.models import Organization, OrgKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def bloc(make_org, make_member):
    top = make_org("Đảng bộ Khối", OrgKind.UPPER, code="K")
    out = {"top": top, "members": []}
    for g in range(2):
        root = make_org(f"Đảng bộ cơ sở {g}", OrgKind.GRASSROOTS_COMMITTEE, parent=top, code=f"K{g}")
        for c in range(3):
            cell = make_org(f"Chi bộ {g}.{c}", OrgKind.CELL, parent=root, code=f"K{g}-{c}")
            for i in range(4 + c):
                out["members"].append(make_member(cell, f"Nguyễn Văn Số{g}{c}{i}"))
    return out


def decide_randomly(top, year, seed):
    rng = random.Random(seed)
    review = actions.open_review(None, top, year=year, review_date=date(year, 12, 15))
    rows = list(MemberRating.objects.filter(review=review, rated=True))
    for r in rows:
        r.self_level = r.proposed_level = rng.choice([1, 2, 3, 3, 3, 4])
        r.status = RatingStatus.PROPOSED
    MemberRating.objects.bulk_update(rows, ["self_level", "proposed_level", "status"])
    actions.decide_members(None, review, decision_number="1", decision_date=date(year, 12, 20),
                           override_reason="thử nghiệm")
    return review


def test_rollup_matches_an_independent_count(bloc):
    decide_randomly(bloc["top"], 2021, 1)
    got = queries.rollup(2021)
    ratings = list(MemberRating.objects.filter(year=2021, status=RatingStatus.DECIDED).select_related("organization"))
    for org in Organization.objects.all():
        expected = Counter(LEVEL_KEYS[r.level] for r in ratings if r.organization.path.startswith(org.path))
        assert {k: v for k, v in got.get(org.path, {}).items() if v} == dict(expected), org.name
    s = queries.results_summary(bloc["top"], 2021)
    assert s["members"]["rated"] == len(bloc["members"]) == sum(s["members"][k] for k in queries.KEYS)


def test_rollup_counts_only_the_yearly_reviews_and_any_subtree(bloc):
    decide_randomly(bloc["top"], 2026, 7)
    quarter = actions.open_review(None, bloc["top"], year=2026, review_date=date(2026, 3, 31), period="quarter",
                                  quarter=1)
    assert MemberRating.objects.filter(review=quarter).update(status=RatingStatus.DECIDED, level=1)
    yearly = list(MemberRating.objects.filter(year=2026, status=RatingStatus.DECIDED, review__period="year")
                  .select_related("organization"))
    whole = queries.rollup(2026)
    for org in Organization.objects.all():
        expected = Counter(LEVEL_KEYS[r.level] for r in yearly if r.organization.path.startswith(org.path))
        assert {k: v for k, v in whole.get(org.path, {}).items() if v} == dict(expected), org.name
    grassroots = Organization.objects.get(code="K1")
    under = queries.rollup(2026, grassroots.path)  # also rolled up to its ancestors: their counts from it alone
    assert {p: c for p, c in under.items() if p.startswith(grassroots.path)} == \
        {p: c for p, c in whole.items() if p.startswith(grassroots.path)}


def test_previous_year_beside_and_lists(bloc):
    decide_randomly(bloc["top"], 2020, 2)
    decide_randomly(bloc["top"], 2021, 3)
    rows = queries.compare(queries.results_summary(bloc["top"], 2021), queries.results_summary(bloc["top"], 2020))
    for row in rows:
        m = row["members"]
        assert m["delta"] == m["n"] - m["prev"]
    twice = {m.pk for m in queries.not_completed_twice(bloc["top"], 2021)}
    lvl = {(r.member_id, r.year): r.level for r in MemberRating.objects.filter(status=RatingStatus.DECIDED)}
    assert twice == {m.pk for m in bloc["members"] if lvl.get((m.pk, 2020)) == 1 and lvl.get((m.pk, 2021)) == 1}
    streak = {m.pk for m in queries.excellent_in_a_row(bloc["top"], 2021, 2)["members"]}
    assert streak == {m.pk for m in bloc["members"] if lvl.get((m.pk, 2020)) == 4 and lvl.get((m.pk, 2021)) == 4}


def test_not_yet_rated_and_records_url(bloc):
    review = actions.open_review(None, bloc["top"], year=2026, review_date=date(2026, 12, 15))
    assert queries.not_yet_rated(bloc["top"], 2026).count() == len(bloc["members"])
    url = queries.member_results_url(bloc["top"], 2026, "excellent")
    assert url.startswith("/danh-gia/ket-qua/danh-sach/?") and "muc=excellent" in url
    assert Review.objects.get(pk=review.pk).regime_key == "2025"
    s = queries.results_summary(bloc["top"], 2026)
    assert s["members"]["undecided"] == len(bloc["members"]) and s["members"]["rated"] == 0


def test_summary_organisations_exclude_self(bloc):
    decide_randomly(bloc["top"], 2022, 4)
    review = Review.objects.get(year=2022)
    n = OrgRating.objects.filter(review=review).count()
    s = queries.results_summary(bloc["top"], 2022)
    assert s["organizations"]["undecided"] == n - 1 and s["self"] is None


def test_cli_stats_ratings(bloc, capsys):
    from dangbo.cli import main

    decide_randomly(bloc["top"], 2020, 5)
    assert main(["stats", "ratings", "--org", "K", "--year", "2020", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    s = queries.results_summary(bloc["top"], 2020)
    assert data["members"]["counts"] == s["members"] and data["year"] == 2020 and data["source"] == "members"
    assert main(["stats", "ratings", "--org", "K", "--year", "2020"]) == 0
    assert "Hoàn thành tốt nhiệm vụ" in capsys.readouterr().out
    assert main(["stats", "ratings", "--org", "KHONG-CO", "--year", "2020"]) == 1
    assert "Lỗi: không có tổ chức đảng" in capsys.readouterr().err


def test_api_results_and_members_scoped(bloc, make_user):
    from django.test import Client

    decide_randomly(bloc["top"], 2020, 6)
    root0 = Organization.objects.get(code="K0")
    cell = Organization.objects.get(code="K1-0")
    client = Client()
    client.force_login(make_user("secretary", cell))
    assert client.get(f"/api/ratings/results/?org={root0.pk}&year=2020").status_code == 400
    data = client.get(f"/api/ratings/members/?org={cell.pk}&year=2020").json()
    assert len(data) == 4 and {r["organization"] for r in data} == {"K1-0"}
    res = client.get(f"/api/ratings/results/?org={cell.pk}&year=2020").json()
    assert res["members"]["counts"]["rated"] == 4


def test_quota_is_counted_per_grassroots_organisation(bloc):
    """Pool K0 is over the quota, K1 within it: only K0's ratings carry the finding (rules.md §1.2)."""
    review = actions.open_review(None, bloc["top"], year=2021, review_date=date(2021, 12, 15))
    rows = list(MemberRating.objects.filter(review=review, rated=True).order_by("org_path", "member_id"))
    k0 = [r for r in rows if r.org_path.startswith(Organization.objects.get(code="K0").path)]
    k1 = [r for r in rows if r not in k0]
    for i, r in enumerate(k0):
        r.proposed_level = 4 if i < 3 else 3
    for i, r in enumerate(k1):
        r.proposed_level = 4 if i < 1 else 3
    for r in rows:
        r.self_level, r.status = r.proposed_level, RatingStatus.PROPOSED
    MemberRating.objects.bulk_update(rows, ["proposed_level", "self_level", "status"])
    _, quota = actions.member_decision_findings(review, rows)
    assert [q["pool"] for q in quota] == [Organization.objects.get(code="K0").path]
    actions.decide_members(None, review, decision_number="1", decision_date=date(2021, 12, 20),
                           override_reason="thử")
    flagged = set(MemberRating.objects.filter(review=review, override_reason="thử").values_list("pk", flat=True))
    assert flagged == {r.pk for r in k0}


def test_org_revoke_by_level_above(bloc, make_user):
    decide_randomly(bloc["top"], 2023, 7)
    review = Review.objects.get(year=2023)
    cell = Organization.objects.get(code="K0-0")
    rating = OrgRating.objects.get(review=review, organization=cell)
    actions.propose_org(None, rating, level=3)
    assert actions.decide_orgs(make_user("office", cell.parent), review, decision_number="2",
                               decision_date=date(2023, 12, 30)) == 1
    rating.refresh_from_db()

    with pytest.raises(ScopeDenied):
        actions.revoke(make_user("office", cell.parent), rating, reason="x")
    actions.revoke(make_user("office", bloc["top"]), rating, reason="Chưa tính kỷ luật của chi ủy viên")
    rating.refresh_from_db()
    assert rating.status == RatingStatus.PROPOSED and rating.level is None
