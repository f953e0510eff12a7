"""Score the follow-up (import, then diff) against the chains of letters in tests/eval/followup/.

Each chain is a folder with letter files and a gold.yaml (bureau, letters in time order,
distractors of other bureaus, links earlier -> later with verdict, evidence, must_not_link,
restated_as and weakened, and the deadlines of the items). For each chain the letters are imported
with the real import into a throw-away tree, then the real `tracker diff --json` runs: once per
pair of letters (`--against` the later one) for verdicts and evidence, once over the whole tree for
must-not-link sentences and threads.

    python bench/eval_followup.py [FOLDER] [--json] [-v]

A gold item that cannot be found after import (a letter that did not import, a commitment the
reader split otherwise) is counted as an import failure and scored as wrong.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
DEFAULT = HERE.parent / "tests" / "eval" / "followup"

_ENUM = re.compile(
    r"^\s*(?:[(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、.．]"
    r"|[一二三四五六七八九十]是|第[一二三四五六七八九十]{1,3}[,，、]?)\s*"
)


def _key(text: str) -> str:
    from tracker import text as tx

    return tx.key(text)


def _body(text: str) -> str:
    return _key(_ENUM.sub("", text.strip()))


def _hit(gold: list[str], quote: str) -> bool:
    q = _key(quote)
    return any(g and (g in q or q in g) for g in map(_key, gold))


@dataclass
class Score:
    """What the follow-up got right on the chains, and where it failed."""

    chains: int = 0
    links: int = 0
    verdicts: int = 0
    with_evidence: int = 0
    top1: int = 0
    top2: int = 0
    must_not: Counter[str] = field(default_factory=Counter)
    linked: Counter[str] = field(default_factory=Counter)
    threads: int = 0
    threads_found: int = 0
    threads_false: int = 0
    weakened: int = 0
    weakened_right: int = 0
    weak_false: int = 0
    deadlines: int = 0
    deadlines_right: int = 0
    import_failures: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)

    def figures(self) -> dict[str, Any]:
        """The figures as data (shares as fractions)."""

        def share(a: int, b: int) -> float | None:
            return round(a / b, 3) if b else None

        return {
            "chains": self.chains,
            "links": self.links,
            "verdict_accuracy": share(self.verdicts, self.links),
            "evidence_top1": share(self.top1, self.with_evidence),
            "evidence_top2": share(self.top2, self.with_evidence),
            "must_not_link": dict(self.must_not),
            "must_not_linked": dict(self.linked),
            "threads_found": share(self.threads_found, self.threads),
            "threads_false": self.threads_false,
            "weakenings_flagged": share(self.weakened_right, self.weakened),
            "weakenings_false": self.weak_false,
            "deadlines_read": share(self.deadlines_right, self.deadlines),
            "import_failures": len(self.import_failures),
        }


def _cli(root: Path, *args: str) -> dict[str, Any]:
    from typer.testing import CliRunner

    from tracker.cli import app

    r = CliRunner().invoke(app, ["diff", "--root", str(root), "--json", *args])
    if r.exit_code != 0:
        raise RuntimeError(f"tracker diff {' '.join(args)} failed: {r.output}")
    out = r.stdout
    return json.loads(out[out.index("{") :])


def _load(root: Path) -> tuple[dict[str, dict[str, Any]], dict[str, list[dict[str, Any]]]]:
    """Replies by source file name, and each reply's commitments, as the files hold them."""
    replies: dict[str, dict[str, Any]] = {}
    items: dict[str, list[dict[str, Any]]] = {}
    for folder in sorted((root / "commitments").iterdir()):
        reply = yaml.safe_load((folder / "reply.yaml").read_text(encoding="utf-8"))
        replies[Path(reply["source"]["path"]).name] = reply
        items[reply["id"]] = [
            yaml.safe_load(p.read_text(encoding="utf-8"))
            for p in sorted(folder.glob("[0-9]*.yaml"))
        ]
    return replies, items


def _find(items: list[dict[str, Any]], start: str) -> dict[str, Any] | None:
    want = _body(start)
    for c in items:
        if _body(c["text"]).startswith(want):
            return c
    for c in items:
        if want in _key(c["text"]):
            return c
    return None


