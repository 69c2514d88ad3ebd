import argparse
from pathlib import Path

from reader.cli_common import EXIT_OK, EXIT_USAGE, Commands, done


def _tree():
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS)
    parser = argparse.ArgumentParser(prog="tool", parents=[common])
    commands = Commands(parser, common)
    shelf = commands.group("shelf", help="things on the shelf", title="shelf commands")
    put = shelf.add("put", lambda args: f"put {args.thing}", help="put a thing")
    put.add_argument("thing")
    return parser


def test_a_command_runs_its_function_and_takes_the_common_options_after_its_name():
    args = _tree().parse_args(["shelf", "put", "buku", "--data-dir", "/tmp/x"])
    assert args.run(args) == "put buku"
    assert args.data_dir == Path("/tmp/x")


def test_a_group_given_alone_prints_its_usage_and_exits_with_the_usage_code(capsys):
    args = _tree().parse_args(["shelf"])
    assert args.run(args) == EXIT_USAGE
    assert "tool shelf: error: a command is required" in capsys.readouterr().err


def test_done_tells_on_stderr_and_leaves_stdout_for_data(capsys):
    assert done("Removed kamus") == EXIT_OK
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", "Removed kamus\n")
