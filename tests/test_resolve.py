"""Ids as people type them: one resolve() for show, log and diff, with "did you mean"."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import LETTER_A, LETTER_B
from typer.testing import CliRunner

from tracker.cli import app
from tracker.model import UsageError
from tracker.resolve import Want, copy_hint, copy_of, normal_id, resolve

C = [f"x-2023/0{i}" for i in range(1, 5)] + ["y-2025/01", "y-2025/02"]
R = ["x-2023", "y-2025", "z-2024"]
ENV = {"COLUMNS": "120", "NO_COLOR": "1", "LANG": "C.UTF-8", "LC_ALL": ""}
runner = CliRunner()


def fails(ident: str, want: Want, lang: str = "en") -> UsageError:
    with pytest.raises(UsageError) as e:
        resolve(ident, C, R, want, lang=lang)
    return e.value


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("x-2023/03", "x-2023/03"),
        ("commitments/x-2023/03.yaml", "x-2023/03"),
        ("./commitments/x-2023/reply.yaml", "x-2023"),
        ("x-2023/０３", "x-2023/03"),
        (" x-2023/ ", "x-2023"),
    ],
)
def test_normal_id(typed, meant):
    assert normal_id(typed) == meant


def test_one_set_of_rules_for_every_want():
    assert resolve("x-2023/03", C, R, Want.ONE) == ["x-2023/03"]
    assert resolve("y-2025/0", C, R, Want.COMMITMENTS) == ["y-2025/01", "y-2025/02"]
    assert resolve("x-2023", C, R, Want.COMMITMENTS) == C[:4]
    assert resolve("x-2023", C, R, Want.RECORDS) == ["x-2023"]
    # a prefix that begins several letters selects them all where several are taken
    assert resolve("x-", C, R, Want.COMMITMENTS) == C[:4]
    assert resolve("y-2025/02", C, R, Want.ONE) == ["y-2025/02"]


def test_several_letters_by_prefix():
    c = ["gz-2023/01", "gz-2024/01", "gz-2024/02"]
    r = ["gz-2023", "gz-2024"]
    assert resolve("gz", c, r, Want.COMMITMENTS) == c
    assert resolve("gz", c, r, Want.RECORDS) == r
    e = fails_with(c, r, "gz", Want.ONE)
    assert e.message == "'gz' matches 3 commitments: gz-2023/01, gz-2024/01, gz-2024/02"


def fails_with(c, r, ident, want) -> UsageError:
    with pytest.raises(UsageError) as e:
        resolve(ident, c, r, want)
    return e.value


def test_an_unpadded_number_gets_did_you_mean():
    e = fails("x-2023/2", Want.ONE)
    assert e.message == "no commitment 'x-2023/2'" and e.hint == "did you mean x-2023/02?"
    assert fails("x-2023/002", Want.COMMITMENTS).hint == "did you mean x-2023/02?"
    zh = fails("x-2023/2", Want.ONE, "zh")
    assert zh.message == "没有编号为 'x-2023/2' 的承诺" and zh.hint == "是否要找：x-2023/02？"


def test_a_mistyped_letter_gets_the_closest_ids():
    e = fails("x-2033/02", Want.ONE)
    assert e.hint is not None and e.hint.startswith("did you mean x-2023/02")


def test_nothing_close_says_how_ids_look():
    e = fails("tj-edu", Want.COMMITMENTS)
    assert e.message == "no reply or commitment id starts with 'tj-edu'"
    assert "`tracker status` lists them" in (e.hint or "")


def test_a_letter_where_one_commitment_is_wanted():
    e = fails("x-2023", Want.ONE)
    assert e.message.startswith("'x-2023' is a letter with 4 commitments: x-2023/01")
    assert e.hint == "give one of them, e.g. x-2023/01"
    assert "没有承诺" in fails("z-2024", Want.COMMITMENTS, "zh").message


@pytest.mark.parametrize(
    "name", ["03 副本", "03 - 副本 (2)", "03的副本", "副本 03", "03 (1)", "03 - Copy", "Copy of 03"]
)
def test_copies_are_recognised(name):
    assert copy_of(name) == "03"
    e = fails(f"x-2023/{name}", Want.ONE)
    assert "is a copy of the file of x-2023/03" in e.message
    assert f"commitments/x-2023/{name}.yaml" in (e.hint or "")


@pytest.mark.parametrize("name", ["03", "12", "3a", "附件"])
def test_other_names_are_not_copies(name):
    assert copy_of(name) is None


def test_copy_hint_names_the_copy_and_the_next_number():
    hint = copy_hint("commitments/x-2023/03 副本.yaml", "x-2023/03", C)
    assert hint == (
        "03 副本.yaml looks like a copy of 03.yaml, with the original's id: delete it if it is "
        "not needed; if it is a new item, rename it to 05.yaml and set id: x-2023/05"
    )
    assert copy_hint("commitments/x-2023/05.yaml", "x-2023/03", C) is None


# --- through the commands ------------------------------------------------------------------------


def run(root: Path, *args: str):
    return runner.invoke(app, [*args, "--root", str(root)], env=ENV)


def test_show_says_did_you_mean_for_an_unpadded_id(tree_root):
    r = run(tree_root, "show", f"{LETTER_A}/3")
    assert r.exit_code == 2
    assert f"error: no commitment '{LETTER_A}/3'" in r.stderr
    assert f"hint: did you mean {LETTER_A}/03?" in r.stderr
    r = runner.invoke(
        app, ["show", f"{LETTER_A}/3", "--root", str(tree_root), "--lang", "zh"], env=ENV
    )
    assert f"是否要找：{LETTER_A}/03？" in r.stderr


def test_diff_and_log_take_the_same_ids(tree_root):
    r = run(tree_root, "diff", f"{LETTER_B}/2", "--json")
    assert r.exit_code == 2 and f"did you mean {LETTER_B}/02?" in r.stderr
    r = run(tree_root, "log", f"{LETTER_B}/2")
    assert r.exit_code == 2 and f"did you mean {LETTER_B}/02?" in r.stderr
    data = json.loads(run(tree_root, "diff", "gz-edu-20", "--json").stdout)
    assert len(data["commitments"]) == 4 + 2  # both letters the prefix begins


def test_a_copied_file_gets_a_hint_that_names_the_copy(tree_root):
    folder = tree_root / "commitments" / LETTER_A
    shutil.copy(folder / "03.yaml", folder / "03 副本.yaml")
    v = run(tree_root, "validate")
    assert v.exit_code == 1
    line = next(x for x in v.stdout.splitlines() if x.startswith(f"commitments/{LETTER_A}/03 副本"))
    assert "03 副本.yaml looks like a copy of 03.yaml" in line
    assert f"rename it to 05.yaml and set id: {LETTER_A}/05" in line
    assert f"set id: {LETTER_A}/03 副本" not in line
    s = run(tree_root, "show", f"{LETTER_A}/03 副本")
    assert s.exit_code == 2
    assert f"is a copy of the file of {LETTER_A}/03" in s.stderr


def test_an_id_naming_a_file_reads_that_file_its_letter_and_nothing_else(tmp_path: Path) -> None:
    from conftest import Shape, make_tree

    from tracker.resolve import record_exists, records_for

    root = make_tree(tmp_path / "t", shape=Shape.IMPORTED)
    first = sorted((root / "commitments" / LETTER_A).glob("0*.yaml"))[0]
    ident = f"{LETTER_A}/{first.stem}"
    found = records_for(root, f"commitments/{ident}.yaml")  # as a path, too
    assert found is not None
    path, one = found
    assert path == first
    assert list(one.commitments) == [ident]
    assert set(one.replies) == {LETTER_A}  # not letter B: the whole tree was not read
    assert record_exists(root, ident) and record_exists(root, LETTER_A)
    # the start of ids, an id that names nothing, and ids leaving the tree need the whole tree
    for other in (LETTER_A[:5], f"{LETTER_A}/99", "../t/commitments", "/etc/passwd"):
        assert records_for(root, other) is None
        assert not record_exists(root, other)
