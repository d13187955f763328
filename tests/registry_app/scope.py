"""The throwaway app's routes in the scope proof: /tham-do/<pk>/ names a "probe" (its organisation's pk)."""

KWARGS: dict[str, str] = {}
SEGMENTS = {"tham-do": "probe"}


def make(kind, org, member):
    return org.pk if kind == "probe" else None
