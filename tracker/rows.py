"""The status row: what `tracker status`, its JSON and CSV, and the digest show of a commitment.

One module owns the row (`Row`), the summary records a row is made from (`CommitmentSummary`,
`ReplySummary`: what the status cache keeps of each file) and the one builder (`build_rows`).
Pure: records or summaries in, rows out; nothing here reads files or knows a cache exists.

Rows and summaries are NamedTuples: a row is made as one tuple (no attribute set one by one),
and a summary is stored in the status cache as the plain array it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from tracker.model import Commitment, Evidence, Reply, Status, Verdict

# The kinds of summary, their first field (what the status cache holds of a file).
COMMITMENT, REPLY = 0, 1


class Row(NamedTuple):
    """One commitment as the status table shows it."""

    id: str
    reply: str
    issuer: str | None
    letter_date: date | None
    doc_number: str | None
    area: str | None
    text: str
    status: Status
    status_note: str | None
    tags: tuple[str, ...]
    owners: tuple[str, ...]
    due: date | None
    evidence_reply: str | None  # the latest evidence: the letter it comes from
    evidence_date: date | None  # ... that letter's date
    evidence_verdict: Verdict | None
    evidence_confirmed: bool
    evidence_count: int
    age: int | None  # days from the letter's date to the report's date
    quiet: int | None  # days since the latest evidence's letter (or the letter itself, if none)
    path: str
    # the thread: the letters that promised it (its own, and later ones promising it again) and
    # the later items restating it; promised and first_promised span the whole thread
    promised_in: tuple[str, ...] = ()
    restated: tuple[str, ...] = ()
    promised: int = 1
    first_promised: date | None = None
    overdue: bool = False  # due date passed, and not done or superseded
    late: bool = False  # done, on evidence from a letter dated after the due date


ROW_FIELDS = Row._fields


class OutField(NamedTuple):
    """A field of the machine output: its JSON key and CSV header, the Row field it comes from,
    and the status table's column that shows it (None: not shown in the table)."""

    name: str
    source: str  # a Row field
    column: str | None = None


# The one list of the row's output fields, in output order: report's JSON and CSV and the
# status table's columns (in order of first appearance) derive from it; a test holds it equal to
# Row's fields. Fields of Row left out are named in NOT_OUTPUT.
OUTPUT: tuple[OutField, ...] = (
    OutField("id", "id", "id"),
    OutField("reply", "reply"),
    OutField("issuer", "issuer", "issuer"),
    OutField("letter_date", "letter_date", "date"),
    OutField("doc_number", "doc_number"),
    OutField("area", "area", "item"),
    OutField("text", "text", "item"),
    OutField("status", "status", "status"),
    OutField("status_label", "status", "status"),
    OutField("status_note", "status_note"),
    OutField("tags", "tags"),
    OutField("owners", "owners"),
    OutField("due", "due"),
    OutField("overdue", "overdue", "status"),
    OutField("late", "late", "status"),
    OutField("promised", "promised", "status"),
    OutField("first_promised", "first_promised"),
    OutField("evidence_reply", "evidence_reply"),
    OutField("evidence_date", "evidence_date", "evidence"),
    OutField("evidence_verdict", "evidence_verdict", "evidence"),
    OutField("evidence_confirmed", "evidence_confirmed", "evidence"),
    OutField("evidence_count", "evidence_count"),
    OutField("age_days", "age", "age"),
    OutField("path", "path"),
)
# Row fields kept for the table and the digest only (the thread), not in the JSON or CSV.
NOT_OUTPUT = ("quiet", "promised_in", "restated")

OUTPUT_NAMES: tuple[str, ...] = tuple(f.name for f in OUTPUT)
# The status table's columns, in display order.
COLUMNS: tuple[str, ...] = tuple(dict.fromkeys(f.column for f in OUTPUT if f.column))


class CommitmentSummary(NamedTuple):
    """What a row needs of a commitment file: builtins only (the status cache holds it as is)."""

    kind: int  # COMMITMENT
    id: str
    reply: str
    area: str | None
    text: str
    status: str  # Status value
    status_note: str | None
    tags: tuple[str, ...]
    owners: tuple[str, ...]
    due: int | None  # the due date's ordinal
    evidence: tuple[tuple[str, str, bool], ...]  # (reply, Verdict value, confirmed), not rejected
    path: str
    restated: tuple[str, ...]  # ids of the later items restating it


class ReplySummary(NamedTuple):
    """What a row needs of a reply file."""

    kind: int  # REPLY
    id: str
    date: int | None  # Reply.date's ordinal
    issuer: str | None  # Reply.effective_issuer
    doc_number: str | None


@dataclass
class Summaries:
    """The tree as the status table sees it: what store.load_tree() gives, summarized."""

    commitments: list[CommitmentSummary]  # the first file of each id, in id order
    replies: dict[str, ReplySummary]  # by id, the first file of each (Tree.replies)
    errors: list[tuple[str, str]]  # reading errors in Tree.problems order: (path, formatted)
    files: list[str] = field(default_factory=list)  # the files walked (store.tree_rels)
    unusual: bool = False  # the walk met hidden folders or links (tree_rels' `unusual`)


