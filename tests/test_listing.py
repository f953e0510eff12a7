"""The folder listing cache (store.tree_rels with cache=True) always lists what a walk lists."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from conftest import Shape, make_tree

from tracker import store
from tracker.cache import CACHE_DIR

LETTER = "commitments/gz-edu-2023-ta5020"


def _age_folders(root: Path) -> None:
    """Every folder of the tree last changed a minute ago, so that its listing may be kept."""
    old = time.time() - 60
    for folder in [root / "commitments", *(root / "commitments").rglob("*")]:
        if folder.is_dir() and not folder.is_symlink():
            os.utime(folder, (old, old))


def _listed(root: Path) -> list[str]:
    """The cached listing, held equal to a plain walk (files and problems alike)."""
    cached_problems: list[store.Problem] = []
    plain_problems: list[store.Problem] = []
    cached = store.tree_rels(root, cached_problems, cache=True)
    assert cached == store.tree_rels(root, plain_problems)
    assert cached_problems == plain_problems
    return cached


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    make_tree(tmp_path, shape=Shape.SMALL)
    _age_folders(tmp_path)
    return tmp_path


class CountingLister:
    """store.list_folder, noting each folder it lists."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(
        self, root: Path, rel: str, problems: list[store.Problem] | None
    ) -> store.Listed | None:
        self.calls.append(rel)
        return store.list_folder(root, rel, problems)


def test_unchanged_folders_are_not_listed_again(tree):
    first = _listed(tree)
    assert (tree / CACHE_DIR / store.LISTING_CACHE).is_file()
    lister = CountingLister()
    assert store.tree_rels(tree, [], cache=True, lister=lister) == first
    assert lister.calls == []


def test_a_changed_folder_alone_is_listed_again(tree):
    _listed(tree)
    (tree / LETTER / "09.yaml").write_text("id: x\n", "utf-8")
    lister = CountingLister()
    assert f"{LETTER}/09.yaml" in store.tree_rels(tree, [], cache=True, lister=lister)
    assert lister.calls == [LETTER]


CHANGES = {
    "file added": lambda r: (r / LETTER / "09.yaml").write_text("id: x\n", "utf-8"),
    "file removed": lambda r: os.unlink(r / LETTER / "02.yaml"),
    "file renamed": lambda r: os.rename(r / LETTER / "02.yaml", r / LETTER / "07.yaml"),
    "file becomes a folder": lambda r: (
        os.unlink(r / LETTER / "02.yaml"),
        (r / LETTER / "02.yaml").mkdir(),
    ),
    "folder added": lambda r: (
        (r / "commitments/a-early").mkdir(),
        shutil.copy(r / LETTER / "01.yaml", r / "commitments/a-early/01.yaml"),
    ),
    "folder removed": lambda r: shutil.rmtree(r / LETTER),
    "folder renamed": lambda r: os.rename(r / LETTER, r / "commitments/zz-moved"),
    "folder replaced": lambda r: (
        shutil.rmtree(r / LETTER),
        (r / LETTER).mkdir(),
        (r / LETTER / "05.yaml").write_text("id: y\n", "utf-8"),
    ),
    "hidden file and folder": lambda r: (
        (r / LETTER / ".draft.yaml").write_text("id: z\n", "utf-8"),
        (r / "commitments/.trash").mkdir(),
    ),
    "linked folder outside": lambda r: os.symlink(
        r.parent, r / "commitments/elsewhere", target_is_directory=True
    ),
    "linked file": lambda r: os.symlink(r / LETTER / "01.yaml", r / LETTER / "08.yaml"),
}


SAME_FILES = {"hidden file and folder", "linked folder outside"}  # the files listed stay the same


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_every_change_is_seen(tree, change):
    before = _listed(tree)
    _listed(tree)  # from the cache
    CHANGES[change](tree)
    after = _listed(tree)  # the changed folders are fresh: listed, not kept
    _age_folders(tree)
    assert _listed(tree) == after  # listed and kept
    assert _listed(tree) == after  # from the cache
    assert (after == before) == (change in SAME_FILES)


def test_a_linked_folder_is_reported_on_every_run(tree):
    os.symlink(tree.parent, tree / "commitments/elsewhere", target_is_directory=True)
    _age_folders(tree)
    for _ in range(3):
        problems: list[store.Problem] = []
        store.tree_rels(tree, problems, cache=True)
        assert [p.path for p in problems] == ["commitments/elsewhere"]


def test_a_folder_changed_just_now_is_not_kept(tree):
    (tree / LETTER / "09.yaml").write_text("id: x\n", "utf-8")  # LETTER changed now
    _listed(tree)
    lister = CountingLister()
    store.tree_rels(tree, [], cache=True, lister=lister)
    assert lister.calls == [LETTER]


@pytest.mark.parametrize("damage", ["corrupt", "empty", "foreign"])
def test_a_damaged_cache_is_rebuilt(tree, damage):
    first = _listed(tree)
    path = tree / CACHE_DIR / store.LISTING_CACHE
    if damage == "corrupt":
        path.write_bytes(path.read_bytes()[:200] + b"\x00garbage")
    elif damage == "empty":
        path.write_bytes(b"")
    else:  # the right header, an entry of the wrong shape
        from tracker import cache

        snap = cache.Snapshot(tree, store.LISTING_CACHE, ("store", "cache"))
        cache.write_file(path, snap.fingerprint, {}, {"commitments": ("x", (), ())})
    assert _listed(tree) == first
    assert _listed(tree) == first


def test_a_copied_tree_lists_its_own_files(tree, tmp_path_factory):
    """The cache holds paths relative to the root and the folders' stats: a copied tree (cache
    included) lists its own folders, never what the cache says of the original's."""
    first = _listed(tree)
    copy = tmp_path_factory.mktemp("copy") / "tree"
    shutil.copytree(tree, copy, symlinks=True)
    _age_folders(copy)  # the copy's folders as old as the original's: only their stats differ
    shutil.rmtree(copy / LETTER)
    _age_folders(copy)
    assert _listed(copy) == [rel for rel in first if not rel.startswith(f"{LETTER}/")]


def test_a_fresh_folder_does_not_rewrite_the_cache(tree):
    _listed(tree)
    path = tree / CACHE_DIR / store.LISTING_CACHE
    (tree / LETTER / "09.yaml").write_text("id: x\n", "utf-8")  # LETTER changed now
    store.tree_rels(tree, [], cache=True)  # its old entry dropped: saved
    saved = path.stat().st_mtime_ns, path.stat().st_ino
    for _ in range(2):  # listed again, not kept: nothing to save
        store.tree_rels(tree, [], cache=True)
        assert (path.stat().st_mtime_ns, path.stat().st_ino) == saved
