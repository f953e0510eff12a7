"""The record cache is never stale: edits, additions, deletions, renames, touches, corruption."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from conftest import Shape, commit_all, git, make_tree

from tracker import cache, store
from tracker.model import Commitment, Problem, Reply

C1 = "commitments/gz-edu-2023-ta5020/01.yaml"


def statuses(root: Path) -> dict[str, str]:
    return {k: c.status.value for k, c in store.load_tree(root).commitments.items()}


@contextlib.contextmanager
def parses() -> Iterator[list[Path]]:
    """The files of the tree parsed inside the block, in order (a disk that notes each read)."""
    calls: list[Path] = []
    with store.using_disk(store.Disk(before_read=calls.append)):
        yield calls


def test_warm_run_uses_the_cache(cached_tree):
    first = store.load_tree(cached_tree)
    with parses() as calls:
        second = store.load_tree(cached_tree)
    assert calls == []
    assert second.commitments == first.commitments and second.replies == first.replies


def _age(p: Path) -> None:
    old = time.time() - 30
    os.utime(p, (old, old))


def test_edit_is_seen(cached_tree):
    statuses(cached_tree)
    p = cached_tree / C1
    p.write_text(
        p.read_text(encoding="utf-8").replace("status: pending", "status: done"), encoding="utf-8"
    )
    _age(p)  # same age as before: only the content key can tell
    assert statuses(cached_tree)["gz-edu-2023-ta5020/01"] == "done"


def test_add_delete_rename_are_seen(cached_tree):
    statuses(cached_tree)
    src = cached_tree / C1
    shutil.copy(src, cached_tree / "commitments/gz-edu-2023-ta5020/03.yaml")
    assert "gz-edu-2023-ta5020/01" in store.load_tree(cached_tree).commitments
    tree = store.load_tree(cached_tree)
    assert tree.commitment_paths["gz-edu-2023-ta5020/01"] == [
        C1,
        "commitments/gz-edu-2023-ta5020/03.yaml",
    ]
    os.unlink(cached_tree / "commitments/gz-edu-2023-ta5020/03.yaml")
    os.rename(src, cached_tree / "commitments/gz-edu-2023-ta5020/09.yaml")
    tree = store.load_tree(cached_tree)
    assert tree.commitment_paths["gz-edu-2023-ta5020/01"] == [
        "commitments/gz-edu-2023-ta5020/09.yaml"
    ]
    assert (
        tree.commitments["gz-edu-2023-ta5020/01"].path == "commitments/gz-edu-2023-ta5020/09.yaml"
    )


def test_touch_without_change_gives_same_records(cached_tree):
    before = store.load_tree(cached_tree).commitments
    os.utime(cached_tree / C1)
    assert store.load_tree(cached_tree).commitments == before


def test_corrupt_cache_is_rebuilt(cached_tree):
    before = store.load_tree(cached_tree).commitments
    f = cached_tree / cache.CACHE_DIR / "records.msgpack"
    assert f.exists()
    f.write_bytes(b"\x80\x04garbage")
    assert store.load_tree(cached_tree).commitments == before
    f.write_bytes(b"")
    assert store.load_tree(cached_tree).commitments == before


def test_cache_folder_ignores_itself(cached_tree):
    store.load_tree(cached_tree)
    assert (cached_tree / cache.CACHE_DIR / ".gitignore").read_text() == "*\n"


# --- keys -------------------------------------------------------------------------------------


def _git_repo(tmp_path: Path, sub: str = "") -> Path:
    root = tmp_path / sub if sub else tmp_path
    make_tree(root, shape=Shape.SMALL)
    commit_all(tmp_path, "init")
    return root


def test_git_touch_without_change_is_still_a_hit(tmp_path):
    root = _git_repo(tmp_path)
    before = store.load_tree(root).commitments
    os.utime(root / C1)  # git now sees a stat change; the content, and so the key, is the same
    with parses() as calls:
        assert store.load_tree(root).commitments == before
    assert calls == []


def test_tree_in_a_subfolder_of_the_repository(tmp_path):
    root = _git_repo(tmp_path, "office")
    assert set(cache.git_blob_keys(root, "commitments")) == {
        str(p.relative_to(root)) for p in store.tree_files(root)
    }
    statuses(root)
    p = root / C1
    p.write_text(
        p.read_text(encoding="utf-8").replace("status: pending", "status: done"), encoding="utf-8"
    )
    assert statuses(root)["gz-edu-2023-ta5020/01"] == "done"


def test_files_git_does_not_look_at_are_hashed(tmp_path):
    root = _git_repo(tmp_path)
    statuses(root)
    git(root, "update-index", "--assume-unchanged", C1)  # git status would not see the edit below
    p = root / C1
    p.write_text(
        p.read_text(encoding="utf-8").replace("status: pending", "status: done"), encoding="utf-8"
    )
    assert C1 not in cache.git_blob_keys(root, "commitments")
    assert statuses(root)["gz-edu-2023-ta5020/01"] == "done"


@pytest.mark.parametrize("how", ["autocrlf", "attributes"])
def test_no_blob_keys_where_git_converts_bytes(tmp_path, how):
    root = _git_repo(tmp_path)
    assert cache.git_blob_keys(root, "commitments")
    if how == "autocrlf":
        git(root, "config", "core.autocrlf", "true")
    else:
        (root / ".gitattributes").write_text("*.yaml text eol=crlf\n", encoding="utf-8")
    # one blob id would stand for LF and CRLF bytes alike: stat keys instead
    assert cache.git_blob_keys(root, "commitments") is None
    p = root / C1
    warnings = lambda: [x for x in store.load_tree(root).problems if "CRLF" in x.message]  # noqa: E731
    assert warnings() == []
    p.write_bytes(p.read_bytes().replace(b"\n", b"\r\n"))
    assert len(warnings()) == 1


def test_symbolic_links_are_never_cached(tmp_path):
    root = _git_repo(tmp_path, "repo")
    link = root / "commitments/gz-edu-2023-ta5020/03.yaml"
    target = tmp_path / "elsewhere.yaml"
    target.write_text(
        (root / C1).read_text(encoding="utf-8").replace("/01", "/03"), encoding="utf-8"
    )
    link.symlink_to(target)
    first = store.load_tree(root)
    assert any("outside the tree" in p.message for p in first.problems)
    keys = cache.file_keys(root, ["commitments/gz-edu-2023-ta5020/03.yaml"], "commitments")
    assert keys == {"commitments/gz-edu-2023-ta5020/03.yaml": None}
    assert store.load_tree(root).problems == first.problems


@contextlib.contextmanager
def written_while_read(p: Path, data: bytes) -> Iterator[None]:
    """Another process writes `data` into p between the moment its key is taken and the read."""

    def racing(path: Path) -> None:
        if path == p:
            p.write_bytes(data)

    with store.using_disk(store.Disk(before_read=racing)):
        yield


def test_a_file_changed_while_it_is_read_is_not_cached(cached_tree):
    """Key taken from the old bytes, file read after a concurrent write: nothing is kept."""
    statuses(cached_tree)
    p = cached_tree / C1
    old = p.read_bytes()
    p.write_bytes(old.replace(b"status: pending", b"status: repeated"))  # a new key: a miss
    with written_while_read(p, old.replace(b"status: pending", b"status: done")):
        raced = store.load_tree(cached_tree)
    assert raced.commitments["gz-edu-2023-ta5020/01"].status.value == "done"  # read after the write
    p.write_bytes(old.replace(b"status: pending", b"status: repeated"))
    _age(p)
    assert statuses(cached_tree)["gz-edu-2023-ta5020/01"] == "repeated"


def test_other_code_never_reads_the_cache(cached_tree):
    store.load_tree(cached_tree)
    assert cache.RecordCache(cached_tree, store.RECORDS_CACHE, codec=store.records_codec()).entries
    assert (
        cache.RecordCache(
            cached_tree, store.RECORDS_CACHE, code=("model",), codec=store.records_codec()
        ).entries
        == {}
    )


# --- the cache files --------------------------------------------------------------------------


def test_a_small_change_goes_to_the_journal(cached_tree):
    statuses(cached_tree)
    main = cached_tree / cache.CACHE_DIR / "records.msgpack"
    journal = main.with_name("records.msgpack.journal")
    before = main.read_bytes()
    p = cached_tree / C1
    p.write_text(
        p.read_text(encoding="utf-8").replace("status: pending", "status: done"), encoding="utf-8"
    )
    _age(p)
    assert statuses(cached_tree)["gz-edu-2023-ta5020/01"] == "done"
    assert main.read_bytes() == before and journal.exists()
    assert statuses(cached_tree)["gz-edu-2023-ta5020/01"] == "done"  # main file + journal
    journal.write_bytes(b"\x80\x04torn")
    assert statuses(cached_tree)["gz-edu-2023-ta5020/01"] == "done"
    assert not journal.exists()  # folded into a new main file


def test_a_journal_of_another_main_file_is_ignored(cached_tree):
    statuses(cached_tree)
    d = cached_tree / cache.CACHE_DIR
    rc = cache.RecordCache(cached_tree, store.RECORDS_CACHE, codec=store.records_codec())
    rc.put(C1, ("git", "0" * 40), (None, []))  # bogus: the file holds a commitment
    rc.save()  # a journal for the current main file
    journal = d / "records.msgpack.journal"
    saved = journal.read_bytes()
    journal.unlink()
    rc = cache.RecordCache(cached_tree, store.RECORDS_CACHE, codec=store.records_codec())
    rc.rewrite = True
    rc.save()  # a new main file (a new token), as another process might write
    journal.write_bytes(saved)
    entries = cache.RecordCache(
        cached_tree, store.RECORDS_CACHE, codec=store.records_codec()
    ).entries
    assert entries[C1][1][0] is not None


WORKER = """
import sys
from pathlib import Path
from tracker import store
root = Path(sys.argv[1])
for i in range(int(sys.argv[2])):
    tree = store.load_tree(root)
    assert len(tree.commitments) == 2, tree.problems
