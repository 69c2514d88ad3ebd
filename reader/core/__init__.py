"""Baca's core: documents, sentences, translation, storage. No Qt here."""
