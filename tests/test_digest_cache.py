"""history.digest_changes() keeps a digest's changes per commit, and the commits a walk from a head
gives, in .tracker-cache/digest-changes.msgpack: never stale, rebuilt when corrupt, and the same
answers as changes() read without any cache."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import (
    LETTER_A,
    GitRepo,
    cache_of_other_code,
    evidence_entry,
    item_yaml,
    shallow_clone,
    without_cache,
)

from tracker import history

A = f"commitments/{LETTER_A}"
CACHE = Path(".tracker-cache") / "digest-changes.msgpack"


def fresh(root: Path, **kw: object) -> list[history.DigestChange]:
    """digest_changes() through the digest cache (read from disk when it was written since)."""
    return history.digest_changes(root, **kw)  # type: ignore[arg-type]


def expected(root: Path, **kw: object) -> list[Any]:
    """What changes() says without any cache, cut down to what a digest shows."""
    with without_cache():
        out: list[Any] = []
        for c in history.changes(root, **kw):  # type: ignore[arg-type]
            row = (c.record, c.field, c.old, c.new, c.kind, c.note)
            out.extend(
                (c.commit, c.short, c.author, c.date, *r) for r in history._digest_rows([row])
            )
        assert fresh(root, **kw) == out  # and digest_changes() agrees without a cache
        return out


def test_cached_digest_changes_are_the_same_as_computed(
    git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = git_repo.root
    want = expected(root)
    assert {r[5] for r in want} == {"added", "status", "evidence"}
    assert not (root / CACHE).exists()
    assert fresh(root) == want  # cold: computed and saved
    assert (root / CACHE).exists()
    with monkeypatch.context() as m:
        m.setattr(history, "_walk_log", None)  # warm: from the cache, no walk of the log
        assert fresh(root) == want
    since = git_repo.commits["follow-up"]
    assert fresh(root, since=since) == expected(root, since=since)
    assert fresh(root, since=since) == expected(root, since=since)
    assert fresh(root) == want


def test_never_stale_after_a_new_commit_or_a_rewritten_history(git_repo: GitRepo) -> None:
    root = git_repo.root
    fresh(root)
    since = git_repo.commits["follow-up"]
    fresh(root, since=since)
    git_repo.write(
        f"{A}/02.yaml",
        item_yaml(
            LETTER_A,
            "02",
            status="done",
            evidence=[evidence_entry("03", "done", score=0.8)],
        ),
    )
    sha = git_repo.commit("done", "A/02 done", author="chen", when="2026-01-05T09:00:00+08:00")
    got = fresh(root)
    assert got == expected(root)
    assert [(c[4], c[5]) for c in got if c[0] == sha] == [
        (f"{LETTER_A}/02", "status"),
        (f"{LETTER_A}/02", "evidence"),
    ]
    assert fresh(root, since=since) == expected(root, since=since)
    # the same in one process that had the cache loaded before the commit
    git_repo.write(f"{A}/04.yaml", item_yaml(LETTER_A, "04", status="dropped"))
    sha2 = git_repo.commit("drop", "A/04 dropped", author="li", when="2026-01-06T09:00:00+08:00")
    got = history.digest_changes(root)
    assert got[0][0] == sha2 and got == expected(root)
    # history rewritten: the amended commit is a new sha (and a new head), never asked for before
    git_repo.write(f"{A}/04.yaml", item_yaml(LETTER_A, "04", status="superseded"))
    git_repo.git("commit", "-q", "-a", "--amend", "-m", "A/04 superseded")
    got = fresh(root)
    assert got == expected(root)
    assert [c[7] for c in got if c[4] == f"{LETTER_A}/04" and c[5] == "status"][0] == "superseded"
    # back to an older head (a reset): its walk is read again, not taken from a newer one
    git_repo.git("reset", "-q", "--hard", sha)
    assert fresh(root) == expected(root)
    assert fresh(root, since=since) == expected(root, since=since)


def test_uncommitted_changes_are_never_cached(git_repo: GitRepo) -> None:
    root = git_repo.root
    fresh(root)
    git_repo.write(f"{A}/02.yaml", item_yaml(LETTER_A, "02", status="in_progress"))
    got = fresh(root)
    assert got[0][0] == history.WORKTREE and got == expected(root)
    git_repo.git("checkout", "--", A)
    assert fresh(root) == expected(root)


@pytest.mark.parametrize("damage", [b"", b"not a pickle", None])
def test_a_corrupt_cache_is_rebuilt(git_repo: GitRepo, damage: bytes | None) -> None:
    root = git_repo.root
    want = expected(root)
    fresh(root)
    path = root / CACHE
    data = path.read_bytes()
    bad = data[: len(data) // 2] if damage is None else damage  # torn, empty, garbage
    path.write_bytes(bad)
    assert fresh(root) == want
    assert fresh(root) == want  # and the rebuilt file reads back
    assert path.read_bytes() != bad


def test_poisoned_or_foreign_entries_are_not_used(git_repo: GitRepo) -> None:
    root = git_repo.root
    want = expected(root)
    fresh(root)
    cache = history.tree_cache(root, history.DIGEST_CACHE)
    head = git_repo.git("rev-parse", "HEAD").strip()
    # entries for another folder of records, or another shallow boundary, are ignored
    cache.put(git_repo.commits["confirm"], ("digest", "elsewhere/commitments/"), ())
    cache.put(f"log:{head}:", ("log", "elsewhere/commitments/", ()), ())
    cache.put(f"log:{head}:", ("log", "commitments/", ("0" * 40,)), ())
    cache.save()
    assert fresh(root) == want
    # a cache written by other code (another fingerprint) is ignored, even with the right keys
    other = cache_of_other_code(root, history.DIGEST_CACHE)
    for sha in git_repo.commits.values():
        other.put(sha, ("digest", "commitments/"), ())
    other.save()
    assert fresh(root) == want


def test_a_shallow_clone_keys_its_walk_by_its_boundary(git_repo: GitRepo, tmp_path: Path) -> None:
    clone = shallow_clone(git_repo, tmp_path / "clone")
    shallow = expected(clone)
    assert fresh(clone) == shallow
    git_repo.git("-C", str(clone), "fetch", "-q", "--unshallow")
    whole = expected(clone)
    assert len(whole) > len(shallow)
    assert fresh(clone) == whole


def test_no_digest_word_is_named_like_a_method_of_dict() -> None:
    """Templates get the words as render._Labels, where `t.x` is the word x: a word named like
    a dict method (t.items) would mean another thing there than in a plain dict."""
    from tracker.digest import LABELS
    from tracker.render import _Labels

    for words in LABELS.values():
        assert not set(words) & set(dir(dict))
        t = _Labels(words)
        assert all(getattr(t, k) == v for k, v in words.items())


def test_a_replaced_history_is_walked_again(git_repo: GitRepo) -> None:
    root = git_repo.root
    whole = fresh(root)
    fresh(root)  # the walk from this head is cached
    # a replace ref gives the same head another history: the commit before it becomes the first
    git_repo.git("replace", "--graft", "HEAD~1")
    cut = expected(root)
    assert cut != whole
    assert fresh(root) == cut
    git_repo.git("replace", "-d", git_repo.git("rev-parse", "HEAD~1").strip())
    assert fresh(root) == whole


def test_log_changes_follow_a_replaced_history(git_repo: GitRepo) -> None:
    """`tracker log`'s per-commit cache is not used while replace refs or grafts rewrite history."""

    def computed() -> list[Any]:
        with without_cache():
            return history.changes(git_repo.root)

    def cached() -> list[Any]:
        return history.changes(git_repo.root)

    whole = cached()
    assert cached() == whole == computed()
    git_repo.git("replace", "--graft", "HEAD~1")
    cut = computed()
    assert cut != whole
    assert cached() == cut