"""


def test_two_processes_at_once(cached_tree):
    """Both read and save the same cache while files change; every later read is right."""
    procs = [
        subprocess.Popen([os.sys.executable, "-c", WORKER, str(cached_tree), "8"]) for _ in range(2)
    ]
    p = cached_tree / C1
    text = p.read_text(encoding="utf-8")
    for i in range(6):  # as the store writes: whole files, replaced atomically
        store.atomic_write(
            p,
            text.replace("status: pending", f"status: {'done' if i % 2 else 'repeated'}").encode(
                "utf-8"
            ),
        )
        time.sleep(0.05)
    assert [proc.wait(60) for proc in procs] == [0, 0]
    _age(p)
    assert statuses(cached_tree) == {
        k: c.status.value for k, c in store.load_tree(cached_tree, cache=False).commitments.items()
    }
    assert statuses(cached_tree)["gz-edu-2023-ta5020/01"] == "done"


# --- the checks' cache ------------------------------------------------------------------------


def problems(root: Path) -> list[str]:
    from tracker.validate import validate

    return [p.message for p in validate(store.load_tree(root))]


def test_validate_sees_a_changed_letter(cached_tree):
    assert problems(cached_tree) == []
    letter = next((cached_tree / "seeds").glob("000_*"))
    old = letter.read_bytes()
    letter.write_bytes(
        old.replace(
            "推进全市中小学100%配齐专职心理教师".encode(), "推进全市中小学配齐教师".encode()
        )
    )
    _age(letter)
    found = problems(cached_tree)
    assert any("does not occur" in m for m in found) and any(
        "changed since import" in m for m in found
    )
    letter.write_bytes(old)
    _age(letter)
    assert problems(cached_tree) == []


def test_validate_sees_a_changed_reply_and_config(cached_tree):
    assert problems(cached_tree) == []
    p = cached_tree / C1
    entry = (
        "evidence:\n  - reply: gz-edu-2025-ta4154\n    section: progress\n    line: 8\n"
        "    quote: 四项基础性工作\n    verdict: done\n    score: 0.5\n    confirmed: false\n"
    )
    p.write_text(p.read_text(encoding="utf-8").replace("evidence: []\n", entry), encoding="utf-8")
    _age(p)
    assert problems(cached_tree) == []
    r2 = cached_tree / "commitments/gz-edu-2025-ta4154/reply.yaml"
    r2.write_text(
        r2.read_text(encoding="utf-8").replace("issuer: 广州市教育局", "issuer: 广州市民政局"),
        encoding="utf-8",
    )
    _age(r2)
    assert any("another issuer" in m for m in problems(cached_tree))
    (cached_tree / "tracker.yaml").write_text(
        "successions: [[广州市教育局, 广州市民政局]]\n", encoding="utf-8"
    )
    _age(cached_tree / "tracker.yaml")
    assert not any("another issuer" in m for m in problems(cached_tree))


class WatchedMemo:
    """The tree's own memo (CheckMemo), noting the commitments whose fidelity it had to compute
    and whether the last run's whole outcome served."""

    def __init__(self) -> None:
        self.computed: list[str] = []
        self.served: list[bool] = []

    def validate(self, root: Path) -> list[Problem]:
        """validate() of the tree at root through a CheckMemo that reports to this watcher."""
        from tracker.cache.checks import CheckMemo, Missing
        from tracker.validate import validate

        watcher = self

        class Watched(CheckMemo):
            def outcome(self) -> list[Problem] | None:
                got = super().outcome()
                watcher.served.append(got is not None)
                return got

            def fidelity(
                self, c: Commitment, letters: Sequence[str | None], compute: Callable[[], Missing]
            ) -> Missing:
                def counted() -> Missing:
                    watcher.computed.append(c.id)
                    return compute()

                return super().fidelity(c, letters, counted)

        tree = store.load_tree(root)
        return validate(tree, memo=Watched(tree.root, tree.keys, store.SEEDS_DIR))


