"""Every change to the organisation tree: validate, write, audit."""

from django.db.models import F, Max, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangbo.core import audit
from dangbo.core.actions import audited_action, check_version, fail, refuse_formula, writes
from dangbo.core.i18n import formatted, lowered
from dangbo.core.models import PathMove
from dangbo.core.scopes import WRITE, ScopeDenied, require, scope_for
from dangbo.rules import reorganization as level_rules
from dangbo.rules.text import format_date

from .models import (
    STEP,
    Organization,
    OrganizationMove,
    OrgEvent,
    OrgKind,
    OrgLevel,
    OrgStatus,
    allowed_children,
    encode_step,
)


def _next_child_path(parent: Organization | None) -> str:
    """The next free path under `parent`; a path that a moved subtree left behind is never handed out again
    (its audit history stays under that path, see core.PathMove)."""

    prefix = parent.path if parent else ""
    length = len(prefix) + STEP
    qs = Organization.objects.filter(path__startswith=prefix, depth=(parent.depth + 1) if parent else 1)
    last = qs.aggregate(m=Max("path"))["m"]
    moved = [p for p in PathMove.objects.filter(old_path__startswith=prefix).values_list("old_path", flat=True)
             if len(p) == length]
    used = [p for p in [last, *moved] if p]
    n = 0 if not used else max(int(p[-STEP:], 36) for p in used) + 1
    return prefix + encode_step(n)


def _check_parent(kind: str, parent: Organization | None, on=None, level: str = ""):
    if parent is not None and not parent.is_active:
        fail("parent", _("Tổ chức cấp trên «%(name)s» đã ngừng hoạt động."), name=parent.name)
    allowed = allowed_children(parent)
    if kind not in allowed:
        where = (formatted(_("«%(name)s» (%(kind)s)"), name=parent.name, kind=parent.kind_label) if parent
                 else _("cấp cao nhất"))
        fail("kind", _("Không thể đặt %(kind)s trực thuộc %(where)s."), kind=lowered(OrgKind(kind).label),
             where=where)
    _check_level_date(parent, on, "parent")
    if level_rules.level_ended(level, on):
        fail("level", _("Từ ngày %(date)s không còn cấp huyện: không thể thành lập %(level)s."),
             date=format_date(level_rules.DISTRICT_LEVEL_ENDED), level=lowered(OrgLevel(level).label))


def _check_level(kind: str, level: str):
    if level and level not in OrgLevel.values:
        fail("level", _("Cấp «%(level)s» không có trong danh mục."), level=level)
    if level and kind != OrgKind.UPPER:
        fail("level", _("Chỉ đảng bộ cấp trên cơ sở mới ghi cấp (tỉnh, xã, phường, đặc khu…)."))


def _check_level_date(parent: Organization | None, on, field: str):
    """No organisation is placed under a district-level đảng bộ from 01/07/2025 (rules.reorganization)."""
    if parent is not None and parent.kind == OrgKind.UPPER and level_rules.level_ended(parent.level, on):
        fail(field, _("Từ ngày %(date)s không còn cấp huyện: không thể đặt tổ chức trực thuộc «%(name)s» "
                      "(%(level)s) vào ngày %(on)s."),
             date=format_date(level_rules.DISTRICT_LEVEL_ENDED), name=parent.name,
             level=lowered(parent.kind_label), on=format_date(on))


# -- scope checks of the registered actions (dangbo.core.actions.audited_action): run before anything is read
# or written; merge and split check every organisation involved first.
DENIED = _("Bạn không có quyền thay đổi tổ chức này.")


def _require_write(actor, path: str):
    require(actor, WRITE, path, DENIED)


def _founder(actor, parent: Organization | None = None, **_arguments):
    if parent is None:
        if actor is not None and not scope_for(actor).is_admin:
            raise ScopeDenied(_("Chỉ quản trị hệ thống được tạo tổ chức cấp cao nhất."))
    else:
        _require_write(actor, parent.path)


ON_ORG = writes(lambda org, **_arguments: org.path, DENIED)


def _moved(actor, org: Organization, to: Organization, **_arguments):
    """The organisation moved AND the destination, both before the first write."""
    for o in (org, to):
        require(actor, WRITE, o.path, formatted(_("Bạn không có quyền thay đổi «%(name)s»."), name=o.name))


def _all_merged(actor, sources: list[Organization], target: Organization, **_arguments):
    """The target and every source, all before the first write."""
    for org in [target, *sources]:
        _require_write(actor, org.path)


