"""A new clerks' repository: the folders, config and CI files `tracker init` writes.

Every file is written only where nothing exists yet: when any of them is already there, nothing
is written at all and the error lists what exists.
"""

from __future__ import annotations

import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tracker.model import TrackerError
from tracker.store import atomic_write

# Where the tool is installed from, in the CI files: a placeholder the clerk replaces.
PACKAGE_PLACEHOLDER = "git+https://github.com/ORG/tracker@v0.1.0"

TRACKER_YAML = """\
# tracker.yaml: settings for this tree of commitments. Every key is optional.

# Bureaus that were renamed or merged: letters of names on one line are one issuer's letters,
# so `tracker diff` follows a commitment into the renamed bureau's later replies.
# Example:
#   successions:
#     - [广州市教育局, 广州市教育委员会]
successions: []
"""

GITIGNORE = """\
# tracker's caches (rebuilt on demand) and rendered output
.tracker-cache/
build/
_digest/
_site/
public/
"""

PRE_COMMIT = """\
# pre-commit (https://pre-commit.com): `pre-commit install` once, then every commit that touches
# commitments/, seeds/ or tracker.yaml runs `tracker validate --strict` first.
# repo: where tracker's source is published (replace ORG with the account or group that hosts
# it); rev: the tag of the version to use.
repos:
  - repo: https://github.com/ORG/tracker
    rev: v0.1.0
    hooks:
      - id: tracker-validate
"""

GITHUB_WORKFLOW = """\
# Weekly digest of the commitments: validate the tree, render the digest as Markdown and HTML,
# publish both as an artifact and commit them under digests/; build the browsable site and
# publish it to GitHub Pages (Settings → Pages → Source: GitHub Actions).
#
# TRACKER_PACKAGE below says where pip installs tracker from. Replace ORG with the GitHub account
# that hosts tracker's source and v0.1.0 with the tag to use; or give a wheel's URL.
name: digest

on:
  schedule:
    - cron: "0 1 * * 1"  # Mondays 01:00 UTC (09:00 in Beijing)
  workflow_dispatch:

permissions:
  contents: write  # commit the digests

concurrency:
  group: digest
  cancel-in-progress: false

env:
  TRACKER_PACKAGE: "{package}"
  DIGEST_LANG: zh

jobs:
  digest:
    runs-on: ubuntu-latest
    timeout-minutes: 20
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0  # the whole history: `--since last` needs the previous digest's commit

      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"

      - name: Install tracker
        id: install
        run: python -m pip install "$TRACKER_PACKAGE"

      - name: Validate the tree
        id: validate
        run: tracker validate --format github

      - name: Render the digest
        id: render
        run: |
          day=$(date -u +%F)
          mkdir -p _digest
          # --since last: what changed since the commit named by the newest digest in digests/
          tracker digest --format md --since last --lang "$DIGEST_LANG" --date "$day" -o "_digest/$day.md"
          tracker digest --format html --since last --lang "$DIGEST_LANG" --date "$day" -o "_digest/$day.html"
          echo "day=$day" >> "$GITHUB_OUTPUT"

      - name: Build the site
        id: site
        run: tracker site --lang "$DIGEST_LANG" --date "$(date -u +%F)" -o _site

      - name: Upload the site for GitHub Pages
        uses: actions/upload-pages-artifact@v3
        with:
          path: _site/

      - name: Upload the digest
        uses: actions/upload-artifact@v4
        with:
          name: digest-${{{{ steps.render.outputs.day }}}}
          path: _digest/
          if-no-files-found: error

      - name: Commit the digest under digests/
        id: commit
        run: |
          mkdir -p digests
          cp _digest/* digests/
          git add digests/
          if git diff --cached --quiet; then
            echo "digests/ is up to date"
            exit 0
          fi
          git -c user.name="tracker digest" -c user.email="tracker-digest@users.noreply.github.com" \\
            commit -q -m "Digest $(ls _digest | head -n 1 | cut -d. -f1)"
          git push || {{ git pull --rebase -q && git push; }}

  pages:
    needs: digest
    runs-on: ubuntu-latest
    timeout-minutes: 10
    permissions:
      pages: write  # publish the site
      id-token: write  # deploy-pages proves the run's identity to Pages
    environment:
      name: github-pages
      url: ${{{{ steps.deployment.outputs.page_url }}}}
    steps:
      - name: Publish the site
        id: deployment
        uses: actions/deploy-pages@v4
"""