def test_validate_checks_again_only_what_changed(cached_tree):
    watch = WatchedMemo()
    messages = lambda: [p.message for p in watch.validate(cached_tree)]  # noqa: E731
    assert messages() == [] and watch.computed  # cold: every commitment computed
    watch.computed.clear()
    assert messages() == [] and watch.computed == []  # nothing changed: nothing computed
    p = cached_tree / "commitments/gz-edu-2023-ta5020/02.yaml"
    p.write_text(
        p.read_text(encoding="utf-8").replace("text: 持续深化", "text: 继续深化"), encoding="utf-8"
    )
    _age(p)
    assert messages() == ["text does not occur in its letter seeds/000_a140f72d90f69cdb.txt"]
    # only the changed commitment was looked for in its letter
    assert watch.computed == ["gz-edu-2023-ta5020/02"]
    assert messages() == ["text does not occur in its letter seeds/000_a140f72d90f69cdb.txt"]
    assert watch.computed == ["gz-edu-2023-ta5020/02"]  # and its finding is cached too
    p.write_text(
        p.read_text(encoding="utf-8").replace("text: 继续深化", "text: 持续深化"), encoding="utf-8"
    )
    _age(p)
    assert problems(cached_tree) == []


def test_validate_of_an_unchanged_tree_gives_the_last_outcome_without_checking(cached_tree):
    """Nothing the checks depend on changed (files, letters, tracker.yaml, code): the problems
    are those of the last run, and no check runs; any change runs them again."""
    p = cached_tree / "commitments/gz-edu-2023-ta5020/02.yaml"
    p.write_text(
        p.read_text(encoding="utf-8").replace("text: 持续深化", "text: 继续深化"), encoding="utf-8"
    )
    _age(p)
    first = validate_all(cached_tree)
    assert len(first) == 1
    watch = WatchedMemo()
    found = lambda: [(p.path, p.line, p.message) for p in watch.validate(cached_tree)]  # noqa: E731
    assert found() == first and watch.served == [True]  # the last outcome, no check run
    (cached_tree / "tracker.yaml").write_text("successions: []\n", encoding="utf-8")
    _age(cached_tree / "tracker.yaml")
    assert found() == first and watch.served[-1] is False  # checked again
    p.write_text(
        p.read_text(encoding="utf-8").replace("text: 继续深化", "text: 持续深化"), encoding="utf-8"
    )
    _age(p)
    assert found() == [] and watch.served[-1] is False
    (cached_tree / cache.CACHE_DIR / "validate.msgpack").write_bytes(b"\x80\x05garbage")
    assert validate_all(cached_tree) == []


