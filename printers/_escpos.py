"""The single place python-escpos is imported from, with its import side effects contained.

python-escpos 3.1, at import time, calls ``logging.basicConfig()`` (adding a stderr handler to
the root logger) and calls ``tempfile.mkdtemp()`` for its capabilities pickle. The mkdtemp call
happens even when ``ESCPOS_CAPABILITIES_PICKLE_DIR`` is set (it is the eagerly evaluated default
of ``environ.get``), so setting the variable alone still leaks one empty temp folder per process.
This module points the pickle at a per-user cache folder, hands escpos that folder instead of a
fresh temp folder, and removes any root logging handler the import added.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import threading
from pathlib import Path

_IMPORT_LOCK = threading.Lock()


def _cache_dir() -> Path:
    """Return (creating it) the folder where escpos keeps its capabilities pickle."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    uid = os.getuid() if hasattr(os, "getuid") else 0
    candidates = [
        Path(base) / "motcua" / "escpos",
        Path(tempfile.gettempdir()) / f"motcua-escpos-{uid}",
    ]
    for path in candidates:
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(path, os.W_OK):
            return path
    raise RuntimeError("no writable cache folder for python-escpos capabilities")


def _import_escpos():
    """Import escpos once, without leaking a temp folder or a root logging handler."""
    with _IMPORT_LOCK:
        if "escpos.capabilities" in sys.modules:
            import escpos.printer

            return escpos
        if "ESCPOS_CAPABILITIES_PICKLE_DIR" not in os.environ:
            os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = str(_cache_dir())
        pickle_dir = os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"]
        Path(pickle_dir).mkdir(parents=True, exist_ok=True)

        real_mkdtemp = tempfile.mkdtemp

        def mkdtemp(*args, **kwargs):
            # Only the escpos.capabilities module body gets the cache folder; any other caller
            # (another thread during this short window) gets a real temp folder.
            caller = sys._getframe(1).f_globals.get("__name__")
            if caller == "escpos.capabilities" and not args and not kwargs:
                return pickle_dir
            return real_mkdtemp(*args, **kwargs)

        root = logging.getLogger()
        handlers_before = list(root.handlers)
        tempfile.mkdtemp = mkdtemp
        try:
            import escpos.capabilities  # noqa: F401
            import escpos.printer  # noqa: F401
        finally:
            tempfile.mkdtemp = real_mkdtemp
            for handler in list(root.handlers):
                if handler not in handlers_before:
                    root.removeHandler(handler)
        return escpos


_import_escpos()

from escpos import constants  # noqa: E402
from escpos.capabilities import Profile, get_profile  # noqa: E402
from escpos.exceptions import DeviceNotFoundError  # noqa: E402
from escpos.exceptions import Error as EscposError  # noqa: E402
from escpos.printer import CupsPrinter, Dummy, Network, Serial, Usb  # noqa: E402

__all__ = [
    "CupsPrinter",
    "DeviceNotFoundError",
    "Dummy",
    "EscposError",
    "Network",
    "Profile",
    "Serial",
    "Usb",
    "constants",
    "get_profile",
    "width_profile",
]

_PROFILES: dict[int, Profile] = {}


class _WidthProfile(Profile):
    """The default escpos profile with a known paper width (so ``image()`` stays quiet)."""

    def __init__(self, width_dots: int) -> None:
        default = get_profile()
        super().__init__(features=dict(default.profile_data["features"]))
        data = dict(default.profile_data)
        data["media"] = {"dpi": 203, "width": {"mm": "Unknown", "pixels": width_dots}}
        data["features"] = self.features
        self.profile_data = data


def width_profile(width_dots: int) -> Profile:
    """Return a cached escpos profile describing paper of ``width_dots`` printable dots."""
    profile = _PROFILES.get(width_dots)
    if profile is None:
        profile = _PROFILES.setdefault(width_dots, _WidthProfile(width_dots))
    return profile