def _all_split(actor, source: Organization, assignments: dict, **_arguments):
    """The source and every organisation receiving members, all before the first write."""
    for org in [source, *{t.pk: t for t in assignments.values()}.values()]:
        _require_write(actor, org.path)


@audited_action("organization.found", scope=_founder)
def found_organization(actor, *, code, name, kind, parent=None, founded_on=None, decision_number="",
                       decision_date=None, issuer="", address="", level="") -> Organization:
    level = (level or "").strip()
    _check_level(kind, level)
    _check_parent(kind, parent, founded_on or decision_date or org_today(), level)
    if Organization.objects.filter(code=code).exists():
        fail("code", _("Mã tổ chức «%(code)s» đã được dùng."), code=code)
    refuse_formula("name", name, _("Tên tổ chức"))
    path = _next_child_path(parent)
    org = Organization.objects.create(code=code, name=name.strip(), kind=kind, level=level, parent=parent,
                                      path=path, depth=len(path) // STEP, founded_on=founded_on, address=address)
    OrgEvent.objects.create(organization=org, kind=OrgEvent.Kind.FOUNDED, effective_date=founded_on or
                            decision_date or org_today(), decision_number=decision_number,
                            decision_date=decision_date, issuer=issuer,
                            created_by=actor if getattr(actor, "pk", None) else None)
    audit.record("organization.found", actor=actor, obj=org, org_path=org.path,
                 summary=f"Thành lập {org.name}", data={"code": code, "kind": kind,
                                                        "parent": parent.code if parent else None})
    return org


def org_today():
    from django.utils import timezone

    return timezone.localdate()


@audited_action("organization.rename", scope=ON_ORG)
def rename_organization(actor, org: Organization, *, name, effective_date, decision_number="",
                        decision_date=None, issuer="", version=None) -> Organization:
    name = name.strip()
    if not name:
        fail("name", _("Tên tổ chức không được để trống."))
    if name == org.name:
        fail("name", _("Tên mới trùng với tên hiện tại."))
    refuse_formula("name", name, _("Tên tổ chức"))
    check_version(Organization, org.pk, version, formatted(_("Tổ chức «%(name)s»"), name=org.name))
    old = org.name
    org.refresh_from_db()
    org.name = name
    org.save(update_fields=["name"])
    OrgEvent.objects.create(organization=org, kind=OrgEvent.Kind.RENAMED, effective_date=effective_date,
                            decision_number=decision_number, decision_date=decision_date, issuer=issuer,
                            data={"old_name": old, "new_name": name},
                            created_by=actor if getattr(actor, "pk", None) else None)
    audit.record("organization.rename", actor=actor, obj=org, org_path=org.path,
                 summary=f"Đổi tên «{old}» thành «{name}»", data={"old": old, "new": name})
    return org


def _move_subtree(org: Organization, new_parent: Organization):
    """Re-root org's subtree under new_parent: one UPDATE on the path prefix."""
    old_path = org.path
    new_path = _next_child_path(new_parent)
    delta = (len(new_path) - len(old_path)) // STEP
    Organization.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)), depth=F("depth") + delta)
    Organization.objects.filter(pk=org.pk).update(parent=new_parent)
    for model, field in _path_copies():
        model.objects.filter(**{f"{field}__startswith": old_path}).update(
            **{field: Concat(Value(new_path), Substr(field, len(old_path) + 1))})
    PathMove.objects.create(old_path=old_path, new_path=new_path, moved_at=timezone.now())
    org.refresh_from_db()
    return old_path


def _path_copies():
    """(model, field) for every copy of an organisation path kept on other rows (members, ratings, congresses,
    documents…): they follow a subtree move. Audit events (hashed) and history snapshots keep theirs."""
    from django.apps import apps

    from dangbo.core.models import AuditEvent

    for model in apps.get_models():
        if model is AuditEvent or model.__name__.startswith("Historical"):
            continue
        for f in model._meta.concrete_fields:
            if f.name in ("org_path", "host_path") and f.get_internal_type() == "CharField":
                yield model, f.name


def _end(org: Organization, status: str, on, successor=None):
    Organization.objects.filter(pk=org.pk).update(status=status, ended_on=on, successor=successor)
    org.refresh_from_db()


def _live_members(org):
    from dangbo.members.models import ACTIVE_STATUSES, Member

    return Member.objects.filter(organization=org, status__in=ACTIVE_STATUSES)


