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


# --- the snapshot's layout: columns, checked before anything in it is used ---------------------


def _snapshot(root: Path) -> tuple[Path, dict, list]:
    """The snapshot file, its head and its columns as plain data."""
    path = root / cache.CACHE_DIR / summary.STATUS_CACHE
    fingerprint = cache.code_fingerprint(summary.SUMMARY_CODE)
    got = cache.read_file(path, fingerprint)
    assert got is not None
    return path, got[0], list(got[1])


def _forge(root: Path, columns: list) -> None:
    path, head, _ = _snapshot(root)
    rest = {k: v for k, v in head.items() if k not in ("magic", "fingerprint")}
    cache.write_file(path, head["fingerprint"], rest, columns)


def _forged_statuses(root: Path) -> dict[str, str]:
    """What status says of each commitment: a forged snapshot changes none of it."""
    got = CliRunner().invoke(app, ["status", "--json", "--root", str(root)])
    assert got.exit_code == 0, got.output
    import json

    return {r["id"]: r["status"] for r in json.loads(got.stdout)}


# A column changed in a way no tree could give: each is refused, whatever the rest says.
FORGED = [
    ("kinds", lambda cols: cols[2].__setitem__(0, 7)),  # a kind no file has
    ("kinds", lambda cols: cols[2].__setitem__(cols[2].index(0), 1)),  # columns out of step
    ("keys", lambda cols: cols[1].__setitem__(0, ["git"])),  # a key of one part
    ("keys", lambda cols: cols[1].pop()),  # a key short
    ("rels", lambda cols: cols[0].__setitem__(1, cols[0][0])),  # a file twice
    ("status", lambda cols: cols[3].__setitem__(0, [*cols[3][0][:5], "donee", *cols[3][0][6:]])),
    ("kind", lambda cols: cols[3].__setitem__(0, [1, *cols[3][0][1:]])),  # a reply's kind
    ("due", lambda cols: cols[3].__setitem__(0, [*cols[3][0][:9], 0, *cols[3][0][10:]])),
    ("due", lambda cols: cols[3].__setitem__(0, [*cols[3][0][:9], "2026", *cols[3][0][10:]])),
    (
        "verdict",
        lambda cols: cols[3].__setitem__(
            0, [*cols[3][0][:10], [["r", "bogus", True]], *cols[3][0][11:]]
        ),
    ),
    ("field", lambda cols: cols[3].__setitem__(0, cols[3][0][:12])),  # a field short
    (
        "flag",
        lambda cols: cols[3].__setitem__(0, [False, *cols[3][0][1:]]),
    ),  # a kind that is a flag
    ("reply", lambda cols: cols[4].__setitem__(0, [1, "r", 0, None, None])),  # day 0
    ("reply", lambda cols: cols[4].__setitem__(0, [1, "r", None, 5, None])),  # an issuer not text
    ("nothing", lambda cols: cols.__setitem__(2, [2] * len(cols[2]))),  # nothing, and no error
    ("errors", lambda cols: cols[5].append([10**6, "x", "y"])),  # an error of no file
    ("type", lambda cols: cols.__setitem__(3, {"a": 1})),  # a map for a list
    ("extension", lambda cols: cols.__setitem__(5, [[0, "p", msgpack_ext()]])),
]


def msgpack_ext():
    import msgpack

    return msgpack.ExtType(1, b"\x80\x04")  # what a pickle would start with


@pytest.mark.parametrize(("what", "change"), FORGED, ids=[f for f, _ in FORGED])
def test_a_forged_snapshot_is_refused_and_rebuilt(cached_tree, what, change):
    want = _forged_statuses(cached_tree)
    assert summary._read(cached_tree) is not None
    _, _, columns = _snapshot(cached_tree)
    columns = [list(c) if isinstance(c, (list, tuple)) else c for c in columns]
    columns[3] = [list(c) for c in columns[3]]
    change(columns)
    _forge(cached_tree, columns)
    assert summary._read(cached_tree) is None  # never trusted
    assert _forged_statuses(cached_tree) == want
    assert summary._read(cached_tree) is not None  # rebuilt
    _same(cached_tree)


