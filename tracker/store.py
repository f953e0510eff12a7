"""Reading and writing the YAML tree.

Reading uses libyaml's C parser through PyYAML's safe loader (fast, builds no Python objects from
tags); round-trip parsing with ruamel.yaml is used only for the files being written, so comments,
key order and quoting survive. Writes are atomic (temporary file in the same folder, then rename)
and replace only the top-level fields they mean to change; every other byte of the file is kept.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import functools
import hashlib
import io
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import attrgetter, is_, itemgetter
from pathlib import Path
from typing import Any

from tracker.cache import (
    CACHE_DIR,
    RACY_NS,
    Codec,
    Mismatch,
    RecordCache,
    Snapshot,
    git_blob_keys,
    keys_from,
    loading,
    still_valid,
    tracked_files,
    typed,
)
from tracker.model import Commitment, Level, Problem, Reply, TrackerError
from tracker.schema import (
    COMMITMENT_LETTER_KEYS,
    REPLY_ID,
    Issue,
    KeyPath,
    commitment_to_data,
    parse_commitment,
    parse_reply,
    reply_to_data,
)
from tracker.workspace import current

COMMITMENTS_DIR = "commitments"
SEEDS_DIR = "seeds"
MAX_FILE_BYTES = 1 << 20  # a commitment file is a few KB; anything over 1 MiB is refused unread
_CONFLICT = re.compile(r"^(<{7}|={7}|>{7})(\s|$)", re.M)
_TAB_INDENT = re.compile(r"^[ ]*\t", re.M)


@dataclass
class Tree:
    """The records of a tree, and the problems met while reading it."""

    root: Path
    replies: dict[str, Reply] = field(default_factory=dict)
    commitments: dict[str, Commitment] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    reply_paths: dict[str, list[str]] = field(default_factory=dict)  # id -> files claiming it
    commitment_paths: dict[str, list[str]] = field(default_factory=dict)
    # file -> key of the content its record was read from (see tracker.cache); None: not keyed.
    # Empty when the record cache is off. Checks use it to cache their own results per file.
    keys: dict[str, Any] = field(default_factory=dict)
    # files under commitments/ that are not part of the tree (warnings, also in `problems`)
    skipped: list[Problem] = field(default_factory=list)
    # large files parsed in this run: (stat stamp, node tree) by file, to place problems with
    # (see load_file)
    composed: dict[str, Any] = field(default_factory=dict)

    def commitments_of(self, reply_id: str) -> list[Commitment]:
        """The commitments of one reply, in id order."""
        return [c for c in self.commitments.values() if c.reply == reply_id]


# --- reading ---------------------------------------------------------------------------------


@functools.cache
def _loader_class(fast: bool = True) -> type:
    """The reading loader; `fast=False`: without the quicker resolve (the reference for it)."""
    import yaml

    base = yaml.CSafeLoader if getattr(yaml, "__with_libyaml__", False) else yaml.SafeLoader

    class Loader(base):  # type: ignore[valid-type,misc]
        """Safe loader that rejects duplicate keys and keeps dates as text (checked later)."""

    Loader.yaml_implicit_resolvers = {
        ch: [(tag, rx) for tag, rx in rs if tag != "tag:yaml.org,2002:timestamp"]
        for ch, rs in base.yaml_implicit_resolvers.items()
    }
    if fast and not Loader.yaml_path_resolvers:
        _quick_resolve(Loader)

    def construct_mapping(loader: Any, node: Any, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, yaml.MappingNode):  # `!!map [1]`: a tag on a list or a text
            raise _YamlProblem(
                node.start_mark,
                f"tag !!map is not allowed on a {node.id}",
                "remove the tag; files hold plain values only",
            )
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _YamlProblem(
                    key_node.start_mark,
                    "merge key '<<' is not allowed",
                    "write the fields out in this file",
                )
        loader.flatten_mapping(node)
        seen: dict[Any, Any] = {}
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            k = loader.construct_object(key_node, deep=True)
            try:
                hash(k)
            except TypeError:
                raise _YamlProblem(key_node.start_mark, "a key must be plain text") from None
            if k in seen:
                first = seen[k].start_mark.line + 1
                raise _YamlProblem(
                    key_node.start_mark,
                    f"duplicate key '{k}' (first at line {first})",
                    "keep one of them",
                )
            seen[k] = key_node
            out[k] = loader.construct_object(value_node, deep=deep)
        return out

    Loader.add_constructor("tag:yaml.org,2002:map", construct_mapping)
    for name in _SCALARS:
        tag = f"tag:yaml.org,2002:{name}"
        Loader.add_constructor(tag, _checked(base.yaml_constructors[tag], name))
    return Loader


def _checked(make: Callable[[Any, Any], Any], name: str) -> Callable[[Any, Any], Any]:
    """A scalar's constructor whose failure is a problem at the value, not a crash: `!!int abc`,
    or `0b_`, which the int pattern matches and int() refuses."""

    def construct(loader: Any, node: Any) -> Any:
        try:
            return make(loader, node)
        except (ValueError, KeyError, IndexError):
            raise _YamlProblem(
                node.start_mark,
                f"'{node.value}' is not a valid {name}",
                "quote the value to keep it as text (and remove a tag !!" + name + ")",
            ) from None

    return construct


def _quick_resolve(cls: Any) -> None:
    """Give a loader class without path resolvers a quicker resolve(), called for every node.

    BaseResolver.resolve() builds the list of a scalar's candidate patterns (those of its first
    character, then the wildcard ones) on each call and then looks for path resolvers; here the
    lists are built once and, with no path resolvers, the path bookkeeping is skipped. The tag
    found is the same: the patterns are tried in the same order."""
    import yaml

    table = cls.yaml_implicit_resolvers
    wildcard = tuple(table.get(None, ()))
    by_char = {ch: tuple(rs) + wildcard for ch, rs in table.items() if ch is not None}
    scalar, sequence, mapping = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode
    str_tag, seq_tag, map_tag = (
        cls.DEFAULT_SCALAR_TAG,
        cls.DEFAULT_SEQUENCE_TAG,
        cls.DEFAULT_MAPPING_TAG,
    )

    def resolve(self: Any, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is scalar:
            if implicit[0]:
                for tag, regexp in by_char.get(value[0] if value else "", wildcard):
                    if regexp.match(value):
                        return tag
            return str_tag
        if kind is sequence:
            return seq_tag
        if kind is mapping:
            return map_tag
        return None

    def nothing(self: Any, *args: Any) -> None:
        return None

    cls.resolve = resolve
    cls.descend_resolver = nothing  # they only follow the path for path resolvers
    cls.ascend_resolver = nothing


_LOADER: type | None = None


def loader() -> type:
    """The reading loader class (libyaml-backed when PyYAML has its C extension)."""
    global _LOADER
    if _LOADER is None:
        _LOADER = _loader_class()
    return _LOADER


def parser_name() -> str:
    """Which YAML parser reading really uses (the C one unless PyYAML was built without it)."""
    import yaml

    return "libyaml (C)" if issubclass(loader(), yaml.CSafeLoader) else "pure Python"


class _YamlProblem(Exception):
    def __init__(self, mark: Any, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message
        self.hint = hint


def _problem(
    rel: str,
    message: str,
    line: int | None = None,
    col: int | None = None,
    hint: str | None = None,
    level: Level = Level.ERROR,
) -> Problem:
    return Problem(rel, line, col, level, message, hint)


def decode_yaml_bytes(data: bytes, rel: str) -> tuple[str | None, list[Problem]]:
    """The text of a YAML file, or the problems that stop it being read."""
    problems: list[Problem] = []
    if not data.strip():
        return None, [
            _problem(
                rel,
                "file is empty",
                1,
                1,
                "delete it, or run `tracker import` again to recreate it",
            )
        ]
    if data.startswith(b"\xef\xbb\xbf"):
        problems.append(
            _problem(
                rel,
                "file starts with a byte-order mark",
                1,
                1,
                "save it as UTF-8 without BOM",
                Level.WARNING,
            )
        )
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        return None, [
            _problem(
                rel, f"not UTF-8 (byte 0x{data[e.start]:02x})", line, col, "save the file as UTF-8"
            )
        ]
    if "\x00" in text:
        return None, [
            _problem(
                rel, "file contains NUL bytes: not a YAML text file", 1, 1, "restore it from git"
            )
        ]
    if "\r\n" in text:
        problems.append(
            _problem(
                rel,
                "line endings are CRLF",
                1,
                None,
                "tracker keeps them, but LF is the convention",
                Level.WARNING,
            )
        )
    return text, problems


def parse_yaml_text(
    text: str, rel: str, composed: list[Any] | None = None, *, plain: bool = False
) -> tuple[Any, list[Problem]]:
    """Data of a YAML document with the fast loader, or the problems that stop it.

    `composed`: gets the document's node tree (what locator_of() places problems with), so
    that a file is composed once for its data and its places. `plain`: with PyYAML's own
    resolve and construction, the reference the quicker ones are tested against."""
    import yaml

    m = _CONFLICT.search(text)
    if m:
        line = text.count("\n", 0, m.start()) + 1
        return None, [
            _problem(
                rel,
                "merge-conflict marker",
                line,
                1,
                "resolve the conflict, keep one side, and remove the markers",
            )
        ]
    m = _TAB_INDENT.search(text)
    if m:
        line = text.count("\n", 0, m.start()) + 1
        col = m.end() - m.start()
        return None, [_problem(rel, "tab used for indentation", line, col, "indent with spaces")]
    if ("&" in text or "*" in text) and _has_alias(text):
        return None, [
            _problem(
                rel,
                *_alias_place(text),
                hint="write the values out; anchors and aliases are not accepted",
            )
        ]
    try:
        ld = (_loader_class(fast=False) if plain else loader())(text)  # as yaml.load() does it,
        try:  # keeping the node tree it composes
            node = ld.get_single_node()
            build = construct_plain if plain else _construct
            data = build(ld, node) if node is not None else None
        finally:
            ld.dispose()
        if composed is not None:
            composed.append(node)
    except _YamlProblem as e:
        return None, [_problem(rel, e.message, e.mark.line + 1, e.mark.column + 1, e.hint)]
    except yaml.constructor.ConstructorError as e:
        mark = e.problem_mark
        tag = re.search(r"tag '([^']*)'", str(e.problem))
        what = f"tag {_short_tag(tag.group(1))}" if tag else str(e.problem)
        return None, [
            _problem(
                rel,
                f"{what} is not allowed",
                mark.line + 1 if mark else None,
                mark.column + 1 if mark else None,
                "remove the tag; files hold plain values only",
            )
        ]
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        msg = f"YAML syntax error: {e.problem or e.context}"
        if e.context and e.problem:
            context = e.context
            cm = e.context_mark
            if (
                context.startswith("while")
                and cm is not None
                and mark is not None
                and cm.line != mark.line
            ):
                context += f" started at line {cm.line + 1}"  # where the quote or bracket opened
            msg = f"YAML syntax error: {e.problem} ({context})"
        return None, [
            _problem(
                rel,
                msg,
                mark.line + 1 if mark else None,
                mark.column + 1 if mark else None,
                _syntax_hint(str(e.problem), str(e.context)),
            )
        ]
    except yaml.YAMLError as e:
        return None, [_problem(rel, f"YAML error: {e}", None, None)]
    except RecursionError:
        return None, [_problem(rel, "nesting too deep", None, None, "flatten the file")]
    return data, []


class _Slow(Exception):
    """A node the plain construction must handle (a tag, a duplicate key, a merge key, ...)."""


_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_SCALARS = ("null", "bool", "int", "float")


def _construct(ld: Any, node: Any) -> Any:
    """The document's data, as `ld.construct_document(node)` gives it, built directly.

    A commitment file holds only maps, lists, strings, numbers, booleans and nulls: those are
    built here without the constructor's per-node machinery (a third of a cold read's parse).
    Anything else (an explicit tag, a duplicate or unhashable key, a merge key, nesting too
    deep) is built by the loader's own construction, which gives the same data or raises the
    same error with the same place; construct_plain() is that reference, and a property test
    holds the two equal."""
    import yaml

    made = {  # the loader's own constructors of these tags, bound to it
        tag: functools.partial(ld.yaml_constructors[tag], ld)
        for tag in (f"tag:yaml.org,2002:{name}" for name in _SCALARS)
    }
    try:
        return _build(node, made, yaml.ScalarNode, yaml.MappingNode, yaml.SequenceNode)
    except Exception:  # noqa: BLE001 - _Slow, TypeError, RecursionError, a scalar that fails
        return construct_plain(ld, node)


def _build(n: Any, made: dict[str, Any], scalar: type, mapping: type, sequence: type) -> Any:
    # a plain function, not a closure over itself: a closure would be a reference cycle holding
    # the loader, its text and its node tree until a collection, and reading runs without any
    kind = type(n)
    if kind is scalar:
        if n.tag == _STR:
            return n.value
        make = made.get(n.tag)
        if make is None:
            raise _Slow
        return make(n)
    if kind is mapping and n.tag == _MAP:
        out: dict[Any, Any] = {}
        for key_node, value_node in n.value:
            k = _build(key_node, made, scalar, mapping, sequence)
            if k in out:  # a duplicate (TypeError: unhashable): the loader's own message
                raise _Slow
            out[k] = _build(value_node, made, scalar, mapping, sequence)
        return out
    if kind is sequence and n.tag == _SEQ:
        return [_build(item, made, scalar, mapping, sequence) for item in n.value]
    raise _Slow


def construct_plain(ld: Any, node: Any) -> Any:
    """The loader's own construction of a composed document (the reference for _construct)."""
    return ld.construct_document(node)


