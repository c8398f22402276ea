"""What other areas may use of dossiers (besides their events, models and rules)."""

from __future__ import annotations

from server.dossiers.usecases.calendar_days import work_calendar
from server.dossiers.usecases.catalogue import load_demo_catalogue
from server.dossiers.usecases.common import fold
from server.dossiers.usecases.outcomes import visit_outcomes

__all__ = ["fold", "load_demo_catalogue", "visit_outcomes", "work_calendar"]
