"""`tracker diff`: what the later letters of each bureau say about its commitments."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tracker import text as tx
from tracker.app import (
    ROOT_HELP,
    app,
    console,
    find_root,
    locale_lang,
    message_lang,
    read_tree,
    user_errors,
)
from tracker.labels import WEAKENED_WORDS, Lang, diff_word
from tracker.model import (
    Commitment,
    UsageError,
    Verdict,
)
from tracker.termtable import print_wrapped, wrap_items_text
from tracker.text import one_line

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from tracker.match import Diff, Finding

VERDICT_STYLE = {
    Verdict.DONE: "green",
    Verdict.PROGRESS: "cyan",
    Verdict.REPEATED: "magenta",
    Verdict.SILENT: "red",
    Verdict.NO_LATER_LETTER: "yellow",
}


def _clean(value: str) -> str:
    """Text from a letter made safe for the terminal: white space folded, escape sequences,
    control codes and bidi overrides gone (text.one_line)."""
    return one_line(value)


# --- showing --------------------------------------------------------------------------------------


def highlighted(quote: str, terms: tuple[str, ...]) -> Text:
    """A quote with the words it shares with the commitment in bold."""
    from rich.text import Text

    text = Text(_clean(quote))
    plain = text.plain
    folded = tx.key(plain)
    if len(folded) != len(plain):  # forms differ in length: fall back to verbatim matching
        folded = plain
    for term in terms:
        start = folded.find(term)
        while start >= 0:
            text.stylize("bold underline", start, start + len(term))
            start = folded.find(term, start + len(term))
    return text


def finding_block(
    f: Finding, c: Commitment | None, width: int, lang: str | None = None
) -> list[tuple[int, Text]]:
    """The lines shown for one commitment, each with its indent: id, verdict and first words;
    the best evidence with the shared words in bold; its source and score. `lang` None: the
    Chinese labels with English notes, as ever."""
    from rich.text import Text

    label = f.verdict.label("en" if lang == Lang.EN else "zh")
    head = Text()
    head.append(f.commitment, style="bold")
    head.append("  ")
    head.append(label, style=f"bold {VERDICT_STYLE[f.verdict]}")
    head.append("  ")
    used = tx.display_width(f.commitment) + tx.display_width(label) + 4
    if c is not None:
        head.append(tx.shorten(_clean(c.text), max(12, width - used)))
    lines = [(0, head)]
    if f.evidence:
        e = f.evidence[0]
        more = diff_word("more", lang, n=len(f.evidence) - 1) if len(f.evidence) > 1 else ""
        score = diff_word("score", lang, score=f"{e.score:.2f}")
        lines.append((4, highlighted(e.quote, e.terms)))
        lines.append((4, Text(f"{e.reply}:{e.section.value}:{e.line}  {score}{more}", style="dim")))
    elif f.verdict == Verdict.SILENT:
        lines.append((4, Text(_silent_note(f.against, lang), style="dim")))
    for r in f.restated_in:
        note = Text(diff_word("again", lang, id=r.id), style="magenta")
        if r.weakened:
            words = WEAKENED_WORDS["zh"] if lang == Lang.ZH else {}
            reasons = ("、" if lang == Lang.ZH else ", ").join(words.get(w, w) for w in r.weakened)
            note.append("  " + diff_word("weaker", lang, reasons=reasons), style="bold magenta")
        lines.append((4, note))
    # no later letter: the label says it all, one line
    return lines


def _silent_note(against: tuple[str, ...], lang: str | None = None) -> str:
    more = diff_word("and_more", lang, n=len(against) - 3) if len(against) > 3 else ""
    shown = ", ".join(against[:3]) + more
    n = len(against)
    if n == 1:
        return diff_word("silent_one", lang, shown=shown)
    return diff_word("silent_many", lang, n=n, shown=shown)


def _print(con: Console, indent: int, text: Text) -> None:
    """Print a text wrapped to the console (the rules of Chinese typesetting), indented."""

    print_wrapped(con, text, indent)


def show(
    result: Diff, commitments: list[Commitment], width: int | None = None, lang: str | None = None
) -> None:
    """Print the diff: a block per commitment, the counts, then the later letters' new items."""
    from rich.text import Text

    con = console(width=width)
    by_id = {c.id: c for c in commitments}
    gap = False
    for f in result.findings:
        block = finding_block(f, by_id.get(f.commitment), con.width, lang)
        if (
            gap or len(block) > 1
        ):  # a blank line around blocks with evidence, none between one-liners
            con.print(Text(""))
        for indent, line in block:
            _print(con, indent, line)
        gap = len(block) > 1
    con.print(Text(""))
    counts = Text()
    total = len(result.findings)
    counts.append(
        diff_word("counts_one", lang) if total == 1 else diff_word("counts", lang, n=total)
    )
    first = True
    for v, n in result.counts().items():
        if not first:
            counts.append(" · ")
        first = False
        word = v.label("en" if lang == Lang.EN else "zh")
        counts.append(f"{word} {n}", style=VERDICT_STYLE[v] if n else "dim")

    for line in wrap_items_text(counts, con.width):
        con.print(line, no_wrap=True, overflow="ignore", crop=False)
    if result.new:
        con.print(Text(""))
        _print(con, 0, Text(diff_word("new", lang, n=len(result.new)), style="bold"))
        for c in result.new:
            line = Text("  + ", style="green")
            line.append(c.id)
            line.append("  ")
            line.append(tx.shorten(_clean(c.text), max(12, con.width - tx.display_width(c.id) - 6)))
            con.print(line)


