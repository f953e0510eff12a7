"""Stage 4, the issuer: read from the title or signature, else inferred, then settled.

A letter whose issuer is null can never be followed up, so when the issuer is only inferred and
one candidate stands (the document-number prefix, the page's source line or navigation, the
site's footer, the departments the letter names, the body its closing thanks the member for
caring about, 我局 and a subject that is one department's business throughout, a township the
letter tells its own work as or speaks as with 我镇), it is set and listed under `review:` with
the reasons. Only when two bodies stand equally is it kept apart
(`issuer_inferred`) for a person to choose; when the only evidence is two departments the letter
names as often (a joint report), none is proposed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from tracker import issuers as iss
from tracker import text as tx
from tracker.extract.clean import Page, strip_glosses
from tracker.extract.facts import Facts, is_this_letter
from tracker.extract.patterns import (
    BUREAU_MENTION,
    PARTNER,
    PLACE_MENTION,
    SELF,
    SESSION_NOISE,
    SESSION_PLACE,
)
from tracker.model import Reply, ReviewNote


@dataclass(frozen=True)
class Issuer:
    """Who wrote a letter: as read, as printed when that is not a body's name, or as inferred."""

    issuer: str | None
    as_printed: str | None
    inferred: str | None
    review: tuple[ReviewNote, ...]
    warnings: tuple[tuple[int | None, str], ...]
    # a type of bureau with no place (县公安局): no issuer, but what the letter's subjects are
    # judged against (交警大队将… is its own unit's promise)
    bare: str | None = None


@dataclass
class _Candidate:
    """A possible issuer and the evidence for it."""

    name: str
    score: int = 0
    reasons: list[str] = field(default_factory=list)
    strong: bool = False  # backed by more than the letter's subject
    joint: str | None = None  # another department the letter names as often (a joint report)
    twin: str | None = None  # the same department of another place, named too (市水利局, 县水利局)


def settle_issuer(pg: Page, f: Facts, known: Sequence[Reply]) -> Issuer:
    """The issuer as read (title, signature, metadata), or else inferred, with notes for review.

    A name printed in traditional characters is stored simplified, its printed form kept in
    `as_printed`.
    """
    who = _settle(pg, f, known)
    if who.issuer and _fragment(who.issuer):
        who = _unfragment(pg, f, who)
    bare = who.issuer or who.inferred
    if not bare and not who.bare:
        crumb = _bare_crumb(pg)
        if (
            crumb
        ):  # 首页>部门信息公开目录>市交通运输局 over a letter that says 我局, no place anywhere
            bare = crumb
            who = replace(
                who,
                review=(
                    *who.review,
                    ReviewNote("issuer_inferred", f"the page's navigation ({crumb}) and 我局"),
                ),
            )
    if (
        bare
        and not _POLICE_UNIT.fullmatch(tx.key(bare))  # 交警某某大队: its place is in its name
        # a company signing in its own voice: its trade name holds its place (某水务集团有限公司)
        and not (who.issuer and _COMPANY.search(tx.key(bare)))
        and (
            not iss.names_place(bare)
            # 市住房和城乡建设局, 县市场监督管理局: a level word, no place (城乡, 市场 are no places)
            or (_LEVEL_BUREAU.fullmatch(tx.key(bare)) and not iss.split_issuer(bare)[0])
        )
    ):  # 县交通运输局, and no county anywhere
        why = [n.reason for n in who.review if n.field == "issuer_inferred"]
        said = "printed" if who.issuer else "inferred"
        printed = {
            tx.key(iss.joint_bodies(x)[0])  # a joint signature: its first body
            for x in (f.signature, f.printed_issuer, f.meta_issuer, f.source_line, f.letterhead)
            if x
        }
        if (
            _PRINTED_BUREAU.fullmatch(tx.key(bare))
            and tx.key(bare) in printed
            and iss.bureau_of(bare) is not None
        ):
            # 市水利局 signing, or as the page's 发布机构 or source, on the city's own site: the
            # name the bureau goes by there, kept so that its letters can be followed up together
            # (a name only inferred from the bureaus the letter mentions stays a proposal)
            who = replace(
                who,
                issuer=_plain(bare),
                inferred=None,
                bare=_plain(bare),
                review=(
                    *(
                        n
                        for n in who.review
                        if n.field not in ("issuer", "issuer_inferred")
                        or n.reason.startswith("a joint reply")
                    ),
                    ReviewNote(
                        "issuer",
                        f"{bare} is printed without its place and the letter names none: kept as "
                        "the page names it; add the place",
                    ),
                ),
            )
        else:
            # a type of bureau is no body's name: it is only named for review, never followed up
            who = replace(
                who,
                issuer=None,
                inferred=None,
                bare=_plain(bare),
                review=(
                    *(n for n in who.review if n.field != "issuer_inferred"),
                    ReviewNote(
                        "issuer_inferred",
                        f"{bare} is {said} without its place and the letter names none: "
                        "add the place" + "".join(f" ({w})" for w in why),
                    ),
                ),
            )
    meta = f.meta_issuer
    if (
        who.issuer
        and meta
        and len(tx.key(meta)) > len(tx.key(who.issuer))
        and tx.key(meta).endswith(tx.key(who.issuer))
        and not iss.printed_issuer_problem(meta)
    ):  # the page's 发文机关 names the same body with its city: 江沅市泓川区民政局
        who = replace(who, issuer=meta)
    short_gov = _SHORT_GOV.match(tx.key(who.issuer or ""))
    if short_gov:  # 桐溪县政府: the government's name in full, as its letters sign it
        full = f"{short_gov.group(1)}人民政府{short_gov.group(2) or ''}"
        who = replace(
            who,
            issuer=full,
            review=(*who.review, ReviewNote("issuer", f"{who.issuer} is stored by its full name")),
        )
    if who.issuer and _plain(who.issuer) != who.issuer:
        return replace(
            who,
            issuer=_plain(who.issuer),
            as_printed=who.as_printed or who.issuer,
        )
    if who.inferred and _plain(who.inferred) != who.inferred:
        return replace(who, inferred=_plain(who.inferred))
    return who


_SHORT_GOV = re.compile(r"^(.{2,12}?(?:省|市|区|县|旗|镇|乡))(?<!人民)政府(办公室)?$")
# a bureau named by its level alone, or by no more than its kind (住建局, as a site's record
# names its handler): as printed, the name it goes by on its own site
_PRINTED_BUREAU = re.compile(r"[省市县区州盟旗]?[\u4e00-\u9fff]{2,16}(?:局|委员会|委|厅)")
# a bureau named by its level alone: 市水利局, 县教育局, 区住房和城乡建设局
_LEVEL_BUREAU = re.compile(r"[省市县区州盟旗][\u4e00-\u9fff]{2,16}(?:局|委员会|委|厅)")


def _plain(name: str) -> str:
    """A body's name as stored: simplified, without a mirror site's pinyin glosses (鎮(zhèn)康縣 →
    镇康县). A letter kept verbatim under seeds/ keeps its glosses in the text; the name is a fact,
    not a quote, and is compared with the same bureau's other letters."""
    return tx.to_simplified(strip_glosses(name)[0])


# characters of a sentence, never of a place's name: 您在县…, 每年选派县…, 今年年初区…
_SENTENCE_IN_PLACE = re.compile(r"[您你我他她们在使每选派的了是此究今被把让]")


def _fragment(name: str) -> bool:
    """True when the 'place' a name starts with is a piece of a sentence (您在县文化和旅游局)."""
    places, _ = iss.split_issuer(name)
    return bool(places) and bool(_SENTENCE_IN_PLACE.search(places[0][:-1]))


def _unfragment(pg: Page, f: Facts, who: Issuer) -> Issuer:
    """A name read with a piece of a sentence in front: the department, with the place the
    letter names when it names one, else no issuer (a person completes it)."""
    places, rest = iss.split_issuer(who.issuer or "")
    level = places[0][-1]
    full = complete(pg, f, level + rest, level)
    note = f"{who.issuer} starts with a piece of a sentence, not a place"
    if iss.names_place(full) and not _fragment(full):
        return replace(
            who,
            issuer=full,
            review=(*who.review, ReviewNote("issuer", f"{note}: {full}, from the places it names")),
        )
    return replace(
        who,
        issuer=None,
        inferred=level + rest,
        review=(*who.review, ReviewNote("issuer_inferred", f"{note}; the letter names no place")),
    )


