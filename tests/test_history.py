"""history.py: the commit, changes field by field, trees at a commit, outside git, shallow clones."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from conftest import (
    LETTER_A,
    LETTER_B,
    GitRepo,
    build_history,
    evidence_entry,
    init_repo,
    item_yaml,
    make_tree,
    shallow_clone,
)

from tracker import history, store
from tracker.history import WORKTREE, ChangeKind, NoHistory, diff_data
from tracker.model import Status, TrackerError

A = f"commitments/{LETTER_A}"


def summary(changes: list[history.Change]) -> list[tuple[str, str, str, str]]:
    """(author, record, field, kind) of each change."""
    return [(c.author, c.record, c.field, c.kind.value) for c in changes]


# --- head_info ---------------------------------------------------------------------------------


def test_head_info_names_the_commit(git_repo: GitRepo) -> None:
    info = history.head_info(git_repo.root)
    assert info.in_git and not info.dirty and not info.shallow
    assert info.commit == git_repo.commits["tidy"]
    assert info.short and git_repo.commits["tidy"].startswith(info.short)
    assert info.date is not None and info.date.date() == date(2025, 12, 20)
    assert info.shallow_note is None


def test_head_info_reports_uncommitted_changes_under_commitments_only(git_repo: GitRepo) -> None:
    git_repo.write(f"{A}/02.yaml", item_yaml(LETTER_A, "02", status="done"))
    git_repo.write(f"{A}/05.yaml", item_yaml(LETTER_A, "04", comment="copy"))
    git_repo.write("notes.txt", "not part of the tree\n")
    info = history.head_info(git_repo.root)
    assert info.dirty
    assert info.dirty_paths == (f"{A}/02.yaml", f"{A}/05.yaml")


def test_head_info_outside_git(tree_root: Path) -> None:
    info = history.head_info(tree_root)
    assert not info.in_git and info.commit is None
    assert info.reason and "not in a git repository" in info.reason


def test_head_info_before_the_first_commit(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "new")
    make_tree(repo.root)
    info = history.head_info(repo.root)
    assert info.in_git and info.commit is None and info.dirty
    changes = history.changes(repo.root)
    assert changes and all(c.commit == WORKTREE and c.kind == ChangeKind.ADDED for c in changes)


def _fast_head(root: Path) -> history.HeadInfo:
    """head_info as `tracker status` makes it: from the git questions its cache asks anyway
    and the files of its walk (the cached walk and the plain one must agree)."""
    from tracker.cache import git_view

    heads = []
    for cache in (True, False):
        unusual: list[str] = []
        files = store.tree_rels(root, [], cache=cache, unusual=unusual)
        view = git_view(root, "commitments", head=True)
        heads.append(history.head_from_view(root, view, files, bool(unusual)))
    assert heads[0] == heads[1]
    return heads[0]


# Changes to a work tree, applied one after another; after each, the head of `tracker status`
# must be what head_info() says.
WORKTREE_CHANGES = {
    "clean": lambda r: None,
    "edited": lambda r: r.write(f"{A}/02.yaml", item_yaml(LETTER_A, "02", status="done")),
    "untracked": lambda r: (
        r.write(f"{A}/05.yaml", item_yaml(LETTER_A, "04", comment="copy")),
        r.write("notes.txt", "not part of the tree\n"),
        r.write(f"{A}/notes.txt", "not a record\n"),
    ),
    "staged only": lambda r: (
        r.write(f"{A}/03.yaml", item_yaml(LETTER_A, "03", status="dropped")),
        r.git("add", f"{A}/03.yaml"),
    ),
    "staged, then edited back": lambda r: r.git("checkout", "HEAD", "--", f"{A}/02.yaml"),
    "deleted": lambda r: (r.root / A / "04.yaml").unlink(),
    "removed from the index": lambda r: r.git("rm", "-q", "--cached", f"{A}/01.yaml"),
    "ignored": lambda r: (
        r.write(".gitignore", "*.bak.yaml\ncommitments/scratch/\n"),
        r.write(f"{A}/06.bak.yaml", item_yaml(LETTER_A, "01")),
        r.write("commitments/scratch/x.yaml", "id: x\n"),
    ),
    "names in Chinese, with spaces and glob characters": lambda r: (
        r.write("commitments/新 函/第 1 项.yaml", "id: w\n"),
        r.write("commitments/新 函/[1]*.yaml", "id: v\n"),
    ),
    "hidden": lambda r: (
        r.write(f"{A}/.07.yaml", "id: y\n"),
        r.write("commitments/.old/08.yaml", "id: z\n"),
    ),
    "a link to a folder, named like a record": lambda r: (
        shutil.rmtree(r.root / "commitments/.old"),
        os.symlink(r.root / "commitments/新 函", r.root / "commitments/link.yaml"),
    ),
    "committed": lambda r: r.commit(
        "all", "everything", author="li", when="2026-01-02T10:00:00+08:00"
    ),
}


def test_status_head_is_head_info(git_repo: GitRepo) -> None:
    for name, change in WORKTREE_CHANGES.items():
        change(git_repo)
        assert _fast_head(git_repo.root) == history.head_info(git_repo.root), name
    assert not _fast_head(git_repo.root).dirty


def test_status_head_before_the_first_commit_outside_git_and_shallow(
    tmp_path: Path, tree_root: Path, git_repo: GitRepo
) -> None:
    repo = init_repo(tmp_path / "new")
    make_tree(repo.root)
    repo.git("add", f"commitments/{LETTER_A}")
    assert _fast_head(repo.root) == history.head_info(repo.root)
    assert _fast_head(tree_root) == history.head_info(tree_root)
    clone = shallow_clone(git_repo, tmp_path / "shallow", depth=2)
    assert _fast_head(clone) == history.head_info(clone)
    assert _fast_head(clone).shallow_since == date(2025, 12, 15)


def test_status_head_of_a_tree_in_a_folder_of_the_repository(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "top")
    make_tree(repo.root / "data")
    repo.commit("first", "first", author="li", when="2025-01-02T10:00:00+08:00")
    repo.write(f"data/{A}/02.yaml", item_yaml(LETTER_A, "02", status="done"))
    repo.write(f"{A}/09.yaml", "id: outside the tree\n")
    root = repo.root / "data"
    assert _fast_head(root) == history.head_info(root)
    assert _fast_head(root).dirty_paths == (f"{A}/02.yaml",)


# --- resolve -----------------------------------------------------------------------------------


def test_resolve_refs_shas_and_dates(git_repo: GitRepo) -> None:
    c = git_repo.commits
    root = git_repo.root
    assert history.resolve(root, "HEAD") == c["tidy"]
    assert history.resolve(root, "HEAD~2") == c["follow-up"]
    assert history.resolve(root, c["confirm"][:8]) == c["confirm"]
    assert history.resolve(root, "main") == c["tidy"]
    # a date means the last commit on or before that day
    assert history.resolve(root, "2025-12-12") == c["follow-up"]
    assert history.resolve(root, "2025-12-14") == c["follow-up"]
    assert history.resolve(root, "2030-01-01") == c["tidy"]
    assert history.resolve(root, "2024-06-30") == c["import-a"]


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("2023-01-01", "no commit on or before 2023-01-01"),
        ("2025-13-01", "not a real date"),
        ("no-such-branch", "unknown revision 'no-such-branch'"),
        ("--all", "is not a revision"),
    ],
)
def test_resolve_says_what_is_wrong(git_repo: GitRepo, ref: str, message: str) -> None:
    with pytest.raises(TrackerError, match=message) as e:
        history.resolve(git_repo.root, ref)
    assert e.value.hint


# --- changes -----------------------------------------------------------------------------------


def test_changes_field_by_field_newest_first(git_repo: GitRepo) -> None:
    changes = history.changes(git_repo.root)
    a, b = LETTER_A, LETTER_B
    # the comment added to 01 in the last commit is no change to its data
    assert summary(changes) == [
        ("李娜", f"{a}/02", "tags", "added"),
        ("陈杰", f"{a}/03", "status", "changed"),
        ("陈杰", f"{a}/03", "status_note", "added"),
        ("陈杰", f"{a}/03", "evidence", "changed"),
        ("Wang Fang", f"{a}/01", "status", "changed"),
        ("Wang Fang", f"{a}/01", "evidence", "added"),
        ("Wang Fang", f"{a}/03", "evidence", "added"),
        ("Wang Fang", f"{a}/04", "status", "changed"),
        ("Wang Fang", f"{a}/04", "evidence", "added"),
        ("Wang Fang", f"{b}/01", "", "added"),
        ("Wang Fang", f"{b}/02", "", "added"),
        ("Wang Fang", b, "", "added"),
        ("李娜", f"{a}/01", "", "added"),
        ("李娜", f"{a}/02", "", "added"),
        ("李娜", f"{a}/03", "", "added"),
        ("李娜", f"{a}/04", "", "added"),
        ("李娜", a, "", "added"),
    ]
    status = changes[1]
    assert (status.old, status.new) == ("pending", "done")
    assert (
        status.commit == git_repo.commits["confirm"]
        and status.message == "Confirm staffing is done"
    )
    assert status.path == f"{A}/03.yaml" and status.date.date() == date(2025, 12, 15)
    confirmed = changes[3]
    assert confirmed.old["confirmed"] is False and confirmed.new["confirmed"] is True
    added = changes[5]
    assert (
        added.old is None and added.new["reply"] == LETTER_B and added.new["verdict"] == "progress"
    )
    assert changes[-1].is_reply and not changes[0].is_reply


def test_changes_since_a_ref_or_a_date(git_repo: GitRepo) -> None:
    root = git_repo.root
    by_ref = history.changes(root, since=git_repo.commits["follow-up"])
    by_date = history.changes(root, since="2025-12-12")
    assert summary(by_ref) == summary(by_date)
    assert {c.commit for c in by_ref} == {git_repo.commits["confirm"], git_repo.commits["tidy"]}
    # a date before the first commit: everything happened since
    assert len(history.changes(root, since="2020-01-01")) == len(history.changes(root))
    with pytest.raises(TrackerError, match="unknown revision"):
        history.changes(root, since="nope")


def test_changes_of_some_records(git_repo: GitRepo) -> None:
    root = git_repo.root
    three = history.changes(root, ids=[f"{LETTER_A}/03"])
    assert [(c.field, c.kind.value) for c in three] == [
        ("status", "changed"),
        ("status_note", "added"),
        ("evidence", "changed"),
        ("evidence", "added"),
        ("", "added"),
    ]
    letter_b = history.changes(root, ids=[LETTER_B])  # a reply id keeps its commitments
    assert {c.record for c in letter_b} == {LETTER_B, f"{LETTER_B}/01", f"{LETTER_B}/02"}
    # an id is not a prefix: gz-edu-2023-ta5020/0 names nothing
    assert history.changes(root, ids=[f"{LETTER_A}/0"]) == []


def test_uncommitted_changes_come_first_as_working_tree(git_repo: GitRepo) -> None:
    git_repo.write(
        f"{A}/02.yaml",
        item_yaml(
            LETTER_A, "02", status="done", tags=["社工"], evidence=[evidence_entry("01", "done")]
        ),
    )
    git_repo.write(f"{A}/05.yaml", item_yaml(LETTER_A, "04").replace("/04", "/05"))
    (git_repo.root / A / "04.yaml").unlink()
    changes = history.changes(git_repo.root)
    head = [c for c in changes if c.uncommitted]
    assert changes[: len(head)] == head
    assert {(c.record, c.field, c.kind.value) for c in head} == {
        (f"{LETTER_A}/02", "status", "changed"),
        (f"{LETTER_A}/02", "evidence", "added"),
        (f"{LETTER_A}/04", "", "removed"),
        (f"{LETTER_A}/05", "", "added"),
    }
    assert all(c.commit == WORKTREE == c.short for c in head)
    one = history.changes(git_repo.root, ids=[f"{LETTER_A}/02"])
    assert [(c.commit, c.field) for c in one[:2]] == [(WORKTREE, "status"), (WORKTREE, "evidence")]
    assert history.changes(git_repo.root, ids=[f"{LETTER_A}/05"])[0].kind == ChangeKind.ADDED
    assert len(changes) - len(head) == len(history.changes(git_repo.root, worktree=False))


def test_a_file_that_cannot_be_read_is_reported_not_fatal(git_repo: GitRepo) -> None:
    git_repo.write(f"{A}/02.yaml", "id: [unclosed\n")
    git_repo.commit("broken", "Break a file", author="chen", when="2025-12-21T10:00:00+08:00")
    git_repo.write(f"{A}/02.yaml", item_yaml(LETTER_A, "02", status="dropped", tags=["社工"]))
    git_repo.commit("fixed", "Fix it", author="chen", when="2025-12-22T10:00:00+08:00")
    changes = history.changes(git_repo.root, since=git_repo.commits["tidy"])
    assert [(c.message, c.field, c.note is not None) for c in changes] == [
        ("Fix it", "", True),
        ("Break a file", "", True),
    ]
    assert changes[1].note and changes[1].note.startswith("cannot be read: YAML syntax error")
    assert changes[0].note == "readable again"


def test_removed_records(git_repo: GitRepo) -> None:
    git_repo.git("rm", "-q", f"{A}/04.yaml")
    git_repo.commit("rm", "Drop a duplicate item", author="li", when="2025-12-22T10:00:00+08:00")
    first = history.changes(git_repo.root)[0]
    assert (first.record, first.field, first.kind) == (f"{LETTER_A}/04", "", ChangeKind.REMOVED)
    assert first.old["status"] == "repeated" and first.new is None


def test_history_of_a_tree_in_a_sub_folder(tmp_path: Path) -> None:
    repo = build_history(tmp_path / "big" / "tracker-data")
    # the repository's top is one level up: move .git there
    (tmp_path / "big" / "tracker-data" / ".git").rename(tmp_path / "big" / ".git")
    top = GitRepo(tmp_path / "big")
    top.git("add", "-A")
    top.commit("move", "Move the tree into a folder", author="li", when="2025-12-23T10:00:00+08:00")
    changes = history.changes(repo.root, since="2025-12-22")
    # the move removes every file at the top and adds it in the folder: seen from the tree
    # root, only additions are visible (paths outside the root are not the tree's)
    assert changes and all(
        c.kind == ChangeKind.ADDED and c.path.startswith("commitments/") for c in changes
    )
    assert history.head_info(repo.root).in_git
    then = history.tree_at(repo.root, "HEAD")
    assert then.commitments[f"{LETTER_A}/03"].status == Status.DONE


# --- tree_at and changed_records ---------------------------------------------------------------


def _statuses(tree: store.Tree) -> dict[str, str]:
    return {cid: c.status.value for cid, c in tree.commitments.items()}


def test_tree_at_reads_records_from_git(git_repo: GitRepo) -> None:
    root = git_repo.root
    before_b = history.tree_at(root, git_repo.commits["import-a"])
    assert set(before_b.replies) == {LETTER_A} and len(before_b.commitments) == 4
    at_follow_up = history.tree_at(root, "2025-12-12")
    assert _statuses(at_follow_up) == {
        f"{LETTER_A}/01": "in_progress",
        f"{LETTER_A}/02": "pending",
        f"{LETTER_A}/03": "pending",
        f"{LETTER_A}/04": "repeated",
        f"{LETTER_B}/01": "pending",
        f"{LETTER_B}/02": "pending",
    }
    assert at_follow_up.commitments[f"{LETTER_A}/03"].evidence[0].confirmed is False
    assert at_follow_up.problems == []
    assert at_follow_up.replies[LETTER_B].reply_date == date(2025, 12, 2)


def test_tree_at_with_the_current_tree_parses_only_what_differs(git_repo: GitRepo) -> None:
    root = git_repo.root
    git_repo.write(f"{A}/02.yaml", item_yaml(LETTER_A, "02", status="dropped"))  # uncommitted
    current = store.load_tree(root)
    assert current.commitments[f"{LETTER_A}/02"].status == Status.DROPPED
    for ref in ("HEAD", "import-b", "2025-12-12"):
        sha = history.resolve(root, git_repo.commits.get(ref, ref))
        plain = history.tree_at(root, sha)
        reused = history.tree_at(root, sha, current=current)
        assert reused.commitments == plain.commitments
        assert reused.replies == plain.replies
    assert (
        history.tree_at(root, "HEAD", current=current).commitments[f"{LETTER_A}/02"].status
        == Status.PENDING
    )


def test_changed_records(git_repo: GitRepo) -> None:
    root, c = git_repo.root, git_repo.commits
    assert history.changed_records(root, c["follow-up"]) == {f"{LETTER_A}/02", f"{LETTER_A}/03"}
    assert history.changed_records(root, c["follow-up"], c["confirm"]) == {f"{LETTER_A}/03"}
    assert history.changed_records(root, c["import-a"], c["import-b"]) == {
        LETTER_B,
        f"{LETTER_B}/01",
        f"{LETTER_B}/02",
    }
    # uncommitted and untracked files count; a comment alone does not
    git_repo.write(f"{A}/04.yaml", item_yaml(LETTER_A, "04", status="done"))
    git_repo.write(f"{A}/05.yaml", item_yaml(LETTER_A, "04").replace("/04", "/05"))
    text = (root / A / "01.yaml").read_text(encoding="utf-8")
    git_repo.write(f"{A}/01.yaml", "# another comment\n" + text)
    assert history.changed_records(root, "HEAD") == {f"{LETTER_A}/04", f"{LETTER_A}/05"}


# --- without history ---------------------------------------------------------------------------


def test_outside_git_history_calls_say_there_is_none(tree_root: Path) -> None:
    for call in (
        lambda: history.changes(tree_root),
        lambda: history.resolve(tree_root, "HEAD"),
        lambda: history.tree_at(tree_root, "HEAD"),
        lambda: history.changed_records(tree_root, "HEAD"),
    ):
        with pytest.raises(NoHistory, match="not in a git repository") as e:
            call()
        assert e.value.hint and "git init" in e.value.hint


def test_shallow_clone_history_is_partial(git_repo: GitRepo, tmp_path: Path) -> None:
    clone = shallow_clone(git_repo, tmp_path / "shallow", depth=2)
    info = history.head_info(clone)
    assert info.in_git and info.shallow
    assert info.shallow_since == date(2025, 12, 15)
    assert info.shallow_note and "git fetch --unshallow" in info.shallow_note
    assert history.shallow_note(clone) == info.shallow_note
    assert history.shallow_note(git_repo.root) is None
    # the oldest commit held has no parent here: its diff would be the whole tree, so it is left out
    changes = history.changes(clone)
    assert summary(changes) == [("李娜", f"{LETTER_A}/02", "tags", "added")]
    with pytest.raises(TrackerError) as e:
        history.resolve(clone, "2025-12-12")
    assert e.value.hint and "git fetch --unshallow" in e.value.hint
    assert history.tree_at(clone, "HEAD~1").commitments[f"{LETTER_A}/03"].status == Status.DONE


# --- comparing as data -------------------------------------------------------------------------


def test_diff_data_treats_empty_values_alike() -> None:
    old = {"id": "a/01", "status": "pending", "tags": [], "status_note": None, "due": None}
    new = {"id": "a/01", "status": "pending", "owners": []}
    assert diff_data(old, new) == []
    assert diff_data({"id": "a/01"}, {"id": "a/01", "status": "pending"}) == []  # the default


def test_diff_data_evidence_entry_by_entry() -> None:
    e1 = {"reply": "b", "quote": "q1", "verdict": "progress", "confirmed": False}
    e2 = {"reply": "b", "quote": "q2", "verdict": "done", "confirmed": False}
    e1c = {**e1, "confirmed": True}
    got = diff_data({"evidence": [e1, e2]}, {"evidence": [e1c, {"reply": "c", "quote": "q3"}]})
    assert [(f, k.value) for f, _, _, k in got] == [
        ("evidence", "changed"),
        ("evidence", "added"),
        ("evidence", "removed"),
    ]
    assert got[0][1:3] == (e1, e1c)


def test_only_history_imports_git() -> None:
    pkg = Path(history.__file__).parent
    for path in pkg.rglob("*.py"):
        if path.name == "history.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert "import git\n" not in text and "from git " not in text, path
