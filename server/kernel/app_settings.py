"""Administrator options stored in the database, read by every server process."""

from __future__ import annotations

from server.kernel.models import AppSetting
from server.kernel.runtime import Ctx


def read_setting(ctx: Ctx, key: str) -> tuple[dict | None, str | None]:
    """Return (value, updated_at ISO) of an option, or (None, None) when never set."""
    row = ctx.session.get(AppSetting, key)
    if row is None:
        return None, None
    return dict(row.value), row.updated_at.isoformat()


def write_setting(ctx: Ctx, key: str, value: dict, staff_id: int | None) -> str:
    """Store an option and return its new version stamp."""
    row = ctx.session.get(AppSetting, key)
    if row is None:
        row = AppSetting(key=key)
        ctx.session.add(row)
    row.value, row.updated_at, row.updated_by = value, ctx.clock(), staff_id
    return row.updated_at.isoformat()