def test_a_forged_snapshot_of_the_right_shape_only_holds_what_a_summary_may(cached_tree):
    """The columns' check refuses what the one-file reference check refuses (check_summary):
    each file's value, taken from a snapshot the check passed, is one it accepts."""
    _same(cached_tree)
    stored = summary._read(cached_tree)
    assert stored is not None
    for rec, errors in summary._per_file(stored):
        plain = (None if rec is None else tuple(rec), errors)  # the NamedTuple as the tuple it is
        assert summary.check_summary(plain) == plain


@pytest.mark.parametrize("cut", [1, 100, 0.5, -1])
def test_a_truncated_snapshot_is_rebuilt(cached_tree, cut):
    _same(cached_tree)
    path = cached_tree / cache.CACHE_DIR / summary.STATUS_CACHE
    data = path.read_bytes()
    n = int(len(data) * cut) if isinstance(cut, float) else cut % len(data)
    path.write_bytes(data[:n])
    assert summary._read(cached_tree) is None
    _same(cached_tree)
    assert path.read_bytes() == data or summary._read(cached_tree) is not None


def test_status_sees_each_change_at_the_next_run(cached_tree, monkeypatch):
    """Through the command: a changed, an added and a deleted file, each seen by the next
    `status`, which prints what the records read afresh give."""
    monkeypatch.setenv("COLUMNS", "120")
    runner = CliRunner()

    def both() -> str:
        got = runner.invoke(app, ["status", "--json", "--root", str(cached_tree)])
        fresh = runner.invoke(
            app, ["status", "--json", "--root", str(cached_tree)], env={"TRACKER_NO_CACHE": "1"}
        )
        assert got.exit_code == fresh.exit_code == 0
        assert got.stdout == fresh.stdout
        return got.stdout

    import json

    def statuses() -> dict[str, str]:
        return {r["id"]: r["status"] for r in json.loads(both())}

    first = statuses()
    assert first == statuses()  # warm: from the snapshot
    p = cached_tree / C1
    p.write_text(p.read_text("utf-8").replace("status: pending", "status: done"), "utf-8")
    _age(p)
    assert statuses()["gz-edu-2023-ta5020/01"] == "done"  # changed
    letter = cached_tree / "commitments/gz-edu-2023-ta5020"
    added = letter / "09.yaml"
    added.write_text(
        (letter / "02.yaml")
        .read_text("utf-8")
        .replace("gz-edu-2023-ta5020/02", "gz-edu-2023-ta5020/09"),
        "utf-8",
    )
    _age(added)
    assert "gz-edu-2023-ta5020/09" in statuses()  # added
    os.unlink(letter / "02.yaml")
    got = statuses()
    assert "gz-edu-2023-ta5020/02" not in got and "gz-edu-2023-ta5020/09" in got  # deleted
    assert statuses() == got


def test_a_file_touched_without_a_change_is_not_parsed_again(cached_tree):
    """Its stat changed (git names it among the changed files, outside git its stat key is
    new): in git its content still has the blob id it was kept under."""
    _same(cached_tree)
    p = cached_tree / C1
    os.utime(p)
    summary.load(cached_tree)  # outside git: a new stat key, parsed once (when aged)
    _age(p)
    summary.load(cached_tree)
    calls: list[Path] = []
    with store.using_disk(store.Disk(before_read=calls.append)):
        summary.load(cached_tree)
    assert calls == []
    _same(cached_tree)


def test_a_few_changed_files_are_put_in_the_snapshot_in_place(cached_tree, monkeypatch):
    """In git, a few changed files' summaries are put in the snapshot's columns where they
    belong (a status changed, a commitment read as nothing and back, a letter's issuer): after
    each run the snapshot holds what a snapshot made afresh holds, column by column, and the
    rows are those of the records read afresh."""
    in_git = (cached_tree / ".git").exists()
    patched: list[int] = []
    real = summary._patched

    def spy(*args, **kwargs):
        patched.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(summary, "_patched", spy)
    _same(cached_tree)
    letter = cached_tree / "commitments/gz-edu-2023-ta5020"
    one, two, reply = letter / "01.yaml", letter / "02.yaml", letter / "reply.yaml"
    two_text = two.read_text("utf-8")
    steps = [
        [(one, one.read_text("utf-8").replace("status: pending", "status: done"))],
        [
            (two, "id: [unclosed\n"),
            (reply, reply.read_text("utf-8").replace("广州市教育局", "某局")),
        ],
        [(two, two_text.replace("status: pending", "status: repeated"))],  # back, changed
        [(one, "id: [unclosed\n"), (two, "- a list\n")],
    ]
    for step in steps:
        for path, text in step:
            path.write_text(text, "utf-8")
            _age(path)
        _same(cached_tree)
        kept = summary._read(cached_tree)
        assert kept is not None
        (cached_tree / cache.CACHE_DIR / summary.STATUS_CACHE).unlink()
        _same(cached_tree)  # made afresh, from the record cache
        assert summary._read(cached_tree) == kept
        _same(cached_tree)  # warm: nothing to patch
    assert len(patched) == (len(steps) if in_git else 0)


