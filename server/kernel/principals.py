"""Who may act: staff roles and device kinds, and the principal resolved from a token."""

from __future__ import annotations

from dataclasses import dataclass
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
        return self.kind == "staff" and ROLE_RANK[Role(self.role)] >= ROLE_RANK[role]
