"""A congress from its particulars to the upper level's chuẩn y: the convened list (drawn from the register as
of the opening date, or typed delegates), attendance, and the approval that makes the new term current."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_lazy as _

from dangbo.core import audit
from dangbo.core.actions import audited_action, fail, unchanged
from dangbo.core.scopes import WRITE, ScopeDenied, scope_for
from dangbo.organizations.committee_actions import start_term_memberships
from dangbo.organizations.models import CommitteeChange, Organization, Position, Term, TermOrigin
from dangbo.organizations.queries import deciding_body
from dangbo.rules import elections as rules
from dangbo.rules.text import Text, format_date, name_sort_key, nfc, search_key

from .. import counting
from ..models import (
    Congress,
    CongressContent,
    CongressKind,
    CongressStatus,
    Convened,
    DelegateKind,
    Election,
    ElectionStatus,
    UpperDelegate,
)
from ..roster import draw_convened
from .common import IN_ORGANIZATION, ON_CONGRESS, ON_CONGRESS_NAMED


def _check_particulars(organization, congress, ordinal, term_start, term_end, opened_on, closed_on, quorum,
                       tie_rule):
    """The checks a congress's particulars pass when it is created and whenever they are corrected."""
    if not ordinal or ordinal < 1:
        fail("ordinal", _("Lần thứ của đại hội phải là số nguyên dương."))
    if term_end <= term_start:
        fail("term_end", _("Năm kết thúc nhiệm kỳ phải sau năm bắt đầu."))
    if opened_on is None:
        fail("opened_on", _("Chưa nhập ngày khai mạc."))
    if closed_on and closed_on < opened_on:
        fail("closed_on", _("Ngày bế mạc không được trước ngày khai mạc."))
    try:
        rules.regime_for(opened_on)
    except ValueError as exc:
        fail("opened_on", str(exc))
    if quorum not in ("", "1/2", "2/3"):
        fail("quorum", _("Tỷ lệ có mặt tối thiểu không hợp lệ."))
    if tie_rule not in (rules.TIE_NEXT_ROUND, rules.TIE_CONGRESS_DECIDES):
        fail("tie_rule", _("Cách xử lý bằng phiếu không hợp lệ."))
    same = Congress.objects.filter(organization=organization, ordinal=ordinal)
    if congress is not None:
        same = same.exclude(pk=congress.pk)
    if same.exists():
        fail("ordinal", _("%(org)s đã có đại hội lần thứ %(ordinal)s."), org=organization.name, ordinal=ordinal)


@audited_action("congress.create", scope=IN_ORGANIZATION)
def create_congress(actor, *, organization: Organization, kind: str, ordinal: int, term_start: int, term_end: int,
                    opened_on: date, closed_on: date | None = None, place: str = "", quorum: str = "",
                    tie_rule: str = rules.TIE_NEXT_ROUND) -> Congress:
    if kind not in CongressKind.values:
        fail("kind", _("Hình thức đại hội không hợp lệ."))
    _check_particulars(organization, None, ordinal, term_start, term_end, opened_on, closed_on, quorum, tie_rule)
    c = Congress.objects.create(organization=organization, org_path=organization.path, kind=kind, ordinal=ordinal,
                                term_start=term_start, term_end=term_end, opened_on=opened_on, closed_on=closed_on,
                                place=place.strip(), quorum=quorum, tie_rule=tie_rule)
    n = draw_convened(c) if kind == CongressKind.MEMBERS else 0
    audit.record("congress.create", actor=actor, obj=c, org_path=c.org_path, summary=f"Lập {c.title}",
                 data={"kind": kind, "opened_on": opened_on, "convened": n})
    return c


