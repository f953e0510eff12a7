"""`tracker site`: the pages, their links and counts against the YAML, escaping, rebuilds."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections import Counter
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from test_digest import GZ23, GZ25, LZ24, history_repo, runner

from tracker import site, store
from tracker import text as tx
from tracker.app import left_out, read_tree
from tracker.cli import app
from tracker.digest import LAST, git_facts
from tracker.model import Status
from tracker.report import Lang

REPO = Path(__file__).resolve().parent.parent


# --- helpers -----------------------------------------------------------------------------------


class Page(HTMLParser):
    """The parts of a page the tests look at: links, ids, text by id, table rows by class."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.anchors: list[tuple[str, str]] = []  # (class, href) of every link
        self.ids: set[str] = set()
        self.text_of: dict[str, str] = {}
        self.rows: dict[str, list[list[str]]] = {}
        self.scripts: list[dict[str, str | None]] = []
        self._open: list[tuple[str, str | None]] = []  # (tag, id) of open elements with an id
        self._row: tuple[str, list[str]] | None = None
        self._cell: list[str] | None = None
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        for name in ("href", "src"):
            if a.get(name):
                self.links.append(a[name] or "")
        if tag == "a" and a.get("href"):
            self.anchors.append((a.get("class") or "", a["href"] or ""))
        if tag == "script":
            self.scripts.append(a)
        if a.get("id"):
            self.ids.add(a["id"] or "")
            self.text_of[a["id"] or ""] = ""
            self._open.append((tag, a["id"]))
        if tag == "tr":
            self._row = ((a.get("class") or ""), [])
        if tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1][0] == tag:
            self._open.pop()
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row[1].append("".join(self._cell).strip())
            self._cell = None
        if tag == "tr" and self._row is not None:
            self.rows.setdefault(self._row[0], []).append(self._row[1])
            self._row = None

    def handle_data(self, data: str) -> None:
        self.text += data
        for _, i in self._open:
            self.text_of[i or ""] += data
        if self._cell is not None:
            self._cell.append(data)


def parse(path: Path) -> Page:
    p = Page()
    p.feed(path.read_text(encoding="utf-8"))
    p.close()
    return p


def build(root: Path, out: Path, *args: str) -> str:
    r = runner.invoke(app, ["site", "--root", str(root), "-o", str(out), *args])
    assert r.exit_code == 0, r.output
    return r.stdout


def copy_bundled(tmp_path: Path) -> Path:
    """The repository's own commitments/ and seeds/, copied out (no git history)."""
    root = tmp_path / "bundled"
    for part in (store.COMMITMENTS_DIR, store.SEEDS_DIR):
        shutil.copytree(REPO / part, root / part)
    return root


def yaml_records(root: Path) -> tuple[dict[str, dict], dict[str, dict]]:
    """Replies and commitments read straight from the YAML files (not through tracker)."""
    replies: dict[str, dict] = {}
    items: dict[str, dict] = {}
    for p in sorted((root / "commitments").glob("*/*.yaml")):
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
        if p.name == "reply.yaml":
            replies[data["id"]] = data
        else:
            items[data["id"]] = data
    return replies, items


def crawl(out: Path) -> dict[Path, Page]:
    """Every page of the site, parsed; asserts each relative link's file and anchor exist."""
    pages = {p: parse(p) for p in sorted(out.rglob("*.html"))}
    broken = []
    for path, page in pages.items():
        for link in page.links:
            parts = urlsplit(link)
            assert parts.scheme in ("", "file") or link.startswith("#"), (
                f"{path}: link {link} leaves the site (no CDN, no server)"
            )
            target = path if not parts.path else (path.parent / unquote(parts.path)).resolve()
            if not target.is_file():
                broken.append(f"{path.relative_to(out)}: {link} (no file)")
                continue
            assert target.is_relative_to(out.resolve()), f"{path}: {link} leaves the site"
            if parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse(target).ids
                if parts.fragment not in ids:
                    broken.append(f"{path.relative_to(out)}: {link} (no anchor)")
    assert not broken, "broken links:\n" + "\n".join(broken)
    return pages


# --- the bundled tree, checked against its YAML ----------------------------------------------------


@pytest.fixture(scope="module")
def bundled(tmp_path_factory) -> tuple[Path, Path, dict[Path, Page]]:
    tmp = tmp_path_factory.mktemp("site")
    root = copy_bundled(tmp)
    out = tmp / "out"
    build(root, out, "--date", "2026-01-01")
    return root, out, crawl(out)


def test_every_link_and_anchor_exists(bundled):
    _, out, pages = bundled
    replies, items = yaml_records(bundled[0])
    # one page per commitment, letter and bureau, and the index and search pages
    issuers = {r.get("issuer") or r.get("issuer_inferred") for r in replies.values()}
    assert len(list((out / "item").rglob("*.html"))) == len(items)
    assert len(list((out / "letter").glob("*.html"))) == len(replies)
    assert len(list((out / "bureau").glob("*.html"))) == len(issuers)
    assert (out / "index.html").is_file() and (out / "search.html").is_file()
    # every page is reachable from the index
    seen: set[Path] = set()
    todo = [(out / "index.html").resolve()]
    while todo:
        p = todo.pop()
        if p in seen or p.suffix != ".html":
            continue
        seen.add(p)
        for link in pages[p].links:
            path = urlsplit(link).path
            if path:
                todo.append((p.parent / unquote(path)).resolve())
    assert seen == {p.resolve() for p in pages}


def test_index_counts_equal_the_yaml(bundled):
    root, out, pages = bundled
    replies, items = yaml_records(root)
    index = pages[out / "index.html"]
    by_status = Counter(c["status"] for c in items.values())
    assert index.text_of["count-total"] == str(len(items))
    for s in Status:
        assert index.text_of[f"count-{s.value}"] == str(by_status[s.value]), s
    # per bureau: letters, each status, total
    issuer_of = {rid: r.get("issuer") or r.get("issuer_inferred") for rid, r in replies.items()}
    order = [s.value for s in site.STATUS_ORDER]
    rows = {r[0]: r[1:] for r in index.rows["bureau"]}
    assert set(rows) == set(issuer_of.values())
    for name, cells in rows.items():
        mine = [c for c in items.values() if issuer_of[c["reply"]] == name]
        n = Counter(c["status"] for c in mine)
        letters = sum(1 for v in issuer_of.values() if v == name)
        assert cells == [str(letters), *(str(n[s]) for s in order), str(len(mine))], name
    assert f"共 {len(replies)} 件答复函、{len(items)} 项承诺" in index.text


