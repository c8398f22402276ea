"""Who may act: staff roles and device kinds, and the principal resolved from a token."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Role(StrEnum):
    """Staff roles; each includes the rights of the ones before it."""

    OFFICER = "officer"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


ROLE_RANK = {Role.OFFICER: 1, Role.SUPERVISOR: 2, Role.ADMIN: 3}


class DeviceKind(StrEnum):
    """Unattended devices that hold a long-lived token."""

    KIOSK = "kiosk"
    BOARD = "board"
    TABLET = "tablet"
    RATING = "rating"  # the citizen-facing satisfaction screen beside a counter


@dataclass(frozen=True)
class Principal:
    """Who is calling: a staff member or a device, always bound to a center."""

    kind: str  # "staff" | "device"
    id: int
    center_id: int | None
    role: str | None = None  # staff role
    device_kind: str | None = None
    name: str = ""
    config: dict | None = None

    def has_role(self, role: Role) -> bool:
        """Tell whether a staff principal holds at least this role."""
        return self.kind == "staff" and self.role is not None and \
            ROLE_RANK[Role(self.role)] >= ROLE_RANK[role]


class TokenCache:
    """Tokens resolved recently in this process, each trusted until its expiry instant."""

    MAX = 10_000

    def __init__(self) -> None:
        self._entries: dict[str, tuple[Principal, datetime]] = {}

    def get(self, token: str, now: datetime) -> Principal | None:
        """Return the cached principal of a token unless its entry has expired."""
        hit = self._entries.get(token)
        return hit[0] if hit is not None and hit[1] > now else None

    def put(self, token: str, who: Principal, until: datetime) -> None:
        """Remember a token's principal until `until` (the cache is cleared when full)."""
        if len(self._entries) > self.MAX:
            self._entries.clear()
        self._entries[token] = (who, until)

    def forget(self, token: str) -> None:
        """Drop one token (logout, device revoked)."""
        self._entries.pop(token, None)
