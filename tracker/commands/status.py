"""`tracker status`, `tracker show` and `tracker log`."""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tracker import report
from tracker.app import (
    KEEP_GOING_HELP,
    LANG_HELP,
    ROOT_HELP,
    app,
    check_left_out,
    console,
    err,
    find_root,
    format_problem,
    left_out,
    line_in,
    message_lang,
    pick_lang,
    read_tree,
    user_errors,
)
from tracker.cache import loading
from tracker.git import NoHistory, UnsafeRepository
from tracker.labels import message, said
from tracker.model import Level, Problem, TrackerError, UsageError
from tracker.report import Lang, Row, SortKey
from tracker.resolve import Want, normal_id, record_exists, records_for, resolve
from tracker.termshow import print_log, show_commitment
from tracker.termtable import (
    ansi_styler,
    clean,
    print_wrapped,
    table_lines,
    wrap_items,
)

if TYPE_CHECKING:
    from tracker.history import Change, HeadInfo, StatusSnapshot
    from tracker.model import Commitment
    from tracker.store import Tree


def _left_out(snap: StatusSnapshot, lang: str) -> dict[str, str]:
    """The files of the snapshot that could not be read: path -> its first error, in `lang`."""
    if snap.problems is not None:
        return left_out(snap.problems, lang)
    left: dict[str, str] = {}
    for path, line in snap.errors:  # the first error of each file
        left.setdefault(path, line_in(line, lang))
    return left


def _note(head: HeadInfo, lang: str = Lang.EN) -> None:
    if head.shallow_note:
        err_note(head.shallow_note, lang)


def err_note(message: str, lang: str = Lang.EN) -> None:
    """A note to stderr that does not fail the command."""
    if lang == Lang.ZH:
        print(f"注意：{said(message, lang)}", file=sys.stderr)
    else:
        print(f"note: {message}", file=sys.stderr)


def note_refusal(head: HeadInfo, lang: str = Lang.EN) -> None:
    """What git said when it refused the repository (owned by another user), and what to do."""
    if head.refused and head.reason:
        err_note(head.reason, lang)
        if head.hint:
            hint = "提示：" if lang == Lang.ZH else "hint: "
            print(f"  {hint}{said(head.hint, lang)}", file=sys.stderr)


def note_skipped(skipped: list[Problem], shown: int = 5, lang: str = Lang.EN) -> None:
    """A note on stderr naming the files under commitments/ that are not part of the tree."""
    if not skipped:
        return
    n = len(skipped)
    err_note(
        f"{n} file{'s' if n != 1 else ''} under commitments/ not part of the tree, not read:", lang
    )
    for p in skipped[:shown]:
        print(f"  {clean(format_problem(p, lang))}", file=sys.stderr)
    if n > shown:
        print(f"  {said(f'… and {n - shown} more', lang)}", file=sys.stderr)
    hint = "run `tracker validate` to see them all"
    head = "提示：" if lang == Lang.ZH else "hint: "
    print(f"  {head}{said(hint, lang)}", file=sys.stderr)