def test_bureau_letter_and_item_pages_match_the_yaml(bundled):
    root, out, pages = bundled
    replies, items = yaml_records(root)
    for rid, r in replies.items():
        issuer = r.get("issuer") or r.get("issuer_inferred")
        bureau = pages[out / site.bureau_path(issuer)]
        letter = pages[out / site.letter_path(rid)]
        mine = sorted(c["id"] for c in items.values() if c["reply"] == rid)
        # the bureau page lists the letter with each of its commitments and their statuses
        assert f"letter-{rid}" in bureau.ids
        assert r["title"] in letter.text
        # a commitment's page is item/<reply-id>--<NN>.html, linked from the letter and bureau
        want = [f"../item/{cid.replace('/', '--')}.html" for cid in mine]
        assert [h for k, h in letter.anchors if k == "item-link"] == want
        in_bureau = [h for k, h in bureau.anchors if k == "item-link"]
        assert set(want) <= set(in_bureau)
        for cid in mine:
            row = next(r for r in bureau.rows["item"] if r[0] == cid)
            assert Status(items[cid]["status"]).label("zh") == row[2], cid
        # the letter's text, line by line, as in the seed
        seed = (root / r["source"]["path"]).read_text(encoding="utf-8-sig").splitlines()
        for n, line in enumerate(seed, 1):
            assert letter.text_of[f"L{n}"].startswith(f"{n}{line}"), (rid, n)
    for cid, c in items.items():
        page = pages[out / site.item_path(cid)]
        assert c["text"] in page.text
        assert Status(c["status"]).label("zh") in page.text
        ev_links = [ln for ln in page.links if "#L" in ln and "letter/" in ln]
        want = [f"letter/{e['reply']}.html#L{e['line']}" for e in c.get("evidence") or []]
        want += [f"letter/{c['reply']}.html#L{c['lines'][0]}"] if c.get("lines") else []
        assert sorted(ln.removeprefix("../") for ln in ev_links) == sorted(want), cid


def test_marked_lines_and_quoted_lines_link_back(bundled):
    root, out, pages = bundled
    _, items = yaml_records(root)
    c = items[f"{GZ23}/01"]
    letter = (out / site.letter_path(GZ23)).read_text(encoding="utf-8")
    line = re.search(r'<div class="line mark" id="L32">.*?</div>', letter)
    assert line and f'href="../item/{GZ23}--01.html"' in line.group(0)
    later = (out / site.letter_path(GZ25)).read_text(encoding="utf-8")
    for e in c["evidence"]:
        quoted = re.search(rf'<div class="line[^"]* quoted" id="L{e["line"]}">.*?</div>', later)
        assert quoted and f'href="../item/{GZ23}--01.html"' in quoted.group(0), e["line"]


def test_search_index_holds_every_commitment(bundled):
    root, out, pages = bundled
    replies, items = yaml_records(root)
    meta = (out / "assets" / "index.js").read_text(encoding="utf-8")
    data = json.loads(meta.removeprefix("window.TRACKER_INDEX = ").removesuffix(";\n"))
    bureaus = [b[0] for b in data["bureaus"]]
    issuer_of = {rid: r.get("issuer") or r.get("issuer_inferred") for rid, r in replies.items()}
    assert bureaus == sorted(set(issuer_of.values()))
    # one part per bureau, each loaded by the search page
    search = pages[out / "search.html"]
    rows = []
    for name in bureaus:
        rel = site.chunk_path(name)
        assert rel in search.links
        text = (out / rel).read_text(encoding="utf-8")
        prefix = "(window.TRACKER_CHUNKS = window.TRACKER_CHUNKS || []).push("
        chunk = json.loads(text.removeprefix(prefix).removesuffix(");\n"))
        assert {bureaus[i[3]] for i in chunk} <= {name}
        rows += chunk
    assert sorted(i[0] for i in rows) == sorted(items)
    for i in rows:
        c = items[i[0]]
        assert (out / i[1]).is_file()
        assert bureaus[i[3]] == issuer_of[c["reply"]]
        assert data["statuses"][i[2]][0] == c["status"]
        assert tx.key(c["text"]) in i[7]
    t2s = (out / "assets" / "t2s.js").read_text(encoding="utf-8")
    assert "window.TRACKER_T2S" in t2s and "們" in t2s and "们" in t2s


# --- git history --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def history_site(tmp_path_factory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("site-git")
    root = tmp / "clerks"
    history_repo(root)
    out = tmp / "out"
    build(root, out)
    crawl(out)
    return root, out


def test_item_page_shows_who_changed_what_when(history_site):
    _, out = history_site
    page = parse(out / site.item_path(f"{GZ23}/04"))
    history = page.text_of["history"]
    assert "2026-01-05" in history and "王科员" in history and "状态 待跟进 → 重复承诺" in history
    assert "2025-09-01" in history and "李文书" in history and "录入，状态为 待跟进" in history
    assert history.index("2026-01-05") < history.index("2025-09-01")  # newest first
    assert "2025年答复再次承诺，未报告进展" in page.text_of["note"]


def test_a_commit_after_a_warm_build_gives_the_cold_build(tmp_path, monkeypatch):
    """In git: nothing changed renders nothing; a commit that changes a status (in the history
    the pages show) is built as a cold build builds it, then again renders nothing."""
    import subprocess

    root = tmp_path / "clerks"
    history_repo(root)
    out, cold = tmp_path / "out", tmp_path / "cold"
    build(root, out)
    with monkeypatch.context() as m:
        _no_pages_worked_out(m)
        assert "0 written" in build(root, out)
    path = root / "commitments" / GZ23 / "01.yaml"
    text = path.read_text(encoding="utf-8")
    status = re.search(r"^status: (\w+)$", text, re.M)
    assert status is not None
    new = "done" if status.group(1) != "done" else "progress"
    path.write_text(text.replace(status.group(0), f"status: {new}"), encoding="utf-8")
    git = ["git", "-C", str(root), "-c", "user.name=周核对", "-c", "user.email=z@example.org"]
    subprocess.run([*git, "commit", "-qam", "status"], check=True)
    build(root, out)
    build(root, cold)
    pages = lambda p: {k: v[0] for k, v in _snapshot(p).items() if k != site.MANIFEST}  # noqa: E731
    assert pages(out) == pages(cold)
    assert "周核对" in (out / site.item_path(f"{GZ23}/01")).read_text(encoding="utf-8")
    with monkeypatch.context() as m:
        _no_pages_worked_out(m)
        assert "0 written" in build(root, out)


