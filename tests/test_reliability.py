"""Bad inputs: every one gets a clear message with its place and the right exit code, never a traceback.

The cases live in tests/bad/cases.toml (one entry each); this module builds each case's tree,
runs the command and compares every line of output. Checks that a table cannot express (speed,
not reading refused files, a real process's stderr) follow the table.
"""

from __future__ import annotations

import builtins
import html
import io
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import SEED_A as SEED_2023
from conftest import SEEDS, Shape, commit_all, init_repo, make_tree
from typer.testing import CliRunner

from tracker import store
from tracker.cli import app
from tracker.model import TrackerError

HERE = Path(__file__).resolve().parent
CASES_FILE = HERE / "bad" / "cases.toml"
A = "commitments/gz-edu-2023-ta5020"
B = "commitments/gz-edu-2025-ta4154"
SUMMARY = re.compile(r"^\d+ commitments in \d+ letters: \d+ errors, \d+ warnings$")
HUGE = 100 * 1024 * 1024

runner = CliRunner()


def load_cases() -> list[dict[str, Any]]:
    with CASES_FILE.open("rb") as f:
        return list(tomllib.load(f)["case"])


CASES = load_cases()


# --- set-ups the table names with `make` -------------------------------------------------------


def _latin1_byte(root: Path, tmp: Path) -> None:
    p = root / A / "01.yaml"
    p.write_bytes(p.read_bytes().replace(b"status_note: null", b"status_note: caf\xe9"))


def _long_note(root: Path, tmp: Path) -> None:
    p = root / A / "01.yaml"
    p.write_text(
        p.read_text(encoding="utf-8").replace(
            "status_note: null", "status_note: " + "说" * 200_000
        ),
        encoding="utf-8",
    )


def _long_status(root: Path, tmp: Path) -> None:
    p = root / A / "01.yaml"
    p.write_text(
        p.read_text(encoding="utf-8").replace("status: pending", "status: " + "d" * 300_000),
        encoding="utf-8",
    )


def _huge_sparse(root: Path, tmp: Path) -> None:
    with open(root / A / "01.yaml", "r+b") as f:
        f.truncate(HUGE)  # sparse: takes no disk space, and reading it would take 100 MB of memory


def _copy_01_to_02(root: Path, tmp: Path) -> None:
    shutil.copyfile(root / A / "01.yaml", root / A / "02.yaml")


def _copy_reply_folder(root: Path, tmp: Path) -> None:
    d = root / "commitments/gz-edu-2023-ta5021"
    d.mkdir()
    shutil.copyfile(root / A / "reply.yaml", d / "reply.yaml")


def _link_file_outside(root: Path, tmp: Path) -> None:
    outside = tmp / "outside.yaml"
    shutil.copyfile(root / A / "02.yaml", outside)
    (root / A / "02.yaml").unlink()
    (root / A / "02.yaml").symlink_to(outside)


def _link_folder_outside(root: Path, tmp: Path) -> None:
    elsewhere = tmp / "elsewhere"
    elsewhere.mkdir()
    shutil.copyfile(root / A / "reply.yaml", elsewhere / "reply.yaml")
    (root / "commitments/elsewhere").symlink_to(elsewhere, target_is_directory=True)


def _link_loop(root: Path, tmp: Path) -> None:
    (root / A / "02.yaml").unlink()
    (root / A / "02.yaml").symlink_to("02.yaml")


def _link_broken(root: Path, tmp: Path) -> None:
    (root / A / "02.yaml").unlink()
    (root / A / "02.yaml").symlink_to("03.yaml")


def _fifo(root: Path, tmp: Path) -> None:
    (root / A / "02.yaml").unlink()
    os.mkfifo(root / A / "02.yaml")  # opening it to read would block for ever


def _remove_reply(root: Path, tmp: Path) -> None:
    (root / A / "reply.yaml").unlink()


def _stray_file(root: Path, tmp: Path) -> None:
    shutil.move(root / A / "02.yaml", root / "commitments/02.yaml")


