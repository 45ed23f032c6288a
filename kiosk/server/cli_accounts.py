"""``kiosk server tokens ...`` and ``kiosk server staff ...``: the lifecycle of kiosk and
department tokens and of staff accounts from the command line (the admin API offers the same,
``kiosk.server.admin_routes``). Every change is audited as ``system``.

    kiosk server tokens list
    kiosk server tokens create --kiosk NAME | --department CODE [--expires-days N]
    kiosk server tokens rotate TOKEN_ID [--expires-days N]
    kiosk server tokens revoke TOKEN_ID
    kiosk server staff list
    kiosk server staff disable|enable|end-sessions STAFF_ID
    kiosk server staff set-role STAFF_ID clerk|supervisor|admin
    kiosk server staff reset-password STAFF_ID [--password-stdin]

A new or rotated token is printed once, with its record, as JSON; it is stored only as its
hash. A revocation takes effect on the next request in every server process.
"""

from __future__ import annotations

import argparse
import json
import secrets
import sys
from collections.abc import Callable
from typing import Any

from kiosk.server.errors import ApiError
from kiosk.server.statuses import STAFF_ROLES, Role

Parents = Callable[[], list[argparse.ArgumentParser]]


def add_parsers(sub: Any, parents: Parents) -> None:
    tokens = sub.add_parser("tokens", parents=parents(), help="list, create, rotate, revoke "
                            "kiosk and department tokens")
    tsub = tokens.add_subparsers(dest="action", required=True)
    tsub.add_parser("list", parents=parents())
    create = tsub.add_parser("create", parents=parents())
    group = create.add_mutually_exclusive_group(required=True)
    group.add_argument("--kiosk", metavar="NAME")
    group.add_argument("--department", metavar="CODE")
    create.add_argument("--expires-days", type=int)
    rotate = tsub.add_parser("rotate", parents=parents())
    rotate.add_argument("token_id")
    rotate.add_argument("--expires-days", type=int)
    tsub.add_parser("revoke", parents=parents()).add_argument("token_id")

    staff = sub.add_parser("staff", parents=parents(), help="list staff accounts, disable, "
                           "enable, change a role, reset a password, end sessions")
    ssub = staff.add_subparsers(dest="action", required=True)
    ssub.add_parser("list", parents=parents())
    for action in ("disable", "enable", "end-sessions"):
        ssub.add_parser(action, parents=parents()).add_argument("staff_id", type=int)
    role = ssub.add_parser("set-role", parents=parents())
    role.add_argument("staff_id", type=int)
    role.add_argument("role", choices=[str(r) for r in STAFF_ROLES])
    reset = ssub.add_parser("reset-password", parents=parents())
    reset.add_argument("staff_id", type=int)
    reset.add_argument("--password-stdin", action="store_true",
                       help="read the password from stdin (else one is generated and printed)")


def run(args: argparse.Namespace, service: Any) -> int:
    """Run ``tokens``/``staff`` ``args.action``; prints JSON; 2 on a refusal."""
    auth = service.auth
    try:
        out = _tokens(args, auth) if args.command == "tokens" else _staff(args, auth)
    except (ValueError, ApiError) as exc:
        print(f"kiosk server: {getattr(exc, 'message', exc)}", file=sys.stderr)
        return 2
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0


def _tokens(args: argparse.Namespace, auth: Any) -> dict[str, Any]:
    if args.action == "list":
        return dict(auth.list_tokens())
    if args.action == "create":
        role = Role.KIOSK if args.kiosk else Role.DEPARTMENT
        return dict(auth.issue_token(role, args.kiosk or args.department,
                                     None if args.kiosk else args.department,
                                     expires_days=args.expires_days))
    if args.action == "rotate":
        return dict(auth.rotate_token(args.token_id, expires_days=args.expires_days))
    return dict(auth.revoke_token(args.token_id))


def _staff(args: argparse.Namespace, auth: Any) -> dict[str, Any]:
    if args.action == "list":
        return dict(auth.list_staff())
    changes: dict[str, Any] = {
        "disable": {"active": False}, "enable": {"active": True},
        "end-sessions": {"end_sessions": True},
    }.get(args.action, {})
    generated = None
    if args.action == "set-role":
        changes = {"role": args.role}
    elif args.action == "reset-password":
        if args.password_stdin:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = generated = secrets.token_urlsafe(12)
        if not password:
            raise ValueError("empty password")
        changes = {"password": password}
    out = dict(auth.update_staff(args.staff_id, **changes))
    if generated is not None:
        out["password"] = generated
    return out