def _settle(pg: Page, f: Facts, known: Sequence[Reply]) -> Issuer:
    warnings: list[tuple[int | None, str]] = []
    review: list[ReviewNote] = []
    as_printed = None
    signature = _lead_body(f.signature, "signature", review)
    printed = _lead_body(f.printed_issuer or _letterhead(pg, f, signature), "title", review)
    unglued = _site_name_off(printed) if printed else None
    if printed and unglued:
        review.append(
            ReviewNote(
                "issuer",
                f"the title prints {printed}: the site's name run into the body's, which names "
                f"its place again; taken as {unglued}",
            )
        )
        printed = unglued
    p_problem = iss.printed_issuer_problem(printed) if printed else None
    s_problem = iss.printed_issuer_problem(signature) if signature else None
    if (
        signature
        and s_problem
        and not (printed and p_problem and tx.key(printed) == tx.key(signature))
    ):
        warnings.append(
            (None, f"the signature {s_problem}: a copying site may have altered this copy")
        )
    level = session_level(f)
    if (  # a public utility answers (国网青峪县供电公司): the title and the signature agree
        printed
        and signature
        and tx.key(printed) == tx.key(signature)
        and _UTILITY.search(tx.key(printed))
        and iss.names_place(re.sub(r"^(?:国网|中国)", "", tx.key(printed)))
        and "advertising" not in (p_problem or "")
    ):
        return Issuer(printed, None, None, tuple(review), tuple(warnings))
    if (  # a company answers in its own name and voice (我集团……; signed 某水务集团有限公司),
        # over the government whose site publishes its reply
        signature
        and _COMPANY.search(tx.key(signature))
        and "advertising" not in (s_problem or "")
        and any(_COMPANY_VOICE.search(tx.key(ln.simp)) for ln in pg.lines)
    ):
        return Issuer(signature, None, None, tuple(review), tuple(warnings))
    if printed and not p_problem:
        if (  # 岚县人民政府办公室 in the title, 岚山县人民政府办公室 signs: a character dropped
            signature and not s_problem and _dropped_from(tx.key(printed), tx.key(signature))
        ):
            review.append(
                ReviewNote(
                    "issuer",
                    f"the title prints {printed}, the signature {signature}: the signature's "
                    "fuller name is taken",
                )
            )
            return Issuer(signature, None, None, tuple(review), tuple(warnings))
        if (  # 某区文旅局 in the title, 某区文化和旅游局 signs: the full name of the same body
            signature
            and not s_problem
            and len(tx.key(signature)) > len(tx.key(printed))
            and iss.names_place(printed)
            and iss.split_issuer(signature)[0] == iss.split_issuer(printed)[0]
            and iss.bureau_of(printed) is not None
            and iss.bureau_of(printed) is iss.bureau_of(signature)
        ):
            return Issuer(signature, None, None, tuple(review), tuple(warnings))
        if signature and not s_problem and _city_added(printed, signature):
            # 某区卫生健康局 in the title, 某市某区卫生健康局 signs: the same body, its city named
            return Issuer(signature, None, None, tuple(review), tuple(warnings))
        if iss.names_place(printed):
            return Issuer(printed, None, None, tuple(review), tuple(warnings))
        if (  # 县教育局 in the title, 青峪县教育局 signs
            signature
            and not s_problem
            and iss.names_place(signature)
            and _same_body(printed, signature)
        ):
            return Issuer(signature, None, None, tuple(review), tuple(warnings))
        full = _placed(pg, f, printed, level, "the title", review)
        return Issuer(full, None, None, tuple(review), tuple(warnings))
    if not printed and signature and not s_problem:
        b = iss.bureau_of(signature)
        if (
            b is not None
            and b.code == "gov"
            and tx.key(signature).endswith(("办公室", "办公厅"))
            and _self_word(pg) in ("局", "委", "厅")
        ):  # the government's office signs for the bureau that speaks (我局…)
            guess = infer_issuer(pg, f, known)
            if guess and guess[2] is None and not guess[3] and iss.names_place(guess[0]):
                review.append(
                    ReviewNote(
                        "issuer",
                        f"the signature is {signature}, but the letter speaks as 我"
                        f"{_self_word(pg)}; inferred {guess[0]} from {'; '.join(guess[1])}",
                    )
                )
                return Issuer(guess[0], None, None, tuple(review), tuple(warnings))
        meta_full = _full_name_of(signature, f.meta_issuer)
        if meta_full is not None:
            # 答复单位：某县城管执法局 over 发布机构：某县城市管理综合执法局: its full name
            review.append(
                ReviewNote(
                    "issuer",
                    f"the letter is signed {signature}, the short name of {meta_full}, as the "
                    "page's metadata names it: the full name is taken",
                )
            )
            return Issuer(meta_full, None, None, tuple(review), tuple(warnings))
        if iss.names_place(signature) and not (
            # 区市场监管局: a level word, then 市场 (no place): completed below
            _LEVEL_BUREAU.fullmatch(tx.key(signature)) and not iss.split_issuer(signature)[0]
        ):
            return Issuer(signature, None, None, tuple(review), tuple(warnings))
        if _POLICE_UNIT.fullmatch(tx.key(signature)):
            # 交警某某大队, 某某派出所: a police unit names its place without a level word
            review.append(
                ReviewNote(
                    "issuer",
                    f"the signature names a police unit ({signature}) by its place alone: kept "
                    "as printed",
                )
            )
            return Issuer(signature, None, None, tuple(review), tuple(warnings))
        b = iss.bureau_of(signature)
        if (b is not None and b.code != "gov") or (  # 县教育局 signs: its place left out
            # a department under a name of its own (林水局), the letter speaking as it (我局)
            b is None and _self_word(pg) == _kind_word(tx.key(signature))
        ):
            full = _placed(pg, f, signature, level, "the signature", review)
            return Issuer(full, None, None, tuple(review), tuple(warnings))
        # 办公室, a person: not who wrote it; the page or the letter may say
    if (  # 石岭镇关于……的答复, signed 石岭镇人民政府: the title's name is cut short
        printed
        and p_problem
        and "advertising" not in p_problem
        and signature
        and not s_problem
        and iss.names_place(signature)
    ):
        return Issuer(signature, None, None, tuple(review), tuple(warnings))
    if not printed and signature and iss.cut_short(signature):
        places, _ = iss.split_issuer(tx.key(signature))
        if places and places[-1].endswith(("县", "区", "旗")):
            # a county's or a district's department is a 局: 青峪县住房和城乡建设局
            review.append(
                ReviewNote(
                    "issuer",
                    f"{signature} is printed without the last word of its name: completed as "
                    f"{signature}局, a county's or district's department; check it",
                )
            )
            return Issuer(f"{signature}局", signature, None, tuple(review), tuple(warnings))
        review.append(  # 承办单位：青峪市住房和城乡建设: a 局 or a 委员会, a person knows which
            ReviewNote(
                "issuer",
                f"{signature} is printed without the last word of its name: kept as printed; "
                "complete it",
            )
        )
        return Issuer(signature, None, None, tuple(review), tuple(warnings))
    meta = f.meta_issuer
    if meta and _portal_government(pg, meta):
        meta = None  # 发文机关：青峦市政府 over a letter that speaks as 我局: the portal's owner
    if meta and not iss.printed_issuer_problem(meta) and not iss.names_place(meta):
        meta = _placed(pg, f, meta, level, "the page's metadata", review)  # 发布机构：县水利局
    if meta and (  # the page's 发文机关, or a township as 发布机构 (禾坪镇)
        not iss.printed_issuer_problem(meta) or iss.township(meta)
    ):
        if printed:
            as_printed = printed
            warnings.append((None, f"printed issuer {p_problem}: see review in reply.yaml"))
            review.append(
                ReviewNote(
                    "issuer",
                    f"as printed in the title, {p_problem}; the page's metadata names {meta}",
                )
            )
        return Issuer(meta, as_printed, None, tuple(review), tuple(warnings))
    guess = infer_issuer(pg, f, known)
    if printed:  # printed, but not a government body's name (spam on a copying site)
        where = (
            "title and signature" if signature and tx.key(signature) == tx.key(printed) else "title"
        )
        as_printed = printed
        warnings.append((None, f"printed issuer {p_problem}: see review in reply.yaml"))
        why = f"as printed in the {where}, {p_problem}"
    elif signature and not s_problem:
        why = f"the signature ({signature}) does not name the body that wrote it"
    else:
        why = "no issuer is printed in this copy (no title line or signature)"
    if guess is None:
        review.append(ReviewNote("issuer", f"{why}; the letter does not say who wrote it"))
        return Issuer(None, as_printed, None, tuple(review), tuple(warnings))
    name, reasons, rival, joint = guess
    if joint == "twin":  # 市水务局督促县水务局…: the bodies at work, the writer not among them
        review.append(
            ReviewNote(
                "issuer",
                f"{why}; the letter names {name} and {rival}, one department of two places, "
                "and never speaks as either: its writer not said",
            )
        )
        return Issuer(None, as_printed, None, tuple(review), tuple(warnings), bare=_plain(name))
    if (
        joint
    ):  # 市自然资源局…, 市住建局…: a report the departments wrote together, or the government's
        review.append(
            ReviewNote(
                "issuer",
                f"{why}; the letter names {name} and {rival} as often: a joint report, its "
                "writer not said",
            )
        )
        return Issuer(None, as_printed, None, tuple(review), tuple(warnings), bare=_plain(name))
    if rival is not None or not iss.names_place(name):  # a person has to choose or complete it
        review.append(
            ReviewNote(
                "issuer_inferred",
                f"{why}; proposed {name} from {'; '.join(reasons)}"
                + (f", but {rival} is as likely" if rival else ", but the letter names no place"),
            )
        )
        return Issuer(None, as_printed, name, tuple(review), tuple(warnings))
    review.append(ReviewNote("issuer", f"{why}; inferred {name} from {'; '.join(reasons)}"))
    return Issuer(name, as_printed, None, tuple(review), tuple(warnings))


