"""Take the README's screenshots of View › Show Confidence (light with a tooltip, and dark).

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/screenshots_confidence.py docs/screenshots

The English comes from the tiny test model, made unsure of a few words (tests/support/argos_package.py
`doubts`): the scores are the model's own, the translation a word-by-word gloss.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from screenshots import _private_folders, _settle, _wait  # noqa: E402

# Words of the sample post the model hesitates over, each between three English words (ln 1/3).
DOUBTS = {
    "dialog": ("talks", "dialogue", "discussion"),
    "peluang": ("chance", "opportunity", "prospect"),
    "terobosan": ("breakthrough", "advance", "breach"),
    "hubungan": ("relations", "ties", "links"),
    "kesepakatan": ("agreement", "deal", "accord"),
}


def main(out: Path) -> None:
    if not os.environ.get("DISPLAY"):
        raise SystemExit("No X display: run this under xvfb-run (see the docstring).")
    home = _private_folders()
    out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QTextCursor
    from PySide6.QtWidgets import QApplication, QToolTip

    from reader import APP_ID, APP_NAME
    from reader.app import build_window
    from reader.core.translate.packages import install_package_file
    from reader.ui.appearance import Appearance
    from tests.support.argos_package import GLOSS, build_package

    QApplication.setApplicationName(APP_NAME)
    QApplication.setDesktopFileName(APP_ID)
    app = QApplication([sys.argv[0]])
    appearance = Appearance(app)

    gloss = {source: target for source, target in GLOSS.items() if source not in DOUBTS}
    for tries in range(len(DOUBTS)):
        try:
            package = build_package(home / "packages", swaps=gloss, doubts=DOUBTS)
            break
        except ValueError as error:  # a word that is not one token of this tokenizer
            word = str(error).split("'")[1]
            print(f"skipping the doubt on {word!r}: {error}", file=sys.stderr)
            DOUBTS.pop(next(s for s, ts in DOUBTS.items() if word == s or word in ts))
    data_dir = home / "data"
    data_dir.mkdir()
    install_package_file(package, data_dir)

    for scheme, name in (("light", "confidence.png"), ("dark", "confidence-dark.png")):
        window = build_window(
            data_dir, appearance=appearance, settings={"view/colorScheme": scheme, "view/showConfidence": True}
        )
        window.resize(1280, 820)
        window.move(0, 0)
        window.show()
        window.open_sample()
        _wait(app, lambda: window.document is not None and window.translation.state == "done")
        window.notes.hide()
        view = window.view
        _wait(app, lambda: bool(view.confidence.doubtful_ranges(list(range(len(window.document.blocks))))))
        first = view.confidence.doubtful_ranges(list(range(len(window.document.blocks))))[0]
        block = view.hit(first[0]).block
        view.navigator.scroll_to_block(max(0, block - 1), flash=False)
        if scheme == "light":
            # A highlight over a doubtful word: the dots stay under it, the colour stays.
            ranges = view.confidence.doubtful_ranges()
            view.select_range(*ranges[-1])
            window.annotations.highlight_selection("yellow")
            view.select_range(ranges[-1][1], ranges[-1][1])
        _settle(app)
        shown = view.confidence.doubtful_ranges()
        pointed = shown[min(1, len(shown) - 1)]
        cursor = QTextCursor(view.document())
        cursor.setPosition(pointed[0])
        point = view.viewport().mapToGlobal(view.cursorRect(cursor).center() + QPoint(0, 8))
        QToolTip.showText(point, view.confidence.tooltip(pointed[0]), view)  # the title's too
        _settle(app, 0.8)
        screen = window.screen().grabWindow(0, 0, 0, window.frameGeometry().width(), window.frameGeometry().height())
        screen.save(str(out / name))
        print(out / name)
        QToolTip.hideText()
        window.close()
        window.tasks.shutdown(wait=True)
        window.store.close()
    appearance.apply("light")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots")
