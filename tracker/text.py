"""Chinese text normalisation shared by the importer, the validator and the matcher.

The verbatim text is always kept; these functions only build forms to compare.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import IO, Protocol

from tracker.workspace import current

# A spreadsheet cell's value: text or a number.
Cell = str | int | float


class _Converter(Protocol):
    """What is used of an opencc converter (opencc ships no type hints)."""

    def convert(self, text: str) -> str: ...


class _Tokenizer(Protocol):
    """What is used of a jieba.Tokenizer (jieba ships no type hints)."""

    FREQ: dict[str, int]
    total: int
    initialized: bool

    def get_dict_file(self) -> IO[bytes]: ...

    def gen_pfdict(self, f: IO[bytes]) -> tuple[dict[str, int], int]: ...

    def add_word(self, word: str) -> None: ...

    def cut(self, sentence: str, cut_all: bool = False, HMM: bool = True) -> Iterator[str]: ...  # noqa: N803 (jieba's name)


_WS = re.compile(r"\s+")
# Control codes (but tab and newline), DEL, C1 controls and bidirectional overrides: terminal
# escape sequences and text that reorders what is shown.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Sentence ends: full stop, question, exclamation, semicolon (either width).
_SENTENCE_END = re.compile(r"[。！？!?；;]+[”’」』）)]*")


_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: window title, hyperlinks
    r"|\x1b[@-Z\\-_]"  # other two-byte escapes
)


def printable(text: str) -> str:
    """The text without escape sequences, control codes or bidi overrides (kept: tab and
    newline), for display."""
    if not _UNPRINTABLE.search(text):
        return text
    return _UNPRINTABLE.sub("", _ESCAPE_SEQUENCE.sub("", text))


# --- text leaving the tool: one place decides what every output format may hold ------------------
#
# Terminal, CSV (status --csv, export), xlsx, Markdown and HTML digests, to a file or to stdout:
# text from a tree is untrusted. printable() drops escape sequences, control codes (but tab and
# newline) and bidi overrides; each format then adds its own: one_line() for a terminal cell,
# inert_cell() for a spreadsheet cell, md_text() for Markdown.

# A spreadsheet runs a cell that starts like a formula (=HYPERLINK(...), @SUM(...), +, -) and
# a tab or carriage return can smuggle one in.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def one_line(text: str) -> str:
    """Text for one line of output: printable(), white space folded to single spaces."""
    return " ".join(printable(text).split())


def inert_cell(value: Cell) -> Cell:
    """A spreadsheet cell (CSV or xlsx) that shows what it holds and runs nothing: printable
    text (no control character, which also keeps openpyxl from refusing it), and text that
    starts like a formula gets a leading `'` (the spreadsheet convention for "this is text").
    Anything but text is unchanged."""
    if not isinstance(value, str):
        return value
    value = printable(value)
    if value.startswith(_FORMULA_START):
        return "'" + value
    return value


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~#&$!@])")
_MD_LEADING = re.compile(r"^([-+=]|\d+(?=[.)]))")
# What GitHub-flavoured Markdown turns into a link by itself: a scheme and `//` (http://...),
# mailto: and xmpp:, and www. (an address with @ is taken care of by escaping every @).
_AUTOLINK = re.compile(
    r"(?i)(?<![a-z0-9])((?:[a-z][a-z0-9+.-]*(?=://))|mailto|xmpp)(:)|(?<![a-z0-9])(www)(\.)"
)


def md_text(value: object) -> str:
    """Text safe in a Markdown paragraph or table cell: one line, markup characters escaped, and
    nothing that GitHub-flavoured Markdown would turn into a link.

    Backslash escapes are CommonMark, so GitHub and GitLab both show the characters as printed;
    `|` is escaped for tables, `<` and `>` so no raw HTML can get through, `$` for math, `@` and
    the colon of `http://` or the dot of `www.` so a bare address stays text.
    """
    s = one_line(str(value))
    s = _MD_SPECIAL.sub(r"\\\1", s)
    s = _AUTOLINK.sub(lambda m: f"{m[1]}\\:" if m[1] else f"{m[3]}\\.", s)
    m = _MD_LEADING.match(s)
    if m:
        s = s[: m.end()] + "\\" + s[m.end() :] if m.group(1)[0].isdigit() else "\\" + s
    return s


def fold(text: str) -> str:
    """Width- and white-space-folded form: NFKC, no white space at all.

    This is what "the quote occurs in its source" means: only white space and
    full/half-width forms are ignored.
    """
    return _WS.sub("", unicodedata.normalize("NFKC", text))


@lru_cache(maxsize=1)
def _t2s() -> _Converter:
    import opencc  # imported only where traditional characters must be compared

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional characters converted to simplified (opencc t2s)."""
    if not text or text.isascii():
        return text
    return _t2s().convert(text)


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


# Policy words the general dictionary splits apart; segmenting them whole keeps them one term.
_GENRE_WORDS = (
    "家校社",
    "校家社",
    "家校",
    "协同育人",
    "心理教师",
    "专职心理教师",
    "兼职心理教师",
    "心理辅导室",
    "社工站",
    "驻校社工",
    "教联体",
    "双减",
    "五育并举",
    "一人一案",
    "绿色通道",
    "全覆盖",
)


