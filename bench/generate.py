"""Synthetic trees for the benchmarks: many letters, their commitments, and a git history.

Letters are built from the seed letters' own sentences, recombined (progress paragraphs, next-step
items, headings, closing, signature), for a dozen bureaus over several years. Each letter gets a
reply.yaml and one <NN>.yaml per next-step item, written as text in exactly the layout the store
writes (`check_layout` compares a sample with `tracker.store.dump_text`, so this module cannot drift
from the store). Later letters of the same bureau supply evidence quotes. With `git=True` the tree
is built as a repository through `git fast-import`: one import commit per year and batch, one commit
of proposals per year, then a few hundred small commits by several clerks (statuses confirmed,
notes, tags, comments); the working tree is the last commit.

    .venv/bin/python bench/generate.py /tmp/tree --commitments 10000
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import IO, Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tracker import text as tx  # noqa: E402
from tracker.model import (  # noqa: E402
    Commitment,
    Contact,
    Evidence,
    LetterSection,
    Reply,
    ReviewNote,
    SectionKind,
    Source,
    Status,
    Verdict,
)

SEEDS = REPO / "seeds"
# Where the progress and next-steps sections of each seed letter stand (1-based, inclusive).
SEED_SECTIONS = {
    "000_a140f72d90f69cdb.txt": ((16, 26), (28, 36)),
    "001_c8fd4e0a58563a3c.txt": ((10, 32), (34, 40)),
    "002_77355670e473416b.txt": ((6, 9), (10, 14)),
    "003_84ada05304f0c74f.txt": ((8, 23), (24, 30)),
    "004_ff4669c2bc51a22d.txt": ((6, 18), (19, 23)),
}


@dataclass(frozen=True)
class Issuer:
    name: str
    slug: str
    city: str  # as the letters say it: 广州市, 天津市, 利州区
    short: str  # 市教育局, 区教育局: how the letter names itself
    prefix: str  # of document numbers: 穗教案
    role: str  # 委员 (提案) or 代表 (建议)


ISSUERS = (
    Issuer("广州市教育局", "gz-edu", "广州市", "市教育局", "穗教案", "委员"),
    Issuer("广州市民政局", "gz-mz", "广州市", "市民政局", "穗民函", "代表"),
    Issuer("广州市卫生健康委员会", "gz-wjw", "广州市", "市卫生健康委", "穗卫函", "委员"),
    Issuer("天津市教育委员会", "tj-edu", "天津市", "市教委", "津教案", "代表"),
    Issuer("成都市教育局", "cd-edu", "成都市", "市教育局", "成教函", "委员"),
    Issuer("广元市利州区教育局", "lz-edu", "利州区", "区教育局", "利教函", "代表"),
    Issuer("广州市南沙区教育局", "ns-edu", "南沙区", "区教育局", "南教案", "委员"),
    Issuer("深圳市教育局", "sz-edu", "深圳市", "市教育局", "深教案", "委员"),
    Issuer("杭州市教育局", "hz-edu", "杭州市", "市教育局", "杭教函", "代表"),
    Issuer("武汉市教育局", "wh-edu", "武汉市", "市教育局", "武教案", "委员"),
    Issuer("南京市教育局", "nj-edu", "南京市", "市教育局", "宁教案", "代表"),
    Issuer("西安市教育局", "xa-edu", "西安市", "市教育局", "市教函", "委员"),
)
SURNAMES = "李王张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐韦"
GIVEN = (
    "东文",
    "清",
    "梅",
    "树兰",
    "志中",
    "国欣",
    "恩暐",
    "娜",
    "芳",
    "杰",
    "伟",
    "洋",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "勇",
    "艳",
    "晓峰",
    "海燕",
    "建国",
    "秀英",
    "子涵",
)
PEERS = (
    "市民政局",
    "市卫生健康委",
    "团市委",
    "市妇联",
    "市科协",
    "市委政法委",
    "市财政局",
    "市人力资源社会保障局",
)
TOPICS = (
    "加强中小学生心理健康教育",
    "建设学校社工站",
    "构建校家社协同育人机制",
    "完善学生心理危机干预体系",
    "配齐专职心理教师",
    "推进家庭教育指导服务",
    "加强青少年心理援助热线建设",
    "推动医教协同",
    "关注困境儿童心理健康",
    "加强心理健康教育师资队伍建设",
    "完善学生心理健康筛查机制",
    "推进心理辅导室标准化建设",
    "丰富心理健康教育课程",
    "加强家长学校建设",
    "推进社会心理服务体系建设",
    "减轻学生课业负担",
    "加强校园欺凌防治",
    "推进体育美育浸润行动",
    "完善转介诊疗绿色通道",
    "加强乡村学校心理健康工作",
)
PROGRESS_HEADINGS = (
    "一、工作推进情况",
    "一、目前工作推进情况",
    "一、已开展工作",
    "一、工作措施及成效",
)
NEXT_HEADINGS = (
    "二、下一步工作安排",
    "二、下一步工作计划",
    "二、下一步工作举措",
    "二、今后工作打算",
)
NUMERALS = "一二三四五六七八九十"
AUTHORS = (
    ("李娜", "li.na@example.org"),
    ("Wang Fang", "wang.fang@example.org"),
    ("陈杰", "chen.jie@example.org"),
    ("张伟", "zhang.wei@example.org"),
    ("刘洋", "liu.yang@example.org"),
)
NOTES = (
    "已与承办处室电话核实",
    "见后续答复",
    "待下次答复再核",
    "承办单位已书面确认",
    "列入年度督办事项",
)
TAGS = ("师资", "家校协同", "心理危机", "社工", "督办", "经费")
COMMENTS = ("办公室已核实", "2026 年复核", "与代表沟通后确认", "承办处室反馈")
_CST = timezone(timedelta(hours=8))
_ENUM = re.compile(
    r"^(?:[（(][一二三四五六七八九十0-9]+[)）]|[一二三四五六七八九十]+是|[0-9]+[、.])"
)
_UNSAFE = re.compile(r"[:#'\"\\`|>%@&*!{}\[\]\t\u3000\u00a0]")


# --- sentence pools ------------------------------------------------------------------------------


@dataclass
class Pools:
    """Sentences of the seeds' progress and next-steps sections, and the headings found there."""

    progress: list[str] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)


