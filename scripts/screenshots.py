"""Take the README's screenshots of the real window on an X server (run it under Xvfb).

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/screenshots.py docs/screenshots [NAME.png ...]

With names, only those pictures are taken.

The English in these pictures comes from the tiny test model (tests/support/argos_package.py):
a word-by-word gloss of a few dozen words, not a real translation.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _private_folders() -> Path:
    home = Path(tempfile.mkdtemp(prefix="baca-screens-"))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        os.environ[name] = str(home / name.lower())
    os.environ["ARGOS_PACKAGES_DIR"] = str(home / "argos")
    return home


def _wait(app, condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get there in time")
        app.processEvents()
        time.sleep(0.02)


def _settle(app, seconds: float = 0.4) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def main(out: Path, names: list[str]) -> None:
    if not os.environ.get("DISPLAY"):
        raise SystemExit("No X display: run this under xvfb-run (see the docstring).")
    home = _private_folders()
    out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtWidgets import QApplication

    from reader import APP_ID, APP_NAME
    from reader.app import build_window
    from reader.core.notes.annotations import Quote, new_annotation
    from reader.core.platform.clock import utc_now
    from reader.core.store import open_store
    from reader.core.translate.packages import find_package, install_package_file
    from reader.core.translate.reading import identity_memo
    from reader.core.translate.translation import Translator
    from reader.ui.appearance import Appearance
    from reader.ui.main_window import MainWindow
    from tests.support.argos_package import GLOSS, build_package

    QApplication.setApplicationName(APP_NAME)
    QApplication.setDesktopFileName(APP_ID)
    app = QApplication([sys.argv[0]])
    appearance = Appearance(app)

    def window_on(data_dir: Path, **settings) -> MainWindow:
        window = build_window(data_dir, appearance=appearance, settings=settings)
        window.resize(1280, 820)
        window.show()
        window.open_sample()
        _wait(app, lambda: window.document is not None)
        return window

    def finish(window: MainWindow, name: str) -> None:
        _settle(app)
        window.grab().save(str(out / name))
        print(out / name)
        window.close()
        window.tasks.shutdown(wait=True)
        window.store.close()

    package = build_package(home / "packages", tokenizer="sentencepiece", swaps=GLOSS)
    data_dir = home / "data"
    data_dir.mkdir()
    install_package_file(package, data_dir)

    def wanted(name: str) -> bool:
        return not names or name in names

    # 0. A Blogger post saved from the browser: <br /><br /> paragraphs, caption table, bold heading.
    if wanted("blogger-post.png"):
        window = window_on(data_dir, **{"view/colorScheme": "light"})
        _wait(app, lambda: window.translation.state == "done")
        window.open_path(ROOT / "tests" / "data" / "pages" / "blogger_simple_en.html")
        _wait(app, lambda: window.document.title == "Kera untuk amankan pesta olahraga")
        _wait(app, lambda: window.translation.state == "done")
        window.notes.hide()
        window.view.verticalScrollBar().setValue(0)
        finish(window, "blogger-post.png")
    if names and names == ["blogger-post.png"]:
        return

    # 1. The sample, translated, side by side, with a sentence and its counterpart pointed at.
    window = window_on(data_dir, **{"view/colorScheme": "light"})
    _wait(app, lambda: window.translation.state == "done")
    view = window.view
    view.verticalScrollBar().setValue(0)
    start, _ = view.cell_range(3, "original")
    view.marks.hover_position(start + window.document.blocks[3].sentences[1].start + 3)
    window.notes.hide()
    finish(window, "bilingual.png")

    # 2. Highlights and notes, with the notes panel.
    store = open_store(data_dir)
    document = store.document_snapshot(next(e.id for e in store.library()))
    notes = [
        (1, "original", "Namun, ada peluang untuk dinamika positif", "yellow", "Antonov's hedge: **some** room for *progress*.", ("diplomasi",)),
        (2, "original", "dialog komprehensif", "green", "The one concrete outcome of the summit.", ("hasil-KTT",)),
        (3, "translation", None, "blue", "", ("media",)),
        (4, "original", "Kami tidak menghargai ilusi tentang terobosan penting", "pink", "Key quote for the piece.\n\n- check the embassy's Facebook post", ("kutipan", "diplomasi")),
    ]
    model = None
    for block, column, phrase, color, note, tags in notes:
        if column == "original":
            text = document.blocks[block].text
            at = text.index(phrase)
            quote = Quote(document, column, block, at, at + len(phrase))
        else:
            model = model or Translator(find_package(data_dir), memo=identity_memo(data_dir)).identity
            sentences = [s.text for s in document.blocks[block].sentences]
            found = store.cached_translations(model, sentences)
            translations = [found[s] for s in sentences]
            quote = Quote(document, column, block, 0, len(translations[0]), translations=translations, model=model)
        store.add_annotation(new_annotation(quote, color=color, now=utc_now(), note=note, tags=tags))
    store.close()
    window = window_on(data_dir)
    _wait(app, lambda: window.translation.state == "done")
    window.notes.show()
    window.view.verticalScrollBar().setValue(0)
    window.view.navigator.go_to_block(2)
    # The pink quote's sentence pointed at: the tint lies under the highlight, which stays pink.
    start, _ = window.view.cell_range(4, "original")
    window.view.marks.hover_position(start + window.document.blocks[4].text.index("kata Antonov"))
    finish(window, "highlights.png")

    # 3. Dark palette: a sentence pinned (its counterpart holds the blue highlight) and a find.
    window = window_on(data_dir, **{"view/colorScheme": "dark"})
    _wait(app, lambda: window.translation.state == "done")
    window.notes.hide()
    start, _ = window.view.cell_range(3, "original")
    window.view.marks.activate_position(start + 3)
    window.find_bar.open_bar()
    window.find_bar.field.setText("Rusia")
    _wait(app, lambda: window.view.finder.count > 0)
    window.find_bar.step(True)
    window.view.verticalScrollBar().setValue(0)
    finish(window, "dark.png")
    appearance.apply("light")

    # 4. Translation only.
    window = window_on(data_dir, **{"view/colorScheme": "light", "view/layout": "translation"})
    _wait(app, lambda: window.translation.state == "done")
    window.notes.hide()
    finish(window, "translation-only.png")

    # 5. First start without a model.
    empty = home / "empty"
    empty.mkdir()
    window = window_on(empty, **{"view/colorScheme": "light"})
    _wait(app, lambda: window.translation.state == "no-model")
    window.notes.hide()
    finish(window, "no-model.png")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots", sys.argv[2:])