@app.command()
def status(
    issuer: Annotated[
        list[str] | None,
        typer.Option(
            "--issuer", help="Only letters of this issuer (part of the name; repeat for several)."
        ),
    ] = None,
    year: Annotated[
        list[int] | None,
        typer.Option("--year", help="Only letters dated in this year (repeatable)."),
    ] = None,
    status_: Annotated[
        list[str] | None,
        typer.Option(
            "--status",
            help="Only these statuses: value or label, e.g. pending or 待跟进 (repeatable, or comma-separated).",
        ),
    ] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", help="Only commitments with this tag (repeatable).")
    ] = None,
    text: Annotated[
        str | None,
        typer.Option(
            "--text",
            help="Words that must all occur in the area, text or note (traditional or simplified).",
        ),
    ] = None,
    stale: Annotated[
        int | None,
        typer.Option(
            "--stale",
            metavar="DAYS",
            help="Only open commitments (pending, in progress, repeated) without evidence for DAYS days.",
        ),
    ] = None,
    sort: Annotated[
        SortKey,
        typer.Option(
            "--sort", help="id, date (newest first), status, issuer, or age (oldest first)."
        ),
    ] = SortKey.ID,
    lang: Annotated[
        Lang | None, typer.Option("--lang", help=LANG_HELP.format(default="zh"))
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the rows as JSON.")] = False,
    csv_out: Annotated[bool, typer.Option("--csv", help="Print the rows as CSV.")] = False,
    fail_on: Annotated[
        list[str] | None,
        typer.Option(
            "--fail-on",
            metavar="STATUS",
            help="Exit 1 when a row shown has one of these statuses (repeatable, or comma-separated).",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="REF|DATE",
            help="The table as it stood at a commit, or on a date (YYYY-MM-DD).",
        ),
    ] = None,
    changed_since: Annotated[
        str | None,
        typer.Option(
            "--changed-since",
            metavar="REF|DATE",
            help="Only commitments whose data changed since then (uncommitted changes included).",
        ),
    ] = None,
    overdue: Annotated[
        bool,
        typer.Option(
            "--overdue", help="Only commitments past their due date and not done or superseded."
        ),
    ] = False,
    keep_going: Annotated[bool, typer.Option("--keep-going", help=KEEP_GOING_HELP)] = False,
    root: Annotated[Path | None, typer.Option("--root", help=ROOT_HELP)] = None,
) -> None:
    """Show every commitment: status, latest evidence, age; counts per status and issuer.

    Overdue commitments (逾期: due date passed, not done or superseded) come first.

    Example: tracker status --status pending --issuer 广州市教育局 --sort age

    Exit 0; with --fail-on, exit 1 when a row shown has one of those statuses. A file that
    cannot be read is an error (exit 1, no table); with --keep-going the table leaves it out and
    says so above the rows (on stderr for --json and --csv, which stay machine-readable).
    """
    mlang = message_lang(lang)
    lang = pick_lang(lang, Lang.ZH)
    with user_errors(mlang):
        if json_out and csv_out:
            raise UsageError("--json and --csv cannot be used together", "choose one")
        if stale is not None and stale < 0:
            raise UsageError("--stale takes a number of days (0 or more)")
        filters = report.Filters(
            issuers=tuple(issuer or ()),
            years=tuple(year or ()),
            statuses=report.parse_statuses(status_ or ()),
            tags=tuple(tag or ()),
            text=text,
            stale=stale,
            overdue=overdue,
        )
        fail_statuses = report.parse_statuses(fail_on or ())
        # tens of thousands of rows and lines, made while the tree is alive: without the
        # collector, which would walk the whole tree again for nothing (see cache.loading)
        with loading():
            # start-up: history loads store and git
            from tracker.history import status_snapshot

            snap = status_snapshot(find_root(root), as_of, changed_since)
            left = _left_out(snap, mlang)
            check_left_out(left, keep_going, mlang)
            if snap.changed is not None:
                filters = replace(filters, ids=snap.changed)
            rows = snap.rows
            shown = report.overdue_first(report.sort_rows(report.select(rows, filters), sort))
            if as_of or changed_since:
                _note(snap.head, mlang)
            note_refusal(snap.head, mlang)
            note_skipped(snap.skipped, lang=mlang)
            if json_out:  # tens of megabytes: written as it is, not copied by click.echo
                sys.stdout.write(report.to_json(shown, lang))
                sys.stdout.write("\n")
            elif csv_out:
                typer.echo(report.to_csv(shown, lang), nl=False)
            else:
                _print_status(snap, left, rows, shown, lang)
        bad = report.failing(shown, fail_statuses)
        if bad:
            found = Counter(r.status for r in bad)
            labels = ", ".join(f"{s.label(lang)} {found[s]}" for s in fail_statuses if found[s])
            err(
                f"{len(bad)} commitment{'s' if len(bad) != 1 else ''} with a status in --fail-on: "
                f"{labels}",
                lang=mlang,
            )
            raise typer.Exit(1)


def _print_status(
    snap: StatusSnapshot, left: dict[str, str], rows: list[Row], shown: list[Row], lang: Lang
) -> None:
    from rich.text import Text

    con = console()
    print_wrapped(
        con,
        Text(report.context_line(len(rows), snap.letters, snap.head, as_of=snap.as_of, lang=lang)),
    )
    if left:  # --keep-going: the table says itself what it lacks
        print_wrapped(con, Text(message("left_out_table", lang, n=len(left)), style="bold red"))
        for line in left.values():
            print_wrapped(con, Text(clean(line), style="red"), indent=2)
    if shown:
        lines = table_lines(shown, con.width, lang, ansi_styler(con))
        lines.append("")  # the last line's end: the table is joined once, never copied again
        con.file.write("\n".join(lines))
        con.file.flush()
    else:
        con.print(Text("没有符合条件的承诺" if lang == Lang.ZH else "no commitment matches"))
    for line in report.scorecard_lines(shown, lang):
        for part in wrap_items(line, con.width):
            con.print(Text(part, style="dim"), no_wrap=True, overflow="ignore")
    counts = report.count(shown)
    for line in report.counts_lines(counts, len(rows), lang):
        for part in wrap_items(line, con.width):
            con.print(Text(part), no_wrap=True, overflow="ignore")


# --- one commitment ----------------------------------------------------------------------------


def find_commitment(tree: Tree, ident: str, lang: str = "en") -> Commitment:
    """The commitment an id names (tracker.resolve's rules; UsageError if not exactly one)."""
    return tree.commitments[resolve(ident, tree.commitments, tree.replies, Want.ONE, lang=lang)[0]]


