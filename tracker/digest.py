"""The digest's view model: records and git history gathered into what a digest says.

`build_digest` gathers what a digest says (frozen dataclasses and named tuples, sorted, no
wall-clock time); `git_facts` reads the head and the changes from git, and `last_digest` finds
the commit the newest digest under digests/ described. `tracker.render` passes a `Digest` to a
template.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from tracker import labels
from tracker.forking import forked
from tracker.labels import Lang
from tracker.model import (
    Evidence,
    Kind,
    Reply,
    SectionKind,
    Status,
    TrackerError,
    UsageError,
    Verdict,
)
from tracker.report import issuer_label
from tracker.rows import due_state, latest_evidence, promised_in

if TYPE_CHECKING:
    from tracker.history import DigestChange
    from tracker.store import Tree

# An evidence entry's fields as history.evidence_fields() gives them: reply, section, quote,
# verdict, score, confirmed, line.
EvidenceFields = tuple[str, str, str, str, float, bool, int | None]

T = TypeVar("T")

DIGESTS_DIR = "digests"
LAST = "last"

# The line every digest carries so that `--since last` finds the commit it described.
MARKER = re.compile(r"tracker-digest commit=([0-9a-f]{7,64}|none)(?: date=(\d{4}-\d{2}-\d{2}))?")

# Order of the statuses in counts and bars: settled first, then open, then the rest.
STATUS_ORDER = (
    Status.DONE,
    Status.IN_PROGRESS,
    Status.REPEATED,
    Status.PENDING,
    Status.DROPPED,
    Status.SUPERSEDED,
)


LABELS: dict[Lang, dict[str, str]] = {Lang(k): v for k, v in labels.DIGEST_WORDS.items()}

SECTION_LABELS = {
    Lang(lang): {SectionKind(k): v for k, v in words.items()}
    for lang, words in labels.SECTION_WORDS.items()
}

# Colours of the statuses in the HTML digest (readable on white, distinct in grey print).
STATUS_COLOURS = {
    Status.DONE: "#1a7f37",
    Status.IN_PROGRESS: "#0969da",
    Status.REPEATED: "#bf8700",
    Status.PENDING: "#8c959f",
    Status.DROPPED: "#cf222e",
    Status.SUPERSEDED: "#8250df",
}
# Characters of the text bars in Markdown: delivered, under way, the rest.
BAR_DONE, BAR_OPEN, BAR_REST, BAR_CELLS = "█", "▓", "░", 10


# --- what a digest says ------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusCount:
    status: Status
    label: str
    count: int
    percent: int
    colour: str


@dataclass(frozen=True)
class Segment:
    """One status's part of an issuer's bar, in percent of the bar's width."""

    status: Status
    label: str
    count: int
    start: float
    width: float
    colour: str


@dataclass(frozen=True)
class IssuerRow:
    name: str
    total: int
    counts: tuple[StatusCount, ...]
    done: int
    percent_done: int
    segments: tuple[Segment, ...]
    text_bar: str


class EvidenceView(NamedTuple):
    quote: str
    verdict: str
    verdict_label: str
    reply: str
    source: str  # the later letter as cited: document number or title, date, section, line
    date: date | None
    confirmed: bool


class ChangeView(NamedTuple):
    """One line of "what changed": a status change, new evidence, or a new commitment."""

    kind: str  # "status", "evidence" or "added"
    id: str
    date: date | None
    commit: str  # short id, or "" for the working tree
    author: str
    old: str  # status label before (kind "status")
    new: str  # status label after (kinds "status" and "added")
    evidence: EvidenceView | None = None


class ItemView(NamedTuple):
    id: str
    number: str
    reply: str
    issuer: str
    area: str | None
    text: str
    status: Status
    status_label: str
    status_colour: str
    status_note: str | None
    letter_date: date | None
    age_days: int | None
    latest: EvidenceView | None
    evidence_count: int
    history: str
    updated: date | None
    due: date | None = None
    overdue: bool = False
    late: bool = False
    promised: int = 1


