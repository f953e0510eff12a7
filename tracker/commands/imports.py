"""`tracker import`: read reply letters into the YAML tree."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tracker.app import (
    LANG_HELP,
    ROOT_HELP,
    app,
    console,
    err,
    find_root,
    message_lang,
    user_errors,
)
from tracker.importer import LETTER_SUFFIXES, Outcome, letter_files, outcome_data, run_import
from tracker.labels import Lang, import_word, said
from tracker.model import Letter, Reply, UsageError
from tracker.outputs import check_tree_folder
from tracker.termtable import Wrapped, print_wrapped
from tracker.text import shorten

if TYPE_CHECKING:
    from rich.table import Table

DETAILED_UP_TO = 10  # more files than this: one summary row per letter and a progress bar


def _facts() -> tuple[str, ...]:
    """The letter's facts, in reply.yaml's order (what the table shows)."""
    # start-up: schema loads with store, only when needed
    from tracker.schema import REPLY_KEYS

    return tuple(k for k in REPLY_KEYS if k not in ("id", "source", "sections", "review"))


def _value(reply: Reply, k: str) -> str | None:
    v = getattr(reply, k)
    if v is None or v == ():
        return None
    if isinstance(v, tuple):
        return "、".join(v)
    if k == "contact":
        return " ".join(x for x in (v.name, v.phone) if x) or None
    return str(v)


def _facts_table(letter: Letter, lang: str = "en") -> Table:
    from rich import box
    from rich.table import Table

    reply = letter.reply
    why = {n.field: n.reason for n in reply.review}
    t = Table(box=box.SIMPLE, show_edge=False, pad_edge=False, expand=False)
    t.add_column(import_word("fact", lang), no_wrap=True)
    t.add_column(import_word("value", lang), overflow="fold")
    t.add_column(import_word("how", lang), overflow="fold")
    for k in _facts():
        value = _value(reply, k)
        if value is None and k in ("issuer_as_printed", "issuer_inferred"):
            continue
        how = (
            import_word("inferred", lang, why=why[k])
            if k in why
            else import_word("read" if value is not None else "not_in_letter", lang)
        )
        t.add_row(k, Wrapped(value or "—"), Wrapped(how))
    src = reply.source.path + (f" (from {reply.source.origin})" if reply.source.origin else "")
    t.add_row("source", Wrapped(src), "")
    for s in reply.sections:
        t.add_row(
            s.kind.value,
            Wrapped(s.heading or import_word("no_heading", lang)),
            import_word("lines", lang, a=s.start, b=s.end),
        )
    if "id" in why:
        t.add_row("id", Wrapped(reply.id), Wrapped(import_word("inferred", lang, why=why["id"])))
    return t


def _items_table(letter: Letter, width: int, lang: str = "en") -> Table:
    from rich import box
    from rich.table import Table

    t = Table(box=box.SIMPLE, show_edge=False, pad_edge=False, expand=False)
    t.add_column(import_word("number", lang), no_wrap=True)
    t.add_column(import_word("area", lang), no_wrap=True)
    t.add_column(import_word("commitment", lang), no_wrap=True)
    t.add_column(import_word("line_col", lang), no_wrap=True, justify="right")
    text_width = max(20, width - 46)
    for c in letter.commitments:
        lines = (
            ""
            if not c.lines
            else (f"{c.lines[0]}" if c.lines[0] == c.lines[1] else f"{c.lines[0]}–{c.lines[1]}")
        )
        t.add_row(c.number, shorten(c.area or "—", 24), shorten(c.text, text_width), lines)
    return t


def show(outcomes: list[Outcome], *, detailed: bool, lang: str = "en") -> None:
    """Tables for the letters read, warnings and errors on stderr, and a closing count."""
    from rich.text import Text

    out = console()
    if detailed:
        for o in outcomes:
            if o.letter is None or o.error is not None:
                continue
            letter = o.letter
            n = len(letter.commitments)
            print_wrapped(
                out,
                Text(
                    import_word(
                        "header",
                        lang,
                        file=o.file,
                        id=letter.reply.id,
                        state=import_word(o.state.value, lang),
                        n=n,
                        s="s" * (n != 1),
                    )
                ),
            )
            out.print(_facts_table(letter, lang))
            if letter.commitments:
                out.print(_items_table(letter, out.width, lang))
    else:
        from rich import box
        from rich.table import Table

        t = Table(box=box.SIMPLE, show_edge=False, pad_edge=False)
        for col in ("file", "reply", "state", "items", "inferred_col", "warnings"):
            t.add_column(import_word(col, lang), no_wrap=col != "file", overflow="fold")
        for o in outcomes:
            state = import_word(o.state.value, lang)
            if o.letter is None:
                t.add_row(o.file, "—", state, "", "", "")
                continue
            r = o.letter.reply
            t.add_row(
                o.file,
                r.id,
                state,
                str(len(o.letter.commitments)),
                ", ".join(dict.fromkeys(n.field for n in r.review)),
                str(len(o.letter.warnings)),
            )
        out.print(t)
    for o in outcomes:  # one line each, unwrapped, so that they can be read by tools too
        if o.letter is not None and o.error is None:
            for w in o.letter.warnings:
                print(import_word("warning", lang, w=said(w, lang)), file=sys.stderr)
        if o.report is not None:
            for w in o.report.warnings:
                print(import_word("warning", lang, w=said(w, lang)), file=sys.stderr)
    for o in outcomes:
        if o.error is not None:
            err(o.error.message, o.error.hint, lang)
    counts: dict[str, int] = {}
    for o in outcomes:
        counts[o.state.value] = counts.get(o.state.value, 0) + 1
    items = sum(
        len(o.letter.commitments) for o in outcomes if o.letter is not None and o.error is None
    )
    parts = import_word("parts_sep", lang).join(
        import_word("part", lang, n=v, state=import_word(k, lang)) for k, v in counts.items()
    )
    n = len(outcomes)
    summary = import_word("summary", lang, n=n, s="s" * (n != 1), parts=parts, items=items)
    print_wrapped(out, Text(summary))


@contextlib.contextmanager
def _progress(total: int, enabled: bool) -> Iterator[Callable[[], None] | None]:
    if not enabled:
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    errs = console(stderr=True)
    with Progress(
        TextColumn("reading letters"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=errs,
        transient=True,
        disable=not errs.is_terminal,
    ) as bar:
        task = bar.add_task("import", total=total)
        yield lambda: bar.advance(task)


@app.command("import")
def import_(
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE",
            help="Letter files (.txt, or a web page saved as .html), or folders of them.",
        ),
    ],
    into: Annotated[
        Path | None,
        typer.Option("--into", help="The commitments/ folder to write into (default: the tree's)."),
    ] = None,
    update: Annotated[
        bool,
        typer.Option(
            "--update", help="Refresh letters already in the tree (clerk-owned fields are kept)."
        ),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Read and show, write nothing.")
    ] = False,
    encoding: Annotated[
        str | None,
        typer.Option(
            "--encoding",
            help="Read the files in this encoding (default: detect UTF-8, GB18030, Big5).",
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the parsed letters as JSON instead of tables.")
    ] = False,
    as_letter: Annotated[
        bool,
        typer.Option(
            "--as-letter",
            help="Read a page refused as not a reply letter (a co-handler's opinion, …) as one "
            "all the same; its review: says what it was taken for.",
        ),
    ] = False,
    lang: Annotated[
        Lang | None, typer.Option("--lang", help=LANG_HELP.format(default="en"))
    ] = None,
    root: Annotated[Path | None, typer.Option("--root", help=ROOT_HELP)] = None,
) -> None:
    """Read reply letters and write their facts and next-step items into commitments/.

    Example: tracker import seeds/*.txt --update

    Each letter becomes commitments/<reply-id>/reply.yaml and one <NN>.yaml per next-step item.
    A letter from outside seeds/ is first stored there as UTF-8 text. Exit 0 when every file was
    imported, 1 when any could not be read or is already in the tree (without --update).
    """
    mlang = message_lang(lang)
    with user_errors(mlang):
        tree_root = find_root(root, need_tree=False)  # import makes commitments/
        if into is not None:
            if into.name != "commitments":
                raise UsageError(
                    f"--into {into}: give a folder named commitments/",
                    "the tree's root is the folder that holds commitments/ and seeds/",
                )
            into_root = into.resolve().parent
            check_tree_folder(into_root)
            if root is not None and into_root != tree_root:
                raise UsageError(f"--into {into} is not under --root {root}", "give one of them")
            if not into_root.is_dir():
                raise UsageError(f"--into {into}: {into_root} is not a folder", "create it first")
            tree_root = into_root
        # start-up: the letter readers load only when a letter is read
        from tracker.extract import check_encoding

        check_encoding(encoding)
        paths = letter_files(files)
        if not paths:
            raise UsageError(
                "no letter files found in the folders given",
                f"letter files end in {', '.join(LETTER_SUFFIXES)}",
            )
        many = len(paths) > DETAILED_UP_TO
        with _progress(len(paths), many and not as_json) as step:
            outcomes = run_import(
                tree_root,
                paths,
                update=update,
                dry_run=dry_run,
                encoding=encoding,
                step=step,
                as_letter=as_letter,
            )
        if as_json:
            typer.echo(
                json.dumps([outcome_data(o) for o in outcomes], ensure_ascii=False, indent=2)
            )
            for o in outcomes:
                if o.error is not None:
                    err(o.error.message, o.error.hint, mlang)
        else:
            show(outcomes, detailed=not many, lang=mlang)
        if any(o.error is not None for o in outcomes):
            raise typer.Exit(1)