def test_a_few_changes_are_saved_as_a_patch_that_only_its_snapshot_takes(cached_tree):
    """In git, a few changed files are saved as a patch beside the snapshot, which is left as
    it is; the next run takes the snapshot with the patch. A patch of an earlier snapshot, a
    torn or forged one, is not taken: the snapshot alone is older, never wrong (the files
    changed since it are read again)."""
    if not (cached_tree / ".git").exists():
        pytest.skip("a patch is written only when git gives the files' keys")
    _same(cached_tree)
    main = cached_tree / cache.CACHE_DIR / summary.STATUS_CACHE
    patch = main.with_name(summary.PATCH)
    before = main.read_bytes()
    one = cached_tree / C1
    text = one.read_text("utf-8")
    one.write_text(text.replace("status: pending", "status: done"), "utf-8")
    _age(one)
    s = _same(cached_tree)
    assert {c[1]: c[5] for c in s.commitments}["gz-edu-2023-ta5020/01"] == "done"
    assert main.read_bytes() == before and patch.exists()  # the snapshot as it was, patched
    good = patch.read_bytes()
    _same(cached_tree)  # warm, from the snapshot and its patch
    assert patch.read_bytes() == good
    for bad in (
        good[: len(good) // 2],  # torn
        b"",
        _forged_patch(cached_tree, lambda cols: cols[3][0].__setitem__(5, "donee")),
        _forged_patch(cached_tree, lambda cols: cols[0].__setitem__(0, 10**6)),  # no such file
        _forged_patch(cached_tree, lambda cols: cols[2].__setitem__(0, 2)),  # nothing, no error
    ):
        patch.write_bytes(bad)
        s = _same(cached_tree)  # the change read again from the file
        assert {c[1]: c[5] for c in s.commitments}["gz-edu-2023-ta5020/01"] == "done"
    # a patch of another snapshot: the snapshot is written whole (a new token) when the files
    # changed since it are many; the old patch, put back, names the old token
    patch.write_bytes(good)
    main.write_bytes(before)
    got = summary._read_base(cached_tree)
    assert got is not None and got[1][1]  # the patch taken: it held a file
    stored = got[0]
    summary._write(cached_tree, stored)  # whole, under a new token; the patch removed
    assert not patch.exists()
    patch.write_bytes(good)
    got = summary._read_base(cached_tree)
    assert got is not None and got[1][1] == frozenset()  # not taken: another snapshot's
    one.write_text(text, "utf-8")  # pending again: the old patch says done
    _age(one)
    s = _same(cached_tree)
    assert {c[1]: c[5] for c in s.commitments}["gz-edu-2023-ta5020/01"] == "pending"


def _forged_patch(root: Path, change) -> bytes:
    """The patch on disk with one column changed as `change` says, as bytes."""
    path = root / cache.CACHE_DIR / summary.PATCH
    fingerprint = cache.code_fingerprint(summary.SUMMARY_CODE)
    got = cache.read_file(path, fingerprint)
    assert got is not None
    head, body = got
    columns = [list(c) for c in body]
    columns[3] = [list(c) for c in columns[3]]
    change(columns)
    rest = {k: v for k, v in head.items() if k not in ("magic", "fingerprint")}
    scratch = path.with_name("forged.tmp")
    cache.write_file(scratch, fingerprint, rest, columns)
    data = scratch.read_bytes()
    scratch.unlink()
    return data
