"""Stage 2, the structure: a Page -> where the letter's parts are (salutation, body, sections).

The header (title, document number), the salutation, the opening paragraph, the progress
section, the next-steps section(s) as paragraphs, and the tail (closing, signature, date).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, replace

from tracker import issuers as iss
from tracker import text as tx
from tracker.extract.clean import Line, Page
from tracker.extract.patterns import (
    AS_FOLLOWS,
    CLOSING,
    DATE_LINE,
    DOC_NUMBER,
    ENDS_SENTENCE,
    INTRO,
    LEAD_COLON,
    LEAD_STOP,
    NS_CLAUSE,
    NS_HEAD,
    NS_LEAD,
    NS_LEAD_ANY,
    OPENING,
    PROBLEMS,
    PROGRESS_HEAD,
    REPLY_WORDS,
    SALUTE,
    SALUTE_ORG,
    SENTENCE_START,
    SIGNATURE_CONTACT,
    TITLE_END,
    TITLE_WORDS,
    para_marker,
)
from tracker.model import LetterSection, NotALetterError, SectionKind


@dataclass(frozen=True)
class Para:
    """A paragraph of a next-steps section: one or more lines joined by newlines."""

    text: str
    simp: str
    starts: tuple[int, ...]  # offset in text where each line starts
    nos: tuple[int, ...]  # the line numbers
    # the indexes of its lines in the Page, where paragraphs() made it (pieces of a letter run
    # into one line share their line number, not their index)
    idx: tuple[int, ...] = ()

    def line_at(self, pos: int) -> int:
        """The line number of the character at pos."""
        return self.nos[max(0, bisect.bisect_right(self.starts, pos) - 1)]


@dataclass(frozen=True)
class Block:
    """A next-steps section: where it starts, its heading, where its items start and end."""

    line: int  # index of its first line (the heading, or the opening paragraph)
    heading: str | None
    items_from: int
    offset: int | None  # where the text after a heading on the same line starts
    end: int  # index of the line after it
    area: str | None = None  # for letters answering point by point: the point it answers
    paras: tuple[Para, ...] = ()
    scan: bool = False  # no next-steps section: its promises are found sentence by sentence


@dataclass(frozen=True)
class Structure:
    """Where a letter's parts are, as line indexes into its Page."""

    salutation: int | None
    intro: int | None
    body_start: int
    end: int  # first line after the body: closing, signature, date or footer
    header_end: int
    blocks: tuple[Block, ...]
    progress: tuple[LetterSection, ...]
    ending_warnings: tuple[tuple[int | None, str], ...]
    # read as a letter on request although it looked like something else: what it looked like
    taken_for: str | None = None


