"""A tree is untrusted input: what its caches, templates and data can do, and what -o may touch.

Each test is what an attacker does to a repository (commits a cache file, a template, a text)
or what a user does by mistake (`-o` pointed into the tree), followed by the command a clerk or
CI runs on it.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Shape, commit_all, make_tree
from typer.testing import CliRunner

from tracker import cache
from tracker.cli import app

runner = CliRunner()


def run(*args: str | Path, env: dict[str, str] | None = None):
    """Invoke the CLI at a fixed terminal width."""
    return runner.invoke(
        app, [str(a) for a in args], env={"COLUMNS": "140", "NO_COLOR": "1", **(env or {})}
    )


def tracker(*args: str | Path, env: dict[str, str] | None = None):
    """Run the `tracker` program in a process of its own."""
    return subprocess.run(
        [sys.executable, "-m", "tracker", *map(str, args)],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "140", "NO_COLOR": "1", **(env or {})},
    )


def committed_tree(root: Path) -> Path:
    """The small tree, committed."""
    return commit_all(make_tree(root, shape=Shape.SMALL), "letters").root


# --- caches ---------------------------------------------------------------------------------------


class _Payload:
    """An object whose unpickling runs a shell command (here: creates a marker file)."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


CACHE_NAMES = (
    # the names caches had when they were pickles, and the names they have now
    "records.msgpack",
    "status.msgpack",
    "checks.msgpack",
    "letters.pickle",
    "listing.pickle",
    "changes.msgpack",
    "digest-changes.msgpack",
    "records.msgpack",
    "status.msgpack",
    "checks.msgpack",
    "letters.msgpack",
    "listing.msgpack",
    "changes.msgpack",
    "digest-changes.msgpack",
)


def plant(root: Path, data_of) -> None:
    d = root / cache.CACHE_DIR
    d.mkdir(exist_ok=True)
    for name in CACHE_NAMES:
        (d / name).write_bytes(data_of(name))


COMMANDS = (
    ("validate",),
    ("status",),
    ("status", "--csv"),
    ("digest", "--since", "HEAD"),
    ("log",),
)


@pytest.mark.parametrize("commit", [True, False], ids=["committed", "planted"])
def test_a_malicious_pickle_in_the_cache_runs_nothing(tmp_path, commit):
    root = committed_tree(tmp_path / "tree")
    marker = tmp_path / "pwned"
    payload = pickle.dumps(_Payload(marker))
    plant(root, lambda name: payload)
    if commit:
        commit_all(root, "cache", force=[cache.CACHE_DIR])
    for args in COMMANDS:
        r = run(*args, "--root", root)
        assert r.exit_code in (0, 1), (args, r.output)
        assert not marker.exists(), args
        assert "Traceback" not in r.output


def _outputs(root: Path) -> dict[tuple[str, ...], tuple[int, str]]:
    out = {}
    for args in COMMANDS:
        r = run(*args, "--root", root)
        out[args] = (r.exit_code, r.stdout)
    return out


def test_caches_of_the_wrong_shape_are_misses(tmp_path):
    """Right header, wrong contents: every entry is checked before use; the output is what a
    run without any cache gives."""
    root = committed_tree(tmp_path / "tree")
    clean = _outputs(root)  # warm: every cache written
    import shutil

    shutil.rmtree(root / cache.CACHE_DIR)
    assert _outputs(root) == clean  # cold gives the same (the reference)
    names = sorted(p.name for p in (root / cache.CACHE_DIR).iterdir() if p.suffix == ".msgpack")
    assert {"records.msgpack", "status.msgpack", "checks.msgpack"} <= set(names)
    junk_values = [
        None,
        0,
        "x",
        [],
        [None] * 12,
        [0, None, None, None, None, None, None, None, None, None, None, None],
        {"a": 1},
        [[None, None], [["x", 1, 2]]],
        [9, 9],
    ]
    for junk in junk_values:
        for name in names:
            path = root / cache.CACHE_DIR / name
            fresh = cache.read_file(path, _fingerprint_of(path))
            assert fresh is not None, name
            head, body = fresh
            if isinstance(body, dict) and "token" in head:
                damaged = {
                    rel: [list(entry[0]) if isinstance(entry, tuple) else entry, junk]
                    for rel, entry in body.items()
                }
            else:
                damaged = junk
            cache.write_file(path, head["fingerprint"], _rest(head), damaged)
        assert _outputs(root) == clean, junk
        shutil.rmtree(root / cache.CACHE_DIR)
        _outputs(root)


