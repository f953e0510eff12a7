"""`tracker diff`: what the later letters of each bureau say about its commitments."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tracker.app import ROOT_HELP, app, console, find_root, read_tree, user_errors
from tracker.model import (
    EVIDENCE_VERDICTS,
    Commitment,
    Reply,
    Status,
    TrackerError,
    UsageError,
    Verdict,
)
from tracker.text import one_line

if TYPE_CHECKING:
    from rich.text import Text

    from tracker.issuers import Config
    from tracker.match import Diff, Finding, LaterLetter
    from tracker.store import Tree

VERDICT_STYLE = {
    Verdict.DONE: "green",
    Verdict.PROGRESS: "cyan",
    Verdict.REPEATED: "magenta",
    Verdict.SILENT: "red",
    Verdict.NO_LATER_LETTER: "yellow",
}


def _clean(value: str) -> str:
    """Text from a letter made safe for the terminal: white space folded, escape sequences,
    control codes and bidi overrides gone (text.one_line)."""
    return one_line(value)


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
) -> list[Commitment]:
    """The commitments named by reply ids, commitment ids or unique prefixes, then filtered."""
    items = list(tree.commitments.values())
    if tokens:
        chosen: dict[str, Commitment] = {}
        for token in tokens:
            for c in _resolve(tree, token):
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
    from tracker.match import issuer_line

    if len(items) == len(tree.commitments):
        return items

    def line(c: Commitment) -> str | None:
        r = tree.replies.get(c.reply)
        return issuer_line(r, config) if r is not None else None

    lines = {line(c) for c in items} - {None}
    chosen = {c.id for c in items}
    return [c for c in tree.commitments.values() if c.id in chosen or line(c) in lines]


def _resolve(tree: Tree, token: str) -> list[Commitment]:
    t = token.strip().rstrip("/")
    t = (
        t.removeprefix("commitments/")
        .removesuffix(".yaml")
        .removesuffix(".yml")
        .removesuffix("/reply")
    )
    if t in tree.commitments:
        return [tree.commitments[t]]
    if t in tree.replies:
        found = tree.commitments_of(t)
        if not found:
            raise UsageError(
                f"reply '{t}' has no commitments",
                "its letter has no next-steps items; check it against others with --against",
            )
        return found
    replies = sorted(
        {r for r in tree.replies if r.startswith(t)}
        | {c.reply for c in tree.commitments.values() if c.id.startswith(t)}
    )
    if "/" in t:
        hits = [c for c in tree.commitments.values() if c.id.startswith(t)]
        if len(hits) == 1:
            return hits
        if len(hits) > 1:
            raise UsageError(
                f"'{token}' matches {len(hits)} commitments: "
                + ", ".join(c.id for c in hits[:5])
                + (" ..." if len(hits) > 5 else ""),
                "give more of the id",
            )
    elif len(replies) == 1:
        return _resolve(tree, replies[0])
    elif len(replies) > 1:
        raise UsageError(
            f"'{token}' matches {len(replies)} replies: "
            + ", ".join(replies[:5])
            + (" ..." if len(replies) > 5 else ""),
            "give more of the id",
        )
    raise UsageError(
        f"no reply or commitment id starts with '{token}'",
        "ids look like gz-edu-2023-ta5020 or gz-edu-2023-ta5020/01; `tracker status` lists them",
    )


def _issuer_matches(reply: Reply | None, name: str, config: Config) -> bool:
    from tracker.issuers import issuer_key

    if reply is None or not reply.effective_issuer:
        return False
    mine = reply.effective_issuer
    return config.line_of(name) == config.line_of(mine) or issuer_key(name) in issuer_key(mine)


def read_text(root: Path, reply: Reply) -> str | None:
    """The text of a reply's letter file, or None when it cannot be read."""
    if not reply.source.path:
        return None
    path = (root / reply.source.path).resolve()
    if not path.is_relative_to(root.resolve()) or not path.is_file():
        return None
    try:
        return path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None


