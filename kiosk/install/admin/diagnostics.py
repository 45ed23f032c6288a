"""The diagnostics bundle: one zip hospital IT can mail to the vendor, with no personal data.

``write_bundle(dest, ...)`` writes:

- ``versions.json``: kiosk, Python, Qt/PySide versions, frozen or not, platform;
- ``config.toml``: the configuration with the token and the PIN hash replaced by ``<redacted>``;
- ``status.json``: the admin status (reader, backend, printer, journal codes and counts);
- ``journal.json``: open settlements by state with their error codes and times, and the
  latest event kinds (opaque ids left out);
- ``logs/``: the log files, each line passed through ``kiosk.journal.logs.scrub`` again.

Threads: blocking file I/O; call it through the app's ``kiosk.qt.background.Background``.
"""

from __future__ import annotations

import json
import platform
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk.domain.files import private_file
from kiosk.install.config import KioskConfig, dumps
from kiosk.journal.logs import log_files, scrub

REDACTED = "<redacted>"


def redacted_config(config: KioskConfig | None) -> str:
    if config is None:
        return "# no configuration\n"
    text = dumps(config)
    lines = []
    for line in text.splitlines():
        key = line.split("=", 1)[0].strip()
        lines.append(f'{key} = "{REDACTED}"' if key in ("token", "admin_pin_hash") else line)
    return "\n".join(lines) + "\n"


def versions() -> dict[str, Any]:
    info: dict[str, Any] = {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "frozen": bool(getattr(sys, "frozen", False)),
    }
    try:
        from importlib.metadata import version

        info["kiosk"] = version("kiosk")
    except Exception:
        info["kiosk"] = "unknown"
    try:
        import PySide6

        info["pyside6"] = PySide6.__version__
    except ImportError:
        info["pyside6"] = None
    return info


def journal_summary(journal: Any) -> dict[str, Any]:
    if journal is None:
        return {"open": None}
    entries = journal.open_entries()
    return {
        "open": [
            {"state": str(e.state), "attempts": e.attempts, "last_error": e.last_error,
             "created_at": e.created_at, "updated_at": e.updated_at}
            for e in entries
        ],
        "recent_events": [{"at": ev.at, "kind": ev.kind} for ev in journal.events(limit=200)],
    }


def write_bundle(dest: Path, *, config: KioskConfig | None, journal: Any = None,
                 status: dict[str, Any] | None = None, log_dir: Path | None = None) -> Path:
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = private_file(dest.with_suffix(".tmp"))  # 0600 before a byte is written, any umask
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("versions.json", json.dumps(
            {**versions(), "written_at": datetime.now(UTC).isoformat(timespec="seconds")},
            indent=2))
        bundle.writestr("config.toml", redacted_config(config))
        bundle.writestr("status.json", json.dumps(status or {}, indent=2, ensure_ascii=True))
        bundle.writestr("journal.json", json.dumps(journal_summary(journal), indent=2))
        for path in log_files(log_dir):
            text = path.read_text(encoding="utf-8", errors="replace")
            bundle.writestr(f"logs/{path.name}",
                            "\n".join(scrub(line) for line in text.splitlines()) + "\n")
    tmp.replace(dest)
    return dest


def default_bundle_name() -> str:
    return f"kiosk-diagnostics-{datetime.now(UTC).strftime('%Y%m%dT%H%M%SZ')}.zip"
