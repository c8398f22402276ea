"""Printing knobs (``Settings.extra``) and a kiosk's printer settings (``Device.config``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from printers.jobs import RetryPolicy
from server.kernel.settings import Settings

# Knobs in the `[motcua]` TOML section (Settings.extra) with their defaults.
DEFAULTS: dict[str, Any] = {
    # auto: a background task in servers (eventlet/gevent), started on demand under threading;
    # manual: nothing runs by itself (tests call Dispatcher.run_once); off: no server delivery.
    "print_dispatch": "auto",
    "print_poll_s": 1.0,  # how often due retries are looked for
    "print_timeout_s": 5.0,  # per printer operation (connect, status answer, send)
    "print_max_attempts": 6,
    "print_base_delay_s": 2.0,  # first retry delay; doubles each attempt
    "print_max_delay_s": 60.0,
    "print_stale_after_s": 120.0,  # a job "printing" this long was interrupted
    "print_expire_s": 900,  # a ticket not printed by then is dropped (the citizen has left)
    "print_agent_timeout_s": 45.0,  # an agent not heard from for this long is away
}

MODES = ("server", "agent")


def setting(settings: Settings, key: str) -> Any:
    """Return a printing knob from Settings.extra, or its default."""
    return settings.option(key, DEFAULTS[key])


def retry_policy(settings: Settings) -> RetryPolicy:
    """Return the retry rules configured for this deployment."""
    return RetryPolicy(
        max_attempts=int(setting(settings, "print_max_attempts")),
        base_delay_s=float(setting(settings, "print_base_delay_s")),
        max_delay_s=float(setting(settings, "print_max_delay_s")),
        stale_after_s=float(setting(settings, "print_stale_after_s")),
    )


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
