"""Fixtures for the printing tests: a manual dispatcher, kiosk printer settings, fake printers."""

from __future__ import annotations

import pytest

from printers.fake_network import FakeNetworkPrinter


@pytest.fixture
def app(runtime, demo):
    """The app with a dispatcher that only runs when a test calls ``run_once``."""
    from server.app import create_app

    runtime.settings.extra["print_dispatch"] = "manual"
    return create_app(runtime=runtime)


@pytest.fixture
def dispatcher(app):
    """This runtime's print dispatcher (run it round by round with ``run_once``)."""
    from server.printing.api import dispatcher_of

    return dispatcher_of(app.extensions["motcua"])


@pytest.fixture
def fake_printer():
    """A started fake network printer on 127.0.0.1, stopped after the test."""
    fake = FakeNetworkPrinter().start()
    try:
        yield fake
    finally:
        fake.stop()
