"""Settings: defaults < TOML file < QMS_* environment < explicit overrides."""

from __future__ import annotations

from server.kernel.settings import Settings, load_settings
from server.queue.settings import queue_settings
from server.voice.settings import voice_settings


def test_precedence(tmp_path, monkeypatch):
    for key in ("QMS_TIMEZONE", "QMS_MAX_CALLS", "QMS_CONFIG", "QMS_DATABASE_URL"):
        monkeypatch.delenv(key, raising=False)
    assert load_settings().timezone == "Asia/Ho_Chi_Minh"
    conf = tmp_path / "motcua.toml"
    conf.write_text('[motcua]\ntimezone = "Asia/Bangkok"\nmax_calls = 5\nwebhook = "x"\n')
    settings = load_settings(str(conf))
    assert (settings.timezone, queue_settings(settings).max_calls) == ("Asia/Bangkok", 5)
    assert settings.extra == {"webhook": "x", "max_calls": 5}  # flat keys kept for areas
    monkeypatch.setenv("QMS_MAX_CALLS", "4")
    monkeypatch.setenv("QMS_CONFIG", str(conf))
    settings = load_settings()
    assert queue_settings(settings).max_calls == 4
    assert isinstance(queue_settings(settings).max_calls, int)
    assert queue_settings(load_settings(max_calls=2)).max_calls == 2


def test_default_database_is_sqlite_in_the_instance_folder(tmp_path):
    settings = Settings(instance_path=str(tmp_path))
    assert settings.sqlalchemy_url == f"sqlite:///{tmp_path}/motcua.db"


def test_area_options_come_from_the_environment_typed_by_their_default(monkeypatch):
    monkeypatch.setenv("QMS_WAIT_ALERT_S", "900")
    monkeypatch.setenv("QMS_PORTAL_WEBHOOK_URL", "http://127.0.0.1:9/hook")
    settings = load_settings()
    assert settings.option("wait_alert_s", 1800) == 900
    assert settings.option("portal_webhook_url", "") == "http://127.0.0.1:9/hook"
    assert settings.option("missing", 1.5) == 1.5
    assert "test_postgres_url" not in settings.extra


def test_each_area_reads_its_own_table_and_variables(tmp_path, monkeypatch):
    for key in [k for k in __import__("os").environ if k.startswith("QMS_")]:
        monkeypatch.delenv(key, raising=False)
    conf = tmp_path / "motcua.toml"
    conf.write_text('[motcua]\ntimezone = "Asia/Bangkok"\n\n'
                    '[motcua.queue]\nmax_calls = 5\nrecall_cooldown_s = 20\n\n'
                    '[motcua.voice]\nengine = "none"\nlangs = "vi, en"\n')
    settings = load_settings(str(conf))
    assert settings.areas["queue"] == {"max_calls": 5, "recall_cooldown_s": 20}
    queue = queue_settings(settings)
    assert (queue.max_calls, queue.recall_cooldown_s, queue.max_priority_streak) == (5, 20, 3)
    assert voice_settings(settings).langs == "vi, en"
    # The area's variable beats its table; the older flat variable still works.
    monkeypatch.setenv("QMS_QUEUE_MAX_CALLS", "7")
    monkeypatch.setenv("QMS_RECALL_COOLDOWN_S", "15")
    monkeypatch.setenv("QMS_VOICE_REPEAT", "2")
    queue = queue_settings(load_settings(str(conf)))
    assert (queue.max_calls, queue.recall_cooldown_s) == (7, 15)
    assert voice_settings(load_settings(str(conf))).repeat == 2


def test_every_area_setting_is_documented():
    """docs/settings.md is the one place that lists every option of every area."""
    import dataclasses
    from pathlib import Path

    from server.dossiers.settings import DossierSettings
    from server.printing.settings import PrintingSettings
    from server.queue.settings import QueueSettings
    from server.ratings.settings import RatingsSettings
    from server.reports.settings import ReportSettings
    from server.voice.settings import VoiceSettings

    text = (Path(__file__).resolve().parent.parent / "docs" / "settings.md").read_text()
    for cls in (QueueSettings, DossierSettings, ReportSettings, PrintingSettings,
                VoiceSettings, RatingsSettings):
        assert f"[motcua.{cls.area}]" in text
        for f in dataclasses.fields(cls):
            assert f"`{f.name}`" in text, (cls.area, f.name)
    for f in dataclasses.fields(Settings):
        if f.name not in ("extra", "areas"):
            assert f"`{f.name}`" in text, f.name