class AdjustView(NamedTuple):
    """A commitment promised again in weaker terms (目标调整)."""

    id: str
    issuer: str
    text: str
    restated_in: str
    reasons: str


class ScoreRow(NamedTuple):
    """One bureau's record: promises kept, in progress, promised again and silent; overdue; the
    median days from promise to delivery; promises carried over more than once."""

    name: str
    total: int
    kept: int
    in_progress: int
    promised_again: int
    silent: int
    overdue: int
    median_days: int | None
    carried: int


# The reasons a restatement is weaker, as shown.
WEAKENED_LABELS: dict[Lang, dict[str, str]] = {Lang(k): v for k, v in labels.WEAKENED_WORDS.items()}


@dataclass(frozen=True)
class LetterView:
    id: str
    title: str
    issuer: str
    co_handlers: tuple[str, ...]
    doc_number: str | None
    number: str | None
    kind: Kind | None
    addressees: str  # "郭东文委员"
    date: date | None
    facts: str  # one line: issuer · document number · date · proposal number · addressee
    items: tuple[ItemView, ...]
    # what the letter's views show, named by the content keys of the files they come from (its
    # commitments', every letter's) and its commitments' history in words ("" when a file has
    # no key): render keeps the letter's rendered piece by it
    key: str = ""


@dataclass(frozen=True)
class SinceView:
    """What "changed since" means in this digest."""

    mode: str  # "last", "ref", "start" (no earlier digest) or "none" (no git)
    ref: str
    commit: str
    short: str
    date: date | None
    text: str  # the sentence shown above the changes


@dataclass(frozen=True)
class Digest:
    lang: Lang
    t: dict[str, str]
    title: str
    as_of: date | None
    commit: str | None
    short: str | None
    dirty: bool
    in_git: bool
    shallow: bool
    as_of_text: str
    summary: str
    n_letters: int
    n_items: int
    status_counts: tuple[StatusCount, ...]
    issuers: tuple[IssuerRow, ...]
    since: SinceView
    changes: tuple[ChangeView, ...]
    unfollowed: tuple[ItemView, ...]
    letters: tuple[LetterView, ...]
    marker: str
    overdue: tuple[ItemView, ...] = ()
    adjusted: tuple[AdjustView, ...] = ()
    scorecard: tuple[ScoreRow, ...] = ()
    # files that could not be read, left out with --keep-going: a notice heads the digest
    left_out: tuple[str, ...] = ()
    left_out_text: str = ""


@dataclass(frozen=True)
class HeadFacts:
    """What git says about the tree's checkout, as far as the digest needs it."""

    in_git: bool
    commit: str | None = None
    short: str | None = None
    date: date | None = None
    dirty: bool = False
    shallow: bool = False


class FieldChange(NamedTuple):
    """One field of one commitment changed by one commit (or by the working tree: commit "")."""

    id: str
    field: str
    old: object  # the value in the file before: plain data, or an evidence entry's fields
    new: object  # ... and after (an Evidence for an evidence entry)
    commit: str
    short: str
    date: date | None
    author: str


@dataclass(frozen=True)
class GitFacts:
    """The history a digest draws on: the head, the changes in the period, all changes."""

    head: HeadFacts
    since: SinceView
    period: tuple[FieldChange, ...] = ()
    everything: tuple[FieldChange, ...] = ()


# --- building ----------------------------------------------------------------------------------


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def evidence_view(e: Evidence, replies: dict[str, Reply], lang: Lang) -> EvidenceView:
    """An evidence entry with its source letter cited the way people cite letters."""
    source, when = _cited(e.reply, e.section, replies, lang)
    if e.line:
        source += _SEP[lang] + LABELS[lang]["line"].format(n=e.line)
    return EvidenceView(
        quote=e.quote,
        verdict=e.verdict.value,
        verdict_label=e.verdict.label(lang),
        reply=e.reply,
        source=source,
        date=when,
        confirmed=e.confirmed,
    )


_SEP = {Lang.ZH: "，", Lang.EN: ", "}  # between the parts of a source


