"""Fixtures shared by the exchange tests."""

import os
import shutil

import pytest


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture
def soffice():
    exe = _soffice()
    if exe is None:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("CI is set but LibreOffice (soffice) is not installed: "
                        "apt-get install libreoffice-calc-nogui (scripts/test does it)")
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui")
    return exe
