"""The scheduled digest job (.github/workflows/digest.yml) run for real, so the workflow does not rot.

The `run:` steps are read out of the YAML and run with bash, in order, as GitHub runs them, in a
clone (full history, as the checkout step makes it) of a throw-away repository with an `origin`
to push to. The `uses:` steps are GitHub's own actions; their settings are checked instead.
The install step is left out: the test runs the tracker installed in this environment.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import git, git_env
from test_digest import GZ23, LZ24, history_repo

from tracker import store

WORKFLOW = Path(__file__).resolve().parent.parent / ".github" / "workflows" / "digest.yml"
RUN_STEPS = ["install", "validate", "render", "site", "commit"]


def load() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps() -> list[dict]:
    return load()["jobs"]["digest"]["steps"]


def test_triggers_and_settings():
    wf = load()
    on = wf.get("on", wf.get(True))  # YAML 1.1 reads the key `on` as true
    assert on["schedule"][0]["cron"] == "0 1 * * 1"
    assert "workflow_dispatch" in on
    assert wf["permissions"] == {"contents": "write"}
    uses = {s["uses"].split("@")[0]: s.get("with", {}) for s in steps() if "uses" in s}
    assert uses["actions/checkout"]["fetch-depth"] == 0
    assert uses["actions/setup-python"]["python-version"] == "3.11"
    assert uses["actions/upload-artifact"]["path"] == "_digest/"
    assert uses["actions/upload-pages-artifact"]["path"] == "_site/"
    pages = wf["jobs"]["pages"]
    assert pages["needs"] == "digest" and pages["environment"]["name"] == "github-pages"
    assert pages["permissions"] == {"pages": "write", "id-token": "write"}
    assert pages["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_run_steps_are_plain_shell():
    run = [s for s in steps() if "run" in s]
    assert [s.get("id") for s in run] == RUN_STEPS, (
        "a run step was added or renamed: update this test"
    )
    for s in run:
        assert "${{" not in s["run"], (
            f"step {s['id']}: put expressions in env:, the test runs this text"
        )
    names = [s.get("id") or s["uses"].split("@")[0] for s in steps()]
    # the artifact is uploaded before the commit, so a failed push still leaves the digest
    assert names.index("actions/upload-artifact") < names.index("commit")


def run_job(workdir: Path, tmp: Path) -> list[str]:
    """Run the workflow's `run:` steps in `workdir` as the runner would; return their outputs."""
    wf = load()
    bindir = str(Path(sys.executable).parent)  # where `tracker` is installed
    # like a runner: no identity of its own (the commit step gives one), no user git config
    env = {k: v for k, v in git_env(when=None).items() if not k.endswith(("_NAME", "_EMAIL"))}
    env["LC_ALL"] = "C"  # the runner's locale: the tool speaks its default language
    env.update({k: str(v) for k, v in wf.get("env", {}).items()})
    env.update(
        PATH=f"{bindir}{os.pathsep}{os.environ['PATH']}",
        GITHUB_OUTPUT=str(tmp / "output"),
        CI="true",
        COLUMNS="100",
    )
    outputs = []
    for s in steps():
        if "run" not in s or s["id"] == "install":
            continue
        r = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", s["run"]],
            cwd=workdir,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert r.returncode == 0, f"step {s['id']} failed:\n{r.stdout}\n{r.stderr}"
        outputs.append(r.stdout + r.stderr)
    return outputs