def _syntax_hint(problem: str, context: str) -> str:
    """What to do about a libyaml syntax error, for the mistakes hand edits make most."""
    if "quoted scalar" in context:
        return "close the quote where the value ends"
    if "while parsing a flow" in context:
        return "close the bracket, or quote a value that contains , [ ] { }"
    if "another document" in problem:
        return "a file holds one record: remove the second '---' and what follows it"
    if "mapping values are not allowed" in problem:
        return "quote a value that contains ': ', or align this line with the keys above it"
    return "check indentation and quoting on this line or the one above"


def _short_tag(tag: str) -> str:
    """A tag as it is written in the file: tag:yaml.org,2002:python/object -> !!python/object."""
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix) :] if tag.startswith(prefix) else tag


def _has_alias(text: str) -> bool:
    import yaml

    try:
        for ev in yaml.parse(text, Loader=loader()):
            if isinstance(ev, yaml.AliasEvent) or getattr(ev, "anchor", None):
                return True
    except yaml.YAMLError:
        return False  # the loader reports the syntax error with its place
    return False


def _alias_place(text: str) -> tuple[str, int | None, int | None]:
    import yaml

    for ev in yaml.parse(text, Loader=loader()):
        if isinstance(ev, yaml.AliasEvent) or getattr(ev, "anchor", None):
            m = ev.start_mark
            if m is not None:
                return "anchors and aliases are not allowed", m.line + 1, m.column + 1
    return "anchors and aliases are not allowed", None, None


def read_yaml(path: Path, rel: str, composed: list[Any] | None = None) -> tuple[Any, list[Problem]]:
    """Read one YAML file without ever writing; refuse oversized files without reading them.

    `composed` gets the file's stat stamp (see stamp_of) and its node tree, when it parses."""
    try:
        st = path.stat()
    except OSError as e:
        return None, [_problem(rel, f"cannot read: {e.strerror}", None, None)]
    if not stat.S_ISREG(st.st_mode):
        return None, [
            _problem(
                rel, "not a regular file", None, None, "replace it with the YAML file it stands for"
            )
        ]
    if st.st_size > MAX_FILE_BYTES:
        return None, [
            _problem(
                rel,
                f"file is {st.st_size:,} bytes; the limit is {MAX_FILE_BYTES:,}",
                None,
                None,
                "a commitment file is a few KB: check what was saved here",
            )
        ]
    try:
        data = path.read_bytes()
    except OSError as e:
        return None, [_problem(rel, f"cannot read: {e.strerror}", None, None)]
    text, problems = decode_yaml_bytes(data, rel)
    if text is None:
        return None, problems
    nodes: list[Any] | None = [] if composed is not None else None
    value, more = parse_yaml_text(text, rel, nodes)
    if composed is not None and nodes:
        composed += [stamp_of(st), nodes[0]]
    return value, problems + more


