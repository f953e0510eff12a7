"""history.changes() keeps what each commit changed in .tracker-cache/changes.msgpack: never stale,
rebuilt when corrupt, the same answers as without it."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import (
    LETTER_A,
    GitRepo,
    cache_of_other_code,
    evidence_entry,
    item_yaml,
    without_cache,
)

from tracker import history

A = f"commitments/{LETTER_A}"


def fresh(root: Path, **kw: object) -> list[history.Change]:
    """changes() through the change cache (read from disk when it was written since)."""
    return history.changes(root, **kw)  # type: ignore[arg-type]


def uncached(root: Path, **kw: object) -> list[history.Change]:
    """changes() with the caches off (as TRACKER_NO_CACHE=1 runs it)."""
    with without_cache():
        return history.changes(root, **kw)  # type: ignore[arg-type]


def test_cached_changes_are_the_same_as_computed(git_repo: GitRepo) -> None:
    root = git_repo.root
    expected = uncached(root)
    assert not (root / ".tracker-cache" / "changes.msgpack").exists()
    assert fresh(root) == expected  # cold: computed and saved
    assert (root / ".tracker-cache" / "changes.msgpack").exists()
    assert fresh(root) == expected  # warm: from the cache
    since = git_repo.commits["follow-up"]
    assert fresh(root, since=since) == uncached(root, since=since)
    ids = [f"{LETTER_A}/03"]
    assert fresh(root, ids=ids) == uncached(root, ids=ids)


def test_never_stale_after_a_new_commit_or_a_rewritten_history(git_repo: GitRepo) -> None:
    root = git_repo.root
    fresh(root)
    git_repo.write(
        f"{A}/02.yaml",
        item_yaml(
            LETTER_A,
            "02",
            status="done",
            tags=["社工"],
            evidence=[evidence_entry("03", "done", score=0.8)],
        ),
    )
    sha = git_repo.commit("done", "A/02 done", author="chen", when="2026-01-05T09:00:00+08:00")
    got = fresh(root)
    assert got == uncached(root)
    assert [(c.record, c.field) for c in got if c.commit == sha] == [
        (f"{LETTER_A}/02", "status"),
        (f"{LETTER_A}/02", "evidence"),
    ]
    # the same in one process that had the cache loaded before the commit
    git_repo.write(f"{A}/04.yaml", item_yaml(LETTER_A, "04", status="dropped"))
    sha2 = git_repo.commit("drop", "A/04 dropped", author="li", when="2026-01-06T09:00:00+08:00")
    got = history.changes(root)
    assert got[0].commit == sha2 and got == uncached(root)
    # history rewritten: the amended commit is a new sha, the old one is never asked for
    git_repo.write(f"{A}/04.yaml", item_yaml(LETTER_A, "04", status="superseded"))
    git_repo.git("commit", "-q", "-a", "--amend", "-m", "A/04 superseded")
    got = fresh(root)
    assert got == uncached(root)
    assert [c.new for c in got if c.record == f"{LETTER_A}/04" and c.field == "status"][
        0
    ] == "superseded"


def test_uncommitted_changes_are_never_cached(git_repo: GitRepo) -> None:
    root = git_repo.root
    fresh(root)
    git_repo.write(f"{A}/02.yaml", item_yaml(LETTER_A, "02", status="in_progress"))
    got = fresh(root)
    assert got[0].commit == history.WORKTREE and got == uncached(root)
    git_repo.git("checkout", "--", A)
    assert fresh(root) == uncached(root)


@pytest.mark.parametrize("damage", [b"", b"not a pickle", None])
def test_a_corrupt_cache_is_rebuilt(git_repo: GitRepo, damage: bytes | None) -> None:
    root = git_repo.root
    expected = uncached(root)
    fresh(root)
    path = root / ".tracker-cache" / "changes.msgpack"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2] if damage is None else damage)  # torn, empty, garbage
    assert fresh(root) == expected
    assert fresh(root) == expected  # and the rebuilt file reads back
    assert path.read_bytes() != (data[: len(data) // 2] if damage is None else damage)


def test_a_cache_made_by_other_code_or_for_another_folder_is_not_used(git_repo: GitRepo) -> None:
    root = git_repo.root
    expected = uncached(root)
    fresh(root)
    # entries are keyed by the folder the records are in: a poisoned entry under another key is ignored
    cache = history.tree_cache(root, history.CHANGES_CACHE)
    sha = git_repo.commits["confirm"]
    cache.put(sha, ("commit", "elsewhere/commitments/"), {})
    cache.save()
    assert fresh(root) == expected
    # a file written by other code (another fingerprint) is not read, even with the right keys
    other = cache_of_other_code(root, history.CHANGES_CACHE)
    for sha in git_repo.commits.values():
        paths = git_repo.git("show", "--name-only", "--format=", sha, "--", "commitments/").split()
        other.put(sha, ("commit", "commitments/"), {p: [] for p in paths})  # "nothing changed"
    other.save()
    assert fresh(root) == expected
