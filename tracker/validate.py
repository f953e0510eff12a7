"""Checks of a loaded tree: a tuple of pure functions, each returning problems.

A check computes what it finds through `Sources.memo` (tracker.cache.checks), which keeps the
values of a run for the next one or keeps nothing; the check is the same either way.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from tracker import text as tx
from tracker.cache import loading
from tracker.cache.checks import (
    CheckMemo,
    CommitmentCheck,
    LetterFacts,
    Memo,
    Missing,
    NoMemo,
    QuoteLines,
    References,
)
from tracker.issuers import Config, load_config, same_issuer_line
from tracker.model import Commitment, LetterError, Level, Problem, Reply, SectionKind
from tracker.quotecheck import Letters, line_problems, missing_message
from tracker.resolve import copy_hint
from tracker.schema import COMMITMENT_NUMBER
from tracker.store import SEEDS_DIR, Tree, locator, locator_of, outside_link, stamp_of

# Line and column of a key path in one file (store.locator), on the key itself or its value.
Locate = Callable[[tuple[str | int, ...], bool], tuple[int | None, int | None]]


@dataclass
class _Composed:
    """The file last composed (see _at): its path, its stat stamp, and its locator."""

    path: str = ""
    stamp: tuple[int, ...] = ()
    locate: Locate | None = None


@dataclass
class Sources:
    """The letters under seeds/ as the checks read them (each read once, folded for comparison
    lazily), and where a key path is in a tree file.

    `memo` keeps what the checks compute (tracker.cache.checks.CheckMemo) or nothing at all
    (NoMemo, the default): the checks are the same pure functions either way.
    """

    root: Path
    memo: Memo = field(default_factory=NoMemo)
    composed: dict[str, Any] = field(default_factory=dict)  # Tree.composed
    _folded: dict[str, str | None] = field(default_factory=dict)
    _facts: dict[str, LetterFacts | None] = field(default_factory=dict)
    _paths: dict[str, str | None] = field(default_factory=dict)
    _places: dict[str, dict[str, tuple[int | None, int | None]]] = field(default_factory=dict)
    _dirs: dict[str, str] = field(default_factory=dict)
    _root: str | None = None
    _quotes: Letters | None = None  # the letters as tracker.quotecheck reads them
    _last: _Composed = field(default_factory=_Composed)  # see _at

    def quote_letters(self) -> Letters:
        """The letters as tracker.quotecheck reads them: raw text, read once each."""
        if self._quotes is None:
            self._quotes = Letters(self._raw_text)
        return self._quotes

    def _raw_text(self, rel: str) -> str | None:
        p = self.path(rel)
        if p is None:
            return None
        try:
            with open(p, "rb") as f:
                return f.read().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return None

    def folded(self, rel: str) -> str | None:
        """A letter's text folded for comparison (None: not a readable file in the tree)."""
        if rel not in self._folded:
            p = self.path(rel)
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
        """A letter's sha256 (None: not a readable file in the tree)."""
        facts = self._letter_facts(rel)
        return facts[0] if facts else None

    def line_count(self, rel: str) -> int | None:
        """A letter's number of lines (None: not a readable UTF-8 file in the tree)."""
        facts = self._letter_facts(rel)
        return facts[1] if facts else None

    def _letter_facts(self, rel: str) -> LetterFacts | None:
        if rel not in self._facts:
            self._facts[rel] = self.memo.letter_facts(rel, lambda: letter_facts(self.path(rel)))
        return self._facts[rel]

    def items(self, rel: str) -> tuple[tuple[int, int], ...] | None:
        """The next-step items the letter at `rel` holds today (see letter_items)."""
        return self.memo.items(rel, lambda: letter_items(self.path(rel), rel))

    def path(self, rel: str) -> str | None:
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

    def place(self, rel: str, keys: tuple[str | int, ...]) -> tuple[int | None, int | None]:
        """Line and column of a key path in a tree file: known from an earlier run while the
        file is unchanged (see Memo.places), else by composing the file once (see _at)."""
        places = self._places.get(rel)
        if places is None:
            places = self._places[rel] = self.memo.places(rel)
        name = "\x1f".join(f"{k}" if isinstance(k, str) else f"#{k}" for k in keys)
        at = places.get(name)
        if at is None:
            at = places[name] = _at(self.root, rel, keys, self._last, self.composed)
            self.memo.placed(rel)
        return at


Check = Callable[[Tree, Sources], Iterable[Problem]]


# --- what a check computes, as pure functions of their inputs ---------------------------------


def letter_facts(path: str | None) -> LetterFacts | None:
    """sha256 and line count of the letter at `path` (None: no such file or not readable)."""
    if path is None:
        return None
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return None
    try:
        lines: int | None = len(data.decode("utf-8-sig").splitlines())
    except UnicodeDecodeError:
        lines = None
    return (hashlib.sha256(data).hexdigest(), lines)


def letter_items(path: str | None, rel: str) -> tuple[tuple[int, int], ...] | None:
    """The next-step items the letter at `path` holds (line ranges), read again with the
    importer's reader; None when the letter cannot be read."""
    if path is None:
        return None
    from tracker.extract import parse_letter  # layer 3; only for letters that look cut short

    try:
        with open(path, "rb") as f:
            data = f.read()
        letter = parse_letter(data.decode("utf-8-sig"), source_path=rel, sha256="")
    except (OSError, UnicodeDecodeError, LetterError):
        return None
    return tuple(c.lines or (0, 0) for c in letter.commitments)