@app.command()
def show(
    ident: Annotated[
        str, typer.Argument(metavar="ID", help="A commitment id, or the start of one.")
    ],
    lang: Annotated[
        Lang | None, typer.Option("--lang", help=LANG_HELP.format(default="zh"))
    ] = None,
    root: Annotated[Path | None, typer.Option("--root", help=ROOT_HELP)] = None,
) -> None:
    """Show one commitment in full: its letter, text, status, evidence and history.

    Example: tracker show gz-edu-2023-ta5020/03

    Exit 2 when the id matches no commitment, or several; 1 when its file cannot be read.
    """
    # start-up: history loads store and git
    from tracker import history

    mlang = message_lang(lang)
    lang = pick_lang(lang, Lang.ZH)
    with user_errors(mlang):
        tree_root = find_root(root)
        tree = _tree_for(tree_root, ident, mlang)
        c = find_commitment(tree, ident, mlang)
        changes: list[Change] | None = None
        no_history: str | None = None
        try:
            changes = history.changes(tree_root, ids=[c.id])
        except NoHistory as e:
            # a message of git's, so in the messages' language (English unless asked)
            no_history = said(e.message, mlang)
            if isinstance(e, UnsafeRepository) and e.hint:
                no_history += ("；" if mlang == Lang.ZH else "; ") + said(e.hint, mlang)
        show_commitment(console(), tree, c, changes, no_history, lang)
        note = history.shallow_note(tree_root) if changes is not None else None
        if note:
            err_note(note, mlang)


# --- history -----------------------------------------------------------------------------------


@app.command()
def log(
    ids: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="ID",
            help="Commitment or reply ids, or the start of one (default: every record).",
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="REF|DATE",
            help="Only changes after this commit, or after this date (YYYY-MM-DD).",
        ),
    ] = None,
    lang: Annotated[
        Lang | None, typer.Option("--lang", help=LANG_HELP.format(default="zh"))
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the changes as JSON.")] = False,
    root: Annotated[Path | None, typer.Option("--root", help=ROOT_HELP)] = None,
) -> None:
    """Show how commitments changed through the git history, field by field.

    Example: tracker log gz-edu-2023-ta5020 --since 2025-01-01

    Uncommitted changes come first, as "working tree". Outside git there is no history.
    """
    import json

    # start-up: history loads store and git
    from tracker import history

    mlang = message_lang(lang)
    lang = pick_lang(lang, Lang.ZH)
    with user_errors(mlang):
        tree_root = find_root(root)
        wanted: list[str] | None = None
        if ids:
            tree: Tree | None = None
            wanted = []
            for ident in ids:
                q = normal_id(ident)
                if record_exists(tree_root, q):
                    wanted.append(q)
                    continue
                tree = tree or read_tree(tree_root, lang=mlang)  # match it against every id
                wanted += resolve(
                    ident,
                    tree.commitments,
                    tree.replies,
                    Want.RECORDS,
                    lang=mlang,
                    keep_unknown=True,
                )
        try:
            changes = history.changes(tree_root, since=since, ids=wanted)
        except NoHistory as e:
            # not a failure: the tree is fine, it just has no history to show
            if mlang == Lang.ZH:
                err_note(
                    said(e.message, mlang) + (f"（{said(e.hint, mlang)}）" if e.hint else ""), mlang
                )
            else:
                err_note(e.message + (f" ({e.hint})" if e.hint else ""))
            if json_out:
                typer.echo("[]")
            return
        note = history.shallow_note(tree_root)
        if note:
            err_note(note, mlang)
        if json_out:
            typer.echo(
                json.dumps(
                    [report.change_data(c, lang) for c in changes],
                    ensure_ascii=False,
                    indent=2,
                    default=str,
                )
            )
            return
        if not changes:
            typer.echo("no changes" + (f" since {since}" if since else ""))
            return
        print_log(console(), changes, lang)


def broken_record(root: Path, path: Path, ident: str, problems: list[Problem], lang: str) -> None:
    """Raise TrackerError when the file of a record could not be read: where, and what is wrong."""
    # start-up: store loads the YAML layer
    from tracker.store import rel_to

    errors = [format_problem(p, lang) for p in problems if p.level == Level.ERROR]
    if not errors:
        return
    rel = rel_to(root, path)
    raise TrackerError(
        message("broken_record", lang, path=rel, ident=ident)
        + "".join(f"\n  {clean(e)}" for e in errors),
        message("broken_record_hint", lang, path=rel),
    )


def _tree_for(root: Path, ident: str, lang: str = "en") -> Tree:
    """The records `show` needs: when the id names a file, that file, its letter and the letters
    its evidence cites; otherwise the whole tree, to match the id as a prefix."""
    found = records_for(root, ident)
    if found is not None:
        path, one = found
        if normal_id(ident) in one.commitments:
            return one
        broken_record(root, path, ident, one.problems, lang)
    return read_tree(root)