# a government's own document number: 澄南政函, 桐溪政发 (not 政办: its office; not 政协)
_GOV_PREFIX = re.compile(r"([\u4e00-\u9fff]{2,3}?)政(?:函|发|复|文|字)?")


def _site_name_off(name: str) -> str | None:
    """The body's name when a site's name runs into it and the place is named twice (某省某地
    某地市某局: the site's banner, then the city again as the name starts), else None."""
    places, _ = iss.split_issuer(tx.key(name))
    if not places or len(places[0]) < 6:
        return None
    core = places[0][:-1]
    for n in (3, 2):
        if len(core) > 2 * n and core.endswith(core[-n:] * 2):
            body = tx.key(name)[len(core) - n :]
            return body if iss.names_place(body) else None
    return None


def _city_added(printed: str, signature: str) -> bool:
    """True when the signature is the title's body with the places above it named too: the title
    prints 某区民政局 and 某市某区民政局 signs."""
    p_places, p_rest = iss.split_issuer(printed)
    s_places, s_rest = iss.split_issuer(signature)
    return (
        bool(p_places)
        and tx.key(p_rest) == tx.key(s_rest)
        and len(s_places) > len(p_places)
        and s_places[-len(p_places) :] == p_places
    )


_COMPANY = re.compile(r"^[\u4e00-\u9fff]{2,20}(?:集团)?(?:有限责任公司|有限公司|集团)$")
_COMPANY_VOICE = re.compile(r"我(?:集团|公司)(?!所在|以外)")
_UTILITY = re.compile(
    r"(?:供电|电力|供水|自来水|燃气|移动|电信|联通|邮政|铁路|烟草)[^，,。]{0,12}公司$"
)


def _letterhead(pg: Page, f: Facts, signature: str | None) -> str | None:
    """The body printed over the title, when no signature names the body with its place and
    it is not a portal's name (青峪县人民政府 over a letter that speaks as 我局)."""
    head = f.letterhead
    if not head or (
        signature and not iss.printed_issuer_problem(signature) and iss.names_place(signature)
    ):
        return None
    b = iss.bureau_of(head)
    if b is not None and b.code == "gov" and (_self_word(pg) in ("局", "委", "厅") or _unit(pg)):
        return None
    return head


_UNIT_SELF = re.compile(r"[我本]单位")


def _unit(pg: Page) -> bool:
    """True when the letter calls itself 我单位 (a department or an agency: a government never
    does), and never 我办."""
    words = Counter(x.group(1) or x.group(2) for ln in pg.lines for x in SELF.finditer(ln.simp))
    return words["办"] == 0 and any(_UNIT_SELF.search(ln.simp) for ln in pg.lines if not ln.noise)


def _self_word(pg: Page) -> str | None:
    """The word the letter uses for itself most: 局 (我局), 委, 厅, 办."""
    refs = Counter(x.group(1) or x.group(2) for ln in pg.lines for x in SELF.finditer(ln.simp))
    return refs.most_common(1)[0][0] if refs else None


def _kind_word(name: str) -> str | None:
    """The word a body of this name uses for itself (局 for a 局, 委 for a 委员会)."""
    return next((w for e, w in _KIND_ENDS if name.endswith(e)), None)


_KIND_ENDS = (("委员会", "委"), ("局", "局"), ("委", "委"), ("厅", "厅"))


def _lead_body(name: str | None, where: str, review: list[ReviewNote]) -> str | None:
    """The first body of a joint title or signature (two bureaus answer together); a bureau's
    office signing for it (青峪县交通运输局办公室) is the bureau."""
    name = name.strip() if name else name
    if name and name.endswith("办公室"):
        rest = name[: -len("办公室")].rstrip()
        b = iss.bureau_of(rest)
        if b is not None and b.code != "gov" and re.search(r"(?:局|委员会|委|厅)$", rest):
            review.append(
                ReviewNote(
                    "issuer", f"the {where} is {name}, the office of {rest}: {rest} is taken"
                )
            )
            name = rest
    bodies = iss.joint_bodies(name)
    if len(bodies) > 1:
        note = ReviewNote(
            "issuer",
            f"a joint reply of {'、'.join(bodies)}: the first the {where} names is the issuer",
        )
        if not any(n.reason.startswith(note.reason.split(":")[0]) for n in review):
            review.append(note)
    return bodies[0] if bodies else None


def _level_only(name: str) -> bool:
    """True for a bureau named by its level alone whose name reads as if it began with a place
    (市城市管理局, 县市场监督管理局: 城市 and 市场 are no places; 市中区 is one)."""
    k = tx.key(name)
    return (
        k[:1] in ("省", "市", "区", "县")
        and not k.startswith("市中区")
        and _LEVEL_BUREAU.fullmatch(k) is not None
        and iss.bureau_of(k[1:]) is not None
        and iss.bureau_of(k[1:]) is iss.bureau_of(k)
        and re.match(r"[\u4e00-\u9fff]{0,3}?(?:城市|市场|城乡)", k[1:]) is not None
    )


def _portal_government(pg: Page, meta: str) -> bool:
    """True when the page's 发文机关/发布机构 is a government (the portal that publishes its
    departments' letters) while the letter speaks as a department (我局, 我委)."""
    b = iss.bureau_of(meta)
    if b is None or b.code != "gov" or tx.key(meta).endswith(("办公室", "办公厅")):
        return False
    words = Counter(x.group(1) or x.group(2) for ln in pg.lines for x in SELF.finditer(ln.simp))
    return (sum(words[w] for w in ("局", "委", "厅")) >= 1 and words["办"] == 0) or _unit(pg)


def _dropped_from(short: str, full: str) -> bool:
    """True when `short` is `full` with one or two characters of its place left out (岚县… of
    岚山县…): the same name, mistyped."""
    if not 1 <= len(full) - len(short) <= 2 or not short or short[-4:] != full[-4:]:
        return False
    it = iter(full)
    return all(ch in it for ch in short) and short[0] == full[0]


