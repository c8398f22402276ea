"""The demo procedure catalogue and linked groups are complete and consistent."""

import json
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from server.dossiers.rules.calendar import WorkCalendar
from server.dossiers.rules.dossier import Stage, stage_deadlines

DATA = Path(__file__).resolve().parents[2] / "server" / "dossiers" / "data"
CATALOGUE = json.loads((DATA / "procedures.json").read_text(encoding="utf-8"))
GROUPS = json.loads((DATA / "procedure_groups.json").read_text(encoding="utf-8"))
PROCEDURES = CATALOGUE["procedures"]
CODES = {p["code"] for p in PROCEDURES}
REQUIRED = {"code", "name", "name_en", "field", "level", "stages", "documents", "fee_vnd",
            "agency_code"}
CAL = WorkCalendar()


def test_catalogue_shape():
    assert CATALOGUE["code_note"] == "demo"
    assert 25 <= len(PROCEDURES) <= 40
    assert len(CODES) == len(PROCEDURES), "duplicate procedure codes"
    assert {p["level"] for p in PROCEDURES} == {"commune", "provincial"}
    fields = {p["field"] for p in PROCEDURES}
    assert {"Hộ tịch", "Chứng thực", "Đất đai", "Xây dựng", "Hộ kinh doanh", "Bảo trợ xã hội",
            "Người có công", "Cư trú", "Bảo hiểm y tế", "Tư pháp", "Giáo dục",
            "Nông nghiệp"} <= fields


@pytest.mark.parametrize("proc", PROCEDURES, ids=lambda p: p["code"])
def test_procedure(proc):
    assert REQUIRED <= proc.keys()
    assert re.fullmatch(r"[12]\.\d{6}", proc["code"])
    assert proc["level"] in ("commune", "provincial")
    assert proc["agency_code"] in CATALOGUE["agencies"]
    assert isinstance(proc["fee_vnd"], int) and proc["fee_vnd"] >= 0
    assert proc["documents"] and all(isinstance(d, str) and d for d in proc["documents"])
    days, hours = proc.get("duration_days"), proc.get("duration_hours")
    assert (days is None) != (hours is None), "exactly one of duration_days/duration_hours"
    assert proc["stages"]
    budget = 0.0
    for stage in proc["stages"]:
        assert stage["name"] and stage["role"] in ("officer", "supervisor", "leader")
        assert ("budget_days" in stage) != ("budget_hours" in stage)
        assert stage.get("budget_days", 1) > 0 and stage.get("budget_hours", 1) > 0
        budget += stage.get("budget_days", 0) * CAL.hours_per_day + stage.get("budget_hours", 0)
    # Stage budgets, in working hours, fit in the statutory time; a same-day (0 days)
    # procedure has one working day.
    limit = hours if hours is not None else max(days, 1) * CAL.hours_per_day
    assert budget <= limit


@pytest.mark.parametrize("proc", PROCEDURES, ids=lambda p: p["code"])
def test_stages_end_by_the_due_date(proc):
    # Accepted at opening on Thu 8/10/2026, the chained stages end by the statutory due.
    accepted = datetime(2026, 10, 8, 7, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    due = CAL.due_at(accepted, proc.get("duration_days"), proc.get("duration_hours"))
    stages = [Stage.from_dict(s) for s in proc["stages"]]
    assert stage_deadlines(accepted, stages, CAL)[-1] <= due


def test_groups_refer_to_existing_procedures():
    groups = GROUPS["groups"]
    assert len(groups) >= 2
    assert len({g["code"] for g in groups}) == len(groups)
    for group in groups:
        assert group["name"] and group["name_en"]
        assert len(group["procedures"]) >= 2
        assert set(group["procedures"]) <= CODES
    names = " ".join(g["name"] for g in groups)
    assert "khai sinh" in names and "khai tử" in names
