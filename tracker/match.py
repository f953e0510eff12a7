"""Following up: commitments x later letters -> findings with evidence and scores.

Pure: the caller reads the tree and the letters' text; nothing here touches a file.

How a commitment is compared with a sentence of a later letter. Both are brought to their
comparison form (`text.key`: width, spaces and traditional characters folded; then a few words the
genre uses for one thing, 父母/家长, 排查/筛查, 配齐/配备, brought to one) and described by
features: the pairs of characters of their Chinese text (robust to the way two letters word one
policy: 配齐专职心理教师 / 专职心理教师配备), the 《document titles》, “quoted programme names”,
and the numbers with their unit (100%, 13部门) they cite. A feature weighs by how rare it is among
all the sentences indexed (inverse document frequency), so the words every letter of a bureau uses
(心理, 教育, 学生) count little and a shared programme name counts much. The commitment's side is
segmented with jieba: only pairs inside one word count, none inside the genre's generic words
(加强, 推进, 工作...), and a word the commitment repeats counts more. The score is the cosine of
the two weighted feature sets, for the whole commitment and for each of its sentences (a later
sentence often reports on one clause of a long item), the best one kept, shown as its square root.

The verdict then reads the best evidence: a progress section that reports the commitment with a
completion mark (完成, 实现, 建成, 全覆盖, 100%, 已…) and the same target makes it `done`, without
one `progress`; a next-steps section (or a progress sentence that is itself a plan: 将, 计划, 拟)
alone makes it `repeated`; later letters with nothing at or above the threshold leave it `silent`.

Sentences are indexed once (an inverted index from feature to sentences, ids ordered by issuer
and date so that the sentences a commitment may meet are one range), and each commitment walks
only the postings of its own rarer features there, then scores its best candidates exactly.
Issuers never meet, so on a big tree their letters are indexed and checked in parallel processes.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import heapq
import math
import os
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from operator import itemgetter
from typing import Any

from tracker import text as tx
from tracker.deadlines import Deadline, resolve
from tracker.issuers import Config, issuer_key
from tracker.model import (
    Commitment,
    Evidence,
    Reply,
    SectionKind,
    Verdict,
)

# --- letters as sentences --------------------------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    """One sentence of a letter's progress or next-steps section, verbatim, with its place.

    `text` is the whole sentence, up to 。！？; a sentence of several clauses (；) is indexed
    whole and once per clause, `clause` naming the clause scored (empty: the whole sentence).
    """

    reply: str
    section: SectionKind
    line: int  # 1-based line of the letter file where the sentence starts
    text: str
    clause: str = ""


@dataclass(frozen=True)
class LaterLetter:
    """A letter that commitments may be checked against: its facts, text and own items.

    Its sentences are split when first asked for: on a big tree that is in the forked worker
    that indexes the letter's issuer, not serially in the process that reads the tree.
    """

    reply: Reply
    text: str = field(repr=False)
    commitments: tuple[Commitment, ...] = ()

    @functools.cached_property
    def sentences(self) -> tuple[Sentence, ...]:
        """The sentences of the letter's recorded sections (`section_sentences`)."""
        return section_sentences(self.reply, self.text)

    @functools.cached_property
    def size(self) -> int:
        """About how many sentences and clauses the letter has, without splitting it: the
        sentence and clause marks in its recorded sections, seven sentences or clauses for four
        marks (so on the bundled letters and on the bench's), to share out the work."""
        lines = self.text.splitlines()
        marks = sum(
            sum(map(lines[i].count, _MARKS))
            for sec in self.reply.sections
            for i in range(max(sec.start, 1) - 1, min(sec.end, len(lines)))
        )
        return 7 * marks // 4


_SENTENCE_FINAL = "。！？!?；;：:"
_MARKS = ("。", "！", "？", "；", "，")  # counted for `LaterLetter.size`
_ENUMERATOR = re.compile(
    r"^\s*(?:[(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、.．]"
    r"|[一二三四五六七八九十]是|第[一二三四五六七八九十]{1,3}[,，、]?)"
)
_HEADING_CHARS = 30  # an enumerated sentence this short is a heading, not a report


def _series(sentence: str) -> str | None:
    """The kind of enumerator a sentence starts with: （一）, 一、, 1、, 一是, 第一 (None: none)."""
    m = _ENUMERATOR.match(sentence)
    if m is None:
        return None
    mark = m.group(0).strip()
    if mark[0] in "(（":
        return "（）"
    if mark.startswith("第"):
        return "第"
    return "是" if mark.endswith("是") else mark[-1:] + ("0" if mark[0].isdigit() else "一")


def _same_series(sentence: str, rest: str) -> bool:
    """True when the text after a sentence starts with the next item of the sentence's own
    enumeration (一是…。二是…): the sentence is an item of a run, not a title over the text
    (（二）强化阵地建设。一是夯实基础。 is a title over a run of another kind)."""
    kind = _series(sentence)
    return kind is not None and _series(rest) == kind


def section_sentences(reply: Reply, text: str) -> tuple[Sentence, ...]:
    """The sentences of a letter's recorded sections, split with `text.split_sentences`.

    Lines of one paragraph that a copy wrapped are joined first; a sentence gets the line where it
    starts. Headings (short enumerated sentences) are left out: they name a topic, they report
    nothing.
    """
    lines = text.splitlines()
    out: list[Sentence] = []
    day: date | None = None
    for sec in reply.sections:
        start, end = max(sec.start, 1), min(sec.end, len(lines))
        trouble = False
        for first, para in _paragraphs(lines, start, end):
            if _TOPIC.match(para):
                trouble = bool(_TROUBLE.search(para))
            if trouble:
                continue  # what stands in the way is no report of work done
            rows = _paragraph_sentences(para)
            reports: frozenset[str] = frozenset()
            if sec.kind == SectionKind.NEXT_STEPS:
                day = day or _effective_date(reply)
                reports = _reports_before_plan(tuple(q for _, q, c in rows if not c), day)
            for line, quote, clause in rows:
                kind = SectionKind.PROGRESS if quote in reports else sec.kind
                out.append(Sentence(reply.id, kind, first + line, quote, clause))
    extra = _unrecorded_points(reply, lines)
    if extra:
        out = sorted(out + extra, key=lambda s: s.line)
    return tuple(out)


# A heading of its own line (二、存在的困难) and one over what stands in the way: a copy that
# records such a part inside the progress section does not make its sentences reports.
_TOPIC = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}[、.．]|[(（][一二三四五六七八九十]{1,3}[)）])[^。\n]{1,28}$"
)
_TROUBLE = re.compile(
    r"存在(?:的)?(?:主要)?(?:困难|问题|不足)|(?:困难|问题)(?:和|与|及)(?:困难|问题|不足|短板)"
    r"|面临的(?:困难|问题)|(?:工作|主要)?(?:难点|短板)$"
)


# A letter answering point by point (一、关于村卫生室结算问题) under topic headings; its closing.
_TOPIC_HEADING = re.compile(r"^\s*[一二三四五六七八九十]{1,3}[、.．]\s*关于[^。；;]{1,28}$")
# The same heading run into its paragraph (一、关于审批窗口。去年8月，…): the text after it answers
# the point.
_RUN_IN_TOPIC = re.compile(
    r"^\s*[一二三四五六七八九十]{1,3}[、.．]\s*关于[^。；;：:\n]{1,28}[。：:]\s*\S"
)
_CLOSING = re.compile(r"^\s*(?:感谢|此复|特此|专此|联系人|联系单位|联系电话|抄送)")


def _unrecorded_points(reply: Reply, lines: list[str]) -> list[Sentence]:
    """The report sentences of a point-by-point letter's paragraphs that no recorded section
    holds: under a topic heading (一、关于…问题) a paragraph telling how the point stands
    (截至去年12月底，…全部接入; 目前，…即时办结) is the answer's progress even when it carries no
    next step and no 工作推进情况 heading. Sentences that plan (下一步, 力争, 将…) are left out:
    only a recorded section's promises are read as next steps."""
    covered = {
        n for sec in reply.sections for n in range(max(sec.start, 1), min(sec.end, len(lines)) + 1)
    }
    out: list[Sentence] = []
    under = False
    for first, para in _paragraphs(lines, 1, len(lines)):
        if _CLOSING.match(para):
            break
        if _TOPIC_HEADING.match(para):
            under = True
            continue
        if _RUN_IN_TOPIC.match(para):
            under = True
        if not under or first in covered:
            continue
        for line, quote, clause in _paragraph_sentences(para):
            plans = _PLAN_MARK.search(_BRACKETED.sub("", tx.key(clause or quote)))
            if plans and (clause or not _reports_in_part(quote)):
                continue
            out.append(Sentence(reply.id, SectionKind.PROGRESS, first + line, quote, clause))
    return out


def _reports_in_part(quote: str) -> bool:
    """True when a part of a sentence, up to a ；, reports and plans nothing (一是陈氏宗祠修缮工程
    于去年11月完工；二是魁星阁环境整治拟结合…实施): the sentence answers the point, though its
    other part plans."""
    parts = [_BRACKETED.sub("", tx.key(p)) for p in re.split(r"[；;]", quote)]
    return len(parts) > 1 and any(
        _REPORT_MARK.search(p) and not _PLAN_MARK.search(p) for p in parts
    )


# A sentence that tells what was done or how things stand (已于3月建成, 2023年…安排资金85万元,
# 去年11月…完成清淤, 目前…共有保洁员14名), not what will be.
_REPORT_MARK = re.compile(r"已|曾|去年|上年|截至|截止|累计|目前|现有|共有")


def _reports_before_plan(quotes: tuple[str, ...], day: date | None) -> frozenset[str]:
    """The sentences of a next-steps paragraph that report work before the paragraph's plan
    opens (…已于今年3月建成通水。下一步，我镇将…): a letter answering point by point puts each
    point's report and its next step in one paragraph, which is recorded as next steps whole.
    Only sentences before the first one that plans, with no plan of their own and a mark of a
    report or a past year, are reports; a paragraph with no plan in it is left as it is. A
    sentence telling how the work stands whose only plan waits on a step pending (已报省文物局审批，
    目前正在编制方案，待批复后组织实施) is a report wherever it stands."""
    keys = [_BRACKETED.sub("", tx.key(q)) for q in quotes]
    pending = [_pending_report(k) for k in keys]
    opens = next(
        (
            i
            for i, k in enumerate(keys)
            if not pending[i] and (_PLAN_MARK.search(k) or _due_ahead(k, day))
        ),
        None,
    )
    waiting = {q for q, p in zip(quotes, pending, strict=True) if p}
    if not opens:
        return frozenset(waiting)
    return (
        frozenset(
            q
            for q, k in zip(quotes[:opens], keys[:opens], strict=True)
            if _REPORT_MARK.search(k) or fact_end(k, day) is not None
        )
        | waiting
    )


def _pending_report(key: str) -> bool:
    """True for a sentence that tells how the work stands (已…, 目前正在…) and plans only what
    follows a step pending (待批复后由…组织实施): it reports progress, it promises nothing new."""
    marks = _PLAN_MARK.findall(key)
    return (
        bool(marks)
        and all(m.startswith("待") for m in marks)
        and bool(_REPORT_MARK.search(key))
        and bool(_ONGOING_MARK.search(key) or "已" in key)
    )


def _due_ahead(key: str, day: date | None) -> bool:
    """True for a sentence that sets a date still ahead of its letter and reports nothing done
    (西街市场公厕列入今年改造计划，今年6月底前完成改造, in a letter of May): it plans, though it
    carries none of the words of a plan."""
    return day is not None and "已" not in key and resolve(key, day) is not None


@functools.lru_cache(maxsize=16384)
def _paragraph_sentences(para: str) -> tuple[tuple[int, str, str], ...]:
    """(line within the paragraph, sentence, clause or "") of each sentence and clause of a
    paragraph (`section_sentences`); a paragraph of boilerplate that many letters repeat is
    split once."""
    out: list[tuple[int, str, str]] = []
    offsets = _line_offsets(para)
    for a, b in _full_sentences(para):
        clauses = [
            (a + x, a + y)
            for x, y in tx.split_sentences(para[a:b])
            if not _is_heading(
                para[a + x : a + y],
                not para[: a + x].strip(),
                not para[a + y :].strip(),
                _same_series(para[a + x : a + y], para[a + y :]),
            )
        ]
        if not clauses:
            continue
        a = clauses[0][0]  # a run-in heading before the text is not part of the quote
        quote = _joined(para[a:b])
        line = _line_index(offsets, a)
        out.append((line, quote, ""))
        parts = [p for x, y in clauses for p in _comma_clauses(para, x, y)]
        if len(parts) > 1:
            for x, y in parts:
                out.append((line, quote, _joined(para[x:y])))
    return tuple(out)


_COMMA = re.compile(r"[，,]")
_CLAUSE_MIN = 14  # a comma clause shorter than this joins the next one
_LONG = 40  # a clause longer than this is also scored by its comma clauses


def _comma_clauses(para: str, a: int, b: int) -> list[tuple[int, int]]:
    """A long clause cut at its commas into parts of a useful length (a report of several things
    in one sentence: 去年11月，11套设备已全部配发，全年开展送戏下乡演出136场)."""
    if b - a <= _LONG:
        return [(a, b)]
    out: list[tuple[int, int]] = []
    start = a
    for m in _COMMA.finditer(para, a, b):
        if m.end() - start >= _CLAUSE_MIN:
            out.append((start, m.end()))
            start = m.end()
    if start < b:
        if out and b - start < _CLAUSE_MIN:
            out[-1] = (out[-1][0], b)
        else:
            out.append((start, b))
    return out


_FULL_STOP = re.compile(r"[。！？!?]+[”’」』）)]*")


def _full_sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of a paragraph up to 。！？ (a ； does not end one), blanks trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _FULL_STOP.finditer(text):
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
    return out


def _joined(raw: str) -> str:
    """A quote spanning wrapped lines as one line."""
    return re.sub(r"\s*\n\s*", "", raw) if "\n" in raw else raw


def _paragraphs(lines: list[str], start: int, end: int) -> Iterable[tuple[int, str]]:
    """(first line number, text) of each paragraph in lines start..end (1-based, inclusive)."""
    buf: list[str] = []
    first = start
    for n in range(start, end + 1):
        line = lines[n - 1].rstrip()
        if not line.strip():
            if buf:
                yield first, "\n".join(buf)
                buf = []
            continue
        if buf and not _continues(buf[-1], line):
            yield first, "\n".join(buf)
            buf = []
        if not buf:
            first = n
        buf.append(line)
    if buf:
        yield first, "\n".join(buf)


def _continues(prev: str, line: str) -> bool:
    """True when `line` carries on the paragraph of `prev` (a copy wrapped a long line)."""
    p = prev.strip()
    return (
        len(p) >= 20 and p[-1] not in _SENTENCE_FINAL + "”’」』)）" and not _ENUMERATOR.match(line)
    )


def _line_offsets(para: str) -> list[int]:
    offs = [0]
    i = para.find("\n")
    while i >= 0:
        offs.append(i + 1)
        i = para.find("\n", i + 1)
    return offs


def _line_index(offsets: list[int], pos: int) -> int:
    i = 0
    while i + 1 < len(offsets) and offsets[i + 1] <= pos:
        i += 1
    return i


def _is_heading(
    sentence: str,
    first_in_paragraph: bool,
    last_in_paragraph: bool = False,
    item_follows: bool = False,
) -> bool:
    """A short enumerated sentence that names a topic: a paragraph of its own without a final
    stop (`二、强化队伍建设`), or a run-in title before the text (`（一）完善网络。全市已…`).

    A short enumerated item that is a whole sentence on its own line (`（二）建设信息平台。`) is a
    promise or a report, not a heading, and stays; so is one of a run of such items in one
    paragraph (`一是…。二是…。三是…。`): one followed by another item, or by nothing, heads no text.
    """
    s = sentence.strip()
    if len(tx.fold(s)) < 8:
        return True
    if not (_ENUMERATOR.match(s) and len(tx.fold(s)) <= _HEADING_CHARS):
        return False
    final = s[-1:] in "。；;！!"
    if first_in_paragraph and last_in_paragraph:
        return not final
    if final and (last_in_paragraph or item_follows):
        return False
    return first_in_paragraph or final


def later_letter(reply: Reply, text: str, commitments: Iterable[Commitment] = ()) -> LaterLetter:
    """A letter ready to be matched against, from its reply record and the text of its file."""
    return LaterLetter(reply, text, tuple(commitments))


# --- which letters a commitment is checked against ------------------------------------------


# An autonomous county's bureau signs with the full name one year and the short one the next
# (石林彝族自治县卫生健康局, 石林县卫生健康局): both are one issuer.
_MINORITY_TEXT = """
    蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水
    东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克
    俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺
"""
_MINORITIES = _MINORITY_TEXT.split()
_AUTONOMOUS = re.compile(
    "(?:(?:" + "|".join(sorted(_MINORITIES, key=len, reverse=True)) + ")族)+自治(县|州|旗)"
)


def issuer_line(reply: Reply, config: Config | None = None) -> str | None:
    """The key shared by every reply of one issuer (or one declared line of succession)."""
    name = reply.effective_issuer
    if not name:
        return None
    config = config or Config()
    line, key = config.line_of(name), issuer_key(name)
    short = _AUTONOMOUS.sub(r"\1", key)
    if short == key or line != key:
        return line  # no autonomous-county name, or one a declared succession names
    return config.line_of(short)


def is_later(
    own: Reply, other: Reply, config: Config | None = None, *, undated_ok: bool = False
) -> bool:
    """True when `other` is a letter of the same issuer line dated after `own`.

    A letter's date is its printed date, else its publication date, else the year of its
    document number (〔2024〕); a letter with none of them counts as later (`letter_date` says
    so). With `undated_ok` (letters named on purpose), a commitment of a letter without a date
    is checked too; a known date that is not later never is.
    """
    if other.id == own.id:
        return False
    line = issuer_line(own, config)
    if line is None or issuer_line(other, config) != line:
        return False
    mine, theirs = _effective_date(own), _effective_date(other)
    if mine is None:
        return undated_ok
    return theirs is None or theirs > mine


_SESSION = re.compile(
    r"(?P<term>[一二三四五六七八九十\d]{1,3})届.{0,12}?(?:第)?(?P<n>[一二三四五六七八九十\d]{1,3})次"
)


def _session(reply: Reply) -> tuple[str, int, int] | None:
    """(body, term, meeting) of the session a letter answers: 县十八届人大二次会议 is
    ("人大", 18, 2); None when it names none."""
    return _session_of(reply.session or "")


@functools.lru_cache(maxsize=4096)
def _session_of(text: str) -> tuple[str, int, int] | None:
    # a commitment's letter is weighed against every later letter of its bureau: a big tree
    # asks for the same few session names hundreds of thousands of times
    m = _SESSION.search(text)
    if not m:
        return None
    body = "政协" if "政协" in text else "人大" if ("人大" in text or "人民代表" in text) else ""
    term, n = tx.cn_int(m.group("term")), tx.cn_int(m.group("n"))
    if not body or term is None or n is None:
        return None
    return body, term, n


def _session_before(a: Reply, b: Reply) -> bool:
    """True when letter `a` answers an earlier session of the same body than `b` (十七届四次 before
    十八届一次): an undated copy of an older letter is not a later one."""
    sa, sb = _session(a), _session(b)
    return sa is not None and sb is not None and sa[0] == sb[0] and sa[1:] < sb[1:]


_DOC_YEAR = re.compile(r"[〔\[［(（【]((?:19|20)\d\d)[〕\]］)）】]")


