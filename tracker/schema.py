"""The file format: fields of reply.yaml and <NN>.yaml, checked and turned into records.

One table per file kind drives three things: the checks of `tracker validate`, the records the
rest of the package works on, and the JSON Schema printed by `tracker schema`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from tracker import labels
from tracker.model import (
    EVIDENCE_VERDICTS,
    JSON,
    Commitment,
    Contact,
    Data,
    Evidence,
    Kind,
    LetterSection,
    Level,
    Reply,
    Restated,
    ReviewNote,
    Role,
    SectionKind,
    Source,
    Status,
    Verdict,
)

KeyPath = tuple[str | int, ...]
Raw = dict[str, object]  # a mapping as read from a file, not yet checked

REPLY_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
COMMITMENT_NUMBER = re.compile(r"^[0-9]{2,3}$")
SHA256 = re.compile(r"^[0-9a-f]{64}$")
CATEGORIES = ("A", "B", "C", "D")


@dataclass(frozen=True)
class Issue:
    """A schema problem at a key path inside one file (turned into a Problem with a line later)."""

    keys: KeyPath
    level: Level
    message: str
    hint: str | None = None
    on_key: bool = False  # point at the key rather than its value


class _Checker:
    def __init__(self) -> None:
        self.issues: list[Issue] = []

    def error(
        self, keys: KeyPath, message: str, hint: str | None = None, on_key: bool = False
    ) -> None:
        self.issues.append(Issue(keys, Level.ERROR, message, hint, on_key))

    def warning(self, keys: KeyPath, message: str, hint: str | None = None) -> None:
        self.issues.append(Issue(keys, Level.WARNING, message, hint))

    # typed getters: report and return a safe default when the value is wrong
    def text(self, raw: Raw, k: str, *, required: bool = False, at: KeyPath = ()) -> str | None:
        v = raw.get(k)
        if v is None:
            if required:
                self._missing(raw, k, at)
            return None
        if isinstance(v, bool) or not isinstance(v, str | int | float):
            self.error((*at, k), f"'{k}' must be text, found {_kind(v)}")
            return None
        if not isinstance(v, str):
            self.error(
                (*at, k),
                f"'{k}' must be text, found {_kind(v)} {brief(v)}",
                f'quote it: {k}: "{_cut(str(v))}"',
            )
            return str(v)
        if required and not v.strip():
            self.error((*at, k), f"'{k}' is empty")
        return v

    def texts(self, raw: Raw, k: str, at: KeyPath = ()) -> tuple[str, ...]:
        v = raw.get(k)
        if v is None:
            return ()
        if not isinstance(v, list):
            self.error(
                (*at, k),
                f"'{k}' must be a list of text, found {_kind(v)}",
                f"write {k}: [{_cut(str(v))}]",
            )
            return ()
        out: list[str] = []
        for i, item in enumerate(v):
            if isinstance(item, str):
                out.append(item)
            else:
                self.error((*at, k, i), f"'{k}' items must be text, found {_kind(item)}")
        return tuple(out)

    def day(self, raw: Raw, k: str, at: KeyPath = ()) -> date | None:
        v = raw.get(k)
        if v is None:
            return None
        if isinstance(v, date):
            return v
        if isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v.strip()):
            try:
                return date.fromisoformat(v.strip())
            except ValueError:
                self.error((*at, k), f"'{k}' is not a real date: {v}", "check the day and month")
                return None
        self.error((*at, k), f"'{k}' must be a date like 2024-07-24, found {brief(v)}")
        return None

    def choice(
        self,
        raw: Raw,
        k: str,
        allowed: tuple[str, ...],
        at: KeyPath = (),
        *,
        required: bool = False,
        aliases: dict[str, str] | None = None,
    ) -> str | None:
        v = raw.get(k)
        if v is None:
            if required:
                self._missing(raw, k, at)
            return None
        if not isinstance(v, str) or v not in allowed:
            alias = (aliases or {}).get(v.strip().lower()) if isinstance(v, str) else None
            hint = f"write {k}: {alias}" if alias else did_you_mean(_cut(str(v)), allowed)
            self.error(
                (*at, k), f"unknown {k} {_show(v)} (expected one of: {', '.join(allowed)})", hint
            )
            return None
        return v

    def unknown_keys(self, raw: Raw, known: tuple[str, ...], at: KeyPath = ()) -> None:
        for k in raw:
            if k not in known:
                self.error(
                    (*at, k),
                    f"unknown field '{_cut(str(k))}'",
                    did_you_mean(_cut(str(k)), known) or f"known fields: {', '.join(known)}",
                    on_key=True,
                )

    def _missing(self, raw: Raw, k: str, at: KeyPath) -> None:
        hint = _MISSING_HINTS.get(k, f"add a line {k}: ...")
        if k in raw:
            self.error((*at, k), f"'{k}' must not be empty", hint)
        else:
            self.error(at, f"missing required field '{k}'", hint, on_key=True)


# What to write when a required field is missing or empty.
_MISSING_HINTS = {
    "id": "write the id the path gives: <reply-id> for reply.yaml, <reply-id>/<NN> for an item",
    "reply": "write reply: and the name of the folder the file sits in",
    "text": "copy the item from the letter, as printed",
    "source": "run `tracker import <letter> --update` to record it",
    "path": "give the letter's path under seeds/",
    "sha256": "run `tracker import <letter> --update` to record it",
    "quote": "copy the sentence from the later letter, as printed",
    "section": "write section: progress or section: next_steps",
    "verdict": "write verdict: done, progress or repeated",
    "kind": "write kind: progress or kind: next_steps",
    "field": "name the reply.yaml field that was inferred",
}


def did_you_mean(value: str, allowed: tuple[str, ...] | list[str]) -> str | None:
    """A hint naming the closest allowed value, if one is close."""
    close = difflib.get_close_matches(value, list(allowed), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else None


def _kind(v: object) -> str:
    return {
        dict: "a mapping",
        list: "a list",
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "text",
        date: "a date",
        type(None): "nothing",
    }.get(type(v), type(v).__name__)


SHOWN_CHARS = 60  # a value quoted in a message is cut to this many characters


def brief(v: object) -> str:
    """repr of a value for a message, cut short so that a huge value cannot flood the output."""
    text = repr(v)
    if len(text) <= SHOWN_CHARS:
        return text
    return f"{text[:SHOWN_CHARS]}… ({len(text):,} characters)"


def _cut(v: str) -> str:
    return v if len(v) <= SHOWN_CHARS else f"{v[:SHOWN_CHARS]}… ({len(v):,} characters)"


def _show(v: object) -> str:
    return brief(v) if isinstance(v, str | int | float) and not isinstance(v, bool) else _kind(v)


# --- reply.yaml -----------------------------------------------------------------------------

# The file format, one table per kind of mapping: each field with its JSON Schema and whether it
# is required. The parsers below check what these say (tests/test_schema.py holds them equal: a
# required field left out is an error, an optional one is not, every enum value is accepted and
# nothing else), and json_schema() is built from them.

_STR: dict[str, JSON] = {"type": "string"}
_STR_N: dict[str, JSON] = {"type": ["string", "null"]}
_DATE_N: dict[str, JSON] = {
    "type": ["string", "null"],
    "format": "date",
    "pattern": r"^\d{4}-\d{2}-\d{2}$",
}
_STRS: dict[str, JSON] = {"type": "array", "items": {"type": "string"}}
_LINES: dict[str, JSON] = {
    "type": "array",
    "items": {"type": "integer", "minimum": 1},
    "minItems": 2,
    "maxItems": 2,
}


@dataclass(frozen=True)
class Field:
    """One field of a mapping in the tree's files: its JSON Schema, and whether it is required."""

    schema: dict[str, JSON]
    required: bool = False


