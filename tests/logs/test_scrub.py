"""The scrubber takes every known shape of personal data out of a log line, and the one
logging setup writes private files and logs unhandled exceptions through it."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kiosk.domain import files
from kiosk.domain.privacy import scrub

# (text, what must not survive) for each format the issue names
SECRETS = [
    ("id 990101195603140023 ok", "990101195603140023"),
    ("id 99010119751111007x ok", "99010119751111007x"),
    ("id 990101 19560314 0023", "19560314"),
    ("old id 350128560314002", "350128560314002"),
    ("insurance card A01234567", "A01234567"),
    ("card HA12345678", "HA12345678"),
    ("bank 6222021234567890123", "6222021234567890123"),
    ("bank 6222 0212 3456 7890", "6222 0212 3456 7890"),
    ("name 林秀英 arrived", "林秀英"),
    ("rare 李䶮", "䶮"),
    ("patient Lin Xiuying arrived", "Xiuying"),
    ("patient LIN XIUYING arrived", "XIUYING"),
    ("holder John O'Brien-Smith", "Brien"),
    ("{'name': 'Wang', 'ok': 1}", "Wang"),
    ("born 1956-03-14", "1956-03-14"),
    ("born 1956/3/14", "1956/3/14"),
    ("born 1956年3月14日", "1956年3月14日"),
    ("born 14.03.1956", "14.03.1956"),
    ("born 19560314", "19560314"),
    ("born datetime.date(1956, 3, 14)", "1956, 3, 14"),
    ("call 13800138000", "13800138000"),
    ("call 138 0013 8000", "0013"),
    ("call +86 13800138000", "13800138000"),
    ("call 0591-87654321", "87654321"),
    ("call +44 20 7946 0958", "7946"),
    ("mail lin.xy@example.com", "lin.xy"),
]


@pytest.mark.parametrize(("text", "secret"), SECRETS)
def test_each_format_is_scrubbed(text: str, secret: str) -> None:
    assert secret not in scrub(text)


@pytest.mark.parametrize("line", [
    "backend departments GET attempt 1 failed: BackendFailure (code=internal_error, http 500)"
    " after 3 ms [request c343d3b1207047fc9e4a81bd1a969323]",
    "settlement 4f1c2a9e-1234-4a3b-8c1d-0e2f3a4b5c6d visit 42 charged 12345 fen",
    "Application startup complete.",
    "card event CardInserted reader=Virtual PCD 00",
])
def test_operational_lines_stay_readable(line: str) -> None:
    assert scrub(line) == line


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_log_files_and_folder_are_private_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        path = files.install_logging(tmp_path / "logs" / "x.log", console=False)
        log = logging.getLogger("kiosk.test")
        for _ in range(250):
            log.warning("%s", "x" * 10_000)  # 2.5 MB: rotates twice
    finally:
        os.umask(old)
        files.remove_logging()
    assert mode(path.parent) == 0o700
    rotated = files.log_files(path)
    assert len(rotated) >= 3
    assert all(mode(p) == 0o600 for p in rotated)


def test_unhandled_exceptions_are_logged_scrubbed(tmp_path: Path) -> None:
    path = files.install_logging(tmp_path / "x.log", console=False)
    try:
        try:
            raise ValueError("holder 林秀英 990101195603140023 born 1956-03-14")
        except ValueError:
            sys.excepthook(*sys.exc_info())

        def crash() -> None:
            raise RuntimeError("call 13800138000")

        thread = threading.Thread(target=crash, name="worker")
        thread.start()
        thread.join()
    finally:
        files.remove_logging()
    text = path.read_text(encoding="utf-8")
    assert "unhandled ValueError" in text and "unhandled RuntimeError in thread worker" in text
    for secret in ("林秀英", "990101195603140023", "1956-03-14", "13800138000"):
        assert secret not in text


def test_a_crashing_program_leaves_its_scrubbed_traceback_in_the_log(tmp_path: Path) -> None:
    code = ("from kiosk.domain.files import install_logging; import sys;"
            f"install_logging({str(tmp_path / 'c.log')!r}, console=False);"
            "raise SystemError('patient Lin Xiuying 990101195603140023')")
    subprocess.run([sys.executable, "-c", code], check=False, capture_output=True)
    text = (tmp_path / "c.log").read_text(encoding="utf-8")
    assert "SystemError" in text
    assert "Xiuying" not in text and "990101195603140023" not in text


def test_qt_messages_go_through_the_scrubbed_handlers(tmp_path: Path, qapp: object) -> None:
    from PySide6.QtCore import qInstallMessageHandler, qWarning

    from kiosk.qt import messages_log

    path = files.install_logging(tmp_path / "q.log", console=False)
    messages_log.install()
    try:
        qWarning("QLabel: text for 林秀英 990101195603140023")
    finally:
        qInstallMessageHandler(None)
        files.remove_logging()
    text = path.read_text(encoding="utf-8")
    assert "QLabel" in text and " qt " in text
    assert "林秀英" not in text and "990101195603140023" not in text


def test_a_diagnostics_bundle_is_private(tmp_path: Path) -> None:
    from kiosk.install.admin.diagnostics import write_bundle

    old = os.umask(0o022)
    try:
        bundle = write_bundle(tmp_path / "d.zip", config=None, log_dir=tmp_path / "none")
    finally:
        os.umask(old)
    assert mode(bundle) == 0o600
