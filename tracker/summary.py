"""What `tracker status` needs of each file, kept in one snapshot: .tracker-cache/status.msgpack.

The status table, its filters, JSON and CSV need a few facts of each record: a summary, a
NamedTuple of builtins, which loads several times faster than whole records. The snapshot holds
them in columns (see _Stored): every file walked with its content key (a git blob id or a stat
key, as the record cache's), what it holds, the commitments' and the replies' summaries in file
order, and the reading errors. msgspec decodes it into those types, checking each part on the
way; check_stored() checks the values types leave open, a column at a time. A snapshot that
fails any check, is truncated, written by other code or tracked by git is never used: the
summaries are made again and the snapshot rewritten. So a changed, added, removed or renamed
file never gets a stale summary; after a small change only the changed files are parsed again
(and the snapshot is rewritten whole). When many files changed (or there is no snapshot yet),
the summaries are made from the record cache instead, which is brought up to date as well.

Summaries, by file:

- a commitment: (COMMITMENT, id, reply, area, text, status, status_note, tags, owners, due,
  evidence, path, restated), with the status as its value, the due date as an ordinal, the
  evidence as (reply, verdict value, confirmed) tuples (rejected entries left out) and the ids
  of the later items restating it;
- a reply: (REPLY, id, date, issuer, doc_number), the date (Reply.date) as an ordinal and the
  issuer as Reply.effective_issuer;
- nothing (None) for a file that could not be read;

each with the file's reading errors as (path, formatted problem) pairs. check_summary() is the
one-file reference of what a summary may be: check_stored() accepts no snapshot holding a value
it refuses (a test holds them together).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import time
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import partial
from itertools import chain, compress, count, repeat
from operator import eq, is_, itemgetter, ne
from pathlib import Path
from typing import Any, NamedTuple

from tracker import store
from tracker.cache import (
    CACHE_DIR,
    RECORD_CODE,
    Key,
    Mismatch,
    are_keys,
    code_fingerprint,
    content_key,
    git_blob_keys,
    read_file,
    still_valid,
    tracked,
    write_file,
)
from tracker.model import Commitment, Level, Problem, Reply, Status, Verdict
from tracker.rows import (  # noqa: F401  (build_rows: the builder, for the status command)
    COMMITMENT,
    REPLY,
    CommitmentSummary,
    ReplySummary,
    Summaries,
    build_rows,
    of_commitment,
    of_reply,
)

STATUS_CACHE = "status.msgpack"
# The code that decides what a file's summary is: the record code, this module and rows.
SUMMARY_CODE = (*RECORD_CODE, "summary", "rows")
# Changed files parsed here one by one; more than this are read through the record cache.
FEW = 500

Errors = tuple[tuple[str, str], ...]
Summary = tuple[tuple[Any, ...] | None, Errors]

_STATUS = {s.value: s for s in Status}
_VERDICT = {v.value: v for v in Verdict}


def errors_of(problems: list[Problem]) -> Errors:
    """The reading errors among problems, as (path, formatted problem) pairs."""
    return tuple((p.path, p.format()) for p in problems if p.level == Level.ERROR)


def summarize(
    record: Reply | Commitment | None, problems: list[Problem], rel: str | None = None
) -> Summary:
    """The summary of what one file parsed to; `rel`: the file's path, the cache's key (one
    object for both)."""
    errors = errors_of(problems)
    if isinstance(record, Commitment):
        return of_commitment(record, rel), errors
    if isinstance(record, Reply):
        return of_reply(record), errors
    return None, errors


_MAX_ORDINAL = date.max.toordinal()


def _day(v: Any) -> bool:
    return v is None or (type(v) is int and 1 <= v <= _MAX_ORDINAL)


def _text(v: Any) -> bool:
    return v is None or type(v) is str


def _texts(v: Any) -> bool:
    return type(v) is tuple and all(type(x) is str for x in v)


def check_summary(v: Any) -> Summary:
    """A summary read from the cache, checked to be one summarize() could have made (plain
    tuples of the right lengths, types and values); raises Mismatch otherwise."""
    if type(v) is not tuple or len(v) != 2:
        raise Mismatch("summary")
    rec, errors = v
    if type(errors) is not tuple or not all(
        type(e) is tuple and len(e) == 2 and type(e[0]) is str and type(e[1]) is str for e in errors
    ):
        raise Mismatch("errors")
    if rec is None:
        if not errors:  # a file read as nothing always says why
            raise Mismatch("no record and no error")
        return v
    if type(rec) is not tuple:
        raise Mismatch("record")
    n = len(rec)
    if n == 13 and rec[0] == COMMITMENT and type(rec[0]) is int:
        _, cid, reply, area, text, status, note, tags, owners, due, evidence, path, restated = rec
        if (
            type(cid) is str
            and type(reply) is str
            and _text(area)
            and type(text) is str
            and type(status) is str
            and status in _STATUS
            and _text(note)
            and _texts(tags)
            and _texts(owners)
            and _day(due)
            and type(path) is str
            and _texts(restated)
            and type(evidence) is tuple
            and all(
                type(e) is tuple
                and len(e) == 3
                and type(e[0]) is str
                and type(e[1]) is str
                and e[1] in _VERDICT
                and type(e[2]) is bool
                for e in evidence
            )
        ):
            return v
    elif (
        n == 5
        and rec[0] == REPLY
        and type(rec[0]) is int
        and type(rec[1]) is str
        and _day(rec[2])
        and _text(rec[3])
        and _text(rec[4])
    ):
        return v
    raise Mismatch("record")


_NONE = type(None)


def _all(types: frozenset[type], values: Iterable[Any]) -> bool:
    return types.issuperset(map(type, values))


_STR: frozenset[type] = frozenset((str,))
_TUPLE: frozenset[type] = frozenset((tuple,))


def check_summaries(values: list[Any]) -> list[Any]:
    """check_summary() of every value at once, in a few passes made in C rather than value by
    value: the types of each record's fields as one tuple (its shape, among the few allowed),
    then the texts inside its tuples, its status, due day and evidence; raises Mismatch when
    any value has another shape."""
    if not values:
        return values
    if not _all(_TUPLE, values) or set(map(len, values)) != {2}:
        raise Mismatch("summary")
    errors = _column(values, 1)
    if not _all(_TUPLE, errors):
        raise Mismatch("errors")
    flat = list(chain.from_iterable(errors))
    if flat and (
        not _all(_TUPLE, flat)
        or set(map(len, flat)) != {2}
        or not _all(_STR, chain.from_iterable(flat))
    ):
        raise Mismatch("errors")
    commitments, replies, empty = [], [], []
    for rec, errs in values:  # sorted by shape: one pass in Python, no checks
        if rec is None:
            empty.append(errs)
        elif type(rec) is tuple and len(rec) == 13:
            commitments.append(rec)
        elif type(rec) is tuple and len(rec) == 5:
            replies.append(rec)
        else:
            raise Mismatch("record")
    if not all(empty):  # a file read as nothing always says why
        raise Mismatch("no record and no error")
    if commitments:
        # each row's types as one tuple, made in C, one pass over the rows: a few shapes in all
        if not _COMMITMENT_SHAPES.issuperset(map(tuple, map(map, repeat(type), commitments))):
            raise Mismatch("record")
        head = list(map(itemgetter(0, 5, 9), commitments))  # kind, status, due
        if (
            set(map(itemgetter(0), head)) != {COMMITMENT}
            or not _STATUS.keys() >= set(map(itemgetter(1), head))
            or not _in_days([d for d in map(itemgetter(2), head) if d is not None])
            or not _all(_STR, chain.from_iterable(chain.from_iterable(map(_TEXTS, commitments))))
        ):
            raise Mismatch("record")
        entries = list(chain.from_iterable(map(itemgetter(10), commitments)))
        if entries and (
            not _EVIDENCE_SHAPES.issuperset(map(tuple, map(map, repeat(type), entries)))
            or not _VERDICT.keys() >= set(map(itemgetter(1), entries))
        ):
            raise Mismatch("evidence")
    if replies:
        if not _REPLY_SHAPES.issuperset(map(tuple, map(map, repeat(type), replies))):
            raise Mismatch("record")
        if set(map(itemgetter(0), replies)) != {REPLY} or not _in_days(
            [d for d in map(itemgetter(2), replies) if d is not None]
        ):
            raise Mismatch("record")
    return values


_TEXTS = itemgetter(7, 8, 12)  # a commitment's tags, owners and restated: tuples of texts
_COMMITMENT_SHAPES = frozenset(
    (int, str, str, area, str, str, note, tuple, tuple, due, tuple, str, tuple)
    for area in (str, _NONE)
    for note in (str, _NONE)
    for due in (int, _NONE)
)
_REPLY_SHAPES = frozenset(
    (int, str, day, issuer, number)
    for day in (int, _NONE)
    for issuer in (str, _NONE)
    for number in (str, _NONE)
)
_EVIDENCE_SHAPES = frozenset([(str, str, bool)])


def _in_days(days: list[int]) -> bool:
    """Every number a day's ordinal."""
    return not days or (min(days) >= 1 and max(days) <= _MAX_ORDINAL)


