"""Stage 5, the items: the paragraphs of each next-steps section -> commitments (area, text, lines).

Markers at a paragraph's start (一、 1. （1） ①) and inside it (一是…二是…) build a tree; a
heading-like node gives its children their area, and its leaves are the commitments.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from tracker import issuers as iss
from tracker import text as tx
from tracker.extract.clean import Page
from tracker.extract.patterns import (
    BOUNDARY,
    CLOSING_INLINE,
    HAN,
    HEAD_END,
    HEAD_MAX,
    INLINE_MARKERS,
    NOW_THEN,
    NS_BARE_CLAUSE,
    NS_CLAUSE,
    NS_TIME,
    NS_TIME_PREFIX,
    OWN_VOICE,
    PLAN_PIECE,
    PROMISE_SUBJECT,
    REMIT_OUT,
    SAME_SHAPE,
    YEAR_START,
    budget_reported,
    clause_starts,
    forecast_at,
    is_commitment,
    marker_number,
    not_a_commitment,
    ordinal_end,
    own_unit,
    para_marker,
    strip_span,
)
from tracker.extract.structure import Para, Structure, paragraphs
from tracker.model import LetterSection, SectionKind

# nothing after it in the sentence is told done (了 but not 了解 or 为了, 已): what the pattern
# opens is still to come
_UNDONE = r"(?![^。；;]*(?:(?<![为除])了(?!解)|已))"


@dataclass(frozen=True)
class Leaf:
    """One commitment as read: its area (the point or heading it sits under), text and lines."""

    area: str | None
    text: str
    lines: tuple[int, int]


@dataclass(frozen=True)
class Items:
    """The commitments of a letter, its next-steps sections, and what the reader noticed."""

    leaves: tuple[Leaf, ...]
    sections: tuple[LetterSection, ...]
    warnings: tuple[tuple[int | None, str], ...]


@dataclass(frozen=True)
class _Unit:
    family: str | None
    number: int | None
    para: Para
    start: int  # span of the unit's text (after its marker) in para.text
    end: int
    para_level: bool
    lead: bool = False  # an unmarked opening followed by inline items
    after_items: bool = False  # an unmarked promise after the numbered items (同时，我局将…)

    @property
    def simp(self) -> str:
        return self.para.simp[self.start : self.end]


@dataclass
class _Node:
    unit: _Unit | None
    children: list[_Node] = field(default_factory=list)


def read_items(pg: Page, st: Structure, own: str | None = None, year: int | None = None) -> Items:
    """The commitments in every next-steps section of a letter (`own`: its issuer, `year`: the
    year it was written, when known)."""
    lines = pg.lines
    leaves: list[Leaf] = []
    sections: list[LetterSection] = []
    warnings: list[tuple[int | None, str]] = []
    first = st.blocks[0] if st.blocks else None
    if first is not None and not first.scan and first.heading is None and first.area is None:
        # the report before a marker paragraph may already promise (我局会在工程完工后……)
        before = paragraphs(pg, st.body_start, first.line)
        if first.offset:
            ln = lines[first.line]
            before.append(Para(ln.text[: first.offset], ln.simp[: first.offset], (0,), (ln.no,)))
        kept = False  # the promise before was kept: a subject-less one going on with it is too
        for lf in promises(before, None, own, year):
            k = tx.key(lf.text)
            kept = bool(
                _SELF_WILL.match(k)
                or NOW_THEN.search(k)
                or _unit_will(k, own)
                or _PLAN_CLAUSE.match(k)
                # 今年我们计划举办……: the letter's own plan, wherever it stands
                or (_OWN_WILL.match(k) is not None and not_a_commitment(k) is None)
                or _pledge_then_will(k)
                or forecast_at(k, own, year) is not None
                or (kept and goes_on(k))
            )
            if kept:
                leaves.append(lf)
    for blk in st.blocks:
        paras = list(blk.paras)
        if blk.scan:
            found = promises(paras, blk.area, own, year)
            if found:
                sections.append(
                    LetterSection(
                        SectionKind.NEXT_STEPS, None, found[0].lines[0], found[-1].lines[1]
                    )
                )
            leaves += found
            continue
        last_no = paras[-1].nos[-1] if paras else lines[blk.line].no
        sections.append(
            LetterSection(SectionKind.NEXT_STEPS, blk.heading, lines[blk.line].no, last_no)
        )
        # in a section a marker paragraph opens (下一步，我局将……), the plain paragraphs after it
        # hold their promises sentence by sentence, among reports and requests
        lead = paras[0] if paras and blk.heading is None else None
        found = items(paras, blk.area, warnings, lead, own, year) if paras else []
        if not found:
            warnings.append(
                (lines[blk.line].no, "the next-steps section has no items: no commitments")
            )
        leaves += found
    leaves = [piece for lf in leaves for piece in _steps(lf)]
    # ……，我们也建议市住建局予以更换: what the letter asks another body to do, even numbered
    leaves = [lf for lf in leaves if not _ASKS_OTHER.search(tx.key(lf.text))]
    # 三、某路占地问题，……不属于我局管理范畴，建议……: outside its remit, even numbered
    leaves = [lf for lf in leaves if not _OUT_OF_REMIT.search(tx.key(lf.text))]
    swept = sweep(pg, st, leaves, own, year)
    if swept:  # in the order they are printed
        leaves = sorted([*leaves, *swept], key=lambda lf: lf.lines)
    leaves = [t for lf in leaves if (t := _trimmed(lf)) is not None]
    leaves = [_promise_after_report(lf) for lf in leaves]
    # 下一步住建部门将……in a natural resources bureau's letter: another department's plan
    leaves = [lf for lf in leaves if not _others_will(tx.key(lf.text), own)]
    if not leaves:
        # nothing read: a list of measures in bare verbs may be the whole answer
        leaves = measure_list(pg, st)
    if not leaves and all(blk.scan for blk in st.blocks):
        warnings.append(
            (
                None,
                "no next-steps section (下一步工作…): imported with its facts and no commitments",
            )
        )
    return Items(tuple(leaves), tuple(sections), tuple(warnings))


_TABLE_ROW = re.compile(r"^\s*(\d{1,2})\s*(?:[|｜]|\t+)\s*")
_TABLE_HEAD = re.compile(r"^\s*(?:序号|编号|项目)\s*(?:[|｜]|\t)")


def _steps(lf: Leaf) -> list[Leaf]:
    """A commitment told as a first step and the next (拟先清理……，下一步将……纳入……): one each,
    the second from its marker."""
    simp = tx.to_simplified_aligned(lf.text)  # its offsets are the text's
    then = NS_CLAUSE.search(simp)
    if then is None or not _FIRST_STEP.search(simp, 0, then.start()):
        return [lf]
    x = then.start() + len(then.group(0)) - len(then.group(0).lstrip())
    head = lf.text[: then.start()].rstrip("，, ")
    return [Leaf(lf.area, head, lf.lines), Leaf(lf.area, lf.text[x:], lf.lines)]


def table_rows(para: Para) -> list[Para]:
    """A paragraph that is a table of measures (序号 | 措施 | 完成时限), one Para per line."""
    lines = para.text.split("\n")
    if len(lines) != len(para.starts) or not all(
        _TABLE_ROW.match(s) or _TABLE_HEAD.match(s) for s in para.simp.split("\n")
    ):
        return [para]
    out = []
    for k, (a, no) in enumerate(zip(para.starts, para.nos, strict=True)):
        b = a + len(lines[k])
        out.append(Para(para.text[a:b], para.simp[a:b], (0,), (no,)))
    return out


def units(para: Para) -> list[_Unit]:
    simp = para.simp
    if _TABLE_HEAD.match(simp):
        return []  # the table's header row
    row = _TABLE_ROW.match(simp)
    if row:  # a row of a table of measures: its number, then the measure and its deadline
        return [_Unit("table", int(row.group(1)), para, row.end(), len(simp), True)]
    pm = para_marker(simp)
    fam, num, body = (pm[0], pm[1], pm[2]) if pm else (None, None, 0)
    inline = inline_markers(simp, body, fam)
    out: list[_Unit] = []
    first_end = inline[0][0] if inline else len(simp)
    if pm or inline:
        out.append(_Unit(fam, num, para, body, first_end, True, lead=fam is None))
    else:
        out.append(_Unit(None, None, para, 0, len(simp), True))
    for k, (_, after, number, ifam) in enumerate(inline):
        nxt = inline[k + 1][0] if k + 1 < len(inline) else len(simp)
        out.append(_Unit(ifam, number, para, after, nxt, False))
    return out


def _side_after_will(family: str, simp: str, start: int, other: int) -> bool:
    """True when the first side of a measure follows the promise's verb (下一步，我局将一方面…。
    另一方面…): the first item runs from the paragraph's start, the other side opens the next."""
    return family == "side" and simp.find("将一方面", start, other) >= 0


def inline_markers(
    simp: str, start: int, para_family: str | None
) -> list[tuple[int, int, int | None, str]]:
    best: list[tuple[int, int, int | None, str]] = []
    for family, rx in INLINE_MARKERS:
        found = []
        for m in rx.finditer(simp, start):
            p = m.start()
            if p > start and simp[p - 1] not in BOUNDARY:
                continue
            if p == start and family == para_family:
                continue
            after = p if family == "side" else m.end()  # 一方面 is part of the item's text
            found.append((p, after, marker_number(family, m.group(1)), family))
        if family == "ar_dot" and [f[2] for f in found] != list(range(1, max(2, len(found)) + 1)):
            continue  # run-on numbers count 1, 2, 3…: anything else is a figure in the text
        if not found:
            continue
        if (
            family != para_family
            and found[0][2] != 1
            and not _side_after_will(family, simp, start, found[0][0])
        ):
            continue  # items inside a paragraph start at one
        if not best or found[0][0] < best[0][0]:
            best = found
    return best