def letter_date(reply: Reply) -> tuple[date | None, str]:
    """The date a letter is ordered by, and where it comes from: `reply_date` (printed),
    `published` (the page's publication date), `doc_number` (the year of 〔2024〕, as 1 January)
    or `unknown`."""
    if reply.reply_date is not None:
        return reply.reply_date, "reply_date"
    if reply.published is not None:
        return reply.published, "published"
    m = _DOC_YEAR.search(reply.doc_number or "")
    if m:
        return date(int(m.group(1)), 1, 1), "doc_number"
    return None, "unknown"


def _effective_date(reply: Reply) -> date | None:
    return letter_date(reply)[0]


def candidates(
    own: Reply, replies: Iterable[Reply], config: Config | None = None, *, undated_ok: bool = False
) -> list[Reply]:
    """The replies a commitment of `own` is checked against, oldest first."""
    found = [r for r in replies if is_later(own, r, config, undated_ok=undated_ok)]
    return sorted(found, key=lambda r: (_effective_date(r) or date.max, r.id))


# --- findings ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Proposal:
    """A sentence of a later letter proposed as evidence on a commitment."""

    reply: str
    section: SectionKind
    line: int
    quote: str
    score: float
    verdict: Verdict  # what this sentence alone says: done, progress or repeated
    terms: tuple[str, ...] = ()  # words of the commitment found in the quote (for highlighting)
    clause: str = ""  # the clause of the quote that matched, when it has several
    date_from: str = "reply_date"  # where the later letter's date comes from (`letter_date`)

    def evidence(self) -> Evidence:
        """The proposal as an unconfirmed evidence record."""
        return Evidence(
            self.reply,
            self.section,
            self.quote,
            self.verdict,
            round(self.score, 3),
            confirmed=False,
            line=self.line,
            clause=self.clause or None,
        )


@dataclass(frozen=True)
class Restatement:
    """A later letter's item that promises a commitment again, and how it is weaker."""

    id: str
    score: float
    weakened: tuple[str, ...] = ()  # reasons: number, deadline, verb, scope


@dataclass(frozen=True)
class Finding:
    """What the later letters say about one commitment."""

    commitment: str
    verdict: Verdict
    evidence: tuple[Proposal, ...] = ()  # best first
    against: tuple[str, ...] = ()  # the replies it was checked against, oldest first
    restated_in: tuple[Restatement, ...] = ()  # later items promising it again, oldest first


@dataclass(frozen=True)
class Diff:
    """Findings for the commitments, and the later letters' items that continue none of them."""

    findings: tuple[Finding, ...]
    new: tuple[Commitment, ...] = ()
    # how many forked processes shared the work (0: this process alone); how the result was
    # reached, not what it is, so two results compare equal whatever their workers
    workers: int = field(default=0, compare=False)

    def counts(self) -> dict[Verdict, int]:
        """How many findings have each verdict (every verdict listed, in enum order)."""
        out = dict.fromkeys(Verdict, 0)
        for f in self.findings:
            out[f.verdict] += 1
        return out


@dataclass(frozen=True)
class Options:
    """How the matcher decides, and how it shares the work between processes."""

    min_score: float = 0.25  # a sentence scoring below this is not evidence
    evidence: int = 3  # proposals kept per commitment
    done_score: float = 0.45  # a completion mark counts without a shared number above this
    weak_score: float = 0.32  # a report of work scoring below this is weak ...
    plan_margin: float = 0.15  # ... and a plan scoring this much more makes it `repeated`
    restate_score: float = 0.27  # a later item whose sentence scores this much restates it
    continued_score: float = 0.21  # a later item sharing this much with a promise is not new
    # forked workers share the work from this size (sentences and commitments); below it one
    # process is quicker. The findings are the same either way.
    parallel_from: int = 2000
    workers: int | None = None  # processes at most; None: the machine's cores, up to 4

    def worker_count(self) -> int:
        """The most processes to share the work between (1: this process alone)."""
        if self.workers is not None:
            return max(1, self.workers)
        return min(os.cpu_count() or 1, _MAX_WORKERS)


# --- features ---------------------------------------------------------------------------------

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# 《document titles》, “quoted names”, numbers with their unit, Latin words; one pass, so a number
# inside a title is part of the title, not a feature of its own
_SPECIAL = re.compile(
    r"《(?P<title>[^《》\n]{2,80})》"
    r"|[“「『\"](?P<name>[^“”「」『』\"\n]{2,30})[”」』\"]"
    r"|(?<![\d.])(?P<num>\d+(?:\.\d+)?)\s*"
    r"(?P<unit>%|‰|万人次|人次|万人|万元|亿元|部门|[个所名家项次场期支人元倍节讲篇条类批座间户套册])"
    r"|(?P<latin>[a-z][a-z0-9+]+)"
)

# Words every letter of the genre uses whatever its topic: they say nothing about which policy.
_STOP_TEXT = """
    工作 开展 加强 推进 推动 进一步 不断 持续 积极 全面 深入 有效 提升 提高 完善 健全 建立
    落实 强化 深化 做好 抓好 办好 用好 充分 发挥 作用 相关 有关 各类 各项 各级 以及 通过 围绕
    按照 根据 进行 实施 促进 共同 继续 探索 努力 切实 扎实 认真 重视 高度重视 方面 情况 问题
    主要 重要 重点 我们 我局 我市 我区 我委 你们 建议 提案 答复 办理 单位 部门 组织 加快 广泛
    更加 逐步 多种 形式 目前 今年 以来 其中 同时 一是 二是 三是 四是 五是 六是 七是 八是 接下来
    下一步 今后 完成 实现 达到 达成 建成 计划 已经 正在 不断完善 贯彻落实 贯彻 采纳 感谢 支持
    保障 着力 大力 形成 营造 构建 打造 注重 加大 力度 取得 成效 明显 良好 全市 全区 全省 市级
    区级 各区 各地 坚持 统筹 规范 有序 及时 确保 力争 争取 配合 协调 负责 具体 措施 举措 一步
    自己 他们 其他 各自 更好 更好地 多方面 方式 存在 有关 全覆盖 一定 一些 各种 所有 每个 相应
    具有 针对 明年 上半年 下半年 年底 年内 月底 年底前 今年 去年
"""
_STOP_WORDS = frozenset(_STOP_TEXT.split())
_STOP_PAIRS = frozenset(
    w[i : i + 2]
    for w in _STOP_WORDS
    for i in range(len(w) - 1)
    if len(w) == 2 or w[i : i + 2] in _STOP_WORDS
)

# Special features are told apart from pairs of characters by their first character; their
# weight multiplies rarity.
_BOOST = {"《": 2.0, "“": 2.0, "#": 1.5, "@": 1.0}


def _boost(feature: str) -> float:
    return _BOOST.get(feature[0], 1.0)


# Words letters use for one thing, brought to one form before features are taken (both sides).
_SAME = {
    "家长": ("父母",),
    "孩子": ("子女",),
    "青少年": ("未成年人",),
    "社工": ("社会工作者", "社会工作"),
    "心理教师": ("心理健康教师", "心理健康老师", "心理老师"),
    "教师": ("老师",),
    "中小学": ("中小学校",),
    "配备": ("配齐", "配足"),
    "筛查": ("排查", "普查", "测评", "测试"),
    "医疗机构": ("医院",),
    "街道": ("镇街", "街镇"),
    "科普": ("科学普及",),
    "课堂": ("讲堂", "学堂", "讲座"),
    "培训": ("轮训",),
    "热线": ("热线电话",),
    "经费": ("资金",),
    "督导": ("督查",),
    "危旧桥梁": ("危桥", "危险桥梁"),
}
_SAME_FORM = {v: k for k, vs in _SAME.items() for v in vs}
_SAME_RE = re.compile("|".join(sorted(map(re.escape, _SAME_FORM), key=len, reverse=True)))


def canonical(key: str) -> str:
    """A comparison-form text with the genre's synonyms brought to one word."""
    return _SAME_RE.sub(lambda m: _SAME_FORM[m.group()], key)


def _special(key: str) -> list[tuple[int, str]]:
    """(position, feature) of the titles, quoted names, numbers and Latin words of a text."""
    out = []
    for m in _SPECIAL.finditer(key):
        kind = m.lastgroup
        if kind == "title":
            out.append((m.start(), "《" + m.group("title")))
        elif kind == "name":
            out.append((m.start(), "“" + m.group("name")))
        elif kind == "unit":
            out.append((m.start(), "#" + m.group("num") + m.group("unit")))
        else:
            out.append((m.start(), "@" + m.group("latin")))
    return out


def _pairs(key: str) -> Iterable[tuple[int, str]]:
    for m in _HAN.finditer(key):
        run, base = m.group(), m.start()
        for i in range(len(run) - 1):
            yield base + i, run[i : i + 2]


def doc_features(key: str) -> tuple[set[str], tuple[str, ...]]:
    """The features of a sentence's comparison form: its pairs of characters (generic ones left
    out) with its special features, and the special features alone."""
    feats: set[str] = set()
    for run in _HAN.findall(key):
        feats.update(map(str.__add__, run, run[1:]))
    feats -= feats & _STOP_PAIRS  # (a difference would walk every stop pair)
    special = tuple(f for _, f in _special(key)) if _MAYBE_SPECIAL.search(key) else ()
    feats.update(special)
    return feats, special


_MAYBE_SPECIAL = re.compile(r"[《“「『\"\da-z]")


def _unit_spans(key: str) -> list[tuple[int, int]]:
    """The units a commitment is scored by: the whole text, then each of its sentences when it
    has several of a useful length (a later sentence often reports on one clause of a long item)."""
    merged: list[tuple[int, int]] = []
    for a, b in tx.split_sentences(key):
        if merged and merged[-1][1] - merged[-1][0] < 12:
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    merged = [(a, b) for a, b in merged if b - a >= 12]
    return [(0, len(key)), *merged] if len(merged) > 1 else [(0, len(key))]


def _commitment_features(text: str) -> tuple[list[dict[str, float]], list[str]]:
    """The weighted features of a commitment for each unit, and its words that tell policies apart.

    jieba gives the word boundaries: only pairs inside one word count (a pair across two words,
    师配 in 教师配备, says little), none inside a generic word, and a repeated word counts more.
    """
    key = canonical(tx.key(text))
    inside: set[int] = set()
    pos = 0
    segmented = tx.words(key)
    run: list[int] = []  # positions of adjacent one-character words: a word jieba does not know
    for w in segmented:
        at = key.find(w, pos)
        if at < 0:
            continue
        pos = at + len(w)
        if len(w) == 1 and _HAN.match(w) and w not in _FUNCTION_CHARS:
            if run and run[-1] + 1 != at:
                run = []
            if run:
                inside.add(run[-1])
            run.append(at)
            continue
        run = []
        if w not in _STOP_WORDS:
            inside.update(range(at, at + len(w) - 1))
    pairs = [(i, p) for i, p in _pairs(key) if (_ACROSS or i in inside) and p not in _STOP_PAIRS]
    special = _special(key)
    units = []
    for a, b in _unit_spans(key):
        tf: dict[str, float] = defaultdict(float)
        across: dict[str, bool] = {}
        for i, p in pairs:
            if a <= i and i + 2 <= b:
                tf[p] += 1
                across[p] = across.get(p, True) and i not in inside
        for i, f in special:
            if a <= i < b:
                tf[f] += 1
        units.append(
            {
                f: _boost(f) * (1.0 + math.log(n)) * (_ACROSS if across.get(f) else 1.0)
                for f, n in sorted(tf.items())
            }
        )
    words = [w for w in segmented if len(w) >= 2 and w not in _STOP_WORDS and _HAN.search(w)]
    return units, words


# Characters that stand alone as words of running text (在, 和, 将, 的): a run of other
# one-character words is a word jieba does not know (慢特病, 乌石, 新渡), and its pairs count.
_FUNCTION_CHARS = frozenset(
    "的了和与及或在将对为等各全该本每此其已未到于从向把被由以是有也都而并之个年月日前后内外上下中"
)

# A pair of characters across two words (师配 in 教师配备) says less than one inside a word; it
# still counts a little, since jieba does not know every programme's words (提标改造).
_ACROSS = 0.0


def _content_words(text: str) -> list[str]:
    """The words of a text that can tell two policies apart (not generic, two characters or more)."""
    return [
        w for w in tx.words(tx.key(text)) if len(w) >= 2 and w not in _STOP_WORDS and _HAN.search(w)
    ]


@functools.lru_cache(maxsize=8192)
def _promise_key(text: str) -> str:
    """`text.key` of a commitment's text: each is compared with many sentences, in several steps."""
    return tx.key(text)


def shared_terms(
    commitment_text: str, quote: str, words: list[str] | None = None, *, key: str | None = None
) -> tuple[str, ...]:
    """The words of a commitment (two characters or more, not generic) found in a quote."""
    q = tx.key(quote) if key is None else key
    seen: list[str] = []
    for w in _content_words(commitment_text) if words is None else words:
        if w in q and w not in seen:
            seen.append(w)
    for _, f in _special(_promise_key(commitment_text)):
        t = f[1:]
        if t in q and t not in seen:
            seen.append(t)
    # a longer shared word covers its parts
    return tuple(w for w in seen if not any(w != o and w in o for o in seen))


# --- what a sentence says about the state of things -------------------------------------------

_BRACKETED = re.compile(r"《[^《》]*》|“[^“”]*”|「[^「」]*」|\([^()]*\)|（[^（）]*）")
_DONE_MARK = re.compile(
    r"完成|实现|达到|达成|建成|全覆盖|覆盖率达|100%|全部|配齐|配足|均已|已经|已[\u4e00-\u9fff]|"
    r"成立了|设立了|建立了|出台了|开通了|落成|竣工|投入使用|投用|挂牌|通过验收|如期|提前"
    r"|完工|交工|验收|通水|通车|启用|正式运营|投入运营|开放|到位|超额"
    r"|开通运[行营]|建成运[行营]|投入运行|正式运行|完毕"
    # a plant that started producing, an event that was held (正式投产, 在…开幕, 举办了)
    r"|投产|开幕|举办了|举行了|成功举办|顺利举办"
    # a review passed (顺利通过二级甲等中医医院评审), a service gone on line (上线运行)
    r"|通过[^,，;；。]{0,16}?(?:评审|认定|考核|评估|复核|评定|验收|测评)|上线运行|正式上线"
    # an act told as carried out (开展了…演练, 组织了…培训, 实施了…作业)
    r"|开展了|组织了|实施了"
    # a service gone live (小程序上线体检报告查询功能), not the 线上线下 of a channel
    r"|(?<![线将拟])上线(?!下)"
    # a rule that took effect (《…办法》正式施行, 自3月1日起施行, 印发实施)
    r"|正式施行|起施行|印发实施"
)
_NOT_DONE = re.compile(r"未完成|尚未|没有|仍未|未能|还未|未实现|未达到|不到|不足|有待")
# 将 marks the future only before a verb or adverb (将继续, 将于); before a noun it means 把.
_PLAN_MARK = re.compile(
    r"将(?=[于在要会把以对从由与同向按进继持不加积认全深大着逐尽适切扎更重力联组研启做落完建健推提强开实出制印设])"
    r"|计划[于在到]|拟|力争|争取(?!到)|预计|下一步|今后|明年|即将|年底前|年内"
    r"|待[^,，;；。]{1,16}(?:后|时)|优先(?:安排|解决|实施|考虑|支持)"
)
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)%")
# A step that only files the request for later (已将该沟渠作为…项目储备, 纳入项目库, 列入…计划
# 上报): it reports nothing done or under way; the clauses beside it say whether it is a plan.
_LISTED = re.compile(
    r"(?:纳入|列入|作为)[^,，;；。]{0,24}(?:储备|项目库|规划|计划|盘子|清单)"
    r"|储备项目|项目储备|上报[^,，;；。]{0,10}(?:审批|争取|申请)"
)


class State(StrEnum):
    """What a sentence reports."""

    DONE = "done"
    ONGOING = "ongoing"
    PLAN = "plan"


_ONGOING_MARK = re.compile(
    r"正在|推进中|建设中|加快推进|有序推进|稳步推进|逐步|仍在|尚在|试点|筹备|筹建"
    r"|开工|动工|进场施工|封顶|试运行|有待|待审|待批|报[^,，。;；]{0,8}(?:审定|审批|审核)"
    # the work made ready, not done (已完成招标, 施工单位已进场, 完成选址)
    r"|招标|选址|立项|可研|前期工作|征地|进场|采购"
)
# A forecast of the work's end (预计今年8月封顶, 预计9月点火试运行) says it is not finished yet,
# whatever step beside it is reported done (已建至第三层).
_FORECAST_END = re.compile(
    r"预计[^,，;；。]{0,16}(?:封顶|完工|竣工|建成|投用|投入使用|试运行|通车|通水|交付|完成)"
)
_CLAUSE = re.compile(r"[,，;；。!！?？:：]")


# Steps of a work that are usually on the way to its end, but are the end itself when a promise
# names them (年内开工建设…: 已于5月开工 delivers it; 完成主体封顶: 于9月封顶 delivers it).
_STEPS = ("封顶", "开工", "动工", "试运行", "进场施工", "招标", "选址", "立项", "可研", "征地")


# A promise to start a work (年内启动…拆除重建, 启动…改造工程) names its start: the work reported
# begun (已于12月开工) delivers it.
_START = re.compile(r"启动[^,，;；。]{0,20}?(?:建设|重建|改建|扩建|改造|工程|项目|施工)")
_STARTED = frozenset({"开工", "动工", "进场施工"})
# A promise to have a thing listed (纳入…重点项目, 列入…计划) is kept by the listing reported
# (已纳入今年省级重点项目清单), which for any other promise is only a step filed for later.
_LIST_PROMISED = re.compile(r"纳入|列入")


def promised_steps(commitment_key: str) -> frozenset[str]:
    """The steps (封顶, 开工, …) a promise names as what it will do; 纳入 when it promises to
    have a thing listed (争取将…纳入省级重点项目)."""
    steps = frozenset(w for w in _STEPS if w in commitment_key)
    if _LIST_PROMISED.search(commitment_key):
        steps |= {"纳入"}
    return steps | _STARTED if _START.search(commitment_key) else steps


_STEP_AHEAD = re.compile(r"计划|预计|准备|争取|力争|有望|拟")

# A sentence that opens on a past time (去年10月，…; 上年，…) tells what was done then: an act
# named in it (举办第三届运动会, 新建蓄水池32口, 新设工作站) is a report of it done, with no
# 已 or 了 to say so. The numbers beside it still decide whether the promise is reached. A year
# alone before the comma (2023年，全县累计实施…作业74次; 去年全年，…走访162人次) is such a time: a
# plan in it says so (将, 计划) and a clause still going on (正在, 试点) outweighs it. The acts
# of a routine promise (组织, 开展, 实施, 走访, 巡查, 培训) count like the acts of a work.
_PAST_LEAD = re.compile(
    r"^(?:去年|上年|前年)(?:全年|[上下]半年|[\d一二三四五六七八九十]{1,2}月(?:份)?)?[，,]?"
    r"|^(?:19|20)\d\d年(?:全年|[上下]半年)?[，,]"
)
# The places a work went to, named by what they lacked (在尚未设站的5个乡镇新设…): a
# description, not a report of the work undone.
_UNSERVED = re.compile(r"(?:尚未|未|没有)[\u4e00-\u9fff]{1,6}的(?=[\u4e00-\u9fff\d])")
_PAST_ACT = re.compile(
    r"举办|举行|召开|新建|新设|新增|修建|建设|铺设|安装|加装|配备|设置|招聘|更换|改造|修复|发放"
    r"|组织|开展|实施|走访|巡查|排查|培训|新办|开办|进行了|输送|配送"
)
# A past time told inside the sentence's first clause, after its subject (“…”劳务品牌去年向…输送;
# 2024年全年为农家书屋配送…; 2023年秋季学期和2024年春季学期，…组织…): the same report of acts done.
_PAST_IN_FIRST = re.compile(
    r"(?:去年|上年|前年)(?!以来|起|至今|底前|年底前)"
    r"|(?:19|20)\d\d年(?:全年|[上下]半年|[春秋]季学期)(?!以来|起|至今)"
)


