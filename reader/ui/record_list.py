"""Lists of records (terms, words, dictionaries, models) in a QTreeWidget: each row holds its record."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem, QWidget

RECORD = Qt.ItemDataRole.UserRole


def record_list(parent: QWidget, headers: list[str], name: str = "", several: bool = False) -> QTreeWidget:
    """A flat list with these column headers; `several`: rows can be selected together."""
    tree = QTreeWidget(parent)
    if name:
        tree.setObjectName(name)
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    mode = QAbstractItemView.SelectionMode
    tree.setSelectionMode(mode.ExtendedSelection if several else mode.SingleSelection)
    return tree


def record_row(tree: QTreeWidget, texts: list[str], record) -> QTreeWidgetItem:
    """A row of `texts` holding `record`, added at the end of `tree`."""
    item = QTreeWidgetItem(texts)
    item.setData(0, RECORD, record)
    tree.addTopLevelItem(item)
    return item


def selected_records(tree: QTreeWidget) -> list:
    """The records of the selected rows (a placeholder cannot be selected)."""
    return [item.data(0, RECORD) for item in tree.selectedItems()]


def selected_record(tree: QTreeWidget):
    """The record of the selected row in a single-selection list, or None."""
    items = tree.selectedItems()
    return items[0].data(0, RECORD) if items else None


def placeholder_row(tree: QTreeWidget, text: str) -> None:
    """A muted row across the whole list, saying why it is empty."""
    item = QTreeWidgetItem([text])
    item.setFlags(Qt.ItemFlag.NoItemFlags)
    tree.addTopLevelItem(item)
    item.setFirstColumnSpanned(True)


def fit_columns(tree: QTreeWidget) -> None:
    """Every column but the last as wide as its widest text, plus room to breathe."""
    metrics = tree.fontMetrics()
    for column in range(tree.columnCount() - 1):
        texts = [tree.headerItem().text(column)] + [
            tree.topLevelItem(row).text(column)
            for row in range(tree.topLevelItemCount())
            if not tree.topLevelItem(row).isFirstColumnSpanned()
        ]
        tree.setColumnWidth(column, max(metrics.horizontalAdvance(text) for text in texts) + 28)