def _same_body(a: str, b: str) -> bool:
    """True when two names of one level name the same department (县交通局, 青峪县交通运输局)."""
    ba, bb = iss.bureau_of(a), iss.bureau_of(b)
    if ba is not None and ba is bb:
        return True
    return tx.key(b).endswith(tx.key(a).lstrip("省市区县")) or _short_form(a, b)


def _full_name_of(signed: str, meta: str | None) -> str | None:
    """The metadata's name of the body that signs by its short name, at the same place (某县城管执法局
    signs, 某县城市管理综合执法局 publishes), else None."""
    if not meta or iss.printed_issuer_problem(meta):
        return None
    places, rest = iss.split_issuer(tx.key(signed))
    m_places, m_rest = iss.split_issuer(tx.key(meta))
    if not places or places != m_places or places[-1][-1:] not in ("省", "市", "区", "县"):
        return None
    return meta if rest != m_rest and _short_form(places[-1][-1] + rest, meta) else None


def _short_form(short: str, full: str) -> bool:
    """True when `short` is the short form of `full`'s name at the same level (省农委 of
    某省农业委员会, 县住建局 of 某县住房和城乡建设局): its characters in order, the same first
    character and the same body word."""
    k = tx.key(short)
    level, s = (k[0], k[1:]) if k[:1] in ("省", "市", "区", "县") else (None, k)
    places, rest = iss.split_issuer(tx.key(full))
    if not places or (level and not places[-1].endswith(level)):
        return False
    if len(s) < 2 or len(s) >= len(rest) or s[0] != rest[0]:
        return False
    word = "委员会" if s.endswith("委") and rest.endswith("委员会") else s[-1]
    if s[-1] not in "局委厅" or not rest.endswith(word):
        return False
    it = iter(rest)
    return all(ch in it for ch in s)


def _placed(
    pg: Page, f: Facts, name: str, level: str | None, where: str, review: list[ReviewNote]
) -> str:
    """A department's name printed without its place, with the place the letter names."""
    k = tx.key(name)
    full = complete(pg, f, name, k[0] if k[:1] in ("省", "市", "区", "县") else level)
    if full != name and iss.names_place(full):
        source = (
            "the region its document number or the page names"
            if k.startswith("自治区")
            else "the places the letter names"
        )
        review.append(
            ReviewNote(
                "issuer",
                f"{where} prints {name} without its place; completed as {full} from {source}",
            )
        )
        return full
    return name


# a police unit as it signs, its place printed without a level word: 交警某某大队, 某某交警大队,
# 某某公安分局, 某某派出所
_POLICE_UNIT = re.compile(
    r"(?:交警|交通警察|公安)[\u4e00-\u9fff]{2,4}(?:大队|支队|中队|分局)"
    r"|[\u4e00-\u9fff]{2,4}(?:交警|交通警察|公安(?:交通)?)(?:大队|支队|中队|分局)"
    r"|[\u4e00-\u9fff]{2,4}派出所"
)


# a bureau's verb before a word that starts like a place: 开展县城区排查, 严禁市场外溢; a verb of
# the bodies' own reorganisation before a level's body (恢复县某中心, 撤销县某局, 并入市某局)
_VERB_START = re.compile(
    r"开展|加强|推进|严禁|实施|组织|完成|启动|落实|指导|督促|协调|要求|帮助"
    r"|恢复|撤销|撤并|设立|成立|组建|并入|划入|划转|移交|交由|整合|更名|调整|保留|增设"
    # a verb of policy before a word that starts with a level's character: 坚持市区一体,
    # 统筹县域…, 围绕市场…
    r"|坚持|围绕|统筹|促进|打造|推动|加快|实现|按照"
    # a request or a contact before a level's body: 建议县人社局…, 积极对接县水利局, 已报县发改局
    r"|建议|对接|积极|报请|上报|报送|提请|争取|联系|会同|配合|开通|已报|部分|公共"
    # a time word run into a level word: 上月区卫健局…, 今年县里…
    r"|上月|本月|当月|下月|今年|去年|明年|近期|日前|此前|目前"
)


# a proposal title's verb before the place it names: 关于修复某县…, 关于解决某市…
_TITLE_VERB = re.compile(
    r"修复|修缮|解决|改善|新建|改造|提高|加大|完善|支持|请求|扶持|规范|整治|优化"
)


_NOT_IN_PLACE = re.compile(r"[您你我他她们在使每选派的了是此究今被把让全各该本推动]")


def places(pg: Page) -> tuple[list[tuple[str, int]], list[tuple[str, int]], list[tuple[str, int]]]:
    """Cities, districts and provinces the letter names, most mentioned first."""
    simp = "\n".join(ln.simp for ln in pg.lines if not ln.noise)
    found: set[str] = set()
    for m in PLACE_MENTION.finditer(simp):
        p = m.group(1)
        if p[0] in "是为到从向让被" and len(p) >= 4:
            p = p[1:]  # 是舒城县主要河流之一: the copula before the name
        if p.startswith(("关于", "对于")) and len(p) >= 5:
            p = p[2:]  # 关于某市老旧小区……: the name after the preposition
        if p.startswith(("政协", "人大")) and len(p) >= 5:
            p = p[2:]  # 《政协某县……提案》: the congress's name before its place
        if p.startswith(("印发", "转发")) and len(p) >= 5:
            p = p[2:]  # 《关于印发某区……的通知》: the document's verb before the place
        if p.startswith("距离") and len(p) >= 5:
            p = p[2:]  # 距离某县某站不足500米: the distance's word before the place
        if len(p) >= 5 and _TITLE_VERB.match(p):
            p = p[2:]  # 关于修复某县……的建议: the proposal's verb before the place
        if p[0] in "但而却且又" or p.startswith("广大"):
            continue  # ……，但离广大市民……: a clause's conjunction or 广大市民, not a place
        if iss.sentence_start(p) or _VERB_START.match(p) or re.search(r"[每选派的了]", p):
            continue  # a fragment of a sentence: 并报请区…, 每年选派县…
        if (
            p[-1] + simp[m.end(1) : m.end(1) + 1] in ("县市", "市县", "区县", "县区")
            or p.startswith("城市")
            or _NOT_IN_PLACE.search(p[:-1])  # 您在县…, 推动全县…: a sentence, not a place
        ):
            continue  # 指导县市提升…, 城市市容: a collective or a word, not a place
        if not any(p.endswith(w) for w in iss._NOT_PLACES) and not p.startswith(
            ("全", "本", "我", "各", "该", "省", "市", "区", "县", "关于", "对于", "经", "在", "由")
        ):
            found.add(p)
    counted = sorted(((p, simp.count(p)) for p in found), key=lambda pc: (-pc[1], pc[0]))
    city = [pc for pc in counted if pc[0].endswith("市")]
    district = [pc for pc in counted if pc[0].endswith(("区", "县"))]
    province = [pc for pc in counted if pc[0].endswith("省")]
    return city, district, province


_TWO_AND_LEVEL = re.compile(r"(?=([\u4e00-\u9fff]{2}[县区])(?![级委]))")


def _named_twice(pg: Page, level: str) -> str | None:
    """A county or district the letter names at least twice in running text ("是舒城县的母亲河，
    是舒城县主要河流之一"), where no punctuation sets the name apart; one name only, or None."""
    simp = "\n".join(ln.simp for ln in pg.lines if not ln.noise)
    seen = Counter(
        m.group(1)
        for m in _TWO_AND_LEVEL.finditer(simp)
        if m.group(1).endswith(level)
        and not m.group(1).endswith("地区")  # 四台地区: an area, not a district named 台地区
        # 老旧小区, 核心景区: a word for an area, not a district named 旧小区
        and not any(m.group(1).endswith(w) for w in iss._NOT_PLACES)
        and not iss.sentence_start(m.group(1))
        and not _VERB_START.match(m.group(1))
        and not re.search(r"[每选派的了我本全各该市省]", m.group(1))
        and not _SENTENCE_IN_PLACE.search(m.group(1))  # 您们在区…: a sentence, not a place
    )
    twice = [p for p, n in seen.items() if n >= 2]
    return twice[0] if len(twice) == 1 else None