def sentence_state(
    quote: str, *, key: str | None = None, steps: frozenset[str] = frozenset()
) -> State:
    """Whether a sentence reports something done, work going on, or a plan.

    Read clause by clause, titles, quoted names and brackets left out (《…行动计划》 announces no
    plan): a clause that plans (将于, 计划, 拟) reports nothing done; one that says the work is
    still going on (正在, 逐步, 尚未) outweighs a step reported done (已完成选址). A step the
    promise itself names (`steps`: 开工 for 年内开工建设) reported is its delivery, whatever
    later step the sentence says is going on.
    """
    k = _BRACKETED.sub("", tx.key(quote) if key is None else key)
    past = bool(_PAST_LEAD.match(k) or _PAST_IN_FIRST.search(_CLAUSE.split(k)[0]))
    done = ongoing = plan = step = False
    for clause in _CLAUSE.split(k):
        if not clause:
            continue
        if _LISTED.search(clause):
            if "纳入" not in steps:
                continue  # a step filed for later: the clauses beside it say the rest
            if _PLAN_MARK.search(clause) or _ONGOING_MARK.search(clause):
                ongoing = True  # 正在争取纳入: the listing promised is still to come
            else:
                done = step = True  # (已)列入…项目储备库: the listing promised, reported
            continue
        if _FORECAST_END.search(clause):
            ongoing = True
        elif _PLAN_MARK.search(clause):
            plan = True
        elif _NOT_DONE.search(_UNSERVED.sub("", clause)):
            ongoing = True
        elif marks := _ONGOING_MARK.findall(clause):
            if steps and all(m in steps for m in marks) and _STEP_AHEAD.search(clause):
                ongoing = True  # 计划今年下半年开工: the step promised is still ahead
            elif steps and all(m in steps for m in marks):
                done = step = True
            else:
                ongoing = True
        elif _DONE_MARK.search(clause) or (past and _PAST_ACT.search(clause)):
            done = True
    if step:
        return State.DONE  # the step promised is taken, whatever later step goes on
    if ongoing:
        return State.ONGOING
    if done:
        return State.DONE
    return State.PLAN if plan else State.ONGOING


# --- boilerplate, dated facts, generic words --------------------------------------------------

# Statements of attention or adherence: they say the bureau cares, not what it did.
_BOILER_MARK = re.compile(
    r"高度重视|十分重视|非常重视|高度关注|始终坚持|一直坚持|始终把|贯彻落实.{0,40}(?:精神|要求|部署)"
    r"|文件精神|会议精神|重要指示|重要论述|认真研究|认真办理|列入.{0,6}(?:议事日程|重要日程)"
    r"|摆在.{0,10}位置|作为.{0,10}(?:重要内容|重要任务|重中之重)|相关工作|各项工作|有关工作"
    r"|工作力度|提高认识|思想认识|责任意识|不断加强|进一步加强"
    # a standing rule or aim followed (始终以《…》为指引, 始终严格执行《…》, 坚持把…作为重要举措)
    r"|始终(?:以|严格|坚持|遵循|贯彻|按照|落实)|为(?:指引|遵循|统领|根本遵循)|坚持把|抓紧抓实|抓实抓好"
    r"|作为.{0,12}(?:重要举措|民生实事|惠民实事|重点工作|重要抓手)"
    # diligence in a routine (严格按照规定做好…审核和发放工作, 切实做好…, 确保资金安全)
    r"|严格按照(?:规定|要求|程序|标准|有关|相关)|(?:认真|切实|扎实|全力)做好|确保资金安全"
    # work said to go on well, with nothing done named (…养护工作稳步推进, 工作取得积极成效)
    r"|工作(?:稳步|有序|扎实|持续|顺利|积极)推进|工作(?:取得|初见)了?(?:积极|明显|阶段性|良好)?成效"
    # a stance kept, with nothing done named (始终把…放在心上, 绷紧…这根弦, 压实…主体责任, 持续加强…,
    # 营造…环境)
    r"|放在心上|这根弦|压实[^,，;；。]{0,12}责任|持续加强|营造[^,，;；。]{0,12}(?:氛围|环境)"
    # an aim kept up (持续提升…服务水平): what the bureau holds to, not what it did
    r"|持续(?:提升|提高)[^,，;；。]{0,12}(?:水平|能力|质效|质量|满意度)"
)
# A cited document followed, and no more in the clause (我局将认真落实《…规划》，…; 继续按照《…》要求，
# …): the bureau's stance; the title is read on the key, since the rest is checked without it.
_FOLLOWED = re.compile(
    r"(?:落实|执行|按照|遵照|依照|对照)《[^《》]*》(?:等文件)?(?:要求|部署|精神)?(?=[,，;；。]|$)"
)
# What makes a sentence concrete: a number, a date, a quoted programme, or an act with an object.
_CONCRETE = re.compile(
    # 每一名儿童 counts nothing
    r"\d|(?<!每)[一二三四五六七八九十百千万两]+(?:所|个|家|名|项|批|期|次|场|支|座|间|人|万)"
    r"|“[^”]{2,}”|印发|出台|制定|建成|新建|改建|扩建|建设了|开设|配备|招聘|招录|培训了|举办|开通"
    r"|上线|投入使用|挂牌|签订|设立|成立|组建|拨付|投入.{0,4}(?:资金|经费)|覆盖|开展了"
)


# A promise only to adhere (坚持人民至上、生命至上, 严格落实《文物保护法》, 压实主体责任, 守牢…底线):
# each clause a verb of adherence before a principle, a duty or a cited document.
_ADHERE_CLAUSE = re.compile(
    r"^(?:始终|继续|进一步|认真|严格|深入|全面|切实|坚决)*"
    r"(?:坚持|贯彻落实|贯彻|落实|执行|遵守|守牢|守住|筑牢|压实|扛起|树牢)"
    r"[^,，;；。]*?(?:底线|责任|至上|第一|为主|优先|为本|理念|方针|原则|精神|要求|部署|》等?(?:文件|法规)?)$"
)


def adheres_only(key: str) -> bool:
    """True for a promise (comparison form) that only adheres, naming no act, object, number or
    date: every clause is a verb of adherence before a principle, a duty or a 《document》
    (坚持人民至上、生命至上，守牢农村房屋安全底线). Nothing a later letter says delivers it or
    promises it again: a later sentence that shares its words shares the bureau's topic."""
    clauses = [x for x in re.split(r"[,，;；。]", key) if x]
    return bool(clauses) and all(
        _ADHERE_CLAUSE.match(x) and not _CONCRETE.search(_TITLE.sub("", x)) for x in clauses
    )


def is_boilerplate(key: str) -> bool:
    """True for a sentence (comparison form) that states attention or adherence and names no
    concrete act, object, number or date: 我局高度重视…, 认真贯彻落实《…》等文件精神; or that
    only counts what there is (全县共有乡镇15个、行政村186个).

    A 《title》 cited does not make it concrete: the sentence still says nothing was done.
    """
    plain = _TITLE.sub("", key)
    if _INVENTORY.search(plain) and _COUNTED.search(plain) and not _ACTED.search(plain):
        # 全县共有乡镇15个: what there is, not what was done; 现有 before an uncounted noun
        # (做好现有砂石路面的养护) is no inventory
        return True
    if is_background(plain):
        return True
    if _BLANKET.search(_ENUMERATOR.sub("", plain)) and not _COUNTED.search(plain):
        return True  # 全县水利工程均已落实管护责任人: a standing arrangement, not a delivery
    if _APPRAISAL.search(plain) and not _COUNTED.search(plain) and not _ACTED.search(plain):
        return True  # 全县…队伍专业化水平不断提升: how a field fares, nothing done named
    if not (_BOILER_MARK.search(plain) or _FOLLOWED.search(key)):
        return False
    return not _CONCRETE.search(plain)


_INVENTORY = re.compile(r"共有|现有|辖有|下辖|总数为|总数达")
# Background: what the higher authorities support, fund or lack (上级部门重点支持的项目为四类,
# 国家和省级暂无专项补助), or why the county cannot act (由于…资金有限). It describes the
# setting of a letter, not the bureau's own work, and shares a funding promise's words.
_HIGHER = r"(?:上级|国家|中央|省级|省里|省上|州级|省和州|省州)"
_BACKGROUND = re.compile(
    r"^(?:在[^,，;；。]{0,30}(?:中|当中|期间|方面)[,，]?)?" + _HIGHER + r"[^,，;；。]{0,14}?"
    r"(?:重点支持|支持的|补助的|暂无|没有|尚无|不再|明确|规定|要求|标准为|范围为)"
    r"|^由于[^。]*(?:暂无|困难|有限|不足|没有|尚无|较大|较少|紧张)"
)
_OWN_ACT = re.compile(r"我局|我县|我市|我区|我们|本局|已[\u4e00-\u9fff]|完成|建成|争取到|获得")


# The place described (我县地处山区, 鸣沙县是哈密瓜主产区, 本镇位于…): the letter's setting.
# A status the place holds (…县是省级示范县) may be a promise kept: only its land and trade are.
_SETTING = re.compile(
    r"^(?:[我本][县市区镇乡]|[\u4e00-\u9fff]{1,4}[县市区镇乡])"
    r"(?:地处|位于|地属|(?:是|系|属于|属)[^,，;；。]{0,12}?(?:产区|大县|大镇|重镇|山区|丘陵|库区|老区|农业县))"
)


# What a kind of work is for (人民调解是化解基层矛盾的第一道防线, 客运站是群众出行的重要窗口): a
# definition, true every year, with no act in it.
_DEFINITION = re.compile(
    r"^[^,，;；。]{2,14}(?<![不还也])是[^,，;；。]{0,20}?"
    r"(?:防线|窗口|途径|渠道|环节|抓手|基础|保障|举措|手段|民生工程|民心工程|重要内容|关键)"
)


def is_background(key: str) -> bool:
    """True for a sentence (comparison form) that gives a letter's setting rather than the
    bureau's work: what the higher authorities support or lack, or why the county cannot act,
    with no act of the bureau's own in it (上级交通部门重点支持的项目为四类; 由于…县级财力有限);
    or the place described, or what a kind of work is for, with no act in it (鸣沙县是哈密瓜主产区，
    种植面积常年稳定在5万亩左右; 人民调解是化解基层矛盾的第一道防线)."""
    if (_SETTING.search(key) or _DEFINITION.search(key)) and not _ACTED.search(key):
        return True
    return bool(_BACKGROUND.search(key)) and not _OWN_ACT.search(key)


# A blanket statement that every one of a kind in the county has something (全县各乡镇均设立了…,
# 全县村卫生室均实行…): with no number, date or named programme it states how things stand, and
# shares only the kind's words with a promise.
_BLANKET = re.compile(r"^(?:全县|全市|全区|全镇|全乡|各乡镇|各县区)[^,，;；。]{0,24}?[均都]")
# An appraisal of how a field fares, ending the sentence (…水平不断提升, …体系不断健全, …发展势头
# 良好, …形势总体平稳): with no number, programme or act it says how things go, not what was done.
_APPRAISAL = re.compile(
    r"(?:不断|持续|逐步|日益|稳步|明显|显著|进一步|总体|有效)"
    r"(?:提升|提高|增强|健全|完善|改善|向好|平稳|优化|好转)[。！]?$"
    r"|(?:势头|形势|态势|局面)(?:总体|整体|持续)?(?:良好|平稳|向好|稳定)[。！]?$"
    # …运行总体安全, …市场总体平稳有序, …设施总体运行平稳
    r"|(?:总体|整体)(?:运行|上)?(?:安全|平稳|稳定|良好|正常)(?:有序)?[。！]?$"
)
_COUNTED = re.compile(
    r"\d|[一二三四五六七八九十百千万两]+(?:所|个|家|名|项|座|条|台|批|万)|“[^”]{2,}”"
)
_ACTED = re.compile(
    r"已|完成|建成|新建|改建|扩建|投入|开展|实现|配备|配齐|开设了|新开设|增设|开通|启用|印发|出台|累计|新增|培训"
)


_TITLE = re.compile(r"《[^《》]*》")
_DAY = re.compile(
    r"(?P<y>(?:19|20)\d\d)年(?:(?:1[0-2]|0?[1-9])月?\s*[-—–~至到]\s*)?"
    r"(?:(?P<m>1[0-2]|0?[1-9])月(?:(?P<d>[12]\d|3[01]|0?[1-9])[日号])?)?"
    r"(?P<half>上半年|下半年|底|末)?"
    r"(?P<open>以来|起|至今|开始|以后|后)?"
)
_RANGE_YEAR = re.compile(r"(?:19|20)\d\d\s*[-—–~至到]\s*(?:19|20)?\d\d年")
# 当年 after a year named before it is that year (2021年，…公布11处，当年为其中6处设立了标志), not
# the letter's.
_THAT_YEAR = re.compile(r"((?:19|20)\d\d年[^。]*?)当年")
_RELATIVE = re.compile(r"今年|本年|当年|近年|近期|目前|现已|截至目前|至今|以来|正在")


def fact_end(key: str, letter_day: date | None = None) -> date | None:
    """The latest day the facts of a sentence are dated by (the end of the latest year, month or
    day it names), or None when it names no date, a period still running (2021年以来), this
    year, or a date range (2021-2025年, a plan's span). Titles are left out: 《…(2021-2025年)》
    dates a document, not a fact."""
    plain = _TITLE.sub("", key)
    plain = _THAT_YEAR.sub(r"\1", plain)
    if _RANGE_YEAR.search(plain) or _RELATIVE.search(plain):
        return None
    latest: date | None = None
    for m in _DAY.finditer(plain):
        if m.group("open"):
            return None
        y = int(m.group("y"))
        if m.group("d"):
            end = date(y, int(m.group("m")), int(m.group("d")))
        elif m.group("m"):
            mo = int(m.group("m"))
            end = date(y + 1, 1, 1) if mo == 12 else date(y, mo + 1, 1)
            end = date.fromordinal(end.toordinal() - 1)
        elif m.group("half") == "上半年":
            end = date(y, 6, 30)
        else:
            end = date(y, 12, 31)
        if letter_day is not None and end.year >= letter_day.year:
            return None  # this year's or a later fact: not background
        latest = end if latest is None or end > latest else latest
    return latest


def is_stale(key: str, since: date | None, letter_day: date | None = None) -> bool:
    """True when every date a sentence's facts carry lies before `since` (the commitment's
    letter): 2021年,县中心建成投入使用 is background to a 2023 promise, not its delivery."""
    if since is None:
        return False
    end = fact_end(key, letter_day)
    return end is not None and end < since


# Place and institution words every letter of a bureau repeats: alone they never make a match.
# The same is learnt from the data: a pair of characters in a large share of a bureau's sentences.
_GENERIC_TEXT = """
    乡镇 卫生院 全县 全市 全区 全省 学校 学生 中小学 幼儿园 医院 医疗机构 村 社区 街道 群众 居民
    家长 教师 老师 县级 市级 区级 基层 农村 城乡 城区 我县 我市 我区 本县 本市 各县 各镇 镇街
    服务中心
"""
GENERIC_PAIRS = frozenset(
    w[i : i + 2] for w in _GENERIC_TEXT.split() for i in range(max(1, len(w) - 1))
)


@functools.lru_cache(maxsize=1024)
def _name_pairs(line: str | None) -> frozenset[str]:
    """The pairs of characters of a bureau's own name and of its short name (医疗保障局 -> 医保,
    人力资源和社会保障局 -> 人社, 卫生健康局 -> 卫健): the topic of every letter it writes."""
    if not line:
        return frozenset()
    out = {p for _, p in _pairs(line)}
    heads = [w[0] for w in tx.words(line) if len(w) >= 2 and _HAN.fullmatch(w)]
    out.update(a + b for a, b in zip(heads, heads[1:], strict=False))
    return frozenset(out)


# Learnt only from a bureau with enough letters: in two or three letters on one topic, the topic's
# own words are in every letter.
_GENERIC_SHARE = 0.6  # a pair in this share of a bureau's letters ...
_GENERIC_MIN = 6  # ... when it has at least this many


def _reaches_target(commitment_key: str, quote_key: str) -> bool:
    """False when the commitment sets a percentage the sentence reports as not reached, or the
    sentence reports a share of the work done (完成土建工程的60%)."""
    want = [float(x) for x in _PERCENT.findall(commitment_key)]
    if not want and any(t in commitment_key for t in _WHOLE):
        want = [100.0]  # 全覆盖 promised, 覆盖率82% reported
    have = [float(x) for x in _PERCENT.findall(quote_key)]
    if want and have and max(have) < max(want):
        return False
    # a coverage told short of the whole (轮训覆盖率达到70%) against a promise to finish the work
    # (完成…人员轮训一遍), not only to raise it: a part of the people or places reached
    covered = [float(x) for x in _COVERAGE.findall(quote_key)]
    if not want and covered and max(covered) < 100 and not _RAISE.search(commitment_key):
        return False
    part = _PART_DONE.search(quote_key)
    if part and float(part.group(1)) < 100 and not want:
        return False
    if want and max(want) >= 100 and _whole_reached(quote_key):
        return True  # 全覆盖 promised, 余下14个村…接通，全县…实现全覆盖 reported
    # some of a counted whole told done (15所学校中已有9所, 12个村中的9个): a part, whatever the
    # promise counts, unless the rest is told done too
    if _part_of_whole(quote_key) and not _rest_done(quote_key):
        return False
    # the rest named as still to do (其余3个乡镇已完成选址): a part delivered; the rest named as
    # what was finished (完成剩余124套终端安装; 剩余11个…全部通过验收并投入使用) is not
    if _rest_left(quote_key):
        return False
    # a smaller amount in the promised unit is a part delivered (4个 promised, 2个 open), unless
    # a larger one says the promise was exceeded (5个 promised; 新增6个, 城郊2个社区开设): the
    # promised amount itself may be the task restated (3万亩已完工2.1万亩) or a total (14个乡镇中)
    promised = [a for a in _amount_list(commitment_key) if a[0] not in _spent(commitment_key)]
    compared = [
        (v, amount, w)
        for v, u, obj, w in _amount_list(quote_key)
        if (amount := _promised_for(promised, u, obj, w)) is not None
    ]
    if any(v > amount for v, amount, _ in compared) or (
        "其中" not in quote_key and _parts_reach(commitment_key, compared)
    ):
        return True
    # the promised amount written in another unit (2400米 for 2.4公里) is a measure reported, not
    # the task restated: the amounts beside it count other things (600米岸坡)
    written = {w for *_, w in promised}
    if any(v == amount and w not in written for v, amount, w in compared):
        return True
    # the promised amount taken one by one (对…138座桥梁逐座开展了评定): the whole done; the
    # smaller amounts beside it are what the work found (评出危桥9座)
    if (
        _EACH.search(quote_key)
        and not _SOME_OF.search(quote_key)
        and any(v == amount for v, amount, _ in compared)
    ):
        return True
    # the promised amount told with its breakdown (38户…中，拆除重建11户、加固维修24户，另有3户
    # 已搬离): the parts adding up to the whole are the whole dealt with, when none of them is
    # told still under way (…11个已竣工，…7个尚在施工)
    whole_told = not (_ONGOING_MARK.search(quote_key) or _NOT_DONE.search(quote_key))
    for amount in {a for v, a, _ in compared if v == a and whole_told}:
        parts = [v for v, a, _ in compared if a == amount and v < amount]
        if len(parts) >= 2 and sum(parts) == amount:
            return True
    if any(v < amount for v, amount, _ in compared):
        return False
    return bool(compared) or not _fewer_counted(commitment_key, quote_key)


