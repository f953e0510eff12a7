"""Caches of parsed records and check results, kept outside version control in .tracker-cache/.

Every entry is stored with the key of the content it was computed from, and is used only when the
file's key is the same now:

- in a git work tree, git's blob id: read from the index (`git ls-files -s`) for a regular file
  that `git diff-files` reports unchanged, and computed from the bytes for any other file (changed,
  untracked, flagged assume-unchanged or skip-worktree). A fresh clone therefore keeps every key,
  and a file touched without a change keeps its key too;
- outside git, or where git may convert bytes on checkout (autocrlf, text/eol/filter/encoding
  attributes: one blob id could then stand for several byte contents), the file's size, mtime,
  inode and ctime; files modified in the last two seconds are not cached (git's "racy" rule).

A changed, added, removed or renamed file therefore never gets a stale entry. Symbolic links and
oversized or special files are never cached. A key is checked again after the file is parsed, and
the entry is dropped if the file changed meanwhile. The caches also name the source code they were
computed by, so an upgraded or edited tracker never reads entries made by other code.

A cache file is replaced atomically (temporary file, then rename), so two processes at once never
see half a file; the last to save wins, and the loser's entries are simply computed again. A small
change is saved as a journal beside the main file instead of rewriting it. A corrupt, foreign or
unreadable cache is ignored and rebuilt.

A cache file is data, never code: msgpack (maps, arrays, strings, numbers), from which each entry
is rebuilt by a codec made from its type, which checks every part (an entry of another shape is
a miss, computed again). A cache file that git tracks came with the repository, not from this
tool: it is neither read nor written (a note on stderr says so once). Nor is a cache folder that
is a symbolic link, or a cache file that is not a regular file.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import itertools
import operator
import os
import re
import secrets
import stat
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tracker import __version__
from tracker import git as gitcmd
from tracker.labels import NOTE_LANG, Lang, said

CACHE_DIR = ".tracker-cache"
FORMAT = 4  # bump when records, problems or the file layout change shape
_RACY_NS = 2_000_000_000
_MAGIC = "tracker-cache"
# The modules whose code decides what a file parses to (records and reading problems).
RECORD_CODE = ("__init__", "model", "schema", "store", "cache")

Key = tuple[Any, ...]


def code_fingerprint(modules: Iterable[str]) -> str:
    """A digest of the source of the given tracker modules, with the format and Python version."""
    here = Path(__file__).resolve().parent
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


# --- keys ----------------------------------------------------------------------------------------


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
    # (tag, mode, blob id, stage, path) of every entry, split in C: a loop over 60,000 entries
    # in Python would cost more than git takes to list them
    entries = _LS_FILES.findall(listing.decode("utf-8", "surrogateescape"))
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
            paths.update(e[4] for e in entries)
        view.changed = sorted(p[n:] for p in paths if p.startswith(prefix))
        view.tracked = {e[4][n:] for e in entries if e[4].startswith(prefix)}
    if _may_convert(root, subdirs, config, top, git_dir, common) or any(
        _converts(top / e[4])
        for e in entries
        if e[4].endswith(".gitattributes") and e[4].rsplit("/", 1)[-1] == ".gitattributes"
    ):
        return view
    # tag H: a plain cached entry (not assume-unchanged, not skip-worktree, not unmerged)
    view.blobs = {
        path[n:]: blob
        for tag, mode, blob, stage, path in entries
        if tag == "H"
        and stage == "0"
        and mode in ("100644", "100755")
        and path not in dirty
        and path.startswith(prefix)
    }
    return view


# one entry of `git ls-files -s -v -z`, from its start (the text's or after a NUL) to its NUL
_LS_FILES = re.compile(r"(?:^|(?<=\0))(\S+) (\d+) ([0-9a-f]+) (\d+)\t([^\0]*)\0")


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
        xdg = os.environ.get("XDG_CONFIG_HOME") or os.path.expanduser("~/.config")
        attributes.append(Path(xdg) / "git" / "attributes")
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
    if time.time_ns() - st.st_mtime_ns < _RACY_NS:
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
        if stat.S_ISREG(st.st_mode) and st.st_ctime_ns < since_ns - _RACY_NS:
            return True
    return content_key(path, git=key[0] == "git") == key


# --- the cache files -----------------------------------------------------------------------------


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


# --- what a cache file may hold -------------------------------------------------------------------
#
# A cache file is msgpack: maps, arrays, strings, numbers, booleans and nil, never objects. What an
# entry held (records, enums, dates, tuples) is rebuilt from those by a codec made from the entry's
# type, which checks every part on the way: a value of the wrong shape is a cache miss.


class Mismatch(Exception):
    """A cached value does not have the shape its type says: the entry is a miss."""


@dataclass(frozen=True)
class Codec:
    """To and from the plain data a cache file holds, for values of one type.

    `many` decodes a list of values at once (raising Mismatch if any has another shape): for
    plain values it checks them in bulk, with type() and len() mapped over flat lists in C,
    rather than one value at a time. `same`: decode gives back the value it checked (the plain
    data is the value), so a container of such values need not be rebuilt.
    """

    encode: Callable[[Any], Any]
    decode: Callable[[Any], Any]  # raises Mismatch (or any exception) on a value of another shape
    many: Callable[[list[Any]], list[Any]] | None = None
    same: bool = False

    def decode_many(self, values: list[Any]) -> list[Any]:
        """Every value decoded (see `many`)."""
        if self.many is not None:
            return self.many(values)
        dec = self.decode
        return [dec(v) for v in values]


class ContentKey(tuple):
    """Stands for a content key (Key) in a type given to codec(); never made."""


def fields_codec(**types: Any) -> Codec:
    """A map with exactly these keys, each value of its type (a snapshot of several parts)."""
    parts = {name: codec(tp) for name, tp in types.items()}
    names = set(parts)

    def enc(v: dict[str, Any]) -> Any:
        return {name: c.encode(v[name]) for name, c in parts.items()}

    def dec(v: Any) -> Any:
        if type(v) is not dict or set(v) != names:
            raise Mismatch("fields")
        return {name: c.decode(v[name]) for name, c in parts.items()}

    return Codec(enc, dec)


def _bad(v: Any) -> Any:
    raise Mismatch(type(v).__name__)


def _leaf(*types: type) -> Codec:
    allowed = frozenset(types)

    def decode(v: Any) -> Any:
        if type(v) not in allowed:
            raise Mismatch(f"{type(v).__name__} is not {'/'.join(t.__name__ for t in types)}")
        return v

    def many(vs: list[Any]) -> list[Any]:
        if not allowed.issuperset(map(type, vs)):
            raise Mismatch(f"not {'/'.join(t.__name__ for t in types)}")
        return vs

    return Codec(_same, decode, many, same=True)


def _keys_many(vs: list[Any]) -> list[Any]:
    if not are_keys(vs):
        raise Mismatch("key")
    return vs


def _same(v: Any) -> Any:
    return v


_CODECS: dict[Any, Codec] = {}


def codec(tp: Any) -> Codec:
    """The codec of a type: builtins, dates, enums, frozen dataclasses, Optional/Union of
    those, tuple[X, ...], tuple[X, Y], list[X], set[X], dict[K, V], and Any (plain data)."""
    try:
        hit = _CODECS.get(tp)
    except TypeError:
        hit = None
    if hit is None:
        hit = _make(tp)
        with contextlib.suppress(TypeError):
            _CODECS[tp] = hit
    return hit


def _make(tp: Any) -> Codec:
    import dataclasses
    import enum
    import types
    import typing
    from datetime import date, datetime

    if tp is Any:
        return Codec(_plain_encode, _plain_decode)
    if tp is ContentKey:
        return Codec(_same, lambda v: v if _is_key(v) else _bad(v), _keys_many, same=True)
    if tp is None or tp is type(None):
        return _leaf(type(None))
    if tp is str:
        return _leaf(str)
    if tp is bool:
        return _leaf(bool)
    if tp is int:
        return _leaf(int)
    if tp is float:
        return Codec(_same, lambda v: float(v) if type(v) in (int, float) else _bad(v))
    if tp is bytes:
        return _leaf(bytes)
    if tp is datetime:
        return Codec(
            lambda v: v.isoformat(),
            lambda v: datetime.fromisoformat(v) if type(v) is str else _bad(v),
        )
    if tp is date:
        return Codec(
            lambda v: v.toordinal(), lambda v: date.fromordinal(v) if type(v) is int else _bad(v)
        )
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        by_value = {m.value: m for m in tp}
        return Codec(lambda v: v.value, lambda v: by_value[v] if type(v) is str else _bad(v))
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _dataclass(tp)
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        return _union(args)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            item = codec(args[0])
            ie, imany = item.encode, item.decode_many

            def dec_items(v: Any) -> Any:
                if type(v) not in (list, tuple):
                    raise Mismatch("tuple")
                return tuple(imany(list(v))) if v else ()

            if not item.same:
                return Codec(lambda v: [ie(x) for x in v], dec_items)

            def many_items(vs: list[Any]) -> list[Any]:
                if vs and set(map(type, vs)) == {tuple}:  # as msgpack gives them: checked as one
                    flat = list(itertools.chain.from_iterable(vs))
                    if imany(flat) is flat:
                        return vs
                return [dec_items(v) for v in vs]

            return Codec(list, dec_items, many_items)
        parts = [codec(a) for a in args]
        n = len(parts)
        encs, decs = [p.encode for p in parts], [p.decode for p in parts]

        def dec_tuple(v: Any) -> Any:
            if type(v) not in (list, tuple) or len(v) != n:
                raise Mismatch("tuple")
            return tuple([d(x) for d, x in zip(decs, v, strict=True)])

        def many_tuples(vs: list[Any]) -> list[Any]:
            """Tuples as msgpack gives them checked column by column; values left as they are
            when every part decodes to itself."""
            if not vs or set(map(type, vs)) != {tuple} or set(map(len, vs)) != {n}:
                return [dec_tuple(v) for v in vs]
            cols = [list(map(operator.itemgetter(i), vs)) for i in range(n)]
            outs = [p.decode_many(c) for p, c in zip(parts, cols, strict=True)]
            if all(o is c for o, c in zip(outs, cols, strict=True)):
                return vs
            return list(zip(*outs, strict=True))

        if all(e is _same for e in encs):  # msgpack writes a tuple of plain parts as it is
            return Codec(_same, dec_tuple, many_tuples)
        return Codec(lambda v: [e(x) for e, x in zip(encs, v, strict=True)], dec_tuple, many_tuples)
    if origin in (list, set, frozenset):
        item = codec(args[0])
        ie, imany = item.encode, item.decode_many
        make = origin

        def dec_seq(v: Any) -> Any:
            if type(v) not in (list, tuple):
                raise Mismatch("list")
            return make(imany(list(v)))

        return Codec(list if item.same else lambda v: [ie(x) for x in v], dec_seq)
    if origin is dict:
        k, val = codec(args[0]), codec(args[1])
        ke, kmany, ve, vmany = k.encode, k.decode_many, val.encode, val.decode_many
        plain = k.same and val.same

        def dec_map(v: Any) -> Any:
            if type(v) is not dict:
                raise Mismatch("dict")
            kl, vl = list(v), list(v.values())
            ks, vs = kmany(kl), vmany(vl)
            return v if ks is kl and vs is vl else dict(zip(ks, vs, strict=True))

        if plain or (ke is _same and ve is _same):
            return Codec(dict, dec_map)
        return Codec(lambda v: {ke(a): ve(b) for a, b in v.items()}, dec_map)
    raise TypeError(f"no cache codec for {tp!r}")


def _union(args: tuple[Any, ...]) -> Codec:
    import dataclasses

    optional = type(None) in args
    rest = [a for a in args if a is not type(None)]
    if len(rest) == 1:
        inner = codec(rest[0])
        ie, idec, imany = inner.encode, inner.decode, inner.decode_many
        if inner.same:

            def many(vs: list[Any]) -> list[Any]:
                imany([v for v in vs if v is not None])
                return vs

            return Codec(_same, lambda v: None if v is None else idec(v), many, same=True)
        return Codec(
            lambda v: None if v is None else ie(v),
            lambda v: None if v is None else idec(v),
        )
    if not all(isinstance(a, type) for a in rest):
        raise TypeError(f"no cache codec for a union of {args!r}")
    if all(dataclasses.is_dataclass(a) for a in rest):
        # several records: [index of the class, fields]
        members = [(a, codec(a)) for a in rest]

        def enc(v: Any) -> Any:
            if v is None:
                return None
            for i, (cls, c) in enumerate(members):
                if type(v) is cls:
                    return [i, c.encode(v)]
            raise TypeError(type(v).__name__)

        def dec(v: Any) -> Any:
            if v is None and optional:
                return None
            if type(v) not in (list, tuple) or len(v) != 2 or type(v[0]) is not int:
                raise Mismatch("union")
            return members[v[0]][1].decode(v[1])

        return Codec(enc, dec)
    # builtins that msgpack tells apart: str | int, and so on
    leaves = tuple(rest) + ((type(None),) if optional else ())
    return _leaf(*leaves)


def _dataclass(cls: Any) -> Codec:
    """A frozen dataclass as the array of its fields, rebuilt without running __init__ (a
    frozen class sets fields one by one through object.__setattr__, slow for 50,000 records)."""
    import dataclasses
    import typing

    hints = typing.get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    parts = [codec(hints[n]) for n in names]
    encs = [p.encode for p in parts]
    decs = [p.decode for p in parts]

    # the fields msgpack cannot write as they are (enums, dates, records): converted one by one
    special = [(i, e) for i, e in enumerate(encs) if e is not _same]

    def enc(v: Any) -> Any:
        if type(v) is not cls:
            raise TypeError(type(v).__name__)
        out = list(map(v.__dict__.__getitem__, names))
        for i, e in special:
            out[i] = e(out[i])
        return out

    return Codec(enc, _dataclass_decoder(cls, names, [hints[n] for n in names], decs))


_LEAVES = {str: "str", int: "int", bool: "bool", float: "float", type(None): "NoneType"}


def _dataclass_decoder(
    cls: Any, names: list[str], types: list[Any], decs: list[Callable[[Any], Any]]
) -> Callable[[Any], Any]:
    """The decoder of a dataclass's array of fields, written out as one function: each plain
    field (text, number, flag, None, a tuple of texts, a date, an enum) is checked inline and
    only the others call their codec, since 50,000 records make millions of fields."""
    import enum
    import types as pytypes
    import typing
    from datetime import date

    ns: dict[str, Any] = {
        "M": Mismatch,
        "new": object.__new__,
        "cls": cls,
        "ordinal": date.fromordinal,
        "NoneType": type(None),
    }
    fields = ", ".join(f"f{i}" for i in range(len(names)))
    body = [
        "def dec(v):",
        f"    if type(v) is not tuple or len(v) != {len(names)}:",
        f"        raise M({cls.__name__!r})",
        f"    {fields}, = v",
    ]
    for i, tp in enumerate(types):
        f = f"f{i}"
        args = typing.get_args(tp)
        union = typing.get_origin(tp) in (typing.Union, pytypes.UnionType)
        leaves = set(args) if union else {tp}
        if all(t in _LEAVES for t in leaves):
            kinds = " and ".join(f"type({f}) is not {_LEAVES[t]}" for t in leaves)
            body += [f"    if {kinds}:", f"        raise M({names[i]!r})"]
        elif isinstance(tp, type) and issubclass(tp, enum.Enum):
            ns[f"E{i}"] = {m.value: m for m in tp}
            body += [f"    {f} = E{i}[{f}]"]
        elif union and set(args) == {date, type(None)}:
            body += [
                f"    if {f} is not None:",
                f"        if type({f}) is not int:",
                f"            raise M({names[i]!r})",
                f"        {f} = ordinal({f})",
            ]
        elif typing.get_origin(tp) is tuple and args == (str, Ellipsis):
            body += [
                f"    if type({f}) is not tuple:",
                f"        raise M({names[i]!r})",
                f"    for x in {f}:",
                "        if type(x) is not str:",
                f"            raise M({names[i]!r})",
            ]
        elif typing.get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis:
            # records held in a tuple (evidence, sections): usually none
            ns[f"d{i}"] = codec(args[0]).decode
            body += [
                f"    if type({f}) is not tuple:",
                f"        raise M({names[i]!r})",
                f"    {f} = tuple([d{i}(x) for x in {f}]) if {f} else ()",
            ]
        elif (
            union
            and len(args) == 2
            and type(None) in args
            and typing.get_args(inner := next(a for a in args if a is not type(None))) == (int, int)
            and typing.get_origin(inner) is tuple
        ):
            body += [  # a pair of numbers, or None (a commitment's lines)
                f"    if {f} is not None and (type({f}) is not tuple or len({f}) != 2"
                f" or type({f}[0]) is not int or type({f}[1]) is not int):",
                f"        raise M({names[i]!r})",
            ]
        else:
            ns[f"d{i}"] = decs[i]
            body += [f"    {f} = d{i}({f})"]
    body += [
        "    o = new(cls)",
        "    o.__dict__.update({" + ", ".join(f"{n!r}: f{i}" for i, n in enumerate(names)) + "})",
        "    return o",
    ]
    exec("\n".join(body), ns)  # noqa: S102 - our own source, made from the class's fields
    return ns["dec"]


# Plain data (a YAML document's values): scalars as they are, every container tagged, so that
# lists, tuples, sets, maps and dates come back as what they were.
def _plain_encode(v: Any) -> Any:
    from datetime import date, datetime

    t = type(v)
    if v is None or t in (str, int, float, bool, bytes):
        return v
    if t is list:
        return ["l", [_plain_encode(x) for x in v]]
    if t is tuple:
        return ["t", [_plain_encode(x) for x in v]]
    if t in (set, frozenset):
        return ["s", [_plain_encode(x) for x in v]]
    if t is dict:
        return ["d", [[_plain_encode(a), _plain_encode(b)] for a, b in v.items()]]
    if t is datetime:
        return ["T", v.isoformat()]
    if t is date:
        return ["D", v.toordinal()]
    raise TypeError(f"{t.__name__} is not plain data")


def _plain_decode(v: Any) -> Any:
    from datetime import date, datetime

    t = type(v)
    if v is None or t in (str, int, float, bool, bytes):
        return v
    if t not in (list, tuple) or len(v) != 2 or type(v[0]) is not str:
        raise Mismatch("plain data")
    tag, body = v
    if tag == "T" and type(body) is str:
        return datetime.fromisoformat(body)
    if tag == "D" and type(body) is int:
        return date.fromordinal(body)
    if type(body) not in (list, tuple):
        raise Mismatch("plain data")
    if tag == "l":
        return [_plain_decode(x) for x in body]
    if tag == "t":
        return tuple([_plain_decode(x) for x in body])
    if tag == "s":
        return {_plain_decode(x) for x in body}
    if tag == "d":
        out = {}
        for pair in body:
            if type(pair) not in (list, tuple) or len(pair) != 2:
                raise Mismatch("plain data")
            out[_plain_decode(pair[0])] = _plain_decode(pair[1])
        return out
    raise Mismatch("plain data")


PLAIN = Codec(_plain_encode, _plain_decode)


class RecordCache:
    """Values by file, each with the key of the content it came from; load once, save if changed.

    The main file holds every entry; a journal beside it holds the entries changed since, as long
    as they are few, so that a run after a small edit does not rewrite the whole cache. `codec`
    turns a value into plain data and back, checking its shape (see codec()); an entry whose key
    or value does not have the expected shape is dropped, as if it were not there.
    """

    JOURNAL_MIN = 256  # entries a journal may always hold; more when the cache is large (5 %)

    def __init__(
        self, root: Path, name: str, code: Iterable[str] = RECORD_CODE, codec: Codec | None = None
    ) -> None:
        self.path = root / CACHE_DIR / name
        self.journal = self.path.with_name(name + ".journal")
        self.fingerprint = code_fingerprint(code)
        self.codec = codec or PLAIN
        self.entries: dict[str, tuple[Key, Any]] = {}
        self.token: str | None = None  # names the main file a journal belongs to
        self.logged: dict[str, tuple[Key, Any] | None] = {}  # entries in the journal
        self.changed: dict[str, tuple[Key, Any] | None] = {}  # entries changed by this run
        self.rewrite = False  # the main file must be written whole
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
        got = read_file(path, self.fingerprint)
        if got is None:
            return None
        head, body = got
        if type(body) is not dict:
            raise Mismatch("entries")
        out = self._read_bulk(body)
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
        write_file(path, self.fingerprint, head, body)


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


_FIRST, _SECOND = operator.itemgetter(0), operator.itemgetter(1)
_KEY_PARTS = frozenset((str, int, bool, float, bytes, type(None)))


def _shapes(values: Iterable[Any]) -> set[tuple[type, ...]]:
    """The distinct shapes of some containers: the types of each one's items, as a tuple."""
    return set(map(tuple, map(map, itertools.repeat(type), values)))