def items(
    paras: list[Para],
    area: str | None,
    warnings: list[tuple[int | None, str]],
    lead: Para | None = None,
    own: str | None = None,
    year: int | None = None,
) -> list[Leaf]:
    """The items of one next-steps section's paragraphs, as a tree of markers read into leaves."""
    # a closing courtesy run into the last paragraph ends the section there
    last = paras[-1]
    m = CLOSING_INLINE.search(last.simp)
    if m and m.start() > 0:
        cut = m.start()
        keep = bisect.bisect_right(last.starts, cut)
        paras = [
            *paras[:-1],
            Para(last.text[:cut], last.simp[:cut], last.starts[:keep], last.nos[:keep]),
        ]
    all_units = [u for p in paras for row in table_rows(p) for u in units(row)]
    root = _Node(None)
    stack: list[_Node] = [root]

    def pop_inline() -> None:
        while len(stack) > 1 and stack[-1].unit is not None and not stack[-1].unit.para_level:
            stack.pop()

    for u in all_units:
        if (
            u.family is None
            and not u.lead
            and not_a_commitment(_judged(u, lead))
            and not (
                lead is not None
                and u.para is not lead
                and (_MARKED_SENTENCE.search(u.simp) or NS_CLAUSE.search(u.simp))
            )
        ):
            continue  # thanks, a pledge, a request to another body: no part of the items' tree
        if u.family is None:
            pop_inline()
            if u.lead:
                while (
                    len(stack) > 1
                    and stack[-1].unit is not None
                    and stack[-1].unit.family is not None
                    and not heading_like(stack[-1])
                ):
                    stack.pop()
                node = _Node(u)
                stack[-1].children.append(node)
                stack.append(node)
                continue
            while (  # an opening's children are its inline items, not the paragraphs after it
                len(stack) > 1
                and stack[-1].unit is not None
                and stack[-1].unit.lead
                and stack[-1].unit.para is not u.para
            ):
                stack.pop()
            top = stack[-1]
            after = is_commitment(u.simp, own, year) and not top.children and last_item(stack, u)
            if not after and (
                top.unit is None or top.unit.family is None or top.children or heading_like(top)
            ):
                top.children.append(_Node(u))
            elif after:  # 3.配备护理员。 / 同时，我局将…: a promise of its own after the items
                pop_inline()
                while len(stack) > 1 and stack[-1].unit is not None and stack[-1].unit.family:
                    stack.pop()
                stack[-1].children.append(_Node(replace(u, after_items=True)))
            else:
                warnings.append(
                    (
                        u.para.nos[0],
                        "an unnumbered paragraph after the items was not taken "
                        "as a commitment; check it",
                    )
                )
            continue
        idx = None
        for k in range(len(stack) - 1, 0, -1):
            su = stack[k].unit
            if su is not None and su.family == u.family:
                idx = k
                break
        if idx is None:
            for k in range(len(stack) - 1, 0, -1):
                su = stack[k].unit
                if (
                    su is not None
                    and su.family
                    and su.number is not None
                    and u.number is not None
                    and any(su.family in s and u.family in s for s in SAME_SHAPE)
                    and u.number == su.number + 1
                ):
                    idx = k
                    break
        if idx is not None:
            del stack[idx:]
        elif u.para_level:
            pop_inline()
        node = _Node(u)
        stack[-1].children.append(node)
        stack.append(node)

    leaves: list[Leaf] = []
    marked_at_root = any(
        c.unit is not None and (c.unit.family is not None or c.children) for c in root.children
    )
    walk(root, area, leaves, top=True, intro_possible=marked_at_root, lead=lead, own=own, year=year)
    return leaves


_AFTER = re.compile(r"^(?:同时|此外|另外|另|最后|今后|此后)[，,、]")


def last_item(stack: list[_Node], u: _Unit) -> bool:
    """True when an unmarked paragraph after a short numbered item is not that item's body: it
    opens with 同时，/此外，…, or the items before it of the same kind had no bodies either."""
    top = stack[-1]
    if top.unit is None or top.unit.family is None:
        return False
    if _AFTER.match(u.simp.strip()):
        return True
    parent = stack[-2] if len(stack) > 1 else None
    if parent is None:
        return False
    earlier = [
        c
        for c in parent.children
        if c is not top and c.unit is not None and c.unit.family == top.unit.family
    ]
    return bool(earlier) and all(not c.children for c in earlier)


def heading_like(node: _Node) -> bool:
    u = node.unit
    if u is None or u.family is None:
        return False
    s = u.simp.strip()
    inner = s.rstrip("。：:；; ")
    return len(inner) <= 30 and not re.search(r"[。；;！!？?]", inner)


def head_split(u: _Unit) -> tuple[str | None, int]:
    """An item's heading sentence (its area) and where the rest of its text starts."""
    m = HEAD_END.search(u.simp)
    if not m:
        return None, u.start
    head = u.para.text[u.start : u.start + m.start()].strip()
    if not head or len(head) > HEAD_MAX or _HEAD_PROMISES.search(head):
        return None, u.start
    return head, u.start + m.end()


# a first sentence that promises in a clause of its own is the item, not its title:
# 1.扩大门诊慢特病病种范围，年内将病种增加到40种。在现有……
_HEAD_PROMISES = re.compile(
    r"[，,][^，,]*?(?:(?<!即)将(?![^，,]{0,4}(?:以|作为))|年内|年底前|月底前|力争|计划于)"
)


# a sentence of a plain paragraph that opens with the next-steps marker: read sentence by sentence
_MARKED_SENTENCE = re.compile(
    # 此外，下一步我们将……: a connective may come before the marker
    rf"(?:^|[。！!？?])\s*(?:(?:同时|此外|另外|与此同时)[，,]?\s*)?(?:在)?{NS_TIME}(?:的)?(?:工作中)?"
    r"(?:[，,、]|(?=我们|我(?:局|委|厅|办|镇|乡)))"
)


# a sentence that turns to another point of the proposal: 关于提灌站问题，……
_NEW_POINT = re.compile(r"[。！!？?]\s*(?:关于|对于|针对)[^，,。；;]{2,24}[，,]")


# a sentence that adds another measure: ……。同时要求某镇政府会同……
_ALSO_SENTENCE = re.compile(
    r"[。！!？?]\s*(?:同时|此外|另外|与此同时)[，,]?\s*(?=[^。]{0,4}(?:要求|将|会同|协调|督促|指导|加强|推进|做好|开展|争取)"
    # 另外，对……的电梯，将继续予以补助: the measure's verb after the clauses that name its object
    r"|[^。！!？?]{0,60}?[，,]\s*(?:[^。！!？?，,、]{2,10}?(?:部门|局|队|站|所|中心))?(?:还|也|并)?将(?!此|该|其)(?![^。]*(?:了|已))"
    # 同时，在公园全域开展某项普查，……: its own act after a place or an object, nothing done
    r"|[^。！!？?，,；;]{0,12}?(?:开展|实施|建立|完善|组织|启动|落实|提升|强化|推动|加大|加快|优化|"
    r"探索|建设|推行|制定|健全)(?![^。]*(?:(?<![为除])了(?!解)|已|目前|截至)))"
)


# a later sentence with its own subject and its own plan word (……。某健身点力争在全县实现全覆盖。):
# its own commitment, not an elaboration (通过…/以…/确保…) or a condition (待…后) of the one before
_OWN_PLAN_WORD = re.compile(
    r"[。！!？?]\s*(?!通过|以|确保|待|为|在|如|若|对|将)[^，,。；;：:、\s]{2,16}?(?:力争|计划|拟)(?!生育)"
    r"(?=[^。；;]{4,})" + _UNDONE
)
_ALSO_START = re.compile(_ALSO_SENTENCE.pattern.replace("[。！!？?]", "^", 1))
# a later sentence in the letter's own voice promising again, after its condition or not:
# ……重新筛选建设位置。一旦确定新的地址，我们会立即重新启动申报……: its own commitment
_OWN_WILL_SENTENCE = re.compile(
    r"[。！!？?]\s*(?:(?:一旦|如果?|若|待|如能)[^。；;！!？?]{2,30}?[，,]\s*)?"
    r"(?:我们|我(?:局|委|厅|办|镇|乡|街道|单位))(?:还|也|将会|仍)?(?:将|会(?![同议商签])|拟)"
    + _UNDONE
)


def _judged(u: _Unit, lead: Para | None) -> str:
    """The text a unit is judged by: a marker paragraph (下一步，我局将……。对于……已……) by its
    first sentence, the one the marker opens; any other unit by all of it."""
    if lead is None or u.para is not lead or u.start != 0:
        return u.simp
    m = _STOP.search(u.simp)
    if m and _BARE_MARKER.match(u.simp[: m.end()]):  # 下一步。我局将……: the comma printed as 。
        m = _STOP.search(u.simp, m.end())
    return u.simp[: m.end()] if m else u.simp


_STOP = re.compile(r"[。！!？?]")
_BARE_MARKER = re.compile(rf"^\s*{NS_TIME}[。.]$")


