"""Report options: [motcua.reports] in the TOML file, QMS_REPORTS_<KEY> variables."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from server.kernel.settings import AreaSettings, Settings, area_settings


@dataclass(frozen=True)
class ReportSettings(AreaSettings):
    """When the supervisor's dashboard raises an alert."""

    area: ClassVar[str] = "reports"
    legacy: ClassVar[dict[str, str]] = {"wait_alert_s": "wait_alert_s"}  # QMS_WAIT_ALERT_S

    wait_alert_s: int = 1800  # a ticket waiting longer than this raises an alert


def report_settings(settings: Settings) -> ReportSettings:
    """Return the reports' options (defaults when a value is not a number)."""
    try:
        return area_settings(settings, ReportSettings)
    except (TypeError, ValueError):
        return ReportSettings()
