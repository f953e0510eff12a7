"""The rows of the status table, built from a tree: filters, sorting, counts, JSON and CSV. Pure.

`tracker status` shows these rows in a terminal; the digest renders the same rows. Nothing here
reads files or runs git: history facts (the commit, uncommitted changes, the records changed since
a commit) come in as arguments.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from operator import attrgetter
from typing import TYPE_CHECKING

from tracker import rows
from tracker import text as tx
from tracker.labels import Lang as Lang
from tracker.model import JSON, Data, Status, UsageError, Verdict

# The row and its parts, for report's users (tests name them through report); Lang, Row and
# latest_evidence are imported from here by other modules, hence the explicit re-exports.
from tracker.rows import (  # noqa: F401
    CLOSED_STATUSES,
    build_row,
    due_state,
    evidence_rank,
    promised_in,
    threaded,
)
from tracker.rows import Row as Row
from tracker.rows import latest_evidence as latest_evidence
from tracker.text import Cell

if TYPE_CHECKING:
    from tracker.history import Change, HeadInfo
    from tracker.store import Tree


class SortKey(StrEnum):
    """Orders of the status table."""

    ID = "id"  # commitment id
    DATE = "date"  # letter date, newest first
    STATUS = "status"  # status in the order of model.Status, then id
    ISSUER = "issuer"  # issuer, then letter date
    AGE = "age"  # days since the letter, oldest first


# Statuses that still wait for something; `--stale` looks only at these.
OPEN_STATUSES = (Status.PENDING, Status.IN_PROGRESS, Status.REPEATED)


@dataclass(frozen=True)
class Filters:
    """Which rows to keep; every filter given must hold, any value of one filter may match."""

    issuers: tuple[str, ...] = ()  # part of the issuer's name, compared with text.key
    years: tuple[int, ...] = ()  # year of the letter's date
    statuses: tuple[Status, ...] = ()
    tags: tuple[str, ...] = ()
    text: str | None = None  # words that must all occur in the area, text or note
    stale: int | None = None  # open, and no evidence for at least this many days
    ids: frozenset[str] | None = None  # records changed (commitment ids or reply ids)
    overdue: bool = False  # only commitments past their due date, not done or superseded


@dataclass(frozen=True)
class Counts:
    """Rows counted per status (every status, in order) and per issuer (most first)."""

    total: int
    letters: int
    by_status: dict[Status, int]
    by_issuer: dict[str | None, int]
    overdue: int = 0


# --- rows --------------------------------------------------------------------------------------


def build_rows(tree: Tree, today: date) -> list[Row]:
    """A row for every commitment of the tree, in id order (rows.build_rows() of the tree's
    summaries: the one builder `tracker status` uses on its cache too)."""
    return rows.build_rows(rows.of_records(tree.commitments.values(), tree.replies), today)


# --- filters and order -------------------------------------------------------------------------


def parse_status(value: str) -> Status:
    """A status from its value (in_progress), Chinese label (推进中) or English label (in progress)."""
    v = value.strip()
    for s in Status:
        if v in (s.value, s.label_zh, s.label_en) or v.replace("-", "_").lower() == s.value:
            return s
    # start-up: the CLI imports this module; schema loads only for a bad filter
    from tracker.schema import did_you_mean

    allowed = [s.value for s in Status]
    hint = did_you_mean(v, allowed) or "one of: " + ", ".join(
        f"{s.value} ({s.label_zh})" for s in Status
    )
    raise UsageError(f"unknown status '{value}'", hint)


def parse_statuses(values: Iterable[str]) -> tuple[Status, ...]:
    """Statuses from option values; each value may list several, separated by commas."""
    out: list[Status] = []
    for v in values:
        for part in v.split(","):
            if part.strip():
                s = parse_status(part)
                if s not in out:
                    out.append(s)
    return tuple(out)


def _haystack(row: Row) -> str:
    return tx.key(" ".join(x for x in (row.area, row.text, row.status_note) if x))


def keep(row: Row, f: Filters) -> bool:
    """True when the row passes every filter."""
    if f.ids is not None and row.id not in f.ids and row.reply not in f.ids:
        return False
    if f.statuses and row.status not in f.statuses:
        return False
    if f.overdue and not row.overdue:
        return False
    if f.years and (row.letter_date is None or row.letter_date.year not in f.years):
        return False
    if f.issuers:
        k = tx.key(row.issuer or "")
        if not k or not any(tx.key(i) in k for i in f.issuers):
            return False
    if f.tags:
        have = {tx.key(t) for t in row.tags}
        if not any(tx.key(t) in have for t in f.tags):
            return False
    if f.stale is not None and (
        row.status not in OPEN_STATUSES or row.quiet is None or row.quiet < f.stale
    ):
        return False
    if f.text:
        hay = _haystack(row)
        if not all(tx.key(w) in hay for w in f.text.split()):
            return False
    return True


def select(rows: Iterable[Row], f: Filters) -> list[Row]:
    """The rows that pass the filters, in their order."""
    if f == _NO_FILTERS:
        return list(rows)  # every row passes: no need to ask each one
    return [r for r in rows if keep(r, f)]


_NO_FILTERS = Filters()


_STATUS_ORDER = {s: i for i, s in enumerate(Status)}


def sort_rows(rows: Iterable[Row], key: SortKey) -> list[Row]:
    """The rows in the order asked for (ties by id; rows without the value last)."""
    rows = sorted(rows, key=attrgetter("id"))
    if key == SortKey.ID:
        return rows
    if key == SortKey.DATE:
        return sorted(
            rows,
            key=lambda r: (
                r.letter_date is None,
                -(r.letter_date.toordinal() if r.letter_date else 0),
            ),
        )
    if key == SortKey.STATUS:
        return sorted(rows, key=lambda r: _STATUS_ORDER[r.status])
    if key == SortKey.ISSUER:
        return sorted(
            rows,
            key=lambda r: (r.issuer is None, tx.key(r.issuer or ""), r.letter_date or date.max),
        )
    if key == SortKey.AGE:
        return sorted(rows, key=lambda r: (r.age is None, -(r.age or 0)))
    raise AssertionError(key)  # every SortKey is handled above


def count(rows: Sequence[Row]) -> Counts:
    """Counts per status and per issuer."""
    by_status = {s: 0 for s in Status}
    issuers: Counter[str | None] = Counter()
    for r in rows:
        by_status[r.status] += 1
        issuers[r.issuer] += 1
    by_issuer = dict(sorted(issuers.items(), key=lambda kv: (-kv[1], kv[0] is None, kv[0] or "")))
    overdue = sum(r.overdue for r in rows)
    return Counts(len(rows), len({r.reply for r in rows}), by_status, by_issuer, overdue)


def overdue_first(rows: list[Row]) -> list[Row]:
    """The rows with the overdue ones first, each part in the order it had."""
    if not any(r.overdue for r in rows):
        return rows
    return [r for r in rows if r.overdue] + [r for r in rows if not r.overdue]


def status_text(row: Row, lang: Lang | str = Lang.ZH) -> str:
    """The status as shown in a table: its label, how many letters promised it when more than
    one (×3), and whether it is overdue (逾期) or was delivered late (逾期兑现)."""
    zh = str(lang) == "zh"
    text = row.status.label(str(lang))
    if row.promised > 1:
        text += f" ×{row.promised}"
    if row.overdue:
        text += " 逾期" if zh else " overdue"
    elif row.late:
        text += " 逾期兑现" if zh else " late"
    return text


def failing(rows: Iterable[Row], statuses: Iterable[Status]) -> list[Row]:
    """The rows whose status is one of `statuses` (for --fail-on)."""
    bad = set(statuses)
    return [r for r in rows if r.status in bad]


# --- words shown to people ---------------------------------------------------------------------

_WORDS = {
    "id": ("编号", "id"),
    "issuer": ("发文单位", "issuer"),
    "date": ("日期", "date"),
    "item": ("事项", "item"),
    "status": ("状态", "status"),
    "evidence": ("最新进展", "latest evidence"),
    "age": ("天数", "days"),
    "no_issuer": ("(未注明)", "(none)"),
    "total": ("合计", "total"),
}


def word(name: str, lang: Lang | str = Lang.ZH) -> str:
    """A label of the status table in the language asked for."""
    zh, en = _WORDS[name]
    return en if lang == Lang.EN else zh


def issuer_label(issuer: str | None, lang: Lang | str = Lang.ZH) -> str:
    """An issuer's name, or a word saying that the letter does not name one."""
    return issuer if issuer else word("no_issuer", lang)