def _object(fields: dict[str, Field], nullable: bool = False) -> dict[str, JSON]:
    """The JSON Schema of a mapping with these fields (no others)."""
    out: dict[str, JSON] = {
        "type": ["object", "null"] if nullable else "object",
        "additionalProperties": False,
    }
    required: list[JSON] = [k for k, f in fields.items() if f.required]
    if required:
        out["required"] = required
    out["properties"] = {k: f.schema for k, f in fields.items()}
    return out


def _enum(values: Iterable[str], nullable: bool = False) -> dict[str, JSON]:
    return {"enum": [*values, None] if nullable else list(values)}


SOURCE_FIELDS: dict[str, Field] = {
    "path": Field(_STR, required=True),
    "sha256": Field({"type": "string", "pattern": SHA256.pattern}, required=True),
    "origin": Field(_STR_N),
}
SECTION_FIELDS: dict[str, Field] = {
    "kind": Field(_enum(s.value for s in SectionKind), required=True),
    "heading": Field(_STR_N),
    "lines": Field(_LINES, required=True),
}
CONTACT_FIELDS: dict[str, Field] = {"name": Field(_STR_N), "phone": Field(_STR_N)}
REPLY_FIELDS: dict[str, Field] = {
    "id": Field({"type": "string", "pattern": REPLY_ID.pattern}, required=True),
    "source": Field(_object(SOURCE_FIELDS), required=True),
    "issuer": Field(_STR_N, required=True),  # null when the letter does not say
    "issuer_as_printed": Field(_STR_N),
    "issuer_inferred": Field(_STR_N),
    "co_handlers": Field(_STRS),
    "addressees": Field(_STRS),
    "role": Field(_enum((r.value for r in Role), nullable=True)),
    "kind": Field(_enum((k.value for k in Kind), nullable=True)),
    "session": Field(_STR_N),
    "number": Field(_STR_N),
    "title": Field(_STR_N),
    "doc_number": Field(_STR_N),
    "category": Field(_enum(CATEGORIES, nullable=True)),
    "reply_date": Field(_DATE_N),
    "published": Field(_DATE_N),
    "contact": Field(_object(CONTACT_FIELDS, nullable=True)),
    "cc": Field(_STRS),
    "sections": Field({"type": "array", "items": _object(SECTION_FIELDS)}),
    "review": Field({"type": "array", "items": {}}),  # items: REVIEW_FIELDS, below
}
REPLY_KEYS = tuple(REPLY_FIELDS)
REVIEW_FIELDS: dict[str, Field] = {
    "field": Field(_STR, required=True),  # a field of reply.yaml, by name
    "reason": Field(_STR_N),
}
REPLY_FIELDS["review"] = Field({"type": "array", "items": _object(REVIEW_FIELDS)})

