"""The store: fast reads, faithful round trips, atomic writes that touch only what they mean to."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from conftest import Shape, make_tree
from hypothesis import given, settings
from hypothesis import strategies as st
from test_fuzz import field_maps, values, yaml_like

from tracker import store
from tracker.model import Commitment, Status

REPO = Path(__file__).resolve().parent.parent


def test_reading_uses_the_c_parser():
    # PyYAML without libyaml silently falls back to pure Python, ten times slower.
    assert yaml.__with_libyaml__
    assert issubclass(store.loader(), yaml.CSafeLoader)
    assert store.parser_name() == "libyaml (C)"


def bundled_files() -> list[Path]:
    return store.tree_files(REPO)


@pytest.mark.parametrize(
    "path", bundled_files() or [None], ids=lambda p: str(p and p.relative_to(REPO))
)
def test_untouched_round_trip_is_byte_identical(path):
    if path is None:
        pytest.skip("no bundled tree")
    text = path.read_text(encoding="utf-8")
    assert store.roundtrip_text(text) == text


def test_written_files_round_trip_and_read_back(tmp_path):
    make_tree(tmp_path, shape=Shape.SMALL)
    tree = store.load_tree(tmp_path)
    assert tree.problems == []
    assert list(tree.commitments) == ["gz-edu-2023-ta5020/01", "gz-edu-2023-ta5020/02"]
    assert tree.replies["gz-edu-2025-ta4154"].issuer_as_printed == "快手成人版"
    for f in store.tree_files(tmp_path):
        text = f.read_text(encoding="utf-8")
        assert store.roundtrip_text(text) == text


def test_reading_never_writes(tmp_path):
    make_tree(tmp_path, shape=Shape.SMALL)
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in tmp_path.rglob("*") if p.is_file()}
    store.load_tree(tmp_path)
    after = {
        p: (p.stat().st_mtime_ns, p.read_bytes())
        for p in tmp_path.rglob("*")
        if p.is_file()
        if store.CACHE_DIR not in p.parts
    }
    assert after == before


HAND_EDITED = """\
# 这条承诺由办公室跟进
id: gz-edu-2023-ta5020/01
reply: gz-edu-2023-ta5020
area: 强化专业队伍建设
text: "推进全市中小学100%配齐专职心理教师;"
lines: [36, 36]
status: in_progress   # 2024 年复核
status_note: ~
owners: [市教育局 , 各区教育局]

