"""No silent omissions: a command that reads the tree and meets a file it cannot read either
refuses (exit 1, naming the file) or, with --keep-going, says so inside its own output."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from conftest import LETTER_A
from typer.testing import CliRunner

from tracker.cli import app

runner = CliRunner()
BROKEN = f"commitments/{LETTER_A}/02.yaml"
ENV = {"COLUMNS": "200", "NO_COLOR": "1", "LANG": "C.UTF-8", "LC_ALL": ""}


@pytest.fixture
def broken(tree_root: Path) -> Path:
    (tree_root / BROKEN).write_text(f"id: {LETTER_A}/02\nreply: [unclosed\n", encoding="utf-8")
    return tree_root


def run(root: Path, *args: str, env: dict[str, str] | None = None):
    return runner.invoke(app, [*args, "--root", str(root)], env={**ENV, **(env or {})})


@pytest.mark.parametrize(
    "args",
    [["status"], ["status", "--json"], ["digest"], ["digest", "--format", "html"], ["export"]],
)
def test_a_broken_file_is_an_error_that_names_it(broken, args):
    r = run(broken, *args)
    assert r.exit_code == 1, r.output
    assert r.stdout == ""  # nothing half-told
    assert f"{BROKEN}:3:1: error: YAML syntax error" in r.stderr
    assert "could not be read" in r.stderr and "--keep-going" in r.stderr


def test_a_digest_file_is_not_written_when_a_file_is_broken(broken, tmp_path):
    out = tmp_path / "digest.md"
    r = run(broken, "digest", "-o", str(out))
    assert r.exit_code == 1
    assert not out.exists()


def test_keep_going_digest_names_the_file_in_the_digest(broken):
    r = run(broken, "digest", "--keep-going")
    assert r.exit_code == 0, r.output
    head = r.stdout.split("## ", 1)[0]  # the notice comes before the first section
    assert "注意：1 个文件无法读取，未计入本简报" in head
    assert f"{BROKEN}:3:1" in head
    html = run(broken, "digest", "--keep-going", "--format", "html", "--lang", "en").stdout
    assert "Note: 1 file(s) could not be read and are not counted in this digest" in html
    assert f"<code>{BROKEN}:3:1" in html


def test_keep_going_status_table_says_what_it_lacks(broken):
    r = run(broken, "status", "--keep-going")
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[1].startswith("注意：1 个文件无法读取，未列入下表")
    assert BROKEN in lines[2]
    assert f"{LETTER_A}/02" not in r.stdout.split(BROKEN)[-1]  # the row itself is not there
    # machine-readable outputs stay so: the notice goes to stderr
    j = run(broken, "status", "--keep-going", "--json")
    assert j.exit_code == 0 and j.stdout.lstrip().startswith("[")
    assert BROKEN in j.stderr and "left out" in j.stderr


def test_keep_going_ledger_ends_with_a_notice_row(broken, tmp_path):
    r = run(broken, "export", "--keep-going")
    assert r.exit_code == 0, r.output
    rows = list(csv.reader(io.StringIO(r.stdout.lstrip("\ufeff"))))
    assert rows[-1][0] == "注意"
    assert rows[-1][1].startswith("1 个文件无法读取，未列入本台账")
    assert BROKEN in rows[-1][1]
    out = tmp_path / "ledger.xlsx"
    assert run(broken, "export", "--keep-going", "-o", str(out)).exit_code == 0
    from openpyxl import load_workbook

    ws = load_workbook(out).active
    last = [c.value for c in ws[ws.max_row]]
    assert last[0] == "注意" and BROKEN in last[1]


def test_messages_follow_the_environments_language(broken):
    r = run(broken, "status", env={"LANG": "zh_CN.UTF-8"})
    assert r.exit_code == 1
    assert "1 个文件无法读取" in r.stderr and "--keep-going" in r.stderr


def test_show_on_a_broken_file_says_it_is_broken_and_where(broken):
    r = run(broken, "show", f"{LETTER_A}/02")
    assert r.exit_code == 1
    assert "no commitment" not in r.stderr
    assert f"{BROKEN} cannot be read" in r.stderr
    assert f"{BROKEN}:3:1: error: YAML syntax error" in r.stderr
    assert f"tracker validate {BROKEN}" in r.stderr


def test_a_clean_tree_is_untouched_by_keep_going(tree_root):
    plain = run(tree_root, "digest")
    kept = run(tree_root, "digest", "--keep-going")
    assert plain.exit_code == kept.exit_code == 0
    assert plain.stdout == kept.stdout
    assert "注意" not in plain.stdout


def test_site_refuses_a_broken_file_and_writes_nothing(broken, tmp_path):
    out = tmp_path / "site"
    r = run(broken, "site", "-o", str(out))
    assert r.exit_code == 1, r.output
    assert f"{BROKEN}:3:1: error: YAML syntax error" in r.stderr and "--keep-going" in r.stderr
    assert not out.exists()


def test_keep_going_site_says_so_on_its_index_page(broken, tmp_path):
    out = tmp_path / "site"
    r = run(broken, "site", "-o", str(out), "--keep-going")
    assert r.exit_code == 0, r.output
    index = (out / "index.html").read_text(encoding="utf-8")
    notice = index.split("<section", 1)[0]  # before the overview: seen first
    assert "注意：1 个文件无法读取，未计入本网站" in notice
    assert f"<code>{BROKEN}:3:1: 错误：YAML 语法错误" in notice
    r = run(broken, "site", "-o", str(out), "--keep-going", "--lang", "en")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Note: 1 file(s) could not be read and are not counted in this site" in index
    assert f"<code>{BROKEN}:3:1: error: YAML syntax error" in index
    # mended: the next build drops the notice
    (broken / BROKEN).write_text(
        (broken / f"commitments/{LETTER_A}/01.yaml")
        .read_text(encoding="utf-8")
        .replace(f"{LETTER_A}/01", f"{LETTER_A}/02"),
        encoding="utf-8",
    )
    r = run(broken, "site", "-o", str(out), "--lang", "en")
    assert r.exit_code == 0, r.output
    assert "could not be read" not in (out / "index.html").read_text(encoding="utf-8")