def _site_place(f: Facts, level: str) -> str | None:
    """The county or district of the body that runs the site or published the page (主办单位：
    青山县人民政府办公室), when the letter itself names none."""
    for line in (f.source_line, f.host_line):
        if line and iss.looks_like_body(line):
            named, _ = iss.split_issuer(line)
            here = [p for p in named if p.endswith(level)]
            if len(here) == 1:
                return here[0]
    return None


def complete(pg: Page, f: Facts, name: str, level: str | None) -> str:
    """A department's name with its places in front: 市教育局 -> 广州市教育局."""
    named, _ = iss.split_issuer(name)
    if named and not _level_only(name):
        return name
    k = tx.key(name)
    if k.startswith("自治区"):  # 自治区林业和草原局, as a region's bodies print themselves
        region = region_of(pg, f)
        return f"{region}{k[3:]}" if region and len(k) > 5 else name
    if k[:1] in ("市", "区", "县", "省"):
        level, k = k[0], k[1:]
    city, district, province = places(pg)
    sess_place = session_place(f)
    doc_place, _ = iss.doc_prefix_guess(iss.doc_prefix(f.doc_number))
    # the portal's government as 发文机关 (青峦市政府) names the city its departments belong to
    meta_place = next(iter(iss.split_issuer(f.meta_issuer)[0]), None) if f.meta_issuer else None
    top_city = next(
        (p for p in (sess_place, doc_place, meta_place) if p and p.endswith("市")), None
    )
    if not top_city and city and (len(city) == 1 or city[0][1] > city[1][1]):
        top_city = city[0][0]  # two cities named as often: neither is known to be the place
    if level in ("区", "县"):
        d = sess_place if sess_place and sess_place.endswith(("区", "县")) else None
        d = d or _session_district(f, level)
        d = d or (district[0][0] if district else None) or _named_twice(pg, level)
        d = d or _site_place(f, level)
        if d:
            return f"{top_city or ''}{d}{k}"
        return name  # a county's bureau is not its city's: 县人力社保局 stays as printed
    if level == "省":
        return f"{province[0][0]}{k}" if province else name
    # no place anywhere: the name keeps its level word (市住房和城乡建设局, not 住房和城乡建设局)
    return f"{top_city}{k}" if top_city else name


def region_level(f: Facts) -> bool:
    """True when the letter answers a region's congress (自治区十三届人大…, 自治区政协…)."""
    return tx.key(str(f.session or "")).startswith("自治区")


def region_of(pg: Page, f: Facts) -> str | None:
    """The autonomous region of a letter whose bodies print themselves 自治区…: from its document
    number's first character (宁林函), else the one region the page names."""
    prefix = iss.doc_prefix(f.doc_number)
    if prefix and prefix[0] in iss.REGION_DOC:
        return iss.REGION_DOC[prefix[0]]
    simp = "\n".join(ln.simp for ln in pg.lines)
    named = {full for short, full in iss.REGIONS.items() if short in simp}
    return named.pop() if len(named) == 1 else None


def session_place(f: Facts) -> str | None:
    """The place a session names: 政协十四届广州市委员会第二次会议 -> 广州市."""
    m = SESSION_PLACE.search(SESSION_NOISE.sub("", tx.key(str(f.session or ""))))
    if m and m.group(1) in ("自治县", "自治区"):
        return None  # 自治县第十届人民代表大会: the level of an autonomous county, no place
    return m.group(1) if m else None


def _session_district(f: Facts, level: str) -> str | None:
    """The district or county a session names after its city: 青峦市桐溪区九届人大二次会议 ->
    桐溪区 (session_place gives the city)."""
    s = SESSION_NOISE.sub("", tx.key(str(f.session or "")))
    m = re.match(r"^.{2,8}?市(.{2,6}?[区县])$", s)
    if m and m.group(1).endswith(level) and not m.group(1).startswith("自治"):
        return m.group(1)
    return None


def session_level(f: Facts) -> str | None:
    """市, 区, 县 or 省: the level of the congress the proposal went to."""
    place = session_place(f)
    if place:
        return place[-1]
    s = SESSION_NOISE.sub("", tx.key(str(f.session or "")))
    s = s[2:] if s.startswith("自治县") else s  # an autonomous county's congress: a county's
    return s[:1] if s[:1] in ("市", "区", "县", "省") else None