def _cited(
    reply: str, section: SectionKind, replies: dict[str, Reply], lang: Lang
) -> tuple[str, date | None]:
    """A later letter's section as a source cites it (document number or title, date, section),
    and the letter's date."""
    r = replies.get(reply)
    parts = [(r.doc_number or r.title or r.id) if r else reply]
    if r and r.date:
        parts.append(r.date.isoformat())
    parts.append(SECTION_LABELS[lang][section])
    return _SEP[lang].join(parts), r.date if r else None


class _Views:
    """Views of one tree in one language, with the words they repeat worked out once each."""

    def __init__(self, replies: dict[str, Reply], lang: Lang) -> None:
        self.replies = replies
        self.lang = lang
        self.labels: dict[object, str] = {}
        self.cited: dict[tuple[str, SectionKind], tuple[str, date | None]] = {}
        self.verdicts: dict[Verdict, tuple[str, str]] = {}
        self.sep = _SEP[lang]
        self.line = LABELS[lang]["line"]

    def status_label(self, value: object) -> str:
        """_status_label(value, lang), once per value."""
        try:
            return self.labels[value]
        except KeyError:
            label = self.labels[value] = _status_label(value, self.lang)
            return label
        except TypeError:  # not hashable (a list where a status should be)
            return _status_label(value, self.lang)

    def evidence(self, e: Evidence) -> EvidenceView:
        """evidence_view(e, replies, lang), each letter's part of a source and each verdict's
        words worked out once."""
        key = (e.reply, e.section)
        cited = self.cited.get(key)
        if cited is None:
            cited = self.cited[key] = _cited(e.reply, e.section, self.replies, self.lang)
        source = cited[0]
        if e.line:
            source += self.sep + self.line.format(n=e.line)
        verdict = self.verdicts.get(e.verdict)
        if verdict is None:
            verdict = self.verdicts[e.verdict] = (e.verdict.value, e.verdict.label(self.lang))
        # every field given: made as one tuple (the NamedTuple's __new__ is a Python function)
        return tuple.__new__(
            EvidenceView, (e.quote, verdict[0], verdict[1], e.reply, source, cited[1], e.confirmed)
        )


def _status_label(value: object, lang: Lang) -> str:
    try:
        return Status(str(value)).label(lang)
    except ValueError:
        return str(value)


def _letter_facts(r: Reply, issuer: str, lang: Lang, t: dict[str, str]) -> tuple[str, str]:
    addressees = "、".join(r.addressees)
    if addressees and r.role:
        addressees += r.role if lang == Lang.ZH else f" ({r.role})"
    parts = [issuer]
    if r.doc_number:
        parts.append(r.doc_number)
    parts.append(r.date.isoformat() if r.date else t["undated"])
    if r.number:
        parts.append(t["number"].format(n=r.number) + (r.kind or ""))
    if addressees:
        parts.append(addressees)
    return addressees, " · ".join(parts)


def _since_text(since: SinceView, t: dict[str, str]) -> str:
    when = since.date.isoformat() if since.date else ""
    if since.mode == "last":
        return t["since_last"].format(short=since.short, date=when)
    if since.mode == "ref" and since.commit.startswith(since.ref.lower()):
        return t["since_commit"].format(short=since.short, date=when)
    if since.mode == "ref":
        return t["since_ref"].format(ref=since.ref, short=since.short, date=when)
    if since.mode == "start":
        return t["since_start"]
    return t["no_history"]


def since_view(
    mode: str, ref: str = "", commit: str = "", short: str = "", when: date | None = None
) -> SinceView:
    """A SinceView; its sentence is filled in when the digest is built (it depends on the language)."""
    return SinceView(mode, ref, commit, short, when, "")


