"""Shared pieces of every action: the registered-action decorator, field-named Vietnamese errors, optimistic
locking.

`audited_action(code, scope=...)` makes an action one transaction that first runs its scope check and must
write exactly one audit event of its declared type (its Vietnamese label comes from the app registry,
dangbo.core.registry; `check_registered_actions` refuses an unknown type, as a Django system check and in
tests/core/test_registered_actions.py). Like Zulip's do_* functions with AuditLogEventType.
"""

from __future__ import annotations

import functools
import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import translation
from django.utils.translation import gettext_lazy

from dangbo.rules.spreadsheet import formula_like
from dangbo.rules.text import format_date

from . import audit, cached
from .i18n import LANGUAGE
from .scopes import READ, WRITE, require


class ConflictError(ValidationError):
    """The record changed since the user opened it; their input is kept and shown again."""


class AuditRuleBroken(RuntimeError):
    """A registered action wrote no audit event, several, or one of a type it did not declare (a bug: the
    transaction is rolled back)."""


def fail(field: str | None, message: str, **params):
    """Refuse with `message` on `field` (None: the whole form). With `params`, `message` is a gettext_lazy text
    with named placeholders, formatted when shown: in the reader's language, although the action's body runs in
    Vietnamese (`fail("member", _("Đảng viên %(name)s …"), name=m.full_name)`)."""
    error = ValidationError(message, params=params) if params else message
    raise ValidationError({field: [error]} if field else error)


def refuse_formula(field: str, value, label) -> None:
    """Refuse a name a spreadsheet would read as a formula (rules.spreadsheet.NAME_MESSAGE, in the reader's
    language); `label` names the field (`_("Tên tổ chức")`)."""
    if formula_like((value or "").lstrip(" ")):
        fail(field, gettext_lazy("%(label)s không được bắt đầu bằng dấu = + - @ (bảng tính sẽ hiểu là công thức); "
                                 "đã nhập «%(value)s»."), label=label, value=value)


def check_version(model, pk: int, expected: int | None, label: str):
    """Bump the row's version; refuse if someone else saved it since `expected` was read."""
    qs = model.objects.filter(pk=pk)
    if expected is not None:
        qs = qs.filter(version=expected)
    if qs.update(version=F("version") + 1) == 0:
        raise ConflictError(
            gettext_lazy("%(label)s vừa được người khác cập nhật sau khi bạn mở trang. Dữ liệu bạn nhập vẫn còn "
                         "trên màn hình; hãy xem lại bản mới nhất rồi lưu lại."), params={"label": label})


def date_text(d) -> str:
    return format_date(d) if d else "(trống)"


atomic = transaction.atomic


# -- scope checks of registered actions ---------------------------------------------------------------------
# A check is called as check(actor, **arguments): the action's arguments by name, defaults applied.
ScopeCheck = Callable[..., None]


def needs(action: str, target: Callable, denied: str | Callable | None = None) -> ScopeCheck:
    """`scopes.require(actor, action, target(**arguments), message)`; `denied` may be built from the arguments."""
    def check(actor, **arguments):
        message = denied(**arguments) if callable(denied) else denied
        require(actor, action, target(**arguments), message)
    check.describe = f"{action} {getattr(target, '__name__', '')}"
    return check


def writes(target: Callable, denied: str | Callable | None = None) -> ScopeCheck:
    return needs(WRITE, target, denied)


def reads(target: Callable, denied: str | Callable | None = None) -> ScopeCheck:
    return needs(READ, target, denied)


def writes_chosen(missing: str, denied: str) -> ScopeCheck:
    """Write scope on the `organization` an action is given (chosen on a form): none chosen is refused with
    `missing` on that field, else `denied` (formatted with `org`) unless the actor writes there."""
    def check(actor, organization=None, **_):
        if organization is None:
            fail("organization", missing)
        require(actor, WRITE, organization.path, denied.format(org=organization))
    check.describe = "write organization"
    return check


def per_row(reason: str) -> ScopeCheck:
    """For an action over many rows that checks each row's scope in its body (`reason` says where)."""
    def check(actor, **arguments):
        return None
    check.describe = f"per row: {reason}"
    return check


def unchanged(result):
    """`return unchanged(result)` from a registered action that found nothing to change and wrote nothing: the
    one case where it records no audit event."""
    audit.note_unchanged()
    return result


@dataclass(frozen=True)
class RegisteredAction:
    name: str
    audit_types: tuple[str, ...]


REGISTERED: list[RegisteredAction] = []


def audited_action(audit_type: str | tuple[str, ...], *, scope: ScopeCheck, reading: bool = False,
                   touches=None):
    """Register an action `fn(actor, ...)`: one transaction, `scope(actor, **arguments)` first, then the body,
    which must call `audit.record` exactly once with one of `audit_type` (else AuditRuleBroken, rolled back), or
    return `unchanged(result)` having written nothing. The body runs in Vietnamese: a lazy label it stores or
    puts in a summary is the Vietnamese text, never the English of an English page.
    Actions called inside it are checked on their own.
    `reading`: the action only records that something was read (a record's sensitive fields, a report produced);
    it leaves the register as it was, so the cached figures stay (else every record opened would count them all
    again). `touches(**arguments)`: the paths of every organisation whose figures the action may change, read
    before it runs; only their regions' cached figures are counted again (core/cached.py). Without it, all are."""
    types = (audit_type,) if isinstance(audit_type, str) else tuple(audit_type)

    def register(fn):
        signature = inspect.signature(fn)

        @functools.wraps(fn)
        def run(*args, **kwargs):
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            with transaction.atomic():
                scope(**bound.arguments)
                touched = None if touches is None or reading else list(touches(**bound.arguments))
                # What the body stores (summaries, notes, data built from choice labels) is Vietnamese
                # whatever the page's language (core/i18n.py).
                with audit.collecting() as written, translation.override(LANGUAGE):
                    result = fn(*args, **kwargs)
                if written == [audit.UNCHANGED]:
                    return result
                if len(written) != 1 or written[0] not in types:
                    raise AuditRuleBroken(f"{fn.__module__}.{fn.__qualname__} wrote audit events {written}; "
                                          f"a registered action writes exactly one of {types}")
                if not reading:
                    cached.renew_on_commit(touched)  # the cached figures (core/cached.py) are built again
            return result

        run.audit_types = types
        run.scope_check = scope
        REGISTERED.append(RegisteredAction(f"{fn.__module__}.{fn.__qualname__}", types))
        return run

    return register


def check_registered_actions(app_configs=None, **kwargs) -> list:
    """Django system check: every registered action's audit type has a label in the app registry."""
    from django.core.checks import Error

    from .registry import action_modules, audit_types

    for module in action_modules():
        importlib.import_module(module)
    labels = audit_types()
    return [Error(f"{a.name}: audit type {code!r} has no Vietnamese label in any app's audit_types",
                  id="dangbo.E001") for a in REGISTERED for code in a.audit_types if code not in labels]
