"""Who is asking: API tokens for kiosks and department systems, staff accounts and their
sessions (login with throttling, logout), a kiosk's patient sessions, and the ``Principal``
every operation is done as; also the lifecycle of tokens and accounts (list, create with an
expiry, rotate, revoke; disable, reset a password, end sessions, change a role).

Tokens and session tokens are stored only as their sha256; passwords as argon2 hashes. Every
request looks its token up in the database (no cache), so a revocation, an expiry or a
disabled account takes effect on the next request in every server process. Failed logins,
lockouts, revocations and role changes go to the audit log. Any thread may call anything.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, DateTime, bindparam, or_, select, update
from sqlalchemy.exc import IntegrityError

from kiosk.domain.reasons import Reason
from kiosk.server import schema as t
from kiosk.server import throttle
from kiosk.server.context import Context, iso, sha256_hex
from kiosk.server.db import NO_STANDBY_WAIT
from kiosk.server.errors import ApiError
from kiosk.server.statuses import STAFF_ROLES, TOKEN_ROLES, Role, VisitStatus

_DUMMY_PASSWORD = "not-a-password"
# A patient session's last use is written at most this often (seconds), not on every request:
# each write is a commit (and its WAL shipped to both replicas) on a request that only reads.
# The idle end counts from the last use written, so a session ends after between
# patient_session_idle_seconds minus this and patient_session_idle_seconds without a request
# (the default 300 s: 4 to 5 minutes). A shorter idle time is written at least every fifth of
# it (``touch_seconds``).
SESSION_TOUCH_SECONDS = 60


def touch_seconds(idle_seconds: float) -> float:
    """How stale a patient session's written last use may get before a request writes it."""
    return min(SESSION_TOUCH_SECONDS, idle_seconds / 5)


@dataclass(frozen=True, slots=True)
class Principal:
    role: str  # a Role
    actor: str  # for the audit log: "kiosk:<name>", "department:<code>", "staff:<id>"
    department_code: str | None = None
    staff_id: int | None = None
    session_hash: str | None = None  # a staff session's token hash
    token_hash: str | None = None  # a kiosk or department token's hash
    # a kiosk request made within a patient session: whose, and the session's token hash
    patient_id: int | None = None
    patient_session: str | None = None
    # that session's patient proven: the card authenticated (or the identity came another
    # way, the insurer's voucher), or the deployment does not require it; an unproven card
    # reaches none of the patient's visits (bills name what was done: health data)
    patient_proven: bool = False

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES


SYSTEM = Principal(role=Role.SYSTEM, actor="system")
ANONYMOUS = Principal(role="anonymous", actor="anonymous")


_PS = t.patient_sessions
# a live token and, if the request names one, its patient session (all None if none), in one
# statement: built once, so each request only binds its values
_TOKEN_AND_SESSION = (
    select(t.api_tokens.c.role, t.api_tokens.c.name, t.api_tokens.c.department_code,
           *(c.label(f"ps_{c.name}") for c in (
               _PS.c.patient_id, _PS.c.kiosk_token_hash, _PS.c.ended_at, _PS.c.expires_at,
               _PS.c.last_seen_at, _PS.c.card_authenticated, _PS.c.identity)))
    .select_from(t.api_tokens.outerjoin(_PS, _PS.c.token_hash == bindparam("session_hash")))
    .where(t.api_tokens.c.token_hash == bindparam("token_hash"),
           t.api_tokens.c.revoked_at.is_(None),
           or_(t.api_tokens.c.expires_at.is_(None),
               t.api_tokens.c.expires_at > bindparam("now", type_=DateTime))))
_STAFF_SESSION = (
    select(t.staff_sessions, t.staff.c.role, t.staff.c.active)
    .join(t.staff, t.staff.c.staff_id == t.staff_sessions.c.staff_id)
    .where(t.staff_sessions.c.token_hash == bindparam("token_hash")))


# a session's last use (``_touch_session``) and a new session (eligibility): each a
# transaction of one statement whose commit does not wait for the standby (NO_STANDBY_WAIT)
_TOUCH_SESSION = (update(_PS).where(_PS.c.token_hash == bindparam("session"),
                                    _PS.c.ended_at.is_(None), NO_STANDBY_WAIT)
                  .values(last_seen_at=bindparam("now", type_=DateTime)))
_OPENED = {"token_hash": "session", "patient_id": "patient_id", "kiosk_token_hash": "kiosk",
           "created_at": "now", "last_seen_at": "now", "expires_at": "expires_at",
           "card_authenticated": "card_authenticated"}  # column: the parameter it gets
