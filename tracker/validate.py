"""Checks of a loaded tree: a tuple of pure functions, each returning problems."""

from __future__ import annotations

import hashlib
import os
import stat
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker import text as tx
from tracker.cache import (
    RECORD_CODE,
    ContentKey,
    RecordCache,
    Snapshot,
    codec,
    fields_codec,
    git_blob_keys,
    keys_from,
    loading,
    still_valid,
)
from tracker.issuers import CONFIG_FILE, Config, load_config, same_issuer_line
from tracker.model import Commitment, LetterError, Level, Problem, SectionKind
from tracker.quotecheck import Letters, line_problems, missing_message
from tracker.resolve import copy_hint
from tracker.schema import COMMITMENT_NUMBER
from tracker.store import SEEDS_DIR, Tree, locator, locator_of, outside_link, stamp_of


@dataclass
class Sources:
    """Letters under seeds/, read once and folded for comparison (lazily), and the check caches.

    What a check finds for a commitment is cached in .tracker-cache/ under the content keys of
    everything it depends on (its file, its reply's file, the letters' files and where they are,
    tracker.yaml; see tracker.cache), so a warm run folds no text and compares no issuers.
    """

    root: Path
    keys: dict[str, Any] = field(default_factory=dict)  # tree file -> content key (Tree.keys)
    _folded: dict[str, str | None] = field(default_factory=dict)
    _facts: dict[str, tuple[str, int | None] | None] = field(default_factory=dict)
    _paths: dict[str, str | None] = field(default_factory=dict)
    _places: dict[str, dict[str, tuple[int | None, int | None]]] = field(default_factory=dict)
    _placed: set[str] = field(default_factory=set)  # files with places found in this run
    _dirs: dict[str, str] = field(default_factory=dict)
    _root: str | None = None
    _letters: dict[str, Any] = field(default_factory=dict)  # letter -> (rel, inside, key) or None
    _memos: dict[str, _Memo] = field(default_factory=dict)
    _unchanged: dict[str, bool] = field(default_factory=dict)
    _snapshot: Any = None  # what the checks found last time, and the state of the files then
    _old: dict[str, Any] | None = None  # commitment file -> findings, from the snapshot
    _stale: set[str] = field(default_factory=set)  # files changed since the snapshot
    _stale_ids: set[str] = field(default_factory=set)  # replies changed since (file or letter)
    _result: dict[str, list[Any]] = field(default_factory=dict)  # file -> findings of this run
    _ran: set[int] = field(default_factory=set)
    _computed: bool = False
    _dirty: bool = False
    config: str | None = None  # digest of tracker.yaml; None: not known
    _since: int = 0  # when the letters were keyed
    _quotes: Letters | None = None  # the letters as tracker.quotecheck reads them

    def quote_letters(self) -> Letters:
        """The letters as tracker.quotecheck reads them: raw text, read once each."""
        if self._quotes is None:
            self._quotes = Letters(self._raw_text)
        return self._quotes

    def _raw_text(self, rel: str) -> str | None:
        p = self._path(rel)
        if p is None:
            return None
        try:
            with open(p, "rb") as f:
                return f.read().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return None

    digest: str | None = None  # of everything the checks depend on (see _digest)
    _outcome: Any = None  # what the checks found in the last run, with its digest
    _opened: bool = False
    _tree: Tree | None = None
    _code: tuple[str, ...] = ()
    composed: dict[str, Any] = field(default_factory=dict)  # Tree.composed
    _last: list[Any] = field(default_factory=list)  # the file last composed (see _at)

    def folded(self, rel: str) -> str | None:
        if rel not in self._folded:
            p = self._path(rel)
            text = None
            if p is not None:
                try:
                    with open(p, "rb") as f:
                        text = tx.fold(f.read().decode("utf-8-sig"))
                except (OSError, UnicodeDecodeError):
                    text = None
            self._folded[rel] = text
        return self._folded[rel]

    def sha256(self, rel: str) -> str | None:
        facts = self._letter_facts(rel)
        return facts[0] if facts else None

    def line_count(self, rel: str) -> int | None:
        facts = self._letter_facts(rel)
        return facts[1] if facts else None

    def _letter_facts(self, rel: str) -> tuple[str, int | None] | None:
        """sha256 and line count of a letter, cached under the letter's content key."""
        if rel in self._facts:
            return self._facts[rel]
        dep = self.letter(rel)
        facts: tuple[str, int | None] | None = None
        if dep is not None and dep[1]:  # keyed, and a file in the tree: no need to look at it
            facts = self.recall("letters", rel, dep)
            if facts is not None:
                self._facts[rel] = facts
                return facts
        p = self._path(rel)
        if p is not None:
            facts = self.recall("letters", rel, dep)
            if facts is None:
                try:
                    with open(p, "rb") as f:
                        data: bytes | None = f.read()
                except OSError:
                    data = None
                if data is not None:
                    try:
                        lines: int | None = len(data.decode("utf-8-sig").splitlines())
                    except UnicodeDecodeError:
                        lines = None
                    facts = (hashlib.sha256(data).hexdigest(), lines)
                    if self.unchanged(rel):
                        self.remember("letters", rel, dep, facts)
        self._facts[rel] = facts
        return facts

    def _path(self, rel: str) -> str | None:
        """The real path of a letter when it is a file inside the tree, else None."""
        if rel in self._paths:
            return self._paths[rel]
        if self._root is None:
            self._root = os.path.realpath(self.root)
        p = os.path.join(self.root, rel)
        try:
            regular = stat.S_ISREG(os.lstat(p).st_mode)
        except OSError:
            regular = False
        real: str | None
        if regular:  # not a link: its real path is its folder's, resolved once per folder
            parent, name = os.path.split(p)
            folder = self._dirs.get(parent)
            if folder is None:
                folder = self._dirs[parent] = os.path.realpath(parent)
            real = os.path.join(folder, name)
        else:
            real = os.path.realpath(p)
            if not os.path.isfile(real):
                real = None
        inside = real is not None and (
            real == self._root or real.startswith(self._root.rstrip(os.sep) + os.sep)
        )
        self._paths[rel] = real if inside else None
        return self._paths[rel]

    # --- the check caches --------------------------------------------------------------------

    def open_memo(self, tree: Tree) -> None:
        """Key the letters of the tree's replies and name the run's digest (when records are
        keyed); the checks' own caches are loaded when a check first asks (_open_checks)."""
        if not self.keys:
            return

        letters = sorted({r.source.path for r in tree.replies.values() if r.source.path})
        self._since = time.time_ns()
        blobs = git_blob_keys(self.root, SEEDS_DIR)
        keys = keys_from(self.root, letters, blobs)
        # a check's result depends on a letter's content and on whether it is a file in the tree;
        # one git vouches for is a regular file in the work tree, reached through no link
        self._letters = {
            rel: None
            if keys[rel] is None
            else (
                rel,
                ".." not in rel.split("/")
                if blobs and rel in blobs
                else self._path(rel) is not None,
                keys[rel],
            )
            for rel in letters
        }
        code = (*RECORD_CODE, "validate", "issuers", "text", "quotecheck", "resolve")
        try:
            cfg: bytes | None = (self.root / CONFIG_FILE).read_bytes()
        except FileNotFoundError:
            cfg = b"\0absent"
        except OSError:
            cfg = None
        self.config = None if cfg is None else hashlib.sha1(cfg).hexdigest()  # noqa: S324
        self.digest = _digest(self.keys, self._letters, self.config)
        outcome = codec(tuple[str, list[Problem]])
        self._outcome = Snapshot(self.root, "validate.msgpack", (*code, "extract"), outcome)
        self._tree, self._code = tree, code

    def _open_checks(self) -> None:
        """Load the caches of the checks themselves (when the outcome of the whole run is not
        known already: see outcome())."""

        if self._opened or self._tree is None:
            return
        self._opened = True
        code = self._code
        self._memos = {
            "letters": _Memo(self.root, "letters", code, codec(tuple[str, int | None])),
            # where a key path is in a file (line, column), by the file's content key
            "places": _Memo(
                self.root,
                "places",
                code,
                codec(dict[str, tuple[int | None, int | None]]),
            ),
            "items": _Memo(
                self.root, "items", (*code, "extract"), codec(tuple[tuple[int, int], ...])
            ),
            "quote_lines": _Memo(
                self.root,
                "quote_lines",
                (*code, "quotecheck"),
                codec(tuple[tuple[int, str, str], ...]),
            ),
        }
        self._snapshot = Snapshot(self.root, "checks.msgpack", code, _snapshot_codec())
        self._compare(self._tree)

    def outcome(self) -> list[Problem] | None:
        """What the checks found in a run of the same files, letters, tracker.yaml and code,
        or None (see _digest)."""
        if self.digest is None or self._outcome is None:
            return None
        got = self._outcome.load()
        if got is None or got[0] != self.digest:
            return None
        return got[1]

    def keep_outcome(self, found: list[Problem]) -> None:
        """Save what the checks found, when every check ran on what the digest names: no
        letter read changed during the run."""
        if (
            self.digest is None
            or self._outcome is None
            or self._ran != {0, 1}
            or not all(self._unchanged.values())
        ):
            return
        self._outcome.save((self.digest, found))

    def place(self, rel: str, keys: tuple[str | int, ...]) -> tuple[int | None, int | None]:
        """Line and column of a key path in a tree file: from the places cache while the file
        is unchanged (a file of 10,000 problems is not composed again on every run), else by
        composing the file once (see _at)."""
        places = self._places.get(rel)
        if places is None:
            key = self.keys.get(rel)
            hit = self.recall("places", rel, key) if key is not None else None  # marks it used
            places = self._places[rel] = dict(hit) if hit is not None else {}
        name = "\x1f".join(f"{k}" if isinstance(k, str) else f"#{k}" for k in keys)
        at = places.get(name)
        if at is None:
            at = places[name] = _at(self.root, rel, keys, self._last, self.composed)
            self._placed.add(rel)
        return at

    def letter(self, rel: str | None) -> Any:
        """A letter's part of a dependency key (None: not known, do not cache)."""
        return self._letters.get(rel) if rel else None

    def cached(self, kind: int, c: Commitment) -> Any:
        """What check `kind` (0: references, 1: fidelity) found for a commitment last time, when
        nothing it depends on has changed since (see _compare); else None."""
        if not self._opened:
            self._open_checks()
        old = self._old
        if old is None or c.path in self._stale:
            return None
        ids = self._stale_ids
        if ids and (c.reply in ids or any(e.reply in ids for e in c.evidence)):
            return None
        hit = old.get(c.path)
        if hit is None:
            return ()
        found = hit[kind]
        # what the cache says must fit the commitment as it is (indexes of its evidence, the
        # kinds of finding): anything else is checked again
        n = len(c.evidence)
        if kind == 0:
            fits = all(0 <= i < n and what in _REFERENCE_FINDINGS for i, what in found)
        else:
            fits = all(-1 <= i < n for i in found)
        return found if fits else None

    def found(self, kind: int, c: Commitment, value: tuple[Any, ...]) -> None:
        """Record what check `kind` found for a commitment (checked in full in this run)."""
        if self._snapshot is not None and self.keys.get(c.path) is not None:
            self._result.setdefault(c.path, [None, None])[kind] = value
            self._computed = True

    def ran(self, kind: int) -> None:
        """Note that check `kind` ran over every commitment (the snapshot is kept only if both did)."""
        self._ran.add(kind)

    def unchanged(self, rel: str) -> bool:
        """True when a letter read in this run still has the key it had when the run began."""
        if rel not in self._unchanged:
            dep = self._letters.get(rel)
            self._unchanged[rel] = dep is not None and still_valid(
                self.root, rel, dep[2], self._since
            )
        return self._unchanged[rel]

    def recall(self, kind: str, rel: str, dep: Any) -> Any:
        """What a check found for a file with this dependency key, or None."""
        if not self._opened:
            self._open_checks()
        memo = self._memos.get(kind)
        return None if memo is None or dep is None else memo.get(rel, dep)

    def remember(self, kind: str, rel: str, dep: Any, value: Any) -> None:
        if not self._opened:
            self._open_checks()
        memo = self._memos.get(kind)
        if memo is not None and dep is not None:
            memo.put(rel, dep, value)

    def _compare(self, tree: Tree) -> None:
        """Which commitments must be checked again: what changed since the saved snapshot.

        What the checks find for a commitment depends on its file; on its reply's and its
        evidence replies' files (which letters, issuers, dates); on those letters' content and
        place; on tracker.yaml; and on the code (in the snapshot's fingerprint). Nothing else.
        """
        old = self._snapshot.load() if self._snapshot is not None else None
        if not isinstance(old, dict) or old.get("config") != self.config or self.config is None:
            return
        files, letters, reply_ids = old["files"], old["letters"], old["reply_ids"]
        cur = self.keys
        changed: set[str] = set()
        if cur != files:  # compared in C; file by file only when something changed
            changed = {rel for rel, k in cur.items() if files.get(rel) != k} | (
                files.keys() - cur.keys()
            )
        if None in cur.values():  # files that are never keyed are always checked again
            changed |= {rel for rel, k in cur.items() if k is None}
        moved: set[str] = set()
        if self._letters != letters:
            moved = {rel for rel, d in self._letters.items() if letters.get(rel) != d}
        if None in self._letters.values():
            moved |= {rel for rel, d in self._letters.items() if d is None}
        ids: set[str | None] = set()
        replies = [rel for rel in changed if rel.rsplit("/", 1)[-1] in ("reply.yaml", "reply.yml")]
        if replies:  # the ids those files claimed before, and claim now
            now = {p: rid for rid, paths in tree.reply_paths.items() for p in paths}
            ids |= {reply_ids.get(rel) for rel in replies} | {now.get(rel) for rel in replies}
        if moved:
            ids |= {r.id for r in tree.replies.values() if r.source.path in moved}
        ids.discard(None)
        self._stale = changed | old["uncertain"]
        self._stale_ids = ids  # type: ignore[assignment]
        self._old = old["found"]
        self._dirty = bool(changed or moved)

    def save(self, tree: Tree) -> None:
        if not self._opened:
            return  # the checks did not run (their outcome was known)
        for rel in self._placed:
            key = self.keys.get(rel)
            if key is not None and still_valid(self.root, rel, key, self._since):
                self.remember("places", rel, key, self._places[rel])
        for memo in self._memos.values():
            memo.save()
        if (
            self._snapshot is None
            or self._ran != {0, 1}
            or not (self._computed or self._dirty or self._old is None)
        ):
            return
        found, uncertain = {}, set()
        for c in tree.commitments.values():
            v = self._result.get(c.path)
            if v is None and self.keys.get(c.path) is not None and self.cached(0, c) is not None:
                v = self._old.get(c.path, ((), ()))  # type: ignore[union-attr]
            if v is None or None in v:
                uncertain.add(c.path)  # not checked in full this time: check it next time
            elif v[0] or v[1]:
                found[c.path] = (v[0], v[1])
        self._snapshot.save(
            {
                "config": self.config,
                "files": dict(self.keys),
                "letters": self._letters,
                "reply_ids": {p: rid for rid, paths in tree.reply_paths.items() for p in paths},
                "found": found,
                "uncertain": uncertain,
            }
        )