def test_index_lists_changes_and_overdue(tmp_path):
    root = tmp_path / "clerks"
    history_repo(root)
    path = root / "commitments" / LZ24 / "02.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("due: null", "due: 2025-06-30"), encoding="utf-8"
    )
    out = tmp_path / "out"
    build(root, out, "--date", "2025-12-31")
    index = parse(out / "index.html")
    assert "184" in index.text_of["overdue"]  # 2025-06-30 to 2025-12-31
    assert f"{LZ24}/02" in index.text_of["overdue"]
    item = parse(out / site.item_path(f"{LZ24}/02"))
    assert "2025-06-30" in item.text and "逾期 184 天" in item.text
    assert "状态 待跟进 → 已兑现" in index.text_of["changes"]


def test_english_labels(tmp_path, history_site):
    root, _ = history_site
    out = tmp_path / "en"
    build(root, out, "--lang", "en")
    index = parse(out / "index.html")
    assert "Bureaus" in index.text and "in progress" in index.text
    item = parse(out / site.item_path(f"{GZ23}/04"))
    assert "status pending → repeated" in item.text_of["history"]
    assert '<html lang="en">' in (out / "index.html").read_text(encoding="utf-8")


# --- escaping -----------------------------------------------------------------------------------


def test_markup_in_a_status_note_and_a_letter_stays_text(tmp_path):
    root = copy_bundled(tmp_path)
    item = root / "commitments" / GZ23 / "01.yaml"
    item.write_text(
        item.read_text(encoding="utf-8").replace(
            "status_note: null", "status_note: '<script>alert(1)</script><b>粗</b>'"
        ),
        encoding="utf-8",
    )
    reply = yaml.safe_load((root / "commitments" / GZ23 / "reply.yaml").read_text("utf-8"))
    seed = root / reply["source"]["path"]
    lines = seed.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = "<script>alert(2)</script><img src=x onerror=alert(3)>\n"
    seed.write_text("".join(lines), encoding="utf-8")
    out = tmp_path / "out"
    build(root, out)
    for path in out.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<img" not in html and "<b>粗" not in html, path
        for m in re.finditer(r"<script\b[^>]*>", html):
            assert re.fullmatch(r'<script src="(\.\./)*assets/[a-z0-9/-]+\.js">', m.group(0)), m
    page = (out / site.item_path(f"{GZ23}/01")).read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;粗&lt;/b&gt;" in page
    letter = parse(out / site.letter_path(GZ23))
    assert letter.text_of["L2"] == "2<script>alert(2)</script><img src=x onerror=alert(3)>"
    # the search index is data for textContent, never HTML: the note is kept as it is
    chunk = out / site.chunk_path("广州市教育局")
    assert "<script>alert(1)" in chunk.read_text(encoding="utf-8")


def test_a_trees_templates_never_reach_the_site(tmp_path):
    """The site renders only the package's templates (in the plain environment, as the digest's
    built-in ones): a tree's templates/ is untrusted, and nothing in it is read for the site."""
    root = copy_bundled(tmp_path)
    hostile = "{{ ''.__class__.__mro__[1].__subclasses__() }}MINE"
    for name in ("index.html.j2", "base.html.j2", "item.html.j2"):
        for folder in (root / "templates", root / "templates" / "site"):
            folder.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(hostile, encoding="utf-8")
    out = tmp_path / "out"
    build(root, out)
    for path in out.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "MINE" not in html and "subclasses" not in html, path
    assert site.site_template_dir().parent in site.builtin_template_dirs()
    env = site._environment(site.site_template_dir())
    assert env.autoescape is True and env.auto_reload is False


# --- rebuilds -----------------------------------------------------------------------------------


def _snapshot(out: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(out)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in out.rglob("*")
        if p.is_file()
    }


def test_a_rebuild_writes_only_changed_pages(tmp_path):
    root = copy_bundled(tmp_path)
    out = tmp_path / "out"
    first = build(root, out, "--date", "2026-01-01")
    assert "0 unchanged" in first
    before = _snapshot(out)
    again = build(root, out, "--date", "2026-01-01")
    assert re.search(r"\b0 written", again), again
    assert _snapshot(out) == before
    # a status note changes: that commitment's page, its bureau's page (which shows notes) and
    # the search index; the letter's page is rendered again but its bytes are the same
    item = root / "commitments" / GZ23 / "02.yaml"
    item.write_text(
        item.read_text(encoding="utf-8").replace("status_note: null", "status_note: 已电话核实"),
        encoding="utf-8",
    )
    build(root, out, "--date", "2026-01-01")
    after = _snapshot(out)
    changed = {k for k in after if after[k] != before.get(k)}
    assert changed == {
        site.item_path(f"{GZ23}/02"),
        site.bureau_path("广州市教育局"),
        site.chunk_path("广州市教育局"),
        site.MANIFEST,
    }
    # a page whose file was edited by hand is written again, even though its data did not change
    edited = out / site.item_path(f"{GZ23}/03")
    edited.write_text("x", encoding="utf-8")
    build(root, out, "--date", "2026-01-01")
    assert edited.read_bytes() == before[site.item_path(f"{GZ23}/03")][0]


def _no_pages_worked_out(monkeypatch) -> None:
    """Fail a build that works out any page's view (the warm check renders nothing)."""

    def refuse(*args, **kwargs):
        raise AssertionError("a page was worked out")

    monkeypatch.setattr(site, "_Site", refuse)