# the rate reached (覆盖率达到70%), not the one it rose from (覆盖率由76%提高到100%)
_COVERAGE = re.compile(r"覆盖率(?:已|仅)?(?:达到|达|为|是)?(\d+(?:\.\d+)?)%(?!提高|提升|增至|升至)")
_RAISE = re.compile(r"提高|提升|扩大|逐步|增加")


def _fewer_counted(commitment_key: str, quote_key: str) -> bool:
    """True when the sentence counts, in the promise's measure word, fewer of the promise's
    thing than it promised, the words beside each count found in the other text though on
    the other side of it (完成全县45个农村客运招呼站改造提升; 已完成农村客运招呼站改造提升18个)."""
    promised = [
        a
        for a in _amount_list(commitment_key)
        if a[0] > 2 and a[3] in _COUNT_WORDS and a[0] not in _spent(commitment_key)
    ]
    if not promised:
        return False
    c_pairs = {p for _, p in _pairs(commitment_key)} - GENERIC_PAIRS
    q_pairs = {p for _, p in _pairs(quote_key)} - GENERIC_PAIRS
    for v, _, obj, written in _amount_list(quote_key):
        for want, _, o, w in promised:
            if w == written and v < want and o & q_pairs and obj & c_pairs:
                return True
    return False


# Money a promise says it will put into a work (投入资金约300万元，完成…翻新; 总投资1200万元) is
# what the work costs, not a target: the work finished for a little less is delivered. A ceiling
# (票价不高于3元, 控制在15分钟以内) is met by less.
_SPENT = re.compile(
    r"(?:投入|投资|计划投资|总投资)(?:资金|经费)?(?:约|近|超过|不少于)?(\d+(?:\.\d+)?)\s*(万元|亿元|元)"
    r"|(?:不高于|不超过|不得超过|不多于|最多|控制在)(\d+(?:\.\d+)?)\s*(万元|亿元|元|%|[个名家场座间户套台条张辆吨亩米])"
)


def _spent(commitment_key: str) -> set[float]:
    """The amounts a promise gives as no target: money put into its work, and ceilings."""
    out = set()
    for m in _SPENT.finditer(commitment_key):
        value, written = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        unit, scale = _SCALED.get(written, (written, 1))
        out.add(float(value) * scale)
    return out


def _rest_left(quote_key: str) -> bool:
    """True when a clause names the rest of a work (其余, 剩余, 尚有) and does not tell it done."""
    for clause in _CLAUSE.split(_REST_DONE.sub("", _BRACKETED.sub("", quote_key))):
        if _REST.search(clause) and sentence_state("", key=clause) != State.DONE:
            return True
    return False


_EACH = re.compile(r"逐(?:[座个所家条户村项间台]|一)")
# A count taken out of a total in the same measure word (18个乡镇中已有12个, 12个村中的9个).
_PART_OF = re.compile(
    r"(\d+(?:\.\d+)?)([个所家座条名户处项台辆盏间套])[^,，;；。\d]{0,10}?中(?:的|已有|有|已)(\d+(?:\.\d+)?)\2"
)


def _part_of_whole(quote_key: str) -> bool:
    """True when the sentence counts fewer of a total than the total (15所学校中已有9所)."""
    return any(float(m.group(3)) < float(m.group(1)) for m in _PART_OF.finditer(quote_key))


_SOME_OF = re.compile(r"中的|其中|中有|部分")


def _whole_reached(quote_key: str) -> bool:
    """True when a clause reports the whole reached (实现全覆盖, 覆盖率达到100%), not planned,
    hoped for or denied (逐步实现全覆盖, 尚未实现全覆盖)."""
    for clause in _CLAUSE.split(_BRACKETED.sub("", quote_key)):
        if (
            (any(t in clause for t in _WHOLE) or _ALL_HAVE.search(clause))
            and _DONE_MARK.search(clause)
            and not _NOT_DONE.search(clause)
            and not _PLAN_MARK.search(clause)
            and "逐步" not in clause
        ):
            return True
    return False


# The measure words that count anything (个, 项): the amount is the promise's only when it
# counts the same thing (8个乡镇 promised; 提供就业岗位9800个 counts jobs, not townships).
_CLASSIFIERS = frozenset("个项")
_OBJECT_SPAN = 4  # characters either side of an amount that say what it counts
_COMPARING = re.compile(r"(?:不少于|不低于|不超过|至少|达到|超过|约|近)+$")
_TOTAL_BEFORE = re.compile(
    r"(?:总数|总量|累计|共计|合计|共)(?:不少于|不低于|至少|达到|超过|约|近)+$"
)


_Amount = tuple[float, str, frozenset[str], str]
_FROM = ("由", "从")


def _amount_list(key: str) -> list[_Amount]:
    """(amount, unit, pairs of characters naming what it counts, unit as written) of each amount
    a text states, dates left out; the amount is in the unit it counts (`_SCALED`)."""
    plain = arabic_counts(_DATED.sub("", key))
    out = []
    for m in _AMOUNT.finditer(plain):
        if plain[max(0, m.start() - 1) : m.start()] in _FROM:
            continue  # 由4.5米拓宽至6.5米: the amount it was, not one reached
        # the word comparing it (站点不少于6个, 站点达到5个) is no part of what it counts, but a
        # total's (总数达到60个) is: a total is not the count of what is added
        ahead = plain[max(0, m.start() - 2 * _OBJECT_SPAN) : m.start()]
        if not _TOTAL_BEFORE.search(ahead):
            ahead = _COMPARING.sub("", ahead)
        before = _CLAUSE.split(ahead[-_OBJECT_SPAN:])[-1]
        after = _CLAUSE.split(plain[m.end() : m.end() + _OBJECT_SPAN])[0]
        obj = frozenset(p for text in (before, after) for _, p in _pairs(text))
        unit, scale = _SCALED.get(m.group(2), (m.group(2), 1))
        value = float(m.group(1)) * scale
        if scale % 10:
            value = float(math.floor(value + 0.5))  # 53.3公顷 is 800亩: 亩 are counted whole
        out.append((value, unit, obj, m.group(2)))
    return out


# A count written in characters (一百三十八座, 八个乡镇, 四门新课, 第二届) is the number written in
# digits (138座, 8个乡镇): reports often spell out what the promise gave in digits.
_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7}
_CN_DIGITS.update({"八": 8, "九": 9})
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_COUNT = re.compile(
    r"(?<![统唯同之单专])"  # not the end of a word (统一, 唯一)
    r"([零一二两三四五六七八九十百千]+)(万?)(?=[个所名家项场支座间户套台条张册辆吨亩门届批人])"
)


def _cn_number(text: str) -> int | None:
    """The value of a numeral in characters (一百三十八 -> 138, 十二 -> 12), or None."""
    total = digit = 0
    last = ""
    for ch in text:
        if ch in _CN_DIGITS:
            if last in _CN_DIGITS and last != "零":
                return None  # 十四五 (a plan period), 三四个 (a guess): no number
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (digit or 1) * _CN_UNITS[ch]
            digit = 0
        else:
            return None
        last = ch
    return total + digit


def arabic_counts(key: str) -> str:
    """`key` with each count written in characters before a measure word written in digits."""
    if not _CN_COUNT.search(key):
        return key

    def digits(m: re.Match[str]) -> str:
        n = _cn_number(m.group(1))
        if n is None:
            return m.group(0)
        return str(n * 10000 if m.group(2) else n)

    return _CN_COUNT.sub(digits, key)


# Units compared in the one they count: 1.5万亩 is 15000亩, 26公里 is 26000米, 场次 are 场, and
# people trained or served are counted in 名 or in 人次 alike.
_SCALED = {
    "万亩": ("亩", 10000),
    "亿元": ("万元", 10000),
    "公里": ("米", 1000),
    "千米": ("米", 1000),
    "万米": ("米", 10000),
    "场次": ("场", 1),
    "人次": ("名", 1),
    "万人次": ("名", 10000),
    "万人": ("名", 10000),
    "万吨": ("吨", 10000),
    "公顷": ("亩", 15),
    "万册": ("册", 10000),
}


def _promised_for(
    promised: list[_Amount], unit: str, obj: frozenset[str], written: str
) -> float | None:
    """The largest promised amount (above one) that a reported amount in `unit` counting `obj`
    is compared with: the same unit and, for a measure word of anything, the same thing counted
    when both name one. An amount written in a unit the promise also uses is compared only with
    those (6.5米 wide beside 12.6公里 long); another way of writing it (1.3万米 for 12公里) with
    all of the promise's amounts in the unit it counts."""
    found = [
        (v, w)
        for v, u, o, w in promised
        if v > 1 and u == unit and (u not in _CLASSIFIERS or not o or not obj or o & obj)
    ]
    same = [v for v, w in found if w == written]
    if same or any(w == written for _, _, _, w in promised):
        return max(same) if same else None
    return max(v for v, _ in found) if found else None


_WHOLE = ("全覆盖", "100%")
# Every place of the whole said to have it (至此全县乡镇均已设立…工作站): the whole reached,
# written without 全覆盖.
_ALL_HAVE = re.compile(
    r"(?:全县|全市|全区|全镇|全乡|各)[^,，;；。]{0,16}?(?:均已|都已|已全部|全部已)"
)
_REST = re.compile(r"其余|剩余|余下|尚有|还有\d")
_REST_DONE = re.compile(r"(?:完成|建成|完工)(?:了)?(?:其余|剩余|余下)")
_PART_DONE = re.compile(r"完成[^,，。;；]{0,12}?(\d+(?:\.\d+)?)%")
_AMOUNT = re.compile(
    r"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:余|多)?(%|万亩|万吨|万册|公里|千米|万米|万元|亿元|万人次|万人|人次|场次|公顷|元"
    r"|[个所名家项场支座间户套台条张册辆吨亩米期批份次种]|部(?!门))"
)


# A promise to finish one named thing (建成零工市场, 开通定制公交专线) and a clause reporting that
# very thing finished (县城零工市场于2023年9月建成运营): its delivery, however little else the
# two share.
_FINISH = r"(?:建成|完成|开通|建立|设立|启用|竣工|完工|投入使用|投用|落成)"
# 新建 promises a thing finished (新建村级健身广场38个), and 推进 a step of it (推进…中心设备安装调试):
# the thing itself reported finished delivers either; 通过验收 and 正式运营 report one finished.
_FINISH_OBJECT = re.compile(rf"(?:{_FINISH}|新建|推进)([\u4e00-\u9fff]{{2,4}})")
# the thing named before the work on it (完成县级农产品质量安全检测中心建设: 检测中心)
_OBJECT_BUILT = re.compile(
    rf"(?:{_FINISH}|新建|推进|加快)[^,，;；。]{{0,24}}?([\u4e00-\u9fff]{{4}})(?:建设|项目建设|改造)"
)
_FINISHED = re.compile(rf"{_FINISH}|通过验收|正式运营|投入运营|投产|上线")


def _object_done(commitment_key: str, quote_key: str) -> bool:
    """True when a clause of the sentence names what the promise said it would finish (the
    four characters after 建成, 开通 …, none of them a generic word) and reports it finished.

    A promise of the rest of a thing (完成石桥村剩余入户支管建设) names the thing without the word
    for the rest, and the whole reported done (城区公交站牌全部实现…) finishes the rest."""
    plain = _BRACKETED.sub("", commitment_key)
    rest = bool(_REST_WORD.search(plain))
    objects = {
        o
        for o in (m.group(1) for m in _FINISH_OBJECT.finditer(_REST_WORD.sub("", plain)))
        if "的" not in o and not any(p in GENERIC_PAIRS or p in _STOP_PAIRS for _, p in _pairs(o))
    }
    # the four characters before 建设 end the thing's name (检测中心): one specific pair will do
    objects |= {
        o
        for o in (m.group(1) for m in _OBJECT_BUILT.finditer(_REST_WORD.sub("", plain)))
        if "的" not in o and not all(p in GENERIC_PAIRS or p in _STOP_PAIRS for _, p in _pairs(o))
    }
    if not objects:
        return False
    return any(
        (_FINISHED.search(clause) or (rest and _ALL_DONE.search(clause)))
        and not _NOT_DONE.search(clause)
        and any(o in clause for o in objects)
        for clause in _CLAUSE.split(quote_key)
    )


_REST_WORD = re.compile(r"剩余|其余|余下")
# The rest told done (剩下5个乡镇的…也已安装到位) or the whole (城区公交站牌全部实现…, 均已…)
_REST_TOLD_DONE = re.compile(
    r"(?:剩余|其余|余下|剩下)[^,，;；。]{0,16}?(?:也|均|都|全部)?已"
    r"|全部(?:实现|完成|建成|完工|到位|投用|投入)|均已|都已"
)


def _rest_done(quote_key: str) -> bool:
    """True when a clause reports the rest of a work, or all of it, done; not planned, hoped for
    or denied."""
    return any(
        _REST_TOLD_DONE.search(clause)
        and not _NOT_DONE.search(clause)
        and not _PLAN_MARK.search(clause)
        and not _ONGOING_MARK.search(clause)
        for clause in _CLAUSE.split(_BRACKETED.sub("", quote_key))
    )


# The measure words that count things one by one (户, 座, 个, 家, 所): a promise's count reached
# in another of them (3000户 promised, 3126座 built; 助餐点25个, 长者食堂27家) is reached, when
# the report has no amount in the promise's own measure word (that would be a part of it).
_COUNT_WORDS = frozenset("户座个家所处间套台辆盏")
_COUNT_SPREAD = 1.5  # a count far above the promise's counts something else (惠及2960户)


def _count_reached(commitment_key: str, quote_key: str) -> bool:
    """True when the promise's first count is met, within a little over it, by the report's
    first count in another measure word of things, and the report counts none in the promise's."""
    promised = [a for a in _amount_list(commitment_key) if a[3] in _COUNT_WORDS and a[0] > 2]
    told = [a for a in _amount_list(quote_key) if a[3] in _COUNT_WORDS]
    if not promised or not told or {a[3] for a in promised} & {a[3] for a in told}:
        return False
    want, have = promised[0][0], told[0][0]
    return want <= have <= want * _COUNT_SPREAD


_ALL_DONE = re.compile(r"全部(?:实现|完成|建成|完工|到位|投用)|均已")


# A time limit promised (一日办结, 压缩至3个工作日以内) is met by a matter settled on the spot.
_TIME_LIMIT = re.compile(
    r"(?:\d+|[一二两三四五六七八九十半]+)个?(?:工作日|日|天|小时)(?:内|以内)?"
    r"(?:办结|办完|完成|办理|出证|答复|审批)|压缩至[^,，;；。]{0,8}(?:工作日|日|天|小时)"
)
_AT_ONCE = re.compile(
    r"即时办结|当场办结|即办即结|立等可取|即来即办|当天办结|当日办结|即时办理|当场办理"
)


def _limit_met(commitment_key: str, quote_key: str) -> bool:
    """True when the promise sets a time limit and the sentence reports matters settled at once."""
    return bool(
        _TIME_LIMIT.search(commitment_key)
        and any(
            _AT_ONCE.search(clause)
            and not _NOT_DONE.search(clause)
            and not _PLAN_MARK.search(clause)
            for clause in _CLAUSE.split(quote_key)
        )
    )


# A total over the years since one (2024年以来累计, 近三年共): no one year's amount.
_SINCE_TOTAL = re.compile(
    r"以来[^,，;；。]{0,6}(?:累计|共)|近[两二三四五]年[^,，;；。]{0,4}(?:累计|共)"
)


def _target_met(commitment_key: str, quote_key: str) -> bool:
    """True when the sentence reports, in the commitment's unit, at least the amount it promised
    (15条 promised, 17条 reported; 75% promised, 76.4% reported). Amounts of one (1名, 1个) are
    no target."""
    if _limit_met(commitment_key, quote_key):
        return True
    if "每年" in commitment_key and _SINCE_TOTAL.search(quote_key):
        return False  # 2024年以来累计培训1800余人次: years added up, not a year's amount
    promised = _amount_list(commitment_key)
    if _YEAR_TOLD.search(quote_key) and not _PER_PERIOD.search(quote_key):
        promised += _per_year(commitment_key)  # a rate reported as a rate is compared as one
    if _named_count(commitment_key, quote_key):
        return True
    compared = []
    for v, u, obj, w in _amount_list(quote_key):
        want = _promised_for(promised, u, obj, w)
        if want is not None and v >= want:
            return True
        if want is not None:
            compared.append((v, want, w))
    return "其中" not in quote_key and _parts_reach(commitment_key, compared)


# A count told by naming each one (石岭茗香合作社、高坪茶叶合作社先后登记注册 for 合作社2家): the
# things named in one list, each ending in the word the promise counts.
_COUNTED_KIND = re.compile(r"([\u4e00-\u9fff]{2})(\d+)(?:[个所家座支条项])")


def _named_count(commitment_key: str, quote_key: str) -> bool:
    """True when a clause of the sentence names, in one list (、), at least as many things of
    the kind the promise counts (the two characters before its count) as it promised."""
    wants = [
        (kind, int(n))
        for kind, n in _COUNTED_KIND.findall(_DATED.sub("", commitment_key))
        if int(n) > 1 and not _NOT_KIND.search(kind)
    ]
    if not wants:
        return False
    for clause in _CLAUSE.split(_BRACKETED.sub("", quote_key)):
        parts = clause.split("、")
        if len(parts) < 2:
            continue
        for kind, n in wants:
            named = [p for p in parts if re.search(rf"[\u4e00-\u9fff]{{2}}{kind}", p)]
            if len(named) >= n and len(named) == len({p[: p.index(kind)] for p in named}):
                return True
    return False


_NOT_KIND = re.compile(r"[的等在和及与以上下内外共各每约近达到至再新建设]")


# A promise of two acts on one count (新建、改造…候车亭60座) is met by the counts of each act
# together (新建42座，改造23座); a count 其中 of a total is no such part.
_TWO_ACTS = re.compile(r"(?:新建|建设|改建|扩建)(?:、|和|或|及)(?:改造|提升|改建|扩建|维修)")


def _parts_reach(commitment_key: str, compared: list[tuple[float, float, str]]) -> bool:
    """True when the promise joins two acts on one amount and the amounts reported against it,
    two or more, add up to it."""
    if len(compared) < 2 or not _TWO_ACTS.search(commitment_key):
        return False
    want = max(amount for _, amount, _ in compared)
    return sum(v for v, amount, _ in compared if amount == want) >= want


# A rate promised per season or month (每季度至少举办1场) comes to a year's amount (4场): a report
# of a whole year (去年…举办…5场, 全年, 2024年) is compared with that.
_PER_PERIOD = re.compile(r"每(季度|月|半年)(?:至少|不少于|开展|举办|组织|召开|安排)*")
_PERIODS_A_YEAR = {"季度": 4, "月": 12, "半年": 2}
_YEAR_TOLD = re.compile(r"去年|上年|全年|(?:19|20)\d\d年(?![^,，;；。]{0,3}月)")


def _per_year(commitment_key: str) -> list[_Amount]:
    """The year's amount of each amount promised per season, month or half-year."""
    out: list[_Amount] = []
    for m in _PER_PERIOD.finditer(commitment_key):
        times = _PERIODS_A_YEAR[m.group(1)]
        for v, u, obj, w in _amount_list(commitment_key[m.end() : m.end() + 24]):
            out.append((v * times, u, obj, w))
            break
    return out


# --- weakened restatements ------------------------------------------------------------------

