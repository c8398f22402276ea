"""Events of the dossiers area: status changes and deadline alerts."""

from __future__ import annotations

from typing import Final

DOSSIER_CHANGED: Final = "dossier.changed"
DOSSIER_ALERT: Final = "dossier.alert"
def dossier_room(code: str) -> str:
    """Room of a public tracker following one dossier (joined with code + secret)."""
    return f"track:dossier:{code}"
