"""Property-based tests: for any input, the readers report problems instead of raising.

- The YAML loader (bytes -> text -> data -> records) returns Problem values and never raises.
- The letter importer raises only the project's own errors, and every commitment it produces
  quotes its letter (after tracker.text.fold).

Bounded so that the whole module runs in well under a minute.
"""

from __future__ import annotations

import hashlib
import os
from datetime import date
from pathlib import Path
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker import extract, schema, store
from tracker import text as tx
from tracker.model import Commitment, Problem, Reply, TrackerError

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# --- the YAML loader ---------------------------------------------------------------------------

# Pieces hand edits and merges are made of: keys, values, quotes, brackets, anchors, tags, tabs,
# conflict markers, odd line ends, wide characters.
FRAGMENTS = [
    "id: ",
    "reply: ",
    "text: ",
    "status: ",
    "evidence:",
    "owners: ",
    "due: ",
    "lines: ",
    "tags: ",
    "gz-edu-2023-ta5020/01",
    "pending",
    "done",
    "已兑现",
    "2024-02-30",
    "2024-07-24",
    "null",
    "~",
    "[",
    "]",
    "{",
    "}",
    ", ",
    ": ",
    "- ",
    "  ",
    "    ",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "'",
    '"',
    "#",
    "&a ",
    "*a",
    "<<: ",
    "!!python/object:os.system ",
    "!!binary ",
    "!tag ",
    "? ",
    "|",
    ">",
    "---",
    "...",
    "<<<<<<< HEAD",
    "=======",
    ">>>>>>> b",
    "%YAML 1.1",
    "\ufeff",
    "\u3000",
    "１２",
    "推进",
    "\\",
    "\\x",
    "0x1F",
    "1e400",
    "-.inf",
    ".nan",
    "true",
    "yes",
    "012",
    "\x00",
    "\x85",
    "\u2028",
]
yaml_like = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=6), max_size=40).map("".join)
scalars = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20)
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
field_maps = st.dictionaries(
    st.sampled_from(schema.COMMITMENT_KEYS + schema.REPLY_KEYS + ("extra",)), values, max_size=12
)


def _all_problems(value: object, problems: list[Problem]) -> None:
    assert isinstance(problems, list)
    assert all(isinstance(p, Problem) for p in problems)
    for p in problems:
        assert p.path and p.message and "Traceback" not in p.message
        assert p.line is None or p.line >= 1
        p.format()


def _read_bytes(data: bytes) -> None:
    text, problems = store.decode_yaml_bytes(data, "x.yaml")
    _all_problems(text, problems)
    if text is None:
        assert any(p.level.value == "error" for p in problems)
        return
    value, more = store.parse_yaml_text(text, "x.yaml")
    _all_problems(value, more)
    for parse in (schema.parse_commitment, schema.parse_reply):
        record, issues = parse(value, "x.yaml")
        assert record is None or isinstance(record, Reply | Commitment)
        assert all(isinstance(i, schema.Issue) for i in issues)


@FAST
@given(st.binary(max_size=400))
def test_yaml_loader_any_bytes(data):
    _read_bytes(data)


@FAST
@given(yaml_like)
def test_yaml_loader_yaml_like_text(text):
    _read_bytes(text.encode("utf-8"))


@FAST
@given(st.sampled_from(range(1, 12)), st.integers(0, 200), yaml_like)
def test_yaml_loader_damaged_commitment(line, cut, noise):
    """A valid commitment file with a line replaced by noise, or cut short."""
    base = COMMITMENT.splitlines(keepends=True)
    i = line % len(base)
    damaged = "".join(base[:i]) + noise + "\n" + "".join(base[i + 1 :])
    _read_bytes(damaged.encode("utf-8"))
    _read_bytes(COMMITMENT.encode("utf-8")[: cut * 2])


