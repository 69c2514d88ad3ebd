"""The Qt binding itself: a bad release can crash the app, so the tests check for it."""

import gc
import sys

import pytest
from PySide6.QtGui import QColor, QTextCharFormat


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12 on")
def test_calling_void_qt_methods_leaves_nones_reference_count_alone():
    # PySide6 6.12.0 dropped one reference to None per void method call; on Python 3.11 the
    # app then aborts with "none_dealloc" after some thousands of calls.
    fmt = QTextCharFormat()
    colour = QColor(10, 20, 30)
    gc.collect()
    before = sys.getrefcount(None)
    for _ in range(5000):
        fmt.setBackground(colour)
        colour.setAlpha(100)
    gc.collect()
    assert sys.getrefcount(None) - before > -100
