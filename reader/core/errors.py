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


class PackageWriteFailed(ReaderError):
    "A package or a download could not be written into Baca's folders (no permission, a read-only disk); nothing was kept."


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
    "The database cannot be opened or changed: corrupt, not a file, or written by a newer Baca."


class StoreBusy(StoreError):
    "Another program held the database's write lock for longer than Baca waits; nothing was changed."


class StoreUnwritable(StoreError):
    "The data folder or the database file is read-only to Baca; nothing was changed."


class StoreFull(StoreError):
    "The disk holding the database is full; the change was not saved, and what was saved before is intact."


class DesktopEntryError(ReaderError):
    "The launcher or its icons could not be written to, or removed from, the user's folders."


class NotAFile(ReaderError):
    "The path is a folder, a named pipe, a device, a socket or a loop of symbolic links: not a regular file."

    def __init__(self, path, kind: str):
        super().__init__(f"{str(path)!r} is {kind}, not a regular file.")
        self.path = path
        self.kind = kind


class FetchFailed(ReaderError):
    "A web address could not be opened; the subclasses say why."


class BadAddress(FetchFailed):
    "The text is not an http or https web address, or a redirect led to another kind of address."


class NoNetwork(FetchFailed):
    "The server cannot be reached: no connection, the name cannot be looked up, or it refused."


class FetchTimedOut(FetchFailed):
    "The server did not connect in time, or did not send the whole page in time."


class HttpStatusError(FetchFailed):
    "The server answered with an error status (404 Not Found, 500 Internal Server Error, ...)."


class NotHtml(FetchFailed):
    "The address serves something other than a web page: a PDF, an image, a feed, ..."


class PageTooLarge(FetchFailed):
    "The page is larger than the most Baca fetches."


class InsecureConnection(FetchFailed):
    "The secure (https) connection failed: the server's certificate could not be verified."


class BadDictionary(ReaderError):
    "A StarDict dictionary fails its checks, or is already installed; nothing was installed."


class NoSuchDictionary(ReaderError):
    "No installed dictionary has the name given."


class ReadOnlyDictionary(ReaderError):
    "The dictionary is in a shared StarDict folder, which Baca reads but never changes."


class UnknownVocabularyItem(ReaderError):
    "No word in the vocabulary list has the number given."


class FetchStopped(FetchFailed):
    "The user stopped the fetch (or closed the window); nothing was changed."


class CorruptDatabase(Exception):
    """The file is not an SQLite database, or its own check finds it damaged (internal)."""


class EmptyQuote(ReaderError):
    "A highlight needs at least one character that is not white space."


class UnknownDocument(ReaderError):
    "No document in the library has that id (or an id prefix matches none or several); nothing was saved."


class MissingAnnotation(ReaderError):
    "The annotation is no longer in the database (deleted, perhaps in another window); nothing was saved."


class UnknownColor(ReaderError):
    "The colour asked for is not one of Baca's highlight colours."


class ExportFailed(ReaderError):
    "The exported file could not be written."


class NotesFileError(ReaderError):
    "The file is not JSON, or not W3C annotations Baca can import; nothing was imported."


class BadIndex(ReaderError):
    "The package index could not be read: the server refused it, or it is not Argos's list of packages."


class NoSuchPackage(ReaderError):
    "No package in the index, or among those installed, matches what was asked for."


class DownloadFailed(ReaderError):
    "A download stopped early, crawled, or was refused by the server; nothing was kept."


class NetworkUnavailable(ReaderError):
    "The index or a download could not be reached: no connection, no name lookup, or no answer in time."


class DownloadCancelled(ReaderError):
    "The download was cancelled; nothing was kept."


class TransferStopped(ReaderError):
    "A transfer under way stopped: the connection broke, went silent, was too slow or ran out of time."

    def __init__(self, why: str, done: int):
        super().__init__(why)  # the message says why
        self.done = done


class UnknownVocabularyFormat(ReaderError):
    "The export format asked for is not one Baca writes."


class EmptyCorrection(ReaderError):
    "An edited translation holds no text; it was not saved."


class CorrectionMissing(ReaderError):
    "The sentence to correct has no translation yet, or is not in the open post."


class BadGlossaryEntry(ReaderError):
    "A glossary entry has no term, or a term or translation Baca cannot use; nothing was saved."


class BadGlossaryFile(ReaderError):
    "A glossary CSV file is not one Baca reads (its header, a row by line number); nothing was imported."


class UnknownGlossaryEntry(ReaderError):
    "No glossary entry has the term given."
