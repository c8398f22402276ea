"""The demo center: a ward center like Sa Pa's, with generated passwords."""

from __future__ import annotations

from sqlalchemy import func, select

from server.kernel.auth import create_device, create_staff, new_password
from server.kernel.models import Center
from server.kernel.runtime import Ctx
from server.queue.models import Counter, CounterService, Service
from server.queue.rules.schedule import office_hours

CENTER = {"code": "SAPA", "name": "Trung tâm Phục vụ hành chính công phường Sa Pa",
          "agency_code": "H15.50.05.13"}

# code, prefix, icon, level, name_vi, name_en, daily_cap
SERVICES = [
    ("LAND", "A", "land", "commune", "Đất đai", "Land", 120),
    ("CIVIL", "B", "family", "commune", "Hộ tịch", "Civil status", None),
    ("CERT", "C", "stamp", "commune", "Chứng thực", "Certification", None),
    ("BUSI", "D", "shop", "commune", "Đăng ký hộ kinh doanh", "Household business", None),
    ("BUILD", "E", "build", "commune", "Xây dựng", "Construction", 60),
    ("SOCIAL", "G", "care", "commune", "Lao động – Thương binh và Xã hội", "Social affairs", None),
    ("RESID", "H", "home", "commune", "Cư trú", "Residence", None),
    ("PROV", "K", "province", "provincial", "Thủ tục cấp tỉnh", "Provincial procedures", 80),
]

# counter number, label, services in order of preference
COUNTERS = [
    (1, "Đất đai", ["LAND", "BUILD"]),
    (2, "Đất đai", ["LAND", "PROV"]),
    (3, "Hộ tịch", ["CIVIL", "RESID"]),
    (4, "Hộ tịch – Cư trú", ["RESID", "CIVIL"]),
    (5, "Chứng thực", ["CERT"]),
    (6, "Chứng thực – Kinh doanh", ["CERT", "BUSI"]),
    (7, "Xã hội", ["SOCIAL", "CIVIL"]),
    (8, "Cấp tỉnh", ["PROV", "BUSI", "BUILD"]),
]


def center_exists(ctx: Ctx) -> bool:
    """Tell whether any center is configured yet."""
    return (ctx.session.scalar(select(func.count()).select_from(Center)) or 0) > 0


def load_demo(ctx: Ctx, always_open: bool = False) -> dict:
    """Create the demo center, its services, counters, devices and staff; return secrets."""
    center = Center(**CENTER, timezone=ctx.settings.timezone)
    ctx.session.add(center)
    ctx.session.flush()
    hours = None if always_open else office_hours(saturday=True)
    by_code = {}
    for pos, (code, prefix, icon, level, vi, en, cap) in enumerate(SERVICES):
        service = Service(center_id=center.id, code=code, prefix=prefix, icon=icon, level=level,
                          name_vi=vi, name_en=en, hours=hours,
                          daily_cap=None if always_open else cap, position=pos)
        ctx.session.add(service)
        by_code[code] = service
    ctx.session.flush()
    for number, label, codes in COUNTERS:
        counter = Counter(center_id=center.id, number=number, label=label, status="closed")
        counter.links = [CounterService(service_id=by_code[c].id, rank=r)
                         for r, c in enumerate(codes)]
        ctx.session.add(counter)
    accounts = [("admin", "admin"), ("supervisor", "supervisor")] + [
        (f"officer{n}", "officer") for n in range(1, 9)]
    passwords = {}
    for username, role in accounts:
        password = new_password()
        create_staff(ctx, username, role, password, center.id, full_name=username.title())
        passwords[username] = password
    devices = {}
    for kind, name, config in [("kiosk", "Kiosk sảnh", {}),
                               ("board", "Bảng sảnh chính", {"layout": "landscape"}),
                               ("board", "Bảng hành lang", {"layout": "portrait"})]:
        _device, token = create_device(ctx, center, kind, name, config)
        devices[name] = {"kind": kind, "token": token}
    return {"center": center.code, "passwords": passwords, "devices": devices}
