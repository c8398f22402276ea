"""Printing options ([motcua.printing]) and a kiosk's printer settings (``Device.config``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from printers.jobs import RetryPolicy
from server.kernel.settings import AreaSettings, Settings, area_settings


@dataclass(frozen=True)
class PrintingSettings(AreaSettings):
    """How the server delivers print jobs: [motcua.printing], QMS_PRINTING_<KEY>."""

    area: ClassVar[str] = "printing"
    # The flat names these had before (QMS_PRINT_DISPATCH, ...) still work.
    legacy: ClassVar[dict[str, str]] = {
        name: f"print_{name}" for name in (
            "dispatch", "poll_s", "timeout_s", "max_attempts", "base_delay_s", "max_delay_s",
            "stale_after_s", "expire_s", "agent_timeout_s")}

    # auto: a background task in servers (eventlet/gevent), started on demand under
    # threading; manual: nothing runs by itself (tests call Dispatcher.run_once); off: none.
    dispatch: str = "auto"
    poll_s: float = 1.0  # how often due retries are looked for
    timeout_s: float = 5.0  # per printer operation (connect, status answer, send)
    max_attempts: int = 6
    base_delay_s: float = 2.0  # first retry delay; doubles each attempt
    max_delay_s: float = 60.0
    stale_after_s: float = 120.0  # a job "printing" this long was interrupted
    expire_s: float = 900  # a ticket not printed by then is dropped (the citizen has left)
    agent_timeout_s: float = 45.0  # an agent not heard from for this long is away


MODES = ("server", "agent")


def printing_settings(settings: Settings) -> PrintingSettings:
    """Return the printing options."""
    return area_settings(settings, PrintingSettings)


def retry_policy(settings: Settings) -> RetryPolicy:
    """Return the retry rules configured for this deployment."""
    options = printing_settings(settings)
    return RetryPolicy(max_attempts=options.max_attempts, base_delay_s=options.base_delay_s,
                       max_delay_s=options.max_delay_s, stale_after_s=options.stale_after_s)


@dataclass(frozen=True)
class KioskPrinter:
    """Where a kiosk prints: a printer URL, who delivers to it, and the paper width."""

    url: str | None
    mode: str
    paper: int
    timeout: float | None = None


def kiosk_printer(config: dict | None) -> KioskPrinter | None:
    """Read ``printer``, ``print_mode`` and ``paper`` from a device config; None if paperless.

    ``print_mode`` defaults to ``server`` when a printer URL is set. An ``agent`` kiosk needs
    no URL on the server (the agent is told its printer on its command line).
    """
    config = config or {}
    url = config.get("printer") or None
    mode = str(config.get("print_mode") or ("server" if url else "")).lower()
    if mode not in MODES or (mode == "server" and not url):
        return None
    paper = 80 if str(config.get("paper", 58)) == "80" else 58
    timeout = config.get("printer_timeout_s")
    return KioskPrinter(url=str(url) if url else None, mode=mode, paper=paper,
                        timeout=float(timeout) if timeout else None)
