"""The command line as a whole: help for every command, layering, start-up imports."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tracker.cli import app

PKG = Path(__file__).resolve().parent.parent / "tracker"
runner = CliRunner()


def command_names() -> list[str]:
    import typer.main

    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


def test_main_help_lists_commands():
    r = runner.invoke(app, ["--help"])
    assert r.exit_code == 0
    for name in command_names():
        assert name in r.output


@pytest.mark.parametrize("name", command_names())
def test_every_command_has_help_with_an_example(name):
    r = runner.invoke(app, [name, "--help"], env={"COLUMNS": "100"})
    assert r.exit_code == 0, r.output
    assert "Example" in r.output, f"`tracker {name} --help` gives no example"


def test_unknown_command_and_option_exit_2():
    assert runner.invoke(app, ["frobnicate"]).exit_code == 2
    assert runner.invoke(app, ["validate", "--frobnicate"]).exit_code == 2


# module -> the heavy or layered packages only it may import
ONLY = {
    "ruamel": {"store.py"},
    "yaml": {"store.py"},
    "jinja2": {"render.py", "site.py"},
    "git": {"history.py"},
    "openpyxl": {"export.py"},
    "jieba": {"match.py", "text.py"},
    "opencc": {"text.py"},
    "typer": {"app.py", "cli.py", "commands"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module.split(".")[0])
    return out


def test_layering():
    """Each layered package is imported by the one module that owns it."""
    for path in sorted(PKG.rglob("*.py")):
        rel = path.relative_to(PKG)
        owner = rel.parts[0] if len(rel.parts) > 1 else rel.name
        for pkg in _imports(path) & set(ONLY):
            if pkg == "yaml" and owner in ("bench.py",):
                continue
            assert owner in ONLY[pkg], f"tracker/{rel} imports {pkg}; only {ONLY[pkg]} may"


def test_help_does_not_load_heavy_libraries():
    code = (
        "import sys\n"
        "sys.argv=['tracker','--help']\n"
        "from tracker.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy={'jieba','opencc','jinja2','git','ruamel','openpyxl','yaml','rapidfuzz'}\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_python_dash_m_works():
    out = subprocess.run(
        [sys.executable, "-m", "tracker", "--help"], capture_output=True, text=True
    )
    assert out.returncode == 0 and "validate" in out.stdout


def test_the_program_keeps_exit_codes_and_output(tmp_path):
    """`tracker` (cli.run) leaves without freeing its heap: output, errors and codes as before."""
    from conftest import Shape, make_tree

    make_tree(tmp_path, shape=Shape.SMALL)
    tracker = [sys.executable, "-m", "tracker"]
    ok = subprocess.run([*tracker, "status", "--json"], cwd=tmp_path, capture_output=True)
    assert ok.returncode == 0 and ok.stdout.decode().startswith("[") and ok.stdout.endswith(b"]\n")
    failing = subprocess.run(
        [*tracker, "status", "--fail-on", "pending"], cwd=tmp_path, capture_output=True
    )
    assert failing.returncode == 1 and b"--fail-on" in failing.stderr and failing.stdout
    usage = subprocess.run(
        [*tracker, "status", "--sort", "nope"], cwd=tmp_path, capture_output=True
    )
    assert usage.returncode == 2 and b"nope" in usage.stderr
    # a reader that goes away: no traceback
    p = subprocess.Popen(
        [*tracker, "status"], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert p.stdout is not None and p.stderr is not None
    p.stdout.readline()
    p.stdout.close()
    assert b"Traceback" not in p.stderr.read()
    p.wait()


def test_every_command_module_is_registered_and_none_is_skipped():
    """cli imports every module of tracker/commands/ by name, with no try: one that fails to
    import fails the program instead of leaving its commands out."""
    from tracker import cli

    modules = {p.stem for p in (PKG / "commands").glob("*.py") if p.stem != "__init__"}
    assert set(cli.COMMAND_MODULES) == modules
    source = (PKG / "cli.py").read_text(encoding="utf-8")
    assert "ModuleNotFoundError" not in source and "except ImportError" not in source


def _all_params():
    """Every parameter of the group and of each command, with the context click gives it."""
    import typer.main

    group = typer.main.get_command(app)
    ctx = group.make_context("tracker", ["status"], resilient_parsing=True)
    out = [(p, ctx) for p in group.get_params(ctx)]
    for name in sorted(group.commands):  # type: ignore[attr-defined]
        cmd = group.commands[name]  # type: ignore[attr-defined]
        sub = cmd.make_context(name, [], parent=ctx, resilient_parsing=True)
        out += [(p, sub) for p in cmd.get_params(sub)]
    return out


def test_deferred_conversion_gives_what_typers_converter_gives():
    """A parameter's value comes out of the deferred converter as out of typer's own (the
    reference), for an absent value, each member of an Enum, and the values typed on a line."""
    from enum import Enum
    from typing import get_args

    build_runtime_param = pytest.importorskip("typer._coercion").build_runtime_param  # typer 0.2x

    from tracker.app import _defer_coercion

    params = _all_params()
    assert len(params) > 40 and all(
        type(p._runtime_param).__name__ in ("Deferred", "AdapterRuntimeParam") for p, _ in params
    )
    seen_enum = 0
    for p, ctx in params:
        d = p.type_descriptor
        kinds = [d.annotation, *get_args(d.annotation)]
        values: list[object] = [None, "1", "2020", "en", "id", ["zh"], ["3"]]
        values += ["html", "md", "age", "EN", " en", "", "a\x00b", True, False, "build/site"]
        for kind in kinds:
            if isinstance(kind, type) and issubclass(kind, Enum):
                values += list(kind)
                seen_enum += 1
        for value in values:
            if isinstance(value, list) and not (p.multiple or p.nargs == -1):
                continue
            reference = build_runtime_param(d)
            try:
                want: object = reference.coerce(value, param=p, ctx=ctx)
            except Exception as e:  # noqa: BLE001 - the same failure is expected
                want = (type(e), str(e))
            p._runtime_param = None
            _defer_coercion([p])
            assert type(p._runtime_param).__name__ == "Deferred"
            try:
                got: object = p.get_runtime_param().coerce(value, param=p, ctx=ctx)
            except Exception as e:  # noqa: BLE001
                got = (type(e), str(e))
            assert got == want and type(got) is type(want), (p.name, value)
    assert seen_enum >= 5  # --sort, --lang, ... were among them


def test_a_typer_whose_converter_is_made_otherwise_converts_as_it_always_did(monkeypatch):
    """typer's converter is private: where its fields differ from the ones deferred here, the
    parameters keep typer's own converter and the command runs as before."""
    import tracker.app as tracker_app

    def refuses(**fields: object) -> object:
        raise TypeError(f"unexpected fields {sorted(fields)}")

    monkeypatch.setattr(tracker_app, "_deferred", lambda: refuses)
    params = _all_params()
    for p, _ctx in params:
        p._runtime_param = None
    tracker_app._defer_coercion([p for p, _ in params])
    assert all(p._runtime_param is None for p, _ in params)
    result = runner.invoke(app, ["status", "--help"])
    assert result.exit_code == 0 and "--overdue" in result.output