def _column(rows: list[Any], i: int) -> list[Any]:
    """The i-th value of every row (a column), taken in C (zip(*rows) costs an iterator a row)."""
    return list(map(itemgetter(i), rows))


# --- the snapshot: .tracker-cache/status.msgpack -----------------------------------------------


class _Stored(NamedTuple):
    """The snapshot as the file holds it, in columns: each file walked with its key and what it
    holds, the commitments' and the replies' summaries in file order, and the reading errors."""

    rels: list[str]  # the files, in walk order (store.tree_rels)
    keys: list[WireKey]  # each file's content key as wire_key() holds it
    kinds: list[int]  # what each file holds: COMMITMENT, REPLY or NOTHING
    commitments: list[CommitmentSummary]  # of the files holding a commitment, in file order
    replies: list[ReplySummary]  # of the files holding a reply, in file order
    errors: list[tuple[int, str, str]]  # (file's index, path, formatted problem), file order


NOTHING = 2  # the kind of a file read as nothing (it has errors)

# A content key as the snapshot holds it: a git key's blob id alone, a stat key whole, None
# for a file read again next time (see wire_key).
WireKey = str | Key | None


def wire_key(key: Key | None) -> WireKey:
    """A file's key as the snapshot holds it: ("git", blob id) as the blob id, so that a warm
    run compares the column with what git says in one step (see _update)."""
    return key[1] if key is not None and key[0] == "git" and type(key[1]) is str else key


