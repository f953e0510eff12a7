"""`tracker init`: a new clerks' repository."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tracker.app import app, user_errors


@app.command()
def init(
    folder: Annotated[
        Path,
        typer.Argument(
            metavar="DIR", help="Folder for the new tree (made when missing; default: here)."
        ),
    ] = Path("."),
) -> None:
    """Start a tree of your own: commitments/, seeds/, tracker.yaml, CI files, a README, git.

    Example: tracker init bureau-replies && cd bureau-replies

    Nothing is overwritten: when any of its files exists, init writes nothing, lists them and
    exits 1. The folder becomes a git repository unless it is inside one already.
    """
    from tracker import scaffold

    with user_errors():
        result = scaffold.init_tree(folder)
        typer.echo(f"new tree in {result.root.resolve()}:")
        for rel in result.written:
            typer.echo(f"  {rel}")
        if result.git_init:
            typer.echo("  (git init: a new repository)")
        typer.echo("\nnext steps, to a first digest:")
        for step in scaffold.next_steps(result, str(folder)):
            typer.echo(f"  {step}")