def of_commitment(
    c: Commitment, rel: str | None = None, shared: dict[Any, Any] | None = None
) -> CommitmentSummary:
    """A commitment's summary; `rel`: its file (one object for the path and the cache's key);
    `shared`: values met before (a letter id, an area, a list of owners), held once."""
    one: Any = (lambda v: v) if shared is None else (lambda v: shared.setdefault(v, v))
    return CommitmentSummary(
        COMMITMENT,
        c.id,
        one(c.reply),
        one(c.area),
        c.text,
        c.status.value,
        c.status_note,
        one(tuple(c.tags)),
        one(tuple(c.owners)),
        c.due.toordinal() if c.due is not None else None,
        tuple(
            (one(e.reply), e.verdict.value, bool(e.confirmed)) for e in c.evidence if not e.rejected
        ),
        rel if rel == c.path else c.path,
        tuple(x.id for x in c.restated_in),
    )


def of_reply(r: Reply) -> ReplySummary:
    """A reply's summary."""
    d = r.date
    return ReplySummary(
        REPLY, r.id, d.toordinal() if d is not None else None, r.effective_issuer, r.doc_number
    )


def of_records(commitments: Iterable[Commitment], replies: Mapping[str, Reply]) -> Summaries:
    """The summaries of records already read (no reading errors)."""
    shared: dict[Any, Any] = {}
    return Summaries(
        [of_commitment(c, shared=shared) for c in commitments],
        {rid: of_reply(r) for rid, r in replies.items()},
        [],
    )


# --- the parts of a row ------------------------------------------------------------------------

# Statuses that close a commitment: a due date passed on one of them is not overdue.
CLOSED_STATUSES = (Status.DONE, Status.SUPERSEDED)


def evidence_rank(letter_date: date | None, confirmed: bool) -> tuple[int, date, int]:
    """How an evidence entry ranks for "latest": a dated letter over an undated one, a later
    letter over an earlier one, then a confirmed entry over a proposal. Among equals the first
    listed stays: `tracker diff --write` lists its proposals best first."""
    return (1 if letter_date else 0, letter_date or date.min, 1 if confirmed else 0)


def latest_evidence(c: Commitment, replies: Mapping[str, Reply]) -> Evidence | None:
    """The evidence entry from the latest letter (see evidence_rank); a rejected one never is."""
    best: Evidence | None = None
    best_key: tuple[int, date, int] | None = None
    for e in c.evidence:
        if e.rejected:
            continue
        r = replies.get(e.reply)
        key = evidence_rank(r.date if r else None, e.confirmed)
        if best_key is None or key > best_key:
            best, best_key = e, key
    return best


def promised_in(reply: str, evidence: Iterable[tuple[str, str]]) -> tuple[str, ...]:
    """The letters that promised a commitment: its own, then each later one whose evidence (reply,
    verdict), rejected entries left out, promises it again."""
    out = [reply]
    repeated = Verdict.REPEATED.value
    for rid, verdict in evidence:
        if verdict == repeated and rid not in out:
            out.append(rid)
    return tuple(out)


def due_state(
    status: Status, due: date | None, ev_verdict: Verdict | None, ev_date: date | None, today: date
) -> tuple[bool, bool]:
    """(overdue, delivered late) of a commitment."""
    if due is None:
        return False, False
    overdue = due < today and status not in CLOSED_STATUSES
    late = status == Status.DONE and ev_date is not None and ev_date > due
    return overdue, late


# --- the builder -------------------------------------------------------------------------------

_STATUS = {s.value: s for s in Status}
_VERDICT = {v.value: v for v in Verdict}