def _fingerprint_of(path: Path) -> str:
    import msgpack

    with open(path, "rb") as f:
        u = msgpack.Unpacker(f, raw=False, strict_map_key=False)
        return next(u)["fingerprint"]


def _rest(head: dict) -> dict:
    return {k: v for k, v in head.items() if k not in ("magic", "fingerprint")}


def test_a_status_cache_with_none_values_does_not_hide_commitments(tmp_path):
    root = committed_tree(tmp_path / "tree")
    want = run("status", "--root", root)
    assert "2 commitments" in want.stdout or want.stdout.count("gz-edu-2023-ta5020/0") >= 2
    path = root / cache.CACHE_DIR / "status.msgpack"
    head, body = cache.read_file(path, _fingerprint_of(path))
    cache.write_file(
        path,
        head["fingerprint"],
        _rest(head),
        # every file read as nothing, and no error to say why (the columns: files, keys,
        # kinds, commitments, replies, errors; 2: nothing)
        [body[0], body[1], [2] * len(body[0]), [], [], []],
    )
    assert run("status", "--root", root).stdout == want.stdout


def _git_clean(root: Path) -> bool:
    """True when git sees the tree as the last commit left it."""
    return (
        subprocess.run(
            ["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True
        ).stdout
        == ""
    )


def test_a_cache_git_tracks_is_ignored_with_a_note(tmp_path):
    """A well-formed cache committed to the repository that claims a commitment is done: it is
    not believed (its keys are the files' blob ids, which anyone can compute)."""
    root = committed_tree(tmp_path / "tree")
    want = run("status", "--root", root)
    path = root / cache.CACHE_DIR / "status.msgpack"
    head, body = cache.read_file(path, _fingerprint_of(path))
    rels, keys, kinds, commitments, replies, errors = body
    assert commitments
    done = [[*c[:5], "done", *c[6:]] for c in commitments]  # each one's status
    forged = [rels, keys, kinds, done, replies, errors]
    cache.write_file(path, head["fingerprint"], _rest(head), forged)
    commit_all(root, "a cache that says done", force=[cache.CACHE_DIR])
    got = tracker("status", "--root", root)  # a new process, as in CI
    # the same table (the first line names the new commit)
    assert got.stdout.splitlines()[1:] == want.stdout.splitlines()[1:]
    assert "已兑现" not in got.stdout and "done" not in got.stdout
    assert f"note: {cache.CACHE_DIR}/ holds files tracked by git" in got.stderr
    assert got.stderr.count("note:") == 1
    # the tracked file is left as the repository has it
    assert _git_clean(root)


def test_a_record_cache_git_tracks_is_dropped_though_read_while_git_is_asked(tmp_path):
    """The record cache is read while git is asked whether it tracks the file: one committed to
    the repository that says a commitment is done (under the blob id of its file, which anyone
    can compute) is dropped as if never read, with one note, and left as the repository has it."""
    root = committed_tree(tmp_path / "tree")
    rel = "commitments/gz-edu-2023-ta5020/01.yaml"
    f = root / rel
    text = f.read_text("utf-8")
    assert "status: pending" in text
    want = run("digest", "--format", "md", "--root", root)
    assert want.exit_code == 0 and "| 已兑现 | 0 |" in want.stdout
    f.write_text(text.replace("status: pending", "status: done"), "utf-8")
    assert "| 已兑现 | 1 |" in run("digest", "--format", "md", "--root", root).stdout
    f.write_text(text, "utf-8")  # pending again; the cache's entry of it says done
    path = root / cache.CACHE_DIR / "records.msgpack"
    journal = path.with_name("records.msgpack.journal")
    head, body = cache.read_file(path, _fingerprint_of(path))
    if journal.exists():  # the run after the edit wrote its entry there
        body.update(cache.read_file(journal, _fingerprint_of(journal))[1])
        journal.unlink()
    blob = subprocess.run(
        ["git", "hash-object", rel], cwd=root, capture_output=True, text=True, check=True
    ).stdout.strip()
    body[rel] = [["git", blob], body[rel][1]]
    cache.write_file(path, head["fingerprint"], _rest(head), body)
    # not tracked, the forged entry is what the file's key finds (a cache is trusted locally)
    assert "| 已兑现 | 1 |" in tracker("digest", "--format", "md", "--root", root).stdout
    cache.write_file(path, head["fingerprint"], _rest(head), body)  # as forged, again
    commit_all(root, "a cache that says done", force=[cache.CACHE_DIR])
    got = tracker("digest", "--format", "md", "--root", root)  # a new process, as in CI
    assert got.returncode == 0
    assert "| 已兑现 | 0 |" in got.stdout
    assert f"note: {cache.CACHE_DIR}/ holds files tracked by git" in got.stderr
    assert got.stderr.count("note:") == 1
    assert _git_clean(root)


# --- templates ------------------------------------------------------------------------------------

ATTACK = "{{ cycler.__init__.__globals__.os.popen('touch %s').read() }}\n"


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_tree_template_cannot_run_code(tmp_path, fmt):
    root = committed_tree(tmp_path / "tree")
    marker = tmp_path / "pwned"
    (root / "templates").mkdir()
    template = root / "templates" / f"digest.{fmt}.j2"
    template.write_text("# digest\n" + ATTACK % marker, encoding="utf-8")
    r = run("digest", "--format", fmt, "--root", root)
    assert not marker.exists()
    assert r.exit_code == 1
    assert r.exception is None or isinstance(r.exception, SystemExit)
    assert f"{template.resolve()}:2: template refused" in r.output
    assert "Traceback" not in r.output


def test_a_template_given_with_templates_is_sandboxed_too(tmp_path):
    root = committed_tree(tmp_path / "tree")
    marker = tmp_path / "pwned"
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "digest.md.j2").write_text(
        "{{ d.__class__.__init__.__globals__ }}" + ATTACK % marker, encoding="utf-8"
    )
    r = run("digest", "--templates", folder, "--root", root)
    assert not marker.exists() and r.exit_code == 1
    assert "template refused" in r.output


