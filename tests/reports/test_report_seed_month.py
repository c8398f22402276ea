"""The reference figures (docs/domain.md), rebuilt dossier by dossier through the service layer.

Sa Pa's first 22 days (1-22 July 2025): commune 354 received (152 in person, 202 online),
267 processed on time, 64 pending within the deadline, 23 returned; provincial 285
received (242 in person, 37 online, 6 postal), 98 processed on time, 175 pending within
the deadline, 12 returned; both 100 % on time. The report must give exactly that back, in
the JSON API and in the Excel file.

Procedures (demo catalogue): 1.001193 birth registration (commune, same day), 1.009994
construction permit (commune, 15 days), 1.012760 land certificate renewal (provincial, 7
days), 1.012744 first land registration (provincial, 20 days). "On time" here means
ready on the due day itself, so the counts land in "đúng hạn", not "trước hạn".
"""

from __future__ import annotations

import io
from collections import defaultdict
from datetime import date, datetime, timedelta

import pytest
from openpyxl import load_workbook
from report_helpers import VN, file_dossier, load_catalogue, move, vn

from support import login

SAME_DAY, COMMUNE_LONG = "1.001193", "1.009994"
PROV_7, PROV_20 = "1.012760", "1.012744"
DAYS = [d for d in (date(2025, 7, 1) + timedelta(days=i) for i in range(22)) if d.weekday() < 5]


def _plan() -> list[dict]:
    """Every dossier of the month: level, channel and what happens to it."""
    plan = []
    commune = ["in_person"] * 152 + ["online"] * 202
    provincial = ["in_person"] * 242 + ["online"] * 37 + ["postal"] * 6
    for channels, parts in (
        (commune, [("on_time", SAME_DAY, 267), ("pending", COMMUNE_LONG, 64),
                   ("returned", SAME_DAY, 23)]),
        (provincial, [("on_time", PROV_7, 98), ("pending", PROV_20, 175),
                      ("returned", PROV_20, 12)]),
    ):
        # Interleave the channels over the outcomes (every 7th online, ...).
        order = sorted(range(len(channels)), key=lambda i: (i * 7919) % len(channels))
        i = 0
        for outcome, procedure, n in parts:
            for _ in range(n):
                plan.append({"channel": channels[order[i]], "outcome": outcome,
                             "procedure": procedure})
                i += 1
    return plan


def _intake_day(item: dict, k: int) -> date:
    """Spread intakes; 7-day ones early enough to be ready by 22/7; long ones late."""
    if item["procedure"] == PROV_7:
        return DAYS[k % 9]  # 1-11 July: due 10-22 July
    if item["procedure"] == COMMUNE_LONG:
        return DAYS[5 + k % (len(DAYS) - 5)]  # from 8 July: due in August
    return DAYS[k % len(DAYS)]


def _act(ctx, clock, agenda: dict, action: str, item: dict) -> None:
    """Do one planned step; a result due later is put on the agenda of its due day."""
    clock.advance(seconds=20)
    if action == "ready":
        move(ctx, item["code"], 9)  # processing ends when the result is ready
        if item["k"] % 10 == 0:
            move(ctx, item["code"], 10)  # handed over: changes nothing in the report
        return
    view = file_dossier(ctx, item["procedure"], item["channel"])
    item["code"] = view["code"]
    if item["channel"] == "online":
        clock.advance(seconds=20)
        view = move(ctx, item["code"], 2)  # accepted: the clock starts
    clock.advance(seconds=20)
    if item["outcome"] == "returned":
        move(ctx, item["code"], 8)  # stopped, handed back: requirements not met
        return
    move(ctx, item["code"], 4)
    if item["outcome"] == "on_time":
        due = datetime.fromisoformat(view["due_at"]).astimezone(VN).date()
        agenda[due].append(("ready", item))


def build_month(runtime, clock) -> None:
    """Run the month day by day, one unit of work per day, the clock moving on."""
    load_catalogue(runtime)
    agenda: dict[date, list] = defaultdict(list)
    for k, item in enumerate(_plan()):
        item["k"] = k
        agenda[_intake_day(item, k)].append(("intake", item))
    for day in DAYS:
        clock.now = vn(day.year, day.month, day.day, 7, 45)
        with runtime.uow() as ctx:
            while agenda.get(day):  # same-day results join today's agenda
                for action, item in agenda.pop(day):
                    _act(ctx, clock, agenda, action, item)
    assert not agenda, "every result was due inside the month"


