"""Commendations: proposed (from the data or by hand) and decided with a decision number and date."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_lazy as _

from dangbo.core import audit
from dangbo.core.actions import audited_action, check_version, fail, writes
from dangbo.rules.text import nfc

from .models import Basis, Commendation, Form, Status


def _denied(org) -> str:
    return _("Bạn không có quyền thay đổi dữ liệu của «%(org)s».") % {"org": org.name}


@audited_action("commendation.propose", scope=writes(lambda organization, **_: organization,
                                                     lambda organization, **_: _denied(organization)))
def propose(actor, *, organization, year: int, form: str, basis: str, member=None, recipient_org=None
            ) -> Commendation:
    if (member is None) == (recipient_org is None):
        fail("member", _("Chọn một cá nhân hoặc một tập thể được đề nghị khen thưởng."))
    if member is not None and not member.org_path.startswith(organization.path):
        fail("member", _("Đảng viên %(name)s không thuộc %(org)s."), name=member.full_name, org=organization.name)
    if recipient_org is not None and not recipient_org.path.startswith(organization.path):
        fail("recipient_org", _("«%(recipient)s» không thuộc %(org)s."), recipient=recipient_org.name,
             org=organization.name)
    if form not in Form.values:
        fail("form", _("Chọn hình thức khen thưởng (Giấy khen, Bằng khen)."))
    if basis not in Basis.values:
        fail("basis", _("Chọn thành tích được khen thưởng."))
    dup = Commendation.objects.filter(year=year, form=form, member=member, recipient_org=recipient_org)
    if dup.exists():
        fail("form", _("Đã có đề nghị khen thưởng này trong năm."))
    c = Commendation.objects.create(organization=organization, org_path=organization.path, year=year, form=form,
                                    basis=basis, member=member, recipient_org=recipient_org)
    audit.record("commendation.propose", actor=actor, obj=c, org_path=organization.path,
                 summary=f"Đề nghị {c.get_form_display()} năm {year} cho {c.recipient_name}",
                 data={"form": form, "basis": basis})
    return c


@audited_action("commendation.decide", scope=writes(lambda commendation, **_: commendation.organization,
                                                    lambda commendation, **_: _denied(commendation.organization)))
def decide(actor, commendation: Commendation, *, decision_number: str, decision_date: date, issuer: str = "",
           version: int | None = None) -> Commendation:
    if not nfc(decision_number).strip():
        fail("decision_number", _("Nhập số quyết định khen thưởng."))
    if decision_date.year < commendation.year:
        fail("decision_date", _("Ngày quyết định phải từ năm %(year)s trở đi."), year=commendation.year)
    check_version(Commendation, commendation.pk, version, _("Đề nghị khen thưởng"))
    Commendation.objects.filter(pk=commendation.pk).update(
        status=Status.DECIDED, decision_number=nfc(decision_number).strip(), decision_date=decision_date,
        issuer=nfc(issuer).strip())
    commendation.refresh_from_db()
    audit.record("commendation.decide", actor=actor, obj=commendation, org_path=commendation.org_path,
                 summary=f"Quyết định {commendation.decision_number} ngày {decision_date:%d/%m/%Y}: "
                         f"{commendation.get_form_display()} cho {commendation.recipient_name}",
                 data={"decision_number": decision_number, "decision_date": decision_date, "issuer": issuer})
    return commendation
