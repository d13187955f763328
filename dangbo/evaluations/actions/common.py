"""What the review's actions share: who may write, the person recorded, the level and points typed, and the
scope checks of actions that a member may also take on their own record."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from dangbo.core.actions import fail
from dangbo.core.scopes import WRITE, require, scope_for
from dangbo.rules import ratings as rules

from ..models import Review


def later(text) -> str:
    """`text()` computed when shown, in the reader's language (a choice label, another refusal's messages inside a
    refusal), although the action's body runs in Vietnamese."""
    return lazy(text, str)()


def lower(label) -> str:
    return later(lambda: str(label).lower())


def row_error(message, who, **params) -> ValidationError:
    """One row's refusal among many: `message` (gettext_lazy, with `%(who)s`) read when shown."""
    return ValidationError(message, params={"who": who, **params})


def can_write(actor, path: str) -> bool:
    return actor is None or scope_for(actor).can(WRITE, path)


def person(actor):
    """The user to store on a row (None for a system job)."""
    return actor if getattr(actor, "pk", None) else None


def parse_level(value, field: str) -> rules.Level:
    try:
        return rules.Level(int(value))
    except (TypeError, ValueError):
        fail(field, _("Mức xếp loại không hợp lệ."))


def parse_points(value, regime, year: int, field: str = "self_points") -> int | None:
    """A 100-point total (QĐ 366 + HD 43, from 2025); refused for the years before."""
    if value in (None, ""):
        return None
    if not regime.uses_scores:
        fail(field, _("Năm %(year)s chưa chấm điểm theo thang 100 điểm (từ năm 2025)."), year=year)
    try:
        points = int(value)
    except (TypeError, ValueError):
        fail(field, _("Điểm phải là số nguyên từ 0 đến 100."))
    if not 0 <= points <= 100:
        fail(field, _("Điểm phải từ 0 đến 100."))
    return points


def require_open(rating, label: str):
    """A rating still open to self-assessment and proposals."""
    if rating.review.status != Review.Status.OPEN:
        fail(None, _("Đợt kiểm điểm của %(who)s đã kết thúc."), who=label)
    if not rating.rated:
        fail(None, _("%(who)s không thuộc diện xếp loại: %(reason)s"), who=label, reason=rating.not_rated_reason)
    if rating.is_locked:
        fail(None, _("Kết quả của %(who)s đã được quyết định; chỉ cấp trên có thể hủy để làm lại."), who=label)


def member_or_writer(member_id, path, denied):
    """Scope check: the member themself (their own record), else a writer of `path(**arguments)` (`denied`: the
    refusal, a lazy text read in the reader's language)."""
    def check(actor, **arguments):
        if actor is not None and scope_for(actor).own_member_id == member_id(**arguments):
            return
        require(actor, WRITE, path(**arguments), str(denied))
    return check
