"""The dossier use cases stay flask-free: only api.py and web.py are HTTP adapters."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "server" / "dossiers"
ADAPTERS = {"api.py", "web.py"}
FORBIDDEN = {"flask", "flask_socketio", "socketio", "eventlet", "werkzeug", "itsdangerous"}


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_dossier_use_cases_do_not_import_flask():
    modules = [p for p in PACKAGE.glob("*.py") if p.name not in ADAPTERS]
    assert {"intake.py", "lifecycle.py", "tracking.py", "outbox.py"} <= {p.name for p in modules}
    offenders = {p.name: sorted(_imports(p) & FORBIDDEN) for p in modules
                 if _imports(p) & FORBIDDEN}
    assert offenders == {}