_SUMMARY_TITLE = re.compile(
    r"办理(?:工作)?(?:情况)?(?:的)?(?:总结|报告|通报)|办理工作(?:情况|开展情况)|工作总结"
    r"|办理(?:工作)?总体情况"  # 某局某年度人大建议、政协提案办理总体情况
    # 某区2024年人大代表建议、政协提案办理情况: a year's handling, no one proposal's number
    r"|^[^第号：:。]{0,20}\d{4}\s*年(?:度)?[^第号：:。]{0,30}(?:建议|提案|议案)\s*办理情况\s*$"
)
# a report to the congress's standing committee, read at its meeting: the address to its officers
# (主任、各位副主任、秘书长、各位委员：)
_TO_STANDING_COMMITTEE = re.compile(r"^\s*(?:尊敬的)?主任\s*[、，,]\s*(?:各位)?副主任")
# a forum thread: its posts numbered by floor (2楼, 3楼#)
_FORUM_FLOOR = re.compile(r"^\s*\d{1,4}\s*楼\s*#?\s*$")
# a site's record of the handling in the third person: 1.建议情况。… 2.答复情况。…
_RECORD_PART = re.compile(
    r"^\s*(?:[0-9０-９]{1,2}\s*[.、．]|[一二三四五][、.])?\s*(建议情况|提案情况|答复情况)\s*[。.：:]"
)
_SUMMARY_COUNTS = re.compile(
    r"共(?:承办|办理|收到|接收)|(?:办结|办复|答复|满意|面商|见面)率"
    r"|(?:建议|提案|议案)\s*(?:共计?|合计)?\s*\d+\s*件"
)
# an official's mailbox named at the page's top (当前位置：市长信箱回复)
_MAILBOX = re.compile(r"(?:市长|县长|区长|州长|书记|局长|镇长|乡长)信箱")
_BOARD_KEYS = re.compile(
    r"来信人|来信时间|来信内容|信件编号|信件类型|信件标题|留言人|留言时间|留言内容|留言标题|网友|"
    r"回复单位|回复时间|回复内容|办理状态|满意度评价|信箱|留言板|问政"
    r"|留言日期|处理状态|发言内容|发言人|回复部门|回复人"
)
# an answer addressed to a member of the public, not to a deputy or a member
# (a board may run it in after its answer's key: 官方回复：尊敬的市民：您好！)
_TO_CITIZEN = re.compile(
    r"^\s*(?:[^:：，,。]{0,6}(?:回复|答复|回复内容|答复内容)\s*[:：]\s*)?"
    r"(?:尊敬的)?(?:网民|网友|市民|群众)(?:朋友|同志)?(?:们)?(?:[，,]?\s*[您你]好[！!]?)?\s*[:：]"
)
# a report read out to the congress or the CPPCC on the handling: 我代表县人民政府就……提案办理
# 情况作如下报告 (to 各位委员, a salutation as a reply's, but a report)
_DELIVERS_REPORT = re.compile(
    r"我代表[^。，,]{2,20}[，,]?\s*(?:(?:就|将|向)[^。]{2,60}(?:办理|落实)(?:工作)?情况[^。]{0,12}"
    r"(?:报告|汇报)|(?:报告|汇报)[^。]{2,60}(?:办理|落实)(?:工作)?情况)"
)
_SUGGESTION_KEYS = re.compile(
    r"领衔代表|附议代表|附议人|联名代表|提案人|建议编号|提案编号|案由|建议内容|提案内容|交办单位|"
    r"建议类别|提案类别|审查意见|立案"
    # the congress's form for a deputy's paper: 事由, 代表姓名, 代表团 as keys on lines of their own
    r"|事[ \t\u3000]*由(?=[ \t\u3000]*(?:\n|$|[:：]))|代表姓名|代表团(?=[ \t\u3000]*(?:\n|$|[:：]))"
)
_NEWS = re.compile(
    r"记者|通讯员|本报讯|本网讯|讯[（(]|近日[，,]|日前[，,]|\d{1,2}月\d{1,2}日(?:上午|下午|晚上?)?[，,]"
    r"|据悉|会议指出|会议要求"
    # the deputy or member in the third person, the paper told as a past event: 某某代表在市…
    # 会议提出了第12号建议 (a reply says 您在……提出的)
    r"|(?:代表|委员)(?:在|于)[^。，,；;]{2,40}(?:会议|大会)(?:上|期间)?(?:提出|提交|领衔提出)了"
)
# a news item's title: a body held a meeting (区人大常委会召开…督办会, 县政协举行…座谈会)
_MEETING_TITLE = re.compile(r"^[^。，,：:；;]{2,30}(?:召开|举行|举办)[^。，,：:；;]{2,30}会议?$")
# a co-handler's opinion to the lead bureau: the reply to the deputy or member is the lead's
_CO_HANDLING = re.compile(
    r"(?:协办|会办|协助办理|配合办理)(?:单位)?的?(?:答复)?(?:意见|答复|函)|作为(?:协办|会办|配合)单位"
)
# one government body writing to another (贵局转来的…, 我局意见如下): the voice of a co-handler
_TO_ANOTHER_BODY = re.compile(r"[贵你](?:局|委|办|厅|单位)|意见如下")
_BARE_NAME = re.compile(r"[\u4e00-\u9fff]{3,30}")
_GOV_ADDRESSEE = re.compile(r"(?:局|厅|委|办|办公室|政府|管委会|中心|支队|大队|公司|街道|办事处)$")
# a report on the handling to the congress's standing committee or the government
_REPORT_ADDRESSEE = re.compile(r"(?:人大常委会|人民政府|政府)$")
_REPORT_VOICE = re.compile(r"(?:报告|汇报)如下|的报告$")
# a report's title on the feedback to views a body gathered: 某局关于2020年“政府开放日”意见建议
# 反馈情况的报告
_FEEDBACK_REPORT = re.compile(
    r"(?:意见|建议)[^第号：:。]{0,10}(?:反馈|采纳)(?:工作)?情况的?(?:报告|汇报)$"
)
# a notice to the bureau's own offices (各股室、局属各单位：)
_INTERNAL_ADDRESSEE = re.compile(r"^各[^:：，,。]{1,30}[:：]$")
_NOT_GOV = re.compile(r"政协|人大|代表|委员|民进|民盟|民建|民革|九三|致公|农工|台盟|工商联|组$")
# a plan of work (工作方案, 实施方案, 工作要点): measures for the handling, no suggestion answered
_PLAN_TITLE = re.compile(r"(?:工作|实施|办理)方案$|工作(?:计划|要点)$|的通知$")
# a list of several suggestions, each with a short answer: titles in 《》 of suggestions
_LISTED_TITLE = re.compile(
    r"《([^》]{4,60}(?:建议|提案|议案))》|(关于[^。，,；;|｜《》]{4,40}的(?:建议|提案))"
)
# a suggestion's or proposal's own title, and the voice of a body answering one (none in the
# suggestion's text: its asks are 建议县水利局…, not 我局将…)
_OWN_TITLE = re.compile(r"^关于[^。：:]{2,60}的(?:建议|提案|议案)$")
_ANSWER_VOICE = re.compile(
    r"我(?:局|委|办|厅|镇|乡|街道|区|县|市|单位|们|院|所|中心|公司|部)|下一?步|收悉|答复|复函|回复"
)
# a department answering a member of the public: what they 反映, greeted with 您好
_CITIZEN_VOICE = re.compile(
    r"[您你](?:所|们)?反映的|^[\s　]*[您你]好[！!，,]|[您你]的(?:提问|留言|来信|咨询)"
)
# the words a reply to a deputy or a member names its paper or its reader by
_PAPER_WORDS = re.compile(r"建议|提案|议案|代表|委员|政协|人大")
_REPLYING = re.compile(r"收悉|答复如下|函复如下|复函如下|回复如下|现答复|现函复|现就.{0,20}答复")
# a key of a suggestion's record at the start of its line (领衔代表：…, 答复内容：…): printed
# twice, a page of several suggestions, each with its record and its answer
_RECORD_KEY_LINE = re.compile(
    r"^\s*(?:[-•·*]\s*)?(领衔代表|附议代表|建议内容|提案内容|议案内容|答复内容)\s*[:：]", re.M
)
# the writer, then the paper's own title run in after the colon: 某某委员：关于……的建议。
_WRITER_THEN_TITLE = re.compile(
    r"^\s*[^:：，,。；;\s]{2,20}(?:委员|代表)\s*[:：]\s*关于[^。：:]{2,60}的(?:建议|提案|议案)[。.]"
)


