"""validate's checks with no cache at all: pure functions of the tree and the letters.

The memo (tracker.cache.checks) only keeps what the checks compute; these tests run the checks
through NoMemo and through a memo that records what it is asked, and on records built in memory.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from conftest import Shape, make_tree

from tracker import store
from tracker.cache import CACHE_DIR
from tracker.cache.checks import CommitmentCheck, NoMemo
from tracker.issuers import Config
from tracker.model import Commitment, Evidence, Reply, SectionKind, Source, Verdict
from tracker.validate import (
    CHECKS,
    Sources,
    check_fidelity,
    check_references,
    missing_quotes,
    reference_findings,
    validate,
)

C1 = "commitments/gz-edu-2023-ta5020/01.yaml"


def _reply(rid: str, issuer: str, day: date, letter: str = "seeds/x.txt") -> Reply:
    return Reply(id=rid, source=Source(letter, ""), issuer=issuer, title=None, reply_date=day)


def _evidence(reply: str, quote: str = "q") -> Evidence:
    return Evidence(reply, SectionKind.PROGRESS, quote, Verdict.DONE, 0.5)


def test_reference_findings_from_records_alone():
    own = _reply("a-2023-1", "广州市教育局", date(2023, 8, 31))
    later = _reply("a-2025-1", "广州市教育局", date(2025, 6, 1))
    earlier = _reply("a-2021-1", "广州市教育局", date(2021, 6, 1))
    other = _reply("b-2025-1", "广州市民政局", date(2025, 6, 1))
    replies = {r.id: r for r in (own, later, earlier, other)}
    c = Commitment(
        id="a-2023-1/01",
        reply=own.id,
        area="",
        text="t",
        evidence=(
            _evidence(later.id),
            _evidence("nowhere"),
            _evidence(own.id),
            _evidence(earlier.id),
            _evidence(other.id),
        ),
    )
    asked: list[int] = []

    def config() -> Config:
        asked.append(1)
        return Config()

    assert reference_findings(c, own, replies, config) == (
        (1, "missing"),
        (2, "own"),
        (3, "date"),
        (4, "issuer"),
    )
    assert asked  # tracker.yaml is asked for only when an issuer is compared
    assert reference_findings(replace(c, evidence=c.evidence[:1]), own, replies, config) == ()


def test_missing_quotes_from_texts_alone():
    c = Commitment(
        id="a-2023-1/01",
        reply="a-2023-1",
        area="",
        text="推进全市中小学配齐专职心理教师",
        evidence=(_evidence("a-2025-1", "已建成社工站十二个"), _evidence("a-2025-1", "不在信里")),
    )
    letters = {
        "seeds/a.txt": "一、下一步：推进全市中小学配齐专职心理教师。",
        "seeds/b.txt": "全市已建成社工站十二个。",
    }
    found = missing_quotes(c, ["seeds/a.txt", "seeds/b.txt", "seeds/b.txt"], letters.get)
    assert found == (1,)
    # a letter that cannot be read is not judged; the commitment's own text is then not missing
    assert missing_quotes(c, ["seeds/gone.txt", "seeds/b.txt", None], letters.get) == ()
    moved = replace(c, text="另一句话")
    assert missing_quotes(moved, ["seeds/a.txt", "seeds/b.txt", "seeds/b.txt"], letters.get) == (
        -1,
        1,
    )


def _problems(tree: store.Tree, **kw) -> list[str]:
    return [p.format() for p in validate(tree, **kw)]


def test_the_checks_with_no_cache_find_what_the_cached_run_finds(tmp_path: Path):
    make_tree(tmp_path, shape=Shape.SMALL)
    p = tmp_path / C1
    text = p.read_text(encoding="utf-8")
    p.write_text(
        text.replace(
            "evidence: []",
            "evidence:\n  - reply: gz-edu-2023-ta5020\n"
            "    section: progress\n    quote: 这句话不在信里\n    verdict: done\n    score: 0.5\n"
            "    confirmed: false\n",
        ),
        encoding="utf-8",
    )
    plain = store.load_tree(tmp_path, cache=False)
    found = _problems(plain, memo=NoMemo())
    assert not (tmp_path / CACHE_DIR).exists()  # nothing kept, nothing read
    assert any("evidence quotes the commitment's own letter" in line for line in found)
    assert any("quote does not occur in letter" in line for line in found)
    # the default memo of a tree read without keys keeps nothing either
    assert _problems(plain) == found and not (tmp_path / CACHE_DIR).exists()
    # the tree's cache, cold and then warm, finds the same
    assert _problems(store.load_tree(tmp_path)) == found
    assert _problems(store.load_tree(tmp_path)) == found


class Recording(NoMemo):
    """A memo that computes every value and notes what it was asked for."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, str]] = []

    def references(self, c, compute):
        self.asked.append(("references", c.id))
        return compute()

    def fidelity(self, c, letters, compute):
        self.asked.append(("fidelity", c.id))
        return compute()

    def finish(self, tree, ran, outcome):
        self.asked.append(("finish", ",".join(sorted(k.name for k in ran))))


def test_a_check_asks_its_memo_by_name_and_runs_without_one(tmp_path: Path):
    make_tree(tmp_path, shape=Shape.SMALL)
    tree = store.load_tree(tmp_path, cache=False)
    memo = Recording()
    assert validate(tree, memo=memo) == validate(tree, memo=NoMemo())
    ids = sorted(tree.commitments)
    assert [a for a in memo.asked if a[0] == "references"] == [("references", i) for i in ids]
    assert [a for a in memo.asked if a[0] == "fidelity"] == [("fidelity", i) for i in ids]
    assert memo.asked[-1] == ("finish", "FIDELITY,REFERENCES")
    # one check alone, as a plain generator over the tree: no memo given, none needed
    sources = Sources(tmp_path)
    assert list(check_references(tree, sources)) == []
    assert list(check_fidelity(tree, sources)) == []
    # a run of some checks tells the memo which per-commitment checks ran over everything
    memo = Recording()
    validate(tree, (check_references,), memo=memo)
    assert memo.asked[-1] == ("finish", CommitmentCheck.REFERENCES.name)
    assert len(CHECKS) > 2
