"""View › Show Confidence: doubtful words underlined, confidence in the tooltip, with a model unsure of one word."""

import pytest
from PySide6.QtGui import QColor, QTextCursor

from reader.core.notes.columns import ORIGINAL, TRANSLATION
from reader.core.store import open_store
from reader.core.translate.packages import install_package_file
from reader.core.translate.reading import open_translator
from reader.ui.bilingual_view import SentenceRef
from tests.support.argos_package import GLOSS, build_package
from tests.support.fixtures import DOUBTS
from tests.ui.conftest import GatedTranslator

POST = "Berita dialog\n\nKami percaya pada dialog. Rusia tidak percaya bahwa ini penting.\n\nAS dan Rusia.\n"
UNSURE = ("talks", "dialogue", "discussion")


@pytest.fixture
def doubtful_install(data_dir, tmp_path):
    return install_package_file(build_package(tmp_path / "build", swaps=GLOSS, doubts=DOUBTS), data_dir)


@pytest.fixture
def post(tmp_path):
    path = tmp_path / "berita.txt"
    path.write_text(POST, encoding="utf-8")
    return path


def _open(qtbot, window, path):
    window.show()
    window.open_path(path)
    qtbot.waitUntil(lambda: window.document is not None, timeout=5000)
    qtbot.waitUntil(lambda: window.translation.state == "done", timeout=20000)


