"""Application factory: binds settings, database, events and every adapter."""

from __future__ import annotations

import logging
import secrets
from pathlib import Path

from flask import Flask, jsonify
from sqlalchemy import text

from server.kernel.db.session import Database
from server.kernel.runtime import Runtime
from server.kernel.settings import Settings, load_settings

log = logging.getLogger(__name__)


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
    app.config.update(SECRET_KEY=_secret_key(settings),
                      MAX_CONTENT_LENGTH=20 * 1024 * 1024)
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    runtime = runtime or Runtime(db=Database(settings.sqlalchemy_url), settings=settings)
    app.extensions["motcua"] = runtime

    from server.kernel.web import auth_api as auth
    from server.kernel.web import http as common
    from server.kernel.web import openapi
    from server.queue import api as queue
    from server.queue import counters_api as counters

    common.install_error_handlers(app)
    for bp in (auth.bp, queue.bp, counters.bp, openapi.bp):
        app.register_blueprint(bp, url_prefix="/api/v1")

    from server.kernel import realtime as realtime_setup

    realtime_setup.init_realtime(app, runtime)
    _register_pages(app)

    @app.get("/healthz")
    def healthz():
        """Report liveness and the database's state."""
        try:
            with runtime.db.session() as s:
                s.execute(text("SELECT 1"))
            db_status = "ok"
        except Exception as exc:  # noqa: BLE001 - health must answer, whatever broke
            db_status = f"error: {type(exc).__name__}"
        body = {"status": "ok" if db_status == "ok" else "degraded", "database": db_status,
                "backend": runtime.db.engine.dialect.name,
                "async_mode": settings.async_mode}
        for name, probe in runtime.hooks.get("health", []):
            body[name] = probe()
        return jsonify(body), 200 if db_status == "ok" else 503

    return app


# Each area mounts its own routes and background tasks through `register(app)`.
AREAS = ("kiosk.web", "counter_panel.web", "display_board.web", "server.kernel.web.pages",
         "server.dossiers.pages", "server.reports.pages", "server.printing.api",
         "server.voice.api", "server.admin.pages")


def _register_pages(app: Flask) -> None:
    """Mount every area's screens and routes."""
    import importlib

    for module in AREAS:
        importlib.import_module(module).register(app)
