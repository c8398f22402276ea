"""Centers to fill: new ones seeded like the demo ward center, or the existing ones."""

from __future__ import annotations

import math
import random
from zoneinfo import ZoneInfo

from sqlalchemy import select

from server.kernel.models import Center, Device, Staff
from server.queue.models import Counter, CounterService, Service
from server.queue.public import COUNTERS, SERVICES
from server.queue.rules.schedule import office_hours

from .options import Options
from .plans import CenterPlan
from .province import LOCKED_PASSWORD, WARDS, fake_name
from .writer import Ids, Writer


def new_center(w: Writer, ids: Ids, rng: random.Random, opts: Options, i: int,
               taken: set[str], taken_users: set[str], tz: str) -> CenterPlan:
    """Write the i-th new center (services, officers, counters, kiosk); return its plan."""
    code = _free_code(opts.prefix, i, taken)
    cid, agency = _center_row(w, ids, i, code, tz)
    services, by_code = _services(w, ids, cid)
    staff = _staff(w, ids, rng, cid, code, taken_users)
    counters = _counters(w, ids, cid, by_code)
    did = ids.take("devices")
    w.add("devices", {"id": did, "center_id": cid, "kind": "kiosk", "name": "Kiosk sảnh",
                      "token_hash": f"locked-{rng.getrandbits(128):032x}", "config": {},
                      "active": True})
    weight = math.exp(rng.gauss(0, 0.55))
    return CenterPlan(cid, code, agency, ZoneInfo(tz), weight, services, counters, staff[1:],
                      staff[0], did)


def _free_code(prefix: str, i: int, taken: set[str]) -> str:
    """The center code `{prefix}{i + 1:03d}`, stepped by 1000 past codes already taken."""
    n = i + 1
    code = f"{prefix}{n:03d}"
    while code in taken:
        n += 1000
        code = f"{prefix}{n:03d}"
    taken.add(code)
    return code


def _center_row(w: Writer, ids: Ids, i: int, code: str, tz: str) -> tuple[int, str]:
    """Write the center itself, named after a ward; return its id and agency code."""
    ward = WARDS[i % len(WARDS)] + (f" {i // len(WARDS) + 1}" if i >= len(WARDS) else "")
    kind = "phường" if i % 3 == 0 else "xã"
    agency = f"H15.{50 + i // 40:02d}.{(i % 40) + 1:02d}.{(i * 7) % 90 + 10:02d}"
    cid = ids.take("centers")
    w.add("centers", {"id": cid, "code": code, "name":
                      f"Trung tâm Phục vụ hành chính công {kind} {ward}",
                      "agency_code": agency, "timezone": tz, "event_seq": 0})
    return cid, agency


def _services(w: Writer, ids: Ids, cid: int) -> tuple[list, dict[str, int]]:
    """Write the demo services; return them as plan tuples and their ids by code."""
    hours = office_hours(saturday=True)
    services, by_code = [], {}
    for pos, (scode, prefix, icon, level, vi, en, cap) in enumerate(SERVICES):
        sid = ids.take("services")
        w.add("services", {"id": sid, "center_id": cid, "code": scode, "name_vi": vi,
                           "name_en": en, "prefix": prefix, "level": level, "icon": icon,
                           "hours": hours, "daily_cap": cap, "position": pos, "active": True})
        services.append((sid, scode, prefix, level))
        by_code[scode] = sid
    return services, by_code


def _staff(w: Writer, ids: Ids, rng: random.Random, cid: int, code: str,
           taken_users: set[str]) -> list[int]:
    """Write a supervisor and an officer per counter, locked; return their ids in that order."""
    staff = []
    for role, name in [("supervisor", "supervisor")] + [
            ("officer", f"officer{k}") for k in range(1, len(COUNTERS) + 1)]:
        username = f"{code.lower()}.{name}"
        while username in taken_users:
            username += "x"
        taken_users.add(username)
        sid = ids.take("staff")
        full = fake_name(rng)
        w.add("staff", {"id": sid, "username": username, "full_name": full,
                        "password_hash": LOCKED_PASSWORD, "role": role, "center_id": cid,
                        "active": True})
        staff.append(sid)
    return staff


def _counters(w: Writer, ids: Ids, cid: int, by_code: dict[str, int]) -> list:
    """Write the demo counters and the services each serves, by rank; return plan tuples."""
    counters = []
    for number, label, codes in COUNTERS:
        kid = ids.take("counters")
        w.add("counters", {"id": kid, "center_id": cid, "number": number, "label": label,
                           "status": "closed", "officer_id": None, "pause_reason": None,
                           "priority_streak": 0})
        for rank, scode in enumerate(codes):
            w.add("counter_services", {"counter_id": kid, "service_id": by_code[scode],
                                       "rank": rank})
        counters.append((kid, number, [by_code[c] for c in codes]))
    return counters


def existing_centers(conn) -> list[CenterPlan]:
    """Plans of the centers already in the database that have services and counters."""
    plans = []
    for c in conn.execute(select(Center)).all():
        plan = _existing_center(conn, c)
        if plan is not None:
            plans.append(plan)
    return plans


def _existing_center(conn, c) -> CenterPlan | None:
    services = [(s.id, s.code, s.prefix, s.level) for s in conn.execute(
        select(Service).where(Service.center_id == c.id, Service.active)
        .order_by(Service.position)).all()]
    links: dict[int, list[int]] = {}
    for kid, sid in conn.execute(
            select(CounterService.counter_id, CounterService.service_id)
            .join(Counter, Counter.id == CounterService.counter_id)
            .where(Counter.center_id == c.id).order_by(CounterService.rank)):
        links.setdefault(kid, []).append(sid)
    counters = [(k.id, k.number, links.get(k.id, [])) for k in conn.execute(
        select(Counter).where(Counter.center_id == c.id).order_by(Counter.number)).all()]
    staff = conn.execute(select(Staff.id, Staff.role).where(Staff.center_id == c.id)
                         .order_by(Staff.id)).all()
    officers = [s.id for s in staff if s.role == "officer"] or [s.id for s in staff]
    supervisor = next((s.id for s in staff if s.role == "supervisor"), None)
    device = conn.execute(select(Device.id).where(Device.center_id == c.id,
                                                  Device.kind == "kiosk")).scalar()
    if not (services and counters):
        return None
    return CenterPlan(c.id, c.code, c.agency_code or "H15.50.05.13", ZoneInfo(c.timezone),
                      1.5, services, counters, officers, supervisor, device)
