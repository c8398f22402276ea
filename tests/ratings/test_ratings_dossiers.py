"""A visit with a dossier: the dossier page offers the visit's rating; on time on the scoreboard."""

from __future__ import annotations

from sqlalchemy import select

from server.dossiers.public import load_demo_catalogue
from server.dossiers.usecases import intake, lifecycle
from server.queue.usecases import counters
from server.ratings.models import Rating
from support import act, center, issue, officer, open_counter

APPLICANT = {"name": "Nguyễn Thị Hoa", "phone": "0912345678", "id_number": "001234567890",
             "consent": True}


def _visit_with_a_dossier(runtime) -> tuple[str, dict]:
    with runtime.uow() as ctx:
        load_demo_catalogue(ctx, center(ctx))
    cid = open_counter(runtime, 1)
    ticket = issue(runtime)
    act(runtime, counters.call_next, cid)
    with runtime.uow() as ctx:
        dossier = intake.intake(ctx, center(ctx), officer(ctx), {
            "procedure": "1.004873", "channel": "in_person", "applicant": dict(APPLICANT),
            "ticket": ticket["tracking_code"]})
    act(runtime, counters.complete, cid)
    return ticket["tracking_code"], dossier


def test_the_dossier_page_rates_its_visit_and_the_scoreboard_counts_it(client, runtime, demo,
                                                                       clock):
    code, dossier = _visit_with_a_dossier(runtime)
    page = client.get(f"/track/d/{dossier['code']}?secret={dossier['secret']}")
    assert page.status_code == 200
    assert f'data-ticket="{code}"' in page.get_data(as_text=True)
    res = client.post("/api/v1/ratings", json={"ticket": code, "score": 4})
    assert res.status_code == 201
    with runtime.uow(write=False) as ctx:
        row = ctx.session.scalar(select(Rating))
        assert row.dossier_id is not None and row.ticket_id is not None

    clock.advance(hours=2)
    for status in (4, 9):  # processing, then result ready: well before its due date
        with runtime.uow() as ctx:
            lifecycle.transition(ctx, dossier["code"], officer(ctx), status)
    board = client.get("/api/v1/scoreboard").get_json()
    (line,) = board["counters"]
    assert (line["dossiers_finished"], line["dossiers_on_time"]) == (1, 1)
    assert line["served"] == 1 and line["average_score"] == 4.0
    assert line["satisfied_share"] == 1.0


def test_a_dossier_page_without_a_visit_has_no_rate_block(client, runtime, demo):
    with runtime.uow() as ctx:
        load_demo_catalogue(ctx, center(ctx))
        dossier = intake.intake(ctx, center(ctx), officer(ctx), {
            "procedure": "1.004873", "channel": "in_person", "applicant": dict(APPLICANT)})
    page = client.get(f"/track/d/{dossier['code']}?secret={dossier['secret']}")
    assert page.status_code == 200 and "rate-later" not in page.get_data(as_text=True)
