"""Plans: what the generator knows of each center and each procedure while it writes."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select

from server.dossiers.models import Procedure


@dataclass
class CenterPlan:
    """A center as the generator sees it: services, counters, staff, kiosk, size."""

    id: int
    code: str
    agency: str
    tz: ZoneInfo
    weight: float
    services: list[tuple[int, str, str, str]]  # id, code, prefix, level
    counters: list[tuple[int, int, list[int]]]  # id, number, service ids by rank
    officers: list[int]  # officer ids by counter order (may be shorter)
    supervisor: int | None
    device: int | None


@dataclass
class ProcedurePlan:
    """A current procedure: deadline, stages, fee, documents, how often it is filed."""

    id: int
    code: str
    level: str
    agency: str
    days: int | None
    hours: float | None
    stages: int
    stage_names: list[str]
    fee: int
    land: bool
    documents: list[str]
    weight: float


def procedures(ctx) -> list[ProcedurePlan]:
    """The current procedures of the catalogue, weighted by how often they are filed."""
    rows = ctx.session.scalars(select(Procedure).where(Procedure.current)
                               .order_by(Procedure.code)).all()
    out = []
    for p in rows:
        # Everyday procedures (same-day civil status, certification) dominate the counts.
        weight = 3.0 if p.duration_days == 0 or p.duration_hours else 1.0
        weight *= 1.4 if p.level == "commune" else 1.0
        out.append(ProcedurePlan(p.id, p.code, p.level, p.agency_code, p.duration_days,
                                 p.duration_hours, len(p.stages or []),
                                 [s["name"] for s in (p.stages or [])], p.fee_vnd or 0,
                                 (p.field_vi or "") == "Đất đai", list(p.documents or []),
                                 weight))
    return out
