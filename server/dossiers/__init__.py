"""Dossiers (hồ sơ): procedure catalogue, intake, lifecycle, tracking, alerts, portal sync.

`rules/` (statuses and transitions, deadlines, the working-day calendar), `usecases/`,
`models.py`, `events.py`, `settings.py`, `bodies.py`, `public.py`, and the adapters
`api.py`, `pages.py`, `cli.py`; `wiring.py` adds the dossier tracker of /track.
"""