# The verdicts an evidence entry may hold (silent and no-later-letter have no quote).
EVIDENCE_VERDICT_VALUES = tuple(v.value for v in EVIDENCE_VERDICTS)
EVIDENCE_FIELDS: dict[str, Field] = {
    "reply": Field(_STR, required=True),
    "section": Field(_enum(s.value for s in SectionKind), required=True),
    "line": Field({"type": ["integer", "null"], "minimum": 1}),
    "quote": Field(_STR, required=True),
    "clause": Field(_STR_N),
    "verdict": Field(_enum(EVIDENCE_VERDICT_VALUES), required=True),
    "score": Field({"type": "number", "minimum": 0, "maximum": 1}),
    "confirmed": Field({"type": "boolean"}),
    "rejected": Field({"type": "boolean"}),
}
EVIDENCE_KEYS = tuple(EVIDENCE_FIELDS)
# Booleans of an evidence entry, each checked the same way (true or false, default false).
EVIDENCE_FLAGS = ("confirmed", "rejected")
# The reasons a restatement is weaker than the promise it restates.
WEAKENED = ("number", "deadline", "verb", "scope")
RESTATED_FIELDS: dict[str, Field] = {
    "id": Field(_STR, required=True),
    "weakened": Field({"type": "array", "items": _enum(WEAKENED)}),
}
COMMITMENT_FIELDS: dict[str, Field] = {
    "id": Field({"type": "string", "pattern": r"^[a-z0-9-]+/[0-9]{2,3}$"}, required=True),
    "reply": Field({"type": "string", "pattern": REPLY_ID.pattern}, required=True),
    "area": Field(_STR_N),
    "text": Field(_STR, required=True),
    "lines": Field(_LINES),
    "status": Field(
        {
            **_enum(s.value for s in Status),
            "description": "; ".join(f"{s.value}: {s.label_zh}" for s in Status),
        },
        required=True,
    ),
    "status_note": Field(_STR_N),
    "owners": Field(_STRS),
    "due": Field(_DATE_N),
    "due_text": Field(_STR_N),
    "tags": Field(_STRS),
    "evidence": Field({"type": "array", "items": _object(EVIDENCE_FIELDS)}),
    "restated_in": Field({"type": "array", "items": _object(RESTATED_FIELDS)}),
}
COMMITMENT_KEYS = tuple(COMMITMENT_FIELDS)
# Fields that come from the letter; everything else in a commitment file belongs to the clerk.
COMMITMENT_LETTER_KEYS = ("id", "reply", "area", "text", "lines")


