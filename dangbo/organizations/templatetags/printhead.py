"""The head every printed page carries (issue 17): the organisation and its superior, the Party's name, the date
(`{% print_header %}`), and under the page's title the list's conditions in words and the printing date
(`{% print_meta %}`). Both draw templates/includes/print_header.html; static/dangbo/print.css shows them on paper
only. A page may pass `print_head` (core.printing.PrintHead) or `print_filters` (text); otherwise the organisation
is the page's `org`, else the user's top one, and the conditions those of the list's `filter` (a FilterSet)."""

from django import template
from django.utils import timezone

from dangbo.core import printing
from dangbo.organizations.queries import roots

register = template.Library()


def _is_org(value) -> bool:
    return hasattr(value, "path") and hasattr(value, "parent")


def _head(context):
    head = context.get("print_head")
    if head is not None:
        return head
    # The head and the meta line of one page look the organisation up once.
    kept = getattr(context.get("request"), "__dict__", {}).setdefault("_print_heads", {})
    key = (id(context.get("scope")), id(context.get("org")), id(context.get("filter")))
    if key not in kept:
        kept[key] = _found_head(context)
    return kept[key]


def _found_head(context):
    scope = context.get("scope")
    if scope is None:  # not logged in: nothing to head
        return None
    org = context.get("org")
    if not _is_org(org):  # the organisation the list is filtered on, else the user's top one
        values = getattr(context.get("filter"), "values", None) or {}
        org = next((v for v in values.values() if _is_org(v) and scope.can("read", v)), None)
        org = org or scope.top_organization() or roots(scope).order_by("path").first()
    return printing.head_for(org, "", printed_on=timezone.localdate())


@register.inclusion_tag("includes/print_header.html", takes_context=True)
def print_header(context):
    return {"head": _head(context), "part": "head"}


@register.inclusion_tag("includes/print_header.html", takes_context=True)
def print_meta(context):
    filters = context.get("print_filters")
    if filters is None and hasattr(context.get("filter"), "form"):
        filters = printing.filter_words(context["filter"])
    if filters is None and context.get("print_head") is not None:
        filters = context["print_head"].filters or None
    return {"head": _head(context), "part": "meta", "filters": filters}
