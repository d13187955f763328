"""What is stored or written to a file stays Vietnamese, whatever language the page is in.

Choice labels and verbose names are lazy (gettext_lazy): on an English page they read in English. What goes into
the database, the audit log, an import batch's JSON, an exported or template file, and what file text is matched
against, is the Vietnamese text: build it inside `in_vietnamese` (a decorator) or with `vietnamese(label)`.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

from django.utils import translation
from django.utils.functional import Promise, lazy

LANGUAGE = "vi"


def vietnamese(text) -> str:
    """The Vietnamese text of a lazy label (a choice label, a verbose name)."""
    with translation.override(LANGUAGE):
        return str(text)


def in_vietnamese(fn):
    """Run `fn` with Vietnamese active (a fresh override per call: safe in threads and when nested)."""
    @functools.wraps(fn)
    def run(*args, **kwargs):
        with translation.override(LANGUAGE):
            return fn(*args, **kwargs)
    return run


def _built(build) -> str:
    return build()


# One lazy wrapper for every call: `lazy()` builds a proxy class each time it is called (~1 ms), and due work
# formats hundreds of texts on one page.
_lazy_built = lazy(_built, str)


def later(build) -> str:
    """A lazy text: `build()` is called when it is shown, in the reader's language (a refusal built where
    Vietnamese is active, in an action's body, and read on an English page)."""
    return _lazy_built(build)


def formatted(message, **params) -> str:
    """`message % params` (a gettext_lazy text with named placeholders) formatted when shown: for a refusal
    that is not a ValidationError (`ScopeDenied(formatted(_("… %(org)s …"), org=o.name))`)."""
    return later(lambda: str(message) % {k: str(v) if isinstance(v, Promise) else v for k, v in params.items()})


def joined(error, sep: str = "; ") -> str:
    """The messages of a ValidationError joined, when shown (they may be lazy texts with placeholders)."""
    return later(lambda: sep.join(error.messages))


def listed(items, sep: str = ", ") -> str:
    """Labels (lazy or not) joined when shown: «thiếu bước a, b» in the reader's language."""
    return later(lambda: sep.join(str(i) for i in items))


def lowered(text) -> str:
    """A lazy label in lower case, when shown (`Vai trò %(role)s` with the role's label)."""
    return later(lambda: str(text).lower())


class VietnameseLabels(Mapping):
    """{value: Vietnamese label} of a choices class, read on first use (not at import, before translations are
    ready): for exports, templates and anything else written to a file. `blank=False` leaves out the "" value."""

    def __init__(self, choices, *, blank: bool = True):
        self._choices, self._blank = choices, blank

    @functools.cached_property
    def _labels(self) -> dict:
        with translation.override(LANGUAGE):
            return {value: str(label) for value, label in self._choices.choices if self._blank or value}

    def __getitem__(self, value):
        return self._labels[value]

    def __iter__(self):
        return iter(self._labels)

    def __len__(self):
        return len(self._labels)
