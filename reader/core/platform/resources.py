"""Files shipped with the app: the sample post, icons, the stylesheet."""

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parents[2]

SAMPLE_POST_NAME = "sample-post.txt"
# The sample keeps one source name wherever it is installed, so its annotations follow it
# from a checkout to a wheel to a bundle.
SAMPLE_SOURCE = "baca:sample-post.txt"


def resources_dir() -> Path:
    """The resources folder: inside the installed package, else at the top of a checkout."""
    for candidate in (_PACKAGE_DIR / "resources", _PACKAGE_DIR.parent / "resources"):
        if (candidate / SAMPLE_POST_NAME).is_file():
            return candidate
    raise FileNotFoundError(f"Baca's resources folder is missing (looked beside {_PACKAGE_DIR})")


def sample_post_path() -> Path:
    return resources_dir() / SAMPLE_POST_NAME
