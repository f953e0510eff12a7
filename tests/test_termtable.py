"""Lines wrapped by the rules of Chinese typesetting, in the library and in every command that
wraps (diff, show, status, import), down to 60 columns."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import LETTER_A, LETTER_B, QUOTES_B, evidence_entry, item_yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tracker import text as tx
from tracker.cli import app
from tracker.termtable import CLOSING, OPENING, line_spans, units, wrap

QUOTE = QUOTES_B["01"][2]
WORD = re.compile(r"[0-9A-Za-z]")


def check_lines(lines: list[str], width: int, gaps: list[str] | None = None) -> None:
    """The rules as seen in output: each line fits, none starts with closing or ends with
    opening punctuation, no number is cut in two (two numbers that white space separates, as in
    "0 0", are two numbers: `gaps` holds what was dropped at each break, when it is known)."""
    for line in lines:
        assert tx.display_width(line) <= width, (line, width)
    for i, (before, after) in enumerate(zip(lines, lines[1:], strict=False)):
        assert after[:1] not in CLOSING, (before, after)
        assert before[-1:] not in OPENING, (before, after)
        if gaps is None or not gaps[i]:  # no white space between: a number would be cut
            assert not (before[-1:].isdigit() and after[:1].isdigit()), (before, after)


def check_text(text: str, width: int) -> None:
    """The rules at each break of `text`: check_lines, and no break between two letters or
    digits that no white space separates; nothing but white space is lost."""
    spans = line_spans(text, width)
    gaps = [text[end:start] for (_, end), (start, _) in zip(spans, spans[1:], strict=False)]
    check_lines([text[a:b] for a, b in spans], width, gaps)
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        gap = text[end:start]
        if not gap:  # no white space between: the break falls inside the text
            assert not (WORD.match(text[end - 1 : end]) and WORD.match(text[start : start + 1])), (
                text[:end],
                text[start:],
            )
    kept = "".join(text[a:b] for a, b in spans)
    assert "".join(kept.split()) == "".join(text.split())


@pytest.mark.parametrize("width", [20, 21, 22, 23, 30, 41, 60])
def test_a_letters_sentence_wraps_by_the_rules(width):
    text = QUOTE + QUOTES_B["03"][2]
    check_text(text, width)


def test_examples():
    assert wrap("推出《羊城父母学堂》共206期。", 16) == ["推出《羊城父母学", "堂》共206期。"]
    assert wrap("全市中小学校100%完成", 14) == ["全市中小学校", "100%完成"]
    assert wrap("行动计划(2024-2026)》,制定", 16) == ["行动计划", "(2024-2026)》,制", "定"]
    assert wrap("hello world this is", 10) == ["hello", "world this", "is"]
    assert wrap("第一行\n第二行", 60) == ["第一行", "第二行"]


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from("中文字心理教师2023100%-.,ab “”（）《》。，、；：？！… "),
        max_size=80,
    ),
    st.integers(min_value=8, max_value=60),
)
def test_any_text_keeps_the_rules(text, width):
    lines = wrap(text, width)
    # a unit (a number, a word, punctuation with what it holds to) wider than the whole line is
    # cut by force: only then may a rule give way
    units_fit = all(tx.display_width(text[a:b]) <= width for a, b, sp in units(text) if not sp)
    if units_fit:
        check_text(text, width)
    else:
        assert "".join("".join(lines).split()) == "".join(text.split())


# --- through the commands, at 60 columns ---------------------------------------------------------

ENV = {"COLUMNS": "60", "NO_COLOR": "1", "LANG": "C.UTF-8", "LC_ALL": ""}
runner = CliRunner()


@pytest.fixture
def followed(tree_root: Path) -> Path:
    path = tree_root / "commitments" / LETTER_A / "01.yaml"
    entry = evidence_entry("01", "progress")
    path.write_text(item_yaml(LETTER_A, "01", evidence=[entry]), encoding="utf-8")
    return tree_root


def _wrapped_blocks(out: str) -> list[list[str]]:
    """Runs of lines with the same indent: the lines one wrapped text was broken into."""
    blocks: list[list[str]] = []
    indent = None
    for line in out.splitlines():
        ind = len(line) - len(line.lstrip())
        if ind != indent or not blocks:
            blocks.append([])
            indent = ind
        blocks[-1].append(line.strip())
    return blocks


@pytest.mark.parametrize(
    "args",
    [
        ["diff", "--lang", "zh"],
        ["diff"],
        ["show", f"{LETTER_A}/01"],
        ["show", f"{LETTER_B}/01", "--lang", "en"],
        ["status"],
    ],
)
def test_commands_wrap_by_the_rules_at_60_columns(followed, args):
    r = runner.invoke(app, [*args, "--root", str(followed)], env=ENV)
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert all(tx.display_width(line) <= 60 for line in lines), [
        line for line in lines if tx.display_width(line) > 60
    ]
    for block in _wrapped_blocks(r.stdout):
        check_lines(block, 60)


# --- the status table's cells, measured without cleaning ---------------------------------------


def _runs(chars: list[int]) -> str:
    """Code points as regex class ranges, e.g. \\x21-\\x7e."""
    out: list[list[int]] = []
    for c in chars:
        if out and out[-1][1] == c - 1:
            out[-1][1] = c
        else:
            out.append([c, c])
    return "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in out)


def test_the_plain_characters_follow_their_rules():
    """termtable's lists of plain characters (clean() leaves them alone, their width is known)
    are those the rules give, over every character of the blocks and of ASCII."""
    import unicodedata

    from tracker import termtable as tt

    known, _ = tt._char_classes()

    def plain(ch: str) -> bool:
        return (
            ch.isprintable()
            and not ch.isspace()
            and unicodedata.category(ch) not in tt._INVISIBLE
            and not unicodedata.combining(ch)
            and unicodedata.normalize("NFC", ch) == ch
            and tt.clean(f"a{ch}a") == f"a{ch}a"
            and known.fullmatch(ch) is not None
        )

    chars = [c for c in range(0x10000) if plain(chr(c))]
    assert _runs(chars) == tt._PLAIN_CHARS
    far_narrow = [c for c in chars if c > 0x7F and tx.display_width(chr(c)) == 1]
    assert _runs(far_narrow) == tt._PLAIN_NARROW_FAR
    assert all(len(chr(c).encode()) == 3 for c in chars if c > 0x7F)  # _plain_width's count


@settings(max_examples=600, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            "ab 1,.:…中文字〔〕（）“”，、。—\u3000ｱＡ\u2065\uffe8\uff61〿\t\n\x1b\u200bé\u0301ア龥\uf900"
        ),
        max_size=60,
    ),
    st.integers(min_value=-2, max_value=40),
)
def test_plain_cut_is_clean_cut(text: str, columns: int) -> None:
    from tracker import termtable as tt

    assert tt.plain_cut(text, columns) == tt.clean_cut(text, columns)


@pytest.mark.parametrize("columns", [1, 2, 3, 7, 8, 20, 41])
def test_plain_cut_of_long_chinese_text(columns: int) -> None:
    from tracker import termtable as tt

    text = "推进“社工+志愿者”联动,2023年起每季度开展1次培训（含线上）。" * 12
    for n in range(len(text)):
        assert tt.plain_cut(text[n:], columns) == tt.clean_cut(text[n:], columns)
    # plain at the start, then what cleaning changes or drops, at every place
    for tail in ("\u0301", "  ", "\t\n", "\x1b[31m", "\u200b" * 50, " ", "\uf900", "ア"):
        for n in range(columns + 4):
            mixed = text[:n] + tail + text[n : n + 30]
            assert tt.plain_cut(mixed, columns) == tt.clean_cut(mixed, columns), (n, tail)
