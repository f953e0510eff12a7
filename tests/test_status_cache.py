"""The status cache (tracker.summary) gives what the records give, and is never stale."""

from __future__ import annotations

import os
import shutil
import time
from datetime import date
from pathlib import Path

import pytest
from test_cache import git
from treefix import small_tree
from typer.testing import CliRunner

from tracker import cache, report, store, summary
from tracker.cli import app

C1 = "commitments/gz-edu-2023-ta5020/01.yaml"
TODAY = date(2026, 1, 15)


@pytest.fixture(params=["git", "plain"])
def tree_root(request, tmp_path):
    small_tree(tmp_path)
    if request.param == "git":
        git(tmp_path, "init", "-q")
        git(tmp_path, "add", "-A")
        git(tmp_path, "commit", "-qm", "init")
    else:
        # outside git, files changed in the last two seconds are never cached: age them
        old = time.time() - 60
        for p in tmp_path.rglob("*"):
            os.utime(p, (old, old))
    return tmp_path


def _age(p: Path) -> None:
    old = time.time() - 30
    os.utime(p, (old, old))


def _same(root: Path) -> summary.Summaries:
    """The summaries agree with the records read afresh: rows, letters and reading errors."""
    s = summary.load(root)
    tree = store.load_tree(root, cache=False)
    assert summary.build_rows(s, TODAY) == report.build_rows(tree, TODAY)
    assert set(s.replies) == set(tree.replies)
    errors = [(p.path, p.format()) for p in tree.problems if p.level.value == "error"]
    assert s.errors == errors
    return s


def _entries(root: Path) -> dict:
    return cache.RecordCache(root, summary.STATUS_CACHE, summary.SUMMARY_CODE).entries


def test_warm_run_parses_nothing(tree_root, monkeypatch):
    _same(tree_root)
    calls = []
    real = store.load_file
    monkeypatch.setattr(
        store, "load_file", lambda root, path: calls.append(path) or real(root, path)
    )
    summary.load(tree_root)
    assert calls == []


def test_one_changed_file_is_parsed_alone(tree_root, monkeypatch):
    _same(tree_root)
    p = tree_root / C1
    p.write_text(p.read_text("utf-8").replace("status: pending", "status: done"), "utf-8")
    _age(p)  # same age as before: only the content key can tell
    calls = []
    real = store.load_file
    monkeypatch.setattr(
        store, "load_file", lambda root, path: calls.append(path) or real(root, path)
    )
    s = summary.load(tree_root)
    assert calls == [p]
    monkeypatch.setattr(store, "load_file", real)
    assert {c[1]: c[5] for c in s.commitments}["gz-edu-2023-ta5020/01"] == "done"
    _same(tree_root)


@pytest.mark.parametrize("few", [0, 500])  # through the record cache, or file by file
def test_every_change_is_seen(tree_root, monkeypatch, few):
    monkeypatch.setattr(summary, "FEW", few)
    _same(tree_root)
    _same(tree_root)
    letter = tree_root / "commitments/gz-edu-2023-ta5020"
    # added: a folder walked first, whose file claims an id of a later folder
    early = tree_root / "commitments/a-early"
    early.mkdir()
    shutil.copy(letter / "01.yaml", early / "01.yaml")
    _same(tree_root)
    os.unlink(early / "01.yaml")  # deleted
    _same(tree_root)
    assert "commitments/a-early/01.yaml" not in _entries(tree_root)
    os.rename(letter / "02.yaml", letter / "07.yaml")  # renamed
    s = _same(tree_root)
    assert {c[1]: c[11] for c in s.commitments}["gz-edu-2023-ta5020/02"] == (
        "commitments/gz-edu-2023-ta5020/07.yaml"
    )
    r = letter / "reply.yaml"  # a letter's date and issuer reach its commitments' rows
    r.write_text(
        r.read_text("utf-8").replace("2023-08-31", "2023-09-01").replace("广州市教育局", "某局"),
        "utf-8",
    )
    _age(r)
    s = _same(tree_root)
    assert s.replies["gz-edu-2023-ta5020"][3] == "某局"
    os.utime(letter / "01.yaml")  # touched without a change
    _same(tree_root)


def test_unreadable_files_are_reported_as_read_tree_does(tree_root):
    _same(tree_root)
    p = tree_root / C1
    p.write_text("id: [unclosed\n", "utf-8")
    _age(p)
    s = _same(tree_root)
    assert [path for path, _ in s.errors] == [C1]
    s = _same(tree_root)  # from the cache, still reported
    assert [path for path, _ in s.errors] == [C1]
    git_or_not = tree_root / ".git"
    if git_or_not.exists():
        git(tree_root, "checkout", "--", "commitments")
    else:
        shutil.rmtree(tree_root / "commitments")
        small_tree(tree_root)
    assert _same(tree_root).errors == []


@pytest.mark.parametrize("junk", [b"\x80\x05 not a pickle", b""])
def test_corrupt_cache_is_rebuilt(tree_root, junk):
    _same(tree_root)
    f = tree_root / cache.CACHE_DIR / summary.STATUS_CACHE
    assert f.exists()
    f.write_bytes(junk)
    _same(tree_root)
    assert _entries(tree_root)
    _same(tree_root)


def test_other_code_never_reads_the_cache(tree_root):
    _same(tree_root)
    assert _entries(tree_root)
    assert cache.RecordCache(tree_root, summary.STATUS_CACHE).entries == {}


def test_a_file_changed_while_it_is_read_is_not_cached(tree_root, monkeypatch):
    _same(tree_root)
    p = tree_root / C1
    old = p.read_bytes()
    p.write_bytes(old.replace(b"status: pending", b"status: repeated"))  # a new key: a miss
    real = store.load_file

    def racing(root, path):
        if path == p:  # another process writes between the key and the read
            p.write_bytes(old.replace(b"status: pending", b"status: done"))
        return real(root, path)

    monkeypatch.setattr(store, "load_file", racing)
    summary.load(tree_root)
    monkeypatch.setattr(store, "load_file", real)
    p.write_bytes(old.replace(b"status: pending", b"status: repeated"))
    _age(p)
    s = _same(tree_root)
    assert {c[1]: c[5] for c in s.commitments}["gz-edu-2023-ta5020/01"] == "repeated"


def test_reading_never_writes_the_tree(tree_root):
    before = {p: p.read_bytes() for p in (tree_root / "commitments").rglob("*") if p.is_file()}
    summary.load(tree_root)
    summary.load(tree_root)
    after = {p: p.read_bytes() for p in (tree_root / "commitments").rglob("*") if p.is_file()}
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
def test_status_prints_what_it_printed_from_records(tree_root, monkeypatch, args):
    """TRACKER_NO_CACHE takes the path through whole records: the output is the same."""
    runner = CliRunner()
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.delenv("TRACKER_NO_CACHE", raising=False)
    p = tree_root / C1
    p.write_text("id: [unclosed\n", "utf-8")  # one unreadable file, warned about
    outs = []
    for env in ({}, {}, {"TRACKER_NO_CACHE": "1"}):
        got = runner.invoke(app, ["status", "--root", str(tree_root), *args], env=env)
        outs.append((got.exit_code, got.stdout, got.stderr))
    assert outs[0] == outs[1] == outs[2]
    assert "could not be read" in outs[0][2]