GITLAB_CI = """\
# The weekly digest on GitLab, as a scheduled pipeline (CI/CD → Schedules).
# TRACKER_PACKAGE: where pip installs tracker from. Replace ORG with the account or group that
# hosts tracker's source and v0.1.0 with the tag to use; or give a wheel's URL.
# DIGEST_TOKEN: a project access token (scope write_repository, a role allowed to push to the
# branch), kept as a masked CI/CD variable; `-o ci.skip` keeps the push from starting a pipeline.
digest:
  image: python:3.11
  rules:
    - if: $CI_PIPELINE_SOURCE == "schedule"
  variables:
    GIT_DEPTH: 0                 # the whole history: `--since last` needs the previous digest's commit
    TRACKER_PACKAGE: "{package}"
    DIGEST_LANG: zh
  script:
    - python -m pip install "$TRACKER_PACKAGE"
    - tracker validate
    - day=$(date -u +%F)
    - mkdir -p _digest
    - tracker digest --format md --since last --lang "$DIGEST_LANG" --date "$day" -o "_digest/$day.md"
    - tracker digest --format html --since last --lang "$DIGEST_LANG" --date "$day" -o "_digest/$day.html"
    - tracker site --lang "$DIGEST_LANG" --date "$day" -o public   # GitLab Pages publishes public/
    - mkdir -p digests && cp _digest/* digests/
    - git add digests/
    - |
      if git diff --cached --quiet; then
        echo "digests/ is up to date"
      else
        remote="https://oauth2:${{DIGEST_TOKEN}}@${{CI_SERVER_HOST}}/${{CI_PROJECT_PATH}}.git"
        git -c user.name="tracker digest" -c user.email="tracker-digest@noreply.${{CI_SERVER_HOST}}" \\
          commit -q -m "Digest $day"
        git push -q -o ci.skip "$remote" "HEAD:$CI_COMMIT_BRANCH" || {{
          git fetch -q "$remote" "$CI_COMMIT_BRANCH" && git rebase -q FETCH_HEAD &&
          git push -q -o ci.skip "$remote" "HEAD:$CI_COMMIT_BRANCH"; }}
      fi
  artifacts:
    paths: [_digest/, public/]
    when: always                 # keep the digest even when the push fails
    expire_in: 90 days

pages:                           # GitLab Pages: publishes the public/ folder the digest job built
  stage: deploy
  needs: [digest]
  rules:
    - if: $CI_PIPELINE_SOURCE == "schedule"
  script: ["true"]
  artifacts:
    paths: [public/]
"""

README = """\
# Commitments

The promises (下一步工作) made in the reply letters to our deputies' suggestions and members'
proposals, one YAML file per commitment under `commitments/`, followed up with `tracker`.

## The clerk's loop

```sh
cp ~/letters/new-letter.txt seeds/            # 1. a reply letter's text (UTF-8 or GB18030)
tracker import seeds/new-letter.txt           #    -> commitments/<reply-id>/
tracker diff                                  # 2. what later letters say of earlier promises
tracker diff --write                          #    record the proposed verdicts and evidence
git diff commitments/                         # 3. review: correct status, add notes
tracker validate                              # 4. every problem, with file and line
git add -A && git commit -m "Import and follow up the new letters"   # 5.
tracker digest --format html -o build/digest.html                  # 6. the digest
```

- `seeds/`: the letters' text, never edited after import (validate warns when one changes).
- `commitments/<reply-id>/reply.yaml`: the letter's facts; `NN.yaml`: one commitment each.
- `tracker.yaml`: settings (renamed bureaus).
- `.github/workflows/digest.yml`, `.gitlab-ci.yml`: the weekly digest in CI; replace `ORG` in
  `TRACKER_PACKAGE` with where tracker is installed from.
- `.pre-commit-config.yaml`: `pre-commit install` runs `tracker validate --strict` before each
  commit.

`tracker --help` lists every command; `tracker COMMAND --help` shows its options with an example.
"""