def parse_reply(raw: object, path: str) -> tuple[Reply | None, list[Issue]]:
    """A Reply from the mapping read out of reply.yaml, and the schema issues found."""
    c = _Checker()
    if not isinstance(raw, dict):
        c.error(
            (),
            f"expected a mapping of fields, found {_kind(raw)}",
            "write one field per line (id: ..., source: ...), or restore the file from git",
        )
        return None, c.issues
    c.unknown_keys(raw, REPLY_KEYS)
    rid = c.text(raw, "id", required=True)
    if rid and not REPLY_ID.match(rid):
        c.error(
            ("id",),
            f"reply id '{_cut(rid)}' must be lower-case ASCII letters, digits and dashes",
            "e.g. gz-edu-2023-ta5020",
        )
    source = _source(c, raw)
    contact = _contact(c, raw)
    sections = _sections(c, raw)
    review = _review(c, raw)
    category = c.choice(raw, "category", CATEGORIES)
    role = c.choice(raw, "role", tuple(r.value for r in Role))
    kind = c.choice(raw, "kind", tuple(k.value for k in Kind))
    reply = Reply(
        id=rid or "",
        source=source or Source("", ""),
        issuer=c.text(raw, "issuer"),
        issuer_as_printed=c.text(raw, "issuer_as_printed"),
        issuer_inferred=c.text(raw, "issuer_inferred"),
        co_handlers=c.texts(raw, "co_handlers"),
        addressees=c.texts(raw, "addressees"),
        role=Role.of(role),
        kind=Kind.of(kind),
        session=c.text(raw, "session"),
        number=c.text(raw, "number"),
        title=c.text(raw, "title"),
        doc_number=c.text(raw, "doc_number"),
        category=category,
        reply_date=c.day(raw, "reply_date"),
        published=c.day(raw, "published"),
        contact=contact,
        cc=c.texts(raw, "cc"),
        sections=sections,
        review=review,
        path=path,
    )
    if reply.issuer is None and reply.issuer_inferred is None and "issuer" not in raw:
        c.error(
            (),
            "missing required field 'issuer'",
            "write issuer: null when the letter does not say",
            on_key=True,
        )
    ok = not any(i.level == Level.ERROR for i in c.issues)
    return (reply if ok else None), c.issues


def _source(c: _Checker, raw: Raw) -> Source | None:
    v = raw.get("source")
    if v is None:
        c._missing(raw, "source", ())
        return None
    if not isinstance(v, dict):
        c.error(("source",), f"'source' must be a mapping with path and sha256, found {_kind(v)}")
        return None
    c.unknown_keys(v, ("path", "sha256", "origin"), ("source",))
    p = c.text(v, "path", required=True, at=("source",))
    h = c.text(v, "sha256", required=True, at=("source",))
    if h and not SHA256.match(h):
        c.error(
            ("source", "sha256"),
            "'sha256' must be 64 lower-case hex digits",
            "run `tracker import <letter> --update` to record it again",
        )
    if p and (p.startswith("/") or ".." in p.split("/")):
        c.error(
            ("source", "path"),
            f"source path '{p}' must stay inside the tree",
            "give a path under seeds/",
        )
    return Source(p or "", h or "", c.text(v, "origin", at=("source",)))


