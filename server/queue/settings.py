"""The queue's options: [motcua.queue] in the TOML file, QMS_QUEUE_<KEY> variables."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from server.kernel.settings import AreaSettings, Settings, area_settings


@dataclass(frozen=True)
class QueueSettings(AreaSettings):
    """How numbers are called, recalled and estimated."""

    area: ClassVar[str] = "queue"
    # Before areas had their own table these were flat (QMS_MAX_CALLS, ...): still read.
    legacy: ClassVar[dict[str, str]] = {
        name: name for name in ("max_priority_streak", "recall_cooldown_s", "max_calls",
                                "default_service_s", "estimate_window", "kiosk_idle_s")}

    # At most this many priority calls in a row per counter.
    max_priority_streak: int = 3
    # Seconds between two calls of one ticket; calls before a no-show.
    recall_cooldown_s: int = 10
    max_calls: int = 3
    # Service time assumed before any history exists; finished tickets averaged.
    default_service_s: int = 300
    estimate_window: int = 20
    # Seconds before a kiosk left alone goes back to its start screen.
    kiosk_idle_s: int = 30


def queue_settings(settings: Settings) -> QueueSettings:
    """Return the queue's options."""
    return area_settings(settings, QueueSettings)