def walk(
    node: _Node,
    area: str | None,
    out: list[Leaf],
    *,
    top: bool,
    intro_possible: bool,
    lead: Para | None = None,
    own: str | None = None,
    year: int | None = None,
) -> None:
    for k, child in enumerate(node.children):
        u = child.unit
        assert u is not None
        if u.family is None:
            nxt = node.children[k + 1].unit if k + 1 < len(node.children) else None
            if child.children:  # an opening with inline items: not an area
                if _own_sentence(u):  # 下一步，我们将结合……发展。一方面……；另一方面……
                    leaf(u, u.start, area, out)
                walk(child, area, out, top=top, intro_possible=False)
            elif top and intro_possible and not u.after_items and _introduces(u, nxt):
                continue  # an introductory sentence
            elif top and lead is not None and u.para is not lead:
                sub = Para(u.para.text[u.start : u.end], u.simp, (0,), (u.para.line_at(u.start),))
                for found in promises([sub], own=own, year=year):
                    out.append(Leaf(area, found.text, _lines_of(u, found.text, u.start)))
            elif (announced := _announced_sentences(u)) is not None:
                # 下一步，我局将重点抓好以下几项工作。今年10月底前实现……。推动……。: the lead
                # announces, each sentence after it is a measure
                for a0, b0 in announced:
                    leaf(replace(u, start=a0, end=b0), a0, area, out)
            elif not_a_commitment(_judged(u, lead)) is None:
                # 下一步，我乡将……。后续，我乡将……: a sentence with its own marker is its own
                # ……。关于提灌站问题，已纳入规划，待资金到位后实施: a new point, its own promise
                marks = sorted(
                    {
                        m.end() - len(m.group(0).lstrip("。！!？? \t\n"))
                        for rx in (
                            _MARKED_SENTENCE,
                            _NEW_POINT,
                            _ALSO_SENTENCE,
                            _OWN_PLAN_WORD,
                            _OWN_WILL_SENTENCE,
                        )
                        for m in rx.finditer(u.simp, u.start + 1)
                        if m.start() > u.start and m.group(0)[:1] in "。！!？?"
                    }
                    # ……。同时，积极对接……。并主动对接……: a subject-less promise going on
                    | set(going := _going_on(u.simp, u.start, u.end))
                )
                # 下一步。我局将……: a marker printed with a full stop opens the one sentence
                marks = [x for x in marks if not _BARE_MARKER.match(u.simp[u.start : x].strip())]
                for a0, b0 in zip([u.start, *marks], [*marks, u.end], strict=True):
                    part = replace(u, start=a0, end=b0)
                    also = a0 in going or (
                        _ALSO_START.match(part.simp) and not_a_commitment(part.simp) is None
                    )
                    if a0 != u.start and not also and not is_commitment(part.simp, own, year):
                        continue  # the new point reports only what was done
                    cuts = clause_starts(part.simp)
                    past = _past_clauses(part.simp, a0, b0, own, year)
                    if past:  # ……已完成设计；某项目，我局将……；某工程，将会……: one a promise
                        for a, b in zip(past, [*past[1:], b0], strict=True):
                            leaf(replace(part, end=b), a, area, out)
                    elif cuts is None:
                        leaf(part, a0, area, out)
                    else:  # 下一步，我局将加快A；推进B；完善C。: one commitment a clause
                        for a, b in zip(cuts, [*cuts[1:], b0 - a0], strict=True):
                            at = a0 + ordinal_end(part.simp, a)
                            leaf(replace(part, end=a0 + b), at, area, out)
            continue
        if child.children:
            head, _ = head_split(u)
            if head is None and heading_like(child):
                head = u.para.text[u.start : u.end].strip().rstrip("。：:；; ")
            if (
                head is not None
                and u.para_level
                and _HEAD_MEASURE.match(tx.key(head))
                and not re.search(r"[，,：:]", head)
                # a title with its own object (完善就业帮扶联动制度, 加强组织领导), not a short
                # category over the measures (（一）完善设施。): those stay the area of the prose
                # under them
                and len(head) >= 6
                and not u.simp.rstrip().endswith("。")
                and all(c.unit is not None and c.unit.family is None for c in child.children)
            ):
                # 一、落实某制度 over paragraphs of prose: the title names the measure, the
                # prose under it tells how (and may report the work begun): one item
                kids = [c.unit for c in child.children if c.unit is not None]
                parts = [u.para.text[u.start : u.end].strip()]
                parts += [k.para.text[k.start : k.end].strip() for k in kids]
                last = kids[-1] if kids else u
                end = u.para.line_at(last.end - 1) if last is u else last.para.line_at(last.end - 1)
                out.append(
                    Leaf(area, "\n".join(p for p in parts if p), (u.para.line_at(u.start), end))
                )
                continue
            walk(child, head or area, out, top=False, intro_possible=False)
            continue
        if top and u.family not in ("shi", "di", "side"):
            head, rest = head_split(u)
            if head is not None and u.para.text[rest : u.end].strip():
                leaf(u, rest, head, out)
                continue
        if not u.para_level:
            # ……另一方面加强对接。同时，充分利用新媒体……: the sentence after the last item
            # that goes on with another measure is its own commitment
            m = _GOES_ON_INLINE.search(u.simp)
            cuts = []
            if m and not_a_commitment(u.simp[m.end() - len(m.group(1)) :]) is None:
                cuts.append(u.start + m.end() - len(m.group(1)))
            # ……。同时，积极对接……。并主动对接……: each subject-less promise going on
            cuts = sorted({*cuts, *_going_on(u.para.simp, u.start, u.end)})
            if cuts:
                for a, b in zip([u.start, *cuts], [*cuts, u.end], strict=True):
                    leaf(replace(u, start=a, end=b), a, area, out)
                continue
        leaf(u, u.start, area, out)


def _announced_sentences(u: _Unit) -> list[tuple[int, int]] | None:
    """The spans of the sentences after a lead sentence that announces them and ends in 。
    (下一步，我局将重点抓好以下几项工作。A。B。C。), those that tell nothing done; None when the
    unit does not open with such a lead or fewer than two sentences follow it."""
    sentences = [
        (m.start() + len(m.group(0)) - len(m.group(0).lstrip()), m.end())
        for m in _SENTENCE.finditer(u.simp, u.start, u.end)
        if m.group(0).strip()
    ]
    if len(sentences) < 3:
        return None
    a, b = sentences[0]
    lead = u.simp[a:b].strip()
    if not (lead.endswith("。") and _ANNOUNCES.search(lead) and _TO_COME.search(lead)):
        return None
    kept = [(x, y) for x, y in sentences[1:] if not_a_commitment(u.simp[x:y]) is None]
    return kept if len(kept) >= 2 else None


_HEAD_MEASURE = re.compile(
    r"^(?:积极|主动|充分|大力|全力|着力|切实|进一步|继续)?"
    r"(?:落实|推进|推动|加强|加快|加大|完善|健全|建立|强化|深化|做好|抓好|开展|实施|提升|优化|"
    r"统筹|拓宽|拓展|规范|提高|创新|严格)"
)


_GOES_ON_INLINE = re.compile(
    r"[。！!]\s*((?:同时|此外|另外|与此同时)[，,])(?![^。]*(?:已|了|截至|目前|去年))"
)


def _own_sentence(u: _Unit) -> bool:
    """True for an opening before inline items that is a promise of its own, a whole sentence
    that does not announce them (下一步，我们将结合……资源优势，推动融合发展。一方面……)."""
    s = u.simp.strip()
    return (
        len(s) >= 20
        and s.endswith(("。", "！", "!"))
        and not _ANNOUNCES.search(s)
        and is_commitment(s)
    )


_ANNOUNCES = re.compile(
    r"[：:]\s*$|以下|如下|几个方面|几方面|[一二两三四五六七八九十]个方面|[两二三四五六七八九十]项|[两二三四五]步"
)


def _introduces(u: _Unit, nxt: _Unit | None) -> bool:
    """True for an unmarked sentence at the top of a section with marked items that announces
    them (下一步，我局将重点抓好以下工作：), stands right before the numbered paragraphs, or
    promises nothing; a promise of its own standing apart from the items (下一步，责令某场……;
    目前……，后续我局将……) is not an introduction."""
    s = u.simp.strip()
    if _ANNOUNCES.search(s) or (nxt is not None and nxt.family is not None and nxt.para_level):
        return True
    if NS_CLAUSE.search(s) or _MARKED_SENTENCE.search(s):
        return False
    return not_a_commitment(s) is not None or not is_commitment(s)


def _lines_of(u: _Unit, text: str, start: int) -> tuple[int, int]:
    """The line range of a piece of a unit's text."""
    at = u.para.text.find(text, start)
    at = start if at < 0 else at
    return u.para.line_at(at), u.para.line_at(at + len(text) - 1)


# the deputy's answer to the reply, told after the promise: ……沟通。对此该代表表示理解，……
_FEEDBACK = re.compile(
    r"(?<=[。！!])\s*(?:对此|对(?:该|以上|上述|此)?(?:答复|办理(?:情况)?))?[，,]?\s*"
    r"(?:该|此|各位|两位|几位)?(?:名|位)?(?:代表|委员)[^。！!]{0,12}?表示(?:理解|满意|认可|同意|支持)"
    # 经与提案人某委员沟通，表示答复满意
    r"|(?<=[。！!])\s*经(?:与|同)?[^。！!]{0,16}?(?:代表|委员)[^。！!]{0,8}?(?:沟通|联系|面商|见面)"
    r"[^。！!]{0,8}?(?:表示)?[^。！!]{0,6}?(?:满意|理解|认可|同意)"
)
# a leading 但 before the letter's own voice: 但我局将关注……
_BUT_OWN = re.compile(r"(?:但是?|不过)[，,]?\s*(?=我们|我(?:局|委|办|镇|乡|县|区|市))")


_BUT_TURN = re.compile(
    r"[，,]\s*(?:但(?:是)?|不过)[，,]?\s*(?=(?:我们|我(?:局|委|办|镇|乡|街道))(?:还|也|仍)?(?:将|会|要|拟))"
)
_DIFFICULTY = re.compile(r"难以|困难|无法|不能|尚未|存在|问题|受限|不足")
_PROMISE_WORD = re.compile(r"将(?!其|该|此)|计划|拟|力争|争取")


def _others_will(k: str, own: str | None) -> bool:
    """True for a promise, after its marker, whose subject is another kind of department than the
    issuer (下一步住建部门将…… in a 自然资源局's letter); a joint one (某局、本局将) is the letter's."""
    mine = iss.bureau_of(own) if own else None
    if mine is None or mine.code == "gov":
        return False
    k2 = NS_TIME_PREFIX.sub("", k)
    m = PROMISE_SUBJECT.match(k2)
    if m is None:
        return False
    subject, also = m.group("subject"), m.group("also")
    if (
        subject.startswith(("我", "本", "会同", "联合", "配合", "协调", "协同", "建议", "请", "与"))
        or OWN_VOICE.search(k2, 0, m.start("subject"))  # 我们将……，建议某局……
        or own_unit(subject, own)
        or (also and own_unit(also, own))
    ):
        return False
    theirs = iss.bureau_of(subject)
    return theirs is not None and theirs.code != "gov" and theirs is not mine


def turn_start(simp: str, a: int, b: int) -> int:
    """Where the promise starts in simp[a:b] when it follows the difficulties it answers (二是……
    侵占了部分河道，以上难题致使工程难以实施，但是我局会尽最大努力争取……: at 我局), else a."""
    turn = _BUT_TURN.search(simp, a, b)
    if (
        turn
        and _DIFFICULTY.search(simp, a, turn.start())
        and not _PROMISE_WORD.search(simp, a, turn.start())
    ):
        return turn.end()
    return a


def _trimmed(lf: Leaf) -> Leaf | None:
    """A leaf without a leading 但 before the letter's own voice and without the deputy's answer
    told after the promise (……沟通。对此该代表表示理解。), the same text otherwise."""
    simp = tx.to_simplified_aligned(lf.text)
    a, b = 0, len(lf.text)
    fb = _FEEDBACK.search(simp)
    if fb:
        b = fb.start()
    but = _BUT_OWN.match(simp, 0, b)
    if but:
        a = but.end()
    a = turn_start(simp, a, b)
    if (a, b) == (0, len(lf.text)):
        return lf
    a, b = strip_span(lf.text, a, b, "，,、；; \t\n")
    return Leaf(lf.area, lf.text[a:b], lf.lines) if b > a else None


def _promise_after_report(lf: Leaf) -> Leaf:
    """An item that reports its work done under its title and promises only at its end
    (保障某经费。我区已建立……，已补助……。区教委将积极协调……。): the promise, the title its area."""
    simp = tx.to_simplified_aligned(lf.text)
    spans = [(m.start(), m.end()) for m in _SENTENCE.finditer(simp) if m.group(0).strip()]
    if len(spans) < 3 or spans[0][1] - spans[0][0] > 20 or _DONE.search(simp, *spans[0]):
        return lf
    for k in range(1, len(spans)):
        piece = simp[spans[k][0] : spans[k][1]]
        if not_a_commitment(piece) == "what was done":
            continue
        if k >= 2 and _PROMISE_WORD.search(piece) and not_a_commitment(piece) is None:
            title = lf.text[: spans[0][1]].strip().rstrip("。.！!？? ")
            a, b = strip_span(lf.text, spans[k][0], len(lf.text), " \t\n")
            return Leaf(lf.area or title, lf.text[a:b], lf.lines)
        return lf
    return lf


