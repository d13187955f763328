"""The data-quality report (issue 14.5): each kind of finding on a member that has it and one that does not.

The member actions refuse most of these defects at entry; a register still holds them when they came from older
imports, the paper records or a copy of the national database. The tests write them straight into the rows
(`Member.objects.filter(...).update(...)`), as such data arrives, and check the SQL against the rules in Python.
"""

import random
from datetime import date, timedelta

import pytest

from dangbo.admission.models import Candidate, CandidateStatus
from dangbo.members.models import EventKind, Member, MemberEvent, Status
from dangbo.members.queries import working_calendar
from dangbo.organizations.models import OrgKind, OrgStatus
from dangbo.quality import queries
from dangbo.rules import membership
from dangbo.rules.quality import KINDS, expected_citizen_id_digits

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 4)
_serial = iter(range(1, 100_000))


def cid(birth: date, gender: str) -> str:
    """A CCCD whose digits 4–6 agree with the birth date and gender."""
    return f"049{expected_citizen_id_digits(birth, gender)}{next(_serial):06d}"


@pytest.fixture
def add(tree, make_member):
    def make(name="Nguyễn Văn An", org=None, birth=date(1980, 5, 17), **kw):
        gender = "F" if " Thị " in f" {name} " else "M"
        kw.setdefault("citizen_id", cid(birth, gender))
        kw.setdefault("hometown", "xã Đại Lộc, tỉnh Quảng Nam")
        kw.setdefault("residence", "phường Hội An, thành phố Đà Nẵng")
        return make_member(org or tree.a, name, birth_date=birth, **kw)

    return make


def put(m, **fields):
    Member.objects.filter(pk=m.pk).update(**fields)
    m.refresh_from_db()
    return m


def found(code, org, today=TODAY) -> set[int]:
    ctx = queries.Context(org.path, today)
    got = set(queries.members_with(code, ctx).values_list("pk", flat=True))
    assert queries.counts(ctx)[code] == len(got)  # the one-scan counts agree with the list
    return got


def test_a_clean_member_has_no_finding(tree, add):
    add("Phạm Văn Sáng")
    ctx = queries.Context(tree.root.path, TODAY)
    assert queries.counts(ctx) == {k.code: 0 for k in KINDS}


def test_missing_citizen_id_counts_active_members_only(tree, add):
    bad, good, gone = add("Phạm Văn Một"), add("Phạm Văn Hai"), add("Phạm Văn Ba")
    put(bad, citizen_id=None)
    put(gone, citizen_id=None, status=Status.REMOVED)
    assert found("missing_citizen_id", tree.root) == {bad.pk}
    assert good.pk not in found("missing_citizen_id", tree.root)


def test_citizen_id_must_agree_with_birth_year_and_gender(tree, add):
    ok_male = add("Phạm Văn Một", birth=date(1985, 1, 2))
    ok_female_2001 = add("Phạm Thị Hai", birth=date(2001, 7, 8), decision_date=date(2020, 3, 2))
    wrong_year = add("Phạm Văn Ba", birth=date(1985, 1, 2), citizen_id="049086000123")
    wrong_gender = add("Phạm Thị Bốn", birth=date(1985, 1, 2), citizen_id="049085000124")
    assert found("citizen_id_mismatch", tree.root) == {wrong_year.pk, wrong_gender.pk}
    assert ok_female_2001.citizen_id[3] == "3" and ok_male.citizen_id[3:6] == "085"


def test_missing_card_number_is_for_official_members(tree, add):
    official = put(add("Phạm Văn Một"), card_number=None)
    probationary = put(add("Phạm Văn Hai", official=False, decision_date=date(2026, 6, 1)), card_number=None)
    with_card = add("Phạm Văn Ba")
    got = found("missing_card_number", tree.root)
    assert official.pk in got and probationary.pk not in got and with_card.pk not in got


def test_birth_after_admission(tree, add):
    bad = put(add("Phạm Văn Một"), birth_date=date(2011, 1, 1))
    good = add("Phạm Văn Hai")
    assert found("birth_after_admission", tree.root) == {bad.pk}
    assert good.pk not in found("admitted_under_18", tree.root)
    assert bad.pk not in found("admitted_under_18", tree.root)  # one finding, not two