_OPEN_SESSION = _PS.insert().from_select(list(_OPENED), select(*(
    bindparam(parameter, type_=_PS.c[column].type) for column, parameter in _OPENED.items()
)).where(~select(_PS.c.token_hash).where(_PS.c.token_hash == bindparam("session")).exists(),
         NO_STANDBY_WAIT))


_END_SESSION = (update(_PS).where(_PS.c.token_hash == bindparam("session"),
                                  _PS.c.ended_at.is_(None))
                .values(ended_at=bindparam("at"), end_reason=bindparam("why")))
# ... unless its patient has an open visit left to pay
_END_SESSION_IF_PAID = _END_SESSION.where(~select(t.visits.c.visit_id).where(
    t.visits.c.patient_id == bindparam("session_patient"),
    t.visits.c.status == VisitStatus.OPEN).exists())


def end_patient_session(conn: Connection, principal: Principal, reason: str, now: datetime,
                        *, unless_open_visits: bool = False) -> None:
    """End ``principal``'s patient session (if it has one) in ``conn``'s transaction: one
    statement. ``unless_open_visits``: not while its patient has an open visit to pay."""
    if principal.patient_session is None:
        return
    conn.execute(_END_SESSION_IF_PAID if unless_open_visits else _END_SESSION, {
        "session": principal.patient_session, "at": now, "why": reason,
        **({"session_patient": principal.patient_id} if unless_open_visits else {})})


def _token_json(row: Any) -> dict[str, Any]:
    return {"token_id": row.token_id, "role": row.role, "name": row.name,
            "department_code": row.department_code, "created_at": iso(row.created_at),
            "expires_at": iso(row.expires_at), "revoked_at": iso(row.revoked_at)}


def _staff_json(row: Any) -> dict[str, Any]:
    return {"staff_id": row.staff_id, "username": row.username, "role": row.role,
            "active": bool(row.active), "created_at": iso(row.created_at)}


