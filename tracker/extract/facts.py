"""Stage 3, the facts: title, metadata block, salutation, opening, signature, dates, contact.

Each reader fills the facts it finds in its part of the letter; a fact read earlier (the title's
number) wins over one read later (the opening's). Role and kind are then settled from each other.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, fields, replace
from datetime import date

from tracker import issuers as iss
from tracker import text as tx
from tracker.extract.clean import META_KEYS, Line, Page
from tracker.extract.patterns import (
    BOOK_TITLE,
    CATEGORY,
    CC,
    CLOSING,
    CO_HANDLERS,
    CONTACT_NAME,
    CONTACT_PHONE,
    DATE_LINE,
    DOC_NUMBER,
    HOST_LINE,
    KIND_AFTER,
    KIND_BEFORE,
    KIND_INTRO,
    LETTERHEAD,
    NUMBER,
    NUMBER_BARE,
    PLAIN_TITLE,
    PUBLISHED,
    QUOTE_TITLE,
    SALUTE,
    SALUTE_ORG,
    SESSION_IN_BODY,
    SIGNATURE_CONTACT,
    SOURCE_LINE,
    TITLE_END,
    TITLE_SPLIT,
    TITLE_SPLIT_DUI,
    TITLE_SPLIT_VERB,
    TITLE_WORDS,
    line_date,
    make_date,
    proposal_key,
    split_aligned,
    split_names,
)
from tracker.extract.structure import RECORD_ROLE_KEY, Structure, is_date_line
from tracker.model import Contact, Reply, ReviewNote


@dataclass(frozen=True)
class Facts:
    """What a letter says about itself, before its issuer is settled."""

    title_line: str | None = None
    printed_issuer: str | None = None  # the issuer as the title prints it
    letterhead: str | None = None  # the body printed over the title (青峪县水利局文件)
    signature: str | None = None
    source_line: str | None = None  # who the page says published it
    host_line: str | None = None  # who the site's footer says runs it (主办单位)
    doc_number: str | None = None
    category: str | None = None
    title: str | None = None
    number: str | None = None
    session: str | None = None
    kind: str | None = None
    addressees: tuple[str, ...] = ()
    role: str | None = None
    co_handlers: tuple[str, ...] = ()
    reply_date: date | None = None
    published: date | None = None
    contact: Contact | None = None
    cc: tuple[str, ...] | None = None
    meta: tuple[tuple[str, str], ...] = ()  # the page's metadata block: (key, value) as printed
    meta_issuer: str | None = None  # 发文机关 / 发布机构 of the metadata block
    to_body: bool = False  # the salutation names a body or group, not a person
    review: tuple[ReviewNote, ...] = ()


@dataclass
class _Draft:
    title_line: str | None = None
    printed_issuer: str | None = None  # the issuer as the title prints it
    letterhead: str | None = None  # the body printed over the title (青峪县水利局文件)
    signature: str | None = None
    source_line: str | None = None  # who the page says published it
    host_line: str | None = None  # who the site's footer says runs it (主办单位)
    doc_number: str | None = None
    category: str | None = None
    title: str | None = None
    number: str | None = None
    session: str | None = None
    kind: str | None = None
    addressees: tuple[str, ...] = ()
    role: str | None = None
    co_handlers: tuple[str, ...] = ()
    reply_date: date | None = None
    published: date | None = None
    contact: Contact | None = None
    cc: tuple[str, ...] | None = None
    meta: tuple[tuple[str, str], ...] = ()  # the page's metadata block: (key, value) as printed
    meta_issuer: str | None = None  # 发文机关 / 发布机构 of the metadata block
    to_body: bool = False  # the salutation names a body or group, not a person


def read_facts(pg: Page, st: Structure) -> Facts:
    """The facts of a letter, read from its header, salutation, opening, tail and page."""
    d = _Draft()
    read_header(pg, d, st.header_end)
    if d.title_line is None:
        read_meta_title(pg, d)
    elif d.session is None:  # the page's 标题 names the session a line taken for a title lacks
        meta = _Draft()
        read_meta_title(pg, meta)
        if meta.session and meta.number is not None and meta.number in (d.number, None):
            d.session, d.number = meta.session, meta.number
            d.kind = d.kind or meta.kind
    read_salutation(pg, d, salutation_line(pg, st))
    if not d.addressees:
        read_record_proposers(pg, d, st.body_start)
    read_intro(pg, d, st.intro, st.body_start)
    read_tail(pg, d, st.end)
    # no salutation found (a name cut off, a record's 办理情况：某代表：): the opening bounds the page's top
    read_published(pg, d, st.salutation if st.salutation is not None else st.intro)
    read_meta(pg, d)
    read_named_handler(pg, d, st.end)
    if d.number is None:
        read_keyed_number(pg, d, st.body_start)
    if d.doc_number is None:
        read_loose_doc_number(pg, d, st)
    review: list[ReviewNote] = []
    settle_role_kind(d, review)
    return Facts(**{f.name: getattr(d, f.name) for f in fields(_Draft)}, review=tuple(review))


# a document number as a copy may print it at the letter's head, when the usual form is not
# there: its serial left blank (某政复〔2022〕号), a colon after its prefix (建议字：〔2023〕8号), or
# its closing bracket and 号 lost (某水〔202258, 签发人 or nothing after it)
_DOC_LOOSE = re.compile(
    r"^\s*(?P<prefix>[\u3400-\u9fff]{2,10}?)\s*(?P<colon>[:：])?\s*[〔﹝\[［【]\s*(?:19|20)\d{2}\s*"
    r"(?:[〕﹞\]］】]\s*(?:第\s*)?\d{0,5}\s*号|\d{0,5}(?=\s|$))"
)


def read_loose_doc_number(pg: Page, d: _Draft, st: Structure) -> None:
    """The document number in a form the letter's head prints when the usual one is missing: kept
    as printed (a copy's text is its evidence), the colon after its prefix left out."""
    top = st.salutation if st.salutation is not None else st.intro
    for ln in pg.lines[: top if top is not None else st.body_start]:
        s = ln.simp
        m = _DOC_LOOSE.match(s)
        if m is None or len(s.strip()) > 60:
            continue
        prefix = m.group("prefix")
        if prefix.endswith("号") or re.search(r"关于|会议|建议的|提案的", prefix):
            continue  # 文号：〔2023〕8号 is a key and its value; a title is no number
        text = ln.text[m.start("prefix") : m.end()]
        if m.group("colon"):
            at = m.start("colon") - m.start("prefix")
            text = (text[:at].rstrip() + text[at + 1 :].lstrip()).strip()
        d.doc_number = text.strip()
        return


# a page's label over the title, not the title: 办理情况, 答复内容：
_LABEL_ONLY = re.compile(
    r"^[【\[]?(?:办理情况|办理结果|答复|回复|复函|答复内容|回复内容|答复意见|办理答复)[】\]]?\s*[:：]?$"
)


# a title that opens with its session and goes on below: 对市九届人大二次会议第52号建议的 / 答 复
_TITLE_DUI = re.compile(r"^对[^，,。；;：:\s]{2,40}?(?:会议|大会)")


# a record's subject printed without its key, terms in a list: 人大建议,答复 / 政协提案、复函
_TOPIC_VALUE = re.compile(
    r"^(?!.*关于)[\u4e00-\u9fff]{2,6}(?:\s*[,，、/;；]\s*[\u4e00-\u9fff]{2,6}){1,3}$"
)


# a proposal's own title, printed above the reply on a page that carries both, bare or under its
# record's key (题  目：关于……的建议)
_OWN_TITLE = re.compile(
    r"^(?:(?:题\s*目|标\s*题|案\s*由|(?:建议|提案)(?:题目|名称))\s*[:：]\s*)?"
    r"关于[^，,。；;：:]{2,80}的(?:建议|提案|议案)$"
)


# a line that is only a session's name (县人大十八届二次会议, 某区第十九届人民代表大会第二次会议),
# maybe after the 对 or 关于 of a title broken below it
_SESSION_LINE = re.compile(r"^(?:对|关于)?\s*([^，,。；;：:\s]{4,40}(?:会议|大会))\s*$")


def read_header(pg: Page, d: _Draft, header_end: int) -> None:
    header = pg.content(0, header_end)
    title_idx = None
    for k, ln in enumerate(header):
        s = ln.simp
        if DOC_NUMBER.search(s) and d.doc_number is None:
            m = DOC_NUMBER.search(s)
            assert m is not None
            d.doc_number = ln.text[m.start() : m.end()]
        c = CATEGORY.search(s)
        if c and d.category is None and len(s) <= 40:
            d.category = unicodedata.normalize("NFKC", next(g for g in c.groups() if g))
        if (
            title_idx is None
            and (TITLE_WORDS.search(s) or _TITLE_DUI.match(s.strip()))
            and not DOC_NUMBER.fullmatch(s.strip())
            and not _LABEL_ONLY.match(s.strip())
            and not _TOPIC_VALUE.match(s.strip())
            and len(s) <= 120
        ) or (  # the proposal's own title first (关于……的建议), the reply's below (……提案的复函)
            title_idx is not None
            and _OWN_TITLE.search(header[title_idx].simp)
            and TITLE_WORDS.search(s)
            and TITLE_END.search(s)
            # ……第52号建议的答复, or ……会议代表建议、批评和意见第542104号办理情况的答复
            and (KIND_AFTER.search(s) or KIND_BEFORE.search(s))
            and len(s) <= 120
        ):
            title_idx = k
    for a, b in zip(header, header[1:], strict=False):
        # a page's record: the session on a line, the bare number on the next (…会议 / 16 /
        # 建议人：…)
        if (
            d.number is None
            and (sl := _SESSION_LINE.match(a.simp.strip()))
            and re.fullmatch(r"[0-9０-９]{1,5}", b.simp.strip())
        ):
            d.number = _number(b.simp.strip())
            d.session = d.session or a.text.strip()[sl.start(1) : sl.end(1)]
    if title_idx is None:
        return
    for ln in header[:title_idx]:
        m = LETTERHEAD.match(ln.simp.strip())
        if m and iss.looks_like_body(m.group("name")) and iss.names_place(m.group("name")):
            d.letterhead = ln.text.strip()[: len(m.group("name"))]
            break
    if d.letterhead is None:
        # a page's short title first, then the letterhead (two, for a joint reply: the lead's
        # first), then the document number or the letter's own title
        below = header[title_idx + 1 : title_idx + 5]
        for j, ln in enumerate(below):
            if TITLE_WORDS.search(ln.simp) or DOC_NUMBER.search(ln.simp):
                break
            m = LETTERHEAD.match(ln.simp.strip())
            if (
                m
                and iss.looks_like_body(m.group("name"))
                and iss.names_place(m.group("name"))
                and any(
                    TITLE_WORDS.search(x.simp) or DOC_NUMBER.search(x.simp) for x in below[j + 1 :]
                )
            ):
                d.letterhead = ln.text.strip()[: len(m.group("name"))]
                break
    text, simp = header[title_idx].text, header[title_idx].simp
    if title_idx > 0:  # the title broken inside the issuer's name: 青峪县住房和城乡 / 建设局关于…
        prev = header[title_idx - 1]
        head = TITLE_SPLIT.match(simp)
        if (
            head
            and head.group("issuer")
            and prev.no == header[title_idx].no - 1
            and len(prev.simp) <= 20
            and not re.search(r"[。，,；;：:\s]", prev.simp.strip())
            and not iss.names_place(head.group("issuer"))
            and iss.names_place(prev.simp.strip() + head.group("issuer"))
            and iss.looks_like_body(prev.simp.strip() + head.group("issuer"))
        ):
            text, simp = prev.text.strip() + text, prev.simp.strip() + simp
            if d.letterhead and tx.key(d.letterhead) == tx.key(prev.simp):
                d.letterhead = None
    for ln in header[title_idx + 1 : title_idx + 3]:
        if (
            TITLE_END.search(simp)
            or _RECORD_KEY.match(ln.simp.strip())  # 建议号 / 建议人: a site's record follows
            or len(ln.simp) > 40
            or DOC_NUMBER.search(ln.simp)
            or CATEGORY.search(ln.simp)
        ):
            break
        text, simp = text + ln.text, simp + ln.simp
    read_title(d, text, simp)
    for k, ln in enumerate(header[title_idx + 1 :]):
        # a page's short title, then the letter's own with the number on the next line
        # (关于“……”的建议答复 / 关于县某届人大某次会议第N号建议的答复); further down, below a
        # site's record of the proposal (编号, 主办单位…), only a line that names the reply
        if d.number is not None:
            break
        if k >= 2 and not _REPLY_WORD.search(ln.simp):
            continue
        if TITLE_WORDS.search(ln.simp) and len(ln.simp) <= 120 and KIND_AFTER.search(ln.simp):
            second = _Draft()
            read_title(second, ln.text.strip(), ln.simp.strip())
            if second.number is not None:
                d.number = second.number
                d.session = d.session or second.session
                d.kind = d.kind or second.kind
    if d.session is None:
        # the session on a line of its own below a short title (第27号提案的答复 / 对政协某县第十四
        # 届委员会第一次会议 / 27号提案的答复)
        for ln in header[title_idx + 1 : title_idx + 4]:
            m = _SESSION_LINE.match(ln.simp.strip())
            if m:
                d.session = ln.text.strip()[m.start(1) : m.end(1)]
                break
    if d.session is None:
        # a title broken after its session, the rest lost in the copy (对政协某省十二届二次会议)
        for ln in header:
            m = _SESSION_LINE.match(ln.simp.strip())
            if m and re.search(r"人大|政协|人民代表大会|委员会", m.group(1)):
                d.session = ln.text.strip()[m.start(1) : m.end(1)]
                break
    for a, b in zip(header, header[1:], strict=False):
        # a site's record: 建议号 alone on its line, the session and number on the next
        m = _RECORD_NUMBER.match(b.simp.strip())
        if d.session is None and re.fullmatch(r"(?:建议|提案|议案)号", a.simp.strip()) and m:
            d.session = b.text.strip()[: m.end(1)]
            d.number = d.number or _number(m.group(2))


_REPLY_WORD = re.compile(r"(?:答复|回复|复函|复文)\s*(?:函)?\s*[|｜]?\s*$")


_RECORD_KEY = re.compile(
    r"^(?:建议号|提案号|议案号|建议人|提案人|承办单位|办理结果|答复内容|建议内容|提案内容)\s*[:：]?$"
)
_RECORD_NUMBER = re.compile(r"^(.{2,40}?(?:会议|大会))\s*第?\s*([0-9０-９]{1,5})\s*号$")


# 《关于改造县城供热管网的建议》(35号)的答复: the number in brackets after the proposal's title,
# a letter code before it or not (《…的建议》(QT48号))
_NUMBER_PAREN = re.compile(r"》\s*[（(]\s*第?\s*([A-Za-z]{0,3}[0-9０-９]{1,5})\s*号\s*[)）]")


# a number in Chinese numerals before the kind: 第十二号建议, 第五号提案
_NUMBER_CN = re.compile(
    r"第\s*([一二三四五六七八九十百〇零]{1,6})\s*号\s*(?:的)?(?:代表|委员)?(?:建议|提案|议案)"
)


# a record's key before the number: 建议号：0093, （建议号:64）, 建议/提案号： 9
_KEYED_NUMBER = re.compile(
    r"(?:建议|提案|议案)(?:\s*/\s*(?:建议|提案|议案))?\s*(?:编号|号)\s*[:：]\s*"
    r"([A-Za-z]{0,3}[0-9０-９]{1,8})(?![0-9０-９])"
)


# the number in brackets after a title, under its own key, a series letter and the year before
# the count: ……的建议答复的函（编号：A（2021）57号）
_BRACKET_KEYED_NUMBER = re.compile(
    r"[（(]\s*编号\s*[:：]\s*([A-Za-z]{0,3}\s*(?:[（(]\s*\d{4}\s*[)）])?\s*[0-9０-９]{1,8})"
    r"\s*号?\s*[)）]"
)


def read_keyed_number(pg: Page, d: _Draft, body_start: int) -> None:
    """The number a site's record or the opening gives under its key, above the letter's body."""
    for pattern in (_KEYED_NUMBER, _BRACKET_KEYED_NUMBER):
        for ln in pg.lines[: body_start + 1]:
            m = pattern.search(ln.simp)
            if m:
                d.number = re.sub(r"\s+", "", _number(ln.text[m.start(1) : m.end(1)]))
                return


# the number in brackets after the paper's kind, 号 outside them: ……的提案（52）号
_NUMBER_AFTER_KIND = re.compile(r"(?:提案|建议|议案)\s*[（(]\s*([0-9０-９]{1,5})\s*[)）]\s*号")


def _number(printed: str) -> str:
    """A proposal's number as printed, in half-width digits (第十二号 as 12)."""
    s = unicodedata.normalize("NFKC", printed)
    if re.fullmatch(r"[一二三四五六七八九十百〇零]+", s):
        n = tx.cn_int(s)
        return str(n) if n is not None else s
    return s


# the reply's title closed by a colon, the proposal's own title after it
_ANSWER_COLON = re.compile(r"(?:答复|回复|复函|复文)\s*[:：]\s*$")


def read_title(d: _Draft, text: str, simp: str) -> None:
    """Issuer, session, number and kind from a title line (as printed, and simplified)."""
    d.title_line = text
    lead = _TITLE_DOC.match(simp)
    if lead:  # 某教复字〔2025〕8号——某局关于……的答复: the number, then the title proper
        if d.doc_number is None:
            dn = DOC_NUMBER.search(simp, 0, lead.end())
            if dn:
                d.doc_number = text[dn.start() : dn.end()]
        text, simp = text[lead.end() :], simp[lead.end() :]
    m = TITLE_SPLIT.match(simp) or TITLE_SPLIT_DUI.match(simp) or TITLE_SPLIT_VERB.match(simp)
    if m and (
        m.group("issuer").count("《") > m.group("issuer").count("》")
        or len(re.findall(r"[（(]", m.group("issuer")))
        > len(re.findall(r"[）)]", m.group("issuer")))
    ):
        # ……第7号提案的答复《关于……》, ……第8号建议(关于……的建议)的答复: the 关于 opens the
        # proposal's own title, not the reply's
        m = None
    if m and NUMBER.search(m.group("issuer")) and _ANSWER_COLON.search(m.group("issuer")):
        m = None  # 对…会议第8号提案的答复：关于……的提案: the proposal's own title after a colon
    rest_s = m.group("rest") if m else simp
    rest_t = text[len(simp) - len(rest_s) :]
    if m:
        issuer = _BULLET.sub("", text[: m.end("issuer")].strip())  # - 某局关于… in a list
        issuer = _BRACKETED_LABEL.sub(
            "", issuer
        )  # [福建]福建省交通运输厅关于…: a site's tag of the place
        # a site's breadcrumb before 关于 (栏目 >> 关于…) is no issuer
        if (
            issuer
            and len(issuer) <= 40
            and not re.search(r"\d|第|号|会议|[>＞»]", m.group("issuer"))
        ):
            if len(iss.joint_bodies(issuer)) == 1:  # 青山县 交通运输局: one name, spaced
                issuer = re.sub(r"(?<=[\u4e00-\u9fff])[ \u3000]+(?=[\u4e00-\u9fff])", "", issuer)
            d.printed_issuer = issuer
    tail = _TITLE_TAIL_BODY.search(simp)
    if d.printed_issuer is None and tail:  # 对县十八届人大二次会议第21号建议的答复（水务局）
        d.printed_issuer = text[tail.start(1) : tail.end(1)].strip()
    num = (
        NUMBER.search(rest_s)
        or NUMBER_BARE.search(rest_s)
        or _NUMBER_PAREN.search(rest_s)
        or _NUMBER_CN.search(rest_s)
    )
    if num:
        g = num.lastindex or 1  # NUMBER_BARE's count after the kind is its second group
        d.number = _number(rest_t[num.start(g) : num.end(g)])
        before_s = rest_s[: num.start()]
        before_t = rest_t[: num.start()]
        lead = re.match(r"^\s*(?:对|答复)\s*", before_s)  # 关于答复县…会议第N号建议的函
        off = lead.end() if lead else 0
        # (十七届人大三次会第56号: a 会议 printed short of its 议)
        sm = [
            x
            for x in re.finditer(r"会议|大会|(?<=次)会(?=\s*第)", rest_s)
            if x.end() <= num.start()
        ]
        if sm:
            session = before_t[off : sm[-1].end()].strip()
            # the page's short title run in before the letter's own (……的建议答复 关于市某届
            # 人大某次会议 第N号建议的答复): the session is what follows the last 关于
            again = list(re.finditer(r"(?:关于|对)\s*", before_s[off : sm[-1].end()]))
            if again and re.search(
                r"的(?:建议|提案|议案)", before_s[off : off + again[-1].start()]
            ):
                session = session[again[-1].end() :].strip()
            session = re.sub(r"^\d{4}\s*年(?:度)?\s*", "", session)  # 2024年县九届人大三次会议
            # 对《关于……的建议》的答复(县某届人大某次会议第33号建议): the session is in the brackets
            session = re.split(r"[（(《》“”]", session)[-1].strip()
            if session:
                d.session = session
    if d.session is None:  # 关于县十届人大二次会议建议的答复: a session, no number
        # or a number this reader cannot take (会议来信号提案, 会议台52号建议): the kind follows
        sk = re.search(
            r"(?:会议|大会|(?<=次)会(?=\s*第))(?=\s*(?:上|期间)?(?:的)?(?:代表|委员)?(?:建议|提案|议案)"
            r"|[^，,。；;：:《“]{0,14}?号?(?:的)?(?:代表|委员)?(?:建议|提案|议案))",
            rest_s,
        )
        if sk:
            lead = re.match(r"^\s*(?:对|答复)\s*", rest_s)
            session = rest_t[lead.end() if lead else 0 : sk.end()].strip()
            if session and len(session) <= 30:
                d.session = session
    if d.session is None and m and d.printed_issuer is None:
        # 2024年桐原县九届人大三次会议《关于……的建议》(35号)的答复: the session before 关于
        sm2 = list(re.finditer(r"会议|大会", m.group("issuer")))
        if sm2:
            session = text[: sm2[-1].end()].strip()
            session = re.sub(r"^\d{4}\s*年(?:度)?\s*", "", session)
            session = re.sub(r"^对\s*", "", session)  # 对某市政协某届某次会议关于……提案的答复
            if session:
                d.session = session
    km = KIND_AFTER.search(rest_s) or KIND_BEFORE.search(rest_s)
    if km and km.group(1) in ("提案", "建议"):
        d.kind = km.group(1)


# a document number printed before the title, a dash or a space between them
_TITLE_DOC = re.compile(
    r"^\s*[\u4e00-\u9fff]{1,10}\s*[〔﹝\[［【(（]\s*\d{4}\s*[〕﹞\]］】)）]\s*(?:第\s*)?\d{1,5}\s*号"
    r"\s*(?:[—－\-–―]+|[:：|｜]|\s)\s*(?=\S)"
)

# the answering body named in brackets after a title: …第21号建议的答复（水务局）
_TITLE_TAIL_BODY = re.compile(
    r"(?:答复|复函|的函|回复|答复函)\s*[（(]\s*([^（()）\s]{2,20}?(?:局|委员会|委|厅|办公室|办|政府|中心))\s*[)）]\s*$"
)


_ROLE_END = re.compile(r"(?:委员|代表|同志)$")
_BODY_END = re.compile(r"[省市区县镇乡]?(?:人大|政协)$")
_COUNT_END = re.compile(r"(?:[一二两三四五六七八九十]{1,3}|\d{1,2})(?:位|名)$")


def _person_pieces(text: str, simp: str) -> list[tuple[str, str]]:
    """The addressees of a salutation (张三、李四委员; 王五和赵六代表), verbatim and simplified.
    和 and 及 end a name too (滕永和, 李国和), so they part two names only when each side keeps two
    characters or more once its role is left off."""
    out: list[tuple[str, str]] = []
    for piece_t, piece_s in split_aligned(text, simp, r"[、，,\s]+"):
        parts = split_aligned(piece_t, piece_s, r"和|及")
        if len(parts) > 1 and all(len(_ROLE_END.sub("", s)) >= 2 for _, s in parts):
            out += parts
        else:
            out.append((piece_t, piece_s))
    return out


# a two-character name padded to the width of three (陈  先) in a list of names
_PADDED_NAME = re.compile(
    r"(?<![\u3400-\u9fff])[\u3400-\u9fff]([ \u3000]{1,4})[\u3400-\u9fff](?![\u3400-\u9fff])"
)


def _unpadded(ln: Line) -> Line:
    """A salutation line without the spaces that pad two-character names to the width of three
    (严某、陈  先、张某某  代表：), text and simplified form alike."""
    gaps = [m.span(1) for m in _PADDED_NAME.finditer(ln.simp)]
    if not gaps:
        return ln
    text, simp = ln.text, ln.simp
    for a, b in reversed(gaps):
        text, simp = text[:a] + text[b:], simp[:a] + simp[b:]
    return replace(ln, text=text, simp=simp)


def salutation_line(pg: Page, st: Structure) -> int | None:
    """The salutation's line: the one the structure found, unless it is a record's key over the
    proposal (领衔代表：某某), when the salutation proper follows it; or, when none was found, a
    line of names padded to one width just above the opening (陈  先、张某某  代表：)."""
    sal = st.salutation
    if sal is not None:
        m = SALUTE.match(pg.lines[sal].simp)
        if m and RECORD_ROLE_KEY.match(m.group("names").strip()):
            for j in range(sal + 1, min(len(pg.lines), sal + 10)):
                ln = pg.lines[j]
                if ln.blank or ln.noise:
                    continue
                n = SALUTE.match(ln.simp)
                if (
                    n
                    and not RECORD_ROLE_KEY.match(n.group("names").strip())
                    and re.search(r"[:：]", ln.simp)
                    and not (n.group("rest") or "").strip()
                ):
                    return j
        return sal
    end = st.intro if st.intro is not None else st.body_start
    for j in range(min(end, len(pg.lines)) - 1, max(-1, end - 4), -1):
        ln = pg.lines[j]
        if ln.blank or ln.noise:
            continue
        flat = _unpadded(ln)
        if flat is not ln and SALUTE.match(flat.simp) and re.search(r"[、，,]", flat.simp):
            return j
        break
    return None


# a site's record of who proposed it, over an answer with no salutation: 代表姓名：某某、某某
_PROPOSERS_KEYED = re.compile(
    r"^\s*(?:代表姓名|委员姓名)\s*[:：]\s*"
    r"([\u3400-\u9fff·]{2,8}(?:[、，,][\u3400-\u9fff·]{2,8}){0,15})\s*$"
)


def read_record_proposers(pg: Page, d: _Draft, body_start: int) -> None:
    """The proposers a site's record names (代表姓名：…), when no salutation names anyone."""
    for ln in pg.lines[: body_start + 1]:
        m = _PROPOSERS_KEYED.match(ln.simp)
        if m:
            d.addressees = tuple(
                t.strip()
                for t, _ in split_aligned(ln.text[m.start(1) : m.end(1)], m.group(1), r"[、，,]")
                if t.strip()
            )
            return


def read_salutation(pg: Page, d: _Draft, sal: int | None) -> None:
    if sal is None:
        return
    ln = _unpadded(pg.lines[sal])
    m = SALUTE.match(ln.simp)
    if m and RECORD_ROLE_KEY.match(m.group("names").strip()) and m.group("rest"):
        # 领衔代表：某某 with no salutation under it: the lead named is the one answered
        a = m.start("rest")
        names = [
            t.strip()
            for t, _ in split_aligned(ln.text[a:], ln.simp[a:], r"[、，,\s]+")
            if t.strip()
        ]
        d.addressees = tuple(names)
        d.role = m.group("role") if m.group("role") in ("委员", "代表") else d.role
        return
    prev = pg.lines[sal - 1] if sal > 0 else None
    if (
        m is None
        and prev is not None
        and re.fullmatch(r"\s*(?:委员|代表)(?:们)?\s*[:：]\s*", ln.simp)
        and SALUTE.match(prev.simp.strip() + ln.simp.strip())
    ):
        # the names on one line, the role on the next (李某、王某 / 委员：): one salutation
        joined = prev.simp.strip() + ln.simp.strip()
        m = SALUTE.match(joined)
        ln = replace(ln, text=prev.text.strip() + ln.text.strip(), simp=joined)
    if m:
        a, b = m.span("names")
        names = []
        for piece_t, piece_s in _person_pieces(ln.text[a:b], ln.simp[a:b]):
            role = re.search(r"(?:委员|代表|同志)$", piece_s)
            name = piece_t[: role.start()] if role else piece_t
            # 鲁某、陈某、王某三位代表: the count of the names before the role
            count = _COUNT_END.search(piece_s[: len(name)])
            if count and count.start() >= 2:
                name = name[: count.start()]
            # 王某区人大代表: the congress the deputy sits in, not part of the name
            body = _BODY_END.search(piece_s[: len(name)])
            if body and body.start() >= 2:
                name = name[: body.start()]
            if name:
                names.append(name)
        d.addressees = tuple(names)
        if m.group("role") in ("委员", "代表"):
            d.role = m.group("role")
    else:
        m2 = SALUTE_ORG.match(ln.simp)
        if m2:
            a, b = m2.span("names")
            names = []
            roles = set()
            # 李某等委员、区政协某组: a person (with a role) and a group
            for piece_t, piece_s in split_aligned(ln.text[a:b], ln.simp[a:b], r"[、，,]+"):
                r = _PERSON.match(piece_s)
                if r and r.group("role"):
                    roles.add(r.group("role"))
                    piece_t = piece_t[: r.end("name")]
                if piece_t.strip():
                    names.append(piece_t.strip())
            d.addressees = tuple(names)
            if len(roles) == 1 and roles <= {"委员", "代表"}:
                d.role = roles.pop()
            elif not roles:
                d.to_body = True


_PERSON = re.compile(
    r"^(?P<name>.+?)(?:等(?:[0-9一二三四五六七八九十]+(?:名|位))?)?(?P<role>委员|代表|同志)?$"
)


# the proposer named with a role in the opening: 王某委员所提出的, 某某等3名代表联名提出的
_OPENING_ROLE = re.compile(
    r"(?<![\u3400-\u9fff])[\u3400-\u9fff]{2,4}?(?:等[0-9一二三四五六七八九十]{0,3}[名位]?)?"
    r"(代表|委员)(?:们)?(?:领衔|联名)?(?:所)?(?:提出|提交|所提)"
)


def read_intro(pg: Page, d: _Draft, intro_from: int | None, body_start: int) -> None:
    if intro_from is None:
        return
    lines = pg.content(intro_from, max(body_start, intro_from + 1))
    text = "\n".join(ln.text for ln in lines)
    simp = "\n".join(ln.simp for ln in lines)
    title = None
    m: re.Match[str] | None
    for m in BOOK_TITLE.finditer(simp):
        if re.search(r"(?:提案|建议|议案)\s*$", m.group(1)):
            title = text[m.start(1) : m.end(1)]
            break
    if title is None:
        m = QUOTE_TITLE.search(simp)
        if m:
            title = text[m.start(1) : m.end(1)]
    if title is None:
        m = PLAIN_TITLE.search(simp)
        if m:
            title = text[m.start() : m.end()]
    if title is None and d.title_line:
        m = BOOK_TITLE.search(tx.to_simplified_aligned(d.title_line))
        if m:
            title = d.title_line[m.start(1) : m.end(1)]
    if title:
        d.title = title.strip()
    if d.number is None:
        m = (
            NUMBER.search(simp)
            or _NUMBER_CN.search(simp)
            or _NUMBER_AFTER_KIND.search(simp)
            # 您提出的《关于……》(35号)建议: the number in brackets after the paper's title
            or _NUMBER_PAREN.search(simp)
        )
        if m:
            d.number = _number(text[m.start(1) : m.end(1)])
    if d.session is None:
        m = SESSION_IN_BODY.search(simp)
        if m:
            g = m.lastindex or 1
            d.session = text[m.start(g) : m.end(g)]
    if d.role is None:
        # 王某委员所提出的……, 李某代表领衔提交的……: the role printed with the proposer's name,
        # where the salutation names a body (a lead department) or no one
        m = _OPENING_ROLE.search(simp)
        if m:
            d.role = m.group(1)
    if d.kind is None:
        m = KIND_INTRO.search(simp)
        kind = (m.group(1) or m.group(2)) if m else None
        if kind in ("提案", "建议"):
            d.kind = kind
    m = CO_HANDLERS.search(simp)
    if m:
        g = next(i for i in (1, 2, 3) if m.group(i))
        d.co_handlers = tuple(split_names(text[m.start(g) : m.end(g)], simp[m.start(g) : m.end(g)]))


def read_tail(pg: Page, d: _Draft, end: int) -> None:
    lines = pg.lines
    tail = [ln for ln in lines[end:] if not ln.blank and not ln.noise]
    date_idx = None
    for k, ln in enumerate(tail):
        m = is_date_line(ln)
        if m:
            dt = line_date(m)
            if (
                dt
                and m.group(2)
                and not re.search(r"日\s*$", ln.simp)
                and not any(x.no > ln.no and not x.blank for x in lines)
            ):
                dt = None  # the page's last text, its 日 lost: the copy may have cut the day too
            if dt:
                d.reply_date = dt
                date_idx = k
                if m.group("sig"):
                    d.signature = ln.text[m.start("sig") : m.end("sig")].strip()
    if d.signature:
        d.signature = _signature(d.signature)
    if date_idx is not None and d.signature is None:
        for k in range(date_idx - 1, -1, -1):
            ln = tail[k]
            if (
                len(ln.simp) <= 30
                and not re.search(r"[。，,；;：:！？]", ln.simp)
                and not CLOSING.match(ln.simp)
            ):
                d.signature = ln.text
                before = tail[k - 1] if k > 0 else None
                if (  # a long name broken over two lines: 青峪县住房和城乡 / 建设局
                    before is not None
                    and before.no == ln.no - 1
                    and len(before.simp) <= 20
                    and not re.search(r"[。，,；;：:！？\s]", before.simp.strip())
                    and not iss.looks_like_body(before.simp)
                    and not iss.names_place(ln.simp)
                    and iss.names_place(before.simp + ln.simp)
                    and iss.looks_like_body(before.simp + ln.simp)
                ):
                    d.signature = before.text.strip() + ln.text.strip()
                elif (  # two bodies sign, one a line: the first leads (青峪县水利局 / 青峪县财政局)
                    before is not None
                    and before.no >= ln.no - 2
                    and len(before.simp) <= 30
                    and iss.looks_like_body(before.simp)
                    and iss.names_place(before.simp)
                    and iss.looks_like_body(ln.simp)
                    and iss.names_place(ln.simp)
                    and not is_date_line(before)
                ):
                    d.signature = before.text.strip() + "\u3000" + ln.text.strip()
            break
    if d.signature is not None:
        d.signature = _signature(d.signature)
    if d.signature is None:
        # the body and its date run onto the last line after the contact, as a one-block copy
        # prints them (联系人：某某 138… 某县水利局 2023年), the date maybe cut to its year
        for ln in reversed(tail[-3:]):
            m = _SIGNED_AT_END.search(ln.simp)
            if m and iss.looks_like_body(m.group(1)) and iss.names_place(m.group(1)):
                d.signature = ln.text[m.start(1) : m.end(1)]
                break
    if d.signature is None:
        for ln in tail:
            if _CO_UNIT.match(ln.simp) or CC.match(ln.simp) or _CC_SPREAD.match(ln.simp):
                continue  # 会办单位：县交通运输局 helped, 抄送：… is copied: neither answers
            # the contact may follow the signature on its line: 青峪县教育局  联系电话：…
            c = SIGNATURE_CONTACT.search(ln.text)
            head = ln.text[: c.start()].strip() if c else ln.text
            head = _BRACKETED_LABEL.sub("", head.strip())  # 【承办单位】：县交通运输局
            label = _UNIT_LABEL.match(head)  # 联系单位：新密县住建局: the name, not its key
            if label:  # 联系单位及电话：青峪县水利局 6812345: the name without its number
                head = re.sub(
                    r"[\s\u3000]+[0-9０-９（(][0-9０-９\-－—()（）\s]*$", "", head[label.end() :]
                )
            simp = tx.to_simplified(head)
            if len(simp) <= 30 and iss.looks_like_body(simp) and not CLOSING.match(simp):
                d.signature = head
                break
    if d.signature is None:  # 承办单位：桐原县住房和城乡建设局 in place of a signature
        after = pg.lines[end : end + 12]
        for k, ln in enumerate(after):
            m = _HANDLER_LINE.match(ln.simp)
            lead = False
            if m is None:  # 主办单位：县教育局 beside 会办单位：… (a site's 主办单位 is its owner)
                m = _LEAD_LINE.match(ln.simp)
                lead = bool(m) and any(_CO_UNIT.match(x.simp) for x in after[max(0, k - 3) : k + 4])
            if (
                m
                and (lead or m.re is _HANDLER_LINE)
                and (iss.looks_like_body(m.group(1)) or iss.cut_short(m.group(1)))
                and (lead or iss.names_place(m.group(1)))
            ):
                d.signature = ln.text[m.start(1) : m.end(1)]
                break
    name = phone = None
    for k, ln in enumerate(tail):
        if name is None:
            m = CONTACT_NAME.search(ln.simp)
            if m:
                name = ln.text[m.start(1) : m.end(1)]
                for follow in tail[k : k + 3]:
                    p = CONTACT_PHONE.search(follow.simp)
                    if p:
                        g = 1 if p.group(1) else 2
                        phone = follow.text[p.start(g) : p.end(g)].strip()
                        break
        c = CC.match(ln.simp)
        if c and d.cc is None:
            d.cc = tuple(
                x
                for x in (
                    p.strip(" 。.") for p in re.split(r"[、，,；;]", ln.text[c.start(1) : c.end(1)])
                )
                if x
            )
    if name is None and phone is None:
        for ln in tail:
            p = CONTACT_PHONE.search(ln.simp)
            if p and ("联系" in ln.simp):
                g = 1 if p.group(1) else 2
                phone = ln.text[p.start(g) : p.end(g)].strip()
                break
    if name or phone:
        d.contact = Contact(name, phone)
    for ln in lines:  # the page's source line: who published it
        if ln.noise:
            s = SOURCE_LINE.search(ln.simp)
            if s:
                d.source_line = ln.text[s.start(1) : s.end(1)]
                break
    for ln in lines:  # the site's footer: who runs it
        if ln.noise:
            s = HOST_LINE.search(ln.simp)
            if s:
                d.host_line = ln.text[s.start(1) : s.end(1)]
                break


# a copy-to line whose key is spread over the line's width (抄    报：): no signature
_CC_SPREAD = re.compile(r"^[(（]?\s*抄[ \u3000]+[送报][ \u3000]*[:：]")
# a body's name, then a date that ends the line, cut to its year or month or not
_SIGNED_AT_END = re.compile(
    r"(?:^|[\s\u3000])([\u3400-\u9fff]{4,30})[\s\u3000]+"
    r"(?:\d{4}|[〇○零一二三四五六七八九0]{4})\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日?)?)?\s*$"
)
_SEAL = re.compile(r"[（(【\[]\s*(?:盖章|印章|章|公章|签章|代章)\s*[）)】\]]\s*$")
_SPACED_NAME = re.compile(r"^(?:[\u3400-\u9fff][ \u3000]{1,2})+[\u3400-\u9fff]$")


# the body that handled the reply, printed on a line of its own after the letter
# the key of a line naming the body that handled or answers for the letter
_UNIT_LABEL = re.compile(
    r"^\s*(?:(?:联系|承办|办理|答复|回复)单位(?:及(?:联系)?电话)?|单位名称)\s*[:：]?\s*"
)
_FORM_LEAD = re.compile(r"^\s*主要(?:承办|主办)单位\s*[:：]\s*([^\s|｜:：，,。]{4,30})\s*$")
_LEAD_LINE = re.compile(r"^\s*主办单位\s*[:：]\s*([^\s|｜:：，,。]{4,30})\s*$")
# a co-handler's line after the letter (会办单位：县交通运输局): never the body that answers
_CO_UNIT = re.compile(r"^\s*(?:会办|协办|配合|协助)(?:办理)?单位\s*[:：]")
# the key's colon may be missing (承办单位桐原县水利局), and a form's 单位名称 keys the same line
_HANDLER_LINE = re.compile(
    r"^\s*(?:承办单位|办理单位|联系单位|答复单位|单位名称)\s*[:：]?\s*([^\s|｜:：，,。]{4,30})"
    # the form's next keys may follow on the line: 承办单位：某局 单位负责人：… 二〇二二年八月三十日
    r"(?:\s*$|\s+(?:单位负责人|负责人|签发人|联系人|经办人|联系电话)\s*[:：])"
)


def read_named_handler(pg: Page, d: _Draft, end: int) -> None:
    """With no signature, no issuer in the title and none in the page's metadata, the body the
    letter or the site's record names as handling it: 本提案由县农业农村局主办 in the opening, or
    承办单位 on a line with the body on the next."""
    if d.signature is not None or d.printed_issuer is not None:
        return
    for ln in pg.lines[: end + 1]:
        # a handling form's lead handler (主要承办单位：某局): the paper's, over the portal that
        # published the form (发布机构)
        m = _FORM_LEAD.match(ln.simp)
        if m and iss.looks_like_body(m.group(1)):
            d.signature = ln.text[m.start(1) : m.end(1)]
            return
    if d.meta_issuer is not None:
        return
    for ln in pg.lines[: end + 1]:
        m = _LEAD_NAMED.search(ln.simp)
        if m and not _CO_VOICE.search(ln.simp) and iss.looks_like_body(m.group(1)):
            d.signature = ln.text[m.start(1) : m.end(1)]
            return
    for ln in pg.lines:  # a site's record: 承办单位：主办：县住建局 协办：…
        m = _LEAD_KEYED.match(ln.simp)
        g = (m.group(1) or m.group(2)) if m else None
        if m and g and len(g) <= 30 and iss.looks_like_body(g):
            d.signature = ln.text[m.start(1 if m.group(1) else 2) : m.end(1 if m.group(1) else 2)]
            return
    for k, ln in enumerate(pg.lines[: end + 1]):
        # a suggestion system's record over the letter: 交办时间, 督办单位, then 主办单位：区水务局
        m = _LEAD_LINE.match(ln.simp) or _LEAD_SHORT.match(ln.simp)
        near = pg.lines[max(0, k - 3) : k + 4]
        if m and any(_ASSIGNED.search(x.simp) for x in near) and iss.looks_like_body(m.group(1)):
            d.signature = ln.text[m.start(1) : m.end(1)]
            return
    for ln in pg.lines[:12]:  # a site's record run along a line: 编号 12 办理部门 水务局 处理状态
        m = _RECORD_DEPT.search(ln.simp)
        if m and iss.looks_like_body(m.group(1)):
            d.signature = ln.text[m.start(1) : m.end(1)]
            return
    for k, ln in enumerate(pg.lines):
        if not _HANDLER_KEY.match(ln.simp):
            continue
        nxt = next((x for x in pg.lines[k + 1 : k + 3] if not x.blank), None)
        value = nxt.text.strip() if nxt is not None else ""
        if value and len(value) <= 30 and iss.looks_like_body(value):
            d.signature = value
        return


_LEAD_NAMED = re.compile(
    r"(?:建议|提案|议案)(?:由|系)([^，,。；;、由]{2,20}?(?:局|委员会|委|厅|人民政府|办公室))(?:牵头)?主办"
)
_CO_VOICE = re.compile(r"我(?:局|委|厅|办|单位|们)[^。，,]{0,6}(?:协办|会办)|作为(?:协办|会办)")
# the lead handler in a site's record, keyed 主办 under 承办单位 or beside 协办 (a site's own
# 主办单位 alone is the body that runs it)
_LEAD_KEYED = re.compile(
    r"^\s*承办单位\s*[:：]\s*主办(?:单位)?\s*[:：]\s*([^\s|｜:：，,。]{2,30})"
    r"(?:\s+(?:协办|会办)(?:单位)?\s*[:：].*)?$"
    r"|^\s*主办(?:单位)?\s*[:：]\s*([^\s|｜:：，,。]{2,30})(?:\s+|\s*[|｜]\s*)(?:协办|会办)(?:单位)?\s*[:：]"
)
# a short lead handler (区水务局) keyed 主办单位 on its own line
_LEAD_SHORT = re.compile(r"^\s*主办单位\s*[:：]\s*([^\s|｜:：，,。]{3,30})\s*$")
# the keys of a handling record (when the paper was assigned, who oversees it): never a site's footer
_ASSIGNED = re.compile(r"(?:^|\s)(?:交办(?:时间|日期)|督办单位|牵头领导|审查结果)\s*[:：]")
_HANDLER_KEY = re.compile(r"^\s*(?:承办单位|办理单位|答复单位)\s*[:：]?\s*$")
# the handling department in a site's record whose keys and values run along one line
_RECORD_DEPT = re.compile(
    r"(?:^|\s)(?:办理部门|承办部门)\s*[:：]?\s*([^\s|｜:：，,。]{2,30})(?=\s|$)"
)


# a tag or a form's key in brackets before a name: [福建]福建省交通运输厅关于…, 【承办单位】：县交通运输局
_BRACKETED_LABEL = re.compile(r"^[【\[［][^】\]］]{1,12}[】\]］]\s*[:：]?\s*(?=\S)")


def _signature(sig: str) -> str:
    """A signature without a seal note (（盖章）) and without the spaces that spread a name out
    over the line (青 峪 县 教 育 局)."""
    sig = _SEAL.sub("", sig).strip()
    sig = _BRACKETED_LABEL.sub("", sig)  # 【承办单位】：县交通运输局: the form's key in brackets
    if _SPACED_NAME.match(sig):
        sig = re.sub(r"[ \u3000]", "", sig)
    return sig


# a page's stamp over the letter: a date with its time (2024-03-05 09:30 信息来源…, 编稿时间: …,
# 2024-3-5 09:30| 发布者…); a dated key of another kind is not the page's date
_STAMP = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*\d{1,2}:\d{2}(?!\d)")
# a disclosure mark alone on its line (主动公开, 公开方式：主动公开), the page's date under it
_DISCLOSED = re.compile(r"^\s*(?:公开(?:方式|属性|形式)\s*[:：]\s*)?(?:主动|依申请)公开\s*$")
_OTHER_DATE = re.compile(r"成文|生成|归档|印发|有效|废止|截止|截至|开始|结束|答复时间|办结")


def read_published(pg: Page, d: _Draft, salutation: int | None = None) -> None:
    """The page's publishing date: a keyed line of its chrome, else a timed stamp above the
    salutation."""
    for ln in pg.lines:
        if not ln.noise:
            continue
        m = PUBLISHED.search(ln.simp)
        if m:
            g = [x for x in m.groups() if x]
            dt = make_date(*g[:3])
            if dt:
                d.published = dt
                return
    for ln in pg.lines[: salutation or 0]:
        # 时间：2024-03-05   大 中 小   来源：…: an info bar the clean-up kept, above the letter
        m = PUBLISHED.search(ln.simp)
        dt = make_date(*[x for x in m.groups() if x][:3]) if m else None
        if dt:
            d.published = dt
            return
    top = pg.lines[: salutation or min(len(pg.lines), 30)]
    for i, ln in enumerate(top):  # 主动公开 / 2024.11.29: the date the page was made public
        if _DISCLOSED.match(ln.simp):
            j = pg.next_content(i + 1)
            m = _ISO_DATE.fullmatch(pg.lines[j].simp.strip()) if j is not None else None
            dt = make_date(*m.groups()) if m else None
            if dt:
                d.published = dt
                return
    for ln in pg.lines[: salutation or 0]:
        m = _STAMP.search(ln.simp)
        if m and not _OTHER_DATE.search(ln.simp[: m.start()]):
            dt = make_date(*m.groups())
            if dt:
                d.published = dt
                return


# the parties and the federation that take part in the CPPCC: their papers are 提案
_CPPCC_PARTY = re.compile(r"民革|民盟|民建|民进|农工|致公|九三学社|台盟|工商联")


def settle_role_kind(d: _Draft, review: list[ReviewNote]) -> None:
    """Role and kind, when the letter names only one of them (or its session)."""
    session = tx.key(str(d.session or ""))
    # the congress decides the kind: a CPPCC member's paper is a 提案 and a deputy's a 建议,
    # whatever word the letter uses for it (……的提案》的建议收悉, 县政协……第57号建议)
    by_session = (
        "提案"
        if "政协" in session
        else "建议"
        if re.search(r"人大|人民代表大会", session)
        else None
    )
    if by_session is None and d.kind != "提案" and re.search(r"提案\s*$", tx.key(d.title or "")):
        by_session = "提案"  # the paper's own title ends in 提案 (《关于……的提案》)
    if by_session and d.kind != by_session:
        if d.kind is not None:
            review.append(
                ReviewNote(
                    "kind",
                    f"the letter calls it {d.kind}; {by_session} follows from "
                    f"{'the session' if session else 'the title of the proposal'}",
                )
            )
        d.kind = by_session
    if d.role is None and not d.to_body:  # a body or group (民盟某委员会) has no role
        role = "委员" if "政协" in session else "代表" if "人大" in session else None
        if role is None and d.kind:
            role = "委员" if d.kind == "提案" else "代表"
        if role:
            d.role = role
            review.append(
                ReviewNote(
                    "role",
                    f"the salutation does not say; {role} follows from "
                    f"{'the session' if session else 'the kind of proposal'}",
                )
            )
    group = re.search(r"(代表|委员)(?:团|小组|组)", tx.key("、".join(d.addressees)))
    if d.role is None and d.to_body and group:
        d.role = group.group(1)  # 苏村代表团, 某镇委员小组: deputies or members together
    if d.kind is None and d.to_body:
        # a body of the CPPCC (县政协某委员会) or the congress addressed: its kind of proposal;
        # a democratic party or the federation of commerce (民盟某市委会) sits in the CPPCC
        body = tx.key("、".join(d.addressees))
        kind = (
            "提案"
            if "政协" in body or _CPPCC_PARTY.search(body) or re.search(r"委员(?:小组|组)", body)
            else "建议"
            if "人大" in body or re.search(r"代表(?:团|小组|组)", body)
            else None
        )
        if kind:
            d.kind = kind
            review.append(
                ReviewNote(
                    "kind",
                    f"the letter does not name it; {kind} follows from the body it answers",
                )
            )
    if d.kind is None:
        kind = {"委员": "提案", "代表": "建议"}.get(str(d.role))
        if kind:
            d.kind = kind
            review.append(
                ReviewNote(
                    "kind",
                    f"the letter does not name it; {kind} follows from the "
                    f"addressee being a {d.role}",
                )
            )


def is_this_letter(f: Facts, other: Reply) -> bool:
    """True when a reply in the tree answers the same proposal (number and session)."""
    if f.number is None or f.session is None:
        return False
    if other.number is None or other.session is None:
        return False
    return proposal_key(f.number, f.session) == proposal_key(other.number, other.session)


_KEYS = sorted(META_KEYS.split("|"), key=len, reverse=True)
# a key may be spaced out to fill its cell: 索 引 号, 文　　号
_SPACED = r"[\s\u3000]*"
_META_KEY = re.compile(
    "|".join(f"(?P<k{i}>{_SPACED.join(map(re.escape, k))})" for i, k in enumerate(_KEYS))
)
_VALUE_END = re.compile(r"[|｜\u3000\t]|\s{2,}")
_ISO_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
# a two-digit year first, then a time or nothing: 23/05/19 10:12:40
_SHORT_YEAR_DATE = re.compile(
    r"^\s*(\d{2})([-/.])(\d{1,2})\2(\d{1,2})(?=\s*(?:\d{1,2}:\d{2}|$|\s))"
)


# other layouts of the block: keys in brackets ("[ 发布日期 ] | 2022-05-25 |"), and a key alone on
# its line, bulleted or not, its value on the next ("- 日期" / "- 2020-10-09")
_BRACKET_KEY = re.compile(rf"[\[【]\s*({META_KEYS})\s*[\]】]\s*[|｜:：]?\s*([^|｜\[【]*)")
_KEY_ALONE = re.compile(rf"^(?:[-•·*]\s*)?({META_KEYS}|日期|发文机构)\s*[:：]?$")
_BULLET = re.compile(r"^[-•·*]\s*")
# a key and its date on one line, alone or bulleted, the key run into its value
# ("- 发布日期2018-08-19", "日期:2023-05-23" under the title)
_KEY_DATE = re.compile(
    rf"^(?:[-•·*]\s*)?({META_KEYS}|日期)\s*[:：]?\s*(\d{{4}}\s*[-/.]\s*\d{{1,2}}\s*[-/.]\s*\d{{1,2}})"
    r"(?:\s+\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?\s*$"
)


def _plain_meta(pg: Page) -> list[tuple[str, str]]:
    """Pairs of the block laid out in brackets, or a key and its value on two lines (bulleted,
    or a bare 日期 that clean does not know as a key)."""
    out: list[tuple[str, str]] = []
    lines = pg.lines
    for i, ln in enumerate(lines):
        if ln.blank:
            continue
        for m in _BRACKET_KEY.finditer(ln.simp):
            value = ln.text[m.start(2) : m.end(2)].strip()
            if value:
                out.append((m.group(1), value))
        kd = _KEY_DATE.match(ln.simp.strip())
        if kd and not ln.noise:  # a noise line is read by meta_block
            out.append((kd.group(1), kd.group(2)))
            continue
        k = _KEY_ALONE.match(ln.simp.strip())
        if k:
            j = next((x for x in range(i + 1, min(i + 3, len(lines))) if not lines[x].blank), None)
            if j is None:
                continue
            value = _BULLET.sub("", lines[j].text.strip())
            if value and not _KEY_ALONE.match(lines[j].simp.strip()) and len(value) <= 60:
                key = {"日期": "日期", "发文机构": "发布机构"}.get(k.group(1), k.group(1))
                out.append((key, value))
    return out


def meta_block(pg: Page) -> list[tuple[str, str]]:
    """The (key, value) pairs of a page's metadata block: 成文日期, 发布日期, 文号, 发文机关…"""
    out: list[tuple[str, str]] = []
    lines = pg.lines
    for i, ln in enumerate(lines):
        if not ln.noise:  # the block's lines are page chrome (clean marks them)
            continue
        keys = list(_META_KEY.finditer(ln.simp))
        for k, m in enumerate(keys):
            key = _KEYS[int(next(g for g, v in m.groupdict().items() if v)[1:])]
            stop = keys[k + 1].start() if k + 1 < len(keys) else len(ln.text)
            raw = ln.text[m.end() : stop].lstrip(" \t\u3000:：|｜]】")
            cut = _VALUE_END.search(raw)
            value = (raw[: cut.start()] if cut else raw).strip()
            if not value and k + 1 == len(keys):  # a key alone: its value is on the next line
                j = next(
                    (x for x in range(i + 1, min(i + 3, len(lines))) if not lines[x].blank), None
                )
                if (
                    j is not None
                    and lines[j].noise  # the letter's own line (its salutation) is no value
                    and not _META_KEY.match(lines[j].simp)
                    and not _KEY_ALONE.match(lines[j].simp.strip())
                ):
                    value = lines[j].text.strip()
            if value:
                out.append((key, value))
    return out + _plain_meta(pg)


def read_meta_title(pg: Page, d: _Draft) -> None:
    """The title printed only under a metadata key (标题：, 名称：, 文件名称：), page chrome to clean."""
    first: dict[str, str] = {}
    for k, v in meta_block(pg):
        first.setdefault(k, v)
    for k in ("标题", "文件名称", "名称"):
        t = first.get(k, "").strip()
        simp = tx.to_simplified_aligned(t)
        if t and len(t) <= 120 and TITLE_WORDS.search(simp):
            read_title(d, t, simp)
            return


_REPLY_KEYED = re.compile(
    r"^\s*(?:答复时间|答复日期|回复时间|回复日期)\s*[:：]\s*"
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})日?\s*$"
)


