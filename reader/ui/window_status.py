"""The main window's status bar: the translation's progress, and Stop / Resume."""

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QProgressBar, QToolButton

from reader.core.session import TranslationState
from reader.core.text.wording import counted

if TYPE_CHECKING:
    from reader.ui.main_window import MainWindow


def build_status_bar(window: "MainWindow") -> None:
    """The progress label, bar and Stop button, kept on the window (`progress_label`...), hidden."""
    bar = window.statusBar()
    window.progress_label = QLabel(window)
    window.progress_label.setObjectName("translationProgress")
    window.progress_bar = QProgressBar(window, maximumWidth=140, textVisible=False)
    window.progress_bar.setMaximumHeight(12)
    window.cancel_button = QToolButton(window, text="Stop", toolTip="Stop translating this document", autoRaise=True)
    window.cancel_button.setObjectName("cancelTranslation")
    window.cancel_button.clicked.connect(lambda: _on_cancel_clicked(window))
    bar.addPermanentWidget(window.corrections.status_label)
    for widget in (window.progress_label, window.progress_bar, window.cancel_button):
        bar.addPermanentWidget(widget)
        widget.hide()


def _on_cancel_clicked(window: "MainWindow") -> None:
    if window.translation.state == TranslationState.PAUSED:
        window.translation.resume()
    else:
        window.translation.pause()


def show_progress(window: "MainWindow", done: int, total: int) -> None:
    window.progress_bar.setRange(0, max(total, 1))
    window.progress_bar.setValue(done)
    noun = "paragraph" if total == 1 else "paragraphs"
    if window.translation.state == TranslationState.PAUSED:
        window.progress_label.setText(f"Translation stopped at {done}/{total} {noun}")
    elif done < total:
        window.progress_label.setText(f"Translating {done}/{total} {noun}")
    else:
        window.progress_label.setText(f"Translated {total} {noun}")


def show_translation_state(window: "MainWindow", state: TranslationState) -> None:
    running = state in (TranslationState.TRANSLATING, TranslationState.LOADING, TranslationState.PAUSED)
    window.progress_label.setVisible(state != TranslationState.IDLE)
    window.progress_bar.setVisible(state in (TranslationState.TRANSLATING, TranslationState.PAUSED))
    window.cancel_button.setVisible(running and state != TranslationState.LOADING)
    window.cancel_button.setText("Resume" if state == TranslationState.PAUSED else "Stop")
    window.pause_action.setEnabled(state == TranslationState.TRANSLATING)
    window.resume_action.setEnabled(state == TranslationState.PAUSED)
    if state == TranslationState.LOADING:
        window.progress_label.setText("Loading the translation model…")
    elif state == TranslationState.NO_MODEL:
        window.progress_label.setText("No translation model installed")
    elif state == TranslationState.FAILED:
        window.progress_label.setText("Translation failed")
    elif state == TranslationState.DONE and window.document is not None:
        count = len(window.document.blocks)
        window.progress_label.setText(f"Translated {counted(count, 'paragraph')}")
