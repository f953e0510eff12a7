"""Records of the tracker: frozen dataclasses and enums, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TypeAlias

from tracker import labels

# Plain data: what a YAML file holds once read (mappings, lists, text, numbers, dates), and what
# the JSON outputs are made of (the same, without dates).
Data: TypeAlias = "str | int | float | bool | date | None | list[Data] | dict[str, Data]"
JSON: TypeAlias = "str | int | float | bool | None | list[JSON] | dict[str, JSON]"


class Status(StrEnum):
    """Where a commitment stands, as the clerk judges it."""

    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    REPEATED = "repeated"
    DROPPED = "dropped"
    SUPERSEDED = "superseded"

    @property
    def label_zh(self) -> str:
        return _STATUS_ZH[self]

    @property
    def label_en(self) -> str:
        return _STATUS_EN[self]

    def label(self, lang: str = "zh") -> str:
        """The label shown to people, Chinese by default."""
        return self.label_en if lang == "en" else self.label_zh


_STATUS_ZH = {s: labels.status_label(s.value, "zh") for s in Status}
_STATUS_EN = {s: labels.status_label(s.value, "en") for s in Status}


class Verdict(StrEnum):
    """What a later letter says about a commitment, as proposed by the matcher."""

    DONE = "done"
    PROGRESS = "progress"
    REPEATED = "repeated"
    SILENT = "silent"
    NO_LATER_LETTER = "no-later-letter"

    @property
    def label_zh(self) -> str:
        return _VERDICT_ZH[self]

    @property
    def label_en(self) -> str:
        return _VERDICT_EN[self]

    def label(self, lang: str = "zh") -> str:
        """The label shown to people, Chinese by default."""
        return self.label_en if lang == "en" else self.label_zh

    @property
    def status(self) -> Status:
        """The status a pending commitment moves to when a clerk accepts this verdict."""
        return _VERDICT_STATUS[self]


_VERDICT_ZH = {v: labels.verdict_label(v.value, "zh") for v in Verdict}
_VERDICT_EN = {v: labels.verdict_label(v.value, "en") for v in Verdict}
_VERDICT_STATUS = {v: Status(labels.VERDICT_STATUS[v.value]) for v in Verdict}

# Verdicts that may be recorded as evidence (silent and no-later-letter have no quote).
EVIDENCE_VERDICTS = (Verdict.DONE, Verdict.PROGRESS, Verdict.REPEATED)


class SectionKind(StrEnum):
    """The parts of a reply letter that the tracker reads."""

    PROGRESS = "progress"
    NEXT_STEPS = "next_steps"


class Level(StrEnum):
    """How serious a problem is."""

    ERROR = "error"
    WARNING = "warning"


class Role(StrEnum):
    """Who made the proposal."""

    MEMBER = "委员"  # CPPCC member
    DEPUTY = "代表"  # people's congress deputy

    @classmethod
    def of(cls, value: str | None) -> Role | None:
        """The role written as `value`, or None when it is no role (or nothing)."""
        return _ROLES.get(value) if value is not None else None


class Kind(StrEnum):
    """What kind of proposal the letter answers."""

    PROPOSAL = "提案"
    SUGGESTION = "建议"

    @classmethod
    def of(cls, value: str | None) -> Kind | None:
        """The kind written as `value`, or None when it is no kind (or nothing)."""
        return _KINDS.get(value) if value is not None else None


_ROLES = {r.value: r for r in Role}
_KINDS = {k.value: k for k in Kind}


@dataclass(frozen=True)
class Source:
    """Where a reply's text is kept: a file under seeds/ and the sha256 of its bytes."""

    path: str
    sha256: str
    origin: str | None = None  # where the letter came from when imported from outside seeds/


@dataclass(frozen=True)
class Contact:
    name: str | None
    phone: str | None


@dataclass(frozen=True)
class ReviewNote:
    """A fact the importer inferred rather than read, and why."""

    field: str
    reason: str


