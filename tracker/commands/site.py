"""`tracker site`: the browsable static site."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tracker.app import (
    KEEP_GOING_HELP,
    ROOT_HELP,
    app,
    date_option,
    find_root,
    left_out,
    message_lang,
    read_tree,
    user_errors,
)
from tracker.cache import loading
from tracker.digest import LAST, with_git_facts
from tracker.labels import message, said
from tracker.report import Lang


@app.command()
def site(
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Folder to write the site into.")
    ] = Path("build/site"),
    lang: Annotated[
        Lang | None,
        typer.Option(
            "--lang",
            help="zh or en: the site's own words (default zh; letters are never translated), "
            "and its messages when given (default: the locale's, else English).",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="As-of date for overdue promises (default: the date of the last commit that changed the data).",
        ),
    ] = None,
    keep_going: Annotated[bool, typer.Option("--keep-going", help=KEEP_GOING_HELP)] = False,
    root: Annotated[Path | None, typer.Option("--root", help=ROOT_HELP)] = None,
) -> None:
    """Write a browsable static site: an index, a page per bureau, letter and commitment, search.

    Example: tracker site -o build/site && open build/site/index.html

    A file that cannot be read stops the build (exit 1, naming it); with --keep-going the site
    leaves it out and its index page says so.

    Plain files with relative links: open index.html from disk or publish the folder (GitHub
    Pages, GitLab Pages). A rebuild renders and writes only the pages that changed.
    """
    # start-up: the site builder loads only for this command
    from tracker import site as site_lib

    mlang = message_lang(lang)
    lang = lang or Lang.ZH  # the pages' words: Chinese unless asked (the locale is for messages)
    with user_errors(mlang), loading():
        tree_root = find_root(root)
        day = date_option(as_of)
        # git's answers and the history are read while the tree loads, as the digest does
        tree, git = with_git_facts(
            tree_root, LAST, lambda: read_tree(tree_root, keep_going=keep_going, lang=mlang)
        )
        left = tuple(left_out(tree.problems, lang).values())
        report = site_lib.write_site(tree, git, output, lang, day, left)
        for w in report.warnings:
            head = "警告：" if mlang == Lang.ZH else "warning: "
            print(f"{head}{said(w, mlang)}", file=__import__("sys").stderr)
        print(
            message(
                "site_summary",
                mlang,
                index=report.out / report.index,
                n=report.pages,
                written=report.written,
                unchanged=report.unchanged,
                removed=report.removed,
            )
        )