def _run_in(tree: Path, code: str) -> list[str]:
    """Run `code` in a fresh interpreter in `tree`; the lines it printed."""
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tree, capture_output=True, text=True, check=True
    )
    return done.stdout.splitlines()


def test_a_plain_status_does_not_import_pydantic(tmp_path):
    """typer converts with pydantic; `tracker status` with no option gives it nothing to convert,
    nor do a flag and a choice typed as one of its values (`--sort age`); a number does."""
    pytest.importorskip("typer._coercion")  # typer 0.2x, which converts with pydantic
    from conftest import Shape, make_tree

    make_tree(tmp_path, shape=Shape.SMALL)
    code = (
        "import sys\n"
        "from tracker.cli import main\n"
        "for argv in (['tracker', 'status'], ['tracker', 'status', '--overdue', '--json']):\n"
        "    sys.argv = argv\n"
        "    try:\n        main()\n    except SystemExit as e:\n        assert not e.code, e.code\n"
        "    print('loaded:', sorted(m for m in sys.modules if m.startswith('pydantic')))\n"
        "for argv in (['tracker', 'status', '--sort', 'age', '--lang', 'en'],\n"
        "             ['tracker', 'status', '--year', '2023']):\n"
        "    sys.argv = argv\n"
        "    try:\n        main()\n    except SystemExit as e:\n        assert not e.code, e.code\n"
        "    print('loaded:', 'pydantic' in sys.modules)\n"
    )
    loaded = [line for line in _run_in(tmp_path, code) if line.startswith("loaded:")]
    assert loaded == ["loaded: []", "loaded: []", "loaded: False", "loaded: True"]


def test_each_command_is_found_in_the_module_cli_imports_for_it():
    """cli.COMMANDS names, for every command, the module that registers it: a command line that
    names a command first imports that module alone."""
    from tracker import cli

    found = {
        (c.name or c.callback.__name__): c.callback.__module__.rsplit(".", 1)[1]
        for c in app.registered_commands
        if c.callback is not None
    }
    assert found == cli.COMMANDS
    assert set(cli.COMMANDS.values()) == set(cli.COMMAND_MODULES)


@pytest.mark.parametrize("name", command_names())
def test_a_command_run_alone_is_the_command_among_all(name):
    """`tracker NAME --help` (NAME's module alone) says what it says with every command loaded."""
    env = {**os.environ, "COLUMNS": "100", "TERM": "dumb"}
    outs = []
    for first in ("", "from tracker.cli import app\n"):  # alone; every module imported
        code = f"import sys\n{first}sys.argv = ['tracker', {name!r}, '--help']\n"
        code += "from tracker.cli import run\nrun()\n"
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
        assert done.returncode == 0, done.stderr
        outs.append(done.stdout)
    assert outs[0] == outs[1] and "Example" in outs[0]


def test_status_imports_only_its_own_command_module(tmp_path):
    from conftest import Shape, make_tree

    make_tree(tmp_path, shape=Shape.SMALL)
    code = (
        "import sys\n"
        "sys.argv = ['tracker', 'status']\n"
        "from tracker.cli import main\n"
        "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
        "print('loaded:', sorted(m for m in sys.modules if m.startswith('tracker.commands.')))\n"
    )
    assert "loaded: ['tracker.commands.status']" in _run_in(tmp_path, code)
