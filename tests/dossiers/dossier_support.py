"""Helpers of the dossier tests: instants in Vietnam, staff, intake and moves via services."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

from sqlalchemy import select

from server.dossiers.usecases import intake, lifecycle
from server.kernel.models import Center, Staff

VN = ZoneInfo("Asia/Ho_Chi_Minh")

APPLICANT = {"name": "Nguyễn Thị Hoa", "phone": "0912345678", "id_number": "001234567890",
             "consent": True}


def vn(y, m, d, hh=0, mm=0) -> datetime:
    """Return a local Vietnamese instant as aware UTC."""
    return datetime(y, m, d, hh, mm, tzinfo=VN).astimezone(UTC)


def staff(ctx, username: str = "officer1") -> Staff:
    """Return a demo staff member."""
    return ctx.session.scalar(select(Staff).where(Staff.username == username))


def center(ctx) -> Center:
    """Return the demo center."""
    return ctx.session.scalar(select(Center))


def record(runtime, procedure: str = "1.004873", username: str = "officer1", **body) -> dict:
    """Record a dossier through the service layer and return its staff view."""
    payload = {"procedure": procedure, "channel": "in_person", "applicant": dict(APPLICANT),
               **body}
    if "group" in body:
        payload.pop("procedure")
    with runtime.uow() as ctx:
        return intake.intake(ctx, center(ctx), staff(ctx, username), payload)


def move(runtime, code: str, status: int, username: str = "officer1", **kw) -> dict:
    """Transition a dossier through the service layer."""
    with runtime.uow() as ctx:
        return lifecycle.transition(ctx, code, staff(ctx, username), status, **kw)


# A portal export (docs/portal.md): one online same-day, one provincial in progress,
# one postal submission nobody accepted yet.
PORTAL_FILE = {"dossiers": [
    {"MaHoSo": "000.00.50.H15-261127-0012", "MaTTHC": "1.001193", "KenhNop": 2,
     "NgayTiepNhan": "2026-11-27T08:15:00+07:00", "TrangThai": 2,
     "ChuHoSo": {"HoTen": "Lò Văn Páo", "SoDienThoai": "0977000111", "SoGiayTo": "010203040506"},
     "TrichYeu": "Đăng ký khai sinh cho con"},
    {"MaHoSo": "000.00.50.H15-261127-0013", "MaTTHC": "1.012756", "KenhNop": "online",
     "NgayTiepNhan": "2026-11-27T09:00:00", "TrangThai": 4,
     "ChuHoSo": {"HoTen": "Giàng Thị Mai", "SoGiayTo": "010203040507"}},
    {"MaHoSo": "000.00.50.H15-261128-0001", "MaTTHC": "2.000488", "KenhNop": 3,
     "TrangThai": 1, "ChuHoSo": {"HoTen": "Vàng A Sử", "SoDienThoai": "0966 000 222"}},
]}


class Receiver:
    """A portal webhook on 127.0.0.1 that fails (500) for a while, and records what it got."""

    def __init__(self, fail_first: int, fail_every: int = 0, fail_until: int = 0):
        self.fail_first, self.fail_every, self.fail_until = fail_first, fail_every, fail_until
        self.requests = 0
        self.attempts: list[tuple[str, int, int]] = []  # (dossier, seq, event id), every try
        self.accepted: list[tuple[str, int, int]] = []
        self.out_of_order: list = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                key = (body["data"]["MaHoSo"], body["seq"], int(self.headers["X-Motcua-Event-Id"]))
                with receiver.lock:
                    receiver.requests += 1
                    n = receiver.requests
                    receiver.attempts.append(key)
                    done = [s for d, s, _e in receiver.accepted if d == key[0]]
                    if key[1] != (max(done) if done else 0) + 1:
                        receiver.out_of_order.append(key)
                    fail = n <= receiver.fail_first or (
                        receiver.fail_every and n <= receiver.fail_until and
                        n % receiver.fail_every == 0)
                    if not fail:
                        receiver.accepted.append(key)
                self.send_response(500 if fail else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/portal/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
