"""Architecture guard: the service and domain layers never import the web framework."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {"flask", "flask_socketio", "socketio", "eventlet", "werkzeug"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_services_and_domain_do_not_import_flask_or_socketio():
    offenders = {}
    for layer in ("server/services", "server/domain"):
        for path in (ROOT / layer).rglob("*.py"):
            bad = _imports(path) & FORBIDDEN
            if bad:
                offenders[str(path.relative_to(ROOT))] = sorted(bad)
    assert offenders == {}


def test_domain_does_not_touch_the_database():
    for path in (ROOT / "server/domain").rglob("*.py"):
        assert "sqlalchemy" not in _imports(path), path
