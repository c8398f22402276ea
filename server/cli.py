"""The `motcua` command: database, demo data, users, devices, serving."""

from __future__ import annotations

import argparse
import getpass
import sys

from server.bootstrap import build_runtime
from server.kernel import centers
from server.kernel.runtime import Runtime
from server.kernel.settings import load_settings


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
    """Create the demo center and print its generated passwords and device tokens once."""
    from server.queue import public as demo

    runtime = _runtime(args)
    with runtime.uow() as ctx:
        if demo.center_exists(ctx):
            if args.if_empty:
                print("demo: a center already exists, nothing loaded")
                return 0
            print("error: the database already holds a center", file=sys.stderr)
            return 1
        result = demo.load_demo(ctx, always_open=args.always_open)
        from server.dossiers.public import load_demo_catalogue
        from server.kernel.centers import get_center

        load_demo_catalogue(ctx, get_center(ctx.session, result["center"]))
    print(f"Demo center {result['center']} loaded. Passwords (shown once, keep them):")
    for user, password in result["passwords"].items():
        print(f"  {user:<12} {password}")
    print("Device tokens (shown once):")
    base = runtime.settings.public_url.rstrip("/")
    for name, dev in result["devices"].items():
        page = {"kiosk": "kiosk", "board": "board", "tablet": "counter"}[dev["kind"]]
        print(f"  {dev['kind']:<6} {name}: {base}/{page}?token={dev['token']}")
    return 0


def cmd_user_create(args) -> int:
    """Create a staff account; the password comes from stdin or a prompt."""
    from server.kernel import auth

    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass()
    runtime = _runtime(args)
    with runtime.uow() as ctx:
        center = centers.get_center(ctx.session, args.center) if args.role != "admin" or \
            args.center else None
        staff = auth.create_staff(ctx, args.name, args.role, password,
                                  center.id if center else None)
    print(f"user {staff.username} ({staff.role}) created")
    return 0


def cmd_device_create(args) -> int:
    """Register a kiosk, board or tablet; print its token alone on the last line."""
    from server.kernel import auth

    runtime = _runtime(args)
    with runtime.uow() as ctx:
        center = centers.get_center(ctx.session, args.center)
        device, token = auth.create_device(ctx, center, args.kind, args.name)
    print(f"{device.kind} '{device.name}' registered for center {center.code}; token:")
    print(token)
    return 0


def cmd_device_configure(args) -> int:
    """Set a device's options (printer, print_mode, paper, layout, services, ...)."""
    import json

    from sqlalchemy import select

    from server.kernel.errors import bad_request, not_found
    from server.kernel.models import Device

    runtime = _runtime(args)
    with runtime.uow() as ctx:
        device = ctx.session.scalar(select(Device).where(Device.name == args.name))
        if device is None:
            raise not_found("device", "thiết bị", args.name)
        config = dict(device.config or {})
        for item in args.settings:
            key, sep, raw = item.partition("=")
            if not sep or not key:
                raise bad_request("device.bad_setting", f"Cần dạng khóa=giá trị: {item}",
                                  f"Expected key=value: {item}")
            if raw == "":
                config.pop(key, None)
                continue
            try:
                config[key] = json.loads(raw)
            except ValueError:
                config[key] = raw
        device.config = config
    print(json.dumps({"device": args.name, "config": config}, ensure_ascii=False))
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

    user = sub.add_parser("user", help="staff accounts").add_subparsers(dest="user_cmd",
                                                                        required=True)
    uc = user.add_parser("create", help="create a staff account")
    uc.add_argument("name")
    uc.add_argument("--role", required=True, choices=["officer", "supervisor", "admin"])
    uc.add_argument("--password-stdin", action="store_true")
    uc.add_argument("--center")
    uc.set_defaults(func=cmd_user_create)

    device = sub.add_parser("device", help="kiosks, boards, tablets").add_subparsers(
        dest="device_cmd", required=True)
    dc = device.add_parser("create", help="register a device and print its token")
    dc.add_argument("kind", choices=["kiosk", "board", "tablet"])
    dc.add_argument("name")
    dc.add_argument("--center")
    dc.set_defaults(func=cmd_device_create)
    dcf = device.add_parser("configure", help="set a device's options: key=value (empty: remove)")
    dcf.add_argument("name")
    dcf.add_argument("settings", nargs="+", metavar="KEY=VALUE",
                     help="e.g. printer=network://10.0.0.5:9100 print_mode=server paper=80")
    dcf.set_defaults(func=cmd_device_configure)

    serve = sub.add_parser("serve", help="serve HTTP and Socket.IO")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=5000)
    serve.add_argument("--access-log", action="store_true")
    serve.set_defaults(func=cmd_serve)
    _add_extensions(sub)
    return p


# Areas beyond the queue add their sub-commands through `add_commands(subparsers)`.
EXTENSIONS = ("printers.cli", "server.dossiers.cli", "server.reports.cli")


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
