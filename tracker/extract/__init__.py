r"""Reading reply letters: file bytes or text -> Letter (facts, sections, next-step items). Pure.

A letter is read the way a clerk reads it, in stages, each a function from one frozen value to
the next:

    bytes --clean--> Page --structure--> Structure --facts--> Facts --issuer--> Issuer
                                    \--items--> Items              \--reply_id--> ReplyId

- `clean`: decoding, a web page's text, page chrome and mirror-site glosses, the lines;
- `structure`: salutation, opening, body, the next-steps sections as paragraphs, the tail;
- `facts`: title, metadata block, salutation, opening, signature, dates, contact;
- `issuer`: read, inferred, settled;
- `items`: the commitments of each next-steps section;
- `reply_id`: the letter's id.
"""

from __future__ import annotations

import hashlib
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tracker.extract.clean import (
    HTML_SUFFIXES,
    MAX_LETTER_BYTES,
    SEEDS,
    Page,
    check_encoding,
    decode_letter,
    html_to_text,
    looks_like_html,
    page,
    stored_text,
    strip_glosses,
)
from tracker.extract.facts import Facts, read_facts
from tracker.extract.issuer import Issuer, settle_issuer
from tracker.extract.items import Items, Leaf, read_items
from tracker.extract.reply_id import make_reply_id
from tracker.extract.structure import Structure, read_structure
from tracker.model import (
    Commitment,
    Kind,
    Letter,
    LetterError,
    NotALetterError,
    Reply,
    ReviewNote,
    Role,
    Source,
)

__all__ = [
    "HTML_SUFFIXES",
    "MAX_LETTER_BYTES",
    "SEEDS",
    "Letter",
    "Parsed",
    "check_encoding",
    "decode_letter",
    "html_to_text",
    "looks_like_html",
    "parse",
    "parse_letter",
    "read_letter",
    "stored_text",
]


@dataclass(frozen=True)
class Parsed:
    """Everything read from a letter's text, before it is tied to a stored file."""

    page: Page
    structure: Structure
    facts: Facts
    issuer: Issuer
    items: Items
    reply_id: str
    review: tuple[ReviewNote, ...]
    warnings: tuple[tuple[int | None, str], ...]


def parse(text: str, known: Iterable[Reply] = (), *, as_letter: bool = False) -> Parsed:
    """Run the stages over a letter's stored text (`as_letter`: read a page that does not look
    like a reply letter as one all the same, saying so under `review:`)."""
    known = tuple(known)
    pg = page(text)
    st = read_structure(pg, as_letter=as_letter)
    facts = read_facts(pg, st)
    who = settle_issuer(pg, facts, known)
    when = facts.reply_date or facts.published
    its = read_items(pg, st, who.issuer or who.bare, when.year if when else None)
    rid = make_reply_id(pg, facts, who, known)
    return Parsed(
        page=pg,
        structure=st,
        facts=facts,
        issuer=who,
        items=its,
        reply_id=rid.id,
        review=(*who.review, *facts.review, *rid.review, *_taken_for(st)),
        warnings=(*its.warnings, *st.ending_warnings, *who.warnings),
    )


def _taken_for(st: Structure) -> tuple[ReviewNote, ...]:
    if st.taken_for is None:
        return ()
    return (
        ReviewNote(
            "source",
            f"imported with --as-letter: the page looks like {st.taken_for}; "
            "it was read as a reply letter all the same",
        ),
    )


def _assemble(parsed: Parsed, source: Source, text: str) -> Letter:
    f, who = parsed.facts, parsed.issuer
    rid = parsed.reply_id
    sections = sorted((*parsed.structure.progress, *parsed.items.sections), key=lambda s: s.start)
    reply = Reply(
        id=rid,
        source=source,
        issuer=who.issuer,
        title=f.title,
        issuer_as_printed=who.as_printed,
        issuer_inferred=who.inferred,
        co_handlers=f.co_handlers,
        addressees=f.addressees,
        role=Role.of(f.role),
        kind=Kind.of(f.kind),
        session=f.session,
        number=f.number,
        doc_number=f.doc_number,
        category=f.category,
        reply_date=f.reply_date,
        published=f.published,
        contact=f.contact,
        cc=f.cc or (),
        sections=tuple(sections),
        review=parsed.review,
    )
    leaves: tuple[Leaf, ...] = parsed.items.leaves
    width = max(2, len(str(len(leaves))))
    commitments = tuple(
        Commitment(
            id=f"{rid}/{i:0{width}d}", reply=rid, text=leaf.text, area=leaf.area, lines=leaf.lines
        )
        for i, leaf in enumerate(leaves, 1)
    )
    warnings = tuple(
        f"{source.path}:{line}: {msg}" if line else f"{source.path}: {msg}"
        for line, msg in parsed.warnings
    )
    return Letter(reply=reply, commitments=commitments, text=text, warnings=warnings)


