"""Terminal layout: cells cut to their columns, the status table, and lines wrapped by the rules
of Chinese typesetting.

Layer 5 (presentation built on the records): the commands print what these functions lay out.

Wrapping (`wrap`, `wrap_text`, `Wrapped`) breaks a line between two Chinese characters or at a
space, and never:

- inside a number or a Latin word (`100%`, `2023-2026`, `3.5`, `GB18030`, `e.g.`): a run of
  half-width or full-width letters, digits and their joining marks is one unit;
- before closing punctuation (。，、；：？！）》」』】〕〉”’… and their half-width forms): it stays
  on the line of the character it closes;
- after opening punctuation (（《「『【〔〈“‘ and half-width forms): it goes down with what it
  opens.

Only a unit wider than the whole line is cut, character by character. Widths are terminal
columns, Chinese characters counting two.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterator
from functools import lru_cache
from itertools import accumulate
from operator import attrgetter
from typing import TYPE_CHECKING

from tracker import report
from tracker import text as tx
from tracker.labels import Lang
from tracker.model import Status
from tracker.rows import COLUMNS, Row

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult
    from rich.measure import Measurement
    from rich.text import Text

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


# Characters clean() leaves as they are, each of a width _char_classes() sorts: printable, not
# white space, already NFC, no combining mark, in the blocks of _BLOCKS or printable ASCII; and
# those of them outside ASCII that take one column (a test derives both lists from those rules).
# Text of these alone, single spaces between, is measured and cut without cleaning.
_PLAIN_CHARS = (
    "\x21-\x7e\u2010-\u2027\u2030-\u205e\u3001-\u3029\u3030-\u303f\u4e00-\u9fff"
    "\uff01-\uffbe\uffc2-\uffc7\uffca-\uffcf\uffd2-\uffd7\uffda-\uffdc\uffe0-\uffe6\uffe8-\uffee"
)
_PLAIN_NARROW_FAR = (
    "\u2010-\u2027\u2030-\u205e\u303f"
    "\uff61-\uffbe\uffc2-\uffc7\uffca-\uffcf\uffd2-\uffd7\uffda-\uffdc\uffe8-\uffee"
)
_PLAIN = re.compile(f"[{_PLAIN_CHARS}]+(?: [{_PLAIN_CHARS}]+)*")
_NARROW_FAR = re.compile(f"[{_PLAIN_NARROW_FAR}]")


def plain_cut(text: str, columns: int) -> tuple[str, int]:
    """clean_cut(), at once for the usual text, which cleaning leaves as it is (a test holds the
    two equal). Only the start is looked at: when its first columns + 2 characters are plain,
    cleaning changes none of the first columns + 1, which decide the cut.

    Widths are counted in C: outside ASCII each plain character is three bytes of UTF-8, and
    wide but for the few _NARROW_FAR ones, so a stretch s takes (len(s) + its bytes) // 2
    columns less its narrow ones. What is kept is found a stretch at a time: n characters take
    n to 2n columns, so half the room left always fits, and the room left shrinks by half or
    more each time.
    """
    head = text[: columns + 2]
    if columns < 1 or not _PLAIN.fullmatch(head):
        return clean_cut(text, columns)
    narrow = _NARROW_FAR.findall
    if len(head) <= columns:  # else more characters than columns: cut
        used = (len(head) + len(head.encode())) // 2 - len(narrow(head))
        if used <= columns:
            return head, used
    room = columns - 1  # what is kept, before the ellipsis
    first = head[:room]
    n = len(first)
    kept = min(room // 2, n)
    part = first[:kept]
    used = (kept + len(part.encode())) // 2 - len(narrow(part))
    while room - used >= 2 and kept < n:
        take = min((room - used) // 2, n - kept)
        part = first[kept : kept + take]
        used += (take + len(part.encode())) // 2 - len(narrow(part))
        kept += take
    if room - used == 1 and kept < n and (first[kept].isascii() or narrow(first[kept])):
        kept += 1
        used += 1
    return first[:kept] + "…", used + 1


# --- the status table --------------------------------------------------------------------------

GAP = 3  # " │ " between two columns
ISSUER_MAX = 12
# Columns shown besides id, item and status, each with the room the item column must keep for
# it to be shown; they are given up in reverse order as the terminal narrows (the item column
# is what people read, so the later columns ask it for more room).
OPTIONAL = (("evidence", 20), ("date", 20), ("issuer", 30), ("age", 36))
ORDER = COLUMNS  # rows.OUTPUT's columns: id, issuer, date, item, status, evidence, age


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


Distinct = dict[str, dict[object, tuple[Row, str]]]  # column -> value -> (a row of it, its text)


def distinct_cells(rows: list[Row], lang: Lang, values: dict[str, list[object]]) -> Distinct:
    """The columns of few distinct values (_CELL_VALUE): each value with one row of it and its
    cell's text. `values`: the rows' values by column."""
    return {
        name: {
            v: (r, _cell(name, r, lang)) for v, r in dict(zip(column, rows, strict=True)).items()
        }
        for name, column in values.items()
    }


def plan_columns(
    rows: list[Row], width: int, lang: Lang, cells: Distinct | None = None
) -> list[tuple[str, int]]:
    """The columns that fit in `width` terminal columns, each with its width, in display order.

    `cells`: distinct_cells() of the rows, when already at hand.
    """
    if cells is None:
        values = {name: list(map(value, rows)) for name, value in _CELL_VALUE.items()}
        cells = distinct_cells(rows, lang, values)

    def natural(name: str) -> int:
        head = cell_width(report.word(name, lang))
        if name == "id":
            ids = [r.id for r in rows]
            joined = "".join(ids)
            if joined.isascii() and joined.isprintable() and " " not in joined:
                return max([head, *map(len, ids)])  # the usual ids: clean, a column a character
            return max([head, *(cell_width(_clean_id(i)) for i in ids)])
        texts = {t for _, t in cells[name].values()}
        return max([head, *(cell_width(t) for t in texts)])

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
    cells = distinct_cells(rows, lang, values)
    plan = plan_columns(rows, width, lang, cells)
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

    def item_column(w: int) -> list[str]:
        # each (area, text) laid out once, however many rows show it; the rows' keys and the
        # lookups made in C
        keys = list(zip(map(_AREA, rows), map(_TEXT, rows), strict=True))
        laid = {key: item_cell(key[0], key[1], w) for key in dict.fromkeys(keys)}
        return list(map(laid.__getitem__, keys))

    def item_cell(area_text: str | None, text: str, w: int) -> str:
        if not area_text:
            body, used = plain_cut(text, w)
        else:
            area, area_w = _clean_cut_short(area_text, max(6, w * 2 // 5))
            rest = w - area_w - 3
            if rest < 4:
                area, used = _clean_cut_short(area_text, w)
                body = style(area, "dim")
            else:
                cut, text_w = plain_cut(text, rest)
                body = style(area, "dim") + " / " + cut
                used = area_w + 3 + text_w
        return body + " " * (w - used) if used < w else body

    def cached_column(name: str, w: int) -> list[str]:
        """The cells of a column with few distinct values: each laid out once, from one row."""
        laid: dict[object, str] = {}
        for v, (r, text) in cells[name].items():
            if name == "status":
                st = "bold red" if r.overdue else STATUS_STYLE[r.status]
            elif name == "evidence":
                st = "" if r.evidence_confirmed or r.evidence_verdict is None else "dim"
            else:
                st = ""
            laid[v] = padded(name, w, [_piece(_measure_cut_short(text, w), st)])
        return list(map(laid.__getitem__, values[name]))

    # laid out column by column, then joined line by line (the joins run in C)
    columns: list[list[str]] = []
    for name, w in plan:
        if name == "id":
            columns.append(id_column(w))
        elif name == "item":
            columns.append(item_column(w))
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


_AREA, _TEXT = attrgetter("area"), attrgetter("text")


def _clean_id(ident: str) -> str:
    """clean() of an id, at once for the usual printable ASCII id without white space."""
    if ident.isascii() and ident.isprintable() and " " not in ident:
        return ident
    return clean(ident)


# --- wrapping by the rules of Chinese typesetting ---------------------------------------------

# Never at the start of a line.
CLOSING = frozenset(
    "。，、；：？！）》」』】〕〉〗〙〛”’…‥・·％‰〜～ー"
    ",.;:?!)]}%"
    "︰︱︲︳︴︶︸︺︼︾﹀﹂﹄﹐﹑﹒﹔﹕﹖﹗﹚﹜﹞"
)
# Never at the end of a line.
OPENING = frozenset("（《「『【〔〈〖〘〚“‘([{﹙﹛﹝")
# One unit: letters, digits and what joins them inside a number or a word (half- and full-width).
_WORD = re.compile(
    r"(?:--?|[+#$¥@＋＃])?[0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u00c0-\u024f]+"
    r"(?:[.,:/_\-+'’%‰°#@&\uff0e\uff0f\uff05]+[0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u00c0-\u024f%]+)*"
    r"[%‰°\uff05]?"
)
# A run of one dash or ellipsis character (—— ……) is one unit.
_RUN = re.compile(r"([—…―─-])\1+")


def units(text: str) -> list[tuple[int, int, bool]]:
    """The text cut where a line may break: (start, end, is white space) spans, in order.

    Closing punctuation is joined to the unit before it, opening punctuation to the unit after.
    """
    raw: list[tuple[int, int, bool]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            j = i + 1
            while j < n and text[j].isspace() and text[j] != "\n":
                j += 1
            raw.append((i, j, True))
            i = j
            continue
        m = _WORD.match(text, i) or _RUN.match(text, i)
        j = m.end() if m and m.end() > i else i + 1
        raw.append((i, j, False))
        i = j
    out: list[tuple[int, int, bool]] = []
    for start, end, space in raw:
        if out and not space:
            # the last word unit before this one, across white space
            k = len(out) - 1 if not out[-1][2] else len(out) - 2
            if k >= 0 and not out[k][2]:
                prev = out[k]
                if text[start] in CLOSING or text[prev[1] - 1] in OPENING:
                    del out[k:]  # the unit and the white space after it: one unit now
                    out.append((prev[0], end, False))
                    continue
        out.append((start, end, space))
    return out


def _width(text: str) -> int:
    return len(text) if text.isascii() else sum(map(_CHAR_WIDTH.__getitem__, text))


def line_spans(text: str, width: int) -> list[tuple[int, int]]:
    """The (start, end) spans of the lines `text` wraps to in `width` columns (see the module).

    A line break in the text always breaks; white space at a break is dropped.
    """
    width = max(width, 2)
    out: list[tuple[int, int]] = []
    pos = 0
    for part in text.split("\n"):
        out.extend((pos + a, pos + b) for a, b in _spans(part, width))
        pos += len(part) + 1
    return out


def _spans(text: str, width: int) -> list[tuple[int, int]]:
    lines: list[tuple[int, int]] = []
    start: int | None = None  # where the current line starts (None: nothing on it yet)
    end = used = spaces = 0
    for a, b, space in units(text):
        if space:
            if start is not None:
                spaces += _width(text[a:b])  # kept between units, dropped at a break
            continue
        w = _width(text[a:b])
        if start is not None and used + spaces + w > width:
            lines.append((start, end))
            start = None
        if start is None:
            if w > width:  # a unit wider than a line: cut it, character by character
                *whole, (a, _) = _cut_unit(text, a, b, width)
                lines.extend(whole)
                w = _width(text[a:b])
            start, end, used = a, b, w
        else:
            end, used = b, used + spaces + w
        spaces = 0
    if start is not None:
        lines.append((start, end))
    return lines or [(0, 0)]


def _cut_unit(text: str, a: int, b: int, width: int) -> Iterator[tuple[int, int]]:
    """Pieces of text[a:b], each as wide as fits in `width` (the last may be narrower)."""
    start, used = a, 0
    for i in range(a, b):
        w = _CHAR_WIDTH[text[i]]
        if used + w > width and i > start:
            yield (start, i)
            start, used = i, 0
        used += w
    yield (start, b)


def wrap(text: str, width: int) -> list[str]:
    """The lines `text` wraps to in `width` columns, by the rules of Chinese typesetting."""
    return [text[a:b] for a, b in line_spans(text, width)]


def wrap_text(text: Text, width: int) -> list[Text]:
    """A rich Text wrapped as `wrap` wraps its plain text, styles kept."""
    return [text[a:b] for a, b in line_spans(text.plain, width)]


class Wrapped:
    """A rich renderable of text wrapped by the rules of Chinese typesetting, for table cells:
    as narrow as its widest unit, as wide as its longest line."""

    def __init__(self, text: str | Text, style: str = "") -> None:
        from rich.text import Text

        self.text = text if isinstance(text, Text) else Text(text, style=style)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.measure import Measurement

        plain = self.text.plain
        widest = max((_width(plain[a:b]) for a, b, sp in units(plain) if not sp), default=0)
        longest = max((_width(line) for line in plain.split("\n")), default=0)
        return Measurement(min(widest, options.max_width), min(longest, options.max_width))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.text import Text

        lines = wrap_text(self.text, options.max_width)
        yield Text("\n").join(lines)


def wrap_items(line: str, width: int, sep: str = " · ") -> list[str]:
    """Break a `a · b · c` line between items, never inside one (an issuer keeps its count);
    an item wider than the line is wrapped by the rules of Chinese typesetting."""
    out: list[str] = []
    cur = ""
    for item in line.split(sep):
        joined = f"{cur}{sep}{item}" if cur else item
        if cur and tx.display_width(joined) > width:
            out.append(cur)
            cur = item
        else:
            cur = joined
        if tx.display_width(cur) > width:
            *done, cur = wrap(cur, width)
            out.extend(done)
    out.append(cur)
    return out


def hang(con: Console, lead: Text, body: Text, indent: int) -> None:
    """Print `lead` padded to `indent` columns, then `body` wrapped to the console, hanging."""
    from rich.text import Text

    room = max(con.width - indent, 20)
    lines = wrap_text(body, room) or [Text()]
    pad = " " * max(indent - tx.display_width(lead.plain), 0)
    for i, line in enumerate(lines):
        line.rstrip()
        first = lead + Text(pad) if i == 0 else Text(" " * indent)
        con.print(first + line, no_wrap=True, overflow="ignore", crop=False)


def print_wrapped(con: Console, text: Text, indent: int = 0) -> None:
    """Print a text wrapped to the console by the rules of Chinese typesetting, indented."""
    from rich.text import Text

    for line in wrap_text(text, max(20, con.width - indent)):
        out = Text(" " * indent)
        out.append_text(line)
        out.rstrip()
        con.print(out, no_wrap=True, overflow="ignore", crop=False)


def wrap_items_text(text: Text, width: int, sep: str = " · ") -> list[Text]:
    """A rich Text of `a · b · c` items broken as wrap_items breaks its plain text, styles kept."""
    plain = text.plain
    out = []
    pos = 0
    for line in wrap_items(plain, width, sep):
        start = plain.index(line, pos)
        out.append(text[start : start + len(line)])
        pos = start + len(line)
    return out
