"""Who issued a letter: names compared normalised, spam names told apart, successions declared."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker import text as tx
from tracker.model import Reply, TrackerError

CONFIG_FILE = "tracker.yaml"

# Words that end the name of a government body (bureau, commission, office, ...).
_BODY_SUFFIX = re.compile(
    r"(局|委员会|委|厅|办公室|办|部|署|院|中心|政府|人民政府|管理处|处|所|站|队|会|联合会|联|团)$"
)
# Words that begin one (a place, or the Party/league bodies named by rank).
_PLACE = re.compile(r"^(.{1,8}?(省|市|区|县|州|盟|旗|镇|乡|街道|自治区|特别行政区))|^(团|共青团|中共)")


def issuer_key(name: str | None) -> str:
    """Comparison form of an issuer's name (width, space, traditional/simplified folded)."""
    return tx.key(name or "")


def looks_like_body(name: str | None) -> bool:
    """True when a printed name reads like a government body (a place, then a body word)."""
    if not name:
        return False
    k = issuer_key(name)
    return bool(_BODY_SUFFIX.search(k)) and (bool(_PLACE.search(k)) or len(k) <= 6)


@dataclass(frozen=True)
class Config:
    """tracker.yaml at the tree's root: successions of renamed bureaus."""

    successions: tuple[tuple[str, ...], ...] = ()
    _lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, name: str | None) -> str:
        """A key that is equal for every name in one line of succession."""
        k = issuer_key(name)
        idx = self._lines.get(k)
        return f"#succession{idx}" if idx is not None else k


_CONFIGS: dict[Path, Config] = {}


def load_config(root: Path) -> Config:
    """Read tracker.yaml (once per root); a tree without one gets the default."""
    root = root.resolve()
    if root in _CONFIGS:
        return _CONFIGS[root]
    path = root / CONFIG_FILE
    cfg = Config()
    if path.is_file():
        from tracker.store import read_yaml

        data, problems = read_yaml(path, CONFIG_FILE)
        if problems and data is None:
            p = problems[0]
            raise TrackerError(p.format(), "fix tracker.yaml")
        cfg = _parse_config(data)
    _CONFIGS[root] = cfg
    return cfg


def _parse_config(data: Any) -> Config:
    if data is None:
        return Config()
    if not isinstance(data, dict):
        raise TrackerError(f"{CONFIG_FILE}: expected a mapping", "see the README for its fields")
    raw = data.get("successions") or []
    if not isinstance(raw, list) or not all(
        isinstance(x, list) and all(isinstance(n, str) for n in x) for x in raw
    ):
        raise TrackerError(
            f"{CONFIG_FILE}: 'successions' must be a list of lists of bureau names",
            "e.g. successions: [[广州市教育局, 广州市教育委员会]]",
        )
    lines: dict[str, int] = {}
    for i, names in enumerate(raw):
        for n in names:
            lines[issuer_key(n)] = i
    return Config(tuple(tuple(x) for x in raw), lines)


def same_issuer_line(a: Reply, b: Reply, root: Path | None = None) -> bool:
    """True when two replies come from one issuer (or one declared line of succession)."""
    cfg = load_config(root) if root is not None else Config()
    ia, ib = a.effective_issuer, b.effective_issuer
    if not ia or not ib:
        return False
    return cfg.line_of(ia) == cfg.line_of(ib)
