"""Dossiers (hồ sơ): procedure catalogue, intake, lifecycle, tracking, alerts, portal sync.

Use cases live in the flask-free modules of this package (`catalogue`, `intake`,
`lifecycle`, `tracking`, `search`, `alerts`, `portal`, `receipt`, `calendar_days`);
`api.py`, `web.py` and `cli.py` are the adapters.
"""
