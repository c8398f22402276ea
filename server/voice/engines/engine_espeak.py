"""The ``espeak-ng`` command as a speech engine (subprocess, argument list, no shell)."""

from __future__ import annotations

import os
import shutil
from typing import Any

from server.voice.engines._compat import real_subprocess
from server.voice.engines.base import EngineError, EngineUnavailable, SpeechEngine, pick_voice
from server.voice.engines.wavutil import check_clip


class EspeakEngine(SpeechEngine):
    """The ``espeak-ng`` command in a subprocess (argument list, text on stdin, no shell)."""

    name = "espeak"
    timeout_s = 30.0

    def __init__(self, *, binary: str | None = None, **options: Any):
        super().__init__(**options)
        self.binary = binary or shutil.which("espeak-ng") or shutil.which("espeak")
        self._voices: list[tuple[str, list[str]]] | None = None

    def _run(self, args: list[str], text: str | None = None) -> bytes:
        if not self.binary:
            raise EngineUnavailable("espeak-ng command not found")
        subprocess = real_subprocess()
        try:
            done = subprocess.run(
                [self.binary, *args],
                input=None if text is None else text.encode("utf-8"),
                stdin=subprocess.DEVNULL if text is None else None,
                capture_output=True,
                timeout=self.timeout_s,
                check=False,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise EngineError(f"espeak-ng failed to run: {exc}") from exc
        if done.returncode != 0:
            err = done.stderr.decode("utf-8", "replace").strip()
            raise EngineError(f"espeak-ng exited with {done.returncode}: {err}")
        return done.stdout

    def _voice_list(self) -> list[tuple[str, list[str]]]:
        if self._voices is None:
            out = self._run(["--voices"]).decode("utf-8", "replace")
            voices = []
            for line in out.splitlines()[1:]:  # Pty Language Age/Gender VoiceName File Other
                cols = line.split()
                if len(cols) >= 5:
                    voices.append((cols[4], [cols[1]]))
            self._voices = voices
        return self._voices

    def voice_for(self, lang: str) -> str:
        """Return the espeak-ng voice (file id, e.g. "aav/vi") to pass to ``-v``."""
        wanted = self.voice_overrides.get(lang)
        if wanted is not None:
            return wanted
        voice = pick_voice(self._voice_list(), lang)
        if voice is None:
            raise EngineError(f"espeak-ng has no voice for language {lang!r}")
        return voice

    def synthesize(self, text: str, lang: str, out_path: str | os.PathLike[str]) -> None:
        """Run ``espeak-ng -v <voice> -s <rate> -w <out_path> --stdin`` with the text on stdin."""
        voice = self.voice_for(lang)
        path = os.fspath(out_path)
        self._run(["-v", voice, "-s", str(self.rate), "-b", "1", "-w", path, "--stdin"], text)
        try:
            check_clip(path)
        except ValueError as exc:
            raise EngineError(f"espeak-ng: {exc}") from exc