def _remove_seed(root: Path, tmp: Path) -> None:
    (root / "seeds" / SEED_2023).unlink()


LETTER = SEEDS / "003_84ada05304f0c74f.txt"  # Tianjin, 2024: not in the small tree


def _letter_text() -> str:
    return LETTER.read_text(encoding="utf-8")


def _letter_binary(root: Path, tmp: Path) -> None:
    (root / "letter.txt").write_bytes(bytes(range(256)) * 8)


def _letter_png(root: Path, tmp: Path) -> None:
    (root / "letter.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


def _letter_truncated(root: Path, tmp: Path) -> None:
    text = _letter_text()
    cut = text.index("二是配齐专职人员")  # in the progress section, mid-paragraph
    (root / "letter.txt").write_text(text[:cut], encoding="utf-8")


def _letter_cut_in_item(root: Path, tmp: Path) -> None:
    text = _letter_text()
    cut = text.index("把握学生心理发展状况") + 4  # in the third next-step item
    (root / "letter.txt").write_text(text[:cut], encoding="utf-8")


def _letter_no_next_steps(root: Path, tmp: Path) -> None:
    text = _letter_text()
    start = text.index("  二、下一步工作举措")
    end = text.index("\n\n\n")
    (root / "letter.txt").write_text(text[:start] + text[end:], encoding="utf-8")


def _letter_gb18030(root: Path, tmp: Path) -> None:
    (root / "letter.txt").write_bytes(_letter_text().encode("gb18030"))


def _letter_damaged(root: Path, tmp: Path) -> None:
    data = LETTER.read_bytes()
    at = data.index("下一步工作举措".encode())
    (root / "letter.txt").write_bytes(data[:at] + b"\xe9\xff" + data[at:])


SCRIPTED = "<script>alert('x')</script>"


def _letter_html_scripts(root: Path, tmp: Path) -> None:
    paras = "".join(f"<p>{html.escape(line)}</p>\n" for line in _letter_text().splitlines())
    paras = paras.replace(
        "<p>  一是不断完善", f"<p>{SCRIPTED}<img src=x onerror=alert(1)>  一是不断完善"
    )
    page = (
        f"<!DOCTYPE html><html><head><title>答复</title>{SCRIPTED}</head><body>"
        f"<script>document.write('<p>二、下一步工作举措</p><p>一是伪造的承诺。</p>')</script>"
        f"{paras}<noscript>请启用脚本</noscript></body></html>"
    )
    (root / "letter.html").write_text(page, encoding="utf-8")


def _letter_html_only_scripts(root: Path, tmp: Path) -> None:
    (root / "letter.html").write_text(
        f"<html><head>{SCRIPTED}</head><body>{SCRIPTED}</body></html>", encoding="utf-8"
    )


def _letter_huge(root: Path, tmp: Path) -> None:
    with open(root / "letter.txt", "wb") as f:
        f.truncate(HUGE)


def _empty_folder(root: Path, tmp: Path) -> None:
    (root / "inbox").mkdir()
    (root / "inbox" / "notes.md").write_text("not a letter\n", encoding="utf-8")


# hostile trees: links out of the tree, files the tree does not read, half a letter


def _link_out(root: Path, rel: str, tmp: Path) -> None:
    target = tmp / "outside" / rel.replace("/", "_")
    target.parent.mkdir(exist_ok=True)
    (root / rel).rename(target)
    (root / rel).symlink_to(target, target_is_directory=True)


def _link_commitments_outside(root: Path, tmp: Path) -> None:
    _link_out(root, "commitments", tmp)


def _link_reply_outside(root: Path, tmp: Path) -> None:
    _link_out(root, A, tmp)


def _link_seeds_outside(root: Path, tmp: Path) -> None:
    _link_out(root, "seeds", tmp)


def _trailing_space(root: Path, tmp: Path) -> None:
    shutil.copyfile(root / A / "02.yaml", root / A / "06.yaml ")


def _upper_case_suffix(root: Path, tmp: Path) -> None:
    shutil.copyfile(root / A / "02.yaml", root / A / "07.YAML")


def _half_letter(root: Path, tmp: Path) -> None:
    """What an import killed half-way left before letters were written whole: 1 of 6 items."""
    from tracker import extract

    shutil.copyfile(LETTER, root / "seeds" / LETTER.name)
    letter = extract.read_letter(root / "seeds" / LETTER.name, root=root)
    store.write_reply(root, letter.reply, letter.commitments[:1], update=False)


def _unfinished_import(root: Path, tmp: Path) -> None:
    dead = 2**22 + 1  # above the kernel's pid limit: no process has it
    folder = root / f"commitments/.tmp-tj-edu-2024-jy0480-{dead}"
    folder.mkdir()
    shutil.copyfile(root / A / "reply.yaml", folder / "reply.yaml")


def _unfinished_write(root: Path, tmp: Path) -> None:
    shutil.copyfile(root / A / "02.yaml", root / A / f".02.yaml.{2**22 + 1}.k3j9x1.tmp")


# --- hostile set-ups: caches, templates, outputs, a hostile-size evidence list -----------------


def _git_commit_all(root: Path, force: tuple[str, ...] = ()) -> None:
    # a fixed date: status counts ages from the last commit's day
    commit_all(
        root, "x", author=("t", "t@example.org"), when="2026-01-01T10:00:00+08:00", force=force
    )


class _RunsCode:
    """Unpickling this runs a shell command that creates {tmp}/pwned."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> Any:
        return (os.system, (f"touch {self.marker}",))


CACHE_FILES = ("records", "status", "checks", "letters", "places", "listing", "changes")


def _pickle_caches(root: Path, tmp: Path) -> None:
    import pickle

    d = root / ".tracker-cache"
    d.mkdir()
    payload = pickle.dumps(_RunsCode(tmp / "pwned"))
    for name in CACHE_FILES:
        for suffix in (".pickle", ".msgpack"):
            (d / (name + suffix)).write_bytes(payload)
    _git_commit_all(root, (".tracker-cache",))


def _misshapen_caches(root: Path, tmp: Path) -> None:
    """Caches with the right header whose every entry has the wrong shape."""
    from tracker import cache

    _git_commit_all(root)  # first: the caches are keyed by blob ids
    run_cli(["validate", "--root", str(root)])
    run_cli(["status", "--root", str(root)])
    for path in (root / ".tracker-cache").glob("*.msgpack"):
        with open(path, "rb") as f:
            import msgpack

            head = next(msgpack.Unpacker(f, raw=False, strict_map_key=False))
        got = cache.read_file(path, head["fingerprint"])
        assert got is not None
        _, body = got
        junk: Any = [None, None]
        if isinstance(body, dict) and "token" in head:
            junk = {rel: [list(e[0]) if e else None, [9, [None] * 12]] for rel, e in body.items()}
        rest = {k: v for k, v in head.items() if k not in ("magic", "fingerprint")}
        cache.write_file(path, head["fingerprint"], rest, junk)


def _template_attack(root: Path, tmp: Path) -> None:
    (root / "templates").mkdir()
    (root / "templates" / "digest.md.j2").write_text(
        "{{ cycler.__init__.__globals__.os.popen('touch %s').read() }}\n" % (tmp / "pwned"),
        encoding="utf-8",
    )


def _git_repo(root: Path, tmp: Path) -> None:
    _git_commit_all(root)


def _many_quotes(root: Path, tmp: Path) -> None:
    """2,000 evidence entries from letter B quoting a sentence that is in it, then one whose
    quote is not: 1.0 MB of evidence, one problem at the very end."""
    path = root / A / "01.yaml"
    head = path.read_text(encoding="utf-8").split("evidence: []")[0]
    quote = "市教育局推进落实教育部等印发的《家校社协同育人“教联体”工作方案》"
    entry = (
        "  - reply: gz-edu-2025-ta4154\n    section: progress\n    quote: {q}\n"
        "    verdict: progress\n"
    )
    body = "".join(entry.format(q=quote) for _ in range(2000))
    body += entry.format(q="这一句并不在来文之中")
    path.write_text(head + "evidence:\n" + body, encoding="utf-8")


MAKE: dict[str, Callable[[Path, Path], None]] = {
    "latin1-byte": _latin1_byte,
    "long-note": _long_note,
    "long-status": _long_status,
    "huge-sparse": _huge_sparse,
    "copy-01-to-02": _copy_01_to_02,
    "copy-reply-folder": _copy_reply_folder,
    "link-file-outside": _link_file_outside,
    "link-folder-outside": _link_folder_outside,
    "link-loop": _link_loop,
    "link-broken": _link_broken,
    "fifo": _fifo,
    "remove-reply": _remove_reply,
    "stray-file": _stray_file,
    "remove-seed": _remove_seed,
    "letter-binary": _letter_binary,
    "letter-png": _letter_png,
    "letter-truncated": _letter_truncated,
    "letter-cut-in-item": _letter_cut_in_item,
    "letter-no-next-steps": _letter_no_next_steps,
    "letter-gb18030": _letter_gb18030,
    "letter-damaged": _letter_damaged,
    "letter-html-scripts": _letter_html_scripts,
    "letter-html-only-scripts": _letter_html_only_scripts,
    "letter-huge": _letter_huge,
    "empty-folder": _empty_folder,
    "link-commitments-outside": _link_commitments_outside,
    "link-reply-outside": _link_reply_outside,
    "link-seeds-outside": _link_seeds_outside,
    "trailing-space": _trailing_space,
    "upper-case-suffix": _upper_case_suffix,
    "half-letter": _half_letter,
    "unfinished-import": _unfinished_import,
    "unfinished-write": _unfinished_write,
    "pickle-caches": _pickle_caches,
    "misshapen-caches": _misshapen_caches,
    "template-attack": _template_attack,
    "git-repo": _git_repo,
    "many-quotes": _many_quotes,
}


# --- running a case ----------------------------------------------------------------------------


def fill(value: str, root: Path, tmp: Path) -> str:
    return (
        value.replace("{A}", A)
        .replace("{B}", B)
        .replace("{root}", str(root))
        .replace("{tmp}", str(tmp))
    )


def build_case(case: dict[str, Any], tmp: Path) -> Path:
    """The case's tree in tmp/tree."""
    root = make_tree(tmp / "tree", shape=Shape.SMALL)
    rel = fill(case.get("file", "{A}/01.yaml"), root, tmp)
    path = root / rel
    edits = {"replace", "append", "text", "encoding", "bom", "crlf"} & set(case)
    if edits:
        text = case["text"] if "text" in case else path.read_text(encoding="utf-8")
        pairs = case.get("replace", [])
        if pairs and isinstance(pairs[0], str):
            pairs = [pairs]
        for old, new in pairs:
            assert old in text, f"{case['name']}: {old!r} not in {rel}"
            text = text.replace(old, new, 1)
        text += case.get("append", "")
        if case.get("crlf"):
            text = text.replace("\n", "\r\n")
        data = text.encode(case.get("encoding", "utf-8"))
        if case.get("bom"):
            data = b"\xef\xbb\xbf" + data
        path.write_bytes(data)
    if "letter" in case:
        data = case["letter"].encode(case.get("letter_encoding", "utf-8"))
        (root / "letter.txt").write_bytes(data)
    if "make" in case:
        MAKE[case["make"]](root, tmp)
    return root


def run_cli(args: list[str], stream: str = "output") -> tuple[int, list[str]]:
    """Exit code and non-blank lines of one command's output (or "stderr"), traceback-free."""
    r = runner.invoke(app, args, env={"COLUMNS": "200", "NO_COLOR": "1", "TRACKER_ROOT": ""})
    if r.exception is not None and not isinstance(r.exception, SystemExit):
        import traceback

        tb = "".join(traceback.format_exception(r.exception))
        pytest.fail(f"`tracker {' '.join(args)}` raised instead of reporting:\n{tb}")
    text = r.stderr if stream == "stderr" else r.output
    lines = [line.rstrip() for line in text.splitlines() if line.strip()]
    return r.exit_code, lines


def case_output(case: dict[str, Any], tmp: Path) -> tuple[int, list[str]]:
    root = build_case(case, tmp)
    args = [fill(a, root, tmp) for a in case.get("args", ["validate", "--root", "{root}"])]
    code, lines = run_cli(args, case.get("stream", "output"))
    return code, [line for line in lines if not SUMMARY.match(line)]


def _param(case: dict[str, Any]) -> Any:
    marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if "xfail" in case else []
    return pytest.param(case, id=case["name"], marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_bad_input(case, tmp_path):
    code, lines = case_output(case, tmp_path)
    root = tmp_path / "tree"
    expected = [fill(line, root, tmp_path) for line in case["expect"]]
    assert lines == expected
    assert code == case["exit"], lines


def test_the_corpus_is_large_and_well_formed():
    names = [c["name"] for c in CASES]
    assert len(names) >= 40
    assert len(set(names)) == len(names), "case names must be unique"
    known = {
        "name",
        "file",
        "replace",
        "append",
        "text",
        "encoding",
        "bom",
        "crlf",
        "make",
        "letter",
        "letter_encoding",
        "args",
        "stream",
        "expect",
        "exit",
        "xfail",
    }
    for c in CASES:
        assert set(c) <= known, f"{c['name']}: unknown keys {set(c) - known}"
        assert "expect" in c and "exit" in c, c["name"]
        assert c.get("make") is None or c["make"] in MAKE, c["name"]
        if c["exit"] != 0:
            assert c["expect"], f"{c['name']}: a failing case must say what is wrong"


def test_every_error_names_its_file_and_says_what_to_do():
    """Each problem line of validate has a place, and a hint in brackets or a 'must be' / 'expected'."""
    place = re.compile(r"^(commitments(/[^:]+?)?)(:\d+(:\d+)?)?: (error|warning): (?P<msg>.+)$")
    for c in CASES:
        if c.get("args", ["validate"])[0] != "validate" or c["exit"] == 2:
            continue
        for line in c["expect"]:
            if line.startswith("note: "):
                continue  # a note on stderr about the run, not a problem of a file
            m = place.match(line.replace("{A}", A).replace("{B}", B))
            assert m, f"{c['name']}: no place in {line}"
            msg = m["msg"]
            assert msg.endswith(")") or "must be" in msg or "expected" in msg, (
                f"{c['name']}: {line}"
            )


# --- what the table cannot say -----------------------------------------------------------------


class _Opened(Exception):
    pass


def _forbid_opening(monkeypatch, path: Path) -> None:
    """Make any attempt to open `path` fail loudly (so a refusal without reading can be proved)."""
    real_open, real_os_open = builtins.open, os.open
    target = str(path)

    def guard(file: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, str | os.PathLike) and os.fspath(file) == target:
            raise _Opened(target)
        return real_open(file, *args, **kwargs)

    def os_guard(file: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, str | os.PathLike) and os.fspath(file) == target:
            raise _Opened(target)
        return real_os_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guard)
    monkeypatch.setattr(io, "open", guard)
    monkeypatch.setattr(os, "open", os_guard)


@pytest.mark.parametrize("in_git", [False, True], ids=["plain folder", "git work tree"])
def test_huge_file_is_refused_quickly_without_being_read(tmp_path, monkeypatch, in_git):
    root = make_tree(tmp_path / "tree", shape=Shape.SMALL)
    if in_git:
        init_repo(root)
    _huge_sparse(root, tmp_path)
    huge = root / A / "01.yaml"
    _forbid_opening(monkeypatch, huge)
    start = time.perf_counter()
    tree = store.load_tree(root)
    elapsed = time.perf_counter() - start
    assert [p.format() for p in tree.problems if p.path.endswith("01.yaml")] == [
        f"{A}/01.yaml: error: file is 104,857,600 bytes; the limit is 1,048,576 "
        "(a commitment file is a few KB: check what was saved here)"
    ]
    assert elapsed < 1.0, f"refusing a 100 MB file took {elapsed:.2f} s"


def test_huge_file_is_never_updated(tmp_path, monkeypatch):
    root = make_tree(tmp_path / "tree", shape=Shape.SMALL)
    c = store.load_tree(root).commitments["gz-edu-2023-ta5020/01"]
    _huge_sparse(root, tmp_path)
    _forbid_opening(monkeypatch, root / A / "01.yaml")
    with pytest.raises(
        TrackerError,
        match=r"01.yaml: file is 104,857,600 bytes; the limit is "
        r"1,048,576; not updated$",
    ):
        store.record_evidence(root, c, [], status="done")
    assert (root / A / "01.yaml").stat().st_size == HUGE


def test_long_lines_are_read_quickly(tmp_path):
    case = next(c for c in CASES if c.get("make") == "long-status")
    start = time.perf_counter()
    code, lines = case_output(case, tmp_path)
    assert time.perf_counter() - start < 2.0
    assert code == 1 and all(len(line) < 400 for line in lines)


def test_billion_laughs_is_refused_before_expansion(tmp_path):
    # 30 levels would be 10**30 strings if expanded: only a refusal can finish at all.
    levels = ['a0: &a0 ["lol"]'] + [
        f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 31)
    ]
    value, problems = store.parse_yaml_text("\n".join(levels) + "\n", "x.yaml")
    assert value is None
    assert [p.format() for p in problems] == [
        "x.yaml:1:5: error: anchors and aliases are not allowed "
        "(write the values out; anchors and aliases are not accepted)"
    ]


