"""Tests for the setup's answers, each returning ``CheckResult(ok, code, detail)``.

- ``check_backend(url, token, ca, cert, key)``: the URL and files are valid, ``/v1/health``
  answers and ``GET /v1/departments`` accepts the token (codes: ``ok``,
  ``backend_url_invalid``, ``file_missing``, ``offline``, ``timeout``, ``tls``,
  ``unauthenticated``, ...);
- ``seen_readers()``: the readers PC/SC offers right now (``None``: no PC/SC service);
- ``check_escpos(host, port)``: a TCP connection to the network printer opens.

Nothing here logs or returns the token. Threads: every function blocks; call them through
``kiosk.qt.background``.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from pathlib import Path

from kiosk.config import ConfigError, check_backend_url


@dataclass(frozen=True, slots=True)
class CheckResult:
    ok: bool
    code: str
    detail: str = ""


def check_backend(url: str, token: str, ca_bundle: str = "", client_cert: str = "",
                  client_key: str = "", deadline: float = 8.0) -> CheckResult:
    from kiosk.client import (
        BackendClient,
        BackendConfig,
        BackendError,
        BackendRejected,
        BackendTlsError,
    )
    from kiosk.client.errors import failure_kind

    try:
        url = check_backend_url(url.strip())
    except ConfigError as exc:
        return CheckResult(False, exc.code)
    if not token.strip():
        return CheckResult(False, "token_missing")
    for path in (ca_bundle, client_cert, client_key):
        if path and not Path(path).is_file():
            return CheckResult(False, "file_missing", path)
    if bool(client_cert) != bool(client_key):
        return CheckResult(False, "client_cert_needs_key")
    config = BackendConfig(base_url=url, token=token.strip(), ca_bundle=ca_bundle or None,
                           client_cert=(client_cert, client_key) if client_cert else None,
                           deadline=deadline)
    try:
        with BackendClient(config) as client:
            client.health()
            count = len(client.departments())
    except BackendTlsError:
        return CheckResult(False, "tls")
    except BackendRejected as exc:
        return CheckResult(False, str(exc.code or "rejected"))
    except BackendError as exc:
        return CheckResult(False, failure_kind(exc))
    return CheckResult(True, "ok", f"{count} departments")


def seen_readers() -> list[str] | None:
    """The readers seen now; ``None`` when pyscard or the PC/SC service is missing."""
    try:
        from kiosk.card import list_readers
    except ImportError:
        return None
    from kiosk.domain.card import CardError

    try:
        return list_readers()
    except CardError:
        return None


def check_escpos(host: str, port: int, timeout: float = 3.0) -> CheckResult:
    if not host or not 0 < port < 65536:
        return CheckResult(False, "printer_invalid")
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return CheckResult(True, "ok")
    except TimeoutError:
        return CheckResult(False, "timeout")
    except OSError:
        return CheckResult(False, "offline")