def leaf(u: _Unit, start: int, area: str | None, out: list[Leaf]) -> None:
    text = u.para.text
    a, b = strip_span(text, start, u.end, "，,、；; \t")
    if b <= a:
        return
    out.append(Leaf(area, text[a:b], (u.para.line_at(a), u.para.line_at(b - 1))))


_SENTENCE = re.compile(
    r"(?:[^。！!？?.]|(?<![\u3400-\u9fff%％])\.)+"
    r"(?:(?:[。！!？?]|(?<=[\u3400-\u9fff%％])\.)+[”’」』）)]*|$)"
)


def _piece(simp: str, a: int, b: int) -> str:
    """The ；-separated piece of simp[a:b] that starts at a."""
    m = re.search(r"[；;]", simp[a:b])
    return simp[a : a + m.start()] if m else simp[a:b]


def promises(
    paras: list[Para], area: str | None = None, own: str | None = None, year: int | None = None
) -> list[Leaf]:
    """The sentences of a letter with no next-steps section that promise something (the
    letter's own promises: not those of another body, when `own` names the issuer)."""
    out: list[Leaf] = []
    sibling: tuple[str, int | None] | None = None  # the numbered paragraph before promised
    for p in paras:
        promised = False  # the sentence before in this paragraph promised
        pm = para_marker(p.simp)
        if (
            pm is not None
            and sibling is not None
            and pm[0] == sibling[0]
            and pm[1] is not None
            and sibling[1] is not None
            and pm[1] == sibling[1] + 1
        ):
            # 2、街道将继续协调……。3、继续加强“院长制”工作，……: the list goes on promising
            m = _SENTENCE.match(p.simp, pm[2])
            if m and _GOES_ON_LISTED.match(p.simp, pm[2]) and not_a_commitment(m.group(0)) is None:
                xa, yb = strip_span(p.text, pm[2], m.end(), " \t")
                out.append(Leaf(area, p.text[xa:yb], (p.line_at(xa), p.line_at(yb - 1))))
                sibling = (pm[0], pm[1])
                continue
        before = len(out)
        listed = _listed(p, own, year)
        for m in _SENTENCE.finditer(p.simp):
            if listed is not None and m.start() >= listed[0]:
                break
            a, b = strip_span(p.text, m.start(), m.end(), " \t\n")
            if b <= a:
                continue
            if promised and out and _THEN.match(p.simp[a:b]):
                # ……拟将某工程申报明年资金项目。待资金批复后，再行安排施工。: the promise's condition
                last = out[-1]
                xa = p.text.find(last.text)
                if xa >= 0:
                    _, yb = strip_span(p.text, a, b, " \t")
                    out[-1] = Leaf(last.area, p.text[xa:yb], (last.lines[0], p.line_at(yb - 1)))
                    continue
            spans = _promised_spans(p.simp[a:b], own, year)
            if (
                not spans
                and promised
                and (_GOES_ON.match(p.simp[a:b]) or goes_on(p.simp[a:b]))
                and not_a_commitment(p.simp[a:b]) is None
            ):
                spans = [(0, b - a)]  # ……计划两年完成。同时，每年安排经费4万元……
            promised = bool(spans)
            for x, y in spans:
                xa, yb = strip_span(p.text, a + x, a + y, "，,、；; \t")
                xa = turn_start(p.simp, xa, yb)
                if yb > xa:
                    out.append(Leaf(area, p.text[xa:yb], (p.line_at(xa), p.line_at(yb - 1))))
        for x, y in listed[1] if listed is not None else []:
            xa, yb = strip_span(p.text, x, y, "，,、；; \t")
            if yb > xa:
                out.append(Leaf(area, p.text[xa:yb], (p.line_at(xa), p.line_at(yb - 1))))
        sibling = (pm[0], pm[1]) if pm is not None and len(out) > before else None
    return out


# the first member's marker after a lead's comma (……，一是……)
_RUN_IN_MEMBER = re.compile(r"[，,]\s*(?:[一二三四五六七八九十]{1,2}是|\d{1,2}[、.．])")
# a lead that says the letter's plan, run into its first item with a comma
_PLAN_LEAD = re.compile(rf"(?:{OWN_VOICE.pattern})(?:今年|明年|年内)?(?:计划|拟|将|准备|打算)")


# a numbered measure that goes on, nothing in it told done: 继续加强……, 持续推进……, 加强……
_GOES_ON_LISTED = re.compile(
    r"\s*(?:继续|持续|进一步|积极|主动|大力|全力|切实|认真)?"
    r"(?:加强|推进|推动|做好|完善|加大|强化|落实|开展|抓好|深化|优化|提升|规范|配合|协助|争取)"
    r"(?![^。]*(?:(?<![为除])了(?!解)|已|截至|目前|去年|累计|共[^。，,；;]{0,10}?\d))"
)


def _listed(p: Para, own: str | None, year: int | None) -> tuple[int, list[tuple[int, int]]] | None:
    """A paragraph whose promise enumerates its measures over several sentences (我局将从以下
    三个方面持续发力。一是……。二是……。三是……): where its lead sentence starts, and the spans of
    the lead (when it is a promise of its own, not only an announcement) and of each item."""
    simp = p.simp
    inline = inline_markers(simp, 0, None)
    if len(inline) < 2:
        return None
    first = inline[0][0]
    starts = [m.start() for m in _SENTENCE.finditer(simp) if m.start() < first]
    if not starts or not re.search(r"[。！!？?]", simp[first:]):
        return None  # one sentence: its clauses are read by _promised_spans
    lead_at = starts[-1]
    lead = simp[lead_at:first].strip()
    if lead.endswith("。") and not is_commitment(lead, own, year):
        return _measures_after_report(simp, inline, own, year)
    # 2022年，我局计划在……的情况下，一是计划……。二是……: the plan's lead run into its first item
    planned = lead.endswith(("，", ",")) and _PLAN_LEAD.search(lead) is not None
    if not planned and (
        not lead or not is_commitment(lead, own, year) or not lead.endswith(("。", "：", ":"))
    ):
        return None
    spans: list[tuple[int, int]] = []
    if not planned and not _ANNOUNCES.search(lead) and len(lead) >= 20:
        spans.append((lead_at, first))
    ends = [a for a, _, _, _ in inline[1:]] + [len(simp)]
    for (_, after, _, _), end in zip(inline, ends, strict=True):
        m = _GOES_ON_INLINE.search(simp, after, end)
        if m and not_a_commitment(simp[m.end() - len(m.group(1)) : end]) is None:
            cut = m.end() - len(m.group(1))
            spans += [(after, cut), (cut, end)]
        else:
            spans.append((after, end))
    return lead_at, spans


# an item of a list that states a measure: its verb first, nothing in it done
_MEASURE_ITEM = re.compile(
    r"^(?:充分|加大|加强|持续|积极|进一步|做好|强化|推进|推动|完善|落实|抓好|深化|加快|统筹|着力)"
    r"(?![^。]*(?:已|了|截至|目前|去年|今年以来|近年来))"
)


def _measures_after_report(
    simp: str, inline: list[tuple[int, int, int | None, str]], own: str | None, year: int | None
) -> tuple[int, list[tuple[int, int]]] | None:
    """A list run in after a report (……已列为重点培育点位。一是加强……。二是……，我局将……): its items,
    when the last promises and every other states a measure with nothing in it done."""
    ends = [a for a, _, _, _ in inline[1:]] + [len(simp)]
    items = [(after, end) for (_, after, _, _), end in zip(inline, ends, strict=True)]
    texts = [simp[a:b].strip() for a, b in items]
    if not is_commitment(texts[-1], own, year) and not any(
        is_commitment(k.strip(), own, year) for k in re.split(r"(?<=[，,])", texts[-1])[1:]
    ):
        return None
    # one sentence each: a measure followed by what was done under it (……项目。当年共下达资金……)
    # is a report of the year's work, not a list of measures to come
    if not all(
        _MEASURE_ITEM.match(k) and not_a_commitment(k) is None and "。" not in k.rstrip("。；;")
        for k in texts[:-1]
    ):
        return None
    return inline[0][0], items


# the condition of the promise before it, on its own: 待资金批复后，再行安排施工。
_THEN = re.compile(r"^待[^。；;，,]{1,30}后[，,]?\s*(?:再|即|方可|才能)")


# a sentence that goes on with the promise before it: 同时，每年安排…… (no report, no past)
_GOES_ON = re.compile(r"^(?:同时|此外|另外|并且|与此同时)[，,]\s*(?!.*(?:已|了|截至|目前|去年))")

# a subject-less promise that goes on with the letter's promise before it, as a sentence or a
# ；-clause: 同时，积极对接……; 并主动对接……，尽快……; 某管网，将视…… (the clause may
# name its point first; the point is a thing, not a body, and tells of nothing done)
_CONTINUES = re.compile(
    r"^(?:"
    # after a connective, any verb of a measure: 同时，加紧完成……; 并积极争取……
    r"(?:同时|此外|另外|并且|与此同时|并)[，,]?\s*(?:还|也)?"
    r"(?:将会|将|拟(?![定订])|计划|力争|争取|尽快|适时|积极|全力|主动|加快|加大|加紧|加强|进一步|及时|切实|"
    r"推进|推动|做好|抓好|完善|落实)"
    # with none, a word of what is to come, after a clause that may name the point
    r"|(?:(?![^，,。；;]*(?:已|了|正在|目前|截至|通过|开展|进行|完成|实施|公司|单位|业主|部门|政府|"
    r"局|委|办|学校|医院|我|您|你))"
    r"[^，,。；;]{1,14}[，,]\s*)?"
    # (a time it runs to, run in: “十四五”期间进一步提高……, 年内完成……)
    r"(?:[“\"]?十[三四五六]五[”\"]?期间|今年|明年|年内|年底前|\d{4}年(?:底)?前?)?"
    r"(?:还|也|并|同时)?"
    r"(?:将会|将|拟(?![定订])|计划|力争|争取|尽快|适时|积极|全力|主动|加快|加大|进一步|及时|切实"
    # a measure's own verb, first: 推动建设某平台，年内实现…… (only in a run of promises)
    r"|推动|推进|完善|建立|健全|落实|加强|实施|开展|做好|抓好|强化|深化|优化|探索)"
    # a condition with no subject, then the act it sets off: 如若具备某条件将尽快申报
    r"|(?:如若|如果|倘若|若能|如能|一旦)[^，,。；;将]{2,30}?[，,]?\s*(?:就|便|即)?(?:将会|将)"
    # the promise's condition first, then its act: 待资金落实后立即实施……
    r"|待[^，,。；;]{2,20}?后[，,]?\s*(?:立即|即|再|尽快|马上|随即|及时)"
    r"(?:实施|启动|开工|建设|组织|解决|安排|推进|开展)"
    r")"
    # what a work will bring (项目完工后，将实现……) is its effect, not a measure
    r"(?!实现|达到|使|让|有效|极大|大大|明显|彻底|能|可)"
    r"(?![^。；;]*(?:了|已|截至|目前|去年))"
)


