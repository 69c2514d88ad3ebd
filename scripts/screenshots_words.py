"""Take the README's screenshots of the lookup popup, the Dictionaries window and the Vocabulary panel.

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/screenshots_words.py docs/screenshots

The dictionary is a small Indonesian–English one built on the spot (a few words of the sample
post); the English column comes from the tiny test model, a word-by-word gloss.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from screenshots import _private_folders, _settle, _wait  # noqa: E402

GLOSSARY = {
    "sepakat": ["agree; in agreement", "(bersepakat) to come to an agreement"],
    "kesepakatan": "agreement; consensus; deal",
    "harga": ["price; cost", "value, worth"],
    "menghargai": "to value, to appreciate; to respect",
    "baik": ["good; fine; well", "kind, decent"],
    "duta": "envoy, emissary",
    "duta besar": "ambassador",
    "dubes": "(abbreviation of duta besar) ambassador",
    "KTT": "(Konferensi Tingkat Tinggi) summit conference",
    "terobosan": "breakthrough",
    "ilusi": "illusion",
    "hubungan": "relation, relationship; connection",
}


def main(out: Path) -> None:
    if not os.environ.get("DISPLAY"):
        raise SystemExit("No X display: run this under xvfb-run (see the docstring).")
    home = _private_folders()
    os.environ["BACA_STARDICT_DIRS"] = ""
    out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QPainter
    from PySide6.QtWidgets import QApplication

    from reader.app import build_window
    from reader.core.words.dictionaries import install_dictionaries
    from reader.core.words.lookup import Lookup
    from reader.core.translate.packages import install_package_file
    from reader.core.words.vocabulary import add_word
    from reader.ui.appearance import Appearance
    from reader.ui.lookup_popup import LookupPopup
    from tests.support.argos_package import GLOSS, build_package
    from tests.support.stardict_builder import build_dictionary

    app = QApplication([sys.argv[0]])
    appearance = Appearance(app)
    data_dir = home / "data"
    data_dir.mkdir()
    install_package_file(build_package(home / "packages", tokenizer="sentencepiece", swaps=GLOSS), data_dir)
    ifo = build_dictionary(home / "kamus", GLOSSARY, stem="kamus-id-en", name="Kamus Indonesia–Inggris", compress=True)
    install_dictionaries([ifo], data_dir)

    window = build_window(data_dir, appearance=appearance, settings={"view/colorScheme": "light"})
    window.resize(1280, 820)
    window.show()
    window.open_sample()
    _wait(app, lambda: window.document is not None)
    _wait(app, lambda: window.translation.state == "done")
    window.notes.hide()
    document = window.document
    block = next(n for n, b in enumerate(document.blocks) if "kesepakatan penting" in b.text)
    sentence = next(s for s in document.blocks[block].sentences if "kesepakatan" in s.text)
    model = window.translation.model_identity
    translation = window.store.cached_translations(model, [sentence.text]).get(sentence.text, "")
    window.view.navigator.go_to_block(block)
    _settle(app)

    # 1. The popup over the window, looking up "kesepakatan" in its sentence.
    lookup = Lookup.open(data_dir)
    popup = LookupPopup(window.store, lookup, window)
    popup.look_up("kesepakatan", sentence.text, translation, document.id, at=window.mapToGlobal(QPoint(330, 250)))
    _settle(app)
    shot = window.grab()
    painter = QPainter(shot)
    painter.drawPixmap(window.mapFromGlobal(popup.mapToGlobal(QPoint(0, 0))), popup.grab())
    painter.end()
    shot.save(str(out / "lookup.png"))
    print(out / "lookup.png")
    popup.add_to_vocabulary()
    popup.close()
    for word, root, meaning, note in [
        ("menghargai", "harga", "to value, to appreciate; to respect", ""),
        ("terobosan", "", "breakthrough", "Antonov: no illusions about a breakthrough"),
        ("Dubes", "", "ambassador", "short for duta besar"),
    ]:
        text = next((s.text for b in document.blocks for s in b.sentences if word in s.text), "")
        english = window.store.cached_translations(model, [text]).get(text, "") if text else ""
        add_word(window.store, word, root=root, meaning=meaning, note=note, sentence=text,
                 translation=english, document_id=document.id)  # fmt: skip

    # 2. The Dictionaries window.
    dictionaries = window.words_menu.open_dictionaries()
    dictionaries.resize(760, 300)
    _settle(app)
    dictionaries.grab().save(str(out / "dictionaries.png"))
    print(out / "dictionaries.png")
    dictionaries.close()

    # 3. The Vocabulary panel, a word selected.
    panel = window.words_menu.open_vocabulary()
    panel.resize(820, 420)
    panel.list.setCurrentItem(panel.list.topLevelItem(panel.list.topLevelItemCount() - 1))
    _settle(app)
    panel.grab().save(str(out / "vocabulary.png"))
    print(out / "vocabulary.png")
    panel.close()
    lookup.close()
    window.close()
    window.tasks.shutdown(wait=True)
    window.store.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots")
