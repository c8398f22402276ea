"""Application factory: the wired runtime, Socket.IO, and every area's routes and screens."""

from __future__ import annotations

import importlib
import secrets
from pathlib import Path
from typing import Any

from flask import Flask, jsonify
from sqlalchemy import text

from server.bootstrap import build_runtime, wire, wire_server
from server.kernel.realtime import init_realtime
from server.kernel.runtime import Runtime
from server.kernel.settings import Settings, load_settings
from server.kernel.web import auth_api, http, openapi
from server.queue import api as queue_api
from server.queue import counters_api
from server.queue import sockets as queue_sockets

# Each area's pages and routes, mounted in this order by their `register(app)`.
AREAS = ("kiosk.web", "counter_panel.web", "display_board.web", "server.kernel.web.pages",
         "server.dossiers.pages", "server.reports.pages", "server.printing.api",
         "server.voice.api", "server.admin.pages", "server.admin.api",
         "server.ratings.pages")


def _secret_key(settings: Settings) -> str:
    if settings.secret_key:
        return settings.secret_key
    path = Path(settings.instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> Flask:
    """Create the Flask app; tests pass their own settings or runtime."""
    settings = settings or (runtime.settings if runtime else load_settings())
    Path(settings.instance_path).mkdir(parents=True, exist_ok=True)
    app = Flask(__name__, instance_path=str(Path(settings.instance_path).resolve()))
    app.config.update(SECRET_KEY=_secret_key(settings), MAX_CONTENT_LENGTH=20 * 1024 * 1024)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    runtime = wire_server(wire(runtime) if runtime else build_runtime(settings))
    app.extensions["motcua"] = runtime

    http.install_error_handlers(app)
    for bp in (auth_api.bp, queue_api.bp, counters_api.bp, openapi.bp):
        app.register_blueprint(bp, url_prefix="/api/v1")
    socketio = init_realtime(app, runtime)
    queue_sockets.register(socketio, runtime)
    for module in AREAS:
        importlib.import_module(module).register(app)
    app.get("/healthz")(lambda: _health(runtime))
    return app


def _health(runtime: Runtime):
    """Report liveness, the database's state and each area's probe."""
    try:
        with runtime.db.session() as s:
            s.execute(text("SELECT 1"))
        db_status = "ok"
    except Exception as exc:  # noqa: BLE001 - health must answer, whatever broke
        db_status = f"error: {type(exc).__name__}"
    body: dict[str, Any] = {
        "status": "ok" if db_status == "ok" else "degraded", "database": db_status,
        "backend": runtime.db.engine.dialect.name, "async_mode": runtime.settings.async_mode}
    for probe in runtime.hooks.health:
        body[probe.name] = probe.probe()
    return jsonify(body), 200 if db_status == "ok" else 503
