"""``kiosk server receipts ...``: the e-receipt signing key and link checks.

    kiosk server receipts public-key                 the public key (JSON: base64url, PEM, id)
    kiosk server receipts verify URL [--public-key KEY]   is this receipt link genuine?

``verify`` checks the signature only (``kiosk.server.receipts.verify_link``), with the key given
(``--public-key``: the base64url ``public_key`` of ``GET /v1/receipts/public-key``, or a PEM
file) or else this server's own key file; it needs no database. Exit status 0: genuine (the
signed settlement id, total and time are printed as JSON); 1: not genuine.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk.server.config import Settings
from kiosk.server.receipts import ReceiptSigner, public_key_json, verify_link


def add_parsers(sub: Any, parents: Callable[[], list[argparse.ArgumentParser]]) -> None:
    receipts = sub.add_parser("receipts", parents=parents(),
                              help="the e-receipt signing key; verify a receipt link")
    which = receipts.add_subparsers(dest="receipts_command", required=True)
    which.add_parser("public-key", parents=parents(), help="print the public key (JSON)")
    verify = which.add_parser("verify", parents=parents(), help="verify a receipt link")
    verify.add_argument("url", help="the link from the receipt's QR code")
    verify.add_argument("--public-key", metavar="KEY",
                        help="base64url public key or a PEM file (default: this server's key); "
                             "write --public-key=KEY, as a key may begin with '-'")


def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.receipts_command == "public-key":
        print(json.dumps(public_key_json(ReceiptSigner.for_settings(settings).public_key())))
        return 0
    given: str | None = getattr(args, "public_key", None)
    if given and Path(given).is_file():
        given = Path(given).read_text(encoding="ascii")
    try:
        key = given if given else ReceiptSigner.for_settings(settings).public_key()
        claim = verify_link(args.url, key)
    except ValueError as exc:
        print(json.dumps({"valid": False, "error": str(exc)}))
        return 2
    if claim is None:
        print(json.dumps({"valid": False}))
        return 1
    print(json.dumps({"valid": True, "settlement_id": claim.settlement_id,
                      "medfee_sumamt_fen": claim.medfee_sumamt_fen,
                      "created_at": claim.created_at.isoformat().replace("+00:00", "Z")}))
    return 0
