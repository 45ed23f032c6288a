"""Settings of the backend: database URL, credit rules, timings, walking times and policies.

``Settings`` is plain data; ``load_settings(path)`` reads a TOML file whose top-level keys
are the field names (see docs/server.md). Nothing here touches the database or the network.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import platformdirs

DEFAULT_DB_ENV = "KIOSK_SERVER_DATABASE_URL"
CARD_KEY_ENV = "KIOSK_CARD_ISSUER_KEY_FILE"
ENVIRONMENTS = ("production", "demo", "development")


def default_database_url() -> str:
    """``$KIOSK_SERVER_DATABASE_URL``, else a SQLite file in the platform's user data dir."""
    env = os.environ.get(DEFAULT_DB_ENV)
    if env:
        return env
    data_dir = Path(platformdirs.user_data_dir("kiosk-server", appauthor=False))
    return f"sqlite:///{data_dir / 'kiosk-server.sqlite3'}"


@dataclass(slots=True)
class Settings:
    database_url: str = field(default_factory=default_database_url)
    timezone: str = "Asia/Shanghai"
    credit_score_threshold: int = 600
    # (minimum score, credit limit in fen), best first; below every tier the limit is 0
    credit_limit_tiers: list[tuple[int, int]] = field(
        default_factory=lambda: [(750, 500_000), (700, 300_000), (600, 200_000), (0, 50_000)]
    )
    default_credit_score: int = 650  # reference bureau's answer for people it does not know
    debt_due_days: int = 30
    # "production" (the default), "demo" or "development": the interactive API docs
    # (/docs, /redoc, /openapi.json) are served only outside production
    environment: str = "production"
    session_minutes: int = 480
    # a kiosk's patient session: ends after this long without a request (up to a minute
    # or a fifth of it sooner: kiosk.server.auth.touch_seconds), and at most
    # this long after the card was read, whatever the activity
    patient_session_idle_seconds: int = 300
    # how long an idle kiosk connection is kept open: longer than the kiosks' heartbeat (60 s),
    # so a kiosk keeps its connection between patients and a card after a quiet spell costs no
    # new TCP and TLS handshake (a village clinic's round trip may be a second); a proxy in front
    # must keep it as long (deploy/cluster/haproxy.cfg.in: timeout http-keep-alive)
    keep_alive_seconds: int = 75
    patient_session_max_minutes: int = 30
    # a kiosk without a live session may still settle (never read) a visit of a patient it
    # served this recently: its outbox finishing a tap the backend never received
    patient_session_settle_grace_hours: int = 24
    reversal_max_days: int = 7
    auto_settle_after_minutes: int = 720
    auto_settle_interval_seconds: int = 300  # 0: the server never auto-settles by itself
    # A settlement left in flight by a dead server process is resolved (finished, or its key
    # freed) at most settle_stale_seconds + resume_stale_interval_seconds after it began:
    # under the minute a patient may wait. Stale must stay longer than a request may last
    # (database.retry_seconds of failover retries included); a request outliving it creates
    # nothing (settlement.py), so it is a wait, never a double charge.
    settle_stale_seconds: int = 30
    resume_stale_interval_seconds: float = 15  # 0: only at start and with auto-settle
    # how long a transaction's start is retried while the database fails over (db.py)
    database_retry_seconds: float = 20
    # the fleet view: a kiosk without a heartbeat for longer than this is "silent"
    fleet_silent_seconds: int = 120
    # where each kiosk stands, by its token's name ("kiosk-1" = "门诊楼一层大厅"): a call for
    # help carries it to the counter (kiosk.server.help)
    kiosk_locations: dict[str, str] = field(default_factory=dict)
    # who may read GET /metrics (Prometheus), by address; scrape each server, not through
    # the kiosks' load balancer (docs/server.md "Monitoring")
    metrics_networks: list[str] = field(default_factory=lambda: ["127.0.0.1/32", "::1/128"])
    # `kiosk server prune` (kiosk.server.retention, docs/server.md "Retention"): logs, audit
    # rows, sessions and keys go after retention_days; settlements, debts, refunds, gateway
    # rows and the audit rows about money after retention_money_days (disputes, the
    # insurer's reconciliation)
    retention_days: int = 90
    retention_money_days: int = 3650
    # walking minutes between buildings; same building costs ``walk_same_building_minutes``
    walk_same_building_minutes: int = 2
    walk_default_minutes: int = 6
    walk_minutes: dict[str, int] = field(
        default_factory=lambda: {"A-B": 4, "A-C": 7, "B-C": 5}
    )
    # the hospital's place of treatment (mdtrtarea_admvs, 6 digits): patients insured
    # elsewhere are in_province (same first 2 digits) or cross_province (kiosk.server.regions).
    # The default is the demo region (990101, no real place); a deployment sets its own.
    mdtrtarea_admvs: str = "990101"
    # whether patients insured elsewhere may be treated on credit: in_province "always" or
    # "never"; cross_province "always", "filed" (only those who filed for direct settlement)
    # or "never"
    credit_in_province: str = "always"
    credit_cross_province: str = "filed"
    # the reference insurer's voucher signing key: a file of at least 32 bytes, mode 0600;
    # unset, it makes a random key once per deployment and keeps it in its own table
    insurer_key_file: str | None = None
    # card authentication (kiosk.server.cardauth, docs/server.md "Card authentication"): when
    # required, only a card that answered its challenge right opens credit (care never needs
    # it). The issuer key: a 16-byte file (raw, or 32 hex), mode 0600, readable by the
    # service only; unset, $KIOSK_CARD_ISSUER_KEY_FILE; neither, demo and development use the
    # test key (production never accepts it). Challenges live at most 60 seconds.
    card_authentication_required: bool = True
    card_issuer_key_file: str | None = field(
        default_factory=lambda: os.environ.get(CARD_KEY_ENV) or None)
    card_challenge_seconds: int = 60
    # overrides of kiosk.domain.settlement.DEFAULT_POLICIES keyed by insurance type
    policies: dict[str, dict[str, Any]] = field(default_factory=dict)
    # e-receipts (kiosk.server.receipts): the address patients' phones open receipt links at,
    # and the Ed25519 signing key's file (0600; "" = beside the SQLite database, else in the
    # server's data folder), created if missing
    public_base_url: str = "http://127.0.0.1:8080"
    receipt_key_file: str = ""

    def walk(self, building_a: str, building_b: str) -> int:
        if building_a == building_b:
            return self.walk_same_building_minutes
        for key in (f"{building_a}-{building_b}", f"{building_b}-{building_a}"):
            if key in self.walk_minutes:
                return int(self.walk_minutes[key])
        return self.walk_default_minutes

    def credit_limit_for(self, score: int) -> int:
        for minimum, limit in self.credit_limit_tiers:
            if score >= minimum:
                return int(limit)
        return 0


