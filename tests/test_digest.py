"""`tracker digest`: golden files, escaping, --since, templates, and a tree with git history.

`history_repo` is the history the digest, export, browser and workflow tests share (conftest's
Story.CLERKS): three real letters from seeds/ and four commits by two clerks on fixed dates, so
commit ids, dates and the rendered digests are the same on every machine. Regenerate the goldens on purpose with
`TRACKER_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_digest.py`.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import LETTER_A, LETTER_B, LETTER_LZ, Story, build_history, git
from typer.testing import CliRunner

from tracker import digest as digest_lib
from tracker import render, store
from tracker.cli import app
from tracker.model import (
    Status,
)
from tracker.report import Lang

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = bool(os.environ.get("TRACKER_UPDATE_GOLDEN"))

GZ23, LZ24, GZ25 = LETTER_A, LETTER_LZ, LETTER_B

runner = CliRunner()


# --- the fixture -------------------------------------------------------------------------------


def history_repo(root: Path, steps: int = 4) -> dict[str, str]:
    """The clerks' history (conftest.Story.CLERKS) up to `steps` commits: {step: commit sha}."""
    return build_history(root, Story.CLERKS, steps=steps).commits


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    root = tmp_path / "clerks"
    return root, history_repo(root)


def digest(root: Path, *args: str) -> str:
    r = runner.invoke(app, ["digest", "--root", str(root), *args], env={"COLUMNS": "100"})
    assert r.exit_code == 0, r.output
    return r.stdout


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), (
        f"missing golden {path}: run with TRACKER_UPDATE_GOLDEN=1 once, then review it"
    )
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} differs from the golden; if the change is meant, regenerate it with "
        "TRACKER_UPDATE_GOLDEN=1 and review the diff"
    )


# --- goldens -----------------------------------------------------------------------------------


def fixture_tree(tmp_path: Path) -> tuple[Path, list[str]]:
    """The history fixture; the digest lists what changed since the follow-up commit."""
    root = tmp_path / "clerks"
    shas = history_repo(root)
    return root, ["--since", shas["follow-up"]]


def bundled_tree(tmp_path: Path) -> tuple[Path, list[str]]:
    """The repository's own commitments/ and seeds/, copied out of git (no history), dated."""
    root = tmp_path / "bundled"
    for part in (store.COMMITMENTS_DIR, store.SEEDS_DIR):
        shutil.copytree(REPO / part, root / part)
    return root, ["--date", "2026-01-01"]


# (golden file, tree builder, extra arguments)
GOLDENS: list[tuple[str, Callable[[Path], tuple[Path, list[str]]], list[str]]] = [
    ("bundled.zh.md", bundled_tree, ["--format", "md"]),
    ("fixture.zh.md", fixture_tree, ["--format", "md"]),
    ("fixture.en.md", fixture_tree, ["--format", "md", "--lang", "en"]),
    ("fixture.zh.html", fixture_tree, ["--format", "html"]),
]


@pytest.mark.parametrize(("name", "build", "args"), GOLDENS, ids=[g[0] for g in GOLDENS])
def test_golden(tmp_path, name, build, args):
    root, extra = build(tmp_path)
    check_golden(name, digest(root, *args, *extra))


def test_fixture_commits_are_the_same_everywhere(repo):
    """Fixed authors and dates give fixed commit ids, which the goldens print."""
    root, shas = repo
    again = history_repo(root.parent / "again")
    assert again == shas
    assert git(root, "log", "--format=%an %cs %s").splitlines() == [
        "王科员 2026-01-05 Second pass: school visits, 社工+ promised again",
        "李文书 2025-12-15 Follow-up from 穗教案〔2025〕383号",
        "王科员 2025-12-10 Import the 2025 Guangzhou letter",
        "李文书 2025-09-01 Import the 2023 Guangzhou and 2024 Lizhou letters",
    ]