def _body_type() -> Any:
    """What msgspec checks the file against while it decodes it: every part of every column
    (the summaries as the NamedTuples they are, of builtins only; no other type can be named)."""
    return tuple[
        list[str],
        list[str | tuple[str | int, ...] | None],
        list[int],
        list[CommitmentSummary],
        list[ReplySummary],
        list[tuple[int, str, str]],
    ]


_BODY: list[Any] = []  # the type, made once: msgspec compiles a decoder per type


def _snapshot_path(root: Path) -> Path:
    return root / CACHE_DIR / STATUS_CACHE


# A few changed files are saved as a patch beside the snapshot (their keys and summaries, by
# file index), not by rewriting its tens of megabytes; the patch names the snapshot it applies to
# by the token in the snapshot's head. The snapshot alone is never wrong, only older: every file
# whose key differs from the one kept is read again.
PATCH = STATUS_CACHE + ".patch"
PATCH_MIN = 256  # files a patch may always hold; more when the tree is large (5 %)

# What load() needs of the snapshot it read besides its columns: the token of the main file,
# and the file indices its patch held (None: no token, a patch cannot be written for it).
_Base = tuple[str | None, frozenset[int]]


def _patch_type() -> Any:
    """The patch as the file holds it: the changed files' indices, then the columns of those
    files alone (keys, kinds, summaries, errors by file index), as the snapshot holds them."""
    return tuple[
        list[int],
        list[str | tuple[str | int, ...] | None],
        list[int],
        list[CommitmentSummary],
        list[ReplySummary],
        list[tuple[int, str, str]],
    ]


