"""One vocabulary: statuses and verdicts line up, one Chinese label per meaning, labels in one
module; a label written in a file is reported with the value to write."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import LETTER_A, evidence_entry, item_yaml
from typer.testing import CliRunner

from tracker import labels
from tracker.cli import app
from tracker.labels import Lang, lang_from_env
from tracker.model import Status, Verdict

runner = CliRunner()


def test_every_status_and_verdict_has_a_label_in_both_languages():
    for s in Status:
        assert s.label("zh") and s.label("en")
    for v in Verdict:
        assert v.label("zh") and v.label("en")


@pytest.mark.parametrize("verdict", list(Verdict))
def test_a_verdict_has_the_chinese_label_of_the_status_it_proposes(verdict):
    assert verdict.label("zh") == verdict.status.label("zh")


def test_the_pairs_line_up():
    assert Verdict.PROGRESS.status == Status.IN_PROGRESS
    assert Verdict.SILENT.status == Status.DROPPED
    assert Verdict.SILENT.label("zh") == Status.DROPPED.label("zh") == "未再提及"
    assert Verdict.PROGRESS.label("en") == Status.IN_PROGRESS.label("en") == "in progress"


def test_the_docs_table_is_the_modules():
    doc = (Path(__file__).resolve().parent.parent / "docs" / "format.md").read_text("utf-8")
    for status, (zh, _) in labels.STATUS_WORDS.items():
        verdicts = [v for v, s in labels.VERDICT_STATUS.items() if s == status]
        row = next(line for line in doc.splitlines() if line.startswith(f"| `{status}` |"))
        assert f"| {zh} |" in row
        for v in verdicts:
            assert f"`{v}`" in row


@pytest.mark.parametrize(
    ("env", "lang"),
    [
        ({"LANG": "zh_CN.UTF-8"}, Lang.ZH),
        ({"LANG": "en_US.UTF-8", "LC_ALL": "zh_TW.UTF-8"}, Lang.ZH),
        ({"LANG": "zh_CN.UTF-8", "LC_ALL": "en_GB.UTF-8"}, Lang.EN),
        ({"LANG": "fr_FR"}, Lang.EN),
        ({"LANG": "C.UTF-8"}, None),
        ({"LC_ALL": "", "LANG": "POSIX"}, None),
        ({}, None),
    ],
)
def test_the_language_of_the_environment(env, lang):
    assert lang_from_env(env) == lang


def _set(root: Path, **changes: object) -> None:
    path = root / "commitments" / LETTER_A / "03.yaml"
    path.write_text(item_yaml(LETTER_A, "03", **changes), encoding="utf-8")


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("已兑现", "done"),
        ("推进中", "in_progress"),
        ("progress", "in_progress"),
        ("silent", "dropped"),
        ("未再提及", "dropped"),
    ],
)
def test_a_status_label_in_a_file_is_reported_with_the_value_to_write(tree_root, written, value):
    _set(tree_root, status=written)
    before = (tree_root / "commitments" / LETTER_A / "03.yaml").read_bytes()
    r = runner.invoke(app, ["validate", "--root", str(tree_root)])
    assert r.exit_code == 1
    assert f"unknown status '{written}'" in r.stdout and f"(write status: {value})" in r.stdout
    assert (tree_root / "commitments" / LETTER_A / "03.yaml").read_bytes() == before  # untouched


@pytest.mark.parametrize(
    ("written", "value"), [("推进中", "progress"), ("in_progress", "progress"), ("已兑现", "done")]
)
def test_a_verdict_label_in_a_file_is_reported_with_the_value_to_write(tree_root, written, value):
    _set(tree_root, evidence=[evidence_entry("03", written)])
    r = runner.invoke(app, ["validate", "--root", str(tree_root)])
    assert r.exit_code == 1
    assert f"unknown verdict '{written}'" in r.stdout and f"(write verdict: {value})" in r.stdout
