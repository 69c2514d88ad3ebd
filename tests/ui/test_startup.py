"""Start-up imports only what the first paint needs (issue 12: first paint within 2x a bare window)."""

import json
import os
import subprocess
import sys

from reader.core.platform.resources import SAMPLE_SOURCE
from reader.core.session import TranslationState

# Loaded the moment they are used, never for the first paint of a post: the model and Argos, the
# HTML extractor, sqlite-utils (the store opens an up-to-date database with sqlite3 alone) and
# what it imports (numpy, click, pluggy, dateutil), the network, the notes' import and export, the
# models window, the highlight editor, the dictionaries and the windows of the Words menu, the
# desktop entry's installer (the window icon's files are the resources'). Since decision 0021's
# start-up note also: the HTML and Markdown readers and the code fetching an address, Markdown for
# notes, QtNetwork (a window answers second launches once its post is painted), the find bar and
# the dialogs (Open Address, the model file offer), the vocabulary's records and csv.
DEFERRED = (
    "sqlite_utils",
    "numpy",
    "click",
    "pluggy",
    "dateutil",
    "ctranslate2",
    "argostranslate",
    "sentencepiece",
    "sacremoses",
    "trafilatura",
    "lxml",
    "http.client",
    "ssl",
    "importlib.metadata",
    "reader.core.notes.importer",
    "reader.core.notes.export",
    "reader.ui.model_manager",
    "reader.ui.notes_exchange",
    "reader.core.words.lookup",
    "reader.core.words.stardict",
    "reader.ui.dictionaries_window",
    "reader.ui.glossary_window",
    "reader.ui.vocabulary_panel",
    "reader.ui.lookup_popup",
    "reader.ui.annotation_editor",
    "reader.ui.alternatives_dialog",
    "reader.core.platform.desktop",
    "reader.core.notes.reanchor",
    "edlib",
    "uuid",
    "markdown_it",
    "reader.core.text.webpage",
    "reader.core.text.markdown_text",
    "reader.core.text.web",
    "reader.core.text.web_pages",
    "reader.core.text.web_body",
    "socket",
    "reader.core.notes.note_markdown",
    "PySide6.QtNetwork",
    "reader.ui.find_bar",
    "reader.ui.address_dialog",
    "reader.ui.install_offer",
    "reader.core.words.vocabulary",
    "csv",
)

# Runs reader.app.main as `python -m reader` does; at the first paint prints what is imported and quits.
PROBE = """
import json, sys
import reader.app as app

info = app.log.info

def probe(message, *args):
    info(message, *args)
    if message.startswith("first paint"):
        from PySide6.QtWidgets import QApplication
        print(json.dumps(sorted(sys.modules)), flush=True)
        QApplication.instance().exit(0)

app.log.info = probe
sys.exit(app.main(["--data-dir", sys.argv[1]]))
"""


def _modules_at_first_paint(data_dir) -> list[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(data_dir)], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "first paint: showed 'Dubes Rusia untuk AS" in result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


# The same start; after the first paint, what waits for it: the window icon, the answers to second
# launches, the notes search's clear button.
AFTER_PROBE = """
import json, sys
import reader.app as app
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

info = app.log.info

def report():
    qt = QApplication.instance()
    window = next(w for w in qt.topLevelWidgets() if w.objectName() == "mainWindow")
    print(json.dumps({
        "icon": not qt.windowIcon().isNull(),
        "answers": "PySide6.QtNetwork" in sys.modules,
        "clear_button": window.notes.search.isClearButtonEnabled(),
    }), flush=True)

def probe(message, *args):
    info(message, *args)
    if message.startswith("first paint"):
        report()
        QTimer.singleShot(50, lambda: (report(), QApplication.instance().exit(0)))

app.log.info = probe
sys.exit(app.main(["--data-dir", sys.argv[1]]))
"""


def test_the_first_paint_imports_nothing_it_does_not_need(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    _modules_at_first_paint(data_dir)  # the first start creates the database
    modules = _modules_at_first_paint(data_dir)
    assert "reader.ui.main_window" in modules and "reader.core.store" in modules
    early = [name for name in DEFERRED if name in modules or any(m.startswith(name + ".") for m in modules)]
    assert early == []


def test_what_the_first_frame_does_not_show_is_made_right_after_it(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", AFTER_PROBE, str(data_dir)], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    at_paint, after = (json.loads(line) for line in result.stdout.strip().splitlines()[-2:])
    waiting = {"icon": False, "answers": False, "clear_button": False}
    assert (at_paint, after) == (waiting, {name: True for name in waiting})


def test_the_model_starts_loading_once_the_post_is_painted(qtbot, make_window, data_dir):
    # Loading it imports CTranslate2 and numpy on the model's thread, which would hold up the paint.
    window = make_window(data_dir)
    when_opened, painted = [], []
    window.document_opened.connect(lambda document: when_opened.append(window.translation.state))
    window.view.document_painted.connect(painted.append)
    window.show()
    window.open_sample()
    qtbot.waitUntil(lambda: window.translation.state == TranslationState.NO_MODEL, timeout=10000)
    assert when_opened == [TranslationState.IDLE] and [d.source for d in painted] == [SAMPLE_SOURCE]
    # A model installed later is looked for at once: the post on screen was painted long ago.
    window.translation.reload_model()
    assert window.translation.state == TranslationState.LOADING
