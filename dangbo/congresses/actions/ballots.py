"""Counting: each paper ballot entered by two counters (the board chair resolves a disagreement), or per-candidate
totals counted by hand; the board's signature locks the result, a correction is a new version with a reason."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dangbo.core import audit
from dangbo.core.actions import audited_action, fail
from dangbo.rules import elections as rules

from .. import counting
from ..models import BallotEntry, Candidate, Election, ElectionStatus, ResultVersion
from .common import ON_ELECTION, person


def _clean_ids(e: Election, ids, field: str) -> list[int] | None:
    if ids is None:
        return None
    try:
        out = sorted({int(x) for x in ids})
    except (TypeError, ValueError):
        fail(field, _("Mã người trong danh sách không hợp lệ."))
    known = set(Candidate.objects.filter(election=e).values_list("pk", flat=True))
    if set(out) - known:
        fail(field, _("Phiếu có người không có trong danh sách bầu cử."))
    return out


def ballot_reading(e: Election, kept, agree, disagree, issued_by_board, invalid_reason) -> dict:
    with_surplus = e.with_surplus
    if with_surplus and agree is not None:
        fail("kept", _("Danh sách có số dư: nhập những người không bị gạch tên."))
    if not with_surplus and kept is not None:
        agree, kept = kept, None  # a list without surplus: the names kept are the đồng ý column
    if kept is None and agree is None:
        fail("kept", _("Chưa nhập nội dung phiếu."))
    return {"kept": _clean_ids(e, kept, "kept"), "agree": _clean_ids(e, agree, "agree"),
            "disagree": _clean_ids(e, disagree or [], "disagree"), "issued_by_board": bool(issued_by_board),
            "invalid_reason": (invalid_reason or "").strip()[:200]}


@audited_action("election.ballot", scope=ON_ELECTION)
def record_ballot(actor, e: Election, *, number: int, counter: int, kept=None, agree=None, disagree=None,
                  issued_by_board: bool = True, invalid_reason: str = "") -> BallotEntry:
    """One counter's entry of one paper ballot (counter 1 or 2); the two entries must be by different people."""
    e = Election.objects.select_for_update().get(pk=e.pk)
    if e.locked:
        fail(None, _("Ban kiểm phiếu đã ký biên bản: kết quả đã khóa. Điều chỉnh phải ghi thành phiên bản mới."))
    if e.status != ElectionStatus.COUNTING or e.by_totals:
        fail(None, _("Cuộc bầu này chưa ở bước nhập từng phiếu."))
    if counter not in (1, 2):
        fail("counter", _("Người nhập phải là người thứ nhất hoặc thứ hai."))
    if not number or number < 1:
        fail("number", _("Số phiếu phải là số nguyên dương."))
    if e.issued and number > e.issued:
        fail("number", _("Phiếu số %(number)s vượt quá số phiếu phát ra (%(issued)s)."), number=number, issued=e.issued)
    entries = {x.counter: x for x in BallotEntry.objects.filter(election=e, number=number, counter__in=(1, 2))}
    if counter in entries:
        fail("number", _("Phiếu số %(number)s đã được người nhập thứ %(counter)s nhập; nếu nhập nhầm, báo trưởng "
                         "ban kiểm phiếu xử lý."), number=number, counter=counter)
    other = entries.get(3 - counter)
    if other is not None and person(actor) is not None and other.entered_by_id == actor.pk:
        fail("counter", _("Phiếu số %(number)s: hai lần nhập phải do hai người khác nhau thực hiện."), number=number)
    entry = BallotEntry.objects.create(election=e, number=number, counter=counter, entered_by=person(actor),
                                       **ballot_reading(e, kept, agree, disagree, issued_by_board, invalid_reason))
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
                                      revision=(last.revision + 1) if last else 1, entered_by=person(actor),
                                      note=note[:200], **reading)


