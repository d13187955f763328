"""Every change to congresses, elections, ballots, results and meetings: scope check, rules, write, audit.

The legal rules are in dangbo.rules.elections; this module enforces the procedure: lists are frozen once the
counting starts, a ballot counts only when two counters agree, the board's signature locks the result, a
correction is a new version with a reason, and the committee becomes current only after chuẩn y.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from dangbo.core import audit
from dangbo.core.actions import fail
from dangbo.core.scopes import scope_for
from dangbo.organizations.models import CommitteeMember, Organization, Position, Term
from dangbo.rules import elections as rules
from dangbo.rules.text import format_date, name_sort_key, nfc, search_key

from . import counting
from .models import (
    BallotEntry,
    Candidate,
    CandidateSource,
    Congress,
    CongressKind,
    CongressStatus,
    Convened,
    Election,
    ElectionStatus,
    Exclusion,
    Meeting,
    MeetingAttendance,
    MeetingKind,
    ResultVersion,
)


def _require_write(actor, path: str, what: str = "tổ chức này"):
    if actor is None:
        return
    if not scope_for(actor).can_write_path(path):
        fail(None, f"Bạn không có quyền thay đổi dữ liệu của {what}.")


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


# -- the register as of a date --------------------------------------------------------------------------------
def members_as_of(org: Organization, on: date, *, statuses=("official",), subtree=True) -> list[dict]:
    """Members whose home was in `org` (or its subtree) on `on`, with their state then, from the event history."""
    from dangbo.members.models import MemberEvent

    latest = (MemberEvent.objects.filter(member=OuterRef("member"), effective_date__lte=on)
              .order_by("-effective_date", "-id").values("id")[:1])
    qs = MemberEvent.objects.filter(effective_date__lte=on, status_after__in=statuses).filter(id=Subquery(latest))
    qs = qs.filter(org_after__path__startswith=org.path) if subtree else qs.filter(org_after=org)
    rows = qs.values("member_id", "member__full_name", "member__sort_key", "org_after__name", "org_after__path",
                     "host_after__path", "exempted_after", "suspended_after", "status_after")
    return sorted(rows, key=lambda r: (r["member__sort_key"], r["member_id"]))


# -- congresses -------------------------------------------------------------------------------------------------
def _check_particulars(organization, congress, ordinal, term_start, term_end, opened_on, closed_on, quorum,
                       tie_rule):
    """The checks a congress's particulars pass when it is created and whenever they are corrected."""
    if not ordinal or ordinal < 1:
        fail("ordinal", "Lần thứ của đại hội phải là số nguyên dương.")
    if term_end <= term_start:
        fail("term_end", "Năm kết thúc nhiệm kỳ phải sau năm bắt đầu.")
    if opened_on is None:
        fail("opened_on", "Chưa nhập ngày khai mạc.")
    if closed_on and closed_on < opened_on:
        fail("closed_on", "Ngày bế mạc không được trước ngày khai mạc.")
    try:
        rules.regime_for(opened_on)
    except ValueError as exc:
        fail("opened_on", str(exc))
    if quorum not in ("", "1/2", "2/3"):
        fail("quorum", "Tỷ lệ có mặt tối thiểu không hợp lệ.")
    if tie_rule not in (rules.TIE_NEXT_ROUND, rules.TIE_CONGRESS_DECIDES):
        fail("tie_rule", "Cách xử lý bằng phiếu không hợp lệ.")
    same = Congress.objects.filter(organization=organization, ordinal=ordinal)
    if congress is not None:
        same = same.exclude(pk=congress.pk)
    if same.exists():
        fail("ordinal", f"{organization.name} đã có đại hội lần thứ {ordinal}.")


@transaction.atomic
def create_congress(actor, *, organization: Organization, kind: str, ordinal: int, term_start: int, term_end: int,
                    opened_on: date, closed_on: date | None = None, place: str = "", quorum: str = "",
                    tie_rule: str = rules.TIE_NEXT_ROUND) -> Congress:
    _require_write(actor, organization.path, f"«{organization.name}»")
    if kind not in CongressKind.values:
        fail("kind", "Hình thức đại hội không hợp lệ.")
    _check_particulars(organization, None, ordinal, term_start, term_end, opened_on, closed_on, quorum, tie_rule)
    c = Congress.objects.create(organization=organization, org_path=organization.path, kind=kind, ordinal=ordinal,
                                term_start=term_start, term_end=term_end, opened_on=opened_on, closed_on=closed_on,
                                place=place.strip(), quorum=quorum, tie_rule=tie_rule)
    n = _draw(c) if kind == CongressKind.MEMBERS else 0
    audit.record("congress.create", actor=actor, obj=c, org_path=c.org_path, summary=f"Lập {c.title}",
                 data={"kind": kind, "opened_on": opened_on, "convened": n})
    return c