def test_a_warm_build_with_nothing_changed_renders_nothing(tmp_path, monkeypatch):
    root = copy_bundled(tmp_path)
    out = tmp_path / "out"
    build(root, out, "--date", "2026-01-01")
    before = _snapshot(out)
    manifest = json.loads((out / site.MANIFEST).read_text(encoding="utf-8"))
    assert re.fullmatch(r"[0-9a-f]{32}", manifest["stamp"])
    with monkeypatch.context() as m:
        _no_pages_worked_out(m)
        again = build(root, out, "--date", "2026-01-01")
    assert "0 written, 45 unchanged, 0 removed" in again
    assert _snapshot(out) == before  # the manifest too: not written again
    # a page edited by hand and one removed by hand: written again, as a cold build has them
    edited, gone = out / site.item_path(f"{GZ23}/03"), out / site.letter_path(GZ25)
    edited.write_text("x", encoding="utf-8")
    gone.unlink()
    assert "2 written" in build(root, out, "--date", "2026-01-01")
    pages = lambda snap: {k: v[0] for k, v in snap.items() if k != site.MANIFEST}  # noqa: E731
    assert pages(_snapshot(out)) == pages(before)


@pytest.mark.parametrize("change", ["record", "letter", "date", "left out"])
def test_a_warm_build_after_a_change_is_a_cold_build(tmp_path, change):
    """Whatever a page shows changes (a record, a letter's file, the as-of date, a file left out):
    the stamp differs, and the rebuilt site has the bytes of a site built from nothing."""
    root = copy_bundled(tmp_path)
    out, cold = tmp_path / "out", tmp_path / "cold"
    args = ["--date", "2026-01-01", "--keep-going"]
    build(root, out, *args)
    before = {k: v[0] for k, v in _snapshot(out).items() if k != site.MANIFEST}
    stamp = json.loads((out / site.MANIFEST).read_text(encoding="utf-8"))["stamp"]
    if change == "record":
        item = root / "commitments" / GZ23 / "02.yaml"
        text = item.read_text(encoding="utf-8")
        item.write_text(text.replace("status_note: null", "status_note: 已电话核实"), "utf-8")
    elif change == "letter":
        seed = root / str(read_tree(root).replies[GZ23].source.path)
        seed.write_text(seed.read_text(encoding="utf-8") + "补充一行。\n", encoding="utf-8")
    elif change == "date":
        args = ["--date", "2030-01-01", "--keep-going"]
    else:
        (root / "commitments" / GZ25 / "09.yaml").write_text("text: [\n", encoding="utf-8")
    build(root, out, *args)
    build(root, cold, *args)
    after = {k: v[0] for k, v in _snapshot(out).items() if k != site.MANIFEST}
    assert after == {k: v[0] for k, v in _snapshot(cold).items() if k != site.MANIFEST}
    assert after != before
    assert json.loads((out / site.MANIFEST).read_text(encoding="utf-8"))["stamp"] != stamp


def test_the_looker_sees_what_a_stat_sees(bundled):
    _, out, _ = bundled
    rels = ["index.html", site.item_path(f"{GZ23}/01"), "assets/index.js", "item/none.html"]
    rels += ["nofolder/x.html", site.chunk_path("广州市教育局")]
    look = site._Looker(str(out))
    try:
        seen = [look(rel) for rel in rels]
    finally:
        look.close()
    assert seen == [site._stat_key(out / rel) for rel in rels]
    assert seen[0] is not None and seen[3] is None and seen[4] is None and not look.folders


def test_the_stamp_needs_every_records_content_key(tmp_path):
    root = copy_bundled(tmp_path)
    tree = read_tree(root)
    git = git_facts(root, LAST)
    stamp = site.site_stamp(tree, git, None, (), "salt")
    assert stamp is not None and stamp == site.site_stamp(tree, git, None, (), "salt")
    assert site.site_stamp(tree, git, None, (), "other salt") != stamp
    assert site.site_stamp(tree, git, date(2030, 1, 1), (), "salt") != stamp
    rel = next(iter(tree.commitments.values())).path
    tree.keys.pop(rel)
    assert site.site_stamp(tree, git, None, (), "salt") is None


def test_a_manifest_naming_a_path_out_of_the_site_is_not_trusted(tmp_path, monkeypatch):
    root = copy_bundled(tmp_path)
    out = tmp_path / "out"
    build(root, out)
    outside = tmp_path / "outside.html"
    outside.write_text("not the site's", encoding="utf-8")
    manifest = json.loads((out / site.MANIFEST).read_text(encoding="utf-8"))
    st = outside.stat()
    manifest["pages"]["../outside.html"] = ["k", st.st_size, st.st_mtime_ns]
    (out / site.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    assert site._kept_pages(str(out), manifest["pages"]) is None
    assert "0 removed" in build(root, out)  # the usual way: the entry is dropped, never removed
    assert outside.read_text(encoding="utf-8") == "not the site's"
    assert "../outside.html" not in json.loads((out / site.MANIFEST).read_text())["pages"]


def test_pages_sit_in_a_few_folders_not_one_per_letter(bundled):
    root, out, _ = bundled
    replies, items = yaml_records(root)
    folders = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_dir()}
    assert folders == {"assets", "assets/index", "bureau", "item", "letter"}
    pages = {p.name for p in (out / "item").iterdir()}
    assert pages == {f"{c['reply']}--{cid.rsplit('/', 1)[1]}.html" for cid, c in items.items()}
    assert f"{GZ23}--01.html" in pages


def test_a_removed_commitment_loses_its_page(tmp_path):
    root = copy_bundled(tmp_path)
    out = tmp_path / "out"
    build(root, out)
    keep = out / "notes.txt"
    keep.write_text("mine", encoding="utf-8")
    gone = out / "item" / f"{GZ25}--08.html"
    assert gone.is_file()
    before = sorted(p.name for p in (out / "item").iterdir())
    (root / "commitments" / GZ25 / "08.yaml").unlink()
    assert "1 removed" in build(root, out)
    assert not gone.exists() and keep.read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in (out / "item").iterdir()) == [n for n in before if n != gone.name]
    crawl(out)


