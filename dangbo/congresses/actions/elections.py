"""Elections of a congress: the body, seats and list (candidates, counting board, a committee conference's base),
the list's findings, the start of counting that freezes the list, and a further round for seats left."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dangbo.core import audit
from dangbo.core.actions import audited_action, fail
from dangbo.rules import elections as rules
from dangbo.rules.text import name_sort_key, nfc

from .. import counting
from ..models import Candidate, CandidateSource, Congress, CongressStatus, Election, ElectionStatus
from ..roster import parse_board, parse_candidates
from .common import ON_CONGRESS, ON_ELECTION
from .congress import elected_by_body, refuse_content_not_held, refuse_while_paused


def conference_base(at_conference: bool, body: str, members, present, excluded_text: str) -> dict:
    """The committee-conference base of an election, checked (rules.elections "elections.conference_base")."""
    if not at_conference:
        return {"at_conference": False, "conference_members": None, "conference_present": None,
                "conference_excluded": []}
    if body not in rules.CONFERENCE_BODIES:
        fail("at_conference", _("%(body)s do đại hội bầu, không bầu tại hội nghị cấp ủy."),
             body=rules.BODY_LABELS[body])
    if not members or members < 1:
        fail("conference_members", _("Nhập số cấp ủy viên khóa mới được triệu tập dự hội nghị."))
    if present is not None and present > members:
        fail("conference_present", _("Số cấp ủy viên có mặt (%(present)s) nhiều hơn số được triệu tập (%(members)s)."),
             present=present, members=members)
    excluded = []
    for n, line in enumerate((excluded_text or "").splitlines(), 1):
        if not line.strip():
            continue
        name, _sep, reason = line.partition(":")
        if not name.strip() or not reason.strip():
            fail("conference_excluded", _("Dòng %(row)s của danh sách được trừ: ghi «Họ và tên: lý do»."), row=n)
        excluded.append({"name": nfc(name.strip()), "reason": nfc(reason.strip())})
    if len(excluded) >= members:
        fail("conference_excluded", _("Số cấp ủy viên được trừ phải ít hơn số được triệu tập."))
    return {"at_conference": True, "conference_members": members, "conference_present": present,
            "conference_excluded": excluded}


@audited_action("election.create", scope=ON_CONGRESS)
def create_election(actor, c: Congress, *, body: str, seats: int, candidates: str, board: str = "",
                    alternate_seats: int = 0, at_conference: bool = False, conference_members: int | None = None,
                    conference_present: int | None = None, conference_excluded: str = "") -> Election:
    if body not in rules.BODY_LABELS:
        fail("body", _("Chưa chọn bầu cơ quan, chức danh nào."))
    if not seats or seats < 1:
        fail("seats", _("Số lượng cần bầu phải là số nguyên dương."))
    if alternate_seats and (body != rules.DAI_BIEU or alternate_seats >= seats):
        fail("alternate_seats", _("Chỉ bầu đại biểu mới có dự khuyết, và số dự khuyết phải ít hơn số lượng cần bầu."))
    if c.status == CongressStatus.APPROVED:
        fail(None, _("Kết quả đại hội đã được chuẩn y."))
    refuse_while_paused(c)
    refuse_content_not_held(c, body)
    conference = conference_base(at_conference, body, conference_members, conference_present, conference_excluded)
    e = Election.objects.create(congress=c, org_path=c.org_path, body=body, seats=seats,
                                alternate_seats=alternate_seats or 0, board=parse_board(c, board), **conference)
    _write_list(e, parse_candidates(c, candidates))
    audit.record("election.create", actor=actor, obj=e, org_path=e.org_path,
                 summary=f"{c.title}: {e.title}, {seats} người",
                 data={"body": body, "seats": seats, **(conference if at_conference else {})})
    return e


def _write_list(e: Election, cands: list[dict]):
    Candidate.objects.filter(election=e).delete()
    Candidate.objects.bulk_create([Candidate(election=e, sort_key=name_sort_key(d["full_name"]), **d) for d in cands])


@audited_action("election.list", scope=ON_ELECTION)
def update_list(actor, e: Election, *, candidates: str, board: str, seats: int | None = None) -> Election:
    if e.status != ElectionStatus.DRAFT:
        fail("candidates", _("Đã bắt đầu kiểm phiếu: danh sách bầu cử không sửa được nữa."))
    if seats:
        e.seats = seats
    e.board = parse_board(e.congress, board)
    e.save(update_fields=["seats", "board"])
    _write_list(e, parse_candidates(e.congress, candidates))
    audit.record("election.list", actor=actor, obj=e, org_path=e.org_path,
                 summary=f"Sửa danh sách bầu cử: {e.title}", data={"candidates": e.candidates.count()})
    return e


def findings(e: Election) -> list:
    """The list's problems (errors block the count) and advisory findings, each naming its source."""
    engine = counting.engine_election(e)
    settings = e.congress.settings
    committee = e.candidates.filter(source=CandidateSource.COMMITTEE).count()
    return (rules.check_candidates(engine, settings) + rules.check_committee_surplus(engine, committee)
            + rules.check_attendance(engine, settings) + _committee_short(e))