def stamp_of(st: os.stat_result) -> tuple[int, ...]:
    """What tells one version of a file from another within a run (size, times, inode)."""
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


def locate(path: Path, keys: KeyPath, on_key: bool = False) -> tuple[int | None, int | None]:
    """Line and column (1-based) of the value (or key) at a key path, found by composing the file."""
    return locator(path)(keys, on_key)


def locator(path: Path) -> Callable[[KeyPath, bool], tuple[int | None, int | None]]:
    """locate() for many key paths of one file: the file is composed once (a file with 10,000
    problems is not composed 10,000 times)."""
    import yaml

    node: Any
    try:
        text = path.read_bytes().decode("utf-8-sig")
        node = yaml.compose(text, Loader=loader())
    except Exception:  # noqa: BLE001 - best effort: a place is a help, not a must
        node = False
    return locator_of(node)


def locator_of(node: Any) -> Callable[[KeyPath, bool], tuple[int | None, int | None]]:
    """locator() of a document already composed (False: it could not be)."""
    import yaml

    def find(keys: KeyPath, on_key: bool = False) -> tuple[int | None, int | None]:
        if node is False:
            return None, None
        if node is None:
            return 1, 1
        target = node
        key_node = None
        for k in keys:
            nxt = None
            if isinstance(target, yaml.MappingNode):
                for kn, vn in target.value:
                    if kn.value == k or (
                        not isinstance(k, str)
                        and isinstance(kn.value, str)
                        and kn.value.lower() == str(k).lower()
                    ):
                        key_node, nxt = kn, vn
                        break
            elif (
                isinstance(target, yaml.SequenceNode)
                and isinstance(k, int)
                and k < len(target.value)
            ):
                key_node, nxt = None, target.value[k]
            if nxt is None:
                break
            target = nxt
        mark = (key_node if on_key and key_node is not None else target).start_mark
        return mark.line + 1, mark.column + 1

    return find


def issues_to_problems(
    path: Path, rel: str, issues: list[Issue], node: Any = False
) -> list[Problem]:
    """Schema issues given their file places (the file composed once for all of them; `node`:
    its node tree when the reading composed it already)."""
    if not issues:
        return []
    find = locator(path) if node is False else locator_of(node)
    out = []
    for i in issues:
        line, col = find(i.keys, i.on_key)
        out.append(Problem(rel, line, col, i.level, i.message, i.hint))
    return out


def tree_files(root: Path, problems: list[Problem] | None = None) -> list[Path]:
    """Every YAML file under commitments/, sorted, without following links out of the tree.

    Linked folders are never entered; one that points outside the tree is added to `problems`.
    """
    return [root / rel for rel in tree_rels(root, problems)]


def tree_rels(
    root: Path,
    problems: list[Problem] | None = None,
    *,
    cache: bool = False,
    unusual: list[str] | None = None,
    lister: ListFolder | None = None,
) -> list[str]:
    """tree_files() as paths relative to the root, in the same order (os.walk's, top-down).

    Walked with os.scandir and plain strings: 60,000 Path objects and relative_to() calls cost
    more than the walk itself. With `cache`, a folder's listing is taken from
    .tracker-cache/listing.msgpack while the folder's stat is unchanged (see _cached_walk).
    `unusual` gets the folders holding what the walk passes over but git would list (hidden
    folders, symbolic links), and those that cannot be listed. `lister` lists one folder
    (list_folder unless given: a test counts the folders listed with a wrapper of it).
    """
    lister = lister or list_folder
    base = os.path.join(root, COMMITMENTS_DIR)
    if not os.path.isdir(base):
        return []
    if os.path.islink(base) and outside_link(root, Path(base)) is not None:
        if problems is not None:
            problems.append(
                _problem(
                    COMMITMENTS_DIR,
                    f"symbolic link points outside the tree ({os.path.realpath(base)}); not read",
                    None,
                    None,
                    f"replace the link with the folder itself, inside {root}",
                )
            )
        return []
    if cache:
        return _cached_walk(root, problems, unusual, lister)
    out: list[str] = []
    stack = [COMMITMENTS_DIR]
    while stack:
        rel = stack.pop()
        listed = lister(root, rel, problems)
        # as os.walk: a folder that cannot be listed is passed over
        files, folders, _, odd = listed or ((), (), False, True)
        if odd and unusual is not None:
            unusual.append(rel)
        out.extend(files)
        stack.extend(reversed(folders))  # popped last-first
    return out


# One folder's listing: its YAML files, its folders, whether it holds links, whether unusual.
Listed = tuple[tuple[str, ...], tuple[str, ...], bool, bool]
ListFolder = Callable[[Path, str, list[Problem] | None], Listed | None]


def list_folder(root: Path, rel: str, problems: list[Problem] | None) -> Listed | None:
    """The YAML files of one folder and the folders to walk into, both sorted and relative to
    the root, whether the folder holds symbolic links, and whether it is unusual (holds links,
    hidden folders or files, or files that are not YAML: what the walk passes over but git would
    list); None when it cannot be listed.

    Hidden files and folders are passed over; linked folders are never entered, and one that
    points outside the tree is added to `problems`.
    """
    path = os.path.join(root, rel)
    try:
        with os.scandir(path) as it:
            entries = list(it)
    except OSError:
        return None
    dirs, names = [], []
    links = hidden = False
    for e in entries:
        name = e.name
        try:
            is_dir = e.is_dir()  # follows links, as os.walk does
            links = links or e.is_symlink()
        except OSError:
            is_dir = False
        if name[0] == ".":
            # hidden folders and files alike are passed over; skipped_files() reports them
            hidden = hidden or is_dir or not name.startswith(".git")
            continue
        if is_dir:
            dirs.append(e)
        elif name.endswith((".yaml", ".yml")):
            names.append(name)
        else:
            hidden = True  # a file the tree does not read (07.YAML, 06.yaml with a space)
    dirs.sort(key=lambda e: e.name)
    if links and problems is not None:
        for e in dirs:
            if e.is_symlink():
                link = Path(e.path)
                if not link.resolve().is_relative_to(root.resolve()):
                    problems.append(
                        _problem(
                            f"{rel}/{e.name}",
                            f"symbolic link points outside the tree ({link.resolve()})",
                            None,
                            None,
                            "move the folder into commitments/ instead of linking it",
                        )
                    )
    return (
        tuple(f"{rel}/{n}" for n in sorted(names)),
        tuple(f"{rel}/{e.name}" for e in dirs if not e.is_symlink()),
        links,
        links or hidden,
    )


LISTING_CACHE = "listing.msgpack"
# (mtime, ctime, inode) of a folder, its YAML files, its folders, whether it is unusual
_Listing = tuple[tuple[int, int, int], tuple[str, ...], tuple[str, ...], bool]