def test_fixture_tree_validates(repo):
    root, _ = repo
    r = runner.invoke(app, ["validate", "--root", str(root)])
    assert r.exit_code == 0, r.output
    # the fixture keeps two of the 2025 letter's eight items, which validate points out
    assert r.output.splitlines() == [
        f"commitments/{GZ25}/reply.yaml:28:12: warning: the letter's next-steps section holds 8 "
        f"items; commitments/{GZ25}/ holds 2 (an import that did not finish?) (run `tracker "
        f"import seeds/002_77355670e473416b.txt --update` to write the missing ones)",
        "9 commitments in 3 letters: 0 errors, 1 warnings",
    ]


# --- content -----------------------------------------------------------------------------------


def test_markdown_sections_and_counts(repo):
    root, shas = repo
    md = digest(root, "--since", shas["follow-up"])
    assert md.startswith("# 答复函承诺落实情况简报\n")
    assert f"截至 2026-01-05，提交 {shas['second-pass'][:7]}。" in md
    assert "| 已兑现 | 1 | 11% |" in md
    assert "| 待跟进 | 5 | 56% |" in md
    # Guangzhou: 6 items, 1 done, 3 under way or repeated; Lizhou: 3 pending
    assert "| 广州市教育局 | 6 | 1 | 2 | 1 | 2 | 0 | 0 | ██▓▓▓░░░░░ 17% |" in md
    assert "| 广元市利州区教育局 | 3 | 0 | 0 | 0 | 3 | 0 | 0 | ░░░░░░░░░░ 0% |" in md
    assert "- 2026-01-05 gz-edu-2023-ta5020/04 状态：待跟进 → 重复承诺（王科员，" in md
    # oldest letter first among the unfollowed
    unfollowed = md.split("## 尚无跟进的承诺")[1].split("## 逐件承诺")[0]
    ids = re.findall(r"^\| ([a-z0-9-]+/\d\d) ", unfollowed, re.M)
    assert ids == [f"{LZ24}/01", f"{LZ24}/02", f"{LZ24}/03", f"{GZ25}/01", f"{GZ25}/02"]
    assert "| 530 天 |" in unfollowed  # 2024-07-24 to 2026-01-05
    assert f"tracker-digest commit={shas['second-pass']} date=2026-01-05" in md


def test_history_line_and_latest_evidence(repo):
    root, shas = repo
    md = digest(root)
    item = md.split("#### 03 · 已兑现")[1].split("####")[0]
    assert "> 2023年以来,全市中小学校100%完成" in item
    assert "——穗教案〔2025〕383号，2025-12-02，工作推进情况，第 8 行（已兑现）" in item
    assert "历程：2025-09-01 待跟进 → 2025-12-15 已兑现" in item


def test_since_a_date_and_a_ref_agree(repo):
    root, shas = repo
    by_ref = digest(root, "--since", shas["follow-up"])
    by_date = digest(root, "--since", "2025-12-15")
    assert (
        by_ref.split("## 本期变化")[1].split("##")[0].split("\n", 3)[3]
        == by_date.split("## 本期变化")[1].split("##")[0].split("\n", 3)[3]
    )


def test_since_last_reads_the_previous_digest(repo):
    """A digest committed under digests/ makes the next one list only what changed after it."""
    root, shas = repo
    # the first digest has nothing to compare with: the whole history
    first = digest(root, "--since", "last")
    assert "首期简报：以下为全部历史。" in first
    assert "gz-edu-2023-ta5020/01 新录入（待跟进）" in first
    # a digest made at the follow-up commit, kept under digests/
    git(root, "checkout", "-q", shas["follow-up"])
    (root / "digests").mkdir()
    (root / "digests" / "2025-12-15.md").write_text(digest(root), encoding="utf-8")
    git(root, "checkout", "-q", "main")
    md = digest(root)  # --since last is the default
    changes = md.split("## 本期变化")[1].split("## ")[0]
    assert f"自上期简报（提交 {shas['follow-up'][:7]}，2025-12-15）以来：" in changes
    assert sorted(set(re.findall(r"gz-edu-2023-ta5020/\d\d", changes))) == [
        f"{GZ23}/02",
        f"{GZ23}/04",
    ]
    assert "新录入" not in changes