def test_a_rebuild_removes_the_former_folder_per_letter(tmp_path):
    """A site built when each letter's commitments had a folder (item/<reply-id>/NN.html):
    the next build removes those pages and the folders they leave empty, and nothing else."""
    root = copy_bundled(tmp_path)
    out = tmp_path / "out"
    build(root, out)
    manifest = json.loads((out / site.MANIFEST).read_text(encoding="utf-8"))
    old = out / "item" / GZ23 / "01.html"
    old.parent.mkdir()
    old.write_text("old page", encoding="utf-8")
    mine = out / "item" / GZ25 / "notes.txt"  # a folder holding a file no build made stays
    mine.parent.mkdir()
    mine.write_text("mine", encoding="utf-8")
    (out / "item" / GZ25 / "08.html").write_text("old page", encoding="utf-8")
    outside = tmp_path / "outside.html"
    outside.write_text("not the site's", encoding="utf-8")
    manifest["pages"].update(
        {
            f"item/{GZ23}/01.html": ["k", 1, 1],
            f"item/{GZ25}/08.html": ["k", 1, 1],
            "../outside.html": ["k", 1, 1],
        }
    )
    (out / site.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    assert "2 removed" in build(root, out)
    assert not (out / "item" / GZ23).exists()
    assert not (out / "item" / GZ25 / "08.html").exists() and mine.is_file()
    assert outside.read_text(encoding="utf-8") == "not the site's"
    assert (out / site.item_path(f"{GZ23}/01")).is_file()
    crawl(out)


def test_output_must_be_a_folder_outside_the_records(tmp_path):
    root = copy_bundled(tmp_path)
    afile = tmp_path / "f.html"
    afile.write_text("", encoding="utf-8")
    r = runner.invoke(app, ["site", "--root", str(root), "-o", str(afile)])
    assert r.exit_code == 2 and "not a folder" in r.output
    r = runner.invoke(app, ["site", "--root", str(root), "-o", str(root / "commitments" / "x")])
    assert r.exit_code == 2 and "commitments/" in r.output
    assert not (root / "commitments" / "x").exists()


# --- ids and text ------------------------------------------------------------------------------------


def test_unusual_ids_become_safe_file_names():
    assert site.slug("gz-edu-2023-ta5020") == "gz-edu-2023-ta5020"
    for bad in ("../../etc", "a/b", "<x>", "广州", "A", ".hidden", "x."):
        s = site.slug(bad)
        assert re.fullmatch(r"x-[0-9a-f]{12}", s), (bad, s)
    assert site.item_path("../x/01") == f"item/{site.slug('../x', 'r')}--01.html"


def test_commitment_page_names_never_collide():
    """item/<reply>--<number>.html: ids a tree may hold (valid or not) get distinct names, each
    a plain file name in the one folder."""
    ids = [
        "gz-edu-2023-5020/01",
        "gz-edu-2023-5020/1",
        "gz-edu-2023/5020-01",
        "gz-edu/2023--5020/01",
        "a--b/01",
        "a/b--01",
        "a-/-01",
        "a/--01",
        "a/-01",
        "a.01/02",
        "a/01.02",
        "a/01/02",
        "a/01--02",
        "a/n-x",
        "a/",
        "/01",
        "a/广州",
        "a/../01",
    ]
    paths = [site.item_path(cid) for cid in ids]
    assert len(set(paths)) == len(ids), paths
    for p in paths:
        assert re.fullmatch(r"item/[a-z0-9][a-z0-9._-]*\.html", p), p


@pytest.mark.parametrize(
    "text",
    ["推進全市中小學100%配齊專職心理教師", "ＡＢＣ　社工站，家校社協同", "鬱鬱蔥蔥的學校", "plain"],
)
def test_search_form_is_the_projects_folding(text):
    assert site.search_key(text) == tx.key(text)


def test_search_form_of_every_bundled_text():
    _, items = yaml_records(REPO)
    for c in items.values():
        assert site.search_key(c["text"]) == tx.key(c["text"])


def test_a_text_is_traditional_when_it_holds_a_character_of_the_table():
    table = site.t2s_table()
    find = site._traditional().search
    assert all(find(f"甲{c}乙") for c in table)
    simplified = set(table.values()) - set(table)
    assert simplified and not any(find(c) for c in simplified)
    assert not find("ＡＢＣ　社工站，家校社协同 plain []^-\\")


def test_query_table_folds_as_the_converter_does():
    table = site.t2s_table()
    assert table["們"] == "们" and table["學"] == "学" and "们" not in table
    sample = "".join(list(table)[::97])
    assert "".join(table[c] for c in sample) == tx.to_simplified(sample)


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_site_works_without_git(tmp_path):
    root = copy_bundled(tmp_path)
    out = tmp_path / "out"
    build(root, out)
    item = parse(out / site.item_path(f"{GZ23}/01"))
    assert "不在 git 仓库中" in item.text_of["history"]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forked worker")
def test_two_processes_build_the_same_site_as_one(tmp_path):
    """The forked worker that shares a large build's pages writes what one process writes: the
    command's site, and the library called as the command calls it, told to share from 1 page."""
    root = copy_bundled(tmp_path)
    one, two = tmp_path / "one", tmp_path / "two"
    build(root, one, "--date", "2026-01-01")
    tree = read_tree(root)
    left = tuple(left_out(tree.problems, Lang.ZH).values())
    git = git_facts(root, LAST)
    day = date(2026, 1, 1)
    report = site.write_site(tree, git, two, Lang.ZH, day, left, parallel_from=1, workers=2)
    assert report.forks == 1 and report.pages == 45  # the second process did share the work
    a = {k: v[0] for k, v in _snapshot(one).items() if k != site.MANIFEST}
    b = {k: v[0] for k, v in _snapshot(two).items() if k != site.MANIFEST}
    assert a == b and len(a) == 45  # 26 commitments, 5 letters, 4 bureaus, 2 pages, 8 assets
    manifest = lambda p: json.loads((p / site.MANIFEST).read_text())["pages"]  # noqa: E731
    assert {k: v[0] for k, v in manifest(one).items()} == {
        k: v[0] for k, v in manifest(two).items()
    }


def _squares(
    items: list[int], warnings: list[str], fail: int | None = None
) -> list[tuple[int, int]]:
    """Work for _shared: each item's square, a warning per item; `fail` raises on that item."""
    done = []
    for i in items:
        if i == fail:
            raise ValueError(f"item {i} failed")
        warnings.append(f"w{i}")
        done.append((i, i * i))
    return done


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forked worker")
def test_the_forked_worker_sends_its_results_and_warnings_back():
    """Every other item is done by the forked worker: its results come back as this process's
    (tuples), after this side's, and its warnings join the list; the worker is reaped."""
    warnings = ["before"]
    results = site._shared(lambda items: _squares(items, warnings), list(range(5)), warnings)
    assert results == [(0, 0), (2, 4), (4, 16), (1, 1), (3, 9)]
    assert warnings == ["before", "w0", "w2", "w4", "w1", "w3"]
    with pytest.raises(ChildProcessError):  # nothing left to wait for
        os.waitpid(-1, os.WNOHANG)


def test_the_two_processes_never_make_files_in_one_folder():
    """A large build's pages are shared by folder: the commitments' pages (one folder) on this
    side, every other page in the forked copy, each share in the build's order."""
    paths = ["index.html", "bureau/b.html", "letter/r1.html", site.item_path("r1-01")]
    paths += ["letter/r2.html", site.item_path("r2-01"), "assets/index.js"]
    items = [(f"k{i}", site.Lazy(p, None, lambda: None)) for i, p in enumerate(paths)]
    mine, theirs = site._by_folder(items)  # type: ignore[arg-type]
    assert [lazy.path for _, lazy in mine] == [site.item_path("r1-01"), site.item_path("r2-01")]
    assert [lazy.path for _, lazy in theirs] == [
        "index.html",
        "bureau/b.html",
        "letter/r1.html",
        "letter/r2.html",
        "assets/index.js",
    ]
    assert all(p.startswith("item/") for p in map(site.item_path, ["r1-01", "x-9"]))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forked worker")
def test_a_failure_in_the_forked_worker_is_raised_here():
    """The worker's error is told to this process, which raises it (a TrackerError's own
    message; any other error by its type and text), after its own half is done."""
    from tracker.model import TrackerError

    warnings: list[str] = []
    with pytest.raises(TrackerError, match=r"^ValueError: item 3 failed$"):
        site._shared(lambda items: _squares(items, warnings, fail=3), list(range(5)), warnings)
    assert warnings == ["w0", "w2", "w4"]  # this side's half was done; the worker's warnings lost

    def refuse(items: list[int]) -> list[tuple[int, int]]:
        if 1 in items:
            raise TrackerError("page 1 cannot be written", "free some space")
        return []

    with pytest.raises(TrackerError, match=r"^page 1 cannot be written$"):
        site._shared(refuse, [0, 1], [])
    with pytest.raises(ChildProcessError):  # nothing left to wait for
        os.waitpid(-1, os.WNOHANG)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forked worker")
def test_a_failure_on_this_side_still_waits_for_the_worker(tmp_path):
    """This process's own half failing raises its error, once the worker is done and reaped."""
    done = tmp_path / "done"

    def work(items: list[int]) -> list[tuple[int, int]]:
        if 0 in items:
            raise ValueError("this side failed")
        done.write_text("the worker ran to its end")
        return [(i, i) for i in items]

    with pytest.raises(ValueError, match="this side failed"):
        site._shared(work, [0, 1], [])
    assert done.is_file()
    with pytest.raises(ChildProcessError):  # nothing left to wait for
        os.waitpid(-1, os.WNOHANG)


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_a_letter_outside_the_tree_is_never_read(tmp_path):
    """A reply whose source leads out of the tree (a link, or `..`) gets no text on its page."""
    root = copy_bundled(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("机密第一行\n机密第二行\n", encoding="utf-8")
    seed = next((root / "seeds").glob("*.txt"))
    reply_file = next(
        p
        for p in (root / "commitments").glob("*/reply.yaml")
        if seed.name in p.read_text(encoding="utf-8")
    )
    seed.unlink()
    seed.symlink_to(secret)
    out = tmp_path / "out"
    build(root, out)
    rid = reply_file.parent.name
    page = (out / site.letter_path(rid)).read_text(encoding="utf-8")
    assert "机密" not in page
    # the same through `..` in the source path
    text = reply_file.read_text(encoding="utf-8")
    reply_file.write_text(text.replace(f"seeds/{seed.name}", "seeds/../../secret.txt"), "utf-8")
    r = runner.invoke(app, ["site", "--root", str(root), "-o", str(out)])
    assert r.exit_code == 1 and "must stay inside the tree" in r.stderr  # a broken file: refused
    build(root, out, "--keep-going")  # left out, with a notice on the index page
    assert "必须在台账树之内" in (out / "index.html").read_text(
        encoding="utf-8"
    )  # the site speaks zh
    page = (out / site.letter_path(rid)).read_text(encoding="utf-8")
    assert "机密" not in page


# --- git's facts read beside the tree ----------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forked reader")
@pytest.mark.parametrize("since", [LAST, None])
def test_git_facts_read_by_a_forked_copy_are_those_read_in_a_thread(tmp_path, since):
    """with_git_facts reads git's facts in a forked copy (the site's and the digest's cold
    builds, on a second core) or in a thread: the same facts, the same tree, the copy reaped."""
    from tracker.digest import with_git_facts

    root = tmp_path / "clerks"
    history_repo(root)
    changed = root / "commitments" / GZ23 / "01.yaml"  # an uncommitted change too
    text = changed.read_text(encoding="utf-8")
    changed.write_text(re.sub(r"(?m)^status: .*$", "status: dropped", text), encoding="utf-8")
    got = {
        fork: with_git_facts(root, since, lambda: read_tree(root), fork=fork)
        for fork in (True, False)
    }
    (t1, forked), (t2, threaded) = got[True], got[False]
    assert forked == threaded == git_facts(root, since)
    assert forked.head.dirty  # real history and the work tree's change, not empty facts
    assert any(c.id == f"{GZ23}/01" and c.commit == "" for c in forked.everything)
    assert t1.commitments == t2.commitments
    with pytest.raises(ChildProcessError):  # nothing left to wait for
        os.waitpid(-1, os.WNOHANG)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forked reader")
def test_a_failure_in_the_forked_copy_is_raised_as_git_facts_raises_it(tmp_path):
    from tracker.digest import with_git_facts
    from tracker.model import TrackerError

    root = tmp_path / "clerks"
    history_repo(root)
    messages = []
    for fork in (True, False):
        with pytest.raises(TrackerError) as e:
            with_git_facts(root, "no-such-ref", lambda: read_tree(root), fork=fork)
        messages.append((type(e.value), e.value.message, e.value.hint))
    assert messages[0] == messages[1]
    assert "no-such-ref" in messages[0][1]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forked reader")
def test_a_tree_that_cannot_be_read_is_still_the_first_error(tmp_path):
    from tracker.digest import with_git_facts
    from tracker.model import TrackerError

    root = tmp_path / "clerks"
    history_repo(root)

    def load() -> None:
        raise TrackerError("the tree cannot be read")

    with pytest.raises(TrackerError, match="the tree cannot be read"):
        with_git_facts(root, "no-such-ref", load, fork=True)
    with pytest.raises(ChildProcessError):  # the copy was waited for all the same
        os.waitpid(-1, os.WNOHANG)


def test_git_facts_are_forked_for_only_when_no_history_cache_is_there(tmp_path):
    """Cold, the copy reads the history on another core; warm, the cache answers sooner than a
    copy could send its facts back, so a thread reads them."""
    from tracker import digest

    root = tmp_path / "clerks"
    history_repo(root)
    assert not digest._history_cached(root)  # cold: fork
    digest.with_git_facts(root, LAST, lambda: read_tree(root))
    assert digest._history_cached(root)  # the copy saved the cache: warm from now on
    from tracker.workspace import Workspace, use

    with use(Workspace(cache=False)):  # TRACKER_NO_CACHE: no cache is read, every run is cold
        assert not digest._history_cached(root)


# --- a rebuild after one change works out only the pages the change feeds ----------------------


def _git(root: Path, *args: str) -> None:
    import subprocess

    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "林晓",
        "GIT_AUTHOR_EMAIL": "lin@example.org",
        "GIT_COMMITTER_NAME": "林晓",
        "GIT_COMMITTER_EMAIL": "lin@example.org",
        "GIT_AUTHOR_DATE": "2026-03-02T10:00:00+08:00",
        "GIT_COMMITTER_DATE": "2026-03-02T10:00:00+08:00",
    }
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)