def test_a_harmless_tree_template_still_renders(tmp_path):
    root = committed_tree(tmp_path / "tree")
    (root / "templates").mkdir()
    (root / "templates" / "digest.md.j2").write_text(
        "{{ d.title | md }}\n{% for s in d.status_counts %}{{ s.label }}{{ t.colon }}{{ s.count }}\n{% endfor %}",
        encoding="utf-8",
    )
    r = run("digest", "--root", root)
    assert r.exit_code == 0, r.output
    assert "待跟进：2" in r.stdout or "待跟进: 2" in r.stdout, r.stdout


# --- a hostile-size evidence list -----------------------------------------------------------------


def many_quotes_yaml(n: int) -> str:
    """Commitment 01 of letter A with n evidence entries from letter B whose quotes are not in it."""
    from conftest import LETTER_A, LETTER_B, item_yaml

    head = item_yaml(LETTER_A, "01").split("evidence: []")[0]
    lines = [head + "evidence:"]
    for i in range(n):
        lines += [
            f"  - reply: {LETTER_B}",
            "    section: progress",
            f"    line: {i % 9 + 1}",
            f"    quote: 第{i}条并不在来文中的句子",
            "    verdict: progress",
            "    score: 0.5",
            "    confirmed: false",
        ]
    return "\n".join(lines) + "\n"


