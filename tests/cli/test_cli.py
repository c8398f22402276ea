"""The `motcua` command: migrate, demo, users, devices; tokens printed once."""

from __future__ import annotations

import io
import re
import sys

import pytest

from server.cli import run


@pytest.fixture
def instance(tmp_path, monkeypatch):
    monkeypatch.setenv("QMS_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("QMS_DATABASE_URL", raising=False)
    assert run(["db", "upgrade"]) == 0
    return tmp_path


def test_demo_load_prints_generated_passwords_once_and_refuses_twice(instance, capsys):
    assert run(["demo", "load"]) == 0
    out = capsys.readouterr().out
    passwords = dict(re.findall(r"^\s{2}(\w+)\s+(\S+)$", out, re.M))
    assert {"admin", "supervisor", "officer1"} <= set(passwords)
    assert all(len(p) >= 12 and p not in {"admin", "password"} for p in passwords.values())
    assert "kiosk?token=" in out and "board?token=" in out
    assert run(["demo", "load"]) == 1
    assert run(["demo", "load", "--if-empty"]) == 0
    assert "nothing loaded" in capsys.readouterr().out


def test_user_and_device_create(instance, capsys, monkeypatch):
    run(["demo", "load"])
    capsys.readouterr()
    monkeypatch.setattr(sys, "stdin", io.StringIO("a-long-enough-password\n"))
    assert run(["user", "create", "lan", "--role", "officer", "--password-stdin"]) == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO("short\n"))
    assert run(["user", "create", "minh", "--role", "officer", "--password-stdin"]) == 2
    assert "staff.weak_password" in capsys.readouterr().err
    assert run(["device", "create", "board", "Bảng tầng 2"]) == 0
    token = capsys.readouterr().out.strip().splitlines()[-1]
    assert re.fullmatch(r"b_[\w-]{40,}", token)
    assert run(["device", "create", "kiosk", "K2", "--center", "NOPE"]) == 2
    assert "center.not_found" in capsys.readouterr().err


def test_device_create_needs_a_center_when_there_are_none(instance, capsys):
    assert run(["device", "create", "kiosk", "K1"]) == 2
    assert "center.ambiguous" in capsys.readouterr().err


def test_device_configure_sets_and_removes_options(instance, capsys):
    import json

    run(["demo", "load"])
    capsys.readouterr()
    assert run(["device", "configure", "Kiosk sảnh", "printer=network://127.0.0.1:9100",
                "paper=80"]) == 0
    out = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert out["config"] == {"printer": "network://127.0.0.1:9100", "paper": 80}
    assert run(["device", "configure", "Kiosk sảnh", "paper="]) == 0
    assert json.loads(capsys.readouterr().out)["config"] == {"printer": "network://127.0.0.1:9100"}
    assert run(["device", "configure", "Nope", "a=1"]) == 2
    assert run(["device", "configure", "Kiosk sảnh", "novalue"]) == 2
