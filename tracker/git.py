"""git, run as a subprocess: the one place that launches it, with one environment and one
mapping of its failures to the project's errors.

gitpython still finds the repository (its top, its common dir) in `tracker.history`; every git
command itself runs here. Why: see docs/design.md ("One git module").
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from tracker.model import TrackerError

EXE = "git"
# Reading never writes: no optional locks (`git status` would refresh .git/index), and git's
# messages in one language so that a refusal is recognised.
_ENV_OVERRIDES = {"GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
# Before the subcommand: paths as they are (no quoting, no pathspec magic), no signatures in logs.
_OPTIONS = (
    "--no-optional-locks",
    "-c",
    "core.quotePath=false",
    "-c",
    "log.showSignature=false",
)
LITERAL = "--literal-pathspecs"

Process = subprocess.Popen[bytes]


class NoHistory(TrackerError):
    """The tree is not in a git repository (or git cannot be run), so there is no history."""


class UnsafeRepository(NoHistory):
    """git refuses to read the repository: it belongs to another user (git's safe.directory)."""


def env() -> dict[str, str]:
    """The environment every git command runs in."""
    return {**os.environ, **_ENV_OVERRIDES}


def _argv(where: Path, args: tuple[str, ...], literal: bool) -> list[str]:
    return [EXE, "-C", str(where), *_OPTIONS, *([LITERAL] if literal else []), *args]


def spawn(where: Path, *args: str, literal: bool = False, stdin: bool = False) -> Process | None:
    """git started in `where`, its output read later (None: git cannot be run)."""
    try:
        return subprocess.Popen(
            _argv(where, args, literal),
            stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env(),
        )
    except OSError:
        return None


def output(p: Process | None, ok: tuple[int, ...] = (0,)) -> bytes | None:
    """The output of a spawned command, None when it could not run or exited otherwise."""
    if p is None:
        return None
    out, _ = p.communicate()
    return out if p.returncode in ok else None


def quiet(
    where: Path, *args: str, literal: bool = False, feed: bytes | None = None
) -> bytes | None:
    """The output of one git command, None when it failed for any reason."""
    try:
        p = subprocess.run(
            _argv(where, args, literal),
            input=feed,
            stdin=None if feed is not None else subprocess.DEVNULL,
            capture_output=True,
            env=env(),
        )
    except OSError:
        return None
    return p.stdout if p.returncode == 0 else None


def run(where: Path, *args: str, literal: bool = False) -> bytes:
    """The output of one git command; its failure raised as the project's error."""
    try:
        p = subprocess.run(
            _argv(where, args, literal),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            env=env(),
        )
    except OSError:
        raise NoHistory("no history: git cannot be run here", "install git") from None
    if p.returncode == 0:
        return p.stdout
    stderr = p.stderr.decode("utf-8", "replace")
    refused = refusal(stderr, where)
    if refused is not None:
        raise refused
    said = stderr.strip()
    raise TrackerError(f"git {args[0]} failed: {said or p.returncode}")


def refusal(stderr: str, where: Path | str) -> UnsafeRepository | None:
    """The error to report when git's answer is its refusal of a repository owned by another
    user ("detected dubious ownership"), else None."""
    if "dubious ownership" not in stderr:
        return None
    line = next(line for line in stderr.splitlines() if "dubious ownership" in line)
    said = line[line.index("dubious ownership") :].strip()
    if said.count("'") % 2 and said.endswith("'"):  # a quote left around git's answer
        said = said[:-1]
    said = "detected " + said if "detected " + said in line else said
    m = re.search(r"repository at '([^']*)'", said)
    repo = m.group(1) if m else str(where)
    return UnsafeRepository(
        f"git refuses to read the repository: {said} (it belongs to another user)",
        f"if you trust it, run `git config --global --add safe.directory {repo}`, "
        "then run the command again",
    )


def git_refusal(root: Path) -> UnsafeRepository | None:
    """git's refusal of the repository holding `root` (owned by another user), or None."""
    try:
        p = subprocess.run(
            [EXE, "-C", str(root), "rev-parse", "--git-dir"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=30,
            env=env(),
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return refusal(p.stderr.decode("utf-8", "replace"), root) if p.returncode else None
