"""Platform: where data lives, safe file writes, the database file, the desktop entry, the clock."""