# What check_references finds for an evidence entry.
_REFERENCE_FINDINGS = frozenset({"missing", "own", "issuer", "date"})


def _snapshot_codec() -> Any:
    """How checks.msgpack holds what the checks found, and the state of the files then."""

    return fields_codec(
        config=str | None,
        files=dict[str, ContentKey | None],
        letters=dict[str, tuple[str, bool, ContentKey] | None],
        reply_ids=dict[str, str],
        found=dict[str, tuple[tuple[tuple[int, str], ...], tuple[int, ...]]],
        uncertain=set[str],
    )


class _Memo:
    """One check's results by file, in .tracker-cache/<kind>.msgpack; entries not used are dropped."""

    def __init__(self, root: Path, kind: str, code: tuple[str, ...], codec: Any) -> None:

        self.cache = RecordCache(root, f"{kind}.msgpack", code, codec)
        self.used: set[str] = set()

    def get(self, rel: str, dep: Any) -> Any:
        self.used.add(rel)
        return self.cache.get(rel, dep)

    def put(self, rel: str, dep: Any, value: Any) -> None:
        self.used.add(rel)
        self.cache.put(rel, dep, value)

    def save(self) -> None:
        if len(self.cache.entries) > len(self.used):
            self.cache.retain(self.used)
        self.cache.save()


