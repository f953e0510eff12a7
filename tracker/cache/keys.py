"""The keys of cached values: what names a file's content (git's blob id, or its stat) and the
code a value was computed by (code_fingerprint).

See tracker.cache for when a key is trusted.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import repeat
from operator import itemgetter
from pathlib import Path
from typing import Any

from tracker import __version__
from tracker import git as gitcmd
from tracker.workspace import current

CACHE_DIR = ".tracker-cache"
FORMAT = 4  # bump when records, problems or the file layout change shape
RACY_NS = 2_000_000_000  # git's "racy" slack: a file changed this recently is not trusted by stat
# The modules whose code decides what a file parses to (records and reading problems).
RECORD_CODE = ("__init__", "model", "schema", "store", "cache")

Key = tuple[Any, ...]


def code_fingerprint(modules: Iterable[str]) -> str:
    """A digest of the source of the given tracker modules, with the format and Python version."""
    here = Path(__file__).resolve().parent.parent  # tracker/
    h = hashlib.sha1(f"{FORMAT} {__version__} {sys.version_info[:2]}".encode())  # noqa: S324
    for m in modules:
        package = here / m
        files = sorted(package.glob("*.py")) if package.is_dir() else [here / f"{m}.py"]
        for f in files:  # a package (extract/): each of its modules
            try:
                h.update(f.read_bytes())
            except OSError:
                h.update(f"?{m}".encode())
    return h.hexdigest()


_CONVERTING = re.compile(r"^[^#]*\b(text|eol|crlf|filter|working-tree-encoding|ident)\b", re.M)


def _converts(path: Path) -> bool:
    """True when an attributes file may ask git to convert bytes between blob and work tree."""
    try:
        return bool(_CONVERTING.search(path.read_text(encoding="utf-8", errors="replace")))
    except OSError:
        return False


@dataclass
class GitView:
    """What git says of the files under some folders of a work tree, asked all at once."""

    blobs: dict[str, str] | None  # git_blob_keys(): None where git may convert bytes
    shallow: bool = False  # the clone is shallow
    # with head=True (else None): HEAD's (sha, short sha, committer date in ISO form), None
    # before the first commit; the root-relative files with staged or unstaged changes; and
    # the files of the index
    head: tuple[str, str, str] | None = None
    changed: list[str] | None = None
    tracked: set[str] | None = None


def git_blob_keys(root: Path, *subdirs: str) -> dict[str, str] | None:
    """Blob ids of the regular files under `subdirs` whose bytes git vouches for.

    Paths are relative to `root`. None outside a work tree, and where git may convert bytes
    between the blob and the work tree (then a blob id does not name one content).
    """
    view = git_view(root, *subdirs)
    return None if view is None else view.blobs


def git_view(root: Path, *subdirs: str, head: bool = False) -> GitView | None:
    """Blob ids (git_blob_keys) and, with `head`, HEAD and the changes to tracked files; None
    outside a work tree, or when git fails.

    The questions are asked at once, each git process costing its start-up. The changes come
    from the worktree-to-index comparison the blob ids need anyway (diff-files) and the
    index-to-HEAD one (diff-index --cached, which reads no file): `git status` would compare
    every file with the index a second time. For the untracked files, see untracked().
    """
    spec = list(subdirs) or ["."]
    # outside a work tree these fail
    head_p = gitcmd.spawn(
        root,
        "rev-parse",
        "--is-inside-work-tree",
        "--show-toplevel",
        "--absolute-git-dir",
        "--git-common-dir",
        "--is-shallow-repository",
        "--show-prefix",
    )
    listing_p = gitcmd.spawn(root, "ls-files", "-s", "-v", "-z", "--full-name", "--", *spec)
    changed_p = gitcmd.spawn(root, "diff-files", "--name-only", "--no-relative", "-z", "--", *spec)
    config_p = gitcmd.spawn(
        root, "config", "-z", "--get-regexp", r"^core\.(autocrlf|attributesfile)$"
    )
    log_p: gitcmd.Process | None = None
    staged_p: gitcmd.Process | None = None
    if head:
        log_p = gitcmd.spawn(root, "log", "-1", "--format=%H%x1f%h%x1f%cI", "HEAD", "--")
        staged_p = gitcmd.spawn(
            root,
            "diff-index",
            "--cached",
            "--name-only",
            "--no-relative",
            "-z",
            "HEAD",
            "--",
            *spec,
        )
    facts = gitcmd.output(head_p)
    config = gitcmd.output(config_p, ok=(0, 1))
    listing = gitcmd.output(listing_p)
    changed = gitcmd.output(changed_p)
    log: bytes | None = None
    staged: bytes | None = None
    if head:
        log, staged = gitcmd.output(log_p, ok=(0, 128)), gitcmd.output(staged_p)
    if facts is None or listing is None or changed is None or config is None:
        return None
    lines = facts.decode("utf-8", "surrogateescape").split("\n")
    if len(lines) < 6 or lines[0] != "true":
        return None
    top, git_dir, common, shallow, prefix = (
        Path(lines[1]),
        Path(lines[2]),
        lines[3],
        lines[4] == "true",
        lines[5],
    )
    view = GitView(None, shallow)
    dirty = {p.decode("utf-8", "surrogateescape") for p in changed.split(b"\0") if p}
    text = listing.decode("utf-8", "surrogateescape")
    # (blob id, path) of every entry when all are plain ones (the usual index), split in C: a
    # loop over 60,000 entries in Python would cost more than git takes to list them; else
    # (tag, mode, blob id, stage, path) of every entry
    plain: list[tuple[str, str]] | None = _PLAIN_ENTRY.findall(text)
    if plain is not None and len(plain) != text.count("\0"):
        plain = None
    entries = _LS_FILES.findall(text) if plain is None else []
    files = list(map(itemgetter(1), plain)) if plain is not None else [e[4] for e in entries]
    n = len(prefix)
    if head:
        if log is None:
            return None
        view.head = _head_of(log)
        if view.head is not None and staged is None:
            return None
        paths = set(dirty)
        paths.update(
            p.decode("utf-8", "surrogateescape") for p in (staged or b"").split(b"\0") if p
        )
        if view.head is None:  # before the first commit every file of the index is staged
            paths.update(files)
        view.changed = sorted(p[n:] for p in paths if p.startswith(prefix))
        view.tracked = set(files) if not n else {p[n:] for p in files if p.startswith(prefix)}
    if _may_convert(root, subdirs, config, top, git_dir, common) or (
        ".gitattributes\0" in text
        and any(
            _converts(top / p)
            for p in files
            if p.endswith(".gitattributes") and p.rsplit("/", 1)[-1] == ".gitattributes"
        )
    ):
        return view
    if plain is not None and not n:  # each path once (stage 0): the pairs as they are
        blobs = dict(zip(files, map(itemgetter(0), plain), strict=True))
        for p in dirty:
            blobs.pop(p, None)
        view.blobs = blobs
        return view
    # tag H: a plain cached entry (not assume-unchanged, not skip-worktree, not unmerged)
    view.blobs = {
        path[n:]: blob
        for tag, mode, blob, stage, path in (entries or _as_entries(plain or []))
        if tag == "H"
        and stage == "0"
        and mode in ("100644", "100755")
        and path not in dirty
        and path.startswith(prefix)
    }
    return view


def _as_entries(plain: list[tuple[str, str]]) -> list[tuple[str, str, str, str, str]]:
    """Plain entries (blob id, path) as the (tag, mode, blob id, stage, path) of _LS_FILES."""
    return [("H", "100644", blob, "0", path) for blob, path in plain]


# one entry of `git ls-files -s -v -z`, from its start (the text's or after a NUL) to its NUL
_LS_FILES = re.compile(r"(?:^|(?<=\0))(\S+) (\d+) ([0-9a-f]+) (\d+)\t([^\0]*)\0")
# ... a plain one (tag H: cached, not assume-unchanged, skip-worktree or unmerged; a regular
# file; stage 0): its blob id and path
_PLAIN_ENTRY = re.compile(r"(?:^|(?<=\0))H 100(?:644|755) ([0-9a-f]+) 0\t([^\0]*)\0")


def untracked(
    root: Path, tracked: set[str], files: list[str], unusual: bool, *subdirs: str
) -> list[str] | None:
    """The files under `subdirs` that git does not track and does not ignore, root-relative
    (`git ls-files --others --exclude-standard`); None when git fails.

    `files`: every file of the walk (store.tree_rels), `tracked`: GitView.tracked. A walk with
    nothing `unusual` (no hidden folders, no links) saw every file git could list, so git is
    asked only about the walked files it does not track, if any: listing the untracked files
    otherwise costs git a walk of every folder, and a clean tree has none.
    """
    spec = list(subdirs) or ["."]
    if not unusual:
        candidates = [f for f in files if f not in tracked]
        if not candidates:
            return []
        if len(candidates) <= 1000:  # else one walk is cheaper than a long command line
            spec = candidates
    out = gitcmd.quiet(
        root,
        "ls-files",
        "-z",
        "--others",
        "--exclude-standard",
        "--",
        *spec,
        literal=True,
    )
    if out is None:
        return None
    return sorted(p.decode("utf-8", "surrogateescape") for p in out.split(b"\0") if p)


def _head_of(log: bytes) -> tuple[str, str, str] | None:
    """(sha, short sha, date) from `git log -1 --format=%H%x1f%h%x1f%cI` (None: no commit yet)."""
    fields = log.decode("utf-8", "surrogateescape").strip().split("\x1f")
    return (fields[0], fields[1], fields[2]) if len(fields) == 3 else None


def _may_convert(
    root: Path, subdirs: tuple[str, ...], config: bytes, top: Path, git_dir: Path, common: str
) -> bool:
    """True when autocrlf or an attributes file outside the listing may make git convert bytes
    between blobs and the work tree."""
    attributes: list[Path] = []
    for item in config.split(b"\0"):
        name, _, value = item.decode("utf-8", "surrogateescape").partition("\n")
        if name == "core.autocrlf" and value.lower() in ("true", "input", "yes", "on", "1"):
            return True
        if name == "core.attributesfile" and value:
            attributes.append(Path(os.path.expanduser(value)))
    if not attributes:  # git's default global attributes file
        attributes.append(Path(current().config_home) / "git" / "attributes")
    common_dir = Path(common) if os.path.isabs(common) else root / common
    attributes += [git_dir / "info" / "attributes", common_dir / "info" / "attributes"]
    d = root.resolve()
    while True:
        attributes.append(d / ".gitattributes")
        if d == top or d.parent == d:
            break
        d = d.parent
    attributes += [root / s / ".gitattributes" for s in subdirs]
    return any(_converts(p) for p in attributes)


def blob_id(data: bytes) -> str:
    """Git's blob id of these bytes."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()  # noqa: S324


