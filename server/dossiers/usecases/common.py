"""Small pieces every dossier use case shares: settings, text folding, lookups, errors."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from sqlalchemy import select

from server.dossiers.models import Dossier, Procedure
from server.dossiers.settings import dossier_settings
from server.kernel.errors import DomainError, bad_request
from server.kernel.runtime import Ctx
from server.kernel.settings import Settings
from server.kernel.text import has_nul  # noqa: F401  (re-exported for dossier modules)

CHANNELS = ("in_person", "online", "postal")
CLOSING = time(17, 0)  # a due date written as a day falls at closing time
RESULT_METHODS = ("in_person", "post", "online")
PAYMENT_METHODS = ("cash", "transfer", "online")


def files_dir(settings: Settings) -> Path:
    """Return the folder digitised documents are stored in."""
    configured = dossier_settings(settings).files_dir
    return Path(configured) if configured else Path(settings.instance_path) / "dossier_files"


def cutoff(settings: Settings) -> time | None:
    """Return the after-hours cutoff ("15:00"), None when disabled ("none")."""
    raw = str(dossier_settings(settings).cutoff).strip().lower()
    if raw in ("none", "off", "false", "0"):
        return None
    try:
        hours, minutes = raw.split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        raise DomainError("settings.bad_cutoff", f"Giờ chốt nhận hồ sơ không hợp lệ: {raw}",
                          f"Bad dossier_cutoff setting: {raw}", 500) from None


_D_MAP = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str | None) -> str:
    """Lower-case and strip Vietnamese diacritics: 'Đăng ký khai sinh' -> 'dang ky khai sinh'."""
    text = (text or "").translate(_D_MAP)
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return re.sub(r"\s+", " ", stripped.lower()).strip()


def procedure_of(ctx: Ctx, dossier: Dossier) -> Procedure:
    """Return the procedure version a dossier was accepted under (its foreign key)."""
    procedure = ctx.session.get(Procedure, dossier.procedure_id)
    if procedure is None:
        raise DomainError("procedure.not_found",
                          f"Không tìm thấy thủ tục của hồ sơ: {dossier.code}",
                          f"The procedure of dossier {dossier.code} is missing", 404)
    return procedure


def refuse_nul(value: Any) -> None:
    """Raise a clear 400 for input holding NUL characters."""
    if has_nul(value):
        raise bad_request("request.bad_characters", "Dữ liệu chứa ký tự không hợp lệ (NUL)",
                          "The input contains invalid characters (NUL)")


def dossier_not_found(code: str) -> DomainError:
    """The one 404 for unknown codes and wrong secrets alike (codes cannot be probed)."""
    return DomainError("dossier.not_found", f"Không tìm thấy hồ sơ: {code}",
                       f"Unknown dossier (or wrong secret): {code}", 404)


def get_dossier(ctx: Ctx, code: str, center_id: int | None = None,
                for_update: bool = False) -> Dossier:
    """Return a dossier by code (restricted to a center when given); lock it for writes."""
    if has_nul(code):
        raise dossier_not_found(str(code).replace("\x00", ""))
    query = select(Dossier).where(Dossier.code == str(code or "").strip())
    if for_update:
        query = query.with_for_update()
    dossier = ctx.session.scalar(query)
    if dossier is None or (center_id is not None and dossier.center_id != center_id):
        raise dossier_not_found(code)
    return dossier


def text_field(body: dict, key: str, *, required: bool = False, max_len: int = 200,
               label: tuple[str, str] | None = None) -> str:
    """Read a string field of a JSON body, trimmed; clear 400 when missing or too long."""
    value = body.get(key)
    vi, en = label or (key, key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise bad_request(f"dossier.{key}_required", f"Cần nhập {vi}", f"{en} is required")
        return ""
    if not isinstance(value, str | int):
        raise bad_request(f"dossier.bad_{key}", f"{vi} không hợp lệ", f"{en} must be text")
    value = str(value).strip()
    if len(value) > max_len:
        raise bad_request(f"dossier.bad_{key}", f"{vi} quá dài (tối đa {max_len} ký tự)",
                          f"{en} is too long (at most {max_len} characters)")
    return value


def parse_instant(raw: Any, key: str, tz: str) -> datetime:
    """Parse an ISO date-time (naive = the center's local time) into aware UTC."""
    from datetime import UTC
    from zoneinfo import ZoneInfo

    if not isinstance(raw, str) or not raw.strip():
        raise bad_request(f"dossier.bad_{key}", f"Thời điểm không hợp lệ: {key}",
                          f"{key} must be an ISO date-time")
    text = raw.strip()
    try:
        if len(text) == 10:
            # A bare date means that day at closing time, as due dates are written.
            value = datetime.combine(date.fromisoformat(text), CLOSING)
        else:
            value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise bad_request(f"dossier.bad_{key}", f"Thời điểm không hợp lệ: {raw}",
                          f"{key} must be an ISO date or date-time, got {raw!r}") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo(tz))
    return value.astimezone(UTC)


def parse_day(raw: Any, key: str = "day") -> date:
    """Parse a YYYY-MM-DD date with a clear 400."""
    try:
        return date.fromisoformat(str(raw).strip())
    except (TypeError, ValueError):
        raise bad_request(f"calendar.bad_{key}", f"Ngày không hợp lệ: {raw}",
                          f"{key} must be a date YYYY-MM-DD, got {raw!r}") from None