Check = Callable[[Tree, Sources], Iterable[Problem]]


def _at(
    root: Path,
    rel: str,
    keys: tuple[str | int, ...],
    last: list[Any],
    composed: dict[str, Any],
    on_key: bool = False,
) -> tuple[int | None, int | None]:
    """Line and column of a key path in a file, as store.locate() finds them.

    `last`: the file last composed, as [path, stat stamp, its locator]: a file with N problems
    (10,000 evidence entries whose quotes are not in the letter) is composed once, not N times;
    `composed`: the node trees reading kept (Tree.composed), so such a file read in this run is
    not composed a second time."""
    path = os.path.join(root, rel)
    try:
        stamp = stamp_of(os.stat(path))
    except OSError:
        return None, None
    if not last or last[:2] != [path, stamp]:
        kept = composed.get(rel)
        find = locator_of(kept[1]) if kept is not None and kept[0] == stamp else None
        last[:] = [path, stamp, find or locator(Path(path))]
    return last[2](keys, on_key)


def _err(
    sources: Sources,
    rel: str,
    keys: tuple[str | int, ...],
    msg: str,
    hint: str | None = None,
    level: Level = Level.ERROR,
) -> Problem:
    line, col = sources.place(rel, keys)
    return Problem(rel, line, col, level, msg, hint)


