"""What is stored or written to a file stays Vietnamese, whatever language the page is in.

Choice labels and verbose names are lazy (gettext_lazy): on an English page they read in English. What goes into
the database, the audit log, an import batch's JSON, an exported or template file, and what file text is matched
against, is the Vietnamese text: build it inside `in_vietnamese` (a decorator) or with `vietnamese(label)`.
"""

from __future__ import annotations

import functools

from django.utils import translation

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
