"""What reader-cli's command modules share: the exit codes and the tree of commands."""

import argparse
import sys
from collections.abc import Callable

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_USAGE = 2
EXIT_NO_MODEL = 3

Run = Callable[[argparse.Namespace], int]


class Commands:
    """The commands under one parser; each takes the common options (--data-dir) before or after its name."""

    def __init__(self, parser: argparse.ArgumentParser, common: argparse.ArgumentParser, title: str = "commands"):
        self._choices = parser.add_subparsers(title=title, metavar="COMMAND")
        self._common = common

    def add(self, name: str, run: Run, help: str) -> argparse.ArgumentParser:
        """A command that runs `run(args)`; its parser, for its own arguments."""
        command = self._choices.add_parser(name, parents=[self._common], help=help)
        command.set_defaults(run=run)
        return command

    def group(self, name: str, help: str, title: str) -> "Commands":
        """A command of commands (`models list`); given alone, it prints its usage."""
        parser = self._choices.add_parser(name, parents=[self._common], help=help)
        parser.set_defaults(run=usage(parser))
        return Commands(parser, self._common, title)


def usage(parser: argparse.ArgumentParser) -> Run:
    """A run that prints the parser's usage and says a command is required."""

    def run(args: argparse.Namespace) -> int:
        parser.print_usage(sys.stderr)
        print(f"{parser.prog}: error: a command is required", file=sys.stderr)
        return EXIT_USAGE

    return run



def done(message: str) -> int:
    """Tell the user what was done, on stderr (stdout carries only data); the exit code of success."""
    print(message, file=sys.stderr)
    return EXIT_OK
