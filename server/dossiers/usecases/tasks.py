"""Periodic work of a running server: alert scans and portal outbox delivery (flask-free)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from server.dossiers.settings import dossier_settings
from server.dossiers.usecases.alerts import scan_alerts
from server.dossiers.usecases.outbox import HttpPost, deliver_outbox, requests_post
from server.kernel.runtime import Runtime
from server.kernel.settings import Settings

log = logging.getLogger(__name__)


def background_enabled(settings: Settings) -> bool:
    """Tell whether the periodic tasks run: on in a server, off under pytest unless enabled."""
    value = dossier_settings(settings).background
    if value is None:
        return "pytest" not in sys.modules
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def run_alert_scan(runtime: Runtime) -> int:
    """Run one alert scan in its own unit of work; return how many alerts were sent."""
    with runtime.uow() as ctx:
        return len(scan_alerts(ctx))


def run_outbox(runtime: Runtime, http_post: HttpPost = requests_post) -> dict:
    """Run one outbox delivery pass."""
    return deliver_outbox(runtime.uow, http_post)


def loop(name: str, step: Callable[[], object], interval_s: float,
         sleep: Callable[[float], None], stop: Callable[[], bool] = lambda: False) -> None:
    """Run `step` every `interval_s` seconds until `stop()`; errors are logged, never fatal."""
    while not stop():
        try:
            step()
        except Exception:  # noqa: BLE001 - a failed pass must not end the loop
            log.exception("dossier background task %s failed", name)
        sleep(interval_s)


def start(runtime: Runtime, start_task: Callable, sleep: Callable[[float], None]) -> list:
    """Start both loops with the server's task starter (socketio.start_background_task)."""
    settings = runtime.settings
    alert_s = float(dossier_settings(settings).alert_interval_s)
    outbox_s = float(dossier_settings(settings).outbox_interval_s)
    return [
        start_task(loop, "alerts", lambda: run_alert_scan(runtime), alert_s, sleep),
        start_task(loop, "outbox", lambda: run_outbox(runtime), outbox_s, sleep),
    ]