def test_admitted_under_18_by_month_matches_the_rule():
    """The SQL key arithmetic against rules.membership.check_admission on many dates, 29 February included."""
    rnd = random.Random(14)
    pairs = [(date(1992, 2, 29), date(2010, 2, 28)), (date(1992, 2, 29), date(2010, 2, 27)),
             (date(1992, 3, 3), date(2010, 3, 2)), (date(1992, 3, 3), date(2010, 3, 3)),
             (date(1992, 1, 31), date(2010, 1, 30))]
    for _ in range(40):
        birth = date(1990, 1, 1) + timedelta(days=rnd.randrange(3000))
        pairs.append((birth, birth + timedelta(days=18 * 365 + rnd.randrange(-40, 40))))
    pairs = list(dict.fromkeys(pairs))  # no two members with the same name and birth date
    from dangbo.organizations.actions import found_organization

    org = found_organization(None, code="U18", name="Chi bộ Tuổi", kind=OrgKind.GRASSROOTS_CELL,
                             founded_on=date(1990, 1, 1))
    expected = set()
    for i, (birth, decided) in enumerate(pairs):
        m = Member.objects.create(
            full_name=f"Người Thứ {i}", birth_date=birth, gender="M", organization=org, org_path=org.path,
            status=Status.OFFICIAL, admission_decision_date=decided, search_name=f"nguoi thu {i}",
            sort_key=f"k{i:03d}", citizen_id=f"0490{birth.year % 100:02d}{i:06d}")
        if membership.check_admission(birth, decided):
            if membership.check_admission(birth, decided)[0].code == "admission_under_18":
                expected.add(m.pk)
    assert expected, "the sample must contain under-age admissions"
    assert found("admitted_under_18", org) == expected


def test_ceremony_before_decision(tree, add):
    bad = put(add("Phạm Văn Một"), ceremony_date=date(2010, 2, 1))
    good = add("Phạm Văn Hai")
    got = found("ceremony_before_decision", tree.root)
    assert bad.pk in got and good.pk not in got


def test_official_date_before_the_end_of_probation(tree, add):
    early = put(add("Phạm Văn Một"), ceremony_date=date(2015, 3, 10), official_date=date(2016, 3, 9))
    exact = put(add("Phạm Văn Hai"), ceremony_date=date(2015, 3, 10), official_date=date(2016, 3, 10))
    leap = put(add("Phạm Văn Ba"), admission_decision_date=date(2024, 2, 20), ceremony_date=date(2024, 2, 29),
               official_date=date(2025, 2, 28))
    no_ceremony = put(add("Phạm Văn Bốn"), ceremony_date=None, admission_decision_date=date(2015, 3, 10),
                      official_date=date(2016, 1, 1))
    got = found("official_before_probation_end", tree.root)
    assert early.pk in got and no_ceremony.pk in got
    assert exact.pk not in got and leap.pk not in got


def test_dates_in_the_future(tree, add):
    born_later = put(add("Phạm Văn Một"), birth_date=TODAY + timedelta(days=3))
    official_later = put(add("Phạm Văn Hai"), official_date=TODAY + timedelta(days=30))
    # A probationary member's official date is the expected end of probation: not a defect.
    probationary = add("Phạm Văn Ba", official=False, decision_date=date(2026, 6, 1))
    assert probationary.official_date > TODAY
    assert found("future_date", tree.root) == {born_later.pk, official_later.pk}


def test_event_after_death(tree, add):
    from dangbo.members.actions import record_event

    dead = add("Phạm Văn Một")
    record_event(None, dead, EventKind.DEATH, effective_date=date(2020, 5, 1))
    clean_dead = add("Phạm Văn Hai")
    record_event(None, clean_dead, EventKind.DEATH, effective_date=date(2021, 5, 1))
    # An old import wrote a transfer after the death (the actions refuse it today).
    MemberEvent.objects.create(member=dead, kind=EventKind.TRANSFER, effective_date=date(2022, 1, 3),
                               org_after=tree.b, status_after=Status.DECEASED, to_organization=tree.b)
    assert found("event_after_death", tree.root) == {dead.pk}
    item = queries.items("event_after_death", [dead], queries.Context(tree.root.path, TODAY), _admin())[0]
    assert "01/05/2020" in item.value and "03/01/2022" in item.value