def _read(root: Path, refused: Callable[[], bool] | None = None) -> _Stored | None:
    """The snapshot, or None: missing, corrupt, written by other code, of another shape, with
    a value no summary has (see check_stored), or tracked by git (never trusted; `refused`:
    what cache.tracked() says of it, when the caller has asked in the background). Its patch,
    when there is one for it, is applied."""
    got = _read_base(root, refused)
    return None if got is None else got[0]


def _read_base(
    root: Path, refused: Callable[[], bool] | None = None
) -> tuple[_Stored, _Base] | None:
    """_read(), with what the snapshot's patch held (see _Base)."""
    path = _snapshot_path(root)
    if refused is None:
        refused = partial(tracked, root, path)
    if not _BODY:
        _BODY.extend((_body_type(), _patch_type()))
    fingerprint = code_fingerprint(SUMMARY_CODE)
    base: _Base = (None, frozenset())
    try:
        got = read_file(path, fingerprint, _BODY[0])
        stored = None if got is None else _Stored(*got[1])
        if got is not None and stored is not None:
            check_stored(stored)
            token = got[0].get("token")
            base = (token if type(token) is str else None, frozenset())
    except Exception:  # noqa: BLE001 - missing, truncated, forged or foreign: rebuilt
        stored = None
    patched = None
    if stored is not None and base[0] is not None:
        with contextlib.suppress(Exception):  # no patch, or none to trust: the snapshot alone
            patched = _read_patch(path.with_name(PATCH), fingerprint, base[0], stored)
    # awaited whatever was read: the question, and the note it may print, are over before
    # the caller asks about other cache files
    if stored is None or refused():
        return None
    if patched is not None and not tracked(root, path.with_name(PATCH)):
        return patched[0], (base[0], patched[1])
    return stored, base


def _read_patch(
    path: Path, fingerprint: str, token: str, stored: _Stored
) -> tuple[_Stored, frozenset[int]] | None:
    """The snapshot with its patch applied, and the indices the patch held; None when the patch
    belongs to another snapshot. Raises when it is missing, corrupt or of another shape, or
    holds what no summary may (checked as the snapshot is, file by file of the patch)."""
    got = read_file(path, fingerprint, _BODY[1])
    if got is None or got[0].get("token") != token:
        return None
    at, keys, kinds, commitments, replies, errors = got[1]
    n = len(stored.rels)
    if at != sorted(set(at)) or (at and (at[0] < 0 or at[-1] >= n)):
        raise Mismatch("indices")
    place = {i: k for k, i in enumerate(at)}
    # the patch's files as a snapshot of their own, checked as a snapshot is
    alone = _Stored(
        [stored.rels[i] for i in at],
        keys,
        kinds,
        commitments,
        replies,
        [(place[i], p, line) for i, p, line in errors],
    )
    check_stored(alone)
    changes = {
        i: (keys[k], value) for k, (i, value) in enumerate(zip(at, _per_file(alone), strict=True))
    }
    return _apply(stored, changes)[0], frozenset(at)


