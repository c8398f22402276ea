"""Typed settings: defaults < config file (TOML) < QMS_* environment variables."""

from __future__ import annotations

import dataclasses
import os
import tomllib
import typing
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Settings:
    """Every knob of a motcua deployment; see README for each one."""

    instance_path: str = str(ROOT / "instance")
    database_url: str = ""  # empty: SQLite file under instance_path
    timezone: str = "Asia/Ho_Chi_Minh"
    async_mode: str = "eventlet"  # eventlet | gevent | threading
    message_queue: str = ""  # e.g. redis://127.0.0.1:6379/0 for several processes
    public_url: str = "http://127.0.0.1:5000"
    secret_key: str = ""  # empty: generated once into instance/secret_key
    staff_token_hours: int = 12
    # Priority policy: at most this many priority calls in a row per counter.
    max_priority_streak: int = 3
    # Recall: seconds between two calls of one ticket; calls before no-show.
    recall_cooldown_s: int = 10
    max_calls: int = 3
    # Estimated wait: service time assumed before any history exists.
    default_service_s: int = 300
    estimate_window: int = 20
    kiosk_idle_s: int = 30
    # Voice: engine auto|pyttsx3|espeak|none; languages announced in order; A012 read
    # "whole" (A mười hai) or "digits" (A không một hai); times each call is repeated.
    voice_engine: str = "auto"
    voice_langs: str = "vi"
    voice_number_mode: str = "whole"
    voice_repeat: int = 1
    log_level: str = "INFO"
    extra: dict[str, typing.Any] = field(default_factory=dict)

    def option(self, key: str, default: typing.Any) -> typing.Any:
        """Return an area's option from `extra` (TOML or QMS_* env), typed like its default."""
        value = self.extra.get(key)
        if value is None or value == "":
            return default
        if default is None or isinstance(value, type(default)):
            return value
        if isinstance(default, bool):
            return _coerce(bool, str(value))
        return type(default)(value)

    @property
    def sqlalchemy_url(self) -> str:
        """Return the database URL, defaulting to a SQLite file in the instance folder."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{Path(self.instance_path) / 'motcua.db'}"


# QMS_* variables that steer tools and tests, not the server.
_NOT_OPTIONS = {"config", "require_services", "test_postgres_url", "test_redis_url"}


def _coerce(kind: typing.Any, raw: str) -> typing.Any:
    if kind in (int, "int"):
        return int(raw)
    if kind in (bool, "bool"):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    return raw


def load_settings(config_file: str | None = None, **overrides: typing.Any) -> Settings:
    """Build settings from defaults, then the TOML file, then QMS_* env, then overrides."""
    values: dict[str, typing.Any] = {}
    path = config_file or os.environ.get("QMS_CONFIG")
    if path and Path(path).exists():
        with open(path, "rb") as fh:
            values.update(tomllib.load(fh).get("motcua", {}))
    hints = typing.get_type_hints(Settings)
    for f in dataclasses.fields(Settings):
        env = os.environ.get(f"QMS_{f.name.upper()}")
        if env is not None and f.name != "extra":
            values[f.name] = _coerce(hints[f.name], env)
    known = {f.name for f in dataclasses.fields(Settings)}
    for name, raw in os.environ.items():
        key = name[4:].lower()
        # Other areas' options (QMS_PORTAL_WEBHOOK_URL, QMS_WAIT_ALERT_S, ...) go to `extra`.
        if name.startswith("QMS_") and key not in known and key not in _NOT_OPTIONS:
            values[key] = raw
    values.update({k: v for k, v in overrides.items() if v is not None})
    unknown = set(values) - {f.name for f in dataclasses.fields(Settings)}
    extra = {k: values.pop(k) for k in unknown}
    settings = Settings(**values)
    settings.extra.update(extra)
    return settings
