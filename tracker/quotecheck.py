"""Evidence entries checked against the letter they quote: the quote occurs, on the line given.

Pure functions of a quote, its line and the letter's text (no I/O): validate reads the
letters and places the problems. "Occurs" means what it means everywhere in the tool
(text.fold): white space and full/half-width forms are ignored, nothing else.

- `line_problem`: the quote occurs, but `line` is not a line it stands on: the line it is on.
- `missing_problem`: the quote does not occur: the closest passage of the letter (with its
  line), and the first character where the quote differs from it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import Enum

from tracker import text as tx
from tracker.model import Commitment, Reply


class QuoteProblem(Enum):
    """What is wrong with an evidence entry's quote or line."""

    WRONG_LINE = "wrong_line"  # the quote occurs, not on the line given
    MISSING = "missing"  # the quote does not occur; a passage is close
    NOWHERE = "nowhere"  # the quote does not occur, and nothing in the letter is close


@dataclass(frozen=True)
class QuoteFinding:
    """A problem of one evidence entry, with what a clerk needs to fix it."""

    kind: QuoteProblem
    lines: tuple[int, int] | None = None  # lines of the quote, or of the closest passage
    passage: str = ""  # the closest passage as printed (one line, shortened)
    at: int | None = None  # where the quote first differs, a 1-based character index
    quote_char: str = ""  # the quote's character there ("" past the quote's end)
    letter_char: str = ""  # the letter's character there ("" past the passage's end)

    def message(self, line: int | None, letter: str) -> tuple[str, str]:
        """The problem as a message and a hint, naming the letter by its path."""
        if self.kind == QuoteProblem.WRONG_LINE:
            assert self.lines is not None
            where = _span(self.lines)
            return (
                f"evidence line {line} does not hold the quote: it is on {where} of {letter}",
                f"set line: {self.lines[0]}",
            )
        if self.kind == QuoteProblem.NOWHERE:
            return (
                f"quote does not occur in letter {letter}, and no passage of it is close",
                "quote the later letter verbatim, from the letter the entry names",
            )
        assert self.lines is not None and self.at is not None
        found = f"'{self.letter_char}'" if self.letter_char else "the passage's end"
        has = f"'{self.quote_char}'" if self.quote_char else "its end"
        return (
            f"quote does not occur in letter {letter}; the closest passage is on "
            f"{_span(self.lines)}: 「{self.passage}」; the quote differs at its character "
            f"{self.at}: {has} where the letter has {found}",
            "quote the later letter verbatim: copy the passage as printed",
        )


def _agree(q: str, hay: str, start: int) -> int:
    """How many characters the quote and the letter from `start` agree in, from the first."""
    i = 0
    while i < len(q) and start + i < len(hay) and q[i] == hay[start + i]:
        i += 1
    return i


def _span(lines: tuple[int, int]) -> str:
    return f"line {lines[0]}" if lines[0] == lines[1] else f"lines {lines[0]}-{lines[1]}"


