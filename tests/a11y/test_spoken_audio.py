"""Every spoken prompt, in both languages, rendered to audio (issue 15, item 2): each is
non-silent and of a plausible length for its text, and none names the patient."""

from __future__ import annotations

import array
import wave
from dataclasses import replace

import pytest
from PySide6.QtWidgets import QApplication

from kiosk.flow import samples
from kiosk.qt import i18n
from kiosk.qt.speech import wav_bytes
from kiosk.ui import spoken

VIEWS = {state.value: view for state, view in samples.every_screen().items()}
VIEWS.update(samples.extra_screens())


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_every_prompt_renders_to_plausible_audio(qapp, synthesizer, tmp_path, lang):
    i18n.install_translator(QApplication.instance(), lang)
    try:
        problems = {}
        for name, view in VIEWS.items():
            for shown in (view, replace(view, care=True, voice=True)):
                text = spoken.prompt(shown)
                assert text, name
                assert samples.RECORD.name not in text and samples.RECORD.ssn not in text
                pcm = synthesizer.render(text, lang, rate=135 if shown.care else 165)
                path = tmp_path / f"{name}-{lang}.wav"
                path.write_bytes(wav_bytes(pcm, synthesizer.rate))
                with wave.open(str(path)) as wav:
                    frames = array.array("h", wav.readframes(wav.getnframes()))
                    seconds = wav.getnframes() / wav.getframerate()
                loud = sum(abs(s) for s in frames) / max(1, len(frames))
                # roughly 0.05-0.6 s per Chinese character or English word-ish unit
                units = len(text) if lang == "zh_CN" else len(text.split())
                if loud < 300 or not 0.05 * units <= seconds <= 0.8 * units + 1:
                    problems[f"{name}{'-care' if shown.care else ''}"] = (
                        round(loud), round(seconds, 2), units)
        assert not problems
    finally:
        i18n.install_translator(QApplication.instance(), i18n.DEFAULT_LANGUAGE)
