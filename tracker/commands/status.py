"""`tracker status`, `tracker show` and `tracker log`."""

from __future__ import annotations

import re
import sys
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from itertools import accumulate
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tracker import report
from tracker import text as tx
from tracker.app import (
    KEEP_GOING_HELP,
    LANG_HELP,
    ROOT_HELP,
    app,
    check_left_out,
    console,
    err,
    find_root,
    left_out,
    message_lang,
    pick_lang,
    read_tree,
    user_errors,
)
from tracker.cache import loading
from tracker.labels import SHOW_FIELDS, WEAKENED_WORDS, message
from tracker.model import Level, Problem, Status, TrackerError, UsageError
from tracker.report import Lang, Row, SortKey
from tracker.resolve import normal_id

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from tracker.history import Change, HeadInfo
    from tracker.model import Commitment, Reply
    from tracker.store import Tree

STATUS_STYLE = {
    Status.PENDING: "yellow",
    Status.IN_PROGRESS: "cyan",
    Status.DONE: "green",
    Status.REPEATED: "magenta",
    Status.DROPPED: "red",
    Status.SUPERSEDED: "blue",
}

_SPACE = re.compile(r"\s+")
_INVISIBLE = ("Cc", "Cf", "Mn", "Me", "Cs", "Co", "Cn")
# Characters outside these ranges (printable ASCII and Latin, punctuation, symbols, CJK, kana,
# full-width forms) are looked at one by one; letters in Chinese rarely have any.
_UNUSUAL = re.compile(
    "[^\x20-\x7e\u00a1-\u00ac\u00ae-\u02ff\u2010-\u2027\u2030-\u205e\u2190-\u2bff"
    "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uffee]"
)


def clean(value: str) -> str:
    """Text from a file made safe for one terminal line.

    White space is folded to single spaces; control and format characters (escape codes, bidi
    overrides, zero-width joiners) and combining marks are dropped, so that every character left
    takes the columns text.display_width counts for it.
    """
    value = unicodedata.normalize("NFC", value)
    if not (value.isprintable() and "  " not in value):  # else its only white space is " "
        value = _SPACE.sub(" ", value)
    value = value.strip()
    if not _UNUSUAL.search(value):
        return value
    # escape sequences go whole (printable), not only their ESC; then what takes no column
    value = tx.printable(value)
    return "".join(ch for ch in value if unicodedata.category(ch) not in _INVISIBLE).strip()


def cell_width(text: str) -> int:
    """Terminal columns of a cell's text (text.display_width, with a short cut for ASCII)."""
    return len(text) if text.isascii() else tx.display_width(text)


class _Widths(dict[str, int]):
    """Display width by character, filled in as characters are met."""

    def __missing__(self, ch: str) -> int:
        w = self[ch] = tx.display_width(ch)
        return w


_CHAR_WIDTH = _Widths()


def measure_cut(text: str, columns: int) -> tuple[str, int]:
    """text.shorten(text, columns) and its display width, in one pass over what is kept.

    The same result as text.shorten (a test holds them equal), read only as far as needed:
    a table of tens of thousands of rows spends most of its time here. Every character takes
    at least one column, so the first columns + 1 characters decide the cut; their running
    widths are summed in C (accumulate over the width table) and the cut found by bisection.
    """
    if text.isascii():
        if len(text) <= columns:
            return text, len(text)
        return text[: max(columns - 1, 0)] + "…", max(columns - 1, 0) + 1
    head = text[: columns + 1] if columns >= 0 else ""
    known, narrow = _char_classes()
    if known.fullmatch(head):  # Chinese text: wide characters but for a few narrow ones
        return _cut_wide(text, head, [m.start() for m in narrow.finditer(head)], columns)
    widths = list(accumulate(map(_CHAR_WIDTH.__getitem__, head)))
    used = widths[-1] if widths else 0
    if len(head) == len(text) and used <= columns:
        return text, used
    kept = bisect_right(widths, columns - 1)
    return text[:kept] + "…", (widths[kept - 1] if kept else 0) + 1


