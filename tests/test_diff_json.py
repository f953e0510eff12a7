"""diffplan.json_text: the text of `diff --json`, byte for byte what json.dumps writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SEED_OF, Shape, make_tree
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tracker import diffplan, store
from tracker.app import read_tree
from tracker.cli import app
from tracker.match import Options

runner = CliRunner()

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()  # control codes, quotes, backslashes, surrogates, CJK
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=30,
)


def reference(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


@settings(max_examples=300, deadline=None)
@given(values)
def test_same_text_as_json_dumps(data):
    assert diffplan.json_text(data) == reference(data)


def test_unexpected_data_goes_to_json_dumps():
    # keys json.dumps turns into strings, and tuples it writes as lists
    for data in ({1: "一", None: [], 2.5: {}}, {"a": (1, "二")}, [{True: 0.1}]):
        assert diffplan.json_text(data) == reference(data)


def test_diff_json_output_is_json_dumps(tmp_path: Path):
    root = make_tree(tmp_path / "tree", shape=Shape.IMPORTED)
    r = runner.invoke(app, ["diff", "--root", str(root), "--json"], env={"COLUMNS": "100"})
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["commitments"] and any(c["evidence"] for c in data["commitments"])
    assert r.stdout == reference(data) + "\n"
    # and the same as the diff computed in this process
    tree = store.load_tree(root)
    run = diffplan.run(tree, diffplan.Request())
    assert r.stdout == reference(diffplan.to_json(run.result, run.commitments)) + "\n"


def bundled_tree(root: Path) -> Path:
    """The bundled seed letters, all five, as the importer reads them (no evidence recorded)."""
    return make_tree(root, SEED_OF, shape=Shape.IMPORTED)


def written(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted((root / "commitments").rglob("*.yaml"))
    }


def test_worker_processes_write_the_same_bytes(tmp_path: Path):
    """`diff --json` and `diff --write` on the bundled tree: the same bytes whether the matcher
    works in one process or splits the bureaus between forked workers. The library is called as
    the command calls it, with the matcher's options in the request; what the command itself
    shows and writes is the same again."""

    def through_command(root: Path) -> tuple[str, dict[str, bytes]]:
        args = ["diff", "--root", str(root)]
        shown = runner.invoke(app, [*args, "--json"], env={"COLUMNS": "100"})
        wrote = runner.invoke(app, [*args, "--write", "--set-status"], env={"COLUMNS": "100"})
        assert shown.exit_code == 0 and wrote.exit_code == 0, shown.output + wrote.output
        return shown.stdout, written(root)

    def through_library(root: Path, options: Options) -> tuple[str, dict[str, bytes], list[int]]:
        shown = diffplan.run(read_tree(root), diffplan.Request(options=options))
        pieces: list[str] = []
        diffplan.write_json(diffplan.to_json(shown.result, shown.commitments), pieces.append)
        request = diffplan.Request(write=True, set_status=True, options=options)
        wrote = diffplan.run(read_tree(root), request)
        workers = [shown.result.workers, wrote.result.workers]
        return "".join(pieces) + "\n", written(root), workers

    command = through_command(bundled_tree(tmp_path / "command"))
    *alone, one = through_library(bundled_tree(tmp_path / "alone"), Options(workers=1))
    *parallel, two = through_library(
        bundled_tree(tmp_path / "parallel"), Options(parallel_from=1, workers=2)
    )
    assert one == [0, 0] and two == [2, 2]  # the workers did run, each time
    assert tuple(parallel) == tuple(alone) == command
    assert command[1] != written(bundled_tree(tmp_path / "untouched"))  # --write wrote something


@settings(max_examples=100, deadline=None)
@given(st.lists(st.dictionaries(st.text(), values, max_size=3), max_size=200))
def test_written_in_pieces_the_same_text(data):
    pieces: list[str] = []
    diffplan.write_json({"commitments": data}, pieces.append)
    assert "".join(pieces) == reference({"commitments": data})


def test_written_in_pieces_when_large():
    data = {"commitments": [{"id": f"甲/{i:02}", "evidence": [1.5, None, "乙"]} for i in range(30)]}
    pieces: list[str] = []
    diffplan.write_json(data, pieces.append, pieces=10)
    assert len(pieces) > 5 and "".join(pieces) == reference(data)


def test_write_json_refuses_what_it_cannot_write():
    with pytest.raises(TypeError, match="int key"):
        diffplan.write_json({"a": [{1: 2}]}, lambda piece: None)
