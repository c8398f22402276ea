"""Settings: defaults < TOML file < QMS_* environment < explicit overrides."""

from __future__ import annotations

from server.kernel.settings import Settings, load_settings


def test_precedence(tmp_path, monkeypatch):
    for key in ("QMS_TIMEZONE", "QMS_MAX_CALLS", "QMS_CONFIG", "QMS_DATABASE_URL"):
        monkeypatch.delenv(key, raising=False)
    assert load_settings().timezone == "Asia/Ho_Chi_Minh"
    conf = tmp_path / "motcua.toml"
    conf.write_text('[motcua]\ntimezone = "Asia/Bangkok"\nmax_calls = 5\nwebhook = "x"\n')
    settings = load_settings(str(conf))
    assert (settings.timezone, settings.max_calls) == ("Asia/Bangkok", 5)
    assert settings.extra == {"webhook": "x"}  # unknown keys are kept for extensions
    monkeypatch.setenv("QMS_MAX_CALLS", "4")
    monkeypatch.setenv("QMS_CONFIG", str(conf))
    settings = load_settings()
    assert settings.max_calls == 4 and isinstance(settings.max_calls, int)
    assert load_settings(max_calls=2).max_calls == 2


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