def infer_issuer(
    pg: Page, f: Facts, known: Sequence[Reply]
) -> tuple[str, list[str], str | None, str | None] | None:
    """The likeliest issuer, the reasons for it, a rival as likely when one stands, and why no
    writer is proposed when none is: "joint" when the two are only departments a joint report
    names as often, "twin" when they are one department of two places the letter names at work.

    Evidence, strongest first: another letter in the tree with the same document-number
    prefix; the page's source line; the departments the letter names at its own level (not
    the partners it worked with, not those it copies); the document-number prefix itself
    (穗教 = 广州, 教育); the body its closing thanks the member for caring about; and last the
    letter's subject with the word it uses for itself (我局), only proposed when nothing stronger
    backs any candidate and the subject is one department's business throughout (three words
    of it or more: two are what any letter on a town's economy may touch on).
    """
    cands: dict[str, _Candidate] = {}

    def add(name: str, score: int, reason: str, strong: bool = True) -> None:
        c = cands.setdefault(tx.key(name), _Candidate(name))
        c.score += score
        c.strong = c.strong or strong
        if reason and not any(reason.split(" (")[0] in r for r in c.reasons):
            c.reasons.append(reason)

    level = session_level(f)
    self_refs = Counter(x.group(1) or x.group(2) for ln in pg.lines for x in SELF.finditer(ln.simp))
    self_word = self_refs.most_common(1)[0][0] if self_refs else None
    suffix = {"局": "局", "委": "委员会", "厅": "厅", "办": "办公室"}.get(self_word or "", "局")
    prefix = iss.doc_prefix(f.doc_number)
    others = [str(x) for x in (*f.co_handlers, *(f.cc or ()))]
    other_codes = {b.code for b in (iss.bureau_of(o) for o in others) if b}
    dept = printed_department(f)
    if dept is not None and level:
        full = complete(pg, f, level + dept, level)
        if iss.split_issuer(full)[0]:
            add(full, 4, f"the department the title prints ({dept}) and the place the letter names")
    for crumb in breadcrumb_bodies(pg):
        add(crumb, 4, f"the page's navigation ({crumb})")
    thanked = _thanked_body(pg)
    if thanked:
        add(thanked, 3, f"the closing's thanks for the care shown for {thanked}'s work")
    field_ = _thanked_field(pg)
    if (  # not an office's (我办): the field is its department's, not its own
        field_ and not thanked and self_word != "办" and (level is None or field_[0] == level)
    ):
        own_level, own_field = field_
        word = "委员会" if self_word == "委" else "局"
        add(
            complete(pg, f, f"{own_level}{own_field}{word}", own_level),
            2,
            f"the closing's thanks for the care shown for 我{own_level}{own_field}'s field",
        )
    bare_field = _thanked_bare_field(pg, self_word) if not (thanked or field_) else None
    if bare_field and level in ("市", "区", "县"):
        # 感谢您对水利工作的关心, in a letter that speaks as 我局 and calls itself 水利局: the
        # department of that field at the congress's level
        word = "委员会" if self_word == "委" else "局"
        add(
            complete(pg, f, f"{level}{bare_field}{word}", level),
            3,
            f"the closing's thanks for the care shown for {bare_field} work, the department "
            f"the letter names as its own ({bare_field}{word}) and speaks as (我{self_word})",
        )
    town = _town_voice(pg, self_word)
    if town is not None:
        name, weight, why = town
        add(f"{name}人民政府" if name.endswith(("镇", "乡")) else f"{name}办事处", weight, why)
    if prefix and len(prefix) >= 2:
        for r in known:
            if is_this_letter(f, r):
                continue  # an earlier import of this very letter proves nothing
            if r.effective_issuer and iss.doc_prefix(r.doc_number) == prefix:
                add(
                    r.effective_issuer,
                    5,
                    f"the document number prefix {prefix} it shares with {r.id}",
                )
                break
    src = iss.bureau_of(f.source_line) if f.source_line else None
    if (
        f.source_line
        and not iss.printed_issuer_problem(f.source_line)
        # a department this reader has no stem for (某县畜牧兽医局) is a body all the same
        and (
            src is not None or (iss.looks_like_body(f.source_line) and f.source_line.endswith("局"))
        )
        # the portal's government, over a letter that speaks as a department (我局, 我单位)
        and not (
            src is not None and src.code == "gov" and (self_word in ("局", "委", "厅") or _unit(pg))
        )
        # the portal's government over the section of a department the navigation names (首页 >
        # 信息公开 > 某县体育中心 > 建议提案办理): the department's own page on the portal
        and not (src is not None and src.code == "gov" and breadcrumb_bodies(pg))
        # 来源：政府办, no place: the office that runs the portal posts every bureau's letters
        and not (src is not None and src.code == "gov" and not iss.names_place(f.source_line))
    ):
        add(  # the page says who published it: above bodies the letter only mentions
            complete(pg, f, f.source_line, level),
            5,
            f"the page's source line ({f.source_line})",
        )
    body = "\n".join(ln.simp for ln in pg.lines if not ln.noise)
    mentions: Counter[str] = Counter()
    placed_at: dict[str, set[str]] = {}  # the places printed before each mention
    canonical: dict[str, str] = {}
    township = town_speaks(pg)  # 我镇: the bureaus it names are other bodies at work
    for m in BUREAU_MENTION.finditer(body):
        if township:
            break
        b = iss.bureau_of(m.group(2))
        partner = PARTNER.search(body, max(0, m.start() - 2), m.start())
        unit = _SUB_UNIT.match(body, m.end())  # 县公安局交警大队: another body at work
        if (
            b
            and not unit
            and b.code not in other_codes
            and b.code != "gov"
            and not partner
            and (level is None or m.group(1) == level)
        ):
            word = (
                "厅"
                if m.group(0).endswith("厅")
                else "局"
                if m.group(0).endswith("局")
                else "委员会"
            )
            if body[m.end() : m.end() + 1] == "《":
                continue  # 按照某局《关于……的通知》要求: the body whose document is cited
            if self_word in ("局", "委", "厅") and _kind_word(word) != self_word:
                continue  # a letter that speaks as 我局 names a 委 (市某委办印发…): not itself
            mentions[m.group(0)] += 1
            before = body[max(0, m.start() - 2) : m.start()]
            if re.fullmatch(r"[\u4e00-\u9fff]{2}", before) and not _NOT_IN_PLACE.search(before):
                placed_at.setdefault(m.group(0), set()).add(before)  # 蓼溪县水务局: 蓼溪
            canonical[m.group(0)] = (
                m.group(0)  # a full name as printed: 县自然资源局
                if m.group(0).endswith(("局", "厅", "委员会"))
                else f"{m.group(1)}{b.stems[0]}{word}"
            )
    if mentions:
        (name, count), *second = mentions.most_common(2)
        full = complete(pg, f, canonical[name], level)
        add(full, 1 + min(count, 3), f"the letter names {name} ({count}×)")
        if (
            second
            and second[0][1] == count
            and iss.bureau_of(second[0][0]) is not iss.bureau_of(name)
        ):
            # a joint report naming two departments as often: neither wrote it by that alone
            cands[tx.key(full)].joint = complete(pg, f, canonical[second[0][0]], level)
        twin = next(
            (
                complete(pg, f, canonical[n], level)
                for n in mentions
                if n[0] != name[0] and iss.bureau_of(n) is iss.bureau_of(name)
            ),
            None,
        )
        two = sorted(placed_at.get(name, ()))
        if twin is None and len(two) >= 2:  # 甲县水务局 with 乙县水务局: one key, two places
            twin = next((p + name for p in two if not full.endswith(p + name)), None)
        if twin is not None and not self_word:
            # a letter that never speaks as a department, naming one department of two places
            # (市水务局督促县水务局…): the bodies at work, neither known to be the writer
            cands[tx.key(full)].twin = twin
    if prefix:  # 某县文体广电字〔…〕: the prefix spells out a body the letter names (文体广电局)
        spelled: dict[str, str] = {}
        for m in _BODY_IN_TEXT.finditer(body):
            g = m.group(1)  # the longest end of the run before 局 the prefix holds (县文体广电)
            stem = next((g[i:] for i in range(len(g) - 2) if g[i:] in prefix), None)
            if stem is not None:
                spelled.setdefault(stem.lstrip("省市区县"), m.group(2))
        spelled = {k: v for k, v in spelled.items() if len(k) >= 3}
        if len(spelled) == 1:
            stem, word = spelled.popitem()
            lv = level or next((c for c in prefix[:3] if c in "省市区县"), None)
            add(
                complete(pg, f, f"{lv or ''}{stem}{word}", lv),
                5,
                f"the document number prefix {prefix} spells out {stem}{word}, which the "
                "letter names",
            )
    gov = _GOV_PREFIX.fullmatch(prefix or "")
    placed = re.search(f"{gov.group(1)}([区县市旗])", body) if gov else None
    if gov and placed and self_word not in ("局", "委", "厅"):
        # 澄南政函 over a letter that names 澄南区: the district's government's own number
        name = f"{gov.group(1)}{placed.group(1)}人民政府"
        sess = session_place(f)
        if sess and sess.endswith("市") and placed.group(1) in "区县" and sess != name[: len(sess)]:
            name = sess + name
        add(name, 3, f"the document number prefix {prefix} ({gov.group(1)}, 政: its government)")
    place, bureau = iss.doc_prefix_guess(prefix)
    if prefix and place is None and region_level(f) and prefix[0] in iss.REGION_DOC:
        _, bureau = iss.doc_prefix_guess(prefix[1:])  # 宁农: the region (宁夏), its 农 department
        if bureau is not None:
            place = iss.REGION_DOC[prefix[0]]
            hall = self_word is None and bureau.code in iss.PROVINCE_HALLS
            word = "厅" if hall else suffix
            stem = _HALL_STEM.get(bureau.code, bureau.stems[0]) if word == "厅" else bureau.stems[0]
            add(
                f"{place}{stem}{word}",
                3,
                f"the document number prefix {prefix} ({prefix[0]} = {place}, "
                f"{bureau.stems[0]}) over a letter to the region's congress",
            )
            bureau = None
    if prefix and bureau is not None:
        # the prefix may spell the bureau's own name in full (某县水利字, where the table's first
        # is 水务): that name; an abbreviation (住建, 工信) gives way to the full first name
        first = bureau.stems[0]
        spelt = [x for x in bureau.stems if x in prefix and len(x) >= len(first)]
        stem = f"{spelt[0] if spelt else first}{suffix}"
        full = f"{place}{stem}" if place and place.endswith("市") else complete(pg, f, stem, level)
        if place and place.endswith(("省", "自治区")) and suffix == "厅":
            # 桂水函 over a letter that speaks as 我厅: the province's or region's department
            full = f"{place}{_HALL_STEM.get(bureau.code, spelt[0] if spelt else first)}厅"
        add(
            full,
            3,
            f"the document number prefix {prefix} "
            + (f"({prefix[0]} = {place}, {bureau.stems[0]})" if place else f"({bureau.stems[0]})"),
        )
    topic = sorted(
        ((sum(body.count(w) for w in b.topic), b) for b in iss.BUREAUS if b.topic),
        key=lambda cb: -cb[0],
    )
    if topic and topic[0][0] >= 5 and topic[0][0] >= 2 * (topic[1][0] if len(topic) > 1 else 0):
        b = topic[0][1]
        matching = [c for c in cands.values() if iss.bureau_of(c.name) is b]
        for c in matching:  # the subject agrees with a candidate: it counts for that one
            c.score += 1
        guessed = complete(pg, f, f"{b.stems[0]}{suffix}", level)
        words = [w for w in b.topic if w in body]
        # the subject alone, with no place, names a kind of body, not a body: never proposed;
        # nor on two words of a department's business (旅游 and 文物 in a letter on a
        # township's trades): a subject that spans departments names none of them
        if not matching and self_word and iss.names_place(guessed) and len(words) >= 3:
            add(
                guessed,
                1,
                f"its word for itself (我{self_word}) and its subject ({'、'.join(words)})",
                strong=False,
            )
    if f.host_line and iss.looks_like_body(f.host_line) and iss.names_place(f.host_line):
        b = iss.bureau_of(f.host_line)
        if b is not None and b.code != "gov":  # a county's portal is run by its 政府办公室
            add(f.host_line, 2, f"the site's footer ({f.host_line})")
        gov = _HOST_GOV.fullmatch(tx.key(f.host_line))
        if (
            b is not None
            and b.code == "gov"
            and gov is not None
            and self_word is None
            and not _unit(pg)
            and re.search(f"我{gov.group(1)}", body)
        ):  # 主办单位：某区人民政府 over a letter that speaks only as 我区: the government's own
            add(
                f.host_line,
                2,
                f"the site's footer ({f.host_line}) and its word for itself (我{gov.group(1)})",
            )
    cands = {k: c for k, c in cands.items() if iss.looks_like_body(c.name)}
    if not cands:
        return None
    ranked = sorted(_same_bodies_merged(pg, cands.values()), key=lambda c: -c.score)
    best = ranked[0]
    rival = next(
        (
            c.name
            for c in ranked[1:]
            if c.score == best.score and iss.bureau_of(c.name) is not iss.bureau_of(best.name)
        ),
        None,
    )
    if rival is None and best.twin and len(best.reasons) == 1:
        return best.name, best.reasons, best.twin, "twin"
    if not best.strong and rival is None:
        rival = None if len(ranked) == 1 else ranked[1].name
    if best.joint and len(best.reasons) == 1 and rival is None:
        return best.name, best.reasons, best.joint, "joint"
    return best.name, best.reasons, rival, None