def check_ids_match_paths(tree: Tree, sources: Sources) -> Iterable[Problem]:
    """A reply's id is its folder's name; a commitment's id is <reply>/<file name>."""
    for r in tree.replies.values():
        for rel in tree.reply_paths.get(r.id, [r.path]):
            if rel.count("/") < 2:
                yield _err(
                    sources,
                    rel,
                    ("id",),
                    "file is not in a reply's folder",
                    f"move it to commitments/{r.id or '<reply-id>'}/reply.yaml",
                )
                continue
            folder = rel.split("/")[-2]
            if folder != r.id:
                yield _err(
                    sources,
                    rel,
                    ("id",),
                    f"id '{r.id}' does not match its folder '{folder}'",
                    f"rename the folder to commitments/{r.id}/ or set id: {folder}",
                )
    for c in tree.commitments.values():
        for rel in tree.commitment_paths.get(c.id, [c.path]):
            parts = rel.split("/")
            if len(parts) < 3:
                yield _err(
                    sources,
                    rel,
                    ("id",),
                    "file is not in a reply's folder",
                    f"move it to commitments/{c.reply or '<reply-id>'}/",
                )
                continue
            expected = f"{parts[-2]}/{parts[-1].rsplit('.', 1)[0]}" if len(parts) >= 3 else rel
            if c.id != expected:
                yield _err(
                    sources,
                    rel,
                    ("id",),
                    f"id '{c.id}' does not match its path (expected '{expected}')",
                    copy_hint(rel, c.id, tree.commitments) or f"set id: {expected}",
                )
            elif not COMMITMENT_NUMBER.match(parts[-1].rsplit(".", 1)[0]):
                yield _err(
                    sources,
                    rel,
                    ("id",),
                    f"commitment file name '{parts[-1]}' is not a number",
                    "name commitment files 01.yaml, 02.yaml, ...",
                )
            if c.reply != parts[-2]:
                yield _err(
                    sources,
                    rel,
                    ("reply",),
                    f"reply '{c.reply}' is not the folder it sits in ('{parts[-2]}')",
                    f"set reply: {parts[-2]}",
                )


