"""Shared fixtures: one tree builder and one git builder, both for tmp_path only.

Trees: `make_tree(root, letters, shape=...)` writes a tree of the seed letters into any folder, in
one of four shapes (Shape: hand-written files, a small tree written by the store, the letters as
the importer reads them, or the seed letters alone); `tree_root` is such a tree in tmp_path,
without git (Shape.FILES, or a shape chosen with `indirect` parametrisation).

Git: `GitRepo` runs git with fixed authors and dates and no user config (`git_env`);
`init_repo` starts one, `commit_all` commits a tree as it stands, and `git_repo` is a repository
whose history imports the letters and then records follow-up by several authors (status,
evidence, notes, tags). Nothing here touches the project's own files.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from tracker.cache import RecordCache
    from tracker.model import Commitment, Reply

PROJECT = Path(__file__).resolve().parent.parent
SEEDS = PROJECT / "seeds"

LETTER_A = "gz-edu-2023-ta5020"  # 穗教案〔2023〕208号, 2023-08-31
LETTER_B = "gz-edu-2025-ta4154"  # 穗教案〔2025〕383号, 2025-12-02 (follows up A)
LETTER_LZ = "gy-lz-edu-2024-jy56"  # 利州区, 2024-07-24 (another bureau)
SEED_A = "000_a140f72d90f69cdb.txt"
SEED_B = "002_77355670e473416b.txt"
# Every seed letter by the reply id the importer gives it, in seed order.
SEED_OF = {
    LETTER_A: SEED_A,
    "gy-lz-edu-2024-jy56": "001_c8fd4e0a58563a3c.txt",
    LETTER_B: SEED_B,
    "tj-edu-2024-jy0480": "003_84ada05304f0c74f.txt",
    "gz-ns-edu-ta3030": "004_ff4669c2bc51a22d.txt",
}

# Next-step items of letter A, verbatim: (number, area, text, line).
ITEMS_A = (
    (
        "01",
        "推进校家社协同育人",
        "贯彻落实教育部等13部门联合印发的《关于健全学校家庭社会协同育人机制的意见》,充分发挥学校属地社工站作用,"
        "为家庭教育提供社会支持,联动学校、妇联等共同做好家长和家庭教育工作;",
        32,
    ),
    (
        "02",
        "用好社会教育资源",
        "加强社区、学校联动,通过社工站等广泛调动社会资源,整合专业力量,加强社工进校园服务,探索新颖的课程方式,",
        34,
    ),
    ("03", "强化专业队伍建设", "推进全市中小学100%配齐专职心理教师;", 36),
    (
        "04",
        "强化专业队伍建设",
        "持续深化“社工+”战略,探索打造“青年地带”社工专项服务品牌,不断完善青少年社区社工服务体系。",
        36,
    ),
)
# Next-step items of letter B.
ITEMS_B = (
    (
        "01",
        "加强心理问题源头预防,强化心理健康科普",
        "加快推进《广州市家庭教育指导服务管理规定》地方立法,为构建完善家庭教育体系、提升家长教育能力水平提供机制保障。",
        12,
    ),
    (
        "02",
        "强化心理问题预警,提升干预成效",
        "建设中小学生心理健康综合服务平台,优化心理测评方式和工具,",
        13,
    ),
)
# Sentences of letter B that report on items of letter A: item -> (section, line, quote).
QUOTES_B = {
    "01": (
        "progress",
        7,
        "市教育局推进落实教育部等印发的《家校社协同育人“教联体”工作方案》,印发《校家社协同育人三年行动计划(2024-2026)》,"
        "制定《中小学家访工作指南》,推出《羊城父母学堂》共206期。",
    ),
    "03": (
        "progress",
        8,
        "2023年以来,全市中小学校100%完成“专职心理教师配备、落实心理健康教育课、建设标准化心理辅导室、"
        "教师全员心理健康教育培训”四项基础性工作。",
    ),
    "04": (
        "next_steps",
        13,
        "充分利用“粤心安”社会心理服务站(室)、街镇社工服务站、“舒心驿站”、“青年地带”、社区精防医生等力量,",
    ),
}

AUTHORS = {
    "li": ("李娜", "li.na@example.org"),
    "wang": ("Wang Fang", "wang.fang@example.org"),
    "chen": ("陈杰", "chen.jie@example.org"),
}
CLERK_LI = ("李文书", "li@example.org")
CLERK_WANG = ("王科员", "wang@example.org")


def _q(value: Any) -> str:
    """A YAML scalar (JSON is valid YAML for strings, numbers, booleans and null)."""
    return json.dumps(value, ensure_ascii=False)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def reply_yaml(root: Path, letter: str) -> str:
    """reply.yaml of letter A or B (the seed must already be under root/seeds/)."""
    if letter == LETTER_A:
        seed, title = SEED_A, "关于建设学校社工站 构建校家社协同育人机制(修改)的提案"
        facts = dict(
            co_handlers=["市民政局"],
            addressees=["郭东文"],
            session="政协十四届广州市委员会第二次会议",
            number="5020",
            doc_number="穗教案〔2023〕208号",
            reply_date="2023-08-31",
            published="2023-09-01",
            contact=("李国欣", "22083735"),
            sections=((16, 26), (28, 36)),
        )
        printed = None
    else:
        seed, title = SEED_B, "关于构建中小学生心理问题疏导机制的提案"
        facts = dict(
            co_handlers=["市委政法委", "市卫生健康委", "市科协", "团市委", "市妇联"],
            addressees=["毕清"],
            session="政协十四届广州市委员会第四次会议",
            number="4154",
            doc_number="穗教案〔2025〕383号",
            reply_date="2025-12-02",
            published=None,
            contact=("张恩暐", "22083753"),
            sections=((6, 9), (10, 14)),
        )
        printed = "快手成人版"
    contact: Any = facts["contact"]
    sections: Any = facts["sections"]
    lines = [
        f"# 答复函 {title}",
        f"id: {letter}",
        "source:",
        f"  path: seeds/{seed}",
        f"  sha256: {_sha256(root / 'seeds' / seed)}",
        "issuer: 广州市教育局",
    ]
    if printed:
        lines.append(f"issuer_as_printed: {printed}")
    lines += [
        f"co_handlers: {_q(facts['co_handlers'])}",
        f"addressees: {_q(facts['addressees'])}",
        "role: 委员",
        "kind: 提案",
        f"session: {facts['session']}",
        f"number: {_q(facts['number'])}",
        f"title: {_q(title)}",
        f"doc_number: {facts['doc_number']}",
        "category: A",
        f"reply_date: {facts['reply_date']}",
        f"published: {facts['published'] or 'null'}",
        f"contact: {{name: {contact[0]}, phone: {_q(contact[1])}}}",
        "cc: []",
        "sections:",
        f"  - {{kind: progress, heading: null, lines: [{sections[0][0]}, {sections[0][1]}]}}",
        f"  - {{kind: next_steps, heading: null, lines: [{sections[1][0]}, {sections[1][1]}]}}",
        "review: []",
    ]
    if printed:
        lines[-1:] = [
            "review:",
            "  - field: issuer",
            "    reason: the letter prints 快手成人版 where the issuer belongs",
        ]
    return "\n".join(lines) + "\n"


def evidence_entry(
    item: str, verdict: str, *, score: float = 0.8, confirmed: bool = False
) -> dict[str, Any]:
    """An evidence entry from letter B about item `item` of letter A."""
    section, line, quote = QUOTES_B[item]
    return {
        "reply": LETTER_B,
        "section": section,
        "line": line,
        "quote": quote,
        "verdict": verdict,
        "score": score,
        "confirmed": confirmed,
    }


def commitment_yaml(
    cid: str,
    text: str,
    *,
    area: str | None = None,
    lines: tuple[int, int] | None = None,
    status: str = "pending",
    status_note: str | None = None,
    owners: Iterable[str] = (),
    tags: Iterable[str] = (),
    evidence: Iterable[dict[str, Any]] = (),
    comment: str | None = None,
) -> str:
    """The text of a commitment file in the tree's layout."""
    reply = cid.rsplit("/", 1)[0]
    out = []
    if comment:
        out.append(f"# {comment}")
    out += [
        f"id: {cid}",
        f"reply: {reply}",
        f"area: {_q(area)}",
        f"text: {_q(text)}",
        f"lines: [{lines[0]}, {lines[1]}]" if lines else "lines: null",
        f"status: {status}",
        f"status_note: {_q(status_note)}",
        f"owners: {_q(list(owners))}",
        "due: null",
        f"tags: {_q(list(tags))}",
    ]
    ev = list(evidence)
    if not ev:
        out.append("evidence: []")
    else:
        out.append("evidence:")
        for e in ev:
            out.append(f"  - reply: {e['reply']}")
            for k in ("section", "line", "quote", "verdict", "score", "confirmed"):
                out.append(f"    {k}: {_q(e[k])}")
    return "\n".join(out) + "\n"