def _same_bodies_merged(pg: Page, cands: Iterable[_Candidate]) -> list[_Candidate]:
    """Candidates that name one body (one department of the same places: 某县交通局 built from
    the closing's thanks, 某县交通运输局 as the site's footer prints it) as one, their evidence
    added up, under the name the page prints, else the one whose department's words it prints
    (城市管理, not a table's 城市管理和综合执法 spelt out of a prefix), else the better backed."""
    page_text = tx.key("\n".join(ln.simp for ln in pg.lines))

    def printed(c: _Candidate) -> tuple[bool, bool, int]:
        rest = re.sub(r"(?:委员会|局|委|厅)$", "", iss.split_issuer(tx.key(c.name))[1])
        return tx.key(c.name) in page_text, bool(rest) and rest in page_text, c.score

    out: dict[tuple[str, tuple[str, ...]], _Candidate] = {}
    for c in cands:
        b = iss.bureau_of(c.name)
        key = (b.code if b is not None else tx.key(c.name), iss.split_issuer(c.name)[0])
        have = out.get(key)
        if have is None:
            out[key] = replace(c, reasons=list(c.reasons))
            continue
        out[key] = replace(
            have,
            name=max((have, c), key=printed).name,
            score=have.score + c.score,
            reasons=[*have.reasons, *(r for r in c.reasons if r not in have.reasons)],
            strong=have.strong or c.strong,
            joint=have.joint or c.joint,
            twin=have.twin or c.twin,
        )
    return list(out.values())


# a province's or region's department (a 厅) by the name they all give it: water is 水利厅, never
# 水务厅 (水务 is a city's or county's 局)
_HALL_STEM = {"water": "水利"}


# a county's or district's government as a site's host: 某区人民政府 (not its office)
_HOST_GOV = re.compile(r"[\u4e00-\u9fff]{1,8}?([区县旗])人民政府")


# the closing's thanks for the care shown for a body's work: 感谢您对青石镇人民政府工作的关心和支持
_THANKED = re.compile(
    r"感谢(?:您们?|你们?)?(?:一直以来)?对([\u4e00-\u9fff]{2,24}?"
    r"(?:人民政府|政府|街道办事处|办事处|局|委员会))"
    r"(?![长员])[^。！!，,；;]{0,24}?(?:关心|关注|支持|理解|帮助)"
)


def _thanked_body(pg: Page) -> str | None:
    """The one body, named with its place, whose work the letter's closing thanks the member
    for caring about: the letter's writer speaking of itself by name; None when there is no
    such body or more than one."""
    found: list[str] = []
    for ln in pg.lines:
        if ln.noise:
            continue
        for m in _THANKED.finditer(ln.simp):
            name = m.group(1)
            k = tx.key(name)
            if (
                iss.looks_like_body(name)
                and iss.names_place(name)
                and not _fragment(name)
                and not re.match(r"[我本全各该贵省市区县]|城市|市场|城乡|城区|市区", k)
                and k not in found
            ):
                found.append(k)
    return found[0] if len(found) == 1 else None


# a letter speaking as a unit below a department: 我站, 我中心, 我公司, 我大队
_SUB_UNIT_SELF = re.compile(r"我(?:站|中心|公司|大队|校|馆|院)(?!长)")
# the closing's thanks for the care shown for its own level's field: 感谢您对我县水利事业的关心
_THANKED_FIELD = re.compile(
    r"感谢(?:您们?|你们?)?(?:一直以来)?(?:对|关心)我([市县区旗])([\u4e00-\u9fff]{2,12}?)"
    r"(?:事业|工作)(?:的|给予的)?(?:关心|关注|支持|理解|帮助)"
)


def _thanked_field(pg: Page) -> tuple[str, str] | None:
    """The level and the department's name stem (县, 水利) when the closing thanks the member
    for caring about one department's whole field at the letter's own level (我县水利事业): the
    writer naming its own business; None when the field is no department's name, there are
    two, or the letter speaks as a unit below a department (我站, 我中心: the field is its
    department's, not its own)."""
    found: set[tuple[str, str]] = set()
    lines = [ln for ln in pg.lines if not ln.noise]
    if any(_SUB_UNIT_SELF.search(ln.simp) for ln in lines):
        return None
    for ln in lines:
        for m in _THANKED_FIELD.finditer(ln.simp):
            b = iss.bureau_of(m.group(2))
            if b is not None and b.code != "gov" and m.group(2) in b.stems:
                found.add((m.group(1), m.group(2)))
    return found.pop() if len(found) == 1 else None


# the closing's thanks for the care shown for a field with no level before it: 感谢您对水利工作的关心
_THANKED_BARE_FIELD = re.compile(
    r"感谢(?:您们?|你们?)?(?:一直以来)?对(?!我)([\u4e00-\u9fff]{2,12}?)(?:事业|工作)"
    r"(?:的|给予的)?(?:关心|关注|支持|理解|帮助)"
)


def _thanked_bare_field(pg: Page, self_word: str | None) -> str | None:
    """The one department's field (水利) the closing thanks the member for caring about, with
    no level before it, in a letter that speaks as a department (我局, 我委) and names that
    department as a body of its own kind without a place (水利局领导班子…): its writer naming its
    own business; None otherwise."""
    if self_word not in ("局", "委", "厅"):
        return None
    lines = [ln for ln in pg.lines if not ln.noise]
    if any(_SUB_UNIT_SELF.search(ln.simp) for ln in lines):
        return None
    found: set[str] = set()
    for ln in lines:
        for m in _THANKED_BARE_FIELD.finditer(ln.simp):
            b = iss.bureau_of(m.group(1))
            if b is not None and b.code != "gov" and m.group(1) in b.stems:
                found.add(m.group(1))
    if len(found) != 1:
        return None
    stem = found.pop()
    word = {"局": "局", "委": "委员会|委", "厅": "厅"}[self_word]
    body = "\n".join(ln.simp for ln in lines)
    named = re.search(rf"(?<![\u4e00-\u9fff]){stem}(?:{word})(?![长员])", body)
    return stem if named else None


