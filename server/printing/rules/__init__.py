"""Pure rules of printing: what a slip says and how a job becomes bytes (no database).

The job state machine and the ticket layout live in the `printers` package, which the
kiosk print agent uses without the server.
"""
