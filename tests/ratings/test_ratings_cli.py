"""`motcua device create rating NAME` and `motcua device configure NAME counter=5`."""

from __future__ import annotations

import json

import pytest

from server.cli import run


@pytest.fixture
def instance(tmp_path, monkeypatch):
    monkeypatch.setenv("QMS_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("QMS_DATABASE_URL", raising=False)
    assert run(["db", "upgrade"]) == 0
    assert run(["demo", "load"]) == 0
    return tmp_path


def test_create_and_configure_a_rating_screen(instance, capsys):
    capsys.readouterr()
    assert run(["device", "create", "rating", "Đánh giá quầy 5"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert out[0].startswith("rating 'Đánh giá quầy 5' registered")
    assert out[-1].startswith("r_")
    assert run(["device", "configure", "Đánh giá quầy 5", "counter=5"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["config"] == {"counter": 5}


def test_a_rating_screen_needs_a_whole_counter_number(instance, capsys):
    run(["device", "create", "rating", "R"])
    capsys.readouterr()
    for bad in ("counter=abc", "counter=0", "counter=true", "counter=1.5"):
        assert run(["device", "configure", "R", bad]) == 2, bad
        assert "device.bad_counter" in capsys.readouterr().err
    # Other kinds keep any option they had (a board's counter=5 filter, ...).
    assert run(["device", "configure", "Bảng sảnh chính", "counter=abc"]) == 0
