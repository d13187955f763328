"""Demo data: the office's Đại hội lần thứ X (16/6/2020, "Ban Chấp hành khóa X gồm 8 đồng chí"), counted with
double entry and approved; Đại hội XI (15/7/2025, 2025–2030) held and approved the same way; a year of monthly
chi bộ meetings."""

from __future__ import annotations

from datetime import date

from dangbo.organizations.models import CELL_KINDS, Organization
from dangbo.rules import meetings as meeting_rules

from . import actions
from .models import Convened

OFFICE_CODE = "VPUBND"
X_OPENED = date(2020, 6, 16)  # /work/shared/domain/examples/2020-06-dai-hoi-x-dang-bo-van-phong-ubnd-tinh.txt
# The 2025–2030 grassroots congresses were held in 2025, many after the reorganisation of 01/07/2025
# (../shared/domain/rules-2025-2026.md §1); the demo's is held and approved, so its committee is current.
XI_OPENED = date(2025, 7, 15)
XI_APPROVED = date(2025, 7, 28)


def _enter(e, number, **reading):
    actions.record_ballot(None, e, number=number, counter=1, **reading)
    actions.record_ballot(None, e, number=number, counter=2, **reading)


def _pks(e):
    return [c.pk for c in e.candidates.all()]  # Vietnamese order


def _count(e, present: int, reading, by_totals: bool):
    """Count `present` ballots (reading(n) -> the marks of ballot n): entered twice each, or, as a board that
    counted by hand, as totals (a ballot keeping more names than places is invalid)."""
    actions.start_counting(None, e, issued=present, by_totals=by_totals)
    ballots = [reading(n) for n in range(1, present + 1)]
    if not by_totals:
        for n, marks in enumerate(ballots, 1):
            _enter(e, n, **marks)
    else:
        valid = [b for b in ballots if len(b.get("kept", ())) <= e.seats]
        totals = {pk: sum(1 for b in valid if pk in b.get("kept", b.get("agree", ()))) for pk in _pks(e)}
        actions.enter_totals(None, e, totals=totals, valid=len(valid), invalid=len(ballots) - len(valid))
    return actions.sign_result(None, e)


