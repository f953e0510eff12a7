"""The follow-up evaluation: import + diff on the chains of letters, held to thresholds.toml."""

from __future__ import annotations

import importlib.util
import sys
import tomllib
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
CHAINS = PROJECT / "tests" / "eval" / "followup"


def _scorer():
    spec = importlib.util.spec_from_file_location(
        "eval_followup", PROJECT / "bench" / "eval_followup.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def figures():
    if not any(CHAINS.glob("*/gold.yaml")):
        pytest.skip("no chains of letters in tests/eval/followup")
    return _scorer().evaluate(CHAINS).figures()


THRESHOLDS = tomllib.loads((CHAINS / "thresholds.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", [k for k in THRESHOLDS if not k.startswith("max_")], ids=str)
def test_figure_at_or_above_threshold(figures, name):
    assert figures[name] is not None and figures[name] >= THRESHOLDS[name], figures


@pytest.mark.parametrize("why", ["boilerplate", "stale", "other_bureau", "generic"])
def test_must_not_link_sentences_stay_unlinked(figures, why):
    assert figures["must_not_linked"].get(why, 0) <= THRESHOLDS[f"max_linked_{why}"], figures


@pytest.mark.parametrize("name", ["threads_false", "weakenings_false"])
def test_false_threads_and_weakenings_stay_few(figures, name):
    assert figures[name] <= THRESHOLDS[f"max_{name}"], figures