def check_unique_ids(tree: Tree, sources: Sources) -> Iterable[Problem]:
    """No two files claim the same id."""
    for kind, paths in (("reply", tree.reply_paths), ("commitment", tree.commitment_paths)):
        for rid, rels in paths.items():
            for rel in rels[1:]:
                yield _err(
                    sources,
                    rel,
                    ("id",),
                    f"duplicate {kind} id '{rid}' (also in {rels[0]})",
                    "give each file its own id",
                )


def check_references(tree: Tree, sources: Sources) -> Iterable[Problem]:
    """Every commitment's reply exists; evidence points at a later reply of the same issuer."""

    config: Config | None = None  # tracker.yaml, read when an evidence entry first needs it
    sources.ran(0)
    for c in tree.commitments.values():
        own = tree.replies.get(c.reply)
        if own is None:
            if c.reply in tree.reply_paths or not c.reply:
                continue
            if (tree.root / c.path).parent.name == c.reply and (tree.root / c.path).with_name(
                "reply.yaml"
            ).exists():
                continue  # reply.yaml is there but unreadable: its own problems say why
            yield _err(
                sources,
                c.path,
                ("reply",),
                f"reply '{c.reply}' does not exist",
                f"import its letter, or create commitments/{c.reply}/reply.yaml",
            )
            continue
        found = sources.cached(0, c)
        if found == ():
            continue  # nothing found last time, and nothing it depends on changed since
        laters = [tree.replies.get(e.reply) for e in c.evidence]
        if found is None:
            found = []
            for i, later in enumerate(laters):
                if later is None:
                    found.append((i, "missing"))
                elif later.id == own.id:
                    found.append((i, "own"))
                else:
                    if config is None:
                        config = load_config(tree.root)
                    if not same_issuer_line(own, later, config):
                        found.append((i, "issuer"))
                    if own.date and later.date and later.date <= own.date:
                        found.append((i, "date"))
            found = tuple(found)
            sources.found(0, c, found)
        for i, what in found:
            e, later = c.evidence[i], laters[i]
            keys: tuple[str | int, ...] = ("evidence", i, "reply")
            if what == "missing":
                yield _err(
                    sources,
                    c.path,
                    keys,
                    f"evidence points at reply '{e.reply}', which does not exist",
                    "import that letter or remove the entry",
                )
            elif what == "own":
                yield _err(
                    sources,
                    c.path,
                    keys,
                    "evidence quotes the commitment's own letter",
                    "evidence must come from a later letter",
                )
            elif what == "issuer" and later is not None:
                yield _err(
                    sources,
                    c.path,
                    keys,
                    f"evidence comes from another issuer ({later.effective_issuer} ≠ {own.effective_issuer})",
                    "declare a succession in tracker.yaml if the bureau was renamed",
                )
            elif what == "date" and later is not None:
                yield _err(
                    sources,
                    c.path,
                    keys,
                    f"evidence letter {later.id} ({later.date}) is not later than {own.id} ({own.date})",
                    "evidence must come from a later letter",
                )


