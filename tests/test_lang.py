"""--lang zh|en on every command that prints words, the default from LC_ALL/LANG, and the
messages a clerk acts on in Chinese."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
import typer.main
from conftest import LETTER_A, LETTER_B
from typer.testing import CliRunner

from tracker.cli import app

runner = CliRunner()
C_LOCALE = {"COLUMNS": "100", "NO_COLOR": "1", "LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
HAN = re.compile(r"[\u4e00-\u9fff]")
# commands that print no words of their own: schema (JSON Schema); site is the site's own (it
# takes --lang, tested with it). Every other command takes --lang.
WORDLESS = {"schema", "site"}


def run(root: Path, *args: str, **env: str):
    return runner.invoke(app, [*args, "--root", str(root)], env={**C_LOCALE, **env})


def test_every_command_that_prints_words_takes_lang():
    group = typer.main.get_command(app)
    for name, cmd in group.commands.items():  # type: ignore[attr-defined]
        if name in WORDLESS:
            continue
        opts = {o for p in cmd.params for o in getattr(p, "opts", ())}
        assert "--lang" in opts, name


def test_diff_in_each_language(tree_root):
    both = run(tree_root, "diff").stdout
    assert "新承诺 new in the later letters" in both and "commitments: " in both  # as ever
    zh = run(tree_root, "diff", "--lang", "zh").stdout
    assert "后续答复函中的新承诺" in zh and "共 6 项承诺：" in zh
    assert not re.search(r"\b(new in|commitments|promised again|score)\b", zh)
    en = run(tree_root, "diff", "--lang", "en").stdout
    assert re.search(r"6 commitments: done \d+ · in progress \d+", en)
    assert "new in the later letters" in en
    assert "待跟进" not in en and "新承诺" not in en
    assert run(tree_root, "diff", LANG="zh_CN.UTF-8").stdout == zh  # the environment's choice
    assert run(tree_root, "diff", LANG="zh_CN.UTF-8", LC_ALL="en_US.UTF-8").stdout == en


def test_validate_speaks_chinese(tree_root):
    path = tree_root / "commitments" / LETTER_A / "03.yaml"
    path.write_text(path.read_text("utf-8").replace("status: pending", "status: 已兑现"), "utf-8")
    r = run(tree_root, "validate", "--lang", "zh")
    assert r.exit_code == 1
    assert (
        f"commitments/{LETTER_A}/03.yaml:6:9: 错误：status 的值 '已兑现' 无效（可取：pending, "
        "in_progress, done, repeated, dropped, superseded）（请写 status: done）"
    ) in r.stdout
    assert "共 5 项承诺、2 件答复函：1 个错误，1 个警告" in r.stderr
    en = run(tree_root, "validate")
    assert "5 commitments in 2 letters: 1 errors, 1 warnings" in en.stderr
    assert "(write status: done)" in en.stdout
    # JSON is for programs: English whatever the language
    j = run(tree_root, "validate", "--format", "json", "--lang", "zh")
    assert "unknown status" in j.stdout


def test_status_show_log_and_digest_follow_the_environment(tree_root):
    zh = run(tree_root, "status").stdout
    assert "待跟进" in zh
    en = run(tree_root, "status", LANG="en_US.UTF-8").stdout
    assert "pending" in en and "待跟进" not in en
    assert run(tree_root, "status", "--lang", "zh", LANG="en_US.UTF-8").stdout == zh
    show = run(tree_root, "show", f"{LETTER_B}/01", LANG="en_US.UTF-8").stdout
    assert "status" in show and "状态" not in show
    digest = run(tree_root, "digest", LANG="en_US.UTF-8").stdout
    assert digest.startswith("# Commitments in reply letters: digest")


def test_export_headers_follow_lang(tree_root):
    out = run(tree_root, "export", "--lang", "en").stdout.lstrip("\ufeff")
    header = next(csv.reader(io.StringIO(out)))
    assert header[:4] == ["No.", "Letter", "Handled by", "Commitment"]
    zh = run(tree_root, "export").stdout.lstrip("\ufeff")
    assert next(csv.reader(io.StringIO(zh)))[0] == "序号"


@pytest.mark.parametrize("args", [["show", "nothing-like-it"], ["diff", f"{LETTER_A}/7"]])
def test_id_errors_in_chinese(tree_root, args):
    r = run(tree_root, *args, "--lang", "zh")
    assert r.exit_code == 2
    first = r.stderr.splitlines()[0]
    assert first.startswith("错误：") and HAN.search(first), r.stderr


def test_import_and_init_in_chinese(tmp_path):
    from conftest import SEED_A, SEEDS

    root = tmp_path / "tree"
    r = runner.invoke(app, ["init", str(root), "--lang", "zh"], env=C_LOCALE)
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("新的台账树，位于 ") and "下一步，直到第一份简报：" in r.stdout
    (root / "seeds" / SEED_A).write_bytes((SEEDS / SEED_A).read_bytes())
    seed = str(root / "seeds" / SEED_A)
    imp = runner.invoke(
        app, ["import", seed, "--root", str(root)], env={**C_LOCALE, "LANG": "zh_CN.UTF-8"}
    )
    assert imp.exit_code == 0, imp.output
    assert "已新建，4 项承诺" in imp.stdout and "项目" in imp.stdout
    assert imp.stdout.rstrip().endswith("共 1 件答复函：已新建 1；4 项承诺")
    en = runner.invoke(
        app, ["import", seed, "--root", str(root), "--update", "--lang", "en"], env=C_LOCALE
    )
    assert en.stdout.rstrip().endswith("1 letter: 1 unchanged; 4 commitments")
