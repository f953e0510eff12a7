"""`tracker validate` and `tracker schema`."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from tracker.app import (
    LANG_HELP,
    ROOT_HELP,
    app,
    find_root,
    format_problem,
    message_lang,
    user_errors,
)
from tracker.labels import Lang, message, problem_zh
from tracker.model import Level, Problem, UsageError


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"


def format_problems(problems: list[Problem], fmt: OutputFormat) -> str:
    """Problems as text lines, a JSON list, or GitHub Actions annotations."""
    if fmt == OutputFormat.JSON:
        return json.dumps(
            [
                {
                    "path": p.path,
                    "line": p.line,
                    "col": p.col,
                    "level": p.level.value,
                    "message": p.message,
                    "hint": p.hint,
                }
                for p in problems
            ],
            ensure_ascii=False,
            indent=2,
        )
    if fmt == OutputFormat.GITHUB:
        out = []
        for p in problems:
            kind = "error" if p.level == Level.ERROR else "warning"
            place = f"file={p.path}"
            if p.line:
                place += f",line={p.line}"
                if p.col:
                    place += f",col={p.col}"
            msg = p.message + (f" ({p.hint})" if p.hint else "")
            msg = msg.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            out.append(f"::{kind} {place}::{msg}")
        return "\n".join(out)
    return "\n".join(p.format() for p in problems)


def in_chinese(p: Problem) -> Problem:
    """The problem with its message and hint in Chinese where tracker.labels knows them."""
    from dataclasses import replace

    hint = problem_zh(p.hint) if p.hint else p.hint
    return replace(p, message=problem_zh(p.message), hint=hint)


@app.command()
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(metavar="PATH", help="Files or folders to check (default: the whole tree)."),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", help="text, json, or github (Actions annotations).")
    ] = OutputFormat.TEXT,
    lang: Annotated[
        Lang | None,
        typer.Option(
            "--lang",
            help="Messages in zh or en (--format json stays English). "
            + LANG_HELP.format(default="en"),
        ),
    ] = None,
    root: Annotated[Path | None, typer.Option("--root", help=ROOT_HELP)] = None,
) -> None:
    """Check every file of the tree and report every problem at once.

    Example: tracker validate --strict --format github

    Exit 0 when clean, 1 when there are problems, 2 for usage errors.
    """
    # start-up: store (the YAML layer) and the checks load only for this command
    from tracker import store
    from tracker.validate import validate as run_checks

    mlang = message_lang(lang)
    with user_errors(mlang):
        tree_root = find_root(root)
        files = None
        if paths:
            files = []
            for p in paths:
                if not p.exists():
                    raise UsageError(
                        f"{p}: no such file or folder", "give paths under commitments/"
                    )
                rp = p.resolve()
                found = (
                    store.tree_files(tree_root)
                    if rp == tree_root.resolve()
                    else [
                        f
                        for f in store.tree_files(tree_root)
                        if f.resolve() == rp or f.resolve().is_relative_to(rp)
                    ]
                )
                if not found and rp != tree_root.resolve():
                    raise UsageError(
                        f"{p}: not a file of the tree under {tree_root / store.COMMITMENTS_DIR}",
                        "give paths under commitments/, or --root for another tree",
                    )
                files.extend(found)
            # references need every reply: load all, report only for the files asked about
        tree = store.load_tree(tree_root)
        problems = run_checks(tree)
        if files is not None:
            wanted = {
                store.rel_to(tree_root, f.resolve() if not f.is_absolute() else f) for f in files
            }
            wanted |= {store.rel_to(tree_root, f) for f in files}
            problems = [p for p in problems if p.path in wanted]
        errors = sum(p.level == Level.ERROR for p in problems)
        warnings = len(problems) - errors
        if problems:
            shown = problems
            if mlang == Lang.ZH and fmt != OutputFormat.JSON:
                shown = [in_chinese(p) for p in problems]
            if mlang == Lang.ZH and fmt == OutputFormat.TEXT:
                typer.echo("\n".join(format_problem(p, mlang) for p in problems))
            else:
                typer.echo(format_problems(shown, fmt))
        if fmt == OutputFormat.TEXT:
            n_c, n_r = len(tree.commitments), len(tree.replies)
            summary = message(
                "validate_summary", mlang, c=n_c, r=n_r, errors=errors, warnings=warnings
            )
            typer.echo(summary, err=bool(problems))
        if errors or (strict and warnings):
            raise typer.Exit(1)


@app.command()
def schema(
    kind: Annotated[str | None, typer.Argument(help="reply or commitment (default: both).")] = None,
) -> None:
    """Print the JSON Schema of the tree's files, for an editor's YAML plugin.

    Example: tracker schema commitment > .vscode/commitment.schema.json
    """
    # start-up: schema loads with store, only when needed
    from tracker.schema import json_schema

    with user_errors():
        schemas = json_schema()
        if kind is not None and kind not in schemas:
            raise UsageError(f"unknown schema '{kind}'", "use reply or commitment")
        out = schemas[kind] if kind else schemas
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
