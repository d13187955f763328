"""A small table component: columns with Vietnamese headers, sorting only by whitelisted keys.

Each app's `tables.py` declares its tables; the list view orders the rows by the sort the user picked
(`?sap_xep=ngay` or `?sap_xep=-ngay`), always ending with the primary key so the keyset pager has a unique
position; an unknown key falls back to the default order instead of reaching the database.
The row cells stay in the app's template (links, badges and printable markup differ per list);
`includes/table_head.html` renders the header row with its sort links.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

SORT = "sap_xep"


@dataclass(frozen=True)
class Column:
    header: str
    sort: tuple[str, ...] = ()  # model fields this column orders by (ascending); empty: not sortable
    key: str = ""  # the value of ?sap_xep= for this column
    css: str = ""


class Table:
    """Subclass with `columns`, `default` (ordering fields, ending in a unique one), `empty` (the text of an
    empty list)."""

    columns: tuple[Column, ...] = ()
    default: tuple[str, ...] = ("-id",)
    empty: str = _("Không có dữ liệu.")
    numbered: bool = False  # a first STT column numbering the rows across pages

    def __init__(self, request):
        self.params = request.GET.copy()
        raw = request.GET.get(SORT, "")
        self.sort_key = raw.lstrip("-")
        self.descending = raw.startswith("-")
        self.sorted_by = self.by_key.get(self.sort_key)
        if self.sorted_by is None:
            self.sort_key, self.descending = "", False

    @property
    def by_key(self) -> dict[str, Column]:
        return {c.key: c for c in self.columns if c.key and c.sort}

    @property
    def order(self) -> tuple[str, ...]:
        """The ordering for the query: the chosen column (then the pk), or the default."""
        if self.sorted_by is None:
            return self.default
        sign = "-" if self.descending else ""
        return tuple(f"{sign}{f}" for f in self.sorted_by.sort) + (f"{sign}id",)

    @property
    def width(self) -> int:
        return len(self.columns) + (1 if self.numbered else 0)

    def headers(self) -> list[dict]:
        """For the template: each column's header, its sort link (None if not sortable) and sort state."""
        out = []
        for c in self.columns:
            link, state = None, ""
            if c.key and c.sort:
                params = self.params.copy()
                # A new order starts the list again from the first page.
                for k in ("after", "tu"):
                    params.pop(k, None)
                active = c.key == self.sort_key
                params[SORT] = f"-{c.key}" if active and not self.descending else c.key
                link = params.urlencode()
                state = ("desc" if self.descending else "asc") if active else ""
            out.append({"header": c.header, "link": link, "state": state, "css": c.css})
        return out


class AuditTable(Table):
    default = ("-seq",)
    empty = _("Không có bản ghi nào.")
    columns = (Column("#"), Column(_("Thời điểm")), Column(_("Người thực hiện")), Column(_("Thao tác")),
               Column(_("Nội dung")))