def _change_views(
    period: Iterable[FieldChange], tree: Tree, lang: Lang, views: _Views | None = None
) -> list[ChangeView]:
    views = views or _Views(tree.replies, lang)
    label = views.status_label
    worktree = LABELS[lang]["worktree"]
    # one list per kind, in the order the lines take within a commit and record
    added: list[ChangeView] = []
    statuses: list[ChangeView] = []
    evidence: list[ChangeView] = []
    make = tuple.__new__  # a ChangeView of every field, made as one tuple
    for ch in period:
        author = ch.author if ch.commit else worktree
        field = ch.field
        if field == "status":
            statuses.append(
                make(
                    ChangeView,
                    (
                        "status",
                        ch.id,
                        ch.date,
                        ch.short,
                        author,
                        label(ch.old),
                        label(ch.new),
                        None,
                    ),
                )
            )
        elif field == "evidence" and isinstance(ch.new, Evidence):
            evidence.append(
                make(
                    ChangeView,
                    (
                        "evidence",
                        ch.id,
                        ch.date,
                        ch.short,
                        author,
                        "",
                        "",
                        views.evidence(ch.new),
                    ),
                )
            )
        elif field == "added":
            added.append(
                make(
                    ChangeView, ("added", ch.id, ch.date, ch.short, author, "", label(ch.new), None)
                )
            )
    # newest first; within a commit, by id, then added, status, evidence (sorts are stable)
    out = added + statuses + evidence
    out.sort(key=itemgetter(1))  # id
    if all(v.date for v in out):
        out.sort(key=itemgetter(2), reverse=True)  # date
    else:
        out.sort(key=lambda v: v.date or date.max, reverse=True)
    return out


