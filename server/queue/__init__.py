"""The queue: tickets and counters.

`rules/` (states, call-next policy, hours, estimates, times from the log), `usecases/`
(issue, call, recall, serve, transfer, pause; the lobby snapshot), `models.py`, `events.py`,
`settings.py`, `commands.py` (the counter command table), `public.py` (for other areas), and
the adapters `api.py`, `counters_api.py`, `sockets.py`; `wiring.py` plugs it in.
"""