def test_each_quote_problem_names_its_own_line(tmp_path):
    """Hundreds of evidence quotes not in their letter: every problem names the line of its own
    `quote:` (found once per file, not once per problem: see bench/run.py's hostile file)."""
    from conftest import LETTER_A, make_tree

    from tracker import store

    root = make_tree(tmp_path / "tree")
    rel = f"commitments/{LETTER_A}/01.yaml"
    text = many_quotes_yaml(300)
    (root / rel).write_text(text, encoding="utf-8")
    r = run("validate", "--root", root)
    assert r.exit_code == 1
    quote_lines = [i + 1 for i, line in enumerate(text.splitlines()) if "quote: 第" in line]
    found = [
        int(line.split(":")[1])
        for line in r.stdout.splitlines()
        if line.startswith(rel + ":") and "quote does not occur" in line
    ]
    assert found == quote_lines and len(found) == 300
    # the same places as the plain reader's locate(), entry by entry
    assert found[::37] == [
        store.locate(root / rel, ("evidence", i, "quote"))[0] for i in range(0, 300, 37)
    ]


def test_a_file_with_many_problems_is_composed_once(tmp_path, monkeypatch):
    """Placing N problems of one file costs one composition of it, not N (quadratic time)."""
    import yaml
    from conftest import LETTER_A, make_tree

    root = make_tree(tmp_path / "tree")
    (root / f"commitments/{LETTER_A}/01.yaml").write_text(many_quotes_yaml(200), encoding="utf-8")
    calls = []
    real = yaml.compose
    monkeypatch.setattr(yaml, "compose", lambda *a, **k: calls.append(1) or real(*a, **k))
    r = run("validate", "--root", root)
    assert r.stdout.count("quote does not occur") == 200
    assert len(calls) < 10


def test_a_large_file_read_in_the_run_is_not_composed_again_to_place_its_problems(
    tmp_path, monkeypatch
):
    """The node tree reading composed places the problems of a large file read in this run;
    the places are those the file composed afresh gives."""
    import yaml
    from conftest import LETTER_A, make_tree

    from tracker import store

    root = make_tree(tmp_path / "tree")
    rel = f"commitments/{LETTER_A}/01.yaml"
    text = many_quotes_yaml(800)
    assert len(text.encode()) >= store.COMPOSED_FROM
    (root / rel).write_text(text, encoding="utf-8")
    sizes = []  # of the texts composed to place problems (small files are, on demand)
    real = yaml.compose
    monkeypatch.setattr(yaml, "compose", lambda t, **k: sizes.append(len(t)) or real(t, **k))
    for _ in range(2):  # cold, then with the places cached
        r = run("validate", "--root", root)
        assert r.stdout.count("quote does not occur") == 800
    assert sizes and max(sizes) < len(text) // 10
    monkeypatch.undo()
    quote_lines = [i + 1 for i, line in enumerate(text.splitlines()) if "quote: 第" in line]
    found = [
        int(line.split(":")[1])
        for line in r.stdout.splitlines()
        if line.startswith(rel + ":") and "quote does not occur" in line
    ]
    assert found == quote_lines
    assert found[::97] == [
        store.locate(root / rel, ("evidence", i, "quote"))[0] for i in range(0, 800, 97)
    ]


# --- jieba's dictionary ---------------------------------------------------------------------------

WORDS = "import sys; from tracker import text; print(' '.join(text.words(sys.argv[1])))"
SENTENCE = "加快推进家庭教育指导服务"


def words_in_process(tmp_path: Path, tmpdir: Path, cache_home: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", WORDS, SENTENCE],
        capture_output=True,
        text=True,
        env={**os.environ, "TMPDIR": str(tmpdir), "XDG_CACHE_HOME": str(cache_home)},
    )


def test_a_jieba_cache_planted_in_the_temp_folder_changes_nothing(tmp_path):
    import marshal

    shared = tmp_path / "shared-tmp"
    shared.mkdir()
    want = words_in_process(tmp_path, shared, tmp_path / "cache-a")
    assert want.returncode == 0 and want.stdout.split() == [
        "加快",
        "推进",
        "家庭教育",
        "指导",
        "服务",
    ]
    # another user's dictionary: one character per word, as if nothing else were a word
    (shared / "jieba.cache").write_bytes(marshal.dumps(({c: 1 for c in SENTENCE}, 10)))
    got = words_in_process(tmp_path, shared, tmp_path / "cache-b")
    assert got.stdout == want.stdout and got.stderr == ""
    # the tool's own cache is private to the user
    own = tmp_path / "cache-b" / "tracker"
    assert own.is_dir() and own.stat().st_mode & 0o777 == 0o700
    again = words_in_process(tmp_path, shared, tmp_path / "cache-b")  # read from that cache
    assert again.stdout == want.stdout and again.stderr == ""