@transaction.atomic
def update_congress(actor, c: Congress, *, ordinal: int, term_start: int, term_end: int, opened_on: date,
                    closed_on: date | None = None, place: str = "", quorum: str = "",
                    tie_rule: str = rules.TIE_NEXT_ROUND) -> Congress:
    """Correct a congress's particulars. Before counting starts everything but the kind may change (a new
    opening date redraws the convened list, which is taken as of that date); afterwards only the closing
    date and the place, which the record prints."""
    _require_write(actor, c.org_path, f"«{c.organization.name}»")
    started = Election.objects.filter(congress=c).exclude(status=ElectionStatus.DRAFT).exists()
    before = {"ordinal": c.ordinal, "term_start": c.term_start, "term_end": c.term_end, "opened_on": c.opened_on,
              "closed_on": c.closed_on, "place": c.place, "quorum": c.quorum, "tie_rule": c.tie_rule}
    after = {"ordinal": ordinal, "term_start": term_start, "term_end": term_end, "opened_on": opened_on,
             "closed_on": closed_on, "place": place.strip(), "quorum": quorum, "tie_rule": tie_rule}
    changed = {k: v for k, v in after.items() if before[k] != v}
    if started and set(changed) - {"closed_on", "place"}:
        fail(None, "Đã bắt đầu kiểm phiếu: chỉ sửa được ngày bế mạc và địa điểm.")
    _check_particulars(c.organization, c, ordinal, term_start, term_end, opened_on, closed_on, quorum, tie_rule)
    if not changed:
        return c
    for k, v in after.items():
        setattr(c, k, v)
    c.save()
    redrawn = None
    if "opened_on" in changed and c.kind == CongressKind.MEMBERS:
        Convened.objects.filter(congress=c).delete()
        redrawn = _draw(c)
    audit.record("congress.update", actor=actor, obj=c, org_path=c.org_path, summary=f"Sửa thông tin {c.title}",
                 data={"changed": {k: [before[k], v] for k, v in changed.items()}, "convened_redrawn": redrawn})
    return c


def _draw(c: Congress) -> int:
    """The convened official members as of the opening date, with their exclusion (Điều 30, QĐ 190)."""
    rows = []
    for r in members_as_of(c.organization, c.opened_on):
        exclusion = Exclusion.NONE
        if r["suspended_after"]:
            exclusion = Exclusion.SUSPENDED
        elif r["host_after__path"] and not r["host_after__path"].startswith(c.org_path):
            exclusion = Exclusion.TEMPORARY
        elif r["exempted_after"]:
            exclusion = Exclusion.EXEMPTED
        rows.append(Convened(congress=c, member_id=r["member_id"], full_name=r["member__full_name"],
                             sort_key=r["member__sort_key"], unit=r["org_after__name"], exclusion=exclusion,
                             present=exclusion not in (Exclusion.TEMPORARY, Exclusion.SUSPENDED)))
    Convened.objects.bulk_create(rows)
    return len(rows)


def _require_preparing(c: Congress):
    if Election.objects.filter(congress=c).exclude(status=ElectionStatus.DRAFT).exists():
        fail(None, "Đã bắt đầu kiểm phiếu: không thay đổi danh sách triệu tập được nữa.")


@transaction.atomic
def redraw_convened(actor, c: Congress) -> int:
    _require_write(actor, c.org_path)
    if c.kind != CongressKind.MEMBERS:
        fail(None, "Đại hội đại biểu: danh sách đại biểu được nhập, không lấy từ danh sách đảng viên.")
    _require_preparing(c)
    Convened.objects.filter(congress=c).delete()
    n = _draw(c)
    audit.record("congress.redraw", actor=actor, obj=c, org_path=c.org_path,
                 summary=f"Lập lại danh sách triệu tập {c.title}: {n} đảng viên chính thức", data={"convened": n})
    return n


@transaction.atomic
def set_delegates(actor, c: Congress, text: str) -> int:
    """Delegate congress: one official delegate a line, «Họ và tên; đơn vị»."""
    _require_write(actor, c.org_path)
    if c.kind != CongressKind.DELEGATES:
        fail("delegates", "Chỉ đại hội đại biểu mới nhập danh sách đại biểu.")
    _require_preparing(c)
    rows = []
    for i, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        name, _, unit = (p.strip() for p in line.partition(";"))
        if len(name) < 3:
            fail("delegates", f"Dòng {i}: họ và tên đại biểu không hợp lệ.")
        rows.append(Convened(congress=c, full_name=name, sort_key=name_sort_key(name), unit=unit))
    if not rows:
        fail("delegates", "Danh sách đại biểu trống.")
    Convened.objects.filter(congress=c).delete()
    Convened.objects.bulk_create(rows)
    audit.record("congress.delegates", actor=actor, obj=c, org_path=c.org_path,
                 summary=f"Nhập {len(rows)} đại biểu chính thức cho {c.title}", data={"delegates": len(rows)})
    return len(rows)


