"""The follow-up evaluation: import + diff on the chains of letters, held to thresholds.toml."""

from __future__ import annotations

import importlib.util
import sys
import tomllib
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
CHAINS = PROJECT / "tests" / "eval" / "followup"
# the dev chains (tuned on) and the three held-out sets (scored before being studied), each with its
# thresholds
SETS = {
    "dev": CHAINS,
    "holdout": CHAINS / "holdout",
    "holdout2": CHAINS / "holdout2",
    "holdout3": CHAINS / "holdout3",
    "holdout4": CHAINS / "holdout4",
    "holdout5": CHAINS / "holdout5",
    "holdout6": CHAINS / "holdout6",
    "holdout7": CHAINS / "holdout7",
    "holdout8": CHAINS / "holdout8",
    "holdout9": CHAINS / "holdout9",
    "holdout10": CHAINS / "holdout10",
    "holdout11": CHAINS / "holdout11",
    "holdout12": CHAINS / "holdout12",
    "holdout13": CHAINS / "holdout13",
    "holdout14": CHAINS / "holdout14",
    "holdout15": CHAINS / "holdout15",
    "holdout16": CHAINS / "holdout16",
    "holdout17": CHAINS / "holdout17",
}


def _scorer():
    spec = importlib.util.spec_from_file_location(
        "eval_followup", PROJECT / "bench" / "eval_followup.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module", params=sorted(SETS))
def evaluated(request):
    folder = SETS[request.param]
    if not any(folder.glob("*/gold.yaml")):
        pytest.skip(f"no chains of letters in {folder}")
    thresholds = tomllib.loads((folder / "thresholds.toml").read_text(encoding="utf-8"))
    return _scorer().evaluate(folder).figures(), thresholds


FIGURES = ["verdict_accuracy", "evidence_top1", "evidence_top2", "threads_found"]
FIGURES += ["weakenings_flagged", "deadlines_read"]


@pytest.mark.parametrize("name", FIGURES)
def test_figure_at_or_above_threshold(evaluated, name):
    figures, thresholds = evaluated
    assert figures[name] is not None and figures[name] >= thresholds[name], figures


@pytest.mark.parametrize("why", ["boilerplate", "stale", "other_bureau", "generic"])
def test_must_not_link_sentences_stay_unlinked(evaluated, why):
    figures, thresholds = evaluated
    assert figures["must_not_linked"].get(why, 0) <= thresholds[f"max_linked_{why}"], figures


@pytest.mark.parametrize("name", ["threads_false", "weakenings_false"])
def test_false_threads_and_weakenings_stay_few(evaluated, name):
    figures, thresholds = evaluated
    assert figures[name] <= thresholds[f"max_{name}"], figures
