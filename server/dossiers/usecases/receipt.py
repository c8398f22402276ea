"""The receipt (Mẫu 01, "Giấy tiếp nhận hồ sơ và hẹn trả kết quả") as plain data.

The HTML page (web.py) and the thermal printer (printers package) both start from
`receipt_data`: a title, printable lines and the QR's URL. No full ID number, no phone.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from server.dossiers.models import Dossier
from server.dossiers.rules.calendar import WorkCalendar
from server.dossiers.rules.dossier import mask_id_number
from server.dossiers.usecases.catalogue import duration_text
from server.dossiers.usecases.common import get_dossier
from server.dossiers.usecases.views import Facts, facts
from server.kernel import centers
from server.kernel.models import Staff
from server.kernel.runtime import Ctx

TITLE = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
TITLE_EN = "Dossier receipt and appointment for the result"
CHANNEL_WORDS = {"in_person": "Trực tiếp", "online": "Trực tuyến", "postal": "Bưu chính"}


def tracking_url(settings, dossier: Dossier) -> str:
    """Return the public tracking URL printed as QR: code and secret in the link."""
    return f"{settings.public_url.rstrip('/')}/track/d/{dossier.code}?secret={dossier.secret}"


def long_time(cal: WorkCalendar, at: datetime | None) -> str:
    """Return "08 giờ 15 phút, ngày 30 tháng 11 năm 2026" in the center's time."""
    if at is None:
        return ""
    t = cal.local(at)
    return f"{t:%H} giờ {t:%M} phút, ngày {t:%d} tháng {t:%m} năm {t:%Y}"


def _item(f: Facts) -> dict:
    d, p = f.dossier, f.procedure
    vi, en = duration_text(p.duration_days, p.duration_hours)
    return {"code": d.code, "procedure": p.name_vi, "procedure_en": p.name_en,
            "procedure_code": p.code, "duration": vi, "duration_en": en,
            "documents": list(d.documents_received or []),
            "received": long_time(f.calendar, d.received_at),
            "due": long_time(f.calendar, f.promised_due),
            "due_at": f.promised_due.isoformat() if f.promised_due else None,
            "fee_vnd": d.fee_vnd}


def receipt_data(ctx: Ctx, code: str, center_id: int | None = None) -> dict:
    """Return the receipt of a dossier (and of its linked dossiers) as plain data."""
    dossier = get_dossier(ctx, code, center_id)
    center = centers.center_of(ctx.session, dossier.center_id)
    if dossier.group_id:
        group = list(ctx.session.scalars(select(Dossier).where(Dossier.group_id ==
                                                               dossier.group_id)
                                         .order_by(Dossier.id)))
    else:
        group = [dossier]
    items = [_item(facts(ctx, d)) for d in group]
    officer = ctx.session.get(Staff, dossier.intake_officer_id) \
        if dossier.intake_officer_id else None
    url = tracking_url(ctx.settings, dossier)
    head = items[0]
    lines = [center.name, TITLE, f"Mã hồ sơ: {dossier.code}",
             f"Mã tra cứu: {dossier.secret}",
             f"Người nộp: {dossier.applicant_name}"]
    if dossier.applicant_id_number:
        lines.append(f"Số giấy tờ: {mask_id_number(dossier.applicant_id_number)}")
    lines.append(f"Kênh nộp: {CHANNEL_WORDS.get(dossier.channel, dossier.channel)}")
    for item in items:
        if len(items) > 1:
            lines.append(f"Hồ sơ {item['code']}")
        lines.append(f"Thủ tục: {item['procedure']}")
        lines.append("Giấy tờ đã nhận:")
        lines += [f"  - {doc}" for doc in item["documents"]]
        lines.append(f"Thời hạn giải quyết: {item['duration']}")
        lines.append(f"Nhận hồ sơ lúc: {item['received']}")
        lines.append(f"Hẹn trả kết quả: {item['due']}")
    lines.append("Tra cứu tiến độ: quét mã QR hoặc nhập mã hồ sơ và mã tra cứu tại")
    lines.append(f"{ctx.settings.public_url.rstrip('/')}/track")
    return {
        "title": TITLE, "title_en": TITLE_EN,
        "center": center.name, "agency_code": dossier.agency_code,
        "code": dossier.code, "secret": dossier.secret,
        "applicant": dossier.applicant_name,
        "id_number": mask_id_number(dossier.applicant_id_number),
        "channel": dossier.channel,
        "officer": (officer.full_name or officer.username) if officer else "",
        "group": dossier.group_code,
        "dossiers": items,
        "received": head["received"],
        "due": max(items, key=lambda i: i["due_at"] or "")["due"],
        "lines": lines,
        "qr_url": url,
        "track_url": f"{ctx.settings.public_url.rstrip('/')}/track",
    }
