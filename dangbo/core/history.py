"""Field history (django-simple-history) as readable rows: who changed which field, from what to what."""

from django.utils.translation import gettext

from dangbo.rules.text import format_date


def field_history(obj, labels: dict, hidden=()):
    """simple_history records of obj, newest first, each with its changed fields (old -> new)."""
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[:100])
    out = []
    for i, rec in enumerate(records):
        prev = records[i + 1] if i + 1 < len(records) else None
        changes = []
        if prev is not None:
            delta = rec.diff_against(prev)
            for c in delta.changes:
                if c.field not in labels:
                    continue
                if c.field in hidden:
                    changes.append((labels[c.field], "•••", "•••"))
                else:
                    changes.append((labels[c.field], display_value(rec, c.field, c.old),
                                    display_value(rec, c.field, c.new)))
        if changes or prev is None:
            out.append({"record": rec, "changes": changes, "created": prev is None})
    return out


def display_value(rec, field_name, value):
    if value is None or value == "":
        return gettext("(trống)")
    field = rec._meta.get_field(field_name)
    if getattr(field, "choices", None):
        return dict(field.choices).get(value, value)
    if hasattr(value, "year") and hasattr(value, "month") and not hasattr(value, "hour"):
        return format_date(value)
    if field.is_relation:
        try:
            return str(field.related_model.objects.get(pk=value))
        except (field.related_model.DoesNotExist, ValueError, TypeError):
            return str(value)
    return str(value)
