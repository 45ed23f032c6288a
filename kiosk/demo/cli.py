"""``kiosk demo info``: where the demo kiosk's embedded backend answers, and the demo logins.

    kiosk demo info [--data-dir DIR] [--url]

Reads what ``kiosk.demo.backend.EmbeddedBackend`` keeps in ``<data dir>/demo-backend``: the
address of the running backend (``demo-backend.json``, written at each start, removed at
stop) and the demo credentials (``demo-credentials.json``). Prints the address, whether it
answers, and the staff logins for the counter station; ``--url`` prints the address alone
(``kiosk counter --backend-url "$(kiosk demo info --url)"``). The data directory is the
kiosk's: ``--data-dir``, else ``KIOSK_DATA_DIR``, else the platform's user data directory.
Prints to the terminal only, never to a log. Demo machines only.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from pathlib import Path
from typing import Any

import platformdirs

from kiosk.demo.backend import INFO_NAME

KIOSK_APP_NAME = "kiosk"  # the kiosk's data directory (kiosk.install.config.default_data_dir)
DEMO_DIR = "demo-backend"  # where the composition root keeps the embedded backend's files


def default_data_dir(env: dict[str, str] | os._Environ[str]) -> Path:
    configured = env.get("KIOSK_DATA_DIR", "")
    if configured:
        return Path(configured)
    return Path(platformdirs.user_data_dir(KIOSK_APP_NAME, appauthor=False))


def read_info(demo_dir: Path) -> tuple[str, dict[str, Any]]:
    """The running backend's address ("" when none is running) and the demo credentials
    ({} when never seeded)."""
    url, credentials = "", {}
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        url = str(json.loads((demo_dir / INFO_NAME).read_text(encoding="utf-8"))["url"])
    with contextlib.suppress(OSError, ValueError):
        credentials = json.loads((demo_dir / "demo-credentials.json").read_text("utf-8"))
    return url, credentials if isinstance(credentials, dict) else {}


def answers(url: str) -> bool:
    import requests

    session = requests.Session()
    session.trust_env = False
    try:
        return session.get(f"{url}/v1/health", timeout=2).status_code == 200
    except requests.RequestException:
        return False


def info_text(url: str, credentials: dict[str, Any], running: bool) -> str:
    lines = []
    if url:
        state = "answering" if running else "not answering (is the demo kiosk still running?)"
        lines.append(f"demo backend: {url} ({state})")
    else:
        lines.append("demo backend: not running; start the demo kiosk first (./tools/kiosk)")
    staff = credentials.get("staff", {})
    if isinstance(staff, dict) and staff:
        lines.append("")
        lines.append(f"counter staff logins (kiosk counter --backend-url {url or 'URL'}):")
        lines += [f"  {role:<11} {login.get('username', '')} / {login.get('password', '')}"
                  for role, login in staff.items() if isinstance(login, dict)]
    lines.append("")
    lines.append('charges: the demo panel\'s "Add charges" posts a consultation, a blood test '
                 "and a prescription to the eligible patient's open visit")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="kiosk demo",
                                     description="the demo kiosk's embedded backend")
    sub = parser.add_subparsers(dest="command", required=True)
    info = sub.add_parser("info", help="its address and the demo staff logins")
    info.add_argument("--data-dir", type=Path, default=None,
                      help="the kiosk's data directory (default: KIOSK_DATA_DIR or the "
                           "platform's)")
    info.add_argument("--url", action="store_true", help="print the address only")
    args = parser.parse_args(argv)
    demo_dir = (args.data_dir or default_data_dir(os.environ)) / DEMO_DIR
    url, credentials = read_info(demo_dir)
    if args.url:
        if not url:
            print("kiosk demo: the demo backend is not running", file=sys.stderr)
            return 1
        print(url)
        return 0
    print(info_text(url, credentials, bool(url) and answers(url)))
    return 0 if url else 1