# the date, read as a date line (2023-08-21, 2023年8月21日, 2023821), up to the next key or space
_FORM_DONE = re.compile(
    r"办结(?:时间|日期)\s*[:：]\s*([0-9０-９〇○零一二三四五六七八九十年月日\-/.]{7,16})"
)


_SIGNED_KEYED = re.compile(
    r"(?:^|\s|[|｜])签发(?:日期|时间)\s*[:：|｜]?\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
)


# a page's record printed as values without their keys, one a line: the index number first
# (410522318/2022-00147), then the publisher, the subject, dates
_BARE_INDEX = re.compile(r"^[•·\-*]?\s*[0-9A-Za-z\-]{6,30}/\d{4}-\d{3,8}$")
_BARE_DATE = re.compile(
    r"^[•·\-*]?\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"
)


def bare_record_dates(pg: Page) -> list[date]:
    """The dates of a record of bare values (its keys lost in the copy: 索引号's value, then
    发布机构, 主题分类, 成文日期, 发布日期 as values only), in the order printed."""
    lines = [ln.simp.strip() for ln in pg.lines[:30] if not ln.blank]
    for i, s in enumerate(lines):
        if _BARE_INDEX.match(s):
            if i > 0 and re.search(r"[:：]$", lines[i - 1]):
                return []  # a keyed record (索引号： / 113…/2024-00731): read under its keys
            found: list[date] = []
            for v in lines[i + 1 : i + 8]:
                if len(v) > 40 or re.search(r"[:：]$", v):
                    break  # the record ends at the title or the salutation
                m = _BARE_DATE.match(v)
                dt = make_date(*m.groups()) if m else None
                if dt:
                    found.append(dt)
            return found
    return []


