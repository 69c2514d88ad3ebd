"""Baca: read Indonesian posts beside an offline English translation."""

__version__ = "0.1.0"

APP_NAME = "Baca"
# One reverse-DNS id for the .desktop file, its icon and QGuiApplication.setDesktopFileName.
APP_ID = "io.github.bacareader.Baca"