@transaction.atomic
def set_attendance(actor, c: Congress, changes: dict[int, dict]) -> int:
    """changes: convened pk -> {"present": bool, "absence_approved": bool, "absence_reason": str}."""
    _require_write(actor, c.org_path)
    if Election.objects.filter(congress=c, status=ElectionStatus.COUNTING).exists():
        fail("attendance", "Đang kiểm phiếu: điểm danh lại sau khi ban kiểm phiếu ký biên bản.")
    rows = {r.pk: r for r in Convened.objects.filter(congress=c, pk__in=list(changes))}
    changed = 0
    for pk, ch in changes.items():
        r = rows.get(pk)
        if r is None:
            fail("attendance", "Có người không thuộc danh sách triệu tập của đại hội này.")
        present = bool(ch.get("present"))
        approved = bool(ch.get("absence_approved")) and not present
        reason = (ch.get("absence_reason") or "").strip() if not present else ""
        if approved and not reason:
            fail("attendance", f"Đồng chí {r.full_name}: cần ghi lý do vắng được chấp nhận.")
        if (r.present, r.absence_approved, r.absence_reason) != (present, approved, reason):
            r.present, r.absence_approved, r.absence_reason = present, approved, reason
            r.save(update_fields=["present", "absence_approved", "absence_reason"])
            changed += 1
    base = counting.base_of(c)
    audit.record("congress.attendance", actor=actor, obj=c, org_path=c.org_path,
                 summary=f"Điểm danh {c.title}: có mặt {base.present}/{base.convened}",
                 data={"changed": changed, "present": base.present, "convened": base.convened})
    return changed


# -- elections and lists -----------------------------------------------------------------------------------------
def _parse_candidates(c: Congress, text: str) -> list[dict]:
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
            fail("candidates", f"Dòng {i}: họ và tên không hợp lệ.")
        source, approvals = CandidateSource.COMMITTEE, None
        if len(parts) > 1 and parts[1]:
            word = search_key(parts[1])
            if "tu ung cu" in word:
                source = CandidateSource.SELF
            elif "de cu" in word:
                source = CandidateSource.FLOOR
            elif "cap uy" not in word:
                fail("candidates", f"Dòng {i}: nguồn «{parts[1]}» không rõ (cấp ủy / đề cử / tự ứng cử).")
        if source != CandidateSource.COMMITTEE:
            try:
                approvals = int(parts[2])
            except (IndexError, ValueError):
                fail("candidates", f"Dòng {i}: đề cử, tự ứng cử tại đại hội phải ghi số người đồng ý giới thiệu.")
        key = search_key(name)
        if key in seen:
            fail("candidates", f"Dòng {i}: đồng chí {name} có tên hai lần trong danh sách.")
        seen.add(key)
        hit = by_name.get(key)
        out.append({"full_name": name, "member_id": hit["member_id"] if hit else None,
                    "unit": (hit or {}).get("unit", ""), "source": source, "floor_approvals": approvals})
    return out


def _parse_board(c: Congress, text: str) -> list[dict]:
    by_name = {search_key(r["full_name"]): r["member_id"]
               for r in Convened.objects.filter(congress=c).values("member_id", "full_name")}
    names = [n.strip() for n in text.replace(",", "\n").splitlines() if n.strip()]
    return [{"name": n, "member_id": by_name.get(search_key(n)), "chair": i == 0} for i, n in enumerate(names)]


@transaction.atomic
def _conference(at_conference: bool, body: str, members, present, excluded_text: str) -> dict:
    """The committee-conference base of an election, checked (rules.elections "elections.conference_base")."""
    if not at_conference:
        return {"at_conference": False, "conference_members": None, "conference_present": None,
                "conference_excluded": []}
    if body not in rules.CONFERENCE_BODIES:
        fail("at_conference", f"{rules.BODY_LABELS[body]} do đại hội bầu, không bầu tại hội nghị cấp ủy.")
    if not members or members < 1:
        fail("conference_members", "Nhập số cấp ủy viên khóa mới được triệu tập dự hội nghị.")
    if present is not None and present > members:
        fail("conference_present", f"Số cấp ủy viên có mặt ({present}) nhiều hơn số được triệu tập ({members}).")
    excluded = []
    for n, line in enumerate((excluded_text or "").splitlines(), 1):
        if not line.strip():
            continue
        name, _, reason = line.partition(":")
        if not name.strip() or not reason.strip():
            fail("conference_excluded", f"Dòng {n} của danh sách được trừ: ghi «Họ và tên: lý do».")
        excluded.append({"name": nfc(name.strip()), "reason": nfc(reason.strip())})
    if len(excluded) >= members:
        fail("conference_excluded", "Số cấp ủy viên được trừ phải ít hơn số được triệu tập.")
    return {"at_conference": True, "conference_members": members, "conference_present": present,
            "conference_excluded": excluded}