def validate_all(root: Path) -> list[tuple[str, int | None, str]]:
    from tracker.validate import validate

    return [(p.path, p.line, p.message) for p in validate(store.load_tree(root))]


def test_validate_cache_survives_a_corrupt_snapshot(cached_tree):
    p = cached_tree / "commitments/gz-edu-2023-ta5020/02.yaml"
    p.write_text(
        p.read_text(encoding="utf-8").replace("text: 持续深化", "text: 继续深化"), encoding="utf-8"
    )
    _age(p)
    assert len(problems(cached_tree)) == 1
    (cached_tree / cache.CACHE_DIR / "checks.msgpack").write_bytes(b"\x80\x05garbage")
    assert len(problems(cached_tree)) == 1


def _same_trees(root: Path) -> store.Tree:
    """The tree read through the cache, checked against one read afresh; the cache holds its files."""
    cached = store.load_tree(root)
    fresh = store.load_tree(root, cache=False)
    assert cached.commitments == fresh.commitments and cached.replies == fresh.replies
    assert list(cached.commitments) == list(fresh.commitments) == sorted(fresh.commitments)
    assert cached.commitment_paths == fresh.commitment_paths
    assert cached.reply_paths == fresh.reply_paths and cached.problems == fresh.problems
    kept = cache.RecordCache(root, store.RECORDS_CACHE, codec=store.records_codec()).entries
    assert set(kept) <= set(cached.keys) and all(cached.keys[r] is not None for r in kept)
    return cached