due: 2025-06-30
tags: [师资]
evidence: []
# end of file
"""


def _commitment(tmp_path: Path) -> Commitment:
    tree = store.load_tree(tmp_path)
    return tree.commitments["gz-edu-2023-ta5020/01"]


def test_record_evidence_touches_only_evidence(tmp_path):
    make_tree(tmp_path, shape=Shape.SMALL)
    path = tmp_path / "commitments/gz-edu-2023-ta5020/01.yaml"
    path.write_text(HAND_EDITED, encoding="utf-8")
    c = _commitment(tmp_path)
    entry = {
        "reply": "gz-edu-2025-ta4154",
        "section": "progress",
        "line": 8,
        "quote": "全市中小学校100%完成",
        "verdict": "done",
        "score": 0.8,
        "confirmed": False,
    }
    assert store.record_evidence(tmp_path, c, [entry]) is True
    new = path.read_text(encoding="utf-8")
    old_lines = HAND_EDITED.splitlines()
    # every line but the evidence block is byte-identical, comments and odd spacing included
    ev = old_lines.index("evidence: []")
    assert new.splitlines()[:ev] == old_lines[:ev]
    assert new.endswith("# end of file\n")
    assert "  - reply: gz-edu-2025-ta4154\n" in new
    assert store.load_tree(tmp_path).commitments[c.id].evidence[0].quote == "全市中小学校100%完成"
    # twice changes nothing
    assert store.record_evidence(tmp_path, _commitment(tmp_path), [entry]) is False
    assert path.read_text(encoding="utf-8") == new


def test_status_write_keeps_crlf_and_bom(tmp_path):
    make_tree(tmp_path, shape=Shape.SMALL)
    path = tmp_path / "commitments/gz-edu-2023-ta5020/02.yaml"
    data = b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n")
    path.write_bytes(data)
    c = store.load_tree(tmp_path).commitments["gz-edu-2023-ta5020/02"]
    assert store.record_evidence(tmp_path, c, [], status="repeated")
    out = path.read_bytes()
    assert out.startswith(b"\xef\xbb\xbf")
    assert out.replace(b"status: repeated", b"status: pending") == data
    assert store.load_tree(tmp_path).commitments[c.id].status == Status.REPEATED


def test_update_keeps_clerk_fields(tmp_path):
    make_tree(tmp_path, shape=Shape.SMALL)
    path = tmp_path / "commitments/gz-edu-2023-ta5020/01.yaml"
    path.write_text(
        HAND_EDITED.replace("area: 强化专业队伍建设", "area: 旧的标题"), encoding="utf-8"
    )
    tree = store.load_tree(tmp_path)
    reply = tree.replies["gz-edu-2023-ta5020"]
    fresh = [
        Commitment(id=c.id, reply=c.reply, text=c.text, area="强化专业队伍建设", lines=c.lines)
        for c in tree.commitments_of(reply.id)
    ]
    report = store.write_reply(tmp_path, reply, fresh, update=True)
    assert report.updated == ["commitments/gz-edu-2023-ta5020/01.yaml"]
    assert path.read_text(encoding="utf-8") == HAND_EDITED
    report = store.write_reply(tmp_path, reply, fresh, update=True)
    assert report.updated == []


def test_atomic_write_leaves_old_file_when_rename_fails(tmp_path, monkeypatch):
    target = tmp_path / "a.yaml"
    target.write_bytes(b"old: 1\n")

    def boom(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        store.atomic_write(target, b"new: 2\n")
    assert target.read_bytes() == b"old: 1\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]  # no temporary file left behind


def test_atomic_write_into_a_pipe_writes_through_it(tmp_path):
    """`-o /dev/stdout` or a named pipe: the bytes go through it, the pipe stays a pipe."""
    import stat
    import threading

    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    store.atomic_write(fifo, "简报\n".encode())
    reader.join(timeout=10)
    assert got == ["简报\n".encode()]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_strings_a_yaml_1_1_reader_would_misread_are_quoted(tmp_path):
    """ruamel writes YAML 1.2; the reader is 1.1, where `yes`, `off` and `12:30` are not text."""
    words = ["yes", "on", "No", "off", "12:30", "1.0", "~", "普通", "y"]
    path = tmp_path / "x.yaml"
    path.write_text(store.dump_text({"tags": ["a"], "status_note": "note"}), encoding="utf-8")
    store.update_file(path, lambda doc: store.set_fields(doc, {"tags": words, "status_note": "no"}))
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=store.loader())
    assert data == {"tags": words, "status_note": "no"}
    assert "  - 'yes'\n" in path.read_text(encoding="utf-8")


# --- nothing is read or written through a link out of the tree -------------------------------------

A = "commitments/gz-edu-2023-ta5020"
SEED_2023 = "seeds/000_a140f72d90f69cdb.txt"


def _link_out(root: Path, rel: str, outside: Path) -> Path:
    """Move `rel` of the tree to `outside` and leave a symbolic link to it in its place."""
    target = outside / rel.replace("/", "_")
    (root / rel).rename(target)
    (root / rel).symlink_to(target, target_is_directory=True)
    return target


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".tracker-cache" not in p.parts
    }


def _cli(*args: str) -> tuple[int, str]:
    from typer.testing import CliRunner

    from tracker.cli import app

    r = CliRunner().invoke(app, list(args), env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    return r.exit_code, r.output


@pytest.mark.parametrize("linked", [A, "commitments", "seeds"])
def test_no_command_reads_or_writes_through_a_link_out_of_the_tree(tmp_path, linked):
    root = make_tree(tmp_path / "tree", shape=Shape.SMALL)
    outside = tmp_path / "outside"
    outside.mkdir()
    # something for each command to do: a letter to refresh, proposals to record
    edited = root / A / "reply.yaml"
    edited.write_text(edited.read_text("utf-8").replace("title: ", "title: 旧"), "utf-8")
    target = _link_out(root, linked, outside)
    before = _files(outside)
    r = str(root)
    code, out = _cli("validate", "--root", r)
    assert code == 1 and "outside the tree" in out and linked in out, out
    code, out = _cli("import", str(root / SEED_2023), "--update", "--root", r)
    assert code == 1 and "outside the tree" in out, out
    assert f"hint: replace the link {linked} with the folder or file itself" in out
    code, out = _cli("diff", "--write", "--root", r)
    code, out = _cli("show", "gz-edu-2023-ta5020/01", "--root", r)
    if linked != "seeds":  # the record is not read through the link: said so, and why
        assert code == 1 and "cannot be read" in out and "outside the tree" in out, out
    for cmd in (["status"], ["status", "--json"], ["digest"]):
        code, out = _cli(*cmd, "--root", r)
        assert "Traceback" not in out
        if linked != "seeds":
            assert "outside the tree" in out, (cmd, out)
            assert "推进全市中小学" not in out, (cmd, out)
    assert _files(outside) == before, "a file outside the tree changed"
    assert target.is_dir()


# --- the quicker resolve and construction against PyYAML's own -----------------------------------


# What each way of reading gives, as text: repr() tells 1 from 1.0 and True, and NaN from NaN.
def _both(text: str) -> tuple[str, str]:
    fast = store.parse_yaml_text(text, "x.yaml")
    plain = store.parse_yaml_text(text, "x.yaml", plain=True)
    return repr(fast), repr(plain)


@settings(max_examples=300, deadline=None)
@given(yaml_like)
def test_quick_reading_equals_pyyamls_own_on_any_text(text):
    fast, plain = _both(text)
    assert fast == plain


@settings(max_examples=200, deadline=None)
@given(st.one_of(values, field_maps))
def test_quick_reading_equals_pyyamls_own_on_dumped_values(value):
    for text in (
        yaml.safe_dump(value, allow_unicode=True),
        yaml.safe_dump(value, default_flow_style=True),
    ):
        fast, plain = _both(text)
        assert fast == plain


# Files the quick construction hands back to PyYAML's, and files it builds itself.
ODD_FILES = [
    "a: 1\na: 2\n",  # duplicate key
    "a: 1\n1: 2\n1.0: 3\n",  # keys equal as values
    "? [1, 2]\n: x\n",  # unhashable key
    "? {a: 1}\n: x\n",
    "=: x\n",  # the value key, which flattening turns into text
    "a: =\n",
    "<<: {b: 1}\na: 2\n",  # merge key
    "a: !!str 12\nb: !!int '12'\nc: !!float '1'\nd: !!bool 'yes'\ne: !!null ''\n",
    "a: !!binary aGVsbG8=\n",
    "a: !!set {x, y}\n",
    "a: !!omap [x: 1]\n",
    "a: !!python/object:os.system x\n",
    "a: !custom x\n",
    "a: !!str [1]\n",
    "a: !!seq {b: 1}\n",
    "a: !!map [1]\n",
    "a: 0x1F\nb: 0o17\nc: 017\nd: 1_000\ne: 1:30\nf: -0b101\ng: +12\n",
    "a: .inf\nb: -.Inf\nc: .NaN\nd: 1e3\ne: 6.8523015e+5\nf: 1_0.5\n",
    "a: yes\nb: No\nc: on\nd: OFF\ne: ~\nf: null\ng: ''\nh:\n",
    "a: 2024-02-30\nb: 2001-12-14t21:59:43.10-05:00\n",
    "- a\n- [b, {c: d}]\n- {}\n- []\n",
    "",
    "# only a comment\n",
    "plain text\n",
    "a: " + "[" * 600 + "]" * 600 + "\n",  # deeper than the quick build goes
    "[" * 2000 + "]" * 2000 + "\n",
    "id: gz-edu-2023-ta5020/01\nstatus: donee\nlines: [36, x]\nevidence: [{reply: 1}]\n",
    "a: !!int abc\n",  # values their tag's constructor refuses
    "a: !!float abc\n",
    "a: !!bool maybe\n",
    "a: !!int ''\n",
    "lines: [0b_, 2]\n",  # int's pattern matches, int() refuses
    "a: 0x_\n",
]


@pytest.mark.parametrize("text", ODD_FILES, ids=range(len(ODD_FILES)))
def test_quick_reading_equals_pyyamls_own_on_odd_files(text):
    fast, plain = _both(text)
    assert fast == plain


def test_bench_files_read_the_same_both_ways(tmp_path):
    """The generator's files (the shapes `make bench` times) read alike both ways."""
    import sys

    sys.path.insert(0, str(REPO / "bench"))
    try:
        import generate
    finally:
        sys.path.pop(0)
    generate.main([str(tmp_path / "t"), "--commitments", "300", "--no-git"])
    texts = [p.read_text(encoding="utf-8") for p in store.tree_files(tmp_path / "t")]
    assert len(texts) > 300
    for text in texts:
        fast, plain = _both(text)
        assert fast == plain


