"""A cache of parsed records, kept outside version control in .tracker-cache/.

Each file's entry is keyed by its content: git's blob id for a file that git reports clean, a hash
of the bytes for a changed or untracked one, and outside git the file's size, mtime, inode and
ctime (files modified in the last two seconds are not cached, as git does for "racy" entries).
A changed, added, removed or renamed file therefore never gets a stale record. The cache file is
replaced atomically; a corrupt or foreign one is ignored and rebuilt.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import subprocess
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tracker import __version__

CACHE_DIR = ".tracker-cache"
FORMAT = 3  # bump when records or problems change shape
_RACY_NS = 2_000_000_000

Key = tuple[Any, ...]


def _git(root: Path, *args: str) -> bytes | None:
    try:
        r = subprocess.run(
            ["git", "--no-optional-locks", "-C", str(root), *args],
            capture_output=True,
            check=False,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"},
        )
    except OSError:
        return None
    return r.stdout if r.returncode == 0 else None


def git_blob_keys(root: Path, subdir: str) -> dict[str, str] | None:
    """Blob ids of the files git reports clean under `subdir` (None outside a work tree)."""
    top = _git(root, "rev-parse", "--show-prefix")
    if top is None:
        return None
    prefix = top.decode().strip()
    listing = _git(root, "ls-files", "-s", "-z", "--", subdir)
    status = _git(root, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames",
                  "--", subdir)
    if listing is None or status is None:
        return None
    dirty = set()
    for entry in status.split(b"\0"):
        if len(entry) > 3:
            dirty.add(entry[3:].decode("utf-8", "surrogateescape"))
    keys: dict[str, str] = {}
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, path = entry.partition(b"\t")
        parts = meta.split()
        if len(parts) < 3 or parts[2] != b"0":
            continue  # unmerged stages: leave to the reader
        full = path.decode("utf-8", "surrogateescape")
        if full in dirty:
            continue
        rel = full[len(prefix):] if prefix and full.startswith(prefix) else full
        keys[rel] = parts[1].decode()
    return keys


def file_keys(root: Path, rels: Iterable[str], subdir: str) -> dict[str, Key | None]:
    """A content key for each file (None: do not cache it)."""
    blobs = git_blob_keys(root, subdir)
    now = time.time_ns()
    out: dict[str, Key | None] = {}
    for rel in rels:
        if blobs is not None:
            b = blobs.get(rel)
            if b is not None:
                out[rel] = ("git", b)
                continue
            try:
                out[rel] = ("sha1", hashlib.sha1((root / rel).read_bytes()).hexdigest())  # noqa: S324
            except OSError:
                out[rel] = None
            continue
        try:
            st = os.stat(root / rel)
        except OSError:
            out[rel] = None
            continue
        if now - st.st_mtime_ns < _RACY_NS:
            out[rel] = None
        else:
            out[rel] = ("stat", st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)
    return out


class RecordCache:
    """Parsed records by file, with their keys; load once, save if anything changed."""

    def __init__(self, root: Path, name: str) -> None:
        self.path = root / CACHE_DIR / name
        self.entries: dict[str, tuple[Key, Any]] = {}
        self.dirty = False
        self._load()

    def _load(self) -> None:
        try:
            with open(self.path, "rb") as f:
                data = pickle.load(f)  # noqa: S301 - our own file, in our own folder
            if data.get("format") == FORMAT and data.get("version") == __version__:
                self.entries = data["entries"]
        except FileNotFoundError:
            pass
        except Exception:  # noqa: BLE001 - corrupt or foreign: rebuild
            self.entries = {}
            self.dirty = True

    def get(self, rel: str, key: Key | None) -> Any:
        if key is None:
            return None
        hit = self.entries.get(rel)
        return hit[1] if hit is not None and hit[0] == key else None

    def put(self, rel: str, key: Key | None, value: Any) -> None:
        if key is None:
            if self.entries.pop(rel, None) is not None:
                self.dirty = True
            return
        self.entries[rel] = (key, value)
        self.dirty = True

    def retain(self, rels: set[str]) -> None:
        gone = [r for r in self.entries if r not in rels]
        for r in gone:
            del self.entries[r]
        if gone:
            self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        d = self.path.parent
        try:
            d.mkdir(exist_ok=True)
            gi = d / ".gitignore"
            if not gi.exists():
                gi.write_text("*\n", encoding="utf-8")
            tmp = d / f".{self.path.name}.{os.getpid()}.tmp"
            with open(tmp, "wb") as f:
                pickle.dump({"format": FORMAT, "version": __version__, "entries": self.entries}, f,
                            protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.path)  # concurrent savers: the last complete file wins
        except OSError:
            with contextlib.suppress(OSError, UnboundLocalError):
                os.unlink(tmp)
        self.dirty = False