def test_since_last_with_a_commit_the_repo_lacks(repo):
    root, _ = repo
    (root / "digests").mkdir()
    (root / "digests" / "old.md").write_text(
        f"`tracker-digest commit={'ab' * 20} date=2020-01-01`\n"
    )
    r = runner.invoke(app, ["digest", "--root", str(root)])
    assert r.exit_code == 1
    assert "names commit abababababab, which this repository does not have" in r.output
    assert "--since REF|DATE" in r.output


def test_uncommitted_change_shows_as_working_tree(repo):
    root, _ = repo
    c = store.load_tree(root).commitments[f"{LZ24}/01"]
    store.record_evidence(root, c, [], status="dropped")
    md = digest(root)
    assert "另有未提交的修改" in md
    assert f"{LZ24}/01 状态：待跟进 → 未再提及（工作区，未提交）" in md


def test_outside_git(tmp_path):
    root = tmp_path / "clerks"
    history_repo(root, steps=1)
    shutil.rmtree(root / ".git")
    md = digest(root, "--date", "2025-01-01")
    assert "截至 2025-01-01，不在 git 仓库中，没有历史记录。" in md
    assert "tracker-digest commit=none date=2025-01-01" in md
    assert "历程：无历史记录" in md
    r = runner.invoke(app, ["digest", "--root", str(root), "--since", "HEAD~1"])
    assert r.exit_code == 2 and "not in a git repository" in r.output


def test_bad_since_and_date_are_usage_errors(repo):
    root, _ = repo
    r = runner.invoke(app, ["digest", "--root", str(root), "--since", "no-such-branch"])
    assert r.exit_code == 2 and "unknown revision 'no-such-branch'" in r.output
    r = runner.invoke(app, ["digest", "--root", str(root), "--date", "2025-02-30"])
    assert r.exit_code == 2 and "--date 2025-02-30: not a date" in r.output
    assert "Traceback" not in r.output


# --- escaping ----------------------------------------------------------------------------------

NASTY = "<script>alert('x')</script> [bold]粗体[/bold] a|b *强调* `代码` $x$ & <img src=x onerror=alert(1)>"


def _nasty_tree(tmp_path: Path) -> Path:
    root = tmp_path / "clerks"
    history_repo(root, steps=1)
    path = root / "commitments" / LZ24 / "01.yaml"

    def edit(doc):
        return store.set_fields(
            doc,
            {
                "text": NASTY,
                "area": "[red]区域[/red] | <iframe>",
                "status_note": "</p><script>x</script>",
            },
        )

    store.update_file(path, edit)
    return root


def test_html_escapes_everything(tmp_path):
    root = _nasty_tree(tmp_path)
    html = digest(root, "--format", "html")
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; [bold]粗体[/bold] a|b" in html
    assert "&lt;/p&gt;&lt;script&gt;x&lt;/script&gt;" in html
    assert "<img" not in html and "<iframe" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "| &lt;iframe&gt;" in html


def test_markdown_escapes_table_and_markup(tmp_path):
    root = _nasty_tree(tmp_path)
    md = digest(root, "--format", "md")
    escaped = r"\<script\>alert('x')\</script\> \[bold\]粗体\[/bold\] a\|b \*强调\* \`代码\` \$x\$ \& \<img src=x onerror=alert(1)\>"
    assert escaped in md
    assert not re.search(r"(?<!\\)<", md), "an unescaped < would let raw HTML through"
    # every table row still has its columns: no cell text broke out of its cell
    for line in md.splitlines():
        if line.startswith("| gy-lz-edu-2024-jy56/01 "):
            assert len(re.findall(r"(?<!\\)\|", line)) == 6, line