@audited_action("congress.update", scope=ON_CONGRESS_NAMED)
def update_congress(actor, c: Congress, *, ordinal: int, term_start: int, term_end: int, opened_on: date,
                    closed_on: date | None = None, place: str = "", quorum: str = "",
                    tie_rule: str = rules.TIE_NEXT_ROUND) -> Congress:
    """Correct a congress's particulars. Before counting starts everything but the kind may change (a new
    opening date redraws the convened list, which is taken as of that date); afterwards only the closing
    date and the place, which the record prints."""
    started = Election.objects.filter(congress=c).exclude(status=ElectionStatus.DRAFT).exists()
    before = {"ordinal": c.ordinal, "term_start": c.term_start, "term_end": c.term_end, "opened_on": c.opened_on,
              "closed_on": c.closed_on, "place": c.place, "quorum": c.quorum, "tie_rule": c.tie_rule}
    after = {"ordinal": ordinal, "term_start": term_start, "term_end": term_end, "opened_on": opened_on,
             "closed_on": closed_on, "place": place.strip(), "quorum": quorum, "tie_rule": tie_rule}
    changed = {k: v for k, v in after.items() if before[k] != v}
    if started and set(changed) - {"closed_on", "place"}:
        fail(None, _("Đã bắt đầu kiểm phiếu: chỉ sửa được ngày bế mạc và địa điểm."))
    _check_particulars(c.organization, c, ordinal, term_start, term_end, opened_on, closed_on, quorum, tie_rule)
    if not changed:
        return unchanged(c)
    for k, v in after.items():
        setattr(c, k, v)
    c.save()
    redrawn = None
    if "opened_on" in changed and c.kind == CongressKind.MEMBERS:
        Convened.objects.filter(congress=c).delete()
        redrawn = draw_convened(c)
    audit.record("congress.update", actor=actor, obj=c, org_path=c.org_path, summary=f"Sửa thông tin {c.title}",
                 data={"changed": {k: [before[k], v] for k, v in changed.items()}, "convened_redrawn": redrawn})
    return c


def _require_preparing(c: Congress):
    if Election.objects.filter(congress=c).exclude(status=ElectionStatus.DRAFT).exists():
        fail(None, _("Đã bắt đầu kiểm phiếu: không thay đổi danh sách triệu tập được nữa."))


@audited_action("congress.redraw", scope=ON_CONGRESS)
def redraw_convened(actor, c: Congress) -> int:
    if c.kind != CongressKind.MEMBERS:
        fail(None, _("Đại hội đại biểu: danh sách đại biểu được nhập, không lấy từ danh sách đảng viên."))
    _require_preparing(c)
    Convened.objects.filter(congress=c).delete()
    n = draw_convened(c)
    audit.record("congress.redraw", actor=actor, obj=c, org_path=c.org_path,
                 summary=f"Lập lại danh sách triệu tập {c.title}: {n} đảng viên chính thức", data={"convened": n})
    return n


@audited_action("congress.delegates", scope=ON_CONGRESS)
def set_delegates(actor, c: Congress, text: str) -> int:
    """Delegate congress: one official delegate a line, «Họ và tên; đơn vị»."""
    if c.kind != CongressKind.DELEGATES:
        fail("delegates", _("Chỉ đại hội đại biểu mới nhập danh sách đại biểu."))
    _require_preparing(c)
    rows = []
    for i, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        name, _sep, unit = (p.strip() for p in line.partition(";"))
        if len(name) < 3:
            fail("delegates", _("Dòng %(row)s: họ và tên đại biểu không hợp lệ."), row=i)
        rows.append(Convened(congress=c, full_name=name, sort_key=name_sort_key(name), unit=unit))
    if not rows:
        fail("delegates", _("Danh sách đại biểu trống."))
    Convened.objects.filter(congress=c).delete()
    Convened.objects.bulk_create(rows)
    audit.record("congress.delegates", actor=actor, obj=c, org_path=c.org_path,
                 summary=f"Nhập {len(rows)} đại biểu chính thức cho {c.title}", data={"delegates": len(rows)})
    return len(rows)


@audited_action("congress.attendance", scope=ON_CONGRESS)
def set_attendance(actor, c: Congress, changes: dict[int, dict]) -> int:
    """changes: convened pk -> {"present": bool, "absence_approved": bool, "absence_reason": str}."""
    if Election.objects.filter(congress=c, status=ElectionStatus.COUNTING).exists():
        fail("attendance", _("Đang kiểm phiếu: điểm danh lại sau khi ban kiểm phiếu ký biên bản."))
    rows = {r.pk: r for r in Convened.objects.filter(congress=c, pk__in=list(changes))}
    changed = 0
    for pk, ch in changes.items():
        r = rows.get(pk)
        if r is None:
            fail("attendance", _("Có người không thuộc danh sách triệu tập của đại hội này."))
        present = bool(ch.get("present"))
        approved = bool(ch.get("absence_approved")) and not present
        reason = (ch.get("absence_reason") or "").strip() if not present else ""
        if approved and not reason:
            fail("attendance", _("Đồng chí %(name)s: cần ghi lý do vắng được chấp nhận."), name=r.full_name)
        if (r.present, r.absence_approved, r.absence_reason) != (present, approved, reason):
            r.present, r.absence_approved, r.absence_reason = present, approved, reason
            r.save(update_fields=["present", "absence_approved", "absence_reason"])
            changed += 1
    base = counting.base_of(c)
    audit.record("congress.attendance", actor=actor, obj=c, org_path=c.org_path,
                 summary=f"Điểm danh {c.title}: có mặt {base.present}/{base.convened}",
                 data={"changed": changed, "present": base.present, "convened": base.convened})
    return changed


