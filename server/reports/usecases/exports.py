"""Exports of the reports: Excel (Biểu II.06a layout + queue sheet), CSV and JSON.

Every format carries the same numbers as the JSON API: counts as integers, rates as
fractions (0.5714; Excel shows them with a percentage format), durations in seconds.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from server.reports.usecases.ratings_report import ratings_sheet

# Columns of the dossier report, in the order of Biểu II.06a: (key in Counts.as_dict()).
CENTER_COLUMNS = (
    "received_total", "received_carried_over", "received_new_in_person",
    "received_new_online", "received_new_postal",
    "processed_total", "processed_early", "processed_on_time", "processed_late",
    "pending_in_time", "pending_overdue",
    "returned", "withdrawn",
    "on_time_rate", "online_share",
)
RATES = ("on_time_rate", "online_share")
# Header cells: (row offset, first column, last column, row span, text); columns count
# from 3 (C), the first data column.
_HEADER = [
    (0, 1, 1, 3, "STT"),
    (0, 2, 2, 3, "Lĩnh vực, cấp giải quyết"),
    (0, 3, 7, 1, "Số hồ sơ nhận giải quyết"),
    (1, 3, 3, 2, "Tổng số"),
    (1, 4, 4, 2, "Kỳ trước chuyển qua"),
    (1, 5, 7, 1, "Mới tiếp nhận"),
    (2, 5, 5, 1, "Trực tiếp"),
    (2, 6, 6, 1, "Trực tuyến"),
    (2, 7, 7, 1, "Dịch vụ bưu chính"),
    (0, 8, 11, 1, "Số hồ sơ đã giải quyết"),
    (1, 8, 8, 2, "Tổng số"),
    (1, 9, 9, 2, "Trước hạn"),
    (1, 10, 10, 2, "Đúng hạn"),
    (1, 11, 11, 2, "Quá hạn"),
    (0, 12, 13, 1, "Số hồ sơ đang giải quyết"),
    (1, 12, 12, 2, "Trong hạn"),
    (1, 13, 13, 2, "Quá hạn"),
    (0, 14, 15, 1, "Trả lại / rút hồ sơ"),
    (1, 14, 14, 2, "Trả lại (không đủ điều kiện)"),
    (1, 15, 15, 2, "Công dân rút hồ sơ"),
    (0, 16, 16, 3, "Tỷ lệ đúng hạn"),
    (0, 17, 17, 3, "Tỷ lệ trực tuyến"),
]
LAST_COL = 17
ROMAN = ("I", "II", "III", "IV")

QUEUE_COLUMNS = (
    ("issued", "Số phiếu"), ("served", "Đã phục vụ"), ("no_show", "Vắng mặt"),
    ("cancelled", "Đã huỷ"), ("open", "Chưa kết thúc"), ("priority", "Ưu tiên"),
    ("calls", "Lượt gọi"), ("transfers", "Chuyển"),
    ("wait_s.avg", "Chờ TB (giây)"), ("wait_s.median", "Chờ trung vị (giây)"),
    ("wait_s.p90", "Chờ P90 (giây)"), ("wait_s.max", "Chờ lâu nhất (giây)"),
    ("service_s.avg", "Phục vụ TB (giây)"), ("service_s.median", "Phục vụ trung vị (giây)"),
    ("service_s.p90", "Phục vụ P90 (giây)"),
)
QUEUE_GROUPS = (
    ("by_service", "Theo dịch vụ", "service"),
    ("by_counter", "Theo quầy", "counter"),
    ("by_officer", "Theo cán bộ", "username"),
    ("by_day", "Theo ngày", "day"),
    ("by_hour", "Theo giờ trong ngày", "hour"),
)

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="DCE6F1")
_LEVEL_FILL = PatternFill("solid", fgColor="F2F2F2")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _vn_date(iso: str) -> str:
    return date.fromisoformat(iso).strftime("%d/%m/%Y")


def _get(row: dict, key: str) -> Any:
    value: Any = row
    for part in key.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


# --- JSON ---------------------------------------------------------------------------

def to_json(report: dict) -> bytes:
    """Return the report as UTF-8 JSON (Vietnamese kept readable)."""
    return json.dumps(report, ensure_ascii=False, indent=1).encode()


# --- CSV ----------------------------------------------------------------------------

def center_csv(report: dict) -> bytes:
    """One line per total, level, field and procedure; same columns as Biểu II.06a."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["scope", "level", "field", "procedure_code", "procedure_name",
                *CENTER_COLUMNS])
    w.writerow(["total", "", "", "", "", *(_cell(report["total"], k) for k in CENTER_COLUMNS)])
    for lvl in report["levels"]:
        w.writerow(["level", lvl["level"], "", "", "", *(_cell(lvl, k) for k in CENTER_COLUMNS)])
    for f in report["fields"]:
        w.writerow(["field", f["level"], f["field"], "", "",
                    *(_cell(f, k) for k in CENTER_COLUMNS)])
    for p in report["procedures"]:
        w.writerow(["procedure", p["level"], p["field"], p["code"], p["name_vi"],
                    *(_cell(p, k) for k in CENTER_COLUMNS)])
    # Excel opens UTF-8 CSV with Vietnamese text correctly only with a BOM.
    return ("\ufeff" + out.getvalue()).encode()