@FAST
@given(field_maps)
def test_schema_any_field_values(fields):
    """Any field values of any types become issues, never exceptions."""
    for parse in (schema.parse_commitment, schema.parse_reply):
        record, issues = parse(fields, "x.yaml")
        assert record is None or isinstance(record, Reply | Commitment)
        for i in issues:
            assert isinstance(i.message, str) and len(i.message) < 2000


@SLOW
@given(field_maps | values)
def test_load_file_gives_problems_with_places(tmp_path_factory, data):
    """Files written from any data read back as a record or problems with places; never a raise."""
    import yaml

    root = tmp_path_factory.mktemp("fuzz")
    path = root / "commitments" / "r-1" / "01.yaml"
    path.parent.mkdir(parents=True)
    try:
        text = yaml.safe_dump(data, allow_unicode=True)
    except (yaml.YAMLError, ValueError):
        return
    path.write_text(text, encoding="utf-8")
    record, problems = store.load_file(root, path)
    _all_problems(record, problems)
    if record is None:
        assert problems
    for p in problems:
        assert p.path == "commitments/r-1/01.yaml"


COMMITMENT = """\
id: gz-edu-2023-ta5020/01
reply: gz-edu-2023-ta5020
area: 强化专业队伍建设
text: 推进全市中小学100%配齐专职心理教师;
lines: [36, 36]
status: pending
status_note: null
owners: []
due: null
tags: []
evidence: []
"""

# --- the letter importer -----------------------------------------------------------------------


def _check_letter(text: str) -> None:
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    try:
        letter = extract.parse_letter(text, source_path="seeds/x.txt", sha256=sha)
    except TrackerError as e:
        assert e.message
        return
    folded = tx.fold(text)
    for c in letter.commitments:
        assert c.text.strip(), f"{c.id}: empty text"
        assert tx.fold(c.text) in folded, f"{c.id}: text not in its letter: {c.text!r}"
        assert c.id.startswith(letter.reply.id + "/")
    assert schema.REPLY_ID.match(letter.reply.id), letter.reply.id


def _check_bytes(data: bytes, tmp: Path, name: str = "letter.txt") -> None:
    path = tmp / name
    path.write_bytes(data)
    try:
        letter = extract.read_letter(path, root=tmp)
    except TrackerError as e:
        assert e.message
        return
    folded = tx.fold(letter.text)
    for c in letter.commitments:
        assert tx.fold(c.text) in folded, f"{c.id}: text not in its letter: {c.text!r}"


seed_texts = st.sampled_from(SEED_TEXTS)
LETTER_NOISE = [
    "\n",
    "\r\n",
    "\u3000",
    "  ",
    "一、",
    "二、下一步工作安排",
    "下一步工作计划：",
    "（一）",
    "1.",
    "一是",
    "二是",
    "；",
    "。",
    "[bold]",
    "[/]",
    "<script>alert(1)</script>",
    "&amp;",
    "\x00",
    "\ufeff",
    "\u200b",
    "委员：",
    "此复。",
    "2024年7月24日",
    "联系人：张三",
    "抄送：",
    "附件",
    "第",
    "号",
    "發展",
]


@st.composite
def damaged_letters(draw):
    """A seed letter with lines cut, repeated, shuffled or sprinkled with noise, or truncated."""
    lines = draw(seed_texts).splitlines(keepends=True)
    for _ in range(draw(st.integers(0, 6))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["drop", "dup", "noise", "swap", "cut"]))
        if op == "drop":
            del lines[i]
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "noise":
            pos = draw(st.integers(0, len(lines[i])))
            lines[i] = (
                lines[i][:pos]
                + draw(st.sampled_from(LETTER_NOISE) | st.text(max_size=5))
                + lines[i][pos:]
            )
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        else:
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
    text = "".join(lines)
    if draw(st.booleans()):
        text = text[: draw(st.integers(0, len(text)))]
    return text


@SLOW
@given(damaged_letters())
def test_importer_damaged_letters(text):
    _check_letter(text)