def goes_on(k: str) -> bool:
    """True for a subject-less sentence or clause that, right after one of the letter's own
    promises, is a promise of its own with the same subject."""
    return _CONTINUES.match(k) is not None and not_a_commitment(k) is None


# before a marker paragraph only the letter's own plain promise counts: 我局会在……, 我镇将……
_SELF_WILL = re.compile(
    r"^(?:[^，,。；;]{1,20}[，,])?(?:我们|我(?:局|委|厅|办|镇|乡|街道|中心))(?:还|也|将会)?(?:将|会(?![同议商签])|拟)"
)


def _unit_will(k: str, own: str | None) -> bool:
    """True for a promise of a unit of the issuer (……，交警大队将根据意见……)."""
    m = PROMISE_SUBJECT.match(k)
    return m is not None and (
        own_unit(m.group("subject"), own)
        or bool(m.group("also"))
        and own_unit(m.group("also"), own)
    )


def _promised_spans(s: str, own: str | None, year: int | None) -> list[tuple[int, int]]:
    """The spans of one sentence that promise: all of it, its ；-clauses each with its own verb,
    its enumerated items (下一步，结合某工程，一是……；二是……), the plans among a report's
    ；-pieces (……已开展排查；计划9月组织……), or the clause a marker opens after a report
    (目前……已完成六成，后续我局将……)."""
    if budget_reported(s, year):
        return []  # ……纳入年初预算，2017年、2018年分别预算30万元: the budgets made, reported
    if is_commitment(s, own, year):
        inline = inline_markers(s, 0, None)
        if len(inline) >= 2:  # the lead-in before the first marker is not an item
            return [
                (after, inline[k + 1][0] if k + 1 < len(inline) else len(s))
                for k, (_, after, _, _) in enumerate(inline)
            ]
        cuts = clause_starts(s)
        if cuts is None:
            first = re.search(r"[；;]", s)
            points = _point_clauses(s)
            if first is not None and points and is_commitment(s[: first.start()], own, year):
                # ……待资金下达后将组织招标；某楼加固，我局将会同……；某跑道，将按……: a point each
                return list(zip([0, *points], [*points, len(s)], strict=True))
            if first is None or is_commitment(s[: first.start()], own, year):
                return [(0, len(s))]
            cuts = [0]  # a report, then plans among its ；-pieces: only the plans
        else:
            return [(ordinal_end(s, a), b) for a, b in zip(cuts, [*cuts[1:], len(s)], strict=True)]
    spans: list[tuple[int, int]] = []
    for c in re.finditer(r"[；;]\s*", s):  # a report listing the year's works, one a plan
        piece = _piece(s, c.end(), len(s))
        if (
            (PLAN_PIECE.match(piece) or is_commitment(piece, own, year))
            and not not_a_commitment(piece)
        ) or (spans and spans[-1][1] == c.start() and goes_on(piece)):
            # ……；某活动中心，我局将……；某管网，将视……: the last goes on with the one before
            spans.append((c.end(), c.end() + len(piece)))
    if not spans:
        m = _marker_clause(s, 0, len(s))
        if m:  # ……，后续我局将每半月回访一次: the marker opens the promise mid-sentence
            spans.append((m.start(), len(s)))
    if not spans:
        m = _PLAN_CLAUSE.search(s)
        if m and not_a_commitment(s[m.start() :]) is None:
            spans.append((m.start(), len(s)))  # ……我局非常重视，拟作为一项建设计划报请……
    if not spans:
        # ……，形成了改造方案，交警大队将在暑假期间……
        m = next(
            (u for u in _own_unit_clauses(s, own) if not_a_commitment(s[u.start() :]) is None), None
        )
        if m is not None:
            spans.append((_condition_start(s, m.start()), len(s)))
    if not spans:
        # ……进行了专题研究，决定将该项目报送某局，争取纳入……，并于……进行了面商: from 决定 up
        # to the report after it
        m = _DECIDED.search(s)
        if m is not None and _DONE_MARK.search(s, 0, m.start()):
            x = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
            y = x
            for c in re.finditer(r"[^，,。；;]+[，,。；;]?", s[x:]):
                if y > x and (_DONE_MARK.search(c.group(0)) or _OWN_VOICE_START.match(c.group(0))):
                    break
                y = x + c.end()
                if c.group(0)[-1:] in "。；;":
                    break
            if not_a_commitment(s[x:y]) is None:
                spans.append((x, y))
    if not spans:
        m = _OWN_SHARE.search(s)
        if m is not None and _SHARED_OUT.search(s, 0, m.start()):
            # ……，本项目由乡政府组织实施，我局负责施工中的技术指导工作: the letter's share
            x = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
            if not_a_commitment(s[x:]) is None:
                spans.append((x, len(s)))
    if not spans:
        at = forecast_at(s, own, year)  # ……，8月初已办理手续，预计8月中旬确定施工单位……
        if at is not None:
            spans.append((at, len(s)))
    if not spans:
        # ……，我们将……，另外已向某局申报……: the promise up to the report run on after it
        done_after = _LATER_DONE.search(s)
        head = s[: done_after.start()] if done_after is not None else s
        m = _SELF_CLAUSE.search(head)
        if m and not_a_commitment(head[m.start() :]) is None:
            # ……改建完成后排洪问题随之解决，我局将全程跟进……; with the condition before it:
            # ……进行了申报，如能进入规划，等政策启动后，我们将优先启动建设
            at = _condition_start(head, m.start())
            lead = _CONNECTIVE.match(head, at)  # ……，同时我局也将……: the promise from its subject
            spans.append((lead.end() if lead is not None and at == m.start() else at, len(head)))
    return spans


def _marker_clause(s: str, a: int, b: int) -> re.Match[str] | None:
    """A next-steps marker opening a clause after a report: with its will (……，后续我局将……), or
    a strong marker with the act and no will (……，下步视资金落实情况，再对……)."""
    return NS_CLAUSE.search(s, a, b) or NS_BARE_CLAUSE.search(s, a, b)


_CONNECTIVE = re.compile(r"\s*(?:同时|此外|另外)[，,]?\s*")
# the first of steps in order (拟先……, 首先……), before the marker of the next
_FIRST_STEP = re.compile(r"(?:拟|将|计划|准备)先|首先")
# a connective clause that reports what was done after a promise: ……，另外已向某局申报……
_LATER_DONE = re.compile(r"[，,]\s*(?:另外|此外|同时)[，,]?\s*(?:[^，,。；;]{0,6}?)已")


# a time to come (this year's second half, its end, the next year), then a will with no subject
_DATED = (
    r"(?:今年下半年|下半年|今年内|年内|今年年?底前?|年底前|明年(?:上半年|下半年|年底前?)?|今冬明春)"
    r"[，,]?\s*(?:还|也)?将(?!近|来)"
)
_DATED_WILL = re.compile(r"^\s*(?:(?:同时|此外|另外)[，,]\s*)?" + _DATED + _UNDONE)


# the bureau's plan told without a subject, at a sentence's start or after its report:
# 今年计划对某两处中心进行改造; ……，我局领导班子非常重视，拟作为一项建设计划报请县政府
# (here and in the promise clauses below, a 了 of 了解, 为了 or 除了 is no mark of work done:
# ……已列入某项目库，计划对该路……，其间及时了解补助办法)
_PLAN_CLAUSE = re.compile(
    r"(?:^|(?<=[，,]))\s*(?:今年|明年|年内)?(?:还)?(?:拟|计划)"
    r"(?=对|作为|列为|纳入|列入|安排|申报|报请|争取|筹措|新建|改建|扩建|安装|增设|实施|开展|启动"
    r"|建设|建成|修建|改造|打造"
    # a plan after a condition of its own: 计划完成前期设计后……, 计划待资金下达后……
    r"|(?:完成|待)[^，,。；;]{1,20}后)"
    + _UNDONE
    # a will to do it the report leads up to: ……进行了沟通，准备将某处备用信号灯放置在此路口
    + r"|(?:^|(?<=[，,]))\s*准备(?=将|对|在|于|为|向)(?!将此|将其|将该)"
    + _UNDONE
    # a clause that strives for the next step, after a report of the work under way (……积极对接
    # 市水务局，力争将该段河道列入2024年度重点工程，年底完成)
    + r"|(?:^|(?<=[，,]))\s*力争(?=将|把|在|于|\d|今年|明年|年内|年底|早日|尽快|尽早|实现|完成|列入|纳入)"
    + _UNDONE
    # the years to come and a will, no subject, after a report: ……进行了疏浚，今明两年将继续……
    + r"|(?:^|(?<=[，,]))\s*(?=(?:今明两年|今年内?|明年|年内|下半年|今后(?:两|三|几)年)(?:还|也)?将"
    r"(?!近)(?:继续|全面|加快|逐步|陆续|组织|实施|启动|完成))"
    + _UNDONE
    # a time still to come this year or the next, then a will with no subject (今年下半年，将指导
    # 某景区开展验收工作): the plan of the letter's own work, among a report of the past
    + r"|(?:^|(?<=[，,]))\s*(?="
    + _DATED
    + r")"
    + _UNDONE
    # a date of the year to come with the act's timing, no subject: ……，并于今年适时举行……
    + r"|(?:^|(?<=[，,]))\s*(?:并|还)?(?:将)?于(?:今年|明年|年内|下半年|年底前)"
    r"(?=(?:内|底前)?(?:适时|择机|尽快|陆续))"
    + _UNDONE
    # a condition, then the work to go on: ……，其余工作待某条件具备后进一步推进
    # (a bare 待……后实施 goes with the clause before it: ……已纳入项目库，待……后实施)
    + r"|(?:^|(?<=[，,]))\s*(?=[^，,。；;\s]{1,8}?待[^，,。；;]{1,20}后"
    r"(?:再|将|进一步|继续|启动|实施|推进|开展)"
    # ……已列入今年计划，待某路动工时同步铺设……: the act joined to the step it waits for
    r"|待[^，,。；;]{1,20}时(?:一并|同步))"
    + _UNDONE
    # a thing as subject, then the letter's act of telling to come: ……，检测结果将及时公布
    + r"|(?:^|(?<=[，,]))\s*(?=[^，,。；;我]{2,12}?将(?:及时|第一时间|按时|定期)"
    r"[^，,。；;]{0,12}?(?:公示|公布|通报|反馈|告知|公开))"
    + _UNDONE
    # after a report, the work's point and a subject-less will with a time to come inside it:
    # ……进行了清扫，对于又堆满的角落，将在今后的工作中定期清理
    + r"|(?:^|(?<=[，,]))\s*(?=(?:(?:对于|针对)[^，,。；;]{2,20}[，,]\s*)?(?:还|也)?将(?:在|于)?"
    r"(?:今后|以后|下一步|下步|后续)(?:的)?(?:工作中)?)"
    + _UNDONE
    # after a report of work under way, the step it waits for and the act right after it:
    # ……已报送审查，审查通过后立即组织招标; ……正编制招标文件，选定施工队伍后将组织施工
    + r"|(?:^|(?<=[，,]))\s*(?=[^，,。；;]{0,16}?(?:(?:结束|完成|批复|下达|到位|通过)|(?:确定|选定)[^，,。；;]{1,8})后"
    r"[，,]?\s*"
    r"(?:立即|即|随即|马上|尽快|及时|将)(?:启动|开展|组织|实施|开工|申报|办理))"
    + _UNDONE
    # after a report of the work under way, when it is expected to be done: ……手续已报审批，
    # 预计将于今年10月底前开通……; ……已完成招标，11月底可完成……并投入使用
    + r"|(?:^|(?<=[，,]))\s*(?=(?:(?:预计|计划)(?:将|可)?(?:于|在)?)?(?:(?:今年|明年|\d{4}年)?\d{1,2}月"
    r"(?:底|中旬|上旬|下旬|初|份)?|(?:今年|明年|\d{4}年)(?:底|内)|年底|年内)前?(?:便|即)?(?:可|将|能)?(?:全部|全面)?"
    r"(?:完成|建成|投入使用|投用|开通|开行|竣工|完工|交付))"
    + _UNDONE
    # after a survey told in the same sentence, the act on what it found, no subject:
    # ……对服务站用房进行了逐站排查，将对不达标的用房进行调整
    + r"|(?<=(?:查看|摸底|调查|调研|统计|排查|核查|踏勘)[，,])\s*(?=将对[^，,。；;]{2,24}"
    r"进行(?:整合|改造|整治|维修|修缮|提升|调整|规范|清理|优化))"
    + _UNDONE
    # what is put off until the means come, then the act, no subject: ……，故暂不实施，今后如有
    # 资金，将优先安排; ……，以后条件成熟时，将会启动…… (a time to come or an 'if', the means)
    + r"|(?:^|(?<=[，,]))\s*(?=(?:(?:今后|以后|未来|将来|日后)[，,]?\s*(?:如|若|如果|一旦)?|如|若|如果|一旦)"
    r"(?:有|具备)?[^，,。；;]{0,14}?(?:机会|资金|经费|条件|指标|允许|成熟|到位)(?:时|后)?[，,]\s*"
    r"(?:我们|我(?:局|委|镇|乡|单位))?(?:还|也)?(?:将会|将|会(?![同议商签])))"
    + _UNDONE
    # a condition with no subject, then the act it sets off: ……，待某资金下达，就积极申报……
    + r"|(?:^|(?<=[，,]))\s*(?=待[^，,。；;]{2,24}[，,]\s*(?:就|便|即|再)(?:会|将)?"
    r"(?:积极|尽快|及时|立即|着手|启动|申报|立项|实施|安排|开展|组织))" + _UNDONE
)


