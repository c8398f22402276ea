"""Everything wired once, in one place: the runtime with what each area provides and does.

The kernel knows no area; this module (with ``server/app.py`` for the web and
``server/cli.py`` for the command line) is where areas are put together.
"""

from __future__ import annotations

from typing import Any

from server.dossiers import wiring as dossiers
from server.kernel.db.session import Database
from server.kernel.realtime import TRACKERS, Trackers
from server.kernel.runtime import Key, Runtime
from server.kernel.settings import Settings
from server.printing import wiring as printing
from server.queue import wiring as queue
from server.ratings import wiring as ratings
from server.voice import wiring as voice

_WIRED: Key[bool] = Key("bootstrap.wired")


def build_runtime(settings: Settings, **kwargs: Any) -> Runtime:
    """Create the runtime of a server, a CLI run or a test, with every area wired."""
    runtime = Runtime(db=kwargs.pop("db", None) or Database(settings.sqlalchemy_url),
                      settings=settings, **kwargs)
    return wire(runtime)


def wire(runtime: Runtime) -> Runtime:
    """Wire the areas into a runtime (once: a runtime given to several apps stays as it is)."""
    if runtime.provided.find(_WIRED):
        return runtime
    runtime.provided.set(_WIRED, True)
    runtime.provided.set(TRACKERS, Trackers())
    queue.wire(runtime)
    dossiers.wire(runtime)
    printing.wire(runtime)
    ratings.wire(runtime)
    return runtime


def wire_server(runtime: Runtime) -> Runtime:
    """Add what only a serving process runs: the voice that announces calls."""
    voice.start(runtime)
    return runtime
