"""Words: StarDict dictionaries, word lookup and the vocabulary list."""