# a sentence of the closing that hopes or invites (希望…, 恳请…, 欢迎…): no next steps of the letter's
_HOPE_START = re.compile(
    r"\s*(?:(?:也|还|并|同时)[，,]?)?(?:衷心|真诚|诚挚)?(?:希望|期望|期待|恳请|欢迎)"
)


_RUN_IN_POINT = re.compile(r"(?:关于|对于|针对)[^。：:；;，,]{2,30}[。：:]")
_RUN_IN_HEAD = re.compile(r"[^。：:；;，,！!？?]{2,30}[。：:]")
_POINT_TITLE = re.compile(r"(?:关于|对于|针对)|[^。，,]{2,30}(?:问题|建议|方面)[。：:]?\s*$")


def page_kind(pg: Page) -> str | None:
    """What a page that is not a reply letter looks like, or None when it may be one."""
    content = pg.content(0, len(pg.lines))
    text = "\n".join(ln.simp for ln in pg.lines)
    body = "\n".join(ln.simp for ln in content)
    head = [ln.simp for ln in content[:12] if len(ln.simp) <= 80]
    replying = bool(_REPLYING.search(body))
    if len({m.group(0) for m in _BOARD_KEYS.finditer(text)}) >= 3:
        return (
            "a citizen's message-board or mailbox exchange (留言板, 信箱: a letter from the public "
            "and a department's answer), not a reply to a deputy's suggestion or a member's proposal"
        )
    if not replying and len({m.group(0) for m in _SUGGESTION_KEYS.finditer(text)}) >= 2:
        return (
            "the text of a suggestion or proposal itself (领衔代表, 附议, 案由…) with no reply "
            "from a department"
        )
    if (
        not replying
        and any(_WRITER_THEN_TITLE.match(ln.simp) for ln in content[:8])
        and not _ANSWER_VOICE.search(body)
    ):
        return (
            "the text of a suggestion or proposal itself (its writer, its title and the "
            "asks) with no reply from a department"
        )
    if max(Counter(_RECORD_KEY_LINE.findall(text)).values(), default=0) >= 2:
        return (
            "a list of several suggestions or proposals, each with its record (领衔代表, "
            "答复内容…) and its answer, not one reply letter; import each reply letter on its own"
        )
    if any(_SUMMARY_TITLE.search(h) for h in head) and len(_SUMMARY_COUNTS.findall(body)) >= 2:
        return (
            "a summary of how a year's suggestions and proposals were handled (counts, rates, "
            "办理工作总结), not a reply to one of them"
        )
    if any(_DELIVERS_REPORT.search(ln.simp) for ln in content[:15]):
        return (
            "a report on the handling of suggestions or proposals read to the congress or the "
            "CPPCC (我代表……就……办理情况作如下报告), not the reply letter to the deputy or member"
        )
    if any(_TO_STANDING_COMMITTEE.match(ln.simp) for ln in content[:15]):
        return (
            "a report on the handling to the congress's standing committee (主任、各位副主任…), "
            "not the reply letter to the deputy or member"
        )
    if sum(1 for ln in content if _FORUM_FLOOR.match(ln.simp)) >= 2:
        return (
            "a forum thread (posts numbered by floor, 2楼, 3楼): a citizen's post and an answer, "
            "not a reply to a deputy's suggestion or a member's proposal"
        )
    if any(_TO_CITIZEN.match(ln.simp) for ln in content[:40]):
        return (
            "a citizen's message-board or online Q&A exchange (an answer addressed to 网民/网友, "
            "网络问政), not a reply to a deputy's suggestion or a member's proposal"
        )
    salute = any(SALUTE.match(ln.simp) for ln in content[:40] if len(ln.simp) <= 200)
    if (
        not salute
        and _MAILBOX.search("\n".join(ln.simp for ln in pg.lines[:8]))
        and not _PAPER_WORDS.search(text)
    ):
        return (
            "a department's answer to a member of the public who wrote to an official's "
            "mailbox (市长信箱), not a reply to a deputy's suggestion or a member's proposal"
        )
    if (
        not salute
        and _BOARD_KEYS.search(text)
        and any(_CITIZEN_VOICE.search(ln.simp) for ln in content[:20])
    ):
        return (
            "a department's answer to a member of the public (信箱, 留言板: what you 反映), not a "
            "reply to a deputy's suggestion or a member's proposal"
        )
    if (
        not salute
        and not _PAPER_WORDS.search(text)
        and any(_CITIZEN_VOICE.search(ln.simp) for ln in content[:20])
    ):
        # a site's board with no keys left (留言, then 您好，您反映的问题……): no deputy, member
        # or paper anywhere, only a citizen answered
        return (
            "a department's answer to a member of the public (您好, what you 反映), with no "
            "deputy, member or suggestion named, not a reply to a suggestion or proposal"
        )
    parts = {m.group(1) for ln in content[:12] if (m := _RECORD_PART.match(ln.simp))}
    if not salute and "答复情况" in parts and len(parts) >= 2:
        return (
            "a site's record of the handling (建议情况, 答复情况, in the third person), not the reply "
            "letter to the deputy or member"
        )
    if not salute and co_handling(content):
        return (
            "a co-handler's opinion (协办意见, 会办意见) sent to the bureau that leads the "
            "handling, not the reply letter to the deputy or member"
        )
    if not salute and any(_OWN_TITLE.match(h) for h in head[:3]) and not _ANSWER_VOICE.search(body):
        return (
            "the text of a suggestion or proposal itself (its title, the case and the asks) with "
            "no reply from a department"
        )
    if not salute and report_to_government(content):
        return (
            "a report on the handling to the congress's standing committee or the government "
            "(…报告如下), not the reply letter to the deputy or member"
        )
    if (
        not salute
        and any(_FEEDBACK_REPORT.search(h) for h in head)
        and any(_REPORT_VOICE.search(ln.simp) for ln in content[:15])
    ):
        return (
            "a report upward on the feedback given to views gathered (…意见建议反馈情况的报告, "
            "…汇报如下), not the reply letter to a deputy or member"
        )
    if not salute and any(_INTERNAL_ADDRESSEE.match(ln.simp) for ln in content[:8]):
        return (
            "a notice or plan sent to a bureau's own offices (各股室：) about the handling, not a "
            "reply to a suggestion or proposal"
        )
    if not salute and not replying and any(_MEETING_TITLE.match(h) for h in head[:3]):
        return "a news item about a meeting on the handling of suggestions or proposals"
    if not salute and not replying and any(_PLAN_TITLE.search(h) for h in head[:3]):
        return (
            "a work plan (工作方案, 工作要点) for handling suggestions or proposals, not a reply "
            "to one of them"
        )
    if not salute and not replying and len(_NEWS.findall(body)) >= 1:
        return "a news item about the handling of suggestions or proposals, not a reply letter"
    if not salute and not replying and _SUMMARY_COUNTS.search(body):
        return (
            "a summary of how suggestions and proposals were handled (共承办…件, with no "
            "salutation and no reply to one of them), not a reply letter"
        )
    if len(answering_bodies(content)) >= 2:
        return (
            "several bodies' replies on one page (each with its title and salutation), not one "
            "reply letter; import each reply letter on its own"
        )
    if not salute and digest_of_results(content):
        return (
            "a digest of handling results (numbered titles of suggestions or proposals, each with "
            "its 办理情况), not one reply letter; import each reply letter on its own"
        )
    if not salute and len({a or b for a, b in _LISTED_TITLE.findall(body)}) >= 3:
        return (
            "a list of several suggestions or proposals with their answers, not one reply letter; "
            "import each reply letter on its own"
        )
    return None