@FAST
@given(st.lists(st.sampled_from(LETTER_NOISE) | st.text(max_size=8), max_size=30).map("".join))
def test_importer_any_text(text):
    _check_letter(text)


@SLOW
@given(st.binary(max_size=300) | damaged_letters().map(lambda t: t.encode("gb18030", "replace")))
def test_importer_any_bytes(tmp_path_factory, data):
    _check_bytes(data, tmp_path_factory.mktemp("letter"))


@SLOW
@given(
    damaged_letters(),
    st.sampled_from(["<script>x</script>", "<p>", "<br>", "</div>", "<!--", "&lt;"]),
)
def test_importer_any_web_page(tmp_path_factory, text, tag):
    page = (
        f"<html><body><p>{tag}</p>"
        + "".join(f"<p>{line}</p>" for line in text.splitlines())
        + "</body></html>"
    )
    _check_bytes(page.encode("utf-8"), tmp_path_factory.mktemp("page"), "letter.html")


# --- writes touch only what they mean to ---------------------------------------------------------

ENTRY = {
    "reply": "gz-edu-2025-ta4154",
    "section": "progress",
    "line": 8,
    "quote": "新的一句。",
    "verdict": "progress",
    "score": 0.5,
    "confirmed": False,
}


@st.composite
def hand_edited_commitments(draw):
    """A commitment file as a clerk might leave it: comments, blank lines, odd quoting and lists."""
    comment = st.sampled_from(["", "  # 备注", "   # checked", " #x"])
    blank = st.sampled_from(["", "\n", "# 一行注释\n", "\n# 注释\n\n"])
    indent = draw(st.sampled_from(["", "  ", "    "]))
    out = [draw(st.sampled_from(["", "# 承办处室\n", "---\n"]))]
    out.append(f"id: gz-edu-2023-ta5020/01{draw(comment)}\n")
    out.append("reply: gz-edu-2023-ta5020\n" + draw(blank))
    out.append(
        draw(
            st.sampled_from(
                [
                    'text: "推进全市中小学100%配齐专职心理教师;"\n',
                    "text: '推进全市中小学100%配齐专职心理教师;'\n",
                    "text: >-\n  推进全市中小学100%配齐专职心理教师;\n",
                ]
            )
        )
    )
    out.append(
        f"status: {draw(st.sampled_from(['pending', 'in_progress', 'done']))}{draw(comment)}\n"
    )
    out.append(
        draw(
            st.sampled_from(
                [
                    "status_note: null\n",
                    "status_note: |\n  第一行\n    缩进行\n",
                    "status_note: '引号: 里有冒号'\n",
                    "status_note:\n",
                ]
            )
        )
        + draw(blank)
    )
    out.append(
        draw(
            st.sampled_from(
                [
                    "owners: []\n",
                    "owners: [ 市教育局 ,各区]\n",
                    f"owners:\n{indent}- 市教育局{draw(comment)}\n{indent}- 各区\n",
                ]
            )
        )
    )
    out.append(draw(st.sampled_from(["tags: []\n", "tags: [师资]\n", "due: 2026-03-01\n", ""])))
    n = draw(st.integers(0, 2))
    if n == 0:
        out.append(draw(st.sampled_from(["evidence: []\n", "evidence:\n"])))
    else:
        out.append(
            "evidence:"
            + draw(comment)
            + "\n"
            + draw(st.sampled_from(["", f"{indent}# 人工确认\n"]))
        )
        for i in range(n):
            out.append(
                f"{indent}- reply: gz-edu-2025-ta4154{draw(comment)}\n"
                f"{indent}  section: progress\n{indent}  quote:   旧的第{i}句。\n"
                f"{indent}  verdict: done\n{indent}  confirmed: true{draw(comment)}\n"
            )
    out.append(draw(st.sampled_from(["", "# 文件结束\n", "\n# end\n", "\n"])))
    return "".join(out)