def build_digest(
    tree: Tree, git: GitFacts, lang: Lang = Lang.ZH, as_of: date | None = None
) -> Digest:
    """Everything a digest shows, sorted and ready for a template."""
    t = LABELS[lang]
    head = git.head
    day = as_of or head.date
    views = _Views(tree.replies, lang)
    # each commitment's statuses through the history (`2025-09-01 待跟进 → 2025-12-15 推进中`, the
    # short sha for a change without a date), and the date of its last change
    steps: dict[str, list[str]] = {}
    updated: dict[str, date] = {}
    isodays: dict[date, str] = {}
    for ch in git.everything:
        when = ch.date
        if when and (ch.id not in updated or updated[ch.id] < when):
            updated[ch.id] = when
        if ch.field in ("added", "status"):
            if when:
                iso = isodays.get(when)
                if iso is None:
                    iso = isodays[when] = when.isoformat()
            else:
                iso = ch.short or ""
            steps.setdefault(ch.id, []).append(f"{iso} {views.status_label(ch.new)}".strip())
    no_history = t["history_none"]

    # the status table's rows (ages need a date: without one they are left out below)
    replies = tree.replies
    status_labels = {s: s.label(lang) for s in Status}
    issuers_of: dict[str | None, str] = {}
    letter_of: dict[str, tuple[date | None, str, int | None]] = {}  # date, issuer, age
    items: list[ItemView] = []
    append, make = items.append, tuple.__new__
    today = day or date.today()
    delivery: dict[str, int] = {}  # days from promise to delivery, of the commitments done
    adjusted: list[AdjustView] = []
    # the letters' keys (LetterView.key): each commitment's file and history, with every
    # letter record (evidence cites later letters, by their dates and numbers) named once
    file_keys = tree.keys
    item_keys: dict[str, str] = {}
    letters_key = _letters_key(tree) if file_keys else None
    for c in tree.commitments.values():
        letter = letter_of.get(c.reply)
        if letter is None:
            r = replies.get(c.reply)
            letter_date = r.date if r else None
            issuer = r.effective_issuer if r else None
            label = issuers_of.get(issuer)
            if label is None:
                label = issuers_of[issuer] = issuer_label(issuer, lang)
            age = (day - letter_date).days if day and letter_date else None
            letter = letter_of[c.reply] = (letter_date, label, age)
        letter_date, label, age = letter
        latest = latest_evidence(c, replies)
        history = steps.get(c.id)
        later = replies.get(latest.reply) if latest else None
        overdue, late = due_state(
            c.status,
            c.due,
            latest.verdict if latest else None,
            later.date if later else None,
            today,
        )
        evidence = c.evidence
        if c.restated_in or len(evidence) > 1:
            promised = len(
                promised_in(
                    c.reply,
                    [(e.reply, e.verdict.value) for e in evidence if not e.rejected]
                    + [(x.id.split("/", 1)[0], "repeated") for x in c.restated_in],
                )
            )
            evidence_count = sum(not e.rejected for e in evidence)
        elif evidence and not evidence[0].rejected:  # the usual case of promised_in()
            e = evidence[0]
            promised = 2 if e.verdict == Verdict.REPEATED and e.reply != c.reply else 1
            evidence_count = 1
        else:
            promised, evidence_count = 1, 0
        history_text = " → ".join(history) if history else no_history
        if letters_key is not None:
            key = file_keys.get(c.path)
            if key is not None and _US not in history_text and _GS not in history_text:
                item_keys[c.id] = f"{c.path}{_US}{key}{_US}{history_text}"
        if latest and later and later.date and letter_date and c.status == Status.DONE:
            delivery[c.id] = (later.date - letter_date).days
        for x in c.restated_in:
            if x.weakened:
                adjusted.append(
                    AdjustView(
                        c.id,
                        label,
                        c.text,
                        x.id,
                        "、".join(WEAKENED_LABELS[lang].get(w, w) for w in x.weakened)
                        if lang == Lang.ZH
                        else ", ".join(WEAKENED_LABELS[lang].get(w, w) for w in x.weakened),
                    )
                )
        # every field given: made as one tuple (the NamedTuple's __new__ is a Python function)
        append(
            make(
                ItemView,
                (
                    c.id,
                    c.number,
                    c.reply,
                    label,
                    c.area,
                    c.text,
                    c.status,
                    status_labels[c.status],
                    STATUS_COLOURS[c.status],
                    c.status_note,
                    letter_date,
                    age,
                    views.evidence(latest) if latest else None,
                    evidence_count,
                    history_text,
                    updated.get(c.id),
                    c.due,
                    overdue,
                    late,
                    promised,
                ),
            )
        )

    n = len(items)
    counts = Counter(i.status for i in items)
    status_counts = tuple(
        StatusCount(s, s.label(lang), counts[s], _percent(counts[s], n), STATUS_COLOURS[s])
        for s in STATUS_ORDER
    )

    issuers: list[IssuerRow] = []
    by_issuer: dict[str, list[ItemView]] = {}
    for i in items:
        by_issuer.setdefault(i.issuer, []).append(i)
    for name in sorted(by_issuer):
        rows = by_issuer[name]
        ic = Counter(i.status for i in rows)
        total = len(rows)
        segs: list[Segment] = []
        start = 0.0
        for s in STATUS_ORDER:
            if ic[s]:
                width = round(100 * ic[s] / total, 2)
                segs.append(
                    Segment(s, s.label(lang), ic[s], round(start, 2), width, STATUS_COLOURS[s])
                )
                start += width
        done = ic[Status.DONE]
        cells_done = round(BAR_CELLS * done / total)
        cells_open = min(BAR_CELLS - cells_done, round(BAR_CELLS * ic[Status.IN_PROGRESS] / total))
        bar = (
            BAR_DONE * cells_done
            + BAR_OPEN * cells_open
            + BAR_REST * (BAR_CELLS - cells_done - cells_open)
        )
        issuers.append(
            IssuerRow(
                name=name,
                total=total,
                counts=tuple(
                    StatusCount(s, s.label(lang), ic[s], _percent(ic[s], total), STATUS_COLOURS[s])
                    for s in STATUS_ORDER
                ),
                done=done,
                percent_done=_percent(done, total),
                segments=tuple(segs),
                text_bar=bar,
            )
        )

    letters: list[LetterView] = []
    items_by_reply: dict[str, list[ItemView]] = {}
    for i in items:
        items_by_reply.setdefault(i.reply, []).append(i)
    reply_ids = set(items_by_reply) | set(tree.replies)
    for rid in sorted(reply_ids, key=lambda x: (_reply_date(tree, x), x)):
        r = tree.replies.get(rid)
        its = tuple(sorted(items_by_reply.get(rid, []), key=itemgetter(0)))  # by id
        issuer = issuer_label(r.effective_issuer if r else None, lang)
        key = ""
        if letters_key is not None:
            try:
                key = _GS.join((rid, letters_key, *[item_keys[i.id] for i in its]))
            except KeyError:  # a commitment's file without a content key: rendered each time
                key = ""
        if r is None:
            letters.append(
                LetterView(rid, rid, issuer, (), None, None, None, "", None, rid, its, key)
            )
            continue
        addressees, facts = _letter_facts(r, issuer, lang, t)
        letters.append(
            LetterView(
                id=rid,
                title=r.title or rid,
                issuer=issuer,
                co_handlers=r.co_handlers,
                doc_number=r.doc_number,
                number=r.number,
                kind=r.kind,
                addressees=addressees,
                date=r.date,
                facts=facts,
                items=its,
                key=key,
            )
        )

    unfollowed = tuple(
        sorted(
            (i for i in items if i.status == Status.PENDING and not i.overdue),
            key=lambda i: (i.letter_date or date.max, i.id),
        )
    )
    overdue_items = tuple(
        sorted((i for i in items if i.overdue), key=lambda i: (i.due or date.max, i.id))
    )
    scorecard = _scorecard(by_issuer, delivery)

    if head.in_git and head.commit:
        as_of_text = (
            f"{t['as_of']} {day.isoformat() if day else ''}，{t['commit']} {head.short}"
            if lang == Lang.ZH
            else f"{t['as_of']} {day.isoformat() if day else ''}, {t['commit']} {head.short}"
        )
        if head.dirty:
            as_of_text += ("，" if lang == Lang.ZH else ", ") + t["uncommitted"]
        if head.shallow:
            as_of_text += ("；" if lang == Lang.ZH else "; ") + t["shallow"]
    else:
        as_of_text = (
            f"{t['as_of']} {day.isoformat()}" + ("，" if lang == Lang.ZH else ", ") if day else ""
        ) + t["no_git"]
    as_of_text += "。" if lang == Lang.ZH else "."

    since = SinceView(
        git.since.mode,
        git.since.ref,
        git.since.commit,
        git.since.short,
        git.since.date,
        _since_text(git.since, t),
    )
    marker = f"tracker-digest commit={head.commit or 'none'}"
    if day:
        marker += f" date={day.isoformat()}"
    return Digest(
        lang=lang,
        t=t,
        title=t["title"],
        as_of=day,
        commit=head.commit,
        short=head.short,
        dirty=head.dirty,
        in_git=head.in_git,
        shallow=head.shallow,
        as_of_text=as_of_text,
        summary=t["summary"].format(letters=len(letters), items=n),
        n_letters=len(letters),
        n_items=n,
        status_counts=status_counts,
        issuers=tuple(issuers),
        since=since,
        changes=tuple(_change_views(git.period, tree, lang, views)),
        unfollowed=unfollowed,
        letters=tuple(letters),
        marker=marker,
        overdue=overdue_items,
        adjusted=tuple(sorted(adjusted, key=itemgetter(0))),
        scorecard=scorecard,
    )


