"""Helpers shared by the service tests: issue, call and inspect through the service layer."""

from __future__ import annotations

from sqlalchemy import select

from server.kernel.models import Center, Staff
from server.queue.models import Counter, Ticket, TicketEvent
from server.queue.usecases import counters, tickets


def center(ctx) -> Center:
    """Return the demo center."""
    return ctx.session.scalar(select(Center))


def issue(runtime, service: str = "LAND", priority=None) -> dict:
    """Issue one ticket and return its view."""
    with runtime.uow() as ctx:
        return tickets.issue_ticket(ctx, center(ctx), service, priority)


def officer(ctx, username: str = "officer1") -> Staff:
    """Return a demo staff member."""
    return ctx.session.scalar(select(Staff).where(Staff.username == username))


def counter_id(runtime, number: int) -> int:
    """Return the id of a counter by its number."""
    with runtime.uow(write=False) as ctx:
        return ctx.session.scalar(select(Counter.id).where(Counter.number == number))


def open_counter(runtime, number: int, username: str = "officer1") -> int:
    """Open a counter for an officer and return its id."""
    cid = counter_id(runtime, number)
    with runtime.uow() as ctx:
        counters.open_counter(ctx, cid, officer(ctx, username))
    return cid


def act(runtime, operation, cid: int, username: str = "officer1", **kw):
    """Run one counter operation as an officer."""
    with runtime.uow() as ctx:
        return operation(ctx, cid, officer(ctx, username), **kw)


def ticket_row(runtime, number: str) -> Ticket:
    """Return today's ticket row by number."""
    with runtime.uow(write=False) as ctx:
        return ctx.session.scalar(select(Ticket).where(Ticket.number == number))


def log_of(runtime, number: str) -> list[tuple[str, str]]:
    """Return (action, to_status) of a ticket's log, in order."""
    with runtime.uow(write=False) as ctx:
        t = ctx.session.scalar(select(Ticket).where(Ticket.number == number))
        rows = ctx.session.scalars(select(TicketEvent).where(TicketEvent.ticket_id == t.id)
                                   .order_by(TicketEvent.id))
        return [(r.action, r.to_status) for r in rows]


def token_of(demo: dict, kind: str, index: int = 0) -> str:
    """Return the demo token of the n-th device of a kind."""
    return [d["token"] for d in demo["devices"].values() if d["kind"] == kind][index]


def login(client, demo, username: str) -> dict:
    """Log a demo user in and return the Authorization header."""
    res = client.post("/api/v1/auth/login",
                      json={"username": username, "password": demo["passwords"][username]})
    assert res.status_code == 200, res.get_json()
    return {"Authorization": f"Bearer {res.get_json()['token']}"}


def reset_postgres(url: str) -> None:
    """Empty the test run's own PostgreSQL schema (named in the URL's search_path)."""
    from sqlalchemy import create_engine, text

    schema = postgres_schema(url)
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()


def postgres_schema(url: str) -> str:
    """Return the schema a test URL points at (set by tests/conftest.py), default public."""
    import re
    from urllib.parse import unquote

    match = re.search(r"search_path=([\w]+)", unquote(url))
    return match.group(1) if match else "public"


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--autoplay-policy=no-user-gesture-required"]


def run_browser(scenario) -> None:
    """Run a Playwright scenario(browser) in a thread of its own, re-raising its failure here.

    The sync API refuses to start while another sync Playwright is open in this thread
    (tests/browser keeps one for the whole session); a fresh thread has no event loop.
    """
    import threading

    from playwright import sync_api

    failure: list[BaseException] = []

    def run() -> None:
        try:
            with sync_api.sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                            args=CHROMIUM_ARGS)
                try:
                    scenario(browser)
                finally:
                    browser.close()
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            failure.append(exc)

    thread = threading.Thread(target=run, name="playwright")
    thread.start()
    thread.join(timeout=240)
    assert not thread.is_alive(), "the browser scenario did not finish"
    if failure:
        raise failure[0]