@SLOW
@given(hand_edited_commitments())
def test_recording_evidence_changes_only_the_evidence(tmp_path_factory, text):
    import difflib

    root = tmp_path_factory.mktemp("write")
    path = root / "commitments" / "gz-edu-2023-ta5020" / "01.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    before, _ = store.parse_yaml_text(text, "01.yaml")  # dates stay text, as the store reads them
    record, problems = store.load_file(root, path)
    assert problems == [] and isinstance(record, Commitment), (problems, text)
    with mock.patch.object(os, "fsync", lambda fd: None):  # durability is not what is tested here
        assert store.record_evidence(root, record, [ENTRY], status=None)
    new = path.read_text(encoding="utf-8")
    value, problems = store.read_yaml(path, "01.yaml")
    assert problems == [], (problems, new)
    assert value["evidence"] == (before.get("evidence") or []) + [ENTRY]
    assert {k: v for k, v in value.items() if k != "evidence"} == {
        k: v for k, v in before.items() if k != "evidence"
    }
    # outside the evidence block, every line is kept as it was
    old_lines, new_lines = text.splitlines(), new.splitlines()
    ev_old = next(i for i, line in enumerate(old_lines) if line.startswith("evidence:"))
    ev_new = next(i for i, line in enumerate(new_lines) if line.startswith("evidence:"))
    assert new_lines[:ev_new] == old_lines[:ev_old]
    if before.get("evidence"):  # entries already there keep every byte
        old_block = [
            line for line in old_lines[ev_old + 1 :] if line.startswith(" ") or line.startswith("-")
        ]
        sm = difflib.SequenceMatcher(a=old_block, b=new_lines[ev_new + 1 :], autojunk=False)
        assert all(op in ("equal", "insert") for op, *_ in sm.get_opcodes()), new


# --- machine output ----------------------------------------------------------------------------

# Strings that stress a JSON writer: quotes, backslashes, control and bidi characters, lone
# surrogates, wide characters, and values equal to a status or verdict ("done").
json_text = st.text(max_size=12) | st.sampled_from(
    [
        "",
        "done",
        "pending",
        '"',
        "\\",
        "\n\t\x00\x1b[31m",
        "\u202e",
        "\ud800",
        "学校 / 师资",
        "null",
    ]
)
json_dates = st.none() | st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31))


@st.composite
def rows(draw):
    from tracker.model import Status, Verdict
    from tracker.report import Row

    verdict = draw(st.none() | st.sampled_from(list(Verdict)))
    return Row(
        id=draw(json_text),
        reply=draw(json_text),
        issuer=draw(st.none() | json_text),
        letter_date=draw(json_dates),
        doc_number=draw(st.none() | json_text),
        area=draw(st.none() | json_text),
        text=draw(json_text),
        status=draw(st.sampled_from(list(Status))),
        status_note=draw(st.none() | json_text),
        tags=tuple(draw(st.lists(json_text, max_size=3))),
        owners=tuple(draw(st.lists(json_text, max_size=3))),
        due=draw(json_dates),
        evidence_reply=draw(st.none() | json_text) if verdict else None,
        evidence_date=draw(json_dates) if verdict else None,
        evidence_verdict=verdict,
        evidence_confirmed=draw(st.booleans()) if verdict else False,
        evidence_count=draw(st.integers(0, 5)),
        age=draw(st.none() | st.integers(-400, 20000)),
        quiet=None,
        path=draw(json_text),
    )


@FAST
@given(st.lists(rows(), max_size=6), st.sampled_from(["zh", "en"]))
def test_status_json_is_what_the_json_encoder_writes(rows, lang):
    """`tracker status --json` writes each row field by field; it must be exactly the line
    json's encoder makes of the row's data, and the whole must parse back to that data."""
    import json

    from tracker import report

    out = report.to_json(rows, lang)
    expected = [json.dumps(report.row_data(r, lang), ensure_ascii=False) for r in rows]
    assert out == ("[\n" + ",\n".join(expected) + "\n]" if rows else "[]")
    assert json.loads(out) == [json.loads(line) for line in expected]
