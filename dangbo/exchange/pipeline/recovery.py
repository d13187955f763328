"""Rolling back a commit that did not finish (see pipeline/commit.py): remove the members it added, put back
the values it changed. Piece by piece (short transactions on SQLite) and idempotent: a rollback that is itself
interrupted goes on from where it stopped the next time."""

from __future__ import annotations

from django.db import transaction

from dangbo.members.bulk import imported_member_ids, restore_dossier, undo_admissions

from ..models import ImportBatch, ImportUndo
from .commit import chunk_rows, history_reason


def roll_back(batch: ImportBatch) -> dict:
    """What the batch wrote, removed; returns {"removed": new members deleted, "restored": members put back}."""
    size = chunk_rows()
    removed = restored = 0
    while ids := imported_member_ids(batch.source, size):
        with transaction.atomic():
            undo_admissions(ids)
        removed += len(ids)
    reason = history_reason(batch)
    while undo := list(ImportUndo.objects.filter(batch=batch).order_by("-id")[:size]):
        with transaction.atomic():
            for u in undo:  # newest first: a member changed twice gets its first value back
                restore_dossier(u.member_id, u.before, reason)
            ImportUndo.objects.filter(pk__in=[u.pk for u in undo]).delete()
        restored += len(undo)
    return {"removed": removed, "restored": restored}