def create_election(actor, c: Congress, *, body: str, seats: int, candidates: str, board: str = "",
                    alternate_seats: int = 0, at_conference: bool = False, conference_members: int | None = None,
                    conference_present: int | None = None, conference_excluded: str = "") -> Election:
    _require_write(actor, c.org_path)
    if body not in rules.BODY_LABELS:
        fail("body", "Chưa chọn bầu cơ quan, chức danh nào.")
    if not seats or seats < 1:
        fail("seats", "Số lượng cần bầu phải là số nguyên dương.")
    if alternate_seats and (body != rules.DAI_BIEU or alternate_seats >= seats):
        fail("alternate_seats", "Chỉ bầu đại biểu mới có dự khuyết, và số dự khuyết phải ít hơn số lượng cần bầu.")
    if c.status == CongressStatus.APPROVED:
        fail(None, "Kết quả đại hội đã được chuẩn y.")
    conference = _conference(at_conference, body, conference_members, conference_present, conference_excluded)
    e = Election.objects.create(congress=c, org_path=c.org_path, body=body, seats=seats,
                                alternate_seats=alternate_seats or 0, board=_parse_board(c, board), **conference)
    _write_list(e, _parse_candidates(c, candidates))
    audit.record("election.create", actor=actor, obj=e, org_path=e.org_path,
                 summary=f"{c.title}: {e.title}, {seats} người",
                 data={"body": body, "seats": seats, **(conference if at_conference else {})})
    return e


def _write_list(e: Election, cands: list[dict]):
    Candidate.objects.filter(election=e).delete()
    Candidate.objects.bulk_create([Candidate(election=e, sort_key=name_sort_key(d["full_name"]), **d) for d in cands])


@transaction.atomic
def update_list(actor, e: Election, *, candidates: str, board: str, seats: int | None = None) -> Election:
    _require_write(actor, e.org_path)
    if e.status != ElectionStatus.DRAFT:
        fail("candidates", "Đã bắt đầu kiểm phiếu: danh sách bầu cử không sửa được nữa.")
    if seats:
        e.seats = seats
    e.board = _parse_board(e.congress, board)
    e.save(update_fields=["seats", "board"])
    _write_list(e, _parse_candidates(e.congress, candidates))
    audit.record("election.list", actor=actor, obj=e, org_path=e.org_path,
                 summary=f"Sửa danh sách bầu cử: {e.title}", data={"candidates": e.candidates.count()})
    return e


def findings(e: Election) -> list:
    """The list's problems (errors block the count) and advisory findings, each naming its source."""
    engine = counting.engine_election(e)
    settings = e.congress.settings
    committee = e.candidates.filter(source=CandidateSource.COMMITTEE).count()
    return (rules.check_candidates(engine, settings) + rules.check_committee_surplus(engine, committee)
            + rules.check_attendance(engine, settings))


@transaction.atomic
def start_counting(actor, e: Election, *, issued: int, by_totals: bool = False) -> Election:
    """Freeze the list and record the ballots issued; refused while the list breaks a rule."""
    _require_write(actor, e.org_path)
    if e.status != ElectionStatus.DRAFT:
        fail(None, "Cuộc bầu này đã bắt đầu kiểm phiếu.")
    errors = [f.message for f in findings(e) if f.is_error]
    if errors:
        fail("candidates", " ".join(errors))
    base = counting.base_for(e)
    if issued is None or issued < 0:
        fail("issued", "Cần ghi số phiếu phát ra.")
    if issued > base.present:
        fail("issued", f"Số phiếu phát ra ({issued}) nhiều hơn số người có mặt ({base.present}).")
    e.status, e.issued, e.by_totals = ElectionStatus.COUNTING, issued, by_totals
    e.save(update_fields=["status", "issued", "by_totals"])
    if e.congress.status == CongressStatus.PREPARING:
        Congress.objects.filter(pk=e.congress_id).update(status=CongressStatus.HELD)
    audit.record("election.start", actor=actor, obj=e, org_path=e.org_path,
                 summary=f"Bắt đầu kiểm phiếu {e.title}: phát ra {issued} phiếu",
                 data={"issued": issued, "by_totals": by_totals, "present": base.present, "convened": base.convened})
    return e


def _clean_ids(e: Election, ids, field: str) -> list[int] | None:
    if ids is None:
        return None
    try:
        out = sorted({int(x) for x in ids})
    except (TypeError, ValueError):
        fail(field, "Mã người trong danh sách không hợp lệ.")
    known = set(Candidate.objects.filter(election=e).values_list("pk", flat=True))
    if set(out) - known:
        fail(field, "Phiếu có người không có trong danh sách bầu cử.")
    return out


def _reading(e: Election, kept, agree, disagree, issued_by_board, invalid_reason) -> dict:
    with_surplus = e.candidates.count() > e.seats
    if with_surplus and agree is not None:
        fail("kept", "Danh sách có số dư: nhập những người không bị gạch tên.")
    if not with_surplus and kept is not None:
        agree, kept = kept, None  # a list without surplus: the names kept are the đồng ý column
    if kept is None and agree is None:
        fail("kept", "Chưa nhập nội dung phiếu.")
    return {"kept": _clean_ids(e, kept, "kept"), "agree": _clean_ids(e, agree, "agree"),
            "disagree": _clean_ids(e, disagree or [], "disagree"), "issued_by_board": bool(issued_by_board),
            "invalid_reason": (invalid_reason or "").strip()[:200]}


