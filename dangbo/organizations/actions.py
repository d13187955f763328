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

from .models import ALLOWED_CHILDREN, STEP, Organization, OrgEvent, OrgKind, OrgStatus, encode_step


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


def _check_parent(kind: str, parent: Organization | None):
    if parent is not None and not parent.is_active:
        fail("parent", _("Tổ chức cấp trên «%(name)s» đã ngừng hoạt động."), name=parent.name)
    allowed = ALLOWED_CHILDREN[OrgKind(parent.kind) if parent else None]
    if kind not in allowed:
        where = (formatted(_("«%(name)s» (%(kind)s)"), name=parent.name, kind=OrgKind(parent.kind).label) if parent
                 else _("cấp cao nhất"))
        fail("kind", _("Không thể đặt %(kind)s trực thuộc %(where)s."), kind=lowered(OrgKind(kind).label),
             where=where)


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
                       decision_date=None, issuer="", address="") -> Organization:
    _check_parent(kind, parent)
    if Organization.objects.filter(code=code).exists():
        fail("code", _("Mã tổ chức «%(code)s» đã được dùng."), code=code)
    refuse_formula("name", name, _("Tên tổ chức"))
    path = _next_child_path(parent)
    org = Organization.objects.create(code=code, name=name.strip(), kind=kind, parent=parent, path=path,
                                      depth=len(path) // STEP, founded_on=founded_on, address=address)
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


@audited_action("organization.merge", scope=_all_merged)
def merge_organizations(actor, sources: list[Organization], target: Organization, *, effective_date,
                        decision_number="", decision_date=None, issuer="") -> Organization:
    """Hợp nhất/sáp nhập: members and subordinate organisations of each source move to the target."""
    from dangbo.members.actions import reorganize_member

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
    moved = 0
    for src in sources:
        for child in list(src.children.filter(status=OrgStatus.ACTIVE)):
            _move_subtree(child, target)
        for member in _live_members(src):
            reorganize_member(actor, member, target, effective_date=effective_date,
                              decision_number=decision_number, decision_date=decision_date, issuer=issuer)
            moved += 1
        _end(src, OrgStatus.MERGED, effective_date, successor=target)
        OrgEvent.objects.create(organization=src, kind=OrgEvent.Kind.MERGED, effective_date=effective_date,
                                decision_number=decision_number, decision_date=decision_date, issuer=issuer,
                                data={"into": target.code})
    ev = OrgEvent.objects.create(organization=target, kind=OrgEvent.Kind.MERGED, effective_date=effective_date,
                                 decision_number=decision_number, decision_date=decision_date, issuer=issuer,
                                 data={"from": [s.code for s in sources], "members_moved": moved})
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
                          decision_date=None, issuer="") -> Organization:
    if not org.is_active:
        fail(None, _("Tổ chức «%(name)s» đã ngừng hoạt động."), name=org.name)
    if _live_members(org).exists():
        fail(None, _("«%(name)s» còn đảng viên sinh hoạt; hãy chuyển sinh hoạt trước khi giải thể."), name=org.name)
    if org.children.filter(status=OrgStatus.ACTIVE).exists():
        fail(None, _("«%(name)s» còn tổ chức trực thuộc đang hoạt động."), name=org.name)
    _end(org, OrgStatus.DISSOLVED, effective_date)
    OrgEvent.objects.create(organization=org, kind=OrgEvent.Kind.DISSOLVED, effective_date=effective_date,
                            decision_number=decision_number, decision_date=decision_date, issuer=issuer)
    audit.record("organization.dissolve", actor=actor, obj=org, org_path=org.path,
                 summary=f"Giải thể {org.name}")
    return org