def _admin():
    from dangbo.core.scopes import Scope

    return Scope(is_admin=True)


def _candidate(org, name, citizen_id, status=CandidateStatus.PIPELINE):
    return Candidate.objects.create(
        organization=org, org_path=org.path, full_name=name, sort_key=name, search_name=name,
        birth_date=date(1998, 5, 4), gender="F", education_grade=12, proposed_by="Đoàn cơ sở",
        proposed_on=date(2025, 1, 6), citizen_id=citizen_id, status=status)


def test_duplicate_citizen_id_with_a_person_in_the_admission_pipeline(tree, add):
    """The register's unique constraint keeps two members from sharing a CCCD; a person proposed for admission
    who is already a member is the duplicate that remains."""
    member, other = add("Phạm Văn Một"), add("Phạm Văn Hai")
    _candidate(tree.a, "Phạm Văn Một", member.citizen_id)
    _candidate(tree.a, "Phạm Văn Hai", other.citizen_id, status=CandidateStatus.WITHDRAWN)
    assert found("duplicate_citizen_id", tree.root) == {member.pk}
    item = queries.items("duplicate_citizen_id", [member], queries.Context(tree.root.path, TODAY), _admin())[0]
    assert "danh sách phát triển đảng viên" in item.value


def test_duplicate_card_numbers_compare_without_punctuation_and_leading_zeros(tree, add):
    a = add("Phạm Văn Một", card_number="52012345")
    b = add("Phạm Văn Hai", card_number="052-012345", official=True)
    c = add("Phạm Văn Ba", card_number="52012346")
    assert found("duplicate_card_number", tree.root) == {a.pk, b.pk}
    item = queries.items("duplicate_card_number", [a], queries.Context(tree.root.path, TODAY), _admin())[0]
    assert "Phạm Văn Hai" in item.value and c.full_name not in item.value


def test_duplicate_card_numbers_are_those_of_grouping_every_number_by_its_key(tree, add):
    """The SQL finds the members a grouping by `rules.quality.card_key` in Python finds: two punctuated numbers
    sharing a key, a punctuated one alone, numbers made only of zeros, a member outside the subtree."""
    from dangbo.rules.quality import card_key

    numbers = {"Phạm Văn Một": "52.000.111", "Phạm Văn Hai": "520 00111", "Phạm Văn Ba": "77-001",
               "Phạm Văn Bốn": "0", "Phạm Văn Năm": "000", "Phạm Văn Sáu": "99001", "Phạm Văn Bảy": "ab-12",
               "Phạm Văn Tám": "AB12", "Phạm Văn Chín": "31415"}
    ms = [add(n, card_number=c) for n, c in numbers.items()]
    outside = add("Phạm Văn Mười", org=tree.b, card_number="3141-5")
    keys = [card_key(m.card_number) for m in ms]
    expected = {m.pk for m, k in zip(ms, keys, strict=True) if keys.count(k) > 1}
    assert found("duplicate_card_number", tree.a) == expected == {ms[i].pk for i in (0, 1, 3, 4, 6, 7)}
    assert found("duplicate_card_number", tree.root) == expected | {ms[8].pk, outside.pk}
    item = queries.items("duplicate_card_number", [ms[8]], queries.Context(tree.root.path, TODAY), _admin())[0]
    assert item.value == "Số thẻ 31415 trùng với: Phạm Văn Mười (số thẻ 3141-5)"


def test_duplicate_card_numbers_rest_on_unique_card_numbers():
    """The pass flags a member whose own number is one of the numbers with a shared key (queries.condition): that
    is "my key is shared" only while no two records hold the same number, which the database guarantees."""
    assert Member._meta.get_field("card_number").unique


