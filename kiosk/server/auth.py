"""Who is asking: API tokens for kiosks and department systems, staff accounts and their
sessions (login and logout), and the ``Principal`` every operation is done as.

Tokens and session tokens are stored only as their sha256; passwords as argon2 hashes.
``cached_principal`` does no I/O, so the event loop may call it; everything else may run on
any thread.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from time import monotonic as time_monotonic
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update

from kiosk.domain.reasons import Reason
from kiosk.server import schema as t
from kiosk.server.context import Context, iso, sha256_hex
from kiosk.server.errors import ApiError
from kiosk.server.statuses import STAFF_ROLES, TOKEN_ROLES, Role

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("not-a-password")
TOKEN_CACHE_SECONDS = 10.0


@dataclass(frozen=True, slots=True)
class Principal:
    role: str  # a Role
    actor: str  # for the audit log: "kiosk:<name>", "department:<code>", "staff:<id>"
    department_code: str | None = None
    staff_id: int | None = None
    session_hash: str | None = None

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES


SYSTEM = Principal(role=Role.SYSTEM, actor="system")


class Auth:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self._token_cache: dict[str, tuple[Principal, float]] = {}

    def create_token(self, role: str, name: str, department_code: str | None = None) -> str:
        if role not in TOKEN_ROLES:
            raise ValueError("role must be kiosk or department")
        token = secrets.token_urlsafe(32)
        with self.ctx.db.write() as conn:
            if department_code is not None and not conn.execute(
                select(t.departments.c.code).where(t.departments.c.code == department_code)
            ).first():
                raise ValueError(f"unknown department {department_code!r}")
            conn.execute(
                t.api_tokens.insert().values(
                    token_hash=sha256_hex(token), role=role, name=name,
                    department_code=department_code, created_at=self.ctx.now(),
                )
            )
            self.ctx.audit(conn, SYSTEM, "token.create", "api_token", name, role=role)
        return token

    def create_staff(self, username: str, password: str, role: str) -> int:
        if role not in STAFF_ROLES:
            raise ValueError(f"role must be one of {tuple(str(r) for r in STAFF_ROLES)}")
        with self.ctx.db.write() as conn:
            staff_id = conn.execute(
                t.staff.insert().values(
                    username=username, password_hash=_hasher.hash(password), role=role,
                    active=True, created_at=self.ctx.now(),
                )
            ).inserted_primary_key[0]
            self.ctx.audit(conn, SYSTEM, "staff.create", "staff", staff_id, role=role)
        return int(staff_id)

    def cached_principal(self, token: str) -> Principal | None:
        """The kiosk or department principal of ``token`` if ``authenticate`` saw it within
        ``TOKEN_CACHE_SECONDS``; no I/O, so the event loop may call it."""
        cached = self._token_cache.get(sha256_hex(token))
        if cached is not None and cached[1] > time_monotonic():
            return cached[0]
        return None

    def authenticate(self, token: str) -> Principal | None:
        """Kiosk and department tokens are remembered for ``TOKEN_CACHE_SECONDS`` (they are
        looked up on every request); staff sessions are checked every time, so a logout or
        an expiry takes effect at once."""
        cached = self.cached_principal(token)
        if cached is not None:
            return cached
        token_hash = sha256_hex(token)
        with self.ctx.db.read() as conn:
            row = conn.execute(
                select(t.api_tokens).where(
                    t.api_tokens.c.token_hash == token_hash, t.api_tokens.c.revoked_at.is_(None)
                )
            ).first()
            if row:
                principal = Principal(role=row.role, actor=f"{row.role}:{row.name}",
                                      department_code=row.department_code)
                if len(self._token_cache) > 10_000:
                    self._token_cache.clear()
                self._token_cache[token_hash] = (principal,
                                                 time_monotonic() + TOKEN_CACHE_SECONDS)
                return principal
            row = conn.execute(
                select(t.staff_sessions, t.staff.c.role, t.staff.c.active)
                .join(t.staff, t.staff.c.staff_id == t.staff_sessions.c.staff_id)
                .where(t.staff_sessions.c.token_hash == token_hash)
            ).first()
        if (not row or row.revoked_at is not None or not row.active
                or row.expires_at <= self.ctx.now()):
            return None
        return Principal(role=row.role, actor=f"staff:{row.staff_id}", staff_id=row.staff_id,
                         session_hash=token_hash)

    def login(self, username: str, password: str) -> dict[str, Any]:
        with self.ctx.db.read() as conn:
            row = conn.execute(select(t.staff).where(t.staff.c.username == username)).first()
        try:
            _hasher.verify(row.password_hash if row else _DUMMY_HASH, password)
            ok = row is not None and row.active
        except (VerificationError, InvalidHashError):
            ok = False
        if not ok or row is None:
            raise ApiError(401, Reason.UNAUTHENTICATED, "wrong username or password")
        token = secrets.token_urlsafe(32)
        expires = self.ctx.now() + timedelta(minutes=self.ctx.settings.session_minutes)
        with self.ctx.db.write() as conn:
            conn.execute(
                t.staff_sessions.insert().values(
                    token_hash=sha256_hex(token), staff_id=row.staff_id,
                    created_at=self.ctx.now(), expires_at=expires,
                )
            )
            self.ctx.audit(conn, Principal(row.role, f"staff:{row.staff_id}"), "session.create",
                           "staff", row.staff_id)
        return {"token": token, "role": row.role, "staff_id": row.staff_id,
                "expires_at": iso(expires)}

    def logout(self, principal: Principal) -> None:
        with self.ctx.db.write() as conn:
            conn.execute(
                update(t.staff_sessions)
                .where(t.staff_sessions.c.token_hash == principal.session_hash)
                .values(revoked_at=self.ctx.now())
            )
            self.ctx.audit(conn, principal, "session.end", "staff", principal.staff_id)
