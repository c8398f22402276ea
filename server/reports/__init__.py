"""Reports: the center's dossier report (Biểu II.06a), the queue report, the supervisor's
dashboard, exports (xlsx, csv, json) and the province-scale demo history generator.

Use cases (`center_report`, `queue_report`, `dashboard`, `generate`) take a `Ctx` or a
database and never import Flask; `api.py`, `web.py` and `cli.py` are the adapters.
"""