def test_a_dictionary_cache_others_may_write_is_not_used(tmp_path):
    home = tmp_path / "cache"
    words_in_process(tmp_path, tmp_path, home)
    cached = home / "tracker" / "jieba-dict.msgpack"
    assert cached.is_file()
    import msgpack

    head, total, freq = msgpack.unpackb(cached.read_bytes(), raw=False)
    cached.write_bytes(msgpack.packb([head, 10, {c: 1 for c in SENTENCE}]))
    os.chmod(cached, 0o666)
    got = words_in_process(tmp_path, tmp_path, home)
    assert got.stdout.split() == ["加快", "推进", "家庭教育", "指导", "服务"]


def test_diff_writes_nothing_to_the_temp_folder_and_prints_nothing_of_jieba(tmp_path):
    from conftest import build_history

    repo = build_history(tmp_path / "repo")
    shared = tmp_path / "shared-tmp"
    shared.mkdir()
    r = tracker(
        "diff",
        "--root",
        repo.root,
        env={"TMPDIR": str(shared), "XDG_CACHE_HOME": str(tmp_path / "nowhere" / "x")},
    )
    assert r.returncode in (0, 1), r.stderr
    assert list(shared.iterdir()) == []
    assert "jieba" not in r.stderr.lower() and "Traceback" not in r.stderr


# --- outputs into the tree ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "commitments/gz-edu-2023-ta5020/01.yaml",
        "commitments/gz-edu-2023-ta5020/reply.yaml",
        "seeds/000_a140f72d90f69cdb.txt",
        "commitments/new.md",
    ],
)
@pytest.mark.parametrize("command", [["digest"], ["export", "--format", "csv"]])
def test_o_into_the_tree_is_refused_unless_forced(tmp_path, target, command):
    root = committed_tree(tmp_path / "tree")
    path = root / target
    before = path.read_bytes() if path.exists() else None
    r = run(*command, "-o", path, "--root", root)
    assert r.exit_code == 2, r.output
    assert "refusing to write into the tree's" in r.output and "--force" in r.output
    assert (path.read_bytes() if path.exists() else None) == before
    forced = run(*command, "-o", path, "--force", "--root", root)
    assert forced.exit_code == 0, forced.output
    assert path.read_bytes() != before


@pytest.mark.parametrize("command", [["digest"], ["export", "--format", "csv"]])
def test_o_into_git_is_refused_even_forced(tmp_path, command):
    root = committed_tree(tmp_path / "tree")
    head = root / ".git" / "HEAD"
    before = head.read_bytes()
    for extra in ([], ["--force"]):
        r = run(*command, "-o", head, *extra, "--root", root)
        assert r.exit_code == 2 and "git's own folder" in r.output
    assert head.read_bytes() == before
    assert run("status", "--root", root).exit_code == 0


def test_o_beside_the_tree_is_written(tmp_path):
    root = committed_tree(tmp_path / "tree")
    r = run("digest", "-o", root / "digests" / "d.md", "--root", root)
    assert r.exit_code == 0 and (root / "digests" / "d.md").is_file()


def test_import_into_a_tree_inside_a_tree_is_refused(tmp_path):
    root = committed_tree(tmp_path / "tree")
    letter = root / "seeds" / "000_a140f72d90f69cdb.txt"
    r = run("import", letter, "--into", root / "commitments" / "commitments")
    assert r.exit_code == 2, r.output
    assert "would be nested in the tree" in r.output
    assert not (root / "commitments" / "commitments").exists()
    assert not (root / "commitments" / "seeds").exists()


# --- escapes and formulas in every output format --------------------------------------------------