def _hold(c, *, seats: int, absent: dict[int, str], floor: int, delegates: int = 4, by_totals: bool = False):
    """Attendance, then the committee (one name nominated from the floor), the secretary, the deputy and the
    delegation to the upper congress, each counted (ballot by ballot with double entry, or by totals) and signed."""
    rows = list(Convened.objects.filter(congress=c, exclusion=""))
    actions.set_attendance(None, c, {rows[i].pk: {"present": False, "absence_approved": True, "absence_reason": why}
                                     for i, why in absent.items()})
    present = Convened.objects.filter(congress=c, present=True).count()
    away = {rows[i].pk for i in absent}
    names = [r.full_name for r in rows if r.pk not in away]
    board = [names[-1], names[-2], names[-3]]
    pool = [n for n in names if n not in board]
    step = max(1, len(pool) // (seats + 2))
    cands = pool[::step][:seats + 2]

    # Surplus 2 (≤ 30%); the names from the outgoing committee, one nominated from the floor.
    listed = "\n".join(cands[:-1] + [f"{cands[-1]}; đề cử; {floor}"])
    bch = actions.create_election(None, c, body="cap_uy", seats=seats, candidates=listed, board="\n".join(board))
    p = _pks(bch)
    n_c = len(p)

    def committee(n):
        if n == present:
            return {"kept": p[:seats + 1]}  # one name too many kept: invalid
        struck = {0: (p[n_c - 4], p[n_c - 2]), 1: (p[n_c - 3], p[n_c - 1])}.get(n % 5, (p[n_c - 2], p[n_c - 1]))
        return {"kept": [x for x in p if x not in struck]}

    rv = _count(bch, present, committee, by_totals)
    elected = [x["name"] for x in rv.data["elected"]]

    def single(body, name, against_every):
        e = actions.create_election(None, c, body=body, seats=1, candidates=name, board="\n".join(board))
        (pk,) = _pks(e)
        _count(e, present, lambda n: {"agree": [] if n % against_every == 0 else [pk],
                                      "disagree": [pk] if n % against_every == 0 else []}, by_totals)

    single("bi_thu", elected[0], 16)
    single("pho_bi_thu", elected[1], 12)
    # Delegation to the upper congress: the last place an alternate; one name more than the places.
    deleg_names = elected[:delegates - 1] + [n for n in pool if n not in elected][:2]
    d = actions.create_election(None, c, body="dai_bieu", seats=delegates, alternate_seats=1,
                                candidates="\n".join(deleg_names), board="\n".join(board))
    q = _pks(d)
    _count(d, present, lambda n: {"kept": [x for x in q if x != (q[delegates] if n % 3 else q[delegates - 1])]},
           by_totals)


def load_congress_demo(today: date) -> None:
    office = Organization.objects.get(code=OFFICE_CODE)
    c = actions.create_congress(None, organization=office, kind="members", ordinal=10, term_start=2020,
                                term_end=2025, opened_on=X_OPENED, closed_on=X_OPENED,
                                place="Tam Kỳ")
    # Two absent with approved reasons, as in "48/50 đảng viên"; 8 elected from 10 names, one from the floor
    # with 31 of 46 approving.
    n = Convened.objects.filter(congress=c, exclusion="").count()
    _hold(c, seats=8, floor=31, absent={3: "Đi học tập trung tại Học viện Chính trị khu vực III",
                                        n - 4: "Ốm, điều trị tại bệnh viện"})
    actions.approve_congress(None, c, decision_number="125-QĐ/ĐUK", decision_date=date(2020, 7, 3),
                             issuer="Ban Thường vụ Đảng ủy Khối các cơ quan tỉnh")

    # Đại hội XI (2025–2030), held in the 2025 round: 9 elected, the board's totals entered; its term replaces
    # the 2020–2025 one.
    xi = actions.create_congress(None, organization=office, kind="members", ordinal=11, term_start=2025,
                                 term_end=2030, opened_on=XI_OPENED, closed_on=XI_OPENED, place="Tam Kỳ")
    n = Convened.objects.filter(congress=xi, exclusion="").count()
    _hold(xi, seats=9, floor=40, by_totals=True, absent={5: "Đi công tác theo sự phân công của cơ quan",
                                         n - 6: "Ốm, điều trị tại bệnh viện",
                                         n - 2: "Đi học tập trung tại Trường Chính trị tỉnh"})
    actions.approve_congress(None, xi, decision_number="318-QĐ/ĐUK", decision_date=XI_APPROVED,
                             issuer="Ban Thường vụ Đảng ủy Khối các cơ quan tỉnh")

    # Monthly meetings in each chi bộ of the office: all of last year, and this year up to last month.
    months = [date(today.year - 1, m, 1) for m in range(1, 13)]
    months += [date(today.year, m, 1) for m in range(1, today.month)]
    cells = Organization.objects.filter(path__startswith=office.path, kind__in=CELL_KINDS)
    for k, cell in enumerate(cells.order_by("path")):
        big = cell.official_count + cell.probationary_count >= meeting_rules.DEFAULT_SETTINGS.party_group_min_members
        if k == 1:  # a chi bộ that meets on the 4th (rules-2025-2026.md §6: a Hanoi chi bộ), with tổ đảng if large
            actions.set_meeting_day(None, organization=cell, day=4, has_party_groups=big,
                                    note="Nghị quyết chi bộ đầu nhiệm kỳ: sinh hoạt ngày mồng 4 hằng tháng")
        for i, m in enumerate(months):
            if k == 2 and m.month == 8:
                continue  # one chi bộ did not meet in August: the year-end report shows it
            held = m.replace(day=min(5 + i % 3, 28))
            if cell.ended_on and held >= cell.ended_on:
                continue  # merged away: it met while it existed
            roster = actions.members_as_of(cell, held, statuses=("official", "probationary"), subtree=False)
            absences = {roster[(i * 3) % len(roster)]["member_id"]: "Đi công tác"} if len(roster) > 4 else {}
            actions.record_meeting(None, organization=cell, kind="monthly", held_on=held,
                                   mode="online" if (k == 0 and m.month == 2) else
                                   ("party_group" if (k == 1 and big and m.month in (4, 10)) else "in_person"),
                                   title=f"Sinh hoạt chi bộ thường kỳ tháng {held.month}/{held.year}",
                                   agenda="Đánh giá kết quả thực hiện nhiệm vụ tháng; triển khai nhiệm vụ tháng tới.",
                                   minutes="Đồng chí Bí thư chi bộ chủ trì, quán triệt văn bản của cấp trên; "
                                           "các đồng chí đảng viên thảo luận, đóng góp ý kiến.",
                                   resolutions=f"Thông qua nghị quyết chi bộ tháng {held.month}/{held.year}.",
                                   absences=absences)
        _thematic(cell, k, today, skipped_quarter(today))
        if cell.ended_on and cell.ended_on <= date(today.year - 1, 12, 18):
            continue
        actions.record_meeting(None, organization=cell, kind="annual", held_on=date(today.year - 1, 12, 18),
                               title=f"Hội nghị tổng kết công tác xây dựng Đảng năm {today.year - 1}",
                               agenda="Tổng kết công tác năm; kiểm điểm, đánh giá, xếp loại chất lượng.")
    load_invitation_demo(today)


def skipped_quarter(today: date) -> tuple[int, int]:
    """The quarter one chi bộ held no thematic meeting in: the last one ended (a finding on the due-work list)."""
    q = (today.month - 1) // 3  # quarters of this year already over
    return (today.year, q) if q else (today.year - 1, 4)


def _thematic(cell, k: int, today: date, skipped: tuple[int, int]) -> None:
    """A thematic meeting (CT 50) in the middle month of every quarter of last year and this year that is over,
    while the chi bộ existed; the second chi bộ missed `skipped`."""
    for year in (today.year - 1, today.year):
        for q in range(1, 5):
            held = date(year, 3 * q - 1, 20)
            if held >= today or date(year, 3 * q, 28) >= today:
                continue
            if (k == 2 and (year, q) == skipped) or (cell.ended_on and held >= cell.ended_on):
                continue
            if cell.founded_on and held < cell.founded_on:
                continue
            roster = actions.members_as_of(cell, held, statuses=("official", "probationary"), subtree=False)
            absences = {roster[q % len(roster)]["member_id"]: "Ốm"} if len(roster) > 5 else {}
            actions.record_meeting(None, organization=cell, kind="thematic", held_on=held,
                                   title=f"Sinh hoạt chuyên đề quý {q}/{year}",
                                   agenda="Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
                                   absences=absences)


def load_invitation_demo(today: date) -> None:
    """An invitation to the first chi bộ's next regular meeting (its members see it on their home page)."""
    office = Organization.objects.get(code=OFFICE_CODE)
    cell = (Organization.objects.filter(path__startswith=office.path, kind__in=CELL_KINDS, ended_on__isnull=True)
            .order_by("path").first())
    if cell is None:
        return
    y, m = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    actions.plan_meeting(None, organization=cell, kind="monthly", planned_on=meeting_rules.monthly_date(y, m),
                         time_place="14 giờ, phòng họp tầng 2", title=f"Sinh hoạt chi bộ thường kỳ tháng {m}/{y}",
                         agenda="Đánh giá kết quả thực hiện nhiệm vụ tháng; triển khai nhiệm vụ tháng tới.",
                         documents="Bản tin sinh hoạt chi bộ tháng (Hướng dẫn 37-HD/BTGDVTW)", today=today)


def load_bodies_demo(today: date, upper_code: str) -> None:
    """Bodies between and without elections (issue 13.3, 13.4): the Văn phòng's new bí thư approved and announced
    at the sơ kết of 08/7/2021 (/work/shared/domain/examples/2021-07-so-ket-6-thang-2021-van-phong-ubnd-tinh.txt);
    the Đảng bộ UBND tỉnh, formed by the 2025 reorganisation, whose 2025–2030 congress held 2 contents (CT 45) and
    whose committee and delegates the Ban Thường vụ Tỉnh ủy appointed. Runs after the 2025 move."""
    from dangbo.members.models import Member
    from dangbo.organizations.committee import committee_as_of
    from dangbo.organizations.committee_actions import appoint_term, change_committee
    from dangbo.organizations.models import CommitteeChange, Position

    office = Organization.objects.get(code=OFFICE_CODE)
    so_ket = date(2021, 7, 8)
    if today > so_ket:
        men = Member.objects.filter(full_name="Nguyễn Văn Mến").order_by("pk").first()
        current = committee_as_of(office, so_ket)
        secretary = next((m for m in current.members if m.position == Position.SECRETARY), None)
        decided = {"decision_number": "412-QĐ/ĐUK", "decision_date": date(2021, 7, 1),
                   "issuer": "Ban Thường vụ Đảng ủy Khối các cơ quan tỉnh"}
        if men is not None and (secretary is None or secretary.member_id != men.pk):
            if secretary is not None:
                change_committee(None, office, kind=CommitteeChange.Kind.TRANSFERRED, member=secretary.member,
                                 full_name=secretary.full_name, effective_date=so_ket,
                                 note="Được điều động, phân công công tác khác", **decided)
            change_committee(None, office, kind=CommitteeChange.Kind.APPROVED, member=men, position=Position.SECRETARY,
                             effective_date=so_ket, in_committee=True,
                             note="Công bố và trao quyết định chuẩn y tại hội nghị sơ kết 6 tháng đầu năm 2021",
                             **decided)

    ubnd = Organization.objects.filter(code=upper_code).first()  # the Đảng bộ UBND tỉnh founded on 01/07/2025
    opened = date(2025, 9, 24)
    if ubnd is None or today <= opened:
        return
    provincial = "Ban Thường vụ Tỉnh ủy"
    c = actions.create_congress(None, organization=ubnd, kind="delegates", ordinal=1, term_start=2025,
                                term_end=2030, opened_on=opened, closed_on=opened, place="Tam Kỳ")
    actions.set_contents(None, c, ["review", "upper_documents"])  # 2 contents: nothing elected (CT 45)
    people = [("Lê Văn Dũng", Position.SECRETARY), ("Nguyễn Hồng Quang", Position.DEPUTY),
              ("Trần Anh Tuấn", Position.DEPUTY), ("Phan Thái Bình", Position.STANDING),
              ("Hồ Quang Bửu", Position.STANDING), ("Nguyễn Văn Mến", Position.STANDING),
              ("Trần Nam Hưng", Position.COMMITTEE), ("Lê Thị Thủy", Position.COMMITTEE),
              ("Đinh Văn Thu", Position.COMMITTEE)]
    men = Member.objects.filter(full_name="Nguyễn Văn Mến").order_by("pk").first()
    rows = [{"full_name": n, "position": p, "member_id": men.pk if (men and n == men.full_name) else None}
            for n, p in people]
    rows.append({"full_name": "Võ Văn Hoàng", "position": Position.INSPECTION_CHAIR, "in_committee": False,
                 "decision_number": "1535-QĐ/TU", "decision_date": date(2025, 7, 2)})
    term = appoint_term(None, ubnd, ordinal=1, start_year=2025, end_year=2030, length_months=60,
                        decision_number="1530-QĐ/TU", decision_date=date(2025, 7, 1), issuer=provincial, people=rows)
    term.congress_id = c.pk
    term.save(update_fields=["congress_id"])
    actions.set_upper_delegates(
        None, c, "\n".join([f"{n}; đương nhiên; chính thức" for n, _p in people]
                           + ["Võ Văn Hoàng; chỉ định; chính thức; Ủy ban Kiểm tra",
                              "Nguyễn Thị Thu Hà; chỉ định; chính thức; Sở Tài chính",
                              "Phạm Văn Lực; chỉ định; dự khuyết; Văn phòng UBND tỉnh"]),
        decision_number="1610-QĐ/TU", decision_date=date(2025, 9, 10), issuer=provincial)
