"""Stage 6, the reply id: places, bureau, year, kind and number -> gz-edu-2023-ta5020."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from tracker import issuers as iss
from tracker import text as tx
from tracker.extract.clean import Page
from tracker.extract.facts import Facts, is_this_letter
from tracker.extract.issuer import Issuer
from tracker.extract.patterns import proposal_key
from tracker.model import Reply, ReviewNote


@dataclass(frozen=True)
class ReplyId:
    """A letter's id, and a note when it could not be made from the proposal's number."""

    id: str
    review: tuple[ReviewNote, ...]


def make_reply_id(pg: Page, f: Facts, who: Issuer, known: Sequence[Reply]) -> ReplyId:
    """The id of a letter; a letter already in the tree under another id keeps that id."""
    review: list[ReviewNote] = []
    issuer = who.issuer or who.inferred
    parts: list[str] = []
    if issuer:
        places, rest = iss.split_issuer(issuer)
        parts += [c for c in (iss.place_code(p) for p in places) if c]
        code = iss.bureau_code(rest)
        if code:
            parts.append(code)
    # the year the letter gives (its date, or its document number's year); failing both, as
    # in a copy cut before its date, the year the page published it
    year = f.reply_date.year if f.reply_date is not None else None
    if year is None and f.doc_number is not None:
        m = re.search(r"(\d{4})", unicodedata.normalize("NFKC", f.doc_number))
        year = int(m.group(1)) if m else None
    if year is None and f.published is not None:
        year = f.published.year
    if year:
        parts.append(str(year))
    kind = {"提案": "ta", "建议": "jy"}.get(str(f.kind), "n")
    number = re.sub(r"[^a-z0-9]", "", tx.key(f.number or ""))
    if number:
        parts.append(f"{kind}{number}")
    else:
        basis = tx.key(f.title or "") or tx.key("".join(ln.simp for ln in pg.lines[:40]))
        parts.append(f"{kind}x{hashlib.sha1(basis.encode('utf-8')).hexdigest()[:8]}")
        review.append(
            ReviewNote(
                "id", "the letter gives no proposal number; the id ends in a hash of its title"
            )
        )
    if len(parts) == 1:
        parts.insert(0, "letter")
    rid = "-".join(parts)
    # a letter already in the tree under another id (one copy had a date, the other not)
    # keeps that id, so that every copy refreshes the same folder
    if f.number is not None and f.session is not None:
        mine = proposal_key(f.number, f.session)
        for r in known:
            if (
                r.id != rid
                and r.number
                and r.session
                and proposal_key(r.number, r.session) == mine
                and _same_letter(f, r, parts)
            ):
                return ReplyId(r.id, tuple(review))
    return ReplyId(rid, tuple(review))


def _same_letter(f: Facts, other: Reply, parts: list[str]) -> bool:
    """True when a reply in the tree is this letter: same proposal, session, kind and bureau."""
    if not is_this_letter(f, other):
        return False
    if f.kind and other.kind and f.kind != other.kind:
        return False
    mine = [p for p in parts[:-1] if not p.isdigit()]
    theirs = [p for p in other.id.split("-")[:-1] if not p.isdigit()]
    return mine == theirs
