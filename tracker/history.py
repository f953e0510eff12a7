"""What git knows about the tree: the commit it stands at, and how its records changed.

The only module that imports git (gitpython), and only inside the functions that need it. History
is read in one walk of the log for the whole tree (`git log --raw` over commitments/) and the blobs
it names are fetched through one `git cat-file --batch` process, so the cost grows with the number
of changes read, not with the number of files in the tree. Records are compared as data, field by
field, after parsing each blob with the store's fast reader; a blob is parsed once however often it
is named. Merge commits show no changes of their own: their changes are reported in the commits
that made them.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker import git as gitcmd
from tracker import summary
from tracker.cache import Codec, Mismatch, codec, git_view, shared_cache, untracked
from tracker.git import NoHistory, UnsafeRepository
from tracker.model import (
    Commitment,
    Level,
    Problem,
    Reply,
    SectionKind,
    TrackerError,
    UsageError,
    Verdict,
)
from tracker.rows import Row, build_rows, of_records
from tracker.schema import COMMITMENT_KEYS, REPLY_KEYS, parse_commitment, parse_reply
from tracker.store import (
    COMMITMENTS_DIR,
    MAX_FILE_BYTES,
    Tree,
    decode_yaml_bytes,
    load_tree,
    parse_yaml_text,
    skipped_files,
    tree_rels,
    use_cache_default,
)

if TYPE_CHECKING:
    from tracker.cache import GitView, RecordCache

WORKTREE = "working tree"  # the commit of changes not yet committed
UNSHALLOW_HINT = "run `git fetch --unshallow` to fetch the whole history"
_NULL_SHA = "0" * 40
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_BLOB_MODES = ("100644", "100755")


class BeforeHistory(TrackerError):
    """A date names no commit: the history starts after it."""


class ChangeKind(StrEnum):
    """What happened to a record or to one of its fields."""

    ADDED = "added"
    CHANGED = "changed"
    REMOVED = "removed"


@dataclass(frozen=True)
class HeadInfo:
    """The commit the tree stands at, and whether its records have uncommitted changes."""

    in_git: bool
    commit: str | None = None  # None before the first commit
    short: str | None = None
    date: datetime | None = None  # committer date of the commit
    dirty: bool = False  # uncommitted changes under commitments/
    shallow: bool = False
    dirty_paths: tuple[str, ...] = ()  # files under commitments/ with uncommitted changes
    shallow_since: _dt.date | None = None  # date of the oldest commit a shallow clone holds
    reason: str | None = None  # why there is no history, when in_git is False
    hint: str | None = None  # what to do about it
    refused: bool = False  # git refuses the repository (owned by another user)

    @property
    def shallow_note(self) -> str | None:
        """What a shallow clone lacks and how to fetch it (None when the history is whole)."""
        if not self.shallow:
            return None
        since = f" before {self.shallow_since}" if self.shallow_since else ""
        return f"this clone is shallow: the history{since} is missing; {UNSHALLOW_HINT}"


@dataclass(frozen=True)
class Change:
    """One change to one record: a record added or removed, or one field changed."""

    commit: str  # full sha, or WORKTREE
    short: str
    author: str
    date: datetime
    message: str  # the commit's subject line
    record: str  # id of the commitment or reply
    path: str  # file, relative to the tree root
    field: str  # "" when the whole record was added or removed
    old: Any  # plain data as read from YAML (an evidence entry is a dict)
    new: Any
    kind: ChangeKind
    note: str | None = None  # e.g. the file could not be read at this commit

    @property
    def uncommitted(self) -> bool:
        """True for changes in the working tree, not yet committed."""
        return self.commit == WORKTREE

    @property
    def is_reply(self) -> bool:
        """True when the record is a reply (a letter), not a commitment."""
        return "/" not in self.record


# --- git access -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Commit:
    sha: str
    short: str
    author: str
    date: datetime
    message: str


@dataclass(frozen=True)
class _Entry:
    """One file changed between two states, as `git log --raw` / `git diff --raw` names it."""

    old_mode: str
    new_mode: str
    old_sha: str
    new_sha: str
    status: str
    path: str  # relative to the tree root


class _Git:
    """A repository seen from a tree root: git commands run at its top, paths kept root-relative."""

    def __init__(self, root: Path) -> None:
        try:
            import git
        except ImportError as e:  # git itself is missing: gitpython refuses to load
            raise NoHistory("no history: git cannot be run here", "install git") from e
        try:
            repo = git.Repo(root, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise NoHistory(
                f"no history: {root} is not in a git repository",
                "run `git init` and commit the tree to keep its history",
            ) from None
        if repo.working_tree_dir is None:
            raise NoHistory(f"no history: {root} is inside a bare git repository")
        self.repo = repo
        self.top = Path(repo.working_tree_dir).resolve()
        try:
            rel = Path(root).resolve().relative_to(self.top).as_posix()
        except ValueError:
            raise NoHistory(f"no history: {root} is not in the work tree of {self.top}") from None
        self.prefix = "" if rel == "." else rel + "/"
        self.spec = f"{self.prefix}{COMMITMENTS_DIR}/"
        self.root = Path(root)
        self.abbrev = 7

    def run(self, *args: str) -> bytes:
        """Output of one git command run at the repository's top."""
        return gitcmd.run(self.top, *args, literal=True)

    def rel(self, git_path: str) -> str | None:
        """A path from git's output relative to the tree root (None when outside it)."""
        if not git_path.startswith(self.prefix):
            return None
        return git_path[len(self.prefix) :]

    def cat(self, names: Sequence[str]) -> dict[str, bytes | None]:
        """The contents of many objects (shas or `rev:path`) through one cat-file process.

        The names are written all at once and the answers read as they come (gitpython's own
        cat-file channel waits for each object in turn, which costs a round trip per blob).
        """
        out: dict[str, bytes | None] = {}
        todo = list(dict.fromkeys(n for n in names if n and n != _NULL_SHA))
        if not todo:
            return out
        proc = gitcmd.spawn(self.top, "cat-file", "--batch", "--buffer", stdin=True)
        if proc is None:
            raise NoHistory("no history: git cannot be run here", "install git")
        stdin, stdout = proc.stdin, proc.stdout
        assert stdin is not None and stdout is not None

        def feed() -> None:
            try:
                stdin.write("".join(f"{n}\n" for n in todo).encode("utf-8", "surrogateescape"))
                stdin.close()
            except BrokenPipeError:
                pass

        writer = threading.Thread(target=feed, daemon=True)
        writer.start()
        done = False
        try:
            for name in todo:
                header = stdout.readline()
                if not header:
                    break
                parts = header.split()
                if len(parts) != 3 or parts[1] != b"blob":
                    # missing, ambiguous, or not a blob (a tree, a submodule): skip its body
                    if len(parts) == 3 and parts[2].isdigit():
                        stdout.read(int(parts[2]) + 1)
                    out[name] = None
                    continue
                data = stdout.read(int(parts[2]))
                stdout.read(1)
                out[name] = data
            done = True
        finally:
            if not done:
                proc.kill()  # interrupted: do not wait for git to finish its answers
            stdout.close()
            writer.join()
            proc.wait()
        return out

    def shallow_commits(self) -> set[str]:
        """The boundary commits of a shallow clone (empty when the history is whole)."""
        path = Path(self.repo.common_dir) / "shallow"
        try:
            return {line.strip() for line in path.read_text().splitlines() if line.strip()}
        except OSError:
            return set()

    def head(self) -> str | None:
        """The sha of HEAD, or None before the first commit (also learns git's short-sha length)."""
        try:
            out = self.run("log", "-1", "--format=%H %h", "HEAD", "--").decode().split()
        except UnsafeRepository:
            raise
        except TrackerError:
            return None
        if len(out) != 2:
            return None
        self.abbrev = len(out[1])
        return out[0]

    def _spawn(self, *args: str) -> gitcmd.Process | None:
        """One git command started at the repository's top, its output read later (None: no git)."""
        return gitcmd.spawn(self.top, *args, literal=True)

    def status_paths(self, specs: Sequence[str] = ()) -> tuple[str | None, list[str]]:
        """HEAD's sha and the root-relative files under commitments/ (or the given paths) with
        uncommitted changes."""
        specs = list(specs or [self.spec])
        # `git status --untracked-files=all` costs as much as both of these together, run at once:
        # status for the tracked files, ls-files for the untracked ones (the same exclude rules)
        untracked = self._spawn("ls-files", "-z", "--others", "--exclude-standard", "--", *specs)
        try:
            out = self.run(
                "status",
                "--porcelain=v2",
                "--branch",
                "-z",
                "--no-renames",
                "--untracked-files=no",
                "--",
                *specs,
            )
        except BaseException:
            if untracked is not None:
                untracked.kill()
                untracked.communicate()
            raise
        others = gitcmd.output(untracked)
        if others is None:
            others = self.run("ls-files", "-z", "--others", "--exclude-standard", "--", *specs)
        head: str | None = None
        paths: list[str] = []
        for token in others.decode("utf-8", "surrogateescape").split("\0"):
            p = self.rel(token) if token else None
            if p is not None:
                paths.append(p)
        skip = {"1": 8, "u": 10, "2": 9}
        for token in out.decode("utf-8", "surrogateescape").split("\0"):
            if not token:
                continue
            if token.startswith("# branch.oid "):
                oid = token.split(" ", 2)[2]
                head = None if oid == "(initial)" else oid
            elif token[0] in skip:
                p = self.rel(token.split(" ", skip[token[0]])[-1])
                if p is not None:
                    paths.append(p)
            elif token.startswith("? "):
                p = self.rel(token[2:])
                if p is not None:
                    paths.append(p)
        return head, sorted(set(p for p in paths if _is_yaml(p)))