# a decision told with no subject in the report of the handling, its act still to come: ……进行
# 了专题研究，……，决定将该项目报送市文化和旅游局，争取纳入……
_DECIDED = re.compile(
    r"(?<=[，,])\s*(?:经?研究)?(?:已经?)?"
    r"决定(?=将|把|对|于|向|实施|启动|安排|投入|报送|申报)(?![^，,。；;]*(?:(?<![为除])了(?!解)|已))"
)
# the work divided between bodies: 由乡政府组织实施，我局负责技术指导 (the letter's share is its
# own work to come)
_SHARED_OUT = re.compile(r"由[^，,。；;]{2,16}?(?:负责|牵头)?(?:组织)?(?:实施|建设|施工)[，,]")
_OWN_SHARE = re.compile(
    r"(?<=[，,])\s*(?:我们|我(?:局|委|厅|办|镇|乡|街道|单位))(?:主要)?负责(?=[^，,。；;]{4,})"
    + _UNDONE
)
_OWN_VOICE_START = re.compile(r"^\s*(?:我们|我(?:局|委|厅|办|镇|乡|街道|单位))")


# a clause whose subject is a unit of the issuer (judged by own_unit): ……，交警大队将……
_UNIT_CLAUSE = re.compile(
    rf"(?<=[，,])\s*([{HAN}]{{2,16}}?(?:大队|支队|中队|部门|局|所)|大队|支队|中队|办事处)(?:还|也)?(?:将|拟)"
    + _UNDONE
)


def _own_unit_clauses(
    s: str, own: str | None, a: int = 0, b: int | None = None
) -> Iterator[re.Match[str]]:
    """The clauses of s[a:b] whose subject is the issuer by its kind or a unit of it (……，交警大队
    将……; ……，办事处将……), judged by own_unit."""
    return (
        m
        for m in _UNIT_CLAUSE.finditer(s, a, len(s) if b is None else b)
        if own_unit(m.group(1), own)
    )


# a clause that sets the condition or the time of the promise after it: 如能进入规划，/ 等政策
# 启动后，/ 在项目实施过程中，
_CONDITION_CLAUSE = re.compile(
    r"^\s*(?:(?:如能|如果|若能|倘若|一旦|如若)[^，,。；;]{1,30}"
    # where it can be done: 在有条件的社区，
    r"|在有条件的[^，,。；;]{1,12}"
    r"|(?:等|待|在)[^，,。；;]{1,30}(?:后|前|时|过程中|期间))[，,]\s*$"
)


def _condition_start(s: str, at: int) -> int:
    """Where a promise clause starting at `at` starts with the condition clauses before it."""
    while at > 0:
        prev = max(s.rfind("，", 0, at - 1), s.rfind(",", 0, at - 1))
        if not _CONDITION_CLAUSE.match(s[prev + 1 : at]):
            break
        at = prev + 1
    # an 'if' that opens a run of clauses the promise waits on (……已报审议，若审批通过，我委将…;
    # 如果受益群众积极性高，群众筹资投劳，建成后，我们将…): all of it is the promise's condition
    for m in _IF_CLAUSE.finditer(s, max(0, at - 60), at):
        if not _DONE_MARK.search(s, m.start(), at) and not re.search(
            r"[。；;！!？?]", s[m.start() : at]
        ):
            return min(at, m.start())
    return at


# a clause that opens with 'if' (若审批通过，; 如果资金到位，), at a sentence's or clause's start
_IF_CLAUSE = re.compile(r"(?:^|(?<=[，,。；;]))\s*(?:如果|如能|若能|倘若|如若|假如|若(?![干是]))")
_DONE_MARK = re.compile(r"(?<![为除])了(?!解)|已")


# the letter's own promise as the last part of a sentence that reports: ……，我局将全程跟进
_SELF_CLAUSE = re.compile(
    # (a time to come may stand before the subject: ……，今年我们计划举办……)
    # (or a connective: ……，并已建设某站，同时我局也将加强……)
    r"(?<=[，,])\s*(?:(?:今年|明年|年内|下半年|今后|近期|今冬明春|今冬|明春|同时|此外|另外)[，,]?\s*)?"
    r"(?:我们|我(?:局|委|厅|办|镇|乡|单位))(?:还|也)?(?:今年|明年|年内|下半年)?"
    # (……，我委认真吸纳您的意见建议，将积极协调……: the subject's attitude, then its will)
    r"(?:(?:认真|虚心|积极|充分)(?:吸纳|采纳|研究|听取)[^，,。；;]{0,10}[，,]\s*(?:并)?)?"
    # (……，我局今年已经准备将该路段列入……: the plan made, its act to come)
    r"(?:将|拟|计划(?!生育)|力争|准备(?=对|将|把|于|在|举办|开展|组织|实施|启动|建设)|会(?![同议商签])|(?:今年|明年|现|目前)?已(?:经)?(?:准备|计划|打算|拟))"
    + _UNDONE
)


# --- the sentence-level judgement over the whole body -------------------------------------------

# words that may open a sentence before its subject: 今年我局将…, 另外，…, 下一步，…
_OPENING_WORDS = (
    r"(?:(?:同时|此外|另外|并且|最后|其次|今年|明年|年内|下半年|近期|今后|下一步|下步|后续|随后|"
    r"但是|但|不过|然而|\d{4}年(?:上半年|下半年|年内|内|底|初)?"
    # a consequence drawn from the report before: 为此，我局……; 鉴于此，我局……
    r"|鉴于此|鉴于这种情况|为此|对此|因此|据此)"
    r"[，,、]?\s*)*"
)
# the letter's own voice promising, after its opening words or after clauses that set the point
# (针对您所提……，我局将…): the subject is the letter itself, the verb is to come, and nothing
# after it tells of work done
_OWN_WILL = re.compile(
    rf"^{_OPENING_WORDS}(?:[^。；;！!？?]*?[，,：:]\s*)?"
    r"(?:我们|我(?:局|委|厅|办|镇|乡|街道|中心|单位)|本(?:局|委|单位))"
    r"(?:还|也|将会|一定|同时)?"
    r"(?:将|拟|计划|力争|争取|会(?![同议商签])|要(?!求)|准备|打算)" + _UNDONE
)
# the letter as subject, a pledge or work under way, then a concrete promise in a later clause
# without a subject of its own: 我局十分赞同……，将把……列入……; 同时，我局正在起草……，将于年内……
_OWN_THEN_WILL = re.compile(
    rf"^{_OPENING_WORDS}(?:我们|我(?:局|委|厅|办|镇|乡|街道|中心|单位)|本(?:局|委|单位))"
    r"[^。；;！!？?已了]{2,40}?[，,]\s*(?P<will>(?:还|也|并|同时)?(?:将会|将|拟|力争|争取))"
    + _UNDONE
)
# a sentence a next-steps marker opens: 下一步，待……后，我局将……; 下步，某中心将……; 下步将对……
_MARKER_OPENS = re.compile(
    rf"^(?:在)?{NS_TIME}(?:的)?(?:工作中)?"
    r"(?:[，,、\s]|(?=(?:我们|我(?:局|委|厅|办|镇|乡|街道|中心|单位)|本(?:局|委|单位))?(?:还|也)?(?:将|拟)))"
)


_THANKS_OPENS = re.compile(r"^\s*(?:再次|衷心|非常|十分|最后)?[，,]?\s*(?:感谢|谢谢)")


