"""`tracker init`: a new clerks' repository."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tracker.app import LANG_HELP, app, message_lang, user_errors
from tracker.labels import Lang, import_word


@app.command()
def init(
    folder: Annotated[
        Path,
        typer.Argument(
            metavar="DIR", help="Folder for the new tree (made when missing; default: here)."
        ),
    ] = Path("."),
    lang: Annotated[
        Lang | None, typer.Option("--lang", help=LANG_HELP.format(default="en"))
    ] = None,
) -> None:
    """Start a tree of your own: commitments/, seeds/, tracker.yaml, CI files, a README, git.

    Example: tracker init bureau-replies && cd bureau-replies

    Nothing is overwritten: when any of its files exists, init writes nothing, lists them and
    exits 1. The folder becomes a git repository unless it is inside one already.
    """
    # start-up: scaffold loads only for init
    from tracker import scaffold

    words = message_lang(lang)
    with user_errors(words):
        result = scaffold.init_tree(folder)
        typer.echo(import_word("new_tree", words, root=result.root.resolve()))
        for rel in result.written:
            typer.echo(f"  {rel}")
        if result.git_init:
            typer.echo("  " + import_word("git_init", words))
        typer.echo("\n" + import_word("next_steps", words))
        for step in scaffold.next_steps(result, str(folder)):
            typer.echo(f"  {step}")