# A window-title sequence, a colour, NUL, a bidi override, formulas, a bare URL (YAML escapes).
HOSTILE_NOTE = r'"=HYPERLINK(\"http://evil.example/x\",\"点此\") \e]0;owned\a\e[31m红\0字\u202e反向 见 http://evil.example/y"'
HOSTILE_TAG = '"@SUM(1,1)"'


def hostile_tree(root: Path) -> Path:
    committed_tree(root)
    path = root / "commitments/gz-edu-2023-ta5020/01.yaml"
    text = path.read_text(encoding="utf-8")
    lines = []
    for line in text.splitlines():
        if line.startswith("status_note:"):
            line = f"status_note: {HOSTILE_NOTE}"
        elif line.startswith("tags:"):
            line = f'tags: [{HOSTILE_TAG}, "\\tTAB", "-1+2"]'
        lines.append(line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    commit_all(root, "hostile text")
    return root


RAW = ("\x1b", "\x00", "\x07", "\u202e")


def _no_raw_controls(text: str) -> None:
    for ch in RAW:
        assert ch not in text, repr(ch)


def test_the_hostile_note_is_read_as_it_is(tmp_path):
    from tracker import store

    root = hostile_tree(tmp_path / "tree")
    note = store.load_tree(root).commitments["gz-edu-2023-ta5020/01"].status_note
    assert "\x1b]0;owned\x07" in note and "\x00" in note and "\u202e" in note


def test_status_csv_has_no_escapes_and_no_formulas(tmp_path):
    import csv
    import io

    root = hostile_tree(tmp_path / "tree")
    r = run("status", "--csv", "--root", root)
    assert r.exit_code == 0, r.output
    _no_raw_controls(r.stdout)
    rows = list(csv.reader(io.StringIO(r.stdout)))
    cells = [c for row in rows for c in row]
    assert not any(c.startswith(("=", "+", "-", "@", "\t")) for c in cells), cells
    assert any(c.startswith("'=HYPERLINK(") for c in cells)
    assert any(c.startswith("'@SUM(1,1)") for c in cells)


def test_status_table_and_show_have_no_escapes(tmp_path):
    root = hostile_tree(tmp_path / "tree")
    for args in (["status"], ["show", "gz-edu-2023-ta5020/01"], ["log"]):
        r = run(*args, "--root", root)
        assert r.exit_code == 0, r.output
        _no_raw_controls(r.output)


def test_export_csv_to_stdout_has_no_escapes_and_no_formulas(tmp_path):
    root = hostile_tree(tmp_path / "tree")
    r = run("export", "--format", "csv", "--root", root)
    assert r.exit_code == 0, r.output
    _no_raw_controls(r.stdout)
    import csv
    import io

    cells = [c for row in csv.reader(io.StringIO(r.stdout.lstrip("\ufeff"))) for c in row]
    assert not any(c.startswith(("=", "+", "-", "@", "\t")) for c in cells), cells
    assert any("=HYPERLINK(" in c for c in cells)  # shown, inside its cell


def test_export_xlsx_with_control_characters_is_written(tmp_path):
    from openpyxl import load_workbook

    root = hostile_tree(tmp_path / "tree")
    out = tmp_path / "ledger.xlsx"
    r = run("export", "--format", "xlsx", "-o", out, "--root", root)
    assert r.exit_code == 0, r.output
    assert r.exception is None or isinstance(r.exception, SystemExit)
    ws = load_workbook(out).active
    texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    for t in texts:
        _no_raw_controls(t)
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("to_file", [False, True])
def test_digests_have_no_raw_controls(tmp_path, fmt, to_file):
    root = hostile_tree(tmp_path / "tree")
    out = tmp_path / f"digest.{fmt}"
    r = run("digest", "--format", fmt, *(["-o", out] if to_file else []), "--root", root)
    assert r.exit_code == 0, r.output
    text = out.read_text(encoding="utf-8") if to_file else r.stdout
    _no_raw_controls(text)
    assert "红" in text and "反向" in text  # the text itself is kept
    if fmt == "md":
        assert "http://evil.example" not in text  # no bare URL for GitHub to link
        assert "http\\://evil.example/y" in text