def check_fidelity(tree: Tree, sources: Sources) -> Iterable[Problem]:
    """Texts and quotes occur in their letters; letters are unchanged since import."""
    for r in tree.replies.values():
        if not r.source.path:
            continue
        if not r.source.path.startswith(f"{SEEDS_DIR}/"):
            yield _err(
                sources,
                r.path,
                ("source", "path"),
                f"source '{r.source.path}' is not under {SEEDS_DIR}/",
                f"keep letters under {SEEDS_DIR}/ so they are under version control",
                Level.WARNING,
            )
        sha = sources.sha256(r.source.path)
        link = outside_link(tree.root, tree.root / r.source.path) if sha is None else None
        if link is not None:
            yield _err(
                sources,
                r.path,
                ("source", "path"),
                f"source letter '{r.source.path}': {link} is a symbolic link to "
                f"{os.path.realpath(tree.root / link)}, outside the tree; not read",
                f"replace the link {link} with the folder or file itself",
            )
        elif sha is None:
            yield _err(
                sources,
                r.path,
                ("source", "path"),
                f"source letter '{r.source.path}' is missing",
                "restore the letter, or import it again",
            )
        elif sha != r.source.sha256:
            yield _err(
                sources,
                r.path,
                ("source", "sha256"),
                f"the letter {r.source.path} changed since import",
                f"review the change, then run `tracker import {r.source.path} --update`",
                Level.WARNING,
            )
        lines = sources.line_count(r.source.path) if sha else None
        for i, s in enumerate(r.sections):
            if lines is not None and s.end > lines:
                yield _err(
                    sources,
                    r.path,
                    ("sections", i, "lines"),
                    f"section lines {s.start}-{s.end} run past the letter's end (line {lines})",
                    f"run `tracker import {r.source.path} --update`",
                )
    sources.ran(1)
    for c in tree.commitments.values():
        own = tree.replies.get(c.reply)
        if own is None or not own.source.path:
            continue
        missing = sources.cached(1, c)
        if missing == ():
            continue  # cached: nothing missing (the common case, decided without folding)
        letters = [own.source.path] + [
            (later.source.path if later else None)
            for later in (tree.replies.get(e.reply) for e in c.evidence)
        ]
        if missing is None:
            missing = []
            folded = sources.folded(own.source.path)
            if folded is not None and not tx.occurs_in(c.text, folded):
                missing.append(-1)
            for i, e in enumerate(c.evidence):
                rel = letters[i + 1]
                lf = sources.folded(rel) if rel else None
                if lf is not None and not tx.occurs_in(e.quote, lf):
                    missing.append(i)
            missing = tuple(missing)
            if all(sources.unchanged(rel) for rel in letters if rel):
                sources.found(1, c, missing)
        for i in missing:
            if i < 0:
                yield _err(
                    sources,
                    c.path,
                    ("text",),
                    f"text does not occur in its letter {own.source.path}",
                    "restore the text as printed; put remarks in status_note",
                )
            else:
                yield _err(
                    sources,
                    c.path,
                    ("evidence", i, "quote"),
                    *missing_message(
                        c.evidence[i].quote, str(letters[i + 1]), sources.quote_letters()
                    ),
                )