def _check_decision(decision_number: str, decision_date, effective_date):
    if not (decision_number or "").strip():
        fail("decision_number", _("Chưa nhập số quyết định (ví dụ 1788-QĐ/TU)."))
    if effective_date is None:
        fail("effective_date", _("Chưa nhập ngày hiệu lực."))
    if effective_date > org_today():
        fail("effective_date", _("Ngày hiệu lực %(date)s ở tương lai: chỉ ghi việc chuyển khi quyết định đã có "
                                 "hiệu lực."), date=format_date(effective_date))
    if decision_date and decision_date > effective_date:
        fail("decision_date", _("Ngày quyết định %(date)s sau ngày hiệu lực %(effective)s."),
             date=format_date(decision_date), effective=format_date(effective_date))


def _check_move_date(org: Organization, to: Organization, effective_date, field="effective_date"):
    """Not before the founding of either, and not before a later-dated move touching either subtree (the tree as of
    a date is replayed from the moves in date order, so they must be recorded in that order where they meet)."""
    for o in (org, to):
        if o.founded_on and effective_date < o.founded_on:
            fail(field, _("Ngày hiệu lực %(date)s trước ngày thành lập «%(name)s» (%(founded)s)."),
                 date=format_date(effective_date), name=o.name, founded=format_date(o.founded_on))
    for o in (org, to):
        later = [m for m in OrganizationMove.objects.filter(effective_date__gt=effective_date)
                 .select_related("organization")
                 if m.new_path.startswith(o.path) or o.path.startswith(m.new_path)
                 or o.path.startswith(m.old_path)]
        if later:
            m = later[-1]
            fail(field, _("Ngày hiệu lực %(date)s trước lần chuyển «%(name)s» ngày %(moved)s đã ghi: hãy ghi các "
                          "lần chuyển theo thứ tự thời gian."),
                 date=format_date(effective_date), name=m.organization.name, moved=format_date(m.effective_date))


def _subtree_figures(org: Organization, on) -> tuple[int, int]:
    """(organisations existing on `on`, members on the list the day before) of the subtree: what a move on `on`
    carries, by the register's one "as of" rule."""
    from datetime import timedelta

    from .history import existed_q
    from .queries import counts_as_of

    n_orgs = Organization.objects.filter(existed_q(on), path__startswith=org.path).count()
    return n_orgs, counts_as_of([org], on - timedelta(days=1))[org.pk].total


def move_preview(org: Organization, to: Organization, on) -> dict:
    """What a move on `on` would carry: the organisations and members of the subtree, from where to where."""
    n_orgs, n_members = _subtree_figures(org, on)
    return {"organizations": n_orgs, "members": n_members, "from": org.parent, "to": to, "effective_date": on}


def _record_move(actor, org: Organization, to: Organization, kind: str, *, effective_date, decision_number,
                 decision_date, issuer, record) -> OrganizationMove:
    old_parent = org.parent
    n_orgs, n_members = _subtree_figures(org, effective_date)
    old_path = _move_subtree(org, to)
    return OrganizationMove.objects.create(
        organization=org, kind=kind, old_parent=old_parent, new_parent=to, old_path=old_path, new_path=org.path,
        effective_date=effective_date, decision_number=decision_number.strip(), decision_date=decision_date,
        issuer=issuer, record=record, organizations_moved=n_orgs, members_moved=n_members,
        created_by=actor if getattr(actor, "pk", None) else None)