def test_cache_follows_every_change_and_holds_only_the_tree(cached_tree):
    _same_trees(cached_tree)
    _same_trees(cached_tree)  # warm: every file a hit
    letter = cached_tree / "commitments/gz-edu-2023-ta5020"
    # a folder walked before the letter's own, whose file claims an id of a later folder
    early = cached_tree / "commitments/a-early"
    early.mkdir()
    shutil.copy(letter / "01.yaml", early / "01.yaml")
    tree = _same_trees(cached_tree)
    assert tree.commitment_paths["gz-edu-2023-ta5020/01"][0] == "commitments/a-early/01.yaml"
    _same_trees(cached_tree)
    os.unlink(early / "01.yaml")  # a deletion alone: every file left is a hit
    tree = _same_trees(cached_tree)
    assert (
        "commitments/a-early/01.yaml"
        not in cache.RecordCache(
            cached_tree, store.RECORDS_CACHE, codec=store.records_codec()
        ).entries
    )
    os.rename(letter / "02.yaml", letter / "07.yaml")
    p = letter / "01.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace("status: pending", "status: done"), "utf-8")
    _age(p)
    tree = _same_trees(cached_tree)
    assert tree.commitments["gz-edu-2023-ta5020/01"].status.value == "done"
    assert tree.commitment_paths["gz-edu-2023-ta5020/02"] == [
        "commitments/gz-edu-2023-ta5020/07.yaml"
    ]
    (cached_tree / cache.CACHE_DIR / "records.msgpack").write_bytes(b"\x80\x05 not a pickle")
    _same_trees(cached_tree)  # a corrupt cache is rebuilt
    _same_trees(cached_tree)