def queue_csv(report: dict) -> bytes:
    """One line per total and per group (service, counter, officer, day, hour)."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    keys = [k for k, _ in QUEUE_COLUMNS]
    w.writerow(["group", "key", "label", *keys])
    w.writerow(["total", "", "", *(_cell(report["total"], k) for k in keys)])
    for group, _title, key in QUEUE_GROUPS:
        for row in report[group]:
            label = row.get("name_vi") or row.get("label") or row.get("full_name") or ""
            w.writerow([group[3:], row[key], label, *(_cell(row, k) for k in keys)])
    w.writerow([])
    w.writerow(["longest_waits", "number", "day", "service", "counter", "issued_local",
                "wait_s"])
    for r in report["longest_waits"]:
        w.writerow(["", r["number"], r["day"], r["service"], r["counter"], r["issued_local"],
                    r["wait_s"]])
    return ("\ufeff" + out.getvalue()).encode()


def _cell(row: dict, key: str):
    value = _get(row, key)
    return "" if value is None else value


# --- Excel --------------------------------------------------------------------------

def center_xlsx(report: dict, queue: dict | None = None) -> bytes:
    """Return the workbook: Biểu II.06a, then the queue report, then per procedure."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Biểu II.06a"
    _center_sheet(ws, report)
    if queue is not None:
        _queue_sheet(wb.create_sheet("Hàng đợi"), queue)
        if queue.get("ratings"):
            ratings_sheet(wb.create_sheet("Đánh giá"), queue["ratings"])
    _procedure_sheet(wb.create_sheet("Theo thủ tục"), report)
    return _save(wb)


def queue_xlsx(queue: dict) -> bytes:
    """Return a workbook with the queue report alone."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Hàng đợi"
    _queue_sheet(ws, queue)
    if queue.get("ratings"):
        ratings_sheet(wb.create_sheet("Đánh giá"), queue["ratings"])
    return _save(wb)


def _save(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _title(ws, report: dict, heading: str, last_col: int) -> int:
    """Write the form's heading lines; return the next free row."""
    period = report["period"]
    ws.cell(1, last_col, "Biểu số II.06a" if report["kind"] == "center" else "").font = \
        Font(italic=True)
    ws.cell(1, last_col).alignment = Alignment(horizontal="right")
    lines = [
        (heading, Font(bold=True, size=13)),
        (f"Đơn vị báo cáo: {report['center']['name']} ({report['center']['code']})",
         Font(size=11)),
        (f"Kỳ báo cáo: từ ngày {_vn_date(period['from'])} đến ngày {_vn_date(period['to'])}",
         Font(italic=True, size=11)),
    ]
    for i, (text, font) in enumerate(lines, start=2):
        ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=last_col)
        cell = ws.cell(i, 1, text)
        cell.font = font
        cell.alignment = Alignment(horizontal="center")
    return len(lines) + 3


def _center_sheet(ws, report: dict) -> None:
    top = _title(ws, report, "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH", LAST_COL)
    for dr, c1, c2, span, text in _HEADER:
        r = top + dr
        if c2 > c1 or span > 1:
            ws.merge_cells(start_row=r, start_column=c1, end_row=r + span - 1, end_column=c2)
        cell = ws.cell(r, c1, text)
        cell.font = Font(bold=True)
    for r in range(top, top + 4):
        for c in range(1, LAST_COL + 1):
            cell = ws.cell(r, c)
            cell.alignment = _CENTER
            cell.border = _BORDER
            cell.fill = _HEAD_FILL
    # The form numbers its columns under the header: (1), (2), ...
    for c in range(1, LAST_COL + 1):
        ws.cell(top + 3, c, f"({c})").font = Font(italic=True, size=9)
    row = top + 4
    _data_row(ws, row, "", "Tổng cộng", report["total"], bold=True, fill=_HEAD_FILL)
    row += 1
    for i, lvl in enumerate(report["levels"]):
        _data_row(ws, row, ROMAN[i], lvl["label_vi"], lvl, bold=True, fill=_LEVEL_FILL)
        row += 1
        fields = [f for f in report["fields"] if f["level"] == lvl["level"]]
        for n, f in enumerate(fields, start=1):
            _data_row(ws, row, str(n), f["field"] or "(Chưa phân loại)", f)
            row += 1
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 34
    for c in range(3, LAST_COL + 1):
        ws.column_dimensions[get_column_letter(c)].width = 11
    ws.row_dimensions[top + 2].height = 32
    ws.freeze_panes = ws.cell(top + 4, 3)
    notes = [
        "Ghi chú: (3) = (4) + (5) + (6) + (7) = (8) + (12) + (13) + (14) + (15); "
        "(8) = (9) + (10) + (11). Hồ sơ không được tiếp nhận (trạng thái 3) không tính.",
        "(16) Tỷ lệ đúng hạn = ((9) + (10)) / (8); (17) Tỷ lệ trực tuyến = (6) / ((5) + (6) "
        "+ (7)). Đúng hạn tính đến ngày hẹn trả, cộng thêm thời gian chờ bổ sung hồ sơ.",
    ]
    for i, text in enumerate(notes, start=row + 1):
        ws.cell(i, 1, text).font = Font(italic=True, size=9)
    ws.print_options.horizontalCentered = True
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1