def evidence_label(row: Row, lang: Lang | str = Lang.ZH) -> str:
    """The latest evidence as `date verdict` ('—' when there is none)."""
    if row.evidence_verdict is None:
        return "—"
    when = row.evidence_date.isoformat() if row.evidence_date else "?"
    return f"{when} {row.evidence_verdict.label(str(lang))}"


def context_line(
    commitments: int,
    letters: int,
    head: HeadInfo | None,
    *,
    as_of: tuple[str, date] | None = None,
    lang: Lang | str = Lang.ZH,
) -> str:
    """The line above the table: how many records, at which commit, any uncommitted changes."""
    zh = lang != Lang.EN
    parts = [
        f"{commitments} 项承诺，{letters} 封答复函"
        if zh
        else f"{commitments} commitments in {letters} letters"
    ]
    if as_of is not None:
        short, day = as_of
        parts.append(f"截至提交 {short}（{day}）" if zh else f"as of commit {short} ({day})")
    elif head is not None and head.refused:
        parts.append(
            "git 拒绝读取此仓库，没有历史" if zh else "git refuses this repository: no history"
        )
    elif head is None or not head.in_git:
        parts.append("不在 git 仓库中，没有历史" if zh else "not in a git repository: no history")
    elif head.commit is None:
        parts.append("尚无提交" if zh else "no commit yet")
    else:
        when = head.date.date().isoformat() if head.date else "?"
        parts.append(
            f"提交 {head.short}（{when}）" if zh else f"as of commit {head.short} ({when})"
        )
    if as_of is None and head is not None and head.dirty:
        n = len(head.dirty_paths)
        parts.append(
            f"另有未提交的修改（{n} 个文件）"
            if zh
            else f"uncommitted changes in {n} file{'s' if n != 1 else ''}"
        )
    return " · ".join(parts)