def _cut_wide(text: str, head: str, narrow: list[int], columns: int) -> tuple[str, int]:
    """measure_cut() of a text whose head is wide characters but at the `narrow` places."""
    n = len(head)
    used = 2 * n - len(narrow)
    if n == len(text) and used <= columns:
        return text, used
    room = columns - 1  # what is kept, before the ellipsis
    kept = width = 0
    for place in [*narrow, n]:
        take = min(place - kept, (room - width) // 2) if room > width else 0
        kept += take  # the wide characters up to this narrow one
        width += 2 * take
        if kept < place or place == n or width + 1 > room:
            break
        kept += 1  # the narrow one
        width += 1
    return text[:kept] + "…", width + 1


# Code points sorted once into wide and narrow (the rule of text.display_width) for the blocks
# Chinese text is written in; a head of text made of these alone is measured without a table.
_BLOCKS = ((0x2000, 0x206F), (0x3000, 0x303F), (0x4E00, 0x9FFF), (0xFF00, 0xFFEF))


@lru_cache(maxsize=1)
def _char_classes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A pattern matching text made only of the sorted characters, and one for the narrow ones."""
    wide: list[str] = []
    narrow: list[str] = [r"\x00-\x7f"]
    for lo, hi in _BLOCKS:
        classes = [unicodedata.east_asian_width(chr(c)) in "WF" for c in range(lo, hi + 1)]
        start = 0
        for i in range(1, len(classes) + 1):
            if i == len(classes) or classes[i] != classes[start]:  # a run of one class ends
                run = rf"\u{lo + start:04x}-\u{lo + i - 1:04x}"
                (wide if classes[start] else narrow).append(run)
                start = i
    narrow_class = "".join(narrow)
    return re.compile(f"[{narrow_class}{''.join(wide)}]*"), re.compile(f"[{narrow_class}]")


@lru_cache(maxsize=4096)
def _measure_cut_short(text: str, columns: int) -> tuple[str, int]:
    return measure_cut(text, columns)


@lru_cache(maxsize=4096)
def _clean_cut_short(text: str, columns: int) -> tuple[str, int]:
    return clean_cut(text, columns)


def cut(text: str, columns: int) -> str:
    """A cell's text cut to `columns`, with an ellipsis when cut (as text.shorten)."""
    return measure_cut(text, columns)[0]


def clean_cut(text: str, columns: int) -> tuple[str, int]:
    """clean() then measure_cut(), cleaning only the start of a long text."""
    head = text[: 4 * columns + 16]
    cleaned = clean(head)
    if len(head) < len(text) and len(cleaned) <= columns:
        cleaned = clean(text)  # white space folded away more than the start could give
    return measure_cut(cleaned, columns)


# --- the status table --------------------------------------------------------------------------

GAP = 3  # " │ " between two columns
ISSUER_MAX = 12
# Columns shown besides id, item and status, each with the room the item column must keep for
# it to be shown; they are given up in reverse order as the terminal narrows (the item column
# is what people read, so the later columns ask it for more room).
OPTIONAL = (("evidence", 20), ("date", 20), ("issuer", 30), ("age", 36))
ORDER = ("id", "issuer", "date", "item", "status", "evidence", "age")


@lru_cache(maxsize=1024)
def _issuer_cell(issuer: str | None, lang: Lang) -> str:
    return clean_cut(report.issuer_label(issuer, lang), ISSUER_MAX)[0]


def _cell(name: str, row: Row, lang: Lang) -> str:
    if name == "id":
        return clean(row.id)
    if name == "issuer":
        return _issuer_cell(row.issuer, lang)
    if name == "date":
        return row.letter_date.isoformat() if row.letter_date else "—"
    if name == "status":
        return report.status_text(row, lang)
    if name == "evidence":
        return report.evidence_label(row, lang)
    if name == "age":
        return str(row.age) if row.age is not None else "—"
    raise AssertionError(name)


def plan_columns(
    rows: list[Row], width: int, lang: Lang, values: dict[str, list[object]] | None = None
) -> list[tuple[str, int]]:
    """The columns that fit in `width` terminal columns, each with its width, in display order.

    `values`: the cell values of the rows by column (_CELL_VALUE), when already at hand.
    """

    def natural(name: str) -> int:
        head = cell_width(report.word(name, lang))
        if name == "id":
            ids = [r.id for r in rows]
            joined = "".join(ids)
            if joined.isascii() and joined.isprintable() and " " not in joined:
                return max([head, *map(len, ids)])  # the usual ids: clean, a column a character
            return max([head, *(cell_width(_clean_id(i)) for i in ids)])
        column = values[name] if values else map(_CELL_VALUE[name], rows)
        firsts = dict(zip(column, rows, strict=True))  # few distinct values: one row of each
        cells = {_cell(name, r, lang) for r in firsts.values()}
        return max([head, *(cell_width(c) for c in cells)])

    widths = {n: natural(n) for n in ORDER if n != "item"}
    chosen = ["id", "status"]
    used = widths["id"] + widths["status"] + 2 * GAP
    for name, item_min in OPTIONAL:
        if used + widths[name] + GAP + item_min > width:
            break
        chosen.append(name)
        used += widths[name] + GAP
    item_width = max(width - used, 8)
    widths["item"] = item_width
    return [(n, widths[n]) for n in ORDER if n in chosen or n == "item"]


Piece = tuple[str, str, int]  # text, style, display width


def item_text(row: Row, columns: int) -> list[Piece]:
    """Area and the first words of the text, cut to `columns`, as pieces."""
    if not row.area:
        return [_piece(clean_cut(row.text, columns))]
    area, area_w = _clean_cut_short(row.area, max(6, columns * 2 // 5))
    rest = columns - area_w - 3
    if rest < 4:
        return [_piece(clean_cut(row.area, columns), "dim")]
    return [(area, "dim", area_w), (" / ", "", 3), _piece(clean_cut(row.text, rest))]


def _piece(cut_text: tuple[str, int], style: str = "") -> Piece:
    return (cut_text[0], style, cut_text[1])


Styler = Callable[[str, str], str]


def plain(text: str, style: str) -> str:
    """A styler that drops styles (no colour)."""
    return text


def ansi_styler(con: Console) -> Styler:
    """A styler writing ANSI codes for the console's colour system (none when it has no colour)."""
    from rich.color import ColorSystem
    from rich.style import Style

    systems = {
        "standard": ColorSystem.STANDARD,
        "256": ColorSystem.EIGHT_BIT,
        "truecolor": ColorSystem.TRUECOLOR,
        "windows": ColorSystem.WINDOWS,
    }
    system = systems.get(con.color_system or "")
    if not con.is_terminal or system is None:
        return plain
    codes: dict[str, tuple[str, str]] = {}

    def styled(text: str, style: str) -> str:
        if not style or not text:
            return text
        if style not in codes:
            st = Style.parse(style)
            if con.no_color:
                st = st.without_color
            marked = st.render("\0", color_system=system)
            before, _, after = marked.partition("\0")
            codes[style] = (before, after)
        before, after = codes[style]
        return f"{before}{text}{after}"

    return styled


def table_lines(rows: list[Row], width: int, lang: Lang, style: Styler = plain) -> list[str]:
    """The rows as lines of a table that fits in `width` columns (CJK counted double).

    Laid out here rather than by rich's Table, which takes seconds for tens of thousands of
    rows: every cell is cut to its column with text.shorten, and padded by its display width.
    Cells of the columns with few distinct values (issuer, date, status, evidence, age) are laid
    out once per value.
    """
    values = {name: list(map(value, rows)) for name, value in _CELL_VALUE.items()}
    plan = plan_columns(rows, width, lang, values)
    sep = style(" │ ", "dim")

    def padded(name: str, w: int, pieces: list[Piece]) -> str:
        gap = " " * max(w - sum(p[2] for p in pieces), 0)
        body = "".join(style(t, st) for t, st, _ in pieces)
        return gap + body if name == "age" else body + gap

    out = [
        sep.join(
            padded(n, w, [_piece(_measure_cut_short(report.word(n, lang), w), "bold")])
            for n, w in plan
        ).rstrip()
    ]
    out.append(style("─┼─".join("─" * w for _, w in plan), "dim"))

    def id_column(w: int) -> list[str]:
        ids = [r.id for r in rows]
        joined = "".join(ids)
        if (
            joined.isascii()
            and joined.isprintable()
            and " " not in joined
            and max(map(len, ids), default=0) <= w
        ):  # the usual ids: each one padded as it is
            return [i.ljust(w) for i in ids]
        out = []
        for r in rows:  # unique per row: not worth a cache
            text, used = measure_cut(_clean_id(r.id), w)
            out.append(text + " " * (w - used) if used < w else text)
        return out

    def item_cell(w: int) -> Callable[[Row], str]:
        dim_sep = ("", " / ")

        def cell(r: Row) -> str:
            if not r.area:
                text, used = clean_cut(r.text, w)
                return text + " " * (w - used) if used < w else text
            area, area_w = _clean_cut_short(r.area, max(6, w * 2 // 5))
            rest = w - area_w - 3
            if rest < 4:
                area, used = _clean_cut_short(r.area, w)
                body = style(area, "dim")
            else:
                text, text_w = clean_cut(r.text, rest)
                body = style(area, "dim") + dim_sep[1] + text
                used = area_w + 3 + text_w
            return body + " " * (w - used) if used < w else body

        return cell

    def cached_column(name: str, w: int) -> list[str]:
        """The cells of a column with few distinct values: each laid out once, from one row."""
        column = values[name]
        laid: dict[object, str] = {}
        for v, r in dict(zip(column, rows, strict=True)).items():
            if name == "status":
                piece = _piece(
                    _measure_cut_short(report.status_text(r, lang), w),
                    "bold red" if r.overdue else STATUS_STYLE[r.status],
                )
            elif name == "evidence":
                dim = "" if r.evidence_confirmed or r.evidence_verdict is None else "dim"
                piece = _piece(_measure_cut_short(_cell(name, r, lang), w), dim)
            else:
                piece = _piece(_measure_cut_short(_cell(name, r, lang), w))
            laid[v] = padded(name, w, [piece])
        return list(map(laid.__getitem__, column))

    # laid out column by column, then joined line by line (the joins run in C)
    columns: list[list[str]] = []
    for name, w in plan:
        if name == "id":
            columns.append(id_column(w))
        elif name == "item":
            columns.append(list(map(item_cell(w), rows)))
        else:
            columns.append(cached_column(name, w))
    out.extend(map(str.rstrip, map(sep.join, zip(*columns, strict=True))))
    return out


# What a cached cell of the table depends on, by column.
_CELL_VALUE: dict[str, Callable[[Row], object]] = {
    "issuer": attrgetter("issuer"),
    "date": attrgetter("letter_date"),
    "status": attrgetter("status", "promised", "overdue", "late"),
    "evidence": attrgetter("evidence_verdict", "evidence_date", "evidence_confirmed"),
    "age": attrgetter("age"),
}


def _clean_id(ident: str) -> str:
    """clean() of an id, at once for the usual printable ASCII id without white space."""
    if ident.isascii() and ident.isprintable() and " " not in ident:
        return ident
    return clean(ident)


@dataclass
class Snapshot:
    """The rows as asked for (now, or at a commit) and the history facts the table shows."""

    rows: list[Row]
    letters: int  # letters of the tree (with a reply.yaml, or named by a commitment)
    head: HeadInfo
    today: date
    as_of: tuple[str, date] | None = None
    changed: frozenset[str] | None = None
    skipped: list[Problem] = field(default_factory=list)  # files under commitments/ not read
    left_out: dict[str, str] = field(default_factory=dict)  # files that could not be read


def snapshot(root: Path, as_of: str | None, changed_since: str | None) -> Snapshot:
    """Rows of the tree now, or as it stood at `as_of`, and the records changed since a commit.

    The rows of the tree as it is now come from the status cache (tracker.summary), without
    reading whole records.
    """
    from concurrent.futures import ThreadPoolExecutor

    from tracker import history, store, summary
    from tracker.cache import git_view

    fast = as_of is None and changed_since is None and store.use_cache_default()
    # git answers in its own processes while this one reads the tree
    with ThreadPoolExecutor(max_workers=1) as ex:
        if fast:  # the blob ids and the uncommitted changes in one round of git
            view = ex.submit(git_view, root, store.COMMITMENTS_DIR, head=True).result
            summaries = summary.load(root, lambda: v.blobs if (v := view()) else None)
            left: dict[str, str] = {}
            for path, line in summaries.errors:  # the first error of each file
                left.setdefault(path, line)
            head = history.head_from_view(root, view(), summaries.files, summaries.unusual)
            skipped = []
            if summaries.unusual:  # rare: list the unusual folders again to name what is skipped
                folders: list[str] = []
                store.tree_rels(root, cache=True, unusual=folders)
                skipped = store.skipped_files(root, folders)
        else:
            head_job = ex.submit(history.head_info, root)
            tree = store.load_tree(root)
            left = left_out(tree.problems)
            head = head_job.result()
    today = date.today()
    if fast:
        rows = summary.build_rows(summaries, today)
        letters = len({r.reply for r in rows} | set(summaries.replies))
        return Snapshot(rows, letters, head, today, skipped=skipped, left_out=left)
    at: tuple[str, date] | None = None
    until: str | None = None
    if as_of is not None:
        until = history.resolve(root, as_of)
        tree = history.tree_at(root, until, current=tree)
        when = history.commit_date(root, until)
        today = when.date()
        at = (until[: len(head.short or "") or 7], today)
    changed = None
    if changed_since is not None:
        changed = frozenset(history.changed_records(root, changed_since, until))
    rows = report.build_rows(tree, today)
    letters = len({r.reply for r in rows} | set(tree.replies))
    return Snapshot(rows, letters, head, today, at, changed, tree.skipped, left)


def _note(head: HeadInfo) -> None:
    if head.shallow_note:
        err_note(head.shallow_note)


def err_note(message: str) -> None:
    """A note to stderr that does not fail the command."""
    print(f"note: {message}", file=sys.stderr)


def note_refusal(head: HeadInfo) -> None:
    """What git said when it refused the repository (owned by another user), and what to do."""
    if head.refused and head.reason:
        err_note(head.reason)
        if head.hint:
            print(f"  hint: {head.hint}", file=sys.stderr)


def note_skipped(skipped: list[Problem], shown: int = 5) -> None:
    """A note on stderr naming the files under commitments/ that are not part of the tree."""
    if not skipped:
        return
    n = len(skipped)
    err_note(f"{n} file{'s' if n != 1 else ''} under commitments/ not part of the tree, not read:")
    for p in skipped[:shown]:
        print(f"  {clean(p.format())}", file=sys.stderr)
    if n > shown:
        print(f"  … and {n - shown} more", file=sys.stderr)
    print("  hint: run `tracker validate` to see them all", file=sys.stderr)


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
    with user_errors():
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
            snap = snapshot(find_root(root), as_of, changed_since)
            check_left_out(snap.left_out, keep_going, mlang)
            if snap.changed is not None:
                filters = replace(filters, ids=snap.changed)
            rows = snap.rows
            shown = report.overdue_first(report.sort_rows(report.select(rows, filters), sort))
            if as_of or changed_since:
                _note(snap.head)
            note_refusal(snap.head)
            note_skipped(snap.skipped)
            if json_out:  # tens of megabytes: written as it is, not copied by click.echo
                sys.stdout.write(report.to_json(shown, lang))
                sys.stdout.write("\n")
            elif csv_out:
                typer.echo(report.to_csv(shown, lang), nl=False)
            else:
                _print_status(snap, rows, shown, lang)
        bad = report.failing(shown, fail_statuses)
        if bad:
            found = Counter(r.status for r in bad)
            labels = ", ".join(f"{s.label(lang)} {found[s]}" for s in fail_statuses if found[s])
            err(
                f"{len(bad)} commitment{'s' if len(bad) != 1 else ''} with a status in --fail-on: "
                f"{labels}"
            )
            raise typer.Exit(1)


def _print_status(snap: Snapshot, rows: list[Row], shown: list[Row], lang: Lang) -> None:
    from rich.text import Text

    con = console()
    con.print(
        Text(report.context_line(len(rows), snap.letters, snap.head, as_of=snap.as_of, lang=lang))
    )
    if snap.left_out:  # --keep-going: the table says itself what it lacks
        con.print(Text(message("left_out_table", lang, n=len(snap.left_out)), style="bold red"))
        for line in snap.left_out.values():
            con.print(Text(f"  {clean(line)}", style="red"))
    if shown:
        lines = table_lines(shown, con.width, lang, ansi_styler(con))
        con.file.write("\n".join(lines) + "\n")
        con.file.flush()
    else:
        con.print(Text("没有符合条件的承诺" if lang == Lang.ZH else "no commitment matches"))
    for line in report.scorecard_lines(shown, lang):
        for part in _wrap_items(line, con.width):
            con.print(Text(part, style="dim"), no_wrap=True, overflow="ignore")
    counts = report.count(shown)
    for line in report.counts_lines(counts, len(rows), lang):
        for part in _wrap_items(line, con.width):
            con.print(Text(part), no_wrap=True, overflow="ignore")


def _wrap_items(line: str, width: int, sep: str = " · ") -> list[str]:
    """Break a `a · b · c` line between items, never inside one (an issuer keeps its count)."""
    from tracker.text import display_width

    out: list[str] = []
    cur = ""
    for item in line.split(sep):
        joined = f"{cur}{sep}{item}" if cur else item
        if cur and display_width(joined) > width:
            out.append(cur)
            cur = item
        else:
            cur = joined
    out.append(cur)
    return out


# --- one commitment ----------------------------------------------------------------------------


def _label(name: str, lang: Lang) -> str:
    zh, en = SHOW_FIELDS[name]
    return en if lang == Lang.EN else zh


def find_commitment(tree: Tree, ident: str, lang: str = "en") -> Commitment:
    """The commitment an id names (tracker.resolve's rules; UsageError if not exactly one)."""
    from tracker.resolve import Want, resolve

    return tree.commitments[resolve(ident, tree.commitments, tree.replies, Want.ONE, lang=lang)[0]]


def _letter_lines(r: Reply | None, reply_id: str) -> list[str]:
    if r is None:
        return [f"{reply_id} (reply.yaml missing)"]
    head = " · ".join(
        x
        for x in (
            r.id,
            r.effective_issuer or "?",
            r.doc_number,
            r.date.isoformat() if r.date else None,
        )
        if x
    )
    lines = [head]
    if r.title:
        lines.append(r.title)
    who = " · ".join(
        x
        for x in (
            " ".join(x for x in (r.session, f"第{r.number}号" if r.number else None, r.kind) if x),
            " ".join(x for x in (r.role, "、".join(r.addressees)) if x),
        )
        if x
    )
    if who:
        lines.append(who)
    if r.issuer_as_printed:
        lines.append(f"issuer as printed: {r.issuer_as_printed}")
    return lines


def hang(con: Console, lead: Text, body: Text, indent: int) -> None:
    """Print `lead` padded to `indent` columns, then `body` wrapped to the console, hanging."""
    from rich.text import Text

    room = max(con.width - indent, 20)
    lines = [line for part in body.split("\n") for line in part.wrap(con, room)] or [Text()]
    pad = " " * max(indent - tx.display_width(lead.plain), 0)
    for i, line in enumerate(lines):
        line.rstrip()
        first = lead + Text(pad) if i == 0 else Text(" " * indent)
        con.print(first + line)


def _thread(tree: Tree, c: Commitment, r: Reply | None, lang: Lang) -> list[str]:
    """The commitment's history over the letters: promised, then each later letter that promises
    it again (its own restated_in entries, or next-steps evidence not rejected), weaker or not."""
    zh = lang == Lang.ZH
    again: dict[str, tuple[str, ...]] = {}
    for e in c.evidence:
        if not e.rejected and e.verdict.value == "repeated" and e.section.value == "next_steps":
            again.setdefault(e.reply, ())
    for x in c.restated_in:
        again[x.id.split("/", 1)[0]] = x.weakened
    if not again:
        return []

    def when(rid: str) -> str:
        other = tree.replies.get(rid)
        return other.date.isoformat() if other and other.date else "?"

    lines = [f"{when(c.reply)} {c.reply} " + ("承诺" if zh else "promised")]
    for rid in sorted(again, key=lambda k: (when(k), k)):
        words = WEAKENED_WORDS[lang]
        reasons = "、".join(words[w] for w in again[rid] if w in words)
        line = f"{when(rid)} {rid} " + ("再次承诺" if zh else "promised again")
        if reasons:
            line += f"（{'弱化' if zh else 'weaker'}：{reasons}）"
        lines.append(line)
    return lines


def show_commitment(
    con: Console,
    tree: Tree,
    c: Commitment,
    changes: list[Change] | None,
    no_history: str | None,
    lang: Lang,
) -> None:
    """Print one commitment in full: letter, text, status, evidence, history."""
    from rich.text import Text

    r = tree.replies.get(c.reply)
    indent = max(tx.display_width(_label(n, lang)) for n in SHOW_FIELDS) + 2

    def add(name: str, value: str | Text) -> None:
        body = value if isinstance(value, Text) else Text(value)
        hang(con, Text(_label(name, lang) if name else "", style="bold"), body, indent)

    status_text = Text(c.status.label(lang), style=STATUS_STYLE[c.status])
    if lang == Lang.ZH:
        status_text.append(f" ({c.status.value})")
    con.print(Text.assemble((c.id, "bold"), "  ", status_text))
    add("letter", "\n".join(clean(x) for x in _letter_lines(r, c.reply)))
    if r is not None and r.source.path:
        place = r.source.path + (f":{c.lines[0]}" if c.lines else "")
        if c.lines and c.lines[1] != c.lines[0]:
            place += f"-{c.lines[1]}"
        add("source", place)
    if c.area:
        add("area", c.area)
    add("text", c.text)
    add("status", status_text)
    if c.status_note:
        add("note", c.status_note)
    if c.owners:
        add("owners", "、".join(c.owners))
    if c.due:
        add("due", c.due.isoformat() + (f"（{c.due_text}）" if c.due_text else ""))
    thread = _thread(tree, c, r, lang)
    if thread:
        add("thread", "\n".join(thread))
    if c.tags:
        add("tags", ", ".join(c.tags))
    if not c.evidence:
        add("evidence", "—")
    for i, e in enumerate(c.evidence, 1):
        later = tree.replies.get(e.reply)
        when = later.date.isoformat() if later and later.date else "?"
        head = Text(f"{i}. {when} {e.reply} · ")
        head.append(e.verdict.label(lang), style=STATUS_STYLE[e.verdict.status])
        review = "rejected" if e.rejected else "confirmed" if e.confirmed else "not confirmed"
        head.append(f" · {review} · score {e.score:.2f}")
        where = f"{later.source.path if later else e.reply}"
        if e.line:
            where += f":{e.line}"
        section = later.section(e.section) if later else None
        heading = f"，{section.heading}" if section and section.heading else ""
        where += f" ({e.section.value}{heading})"
        add("evidence" if i == 1 else "", Text.assemble(head, "\n", where, "\n", f"「{e.quote}」"))
    con.print(Text(_label("history", lang), style="bold"))
    if no_history:
        hang(con, Text(), Text(no_history), 2)
    elif not changes:
        hang(con, Text(), Text("—"), 2)
    else:
        for ch in changes:
            lead = Text("  " + ch.date.date().isoformat() + " ")
            lead.append(ch.short if not ch.uncommitted else "working tree", style="yellow")
            lead.append(f" {clean(ch.author) or '—'}  ")
            hang(con, lead, Text(clean(report.describe_change(ch, lang))), cell_width(lead.plain))


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
    from tracker import history

    mlang = message_lang(lang)
    lang = pick_lang(lang, Lang.ZH)
    with user_errors():
        tree_root = find_root(root)
        tree = _tree_for(tree_root, ident, mlang)
        c = find_commitment(tree, ident, mlang)
        changes: list[Change] | None = None
        no_history: str | None = None
        try:
            changes = history.changes(tree_root, ids=[c.id])
        except history.NoHistory as e:
            no_history = e.message
            if isinstance(e, history.UnsafeRepository) and e.hint:
                no_history += f"; {e.hint}"
        show_commitment(console(), tree, c, changes, no_history, lang)
        note = history.shallow_note(tree_root) if changes is not None else None
        if note:
            err_note(note)


# --- history -----------------------------------------------------------------------------------


def _change_line(con: Console, ch: Change, lang: Lang) -> None:
    from rich.text import Text

    lead = Text("  ")
    lead.append(ch.record, style="bold")
    lead.append("  ")
    hang(con, lead, Text(clean(report.describe_change(ch, lang))), tx.display_width(lead.plain))


def print_log(con: Console, changes: list[Change], lang: Lang) -> None:
    """Changes grouped by commit, newest first."""
    from rich.text import Text

    current = None
    for ch in changes:
        if ch.commit != current:
            current = ch.commit
            head = Text()
            if ch.uncommitted:
                head.append("working tree", style="yellow")
                head.append("  (uncommitted)")
            else:
                head.append(ch.short, style="yellow")
                head.append(f"  {ch.date.strftime('%Y-%m-%d %H:%M')}  ")
                head.append(clean(ch.author), style="bold")
                head.append(f"  {clean(ch.message)}")
            con.print(head)
        _change_line(con, ch, lang)


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

    from tracker import history

    mlang = message_lang(lang)
    lang = pick_lang(lang, Lang.ZH)
    with user_errors():
        tree_root = find_root(root)
        wanted: list[str] | None = None
        if ids:
            from tracker.resolve import Want, resolve

            tree: Tree | None = None
            wanted = []
            for ident in ids:
                q = normal_id(ident)
                if _record_exists(tree_root, q):
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
        except history.NoHistory as e:
            # not a failure: the tree is fine, it just has no history to show
            err_note(e.message + (f" ({e.hint})" if e.hint else ""))
            if json_out:
                typer.echo("[]")
            return
        note = history.shallow_note(tree_root)
        if note:
            err_note(note)
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


def _safe_id(q: str) -> bool:
    return bool(q) and not q.startswith("/") and ".." not in q.split("/")


def _record_exists(root: Path, q: str) -> bool:
    """True when an id names a commitment file or a letter's folder (no need to read the tree)."""
    from tracker.store import COMMITMENTS_DIR

    base = root / COMMITMENTS_DIR / q
    return _safe_id(q) and (base.with_name(base.name + ".yaml").is_file() or base.is_dir())


def broken_record(root: Path, path: Path, ident: str, problems: list[Problem], lang: str) -> None:
    """Raise TrackerError when the file of a record could not be read: where, and what is wrong."""
    from tracker.store import rel_to

    errors = [p.format() for p in problems if p.level == Level.ERROR]
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
    from tracker import store
    from tracker.schema import REPLY_ID

    q = normal_id(ident)
    path = root / store.COMMITMENTS_DIR / f"{q}.yaml"
    if "/" in q and _safe_id(q) and path.is_file():
        one = store.load_tree(root, files=[path])
        c = one.commitments.get(q)
        if c is None:
            broken_record(root, path, ident, one.problems, lang)
        if c is not None:
            letters = {c.reply, *(e.reply for e in c.evidence)}
            replies = [
                root / store.COMMITMENTS_DIR / r / "reply.yaml"
                for r in letters
                if REPLY_ID.match(r)
            ]
            return store.load_tree(root, files=[path, *(p for p in replies if p.is_file())])
    return read_tree(root)