@lru_cache(maxsize=1)
def _tokenizer() -> _Tokenizer:
    """jieba's tokenizer with its dictionary, never through jieba's own cache.

    jieba keeps its prefix dictionary as a marshal file in the shared temporary folder, where
    another user can plant one (and change what the matcher finds), and a read-only run writes
    there and prints a traceback when it cannot. Here the dictionary comes from the tool's own
    cache (user_cache_dir(), data only, checked) or is built from jieba's dictionary file; jieba
    never reads, writes or prints anything.
    """
    import logging

    import jieba  # imported only by the commands that segment text (about 0.7 s to load)

    # jieba announces loading its dictionary on its own logger; the CLI's output stays clean
    logging.getLogger("jieba").setLevel(logging.CRITICAL + 1)
    tk: _Tokenizer = jieba.Tokenizer()
    loaded = _load_dictionary(tk)
    if loaded is None:
        with tk.get_dict_file() as f:
            loaded = tk.gen_pfdict(f)
        _save_dictionary(tk, loaded)
    tk.FREQ, tk.total = loaded
    tk.initialized = True  # jieba's initialize() (and its temporary-folder cache) is never run
    for w in _GENRE_WORDS:
        tk.add_word(w)
    return tk


_DICT_MAGIC = "tracker-jieba-dict-1"


def user_cache_dir() -> str | None:
    """The tool's own cache folder for this user, outside any tree ($XDG_CACHE_HOME/tracker or
    ~/.cache/tracker): made private (0700) if missing, and used only while it belongs to this
    user and no one else may write to it or list it. None: no such folder can be had."""
    import os
    import stat

    base = current().user_cache_home
    if not os.path.isabs(base):
        return None
    path = os.path.join(base, "tracker")
    try:
        os.makedirs(path, mode=0o700, exist_ok=True)
        st = os.lstat(path)
    except OSError:
        return None
    if (
        not stat.S_ISDIR(st.st_mode)
        or st.st_uid != os.getuid()
        or st.st_mode & 0o077  # a folder others may write to or list is not private
    ):
        return None
    return path


def _dictionary_id(tk: _Tokenizer) -> list[str | int]:
    """What the built dictionary depends on: jieba's version and its dictionary file."""
    import os

    import jieba

    name = tk.get_dict_file().name
    st = os.stat(name)
    return [_DICT_MAGIC, jieba.__version__, os.path.realpath(name), st.st_size, st.st_mtime_ns]


def _dictionary_file() -> str | None:
    import os

    folder = user_cache_dir()
    return None if folder is None else os.path.join(folder, "jieba-dict.msgpack")


def _load_dictionary(tk: _Tokenizer) -> tuple[dict[str, int], int] | None:
    """jieba's prefix dictionary from the tool's own cache, or None (missing, stale, not ours,
    of the wrong shape)."""
    import os
    import stat

    import msgpack

    path = _dictionary_file()
    if path is None:
        return None
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        with open(fd, "rb") as f:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode) or st.st_uid != os.getuid() or st.st_mode & 0o022:
                return None
            head, total, freq = msgpack.unpackb(f.read(), raw=False, use_list=True)
        if (
            head != _dictionary_id(tk)
            or type(total) is not int
            or type(freq) is not dict
            or not all(type(v) is int for v in freq.values())
            or not all(type(k) is str for k in freq)
        ):
            return None
        return freq, total
    except Exception:  # noqa: BLE001 - missing, torn or foreign: build it again
        return None


def _save_dictionary(tk: _Tokenizer, loaded: tuple[dict[str, int], int]) -> None:
    """Keep the built dictionary in the tool's cache (atomically); never fails."""
    import contextlib
    import os
    import tempfile

    import msgpack

    path = _dictionary_file()
    if path is None:
        return
    with contextlib.suppress(Exception):
        data = msgpack.packb([_dictionary_id(tk), loaded[1], loaded[0]], use_bin_type=True)
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".jieba-dict.")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise


def words(text: str) -> list[str]:
    """The words of a text as jieba segments it (dictionary only, no guessing: deterministic)."""
    if not text:
        return []
    return [w for w in _tokenizer().cut(text, HMM=False) if w.strip()]


def to_simplified_aligned(text: str) -> str:
    """to_simplified() that keeps every character at its offset, so spans map back to the original.

    opencc converts phrase by phrase; when a phrase changes length the text is converted one
    character at a time instead (a character that would become several is kept as it is).
    """
    simple = to_simplified(text)
    if len(simple) == len(text):
        return simple
    out = []
    for ch in text:
        s = to_simplified(ch)
        out.append(s if len(s) == 1 else ch)
    return "".join(out)


_CN_DIGIT = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def cn_int(numeral: str) -> int | None:
    """The value of a Chinese numeral: 一 .. 九十九 (三, 十二, 二十三), or digit by digit (二〇二三)."""
    s = numeral.strip()
    if not s:
        return None
    if s.isdigit():
        return int(s)
    if "十" not in s:
        if not all(ch in _CN_DIGIT for ch in s):
            return None
        value = 0
        for ch in s:
            value = value * 10 + _CN_DIGIT[ch]
        return value
    tens, _, ones = s.partition("十")
    if (
        (tens and tens not in _CN_DIGIT)
        or (ones and ones not in _CN_DIGIT)
        or len(tens) > 1
        or len(ones) > 1
    ):
        return None
    return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[ones] if ones else 0)
