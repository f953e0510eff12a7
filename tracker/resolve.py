"""Ids as people type them, resolved to the records they mean: one set of rules and messages.

Every command that takes ids (`show`, `log`, `diff`) resolves them here:

- an id may be given as a file's path (`commitments/x/01.yaml`), a letter's folder or its
  `reply.yaml`; full-width forms (`０３`, `／`) are read as their half-width ones;
- an exact id is the record itself; a letter's id stands for its commitments where a command
  takes commitments;
- the start of an id selects every record it begins, where a command takes several; where it
  takes one (`show`), it must begin exactly one commitment;
- an id that matches nothing gets a "did you mean": the padded number (`x/2` -> `x/02`), the
  closest ids, or, for a copy of a file (`03 副本.yaml`, `03 (1).yaml`, `03 - Copy.yaml`), the
  file it copies and what to do with the copy.

Pure functions over the ids of a tree (layer 3): no I/O. Messages in Chinese and English.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Collection, Iterable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.labels import message
from tracker.model import UsageError

if TYPE_CHECKING:
    from tracker.store import Tree


class Want(Enum):
    """What a command takes."""

    ONE = "one"  # exactly one commitment (show)
    COMMITMENTS = "commitments"  # any number of commitments; a letter is its commitments (diff)
    RECORDS = "records"  # commitments or letters, any number (log)


# A file name a file manager or an editor gives a copy: "03 副本", "03 - 副本 (2)", "03的副本",
# "副本 03", "03 (1)", "03 copy", "03 - Copy", "Copy of 03", "03_复制".
_COPY = re.compile(
    r"^(?:(?:副本|copy of)[\s_-]*)?(?P<base>\d+)"
    r"(?:[\s_-]*(?:的?副本|copy|复制|拷贝)(?:[\s_-]*\(?\d+\)?)?|[\s_-]*[(（]\d+[)）])?$",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d+")


def normal_id(ident: str) -> str:
    """An id as typed, or a file's path, as a record id (commitments/x/01.yaml -> x/01)."""
    q = unicodedata.normalize("NFKC", ident).strip().replace("\\", "/")
    q = q.removeprefix("./").removeprefix("commitments/").rstrip("/")
    q = q.removesuffix(".yaml").removesuffix(".yml")
    return q.removesuffix("/reply")


def copy_of(name: str) -> str | None:
    """The number a copied file's name copies (`03 副本` -> `03`), or None when not a copy."""
    m = _COPY.match(unicodedata.normalize("NFKC", name).strip())
    if m is None or m.group(0) == m.group("base"):
        return None
    return m.group("base")


def next_number(taken: Iterable[str]) -> str:
    """The next free commitment number after the highest taken one, padded as they are."""
    numbers = [n for n in taken if n.isdigit()]
    width = max((len(n) for n in numbers), default=2)
    return str(max((int(n) for n in numbers), default=0) + 1).zfill(max(width, 2))


def copy_hint(rel: str, record_id: str, commitments: Iterable[str], lang: str = "en") -> str | None:
    """What to do with a file that looks like a copy of another (`x/03 副本.yaml`), or None.

    `record_id` is the id written in the copy; `commitments` the ids of the tree.
    """
    folder, _, name = rel.rpartition("/")
    stem = name.rsplit(".", 1)[0]
    base = copy_of(stem)
    if base is None:
        return None
    letter = folder.rpartition("/")[2]
    free = next_number(c.rpartition("/")[2] for c in commitments if c.rpartition("/")[0] == letter)
    same = message("copy_same_id", lang) if record_id == f"{letter}/{base}" else ""
    return message(
        "copy_hint",
        lang,
        name=name,
        base=f"{base}.yaml",
        same=same,
        free=free,
        id=f"{letter}/{free}",
    )


def resolve(
    ident: str,
    commitments: Collection[str],
    replies: Collection[str],
    want: Want,
    *,
    lang: str = "en",
    keep_unknown: bool = False,
) -> list[str]:
    """The record ids `ident` names (see the module's rules), or UsageError saying what to do.

    `commitments` and `replies`: the ids of the tree. For Want.RECORDS a letter's id is
    returned as itself; for the others, as its commitments (sorted). `keep_unknown`: an id
    that matches nothing and is no near miss is returned as given (a record since removed,
    whose history `log` still shows).
    """
    q = normal_id(ident)
    if not q:
        raise UsageError(message("id_empty", lang), message("id_hint", lang))
    if q in commitments:
        return [q]
    if q in replies:
        if want == Want.RECORDS:
            return [q]
        own = sorted(c for c in commitments if c.startswith(q + "/"))
        if want == Want.ONE:
            raise UsageError(
                message("id_is_letter", lang, ident=ident, n=len(own)) + _listed(own, lang),
                message("id_give_one", lang, example=own[0]) if own else message("id_hint", lang),
            )
        if not own:
            raise UsageError(
                message("letter_without_commitments", lang, ident=q),
                message("letter_without_commitments_hint", lang),
            )
        return own
    _no_near_miss(ident, q, commitments, replies, lang)
    hit_commitments = sorted(c for c in commitments if c.startswith(q))
    if want == Want.ONE:
        if len(hit_commitments) == 1:
            return hit_commitments
        if hit_commitments:
            raise UsageError(
                message("id_several", lang, ident=ident, n=len(hit_commitments))
                + _listed(hit_commitments, lang),
                message("id_more", lang),
            )
    elif want == Want.COMMITMENTS:
        if hit_commitments:
            return hit_commitments
        if any(r.startswith(q) for r in replies):  # letters begun by it, without commitments
            raise UsageError(
                message("letter_without_commitments", lang, ident=ident),
                message("letter_without_commitments_hint", lang),
            )
    else:
        hit_replies = sorted(r for r in replies if r.startswith(q))
        if hit_replies:  # whole letters: each stands for its commitments in the history
            return hit_replies
        if hit_commitments:
            return hit_commitments
    if keep_unknown:
        return [q]
    raise UsageError(*_not_found(ident, q, commitments, replies, want, lang))


