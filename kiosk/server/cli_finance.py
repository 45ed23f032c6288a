"""``kiosk server finance ...`` and ``kiosk server rehearse ...``: the finance office's day
from the command line, the same operations as the API (``kiosk.server.finance_ops``,
``kiosk.server.reconcile``, ``kiosk.server.rehearsal``), acting as ``system`` in the audit log.

    kiosk server finance unresolved [--older-than SECONDS]    unknown or stuck outcomes (JSON)
    kiosk server finance resolve ID [--kind settlement]       ask the gateway, complete/reverse
    kiosk server finance export --from D [--to D] [--format csv|json] [--output FILE]
    kiosk server finance reconcile [--date D] [--to D]        against the gateway and insurer
    kiosk server rehearse add gateway|insurer OPERATION decline|timeout|unknown|slow
                              [--times N] [--patient-id ID] [--delay-ms MS]
    kiosk server rehearse list | clear

Results print as JSON (the export as CSV or JSON). Exit status: 0 done, 1 a reconcile that
did not balance, 2 a refusal (a bad date, an outcome already known, the gateway still silent,
a rehearsal outside demo and test configurations).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk.server.auth import SYSTEM
from kiosk.server.errors import ApiError
from kiosk.server.finance_ops import FinanceOps
from kiosk.server.reconcile import Reconciliation, export_csv, parse_period
from kiosk.server.rehearsal import FAULTS, OPERATIONS, Rehearsal

Parents = Callable[[], list[argparse.ArgumentParser]]


def add_parsers(sub: Any, parents: Parents) -> None:
    finance = sub.add_parser("finance", parents=parents(),
                             help="unknown outcomes, settlement export, reconciliation")
    fsub = finance.add_subparsers(dest="action", required=True)
    unresolved = fsub.add_parser("unresolved", parents=parents(),
                                 help="settlements whose outcome is unknown or stuck")
    unresolved.add_argument("--older-than", type=int, metavar="SECONDS",
                            help="charging/reversing this long counts as stuck "
                                 "(default: settle_stale_seconds)")
    resolve = fsub.add_parser("resolve", parents=parents(), help="ask the gateway and finish")
    resolve.add_argument("id", type=int)
    resolve.add_argument("--kind", default="settlement")
    export = fsub.add_parser("export", parents=parents(), help="per-settlement detail")
    export.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="default today")
    export.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="default --from")
    export.add_argument("--format", choices=("csv", "json"), default="csv")
    export.add_argument("--output", help="write to this file instead of standard output")
    reconcile = fsub.add_parser("reconcile", parents=parents(),
                                help="compare with the gateway's and the insurer's lists")
    reconcile.add_argument("--date", dest="start", metavar="YYYY-MM-DD", help="default today")
    reconcile.add_argument("--to", dest="end", metavar="YYYY-MM-DD",
                           help="the period's last day (default --date)")

    rehearse = sub.add_parser("rehearse", parents=parents(),
                              help="scripted gateway and insurer faults (demo and test only)")
    rsub = rehearse.add_subparsers(dest="action", required=True)
    add = rsub.add_parser("add", parents=parents(), help="script a fault")
    add.add_argument("target", choices=sorted(OPERATIONS))
    add.add_argument("operation", choices=sorted({o for ops in OPERATIONS.values() for o in ops}))
    add.add_argument("fault", choices=FAULTS)
    add.add_argument("--times", type=int, default=1)
    add.add_argument("--patient-id", type=int)
    add.add_argument("--delay-ms", type=int, default=0)
    rsub.add_parser("list", parents=parents())
    rsub.add_parser("clear", parents=parents())


def run(args: argparse.Namespace, service: Any) -> int:
    """Run ``finance``/``rehearse`` ``args.action``; see the module doc for the exit status."""
    ctx = service.context
    try:
        if args.command == "rehearse":
            out: Any = _rehearse(args, Rehearsal(ctx.db, ctx.settings.environment), ctx.now())
        elif args.action == "unresolved":
            out = FinanceOps(ctx, service.settlements).unresolved(args.older_than)
        elif args.action == "resolve":
            out = FinanceOps(ctx, service.settlements).resolve(SYSTEM, args.id, args.kind)
        elif args.action == "export":
            export = Reconciliation(ctx).export(*parse_period(args.start, args.end, ctx.today()))
            text = (export_csv(export["settlements"]) if args.format == "csv"
                    else json.dumps(export, ensure_ascii=False, indent=2) + "\n")
            if args.output:
                Path(args.output).write_text(text, encoding="utf-8", newline="")
            else:
                sys.stdout.write(text)
            return 0
        else:
            out = Reconciliation(ctx).reconcile(
                SYSTEM, *parse_period(args.start, args.end, ctx.today()))
    except ApiError as exc:
        if exc.status == 404 and args.command == "rehearse":
            print("kiosk server: rehearsal exists only where environment is demo or "
                  "development", file=sys.stderr)
        else:
            print(f"kiosk server: {exc.message} {json.dumps(exc.details)}", file=sys.stderr)
        return 2
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 1 if args.command == "finance" and out.get("balanced") is False else 0


def _rehearse(args: argparse.Namespace, rehearsal: Rehearsal, now: Any) -> Any:
    if args.action == "add":
        return rehearsal.add(args.target, args.operation, args.fault, times=args.times,
                             patient_id=args.patient_id, delay_ms=args.delay_ms, now=now)
    if args.action == "list":
        return {"faults": rehearsal.faults()}
    return {"cleared": rehearsal.clear()}
