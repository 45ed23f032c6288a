"""Voice guidance: the offline speech engine (espeak-ng, bundled by the ``espeakng-loader``
wheel: its library and voice data ship with the package and the frozen build, nothing is
fetched at run time), small audio sinks behind one interface, and the ``Speaker`` that says
one prompt at a time.

``Synthesizer.synthesize(text, language, on_chunk)`` renders Mandarin (``zh_CN``, espeak-ng's
``cmn`` voice) or English as 16-bit mono PCM, handing each chunk to ``on_chunk`` as soon as it
is made (the first sound leaves before the whole sentence is rendered). A sink plays it:
``CommandSink`` pipes it into ``paplay``/``pw-play``/``aplay`` on Linux (QtMultimedia is not in
PySide6-Essentials), ``WinSoundSink`` uses ``winsound`` on Windows, ``WavSink`` writes WAV
files (tests, the benchmark), ``NullSink`` drops it (no audio device). What to say is decided
elsewhere (``kiosk.ui.spoken``): this module never sees a patient's name or ID.

Threads: ``Speaker`` owns one thread of its own, the only one that calls its synthesizer and
the sink; ``Speaker.say`` and ``Speaker.stop`` may be called from any thread (the GUI thread
does) and never block: a new prompt cuts the one being said. espeak-ng is one engine per
process (one callback, one voice): every ``Synthesizer`` renders under one module lock and
makes its own callback and voice the engine's first, so a second instance (another window's
speaker) never steals the first one's audio.
"""

from __future__ import annotations

import contextlib
import ctypes
import io
import logging
import queue
import shutil
import subprocess
import sys
import threading
import time
import wave
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

log = logging.getLogger(__name__)

VOICES = {"zh_CN": "cmn", "en": "en"}
NORMAL_RATE = 165  # words per minute
CARE_RATE = 135  # slower in care mode
_AUDIO_OUTPUT_SYNCHRONOUS = 2
_ESPEAK_RATE = 1
_ESPEAK_CHARS_UTF8 = 1
_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int,
                             ctypes.c_void_p)


class _Engine:
    """espeak-ng's process-wide state: who its callback belongs to, its voice, and the lock
    every synthesis holds."""

    lock = threading.Lock()
    owner: object | None = None
    voice: tuple[str, int] | None = None


class SpeechUnavailable(RuntimeError):
    """The speech engine could not be loaded (the kiosk then runs silent)."""


class Synthesizer:
    """espeak-ng through ctypes. Any thread may call it; renders take turns (``_Engine``)."""

    def __init__(self) -> None:
        try:
            import espeakng_loader
        except ImportError as error:  # pragma: no cover - a build without the wheel
            raise SpeechUnavailable("espeakng-loader is not installed") from error
        try:
            self._lib = ctypes.CDLL(espeakng_loader.get_library_path())
            data = espeakng_loader.get_data_path()
        except (OSError, RuntimeError) as error:
            raise SpeechUnavailable(str(error)) from error
        self._lib.espeak_Initialize.restype = ctypes.c_int
        self._lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p,
                                                ctypes.c_int]
        with _Engine.lock:  # never while another instance renders
            self.rate = self._lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 100,
                                                    str(Path(data).parent).encode(), 0)
            _Engine.owner = None  # the engine's callback and voice are reset
        if self.rate <= 0:
            raise SpeechUnavailable("espeak-ng did not start")
        self._lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        self._lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        self._lib.espeak_Synth.argtypes = [
            ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int, ctypes.c_uint,
            ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p]
        self._on_chunk: Callable[[bytes], bool] | None = None
        self._callback = _CALLBACK(self._chunk)  # kept: espeak-ng holds the pointer

    def _chunk(self, samples, count: int, _events) -> int:  # type: ignore[no-untyped-def]
        if not samples or count <= 0 or self._on_chunk is None:
            return 0
        data = ctypes.string_at(samples, count * 2)
        return 0 if self._on_chunk(data) else 1  # 1 asks espeak-ng to stop

    def synthesize(self, text: str, language: str, on_chunk: Callable[[bytes], bool], *,
                   rate: int = NORMAL_RATE) -> None:
        """Render ``text``; ``on_chunk(pcm)`` gets each piece (16-bit mono at ``self.rate``)
        and returns False to cut the rest."""
        voice = (VOICES.get(language, "en"), rate)
        encoded = text.encode("utf-8") + b"\0"
        with _Engine.lock:
            if _Engine.owner is not self:
                self._lib.espeak_SetSynthCallback(self._callback)
                _Engine.owner, _Engine.voice = self, None
            if voice != _Engine.voice:
                self._lib.espeak_SetVoiceByName(voice[0].encode())
                self._lib.espeak_SetParameter(_ESPEAK_RATE, rate, 0)
                _Engine.voice = voice
            self._on_chunk = on_chunk
            try:
                self._lib.espeak_Synth(encoded, len(encoded), 0, 0, 0, _ESPEAK_CHARS_UTF8,
                                       None, None)
            finally:
                self._on_chunk = None

    def render(self, text: str, language: str, *, rate: int = NORMAL_RATE) -> bytes:
        """All of ``text`` as PCM (tests, WAV files)."""
        pieces: list[bytes] = []
        self.synthesize(text, language, lambda pcm: pieces.append(pcm) is None, rate=rate)
        return b"".join(pieces)