@audited_action("organization.move", scope=_moved)
def move_organization(actor, org: Organization, to: Organization, *, effective_date, decision_number="",
                      decision_date=None, issuer="", record="") -> OrganizationMove:
    """Chuyển giao toàn bộ tổ chức đảng và đảng viên (rules-2025-2026.md §1.3): the subtree of `org` moves under
    `to` on `effective_date` by one decision, with its handover record; its members move with it (no individual
    transfer, no gap in party age) and the tree as of any earlier date stays as it was."""
    _check_decision(decision_number, decision_date, effective_date)
    if not org.is_active:
        fail("org", _("Tổ chức «%(name)s» đã ngừng hoạt động."), name=org.name)
    if not to.is_active:
        fail("to", _("Tổ chức cấp trên mới «%(name)s» đã ngừng hoạt động."), name=to.name)
    if to.pk == org.pk or to.path.startswith(org.path):
        fail("to", _("Không thể chuyển «%(name)s» về trực thuộc chính nó hoặc một tổ chức trực thuộc nó "
                     "(«%(to)s»)."), name=org.name, to=to.name)
    if org.parent_id == to.pk:
        fail("to", _("«%(name)s» đã trực thuộc «%(to)s»."), name=org.name, to=to.name)
    if org.kind not in allowed_children(to):
        fail("to", _("Không thể đặt %(kind)s trực thuộc «%(to)s» (%(to_kind)s)."),
             kind=str(OrgKind(org.kind).label).lower(), to=to.name, to_kind=to.kind_label)
    _check_level_date(to, effective_date, "to")
    _check_move_date(org, to, effective_date)
    old_parent = org.parent
    move = _record_move(actor, org, to, OrganizationMove.Kind.MOVE, effective_date=effective_date,
                        decision_number=decision_number, decision_date=decision_date, issuer=issuer, record=record)
    OrgEvent.objects.create(organization=org, kind=OrgEvent.Kind.MOVED, effective_date=effective_date,
                            decision_number=move.decision_number, decision_date=decision_date, issuer=issuer,
                            note=record, data={"from": old_parent.code if old_parent else None, "to": to.code,
                                               "organizations_moved": move.organizations_moved,
                                               "members_moved": move.members_moved},
                            created_by=move.created_by)
    audit.record("organization.move", actor=actor, obj=org, org_path=org.path,
                 summary=f"Chuyển {org.name} từ {old_parent.name if old_parent else 'cấp cao nhất'} về trực thuộc "
                         f"{to.name} ({move.decision_number})",
                 data={"from": old_parent.code if old_parent else None, "to": to.code,
                       "effective_date": effective_date.isoformat(), "decision": move.decision_number,
                       "old_path": move.old_path, "new_path": move.new_path,
                       "organizations_moved": move.organizations_moved, "members_moved": move.members_moved})
    return move


@audited_action("organization.merge", scope=_all_merged)
def merge_organizations(actor, sources: list[Organization], target: Organization, *, effective_date,
                        decision_number="", decision_date=None, issuer="", record="") -> Organization:
    """Hợp nhất/sáp nhập: members and subordinate organisations of each source move to the target (each
    subordinate organisation's move recorded, so the tree as of an earlier date stays as it was)."""
    from dangbo.members.actions import reorganize_member
    from dangbo.members.models import MemberEvent

    _check_decision(decision_number, decision_date, effective_date)
    if not target.is_active:
        fail("target", _("Tổ chức tiếp nhận «%(name)s» đã ngừng hoạt động."), name=target.name)
    if not sources:
        fail("sources", _("Chưa chọn tổ chức được hợp nhất."))
    for src in sources:
        if src.pk == target.pk:
            fail("sources", _("Tổ chức tiếp nhận không thể đồng thời là tổ chức được hợp nhất."))
        if not src.is_active:
            fail("sources", _("Tổ chức «%(name)s» đã ngừng hoạt động."), name=src.name)
        if target.path.startswith(src.path):
            fail("target", _("Tổ chức tiếp nhận nằm trong «%(name)s»."), name=src.name)
        _check_move_date(src, target, effective_date)
        if MemberEvent.objects.filter(org_after=src, effective_date__gt=effective_date).exists():
            fail("effective_date", _("«%(name)s» đã có sự kiện của đảng viên sau ngày %(date)s."),
                 name=src.name, date=format_date(effective_date))
    _check_level_date(target, effective_date, "target")
    moved = 0
    for src in sources:
        for child in list(src.children.filter(status=OrgStatus.ACTIVE)):
            if child.kind not in allowed_children(target):
                fail("target", _("Không thể đặt %(kind)s «%(name)s» trực thuộc «%(to)s» (%(to_kind)s)."),
                     kind=str(OrgKind(child.kind).label).lower(), name=child.name, to=target.name,
                     to_kind=target.kind_label)
            move = _record_move(actor, child, target, OrganizationMove.Kind.MERGE, effective_date=effective_date,
                                decision_number=decision_number, decision_date=decision_date, issuer=issuer,
                                record=record)
            moved += move.members_moved
        for member in _live_members(src):
            reorganize_member(actor, member, target, effective_date=effective_date,
                              decision_number=decision_number, decision_date=decision_date, issuer=issuer)
            moved += 1
        _end(src, OrgStatus.MERGED, effective_date, successor=target)
        OrgEvent.objects.create(organization=src, kind=OrgEvent.Kind.MERGED, effective_date=effective_date,
                                decision_number=decision_number, decision_date=decision_date, issuer=issuer,
                                note=record, data={"into": target.code})
    ev = OrgEvent.objects.create(organization=target, kind=OrgEvent.Kind.MERGED, effective_date=effective_date,
                                 decision_number=decision_number, decision_date=decision_date, issuer=issuer,
                                 note=record, data={"from": [s.code for s in sources], "members_moved": moved})
    ev.related.set(sources)
    audit.record("organization.merge", actor=actor, obj=target, org_path=target.path,
                 summary=f"Hợp nhất {', '.join(s.name for s in sources)} vào {target.name}",
                 data={"sources": [s.code for s in sources], "members_moved": moved})
    return target