def item_yaml(letter: str, number: str, **changes: Any) -> str:
    """A commitment file of the fixture's letters, with some fields changed."""
    items = ITEMS_A if letter == LETTER_A else ITEMS_B
    _, area, text, line = next(i for i in items if i[0] == number)
    text = changes.pop("text", text)
    kwargs: dict[str, Any] = {"area": area, "lines": (line, line)}
    kwargs.update(changes)
    return commitment_yaml(f"{letter}/{number}", text, **kwargs)


def write(root: Path, rel: str, text: str) -> Path:
    """Write a file of the tree (creating folders)."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def make_letter(root: Path, letter: str) -> None:
    """One letter of the fixture: its seed, reply.yaml and pending commitments."""
    seed = SEED_A if letter == LETTER_A else SEED_B
    (root / "seeds").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SEEDS / seed, root / "seeds" / seed)
    write(root, f"commitments/{letter}/reply.yaml", reply_yaml(root, letter))
    for number, *_ in ITEMS_A if letter == LETTER_A else ITEMS_B:
        write(root, f"commitments/{letter}/{number}.yaml", item_yaml(letter, number))


class Shape(StrEnum):
    """What make_tree writes."""

    FILES = "files"  # the letters' files written as text: every item pending, fixed line numbers
    SMALL = "small"  # written by the store: letter A with two items (its 03 and 04), B with none
    IMPORTED = "imported"  # the letters read by the importer and written by the store
    SEEDS = "seeds"  # the seed letters alone, and an empty commitments/


def make_tree(
    root: Path, letters: Iterable[str] = (LETTER_A, LETTER_B), *, shape: Shape = Shape.FILES
) -> Path:
    """A tree of the seed letters `letters` (reply ids, see SEED_OF) in `root`, in `shape`.

    FILES and SMALL know letters A and B only; IMPORTED and SEEDS take any seed letter.
    """
    root.mkdir(parents=True, exist_ok=True)
    (root / "commitments").mkdir(exist_ok=True)
    (root / "seeds").mkdir(exist_ok=True)
    letters = tuple(letters)
    if shape == Shape.FILES:
        for letter in letters:
            make_letter(root, letter)
    elif shape == Shape.SMALL:
        _small_tree(root, letters)
    elif shape == Shape.IMPORTED:
        _imported_tree(root, letters)
    else:
        for letter in letters:
            shutil.copyfile(SEEDS / SEED_OF[letter], root / "seeds" / SEED_OF[letter])
    return root


def _small_tree(root: Path, letters: tuple[str, ...]) -> None:
    """Letters A and B written through the store: A with two items by hand, B with none."""
    from tracker import store
    from tracker.model import (
        Commitment,
        Contact,
        Kind,
        LetterSection,
        Reply,
        Role,
        SectionKind,
        Source,
    )

    for letter in letters:
        shutil.copy(SEEDS / SEED_OF[letter], root / "seeds" / SEED_OF[letter])
    source = {
        r: Source(f"seeds/{SEED_OF[r]}", _sha256(root / "seeds" / SEED_OF[r])) for r in letters
    }
    if LETTER_A in letters:
        a = Reply(
            id=LETTER_A,
            source=source[LETTER_A],
            issuer="广州市教育局",
            title="关于建设学校社工站 构建校家社协同育人机制(修改)的提案",
            addressees=("郭东文",),
            role=Role.MEMBER,
            kind=Kind.PROPOSAL,
            number="5020",
            doc_number="穗教案〔2023〕208号",
            category="A",
            reply_date=date(2023, 8, 31),
            contact=Contact("李国欣", "22083735"),
            sections=(
                LetterSection(SectionKind.PROGRESS, "一、目前工作推进情况", 16, 26),
                LetterSection(SectionKind.NEXT_STEPS, "二、下一步工作安排", 28, 36),
            ),
        )
        items = [
            Commitment(
                id=f"{LETTER_A}/{n:02d}", reply=LETTER_A, area=area, text=text, lines=(line, line)
            )
            for n, (_, area, text, line) in enumerate(ITEMS_A[2:], start=1)
        ]
        store.write_reply(root, a, items, update=False)
    if LETTER_B in letters:
        b = Reply(
            id=LETTER_B,
            source=source[LETTER_B],
            issuer="广州市教育局",
            issuer_as_printed="快手成人版",
            title="关于构建中小学生心理问题疏导机制的提案",
            number="4154",
            reply_date=date(2025, 12, 2),
            sections=(
                LetterSection(SectionKind.PROGRESS, "一、工作推进情况", 6, 9),
                LetterSection(SectionKind.NEXT_STEPS, "二、下一步工作安排", 10, 14),
            ),
        )
        store.write_reply(root, b, [], update=False)


def _imported_tree(root: Path, letters: tuple[str, ...]) -> None:
    """The letters read by the importer in the order given (each knowing the ones before)."""
    from tracker import extract, store

    known: list[Reply] = []
    for letter in letters:
        seed = root / "seeds" / SEED_OF[letter]
        shutil.copyfile(SEEDS / SEED_OF[letter], seed)
        read = extract.read_letter(seed, root=root, known=tuple(known))
        known.append(read.reply)
        store.write_reply(root, read.reply, read.commitments, update=False)


WHEN = "2024-01-01T10:00:00+08:00"  # the date of a commit made without one
# Who makes a commit: a key of AUTHORS, any other short name (name@example.org), or (name, email).
Author = str | tuple[str, str]


def git_env(author: Author = "li", when: str | None = WHEN) -> dict[str, str]:
    """Environment for a git command: fixed author and committer, no user config; fixed dates
    unless `when` is None (then git's clock)."""
    if isinstance(author, tuple):
        name, email = author
    else:
        name, email = AUTHORS.get(author, (author, f"{author}@example.org"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        GIT_AUTHOR_NAME=name,
        GIT_AUTHOR_EMAIL=email,
        GIT_COMMITTER_NAME=name,
        GIT_COMMITTER_EMAIL=email,
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        NO_COLOR="1",
    )
    if when is not None:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    return env


def git(root: Path, *args: str, author: Author = "li", when: str | None = WHEN) -> str:
    """Run git in root (as git_env sets it up) and return its output."""
    return subprocess.run(
        ["git", *args],
        cwd=root,
        env=git_env(author, when),
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@dataclass
class GitRepo:
    """A throw-away repository: the tree root, and the commits made by label."""

    root: Path
    commits: dict[str, str] = field(default_factory=dict)

    def git(self, *args: str, author: Author = "li", when: str | None = WHEN) -> str:
        """Run git in the repository and return its output."""
        return git(self.root, *args, author=author, when=when)

    def write(self, rel: str, text: str) -> Path:
        """Write a file of the tree."""
        return write(self.root, rel, text)

    def commit(self, label: str, message: str, *, author: Author = "li", when: str = WHEN) -> str:
        """Commit everything under the root as `author` at `when`; remember it by label."""
        self.git("add", "-A", author=author, when=when)
        self.git("commit", "-q", "-m", message, author=author, when=when)
        sha = self.git("rev-parse", "HEAD").strip()
        self.commits[label] = sha
        return sha


def init_repo(root: Path) -> GitRepo:
    """An empty repository at root (branch main)."""
    root.mkdir(parents=True, exist_ok=True)
    repo = GitRepo(root)
    repo.git("init", "-q", "-b", "main")
    return repo


def commit_all(
    root: Path,
    message: str = "tree",
    *,
    author: Author = "li",
    when: str = WHEN,
    force: Iterable[str] = (),
) -> GitRepo:
    """Everything under root committed (a repository made there first if it has none);
    `force` names ignored files to commit as well."""
    repo = GitRepo(root) if (root / ".git").exists() else init_repo(root)
    if force:
        repo.git("add", "-f", *force)
    repo.commit("tree", message, author=author, when=when)
    return repo


def shallow_clone(repo: GitRepo, dest: Path, depth: int = 2) -> Path:
    """A clone of repo at dest holding only its last `depth` commits (git clone --depth)."""
    repo.git("clone", "-q", "--depth", str(depth), f"file://{repo.root}", str(dest))
    return dest


class Story(StrEnum):
    """The histories build_history writes."""

    FOLLOW_UP = "follow-up"  # letters A and B in the FILES shape, five commits by three authors
    CLERKS = "clerks"  # three letters written by the store, four commits by two clerks (digests)


def build_history(root: Path, story: Story = Story.FOLLOW_UP, *, steps: int = 4) -> GitRepo:
    """A repository at root holding `story` (CLERKS stops after `steps` commits); its commits
    by label in .commits. Fixed authors and dates: the same commit ids on every machine."""
    if story == Story.CLERKS:
        return _clerks_history(root, steps)
    return _follow_up_history(root)


def _follow_up_history(root: Path) -> GitRepo:
    """A repository with five commits by three authors over the fixture tree.

    import-a   2023-09-05 李娜       letter A, four items pending
    import-b   2025-12-10 Wang Fang letter B
    follow-up  2025-12-12 Wang Fang A/01 in_progress + evidence; A/03 evidence; A/04 repeated + evidence
    confirm    2025-12-15 陈杰       A/03 done, its evidence confirmed, a note
    tidy       2025-12-20 李娜       A/02 tags; a comment in A/01 (no change to its data)
    """
    repo = init_repo(root)
    make_tree(root, [LETTER_A])
    repo.commit(
        "import-a", "导入 穗教案〔2023〕208号", author="li", when="2023-09-05T10:00:00+08:00"
    )
    make_letter(root, LETTER_B)
    repo.commit(
        "import-b", "Import 穗教案〔2025〕383号", author="wang", when="2025-12-10T09:30:00+08:00"
    )
    a = f"commitments/{LETTER_A}"
    repo.write(
        f"{a}/01.yaml",
        item_yaml(
            LETTER_A,
            "01",
            status="in_progress",
            evidence=[evidence_entry("01", "progress", score=0.72)],
        ),
    )
    repo.write(
        f"{a}/03.yaml",
        item_yaml(LETTER_A, "03", evidence=[evidence_entry("03", "done", score=0.9)]),
    )
    repo.write(
        f"{a}/04.yaml",
        item_yaml(
            LETTER_A,
            "04",
            status="repeated",
            evidence=[evidence_entry("04", "repeated", score=0.61)],
        ),
    )
    repo.commit(
        "follow-up",
        "Record follow-up from the 2025 letter",
        author="wang",
        when="2025-12-12T16:00:00+08:00",
    )
    repo.write(
        f"{a}/03.yaml",
        item_yaml(
            LETTER_A,
            "03",
            status="done",
            status_note="全市100%配备",
            evidence=[evidence_entry("03", "done", score=0.9, confirmed=True)],
        ),
    )
    repo.commit(
        "confirm", "Confirm staffing is done", author="chen", when="2025-12-15T11:00:00+08:00"
    )
    repo.write(f"{a}/02.yaml", item_yaml(LETTER_A, "02", tags=["社工"]))
    repo.write(
        f"{a}/01.yaml",
        item_yaml(
            LETTER_A,
            "01",
            status="in_progress",
            evidence=[evidence_entry("01", "progress", score=0.72)],
            comment="checked against the 2025 letter",
        ),
    )
    repo.commit("tidy", "Tag A/02", author="li", when="2025-12-20T08:00:00+08:00")
    return repo


def clause(letter: str, start: str, ends: str = "；;。") -> str:
    """The letter's text from `start` to the first sentence end (so it occurs in the letter)."""
    i = letter.index(start)
    j = min((k for k in (letter.find(e, i) for e in ends) if k >= 0), default=len(letter) - 1)
    return letter[i : j + 1].rstrip(",，")


def _letter(root: Path, rid: str) -> str:
    return (root / "seeds" / SEED_OF[rid]).read_text(encoding="utf-8")


def _reply(root: Path, rid: str, **facts: Any) -> Reply:
    from tracker.model import Reply, Source

    (root / "seeds").mkdir(parents=True, exist_ok=True)
    shutil.copy(SEEDS / SEED_OF[rid], root / "seeds" / SEED_OF[rid])
    sha = hashlib.sha256((root / "seeds" / SEED_OF[rid]).read_bytes()).hexdigest()
    return Reply(id=rid, source=Source(f"seeds/{SEED_OF[rid]}", sha), **facts)


def _items(root: Path, rid: str, specs: list[tuple[str | None, str, int, str]]) -> list[Commitment]:
    from tracker.model import Commitment

    letter = _letter(root, rid)
    return [
        Commitment(
            id=f"{rid}/{n:02d}",
            reply=rid,
            area=area,
            text=clause(letter, start, ends),
            lines=(line, line),
        )
        for n, (area, start, line, ends) in enumerate(specs, start=1)
    ]


def _evidence(
    root: Path,
    cid: str,
    later: str,
    start: str,
    section: str,
    line: int,
    verdict: str,
    status: str,
    note: str | None = None,
) -> None:
    from tracker import store

    quote = clause(_letter(root, later), start)
    c = store.load_tree(root).commitments[cid]
    entry = {
        "reply": later,
        "section": section,
        "line": line,
        "quote": quote,
        "verdict": verdict,
        "score": 0.9,
        "confirmed": True,
    }
    store.record_evidence(root, c, [entry], status=status)
    if note:
        store.update_file(root / c.path, lambda doc: store.set_fields(doc, {"status_note": note}))


def _clerks_history(root: Path, steps: int = 4) -> GitRepo:
    """Three letters and four commits by two clerks on fixed dates (see Story.CLERKS)."""
    from tracker import store
    from tracker.model import Kind, LetterSection, Role, SectionKind

    repo = init_repo(root)

    gz23 = _reply(
        root,
        LETTER_A,
        issuer="广州市教育局",
        co_handlers=("市民政局",),
        title="关于建设学校社工站 构建校家社协同育人机制(修改)的提案",
        addressees=("郭东文",),
        role=Role.MEMBER,
        kind=Kind.PROPOSAL,
        number="5020",
        doc_number="穗教案〔2023〕208号",
        category="A",
        reply_date=date(2023, 8, 31),
        published=date(2023, 9, 1),
        sections=(
            LetterSection(SectionKind.PROGRESS, "一、目前工作推进情况", 16, 26),
            LetterSection(SectionKind.NEXT_STEPS, "二、下一步工作安排", 28, 36),
        ),
    )
    store.write_reply(
        root,
        gz23,
        _items(
            root,
            LETTER_A,
            [
                ("推进校家社协同育人", "贯彻落实教育部等13部门", 32, "；;。"),
                ("用好社会教育资源", "加强社区、学校联动", 34, ","),
                ("强化专业队伍建设", "推进全市中小学100%配齐专职心理教师", 36, "；;。"),
                ("强化专业队伍建设", "持续深化“社工+”战略", 36, "；;。"),
            ],
        ),
        update=False,
    )
    lz24 = _reply(
        root,
        LETTER_LZ,
        issuer="广元市利州区教育局",
        title="关于加强关注青少年心理健康的建议",
        addressees=("杨梅",),
        role=Role.DEPUTY,
        kind=Kind.SUGGESTION,
        number="56",
        session="区九届人大四次会议",
        reply_date=date(2024, 7, 24),
        published=date(2024, 10, 12),
        sections=(LetterSection(SectionKind.NEXT_STEPS, "五、下一步工作计划", 34, 40),),
    )
    store.write_reply(
        root,
        lz24,
        _items(
            root,
            LETTER_LZ,
            [
                (None, "持续推进全区学校心理健康工作常态化开展", 36, ","),
                (None, "积极督促各学校开展心理健康教育活动和课程", 38, "。"),
                (None, "推进区青少年成长综合服务中心建设", 40, ","),
            ],
        ),
        update=False,
    )
    repo.commit(
        "import",
        "Import the 2023 Guangzhou and 2024 Lizhou letters",
        author=CLERK_LI,
        when="2025-09-01T09:00:00+08:00",
    )
    if steps < 2:
        return repo

    gz25 = _reply(
        root,
        LETTER_B,
        issuer="广州市教育局",
        issuer_as_printed="快手成人版",
        title="关于构建中小学生心理问题疏导机制的提案",
        addressees=("毕清",),
        role=Role.MEMBER,
        kind=Kind.PROPOSAL,
        number="4154",
        doc_number="穗教案〔2025〕383号",
        category="A",
        reply_date=date(2025, 12, 2),
        sections=(
            LetterSection(SectionKind.PROGRESS, "一、工作推进情况", 6, 9),
            LetterSection(SectionKind.NEXT_STEPS, "二、下一步工作安排", 10, 14),
        ),
    )
    store.write_reply(
        root,
        gz25,
        _items(
            root,
            LETTER_B,
            [
                ("加强心理问题源头预防,强化心理健康科普", "加强家庭教育指导服务", 12, "。"),
                ("强化心理问题预警,提升干预成效", "完善预警机制", 13, "。"),
            ],
        ),
        update=False,
    )
    repo.commit(
        "later-letter",
        "Import the 2025 Guangzhou letter",
        author=CLERK_WANG,
        when="2025-12-10T10:00:00+08:00",
    )
    if steps < 3:
        return repo

    _evidence(
        root,
        f"{LETTER_A}/01",
        LETTER_B,
        "市教育局推进落实教育部等印发",
        "progress",
        7,
        "progress",
        "in_progress",
    )
    _evidence(
        root,
        f"{LETTER_A}/03",
        LETTER_B,
        "2023年以来,全市中小学校100%完成",
        "progress",
        8,
        "done",
        "done",
    )
    repo.commit(
        "follow-up",
        "Follow-up from 穗教案〔2025〕383号",
        author=CLERK_LI,
        when="2025-12-15T16:30:00+08:00",
    )
    if steps < 4:
        return repo

    _evidence(
        root,
        f"{LETTER_A}/02",
        LETTER_B,
        "市科协开展“院士专家校园行”项目",
        "progress",
        9,
        "progress",
        "in_progress",
    )
    _evidence(
        root,
        f"{LETTER_A}/04",
        LETTER_B,
        "充分利用“粤心安”社会心理服务站",
        "next_steps",
        13,
        "repeated",
        "repeated",
        note="2025年答复再次承诺，未报告进展",
    )
    repo.commit(
        "second-pass",
        "Second pass: school visits, 社工+ promised again",
        author=CLERK_WANG,
        when="2026-01-05T11:00:00+08:00",
    )
    return repo


@contextmanager
def without_cache() -> Iterator[None]:
    """Run the block as a command runs with TRACKER_NO_CACHE set: no cache read or written."""
    from tracker.workspace import Workspace, use

    with use(replace(Workspace.from_env(), cache=False)):
        yield


def cache_of_other_code(root: Path, name: str) -> RecordCache:
    """The change cache `name` of the tree at `root` as another version of the code keeps it
    (its fingerprint names one module more): what it saves, this code must not read."""
    from tracker import history
    from tracker.cache import RecordCache

    return RecordCache(
        root.resolve(), name, (*history.CHANGE_CODE, "render"), history._codec_of(name)
    )


@pytest.fixture
def tree_root(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """The fixture tree in tmp_path, outside any git repository: letters A and B in Shape.FILES,
    or the shape a test names with `@pytest.mark.parametrize("tree_root", [...], indirect=True)`."""
    return make_tree(tmp_path / "tree", shape=getattr(request, "param", Shape.FILES))


@pytest.fixture
def git_repo(tmp_path: Path) -> GitRepo:
    """The fixture tree with a history of five commits by three authors (see build_history)."""
    return build_history(tmp_path / "repo")


@pytest.fixture(params=["git", "plain"])
def cached_tree(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """The small tree twice: committed to git, and outside git with its files aged (outside git,
    files changed in the last two seconds are never cached)."""
    make_tree(tmp_path, shape=Shape.SMALL)
    if request.param == "git":
        commit_all(tmp_path, "init")
    else:
        # outside git, files changed in the last two seconds are never cached: age them
        old = time.time() - 60
        for p in tmp_path.rglob("*"):
            os.utime(p, (old, old))
    return tmp_path