def score_chain(folder: Path, score: Score, verbose: bool = False) -> None:
    """Import one chain into a throw-away tree, diff it, and add what it got right to `score`."""
    from tracker.commands.imports import run_import

    gold = yaml.safe_load((folder / "gold.yaml").read_text(encoding="utf-8"))
    score.chains += 1
    names = list(gold.get("letters") or []) + list(gold.get("distractors") or [])
    with tempfile.TemporaryDirectory(prefix="eval-followup-") as tmp:
        root = Path(tmp)
        (root / "seeds").mkdir()
        (root / "commitments").mkdir()
        for n in names:
            shutil.copyfile(folder / n, root / "seeds" / n)
        outcomes = run_import(root, [root / "seeds" / n for n in names])
        for o in outcomes:
            if o.error is not None:
                score.import_failures.append(f"{folder.name}/{Path(o.file).name}: {o.error}")
        replies, items = _load(root)
        whole = _cli(root) if items else {"commitments": []}
        found_all = {c["id"]: c for c in whole["commitments"]}
        pair_cache: dict[tuple[str, str], dict[str, Any]] = {}
        for link in gold.get("links") or []:
            _score_link(folder, link, replies, items, found_all, pair_cache, root, score, verbose)
        for d in gold.get("deadlines") or []:
            score.deadlines += 1
            reply = replies.get(d["letter"])
            c = _find(items.get(reply["id"], []), d["commitment"]) if reply else None
            if c is None:
                score.import_failures.append(
                    f"{folder.name}: deadline item {d['commitment']} not found"
                )
                continue
            due = c.get("due")
            right = str(due) == str(d["due"])
            text_ok = _deadline_text_ok(c.get("due_text"), d.get("due_text"))
            if right and text_ok:
                score.deadlines_right += 1
            else:
                score.misses.append(
                    f"{folder.name}: deadline {d['commitment']}: got {due} {c.get('due_text')!r},"
                    f" gold {d['due']} {d.get('due_text')!r}"
                )


def _deadline_text_ok(got: str | None, want: str | None) -> bool:
    if not want:
        return True
    if not got:
        return False
    strip = re.compile(r"[“”\"'\s]")
    a, b = strip.sub("", _key(got)), strip.sub("", _key(want))
    return a in b or b in a


def _score_link(
    folder: Path,
    link: dict[str, Any],
    replies: dict[str, dict[str, Any]],
    items: dict[str, list[dict[str, Any]]],
    found_all: dict[str, dict[str, Any]],
    pair_cache: dict[tuple[str, str], dict[str, Any]],
    root: Path,
    score: Score,
    verbose: bool,
) -> None:
    score.links += 1
    name = f"{folder.name}: {link['commitment']} ({link['earlier']} -> {link['later']})"
    early, late = replies.get(link["earlier"]), replies.get(link["later"])
    gold_evidence = [e["text"] for e in link.get("evidence") or []]
    if gold_evidence:
        score.with_evidence += 1
    for m in link.get("must_not_link") or []:
        score.must_not[m["why"]] += 1
    if link.get("restated_as"):
        score.threads += 1
        if link.get("weakened"):
            score.weakened += 1
    c = _find(items.get(early["id"], []), link["commitment"]) if early else None
    if early is None or late is None or c is None:
        score.import_failures.append(f"{name}: letter or commitment not found after import")
        return
    key = (early["id"], late["id"])
    if key not in pair_cache:
        pair_cache[key] = _cli(root, early["id"], "--against", late["id"])
    pair = {f["id"]: f for f in pair_cache[key]["commitments"]}
    f = pair.get(c["id"])
    if f is None:
        score.import_failures.append(f"{name}: no finding")
        return
    verdict = f["verdict"]
    score.confusion[(link["verdict"], verdict)] += 1
    if verdict == link["verdict"]:
        score.verdicts += 1
    else:
        score.misses.append(f"{name}: verdict {verdict}, gold {link['verdict']}")
    quotes = [e["quote"] for e in f["evidence"]]
    if gold_evidence:
        if quotes[:1] and _hit(gold_evidence, quotes[0]):
            score.top1 += 1
        if any(_hit(gold_evidence, q) for q in quotes[:2]):
            score.top2 += 1
        else:
            score.misses.append(f"{name}: gold evidence not in top 2: {[q[:30] for q in quotes]}")
    every = quotes + [
        e["quote"]
        for e in found_all.get(c["id"], {}).get("evidence", [])
        if e["reply"] == late["id"] or (e["reply"] not in {r["id"] for r in replies.values()})
    ]
    # a distractor's sentences may be linked to any commitment: look at every proposal
    every += [e["quote"] for e in found_all.get(c["id"], {}).get("evidence", [])]
    for m in link.get("must_not_link") or []:
        if any(_hit([m["text"]], q) for q in every):
            score.linked[m["why"]] += 1
            score.misses.append(f"{name}: must-not-link ({m['why']}) linked: {m['text'][:30]}")
    restated = [
        r
        for r in found_all.get(c["id"], {}).get("restated_in", [])
        if r["id"].startswith(late["id"] + "/")
    ]
    if link.get("restated_as"):
        later_item = _find(items.get(late["id"], []), link["restated_as"])
        hit = [r for r in restated if later_item is not None and r["id"] == later_item["id"]]
        if hit:
            score.threads_found += 1
            if link.get("weakened"):
                if sorted(hit[0].get("weakened") or []) == sorted(link["weakened"]):
                    score.weakened_right += 1
                else:
                    score.misses.append(
                        f"{name}: weakened {hit[0].get('weakened')}, gold {link['weakened']}"
                    )
            elif hit[0].get("weakened"):
                score.weak_false += 1
                score.misses.append(f"{name}: weakened {hit[0].get('weakened')}, gold none")
        else:
            score.misses.append(f"{name}: thread to {link['restated_as']} not found: {restated}")
    elif restated:
        score.threads_false += 1
        score.misses.append(f"{name}: thread found where none: {restated}")
    if verbose:
        print(f"  {name}: {verdict} / {link['verdict']}", file=sys.stderr)