@pytest.mark.slow
def test_seed_month_through_the_service_layer(runtime, demo, clock):
    build_month(runtime, clock)
    clock.now = vn(2025, 8, 1, 9)
    from server.app import create_app

    client = create_app(runtime=runtime).test_client()
    headers = login(client, demo, "supervisor")
    res = client.get("/api/v1/reports/center?from=2025-07-01&to=2025-07-22", headers=headers)
    assert res.status_code == 200, res.get_json()
    report = res.get_json()
    commune, provincial = report["levels"]
    assert commune["level"] == "commune" and provincial["level"] == "provincial"
    expected_commune = {
        "received_total": 354, "received_carried_over": 0, "received_new_in_person": 152,
        "received_new_online": 202, "received_new_postal": 0, "processed_total": 267,
        "processed_early": 0, "processed_on_time": 267, "processed_late": 0,
        "pending_in_time": 64, "pending_overdue": 0, "returned": 23, "withdrawn": 0,
        "on_time_rate": 1.0}
    expected_provincial = {
        "received_total": 285, "received_carried_over": 0, "received_new_in_person": 242,
        "received_new_online": 37, "received_new_postal": 6, "processed_total": 98,
        "processed_early": 0, "processed_on_time": 98, "processed_late": 0,
        "pending_in_time": 175, "pending_overdue": 0, "returned": 12, "withdrawn": 0,
        "on_time_rate": 1.0}
    assert {k: commune[k] for k in expected_commune} == expected_commune
    assert {k: provincial[k] for k in expected_provincial} == expected_provincial
    assert round(commune["online_share"] * 100) == 57  # domain.md §10.3
    assert report["total"]["received_total"] == 639  # Sa Pa's 639 dossiers in 22 days
    fields = {(f["level"], f["field"]): f for f in report["fields"]}
    assert fields[("commune", "Hộ tịch")]["processed_on_time"] == 267
    assert fields[("provincial", "Đất đai")]["received_total"] == 285

    # The Excel file carries the same numbers, laid out like Biểu II.06a.
    res = client.get("/api/v1/reports/center?from=2025-07-01&to=2025-07-22&format=xlsx",
                     headers=headers)
    assert res.status_code == 200
    assert res.mimetype.endswith("spreadsheetml.sheet")
    wb = load_workbook(io.BytesIO(res.data))
    assert wb.sheetnames[:2] == ["Biểu II.06a", "Hàng đợi"]
    ws = wb["Biểu II.06a"]
    cells = {ws.cell(r, c).value: (r, c) for r in range(1, 12) for c in range(1, 18)
             if isinstance(ws.cell(r, c).value, str)}
    for head in ("Số hồ sơ nhận giải quyết", "Kỳ trước chuyển qua", "Mới tiếp nhận",
                 "Trực tiếp", "Trực tuyến", "Dịch vụ bưu chính", "Số hồ sơ đã giải quyết",
                 "Trước hạn", "Đúng hạn", "Số hồ sơ đang giải quyết", "Trong hạn",
                 "Trả lại / rút hồ sơ", "Tỷ lệ đúng hạn"):
        assert head in cells, head
    merged = {str(m) for m in ws.merged_cells.ranges}
    r, c = cells["Số hồ sơ nhận giải quyết"]
    assert f"C{r}:G{r}" in merged and c == 3
    rows = {ws.cell(r, 2).value: [ws.cell(r, c).value for c in range(3, 18)]
            for r in range(1, ws.max_row + 1)}
    # received total, carried, in person, online, postal, processed total, early, on time,
    # late, pending in time, overdue, returned, withdrawn, on-time rate, online share
    assert rows["Cấp xã"][:13] == [354, 0, 152, 202, 0, 267, 0, 267, 0, 64, 0, 23, 0]
    assert rows["Cấp tỉnh"][:13] == [285, 0, 242, 37, 6, 98, 0, 98, 0, 175, 0, 12, 0]
    assert rows["Cấp xã"][13] == 1.0 and rows["Cấp tỉnh"][13] == 1.0
    assert rows["Tổng cộng"][0] == 639
    assert rows["Hộ tịch"][7] == 267
