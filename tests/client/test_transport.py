"""The transport against a real HTTP server on loopback, and its pure decisions directly."""

from __future__ import annotations

import json
import logging
import socket
import ssl
import threading
import time

import pytest
import requests
from conftest import Reply, error_reply, free_port, json_reply
from urllib3.exceptions import NewConnectionError

from kiosk.client.answers import classify_exception, decode_response
from kiosk.client.errors import (
    BackendFailure,
    BackendOffline,
    BackendRejected,
    BackendTimeout,
    BackendTlsError,
)
from kiosk.client.transport import (
    MAX_RESPONSE_BYTES,
    BackendConfig,
    Transport,
    backoff_delay,
    check_config,
    encode_json,
    path_of,
    plan_request,
    should_retry,
)

TOKEN = "kiosk-token-123"


def config_for(base_url: str, **kwargs) -> BackendConfig:
    defaults = dict(connect_timeout=2.0, read_timeout=2.0, deadline=5.0, backoff_base=0.01,
                    backoff_cap=0.05)
    defaults.update(kwargs)
    return BackendConfig(base_url=base_url, token=TOKEN, **defaults)


class FakeSleep:
    """Records backoff sleeps instead of waiting them out."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


# --- pure decisions --------------------------------------------------------------------------


def test_check_config_accepts_https_and_loopback_http() -> None:
    check_config(BackendConfig("https://backend.hospital.example"))
    check_config(BackendConfig("http://127.0.0.1:8000"))
    check_config(BackendConfig("http://[::1]:8000"))
    check_config(BackendConfig("http://localhost:8000"))
    check_config(BackendConfig("http://10.0.0.5:8000", allow_plain_http=True))


@pytest.mark.parametrize(
    ("config", "needle"),
    [
        (BackendConfig("http://10.0.0.5:8000"), "plain http"),
        (BackendConfig("ftp://127.0.0.1"), "http(s) URL"),
        (BackendConfig("https://"), "http(s) URL"),
        (BackendConfig("https://h/?x=1"), "query"),
        (BackendConfig("https://h", connect_timeout=0), "connect_timeout"),
        (BackendConfig("https://h", deadline=-1), "deadline"),
        (BackendConfig("https://h", max_attempts=0), "max_attempts"),
        (BackendConfig("https://h", token="a\nb"), "single line"),
    ],
)
def test_check_config_refuses(config: BackendConfig, needle: str) -> None:
    with pytest.raises(ValueError, match=None) as info:
        check_config(config)
    assert needle in str(info.value)


def test_config_repr_hides_the_token() -> None:
    assert "secret" not in repr(BackendConfig("https://h", token="secret"))


def test_plan_request_headers_body_and_timeouts() -> None:
    config = BackendConfig(
        "https://backend.example/api/", token="tok", ca_bundle="/etc/kiosk/ca.pem",
        client_cert=("/etc/kiosk/c.pem", "/etc/kiosk/k.pem"), connect_timeout=3,
        read_timeout=5,
    )
    plan = plan_request(
        config, "post", "/v1/visits/7/settlement", request_id="rid-1", remaining=4.0,
        body={"name": "林秀英", "amount_fen": 100}, idempotency_key="key-1",
    )
    assert plan.method == "POST"
    assert plan.url == "https://backend.example/api/v1/visits/7/settlement"
    assert plan.headers["Authorization"] == "Bearer tok"
    assert plan.headers["X-Request-ID"] == "rid-1"
    assert plan.headers["Idempotency-Key"] == "key-1"
    assert plan.headers["Content-Type"].startswith("application/json")
    assert plan.body == '{"name":"林秀英","amount_fen":100}'.encode()
    assert plan.timeout == (3, 4.0)  # the read timeout is capped by the time left
    assert plan.verify == "/etc/kiosk/ca.pem"
    assert plan.cert == ("/etc/kiosk/c.pem", "/etc/kiosk/k.pem")
    kwargs = plan.as_kwargs()
    assert kwargs["stream"] is True and kwargs["allow_redirects"] is False
    assert kwargs["data"] == plan.body


def test_plan_request_without_token_body_or_key() -> None:
    plan = plan_request(
        BackendConfig("http://127.0.0.1:1"), "GET", "/v1/health", request_id="r",
        remaining=0.5, query={"period": "weekly", "n": 3},
    )
    assert "Authorization" not in plan.headers
    assert "Idempotency-Key" not in plan.headers
    assert "Content-Type" not in plan.headers
    assert plan.body is None
    assert plan.url == "http://127.0.0.1:1/v1/health?period=weekly&n=3"
    assert plan.timeout == (0.5, 0.5)
    assert plan.verify is True


@pytest.mark.parametrize("bad", [{"path": "v1/x"}, {"idempotency_key": ""},
                                 {"idempotency_key": "a\r\nX-Evil: 1"},
                                 {"request_id": "has space"}])
def test_plan_request_refuses_bad_input(bad: dict) -> None:
    args = {"path": "/v1/x", "request_id": "r", "idempotency_key": None} | bad
    with pytest.raises(ValueError):
        plan_request(BackendConfig("http://127.0.0.1:1"), "POST", args.pop("path"),
                     remaining=1, **args)


def test_encode_json_refuses_floats_anywhere() -> None:
    with pytest.raises(TypeError, match=r"body\.items\[1\]\.price"):
        encode_json({"items": [{"price": 1}, {"price": 1.5}]})
    with pytest.raises(TypeError):
        encode_json(float("nan"))
    assert encode_json({"a": [1, True, None, "x"]}) == b'{"a":[1,true,null,"x"]}'


def test_path_of_quotes_every_segment() -> None:
    assert path_of("v1", "visits", 7, "bill") == "/v1/visits/7/bill"
    assert path_of("v1", "settlements", "by-key", "a/b?c") == "/v1/settlements/by-key/a%2Fb%3Fc"


def test_decode_response_success_and_empty() -> None:
    assert decode_response(200, b'{"a": 1}') == {"a": 1}
    assert decode_response(201, '{"name": "林"}'.encode()) == {"name": "林"}
    assert decode_response(204, b"") is None
    assert decode_response(200, b"  ") is None


@pytest.mark.parametrize("raw", [b"<html>", b'{"a": NaN}', b'{"a": 1', b"\xff\xfe"])
def test_decode_response_unreadable_success_is_a_failure(raw: bytes) -> None:
    with pytest.raises(BackendFailure) as info:
        decode_response(200, raw, op="x", request_id="r")
    assert info.value.outcome_unknown is True
    assert info.value.http_status == 200
    assert info.value.op == "x" and info.value.request_id == "r"


def test_decode_response_rejection_with_envelope() -> None:
    raw = json.dumps({"error": {"code": "credit_limit_exceeded", "message": "m",
                                "details": {"available_credit_fen": 12000}}}).encode()
    with pytest.raises(BackendRejected) as info:
        decode_response(409, raw)
    err = info.value
    assert (err.code, err.http_status, err.message) == ("credit_limit_exceeded", 409, "m")
    assert err.details == {"available_credit_fen": 12000}
    assert err.outcome_unknown is False


@pytest.mark.parametrize(
    ("status", "raw", "code"),
    [
        (404, b'{"detail": "Not Found"}', "not_found"),
        (401, b"", "unauthenticated"),
        (418, b"teapot", "http_418"),
        (422, b'{"error": {"code": 5}}', "validation_error"),
        (409, b'{"error": {"code": "visit_closed", "message": "m", "details": null}}',
         "visit_closed"),
    ],
)
def test_decode_response_rejection_codes(status: int, raw: bytes, code: str) -> None:
    with pytest.raises(BackendRejected) as info:
        decode_response(status, raw)
    assert info.value.code == code and info.value.http_status == status
    assert isinstance(info.value.details, dict)


def test_decode_response_server_errors_and_redirects() -> None:
    raw = b'{"error": {"code": "internal_error", "message": "bug", "details": null}}'
    with pytest.raises(BackendFailure) as info:
        decode_response(500, raw)
    assert (info.value.http_status, info.value.code, info.value.outcome_unknown) == (
        500, "internal_error", True)
    with pytest.raises(BackendFailure) as info:
        decode_response(302, b"")
    assert info.value.http_status == 302 and info.value.outcome_unknown is False


def test_classify_exception_kinds() -> None:
    refused = requests.exceptions.ConnectionError(
        NewConnectionError(None, "Failed to establish a new connection: refused"))
    err = classify_exception(refused, deadline_passed=False, op="o", request_id="r")
    assert type(err) is BackendOffline and err.outcome_unknown is False and err.op == "o"

    err = classify_exception(requests.exceptions.ConnectTimeout(), deadline_passed=False)
    assert isinstance(err, BackendTimeout) and err.kind == "connect"
    assert err.outcome_unknown is False

    err = classify_exception(requests.exceptions.ReadTimeout(), deadline_passed=False)
    assert isinstance(err, BackendTimeout) and err.kind == "read" and err.outcome_unknown

    err = classify_exception(requests.exceptions.ConnectionError("reset"), deadline_passed=True)
    assert isinstance(err, BackendTimeout) and err.kind == "deadline"

    dropped = requests.exceptions.ConnectionError(ConnectionResetError(104, "reset"))
    err = classify_exception(dropped, deadline_passed=False)
    assert type(err) is BackendOffline and err.outcome_unknown is True

    verify = requests.exceptions.SSLError(ssl.SSLCertVerificationError(1, "verify failed"))
    assert type(classify_exception(verify, deadline_passed=False)) is BackendTlsError
    handshake = requests.exceptions.SSLError(ssl.SSLError(1, "alert handshake failure"))
    assert type(classify_exception(handshake, deadline_passed=False)) is BackendOffline

    truncated = requests.exceptions.ChunkedEncodingError("incomplete read")
    err = classify_exception(truncated, deadline_passed=False)
    assert type(err) is BackendFailure and err.outcome_unknown


def test_should_retry_only_reads_and_only_transient_errors() -> None:
    offline = BackendOffline("x")
    assert should_retry("GET", offline, 1, 3)
    assert should_retry("get", offline, 2, 3)
    assert not should_retry("GET", offline, 3, 3)
    assert not should_retry("POST", offline, 1, 3)
    assert not should_retry("PUT", offline, 1, 3)
    assert not should_retry("GET", BackendTlsError("x"), 1, 3)
    assert should_retry("GET", BackendTimeout("x", kind="read"), 1, 3)
    assert not should_retry("GET", BackendTimeout("x", kind="deadline"), 1, 3)
    assert should_retry("GET", BackendFailure("x", http_status=503), 1, 3)
    assert not should_retry("GET", BackendFailure("x", http_status=200), 1, 3)
    assert not should_retry("GET", BackendRejected("visit_not_found", 404), 1, 3)
    assert should_retry("GET", BackendRejected("rate_limited", 429), 1, 3)


def test_backoff_grows_is_capped_and_jittered() -> None:
    low = [backoff_delay(n, 0.25, 2.0, lambda: 0.0) for n in range(1, 7)]
    high = [backoff_delay(n, 0.25, 2.0, lambda: 1.0) for n in range(1, 7)]
    assert low == [0.125, 0.25, 0.5, 1.0, 1.0, 1.0]
    assert high == [0.25, 0.5, 1.0, 2.0, 2.0, 2.0]
    assert 0.125 < backoff_delay(1, 0.25, 2.0, lambda: 0.5) < 0.25


# --- against a real server on loopback -------------------------------------------------------


def test_get_sends_token_request_id_and_ignores_proxy_env(loopback, monkeypatch) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # would fail if it were honoured
    monkeypatch.setenv("http_proxy", "http://127.0.0.1:9")
    loopback.script("/v1/health", json_reply(200, {"status": "ok", "schema_version": 1}))
    with Transport(config_for(loopback.base_url)) as transport:
        result = transport.request("GET", "/v1/health", op="health", request_id="abc-1")
    assert result == {"status": "ok", "schema_version": 1}
    (seen,) = loopback.requests_for("/v1/health")
    assert seen.headers["Authorization"] == f"Bearer {TOKEN}"
    assert seen.headers["X-Request-ID"] == "abc-1"
    assert seen.headers["User-Agent"].startswith("kiosk-client/")


def test_each_call_gets_its_own_request_id(loopback) -> None:
    loopback.script("/v1/health", json_reply(200, {}))
    with Transport(config_for(loopback.base_url)) as transport:
        transport.request("GET", "/v1/health", op="health")
        transport.request("GET", "/v1/health", op="health")
    ids = [s.headers["X-Request-ID"] for s in loopback.requests_for("/v1/health")]
    assert len(ids) == 2 and ids[0] != ids[1] and all(len(i) == 32 for i in ids)


def test_post_sends_json_utf8_and_idempotency_key(loopback) -> None:
    loopback.script("/v1/visits/7/settlement", json_reply(201, {"settlement_id": 4}))
    with Transport(config_for(loopback.base_url)) as transport:
        result = transport.request(
            "POST", "/v1/visits/7/settlement", op="settle", body={"n": "林", "fen": 4000},
            idempotency_key="tap-1",
        )
    assert result == {"settlement_id": 4}
    (seen,) = loopback.requests_for("/v1/visits/7/settlement")
    assert seen.method == "POST"
    assert json.loads(seen.body) == {"n": "林", "fen": 4000}
    assert seen.headers["Idempotency-Key"] == "tap-1"


def test_get_is_retried_after_5xx_with_the_same_request_id(loopback) -> None:
    loopback.script(
        "/v1/departments",
        error_reply(503, "internal_error"),
        Reply(kind="hang_up"),
        json_reply(200, {"departments": []}),
    )
    sleep = FakeSleep()
    with Transport(config_for(loopback.base_url, max_attempts=3), sleep=sleep) as transport:
        assert transport.request("GET", "/v1/departments", op="departments") == {
            "departments": []
        }
    seen = loopback.requests_for("/v1/departments")
    assert len(seen) == 3
    assert len({s.headers["X-Request-ID"] for s in seen}) == 1
    assert len(sleep.calls) == 2 and sleep.calls[0] > 0


def test_get_gives_up_after_max_attempts(loopback) -> None:
    loopback.script("/v1/departments", error_reply(502, "internal_error"))
    sleep = FakeSleep()
    transport = Transport(config_for(loopback.base_url, max_attempts=3), sleep=sleep)
    with transport, pytest.raises(BackendFailure) as info:
        transport.request("GET", "/v1/departments", op="departments")
    assert info.value.http_status == 502
    assert len(loopback.requests_for("/v1/departments")) == 3
    assert len(sleep.calls) == 2


def test_post_is_never_retried(loopback) -> None:
    loopback.script("/v1/visits", error_reply(503, "internal_error"))
    sleep = FakeSleep()
    transport = Transport(config_for(loopback.base_url), sleep=sleep)
    with transport, pytest.raises(BackendFailure) as info:
        transport.request("POST", "/v1/visits", op="check_in", body={"patient_id": 1})
    assert info.value.outcome_unknown is True
    assert len(loopback.requests_for("/v1/visits")) == 1
    assert sleep.calls == []


def test_post_hang_up_is_offline_with_unknown_outcome(loopback) -> None:
    loopback.script("/v1/visits/7/settlement", Reply(kind="hang_up"))
    transport = Transport(config_for(loopback.base_url))
    with transport, pytest.raises(BackendOffline) as info:
        transport.request("POST", "/v1/visits/7/settlement", op="settle", body={},
                          idempotency_key="k")
    assert info.value.outcome_unknown is True
    assert len(loopback.requests_for("/v1/visits/7/settlement")) == 1


def test_rejection_is_not_retried(loopback) -> None:
    loopback.script("/v1/visits/9", error_reply(404, "visit_not_found", "no such visit"))
    transport = Transport(config_for(loopback.base_url))
    with transport, pytest.raises(BackendRejected) as info:
        transport.request("GET", "/v1/visits/9", op="visit")
    assert (info.value.code, info.value.http_status) == ("visit_not_found", 404)
    assert len(loopback.requests_for("/v1/visits/9")) == 1


def test_malformed_json_is_a_failure_not_retried(loopback) -> None:
    loopback.script("/v1/departments", Reply(body=b'{"departments": [', status=200))
    with Transport(config_for(loopback.base_url)) as transport, pytest.raises(BackendFailure):
        transport.request("GET", "/v1/departments", op="departments")
    assert len(loopback.requests_for("/v1/departments")) == 1


def test_redirect_is_not_followed(loopback) -> None:
    loopback.script("/v1/health", Reply(status=302, body=b"",
                                        headers={"Location": "http://127.0.0.1:9/x"}))
    transport = Transport(config_for(loopback.base_url))
    with transport, pytest.raises(BackendFailure) as info:
        transport.request("GET", "/v1/health", op="health")
    assert info.value.http_status == 302


def test_oversized_response_is_refused(loopback) -> None:
    loopback.script("/v1/departments", Reply(body=b" " * (MAX_RESPONSE_BYTES + 10)))
    transport = Transport(config_for(loopback.base_url))
    with transport, pytest.raises(BackendFailure, match="too large"):
        transport.request("GET", "/v1/departments", op="departments")


def test_connection_refused_is_offline_and_certainly_not_delivered() -> None:
    port = free_port()  # nothing listens there
    sleep = FakeSleep()
    transport = Transport(config_for(f"http://127.0.0.1:{port}"), sleep=sleep)
    with transport, pytest.raises(BackendOffline) as info:
        transport.request("GET", "/v1/health", op="health")
        assert info.value.outcome_unknown is False
        assert len(sleep.calls) == 2  # a read: three attempts
        with pytest.raises(BackendOffline) as info:
            transport.request("POST", "/v1/visits", op="check_in", body={})
        assert info.value.outcome_unknown is False


def test_slow_answer_hits_the_read_timeout(loopback) -> None:
    loopback.script("/v1/health", json_reply(200, {}, delay=1.5))
    config = config_for(loopback.base_url, read_timeout=0.3, max_attempts=1)
    with Transport(config) as transport, pytest.raises(BackendTimeout) as info:
        transport.request("GET", "/v1/health", op="health")
    assert info.value.kind == "read" and info.value.outcome_unknown


def test_slow_answer_within_the_timeouts_succeeds(loopback) -> None:
    loopback.script("/v1/health", json_reply(200, {"ok": 1}, delay=0.3))
    with Transport(config_for(loopback.base_url, read_timeout=2.0)) as transport:
        assert transport.request("GET", "/v1/health", op="health") == {"ok": 1}


@pytest.mark.parametrize("kind", ["drip", "drip_headers"])
def test_dripping_server_cannot_outlast_the_deadline(loopback, kind: str) -> None:
    # Every byte arrives well within the read timeout; the whole answer would take 60 s.
    loopback.script("/v1/departments", Reply(kind=kind, body=b" " * 300, interval=0.2))
    config = config_for(loopback.base_url, read_timeout=1.0, deadline=1.0)
    started = time.monotonic()
    with Transport(config) as transport, pytest.raises(BackendTimeout) as info:
        transport.request("GET", "/v1/departments", op="departments")
    elapsed = time.monotonic() - started
    assert info.value.kind == "deadline"
    assert elapsed < 10  # bounded by the 1 s deadline, nowhere near the 60 s drip


def test_deadline_leaves_no_room_for_backoff(loopback) -> None:
    loopback.script("/v1/departments", error_reply(503, "internal_error"))
    sleep = FakeSleep()
    config = config_for(loopback.base_url, deadline=3.0, backoff_base=8.0, backoff_cap=8.0)
    with Transport(config, sleep=sleep) as transport, pytest.raises(BackendFailure):
        transport.request("GET", "/v1/departments", op="departments")
    assert sleep.calls == []
    assert len(loopback.requests_for("/v1/departments")) == 1


def test_connection_is_reused_after_a_deadline_abort(loopback) -> None:
    loopback.script("/v1/slow", Reply(kind="drip", body=b" " * 100, interval=0.2))
    loopback.script("/v1/health", json_reply(200, {"ok": 1}))
    config = config_for(loopback.base_url, deadline=0.6, read_timeout=1.0, max_attempts=1)
    transport = Transport(config)
    with transport, pytest.raises(BackendTimeout):
        transport.request("GET", "/v1/slow", op="slow")
        assert transport.request("GET", "/v1/health", op="health", deadline=5) == {"ok": 1}


def test_logs_carry_no_bodies_or_personal_data(loopback, caplog) -> None:
    name, ssn = "林秀英", "990101195603140023"
    loopback.script("/v1/eligibility", json_reply(200, {"patient": {"display_name": name}}))
    loopback.script("/v1/visits", error_reply(409, "not_eligible", f"{name} {ssn}"))
    caplog.set_level(logging.DEBUG)
    with Transport(config_for(loopback.base_url)) as transport:
        transport.request("POST", "/v1/eligibility", op="eligibility",
                          body={"card": {"ssn": ssn, "name": name}}, request_id="rid-42")
        with pytest.raises(BackendRejected):
            transport.request("POST", "/v1/visits", op="check_in", body={"ssn": ssn})
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "rid-42" in text and "eligibility" in text and "not_eligible" in text
    assert name not in text and ssn not in text and TOKEN not in text


def test_many_threads_share_one_transport(loopback) -> None:
    loopback.script("/v1/health", json_reply(200, {"ok": 1}))
    results: list[object] = []
    with Transport(config_for(loopback.base_url)) as transport:

        def work() -> None:
            for _ in range(5):
                results.append(transport.request("GET", "/v1/health", op="health"))

        threads = [threading.Thread(target=work) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    assert results == [{"ok": 1}] * 20


def test_closed_transport_refuses_calls(loopback) -> None:
    loopback.script("/v1/health", json_reply(200, {}))
    transport = Transport(config_for(loopback.base_url))
    transport.close()
    with pytest.raises(BackendOffline):
        transport.request("GET", "/v1/health", op="health")


# --- TLS -------------------------------------------------------------------------------------


def test_tls_verified_against_the_configured_ca(tls_loopback, tls_material) -> None:
    server = tls_loopback()
    server.script("/v1/health", json_reply(200, {"status": "ok"}))
    with Transport(config_for(server.base_url, ca_bundle=tls_material.ca_cert)) as transport:
        assert transport.request("GET", "/v1/health", op="health") == {"status": "ok"}


def test_tls_with_an_untrusted_certificate_fails_without_retry(tls_loopback, tls_material):
    server = tls_loopback()
    server.script("/v1/health", json_reply(200, {"status": "ok"}))
    sleep = FakeSleep()
    config = config_for(server.base_url, ca_bundle=tls_material.other_ca_cert)
    with Transport(config, sleep=sleep) as transport, pytest.raises(BackendTlsError) as info:
        transport.request("GET", "/v1/health", op="health")
    assert info.value.outcome_unknown is False
    assert sleep.calls == []
    assert server.requests_for("/v1/health") == []


def test_tls_system_store_does_not_trust_a_private_ca(tls_loopback) -> None:
    server = tls_loopback()
    server.script("/v1/health", json_reply(200, {}))
    with Transport(config_for(server.base_url)) as transport, pytest.raises(BackendTlsError):
        transport.request("GET", "/v1/health", op="health")


def test_tls_client_certificate(tls_loopback, tls_material) -> None:
    server = tls_loopback(require_client_cert=True)
    server.script("/v1/health", json_reply(200, {"status": "ok"}))
    with_cert = config_for(server.base_url, ca_bundle=tls_material.ca_cert,
                           client_cert=(tls_material.client_cert, tls_material.client_key))
    with Transport(with_cert) as transport:
        assert transport.request("GET", "/v1/health", op="health") == {"status": "ok"}
    without = config_for(server.base_url, ca_bundle=tls_material.ca_cert, max_attempts=1)
    with Transport(without) as transport, pytest.raises(BackendOffline) as info:
        transport.request("GET", "/v1/health", op="health")
    assert not isinstance(info.value, BackendTlsError)
    assert len(server.requests_for("/v1/health")) == 1


def test_tls_drip_is_bounded_by_the_deadline(tls_loopback, tls_material) -> None:
    server = tls_loopback()
    server.script("/v1/departments", Reply(kind="drip", body=b" " * 300, interval=0.2))
    config = config_for(server.base_url, ca_bundle=tls_material.ca_cert, deadline=1.0,
                        read_timeout=1.0)
    with Transport(config) as transport, pytest.raises(BackendTimeout) as info:
        transport.request("GET", "/v1/departments", op="departments")
    assert info.value.kind == "deadline"


def test_socket_timeout_constant_is_the_builtin() -> None:
    assert socket.timeout is TimeoutError  # classify_exception relies on it (3.10+)


def test_config_from_mapping() -> None:
    config = BackendConfig.from_mapping({
        "base_url": "https://backend.example", "token": "t", "ca_bundle": "/etc/ca.pem",
        "client_cert": ["/etc/c.pem", "/etc/k.pem"], "deadline": 8, "read_timeout": 4.5,
    })
    assert config.client_cert == ("/etc/c.pem", "/etc/k.pem")
    assert config.deadline == 8 and config.read_timeout == 4.5
    for bad, key in [
        ({"base_url": "https://h", "colour": "red"}, "colour"),
        ({"token": "t"}, "base_url"),
        ({"base_url": "https://h", "deadline": "10"}, "deadline"),
        ({"base_url": "https://h", "max_attempts": True}, "max_attempts"),
        ({"base_url": "https://h", "client_cert": ["only-one"]}, "client_cert"),
        ({"base_url": "http://192.0.2.1"}, "plain http"),
    ]:
        with pytest.raises(ValueError, match=key):
            BackendConfig.from_mapping(bad)


def test_one_watchdog_thread_fires_deadlines_in_order_and_skips_cancelled_ones() -> None:
    from kiosk.client.deadline import Watchdog

    class Watch:
        def __init__(self, name: str, fired: list[str]) -> None:
            self.name, self._fired, self.cancelled = name, fired, False

        def _fire(self) -> None:
            self._fired.append(self.name)

    fired: list[str] = []
    dog = Watchdog()
    now = time.monotonic()
    late, early, dropped = Watch("late", fired), Watch("early", fired), Watch("dropped", fired)
    dog.watch(now + 0.4, late)  # type: ignore[arg-type]
    dog.watch(now + 0.1, early)  # type: ignore[arg-type]  # earlier: wakes the thread
    dog.watch(now + 0.2, dropped)  # type: ignore[arg-type]
    dropped.cancelled = True  # the call finished in time
    sentinel = threading.Event()

    class Last(Watch):
        def _fire(self) -> None:
            super()._fire()
            sentinel.set()

    dog.watch(now + 0.5, Last("sentinel", fired))  # type: ignore[arg-type]
    # deadlines fire in order: once the last has fired, the cancelled one would have too
    assert sentinel.wait(5)
    assert fired == ["early", "late", "sentinel"]
    def watchdogs() -> int:
        return sum(t.name == "kiosk-deadlines" for t in threading.enumerate())

    before = watchdogs()
    for n in range(20):  # more calls, no more threads
        dog.watch(time.monotonic() + 0.01 * n, Watch(f"w{n}", fired))  # type: ignore[arg-type]
    assert watchdogs() == before
    assert dog._thread is not None and dog._thread.is_alive()


def test_tls_sessions_are_resumed_on_a_new_connection(tls_loopback, tls_material) -> None:
    """Issue 19: a new connection (the server closed the kept one) resumes the TLS session,
    so the server does not send its certificate chain again over a slow link."""
    server = tls_loopback()
    server.script("/v1/health", json_reply(200, {"status": "ok"}))
    # keep_alive=0: no connection is kept, every call makes a new one
    config = config_for(server.base_url, ca_bundle=tls_material.ca_cert, keep_alive=0)
    with Transport(config) as transport:
        for _ in range(3):
            assert transport.request("GET", "/v1/health", op="health") == {"status": "ok"}
        assert transport.tls_resumptions() == 2  # the first handshake was a full one