def _cached_walk(
    root: Path,
    problems: list[Problem] | None,
    unusual: list[str] | None = None,
    lister: ListFolder = list_folder,
) -> list[str]:
    """tree_rels() with each folder's listing kept while its stat (mtime, ctime, inode) holds.

    Adding, removing or renaming an entry sets its folder's mtime and ctime to the time of the
    change, so a folder with the stat of its cached listing has the same entries. A listing is
    kept only when the folder's mtime or ctime is over two seconds older than the walk: a later
    change then gives it a new stat even on a file system with a coarse clock (git's "racy"
    rule). Nor is it kept for a folder holding symbolic links, since what a link points to can
    change without its folder's stat. Listing 10,000 unchanged folders costs a stat each.
    """
    import time

    snap = Snapshot(root, LISTING_CACHE, ("store", "cache"), typed(dict[str, _Listing]))
    old = snap.load()
    if not isinstance(old, dict):
        old = {}
    new: dict[str, _Listing] = {}
    since = time.time_ns() - RACY_NS
    changed = False
    out: list[str] = []
    stack = [COMMITMENTS_DIR]
    top, stat_of = os.fspath(root), os.stat
    while stack:
        rel = stack.pop()
        try:
            st = stat_of(f"{top}/{rel}")
        except OSError:
            st = None
        stamp = (st.st_mtime_ns, st.st_ctime_ns, st.st_ino) if st else None
        hit = old.get(rel)
        if hit is not None and hit[0] == stamp:
            files, folders, odd = hit[1], hit[2], hit[3]
            new[rel] = hit
        else:  # the cache is saved when an entry is dropped or added, not for a folder
            changed = changed or hit is not None  # changed too recently to be kept
            listed = lister(root, rel, problems) if st else None
            files, folders, links, odd = listed or ((), (), True, True)  # passed over
            if not links and stamp and min(stamp[0], stamp[1]) < since:
                new[rel] = (stamp, files, folders, odd)
                changed = True
        if odd and unusual is not None:
            unusual.append(rel)
        out.extend(files)
        stack.extend(reversed(folders))
    if changed or len(new) != len(old):
        snap.save(new)
    return out


class OutsideTree(TrackerError):
    """A path of the tree leads, through a symbolic link, to a place outside the tree."""


def _inside(real_root: str, real: str) -> bool:
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def outside_link(root: Path, path: Path) -> str | None:
    """The first link on the way from the root to `path` that leads outside the tree (relative
    to the root), the path itself when it resolves outside without one, or None when it stays in.

    The path need not exist yet: the folders it would be written into are what count.
    """
    real_root = os.path.realpath(root)
    if _inside(real_root, os.path.realpath(path)):
        return None
    try:
        parts = Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).parts
    except ValueError:
        return path.as_posix()
    here = Path(os.path.abspath(root))
    for part in parts:
        here = here / part
        if here.is_symlink() and not _inside(real_root, os.path.realpath(here)):
            return here.relative_to(os.path.abspath(root)).as_posix()
    return rel_to(root, path)


def check_inside(root: Path, path: Path, doing: str = "written") -> None:
    """Refuse (OutsideTree) a path of the tree that resolves outside it: nothing is read or
    written through a link that leaves the tree."""
    link = outside_link(root, path)
    if link is None:
        return
    target = os.path.realpath(Path(os.path.abspath(root)) / link)
    shown = rel_to(root, path)
    raise OutsideTree(
        f"{shown}: {link} is a symbolic link to {target}, outside the tree; not {doing}"
        if link != shown
        else f"{shown}: leads outside the tree (to {target}); not {doing}",
        f"replace the link {link} with the folder or file itself, inside {root}",
    )


_GIT_FILES = (".gitignore", ".gitattributes", ".gitkeep")
_WRITE_TEMP = re.compile(r"^\..+\.\d+\.[^.]+\.tmp$")  # atomic_write's: .01.yaml.<pid>.<random>.tmp


def skipped_files(root: Path, folders: Iterable[str]) -> list[Problem]:
    """A warning for each entry of these folders (tree_rels' `unusual`) that is not part of the
    tree: files that are not named *.yaml, hidden files and folders, an unfinished import's folder.

    Folders reached through a link are left to the walk, which reports those that leave the tree.
    """
    out: list[Problem] = []
    for rel in folders:
        try:
            with os.scandir(os.path.join(root, rel)) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            continue
        for e in entries:
            name, where = e.name, f"{rel}/{e.name}"
            try:
                if e.is_symlink() and e.is_dir():
                    continue
                is_dir = e.is_dir()
            except OSError:
                is_dir = False
            if name in _GIT_FILES:
                continue
            writer = _writer_pid(name, is_dir)
            if writer is not None and _alive(writer):
                continue  # a write in progress
            if is_dir and name.startswith(TEMP_FOLDER_PREFIX):
                letter = name[len(TEMP_FOLDER_PREFIX) :].rsplit("-", 1)[0]
                out.append(
                    _problem(
                        where,
                        "an import that did not finish left this folder; it is not read",
                        hint=f"delete it, then import the letter of {letter} again",
                        level=Level.WARNING,
                    )
                )
            elif is_dir and name[0] == ".":
                out.append(
                    _problem(
                        where,
                        "hidden folder: not part of the tree, its files are not read",
                        hint="move its files into a reply's folder, or delete it",
                        level=Level.WARNING,
                    )
                )
            elif not is_dir and _WRITE_TEMP.match(name):
                out.append(
                    _problem(
                        where,
                        "a write that did not finish left this file; it is not read",
                        hint="delete it; the file it was meant to replace is whole",
                        level=Level.WARNING,
                    )
                )
            elif not is_dir and (name[0] == "." or not name.endswith((".yaml", ".yml"))):
                out.append(_skipped_file(where, name))
    return out


def _writer_pid(name: str, is_dir: bool) -> int | None:
    """The process that is writing a temporary file or folder of this name, if it is one."""
    if is_dir and name.startswith(TEMP_FOLDER_PREFIX):
        tail = name.rsplit("-", 1)[-1]
    elif not is_dir and _WRITE_TEMP.match(name):
        tail = name.rsplit(".", 3)[1]
    else:
        return None
    return int(tail) if tail.isdigit() else None


def _skipped_file(where: str, name: str) -> Problem:
    fixed = name.strip().lstrip(".")
    stem, dot, ext = fixed.rpartition(".")
    if dot and ext.lower() in ("yaml", "yml") and stem:
        fixed = f"{stem}.{ext.lower()}"
        if fixed != name:
            shown = repr(name) if name != name.strip() else name
            return _problem(
                where,
                f"file name {shown} does not end in .yaml: the file is not read",
                hint=f"rename it to {fixed}",
                level=Level.WARNING,
            )
    return _problem(
        where,
        "not a YAML file: not part of the tree, and not read",
        hint="move it out of commitments/, or name it NN.yaml if it holds a commitment",
        level=Level.WARNING,
    )