def check_stored(s: _Stored) -> None:
    """The checks msgspec's types leave (the columns' lengths, the kinds, the values a field
    may hold: a status, a verdict, a day), made in C a column at a time; raises Mismatch. A
    snapshot passes only when every file's value is one check_summary() accepts."""
    n = len(s.rels)
    if len(s.keys) != n or len(s.kinds) != n or len(set(s.rels)) != n:
        raise Mismatch("columns")
    if not {COMMITMENT, REPLY, NOTHING}.issuperset(s.kinds):
        raise Mismatch("kind")
    if s.kinds.count(COMMITMENT) != len(s.commitments) or s.kinds.count(REPLY) != len(s.replies):
        raise Mismatch("columns")
    if not are_keys([k for k in s.keys if type(k) is tuple], tuples=True):
        raise Mismatch("key")
    cs, rs = s.commitments, s.replies
    if cs and (
        set(map(itemgetter(0), cs)) != {COMMITMENT}
        or not _STATUS.keys() >= set(map(itemgetter(5), cs))
        or not _in_days([d for d in map(itemgetter(9), cs) if d is not None])
        or not _VERDICT.keys()
        >= set(map(itemgetter(1), chain.from_iterable(map(itemgetter(10), cs))))
    ):
        raise Mismatch("commitment")
    if rs and (
        set(map(itemgetter(0), rs)) != {REPLY}
        or not _in_days([d for d in map(itemgetter(2), rs) if d is not None])
    ):
        raise Mismatch("reply")
    where = list(map(itemgetter(0), s.errors))
    if where and (where != sorted(where) or where[0] < 0 or where[-1] >= n):
        raise Mismatch("errors")
    # a file read as nothing always says why
    if NOTHING in s.kinds and not set(where).issuperset(
        compress(count(), map(eq, s.kinds, repeat(NOTHING)))
    ):
        raise Mismatch("no record and no error")


def _per_file(s: _Stored) -> list[Summary]:
    """Each file's summary (what summarize() gave), in the snapshot's file order."""
    errors: dict[int, list[tuple[str, str]]] = {}
    for i, path, line in s.errors:
        errors.setdefault(i, []).append((path, line))
    commitments, replies = iter(s.commitments), iter(s.replies)
    out: list[Summary] = []
    for i, kind in enumerate(s.kinds):
        rec: tuple[Any, ...] | None = (
            next(commitments) if kind == COMMITMENT else next(replies) if kind == REPLY else None
        )
        out.append((rec, tuple(errors.get(i, ()))))
    return out


def _summaries(problems: list[Problem], s: _Stored) -> Summaries:
    """What _assemble() makes of the snapshot's files, taken from its columns as they are when
    no id is held twice (the usual case); else by _assemble() itself."""
    cs, rs = s.commitments, s.replies
    ids = list(map(itemgetter(1), cs))
    reply_ids = list(map(itemgetter(1), rs))
    if len(set(ids)) != len(ids) or len(set(reply_ids)) != len(reply_ids):
        return _assemble(problems, _per_file(s))
    if ids != sorted(ids):
        cs = sorted(cs, key=itemgetter(1))
    errors = [*errors_of(problems), *((path, line) for _, path, line in s.errors)]
    return Summaries(list(cs), dict(zip(reply_ids, rs, strict=True)), errors)


def _save(root: Path, rels: list[str], keys: list[WireKey], values: list[Summary]) -> None:
    """Write the snapshot of these files whole (atomically); never fails: a read-only or full
    disk only costs the next run its time."""
    path = _snapshot_path(root)
    if tracked(root, path):
        return
    kinds: list[int] = []
    commitments: list[Any] = []
    replies: list[Any] = []
    errors: list[tuple[int, str, str]] = []
    for i, (rec, errs) in enumerate(values):
        if rec is None:
            kinds.append(NOTHING)
        elif rec[0] == COMMITMENT:
            kinds.append(COMMITMENT)
            commitments.append(rec)
        else:
            kinds.append(REPLY)
            replies.append(rec)
        errors.extend((i, p, line) for p, line in errs)
    _write(root, _Stored(rels, keys, kinds, commitments, replies, errors))


def _write(root: Path, columns: _Stored) -> None:
    """Write the snapshot's columns whole (atomically), under a new token, and remove its
    patch; never fails (see _save)."""
    path = _snapshot_path(root)
    if tracked(root, path):
        return
    with contextlib.suppress(OSError, TypeError, ValueError, OverflowError):
        head = {"token": secrets.token_hex(8)}
        write_file(path, code_fingerprint(SUMMARY_CODE), head, tuple(columns), typed=True)
        # the patch of the former snapshot, and the journal of the per-file layout before it
        for name in (PATCH, STATUS_CACHE + ".journal"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path.with_name(name))