# Words that soften a promise (确保 → 力争, 实现 → 逐步, 加快推进 → 积极争取, 推进 → 探索).
# 适时 and 视情 (when the time is right, as the case needs) say when, not how firmly. 努力 hedges
# as 力争 does (实现…100% → 努力提高…), and counts as the same strength.
_SOFT = re.compile(r"逐步|稳步|探索|争取|力争|努力|研究|鼓励|尽力|有条件的|条件成熟")
_SOFT_SAME = {"力争": "争取", "努力": "争取"}
# Words that narrow a promise to part of what it covered (每所学校 → 有条件的学校, 千吨万人供水工程
# → 重点供水工程, 每个乡镇 → 半数乡镇). Dropping 全县 or 所有 alone narrows nothing: a restatement
# often leaves the county out of its words and still means all of it.
_NARROW = re.compile(
    r"有条件的|条件成熟的|有需要的|有需求的|重点|部分|半数|试点|一批|个别"
    # the central villages or towns of a kind (全县行政村 → 全县中心村): a chosen few of them
    r"|中心(?:村|镇|集镇|社区)"
)
# The whole county (全县餐饮场所) restated as its town (在城区餐饮场所) is narrowed to a part of it.
_WHOLE_AREA = re.compile(r"全县|全市|全区|全旗|全镇|全乡")
_TOWN_AREA = re.compile(r"城区|县城|城关|主城|市区")
# Dates belong to the deadline, not to the number or the verb. The 力争 before a date is left out
# of a number's reading with it (_DATED), but not of the verb's: a hedge the restatement adds
# before a new date (明年上半年实现… → 力争年内实现…) softens the verb as well as moving the date.
_DATE = re.compile(
    r"(?:(?:19|20)\d\d年|今年|明年|年底|年内|\d{1,2}月|上半年|下半年)"
    r"(?:\d{1,2}月)?(?:底|末|份|前|内)*"
)
_DATED = re.compile(rf"(?:力争|争取)?(?:{_DATE.pattern})")
# The rest of a promise named as such (剩余5所, 尚未配备的3所): the number is the remainder's.
_REMAINDER = re.compile(r"剩余|尚未|其余|余下")
# How many bodies issued or share a task (教育部等13部门联合印发, 会同5个部门) is who acts, not a target.
_BODY_COUNT = re.compile(r"(?:等|会同|联合)\d+个?(?:部门|部委|单位)")
# A number, or a target without one: every one of a kind (每所, 每座), all of it (全部, 全覆盖),
# a share (半数).
_SEVERAL = re.compile(r"(?<![\d.])(?:[2-9]|\d\d+)(?:所|个|座|条|处)")
_ONE_OF = re.compile(r"(?<![\d.])(?<!至少)(?<!不少于)1(?=[座个家所处套条台])")
_TARGET_NUMBER = re.compile(
    r"\d|至少|不少于|不低于|[一二两三四五六七八九十百千万]+(?:所|个|座|家|名|条|项|台|万)"
    r"|每(?:所|个|座|家|名|条|项|台|户|村|镇|乡|位)|全部|全覆盖|半数|过半"
    # a frequency (每季度巡查一次, 每月两次): 定期 drops it
    r"|[一两二三四五六七八九十]+次|每(?:季度|月|周|旬|半年)"
)


# 争取 before money, a project or a listing asks for it (争取上级资金, 争取将该渠列入…项目): a step
# of its own, weaker than doing the work, but not the hedge of 力争/争取 before a verb (争取启动).
_ASK = re.compile(
    r"争取(?=[^,，;；。]{0,14}?(?:资金|项目|支持|政策|补助|补贴|列入|纳入|经费|投资))"
)
_ASKED = "争取资金"
# A promise whose only act is asking for money (积极争取上级…资金，为…提供保障) is delivered by the
# money got (获得中央和省级补助资金1350万元, 争取到…资金800万元, …资金600万元已下达).
_MONEY = r"(?:资金|补助|补贴|经费|投资)"
_MONEY_ASK = re.compile(rf"争取[^,，;；。]{{0,16}}?{_MONEY}")
_MONEY_GOT = re.compile(
    rf"(?:获得|获批|争取到|落实|下达|拨付)[^,，;；。]{{0,16}}?{_MONEY}[^,，;；。]{{0,6}}?"
    r"\d+(?:\.\d+)?(?:万元|亿元|元)"
    rf"|{_MONEY}[^,，;；。]{{0,6}}?\d+(?:\.\d+)?(?:万元|亿元)[^,，;；。]{{0,4}}?(?:已下达|已拨付|已到位)"
)
_WORK_PROMISED = re.compile(r"建成|完成|新建|改造|开工|实施|配备|安装|推进|建设|治理|\d")


def only_asks_money(commitment_key: str) -> bool:
    """True when a promise's one act is asking for money: 争取…资金 and nothing built, finished or
    counted beside it."""
    if not _MONEY_ASK.search(commitment_key):
        return False
    return not _WORK_PROMISED.search(_MONEY_ASK.sub("", commitment_key))


# A counted list of places (白沙、洄龙2个乡镇; 桥头、老鸦岭等6座危桥): a restatement naming some
# of them is the rest of the promise, however it words the number.
_PLACE_LIST = re.compile(
    r"((?:[\u4e00-\u9fff]{2,5}、)+[\u4e00-\u9fff]{2,5}?)等?"
    # the work may stand between the list and its count (在滨河公园、高铁站片区新建3座)
    r"(?:(?:新建|建成|建设|改造|改建|设置|增设|安装|配备)[\u4e00-\u9fff]{0,2}?)?"
    r"(?:\d+|[两二三四五六七八九十]+)(?:个|座|所|家|条|处|名)"
)


def listed_places(key: str) -> set[str]:
    """The names of a counted list in a promise (长岗、乌石、新渡3个中心镇 -> 长岗, 乌石, 新渡);
    the first item's last two characters, since the words before it run on (在县城和长岗)."""
    out: set[str] = set()
    for m in _PLACE_LIST.finditer(key):
        items = m.group(1).split("、")
        out.add(items[0][-2:])
        out.update(items[1:])
    return out


_STRIVE = re.compile(r"力争|争取")
# A promise told with a verb of result (建成, 完成, 实现) restated with 推进 and none of them
# (年内完成…一期建设 → 推进…一期上线运行): work to go on, not a result to reach.
_RESULT_VERB = re.compile(r"建成|完成|完工|竣工|实现|建立|落实到位|投入使用|投用|新增|增设")
_PUSH_VERB = re.compile(r"推进|推动")
# 推进 pressed on (加快推进其余4个村…报批) keeps a promise of the rest in train; a bare or a
# coordinating 推进 of the rest (推进剩余6个乡镇…建设, 协调推进其余6所…) leaves out its result
_PRESS = re.compile(r"加快|加速|全力|抓紧")
_PRESSED = re.compile(rf"(?:{_PRESS.pattern})(?:推进|推动)")
_STARTS = re.compile(r"启动|开工|动工")
_WHOLE_WORD = re.compile(r"全部|全覆盖")
# the result named as the work pushed on (协调推进…交通设施增设): a noun, no result promised
_PUSHED_WORK = re.compile(
    r"(?:推进|推动)[^,，;；。]*?(?:建成|完成|完工|竣工|实现|建立|新增|增设)(?=[,，;；。]|$)"
)
# Places of a promise named in a list (溪头段、岭下段; 滨河公园、高铁站片区): a restatement that
# leaves one out, when the later letter does not tell of it, covers less.
_PLACE_NAME = r"[\u4e00-\u9fff]{1,5}?(?:段|村|镇|乡|街道|社区|片区|公园|小区|园区)"
_PLACE_SERIES = re.compile(rf"((?:{_PLACE_NAME}、)+{_PLACE_NAME})")


def _series_places(key: str) -> set[str]:
    """The places of a list of places (梅溪支流溪头段、岭下段 -> 溪头段, 岭下段), each by its last
    three characters (the words before the first run on)."""
    out: set[str] = set()
    for m in _PLACE_SERIES.finditer(key):
        out.update(x[-3:] for x in m.group(1).split("、"))
    return out


def _soft_words(key: str) -> set[str]:
    """The softening words of a promise, 力争 counted as 争取, and 争取 asking for money or a
    project counted apart (`_ASKED`)."""
    asked = {_ASKED} if _ASK.search(key) else set()
    return asked | {_SOFT_SAME.get(w, w) for w in _SOFT.findall(_ASK.sub("", key))}


# 再 before a count (再新增400个) makes it the next amount, not the first one lowered.
_NEXT_AMOUNT = re.compile(r"再(?!次)|还将|另")


def _lower_target(earlier_key: str, later_key: str) -> bool:
    """True when the restatement sets a lower amount of the same thing in the same measure
    (确保社会化运营站点不少于10个 → 力争…不少于6个): the target cut, though a number is kept."""
    if _NEXT_AMOUNT.search(later_key):
        return False
    before = [a for a in _amount_list(earlier_key) if a[0] > 1]
    return any(
        v < w and written == w_written and (not obj or not o or obj & o)
        for v, _, obj, written in _amount_list(later_key)
        for w, _, o, w_written in before
    )


# The deadline words of "this year" of a letter (年内, 年底前) and an amount set as a floor or a
# level (不少于800件, 达到85%): a year's quota.
_THIS_YEAR = frozenset({"年内", "年底前", "今年内", "今年底前", "今年年底前", "本年度", "年底"})
_QUOTA = re.compile(r"(?:不少于|不低于|至少|达到)(\d+(?:\.\d+)?\s*(?:%|[\u4e00-\u9fff]))")


def _quota_renewed(earlier: str, later: str, due_a: Deadline, due_b: Deadline | None) -> bool:
    """True when a year's amount (年内适配辅助器具不少于800件) is promised again, the same amount,
    for the later letter's year: the next year's quota, not the deadline put off."""
    if due_b is None or due_a.due_text not in _THIS_YEAR or due_b.due_text not in _THIS_YEAR:
        return False
    quota = set(_QUOTA.findall(_promise_key(earlier)))
    return bool(quota & set(_QUOTA.findall(_promise_key(later))))


def weakened(
    earlier: str,
    later: str,
    earlier_day: date | None = None,
    later_day: date | None = None,
    told: str = "",
) -> tuple[str, ...]:
    """How a restated promise is weaker than the first: `number` (a number or target dropped),
    `deadline` (dropped or moved later), `verb` (确保 → 力争, 实现 → 推进, 全覆盖 → 逐步),
    `scope` (every school → schools where conditions allow, or fewer of the places it listed
    than the first, the others untold in `told`: the later letter's report of work)."""

    a, b = (
        _BODY_COUNT.sub("", _DATED.sub("", _TITLE.sub("", _promise_key(t))))
        for t in (earlier, later)
    )
    out = []
    # the remainder of a promise (完成剩余乡镇的改造, or the places of its list still to do) keeps
    # its target: what is left of it
    rest = _REMAINDER.search(b) or any(n in b for n in listed_places(a))
    # several promised (3所学校), one named later (桃坪中学): the one left of them, by its name
    rest = rest or bool(_SEVERAL.search(a) and not named_objects(a)[0] and named_objects(b)[0])
    # one of a thing (建成加工厂1座) is the thing itself, not a number to keep
    a_count = _ONE_OF.sub("", a)
    kept = _TARGET_NUMBER.search(b) or ("全部" in a and "所有" in b)  # 全部 said as 所有
    if _TARGET_NUMBER.search(a_count) and not kept and not rest:
        out.append("number")
    elif not rest and not _REMAINDER.search(a) and _lower_target(a_count, b):
        # a number kept but cut (不少于10个 → 不少于6个); a promise of the rest counts down by itself
        out.append("number")
    due_a, due_b = resolve(earlier, earlier_day), resolve(later, later_day)
    # a start promised by a date (年内启动…改造) followed by its finish by a later one (10月底前
    # 完成…改造并投入使用): the next stage's date, not the first one put off
    next_stage = bool(
        _STARTS.search(a)
        and not _RESULT_VERB.search(a)
        and _RESULT_VERB.search(b)
        and not _STARTS.search(b)
    )
    if (
        due_a is not None
        and (due_b is None or due_b.due > due_a.due)
        and not next_stage
        and not _quota_renewed(earlier, later, due_a, due_b)
    ):
        out.append("deadline")
    # 力争 and 争取 are one strength; a narrowing word (有条件的) is the scope's reason, not the verb's.
    # A hedge the restatement adds before a new date (明年上半年实现… → 力争年内实现…) softens the
    # verb too, where the first promise had a date of its own to hedge; one before the date of a
    # promise that had none (推进…建设 → 加快推进…，力争年内完成主体工程), or of the next stage
    # (启动 → 完成), hedges a deadline newly set.
    if due_a is not None and not next_stage:
        a_soft, b_soft = (
            _BODY_COUNT.sub("", _DATE.sub("", _TITLE.sub("", _promise_key(t))))
            for t in (earlier, later)
        )
    else:
        a_soft, b_soft = a, b
    soft_a = _soft_words(a_soft)
    soft_b = _soft_words(b_soft) - set(_NARROW.findall(b_soft))
    whole_a, whole_b = (_ASK.sub("", _promise_key(t)) for t in (earlier, later))
    if (
        soft_b - soft_a
        # 确保 softened to 力争 or 争取, even where the new word stands before a date
        or ("确保" in whole_a and "确保" not in whole_b and _STRIVE.search(whole_b))
        # a result promised (完成, 建成) restated as work pushed on (推进) with no result,
        # unless the first already pushed on or the restatement is of the rest
        or (
            _RESULT_VERB.search(a)
            # 加快推进其余4个村…报批: the rest in train; 加快…前期工作 → 加快推进…建设: as pressed
            and not (_PRESSED.search(b) and (rest or _PRESS.search(a)))
            and not _PUSH_VERB.search(a)
            and _PUSH_VERB.search(b)
            and not _RESULT_VERB.search(_PUSHED_WORK.sub("", b))
        )
    ):
        out.append("verb")
    places_a, places_b = _series_places(a), _series_places(b)
    left_out = {p for p in places_a - places_b if p not in b and p not in told}
    to_town = bool(_WHOLE_AREA.search(a) and _TOWN_AREA.search(b) and not _TOWN_AREA.search(a))
    if (
        set(_NARROW.findall(b)) - set(_NARROW.findall(a))
        or to_town
        # fewer of the places listed, the others not told of: the rest is left out
        or (left_out and any(p in b for p in places_a))
    ):
        out.append("scope")
        # all of the area's (全市农贸市场全部实现…) narrowed to its town (城区农贸市场): 全部 went
        # with the area, no number was dropped (全部 → 有条件的 drops the target itself)
        if (
            to_town
            and "number" in out
            and not _TARGET_NUMBER.search(_WHOLE_WORD.sub("", a_count))
            and not set(_NARROW.findall(b)) - set(_NARROW.findall(a))
        ):
            out.remove("number")
    return tuple(out)


# --- the index --------------------------------------------------------------------------------

# The first pass over the postings uses a commitment's rarer features only: one found in more than
# a 32nd of the sentences it may be compared with (and in more than 64) weighs little, and is
# checked in the second pass, for the best candidates of the first.
_COMMON_MIN = 64
_COMMON_SHARE = 32
_CANDIDATES = 40  # sentences per commitment scored exactly in the second pass
_LEVELS = 4  # the weights of the first pass, rounded to 1.._LEVELS
_CONTINUED = 3  # next-steps sentences per commitment whose items count as continuing it


_NONE: frozenset[str] = frozenset()


def _key_function(letter: LaterLetter) -> Callable[[str], str]:
    """`text.key`, or the same without the traditional-to-simplified step when the letter's
    sentences hold no traditional character (it is the step that costs)."""
    whole = "".join(s.text for s in letter.sentences)
    if tx.to_simplified(whole) == whole:
        return lambda t: tx.fold(t).lower()
    return tx.key