def rel_to(root: Path, path: Path) -> str:
    """Path as shown in messages: relative to the tree root, with forward slashes."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def load_file(
    root: Path, path: Path, composed: dict[str, Any] | None = None
) -> tuple[Reply | Commitment | None, list[Problem]]:
    """One record read from one file, and the problems found in it.

    `composed`: gets (stat stamp, node tree) by path for a file of COMPOSED_FROM bytes or more,
    so that the many problems such a file may hold are placed without composing it again."""
    rel = rel_to(root, path)
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError) as e:  # RuntimeError: a loop, before Python 3.13
            reason = (
                "is a loop"
                if isinstance(e, RuntimeError) or e.errno == errno.ELOOP
                else (f"is broken ({e.strerror})")
            )
            return None, [
                _problem(
                    rel,
                    f"symbolic link {reason}",
                    None,
                    None,
                    "replace the link with the file itself",
                )
            ]
        if not target.is_relative_to(root.resolve()):
            return None, [
                _problem(
                    rel,
                    f"symbolic link points outside the tree ({target})",
                    None,
                    None,
                    "replace the link with the file itself",
                )
            ]
    got: list[Any] = []
    raw, problems = read_yaml(path, rel, got)
    if raw is None and problems:
        return None, problems
    if composed is not None and got and got[0][0] >= COMPOSED_FROM:
        composed[rel] = (got[0], got[1])
    parse = parse_reply if path.name in ("reply.yaml", "reply.yml") else parse_commitment
    record, issues = parse(raw, rel)
    if issues:
        problems = problems + issues_to_problems(path, rel, issues, got[1] if got else False)
    return record, problems


# A file this large may hold thousands of problems (evidence lists): its node tree is kept for
# the run that read it. A usual commitment file is under 2 KB.
COMPOSED_FROM = 64 * 1024


def _load_rels(
    args: tuple[Path, list[str]], composed: dict[str, Any] | None = None
) -> list[tuple[Reply | Commitment | None, list[Problem]]]:
    root, rels = args
    before = _disk().before_read
    if before is _nothing:  # the real disk: nothing to call per file
        return [load_file(root, root / rel, composed) for rel in rels]
    out = []
    for rel in rels:
        before(root / rel)
        out.append(load_file(root, root / rel, composed))
    return out


def parse_many(
    root: Path, rels: list[str], composed: dict[str, Any] | None = None
) -> list[tuple[Reply | Commitment | None, list[Problem]]]:
    """Parse files, on every core when there are many (`composed`: see load_file; filled only
    when they are parsed in this process)."""
    workers = min(os.cpu_count() or 1, 8)
    try:  # a pool only pays when other cores are free: on a busy machine it is slower than one process
        idle = (os.cpu_count() or 1) - os.getloadavg()[0]
    except OSError:
        idle = workers
    if len(rels) < PARALLEL_FROM or workers < 2 or idle < 1:
        return _load_rels((root, rels), composed)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # a few large slices in file order: one message each way per slice, not one per file
    size = -(-len(rels) // (workers * 4))
    slices = [(root, rels[i : i + size]) for i in range(0, len(rels), size)]
    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        return [value for part in pool.map(_load_rels, slices) for value in part]


PARALLEL_FROM = 2000  # below this, a process pool costs more than it saves


def use_cache_default() -> bool:
    """The record cache is on unless the workspace says otherwise (TRACKER_NO_CACHE)."""
    return current().cache


def _assemble(
    tree: Tree, values: Iterable[tuple[Reply | Commitment | None, list[Problem]]]
) -> None:
    """Put records read in file order into the tree: the first file of an id holds it."""
    problems = tree.problems
    replies, reply_paths = tree.replies, tree.reply_paths
    commitments, commitment_paths = tree.commitments, tree.commitment_paths
    values = list(values)
    if not (commitments or replies) and _assemble_at_once(tree, values):
        return
    for record, found in values:
        if found:
            problems.extend(found)
        if isinstance(record, Commitment):
            paths = commitment_paths.get(record.id)
            if paths is None:
                commitment_paths[record.id] = [record.path]
                commitments[record.id] = record
            else:
                paths.append(record.path)
        elif isinstance(record, Reply):
            paths = reply_paths.get(record.id)
            if paths is None:
                reply_paths[record.id] = [record.path]
                replies[record.id] = record
            else:
                paths.append(record.path)
    ids = list(commitments)
    if ids != sorted(ids):  # file order is id order but for unusual names: sort only then
        tree.commitments = dict(sorted(commitments.items()))


def _assemble_at_once(
    tree: Tree, values: list[tuple[Reply | Commitment | None, list[Problem]]]
) -> bool:
    """_assemble() into an empty tree in a few passes made in C, when no id is held by two
    files (the usual tree); False, having changed nothing, otherwise."""
    records = list(map(_FIRST, values))
    kinds = list(map(type, records))
    if not _RECORD_TYPES.issuperset(kinds):
        return False
    commitments = list(compress(records, map(is_, kinds, repeat(Commitment))))
    replies = list(compress(records, map(is_, kinds, repeat(Reply))))
    ids, reply_ids = list(map(_ID, commitments)), list(map(_ID, replies))
    if len(set(ids)) != len(ids) or len(set(reply_ids)) != len(reply_ids):
        return False
    found = list(map(_SECOND, values))
    if any(found):
        for problems in found:
            tree.problems.extend(problems)
    # each id's files: a list of its one path (zip of one sequence gives 1-tuples)
    tree.commitment_paths.update(zip(ids, map(list, zip(map(_PATH, commitments))), strict=True))
    tree.reply_paths.update(zip(reply_ids, map(list, zip(map(_PATH, replies))), strict=True))
    tree.replies.update(zip(reply_ids, replies, strict=True))
    if ids == sorted(ids):
        tree.commitments.update(zip(ids, commitments, strict=True))
    else:  # file order is id order but for unusual names: sort only then
        tree.commitments.update(sorted(zip(ids, commitments, strict=True), key=_FIRST))
    return True


_RECORD_TYPES = frozenset((Commitment, Reply, type(None)))
_FIRST, _SECOND = itemgetter(0), itemgetter(1)
_ID, _PATH = attrgetter("id"), attrgetter("path")


def load_tree(
    root: Path, files: Iterable[Path] | None = None, *, cache: bool | None = None
) -> Tree:
    """Read every file of the tree (or the given ones) into records; never writes the tree.

    Parsed records are kept in .tracker-cache/ keyed by file content, so a warm run parses only
    the files that changed (see tracker.cache for the keys and why they are never stale).
    """

    tree = Tree(root=root)
    values: list[tuple[Reply | Commitment | None, list[Problem]]]
    with loading():
        unusual: list[str] = []
        if (use_cache_default() if cache is None else cache) and files is None:
            rels, tree.keys, values = cached_values(root, tree.problems, unusual, tree.composed)
        else:
            rels = (
                tree_rels(root, tree.problems, unusual=unusual)
                if files is None
                else [rel_to(root, p) for p in _inside_only(root, files, tree.problems)]
            )
            values = parse_many(root, rels, tree.composed)
        if unusual:
            tree.skipped = skipped_files(root, unusual)
            tree.problems.extend(tree.skipped)
        _assemble(tree, values)
    return tree


def _inside_only(root: Path, files: Iterable[Path], problems: list[Problem]) -> list[Path]:
    """The given files, sorted, without those reached through a link out of the tree (a
    problem each)."""
    out = []
    for p in sorted(files):
        link = outside_link(root, p)
        if link is None:
            out.append(p)
            continue
        problems.append(
            _problem(
                rel_to(root, p),
                f"symbolic link {link} points outside the tree "
                f"({os.path.realpath(Path(os.path.abspath(root)) / link)}); not read",
                None,
                None,
                f"replace the link {link} with the folder or file itself",
            )
        )
    return out


RECORDS_CACHE = "records.msgpack"


def records_codec() -> Any:
    """How the record cache holds what a file parses to: (record or None, its problems).

    On disk, (reply or None, commitment or None, problems): msgspec makes the records as it
    reads them and checks each field's type (see Codec.wire); a union of two records is not a
    type it can tell apart, hence a place for each.
    """

    def encode(v: tuple[Reply | Commitment | None, list[Problem]]) -> Any:
        record, problems = v
        if record is not None and type(record) not in (Reply, Commitment):
            raise TypeError(type(record).__name__)
        return (
            record if type(record) is Reply else None,
            record if type(record) is Commitment else None,
            list(problems),
        )

    def decode(v: tuple[Reply | None, Commitment | None, list[Problem]]) -> Any:
        reply, commitment, problems = v
        if reply is not None and commitment is not None:
            raise Mismatch("two records")
        record = commitment if reply is None else reply
        if record is None and not any(p.level == Level.ERROR for p in problems):
            raise Mismatch("no record and no error")  # a file read as nothing says why
        return record, problems

    return Codec(encode, decode, wire=tuple[Reply | None, Commitment | None, list[Problem]])


def cached_values(
    root: Path,
    problems: list[Problem],
    unusual: list[str] | None = None,
    composed: dict[str, Any] | None = None,
) -> tuple[list[str], dict[str, Any], list[tuple[Reply | Commitment | None, list[Problem]]]]:
    """Every file of the tree, its content key, and what it parses to, through the record cache.

    The files are in tree_files() order; problems met while walking the tree go to `problems`,
    unusual folders to `unusual` (see tree_rels), and large files parsed to `composed` (see
    load_file).
    """
    import time
    from concurrent.futures import ThreadPoolExecutor

    since = time.time_ns()
    # git answers in its own processes while this one reads the cache and walks the tree
    with ThreadPoolExecutor(max_workers=2) as ex:
        blobs = ex.submit(git_blob_keys, root, COMMITMENTS_DIR)
        # whether git tracks the cache file (then it is never used), asked while it is read
        asked = ex.submit(tracked_files, root).result
        rc = RecordCache(root, RECORDS_CACHE, codec=records_codec(), asked=asked)
        rels = tree_rels(root, problems, cache=True, unusual=unusual)
        keys = keys_from(root, rels, blobs.result(), MAX_FILE_BYTES)
    entries = rc.entries  # rc.get() inlined: this loop runs once per file
    hits: list[Any] = list(map(entries.get, rels))
    misses: list[int] = []
    now = list(map(keys.__getitem__, rels))
    if None in hits or None in now or list(map(_FIRST, hits)) != now:
        for i, (key, hit) in enumerate(zip(now, hits, strict=True)):
            if key is None or hit is None or hit[0] != key:
                misses.append(i)
        values = [(None, []) if hit is None else hit[1] for hit in hits]
    else:  # every file kept under the key it has now (the usual warm run): compared in C
        values = list(map(_SECOND, hits))
    if misses:
        wanted = [rels[i] for i in misses]
        parsed = parse_many(root, wanted, composed)
        for i, rel, value in zip(misses, wanted, parsed, strict=True):
            values[i] = value
            if not still_valid(root, rel, keys[rel], since):
                keys[rel] = None  # changed while it was read (or never cacheable): not kept
            rc.put(rel, keys[rel], value)
    if misses or len(entries) != len(rels):
        rc.retain(set(rels))  # files deleted or renamed
    rc.save()
    return rels, keys, values


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


# --- writing ---------------------------------------------------------------------------------


def _rt_yaml() -> Any:
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 1_000_000
    y.indent(mapping=2, sequence=4, offset=2)
    y.representer.add_representer(
        type(None), lambda r, d: r.represent_scalar("tag:yaml.org,2002:null", "null")
    )
    y.representer.add_representer(str, _represent_str)
    return y


_STR_TAG = "tag:yaml.org,2002:str"


def _represent_str(representer: Any, value: str) -> Any:
    """A string, quoted where a YAML 1.1 reader would take it for something else.

    ruamel writes YAML 1.2, where `yes`, `on` or `12:30` are plain strings; the fast reader
    (PyYAML) reads 1.1, where they are a bool or a number. Quoting them keeps both readers agreed.
    """
    import yaml

    node = representer.represent_str(value)
    if node.style is None and "\n" not in value:
        # PyYAML's stubs leave Resolver.resolve unannotated (the one call that needs this)
        resolver = yaml.resolver.Resolver()
        tag = resolver.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
        if tag != _STR_TAG:
            node.style = "'"
    return node


def _to_rt(value: Any) -> Any:
    """Plain data as ruamel objects, with short number lists in flow style."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(value, dict):
        m = CommentedMap()
        for k, v in value.items():
            m[k] = _to_rt(v)
        return m
    if isinstance(value, list):
        s = CommentedSeq(_to_rt(v) for v in value)
        if value and all(isinstance(v, int) and not isinstance(v, bool) for v in value):
            s.fa.set_flow_style()  # lines: [32, 34]
        return s
    return value