def _read(text: str, known: Iterable[Reply], name: str, as_letter: bool = False) -> Parsed:
    try:
        return parse(text, known, as_letter=as_letter)
    except NotALetterError as e:
        raise NotALetterError(
            f"{name}: {e.message}",
            e.hint
            or "check that this is the letter itself; a site's index or search page will not do",
        ) from None


def parse_letter(
    text: str,
    *,
    source_path: str,
    sha256: str,
    origin: str | None = None,
    known: Iterable[Reply] = (),
    as_letter: bool = False,
) -> Letter:
    """A letter's facts, sections and next-step items read from its stored text."""
    parsed = _read(text, known, source_path, as_letter)
    return _assemble(parsed, Source(source_path, sha256, origin), text)


def _under(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False


def read_letter(
    path: Path,
    *,
    encoding: str | None = None,
    root: Path | None = None,
    known: Iterable[Reply] = (),
    as_letter: bool = False,
) -> Letter:
    """Read a letter file (text or web page, any common Chinese encoding) into a Letter.

    A UTF-8 text file already under seeds/ is its own source; anything else is to be stored as
    seeds/<reply-id>.txt (the decoded text, which the Letter carries), with `origin` naming the file.
    `as_letter` reads a page the reader would refuse (a co-handler's opinion, …) as a letter.
    """
    name = path.as_posix()
    try:
        st = path.stat()
        if stat.S_ISDIR(st.st_mode):
            raise LetterError(
                f"{name}: a folder, not a letter file", "give the letter files inside it"
            )
        if not stat.S_ISREG(st.st_mode):
            raise LetterError(f"{name}: not a regular file", "give a letter saved as a file")
        if st.st_size > MAX_LETTER_BYTES:
            raise LetterError(
                f"{name}: {st.st_size:,} bytes; the limit for a letter is {MAX_LETTER_BYTES:,}",
                "a letter or its web page is far smaller: check what was saved there",
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise LetterError(f"{name}: no such file", "check the path") from None
    except OSError as e:
        raise LetterError(
            f"{name}: cannot read it ({e.strerror})", "check the file's permissions"
        ) from None
    decoded, used = decode_letter(data, name, encoding)
    html = looks_like_html(data, path.name)
    canonical = None
    if html:
        decoded, canonical = html_to_text(decoded)
        if not decoded.strip():
            raise LetterError(
                f"{name}: the page has no text", "save the page with its content, or its text"
            )
    seeds = (root / SEEDS) if root is not None else None
    in_seeds = _under(path, seeds) if seeds is not None else path.parent.name == SEEDS
    if in_seeds and not html and used in ("utf-8", "utf-8-sig"):
        rel = (
            path.resolve().relative_to(root.resolve()).as_posix()
            if root is not None
            else f"{SEEDS}/{path.name}"
        )
        text = decoded
        parsed = _read(text, known, rel, as_letter)
        return _assemble(parsed, Source(rel, hashlib.sha256(data).hexdigest()), text)
    text, _ = strip_glosses(stored_text(decoded))  # page chrome, like the page's navigation
    parsed = _read(text, known, name, as_letter)
    if canonical and canonical.startswith(("http://", "https://")):
        origin = canonical
    elif root is not None and _under(path, root):
        origin = path.resolve().relative_to(root.resolve()).as_posix()
    else:
        origin = name
    rel = f"{SEEDS}/{parsed.reply_id}.txt"
    letter = _assemble(
        parsed, Source(rel, hashlib.sha256(text.encode("utf-8")).hexdigest(), origin), text
    )
    return letter