def tree_letters(tree: Tree, warnings: list[str]) -> dict[str, LaterLetter]:
    """Every reply of the tree whose letter file reads, as a letter to match against."""
    from tracker.match import later_letter

    items: dict[str, list[Commitment]] = {}
    for c in tree.commitments.values():
        items.setdefault(c.reply, []).append(c)
    out: dict[str, LaterLetter] = {}
    for rid in sorted(tree.replies):
        r = tree.replies[rid]
        text = read_text(tree.root, r)
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
    from tracker.match import later_letter

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
    from tracker import store
    from tracker.schema import evidence_to_data

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


# --- showing --------------------------------------------------------------------------------------


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


def highlighted(quote: str, terms: tuple[str, ...]) -> Text:
    """A quote with the words it shares with the commitment in bold."""
    from rich.text import Text

    from tracker import text as tx

    text = Text(_clean(quote))
    plain = text.plain
    folded = tx.key(plain)
    if len(folded) != len(plain):  # forms differ in length: fall back to verbatim matching
        folded = plain
    for term in terms:
        start = folded.find(term)
        while start >= 0:
            text.stylize("bold underline", start, start + len(term))
            start = folded.find(term, start + len(term))
    return text


def finding_block(f: Finding, c: Commitment | None, width: int) -> list[tuple[int, Text]]:
    """The lines shown for one commitment, each with its indent: id, verdict and first words;
    the best evidence with the shared words in bold; its source and score."""
    from rich.text import Text

    from tracker import text as tx

    label = f.verdict.label_zh
    head = Text()
    head.append(f.commitment, style="bold")
    head.append("  ")
    head.append(label, style=f"bold {VERDICT_STYLE[f.verdict]}")
    head.append("  ")
    used = tx.display_width(f.commitment) + tx.display_width(label) + 4
    if c is not None:
        head.append(tx.shorten(_clean(c.text), max(12, width - used)))
    lines = [(0, head)]
    if f.evidence:
        e = f.evidence[0]
        more = f" (+{len(f.evidence) - 1} more: --json)" if len(f.evidence) > 1 else ""
        lines.append((4, highlighted(e.quote, e.terms)))
        lines.append(
            (
                4,
                Text(
                    f"{e.reply}:{e.section.value}:{e.line}  score {e.score:.2f}{more}", style="dim"
                ),
            )
        )
    elif f.verdict == Verdict.SILENT:
        lines.append((4, Text(_silent_note(f.against), style="dim")))
    for r in f.restated_in:
        note = Text(f"再次承诺 promised again: {r.id}", style="magenta")
        if r.weakened:
            note.append(f"  弱化 weaker: {', '.join(r.weakened)}", style="bold magenta")
        lines.append((4, note))
    # no later letter: the label says it all, one line
    return lines


def _silent_note(against: tuple[str, ...]) -> str:
    shown = ", ".join(against[:3]) + (f" and {len(against) - 3} more" if len(against) > 3 else "")
    n = len(against)
    if n == 1:
        return f"the issuer's later letter says nothing on it: {shown}"
    return f"{n} later letters of the issuer say nothing on it: {shown}"


def _print(con: Any, indent: int, text: Text) -> None:
    """Print a text wrapped to the console, every line indented."""
    from rich.text import Text

    for line in text.wrap(con, max(20, con.width - indent)):
        out = Text(" " * indent)
        out.append_text(line)
        out.rstrip()
        con.print(out, soft_wrap=True)


def show(result: Diff, commitments: list[Commitment], width: int | None = None) -> None:
    """Print the diff: a block per commitment, the counts, then the later letters' new items."""
    from rich.text import Text

    from tracker import text as tx

    con = console(width=width)
    by_id = {c.id: c for c in commitments}
    gap = False
    for f in result.findings:
        block = finding_block(f, by_id.get(f.commitment), con.width)
        if (
            gap or len(block) > 1
        ):  # a blank line around blocks with evidence, none between one-liners
            con.print(Text(""))
        for indent, line in block:
            _print(con, indent, line)
        gap = len(block) > 1
    con.print(Text(""))
    counts = Text()
    total = len(result.findings)
    counts.append(f"{total} commitment{'s' if total != 1 else ''}: ")
    first = True
    for v, n in result.counts().items():
        if not first:
            counts.append(" · ")
        first = False
        counts.append(f"{v.label_zh} {n}", style=VERDICT_STYLE[v] if n else "dim")
    con.print(counts)
    if result.new:
        con.print(Text(""))
        con.print(Text(f"新承诺 new in the later letters ({len(result.new)}):", style="bold"))
        for c in result.new:
            line = Text("  + ", style="green")
            line.append(c.id)
            line.append("  ")
            line.append(tx.shorten(_clean(c.text), max(12, con.width - tx.display_width(c.id) - 6)))
            con.print(line)


