"""Deadlines stated in a commitment's text, resolved against its letter's date.

Pure: text and a date in, `(due, due_text)` out. The words read are the ones letters use:
年底前, 年内, 今年10月底前, 明年上半年, 2024年秋季学期前, 力争2026年底前, 三年内, 2024-2026年,
"十四五"期间. A relative deadline needs the letter's date; without one only absolute dates are read.
When a text states several deadlines (年底前完成选址，明年上半年建成), the latest is the item's.
A month with no year (9月底前) is the next such month; a bare 今年 yields to 年底前 on the same day.
A month named without 底 (2026年5月前) is the one before which: the deadline is the end of April.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from tracker.model import Letter
from tracker.text import cn_int


@dataclass(frozen=True)
class Deadline:
    """A resolved deadline: the day it falls on and the words it was read from."""

    due: date
    due_text: str


_CN_NUM = "一二两三四五六七八九十"


def _in_year(y: int, month: str | None, half: str | None, term: str | None) -> date | None:
    """The last day a deadline within year `y` allows: the month's end (3月), the half year's
    (上半年), the school term's start (秋季学期), else the year's end; None for a month that is none."""
    if month:
        mo = cn_int(month)
        return _month_end(y, mo) if mo else None
    if half:
        return date(y, 6, 30) if half == "上半年" else date(y, 12, 31)
    if term:
        return date(y, 8, 31) if term.startswith("秋") else date(y, 2, 28)
    return date(y, 12, 31)


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _before_month(y: int, m: int) -> date:
    """The last day before month `m` of year `y` begins: 2026年5月前 is by 30 April."""
    return _month_end(y, m - 1) if m > 1 else date(y - 1, 12, 31)


_PLANS = {"十三五": 2020, "十四五": 2025, "十五五": 2030, "十六五": 2035}
_TITLE = re.compile(r"《[^《》]*》")
_MONTH = r"(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月"
_WHEN = re.compile(
    r"(?P<lead>力争|争取|确保|计划|预计|于|在|到|至)?"
    r"(?:"
    r"(?P<range>(?P<y0>20\d\d)\s*[-—–~至到]\s*(?P<y1>(?:20)?\d\d)年)"
    r"|(?P<year>20\d\d)年(?:" + _MONTH + r"(?P<mend>底|末|前|份)?|(?P<half>上半年|下半年)"
    r"|(?P<term>春季学期|秋季学期|春季开学|秋季开学)|(?P<yend>底|末|年底|年末))?"
    r"|(?P<rel>今年|本年|明年|次年|年)(?:"
    + _MONTH.replace("?P<m>", "?P<rm>")
    + r"(?P<rmend>底|末|份)?"
    r"|(?P<rhalf>上半年|下半年)|(?P<rterm>春季学期|秋季学期|春季开学|秋季开学)"
    r"|(?P<rend>底|末|年底|年末|内|度内))?"
    r"|(?P<bare>上半年|下半年)"
    r"|(?<![\d年月\-—~至到])"
    + _MONTH.replace("?P<m>", "?P<om>")
    + r"(?P<omend>底|末)?(?=前|以前|之前)"
    r"|(?P<n>\d{1,2}|[一两二三四五六七八九十]{1,2})(?P<nunit>年|个月)内"
    r"|[“\"]?(?P<plan>十[三四五六]五)[”\"]?(?:期间|时期|末|规划期)"
    r")"
    r"(?P<tail>前|以前|之前|内|以内)?"
)


_NOT_BY = (
    "以来",
    "起",
    "开始",
    "来",
    "已",
    "共",
    "全年",
    "以后",
    "后",
    "-",
    "—",
    "~",
    "至",
    "的",
    "是",
)


@lru_cache(maxsize=4096)
def resolve(text: str, letter_day: date | None) -> Deadline | None:
    """The deadline an item states, resolved against its letter's date, or None."""
    plain = _TITLE.sub("", unicodedata.normalize("NFKC", text))
    found: list[tuple[date, bool, Deadline]] = []
    for m in _WHEN.finditer(plain):
        due = _due(m, letter_day)
        if due is None or (letter_day is not None and due < letter_day):
            continue
        words = m.group(0)[len(m.group("lead") or "") :]  # 力争, 确保: the verb, not the date
        # a bare 今年 or 明年 yields to the words that say when in that year (今年汛后启动，年底前完成)
        vague = bool(m.group("rel")) and words in ("今年", "本年", "明年", "次年")
        found.append((due, not vague, Deadline(due, re.sub(r"[“”\"]", "", words))))
    if not found:
        return None
    return max(found, key=lambda f: (f[0], f[1]))[2]


