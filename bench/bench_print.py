"""Ticket printing benchmark: render + encode time per ticket, and bytes per ticket.

Run: ``.venv/bin/python bench/bench_print.py [--tickets 500]``. Each ticket differs (number,
tracking code, people ahead, service), so per-ticket work such as the QR code is measured.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SERVICES = (
    "Cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất",
    "Đăng ký khai sinh",
    "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
    "Đăng ký thành lập hộ kinh doanh",
    "Cấp lại Giấy phép lái xe",
)


def percentile(values: list[float], fraction: float) -> float:
    """Return the nearest-rank percentile of ``values``."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(fraction * len(ordered)) - 1))
    return ordered[index]


def run(width: int, tickets: int) -> dict[str, float]:
    """Render and encode ``tickets`` different tickets for paper ``width`` dots wide."""
    from printers.encode import encode_image
    from printers.pipeline import render_ticket
    from printers.samples import sample_slip

    slips = [
        sample_slip(
            SERVICES[i % len(SERVICES)],
            f"{'ABCD'[i % 4]}{i % 1000:03d}",
            waiting_ahead=i % 40,
            estimated_wait_s=(i % 40) * 180,
            tracking_code=f"K{i:04d}-{(i * 7919) % 10000:04d}",
        )
        for i in range(tickets)
    ]
    started = time.perf_counter()
    encode_image(render_ticket(slips[0], width))
    cold = time.perf_counter() - started

    total, render_times, sizes = [], [], []
    for slip in slips:
        t0 = time.perf_counter()
        image = render_ticket(slip, width)
        t1 = time.perf_counter()
        data = encode_image(image)
        t2 = time.perf_counter()
        render_times.append(t1 - t0)
        total.append(t2 - t0)
        sizes.append(len(data))
    return {
        "cold_ms": cold * 1000,
        "p50_ms": percentile(total, 0.50) * 1000,
        "p99_ms": percentile(total, 0.99) * 1000,
        "render_p50_ms": percentile(render_times, 0.50) * 1000,
        "bytes_mean": statistics.fmean(sizes),
        "bytes_max": max(sizes),
    }


def main(argv: list[str] | None = None) -> int:
    """Print a table of timings and sizes for 58 mm and 80 mm paper."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=500)
    args = parser.parse_args(argv)
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from printers.blocks import PAPER_58MM, PAPER_80MM

    header = (
        f"{'paper':<7}{'dots':>5}{'tickets':>9}{'cold ms':>9}{'p50 ms':>8}{'p99 ms':>8}"
        f"{'render p50':>12}{'bytes avg':>11}{'bytes max':>11}"
    )
    print(header)
    print("-" * len(header))
    for name, width in (("58 mm", PAPER_58MM), ("80 mm", PAPER_80MM)):
        r = run(width, args.tickets)
        print(
            f"{name:<7}{width:>5}{args.tickets:>9}{r['cold_ms']:>9.1f}{r['p50_ms']:>8.2f}"
            f"{r['p99_ms']:>8.2f}{r['render_p50_ms']:>12.2f}{r['bytes_mean']:>11.0f}"
            f"{r['bytes_max']:>11}"
        )
    print("\ntimes: render (layout + Pillow + QR) + encode (ESC/POS bytes), per ticket;")
    print("cold: first ticket of the process, font loading included.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