def test_the_record_codec_gives_back_what_it_was_given_and_refuses_other_shapes(cached_tree):
    """Records through the cache's msgpack and back are equal; a field of another type, a field
    short, two records or none without an error are refused."""
    import msgpack
    import msgspec

    codec = store.records_codec()
    decoder = msgspec.msgpack.Decoder(codec.wire)
    tree = store.load_tree(cached_tree)
    records = [*tree.commitments.values(), *tree.replies.values()]
    assert {type(r) for r in records} == {Reply, Commitment}
    for record in records:
        value = (record, [])
        data = msgspec.msgpack.encode(codec.encode(value))
        assert codec.decode(decoder.decode(data)) == value
        plain = msgpack.unpackb(data, strict_map_key=False)  # as another writer could change it
        at = 0 if isinstance(record, Reply) else 1
        fields = plain[at]
        for name in fields:
            bad = list(plain)
            bad[at] = {**fields, name: {"x": 1}}  # no field is a map
            with pytest.raises(msgspec.ValidationError):
                decoder.decode(msgpack.packb(bad))
        required = next(iter(fields))  # the first field has no default
        bad = list(plain)
        bad[at] = {k: v for k, v in fields.items() if k != required}
        with pytest.raises(msgspec.ValidationError):
            decoder.decode(msgpack.packb(bad))
    some = next(iter(tree.commitments.values()))
    with pytest.raises(cache.Mismatch):  # a reply and a commitment at once
        codec.decode(decoder.decode(msgspec.msgpack.encode((tree.replies[some.reply], some, []))))
    with pytest.raises(cache.Mismatch):  # nothing read, and no error to say why
        codec.decode(decoder.decode(msgpack.packb([None, None, []])))


def test_an_open_cache_is_read_again_once_another_writer_saved_it(tmp_path):
    """A process keeps a cache open, but never past a save by another process (or a removal)."""
    mine = cache.shared_cache(tmp_path, "t.msgpack", ("model",))
    mine.put("a.yaml", ("k", 1), "one")
    mine.save()
    assert cache.shared_cache(tmp_path, "t.msgpack", ("model",)) is mine
    other = cache.RecordCache(tmp_path, "t.msgpack", ("model",))  # as another process opens it
    assert other.get("a.yaml", ("k", 1)) == "one"
    other.put("b.yaml", ("k", 2), "two")
    other.save()
    seen = cache.shared_cache(tmp_path, "t.msgpack", ("model",))
    assert seen is not mine and seen.get("b.yaml", ("k", 2)) == "two"
    # other code: another cache, whatever this process has open
    assert (
        cache.shared_cache(tmp_path, "t.msgpack", ("model", "text")).get("a.yaml", ("k", 1)) is None
    )
    shutil.rmtree(tmp_path / cache.CACHE_DIR)
    assert cache.shared_cache(tmp_path, "t.msgpack", ("model",)).get("a.yaml", ("k", 1)) is None


def test_plain_data_comes_back_as_it_was_and_other_shapes_are_refused():
    """A YAML document's values (a history row's old and new value) through the cache's msgpack
    and back: the same values of the same types, nested or flat; a container of another shape
    is refused, however deep."""
    from datetime import date, datetime
    from typing import Any

    import msgpack

    plain = cache.codec(Any)

    def through(v: Any) -> Any:
        data = msgpack.packb(plain.encode(v), use_bin_type=True)
        return plain.decode(msgpack.unpackb(data, use_list=False, raw=False, strict_map_key=False))

    values: list[Any] = [
        None,
        "进行中",
        3,
        2.5,
        True,
        [],
        {},
        ["甲", 1, None, 2.0, False],
        ("甲", 1),
        {"a", "b"},
        {"reply": "r-2020-1", "score": 0.75, "confirmed": False, "line": 12, 3: None},
        [{"reply": "r-1", "line": 2}, {"reply": "r-2", "quote": "已完成", "tags": ["x", "y"]}],
        {"due": date(2021, 6, 30), "at": datetime(2021, 6, 30, 8, 15), "inner": {"k": ("v",)}},
        [[1, 2], (3, {4}), {"n": [None]}],
    ]

    def shape(v: Any) -> Any:
        """The value with its type at every level; a set's members in a fixed order (a set's
        printed order depends on the run's string hashing, not on what it holds)."""
        if isinstance(v, (set, frozenset)):
            return (type(v).__name__, sorted((shape(x) for x in v), key=repr))
        if isinstance(v, dict):
            return ("dict", [(shape(k), shape(x)) for k, x in v.items()])
        if isinstance(v, (list, tuple)):
            return (type(v).__name__, [shape(x) for x in v])
        return (type(v).__name__, v)

    for v in values:
        got = through(v)
        assert got == v
        assert shape(got) == shape(v)  # the same types all the way down (a list, not a tuple)
    # a column of them at once, as a cache file's rows are read: scalars alone, and mixed
    for column in (["甲", 1, None, True], values):
        data = msgpack.packb([plain.encode(v) for v in column], use_bin_type=True)
        got = plain.decode_many(list(msgpack.unpackb(data, use_list=False, raw=False)))
        assert shape(got) == shape(column)
    bad: list[Any] = [
        ("d", (("a", 1, 2),)),  # a pair of three
        ("d", (("a", 1), "b")),  # a pair that is not a pair
        ("d", (("a", ("x", 1)),)),  # an unknown tag inside
        ("l", ("a", ("q", ()))),
        ("t", (("D", "2021-01-01"),)),  # a date that is not a day number
        ("s", (("l", 1),)),
        ("l", "abc"),
    ]
    for v in bad:
        with pytest.raises(cache.Mismatch):
            plain.decode(v)
        with pytest.raises(cache.Mismatch):
            plain.decode_many(["甲", v, 1])