@pytest.fixture
def origin(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A bare repository holding the fixture's history, as GitHub would."""
    src = tmp_path / "src"
    shas = history_repo(src)
    bare = tmp_path / "origin.git"
    git(tmp_path, "clone", "-q", "--bare", str(src), str(bare))
    return bare, shas


def checkout(origin: Path, dest: Path) -> Path:
    """The checkout step with fetch-depth: 0."""
    git(origin.parent, "clone", "-q", str(origin), str(dest))
    return dest


def test_two_scheduled_runs(origin, tmp_path):
    bare, shas = origin

    # first run: no earlier digest, so the whole history
    ci = checkout(bare, tmp_path / "run1")
    out = run_job(ci, tmp_path)
    assert "::error" not in out[0]
    # the fixture keeps two of its 2025 letter's eight items: the one warning validate gives
    warnings = [line for line in out[0].splitlines() if line.startswith("::warning")]
    assert [w.split("::")[1] for w in warnings] == [
        "warning file=commitments/gz-edu-2025-ta4154/reply.yaml,line=28,col=12"
    ]
    day = (tmp_path / "output").read_text().strip().removeprefix("day=")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", day)
    assert sorted(p.name for p in (ci / "_digest").iterdir()) == [f"{day}.html", f"{day}.md"]
    assert "首期简报：以下为全部历史。" in (ci / "_site" / "index.html").read_text(encoding="utf-8")
    pushed = git(bare, "show", f"main:digests/{day}.md")
    assert "首期简报：以下为全部历史。" in pushed
    assert f"tracker-digest commit={shas['second-pass']} date={day}" in pushed
    assert git(bare, "show", f"main:digests/{day}.html").startswith("<!DOCTYPE html>")
    assert (
        git(bare, "log", "-1", "--format=%an|%s", "main").strip() == f"tracker digest|Digest {day}"
    )

    # a clerk records a change and pushes it
    clerk = checkout(bare, tmp_path / "clerk")
    c = store.load_tree(clerk).commitments[f"{LZ24}/01"]
    store.record_evidence(clerk, c, [], status="dropped")
    clerk_li = ("李文书", "li@example.org")
    git(clerk, "commit", "-qam", "No word on 01 in the 2025 letter", author=clerk_li, when=None)
    git(clerk, "push", "-q", "origin", "main", author=clerk_li, when=None)
    change = git(clerk, "rev-parse", "HEAD").strip()

    # second run: exactly what changed since the first
    ci2 = checkout(bare, tmp_path / "run2")
    (tmp_path / "output").unlink()
    run_job(ci2, tmp_path)
    md = git(bare, "show", f"main:digests/{day}.md")
    changes = md.split("## 本期变化")[1].split("\n## ")[0]
    assert f"自上期简报（提交 {shas['second-pass'][:7]}，{day}）以来：" in changes
    assert re.findall(r"^- .*$", changes, re.M) == [
        f"- {git(clerk, 'log', '-1', '--format=%as').strip()} {LZ24}/01 状态：待跟进 → 未再提及"
        f"（李文书，{change[:7]}）"
    ]
    assert f"{GZ23}/01" not in changes
    assert f"tracker-digest commit={change}" in md

    # a third run with nothing new says so
    ci3 = checkout(bare, tmp_path / "run3")
    run_job(ci3, tmp_path)
    md = git(bare, "show", f"main:digests/{day}.md")
    assert f"自上期简报（提交 {change[:7]}，{day}）以来：\n\n本期无变化。" in md


def test_invalid_tree_stops_the_job(origin, tmp_path):
    bare, _ = origin
    ci = checkout(bare, tmp_path / "run")
    path = ci / "commitments" / GZ23 / "01.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("status: in_progress", "status: donee"),
        encoding="utf-8",
    )
    with pytest.raises(AssertionError, match="step validate failed"):
        run_job(ci, tmp_path)
    assert not (ci / "_digest").exists()


def test_a_rerun_with_nothing_new_commits_nothing(origin, tmp_path):
    """The digest names the last commit that changed the data, not the digest commit before it,
    so running the job again the same day leaves digests/ as it is."""
    bare, shas = origin
    for n in (1, 2):
        (tmp_path / "output").unlink(missing_ok=True)
        run_job(checkout(bare, tmp_path / f"run{n}"), tmp_path)
    before = git(bare, "rev-list", "--count", "main").strip()
    (tmp_path / "output").unlink(missing_ok=True)
    out = run_job(checkout(bare, tmp_path / "run3"), tmp_path)
    assert git(bare, "rev-list", "--count", "main").strip() == before
    assert "digests/ is up to date" in "".join(out)
    day = (tmp_path / "output").read_text().strip().removeprefix("day=")
    assert f"tracker-digest commit={shas['second-pass']} date={day}" in git(
        bare, "show", f"main:digests/{day}.md"
    )
