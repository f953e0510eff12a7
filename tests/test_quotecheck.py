"""Evidence entries checked in full: the quote occurs, on the line the entry gives; a quote that
does not occur is shown against the closest passage, with the first character that differs."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import LETTER_A, LETTER_B, QUOTES_B, SEED_B, SEEDS, evidence_entry, item_yaml
from typer.testing import CliRunner

from tracker.cli import app
from tracker.quotecheck import Letter, QuoteProblem, line_problem, missing_problem, on_line

runner = CliRunner()
LETTER = Letter((SEEDS / SEED_B).read_text(encoding="utf-8"))
QUOTE = QUOTES_B["03"][2]  # on line 8 of letter B


def test_a_quote_on_its_line_is_fine():
    for _, line, quote in QUOTES_B.values():
        assert on_line(quote, line, LETTER.lines)
        assert line_problem(quote, line, LETTER) is None


def test_a_quote_on_another_line_is_told_where_it_is():
    found = line_problem(QUOTE, 9, LETTER)
    assert found is not None and found.kind == QuoteProblem.WRONG_LINE
    assert found.lines == (8, 8)
    assert found.message(9, "seeds/b.txt") == (
        "evidence line 9 does not hold the quote: it is on line 8 of seeds/b.txt",
        "set line: 8",
    )
    assert line_problem(QUOTE, 10_000, LETTER) is not None  # past the letter's end


def test_a_quote_over_two_lines_may_give_either():
    text = "第一行的开头，\n接着写到第二行。\n第三行。\n"
    letter = Letter(text)
    assert line_problem("开头，接着写到", 1, letter) is None
    assert line_problem("开头，接着写到", 2, letter) is None
    found = line_problem("开头，接着写到", 3, letter)
    assert found is not None and found.lines == (1, 2)


def test_white_space_and_width_are_ignored_as_everywhere():
    assert line_problem(QUOTE.replace(",", "，").replace("2023", "２０２３"), 8, LETTER) is None


@pytest.mark.parametrize(
    ("quote", "at", "has", "letter_has"),
    [
        (QUOTE.replace("专职心理教师", "专职心理老师"), 26, "老", "教"),  # a changed character
        (QUOTE[:30] + "新" + QUOTE[30:], 31, "新", QUOTE[30]),  # one added
        (QUOTE[:10] + QUOTE[11:], 11, QUOTE[11], QUOTE[10]),  # one dropped
        (QUOTE.replace("2023", "2024"), 4, "4", "3"),  # a number
        (QUOTE + "另有一句", len(QUOTE) + 1, "另", "二"),  # runs on past the sentence
    ],
)
def test_a_missing_quote_shows_the_closest_passage_and_first_difference(quote, at, has, letter_has):
    found = missing_problem(quote, LETTER)
    assert found.kind == QuoteProblem.MISSING
    assert found.lines == (8, 8)
    assert (found.at, found.quote_char, found.letter_char) == (at, has, letter_has)
    message, hint = found.message(None, "seeds/b.txt")
    assert f"the quote differs at its character {at}: '{has}' where the letter has" in message
    assert "closest passage is on line 8: 「" in message
    assert "copy the passage as printed" in hint


def test_a_quote_from_another_letter_altogether():
    found = missing_problem("会议决定在滨江新区修建一座海水淡化厂并于明年投产。", LETTER)
    assert found.kind == QuoteProblem.NOWHERE
    assert "no passage of it is close" in found.message(None, "seeds/b.txt")[0]


# --- through `tracker validate` ------------------------------------------------------------------


def _with_evidence(root: Path, **changes: object) -> Path:
    entry = {**evidence_entry("03", "done"), **changes}
    path = root / "commitments" / LETTER_A / "03.yaml"
    path.write_text(item_yaml(LETTER_A, "03", evidence=[entry]), encoding="utf-8")
    return path


def validate(root: Path):
    return runner.invoke(app, ["validate", "--root", str(root)], env={"COLUMNS": "200"})


def test_validate_checks_the_line_of_each_evidence_entry(tree_root):
    _with_evidence(tree_root)
    assert validate(tree_root).exit_code == 0
    _with_evidence(tree_root, line=12)
    r = validate(tree_root)
    assert r.exit_code == 1
    assert (
        f"commitments/{LETTER_A}/03.yaml:14:11: error: evidence line 12 does not hold the quote: "
        f"it is on line 8 of seeds/{SEED_B} (set line: 8)"
    ) in r.stdout


def test_validate_shows_where_a_quote_differs(tree_root):
    _with_evidence(tree_root, quote=QUOTE.replace("专职心理教师", "专职心理老师"))
    r = validate(tree_root)
    assert r.exit_code == 1
    line = next(x for x in r.stdout.splitlines() if "quote does not occur" in x)
    assert line.startswith(f"commitments/{LETTER_A}/03.yaml:15:")
    assert (
        f"quote does not occur in letter seeds/{SEED_B}; the closest passage is on line 8" in line
    )
    assert "the quote differs at its character 26: '老' where the letter has '教'" in line
    assert "evidence line" not in r.stdout  # a missing quote is one problem, not two
    assert LETTER_B in line or SEED_B in line


def test_the_line_check_is_memoised_and_never_stale(tree_root):
    """A warm run answers from the cache; a file or letter changed since is checked again."""
    from conftest import commit_all

    path = _with_evidence(tree_root, line=12)
    commit_all(tree_root, "tree")
    wrong = "evidence line 12 does not hold the quote"
    assert wrong in validate(tree_root).stdout
    assert wrong in validate(tree_root).stdout  # warm: from the memo
    assert (tree_root / ".tracker-cache" / "quote_lines.msgpack").exists()
    _with_evidence(tree_root, line=8)  # fixed, not committed
    assert validate(tree_root).exit_code == 0
    path.write_text(path.read_text("utf-8").replace("line: 8", "line: 9"), encoding="utf-8")
    assert "evidence line 9 does not hold the quote" in validate(tree_root).stdout
    # the letter changes under the entry: line 8 is now line 9
    seed = tree_root / "seeds" / SEED_B
    seed.write_text("前言一行。\n" + seed.read_text("utf-8"), encoding="utf-8")
    out = validate(tree_root).stdout
    assert "evidence line 9 does not hold the quote" not in out
