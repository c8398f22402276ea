"""Dossier options: [motcua.dossiers] in the TOML file, QMS_DOSSIERS_<KEY> variables."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from server.kernel.settings import AreaSettings, Settings, area_settings


@dataclass(frozen=True)
class DossierSettings(AreaSettings):
    """Intake cutoff, deadline alerts, tracking limits, documents, the portal outbox."""

    area: ClassVar[str] = "dossiers"
    # The flat names these had before (QMS_DOSSIER_CUTOFF, QMS_PORTAL_WEBHOOK_URL, ...).
    legacy: ClassVar[dict[str, str]] = {
        "cutoff": "dossier_cutoff", "nearly_due_hours": "dossier_nearly_due_hours",
        "alert_interval_s": "dossier_alert_interval_s", "background": "dossier_background",
        "files_dir": "dossier_files_dir", "max_file_mb": "dossier_max_file_mb",
        "track_max_failures": "track_max_failures", "track_window_s": "track_window_s",
        "portal_webhook_url": "portal_webhook_url",
        "portal_webhook_timeout_s": "portal_webhook_timeout_s",
        "outbox_interval_s": "outbox_interval_s", "outbox_backoff_s": "outbox_backoff_s",
        "outbox_backoff_max_s": "outbox_backoff_max_s",
    }

    cutoff: str = "15:00"  # intake after this counts from the next working day ("none": off)
    nearly_due_hours: float = 8  # working hours left that make a stage "nearly due"
    alert_interval_s: float = 300
    background: bool | str | None = None  # None: on in a server, off under pytest
    files_dir: str = ""  # empty: <instance>/dossier_files
    max_file_mb: float = 10
    track_max_failures: int = 5  # wrong secrets per address and per code ...
    track_window_s: float = 600  # ... within this window before 429
    portal_webhook_url: str = ""
    portal_webhook_timeout_s: float = 10
    outbox_interval_s: float = 30
    outbox_backoff_s: float = 10  # first retry delay; doubles each attempt
    outbox_backoff_max_s: float = 3600


def dossier_settings(settings: Settings) -> DossierSettings:
    """Return the dossiers' options."""
    return area_settings(settings, DossierSettings)