def evaluate(folder: Path = DEFAULT, verbose: bool = False) -> Score:
    """Score every chain under `folder` (each a sub-folder with gold.yaml)."""
    # no cache for these throw-away trees; set for this call only (a test process goes on after it)
    before = os.environ.get("TRACKER_NO_CACHE")
    os.environ["TRACKER_NO_CACHE"] = "1"
    try:
        score = Score()
        for chain in sorted(p for p in folder.iterdir() if (p / "gold.yaml").is_file()):
            score_chain(chain, score, verbose)
        return score
    finally:
        if before is None:
            del os.environ["TRACKER_NO_CACHE"]
        else:
            os.environ["TRACKER_NO_CACHE"] = before


def report(score: Score) -> str:
    """The figures as lines of text."""
    f = score.figures()

    def pct(x: float | None) -> str:
        return "n/a" if x is None else f"{100 * x:.0f}%"

    linked = ", ".join(f"{k} {score.linked[k]}/{n}" for k, n in sorted(score.must_not.items()))
    lines = [
        f"chains {f['chains']}, links {f['links']}",
        f"verdict accuracy      {pct(f['verdict_accuracy'])} ({score.verdicts}/{score.links})",
        f"gold evidence top 1   {pct(f['evidence_top1'])} ({score.top1}/{score.with_evidence})",
        f"gold evidence top 2   {pct(f['evidence_top2'])} ({score.top2}/{score.with_evidence})",
        f"must-not-link linked  {sum(score.linked.values())}/{sum(score.must_not.values())}"
        f" ({linked})",
        f"threads found         {pct(f['threads_found'])} ({score.threads_found}/{score.threads}),"
        f" {score.threads_false} false",
        f"weakenings flagged    {pct(f['weakenings_flagged'])}"
        f" ({score.weakened_right}/{score.weakened}), {score.weak_false} false",
        f"deadlines read        {pct(f['deadlines_read'])}"
        f" ({score.deadlines_right}/{score.deadlines})",
        f"import failures       {len(score.import_failures)}",
    ]
    conf = ", ".join(f"{g}->{p} {n}" for (g, p), n in sorted(score.confusion.items()) if g != p)
    if conf:
        lines.append(f"verdict errors        {conf}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    args = ap.parse_args(argv)
    score = evaluate(args.folder, args.verbose)
    if args.json:
        print(json.dumps(score.figures(), ensure_ascii=False, indent=2))
    else:
        print(report(score))
    if args.verbose:
        for m in score.import_failures:
            print(f"import: {m}")
        for m in score.misses:
            print(f"miss: {m}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
