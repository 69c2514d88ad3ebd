"""Errors the core raises. Each message is written for the person using the app."""


class ReaderError(Exception):
    "Base class for every error Baca reports to the user."


class UnreadableDocument(ReaderError):
    "The file is missing, not a file, too large, not text we can decode, or holds no paragraphs."


class NoTranslationModel(ReaderError):
    "No installed Argos Translate package translates this language pair."


class BadPackage(ReaderError):
    "A translation package file fails its checks; nothing was installed."


class NotEnoughSpace(ReaderError):
    "The disk lacks the room a download or an install needs (its size and 50 MB to spare); nothing was kept."


class PackageFileOpened(UnreadableDocument):
    "The file opened as a post is a translation model package: offer to install it instead."

    def __init__(self, message: str, path):
        super().__init__(message)
        self.path = path


class ReadOnlyPackage(ReaderError):
    "The package belongs to Argos Translate's own folder, which Baca reads but never changes."


class TranslationFailed(ReaderError):
    "The translation model could not be loaded or failed while translating."


class StoreError(ReaderError):
    "The database cannot be opened: corrupt, or written by a newer version of Baca."


class DesktopEntryError(ReaderError):
    "The launcher or its icons could not be written to, or removed from, the user's folders."
