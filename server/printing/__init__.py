"""Ticket printing: print jobs, printers' state, server and agent delivery.

`rules/` (slips as data, rendering; the job state machine is `printers.jobs`), `usecases/`
(jobs, agent acknowledgements, the dispatcher, printer state), `models.py`, `events.py`,
`settings.py`, `public.py`, and the adapters `api.py`, `sockets.py`; `wiring.py` makes
printing react to `ticket.issued` inside the ticket's transaction.
"""
