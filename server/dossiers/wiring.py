"""How dossiers plug into the runtime: the dossier tracker of /track."""

from __future__ import annotations

from typing import Any

from server.dossiers.events import dossier_room
from server.dossiers.usecases.tracking import track_dossier
from server.kernel.realtime import TRACKERS
from server.kernel.runtime import Runtime


def wire(runtime: Runtime) -> None:
    """Let citizens follow a dossier on /track with its code and secret (rate-limited)."""

    def track(given: dict[str, Any], remote: str | None) -> tuple[str, dict[str, Any]]:
        view = track_dossier(runtime, str(given.get("dossier", "")),
                             str(given.get("secret", "")), remote)
        return dossier_room(view["code"]), {"dossier": view}

    runtime.provided.get(TRACKERS).add("dossier", track)