@dataclass(frozen=True)
class LetterSection:
    """A section of a letter: its kind, heading as printed, and 1-based inclusive line range."""

    kind: SectionKind
    heading: str | None
    start: int
    end: int


@dataclass(frozen=True)
class Reply:
    """The facts of one reply letter (reply.yaml)."""

    id: str
    source: Source
    issuer: str | None
    title: str | None
    issuer_as_printed: str | None = None
    issuer_inferred: str | None = None
    co_handlers: tuple[str, ...] = ()
    addressees: tuple[str, ...] = ()
    role: Role | None = None
    kind: Kind | None = None
    session: str | None = None
    number: str | None = None
    doc_number: str | None = None
    category: str | None = None
    reply_date: date | None = None
    published: date | None = None
    contact: Contact | None = None
    cc: tuple[str, ...] = ()
    sections: tuple[LetterSection, ...] = ()
    review: tuple[ReviewNote, ...] = ()
    path: str = ""  # file the record was read from, relative to the tree root; not stored

    @property
    def effective_issuer(self) -> str | None:
        """The issuer read from the letter, or failing that the one inferred for review."""
        return self.issuer or self.issuer_inferred

    @property
    def date(self) -> date | None:
        """The date that orders letters: the reply date, or failing that the publication date."""
        return self.reply_date or self.published

    def section(self, kind: SectionKind) -> LetterSection | None:
        """The first section of this kind, if the letter has one."""
        for s in self.sections:
            if s.kind == kind:
                return s
        return None


@dataclass(frozen=True)
class Evidence:
    """What a later letter says about a commitment."""

    reply: str
    section: SectionKind
    quote: str
    verdict: Verdict
    score: float
    confirmed: bool = False
    line: int | None = None
    clause: str | None = None  # the clause of the quote that matched, when it has several
    rejected: bool = False  # a clerk read it and found it is not evidence; never proposed again


@dataclass(frozen=True)
class Restated:
    """A later letter's item that promises a commitment again, and how it is weaker."""

    id: str
    weakened: tuple[str, ...] = ()


@dataclass(frozen=True)
class Commitment:
    """One next-step item of a reply letter (<NN>.yaml)."""

    id: str
    reply: str
    text: str
    area: str | None = None
    lines: tuple[int, int] | None = None
    status: Status = Status.PENDING
    status_note: str | None = None
    owners: tuple[str, ...] = ()
    due: date | None = None
    tags: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    path: str = ""  # file the record was read from, relative to the tree root; not stored
    due_text: str | None = None  # the letter's words the due date was read from (年底前)
    restated_in: tuple[Restated, ...] = ()  # later items promising it again

    @property
    def number(self) -> str:
        """The item's number within its letter (the NN of its id)."""
        return self.id.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Problem:
    """Something wrong in the tree or an input, with its place."""

    path: str
    line: int | None
    col: int | None
    level: Level
    message: str
    hint: str | None = None

    def place(self) -> str:
        """`path:line:col`, as far as they are known."""
        place = self.path
        if self.line is not None:
            place += f":{self.line}"
            if self.col is not None:
                place += f":{self.col}"
        return place

    def format(self) -> str:
        """`path:line:col: level: message (hint)` as shown to people."""
        text = f"{self.place()}: {self.level.value}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    @property
    def sort_key(self) -> tuple[str, int, int]:
        return (self.path, self.line or 0, self.col or 0)


@dataclass(frozen=True)
class Letter:
    """A reply letter as read by the importer: its facts, sections and next-step items."""

    reply: Reply
    commitments: tuple[Commitment, ...]
    text: str  # the decoded letter, as stored under seeds/
    warnings: tuple[str, ...] = field(default=())


class TrackerError(Exception):
    """A failure the user can act on; the CLI shows its message and exits non-zero."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(TrackerError):
    """The command was called wrongly (bad option value, id that matches nothing)."""

    exit_code = 2


class LetterError(TrackerError):
    """A file given as a letter cannot be read as one."""


class NotALetterError(LetterError):
    """A page that is not a reply letter: a handling summary, a news item, a message board."""
