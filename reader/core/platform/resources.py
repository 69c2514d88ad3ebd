"""Files shipped with the app: the sample post, icons, the stylesheet."""

from pathlib import Path, PurePosixPath

from reader import APP_ID

_PACKAGE_DIR = Path(__file__).resolve().parents[2]

SAMPLE_POST_NAME = "sample-post.txt"
# The sample keeps one source name wherever it is installed, so its annotations follow it
# from a checkout to a wheel to a bundle.
SAMPLE_SOURCE = "baca:sample-post.txt"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def resources_dir() -> Path:
    """The resources folder: inside the installed package, else at the top of a checkout."""
    for candidate in (_PACKAGE_DIR / "resources", _PACKAGE_DIR.parent / "resources"):
        if (candidate / SAMPLE_POST_NAME).is_file():
            return candidate
    raise FileNotFoundError(f"Baca's resources folder is missing (looked beside {_PACKAGE_DIR})")


def sample_post_path() -> Path:
    return resources_dir() / SAMPLE_POST_NAME


def icon_png(size: int) -> PurePosixPath:
    """Where the icon of `size` pixels is, in the resources and in an icon theme."""
    return PurePosixPath("icons", "hicolor", f"{size}x{size}", "apps", f"{APP_ID}.png")


def icon_files() -> list[Path]:
    """The app icon's PNG sizes, smallest first (for a window icon)."""
    return [resources_dir() / icon_png(size) for size in ICON_SIZES]