# --- git_view: the usual index split in C, the same view as entry by entry ---------------------


def _views(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    """git_view() as it is, and with every entry taken one by one (the reference)."""
    from tracker.cache import keys

    fast = keys.git_view(root, "commitments", head=True)
    with monkeypatch.context() as m:
        m.setattr(keys, "_PLAIN_ENTRY", keys.re.compile(r"(?!)"))  # matches nothing
        slow = keys.git_view(root, "commitments", head=True)
    return fast, slow


@pytest.mark.parametrize(
    "change",
    ["clean", "edited", "executable", "assume-unchanged", "skip-worktree", "attributes", "sub"],
)
def test_git_view_of_a_plain_index_is_the_view_entry_by_entry(tmp_path, monkeypatch, change):
    make_tree(tmp_path, shape=Shape.SMALL)
    commit_all(tmp_path, "init")
    letter = "commitments/gz-edu-2023-ta5020"
    root = tmp_path
    if change == "edited":
        p = tmp_path / letter / "01.yaml"
        p.write_text(p.read_text("utf-8") + "# edited\n", "utf-8")
    elif change == "executable":
        os.chmod(tmp_path / letter / "02.yaml", 0o755)
        git(tmp_path, "add", "-A")
        git(tmp_path, "commit", "-q", "-m", "x")
    elif change in ("assume-unchanged", "skip-worktree"):
        git(tmp_path, "update-index", f"--{change}", f"{letter}/01.yaml")
    elif change == "attributes":
        (tmp_path / letter / ".gitattributes").write_text("*.yaml text\n", "utf-8")
        git(tmp_path, "add", "-A")
        git(tmp_path, "commit", "-q", "-m", "x")
    elif change == "sub":  # the tree is a folder of the repository: paths have a prefix
        sub = tmp_path / "sub"
        sub.mkdir()
        shutil.move(tmp_path / "commitments", sub / "commitments")
        git(tmp_path, "add", "-A")
        git(tmp_path, "commit", "-q", "-m", "x")
        root = sub
    fast, slow = _views(root, monkeypatch)
    assert fast == slow
    assert fast is not None
    if change == "attributes":
        assert fast.blobs is None  # git may convert bytes: no blob id names the content
    else:
        assert fast.blobs
        held = f"{letter}/01.yaml"
        assert (held in fast.blobs) == (change in ("clean", "executable", "sub"))


@pytest.mark.parametrize("pad", [0, 5000, 100_000])
def test_a_typed_file_is_read_whatever_the_length_of_its_head(tmp_path, pad):
    path = tmp_path / "x.msgpack"
    body = {"a": [1, 2], "b": [3]}
    cache.write_file(path, "fp", {"pad": "x" * pad}, body, typed=True)
    got = cache.read_file(path, "fp", dict[str, list[int]])
    assert got is not None
    assert got[0]["pad"] == "x" * pad and got[1] == body
    assert cache.read_file(path, "other", dict[str, list[int]]) is None  # other code's file
    data = path.read_bytes()
    path.write_bytes(data[: pad // 2 + 10])  # cut inside the head
    with pytest.raises(Exception):  # noqa: B017, PT011 - whatever breaks: never a value
        cache.read_file(path, "fp", dict[str, list[int]])
