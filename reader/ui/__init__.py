"""Baca's window: PySide6 widgets over reader.core."""
