"""Shared pieces of every action: one transaction, field-named Vietnamese errors, optimistic locking."""

from django.core.exceptions import ValidationError
from django.db import transaction

from dangbo.rules.text import format_date


class ConflictError(ValidationError):
    """The record changed since the user opened it; their input is kept and shown again."""


def fail(field: str | None, message: str):
    raise ValidationError({field: [message]} if field else message)


def check_version(model, pk: int, expected: int | None, label: str):
    """Bump the row's version; refuse if someone else saved it since `expected` was read."""
    qs = model.objects.filter(pk=pk)
    if expected is not None:
        qs = qs.filter(version=expected)
    from django.db.models import F

    if qs.update(version=F("version") + 1) == 0:
        raise ConflictError(
            f"{label} vừa được người khác cập nhật sau khi bạn mở trang. Dữ liệu bạn nhập vẫn còn trên "
            "màn hình; hãy xem lại bản mới nhất rồi lưu lại."
        )


def date_text(d) -> str:
    return format_date(d) if d else "(trống)"


atomic = transaction.atomic