@transaction.atomic
def record_ballot(actor, e: Election, *, number: int, counter: int, kept=None, agree=None, disagree=None,
                  issued_by_board: bool = True, invalid_reason: str = "") -> BallotEntry:
    """One counter's entry of one paper ballot (counter 1 or 2); the two entries must be by different people."""
    _require_write(actor, e.org_path)
    e = Election.objects.select_for_update().get(pk=e.pk)
    if e.locked:
        fail(None, "Ban kiểm phiếu đã ký biên bản: kết quả đã khóa. Điều chỉnh phải ghi thành phiên bản mới.")
    if e.status != ElectionStatus.COUNTING or e.by_totals:
        fail(None, "Cuộc bầu này chưa ở bước nhập từng phiếu.")
    if counter not in (1, 2):
        fail("counter", "Người nhập phải là người thứ nhất hoặc thứ hai.")
    if not number or number < 1:
        fail("number", "Số phiếu phải là số nguyên dương.")
    if e.issued and number > e.issued:
        fail("number", f"Phiếu số {number} vượt quá số phiếu phát ra ({e.issued}).")
    entries = {x.counter: x for x in BallotEntry.objects.filter(election=e, number=number, counter__in=(1, 2))}
    if counter in entries:
        fail("number", f"Phiếu số {number} đã được người nhập thứ {counter} nhập; nếu nhập nhầm, báo trưởng "
                       "ban kiểm phiếu xử lý.")
    other = entries.get(3 - counter)
    if other is not None and _user(actor) is not None and other.entered_by_id == actor.pk:
        fail("counter", f"Phiếu số {number}: hai lần nhập phải do hai người khác nhau thực hiện.")
    entry = BallotEntry.objects.create(election=e, number=number, counter=counter, entered_by=_user(actor),
                                       **_reading(e, kept, agree, disagree, issued_by_board, invalid_reason))
    status = "" if other is None else (" (khớp)" if other.reading() == entry.reading() else " (KHÔNG khớp)")
    audit.record("election.ballot", actor=actor, obj=e, org_path=e.org_path,
                 summary=f"{e.title}: phiếu số {number}, người nhập thứ {counter}{status}",
                 data={"number": number, "counter": counter, "kept": entry.kept, "agree": entry.agree,
                       "disagree": entry.disagree, "issued_by_board": entry.issued_by_board,
                       "invalid_reason": entry.invalid_reason})
    return entry


def _chair_entry(actor, e, number, reading, note) -> BallotEntry:
    last = (BallotEntry.objects.filter(election=e, number=number, counter=BallotEntry.CHAIR)
            .order_by("-revision").first())
    return BallotEntry.objects.create(election=e, number=number, counter=BallotEntry.CHAIR,
                                      revision=(last.revision + 1) if last else 1, entered_by=_user(actor),
                                      note=note[:200], **reading)


@transaction.atomic
def resolve_ballot(actor, e: Election, *, number: int, kept=None, agree=None, disagree=None,
                   issued_by_board: bool = True, invalid_reason: str = "", note: str = "") -> BallotEntry:
    """The board chair's reading of a ballot the two counters read differently (a third, audited entry)."""
    _require_write(actor, e.org_path)
    e = Election.objects.select_for_update().get(pk=e.pk)
    if e.locked:
        fail(None, "Ban kiểm phiếu đã ký biên bản: kết quả đã khóa. Điều chỉnh phải ghi thành phiên bản mới.")
    if not BallotEntry.objects.filter(election=e, number=number).exists():
        fail("number", f"Chưa có ai nhập phiếu số {number}.")
    entry = _chair_entry(actor, e, number, _reading(e, kept, agree, disagree, issued_by_board, invalid_reason),
                         note or "Trưởng ban kiểm phiếu xác định")
    audit.record("election.resolve", actor=actor, obj=e, org_path=e.org_path,
                 summary=f"{e.title}: trưởng ban kiểm phiếu xác định phiếu số {number}",
                 data={"number": number, "kept": entry.kept, "agree": entry.agree, "note": entry.note})
    return entry


def _clean_totals(e: Election, totals: dict, valid: int, invalid: int) -> dict:
    known = {str(pk) for pk in e.candidates.values_list("pk", flat=True)}
    out = {}
    for k, v in totals.items():
        if str(k) not in known:
            fail("totals", "Có người không có trong danh sách bầu cử.")
        try:
            v = int(v)
        except (TypeError, ValueError):
            fail("totals", "Số phiếu của từng người phải là số nguyên.")
        if v < 0 or v > valid:
            fail("totals", f"Số phiếu của một người ({v}) phải từ 0 đến số phiếu hợp lệ ({valid}).")
        out[str(k)] = v
    if valid < 0 or invalid < 0:
        fail("totals_valid", "Số phiếu hợp lệ, không hợp lệ không được âm.")
    if e.issued is not None and valid + invalid > e.issued:
        fail("totals_valid", f"Số phiếu thu về ({valid + invalid}) nhiều hơn số phiếu phát ra ({e.issued}).")
    return out