def dump_text(data: Any, header: str | None = None) -> str:
    """Text of a new YAML file in the tree's layout."""
    y = _rt_yaml()
    doc = _to_rt(data)
    if header:
        doc.yaml_set_start_comment(header)
    buf = io.StringIO()
    y.dump(doc, buf)
    return buf.getvalue()


class ChangedMeanwhile(TrackerError):
    """A file changed between the moment a write read it and the moment it would replace it."""


_ABSENT = b"\0absent"  # `expect` for a file that must not exist yet


def _same_as_read(path: Path, expect: bytes) -> bool:
    """True when the file still holds the bytes a write read (or, for _ABSENT, is still absent)."""
    try:
        with open(path, "rb") as f:
            now = f.read(len(expect) + 1)
    except FileNotFoundError:
        return expect is _ABSENT and not os.path.lexists(path)
    except OSError:
        return False
    return expect is not _ABSENT and now == expect


def atomic_write(path: Path, data: bytes, *, expect: bytes | None = None) -> None:
    """Write a file so that readers see the old bytes or the new ones, never a part.

    With `expect` (the bytes the new content was computed from, or _ABSENT for a new file), the
    file is compared with them just before the rename, and ChangedMeanwhile is raised, the file
    left as it is, when it holds anything else: a save made in between is never replaced.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        st = path.stat()
    except FileNotFoundError:
        mode = 0o644
    else:
        if not stat.S_ISREG(st.st_mode):
            # a device or a pipe (`-o /dev/stdout`, `-o /dev/null`): there is nothing to replace
            with open(path, "wb") as f:
                f.write(data)
            return
        mode = st.st_mode & 0o777
    _remove_stale_temps(path)
    # the writer's pid in the name lets a later write remove what a killed writer left
    fd, tmp = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp"
    )
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        if expect is not None and not _same_as_read(path, expect):
            raise ChangedMeanwhile(
                f"{_shown_path(path)} changed while it was being written; not written"
            )
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):
        dfd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)


def _remove_stale_temps(path: Path) -> None:
    """Remove the temporary files of `path` whose writer is gone (killed before its rename)."""
    prefix = f".{path.name}."
    try:
        names = os.listdir(path.parent)
    except OSError:
        return
    for name in names:
        if not (name.startswith(prefix) and name.endswith(".tmp")):
            continue
        pid = name[len(prefix) :].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            with contextlib.suppress(OSError):
                os.unlink(path.parent / name)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's process: alive
    return True


@contextlib.contextmanager
def tree_lock(root: Path) -> Iterator[None]:
    """Hold the tree's write lock: one writing tracker process at a time."""
    d = root / CACHE_DIR
    d.mkdir(exist_ok=True)
    gi = d / ".gitignore"
    if not gi.exists():
        with contextlib.suppress(OSError):
            gi.write_text("*\n", encoding="utf-8")
    with open(d / "lock", "a+") as f:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f.fileno(), fcntl.LOCK_UN)


_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:(?:\s|$)")


def _blocks(text: str) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """A YAML file split into its header lines and one block of lines per top-level key."""
    header: list[str] = []
    blocks: list[tuple[str, list[str]]] = []
    for line in text.splitlines(keepends=True):
        m = _TOP_KEY.match(line)
        if m:
            blocks.append((m.group(1), [line]))
        elif blocks:
            blocks[-1][1].append(line)
        else:
            header.append(line)
    return header, blocks


def _splice(old: str, new: str, changed: set[str]) -> str:
    """The old text with only the blocks of the changed keys taken from the new text."""
    old_header, old_blocks = _blocks(old)
    _, new_blocks = _blocks(new)
    old_map = dict(old_blocks)
    new_map = dict(new_blocks)
    if len(old_map) != len(old_blocks) or [k for k, _ in new_blocks if k in old_map] != [
        k for k, _ in old_blocks if k in new_map
    ]:
        return new  # layout we cannot split safely: take ruamel's faithful round trip whole
    out = list(old_header)
    for k, _ in new_blocks:
        if k in changed or k not in old_map:
            block = list(new_map[k])
            # keep the blank lines and comments that closed the old block
            if k in old_map:
                tail = _trailing_trivia(old_map[k])
                block = _appended(old_map[k], new_map[k]) or _strip_trailing_trivia(block) + tail
            out.extend(block)
        else:
            out.extend(old_map[k])
    if out and not out[-1].endswith("\n") and old.endswith("\n"):
        out[-1] += "\n"
    return "".join(out)


def _item_indent(lines: list[str]) -> int | None:
    """Indentation of the items of a block list (lines[0] is its key), None for any other value."""
    for line in lines[1:]:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = re.match(r"^( *)- ", line) or re.match(r"^( *)-$", line.rstrip("\n"))
        return len(m.group(1)) if m else None
    return None