def _bundled_in_git(tmp_path: Path) -> Path:
    """The bundled tree under git: a changed file is known by its blob, however new."""
    root = copy_bundled(tmp_path)
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "起点")
    return root


def _set_field(path: Path, field: str, value: str) -> None:
    text = path.read_text(encoding="utf-8")
    new, n = re.subn(rf"(?m)^{field}:.*$", f"{field}: {value}", text, count=1)
    assert n == 1, (path, field)
    path.write_text(new, encoding="utf-8")


def _one_change(root: Path, rng, kind: str) -> list[str]:
    """Make one change of this kind to a random record, letter or git state; the build's args."""
    args = ["--date", "2026-01-01", "--keep-going"]
    items = sorted((root / "commitments").glob("*/[0-9]*.yaml"))
    item = rng.choice([p for p in items if "\nstatus_note:" in p.read_text(encoding="utf-8")])
    if kind == "note":
        _set_field(item, "status_note", f"第{rng.randrange(1000)}次核实")
    elif kind == "status":
        _set_field(item, "status", rng.choice(["done", "dropped", "promised", "in_progress"]))
    elif kind == "due":
        _set_field(item, "due", rng.choice(["2025-06-30", "2026-12-31", "null"]))
    elif kind == "tags":
        _set_field(item, "tags", rng.choice(["[家校共育]", "[心理健康, 社工]", "[]"]))
    elif kind == "text":
        _set_field(item, "area", f"新增领域{rng.randrange(100)}")
    elif kind == "evidence gone":  # the letters it quoted lose their links to it
        item = rng.choice([p for p in items if "    line: " in p.read_text(encoding="utf-8")])
        text = item.read_text(encoding="utf-8")
        item.write_text(re.sub(r"(?ms)^evidence:\n.*?(?=^\S)", "evidence: []\n", text), "utf-8")
    elif kind == "letter file":
        seed = rng.choice(sorted((root / "seeds").glob("*.txt")))
        seed.write_text(seed.read_text(encoding="utf-8") + "补充说明一行。\n", encoding="utf-8")
    elif kind == "reply":
        reply = rng.choice(sorted((root / "commitments").glob("*/reply.yaml")))
        _set_field(reply, "doc_number", f"测案〔2026〕{rng.randrange(100)}号")
    elif kind == "issuer":
        reply = rng.choice(sorted((root / "commitments").glob("*/reply.yaml")))
        _set_field(reply, "issuer", "白云区教育局")
    elif kind == "removed":
        item.unlink()
    elif kind == "added":
        text = item.read_text(encoding="utf-8")
        n = max(int(p.stem) for p in item.parent.glob("[0-9]*.yaml")) + 1
        text = re.sub(r"(?m)^id: (.*)/\d+$", rf"id: \g<1>/{n:02d}", text, count=1)
        (item.parent / f"{n:02d}.yaml").write_text(text, encoding="utf-8")
    elif kind == "commit":
        _set_field(item, "status_note", "提交后的说明")
        _git(root, "commit", "-qam", "一条说明")
    elif kind == "date":
        args = ["--date", rng.choice(["2024-05-01", "2030-01-01"]), "--keep-going"]
    elif kind == "left out":
        item.write_text("text: [\n", encoding="utf-8")
    return args


