"""What the review's actions share: who may write, the person recorded, the level and points typed, and the
scope checks of actions that a member may also take on their own record."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dangbo.core.actions import fail
from dangbo.core.scopes import WRITE, require, scope_for
from dangbo.rules import ratings as rules

from ..models import Review


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
        fail(field, f"Năm {year} chưa chấm điểm theo thang 100 điểm (từ năm 2025).")
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
        fail(None, f"Đợt kiểm điểm của {label} đã kết thúc.")
    if not rating.rated:
        fail(None, f"{label} không thuộc diện xếp loại: {rating.not_rated_reason}")
    if rating.is_locked:
        fail(None, f"Kết quả của {label} đã được quyết định; chỉ cấp trên có thể hủy để làm lại.")


def member_or_writer(member_id, path, denied: str):
    """Scope check: the member themself (their own record), else a writer of `path(**arguments)`."""
    def check(actor, **arguments):
        if actor is not None and scope_for(actor).own_member_id == member_id(**arguments):
            return
        require(actor, WRITE, path(**arguments), denied)
    return check
