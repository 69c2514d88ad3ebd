"""File › Open Address…: the dialog asking for a web address (imported when it is first shown)."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QCompleter, QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from reader.core.errors import BadAddress
from reader.core.text.web import CONNECT_TIMEOUT, MAX_PAGE_MB, PAGE_TIMEOUT, normalise_address
from reader.ui.colors import secondary_text

EXPLANATION = (
    "Baca fetches this one page, and nothing else, keeps a copy in its data folder so that it "
    "reopens without the network, with your notes, and shows the article beside its translation. "
    f"It waits at most {CONNECT_TIMEOUT:g} s for the server and {PAGE_TIMEOUT:g} s for the page, "
    f"and opens pages of up to {MAX_PAGE_MB} MB."
)


class AddressDialog(QDialog):
    """Asks for a web address; says at once what is wrong with one that is not."""

    address_chosen = Signal(str)  # normalised

    def __init__(self, parent: QWidget | None, known: list[str], suggested: str = ""):
        super().__init__(parent)
        self.setObjectName("addressDialog")
        self.setWindowTitle("Open Address")
        self.setMinimumWidth(560)
        label = QLabel("&Web address of a post:", self)
        self.edit = QLineEdit(suggested, self)
        self.edit.setObjectName("addressEdit")
        self.edit.setPlaceholderText("https://…")
        self.edit.setClearButtonEnabled(True)
        self.edit.selectAll()
        label.setBuddy(self.edit)
        completer = QCompleter(known, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.edit.setCompleter(completer)
        self.problem = QLabel(self)
        self.problem.setObjectName("addressProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #c0392b;")
        self.problem.hide()
        explanation = QLabel(EXPLANATION, self)
        explanation.setObjectName("addressExplanation")
        explanation.setWordWrap(True)
        # Secondary text, yet legible (a disabled label's grey gave 1.6:1 on the light palette).
        muted = explanation.palette()
        muted.setColor(QPalette.ColorRole.WindowText, secondary_text(self.palette(), QPalette.ColorRole.Window))
        explanation.setPalette(muted)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.open_button = self.buttons.addButton("&Open", QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.edit.textChanged.connect(self._on_text_changed)
        layout = QVBoxLayout(self)
        for widget in (label, self.edit, self.problem, explanation, self.buttons):
            layout.addWidget(widget)
        self._on_text_changed(self.edit.text())

    def _on_text_changed(self, text: str) -> None:
        self.open_button.setEnabled(bool(text.strip()))
        self.problem.hide()

    def accept(self) -> None:
        try:
            address = normalise_address(self.edit.text())
        except BadAddress as error:
            self.problem.setText(str(error))
            self.problem.show()
            self.adjustSize()  # room for the message: the explanation below must not be squeezed
            self.edit.setFocus()
            return
        super().accept()
        self.address_chosen.emit(address)
