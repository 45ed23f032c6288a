"""``kiosk server ...``: run the backend and manage its database.

    kiosk server [run] [--host H] [--port P] [--workers N]   run the service (uvicorn)
    kiosk server init-db                                      apply missing migrations
    kiosk server seed-demo [--output FILE]                    demo data + credentials (JSON)
    kiosk server create-token --kiosk NAME | --department CODE
    kiosk server create-staff --username U --role clerk|supervisor|admin [--password-stdin]
    kiosk server auto-settle                                  settle overdue open visits (cron)
    kiosk server prune [--older-than DAYS] [--money-older-than DAYS] [--dry-run]   retention
    kiosk server tokens list|create|rotate|revoke ...         token lifecycle (cli_accounts)
    kiosk server receipts public-key | verify URL             e-receipt links (cli_receipts)
    kiosk server staff list|disable|enable|set-role|reset-password|end-sessions ...
    kiosk server finance unresolved|resolve|export|reconcile ...   the finance office (cli_finance)
    kiosk server rehearse add|list|clear ...                  scripted faults (demo and test only)

Every command takes ``--database-url`` and ``--config FILE`` (TOML, see docs/server.md); the
URL defaults to ``$KIOSK_SERVER_DATABASE_URL`` or a SQLite file in the user data directory.
With several workers, uvicorn imports ``app_factory`` in each worker process; the settings
travel in the environment variables ``KIOSK_SERVER_CONFIG`` and ``KIOSK_SERVER_DATABASE_URL``.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
from pathlib import Path

from kiosk.domain.files import private_file
from kiosk.server import cli_accounts, cli_finance, cli_receipts
from kiosk.server.config import DEFAULT_DB_ENV, Settings, load_settings
from kiosk.server.statuses import STAFF_ROLES, Role

CONFIG_ENV = "KIOSK_SERVER_CONFIG"


def _common() -> argparse.ArgumentParser:
    """Options every command takes, before or after the subcommand. A fresh parser for each
    parser that includes it: argparse shares a parent's actions with its children, so one
    shared parent let the top level's defaults overwrite an option given before the
    subcommand (``--database-url URL init-db`` used the default database)."""
    common = argparse.ArgumentParser(add_help=False, argument_default=argparse.SUPPRESS)
    common.add_argument("--database-url", help="sqlite:///file or postgresql+psycopg://...")
    common.add_argument("--config", help="TOML settings file")
    return common


def _running() -> argparse.ArgumentParser:
    running = argparse.ArgumentParser(add_help=False, argument_default=argparse.SUPPRESS)
    running.add_argument("--host", help="default 127.0.0.1")
    running.add_argument("--port", type=int, help="default 8080")
    running.add_argument("--workers", type=int, help="uvicorn worker processes, default 1")
    running.add_argument("--log-level", help="default info")
    running.add_argument("--log-dir", help="default $KIOSK_SERVER_LOG_DIR or the user log dir")
    return running


def _parser() -> argparse.ArgumentParser:
    # options may come before or after the subcommand; SUPPRESS keeps a subcommand's
    # parser from overwriting a value given before it
    parser = argparse.ArgumentParser(prog="kiosk server", parents=[_common(), _running()],
                                     description="The credit-eligibility and settlement backend")
    parser.set_defaults(database_url=None, config=None, host="127.0.0.1", port=8080, workers=1,
                        log_level="info", log_dir=None)
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", parents=[_common(), _running()], help="run the service (the default)")
    sub.add_parser("init-db", parents=[_common()], help="apply missing schema migrations")
    seed = sub.add_parser("seed-demo", parents=[_common()], help="demo data and credentials")
    seed.add_argument("--output", help="also write the credentials JSON to this file (0600)")
    tok = sub.add_parser("create-token", parents=[_common()], help="issue a kiosk/department token")
    group = tok.add_mutually_exclusive_group(required=True)
    group.add_argument("--kiosk", metavar="NAME")
    group.add_argument("--department", metavar="CODE")
    staff = sub.add_parser("create-staff", parents=[_common()], help="add a staff account")
    staff.add_argument("--username", required=True)
    staff.add_argument("--role", required=True, choices=[str(r) for r in STAFF_ROLES])
    staff.add_argument("--password-stdin", action="store_true",
                       help="read the password from stdin (else one is generated and printed)")
    sub.add_parser("auto-settle", parents=[_common()], help="settle open visits past their time")
    prune = sub.add_parser("prune", parents=[_common()],
                           help="delete old logs, audit rows, sessions and keys (retention)")
    prune.add_argument("--older-than", type=int, metavar="DAYS",
                       help="default: the retention_days setting (90)")
    prune.add_argument("--money-older-than", type=int, metavar="DAYS",
                       help="settlements, debts, refunds: default retention_money_days (3650)")
    prune.add_argument("--dry-run", action="store_true", help="count only, delete nothing")
    prune.add_argument("--log-dir", default=argparse.SUPPRESS,
                       help="the server's log folder (its rotated files go)")
    cli_accounts.add_parsers(sub, lambda: [_common()])
    cli_finance.add_parsers(sub, lambda: [_common()])
    cli_receipts.add_parsers(sub, lambda: [_common()])
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    return load_settings(args.config, database_url=args.database_url)


def _service(settings: Settings):  # type: ignore[no-untyped-def]
    from kiosk.server.adapters import reference_adapters
    from kiosk.server.context import Context
    from kiosk.server.db import Database
    from kiosk.server.migrations import migrate
    from kiosk.server.service import Service

    db = Database(settings.database_url, pool_size=2)
    migrate(db)
    return Service(Context(db, settings, reference_adapters(db, settings.default_credit_score,
                                                            settings.environment)))


def app_factory():  # type: ignore[no-untyped-def]
    """For uvicorn workers: the app from the environment (see the module docstring)."""
    from kiosk.server.app import create_app
    from kiosk.server.logs import setup_server_logging

    setup_server_logging()  # a worker process: the folder and level from the environment

    settings = load_settings(os.environ.get(CONFIG_ENV) or None,
                             database_url=os.environ.get(DEFAULT_DB_ENV) or None)
    return create_app(settings)


def _run(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from kiosk.server.db import Database
    from kiosk.server.migrations import migrate

    db = Database(settings.database_url, pool_size=1)
    migrate(db)
    db.dispose()
    os.environ[DEFAULT_DB_ENV] = settings.database_url
    if args.config:
        os.environ[CONFIG_ENV] = str(Path(args.config).resolve())
    # log_config=None: uvicorn's loggers propagate to the scrubbed handlers (kiosk.server.logs)
    uvicorn.run("kiosk.server.cli:app_factory", factory=True, host=args.host, port=args.port,
                workers=max(1, args.workers), log_level=args.log_level, access_log=False,
                log_config=None, timeout_keep_alive=settings.keep_alive_seconds)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = _settings(args)
    except (OSError, ValueError) as exc:
        print(f"kiosk server: bad settings: {exc}", file=sys.stderr)
        return 2
    command = args.command or "run"
    from kiosk.server.logs import setup_server_logging

    setup_server_logging(args.log_dir, args.log_level)
    if command == "run":
        return _run(args, settings)
    if command == "receipts":  # no database needed
        return cli_receipts.run(args, settings)
    try:
        service = _service(settings)
    except ValueError as exc:  # e.g. a policy in the config that the split refuses
        print(f"kiosk server: bad settings: {exc}", file=sys.stderr)
        return 2
    try:
        if command == "init-db":
            from kiosk.server.migrations import current_version

            print(f"schema version {current_version(service.context.db)}")
            service.context.receipts.private_key()  # the e-receipt key, created if missing
            print(f"receipt signing key {service.context.receipts.key_file}")
        elif command == "seed-demo":
            from kiosk.server.seed import seed_demo

            credentials = seed_demo(service)
            text = json.dumps(credentials, ensure_ascii=False, indent=2)
            if args.output:
                path = private_file(args.output)  # an existing 0644 file is made 0600 first
                path.write_text(text + "\n", encoding="utf-8")
            print(text)
        elif command == "create-token":
            if args.kiosk:
                print(service.auth.create_token(Role.KIOSK, args.kiosk))
            else:
                try:
                    print(service.auth.create_token(Role.DEPARTMENT, args.department,
                                                    args.department))
                except ValueError as exc:
                    print(f"kiosk server: {exc}", file=sys.stderr)
                    return 2
        elif command == "create-staff":
            if args.password_stdin:
                password = sys.stdin.readline().rstrip("\n")
                generated = False
            else:
                password, generated = secrets.token_urlsafe(12), True
            if not password:
                print("kiosk server: empty password", file=sys.stderr)
                return 2
            staff_id = service.auth.create_staff(args.username, password, args.role)
            print(json.dumps({"staff_id": staff_id, "username": args.username,
                              "role": args.role,
                              **({"password": password} if generated else {})}))
        elif command == "auto-settle":
            print(json.dumps(service.settlements.auto_settle()))
        elif command == "prune":
            from kiosk.server.logs import server_log_dir
            from kiosk.server.retention import prune_backend

            try:
                report = prune_backend(service.context, days=args.older_than,
                                       money_days=args.money_older_than,
                                       log_dir=server_log_dir(args.log_dir),
                                       dry_run=args.dry_run)
            except ValueError as exc:
                print(f"kiosk server: {exc}", file=sys.stderr)
                return 2
            print(json.dumps(report))
        elif command in ("tokens", "staff"):
            return cli_accounts.run(args, service)
        elif command in ("finance", "rehearse"):
            return cli_finance.run(args, service)
    finally:
        service.context.db.dispose()
    return 0
