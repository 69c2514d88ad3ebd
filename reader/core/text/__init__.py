"""Text: a post read from a file or a web page, made into blocks and sentences."""
