"""Voice guidance latency: a prompt shown to its first audio sample (target under 300 ms).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/speech_latency.py

A real window in care mode with voice on and a real ``Speaker`` (espeak-ng) into a WAV sink:
for every sample screen in both languages, the time from ``MainWindow.show_view`` being
called to the first PCM sample reaching the sink (p50, p99, max), next to espeak-ng's own
time to its first chunk for the same text (the engine's share).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> int:
    from PySide6.QtWidgets import QApplication

    from kiosk.flow import samples
    from kiosk.qt import theme
    from kiosk.qt.speech import Speaker, Synthesizer, WavSink
    from kiosk.ui import spoken
    from kiosk.ui.window import MainWindow

    app = QApplication(sys.argv[:1])
    theme.apply_app_font(app)
    synthesizer = Synthesizer()
    views = [samples.in_care(v) for v in samples.every_screen().values()]
    views += [samples.in_care(v) for v in samples.extra_screens().values()]
    with tempfile.TemporaryDirectory() as tmp:
        sink = WavSink(Path(tmp))
        speaker = Speaker(synthesizer, sink)
        window = MainWindow(speaker=speaker, tap_guard=0)
        window.resize(1080, 1920)
        window.show()
        app.processEvents()
        shown_to_sound: list[float] = []
        engine: list[float] = []
        for lang in ("zh_CN", "en"):
            window.set_language(lang)
            for view in views * 3:
                window.show_view(samples.in_care(samples.attract().view()))  # a change
                app.processEvents()
                while speaker.spoken < speaker.asked:
                    time.sleep(0.001)
                asked = speaker.asked
                start = time.perf_counter()
                window.show_view(view)
                if speaker.asked == asked:
                    continue
                while sink.first_sample_at is None or sink.first_sample_at < start:
                    time.sleep(0.0005)
                shown_to_sound.append(sink.first_sample_at - start)
                first: list[float] = []
                t0 = time.perf_counter()
                synthesizer_text = spoken.prompt(view)
                speaker.stop()
                while speaker.spoken < speaker.asked:
                    time.sleep(0.001)

                def chunk(_pcm: bytes, t0: float = t0, first: list[float] = first) -> bool:
                    if not first:
                        first.append(time.perf_counter() - t0)
                    return False

                synthesizer.synthesize(synthesizer_text, lang, chunk)
                engine.append(first[0] if first else 0.0)
        speaker.close()
    ms = [v * 1000 for v in shown_to_sound]
    eng = [v * 1000 for v in engine]
    print(f"prompts timed: {len(ms)} (care mode, voice on, zh_CN and en)")
    print(f"prompt shown -> first audio sample: p50 {statistics.median(ms):.1f} ms, "
          f"p99 {pct(ms, 99):.1f} ms, max {max(ms):.1f} ms (target < 300 ms)")
    print(f"espeak-ng alone, text -> first chunk: p50 {statistics.median(eng):.1f} ms, "
          f"p99 {pct(eng, 99):.1f} ms")
    print(f"ratio p99 / target: {pct(ms, 99) / 300:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
