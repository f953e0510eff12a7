"""Entry point: the typer app with every command module registered."""

from __future__ import annotations

import importlib
import os
import sys
from typing import TYPE_CHECKING, Any

from tracker import app as _app

if TYPE_CHECKING:
    import typer

# The modules of tracker/commands/, in the order their commands are listed in the help. Each
# registers its commands on `app` when imported; one that fails to import is an error here, never
# a command silently missing (tests/test_cli.py holds this list equal to the folder).
COMMAND_MODULES = ("validate", "imports", "diff", "status", "digest", "site", "init")
# The module of each command (tests/test_cli.py holds this equal to what the modules register):
# `tracker status ...` needs only its own module, and the others are not imported at start-up.
COMMANDS = {
    "validate": "validate",
    "schema": "validate",
    "import": "imports",
    "diff": "diff",
    "status": "status",
    "show": "status",
    "log": "status",
    "digest": "digest",
    "export": "digest",
    "site": "site",
    "init": "init",
}


def registered(args: list[str] | None = None) -> typer.Typer:
    """The app with the commands a command line needs: its command's module when it names one
    first, else every module (help, --version, completion, a mistyped command)."""
    wanted = COMMANDS.get(args[0]) if args else None
    for name in (wanted,) if wanted else COMMAND_MODULES:
        importlib.import_module(f"tracker.commands.{name}")
    return _app.app


def __getattr__(name: str) -> Any:
    """`tracker.cli.app`: the app with every command registered."""
    if name == "app":
        return registered()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Run the command line."""
    registered(sys.argv[1:])()


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
