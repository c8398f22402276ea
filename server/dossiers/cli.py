"""`motcua procedures import`, `motcua dossiers import|alerts`, `motcua outbox deliver|status`."""

from __future__ import annotations

import json
import time

from server.dossiers.settings import dossier_settings


def _runtime(args):
    return args.make_runtime()


def cmd_procedures_import(args) -> int:
    """Import a procedure catalogue (CSV or JSON); a changed procedure gets a new version."""
    from server.dossiers.usecases import catalogue

    runtime = _runtime(args)
    document = catalogue.load_file(args.file)
    with runtime.uow() as ctx:
        result = catalogue.import_document(ctx, document)
    print("procedures: " + ", ".join(f"{k} {v}" for k, v in result.items()))
    return 0


def cmd_procedures_demo(args) -> int:
    """Load the demo catalogue (server/dossiers/data): procedures and linked groups."""
    from server.dossiers.usecases import catalogue

    runtime = _runtime(args)
    with runtime.uow() as ctx:
        result = catalogue.load_demo_catalogue(ctx)
    print("procedures: " + ", ".join(f"{k} {v}" for k, v in result.items()))
    return 0


def cmd_dossiers_import(args) -> int:
    """Import dossiers from a portal export (docs/portal.md); known MaHoSo are not duplicated."""
    from server.dossiers.usecases import catalogue, portal

    runtime = _runtime(args)
    document = catalogue.load_file(args.file)
    with runtime.uow() as ctx:
        result = portal.import_portal(ctx, document)
    print(f"dossiers: created {result['created']}, updated {result['updated']}, "
          f"unchanged {result['unchanged']}, errors {len(result['errors'])}")
    for err in result["errors"]:
        print(f"  #{err['index']} {err.get('MaHoSo')}: {err['code']} {err['message_en']}")
    return 1 if result["errors"] else 0


def cmd_dossiers_alerts(args) -> int:
    """Run one alert scan (sends new alerts) and print the current alerts."""
    from server.dossiers.usecases import alerts

    runtime = _runtime(args)
    with runtime.uow() as ctx:
        sent = alerts.scan_alerts(ctx)
        current = alerts.current_alerts(ctx)
    print(f"alerts: {len(current)} current, {len(sent)} newly sent")
    for a in current:
        where = a["stage"] or "hạn giải quyết / due date"
        print(f"  {a['level']:<10} {a['code']}  {where}  {a['due_text']}")
    return 0


def cmd_outbox_deliver(args) -> int:
    """Deliver pending portal events to `portal_webhook_url` (once, or --loop)."""
    from server.dossiers.usecases import outbox

    runtime = _runtime(args)
    if not dossier_settings(runtime.settings).portal_webhook_url:
        print("error: set portal_webhook_url in the [motcua] section of the config file")
        return 1
    while True:
        stats = outbox.deliver_outbox(runtime.uow, outbox.requests_post)
        print(f"outbox: delivered {stats['delivered']}, failed {stats['failed']}, "
              f"pending {stats['pending']}", flush=True)
        if not args.loop:
            return 0 if stats["failed"] == 0 else 1
        time.sleep(float(dossier_settings(runtime.settings).outbox_interval_s))


def cmd_outbox_status(args) -> int:
    """Print pending and failing portal events as JSON."""
    from server.dossiers.usecases import outbox

    runtime = _runtime(args)
    with runtime.uow(write=False) as ctx:
        print(json.dumps(outbox.outbox_status(ctx), ensure_ascii=False, indent=2))
    return 0


def add_commands(sub) -> None:
    """Add the dossier sub-commands to `motcua`."""
    procedures = sub.add_parser("procedures", help="procedure catalogue").add_subparsers(
        dest="procedures_cmd", required=True)
    imp = procedures.add_parser("import", help="import a catalogue file (.json or .csv)")
    imp.add_argument("file", help="JSON like server/dossiers/data/procedures.json (or "
                                  "procedure_groups.json), or CSV (see docs/portal.md)")
    imp.set_defaults(func=cmd_procedures_import)
    procedures.add_parser("demo", help="load the demo catalogue").set_defaults(
        func=cmd_procedures_demo)

    dossiers = sub.add_parser("dossiers", help="dossiers").add_subparsers(
        dest="dossiers_cmd", required=True)
    dimp = dossiers.add_parser("import", help="import a portal export (docs/portal.md)")
    dimp.add_argument("file")
    dimp.set_defaults(func=cmd_dossiers_import)
    dossiers.add_parser("alerts", help="scan for nearly-due and overdue dossiers").set_defaults(
        func=cmd_dossiers_alerts)

    box = sub.add_parser("outbox", help="portal sync outbox").add_subparsers(
        dest="outbox_cmd", required=True)
    deliver = box.add_parser("deliver", help="deliver pending events to the portal webhook")
    deliver.add_argument("--loop", action="store_true", help="keep delivering")
    deliver.set_defaults(func=cmd_outbox_deliver)
    box.add_parser("status", help="show pending and failing events").set_defaults(
        func=cmd_outbox_status)
