"""The tree the project ships is what `make run` makes of its letters: importing the bundled seeds
with `--update` and recording `diff --write` change no byte of `commitments/`. When the reader or
the matcher changes what it reads, this fails until the shipped YAML is brought up to date (run
`make run` and commit the files it changed), so a fresh clone's `make run` leaves git clean.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from tracker.cli import app

PROJECT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_make_run_changes_nothing_in_the_shipped_tree(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    root.mkdir()
    shutil.copytree(PROJECT / "seeds", root / "seeds")
    shutil.copytree(PROJECT / "commitments", root / "commitments")
    shipped = _files(root / "commitments")
    assert len(shipped) > 20, "the shipped tree is missing: the test would prove nothing"
    seeds = sorted(str(p) for p in (root / "seeds").glob("*.txt"))
    env = {"COLUMNS": "200", "NO_COLOR": "1"}
    for args in (["import", *seeds, "--update"], ["diff", "--write"]):
        result = runner.invoke(app, [*args, "--root", str(root)], env=env)
        assert result.exit_code == 0, result.output
    after = _files(root / "commitments")
    changed = sorted(k for k in after.keys() | shipped.keys() if after.get(k) != shipped.get(k))
    assert not changed, f"`make run` would change {changed}: run it and commit the result"
