"""Keyset pagination for every list page: no list stops silently at 200 or 500 rows, and page 1,000 costs what
page 1 does (ARCHITECTURE.md decision 10).

A page is asked for with `?after=<cursor>&tu=<number of its first row>`; the cursor holds the ordering values
of the previous page's last row (base64 JSON, opaque to the user). The ordering must end in a unique field
(the primary key), so two rows never share a position.
"""

import base64
import json
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q

PAGE_SIZE = 50
AFTER = "after"  # the cursor parameter
START = "tu"  # the row number (STT) of the page's first row


@dataclass
class Page:
    """One page of a list, with the query strings of the first and the next page (filters kept)."""

    rows: list
    start: int = 1
    next_query: str = ""
    first_query: str = ""
    paged: bool = False
    extra: dict = field(default_factory=dict)

    def numbered(self):
        """(STT, row) pairs, the numbering running on across pages."""
        return list(enumerate(self.rows, self.start))

    def context(self) -> dict:
        """The names the list templates use (includes/pager.html)."""
        return {"rows": self.rows, "page": self, "next_query": self.next_query, "first_query": self.first_query,
                "paged": self.paged}


def _start(request) -> int:
    raw = request.GET.get(START, "1")
    # A bookmark may carry any number; an absurd one only shifts the numbering, it never fails.
    return int(raw) if raw.isdigit() and 0 < len(raw) < 10 and int(raw) > 0 else 1


def page_of(request, fetch, *, size: int = PAGE_SIZE) -> Page:
    """The page `request` asks for: `fetch(cursor, size)` returns (rows, cursor of the next page or "")."""
    rows, nxt = fetch(request.GET.get(AFTER, ""), size)
    start = _start(request)
    params = request.GET.copy()
    for k in (AFTER, START):
        params.pop(k, None)
    first_query = params.urlencode()
    next_query = ""
    if nxt:
        params[AFTER] = nxt
        params[START] = str(start + len(rows))
        next_query = params.urlencode()
    return Page(rows, start, next_query, first_query, paged=bool(request.GET.get(AFTER)))


class Keyset:
    """Ordering fields ("-issued_on", "-id") and the filter that starts a page after a given row."""

    def __init__(self, *order: str):
        if not order:
            raise ValueError("a keyset needs at least one ordering field")
        self.order = order

    @staticmethod
    def _name(o: str) -> str:
        return o.lstrip("-")

    def values(self, obj) -> list:
        """The row's values of the ordering fields (a related one, "member__sort_key", through its objects)."""
        out = []
        for o in self.order:
            value = obj
            for part in self._name(o).split("__"):
                value = getattr(value, part)
            out.append(value)
        return out

    def _field(self, model, name: str):
        *path, last = name.split("__")
        for part in path:
            model = model._meta.get_field(part).related_model
        return model._meta.get_field(last)

    def encode(self, obj) -> str:
        raw = json.dumps(self.values(obj), cls=DjangoJSONEncoder, ensure_ascii=False)
        return base64.urlsafe_b64encode(raw.encode()).decode()

    def decode(self, model, cursor: str) -> list | None:
        """The cursor's values as the fields' Python types; None for a cursor this list did not make."""
        try:
            raw = json.loads(base64.urlsafe_b64decode(cursor.encode()).decode())
            if not isinstance(raw, list) or len(raw) != len(self.order):
                return None
            return [self._field(model, self._name(o)).to_python(v) for o, v in zip(self.order, raw, strict=True)]
        except (ValueError, UnicodeDecodeError, ValidationError, TypeError, OverflowError):
            return None

    def after_q(self, values: list) -> Q:
        """Rows strictly after `values` in this order: (a > x) or (a = x and b > y) or …"""
        q = Q(pk__in=[])
        equal = Q()
        for o, v in zip(self.order, values, strict=True):
            name = self._name(o)
            beyond = Q(**{f"{name}__lt" if o.startswith("-") else f"{name}__gt": v})
            q |= equal & beyond
            equal &= Q(**{name: v})
        return q

    def fetch(self, qs):
        """A `fetch(cursor, size)` for page_of over `qs` in this order."""
        def fetch(cursor: str, size: int):
            page_qs = qs.order_by(*self.order)
            if cursor:
                values = self.decode(qs.model, cursor)
                if values is not None:
                    page_qs = page_qs.filter(self.after_q(values))
            rows = list(page_qs[: size + 1])
            nxt = self.encode(rows[size - 1]) if len(rows) > size else ""
            return rows[:size], nxt

        return fetch


def keyset_page(request, qs, order, *, size: int = PAGE_SIZE) -> Page:
    """`qs` ordered by `order` (a tuple ending in a unique field), the page the request asks for."""
    return page_of(request, Keyset(*order).fetch(qs), size=size)
