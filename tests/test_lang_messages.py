"""Every message a clerk acts on has a Chinese form: each bad input of tests/bad/cases.toml that
`tracker validate` or a daily command reports is told in Chinese under --lang zh, with no English
sentence left (ids, paths, field names, values and commands stay as written)."""

from __future__ import annotations

import re
from typing import Any

import pytest
import test_reliability as rel

# commands a clerk runs daily whose messages have a Chinese form
DAILY = ("validate", "import", "diff", "status", "show")

# what stays as written inside a Chinese line: quoted values, commands, quotes from letters,
# paths and ids, options, file names
_KEPT = re.compile(
    r"`[^`]*`|'[^']*'|\"[^\"]*\"|「[^」]*」|“[^”]*”|--?[a-z][\w-]*|[\w.\-]*[/\\][\w.\-/\\ ]*|[\w\-]+\.\w+"
)
_ENGLISH = re.compile(r"\b[A-Za-z]{2,}(?: [A-Za-z]{2,})+\b")  # words of a sentence, not a list


# known gaps: the case, and why its message is still English
UNTRANSLATED: dict[str, str] = {}


def english_left(line: str) -> list[str]:
    """The runs of two or more English words a Chinese line still holds."""
    return _ENGLISH.findall(_KEPT.sub(" ", line))


def _zh_cases() -> list[Any]:
    out = []
    for c in rel.CASES:
        args = c.get("args", ["validate", "--root", "{root}"])
        if args[0] not in DAILY or "xfail" in c:
            continue
        if "--format" in args or "--csv" in args:
            continue  # output for programs (--format json, --csv): English by design
        marks = []
        if c["name"] in UNTRANSLATED:
            marks = [pytest.mark.xfail(strict=True, reason=UNTRANSLATED[c["name"]])]
        out.append(pytest.param(c, id=c["name"], marks=marks))
    return out


def test_the_detector_finds_english():
    assert english_left("commitments/a/01.yaml:3:1: 错误: unknown field 'x'") == ["unknown field"]
    assert (
        english_left("commitments/a/01.yaml:3:1: 错误: 未知字段 'status_x'（运行 `tracker x y`）")
        == []
    )


@pytest.mark.parametrize("case", _zh_cases())
def test_bad_input_in_chinese(case, tmp_path):
    root = rel.build_case(case, tmp_path)
    args = [rel.fill(a, root, tmp_path) for a in case.get("args", ["validate", "--root", "{root}"])]
    code, lines = rel.run_cli([*args, "--lang", "zh"], case.get("stream", "output"))
    assert code == case["exit"], lines
    left = {line: english_left(line) for line in lines}
    assert not {k: v for k, v in left.items() if v}, "\n".join(lines)


# messages the bad-input cases do not reach, one of each form the checks and writes give
MORE_MESSAGES = [
    "write one field per line (id: ..., source: ...), or restore the file from git",
    "missing required field 'issuer'",
    "write issuer: null when the letter does not say",
    "'sha256' must be 64 lower-case hex digits",
    "run `tracker import <letter> --update` to record it again",
    "status 'superseded' without a status_note",
    "say in status_note what replaced it",
    "an evidence entry cannot be both confirmed and rejected",
    "keep confirmed: true if it holds, rejected: true if it does not",
    "unknown reason 'softer' (expected one of: fewer_numbers, no_deadline)",
    "hidden folder: not part of the tree, its files are not read",
    "not a YAML file: not part of the tree, and not read",
    "commitments/a/01.yaml changed while it was being written; not written",
    "commitments/a/01.yaml: changed 3 times while it was being updated; not updated",
    "save the file and close it in the editor, then run the command again "
    "(it adds only what is still missing)",
    "commitments/a/01.yaml: cannot update: file is empty",
    "fix the file (`tracker validate` lists its problems), then run the command again",
    "reply id 'a b' is not a safe folder name",
    "commitments/a/reply.yaml exists: this letter is already in the tree",
    "run the import again with --update to refresh it",
    "commitments/a/03.yaml: no longer an item of the letter; kept (delete it by hand if so)",
    "commitments/a appeared while the letter was being written; not written",
    "run the import again with --update",
    "commitments/a/01.yaml: 'evidence' is not a list; not updated",
    "write evidence: [] or a list of entries, then run the command again",
    "write restated_in: [] or a list of {id, weakened}, then run the command again",
    "commitment file name 'x1' is not a number",
    "name commitment files 01.yaml, 02.yaml, ...",
    "reply 'a' is not the folder it sits in ('b')",
    "set reply: b",
    "evidence comes from another issuer (某市教育局 ≠ 某市民政局)",
    "declare a succession in tracker.yaml if the bureau was renamed",
    "evidence letter b (2023-01-01) is not later than a (2024-01-01)",
    "evidence must come from a later letter",
    "source 'letters/x.txt' is not under seeds/",
    "keep letters under seeds/ so they are under version control",
    "section lines 30-90 run past the letter's end (line 60)",
    "run `tracker import seeds/x.txt --update`",
    "the letter's next-steps sections hold 6 items; commitments/a/ holds 2 "
    "(an import that did not finish?)",
    "the letter a.txt changed since import",
    "review the change, then run `tracker import seeds/x.txt --update`",
    "evidence line 12 does not hold the quote: it is on lines 14-15 of seeds/b.txt",
    "set line: 14",
    "text does not occur in its letter seeds/a.txt",
    # usage errors
    "--format: 'xml' is not one of 'text', 'json', 'github'",
    "--stale: expected a whole number",
    "unknown revision 'nope'",
    "give a branch, tag, commit, or a date like 2024-06-30",
    "--as-of 2024-13-01: not a date",
    "write it like 2025-06-30",
    "no such command 'valdate'",
    "no such command 'valdate'. Did you mean 'validate'?",
    "'2024-13-01' is not a real date",
    "got unexpected extra argument (x)",
    "option '--root' requires an argument",
]


@pytest.mark.parametrize("text", MORE_MESSAGES)
def test_every_message_form_has_a_chinese_form(text):
    from tracker.labels import problem_zh

    zh = problem_zh(text)
    assert zh != text and not english_left(zh), zh


def test_the_note_on_a_cache_git_holds_is_in_chinese(tmp_path):
    case = next(c for c in rel.CASES if c.get("make") == "pickle-caches")
    root = rel.build_case(case, tmp_path)
    code, lines = rel.run_cli(["validate", "--root", str(root), "--lang", "zh"], "stderr")
    assert code == 0, lines
    assert lines == [
        "注意：.tracker-cache/ 中有 git 跟踪的文件，已忽略"
        "（缓存从不从仓库读取：运行 `git rm -r --cached .tracker-cache`）"
    ]