def _due(m: re.Match[str], day: date | None) -> date | None:
    g = m.group
    if g("range"):
        y1 = g("y1")
        return date(int(y1) if len(y1) == 4 else 2000 + int(y1), 12, 31)
    if g("year"):
        y = int(g("year"))
        after = m.string[m.end() : m.end() + 2]
        bare = not (g("m") or g("half") or g("term") or g("tail") or g("yend"))
        # a bare year is a deadline only as a target (到2025年, 2025年实现), never 2021年以来
        if bare and after.startswith(("以来", "起", "开始", "来", "已", "共", "全")):
            return None
        if g("m") and _before(m, g("mend")):
            mo = cn_int(g("m"))
            return _before_month(y, mo) if mo else None
        return _in_year(y, g("m"), g("half"), g("term"))
    if g("rel"):
        if day is None:
            return None
        rel = g("rel")
        if rel == "年" and not (g("rend") in ("底", "末", "内", "度内") or g("tail")):
            return None  # 年 alone (每年, 全年) is no deadline
        bare = not (g("rm") or g("rhalf") or g("rterm") or g("rend") or g("tail"))
        # 今年 or 明年 alone is the year's end as a target (今年建成, 明年投入使用), never
        # a start or a time past (今年以来, 从明年起, 今年已完成, 今年1-5月)
        if bare and (
            m.string[m.end() : m.end() + 2].startswith(_NOT_BY)
            or m.string[m.end() : m.end() + 1].isdigit()
            or m.string[max(0, m.start() - 1) : m.start()] == "从"
        ):
            return None
        y = day.year + (1 if rel in ("明年", "次年") else 0)
        if g("rm") and _before(m, g("rmend")):
            mo = cn_int(g("rm"))
            return _before_month(y, mo) if mo else None
        return _in_year(y, g("rm"), g("rhalf"), g("rterm"))
    if g("bare"):
        if day is None or not g("tail") and not g("lead"):
            return None
        return date(day.year, 6, 30) if g("bare") == "上半年" else date(day.year, 12, 31)
    if g("n"):
        if day is None:
            return None
        n = cn_int(g("n"))
        if not n:
            return None
        if g("nunit") == "年":
            y = day.year + n
            return date(y, day.month, min(day.day, calendar.monthrange(y, day.month)[1]))
        total = day.month - 1 + n
        y, mo = day.year + total // 12, total % 12 + 1
        return date(y, mo, min(day.day, calendar.monthrange(y, mo)[1]))
    if g("om"):
        # a month with no year (9月底前, 6月前) is the next one after the letter's date
        month = cn_int(g("om"))
        if day is None or not month:
            return None
        if not g("omend"):  # 6月前: before June begins
            end = _before_month(day.year, month)
            return end if end >= day else _before_month(day.year + 1, month)
        end = _month_end(day.year, month)
        return end if end >= day else _month_end(day.year + 1, month)
    if g("plan"):
        return date(_PLANS[g("plan")], 12, 31)
    return None


def _before(m: re.Match[str], end: str | None) -> bool:
    """True for a month named as the one before which (5月前, 5月以前): no 底 or 末 after it, so
    the deadline is the end of the month before, not of that month (5月底前)."""
    return end in (None, "前") and (end == "前" or (m.group("tail") or "").endswith("前"))


def with_deadlines(letter: Letter) -> Letter:
    """A letter whose commitments without a due date get the one their text states."""
    day = letter.reply.date
    items = []
    for c in letter.commitments:
        found = resolve(c.text, day) if c.due is None else None
        items.append(c if found is None else replace(c, due=found.due, due_text=found.due_text))
    return replace(letter, commitments=tuple(items))