# a reply's title opening with its writer: 某镇人民政府关于……
_WRITER_TITLE = re.compile(r"^\s*(?P<body>[^，,。；;：:\s]{4,40}?)(?:关于|对)")


def answering_bodies(content: list[Line]) -> set[str]:
    """The bodies whose reply letters a page prints, each a title naming its writer followed
    within three lines by a salutation (several towns answering one suggestion on one page)."""
    found = set()
    for k, ln in enumerate(content):
        m = _WRITER_TITLE.match(ln.simp)
        if not m or len(ln.simp) > 80 or not TITLE_WORDS.search(ln.simp):
            continue
        body = m.group("body")
        if not (iss.looks_like_body(body) and iss.names_place(body)):
            continue
        if any(SALUTE.match(x.simp) for x in content[k + 1 : k + 4] if len(x.simp) <= 200):
            found.add(tx.key(body))
    return found


# a numbered title of a suggestion or proposal on its own line (1.关于……的提案), and the key
# of the short account a digest prints under each (办理情况：……)
_NUMBERED_OWN_TITLE = re.compile(
    r"^\s*[0-9０-９]{1,2}\s*[.、．]\s*关于[^。：:]{2,60}的(?:建议|提案|议案)\s*$"
)
_RESULT_KEY = re.compile(r"^\s*(?:办理情况|办理结果|答复情况|落实情况)\s*[:：]")


def digest_of_results(content: list[Line]) -> bool:
    """True when a page lists two or more suggestions or proposals by numbered title, each
    followed within three lines by its handling account (1.关于……的提案 / 办理情况：……)."""
    found = 0
    for k, ln in enumerate(content):
        if _NUMBERED_OWN_TITLE.match(ln.simp) and any(
            _RESULT_KEY.match(x.simp) for x in content[k + 1 : k + 4]
        ):
            found += 1
    return found >= 2


def co_handling(content: list[Line]) -> bool:
    """True when the page is a co-handler's opinion: it calls itself one (协办意见, 作为会办单位)
    near its top and is addressed to a government body, not to a deputy, member or group."""
    top = content[:15]
    if not any(
        _CO_HANDLING.search(ln.simp) or _TO_ANOTHER_BODY.search(ln.simp) or _paper_told(ln.simp)
        for ln in top
    ):
        return False
    name = _addressee(top) or _bare_addressee(top) or _run_in_addressee(top)
    return bool(name and _GOV_ADDRESSEE.search(name) and not _NOT_GOV.search(name))


# the deputies or members in the third person, as the opening names the paper to the body that
# leads its handling (某某等2位委员提出的《……》收悉), where a reply says 您提出的
_PAPER_TOLD = re.compile(r"(?:代表|委员)们?(?:提出|所提|领衔提出|联名提出)的[^。]{0,60}收悉")


def _paper_told(simp: str) -> bool:
    m = _PAPER_TOLD.search(simp)
    return m is not None and not re.search(r"[您你]", simp[: m.start()])


# the body an opinion is sent to, run in after its title on one line (a copy that lost its line
# breaks): ……第12号提案的会办意见市某局：某某委员提出的……
_RUN_IN_ADDRESSEE = re.compile(
    r"(?:协办|会办|协助办理|配合办理)(?:单位)?的?(?:答复)?意见\s*"
    r"([\u4e00-\u9fff]{2,24}?(?:局|厅|委|办公室|政府|管委会|中心))\s*[:：]"
)


def _run_in_addressee(top: list[Line]) -> str | None:
    """A body's name with its colon right after the opinion's title on the same line."""
    for ln in top:
        m = _RUN_IN_ADDRESSEE.search(ln.simp)
        if m:
            return m.group(1)
    return None


