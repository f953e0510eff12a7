"""Checks of a loaded tree: a tuple of pure functions, each returning problems."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tracker import text as tx
from tracker.model import Level, Problem
from tracker.schema import COMMITMENT_NUMBER
from tracker.store import SEEDS_DIR, Tree, locate, sha256_file


@dataclass
class Sources:
    """Letters under seeds/, read once and folded for comparison (lazily)."""

    root: Path
    _folded: dict[str, str | None] = field(default_factory=dict)
    _sha: dict[str, str | None] = field(default_factory=dict)

    def folded(self, rel: str) -> str | None:
        if rel not in self._folded:
            p = self._path(rel)
            try:
                self._folded[rel] = tx.fold(p.read_bytes().decode("utf-8-sig")) if p else None
            except (OSError, UnicodeDecodeError):
                self._folded[rel] = None
        return self._folded[rel]

    def sha256(self, rel: str) -> str | None:
        if rel not in self._sha:
            p = self._path(rel)
            self._sha[rel] = sha256_file(p) if p and p.is_file() else None
        return self._sha[rel]

    def _path(self, rel: str) -> Path | None:
        p = (self.root / rel).resolve()
        if not p.is_relative_to(self.root.resolve()) or not p.is_file():
            return None
        return p


Check = Callable[[Tree, Sources], Iterable[Problem]]


def _at(tree: Tree, rel: str, keys: tuple[str | int, ...], on_key: bool = False) -> tuple[int | None, int | None]:
    return locate(tree.root / rel, keys, on_key)


def _err(tree: Tree, rel: str, keys: tuple[str | int, ...], msg: str, hint: str | None = None,
         level: Level = Level.ERROR) -> Problem:
    line, col = _at(tree, rel, keys)
    return Problem(rel, line, col, level, msg, hint)


def check_ids_match_paths(tree: Tree, sources: Sources) -> Iterable[Problem]:
    """A reply's id is its folder's name; a commitment's id is <reply>/<file name>."""
    for r in tree.replies.values():
        for rel in tree.reply_paths.get(r.id, [r.path]):
            folder = rel.split("/")[-2] if rel.count("/") >= 2 else ""
            if folder != r.id:
                yield _err(tree, rel, ("id",), f"id '{r.id}' does not match its folder '{folder}'",
                           f"rename the folder to commitments/{r.id}/ or set id: {folder}")
    for c in tree.commitments.values():
        for rel in tree.commitment_paths.get(c.id, [c.path]):
            parts = rel.split("/")
            expected = f"{parts[-2]}/{parts[-1].rsplit('.', 1)[0]}" if len(parts) >= 3 else rel
            if c.id != expected:
                yield _err(tree, rel, ("id",), f"id '{c.id}' does not match its path (expected '{expected}')",
                           f"set id: {expected}")
            elif not COMMITMENT_NUMBER.match(parts[-1].rsplit(".", 1)[0]):
                yield _err(tree, rel, ("id",), f"commitment file name '{parts[-1]}' is not a number",
                           "name commitment files 01.yaml, 02.yaml, ...")
            if c.reply != parts[-2]:
                yield _err(tree, rel, ("reply",), f"reply '{c.reply}' is not the folder it sits in ('{parts[-2]}')",
                           f"set reply: {parts[-2]}")


def check_unique_ids(tree: Tree, sources: Sources) -> Iterable[Problem]:
    """No two files claim the same id."""
    for kind, paths in (("reply", tree.reply_paths), ("commitment", tree.commitment_paths)):
        for rid, rels in paths.items():
            for rel in rels[1:]:
                yield _err(tree, rel, ("id",), f"duplicate {kind} id '{rid}' (also in {rels[0]})",
                           "give each file its own id")


