"""The Dictionaries window: the StarDict dictionaries Baca reads, installing and removing them."""

from pathlib import Path

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reader.core.text.wording import counted
from reader.core.words.dictionaries import (
    InstalledDictionary,
    install_dictionaries,
    installed_dictionaries,
    remove_dictionary,
    shared_dictionary_dirs,
)
from reader.ui.confirm import confirm_remove
from reader.ui.errors import show_error
from reader.ui.record_list import placeholder_row, record_list, record_row, selected_record
from reader.ui.tasks import TaskRunner

NOTHING_INSTALLED = "No dictionaries yet: install a StarDict dictionary (its .ifo file, a folder, .zip or .tar.gz)."
FILE_FILTER = (
    "StarDict dictionaries (*.ifo *.zip *.tar.gz *.tgz *.tar.bz2 *.tar.xz *.tar);;All files (*)"
)


class DictionariesWindow(QDialog):
    """Lists, installs and removes dictionaries; installing (with its checks) runs off the GUI thread."""

    dictionaries_changed = Signal()  # installed or removed: open the dictionaries again

    def __init__(self, data_dir: Path, tasks: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("dictionariesWindow")
        self.setWindowTitle("Dictionaries")
        self._data_dir = Path(data_dir)
        self._tasks = tasks
        self._busy = False
        self._build()
        self.resize(720, 400)
        self.refresh()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Words are looked up in these StarDict dictionaries, by the word and by its root. "
            "Dictionaries in the shared StarDict folders are read but not changed.",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = record_list(self, ["Name", "Words", "Folder"], name="dictionaryList")
        self.list.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.list.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.install_button = QPushButton("Install from Files…", self)
        self.install_button.clicked.connect(self._choose_files)
        self.folder_button = QPushButton("Install a Folder…", self)
        self.folder_button.clicked.connect(self._choose_folder)
        self.remove_button = QPushButton("Remove", self)
        self.remove_button.setObjectName("removeDictionary")
        self.remove_button.clicked.connect(self._confirm_remove)
        for button in (self.install_button, self.folder_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.remove_button)
        layout.addLayout(row)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("dictionaryStatus")
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def refresh(self) -> None:
        """List the dictionaries (reading only their .ifo files: quick)."""
        self.list.clear()
        dictionaries = installed_dictionaries(self._data_dir)
        for dictionary in dictionaries:
            folder = str(dictionary.ifo.parent)
            item = record_row(self.list, [dictionary.name, f"{dictionary.word_count:,}", folder], dictionary)
            if dictionary.description:
                item.setToolTip(0, dictionary.description)
            if not dictionary.writable:
                item.setText(2, f"{folder} (shared, read-only)")
                item.setToolTip(2, "A shared StarDict folder: Baca reads it but does not change it.")
        if not dictionaries:
            placeholder_row(self.list, NOTHING_INSTALLED)
        if dictionaries:
            # Room for the longest name (ResizeToContents leaves no margin, and clips a little).
            self.list.setColumnWidth(0, self.list.sizeHintForColumn(0) + 24)
        shared = ", ".join(str(folder) for folder in shared_dictionary_dirs()) or "none"
        self.list.setToolTip(f"Baca's folder: {self._data_dir / 'dictionaries'}\nShared folders: {shared}")
        self._update_buttons()

    def selected(self) -> InstalledDictionary | None:
        return selected_record(self.list)

    def _update_buttons(self) -> None:
        chosen = self.selected()
        self.install_button.setEnabled(not self._busy)
        self.folder_button.setEnabled(not self._busy)
        self.remove_button.setEnabled(not self._busy and chosen is not None and chosen.writable)
        self.remove_button.setToolTip(
            "Dictionaries in a shared StarDict folder are removed with the program that installed them."
            if chosen is not None and not chosen.writable
            else ""
        )

    def _choose_files(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(self, "Install dictionaries", str(Path.home()), FILE_FILTER)
        if paths:
            self.install([Path(path) for path in paths])

    def _choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Install the dictionaries in a folder", str(Path.home()))
        if path:
            self.install([Path(path)])

    def install(self, paths: list[Path]) -> None:
        """Check and install off the GUI thread; a bad file installs nothing and is named."""
        data_dir = self._data_dir
        self._set_busy(True, f"Checking and installing {', '.join(path.name for path in paths)}…")
        self._tasks.run(
            lambda: install_dictionaries(paths, data_dir),
            lambda installed: self._alive() and self._on_installed(installed),
            lambda error: self._alive() and self._on_failed(error),
            lane="io",
        )

    def _confirm_remove(self) -> None:
        dictionary = self.selected()
        if dictionary is None or not dictionary.writable:
            return
        confirm_remove(
            self,
            "Remove Dictionary",
            f"Remove {dictionary.name}?\n\nIts folder {dictionary.ifo.parent} is deleted. Words kept in "
            "your vocabulary stay.",
            lambda: self.remove(dictionary),
        )

    def remove(self, dictionary: InstalledDictionary) -> None:
        self._set_busy(True, f"Removing {dictionary.name}…")
        self._tasks.run(
            lambda: remove_dictionary(dictionary),
            lambda _none: self._alive() and self._on_removed(dictionary),
            lambda error: self._alive() and self._on_failed(error),
            lane="io",
        )

    def _on_installed(self, installed: list[InstalledDictionary]) -> None:
        names = ", ".join(f"{d.name} ({counted(d.word_count, 'word')})" for d in installed)
        self._set_busy(False, f"Installed {names}.")
        self.refresh()
        self.dictionaries_changed.emit()

    def _on_removed(self, dictionary: InstalledDictionary) -> None:
        self._set_busy(False, f"Removed {dictionary.name}.")
        self.refresh()
        self.dictionaries_changed.emit()

    def _on_failed(self, error: BaseException) -> None:
        self._set_busy(False, "")
        self.refresh()
        show_error(self, error)

    def _set_busy(self, busy: bool, status: str) -> None:
        self._busy = busy
        self.status_label.setText(status)
        self._update_buttons()

    def _alive(self) -> bool:
        # The task may finish after the window was closed and deleted.
        return shiboken6.isValid(self)