def _contact(c: _Checker, raw: Raw) -> Contact | None:
    v = raw.get("contact")
    if v is None:
        return None
    if not isinstance(v, dict):
        c.error(("contact",), f"'contact' must be a mapping with name and phone, found {_kind(v)}")
        return None
    c.unknown_keys(v, ("name", "phone"), ("contact",))
    return Contact(c.text(v, "name", at=("contact",)), c.text(v, "phone", at=("contact",)))


def _sections(c: _Checker, raw: Raw) -> tuple[LetterSection, ...]:
    v = raw.get("sections")
    if v is None:
        return ()
    if not isinstance(v, list):
        c.error(("sections",), f"'sections' must be a list, found {_kind(v)}")
        return ()
    out: list[LetterSection] = []
    kinds = tuple(k.value for k in SectionKind)
    for i, s in enumerate(v):
        at: KeyPath = ("sections", i)
        if not isinstance(s, dict):
            c.error(at, f"a section must be a mapping, found {_kind(s)}")
            continue
        c.unknown_keys(s, tuple(SECTION_FIELDS), at)
        kind = c.choice(s, "kind", kinds, at, required=True)
        if s.get("lines") is None:  # a section without its lines would be left out in silence
            c._missing(s, "lines", at)
        lines = _lines(c, s, at)
        if kind and lines:
            out.append(LetterSection(SectionKind(kind), c.text(s, "heading", at=at), *lines))
    return tuple(out)


def _review(c: _Checker, raw: Raw) -> tuple[ReviewNote, ...]:
    v = raw.get("review")
    if v is None:
        return ()
    if not isinstance(v, list):
        c.error(("review",), f"'review' must be a list, found {_kind(v)}")
        return ()
    out: list[ReviewNote] = []
    for i, r in enumerate(v):
        at: KeyPath = ("review", i)
        if not isinstance(r, dict):
            c.error(at, f"a review entry must be a mapping with field and reason, found {_kind(r)}")
            continue
        c.unknown_keys(r, ("field", "reason"), at)
        f = c.text(r, "field", required=True, at=at)
        if f and f not in REPLY_KEYS:
            c.warning(
                (*at, "field"), f"review names unknown field '{f}'", did_you_mean(f, REPLY_KEYS)
            )
        out.append(ReviewNote(f or "", c.text(r, "reason", at=at) or ""))
    return tuple(out)


def _lines(c: _Checker, raw: Raw, at: KeyPath) -> tuple[int, int] | None:
    v = raw.get("lines")
    if v is None:
        return None
    if (
        not isinstance(v, list)
        or len(v) != 2
        or not all(isinstance(x, int) and not isinstance(x, bool) and x > 0 for x in v)
        or v[0] > v[1]
    ):
        c.error(
            (*at, "lines"),
            f"'lines' must be [first, last] line numbers, found {brief(v)}",
            "e.g. lines: [32, 34]",
        )
        return None
    return (v[0], v[1])


# --- <NN>.yaml ------------------------------------------------------------------------------


# What people write for a status when they think of its label (已兑现, "in progress") or of the
# verdict that proposes it (progress, silent): tracker.labels' one table.
STATUS_ALIASES = labels.status_aliases()


