"""The typer application, the console, and what every command shares.

Commands live in tracker/commands/, one module per group, and register on `app`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import typer

from tracker.model import TrackerError, UsageError

if TYPE_CHECKING:
    from rich.console import Console

    from tracker.store import Tree

app = typer.Typer(
    name="tracker",
    help="Track the commitments (下一步工作) in government reply letters, kept as YAML under git.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

F = TypeVar("F", bound=Callable[..., Any])

ROOT_HELP = "Tree root (the folder holding commitments/ and seeds/). Default: found from here up."


def console(stderr: bool = False, width: int | None = None) -> Console:
    """A rich console: colour only on a terminal and when NO_COLOR is not set."""
    from rich.console import Console
    from rich.segment import Segment

    from tracker.text import printable

    class _Console(Console):
        def _render_buffer(self, buffer: Iterable[Segment]) -> str:
            # text from letters and YAML never reaches the terminal as escape codes: the styles
            # rich adds are rendered from segment styles, not from the text
            return super()._render_buffer(
                seg if seg.control else Segment(printable(seg.text), seg.style) for seg in buffer
            )

        def on_broken_pipe(self) -> None:
            # the reader went away (`tracker show X | head -1`): stop quietly, as `user_errors` does
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise SystemExit(0)

    no_color = bool(os.environ.get("NO_COLOR"))
    return _Console(
        stderr=stderr,
        width=width,
        no_color=no_color,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
    )


def err(message: str, hint: str | None = None) -> None:
    """Print an error message (and what to do) to stderr."""
    text = f"error: {message}"
    if hint:
        text += f"\n  hint: {hint}"
    print(text, file=sys.stderr)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn the project's own exceptions into a message and an exit code, never a traceback."""
    try:
        yield
    except TrackerError as e:
        err(e.message, e.hint)
        raise typer.Exit(e.exit_code) from None
    except KeyboardInterrupt:
        err("interrupted")
        raise typer.Exit(130) from None
    except BrokenPipeError:
        raise typer.Exit(0) from None
    except OSError as e:  # disk full, permission denied, a folder where a file should be
        place = f"{e.filename}: " if e.filename else ""
        err(
            f"{place}{e.strerror or e}",
            "no file was left half-written (each holds its old bytes or its new ones); fix the cause "
            "and run the command again",
        )
        raise typer.Exit(1) from None


def find_root(start: Path | None = None) -> Path:
    """The tree root: the given folder, $TRACKER_ROOT, or the nearest folder up with commitments/."""
    if start is not None:
        if not start.exists():
            raise UsageError(f"{start}: no such folder", "give the folder that holds commitments/")
        if not start.is_dir():
            raise UsageError(f"{start}: not a folder", "give the folder that holds commitments/")
        return start.resolve()
    env = os.environ.get("TRACKER_ROOT")
    if env:
        return find_root(Path(env))
    here = Path.cwd().resolve()
    for d in (here, *here.parents):
        if (d / "commitments").is_dir() or (d / "tracker.yaml").is_file():
            return d
    return here


def read_tree(root: Path, files: list[Path] | None = None) -> Tree:
    """Load the tree for a reading command, saying on stderr which files had to be left out."""
    from tracker import store
    from tracker.model import Level

    tree = store.load_tree(root, files)
    warn_left_out((p.path, p.format()) for p in tree.problems if p.level == Level.ERROR)
    return tree


def warn_left_out(errors: Iterable[tuple[str, str]]) -> None:
    """Say on stderr which files could not be read: (path, formatted problem), the first of each."""
    left_out: dict[str, str] = {}
    for path, line in errors:
        left_out.setdefault(path, line)
    if left_out:
        print(
            f"warning: {len(left_out)} file(s) could not be read and are left out:", file=sys.stderr
        )
        for line in left_out.values():
            print(f"  {line}", file=sys.stderr)
        print("  hint: run `tracker validate` to see every problem", file=sys.stderr)
