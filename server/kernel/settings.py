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
    """The deployment's own knobs; each area reads its options through `area_settings`."""

    instance_path: str = str(ROOT / "instance")
    database_url: str = ""  # empty: SQLite file under instance_path
    timezone: str = "Asia/Ho_Chi_Minh"
    async_mode: str = "eventlet"  # eventlet | gevent | threading
    message_queue: str = ""  # e.g. redis://127.0.0.1:6379/0 for several processes
    public_url: str = "http://127.0.0.1:5000"
    secret_key: str = ""  # empty: generated once into instance/secret_key
    staff_token_hours: int = 12
    log_level: str = "INFO"
    # Flat options: QMS_* variables and [motcua] keys that are not the fields above.
    extra: dict[str, typing.Any] = field(default_factory=dict)
    # The [motcua.<area>] tables of the TOML file.
    areas: dict[str, dict[str, typing.Any]] = field(default_factory=dict)

    def option(self, key: str, default: typing.Any) -> typing.Any:
        """Return a flat option from `extra` (TOML or QMS_* env), typed like its default."""
        value = self.extra.get(key)
        if value is None or value == "":
            return default
        return _typed(value, default)

    @property
    def sqlalchemy_url(self) -> str:
        """Return the database URL, defaulting to a SQLite file in the instance folder."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{Path(self.instance_path) / 'motcua.db'}"


# QMS_* variables that steer tools and tests, not the server.
_NOT_OPTIONS = {"config", "require_services", "test_postgres_url", "test_redis_url"}


def _typed(value: typing.Any, default: typing.Any) -> typing.Any:
    """Convert a raw option (often a string from the environment) to its default's type."""
    if default is None or isinstance(value, type(default)):
        return value
    if isinstance(default, bool):
        return _coerce(bool, str(value))
    return type(default)(value)


def _coerce(kind: typing.Any, raw: str) -> typing.Any:
    if kind in (int, "int"):
        return int(raw)
    if kind in (bool, "bool"):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    return raw


def load_settings(config_file: str | None = None, **overrides: typing.Any) -> Settings:
    """Build settings from defaults, then the TOML file, then QMS_* env, then overrides."""
    values: dict[str, typing.Any] = {}
    areas: dict[str, dict[str, typing.Any]] = {}
    path = config_file or os.environ.get("QMS_CONFIG")
    if path and Path(path).exists():
        with open(path, "rb") as fh:
            for key, value in tomllib.load(fh).get("motcua", {}).items():
                (areas if isinstance(value, dict) else values)[key] = value
    hints = typing.get_type_hints(Settings)
    for f in dataclasses.fields(Settings):
        env = os.environ.get(f"QMS_{f.name.upper()}")
        if env is not None and f.name not in ("extra", "areas"):
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
    settings.areas.update(areas)
    return settings


class AreaSettings:
    """Base of an area's typed settings: a frozen dataclass whose fields all have defaults.

    A field `key` of area `area` is read from, first to last: the QMS_<AREA>_<KEY> variable
    (or an older flat name listed in `legacy`, e.g. QMS_PRINT_DISPATCH), then the key in the
    file's [motcua.<area>] table, then its default. Values are typed like the default.
    """

    area: typing.ClassVar[str]
    # field name -> the flat name the option had before areas had their own table.
    legacy: typing.ClassVar[dict[str, str]] = {}


A = typing.TypeVar("A", bound=AreaSettings)


def _default_of(f: dataclasses.Field[typing.Any]) -> typing.Any:
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return f.default


def area_settings(settings: Settings, cls: type[A]) -> A:
    """Return an area's typed settings (read afresh: tests and admins may change options)."""
    table = getattr(settings, "areas", {}).get(cls.area, {})
    values: dict[str, typing.Any] = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        default = _default_of(f)
        raw = None
        for key in (f"{cls.area}_{f.name}", cls.legacy.get(f.name)):
            if key and settings.extra.get(key) not in (None, ""):
                raw = settings.extra[key]
                break
        if raw is None:
            raw = table.get(f.name)
        values[f.name] = default if raw is None else _typed(raw, default)
    return cls(**values)
