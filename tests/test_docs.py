"""README.md and docs/*.md: every link to a local file or anchor leads somewhere.

Links are checked as GitHub renders them: a relative path from the file holding the link, and an
anchor as GitHub's slug of a heading of the target (lower case, punctuation dropped, spaces to
hyphens, a repeated heading numbered -1, -2, ...). Code blocks and code spans are not links.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import PROJECT

FENCE = re.compile(r"^\s{0,3}(```|~~~)")
HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
CODE_SPAN = re.compile(r"(`+)(.+?)\1")
# [text](target) and ![alt](target); the text may hold code spans, not nested brackets
INLINE_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
REF_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+\"[^\"]*\")?\s*$")


def prose_lines(text: str) -> list[tuple[int, str]]:
    """The lines outside fenced code blocks, numbered from 1."""
    lines, fenced = [], False
    for number, line in enumerate(text.splitlines(), 1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            lines.append((number, line))
    return lines


def slug(heading: str) -> str:
    """GitHub's anchor for a heading's text."""
    text = CODE_SPAN.sub(lambda m: m.group(2), heading)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # a link keeps its text
    text = re.sub(r"<[^>]+>", "", text)  # inline HTML
    text = text.replace("*", "")  # emphasis markers are not text
    text = text.strip().lower()
    text = "".join(ch for ch in text if ch.isalnum() or ch in " -_")
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """Every anchor the headings of a Markdown file make, numbered as GitHub numbers repeats."""
    seen: dict[str, int] = {}
    found = set()
    for _, line in prose_lines(path.read_text(encoding="utf-8")):
        m = HEADING.match(line)
        if not m:
            continue
        base = slug(m.group(2))
        n = seen.get(base, 0)
        seen[base] = n + 1
        found.add(base if n == 0 else f"{base}-{n}")
    return found


def links(path: Path) -> list[tuple[int, str]]:
    """(line, target) of every inline link, image and link definition outside code."""
    found = []
    for number, line in prose_lines(path.read_text(encoding="utf-8")):
        m = REF_DEFINITION.match(line)
        if m:
            found.append((number, m.group(1)))
            continue
        bare = CODE_SPAN.sub(lambda m: "x" * len(m.group(0)), line)
        # a code span inside a link's text is blanked too; the target is read from the line itself
        for m in INLINE_LINK.finditer(bare):
            target = INLINE_LINK.match(line, m.start())
            found.append((number, target.group(1) if target else m.group(1)))
    return found


def broken_links(path: Path, root: Path) -> list[str]:
    """`file:line: target (why)` for each local link of `path` that leads nowhere."""
    problems = []
    for number, target in links(path):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):  # https:, mailto: ...
            continue
        file_part, _, anchor = target.partition("#")
        dest = (path.parent / unquote(file_part)).resolve() if file_part else path.resolve()
        where = f"{path.relative_to(root)}:{number}: {target}"
        if not dest.is_relative_to(root.resolve()):
            problems.append(f"{where} (leads out of the repository)")
        elif not dest.exists():
            problems.append(f"{where} (no such file)")
        elif anchor and dest.suffix == ".md" and unquote(anchor) not in anchors(dest):
            problems.append(f"{where} (no heading with this anchor in {dest.name})")
        elif anchor and dest.suffix != ".md":
            problems.append(f"{where} (an anchor into a file that is not Markdown)")
    return problems


DOCS = [PROJECT / "README.md", *sorted((PROJECT / "docs").glob("*.md"))]


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.relative_to(PROJECT).as_posix())
def test_every_local_link_resolves(path):
    assert broken_links(path, PROJECT) == []


def test_readme_links_every_docs_page():
    readme_targets = {
        (PROJECT / t.partition("#")[0]).resolve() for _, t in links(PROJECT / "README.md")
    }
    pages = {p.resolve() for p in DOCS[1:]}
    assert pages, "docs/ holds no pages"
    assert pages <= readme_targets, sorted(p.name for p in pages - readme_targets)


def test_readme_starts_with_the_two_commands():
    head = (PROJECT / "README.md").read_text(encoding="utf-8").splitlines()[:40]
    assert any(line.startswith("make run ") for line in head)
    assert any(line.startswith("make test ") for line in head)


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("What letters it reads", "what-letters-it-reads"),
        ("How well: `make eval`", "how-well-make-eval"),
        ("`tracker status`, `show` and `log`", "tracker-status-show-and-log"),
        (
            "Follow-up over the years: verdicts, rejections, threads, deadlines",
            "follow-up-over-the-years-verdicts-rejections-threads-deadlines",
        ),
        ("The data format, in brief", "the-data-format-in-brief"),
        ("Start a tree of your own", "start-a-tree-of-your-own"),
        ("状态 Status", "状态-status"),
        ("A **bold** [link](x.md) <b>tag</b>", "a-bold-link-tag"),
        ("snake_case and x.y", "snake_case-and-xy"),
    ],
)
def test_slug_is_githubs(heading, anchor):
    assert slug(heading) == anchor


def test_a_broken_link_is_found(tmp_path):
    """The check fails on a missing file, a missing anchor, a path out of the tree; not on code."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text("# A page\n\n## Same\n\n## Same\n", encoding="utf-8")
    (tmp_path / "pic.png").write_bytes(b"")
    readme = tmp_path / "README.md"
    readme.write_text(
        "# Top\n\n"
        "[ok](docs/a.md) [ok](docs/a.md#same-1) [ok](#top) ![ok](pic.png) [web](https://x.org/y)\n"
        "[gone](docs/b.md)\n"
        "[bad anchor](docs/a.md#same-2)\n"
        "[here](#nowhere)\n"
        "![gone](docs/pic.png)\n"
        "[out](../elsewhere.md)\n"
        "`[code](missing.md)`\n"
        "```\n[in a block](missing.md)\n```\n"
        "[ref]: docs/c.md\n",
        encoding="utf-8",
    )
    problems = broken_links(readme, tmp_path)
    assert [p.split(": ", 1)[1] for p in problems] == [
        "docs/b.md (no such file)",
        "docs/a.md#same-2 (no heading with this anchor in a.md)",
        "#nowhere (no heading with this anchor in README.md)",
        "docs/pic.png (no such file)",
        "../elsewhere.md (leads out of the repository)",
        "docs/c.md (no such file)",
    ]
    assert problems[0].startswith("README.md:4: ")
