"""Notes: annotations, finding their quotes again, search, export and import."""
