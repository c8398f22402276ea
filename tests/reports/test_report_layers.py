"""The report use cases stay free of the web framework (CONTRIBUTING.md)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "server" / "reports"
ADAPTERS = {"api.py", "web.py"}
FORBIDDEN = {"flask", "flask_socketio", "socketio", "eventlet", "werkzeug"}


def test_report_use_cases_do_not_import_flask():
    offenders = {}
    for path in ROOT.glob("*.py"):
        if path.name in ADAPTERS:
            continue
        names = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
        if names & FORBIDDEN:
            offenders[path.name] = sorted(names & FORBIDDEN)
    assert offenders == {}
