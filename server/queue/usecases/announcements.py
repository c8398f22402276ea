"""The lobby ticker: a supervisor's short message shown on every board."""

from __future__ import annotations

from datetime import datetime

from server.kernel.errors import bad_request
from server.kernel.models import Center
from server.kernel.runtime import Ctx
from server.queue import events as ev
from server.queue.events import AnnouncementData

MAX_LEN = 300


def set_announcement(ctx: Ctx, center: Center, text_vi: object, text_en: object = "",
                     until: object = None) -> AnnouncementData | None:
    """Show (or with empty text, clear) the ticker on every board of a center."""
    text_vi = str(text_vi or "").strip()
    text_en = str(text_en or "").strip()
    if len(text_vi) > MAX_LEN or len(text_en) > MAX_LEN:
        raise bad_request("announcement.too_long", f"Thông báo tối đa {MAX_LEN} ký tự",
                          f"Announcements are at most {MAX_LEN} characters")
    if until is not None:
        try:
            until = datetime.fromisoformat(str(until)).astimezone(ctx.clock().tzinfo).isoformat()
        except ValueError:
            raise bad_request("announcement.bad_until", "Thời hạn không hợp lệ (ISO 8601)",
                              "until must be an ISO 8601 date-time") from None
    note: AnnouncementData | None = ({"text_vi": text_vi, "text_en": text_en,
                                      "until": until} if text_vi else None)
    center.announcement = None if note is None else dict(note)
    ctx.emit(ev.ANNOUNCEMENT, center.id, note or AnnouncementData())
    return note