# a township or street told as the subject of a clause: 桃浦镇结合…, 城北路街道根据… (not its
# places, its people or its bodies: 某镇的, 某镇辖区, 某镇中心小学)
_TOWN_SUBJECT = re.compile(
    r"(?:^|[。；;！!，,：:\s])([\u4e00-\u9fff]{2,3}?(?:镇|乡)|[\u4e00-\u9fff]{2,4}?街道)"
    r"(?:人民政府|政府|办事处)?"
    r"(?![的人党政第辖境地村社中卫学小派财所区域内外上下里级是为和与及长干民、，,。；;：:（(])"
)
# characters of a sentence or a road, never of a township's name: 分管副乡长, 竹溪至集镇, 乡政府组织…
_NOT_IN_TOWN = re.compile(
    r"[至到往从向经副管组织政府集乡镇您你我他她们在使每选派的了是此究今被把让全各该本]"
)


def _town_name(name: str) -> bool:
    """True when a township's name as read is a name, not a piece of a sentence."""
    return (
        iss.township(name)
        and not _NOT_IN_TOWN.search(name[: -2 if name.endswith("街道") else -1])
        and not _VERB_START.match(name)
    )


# a letter that speaks as a county, district or city, or as a department
_HIGHER_SELF = re.compile(r"我(?:县|区|市|州|省|局|委|厅|办)")


def _town_voice(pg: Page, self_word: str | None) -> tuple[str, int, str] | None:
    """The township or street whose reply this is, its weight and the reason: when the letter
    speaks as 我镇 (我乡, 我街道), the one township it tells as a clause's subject or thanks the
    member for caring about; when it speaks as no body at all, the one it tells its own work as
    twice or more (桃浦镇结合…制作了…；桃浦镇还积极会同…), with its government named (镇政府,
    镇党委和政府). Never when the letter speaks as a county, a district or a department."""
    if self_word is not None:
        return None
    lines = [ln for ln in pg.lines if not ln.noise]
    body = "\n".join(ln.simp for ln in lines)
    if _HIGHER_SELF.search(body):
        return None
    own = {m.group(1) for m in _TOWN_SELF.finditer(body)}
    subject: Counter[str] = Counter()
    for m in _TOWN_SUBJECT.finditer(body):
        if _town_name(m.group(1)):
            subject[m.group(1)] += 1
    thanked = {m.group(1) for m in _TOWN_THANKED.finditer(body) if _town_name(m.group(1))}
    weight = Counter({n: subject[n] + (2 if n in thanked else 0) for n in {*subject, *thanked}})
    if own:  # 我镇: only a township of that level can be the writer
        governed = set()
        for m in _TOWN_GOV_NAMED.finditer(body):  # 戌街乡党委、政府积极争取……
            if _town_name(m.group(1)):
                weight[m.group(1)] += 1
                governed.add(m.group(1))
        # told as a subject once only, a name may be a clause's first words: twice, or named
        # with its government, or thanked for
        weight = Counter(
            {
                n: w
                for n, w in weight.items()
                if _town_level(n) in own and (subject[n] >= 2 or n in thanked or n in governed)
            }
        )
    ranked = weight.most_common(2)
    if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    name, w = ranked[0]
    if own:
        how = (
            f"thanks the member for caring about {name}'s work"
            if name in thanked
            else f"tells {name} as the subject of its work"
            if subject[name]
            else f"names {name}'s government or party committee at work"
        )
        return name, 3 + min(w, 2), f"the letter speaks as 我{_town_level(name)} and {how}"
    level = _town_level(name)
    if subject[name] < 2 or not re.search(
        rf"{name}(?:人民政府|政府|办事处|党委)|(?<![\u4e00-\u9fff]){level}(?:党委|政府|党工委|办事处)",
        body,
    ):
        return None  # a township's own letter speaks of its government (镇政府, 镇党委和政府)
    return name, 2 + min(subject[name], 3), f"the letter tells its own work as {name}'s"


def town_speaks(pg: Page) -> bool:
    """True when the letter speaks as a township (我镇, 本乡, 我街道) and never as a county, a
    district or a department: the bureaus it names are other bodies at work."""
    body = "\n".join(ln.simp for ln in pg.lines if not ln.noise)
    return bool(_TOWN_SELF.search(body)) and not _HIGHER_SELF.search(body)


def _town_level(name: str) -> str:
    return "街道" if name.endswith("街道") else name[-1]


# a letter speaking as a township: 我镇, 本乡, 我街道 (not 我镇长, 本镇区)
_TOWN_SELF = re.compile(r"[我本](镇|乡|街道)(?![长级区域内外])")
# a township's government or party committee named: 戌街乡党委、政府…, 由石岭镇人民政府…
_TOWN_GOV_NAMED = re.compile(
    r"(?:^|(?<=[。；;！!，,：:\s在于对与和及的了由]))([\u4e00-\u9fff]{2,3}?(?:镇|乡)|[\u4e00-\u9fff]{2,4}?街道)"
    r"(?:党委|人民政府|政府|党工委|办事处)"
)
# the closing's thanks for the care shown for a township's work: 感谢您对石岭镇工作的关心
_TOWN_THANKED = re.compile(
    r"感谢(?:您们?|你们?)?(?:一直以来)?(?:对|关心)([\u4e00-\u9fff]{2,3}?(?:镇|乡)|[\u4e00-\u9fff]{2,4}?街道)"
    r"(?:人民政府|政府|办事处)?(?:的)?[\u4e00-\u9fff]{0,8}?(?:工作|发展|建设|事业)"
)


# a body the letter names by its own short name: 文体广电局, 农业农村委
_BODY_IN_TEXT = re.compile(r"([\u4e00-\u9fff]{3,10}?)(局|委员会|委|厅)(?![长员])")
_SUB_UNIT = re.compile(r"[\u4e00-\u9fff]{0,2}(?:大队|支队|中队|派出所|分局)")
_CRUMB = re.compile(r"\s*[>＞›»]\s*")


def _crumb_parts(pg: Page) -> Iterator[str]:
    """The parts of the page's navigation paths (首页 > 部门信息公开 > XX局 > …), in order."""
    for ln in pg.lines[:40]:
        if ln.noise and _CRUMB.search(ln.simp):
            for part in _CRUMB.split(ln.simp):
                yield part.strip()


def breadcrumb_bodies(pg: Page) -> list[str]:
    """Government bodies the page's navigation path names (首页 > 部门信息公开 > XX局 > …)."""
    out: list[str] = []
    for part in _crumb_parts(pg):
        if (
            4 <= len(part) <= 30
            and iss.looks_like_body(part)
            and iss.split_issuer(part)[0]
            and iss.bureau_of(part) is not None
            and part not in out
        ):
            out.append(part)
    return out


def _bare_crumb(pg: Page) -> str | None:
    """The one bureau the page's navigation names by its level alone (首页 > 部门信息公开目录 >
    市交通运输局 > 回应关切), when the letter calls itself 我局/本局; None otherwise."""
    words = {x.group(1) or x.group(2) for ln in pg.lines for x in SELF.finditer(ln.simp)}
    found: list[str] = []
    for part in _crumb_parts(pg):
        if (
            re.fullmatch(r"[市县区][\u4e00-\u9fff]{2,12}局", part)
            and iss.bureau_of(part) is not None
            and "局" in words
            and part not in found
        ):
            found.append(part)
    return found[0] if len(found) == 1 else None


def printed_department(f: Facts) -> str | None:
    """The department's part of a printed issuer whose place a copying site replaced:
    鑫彩乐平台卫生健康局 -> 卫生健康局."""
    for name in (f.printed_issuer, f.signature):
        if not name or not iss.printed_issuer_problem(name):
            continue
        k = tx.key(name)
        b = iss.bureau_of(k)
        if b is None:
            continue
        for stem in sorted(b.stems, key=len, reverse=True):
            at = k.rfind(stem)
            if at >= 0 and re.fullmatch(r"(?:委员会|局|委|厅|办公室|办)?", k[at + len(stem) :]):
                return k[at:]
    return None