def content_key(path: Path, *, git: bool, max_bytes: int | None = None) -> Key | None:
    """The key of one file as it is now: its blob id (git) or its stat (otherwise); None: do not cache."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode) or (max_bytes is not None and st.st_size > max_bytes):
        return None  # links, folders, devices, oversized files: read afresh, never hashed
    if git:
        try:
            return ("git", blob_id(path.read_bytes()))
        except OSError:
            return None
    if time.time_ns() - st.st_mtime_ns < RACY_NS:
        return None
    return ("stat", st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)


def file_keys(
    root: Path, rels: Iterable[str], subdir: str, max_bytes: int | None = None
) -> dict[str, Key | None]:
    """A content key for each file (None: do not cache it).

    Files over `max_bytes`, and anything but regular files, get no key and are not hashed: the
    reader refuses them unread, and hashing must not read them either.
    """
    return keys_from(root, rels, git_blob_keys(root, subdir), max_bytes)


def keys_from(
    root: Path, rels: Iterable[str], blobs: dict[str, str] | None, max_bytes: int | None = None
) -> dict[str, Key | None]:
    """file_keys() given what git_blob_keys() said (None: not in git, use stat keys)."""
    git = blobs is not None
    if blobs is not None:
        rels = list(rels)
        ids = list(map(blobs.get, rels))
        if None not in ids:  # every file as git has it (the usual warm run): made in C
            return dict(zip(rels, zip(repeat("git"), ids, strict=False), strict=True))
    out: dict[str, Key | None] = {}
    for rel in rels:
        b = blobs.get(rel) if blobs is not None else None
        out[rel] = (
            ("git", b) if b is not None else content_key(root / rel, git=git, max_bytes=max_bytes)
        )
    return out


def still_valid(root: Path, rel: str, key: Key | None, since_ns: int | None = None) -> bool:
    """True when a file still has `key`: checked after reading it, before caching what was read.

    A stat key is checked by taking the stat again. A git key holds when the file's ctime (set
    by the kernel on every change) is older than `since_ns`, the time before git was asked, with
    git's two seconds of slack for coarse clocks; a file changed more recently is hashed again.
    Either way a file changed while it was being read is not cached under its former key.
    """
    if key is None:
        return False
    path = root / rel
    if key[0] == "git" and since_ns is not None:
        try:
            st = os.lstat(path)
        except OSError:
            return False
        if stat.S_ISREG(st.st_mode) and st.st_ctime_ns < since_ns - RACY_NS:
            return True
    return content_key(path, git=key[0] == "git") == key
