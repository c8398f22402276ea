"""Real (never green) threading primitives, whether or not eventlet patched the process.

pyttsx3 and libespeak-ng must run on a real OS thread; under ``eventlet.monkey_patch()``
the stdlib ``threading``/``queue`` modules are green, so the unpatched originals are used.
eventlet is never imported here unless the program already imported it.
"""

from __future__ import annotations

import sys
import types


def eventlet_patched() -> bool:
    """Return True when eventlet is already imported and has monkey-patched threads."""
    if "eventlet" not in sys.modules:
        return False
    try:
        from eventlet import patcher
    except Exception:  # pragma: no cover - a broken eventlet install
        return False
    return bool(patcher.is_monkey_patched("thread"))


def _original(modname: str) -> types.ModuleType:
    if eventlet_patched():
        from eventlet import patcher

        return patcher.original(modname)
    return __import__(modname)


def real_threading() -> types.ModuleType:
    """Return a ``threading`` module whose threads, locks and events are OS-level."""
    return _original("threading")


def real_queue() -> types.ModuleType:
    """Return a ``queue`` module built on OS-level locks."""
    return _original("queue")


def real_subprocess() -> types.ModuleType:
    """Return a ``subprocess`` module that blocks the calling OS thread, not a green hub."""
    return _original("subprocess")