def check_references(tree: Tree, sources: Sources) -> Iterable[Problem]:
    """Every commitment's reply exists; evidence points at a later reply of the same issuer."""
    from tracker.issuers import same_issuer_line

    config = tree.root
    for c in tree.commitments.values():
        own = tree.replies.get(c.reply)
        if own is None:
            if c.reply in tree.reply_paths or not c.reply:
                continue
            yield _err(tree, c.path, ("reply",), f"reply '{c.reply}' does not exist",
                       f"import its letter, or create commitments/{c.reply}/reply.yaml")
            continue
        for i, e in enumerate(c.evidence):
            later = tree.replies.get(e.reply)
            keys: tuple[str | int, ...] = ("evidence", i, "reply")
            if later is None:
                yield _err(tree, c.path, keys, f"evidence points at reply '{e.reply}', which does not exist",
                           "import that letter or remove the entry")
                continue
            if later.id == own.id:
                yield _err(tree, c.path, keys, "evidence quotes the commitment's own letter",
                           "evidence must come from a later letter")
                continue
            if not same_issuer_line(own, later, config):
                yield _err(tree, c.path, keys,
                           f"evidence comes from another issuer ({later.effective_issuer} ≠ {own.effective_issuer})",
                           "declare a succession in tracker.yaml if the bureau was renamed")
            if own.date and later.date and later.date <= own.date:
                yield _err(tree, c.path, keys,
                           f"evidence letter {later.id} ({later.date}) is not later than {own.id} ({own.date})",
                           "evidence must come from a later letter")


def check_fidelity(tree: Tree, sources: Sources) -> Iterable[Problem]:
    """Texts and quotes occur in their letters; letters are unchanged since import."""
    for r in tree.replies.values():
        if not r.source.path:
            continue
        if not r.source.path.startswith(f"{SEEDS_DIR}/"):
            yield _err(tree, r.path, ("source", "path"), f"source '{r.source.path}' is not under {SEEDS_DIR}/",
                       f"keep letters under {SEEDS_DIR}/ so they are under version control",
                       Level.WARNING)
        sha = sources.sha256(r.source.path)
        if sha is None:
            yield _err(tree, r.path, ("source", "path"), f"source letter '{r.source.path}' is missing",
                       "restore the letter, or import it again")
        elif sha != r.source.sha256:
            yield _err(tree, r.path, ("source", "sha256"), f"the letter {r.source.path} changed since import",
                       f"review the change, then run `tracker import {r.source.path} --update`",
                       Level.WARNING)
        lines = _line_count(tree.root / r.source.path) if sha else None
        for i, s in enumerate(r.sections):
            if lines is not None and s.end > lines:
                yield _err(tree, r.path, ("sections", i, "lines"),
                           f"section lines {s.start}-{s.end} run past the letter's end (line {lines})",
                           f"run `tracker import {r.source.path} --update`")
    for c in tree.commitments.values():
        own = tree.replies.get(c.reply)
        if own is None or not own.source.path:
            continue
        folded = sources.folded(own.source.path)
        if folded is not None and not tx.occurs_in(c.text, folded):
            yield _err(tree, c.path, ("text",), f"text does not occur in its letter {own.source.path}",
                       "restore the text as printed; put remarks in status_note")
        for i, e in enumerate(c.evidence):
            later = tree.replies.get(e.reply)
            if later is None or not later.source.path:
                continue
            lf = sources.folded(later.source.path)
            if lf is not None and not tx.occurs_in(e.quote, lf):
                yield _err(tree, c.path, ("evidence", i, "quote"),
                           f"quote does not occur in letter {later.source.path}",
                           "quote the later letter verbatim")


def _line_count(path: Path) -> int | None:
    try:
        return len(path.read_bytes().decode("utf-8-sig").splitlines())
    except (OSError, UnicodeDecodeError):
        return None


CHECKS: tuple[Check, ...] = (
    check_ids_match_paths,
    check_unique_ids,
    check_references,
    check_fidelity,
)


def validate(tree: Tree, checks: tuple[Check, ...] = CHECKS) -> list[Problem]:
    """Every problem of the tree (reading problems included), sorted by path and line."""
    sources = Sources(tree.root)
    problems = list(tree.problems)
    for check in checks:
        problems.extend(check(tree, sources))
    return sorted(set(problems), key=lambda p: (*p.sort_key, p.message))