def _open(root: Path) -> _Git:
    return _Git(Path(root))


def _is_yaml(path: str) -> bool:
    return path.endswith((".yaml", ".yml")) and not path.rsplit("/", 1)[-1].startswith(".")


def _parse_raw(tokens: list[str], g: _Git) -> Iterator[_Entry]:
    """Entries of `--raw -z` output: a `:modes shas status` token, then the path."""
    it = iter(tokens)
    for meta in it:
        meta = meta.lstrip("\n")
        if not meta.startswith(":"):
            continue
        path = next(it, "")
        fields = meta[1:].split(" ")
        if len(fields) < 5:
            continue
        rel = g.rel(path)
        if rel is None or not _is_yaml(rel):
            continue
        yield _Entry(fields[0], fields[1], fields[2], fields[3], fields[4][:1], rel)


_LOG_FORMAT = "%x01%H%x1f%an%x1f%aI%x1f%s"


def _walk_log(
    g: _Git, rev_range: str, specs: Sequence[str] = ()
) -> Iterator[tuple[_Commit, list[_Entry]]]:
    """Commits touching commitments/ (or the given paths), newest first, with the files changed."""
    out = g.run(
        "log",
        "--raw",
        "--no-renames",
        "--no-abbrev",
        "-z",
        f"--format={_LOG_FORMAT}",
        rev_range,
        "--",
        *(specs or [g.spec]),
    )
    text = out.decode("utf-8", "surrogateescape")
    for chunk in text.split("\x01")[1:]:
        header, _, rest = chunk.partition("\0")
        sha, author, when, message = (header.split("\x1f") + [""] * 4)[:4]
        # --no-abbrev (full blob ids in --raw) also lengthens %h: cut the short form here
        commit = _Commit(sha, sha[: g.abbrev], author, datetime.fromisoformat(when), message)
        yield commit, list(_parse_raw(rest.split("\0"), g))


