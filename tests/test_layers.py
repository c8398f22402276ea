"""Architecture guard: domain and use cases never import the web framework (CONTRIBUTING.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {"flask", "flask_socketio", "socketio", "eventlet", "werkzeug", "itsdangerous"}
# Each area's HTTP and Socket.IO adapters; every other module there is a use case.
# (voice/_compat.py asks eventlet whether it patched threading, to keep one real OS thread.)
ADAPTERS = {"api.py", "web.py", "sockets.py", "_compat.py"}
AREAS = ["server/services", "server/domain", "server/dossiers", "server/reports",
         "server/printing", "server/voice"]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("area", AREAS)
def test_use_cases_do_not_import_the_web_framework(area):
    modules = [p for p in (ROOT / area).rglob("*.py") if p.name not in ADAPTERS]
    assert modules
    offenders = {str(p.relative_to(ROOT)): sorted(_imports(p) & FORBIDDEN) for p in modules
                 if _imports(p) & FORBIDDEN}
    assert offenders == {}


def test_domain_does_not_touch_the_database():
    for path in (ROOT / "server/domain").rglob("*.py"):
        assert "sqlalchemy" not in _imports(path), path
