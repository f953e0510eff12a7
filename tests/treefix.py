"""The small tree under its old name, for the test files that still import it from here (the
cache, status-cache and validate tests); the builder is conftest.make_tree."""

from __future__ import annotations

from pathlib import Path

from conftest import SEED_A as SEED_2023
from conftest import SEED_B as SEED_2025
from conftest import SEEDS, Shape, make_tree

__all__ = ["SEED_2023", "SEED_2025", "SEEDS", "small_tree"]


def small_tree(root: Path) -> Path:
    """make_tree(root, shape=Shape.SMALL)."""
    return make_tree(root, shape=Shape.SMALL)
