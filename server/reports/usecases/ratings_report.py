"""Ratings in the queue report: count, average, share satisfied and low scores by officer,
counter, service and month (read through `server.ratings.public`; figures per docs/ratings.md).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from openpyxl.styles import Font

from server.kernel.models import Center
from server.kernel.runtime import Ctx
from server.ratings.public import RatingRow, rating_rows, satisfaction
from server.reports.rules.period import Period

GROUPS: dict[str, Callable[[RatingRow], Any]] = {
    "by_officer": lambda r: r["officer"], "by_counter": lambda r: r["counter"],
    "by_service": lambda r: r["service"], "by_month": lambda r: r["month"]}
TITLES = {"by_officer": ("Theo cán bộ", "officer"), "by_counter": ("Theo quầy", "counter"),
          "by_service": ("Theo lĩnh vực", "service"), "by_month": ("Theo tháng", "month")}
COLUMNS = (("ratings", "Lượt đánh giá"), ("average_score", "Điểm trung bình"),
           ("satisfied_share", "Tỷ lệ hài lòng"), ("low", "Số đánh giá 1–2"))


def _line(scores: list[int]) -> dict:
    s = satisfaction(scores)
    return {"ratings": s.ratings, "average_score": s.average,
            "satisfied_share": s.satisfied_share, "low": sum(x <= 2 for x in scores)}


def ratings_section(ctx: Ctx, center: Center, period: Period) -> dict:
    """Return {total, by_officer, by_counter, by_service, by_month} for the period."""
    rows = rating_rows(ctx, center, period.start, period.end)
    out: dict[str, Any] = {"total": _line([r["score"] for r in rows])}
    for group, key_of in GROUPS.items():
        scores: dict[Any, list[int]] = defaultdict(list)
        for r in rows:
            if key_of(r) is not None:
                scores[key_of(r)].append(r["score"])
        out[group] = [{"key": k, **_line(v)} for k, v in sorted(scores.items(),
                                                                key=lambda kv: str(kv[0]))]
    return out


def ratings_sheet(ws, section: dict) -> None:
    """Write the ratings section as one Excel sheet (shares as percentages)."""
    ws.cell(1, 1, "MỨC ĐỘ HÀI LÒNG CỦA NGƯỜI DÂN, DOANH NGHIỆP").font = Font(bold=True, size=13)
    row = 3
    for group in ("total", *GROUPS):
        title, key = TITLES.get(group, ("Tổng cộng", ""))
        ws.cell(row, 1, title).font = Font(bold=True)
        for c, (_field, head) in enumerate(COLUMNS, start=2):
            ws.cell(row, c, head).font = Font(bold=True)
        row += 1
        lines = [{"key": "", **section["total"]}] if group == "total" else section[group]
        for line in lines:
            ws.cell(row, 1, line["key"] if key else "Tổng cộng")
            for c, (field, _head) in enumerate(COLUMNS, start=2):
                cell = ws.cell(row, c, line[field])
                if field == "satisfied_share":
                    cell.number_format = "0.0%"
            row += 1
        row += 1
    ws.column_dimensions["A"].width = 22
    for col in "BCDE":
        ws.column_dimensions[col].width = 18