# A tree with a problem of every kind reading meets, each in its own file.
BROKEN = {
    "01.yaml": [("status: pending", "status: donee\nstatus: done")],  # duplicate key
    "02.yaml": [("tags: []", "tags: !!python/object:os.system x")],
    "03.yaml": "id: gz-edu-2023-ta5020/03\n? [a]\n: b\n",
    "04.yaml": "id: gz-edu-2023-ta5020/04\n<<: {status: done}\n",
    "05.yaml": "id: gz-edu-2023-ta5020/05\ntext: [unclosed\n",
    "06.yaml": "id: gz-edu-2023-ta5020/06\nreply: gz-edu-2023-ta5020\nlines: [x, 2]\nstatus: 12\n"
    "due: 2024-02-30\nevidence: [{reply: 1, quote: !!str 2}]\nowners: {a: 1}\n=: x\n",
    "07.yaml": "- a list\n- not a record\n",
}


def _break(root: Path) -> None:
    folder = root / "commitments" / "gz-edu-2023-ta5020"
    for name, change in BROKEN.items():
        path = folder / name
        if isinstance(change, str):
            path.write_text(change, encoding="utf-8")
            continue
        text = path.read_text(encoding="utf-8")
        for old, new in change:
            assert old in text
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")


def test_validate_says_the_same_with_pyyamls_own_reading(tmp_path, monkeypatch):
    """Every validate message (file:line:col) on a tree full of errors is the same whether the
    files are read the quick way or PyYAML's own (its resolve and its construction)."""
    root = make_tree(tmp_path / "t", shape=Shape.SMALL)
    _break(root)
    monkeypatch.setenv("TRACKER_NO_CACHE", "1")  # both runs read every file
    args = ("validate", "--root", str(root))
    code, quick = _cli(*args)
    assert code == 1
    for name in BROKEN:
        assert f"gz-edu-2023-ta5020/{name}:" in quick, name  # each file has its problem
    monkeypatch.setattr(store, "_LOADER", store._loader_class(fast=False))
    monkeypatch.setattr(store, "_construct", store.construct_plain)
    assert store.loader().resolve is yaml.resolver.BaseResolver.resolve
    code_plain, plain = _cli(*args)
    assert (code_plain, plain) == (code, quick)


