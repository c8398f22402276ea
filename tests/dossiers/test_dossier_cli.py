"""`motcua procedures import` (JSON, CSV, versions), `dossiers import`, `outbox deliver`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from dossier_support import PORTAL_FILE, Receiver

from server.cli import run
from server.dossiers.usecases.catalogue import DATA
from server.kernel import centers

CSV = (Path(__file__).resolve().parent / "procedures_sample.csv").read_text(encoding="utf-8")


@pytest.fixture
def instance(tmp_path, monkeypatch):
    monkeypatch.setenv("QMS_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("QMS_DATABASE_URL", raising=False)
    monkeypatch.delenv("QMS_CONFIG", raising=False)
    assert run(["db", "upgrade"]) == 0
    return tmp_path


def counts(out: str) -> dict[str, int]:
    return {k: int(v) for k, v in re.findall(r"(\w+) (\d+)", out.split(":", 1)[1])}


def test_procedures_import_json_then_new_versions(instance, capsys):
    assert run(["procedures", "import", str(DATA / "procedures.json")]) == 0
    first = counts(capsys.readouterr().out)
    assert first["created"] >= 25 and first["new_version"] == 0
    assert run(["procedures", "import", str(DATA / "procedures.json")]) == 0
    assert counts(capsys.readouterr().out)["created"] == 0
    assert run(["procedures", "import", str(DATA / "procedure_groups.json")]) == 0
    assert counts(capsys.readouterr().out) == {"groups": 2}
    doc = json.loads((DATA / "procedures.json").read_text(encoding="utf-8"))
    doc["procedures"][0]["fee_vnd"] = 1000
    changed = instance / "changed.json"
    changed.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert run(["procedures", "import", str(changed)]) == 0
    assert counts(capsys.readouterr().out)["new_version"] == 1


def test_procedures_import_csv(instance, capsys):
    path = instance / "catalogue.csv"
    path.write_text(CSV, encoding="utf-8")
    assert run(["procedures", "import", str(path)]) == 0
    assert counts(capsys.readouterr().out) == {"created": 2, "new_version": 0, "unchanged": 0}
    from server.dossiers.usecases import catalogue
    from server.kernel.db.session import Database
    from server.kernel.runtime import Runtime
    from server.kernel.settings import load_settings

    rt = Runtime(db=Database(load_settings().sqlalchemy_url), settings=load_settings())
    with rt.uow(write=False) as ctx:
        proc = catalogue.procedure_view(catalogue.current_procedure(ctx, "9.000001"))
        found = catalogue.list_procedures(ctx, q="giay test")
    rt.db.dispose()
    assert proc["stages"] == [
        {"name": "Tiếp nhận", "name_en": "", "role": "officer", "budget_hours": 4.0},
        {"name": "Xử lý", "name_en": "", "role": "supervisor", "budget_days": 1},
        {"name": "Ký", "name_en": "", "role": "leader", "budget_hours": 2.0}]
    assert proc["documents"] == ["Tờ khai", "Bản sao CCCD"] and proc["fee_vnd"] == 5000
    assert proc["duration_days"] == 2 and proc["level"] == "commune"
    assert [p["code"] for p in found] == ["9.000001"]


@pytest.mark.parametrize("text,code", [
    ("code,name\n9.1,X\n", "procedures.invalid"),
    ("name\nX\n", "procedures.invalid"),
    (CSV.replace("Tiếp nhận:4h:officer", "Tiếp nhận:4x:officer"), "procedures.invalid"),
    (CSV.replace(",commune,", ",district,"), "procedures.invalid"),
])
def test_procedures_import_errors(instance, capsys, text, code):
    path = instance / "bad.csv"
    path.write_text(text, encoding="utf-8")
    assert run(["procedures", "import", str(path)]) == 2
    assert code in capsys.readouterr().err


def test_procedures_import_unreadable_files(instance, capsys):
    assert run(["procedures", "import", str(instance / "missing.json")]) == 2
    assert "file.unreadable" in capsys.readouterr().err
    bad = instance / "bad.json"
    bad.write_text("{", encoding="utf-8")
    assert run(["procedures", "import", str(bad)]) == 2
    assert "file.bad_json" in capsys.readouterr().err
    bad.write_text('{"other": 1}', encoding="utf-8")
    assert run(["procedures", "import", str(bad)]) == 2


def test_dossiers_import_twice_creates_nothing_new(instance, capsys):
    assert run(["demo", "load"]) == 0
    assert run(["procedures", "demo"]) == 0
    path = instance / "portal.json"
    path.write_text(json.dumps(PORTAL_FILE, ensure_ascii=False), encoding="utf-8")
    capsys.readouterr()
    assert run(["dossiers", "import", str(path)]) == 0
    assert "created 3, updated 0, unchanged 0, errors 0" in capsys.readouterr().out
    assert run(["dossiers", "import", str(path)]) == 0
    assert "created 0, updated 0, unchanged 3, errors 0" in capsys.readouterr().out
    assert run(["dossiers", "alerts"]) == 0
    assert "alerts:" in capsys.readouterr().out


def test_outbox_deliver_command(instance, capsys, monkeypatch):
    assert run(["demo", "load"]) == 0
    assert run(["procedures", "demo"]) == 0
    assert run(["outbox", "deliver"]) == 1
    assert "portal_webhook_url" in capsys.readouterr().out
    from server.dossiers.usecases import intake
    from server.kernel.db.session import Database
    from server.kernel.runtime import Runtime
    from server.kernel.settings import load_settings

    settings = load_settings()
    rt = Runtime(db=Database(settings.sqlalchemy_url), settings=settings)
    with rt.uow() as ctx:
        intake.intake(ctx, centers.get_center(ctx.session), None, {
            "procedure": "1.001193", "applicant": {"name": "A", "phone": "0912345678",
                                                   "id_number": "001234567890",
                                                   "consent": True}})
    rt.db.dispose()
    with Receiver(fail_first=0) as hook:
        config = instance / "motcua.toml"
        config.write_text(f'[motcua]\nportal_webhook_url = "{hook.url}"\n', encoding="utf-8")
        monkeypatch.setenv("QMS_CONFIG", str(config))
        assert run(["outbox", "deliver"]) == 0
        assert "delivered 1, failed 0, pending 0" in capsys.readouterr().out
    assert len(hook.accepted) == 1
    assert run(["outbox", "status"]) == 0
    assert json.loads(capsys.readouterr().out)["pending"] == 0
