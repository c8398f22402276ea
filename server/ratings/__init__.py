"""Citizens' satisfaction: rating screens at the counters, later ratings, the public scoreboard.

`rules/` (scales, reasons, the later-rating window, the scoreboard's figures, the low-score
alert), `usecases/` (record a rating, staff lists, scoreboard, alerts), `models.py`,
`events.py`, `settings.py`, `public.py`, and the adapters `api.py`, `sockets.py`, `pages.py`;
`wiring.py` makes a completed ticket appear on its counter's rating screen.
"""
