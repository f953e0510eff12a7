"""`tracker init`, the README's quick start for a tree of one's own, the version, completion,
and the wheel `make dist` builds."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import PROJECT, SEED_A, SEEDS, git_env, init_repo
from typer.testing import CliRunner

from tracker.cli import app

runner = CliRunner()
BIN = Path(sys.executable).parent

NEW_FILES = [
    "commitments/.gitkeep",
    "seeds/.gitkeep",
    "tracker.yaml",
    ".gitignore",
    ".pre-commit-config.yaml",
    ".github/workflows/digest.yml",
    ".gitlab-ci.yml",
    "README.md",
]


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = git_env()
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run(
        [str(BIN / "tracker"), *args], cwd=cwd, env=env, capture_output=True, text=True
    )


def test_init_writes_a_tree_that_validates(tmp_path):
    root = tmp_path / "replies"
    r = _run("init", str(root), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    for rel in NEW_FILES:
        assert (root / rel).is_file(), rel
    assert (root / ".git").is_dir()  # git init
    # the next steps lead to a first digest
    assert f"cd {root}" in r.stdout
    for step in ("tracker import seeds/", "tracker validate", "git commit", "tracker digest"):
        assert step in r.stdout
    v = _run("validate", "--strict", cwd=root)
    assert v.returncode == 0, v.stdout + v.stderr
    assert "0 commitments in 0 letters: 0 errors, 0 warnings" in v.stdout
    # the tree's config is read by the tool as it is written, comments and all
    from tracker.issuers import load_config

    assert load_config(root).successions == ()
    text = (root / "tracker.yaml").read_text(encoding="utf-8")
    assert "# " in text and "successions:" in text
    assert ".tracker-cache/" in (root / ".gitignore").read_text(encoding="utf-8")
    hook = (root / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert "id: tracker-validate" in hook
    # the CI recipes install the tool from a placeholder that says what to put there
    for rel in (".github/workflows/digest.yml", ".gitlab-ci.yml"):
        ci = (root / rel).read_text(encoding="utf-8")
        assert 'TRACKER_PACKAGE: "git+https://github.com/ORG/tracker@v0.1.0"' in ci
        assert "Replace ORG" in ci
        assert "tracker digest --format md --since last" in ci


def test_ci_recipes_parse_as_yaml(tmp_path):
    import yaml

    runner.invoke(app, ["init", str(tmp_path)])
    wf = yaml.safe_load((tmp_path / ".github/workflows/digest.yml").read_text(encoding="utf-8"))
    steps = [s.get("run", "") for s in wf["jobs"]["digest"]["steps"]]
    assert any("pip install" in s for s in steps) and any("tracker validate" in s for s in steps)
    gl = yaml.safe_load((tmp_path / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert gl["digest"]["variables"]["TRACKER_PACKAGE"].startswith("git+https://")
    hook_ids = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    pc = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert pc["repos"][0]["hooks"][0]["id"] in {h["id"] for h in hook_ids}


def test_the_workflow_is_the_projects_own_with_an_installed_tool(tmp_path):
    """The clerks' workflow runs the same jobs as .github/workflows/digest.yml (which
    tests/test_workflow.py runs); only where tracker is installed from differs."""
    import yaml

    runner.invoke(app, ["init", str(tmp_path)])
    ours = yaml.safe_load((PROJECT / ".github/workflows/digest.yml").read_text(encoding="utf-8"))
    theirs = yaml.safe_load((tmp_path / ".github/workflows/digest.yml").read_text(encoding="utf-8"))
    assert ours["env"]["TRACKER_PACKAGE"] == "."  # this source tree
    assert theirs["env"].pop("TRACKER_PACKAGE") == "git+https://github.com/ORG/tracker@v0.1.0"
    ours["env"].pop("TRACKER_PACKAGE")
    assert theirs == ours


def test_init_inside_a_repository_does_not_make_another(tmp_path):
    init_repo(tmp_path)
    r = _run("init", "sub", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert not (tmp_path / "sub" / ".git").exists()
    assert "git init" not in r.stdout.split("next steps")[0]


def test_init_refuses_to_overwrite_and_lists_what_exists(tmp_path):
    (tmp_path / "README.md").write_text("our own notes\n", encoding="utf-8")
    (tmp_path / "tracker.yaml").write_text("successions: []\n", encoding="utf-8")
    r = runner.invoke(app, ["init", str(tmp_path)])
    assert r.exit_code == 1
    assert f"{tmp_path / 'README.md'}" in r.stderr
    assert f"{tmp_path / 'tracker.yaml'}" in r.stderr
    assert "nothing was written" in r.stderr
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "our own notes\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["README.md", "tracker.yaml"]
    # a second init over a new tree refuses too, naming every file
    fresh = tmp_path / "fresh"
    assert runner.invoke(app, ["init", str(fresh)]).exit_code == 0
    again = runner.invoke(app, ["init", str(fresh)])
    assert again.exit_code == 1
    for rel in NEW_FILES:
        assert str(fresh / rel) in again.stderr


def test_init_keeps_letters_already_in_seeds(tmp_path):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_text("信\n", encoding="utf-8")
    r = runner.invoke(app, ["init", str(tmp_path)])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "seeds" / "a.txt").read_text(encoding="utf-8") == "信\n"


def test_init_where_a_file_stands_in_the_way(tmp_path):
    (tmp_path / "commitments").write_text("", encoding="utf-8")
    r = runner.invoke(app, ["init", str(tmp_path)])
    assert r.exit_code == 1 and str(tmp_path / "commitments") in r.stderr
    assert not (tmp_path / "tracker.yaml").exists()


def _quick_start() -> list[str]:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- quick-start -->\n```sh\n(.*?)```\n<!-- /quick-start -->", readme, re.S)
    assert block, "README.md has no quick start between <!-- quick-start --> markers"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_readme_quick_start_runs_as_written(tmp_path):
    """init, import a letter, validate, commit, digest: the README's lines, in a shell."""
    lines = _quick_start()
    assert any(line.startswith("tracker init ") for line in lines)
    letter = tmp_path / "letters" / SEED_A
    letter.parent.mkdir()
    letter.write_bytes((SEEDS / SEED_A).read_bytes())
    script = "set -e\n" + "\n".join(
        line.replace("/path/to/letter.txt", str(letter)) for line in lines
    )
    assert str(letter) in script  # the one placeholder the test fills in
    env = git_env()
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env.pop("TRACKER_ROOT", None)
    r = subprocess.run(
        ["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert r.returncode == 0, r.stdout + r.stderr
    tree = tmp_path / "bureau-replies"
    assert len(list((tree / "commitments").glob("*/reply.yaml"))) == 1
    assert len(list((tree / "commitments").glob("*/0*.yaml"))) >= 1
    log = subprocess.run(
        ["git", "log", "--oneline"], cwd=tree, env=env, capture_output=True, text=True
    )
    assert log.stdout.count("\n") == 1
    html = (tree / "build" / "digest.html").read_text(encoding="utf-8")
    assert "广州市教育局" in html
    # the digest names the commit it describes
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=tree, env=env, capture_output=True, text=True
    ).stdout.strip()
    assert head[:7] in html
    # build/ is ignored: the tree stays clean after the digest
    st = subprocess.run(
        ["git", "status", "--porcelain"], cwd=tree, env=env, capture_output=True, text=True
    )
    assert st.stdout == ""


def test_version_is_the_package_metadata():
    from importlib.metadata import version

    for flag in ("--version", "-V"):
        r = runner.invoke(app, [flag])
        assert r.exit_code == 0
        assert r.stdout == f"tracker {version('tracker')}\n"


def test_version_loads_nothing_heavy():
    code = (
        "import sys\n"
        "sys.argv=['tracker','--version']\n"
        "from tracker.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy={'jieba','opencc','jinja2','git','ruamel','openpyxl','yaml','rich'}\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[0].startswith("tracker ")
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_show_completion_for_bash(monkeypatch):
    # the shell named on the command line, not detected from the process tree
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    r = runner.invoke(app, ["--show-completion", "bash"])
    assert r.exit_code == 0, r.output
    assert "complete -o default -F _tracker_completion tracker" in r.stdout
    assert "_TRACKER_COMPLETE=complete_bash" in r.stdout


def test_completion_script_and_completions_from_the_program(tmp_path):
    env = {**os.environ, "_TRACKER_COMPLETE": "source_bash"}
    r = subprocess.run([str(BIN / "tracker")], env=env, capture_output=True, text=True)
    assert r.returncode == 0 and "_tracker_completion()" in r.stdout
    # the script's own call: complete `tracker dig`
    env = {
        **os.environ,
        "_TRACKER_COMPLETE": "complete_bash",
        "COMP_WORDS": "tracker dig",
        "COMP_CWORD": "1",
    }
    r = subprocess.run([str(BIN / "tracker")], env=env, capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.split() == ["digest"]


def test_help_lists_completion_options():
    r = runner.invoke(app, ["--help"])
    assert "--install-completion" in r.stdout and "--show-completion" in r.stdout


@pytest.mark.slow
def test_wheel_holds_the_templates(tmp_path):
    """The wheel `make dist` builds (python -m build, the same call) carries the digest and site templates (slow-ish: a build)."""
    # built from a copy of the sources, so the build leaves nothing in the checkout
    src = tmp_path / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(PROJECT / "tracker", src / "tracker", symlinks=True, ignore=ignore)
    shutil.copytree(PROJECT / "templates", src / "templates", ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(PROJECT / name, src / name)
    out = tmp_path / "dist"
    r = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(src)],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr
    (wheel,) = out.glob("tracker-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for t in ("digest.md.j2", "digest.html.j2"):
        assert f"tracker/templates/{t}" in names
    site = {n for n in names if n.startswith("tracker/templates/site/")}
    expected = {
        f"tracker/templates/site/{p.name}" for p in (PROJECT / "templates" / "site").iterdir()
    }
    assert expected and expected <= site
    assert "tracker/scaffold.py" in names and "tracker/commands/init.py" in names
