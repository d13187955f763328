"""A batch's stored file read and previewed again: shared by both importers' commits and the job runner, kept
apart from jobs.py so that no importer imports the runner (importer → jobs → importer was a cycle)."""

from __future__ import annotations

from ..models import ImportBatch
from ..parsing.readers import read_table as read


def read_table(batch: ImportBatch):
    return read(batch.read_file(), batch.file_name)


def preview_again(batch: ImportBatch, preview, actor, *, progress=None):
    """`preview` (the importer of the batch's kind) run on the stored file with the batch's column mapping."""
    pv = preview(read_table(batch), actor=actor, target_org=batch.organization, mapping_override=batch.mapping,
                 progress=progress, kind=batch.kind)
    pv.batch, pv.file_name, pv.file_sha256, pv.file_size = batch, batch.file_name, batch.file_sha256, batch.file_size
    return pv