def _bare_addressee(top: list[Line]) -> str | None:
    """A body's name alone on its line, with no colon, right above the opening that acknowledges
    the suggestion (区住房保障房屋管理局 / ……建议收悉): the body an opinion is sent to."""
    for a, b in zip(top, top[1:], strict=False):
        name = a.simp.strip()
        if _BARE_NAME.fullmatch(name) and _GOV_ADDRESSEE.search(name) and OPENING.search(b.simp):
            return name
    return None


def _addressee(top: list[Line]) -> str | None:
    """The body a page is addressed to (县交通运输局：), when its first address is a body's."""
    for ln in top:
        m = SALUTE_ORG.match(ln.simp)
        if m and len(ln.simp) <= 40 and not m.group("rest"):
            return m.group("names")
    return None


def report_to_government(content: list[Line]) -> bool:
    """True when the page reports on the handling to the congress's standing committee or the
    government (县人大常委会： / 现将办理情况报告如下), not to the deputy or member."""
    top = content[:15]
    name = _addressee(top)
    return bool(
        name and _REPORT_ADDRESSEE.search(name) and any(_REPORT_VOICE.search(ln.simp) for ln in top)
    )


AS_LETTER_HINT = (
    "import the reply letter (答复, 复函) itself; this page cannot be followed up "
    "(to follow it up all the same, import it with --as-letter)"
)


def read_structure(pg: Page, *, as_letter: bool = False) -> Structure:
    """The parts of a letter; NotALetterError when the page holds no reply letter, unless
    `as_letter` asks to read it as one all the same (what it looked like is then in `taken_for`)."""
    kind = page_kind(pg)
    if kind and not as_letter:
        raise NotALetterError(f"not a reply letter: the page looks like {kind}", AS_LETTER_HINT)
    sal = find_salutation(pg)
    intro_from = sal if sal is not None else find_intro_line(pg)
    if intro_from is None:
        intro_from = form_answer(pg)
    body_start = find_body_start(pg, sal, intro_from)
    end = find_end(pg, body_start)
    blocks = find_next_steps(pg, body_start, end)
    header_end = next(
        i for i in (sal, intro_from, blocks[0].line if blocks else 0) if i is not None
    )
    replying = bool(blocks) and any(
        REPLY_WORDS.search(ln.simp) for ln in pg.content(0, blocks[0].line)
    )
    if sal is None and intro_from is None and not replying and not (blocks and signed(pg, end)):
        if not as_letter:
            raise NotALetterError(
                "no reply letter found in it (no salutation such as “XX委员：”, no "
                "“…收悉” opening, no next-steps section)"
            )
        kind = kind or "no reply letter (no salutation, no “…收悉” opening, no next-steps section)"
    progress: list[LetterSection] = []
    gaps = [(body_start, blocks[0].line if blocks else end)]
    gaps += [(a.end, b.line) for a, b in zip(blocks, blocks[1:], strict=False)]
    for a, b in gaps:
        prog = pg.content(a, b)
        if prog:
            body = prog[0].simp
            pm = para_marker(body)
            head = body[pm[2] :] if pm else body
            heading = prog[0].text if len(head) <= 24 and PROGRESS_HEAD.search(head) else None
            progress.append(LetterSection(SectionKind.PROGRESS, heading, prog[0].no, prog[-1].no))
    if not blocks:  # no next-steps section: the promises are read sentence by sentence
        blocks = [Block(body_start, None, body_start, None, end, scan=True)]
    blocks = [
        replace(blk, paras=tuple(paragraphs(pg, blk.items_from, blk.end, first_offset=blk.offset)))
        for blk in blocks
    ]
    return Structure(
        salutation=sal,
        intro=intro_from,
        body_start=body_start,
        end=end,
        header_end=header_end,
        blocks=tuple(blocks),
        progress=tuple(progress),
        ending_warnings=tuple(check_ending(pg, body_start, end)),
        taken_for=kind,
    )


def signed(pg: Page, end: int) -> bool:
    """True when the body ends with a body's name and a date (青石镇人民政府 / 2023年9月8日): an
    excerpt of a letter copied without its salutation and opening still reads as one."""
    tail = pg.content(end, min(len(pg.lines), end + 6))
    for a, b in zip(tail, tail[1:], strict=False):
        c = SIGNATURE_CONTACT.search(a.simp)  # 茅坪乡人民政府    联系电话：…
        name = (a.simp[: c.start()] if c else a.simp).strip()
        if iss.looks_like_body(name) and iss.names_place(name):
            return bool(is_date_line(b))
    return False


def is_date_line(ln: Line) -> re.Match[str] | None:
    """The match of a date line (optionally after a signature), for short lines."""
    return DATE_LINE.match(ln.simp) if len(ln.simp) <= 50 else None


# a key of a site's record over the answer (办理结果：, 答复内容：), not a body addressed
_RECORD_FIELD = re.compile(
    r"^(?:办理|答复|回复|建议|提案|议案|问题)(?:结果|情况|内容|意见|答复|回复)$"
)
# a record's keys over a proposal (领衔代表：某某, 附议代表：…), which read like a salutation
RECORD_ROLE_KEY = re.compile(r"^(?:领衔|附议|联名|牵头|提出|提案|建议)(?:人|者)?$")