def test_a_map_tag_on_a_list_is_a_problem_not_a_crash():
    value, problems = store.parse_yaml_text("id: x\na: !!map [1]\n", "x.yaml")
    assert value is None
    assert [p.format() for p in problems] == [
        "x.yaml:2:4: error: tag !!map is not allowed on a sequence "
        "(remove the tag; files hold plain values only)"
    ]


@pytest.mark.parametrize(
    ("text", "place", "value", "kind"),
    [
        ("id: x\na: !!int abc\n", "2:4", "abc", "int"),
        ("id: x\na: !!bool maybe\n", "2:4", "maybe", "bool"),
        ("id: x\na: [0b_, 2]\n", "2:5", "0b_", "int"),
        ("id: x\na: !!float ''\n", "2:4", "", "float"),
    ],
)
def test_a_value_its_tag_refuses_is_a_problem_not_a_crash(tmp_path, text, place, value, kind):
    """Before, int() or the bool table raised out of the reader: a traceback from validate."""
    _, problems = store.parse_yaml_text(text, "x.yaml")
    assert [p.format() for p in problems] == [
        f"x.yaml:{place}: error: '{value}' is not a valid {kind} "
        f"(quote the value to keep it as text (and remove a tag !!{kind}))"
    ]
    root = make_tree(tmp_path / "t", shape=Shape.SMALL)
    path = root / A / "01.yaml"
    path.write_text(path.read_text(encoding="utf-8") + text.replace("id: x\n", "x: 1\n"))
    code, out = _cli("validate", "--root", str(root))
    assert code == 1 and "Traceback" not in out
    assert f"{A}/01.yaml:" in out and f"is not a valid {kind}" in out
