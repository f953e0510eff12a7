"""The options a command runs with, read from the environment once: a `Workspace`.

The environment variables the tool reads (git's own aside, which tracker.git passes to git):

- TRACKER_ROOT: the tree root when --root is not given;
- TRACKER_NO_CACHE: set, the caches in .tracker-cache/ are neither read nor written;
- NO_COLOR: set, no colour on a terminal;
- LC_ALL, LC_MESSAGES, LANG: the language of messages and output (zh_* -> Chinese);
- XDG_CACHE_HOME: the user's cache folder (tracker/ there holds the segmenter's dictionary);
- XDG_CONFIG_HOME: where git's global attributes file is, when core.attributesfile is unset.

Nothing else reads them: `Workspace.from_env()` does, once per command (the CLI sets it for the
command's run with `use()`), and the library asks `current()`. Outside a command (a library
call, a test), current() reads the environment as it is at that moment.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from pathlib import Path

from tracker.labels import Lang, lang_from_env


@dataclass(frozen=True)
class Workspace:
    """The tree root (once found) and the options of one command, from the environment."""

    root: Path | None = None  # the tree's root, once the command has found it
    root_hint: str | None = None  # TRACKER_ROOT: where to look when --root is not given
    lang: Lang | None = None  # the language the locale names (None: it names none)
    cache: bool = True  # the caches in .tracker-cache/ are used (TRACKER_NO_CACHE unset)
    colour: bool = True  # colour on a terminal (NO_COLOR unset)
    user_cache_home: str = ""  # $XDG_CACHE_HOME, else ~/.cache
    config_home: str = ""  # $XDG_CONFIG_HOME, else ~/.config

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Workspace:
        """The workspace the environment describes (os.environ when none is given)."""
        e = os.environ if env is None else env
        return cls(
            root_hint=e.get("TRACKER_ROOT") or None,
            lang=lang_from_env(e),
            cache=not e.get("TRACKER_NO_CACHE"),
            colour=not e.get("NO_COLOR"),
            user_cache_home=e.get("XDG_CACHE_HOME")
            or os.path.join(os.path.expanduser("~"), ".cache"),
            config_home=e.get("XDG_CONFIG_HOME") or os.path.expanduser("~/.config"),
        )

    def at(self, root: Path) -> Workspace:
        """The same options for the tree at `root`."""
        return replace(self, root=root)


_CURRENT: ContextVar[Workspace | None] = ContextVar("tracker_workspace", default=None)


def current() -> Workspace:
    """The workspace of the command running now; outside a command, the environment's now."""
    ws = _CURRENT.get()
    return ws if ws is not None else Workspace.from_env()


@contextmanager
def use(ws: Workspace) -> Iterator[Workspace]:
    """Run with `ws` as the current workspace (the CLI: one per command)."""
    token = _CURRENT.set(ws)
    try:
        yield ws
    finally:
        _CURRENT.reset(token)
