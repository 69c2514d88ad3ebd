from PySide6.QtWidgets import QAbstractItemView, QWidget

from reader.ui.record_list import (
    fit_columns,
    placeholder_row,
    record_list,
    record_row,
    selected_record,
    selected_records,
)


def _parent(qtbot) -> QWidget:
    parent = QWidget()
    qtbot.addWidget(parent)
    return parent


def test_record_list_is_flat_named_and_selects_one_row_unless_several_are_asked_for(qtbot):
    parent = _parent(qtbot)
    one = record_list(parent, ["Term", "Meaning"], name="terms")
    several = record_list(parent, ["Word"], several=True)
    assert (one.objectName(), one.columnCount(), one.rootIsDecorated()) == ("terms", 2, False)
    assert one.selectionMode() == QAbstractItemView.SelectionMode.SingleSelection
    assert several.selectionMode() == QAbstractItemView.SelectionMode.ExtendedSelection


def test_rows_give_back_the_records_selected(qtbot):
    parent = _parent(qtbot)
    tree = record_list(parent, ["Word", "Root"], several=True)
    first = record_row(tree, ["memperbaiki", "baik"], {"id": 1})
    record_row(tree, ["berjalan", "jalan"], {"id": 2})
    assert selected_records(tree) == [] and selected_record(tree) is None
    first.setSelected(True)
    assert (first.text(0), first.text(1)) == ("memperbaiki", "baik")
    assert selected_records(tree) == [{"id": 1}]
    assert selected_record(tree) == {"id": 1}


def test_a_placeholder_spans_the_list_cannot_be_selected_and_is_left_out_of_the_fitting(qtbot):
    parent = _parent(qtbot)
    tree = record_list(parent, ["Name", "Folder"])
    placeholder_row(tree, "No dictionaries installed yet: a very long line that would widen the first column")
    fit_columns(tree)
    narrow = tree.columnWidth(0)
    placeholder = tree.topLevelItem(0)
    assert placeholder.isFirstColumnSpanned() and not placeholder.flags()
    placeholder.setSelected(True)
    assert selected_records(tree) == []
    record_row(tree, ["Kamus Besar Bahasa Indonesia, edisi kelima", "/tmp"], "kbbi")
    fit_columns(tree)
    assert tree.columnWidth(0) > narrow