def _usable(s: str) -> bool:
    return 14 <= len(s) <= 160 and not _UNSAFE.search(s) and s[0] not in "-?,（("


def load_pools(seeds: Path = SEEDS) -> Pools:
    """Sentences of the seed letters, with numbering stripped and YAML-hostile ones left out."""
    pools = Pools()
    areas: set[str] = set()
    for name, ((p0, p1), (n0, n1)) in SEED_SECTIONS.items():
        lines = (seeds / name).read_text(encoding="utf-8").splitlines()
        for (a, b), pool in (((p0, p1), pools.progress), ((n0, n1), pools.next_steps)):
            for line in lines[a:b]:
                line = line.strip()
                for s, e in tx.split_sentences(line):
                    sentence = line[s:e]
                    bare = _ENUM.sub("", sentence).strip()
                    if bare != sentence and len(bare) <= 22 and bare.endswith("。"):
                        area = bare.rstrip("。")
                        if 3 <= len(area) <= 20 and not _UNSAFE.search(area):
                            areas.add(area)
                    elif _usable(bare) and not bare.startswith(("接下来", "首先")):
                        pool.append(bare)
    pools.areas = sorted(areas)
    pools.progress = sorted(set(pools.progress))
    pools.next_steps = sorted(set(pools.next_steps))
    return pools


def _localise(s: str, issuer: Issuer, rng: random.Random, vary_numbers: bool) -> str:
    for place in ("广州市", "天津市", "利州区", "南沙区"):
        s = s.replace(place, issuer.city)
    for place in ("广州", "天津", "利州", "南沙"):
        s = s.replace(place, issuer.city[:-1])
    if vary_numbers:
        s = re.sub(
            r"(?<![0-9.])[1-9][0-9]{0,2}(?=[个名所场次期门项人余幅篇讲])",
            lambda m: str(rng.randint(2, 9) * 10 ** (len(m.group()) - 1) + rng.randint(0, 9)),
            s,
        )
    return s


# --- the plan ------------------------------------------------------------------------------------


