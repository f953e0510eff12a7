"""The browsable site: an index, a page per bureau, letter and commitment, and a search page.

`build_pages` works out every page's context from the records and the git history (plain
tuples and dicts, sorted, no wall-clock time); `write_site` renders the pages that changed
through the package's templates in templates/site/ (never a tree's; everything autoescaped) and writes
the files whose bytes differ. The site is plain files with relative links: it works from
file:// and from any static host (GitHub Pages, GitLab Pages).

Rebuilds are incremental. `.tracker-site.json` in the output folder keeps, for every page, a
digest of its context (and of the templates) and the size and mtime of the file written; a page
whose digest and file are unchanged is not rendered again. A page that is rendered is written
only when its bytes differ from the file's.

The search page filters a JSON index in the browser (assets/index.js and one
assets/index/<bureau>.js per bureau: scripts, so that they load from file://). Its text is folded at build time as `text.key` folds it (width, white space,
traditional to simplified, case); the query is folded in the browser with the same character
table (assets/t2s.js, made from the same converter).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import operator
import os
import re
import stat
import unicodedata
from collections import Counter
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from tracker import text as tx
from tracker.digest import (
    LABELS,
    SECTION_LABELS,
    STATUS_COLOURS,
    STATUS_ORDER,
    FieldChange,
    GitFacts,
)
from tracker.forking import forked
from tracker.labels import message
from tracker.model import Commitment, Reply, SectionKind, Status, TrackerError, UsageError
from tracker.outputs import check_output
from tracker.render import builtin_template_dirs
from tracker.report import OPEN_STATUSES, Lang, issuer_label, latest_evidence

if TYPE_CHECKING:
    from tracker.store import Tree

SITE_TEMPLATES = "site"  # the site's folder inside the template folder
MANIFEST = ".tracker-site.json"
DEFAULT_OUT = Path("build") / "site"
# Files copied as they are from templates/site/ to assets/.
STATIC_ASSETS = ("site.css", "site.js")
CHANGES_SHOWN = 100  # newest changes listed on the index; the rest are counted
SNIPPET = 90  # characters of a commitment's text shown in search results

WORDS: dict[Lang, dict[str, str]] = {
    Lang.ZH: {
        "site_title": "答复函承诺追踪",
        "home": "首页",
        "search": "检索",
        "search_placeholder": "输入关键词（繁体、简体均可）",
        "all": "全部",
        "status": "状态",
        "bureau": "承办单位",
        "bureaus": "各承办单位",
        "year": "年份",
        "tag": "标签",
        "total": "合计",
        "letters": "答复函",
        "letter": "答复函",
        "commitments": "承诺",
        "commitment": "承诺",
        "summary": "共 {letters} 件答复函、{items} 项承诺，{bureaus} 个承办单位。",
        "results": "符合条件的承诺：",
        "shown_first": "（仅显示前 {n} 项）",
        "no_results": "没有符合条件的承诺。",
        "no_script": "检索需要浏览器启用 JavaScript；各承办单位页面列出全部承诺。",
        "changes": "自上期简报以来的变化",
        "more_changes": "另有 {n} 项较早的变化未列出。",
        "overdue": "逾期未兑现的承诺",
        "overdue_none": "没有逾期的承诺（仅计设有期限的承诺）。",
        "due": "期限",
        "no_due": "未设期限",
        "days_over": "逾期 {n} 天",
        "as_of": "截至 {date}",
        "text": "内容",
        "area": "方面",
        "note": "备注",
        "owners": "责任人",
        "tags": "标签",
        "lines": "原文第 {a}–{b} 行",
        "line_of": "原文第 {n} 行",
        "line": "第 {n} 行",
        "latest": "最新进展",
        "no_evidence": "暂无进展记录。",
        "evidence": "进展记录",
        "verdict": "判断",
        "confirmed": "已核实",
        "proposed": "待核实",
        "score": "相似度",
        "history": "修改记录（git）",
        "history_none": "没有 git 历史。",
        "added": "录入，状态为 {status}",
        "status_change": "状态 {old} → {new}",
        "evidence_added": "新增进展：{source}",
        "worktree": "工作区，未提交",
        "letter_text": "原文",
        "letter_missing": "原文文件 {path} 无法读取。",
        "answers": "作为进展引用于",
        "marks": "承诺",
        "facts": "基本信息",
        "doc_number": "文号",
        "date": "日期",
        "addressees": "提出人",
        "co_handlers": "会办单位",
        "undated": "日期不详",
        "quote_of": "答复",
        "footer": "由 tracker site 生成",
        "commit": "提交 {short}",
        "no_git": "不在 git 仓库中，没有修改记录",
        "lang": "zh-Hans",
        "section": "段落",
        "sections": "章节",
    },
    Lang.EN: {
        "site_title": "Commitment tracker",
        "home": "Home",
        "search": "Search",
        "search_placeholder": "Words (traditional or simplified)",
        "all": "all",
        "status": "Status",
        "bureau": "Bureau",
        "bureaus": "Bureaus",
        "year": "Year",
        "tag": "Tag",
        "total": "Total",
        "letters": "Letters",
        "letter": "Letter",
        "commitments": "Commitments",
        "commitment": "Commitment",
        "summary": "{letters} letters, {items} commitments, {bureaus} bureaus.",
        "results": "Matching commitments: ",
        "shown_first": " (the first {n} shown)",
        "no_results": "No commitment matches.",
        "no_script": "Search needs JavaScript; the bureau pages list every commitment.",
        "changes": "Changes since the last digest",
        "more_changes": "{n} older changes not listed.",
        "overdue": "Overdue commitments",
        "overdue_none": "Nothing is overdue (only commitments with a due date count).",
        "due": "Due",
        "no_due": "no due date",
        "days_over": "{n} days overdue",
        "as_of": "As of {date}",
        "text": "Text",
        "area": "Area",
        "note": "Note",
        "owners": "Owners",
        "tags": "Tags",
        "lines": "lines {a}–{b} of the letter",
        "line_of": "line {n} of the letter",
        "line": "line {n}",
        "latest": "Latest evidence",
        "no_evidence": "No evidence yet.",
        "evidence": "Evidence",
        "verdict": "Verdict",
        "confirmed": "confirmed",
        "proposed": "proposed",
        "score": "score",
        "history": "History (git)",
        "history_none": "No git history.",
        "added": "added as {status}",
        "status_change": "status {old} → {new}",
        "evidence_added": "evidence added: {source}",
        "worktree": "working tree, not committed",
        "letter_text": "Text of the letter",
        "letter_missing": "The letter file {path} cannot be read.",
        "answers": "quoted as evidence for",
        "marks": "commitment",
        "facts": "Facts",
        "doc_number": "Document",
        "date": "Date",
        "addressees": "Proposed by",
        "co_handlers": "Co-handlers",
        "undated": "undated",
        "quote_of": "reply",
        "footer": "made by tracker site",
        "commit": "commit {short}",
        "no_git": "not in a git repository: no history",
        "lang": "en",
        "section": "section",
        "sections": "Sections",
    },
}


# --- paths ---------------------------------------------------------------------------------------

_SAFE = re.compile(r"[a-z0-9][a-z0-9._-]{0,80}")


def slug(value: str, prefix: str = "x") -> str:
    """A file name for an id: the id itself when it is plain lower-case ASCII, else a digest.

    Ids come from the tree, which is untrusted: a name with a slash, dots or markup never
    reaches the file system or a link as it is.
    """
    if _SAFE.fullmatch(value) and not value.endswith("."):
        return value
    return f"{prefix}-{hashlib.sha1(value.encode('utf-8')).hexdigest()[:12]}"  # noqa: S324


def bureau_path(name: str) -> str:
    """The page of a bureau, relative to the site's root."""
    return f"bureau/{slug(name, 'b')}.html"


def letter_path(reply_id: str) -> str:
    """The page of a letter, relative to the site's root."""
    return f"letter/{slug(reply_id, 'r')}.html"


_NUMBER = re.compile(r"[a-z0-9]{1,40}")


ITEM_FOLDER = "item/"


def item_path(commitment_id: str) -> str:
    """The page of a commitment, relative to the site's root: item/<reply-id>--<NN>.html.

    Every commitment's page sits in the one folder: a folder per letter (10,000 of them at
    50,000 commitments) made a new site's build spend most of its time in the kernel. The name
    cannot collide: the number part is plain ([a-z0-9]) or a digest `n-<hex>`, so it holds no
    "--" and does not start with "-", and the last "--" of a name is always the separator
    (a valid reply id holds no "--" at all).
    """
    reply, _, number = commitment_id.rpartition("/")
    number_part = number if _NUMBER.fullmatch(number) else slug(f"/{number}", "n")
    return f"{ITEM_FOLDER}{slug(reply, 'r')}--{number_part}.html"