def parse_commitment(raw: object, path: str) -> tuple[Commitment | None, list[Issue]]:
    """A Commitment from the mapping read out of <NN>.yaml, and the schema issues found."""
    c = _Checker()
    if not isinstance(raw, dict):
        c.error(
            (),
            f"expected a mapping of fields, found {_kind(raw)}",
            "write one field per line (id: ..., reply: ...), or restore the file from git",
        )
        return None, c.issues
    c.unknown_keys(raw, COMMITMENT_KEYS)
    cid = c.text(raw, "id", required=True)
    reply = c.text(raw, "reply", required=True)
    text = c.text(raw, "text", required=True)
    if reply and not REPLY_ID.match(reply):
        c.error(
            ("reply",),
            f"reply '{_cut(reply)}' is not a reply id (lower-case ASCII letters, digits "
            "and dashes)",
            "set reply: to the name of the folder the file sits in",
        )
    status = c.choice(raw, "status", tuple(s.value for s in Status), aliases=STATUS_ALIASES)
    evidence = _evidence(c, raw)
    item = Commitment(
        id=cid or "",
        reply=reply or "",
        text=text or "",
        area=c.text(raw, "area"),
        lines=_lines(c, raw, ()),
        status=Status(status) if status else Status.PENDING,
        status_note=c.text(raw, "status_note"),
        owners=c.texts(raw, "owners"),
        due=c.day(raw, "due"),
        tags=c.texts(raw, "tags"),
        evidence=evidence,
        path=path,
        due_text=c.text(raw, "due_text"),
        restated_in=_restated(c, raw),
    )
    if status is None and "status" not in raw:
        c.error((), "missing required field 'status'", "write status: pending", on_key=True)
    if item.status == Status.SUPERSEDED and not item.status_note:
        c.warning(
            ("status",),
            "status 'superseded' without a status_note",
            "say in status_note what replaced it",
        )
    ok = not any(i.level == Level.ERROR for i in c.issues)
    return (item if ok else None), c.issues


def _evidence(c: _Checker, raw: Raw) -> tuple[Evidence, ...]:
    v = raw.get("evidence")
    if v is None:
        return ()
    if not isinstance(v, list):
        c.error(("evidence",), f"'evidence' must be a list, found {_kind(v)}")
        return ()
    out: list[Evidence] = []
    sections = tuple(s.value for s in SectionKind)
    verdicts = EVIDENCE_VERDICT_VALUES
    for i, e in enumerate(v):
        at: KeyPath = ("evidence", i)
        if not isinstance(e, dict):
            c.error(at, f"an evidence entry must be a mapping, found {_kind(e)}")
            continue
        c.unknown_keys(e, EVIDENCE_KEYS, at)
        reply = c.text(e, "reply", required=True, at=at)
        section = c.choice(e, "section", sections, at, required=True)
        quote = c.text(e, "quote", required=True, at=at)
        verdict = c.choice(
            e, "verdict", verdicts, at, required=True, aliases=labels.verdict_aliases(verdicts)
        )
        score = e.get("score", 0.0)
        if isinstance(score, bool) or not isinstance(score, int | float) or not 0 <= score <= 1:
            c.error((*at, "score"), f"'score' must be a number from 0 to 1, found {brief(score)}")
            score = 0.0
        flags = {}
        for k in EVIDENCE_FLAGS:
            flags[k] = e.get(k, False)
            if not isinstance(flags[k], bool):
                c.error((*at, k), f"'{k}' must be true or false, found {brief(flags[k])}")
                flags[k] = False
        if flags["confirmed"] and flags["rejected"]:
            c.error(
                (*at, "rejected"),
                "an evidence entry cannot be both confirmed and rejected",
                "keep confirmed: true if it holds, rejected: true if it does not",
            )
        clause = c.text(e, "clause", at=at)
        line = e.get("line")
        if line is not None and (isinstance(line, bool) or not isinstance(line, int) or line < 1):
            c.error((*at, "line"), f"'line' must be a line number, found {brief(line)}")
            line = None
        if reply and section and quote and verdict:
            out.append(
                Evidence(
                    reply,
                    SectionKind(section),
                    quote,
                    Verdict(verdict),
                    float(score),
                    flags["confirmed"],
                    line,
                    clause,
                    flags["rejected"],
                )
            )
    return tuple(out)