# a document number under its key in a form other than 某字〔2024〕8号: letters, figures, a dash
_KEYED_DOC = re.compile(
    r"[\u3400-\u9fffA-Za-z]{0,10}[〔﹝\[［【(（]?\d{2,4}[〕﹞\]］】)）\-－—/]?\s*\d{1,6}号?"
)


def read_meta(pg: Page, d: _Draft) -> None:
    """Facts from the page's metadata block, where the letter itself does not give them."""
    meta = meta_block(pg)
    d.meta = tuple(meta)
    first: dict[str, str] = {}
    for k, v in meta:
        first.setdefault(k, v)
    if d.doc_number is None:
        for k in ("文号", "发文字号"):
            m = DOC_NUMBER.search(tx.to_simplified_aligned(first.get(k, "")))
            if m:
                d.doc_number = first[k][m.start() : m.end()]
                break
    if d.doc_number is None:
        for k in ("文号", "发文字号"):
            # the key says what its value is: a number in another form (2022-92) is the number
            v = first.get(k, "").strip()
            if _KEYED_DOC.fullmatch(v) and not _ISO_DATE.search(v):
                d.doc_number = v
                break
    if d.reply_date is None:
        # a site's record of the reply: 答复时间：2025-03-12 on a line of its own
        for ln in pg.lines:
            m = _REPLY_KEYED.match(ln.simp)
            if m and make_date(*m.groups()):
                d.reply_date = make_date(*m.groups())
                break
    if d.reply_date is None:
        # a handling form's 办结时间 (when the answer was done), its date's words left out by the
        # site: 办结时间:2023821 is 2023-08-21 (2023-82-1 is no date); read when one reading stands
        for ln in pg.lines[:40]:
            m = _FORM_DONE.search(ln.simp)
            if m:
                dm = DATE_LINE.match(m.group(1))
                d.reply_date = line_date(dm) if dm else None
                break
    if d.reply_date is None:
        # a site's record run along a line: 签发人 某某 签发日期 2024-08-21 10:05 (its signing),
        # or a table's row: | 签发人 | 某某 | 签发日期 | 2024年8月21日 |
        for ln in pg.lines[:30]:
            m = _SIGNED_KEYED.search(ln.simp)
            if m and make_date(*m.groups()):
                d.reply_date = make_date(*m.groups())
                break
    if d.reply_date is None:
        # 成文时间 is 成文日期 under another name (发文时间 and 发文日期 stay unread: they date
        # the sending, which labellers take for the letter's date or not)
        for k in ("成文日期", "公文生成日期", "生成日期", "成文时间"):
            v = first.get(k, "")
            m = _ISO_DATE.search(v)
            if m and k == "生成日期" and re.search(r"\d{1,2}:\d{2}", v[m.end() :]):
                continue  # 生成日期：2020-05-06 09:41: a page's stamp with its time, read below
            if m:
                d.reply_date = make_date(*m.groups())
                if d.reply_date:
                    break
    # a bare 日期 in the block, or the catalogue's 著录日期: the page's date
    for k in ("发布日期", "发布时间", "著录日期", "日期"):
        if k == "日期" and d.published is not None:
            break
        m = _ISO_DATE.search(first.get(k, ""))
        if m and make_date(*m.groups()):
            d.published = make_date(*m.groups())
            break
        # 发布日期:23/05/19 10:12:40: a site's stamp with a two-digit year, year first
        m = _SHORT_YEAR_DATE.match(first.get(k, ""))
        if m and k != "日期" and make_date("20" + m[1], m[3], m[4]):
            d.published = make_date("20" + m[1], m[3], m[4])
            break
    if d.published is None:
        # 发文日期：2019年09月16日 11:26:00: a date stamped with its time is when the page went
        # up, not the date the letter bears; so is a date after the one the letter bears
        for k in ("发文日期", "发文时间", "生成日期"):
            v = first.get(k, "")
            m = _ISO_DATE.search(v)
            dt = make_date(*m.groups()) if m else None
            if m is None or dt is None:
                continue
            stamped = re.search(r"\d{1,2}:\d{2}", v[m.end() :]) is not None
            if stamped or (d.reply_date is not None and dt > d.reply_date):
                d.published = dt
                break
    bare = bare_record_dates(pg) if d.published is None or d.reply_date is None else []
    if d.published is None and bare:
        d.published = bare[-1]  # the page's date is the record's last
    if d.reply_date is None and len(bare) >= 2:
        # the first of two or more comes where the record keeps its 成文日期 (the letter's date)
        d.reply_date = bare[0]
    if d.source_line is None:
        # the block's 来源: 乌恰县畜牧兽医局, where 发布机构 is the portal's government
        for k in ("来源", "信息来源"):
            source = first.get(k, "").strip()
            if source and iss.looks_like_body(tx.to_simplified(source)):
                d.source_line = source
                break
    for k in ("发文机关", "发文机构", "发布机构", "发文单位"):
        name = first.get(k)
        if name and (
            iss.looks_like_body(tx.to_simplified(name)) or iss.township(tx.to_simplified(name))
        ):
            d.meta_issuer = name
            return
    for k in ("所属机构", "责任部门"):
        # the body whose disclosure catalogue holds the page (所属机构), or the department
        # responsible for it: a known department or government, never an office alone
        name = first.get(k)
        simp = tx.to_simplified(name or "")
        b = iss.bureau_of(simp)
        if (
            name
            and iss.looks_like_body(simp)
            and b is not None
            and not re.fullmatch(r"[省市县区]?(?:政府)?办公(?:室|厅)|[省市县区]?政府办", simp)
        ):
            d.meta_issuer = name
            return
