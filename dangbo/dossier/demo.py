"""Demo data (issue 14 "must hold"): the Văn phòng's phiếu bổ sung hồ sơ đảng viên of last year, partly returned
(some checked, one applied to the record); a member transferred in from outside whose dossier has not arrived
after 3 months and one whose dossier came in time; a card lost and reissued as a chip card; a dossier lent to the
inspection commission. Written through the actions as a system job."""

from __future__ import annotations

from datetime import date, timedelta

from dangbo.members import actions as member_actions
from dangbo.members.models import Member, MemberEvent, Status
from dangbo.organizations.models import CELL_KINDS, Organization

from . import actions
from .models import Campaign, Supplement

OFFICE_CODE = "VPUBND"


def _free_cccd(head: str) -> str:
    """A CCCD of the demo's province (038), century-and-sex digit and birth year `head`, not yet in the register."""
    n = 104_217
    while Member.objects.filter(citizen_id=f"{head}{n:06d}").exists():
        n += 7919
    return f"{head}{n:06d}"


def _free_card(n: int) -> str:
    """A party card number not yet in the register (a member transferred in brings the card they hold)."""
    while Member.objects.filter(card_number=f"{n:08d}").exists():
        n += 7919
    return f"{n:08d}"


def load(today: date) -> int:
    """Returns the number of phiếu sent (0 when the office is not in the register or the demo ran)."""
    office = Organization.objects.filter(code=OFFICE_CODE).first()
    if office is None or office.is_cell or Campaign.objects.exists():
        return 0
    cells = list(Organization.objects.filter(path__startswith=office.path, kind__in=CELL_KINDS, status="active")
                 .order_by("path"))
    if not cells:
        return 0
    year = today.year - 1
    sent = min(date(year, 12, 1), today)
    c = actions.open_campaign(None, organization=office, year=year, sent_on=sent, due_on=sent + timedelta(days=45),
                              note="Phiếu bổ sung hồ sơ đảng viên năm " + str(year))
    supplements = list(Supplement.objects.filter(campaign=c).select_related("member").order_by("org_path", "id"))
    back = max(sent, min(today, sent + timedelta(days=20)))
    for i, s in enumerate(supplements):
        if i % 3 == 2:
            continue  # about a third not returned
        changes = {"qualification": "Thạc sĩ"} if i == 0 else {}
        actions.return_supplement(None, s, returned_on=back, changes=changes,
                                  note="Khen thưởng: Giấy khen của Đảng ủy" if i == 1 else "")
        if i % 3 == 0:
            s.refresh_from_db()
            actions.check_supplement(None, s, checked_on=back)
            if i == 0:
                s.refresh_from_db()
                actions.apply_supplement(None, s, applied_on=back)

    cell = cells[0]
    late = member_actions.admit_member(
        None, organization=cell, dossier={"full_name": "Lò Thị Hạnh", "birth_date": date(1988, 4, 12), "gender": "F",
                                          "ethnicity": "Thái", "workplace": "Phòng Tổng hợp",
                                          "citizen_id": _free_cccd("038188"), "card_number": _free_card(21_052_188)},
        decision_date=date(2012, 5, 19), ceremony_date=date(2012, 6, 2), transfer_in_date=today - timedelta(days=130),
        decision_number="215-QĐ/ĐU", note="Chuyển đến từ Đảng bộ huyện Mường Lát")
    on_time = member_actions.admit_member(
        None, organization=cell, dossier={"full_name": "Trịnh Văn Quyết", "birth_date": date(1985, 9, 3),
                                          "gender": "M", "workplace": "Phòng Kinh tế ngành",
                                          "citizen_id": _free_cccd("038085"), "card_number": _free_card(19_030_085),
                                          # the dossier came: the record was completed from it
                                          "hometown": "xã Quảng Hòa, huyện Quảng Xương, tỉnh Thanh Hóa",
                                          "residence": "số 12 đường Trần Phú, phường Hạc Thành, tỉnh Thanh Hóa"},
        decision_date=date(2010, 3, 3), ceremony_date=date(2010, 3, 20), transfer_in_date=today - timedelta(days=60),
        decision_number="102-QĐ/ĐU", note="Chuyển đến từ Đảng bộ Sở Tài chính")
    event = on_time.events.filter(kind="transfer_in").get()
    actions.receive_transfer_dossier(None, event, received_on=today - timedelta(days=40))
    assert late.pk  # its dossier stays missing: on "việc cần làm" and in `dangbo dossier check`

    official = list(Member.objects.filter(org_path__startswith=office.path, status=Status.OFFICIAL)
                    .exclude(pk__in=[late.pk, on_time.pk]).order_by("sort_key", "id")[:2])
    if official:
        m = official[0]
        card = actions.issue_card(None, m, series="cu", number=m.card_number or f"{80000000 + m.pk}",
                                  issued_on=m.official_date or date(2015, 1, 1), decision_number="Phát thẻ")
        actions.report_card_lost(None, card, lost_on=today - timedelta(days=90))
        actions.reissue_card(None, card, number=f"{90000000 + m.pk}", issued_on=today - timedelta(days=60),
                             decision_number="Cấp lại thẻ")
    # The past deaths and leavings of the office had their slips made and sent in time.
    for e in MemberEvent.objects.filter(kind__in=list(actions.LEAVING), org_after__path__startswith=office.path,
                                        slip__isnull=True, effective_date__lt=today - timedelta(days=60)):
        slip = actions.make_slip(None, e, made_on=e.effective_date + timedelta(days=3),
                                 number=f"{e.pk % 90 + 1:02d}-PB")
        actions.send_slip(None, slip, sent_on=slip.made_on + timedelta(days=10))
    if len(official) > 1:
        actions.lend_dossier(None, official[1], kind="muon", person="Ủy ban Kiểm tra Đảng ủy",
                             purpose="Xem xét hồ sơ phục vụ kiểm tra", lent_on=today - timedelta(days=10),
                             due_on=today + timedelta(days=20))
    return len(supplements)