def _restated(c: _Checker, raw: Raw) -> tuple[Restated, ...]:
    v = raw.get("restated_in")
    if v is None:
        return ()
    if not isinstance(v, list):
        c.error(("restated_in",), f"'restated_in' must be a list, found {_kind(v)}")
        return ()
    out = []
    for i, e in enumerate(v):
        at: KeyPath = ("restated_in", i)
        if not isinstance(e, dict):
            c.error(at, f"a restated_in entry must be a mapping, found {_kind(e)}")
            continue
        c.unknown_keys(e, ("id", "weakened"), at)
        rid = c.text(e, "id", required=True, at=at)
        reasons = c.texts(e, "weakened", at)
        for j, r in enumerate(reasons):
            if r not in WEAKENED:
                c.error(
                    (*at, "weakened", j),
                    f"unknown reason {_show(r)} (expected one of: {', '.join(WEAKENED)})",
                    did_you_mean(_cut(r), WEAKENED),
                )
        if rid:
            out.append(Restated(rid, tuple(r for r in reasons if r in WEAKENED)))
    return tuple(out)


# --- JSON Schema ----------------------------------------------------------------------------


def json_schema() -> dict[str, JSON]:
    """JSON Schema (draft 2020-12) for reply.yaml and <NN>.yaml, built from the field tables."""
    head = {"$schema": "https://json-schema.org/draft/2020-12/schema"}
    reply = {
        **head,
        "title": "tracker reply.yaml",
        "description": "The facts of one reply letter (答复函).",
        **_object(REPLY_FIELDS),
    }
    commitment = {
        **head,
        "title": "tracker commitment <NN>.yaml",
        "description": "One next-step item (commitment) of a reply letter.",
        **_object(COMMITMENT_FIELDS),
    }
    return {"reply": reply, "commitment": commitment}


# Conversions back to plain data, in file order (the store writes these).


def reply_to_data(r: Reply) -> dict[str, Data]:
    """The fields of reply.yaml in file order (issuer_as_printed / issuer_inferred only when set)."""
    source: dict[str, Data] = {"path": r.source.path, "sha256": r.source.sha256}
    if r.source.origin:
        source["origin"] = r.source.origin
    d: dict[str, Data] = {"id": r.id, "source": source}
    d["issuer"] = r.issuer
    if r.issuer_as_printed is not None:
        d["issuer_as_printed"] = r.issuer_as_printed
    if r.issuer_inferred is not None:
        d["issuer_inferred"] = r.issuer_inferred
    d.update(
        co_handlers=list(r.co_handlers),
        addressees=list(r.addressees),
        role=None if r.role is None else r.role.value,
        kind=None if r.kind is None else r.kind.value,
        session=r.session,
        number=r.number,
        title=r.title,
        doc_number=r.doc_number,
        category=r.category,
        reply_date=r.reply_date,
        published=r.published,
        contact=None if r.contact is None else {"name": r.contact.name, "phone": r.contact.phone},
        cc=list(r.cc),
        sections=[
            {"kind": s.kind.value, "heading": s.heading, "lines": [s.start, s.end]}
            for s in r.sections
        ],
        review=[{"field": n.field, "reason": n.reason} for n in r.review],
    )
    return d


def evidence_to_data(e: Evidence) -> dict[str, Data]:
    """One evidence entry in file order (clause and rejected only when set)."""
    d: dict[str, Data] = {
        "reply": e.reply,
        "section": e.section.value,
        "line": e.line,
        "quote": e.quote,
    }
    if e.clause:
        d["clause"] = e.clause
    d.update(verdict=e.verdict.value, score=round(e.score, 3), confirmed=e.confirmed)
    if e.rejected:
        d["rejected"] = True
    return d


def commitment_to_data(c: Commitment) -> dict[str, Data]:
    """The fields of <NN>.yaml in file order."""
    return {
        "id": c.id,
        "reply": c.reply,
        "area": c.area,
        "text": c.text,
        "lines": list(c.lines) if c.lines else None,
        "status": c.status.value,
        "status_note": c.status_note,
        "owners": list(c.owners),
        "due": c.due,
        **({"due_text": c.due_text} if c.due_text else {}),
        "tags": list(c.tags),
        "evidence": [evidence_to_data(e) for e in c.evidence],
        **(
            {"restated_in": [{"id": r.id, "weakened": list(r.weakened)} for r in c.restated_in]}
            if c.restated_in
            else {}
        ),
    }


Parser = Callable[[object, str], tuple[Reply | Commitment | None, list[Issue]]]