def _texts(view, ranges):
    found = []
    for start, end in ranges:
        cursor = QTextCursor(view.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        found.append(cursor.selectedText())
    return found


def _position(view, block, column, sentence, offset=1):
    return view.sentence_range(SentenceRef(block, column, sentence))[0] + offset


def test_show_confidence_underlines_the_doubtful_word_and_tells_each_sentences_confidence(
    qtbot, make_window, data_dir, doubtful_install, post
):
    window = make_window(data_dir)
    _open(qtbot, window, post)
    view = window.view
    assert view.confidence.doubtful_ranges([0, 1]) == []
    assert view.confidence.tooltip(_position(view, 0, TRANSLATION, 0)) is None

    window.confidence_action.trigger()

    qtbot.waitUntil(lambda: bool(view.confidence.doubtful_ranges([0, 1])), timeout=5000)
    [word] = _texts(view, view.confidence.doubtful_ranges([0, 1]))
    assert word in UNSURE
    assert len(view.confidence.lines()) == 2  # its word and the title's ("Berita dialog")
    unsure = view.confidence.tooltip(_position(view, 0, TRANSLATION, 0))
    assert unsure.startswith("Confidence: ") and unsure.endswith(f"\nDoubtful: {word}")
    # The original sentence tells its translation's confidence too; a sure one has no doubtful words.
    assert view.confidence.tooltip(_position(view, 0, ORIGINAL, 0)) == unsure
    sure = view.confidence.tooltip(_position(view, 0, TRANSLATION, 1))
    assert sure.startswith("Confidence: ") and "Doubtful" not in sure
    assert int(unsure.split()[1].rstrip("%\n")) < int(sure.split()[1].rstrip("%"))


def test_the_title_shows_its_doubtful_word_and_its_confidence_too(qtbot, make_window, data_dir, doubtful_install, tmp_path):
    post = tmp_path / "panjang.txt"
    post.write_text(POST + "\n\n".join(["Kami percaya pada dialog. AS dan Rusia."] * 40), encoding="utf-8")
    window = make_window(data_dir, settings={"view/showConfidence": True})
    _open(qtbot, window, post)
    view = window.view
    english = window.session.title_translation  # "Berita dialog": the model is unsure of "dialog"
    start = view.title_start(TRANSLATION)

    qtbot.waitUntil(lambda: any(a >= start and b <= start + len(english) for a, b in view.confidence.doubtful_ranges()), timeout=5000)

    [word] = [english[a - start : b - start] for a, b in view.confidence.doubtful_ranges() if a < start + len(english)]
    assert word in UNSURE and english.endswith(word)
    tip = view.confidence.tooltip(start + 1)
    assert tip.startswith("Confidence: ") and tip.endswith(f"\nDoubtful: {word}")
    assert view.confidence.tooltip(view.title_start(ORIGINAL) + 1) == tip
    # Beside the title, in its date line or past it, no title tooltip.
    assert view.confidence.tooltip(start + len(english) + 3) != tip
    # Scrolled past the title, its dots are no longer among those on screen.
    view.verticalScrollBar().setValue(round(view.block_rect(1).top()))
    assert view.navigator.reading_place()[0] == 1
    assert view.confidence.doubtful_ranges() and all(a >= view.cell_range(0, ORIGINAL)[0] for a, _b in view.confidence.doubtful_ranges())


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_underline_is_drawn_over_a_highlight_without_hiding_it(
    qtbot, make_window, data_dir, doubtful_install, post, scheme
):
    window = make_window(data_dir, settings={"view/showConfidence": True, "view/colorScheme": scheme})
    _open(qtbot, window, post)
    view = window.view
    qtbot.waitUntil(lambda: bool(view.confidence.doubtful_ranges([0])), timeout=5000)
    [(start, end)] = view.confidence.doubtful_ranges([0])
    view.select_range(start, end)
    window.annotations.highlight_selection("yellow")
    qtbot.waitUntil(lambda: bool(view.highlights.at(start + 1)), timeout=5000)

    base = view.palette().color(view.palette().ColorRole.Base)
    assert (base.lightness() < 128) == (scheme == "dark")
    image = view.viewport().grab().toImage()
    _title, line = view.confidence.lines()  # the title's doubtful word first
    cursor = QTextCursor(view.document())
    cursor.setPosition(start + 1)
    inside = view.cursorRect(cursor).center()

    amber = view.confidence.colour()
    under = [QColor(image.pixel(int(x), round(line.y1()))) for x in range(int(line.x1()), int(line.x2()))]
    assert sum(_near(colour, amber) for colour in under) >= len(under) // 4  # dots, not a solid line
    highlight = QColor(image.pixel(inside.x(), inside.y()))
    assert not _near(highlight, base, 30)  # the highlight is still painted


def test_show_confidence_is_remembered_and_readable_on_a_dark_page(qtbot, make_window, data_dir):
    window = make_window(data_dir)
    window.show()
    window.set_color_scheme("light")
    light = window.view.confidence.colour()
    window.confidence_action.trigger()
    window.set_color_scheme("dark")
    qtbot.waitUntil(lambda: window.view.palette().color(window.view.palette().ColorRole.Base).lightness() < 128)
    dark = window.view.confidence.colour()
    window.close()

    again = make_window(data_dir)

    assert again.confidence_action.isChecked() and again.view.confidence.shown
    # Dark amber on a light page, light amber on a dark one.
    assert light.lightness() < 128 < dark.lightness()
    again.set_show_confidence(False)
    again.close()
    assert not make_window(data_dir).view.confidence.shown


def test_a_bad_threshold_setting_falls_back_to_ln_half(qtbot, make_window, data_dir, caplog):
    window = make_window(data_dir, settings={"confidence/doubtThreshold": "very"})

    assert window.view.confidence.threshold == pytest.approx(-0.6931, abs=1e-4)
    assert "confidence/doubtThreshold" in caplog.text


def test_a_post_cached_before_scores_is_scored_not_translated_again(
    qtbot, make_window, data_dir, doubtful_install, post
):
    gated = GatedTranslator(open_translator(data_dir))
    gated.gate.set()
    window = make_window(data_dir, load_translator=lambda: gated)
    _open(qtbot, window, post)
    calls = len(gated.calls)
    window.close()
    store = open_store(data_dir)
    store.conn.execute("UPDATE translations SET confidence = NULL, scores = NULL")  # as an older Baca left them
    store.conn.commit()
    store.close()

    again = make_window(data_dir, load_translator=lambda: gated, settings={"view/showConfidence": True})
    _open(qtbot, again, post)

    qtbot.waitUntil(lambda: bool(again.view.confidence.doubtful_ranges([0])), timeout=5000)
    assert _texts(again.view, again.view.confidence.doubtful_ranges([0]))[0] in UNSURE
    assert len(gated.calls) == calls
    qtbot.waitUntil(lambda: again.translation._scoring is None, timeout=5000)
    scored = again.store.conn.execute("SELECT count(*) FROM translations WHERE scores IS NOT NULL").fetchone()[0]
    assert scored == len(again.session.scores)


def _near(colour: QColor, other: QColor, tolerance: int = 60) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour.getRgb()[:3], other.getRgb()[:3]))
