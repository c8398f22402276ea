"""Offline voice announcements: phrase texts, speech engines, a synthesis worker, a cache.

`rules/` (phrases, how numbers are spoken), `engines/` (espeak-ng, pyttsx3, the one worker
thread), `usecases/` (the voice service, the administrator's phrases), `settings.py`,
`api.py` (clips), and `wiring.py` (a clip for every call, clips rendered ahead, health).
"""
