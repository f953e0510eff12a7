"""Entry point: the typer app with every command module registered."""

from __future__ import annotations

import importlib
import os
import sys

from tracker.app import app

# The modules of tracker/commands/, in the order their commands are listed in the help. Each
# registers its commands on `app` when imported; one that fails to import is an error here, never
# a command silently missing (tests/test_cli.py holds this list equal to the folder).
COMMAND_MODULES = ("validate", "imports", "diff", "status", "digest", "site", "init")
for _name in COMMAND_MODULES:
    importlib.import_module(f"tracker.commands.{_name}")


def main() -> None:
    """Run the command line."""
    app()


def run() -> None:
    """Run the command line as the `tracker` program, then leave at once.

    Once the command is done and its output flushed, the process ends without freeing what it
    built one object at a time (a large tree is tens of thousands of records): the system frees
    it all at once. Exit codes are those of main().
    """
    try:
        main()
        code = 0
    except SystemExit as e:
        if e.code is None or isinstance(e.code, int):
            code = e.code or 0
        else:  # a message: printed as Python prints it
            print(e.code, file=sys.stderr)
            code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:  # the reader went away (`tracker status | head -1`)
            pass
        except (OSError, ValueError):
            code = code or 1
    os._exit(code)


if __name__ == "__main__":
    run()
