"""Take the README's screenshot of the glossary: its window over the post, its terms marked in the English.

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/screenshots_glossary.py docs/screenshots

The English column comes from the tiny test model, a word-by-word gloss; the glossary's terms are
put in by Baca whatever the model. `--dark` also writes glossary-dark.png, to check the marks there.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from screenshots import _private_folders, _settle, _wait  # noqa: E402

TERMS = [("KTT", "summit"), ("Duta Besar", "Ambassador"), ("Amerika Serikat", "the United States"), ("Antonov", "")]


def main(out: Path, dark: bool) -> None:
    if not os.environ.get("DISPLAY"):
        raise SystemExit("No X display: run this under xvfb-run (see the docstring).")
    home = _private_folders()
    out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QPainter
    from PySide6.QtWidgets import QApplication

    from reader.app import build_window
    from reader.core.notes.columns import TRANSLATION
    from reader.core.translate.glossary import glossary_entry
    from reader.core.translate.packages import install_package_file
    from reader.ui.appearance import Appearance
    from tests.support.argos_package import GLOSS, build_package

    app = QApplication([sys.argv[0]])
    appearance = Appearance(app)
    data_dir = home / "data"
    data_dir.mkdir()
    install_package_file(build_package(home / "packages", tokenizer="sentencepiece", swaps=GLOSS), data_dir)

    for scheme, name in [("light", "glossary.png")] + ([("dark", "glossary-dark.png")] if dark else []):
        window = build_window(data_dir, appearance=appearance, settings={"view/colorScheme": scheme})
        window.resize(1280, 820)
        window.show()
        window.open_sample()
        _wait(app, lambda: window.document is not None)
        _wait(app, lambda: window.translation.state == "done")
        window.notes.hide()
        glossary = window.words_menu.open_glossary()
        if not window.store.glossary():
            for source, target in TERMS:
                glossary.source_edit.setText(source)
                glossary.target_edit.setText(target)
                glossary.add_entry()
        _wait(app, lambda: window.translation.state == "done" and window.view.glossary_marks.glossary)
        _settle(app, 1.0)
        document = window.document
        block = next(n for n, b in enumerate(document.blocks) if "Duta Besar" in b.text)
        # A highlight over a marked term: its colour shows, and the underline with it.
        english = window.view.cell_text(block, TRANSLATION)
        start = window.view.cell_range(block, TRANSLATION)[0]
        at = english.index("Ambassador")
        window.view.select_range(start + at, start + at + len("Ambassador Russia"))
        window.annotations.highlight_selection("yellow")
        window.view.select_range(start, start)
        window.view.navigator.go_to_block(max(0, block - 1))
        glossary.resize(560, 380)
        _settle(app)
        shot = window.grab()
        painter = QPainter(shot)
        painter.drawPixmap(QPoint(shot.width() - glossary.width() - 30, shot.height() - glossary.height() - 50), glossary.grab())
        painter.end()
        shot.save(str(out / name))
        print(out / name)
        glossary.close()
        window.close()
        window.tasks.shutdown(wait=True)
        window.store.close()


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if a != "--dark"]
    main(Path(arguments[0]) if arguments else ROOT / "docs" / "screenshots", "--dark" in sys.argv)
