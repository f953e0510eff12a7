"""The typer application, the console, and what every command shares.

Commands live in tracker/commands/, one module per group, and register on `app`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date
from enum import Enum, StrEnum
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, get_origin

import typer
from typer.core import TyperCommand, TyperGroup

from tracker import __version__
from tracker.labels import NOTE_LANG, Lang, message, problem_zh
from tracker.model import Level, Problem, TrackerError, UsageError
from tracker.text import printable
from tracker.workspace import Workspace, current, use

if TYPE_CHECKING:
    from rich.console import Console

    from tracker.store import Tree


@lru_cache(maxsize=1)
def _deferred() -> Callable[..., Any] | None:
    """The converter _defer_coercion gives a parameter (None: a typer that converts otherwise)."""
    try:
        from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
        from typer._param_types import coerce_cli_choice, coerce_cli_path
    except ImportError:  # a typer that converts values otherwise: nothing to defer
        return None

    @dataclass(frozen=True)
    class Deferred(RuntimeParam):
        """typer's converter of one parameter, built when a value needs it."""

        descriptor: TypeDescriptor

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            # (typer's RuntimeParam.coerce has answered an absent value already)
            d = self.descriptor
            kind = d.annotation
            if (
                d.file_annotation is None
                and d.parameter_info.parser is None
                and get_origin(kind) is None
                and isinstance(kind, type)
            ):
                if issubclass(kind, Enum):
                    if isinstance(value, kind):
                        return value  # a member (a default): what typer's choice gives back
                    if type(value) is str and issubclass(kind, str):
                        # typer's own choice, which pydantic only wraps (its errors are
                        # pydantic's: left to typer's converter)
                        with suppress(ValueError):
                            return coerce_cli_choice(
                                value,
                                choices=list(kind),
                                case_sensitive=d.parameter_info.case_sensitive,
                                ctx=ctx,
                            )
                elif (kind is bool and type(value) is bool) or (kind is str and type(value) is str):
                    return value  # a flag's True or False, a text typed: as pydantic gives them
                elif issubclass(kind, Path) and type(value) is str and "\0" not in value:
                    # typer's own checks of a path, given the path pydantic would make of it
                    pi = d.parameter_info
                    with suppress(Exception):
                        return coerce_cli_path(
                            kind(value), pi, path_type=pi.path_type or kind, param=param, ctx=ctx
                        )
            real = build_runtime_param(d)
            param._runtime_param = real
            return real._coerce_value(value, param=param, ctx=ctx)

    return Deferred


def _defer_coercion(params: Iterable[Any]) -> None:
    """Let typer build a parameter's converter only for a value that needs one.

    typer (0.2x) converts each parameter's value with a pydantic TypeAdapter it builds on first
    use, absent options included, and the first one imports pydantic: 0.1 s of every command.
    An absent value (None) and a member of the option's Enum (a default) come out the same
    without it; any other value is converted by typer's own converter, built then
    (tests/test_cli.py compares the two on every parameter of every command).
    """
    deferred = _deferred()
    if deferred is None:
        return
    for p in params:
        if getattr(p, "_runtime_param", False) is None and hasattr(p, "type_descriptor"):
            d = p.type_descriptor
            try:
                p._runtime_param = deferred(
                    parameter_info=d.parameter_info, annotation=d.annotation, descriptor=d
                )
            except (TypeError, AttributeError):  # a typer whose converter is made otherwise
                return  # typer converts as it always does


class _Command(TyperCommand):
    """A command whose parameters' converters are built only when needed (_defer_coercion)."""

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)
        _defer_coercion(params)
        return params


