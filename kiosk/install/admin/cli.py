"""``kiosk admin``: what admin mode shows, from a shell (for hospital IT over SSH).

    kiosk admin status                   reader, backend, printer, journal
    kiosk admin diagnostics [--output Z] the diagnostics bundle (no personal data)
    kiosk admin set-pin                  read a new PIN twice from stdin, rewrite the config

Threads: main thread; blocking calls are fine here (no GUI).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kiosk.install import config as kconfig
from kiosk.install.admin import diagnostics
from kiosk.install.admin.status import gather_status
from kiosk.install.pin import PinError, hash_pin
from kiosk.journal.logs import log_dir


def _journal(cfg: kconfig.KioskConfig | None):  # type: ignore[no-untyped-def]
    from kiosk.journal import Journal

    directory = cfg.data_path if cfg else kconfig.default_data_dir()
    path = directory / "journal.sqlite3"
    return Journal.open(path) if path.exists() else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kiosk admin")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("status")
    diag = sub.add_parser("diagnostics")
    diag.add_argument("--output", type=Path)
    sub.add_parser("set-pin")
    args = parser.parse_args(argv)
    try:
        cfg = kconfig.load_config_file(check_files=False)
    except kconfig.ConfigError as exc:
        if args.command == "set-pin":
            print(f"kiosk admin: {exc.code}", file=sys.stderr)
            return 2
        cfg = None
    if args.command == "set-pin":
        assert cfg is not None
        first, second = sys.stdin.readline().strip(), sys.stdin.readline().strip()
        if first != second:
            print("kiosk admin: pins_differ", file=sys.stderr)
            return 2
        try:
            new = kconfig.validate({**cfg.as_dict(), "admin_pin_hash": hash_pin(first)},
                                   check_files=False)
        except PinError:
            print("kiosk admin: pin_format", file=sys.stderr)
            return 2
        print(f"kiosk admin: PIN changed in {kconfig.write_config(new)}")
        return 0
    journal = _journal(cfg)
    try:
        status = gather_status(cfg, journal, None)
        if args.command == "status":
            print(json.dumps(status.as_dict(), indent=2, ensure_ascii=False))
            return 0
        output = args.output or Path.cwd() / diagnostics.default_bundle_name()
        diagnostics.write_bundle(output, config=cfg, journal=journal,
                                 status=status.as_dict(), log_dir=log_dir())
        print(f"kiosk admin: diagnostics written to {output}")
        return 0
    finally:
        if journal is not None:
            journal.close()
