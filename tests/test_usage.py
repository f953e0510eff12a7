"""Usage errors: exit 2 and the tool's own words for every option given a bad value, and for a
folder that holds no tree."""

from __future__ import annotations

import pytest
import typer.main
from typer.testing import CliRunner

from tracker.cli import app

runner = CliRunner()

MISSING = "<a folder that does not exist>"
BAD_DATE = "2025-13-45"

# option -> a value it must refuse. Options that take any text (a filter's words) are listed in
# FREE_TEXT; flags take no value. A new option must go into one of them (see the walk's test).
BAD = {
    "--format": "bogus",
    "--root": MISSING,
    "--templates": MISSING,
    "--encoding": "no-such-codec",
    "--into": "elsewhere",
    "--min-score": "high",
    "--year": "last-year",
    "--status": "donee",
    "--fail-on": "donee",
    "--stale": "a-week",
    "--sort": "bogus",
    "--lang": "fr",
    "--as-of": BAD_DATE,
    "--changed-since": BAD_DATE,
    "--since": BAD_DATE,
    "--date": BAD_DATE,
    "--against": "no-such-reply-or-letter",
    "--output": "<an existing folder>",
}
FREE_TEXT = {"--issuer", "--tag", "--text"}
# what each command needs besides the option under test
BASE = {
    "import": ["{letter}"],
    "show": ["{item}"],
}


def _options() -> list[tuple[str, str]]:
    group = typer.main.get_command(app)
    out = []
    for name, cmd in sorted(group.commands.items()):  # type: ignore[attr-defined]
        for p in cmd.params:
            if p.param_type_name != "option" or getattr(p, "is_flag", False):
                continue
            long = next(o for o in p.opts if o.startswith("--"))
            out.append((name, long))
    return out


def test_every_option_with_a_value_is_walked():
    unknown = {opt for _, opt in _options()} - set(BAD) - FREE_TEXT
    assert not unknown, f"options with no bad value in test_usage.BAD: {sorted(unknown)}"


def _check(r, what: str) -> None:
    assert r.exit_code == 2, f"{what}: exit {r.exit_code}\n{r.output}"
    err = r.stderr
    assert err.startswith("error: "), f"{what}: {err!r}"
    assert "Usage:" not in err and "Invalid value" not in err and "Traceback" not in err, err
    assert "hint: " in err, f"{what}: no hint in {err!r}"


@pytest.mark.parametrize("command,option", [c for c in _options() if c[1] in BAD], ids="-".join)
def test_bad_value_is_a_usage_error_in_the_tools_words(command, option, git_repo, tmp_path):
    from conftest import LETTER_A, SEED_A

    root = git_repo.root
    value = BAD[option]
    if value == MISSING:
        value = str(tmp_path / "no-such-folder")
    elif value == "<an existing folder>":
        (tmp_path / "out").mkdir()
        value = str(tmp_path / "out")
    args = [
        a.format(letter=str(root / "seeds" / SEED_A), item=f"{LETTER_A}/01")
        for a in BASE.get(command, [])
    ]
    extra = [] if option == "--root" else ["--root", str(root)]
    if command == "site" and option == "--output":  # a file where the site's folder should be
        out = tmp_path / "site.html"
        out.write_text("", encoding="utf-8")
        value = str(out)
    r = runner.invoke(app, [command, *args, option, value, *extra], env={"COLUMNS": "100"})
    _check(r, f"tracker {command} {option} {value}")


@pytest.mark.parametrize(
    "args",
    [["status", "--sort"], ["show"], ["schema", "bogus"], ["frobnicate"], ["status", "--frob"]],
    ids=" ".join,
)
def test_other_usage_errors(args, git_repo):
    r = runner.invoke(app, args, env={"TRACKER_ROOT": str(git_repo.root)})
    _check(r, " ".join(args))


def test_a_mistyped_choice_says_what_is_accepted(tree_root):
    r = runner.invoke(app, ["status", "--sort", "agee", "--root", str(tree_root)])
    assert r.exit_code == 2
    assert r.stderr.splitlines()[0] == (
        "error: --sort: 'agee' is not one of 'id', 'date', 'status', 'issuer', 'age'"
    )
    assert r.stderr.splitlines()[1] == "  hint: see `tracker status --help`"


READERS = [
    ["validate"],
    ["status"],
    ["digest"],
    ["export"],
    ["site", "-o", "site-out"],
    ["log"],
    ["show", "x-2024-1/01"],
    ["diff"],
]


@pytest.mark.parametrize("args", READERS, ids=" ".join)
def test_no_tree_here_or_above_is_a_usage_error(args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TRACKER_ROOT", raising=False)
    r = runner.invoke(app, args)
    assert r.exit_code == 2, r.output
    assert r.stderr == (
        "error: no commitments/ folder here or above\n  hint: run `tracker init` or pass --root\n"
    )
    assert r.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # nothing written


@pytest.mark.parametrize("args", READERS, ids=" ".join)
def test_root_without_a_tree_is_a_usage_error(args, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    r = runner.invoke(app, [*args, "--root", str(empty)])
    assert r.exit_code == 2, r.output
    assert f"{empty}: no commitments/ folder here" in r.stderr
    assert f"tracker init {empty}" in r.stderr


def test_a_tree_found_above(tree_root, monkeypatch):
    sub = tree_root / "seeds"
    monkeypatch.chdir(sub)
    monkeypatch.delenv("TRACKER_ROOT", raising=False)
    r = runner.invoke(app, ["validate"])
    assert r.exit_code == 0, r.output
    assert "commitments in 2 letters" in r.output  # the summary goes to stderr after warnings


def test_import_still_starts_a_tree_in_an_empty_folder(tmp_path, monkeypatch):
    from conftest import SEED_A, SEEDS

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TRACKER_ROOT", raising=False)
    r = runner.invoke(app, ["import", str(SEEDS / SEED_A)])
    assert r.exit_code == 0, r.output
    assert list((tmp_path / "commitments").glob("*/reply.yaml"))


def test_bare_export_prints_csv(tree_root):
    r = runner.invoke(app, ["export", "--root", str(tree_root)])
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("\ufeff序号,来文,承办单位,承诺内容,状态")
    assert "广州市教育局" in r.stdout


def test_export_format_follows_the_output_name(tree_root, tmp_path):
    out = tmp_path / "台账.xlsx"
    r = runner.invoke(app, ["export", "--root", str(tree_root), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert out.read_bytes()[:2] == b"PK"  # a zip: the workbook
    csv = tmp_path / "ledger.csv"
    r = runner.invoke(app, ["export", "--root", str(tree_root), "-o", str(csv)])
    assert r.exit_code == 0 and csv.read_bytes().startswith("\ufeff序号".encode())
    r = runner.invoke(app, ["export", "--root", str(tree_root), "--format", "xlsx"])
    assert r.exit_code == 2 and "give a file to write" in r.stderr


def test_missing_templates_folder_is_refused(tree_root, tmp_path):
    r = runner.invoke(
        app, ["digest", "--root", str(tree_root), "--templates", str(tmp_path / "nope")]
    )
    assert r.exit_code == 2
    assert f"{tmp_path / 'nope'}: no such template folder" in r.stderr
    assert r.stdout == ""
