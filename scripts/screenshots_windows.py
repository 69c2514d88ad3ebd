"""Take the README's pictures of the Open Address dialog and the Translation Models window.

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/screenshots_windows.py docs/screenshots

The models are the tiny test packages (tests/support/argos_package.py), listed under other
language pairs by a package index served on 127.0.0.1 (tests/support/index_server.py), which
sends the download slowly enough to be caught a third of the way through.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.screenshots import _private_folders, _settle, _wait  # noqa: E402

# Pairs listed beside Indonesian ↔ English: (code, from, to, from name, to name).
_OTHER_PAIRS = [
    ("translate-en_de", "en", "de", "English", "German"),
    ("translate-en_es", "en", "es", "English", "Spanish"),
    ("translate-fr_en", "fr", "en", "French", "English"),
    ("translate-de_en", "de", "en", "German", "English"),
    ("translate-ja_en", "ja", "en", "Japanese", "English"),
]


def main(out: Path) -> None:
    if not os.environ.get("DISPLAY"):
        raise SystemExit("No X display: run this under xvfb-run (see the docstring).")
    home = _private_folders()
    out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from reader import APP_ID, APP_NAME
    from reader.app import build_window
    from reader.core.translate.packages import install_package_file
    from reader.ui.appearance import Appearance
    from reader.ui.model_manager import ModelManager
    from reader.ui.tasks import TaskRunner
    from tests.support.argos_package import GLOSS, build_package
    from tests.support.index_server import IndexServer, relabelled

    QApplication.setApplicationName(APP_NAME)
    QApplication.setDesktopFileName(APP_ID)
    app = QApplication([sys.argv[0]])
    appearance = Appearance(app)
    appearance.apply("light")
    packages = home / "packages"
    id_en = build_package(packages, tokenizer="sentencepiece", swaps=GLOSS)
    en_id = relabelled(
        build_package(packages / "bpe", tokenizer="bpe", swaps=GLOSS), packages / "tiny-en_id.argosmodel",
        from_code="en", to_code="id", from_name="English", to_name="Indonesian",
    )

    # 1. File › Open Address…, an address from the clipboard suggested.
    data_dir = home / "data"
    data_dir.mkdir()
    window = build_window(data_dir, appearance=appearance, settings={"view/colorScheme": "light"})
    window.show()
    QGuiApplication.clipboard().setText("https://contoh.blogspot.com/2021/07/dubes-rusia-untuk-as.html")
    dialog = window.web.ask()
    _wait(app, dialog.isVisible)
    _settle(app)
    dialog.grab().save(str(out / "open-address.png"))
    print(out / "open-address.png")
    dialog.reject()
    window.close()
    window.tasks.shutdown(wait=True)
    window.store.close()

    # 2. The Translation Models window: two pairs installed at 1.0, updates offered, one downloading.
    install_package_file(id_en, data_dir)
    install_package_file(en_id, data_dir)
    server = IndexServer().start()
    for path, code, source, target, source_name, target_name in (
        (id_en, "translate-id_en", "id", "en", "Indonesian", "English"),
        (en_id, "translate-en_id", "en", "id", "English", "Indonesian"),
    ):
        server.add_package(
            path, code=code, from_code=source, to_code=target, version="1.9", from_name=source_name, to_name=target_name
        )
    for code, source, target, source_name, target_name in _OTHER_PAIRS:
        server.add_package(
            id_en, code=code, from_code=source, to_code=target, from_name=source_name, to_name=target_name
        )
    server.mode = "slow"
    server.slow_piece = 8 * 1024
    os.environ["ARGOS_PACKAGE_INDEX"] = server.base
    tasks = TaskRunner()
    manager = ModelManager(data_dir, tasks)
    manager.resize(760, 560)
    manager.show()
    _wait(app, lambda: manager.selected_available() is not None)
    manager.download_button.click()
    _wait(app, lambda: manager.progress_bar.value() >= 0.3 * manager.progress_bar.maximum())
    manager.grab().save(str(out / "model-manager.png"))
    print(out / "model-manager.png")
    manager.cancel_download()
    _settle(app)
    manager.close()
    tasks.shutdown(wait=True)
    server.stop()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots")