def reference_findings(
    c: Commitment, own: Reply, replies: dict[str, Reply], config: Callable[[], Config]
) -> References:
    """What is wrong with each evidence entry's reply: (entry, "missing" | "own" | "issuer" |
    "date"). `own`: the commitment's reply; `config`: tracker.yaml, read when first needed."""
    found: list[tuple[int, str]] = []
    for i, later in enumerate(replies.get(e.reply) for e in c.evidence):
        if later is None:
            found.append((i, "missing"))
        elif later.id == own.id:
            found.append((i, "own"))
        else:
            if not same_issuer_line(own, later, config()):
                found.append((i, "issuer"))
            if own.date and later.date and later.date <= own.date:
                found.append((i, "date"))
    return tuple(found)


def missing_quotes(
    c: Commitment, letters: list[str | None], folded: Callable[[str], str | None]
) -> Missing:
    """Which of a commitment's texts do not occur in their letter: -1 for its text (in
    letters[0]), i for evidence entry i's quote (in letters[i + 1]). A letter that cannot be
    read (folded gives None) is not judged."""
    missing: list[int] = []
    own = folded(letters[0]) if letters[0] else None
    if own is not None and not tx.occurs_in(c.text, own):
        missing.append(-1)
    for i, e in enumerate(c.evidence):
        rel = letters[i + 1]
        lf = folded(rel) if rel else None
        if lf is not None and not tx.occurs_in(e.quote, lf):
            missing.append(i)
    return tuple(missing)


def quote_line_findings(c: Commitment, replies: dict[str, Reply], letters: Letters) -> QuoteLines:
    """(entry, message, hint) for each evidence entry whose line is not a line of its quote."""
    return tuple(line_problems(c, replies, letters))


def _at(
    root: Path,
    rel: str,
    keys: tuple[str | int, ...],
    last: _Composed,
    composed: dict[str, Any],
    on_key: bool = False,
) -> tuple[int | None, int | None]:
    """Line and column of a key path in a file, as store.locate() finds them.

    `last`: the file last composed, with its stamp and locator: a file with N problems
    (10,000 evidence entries whose quotes are not in the letter) is composed once, not N times;
    `composed`: the node trees reading kept (Tree.composed), so such a file read in this run is
    not composed a second time."""
    path = os.path.join(root, rel)
    try:
        stamp = stamp_of(os.stat(path))
    except OSError:
        return None, None
    locate = last.locate
    if locate is None or last.path != path or last.stamp != stamp:
        kept = composed.get(rel)
        find = locator_of(kept[1]) if kept is not None and kept[0] == stamp else None
        locate = find or locator(Path(path))
        last.path, last.stamp, last.locate = path, stamp, locate
    return locate(keys, on_key)


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

    config: list[Config] = []  # tracker.yaml, read when an evidence entry first needs it

    def config_once() -> Config:
        if not config:
            config.append(load_config(tree.root))
        return config[0]

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
        found = sources.memo.references(
            c, partial(reference_findings, c, own, tree.replies, config_once)
        )
        if not found:
            continue
        laters = [tree.replies.get(e.reply) for e in c.evidence]
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
    for c in tree.commitments.values():
        own = tree.replies.get(c.reply)
        if own is None or not own.source.path:
            continue
        letters = [own.source.path] + [
            (later.source.path if later else None)
            for later in (tree.replies.get(e.reply) for e in c.evidence)
        ]
        missing = sources.memo.fidelity(
            c, letters, partial(missing_quotes, c, letters, sources.folded)
        )
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
        items = sources.items(r.source.path)
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
    """Each evidence entry's line is a line of its quote (tracker.quotecheck)."""
    letters = sources.quote_letters()
    for c in tree.commitments.values():
        if not c.evidence:
            continue
        found = sources.memo.quote_lines(
            c, tree.replies, partial(quote_line_findings, c, tree.replies, letters)
        )
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


def validate(
    tree: Tree, checks: tuple[Check, ...] = CHECKS, *, memo: Memo | None = None
) -> list[Problem]:
    """Every problem of the tree (reading problems included), sorted by path and line.

    `memo`: where the checks' values are kept; by default the tree's cache when its files are
    keyed (tracker.cache.checks.CheckMemo), else nowhere (NoMemo)."""
    # the checks make tens of thousands of objects while a whole tree is alive: without the
    # collector, which would walk every record again for nothing (see cache.loading)
    with loading():
        if memo is None:
            memo = CheckMemo(tree.root, tree.keys, SEEDS_DIR) if tree.keys else NoMemo()
        sources = Sources(tree.root, memo, composed=tree.composed)
        memo.open(tree, sources.path)
        whole = checks == CHECKS
        found = memo.outcome() if whole else None
        if found is None:
            found = [p for check in checks for p in check(tree, sources)]
            ran = [kind for kind, check in _PER_COMMITMENT.items() if check in checks]
            memo.finish(tree, ran, found if whole else None)
        return sorted(set(tree.problems) | set(found), key=lambda p: (*p.sort_key, p.message))


# The checks whose findings the memo keeps per commitment.
_PER_COMMITMENT: dict[CommitmentCheck, Check] = {
    CommitmentCheck.REFERENCES: check_references,
    CommitmentCheck.FIDELITY: check_fidelity,
}
