"""The layers of the package, and every import between its modules held to them.

Data flows one way: a module imports only from its own layer or the layers below, and the
imports between modules form no circle. Imports inside functions (made lazy to keep start-up
fast) and imports under ``TYPE_CHECKING`` count as edges like any other: hiding an edge in a
function does not make it go the right way.
"""

from __future__ import annotations

import ast
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parent.parent / "tracker"

# Lowest layer first. A module not named here fails the test: a new module takes its place here
# (and in the README's module map) when it is added.
LAYERS: dict[int, tuple[str, ...]] = {
    0: ("tracker", "tracker.__main__"),  # the version; `python -m tracker` is only an entry point
    1: ("tracker.model", "tracker.text", "tracker.labels", "tracker.workspace", "tracker.forking"),
    2: ("tracker.schema", "tracker.issuers"),
    3: ("tracker.extract", "tracker.match", "tracker.deadlines", "tracker.rows"),
    # tracker.cache is a package (keys, codecs, stores, checks): every module of it sits here
    4: ("tracker.cache", "tracker.store", "tracker.outputs", "tracker.summary", "tracker.git"),
    5: (
        "tracker.validate",
        "tracker.history",
        "tracker.report",
        "tracker.render",
        "tracker.digest",
        "tracker.export",
        "tracker.site",
        "tracker.scaffold",
        "tracker.resolve",
        "tracker.termtable",
        "tracker.termshow",
        "tracker.quotecheck",
        "tracker.importer",
        "tracker.diffplan",
    ),
    6: ("tracker.app", "tracker.cli", "tracker.commands"),
}

# Known departures, each to be removed when the code is fixed, never added to. An entry is
# (importer, imported).
DEPARTURES: set[tuple[str, str]] = {
    # issuers reads tracker.yaml through the store.
    ("tracker.issuers", "tracker.store"),
}

# `python -m tracker` and the package's own version are at the bottom, but __main__ runs the CLI.
ENTRY = {("tracker.__main__", "tracker.cli")}


def layer_of(module: str) -> int:
    best: tuple[int, int] | None = None
    for n, names in LAYERS.items():
        for name in names:
            hit = module == name or (n > 0 and module.startswith(name + "."))
            if hit and (best is None or len(name) > best[1]):
                best = (n, len(name))
    if best is None:
        raise AssertionError(
            f"{module} has no layer: add it to LAYERS in tests/test_layers.py and to the README's "
            "module map"
        )
    return best[0]


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path, root: Path, modules: set[str]) -> Iterator[tuple[str, int]]:
    """The package's modules that ``path`` imports, anywhere in the file, with the line."""
    me = module_name(path, root)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            # `from tracker import text` imports the module tracker.text, not the package.
            names = [f"{mod}.{a.name}" for a in node.names if f"{mod}.{a.name}" in modules] or [mod]
        else:
            continue
        for name in names:
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name and name != me:
                yield name, node.lineno


def graph(root: Path) -> dict[str, dict[str, int]]:
    files = {module_name(p, root): p for p in sorted(root.rglob("*.py"))}
    out: dict[str, dict[str, int]] = {}
    for name, path in files.items():
        out[name] = {}
        for target, line in imports(path, root, set(files)):
            out[name].setdefault(target, line)
    return out


def problems(root: Path) -> list[str]:
    edges = graph(root)
    found = []
    for src, targets in sorted(edges.items()):
        rel = (root.parent / src.replace(".", "/")).relative_to(root.parent)
        for dst, line in sorted(targets.items()):
            if (src, dst) in DEPARTURES | ENTRY:
                continue
            if layer_of(dst) > layer_of(src):
                found.append(
                    f"{rel}.py:{line}: {src} (layer {layer_of(src)}) imports {dst} "
                    f"(layer {layer_of(dst)}): a lower layer must not import a higher one"
                )
    # Circles, among the edges that are allowed at all.
    allowed = {
        s: {d for d in ts if (s, d) not in DEPARTURES | ENTRY and layer_of(d) <= layer_of(s)}
        for s, ts in edges.items()
    }
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(allowed.get(node, ())):
            if nxt == node or (node.startswith(nxt + ".") and nxt in allowed):
                continue  # a package's submodule importing the package's own __init__
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt) :] + [nxt]
                found.append("import circle: " + " -> ".join(cycle))
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(allowed):
        if node not in state:
            visit(node)
    return found