def load_settings(path: str | Path | None = None, **overrides: Any) -> Settings:
    """Settings from a TOML file (unknown keys are an error), then ``overrides`` on top."""
    values: dict[str, Any] = {}
    if path is not None:
        with open(path, "rb") as fh:
            values.update(tomllib.load(fh))
    values.update({k: v for k, v in overrides.items() if v is not None})
    known = {f.name for f in fields(Settings)}
    unknown = set(values) - known
    if unknown:
        raise ValueError(f"unknown settings: {', '.join(sorted(unknown))}")
    if values.get("environment", "production") not in ENVIRONMENTS:
        raise ValueError(f"environment must be one of {', '.join(ENVIRONMENTS)}")
    if not 1 <= int(values.get("card_challenge_seconds", 60)) <= 60:
        raise ValueError("card_challenge_seconds must be 1..60")
    _check_region_settings(values)
    if "credit_limit_tiers" in values:
        values["credit_limit_tiers"] = [tuple(t) for t in values["credit_limit_tiers"]]
    return Settings(**values)


def _check_region_settings(values: dict[str, Any]) -> None:
    """The place of treatment is 6 digits; the credit rules name known choices."""
    code = values.get("mdtrtarea_admvs", "990101")
    if not (isinstance(code, str) and len(code) == 6 and code.isascii() and code.isdigit()):
        raise ValueError("mdtrtarea_admvs must be a 6-digit region code")
    if values.get("credit_in_province", "always") not in ("always", "never"):
        raise ValueError("credit_in_province must be always or never")
    if values.get("credit_cross_province", "filed") not in ("always", "filed", "never"):
        raise ValueError("credit_cross_province must be always, filed or never")