def _appended(old_block: list[str], new_block: list[str]) -> list[str] | None:
    """The old block of a list with the new block's extra items added after it, or None.

    When a write only appends to a block list (evidence), the entries already there keep every
    byte: ruamel would re-dump them, and would move a comment that closed the list in between
    the old items and the new ones. None when the change is anything but an append.
    """
    import yaml

    body, tail = _strip_trailing_trivia(old_block), _trailing_trivia(old_block)
    try:
        old_value = yaml.load("".join(body), Loader=loader())  # noqa: S506 - a SafeLoader subclass
        new_value = yaml.load("".join(new_block), Loader=loader())  # noqa: S506
    except (yaml.YAMLError, _YamlProblem):
        return None
    if not (
        isinstance(old_value, dict)
        and isinstance(new_value, dict)
        and len(old_value) == 1
        and old_value.keys() == new_value.keys()
    ):
        return None
    ((key, old_items),) = old_value.items()
    new_items = new_value[key]
    old_indent, new_indent = _item_indent(body), _item_indent(new_block)
    if (
        old_indent is None
        or new_indent is None
        or not isinstance(old_items, list)
        or not old_items
        or not isinstance(new_items, list)
        or new_items[: len(old_items)] != old_items
        or len(new_items) == len(old_items)
    ):
        return None
    starts = [i for i, line in enumerate(new_block) if re.match(rf"^ {{{new_indent}}}-( |$)", line)]
    if len(starts) != len(new_items):
        return None
    extra = new_block[starts[len(old_items)] :]
    while extra and (not extra[-1].strip() or extra[-1].lstrip().startswith("#")):
        extra.pop()
    shift = old_indent - new_indent
    moved = []
    for line in extra:
        if shift >= 0 or not line.strip():
            moved.append(" " * shift + line if line.strip() else line)
        elif line[:-shift].strip():
            return None
        else:
            moved.append(line[-shift:])
    result = body + moved
    try:
        if yaml.load("".join(result), Loader=loader()) != new_value:  # noqa: S506
            return None
    except (yaml.YAMLError, _YamlProblem):
        return None
    return result + tail


def _trailing_trivia(lines: list[str]) -> list[str]:
    i = len(lines)
    while i > 1 and (not lines[i - 1].strip() or lines[i - 1].lstrip().startswith("#")):
        i -= 1
    return lines[i:]


def _strip_trailing_trivia(lines: list[str]) -> list[str]:
    i = len(lines)
    while i > 1 and (not lines[i - 1].strip() or lines[i - 1].lstrip().startswith("#")):
        i -= 1
    return lines[:i]


WRITE_TRIES = 5  # a file saved again while it is being updated is read and updated again


def _nothing(path: Path) -> None:
    """Nothing else happens at this moment (see Disk)."""


@dataclass(frozen=True)
class Disk:
    """The moments of a read or a write where another process or the disk can step in.

    `before_read(path)` runs just before a file of the tree is parsed (what another process
    saving it in between looks like); `before_replace(path)` runs after an update has read a
    file and computed its new bytes, and before it replaces the file (an editor saving in
    between, a slow machine); `rename(src, dst)` moves a new letter's folder into place. The
    real ones do nothing and call os.rename; a test runs a command with a fake one through
    using_disk().
    """

    before_read: Callable[[Path], None] = _nothing
    before_replace: Callable[[Path], None] = _nothing
    rename: Callable[[Path, Path], None] = os.rename


_REAL_DISK = Disk()
_DISK: ContextVar[Disk | None] = ContextVar("tracker_disk", default=None)


def _disk() -> Disk:
    """The disk of the writes running now (the real one unless using_disk() says otherwise)."""
    return _DISK.get() or _REAL_DISK


@contextlib.contextmanager
def using_disk(disk: Disk) -> Iterator[Disk]:
    """Run the writes inside the block through `disk` (in this thread and context)."""
    token = _DISK.set(disk)
    try:
        yield disk
    finally:
        _DISK.reset(token)


def update_file(
    path: Path,
    mutate: Callable[[Any], set[str]],
    *,
    dry_run: bool = False,
    root: Path | None = None,
) -> bool:
    """Round-trip a file through `mutate` (which returns the top-level keys it changed).

    Only the changed keys' lines are rewritten; a BOM and CRLF line endings are kept.
    Returns True when the file was written (with dry_run: would be, and nothing is written). A
    file that does not read cleanly (the problems `tracker validate` reports as errors) is never
    written: TrackerError names the first problem. The file is replaced only while it still holds
    the bytes the change was computed from; when it was saved in between, it is read and changed
    again, up to WRITE_TRIES times, then refused. With `root`, a path that resolves outside the
    tree is refused.
    """
    rel = _shown_path(path)
    if root is not None:
        check_inside(root, path)
    for _ in range(WRITE_TRIES):
        raw, new = _updated_bytes(path, rel, mutate)
        if new is None:
            return False
        if dry_run:
            return True
        _disk().before_replace(path)
        try:
            atomic_write(path, new, expect=raw)
        except ChangedMeanwhile:
            continue
        return True
    raise TrackerError(
        f"{rel}: changed {WRITE_TRIES} times while it was being updated; not updated",
        "save the file and close it in the editor, then run the command again "
        "(it adds only what is still missing)",
    )


def _updated_bytes(
    path: Path, rel: str, mutate: Callable[[Any], set[str]]
) -> tuple[bytes, bytes | None]:
    """The bytes of a file as read, and as `mutate` changes them (None: no change)."""
    raw, problems = _read_checked(path, rel)
    bad = [p for p in problems if p.level == Level.ERROR]
    if bad or raw is None:
        first = bad[0] if bad else _problem(rel, "cannot be read")
        then = "fix the file (`tracker validate` lists its problems), then run the command again"
        place = (
            first.path
            + (f":{first.line}" if first.line else "")
            + (f":{first.col}" if first.line and first.col else "")
        )
        raise TrackerError(
            f"{place}: {first.message}; not updated",
            f"{first.hint}; {then}" if first.hint else then,
        )
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    crlf = "\r\n" in text
    if crlf:
        text = text.replace("\r\n", "\n")
    y = _rt_yaml()
    from ruamel.yaml.error import YAMLError, YAMLFutureWarning

    try:
        doc = y.load(text)
    except (YAMLError, YAMLFutureWarning) as e:
        raise TrackerError(
            f"{rel}: cannot update: {str(e).splitlines()[0]}",
            "fix the file (`tracker validate` lists its problems), then run the command again",
        ) from None
    changed = mutate(doc)
    if not changed:
        return raw, None
    buf = io.StringIO()
    y.dump(doc, buf)
    new = _splice(text, buf.getvalue(), changed)
    if new == text:
        return raw, None
    if crlf:
        new = new.replace("\n", "\r\n")
    return raw, (b"\xef\xbb\xbf" if bom else b"") + new.encode("utf-8")


def _shown_path(path: Path) -> str:
    """A file's path as messages show it: from commitments/ (or seeds/) on, when it has one."""
    parts = path.parts
    for i in range(len(parts) - 1, -1, -1):
        if parts[i] in (COMMITMENTS_DIR, SEEDS_DIR):
            return "/".join(parts[i:])
    return path.as_posix()


def _read_checked(path: Path, rel: str) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a file about to be updated, and the reading problems that forbid it."""
    try:
        st = path.stat()
    except OSError as e:
        return None, [_problem(rel, f"cannot read: {e.strerror}")]
    if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_FILE_BYTES:
        _, problems = read_yaml(path, rel)  # refuses without reading
        return None, problems
    raw = path.read_bytes()
    text, problems = decode_yaml_bytes(raw, rel)
    if text is None:
        return None, problems
    data, more = parse_yaml_text(text, rel)
    if not more and not isinstance(data, dict):
        more = [_problem(rel, "expected a mapping of fields", 1, 1)]
    return raw, problems + more


def set_fields(doc: Any, values: dict[str, Any]) -> set[str]:
    """Set top-level fields whose value differs; keep key order; return the keys changed."""
    changed = set()
    for k, v in values.items():
        if _plain(doc.get(k)) != _plain(v) or k not in doc:
            doc[k] = _to_rt(v)
            changed.add(k)
    return changed


def _plain(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [_plain(x) for x in v]
    return v


def roundtrip_text(text: str) -> str:
    """Load and dump a text with the writer's settings (what an untouched save would give)."""
    y = _rt_yaml()
    buf = io.StringIO()
    y.dump(y.load(text), buf)
    return buf.getvalue()