class Letter:
    """A letter's text folded as text.fold folds it, each folded character mapped to the
    character (and line) of the text it comes from."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.splitlines()
        chars: list[str] = []
        origin: list[int] = []
        for i, ch in enumerate(text):
            folded = unicodedata.normalize("NFKC", ch)
            if folded.isspace() or not folded:
                continue
            for f in folded:
                if not f.isspace():
                    chars.append(f)
                    origin.append(i)
        self.folded = "".join(chars)
        self.origin = origin
        starts = [0]
        for i, ch in enumerate(text):
            if ch == "\n":
                starts.append(i + 1)
        self._starts = starts
        self._matcher: SequenceMatcher[str] | None = None

    def matcher(self) -> SequenceMatcher[str]:
        """A matcher over the folded letter, its index built once (quotes are set as seq1)."""
        if self._matcher is None:
            self._matcher = SequenceMatcher(None, "", self.folded, autojunk=False)
        return self._matcher

    def line_of(self, index: int) -> int:
        """The 1-based line of a character of the text."""
        from bisect import bisect_right

        return bisect_right(self._starts, index)

    def span_lines(self, start: int, end: int) -> tuple[int, int]:
        """The lines of the folded characters start..end (end excluded)."""
        return self.line_of(self.origin[start]), self.line_of(self.origin[end - 1])


def on_line(quote: str, line: int, lines: list[str], folded: list[str] | None = None) -> bool:
    """True when the quote begins on `line` (1-based) of the letter's lines: the quick test,
    reading only as many lines as the quote can take. `folded`: the lines already folded."""
    if not 1 <= line <= len(lines):
        return False
    q = tx.fold(quote)
    if not q:
        return True
    first = folded[line - 1] if folded is not None else tx.fold(lines[line - 1])
    window = first
    for i in range(line, len(lines)):
        if len(window) >= len(q) + len(first):
            break
        window += folded[i] if folded is not None else tx.fold(lines[i])
    return q in window


def line_problem(quote: str, line: int | None, letter: Letter) -> QuoteFinding | None:
    """WRONG_LINE when the quote occurs in the letter but `line` is not one of its lines."""
    if line is None:
        return None
    if on_line(quote, line, letter.lines):
        return None
    q = tx.fold(quote)
    if not q:
        return None
    spans = []
    at = letter.folded.find(q)
    while at >= 0:
        spans.append(letter.span_lines(at, at + len(q)))
        at = letter.folded.find(q, at + 1)
    if not spans or any(a <= line <= b for a, b in spans):
        return None  # missing (told by missing_problem), or on its line
    nearest = min(spans, key=lambda s: abs(s[0] - line))
    return QuoteFinding(QuoteProblem.WRONG_LINE, lines=nearest)


def missing_problem(quote: str, letter: Letter, room: int = 40, before: int = 12) -> QuoteFinding:
    """Where a quote that does not occur comes closest: the passage and the first difference.

    The passage is anchored on the longest run the quote shares with the letter, and laid over
    the quote from there back to the quote's start; the first character they differ in is the
    one to fix (a dropped or added character shows there too).
    """
    q = tx.fold(quote)
    hay = letter.folded
    matcher = letter.matcher()
    matcher.set_seq1(q)
    m = matcher.find_longest_match(0, len(q), 0, len(hay))
    if m.size < max(4, min(len(q) // 3, 12)):
        return QuoteFinding(QuoteProblem.NOWHERE)
    # the passage starts where the quote, laid over the letter, agrees longest from its start:
    # each run it shares with the letter near the longest one proposes a start
    lo = max(m.b - m.a - len(q), 0)
    window = hay[lo : m.b - m.a + 2 * len(q)]
    blocks = SequenceMatcher(None, q, window, autojunk=False).get_matching_blocks()
    starts = {max(m.b - m.a, 0)} | {
        max(lo + bl.b - bl.a, 0) for bl in blocks if bl.size >= 2 and lo + bl.b >= bl.a
    }
    best = (-1, 0)
    for st in sorted(starts):
        i = _agree(q, hay, st)
        if i > best[0]:
            best = (i, st)
    i, start = best
    end = min(start + len(q), len(hay))
    lines = letter.span_lines(start, max(end, start + 1))
    # the passage as printed, around the difference: `before` characters before it, the rest
    # up to `room` characters in all
    lo = start + max(i - before, 0)
    hi = min(start + max(i - before, 0) + room, end)
    first = letter.origin[lo]
    last = letter.origin[hi - 1] + 1 if hi > lo else first
    passage = tx.one_line(letter.text[first:last])
    passage = ("…" if lo > start else "") + passage + ("…" if hi < end else "")
    return QuoteFinding(
        QuoteProblem.MISSING,
        lines=lines,
        passage=passage,
        at=i + 1,
        quote_char=q[i] if i < len(q) else "",
        letter_char=hay[start + i] if start + i < end else "",
    )


class Letters:
    """Letters by path, each read once through `read` (None: the letter cannot be read)."""

    def __init__(self, read: Callable[[str], str | None]) -> None:
        self._read = read
        self._text: dict[str, str | None] = {}
        self._lines: dict[str, list[str]] = {}
        self._folded: dict[str, str] = {}
        self._folded_lines: dict[str, list[str]] = {}
        self._letters: dict[str, Letter] = {}
        self.detailed = 0  # missing quotes compared in full so far (missing_message)

    def text(self, rel: str) -> str | None:
        """The letter's text."""
        if rel not in self._text:
            self._text[rel] = self._read(rel)
        return self._text[rel]

    def lines(self, rel: str) -> list[str]:
        """The letter's lines (none when it cannot be read)."""
        if rel not in self._lines:
            self._lines[rel] = (self.text(rel) or "").splitlines()
        return self._lines[rel]

    def folded_lines(self, rel: str) -> list[str]:
        """The letter's lines, each folded (text.fold)."""
        if rel not in self._folded_lines:
            self._folded_lines[rel] = [tx.fold(line) for line in self.lines(rel)]
        return self._folded_lines[rel]

    def holds(self, rel: str, quote: str) -> bool:
        """True when the quote occurs in the letter (text.occurs_in)."""
        if rel not in self._folded:
            self._folded[rel] = tx.fold(self.text(rel) or "")
        return tx.occurs_in(quote, self._folded[rel])

    def letter(self, rel: str) -> Letter:
        """The letter with its folded characters mapped to lines."""
        if rel not in self._letters:
            self._letters[rel] = Letter(self.text(rel) or "")
        return self._letters[rel]


def line_problems(
    c: Commitment, replies: Mapping[str, Reply], letters: Letters
) -> Iterator[tuple[int, str, str]]:
    """The evidence entries of a commitment whose quote occurs in their letter, but not on the
    line they give: (index of the entry, message, hint). A quote that does not occur at all is
    told by the fidelity check, with missing_problem's words."""
    for i, e in enumerate(c.evidence):
        later = replies.get(e.reply)
        rel = later.source.path if later is not None else None
        if not rel or e.line is None or letters.text(rel) is None:
            continue
        if on_line(e.quote, e.line, letters.lines(rel), letters.folded_lines(rel)):
            continue
        if not letters.holds(rel, e.quote):
            continue
        found = line_problem(e.quote, e.line, letters.letter(rel))
        if found is not None:
            yield (i, *found.message(e.line, rel))


# Quotes compared with their letter in full in one run: past these, a missing quote is told
# without its closest passage (a file of 10,000 quotes pasted from elsewhere needs the first
# few compared, not all, and validate stays within its time on it).
DETAILED = 200


def missing_message(quote: str, rel: str, letters: Letters) -> tuple[str, str]:
    """The message and hint for a quote that does not occur in the letter at `rel`: with the
    closest passage and the first difference, for the first DETAILED quotes of a run."""
    if letters.text(rel) is None or letters.detailed >= DETAILED:
        return f"quote does not occur in letter {rel}", "quote the later letter verbatim"
    letters.detailed += 1
    return missing_problem(quote, letters.letter(rel)).message(None, rel)
