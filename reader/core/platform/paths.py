"""Where Baca keeps its data: an argument, then BACA_DATA_DIR, then the platform's default."""

import os
from pathlib import Path

DATA_DIR_ENV = "BACA_DATA_DIR"
DATABASE_NAME = "baca.db"


def resolve_data_dir(explicit: Path | str | None = None) -> Path:
    """The data folder, created if missing."""
    if explicit:
        path = Path(explicit)
    elif os.environ.get(DATA_DIR_ENV):
        path = Path(os.environ[DATA_DIR_ENV])
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir("baca", appauthor=False))
    path = path.expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_path(data_dir: Path) -> Path:
    return data_dir / DATABASE_NAME