def _data_row(ws, row: int, stt: str, label: str, counts: dict, bold: bool = False,
              fill: PatternFill | None = None) -> None:
    values = [stt, label, *(counts.get(k) for k in CENTER_COLUMNS)]
    for c, value in enumerate(values, start=1):
        cell = ws.cell(row, c, value)
        cell.border = _BORDER
        if bold:
            cell.font = Font(bold=True)
        if fill is not None:
            cell.fill = fill
        if c == 1:
            cell.alignment = Alignment(horizontal="center")
        elif c > 2:
            cell.alignment = Alignment(horizontal="right")
        if c > 2 and CENTER_COLUMNS[c - 3] in RATES:
            cell.number_format = "0.0%"


def _procedure_sheet(ws, report: dict) -> None:
    last = 5 + len(CENTER_COLUMNS)
    top = _title(ws, report, "KẾT QUẢ GIẢI QUYẾT THEO THỦ TỤC HÀNH CHÍNH", last)
    heads = ["STT", "Cấp", "Lĩnh vực", "Mã thủ tục", "Tên thủ tục",
             "Nhận: tổng số", "Kỳ trước chuyển qua", "Trực tiếp", "Trực tuyến",
             "Dịch vụ bưu chính", "Đã giải quyết", "Trước hạn", "Đúng hạn", "Quá hạn",
             "Đang giải quyết trong hạn", "Đang giải quyết quá hạn", "Trả lại",
             "Rút hồ sơ", "Tỷ lệ đúng hạn", "Tỷ lệ trực tuyến"]
    _header_row(ws, top, heads)
    for n, p in enumerate(report["procedures"], start=1):
        r = top + n
        level = "Cấp xã" if p["level"] == "commune" else "Cấp tỉnh"
        values = [n, level, p["field"], p["code"], p["name_vi"],
                  *(p.get(k) for k in CENTER_COLUMNS)]
        for c, value in enumerate(values, start=1):
            cell = ws.cell(r, c, value)
            cell.border = _BORDER
            if c > 5 and CENTER_COLUMNS[c - 6] in RATES:
                cell.number_format = "0.0%"
    widths = [6, 10, 18, 12, 48] + [11] * len(CENTER_COLUMNS)
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.freeze_panes = ws.cell(top + 1, 6)


def _header_row(ws, row: int, heads: list[str]) -> None:
    for c, text in enumerate(heads, start=1):
        cell = ws.cell(row, c, text)
        cell.font = Font(bold=True)
        cell.alignment = _CENTER
        cell.border = _BORDER
        cell.fill = _HEAD_FILL
    ws.row_dimensions[row].height = 45


def _queue_sheet(ws, queue: dict) -> None:
    last = 2 + len(QUEUE_COLUMNS)
    row = _title(ws, queue, "BÁO CÁO HÀNG ĐỢI: SỐ PHIẾU, THỜI GIAN CHỜ VÀ PHỤC VỤ", last)
    heads = ["Nhóm", "Tên", *(label for _, label in QUEUE_COLUMNS)]
    keys = [k for k, _ in QUEUE_COLUMNS]

    def block(title: str, lines: list[tuple[str, str, dict]]) -> None:
        nonlocal row
        ws.cell(row, 1, title).font = Font(bold=True, size=12)
        row += 1
        _header_row(ws, row, heads)
        row += 1
        for key, label, data in lines:
            for c, value in enumerate([key, label, *(_get(data, k) for k in keys)], start=1):
                cell = ws.cell(row, c, value)
                cell.border = _BORDER
            row += 1
        row += 1

    block("Tổng hợp", [("Tổng cộng", "", queue["total"])])
    for group, title, key in QUEUE_GROUPS:
        lines = []
        for r in queue[group]:
            label = r.get("name_vi") or r.get("label") or r.get("full_name") or ""
            name = f"{r[key]}:00" if group == "by_hour" else str(r[key])
            lines.append((name, label, r))
        block(title, lines)
    ws.cell(row, 1, "Các lượt chờ lâu nhất").font = Font(bold=True, size=12)
    row += 1
    _header_row(ws, row, ["Số", "Ngày", "Dịch vụ", "Quầy", "Giờ lấy số", "Chờ (giây)"])
    row += 1
    for r in queue["longest_waits"]:
        for c, value in enumerate([r["number"], r["day"], r["service"], r["counter"],
                                   r["issued_local"], r["wait_s"]], start=1):
            ws.cell(row, c, value).border = _BORDER
        row += 1
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 30
    for c in range(3, last + 1):
        ws.column_dimensions[get_column_letter(c)].width = 12
