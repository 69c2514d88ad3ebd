"""Permission tests that also mean something when the tests run as root (as in a container).

Root reads and writes whatever the mode bits say, so a read-only folder is only read-only to an
ordinary user. Under root, `unprivileged()` takes on the effective ids of `nobody` for a while,
and `unprivileged_folder()` gives a scratch folder that user owns (pytest's tmp_path is private
to root). Under any other user both are plain: the tests run as that user, in a scratch folder.
"""

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

NOBODY = 65534


@contextlib.contextmanager
def unprivileged_folder() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="baca-unprivileged-"))
    try:
        if os.geteuid() == 0:
            os.chown(folder, NOBODY, NOBODY)
        yield folder
    finally:
        for path in [folder, *folder.rglob("*")]:
            if path.is_dir() and not path.is_symlink():
                path.chmod(0o755)
        shutil.rmtree(folder)


@contextlib.contextmanager
def unprivileged() -> Iterator[None]:
    if os.geteuid() != 0:
        yield
        return
    os.setegid(NOBODY)
    os.seteuid(NOBODY)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)