def _path_id(rel: str) -> str:
    """The id a file's path implies (commitments/<reply>/<NN>.yaml -> <reply>/<NN>)."""
    inner = rel.removeprefix(f"{COMMITMENTS_DIR}/")
    stem = inner.rsplit(".", 1)[0]
    return stem[: -len("/reply")] if stem.endswith("/reply") or stem == "reply" else stem


def _is_reply_path(rel: str) -> bool:
    return rel.rsplit("/", 1)[-1] in ("reply.yaml", "reply.yml")


# --- reading blobs as data -------------------------------------------------------------------


@dataclass
class _Parsed:
    data: Any = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return isinstance(self.data, dict)

    @property
    def reason(self) -> str:
        if self.problems:
            p = self.problems[0]
            return p.message + (f" (line {p.line})" if p.line else "")
        return "not a mapping of fields"


def _parse_bytes(data: bytes, rel: str) -> _Parsed:

    if len(data) > MAX_FILE_BYTES:
        return _Parsed(
            None, [Problem(rel, None, None, Level.ERROR, f"file is {len(data):,} bytes")]
        )
    text, problems = decode_yaml_bytes(data, rel)
    if text is None:
        return _Parsed(None, problems)
    value, more = parse_yaml_text(text, rel)
    return _Parsed(value, problems + more)


class _Blobs:
    """Blobs fetched in one batch and parsed once each."""

    def __init__(self, g: _Git) -> None:
        self.g = g
        self.raw: dict[str, bytes | None] = {}
        self.parsed: dict[str, _Parsed] = {}

    def fetch(self, names: Iterable[str]) -> None:
        want = [n for n in names if n not in self.raw]
        self.raw.update(self.g.cat(want))

    def get(self, name: str, rel: str) -> _Parsed | None:
        if not name or name == _NULL_SHA:
            return None
        if name not in self.parsed:
            raw = self.raw.get(name)
            if raw is None:
                return None
            self.parsed[name] = _parse_bytes(raw, rel)
        return self.parsed[name]


# --- comparing records as data ---------------------------------------------------------------


def _empty(v: Any) -> bool:
    return v is None or v == "" or v == [] or v == {}


def _norm(v: Any) -> Any:
    return None if _empty(v) else v


def _field_order(old: dict[str, Any], new: dict[str, Any], reply: bool) -> list[str]:

    known = REPLY_KEYS if reply else COMMITMENT_KEYS
    keys = [k for k in known if k in old or k in new]
    rest = sorted({str(k) for k in (*old, *new)} - set(keys))
    return keys + rest


def _evidence_key(e: Any) -> Any:
    if isinstance(e, dict):
        return (e.get("reply"), e.get("quote"))
    return repr(e)


def diff_data(
    old: dict[str, Any], new: dict[str, Any], reply: bool = False
) -> list[tuple[str, Any, Any, ChangeKind]]:
    """Field-by-field differences between two versions of a record: (field, old, new, kind).

    Empty values (missing, null, "", []) count as absent. Evidence is compared entry by entry,
    keyed by (reply, quote): each entry added, removed or changed is one difference.
    """
    out: list[tuple[str, Any, Any, ChangeKind]] = []
    for k in _field_order(old, new, reply):
        a, b = _norm(old.get(k)), _norm(new.get(k))
        if k == "status" and not reply:
            a, b = a or "pending", b or "pending"
        if a == b:
            continue
        if k == "evidence" and isinstance(a or [], list) and isinstance(b or [], list):
            out.extend(_diff_evidence(a or [], b or []))
            continue
        kind = (
            ChangeKind.ADDED
            if a is None
            else ChangeKind.REMOVED
            if b is None
            else ChangeKind.CHANGED
        )
        out.append((k, a, b, kind))
    return out


def _diff_evidence(old: list[Any], new: list[Any]) -> list[tuple[str, Any, Any, ChangeKind]]:
    before = {_evidence_key(e): e for e in old}
    after = {_evidence_key(e): e for e in new}
    out: list[tuple[str, Any, Any, ChangeKind]] = []
    for k, e in after.items():
        if k not in before:
            out.append(("evidence", None, e, ChangeKind.ADDED))
        elif before[k] != e:
            out.append(("evidence", before[k], e, ChangeKind.CHANGED))
    for k, e in before.items():
        if k not in after:
            out.append(("evidence", e, None, ChangeKind.REMOVED))
    return out


def _record_id(parsed: _Parsed | None, rel: str) -> str:
    if parsed is not None and parsed.ok:
        rid = parsed.data.get("id")
        if isinstance(rid, str) and rid:
            return rid
    return _path_id(rel)


def _entry_changes(
    rel: str, old: _Parsed | None, new: _Parsed | None
) -> list[tuple[str, str, Any, Any, ChangeKind, str | None]]:
    """(record, field, old, new, kind, note) for one file between two versions."""
    reply = _is_reply_path(rel)
    if old is None and new is None:
        return []
    if new is not None and not new.ok:
        return [
            (
                _record_id(old, rel),
                "",
                None,
                None,
                ChangeKind.ADDED if old is None else ChangeKind.CHANGED,
                f"cannot be read: {new.reason}",
            )
        ]
    if old is None:
        assert new is not None
        return [(_record_id(new, rel), "", None, new.data, ChangeKind.ADDED, None)]
    if new is None:
        note = None if old.ok else "removed while unreadable"
        return [
            (_record_id(old, rel), "", old.data if old.ok else None, None, ChangeKind.REMOVED, note)
        ]
    if not old.ok:
        return [(_record_id(new, rel), "", None, None, ChangeKind.CHANGED, "readable again")]
    rid = _record_id(new, rel)
    old_id = _record_id(old, rel)
    out: list[tuple[str, str, Any, Any, ChangeKind, str | None]] = [
        (rid, f, a, b, k, None) for f, a, b, k in diff_data(old.data, new.data, reply)
    ]
    if old_id != rid:
        # the id field itself changed: the change belongs to both records
        out = [(old_id if f == "id" else r, f, a, b, k, n) for r, f, a, b, k, n in out]
    return out


