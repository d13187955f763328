"""Dated Party rules with their legal sources. Pure Python: no Django import anywhere in this package.

Importing the package imports every module, so sources.REGISTRY / all_rules() is complete.
"""

from . import (  # noqa: F401
    admission,
    badges,
    calendar,
    committees,
    discipline,
    documents,
    dossier,
    dues,
    dues_params,
    elections,
    lunar,
    meetings,
    membership,
    quality,
    ratings,
    reorganization,
    sources,
    targets,
    text,
)
from .sources import CONFIRMED, PARTLY_CONFIRMED, REGISTRY, UNCONFIRMED, Source, all_rules, register

__all__ = [
    "CONFIRMED",
    "PARTLY_CONFIRMED",
    "REGISTRY",
    "UNCONFIRMED",
    "Source",
    "admission",
    "all_rules",
    "badges",
    "calendar",
    "documents",
    "dues",
    "dues_params",
    "elections",
    "lunar",
    "meetings",
    "membership",
    "ratings",
    "register",
    "sources",
    "targets",
    "text",
]
