"""Nothing is lost: interrupted writes leave the old file or the new one, and the commands that
write (`diff --write`, `import --update`) never change a byte of what a clerk wrote.
"""

from __future__ import annotations

import difflib
import errno
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import Shape, make_tree
from typer.testing import CliRunner

from tracker import store
from tracker.cli import app
from tracker.model import TrackerError

A = "commitments/gz-edu-2023-ta5020"
runner = CliRunner()
OLD = b"id: old\n" + b"# old bytes\n" * 2000
NEW = b"id: new\n" + b"# new bytes\n" * 3000


def temps(folder: Path) -> list[str]:
    """Temporary files of atomic_write left in a folder."""
    return sorted(
        p.name for p in folder.iterdir() if p.name.startswith(".") and p.name.endswith(".tmp")
    )


# --- failures inside atomic_write, at every step ---------------------------------------------------


class _Boom(Exception):
    pass


def _fail_at(monkeypatch, step: str, exc: BaseException) -> None:
    """Make atomic_write fail at one step: while writing, at fsync, at chmod, or at the rename."""
    if step == "write":
        real_fdopen = os.fdopen

        class HalfWriter:
            def __init__(self, f: Any) -> None:
                self.f = f

            def write(self, data: bytes) -> int:
                self.f.write(data[: len(data) // 2])  # half the bytes reach the disk, then it fails
                self.f.flush()
                raise exc

            def __getattr__(self, name: str) -> Any:
                return getattr(self.f, name)

            def __enter__(self) -> HalfWriter:
                return self

            def __exit__(self, *a: Any) -> None:
                self.f.close()

        monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: HalfWriter(real_fdopen(fd, *a, **k)))
        return

    def boom(*a: Any, **k: Any) -> None:
        raise exc

    monkeypatch.setattr(os, {"fsync": "fsync", "chmod": "chmod", "replace": "replace"}[step], boom)


STEPS = ["write", "fsync", "chmod", "replace"]
ERRORS = [
    OSError(errno.ENOSPC, "No space left on device"),
    KeyboardInterrupt(),
    _Boom("after the temp file"),
]


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("exc", ERRORS, ids=["disk full", "ctrl-c", "any exception"])
@pytest.mark.parametrize("existing", [True, False], ids=["replacing a file", "creating a file"])
def test_failed_write_leaves_the_old_file_and_no_temp(tmp_path, monkeypatch, step, exc, existing):
    target = tmp_path / "01.yaml"
    if existing:
        target.write_bytes(OLD)
    _fail_at(monkeypatch, step, exc)
    with pytest.raises(type(exc)):
        store.atomic_write(target, NEW)
    monkeypatch.undo()
    if existing:
        assert target.read_bytes() == OLD
    else:
        assert not target.exists()
    assert temps(tmp_path) == []


def test_write_keeps_the_file_mode(tmp_path):
    target = tmp_path / "01.yaml"
    target.write_bytes(OLD)
    target.chmod(0o640)
    store.atomic_write(target, NEW)
    assert target.read_bytes() == NEW and target.stat().st_mode & 0o777 == 0o640


def test_update_that_fails_midway_changes_nothing(tmp_path, monkeypatch):
    root = make_tree(tmp_path / "tree", shape=Shape.SMALL)
    path = root / A / "01.yaml"
    before = path.read_bytes()
    c = store.load_tree(root).commitments["gz-edu-2023-ta5020/01"]
    monkeypatch.setattr(
        os, "replace", lambda *a: (_ for _ in ()).throw(OSError(errno.EIO, "I/O error"))
    )
    with pytest.raises(OSError):
        store.record_evidence(root, c, [], status="done")
    assert path.read_bytes() == before
    assert temps(path.parent) == []


@pytest.mark.parametrize(
    "bad,message",
    [
        ("<<<<<<< HEAD\n", "merge-conflict marker"),
        ("status: done\n", "duplicate key 'status'"),
        ("\t- x\n", "tab used for indentation"),
    ],
)
def test_a_file_that_does_not_read_cleanly_is_never_updated(tmp_path, bad, message):
    root = make_tree(tmp_path / "tree", shape=Shape.SMALL)
    path = root / A / "01.yaml"
    c = store.load_tree(root).commitments["gz-edu-2023-ta5020/01"]
    path.write_bytes(path.read_bytes() + bad.encode())
    before = path.read_bytes()
    with pytest.raises(TrackerError, match=f"^{A}/01.yaml:12:1: {message}.*; not updated$"):
        store.record_evidence(root, c, [], status="done")
    assert path.read_bytes() == before


def test_disk_full_during_diff_write_is_a_message(tmp_path, monkeypatch):
    root = make_tree(tmp_path / "tree", shape=Shape.SMALL)
    before = {p: p.read_bytes() for p in (root / "commitments").rglob("*.yaml")}

    def full(*a: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(a[1]))

    monkeypatch.setattr(os, "replace", full)
    r = runner.invoke(
        app, ["diff", "--root", str(root), "--write"], env={"COLUMNS": "200", "NO_COLOR": "1"}
    )
    monkeypatch.undo()
    assert r.exit_code == 1
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    assert "No space left on device" in r.stderr
    assert "Traceback" not in r.output
    assert {p: p.read_bytes() for p in (root / "commitments").rglob("*.yaml")} == before
    assert all(temps(p.parent) == [] for p in before)


# --- a process killed in the middle of a write -----------------------------------------------------

CHILD_PAUSE = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    from tracker import store
    real_fsync = os.fsync
    def fsync(fd):
        real_fsync(fd)
        print("temp written", flush=True)
        time.sleep(60)
    os.fsync = fsync
    store.atomic_write(Path(sys.argv[1]), b"id: new\\n" * 50000)
""")

CHILD_LOOP = textwrap.dedent("""
    import sys
    from pathlib import Path
    from tracker import store
    target = Path(sys.argv[1])
    a = b"id: a\\n" + b"# a\\n" * 400000
    b = b"id: b\\n" + b"# b\\n" * 300000
    print("ready", flush=True)
    i = 0
    while True:
        store.atomic_write(target, a if i % 2 else b)
        i += 1
""")


def _child(code: str, target: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", code, str(target)], stdout=subprocess.PIPE, text=True
    )


def test_killed_after_the_temp_file_is_written(tmp_path):
    root = make_tree(tmp_path / "tree", shape=Shape.SMALL)
    target = root / A / "01.yaml"
    old = target.read_bytes()
    child = _child(CHILD_PAUSE, target)
    assert child.stdout is not None and child.stdout.readline().strip() == "temp written"
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert target.read_bytes() == old  # the old file, whole
    left = temps(target.parent)
    assert len(left) == 1 and left[0].startswith(f".01.yaml.{child.pid}.")  # what the kill left
    # readers never read the temporary file; they name it, as a file that is not part of the tree
    tree = store.load_tree(root, cache=False)
    assert len(tree.commitments) == 2
    assert [(p.path, p.level.value, p.message) for p in tree.problems] == [
        (f"{A}/{left[0]}", "warning", "a write that did not finish left this file; it is not read")
    ]
    code = runner.invoke(app, ["validate", "--root", str(root)]).exit_code
    assert code == 0
    # the next write of that file clears what the dead writer left
    c = tree.commitments["gz-edu-2023-ta5020/01"]
    assert store.record_evidence(root, c, [], status="done")
    assert temps(target.parent) == []


def test_killed_at_random_moments(tmp_path):
    """Kill a process rewriting a file over and over: the file is always one whole version."""
    target = tmp_path / "01.yaml"
    target.write_bytes(OLD)
    versions = {OLD, b"id: a\n" + b"# a\n" * 400000, b"id: b\n" + b"# b\n" * 300000}
    rng = random.Random(7)
    mid_write = 0
    for _ in range(8):
        child = _child(CHILD_LOOP, target)
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.08))
        child.send_signal(signal.SIGKILL)
        child.wait()
        assert target.read_bytes() in versions
        mid_write += bool(temps(tmp_path))
        store.atomic_write(tmp_path / "other.yaml", b"x: 1\n")  # a write elsewhere leaves them be
        store.atomic_write(target, target.read_bytes())  # the next write of the file sweeps them
        assert temps(tmp_path) == []
    # most kills land while a temporary file is open: the test exercises the middle of a write
    assert mid_write >= 1


# --- clerk-owned fields survive `diff --write` and `import --update`, byte for byte ----------------

CLERK_FILE = """\
# 承办：市教育局思政处（手工维护）
id: gz-edu-2023-ta5020/03
reply: gz-edu-2023-ta5020
area: "强化专业队伍建设"
text: "推进全市中小学100%配齐专职心理教师;"
lines: [36, 36]

# ---- 以下由承办人填写 ----
status: in_progress    # 2025-12 电话核实
status_note: |
  已与市教育局电话核实：
    专职心理教师配备率 96%，
  余下学校 2026 年春季学期前配齐。
owners: [ 市教育局 ,各区教育局]   # 牵头 + 配合
due: 2026-03-01
tags:
  - 师资   # 重点
  - "队伍建设"
evidence:
  # 2025 年答复函的进展（人工确认）
  - reply: gz-edu-2025-ta4154
    section: progress
    line: 8
    quote: 2023年以来,全市中小学校100%完成“专职心理教师配备、落实心理健康教育课、建设标准化心理辅导室、教师全员心理健康教育培训”四项基础性工作。
    verdict: done
    score: 0.9
    confirmed: true    # 李娜 2025-12-15
# 文件结束
"""

PENDING_FILE_EDITS = [
    ("status_note: null", "status_note: 待区里回复   # 跟进中"),
    ("owners: []", "owners:\n  - 市教育局\n  - 市民政局"),
    ("due: null", "due: 2025-12-31"),
    ("tags: []", "tags: [社工, 家校]"),
]

CLERK_KEYS = ("status", "status_note", "owners", "due", "tags")


def _clerk_tree(root: Path) -> dict[str, bytes]:
    from conftest import LETTER_A, make_tree

    make_tree(root)
    a = root / "commitments" / LETTER_A
    (a / "03.yaml").write_text(CLERK_FILE, encoding="utf-8")
    p = a / "04.yaml"
    text = "# 由办公室跟进\n" + p.read_text(encoding="utf-8")
    for old, new in PENDING_FILE_EDITS:
        text = text.replace(old, new)
    p.write_text(text + "# 备注：等待 2026 年答复\n", encoding="utf-8")
    return {rel: (root / rel).read_bytes() for rel in (f"{A}/03.yaml", f"{A}/04.yaml")}


def _evidence_block(lines: list[str], key: str = "evidence:") -> tuple[int, int]:
    start = next((i for i, line in enumerate(lines) if line.startswith(key)), -1)
    if start < 0:
        return -1, -1
    end = start + 1
    while end < len(lines) and (lines[end].startswith((" ", "\t")) or not lines[end].strip()):
        end += 1
    return start, end


def assert_clerk_bytes_survive(old: bytes, new: bytes, rel: str) -> None:
    """Every old line is still there, in order; new lines are only added to the evidence list
    (or to restated_in, the later items that promise it again).

    (An empty list written `evidence: []` has to become `evidence:` to take its first entry.)
    """
    if b"\nevidence: []\n" in old and b"\nevidence:\n" in new:
        old = old.replace(b"\nevidence: []\n", b"\nevidence:\n")
    a = old.decode("utf-8").splitlines(keepends=True)
    b = new.decode("utf-8").splitlines(keepends=True)
    start, end = _evidence_block(b)
    t_start, t_end = _evidence_block(b, "restated_in:")
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        assert op == "insert", (
            f"{rel}: lines {i1 + 1}-{i2} were changed ({op}):\n{''.join(a[i1:i2])}"
        )
        assert (start < j1 and j2 <= end) or (t_start <= j1 and j2 <= t_end), (
            f"{rel}: lines added outside evidence and restated_in:\n{''.join(b[j1:j2])}"
        )
    before, after = yaml.safe_load(old), yaml.safe_load(new)
    for k in CLERK_KEYS:
        assert after[k] == before[k], f"{rel}: {k} changed"
    assert after["evidence"][: len(before["evidence"] or [])] == (before["evidence"] or [])


def _run(root: Path, *args: str) -> tuple[int, str]:
    r = runner.invoke(app, [*args, "--root", str(root)], env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    return r.exit_code, r.output


def test_diff_write_keeps_every_clerk_byte(tmp_path):
    root = tmp_path / "tree"
    before = _clerk_tree(root)
    code, out = _run(root, "diff", "--write")
    assert code == 0, out
    for rel, old in before.items():
        new = (root / rel).read_bytes()
        assert new != old, f"{rel}: diff --write added nothing (the test would prove nothing)"
        assert_clerk_bytes_survive(old, new, rel)
    # twice changes nothing
    after = {rel: (root / rel).read_bytes() for rel in before}
    assert _run(root, "diff", "--write")[0] == 0
    assert {rel: (root / rel).read_bytes() for rel in before} == after


def _with_status(old: bytes, new: bytes) -> bytes:
    """The old bytes with the status `new` holds (what --set-status may change, and only that)."""
    status = yaml.safe_load(new)["status"]
    return old.replace(b"status: pending", f"status: {status}".encode(), 1)


def test_set_status_moves_only_pending_statuses(tmp_path):
    root = tmp_path / "tree"
    before = _clerk_tree(root)
    code, out = _run(root, "diff", "--write", "--set-status")
    assert code == 0, out
    clerk_set, pending = (root / f"{A}/03.yaml").read_bytes(), (root / f"{A}/04.yaml").read_bytes()
    assert_clerk_bytes_survive(before[f"{A}/03.yaml"], clerk_set, "03.yaml")  # in_progress stays
    assert yaml.safe_load(pending)["status"] == "repeated"  # pending moves to the proposal
    old = _with_status(before[f"{A}/04.yaml"], pending)
    assert_clerk_bytes_survive(old, pending, "04.yaml")


def test_import_update_keeps_every_clerk_byte(tmp_path):
    from conftest import SEED_A, SEED_B

    root = tmp_path / "tree"
    before = _clerk_tree(root)
    code, out = _run(root, "import", f"{root}/seeds/{SEED_A}", f"{root}/seeds/{SEED_B}", "--update")
    assert code == 0, out
    for rel, old in before.items():
        new = (root / rel).read_bytes()
        a, b = old.decode().splitlines(keepends=True), new.decode().splitlines(keepends=True)
        # the letter's own fields may be refreshed (text, area, lines); nothing from status on moves
        first = next(i for i, line in enumerate(a) if line.startswith(("# ----", "status:")))
        first_b = next(i for i, line in enumerate(b) if line == a[first])
        assert b[first_b:] == a[first:], f"{rel}: clerk fields changed by import --update"
        assert a[0] == b[0], f"{rel}: the opening comment changed"


def test_diff_write_then_import_update_then_diff_write(tmp_path):
    """The commands one after the other, as a clerk would run them: still every clerk byte."""
    from conftest import SEED_A, SEED_B

    root = tmp_path / "tree"
    before = _clerk_tree(root)
    assert _run(root, "diff", "--write")[0] == 0
    assert (
        _run(root, "import", f"{root}/seeds/{SEED_A}", f"{root}/seeds/{SEED_B}", "--update")[0] == 0
    )
    assert _run(root, "diff", "--write", "--set-status")[0] == 0
    for rel, old in before.items():
        new = (root / rel).read_bytes()
        old = _with_status(old, new)
        tail_old = old.decode()[old.decode().index("status:") :]
        # every clerk line is still there, in order, and only evidence entries were added
        tail_new = new.decode()[new.decode().index("status:") :]
        assert_clerk_bytes_survive(tail_old.encode(), tail_new.encode(), rel)
    code, out = _run(root, "validate")
    assert code == 0, out


# --- a new letter is written whole, or not at all ---------------------------------------------------

TJ = "commitments/tj-edu-2024-jy0480"  # seeds/003: six next-step items
KILLED_IMPORT = textwrap.dedent("""
    import os, sys
    from tracker import store
    from tracker.cli import main
    real_fsync, done = os.fsync, []

    def fsync_then_die(fd):  # killed (as by kill -9) once two files are on the disk
        real_fsync(fd)
        done.append(fd)
        if len(done) == int(os.environ["DIE_AFTER"]):
            os._exit(9)

    store.os.fsync = fsync_then_die
    sys.argv = ["tracker", *sys.argv[1:]]
    main()
""")


def _import_killed(root: Path, letter: Path, after: int) -> int:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", "DIE_AFTER": str(after)}
    r = subprocess.run(
        [sys.executable, "-c", KILLED_IMPORT, "import", str(letter), "--root", str(root)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    return r.returncode


def test_an_import_killed_half_way_leaves_no_half_letter(tmp_path):
    root = make_tree(tmp_path / "tree", shape=Shape.SMALL)
    letter = root / "seeds" / "003_84ada05304f0c74f.txt"
    letter.write_bytes(
        (Path(__file__).resolve().parent.parent / "seeds" / letter.name).read_bytes()
    )
    assert (
        _import_killed(root, letter, after=4) == 9
    )  # reply.yaml and 01.yaml, each with its folder
    folder = root / TJ
    assert not folder.exists() or len(list(folder.glob("0*.yaml"))) == 6  # whole, or none of it
    code, out = _cli(["validate", "--root", str(root)])
    leftover = [p.name for p in (root / "commitments").iterdir() if p.name.startswith(".tmp-")]
    assert len(leftover) == 1, leftover
    assert (
        code == 0
        and (
            f"commitments/{leftover[0]}: warning: an import that did not finish left this folder; "
            "it is not read (delete it, then import the letter of tj-edu-2024-jy0480 again)"
        )
        in out
    )
    code, out = _cli(["import", str(letter), "--root", str(root)])  # the clerk runs it again
    assert code == 0, out
    assert "already in the tree" not in out
    assert sorted(p.name for p in folder.iterdir()) == [f"0{i}.yaml" for i in range(1, 7)] + [
        "reply.yaml"
    ]
    assert not [p for p in (root / "commitments").iterdir() if p.name.startswith(".tmp-")]
    code, out = _cli(["validate", "--strict", "--root", str(root)])
    assert code == 0, out


def test_a_failed_rename_of_a_new_letter_leaves_nothing(tmp_path):
    root = make_tree(tmp_path / "tree", shape=Shape.SMALL)
    letter = Path(__file__).resolve().parent.parent / "seeds" / "003_84ada05304f0c74f.txt"
    before = sorted(p.name for p in (root / "commitments").iterdir())

    def no_rename(src: Path, dst: Path) -> None:
        raise OSError(errno.EIO, "Input/output error")

    with store.using_disk(store.Disk(rename=no_rename)):
        code, out = _cli(["import", str(letter), "--root", str(root)])
    assert code == 1, out
    assert "Traceback" not in out
    assert sorted(p.name for p in (root / "commitments").iterdir()) == before


def _cli(args: list[str]) -> tuple[int, str]:
    r = runner.invoke(app, args, env={"COLUMNS": "200", "NO_COLOR": "1", "TRACKER_ROOT": ""})
    return r.exit_code, r.output
