"""The cache files: per-file record caches (RecordCache, with a journal), whole snapshots
(Snapshot), their atomic reads and writes, and the process's registry of open caches.

The module-level registries of the cache layer live here and nowhere else: the caches a process
has open (_OPEN), and which trees' cache files git tracks (_TRACKED, _NOTED); clear() empties them.
"""

from __future__ import annotations

import contextlib
import gc
import os
import secrets
import stat
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from tracker import git as gitcmd
from tracker.cache.codecs import (
    _FIRST,
    _SECOND,
    PLAIN,
    Codec,
    Mismatch,
    _is_key,
    _shapes,
    are_keys,
)
from tracker.cache.keys import CACHE_DIR, RECORD_CODE, Key, code_fingerprint
from tracker.labels import NOTE_LANG, Lang, said

_MAGIC = "tracker-cache"


@contextlib.contextmanager
def loading() -> Iterator[None]:
    """Create a tree's worth of long-lived objects: no collections meanwhile, then age them.

    Loading 50,000 records creates about a million objects. With the collector on, it walks them
    again and again while they are made (reading a cache takes twice as long); merely paused, it walks
    them all at its next young collections. So they are moved to the oldest generation at once (a
    freeze and unfreeze, which walks nothing), where only a rare full collection looks at them.
    They are still freed as usual once unreachable.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()  # to the oldest generation
        if was:
            gc.enable()


class RecordCache:
    """Values by file, each with the key of the content it came from; load once, save if changed.

    The main file holds every entry; a journal beside it holds the entries changed since, as long
    as they are few, so that a run after a small edit does not rewrite the whole cache. `codec`
    turns a value into plain data and back, checking its shape (see codec()); an entry whose key
    or value does not have the expected shape is dropped, as if it were not there.
    """

    JOURNAL_MIN = 256  # entries a journal may always hold; more when the cache is large (5 %)

    def __init__(
        self,
        root: Path,
        name: str,
        code: Iterable[str] = RECORD_CODE,
        codec: Codec | None = None,
        *,
        asked: Callable[[], object] | None = None,
    ) -> None:
        """`asked`: waits for tracked_files(root), when the caller has put the question to git
        in the background; the file is then read while git answers, and dropped unread (as if
        never read) when git tracks it."""
        self.path = root / CACHE_DIR / name
        self.journal = self.path.with_name(name + ".journal")
        self.fingerprint = code_fingerprint(code)
        self.codec = codec or PLAIN
        self.entries: dict[str, tuple[Key, Any]] = {}
        self.token: str | None = None  # names the main file a journal belongs to
        self.logged: dict[str, tuple[Key, Any] | None] = {}  # entries in the journal
        self.changed: dict[str, tuple[Key, Any] | None] = {}  # entries changed by this run
        self.rewrite = False  # the main file must be written whole
        if asked is not None and not (root / CACHE_DIR).is_symlink():
            self._load()  # while git says whether it tracks the file
            asked()
            self.off = tracked(root, self.path)
            if self.off:  # a file the repository holds is never used: as if never read
                self.entries, self.logged, self.token, self.rewrite = {}, {}, None, False
        else:
            self.off = tracked(root, self.path)  # a file the repository holds is never used
            if not self.off:
                self._load()
        self.stamp = self.on_disk()

    def on_disk(self) -> tuple[Any, ...]:
        """The stat of the main file and the journal: changed when any process writes them."""
        out: list[Any] = []
        for p in (self.path, self.journal):
            try:
                st = os.stat(p)
            except OSError:
                out.append(None)
            else:
                out.append((st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino))
        return tuple(out)

    @property
    def dirty(self) -> bool:
        return (bool(self.changed) or self.rewrite) and not self.off

    def _read(self, path: Path) -> tuple[dict[str, Any], dict[str, tuple[Key, Any] | None]] | None:
        """The head and the entries of a file (None: other code wrote it); entries of the wrong
        shape are dropped (and the main file is rewritten without them)."""
        wire = self.codec.wire
        got = read_file(path, self.fingerprint, None if wire is None else _entries_type(wire))
        if got is None:
            return None
        head, body = got
        if type(body) is not dict:
            raise Mismatch("entries")
        out = self._read_typed(body) if wire is not None else self._read_bulk(body)
        if out is not None:
            return head, out
        decode = self.codec.decode
        out = {}
        bad = False
        for rel, entry in body.items():
            try:
                if type(rel) is not str:
                    raise Mismatch("path")
                if entry is None:
                    out[rel] = None
                    continue
                if type(entry) is not tuple or len(entry) != 2 or not _is_key(entry[0]):
                    raise Mismatch("entry")
                out[rel] = (entry[0], decode(entry[1]))
            except Exception:  # noqa: BLE001 - a wrong shape is a miss, whatever it breaks
                bad = True
        if bad:
            self.rewrite = True
        return head, out

    def _read_bulk(self, body: dict[Any, Any]) -> dict[str, tuple[Key, Any] | None] | None:
        """The entries of a file, every part checked at once (see Codec.many); None when
        something has another shape or an entry is a removal (then they are read one by one,
        so that only the wrong ones are dropped)."""
        try:
            rels, entries = list(body), list(body.values())
            if not entries:
                return {}
            if set(map(type, rels)) != {str}:
                return None
            # each entry's types as one tuple, made in C in one pass: (key, value) pairs only
            if any(len(s) != 2 or s[0] is not tuple for s in _shapes(entries)):
                return None
            keys = list(map(_FIRST, entries))
            if not are_keys(keys, tuples=True):
                return None
            values = self.codec.decode_many(list(map(_SECOND, entries)))
            if self.codec.same:
                return body
            return dict(zip(rels, zip(keys, values, strict=True), strict=True))
        except Exception:  # noqa: BLE001 - a wrong shape: the entries are read one by one
            return None

    def _read_typed(self, body: dict[str, Any]) -> dict[str, tuple[Key, Any] | None] | None:
        """The entries of a file msgspec has checked against the codec's wire type: each value
        turned into what it stands for at once (Codec.many), or one by one when one of them
        is not right (then only that one is dropped)."""
        try:
            entries = list(body.values())
            if None in entries:  # a journal's removals
                return None
            keys = list(map(_FIRST, entries))
            if not are_keys(keys, tuples=True):
                return None
            values = self.codec.decode_many(list(map(_SECOND, entries)))
            return dict(zip(body, zip(keys, values, strict=True), strict=True))
        except Exception:  # noqa: BLE001 - one entry of another shape: read them one by one
            return None

    def _load(self) -> None:
        try:
            main = self._read(self.path)
        except FileNotFoundError:
            return
        except Exception:  # noqa: BLE001 - corrupt or foreign: rebuild
            self.rewrite = True
            return
        if main is None:
            self.rewrite = True
            return
        token = main[0].get("token")
        self.entries = {rel: e for rel, e in main[1].items() if e is not None}
        self.token = token if type(token) is str else None
        try:
            journal = self._read(self.journal)
        except FileNotFoundError:
            return
        except Exception:  # noqa: BLE001 - a torn or foreign journal: fold everything into the main file
            self.rewrite = True
            return
        if journal is None:  # torn, or written by other code
            self.rewrite = True
            return
        if journal[0].get("token") != self.token:
            return  # a journal of an older main file: its entries are only lost work
        self.logged = journal[1]
        for rel, entry in self.logged.items():
            if entry is None:
                self.entries.pop(rel, None)
            else:
                self.entries[rel] = entry

    def get(self, rel: str, key: Key | None) -> Any:
        """The value cached for a file with this key, or None."""
        if key is None:
            return None
        hit = self.entries.get(rel)
        return hit[1] if hit is not None and hit[0] == key else None

    def put(self, rel: str, key: Key | None, value: Any) -> None:
        """Remember a file's value under its key (a None key forgets the file)."""
        if key is None:
            if self.entries.pop(rel, None) is not None:
                self.changed[rel] = None
            return
        self.entries[rel] = self.changed[rel] = (key, value)

    def retain(self, rels: set[str]) -> None:
        """Forget the files not in `rels` (deleted or renamed)."""
        for r in [r for r in self.entries if r not in rels]:
            del self.entries[r]
            self.changed[r] = None

    def save(self) -> None:
        """Write what changed: a journal when it is small, else the whole cache; never fails."""
        if not self.dirty:
            return
        try:
            logged = {**self.logged, **self.changed}
            limit = max(self.JOURNAL_MIN, len(self.entries) // 20)
            if not self.rewrite and self.token is not None and len(logged) <= limit:
                self._write(self.journal, {"token": self.token}, logged)
            else:
                token = secrets.token_hex(8)
                self._write(self.path, {"token": token}, self.entries)
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(self.journal)
                self.token, logged = token, {}
            self.logged, self.changed, self.rewrite = logged, {}, False
            self.stamp = self.on_disk()
        except (OSError, TypeError, ValueError, OverflowError):
            pass  # a read-only or full disk, a value msgpack cannot hold: computed next time

    def _write(
        self, path: Path, head: dict[str, Any], entries: Mapping[str, tuple[Key, Any] | None]
    ) -> None:
        encode = self.codec.encode
        body = {
            rel: None if e is None else (list(e[0]), encode(e[1])) for rel, e in entries.items()
        }
        write_file(path, self.fingerprint, head, body, typed=self.codec.wire is not None)


# The caches a process has open, by tree root, file name and the modules whose code they hold.
_OPEN: dict[tuple[Path, str, tuple[str, ...]], RecordCache] = {}


def shared_cache(
    root: Path, name: str, code: Iterable[str] = RECORD_CODE, codec: Codec | None = None
) -> RecordCache:
    """The tree's cache file `name`, loaded once per process: loaded again when the file is no
    longer what this process last read or wrote (another process saved it, or it was removed)."""
    key = (root.resolve(), name, tuple(code))
    found = _OPEN.get(key)
    if found is None or found.stamp != found.on_disk():
        found = _OPEN[key] = RecordCache(key[0], name, key[2], codec)
    return found


def _unpacker(data: bytes) -> Any:
    import msgpack

    # arrays come back as tuples (hashable, and what keys are); no extension types: a cache
    # file holds plain data only, nothing that could name code
    u = msgpack.Unpacker(
        use_list=False,
        raw=False,
        strict_map_key=False,
        max_buffer_size=max(len(data), 1),
        ext_hook=_no_ext,
    )
    u.feed(data)
    return u


def _no_ext(code: int, data: bytes) -> Any:
    raise Mismatch("extension type")


# What msgspec checks a typed cache file's body against, by the codec's wire type: one decoder
# each (made once: a decoder compiles its type).
_DECODERS: dict[Any, Any] = {}

# A content key as a typed file holds it: its kind, then strings or numbers (see keys.Key; the
# keys made today are ("git", blob id) and a stat key's numbers). Checked again by are_keys.
_KeyWire = tuple[str | int, ...]


def _entries_type(wire: Any) -> Any:
    """The type of a typed cache file's body: each file's (key, value as `wire`), or None (a
    journal's removal)."""
    return dict[str, tuple[_KeyWire, wire] | None]


_HEAD_BYTES = 4096  # more than a head takes (magic, fingerprint, token)


def read_file(
    path: Path, fingerprint: str, body_type: Any = None
) -> tuple[dict[str, Any], Any] | None:
    """The head and body of a cache file, as plain data, or None when other code wrote it
    (OSError, corrupt: raises).

    The file is msgpack: maps, arrays, strings, numbers, booleans, nil; reading it never
    creates anything else (no objects, no code), whoever wrote it. With `body_type`, the body is
    decoded by msgspec into that type, which checks every part on the way (a value of another
    shape raises): then the records it holds are made by msgspec, in C, from their fields'
    values (a frozen dataclass without its __init__, fields of the types they are declared
    with), never from a name in the file.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with open(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise Mismatch("not a regular file")  # a fifo, a device: never read
        data = f.read()
    with loading():
        # a typed body is decoded from the file's bytes as they are: the unpacker, which copies
        # what it is fed, gets only the head (a few hundred bytes), unless the head is longer
        u = _unpacker(data[:_HEAD_BYTES] if body_type is not None else data)
        try:
            head = next(u)
        except StopIteration:
            if body_type is None or len(data) <= _HEAD_BYTES:
                raise
            u = _unpacker(data)
            head = next(u)
        if not (
            type(head) is dict
            and head.get("magic") == _MAGIC
            and head.get("fingerprint") == fingerprint
        ):
            return None
        if body_type is None:
            return head, next(u)
        import msgspec

        decoder = _DECODERS.get(body_type)
        if decoder is None:
            decoder = _DECODERS[body_type] = msgspec.msgpack.Decoder(body_type)
        return head, decoder.decode(memoryview(data)[u.tell() :])


def write_file(
    path: Path, fingerprint: str, head: dict[str, Any], body: Any, *, typed: bool = False
) -> None:
    """Replace a cache file atomically: readers see the old file or the new one, never a part.

    `body` is plain data (what a codec's encode gives); `typed`: it may hold records, written
    by msgspec (each frozen dataclass as a map of its fields; see read_file)."""
    import msgpack

    path.parent.mkdir(exist_ok=True)
    gi = path.parent / ".gitignore"
    if not gi.exists():
        gi.write_text("*\n", encoding="utf-8")
    head = {"magic": _MAGIC, "fingerprint": fingerprint, **head}
    if typed:
        import msgspec

        packed = msgspec.msgpack.encode(body)
    else:
        packed = msgpack.packb(body, use_bin_type=True)
    data = msgpack.packb(head, use_bin_type=True) + packed
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)  # concurrent savers: the last complete file wins
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class Snapshot:
    """One value saved whole in .tracker-cache/<name>, for results that are not per file."""

    def __init__(
        self, root: Path, name: str, code: Iterable[str], codec: Codec | None = None
    ) -> None:
        self.path = root / CACHE_DIR / name
        self.fingerprint = code_fingerprint(code)
        self.codec = codec or PLAIN
        self.off = tracked(root, self.path)

    def load(self) -> Any:
        """The saved value, or None (missing, corrupt, of the wrong shape, written by other
        code, or tracked by git)."""
        if self.off:
            return None
        try:
            got = read_file(self.path, self.fingerprint, self.codec.wire)
            return None if got is None else self.codec.decode(got[1])
        except Exception:  # noqa: BLE001 - missing, corrupt, foreign or misshapen: start afresh
            return None

    def save(self, value: Any) -> None:
        """Save the value; never fails (a read-only or full disk only costs the next run time)."""
        if self.off:
            return
        with contextlib.suppress(OSError, TypeError, ValueError, OverflowError):
            write_file(
                self.path,
                self.fingerprint,
                {},
                self.codec.encode(value),
                typed=self.codec.wire is not None,
            )


# --- cache files the repository holds ------------------------------------------------------------

_TRACKED: dict[str, frozenset[str] | None] = {}  # by tree root: the tracked files of its cache
_NOTED: set[str] = set()


_TRACKED_LOCK = threading.Lock()  # one question to git per tree, whichever thread asks first


def tracked_files(root: Path) -> frozenset[str] | None:
    """The names of the cache files git tracks in the tree's cache folder ("*": the folder is a
    symbolic link), asked once per tree (a thread may ask ahead of tracked(); a second asker
    waits for the first one's answer). A cache folder holding no file is not asked about."""
    top = os.fspath(root)
    if top in _TRACKED:
        return _TRACKED[top]
    with _TRACKED_LOCK:
        if top not in _TRACKED:
            d = root / CACHE_DIR
            files: frozenset[str] | None = None
            if d.is_symlink():
                files = frozenset(["*"])  # a link out of the tree: caching is off
            elif d.is_dir():
                out = gitcmd.quiet(root, "ls-files", "-z", "--", CACHE_DIR)
                if out:
                    files = frozenset(
                        p.decode("utf-8", "surrogateescape").rsplit("/", 1)[-1]
                        for p in out.split(b"\0")
                        if p
                    )
            _TRACKED[top] = files
        return _TRACKED[top]


def tracked(root: Path, path: Path) -> bool:
    """True when git tracks this cache file: its content came with the repository (a clone, a
    pull request), not from this tool, so it is never read nor written. Says so once on stderr.

    A cache folder holding no file is not asked about (no git process)."""
    top = os.fspath(root)
    files = tracked_files(root)
    if not files or (path.name not in files and "*" not in files):
        return False
    if top not in _NOTED:
        _NOTED.add(top)
        if "*" in files:
            why = f"{CACHE_DIR} is a symbolic link; caching is off (remove the link)"
        else:
            why = (
                f"{CACHE_DIR}/ holds files tracked by git; they are ignored (a cache is never "
                f"read from the repository: run `git rm -r --cached {CACHE_DIR}`)"
            )
        lang = NOTE_LANG.get()
        print(f"注意：{said(why, lang)}" if lang == Lang.ZH else f"note: {why}", file=sys.stderr)
    return True


def clear() -> None:
    """Forget the caches this process opened and what it learnt of tracked cache files (a test,
    or a long-lived process serving several trees, starts afresh)."""
    _OPEN.clear()
    _TRACKED.clear()
    _NOTED.clear()