class _Index:
    """Every sentence of the letters given, with an inverted index from feature to sentences.

    Sentence ids run by issuer line, then date, then reply id, so the sentences a commitment may
    be compared with (its issuer's letters dated after its own) are one range of ids. Postings
    are kept only for the features in `wanted` (those of the commitments to check); every
    feature counts for rarity.
    """

    def __init__(
        self, letters: Sequence[LaterLetter], config: Config, wanted: Collection[str] | None = None
    ) -> None:
        self.letters = letters
        self.line = [issuer_line(lt.reply, config) for lt in letters]
        order = sorted(
            range(len(letters)),
            key=lambda i: (
                self.line[i] or "",
                _effective_date(letters[i].reply) or date.max,
                letters[i].reply.id,
                i,
            ),
        )
        self.sentences: list[Sentence] = []
        self.keys: list[str] = []  # comparison form (text.key) of each sentence (or clause)
        self.full: list[str] = []  # comparison form of the whole sentence
        self.boiler: list[bool] = []  # the whole sentence is boilerplate (attention, adherence)
        self.fact_end: list[date | None] = []  # the latest date the sentence's facts are of
        self.line_letters: Counter[str | None] = Counter()  # letters per issuer line
        self.line_df: dict[str | None, Counter[str]] = defaultdict(Counter)  # and their features
        # per reply id: the earliest day a letter can be of, by the latest year its progress
        # section reports a fact of (for a letter without any date)
        self.floor: dict[str, date] = {}
        self._generic: dict[str | None, frozenset[str]] = {}
        self.canon: list[str] = []  # the same with synonyms brought to one word
        self.special: list[frozenset[str]] = []
        self.letter_of: list[int] = []
        self.span: list[tuple[int, int]] = [(0, 0)] * len(letters)  # per letter: ids [lo, hi)
        # per issuer line: (date, first id, letter) of each dated letter in order, and their end
        self.dated: dict[str, list[tuple[date, int, int]]] = defaultdict(list)
        self.dated_end: dict[str, int] = {}
        postings: dict[str, list[int]] = defaultdict(list)
        # in how many of these sentences (and clauses) each feature is. The features themselves
        # are kept as numbers (`vocab`), for the norm worked out when a sentence is first scored
        # (`norm_of`); a clause is scored with its sentence (`_scores`), so it needs no postings
        df: Counter[str] = Counter()
        vocab: dict[str, int] = {}
        # (a tuple: the numbers are the vocabulary's own objects, and a set meets a tuple's
        # members quicker than an array's, which it would first have to box)
        self.features: list[tuple[int, ...]] = []
        want = set(wanted) if wanted is not None else None
        # Boilerplate sentences repeat across the letters of one bureau and across bureaus: a
        # text is keyed, and a comparison form featurised, once (the same objects for each copy)
        keyed_of: dict[tuple[bool, str], str] = {}
        boiler_of: dict[str, bool] = {}
        feats_of: dict[str, tuple[str, set[str], frozenset[str], tuple[int, ...]]] = {}
        for li in order:
            letter = letters[li]
            lo = len(self.sentences)
            keyed = _key_function(letter)
            simple = keyed is not tx.key
            in_letter: set[str] = set()
            full = ""
            flags: tuple[bool, date | None] = (False, None)
            for sent in letter.sentences:
                raw = sent.clause or sent.text
                k = keyed_of.get((simple, raw))
                if k is None:
                    k = keyed_of[simple, raw] = keyed(raw)
                if not sent.clause:
                    full = k
                    boiler = boiler_of.get(full)
                    if boiler is None:
                        boiler = boiler_of[full] = is_boilerplate(full)
                    flags = (boiler, fact_end(full, _effective_date(letter.reply)))
                entry = feats_of.get(k)
                if entry is None:
                    ck = canonical(k)
                    f, special = doc_features(ck)
                    for x in f.difference(vocab):
                        vocab[x] = len(vocab)
                    entry = feats_of[k] = (
                        ck,
                        f,
                        frozenset(special) if special else _NONE,
                        tuple(map(vocab.__getitem__, f)),
                    )
                ck, f, specials, numbers = entry
                sid = len(self.sentences)
                if not sent.clause:
                    in_letter |= f
                self.sentences.append(sent)
                self.keys.append(k)
                self.full.append(full)
                self.boiler.append(flags[0])
                self.fact_end.append(flags[1])
                self.canon.append(ck)
                self.special.append(specials)
                self.letter_of.append(li)
                df.update(f)
                self.features.append(numbers)
                if sent.clause:
                    continue
                for x in f if want is None else f & want:
                    postings[x].append(sid)
            hi = len(self.sentences)
            self.span[li] = (lo, hi)
            self.line_letters[self.line[li]] += 1
            self.line_df[self.line[li]].update(in_letter)
            years = [
                int(m.group("y"))
                for sid in range(lo, hi)
                if self.sentences[sid].section == SectionKind.PROGRESS
                for m in _DAY.finditer(_TITLE.sub("", self.full[sid]))
            ]
            if years:
                self.floor[letter.reply.id] = date(max(years), 1, 1)
            line, day = self.line[li], _effective_date(letter.reply) or date.max
            if line is not None:
                # a letter without any date is later than every dated one (marked as such)
                self.dated[line].append((day, lo, li))
                self.dated_end[line] = hi
        self.postings = dict(postings)
        # per id: the end of the run of its sentence's clauses (they follow the whole sentence)
        self.clause_end = [0] * len(self.sentences)
        end = len(self.sentences)
        for sid in range(len(self.sentences) - 1, -1, -1):
            self.clause_end[sid] = end
            if not self.sentences[sid].clause:
                end = sid
        self._items: dict[int, list[tuple[Commitment, tuple[int, int] | None, str]]] = {}
        self._far: list[int] | None = None
        self.n = len(self.sentences)
        self.df = df
        self.vocab = vocab
        self._weight2: list[float] = []  # per feature number: its weight (boost x rarity) squared
        self._idf: dict[str, float] = {}
        self._unseen = 0.0
        self.norm: list[float] = []

    def finish(self, df: Mapping[str, int], n: int) -> None:
        """Weigh features by their rarity among `n` sentences (these, or all the letters' when
        the letters were indexed in parts), and the sentences' norms with them."""
        log_n, log = math.log(n + 1.0), math.log
        self._unseen = log_n - log(0.5)
        self._idf = {f: log_n - log(df[f] + 0.5) for f in self.df}
        self._weight2 = [0.0] * len(self.vocab)
        for f, i in self.vocab.items():
            self._weight2[i] = (_boost(f) * self._idf[f]) ** 2
        self.norm = [0.0] * self.n

    def norm_of(self, sid: int) -> float:
        """The norm of a sentence's (or clause's) weighed features, worked out when first asked."""
        v = self.norm[sid]
        if not v:
            # fsum: exactly rounded whatever order a set yields its members in
            weights = map(self._weight2.__getitem__, self.features[sid])
            v = self.norm[sid] = math.sqrt(math.fsum(weights)) or 1.0
        return v

    def generic(self, line: str | None, feature: str) -> bool:
        """True for a pair of characters that most of the bureau's letters use, or a place or
        institution word of the genre (乡镇, 卫生院, 学校): it cannot carry a match."""
        found = self._generic.get(line)
        if found is None:
            n = self.line_letters.get(line, 0)
            df: Mapping[str, int] = self.line_df.get(line) or {}
            learnt = (
                {f for f, k in df.items() if k >= _GENERIC_SHARE * n and f[0] not in _BOOST}
                if n >= _GENERIC_MIN
                else set()
            )
            found = self._generic[line] = frozenset(learnt) | GENERIC_PAIRS | _name_pairs(line)
        return feature in found

    def idf(self, feature: str) -> float:
        """Rarity of a feature among the indexed sentences: log (N+1) / (df+0.5)."""
        return self._idf.get(feature, self._unseen)

    def far_plans(self) -> list[int]:
        """The ids, ascending, of the whole next-steps sentences that set a goal past the end of
        their letter's year (三年内, “十四五”期间, 到2027年): the letters' long-range goals."""
        if self._far is None:
            out = []
            for sid, sent in enumerate(self.sentences):
                if sent.clause or sent.section != SectionKind.NEXT_STEPS or self.boiler[sid]:
                    continue
                day = _effective_date(self.letters[self.letter_of[sid]].reply)
                due = resolve(sent.text, day) if day is not None else None
                if day is not None and due is not None and due.due.year > day.year:
                    out.append(sid)
            self._far = out
        return self._far

    def items(self, li: int) -> list[tuple[Commitment, tuple[int, int] | None, str]]:
        """A letter's own items with their lines and comparison form (worked out once)."""
        got = self._items.get(li)
        if got is None:
            got = [(c, c.lines, _promise_key(c.text)) for c in self.letters[li].commitments]
            self._items[li] = got
        return got

    def later(self, own: Reply, config: Config) -> tuple[tuple[int, int], list[int]]:
        """The sentence ids [lo, hi) of the letters of `own`'s issuer line dated after it, and
        those letters (oldest first)."""
        line = issuer_line(own, config)
        day = _effective_date(own)
        if line is None or day is None or line not in self.dated:
            return (0, 0), []
        dated = self.dated[line]
        i = bisect.bisect_right(dated, (day, self.n, len(self.letters)))
        if i == len(dated):
            return (0, 0), []
        return (dated[i][1], self.dated_end[line]), [li for _, _, li in dated[i:]]


# --- matching ---------------------------------------------------------------------------------


@dataclass
class _Query:
    """A commitment's weighted features: for the whole text (unit 0) and each of its sentences."""

    units: list[dict[str, float]] = field(default_factory=list)
    norms: list[float] = field(default_factory=list)
    # feature -> (unit, weight) for every unit that has it, each weight times the feature's
    # boost and rarity (what one shared occurrence adds to the dot product); sorted
    features: list[tuple[str, int, list[tuple[int, float]]]] = field(default_factory=list)
    # the index's number of each of `features` -> its place there
    rank: dict[int, int] = field(default_factory=dict)
    ids: frozenset[int] = frozenset()


def _weigh(units: list[dict[str, float]], index: _Index, line: str | None = None) -> _Query:
    """A commitment's features weighed by their rarity in the index; the words every letter of
    its bureau repeats weigh a fraction and never anchor a match."""
    q = _Query()
    by_feature: dict[str, list[tuple[int, float]]] = defaultdict(list)
    generic = {f for raw in units for f in raw if index.generic(line, f)}
    for u, raw in enumerate(units):
        w = {
            f: v * index.idf(f) * (_GENERIC_WEIGHT if f in generic else 1.0) for f, v in raw.items()
        }
        w = {f: v for f, v in w.items() if v > 0}
        q.units.append(w)
        q.norms.append(math.sqrt(sum(v * v for v in w.values())) or 1.0)
        for f, v in w.items():
            by_feature[f].append((u, v * _boost(f) * index.idf(f)))
    q.features = [
        (f, 0 if f in generic else _anchor(f), by_feature[f])
        for f in sorted(by_feature)
        if f in index.postings
    ]
    q.rank = {index.vocab[f]: r for r, (f, _, _) in enumerate(q.features)}
    q.ids = frozenset(q.rank)
    return q


_GENERIC_WEIGHT = 0.3


def _anchor(feature: str) -> int:
    """What a shared feature adds towards "these two speak of one thing" (two are needed)."""
    if feature[0] in "《“":
        return 2
    return 1