@dataclass
class LetterPlan:
    """One letter: its facts, its text, and where its sentences stand."""

    reply: Reply
    issuer: Issuer
    text: str
    items: list[tuple[str, str, int]]  # (area, text, line) of each next-step item
    progress: list[tuple[str, int]]  # (sentence, line) of the progress section
    next_sentences: list[tuple[str, int]]  # (sentence, line) of the next-steps section


def _chinese_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _session(issuer: Issuer, year: int) -> str:
    term = "十四" if year >= 2022 else "十三"
    meeting = "一二三四五"[(year - 2017) % 5]
    if issuer.role == "委员":
        return f"政协{term}届{issuer.city}委员会第{meeting}次会议"
    return f"{issuer.city}{term}届人大{meeting}次会议"


def build_letter(
    issuer: Issuer,
    year: int,
    seq: int,
    of: int,
    n_items: int,
    pools: Pools,
    rng: random.Random,
    letters_dir: str = "seeds",
) -> LetterPlan:
    """The text and facts of letter `seq` (of `of`) of `issuer` in `year`, with `n_items` items."""
    kind = "提案" if issuer.role == "委员" else "建议"
    number = str(1000 + seq * 7 % 8999)  # 7 and 8999 are coprime: distinct for distinct seq
    rid = f"{issuer.slug}-{year}-{'ta' if kind == '提案' else 'jy'}{number}"
    # the letters of one bureau in one year are spread over the year in sequence order
    day = date(year, 1, 10) + timedelta(days=seq * 340 // max(1, of))
    addressee = _person(rng)
    topic = rng.choice(TOPICS)
    title = f"关于{topic}的{kind}"
    co = sorted(rng.sample(PEERS, rng.randint(0, 3)))
    category = rng.choice(("A", "A", "B", "C", None))
    doc_number = f"{issuer.prefix}〔{year}〕{100 + seq % 800}号"
    contact = Contact(_person(rng), str(rng.randint(20000000, 89999999)))
    spam = rng.random() < 0.03  # a mirror site printed spam where the bureau's name belongs
    printed = "快手成人版" if spam else issuer.name
    lines: list[str] = []

    def add(line: str) -> int:
        lines.append(line)
        return len(lines)

    add(f"{printed}关于{_session(issuer, year)}第{number}号{kind}答复的函")
    if category:
        add(f"{category}类")
    add(doc_number)
    add(f"{addressee}{issuer.role}:")
    joint = f"会同{'、'.join(co)}" if co else ""
    add(
        f"您提出的《{title}》(第{number}号)已收悉。我局高度重视,{joint}认真研究办理。现将有关办理情况答复如下:"
    )
    p_head = rng.choice(PROGRESS_HEADINGS)
    p_start = add(p_head)
    progress: list[tuple[str, int]] = []
    for i in range(rng.randint(3, 5)):
        area = rng.choice(pools.areas)
        sentences = [
            _localise(s, issuer, rng, True) for s in rng.sample(pools.progress, rng.randint(2, 4))
        ]
        line = add(f"({NUMERALS[i]}){area}。" + "".join(sentences))
        progress.extend((s, line) for s in sentences)
    p_end = len(lines)
    n_head = rng.choice(NEXT_HEADINGS)
    n_start = add(n_head)
    add(f"接下来,{issuer.short}将认真采纳您的建议,继续扎实推进相关工作。")
    items: list[tuple[str, str, int]] = []
    next_sentences: list[tuple[str, int]] = []
    used: set[str] = set()
    for i in range(n_items):
        area = rng.choice(pools.areas)
        while True:
            sentences = [
                _localise(s, issuer, rng, False)
                for s in rng.sample(pools.next_steps, rng.choice((1, 1, 2)))
            ]
            body = "".join(sentences)
            if body not in used:
                used.add(body)
                break
        line = add(f"({NUMERALS[i % 10]}){area}。{body}")
        items.append((area, body, line))
        next_sentences.extend((s, line) for s in sentences)
    n_end = len(lines)
    add(f"感谢您对我{issuer.city[-1]}教育工作的关心和支持,欢迎继续对我们的工作提出宝贵意见和建议。")
    add(printed)
    add(_chinese_date(day))
    add(f"(联系人:{contact.name},联系电话:{contact.phone})")
    add("公开方式:主动公开")
    cc = ["市政府办公厅", "市政协提案委" if kind == "提案" else "市人大常委会选联工委", *co]
    add(f"抄送:{'、'.join(cc)}。")
    text = "\n".join(lines) + "\n"
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    review: tuple[ReviewNote, ...] = ()
    if spam:
        review = (
            ReviewNote(
                "issuer",
                f"the letter prints {printed} where the issuer belongs; "
                f"inferred from the document number prefix {issuer.prefix}",
            ),
        )
    reply = Reply(
        id=rid,
        source=Source(f"{letters_dir}/{rid}.txt", sha),
        issuer=None if spam else issuer.name,
        issuer_as_printed=printed if spam else None,
        issuer_inferred=issuer.name if spam else None,
        title=title,
        co_handlers=tuple(co),
        addressees=(addressee,),
        role=issuer.role,
        kind=kind,
        session=_session(issuer, year),
        number=number,
        doc_number=doc_number,
        category=category,
        reply_date=day,
        published=day + timedelta(days=rng.randint(1, 20)) if rng.random() < 0.6 else None,
        contact=contact,
        cc=tuple(cc),
        sections=(
            LetterSection(SectionKind.PROGRESS, p_head, p_start, p_end),
            LetterSection(SectionKind.NEXT_STEPS, n_head, n_start, n_end),
        ),
        review=review,
    )
    return LetterPlan(reply, issuer, text, items, progress, next_sentences)


def split_counts(total: int, rng: random.Random, low: int = 3, high: int = 7) -> list[int]:
    """Items per letter (between low and high) adding up to exactly `total`."""
    out: list[int] = []
    left = total
    while left > 0:
        k = min(left, rng.randint(low, high))
        if 0 < left - k < low:
            k = left
        out.append(k)
        left -= k
    return out


def plan_letters(spec: list[tuple[int, int]], pools: Pools, rng: random.Random) -> list[LetterPlan]:
    """Letters for (year, commitments) pairs, spread over the bureaus, in date order per bureau."""
    letters: list[LetterPlan] = []
    for year, total in spec:
        counts = split_counts(total, rng)
        n = len(ISSUERS)
        for i, k in enumerate(counts):
            of = len(range(i % n, len(counts), n))
            # each year starts with another bureau, so that small trees still have them all
            letters.append(
                build_letter(ISSUERS[(i + year * 5) % n], year, i // n, of, k, pools, rng)
            )
    return letters


# --- text in the store's layout ------------------------------------------------------------------

_PLAIN_NUMBER = re.compile(r"^[-+]?[0-9][0-9_.:eE+-]*$")


def y_str(s: str) -> str:
    """A string as the store's writer prints it (plain, or single-quoted when it reads as a number)."""
    if _PLAIN_NUMBER.match(s) or s in ("null", "true", "false", "~", ""):
        return "'" + s.replace("'", "''") + "'"
    if s != s.strip() or "\n" in s or _UNSAFE.search(s) or s[0] in "-?,":
        raise ValueError(f"the generator does not write {s!r} (its quoting is not modelled)")
    return s


def y(v: Any) -> str:
    """A scalar in the store's layout."""
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, date):
        return v.isoformat()
    return y_str(v)


def _list(key: str, items: tuple[str, ...] | list[str], out: list[str]) -> None:
    if not items:
        out.append(f"{key}: []")
        return
    out.append(f"{key}:")
    out.extend(f"  - {y(i)}" for i in items)


def reply_text(r: Reply) -> str:
    """reply.yaml of a reply, byte for byte what `store.write_reply` writes."""
    out = [
        f"# 答复函 {r.title or r.id}",
        f"id: {y(r.id)}",
        "source:",
        f"  path: {y(r.source.path)}",
        f"  sha256: {y(r.source.sha256)}",
    ]
    if r.source.origin:
        out.append(f"  origin: {y(r.source.origin)}")
    out.append(f"issuer: {y(r.issuer)}")
    if r.issuer_as_printed is not None:
        out.append(f"issuer_as_printed: {y(r.issuer_as_printed)}")
    if r.issuer_inferred is not None:
        out.append(f"issuer_inferred: {y(r.issuer_inferred)}")
    _list("co_handlers", r.co_handlers, out)
    _list("addressees", r.addressees, out)
    for k in (
        "role",
        "kind",
        "session",
        "number",
        "title",
        "doc_number",
        "category",
        "reply_date",
        "published",
    ):
        out.append(f"{k}: {y(getattr(r, k))}")
    if r.contact is None:
        out.append("contact: null")
    else:
        out += ["contact:", f"  name: {y(r.contact.name)}", f"  phone: {y(r.contact.phone)}"]
    _list("cc", r.cc, out)
    if r.sections:
        out.append("sections:")
        for s in r.sections:
            out += [
                f"  - kind: {s.kind.value}",
                f"    heading: {y(s.heading)}",
                f"    lines: [{s.start}, {s.end}]",
            ]
    else:
        out.append("sections: []")
    if r.review:
        out.append("review:")
        for n in r.review:
            out += [f"  - field: {y(n.field)}", f"    reason: {y(n.reason)}"]
    else:
        out.append("review: []")
    return "\n".join(out) + "\n"


def commitment_text(c: Commitment) -> str:
    """<NN>.yaml of a commitment, byte for byte what the store writes."""
    out = [
        f"id: {y(c.id)}",
        f"reply: {y(c.reply)}",
        f"area: {y(c.area)}",
        f"text: {y(c.text)}",
        f"lines: [{c.lines[0]}, {c.lines[1]}]" if c.lines else "lines: null",
        f"status: {c.status.value}",
        f"status_note: {y(c.status_note)}",
    ]
    _list("owners", c.owners, out)
    out.append(f"due: {y(c.due)}")
    _list("tags", c.tags, out)
    if c.evidence:
        out.append("evidence:")
        for e in c.evidence:
            out += [
                f"  - reply: {y(e.reply)}",
                f"    section: {e.section.value}",
                f"    line: {y(e.line)}",
                f"    quote: {y(e.quote)}",
                f"    verdict: {e.verdict.value}",
                f"    score: {y(round(e.score, 3))}",
                f"    confirmed: {y(e.confirmed)}",
            ]
    else:
        out.append("evidence: []")
    return "\n".join(out) + "\n"


def with_comments(text: str, top: str | None, on_status: str | None) -> str:
    """A clerk's comments: one line above the file, one after the status."""
    if on_status:
        text = re.sub(r"^(status: \S+)$", rf"\1  # {on_status}", text, count=1, flags=re.M)
    if top:
        text = f"# {top}\n{text}"
    return text


_STATUS_COMMENT = re.compile(r"^(status: \S+)  # .*$", re.M)


def check_layout(root: Path, count: int = 200) -> int:
    """Assert that `count` files of the tree (spread over it) are what the store's writer prints.

    Each file is read back with the store's reader, written again with `store.dump_text`, and
    compared byte for byte (after taking out the clerks' comments this module adds).
    Returns how many files were compared.
    """
    from tracker import store
    from tracker.schema import commitment_to_data, parse_commitment, parse_reply, reply_to_data

    files = store.tree_files(root)
    step = max(1, len(files) // max(1, count))
    checked = 0
    for path in files[::step][:count]:
        rel = store.rel_to(root, path)
        text = path.read_text(encoding="utf-8")
        raw, problems = store.parse_yaml_text(text, rel)
        if path.name == "reply.yaml":
            reply, issues = parse_reply(raw, rel)
            assert reply is not None and not problems and not issues, (rel, problems, issues)
            want = store.dump_text(reply_to_data(reply), header=f"答复函 {reply.title or reply.id}")
        else:
            item, issues = parse_commitment(raw, rel)
            assert item is not None and not problems and not issues, (rel, problems, issues)
            want = store.dump_text(commitment_to_data(item))
            if text.startswith("# "):
                text = text.split("\n", 1)[1]
            text = _STATUS_COMMENT.sub(r"\1", text)
        if text != want:
            raise AssertionError(
                f"{rel}: the generator's layout drifted from the store's writer:\n"
                f"--- store\n{want}--- generator\n{text}"
            )
        checked += 1
    return checked


# --- history -------------------------------------------------------------------------------------


@dataclass
class State:
    """What a clerk has done to one commitment so far."""

    base: Commitment
    evidence: tuple[Evidence, ...] = ()
    status: Status = Status.PENDING
    note: str | None = None
    tags: tuple[str, ...] = ()
    top: str | None = None
    on_status: str | None = None

    def record(self) -> Commitment:
        return replace(
            self.base,
            evidence=self.evidence,
            status=self.status,
            status_note=self.note,
            tags=self.tags,
        )

    def text(self) -> str:
        return with_comments(commitment_text(self.record()), self.top, self.on_status)


@dataclass
class Commit:
    message: str
    author: tuple[str, str]
    when: datetime
    files: list[tuple[str, bytes]]


@dataclass
class Generated:
    """What was generated: counts, and the commit a `log --since` can start from."""

    root: Path
    letters: int
    commitments: int
    files: int
    commits: int
    checked: int  # files compared with the store's writer
    seconds: float = 0.0


def _evidence_for(c: Commitment, later: LetterPlan, rng: random.Random) -> Evidence:
    if later.next_sentences and rng.random() < 0.25:
        quote, line = rng.choice(later.next_sentences)
        return Evidence(
            later.reply.id,
            SectionKind.NEXT_STEPS,
            quote,
            Verdict.REPEATED,
            round(rng.uniform(0.45, 0.8), 2),
            False,
            line,
        )
    quote, line = rng.choice(later.progress)
    verdict = Verdict.DONE if rng.random() < 0.45 else Verdict.PROGRESS
    return Evidence(
        later.reply.id,
        SectionKind.PROGRESS,
        quote,
        verdict,
        round(rng.uniform(0.5, 0.97), 2),
        False,
        line,
    )


def history(letters: list[LetterPlan], rng: random.Random, clerk_commits: int) -> Iterator[Commit]:
    """Import commits (by year, two batches), proposal commits (by year), then clerks' commits."""
    states: dict[str, State] = {}
    # a clerk's commit touches 1 to 12 files (fewer in small trees, so most stay untouched)
    files_per_clerk_commit = max(2, min(12, sum(len(lp.items) for lp in letters) // 400))
    by_year: dict[int, list[LetterPlan]] = {}
    for lp in letters:
        by_year.setdefault(lp.reply.date.year if lp.reply.date else 0, []).append(lp)
    # imports
    for year in sorted(by_year):
        batch = sorted(by_year[year], key=lambda lp: (lp.reply.date, lp.reply.id))
        half = (len(batch) + 1) // 2
        for part, chunk in ((1, batch[:half]), (2, batch[half:])):
            if not chunk:
                continue
            files: list[tuple[str, bytes]] = []
            for lp in chunk:
                r = lp.reply
                files.append((r.source.path, lp.text.encode("utf-8")))
                files.append((f"commitments/{r.id}/reply.yaml", reply_text(r).encode("utf-8")))
                for i, (area, body, line) in enumerate(lp.items, 1):
                    owners = ("市教育局", "各区教育局") if rng.random() < 0.2 else ()
                    due = date(r.date.year + 1, 12, 31) if r.date and rng.random() < 0.1 else None
                    c = Commitment(
                        id=f"{r.id}/{i:02d}",
                        reply=r.id,
                        text=body,
                        area=area,
                        lines=(line, line),
                        owners=owners,
                        due=due,
                    )
                    st = State(c)
                    states[c.id] = st
                    files.append((f"commitments/{r.id}/{i:02d}.yaml", st.text().encode("utf-8")))
            when = datetime(year, 6 if part == 1 else 12, 20, 10, 0, tzinfo=_CST)
            yield Commit(
                f"导入 {year} 年答复函 第{part}批 ({len(chunk)} 件)", AUTHORS[0], when, files
            )
    # proposals: the follow-up of each year's commitments from later letters of the same bureau
    by_issuer: dict[str, list[LetterPlan]] = {}
    for lp in letters:
        by_issuer.setdefault(lp.issuer.slug, []).append(lp)
    for group in by_issuer.values():
        group.sort(key=lambda lp: (lp.reply.date, lp.reply.id))
    position = {
        lp.reply.id: (lp.issuer.slug, i)
        for group in by_issuer.values()
        for i, lp in enumerate(group)
    }
    followed: list[str] = []
    when = datetime(2026, 1, 5, 9, 0, tzinfo=_CST)
    for year in sorted(by_year):
        files = []
        for lp in by_year[year]:
            slug, i = position[lp.reply.id]
            group = by_issuer[slug]
            later = [
                g
                for g in group[i + 1 : i + 40]
                if g.reply.date and lp.reply.date and g.reply.date > lp.reply.date
            ]
            if not later:
                continue
            for n in range(1, len(lp.items) + 1):
                if rng.random() >= 0.6:
                    continue
                st = states[f"{lp.reply.id}/{n:02d}"]
                picks = rng.sample(later, min(len(later), rng.choice((1, 1, 2))))
                st.evidence = tuple(_evidence_for(st.base, g, rng) for g in picks)
                files.append((f"commitments/{lp.reply.id}/{n:02d}.yaml", st.text().encode("utf-8")))
                followed.append(st.base.id)
        if files:
            yield Commit(
                f"记录 {year} 年承诺的后续答复 (tracker diff --write, {len(files)} 件)",
                AUTHORS[1],
                when,
                files,
            )
            when += timedelta(days=1)
    # clerks confirm proposals, set statuses, add notes, tags and comments
    pending = list(followed)
    rng.shuffle(pending)
    touched: list[str] = []
    silent = [cid for cid, st in states.items() if not st.evidence]
    rng.shuffle(silent)
    when = datetime(2026, 2, 1, 9, 30, tzinfo=_CST)
    for _ in range(clerk_commits):
        author = rng.choice(AUTHORS)
        k = rng.randint(1, files_per_clerk_commit)
        files = []
        for _ in range(k):
            if pending and (rng.random() < 0.7 or not touched):
                cid = pending.pop()
                st = states[cid]
                best = st.evidence[0]
                st.evidence = (replace(best, confirmed=True), *st.evidence[1:])
                st.status = best.verdict.status
                touched.append(cid)
            elif touched and rng.random() < 0.8:
                cid = rng.choice(touched)
                st = states[cid]
                if st.status == Status.IN_PROGRESS and rng.random() < 0.5:
                    st.status = Status.DONE
                st.note = rng.choice(NOTES)
                if rng.random() < 0.5:
                    st.tags = tuple(sorted({*st.tags, rng.choice(TAGS)}))
                if rng.random() < 0.3:
                    st.top = f"{rng.choice(COMMENTS)} ({author[0]})"
                if rng.random() < 0.3:
                    st.on_status = rng.choice(COMMENTS)
            elif silent and rng.random() < 0.5:
                cid = silent.pop()
                st = states[cid]
                if rng.random() < 0.2:
                    st.status, st.note = Status.SUPERSEDED, "已由后续专项方案替代"
                else:
                    st.status, st.note = Status.DROPPED, "后续答复未再提及"
            else:
                continue
            files.append(
                (
                    f"commitments/{cid.rsplit('/', 1)[0]}/{cid.rsplit('/', 1)[1]}.yaml",
                    st.text().encode("utf-8"),
                )
            )
        if not files:
            continue
        yield Commit(f"跟进: 更新 {len(files)} 条承诺的状态", author, when, files)
        when += timedelta(hours=rng.randint(4, 30))


# --- writing -------------------------------------------------------------------------------------


def _git_env(root: Path) -> dict[str, str]:
    """git without the user's or the system's configuration."""
    return {
        "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_CONFIG_NOSYSTEM": "1",
        "PATH": "/usr/bin:/bin:/usr/local/bin",
        "HOME": str(root),
        "LC_ALL": "C",
    }


def _git(root: Path, *args: str, stdin: IO[bytes] | None = None) -> None:
    subprocess.run(
        ["git", "-C", str(root), *args],
        check=True,
        stdin=stdin,
        env=_git_env(root),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _fast_import(root: Path, commits: Iterator[Commit]) -> int:
    """Feed the commits to `git fast-import`; return how many were made."""
    p = subprocess.Popen(
        [
            "git",
            "-C",
            str(root),
            "-c",
            "core.compression=1",
            "-c",
            "pack.compression=1",
            "fast-import",
            "--quiet",
            "--done",
        ],
        stdin=subprocess.PIPE,
        env=_git_env(root),
    )
    assert p.stdin is not None
    out = p.stdin
    n = 0
    for c in commits:
        n += 1
        stamp = f"{int(c.when.timestamp())} +0800"
        msg = c.message.encode("utf-8")
        head = (
            f"commit refs/heads/main\nmark :{n}\n"
            f"author {c.author[0]} <{c.author[1]}> {stamp}\ncommitter {c.author[0]} <{c.author[1]}> {stamp}\n"
            f"data {len(msg)}\n"
        ).encode()
        out.write(head + msg + b"\n")
        for path, data in c.files:
            out.write(f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n")
    out.write(b"done\n")
    out.close()
    if p.wait() != 0:
        raise RuntimeError("git fast-import failed")
    return n


def generate(
    root: Path,
    commitments: int,
    *,
    years: tuple[int, ...] = tuple(range(2019, 2026)),
    spec: list[tuple[int, int]] | None = None,
    later_letters: tuple[int, int] | None = None,
    git: bool = True,
    clerk_commits: int = 300,
    seed: int = 20261123,
    check: int = 200,
) -> Generated:
    """A tree of `commitments` commitments under root (spread over `years`, or as `spec` says).

    `later_letters` (year, count) adds that many letters of that year, with their own items.
    With git, root becomes a repository whose history ends in the tree; without, the files are
    written as they stand after that history. `check` files are compared with the store's writer.
    """
    t0 = time.perf_counter()
    rng = random.Random(seed)
    pools = load_pools()
    if spec is None:
        share = split_even(commitments, len(years))
        spec = list(zip(years, share, strict=True))
    letters = plan_letters(spec, pools, rng)
    if later_letters is not None:
        year, count = later_letters
        n = len(ISSUERS)
        for i in range(count):
            of = len(range(i % n, count, n))
            letters.append(
                build_letter(ISSUERS[i % n], year, i // n, of, rng.randint(3, 7), pools, rng)
            )
    root.mkdir(parents=True, exist_ok=True)
    (root / "commitments").mkdir(exist_ok=True)
    (root / "seeds").mkdir(exist_ok=True)
    latest: dict[str, bytes] = {}
    n_commits = 0
    commits = history(letters, rng, clerk_commits)
    if git:
        _git(root, "init", "-q", "-b", "main")
        n_commits = _fast_import(root, commits)
        _git(root, "reset", "-q", "--hard", "main")
        # let the index's timestamps settle, so that git does not re-hash "racily clean" files
        time.sleep(1.1)
        _git(root, "update-index", "-q", "--refresh")
    else:
        for c in commits:
            n_commits += 1
            for path, data in c.files:
                latest[path] = data
        for path, data in latest.items():
            p = root / path
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(data)
    n_items = sum(len(lp.items) for lp in letters)
    checked = check_layout(root, check) if check else 0
    return Generated(
        root,
        len(letters),
        n_items,
        len(letters) + n_items,
        n_commits,
        checked,
        time.perf_counter() - t0,
    )


def split_even(total: int, parts: int) -> list[int]:
    """`total` split into `parts` nearly equal whole numbers."""
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def write_letters(folder: Path, count: int, *, year: int = 2026, seed: int = 7) -> list[Path]:
    """`count` letter files (for `tracker import`), named like letters saved from the web."""
    rng = random.Random(seed)
    pools = load_pools()
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    n = len(ISSUERS)
    for i in range(count):
        of = len(range(i % n, count, n))
        lp = build_letter(ISSUERS[i % n], year, i // n, of, rng.randint(3, 7), pools, rng)
        p = folder / f"{i:04d}_{lp.reply.id}.txt"
        p.write_text(lp.text, encoding="utf-8")
        out.append(p)
    return out


def main(argv: list[str] | None = None) -> None:
    """Command line: generate one tree."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("root", type=Path)
    ap.add_argument("--commitments", type=int, default=1000)
    ap.add_argument("--no-git", action="store_true", help="write the files only, no repository")
    ap.add_argument("--commits", type=int, default=300, help="clerks' commits after the imports")
    args = ap.parse_args(argv)
    g = generate(args.root, args.commitments, git=not args.no_git, clerk_commits=args.commits)
    print(
        f"{g.root}: {g.commitments} commitments in {g.letters} letters, {g.files} files, "
        f"{g.commits} commits, {g.seconds:.1f} s; layout checked on {g.checked} files"
    )


if __name__ == "__main__":
    main()
