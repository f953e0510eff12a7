"""The status cache (tracker.summary) gives what the records give, and is never stale."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from conftest import Shape, make_tree
from test_cache import _age, git, written_while_read
from typer.testing import CliRunner

from tracker import cache, report, store, summary
from tracker.cli import app

C1 = "commitments/gz-edu-2023-ta5020/01.yaml"
TODAY = date(2026, 1, 15)


def _same(root: Path, few: int = summary.FEW) -> summary.Summaries:
    """The summaries agree with the records read afresh: rows, letters and reading errors."""
    s = summary.load(root, few=few)
    tree = store.load_tree(root, cache=False)
    assert summary.build_rows(s, TODAY) == report.build_rows(tree, TODAY)
    assert set(s.replies) == set(tree.replies)
    errors = [(p.path, p.format()) for p in tree.problems if p.level.value == "error"]
    assert s.errors == errors
    return s


def _entries(root: Path) -> dict:
    """The files the snapshot holds, with their keys ({} when there is none to trust)."""
    stored = summary._read(root)
    return {} if stored is None else dict(zip(stored.rels, stored.keys, strict=True))


def test_warm_run_parses_nothing(cached_tree):
    _same(cached_tree)
    calls: list[Path] = []
    with store.using_disk(store.Disk(before_read=calls.append)):
        summary.load(cached_tree)
    assert calls == []


def test_one_changed_file_is_parsed_alone(cached_tree):
    _same(cached_tree)
    p = cached_tree / C1
    p.write_text(p.read_text("utf-8").replace("status: pending", "status: done"), "utf-8")
    _age(p)  # same age as before: only the content key can tell
    calls: list[Path] = []
    with store.using_disk(store.Disk(before_read=calls.append)):
        s = summary.load(cached_tree)
    assert calls == [p]
    assert {c[1]: c[5] for c in s.commitments}["gz-edu-2023-ta5020/01"] == "done"
    _same(cached_tree)


@pytest.mark.parametrize("few", [0, 500])  # through the record cache, or file by file
def test_every_change_is_seen(cached_tree, few):
    _same(cached_tree, few)
    _same(cached_tree, few)
    letter = cached_tree / "commitments/gz-edu-2023-ta5020"
    # added: a folder walked first, whose file claims an id of a later folder
    early = cached_tree / "commitments/a-early"
    early.mkdir()
    shutil.copy(letter / "01.yaml", early / "01.yaml")
    _same(cached_tree, few)
    os.unlink(early / "01.yaml")  # deleted
    _same(cached_tree, few)
    assert "commitments/a-early/01.yaml" not in _entries(cached_tree)
    os.rename(letter / "02.yaml", letter / "07.yaml")  # renamed
    s = _same(cached_tree, few)
    assert {c[1]: c[11] for c in s.commitments}["gz-edu-2023-ta5020/02"] == (
        "commitments/gz-edu-2023-ta5020/07.yaml"
    )
    r = letter / "reply.yaml"  # a letter's date and issuer reach its commitments' rows
    r.write_text(
        r.read_text("utf-8").replace("2023-08-31", "2023-09-01").replace("广州市教育局", "某局"),
        "utf-8",
    )
    _age(r)
    s = _same(cached_tree, few)
    assert s.replies["gz-edu-2023-ta5020"][3] == "某局"
    os.utime(letter / "01.yaml")  # touched without a change
    _same(cached_tree, few)


def test_unreadable_files_are_reported_as_read_tree_does(cached_tree):
    _same(cached_tree)
    p = cached_tree / C1
    p.write_text("id: [unclosed\n", "utf-8")
    _age(p)
    s = _same(cached_tree)
    assert [path for path, _ in s.errors] == [C1]
    s = _same(cached_tree)  # from the cache, still reported
    assert [path for path, _ in s.errors] == [C1]
    git_or_not = cached_tree / ".git"
    if git_or_not.exists():
        git(cached_tree, "checkout", "--", "commitments")
    else:
        shutil.rmtree(cached_tree / "commitments")
        make_tree(cached_tree, shape=Shape.SMALL)
    assert _same(cached_tree).errors == []


@pytest.mark.parametrize("junk", [b"\x80\x05 not a pickle", b""])
def test_corrupt_cache_is_rebuilt(cached_tree, junk):
    _same(cached_tree)
    f = cached_tree / cache.CACHE_DIR / summary.STATUS_CACHE
    assert f.exists()
    f.write_bytes(junk)
    _same(cached_tree)
    assert _entries(cached_tree)
    _same(cached_tree)


def test_other_code_never_reads_the_cache(cached_tree):
    _same(cached_tree)
    assert _entries(cached_tree)
    assert cache.RecordCache(cached_tree, summary.STATUS_CACHE).entries == {}


def test_a_file_changed_while_it_is_read_is_not_cached(cached_tree):
    _same(cached_tree)
    p = cached_tree / C1
    old = p.read_bytes()
    p.write_bytes(old.replace(b"status: pending", b"status: repeated"))  # a new key: a miss
    with written_while_read(p, old.replace(b"status: pending", b"status: done")):
        summary.load(cached_tree)
    p.write_bytes(old.replace(b"status: pending", b"status: repeated"))
    _age(p)
    s = _same(cached_tree)
    assert {c[1]: c[5] for c in s.commitments}["gz-edu-2023-ta5020/01"] == "repeated"


def test_reading_never_writes_the_tree(cached_tree):
    before = {p: p.read_bytes() for p in (cached_tree / "commitments").rglob("*") if p.is_file()}
    summary.load(cached_tree)
    summary.load(cached_tree)
    after = {p: p.read_bytes() for p in (cached_tree / "commitments").rglob("*") if p.is_file()}
    assert after == before


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--lang", "en"],
        ["--json"],
        ["--csv", "--lang", "en"],
        ["--status", "pending"],
        ["--issuer", "广州"],
        ["--year", "2023"],
        ["--text", "社工"],
        ["--stale", "30"],
        ["--sort", "age"],
        ["--sort", "issuer"],
    ],
)
def test_status_prints_what_it_printed_from_records(cached_tree, monkeypatch, args):
    """TRACKER_NO_CACHE takes the path through whole records: the output is the same."""
    runner = CliRunner()
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.delenv("TRACKER_NO_CACHE", raising=False)
    p = cached_tree / C1
    p.write_text("id: [unclosed\n", "utf-8")  # one unreadable file, warned about
    outs = []
    for env in ({}, {}, {"TRACKER_NO_CACHE": "1"}):
        got = runner.invoke(app, ["status", "--root", str(cached_tree), *args], env=env)
        outs.append((got.exit_code, got.stdout, got.stderr))
    assert outs[0] == outs[1] == outs[2]
    assert "could not be read" in outs[0][2]
