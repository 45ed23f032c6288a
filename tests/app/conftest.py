"""Fixtures for the kiosk's end-to-end tests.

- ``backend`` (from ``tests/conftest.py``): the reference backend in a child process on
  loopback with its own seeded SQLite file (``tests.support.server_proc.Backend``:
  ``stop()``/``start()`` on the same port, ``counts(visit_id)``).
- ``kiosk``: factory building the whole kiosk (``kiosk.app.build_kiosk``) on the REAL
  ``MainWindow``, a journal of its own, the real card reader and watcher on the test's
  private pcscd (``pcscd``/``virtual_card`` from ``tests/conftest.py``); started, and shut
  down cleanly at the end (watcher stopped, background work waited for).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.server_proc import Backend


@pytest.fixture
def kiosk(qtbot: Any, backend: Backend, tmp_path: Path) -> Iterator[Callable[..., Any]]:
    """``kiosk(timing=..., url=..., journal_path=..., window=...)`` -> a started ``Kiosk``."""
    from kiosk.app import backend_config, build_kiosk

    built: list[Any] = []

    def make(*, timing: Any = None, url: str | None = None, journal_path: Path | None = None,
             window: Any = None, **kwargs: Any) -> Any:
        if window is None:
            from kiosk.ui.window import MainWindow

            window = MainWindow()
        qtbot.addWidget(window)
        window.resize(1080, 1920)
        window.show()
        config = backend_config(url or backend.base_url, backend.kiosk_token)
        app = build_kiosk(backend=config, window=window, timing=timing,
                          journal_path=journal_path or tmp_path / "journal.sqlite3", **kwargs)
        built.append(app)
        app.start()
        return app

    try:
        yield make
    finally:
        for app in built:
            app.shutdown()
