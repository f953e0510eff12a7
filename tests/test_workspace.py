"""The Workspace: the environment read once per command, and what the library sees of it."""

from __future__ import annotations

from pathlib import Path

from conftest import Shape, make_tree
from typer.testing import CliRunner

from tracker import store
from tracker.cache import CACHE_DIR
from tracker.cli import app
from tracker.labels import Lang
from tracker.workspace import Workspace, current, use


def test_the_environment_read_into_one_workspace():
    ws = Workspace.from_env(
        {
            "TRACKER_ROOT": "/srv/tree",
            "TRACKER_NO_CACHE": "1",
            "NO_COLOR": "1",
            "LANG": "zh_CN.UTF-8",
            "XDG_CACHE_HOME": "/c",
            "XDG_CONFIG_HOME": "/g",
        }
    )
    assert ws == Workspace(
        root_hint="/srv/tree",
        lang=Lang.ZH,
        cache=False,
        colour=False,
        user_cache_home="/c",
        config_home="/g",
    )
    bare = Workspace.from_env({"LC_ALL": "C.UTF-8", "TRACKER_NO_CACHE": ""})
    assert bare.lang is None and bare.cache and bare.colour and bare.root_hint is None
    assert bare.user_cache_home.endswith(".cache") and bare.config_home.endswith(".config")
    assert bare.at(Path("/t")).root == Path("/t")


def test_the_library_sees_the_current_workspace_and_the_environment_outside_one(
    monkeypatch, tmp_path
):
    monkeypatch.delenv("TRACKER_NO_CACHE", raising=False)
    assert current().cache and store.use_cache_default()
    with use(Workspace(cache=False)):
        assert not store.use_cache_default()
        make_tree(tmp_path, shape=Shape.SMALL)
        store.load_tree(tmp_path)
        assert not (tmp_path / CACHE_DIR).exists()  # nothing cached
    assert store.use_cache_default()
    monkeypatch.setenv("TRACKER_NO_CACHE", "1")
    assert not store.use_cache_default()  # outside a command: the environment as it is now


def test_a_command_reads_the_environment_once_and_leaves_nothing_behind(monkeypatch, tmp_path):
    make_tree(tmp_path, shape=Shape.SMALL)
    monkeypatch.setenv("TRACKER_NO_CACHE", "1")
    monkeypatch.setenv("TRACKER_ROOT", str(tmp_path))
    monkeypatch.chdir(tmp_path.parent)
    r = CliRunner().invoke(app, ["validate"])
    assert r.exit_code == 0, r.output
    assert not (tmp_path / CACHE_DIR).exists()
    monkeypatch.delenv("TRACKER_NO_CACHE")
    assert current().cache  # the command's workspace ended with it
    r = CliRunner().invoke(app, ["validate"])
    assert r.exit_code == 0, r.output
    assert (tmp_path / CACHE_DIR).is_dir()