def are_keys(keys: list[Any], tuples: bool = False) -> bool:
    """True when every item is a content key (see _is_key), checked in bulk (`tuples`: every
    item is known to be a tuple)."""
    if not keys:
        return True
    if not tuples and set(map(type, keys)) != {tuple}:
        return False
    shapes = _shapes(keys)  # a few in all: ("git", blob id), or a stat key's numbers
    if all(len(s) >= 2 and s[0] is str and _KEY_PARTS.issuperset(s[1:]) for s in shapes):
        return True
    if any(len(s) < 2 or s[0] is not str for s in shapes):
        return False
    return all(map(_is_key, keys))  # nested tuples: one by one


def _is_key(k: Any) -> bool:
    """True for a content key: a tuple of two or more strings, numbers, booleans, None and such
    tuples, the first a string (its kind)."""
    if type(k) is not tuple or len(k) < 2 or type(k[0]) is not str:
        return False
    return _is_plain_key(k)


def _is_plain_key(k: tuple[Any, ...]) -> bool:
    for x in k:
        t = type(x)
        if t is tuple:
            if not _is_plain_key(x):
                return False
        elif x is not None and t not in (str, int, bool, float, bytes):
            return False
    return True


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


def read_file(path: Path, fingerprint: str) -> tuple[dict[str, Any], Any] | None:
    """The head and body of a cache file, as plain data, or None when other code wrote it
    (OSError, corrupt: raises).

    The file is msgpack: maps, arrays, strings, numbers, booleans, nil; reading it never
    creates anything else (no objects, no code), whoever wrote it.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with open(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise Mismatch("not a regular file")  # a fifo, a device: never read
        data = f.read()
    with loading():
        u = _unpacker(data)
        head = next(u)
        if not (
            type(head) is dict
            and head.get("magic") == _MAGIC
            and head.get("fingerprint") == fingerprint
        ):
            return None
        return head, next(u)


def write_file(path: Path, fingerprint: str, head: dict[str, Any], body: Any) -> None:
    """Replace a cache file atomically: readers see the old file or the new one, never a part.

    `body` is plain data (what a codec's encode gives)."""
    import msgpack

    path.parent.mkdir(exist_ok=True)
    gi = path.parent / ".gitignore"
    if not gi.exists():
        gi.write_text("*\n", encoding="utf-8")
    head = {"magic": _MAGIC, "fingerprint": fingerprint, **head}
    data = msgpack.packb(head, use_bin_type=True) + msgpack.packb(body, use_bin_type=True)
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
            got = read_file(self.path, self.fingerprint)
            return None if got is None else self.codec.decode(got[1])
        except Exception:  # noqa: BLE001 - missing, corrupt, foreign or misshapen: start afresh
            return None

    def save(self, value: Any) -> None:
        """Save the value; never fails (a read-only or full disk only costs the next run time)."""
        if self.off:
            return
        with contextlib.suppress(OSError, TypeError, ValueError, OverflowError):
            write_file(self.path, self.fingerprint, {}, self.codec.encode(value))


# --- cache files the repository holds ------------------------------------------------------------

_TRACKED: dict[str, frozenset[str] | None] = {}  # by tree root: the tracked files of its cache
_NOTED: set[str] = set()


def tracked(root: Path, path: Path) -> bool:
    """True when git tracks this cache file: its content came with the repository (a clone, a
    pull request), not from this tool, so it is never read nor written. Says so once on stderr.

    A cache folder holding no file is not asked about (no git process)."""
    top = os.fspath(root)
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
    files = _TRACKED[top]
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