def letter_items(sources: Sources, rel: str) -> tuple[tuple[int, int], ...] | None:
    """The next-step items the letter at `rel` holds today (line ranges), read again with the
    importer's reader; None when the letter cannot be read. Cached under the letter's key."""
    dep = sources.letter(rel)
    found = sources.recall("items", rel, dep)
    if found is not None:
        return found
    p = sources._path(rel)
    if p is None:
        return None
    from tracker.extract import parse_letter  # layer 3; only for letters that look cut short

    try:
        with open(p, "rb") as f:
            data = f.read()
        letter = parse_letter(data.decode("utf-8-sig"), source_path=rel, sha256="")
    except (OSError, UnicodeDecodeError, LetterError):
        return None
    items = tuple(c.lines or (0, 0) for c in letter.commitments)
    if sources.unchanged(rel):
        sources.remember("items", rel, dep, items)
    return items


def check_items_complete(tree: Tree, sources: Sources) -> Iterable[Problem]:
    """A letter's folder holds every item of its next-steps sections (an import killed half-way
    left fewer). Only a section whose last item in the folder ends before the section does is
    read again, with the importer's reader, to count the items the letter holds."""
    by_reply: dict[str, list[Commitment]] = {}
    for c in tree.commitments.values():
        by_reply.setdefault(c.reply, []).append(c)
    for r in tree.replies.values():
        steps = [i for i, s in enumerate(r.sections) if s.kind == SectionKind.NEXT_STEPS]
        if not steps or not r.source.path:
            continue
        have = by_reply.get(r.id, [])
        if not have:
            continue  # a letter kept for its facts only (a later letter, evidence for others)
        ends = [c.lines[1] for c in have if c.lines]
        short = [
            i
            for i in steps
            if max((e for e in ends if r.sections[i].start <= e <= r.sections[i].end), default=0)
            < r.sections[i].end
        ]
        if not short:
            continue
        items = letter_items(sources, r.source.path)
        if items is None or len(items) <= len(have):
            continue
        n, m = len(items), len(have)
        folder = r.path.rsplit("/", 1)[0]
        yield _err(
            sources,
            r.path,
            ("sections", short[0], "lines"),
            f"the letter's next-steps section{'s' if len(steps) > 1 else ''} hold{'' if len(steps) > 1 else 's'} "
            f"{n} items; {folder}/ holds {m} (an import that did not finish?)",
            f"run `tracker import {r.source.path} --update` to write the missing ones",
            Level.WARNING,
        )