def refuse_while_paused(c: Congress):
    """Elections stopped awaiting the upper level's direction: nothing is elected until they resume."""
    if c.status == CongressStatus.PAUSED:
        fail(None, _("Việc bầu cử đang tạm dừng, chờ ý kiến cấp trên (%(reason)s): ghi ý kiến chỉ đạo của cấp trên "
                     "để tiếp tục."), reason=c.pause_reason)


@audited_action("congress.pause", scope=ON_CONGRESS)
def pause_elections(actor, c: Congress, *, reason: str) -> Congress:
    """Stop the elections «Tạm dừng, chờ ý kiến cấp trên»: e.g. the person the approved personnel plan names as
    bí thư (phó bí thư, chủ nhiệm ủy ban kiểm tra) was not elected, and the new committee must ask the upper
    level's standing committee for direction (rules.md 2A.4, PARTLY CONFIRMED)."""
    c = Congress.objects.select_for_update().get(pk=c.pk)
    if c.status not in (CongressStatus.PREPARING, CongressStatus.HELD):
        fail(None, _("Chỉ tạm dừng được đại hội đang chuẩn bị hoặc đang bầu cử (hiện: %(status)s)."),
             status=c.get_status_display())
    reason = nfc((reason or "").strip())
    if len(reason) < 5:
        fail("reason", _("Cần ghi lý do tạm dừng (ví dụ: đồng chí dự kiến làm bí thư không trúng cử)."))
    c.paused_from, c.status, c.pause_reason = c.status, CongressStatus.PAUSED, reason[:500]
    c.version += 1
    c.save(update_fields=["paused_from", "status", "pause_reason", "version"])
    audit.record("congress.pause", actor=actor, obj=c, org_path=c.org_path,
                 summary=f"Tạm dừng bầu cử {c.title}, chờ ý kiến cấp trên: {reason}",
                 data={"reason": reason, "from": c.paused_from,
                       "source": rules.REGISTRY["elections.planned_not_elected"].document})
    return c


@audited_action("congress.resume", scope=ON_CONGRESS)
def resume_elections(actor, c: Congress, *, direction: str) -> Congress:
    """Resume the elections with the upper level's direction (its document or what it said), recorded."""
    c = Congress.objects.select_for_update().get(pk=c.pk)
    if c.status != CongressStatus.PAUSED:
        fail(None, _("Việc bầu cử không ở trạng thái tạm dừng."))
    direction = nfc((direction or "").strip())
    if len(direction) < 5:
        fail("direction", _("Cần ghi ý kiến chỉ đạo của cấp trên (số văn bản hoặc nội dung)."))
    reason = c.pause_reason
    c.status, c.pause_reason, c.paused_from = c.paused_from or CongressStatus.HELD, "", ""
    c.version += 1
    c.save(update_fields=["status", "pause_reason", "paused_from", "version"])
    audit.record("congress.resume", actor=actor, obj=c, org_path=c.org_path,
                 summary=f"Tiếp tục bầu cử {c.title} theo ý kiến cấp trên: {direction}",
                 data={"direction": direction, "paused_for": reason, "status": c.status})
    return c


# -- elections and lists -----------------------------------------------------------------------------------------

POSITION_OF_BODY = {
    rules.BI_THU: (Position.SECRETARY, 0), rules.PHO_BI_THU: (Position.DEPUTY, 1),
    rules.BAN_THUONG_VU: (Position.STANDING, 2), rules.CAP_UY: (Position.COMMITTEE, 3),
    rules.CHI_UY: (Position.COMMITTEE, 3), rules.CHU_NHIEM_UBKT: (Position.INSPECTION_CHAIR, 4),
    rules.UY_BAN_KIEM_TRA: (Position.INSPECTION, 5),
}
COMMITTEE_BODIES = {rules.CAP_UY, rules.CHI_UY, rules.BAN_THUONG_VU, rules.BI_THU, rules.PHO_BI_THU}
# The elections each content of a congress holds (CT 45; rules-2025-2026.md §1.5): a congress that does not elect the
# new committee elects none of its bodies either (the level above appoints the ban chấp hành, ban thường vụ, bí thư,
# phó bí thư and ủy ban kiểm tra); one that does not elect delegates elects no delegate to the upper congress.
CONTENT_BODIES = {CongressContent.COMMITTEE.value: COMMITTEE_BODIES | {rules.UY_BAN_KIEM_TRA, rules.CHU_NHIEM_UBKT},
                  CongressContent.DELEGATES.value: {rules.DAI_BIEU}}