def test_every_import_between_modules_follows_the_layers():
    assert problems(PKG) == []


def test_the_known_departures_are_still_real():
    """A departure that has been fixed is taken off the list, so it cannot come back unseen."""
    edges = graph(PKG)
    stale = sorted(d for d in DEPARTURES if d[1] not in edges.get(d[0], {}))
    assert stale == [], f"fixed, remove from DEPARTURES: {stale}"


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "tracker"
    shutil.copytree(PKG, root, ignore=shutil.ignore_patterns("__pycache__"))
    return root


@pytest.mark.parametrize(
    ("where", "line", "expected"),
    [
        # a wrong-way edge at module level
        (
            "model.py",
            "from tracker import store\n",
            "tracker.model (layer 1) imports tracker.store",
        ),
        # the same hidden in a function
        (
            "text.py",
            "def _late():\n    from tracker.commands import status  # noqa\n",
            "tracker.text (layer 1) imports tracker.commands",
        ),
        # a circle inside one layer
        ("render.py", "from tracker import site\n", "import circle: "),
    ],
)
def test_a_wrong_way_edge_or_a_circle_is_caught(tmp_path, where, line, expected):
    root = _copy(tmp_path)
    path = root / where
    path.write_text(path.read_text(encoding="utf-8") + "\n" + line, encoding="utf-8")
    found = problems(root)
    assert any(expected in p for p in found), found
    assert any(p.startswith(f"tracker/{where}:") or p.startswith("import circle") for p in found)


def test_a_module_without_a_layer_is_named(tmp_path):
    root = _copy(tmp_path)
    (root / "newthing.py").write_text("from tracker import model\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="tracker.newthing has no layer"):
        problems(root)


def unexplained_lazy_imports(root: Path) -> list[str]:
    """Imports of a package module inside a function without a comment saying why.

    The comment goes on the import's line or the line above; a run of imports one after another
    shares the comment above its first line.
    """
    found = []
    for path in sorted(root.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")
        for fn in ast.walk(ast.parse(text)):
            if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            body = [n for n in ast.walk(fn) if isinstance(n, ast.Import | ast.ImportFrom)]
            ends = {n.end_lineno for n in body}
            for node in body:
                if isinstance(node, ast.ImportFrom):
                    ours = bool(node.level) or (node.module or "").split(".")[0] == root.name
                else:
                    ours = any(a.name.split(".")[0] == root.name for a in node.names)
                if not ours:
                    continue
                first = node.lineno
                while first - 1 in ends:  # the run of imports this one closes
                    first = min(n.lineno for n in body if n.end_lineno == first - 1)
                said = any(
                    "#" in lines[i - 1] for i in range(node.lineno, (node.end_lineno or first) + 1)
                ) or (first > 1 and lines[first - 2].strip().startswith("#"))
                if not said:
                    rel = path.relative_to(root.parent)
                    found.append(f"{rel}:{node.lineno}: {lines[node.lineno - 1].strip()}")
    return found


def test_every_lazy_import_of_a_package_module_says_why():
    """A tracker module imported inside a function is there for start-up time or to break a
    circle, and a comment says which; anything else is imported at the top of the module."""
    assert unexplained_lazy_imports(PKG) == []


def test_an_unexplained_lazy_import_is_caught(tmp_path):
    root = _copy(tmp_path)
    path = root / "text.py"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "\n\ndef _late():\n    from tracker import model\n\n    return model\n"
        + "\n\ndef _said():\n    # start-up: kept out of the import path\n"
        + "    from tracker import labels\n    from tracker import model\n\n    return labels, model\n",
        encoding="utf-8",
    )
    found = unexplained_lazy_imports(root)
    assert [f.split(": ", 1)[1] for f in found if f.startswith("tracker/text.py")] == [
        "from tracker import model"
    ]