def chunk_path(name: str) -> str:
    """A bureau's part of the search index, relative to the site's root."""
    return f"assets/index/{slug(name, 'b')}.js"


def _base(rel: str) -> str:
    """The way from a page back to the site's root ("", "../", "../../")."""
    return "../" * rel.count("/")


# --- the character table of the search ------------------------------------------------------------

# Blocks of CJK ideographs whose traditional forms the converter may simplify.
_CJK_BLOCKS = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))


@lru_cache(maxsize=1)
def t2s_table() -> dict[str, str]:
    """Every ideograph the project's converter (text.to_simplified) turns into another single
    one, and what it becomes: the table the browser folds a query with."""
    chars = [chr(c) for a, b in _CJK_BLOCKS for c in range(a, b + 1)]
    converted = tx.to_simplified("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # the converter joined or split lines: one at a time
        converted = [tx.to_simplified(c) for c in chars]
    return {c: s for c, s in zip(chars, converted, strict=True) if s != c and len(s) == 1}


@lru_cache(maxsize=1)
def _traditional() -> re.Pattern[str]:
    """Any character of the table: one class, searched in C (str.translate with the table
    looked up each character in a dict: about 40 µs a commitment, 2 s of a cold build)."""
    return re.compile("[" + "".join(map(re.escape, sorted(t2s_table()))) + "]")


_WS = re.compile(r"\s+")


def search_key(text: str) -> str:
    """The search form of a text: text.key's folding (width, white space, traditional to
    simplified, case). A text with no traditional character is folded without the phrase
    converter (the same result, far faster); one with them goes through text.key itself."""
    folded = _WS.sub("", unicodedata.normalize("NFKC", text))
    if _traditional().search(folded):
        return tx.key(text)
    return folded.lower()


# --- the pages ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """One file of the site: where it goes, the template that renders it, and its context.

    `deps` is what the page shows that its context does not hold (a letter file's size and
    mtime): it goes into the page's digest. `body` is set for files written as they are.
    """

    path: str
    template: str | None
    context: dict[str, Any]
    deps: tuple[Any, ...] = ()
    body: bytes | None = None


@dataclass(frozen=True)
class Part:
    """A piece of a page made on its own and kept from build to build: a letter on its bureau's
    page, a letter's commitments in its bureau's part of the search index. `key` (a digest)
    names what it shows, `make` makes its view; a rebuild takes the piece of the last build's
    file for a key it has, so a bureau's page is not worked out again row by row when one of
    its commitments changes."""

    key: str
    make: Callable[[], Any] = field(repr=False, compare=False)


class Lazy(NamedTuple):
    """A page not worked out yet: its path, a key that names everything it shows (None: its
    context is its key), and how to make it (a tuple: 60,000 of them are made per build)."""

    path: str
    key: str | None
    make: Callable[[], Page]


@dataclass(frozen=True)
class SiteReport:
    """What a build did: pages in the site, files written, files kept as they were, removed."""

    out: Path
    pages: int
    written: int
    unchanged: int
    removed: int
    index: str = "index.html"
    warnings: tuple[str, ...] = field(default=())
    forks: int = 0  # forked processes that shared the rendering (0: this process alone)


def _status_view(s: Status, lang: Lang) -> dict[str, str]:
    return {"value": s.value, "label": s.label(lang), "colour": STATUS_COLOURS[s]}


def _cite(reply: Reply | None, reply_id: str, t: dict[str, str]) -> str:
    """A letter as a source names it: document number or title, and date."""
    if reply is None:
        return reply_id
    name = reply.doc_number or reply.title or reply.id
    return f"{name}，{reply.date.isoformat()}" if reply.date else name


def _lines_of(c: Commitment) -> range:
    if not c.lines:
        return range(0)
    a, b = c.lines
    return range(a, b + 1)


def read_letter(root: Path, reply: Reply) -> tuple[str | None, tuple[Any, ...]]:
    """A reply's letter text and the file's (size, mtime) for the page's digest; (None, ())
    when the file is missing, unreadable, or not inside the tree."""
    if not reply.source.path:
        return None, ()
    path = _inside(_real(root), reply.source.path)
    if path is None:
        return None, ()
    try:
        with open(path, "rb") as f:
            st = os.fstat(f.fileno())
            if not stat.S_ISREG(st.st_mode):
                return None, ()
            data = f.read()
        return data.decode("utf-8-sig"), (reply.source.path, st.st_size, st.st_mtime_ns)
    except (OSError, UnicodeDecodeError):
        return None, ()


@lru_cache(maxsize=8)
def _real(root: Path) -> str:
    return os.path.realpath(root)


def _inside(real_root: str, rel: str) -> str | None:
    """The file `rel` names under the tree's (resolved) root, or None when it leads out of the
    tree. Plain names are checked one component at a time under the root (no walk of the
    root's own path for every letter); a link or `..` anywhere takes the full resolve."""
    parts = rel.split("/")
    path = real_root
    for part in parts:
        if part in ("", ".", "..") or "\\" in part:
            break
        path = f"{path}/{part}"
        try:
            if stat.S_ISLNK(os.lstat(path).st_mode):
                break
        except OSError:
            return None
    else:
        return path
    full = os.path.realpath(os.path.join(real_root, rel))
    return full if full.startswith(real_root + os.sep) else None


def _letter_deps(root: Path, reply: Reply) -> tuple[Any, ...]:
    """What a letter page depends on beyond its context: the letter file's size and mtime."""
    if not reply.source.path:
        return ()
    try:
        st = os.stat(os.path.join(root, reply.source.path))
    except OSError:
        return ("missing",)
    return (reply.source.path, st.st_size, st.st_mtime_ns)


class _Paths(dict[str, str]):
    """Id -> page path, each worked out once (a page links to the same letters and
    commitments from many places)."""

    def __init__(self, make: Callable[[str], str]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: str) -> str:
        value = self[key] = self.make(key)
        return value


class _Site:
    """The views of one tree in one language, worked out once each."""

    def __init__(self, tree: Tree, git: GitFacts, lang: Lang, as_of: date | None) -> None:
        self.tree = tree
        self.git = git
        self.lang = lang
        self.t = WORDS[lang]
        self.section_labels: dict[SectionKind, str] = SECTION_LABELS[lang]
        self.as_of = as_of or git.head.date
        self.left_out: tuple[str, ...] = ()  # files that could not be read: the index says so
        self.status_views = {s: _status_view(s, lang) for s in Status}
        self.item_paths = _Paths(item_path)
        self.letter_paths = _Paths(letter_path)
        self.bureau_paths = _Paths(bureau_path)
        replies = tree.replies
        self.issuer = {rid: issuer_label(r.effective_issuer, lang) for rid, r in replies.items()}
        self.items_of: dict[str, list[Commitment]] = {}
        for c in tree.commitments.values():
            self.items_of.setdefault(c.reply, []).append(c)
        for items in self.items_of.values():
            items.sort(key=lambda c: c.id)
        # letters with commitments but no reply.yaml still get a page (under "no issuer")
        for rid in self.items_of:
            if rid not in self.issuer:
                self.issuer[rid] = issuer_label(None, lang)
        # letter -> line -> the commitments whose evidence quotes that line
        self.quoted: dict[str, dict[int, list[str]]] = {}
        for c in tree.commitments.values():
            for e in c.evidence:
                if e.line:
                    ids = self.quoted.setdefault(e.reply, {}).setdefault(e.line, [])
                    if c.id not in ids:
                        ids.append(c.id)
        self.history = self._history()
        self.in_git = str(git.head.in_git)
        self.row_keys: dict[str, str] = {}
        self.reply_keys: dict[str, str] = {}
        self.rows_keys: dict[str, str] = {}
        self.rows: dict[tuple[str, str], dict[str, Any]] = {}
        self.deps: dict[str, tuple[Any, ...]] = {}  # letter -> its file's size and mtime
        self.names: list[str] = []  # the bureaus, in order (set by bureaus())
        self.status_no = {s: i for i, s in enumerate(STATUS_ORDER)}

    # --- small views ---------------------------------------------------------------------------

    def letter_ref(self, rid: str, base: str) -> dict[str, Any]:
        r = self.tree.replies.get(rid)
        return {
            "id": rid,
            "href": base + self.letter_paths[rid],
            "title": (r.title or rid) if r else rid,
            "cite": _cite(r, rid, self.t),
            "date": r.date.isoformat() if r and r.date else "",
        }

    def evidence_view(self, e: Any, base: str) -> dict[str, Any]:
        r = self.tree.replies.get(e.reply)
        href = base + self.letter_paths[e.reply] + (f"#L{e.line}" if e.line else "")
        source = _cite(r, e.reply, self.t) + "，" + self.section_labels[e.section]
        if e.line:
            source += "，" + self.t["line"].format(n=e.line)
        return {
            "quote": e.quote,
            "verdict": e.verdict.value,
            "verdict_label": e.verdict.label(self.lang),
            "source": source,
            "href": href,
            "line": e.line,
            "confirmed": e.confirmed,
            "score": f"{e.score:.2f}",
        }

    def item_row(self, c: Commitment, base: str) -> dict[str, Any]:
        """A commitment as a row of a list: status, latest evidence, due (made once per page
        depth: a bureau's page and a letter's show the same rows)."""
        row = self.rows.get((c.id, base))
        if row is None:
            row = self.rows[(c.id, base)] = self._item_row(c, base)
        return row

    def _item_row(self, c: Commitment, base: str) -> dict[str, Any]:
        latest = latest_evidence(c, self.tree.replies)
        overdue = self.overdue_days(c)
        return {
            "id": c.id,
            "number": c.number,
            "href": base + self.item_paths[c.id],
            "area": c.area or "",
            "text": c.text,
            "status": self.status_views[c.status],
            "note": c.status_note or "",
            "due": c.due.isoformat() if c.due else "",
            "overdue": overdue,
            "latest": self.evidence_view(latest, base) if latest else None,
            "evidence_count": len(c.evidence),
            "tags": list(c.tags),
            # filled in by the follow-up work where it lands (threads over the years)
            "thread": [],
        }

    def letter_deps(self, rid: str) -> tuple[Any, ...]:
        deps = self.deps.get(rid)
        if deps is None:
            r = self.tree.replies.get(rid)
            deps = self.deps[rid] = _letter_deps(self.tree.root, r) if r else ()
        return deps

    def overdue_days(self, c: Commitment) -> int | None:
        if c.due is None or self.as_of is None or c.status not in OPEN_STATUSES:
            return None
        days = (self.as_of - c.due).days
        return days if days > 0 else None

    def counts(self, items: Iterable[Commitment]) -> list[dict[str, Any]]:
        n = Counter(c.status for c in items)
        return [{"status": self.status_views[s], "count": n[s]} for s in STATUS_ORDER]

    # --- history -------------------------------------------------------------------------------

    def change_text(self, field: str, old: Any, new: Any, base: str) -> tuple[str, str]:
        """What a change did, in words, and the link of its evidence (or "")."""
        t = self.t
        if field == "added":
            return t["added"].format(status=self.status_label(new)), ""
        if field == "status":
            return (
                t["status_change"].format(old=self.status_label(old), new=self.status_label(new)),
                "",
            )
        ev = self.evidence_view(new, base)
        return t["evidence_added"].format(source=ev["source"]), ev["href"]

    def status_label(self, value: Any) -> str:
        try:
            return Status(str(value)).label(self.lang)
        except ValueError:
            return str(value)

    def _history(self) -> dict[str, list[FieldChange]]:
        """Each commitment's changes in the git history (the digest's: added, status, evidence), newest first."""
        out: dict[str, list[FieldChange]] = {}
        for ch in self.git.everything:
            out.setdefault(ch.id, []).append(ch)
        for changes in out.values():
            changes.reverse()
        return out

    def history_rows(self, cid: str, base: str) -> list[dict[str, str]]:
        rows = []
        for ch in self.history.get(cid, ()):
            what, href = self.change_text(ch.field, ch.old, ch.new, base)
            rows.append(
                {
                    "date": ch.date.isoformat() if ch.date else "",
                    "author": ch.author if ch.commit else self.t["worktree"],
                    "commit": ch.short,
                    "what": what,
                    "href": href,
                }
            )
        return rows

    # --- pages ---------------------------------------------------------------------------------

    def common(self, rel: str, title: str) -> dict[str, Any]:
        return {"base": _base(rel), "title": title}

    def bureaus(self) -> dict[str, list[str]]:
        """Bureau -> its letters' ids, by date then id."""
        out: dict[str, list[str]] = {}
        rids = set(self.tree.replies) | set(self.items_of)
        for rid in rids:
            out.setdefault(self.issuer[rid], []).append(rid)
        for rids_ in out.values():
            rids_.sort(key=lambda rid: (self.reply_date(rid) or date.max, rid))
        out = dict(sorted(out.items()))
        self.names = list(out)
        return out

    def reply_date(self, rid: str) -> date | None:
        r = self.tree.replies.get(rid)
        return r.date if r else None

    def index_page(self, bureaus: dict[str, list[str]]) -> Page:
        rel = "index.html"
        ctx = self.common(rel, self.t["site_title"])
        items = list(self.tree.commitments.values())
        n_letters = len(set(self.tree.replies) | set(self.items_of))
        rows = []
        for name, rids in bureaus.items():
            its = [c for rid in rids for c in self.items_of.get(rid, ())]
            rows.append(
                {
                    "name": name,
                    "href": self.bureau_paths[name],
                    "letters": len(rids),
                    "total": len(its),
                    "counts": self.counts(its),
                }
            )
        overdue = sorted(
            (c for c in items if self.overdue_days(c)), key=lambda c: (c.due or date.min, c.id)
        )
        period = list(reversed(self.git.period))  # newest first
        changes = []
        for ch in period[:CHANGES_SHOWN]:
            what, href = self.change_text(ch.field, ch.old, ch.new, "")
            changes.append(
                {
                    "id": ch.id,
                    "href": self.item_paths[ch.id] if ch.id in self.tree.commitments else "",
                    "date": ch.date.isoformat() if ch.date else "",
                    "author": ch.author if ch.commit else self.t["worktree"],
                    "commit": ch.short,
                    "what": what,
                }
            )
        head = self.git.head
        ctx.update(
            summary=self.t["summary"].format(
                letters=n_letters, items=len(items), bureaus=len(bureaus)
            ),
            n_letters=n_letters,
            n_items=len(items),
            counts=self.counts(items),
            bureaus=rows,
            totals={"letters": n_letters, "total": len(items)},
            overdue=[self.item_row(c, "") | {"bureau": self.issuer[c.reply]} for c in overdue],
            due_set=sum(1 for c in items if c.due),
            since=self.git.since.text or _since_text(self.git, self.lang),
            changes=changes,
            more_changes=max(0, len(period) - CHANGES_SHOWN),
            as_of=self.t["as_of"].format(date=self.as_of.isoformat()) if self.as_of else "",
            commit=self.t["commit"].format(short=head.short) if head.commit else "",
            in_git=head.in_git,
            left_out=list(self.left_out),
            left_out_text=message("left_out_site", self.lang, n=len(self.left_out)),
        )
        return Page(rel, "index.html.j2", ctx)

    def search_page(self, bureaus: dict[str, list[str]]) -> Page:
        rel = "search.html"
        ctx = self.common(rel, self.t["search"])
        years = sorted({d.year for rid in self.items_of if (d := self.reply_date(rid))})
        tags = sorted({t for c in self.tree.commitments.values() for t in c.tags})
        ctx.update(
            statuses=[self.status_views[s] for s in STATUS_ORDER],
            bureaus=list(bureaus),
            chunks=[chunk_path(name) for name in bureaus],
            years=years,
            tags=tags,
        )
        return Page(rel, "search.html.j2", ctx)

    def bureau_page(self, name: str, rids: list[str]) -> Page:
        rel = self.bureau_paths[name]
        base = _base(rel)
        ctx = self.common(rel, name)
        years: dict[str, list[Part]] = {}
        its: list[Commitment] = []
        for rid in rids:
            d = self.reply_date(rid)
            its.extend(self.items_of.get(rid, ()))
            part = self._part(
                partial(self.bureau_letter, rid, base), self._letter_row_key, "bureau", rid
            )
            years.setdefault(str(d.year) if d else self.t["undated"], []).append(part)
        ctx.update(
            name=name,
            counts=self.counts(its),
            total=len(its),
            n_letters=len(rids),
            years=sorted(years.items(), key=lambda kv: kv[0], reverse=True),
        )
        return Page(rel, "bureau.html.j2", ctx)

    def bureau_letter(self, rid: str, base: str) -> dict[str, Any]:
        """A letter as its bureau's page shows it: title, facts, its commitments' rows."""
        letter = self.letter_ref(rid, base)
        r = self.tree.replies.get(rid)
        letter["doc_number"] = r.doc_number if r and r.doc_number else ""
        letter["items"] = [self.item_row(c, base) for c in self.items_of.get(rid, ())]
        return letter

    def _part(self, make: Callable[[], Any], make_key: Callable[..., str], *args: str) -> Part:
        """A piece of a page, keyed by the content keys of its files (or by its view, made
        now, when a file has none)."""
        key = self._keyed(make_key, *args)
        if key is None:
            view = make()
            return Part(_digest(view), lambda: view)
        return Part(_hash(key), make)

    def letter_page(self, rid: str) -> Page:
        rel = self.letter_paths[rid]
        base = _base(rel)
        r = self.tree.replies.get(rid)
        items = self.items_of.get(rid, [])
        bureau = self.issuer[rid]
        ctx = self.common(rel, (r.title or rid) if r else rid)
        marks: dict[int, list[dict[str, str]]] = {}
        for c in items:
            for n in _lines_of(c):
                marks.setdefault(n, []).append({"id": c.id, "href": base + self.item_paths[c.id]})
        answers = {
            line: [{"id": cid, "href": base + self.item_paths[cid]} for cid in sorted(ids)]
            for line, ids in sorted(self.quoted.get(rid, {}).items())
        }
        facts = []
        if r is not None:
            for key, value in (
                ("bureau", bureau),
                ("doc_number", r.doc_number),
                ("date", r.date.isoformat() if r.date else None),
                ("addressees", "、".join(r.addressees) + (r.role or "") if r.addressees else None),
                ("co_handlers", "、".join(r.co_handlers) if r.co_handlers else None),
            ):
                if value:
                    facts.append((self.t[key], value))
        ctx.update(
            id=rid,
            bureau=bureau,
            bureau_href=base + self.bureau_paths[bureau],
            facts=facts,
            sections=[
                {"label": self.section_labels[s.kind], "heading": s.heading or "", "start": s.start}
                for s in (r.sections if r else ())
            ],
            items=[self.item_row(c, base) for c in items],
            marks=marks,
            answers=answers,
            source=r.source.path if r else "",
        )
        return Page(rel, "letter.html.j2", ctx, self.letter_deps(rid))

    def item_page(self, c: Commitment) -> Page:
        rel = self.item_paths[c.id]
        base = _base(rel)
        bureau = self.issuer.get(c.reply) or issuer_label(None, self.lang)
        ctx = self.common(rel, c.id)
        # the row its bureau's and letter's pages show: every page but the index and the
        # search page sits one folder deep, so the links of a row are the same on all of them
        row = self.item_row(c, base)
        lines = ""
        if c.lines and c.lines[0] == c.lines[1]:
            lines = self.t["line_of"].format(n=c.lines[0])
        elif c.lines:
            lines = self.t["lines"].format(a=c.lines[0], b=c.lines[1])
        ctx.update(
            item=row,
            bureau=bureau,
            bureau_href=base + self.bureau_paths[bureau],
            letter=self.letter_ref(c.reply, base),
            lines=lines,
            lines_href=base + self.letter_paths[c.reply] + (f"#L{c.lines[0]}" if c.lines else ""),
            owners=list(c.owners),
            evidence=[self.evidence_view(e, base) for e in c.evidence],
            history=self.history_rows(c.id, base),
            in_git=self.git.head.in_git,
        )
        return Page(rel, "item.html.j2", ctx)

    def search_meta(self) -> Page:
        """assets/index.js: the statuses and bureaus the search's items refer to by number."""
        data = {
            "statuses": [[s.value, s.label(self.lang), STATUS_COLOURS[s]] for s in STATUS_ORDER],
            "bureaus": [[n, self.bureau_paths[n]] for n in self.names],
        }
        body = "window.TRACKER_INDEX = " + json.dumps(
            data, ensure_ascii=False, separators=(",", ":")
        )
        return Page("assets/index.js", None, {}, body=(body + ";\n").encode("utf-8"))

    def search_chunk(self, name: str, rids: list[str]) -> Page:
        """assets/index/<bureau>.js: one bureau's commitments as the search page filters them
        (a file per bureau, so that a change rebuilds one bureau's part of the index)."""
        bureau_no = str(self.names.index(name))
        parts = [
            self._part(
                partial(self.chunk_entries, name, rid),
                self._letter_entries_key,
                name,
                bureau_no,
                rid,
            )
            for rid in rids
        ]
        return Page(chunk_path(name), None, {"parts": parts})

    def chunk_entries(self, name: str, rid: str) -> str:
        """A letter's commitments in its bureau's part of the search index: JSON arrays joined
        by commas, as json.dumps writes them inside the list ("" when it has none)."""
        status_no = self.status_no
        bureau_no = self.names.index(name)
        d = self.reply_date(rid)
        entries = []
        for c in self.items_of.get(rid, ()):
            snippet = c.text if len(c.text) <= SNIPPET else c.text[: SNIPPET - 1] + "…"
            haystack = " ".join(
                (c.id, c.area or "", c.text, c.status_note or "", " ".join(c.tags), name)
            )
            entry = [
                c.id,
                self.item_paths[c.id],
                status_no[c.status],
                bureau_no,
                d.year if d else 0,
                list(c.tags),
                snippet,
                search_key(haystack),
            ]
            entries.append(json.dumps(entry, ensure_ascii=False, separators=(",", ":")))
        return ",".join(entries)

    # --- cheap keys: what a page shows, named by the content keys of the files it comes from ---

    # A key is plain text: the content keys of the files a page shows, joined (hashed once, in
    # write_site). Joining strings costs a fraction of repr() over nested tuples and records.

    def _file_key(self, rel: str) -> str:
        key = self.tree.keys.get(rel)
        if key is None:
            raise _NoKey
        return "/".join(map(str, key)) if isinstance(key, tuple) else str(key)

    def _reply_key(self, rid: str) -> str:
        try:
            return self.reply_keys[rid]
        except KeyError:
            r = self.tree.replies.get(rid)
            key = self.reply_keys[rid] = self._file_key(r.path) if r is not None else "-"
            return key

    def _row_key(self, c: Commitment) -> str:
        """What a commitment's row depends on: its file, its letter's, its evidence letters',
        whether it is overdue."""
        key = self.row_keys.get(c.id)
        if key is None:
            key = self.row_keys[c.id] = _US.join(
                (
                    self._file_key(c.path),
                    self._reply_key(c.reply),
                    *(self._reply_key(e.reply) for e in c.evidence),
                    str(self.overdue_days(c)),
                )
            )
        return key

    def _rows_key(self, rid: str) -> str:
        key = self.rows_keys.get(rid)
        if key is None:
            key = self.rows_keys[rid] = _RS.join(map(self._row_key, self.items_of.get(rid, ())))
        return key

    def _keyed(self, make_key: Callable[..., str], *args: Any) -> str | None:
        """The page's key from the content keys of its files, or None (its context is its key)."""
        if not self.tree.keys:
            return None
        try:
            return make_key(*args)
        except _NoKey:
            return None

    def _letter_row_key(self, page: str, rid: str) -> str:
        """What a letter shows on its bureau's page: its record and its commitments' rows."""
        return f"{page}{_GS}{rid}{_US}{self._reply_key(rid)}{_US}{self._rows_key(rid)}"

    def _letter_entries_key(self, name: str, bureau_no: str, rid: str) -> str:
        """What a letter's commitments are in its bureau's part of the search index."""
        return _GS.join(
            (
                "chunk",
                name,
                bureau_no,
                f"{rid}{_US}{self.reply_date(rid)}{_US}{self._rows_key(rid)}",
            )
        )

    def _bureau_key(self, name: str, rids: list[str]) -> str:
        rows = (f"{rid}{_US}{self._reply_key(rid)}{_US}{self._rows_key(rid)}" for rid in rids)
        return _GS.join(("bureau", name, *rows))

    def _letter_key(self, rid: str) -> str:
        deps = self.letter_deps(rid)
        quoted = sorted(self.quoted.get(rid, {}).items())
        return _GS.join(
            (
                "letter",
                rid,
                self._reply_key(rid),
                self.issuer[rid],
                _US.join(map(str, deps)),
                self._rows_key(rid),
                _US.join(f"{line}:{','.join(ids)}" for line, ids in quoted),
            )
        )

    def _item_key(self, c: Commitment) -> str:
        # a committed change is named by its commit: what it shows (date, author, the fields'
        # old and new values) is fixed by the commit and the code (in the build's salt); a
        # change in the working tree by its values
        history = self.history.get(c.id)
        changes = (
            _US.join([f"{ch.commit}:{ch.field}" if ch.commit else repr(ch) for ch in history])
            if history
            else ""
        )
        return (
            f"item{_GS}{c.id}{_GS}{self._row_key(c)}{_GS}{self.issuer.get(c.reply) or ''}"
            f"{_GS}{self.in_git}{_GS}{changes}"
        )

    def _chunk_key(self, name: str, rids: list[str]) -> str:
        rows = (f"{rid}{_US}{self.reply_date(rid)}{_US}{self._rows_key(rid)}" for rid in rids)
        return _GS.join(("chunk", name, str(self.names.index(name)), *rows))

    def pages(self) -> Iterator[Lazy]:
        """Every page of the site, each with a cheap key where the tree's files have content keys."""
        bureaus = self.bureaus()
        yield Lazy("index.html", None, partial(self.index_page, bureaus))
        yield Lazy("search.html", None, partial(self.search_page, bureaus))
        for name, rids in bureaus.items():
            key = self._keyed(self._bureau_key, name, rids)
            yield Lazy(self.bureau_paths[name], key, partial(self.bureau_page, name, rids))
        for rid in sorted(set(self.tree.replies) | set(self.items_of)):
            key = self._keyed(self._letter_key, rid)
            yield Lazy(self.letter_paths[rid], key, partial(self.letter_page, rid))
        keyed, item_key, item_page = bool(self.tree.keys), self._item_key, self.item_page
        for c in self.tree.commitments.values():
            key = None
            if keyed:
                with contextlib.suppress(_NoKey):
                    key = item_key(c)
            yield Lazy(self.item_paths[c.id], key, partial(item_page, c))
        yield Lazy("assets/index.js", None, self.search_meta)
        for name, rids in bureaus.items():
            key = self._keyed(self._chunk_key, name, rids)
            yield Lazy(chunk_path(name), key, partial(self.search_chunk, name, rids))

    def pages_fed_by(self, letters: set[str], items: set[str]) -> Iterator[Lazy]:
        """The pages that these letters and commitments feed (their pages, their bureaus'
        pages and parts of the search index, the index and search pages), keyed as pages() does."""
        bureaus = self.bureaus()
        names = {self.issuer[rid] for rid in letters}
        yield Lazy("index.html", None, partial(self.index_page, bureaus))
        yield Lazy("search.html", None, partial(self.search_page, bureaus))
        for name in names:
            key = self._keyed(self._bureau_key, name, bureaus[name])
            yield Lazy(self.bureau_paths[name], key, partial(self.bureau_page, name, bureaus[name]))
        for rid in sorted(letters):
            key = self._keyed(self._letter_key, rid)
            yield Lazy(self.letter_paths[rid], key, partial(self.letter_page, rid))
        for cid in sorted(items):
            c = self.tree.commitments[cid]
            key = self._keyed(self._item_key, c)
            yield Lazy(self.item_paths[c.id], key, partial(self.item_page, c))
        yield Lazy("assets/index.js", None, self.search_meta)
        for name in names:
            key = self._keyed(self._chunk_key, name, bureaus[name])
            yield Lazy(chunk_path(name), key, partial(self.search_chunk, name, bureaus[name]))


# separators of a page's key: between fields, records and groups (never in a key's parts)
_US, _RS, _GS = "\x1f", "\x1e", "\x1d"


class _NoKey(Exception):
    """A file the page depends on has no content key: the page's context is its key."""


def _since_text(git: GitFacts, lang: Lang) -> str:
    """What "changed since" means here, in the digest's words."""
    t = LABELS[lang]
    since = git.since
    when = since.date.isoformat() if since.date else ""
    if since.mode == "last":
        return t["since_last"].format(short=since.short, date=when)
    if since.mode == "ref":
        return t["since_commit"].format(short=since.short, date=when)
    if since.mode == "start":
        return t["since_start"]
    return t["no_history"]


def t2s_script() -> bytes:
    """assets/t2s.js: the table the browser folds a query with (traditional -> simplified)."""
    table = t2s_table()
    src = "".join(table)
    dst = "".join(table[c] for c in src)
    body = (
        "window.TRACKER_T2S = "
        + json.dumps({"from": src, "to": dst}, ensure_ascii=False, separators=(",", ":"))
        + ";\n"
    )
    return body.encode("utf-8")


# --- writing -----------------------------------------------------------------------------------


def site_template_dir() -> Path:
    """The folder of the built-in site templates (templates/site/)."""
    for d in builtin_template_dirs():
        if (d / SITE_TEMPLATES / "index.html.j2").is_file():
            return d / SITE_TEMPLATES
    raise TrackerError(
        "the built-in site templates are missing", "reinstall tracker (templates/site/)"
    )


def _environment(folder: Path) -> Any:
    """jinja2's environment over the site's own templates, autoescaping everything.

    The site renders only the templates shipped in the package (site_template_dir(): never a
    tree's templates/), so they run in the plain environment, as the digest's built-in ones do;
    a tree's templates are untrusted and only ever rendered in the sandbox (render.py). The
    templates are read and compiled once: no check of their files per page (auto_reload off).
    """
    import jinja2

    class Plain(jinja2.Environment):
        """`view.field` on the pages' plain dicts is looked up as an item first: a dict's items
        are data, and jinja2's own lookup tries (and fails) an attribute of the dict every time
        before it looks at the items."""

        def getattr(self, obj: Any, attribute: str) -> Any:
            if type(obj) is dict:
                try:
                    return obj[attribute]
                except KeyError:
                    pass
            return super().getattr(obj, attribute)

    return Plain(
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )


def _digest(*parts: Any) -> str:
    return _hash(repr(parts))


def _hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _code_key() -> str:
    """The tracker package's own code (every module's bytes, hashed)."""
    h = hashlib.blake2b(digest_size=16)
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        h.update(str(path.relative_to(package)).encode("utf-8") + b"\0" + path.read_bytes())
    return h.hexdigest()


def site_stamp(
    tree: Tree,
    git: GitFacts,
    as_of: date | None,
    left_out: tuple[str, ...],
    salt: str,
    deps: dict[str, tuple[Any, ...]] | None = None,
) -> str | None:
    """One digest of everything the pages show, or None when a record has no content key.

    The same stamp as the last build's means every page's key is the same as then: the
    records' files (their content keys), the letters' files (size and mtime), git's facts (a
    committed change named by its commit, as in a page's key), the as-of date, the notice of
    files left out, and the salt (language, code, templates). A warm build then checks each
    page's file and renders nothing. `deps`, when given, gets each letter's file facts.
    """
    return _facts_stamp(site_facts(tree, git, as_of, left_out, salt, deps))


def _key_text(key: Any) -> str:
    return "/".join(map(str, key)) if isinstance(key, tuple) else str(key)


def _key_texts(keys: dict[str, Any]) -> dict[str, str]:
    """_key_text of each key; at once when every key is a tuple of texts (git's blob keys)."""
    if set(map(type, keys.values())) <= {tuple}:
        with contextlib.suppress(TypeError):  # a part that is not a text: one by one
            return dict(zip(keys, map("/".join, keys.values()), strict=True))
    return {rel: _key_text(key) for rel, key in keys.items()}


_PATH = operator.attrgetter("path")
_ID_COMMIT_FIELD = operator.itemgetter(0, 4, 1)  # of a FieldChange
_COMMIT = operator.itemgetter(4)


def site_facts(
    tree: Tree,
    git: GitFacts,
    as_of: date | None,
    left_out: tuple[str, ...],
    salt: str,
    deps: dict[str, tuple[Any, ...]] | None = None,
) -> dict[str, Any] | None:
    """What the pages are made of, kept in the manifest so that the next build can tell which
    records changed and work out only the pages they feed (None: a record has no content key).

    "whole": one digest of what every page may show (the salt, the as-of date, git's head and
    committed changes, the letters' records, which commitment file is which commitment of which
    letter); "records": each commitment file's content key; "letters": each letter's file size
    and mtime; "worktree": the history of each commitment changed in the working tree;
    "feeds": the letters other than its own whose pages quote a commitment.
    """
    keys = tree.keys
    if not keys:
        return None
    replies, commitments = tree.replies, tree.commitments
    # a file changed too recently to be known by its stat has no key (None): nothing then
    # tells two such versions apart, and every page is worked out from its view
    reply_paths = set(map(_PATH, replies.values()))
    if None in keys.values() or not keys.keys() >= {
        *map(_PATH, commitments.values()),
        *reply_paths,
    }:
        return None
    reply_keys = [f"{rid}{_US}{r.path}{_US}{_key_text(keys[r.path])}" for rid, r in replies.items()]
    # every other file's content key: the commitments' and any file not read as a record
    records = _key_texts({rel: key for rel, key in keys.items() if rel not in reply_paths})
    h = hashlib.blake2b(digest_size=16)

    def add(parts: Iterable[str]) -> None:
        h.update(_RS.join(parts).encode("utf-8", "surrogatepass") + _GS.encode())

    head = git.head  # whether the working tree has changes shows on no page: the changes do
    head_facts = (head.in_git, head.commit, head.short, head.date, head.shallow)
    add((salt, str(tree.root), repr(as_of), repr(head_facts), repr(git.since), *left_out))
    add(reply_keys)
    add([f"{c.path}{_US}{c.id}{_US}{c.reply}" for c in commitments.values()])
    worktree: dict[str, list[str]] = {}
    committed: list[str] = []
    for part in (git.everything, git.period):
        if part is not git.everything or not committed:  # the period is often everything
            committed = [f"{i}{_US}{c}{_US}{f}" for i, c, f in map(_ID_COMMIT_FIELD, part) if c]
        add(committed)
    if not all(map(_COMMIT, git.everything)):  # changes in the working tree
        for ch in git.everything:
            if not ch.commit:
                worktree[ch.id] = []
        for ch in git.everything:
            if ch.id in worktree:
                worktree[ch.id].append(f"{ch.commit}:{ch.field}" if ch.commit else repr(ch))
    if deps is None:
        deps = {}
    for rid, r in replies.items():
        if rid not in deps:
            deps[rid] = _letter_deps(tree.root, r)
    letters = {rid: _US.join(map(str, deps[rid])) for rid in replies}
    feeds: dict[str, list[str]] = {}
    for c in commitments.values():
        for e in c.evidence:
            if e.reply != c.reply:
                fed = feeds.setdefault(c.id, [])
                if e.reply not in fed:
                    fed.append(e.reply)
    return {
        "whole": h.hexdigest(),
        "records": records,
        "letters": letters,
        "worktree": worktree,
        "feeds": feeds,
    }


def _facts_stamp(facts: dict[str, Any] | None) -> str | None:
    """One digest of the facts: the same as the last build's means no page changed (the
    letters other pages quote follow from the records, so they are not in it)."""
    if facts is None:
        return None
    h = hashlib.blake2b(facts["whole"].encode(), digest_size=16)
    for part in ("records", "letters"):
        text = _RS.join([f"{k}{_US}{v}" for k, v in facts[part].items()])
        h.update(text.encode("utf-8", "surrogatepass") + _GS.encode())
    worktree = _RS.join(f"{k}{_US}{_US.join(v)}" for k, v in sorted(facts["worktree"].items()))
    h.update(worktree.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _changed_by(tree: Tree, facts: dict[str, Any], old: Any) -> tuple[set[str], set[str]] | None:
    """The letters and the commitments whose pages may differ from the last build's, worked
    out from the records that changed since (None: more changed than records of commitments
    and letters' files, or the last build's facts are missing or odd: every page is keyed)."""
    if not isinstance(old, dict) or old.get("whole") != facts["whole"]:
        return None
    records, letters, worktree, feeds = (
        old.get("records"),
        old.get("letters"),
        old.get("worktree"),
        old.get("feeds"),
    )
    if not (
        isinstance(records, dict)
        and isinstance(letters, dict)
        and isinstance(worktree, dict)
        and isinstance(feeds, dict)
    ):
        return None
    if records.keys() != facts["records"].keys() or letters.keys() != facts["letters"].keys():
        return None
    by_path = {c.path: c for c in tree.commitments.values()}
    dirty_letters: set[str] = set()
    dirty_items: set[str] = set()
    new_records = facts["records"]
    for rel, key in new_records.items():
        if records[rel] != key:
            c = by_path.get(rel)
            if c is None:  # a file that is not a commitment's record
                return None
            dirty_items.add(c.id)
            dirty_letters.add(c.reply)
            for rid in (*facts["feeds"].get(c.id, ()), *_str_list(feeds.get(c.id, []))):
                dirty_letters.add(rid)
    for rid, key in facts["letters"].items():
        if letters[rid] != key:
            dirty_letters.add(rid)
    for cid in set(worktree) | set(facts["worktree"]):
        if worktree.get(cid) != facts["worktree"].get(cid):
            dirty_items.add(cid)
    # a letter quoted but not in the tree has no page; a history of a commitment no longer
    # in the tree shows on the index alone
    dirty_letters &= set(tree.replies) | {c.reply for c in by_path.values()}
    dirty_items &= set(tree.commitments)
    return dirty_letters, dirty_items


def _str_list(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _kept_pages(
    out_dir: str, old_pages: dict[str, Any], skip: Container[str] = ()
) -> dict[str, Any] | None:
    """The last build's pages but those in `skip`, when each file still has the size and mtime
    it left (None: a page was edited, removed or replaced by hand, or the manifest names an odd
    path)."""
    kept = {rel: was for rel, was in old_pages.items() if rel not in skip}
    look = _Looker(out_dir)
    try:
        for rel, was in kept.items():
            if not (type(was) is list and len(was) == 3 and type(rel) is str):
                return None
            if not _PLAIN_REL.fullmatch(rel):  # a manifest is read back from the output
                return None
            if look(rel) != was[1:]:
                return None
    finally:
        look.close()
    return kept


class _Looker:
    """The size and mtime of the site's files, each looked at relative to its open folder (no
    walk of the whole path per file: a quarter less time for 60,000 files).

    A listing of a folder cannot stand in: on Linux it tells names and kinds, not sizes and
    times, and os.scandir's entries stat each file all the same."""

    def __init__(self, out_dir: str) -> None:
        self.out_dir = out_dir
        self.folders: dict[str, int] = {}
        self.by_fd = os.stat in os.supports_dir_fd

    def __call__(self, rel: str) -> list[int] | None:
        try:
            if self.by_fd:
                folder, _, name = rel.rpartition("/")
                fd = self.folders.get(folder)
                if fd is None:
                    path = f"{self.out_dir}/{folder}" if folder else self.out_dir
                    fd = self.folders[folder] = os.open(path, os.O_RDONLY | _O_DIRECTORY)
                st = os.stat(name, dir_fd=fd)
            else:
                st = os.stat(f"{self.out_dir}/{rel}")
        except OSError:
            return None
        return [st.st_size, st.st_mtime_ns]

    def close(self) -> None:
        for fd in self.folders.values():
            os.close(fd)
        self.folders.clear()


# a page's path as the site writes them: names not starting with a dot, in folders of the same
_PLAIN_REL = re.compile(r"(?:[\w-][\w.-]*/)*[\w-][\w.-]*", re.ASCII)
_O_DIRECTORY = getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)


def _read_manifest(out: Path) -> dict[str, Any]:
    """The last build's manifest ({} when missing or not JSON); read by msgspec, in C, since it
    holds every page's entry and every record's key (0.1 s by json for 60,000 pages)."""
    import msgspec

    try:
        data = msgspec.json.decode((out / MANIFEST).read_bytes())
    except (OSError, ValueError):  # msgspec.DecodeError is a ValueError; so is bad UTF-8
        return {}
    return data if isinstance(data, dict) else {}


Written = tuple[bool, list[int] | None]  # whether the file was written, its (size, mtime)


def _write_if_changed(path: Path | str, data: bytes) -> Written:
    """Write the bytes unless the file holds them already; the stat is taken from the open file
    (no second look at the path)."""
    try:
        with open(path, "rb") as f:
            if f.read(len(data) + 1) == data:
                return False, _fstat_key(f.fileno())
    except FileNotFoundError:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        return _write_new(path, data)
    except IsADirectoryError:
        raise TrackerError(f"{path}: a folder where the site has a page", "remove it") from None
    return _replace(path, data)


def _write_new(path: Path | str, data: bytes) -> Written:
    """A new file is written in place: a build stopped halfway leaves a part of a page that no
    manifest entry vouches for, so the next build writes it again. Written with the system's
    calls themselves: a Python file object costs three more calls per file (a stat, a
    terminal check, a seek), 180,000 for a new site of 60,000 pages."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_FLAGS, 0o666)
    except FileExistsError:  # made meanwhile: replace it
        return _replace(path, data)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        return True, _fstat_key(fd)
    finally:
        os.close(fd)


_O_FLAGS = getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)  # no newline translation


def _replace(path: Path | str, data: bytes) -> Written:
    tmp = os.path.join(os.path.dirname(path), f".{os.path.basename(path)}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            seen = _fstat_key(f.fileno())
        os.replace(tmp, path)  # a rename keeps the size and mtime taken above
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return True, seen


def _fstat_key(fd: int) -> list[int]:
    st = os.fstat(fd)
    return [st.st_size, st.st_mtime_ns]


def _stat_key(path: Path | str) -> list[int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def _check_out(out: Path, root: Path) -> None:
    if out.exists() and not out.is_dir():
        raise UsageError(f"-o {out}: not a folder", "give a folder for the site, e.g. build/site")
    check_output(root, out)  # the rule of every -o: not in the tree's data, never in .git/


def write_site(
    tree: Tree,
    git: GitFacts,
    out: Path,
    lang: Lang = Lang.ZH,
    as_of: date | None = None,
    left_out: tuple[str, ...] = (),
    *,
    parallel_from: int = 2000,
    workers: int | None = None,
) -> SiteReport:
    """Build the site of the tree into `out`: render the pages whose context changed, write the
    files whose bytes changed, remove the pages a former build made that are gone now.
    `left_out` names the files that could not be read; the index page carries them as a notice.
    From `parallel_from` pages to render, a forked second process shares the work when `workers`
    (None: the machine's cores) is more than one; the pages are the same either way."""
    from markupsafe import Markup

    # the digest's escaping: markupsafe's own, without making a Markup of every plain string
    from tracker.render import _fast_escape as fast_escape

    _check_out(out, tree.root)
    out.mkdir(parents=True, exist_ok=True)
    # a new site (an empty folder): the folders this build makes hold only the pages it writes
    fresh: set[str] = set() if any(out.iterdir()) else {str(out)}
    folder = site_template_dir()
    assets = {f"assets/{name}": (folder / name).read_bytes() for name in STATIC_ASSETS}
    assets["assets/t2s.js"] = t2s_script()
    templates = sorted(p.name for p in folder.glob("*.j2"))
    # the templates and the code that makes the pages' contexts (and the history and labels
    # they show): a page's key names its data, the salt names how it is turned into a page
    salt = _digest(lang.value, _code_key(), [(n, (folder / n).read_bytes()) for n in templates])

    old = _read_manifest(out)
    old_pages: dict[str, Any] = old.get("pages", {}) if old.get("salt") == salt else {}
    old_parts = old.get("parts") if old_pages else None
    if not isinstance(old_parts, dict):
        old_parts = {}
    reusable: dict[str, list[int]] = {}  # page -> its file's (size, mtime), as the manifest has it
    new_pages: dict[str, Any] = {}
    written = unchanged = 0
    warnings: list[str] = []
    compiled: dict[str, Any] = {}

    def put(rel: str, key: str, make: Any) -> None:
        nonlocal written, unchanged
        path = out / rel
        was = old_pages.get(rel)
        seen = _stat_key(path) if was else None
        if was and was[0] == key and seen is not None and seen == was[1:]:
            new_pages[rel] = was
            unchanged += 1
            return
        wrote, seen = _write_if_changed(path, make())
        written += wrote
        unchanged += not wrote
        new_pages[rel] = [key, *(seen or [0, 0])]

    for rel, data in assets.items():
        put(rel, _digest(data), lambda data=data: data)

    out_dir = str(out)
    deps: dict[str, tuple[Any, ...]] = {}
    facts = site_facts(tree, git, as_of, left_out, salt, deps)
    stamp = _facts_stamp(facts)
    if stamp is not None and old.get("stamp") == stamp and old_pages:
        # nothing the pages show changed: only the files are checked
        kept = _kept_pages(out_dir, old_pages, new_pages)
        if kept is not None:
            new_pages.update(kept)
            if old.get("pages") != new_pages:  # an asset was written again
                _write_manifest(out, salt, stamp, new_pages, facts, old_parts)
            return SiteReport(out, len(new_pages), written, unchanged + len(kept), 0)

    env = _environment(folder)
    site = _Site(tree, git, lang, as_of)
    site.left_out = left_out
    site.deps = deps
    # the site's words go into every page's variables, not into the environment's globals: a
    # template importing macros then shares one module of them (jinja2 makes the module again
    # for every page when the globals hold names the template's own globals do not)
    words = {"t": site.t, "site_title": site.t["site_title"]}

    def render(page: Page) -> tuple[bytes, list[list[Any]] | None]:
        """The page's bytes, and where its parts lie in them (None: it has none)."""
        if page.body is not None:
            return page.body, None
        seen = reusable.get(page.path)
        kept = _old_parts(f"{out_dir}/{page.path}", seen, old_parts.get(page.path)) if seen else {}
        if page.template is None:  # a bureau's part of the search index
            return _chunk_body(page.context["parts"], kept)
        template = compiled[page.template]
        ctx = {**words, **page.context}
        parts: list[tuple[str, str]] = []
        if page.template == "bureau.html.j2":
            article = compiled["macros.html.j2"].module.letter_article
            years = []
            for year, letters in ctx["years"]:
                shown = []
                for part in letters:
                    html = kept.get(part.key)
                    if html is None:
                        html = str(article(part.make(), site.t))
                    parts.append((part.key, html))
                    shown.append({"html": Markup(html)})
                years.append((year, shown))
            ctx["years"] = years
        if page.template == "letter.html.j2":
            lines = _letter_lines(tree.root, tree.replies.get(ctx["id"]), warnings)
            marks, answers = ctx["marks"], ctx["answers"]
            ctx["lines"] = (
                None
                if lines is None
                else [(n, text, marks.get(n), answers.get(n)) for n, text in lines]
            )
        # what Template.render() does, without its per-call wrapping
        try:
            text = "".join(template.root_render_func(template.new_context(ctx)))
        except Exception:
            env.handle_exception()  # re-raises, pointing at the template's line
            raise
        return _cut(text, parts) if parts else (text.encode("utf-8"), None)

    # the pages that may have changed: those fed by the records that changed since the last
    # build, when nothing else did and every other page's file is as the last build left it
    pages: Iterable[Lazy] | None = None
    changed = _changed_by(tree, facts, old.get("facts")) if facts and old_pages else None
    if changed is not None:
        fed = list(site.pages_fed_by(*changed))
        paths = {lazy.path for lazy in fed} | new_pages.keys()
        kept = _kept_pages(out_dir, old_pages, paths)
        if kept is not None:
            new_pages.update(kept)
            unchanged += len(kept)
            pages = fed

    # the pages to render: those whose key or file changed since the last build
    todo: list[tuple[str, Lazy | Page]] = []
    look = _Looker(out_dir)
    try:
        for lazy in site.pages() if pages is None else pages:
            if lazy.key is not None:
                key = _hash(lazy.key)
                item: Lazy | Page = lazy
            else:
                item = lazy.make()
                key = _digest(item.template, item.context, item.deps, item.body)
            was = old_pages.get(lazy.path)
            if type(was) is not list or len(was) != 3:  # the manifest is read back: untrusted
                was = None
            as_left = was is not None and look(lazy.path) == was[1:]
            if was is not None and as_left and was[0] == key:
                new_pages[lazy.path] = was
                unchanged += 1
            else:
                if was is not None and as_left and lazy.path in old_parts:
                    reusable[lazy.path] = was[1:]
                todo.append((key, item))
    finally:
        look.close()

    def work(items: list[tuple[str, Lazy | Page]]) -> list[tuple[str, str, bool, Any, Any]]:
        """Render and write these pages: (path, key, written, stat, parts) of each."""
        done = []
        for key, item in items:
            page = item.make() if isinstance(item, Lazy) else item
            path = f"{out_dir}/{page.path}"
            data, spans = render(page)
            if fresh:  # a new site: every page is a new file, written without a look first
                folder = os.path.dirname(path)
                if folder not in fresh:
                    os.makedirs(folder, exist_ok=True)
                    fresh.add(folder)
                wrote, seen = _write_new(path, data)
            else:
                wrote, seen = _write_if_changed(path, data)
            done.append((page.path, key, wrote, seen, spans))
        return done

    for name in templates if todo else ():  # compiled once, before any worker is forked
        compiled[name] = env.get_template(name)
        fast_escape(compiled[name])
    cores = workers if workers is not None else os.cpu_count() or 1
    forks = 0
    if len(todo) >= parallel_from and cores > 1 and hasattr(os, "fork"):
        forks = 1
        results = _shared(work, todo, warnings, split=_by_folder)
    else:
        results = work(todo)
    new_parts: dict[str, Any] = {}
    for rel, key, wrote, seen, spans in results:
        written += wrote
        unchanged += not wrote
        new_pages[rel] = [key, *(seen or [0, 0])]
        if spans is not None:
            new_parts[rel] = spans
    # the parts of the pages kept as they were stay as the last build found them
    for rel, spans in old_parts.items():
        if rel in new_pages and rel not in new_parts and new_pages[rel] == old_pages.get(rel):
            new_parts[rel] = spans

    removed = 0
    emptied: set[Path] = set()
    for rel in old.get("pages", {}):
        if rel not in new_pages and _own_page(rel):
            path = out / rel
            if path.is_file():
                path.unlink()
                removed += 1
                emptied.add(path.parent)
    _remove_empty(out, emptied)
    if (
        old.get("salt") != salt
        or old.get("pages") != new_pages
        or old.get("stamp") != stamp
        or old.get("facts") != facts
        or old.get("parts") != new_parts
    ):
        _write_manifest(out, salt, stamp, new_pages, facts, new_parts)  # else: the same bytes
    return SiteReport(
        out, len(new_pages), written, unchanged, removed, warnings=tuple(warnings), forks=forks
    )


def _write_manifest(
    out: Path,
    salt: str,
    stamp: str | None,
    pages: dict[str, Any],
    facts: dict[str, Any] | None = None,
    parts: dict[str, Any] | None = None,
) -> None:
    import msgspec

    manifest = {
        "salt": salt,
        "stamp": stamp,
        "pages": dict(sorted(pages.items())),
        "facts": facts,
        "parts": dict(sorted((parts or {}).items())),
    }
    _write_if_changed(out / MANIFEST, msgspec.json.encode(manifest) + b"\n")


_CHUNK_HEAD = b"(window.TRACKER_CHUNKS = window.TRACKER_CHUNKS || []).push(["
_CHUNK_TAIL = b"]);\n"


def _chunk_body(parts: list[Part], kept: dict[str, str]) -> tuple[bytes, list[list[Any]]]:
    """A bureau's part of the search index from its letters' entries (the last build's where
    their key is the same), and where each letter's entries lie in it."""
    pieces = [_CHUNK_HEAD]
    spans: list[list[Any]] = []
    at = len(_CHUNK_HEAD)
    for part in parts:
        text = kept.get(part.key)
        data = (part.make() if text is None else text).encode("utf-8")
        if data and at > len(_CHUNK_HEAD):
            pieces.append(b",")
            at += 1
        pieces.append(data)
        spans.append([part.key, at, at + len(data)])
        at += len(data)
    pieces.append(_CHUNK_TAIL)
    return b"".join(pieces), spans


def _cut(text: str, parts: list[tuple[str, str]]) -> tuple[bytes, list[list[Any]] | None]:
    """A page's bytes and where each of its parts (key, text), shown in order, lies in them."""
    pieces: list[bytes] = []
    spans: list[list[Any]] = []
    at = size = 0
    for key, part in parts:
        i = text.find(part, at)
        if i < 0:  # not shown as it is: no parts kept for this page
            return text.encode("utf-8"), None
        gap, data = text[at:i].encode("utf-8"), part.encode("utf-8")
        pieces += (gap, data)
        size += len(gap)
        spans.append([key, size, size + len(data)])
        size += len(data)
        at = i + len(part)
    pieces.append(text[at:].encode("utf-8"))
    return b"".join(pieces), spans


def _old_parts(path: str, seen: list[int], spans: Any) -> dict[str, str]:
    """The parts of the last build's file by key, when the file still has the size and mtime
    the manifest gives it ({} otherwise, or when the manifest's entry is odd: it is read back
    from the output folder)."""
    if type(spans) is not list:
        return {}
    try:
        with open(path, "rb") as f:
            if _fstat_key(f.fileno()) != seen:
                return {}
            data = f.read()
    except OSError:
        return {}
    out: dict[str, str] = {}
    for span in spans:
        if not (
            type(span) is list
            and len(span) == 3
            and type(span[0]) is str
            and type(span[1]) is int
            and type(span[2]) is int
            and 0 <= span[1] <= span[2] <= len(data)
        ):
            return {}
        try:
            out[span[0]] = data[span[1] : span[2]].decode("utf-8")
        except UnicodeDecodeError:
            return {}
    return out


def _own_page(rel: Any) -> bool:
    """Whether a manifest's entry names a file inside the site (the manifest is read back from
    the output folder: an entry leading out of it is never removed)."""
    return (
        isinstance(rel, str)
        and bool(rel)
        and not rel.startswith(("/", "\\"))
        and all(part not in ("", ".", "..") for part in re.split(r"[/\\]", rel))
    )


def _remove_empty(out: Path, folders: Iterable[Path]) -> None:
    """Remove the folders (and their parents, up to the site's root) that removing pages left
    empty: a site built before the commitments' pages moved into one folder had a folder per
    letter. A folder holding anything else stays."""
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        while folder != out and out in folder.parents:
            try:
                folder.rmdir()
            except OSError:  # not empty (or gone): leave it and its parents
                break
            folder = folder.parent


def _by_folder(items: list[tuple[str, Lazy | Page]]) -> tuple[list[Any], list[Any]]:
    """The two processes' shares of the pages to render: the commitments' pages here, every
    other page in the forked copy. Two processes making files in one folder at once wait for
    each other (the folder is locked while a name is added: on ext4, 50,000 new files took
    about 1.1 s from one process and 2.7 s from each of two taking turns); in two folders they
    hardly do. The commitments' pages are about two thirds of the rendering."""
    mine: list[Any] = []
    theirs: list[Any] = []
    for entry in items:
        (mine if entry[1].path.startswith(ITEM_FOLDER) else theirs).append(entry)
    return mine, theirs


def _shared(
    work: Callable[[list[Any]], list[Any]],
    items: list[Any],
    warnings: list[str],
    split: Callable[[list[Any]], tuple[list[Any], list[Any]]] | None = None,
) -> list[Any]:
    """work(items), a share of the items done by a forked copy of this process (which inherits
    everything built so far; nothing is pickled). Its results come back as JSON on a pipe.
    `split` makes the two shares (this process's, the copy's); by default every other item."""
    mine, theirs = split(items) if split is not None else (items[0::2], items[1::2])

    def worker() -> bytes:
        try:
            start = len(warnings)
            data = json.dumps(["ok", work(theirs), warnings[start:]])
        except BaseException as e:  # noqa: BLE001  (told to the parent, which raises it)
            message = e.message if isinstance(e, TrackerError) else f"{type(e).__name__}: {e}"
            data = json.dumps(["error", message])
        return data.encode("utf-8")

    # the answer itself says whether the worker succeeded (a worker stopped short sends none)
    results, _, answer = forked(worker, lambda: work(mine))
    try:
        status, *rest = json.loads(answer)
    except ValueError:
        raise TrackerError("the second site worker stopped without an answer") from None
    if status != "ok":
        raise TrackerError(str(rest[0]))
    theirs_done, their_warnings = rest
    warnings.extend(their_warnings)
    return results + [tuple(x) for x in theirs_done]


def _letter_lines(
    root: Path, reply: Reply | None, warnings: list[str]
) -> list[tuple[int, str]] | None:
    """The numbered lines of a reply's letter, without control codes; None when unreadable."""
    if reply is None:
        return None
    text, _ = read_letter(root, reply)
    if text is None:
        warnings.append(f"{reply.path}: letter {reply.source.path or '(none)'} cannot be read")
        return None
    return list(enumerate(map(tx.printable, text.splitlines()), 1))
