"""The import workflow: letter files read, checked against the tree, and written into it.

`tracker import` parses its options, calls run_import() and shows the outcomes; the evaluation
(bench/eval_followup.py) calls run_import() directly. A file that fails leaves the others be.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.model import Data, Letter, Reply, TrackerError, UsageError
from tracker.text import key

if TYPE_CHECKING:
    from tracker.store import WriteReport

LETTER_SUFFIXES = (".txt", ".text", ".html", ".htm", ".shtml", ".xhtml")


class ImportState(StrEnum):
    """What importing one file did (or, with --dry-run, would do)."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    WOULD_CREATE = "would create"
    WOULD_UPDATE = "would update"
    FAILED = "failed"

    @property
    def dry(self) -> ImportState:
        """The state a dry run reports for this one."""
        return _DRY.get(self, self)


_DRY = {
    ImportState.CREATED: ImportState.WOULD_CREATE,
    ImportState.UPDATED: ImportState.WOULD_UPDATE,
}


@dataclass
class Outcome:
    """What importing one file came to (the state is FAILED until the letter is written)."""

    file: str
    letter: Letter | None = None
    error: TrackerError | None = None
    state: ImportState = ImportState.FAILED
    report: WriteReport | None = None


def letter_files(paths: list[Path]) -> list[Path]:
    """The files named, with folders replaced by the letter files they hold (sorted)."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(
                sorted(
                    f for f in p.iterdir() if f.is_file() and f.suffix.lower() in LETTER_SUFFIXES
                )
            )
        else:
            out.append(p)
    return out


def known_replies(root: Path) -> list[Reply]:
    """The replies already in the tree (their reply.yaml files only)."""
    # start-up: the CLI imports this module; store loads the YAML layer
    from tracker import store

    files = [p for p in store.tree_files(root) if p.name == "reply.yaml"]
    return list(store.load_tree(root, files).replies.values()) if files else []


def _same_letter(old: Reply, new: Reply) -> bool:

    def same(a: str | None, b: str | None) -> bool:
        return a is None or b is None or key(a) == key(b)

    return (
        same(old.number, new.number) and same(old.kind, new.kind) and same(old.session, new.session)
    )


def _write(root: Path, letter: Letter, *, update: bool, dry_run: bool = False) -> WriteReport:
    # start-up: the CLI imports this module; store loads the YAML layer
    from tracker import store

    reply = letter.reply
    letter_text = None
    refreshed = False
    if (
        reply.source.origin is not None
    ):  # the letter came from outside seeds/: keep its decoded text there
        src = root / reply.source.path
        store.check_inside(root, src)
        data = letter.text.encode("utf-8")
        if not src.exists():
            letter_text = letter.text
        elif src.read_bytes() != data:
            if not update:
                raise TrackerError(
                    f"{reply.source.path} exists and holds another text of this letter",
                    "pass --update to replace it with this copy",
                )
            if not dry_run:
                store.atomic_write(src, data)
            refreshed = True
    report = store.write_reply(
        root, reply, letter.commitments, update=update, letter_text=letter_text, dry_run=dry_run
    )
    if refreshed:
        report.updated.insert(0, reply.source.path)
    return report


def run_import(
    root: Path,
    files: list[Path],
    *,
    update: bool = False,
    dry_run: bool = False,
    encoding: str | None = None,
    step: Callable[[], None] | None = None,
    as_letter: bool = False,
) -> list[Outcome]:
    """Read each file and write its letter into the tree; a file that fails leaves the others be.

    `as_letter` reads a page the reader would refuse as not a reply letter as one all the same
    (its `review:` says what the page was taken for)."""
    # start-up: the CLI imports this module; the readers and store load on import
    from tracker import extract, store
    from tracker.deadlines import with_deadlines

    existing = {r.id: r for r in known_replies(root)}
    known = list(existing.values())
    seen: dict[str, str] = {}
    outcomes: list[Outcome] = []
    lock: contextlib.AbstractContextManager[None] = (
        contextlib.nullcontext() if dry_run else store.tree_lock(root)
    )
    with lock:
        for path in files:
            out = Outcome(path.as_posix())
            try:
                if Path(os.path.abspath(path)).is_relative_to(root):
                    store.check_inside(root, path, "read")  # a letter of the tree, through a link
                letter = extract.read_letter(
                    path, encoding=encoding, root=root, known=known, as_letter=as_letter
                )
                letter = with_deadlines(letter)  # due and due_text from the item's own words
                out.letter = letter
                rid = letter.reply.id
                if rid in seen:
                    raise TrackerError(
                        f"{out.file}: the same letter as {seen[rid]} (reply {rid})",
                        "give each letter once",
                    )
                seen[rid] = out.file
                old = existing.get(rid)
                if old is not None:
                    if not _same_letter(old, letter.reply):
                        raise TrackerError(
                            f"{out.file}: its id {rid} is taken by another letter "
                            f"(commitments/{rid}/, from {old.source.path})",
                            "check the letter's number and session; rename one folder by hand if both are right",
                        )
                    if not update:
                        copy = (
                            ""
                            if old.source.path == letter.reply.source.path
                            else f" (from {old.source.path}; this file is another copy of it)"
                        )
                        folder = root / store.COMMITMENTS_DIR / rid
                        have = sum(
                            1 for c in letter.commitments if (folder / f"{c.number}.yaml").exists()
                        )
                        if have < len(letter.commitments):  # what an unfinished import left
                            raise TrackerError(
                                f"{out.file}: already in the tree as commitments/{rid}/{copy}, "
                                f"but with {have} of its {len(letter.commitments)} items",
                                f"run `tracker import {out.file} --update` to write the missing ones",
                            )
                        raise TrackerError(
                            f"{out.file}: already in the tree as commitments/{rid}/{copy}",
                            f"run `tracker import {out.file} --update` to refresh it",
                        )
                elif (root / store.COMMITMENTS_DIR / rid / "reply.yaml").exists() and not update:
                    raise TrackerError(
                        f"{out.file}: commitments/{rid}/reply.yaml exists",
                        f"run `tracker import {out.file} --update` to refresh it",
                    )
                out.report = _write(root, letter, update=update, dry_run=dry_run)
                r = out.report
                out.state = (
                    ImportState.CREATED
                    if r.created and not r.updated and old is None
                    else (ImportState.UPDATED if r.created or r.updated else ImportState.UNCHANGED)
                )
                if dry_run:
                    out.state = out.state.dry
                existing[rid] = letter.reply
                known.append(letter.reply)
            except UsageError:
                raise
            except TrackerError as e:
                out.error = e
                out.state = ImportState.FAILED
            outcomes.append(out)
            if step is not None:
                step()
    return outcomes


# --- the result as plain data (import --json) -----------------------------------------------------


def letter_data(letter: Letter) -> dict[str, Data]:
    """A parsed letter as plain data: facts, sections with headings and lines, commitments, warnings."""
    # start-up: the CLI imports this module; schema loads only to write
    from tracker.schema import reply_to_data

    reply = reply_to_data(letter.reply)
    for k in ("reply_date", "published"):
        if isinstance(day := reply.get(k), date):
            reply[k] = day.isoformat()
    return {
        "reply": reply,
        "commitments": [
            {"id": c.id, "area": c.area, "text": c.text, "lines": list(c.lines or ())}
            for c in letter.commitments
        ],
        "warnings": list(letter.warnings),
    }


def outcome_data(o: Outcome) -> dict[str, Data]:
    """One file's result as plain data."""
    d: dict[str, Data] = {"file": o.file, "state": o.state.value}
    if o.error is not None:
        d["error"] = {"message": o.error.message, "hint": o.error.hint}
    if o.letter is not None:
        d["letter"] = letter_data(o.letter)
    if o.report is not None:
        written: dict[str, Data] = {
            "created": [*o.report.created],
            "updated": [*o.report.updated],
            "unchanged": [*o.report.unchanged],
        }
        d["written"] = written
    return d
