"""Take the README's picture of corrections: an edited and a checked sentence, and the inline editor open.

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/screenshots_corrections.py docs/screenshots

The English comes from the tiny test model (tests/support/argos_package.py), a word-by-word gloss.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.screenshots import _private_folders, _settle, _wait  # noqa: E402


def main(out: Path) -> None:
    home = _private_folders()
    out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtWidgets import QApplication

    from reader import APP_ID, APP_NAME
    from reader.app import build_window
    from reader.core.translate.packages import install_package_file
    from reader.ui.appearance import Appearance
    from tests.support.argos_package import GLOSS, build_package

    QApplication.setApplicationName(APP_NAME)
    QApplication.setDesktopFileName(APP_ID)
    app = QApplication([sys.argv[0]])
    package = build_package(home / "packages", tokenizer="sentencepiece", swaps=GLOSS)
    data_dir = home / "data"
    data_dir.mkdir()
    install_package_file(package, data_dir)

    window = build_window(data_dir, appearance=Appearance(app), settings={"view/colorScheme": "light"})
    window.resize(1280, 820)
    window.show()
    window.open_sample()
    _wait(app, lambda: window.document is not None and window.translation.state == "done")
    window.notes.hide()
    corrections = window.corrections
    corrections.set_text((1, 0), "“Over the past years, too many mutual claims and contradictions have piled up.")
    corrections.toggle_checked((1, 0))
    corrections.toggle_checked((1, 1))
    corrections.set_text((2, 0), "Moscow does not believe the Russia-US summit in Geneva could improve relations at once.")
    window.view.verticalScrollBar().setValue(0)
    _settle(app)
    corrections.start_edit((3, 1))
    _settle(app)
    window.grab().save(str(out / "corrections.png"))
    print(out / "corrections.png")
    corrections.close_editor()
    window.close()
    window.tasks.shutdown(wait=True)
    window.store.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots")
