"""Test doubles of the settlement backend for the journal's tests.

``LedgerBackend`` is a small in-process backend with the real rules that matter here: a key
names one settlement (re-sending it returns the same answer), a visit is settled at most once,
the amount must match. Faults are scripted per call: ``fail_next("settle", "timeout_after")``
makes the next settle commit and then lose its answer, and so on.

``HttpLedger`` serves a ``LedgerBackend`` over HTTP on loopback (for the crash tests, where the
kiosk side is a separate process that gets SIGKILLed), and ``HttpBackend`` is the matching
client side, raising ``FakeBackendError`` (``outcome_unknown``, ``code``, ``http_status``).

``classify_fake`` is the classifier the journal's tests hand the worker: it reads
``FakeBackendError`` the way ``kiosk.flow.settling.settlement_outcome`` reads the real client's
errors, so the journal is tested without the client.
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from kiosk.journal.recovery import CallResult, Outcome


class FakeBackendError(Exception):
    def __init__(self, *, outcome_unknown: bool, code: str = "", http_status: int = 0) -> None:
        super().__init__(code or ("unknown" if outcome_unknown else "offline"))
        self.outcome_unknown = outcome_unknown
        self.code = code
        self.http_status = http_status


def classify_fake(exc: BaseException) -> CallResult:
    """A refusal -> ``REJECTED``; the backend may have acted, or an exception this does not
    know -> ``NO_ANSWER``; it certainly did not -> ``OFFLINE``."""
    if not isinstance(exc, FakeBackendError):
        return CallResult(Outcome.NO_ANSWER)
    status = exc.http_status or None
    if exc.outcome_unknown:
        return CallResult(Outcome.NO_ANSWER, code=exc.code or None, http_status=status)
    if exc.code and status is not None and 400 <= status < 500:
        return CallResult(Outcome.REJECTED, code=exc.code, http_status=status)
    return CallResult(Outcome.OFFLINE)


def offline() -> FakeBackendError:
    return FakeBackendError(outcome_unknown=False)


def timed_out() -> FakeBackendError:
    return FakeBackendError(outcome_unknown=True)


def rejected(code: str, http_status: int = 409) -> FakeBackendError:
    return FakeBackendError(outcome_unknown=False, code=code, http_status=http_status)


class LedgerBackend:
    """Settlements by idempotency key and by visit; faults scripted per call."""

    def __init__(self, bills: dict[str, tuple[int, int]] | None = None) -> None:
        self.bills = dict(bills or {})  # visit_id -> (medfee_sumamt_fen, psn_cash_pay_fen)
        self.by_key: dict[str, dict[str, Any]] = {}
        self.calls: list[tuple[str, str]] = []  # (method, idempotency_key)
        self._faults: dict[str, deque[str]] = {"settle": deque(), "status": deque()}
        self._lock = threading.Lock()

    def fail_next(self, method: str, *faults: str) -> None:
        """Queue faults: 'offline', 'timeout_before' (not received), 'timeout_after'
        (committed, answer lost), 'server_error_after', or 'reject:<code>'."""
        self._faults[method].extend(faults)

    def settlements_for(self, visit_id: str) -> list[dict[str, Any]]:
        return [s for s in self.by_key.values() if s["visit_id"] == visit_id]

    def _fault(self, method: str) -> str | None:
        queue = self._faults[method]
        return queue.popleft() if queue else None

    def settle(
        self,
        visit_id: str,
        idempotency_key: str,
        expected_medfee_sumamt_fen: int,
        expected_psn_cash_pay_fen: int,
    ) -> dict[str, Any]:
        with self._lock:
            self.calls.append(("settle", idempotency_key))
            fault = self._fault("settle")
            if fault == "offline":
                raise offline()
            if fault == "timeout_before":
                raise timed_out()
            if fault and fault.startswith("reject:"):
                raise rejected(fault.split(":", 1)[1])
            result = self._settle(
                visit_id, idempotency_key, expected_medfee_sumamt_fen, expected_psn_cash_pay_fen
            )
            if fault == "timeout_after":
                raise timed_out()
            if fault == "server_error_after":
                raise FakeBackendError(outcome_unknown=True, code="internal", http_status=500)
            return result

    def _settle(self, visit_id: str, key: str, total: int, cash: int) -> dict[str, Any]:
        if key in self.by_key:
            return self.by_key[key]
        if self.settlements_for(visit_id):
            raise rejected("already_settled")
        bill = self.bills.get(visit_id)
        if bill is None:
            raise rejected("visit_not_found", 404)
        if bill != (total, cash):
            raise rejected("amount_changed")
        number = f"S{len(self.by_key) + 1:06d}"
        settlement = {
            "settlement_no": number,
            "visit_id": visit_id,
            "idempotency_key": key,
            "medfee_sumamt_fen": total,
            "psn_cash_pay_fen": cash,
        }
        self.by_key[key] = settlement
        return settlement

    def settlement_status(self, idempotency_key: str) -> dict[str, Any] | None:
        with self._lock:
            self.calls.append(("status", idempotency_key))
            fault = self._fault("status")
            if fault == "offline":
                raise offline()
            if fault in ("timeout_before", "timeout_after"):
                raise timed_out()
            if fault and fault.startswith("reject:"):
                raise rejected(fault.split(":", 1)[1], 401)
            return self.by_key.get(idempotency_key)


class HttpLedger:
    """Serves a LedgerBackend on 127.0.0.1. ``hold_settle`` makes the next settle request
    announce itself on ``settle_arrived`` and then wait for ``release`` (before or after it
    commits, per ``hold_settle``) so a test can kill the client mid-send."""

    def __init__(self, ledger: LedgerBackend) -> None:
        self.ledger = ledger
        self.hold_settle: str | None = None  # None, "before_commit", "after_commit"
        self.settle_arrived = threading.Event()
        self.release = threading.Event()
        handler = self._handler()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> HttpLedger:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _reply(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # the client died mid-request

            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                body = json.loads(self.rfile.read(length))
                hold = outer.hold_settle
                outer.hold_settle = None
                if hold == "before_commit":
                    outer.settle_arrived.set()
                    outer.release.wait(30)
                    return self._reply(503, {"error": {"code": "gone"}})
                try:
                    result = outer.ledger.settle(
                        body["visit_id"], body["idempotency_key"],
                        body["medfee_sumamt_fen"], body["psn_cash_pay_fen"],
                    )
                except FakeBackendError as exc:
                    return self._reply(exc.http_status or 503, {"error": {"code": exc.code}})
                if hold == "after_commit":
                    outer.settle_arrived.set()
                    outer.release.wait(30)
                self._reply(200, result)

            def do_GET(self) -> None:
                key = self.path.rsplit("/", 1)[-1]
                status = outer.ledger.settlement_status(key)
                if status is None:
                    return self._reply(404, {"error": {"code": "settlement_not_found"}})
                self._reply(200, status)

        return Handler


class HttpBackend:
    """The kiosk side of HttpLedger: the SettlementBackend protocol over urllib."""

    def __init__(self, url: str, timeout: float = 10.0) -> None:
        self.url = url
        self.timeout = timeout

    def _call(self, request: urllib.request.Request) -> dict[str, Any] | None:
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                return json.loads(answer.read())
        except urllib.error.HTTPError as exc:
            body = json.loads(exc.read() or b"{}")
            code = body.get("error", {}).get("code", "")
            if exc.code == 404 and code == "settlement_not_found":
                return None
            raise FakeBackendError(
                outcome_unknown=exc.code >= 500, code=code, http_status=exc.code
            ) from None
        except urllib.error.URLError as exc:
            refused = isinstance(exc.reason, ConnectionRefusedError)
            raise FakeBackendError(outcome_unknown=not refused) from None
        except TimeoutError:
            raise timed_out() from None

    def settle(
        self,
        visit_id: str,
        idempotency_key: str,
        expected_medfee_sumamt_fen: int,
        expected_psn_cash_pay_fen: int,
    ) -> dict[str, Any]:
        body = json.dumps(
            {
                "visit_id": visit_id,
                "idempotency_key": idempotency_key,
                "medfee_sumamt_fen": expected_medfee_sumamt_fen,
                "psn_cash_pay_fen": expected_psn_cash_pay_fen,
            }
        ).encode()
        request = urllib.request.Request(
            f"{self.url}/settle", data=body, headers={"Content-Type": "application/json"}
        )
        result = self._call(request)
        assert result is not None
        return result

    def settlement_status(self, idempotency_key: str) -> dict[str, Any] | None:
        return self._call(urllib.request.Request(f"{self.url}/status/{idempotency_key}"))
