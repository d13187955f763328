"""Demo data: the office's Đại hội lần thứ X (16/6/2020, "Ban Chấp hành khóa X gồm 8 đồng chí"), counted with
double entry and approved; the 2025–2030 congress in preparation; a year of monthly chi bộ meetings."""

from __future__ import annotations

from datetime import date, timedelta

from dangbo.organizations.models import CELL_KINDS, Organization

from . import actions
from .models import Convened

OFFICE_CODE = "VPUBND"
X_OPENED = date(2020, 6, 16)  # /work/shared/domain/examples/2020-06-dai-hoi-x-dang-bo-van-phong-ubnd-tinh.txt


def _enter(e, number, **reading):
    actions.record_ballot(None, e, number=number, counter=1, **reading)
    actions.record_ballot(None, e, number=number, counter=2, **reading)


def _pks(e):
    return [c.pk for c in e.candidates.all()]  # Vietnamese order


def load_congress_demo(today: date) -> None:
    office = Organization.objects.get(code=OFFICE_CODE)
    c = actions.create_congress(None, organization=office, kind="members", ordinal=10, term_start=2020,
                                term_end=2025, opened_on=X_OPENED, closed_on=X_OPENED,
                                place="Tam Kỳ")
    rows = list(Convened.objects.filter(congress=c, exclusion=""))
    # Two absent with approved reasons, as in "48/50 đảng viên".
    absent = {rows[3].pk: "Đi học tập trung tại Học viện Chính trị khu vực III",
              rows[-4].pk: "Ốm, điều trị tại bệnh viện"}
    actions.set_attendance(None, c, {pk: {"present": False, "absence_approved": True, "absence_reason": why}
                                     for pk, why in absent.items()})
    present = Convened.objects.filter(congress=c, present=True).count()
    names = [r.full_name for r in rows if r.pk not in absent]
    board = [names[-1], names[-2], names[-3]]
    pool = [n for n in names if n not in board]
    step = max(1, len(pool) // 10)
    cands = pool[::step][:10]

    # Ban Chấp hành: 8 seats, 10 names (surplus 2 ≤ 30%).
    # Nine names from the outgoing committee (10–15%), one nominated from the floor with 31 of 46 approving.
    listed = "\n".join(cands[:9] + [f"{cands[9]}; đề cử; 31"])
    bch = actions.create_election(None, c, body="cap_uy", seats=8, candidates=listed, board="\n".join(board))
    actions.start_counting(None, bch, issued=present)
    p = _pks(bch)
    for n in range(1, present + 1):
        if n == present:
            _enter(bch, n, kept=p[:9])  # nine names kept for eight seats: invalid
            continue
        struck = {0: (p[6], p[8]), 1: (p[7], p[9])}.get(n % 5, (p[8], p[9]))
        _enter(bch, n, kept=[x for x in p if x not in struck])
    rv = actions.sign_result(None, bch)
    elected = [x["name"] for x in rv.data["elected"]]

    def single(body, name, against_every):
        e = actions.create_election(None, c, body=body, seats=1, candidates=name, board="\n".join(board))
        actions.start_counting(None, e, issued=present)
        (pk,) = _pks(e)
        for n in range(1, present + 1):
            _enter(e, n, agree=[] if n % against_every == 0 else [pk], disagree=[pk] if n % against_every == 0 else [])
        actions.sign_result(None, e)

    single("bi_thu", elected[0], 16)
    single("pho_bi_thu", elected[1], 12)
    # Delegation to the bloc's congress: 4 places, the last an alternate; 5 names.
    deleg_names = elected[:3] + [n for n in pool if n not in elected][:2]
    d = actions.create_election(None, c, body="dai_bieu", seats=4, alternate_seats=1,
                                candidates="\n".join(deleg_names), board="\n".join(board))
    actions.start_counting(None, d, issued=present)
    p = _pks(d)
    for n in range(1, present + 1):
        _enter(d, n, kept=[x for x in p if x != (p[4] if n % 3 else p[3])])
    actions.sign_result(None, d)
    actions.approve_congress(None, c, decision_number="125-QĐ/ĐUK", decision_date=date(2020, 7, 3),
                             issuer="Ban Thường vụ Đảng ủy Khối các cơ quan tỉnh")

    # The 2025–2030 congress in preparation, with the outgoing committee's list.
    opens = max(date(2025, 7, 15), today + timedelta(days=30))
    xi = actions.create_congress(None, organization=office, kind="members", ordinal=11, term_start=2025,
                                 term_end=2030, opened_on=opens, place="Tam Kỳ")
    names_xi = [r.full_name for r in Convened.objects.filter(congress=xi, exclusion="")]
    if len(names_xi) >= 12:
        actions.create_election(None, xi, body="cap_uy", seats=9, candidates="\n".join(names_xi[1:12]),
                                board="\n".join(names_xi[-3:]))

    # Monthly meetings in each chi bộ of the office: all of last year, and this year up to last month.
    months = [date(today.year - 1, m, 1) for m in range(1, 13)]
    months += [date(today.year, m, 1) for m in range(1, today.month)]
    cells = Organization.objects.filter(path__startswith=office.path, kind__in=CELL_KINDS)
    for k, cell in enumerate(cells.order_by("path")):
        for i, m in enumerate(months):
            if k == 2 and m.month == 8:
                continue  # one chi bộ did not meet in August: the year-end report shows it
            held = m.replace(day=min(5 + i % 3, 28))
            if cell.ended_on and held >= cell.ended_on:
                continue  # merged away: it met while it existed
            roster = actions.members_as_of(cell, held, statuses=("official", "probationary"), subtree=False)
            absences = {roster[(i * 3) % len(roster)]["member_id"]: "Đi công tác"} if len(roster) > 4 else {}
            actions.record_meeting(None, organization=cell, kind="monthly", held_on=held,
                                   title=f"Sinh hoạt chi bộ thường kỳ tháng {held.month}/{held.year}",
                                   agenda="Đánh giá kết quả thực hiện nhiệm vụ tháng; triển khai nhiệm vụ tháng tới.",
                                   minutes="Đồng chí Bí thư chi bộ chủ trì, quán triệt văn bản của cấp trên; "
                                           "các đồng chí đảng viên thảo luận, đóng góp ý kiến.",
                                   resolutions=f"Thông qua nghị quyết chi bộ tháng {held.month}/{held.year}.",
                                   absences=absences)
        if cell.ended_on and cell.ended_on <= date(today.year - 1, 12, 18):
            continue
        actions.record_meeting(None, organization=cell, kind="annual", held_on=date(today.year - 1, 12, 18),
                               title=f"Hội nghị tổng kết công tác xây dựng Đảng năm {today.year - 1}",
                               agenda="Tổng kết công tác năm; kiểm điểm, đánh giá, xếp loại chất lượng.")
