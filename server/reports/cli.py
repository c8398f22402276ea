"""`motcua report` (exports with a progress bar) and `motcua demo generate` (history)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from server.kernel import centers


def _runtime(args):
    return args.make_runtime()


class ProgressBar:
    """A one-line progress bar on stderr: `[#####.....]  5/13 2026-05  1.2 s`."""

    def __init__(self, title: str, stream=None, width: int = 30):
        self.title, self.stream, self.width = title, stream or sys.stderr, width
        self.started = time.monotonic()
        self.drawn = False

    def __call__(self, done: int, total: int, label: str = "") -> None:
        filled = int(self.width * done / total) if total else self.width
        elapsed = time.monotonic() - self.started
        line = (f"\r{self.title} [{'#' * filled}{'.' * (self.width - filled)}] "
                f"{done}/{total} {label:<14} {elapsed:6.1f} s")
        self.stream.write(line)
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()
        self.drawn = True


def cmd_report(args) -> int:
    """Write the center's report for a period to a file (xlsx, csv or json)."""
    from server.reports.rules.period import Period
    from server.reports.usecases import exports
    from server.reports.usecases.center_report import center_report
    from server.reports.usecases.queue_report import queue_report

    runtime = _runtime(args)
    fmt = args.format or Path(args.out).suffix.lstrip(".").lower() or "xlsx"
    if fmt not in ("xlsx", "csv", "json"):
        print(f"error: unsupported format {fmt!r} (xlsx, csv, json)", file=sys.stderr)
        return 2
    with runtime.uow(write=False) as ctx:
        center = centers.get_center(ctx.session, args.center)
        period = Period.of(args.date_from, args.date_to, center.timezone)
        # Progress only for periods long enough to wait for (more than a month).
        progress = period.days > 31 and not args.quiet
        if args.kind == "queue":
            report = queue_report(ctx, center, period,
                                  ProgressBar("hàng đợi") if progress else None)
            body = {"json": exports.to_json, "csv": exports.queue_csv,
                    "xlsx": exports.queue_xlsx}[fmt](report)
        else:
            report = center_report(ctx, center, period,
                                   ProgressBar("hồ sơ   ") if progress else None)
            if fmt == "xlsx":
                queue = queue_report(ctx, center, period,
                                     ProgressBar("hàng đợi") if progress else None)
                body = exports.center_xlsx(report, queue)
            else:
                body = (exports.to_json if fmt == "json" else exports.center_csv)(report)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(body)
    print(f"{args.kind} report {center.code} {period.first}..{period.last} -> {out} "
          f"({len(body)} bytes)")
    return 0


def cmd_demo_generate(args) -> int:
    """Generate a province-scale history (centers, queue, dossiers) with bulk inserts."""
    from server.reports.usecases.generate import Options, generate

    runtime = _runtime(args)
    opts = Options(centers=args.centers, days=args.days, tickets=args.tickets,
                   dossiers=args.dossiers, seed=args.seed, prefix=args.prefix,
                   include_existing=args.include_existing,
                   end_day=args.end_day)
    started = time.monotonic()
    summary = generate(runtime, opts, None if args.quiet else ProgressBar("generate"))
    took = time.monotonic() - started
    print(f"generated in {took:.1f} s: " + ", ".join(f"{k} {v}" for k, v in summary.items()))
    return 0


def _demo_subparsers(sub) -> argparse._SubParsersAction | None:
    """Find the `demo` command's sub-commands (server/cli.py creates them)."""
    demo = sub.choices.get("demo")
    if demo is None:
        return None
    for action in demo._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    return None


def add_commands(sub) -> None:
    """Add `report` and `demo generate` to the motcua command."""
    rep = sub.add_parser("report", help="export a center's report (xlsx, csv, json)")
    rep.add_argument("--from", dest="date_from", required=True, help="first day YYYY-MM-DD")
    rep.add_argument("--to", dest="date_to", required=True, help="last day YYYY-MM-DD")
    rep.add_argument("--format", choices=["xlsx", "csv", "json"],
                     help="default: from the --out extension")
    rep.add_argument("--out", required=True, help="file to write")
    rep.add_argument("--center", help="center code (default: the only center)")
    rep.add_argument("--kind", choices=["center", "queue"], default="center",
                     help="center: dossier report (xlsx adds the queue sheet); queue: queue only")
    rep.add_argument("--quiet", action="store_true", help="no progress bar")
    rep.set_defaults(func=cmd_report)

    demo = _demo_subparsers(sub)
    if demo is None:
        return
    gen = demo.add_parser("generate", help="generate a province-scale history (bulk inserts)")
    gen.add_argument("--centers", type=int, default=100)
    gen.add_argument("--days", type=int, default=365)
    gen.add_argument("--tickets", type=int, default=1_000_000)
    gen.add_argument("--dossiers", type=int, default=300_000)
    gen.add_argument("--seed", type=int, default=1)
    gen.add_argument("--prefix", default="LC", help="code prefix of generated centers")
    gen.add_argument("--include-existing", action="store_true",
                     help="also give the centers already in the database a history")
    gen.add_argument("--end-day", help="last day of history YYYY-MM-DD (default: yesterday)")
    gen.add_argument("--quiet", action="store_true")
    gen.set_defaults(func=cmd_demo_generate)
