"""Each responsible person is warned once of a nearly-due or overdue stage and due date."""

from __future__ import annotations

from dossier_support import move, record, staff, vn

from server.dossiers.events import DOSSIER_ALERT
from server.dossiers.usecases import alerts, tasks
from server.kernel.events import staff_room


def alert_events(runtime) -> list:
    return [e for e in runtime.publisher.events if e.is_a(DOSSIER_ALERT)]


def scan(runtime) -> list[dict]:
    with runtime.uow() as ctx:
        return alerts.scan_alerts(ctx)


def test_stage_alerts_go_to_the_responsible_rooms_once(runtime, catalogue_loaded, clock):
    runtime.settings.extra["dossier_nearly_due_hours"] = 2
    with runtime.uow(write=False) as ctx:
        officer1, supervisor = staff(ctx).id, staff(ctx, "supervisor").id
    # Accepted Mon 30/11 09:00: intake stage (4 h, officer) due 15:00; appraisal (1 day,
    # officer) Tue 1/12 17:00; check (3 h, supervisor) Wed 2/12 10:30; due Thu 3/12 17:00.
    clock.now = vn(2026, 11, 30, 9, 0)
    code = record(runtime)["code"]
    assert scan(runtime) == []
    clock.now = vn(2026, 11, 30, 13, 45)  # 1 h 15 of work left on the intake stage
    sent = scan(runtime)
    assert [(a["code"], a["stage_index"], a["level"]) for a in sent] == [(code, 0, "nearly_due")]
    [event] = alert_events(runtime)
    assert event.room == staff_room(officer1) and event.namespaces == ("/counter",)
    assert event.data["stage"] == "Tiếp nhận, chuyển hồ sơ" and event.seq == 0
    assert "recipients" not in event.data
    assert scan(runtime) == []  # already sent
    clock.now = vn(2026, 11, 30, 15, 1)
    assert [a["level"] for a in scan(runtime)] == ["overdue"]
    # The supervisor's stage warns the supervisor.
    move(runtime, code, 4, stage=2)
    clock.now = vn(2026, 12, 2, 9, 30)  # the check stage ends 10:30
    sent = scan(runtime)
    assert [(a["stage_index"], a["level"], a["recipients"]) for a in sent] == \
        [(2, "nearly_due", [supervisor])]
    # Past the statutory due: the officer and the supervisors hear of it.
    clock.now = vn(2026, 12, 4, 8, 0)
    sent = scan(runtime)
    overall = [a for a in sent if a["scope"] == "due_date"]
    assert [(a["level"], a["recipients"]) for a in overall] == \
        [("overdue", [officer1, supervisor])]
    rooms = {e.room for e in alert_events(runtime) if e.data["scope"] == "due_date"}
    assert rooms == {staff_room(officer1), staff_room(supervisor)}


def test_supplement_wait_pauses_alerts(runtime, catalogue_loaded, clock):
    clock.now = vn(2026, 11, 30, 9, 0)
    code = record(runtime)["code"]
    move(runtime, code, 5, note="Thiếu giấy tờ")
    clock.now = vn(2026, 12, 10, 9, 0)
    assert scan(runtime) == []
    with runtime.uow(write=False) as ctx:
        assert alerts.current_alerts(ctx) == []


def test_background_tasks_are_off_under_pytest_unless_enabled(runtime):
    assert tasks.background_enabled(runtime.settings) is False
    runtime.settings.extra["dossier_background"] = "true"
    assert tasks.background_enabled(runtime.settings) is True
    ran = []
    tasks.loop("x", lambda: ran.append(1) or 1 / 0, 0, lambda _s: None,
               stop=lambda: len(ran) >= 3)
    assert ran == [1, 1, 1]  # a failing pass is logged, the loop goes on


def test_server_starts_the_periodic_tasks_when_enabled(runtime, catalogue_loaded, monkeypatch):
    from flask_socketio import SocketIO

    from server.app import create_app

    started = []
    monkeypatch.setattr(SocketIO, "start_background_task",
                        lambda self, fn, *args: started.append((fn, args[0])))
    create_app(runtime=runtime)
    assert started == []  # off under pytest
    runtime.settings.extra["dossier_background"] = True
    app = create_app(runtime=runtime)
    assert [name for _fn, name in started] == ["alerts", "outbox"]
    assert all(fn is tasks.loop for fn, _name in started)
    assert len(app.extensions["motcua.dossier_tasks"]) == 2