GITKEEP = ""


def files(package: str = PACKAGE_PLACEHOLDER) -> dict[str, str]:
    """The files of a new tree, by path relative to its root, with their text."""
    return {
        "commitments/.gitkeep": GITKEEP,
        "seeds/.gitkeep": GITKEEP,
        "tracker.yaml": TRACKER_YAML,
        ".gitignore": GITIGNORE,
        ".pre-commit-config.yaml": PRE_COMMIT,
        ".github/workflows/digest.yml": GITHUB_WORKFLOW.format(package=package),
        ".gitlab-ci.yml": GITLAB_CI.format(package=package),
        "README.md": README,
    }


@dataclass(frozen=True)
class InitResult:
    """What `init` made: the root, the files written, and whether it ran `git init`."""

    root: Path
    written: tuple[str, ...]
    git_init: bool


class ExistsError(TrackerError):
    """`init` would overwrite files: none was written."""

    def __init__(self, root: Path, existing: list[str]) -> None:
        listing = "\n".join(f"  {root / rel}" for rel in existing)
        super().__init__(
            f"{root}: {len(existing)} file(s) already there, nothing was written:\n{listing}",
            "run `tracker init` in an empty folder, or move these files away first",
        )
        self.existing = existing


def _in_git(root: Path) -> bool:
    try:
        r = subprocess.run(
            ["git", "rev-parse", "--is-inside-work-tree"],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return False
    return r.returncode == 0 and r.stdout.strip() == "true"


def init_tree(root: Path) -> InitResult:
    """Write a new tree into `root` (made when missing); refuse if any of its files exists."""
    if root.exists() and not root.is_dir():
        raise TrackerError(f"{root}: not a folder", "give a folder to create the tree in")
    todo = files()
    existing = [rel for rel in todo if (root / rel).exists() or (root / rel).is_symlink()]
    # a file where the tree needs a folder (commitments, seeds, .github) is in the way too;
    # folders that exist already, with letters or records in them, are kept as they are
    for rel in todo:
        for parent in Path(rel).parents:
            p = root / parent
            if str(parent) != "." and p.exists() and not p.is_dir() and str(parent) not in existing:
                existing.append(str(parent))
    if existing:
        raise ExistsError(root, sorted(existing))
    root.mkdir(parents=True, exist_ok=True)
    for rel, text in todo.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, text.encode("utf-8"))
    made_git = False
    if not _in_git(root):
        try:
            subprocess.run(
                ["git", "init", "-q"], cwd=root, check=True, capture_output=True, text=True
            )
            made_git = True
        except (OSError, subprocess.CalledProcessError) as e:
            detail = getattr(e, "stderr", None) or str(e)
            raise TrackerError(
                f"{root}: the files were written but `git init` failed: {detail.strip()}",
                "install git, then run `git init` in the folder",
            ) from None
    return InitResult(root, tuple(todo), made_git)


def next_steps(result: InitResult, shown_root: str) -> list[str]:
    """The commands that lead from a new tree to a first digest."""
    cd = [f"cd {shlex.quote(shown_root)}"] if shown_root not in (".", "") else []
    return [
        *cd,
        "cp /path/to/letter.txt seeds/   # a reply letter's text",
        "tracker import seeds/*.txt",
        "tracker validate",
        'git add -A && git commit -m "First letters"',
        "tracker digest --format html -o build/digest.html",
    ]