def test_terminal_output_is_not_rich_markup(tmp_path):
    """Printed to stdout, [bold] stays text: the digest never goes through rich."""
    root = _nasty_tree(tmp_path)
    out = digest(root, "--format", "html")
    assert "[bold]粗体[/bold]" in out
    assert "[red]区域[/red]" in out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a|b", r"a\|b"),
        ("1. 第一", r"1\. 第一"),
        ("- 项", r"\- 项"),
        ("# 标题", r"\# 标题"),
        ("行一\n行二", "行一 行二"),
        ("<https://x>", r"\<https\://x\>"),  # no autolink: the colon is escaped
        (
            "见 http://example.org/a 与 www.example.org",
            r"见 http\://example.org/a 与 www\.example.org",
        ),
        ("写信至 a@example.org", r"写信至 a\@example.org"),
        ("mailto:a 与 ftp://b", r"mailto\:a 与 ftp\://b"),
        ("标题\x1b]0;owned\x07文", "标题文"),
        ("全角｜不变", "全角｜不变"),
    ],
)
def test_md_escape(text, expected):
    assert render.md_escape(text) == expected


# --- templates and output ----------------------------------------------------------------------


def test_user_template_overrides_file_by_file(repo, tmp_path):
    root, _ = repo
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "digest.md.j2").write_text(
        "{{ d.title }}: {{ d.n_items }} / {% for i in d.unfollowed %}{{ i.id }} {% endfor %}.\n",
        encoding="utf-8",
    )
    md = digest(root, "--templates", str(mine))
    assert (
        md == f"答复函承诺落实情况简报: 9 / {LZ24}/01 {LZ24}/02 {LZ24}/03 {GZ25}/01 {GZ25}/02 .\n"
    )
    # the HTML template is not overridden: the built-in one is used
    assert digest(root, "--templates", str(mine), "--format", "html").startswith("<!DOCTYPE html>")


def test_tree_templates_folder_overrides_built_in(repo):
    root, _ = repo
    (root / "templates").mkdir()
    (root / "templates" / "digest.md.j2").write_text(
        "tree's own {{ d.n_letters }}\n", encoding="utf-8"
    )
    assert digest(root) == "tree's own 3\n"


def test_template_errors_are_messages(repo, tmp_path):
    root, _ = repo
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "digest.md.j2").write_text("line one\n{% for x in %}\n", encoding="utf-8")
    r = runner.invoke(app, ["digest", "--root", str(root), "--templates", str(mine)])
    assert r.exit_code == 1
    assert "digest.md.j2:2: template syntax error" in r.output and "Traceback" not in r.output
    (mine / "digest.md.j2").write_text("{{ d.no_such_field }}\n", encoding="utf-8")
    r = runner.invoke(app, ["digest", "--root", str(root), "--templates", str(mine)])
    assert r.exit_code == 1 and "no_such_field" in r.output
    r = runner.invoke(app, ["digest", "--root", str(root), "--templates", str(tmp_path / "nope")])
    assert r.exit_code == 2 and "no such template folder" in r.output


def test_output_file_and_determinism(repo, tmp_path):
    root, _ = repo
    out = tmp_path / "out" / "d.html"
    r = runner.invoke(app, ["digest", "--root", str(root), "--format", "html", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert r.stdout == ""
    first = out.read_bytes()
    runner.invoke(app, ["digest", "--root", str(root), "--format", "html", "-o", str(out)])
    assert out.read_bytes() == first


def test_html_is_self_contained(repo):
    root, _ = repo
    html = digest(root, "--format", "html")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "@media print" in html
    assert '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC"' in html
    assert "<svg" in html
    # nothing is fetched: no external links, scripts, images or fonts
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", html)
    assert "@import" not in html and "url(" not in html and "<script" not in html


def test_every_format_and_language_renders(repo):
    root, _ = repo
    for fmt in render.DigestFormat:
        for lang in Lang:
            assert digest(root, "--format", fmt.value, "--lang", lang.value).strip()


def test_every_status_has_a_colour_and_place():
    assert set(digest_lib.STATUS_ORDER) == set(Status)
    assert set(digest_lib.STATUS_COLOURS) == set(Status)
    assert set(digest_lib.LABELS[Lang.ZH]) == set(digest_lib.LABELS[Lang.EN])


def test_templates_are_found_from_the_package():
    dirs = render.builtin_template_dirs()
    assert dirs and all(
        (d / "digest.md.j2").is_file() and (d / "digest.html.j2").is_file() for d in dirs
    )