def refuse_content_not_held(c: Congress, body: str):
    """An election for a content the congress does not hold (CT 45: 3 or 2 contents) is refused, naming the
    content and who decides instead."""
    if not c.contents:  # not recorded: the four contents
        return
    for content, bodies in CONTENT_BODIES.items():
        if body in bodies and content not in c.contents:
            fail("body", _("Đại hội không có nội dung «%(what)s» (đại hội %(n)s nội dung, Chỉ thị 45-CT/TW): không "
                           "lập cuộc bầu %(body)s; cấp ủy cấp trên trực tiếp chỉ định."),
                 what=CongressContent(content).label, n=len(c.contents),
                 body=Text(rules.BODY_LABELS[body]).lower())


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


def _upper_level(actor, c, **arguments):
    """Scope check of the chuẩn y: a writer of the organisation above the congress's."""
    parent = deciding_body(c.organization)
    if actor is not None:
        scope = scope_for(actor)
        if not (scope.is_admin or (parent is not None and scope.can(WRITE, parent))):
            raise ScopeDenied(_("Chỉ cấp ủy cấp trên (người có quyền cập nhật tổ chức cấp trên) "
                                "mới ghi quyết định chuẩn y."))


@audited_action("congress.approve", scope=_upper_level)
def approve_congress(actor, c: Congress, *, decision_number: str, decision_date: date, issuer: str = "") -> Term:
    """The upper level's chuẩn y: the new term, committee and positions become current in the register."""
    parent = deciding_body(c.organization)
    c = Congress.objects.select_for_update().get(pk=c.pk)
    if c.status == CongressStatus.APPROVED:
        fail(None, _("Đại hội đã được chuẩn y."))
    refuse_while_paused(c)
    if not (decision_number or "").strip():
        fail("decision_number", _("Cần ghi số quyết định chuẩn y."))
    if decision_date is None or decision_date < c.opened_on:
        fail("decision_date", _("Ngày chuẩn y không được trước ngày khai mạc đại hội."))
    unsigned = [e.title for e in c.elections.all() if not e.locked]
    if unsigned:
        fail(None, _("Còn cuộc bầu chưa ký biên bản: %(elections)s."), elections=", ".join(unsigned))
    elected = elected_by_body(c)
    if not any(elected.get(b) for b in COMMITTEE_BODIES):
        fail(None, _("Chưa có kết quả bầu cấp ủy hoặc bí thư để chuẩn y."))
    Term.objects.filter(organization=c.organization, is_current=True).update(is_current=False)
    term = Term.objects.create(organization=c.organization, org_path=c.org_path, ordinal=c.ordinal,
                               start_year=c.term_start, end_year=c.term_end, congress_id=c.pk,
                               approval_number=decision_number.strip(), approval_date=decision_date, is_current=True,
                               approval_issuer=issuer.strip() or (parent.name if parent else ""),
                               origin=TermOrigin.ELECTED)
    people: dict[str, dict] = {}
    for body in sorted(elected, key=lambda b: POSITION_OF_BODY.get(b, (None, 9))[1]):
        if body not in POSITION_OF_BODY:
            continue
        position, _rank = POSITION_OF_BODY[body]
        for x in elected[body]:
            key = str(x["member_id"]) if x["member_id"] else "name:" + nfc(x["name"])  # Tú and Tư are two people
            if key in people:
                continue  # already holds a higher position
            people[key] = {"member_id": x["member_id"], "full_name": x["name"], "position": position,
                           "in_committee": body in COMMITTEE_BODIES}
    start_term_memberships(term, list(people.values()), kind=CommitteeChange.Kind.ELECTED,
                           effective_date=decision_date, decision_number=decision_number, decision_date=decision_date,
                           issuer=term.approval_issuer, actor=actor)
    c.status, c.approval_number, c.approval_date = CongressStatus.APPROVED, decision_number.strip(), decision_date
    c.approval_issuer = issuer.strip() or (parent.name if parent else "")
    c.save(update_fields=["status", "approval_number", "approval_date", "approval_issuer"])
    audit.record("congress.approve", actor=actor, obj=c, org_path=c.org_path,
                 summary=f"Chuẩn y kết quả {c.title}: Quyết định {decision_number} ngày {format_date(decision_date)}",
                 data={"decision_number": decision_number, "decision_date": decision_date, "term": term.pk,
                       "committee": [p["full_name"] for p in people.values()]})
    return term


