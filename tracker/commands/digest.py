"""`tracker digest` and `tracker export`."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tracker import digest as digest_lib
from tracker import export as ledger
from tracker import render
from tracker.app import (
    KEEP_GOING_HELP,
    LANG_HELP,
    ROOT_HELP,
    app,
    date_option,
    find_root,
    left_out,
    message_lang,
    pick_lang,
    read_tree,
    user_errors,
)
from tracker.cache import loading
from tracker.commands.status import note_refusal, note_skipped
from tracker.digest import LAST
from tracker.export import ExportFormat
from tracker.git import git_refusal
from tracker.labels import Lang, message
from tracker.model import UsageError
from tracker.outputs import check_output
from tracker.render import DigestFormat

if TYPE_CHECKING:
    from tracker.digest import Digest
    from tracker.store import Tree


def _write(data: bytes | list[bytes], out: Path | None) -> None:
    """Write to the file atomically, or to stdout as is (never through rich: no markup); `data`
    may come in parts (render.render_parts), written in order."""
    if out is None:
        # a large digest's parts, not joined into one more copy of the whole (write by write:
        # a stream may stand in for stdout with its own write() alone)
        for part in [data] if isinstance(data, bytes) else data:
            sys.stdout.buffer.write(part)
        sys.stdout.flush()
        return
    if not isinstance(data, bytes):
        data = b"".join(data)
    # start-up: store loads the YAML layer
    from tracker.store import atomic_write

    if out.is_dir():
        raise UsageError(f"-o {out}: is a folder", "give a file name, e.g. digests/2025-06-30.md")
    atomic_write(out, data)


def with_notice(d: Digest, tree: Tree, lang: str) -> Digest:
    """The digest with a notice naming the files that could not be read (--keep-going)."""
    left = left_out(tree.problems)
    if not left:
        return d
    return replace(
        d,
        left_out=tuple(left.values()),
        left_out_text=message("left_out_digest", lang, n=len(left)),
    )


@app.command()
def digest(
    fmt: Annotated[
        DigestFormat,
        typer.Option(
            "--format", help="md (GitHub/GitLab Markdown) or html (one self-contained file)."
        ),
    ] = DigestFormat.MD,
    since: Annotated[
        str,
        typer.Option(
            "--since",
            help="REF, DATE (YYYY-MM-DD) or 'last': the commit named by the newest digest under digests/.",
        ),
    ] = LAST,
    lang: Annotated[
        Lang | None,
        typer.Option(
            "--lang",
            help="The digest's own words (letters are never translated). "
            + LANG_HELP.format(default="zh"),
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write to this file (default: stdout).")
    ] = None,
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates",
            help="Folder whose digest.md.j2 / digest.html.j2 override the built-in ones, file by file.",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="As-of date for ages (default: the date of the last commit that changed the data).",
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Write -o even inside the tree's commitments/ or seeds/ (never inside .git/).",
        ),
    ] = False,
    keep_going: Annotated[bool, typer.Option("--keep-going", help=KEEP_GOING_HELP)] = False,
    root: Annotated[Path | None, typer.Option("--root", help=ROOT_HELP)] = None,
) -> None:
    """Render the digest: counts, progress by issuer, what changed, and every commitment.

    Example: tracker digest --format html --since last -o digests/2025-06-30.html

    The output names the commit it describes, so `--since last` on the next run lists exactly
    what changed in between. Without git the digest still renders, without history. A file that
    cannot be read is an error (exit 1, nothing written); with --keep-going the digest leaves it
    out and names it in a notice under its title.
    """

    mlang = message_lang(lang)
    lang = pick_lang(lang, Lang.ZH)

    # a digest makes millions of long-lived objects (records, history, views, text): the cyclic
    # collector would walk them again and again while they are made, for nothing (seconds)
    with user_errors(mlang), loading():
        tree_root = find_root(root)
        tree, git = digest_lib.with_git_facts(
            tree_root, since, lambda: read_tree(tree_root, keep_going=keep_going, lang=mlang)
        )
        note_skipped(tree.skipped, lang=mlang)
        if not git.head.in_git:  # say why, when git refuses the repository
            # start-up: history loads store and git
            from tracker.history import HeadInfo

            refused = git_refusal(tree_root)
            if refused is not None:
                note_refusal(
                    HeadInfo(False, reason=refused.message, hint=refused.hint, refused=True),
                    mlang,
                )
        d = with_notice(digest_lib.build_digest(tree, git, lang, date_option(as_of)), tree, lang)
        if output is not None:  # refused before any work
            check_output(tree_root, output, force=force)
        _write(render.render_parts(d, fmt, templates, tree_root), output)


@app.command()
def export(
    fmt: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            help="xlsx (Excel workbook) or csv (UTF-8 with BOM). Default: xlsx for -o *.xlsx, "
            "csv otherwise.",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Write to this file (default: stdout, csv only)."),
    ] = None,
    lang: Annotated[
        Lang | None,
        typer.Option(
            "--lang",
            help="Headers and the ledger's own words (letters are never translated). "
            + LANG_HELP.format(default="zh"),
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Write -o even inside the tree's commitments/ or seeds/ (never inside .git/).",
        ),
    ] = False,
    keep_going: Annotated[bool, typer.Option("--keep-going", help=KEEP_GOING_HELP)] = False,
    root: Annotated[Path | None, typer.Option("--root", help=ROOT_HELP)] = None,
) -> None:
    """Export the ledger (台账): one row per commitment, for a bureau's office.

    Example: tracker export -o 台账.xlsx

    A bare `tracker export` prints CSV to stdout. Columns: 序号, 来文, 承办单位, 承诺内容, 状态, 最新进展, 证据出处, 更新时间.
    A file that cannot be read is an error (exit 1, nothing written); with --keep-going the
    ledger leaves it out and names it in a last row, 注意.
    """

    mlang = message_lang(lang)
    lang = pick_lang(lang, Lang.ZH)

    with user_errors(mlang):
        if fmt is None:
            xlsx = output is not None and output.suffix.lower() == ".xlsx"
            fmt = ExportFormat.XLSX if xlsx else ExportFormat.CSV
        if fmt == ExportFormat.XLSX and output is None:
            raise UsageError(
                "an xlsx workbook is binary: give a file to write",
                "add -o ledger.xlsx, or use --format csv to print to stdout",
            )
        tree_root = find_root(root)
        if output is not None:  # refused before any work
            check_output(tree_root, output, force=force)
        tree = read_tree(tree_root, keep_going=keep_going, lang=mlang)
        git = digest_lib.git_facts(tree_root, None)
        d = digest_lib.build_digest(tree, git, lang)
        rows = ledger.ledger_rows(d, tree)
        left = list(left_out(tree.problems).values())
        _write(ledger.export(rows, fmt, d.as_of, lang, left), output)