@transaction.atomic
def enter_totals(actor, e: Election, *, totals: dict, valid: int, invalid: int) -> Election:
    """Per-candidate totals when the board counted by hand."""
    _require_write(actor, e.org_path)
    if e.locked:
        fail(None, "Ban kiểm phiếu đã ký biên bản: kết quả đã khóa. Điều chỉnh phải ghi thành phiên bản mới.")
    if e.status != ElectionStatus.COUNTING or not e.by_totals:
        fail(None, "Cuộc bầu này không nhập theo tổng số phiếu.")
    e.totals, e.totals_valid, e.totals_invalid = _clean_totals(e, totals, valid, invalid), valid, invalid
    e.save(update_fields=["totals", "totals_valid", "totals_invalid"])
    audit.record("election.totals", actor=actor, obj=e, org_path=e.org_path, summary=f"{e.title}: nhập tổng số phiếu",
                 data={"totals": e.totals, "valid": valid, "invalid": invalid})
    return e


def _ready_to_sign(e: Election):
    if e.by_totals:
        if e.totals_valid is None:
            fail(None, "Chưa nhập tổng số phiếu.")
        return
    r = counting.readings(e)
    if r.disagreements:
        fail(None, f"Còn {len(r.disagreements)} phiếu hai người nhập không khớp (số "
                   f"{', '.join(map(str, sorted(r.disagreements)[:10]))}); trưởng ban kiểm phiếu phải xác định.")
    if r.pending:
        fail(None, f"Còn {len(r.pending)} phiếu mới có một người nhập (số "
                   f"{', '.join(map(str, sorted(r.pending)[:10]))}).")
    if not r.final:
        fail(None, "Chưa có phiếu nào được nhập.")


@transaction.atomic
def sign_result(actor, e: Election) -> ResultVersion:
    """The board signs the counting record: the count and the result are locked (version 1)."""
    _require_write(actor, e.org_path)
    e = Election.objects.select_for_update().get(pk=e.pk)
    if e.locked:
        fail(None, "Kết quả đã được ký.")
    if e.status != ElectionStatus.COUNTING:
        fail(None, "Chưa bắt đầu kiểm phiếu.")
    _ready_to_sign(e)
    result, base = counting.count(e)
    rv = ResultVersion.objects.create(election=e, number=1, data=counting.serialize(result, base, e),
                                      signed_by=_user(actor))
    e.status = ElectionStatus.SIGNED
    e.save(update_fields=["status"])
    audit.record("election.sign", actor=actor, obj=e, org_path=e.org_path,
                 summary=f"Ban kiểm phiếu ký biên bản {e.title}: trúng cử "
                         f"{', '.join(x['name'] for x in rv.data['elected']) or 'không ai'}",
                 data={"version": 1, "elected": rv.data["elected"], "valid": rv.data["valid"]})
    return rv


@transaction.atomic
def correct_result(actor, e: Election, *, reason: str, number: int | None = None, kept=None, agree=None,
                   disagree=None, issued_by_board: bool = True, invalid_reason: str = "", totals: dict | None = None,
                   valid: int | None = None, invalid: int | None = None) -> ResultVersion:
    """A correction after signing: a new chair reading of one ballot (or new totals), then a new result version.
    Nothing earlier is overwritten."""
    _require_write(actor, e.org_path)
    e = Election.objects.select_for_update().get(pk=e.pk)
    if not e.locked:
        fail(None, "Kết quả chưa ký: sửa trực tiếp trong bước kiểm phiếu.")
    reason = (reason or "").strip()
    if len(reason) < 5:
        fail("reason", "Cần ghi lý do điều chỉnh kết quả đã ký.")
    if e.by_totals:
        if totals is None or valid is None or invalid is None:
            fail("totals", "Cần nhập lại tổng số phiếu.")
        e.totals, e.totals_valid, e.totals_invalid = _clean_totals(e, totals, valid, invalid), valid, invalid
        e.save(update_fields=["totals", "totals_valid", "totals_invalid"])
    else:
        if not number or not BallotEntry.objects.filter(election=e, number=number).exists():
            fail("number", f"Không có phiếu số {number}.")
        _chair_entry(actor, e, number, _reading(e, kept, agree, disagree, issued_by_board, invalid_reason),
                     f"Điều chỉnh sau khi ký: {reason}")
    last = e.results.order_by("-number").first()
    result, base = counting.count(e)
    rv = ResultVersion.objects.create(election=e, number=last.number + 1, data=counting.serialize(result, base, e),
                                      reason=reason, signed_by=_user(actor))
    audit.record("election.correct", actor=actor, obj=e, org_path=e.org_path,
                 summary=f"Điều chỉnh kết quả {e.title} (phiên bản {rv.number}): {reason}",
                 data={"version": rv.number, "previous": last.number, "number": number, "reason": reason,
                       "elected_before": last.data["elected"], "elected": rv.data["elected"]})
    return rv


