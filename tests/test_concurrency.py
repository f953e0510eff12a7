"""Two tracker processes writing the same tree at once leave it whole: every file parses, every
entry either process added is there once, and `tracker validate` passes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from conftest import SEED_A as SEED_2023
from conftest import SEED_B as SEED_2025
from conftest import Shape, make_tree

from tracker import store
from tracker import text as tx

A = "commitments/gz-edu-2023-ta5020"
ENV = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}


def later_sentences(root: Path) -> list[tuple[int, str]]:
    """(line, sentence) of the 2025 letter's progress and next-steps sections."""
    lines = (root / "seeds" / SEED_2025).read_text(encoding="utf-8").splitlines()
    out = []
    for n in range(7, 15):
        line = lines[n - 1]
        out += [(n, line[a:b]) for a, b in tx.split_sentences(line) if b - a > 12]
    return out


WRITER = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from tracker import store
    root, cid, entries = Path(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3])
    print("ready", flush=True)
    sys.stdin.readline()  # start together
    for e in entries:
        with store.tree_lock(root):
            c = store.load_tree(root, cache=False).commitments[cid]
            store.record_evidence(root, c, [e])
""")


def _entry(line: int, quote: str) -> dict[str, object]:
    return {
        "reply": "gz-edu-2025-ta4154",
        "section": "progress" if line <= 9 else "next_steps",
        "line": line,
        "quote": quote,
        "verdict": "progress",
        "score": 0.5,
        "confirmed": False,
    }


def _validate(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tracker", "validate", "--root", str(root)],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=120,
    )


def test_two_processes_recording_evidence_under_the_lock(tmp_path):
    root = make_tree(tmp_path / "tree", shape=Shape.SMALL)
    sentences = later_sentences(root)
    assert len(sentences) >= 20
    halves = [sentences[0::2][:12], sentences[1::2][:12]]
    procs = []
    for half in halves:
        entries = json.dumps([_entry(n, q) for n, q in half], ensure_ascii=False)
        p = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(root), "gz-edu-2023-ta5020/01", entries],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=ENV,
        )
        assert p.stdout is not None and p.stdout.readline().strip() == "ready"
        procs.append(p)
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    for p in procs:
        assert p.wait(timeout=120) == 0
    data = yaml.safe_load((root / A / "01.yaml").read_text(encoding="utf-8"))
    quotes = [e["quote"] for e in data["evidence"]]
    assert sorted(quotes) == sorted(q for half in halves for _, q in half)  # all there, none twice
    assert store.load_tree(root, cache=False).problems == []
    r = _validate(root)
    assert r.returncode == 0, r.stdout + r.stderr


HOLDER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from tracker import store
    with store.tree_lock(Path(sys.argv[1])):
        print("locked", flush=True)
        sys.stdin.readline()
""")
WAITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from tracker import store
    root = Path(sys.argv[1])
    with store.tree_lock(root):
        (root / "got-it").write_text("x")
""")


def test_the_lock_makes_a_second_writer_wait(tmp_path):
    root = make_tree(tmp_path / "tree", shape=Shape.SMALL)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(root)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    waiter = subprocess.Popen([sys.executable, "-c", WAITER, str(root)], env=ENV)
    time.sleep(0.5)
    assert not (root / "got-it").exists()  # still waiting for the lock
    assert holder.stdin is not None
    holder.stdin.write("\n")
    holder.stdin.flush()
    assert holder.wait(timeout=30) == 0 and waiter.wait(timeout=30) == 0
    assert (root / "got-it").exists()


def _tracker(root: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tracker", *args, "--root", str(root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
    )


def test_diff_write_and_import_update_at_once(tmp_path):
    from conftest import SEED_A, SEED_B, make_tree

    root = make_tree(tmp_path / "tree")
    seeds = [str(root / "seeds" / SEED_A), str(root / "seeds" / SEED_B)]
    procs = [
        _tracker(root, "diff", "--write"),
        _tracker(root, "import", *seeds, "--update"),
        _tracker(root, "diff", "--write", "--set-status"),
    ]
    for p in procs:
        _, err = p.communicate(timeout=180)
        assert p.returncode == 0, err
        assert "Traceback" not in err
    for path in store.tree_files(root):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(data, dict), path
        keys = [(e["reply"], e["quote"]) for e in data.get("evidence") or []]
        assert len(keys) == len(set(keys)), f"{path}: an evidence entry recorded twice"
    r = _validate(root)
    assert r.returncode == 0, r.stdout + r.stderr


def test_the_same_new_letter_imported_twice_at_once(tmp_path):
    root = make_tree(tmp_path / "tree", shape=Shape.SMALL)
    letter = Path(__file__).resolve().parent.parent / "seeds" / "003_84ada05304f0c74f.txt"
    procs = [_tracker(root, "import", str(letter)) for _ in range(2)]
    results = [(p.communicate(timeout=120), p.returncode) for p in procs]
    codes = sorted(code for _, code in results)
    assert codes == [0, 1], results  # one imports it; the other is told it is already there
    err = next(e for (_, e), code in results if code == 1)
    assert "Traceback" not in err and ("exists" in err or "already in the tree" in err), err
    r = _validate(root)
    assert r.returncode == 0, r.stdout + r.stderr


# --- a clerk's editor saving while a command writes ----------------------------------------------


EDITOR = textwrap.dedent("""
    import json, os, sys, time
    import yaml
    path, stop, every = sys.argv[1], sys.argv[2], float(sys.argv[3])
    last, saves, reverted = None, 0, []
    print("ready", flush=True)
    while not os.path.exists(stop):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        found = yaml.safe_load(text).get("status_note")
        if last is not None and found != last:
            reverted.append([last, found])
        saves += 1
        last = f"第{saves}次保存"
        lines = [
            f"status_note: {last}" if line.startswith("status_note:") else line
            for line in text.split("\\n")
        ]
        with open(path + ".editor", "w", encoding="utf-8") as f:
            f.write("\\n".join(lines))
        os.replace(path + ".editor", path)
        time.sleep(every)
    print(json.dumps({"saves": saves, "last": last, "reverted": reverted}, ensure_ascii=False))