# --- public API --------------------------------------------------------------------------------


def head_info(root: Path) -> HeadInfo:
    """The commit the tree stands at, uncommitted changes under commitments/, shallowness."""
    try:
        g = _open(root)
        head, dirty = g.status_paths()
    except NoHistory as e:
        return HeadInfo(
            in_git=False,
            reason=e.message,
            hint=e.hint,
            refused=isinstance(e, UnsafeRepository),
        )
    except TrackerError as e:  # git failed
        return HeadInfo(in_git=False, reason=e.message, hint=e.hint)
    shallow = g.shallow_commits()
    short, when, since = None, None, None
    if head:
        fmt = "%H%x1f%h%x1f%cI"
        out = g.run("log", "--no-walk=unsorted", f"--format={fmt}", head, *sorted(shallow - {head}))
        for line in out.decode().splitlines():
            sha, sh, d = line.split("\x1f")
            if sha == head:
                short, when = sh, datetime.fromisoformat(d)
            if sha in shallow:
                day = datetime.fromisoformat(d).date()
                since = day if since is None or day < since else since
    return HeadInfo(
        in_git=True,
        commit=head,
        short=short,
        date=when,
        dirty=bool(dirty),
        shallow=bool(shallow),
        dirty_paths=tuple(dirty),
        shallow_since=since,
    )


def head_from_view(root: Path, view: GitView | None, files: list[str], unusual: bool) -> HeadInfo:
    """head_info() from what cache.git_view(root, COMMITMENTS_DIR, head=True) found and the
    files of the walk (store.tree_rels: `files`, and whether it met `unusual` folders); a test
    holds them equal. head_info() itself outside git and in a shallow clone."""

    if view is None or view.shallow or view.changed is None or view.tracked is None:
        return head_info(root)
    others = untracked(root, view.tracked, files, unusual, COMMITMENTS_DIR)
    if others is None:
        return head_info(root)
    sha, short, when = view.head or (None, None, None)
    changed = [p for p in view.changed if _is_yaml(p)]
    if changed and sha is not None:  # diff-files also names files whose stat alone changed
        same = _same_as_head(root, changed)
        changed = [p for p in changed if p not in same]
    dirty = sorted({*changed, *(p for p in others if _is_yaml(p))})
    return HeadInfo(
        in_git=True,
        commit=sha,
        short=short,
        date=datetime.fromisoformat(when) if when else None,
        dirty=bool(dirty),
        dirty_paths=tuple(dirty),
    )


_LIST_ALL_FROM = 500  # more files to check than this: list HEAD's tree under commitments/ whole


def _same_as_head(root: Path, paths: list[str]) -> set[str]:
    """The files among `paths` (root-relative) whose bytes are HEAD's, as git would store them.

    `git diff-files` names every file whose stat changed since the index last recorded it (after
    `touch`, `cp -a` or `chmod`) until something refreshes the index, which a reading command
    must not do (it would write .git/index). So the content decides, read-only: HEAD's blob ids
    (`git ls-tree`) against the work tree's (`git hash-object`, which applies git's filters and
    writes nothing). A file that cannot be compared counts as changed.
    """
    specs = paths if len(paths) <= _LIST_ALL_FROM else [f"{COMMITMENTS_DIR}/"]
    present = [p for p in paths if "\n" not in p and (root / p).is_file()]
    listing = gitcmd.spawn(root, "ls-tree", "-r", "-z", "HEAD", "--", *specs)
    feed = "".join(f"{p}\n" for p in present).encode("utf-8", "surrogateescape")
    hashed = gitcmd.quiet(root, "hash-object", "--stdin-paths", feed=feed)
    tree = gitcmd.output(listing)
    if tree is None or hashed is None:
        return set()
    head: dict[str, str] = {}
    for entry in tree.decode("utf-8", "surrogateescape").split("\0"):
        meta, _, path = entry.partition("\t")
        fields = meta.split()
        if len(fields) == 3 and fields[1] == "blob":
            head[path] = fields[2]
    blobs = hashed.decode().split()
    if len(blobs) != len(present):
        return set()
    return {p for p, blob in zip(present, blobs, strict=True) if head.get(p) == blob}


def last_record_commit(root: Path) -> tuple[str, str, datetime] | None:
    """The newest commit up to HEAD that changed the tree's data (commitments/, seeds/,
    tracker.yaml): (sha, short sha, committer date), or None outside git or before any.

    A digest describes this commit rather than HEAD, so commits that change nothing of the data
    (a digest committed under digests/, a README edit) leave the next digest the same.
    """
    try:
        g = _open(root)
        out = (
            g.run(
                "log",
                "-1",
                "--format=%H%x1f%h%x1f%cI",
                "HEAD",
                "--",
                f"{g.prefix}{COMMITMENTS_DIR}",
                f"{g.prefix}seeds",
                f"{g.prefix}tracker.yaml",
            )
            .decode()
            .strip()
        )
    except (NoHistory, TrackerError):
        return None
    if not out:
        return None
    sha, short, when = out.split("\x1f")
    return sha, short, datetime.fromisoformat(when)


def shallow_note(root: Path) -> str | None:
    """What a shallow clone lacks and how to fetch it; None when the history is whole (or absent).

    Cheaper than head_info: it does not ask git for uncommitted changes.
    """
    try:
        g = _open(root)
    except NoHistory:
        return None
    shallow = g.shallow_commits()
    if not shallow:
        return None
    out = g.run("log", "--no-walk", "--format=%cs", *sorted(shallow)).decode().split()
    return HeadInfo(
        in_git=True, shallow=True, shallow_since=min(map(date.fromisoformat, out), default=None)
    ).shallow_note


def resolve(root: Path, ref_or_date: str) -> str:
    """The commit sha a ref, a sha, or a date (YYYY-MM-DD: the last commit on or before it) names."""
    g = _open(root)
    return _resolve(g, ref_or_date)