# separators of a letter's key: between fields, records and groups (never in a key's parts)
_US, _RS, _GS = "\x1f", "\x1e", "\x1d"


def _letters_key(tree: Tree) -> str | None:
    """A digest of every letter record's file and content key (None: one has no key)."""
    import hashlib

    h = hashlib.blake2b(digest_size=16)
    for rid in sorted(tree.replies):
        path = tree.replies[rid].path
        key = tree.keys.get(path)
        if key is None:
            return None
        h.update(f"{rid}{_US}{path}{_US}{key}{_RS}".encode())
    return h.hexdigest()


def _scorecard(
    by_issuer: dict[str, list[ItemView]], delivery: dict[str, int]
) -> tuple[ScoreRow, ...]:
    """A row per bureau, when any bureau has something beyond its status counts to show: a
    promise delivered with dates on both letters, one overdue, or one carried over."""
    rows = []
    for name in sorted(by_issuer):
        its = by_issuer[name]
        st = Counter(i.status for i in its)
        days = sorted(delivery[i.id] for i in its if i.id in delivery)
        median = None
        if days:
            mid = len(days) // 2
            median = days[mid] if len(days) % 2 else (days[mid - 1] + days[mid]) // 2
        rows.append(
            ScoreRow(
                name,
                len(its),
                st[Status.DONE],
                st[Status.IN_PROGRESS],
                st[Status.REPEATED],
                st[Status.DROPPED],
                sum(i.overdue for i in its),
                median,
                sum(i.promised > 2 for i in its),
            )
        )
    if not any(r.median_days is not None or r.overdue or r.carried for r in rows):
        return ()
    return tuple(rows)