def find_salutation(pg: Page) -> int | None:
    lines = pg.lines
    record: int | None = None  # 领衔代表：某某, taken when no salutation proper follows
    limit = min(len(lines), 60)
    for i, ln in enumerate(lines[:limit]):
        if not ln.blank and not ln.noise and OPENING.search(ln.simp):
            limit = i + 1
            break
    for i in range(min(limit, len(lines))):
        ln = lines[i]
        if ln.blank or ln.noise:
            continue
        m = SALUTE.match(ln.simp)
        if m and len(ln.simp) > 200:
            # a long line is a salutation only when the letter runs on from it: 某某代表：您提出的……收悉
            rest = m.group("rest") or ""
            if not INTRO.search(rest[:60]):
                continue
        if m and not TITLE_WORDS.search(m.group("names")):
            if RECORD_ROLE_KEY.match(m.group("names").strip()):
                record = i if record is None else record
                continue
            return i
    # a body or group addressed by name ("民进广州市委会："), followed by the opening
    for i in range(min(limit, len(lines))):
        ln = lines[i]
        if ln.blank or ln.noise:
            continue
        m = SALUTE_ORG.match(ln.simp)
        if (
            m
            and not TITLE_WORDS.search(m.group("names"))
            and not DOC_NUMBER.search(ln.simp)
            and not _RECORD_FIELD.match(m.group("names"))  # 办理结果：, the answer under it
        ):
            rest = m.group("rest")
            j = pg.next_content(i + 1)
            if INTRO.search(rest) or (not rest and j is not None and INTRO.search(lines[j].simp)):
                return i
    return record


# a handling form's title (某市政协五届二次会议提案办理回复单, 建议办理答复单) and its answer's key on a
# line of its own (办理回复：), the answer below it: the form's reply, no salutation, no opening
_FORM_TITLE = re.compile(r"(?:建议|提案|议案)(?:办理)?(?:回复|答复|结果)(?:单|表)\s*$")
_FORM_ANSWER = re.compile(
    r"^\s*(?:办理回复|办理答复|答复意见|答复内容|回复内容|办理结果)\s*[:：]\s*$"
)


# a site's record of a paper and its reply: 建议人：…, 主办单位：…, 答复时间：…, then the page's
# tabs 答复内容 / 建议内容 (no colon) above the answer
_RECORD_KEY = re.compile(
    r"^\s*(?:建议人|提案人|领衔人|领衔代表|主办单位|承办单位|办理单位|答复时间|答复日期)\s*[:：]"
)
_RECORD_TAB = re.compile(r"^\s*(?:答复|回复|办理|建议|提案)(?:内容|意见|正文|情况)\s*$")


def form_answer(pg: Page) -> int | None:
    """The line of a handling form's answer key (办理回复：), when the page is such a form, or
    the last tab (答复内容 / 建议内容) above the answer in a site's record of the paper."""
    head = [ln for ln in pg.lines[:40] if not ln.blank and not ln.noise]
    if sum(bool(_RECORD_KEY.match(ln.simp)) for ln in head[:12]) >= 2:
        tabs = [i for i, ln in enumerate(head[:16]) if _RECORD_TAB.match(ln.simp)]
        if tabs and any(t > 0 and _RECORD_KEY.match(head[t - 1].simp) for t in tabs):
            last = tabs[0]
            while last + 1 in tabs:
                last += 1
            at = head[last].no - 1  # its index: the answer begins on the line after it
            return at if pg.next_content(at + 1) is not None else None
    if not any(_FORM_TITLE.search(ln.simp) for ln in head[:8]):
        return None
    for ln in head:
        if _FORM_ANSWER.match(ln.simp):
            j = pg.next_content(ln.no + 1)
            return ln.no if j is not None else None
    return None