def _scores(
    q: _Query,
    index: _Index,
    ranges: Sequence[tuple[int, int]],
    only: SectionKind | None = None,
) -> dict[int, float]:
    """Cosine of the best-matching sentences in `ranges` (for the best unit of the commitment).

    First pass: the postings of the commitment's rarer features, counted at C speed with their
    weights rounded to a few levels, pick the candidates; second pass: the candidates get their
    exact score. A sentence counts only when it shares a title or a quoted name, or two other
    features: a lone shared number or pair of characters is chance. With `only`, the candidates
    are picked the same way and those of other kinds of section left out of the second pass.
    """
    size = sum(hi - lo for lo, hi in ranges)
    common_at = max(_COMMON_MIN, size // _COMMON_SHARE)
    rare: list[tuple[float, list[list[int]]]] = []
    postings, left = index.postings, bisect.bisect_left
    for f, _, units in q.features:
        post = postings[f]
        slices = []
        count = 0
        for lo, hi in ranges:
            a = left(post, lo)
            b = left(post, hi, a)
            if b > a:
                slices.append(post[a:b])
                count += b - a
        if 0 < count <= common_at:
            rare.append((units[0][1], slices))  # every feature is in the whole text (unit 0)
    if not rare:
        return {}
    top = max(d for d, _ in rare)
    acc: Counter[int] = Counter()
    for d, slices in rare:
        level = max(1, round(_LEVELS * d / top))
        for sl in slices:
            acc.update(sl * level if level > 1 else sl)
    norm, norm_of = index.norm, index.norm_of
    first = heapq.nlargest(_CANDIDATES * 4, acc.items(), key=itemgetter(1))
    ranked = []
    for sid, count in first:
        ranked.append((-count / (norm[sid] or norm_of(sid)), sid))
    ranked.sort()
    best: dict[int, float] = {}
    n_units = len(q.units)
    norms = q.norms
    clause_end, features, sentences = index.clause_end, index.features, index.sentences
    qf, rank, ids = q.features, q.rank, q.ids
    anchor = itemgetter(1)
    # the candidates are whole sentences; each is scored with its clauses (a clause that names
    # the promised thing without the rest of a long sentence scores higher than the sentence).
    # A clause shares only what its sentence shares, so it is checked for those features alone.
    # What they share is found by the features' numbers, then taken in the commitment's order of
    # features, so that the dot products add up in one order whatever a set yields
    for whole in sorted(sid for _, sid in ranked[:_CANDIDATES]):
        if only is not None and sentences[whole].section != only:
            continue
        in_whole = ids.intersection(features[whole])
        shared = [qf[r] for r in sorted(map(rank.__getitem__, in_whole))]
        if sum(map(anchor, shared)) < 2:
            continue
        for sid in range(whole, clause_end[whole]):
            if sid == whole:
                found = shared
            else:
                in_clause = in_whole.intersection(features[sid])
                if not in_clause:
                    continue
                found = [qf[r] for r in sorted(map(rank.__getitem__, in_clause))]
                if sum(map(anchor, found)) < 2:
                    continue
            n = norm[sid] or norm_of(sid)
            if n_units == 1:
                dot = 0.0
                for x in found:
                    dot += x[2][0][1]
                best[sid] = dot / (norms[0] * n)
                continue
            dots = [0.0] * n_units
            for _, _, units in found:
                for u, d in units:
                    dots[u] += d
            best[sid] = max(dot / (qn * n) for dot, qn in zip(dots, norms, strict=True))
    return best


_FAR_SCORE = 0.1  # the least a long-range goal restated shares with the promise (shown score)


def _far_goals(
    commitment_text: str,
    own_day: date | None,
    q: _Query,
    index: _Index,
    ranges: Sequence[tuple[int, int]],
    scores: Mapping[int, float],
) -> dict[int, float]:
    """The long-range goals of the later letters (`_Index.far_plans`) that restate a long-range
    promise still open past their letter's year (三年内完成全县主要河道清淤全覆盖 →
    “十四五”期间完成全县重点河段清淤), sharing one word of its work, not of its date, with
    their score: a goal set for years ahead is reworded more than a year's task, and a bureau
    sets few of them, so one word of the work shared is enough. A goal sharing more words was
    scored the usual way and keeps the usual floor."""
    due = resolve(commitment_text, own_day) if own_day is not None else None
    if due is None:
        return {}
    far = index.far_plans()
    out: dict[int, float] = {}
    for lo, hi in ranges:
        for sid in far[bisect.bisect_left(far, lo) : bisect.bisect_left(far, hi)]:
            if sid in scores:
                continue  # sharing two words or more, it was scored and is held to the floor
            day = _effective_date(index.letters[index.letter_of[sid]].reply)
            if day is None or due.due.year <= day.year:
                continue  # the promise falls due within the later letter's year: no goal ahead
            in_whole = q.ids.intersection(index.features[sid])
            shared = [q.features[r] for r in sorted(map(q.rank.__getitem__, in_whole))]
            if not any(a > 0 and f not in due.due_text for f, a, _ in shared):
                continue
            dots = [0.0] * len(q.units)
            for _, _, units in shared:
                for u, d in units:
                    dots[u] += d
            n = index.norm[sid] or index.norm_of(sid)
            score = max(dot / (qn * n) for dot, qn in zip(dots, q.norms, strict=True))
            if _display_score(score) >= _FAR_SCORE:
                out[sid] = score
    return out


# The routine of a bureau's work on any topic: meetings held, publicity given out. A report of
# it shares the topic's words with every promise, and delivers only a promise of the same.
_ROUTINE = re.compile(
    r"召开[^,，;；。]{0,20}会|(?:调度|推进|座谈|协调|联席|部署|培训)会|宣传|明白纸|宣讲|张贴"
)


def _routine_only(commitment_text: str, full_key: str, words: list[str]) -> bool:
    """True for a report whose every clause sharing a word with the promise is routine
    (我局每月组织三家运营商召开农村网络建设调度会, for a promise of cheaper broadband; 乡村两级干部
    开展房屋安全政策宣传, for a promise of house-safety wardens): it tells a meeting held or
    publicity given on the topic, not the promised thing."""
    if not _ROUTINE.search(full_key):
        return False
    terms = shared_terms(commitment_text, full_key, words, key=full_key)
    sharing = [x for x in re.split(r"[,，;；]", full_key) if any(t in x for t in terms)]
    return bool(sharing) and all(_ROUTINE.search(x) for x in sharing)


# Work put off or dropped (因资金未落实，…项目暂缓实施): nothing delivered, nothing under way.
_SHELVED = re.compile(
    r"暂缓(?:实施|建设|推进|启动|开工)|暂停(?:实施|建设|推进)|搁置|暂不(?:实施|建设|推进)"
    r"|(?:未能|尚未|暂未)(?:启动|实施|开工)|取消(?:实施|建设)"
)


def _shelved(full_key: str) -> bool:
    """True for a report that the work is put off or dropped, with no part of it done
    (因中央和省级专项资金未落实，大王庄片区有机肥加工厂项目暂缓实施): no report of progress, so
    the promise is silent unless something else is said of it. A clause of its own that reports
    a part done (一期已建成，二期…暂缓实施) makes it progress, never delivery."""
    if not _SHELVED.search(full_key):
        return False
    return not any(
        _DONE_MARK.search(x) and not _NEGATED.search(x) for x in re.split(r"[,，;；]", full_key)
    )


_NEGATED = re.compile(r"[未不没]")


def _display_score(cosine: float) -> float:
    """Cosines of related sentences are small numbers; the square root spreads them over 0..1."""
    return round(min(1.0, math.sqrt(max(cosine, 0.0))), 3)


def match(
    commitments: Iterable[Commitment],
    replies: Mapping[str, Reply],
    letters: Sequence[LaterLetter],
    *,
    config: Config | None = None,
    options: Options | None = None,
    against: Collection[str] | None = None,
    report: Collection[str] | None = None,
) -> Diff:
    """Check each commitment against the later letters of its issuer; propose verdicts.

    `replies` holds at least each commitment's own reply. `letters` are every letter that may be
    a later one: each commitment is checked only against those of its issuer line dated after its
    own (all of them count for how rare a word is). With `against`, only the letters with those
    reply ids are used, and one whose date is unknown is accepted. With `report`, only the
    commitments with those ids get findings (the others, `no-later-letter`, still decide which
    later items are new): a command showing part of an issuer's commitments asks for that part.
    """
    opts = options or Options()
    config = config or Config()
    items = list(commitments)
    line_of_item = []
    for c in items:
        own = replies.get(c.reply)
        line_of_item.append(issuer_line(own, config) if own is not None else None)
    groups = _groups(letters, items, line_of_item, config, opts)
    job = _Job(letters, items, replies, config, opts, against, report)
    workers = opts.worker_count()
    big = sum(lt.size for lt in letters) + len(items) >= opts.parallel_from
    forks = 0
    if len(groups) > 1 and _can_fork():
        forks = len(groups)
        parts = _groups_in_parallel(job, groups)
    elif workers > 1 and big and len(items) >= 4 * workers and _can_fork():
        # one issuer holds most of the work: index once, then check in forked workers that
        # share the index (copy-on-write)
        letter_ids, positions = list(range(len(letters))), list(range(len(items)))
        index = job.index(letter_ids, positions)
        index.finish(index.df, index.n)
        forks = workers
        parts = _checks_in_parallel(job, index, letter_ids, positions, workers)
    else:
        parts = [job.run(list(range(len(letters))), list(range(len(items))))]
    found: dict[int, Finding] = {}
    continued: set[str] = set()
    compared: set[int] = set()
    for done, more, seen in parts:
        found.update(done)
        continued |= more
        compared |= seen
    findings = tuple(
        found.get(k) or Finding(c.id, Verdict.NO_LATER_LETTER) for k, c in enumerate(items)
    )
    order = sorted(
        compared, key=lambda i: (letters[i].reply.date or date.max, letters[i].reply.id, i)
    )
    new = tuple(item for i in order for item in letters[i].commitments if item.id not in continued)
    return Diff(findings, new, workers=forks)


# Letters of different issuer lines never meet, so lines can be worked on in separate processes:
# each indexes its lines' letters, the counts of every feature are added up across them (so a
# word weighs the same whichever process reads it), then each checks its lines' commitments.
# The result is the same as in one process. Options.parallel_from and Options.workers say when
# and between how many.
_MAX_WORKERS = 4  # the most processes Options.workers=None takes


@dataclass
class _Job:
    """Everything a worker needs, handed over by fork (never pickled)."""

    letters: Sequence[LaterLetter]
    items: list[Commitment]
    replies: Mapping[str, Reply]
    config: Config
    options: Options
    against: Collection[str] | None
    report: Collection[str] | None = None

    def index(self, letter_ids: list[int], positions: list[int]) -> _Index:
        """The index of some of the letters, with postings for the features of some items."""
        wanted: set[str] = set()
        for text in {self.items[k].text for k in positions}:
            wanted |= doc_features(canonical(tx.key(text)))[0]
        return _Index([self.letters[i] for i in letter_ids], self.config, wanted)

    def check(
        self, index: _Index, letter_ids: list[int], positions: list[int]
    ) -> tuple[dict[int, Finding], set[str], set[int]]:
        """Findings on the items at `positions`, the later items their evidence lies in, and the
        letters (global numbers) they were compared with."""
        found: dict[int, Finding] = {}
        continued: set[str] = set()
        compared: set[int] = set()
        ranges_of: dict[str, tuple[list[tuple[int, int]], list[int], tuple[str, ...]]] = {}
        # promises worded alike (the closing promise a bureau prints every year) are segmented
        # and weighed once
        features: dict[str, tuple[list[dict[str, float]], list[str]]] = {}
        objects: dict[str, tuple[set[str], bool]] = {}
        # per (letter, later letter, line): the best score a promise of the letter has on a plan
        plan_best: dict[tuple[str, int, int], float] = {}
        lowest = self.options.min_score - 2 * _COUNT_SLACK  # the lowest floor a sentence counts at
        pending: list[
            tuple[
                int,
                Commitment,
                Reply,
                list[tuple[float, int]],
                set[int],
                tuple[str, ...],
                list[str],
            ]
        ] = []
        for k in positions:
            c = self.items[k]
            own = self.replies.get(c.reply)
            if own is None:
                continue
            if own.id not in ranges_of:
                r, cs = _eligible(own, index, self.config, self.against)
                # one tuple for every commitment of a letter: a big tree has thousands of them
                ranges_of[own.id] = (r, cs, tuple(index.letters[i].reply.id for i in cs))
            ranges, cands, against = ranges_of[own.id]
            if not cands:
                continue
            compared.update(letter_ids[i] for i in cands)
            if c.text not in features:
                features[c.text] = _commitment_features(c.text)
            units, words = features[c.text]
            line = issuer_line(own, self.config)
            # a commitment whose findings are not asked for only says which later items
            # continue it: its next-steps sentences are all that is scored exactly
            reported = self.report is None or c.id in self.report
            only = None if reported else SectionKind.NEXT_STEPS
            query = _weigh(units, index, line)
            scores = _scores(query, index, ranges, only)
            if c.text not in objects:
                objects[c.text] = named_objects(_promise_key(c.text))
            names, asked = objects[c.text]
            if adheres_only(_promise_key(c.text)):
                scores = {}  # nothing to check: no sentence delivers or restates it
            elif names or asked:
                scores = {
                    sid: s for sid, s in scores.items() if about_same_object(names, index.full[sid])
                }
            # long-range goals restated (三年内… → “十四五”期间…) count under the floor
            far = (
                {}
                if adheres_only(_promise_key(c.text))
                else _far_goals(c.text, _effective_date(own), query, index, ranges, scores)
            )
            if far and (names or asked):
                far = {s: v for s, v in far.items() if about_same_object(names, index.full[s])}
            scores.update(far)
            shown = _shown(scores)
            continued |= _continued_items(shown, index, self.options)
            # (a plan under the lowest floor is evidence of no promise; a long-range goal's
            # is 0.1 at least, and another promise scoring twice that is over the floor)
            for neg, sid in shown[: bisect.bisect_right(shown, (-lowest, len(index.sentences)))]:
                if index.sentences[sid].section == SectionKind.NEXT_STEPS:
                    at = (c.reply, index.letter_of[sid], index.sentences[sid].line)
                    plan_best[at] = max(plan_best.get(at, 0.0), -neg)
            if reported:
                pending.append((k, c, own, shown, set(far), against, words))
        for k, c, own, shown, far_ids, against, words in pending:
            # a plan another promise of the letter shares twice as much with is that promise's
            # (配备…专职消防员 and 组织…专职消防员集中轮训; the plan 组织…轮训): not this one again
            cut = bisect.bisect_right(shown, (-lowest, len(index.sentences)))
            counted = shown[:cut] + ([x for x in shown[cut:] if x[1] in far_ids] if far_ids else [])
            others = {
                sid
                for neg, sid in counted
                if index.sentences[sid].section == SectionKind.NEXT_STEPS
                and -neg
                < _CLOSER_SHARE
                * plan_best.get((c.reply, index.letter_of[sid], index.sentences[sid].line), 0.0)
            }
            rejected = frozenset((e.reply, tx.key(e.quote)) for e in c.evidence if e.rejected)
            since = _effective_date(own) or index.floor.get(own.id)
            f = _decide(
                c, shown, index, against, self.options, words, since, rejected, far_ids, others
            )
            # a letter that reports it delivered sets a new target, it does not promise it again
            # (but a promise that recurs, 每年安排…资金, is delivered for a year and promised again)
            # (nor does a letter whose report of delivery is not the verdict: another work's, or
            # a part of this one with its rest planned)
            delivered = (
                set()
                if _RECURS.search(c.text) or f.verdict != Verdict.DONE
                else {e.reply for e in f.evidence if e.verdict == Verdict.DONE}
            )
            threads = _restatements(c, own, shown, index, self.options, far_ids)
            found[k] = replace(
                f, restated_in=tuple(r for r in threads if r.id.split("/")[0] not in delivered)
            )
        return _threads_apart(found, self.items), continued, compared

    def run(
        self, letter_ids: list[int], positions: list[int]
    ) -> tuple[dict[int, Finding], set[str], set[int]]:
        """Index and check in this process."""
        index = self.index(letter_ids, positions)
        index.finish(index.df, index.n)
        return self.check(index, letter_ids, positions)


def _groups(
    letters: Sequence[LaterLetter],
    items: list[Commitment],
    line_of_item: list[str | None],
    config: Config,
    options: Options,
) -> list[tuple[list[int], list[int]]]:
    """Letters and item positions split by issuer line into at most `options.worker_count()`
    balanced groups (one group: below `options.parallel_from`, or lines too uneven)."""
    by_line: dict[str | None, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for i, lt in enumerate(letters):
        by_line[issuer_line(lt.reply, config)][0].append(i)
    for k, line in enumerate(line_of_item):
        if line is not None:
            by_line[line][1].append(k)
    size = sum(lt.size for lt in letters) + len(items)
    workers = min(options.worker_count(), len(by_line))
    if workers < 2 or size < options.parallel_from:
        return [(list(range(len(letters))), list(range(len(items))))]

    def cost(entry: tuple[str | None, tuple[list[int], list[int]]]) -> int:
        ids, positions = entry[1]
        return sum(letters[i].size for i in ids) + 20 * len(positions)

    groups: list[tuple[list[int], list[int]]] = [([], []) for _ in range(workers)]
    load = [0] * workers
    for entry in sorted(by_line.items(), key=lambda e: (-cost(e), e[0] or "")):
        w = load.index(min(load))
        groups[w][0].extend(entry[1][0])
        groups[w][1].extend(entry[1][1])
        load[w] += cost(entry)
    if max(load) > 0.6 * sum(load):  # lines too uneven to share out
        return [(list(range(len(letters))), list(range(len(items))))]
    return [(sorted(ids), sorted(pos)) for ids, pos in groups if ids or pos]


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


@contextlib.contextmanager
def _forked(jobs: list[tuple[Callable[..., None], tuple[Any, ...]]]) -> Iterator[list[Any]]:
    """Start each (target, args) in a forked worker that gets a pipe end as its first argument;
    yield this side's ends, and join (or stop) the workers when done."""
    import multiprocessing

    tx.words("预")  # load the dictionary once, before the fork, for every worker
    ctx = multiprocessing.get_context("fork")
    conns = []
    procs = []
    for target, args in jobs:
        mine, theirs = ctx.Pipe()
        proc = ctx.Process(target=target, args=(theirs, *args), daemon=True)
        proc.start()
        theirs.close()
        conns.append(mine)
        procs.append(proc)
    try:
        yield conns
    finally:
        for proc in procs:
            proc.join(timeout=5)
            if proc.is_alive():
                proc.terminate()


def _groups_in_parallel(
    job: _Job,
    groups: list[tuple[list[int], list[int]]],
) -> list[tuple[dict[int, Finding], set[str], set[int]]]:
    """Run each group in a forked worker; add up the feature counts between the two steps."""
    with _forked([(_worker, (job, ids, positions)) for ids, positions in groups]) as conns:
        total: Counter[str] = Counter()
        n = 0
        for conn in conns:
            df, k = _receive(conn)
            total.update(df)
            n += k
        for conn in conns:
            conn.send((total, n))
        return [_receive(conn) for conn in conns]


def _checks_in_parallel(
    job: _Job, index: _Index, letter_ids: list[int], positions: list[int], workers: int
) -> list[tuple[dict[int, Finding], set[str], set[int]]]:
    """Check the items in forked workers that share one index, each a share of the items."""
    shares = [positions[w::workers] for w in range(workers)]
    with _forked([(_check_worker, (job, index, letter_ids, share)) for share in shares]) as conns:
        return [_receive(conn) for conn in conns]


def _check_worker(
    conn: Any, job: _Job, index: _Index, letter_ids: list[int], positions: list[int]
) -> None:
    try:
        conn.send(("ok", job.check(index, letter_ids, positions)))
    except BaseException as e:  # noqa: BLE001 - reported to the parent, which raises
        import traceback

        conn.send(("error", "".join(traceback.format_exception_only(e)).strip()))
    finally:
        conn.close()


def _receive(conn: Any) -> Any:
    try:
        kind, value = conn.recv()
    except EOFError:
        raise RuntimeError("a matching worker process ended without its result") from None
    if kind == "error":
        raise RuntimeError(f"a matching worker process failed: {value}")
    return value


def _worker(conn: Any, job: _Job, ids: list[int], positions: list[int]) -> None:
    try:
        index = job.index(ids, positions)
        conn.send(("ok", (index.df, index.n)))
        df, n = conn.recv()
        index.finish(df, n)
        conn.send(("ok", job.check(index, ids, positions)))
    except BaseException as e:  # noqa: BLE001 - reported to the parent, which raises
        import traceback

        conn.send(("error", "".join(traceback.format_exception_only(e)).strip()))
    finally:
        conn.close()


def _eligible(
    own: Reply, index: _Index, config: Config, against: Collection[str] | None
) -> tuple[list[tuple[int, int]], list[int]]:
    """The id ranges of the sentences a commitment of `own` may be compared with, and the letters."""
    if against is None and _effective_date(own) is None and _session(own) is not None:
        # a letter without any date: the letters answering a later session of the same body
        line = issuer_line(own, config)
        cands = [
            li
            for _, _, li in index.dated.get(line or "", [])
            if index.letters[li].reply.id != own.id
            and _session_before(own, index.letters[li].reply)
        ]
        cands.sort(key=lambda i: index.span[i])
        return [index.span[i] for i in cands], cands
    if against is None:
        span, cands = index.later(own, config)
        # a letter without a date counts as later, unless its session says it is older
        kept = [i for i in cands if not _session_before(index.letters[i].reply, own)]
        if len(kept) == len(cands):
            return [span], cands
        return sorted(index.span[i] for i in kept), kept
    cands = [
        i
        for i, lt in enumerate(index.letters)
        if lt.reply.id in against
        and is_later(own, lt.reply, config, undated_ok=True)
        and not _session_before(lt.reply, own)
    ]
    cands.sort(key=lambda i: index.span[i])
    return sorted(index.span[i] for i in cands), cands


def _shown(scores: dict[int, float]) -> list[tuple[float, int]]:
    """(score shown, sentence id) of every sentence scored, best first (then by id): worked out
    once per commitment for the steps that read them."""
    return sorted(((-_display_score(c), sid) for sid, c in scores.items()))


# An item of a run told in one sentence (一年来…做了以下工作：一是…；二是…；三是…): each item is
# its own report.
_RUN_ITEM = re.compile(
    r"(?:^|[:：;；])\s*(?:[一二三四五六七八九十]是|第[一二三四五六七八九十][,，、]?)"
)


def _item_of_run(index: _Index, sid: int) -> str:
    """The text a verdict reads for a sentence scored by `sid`: the clause scored when it is one
    item of a run of two or more told in one sentence (一是…；二是…), else the whole sentence.
    A report of one item finished is not made work in progress by the next item's 正在."""
    full = index.full[sid]
    clause = index.keys[sid]
    if clause == full or not _RUN_ITEM.search(clause):
        return full
    return clause if len(_RUN_ITEM.findall(full)) >= 2 else full


# A promise made for every year, term or season (每年安排, 每学期组织, 每季度开展): delivering it once
# does not end it.
_RECURS = re.compile(r"每(?:年|学期|季度?|月|半年)(?!底|末)")


def _ranked(
    shown: list[tuple[float, int]], index: _Index, kind: SectionKind, floor: float
) -> list[tuple[float, int]]:
    """(score shown, sentence id) of the sentences of one kind of section at or above `floor`,
    best first; `shown` is `_shown`'s list."""
    sentences = index.sentences
    out = []
    for neg, sid in shown:
        if -neg < floor:
            break
        if sentences[sid].section == kind:
            out.append((-neg, sid))
    return out


# A sentence stating the promised count in its unit (一百三十八座 for 138座) names the promise's
# object, however differently the rest is worded: it counts from a little under the floor.
_COUNT_SLACK = 0.05


# The rest of a work planned with its count (再建成2个, 完成…剩余2.6公里路面硬化)
_MORE = re.compile(
    r"(?:再(?!次)|剩余|其余|余下|剩下)[^,，;；。\d]{0,6}"
    r"(\d+(?:\.\d+)?\s*(?:公里|千米|万米|万亩|[个所名家项场支座间户套台条张辆亩米种处]))"
)


def _rest_planned(commitment_key: str, plan_key: str) -> bool:
    """True when a plan counts the rest of the promised amount still to do (3个 promised; 再建成2个)."""
    promised = [(v, u) for v, u, _, _ in _amount_list(commitment_key)]
    for m in _MORE.finditer(plan_key):
        for v, u, _, _ in _amount_list(m.group(1)):
            if any(u == pu and 0 < v < pv for pv, pu in promised):
                return True
    return False


# A promise whose first clause sets up a rule (建立…运维季度考核制度, 落实…补贴与…运营挂钩考核): a
# report of work in the same field (委托第三方检测机构开展检测, 班线正式开通运营) shares its setting
# words, not the rule; a report of the rule names one (制度, 机制, 考核, 办法…).
_MECHANISM = re.compile(
    r"^(?:探索|研究)?(?:建立|健全|完善|推行|实行|落实|制定)[^,，;；。]{0,30}?"
    r"([\u4e00-\u9fff]{4})(?:制度|机制|挂钩考核|考核办法|管理办法|实施细则)(?=[,，;；。]|$)"
)
_QUOTED_NAME = re.compile(r"“([^”]{2,})”")
_RULE_WORD = re.compile(r"制度|机制|考核|挂钩|办法|细则|规程|台账|通报|评定|评价|方案")


_RATE_NAME = re.compile(r"([\u4e00-\u9fff]{2,3})率[^,，;；。\d]{0,4}?\d+(?:\.\d+)?%")


def _rate_told(commitment_key: str, quote_key: str) -> bool:
    """True when the promise sets a rate as its target (通客车率100%) and the sentence reports
    that rate as a percentage."""
    told = {m.group(1)[-2:] for m in _RATE_NAME.finditer(quote_key)}
    return any(
        m.group(1)[-2:] in told and m.group(1)[-2:] not in _STOP_PAIRS
        for m in _RATE_NAME.finditer(commitment_key)
    )


_SECOND_SHARE = 0.6  # the share of the best report's score a second report of delivery needs

# The verbs a promise delivers a counted thing by (配备…6名, 安装…300套, 新建…4个); not those of
# an activity (培训, 招聘), whose report counts the people it reached (培训群众4100人次)
_DELIVER_VERB = r"配备|配置|配齐|购置|安装|新建|建成|新增"
_VERB_COUNT = re.compile(
    rf"({_DELIVER_VERB})(?:了|共|各)?([^,，;；。\d]{{2,8}}?)(?<![\d.])\d+(?:\.\d+)?\s*(?:余|多)?"
    r"([^\d\s])"
)


def _another_count(commitment_key: str, promised: set[str], quote_key: str) -> bool:
    """True when a report counts a thing the promise does not name, delivered by the promise's
    own verb, in a measure the promise does not count in (`promised`: the measures the promise
    counts in, as written), and nothing in the promise's measure (配备不少于6名专职消防员
    promised; 共配备消防车4辆 reported): another thing of the field delivered, not the promised
    one. The same thing counted otherwise (新建…服务点40个 → 新建村级电商服务点42家; 培训…人员 →
    培训护理人员230名) names the promise's thing."""
    if not promised:
        return False
    counted = [m for m in _VERB_COUNT.finditer(quote_key) if m.group(1) in commitment_key]
    if not counted or any(
        m.group(2)[-2:] in commitment_key or m.group(3) in promised for m in counted
    ):
        return False
    told = {written for _, _, _, written in _amount_list(quote_key)}
    return bool(told) and not promised & told


def _decide(
    c: Commitment,
    shown: list[tuple[float, int]],
    index: _Index,
    against: tuple[str, ...],
    opts: Options,
    words: list[str],
    since: date | None = None,
    rejected: frozenset[tuple[str, str]] = frozenset(),
    far: Collection[int] = (),
    others: Collection[int] = (),
) -> Finding:
    """The verdict on one commitment and its evidence, best first.

    Boilerplate never counts, nor a progress sentence whose facts are all dated before the
    commitment's letter (`since`), nor a sentence a clerk rejected. Each whole sentence counts
    once, by its best clause. The verdict is the best evidence's: a plan to do it again that
    scores clearly above a weak report of work makes it `repeated`; among the two best reports
    of work, one of delivery makes it `done`.
    """
    ckey = _promise_key(c.text)
    routine = bool(_ROUTINE.search(ckey))
    cvalues = _values(ckey)
    steps = promised_steps(ckey)
    asks_money = only_asks_money(ckey)
    names = named_objects(ckey)[0]
    amounts = _amount_list(ckey)
    counts = {(v, u) for v, u, _, _ in amounts if v > 2}
    measures = {written for _, _, _, written in amounts}  # as written: 名, 辆, 公里
    # a count of the promised thing that reaches it (500个 promised; 新建…512个, its words in
    # another order) counts further under the floor
    floor = opts.min_score - 2 * _COUNT_SLACK if counts else opts.min_score
    rule = _MECHANISM.match(ckey)
    mechanism = rule is not None
    # the rule by its name (“村管户用”, 签约服务费分担机制) is the rule told
    rule_names = _QUOTED_NAME.findall(ckey) + ([rule.group(1)] if rule is not None else [])
    best: dict[tuple[int, int, str], tuple[float, int]] = {}
    for neg, sid in shown:
        score = -neg
        if score < floor and sid not in far:
            if far:
                continue  # a long-range goal restated (`_far_goals`) may come further down
            break  # best first: the rest score less
        if index.boiler[sid] or sid in others:
            continue  # boilerplate, or a plan another promise of the letter shares far more with
        if (
            score < opts.min_score
            and sid not in far
            and not (
                (
                    score >= opts.min_score - _COUNT_SLACK
                    and counts & {(v, u) for v, u, _, _ in _amount_list(index.full[sid])}
                )
                or (
                    index.sentences[sid].section == SectionKind.PROGRESS
                    and _target_met(ckey, index.full[sid])
                )
            )
        ):
            continue  # under the floor, it counts only with the promised count, or one reaching it
        sent = index.sentences[sid]
        end = index.fact_end[sid]
        if sent.section == SectionKind.PROGRESS and since and end is not None and end < since:
            continue
        if sent.section == SectionKind.PROGRESS and (
            (not routine and _routine_only(c.text, index.full[sid], words))
            or _shelved(index.full[sid])
        ):
            continue
        if rejected and _is_rejected(sent.reply, index.full[sid], rejected):
            continue
        if (
            sent.section == SectionKind.PROGRESS
            and mechanism
            and not _RULE_WORD.search(index.full[sid])
            and not any(n in index.full[sid] for n in rule_names)
        ):
            continue  # another work of the same field done, not the rule promised
        if sent.section == SectionKind.PROGRESS and _another_count(ckey, measures, index.full[sid]):
            continue  # another thing delivered by the promise's verb, counted in its own measure
        k = (index.letter_of[sid], sent.line, sent.text)
        if k not in best or (score, -sid) > (best[k][0], -best[k][1]):
            best[k] = (score, sid)
    ranked = sorted(best.values(), key=lambda x: (-x[0], x[1]))
    cands: list[tuple[float, int, Verdict]] = []
    for score, sid in ranked[: max(8, 2 * opts.evidence)]:
        if index.sentences[sid].section == SectionKind.NEXT_STEPS:
            if not _other_programme(ckey, index.full[sid], score):
                cands.append((score, sid, Verdict.REPEATED))
            continue
        full = _item_of_run(index, sid)
        state = sentence_state("", key=_named_as_promised(ckey, full, steps), steps=steps)
        met = state != State.PLAN and _target_met(ckey, full)
        if asks_money and state != State.PLAN and _MONEY_GOT.search(full):
            verdict = Verdict.DONE  # 争取上级资金 promised, 获得补助资金1350万元 reported
        elif state == State.DONE or met:
            shared_number = bool(cvalues & _values(full))
            named = (
                shared_number
                or score >= opts.done_score
                or _object_done(ckey, full)
                or bool(names and all(n in full for n in names))
                or _limit_met(ckey, full)
                # the whole promised (全覆盖), the whole told reached (全县乡镇均已设立…)
                or (any(t in ckey for t in _WHOLE) and _whole_reached(full))
                # the rest or the whole promised (为其余乡镇配备, 销号率达到100%), the rest or all
                # of it told done (剩下5个乡镇…也已安装到位, 问题厕所已全部完成整改)
                or (
                    (bool(_REST_WORD.search(ckey)) or any(t in ckey for t in _WHOLE))
                    and _rest_done(full)
                )
                or _count_reached(ckey, full)
            )
            delivered = (met or named) and _reaches_target(ckey, full) and not _SHELVED.search(full)
            verdict = Verdict.DONE if delivered else Verdict.PROGRESS
        else:
            verdict = Verdict.REPEATED if state == State.PLAN else Verdict.PROGRESS
        cands.append((score, sid, verdict))
    work = [x for x in cands if x[2] != Verdict.REPEATED]
    plans = [x for x in cands if x[2] == Verdict.REPEATED]
    lead: tuple[float, int, Verdict] | None = None
    if work and not (
        plans
        and work[0][0] < opts.weak_score
        and plans[0][0] >= work[0][0] + opts.plan_margin
        # a report of the very rate promised (通客车率100% promised; 通客车率94.9% told) is no
        # weak match, however few words it shares
        and not _rate_told(ckey, index.full[work[0][1]])
    ):
        # a report of delivery second to a report of work counts when it is about as close to
        # the promise; far under it, it is another work's (产业路 under way, a 基地 建成投产)
        done = [x for x in work[:2] if x[2] == Verdict.DONE and x[0] >= _SECOND_SHARE * work[0][0]]
        lead = done[0] if done else work[0]
        verdict = lead[2]
        if verdict == Verdict.DONE and any(
            index.letter_of[sid] == index.letter_of[lead[1]]
            and score >= lead[0]
            and _rest_planned(ckey, index.full[sid])
            for score, sid, _ in plans
        ):
            # the same letter plans the rest (再建成2个, 剩余2.6公里), closer to the promise than
            # the report: what it reports is a part
            verdict = Verdict.PROGRESS
            cands = [(x[0], x[1], verdict) if x is lead else x for x in cands]
            lead = next(x for x in cands if x[1] == lead[1])
    elif plans:
        lead, verdict = plans[0], Verdict.REPEATED
    else:
        verdict = Verdict.SILENT
    chosen = ([lead] + [x for x in cands if x is not lead]) if lead else []
    evidence = []
    for score, sid, v in chosen[: opts.evidence]:
        sent = index.sentences[sid]
        terms = shared_terms(c.text, sent.text, words, key=index.full[sid])
        day, how = letter_date(index.letters[index.letter_of[sid]].reply)
        evidence.append(
            Proposal(
                sent.reply,
                sent.section,
                sent.line,
                sent.text,
                score,
                v,
                terms,
                clause=sent.clause,
                date_from=how,
            )
        )
    return Finding(c.id, verdict, tuple(evidence), against)


_NAME_SPAN = 6  # characters a stretch shares with the promise to be the name it gives


def _named_as_promised(commitment_key: str, quote_key: str, steps: frozenset[str]) -> str:
    """The sentence with each mark of work under way that lies inside a name the promise gives
    (采购 in 县级药品采购配送信息平台) blanked: it names the thing, not a stage. A step the promise
    asks for (确定公墓选址) stays: `sentence_state` reads it as the promise's own."""
    out = quote_key
    for m in _ONGOING_MARK.finditer(quote_key):
        a, b = m.span()
        if m.group(0) in steps:
            continue
        for start in range(max(0, b - _NAME_SPAN), a + 1):
            stretch = quote_key[start : start + _NAME_SPAN]
            if len(stretch) == _NAME_SPAN and stretch in commitment_key:
                out = out[:a] + "·" * (b - a) + out[b:]
                break
    return out


_VALUE = re.compile(r"(?<![\d.])(?!(?:19|20)\d\d\s*年)(\d+(?:\.\d+)?)(?![\d.])")


def _values(key: str) -> set[str]:
    """The numbers and targets a text states, years and 1 left out (14所 and 14台 share 14; a
    全覆盖 promised and one reported are one target), counts in characters read as numbers."""
    plain = arabic_counts(_TITLE.sub("", key))
    out = {v for v in _VALUE.findall(plain) if v not in ("0", "1")}
    out.update(t for t in _TARGETS if t in plain)
    return out


_TARGETS = ("全覆盖", "100%", "全部建成", "全面完成")


def _is_rejected(reply: str, full_key: str, rejected: frozenset[tuple[str, str]]) -> bool:
    """True when a clerk rejected this sentence (or a clause of it) as evidence."""
    return any(r == reply and q and (q in full_key or full_key in q) for r, q in rejected)


# A later item naming a programme in quotes (推进“互联网+家庭医生”服务) that the promise does not
# name is about that programme: it restates the promise only when it shares clearly more. The
# quotes are curly or the straight ones of many web copies ("带图审批、按图施工").
_QUOTED = re.compile(r"“([^“”\"]{2,})”|\"([^“”\"]{2,})\"")
_OTHER_PROGRAMME_SCORE = 0.35


# A five-year plan's period quoted (“十四五”期间) is a date, not a programme.
_PLAN_PERIOD = re.compile(r"十[三四五六]五")


def _other_programme(commitment_key: str, full_key: str, score: float) -> bool:
    """True for a next-steps sentence scoring under `_OTHER_PROGRAMME_SCORE` that names a quoted
    programme the promise does not: it plans that programme, not the promise again."""
    return score < _OTHER_PROGRAMME_SCORE and any(
        (a or b) not in commitment_key and not _PLAN_PERIOD.fullmatch(a or b)
        for a, b in _QUOTED.findall(full_key)
    )


# A later item naming one of the places a promise listed (6月底前让柳港村助餐点开门运营, for 新桥、
# 柳港2个村各新建1个老年助餐点) promises its rest: the places and the new deadline share little
# with the first wording, so it needs only this much.
_PLACE_RESTATE_SCORE = 0.2


def _restatements(
    c: Commitment,
    own: Reply,
    shown: list[tuple[float, int]],
    index: _Index,
    opts: Options,
    far: Collection[int] = (),
) -> tuple[Restatement, ...]:
    """The later letters' items that promise `c` again: per letter, the item holding the best
    next-steps sentence scoring `restate_score` or more; each with how it is weaker."""
    best: dict[int, tuple[float, Commitment]] = {}
    said: dict[int, str] = {}  # per letter, the sentence that restates the promise
    ckey = tx.key(c.text)
    places = listed_places(ckey)
    floor = min(opts.restate_score, _PLACE_RESTATE_SCORE) if places else opts.restate_score
    ranked = _ranked(shown, index, SectionKind.NEXT_STEPS, floor)
    # a long-range goal restated (`_far_goals`) counts under the bar
    ranked += [(-neg, sid) for neg, sid in shown if sid in far and -neg < floor]
    for score, sid in ranked:
        if index.boiler[sid]:
            continue
        if (
            score < opts.restate_score
            and sid not in far
            and not any(p in index.full[sid] for p in places)
        ):
            continue  # under the bar, an item restates the promise only for a place it listed
        li = index.letter_of[sid]
        if li in best:
            continue
        if _other_programme(ckey, index.full[sid], score):
            continue  # the item is about a programme it names and the promise does not
        if len(best) >= opts.evidence:
            break  # the best few letters only: the sentences come best first
        line = index.sentences[sid].line
        body = _ENUMERATOR.sub("", index.full[sid])
        on_line = [
            (item, ikey)
            for item, lines, ikey in index.items(li)
            if lines and lines[0] <= line <= lines[1]
        ]
        inside = [item for item, ikey in on_line if body and (body in ikey or ikey in body)]
        if len(inside) > 1 and index.sentences[sid].clause:
            # one item of a run told in one sentence (一是…；二是…；三是…) scored: the item holding
            # that clause, not the first of the run
            part = _ENUMERATOR.sub("", _RUN_ITEM.split(index.keys[sid])[-1]).strip(" ,，;；。")
            inside = [item for item, ikey in on_line if part and part in ikey] or inside
        if inside or len(on_line) == 1:
            best[li] = (score, (inside or [on_line[0][0]])[0])
            said[li] = index.sentences[sid].text
    for li, found in _remainders(shown, index, opts).items():
        best.setdefault(li, found)
    # the best few letters only (a bureau writes a few letters a year; a big tree may hold
    # hundreds of one issuer, and each would otherwise be weighed for weakening)
    kept = sorted(best, key=lambda i: (-best[i][0], i))[: opts.evidence]
    out = []
    for li in sorted(kept, key=lambda i: (_effective_date(index.letters[i].reply) or date.max, i)):
        score, item = best[li]
        later = index.letters[li].reply
        # an item of several sentences (the reader took a paragraph of plain sentences as one)
        # is weighed by the sentence that restates the promise, not its neighbours' words
        text = item.text
        if li in said and len([x for x in re.split(r"[。！？]", text) if x.strip()]) > 1:
            text = said[li]
        lo, hi = index.span[li]
        told = "".join(
            index.full[x]
            for x in range(lo, hi)
            if index.sentences[x].section == SectionKind.PROGRESS and not index.sentences[x].clause
        )
        out.append(
            Restatement(
                item.id,
                score,
                weakened(c.text, text, _effective_date(own), _effective_date(later), told),
            )
        )
    return tuple(out)


_CLOSER_SHARE = 0.5  # a later item another promise of the letter shares twice as much with


def _threads_apart(found: dict[int, Finding], items: Sequence[Commitment]) -> dict[int, Finding]:
    """The findings with each weak thread dropped whose later item restates another promise of
    the same letter at twice the score or more (配备…专职消防员 and 组织…专职消防员集中轮训,
    one later item 组织…专职消防员集中轮训): the item is that promise's, the words shared are
    the field's."""
    best: dict[tuple[str, str], float] = {}
    for k, f in found.items():
        for r in f.restated_in:
            key = (items[k].reply, r.id)
            best[key] = max(best.get(key, 0.0), r.score)
    out = {}
    for k, f in found.items():
        kept = tuple(
            r for r in f.restated_in if r.score >= _CLOSER_SHARE * best[(items[k].reply, r.id)]
        )
        out[k] = f if len(kept) == len(f.restated_in) else replace(f, restated_in=kept)
    return out


_REMAINDER_SCORE = 0.3  # a remainder item sharing this much with the report of part done


def _remainders(
    shown: list[tuple[float, int]], index: _Index, opts: Options
) -> dict[int, tuple[float, Commitment]]:
    """Per later letter, the item promising the rest of a commitment delivered in part: the
    letter reports part of it done and the rest pending (已有9所接入，其余5所正在安装), and one of
    its next steps names the rest (完成剩余5所接入). Such an item shares little with the first
    promise in words; it shares the object with the report of what is left. The report may leave
    the rest as a count only (41户…已有33户; 7户…中，5户已搬入), and the item may be one of a run
    told in one sentence (一是加快剩余15盏…；二是…): the same rest counted on both sides names it."""
    out: dict[int, tuple[float, Commitment]] = {}
    for score, sid in _ranked(shown, index, SectionKind.PROGRESS, opts.min_score):
        li = index.letter_of[sid]
        if li in out or index.boiler[sid]:
            continue
        whole = next(x for x in range(sid, -1, -1) if not index.sentences[x].clause)
        if index.sentences[sid].clause and _RUN_ITEM.search(index.keys[sid]):
            whole = sid  # one item of a run told in one sentence: the rest must be its own
        rest_told = _REMAINDER.search(index.keys[whole])
        told = _rest_counts(index.keys[whole]) | _counts_left(index.keys[whole])
        if not rest_told and not told:
            continue
        report = _specific(index, whole)
        lo, hi = index.span[li]
        best: tuple[float, int] | None = None
        for other in range(lo, hi):
            sent = index.sentences[other]
            if (
                sent.section != SectionKind.NEXT_STEPS
                or bool(sent.clause) != (len(_RUN_ITEM.findall(index.full[other])) >= 2)
                or not _REMAINDER.search(index.keys[other])
            ):
                continue
            mine = _specific(index, other)
            shared = report & mine
            if not shared:
                continue
            weight = math.fsum((_boost(f) * index.idf(f)) ** 2 for f in shared)
            norm = index.norm_of(other)
            if sent.clause:  # the item itself, not the words that open the run (下一步，我镇将…：)
                norm = math.sqrt(math.fsum((_boost(f) * index.idf(f)) ** 2 for f in mine)) or 1.0
            cos = weight / (index.norm_of(whole) * norm)
            planned = _rest_counts(index.keys[other])
            if told & planned:
                cos = max(cos, _REMAINDER_SCORE**2)  # the same rest (其余15盏 -> 剩余15盏)
            elif not rest_told or (planned and _rest_counts(index.keys[whole])):
                continue  # another rest (其余2个景区正在招聘; 剩余1座旅游厕所)
            if cos >= _REMAINDER_SCORE**2 and (best is None or cos > best[0]):
                best = (cos, other)
        if best is None:
            continue
        line = index.sentences[best[1]].line
        body = _RUN_ITEM.split(index.keys[best[1]])[-1].strip()[:10]
        items = [
            (item, ikey)
            for item, lines, ikey in index.items(li)
            if lines and lines[0] <= line <= lines[1]
        ]
        # one item of a run told in one sentence (一是…；二是加快剩余15盏…): the item holding it
        inside = [item for item, ikey in items if len(items) > 1 and body and body in ikey]
        if len(items) == 1 or len(inside) == 1:
            out[li] = (min(score, _display_score(best[0])), (inside or [items[0][0]])[0])
    return out


_REST_COUNT = re.compile(r"(?:剩余|其余|余下|剩下)的?(\d+(?:\.\d+)?)\s*([\u4e00-\u9fff])")


def _rest_counts(key: str) -> set[tuple[str, str]]:
    """The counts a sentence gives the rest of a work (其余15盏 -> ('15', '盏'))."""
    return set(_REST_COUNT.findall(key))


_COUNT = re.compile(r"(\d+)\s*([户座个所家处名盏辆台套间条支])")


def _counts_left(key: str) -> set[tuple[str, str]]:
    """What a report of part leaves, as a count: the difference of two counts of one unit
    (41户…已有33户 -> ('8', '户'); 7户…中，5户已搬入 -> ('2', '户'))."""
    by_unit: dict[str, set[int]] = {}
    for n, unit in _COUNT.findall(key):
        by_unit.setdefault(unit, set()).add(int(n))
    return {(str(a - b), unit) for unit, ns in by_unit.items() for a in ns for b in ns if a > b}


def _specific(index: _Index, sid: int) -> set[str]:
    """The features of a sentence (or of one clause of a run) that can name an object: no
    generic pair of its bureau."""
    line = index.line[index.letter_of[sid]]
    key = index.keys[sid]
    if index.sentences[sid].clause:
        key = _RUN_ITEM.split(key)[-1]
    feats, _ = doc_features(canonical(key))
    return {f for f in feats if not index.generic(line, f)}


def _continued_items(shown: list[tuple[float, int]], index: _Index, opts: Options) -> set[str]:
    """Ids of later letters' items that one of the next-steps sentences matching a commitment
    best (a few) lies in."""
    out: set[str] = set()
    best = _ranked(shown, index, SectionKind.NEXT_STEPS, opts.continued_score)[:_CONTINUED]
    for _, sid in best:
        line = index.sentences[sid].line
        key = index.keys[sid]
        body = _ENUMERATOR.sub("", key)
        for item, lines, ikey in index.items(index.letter_of[sid]):
            if lines and not lines[0] <= line <= lines[1]:
                continue
            if body and (body in ikey or ikey in key):
                out.add(item.id)
    return out


# A promise about one particular road, village, bridge, school or facility names it (上垟村,
# 梁岙线, 石门桥, 东岭小学) or points at the one asked about (你所提的路段); its evidence names the
# same one or refers back to it, never another of the same kind.
_OBJECT_KIND = (
    r"(?:村委会|村小组|村|社区|公路|路段|路|线|大桥|桥|小学|中学|幼儿园|卫生院|卫生室|水库|隧道|渠)"
)
# the kind word must end a word: not 路径, 线上, 中学会, 中学生, nor 桥梁 (bridges: 6座水毁桥梁)
_NAMED = re.compile(rf"([\u4e00-\u9fff]{{2}}){_OBJECT_KIND}(?![径会习到生上下段梁])")
# characters that make the two before a kind word running text, not a name (各村, 通村路, 农村公路)
_NOT_NAME = re.compile(
    r"[的了和与及或在将对为等各全该本每此其个条座所已未新改建修到进通入乡镇县市区省农城公道"
    r"干主支线路村桥校学中小内外间区级类项处个批次组户名座第现部实开加推提发依按就居定满制受"
    r"出随途排重共危病余惠助沿经施工至约型性化有热沟专年思"
    r"]"
)
# a kind word that is the end of a name of another kind (石桥村, 梁岙线路口)
_KIND_CHARS = frozenset("村路线桥渠")
# a numeral just before the kind word counts them (解决两村…, 五村联建): no name
_COUNTS = frozenset("一二两三四五六七八九十百千几数多")
_GENERIC_NAMES = frozenset(
    {"柏油", "水泥", "沥青", "砂石", "断头", "旅游", "示范", "灌溉", "行政", "自然", "斑马", "标志"}
    | {"坑槽", "瓶颈", "实验", "定制", "排水", "引水", "供水", "农田", "水利", "乡村", "城区"}
    # common words before a kind word (完成…路, 破损路段, 客运线, 机耕路)
    | {"完成", "安装", "增设", "设置", "调整", "完善", "利用", "关注", "扶持", "规范", "指导"}
    | {"做好", "融合", "扩大", "更换", "连接", "踏勘", "达标", "相邻", "目前", "关于", "一些"}
    | {"暂无", "以上", "供电", "职业", "客运", "机耕", "偏远", "隐患", "破损", "急弯", "陡坡"}
    | {"临崖", "低洼", "垮塌", "雨天", "资金", "多种", "基层", "山塘", "下坡", "这段", "泥结"}
)
_ASKED_OBJECT = re.compile(rf"(?:你|您)(?:们)?(?:所提|提出|反映)的?{_OBJECT_KIND}|该{_OBJECT_KIND}")
_REFERS_BACK = re.compile(
    rf"该(?:{_OBJECT_KIND}|项目|工程|段|事|处|校|院)|此事|此项|上述|前述|这条路|这段路"
)


def named_objects(key: str) -> tuple[set[str], bool]:
    """The names of the particular objects a promise's text names (上垟村 -> 上垟), and whether
    it points at the one it was asked about without naming it (你所提的路段)."""
    names: set[str] = set()
    last_end = -1  # where the last name read ends
    for i in range(len(key) - 2):
        m = _NAMED.match(key, i)
        if m is None:
            continue
        stem = m.group(1)
        if stem in _GENERIC_NAMES or stem[-1] in _COUNTS:
            continue
        if key[m.end(1) - 1 : m.end(1) + 1] in ("上线", "下线"):
            continue  # 在电子地图上线: going on line, no line named 图上
        if not _NOT_NAME.search(stem):
            names.add(stem)
            last_end = m.end()
        elif i < last_end and stem[-1] in _KIND_CHARS and not _NOT_NAME.search(stem[0]):
            # a name read across the verb before it (完成石桥村: 成石 of a bridge) may be the
            # start of one ending in a kind word (石桥 of a village): either names it
            names.add(stem)
    return names, bool(_ASKED_OBJECT.search(key))


def about_same_object(names: set[str], key: str) -> bool:
    """True when a later sentence (folded) names one of `names` or refers back (该路段, 上述)."""
    return any(n in key for n in names) or bool(_REFERS_BACK.search(key))
