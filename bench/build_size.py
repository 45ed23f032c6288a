"""How big the packaged kiosk is, part by part, and how much memory it takes while running.

    tools/sandbox .venv/bin/python bench/build_size.py [--sessions N] [--build DIR]
                                                        [--compare DIR] [--no-memory]

Size: every file of ``dist/kiosk`` (or ``--build DIR``; build it first with ``tools/build``)
in one part - Qt libraries, ICU (Qt's Unicode library and data), Qt plugins and translations,
the PySide6 bindings, Python (its library, extension modules and standard library), other
packages (Pillow, pyscard, ...), other shared libraries, our code (kiosk.* and assets), the
bootloader - from the files' sizes and, for the Python modules packed in the executable,
their packed sizes. ``--compare DIR`` prints another build (an older one) next to it. The target for
low-end clinic PCs is at most 120 MB.

Memory: inside the PC/SC sandbox (a private pcscd with a reader an installed kiosk may be
pinned to, and the reference backend on loopback, as the frozen tests have), on the offscreen
platform: the resident set (RSS) of a bare PySide6 window (the baseline, measured in the same
run), of the unfrozen kiosk at the attract screen, and of the packaged kiosk at the attract
screen and after N simulated sessions (a demo card in, the kiosk reads it and asks the backend,
the card out, back to the attract screen), with its peak. The target is under 200 MB.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.frozen.support import FROZEN  # noqa: E402
from tests.frozen.support import ROOT as REPO  # noqa: E402

MB = 1024 * 1024
SIZE_TARGET_MB = 120
RSS_TARGET_MB = 200
ELIGIBILITY_ANSWERED = r"backend eligibility POST -> 200"
PARTS = ("Qt libraries", "ICU (Qt's Unicode library)", "Qt plugins and translations",
         "PySide6 bindings", "Python", "other packages", "other shared libraries",
         "our code (kiosk.*, assets)", "bootloader")


def file_part(relative: str) -> str:
    """The part a file of ``_internal`` (path relative to it, with ``/``) belongs to."""
    top = relative.split("/", 1)[0]
    name = relative.rsplit("/", 1)[-1]
    if relative.startswith("PySide6/Qt/lib/"):
        return PARTS[1] if name.startswith(("libicu", "icu")) else PARTS[0]
    if relative.startswith(("PySide6/Qt/plugins/", "PySide6/Qt/translations/")):
        return PARTS[2]
    if top in ("PySide6", "shiboken6"):
        return PARTS[3]
    if name.startswith(("libpython", "python3")) or top.startswith("python3") or \
            name == "base_library.zip":
        return PARTS[4]
    if top in ("assets", "kiosk"):
        return PARTS[7]
    if ("/" not in relative and re.match(r"lib.*\.so", name)) or name.endswith(".dll"):
        return PARTS[6]
    return PARTS[5]


def module_part(name: str) -> str:
    """The part a Python module packed in the executable belongs to."""
    top = name.split(".", 1)[0]
    if top == "kiosk":
        return PARTS[7]
    if top in ("PySide6", "shiboken6"):
        return PARTS[3]
    if top in sys.stdlib_module_names or top.startswith("pyi"):
        return PARTS[4]
    return PARTS[5]


def sizes(folder: Path) -> tuple[Counter[str], list[tuple[int, str]]]:
    """Bytes per part of a one-folder build, and its files by size."""
    parts: Counter[str] = Counter()
    files = []
    internal = folder / "_internal"
    for path in folder.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        size = path.stat().st_size
        files.append((size, str(path.relative_to(folder))))
        if path.parent == folder:  # the executable: bootloader + packed modules
            parts.update(packed_parts(path))
        else:
            parts[file_part(path.relative_to(internal).as_posix())] += size
    return parts, sorted(files, reverse=True)


def packed_parts(executable: Path) -> Counter[str]:
    from PyInstaller.archive.readers import CArchiveReader

    total = executable.stat().st_size
    parts: Counter[str] = Counter()
    try:
        archive = CArchiveReader(str(executable))
        pyz = archive.open_embedded_archive("PYZ.pyz")
    except Exception:  # not a PyInstaller executable: all of it is the bootloader
        return Counter({PARTS[8]: total})
    for name, (_, _, length) in pyz.toc.items():
        parts[module_part(name)] += length
    for name, (_, length, *_) in archive.toc.items():
        if name != "PYZ.pyz":
            parts[PARTS[4] if name.startswith("pyi") else PARTS[7]] += length
    parts[PARTS[8]] = total - sum(parts.values())
    return parts


def print_sizes(folder: Path, compare: Path | None) -> None:
    parts, files = sizes(folder)
    other = sizes(compare)[0] if compare else None
    head = f"{'part':<30} {'MB':>7}" + (f" {'compare':>8}" if other else "")
    print(f"size of {folder}")
    print(head)
    for part in PARTS:
        line = f"{part:<30} {parts[part] / MB:7.1f}"
        if other is not None:
            line += f" {other[part] / MB:8.1f}"
        print(line)
    total = sum(parts.values())
    line = f"{'total':<30} {total / MB:7.1f}"
    if other is not None:
        line += f" {sum(other.values()) / MB:8.1f}   ({compare})"
    print(line)
    print(f"target: at most {SIZE_TARGET_MB} MB ({total / MB / SIZE_TARGET_MB:.2f}x of it)")
    print("largest files:")
    for size, name in files[:12]:
        print(f"  {size / MB:6.1f}  {name}")


# -- memory ---------------------------------------------------------------------------------


def rss_mb(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) of a process in MB."""
    fields = dict(line.split(":", 1) for line in
                  Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return (int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024)


BARE_WINDOW = """
import sys
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv)
label = QLabel("患者 patient")
label.resize(1280, 800)
label.show()
for _ in range(20):
    app.processEvents()
print("shown", flush=True)
sys.stdin.readline()
"""


def bare_window_rss(env: dict[str, str]) -> float:
    proc = subprocess.Popen([sys.executable, "-c", BARE_WINDOW], env=env, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert proc.stdout is not None
        proc.stdout.readline()
        time.sleep(1.0)
        return rss_mb(proc.pid)[0]
    finally:
        proc.kill()
        proc.wait()


class RunningKiosk:
    """A kiosk process started until its attract marker, its log file watched."""

    def __init__(self, cmd: list[str], env: dict[str, str], log: Path) -> None:
        from kiosk.journal.logs import LOG_MARKER_ATTRACT

        self.log = log
        self.proc = subprocess.Popen([*cmd, "app", "--no-demo-panel"], env=env, cwd=REPO,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        assert self.proc.stdout is not None
        deadline = time.monotonic() + 90
        for line in self.proc.stdout:
            if LOG_MARKER_ATTRACT in line:
                break
            if time.monotonic() > deadline:
                raise RuntimeError("no attract screen")
        else:
            raise RuntimeError("the kiosk stopped before its attract screen")
        # keep reading what it prints (a closed pipe would stop it)
        threading.Thread(target=self.proc.stdout.read, daemon=True).start()

    def log_count(self, pattern: str) -> int:
        text = self.log.read_text(encoding="utf-8") if self.log.exists() else ""
        return len(re.findall(pattern, text))

    def wait_log(self, pattern: str, count: int, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while self.log_count(pattern) < count:
            if time.monotonic() > deadline or self.proc.poll() is not None:
                tail = self.log.read_text(encoding="utf-8")[-3000:] if self.log.exists() else ""
                raise RuntimeError(f"no {pattern!r} #{count} in {self.log}:\n{tail}")
            time.sleep(0.1)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def simulated_sessions(kiosk: RunningKiosk, sessions: int) -> None:
    """A demo card in until the kiosk has read it and had the backend's answer, a moment on
    the patient's screen, then the card out: a patient who walks away."""
    from kiosk.card.virtual import VirtualCard
    from tests.support import pcsc

    asked = kiosk.log_count(ELIGIBILITY_ANSWERED)
    for _ in range(sessions):
        card = VirtualCard.from_demo("eligible", port=pcsc.PORT_0)
        card.insert()
        try:
            asked += 1
            kiosk.wait_log(ELIGIBILITY_ANSWERED, asked)
            time.sleep(1.0)
        finally:
            card.remove()
        time.sleep(2.0)


def measure_memory(sessions: int, executable: Path) -> None:
    from tests.frozen.support import (
        PinnablePcscd,
        kiosk_env,
        source_cmd,
        write_installed_config,
    )
    from tests.support.server_proc import Backend

    with tempfile.TemporaryDirectory(prefix="kiosk-bench-") as tmp:
        work = Path(tmp)
        with PinnablePcscd(work / "pcscd"):
            backend = Backend(work / "backend")
            backend.start()
            try:
                config = write_installed_config(work, backend.base_url, backend.kiosk_token)
                bare = bare_window_rss(kiosk_env(config, work / "logs-bare"))
                results = {}
                for label, cmd in (("unfrozen", source_cmd()), ("packaged", [str(executable)])):
                    logs = work / f"logs-{label}"
                    kiosk = RunningKiosk(cmd, kiosk_env(config, logs), logs / "kiosk.log")
                    try:
                        time.sleep(2.0)
                        attract = rss_mb(kiosk.proc.pid)[0]
                        if label == "packaged":
                            simulated_sessions(kiosk, sessions)
                            results["after"] = rss_mb(kiosk.proc.pid)
                        results[label] = attract
                    finally:
                        kiosk.stop()
            finally:
                backend.stop()
    after, peak = results["after"]
    print("memory (RSS, offscreen platform)")
    print(f"bare PySide6 window (baseline):         {bare:6.1f} MB")
    print(f"unfrozen kiosk at the attract screen:   {results['unfrozen']:6.1f} MB "
          f"({results['unfrozen'] / bare:.2f}x baseline)")
    print(f"packaged kiosk at the attract screen:   {results['packaged']:6.1f} MB "
          f"({results['packaged'] / bare:.2f}x baseline)")
    print(f"packaged kiosk after {sessions} session(s):      {after:6.1f} MB "
          f"({after / bare:.2f}x baseline), peak {peak:.1f} MB")
    print(f"target: under {RSS_TARGET_MB} MB (peak {peak / RSS_TARGET_MB:.2f}x of it)")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=5)
    parser.add_argument("--build", type=Path, default=FROZEN.parent,
                        help="the one-folder build to measure (default: dist/kiosk)")
    parser.add_argument("--compare", type=Path, help="another one-folder build to print")
    parser.add_argument("--no-memory", action="store_true", help="sizes only")
    args = parser.parse_args()
    executable = args.build / FROZEN.name
    if not executable.exists():
        print(f"no build at {executable}: run tools/build first", file=sys.stderr)
        return 2
    print_sizes(args.build, args.compare)
    if not args.no_memory:
        if os.environ.get("KIOSK_PCSC_SANDBOX") != "1":
            print("memory: run inside tools/sandbox (it needs a private pcscd)", file=sys.stderr)
            return 2
        print()
        measure_memory(args.sessions, executable)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