class _Group(TyperGroup):
    """The command group, with click's usage errors told in the tool's own words (exit 2)."""

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)
        _defer_coercion(params)
        return params

    def main(  # type: ignore[override]
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        cx = _click_exceptions()
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except cx.UsageError as e:
            if type(e).__name__ == "NoArgsIsHelpError":  # bare `tracker`: the help, as before
                e.show()
                sys.exit(e.exit_code)
            message, hint = usage_message(e)
            err(message, hint, _args_lang(args))
            sys.exit(2)
        except cx.ClickException as e:
            e.show()
            sys.exit(e.exit_code)
        except typer.Abort:
            err("aborted")
            sys.exit(1)
        # outside standalone mode click returns the code of a typer.Exit, or the command's value
        sys.exit(rv if isinstance(rv, int) else 0)


def _args_lang(args: Any) -> Lang:
    """The message language of a command line that did not parse: its --lang, else the locale's."""
    words = list(sys.argv[1:] if args is None else args)
    for i, word in enumerate(words):
        value = word.removeprefix("--lang=") if word.startswith("--lang=") else None
        if word == "--lang" and i + 1 < len(words):
            value = words[i + 1]
        if value in (Lang.ZH, Lang.EN):
            return Lang(value)
    found = current().lang
    return found if found is not None else Lang.EN


def _click_exceptions() -> Any:
    """click's exceptions module: typer's own copy where it ships one, else click's."""
    try:
        from typer._click import exceptions
    except ImportError:  # typer before it carried click inside
        from click import exceptions  # type: ignore[no-redef]
    return exceptions


def usage_message(e: Any) -> tuple[str, str]:
    """A click usage error as the tool's message and hint: which option, what is wrong, what to do."""
    cx = _click_exceptions()
    ctx = e.ctx
    path = ctx.command_path if ctx is not None else "tracker"
    hint = f"see `{path} --help`"
    param = getattr(e, "param", None)
    if isinstance(e, cx.BadParameter) and not isinstance(e, cx.MissingParameter):
        names = e.param_hint
        if names is None and param is not None:
            opts = getattr(param, "opts", None)
            names = "/".join(opts) if opts and param.param_type_name == "option" else None
            names = names or param.human_readable_name
        if isinstance(names, (list, tuple)):
            names = "/".join(str(n) for n in names)
        what = str(e.message).removeprefix("Value error, ").rstrip(".")
        if what.startswith("Input should be a valid integer"):
            what = "expected a whole number"
        elif what.startswith("Input should be a valid number"):
            what = "expected a number"
        return (f"{names}: {what}" if names else what), hint
    text = e.format_message().rstrip(".")
    return (text[:1].lower() + text[1:]) if text else "invalid command line", hint


F = TypeVar("F", bound=Callable[..., Any])


class _App(typer.Typer):
    """typer's application, its commands made as _Command unless a command asks otherwise."""

    def command(
        self, name: str | None = None, *, cls: type[TyperCommand] | None = None, **kwargs: Any
    ) -> Callable[[F], F]:
        return super().command(name, cls=cls or _Command, **kwargs)


app = _App(
    name="tracker",
    cls=_Group,
    help="Track the commitments (下一步工作) in government reply letters, kept as YAML under git.",
    no_args_is_help=True,
    # --install-completion / --show-completion [bash|zsh|fish|powershell]: typer's own
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

LangT = TypeVar("LangT", bound=StrEnum)


def version() -> str:
    """The installed version, from the package's metadata (the source's when not installed)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("tracker")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return __version__


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"tracker {version()}")
        raise typer.Exit(0)


@app.callback()
def _main(
    ctx: typer.Context,
    _version: bool = typer.Option(
        False,
        "--version",
        "-V",
        is_eager=True,
        callback=_show_version,
        help="Print the version and exit.",
    ),
) -> None:
    """Track the commitments (下一步工作) in government reply letters, kept as YAML under git."""
    # the command's options from the environment, read once, current until the command ends
    ctx.with_resource(use(Workspace.from_env()))


def locale_lang() -> Lang | None:
    """The language the locale names (LC_ALL/LC_MESSAGES/LANG), or None when it names none."""
    return current().lang


ROOT_HELP = "Tree root (the folder holding commitments/ and seeds/). Default: found from here up."


def console(stderr: bool = False, width: int | None = None) -> Console:
    """A rich console: colour only on a terminal and when NO_COLOR is not set."""
    from rich.console import Console
    from rich.segment import Segment

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

    no_color = not current().colour
    return _Console(
        stderr=stderr,
        width=width,
        no_color=no_color,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
    )


def err(message: str, hint: str | None = None, lang: str = Lang.EN) -> None:
    """Print an error message (and what to do) to stderr, in English or Chinese."""
    if lang == Lang.ZH:
        text = f"错误：{problem_zh(message)}"
        if hint:
            text += f"\n  提示：{problem_zh(hint)}"
    else:
        text = f"error: {message}"
        if hint:
            text += f"\n  hint: {hint}"
    print(text, file=sys.stderr)


@contextmanager
def user_errors(lang: str = Lang.EN) -> Iterator[None]:
    """Turn the project's own exceptions into a message and an exit code, never a traceback."""
    token = NOTE_LANG.set(lang)
    try:
        yield
    except TrackerError as e:
        err(e.message, e.hint, lang)
        raise typer.Exit(e.exit_code) from None
    except KeyboardInterrupt:
        err("interrupted", lang=lang)
        raise typer.Exit(130) from None
    except BrokenPipeError:
        raise typer.Exit(0) from None
    except OSError as e:  # disk full, permission denied, a folder where a file should be
        place = f"{e.filename}: " if e.filename else ""
        err(
            f"{place}{e.strerror or e}",
            "no file was left half-written (each holds its old bytes or its new ones); fix the cause "
            "and run the command again",
            lang,
        )
        raise typer.Exit(1) from None
    finally:
        NOTE_LANG.reset(token)


NO_TREE_HINT = "run `tracker init` or pass --root"


def date_option(value: str | None, option: str = "--date") -> date | None:
    """The day an option gives (YYYY-MM-DD), or None; a usage error otherwise."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option} {value}: not a date", "write it like 2025-06-30") from None


def find_root(start: Path | None = None, *, need_tree: bool = True) -> Path:
    """The tree root: the given folder, $TRACKER_ROOT, or the nearest folder up with commitments/.

    With `need_tree` (every command that reads a tree) a root without commitments/ is a usage
    error, never an empty tree; `import` passes False, as it makes commitments/ itself.
    """
    if start is not None:
        if not start.exists():
            raise UsageError(f"{start}: no such folder", "give the folder that holds commitments/")
        if not start.is_dir():
            raise UsageError(f"{start}: not a folder", "give the folder that holds commitments/")
        if need_tree and not (start / "commitments").is_dir():
            raise UsageError(
                f"{start}: no commitments/ folder here",
                f"run `tracker init {start}` to start a tree there, or give the folder that holds "
                "commitments/",
            )
        return start.resolve()
    env = current().root_hint
    if env:
        return find_root(Path(env), need_tree=need_tree)
    here = Path.cwd().resolve()
    for d in (here, *here.parents):
        if (d / "commitments").is_dir() or (d / "tracker.yaml").is_file():
            if need_tree and not (d / "commitments").is_dir():
                raise UsageError(
                    f"{d / 'tracker.yaml'} found, but no commitments/ folder beside it",
                    f"create {d / 'commitments'}, or import a letter: tracker import LETTER",
                )
            return d
    if need_tree:
        raise UsageError("no commitments/ folder here or above", NO_TREE_HINT)
    return here


KEEP_GOING_HELP = (
    "When a file cannot be read: leave it out and say so inside the output. Without it such a "
    "file is an error (exit 1, nothing written)."
)
LANG_HELP = "zh or en. Default: the language LC_ALL/LANG name (zh_* -> zh), else {default}."


def pick_lang(lang: LangT | None, default: LangT) -> LangT:
    """The language asked for by --lang, else by the environment, else the command's default."""
    if lang is not None:
        return lang
    found = current().lang
    return type(default)(found.value) if found is not None else default


def message_lang(lang: LangT | None) -> Lang:
    """The language of messages on stderr: --lang, the environment's, else English (as ever)."""
    return Lang(pick_lang(lang, Lang.EN))


def read_tree(
    root: Path,
    files: list[Path] | None = None,
    *,
    keep_going: bool | None = None,
    lang: str = Lang.EN,
) -> Tree:
    """Load the tree for a reading command, minding the files that could not be read.

    keep_going None: say on stderr which files were left out. False: refuse (exit 1, naming
    each). True: say so on stderr; the command puts its own notice inside its output.
    """
    # start-up: store loads the YAML layer
    from tracker import store

    tree = store.load_tree(root, files)
    left = left_out(tree.problems, lang)
    if keep_going is None:
        warn_left_out(left.items(), lang)
    else:
        check_left_out(left, keep_going, lang)
    return tree


def left_out(problems: Iterable[Problem], lang: str = Lang.EN) -> dict[str, str]:
    """The files that could not be read: path -> its first error, formatted in `lang`."""
    out: dict[str, str] = {}
    for p in problems:
        if p.level == Level.ERROR:
            out.setdefault(p.path, format_problem(p, lang))
    return out


LEVEL_ZH = {Level.ERROR: "错误", Level.WARNING: "警告"}


def line_in(line: str, lang: str) -> str:
    """A problem already formatted in English (a cache keeps them so) as a line in `lang`."""
    import re

    m = re.fullmatch(r"(?P<place>\S*?): (?P<level>error|warning): (?P<rest>.*)", line)
    if lang != Lang.ZH or m is None:
        return line
    rest = m["rest"]
    message, hint = rest, None
    if rest.endswith(")"):  # the hint is the last bracket whose message has a Chinese form
        for at in (i for i in range(len(rest) - 1, -1, -1) if rest.startswith(" (", i)):
            if problem_zh(rest[:at]) != rest[:at]:
                message, hint = rest[:at], rest[at + 2 : -1]
                break
    path, _, place = m["place"].partition(":")
    line_no, _, col = place.partition(":")
    p = Problem(
        path,
        int(line_no) if line_no.isdigit() else None,
        int(col) if col.isdigit() else None,
        Level(m["level"]),
        message,
        hint,
    )
    return format_problem(p, lang)


def format_problem(p: Problem, lang: str = Lang.EN) -> str:
    """A problem as a line: `path:line:col: error: message (hint)`, or 错误/警告 and its words."""
    if lang != Lang.ZH:
        return p.format()

    text = f"{p.place()}: {LEVEL_ZH[p.level]}：{problem_zh(p.message)}"
    return text + (f"（{problem_zh(p.hint)}）" if p.hint else "")


def check_left_out(left: Mapping[str, str], keep_going: bool, lang: str = Lang.EN) -> None:
    """Refuse a partial output (TrackerError, exit 1) unless `keep_going`; then warn on stderr."""
    if not left:
        return
    if not keep_going:
        listed = "".join(f"\n  {line}" for line in left.values())
        raise TrackerError(
            message("left_out_refused", lang, n=len(left)) + listed,
            message("left_out_refused_hint", lang),
        )
    warn_left_out(left.items(), lang)


def warn_left_out(errors: Iterable[tuple[str, str]], lang: str = Lang.EN) -> None:
    """Say on stderr which files could not be read: (path, formatted problem), the first of each."""
    left: dict[str, str] = {}
    for path, line in errors:
        left.setdefault(path, line)
    if left:
        print(message("left_out_warning", lang, n=len(left)), file=sys.stderr)
        for line in left.values():
            print(f"  {line}", file=sys.stderr)
        print(f"  {message('left_out_hint', lang)}", file=sys.stderr)