def find_intro_line(pg: Page) -> int | None:
    """The opening paragraph of a letter with no salutation ("您提出的……收悉")."""
    head = [
        (i, ln)
        for i, ln in enumerate(pg.lines[: max(40, len(pg.lines) // 2)])
        if not ln.blank and not ln.noise
    ]
    for pattern in (OPENING, INTRO):
        for i, ln in head:
            if (
                pattern.search(ln.simp)
                and not (TITLE_END.search(ln.simp) and len(ln.simp) <= 80)
                # 以上是对您所提建议的答复…: the closing names the paper too
                and not CLOSING.match(ln.simp.strip())
            ):
                return i
    return None


def find_body_start(pg: Page, sal: int | None, intro: int | None) -> int:
    lines = pg.lines
    start = sal if sal is not None else intro
    if start is None:
        first = pg.next_content(0)
        if first is None:
            return 0
        # an excerpt that starts with the body (一、关于……。……) has no title line to skip
        simp = lines[first].simp
        if para_marker(simp) and ENDS_SENTENCE.search(simp) and len(simp) > 40:
            return first
        if para_marker(simp) or (
            ENDS_SENTENCE.search(simp) and not TITLE_WORDS.search(simp) and len(simp) > 30
        ):  # a heading (三、下一步工作计划) or a paragraph of the body: no title to skip
            return first
        return first + 1
    seen = 0
    for j in range(start, len(lines)):
        ln = lines[j]
        if ln.blank or ln.noise:
            continue
        if AS_FOLLOWS.search(ln.simp):
            return j + 1
        seen += 1
        if seen > 6 or (seen > 1 and para_marker(ln.simp)):
            break
    # no "答复如下": the body begins after the opening paragraph
    if sal is not None:
        m = SALUTE.match(lines[sal].simp) or SALUTE_ORG.match(lines[sal].simp)
        if m and (m.group("rest") or "").strip():
            return sal + 1
        nxt = pg.next_content(sal + 1)
        return sal + 1 if nxt is None else nxt + 1
    return start + 1


# the signature keyed as on a form: 单位名称：青峪县水利局, 承办单位：…, 答复单位：…
_KEYED_SIGNATURE = re.compile(
    r"^\s*(?:(?:承办|答复|回复)单位|单位名称)\s*[:：]\s*([^\s|｜:：，,。]{4,30})\s*$"
)


def find_end(pg: Page, body_start: int) -> int:
    """Index of the first line after the letter's body: closing, signature, date or footer."""
    lines = pg.lines
    for i in range(body_start, len(lines)):
        ln = lines[i]
        if ln.blank:
            continue
        if ln.noise or is_date_line(ln):
            return i
        if CLOSING.match(ln.simp) and not thanks_goes_on(ln.simp) and not _body_follows(pg, i):
            return i
        c = SIGNATURE_CONTACT.search(ln.text)
        if c and iss.looks_like_body(tx.to_simplified(ln.text[: c.start()].strip())):
            return i  # the signature, the contact after it on its line
        k = _KEYED_SIGNATURE.match(ln.simp)
        if k and iss.looks_like_body(k.group(1)) and iss.names_place(k.group(1)):
            return i  # 单位名称：青峪县水利局, a form's key before the signature
        if (
            len(ln.simp) <= 30
            and not re.search(r"[。，,；;：:！？]", ln.simp)
            and not para_marker(ln.simp)
        ):
            j = pg.next_content(i + 1, i + 4)
            if iss.looks_like_body(ln.simp) or (j is not None and is_date_line(lines[j])):
                return i
    return len(lines)


# the thanks clause a paragraph of the body may open with (感谢代表对……的关心，2021年以来……)
_THANKS_CLAUSE = re.compile(r"^[^。！!？?]{0,16}?(?:感谢|谢谢)[^，,。！!？?；;]*[，,。！!？?；;]")
_THANKS_ONLY = re.compile(
    r"欢迎|意见|满意|联系|继续关注|持续关注|关心和支持|关心支持|理解和支持|理解与支持|敬请|再次表示|感谢|谢谢"
)


def thanks_goes_on(simp: str) -> bool:
    """True for a paragraph that opens with thanks and goes on with the reply itself (感谢代表对
    ……的关心，2021年以来，我局……。下一步……): part of the body, not the closing (nor is a
    short thanks the reply follows, see _body_follows)."""
    m = _THANKS_CLAUSE.match(simp)
    if m is None:
        return False
    if re.search(r"(?:以下|如下)[^。！!？?]{0,12}[：:。]\s*$", simp):
        # 衷心感谢……，我们……重点做好以下几项工作：(or 。), the items below it
        return True
    rest = simp[m.end() :]
    first = re.split(r"[，,。！!？?；;]", rest, maxsplit=1)[0]
    return len(rest) >= 60 and not _THANKS_ONLY.search(first)


def _body_follows(pg: Page, i: int) -> bool:
    """True when a short thanks line opening the body is followed by a paragraph of the reply
    (a long one that is no closing), so it thanks for the proposal, not for the reading."""
    if not _THANKS_CLAUSE.match(pg.lines[i].simp) or len(pg.lines[i].simp) > 60:
        return False
    j = pg.next_content(i + 1)
    if j is None:
        return False
    nxt = pg.lines[j].simp
    return len(nxt) > 60 and not CLOSING.match(nxt) and not is_date_line(pg.lines[j])


def find_next_steps(pg: Page, body_start: int, end: int) -> list[Block]:
    """Where the next steps are: one block under a heading, or the paragraphs opening 下一步…."""
    lines = pg.lines
    for i in range(body_start, end):
        ln = lines[i]
        if ln.blank or ln.noise:
            continue
        pm = para_marker(ln.simp)
        if pm and pm[0] in ("shi", "di"):
            continue
        at = pm[2] if pm else 0
        body = ln.simp[at:]
        m = NS_HEAD.match(body)
        if not m:
            continue
        stop = re.search(r"[。：:；;！!]", body[m.end() :])
        head_end = at + m.end() + (stop.start() if stop else len(body) - m.end())
        head_len = head_end - at
        if head_len > 24 or (not pm and head_len > 16):
            continue
        rest = ln.simp[head_end:].lstrip("。：:；;！! \t\u3000")
        if not rest:
            block = Block(i, ln.text, i + 1, None, end)
        else:
            block = Block(i, ln.text[:head_end].rstrip(), i, len(ln.text) - len(rest), end)
        if PROBLEMS.search(
            body[: head_end - at]
        ):  # 存在问题及下一步打算: the plans start at 下一步…
            for j in range(block.items_from, end):
                if not lines[j].blank and not lines[j].noise and NS_LEAD.match(lines[j].simp):
                    block = replace(block, items_from=j, offset=None)
                    break
        return [block]
    # the unheaded form: paragraphs opening "下一步，我局将……", the first one in each part of the
    # letter; a letter that answers point by point has one in each part
    heads: list[tuple[int, int | None, int]] = []  # top-level headings: (line, number, title end)
    family = None
    leads: dict[int, tuple[int, int]] = {}  # heading index (or -1) -> first (line, offset) under it
    items_family: str | None = None  # the marker of the lines a lead-in ending in ： announces
    after_colon = False
    for i in range(body_start, end):
        ln = lines[i]
        if ln.blank or ln.noise:
            continue
        pm = para_marker(ln.simp)
        if after_colon and pm:
            items_family = pm[0]
        after_colon = False
        if pm and pm[0] == items_family:
            continue
        search_from = 0
        if pm and pm[0] not in ("shi", "di") and (family is None or pm[0] == family):
            run_in = _RUN_IN_POINT.match(ln.simp, pm[2]) or (
                _RUN_IN_HEAD.match(ln.simp, pm[2]) if family is not None else None
            )
            answered = run_in is not None and len(ln.simp[run_in.end() :].strip()) >= 8
            if (len(ln.simp) <= 40 and not answered) or (family is not None and not run_in):
                family = pm[0]
                heads.append((i, pm[1], len(ln.simp)))
                continue
            if run_in:  # 一、关于增加学位。下一步，我局将……: the point's title, then its answer
                family = pm[0]
                heads.append((i, pm[1], run_in.end()))
                search_from = run_in.end()
        starts = [m.end() for m in SENTENCE_START.finditer(ln.simp, search_from)]
        clauses = [m.start() for m in NS_CLAUSE.finditer(ln.simp, search_from)]
        for at in sorted({*starts, *clauses}):
            if _HOPE_START.match(ln.simp, at):
                continue  # 希望在今后的工作中能够继续得到你的支持: the closing's hope, no marker
            if (
                at in clauses
                or NS_LEAD_ANY.match(ln.simp, at)
                or (LEAD_COLON.search(ln.simp, at) and at < len(ln.simp))
            ):
                if at not in clauses:  # 经核实，问题属实，下步我局将……: the marker's clause
                    stop = re.search(r"[。！!？?]", ln.simp[at:])
                    end_at = at + stop.start() if stop else len(ln.simp)
                    at = next((c for c in clauses if at < c < end_at), at)
                if len(heads) - 1 not in leads:
                    leads[len(heads) - 1] = (i, at)
                after_colon = bool(
                    re.search(r"[：:]\s*$", ln.simp) or LEAD_STOP.search(ln.simp, at)
                )
                items_family = None
                break
    points = len(heads) >= 2 and all(
        _POINT_TITLE.match(lines[h[0]].simp, (para_marker(lines[h[0]].simp) or ("", 0, 0))[2])
        for h in heads
    )
    blocks = []
    parts = range(-1 if -1 in leads else 0, len(heads)) if points and leads else sorted(leads)
    for h in parts:
        number = heads[h][1] if h >= 0 else None
        block_end = end
        for line, n, _ in heads[h + 1 :]:
            if number is None or n is None or n > number:
                block_end = line
                break
        area = None
        if (len(leads) > 1 or points) and h >= 0:
            hl = lines[heads[h][0]]
            pm = para_marker(hl.simp)
            area = hl.text[pm[2] if pm else 0 : heads[h][2]].strip().rstrip("。：:；; ") or None
        if h in leads:
            lead, offset = leads[h]
            blocks.append(Block(lead, None, lead, offset, block_end, area))
        else:  # a point answered with no 下一步: its promises, sentence by sentence
            start, title_end = heads[h][0], heads[h][2]
            whole = title_end >= len(lines[start].simp)
            blocks.append(
                Block(
                    start,
                    None,
                    start + 1 if whole else start,
                    None if whole else title_end,
                    block_end,
                    area,
                    scan=True,
                )
            )
    return blocks


def paragraphs(pg: Page, a: int, b: int, first_offset: int | None = None) -> list[Para]:
    """Content lines [a, b) as paragraphs; a line ending mid-sentence carries on in the next."""
    paras: list[Para] = []
    last = ""  # the text of the line before, which may end mid-sentence
    gap = False  # a blank line before this one
    for i in range(a, b):
        ln = pg.lines[i]
        if ln.blank:
            gap = True
        if ln.blank or ln.noise:
            continue
        gap, after_gap = False, gap
        text, simp = ln.text, ln.simp
        if i == a and first_offset:
            text, simp = text[first_offset:], simp[first_offset:]
        last_text, last = last, ln.text
        if paras:
            p = paras[-1]
            if (
                ln.no != p.nos[-1]  # pieces of a letter run into one line stay apart
                and not after_gap
                and _wrapped(last_text)
                and not ENDS_SENTENCE.search(last_text)
                and not re.search(r"[：:]\s*$", last_text)
                and not para_marker(simp)
            ):
                paras[-1] = Para(
                    p.text + "\n" + text,
                    p.simp + "\n" + simp,
                    (*p.starts, len(p.text) + 1),
                    (*p.nos, ln.no),
                    (*p.idx, i),
                )
                continue
        paras.append(Para(text, simp, (0,), (ln.no,), (i,)))
    return paras


def _wrapped(text: str) -> bool:
    """True for a line long enough to be prose broken at the line's end: 30 characters, or 20
    with a comma or a book title in it and no item marker (a heading has neither)."""
    t = text.strip()
    return len(text) >= 30 or (
        len(t) >= 20 and re.search(r"[，,、《]", t) is not None and para_marker(t) is None
    )


def check_ending(pg: Page, body_start: int, end: int) -> list[tuple[int | None, str]]:
    """Warnings when the letter's body looks cut off."""
    warnings: list[tuple[int | None, str]] = []
    body = pg.content(body_start, end)
    if not body:
        return warnings
    last = body[-1]
    if end >= len(pg.lines) or all(ln.blank for ln in pg.lines[end:]):
        warnings.append(
            (
                last.no,
                "no closing, signature or date after this line: this copy of the "
                "letter may be incomplete",
            )
        )
    if (
        not ENDS_SENTENCE.search(last.text)
        and not re.search(r"[：:]\s*$", last.text)
        and not (len(last.simp) <= 30 and para_marker(last.simp))
        and not re.search(r"\S\s*[|｜\t]\s*\S", last.text)  # a table's row ends in a cell
    ):
        warnings.append(
            (
                last.no,
                "the letter stops mid-sentence here: it looks cut off, and its last "
                "item may be incomplete",
            )
        )

    # -- who wrote it
    return warnings
