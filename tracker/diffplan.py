"""The diff plan: which commitments to check, against which later letters, and the proposals
recorded. `tracker diff` parses its options, calls run() and shows what it returns.

Layer 5: a workflow over the matcher (tracker.match), the store and the id rules
(tracker.resolve).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from json.encoder import encode_basestring  # the C string encoder of json.dumps(ensure_ascii=False)
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker import store
from tracker.issuers import issuer_key, load_config
from tracker.match import Options, issuer_line, later_letter, match
from tracker.model import (
    EVIDENCE_VERDICTS,
    Commitment,
    Reply,
    Status,
    TrackerError,
    UsageError,
    Verdict,
)
from tracker.resolve import Want, resolve
from tracker.schema import evidence_to_data

if TYPE_CHECKING:
    from tracker.issuers import Config
    from tracker.match import Diff, LaterLetter
    from tracker.store import Tree


@dataclass(frozen=True)
class Request:
    """What `tracker diff` was asked: the selection, the letters to check against, the filters,
    the lowest score, and whether to write. `options` are the matcher's (the command leaves
    them at their defaults; `min_score`, when given, replaces theirs)."""

    selection: tuple[str, ...] = ()
    against: tuple[str, ...] = ()
    issuer: str | None = None
    year: int | None = None
    min_score: float | None = None
    write: bool = False
    set_status: bool = False
    options: Options = field(default_factory=Options)


@dataclass
class Run:
    """What a diff found, for the commitments selected, and what it wrote (None: not asked)."""

    result: Diff
    commitments: list[Commitment]
    written: WriteResult | None


def run(
    tree: Tree, request: Request, *, lang: str = "en", warn: Callable[[str], None] = lambda w: None
) -> Run:
    """Select, plan, match, and (with request.write) record: the whole of `tracker diff`.

    `warn` is told each letter that has to be left out, as soon as it is known.
    """

    if not tree.commitments:
        raise TrackerError(
            f"no commitments in {tree.root / store.COMMITMENTS_DIR}",
            "import letters first: tracker import seeds/*.txt",
        )
    config = load_config(tree.root)
    items = select(
        tree, list(request.selection), config, issuer=request.issuer, year=request.year, lang=lang
    )
    if not items:
        raise UsageError(
            "no commitment matches the selection",
            "check --issuer and --year; `tracker status` lists the commitments",
        )
    p = plan(tree, items, list(request.against))
    for w in p.warnings:
        warn(w)
    options = request.options
    if request.min_score is not None:
        options = replace(options, min_score=request.min_score)
    # every commitment of the selected issuers takes part, so that a later letter's items
    # listed as new continue none of them (not merely none of the selection); only the
    # selection's findings are shown and written
    pool = _issuer_pool(tree, items, config)
    result = match(
        pool,
        tree.replies | {lt.reply.id: lt.reply for lt in p.letters},
        p.letters,
        config=config,
        options=options,
        against=p.against,
        report={c.id for c in items} if len(pool) != len(items) else None,
    )
    if len(pool) != len(items):
        wanted = {c.id for c in items}
        result = replace(
            result, findings=tuple(f for f in result.findings if f.commitment in wanted)
        )
    written = record(tree, p, result, set_status=request.set_status) if request.write else None
    return Run(result, items, written)


# --- what to compare -----------------------------------------------------------------------------


@dataclass
class Plan:
    """The commitments to check, the letters to check them against, and where each came from."""

    commitments: list[Commitment]
    letters: list[LaterLetter]
    against: set[str] | None = None  # reply ids named with --against
    to_import: list[Any] = field(default_factory=list)  # letters read from files, not in the tree
    warnings: list[str] = field(default_factory=list)


def select(
    tree: Tree,
    tokens: list[str],
    config: Config,
    *,
    issuer: str | None = None,
    year: int | None = None,
    lang: str = "en",
) -> list[Commitment]:
    """The commitments named by reply ids, commitment ids or unique prefixes, then filtered."""
    items = list(tree.commitments.values())
    if tokens:
        chosen: dict[str, Commitment] = {}
        for token in tokens:
            for c in _resolve(tree, token, lang):
                chosen[c.id] = c
        items = sorted(chosen.values(), key=lambda c: c.id)
    if issuer:
        items = [c for c in items if _issuer_matches(tree.replies.get(c.reply), issuer, config)]
    if year:
        items = [
            c for c in items if (r := tree.replies.get(c.reply)) and r.date and r.date.year == year
        ]
    return items


def _issuer_pool(tree: Tree, items: list[Commitment], config: Config) -> list[Commitment]:
    """Every commitment of the issuer lines the selected ones belong to (the selection itself
    when it already holds them all)."""

    if len(items) == len(tree.commitments):
        return items

    def line(c: Commitment) -> str | None:
        r = tree.replies.get(c.reply)
        return issuer_line(r, config) if r is not None else None

    lines = {line(c) for c in items} - {None}
    chosen = {c.id for c in items}
    return [c for c in tree.commitments.values() if c.id in chosen or line(c) in lines]


def _resolve(tree: Tree, token: str, lang: str = "en") -> list[Commitment]:

    ids = resolve(token, tree.commitments, tree.replies, Want.COMMITMENTS, lang=lang)
    return [tree.commitments[i] for i in ids]


def _issuer_matches(reply: Reply | None, name: str, config: Config) -> bool:

    if reply is None or not reply.effective_issuer:
        return False
    mine = reply.effective_issuer
    return config.line_of(name) == config.line_of(mine) or issuer_key(name) in issuer_key(mine)


def read_text(root: Path, reply: Reply, *, resolved: Path | None = None) -> str | None:
    """The text of a reply's letter file, or None when it cannot be read.

    `resolved`: `root.resolve()`, when the caller reads many letters (resolving costs a system
    call per part of the path)."""
    if not reply.source.path:
        return None
    base = resolved if resolved is not None else root.resolve()
    path = (root / reply.source.path).resolve()
    if not path.is_relative_to(base) or not path.is_file():
        return None
    try:
        return path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None


def tree_letters(tree: Tree, warnings: list[str]) -> dict[str, LaterLetter]:
    """Every reply of the tree whose letter file reads, as a letter to match against."""

    items: dict[str, list[Commitment]] = {}
    for c in tree.commitments.values():
        items.setdefault(c.reply, []).append(c)
    out: dict[str, LaterLetter] = {}
    resolved = tree.root.resolve()
    for rid in sorted(tree.replies):
        r = tree.replies[rid]
        text = read_text(tree.root, r, resolved=resolved)
        if text is None:
            warnings.append(
                f"{r.path}: letter {r.source.path or '(none)'} cannot be read; left out "
                "(run `tracker validate`)"
            )
            continue
        if not r.sections:
            warnings.append(
                f"{r.path}: no sections recorded; its letter says nothing the diff can "
                f"read (run `tracker import {r.source.path} --update`)"
            )
        out[rid] = later_letter(r, text, sorted(items.get(rid, ()), key=lambda c: c.id))
    return out


def plan(tree: Tree, commitments: list[Commitment], against: list[str]) -> Plan:
    """The letters to compare with: the tree's, plus any --against letter files read (not written)."""

    p = Plan(commitments, [])
    letters = tree_letters(tree, p.warnings)
    if against:
        p.against = set()
        for a in against:
            if a in tree.replies:
                p.against.add(a)
                continue
            path = Path(a)
            if not path.is_file():
                prefixed = sorted(r for r in tree.replies if r.startswith(a))
                if len(prefixed) == 1:
                    p.against.add(prefixed[0])
                    continue
                raise UsageError(
                    f"--against {a}: neither a reply id of the tree nor a letter file",
                    "give a reply id (see `tracker status`) or the path of a letter",
                )
            letter = _read_letter(path, tree)
            rid = letter.reply.id
            p.against.add(rid)
            if rid in tree.replies:
                continue  # this letter is already in the tree: use what is recorded
            p.to_import.append(letter)
            letters[rid] = later_letter(letter.reply, letter.text, letter.commitments)
    p.letters = [letters[k] for k in sorted(letters)]
    return p


