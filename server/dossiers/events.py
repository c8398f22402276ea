"""Events of dossiers: status changes (officers, trackers) and deadline alerts (officers)."""

from __future__ import annotations

from typing import Final, NotRequired

from typing_extensions import TypedDict

from server.kernel.events import EventType


class StatusWords(TypedDict):
    """A status code's words."""

    vi: str
    en: str


class DossierChangedData(TypedDict):
    """dossier.changed: trackers get the public part; officers' panels also the rest."""

    code: str
    status_code: int
    status: StatusWords
    stage: str | None  # the stage's name
    at: str
    procedure: NotRequired[str]
    officer_id: NotRequired[int | None]
    from_status: NotRequired[int | None]


class AlertProcedure(TypedDict):
    """The procedure a deadline alert is about."""

    code: str
    name: str
    name_en: str | None


class DossierAlertData(TypedDict):
    """dossier.alert: a stage or the due date is near or past (to the officers concerned)."""

    code: str
    center_id: int
    status_code: int
    procedure: AlertProcedure
    stage_index: int
    stage: str | None
    stage_en: str | None
    scope: str  # due_date | stage
    level: str
    due_at: str
    due_text: str | None
    officer_id: int | None


DOSSIER_CHANGED: Final = EventType("dossier.changed", DossierChangedData, ("/counter",))
DOSSIER_ALERT: Final = EventType("dossier.alert", DossierAlertData, ("/counter",))


def dossier_room(code: str) -> str:
    """Room of a public tracker following one dossier (joined with code + secret)."""
    return f"track:dossier:{code}"
