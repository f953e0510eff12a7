"""The record cache is never stale: edits, additions, deletions, renames, touches, corruption."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from treefix import small_tree

from tracker import cache, store

C1 = "commitments/gz-edu-2023-ta5020/01.yaml"


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"})


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


def statuses(root: Path) -> dict[str, str]:
    return {k: c.status.value for k, c in store.load_tree(root).commitments.items()}


def test_warm_run_uses_the_cache(tree_root, monkeypatch):
    first = store.load_tree(tree_root)
    calls = []
    real = store.load_file
    monkeypatch.setattr(store, "load_file", lambda root, path: calls.append(path) or real(root, path))
    second = store.load_tree(tree_root)
    assert calls == []
    assert second.commitments == first.commitments and second.replies == first.replies


def _age(p: Path) -> None:
    old = time.time() - 30
    os.utime(p, (old, old))


def test_edit_is_seen(tree_root):
    statuses(tree_root)
    p = tree_root / C1
    p.write_text(p.read_text(encoding="utf-8").replace("status: pending", "status: done"), encoding="utf-8")
    _age(p)  # same age as before: only the content key can tell
    assert statuses(tree_root)["gz-edu-2023-ta5020/01"] == "done"


def test_add_delete_rename_are_seen(tree_root):
    statuses(tree_root)
    src = tree_root / C1
    shutil.copy(src, tree_root / "commitments/gz-edu-2023-ta5020/03.yaml")
    assert "gz-edu-2023-ta5020/01" in store.load_tree(tree_root).commitments
    tree = store.load_tree(tree_root)
    assert tree.commitment_paths["gz-edu-2023-ta5020/01"] == [C1, "commitments/gz-edu-2023-ta5020/03.yaml"]
    os.unlink(tree_root / "commitments/gz-edu-2023-ta5020/03.yaml")
    os.rename(src, tree_root / "commitments/gz-edu-2023-ta5020/09.yaml")
    tree = store.load_tree(tree_root)
    assert tree.commitment_paths["gz-edu-2023-ta5020/01"] == ["commitments/gz-edu-2023-ta5020/09.yaml"]
    assert tree.commitments["gz-edu-2023-ta5020/01"].path == "commitments/gz-edu-2023-ta5020/09.yaml"


def test_touch_without_change_gives_same_records(tree_root):
    before = store.load_tree(tree_root).commitments
    os.utime(tree_root / C1)
    assert store.load_tree(tree_root).commitments == before


def test_corrupt_cache_is_rebuilt(tree_root):
    before = store.load_tree(tree_root).commitments
    f = tree_root / cache.CACHE_DIR / "records.pickle"
    assert f.exists()
    f.write_bytes(b"\x80\x04garbage")
    assert store.load_tree(tree_root).commitments == before
    f.write_bytes(b"")
    assert store.load_tree(tree_root).commitments == before


def test_cache_folder_ignores_itself(tree_root):
    store.load_tree(tree_root)
    assert (tree_root / cache.CACHE_DIR / ".gitignore").read_text() == "*\n"