def counts_lines(
    counts: Counts, shown_of: int | None = None, lang: Lang | str = Lang.ZH
) -> list[str]:
    """The lines below the table: counts per status, then per issuer."""
    parts = [f"{s.label(str(lang))} {n}" for s, n in counts.by_status.items() if n]
    if counts.overdue:
        parts.insert(0, f"{'逾期' if str(lang) == 'zh' else 'overdue'} {counts.overdue}")
    total = f"{word('total', lang)} {counts.total}"
    if shown_of is not None and shown_of != counts.total:
        total += f" / {shown_of}"
    status_line = " · ".join([*parts, total])
    issuer_line = " · ".join(f"{issuer_label(i, lang)} {n}" for i, n in counts.by_issuer.items())
    return [status_line, issuer_line] if issuer_line else [status_line]


_SCORECARD_MAX = 10  # bureaus; a longer list belongs in the digest


def scorecard_lines(rows: Sequence[Row], lang: Lang | str = Lang.ZH) -> list[str]:
    """A line per bureau: kept, in progress, promised again, silent, overdue, the median days
    from promise to delivery and the promises carried over more than once. Empty when there
    are more than a few bureaus, or nothing beyond the status counts to tell; a bureau none of whose
    commitments has been followed up yet has no line."""
    zh = str(lang) == "zh"
    by: dict[str | None, list[Row]] = {}
    for r in rows:
        by.setdefault(r.issuer, []).append(r)
    if not by or len(by) > _SCORECARD_MAX:
        return []
    out = []
    telling = False
    for issuer in sorted(by, key=lambda i: (i is None, i or "")):
        its = by[issuer]
        st = Counter(r.status for r in its)
        days = sorted(
            (r.evidence_date - r.letter_date).days
            for r in its
            if r.status == Status.DONE and r.evidence_date and r.letter_date
        )
        median = None
        if days:
            mid = len(days) // 2
            median = days[mid] if len(days) % 2 else (days[mid - 1] + days[mid]) // 2
        overdue = sum(r.overdue for r in its)
        carried = sum(r.promised > 2 for r in its)
        followed = st[Status.DONE] + st[Status.IN_PROGRESS] + st[Status.REPEATED]
        if not (followed + st[Status.DROPPED] + overdue + carried):
            continue  # a bureau not followed up yet has nothing to score
        telling = telling or median is not None or bool(overdue) or bool(carried)
        parts = [
            f"{Status.DONE.label(str(lang))} {st[Status.DONE]}",
            f"{Status.IN_PROGRESS.label(str(lang))} {st[Status.IN_PROGRESS]}",
            f"{Status.REPEATED.label(str(lang))} {st[Status.REPEATED]}",
            f"{Status.DROPPED.label(str(lang))} {st[Status.DROPPED]}",
            f"{'逾期' if zh else 'overdue'} {overdue}",
        ]
        if median is not None:
            parts.append(
                f"兑现用时中位数 {median} 天" if zh else f"median {median} days to delivery"
            )
        parts.append(f"{'多次承诺' if zh else 'carried over twice or more'} {carried}")
        out.append(f"{issuer_label(issuer, lang)}{'：' if zh else ': '}" + " · ".join(parts))
    return out if telling else []


