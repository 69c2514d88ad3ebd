"""A small popup with a word's dictionary entries, its root, the sentence's translation, and "Add to Vocabulary"."""

from PySide6.QtCore import QPoint, QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reader.core.errors import ReaderError
from reader.core.words.lookup import Lookup, LookupResult
from reader.core.store import Store
from reader.core.words.vocabulary import VocabularyItem, add_word
from reader.ui.errors import show_error

NO_DICTIONARIES = "No dictionaries installed: add one with Words › Dictionaries…"
NOT_FOUND = "Not in your dictionaries. You can still keep it with your own meaning."


class LookupPopup(QFrame):
    """Looks a word up (fast: the dictionaries are opened beforehand) and keeps it in the vocabulary."""

    word_added = Signal(object)  # the VocabularyItem kept

    WIDTH = 440
    MAX_ENTRIES_HEIGHT = 260

    def __init__(self, store: Store, lookup: Lookup | None, parent: QWidget):
        # Always owned by a window: a visible popup deleted by Python's garbage collector (no
        # parent) crashed Qt now and then in the tests.
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("lookupPopup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._store = store
        self._lookup = lookup
        self.result: LookupResult | None = None
        self._sentence = ""
        self._translation = ""
        self._document_id: str | None = None
        self._build()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        head = QHBoxLayout()
        self.word_label = QLabel(self)
        self.word_label.setObjectName("lookupWord")
        self.word_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.word_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.word_label.setFont(font)
        self.root_label = QLabel(self)
        self.root_label.setObjectName("lookupRoot")
        head.addWidget(self.word_label)
        head.addWidget(self.root_label, 1)
        layout.addLayout(head)

        self.entries = QListWidget(self)
        self.entries.setObjectName("lookupEntries")
        self.entries.setWordWrap(True)
        self.entries.setAlternatingRowColors(True)
        self.entries.setSpacing(2)
        # By pixels: an entry taller than the list (a long dictionary article) scrolls line by line.
        self.entries.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.entries.setToolTip("Choose the meaning to keep")
        layout.addWidget(self.entries)
        self.message_label = QLabel(self)
        self.message_label.setObjectName("lookupMessage")
        self.message_label.setWordWrap(True)
        layout.addWidget(self.message_label)

        self.translation_label = QLabel(self)
        self.translation_label.setObjectName("lookupTranslation")
        self.translation_label.setWordWrap(True)
        self.translation_label.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.translation_label)

        self.note_edit = QLineEdit(self)
        self.note_edit.setObjectName("lookupNote")
        self.note_edit.setPlaceholderText("Your own meaning or a note (optional)")
        self.note_edit.returnPressed.connect(self.add_to_vocabulary)
        layout.addWidget(self.note_edit)
        row = QHBoxLayout()
        self.status_label = QLabel(self)
        self.status_label.setObjectName("lookupStatus")
        self.add_button = QPushButton("Add to Vocabulary", self)
        self.add_button.setObjectName("addToVocabulary")
        self.add_button.clicked.connect(self.add_to_vocabulary)
        row.addWidget(self.status_label, 1)
        row.addWidget(self.add_button)
        layout.addLayout(row)
        self.setFixedWidth(self.WIDTH)

    def set_lookup(self, lookup: Lookup | None) -> None:
        """Use these dictionaries from now on (after the Dictionaries window changed them)."""
        self._lookup = lookup

    def look_up(
        self,
        word: str,
        sentence: str = "",
        translation: str = "",
        document_id: str | None = None,
        at: QPoint | None = None,
    ) -> LookupResult | None:
        """Show the entries for `word` read in `sentence` (translated as `translation`) of a post."""
        self._sentence, self._translation, self._document_id = sentence, translation, document_id
        self.result = self._lookup.lookup(word) if self._lookup is not None else None
        shown = self.result.word if self.result else word.strip()
        self.word_label.setText(shown)
        root = self.result.root if self.result else None
        self.root_label.setText(f"root: <b>{root}</b>" if root else "")
        self.entries.clear()
        for match in self.result.matches if self.result else ():
            entry = match.entry
            via = f"{entry.headword} (root)" if match.form == "root" else entry.headword
            item = QListWidgetItem(f"{via} — {entry.dictionary}\n{entry.text}")
            item.setData(Qt.ItemDataRole.UserRole, match)
            self.entries.addItem(item)
        if self.entries.count():
            self.entries.setCurrentRow(0)
        self.entries.setVisible(self.entries.count() > 0)
        # As tall as its entries, up to a limit past which it scrolls. Their wrapped heights are
        # those laid out at the list's real width (sizeHintForRow wraps at no width at all).
        self.entries.setFixedHeight(self.MAX_ENTRIES_HEIGHT)
        self.layout().activate()
        self.entries.doItemsLayout()
        items = (self.entries.item(n) for n in range(self.entries.count()))
        rows = sum(self.entries.visualItemRect(item).height() + 2 * self.entries.spacing() for item in items)
        self.entries.setFixedHeight(min(rows + 2 * self.entries.frameWidth() + 4, self.MAX_ENTRIES_HEIGHT))
        if self._lookup is None or not self._lookup.dictionaries:
            self.message_label.setText(NO_DICTIONARIES)
        else:
            self.message_label.setText("" if self.entries.count() else NOT_FOUND)
        if self.result is not None and self.result.problems:
            left_out = "\n".join(f"Left out: {problem}" for problem in self.result.problems)
            self.message_label.setText("\n".join(filter(None, [self.message_label.text(), left_out])))
        self.message_label.setVisible(bool(self.message_label.text()))
        self.translation_label.setText(f"<i>{_escape(translation)}</i>" if translation else "")
        self.translation_label.setVisible(bool(translation))
        self.note_edit.clear()
        self.status_label.clear()
        self.add_button.setEnabled(bool(shown))
        self.layout().activate()
        self.resize(self.WIDTH, self.layout().heightForWidth(self.WIDTH) if self.layout().hasHeightForWidth() else self.sizeHint().height())
        if at is not None:
            self.move(_on_screen(at, self.size()))
        self.show()
        self.note_edit.setFocus()
        return self.result

    def chosen_meaning(self) -> tuple[str, str]:
        """The selected entry's definition and its dictionary, or empty ones."""
        item = self.entries.currentItem()
        if item is None or not item.isSelected():
            return "", ""
        entry = item.data(Qt.ItemDataRole.UserRole).entry
        return entry.text, entry.dictionary

    def add_to_vocabulary(self) -> VocabularyItem | None:
        """Keep the word with the chosen meaning (or the note as its meaning), the sentence and the post."""
        word = self.word_label.text()
        if not word:
            return None
        meaning, dictionary = self.chosen_meaning()
        note = self.note_edit.text().strip()
        if not meaning:
            meaning, note = note, ""
        try:
            item = add_word(
                self._store,
                word,
                root=(self.result.root or "") if self.result else "",
                meaning=meaning,
                dictionary=dictionary,
                note=note,
                sentence=self._sentence,
                translation=self._translation,
                document_id=self._document_id,
            )
        except ReaderError as error:
            show_error(self, error)
            return None
        self.status_label.setText(f"Kept “{item.word}” in your vocabulary.")
        self.word_added.emit(item)
        return item


def _on_screen(at: QPoint, size: QSize) -> QPoint:
    """Where a popup of `size` asked for at `at` goes: there, or above the point and left of it as
    far as it must to stay on the screen (a word near the window's corner)."""
    screen = QGuiApplication.screenAt(at) or QGuiApplication.primaryScreen()
    area = screen.availableGeometry()
    x = max(area.left(), min(at.x(), area.right() + 1 - size.width()))
    y = at.y() if at.y() + size.height() <= area.bottom() + 1 else at.y() - size.height()
    return QPoint(x, max(area.top(), min(y, area.bottom() + 1 - size.height())))


def _escape(text: str) -> str:
    from html import escape

    return escape(text)
