"""Static files for weak connections (issue 17): compressed, and cached for a year under a name with their hash.

`dangbo serve` collects the static files into `STATIC_ROOT` when they changed since the last collection
(`collect_if_stale`): each file gets a copy named with its content's hash and a gzip copy beside it, and the
manifest maps names to hashed names. WhiteNoise then answers the hashed names with `Cache-Control: max-age=1 year,
immutable` and the gzip copy to a browser that accepts it, so a page's CSS and scripts cross the network once.

Where nothing was collected (tests, `manage.py runserver`), `StaticStorage` gives the plain names, which WhiteNoise
serves from the app folders (`WHITENOISE_USE_FINDERS`) with a short cache time: nothing breaks, only the caching.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from whitenoise.storage import CompressedManifestStaticFilesStorage

STAMP = ".dangbo-static-stamp"


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed names from the manifest once collected; the plain name of a file not collected."""

    manifest_strict = False

    def stored_name(self, name):
        if not self.hashed_files:  # nothing collected: the finders serve the file under its own name
            return name
        try:
            return super().stored_name(name)
        except ValueError:  # a file added since the collection
            return name


def source_fingerprint() -> str:
    """A hash of every static file the finders see (name, size, modification time)."""
    from django.contrib.staticfiles import finders

    digest = hashlib.sha256()
    entries = []
    for finder in finders.get_finders():
        for path, storage in finder.list(None):
            st = os.stat(storage.path(path))
            entries.append(f"{path}\0{st.st_size}\0{st.st_mtime_ns}")
    for entry in sorted(entries):
        digest.update(entry.encode())
    return digest.hexdigest()


def collect_if_stale(force: bool = False) -> bool:
    """Collect (hash and compress) the static files into STATIC_ROOT unless the collection is current.
    Returns whether it collected."""
    from django.conf import settings
    from django.core.management import call_command

    root = Path(settings.STATIC_ROOT)
    stamp = root / STAMP
    fingerprint = source_fingerprint()
    if not force and stamp.exists() and stamp.read_text() == fingerprint:
        return False
    root.mkdir(parents=True, exist_ok=True)
    call_command("collectstatic", interactive=False, verbosity=0, clear=True)
    stamp.write_text(fingerprint)
    return True