""")


class Editor:
    """Another process saving one commitment file again and again the way an editor does (a new
    file renamed over the old one), each save a new status_note, until stopped; it notes any of
    its saves that went missing."""

    def __init__(self, path: Path, every: float) -> None:
        self.path = path
        self.stop = path.parent.parent / "stop-editing"
        self.proc = subprocess.Popen(
            [sys.executable, "-c", EDITOR, str(path), str(self.stop), str(every)],
            stdout=subprocess.PIPE,
            text=True,
            env=ENV,
        )
        assert self.proc.stdout is not None and self.proc.stdout.readline().strip() == "ready"

    def finish(self) -> dict[str, Any]:
        self.stop.write_text("")
        out, _ = self.proc.communicate(timeout=60)
        return json.loads(out)

    def note(self) -> str | None:
        data = yaml.safe_load(self.path.read_text(encoding="utf-8"))
        return data.get("status_note")


def _slow_writes(seconds: float) -> store.Disk:
    """A disk on which every update takes `seconds` between reading the file and replacing it
    (a big file, a busy machine), so that an editor's saves fall inside that time."""
    return store.Disk(before_replace=lambda path: time.sleep(seconds))


def _saving_meanwhile(change: Callable[[str], str]) -> store.Disk:
    """A disk on which an editor saves the file, changed by `change`, between each update's
    read and its replace."""

    def save(path: Path) -> None:
        path.write_text(change(path.read_text(encoding="utf-8")), "utf-8")

    return store.Disk(before_replace=save)


def test_an_editor_saving_during_diff_write_never_loses_a_save(tmp_path):
    from typer.testing import CliRunner

    from tracker.cli import app

    root = make_tree(tmp_path / "tree", shape=Shape.SMALL)
    path = root / A / "01.yaml"
    editor = Editor(path, every=0.02)
    with store.using_disk(_slow_writes(0.1)):
        r = CliRunner().invoke(
            app, ["diff", "--write", "--root", str(root)], env={"COLUMNS": "200", "NO_COLOR": "1"}
        )
    seen = editor.finish()
    assert seen["saves"] > 10
    assert seen["reverted"] == [], f"saves went back: {seen['reverted']}"
    assert editor.note() == seen["last"]  # the editor's last save is there
    if r.exit_code == 0:  # the proposals were recorded on top of the editor's saves
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["evidence"], r.output
    else:  # or the file was left to the editor, and the message says which and what to do
        assert r.exit_code == 1, r.output
        assert f"{A}/01.yaml: changed 5 times while it was being updated; not updated" in r.output
        assert "run the command again" in r.output
    assert "Traceback" not in r.output


def test_a_save_in_between_is_read_again_and_kept(tmp_path):
    """One save between the read and the rename: the change is made again on top of it."""
    root = make_tree(tmp_path / "tree", shape=Shape.SMALL)
    path = root / A / "01.yaml"
    # the note, once: a second save would find it already there and change nothing
    once = _saving_meanwhile(
        lambda text: text.replace("status_note: null", "status_note: 已电话核实")
    )
    c = store.load_tree(root, cache=False).commitments["gz-edu-2023-ta5020/01"]
    entry = _entry(8, "全市中小学校100%完成")
    with store.using_disk(once):
        assert store.record_evidence(root, c, [entry])
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["status_note"] == "已电话核实"
    assert [e["quote"] for e in data["evidence"]] == ["全市中小学校100%完成"]


def test_import_update_refuses_a_file_saved_at_every_try(tmp_path):
    from typer.testing import CliRunner

    from tracker.cli import app

    root = make_tree(tmp_path / "tree", shape=Shape.SMALL)
    path = root / A / "reply.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: 旧"), "utf-8")
    n = []

    def save_every_time(text: str) -> str:
        n.append(1)
        return text + f"# 第{len(n)}次保存\n"

    before_others = {p: p.read_bytes() for p in store.tree_files(root) if p != path}
    with store.using_disk(_saving_meanwhile(save_every_time)):
        r = CliRunner().invoke(
            app,
            ["import", str(root / "seeds" / SEED_2023), "--update", "--root", str(root)],
            env={"COLUMNS": "200", "NO_COLOR": "1"},
        )
    assert r.exit_code == 1, r.output
    assert f"error: {A}/reply.yaml: changed 5 times while it was being updated; not updated" in (
        r.output
    )
    assert path.read_text(encoding="utf-8").endswith("# 第5次保存\n")  # the last save stands
    assert {p: p.read_bytes() for p in before_others} == before_others
