"""The benchmark's generator makes valid trees in the store's own layout, and the harness runs."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tracker import store
from tracker.cli import app

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _module(name: str):
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))  # run.py imports generate as its neighbour
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


generate = _module("generate")


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("bench") / "tree"
    g = generate.generate(root, 200, git=False, clerk_commits=40, check=60)
    assert (g.commitments, g.checked) == (200, 60)
    return root


def test_generated_tree_validates(tree):
    r = CliRunner().invoke(app, ["validate", "--root", str(tree), "--strict"])
    assert r.exit_code == 0, r.output
    letters = len(list((tree / "commitments").glob("*/reply.yaml")))
    assert f"200 commitments in {letters} letters: 0 errors, 0 warnings" in r.output


def test_generated_tree_is_realistic(tree):
    t = store.load_tree(tree, cache=False)
    issuers = {r.effective_issuer for r in t.replies.values()}
    years = {r.reply_date.year for r in t.replies.values() if r.reply_date}
    assert len(issuers) >= 10 and len(years) == 7
    assert all(len(r.sections) == 2 for r in t.replies.values())
    assert sum(bool(c.evidence) for c in t.commitments.values()) > 50
    assert len({c.status for c in t.commitments.values()}) >= 4
    texts = [p.read_text(encoding="utf-8") for p in (tree / "commitments").glob("*/0*.yaml")]
    assert any(text.startswith("# ") for text in texts)  # clerks' comments
    assert any("  # " in text for text in texts)


def test_layout_is_checked_against_the_store(tree):
    assert generate.check_layout(tree, 30) == 30
    # a drift in the generator's quoting is caught: a file quoting what the store leaves plain
    r = next(
        t for t in store.load_tree(tree, cache=False).replies.values() if t.id.startswith("gz-")
    )
    plain = generate.reply_text(r)
    text = plain.replace(f"\nid: {r.id}\n", f'\nid: "{r.id}"\n', 1)
    assert text != plain
    path = tree / "commitments" / r.id / "reply.yaml"
    old = path.read_text(encoding="utf-8")
    try:
        path.write_text(text, encoding="utf-8")
        with pytest.raises(AssertionError, match="drifted"):
            generate.check_layout(tree, 10_000)
    finally:
        path.write_text(old, encoding="utf-8")


def test_generator_refuses_what_it_cannot_quote():
    assert generate.y_str("5020") == "'5020'"
    assert generate.y_str("穗教案〔2023〕208号") == "穗教案〔2023〕208号"
    with pytest.raises(ValueError):
        generate.y_str("a: b")


def test_harness_runs_end_to_end(tmp_path, capsys):
    run = _module("run")
    assert (
        run.main(
            [
                "--sizes",
                "40",
                "--runs",
                "1",
                "--only",
                "validate,status --json",
                "--no-diff",
                "--no-import",
                "--hostile",
                "200",
                "--tmp",
                str(tmp_path),
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "tracker --help" in out and "tracker validate" in out and "tracker status --json" in out
    assert "tracker validate (hostile: 200 evidence entries, 1 file)" in out
    assert "round trip (ruamel.yaml" in out
    assert "failed" not in out
    assert list(tmp_path.iterdir()) == []  # trees removed


def test_missing_command_is_reported_not_fatal(tmp_path):
    run = _module("run")
    bench = run.Bench(tmp_path, 1, 30)
    assert run.available(bench, ["no-such-command"], tmp_path).startswith("not available")
