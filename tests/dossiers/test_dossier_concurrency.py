"""Concurrent intake never hands out a dossier code twice (8 threads x 50 intakes)."""

from __future__ import annotations

import threading

import pytest
from dossier_support import record, vn
from sqlalchemy import func, select

from server.dossiers.models import Dossier, DossierEvent, PortalOutbox
from server.kernel.models import DailySequence

THREADS, PER_THREAD = 8, 50

pytestmark = pytest.mark.slow


def test_concurrent_intake_never_duplicates_a_code(runtime, catalogue_loaded, clock):
    clock.now = vn(2026, 11, 30, 9, 0)
    codes: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(THREADS)

    def worker(n: int) -> None:
        start.wait()
        try:
            for i in range(PER_THREAD):
                # Two procedures of the same agency share one daily sequence.
                view = record(runtime, "1.004873" if (n + i) % 2 else "1.001193",
                              username=f"officer{n % 8 + 1}")
                with lock:
                    codes.append(view["code"])
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors[:3]
    total = THREADS * PER_THREAD
    assert len(codes) == total and len(set(codes)) == total
    # No gaps either: the numbers are exactly 1..400 for the agency that day.
    assert sorted(int(c.rsplit("-", 1)[1]) for c in codes) == list(range(1, total + 1))
    assert all(c.startswith("H15.50.05.13-261130-") for c in codes)
    with runtime.uow(write=False) as ctx:
        assert ctx.session.scalar(select(func.count()).select_from(Dossier)) == total
        assert ctx.session.scalar(select(func.count()).select_from(DossierEvent)) == total
        assert ctx.session.scalar(select(func.count()).select_from(PortalOutbox)) == total
        assert ctx.session.scalar(select(DailySequence.last).where(
            DailySequence.scope == "dossier:H15.50.05.13")) == total
