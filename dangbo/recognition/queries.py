"""Proposals from the data, and the Huy hiệu Đảng list of an awarding occasion."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dangbo.members.models import Badge, Member
from dangbo.members.queries import badge_candidates, party_age_inputs
from dangbo.reports import sources
from dangbo.rules import badges as badge_rules
from dangbo.rules import membership as mrules


def proposals(org, year: int) -> dict:
    """Candidates: excellent this year and 5 years in a row (ratings app); missing when it is not installed."""
    summary = sources.excellent_in_a_row(org, year, years=1)
    five = sources.excellent_in_a_row(org, year, years=5)
    return {"year": summary, "five": five}


@dataclass
class BadgeCase:
    member: Member
    milestone: int
    reached_on: date | None
    early: bool
    findings: list


def badge_list(members_qs, occasion: date) -> list[BadgeCase]:
    """Members reaching a milestone by the occasion (rules/badges.py), with those up to 12 (24) months short as
    possible early awards for the seriously ill (HD 01-HD/TW 2021, 18.1): SQL narrows, the rule decides."""
    held = badge_candidates(members_qs, occasion, max(badge_rules.EARLY_AWARD_MAX_MONTHS.values()))
    out = []
    for m in Member.objects.filter(pk__in=held).select_related("organization"):
        start, gaps = party_age_inputs(m)  # a re-admitted member's gap, counted as the rule does
        milestone = badge_rules.due_milestone(start, m.official_date or start, gaps, {held[m.pk]}, occasion)
        if milestone:
            out.append(BadgeCase(m, milestone, None, False, []))
            continue
        nxt = badge_rules.next_milestone(start, m.official_date or start, gaps, {held[m.pk]}, on=occasion)
        if nxt and mrules.add_months(occasion, badge_rules.EARLY_AWARD_MAX_MONTHS.get(nxt[0], 12)) >= nxt[1]:
            out.append(BadgeCase(m, nxt[0], nxt[1], True, []))
    _flag_disciplined(out, occasion)
    from dangbo.rules.text import vietnamese_sorted

    return vietnamese_sorted(out, key=lambda c: c.member.full_name)


def _flag_disciplined(cases: list[BadgeCase], occasion: date) -> None:
    """Attach the discipline finding (rules.md §4.3: a wait whose length is unconfirmed, for manual review) to
    every case whose member has a discipline in force decided within the longest known wait before the
    occasion (members.Discipline)."""
    from dangbo.members.models import Discipline

    longest = max((m for w in badge_rules.DISCIPLINE_WAITING for m in w.months.values() if m), default=12)
    latest: dict[int, Discipline] = {}
    for d in Discipline.objects.filter(member_id__in=[c.member.pk for c in cases], annulled_on__isnull=True,
                                       decided_on__gt=mrules.add_months(occasion, -longest),
                                       decided_on__lte=occasion).order_by("decided_on", "id"):
        latest[d.member_id] = d
    for c in cases:
        d = latest.get(c.member.pk)
        if d is not None:
            c.findings.extend(badge_rules.discipline_findings(d.form, d.decided_on, occasion))


def awarded_in(members_qs, start: date, end: date):
    return Badge.objects.filter(member__in=members_qs, awarded_on__gte=start, awarded_on__lte=end
                                ).select_related("member", "member__organization")