class Auth:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.hasher = PasswordHasher()
        self._dummy_hash = self.hasher.hash(_DUMMY_PASSWORD)

    # ---- API tokens ---------------------------------------------------------------------
    def issue_token(self, role: str, name: str, department_code: str | None = None, *,
                    expires_days: int | None = None, actor: Principal = SYSTEM
                    ) -> dict[str, Any]:
        """A new kiosk or department token: the token itself (shown once) and its record."""
        if role not in TOKEN_ROLES:
            raise ValueError("role must be kiosk or department")
        if (role == Role.DEPARTMENT) != (department_code is not None):
            raise ValueError("a department token names its department; a kiosk token none")
        if expires_days is not None and not 1 <= expires_days <= 3650:
            raise ValueError("expires_days must be 1..3650")
        with self.ctx.db.write() as conn:
            token, row = self._insert_token(conn, role, name, department_code, expires_days)
            self.ctx.audit(conn, actor, "token.create", "api_token", row.token_id, role=role,
                           expires_at=iso(row.expires_at))
        return {"token": token, **_token_json(row)}

    def create_token(self, role: str, name: str, department_code: str | None = None) -> str:
        """A new token without expiry (seed data, ``kiosk server create-token``)."""
        return str(self.issue_token(role, name, department_code)["token"])

    def _insert_token(self, conn: Connection, role: str, name: str,
                      department_code: str | None, expires_days: int | None
                      ) -> tuple[str, Any]:
        if department_code is not None and not conn.execute(
            select(t.departments.c.code).where(t.departments.c.code == department_code)
        ).first():
            raise ValueError(f"unknown department {department_code!r}")
        token, now = secrets.token_urlsafe(32), self.ctx.now()
        conn.execute(t.api_tokens.insert().values(
            token_hash=sha256_hex(token), token_id=secrets.token_hex(6), role=role, name=name,
            department_code=department_code, created_at=now,
            expires_at=None if expires_days is None else now + timedelta(days=expires_days)))
        row = conn.execute(select(t.api_tokens).where(
            t.api_tokens.c.token_hash == sha256_hex(token))).one()
        return token, row

    def list_tokens(self) -> dict[str, Any]:
        with self.ctx.db.read() as conn:
            rows = conn.execute(select(t.api_tokens).order_by(t.api_tokens.c.created_at,
                                                              t.api_tokens.c.token_id)).all()
        return {"tokens": [_token_json(r) for r in rows]}

    def _live_token(self, conn: Connection, token_id: str) -> Any:
        row = conn.execute(select(t.api_tokens).where(
            t.api_tokens.c.token_id == token_id).with_for_update()).first()
        if row is None:
            raise ApiError(404, Reason.NOT_FOUND, "no such token")
        if row.revoked_at is not None:
            raise ApiError(409, Reason.FORBIDDEN, "the token is revoked already")
        return row

    def revoke_token(self, token_id: str, actor: Principal = SYSTEM) -> dict[str, Any]:
        """Revoke a token and end its patient sessions; the next request fails everywhere."""
        with self.ctx.db.write() as conn:
            row = self._live_token(conn, token_id)
            self._revoke(conn, row, actor, "token.revoke")
            row = conn.execute(select(t.api_tokens).where(
                t.api_tokens.c.token_id == token_id)).one()
        return _token_json(row)

    def _revoke(self, conn: Connection, row: Any, actor: Principal, action: str) -> None:
        now = self.ctx.now()
        conn.execute(update(t.api_tokens).where(t.api_tokens.c.token_hash == row.token_hash)
                     .values(revoked_at=now))
        conn.execute(update(t.patient_sessions).where(
            t.patient_sessions.c.kiosk_token_hash == row.token_hash,
            t.patient_sessions.c.ended_at.is_(None)).values(ended_at=now, end_reason="revoked"))
        self.ctx.audit(conn, actor, action, "api_token", row.token_id, role=row.role)

    def rotate_token(self, token_id: str, *, expires_days: int | None = None,
                     actor: Principal = SYSTEM) -> dict[str, Any]:
        """A new token with the old one's role, name and department; the old one is revoked
        at once (install the new one first where a gap matters)."""
        with self.ctx.db.write() as conn:
            old = self._live_token(conn, token_id)
            self._revoke(conn, old, actor, "token.rotate")
            token, row = self._insert_token(conn, old.role, old.name, old.department_code,
                                            expires_days)
            self.ctx.audit(conn, actor, "token.create", "api_token", row.token_id,
                           role=row.role, rotated_from=old.token_id,
                           expires_at=iso(row.expires_at))
        return {"token": token, **_token_json(row)}

    # ---- staff accounts -------------------------------------------------------------------
    def create_staff(self, username: str, password: str, role: str,
                     actor: Principal = SYSTEM) -> int:
        if role not in STAFF_ROLES:
            raise ValueError(f"role must be one of {tuple(str(r) for r in STAFF_ROLES)}")
        password_hash = self.hasher.hash(password)
        try:
            with self.ctx.db.write() as conn:
                staff_id = conn.execute(
                    t.staff.insert().values(
                        username=username, password_hash=password_hash, role=role,
                        active=True, created_at=self.ctx.now(),
                    )
                ).inserted_primary_key[0]
                self.ctx.audit(conn, actor, "staff.create", "staff", staff_id, role=role)
        except IntegrityError:
            raise ValueError("that username is taken") from None
        return int(staff_id)

    def list_staff(self) -> dict[str, Any]:
        with self.ctx.db.read() as conn:
            rows = conn.execute(select(t.staff).order_by(t.staff.c.staff_id)).all()
        return {"staff": [_staff_json(r) for r in rows]}

    def _staff_row(self, conn: Connection, staff_id: int) -> Any:
        row = conn.execute(select(t.staff).where(t.staff.c.staff_id == staff_id)
                           .with_for_update()).first()
        if row is None:
            raise ApiError(404, Reason.NOT_FOUND, "no such staff account")
        return row

    def _end_staff_sessions(self, conn: Connection, staff_id: int) -> int:
        return int(conn.execute(update(t.staff_sessions).where(
            t.staff_sessions.c.staff_id == staff_id, t.staff_sessions.c.revoked_at.is_(None))
            .values(revoked_at=self.ctx.now())).rowcount)

    def update_staff(self, staff_id: int, *, actor: Principal = SYSTEM,
                     active: bool | None = None, role: str | None = None,
                     password: str | None = None, end_sessions: bool = False
                     ) -> dict[str, Any]:
        """Disable or enable an account, change its role, reset its password, end its
        sessions. Disabling, a new role and a new password end every session too."""
        if role is not None and role not in STAFF_ROLES:
            raise ValueError(f"role must be one of {tuple(str(r) for r in STAFF_ROLES)}")
        new_hash = None if password is None else self.hasher.hash(password)
        with self.ctx.db.write() as conn:
            row = self._staff_row(conn, staff_id)
            values: dict[str, Any] = {}
            if active is not None and active != bool(row.active):
                values["active"] = active
                self.ctx.audit(conn, actor, "staff.enable" if active else "staff.disable",
                               "staff", staff_id)
            if role is not None and role != row.role:
                values["role"] = role
                self.ctx.audit(conn, actor, "staff.role", "staff", staff_id,
                               old_role=row.role, new_role=role)
            if new_hash is not None:
                values["password_hash"] = new_hash
                self.ctx.audit(conn, actor, "staff.password_reset", "staff", staff_id)
            if values:
                conn.execute(update(t.staff).where(t.staff.c.staff_id == staff_id)
                             .values(**values))
            if end_sessions or values.get("active") is False or "role" in values or new_hash:
                ended = self._end_staff_sessions(conn, staff_id)
                self.ctx.audit(conn, actor, "session.end_all", "staff", staff_id,
                               sessions=ended)
            row = conn.execute(select(t.staff).where(t.staff.c.staff_id == staff_id)).one()
        return _staff_json(row)

    # ---- authentication --------------------------------------------------------------------
    def authenticate(self, token: str, patient_session: str | None = None) -> Principal | None:
        """The principal of a bearer token, looked up now (a revoked or expired token fails
        on its next request). A kiosk token with ``patient_session`` (the eligibility
        answer's ``session_token``) is a kiosk within that patient's session; with an unknown,
        ended or expired session, or one opened by another kiosk token, it is the kiosk
        alone (which still reads back its own settlements by key). A kiosk's or department's
        request takes one statement (its token and its patient session together)."""
        token_hash, now = sha256_hex(token), self.ctx.now()
        session_hash = None if patient_session is None else sha256_hex(patient_session)
        rows = self.ctx.db.query(_TOKEN_AND_SESSION, {
            "token_hash": token_hash, "now": now, "session_hash": session_hash})
        if rows:
            row = rows[0]
            principal = Principal(role=row.role, actor=f"{row.role}:{row.name}",
                                  department_code=row.department_code, token_hash=token_hash)
            if session_hash is None:
                return principal
            if row.role != Role.KIOSK:
                return None
            return self._in_patient_session(row, principal, session_hash)
        if patient_session is not None:
            return None
        rows = self.ctx.db.query(_STAFF_SESSION, {"token_hash": token_hash})
        if (not rows or rows[0].revoked_at is not None or not rows[0].active
                or rows[0].expires_at <= now):
            return None
        row = rows[0]
        return Principal(role=row.role, actor=f"staff:{row.staff_id}", staff_id=row.staff_id,
                         session_hash=token_hash)

    def _in_patient_session(self, row: Any, kiosk: Principal, session_hash: str
                            ) -> Principal:
        """``row``: the ``_TOKEN_AND_SESSION`` row (the session's columns are None if there
        is no such session)."""
        now = self.ctx.now()
        idle = timedelta(seconds=self.ctx.settings.patient_session_idle_seconds)
        if (row.ps_patient_id is None or row.ps_kiosk_token_hash != kiosk.token_hash
                or row.ps_ended_at is not None or row.ps_expires_at <= now
                or row.ps_last_seen_at + idle <= now):
            return kiosk  # the kiosk alone: a route that needs the session refuses it
        if now - row.ps_last_seen_at >= timedelta(seconds=touch_seconds(idle.total_seconds())):
            self._touch_session(session_hash, now)
        proven = (bool(row.ps_card_authenticated) or row.ps_identity != "card"
                  or not self.ctx.settings.card_authentication_required)
        return replace(kiosk, patient_id=int(row.ps_patient_id), patient_session=session_hash,
                       patient_proven=proven)

    def _touch_session(self, session_hash: str, now: datetime) -> None:
        # a touch lost in a failover makes the session look idle a few seconds early
        self.ctx.db.write_one(_TOUCH_SESSION, {"session": session_hash, "now": now})

    def open_patient_session(self, kiosk: Principal, patient_id: int, *,
                             card_authenticated: bool = False) -> dict[str, Any]:
        """A new patient session for ``kiosk`` (the eligibility answer carries it);
        ``card_authenticated``: the card answered its challenge (``kiosk.server.cardauth``)."""
        session, now = secrets.token_urlsafe(32), self.ctx.now()
        settings = self.ctx.settings
        # one statement, a transaction of its own (sent again through a failover: it inserts
        # nothing the second time), whose commit the card's answer waits for: it does not
        # wait for the standby too. A session lost with a primary (opened a moment before,
        # nothing written in it since) asks the patient to insert the card again; the first
        # write made in it that does wait (a check-in, a settlement) carries it along
        self.ctx.db.write_one(_OPEN_SESSION, {
            "session": sha256_hex(session), "patient_id": patient_id,
            "kiosk": kiosk.token_hash, "now": now, "card_authenticated": card_authenticated,
            "expires_at": now + timedelta(minutes=settings.patient_session_max_minutes)})
        return {"session_token": session,
                "session_idle_seconds": settings.patient_session_idle_seconds}

    def end_patient_session(self, principal: Principal, reason: str, *,
                            unless_open_visits: bool = False) -> None:
        """End the request's patient session: card out, or (``unless_open_visits``) a
        settlement that left the patient no open visit to pay."""
        if principal.patient_session is None:
            return
        with self.ctx.db.write() as conn:
            end_patient_session(conn, principal, reason, self.ctx.now(),
                                unless_open_visits=unless_open_visits)

    # ---- login -----------------------------------------------------------------------------
    def login(self, username: str, password: str, address: str = "") -> dict[str, Any]:
        """A staff session for the right password. Throttled per account and per client
        address (``kiosk.server.throttle``): a refused try answers ``429`` with
        ``Retry-After`` and never reaches the password hash."""
        keys = ((f"account:{username}", throttle.ACCOUNT_LIMIT),
                (f"address:{address}", throttle.ADDRESS_LIMIT))
        now = self.ctx.now()
        with self.ctx.db.read() as conn:
            memories = {key: self._memory(conn, key) for key, _limit in keys}
            row = conn.execute(select(t.staff).where(t.staff.c.username == username)).first()
        wait = max(throttle.wait_seconds(limit, memories[key], now) for key, limit in keys)
        if wait:
            raise ApiError(429, Reason.UNAUTHENTICATED, "too many failed logins; wait",
                           {"retry_after_seconds": wait}, headers={"Retry-After": str(wait)})
        try:
            self.hasher.verify(row.password_hash if row else self._dummy_hash, password)
            ok = row is not None and row.active
        except (VerificationError, InvalidHashError):
            ok = False
        if not ok or row is None:
            self._failed_login(keys, row, now)
            raise ApiError(401, Reason.UNAUTHENTICATED, "wrong username or password")
        token = secrets.token_urlsafe(32)
        expires = now + timedelta(minutes=self.ctx.settings.session_minutes)
        with self.ctx.db.write() as conn:
            conn.execute(t.login_failures.delete().where(
                t.login_failures.c.key == keys[0][0]))
            conn.execute(
                t.staff_sessions.insert().values(
                    token_hash=sha256_hex(token), staff_id=row.staff_id,
                    created_at=now, expires_at=expires,
                )
            )
            self.ctx.audit(conn, Principal(row.role, f"staff:{row.staff_id}"), "session.create",
                           "staff", row.staff_id)
        return {"token": token, "role": row.role, "staff_id": row.staff_id,
                "expires_at": iso(expires)}

    @staticmethod
    def _memory(conn: Connection, key: str) -> throttle.Memory | None:
        row = conn.execute(select(t.login_failures).where(
            t.login_failures.c.key == key)).first()
        return None if row is None else throttle.Memory(row.failures, row.last_failure_at,
                                                        row.locked_until)

    def _failed_login(self, keys: tuple[tuple[str, throttle.Limit], ...], row: Any,
                      now: datetime) -> None:
        who = "unknown" if row is None else row.staff_id
        for attempt in range(3):
            try:
                with self.ctx.db.write() as conn:
                    counted = [self._count_failure(conn, key, limit, who, now)
                               for key, limit in keys]
                    self.ctx.audit(conn, ANONYMOUS, "login.fail", "staff", who,
                                   failures=counted[0])
                return
            except IntegrityError:  # a concurrent failure inserted the same key first
                if attempt == 2:
                    raise

    def _count_failure(self, conn: Connection, key: str, limit: throttle.Limit, who: object,
                       now: datetime) -> int:
        """One more failure on ``key`` (read again in this write transaction, so
        concurrent failures all count); audits the lockout it causes."""
        memory = throttle.after_failure(limit, self._memory(conn, key), now)
        values = {"failures": memory.failures, "last_failure_at": now,
                  "locked_until": memory.locked_until}
        if conn.execute(update(t.login_failures).where(
                t.login_failures.c.key == key).values(**values)).rowcount == 0:
            conn.execute(t.login_failures.insert().values(key=key, **values))
        if memory.locked_until is not None and memory.failures == limit.lock_after:
            self.ctx.audit(conn, ANONYMOUS, "login.lockout", "staff", who,
                           scope=key.split(":", 1)[0], locked_until=iso(memory.locked_until))
        return memory.failures

    def logout(self, principal: Principal) -> None:
        with self.ctx.db.write() as conn:
            conn.execute(
                update(t.staff_sessions)
                .where(t.staff_sessions.c.token_hash == principal.session_hash)
                .values(revoked_at=self.ctx.now())
            )
            self.ctx.audit(conn, principal, "session.end", "staff", principal.staff_id)
