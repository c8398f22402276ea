"""Shared fixtures: a migrated database per test, a fake clock, the demo center."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from server.bootstrap import build_runtime
from server.kernel.db.session import Database
from server.kernel.events import MemoryPublisher
from server.kernel.runtime import Runtime
from server.kernel.settings import Settings
from server.migrations.migrate import upgrade
from support import login, postgres_schema, reset_postgres, token_of


def _isolated_postgres_url() -> str:
    """Give this test run its own schema, so concurrent runs on one server never collide."""
    url = os.environ.get("QMS_TEST_POSTGRES_URL", "")
    if not url or "search_path" in url:
        return url
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3Dmotcua_t{os.getpid()}"


# Set before test modules import it: every PostgreSQL test uses this run's schema.
os.environ["QMS_TEST_POSTGRES_URL"] = POSTGRES_URL = _isolated_postgres_url()
REDIS_URL = os.environ.get("QMS_TEST_REDIS_URL", "")


REQUIRE_SERVICES = os.environ.get("QMS_REQUIRE_SERVICES") == "1"
CHROMIUM = "/usr/bin/chromium"


def pytest_collection_modifyitems(config, items):
    """On CI everything runs; on a newcomer's machine browser tests wait for Chromium."""
    if REQUIRE_SERVICES:
        if not POSTGRES_URL or not REDIS_URL:
            raise pytest.UsageError("QMS_REQUIRE_SERVICES=1 needs QMS_TEST_POSTGRES_URL and "
                                    "QMS_TEST_REDIS_URL")
        return
    if not os.path.exists(CHROMIUM):
        skip = pytest.mark.skip(reason="Debian chromium not installed (CI installs it)")
        for item in items:
            if "browser" in item.keywords:
                item.add_marker(skip)


@dataclass
class FakeClock:
    """A clock tests move by hand."""

    now: datetime = field(default_factory=lambda: datetime(2026, 11, 30, 2, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw) -> datetime:
        """Move time forward."""
        self.now += timedelta(**kw)
        return self.now


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory) -> str:
    """Migrate one SQLite file with Alembic; each test copies it (fast and honest)."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade(f"sqlite:///{path}")
    return str(path)


def _backends():
    return ["sqlite", "postgres"] if POSTGRES_URL else ["sqlite"]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def make_settings(tmp_path, url: str = "") -> Settings:
    """Settings for tests: short cool-downs are set per test."""
    return Settings(instance_path=str(tmp_path / "instance"), database_url=url,
                    async_mode="threading", public_url="http://kiosk.test",
                    extra={"voice_engine": "none"})


_PG_MIGRATED: list[bool] = []


def _fresh_postgres() -> str:
    """Give a test an empty, migrated schema: migrate once per run, then truncate."""
    from sqlalchemy import create_engine, text

    from server.kernel.db.base import Base
    from server.migrations import all_models  # noqa: F401

    if not _PG_MIGRATED:
        reset_postgres(POSTGRES_URL)
        upgrade(POSTGRES_URL)
        _PG_MIGRATED.append(True)
        return POSTGRES_URL
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    engine = create_engine(POSTGRES_URL)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()
    return POSTGRES_URL


@pytest.fixture(scope="session", autouse=True)
def _drop_postgres_schema():
    """Remove this run's schema at the end."""
    yield
    if POSTGRES_URL:
        from sqlalchemy import create_engine, text

        engine = create_engine(POSTGRES_URL)
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{postgres_schema(POSTGRES_URL)}" CASCADE'))
        engine.dispose()


@pytest.fixture(params=_backends())
def runtime(request, tmp_path, clock, migrated_template) -> Runtime:
    """A runtime on a migrated database (SQLite always, PostgreSQL when configured)."""
    if request.param == "postgres":
        url = _fresh_postgres()
    else:
        db_path = tmp_path / "motcua.db"
        shutil.copy(migrated_template, db_path)
        url = f"sqlite:///{db_path}"
    # Wired like a server; every emitted payload is checked against its declaration.
    rt = build_runtime(make_settings(tmp_path, url), db=Database(url),
                       publisher=MemoryPublisher(), clock=clock, check_events=True)
    yield rt
    rt.db.dispose()


@pytest.fixture
def sqlite_runtime(tmp_path, clock, migrated_template) -> Runtime:
    """A runtime on SQLite only (for tests about SQLite's behaviour)."""
    db_path = tmp_path / "motcua.db"
    shutil.copy(migrated_template, db_path)
    url = f"sqlite:///{db_path}"
    # Wired like a server; every emitted payload is checked against its declaration.
    rt = build_runtime(make_settings(tmp_path, url), db=Database(url),
                       publisher=MemoryPublisher(), clock=clock, check_events=True)
    yield rt
    rt.db.dispose()


@pytest.fixture(scope="session")
def demo_template(migrated_template, tmp_path_factory) -> tuple[str, dict]:
    """Load the demo center once (password hashing is slow on purpose) into a template."""
    from server.queue.usecases.demo import load_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    shutil.copy(migrated_template, path)
    url = f"sqlite:///{path}"
    rt = Runtime(db=Database(url), settings=make_settings(path.parent, url))
    with rt.uow() as ctx:
        secrets = load_demo(ctx, always_open=True)
    rt.db.dispose()
    return str(path), secrets


@pytest.fixture
def demo(runtime, demo_template) -> dict:
    """Load the demo center (always open) and return its passwords and tokens."""
    from server.queue.usecases.demo import load_demo

    if runtime.db.is_sqlite:
        # Same rows as load_demo, copied from the template instead of re-hashing passwords.
        runtime.db.dispose()
        shutil.copy(demo_template[0], runtime.db.url[len("sqlite:///"):])
        return demo_template[1]
    with runtime.uow() as ctx:
        return load_demo(ctx, always_open=True)


@pytest.fixture
def app(runtime, demo):
    """The Flask app on the test runtime, threading mode."""
    from server.app import create_app

    return create_app(runtime=runtime)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def kiosk_headers(demo) -> dict:
    return {"Authorization": f"Bearer {token_of(demo, 'kiosk')}"}


@pytest.fixture
def officer_headers(client, demo) -> dict:
    return login(client, demo, "officer1")
