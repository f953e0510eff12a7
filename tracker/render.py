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
from typing import TYPE_CHECKING, Any, TypeVar, cast

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


def pieces_cache(fmt: DigestFormat, lang: str) -> str:
    """The file in .tracker-cache/ that keeps the letters' rendered pieces of a format and
    language (one each: a digest in one never drops those of another)."""
    return f"digest-pieces.{fmt.value}.{lang}.msgpack"


class _Kept:
    """A piece in the template's output: its text, printable already, in UTF-8."""

    __slots__ = ("data",)

    def __init__(self, data: bytes) -> None:
        self.data = data


class _Pieces:
    """The template's `piece(view)`: what the body of a `{% call piece(view) %}` block renders
    to, or what it rendered to in an earlier run for a view of the same key.

    Nearly all of a large digest's letters are the same from one run to the next, and their
    sections are half its text. A view's `key` names the files it comes from by their content
    keys (digest.LetterView.key, as the site keys its pages); the salt adds the template's
    source, the digest's words and date, and the versions of jinja2 and markupsafe; the cache
    file is named by tracker's code. A view without a key ("") is rendered every time.

    A piece goes into the output as a _Kept (the call block's result is output as it is, not
    escaped): its text passed through printable() and encoded once, when it was rendered, and
    copied as it is after. The pieces are kept in .tracker-cache/ as msgpack (bytes, never
    code: a foreign, corrupt or misshapen file is ignored), by letter, and only those this run
    used.
    """

    def __init__(self, root: Path, name: str, salt: str) -> None:
        # start-up: the cache layer loads msgpack, needed only when a digest is rendered
        from tracker.cache import RecordCache

        self._salt = salt
        # by letter, with a journal: a run that renders one letter again writes its piece,
        # not the whole file
        self._store = RecordCache(root, name, _package_modules())
        self._seen: set[str] = set()
        self.pending: list[_Kept] = []  # pieces output since the last batch was taken

    def __call__(self, view: object, caller: Callable[[], str]) -> object:
        """The block's output for this view: kept from an earlier run, or rendered now."""
        key, name = getattr(view, "key", ""), getattr(view, "id", "")
        if not key or type(key) is not str or type(name) is not str or name in self._seen:
            return caller()
        self._seen.add(name)
        stamp = ("piece", _hash(self._salt + key))  # a content key: its kind, then the hash
        data = self._store.get(name, stamp)
        if type(data) is not bytes:  # missing, or of another shape
            data = printable(str(caller())).encode("utf-8")
            self._store.put(name, stamp, data)
        kept = _Kept(data)
        self.pending.append(kept)
        return kept

    def save(self) -> None:
        """Keep this run's pieces for the next, and only those (a run where no view had a key
        leaves the cache as it was)."""
        if self._seen:
            self._store.retain(self._seen)
            self._store.save()


def _hash(text: str) -> str:
    import hashlib

    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _package_modules() -> list[str]:
    """Every module and package of tracker, by name: the code a kept piece was rendered by."""
    here = Path(__file__).resolve().parent
    return sorted(p.stem if p.is_file() else p.name for p in here.iterdir() if _is_code(p))


def _is_code(p: Path) -> bool:
    return (p.suffix == ".py" and p.is_file()) or (p.is_dir() and (p / "__init__.py").is_file())


def _pieces(
    env: jinja2.Environment,
    template: jinja2.Template,
    fmt: DigestFormat,
    digest: Digest,
    root: Path | None,
) -> _Pieces | None:
    """The kept pieces of a built-in template's rendering (None: render every piece: no tree,
    or the caches switched off)."""
    # start-up: workspace is light, but only a digest needs it here
    from tracker.workspace import current

    if root is None or not current().cache or template.filename is None:
        return None
    from importlib.metadata import version

    try:
        source = Path(template.filename).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    # overdue and late are counted to the digest's date, or today's
    day = digest.as_of or date.today()
    words = "\x1f".join(f"{k}\x1e{v}" for k, v in sorted(digest.t.items()))
    salt = "\x1d".join(
        (
            version("jinja2"),
            version("markupsafe"),
            str(env.autoescape),
            str(digest.lang),
            day.isoformat(),
            _hash(source),
            _hash(words),
            "",
        )
    )
    return _Pieces(root, pieces_cache(fmt, str(digest.lang)), salt)


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
    return "".join(
        _render(digest, fmt, templates, root, lambda text: text, lambda data: data.decode())
    )


def render_bytes(
    digest: Digest, fmt: DigestFormat, templates: Path | None = None, root: Path | None = None
) -> bytes:
    """render() encoded as UTF-8, made piece by piece: the template's millions of small parts are
    never all held at once, nor is the whole text beside its encoding."""
    return b"".join(render_parts(digest, fmt, templates, root))


def render_parts(
    digest: Digest, fmt: DigestFormat, templates: Path | None = None, root: Path | None = None
) -> list[bytes]:
    """render_bytes() in the parts it is joined from, in order: written one after the other
    they are its bytes, without the whole file copied into one more object first."""
    return _render(digest, fmt, templates, root, lambda text: text.encode("utf-8"), lambda b: b)


_BATCH = 16384  # parts of a template's output joined (and encoded) at a time


def _render(
    digest: Digest,
    fmt: DigestFormat,
    templates: Path | None,
    root: Path | None,
    finish: Callable[[str], _T],
    finish_kept: Callable[[bytes], _T],
) -> list[_T]:
    """The rendered digest in pieces, each a batch of the template's output passed to `finish`
    (a kept piece's bytes to `finish_kept`)."""
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
        # a template of the tree's own may show anything inside a piece: rendered every time
        pieces = None if sandboxed else _pieces(env, template, fmt, digest, root)
        piece = pieces or _render_piece
        # what Template.render() does, the output joined a batch at a time
        parts = template.root_render_func(
            template.new_context({"d": digest, "t": _Labels(digest.t), "piece": piece})
        )
        out: list[_T] = []
        try:
            while batch := list(islice(parts, _BATCH)):
                start = 0
                if pieces is not None and pieces.pending:
                    # the kept pieces in this batch, in order: the text between them as usual
                    found = cast("list[object]", batch)  # the template yields a _Kept as it is
                    for kept in pieces.pending:
                        at = found.index(kept, start)
                        if at > start:
                            out.append(finish(printable("".join(batch[start:at]))))
                        out.append(finish_kept(kept.data))
                        start = at + 1
                    pieces.pending.clear()
                    batch = batch[start:]
                # no escape sequence, control code (but tab and newline) or bidi override
                # reaches the file or the terminal, whatever the data or the template holds
                if batch:
                    out.append(finish(printable("".join(batch))))
        except Exception:
            env.handle_exception()  # re-raises, pointing at the template's line
        if pieces is not None:
            pieces.save()
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


def _render_piece(view: object, caller: Callable[[], str]) -> str:
    """`piece(view)` without kept pieces: the block rendered."""
    return caller()


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