# --- the command ----------------------------------------------------------------------------------


@app.command("diff")
def diff(
    selection: Annotated[
        list[str] | None,
        typer.Argument(
            help="Reply ids or commitment ids (unique prefixes are enough). Default: every commitment.",
            show_default=False,
            metavar="ID",
        ),
    ] = None,
    against: Annotated[
        list[str] | None,
        typer.Option(
            "--against",
            help="Check only against these replies, or letter files not yet imported "
            "(read, not written, unless --write). Repeat for several.",
            show_default=False,
            metavar="REPLY-ID|LETTER",
        ),
    ] = None,
    write: Annotated[
        bool,
        typer.Option(
            "--write",
            help="Record the proposals in each commitment's evidence (confirmed: false); "
            "import --against letters first.",
        ),
    ] = False,
    set_status: Annotated[
        bool,
        typer.Option(
            "--set-status",
            help="With --write, move pending commitments to the proposed status "
            "(a status a clerk set is never changed).",
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the findings as JSON.")] = False,
    min_score: Annotated[
        float | None,
        typer.Option(
            "--min-score",
            min=0.0,
            max=1.0,
            help="Lowest score a sentence needs to count as evidence (default 0.25).",
            show_default=False,
            metavar="X",
        ),
    ] = None,
    issuer: Annotated[
        str | None,
        typer.Option(
            "--issuer",
            metavar="NAME",
            help="Only commitments of this issuer (a name or part of one).",
        ),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year", metavar="YYYY", help="Only commitments of letters dated in this year."
        ),
    ] = None,
    lang: Annotated[
        Lang | None,
        typer.Option(
            "--lang",
            help="zh or en. Default: the language LC_ALL/LANG name (zh_* -> zh), else Chinese "
            "labels with English notes.",
        ),
    ] = None,
    root: Annotated[Path | None, typer.Option("--root", metavar="DIR", help=ROOT_HELP)] = None,
) -> None:
    """Check each commitment against the later letters of the same bureau and propose a verdict.

    Verdicts: done 已兑现, progress 推进中, repeated 重复承诺, silent 未再提及, no-later-letter 待跟进.
    Each comes with the sentences of the later letter it rests on (reply:section:line, score).

    Example: tracker diff gz-edu-2023-ta5020 --write

    Example: tracker diff --against seeds/new-letter.txt --json
    """
    # start-up: the diff workflow (matcher, store) loads only for this command
    from tracker import diffplan

    words = lang if lang is not None else locale_lang()  # None: both, as ever
    mlang = message_lang(lang)
    with user_errors(mlang):
        if set_status and not write:
            raise UsageError("--set-status needs --write", "run again with --write --set-status")
        tree_root = find_root(root)
        tree = read_tree(tree_root, lang=mlang)
        request = diffplan.Request(
            selection=tuple(selection or ()),
            against=tuple(against or ()),
            issuer=issuer,
            year=year,
            min_score=min_score,
            write=write,
            set_status=set_status,
        )
        run = diffplan.run(
            tree,
            request,
            lang=mlang,
            warn=lambda w: print(diff_word("warning", words, w=w), file=sys.stderr),
        )
        result, items, written = run.result, run.commitments, run.written
        if as_json:
            # in pieces: the text of a big diff is never held whole
            diffplan.write_json(
                diffplan.to_json(result, items), lambda piece: typer.echo(piece, nl=False)
            )
            typer.echo("")
        else:
            show(result, items, lang=words)
        if written is not None:
            for rid in written.imported:
                print(diff_word("imported", words, id=rid), file=sys.stderr)
            n = len(written.files)
            moved = diff_word("moved", words, n=len(written.moved)) if written.moved else ""
            print(
                diff_word("recorded", words, n=n, s="s" if n != 1 else "", moved=moved)
                + (diff_word("nothing_new", words) if not n and not written.imported else ""),
                file=sys.stderr,
            )