def _resolve(g: _Git, ref: str) -> str:
    ref = ref.strip()
    if not ref or ref.startswith("-"):
        raise UsageError(
            f"'{ref}' is not a revision", "give a branch, tag, commit, or a date like 2024-06-30"
        )
    if g.head() is None:
        raise TrackerError("the repository has no commits yet", "commit the tree first")
    if _DATE.match(ref):
        try:
            date.fromisoformat(ref)
        except ValueError:
            raise UsageError(f"'{ref}' is not a real date", "check the day and month") from None
        found = g.run("rev-list", "-1", f"--before={ref} 23:59:59", "HEAD").decode().strip()
        if found:
            return found
        first = g.run("log", "--reverse", "--format=%cs", "HEAD").decode().split()
        start = first[0] if first else "?"
        hint = f"the history starts on {start}"
        if g.shallow_commits():
            hint += f" in this shallow clone; {UNSHALLOW_HINT}"
        raise BeforeHistory(f"no commit on or before {ref}", hint)
    try:
        sha = g.run(
            "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"
        ).decode()
    except TrackerError:
        sha = ""
    sha = sha.strip()
    if not sha:
        hint = "give a branch, tag, commit, or a date like 2024-06-30"
        if g.shallow_commits():
            hint += f"; this clone is shallow: {UNSHALLOW_HINT}"
        raise UsageError(f"unknown revision '{ref}'", hint)
    return sha


def _id_specs(g: _Git, ids: Sequence[str] | None) -> list[str]:
    """Paths where records with these ids live: <id>.yaml, and <id>/ for a reply's folder.

    Git then walks only those files, so the history of one record costs little in a big tree.
    """
    out: list[str] = []
    for rid in ids or ():
        rid = rid.strip("/")
        if not rid or ".." in rid.split("/") or "\n" in rid:
            return []  # not a path: walk the whole tree and filter by id
        base = f"{g.spec}{rid}"
        out += [f"{base}.yaml", f"{base}.yml", f"{base}/"]
    return out


def _wanted(ids: Sequence[str] | None) -> Callable[[str], bool] | None:
    if not ids:
        return None
    keys = tuple(ids)

    def match(record: str) -> bool:
        return any(record == k or record.startswith(k + "/") for k in keys)

    return match


def changes(
    root: Path, since: str | None = None, ids: Sequence[str] | None = None, *, worktree: bool = True
) -> list[Change]:
    """Field-by-field changes to the records, newest first, uncommitted ones ("working tree") first.

    `since` is a ref or a date: only changes made after it are given (a date before the history
    gives all of it). `ids` keeps the records with one of these ids (a reply id keeps its
    commitments too); files are picked by the id their path implies.
    Raises NoHistory outside a git repository.
    """
    g = _open(root)
    wanted = _wanted(ids)
    specs = _id_specs(g, ids)
    head = g.head()
    boundary = g.shallow_commits()
    commits: list[tuple[_Commit, list[_Entry]]] = []
    if head is not None:
        rev_range = "HEAD"
        if since:
            # a date before the first commit leaves the whole history "since then"
            with contextlib.suppress(BeforeHistory):
                rev_range = f"{_resolve(g, since)}..HEAD"
        for commit, entries in _walk_log(g, rev_range, specs):
            if commit.sha in boundary:
                continue  # a shallow clone's oldest commit: its "changes" are the whole tree
            if wanted is not None:
                entries = [e for e in entries if wanted(_path_id(e.path))]
            if entries:
                commits.append((commit, entries))

    dirty: list[str] = []
    if worktree:
        _, dirty = g.status_paths(specs)
        if wanted is not None:
            dirty = [p for p in dirty if wanted(_path_id(p))]

    # what each commit changed, per file, is kept in .tracker-cache/ under the commit's sha:
    # committed history never changes, so only commits not seen before are read and compared
    # (not with replace refs or grafts: a sha may then stand for other parents, other changes)
    cache = None if _rewritten(g) else _tree_cache(g, CHANGES_CACHE)
    key = _cache_key(g)
    known: dict[str, dict[str, list[_Row]]] = {}
    todo: list[tuple[_Commit, list[_Entry]]] = []
    for commit, entries in commits:
        hit = cache.get(commit.sha, key) if cache is not None else None
        if hit is not None and all(e.path in hit for e in entries):
            known[commit.sha] = hit
        else:
            todo.append((commit, entries))

    blobs = _fetch_blobs(g, (entries for _, entries in todo), dirty if head is not None else ())

    for commit, entries in todo:
        per_file: dict[str, list[_Row]] = {}
        for e in entries:
            old = blobs.get(e.old_sha, e.path) if e.old_mode in _BLOB_MODES else None
            new = blobs.get(e.new_sha, e.path) if e.new_mode in _BLOB_MODES else None
            per_file[e.path] = _entry_changes(e.path, old, new)
        known[commit.sha] = per_file
        if cache is not None and wanted is None:  # the whole commit: worth keeping
            cache.put(commit.sha, key, per_file)
    if cache is not None and wanted is None and since is None:
        cache.retain({c.sha for c, _ in commits})  # commits no longer in the history
    if cache is not None:
        cache.save()

    out: list[Change] = []
    if dirty:
        out.extend(_worktree_changes(g, blobs, dirty, head is not None, wanted))
    for commit, entries in commits:
        per_file = known[commit.sha]
        for e in sorted(entries, key=lambda e: e.path):
            for rid, f, a, b, kind, note in per_file[e.path]:
                if wanted is None or wanted(rid):
                    out.append(
                        Change(
                            commit.sha,
                            commit.short,
                            commit.author,
                            commit.date,
                            commit.message,
                            rid,
                            e.path,
                            f,
                            a,
                            b,
                            kind,
                            note,
                        )
                    )
    return out