def test_python_tags_build_nothing(tmp_path):
    marker = tmp_path / "pwned"
    text = f"id: x\nnote: !!python/object/apply:os.system ['touch {marker}']\n"
    value, problems = store.parse_yaml_text(text, "x.yaml")
    assert value is None and not marker.exists()
    assert (
        problems[0]
        .format()
        .startswith("x.yaml:2:7: error: tag !!python/object/apply:os.system is not allowed")
    )


def test_a_real_process_never_prints_a_traceback(tmp_path):
    """Many bad files at once through `python -m tracker`: one message each, exit 1, no traceback."""
    root = make_tree(tmp_path / "tree", shape=Shape.SMALL)
    (root / A / "01.yaml").write_bytes(b"\xff\xfe" + "状态".encode("utf-16-le"))
    (root / A / "02.yaml").unlink()
    (root / A / "02.yaml").symlink_to("02.yaml")
    (root / B / "reply.yaml").write_text("id: [\n", encoding="utf-8")
    (root / A / "03.yaml").write_text("- a\n", encoding="utf-8")
    env = {**os.environ, "NO_COLOR": "1", "TRACKER_NO_CACHE": "1"}
    r = subprocess.run(
        [sys.executable, "-m", "tracker", "validate", "--root", str(root)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert r.returncode == 1
    assert "Traceback" not in r.stderr + r.stdout
    problems = r.stdout.splitlines()
    assert [line.split(": error: ")[0] for line in problems] == [
        f"{A}/01.yaml:1:1",
        f"{A}/02.yaml",
        f"{A}/03.yaml:1:1",
        f"{B}/reply.yaml:2:1",
    ]
    assert r.stderr.strip() == "0 commitments in 1 letters: 4 errors, 0 warnings"


# --- letters: what the table cannot say ----------------------------------------------------------


def test_scripts_in_a_web_page_never_reach_the_tree(tmp_path):
    root = make_tree(tmp_path / "tree", shape=Shape.SMALL)
    _letter_html_scripts(root, tmp_path)
    code, _ = run_cli(["import", "--root", str(root), str(root / "letter.html")])
    assert code == 0
    written = [
        p
        for p in root.rglob("*")
        if p.is_file() and store.CACHE_DIR not in p.parts and p.name != "letter.html"
    ]
    for p in written:
        text = p.read_text(encoding="utf-8")
        for bad in ("<script", "alert(", "onerror", "伪造的承诺", "document.write", "请启用脚本"):
            assert bad not in text, f"{p.relative_to(root)} holds {bad!r}"
    items = sorted((root / "commitments").glob("tj-edu-2024-jy0480/[0-9]*.yaml"))
    assert len(items) == 6  # the six items of the letter, and no item a script wrote
    code, lines = run_cli(["validate", "--root", str(root)])
    assert code == 0, lines


def test_huge_letter_is_refused_without_being_read(tmp_path, monkeypatch):
    from tracker import extract
    from tracker.model import LetterError

    letter = tmp_path / "letter.txt"
    with open(letter, "wb") as f:
        f.truncate(HUGE)
    _forbid_opening(monkeypatch, letter)
    start = time.perf_counter()
    with pytest.raises(LetterError, match="limit"):
        extract.read_letter(letter)
    assert time.perf_counter() - start < 1.0


def test_a_truncated_copy_keeps_the_letter_id(tmp_path):
    root = make_tree(tmp_path / "tree", shape=Shape.SMALL)
    _letter_truncated(root, tmp_path)
    assert run_cli(["import", "--root", str(root), str(root / "letter.txt")])[0] == 0
    shutil.copyfile(LETTER, root / "letter.txt")
    assert run_cli(["import", "--root", str(root), "--update", str(root / "letter.txt")])[0] == 0
    assert sorted(p.name for p in (root / "commitments").iterdir() if p.name.startswith("tj-")) == [
        "tj-edu-2024-jy0480"
    ]


# --- markup in letters and YAML is text, in the terminal and in digests ----------------------------

MARKUP = "[bold]已电话[/bold] [/] [red]x[/red] :warning: [link=https://example.org]点此[/link]"


def _markup_tree(tmp: Path) -> Path:
    root = make_tree(tmp / "tree", shape=Shape.SMALL)
    p = root / A / "01.yaml"
    text = p.read_text(encoding="utf-8")
    text = text.replace("status_note: null", f"status_note: '{MARKUP}'")
    text = text.replace("owners: []", "owners: ['[bold]市教育局[/]']")
    text = text.replace("tags: []", "tags: ['[/]', '<script>alert(1)</script>']")
    text = text.replace(
        "area: 强化专业队伍建设", "area: '[red]强化专业队伍建设[/red] <script>alert(2)</script>'"
    )
    p.write_text(text, encoding="utf-8")
    # the later letter carries markup too (its sha changes: a warning, not an error)
    seed = root / "seeds" / "002_77355670e473416b.txt"
    seed.write_text(
        seed.read_text(encoding="utf-8").replace("2023年以来", "[bold]2023年以来[/]", 1),
        encoding="utf-8",
    )
    return root


def test_markup_prints_as_text_in_show_and_status(tmp_path):
    root = _markup_tree(tmp_path)
    code, lines = run_cli(["show", "--root", str(root), "gz-edu-2023-ta5020/01"])
    out = "\n".join(lines)
    assert code == 0, out
    assert MARKUP in out
    assert "[bold]市教育局[/]" in out and "[/]" in out
    code, lines = run_cli(["status", "--root", str(root)])
    assert code == 0, lines
    assert "[red]强化专业队伍建设[/red] <script>" in "\n".join(lines)


def test_markup_prints_as_text_in_validate(tmp_path):
    root = make_tree(tmp_path / "tree", shape=Shape.SMALL)
    p = root / A / "02.yaml"
    p.write_text(
        p.read_text(encoding="utf-8").replace("status: pending", "status: '[bold]done[/]'"),
        encoding="utf-8",
    )
    code, lines = run_cli(["validate", "--root", str(root)])
    assert code == 1
    assert any("unknown status '[bold]done[/]'" in line for line in lines), lines


def test_markup_prints_as_text_in_diff(tmp_path):
    root = _markup_tree(tmp_path)
    code, lines = run_cli(["diff", "--root", str(root), "gz-edu-2023-ta5020/01"])
    out = "\n".join(lines)
    assert code == 0, out
    assert "[bold]2023年以来[/]" in out


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_markup_and_scripts_are_escaped_in_digests(tmp_path, fmt):
    root = _markup_tree(tmp_path)
    r = runner.invoke(
        app,
        ["digest", "--root", str(root), "--format", fmt, "--date", "2026-01-01"],
        env={"NO_COLOR": "1", "COLUMNS": "200"},
    )
    assert r.exit_code == 0, r.output
    out = r.stdout
    assert "<script>alert" not in out
    if fmt == "html":
        assert "&lt;script&gt;alert(" in out
    else:
        assert "\\<script\\>alert(" in out or "&lt;script&gt;alert(" in out


# escape sequences: one sets the window title, one turns text red, one reverses the line (bidi)
ESCAPES = "\x1b]0;pwned\x07\x1b[31m红\x1b[0m\u202e反"


def test_escape_sequences_never_reach_the_terminal(tmp_path):
    """Control codes in a letter and in YAML are dropped from everything printed."""
    root = make_tree(tmp_path / "tree", shape=Shape.SMALL)
    p = root / A / "01.yaml"
    quoted = ESCAPES.encode("unicode_escape").decode("ascii").replace("\\x", "\\x")
    p.write_text(
        p.read_text(encoding="utf-8").replace("status_note: null", f'status_note: "{quoted}"'),
        encoding="utf-8",
    )
    letter = tmp_path / "letter.txt"
    letter.write_text(
        (root / "seeds" / SEED_2023).read_text(encoding="utf-8").replace("联动学校", ESCAPES, 1),
        encoding="utf-8",
    )
    outputs = {}
    for name, args in {
        "show": ["show", "--root", str(root), "gz-edu-2023-ta5020/01"],
        "status": ["status", "--root", str(root), "--text", "红"],
        "digest": ["digest", "--root", str(root), "--format", "md"],
        "import": [
            "import",
            "--root",
            str(tmp_path / "tree"),
            "--dry-run",
            "--update",
            str(letter),
        ],
    }.items():
        r = runner.invoke(app, args, env={"NO_COLOR": "1", "COLUMNS": "200"})
        assert r.exit_code == 0, (name, r.output)
        outputs[name] = r.output
    for name, out in outputs.items():
        assert not any(ch in out for ch in "\x1b\x07\u202e"), name
    assert "红反" in outputs["show"], outputs["show"]
    assert "红反" in outputs["digest"]


# --- commands that read the tree say when a file could not be read ---------------------------------


def _conflicted(tmp: Path) -> Path:
    root = make_tree(tmp / "tree", shape=Shape.SMALL)
    p = root / A / "01.yaml"
    p.write_text(p.read_text(encoding="utf-8") + "<<<<<<< HEAD\n", encoding="utf-8")
    return root


def test_validate_names_the_unreadable_file(tmp_path):
    root = _conflicted(tmp_path)
    code, lines = run_cli(["validate", "--root", str(root)])
    assert code == 1
    assert (
        f"{A}/01.yaml:12:1: error: merge-conflict marker (resolve the conflict, keep one side, "
        "and remove the markers)"
    ) in lines


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["status"], id="status"),
        pytest.param(["show", "gz-edu-2023-ta5020/01"], id="show"),
        pytest.param(["digest"], id="digest"),
        pytest.param(["diff"], id="diff"),
        pytest.param(["diff", "--write"], id="diff --write"),
    ],
)
def test_commands_say_when_a_file_was_left_out(tmp_path, args):
    root = _conflicted(tmp_path)
    r = runner.invoke(
        app, [args[0], "--root", str(root), *args[1:]], env={"COLUMNS": "200", "NO_COLOR": "1"}
    )
    assert r.exception is None or isinstance(r.exception, SystemExit)
    assert f"{A}/01.yaml" in r.stderr
