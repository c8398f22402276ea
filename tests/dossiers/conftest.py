"""Fixtures of the dossier tests: the demo center with its procedure catalogue."""

from __future__ import annotations

import pytest
from dossier_support import center

from server.dossiers.usecases import catalogue


@pytest.fixture
def catalogue_loaded(runtime, demo) -> dict:
    """The demo center plus the demo procedure catalogue and linked groups."""
    with runtime.uow() as ctx:
        catalogue.load_demo_catalogue(ctx, center(ctx))
    return demo


@pytest.fixture
def dossier_app(runtime, catalogue_loaded):
    """The Flask app on the test runtime, with the catalogue loaded."""
    from server.app import create_app

    return create_app(runtime=runtime)


@pytest.fixture
def dclient(dossier_app):
    return dossier_app.test_client()