def _reply_date(tree: Tree, rid: str) -> date:
    r = tree.replies.get(rid)
    return r.date if r and r.date else date.max


# --- what git says --------------------------------------------------------------------------------


_SECTIONS = {s.value: s for s in SectionKind}
_VERDICTS = {v.value: v for v in Verdict}


# the fields of an Evidence that history.evidence_fields() does not give: their defaults
_EVIDENCE_REST = {
    f.name: f.default
    for f in dataclasses.fields(Evidence)
    if f.name not in ("reply", "section", "quote", "verdict", "score", "confirmed", "line")
}
# a field made by a factory, or checked after __init__: only the class itself makes one right
_EVIDENCE_SLOW = (
    hasattr(Evidence, "__post_init__") or dataclasses.MISSING in _EVIDENCE_REST.values()
)


def _evidence(values: EvidenceFields) -> Evidence:
    """An evidence entry from history.evidence_fields() (which checked section and verdict).

    Made as the record cache makes records, without the frozen class's __init__ (which sets
    each field through object.__setattr__: 40,000 entries on every warm digest and site)."""
    reply, section, quote, verdict, score, confirmed, line = values
    if _EVIDENCE_SLOW:
        return Evidence(
            reply, _SECTIONS[section], quote, _VERDICTS[verdict], score, confirmed, line
        )
    e = object.__new__(Evidence)
    e.__dict__.update(
        reply=reply,
        section=_SECTIONS[section],
        quote=quote,
        verdict=_VERDICTS[verdict],
        score=score,
        confirmed=confirmed,
        line=line,
        **_EVIDENCE_REST,
    )
    return e


def _field_changes(changes: Iterable[DigestChange]) -> tuple[FieldChange, ...]:
    """The changes of history.digest_changes() as FieldChanges, in the order given."""
    # start-up: the digest command imports this module; history loads store and git
    from tracker.history import WORKTREE

    out: list[FieldChange] = []
    append, make = out.append, tuple.__new__
    days: dict[datetime, date] = {}
    for commit, short, author, when, rid, field, old, new in changes:
        if commit == WORKTREE:
            commit = short = ""
        day = days.get(when)
        if day is None:
            day = days[when] = when.date()
        if field == "evidence":
            new = _evidence(new)
        # a NamedTuple made without its __new__ (a Python function): 90,000 rows on a warm run
        append(make(FieldChange, (rid, field, old, new, commit, short, day, author)))
    return tuple(out)


def with_git_facts(
    root: Path, since: str | None, load: Callable[[], T], *, fork: bool | None = None
) -> tuple[T, GitFacts]:
    """`load()` (the tree) and git_facts(root, since), read at the same time.

    Cold, both are mostly Python parsing YAML (the tree's files; every version of them in the
    history), which one process does on one core however it is split into threads. So with
    `fork` git's facts are read by a forked copy of this process, on the other core, and sent
    back on a pipe; otherwise in a thread, which still overlaps the waits for git and the disk.
    `fork` None: fork when the system can, has more than one core and has no history cache to
    read (warm, the facts come from the cache in a second or two, less than the copy costs to
    send them). Either way a tree that cannot be read is the first error, and a failure in
    git's facts is raised as git_facts() raises it (the copy only reports that it failed; they
    are then read again here, where it is raised).
    """
    if fork is None:
        fork = hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and not _history_cached(root)
    if fork:
        import pickle

        def child() -> bytes:
            return pickle.dumps(git_facts(root, since), protocol=pickle.HIGHEST_PROTOCOL)

        loaded, ok, data = forked(child, load)
        # unpickled only from this process's own copy, never from a file
        facts = pickle.loads(data) if ok and data else None  # noqa: S301
        return loaded, facts if isinstance(facts, GitFacts) else git_facts(root, since)

    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(git_facts, root, since)
        loaded = load()
        return loaded, future.result()