def reply_dir(root: Path, reply_id: str) -> Path:
    """Folder of a reply's files, refusing ids that would leave the tree."""

    if not REPLY_ID.match(reply_id):
        raise TrackerError(f"reply id '{reply_id}' is not a safe folder name")
    return root / COMMITMENTS_DIR / reply_id


@dataclass
class WriteReport:
    """What a write did, file by file (paths relative to the tree root)."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


TEMP_FOLDER_PREFIX = ".tmp-"  # commitments/.tmp-<reply-id>-<pid>: a new letter's folder being built


def write_reply(
    root: Path,
    reply: Reply,
    commitments: Iterable[Commitment],
    *,
    update: bool,
    letter_text: str | None = None,
    dry_run: bool = False,
) -> WriteReport:
    """Write a reply and its commitments; with update, refresh only what came from the letter.

    Clerk-owned fields (status, status_note, owners, due, tags, evidence) and comments are never
    touched by an update. The letter text is stored under seeds/ when its file is missing. With
    dry_run nothing is written and the report says what would be. A letter new to the tree is
    written as one unit: its folder is built beside the others under a hidden name and renamed
    into place, so a crash leaves the whole letter or none of it. Nothing is written through a
    link that leads outside the tree (OutsideTree).
    """
    report = WriteReport()
    folder = reply_dir(root, reply.id)
    reply_file = folder / "reply.yaml"
    check_inside(root, reply_file)
    if reply.source.path:
        check_inside(root, root / reply.source.path)
    if reply_file.exists() and not update:
        raise TrackerError(
            f"{rel_to(root, reply_file)} exists: this letter is already in the tree",
            "run the import again with --update to refresh it",
        )
    if letter_text is not None and reply.source.path:
        src = root / reply.source.path
        if not src.exists():
            if not dry_run:
                atomic_write(src, letter_text.encode("utf-8"), expect=_ABSENT)
            report.created.append(reply.source.path)
    items = list(commitments)
    if not os.path.lexists(folder):
        _write_new_folder(root, folder, reply, items, report, dry_run=dry_run)
        return report
    _write_record(
        root,
        reply_file,
        reply_to_data(reply),
        None,
        report,
        header=f"答复函 {reply.title or reply.id}",
        dry_run=dry_run,
    )
    wanted = set()
    for c in items:
        path = folder / f"{c.number}.yaml"
        wanted.add(path.name)
        _write_record(
            root, path, commitment_to_data(c), COMMITMENT_LETTER_KEYS, report, dry_run=dry_run
        )
    for old in sorted(folder.glob("*.yaml")):
        if old.name != "reply.yaml" and old.name not in wanted:
            report.warnings.append(
                f"{rel_to(root, old)}: no longer an item of the letter; kept (delete it by hand if so)"
            )
    return report


def _write_new_folder(
    root: Path,
    folder: Path,
    reply: Reply,
    items: list[Commitment],
    report: WriteReport,
    *,
    dry_run: bool,
) -> None:
    """Build a new letter's folder under a hidden name in commitments/, then rename it into place."""
    files = [
        ("reply.yaml", dump_text(reply_to_data(reply), f"答复函 {reply.title or reply.id}")),
        *((f"{c.number}.yaml", dump_text(commitment_to_data(c))) for c in items),
    ]
    report.created.extend(rel_to(root, folder / name) for name, _ in files)
    if dry_run:
        return
    folder.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_folders(folder)
    tmp = folder.with_name(f"{TEMP_FOLDER_PREFIX}{folder.name}-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)  # this process's own, from an earlier failed attempt
    tmp.mkdir()
    try:
        for name, text in files:
            with open(tmp / name, "wb") as f:
                f.write(text.encode("utf-8"))
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp / name, 0o644)
        _fsync_dir(tmp)
        if os.path.lexists(folder):
            raise ChangedMeanwhile(
                f"{rel_to(root, folder)} appeared while the letter was being written; not written",
                "run the import again with --update",
            )
        _disk().rename(tmp, folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _fsync_dir(folder.parent)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        dfd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)


def _remove_stale_folders(folder: Path) -> None:
    """Remove the hidden folders a killed import of this letter left beside it."""
    prefix = f"{TEMP_FOLDER_PREFIX}{folder.name}-"
    try:
        names = os.listdir(folder.parent)
    except OSError:
        return
    for name in names:
        pid = name[len(prefix) :]
        if name.startswith(prefix) and pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder.parent / name, ignore_errors=True)


def _write_record(
    root: Path,
    path: Path,
    data: dict[str, Any],
    letter_keys: tuple[str, ...] | None,
    report: WriteReport,
    header: str | None = None,
    dry_run: bool = False,
) -> None:
    rel = rel_to(root, path)
    check_inside(root, path)
    if not os.path.lexists(path):
        if not dry_run:
            atomic_write(path, dump_text(data, header).encode("utf-8"), expect=_ABSENT)
        report.created.append(rel)
        return
    keys = letter_keys or tuple(data)
    # a reply.yaml refresh may drop optional keys the letter no longer gives (e.g. issuer_as_printed)

    def mutate(doc: Any) -> set[str]:
        changed = set_fields(doc, {k: data[k] for k in keys if k in data})
        if letter_keys is None:
            for k in ("issuer_as_printed", "issuer_inferred"):
                if k in doc and k not in data:
                    del doc[k]
                    changed.add(k)
        return changed

    if update_file(path, mutate, dry_run=dry_run, root=root):
        report.updated.append(rel)
    else:
        report.unchanged.append(rel)


def _append_new(
    doc: Any,
    field: str,
    entries: list[dict[str, Any]],
    key: Callable[[Any], Any],
    path: Any,
    shape: str,
) -> bool:
    """Append to the list `field` of a round-trip document the entries whose key it does not hold
    yet (the entries already there are left as they are); True when one was added."""
    current = doc.get(field)
    if current is None:
        from ruamel.yaml.comments import CommentedSeq

        current = CommentedSeq()
    elif not isinstance(current, list):
        raise TrackerError(
            f"{path}: '{field}' is not a list; not updated",
            f"write {field}: [] or a list of {shape}, then run the command again",
        )
    have = {key(e) for e in current if hasattr(e, "get")}
    added = False
    for e in entries:
        if key(e) not in have:
            current.append(_to_rt(e))
            have.add(key(e))
            added = True
    if added:
        current.fa.set_block_style()
        doc[field] = current
    return added


def record_evidence(
    root: Path, commitment: Commitment, evidence: list[dict[str, Any]], status: str | None = None
) -> bool:
    """Add evidence entries not yet present (same reply and quote) and optionally set the status.

    Entries already in the file, and every other field, are left as they are.
    """
    path = root / commitment.path
    check_inside(root, path)

    def mutate(doc: Any) -> set[str]:
        changed: set[str] = set()
        key = lambda e: (e.get("reply"), e.get("quote"))  # noqa: E731
        if _append_new(doc, "evidence", evidence, key, commitment.path, "entries"):
            changed.add("evidence")
        if status is not None and doc.get("status") != status:
            doc["status"] = status
            changed.add("status")
        return changed

    return update_file(path, mutate, root=root)


def record_restatements(root: Path, commitment: Commitment, entries: list[dict[str, Any]]) -> bool:
    """Add `restated_in` entries ({id, weakened}) whose id the file does not list yet.

    Entries already there, and every other field, are left as they are.
    """

    def mutate(doc: Any) -> set[str]:
        key = lambda e: e.get("id")  # noqa: E731
        if _append_new(doc, "restated_in", entries, key, commitment.path, "{id, weakened}"):
            return {"restated_in"}
        return set()

    return update_file(root / commitment.path, mutate, root=root)