def _read_letter(path: Path, tree: Tree) -> Any:
    try:
        # start-up: the letter readers (extract) load only when a letter is read
        from tracker import extract
    except ModuleNotFoundError as e:  # pragma: no cover - the importer ships with the package
        raise UsageError(
            f"--against {path}: reading letter files needs the importer",
            "import the letter with `tracker import` and give its reply id",
        ) from e
    return extract.read_letter(path, root=tree.root, known=tuple(tree.replies.values()))


# --- writing --------------------------------------------------------------------------------------


@dataclass
class WriteResult:
    imported: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # commitment files that changed
    moved: list[tuple[str, str]] = field(default_factory=list)  # (id, new status)


def record(tree: Tree, p: Plan, result: Diff, *, set_status: bool) -> WriteResult:
    """Import the --against letters not yet in the tree, then record the proposals.

    An entry already in the file (same reply and quote, confirmed or not) is never added again or
    changed. Only a pending status moves, and only with `set_status`.
    """

    out = WriteResult()
    by_id = {c.id: c for c in p.commitments}
    with store.tree_lock(tree.root):
        for letter in p.to_import:
            store.write_reply(
                tree.root, letter.reply, letter.commitments, update=False, letter_text=letter.text
            )
            out.imported.append(letter.reply.id)
        for f in result.findings:
            c = by_id[f.commitment]
            if (
                not f.evidence
                and not f.restated_in
                and not (set_status and f.verdict == Verdict.SILENT)
            ):
                continue
            # the file is read again under the lock: what a clerk wrote since is respected
            current, _ = store.load_file(tree.root, tree.root / c.path)
            if not isinstance(current, Commitment):
                raise TrackerError(
                    f"{c.path} does not read as a commitment; not updated",
                    "run `tracker validate` and fix it, then run the diff again",
                )
            entries = [
                evidence_to_data(e.evidence()) for e in f.evidence if e.verdict in EVIDENCE_VERDICTS
            ]
            status = None
            if set_status and current.status == Status.PENDING:
                status = f.verdict.status.value
            threads = [{"id": r.id, "weakened": list(r.weakened)} for r in f.restated_in]
            if not entries and status is None and not threads:
                continue
            changed = bool(entries or status) and store.record_evidence(
                tree.root, c, entries, status=status
            )
            if threads and store.record_restatements(tree.root, c, threads):
                changed = True
            if changed:
                out.files.append(c.path)
                if status is not None:
                    out.moved.append((c.id, status))
    return out


