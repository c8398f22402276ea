"""`motcua user create`, `motcua device create|configure`: accounts and devices."""

from __future__ import annotations

import argparse
import getpass
import json
import sys

from server.kernel import auth, centers
from server.kernel.devices import configure_device
from server.kernel.principals import DeviceKind


def cmd_user_create(args: argparse.Namespace) -> int:
    """Create a staff account; the password comes from stdin or a prompt."""
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass()
    runtime = args.make_runtime()
    with runtime.uow() as ctx:
        center = centers.get_center(ctx.session, args.center) if args.role != "admin" or \
            args.center else None
        staff = auth.create_staff(ctx, args.name, args.role, password,
                                  center.id if center else None)
    print(f"user {staff.username} ({staff.role}) created")
    return 0


def cmd_device_create(args: argparse.Namespace) -> int:
    """Register a kiosk, board, tablet or rating screen; print its token alone on the last line."""
    runtime = args.make_runtime()
    with runtime.uow() as ctx:
        center = centers.get_center(ctx.session, args.center)
        device, token = auth.create_device(ctx, center, args.kind, args.name)
    print(f"{device.kind} '{device.name}' registered for center {center.code}; token:")
    print(token)
    return 0


def cmd_device_configure(args: argparse.Namespace) -> int:
    """Set a device's options (printer, print_mode, paper, layout, services, ...)."""
    runtime = args.make_runtime()
    with runtime.uow() as ctx:
        config = configure_device(ctx, args.name, args.settings)
    print(json.dumps({"device": args.name, "config": config}, ensure_ascii=False))
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add `user` and `device` to the `motcua` command."""
    user = sub.add_parser("user", help="staff accounts").add_subparsers(dest="user_cmd",
                                                                        required=True)
    uc = user.add_parser("create", help="create a staff account")
    uc.add_argument("name")
    uc.add_argument("--role", required=True, choices=["officer", "supervisor", "admin"])
    uc.add_argument("--password-stdin", action="store_true")
    uc.add_argument("--center")
    uc.set_defaults(func=cmd_user_create)

    device = sub.add_parser("device", help="kiosks, boards, tablets, rating screens")
    device = device.add_subparsers(dest="device_cmd", required=True)
    dc = device.add_parser("create", help="register a device and print its token")
    dc.add_argument("kind", choices=[k.value for k in DeviceKind])
    dc.add_argument("name")
    dc.add_argument("--center")
    dc.set_defaults(func=cmd_device_create)
    dcf = device.add_parser("configure", help="set a device's options: key=value (empty: remove)")
    dcf.add_argument("name")
    dcf.add_argument("settings", nargs="+", metavar="KEY=VALUE",
                     help="e.g. printer=network://10.0.0.5:9100 print_mode=server paper=80")
    dcf.set_defaults(func=cmd_device_configure)