# a word of what is to come, one of which every promise the sweep takes holds
_TO_COME = re.compile(
    rf"将|拟|计划|力争|争取|会|要|准备|打算|月(?:底|中旬|上旬|下旬|初|份)?前?可|{NS_TIME}"
)
# a point the letter says is outside its remit, with no will of its own after it
_OUT_OF_REMIT = re.compile(
    REMIT_OUT + r"(?![^。]*(?:我们|我(?:局|委|厅|办))(?:也|还|仍)?(?:将|会|拟))"
)
_ASKS_OTHER = re.compile(
    r"(?:(?:^(?:[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、.．](?!\d))?|[，,])\s*"
    r"(?:我们|我(?:局|委|厅|办|大队|支队|中心|单位))(?:也|还)?"
    # an item of a list of measures and recommendations that opens with its recommendation
    # (五是建议提高基层……的工作能力): what the letter asks of others, its subject left out
    r"|^(?:[一二三四五六七八九十]{1,3}是|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、.．](?!\d))?\s*)"
    r"(?:建议|提请|恳请)(?!.{0,4}(?:收悉|办理|答复))"
    r"(?![^。]*(?:我们|我(?:局|委|厅|办))(?:也|还)?(?:将|会|拟))"
)


def _pledge_then_will(k: str) -> bool:
    """True for the letter's pledge or work under way followed by a concrete promise of its own
    (我局十分赞同……，将把……列入……): the promise after the comma is not boilerplate."""
    m = _OWN_THEN_WILL.match(k)
    if m is None:
        return False
    tail = k[m.start("will") :]
    return not_a_commitment(tail) is None and not _ANNOUNCES.search(tail)


# the government of the letter's own place as the subject of a plan or a will: 县政府拟于明年
# 为某乡镇配置……; 今年，全县将推行…… (a bureau reporting the plan it carries out)
_LEVEL_WILL = re.compile(
    rf"^{_OPENING_WORDS}(?:[^。；;！!？?，,]{{1,20}}[，,]\s*)?"
    r"(?:我(?:县|区|市|州|旗)|(?:县|区|市|州|旗)(?:人民)?政府|全(?:县|区|市|州)|地区)"
    # (not 将 as the object's mark: 我市将某工作纳入民生实事，……筛查38.6万人次 reports)
    r"(?:还|也|将会)?(?:将(?![^。；;，,]{1,20}?(?:纳入|列入|列为|作为))|拟|计划(?!生育))" + _UNDONE
)


def own_promise(k: str, own: str | None, year: int | None) -> bool:
    """True for a sentence of the body that, read on its own, is the letter's own promise: its
    subject is the letter (我局将…, 我们要…) or a unit of the issuer, or a next-steps marker opens
    it; it is to come, not done, not thanks or a pledge, not another body's duty."""
    if not_a_commitment(k) is not None or _ANNOUNCES.search(k):
        return False
    y = YEAR_START.match(k)
    if y and year and int(y.group(1)) < year:
        return False  # 2022年，我局争取资金120万元…… in a 2023 letter: the year's report
    if budget_reported(k, year):
        return False  # ……纳入年初预算，2017年、2018年分别预算30万元: the budgets made
    if _OWN_WILL.match(k) or _LEVEL_WILL.match(k) or _DATED_WILL.match(k):
        return True
    if is_commitment(k, own, year) and forecast_at(k, own, year) is not None:
        return True  # ……现已完成主体工程，预计于10月底投入使用: the letter's own work, forecast
    return (
        _pledge_then_will(k)
        or is_commitment(k, own, year)
        and bool(_MARKER_OPENS.match(k) or _unit_will(k, own))
    )


# a sentence that opens with a time still to come: 年底前在某社区建成……, 明年上半年为……配齐……
_DATED_OPEN = re.compile(
    r"^\s*(?:今年|明年|\d{4}年)?(?:上半年|下半年|年底前?|年内|底前"
    r"|(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:底|中旬|上旬|下旬|份)?前"
    r"|[“\"]?十[三四五六]五[”\"]?期间)[，,]?\s*(?=[^。；;]{4,})"
)


def _dated_plan(k: str) -> bool:
    """True for a sentence after a promise that opens with its own time to come (年底前在某社区建成
    1个服务站。), nothing done in it."""
    return (
        _DATED_OPEN.match(k) is not None
        and not _DONE_MARK.search(k)
        and not_a_commitment(k) is None
    )


def _going_on(simp: str, a: int, b: int) -> list[int]:
    """Where the sentences of simp[a:b] after a first one that promises start when they go on
    with it as subject-less promises of their own (……。同时，积极对接……。并主动对接……)."""
    out: list[int] = []
    first = True
    run = True  # no report yet since the promise
    for m in _SENTENCE.finditer(simp, a, b):
        x = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
        if first:  # a promise with its verb to come, not a measure's title (加强某服务。)
            if not _TO_COME.search(m.group(0)) or not is_commitment(m.group(0)):
                return []
            first = False
            continue
        k = simp[x : m.end()]
        # (……。年底前在某社区建成……: a sentence with its own time to come goes on too, in a run)
        if (run and (goes_on(k) or _dated_plan(k))) or (goes_on(k) and _GOES_ON.match(k)):
            # after a report of the work under way, only a connective brings the promise back
            # (……拟实施某工程。经踏勘，……。同时，主动对接……)
            out.append(x)
        elif not (run and _ALSO_START.match(k) and is_commitment(k)):
            run = False  # (……。同时，为保证……，交警部门将……。并加大……: a promise keeps it going)
    return out


def _past_clauses(simp: str, a: int, b: int, own: str | None, year: int | None) -> list[int]:
    """Where the promises start in a sentence simp[a:b] whose first ；-clause reports work done
    and the later ones promise (……已完成设计评审；某中心，我局将会……；某管网，将视……),
    one a clause; empty when the sentence is not of that shape."""
    m = _SENTENCE.match(simp, a)
    if m is None or m.end() < b and simp[m.end() : b].strip():
        return []  # more than one sentence: judged as before
    clauses = _clauses(simp, a, b)
    if len(clauses) < 2 or not_a_commitment(simp[clauses[0][0] : clauses[0][1]]) != "what was done":
        return []
    starts: list[int] = []
    for x, y in clauses[1:]:
        piece = simp[x:y]
        if (
            is_commitment(piece, own, year)
            or own_promise(piece, own, year)
            or starts
            and goes_on(piece)
        ):
            starts.append(x)
        else:
            return []  # a report among the promises: judged as before
    return starts


# a ；-clause that names its point, then promises it, with the letter as subject or none:
# 某楼加固，我局将会同……; 某跑道，将按……
_POINT_CLAUSE = re.compile(
    r"^\s*(?![^，,；;]*(?:已|了|正在|目前|截至|公司|单位|政府|局|委|我|您|你))[^，,；;。]{2,24}[，,]\s*"
    r"(?:我们|我(?:局|委|厅|办|镇|乡|街道|中心|单位)|本(?:局|委|单位))?(?:还|也)?(?:将会|将|拟|会(?![同议商签]))"
    + _UNDONE
)


def _point_clauses(s: str) -> list[int]:
    """Where each ；-clause after the first starts when every one of them names its own point and
    promises it (……；某楼加固，我局将会同……；某跑道，将按……), else empty."""
    cuts = [m.end() for m in re.finditer(r"[；;]\s*", s)]
    ends = [m.start() for m in re.finditer(r"[；;]\s*", s)][1:] + [len(s)]
    if not cuts:
        return []
    for a, b in zip(cuts, ends, strict=True):
        piece = s[a:b]
        if not _POINT_CLAUSE.match(piece) or not_a_commitment(piece) is not None:
            return []
    return cuts


def _clauses(simp: str, a: int, b: int) -> list[tuple[int, int]]:
    """The ；-clauses of the sentence simp[a:b], as spans."""
    cuts = [a] + [m.end() for m in re.finditer(r"[；;]\s*", simp[a:b])]
    cuts = [a] + [a + c for c in cuts[1:]]
    return [(x, y) for x, y in zip(cuts, [*cuts[1:], b], strict=True) if y > x]


# the letter as the subject of a clause about its work now (县林业局对……优先审批; 我局在……):
# its own name (judged by own_unit) or its own voice, then the work
_AT_WORK = re.compile(
    rf"^(?:我们|我(?:局|委|厅|办|镇|乡|街道|中心|单位)|本(?:局|委|单位)"
    rf"|(?P<name>[{HAN}]{{2,16}}?(?:局|委|办|中心)))"
    r"(?=对|在|根据|按照|结合|通过|积极|坚持|加强|严格|逐步|优先)" + _UNDONE
)
# a ；-clause that goes on with that work in the future, with no subject: ……；同时，将……
_ALSO_WILL = re.compile(
    r"^(?:同时|此外|另外|并且|与此同时)[，,]\s*(?:还|也)?将(?!此|该|其|这|上述|原)"
    r"(?!实现|达到|使|让|有效|极大|大大|明显|彻底|能|可)(?![^。；;]*(?:了|已|截至|目前|去年))"
)


# a sentence of the letter's own work going on now (同时，我们也在探索……): a subjectless
# 此外，还将…… after it goes on with that work
_NOW_AT_WORK = re.compile(
    r"(?:(?:同时|此外|另外|并且|与此同时)[，,]\s*)?"
    r"(?:我们|我(?:局|委|厅|办|镇|乡|街道|中心|单位)|本(?:局|委|单位))(?:也|还|都)?(?:正在|在|正)"
    r"(?:积极|努力|着力|不断|认真)?(?:探索|研究|推进|谋划|争取|推动|开展|完善|筹划)" + _UNDONE
)


def _own_at_work(k: str, own: str | None) -> bool:
    """True for a clause whose subject is the letter itself at work now (县林业局对……)."""
    m = _AT_WORK.match(k)
    return m is not None and (m.group("name") is None or own_unit(m.group("name"), own))


def _plan_after_report(p: Para, a: int, b: int) -> int | None:
    """Where, in p's sentence or clause [a, b), a plan told without a subject starts after a
    clause that reports what was done (……已于某月开工，计划于某年底完工), or None."""
    mp = _PLAN_CLAUSE.search(p.simp, a + 1, b)
    if mp is None:
        return None
    x = mp.start() + len(mp.group(0)) - len(mp.group(0).lstrip())
    piece = tx.key(p.text[x:b])
    why = not_a_commitment(tx.key(p.text[a:x]))
    if (
        x < b
        # after a report, or after a measure with no subject (……积极争取项目资金，计划对某管网
        # 进行提升改造): 计划对……进行…… is the letter's own plan
        and (why == "what was done" or (why is None and _PLAN_ON.match(p.simp, x) is not None))
        and not_a_commitment(piece) is None
    ):
        return x
    return None


