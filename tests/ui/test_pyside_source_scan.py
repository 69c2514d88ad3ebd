"""The start-up spares PySide6 its reading of every imported module's source (decision 0021)."""

import subprocess
import sys
import textwrap

PROBE = textwrap.dedent(
    """
    import inspect, sys
    import PySide6.QtWidgets
    from shibokensupport import feature

    if sys.argv[1] == "spared":
        from reader.app import _spare_pysides_source_scan
        _spare_pysides_source_scan()

    read = []
    real_getsource = inspect.getsource
    inspect.getsource = lambda obj: read.append(getattr(obj, "__name__", obj)) or real_getsource(obj)
    sys.path.insert(0, sys.argv[2])
    import baca_probe_module  # a module imported after PySide6, as Baca's window modules are

    print(read.count("baca_probe_module"), feature.pyside_feature_dict.get("baca_probe_module"))
    # Qt still works from it: a widget made and used in the freshly imported module.
    print(baca_probe_module.label_text())
    """
)

MODULE = textwrap.dedent(
    """
    from PySide6.QtWidgets import QApplication, QLabel

    def label_text():
        app = QApplication.instance() or QApplication([])
        label = QLabel("Dubes Rusia")
        label.setText(label.text() + " untuk AS")
        return label.text()
    """
)


def run_probe(mode: str, tmp_path) -> list[str]:
    (tmp_path / "baca_probe_module.py").write_text(MODULE, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", PROBE, mode, str(tmp_path)], capture_output=True, text=True, timeout=60, check=True
    )
    return done.stdout.splitlines()


def test_pyside_reads_each_new_modules_source_unless_spared(tmp_path):
    # The cost itself, so the next test means something: PySide6 reads the module and marks it 0.
    assert run_probe("as-is", tmp_path) == ["1 0", "Dubes Rusia untuk AS"]


def test_spared_the_module_is_not_read_and_gets_the_same_feature_selection(tmp_path):
    assert run_probe("spared", tmp_path) == ["0 0", "Dubes Rusia untuk AS"]
