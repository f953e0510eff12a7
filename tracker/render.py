"""Templates: a digest rendered to Markdown or HTML through jinja2.

`tracker.digest` gathers what a digest says; `render` passes it to a template. jinja2 is
imported only inside `render`, so the CLI starts fast.

Templates are looked up file by file, first match wins: the folder given with `--templates`, the
tree's own `templates/` folder, then the built-in templates (`tracker/templates/` in an installed
package, else the `templates/` folder of a source checkout or editable install).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import StrEnum
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from tracker.model import Kind, Role, SectionKind, Status, TrackerError, UsageError
from tracker.text import md_text, printable

if TYPE_CHECKING:
    import jinja2

    from tracker.digest import Digest

_T = TypeVar("_T")

TEMPLATES_DIR = "templates"


class DigestFormat(StrEnum):
    """Output formats of `tracker digest`."""

    MD = "md"
    HTML = "html"

    @property
    def template(self) -> str:
        """The template file that renders this format."""
        return f"digest.{self.value}.j2"


# --- rendering ---------------------------------------------------------------------------------


def md_escape(value: object) -> str:
    """Text safe in a Markdown paragraph or table cell (text.md_text: the templates' `md`)."""
    return md_text(value)


def builtin_template_dirs() -> list[Path]:
    """Folders of the built-in templates: the package's (tracker/templates, a link to the
    checkout's templates/ that wheels copy), else the checkout's templates/ itself."""
    here = Path(__file__).resolve().parent
    out: list[Path] = []
    for d in (here / TEMPLATES_DIR, here.parent / TEMPLATES_DIR):
        if (d / DigestFormat.MD.template).is_file() and d.resolve() not in out:
            out.append(d.resolve())
    return out


def template_dirs(templates: Path | None, root: Path | None) -> list[Path]:
    """Folders searched for a template, first match wins."""
    dirs: list[Path] = []
    if templates is not None:
        if not templates.is_dir():
            raise UsageError(
                f"{templates}: no such template folder",
                "give a folder holding digest.md.j2 and/or digest.html.j2",
            )
        dirs.append(templates.resolve())
    if root is not None and (root / TEMPLATES_DIR).is_dir():
        dirs.append((root / TEMPLATES_DIR).resolve())
    dirs.extend(builtin_template_dirs())
    unique: list[Path] = []
    for d in dirs:
        if d not in unique:
            unique.append(d)
    if not any(
        (d / DigestFormat.MD.template).is_file() or (d / DigestFormat.HTML.template).is_file()
        for d in unique
    ):
        raise TrackerError(
            "the built-in digest templates are missing",
            "reinstall tracker, or pass --templates DIR",
        )
    return unique


# Enums whose members are text (str(member) is the value): escaped as that text.
_TEXT_ENUMS = frozenset({Status, SectionKind, Role, Kind})


def _fast_escape(template: jinja2.Template) -> None:
    """Let an autoescaping template escape plain text and numbers without making Markup objects.

    The compiled template calls `escape` (markupsafe's) on every value it prints; a digest of
    50,000 commitments makes two million calls, and most of their time goes into making each
    result a Markup (a copy of the text). jinja2 calls `escape` only on what it outputs, where
    it takes plain text just as well (a template without autoescape outputs `str(value)` there),
    so for a str or an int this escape returns the escaped text itself: the same characters,
    escaped by markupsafe's own function. Anything else goes to markupsafe as before.
    """
    from markupsafe import escape

    try:
        from markupsafe._speedups import _escape_inner
    except ImportError:  # markupsafe without its C extension: leave it as it is
        return

    from markupsafe import Markup

    # Any: the switch on type(s) is the point (one lookup, no isinstance chain), and mypy
    # does not narrow a value through a type kept in a variable
    def fast(s: Any) -> Any:
        kind = type(s)
        if kind is str:
            return _escape_inner(s)
        if kind is int:
            return str(s)  # digits and a sign: nothing to escape
        if kind is date:
            return s.isoformat()  # str(s): digits and dashes
        if kind is Markup:
            return s  # escaped already: escape() would copy it
        if kind in _TEXT_ENUMS:
            return _escape_inner(str(s))  # what escape() does with a str subclass
        return escape(s)

    namespace = getattr(getattr(template, "root_render_func", None), "__globals__", None)
    if isinstance(namespace, dict) and namespace.get("escape") is escape:
        namespace["escape"] = fast


class _Labels(dict[str, str]):
    """A digest's words for a template: `t.colon` finds the word as an attribute at once.

    jinja2 looks `t.colon` up as an attribute first, then as an item: on a plain dict every
    such lookup fails once (an exception) before it succeeds. No word is named like a method
    of dict, so `t.x` means the same word either way.
    """

    def __init__(self, words: dict[str, str]) -> None:
        super().__init__(words)
        self.__dict__ = self


def render(
    digest: Digest, fmt: DigestFormat, templates: Path | None = None, root: Path | None = None
) -> str:
    """The digest rendered by its template (HTML autoescaped)."""
    return "".join(_render(digest, fmt, templates, root, lambda text: text))


def render_bytes(
    digest: Digest, fmt: DigestFormat, templates: Path | None = None, root: Path | None = None
) -> bytes:
    """render() encoded as UTF-8, made piece by piece: the template's millions of small parts are
    never all held at once, nor is the whole text beside its encoding."""
    return b"".join(_render(digest, fmt, templates, root, lambda text: text.encode("utf-8")))


_BATCH = 16384  # parts of a template's output joined (and encoded) at a time


def _render(
    digest: Digest,
    fmt: DigestFormat,
    templates: Path | None,
    root: Path | None,
    finish: Callable[[str], _T],
) -> list[_T]:
    """The rendered digest in pieces, each a batch of the template's output passed to `finish`."""
    import jinja2
    import jinja2.sandbox

    dirs = template_dirs(templates, root)
    # a template that is not one of ours (the tree's templates/, --templates) is untrusted:
    # the sandbox refuses what could reach code (attributes starting with _, functions'
    # globals, unsafe methods); ours render in the plain environment, which is faster
    builtin = builtin_template_dirs()
    sandboxed = any(d not in builtin for d in dirs)
    make_env = jinja2.sandbox.ImmutableSandboxedEnvironment if sandboxed else jinja2.Environment
    env = make_env(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(d)) for d in dirs]),
        autoescape=fmt == DigestFormat.HTML,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_escape
    try:
        template = env.get_template(fmt.template)
        if env.autoescape:
            _fast_escape(template)
        # what Template.render() does, the output joined a batch at a time
        parts = template.root_render_func(
            template.new_context({"d": digest, "t": _Labels(digest.t)})
        )
        out: list[_T] = []
        try:
            while batch := list(islice(parts, _BATCH)):
                # no escape sequence, control code (but tab and newline) or bidi override
                # reaches the file or the terminal, whatever the data or the template holds
                out.append(finish(printable("".join(batch))))
        except Exception:
            env.handle_exception()  # re-raises, pointing at the template's line
        return out
    except jinja2.TemplateSyntaxError as e:
        place = f"{e.filename or e.name}:{e.lineno}"
        raise TrackerError(
            f"{place}: template syntax error: {e.message}",
            "fix the template, or remove it to use the built-in one",
        ) from None
    except jinja2.TemplateNotFound as e:
        raise TrackerError(
            f"template {e.name} not found in: {', '.join(map(str, dirs))}",
            "pass --templates DIR with that file",
        ) from None
    except jinja2.exceptions.SecurityError as e:
        raise TrackerError(
            f"{_template_place(e, dirs, fmt)}: template refused: {e}",
            "a template may only show the digest's fields: remove what reaches past them",
        ) from None
    except jinja2.UndefinedError as e:
        raise TrackerError(
            f"{_template_place(e, dirs, fmt)}: {e.message}",
            "check the names the template uses against the digest's fields",
        ) from None
    except jinja2.TemplateError as e:
        raise TrackerError(
            f"{_template_place(e, dirs, fmt)}: template error: {e}",
            "fix the template, or remove it to use the built-in one",
        ) from None


def _template_place(e: BaseException, dirs: list[Path], fmt: DigestFormat) -> str:
    """The template file and line an error was raised at (jinja2 puts the template's lines into
    the traceback), else the template's name."""
    import traceback

    for frame in reversed(traceback.extract_tb(e.__traceback__)):
        if frame.filename.endswith(".j2") and frame.lineno:
            return f"{frame.filename}:{frame.lineno}"
    for d in dirs:
        if (d / fmt.template).is_file():
            return str(d / fmt.template)
    return fmt.template