def test_duplicate_name_and_birth_date_but_not_a_name_differing_in_a_diacritic(tree, add):
    one = add("Nguyễn Văn Mến", birth=date(1975, 8, 19))
    two = add("Nguyễn Văn Mến", tree.b, birth=date(1975, 8, 19))
    other_mark = add("Nguyễn Văn Mên", birth=date(1975, 8, 19))
    other_day = add("Nguyễn Văn Mến", birth=date(1975, 8, 20))
    got = found("duplicate_name_birth", tree.root)
    assert got == {one.pk, two.pk}
    assert other_mark.pk not in got and other_day.pk not in got
    assert found("duplicate_name_birth", tree.a) == set()  # duplicates are sought inside the subtree asked


def test_members_not_in_a_working_cell(tree, add, make_org):
    on_committee = put(add("Phạm Văn Một"), organization=tree.root, org_path=tree.root.path)
    ended = make_org("Chi bộ Đã giải thể", OrgKind.CELL, parent=tree.root)
    in_ended = add("Phạm Văn Hai", ended)
    type(ended).objects.filter(pk=ended.pk).update(status=OrgStatus.DISSOLVED)
    fine = add("Phạm Văn Ba")
    gone = put(add("Phạm Văn Bốn"), organization=tree.root, org_path=tree.root.path, status=Status.DECEASED)
    got = found("not_in_cell", tree.root)
    assert got == {on_committee.pk, in_ended.pk}
    assert fine.pk not in got and gone.pk not in got


def test_probation_overdue_at_the_recognition_deadline(tree, add):
    ceremony = date(2025, 3, 10)
    late = add("Phạm Văn Một", official=False, decision_date=date(2025, 3, 3), ceremony_date=ceremony)
    deadline = membership.recognition_deadline(membership.official_date(ceremony), working_calendar())
    assert late.pk not in found("probation_overdue", tree.root, today=deadline)  # the last day is still in time
    assert late.pk in found("probation_overdue", tree.root, today=deadline + timedelta(days=1))
    recognised = add("Phạm Văn Hai", decision_date=date(2025, 3, 3), ceremony_date=ceremony)
    assert recognised.pk not in found("probation_overdue", tree.root, today=deadline + timedelta(days=1))


def test_probation_overdue_without_a_recorded_ceremony(tree, add):
    m = put(add("Phạm Văn Một", official=False, decision_date=date(2024, 1, 8)), ceremony_date=None,
            official_date=None)
    assert m.pk in found("probation_overdue", tree.root, today=date(2026, 1, 5))
    assert m.pk not in found("probation_overdue", tree.root, today=date(2024, 6, 3))


def test_record_incomplete(tree, add):
    bad = put(add("Phạm Văn Một"), hometown="", admission_decision_number="")
    fresh = add("Phạm Văn Hai", official=False, decision_date=TODAY - timedelta(days=5))
    put(fresh, ceremony_date=None, official_date=None)  # the ceremony is not due yet
    good = add("Phạm Văn Ba")
    got = found("record_incomplete", tree.root)
    assert got == {bad.pk}
    item = queries.items("record_incomplete", [bad], queries.Context(tree.root.path, TODAY), _admin())[0]
    assert item.value == "Thiếu quê quán, số quyết định kết nạp"
    assert good.pk not in got


def test_every_item_names_its_rule_source_and_links_the_record(tree, add):
    m = put(add("Phạm Văn Một"), citizen_id=None)
    report = queries.report(_admin(), tree.root, TODAY)
    assert report.total == 1
    (item,) = report.items
    assert item["kind"] == "missing_citizen_id" and item["label"] == "Thiếu số CCCD"
    assert item["link"] == f"/dang-vien/{m.pk}/" and "384-QĐ/TW" in item["source"] and item["rule"]
    assert {c["kind"] for c in report.counts} == {k.code for k in KINDS}


def test_citizen_id_is_masked_for_a_role_that_may_not_see_it(tree, add, users):
    from dangbo.core.scopes import scope_for

    m = add("Phạm Văn Một", birth=date(1985, 1, 2), citizen_id="049086000999")
    ctx = queries.Context(tree.root.path, TODAY)
    office = queries.items("citizen_id_mismatch", [m], ctx, scope_for(users.office))[0]
    secretary = queries.items("citizen_id_mismatch", [m], ctx, scope_for(users.secretary))[0]
    assert "049086000999" in office.value and "049086000999" not in secretary.value