# --- machine output ----------------------------------------------------------------------------

FIELDS = rows.OUTPUT_NAMES  # the JSON keys and the CSV header, in order


# A value of a row's output field (rows.OUTPUT): what _SOURCES gives, one per field.
RowValue = str | int | float | bool | date | tuple[str, ...] | Status | Verdict | None

_SOURCES = attrgetter(*(f.source for f in rows.OUTPUT))  # a row's output values, as a tuple


def _plain_value(v: RowValue) -> JSON:
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, (Status, Verdict)):
        return v.value
    if isinstance(v, tuple):
        return [*v]
    return v


def row_data(row: Row, lang: Lang | str = Lang.ZH) -> dict[str, JSON]:
    """A row as plain data, keys in FIELDS order (the JSON object, the CSV line)."""
    data: dict[str, JSON] = dict(zip(FIELDS, map(_plain_value, _SOURCES(row)), strict=True))
    data["status_label"] = row.status.label(str(lang))
    if row.evidence_verdict is None:
        data["evidence_confirmed"] = None  # no evidence: nothing to confirm
    return data


def to_json(rows: Iterable[Row], lang: Lang | str = Lang.ZH) -> str:
    """The rows as a JSON array of objects, one row a line.

    Each line is what json's encoder makes of row_data(row) (a test holds them equal), written
    field by field: the strings of each row through json's own C string encoder, and the
    parts many rows share (a letter's fields, a status, an evidence letter, an area) encoded
    once. Tens of thousands of rows take a fraction of the time of a dict encoded per row.
    """
    lines = [*_json_lines(rows, str(lang))]
    if not lines:
        return "[]"
    lines[0] = "[\n" + lines[0]  # the brackets added to the end lines, not to the whole text
    lines[-1] += "\n]"
    return ",\n".join(lines)


