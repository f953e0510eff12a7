"""diffplan.json_text: the text of `diff --json`, byte for byte what json.dumps writes."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import Shape, make_tree
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tracker import diffplan, store
from tracker.cli import app

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