def build_rows(s: Summaries, today: date) -> list[Row]:
    """A row for every commitment, in id order, dates counted up to `today`; each letter's facts
    are looked up once. build_row() is the reference a test holds these rows equal to."""
    fromordinal = date.fromordinal
    dates: dict[str, date | None] = {
        rid: fromordinal(r[2]) if r[2] is not None else None for rid, r in s.replies.items()
    }
    # days from each letter's date to today: a commitment's age, and its quiet days when its
    # latest evidence comes from that letter (worked out once per letter, not per row)
    days: dict[str, int | None] = {
        rid: (today - d).days if d is not None else None for rid, d in dates.items()
    }
    letters: dict[str, tuple[date | None, str | None, str | None, int | None]] = {
        rid: (dates[rid], r[3], r[4], days[rid]) for rid, r in s.replies.items()
    }
    none4: tuple[None, None, None, None] = (None, None, None, None)
    closed = CLOSED_STATUSES
    done = Status.DONE
    statuses, verdicts = _STATUS, _VERDICT
    repeated = Verdict.REPEATED.value
    make = tuple.__new__  # Row._make without its length check: every row has every field
    out: list[Row] = []
    append = out.append
    for (
        _,
        cid,
        reply,
        area,
        text,
        status,
        note,
        tags,
        owners,
        due,
        evidence,
        path,
        restated,
    ) in s.commitments:
        letter_date, issuer, doc_number, age = letters.get(reply, none4)
        ev: tuple[str, str, bool] | None = None
        ev_date: date | None = None
        promised: tuple[str, ...] = (reply,)  # most commitments: by their own letter only
        if len(evidence) == 1:  # the usual case of latest_evidence() and promised_in()
            ev = evidence[0]
            ev_date = dates.get(ev[0])
            if ev[1] == repeated and ev[0] != reply:
                promised = (reply, ev[0])
        elif evidence:
            best_key: tuple[int, date, int] | None = None
            for e in evidence:  # latest_evidence()
                d = dates.get(e[0])
                key = evidence_rank(d, e[2])
                if best_key is None or key > best_key:
                    ev, ev_date, best_key = e, d, key
            promised = promised_in(reply, [e[:2] for e in evidence])
        if restated:
            promised = promised_in(
                reply,
                [e[:2] for e in evidence] + [(x.split("/", 1)[0], "repeated") for x in restated],
            )
        # (today - last).days, last = ev_date or letter_date: a letter's days, looked up
        quiet = days[ev[0]] if ev and ev_date else age
        st = statuses[status]
        if due is None:
            due_day, overdue, late = None, False, False
        else:  # due_state()
            due_day = fromordinal(due)
            overdue = due_day < today and st not in closed
            late = st == done and ev_date is not None and ev_date > due_day
        append(
            make(
                Row,
                (
                    cid,
                    reply,
                    issuer,
                    letter_date,
                    doc_number,
                    area,
                    text,
                    st,
                    note,
                    tags,
                    owners,
                    due_day,
                    ev[0] if ev else None,
                    ev_date,
                    verdicts[ev[1]] if ev else None,
                    ev[2] if ev else False,
                    len(evidence),
                    age,
                    quiet,
                    path,
                    promised,
                    restated,
                    len(promised),
                    letter_date,
                    overdue,
                    late,
                ),
            )
        )
    return threaded(out, dates)


def build_row(c: Commitment, replies: Mapping[str, Reply], today: date) -> Row:
    """The row of one commitment, from its record (the reference build_rows() is held to)."""
    r = replies.get(c.reply)
    letter_date = r.date if r else None
    ev = latest_evidence(c, replies)
    ev_reply = replies.get(ev.reply) if ev else None
    ev_date = ev_reply.date if ev_reply else None
    last = ev_date or letter_date
    promised = promised_in(
        c.reply,
        [(e.reply, e.verdict.value) for e in c.evidence if not e.rejected]
        + [(x.id.split("/", 1)[0], Verdict.REPEATED.value) for x in c.restated_in],
    )
    overdue, late = due_state(c.status, c.due, ev.verdict if ev else None, ev_date, today)
    return Row(
        id=c.id,
        reply=c.reply,
        issuer=r.effective_issuer if r else None,
        letter_date=letter_date,
        doc_number=r.doc_number if r else None,
        area=c.area,
        text=c.text,
        status=c.status,
        status_note=c.status_note,
        tags=c.tags,
        owners=c.owners,
        due=c.due,
        evidence_reply=ev.reply if ev else None,
        evidence_date=ev_date,
        evidence_verdict=ev.verdict if ev else None,
        evidence_confirmed=ev.confirmed if ev else False,
        evidence_count=sum(not e.rejected for e in c.evidence),
        age=(today - letter_date).days if letter_date else None,
        quiet=(today - last).days if last else None,
        path=c.path,
        promised_in=promised,
        restated=tuple(x.id for x in c.restated_in),
        promised=len(promised),
        first_promised=letter_date,
        overdue=overdue,
        late=late,
    )


def threaded(rows: list[Row], dates: Mapping[str, date | None]) -> list[Row]:
    """The rows with `promised` and `first_promised` spanning each thread: a commitment and the
    later items restating it (restated_in) count their letters together, from the first."""
    if not any(r.restated for r in rows):
        return rows
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x] = parent.get(parent[x], parent[x])
        return x

    for r in rows:
        for other in r.restated:
            a, b = root(r.id), root(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    groups: dict[str, list[Row]] = {}
    for r in rows:
        if r.id in parent or r.restated:
            groups.setdefault(root(r.id), []).append(r)
    changed: dict[str, Row] = {}
    for members in groups.values():
        letters = {rid for m in members for rid in m.promised_in}
        days = [d for rid in letters if (d := dates.get(rid)) is not None]
        first = min(days) if days else None
        for m in members:
            if m.promised != len(letters) or m.first_promised != first:
                changed[m.id] = m._replace(promised=len(letters), first_promised=first)
    return [changed.get(r.id, r) for r in rows] if changed else rows
