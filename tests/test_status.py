"""`tracker status`, `show`, `log` through the CLI, and the rows of report.py."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
from datetime import date
from pathlib import Path

import pytest
from conftest import (
    LETTER_A,
    LETTER_B,
    GitRepo,
    evidence_entry,
    item_yaml,
    make_tree,
    shallow_clone,
    write,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tracker import report, store, termtable
from tracker import text as tx
from tracker.cli import app
from tracker.model import Status
from tracker.report import Filters, Lang, SortKey

runner = CliRunner()
A = f"commitments/{LETTER_A}"


def run(*args: str | Path, columns: int = 120, env: dict[str, str] | None = None):
    """Invoke the CLI at a fixed terminal width (and with `env` added to the environment)."""
    return runner.invoke(
        app, [str(a) for a in args], env={"COLUMNS": str(columns), "NO_COLOR": None, **(env or {})}
    )


def table(output: str) -> list[str]:
    """The lines of the table in a status output (header, rule, rows)."""
    return [line for line in output.splitlines() if "│" in line or "┼" in line]


def row_ids(output: str) -> list[str]:
    return [line.split(" │ ")[0].strip() for line in table(output)[2:]]


# --- the table ---------------------------------------------------------------------------------


def test_status_table_content_and_counts(git_repo: GitRepo) -> None:
    r = run("status", "--root", git_repo.root, columns=140)
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    short = git_repo.commits["tidy"][:7]
    assert lines[0] == f"6 项承诺，2 封答复函 · 提交 {short}（2025-12-20）"
    head = table(r.stdout)[0]
    for word in ("编号", "发文单位", "日期", "事项", "状态", "最新进展", "天数"):
        assert word in head
    rows = table(r.stdout)[2:]
    assert row_ids(r.stdout) == [f"{LETTER_A}/0{i}" for i in range(1, 5)] + [
        f"{LETTER_B}/01",
        f"{LETTER_B}/02",
    ]
    first = [c.strip() for c in rows[0].split("│")]
    assert first[:3] == [f"{LETTER_A}/01", "广州市教育局", "2023-08-31"]
    assert first[3].startswith("推进校家社协同育人 / 贯彻落实")
    assert first[4:6] == ["推进中", "2025-12-02 推进中"]
    assert int(first[6]) == (date.today() - date(2023, 8, 31)).days
    assert [c.strip() for c in rows[1].split("│")][4:6] == ["待跟进", "—"]
    assert lines[-2] == "待跟进 3 · 推进中 1 · 已兑现 1 · 重复承诺 1 · 合计 6"
    assert lines[-1] == "广州市教育局 6"
    assert "\x1b[" not in r.stdout  # not a terminal: no colour


def test_status_in_english(git_repo: GitRepo) -> None:
    r = run("status", "--lang", "en", "--root", git_repo.root)
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("6 commitments in 2 letters · as of commit ")
    assert "in progress" in table(r.stdout)[2] and "2025-12-02 in progress" in table(r.stdout)[2]
    assert r.stdout.splitlines()[-2] == "pending 3 · in progress 1 · done 1 · repeated 1 · total 6"


def test_status_mentions_uncommitted_changes(git_repo: GitRepo) -> None:
    git_repo.write(f"{A}/02.yaml", item_yaml(LETTER_A, "02", status="dropped"))
    r = run("status", "--root", git_repo.root)
    assert "另有未提交的修改（1 个文件）" in r.stdout.splitlines()[0]
    assert "未再提及" in r.stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--status", "pending"], [f"{LETTER_A}/02", f"{LETTER_B}/01", f"{LETTER_B}/02"]),
        (["--status", "推进中,重复承诺"], [f"{LETTER_A}/01", f"{LETTER_A}/04"]),
        (["--status", "done", "--status", "in progress"], [f"{LETTER_A}/01", f"{LETTER_A}/03"]),
        (["--year", "2025"], [f"{LETTER_B}/01", f"{LETTER_B}/02"]),
        (["--issuer", "教育局", "--year", "2023", "--status", "pending"], [f"{LETTER_A}/02"]),
        (
            ["--issuer", "廣州市教育局", "--tag", "社工"],
            [f"{LETTER_A}/02"],
        ),  # traditional characters
        (["--text", "調動社會資源"], [f"{LETTER_A}/02"]),
        (["--text", "心理 平台"], [f"{LETTER_B}/02"]),
        (["--text", "全市100%配备"], [f"{LETTER_A}/03"]),  # the note counts too
        (
            ["--stale", "0"],
            [f"{LETTER_A}/0{i}" for i in (1, 2, 4)] + [f"{LETTER_B}/01", f"{LETTER_B}/02"],
        ),
        (["--stale", "100000"], []),
        (["--issuer", "天津"], []),
    ],
)
def test_status_filters(git_repo: GitRepo, args: list[str], expected: list[str]) -> None:
    r = run("status", *args, "--root", git_repo.root)
    assert r.exit_code == 0, r.output
    assert row_ids(r.stdout) == expected
    if not expected:
        assert "没有符合条件的承诺" in r.stdout
    assert r.stdout.splitlines()[-2 if expected else -1].endswith(f"合计 {len(expected)} / 6")


@pytest.mark.parametrize(
    ("sort", "first"),
    [
        ("id", f"{LETTER_A}/01"),
        ("date", f"{LETTER_B}/01"),
        ("status", f"{LETTER_A}/02"),
        ("issuer", f"{LETTER_A}/01"),
        ("age", f"{LETTER_A}/01"),
    ],
)
def test_status_sort(git_repo: GitRepo, sort: str, first: str) -> None:
    r = run("status", "--sort", sort, "--root", git_repo.root)
    assert r.exit_code == 0 and row_ids(r.stdout)[0] == first


def test_bad_option_values_exit_2(git_repo: GitRepo) -> None:
    r = run("status", "--status", "donee", "--root", git_repo.root)
    assert (
        r.exit_code == 2
        and "unknown status 'donee'" in r.stderr
        and "did you mean 'done'" in r.stderr
    )
    assert run("status", "--json", "--csv", "--root", git_repo.root).exit_code == 2
    assert run("status", "--sort", "colour", "--root", git_repo.root).exit_code == 2


def test_fail_on(git_repo: GitRepo) -> None:
    root = git_repo.root
    r = run("status", "--fail-on", "repeated", "--fail-on", "dropped", "--root", root)
    assert r.exit_code == 1 and "1 commitment with a status in --fail-on: 重复承诺 1" in r.stderr
    assert table(r.stdout)  # the table is still shown
    assert run("status", "--fail-on", "dropped,superseded", "--root", root).exit_code == 0
    # only the rows shown count
    assert run("status", "--status", "done", "--fail-on", "pending", "--root", root).exit_code == 0
    assert run("status", "--json", "--fail-on", "待跟进", "--root", root).exit_code == 1


def test_json_and_csv_give_the_same_rows(git_repo: GitRepo) -> None:
    rj = run("status", "--json", "--sort", "date", "--root", git_repo.root)
    rc = run("status", "--csv", "--sort", "date", "--root", git_repo.root)
    assert rj.exit_code == rc.exit_code == 0
    rows = json.loads(rj.stdout)
    lines = list(csv.DictReader(io.StringIO(rc.stdout)))
    assert [r["id"] for r in rows] == [r["id"] for r in lines]
    assert list(lines[0]) == list(report.FIELDS) == list(rows[0])
    a1 = next(r for r in rows if r["id"] == f"{LETTER_A}/01")
    assert a1 == {
        "id": f"{LETTER_A}/01",
        "reply": LETTER_A,
        "issuer": "广州市教育局",
        "letter_date": "2023-08-31",
        "doc_number": "穗教案〔2023〕208号",
        "area": "推进校家社协同育人",
        "text": a1["text"],
        "status": "in_progress",
        "status_label": "推进中",
        "status_note": None,
        "tags": [],
        "owners": [],
        "due": None,
        "overdue": False,
        "late": False,
        "promised": 1,
        "first_promised": "2023-08-31",
        "evidence_reply": LETTER_B,
        "evidence_date": "2025-12-02",
        "evidence_verdict": "progress",
        "evidence_confirmed": False,
        "evidence_count": 1,
        "age_days": (date.today() - date(2023, 8, 31)).days,
        "path": f"{A}/01.yaml",
    }
    c1 = next(r for r in lines if r["id"] == f"{LETTER_A}/01")
    assert (
        c1["text"] == a1["text"] and c1["evidence_confirmed"] == "false" and c1["status_note"] == ""
    )
    assert next(r for r in lines if r["id"] == f"{LETTER_A}/02")["tags"] == "社工"
    assert "6 项承诺" not in rj.stdout + rc.stdout  # machine output has no context line


# --- history in the table ----------------------------------------------------------------------


def test_status_as_of(git_repo: GitRepo) -> None:
    r = run("status", "--as-of", "2025-12-12", "--json", "--root", git_repo.root)
    assert r.exit_code == 0, r.output
    by_id = {row["id"]: row for row in json.loads(r.stdout)}
    assert by_id[f"{LETTER_A}/03"]["status"] == "pending"
    assert by_id[f"{LETTER_A}/03"]["evidence_verdict"] == "done"
    assert by_id[f"{LETTER_A}/02"]["tags"] == []
    # ages count to the day of that commit
    assert by_id[f"{LETTER_A}/01"]["age_days"] == (date(2025, 12, 12) - date(2023, 8, 31)).days
    t = run("status", "--as-of", git_repo.commits["import-a"], "--root", git_repo.root)
    assert t.stdout.splitlines()[0] == (
        f"4 项承诺，1 封答复函 · 截至提交 {git_repo.commits['import-a'][:7]}（2023-09-05）"
    )
    assert t.stdout.splitlines()[-2] == "待跟进 4 · 合计 4"


def test_status_changed_since(git_repo: GitRepo) -> None:
    c = git_repo.commits
    r = run("status", "--changed-since", c["follow-up"], "--root", git_repo.root)
    assert r.exit_code == 0, r.output
    assert row_ids(r.stdout) == [f"{LETTER_A}/02", f"{LETTER_A}/03"]
    r = run(
        "status", "--changed-since", "2025-12-11", "--as-of", c["confirm"], "--root", git_repo.root
    )
    assert row_ids(r.stdout) == [f"{LETTER_A}/01", f"{LETTER_A}/03", f"{LETTER_A}/04"]
    # a changed letter brings its commitments
    r = run(
        "status",
        "--changed-since",
        c["import-a"],
        "--as-of",
        c["import-b"],
        "--root",
        git_repo.root,
    )
    assert row_ids(r.stdout) == [f"{LETTER_B}/01", f"{LETTER_B}/02"]
    # uncommitted changes count
    git_repo.write(f"{A}/04.yaml", item_yaml(LETTER_A, "04", status="done"))
    r = run("status", "--changed-since", "HEAD", "--root", git_repo.root)
    assert row_ids(r.stdout) == [f"{LETTER_A}/04"]
    r = run("status", "--changed-since", "nope", "--root", git_repo.root)
    assert r.exit_code == 2 and "unknown revision 'nope'" in r.stderr


# --- layout ------------------------------------------------------------------------------------


def _bars(line: str) -> list[int]:
    """Display columns at which the separators of a table line sit."""
    out, col = [], 0
    for ch in line:
        if ch in "│┼":
            out.append(col)
        col += tx.display_width(ch)
    return out


@pytest.mark.parametrize("columns", [60, 72, 80, 100, 120, 160])
def test_cjk_columns_line_up_at_any_width(git_repo: GitRepo, columns: int) -> None:
    long_text = (
        "持续深化“社工+”战略,探索打造“青年地带”社工专项服务品牌ABC def,不断完善青少年社区社工服务体系。"
        * 3
    )
    git_repo.write(
        f"{A}/02.yaml", item_yaml(LETTER_A, "02", text=long_text, area="Mixed 中英 area 领域")
    )
    git_repo.write(f"{A}/04.yaml", item_yaml(LETTER_A, "04", area=None))
    r = run("status", "--root", git_repo.root, columns=columns)
    assert r.exit_code == 0, r.output
    lines = table(r.stdout)
    assert len(lines) == 8
    bars = _bars(lines[0])
    assert bars and all(_bars(line) == bars for line in lines)
    assert all(tx.display_width(line) <= columns for line in lines)
    long_row = next(line for line in lines if line.startswith(f"{LETTER_A}/02"))
    assert "…" in long_row  # cut, with an ellipsis, not wrapped
    assert len(lines[2:]) == 6  # one line per row


def test_narrow_terminal_keeps_id_item_and_status(git_repo: GitRepo) -> None:
    r = run("status", "--root", git_repo.root, columns=60)
    head = table(r.stdout)[0]
    assert [c.strip() for c in head.split("│")] == ["编号", "事项", "状态"]
    r = run("status", "--root", git_repo.root, columns=80)
    assert [c.strip() for c in table(r.stdout)[0].split("│")] == [
        "编号",
        "事项",
        "状态",
        "最新进展",
    ]


def test_text_from_files_is_never_markup(git_repo: GitRepo) -> None:
    text = "[bold]x[/] [red]加强社区[/red] \x1b[31m"
    git_repo.write(
        f"{A}/02.yaml",
        item_yaml(
            LETTER_A, "02", text=text, area="[link=http://x]y[/link]", status_note="[i]note[/i]"
        ),
    )
    r = run("status", "--root", git_repo.root, columns=160)
    assert "[bold]x[/] [red]加强社区[/red]" in r.stdout and "[link=http://x]y[/link]" in r.stdout
    assert "\x1b" not in r.stdout
    r = run("show", f"{LETTER_A}/02", "--root", git_repo.root)
    assert r.exit_code == 0, r.output
    assert "[bold]x[/] [red]加强社区[/red]" in r.stdout and "[i]note[/i]" in r.stdout
    r = run("log", "--root", git_repo.root)
    assert "[bold]x[/]" in r.stdout


@settings(max_examples=400, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("ab 1,.:…中文字〔〕（）“”，、。—Éé\u3000ｱＡ😀"), max_size=40),
    st.integers(min_value=0, max_value=30),
)
def test_measure_cut_is_text_shorten(text: str, columns: int) -> None:
    expected = tx.shorten(text, columns)
    assert termtable.measure_cut(text, columns) == (expected, tx.display_width(expected))
    assert termtable.cut(text, columns) == expected


@settings(max_examples=400, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from("ab 1,.:…中文字〔〕（）“”，、。—\u3000ｱＡ\u2065\uffe8"),
        max_size=40,
    ),
    st.integers(min_value=-2, max_value=30),
)
def test_measure_cut_of_chinese_text_is_text_shorten(text: str, columns: int) -> None:
    # characters of the blocks measured without the width table only
    expected = tx.shorten(text, columns) if columns >= 0 else "…"
    assert termtable.measure_cut(text, columns) == (expected, tx.display_width(expected))


def test_clean_drops_what_a_terminal_would_act_on() -> None:
    assert termtable.clean("a\x1b[31mb\u200b中\u202e文\u0301 x\t\n y\x07") == "ab中文 x y"
    assert termtable.clean(" 推进（一）“社工+”〔2023〕 ") == "推进（一）“社工+”〔2023〕"


def test_colour_only_on_a_terminal_and_never_with_no_color(tmp_path: Path) -> None:
    from rich.console import Console

    row = report.build_rows(_tree_with(tmp_path, Status.DONE), date(2026, 1, 1))
    plain = termtable.table_lines(
        row, 100, Lang.ZH, termtable.ansi_styler(Console(file=io.StringIO()))
    )
    assert "\x1b[" not in "".join(plain)
    term = Console(file=io.StringIO(), force_terminal=True, color_system="standard")
    coloured = termtable.table_lines(row, 100, Lang.ZH, termtable.ansi_styler(term))
    assert "\x1b[32m已兑现" in "".join(coloured)
    no_color = Console(
        file=io.StringIO(), force_terminal=True, color_system="standard", no_color=True
    )
    dull = "".join(termtable.table_lines(row, 100, Lang.ZH, termtable.ansi_styler(no_color)))
    assert "\x1b[32m" not in dull and "已兑现" in dull
    # the same cells, whatever the styling
    strip = [line.replace("\x1b[0m", "") for line in coloured]
    assert len(strip) == len(plain)


def test_every_status_has_a_colour_and_every_sort_key_works(tmp_path: Path) -> None:
    assert set(termtable.STATUS_STYLE) == set(Status)
    rows = report.build_rows(_tree_with(tmp_path, *Status), date(2026, 1, 1))
    assert {r.status for r in rows} == set(Status)
    for key in SortKey:
        assert sorted(r.id for r in report.sort_rows(rows, key)) == sorted(r.id for r in rows)
    for lang in Lang:
        assert termtable.table_lines(rows, 100, lang)


# --- show --------------------------------------------------------------------------------------


def test_show_one_commitment_in_full(git_repo: GitRepo) -> None:
    r = run("show", f"{LETTER_A}/03", "--root", git_repo.root)
    assert r.exit_code == 0, r.output
    out = r.stdout
    for expected in (
        f"{LETTER_A}/03  已兑现 (done)",
        "广州市教育局 · 穗教案〔2023〕208号 · 2023-08-31",
        "关于建设学校社工站 构建校家社协同育人机制(修改)的提案",
        "seeds/000_a140f72d90f69cdb.txt:36",
        "强化专业队伍建设",
        "推进全市中小学100%配齐专职心理教师;",
        "全市100%配备",
        f"1. 2025-12-02 {LETTER_B} · 已兑现 · confirmed · score 0.90",
        "seeds/002_77355670e473416b.txt:8 (progress)",
        "四项基础性工作",
        "历史",
        "2025-12-15 " + git_repo.commits["confirm"][:7] + " 陈杰  status: 待跟进 → 已兑现",
        "evidence changed: gz-edu-2025-ta4154 已兑现 (confirmed false → true)",
        "Wang Fang  evidence added: gz-edu-2025-ta4154 已兑现",
        "李娜  added (待跟进)",
    ):
        assert expected in out, expected


def test_show_accepts_a_unique_prefix(git_repo: GitRepo) -> None:
    r = run("show", "gz-edu-2025-ta4154/02", "--root", git_repo.root)
    assert r.exit_code == 0 and r.stdout.startswith(f"{LETTER_B}/02")
    r = run("show", f"commitments/{LETTER_B}/01.yaml", "--root", git_repo.root)
    assert r.exit_code == 0 and r.stdout.startswith(f"{LETTER_B}/01")


@pytest.mark.parametrize(
    ("ident", "message"),
    [
        ("gz-edu-2023", "'gz-edu-2023' matches 4 commitments: gz-edu-2023-ta5020/01, "),
        (LETTER_B, f"'{LETTER_B}' is a letter with 2 commitments: {LETTER_B}/01, {LETTER_B}/02"),
        ("tj-edu", "no commitment 'tj-edu'"),
    ],
)
def test_show_needs_one_match(git_repo: GitRepo, ident: str, message: str) -> None:
    r = run("show", ident, "--root", git_repo.root)
    assert r.exit_code == 2
    assert message in r.stderr and "hint:" in r.stderr


# --- log ---------------------------------------------------------------------------------------


def test_log_groups_changes_by_commit(git_repo: GitRepo) -> None:
    r = run("log", "--root", git_repo.root)
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    c = git_repo.commits
    assert lines[0] == f"{c['tidy'][:7]}  2025-12-20 08:00  李娜  Tag A/02"
    assert lines[1] == f"  {LETTER_A}/02  tags: +社工"
    assert lines[2] == f"{c['confirm'][:7]}  2025-12-15 11:00  陈杰  Confirm staffing is done"
    assert f"  {LETTER_A}/03  status: 待跟进 → 已兑现" in lines
    assert f"  {LETTER_A}/01  evidence added: {LETTER_B} 推进中" in lines
    assert f"  {LETTER_B}  added (答复函)" in lines
    assert sum(1 for line in lines if not line.startswith("  ")) == 5


def test_log_of_some_records_since_a_date_in_english(git_repo: GitRepo) -> None:
    r = run("log", f"{LETTER_A}/0", "--root", git_repo.root)  # a prefix selects all it begins
    assert r.exit_code == 0, r.output
    assert {line.split()[0] for line in r.stdout.splitlines() if line.startswith("  ")} == {
        f"{LETTER_A}/0{i}" for i in range(1, 5)
    }
    r = run(
        "log", f"{LETTER_A}/03", "--since", "2025-12-13", "--lang", "en", "--root", git_repo.root
    )
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[1:] == [
        f"  {LETTER_A}/03  status: pending → done",
        f"  {LETTER_A}/03  status_note added: 「全市100%配备」",
        f"  {LETTER_A}/03  evidence changed: {LETTER_B} done (confirmed false → true)",
    ]
    r = run("log", LETTER_B, "--since", "2025-12-13", "--root", git_repo.root)
    assert r.stdout.strip() == "no changes since 2025-12-13"


def test_log_shows_uncommitted_changes_first(git_repo: GitRepo) -> None:
    git_repo.write(
        f"{A}/02.yaml",
        item_yaml(
            LETTER_A,
            "02",
            tags=["社工"],
            status="in_progress",
            evidence=[evidence_entry("01", "progress")],
        ),
    )
    r = run("log", "--root", git_repo.root)
    lines = r.stdout.splitlines()
    assert lines[:3] == [
        "working tree  (uncommitted)",
        f"  {LETTER_A}/02  status: 待跟进 → 推进中",
        f"  {LETTER_A}/02  evidence added: {LETTER_B} 推进中",
    ]


def test_log_json(git_repo: GitRepo) -> None:
    r = run("log", "--json", "--since", git_repo.commits["confirm"], "--root", git_repo.root)
    data = json.loads(r.stdout)
    assert data == [
        {
            "commit": git_repo.commits["tidy"],
            "short": git_repo.commits["tidy"][:7],
            "author": "李娜",
            "date": "2025-12-20T08:00:00+08:00",
            "message": "Tag A/02",
            "record": f"{LETTER_A}/02",
            "path": f"{A}/02.yaml",
            "field": "tags",
            "kind": "added",
            "old": None,
            "new": ["社工"],
            "note": None,
            "summary": "tags: +社工",
        }
    ]


# --- without git, shallow, read only -----------------------------------------------------------


def test_outside_git_every_command_works(tree_root: Path) -> None:
    r = run("status", "--root", tree_root)
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[0] == "6 项承诺，2 封答复函 · 不在 git 仓库中，没有历史"
    assert len(table(r.stdout)) == 8
    r = run("show", f"{LETTER_A}/01", "--root", tree_root)
    assert r.exit_code == 0 and "not in a git repository" in r.stdout
    r = run("log", "--root", tree_root)
    assert r.exit_code == 0 and r.stdout == ""
    assert r.stderr.startswith("note: no history:") and "git init" in r.stderr
    r = run("log", "--json", "--root", tree_root)
    assert r.exit_code == 0 and r.stdout == "[]\n"
    r = run("status", "--as-of", "HEAD", "--root", tree_root)
    assert r.exit_code == 1 and "no history:" in r.stderr


def test_shallow_clone_says_the_history_is_partial(git_repo: GitRepo, tmp_path: Path) -> None:
    clone = shallow_clone(git_repo, tmp_path / "shallow")
    r = run("log", "--root", clone)
    assert r.exit_code == 0
    assert "shallow" in r.stderr and "git fetch --unshallow" in r.stderr
    r = run("status", "--as-of", "2025-12-12", "--root", clone)
    assert r.exit_code == 1 and "git fetch --unshallow" in r.stderr
    r = run("status", "--changed-since", "HEAD~1", "--root", clone)
    assert r.exit_code == 0 and row_ids(r.stdout) == [f"{LETTER_A}/02"]
    assert "git fetch --unshallow" in r.stderr


def test_reading_never_writes(git_repo: GitRepo) -> None:
    root = git_repo.root

    def files() -> dict[Path, tuple[bytes, int]]:
        return {
            p: (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*"))
            if p.is_file() and ".git" not in p.parts and ".tracker-cache" not in p.parts
        }

    before = files()
    for args in (
        ["status"],
        ["status", "--as-of", "2025-12-12"],
        ["status", "--changed-since", "HEAD~2"],
        ["show", f"{LETTER_A}/03"],
        ["log"],
        ["status", "--json"],
    ):
        assert run(*args, "--root", root).exit_code == 0
    assert files() == before
    assert git_repo.git("status", "--porcelain") == ""


# --- report.py ---------------------------------------------------------------------------------


def _tree_with(root: Path, *statuses: Status) -> store.Tree:
    """The fixture tree with its first commitments set to these statuses, one each."""
    make_tree(root)
    for i, s in enumerate(statuses, 1):
        write(
            root,
            f"{A}/{i:02d}.yaml",
            item_yaml(
                LETTER_A,
                "01",
                status=s.value,
                status_note="replaced" if s == Status.SUPERSEDED else None,
                evidence=[evidence_entry("01", "progress")] if i % 2 else [],
            ).replace("/01", f"/{i:02d}"),
        )
    return store.load_tree(root, cache=False)


def test_latest_evidence_and_quiet_days(git_repo: GitRepo) -> None:
    tree = store.load_tree(git_repo.root, cache=False)
    rows = {r.id: r for r in report.build_rows(tree, date(2026, 1, 1))}
    a1 = rows[f"{LETTER_A}/01"]
    assert (a1.evidence_reply, a1.evidence_date, a1.evidence_count) == (
        LETTER_B,
        date(2025, 12, 2),
        1,
    )
    assert a1.quiet == 30 and a1.age == (date(2026, 1, 1) - date(2023, 8, 31)).days
    a2 = rows[f"{LETTER_A}/02"]
    assert a2.evidence_verdict is None and a2.quiet == a2.age
    stale = report.select(rows.values(), Filters(stale=31))
    assert [r.id for r in stale] == [f"{LETTER_A}/02"]  # 01 and 04 had evidence 30 days ago


def test_counts(tmp_path: Path) -> None:
    tree = _tree_with(tmp_path, Status.PENDING, Status.DONE, Status.DONE)
    rows = report.build_rows(tree, date(2026, 1, 1))
    counts = report.count(rows)
    assert counts.by_status[Status.DONE] == 2 and counts.by_status[Status.PENDING] == 4
    assert list(counts.by_status) == list(Status)
    assert counts.by_issuer == {"广州市教育局": 6} and counts.letters == 2 and counts.total == 6
    assert report.counts_lines(counts, 6) == ["待跟进 4 · 已兑现 2 · 合计 6", "广州市教育局 6"]
    some = report.count(report.select(rows, Filters(statuses=(Status.DONE,))))
    assert report.counts_lines(some, 6, Lang.EN) == ["done 2 · total 2 / 6", "广州市教育局 2"]
    assert report.count([]).by_issuer == {} and report.counts_lines(report.count([]), 6) == [
        "合计 0 / 6"
    ]


def test_describe_change_in_both_languages(git_repo: GitRepo) -> None:
    from tracker import history

    words = {
        (c.record, c.field, c.kind.value): (
            report.describe_change(c),
            report.describe_change(c, Lang.EN),
        )
        for c in history.changes(git_repo.root)
    }
    assert words[(f"{LETTER_A}/04", "status", "changed")] == (
        "status: 待跟进 → 重复承诺",
        "status: pending → repeated",
    )
    assert words[(f"{LETTER_A}/04", "evidence", "added")] == (
        f"evidence added: {LETTER_B} 重复承诺",
        f"evidence added: {LETTER_B} repeated",
    )
    assert words[(LETTER_B, "", "added")] == ("added (答复函)", "added (letter)")
    assert (
        words[(f"{LETTER_A}/03", "status_note", "added")][1]
        == "status_note added: 「全市100%配备」"
    )


def test_build_rows_is_build_row_of_each(tmp_path: Path) -> None:
    from tracker.model import Commitment, Evidence, Reply, SectionKind, Source, Verdict

    def reply(rid: str, **kw: object) -> Reply:
        fields: dict[str, object] = {"issuer": None, "title": None, **kw}
        return Reply(id=rid, source=Source(f"seeds/{rid}.txt", "0" * 64), **fields)  # type: ignore[arg-type]

    def ev(rid: str, confirmed: bool = False, verdict: Verdict = Verdict.DONE) -> Evidence:
        return Evidence(rid, SectionKind.PROGRESS, "q", verdict, 0.5, confirmed)

    replies = {
        "a": reply("a", issuer="甲", reply_date=date(2023, 5, 1), doc_number="1号"),
        "b": reply("b", issuer_inferred="乙", published=date(2024, 2, 3)),
        "c": reply("c", reply_date=date(2024, 2, 3)),
        "d": reply("d"),  # no date at all
    }
    items = [
        Commitment("a/01", "a", "text"),
        Commitment("a/02", "a", "text", evidence=(ev("b"), ev("c", confirmed=True), ev("d"))),
        Commitment("a/03", "a", "t", evidence=(ev("c", verdict=Verdict.PROGRESS), ev("b"))),
        Commitment("a/04", "a", "t", evidence=(ev("d"), ev("x"))),  # letters without a date
        Commitment("x/01", "x", "t", evidence=(ev("a"),)),  # its letter is missing
        Commitment("b/01", "b", "t", status=Status.DONE, tags=("k",), owners=("o",)),
    ]
    tree = store.Tree(root=tmp_path, replies=replies, commitments={c.id: c for c in items})
    day = date(2026, 1, 1)
    rows = report.build_rows(tree, day)
    assert rows == [report.build_row(c, replies, day) for c in items]
    assert [hash(r) for r in rows] == [hash(report.build_row(c, replies, day)) for c in items]
    assert rows[1].evidence_reply == "c" and rows[1].evidence_confirmed  # same date: confirmed wins
    assert rows[2].evidence_reply == "c"  # the first listed of one date


# --- what git sees, and what it refuses ------------------------------------------------------------


def _stat_only_changes(root: Path) -> None:
    """touch, cp -a (a new inode with the old times) and chmod: the bytes stay the same."""
    import os
    import shutil

    files = sorted((root / "commitments").rglob("*.yaml"))
    for p in files[0::3]:
        st = p.stat()
        os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))  # touch
    for p in files[1::3]:
        copy = p.with_name(p.name + ".copy")
        shutil.copy2(p, copy)  # cp -a and back
        os.replace(copy, p)
    for p in files[2::3]:
        p.chmod(0o600)


@pytest.mark.parametrize("cache", ["", "1"])
def test_status_counts_no_change_after_touch_copy_or_chmod(git_repo: GitRepo, cache) -> None:
    env = {"TRACKER_NO_CACHE": cache}
    root = git_repo.root
    _stat_only_changes(root)
    stat_dirty = git_repo.git("diff-files", "--name-only").split()
    assert len(stat_dirty) >= 6  # git's plumbing still names them
    index = (root / ".git" / "index").read_bytes()
    r = run("status", "--root", root, env=env)
    assert r.exit_code == 0, r.output
    assert "未提交" not in r.stdout.splitlines()[0], r.stdout.splitlines()[0]
    assert (
        root / ".git" / "index"
    ).read_bytes() == index  # reading never writes, not even git's index
    git_repo.write(f"{A}/02.yaml", item_yaml(LETTER_A, "02", status="dropped"))  # a real change
    r = run("status", "--root", root, env=env)
    assert "另有未提交的修改（1 个文件）" in r.stdout.splitlines()[0]


def test_a_repository_git_refuses_is_not_called_no_repository(git_repo: GitRepo):
    """A repository owned by another user: git refuses it (safe.directory); say so and what to do."""
    root = git_repo.root
    refused = {"GIT_TEST_ASSUME_DIFFERENT_OWNER": "1"}  # git >= 2.35.2 honours it
    said = subprocess.run(
        ["git", "-C", str(root), "status"], capture_output=True, text=True, env=os.environ | refused
    )
    assert "dubious ownership" in said.stderr
    hint = f"git config --global --add safe.directory {root}"
    r = run("status", "--root", root, env=refused)
    assert r.exit_code == 0, r.output
    assert "git 拒绝读取此仓库" in r.stdout.splitlines()[0]
    assert "不在 git 仓库中" not in r.stdout
    assert "detected dubious ownership in repository at" in r.stderr and hint in r.stderr
    for args in (["log"], ["show", f"{LETTER_A}/01"], ["digest"]):
        r = run(*args, "--root", root, env=refused)
        assert r.exit_code == 0, (args, r.output)
        assert "dubious ownership" in r.output and hint in r.output.replace("\n  ", " "), (
            args,
            r.output,
        )
    r = run("status", "--changed-since", "HEAD~1", "--root", root, env=refused)
    assert r.exit_code == 1
    assert "no commits yet" not in r.output and hint in r.output


def test_scorecard_names_only_bureaus_followed_up(tmp_path):
    """The footer scores a bureau once one of its commitments has been followed up; a bureau
    whose commitments all wait for a later letter has no line of zeros."""
    import shutil

    project = Path(__file__).resolve().parent.parent
    shutil.copytree(project / "commitments", tmp_path / "commitments")
    shutil.copytree(project / "seeds", tmp_path / "seeds")
    r = run("status", "--root", tmp_path)
    assert r.exit_code == 0, r.output
    cards = [x for x in r.stdout.splitlines() if "：已兑现" in x]
    assert [x.split("：")[0] for x in cards] == ["广州市教育局"]
    assert "已兑现 1 · 推进中 2 · 重复承诺 1" in cards[0]