_KINDS = ["note", "status", "due", "tags", "text", "evidence gone", "letter file", "reply"]
_KINDS += ["issuer", "removed", "added", "commit", "date", "left out"]
_FED = {"note", "status", "due", "tags", "text", "evidence gone", "letter file"}


@pytest.mark.parametrize("seed", range(len(_KINDS) * 2))
def test_a_rebuild_after_any_one_change_has_the_bytes_of_a_cold_build(tmp_path, monkeypatch, seed):
    """Random single changes on a small tree under git: the rebuilt site is the cold build's
    (a change of commitments' records or letters' files without working out every page)."""
    import random

    rng = random.Random(seed)
    kind = _KINDS[seed % len(_KINDS)]
    root = _bundled_in_git(tmp_path)
    _set_field(sorted((root / "commitments").glob("*/[0-9]*.yaml"))[0], "status_note", "未提交")
    out, cold = tmp_path / "out", tmp_path / "cold"
    build(root, out, "--date", "2026-01-01", "--keep-going")
    pages = lambda p: {k: v[0] for k, v in _snapshot(p).items() if k != site.MANIFEST}  # noqa: E731
    last = ["--date", "2026-01-01", "--keep-going"]
    for step in range(3):  # the first change of the seed's kind, then two of any kind
        if step:
            kind = rng.choice(_KINDS)
        args = _one_change(root, rng, kind)
        with monkeypatch.context() as m:
            if kind in _FED and args == last:
                m.setattr(site._Site, "pages", lambda self: pytest.fail("every page was keyed"))
            build(root, out, *args)
        shutil.rmtree(cold, ignore_errors=True)
        build(root, cold, *args)
        assert pages(out) == pages(cold), (step, kind)
        # and built again with nothing changed: nothing written
        assert re.search(r"files: 0 written, \d+ unchanged, 0 removed", build(root, out, *args))
        last = args