@audited_action("congress.contents", scope=ON_CONGRESS)
def set_contents(actor, c: Congress, contents: list[str]) -> Congress:
    """Which of the four contents the congress held (CT 45; rules-2025-2026.md §1.5): 4, 3 (no committee elected) or
    2 (neither the committee nor the delegates elected: the level above appoints them)."""
    from dangbo.rules.committees import CONTENTS, contents_findings

    held = [x for x in CONTENTS if x in set(contents or [])]
    problems = contents_findings(list(contents or []))
    if problems:
        fail("contents", problems[0])
    if c.contents and set(held) == set(c.contents):
        return unchanged(c)
    skipped = [x for x in CONTENTS if x not in held]
    for what in skipped:
        if c.elections.filter(body__in=CONTENT_BODIES.get(what, ())).exists():
            fail("contents", _("Đại hội đã có cuộc bầu cho nội dung «%(what)s»: không bỏ nội dung này được."),
                 what=CongressContent(what).label)
    c.contents = held
    c.save(update_fields=["contents"])
    audit.record("congress.contents", actor=actor, obj=c, org_path=c.org_path,
                 summary=f"Nội dung {c.title}: {len(held)} nội dung", data={"contents": held})
    return c


DELEGATE_KIND_WORDS = {"bau": DelegateKind.ELECTED, "bầu": DelegateKind.ELECTED,
                       "chi dinh": DelegateKind.APPOINTED, "chỉ định": DelegateKind.APPOINTED,
                       "duong nhien": DelegateKind.EX_OFFICIO, "đương nhiên": DelegateKind.EX_OFFICIO}


@audited_action("congress.upper_delegates", scope=ON_CONGRESS)
def set_upper_delegates(actor, c: Congress, text: str, *, decision_number: str = "", decision_date=None,
                        issuer: str = "") -> int:
    """The delegates to the upper congress that were not elected at this congress's signed election, or all of them
    for a congress entered from paper: one a line, «Họ và tên; bầu | chỉ định | đương nhiên; chính thức | dự khuyết;
    đơn vị». Appointed ones carry the upper level's decision (CT 45). An empty text clears the list."""
    rows = []
    for i, line in enumerate((text or "").splitlines(), 1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(";")]
        name = " ".join(parts[0].split())
        if len(name) < 3:
            fail("delegates", _("Dòng %(row)s: họ và tên đại biểu không hợp lệ."), row=i)
        word = search_key(parts[1]) if len(parts) > 1 and parts[1] else "chi dinh"
        kind = DELEGATE_KIND_WORDS.get(word)
        if kind is None:
            fail("delegates", _("Dòng %(row)s: hình thức «%(word)s» không hợp lệ (bầu, chỉ định hoặc đương nhiên)."),
                 row=i, word=parts[1])
        status = search_key(parts[2]) if len(parts) > 2 and parts[2] else "chinh thuc"
        if status not in ("chinh thuc", "du khuyet"):
            fail("delegates", _("Dòng %(row)s: «%(word)s» không hợp lệ (chính thức hoặc dự khuyết)."), row=i,
                 word=parts[2])
        if kind == DelegateKind.APPOINTED and not (decision_number or "").strip():
            fail("decision_number", _("Dòng %(row)s: đại biểu chỉ định cần số quyết định của cấp trên."), row=i)
        rows.append(UpperDelegate(congress=c, org_path=c.org_path, full_name=name, sort_key=name_sort_key(name),
                                  kind=kind, alternate=status == "du khuyet", unit=parts[3] if len(parts) > 3 else "",
                                  decision_number=(decision_number or "").strip() if kind != DelegateKind.ELECTED
                                  else "", decision_date=decision_date if kind != DelegateKind.ELECTED else None,
                                  issuer=(issuer or "").strip() if kind != DelegateKind.ELECTED else "", rank=i))
    names = [r.full_name for r in rows]  # exact names: «Tú» and «Tư» are two people
    dup = next((n for n in names if names.count(n) > 1), None)
    if dup:
        fail("delegates", _("Đồng chí %(name)s có tên hai lần trong danh sách."), name=dup)
    UpperDelegate.objects.filter(congress=c).delete()
    UpperDelegate.objects.bulk_create(rows)
    counts = {k.value: sum(1 for r in rows if r.kind == k) for k in DelegateKind}
    audit.record("congress.upper_delegates", actor=actor, obj=c, org_path=c.org_path,
                 summary=f"Đại biểu dự đại hội cấp trên của {c.title}: {len(rows)}", data=counts)
    return len(rows)
