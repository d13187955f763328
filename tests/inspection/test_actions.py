"""The inspection actions: scope in and out, the rules they apply, the transfer refusal (294 point 6.3.1), the
discipline written in the register and linked, complaints, the figures and the due work."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from dangbo.core.models import AuditEvent
from dangbo.inspection import actions, queries
from dangbo.members import actions as member_actions
from dangbo.members.models import Discipline, EventKind, Status

from .conftest import conclude

pytestmark = pytest.mark.django_db


def open_for(actor, org, member, **kw):
    args = {"body": "chi_bo" if org.is_cell else "ubkt", "kind": "kiem_tra", "basis": "dau_hieu",
            "content": "Nội dung", "decision_number": "1-QĐ", "decision_date": date(2025, 3, 2), "signer": "Bí thư",
            "team_leader": "Phó bí thư", "period_from": date(2025, 3, 3), "period_to": date(2025, 3, 20),
            "subject_member": member}
    args.update(kw)
    return actions.open_inspection(actor, organization=org, **args)


def test_open_in_and_out_of_scope(tree, members, users, inspection):
    assert inspection.org_path == tree.root.path and inspection.subject_name == "Nguyễn Văn Mến"
    assert AuditEvent.objects.filter(action="inspection.open").count() == 1
    i = open_for(users.secretary, tree.a, members.lan)  # a chi bộ inspects its own member
    assert i.body == "chi_bo"
    with pytest.raises(PermissionDenied):
        open_for(users.secretary_b, tree.a, members.lan)
    with pytest.raises(PermissionDenied):
        open_for(users.secretary, tree.root, members.men)  # the đảng ủy's body is not the chi bộ's to record


def test_open_refuses_bad_input(tree, members, users):
    with pytest.raises(ValidationError) as e:
        open_for(users.office, tree.a, members.dung)
    assert "không sinh hoạt trong «Chi bộ Văn phòng»" in str(e.value)
    with pytest.raises(ValidationError) as e:
        open_for(users.office, tree.root, members.men, body="chi_bo")
    assert "chọn cấp ủy hoặc ủy ban kiểm tra" in str(e.value)
    with pytest.raises(ValidationError) as e:
        open_for(users.office, tree.root, members.men, kind="giam_sat")
    assert "khi có dấu hiệu vi phạm thì tiến hành kiểm tra" in str(e.value)
    with pytest.raises(ValidationError) as e:
        open_for(users.office, tree.root, members.men, period_from=date(2025, 3, 1))
    assert "trước ngày quyết định" in str(e.value)
    with pytest.raises(ValidationError) as e:
        actions.open_inspection(users.office, organization=tree.root, body="ubkt", kind="kiem_tra", basis="dau_hieu",
                                subject_org=tree.root, content="x", decision_number="1", decision_date=date(2025, 3, 2),
                                signer="x", team_leader="x", period_from=date(2025, 3, 3), period_to=date(2025, 3, 4))
    assert "không phải tổ chức đảng cấp dưới" in str(e.value)


def test_conclusion_rules_and_scope(users, inspection):
    with pytest.raises(PermissionDenied):
        conclude(users.secretary, inspection)
    with pytest.raises(ValidationError) as e:
        actions.conclude_inspection(users.office, inspection, concluded_on=date(2025, 4, 10), conclusion="x",
                                    violation_found=True)
    assert "vi phạm, khuyết điểm" in str(e.value)
    with pytest.raises(ValidationError) as e:
        actions.conclude_inspection(users.office, inspection, concluded_on=date(2025, 4, 10), conclusion="x",
                                    violation_found=False, discipline_required=True)
    assert "Chỉ thi hành kỷ luật khi kết luận có vi phạm" in str(e.value)
    i = conclude(users.office, inspection)
    assert not i.is_open and i.version == 2
    with pytest.raises(ValidationError, match="đã kết luận"):
        conclude(users.office, inspection)


def test_transfer_refused_while_under_inspection(tree, members, users, inspection):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as e:
        member_actions.record_event(users.office, members.men, EventKind.TRANSFER, effective_date=today,
                                    to_organization=tree.b)
    msg = str(e.value)
    assert "Chưa chuyển sinh hoạt đảng chính thức" in msg and "05-QĐ/UBKT" in msg and "6.3.1" in msg
    with pytest.raises(ValidationError, match="đang bị kiểm tra"):
        member_actions.record_event(users.office, members.men, EventKind.TRANSFER_OUT, effective_date=today,
                                    external_place="Tỉnh ủy Hà Tĩnh")
    # A temporary transfer is not a chuyển sinh hoạt chính thức: allowed.
    member_actions.record_event(users.office, members.men, EventKind.TEMPORARY, effective_date=today,
                                to_organization=tree.b, end_date=today + timedelta(days=90))
    member_actions.record_event(users.office, members.men, EventKind.TEMPORARY_END, effective_date=today)
    conclude(users.office, inspection, violation=False)
    member_actions.record_event(users.office, members.men, EventKind.TRANSFER, effective_date=today,
                                to_organization=tree.b)
    members.men.refresh_from_db()
    assert members.men.organization_id == tree.b.pk


def test_a_supervision_does_not_block_a_transfer(tree, members, users):
    open_for(users.office, tree.root, members.men, kind="giam_sat", basis="chuyen_de")
    member_actions.record_event(users.office, members.men, EventKind.TRANSFER, effective_date=timezone.localdate(),
                                to_organization=tree.b)


def test_pending_denunciation_blocks_the_transfer_until_settled(tree, members, users):
    c = actions.receive_complaint(users.office, organization=tree.root, body="ubkt", kind="to_cao",
                                  received_on=date(2025, 5, 2), sender="Ông A", member=members.dung, content="Tố cáo")
    with pytest.raises(ValidationError, match="giải quyết tố cáo nhận ngày 02/05/2025"):
        member_actions.record_event(users.office, members.dung, EventKind.TRANSFER,
                                    effective_date=timezone.localdate(), to_organization=tree.a)
    with pytest.raises(PermissionDenied):
        actions.settle_complaint(users.secretary_b, c, settled_on=date(2025, 6, 2), outcome="sai", result="x")
    with pytest.raises(ValidationError, match="Chọn kết quả"):
        actions.settle_complaint(users.office, c, settled_on=date(2025, 6, 2), outcome="giu_nguyen", result="x")
    actions.settle_complaint(users.office, c, settled_on=date(2025, 6, 2), outcome="sai", result="Không có cơ sở")
    member_actions.record_event(users.office, members.dung, EventKind.TRANSFER, effective_date=timezone.localdate(),
                                to_organization=tree.a)


def test_discipline_after_inspection_is_written_in_the_register_and_linked(tree, members, users, inspection):
    with pytest.raises(ValidationError, match="kết luận có vi phạm"):
        actions.discipline_after(users.office, inspection, member=members.men, form="khien_trach",
                                 decider="chi_bo", decided_on=date(2025, 4, 20), decision_number="1-QĐ/CB")
    conclude(users.office, inspection)
    kw = {"member": members.men, "decided_on": date(2025, 4, 20), "decision_number": "1-QĐ/CB"}
    with pytest.raises(ValidationError, match="Chi bộ không có thẩm quyền quyết định cách chức"):
        actions.discipline_after(users.office, inspection, form="cach_chuc", decider="chi_bo",
                                 announced_on=date(2025, 4, 20), **kw)
    with pytest.raises(ValidationError, match="nhập ngày công bố"):
        actions.discipline_after(users.office, inspection, form="khien_trach", decider="chi_bo", **kw)
    with pytest.raises(ValidationError, match="không sinh hoạt|của đảng viên Nguyễn Văn Mến"):
        actions.discipline_after(users.office, inspection, form="khien_trach", decider="chi_bo",
                                 announced_on=date(2025, 4, 19), **{**kw, "member": members.lan})
    with pytest.raises(PermissionDenied):
        actions.discipline_after(users.secretary, inspection, form="khien_trach", decider="chi_bo",
                                 announced_on=date(2025, 4, 19), **kw)
    link = actions.discipline_after(users.office, inspection, form="khien_trach", decider="chi_bo",
                                    announced_on=date(2025, 4, 19), **kw)
    d = Discipline.objects.get(member=members.men)
    assert link.discipline == d and d.decider == "chi_bo" and d.effective_on == date(2025, 4, 19)
    assert link.effective_on == date(2025, 4, 19)
    assert set(AuditEvent.objects.filter(action__in=["inspection.discipline", "member.discipline"])
               .values_list("action", flat=True)) == {"inspection.discipline", "member.discipline"}


def test_probationary_forms_and_expulsion(tree, members, users):
    i = open_for(users.office, tree.root, members.hoa)
    conclude(users.office, i)
    with pytest.raises(ValidationError, match="Đảng viên dự bị chỉ bị kỷ luật"):
        actions.discipline_after(users.office, i, member=members.hoa, form="cach_chuc", decider="dang_uy",
                                 decided_on=date(2025, 4, 20), decision_number="2-QĐ/ĐU")
    # The register's own action applies the same rule.
    with pytest.raises(ValidationError, match="Đảng viên dự bị chỉ bị kỷ luật"):
        member_actions.record_discipline(users.office, members.hoa, form="cach_chuc", decided_on=date(2025, 4, 20))
    j = open_for(users.office, tree.root, members.dung, decision_number="2-QĐ")
    conclude(users.office, j)
    link = actions.discipline_after(users.office, j, member=members.dung, form="khai_tru", decider="dang_uy",
                                    decided_on=date(2025, 4, 21), decision_number="3-QĐ/ĐU")
    members.dung.refresh_from_db()
    assert members.dung.status == Status.EXPELLED and link.expulsion.kind == EventKind.EXPULSION
    assert link.expulsion.effective_date == date(2025, 4, 21)
    from dangbo.core.scopes import scope_for

    f = queries.figures(scope_for(users.office), tree.root.path, 2025)
    assert f["disciplined"] == {"members": 1, "by_form": {"khien_trach": 0, "canh_cao": 0, "cach_chuc": 0,
                                                          "khai_tru": 1}}


def test_complaint_window_and_annulment(tree, members, users, inspection):
    conclude(users.office, inspection)
    link = actions.discipline_after(users.office, inspection, member=members.men, form="canh_cao",
                                    decider="ubkt", decided_on=date(2025, 4, 20), decision_number="4-QĐ/UBKT")
    late = actions.receive_complaint(users.office, organization=tree.root, body="ubkt", kind="khieu_nai",
                                     received_on=date(2025, 5, 21), sender="Nguyễn Văn Mến", content="Xin xem xét lại",
                                     discipline=link.discipline)
    assert late.in_time is False and late.member == members.men
    actions.settle_complaint(users.office, late, settled_on=date(2025, 6, 1), outcome="huy", result="Hủy quyết định")
    link.discipline.refresh_from_db()
    assert link.discipline.annulled_on == date(2025, 6, 1)
    from dangbo.core.scopes import scope_for

    assert queries.figures(scope_for(users.office), tree.root.path, 2025)["disciplined"]["members"] == 0
    on_time = actions.receive_complaint(users.office, organization=tree.root, body="ubkt", kind="to_cao",
                                        received_on=date(2025, 5, 20), sender="B", subject_org=tree.a, content="x")
    assert on_time.in_time and on_time.member is None


def test_programme(tree, users):
    p = actions.create_programme(users.office, organization=tree.root, body="ubkt", year=2025,
                                 adopted_on=date(2024, 12, 20), document="01-CTr/UBKT")
    with pytest.raises(ValidationError, match="Đã có chương trình"):
        actions.create_programme(users.office, organization=tree.root, body="ubkt", year=2025,
                                 adopted_on=date(2025, 1, 2))
    with pytest.raises(PermissionDenied):
        actions.create_programme(users.secretary, organization=tree.root, body="cap_uy", year=2025,
                                 adopted_on=date(2025, 1, 2))
    with pytest.raises(ValidationError, match="không lập trước"):
        actions.add_programme_item(users.office, p, kind="kiem_tra", basis="dau_hieu", subject="x", content="y")
    item = actions.add_programme_item(users.office, p, kind="giam_sat", basis="chuyen_de", subject="Chi bộ A",
                                      content="Đảng phí", quarter=2)
    with pytest.raises(PermissionDenied):
        actions.add_programme_item(users.secretary, p, kind="giam_sat", basis="chuyen_de", subject="x", content="y")
    i = actions.open_inspection(users.office, organization=tree.root, body="ubkt", kind="giam_sat", basis="chuyen_de",
                                subject_org=tree.a, content="Đảng phí", decision_number="7-QĐ",
                                decision_date=date(2025, 4, 2), signer="x", team_leader="y",
                                period_from=date(2025, 4, 3), period_to=date(2025, 4, 30), programme_item=item)
    assert i.programme_item == item
    with pytest.raises(ValidationError, match="khác loại"):
        open_for(users.office, tree.root, None, subject_org=tree.a, subject_member=None, programme_item=item)


def test_figures_and_due_work(tree, members, users, inspection, office_scope):
    from dangbo.members.queries import due_work

    open_for(users.office, tree.root, None, subject_org=tree.b, subject_member=None, kind="giam_sat",
             basis="chuyen_de", decision_number="8-QĐ")
    conclude(users.office, inspection)
    actions.discipline_after(users.office, inspection, member=members.men, form="khien_trach", decider="ubkt",
                             decided_on=timezone.localdate(), decision_number="9-QĐ/UBKT")
    f = queries.figures(office_scope, tree.root.path, 2025)
    assert f["kiem_tra"]["total"] == 1 and f["kiem_tra"]["members"] == 1 and f["kiem_tra"]["with_violations"] == 1
    assert f["giam_sat"]["total"] == 1 and f["giam_sat"]["organizations"] == 1 and f["giam_sat"]["concluded"] == 0
    this_year = queries.figures(office_scope, tree.root.path, timezone.localdate().year)
    assert this_year["disciplined"] == {"members": 1, "by_form": {"khien_trach": 1, "canh_cao": 0, "cach_chuc": 0,
                                                                  "khai_tru": 0}}
    kinds = {i.kind: i for i in due_work(office_scope, timezone.localdate())}
    late = kinds["inspection_conclusion"]
    assert late.overdue and late.member.full_name == "Chi bộ Tổng hợp" and late.link.startswith("/kiem-tra/")
    assert kinds["discipline_complaint"].member == members.men and not kinds["discipline_complaint"].overdue
    from dangbo.core.scopes import scope_for

    assert not [i for i in due_work(scope_for(users.secretary_b), timezone.localdate())
                if i.kind.startswith("inspection")]


def test_the_forms_follow_the_status_on_the_decision_day(tree, make_member, users):
    """Official today, probationary when the decision was taken: cách chức is refused for that day."""
    m = make_member(tree.a, "Hồ Văn Tâm", decision_date=date(2023, 3, 2), ceremony_date=date(2023, 3, 12))
    assert m.status == Status.OFFICIAL
    with pytest.raises(ValidationError, match="Đảng viên dự bị chỉ bị kỷ luật"):
        member_actions.record_discipline(users.office, m, form="cach_chuc", decided_on=date(2023, 9, 1))
    d = member_actions.record_discipline(users.office, m, form="cach_chuc", decided_on=date(2024, 9, 1))
    assert d.effective_on is None and d.takes_effect_on == date(2024, 9, 1)  # no decider: the decision's date


def test_refusals_in_the_readers_language(tree, members, users):
    """The outcomes offered by a refusal are choice labels lowered and listed when the message is read."""
    from django.utils import translation

    from dangbo.inspection.models import DENUNCIATION_OUTCOMES, Outcome

    c = actions.receive_complaint(users.office, organization=tree.root, body="ubkt", kind="to_cao",
                                  received_on=date(2025, 5, 2), sender="Ông A", member=members.dung, content="Tố cáo")
    with pytest.raises(ValidationError) as e:
        actions.settle_complaint(users.office, c, settled_on=date(2025, 6, 2), outcome="giu_nguyen", result="x")
    for language, template in (("vi", "Chọn kết quả: {}."), ("en", "Choose the outcome: {}.")):
        with translation.override(language):
            labels = ", ".join(str(Outcome(o).label).lower() for o in sorted(DENUNCIATION_OUTCOMES))
            assert e.value.messages == [template.format(labels)]
    with translation.override("en"):
        assert "Tố cáo" not in e.value.messages[0]