def _committee_short(e: Election) -> list:
    """Before a ban thường vụ election: the congress's new cấp ủy elected fewer members than its seats (every
    round counted) is a finding for the level above (rules.elections "elections.committee_short")."""
    if e.body != rules.BAN_THUONG_VU:
        return []
    first = Election.objects.filter(congress=e.congress, body=rules.CAP_UY, previous__isnull=True).first()
    if first is None or first.current_result() is None:
        return []
    return rules.check_committee_short(len(elected_by_body(e.congress).get(rules.CAP_UY, [])), first.seats)


@audited_action("election.start", scope=ON_ELECTION)
def start_counting(actor, e: Election, *, issued: int, by_totals: bool = False) -> Election:
    """Freeze the list and record the ballots issued; refused while the list breaks a rule."""
    if e.status != ElectionStatus.DRAFT:
        fail(None, _("Cuộc bầu này đã bắt đầu kiểm phiếu."))
    refuse_while_paused(e.congress)
    errors = [f.message for f in findings(e) if f.is_error]
    if errors:
        fail("candidates", " ".join(errors))
    base = counting.base_for(e)
    if issued is None or issued < 0:
        fail("issued", _("Cần ghi số phiếu phát ra."))
    for f in rules.check_figures(counting.engine_election(e, base), issued=issued):
        fail(f.field, f.message)
    e.status, e.issued, e.by_totals = ElectionStatus.COUNTING, issued, by_totals
    e.save(update_fields=["status", "issued", "by_totals"])
    if e.congress.status == CongressStatus.PREPARING:
        Congress.objects.filter(pk=e.congress_id).update(status=CongressStatus.HELD)
    audit.record("election.start", actor=actor, obj=e, org_path=e.org_path,
                 summary=f"Bắt đầu kiểm phiếu {e.title}: phát ra {issued} phiếu",
                 data={"issued": issued, "by_totals": by_totals, "present": base.present, "convened": base.convened})
    return e


@audited_action("election.next_round", scope=ON_ELECTION)
def next_round(actor, e: Election) -> Election:
    """Another round for the seats left (too few passed, or a tie), among the candidates the count names."""
    rv = e.current_result()
    if rv is None:
        fail(None, _("Phải ký kết quả lần bầu này trước khi bầu tiếp."))
    if rv.data.get("upper_level_appoints"):
        fail(None, _("Đã bầu đến lần thứ ba mà không có đồng chí nào trúng cử bí thư chi bộ: không bầu lần thứ tư; "
                     "cấp ủy cấp trên trực tiếp chỉ định bí thư chi bộ (Quy định 294-QĐ/TW)."))
    if not rv.data["unfilled"] or not rv.data["next_round"]:
        fail(None, _("Không còn suất nào để bầu tiếp."))
    if e.next_rounds.exists():
        fail(None, _("Đã lập lần bầu tiếp theo."))
    refuse_while_paused(e.congress)
    cands = list(Candidate.objects.filter(election=e, pk__in=[int(x) for x in rv.data["next_round"]]))
    new = Election.objects.create(congress=e.congress, org_path=e.org_path, body=e.body, seats=rv.data["unfilled"],
                                  round=e.round + 1, previous=e, board=e.board)
    Candidate.objects.bulk_create([Candidate(election=new, member_id=c.member_id, full_name=c.full_name,
                                             sort_key=c.sort_key, unit=c.unit, source=c.source,
                                             floor_approvals=c.floor_approvals) for c in cands])
    audit.record("election.next_round", actor=actor, obj=new, org_path=new.org_path,
                 summary=f"{new.title}: bầu tiếp {new.seats} người trong số {len(cands)} người",
                 data={"previous": e.pk, "seats": new.seats, "candidates": [c.full_name for c in cands]})
    return new