_NOW_CLAUSE = re.compile(r"(?<=[，,])\s*(?:目前|截至|截止|现已)")
_PLAN_ON = re.compile(r"(?:计划|拟)对[^，,。；;]{2,24}?进行")


def sweep(
    pg: Page, st: Structure, found: list[Leaf], own: str | None, year: int | None
) -> list[Leaf]:
    """The promises of the body the structural reading left out, judged sentence by sentence.

    Every sentence after the opening, up to the last item read, is judged by `own_promise`; one
    that goes on with a promise (另外，……将继续…) follows it. A sentence inside an item already
    read adds nothing."""
    taken = [tx.key(lf.text) for lf in found]

    def covered(k: str) -> bool:
        if any(k in t or t in k for t in taken):
            return True
        # ……的情况下，一是计划修建排水设施。: the lead run into an item read from its marker on
        m = _RUN_IN_MEMBER.search(k)
        rest = k[m.end() :] if m else ""
        return len(rest) >= 4 and any(t.startswith(rest.rstrip("。")) for t in taken)

    out: list[Leaf] = []
    before = False  # the sentence before (of the same paragraph) promised
    # from the opening on: a letter may hold its whole answer in its opening paragraph
    start = st.intro if st.intro is not None and st.intro < st.body_start else st.body_start
    paras = paragraphs(pg, start, st.end)
    if paras and _THANKS_OPENS.match(paras[-1].simp):
        paras.pop()  # the closing: 再次感谢……。我局将以负责的态度认真研究您的建议……
    # after the last item read, the body closes: a summary pledge (接下来，我局将继续扎实推进……)
    # is no measure of its own
    # a letter the structure found no next-steps section in has no such close to keep out: its
    # promises may stand anywhere in the body (……计划对某校…… then 2025年我们将……)
    structured = any(not b.scan for b in st.blocks)
    last = max((lf.lines[1] for lf in found), default=None) if structured else None
    # by line index: the pieces of a letter run into one line share its number
    spans = [((b.line, b.offset or 0), (b.end - 1, 1 << 30)) for b in st.blocks if not b.scan]
    spans = [(a, z) for a, z in spans if z[0] >= a[0]]

    def inside(p: Para, at: int) -> bool:
        k = max(0, bisect.bisect_right(p.starts, at) - 1)
        here = (p.idx[k], at - p.starts[k])
        return any(a <= here <= z for a, z in spans)

    for p in paras:
        before = False
        working = False  # the sentence before told of the letter's own work going on now
        if last is not None and p.nos[0] > last:
            break
        for m in _SENTENCE.finditer(p.simp):
            a, b = strip_span(p.text, m.start(), m.end(), "，,、；; \t\n")
            if b <= a:
                continue
            was_working, working = working, _NOW_AT_WORK.match(p.simp, a, b) is not None
            if inside(p, a):
                continue  # a next-steps section's own reading stands (an introduction stays out)
            if not _TO_COME.search(p.simp, a, b):
                before = False
                continue  # nothing to come in it: no promise (and the cheap test first)
            k = tx.key(p.text[a:b])
            clauses = _clauses(p.simp, a, b)
            if covered(k) and (len(clauses) < 2 or any(k in t for t in taken)):
                before = True
                continue
            on = before and (_GOES_ON.match(k) is not None and "将" in k or goes_on(k))
            on = on or (was_working and _ALSO_WILL.match(k) is not None)
            if not covered(k) and (
                (on and not_a_commitment(k) is None) or own_promise(k, own, year)
            ):
                out.append(Leaf(None, p.text[a:b], (p.line_at(a), p.line_at(b - 1))))
                taken.append(k)
                before = True
                continue
            # ……已完成设计；某项目，我局将会……；某跑道，将按……: each ；-clause on its own
            # (also when one of them was read already)
            if len(clauses) > 1:
                was = before
                first = True
                voiced = False  # the first clause's subject is the letter itself, at work now
                for x, y in clauses:
                    x, y = strip_span(p.text, x, y, "，,、；; \t\n")
                    piece = tx.key(p.text[x:y])
                    if first:
                        voiced, first = _own_at_work(piece, own), False
                    if covered(piece):
                        was = True
                        continue
                    if (
                        own_promise(piece, own, year)
                        or (was and goes_on(piece))
                        or (voiced and _ALSO_WILL.match(piece) and not_a_commitment(piece) is None)
                    ):
                        out.append(Leaf(None, p.text[x:y], (p.line_at(x), p.line_at(y - 1))))
                        taken.append(piece)
                        was = True
                    elif (z := _plan_after_report(p, x, y)) is not None and not covered(
                        tx.key(p.text[z:y])
                    ):
                        # 某工程已于某月开工，计划于某年底完工；截至目前……: the clause's plan, up
                        # to the report of the work now (……，目前已包装项目14个)
                        now = _NOW_CLAUSE.search(p.simp, z, y)
                        e = now.start() if now else y
                        e = strip_span(p.text, z, e, "，,、；; \t\n")[1]
                        out.append(Leaf(None, p.text[z:e], (p.line_at(z), p.line_at(e - 1))))
                        taken.append(tx.key(p.text[z:e]))
                        was = True
                    else:
                        was = False
                before = was
                continue
            before = False
            # ……已整改完毕，下一步，分局将……: the marker opens the promise mid-sentence
            mc = _marker_clause(p.simp, a, b)
            if mc is None:
                # ……已列入某工程开展前期设计，……，计划完成设计后争取资金……: after a report of
                # what was done, a plan in a later clause is the letter's
                mp = _PLAN_CLAUSE.search(p.simp, a + 1, b)
                x = mp.start() + len(mp.group(0)) - len(mp.group(0).lstrip()) if mp else b
                if mp is None:  # ……已办理手续，预计8月中旬确定施工单位: a forecast after a report
                    fc = forecast_at(p.simp[a:b], own, year)
                    x = a + fc if fc else b
                if x == b:  # ……，未预留场地，在有条件的社区，办事处将……: the issuer's unit (or
                    # itself by its kind) as the subject of a later clause
                    mu = next(_own_unit_clauses(p.simp, own, a + 1, b), None)
                    if mu is not None:
                        x = _condition_start(p.simp, mu.start(1))
                piece = tx.key(p.text[x:b])
                if (
                    x < b
                    and not_a_commitment(tx.key(p.text[a:x])) == "what was done"
                    and not covered(piece)
                    and not_a_commitment(piece) is None
                ):
                    out.append(Leaf(None, p.text[x:b], (p.line_at(x), p.line_at(b - 1))))
                    taken.append(piece)
                    before = True
                continue
            x = mc.start() + len(mc.group(0)) - len(mc.group(0).lstrip())
            piece = tx.key(p.text[x:b])
            if not covered(piece) and own_promise(piece, own, year):
                out.append(Leaf(None, p.text[x:b], (p.line_at(x), p.line_at(b - 1))))
                taken.append(piece)
                before = True
    return out


# A member of a list of measures: an adverb of effort (or a plain time of day-to-day work) and
# its verb, with nothing in it that reports work done (已, 截至, a year, a count of what was done)
_MEASURE_START = re.compile(
    r"^(?:(?:平时|日常|(?:今后)?(?:积极|主动|充分|大力|全力|着力|切实|努力|认真|持续|不断|进一步))"
    r"[\u4e00-\u9fff]"
    # or a bare verb of work to do (一、开展资源普查工作…, 二、加强品牌建设…)
    r"|(?:开展|加强|推动|推进|加大|加快|完善|建立|健全|强化|做好|提升|优化|实施|落实|深化|扩大|引导"
    r"|规范|提高|探索|制定|争取|丰富|创新|打造|拓展|培育|构建|营造|夯实|扶持)[\u4e00-\u9fff])"
)
_DONE = re.compile(
    r"已|截至|截止|累计|共计|先后|目前|现有|去年|\d{4}\s*年|\d+(?:\.\d+)?\s*[万亿]?"
    r"(?:元|个|家|人|名|次|场|户|所|处|条|项|公里|千米|米|亩|吨|件|期)|[^为除]了(?![解])"
)
_INLINE_MEMBER = re.compile(
    r"(?:^|(?<=[：:；;。]))\s*(?:(\d{1,2})[、．.]|([一二三四五六七八九十]{1,2})是)"
)


def _measures(members: list[tuple[Para, int, int]]) -> list[Leaf]:
    """Three members or more, every one a measure: one item each; otherwise none."""
    if len(members) < 3:
        return []
    out: list[Leaf] = []
    for p, a, b in members:
        a, b = strip_span(p.text, a, b, "，,、；;。 \t\n")
        k = tx.key(p.text[a:b])
        if not _MEASURE_START.match(k) or _DONE.search(k) or not_a_commitment(k) is not None:
            return []
        out.append(Leaf(None, p.text[a:b], (p.line_at(a), p.line_at(b - 1))))
    return out


def measure_list(pg: Page, st: Structure) -> list[Leaf]:
    """A letter whose answer is a list of measures in bare verbs, with no marker of the future
    (一、积极争取…… 二、充分发挥……; 主要措施有：1、平时加强……；2、积极对接……): the bureau's
    own next steps, when no member reports work done. Only for a letter nothing else was read in:
    the same shape after a report of work is that report."""
    paras = paragraphs(pg, st.body_start, st.end)
    if paras and _THANKS_OPENS.match(paras[-1].simp):
        paras.pop()
    # numbered paragraphs of one family, counted from one
    run: list[tuple[Para, int, int]] = []
    family: str | None = None
    for p in paras:
        pm = para_marker(p.simp)
        if pm is not None and pm[1] == len(run) + 1 and (not run or pm[0] == family):
            family = pm[0]
            run.append((p, pm[2], len(p.text)))
            continue
        found = _measures(run)
        if found:
            return found
        run, family = [], None
        if pm is not None and pm[1] == 1:
            family = pm[0]
            run.append((p, pm[2], len(p.text)))
    found = _measures(run)
    if found:
        return found
    # members inside one paragraph, after a lead ending in a colon
    for p in paras:
        marks = [
            m
            for m in _INLINE_MEMBER.finditer(p.simp)
            if marker_number("ar_dot" if m.group(1) else "shi", m.group(1) or m.group(2))
            is not None
        ]
        seq: list[re.Match[str]] = []
        for m in marks:
            n = marker_number("ar_dot" if m.group(1) else "shi", m.group(1) or m.group(2))
            if n == len(seq) + 1:
                seq.append(m)
        if len(seq) < 3 or p.simp[: seq[0].start()].rstrip()[-1:] not in ("：", ":"):
            continue
        ends = [m.start() for m in seq[1:]]
        tail = _SENTENCE.match(p.simp, seq[-1].end())
        ends.append(tail.end() if tail else len(p.simp))
        found = _measures([(p, m.end(), e) for m, e in zip(seq, ends, strict=True)])
        if found:
            return found
    return []