@transaction.atomic
def next_round(actor, e: Election) -> Election:
    """Another round for the seats left (too few passed, or a tie), among the candidates the count names."""
    _require_write(actor, e.org_path)
    rv = e.current_result()
    if rv is None:
        fail(None, "Phải ký kết quả lần bầu này trước khi bầu tiếp.")
    if not rv.data["unfilled"] or not rv.data["next_round"]:
        fail(None, "Không còn suất nào để bầu tiếp.")
    if e.next_rounds.exists():
        fail(None, "Đã lập lần bầu tiếp theo.")
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


# -- chuẩn y ---------------------------------------------------------------------------------------------------
POSITION_OF_BODY = {
    rules.BI_THU: (Position.SECRETARY, 0), rules.PHO_BI_THU: (Position.DEPUTY, 1),
    rules.BAN_THUONG_VU: (Position.STANDING, 2), rules.CAP_UY: (Position.COMMITTEE, 3),
    rules.CHI_UY: (Position.COMMITTEE, 3), rules.CHU_NHIEM_UBKT: (Position.INSPECTION_CHAIR, 4),
    rules.UY_BAN_KIEM_TRA: (Position.INSPECTION, 5),
}
COMMITTEE_BODIES = {rules.CAP_UY, rules.CHI_UY, rules.BAN_THUONG_VU, rules.BI_THU, rules.PHO_BI_THU}


def elected_by_body(c: Congress) -> dict[str, list[dict]]:
    """Everyone elected, every round, by body (from the signed results)."""
    out: dict[str, list[dict]] = {}
    for e in c.elections.order_by("round", "id"):
        rv = e.current_result()
        if rv is None:
            continue
        names = {str(x.pk): x for x in e.candidates.all()}
        got = rv.data.get("delegation", {}).get("official") if e.body == rules.DAI_BIEU and \
            rv.data.get("delegation") else rv.data["elected"]
        for x in got:
            cand = names.get(x["id"])
            out.setdefault(e.body, []).append({"name": x["name"], "votes": x["votes"],
                                               "member_id": cand.member_id if cand else None})
    return out


@transaction.atomic
def approve_congress(actor, c: Congress, *, decision_number: str, decision_date: date, issuer: str = "") -> Term:
    """The upper level's chuẩn y: the new term, committee and positions become current in the register."""
    parent = c.organization.parent
    if actor is not None:
        scope = scope_for(actor)
        if not (scope.is_admin or (parent is not None and scope.can_write_path(parent.path))):
            fail(None, "Chỉ cấp ủy cấp trên (người có quyền cập nhật tổ chức cấp trên) mới ghi quyết định chuẩn y.")
    c = Congress.objects.select_for_update().get(pk=c.pk)
    if c.status == CongressStatus.APPROVED:
        fail(None, "Đại hội đã được chuẩn y.")
    if not (decision_number or "").strip():
        fail("decision_number", "Cần ghi số quyết định chuẩn y.")
    if decision_date is None or decision_date < c.opened_on:
        fail("decision_date", "Ngày chuẩn y không được trước ngày khai mạc đại hội.")
    unsigned = [e.title for e in c.elections.all() if not e.locked]
    if unsigned:
        fail(None, "Còn cuộc bầu chưa ký biên bản: " + ", ".join(unsigned) + ".")
    elected = elected_by_body(c)
    if not any(elected.get(b) for b in COMMITTEE_BODIES):
        fail(None, "Chưa có kết quả bầu cấp ủy hoặc bí thư để chuẩn y.")
    Term.objects.filter(organization=c.organization, is_current=True).update(is_current=False)
    term = Term.objects.create(organization=c.organization, org_path=c.org_path, ordinal=c.ordinal,
                               start_year=c.term_start, end_year=c.term_end, congress_id=c.pk,
                               approval_number=decision_number.strip(), approval_date=decision_date, is_current=True)
    people: dict[str, CommitteeMember] = {}
    for body in sorted(elected, key=lambda b: POSITION_OF_BODY.get(b, (None, 9))[1]):
        if body not in POSITION_OF_BODY:
            continue
        position, rank = POSITION_OF_BODY[body]
        for x in elected[body]:
            key = str(x["member_id"]) if x["member_id"] else search_key(x["name"])
            if key in people:
                continue  # already holds a higher position
            people[key] = CommitteeMember(term=term, member_id=x["member_id"], full_name=x["name"],
                                          sort_key=name_sort_key(x["name"]), position=position, rank=rank,
                                          in_committee=body in COMMITTEE_BODIES)
    CommitteeMember.objects.bulk_create(people.values())
    c.status, c.approval_number, c.approval_date = CongressStatus.APPROVED, decision_number.strip(), decision_date
    c.approval_issuer = issuer.strip() or (parent.name if parent else "")
    c.save(update_fields=["status", "approval_number", "approval_date", "approval_issuer"])
    audit.record("congress.approve", actor=actor, obj=c, org_path=c.org_path,
                 summary=f"Chuẩn y kết quả {c.title}: Quyết định {decision_number} ngày {format_date(decision_date)}",
                 data={"decision_number": decision_number, "decision_date": decision_date, "term": term.pk,
                       "committee": [p.full_name for p in people.values()]})
    return term


