"""Entry point: the typer app with every command module registered."""

from __future__ import annotations

from tracker.app import app
from tracker.commands import validate as _validate  # noqa: F401  (registers commands)

for _name in ("imports", "diff", "status", "digest"):
    try:
        __import__(f"tracker.commands.{_name}")
    except ModuleNotFoundError as _e:  # a command group not built yet
        if _e.name != f"tracker.commands.{_name}":
            raise


def main() -> None:
    """Run the command line."""
    app()


if __name__ == "__main__":
    main()
