"""Finds the files shipped in ``assets/`` (fonts, icons, styles, translations), frozen or not.

In a PyInstaller build the assets sit under ``sys._MEIPASS/assets``; from a source checkout
they sit next to the ``kiosk`` package. Every room asks this one helper, so a path that works
in the tests also works in the packaged kiosk. Any thread may call it.
"""

from __future__ import annotations

import sys
from pathlib import Path


def assets_dir() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "assets"
    return Path(__file__).resolve().parents[2] / "assets"


def asset(*parts: str) -> Path:
    """The path of one shipped file, e.g. ``asset("fonts", "wqy-microhei.ttc")``.

    Raises ``FileNotFoundError`` naming the missing file, so a broken package says what is missing.
    """
    path = assets_dir().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"asset missing: {path}")
    return path
