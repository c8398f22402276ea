"""Reports: the center's dossier report (Biểu II.06a), the queue report, the supervisor's
dashboard, exports (xlsx, csv, json) and the province-scale demo history generator.

`rules/` (report formulas, statistics, periods), `usecases/` (queries and exports; they read
other areas' tables through queries they own), `settings.py`, and the adapters `api.py`,
`pages.py`, `cli.py`.
"""
