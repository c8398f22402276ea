"""The `motcua` command: database, demo data and serving here; the rest from each area."""

from __future__ import annotations

import argparse
import sys

from server.bootstrap import build_runtime
from server.dossiers.public import load_demo_catalogue
from server.kernel.centers import get_center
from server.kernel.runtime import Runtime
from server.kernel.settings import load_settings
from server.queue import public as demo


def _runtime(args) -> Runtime:
    return build_runtime(load_settings(args.config))


def cmd_db_upgrade(args) -> int:
    """Create or migrate the database schema."""
    from server.migrations.migrate import upgrade

    settings = load_settings(args.config)
    if settings.sqlalchemy_url.startswith("sqlite:///"):
        from pathlib import Path

        Path(settings.sqlalchemy_url[len("sqlite:///"):]).parent.mkdir(parents=True,
                                                                        exist_ok=True)
    upgrade(settings.sqlalchemy_url)
    print(f"database ready: {settings.sqlalchemy_url.split('@')[-1]}")
    return 0


def cmd_demo_load(args) -> int:
    """Create the demo center (queue and procedure catalogue); print its secrets once."""
    runtime = _runtime(args)
    with runtime.uow() as ctx:
        if demo.center_exists(ctx):
            if args.if_empty:
                print("demo: a center already exists, nothing loaded")
                return 0
            print("error: the database already holds a center", file=sys.stderr)
            return 1
        result = demo.load_demo(ctx, always_open=args.always_open)
        load_demo_catalogue(ctx, get_center(ctx.session, result["center"]))
    print(f"Demo center {result['center']} loaded. Passwords (shown once, keep them):")
    for user, password in result["passwords"].items():
        print(f"  {user:<12} {password}")
    print("Device tokens (shown once):")
    base = runtime.settings.public_url.rstrip("/")
    for name, dev in result["devices"].items():
        page = {"kiosk": "kiosk", "board": "board", "tablet": "counter",
                "rating": "rate"}[dev["kind"]]
        print(f"  {dev['kind']:<6} {name}: {base}/{page}?token={dev['token']}")
    return 0


def cmd_serve(args) -> int:
    """Serve the API, the screens and Socket.IO."""
    from server.app import create_app

    settings = load_settings(args.config)
    app = create_app(settings)
    socketio = app.extensions["motcua.socketio"]
    print(f"motcua serving on http://{args.host}:{args.port} ({settings.async_mode})",
          flush=True)
    socketio.run(app, host=args.host, port=args.port, log_output=args.access_log,
                 allow_unsafe_werkzeug=True)
    return 0


def parser() -> argparse.ArgumentParser:
    """Build the argument parser of every sub-command."""
    p = argparse.ArgumentParser(prog="motcua", description=__doc__)
    p.add_argument("--config", help="TOML config file (also QMS_CONFIG)")
    sub = p.add_subparsers(dest="command", required=True)

    db = sub.add_parser("db", help="database").add_subparsers(dest="db_cmd", required=True)
    db.add_parser("upgrade", help="migrate to the newest schema").set_defaults(func=cmd_db_upgrade)

    demo = sub.add_parser("demo", help="demo data").add_subparsers(dest="demo_cmd", required=True)
    load = demo.add_parser("load", help="create the demo center")
    load.add_argument("--always-open", action="store_true",
                      help="no opening hours nor daily caps (demos and night-time checks)")
    load.add_argument("--if-empty", action="store_true", help="do nothing if a center exists")
    load.set_defaults(func=cmd_demo_load)

    serve = sub.add_parser("serve", help="serve HTTP and Socket.IO")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=5000)
    serve.add_argument("--access-log", action="store_true")
    serve.set_defaults(func=cmd_serve)
    _add_extensions(sub)
    return p


# The kernel and the areas add their sub-commands through `add_commands(subparsers)`.
EXTENSIONS = ("server.kernel.cli", "printers.cli", "server.dossiers.cli", "server.reports.cli")


def _add_extensions(sub) -> None:
    import importlib

    for module in EXTENSIONS:
        importlib.import_module(module).add_commands(sub)


def run(argv: list[str]) -> int:
    """Parse arguments and run one sub-command; domain errors print their message."""
    from server.kernel.errors import DomainError

    args = parser().parse_args(argv)
    # Areas' commands get their wired runtime from here (they never import this module).
    args.make_runtime = lambda: _runtime(args)
    try:
        return args.func(args)
    except DomainError as err:
        print(f"error {err.code}: {err.message_vi} / {err.message_en}", file=sys.stderr)
        return 2