def _json_lines(rows: Iterable[Row], lang: str) -> Iterator[str]:
    s: Callable[[str], str] = json.encoder.encode_basestring

    def encode(value: object) -> str:
        if value is None:
            return "null"
        if isinstance(value, date):
            return f'"{value.isoformat()}"'
        if isinstance(value, (Status, Verdict)):
            return s(value.value)
        if type(value) is str:
            return s(value)
        return json.dumps(value, ensure_ascii=False)

    statuses = {
        st: f'"status": {s(st.value)}, "status_label": {s(st.label(lang))}' for st in Status
    }
    letters: dict[tuple[object, ...], str] = {}
    evidence: dict[tuple[object, ...], str] = {}
    verdicts: dict[tuple[object, ...], str] = {}
    shared: dict[object, str] = {}

    def letter_part(key: tuple[object, ...]) -> str:
        reply, issuer, letter_date, doc_number = key
        part = letters[key] = (
            f'"reply": {encode(reply)}, "issuer": {encode(issuer)}, '
            f'"letter_date": {encode(letter_date)}, "doc_number": {encode(doc_number)}'
        )
        return part

    def evidence_part(key: tuple[object, ...]) -> str:
        part = evidence[key] = (
            f'"evidence_reply": {encode(key[0])}, "evidence_date": {encode(key[1])}'
        )
        return part

    def verdict_part(key: tuple[object, ...]) -> str:
        verdict, confirmed = key
        part = verdicts[key] = (
            f'"evidence_verdict": {encode(verdict)}, '
            f'"evidence_confirmed": {"null" if verdict is None else encode(bool(confirmed))}'
        )
        return part

    def once(value: object) -> str:
        part = shared[value] = encode(value)
        return part

    for r in rows:
        k = (r.reply, r.issuer, r.letter_date, r.doc_number)
        e = (r.evidence_reply, r.evidence_date)
        v = (r.evidence_verdict, r.evidence_confirmed)
        area, due, note, first = r.area, r.due, r.status_note, r.first_promised
        yield (
            f'{{"id": {s(r.id)}, {letters.get(k) or letter_part(k)}, '
            f'"area": {shared.get(area) or once(area)}, "text": {s(r.text)}, '
            f"{statuses[r.status]}, "
            f'"status_note": {"null" if note is None else s(note)}, '
            f'"tags": {_json_list(r.tags, s)}, "owners": {_json_list(r.owners, s)}, '
            f'"due": {shared.get(due) or once(due)}, '
            f'"overdue": {"true" if r.overdue else "false"}, '
            f'"late": {"true" if r.late else "false"}, "promised": {r.promised}, '
            f'"first_promised": {shared.get(first) or once(first)}, '
            f"{evidence.get(e) or evidence_part(e)}, "
            f"{verdicts.get(v) or verdict_part(v)}, "
            f'"evidence_count": {r.evidence_count}, '
            f'"age_days": {"null" if r.age is None else r.age}, "path": {s(r.path)}}}'
        )


def _json_list(items: Sequence[str], s: Callable[[str], str]) -> str:
    return "[" + ", ".join(map(s, items)) + "]" if items else "[]"