def test_a_changed_record_works_out_only_the_pages_it_feeds(tmp_path, monkeypatch):
    root = _bundled_in_git(tmp_path)
    out = tmp_path / "out"
    build(root, out, "--date", "2026-01-01")
    item = root / "commitments" / GZ23 / "02.yaml"
    _set_field(item, "status_note", "已电话核实")
    worked: list[str] = []
    real = site._Site.item_page

    def counted(self, c):
        worked.append(c.id)
        return real(self, c)

    with monkeypatch.context() as m:
        m.setattr(site._Site, "pages", lambda self: pytest.fail("every page was keyed"))
        m.setattr(site._Site, "item_page", counted)
        build(root, out, "--date", "2026-01-01")
    assert worked == [f"{GZ23}/02"]
    cold = tmp_path / "cold"
    build(root, cold, "--date", "2026-01-01")
    pages = lambda p: {k: v[0] for k, v in _snapshot(p).items() if k != site.MANIFEST}  # noqa: E731
    assert pages(out) == pages(cold)
    # a page edited by hand meanwhile sends the build the whole way, which writes it again
    _set_field(item, "status_note", "再次核实")
    edited = out / site.item_path(f"{GZ23}/03")
    edited.write_text("x", encoding="utf-8")
    build(root, out, "--date", "2026-01-01")
    build(root, cold, "--date", "2026-01-01")
    assert pages(out) == pages(cold)


def test_a_changed_record_works_out_only_its_letters_rows_on_its_bureaus_pages(
    tmp_path, monkeypatch
):
    """The bureau's page and its part of the search index take every other letter's piece
    from the last build's files (the manifest says where each lies), with the cold bytes."""
    root = _bundled_in_git(tmp_path)
    out, cold = tmp_path / "out", tmp_path / "cold"
    build(root, out, "--date", "2026-01-01")
    _set_field(root / "commitments" / GZ23 / "02.yaml", "status_note", "已电话核实")
    worked: list[tuple[str, str]] = []
    for name in ("bureau_letter", "chunk_entries"):
        real = getattr(site._Site, name)

        def counted(self, a, b, real=real, name=name):
            worked.append((name, b if name == "chunk_entries" else a))
            return real(self, a, b)

        monkeypatch.setattr(site._Site, name, counted)
    build(root, out, "--date", "2026-01-01")
    assert sorted(worked) == [("bureau_letter", GZ23), ("chunk_entries", GZ23)]
    monkeypatch.undo()
    build(root, cold, "--date", "2026-01-01")
    pages = lambda p: {k: v[0] for k, v in _snapshot(p).items() if k != site.MANIFEST}  # noqa: E731
    assert pages(out) == pages(cold)
    manifest = json.loads((out / site.MANIFEST).read_text(encoding="utf-8"))
    assert manifest["parts"] == json.loads((cold / site.MANIFEST).read_text())["parts"]


@pytest.mark.parametrize(
    "odd", [[["k", 0, 10**9]], [["k", 5, 2]], [[1, 0, 1]], "x", [["k", 0]], [["k", -1, 3]]]
)
def test_a_manifests_odd_parts_are_not_trusted(tmp_path, odd):
    """The parts' places are read back from the output folder: any odd entry means the page is
    worked out whole."""
    root = _bundled_in_git(tmp_path)
    out, cold = tmp_path / "out", tmp_path / "cold"
    build(root, out, "--date", "2026-01-01")
    manifest = json.loads((out / site.MANIFEST).read_text(encoding="utf-8"))
    assert manifest["parts"]
    for rel in manifest["parts"]:
        manifest["parts"][rel] = odd
    (out / site.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    _set_field(root / "commitments" / GZ23 / "02.yaml", "status_note", "已电话核实")
    build(root, out, "--date", "2026-01-01")
    build(root, cold, "--date", "2026-01-01")
    pages = lambda p: {k: v[0] for k, v in _snapshot(p).items() if k != site.MANIFEST}  # noqa: E731
    assert pages(out) == pages(cold)


def test_a_part_of_a_page_edited_by_hand_is_not_taken(tmp_path):
    """A bureau's page changed since the last build (its size or mtime) gives no parts."""
    root = _bundled_in_git(tmp_path)
    out, cold = tmp_path / "out", tmp_path / "cold"
    build(root, out, "--date", "2026-01-01")
    manifest = json.loads((out / site.MANIFEST).read_text(encoding="utf-8"))
    for rel in manifest["parts"]:
        path = out / rel
        path.write_bytes(path.read_bytes().replace(b"<article", b"<articlX"))
    _set_field(root / "commitments" / GZ23 / "02.yaml", "status_note", "已电话核实")
    build(root, out, "--date", "2026-01-01")
    build(root, cold, "--date", "2026-01-01")
    pages = lambda p: {k: v[0] for k, v in _snapshot(p).items() if k != site.MANIFEST}  # noqa: E731
    assert pages(out) == pages(cold)


def test_two_quick_edits_outside_git_are_told_apart(tmp_path):
    """A file changed within the last moments has no content key outside git: its second
    quick edit is not taken for its first."""
    root = copy_bundled(tmp_path)
    out, cold = tmp_path / "out", tmp_path / "cold"
    build(root, out, "--date", "2026-01-01")
    item = root / "commitments" / GZ23 / "02.yaml"
    _set_field(item, "status_note", "已电话核实")
    build(root, out, "--date", "2026-01-01")
    _set_field(item, "status_note", "再次核实")
    build(root, out, "--date", "2026-01-01")
    build(root, cold, "--date", "2026-01-01")
    pages = lambda p: {k: v[0] for k, v in _snapshot(p).items() if k != site.MANIFEST}  # noqa: E731
    assert pages(out) == pages(cold)
