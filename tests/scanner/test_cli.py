"""``kiosk scanner read`` against the virtual serial scanner, and its errors."""

from __future__ import annotations

import json
import threading

from kiosk.cli import main as kiosk_main
from kiosk.scanner.virtual import VirtualSerialScanner


def test_read_prints_one_code_from_a_serial_scanner(tmp_path, capsys):
    link = tmp_path / "scanner"
    done = threading.Event()
    with VirtualSerialScanner(link) as scanner:
        def keep_scanning() -> None:  # the reader may open the port after a first scan
            while not done.wait(0.05):
                scanner.scan("CLI-CODE-42")

        helper = threading.Thread(target=keep_scanning)
        helper.start()
        try:
            code = kiosk_main(["scanner", "read", "--serial", str(link), "--json",
                               "--timeout", "20"])
        finally:
            done.set()
            helper.join()
    assert code == 0
    out = json.loads(capsys.readouterr().out.strip().splitlines()[0])
    assert out["event"] == "code_scanned" and out["text"] == "CLI-CODE-42"
    assert out["length"] == 11 and out["source"] == "serial"


def test_read_without_a_scanner_says_so_and_exits_1(tmp_path, capsys):
    code = kiosk_main(["scanner", "read", "--serial", str(tmp_path / "none"), "--json"])
    assert code == 1
    error = json.loads(capsys.readouterr().out)["error"]
    assert error["code"] == "no_scanner" and error["message"]


def test_usage_errors_exit_2(capsys):
    assert kiosk_main(["scanner", "read", "--serial", "x", "--timeout", "0"]) == 2
    assert kiosk_main(["scanner", "read"]) == 2
    capsys.readouterr()


def test_list_runs(capsys):
    assert kiosk_main(["scanner", "list"]) == 0
    for line in capsys.readouterr().out.splitlines():
        assert {"serial", "keyboard", "camera"} & set(json.loads(line))