@audited_action("election.resolve", scope=ON_ELECTION)
def resolve_ballot(actor, e: Election, *, number: int, kept=None, agree=None, disagree=None,
                   issued_by_board: bool = True, invalid_reason: str = "", note: str = "") -> BallotEntry:
    """The board chair's reading of a ballot the two counters read differently (a third, audited entry)."""
    e = Election.objects.select_for_update().get(pk=e.pk)
    if e.locked:
        fail(None, _("Ban kiểm phiếu đã ký biên bản: kết quả đã khóa. Điều chỉnh phải ghi thành phiên bản mới."))
    if not BallotEntry.objects.filter(election=e, number=number).exists():
        fail("number", _("Chưa có ai nhập phiếu số %(number)s."), number=number)
    entry = _chair_entry(actor, e, number, ballot_reading(e, kept, agree, disagree, issued_by_board, invalid_reason),
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
            fail("totals", _("Có người không có trong danh sách bầu cử."))
        try:
            v = int(v)
        except (TypeError, ValueError):
            fail("totals", _("Số phiếu của từng người phải là số nguyên."))
        if v < 0 or v > valid:
            fail("totals", _("Số phiếu của một người (%(votes)s) phải từ 0 đến số phiếu hợp lệ (%(valid)s)."), votes=v,
                 valid=valid)
        out[str(k)] = v
    if valid < 0 or invalid < 0:
        fail("totals_valid", _("Số phiếu hợp lệ, không hợp lệ không được âm."))
    for f in rules.check_figures(counting.engine_election(e), issued=e.issued, returned=valid + invalid,
                                 valid=valid, invalid=invalid, votes=sum(out.values())):
        fail("totals_valid" if f.field in ("returned", "valid") else "totals", f.message)
    return out


@audited_action("election.totals", scope=ON_ELECTION)
def enter_totals(actor, e: Election, *, totals: dict, valid: int, invalid: int) -> Election:
    """Per-candidate totals when the board counted by hand."""
    if e.locked:
        fail(None, _("Ban kiểm phiếu đã ký biên bản: kết quả đã khóa. Điều chỉnh phải ghi thành phiên bản mới."))
    if e.status != ElectionStatus.COUNTING or not e.by_totals:
        fail(None, _("Cuộc bầu này không nhập theo tổng số phiếu."))
    e.totals, e.totals_valid, e.totals_invalid = _clean_totals(e, totals, valid, invalid), valid, invalid
    e.save(update_fields=["totals", "totals_valid", "totals_invalid"])
    audit.record("election.totals", actor=actor, obj=e, org_path=e.org_path, summary=f"{e.title}: nhập tổng số phiếu",
                 data={"totals": e.totals, "valid": valid, "invalid": invalid})
    return e


def _ready_to_sign(e: Election):
    if e.by_totals:
        if e.totals_valid is None:
            fail(None, _("Chưa nhập tổng số phiếu."))
        return
    r = counting.readings(e)
    if r.disagreements:
        fail(None, _("Còn %(count)s phiếu hai người nhập không khớp (số %(numbers)s); trưởng ban kiểm phiếu phải "
                     "xác định."), count=len(r.disagreements),
             numbers=", ".join(map(str, sorted(r.disagreements)[:10])))
    if r.pending:
        fail(None, _("Còn %(count)s phiếu mới có một người nhập (số %(numbers)s)."), count=len(r.pending),
             numbers=", ".join(map(str, sorted(r.pending)[:10])))
    if not r.final:
        fail(None, _("Chưa có phiếu nào được nhập."))


@audited_action("election.sign", scope=ON_ELECTION)
def sign_result(actor, e: Election) -> ResultVersion:
    """The board signs the counting record: the count and the result are locked (version 1)."""
    e = Election.objects.select_for_update().get(pk=e.pk)
    if e.locked:
        fail(None, _("Kết quả đã được ký."))
    if e.status != ElectionStatus.COUNTING:
        fail(None, _("Chưa bắt đầu kiểm phiếu."))
    _ready_to_sign(e)
    result, base = counting.count(e)
    rv = ResultVersion.objects.create(election=e, number=1, data=counting.serialize(result, base, e),
                                      signed_by=person(actor))
    e.status = ElectionStatus.SIGNED
    e.save(update_fields=["status"])
    audit.record("election.sign", actor=actor, obj=e, org_path=e.org_path,
                 summary=f"Ban kiểm phiếu ký biên bản {e.title}: trúng cử "
                         f"{', '.join(x['name'] for x in rv.data['elected']) or 'không ai'}",
                 data={"version": 1, "elected": rv.data["elected"], "valid": rv.data["valid"]})
    return rv


@audited_action("election.correct", scope=ON_ELECTION)
def correct_result(actor, e: Election, *, reason: str, number: int | None = None, kept=None, agree=None,
                   disagree=None, issued_by_board: bool = True, invalid_reason: str = "", totals: dict | None = None,
                   valid: int | None = None, invalid: int | None = None) -> ResultVersion:
    """A correction after signing: a new chair reading of one ballot (or new totals), then a new result version.
    Nothing earlier is overwritten."""
    e = Election.objects.select_for_update().get(pk=e.pk)
    if not e.locked:
        fail(None, _("Kết quả chưa ký: sửa trực tiếp trong bước kiểm phiếu."))
    reason = (reason or "").strip()
    if len(reason) < 5:
        fail("reason", _("Cần ghi lý do điều chỉnh kết quả đã ký."))
    if e.by_totals:
        if totals is None or valid is None or invalid is None:
            fail("totals", _("Cần nhập lại tổng số phiếu."))
        e.totals, e.totals_valid, e.totals_invalid = _clean_totals(e, totals, valid, invalid), valid, invalid
        e.save(update_fields=["totals", "totals_valid", "totals_invalid"])
    else:
        if not number or not BallotEntry.objects.filter(election=e, number=number).exists():
            fail("number", _("Không có phiếu số %(number)s."), number=number)
        _chair_entry(actor, e, number, ballot_reading(e, kept, agree, disagree, issued_by_board, invalid_reason),
                     f"Điều chỉnh sau khi ký: {reason}")
    last = e.results.order_by("-number").first()
    result, base = counting.count(e)
    rv = ResultVersion.objects.create(election=e, number=last.number + 1, data=counting.serialize(result, base, e),
                                      reason=reason, signed_by=person(actor))
    audit.record("election.correct", actor=actor, obj=e, org_path=e.org_path,
                 summary=f"Điều chỉnh kết quả {e.title} (phiên bản {rv.number}): {reason}",
                 data={"version": rv.number, "previous": last.number, "number": number, "reason": reason,
                       "elected_before": last.data["elected"], "elected": rv.data["elected"]})
    return rv