@audited_action("organization.split", scope=_all_split)
def split_organization(actor, source: Organization, assignments: dict, *, effective_date,
                       decision_number="", decision_date=None, issuer="") -> list[Organization]:
    """Chia tách: `assignments` maps each active member of the source to one of the new organisations."""
    from dangbo.members.actions import reorganize_member

    if not source.is_active:
        fail("source", _("Tổ chức «%(name)s» đã ngừng hoạt động."), name=source.name)
    # Like a dissolution: nothing may stay active under an organisation that ends.
    if source.children.filter(status=OrgStatus.ACTIVE).exists():
        fail(None, _("«%(name)s» còn tổ chức trực thuộc đang hoạt động; hãy sắp xếp lại chúng trước khi "
                     "chia tách."), name=source.name)
    if not assignments:
        fail("assignments", _("Chưa chọn tổ chức mới cho đảng viên nào: chia tách phải chuyển đảng viên sang "
                              "ít nhất một tổ chức mới."))
    live = list(_live_members(source))
    missing = [m.full_name for m in live if m.pk not in assignments]
    if missing:
        fail("assignments", _("Chưa chọn tổ chức mới cho: %(names)s"), names=", ".join(missing[:10]))
    targets = {t.pk: t for t in assignments.values()}
    for t in targets.values():
        if not t.is_active or t.pk == source.pk:
            fail("assignments", _("Không thể chuyển đảng viên sang «%(name)s»."), name=t.name)
    for m in live:
        reorganize_member(actor, m, assignments[m.pk], effective_date=effective_date,
                          decision_number=decision_number, decision_date=decision_date, issuer=issuer)
    _end(source, OrgStatus.SPLIT, effective_date)
    ev = OrgEvent.objects.create(organization=source, kind=OrgEvent.Kind.SPLIT, effective_date=effective_date,
                                 decision_number=decision_number, decision_date=decision_date, issuer=issuer,
                                 data={"into": [t.code for t in targets.values()]})
    ev.related.set(targets.values())
    audit.record("organization.split", actor=actor, obj=source, org_path=source.path,
                 summary=f"Chia tách {source.name}", data={"into": [t.code for t in targets.values()]})
    return list(targets.values())


@audited_action("organization.dissolve", scope=ON_ORG)
def dissolve_organization(actor, org: Organization, *, effective_date, decision_number="",
                          decision_date=None, issuer="", reorganized=False) -> Organization:
    """Giải thể; `reorganized`: kết thúc hoạt động in a reorganisation (a Đảng bộ Khối in 2025, rules-2025-2026.md
    §1.2) once its organisations have been moved by decisions, kept apart from a dissolution."""
    if not org.is_active:
        fail(None, _("Tổ chức «%(name)s» đã ngừng hoạt động."), name=org.name)
    if _live_members(org).exists():
        fail(None, _("«%(name)s» còn đảng viên sinh hoạt; hãy chuyển sinh hoạt trước khi giải thể."), name=org.name)
    if org.children.filter(status=OrgStatus.ACTIVE).exists():
        fail(None, _("«%(name)s» còn tổ chức trực thuộc đang hoạt động."), name=org.name)
    _end(org, OrgStatus.ENDED if reorganized else OrgStatus.DISSOLVED, effective_date)
    OrgEvent.objects.create(organization=org, kind=OrgEvent.Kind.ENDED if reorganized else OrgEvent.Kind.DISSOLVED,
                            effective_date=effective_date, decision_number=decision_number,
                            decision_date=decision_date, issuer=issuer)
    audit.record("organization.dissolve", actor=actor, obj=org, org_path=org.path,
                 summary=f"{'Kết thúc hoạt động' if reorganized else 'Giải thể'} {org.name}")
    return org
