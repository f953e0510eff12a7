"""The memo of validate's checks: what a pure check found, kept under the content keys of
everything it read, so that a warm run folds no text and compares no issuers.

The checks (tracker.validate) never see this module: they compute through a `Memo`, which is
either NoMemo (compute every time; what a test of a check uses) or CheckMemo (look up the value
computed last time, compute it on a miss and keep it). Each kind of memoised value has its own
named method; nothing is told apart by a number.

What is kept, in .tracker-cache/:

- validate.msgpack: the whole outcome of the last run, under one digest of every file's key,
  every letter's key and tracker.yaml (the code is in the file's fingerprint);
- checks.msgpack: what the reference and fidelity checks found per commitment, with the keys of
  the files then, so a run after a small change checks only what that change can touch;
- letters/places/items/quote_lines.msgpack: per-file values (a letter's sha256 and line count,
  where a key path is in a file, a letter's next-step items, an evidence entry's line findings).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from tracker.cache.codecs import Codec, ContentKey, codec, fields_codec
from tracker.cache.keys import RECORD_CODE, git_blob_keys, keys_from, still_valid
from tracker.cache.stores import RecordCache, Snapshot
from tracker.issuers import CONFIG_FILE
from tracker.model import Commitment, Problem, Reply

if TYPE_CHECKING:
    from tracker.store import Tree

T = TypeVar("T")

# what check_references finds for an evidence entry: (index of the entry, what is wrong)
References = tuple[tuple[int, str], ...]
# what check_fidelity finds for a commitment: -1 for its text, else the index of an evidence quote
Missing = tuple[int, ...]
LetterFacts = tuple[str, int | None]  # sha256 and line count (None: not UTF-8 text)
Items = tuple[tuple[int, int], ...]  # line ranges of a letter's next-step items
QuoteLines = tuple[tuple[int, str, str], ...]  # (entry, message, hint) of check_evidence_lines
Places = dict[str, tuple[int | None, int | None]]

# What check_references can find for an evidence entry.
REFERENCE_FINDINGS = frozenset({"missing", "own", "issuer", "date"})


class CommitmentCheck(Enum):
    """The checks whose findings are kept per commitment in checks.msgpack (the value is the
    finding's place in the pair kept for a file)."""

    REFERENCES = 0
    FIDELITY = 1


class FileMemo(Enum):
    """The per-file memos, each in .tracker-cache/<value>.msgpack."""

    LETTERS = "letters"
    PLACES = "places"
    ITEMS = "items"
    QUOTE_LINES = "quote_lines"


class Memo(Protocol):
    """How a check computes a value it may have computed before (see NoMemo, CheckMemo)."""

    def open(self, tree: Tree, path_of: Callable[[str], str | None]) -> None: ...
    def outcome(self) -> list[Problem] | None: ...
    def references(self, c: Commitment, compute: Callable[[], References]) -> References: ...
    def fidelity(
        self, c: Commitment, letters: Sequence[str | None], compute: Callable[[], Missing]
    ) -> Missing: ...
    def quote_lines(
        self, c: Commitment, replies: dict[str, Reply], compute: Callable[[], QuoteLines]
    ) -> QuoteLines: ...
    def letter_facts(
        self, rel: str, compute: Callable[[], LetterFacts | None]
    ) -> LetterFacts | None: ...
    def items(self, rel: str, compute: Callable[[], Items | None]) -> Items | None: ...
    def places(self, rel: str) -> Places: ...
    def placed(self, rel: str) -> None: ...
    def finish(
        self, tree: Tree, ran: Iterable[CommitmentCheck], outcome: list[Problem] | None
    ) -> None: ...


class NoMemo:
    """Every value computed afresh, nothing kept: the checks as the pure functions they are."""

    def open(self, tree: Tree, path_of: Callable[[str], str | None]) -> None:
        """Nothing to open."""

    def outcome(self) -> list[Problem] | None:
        """Never known beforehand."""
        return None

    def references(self, c: Commitment, compute: Callable[[], References]) -> References:
        """compute()."""
        return compute()

    def fidelity(
        self, c: Commitment, letters: Sequence[str | None], compute: Callable[[], Missing]
    ) -> Missing:
        """compute()."""
        return compute()

    def quote_lines(
        self, c: Commitment, replies: dict[str, Reply], compute: Callable[[], QuoteLines]
    ) -> QuoteLines:
        """compute()."""
        return compute()

    def letter_facts(
        self, rel: str, compute: Callable[[], LetterFacts | None]
    ) -> LetterFacts | None:
        """compute()."""
        return compute()

    def items(self, rel: str, compute: Callable[[], Items | None]) -> Items | None:
        """compute()."""
        return compute()

    def places(self, rel: str) -> Places:
        """No places known: each is found by composing the file."""
        return {}

    def placed(self, rel: str) -> None:
        """Nothing to keep."""

    def finish(
        self, tree: Tree, ran: Iterable[CommitmentCheck], outcome: list[Problem] | None
    ) -> None:
        """Nothing to save."""


class _FileCache:
    """One memo's values by file; entries not used in a run are dropped when it is saved."""

    def __init__(self, root: Path, kind: FileMemo, code: tuple[str, ...], codec: Codec) -> None:
        self.cache = RecordCache(root, f"{kind.value}.msgpack", code, codec)
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


class CheckMemo:
    """The checks' values kept in .tracker-cache/ under the content keys of what they read.

    `keys`: the content key of every tree file (Tree.keys). A value is kept only when every
    letter it read still has the key it had when the run began.
    """

    def __init__(self, root: Path, keys: dict[str, Any], seeds_dir: str = "seeds") -> None:
        self.root = root
        self.keys = keys
        self.seeds_dir = seeds_dir
        self.config: str | None = None  # digest of tracker.yaml; None: not known
        self.digest: str | None = None  # of everything the checks depend on (see _digest)
        self._since = 0  # when the letters were keyed
        self._letters: dict[str, Any] = {}  # letter -> (rel, inside, key) or None
        self._unchanged: dict[str, bool] = {}
        self._memos: dict[FileMemo, _FileCache] = {}
        self._places: dict[str, Places] = {}
        self._placed: set[str] = set()  # files with places found in this run
        self._outcome: Snapshot | None = None
        self._snapshot: Snapshot | None = None
        self._old: dict[str, Any] | None = None  # commitment file -> findings, from the snapshot
        self._stale: set[str] = set()  # files changed since the snapshot
        self._stale_ids: set[str] = set()  # replies changed since (file or letter)
        self._result: dict[str, list[Any]] = {}  # file -> findings of this run
        self._computed = False
        self._dirty = False
        self._opened = False
        self._tree: Tree | None = None
        self._code: tuple[str, ...] = ()

    # --- opening ------------------------------------------------------------------------------

    def open(self, tree: Tree, path_of: Callable[[str], str | None]) -> None:
        """Key the letters of the tree's replies and name the run's digest; the checks' own
        caches are loaded when a check first asks (_open_checks). `path_of`: a letter's real
        path when it is a file inside the tree, else None."""
        if not self.keys:
            return
        letters = sorted({r.source.path for r in tree.replies.values() if r.source.path})
        self._since = time.time_ns()
        blobs = git_blob_keys(self.root, self.seeds_dir)
        keys = keys_from(self.root, letters, blobs)
        # a check's result depends on a letter's content and on whether it is a file in the tree;
        # one git vouches for is a regular file in the work tree, reached through no link
        self._letters = {
            rel: None
            if keys[rel] is None
            else (
                rel,
                ".." not in rel.split("/") if blobs and rel in blobs else path_of(rel) is not None,
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
            FileMemo.LETTERS: _FileCache(
                self.root, FileMemo.LETTERS, code, codec(tuple[str, int | None])
            ),
            # where a key path is in a file (line, column), by the file's content key
            FileMemo.PLACES: _FileCache(
                self.root,
                FileMemo.PLACES,
                code,
                codec(dict[str, tuple[int | None, int | None]]),
            ),
            FileMemo.ITEMS: _FileCache(
                self.root, FileMemo.ITEMS, (*code, "extract"), codec(tuple[tuple[int, int], ...])
            ),
            FileMemo.QUOTE_LINES: _FileCache(
                self.root,
                FileMemo.QUOTE_LINES,
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
        return list(got[1])

    # --- the memoised values ------------------------------------------------------------------

    def references(self, c: Commitment, compute: Callable[[], References]) -> References:
        """What check_references finds for a commitment: kept, or computed and kept."""
        found: References | None = self._cached(CommitmentCheck.REFERENCES, c)
        if found is None:
            found = compute()
            self._found(CommitmentCheck.REFERENCES, c, found)
        return found

    def fidelity(
        self, c: Commitment, letters: Sequence[str | None], compute: Callable[[], Missing]
    ) -> Missing:
        """What check_fidelity finds for a commitment, whose text and quotes are in `letters`."""
        found: Missing | None = self._cached(CommitmentCheck.FIDELITY, c)
        if found is None:
            found = compute()
            if all(self.unchanged(rel) for rel in letters if rel):
                self._found(CommitmentCheck.FIDELITY, c, found)
        return found

    def quote_lines(
        self, c: Commitment, replies: dict[str, Reply], compute: Callable[[], QuoteLines]
    ) -> QuoteLines:
        """What check_evidence_lines finds for a commitment, kept under its file's key, its
        evidence replies' keys and their letters' keys."""
        # the file fixes which letter each entry cites; then each distinct reply and its letter
        parts: dict[str, Any] = {}
        for e in c.evidence:
            r = replies.get(e.reply)
            parts[e.reply] = (
                ("no reply",) if r is None else (self.keys.get(r.path), self.letter(r.source.path))
            )
        key = self.keys.get(c.path)
        dep = None
        if key is not None and not any(None in p for p in parts.values()):
            # a digest of it: the memo is read whole on every run, and stays small
            facts = repr((key, sorted(parts.items()))).encode()
            dep = ("quote_lines", hashlib.sha1(facts).hexdigest())  # noqa: S324
        found: QuoteLines | None = self._recall(FileMemo.QUOTE_LINES, c.path, dep)
        if found is None:
            found = compute()
            rels = [r.source.path for rid in parts if (r := replies.get(rid)) and r.source.path]
            if all(self.unchanged(rel) for rel in rels):
                self._remember(FileMemo.QUOTE_LINES, c.path, dep, found)
        return found

    def letter_facts(
        self, rel: str, compute: Callable[[], LetterFacts | None]
    ) -> LetterFacts | None:
        """A letter's sha256 and line count, kept under the letter's key."""
        return self._per_letter(FileMemo.LETTERS, rel, compute)

    def items(self, rel: str, compute: Callable[[], Items | None]) -> Items | None:
        """A letter's next-step items, kept under the letter's key."""
        return self._per_letter(FileMemo.ITEMS, rel, compute)

    def _per_letter(self, kind: FileMemo, rel: str, compute: Callable[[], T | None]) -> T | None:
        dep = self.letter(rel)
        found: T | None = self._recall(kind, rel, dep)
        if found is None:
            found = compute()
            if found is not None and self.unchanged(rel):
                self._remember(kind, rel, dep, found)
        return found

    def places(self, rel: str) -> Places:
        """Where key paths are in a tree file, as found in an earlier run while the file is
        unchanged (a file of 10,000 problems is not composed again on every run); the dict
        given is filled by the caller, and kept at finish() for the files named by placed()."""
        places = self._places.get(rel)
        if places is None:
            key = self.keys.get(rel)
            hit = self._recall(FileMemo.PLACES, rel, key) if key is not None else None
            places = self._places[rel] = dict(hit) if hit is not None else {}
        return places

    def placed(self, rel: str) -> None:
        """A place in `rel` was found in this run: keep the file's places."""
        self._placed.add(rel)

    # --- the keys of the letters --------------------------------------------------------------

    def letter(self, rel: str | None) -> Any:
        """A letter's part of a dependency key (None: not known, do not cache)."""
        return self._letters.get(rel) if rel else None

    def unchanged(self, rel: str) -> bool:
        """True when a letter read in this run still has the key it had when the run began."""
        if rel not in self._unchanged:
            dep = self._letters.get(rel)
            self._unchanged[rel] = dep is not None and still_valid(
                self.root, rel, dep[2], self._since
            )
        return self._unchanged[rel]

    # --- the caches underneath ----------------------------------------------------------------

    def _recall(self, kind: FileMemo, rel: str, dep: Any) -> Any:
        if not self._opened:
            self._open_checks()
        memo = self._memos.get(kind)
        return None if memo is None or dep is None else memo.get(rel, dep)

    def _remember(self, kind: FileMemo, rel: str, dep: Any, value: Any) -> None:
        if not self._opened:
            self._open_checks()
        memo = self._memos.get(kind)
        if memo is not None and dep is not None:
            memo.put(rel, dep, value)

    def _cached(self, check: CommitmentCheck, c: Commitment) -> tuple[Any, ...] | None:
        """What `check` found for a commitment last time, when nothing it depends on has
        changed since (see _compare); else None."""
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
        found = hit[check.value]
        # what the cache says must fit the commitment as it is (indexes of its evidence, the
        # kinds of finding): anything else is checked again
        n = len(c.evidence)
        if check is CommitmentCheck.REFERENCES:
            fits = all(0 <= i < n and what in REFERENCE_FINDINGS for i, what in found)
        else:
            fits = all(-1 <= i < n for i in found)
        return found if fits else None

    def _found(self, check: CommitmentCheck, c: Commitment, value: tuple[Any, ...]) -> None:
        """Record what `check` found for a commitment (checked in full in this run)."""
        if self._snapshot is not None and self.keys.get(c.path) is not None:
            self._result.setdefault(c.path, [None, None])[check.value] = value
            self._computed = True

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

    # --- saving -------------------------------------------------------------------------------

    def finish(
        self, tree: Tree, ran: Iterable[CommitmentCheck], outcome: list[Problem] | None
    ) -> None:
        """Save what this run computed. `ran`: the per-commitment checks that ran over every
        commitment (the snapshot is kept only when both did); `outcome`: every problem of a run
        of every check, kept when no letter read changed meanwhile (None: not every check ran)."""
        both = set(ran) == set(CommitmentCheck)
        if self._opened:  # else the checks asked for nothing kept
            for rel in self._placed:
                key = self.keys.get(rel)
                if key is not None and still_valid(self.root, rel, key, self._since):
                    self._remember(FileMemo.PLACES, rel, key, self._places[rel])
            for memo in self._memos.values():
                memo.save()
            if (
                both
                and self._snapshot is not None
                and (self._computed or self._dirty or self._old is None)
            ):
                self._save_snapshot(tree)
        if (
            outcome is not None
            and both
            and self.digest is not None
            and self._outcome is not None
            and all(self._unchanged.values())
        ):
            self._outcome.save((self.digest, outcome))

    def _save_snapshot(self, tree: Tree) -> None:
        assert self._snapshot is not None
        found, uncertain = {}, set()
        for c in tree.commitments.values():
            v = self._result.get(c.path)
            if (
                v is None
                and self.keys.get(c.path) is not None
                and self._cached(CommitmentCheck.REFERENCES, c) is not None
            ):
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


def _snapshot_codec() -> Codec:
    """How checks.msgpack holds what the checks found, and the state of the files then."""
    return fields_codec(
        config=str | None,
        files=dict[str, ContentKey | None],
        letters=dict[str, tuple[str, bool, ContentKey] | None],
        reply_ids=dict[str, str],
        found=dict[str, tuple[tuple[tuple[int, str], ...], tuple[int, ...]]],
        uncertain=set[str],
    )


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
