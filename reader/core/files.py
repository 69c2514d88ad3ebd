"""Small file helpers the core shares: forgiving JSON reads, all-or-nothing writes."""

import json
import logging
import os
import stat
from pathlib import Path

log = logging.getLogger(__name__)


def read_json_object(path: Path, what: str) -> dict:
    """The JSON object in `path`; {} when it is missing, and {} with a warning when unreadable."""
    try:
        value = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as error:
        log.warning("Ignoring unreadable %s %s: %s", what, path, error)
        return {}
    return value if isinstance(value, dict) else {}


def write_atomically(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write `data` to a temporary file beside `path`, then rename it over `path`.

    A crash leaves the old file or the new one, never half of one. The new file keeps the
    permissions of the one it replaces, else gets `mode`, else what the user's umask gives.
    """
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{id(data):x}.tmp")
    # Mode 0o666 through os.open: the user's umask applies, as to any new file.
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        if path.is_file():
            os.chmod(temporary, stat.S_IMODE(path.stat().st_mode))
        elif mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_json(path: Path, value) -> None:
    """Write `value` as UTF-8 JSON, all or nothing, making its folder if needed."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, json.dumps(value, ensure_ascii=False, indent=1).encode("utf-8"))
