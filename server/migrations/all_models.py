"""Import every model module so the metadata knows all tables (Alembic, create_all)."""

from server.dossiers import models as dossier_models  # noqa: F401
from server.printing import models as printing_models  # noqa: F401
from server.queue import models  # noqa: F401
from server.ratings import models as ratings_models  # noqa: F401