_Row = tuple[str, str, Any, Any, ChangeKind, str | None]  # record, field, old, new, kind, note
# The modules whose code decides what a commit's changes are.
CHANGE_CODE = ("__init__", "model", "schema", "store", "cache", "history")
# The changes of each commit, by sha.
CHANGES_CACHE = "changes.msgpack"
# A digest's changes by commit, and log walks by head: separate from changes.msgpack and much
# smaller, only what a digest shows, as builtin tuples.
DIGEST_CACHE = "digest-changes.msgpack"


def _fetch_blobs(g: _Git, commits: Iterable[Sequence[_Entry]], dirty: Sequence[str] = ()) -> _Blobs:
    """Both sides of every entry of these commits, and HEAD's version of the dirty files, read
    through one cat-file process."""
    blobs = _Blobs(g)
    names: list[str] = []
    for entries in commits:
        for e in entries:
            if e.old_mode in _BLOB_MODES:
                names.append(e.old_sha)
            if e.new_mode in _BLOB_MODES:
                names.append(e.new_sha)
    names.extend(f"HEAD:{g.prefix}{p}" for p in dirty)
    blobs.fetch(names)
    return blobs


def _tree_cache(g: _Git, name: str) -> RecordCache | None:
    """The cache .tracker-cache/<name> of the tree (None when caching is off)."""
    return tree_cache(g.root, name)


def tree_cache(root: Path, name: str) -> RecordCache | None:
    """The change cache `name` (CHANGES_CACHE, DIGEST_CACHE) of the tree at `root`, as the cache
    layer keeps it open for the process; None when caching is off."""

    if not use_cache_default():
        return None
    return shared_cache(Path(root), name, CHANGE_CODE, _codec_of(name))


def _codec_of(name: str) -> Codec:
    """How a change cache holds its entries: a commit's rows by file (changes), or a digest's
    rows of a commit or the commits of a walk (digest-changes), each checked as it is read."""

    if name == CHANGES_CACHE:
        return codec(dict[str, list[tuple[str, str, Any, Any, ChangeKind, str | None]]])
    walk = codec(tuple[tuple[str, str, datetime], ...])
    rows = codec(tuple[tuple[str, str, Any, Any], ...])

    def enc(v: Any) -> Any:
        return ["w", walk.encode(v)] if all(len(x) == 3 for x in v) else ["r", rows.encode(v)]

    def dec(v: Any) -> Any:
        if type(v) is not tuple or len(v) != 2 or v[0] not in ("w", "r"):
            raise Mismatch("digest changes")
        return (walk if v[0] == "w" else rows).decode(v[1])

    return Codec(enc, dec)


def _cache_key(g: _Git) -> tuple[str, ...]:
    """What a commit's cached changes depend on besides its sha: where the records are."""
    return ("commit", g.spec)


def _worktree_changes(
    g: _Git, blobs: _Blobs, dirty: list[str], has_head: bool, wanted: Callable[[str], bool] | None
) -> list[Change]:
    out: list[Change] = []
    for rel in dirty:
        old = blobs.get(f"HEAD:{g.prefix}{rel}", rel) if has_head else None
        path = g.root / rel
        try:
            data: bytes | None = path.read_bytes()
            when = datetime.fromtimestamp(path.stat().st_mtime).astimezone()
        except OSError:
            data, when = None, datetime.now().astimezone()
        new = _parse_bytes(data, rel) if data is not None else None
        for rid, f, a, b, kind, note in _entry_changes(rel, old, new):
            if wanted is None or wanted(rid):
                out.append(
                    Change(
                        WORKTREE,
                        WORKTREE,
                        "",
                        when,
                        "uncommitted changes",
                        rid,
                        rel,
                        f,
                        a,
                        b,
                        kind,
                        note,
                    )
                )
    return out


def changed_records(root: Path, since: str, until: str | None = None) -> set[str]:
    """Ids of the records whose data differs between `since` and `until` (default: the files now).

    Records added since then count as changed; files whose only change is a comment or layout
    do not. Raises NoHistory outside a git repository.
    """
    g = _open(root)
    old_sha = _resolve(g, since)
    args = ["diff", "--raw", "--no-renames", "--no-abbrev", "-z", old_sha]
    if until is not None:
        args.append(_resolve(g, until))
    entries = list(
        _parse_raw(g.run(*args, "--", g.spec).decode("utf-8", "surrogateescape").split("\0"), g)
    )
    untracked: list[str] = []
    if until is None:
        _, dirty = g.status_paths()
        known = {e.path for e in entries}
        untracked = [p for p in dirty if p not in known and (g.root / p).is_file()]
    blobs = _Blobs(g)
    blobs.fetch(
        [
            s
            for e in entries
            for s, m in ((e.old_sha, e.old_mode), (e.new_sha, e.new_mode))
            if m in _BLOB_MODES
        ]
    )
    out: set[str] = set()

    def disk(rel: str) -> _Parsed | None:
        try:
            return _parse_bytes((g.root / rel).read_bytes(), rel)
        except OSError:
            return None

    for e in entries:
        old = blobs.get(e.old_sha, e.path) if e.old_mode in _BLOB_MODES else None
        if e.new_mode not in _BLOB_MODES:
            new = None
        elif e.new_sha == _NULL_SHA:
            new = disk(e.path)  # changed in the working tree
        else:
            new = blobs.get(e.new_sha, e.path)
        out.update(rid for rid, *_ in _entry_changes(e.path, old, new))
    for rel in untracked:
        out.update(rid for rid, *_ in _entry_changes(rel, None, disk(rel)))
    return out