# -- meetings -------------------------------------------------------------------------------------------------
@transaction.atomic
def record_meeting(actor, *, organization: Organization, kind: str, held_on: date, title: str = "", agenda: str = "",
                   guests: str = "", minutes: str = "", resolutions: str = "",
                   absences: dict[int, str] | None = None) -> Meeting:
    """A chi bộ meeting or conference: attendance is the members of the organisation as of the date (absences:
    member pk -> reason; everyone else present)."""
    _require_write(actor, organization.path, f"«{organization.name}»")
    if kind not in MeetingKind.values:
        fail("kind", "Loại cuộc họp không hợp lệ.")
    if held_on is None:
        fail("held_on", "Cần ghi ngày họp.")
    if held_on > timezone.localdate():
        fail("held_on", "Ngày họp không được sau hôm nay.")
    if kind == MeetingKind.MONTHLY and Meeting.objects.filter(
            organization=organization, kind=kind, held_on__year=held_on.year, held_on__month=held_on.month).exists():
        fail("held_on", f"Tháng {held_on.month}/{held_on.year} đã có biên bản sinh hoạt thường kỳ.")
    absences = absences or {}
    roster = members_as_of(organization, held_on, statuses=("official", "probationary"),
                           subtree=not organization.is_cell)
    ids = {r["member_id"] for r in roster}
    unknown = set(absences) - ids
    if unknown:
        fail("absences", "Có người vắng không thuộc tổ chức vào ngày họp.")
    m = Meeting.objects.create(organization=organization, org_path=organization.path, kind=kind, held_on=held_on,
                               title=title.strip(), agenda=agenda, guests=guests, minutes=minutes,
                               resolutions=resolutions, created_by=_user(actor))
    MeetingAttendance.objects.bulk_create([
        MeetingAttendance(meeting=m, member_id=r["member_id"], present=r["member_id"] not in absences,
                          reason=(absences.get(r["member_id"]) or "").strip()[:200]) for r in roster])
    audit.record("meeting.record", actor=actor, obj=m, org_path=m.org_path,
                 summary=f"{m.get_kind_display()} {organization.name} ngày {format_date(held_on)}: có mặt "
                         f"{len(roster) - len(absences)}/{len(roster)}",
                 data={"kind": kind, "held_on": held_on, "present": len(roster) - len(absences), "total": len(roster)})
    return m


@transaction.atomic
@transaction.atomic
def set_meeting_attendance(actor, m: Meeting, absences: dict[int, str], *, version: int | None = None) -> int:
    """Correct who was absent (member pk -> reason; everyone else on the meeting's roll present). Audited with
    the names whose attendance changed."""
    from dangbo.core.actions import check_version

    _require_write(actor, m.org_path)
    rows = list(MeetingAttendance.objects.filter(meeting=m).select_related("member"))
    unknown = set(absences) - {a.member_id for a in rows}
    if unknown:
        fail("absences", "Có người vắng không có trong danh sách của cuộc họp.")
    check_version(Meeting, m.pk, version, "Biên bản cuộc họp")
    changed = []
    for a in rows:
        present = a.member_id not in absences
        reason = "" if present else (absences.get(a.member_id) or "").strip()[:200]
        if (a.present, a.reason) != (present, reason):
            a.present, a.reason = present, reason
            a.save(update_fields=["present", "reason"])
            changed.append(a.member.full_name)
    if changed:
        present_n = sum(1 for a in rows if a.present)
        audit.record("meeting.attendance", actor=actor, obj=m, org_path=m.org_path,
                     summary=f"Sửa điểm danh {m}: có mặt {present_n}/{len(rows)}", data={"changed": changed})
    return len(changed)


def update_meeting(actor, m: Meeting, *, version: int | None = None, **fields) -> Meeting:
    from dangbo.core.actions import check_version

    _require_write(actor, m.org_path)
    check_version(Meeting, m.pk, version, "Biên bản cuộc họp")
    allowed = {"title", "agenda", "guests", "minutes", "resolutions"}
    for k, v in fields.items():
        if k in allowed:
            setattr(m, k, v)
    m.save(update_fields=sorted(allowed & set(fields)))
    m.refresh_from_db()
    audit.record("meeting.update", actor=actor, obj=m, org_path=m.org_path, summary=f"Sửa biên bản {m}",
                 data={k: v for k, v in fields.items() if k in allowed})
    return m