# --- the command ----------------------------------------------------------------------------------


@app.command("diff")
def diff(
    selection: Annotated[
        list[str] | None,
        typer.Argument(
            help="Reply ids or commitment ids (unique prefixes are enough). Default: every commitment.",
            show_default=False,
            metavar="ID",
        ),
    ] = None,
    against: Annotated[
        list[str] | None,
        typer.Option(
            "--against",
            help="Check only against these replies, or letter files not yet imported "
            "(read, not written, unless --write). Repeat for several.",
            show_default=False,
            metavar="REPLY-ID|LETTER",
        ),
    ] = None,
    write: Annotated[
        bool,
        typer.Option(
            "--write",
            help="Record the proposals in each commitment's evidence (confirmed: false); "
            "import --against letters first.",
        ),
    ] = False,
    set_status: Annotated[
        bool,
        typer.Option(
            "--set-status",
            help="With --write, move pending commitments to the proposed status "
            "(a status a clerk set is never changed).",
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the findings as JSON.")] = False,
    min_score: Annotated[
        float | None,
        typer.Option(
            "--min-score",
            min=0.0,
            max=1.0,
            help="Lowest score a sentence needs to count as evidence (default 0.25).",
            show_default=False,
            metavar="X",
        ),
    ] = None,
    issuer: Annotated[
        str | None,
        typer.Option(
            "--issuer",
            metavar="NAME",
            help="Only commitments of this issuer (a name or part of one).",
        ),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year", metavar="YYYY", help="Only commitments of letters dated in this year."
        ),
    ] = None,
    root: Annotated[Path | None, typer.Option("--root", metavar="DIR", help=ROOT_HELP)] = None,
) -> None:
    """Check each commitment against the later letters of the same bureau and propose a verdict.

    Verdicts: done 已兑现, progress 推进中, repeated 重复承诺, silent 未提及, no-later-letter 待跟进.
    Each comes with the sentences of the later letter it rests on (reply:section:line, score).

    Example: tracker diff gz-edu-2023-ta5020 --write

    Example: tracker diff --against seeds/new-letter.txt --json
    """
    from dataclasses import replace

    from tracker import store
    from tracker.issuers import load_config
    from tracker.match import Options, match

    with user_errors():
        if set_status and not write:
            raise UsageError("--set-status needs --write", "run again with --write --set-status")
        tree_root = find_root(root)
        tree = read_tree(tree_root)
        if not tree.commitments:
            raise TrackerError(
                f"no commitments in {tree_root / store.COMMITMENTS_DIR}",
                "import letters first: tracker import seeds/*.txt",
            )
        config = load_config(tree_root)
        items = select(tree, selection or [], config, issuer=issuer, year=year)
        if not items:
            raise UsageError(
                "no commitment matches the selection",
                "check --issuer and --year; `tracker status` lists the commitments",
            )
        p = plan(tree, items, against or [])
        for w in p.warnings:
            print(f"warning: {w}", file=sys.stderr)
        options = Options() if min_score is None else replace(Options(), min_score=min_score)
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
        written = record(tree, p, result, set_status=set_status) if write else None
        if as_json:
            typer.echo(json.dumps(to_json(result, items), ensure_ascii=False, indent=2))
        else:
            show(result, items)
        if written is not None:
            for rid in written.imported:
                print(f"imported {rid}", file=sys.stderr)
            moved = f", {len(written.moved)} statuses moved" if written.moved else ""
            print(
                f"recorded proposals in {len(written.files)} file"
                f"{'s' if len(written.files) != 1 else ''}{moved}"
                + (" (nothing new)" if not written.files and not written.imported else ""),
                file=sys.stderr,
            )
