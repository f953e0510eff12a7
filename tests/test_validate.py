"""`tracker validate`: every kind of problem with its exact place and message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Shape, make_tree
from typer.testing import CliRunner

from tracker.cli import app

C1 = "commitments/gz-edu-2023-ta5020/01.yaml"
C2 = "commitments/gz-edu-2023-ta5020/02.yaml"
R1 = "commitments/gz-edu-2023-ta5020/reply.yaml"

runner = CliRunner()


def run(root: Path, *args: str):
    return runner.invoke(app, ["validate", "--root", str(root), *args])


def edit(root: Path, rel: str, old: str, new: str) -> None:
    p = root / rel
    text = p.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    p.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_clean_tree(tmp_path):
    make_tree(tmp_path, shape=Shape.SMALL)
    r = run(tmp_path)
    assert r.exit_code == 0, r.output
    assert "3 commitments" not in r.output
    assert "2 commitments in 2 letters: 0 errors, 0 warnings" in r.output


CASES = [
    # (file, old, new, expected line of output)
    (
        C1,
        "status: pending",
        "status: donee",
        f"{C1}:6:9: error: unknown status 'donee' (expected one of: pending, in_progress, done, repeated, "
        "dropped, superseded) (did you mean 'done'?)",
    ),
    (
        C1,
        "status: pending",
        "status: pending\nstatus: done",
        f"{C1}:7:1: error: duplicate key 'status' (first at line 6) (keep one of them)",
    ),
    (
        C1,
        "tags: []",
        "tags: []\n<<<<<<< HEAD",
        f"{C1}:11:1: error: merge-conflict marker (resolve the conflict, keep one side, and remove the markers)",
    ),
    (
        C1,
        "due: null",
        "due: 2024-02-30",
        f"{C1}:9:6: error: 'due' is not a real date: 2024-02-30 (check the day and month)",
    ),
    (
        C1,
        "due: null",
        "due: next week",
        f"{C1}:9:6: error: 'due' must be a date like 2024-07-24, found 'next week'",
    ),
    (
        C1,
        "owners: []",
        "owner: []",
        f"{C1}:8:1: error: unknown field 'owner' (did you mean 'owners'?)",
    ),
    (
        C1,
        "id: gz-edu-2023-ta5020/01",
        "id: gz-edu-2023-ta5020/07",
        f"{C1}:1:5: error: id 'gz-edu-2023-ta5020/07' does not match its path (expected 'gz-edu-2023-ta5020/01') "
        "(set id: gz-edu-2023-ta5020/01)",
    ),
    (
        C1,
        "text: 推进全市中小学100%配齐专职心理教师;",
        "text: 推进全市中小学100%配齐专职心理教师和校医;",
        f"{C1}:4:7: error: text does not occur in its letter seeds/000_a140f72d90f69cdb.txt "
        "(restore the text as printed; put remarks in status_note)",
    ),
    (
        C1,
        "lines: [36, 36]",
        "lines: [36, 30]",
        f"{C1}:5:8: error: 'lines' must be [first, last] line numbers, found [36, 30] (e.g. lines: [32, 34])",
    ),
    (
        C1,
        "tags: []",
        "tags: 师资",
        f"{C1}:10:7: error: 'tags' must be a list of text, found text (write tags: [师资])",
    ),
    (
        R1,
        "category: A",
        "category: E",
        f"{R1}:16:11: error: unknown category 'E' (expected one of: A, B, C, D)",
    ),
    (
        R1,
        "number: '5020'",
        "number: 5020",
        f"{R1}:13:9: error: 'number' must be text, found a number 5020 (quote it: number: \"5020\")",
    ),
    (
        C1,
        "reply: gz-edu-2023-ta5020",
        "reply: gz-edu-2023-ta9999",
        f"{C1}:2:8: error: reply 'gz-edu-2023-ta9999' is not the folder it sits in ('gz-edu-2023-ta5020') "
        "(set reply: gz-edu-2023-ta5020)",
    ),
]


@pytest.mark.parametrize(
    "rel,old,new,expected", CASES, ids=[c[3].split(": ", 2)[2][:40] for c in CASES]
)
def test_problem_is_reported_at_its_place(tmp_path, rel, old, new, expected):
    make_tree(tmp_path, shape=Shape.SMALL)
    edit(tmp_path, rel, old, new)
    r = run(tmp_path)
    assert r.exit_code == 1
    assert expected in r.output.splitlines(), r.output


def test_tab_indentation_and_syntax_errors(tmp_path):
    make_tree(tmp_path, shape=Shape.SMALL)
    edit(tmp_path, C1, "owners: []", "owners:\n\t- 市教育局")
    edit(tmp_path, C2, "tags: []", "tags: [师资")
    r = run(tmp_path)
    assert r.exit_code == 1
    lines = r.output.splitlines()
    assert f"{C1}:9:1: error: tab used for indentation (indent with spaces)" in lines
    assert any(line.startswith(f"{C2}:11:9: error: YAML syntax error") for line in lines), r.output


def test_not_utf8_and_empty(tmp_path):
    make_tree(tmp_path, shape=Shape.SMALL)
    (tmp_path / C1).write_bytes("text: 推进".encode("gb18030"))
    (tmp_path / C2).write_bytes(b"")
    r = run(tmp_path)
    assert (
        f"{C1}:1:7: error: not UTF-8 (byte 0xcd) (save the file as UTF-8)" in r.output.splitlines()
    )
    assert (
        f"{C2}:1:1: error: file is empty (delete it, or run `tracker import` again to recreate it)"
        in r.output.splitlines()
    )


def test_evidence_checks(tmp_path):
    make_tree(tmp_path, shape=Shape.SMALL)
    block = (
        "evidence:\n"
        "  - reply: gz-edu-2025-ta4154\n    section: progress\n    quote: 这句话不在信里\n"
        "    verdict: done\n    score: 0.5\n    confirmed: false\n"
        "  - reply: gz-edu-2023-ta5020\n    section: progress\n    quote: 推进全市中小学100%配备专职心理教师\n"
        "    verdict: done\n    score: 0.5\n    confirmed: false\n"
        "  - reply: nowhere-2024-ta1\n    section: next_steps\n    quote: x\n"
        "    verdict: repeated\n    score: 0.5\n    confirmed: false\n"
    )
    edit(tmp_path, C1, "evidence: []", block)
    lines = run(tmp_path).output.splitlines()
    assert (
        f"{C1}:14:12: error: quote does not occur in letter seeds/002_77355670e473416b.txt, and no passage of it is close (quote the later letter verbatim, from the letter the entry names)"
        in lines
    )
    assert (
        f"{C1}:18:12: error: evidence quotes the commitment's own letter (evidence must come from a later letter)"
        in lines
    )
    assert (
        f"{C1}:24:12: error: evidence points at reply 'nowhere-2024-ta1', which does not exist "
        "(import that letter or remove the entry)"
    ) in lines


def test_changed_letter_is_a_warning_and_strict_fails(tmp_path):
    make_tree(tmp_path, shape=Shape.SMALL)
    seed = tmp_path / "seeds/002_77355670e473416b.txt"
    seed.write_bytes(seed.read_bytes() + b"\n")
    r = run(tmp_path)
    assert r.exit_code == 0
    assert (
        "commitments/gz-edu-2025-ta4154/reply.yaml:5:11: warning: the letter seeds/002_77355670e473416b.txt "
        "changed since import (review the change, then run `tracker import seeds/002_77355670e473416b.txt --update`)"
    ) in r.output.splitlines()
    assert run(tmp_path, "--strict").exit_code == 1


def test_json_and_github_formats(tmp_path):
    make_tree(tmp_path, shape=Shape.SMALL)
    edit(tmp_path, C1, "status: pending", "status: donee")
    data = json.loads(run(tmp_path, "--format", "json").stdout)
    assert data[0]["path"] == C1 and data[0]["line"] == 6 and data[0]["level"] == "error"
    gh = run(tmp_path, "--format", "github").stdout.splitlines()
    assert gh[0].startswith(f"::error file={C1},line=6,col=9::unknown status 'donee'")


def test_usage_errors_exit_2(tmp_path):
    make_tree(tmp_path, shape=Shape.SMALL)
    assert run(tmp_path, "--format", "xml").exit_code == 2
    r = run(tmp_path, str(tmp_path / "nope"))
    assert r.exit_code == 2
    assert "no such file or folder" in r.output


def test_schema_command_prints_both_schemas():
    r = runner.invoke(app, ["schema"])
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    assert set(data) == {"reply", "commitment"}
    assert "donee" not in data["commitment"]["properties"]["status"]["enum"]
    assert data["commitment"]["properties"]["status"]["enum"][0] == "pending"


# --- half a letter ------------------------------------------------------------------------------

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
LETTERS = Path(__file__).resolve().parent / "letters"


def _imported(tmp_path: Path, letter: Path) -> Path:
    root = make_tree(tmp_path / "tree", shape=Shape.SMALL)
    r = runner.invoke(app, ["import", str(letter), "--root", str(root)])
    assert r.exit_code == 0, r.output
    return root


@pytest.mark.parametrize("cache", ["", "1"])
def test_a_letter_folder_missing_items_is_a_warning(tmp_path, monkeypatch, cache):
    """What an import killed half-way left before letters were written whole: 2 of 6 items."""
    monkeypatch.setenv("TRACKER_NO_CACHE", cache)
    root = _imported(tmp_path, SEEDS / "003_84ada05304f0c74f.txt")
    folder = root / "commitments/tj-edu-2024-jy0480"
    for n in range(3, 7):
        (folder / f"0{n}.yaml").unlink()
    for _ in range(2):  # the second run answers from the check caches
        r = run(root)
        assert r.exit_code == 0, r.output
        assert (
            "commitments/tj-edu-2024-jy0480/reply.yaml:28:12: warning: the letter's next-steps "
            "section holds 6 items; commitments/tj-edu-2024-jy0480/ holds 2 (an import that did "
            "not finish?) (run `tracker import seeds/tj-edu-2024-jy0480.txt --update` to write "
            "the missing ones)"
        ) in r.output
    assert run(root, "--strict").exit_code == 1
    r = runner.invoke(
        app, ["import", str(root / "seeds/tj-edu-2024-jy0480.txt"), "--update", "--root", str(root)]
    )
    assert r.exit_code == 0, r.output
    r = run(root, "--strict")
    assert r.exit_code == 0, r.output


@pytest.mark.parametrize("letter", ["nested-numbering.txt", "point-by-point.txt"])
def test_a_whole_letter_is_not_taken_for_half_a_letter(tmp_path, letter):
    """A section that closes with a paragraph after its last item holds every item."""
    root = _imported(tmp_path, LETTERS / letter)
    r = run(root, "--strict")
    assert r.exit_code == 0, r.output
