"""Fixtures for the accessibility tests: a real window with a real speaker (espeak-ng into
WAV files), driven by keys only, in front of a real flow Session whose effects are answered
the way the runner would (no backend, no card)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.qt.speech import Speaker, Synthesizer, WavSink
from tests.ui.conftest import make_window  # noqa: F401 - the fixture, shared


@pytest.fixture(scope="session")
def synthesizer() -> Synthesizer:
    return Synthesizer()


@pytest.fixture
def speaker(synthesizer, tmp_path: Path) -> Iterator[Speaker]:
    voice = Speaker(synthesizer, WavSink(tmp_path))
    yield voice
    voice.close()
