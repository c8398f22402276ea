"""`motcua demo generate`: a province-scale history, fast, as the service layer would write it.

Centers (like the demo ward center: same services, counters and links), their officers,
a kiosk each, then day by day: counters opened, paused at lunch and closed (counter_log),
tickets with their full log (issue, call, recall, start, complete, no-show, cancel) and the
times stored at the end (wait_s, walk_s, service_s), and dossiers with their status log
(1 → 2 / 3, 2 → 4 → 5 / 6 → 9 → 10, 7, 8) and stage moves, codes
`{agency}-{yymmdd}-{seq:04d}` from the same daily sequences, due dates from the working
calendar. Rows go in with SQLAlchemy Core executemany in chunks, ids assigned here (no
ORM objects, no RETURNING), one transaction per center.

Simplifications (documented, not hidden): no transfers or holds; staff of generated
centers get a locked password (no login until an administrator sets one); no portal
outbox rows (the history counts as synchronised); no personal data beyond fake names.

Modules: `options` (what to generate), `province` (names and demand mixes), `plans`
(centers and procedures as the generator sees them), `centers` (seeding them),
`workdays` (calendar arithmetic), `writer` (bulk inserts), `lobby` (tickets and counters
per day), `dossiers` (dossiers per day), `run` (the whole run).
"""

from .options import Options, Progress
from .province import LOCKED_PASSWORD
from .run import generate

__all__ = ["LOCKED_PASSWORD", "Options", "Progress", "generate"]