def to_csv(rows: Iterable[Row], lang: Lang | str = Lang.ZH) -> str:
    """The rows as CSV with a header line (lists joined with '; ', empty for null)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(FIELDS)
    labels = {st: st.label(str(lang)) for st in Status}
    cell, inert = _csv_cell, tx.inert_cell
    for r in rows:
        # the row's tuple of output values, not row_data's dict: one list a line
        values = [inert(cell(v)) for v in _SOURCES(r)]
        values[_LABEL_AT] = inert(labels[r.status])
        if r.evidence_verdict is None:
            values[_CONFIRMED_AT] = ""  # no evidence: nothing to confirm
        w.writerow(values)
    return buf.getvalue()


_LABEL_AT = FIELDS.index("status_label")
_CONFIRMED_AT = FIELDS.index("evidence_confirmed")


def _csv_cell(v: RowValue) -> Cell:
    """An output value as a CSV cell: lists joined with '; ', empty for null, true/false."""
    if type(v) is str:
        return v
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, tuple):
        return "; ".join(v)
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, (Status, Verdict)):
        return v.value
    return v


# --- history in words --------------------------------------------------------------------------


def _short(value: object, width: int = 32) -> str:
    if isinstance(value, str):
        return "「" + tx.shorten(" ".join(value.split()), width) + "」"
    return tx.shorten(json.dumps(value, ensure_ascii=False, default=str), width)


def _status_word(value: object, lang: Lang | str) -> str:
    if lang == Lang.EN or not isinstance(value, str):
        return str(value)
    try:
        return Status(value).label_zh
    except ValueError:
        return value


def _verdict_word(value: object, lang: Lang | str) -> str:
    if lang == Lang.EN or not isinstance(value, str):
        return str(value)
    try:
        return Verdict(value).label_zh
    except ValueError:
        return value


def describe_change(change: Change, lang: Lang | str = Lang.ZH) -> str:
    """One change in words: `status: 待跟进 → 推进中`, `evidence added: <reply> <verdict>`, ...

    Statuses and verdicts are shown as labels in Chinese, as file values in English.
    """
    # start-up: the CLI imports this module; history loads store and git
    from tracker.history import ChangeKind

    kind, f, old, new = change.kind, change.field, change.old, change.new
    if change.note and not f:
        return f"{'added, ' if kind == ChangeKind.ADDED else ''}{change.note}"
    if not f:
        if kind == ChangeKind.ADDED:
            if change.is_reply:
                return "added (letter)" if lang == Lang.EN else "added (答复函)"
            status = new.get("status", "pending") if isinstance(new, dict) else "pending"
            return f"added ({_status_word(status or 'pending', lang)})"
        return "removed"
    if f == "evidence":
        e = new if isinstance(new, dict) else old if isinstance(old, dict) else {}
        what = f"{e.get('reply', '?')} {_verdict_word(e.get('verdict', '?'), lang)}"
        if kind != ChangeKind.CHANGED:
            return f"evidence {kind.value}: {what}"
        diffs = []
        a = old if isinstance(old, dict) else {}
        b = new if isinstance(new, dict) else {}
        for k in ("verdict", "confirmed", "section", "line", "score"):
            if a.get(k) != b.get(k):
                va, vb = a.get(k), b.get(k)
                if k == "verdict":
                    va, vb = _verdict_word(va, lang), _verdict_word(vb, lang)
                elif k == "confirmed":
                    va, vb = str(bool(va)).lower(), str(bool(vb)).lower()
                diffs.append(f"{k} {va} → {vb}")
        return f"evidence changed: {what}" + (f" ({', '.join(diffs)})" if diffs else "")
    if f == "status":
        return f"status: {_status_word(old, lang)} → {_status_word(new, lang)}"
    if isinstance(old, list | type(None)) and isinstance(new, list | type(None)) and (old or new):
        before, after = old or [], new or []
        plus = [f"+{_plain(x)}" for x in after if x not in before]
        minus = [f"−{_plain(x)}" for x in before if x not in after]
        return f"{f}: {' '.join(plus + minus) or 'reordered'}"
    if kind == ChangeKind.ADDED:
        return f"{f} added: {_short(new)}"
    if kind == ChangeKind.REMOVED:
        return f"{f} removed (was {_short(old)})"
    return f"{f}: {_short(old)} → {_short(new)}"


def _plain(x: object) -> str:
    return x if isinstance(x, str) else json.dumps(x, ensure_ascii=False, default=str)


def change_data(change: Change, lang: Lang | str = Lang.ZH) -> dict[str, Data]:
    """A change as plain data (for `tracker log --json`)."""
    return {
        "commit": change.commit,
        "short": change.short,
        "author": change.author,
        "date": change.date.isoformat(),
        "message": change.message,
        "record": change.record,
        "path": change.path,
        "field": change.field,
        "kind": change.kind.value,
        "old": change.old,
        "new": change.new,
        "note": change.note,
        "summary": describe_change(change, lang),
    }