def tree_at(root: Path, ref: str, current: Tree | None = None) -> Tree:
    """The records as they stood at a commit (ref, sha or date), read from git without a checkout.

    Given the tree as it is now (`current`), files that are the same then and now are taken from
    it, so only the files that differ are parsed. Raises NoHistory outside a git repository.
    """

    g = _open(root)
    sha = _resolve(g, ref)
    listing: dict[str, str] = {}
    out = g.run("ls-tree", "-r", "-z", "--full-tree", sha, "--", g.spec)
    for item in out.decode("utf-8", "surrogateescape").split("\0"):
        if not item:
            continue
        meta, _, path = item.partition("\t")
        mode, kind, blob = meta.split(" ")
        rel = g.rel(path)
        if kind == "blob" and mode in _BLOB_MODES and rel is not None and _is_yaml(rel):
            listing[rel] = blob

    reuse: dict[str, Reply | Commitment] = {}
    reuse_problems: dict[str, list[Problem]] = {}
    if current is not None:
        diff = g.run("diff", "--raw", "--no-renames", "--no-abbrev", "-z", sha, "--", g.spec)
        differ = {
            e.path for e in _parse_raw(diff.decode("utf-8", "surrogateescape").split("\0"), g)
        }
        records: list[Reply | Commitment] = [
            *current.replies.values(),
            *current.commitments.values(),
        ]
        for rec in records:
            if rec.path in listing and rec.path not in differ:
                reuse[rec.path] = rec
        for p in current.problems:
            if p.path in reuse:
                reuse_problems.setdefault(p.path, []).append(p)

    blobs = _Blobs(g)
    blobs.fetch(blob for rel, blob in listing.items() if rel not in reuse)
    tree = Tree(root=Path(root))
    for rel in sorted(listing):
        record: Reply | Commitment | None
        if rel in reuse:
            record = reuse[rel]
            tree.problems.extend(reuse_problems.get(rel, []))
        else:
            parsed = blobs.get(listing[rel], rel)
            if parsed is None:
                continue
            tree.problems.extend(parsed.problems)
            if parsed.data is None and parsed.problems:
                continue
            parse = parse_reply if _is_reply_path(rel) else parse_commitment
            record, issues = parse(parsed.data, rel)
            tree.problems.extend(
                Problem(rel, None, None, i.level, i.message, i.hint) for i in issues
            )
        if isinstance(record, Reply):
            tree.reply_paths.setdefault(record.id, []).append(record.path)
            tree.replies.setdefault(record.id, record)
        elif isinstance(record, Commitment):
            tree.commitment_paths.setdefault(record.id, []).append(record.path)
            tree.commitments.setdefault(record.id, record)
    tree.commitments = dict(sorted(tree.commitments.items()))
    return tree


def commit_date(root: Path, ref: str) -> datetime:
    """The committer date of the commit a ref or date names."""
    g = _open(root)
    sha = _resolve(g, ref)
    return datetime.fromisoformat(g.run("log", "-1", "--format=%cI", sha).decode().strip())


# --- the changes a digest shows ------------------------------------------------------------------

# One change a digest shows: (commit, short, author, date, record, field, old, new). The field is
# "added" (a commitment added; new is its status), "status" (old and new statuses) or "evidence"
# (an evidence entry added; new is EVIDENCE_FIELDS as a tuple). commit is WORKTREE for changes not
# committed yet.
DigestChange = tuple[str, str, str, datetime, str, str, Any, Any]
_DigestRow = tuple[str, str, Any, Any]  # record, field, old, new
EVIDENCE_FIELDS = ("reply", "section", "quote", "verdict", "score", "confirmed", "line")


def evidence_fields(data: Any) -> tuple[Any, ...] | None:
    """An evidence entry as read from a version of a file, checked and normalised to the values
    of EVIDENCE_FIELDS (section and verdict as their values); None when it does not parse."""

    if not isinstance(data, dict):
        return None
    try:
        line = data.get("line")
        return (
            str(data["reply"]),
            SectionKind(data["section"]).value,
            str(data["quote"]),
            Verdict(data["verdict"]).value,
            float(data.get("score") or 0.0),
            bool(data.get("confirmed", False)),
            line if isinstance(line, int) and not isinstance(line, bool) else None,
        )
    except (KeyError, ValueError, TypeError):
        return None


def _digest_rows(rows: Iterable[_Row]) -> list[_DigestRow]:
    """The rows of one file's changes that a digest shows, in the same order."""
    out: list[_DigestRow] = []
    for rid, f, a, b, kind, note in rows:
        if note or "/" not in rid:  # unreadable versions, and replies (letters)
            continue
        if f == "" and kind == ChangeKind.ADDED and isinstance(b, dict):
            out.append((rid, "added", None, b.get("status") or "pending"))
        elif f == "status":
            out.append((rid, "status", a, b))
        elif f == "evidence" and kind == ChangeKind.ADDED:
            e = evidence_fields(b)
            if e is not None and not (isinstance(b, dict) and b.get("rejected") is True):
                out.append((rid, "evidence", None, e))
    return out


def _rewritten(g: _Git) -> bool:
    """True when git may show another history than the commits' own: replace refs, grafts."""
    if (Path(g.repo.common_dir) / "info" / "grafts").exists():
        return True
    try:
        return bool(g.run("for-each-ref", "--count=1", "--format=%(refname)", "refs/replace/"))
    except TrackerError:
        return True


def _rows_hit(hit: Any) -> Any:
    """A digest cache's rows of a commit, or None when the entry holds something else."""
    return hit if hit is not None and all(len(r) == 4 for r in hit) else None