def _history_cached(root: Path) -> bool:
    """Whether the digest's history cache is there to be read (a warm run)."""
    # start-up: history loads store and git, which git_facts() loads next anyway
    from tracker.cache import CACHE_DIR
    from tracker.history import DIGEST_CACHE
    from tracker.workspace import current

    return current().cache and (root / CACHE_DIR / DIGEST_CACHE).is_file()


def git_facts(root: Path, since: str | None = LAST) -> GitFacts:
    """The head, the changes since `since` and every change, read from git.

    `since` is a ref, a date, "last" (the commit named by the newest digest under digests/), or
    None for no period at all. Outside git, the head says so and there are no changes.
    """
    # start-up: history loads store and git, needed only when git is asked
    from tracker import history

    info = history.head_info(root)
    # the digest names the last commit that changed the data, not HEAD: a digest committed under
    # digests/ then leaves the next one (same data, same day) byte for byte the same
    data = history.last_record_commit(root) if info.in_git and info.commit else None
    commit, short, at = data if data else (info.commit, info.short, info.date)
    head = HeadFacts(
        in_git=info.in_git and info.commit is not None,
        commit=commit,
        short=short,
        date=at.date() if at else None,
        dirty=info.dirty,
        shallow=info.shallow,
    )
    if not head.in_git:
        if since not in (LAST, None):
            raise UsageError(
                f"--since {since}: {info.reason or 'no history'}",
                "run the digest inside the git repository that holds the tree",
            )
        return GitFacts(head, since_view("none"))
    # history is newest first; the digest reads it oldest first
    dirty = info.dirty_paths
    everything = _field_changes(reversed(history.digest_changes(root, dirty=dirty)))
    if since is None:
        return GitFacts(head, since_view("start"), (), everything)
    if since == LAST:
        prev = last_digest(root)
        if prev is None:
            return GitFacts(head, since_view("start"), everything, everything)
        try:
            sha = history.resolve(root, prev.commit)
        except TrackerError:
            raise TrackerError(
                f"the last digest {prev.path.name} names commit {prev.commit[:12]}, which this "
                "repository does not have",
                "fetch the whole history (git fetch --unshallow), or pass --since REF|DATE",
            ) from None
        mode, ref, when = "last", prev.path.name, prev.date
    else:
        sha = history.resolve(root, since)
        mode, ref, when = "ref", since, None
    when = (
        when or history.commit_date(root, sha).date()
    )  # the last digest's own date, if it has one
    period = _field_changes(reversed(history.digest_changes(root, since=sha, dirty=dirty)))
    return GitFacts(head, since_view(mode, ref, sha, sha[:7], when), period, everything)


# --- the previous digest -----------------------------------------------------------------------


@dataclass(frozen=True)
class PreviousDigest:
    path: Path
    commit: str
    date: date | None


def last_digest(root: Path) -> PreviousDigest | None:
    """The newest digest under digests/ that names its commit (by its date, then file name)."""
    folder = root / DIGESTS_DIR
    if not folder.is_dir():
        return None
    found: list[tuple[date, str, PreviousDigest]] = []
    for p in sorted(folder.iterdir()):
        if p.suffix not in (".md", ".html") or not p.is_file():
            continue
        try:
            text = p.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        markers = list(MARKER.finditer(text))
        m = markers[-1] if markers else None  # the last marker in the file is the digest's own
        if m is None or m.group(1) == "none":
            continue
        when = date.fromisoformat(m.group(2)) if m.group(2) else None
        found.append((when or date.min, p.name, PreviousDigest(p, m.group(1), when)))
    if not found:
        return None
    return max(found, key=lambda f: (f[0], f[1]))[2]