def check_evidence_lines(tree: Tree, sources: Sources) -> Iterable[Problem]:
    """Each evidence entry's line is a line of its quote (tracker.quotecheck); what a file gives
    is memoised under its key, its replies' keys and their letters' keys."""
    letters = sources.quote_letters()
    for c in tree.commitments.values():
        if not c.evidence:
            continue
        # the file fixes which letter each entry cites; then each distinct reply and its letter
        parts: dict[str, Any] = {}
        for e in c.evidence:
            r = tree.replies.get(e.reply)
            parts[e.reply] = (
                ("no reply",)
                if r is None
                else (sources.keys.get(r.path), sources.letter(r.source.path))
            )
        key = sources.keys.get(c.path)
        dep = None
        if key is not None and not any(None in p for p in parts.values()):
            # a digest of it: the memo is read whole on every run, and stays small
            facts = repr((key, sorted(parts.items()))).encode()
            dep = ("quote_lines", hashlib.sha1(facts).hexdigest())  # noqa: S324
        rels = [r.source.path for rid in parts if (r := tree.replies.get(rid)) and r.source.path]
        found = sources.recall("quote_lines", c.path, dep)
        if found is None:
            found = tuple(line_problems(c, tree.replies, letters))
            if all(sources.unchanged(rel) for rel in rels):
                sources.remember("quote_lines", c.path, dep, found)
        for i, message, hint in found:
            yield _err(sources, c.path, ("evidence", i, "line"), message, hint)


CHECKS: tuple[Check, ...] = (
    check_ids_match_paths,
    check_unique_ids,
    check_references,
    check_fidelity,
    check_evidence_lines,
    check_items_complete,
)


def validate(tree: Tree, checks: tuple[Check, ...] = CHECKS) -> list[Problem]:
    """Every problem of the tree (reading problems included), sorted by path and line."""
    # the checks make tens of thousands of objects while a whole tree is alive: without the
    # collector, which would walk every record again for nothing (see cache.loading)
    with loading():
        sources = Sources(tree.root, tree.keys, composed=tree.composed)
        sources.open_memo(tree)
        found = sources.outcome() if checks == CHECKS else None
        if found is None:
            found = [p for check in checks for p in check(tree, sources)]
            sources.save(tree)
            if checks == CHECKS:
                sources.keep_outcome(found)
        return sorted(set(tree.problems) | set(found), key=lambda p: (*p.sort_key, p.message))


def _digest(keys: dict[str, Any], letters: dict[str, Any], config: str | None) -> str | None:
    """One digest of everything the checks' outcome depends on: the content key of every file
    of the tree, each letter's key and whether it is a file in the tree, and tracker.yaml (the
    code is in the cache file's fingerprint); None when something is not keyed."""
    import msgpack

    if not keys or config is None or None in keys.values() or None in letters.values():
        return None
    try:
        data = msgpack.packb([config, list(keys.items()), sorted(letters.items())])
    except (TypeError, ValueError, OverflowError):
        return None
    return hashlib.sha256(data).hexdigest()
