"""The register's transfer actions ask here (core.registry `transfer_guard`) whether a member may be transferred:
not while under inspection or while a complaint or denunciation about them is being settled (294 point 6.3.1)."""

from __future__ import annotations

from . import queries


def transfer_blocks(member) -> list[str]:
    return queries.blocks_for(member)