def digest_changes(
    root: Path, since: str | None = None, dirty: Sequence[str] | None = None
) -> list[DigestChange]:
    """The changes a digest shows, newest first, uncommitted ones first: commitments added, status
    changes, evidence added (see DigestChange). The same as those of changes(), read from a cache
    of its own in .tracker-cache/digest-changes.msgpack.

    `since` is as for changes(); `dirty` the files under commitments/ with uncommitted changes
    when the caller already knows them (HeadInfo.dirty_paths). Raises NoHistory outside git.
    Committed history never changes: each commit's rows are kept under its sha, and the list of
    commits a walk from a head (and since a commit) gives under their shas and the shallow
    boundary, so a digest of an unchanged history runs no `git log` at all.
    """
    g = _open(root)
    head = g.head()
    boundary = g.shallow_commits()
    # replace refs or grafts make a sha stand for another commit (other parents, other changes)
    cache = None if _rewritten(g) else _tree_cache(g, DIGEST_CACHE)  # None: no caching
    row_key = ("digest", g.spec)
    # (sha, author, date) of the commits with changes under commitments/, newest first
    walk: list[tuple[str, str, datetime]] = []
    entries_of: dict[str, list[_Entry]] = {}
    if head is not None:
        base = None
        if since:
            with contextlib.suppress(BeforeHistory):
                base = _resolve(g, since)
        log_name = f"log:{head}:{base or ''}"
        log_key = ("log", g.spec, tuple(sorted(boundary)))
        cached = cache.get(log_name, log_key) if cache is not None else None
        if (
            cache is not None
            and cached is not None
            and all(len(c) == 3 for c in cached)  # a walk, not rows
            and all(_rows_hit(cache.get(c[0], row_key)) is not None for c in cached)
        ):
            walk = list(cached)
        else:
            rev_range = f"{base}..{head}" if base else head
            for commit, entries in _walk_log(g, rev_range):
                if commit.sha in boundary or not entries:
                    continue
                walk.append((commit.sha, commit.author, commit.date))
                entries_of[commit.sha] = entries
            if cache is not None:
                cache.put(log_name, log_key, tuple(walk))

    if dirty is None:
        _, found = g.status_paths()
        dirty = found

    rows_of: dict[str, tuple[_DigestRow, ...]] = {}
    todo: list[str] = []
    for sha, _, _ in walk:
        hit = _rows_hit(cache.get(sha, row_key)) if cache is not None else None
        if hit is not None:
            rows_of[sha] = hit
        else:
            todo.append(sha)

    blobs = _fetch_blobs(g, (entries_of[sha] for sha in todo), dirty if head is not None else ())
    for sha in todo:
        rows: list[_DigestRow] = []
        for e in sorted(entries_of[sha], key=lambda e: e.path):
            old = blobs.get(e.old_sha, e.path) if e.old_mode in _BLOB_MODES else None
            new = blobs.get(e.new_sha, e.path) if e.new_mode in _BLOB_MODES else None
            rows.extend(_digest_rows(_entry_changes(e.path, old, new)))
        rows_of[sha] = tuple(rows)
        if cache is not None:
            cache.put(sha, row_key, rows_of[sha])
    if cache is not None:
        if not since:  # a whole walk from the head: forget other commits and other heads' walks
            keep = {sha for sha, _, _ in walk}
            cache.retain({n for n in cache.entries if n in keep or n.startswith(f"log:{head}:")})
        cache.save()

    out: list[DigestChange] = []
    if dirty:
        for ch in _worktree_changes(g, blobs, list(dirty), head is not None, None):
            for rid, f, a, b in _digest_rows(
                [(ch.record, ch.field, ch.old, ch.new, ch.kind, ch.note)]
            ):
                out.append((WORKTREE, WORKTREE, "", ch.date, rid, f, a, b))
    for sha, author, when in walk:
        short = sha[: g.abbrev]
        out.extend((sha, short, author, when, rid, f, a, b) for rid, f, a, b in rows_of[sha])
    return out


# --- what `tracker status` shows ----------------------------------------------------------------


@dataclass
class StatusSnapshot:
    """The rows as asked for (now, or at a commit) and the history facts the table shows."""

    rows: list[Row]
    letters: int  # letters of the tree (with a reply.yaml, or named by a commitment)
    head: HeadInfo
    today: date
    as_of: tuple[str, date] | None = None
    changed: frozenset[str] | None = None
    skipped: list[Problem] = field(default_factory=list)  # files under commitments/ not read
    # the files that could not be read: the tree's problems (when the tree was read), else
    # (path, error line in English) from the status cache
    problems: list[Problem] | None = None
    errors: list[tuple[str, str]] = field(default_factory=list)


def status_snapshot(root: Path, as_of: str | None, changed_since: str | None) -> StatusSnapshot:
    """Rows of the tree now, or as it stood at `as_of`, and the records changed since a commit.

    The rows of the tree as it is now come from the status cache (tracker.summary), without
    reading whole records; git answers in its own processes meanwhile.
    """
    from concurrent.futures import ThreadPoolExecutor

    fast = as_of is None and changed_since is None and use_cache_default()
    # git answers in its own processes while this one reads the tree
    with ThreadPoolExecutor(max_workers=1) as ex:
        if fast:  # the blob ids and the uncommitted changes in one round of git
            view = ex.submit(git_view, root, COMMITMENTS_DIR, head=True).result
            summaries = summary.load(root, lambda: v.blobs if (v := view()) else None)
            head = head_from_view(root, view(), summaries.files, summaries.unusual)
            skipped = []
            if summaries.unusual:  # rare: list the unusual folders again to name what is skipped
                folders: list[str] = []
                tree_rels(root, cache=True, unusual=folders)
                skipped = skipped_files(root, folders)
            today = date.today()
            rows = build_rows(summaries, today)
            letters = len({r.reply for r in rows} | set(summaries.replies))
            return StatusSnapshot(
                rows, letters, head, today, skipped=skipped, errors=summaries.errors
            )
        head_job = ex.submit(head_info, root)
        tree = load_tree(root)
        head = head_job.result()
    today = date.today()
    at: tuple[str, date] | None = None
    until: str | None = None
    if as_of is not None:
        until = resolve(root, as_of)
        tree = tree_at(root, until, current=tree)
        when = commit_date(root, until)
        today = when.date()
        at = (until[: len(head.short or "") or 7], today)
    changed = None
    if changed_since is not None:
        changed = frozenset(changed_records(root, changed_since, until))
    rows = build_rows(of_records(tree.commitments.values(), tree.replies), today)
    letters = len({r.reply for r in rows} | set(tree.replies))
    return StatusSnapshot(
        rows, letters, head, today, at, changed, tree.skipped, problems=list(tree.problems)
    )