def to_json(result: Diff, commitments: list[Commitment]) -> dict[str, Any]:
    """The diff as data: one object per commitment, counts, and the later letters' new items."""
    texts = {c.id: c for c in commitments}
    return {
        "commitments": [
            {
                "id": f.commitment,
                "reply": texts[f.commitment].reply if f.commitment in texts else None,
                "text": texts[f.commitment].text if f.commitment in texts else None,
                "verdict": f.verdict.value,
                "label": f.verdict.label_zh,
                "checked": len(f.against),  # later letters compared with
                "evidence": [
                    {
                        "reply": e.reply,
                        "section": e.section.value,
                        "line": e.line,
                        "quote": e.quote,
                        "score": e.score,
                        "verdict": e.verdict.value,
                        "terms": list(e.terms),
                        "clause": e.clause or None,
                        "letter_date_from": e.date_from,
                    }
                    for e in f.evidence
                ],
                "restated_in": [
                    {"id": r.id, "weakened": list(r.weakened), "score": r.score}
                    for r in f.restated_in
                ],
            }
            for f in result.findings
        ],
        "counts": {v.value: n for v, n in result.counts().items()},
        "new": [
            {
                "id": c.id,
                "reply": c.reply,
                "area": c.area,
                "text": c.text,
                "lines": list(c.lines) if c.lines else None,
            }
            for c in result.new
        ],
    }


PIECES = 50_000  # strings gathered before they are handed on


def json_text(data: Any) -> str:
    """`data` as `json.dumps(data, ensure_ascii=False, indent=2)` writes it, byte for byte.

    Data write_json does not take (keys that are not strings, other types) goes to json.dumps
    itself, the reference a property test compares against.
    """
    parts: list[str] = []
    try:
        _write(data, "\n", parts, parts.append, PIECES)
    except _Unexpected:
        return json.dumps(data, ensure_ascii=False, indent=2)
    return "".join(parts)


def write_json(data: Any, emit: Callable[[str], None], *, pieces: int = PIECES) -> None:
    """Hand `data`, as `json.dumps(data, ensure_ascii=False, indent=2)` writes it, to `emit` in
    pieces of some hundred kilobytes (`pieces` strings gathered before each is handed on).

    The standard library writes indented JSON in pure Python and joins the whole text before it
    is printed: 1.7 s and one more copy of the output at bench size (10,000 findings). This writer
    uses the same C string encoder in about half the time and never holds the whole text. It takes
    what to_json makes: dicts with string keys, lists, strings, numbers, booleans and None; for
    anything else it raises TypeError, as json.dumps does for what it cannot write.
    """
    out: list[str] = []
    try:
        _write(data, "\n", out, emit, pieces)
    except _Unexpected as e:
        raise TypeError(f"write_json takes plain JSON data, not {e}") from None
    emit("".join(out))


class _Unexpected(Exception):
    pass


def _write(o: Any, newline: str, out: list[str], emit: Callable[[str], None], pieces: int) -> None:
    """Append `o` indented below the line break `newline` (which carries the indent)."""
    if isinstance(o, str):
        out.append(encode_basestring(o))
    elif isinstance(o, dict):
        if not o:
            out.append("{}")
            return
        inner = newline + "  "
        sep = "{" + inner
        for k, v in o.items():
            if not isinstance(k, str):
                raise _Unexpected(f"a {type(k).__name__} key")
            out.append(sep)
            out.append(encode_basestring(k))
            out.append(": ")
            _write(v, inner, out, emit, pieces)
            sep = "," + inner
        out.append(newline + "}")
    elif isinstance(o, (list, tuple)):
        if not o:
            out.append("[]")
            return
        inner = newline + "  "
        sep = "[" + inner
        for v in o:
            out.append(sep)
            _write(v, inner, out, emit, pieces)
            sep = "," + inner
            if len(out) >= pieces:
                emit("".join(out))
                out.clear()
        out.append(newline + "]")
    elif o is None:
        out.append("null")
    elif o is True:
        out.append("true")
    elif o is False:
        out.append("false")
    elif type(o) is int:
        out.append(int.__repr__(o))
    elif type(o) is float:
        if math.isfinite(o):
            out.append(float.__repr__(o))
        else:
            out.append("NaN" if o != o else ("Infinity" if o > 0 else "-Infinity"))
    else:
        raise _Unexpected(f"a {type(o).__name__}")
