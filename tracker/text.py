"""Chinese text normalisation shared by the importer, the validator and the matcher.

The verbatim text is always kept; these functions only build forms to compare.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

_WS = re.compile(r"\s+")
# Sentence ends: full stop, question, exclamation, semicolon (either width).
_SENTENCE_END = re.compile(r"[。！？!?；;]+[”’」』）)]*")


def fold(text: str) -> str:
    """Width- and white-space-folded form: NFKC, no white space at all.

    This is what "the quote occurs in its source" means: only white space and
    full/half-width forms are ignored.
    """
    return _WS.sub("", unicodedata.normalize("NFKC", text))


@lru_cache(maxsize=1)
def _t2s() -> Any:
    import opencc  # imported only where traditional characters must be compared

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional characters converted to simplified (opencc t2s)."""
    if not text or text.isascii():
        return text
    return str(_t2s().convert(text))


def key(text: str) -> str:
    """The comparison form: width- and space-folded, simplified, lower-case."""
    return to_simplified(fold(text)).lower()


def fold_spaces(text: str) -> str:
    """NFKC with runs of white space collapsed to one space, trimmed (for display keys)."""
    return _WS.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def occurs_in(needle: str, haystack_folded: str) -> bool:
    """True when `needle` occurs in a text already passed through `fold`."""
    n = fold(needle)
    return bool(n) and n in haystack_folded


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Spans (start, end) of the sentences of `text`, ends included, blanks trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        _append_trimmed(text, start, end, spans)
        start = end
    _append_trimmed(text, start, len(text), spans)
    return spans


def _append_trimmed(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def display_width(text: str) -> int:
    """Columns the text takes in a terminal (wide CJK characters count two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def shorten(text: str, width: int) -> str:
    """The text cut to at most `width` terminal columns, with an ellipsis when cut."""
    text = fold_spaces(text) if "\n" in text else text
    if display_width(text) <= width:
        return text
    out: list[str] = []
    used = 0
    for ch in text:
        w = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"