def wav_bytes(pcm: bytes, rate: int) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(pcm)
    return out.getvalue()


class Sink(Protocol):
    """Where speech goes: one utterance is ``begin``, ``write``... then ``end`` (played to
    its end) or ``cut`` (stopped at once)."""

    def begin(self, rate: int) -> None: ...

    def write(self, pcm: bytes) -> None: ...

    def end(self) -> None: ...

    def cut(self) -> None: ...


class NullSink:
    """No audio device: speech goes nowhere (the screens still show everything)."""

    def begin(self, rate: int) -> None: ...

    def write(self, pcm: bytes) -> None: ...

    def end(self) -> None: ...

    def cut(self) -> None: ...


class WavSink:
    """Each utterance into ``directory/NNN.wav`` (tests and the benchmark); ``first_sample_at``
    is the ``time.perf_counter()`` of the latest utterance's first sample."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.files: list[Path] = []
        self.first_sample_at: float | None = None
        self._pcm: list[bytes] = []
        self._rate = 0

    def begin(self, rate: int) -> None:
        self._pcm, self._rate, self.first_sample_at = [], rate, None

    def write(self, pcm: bytes) -> None:
        if self.first_sample_at is None:
            self.first_sample_at = time.perf_counter()
        self._pcm.append(pcm)

    def end(self) -> None:
        path = self.directory / f"{len(self.files):03d}.wav"
        path.write_bytes(wav_bytes(b"".join(self._pcm), self._rate))
        self.files.append(path)

    def cut(self) -> None:
        self.end()


# Players that take raw 16-bit mono PCM on stdin, best first; {rate} is filled in.
_PLAYERS = (
    ("paplay", "--raw", "--format=s16le", "--rate={rate}", "--channels=1"),
    ("pw-play", "--format=s16", "--rate={rate}", "--channels=1", "-"),
    ("aplay", "-q", "-t", "raw", "-f", "S16_LE", "-r", "{rate}", "-c", "1"),
)


class CommandSink:
    """Streams PCM into a command-line player (Linux: PulseAudio, PipeWire or ALSA); the
    headphone jack is the system's default output."""

    def __init__(self, command: tuple[str, ...]) -> None:
        self.command = command
        self._process: subprocess.Popen[bytes] | None = None

    @classmethod
    def find(cls) -> CommandSink | None:
        for command in _PLAYERS:
            if shutil.which(command[0]):
                return cls(command)
        return None

    def begin(self, rate: int) -> None:
        self.cut()
        args = [part.format(rate=rate) for part in self.command]
        self._process = subprocess.Popen(args, stdin=subprocess.PIPE,
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def write(self, pcm: bytes) -> None:
        if self._process is not None and self._process.stdin is not None:
            try:
                self._process.stdin.write(pcm)
                self._process.stdin.flush()
            except (BrokenPipeError, OSError):
                self._process = None

    def end(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.stdin is not None:
            with contextlib.suppress(OSError):
                process.stdin.close()

    def cut(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            process.kill()
            process.wait()


class WinSoundSink:  # pragma: no cover - Windows only
    """Windows: the whole utterance as one in-memory WAV through ``winsound``."""

    def __init__(self) -> None:
        import winsound

        self._winsound = winsound
        self._pcm: list[bytes] = []
        self._rate = 0

    def begin(self, rate: int) -> None:
        self._pcm, self._rate = [], rate

    def write(self, pcm: bytes) -> None:
        self._pcm.append(pcm)

    def end(self) -> None:
        self._winsound.PlaySound(wav_bytes(b"".join(self._pcm), self._rate),
                                 self._winsound.SND_MEMORY)

    def cut(self) -> None:
        self._winsound.PlaySound(None, 0)


def default_sink() -> Sink:
    """The machine's audio output, or silence if it has none."""
    if sys.platform == "win32":
        return WinSoundSink()
    found = CommandSink.find()
    if found is None:
        log.warning("no audio player (paplay, pw-play, aplay): voice guidance is silent")
        return NullSink()
    return found


class Speaker:
    """Says one prompt at a time on its own thread; a new one cuts the old."""

    def __init__(self, synthesizer: Synthesizer | None, sink: Sink) -> None:
        self.synthesizer = synthesizer
        self.sink = sink
        self._queue: queue.Queue[tuple[int, str, str, int] | None] = queue.Queue()
        self._serial = 0
        self._lock = threading.Lock()
        self.spoken = 0  # utterances finished or cut (tests wait on it)
        self.asked = 0  # utterances asked for
        self.last_text = ""  # what was asked for last (tests; never personal data)
        self._thread = threading.Thread(target=self._work, name="speech", daemon=True)
        self._thread.start()

    def say(self, text: str, language: str, *, slow: bool = False) -> None:
        with self._lock:
            self._serial += 1
            serial = self._serial
            self.asked += 1
            self.last_text = text
        self._queue.put((serial, text, language, CARE_RATE if slow else NORMAL_RATE))

    def stop(self) -> None:
        """Cut whatever is being said (the voice was switched off)."""
        with self._lock:
            self._serial += 1

    def close(self) -> None:
        self.stop()
        self._queue.put(None)
        self._thread.join(timeout=5)

    def _current(self, serial: int) -> bool:
        with self._lock:
            return serial == self._serial

    def _work(self) -> None:
        while (item := self._queue.get()) is not None:
            serial, text, language, rate = item
            if not self._current(serial) or self.synthesizer is None or not text:
                self.spoken += 1
                continue
            self.sink.begin(self.synthesizer.rate)

            def chunk(pcm: bytes, serial: int = serial) -> bool:
                if not self._current(serial):
                    return False
                self.sink.write(pcm)
                return True

            try:
                self.synthesizer.synthesize(text, language, chunk, rate=rate)
            except Exception:
                log.exception("speech failed")
            if self._current(serial):
                self.sink.end()
            else:
                self.sink.cut()
            self.spoken += 1


def default_speaker() -> Speaker:
    """The kiosk's speaker: espeak-ng into the machine's audio output; silent (with a log
    line) if the engine cannot load."""
    try:
        synthesizer: Synthesizer | None = Synthesizer()
    except SpeechUnavailable as error:
        log.warning("voice guidance unavailable: %s", error)
        synthesizer = None
    return Speaker(synthesizer, default_sink())