def test_one_pass_scan_lists_what_each_kind_lists_in_the_same_order(tree, add):
    """`queries.scan` (the counts and the rows in one pass) gives the counts of `counts`, each kind's first rows as
    `members_with(kind)` in the members' order, pages across kinds without gap or repeat, and the report in the
    order the kinds were asked."""
    names = ["Trần Thị Bích", "Nguyễn Văn An", "Lê Văn Cường", "Đỗ Thị Duyên", "Phạm Văn Em", "Vũ Văn Giang"]
    ms = [add(n, org=tree.a if i % 2 else tree.b) for i, n in enumerate(names)]
    for m in ms[:4]:
        put(m, citizen_id=None)  # missing_citizen_id: four members
    for m in ms[2:]:
        put(m, hometown="")  # record_incomplete: four members, two of them also without a CCCD
    put(ms[4], full_name=ms[5].full_name)  # the same birth date: duplicate_name_birth, two
    ctx = queries.Context(tree.root.path, TODAY)
    codes = [k.code for k in KINDS]

    def listed(code, n=None):
        qs = queries.members_with(code, ctx).order_by("sort_key", "pk").values_list("pk", flat=True)
        return list(qs if n is None else qs[:n])

    found = queries.scan(ctx, codes, per_kind=2)
    assert found.counts == queries.counts(ctx)
    assert {c for c, n in found.counts.items() if n} == {"missing_citizen_id", "record_incomplete",
                                                          "duplicate_name_birth"}
    by_kind: dict[str, list[int]] = {}
    for i, _, pk in found.keys:
        by_kind.setdefault(KINDS[i].code, []).append(pk)
    assert by_kind == {c: listed(c, 2) for c, n in found.counts.items() if n}

    every = [(c, pk) for c in codes for pk in listed(c)]
    seen, cursor = [], None
    for _ in range(20):
        page = queries.scan(ctx, codes, after=cursor, size=4)  # three rows and one more: is there a next page
        seen += [(KINDS[i].code, pk) for i, _, pk in page.keys[:3]]
        if len(page.keys) <= 3:
            break
        cursor = page.keys[2]
    assert seen == every and len(every) == 10

    report = queries.report(_admin(), tree.root, TODAY, codes=["record_incomplete", "missing_citizen_id"], limit=3)
    assert [(i["kind"], i["member_id"]) for i in report.items] == (
        [("record_incomplete", pk) for pk in listed("record_incomplete", 3)]
        + [("missing_citizen_id", pk) for pk in listed("missing_citizen_id", 3)])
    assert report.total == 8 and queries.report(_admin(), tree.root, TODAY, limit=0).items == []
    # The pass's SQL is compiled once per subtree and day (queries._flagged_sql); the rows are read anew.
    put(ms[0], citizen_id=cid(date(1980, 5, 17), "F"))
    again = queries.scan(queries.Context(tree.root.path, TODAY), codes, per_kind=5)
    assert again.counts["missing_citizen_id"] == 3 and ms[0].pk not in [pk for _, _, pk in again.keys]


def test_probation_cut_offs_follow_a_day_off_added_to_the_calendar(tree):
    """The cut-offs are found once per day and calendar (queries.Context): a day off added to the calendar moves
    them, as the deadline functions say."""
    from dangbo.core.models import CalendarDay

    before = queries.Context(tree.root.path, TODAY)
    # A Monday within the 30 working days before today: a ceremony decided on the old cut-off is then still due.
    monday = before.ceremony_due_cutoff + timedelta(days=14 - before.ceremony_due_cutoff.weekday())
    CalendarDay.objects.create(date=monday, kind=CalendarDay.Kind.HOLIDAY, name="Nghỉ thử")
    after = queries.Context(tree.root.path, TODAY)
    cal = working_calendar()
    assert after.ceremony_due_cutoff < before.ceremony_due_cutoff
    assert membership.ceremony_deadline(after.ceremony_due_cutoff, cal) < TODAY
    assert membership.ceremony_deadline(after.ceremony_due_cutoff + timedelta(days=1), cal) >= TODAY
