"""Renders the counter's calls for help and fleet view in both languages (issues 15 item 6 and
18 item 6): ``counter-help-<lang>.png`` (two kiosks have asked for help: the panel above the
patient screen) and ``counter-fleet-<lang>.png`` (the supervisors' fleet window: kiosks out of
paper, with a reader fault, silent). Starts the reference backend with the demo data on
loopback (``tests.support.server_proc``, kiosk locations in its settings), has real kiosk
clients ask for help and send heartbeats, and drives the real counter window.

    xvfb-run -a env QT_QPA_PLATFORM=xcb .venv/bin/python tools/counter_help_screenshots.py [DIR]
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

import requests  # noqa: E402
from counter_screenshots import wait_until  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from kiosk.client import BackendClient, BackendConfig  # noqa: E402
from kiosk.client.help import ask_for_help  # noqa: E402
from kiosk.counter import events as ev  # noqa: E402
from kiosk.counter.app import build_station  # noqa: E402
from kiosk.counter.i18n import install_language  # noqa: E402
from kiosk.counter.window import CounterWindow  # noqa: E402
from kiosk.flow.heartbeat import heartbeat_body  # noqa: E402
from kiosk.qt.theme import load_fonts  # noqa: E402
from tests.support import server_proc as sp  # noqa: E402

KIOSKS = {"lobby-1": "门诊楼一层大厅 Outpatient hall, 1F", "ward-3": "住院部三楼 Inpatients, 3F",
          "lab-2": "检验科候诊区 Laboratory waiting area"}


def kiosk_client(backend: sp.Backend, name: str) -> BackendClient:
    r = requests.post(f"{backend.base_url}/v1/admin/tokens",
                      json={"role": "kiosk", "name": name},
                      headers={"Authorization": f"Bearer {backend.staff_token('admin')}"},
                      timeout=10)
    r.raise_for_status()
    return BackendClient(BackendConfig(base_url=backend.base_url, token=r.json()["token"]))


def main(out: Path) -> int:
    tmp = Path(tempfile.mkdtemp(prefix="counter-help-shots-"))
    locations = "".join(f'"{name}" = "{place}"\n' for name, place in KIOSKS.items())
    config = sp.write_config(tmp, sp.QUIET_CONFIG + "[kiosk_locations]\n" + locations)
    backend = sp.Backend(tmp / "backend", config=config)
    backend.start()
    try:
        clients = {name: kiosk_client(backend, name) for name in KIOSKS}
        beat = heartbeat_body(version="1.4.0", reader="ok", printer="ok", paper="ok",
                              outbox_depth=0, last_error_code=None, uptime_seconds=7200)
        clients["lobby-1"].send_heartbeat({**beat, "paper": "out"})
        clients["ward-3"].send_heartbeat({**beat, "reader_state": "fault",
                                          "last_error_code": "pcsc_service_unavailable"})
        clients["lab-2"].send_heartbeat(beat)
        with sqlite3.connect(backend.db_path) as db:  # lab-2 last heard 4 minutes ago
            db.execute("UPDATE kiosk_heartbeats SET received_at = ? WHERE kiosk = ?",
                       ((datetime.now(UTC) - timedelta(minutes=4)).replace(tzinfo=None)
                        .isoformat(" "), "kiosk:lab-2"))
        ask_for_help(clients["lobby-1"], "bill")
        ask_for_help(clients["ward-3"], "check_in")
        return shoot(out, backend, tmp)
    finally:
        backend.stop()


def shoot(out: Path, backend: sp.Backend, tmp: Path) -> int:
    app = QApplication([sys.argv[0]])
    font = app.font()
    font.setFamily(load_fonts())
    app.setFont(font)
    station = build_station(BackendConfig(base_url=backend.base_url), tmp / "counter")
    window = CounterWindow(station.controller)
    window.resize(1366, 768)
    window.show()
    login = backend.credentials["staff"]["supervisor"]
    supervision = window.supervision
    written = 0
    for lang in ("zh_CN", "en"):
        install_language(app, lang)
        station.controller.dispatch(ev.SignIn(login["username"], login["password"]))
        wait_until(lambda: len(supervision.help_alerts.rows) == 2)
        supervision.help_desk.chime.ring(False)  # silent under Xvfb
        window.grab().save(str(out / f"counter-help-{lang}.png"))
        supervision.open_fleet()
        loads = supervision.fleet_window.loads
        wait_until(lambda: supervision.fleet_window.loads > loads)  # noqa: B023
        supervision.fleet_window.grab().save(str(out / f"counter-fleet-{lang}.png"))
        supervision.fleet_window.hide()
        station.controller.dispatch(ev.SignOut())
        wait_until(lambda: window.current_screen() == "signin")
        written += 2
    station.close()
    print(f"wrote {written} screenshots to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "docs" / "screenshots")))
