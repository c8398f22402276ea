"""Voice options: [motcua.voice] in the TOML file, QMS_VOICE_<KEY> variables."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from server.kernel.settings import AreaSettings, area_settings


@dataclass(frozen=True)
class VoiceSettings(AreaSettings):
    """Which engine speaks, in which languages, how numbers are read, how often."""

    area: ClassVar[str] = "voice"
    # The flat names these had before (QMS_VOICE_ENGINE, ...) are the same variables.
    legacy: ClassVar[dict[str, str]] = {
        name: f"voice_{name}" for name in ("engine", "langs", "number_mode", "repeat",
                                           "cache_dir", "rate", "templates")}

    engine: str = "auto"  # auto | pyttsx3 | espeak | none
    langs: str = "vi"  # announced in this order, comma-separated
    number_mode: str = "whole"  # A012: "whole" (A mười hai) or "digits" (A không một hai)
    repeat: int = 1  # times each call is said
    cache_dir: str = ""  # empty: <instance>/voice_cache
    rate: int = 0  # words per minute; 0: the engine's default
    templates: dict[str, str] | None = None  # phrases per language (admins edit them live)


def voice_settings(settings: Any) -> VoiceSettings:
    """Return the voice's options."""
    return area_settings(settings, VoiceSettings)