def _listed(ids: list[str], lang: str, shown: int = 8) -> str:
    if not ids:
        return ""
    more = message("id_in_all", lang, n=len(ids)) if len(ids) > shown else ""
    return ": " + ", ".join(ids[:shown]) + more


def _no_near_miss(
    ident: str, q: str, commitments: Collection[str], replies: Collection[str], lang: str
) -> None:
    """Refuse, with the id meant, what begins nothing as typed but names a record once its
    number is padded (`x/2`, `x/002`) or once a copy's mark is taken off (`x/03 副本`)."""
    letter, slash, number = q.rpartition("/")
    if not slash or letter not in replies:
        return
    base = copy_of(number)
    if base is not None:
        meant = _padded(letter, base, commitments) or f"{letter}/{base}"
        raise UsageError(
            message("id_copy", lang, ident=ident, meant=meant),
            message("id_copy_hint", lang, path=f"commitments/{q}.yaml", meant=meant),
        )
    if number.isdigit() and not any(c.startswith(q) for c in commitments):
        padded = _padded(letter, number, commitments)
        if padded is not None:
            raise UsageError(
                message("id_unknown", lang, ident=ident),
                message("did_you_mean", lang, ids=padded),
            )


def _padded(letter: str, number: str, commitments: Collection[str]) -> str | None:
    """The commitment of `letter` whose number is `number` once leading zeros are set aside."""
    for c in commitments:
        head, _, n = c.rpartition("/")
        if head == letter and n.isdigit() and int(n) == int(number):
            return c
    return None


def _not_found(
    ident: str,
    q: str,
    commitments: Collection[str],
    replies: Collection[str],
    want: Want,
    lang: str,
) -> tuple[str, str]:
    """The message and hint for an id that names nothing: the closest ids, if any are close."""
    pool = list(commitments) if want == Want.ONE else [*replies, *commitments]
    close = difflib.get_close_matches(q, pool, n=3, cutoff=0.75)
    if "/" in q:  # a mistyped letter with a right number: compare the letters, keep the number
        letter, _, number = q.rpartition("/")
        for r in difflib.get_close_matches(letter, list(replies), n=2, cutoff=0.75):
            c = _padded(r, number, commitments) if number.isdigit() else None
            if c is not None and c not in close:
                close.insert(0, c)
    key = "id_unknown" if want == Want.ONE else "id_unknown_any"
    if close:
        return message(key, lang, ident=ident), message(
            "did_you_mean", lang, ids=", ".join(close[:3])
        )
    return message(key, lang, ident=ident), message(
        "id_hint_one" if want == Want.ONE else "id_hint", lang
    )


# --- the files an id names, read without the whole tree ---------------------------------------


def _safe_id(q: str) -> bool:
    return bool(q) and not q.startswith("/") and ".." not in q.split("/")


def record_exists(root: Path, q: str) -> bool:
    """True when an id names a commitment file or a letter's folder (no need to read the tree)."""
    # start-up: store loads the YAML layer
    from tracker.store import COMMITMENTS_DIR

    base = root / COMMITMENTS_DIR / q
    return _safe_id(q) and (base.with_name(base.name + ".yaml").is_file() or base.is_dir())


def records_for(root: Path, ident: str) -> tuple[Path, Tree] | None:
    """When `ident` names one commitment's file exactly: that file, and the records `show` needs
    (the file, its letter and the letters its evidence cites). None when the id names no file:
    then the whole tree is needed, to match it as the start of ids."""
    # start-up: store (and schema with it) loads the YAML layer
    from tracker import store
    from tracker.schema import REPLY_ID

    q = normal_id(ident)
    path = root / store.COMMITMENTS_DIR / f"{q}.yaml"
    if not ("/" in q and _safe_id(q) and path.is_file()):
        return None
    one = store.load_tree(root, files=[path])
    c = one.commitments.get(q)
    if c is None:  # the file could not be read: its problems say why
        return path, one
    letters = {c.reply, *(e.reply for e in c.evidence)}
    replies = [
        root / store.COMMITMENTS_DIR / r / "reply.yaml" for r in letters if REPLY_ID.match(r)
    ]
    return path, store.load_tree(root, files=[path, *(p for p in replies if p.is_file())])
