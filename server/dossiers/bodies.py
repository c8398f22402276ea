"""Request bodies and answers of the dossier routes, declared once for validation and OpenAPI.

The dossier use cases check values themselves, each with its stable code (``dossier.*``,
``payment.*``, ``calendar.*``); fields they check are declared ``loose``: any JSON value
passes here and the use case answers as it always did, while the API describes the type.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import WithJsonSchema
from typing_extensions import TypedDict

from server.kernel.bodies import Body

_TEXT = {"type": "string"}
_OPT_TEXT = {"type": ["string", "null"]}
_STATUS = {"type": "integer", "minimum": 1, "maximum": 10}

# A ``loose`` field: any JSON value passes, the API describes it with the schema given.
_Text = Annotated[Any, WithJsonSchema(_TEXT)]
_OptText = Annotated[Any, WithJsonSchema(_OPT_TEXT)]
_Flag = Annotated[Any, WithJsonSchema({"type": "boolean"})]
_Status = Annotated[Any, WithJsonSchema(_STATUS)]


class ApplicantBody(Body):
    """The citizen who files the dossier (in person, `consent` must be true)."""

    name: _Text = None
    phone: _OptText = None
    id_number: _OptText = None
    consent: _Flag = None


class DossierBody(Body):
    """A dossier for one procedure, or linked dossiers for a group, optionally for a ticket."""

    procedure: Annotated[Any, WithJsonSchema(
        {**_TEXT, "description": "procedure code (or give group)"})] = None
    group: Annotated[Any, WithJsonSchema(
        {**_TEXT, "description": "linked-procedure group code"})] = None
    channel: Annotated[Any, WithJsonSchema(
        {"type": "string", "enum": ["in_person", "online", "postal"]})] = None
    ticket: Annotated[Any, WithJsonSchema(
        {**_TEXT, "description": "tracking code of the ticket served"})] = None
    applicant: ApplicantBody | None = None
    status_code: _Status = None
    note: Annotated[Any, WithJsonSchema({**_TEXT, "maxLength": 2000})] = None
    documents: Annotated[Any, WithJsonSchema({"type": "array", "items": _TEXT})] = None
    center: Annotated[Any, WithJsonSchema(
        {**_TEXT, "description": "center code (administrators without one)"})] = None
    errors = {"applicant": ("dossier.applicant_required", "Cần thông tin người nộp hồ sơ",
                            "applicant {name, phone, id_number, consent} is required")}


class TransitionBody(Body):
    """Move a dossier to a status (1-10); `result_method` when returning the result (10)."""

    status_code: _Status
    note: _OptText = None
    stage: Annotated[Any, WithJsonSchema({"type": ["integer", "null"]})] = None
    result_method: Annotated[Any, WithJsonSchema(
        {"type": ["string", "null"], "enum": ["in_person", "post", "online", None]})] = None
    errors = {"status_code": ("dossier.status_required", "Cần status_code",
                              "status_code is required")}


class ApologyBody(Body):
    """The apology letter of a late dossier and its new due date."""

    text: Annotated[Any, WithJsonSchema({**_TEXT, "maxLength": 5000})]
    ref: Annotated[Any, WithJsonSchema({**_TEXT, "maxLength": 100})] = None
    new_due_date: Annotated[Any, WithJsonSchema({**_TEXT, "format": "date"})] = None
    new_due_at: Annotated[Any, WithJsonSchema({**_TEXT, "format": "date-time"})] = None
    anticipated: _Flag = None


class PaymentBody(Body):
    """A fee payment (the amount defaults to what is still due)."""

    method: Annotated[Any, WithJsonSchema(
        {"type": "string", "enum": ["cash", "transfer", "online"]})]
    amount_vnd: Annotated[Any, WithJsonSchema({"type": "integer", "minimum": 1})] = None
    ref: Annotated[Any, WithJsonSchema({**_TEXT, "maxLength": 100})] = None


class CalendarDayBody(Body):
    """An extra day off, a make-up working day, or `none` to remove the exception."""

    day: Annotated[Any, WithJsonSchema({**_TEXT, "format": "date"})] = None
    kind: Annotated[Any, WithJsonSchema(
        {"type": "string", "enum": ["off", "work", "none"]})] = None
    note: Annotated[Any, WithJsonSchema({**_TEXT, "maxLength": 200})] = None


class PortalImportBody(Body):
    """Dossiers from the provincial portal (docs/portal.md): `{dossiers: [...]}`; one record or
    a bare list of records is accepted too."""

    dossiers: list[dict[str, Any]]


class CatalogueImportBody(Body):
    """A catalogue document: procedures and/or groups (a bare list means procedures)."""

    procedures: list[dict[str, Any]] | None = None
    groups: list[dict[str, Any]] | None = None
    valid_from: Annotated[Any, WithJsonSchema({**_OPT_TEXT, "format": "date"})] = None


# --- answers -------------------------------------------------------------------------

class DossierView(TypedDict, total=False):
    """A dossier (or linked dossiers) as staff see it, with its receipt and tracking links."""

    code: str
    secret: str
    status_code: int
    receipt_url: str
    tracking_url: str
    dossiers: list[dict[str, Any]]


class ProcedureList(TypedDict):
    """The procedure catalogue."""

    procedures: list[dict[str, Any]]
    total: int


class GroupList(TypedDict):
    """Linked-procedure groups."""

    groups: list[dict[str, Any]]


class DossierStatus(TypedDict):
    """A dossier's status in words (Vietnamese and English)."""

    code: str
    status_code: int
    status: Any


class TicketDossiers(TypedDict):
    """The dossiers recorded for a ticket's visit (codes and status only)."""

    ticket: str
    number: str
    dossiers: list[DossierStatus]


class SearchResult(TypedDict):
    """One page of dossiers found."""

    total: int
    limit: int
    offset: int
    dossiers: list[dict[str, Any]]


class AlertList(TypedDict):
    """Nearly-due and overdue dossiers and stages."""

    alerts: list[dict[str, Any]]
    total: int


class AccessLog(TypedDict):
    """The latest staff accesses to personal data."""

    entries: list[dict[str, Any]]


class ApplicantView(TypedDict):
    """The applicant with the full ID number (the access is logged)."""

    code: str
    name: str
    phone: str | None
    id_number: str | None
    consent: bool
    consent_at: str | None


class PaymentView(TypedDict):
    """A recorded payment and what is paid so far."""

    code: str
    fee_vnd: int
    paid_vnd: int
    method: str
    amount_vnd: int


class DocumentView(TypedDict):
    """A digitised document stored with a dossier."""

    id: int
    code: str
    name: str
    content_type: str
    size: int
    sha256: str
    at: str


class ReceiptView(TypedDict, total=False):
    """The receipt as plain data, and a printable signed link."""

    title: str
    lines: list[Any]
    qr_url: str
    receipt_url: str


class PortalImportResult(TypedDict):
    """What a portal import did, record by record."""

    created: int
    updated: int
    unchanged: int
    errors: list[dict[str, Any]]
    dossiers: list[Any]


class OutboxStatus(TypedDict):
    """Pending portal events and failing deliveries."""

    pending: int
    failing: list[dict[str, Any]]


class CalendarDay(TypedDict, total=False):
    """A day set (or `none` when the exception was removed)."""

    day: str
    kind: str
    note: str
    updated_at: str


class CalendarDays(TypedDict, total=False):
    """The admin table's days; with ?year=, that year's holidays too."""

    days: list[CalendarDay]
    year: int
    days_off: list[dict[str, Any]]
