"""`make bench`: run every benchmark in turn and print its figures."""

import runpy
import sys

SCRIPTS = ["bench.bench_http", "bench.bench_board_latency", "bench.bench_print",
           "bench.bench_voice", "bench.bench_reports"]

for name in sys.argv[1:] or SCRIPTS:
    print(f"\n== {name} ==", flush=True)
    try:
        runpy.run_module(name, run_name="__main__")
    except ModuleNotFoundError as exc:
        print(f"skipped: {exc}")