def _write_patch(root: Path, now: _Stored, base: _Base, changed: Iterable[int]) -> None:
    """Save the snapshot `now` as a patch of the one on disk (`base`: its token and the files
    its patch held) when the files changed since it are few; else write it whole."""
    token, held = base
    at = sorted(held.union(changed))
    path = _snapshot_path(root).with_name(PATCH)
    if token is None or len(at) > max(PATCH_MIN, len(now.rels) // 20) or tracked(root, path):
        _write(root, now)
        return
    # each patched file's place in the summaries' columns: how many files of its kind before it
    places = {
        kind: list(compress(count(), map(eq, now.kinds, repeat(kind))))
        for kind in (COMMITMENT, REPLY)
    }
    column: dict[int, list[Any]] = {COMMITMENT: now.commitments, REPLY: now.replies}
    kinds = [now.kinds[i] for i in at]
    summaries: dict[int, list[Any]] = {COMMITMENT: [], REPLY: []}
    for i, kind in zip(at, kinds, strict=True):
        if kind != NOTHING:
            summaries[kind].append(column[kind][bisect_left(places[kind], i)])
    wanted = set(at)
    body = (
        at,
        [now.keys[i] for i in at],
        kinds,
        summaries[COMMITMENT],
        summaries[REPLY],
        [e for e in now.errors if e[0] in wanted],
    )
    with contextlib.suppress(OSError, TypeError, ValueError, OverflowError):
        write_file(path, code_fingerprint(SUMMARY_CODE), {"token": token}, body, typed=True)


def load(
    root: Path, blob_keys: Callable[[], dict[str, str] | None] | None = None, *, few: int = FEW
) -> Summaries:
    """The summaries of every file of the tree, from the snapshot where the file is unchanged.

    `blob_keys`: what cache.git_blob_keys(root, COMMITMENTS_DIR) says, when the caller has
    already asked git in the background (called once the tree is walked); `few`: more changed
    files than this are read through the record cache, fewer one by one. Never writes the
    tree; the snapshot is brought up to date.
    """
    from concurrent.futures import ThreadPoolExecutor

    problems: list[Problem] = []
    since = time.time_ns()
    # git answers in its own processes while this one reads the snapshot and walks the tree
    with ThreadPoolExecutor(max_workers=1) as ex:
        # whether git tracks the snapshot (then it is never used), asked while it is decoded
        refused = ex.submit(tracked, root, _snapshot_path(root)).result
        if blob_keys is None:
            blob_keys = ex.submit(git_blob_keys, root, store.COMMITMENTS_DIR).result
        got = _read_base(root, refused)
        stored, base = got if got is not None else (None, (None, frozenset()))
        unusual: list[str] = []
        rels: list[str] = []
        if stored is not None:
            rels = store.tree_rels(root, problems, cache=True, unusual=unusual)
        blobs = blob_keys()
    if stored is None:  # nothing kept yet: everything comes from the record cache
        rels, found, values = _from_records(root, problems, unusual)
        _save(root, rels, [wire_key(found[rel]) for rel in rels], values)
        s = _assemble(problems, values)
    else:
        s = _update(root, stored, base, rels, blobs, problems, unusual, few, since)
    s.files, s.unusual = rels, bool(unusual)
    return s


def _update(
    root: Path,
    stored: _Stored,
    base: _Base,
    rels: list[str],
    blobs: dict[str, str] | None,
    problems: list[Problem],
    unusual: list[str],
    few: int,
    since: int,
) -> Summaries:
    """The summaries of the tree walked (`rels`), from the snapshot where a file's key is the
    one it was kept under (cache.keys_from()'s keys, each compared as it is made); the files
    changed, added or renamed are read again, and the snapshot rewritten when anything differs.

    When the same files were walked and git gives the blob ids, the files whose key git does
    not vouch for are found in C and only they are looked at; what they hold now is put in the
    snapshot's columns in place (_patched), so the other files' summaries are never taken apart.
    """
    git = blobs is not None
    blob_of = (blobs if blobs is not None else {}).get
    same = stored.rels == rels  # the usual case: compared in C, looked up by position
    old_keys = stored.keys
    keys: list[WireKey]
    misses: list[tuple[int, str, Key | None]] = []
    if same and git:
        now = list(map(blob_of, rels))
        # the files whose blob id is not the one kept (a changed file has none from git), and
        # those kept under no key: found in C, a few out of tens of thousands
        looked = list(compress(count(), map(ne, now, old_keys)))
        if None in old_keys:
            looked = sorted({*looked, *compress(count(), map(is_, old_keys, repeat(None)))})
        keys = list(old_keys)
        for i in looked:
            key, kept = _key_now(root, rels[i], old_keys[i], now[i], git)
            if not kept:
                keys[i] = wire_key(key)
                misses.append((i, rels[i], key))
        if not misses:  # nothing changed: the snapshot as it is
            return _summaries(problems, stored)
        if len(misses) <= few:
            return _patched(root, stored, base, keys, misses, problems, since)
    else:
        pos = None if same else dict(zip(stored.rels, range(len(stored.rels)), strict=True))
        keys = []
        for i, rel in enumerate(rels):
            j = i if pos is None else pos.get(rel)
            old = old_keys[j] if j is not None else None
            key, kept = _key_now(root, rel, old, blob_of(rel), git)
            keys.append(old if kept else wire_key(key))
            if not kept:
                misses.append((i, rel, key))
        if same and not misses:  # nothing changed: the snapshot as it is
            return _summaries(problems, stored)
    if len(misses) > few:
        problems.clear()
        unusual.clear()
        new_rels, found, fresh = _from_records(root, problems, unusual)
        rels[:] = new_rels
        _save(root, rels, [wire_key(found[rel]) for rel in rels], fresh)
        return _assemble(problems, fresh)
    kept_values = _per_file(stored)
    values: list[Summary]
    if same:
        values = list(kept_values)
    else:
        at = dict(zip(stored.rels, range(len(stored.rels)), strict=True))
        empty: Summary = (None, ())  # a miss: its value is made below
        values = [kept_values[j] if (j := at.get(rel)) is not None else empty for rel in rels]
    for i, value in _read_misses(root, misses, keys, since).items():
        values[i] = value
    if not same or any(keys[i] != old_keys[i] or values[i] != kept_values[i] for i, _, _ in misses):
        _save(root, rels, keys, values)
    return _assemble(problems, values)


def _key_now(
    root: Path, rel: str, old: WireKey, blob: str | None, git: bool
) -> tuple[Key | None, bool]:
    """A file's content key now, and whether it is the one kept (`old`); `blob`: its blob id
    as git gives it (None: git does not vouch for the file, its key is made from the file)."""
    if blob is not None:
        return ("git", blob), old == blob
    key = content_key(root / rel, git=git, max_bytes=store.MAX_FILE_BYTES)
    return key, key is not None and wire_key(key) == old


def _read_misses(
    root: Path, misses: list[tuple[int, str, Key | None]], keys: list[WireKey], since: int
) -> dict[int, Summary]:
    """The summaries of the missed files, parsed now, by file index; a file changed while it
    was read (or never cacheable) is kept under no key in `keys`: read next time."""
    parsed = store.parse_many(root, [rel for _, rel, _ in misses])
    out: dict[int, Summary] = {}
    for (i, rel, key), (record, got) in zip(misses, parsed, strict=True):
        out[i] = summarize(record, got, rel)
        if not still_valid(root, rel, key, since):
            keys[i] = None
    return out


def _patched(
    root: Path,
    stored: _Stored,
    base: _Base,
    keys: list[WireKey],
    misses: list[tuple[int, str, Key | None]],
    problems: list[Problem],
    since: int,
) -> Summaries:
    """The summaries when the same files were walked and a few of them changed: each changed
    file's summary replaces its own in the columns (what _save() would write of every file's
    value, without taking the others apart), and the change is saved, as a patch of the
    snapshot when it is small, when anything differs."""
    values = _read_misses(root, misses, keys, since)
    now, changed = _apply(stored, {i: (keys[i], value) for i, value in values.items()})
    if not changed:
        return _summaries(problems, stored)
    _write_patch(root, now, base, values)
    return _summaries(problems, now)


def _apply(stored: _Stored, changes: dict[int, tuple[WireKey, Summary]]) -> tuple[_Stored, bool]:
    """The snapshot with these files' keys and summaries (by file index) in place of theirs,
    and whether anything differs."""
    keys = list(stored.keys)
    kinds = list(stored.kinds)
    commitments = list(stored.commitments)
    replies = list(stored.replies)
    column: dict[int, list[Any]] = {COMMITMENT: commitments, REPLY: replies}
    # each kind's files in file order: a file's place in its column is how many come before it
    # (changes are made from the last file to the first, so the places before it still hold)
    places = {
        kind: list(compress(count(), map(eq, stored.kinds, repeat(kind))))
        for kind in (COMMITMENT, REPLY)
    }
    errors_at: dict[int, list[tuple[int, str, str]]] = {}
    for e in stored.errors:
        errors_at.setdefault(e[0], []).append(e)
    differs = False
    for i in sorted(changes, reverse=True):
        key, (rec, errs) = changes[i]
        if keys[i] != key:
            keys[i] = key
            differs = True
        kind = NOTHING if rec is None else COMMITMENT if rec[0] == COMMITMENT else REPLY
        old_kind = kinds[i]
        at_old = bisect_left(places[old_kind], i) if old_kind != NOTHING else -1
        old_rec = column[old_kind][at_old] if old_kind != NOTHING else None
        new_errors = [(i, p, line) for p, line in errs]
        if kind == old_kind and old_rec == rec and errors_at.get(i, []) == new_errors:
            continue
        differs = True
        if old_kind != NOTHING:
            del column[old_kind][at_old]
        kinds[i] = kind
        if kind != NOTHING:
            column[kind].insert(bisect_left(places[kind], i), rec)
        if new_errors:
            errors_at[i] = new_errors
        else:
            errors_at.pop(i, None)
    if not differs:
        return stored, False
    errors = [e for i in sorted(errors_at) for e in errors_at[i]]
    return _Stored(stored.rels, keys, kinds, commitments, replies, errors), True


def _from_records(
    root: Path, problems: list[Problem], unusual: list[str]
) -> tuple[list[str], dict[str, Any], list[Summary]]:
    """Every file's summary made from the record cache (brought up to date as well)."""
    rels, keys, parsed = store.cached_values(root, problems, unusual)
    return (
        rels,
        keys,
        [summarize(record, found, rel) for rel, (record, found) in zip(rels, parsed, strict=True)],
    )


def _assemble(problems: list[Problem], values: Sequence[Summary | None]) -> Summaries:
    """Summaries in file order as store.load_tree() assembles records: the first file of an id
    holds it, and the commitments are in id order."""
    errors = list(errors_of(problems))
    commitments: list[CommitmentSummary] = []
    seen: set[str] = set()
    replies: dict[str, ReplySummary] = {}
    typed = tuple.__new__  # the checked plain tuples as the records they are
    for value in values:
        if value is None:
            continue
        rec, errs = value
        if errs:
            errors.extend(errs)
        if rec is None:
            continue
        if rec[0] == COMMITMENT:
            if rec[1] not in seen:
                seen.add(rec[1])
                commitments.append(typed(CommitmentSummary, rec))
        elif rec[1] not in replies:
            replies[rec[1]] = typed(ReplySummary, rec)
    ids = [c[1] for c in commitments]
    if ids != sorted(ids):
        commitments.sort(key=lambda c: c[1])
    return Summaries(commitments, replies, errors)
