"""Messages under --lang zh: git's as status, log, show and digest tell them (a shallow clone, a
repository git refuses by safe.directory, no commits yet, no repository at all), status's
--fail-on, and site's warnings and summary line."""

from __future__ import annotations

from pathlib import Path

from conftest import LETTER_A, SEED_A, GitRepo, init_repo, make_tree, shallow_clone
from typer.testing import CliRunner

from tracker.cli import app

runner = CliRunner()
ENV = {"COLUMNS": "200", "NO_COLOR": "1", "LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}


def run(root: Path, *args: str, env: dict[str, str] | None = None):
    r = runner.invoke(app, [*args, "--root", str(root), "--lang", "zh"], env=ENV | (env or {}))
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    return r


def test_a_repository_git_refuses_in_chinese(git_repo: GitRepo):
    root = git_repo.root
    refused = {"GIT_TEST_ASSUME_DIFFERENT_OWNER": "1"}  # git >= 2.35.2 honours it
    hint = f"  提示：如果信任该仓库，运行 `git config --global --add safe.directory {root}`，然后重新运行命令"
    for args in (["status"], ["digest"]):
        r = run(root, *args, env=refused)
        assert r.exit_code == 0, r.output
        lines = r.stderr.splitlines()
        assert lines[0].startswith(
            "注意：git 拒绝读取该仓库（它属于另一个用户），git 的原话：「"
        ), lines
        assert "dubious ownership" in lines[0]
        assert lines[1] == hint, lines


def test_a_shallow_clone_in_chinese(git_repo: GitRepo, tmp_path):
    clone = shallow_clone(git_repo, tmp_path / "shallow")
    want = "注意：这是浅克隆：2025-12-15 之前的历史缺失；运行 `git fetch --unshallow` 获取完整历史"
    r = run(clone, "status", "--changed-since", "HEAD~1")
    assert r.exit_code == 0, r.output
    assert want in r.stderr.splitlines(), r.stderr
    r = run(clone, "log")
    assert r.exit_code == 0, r.output
    assert want in r.stderr.splitlines(), r.stderr


def test_no_commits_yet_in_chinese(tmp_path):
    repo = init_repo(tmp_path / "new")
    make_tree(repo.root)
    r = run(repo.root, "status", "--changed-since", "HEAD")
    assert r.exit_code == 1, r.output
    assert r.stderr.splitlines() == ["错误：仓库还没有任何提交", "  提示：先提交台账树"]


def test_no_repository_in_chinese(tree_root):
    r = run(tree_root, "log")
    assert r.exit_code == 0, r.output
    assert r.stderr.splitlines() == [
        f"注意：没有历史：{tree_root} 不在 git 仓库中（运行 `git init` 并提交台账树，以保留其历史）"
    ]
    r = run(tree_root, "show", f"{LETTER_A}/01")
    assert r.exit_code == 0, r.output
    assert f"  没有历史：{tree_root} 不在 git 仓库中" in r.stdout.splitlines(), r.stdout


def test_fail_on_in_chinese(tree_root):
    r = run(tree_root, "status", "--fail-on", "pending,done")
    assert r.exit_code == 1, r.output
    assert r.stderr.splitlines() == ["错误：6 项承诺的状态属于 --fail-on 所列：待跟进 6"]
    r = run(tree_root, "status", "--fail-on", "pending", "--status", "pending", "--issuer", "x")
    assert r.exit_code == 0, r.output
    r = run(tree_root, "status", "--fail-on", "donee")
    assert r.exit_code == 2, r.output
    assert "错误" in r.stderr and "donee" in r.stderr, r.stderr


def test_site_in_chinese(tmp_path):
    root = make_tree(tmp_path / "tree")
    (root / "seeds" / SEED_A).unlink()  # the letter's page cannot quote it
    out = tmp_path / "site"
    args = ["site", "-o", str(out), "--root", str(root)]
    r = runner.invoke(app, [*args, "--lang", "zh"], env=ENV)
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines() == [
        f"站点：{out / 'index.html'}（共 16 个文件：写入 16 个，未变 0 个，删除 0 个）"
    ]
    assert r.stderr.splitlines() == [
        f"警告：commitments/{LETTER_A}/reply.yaml：来源答复函 seeds/{SEED_A} 无法读取"
    ]
    r = runner.invoke(app, args, env=ENV)  # the pages in Chinese, the messages as ever
    assert r.stdout.splitlines() == [
        f"site: {out / 'index.html'} (16 files: 0 written, 16 unchanged, 0 removed)"
    ]
