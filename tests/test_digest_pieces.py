"""render keeps each letter's rendered piece of a digest in .tracker-cache/ by its view's key (the
content keys of the files it comes from): the digest is the same bytes with the pieces as without
them, a changed file changes its pieces, and a foreign, corrupt or misshapen cache is ignored."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest
from conftest import LETTER_A, LETTER_B, GitRepo, commit_all, item_yaml, without_cache
from typer.testing import CliRunner

from tracker import digest as digest_lib
from tracker import render
from tracker.cache import RecordCache
from tracker.cli import app
from tracker.render import DigestFormat

runner = CliRunner()
A = f"commitments/{LETTER_A}"
B = f"commitments/{LETTER_B}"
FORMATS = [(fmt, lang) for fmt in ("md", "html") for lang in ("zh", "en")]


def digest(root: Path, fmt: str = "html", lang: str = "zh", **env: str) -> bytes:
    r = runner.invoke(
        app,
        ["digest", "--root", str(root), "--format", fmt, "--lang", lang],
        env={"COLUMNS": "100", **env},
    )
    assert r.exit_code == 0, r.output
    return r.stdout_bytes


def plain(root: Path, fmt: str = "html", lang: str = "zh") -> bytes:
    """The digest made without any cache (TRACKER_NO_CACHE): every piece rendered."""
    return digest(root, fmt, lang, TRACKER_NO_CACHE="1")


def kept(root: Path, fmt: str = "html", lang: str = "zh") -> Path:
    return root / ".tracker-cache" / render.pieces_cache(DigestFormat(fmt), lang)


@pytest.mark.parametrize(("fmt", "lang"), FORMATS)
def test_kept_pieces_give_the_same_digest(git_repo: GitRepo, fmt: str, lang: str) -> None:
    root = git_repo.root
    want = plain(root, fmt, lang)
    assert not kept(root, fmt, lang).exists()
    assert digest(root, fmt, lang) == want  # cold: every piece rendered and kept
    path = kept(root, fmt, lang)
    data = path.read_bytes()
    assert digest(root, fmt, lang) == want  # warm: every piece from the cache
    assert path.read_bytes() == data  # nothing new to keep: not written again


def test_warm_pieces_are_not_rendered(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    root = git_repo.root
    want = digest(root)
    calls: list[object] = []
    real = render._Pieces.__call__

    def spy(self: render._Pieces, view: object, caller: object) -> object:
        def counted() -> str:
            calls.append(view)
            return caller()  # type: ignore[operator,no-any-return]

        return real(self, view, counted)

    monkeypatch.setattr(render._Pieces, "__call__", spy)
    assert digest(root) == want
    assert calls == []
    git_repo.write(f"{A}/02.yaml", item_yaml(LETTER_A, "02", status_note="电话回访已完成"))
    changed = digest(root)
    assert [getattr(v, "id", None) for v in calls] == [LETTER_A]  # its own letter, no other
    assert changed == plain(root)
    assert "电话回访已完成".encode() in changed


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_changed_file_changes_the_pieces_that_show_it(git_repo: GitRepo, fmt: str) -> None:
    root = git_repo.root
    digest(root, fmt)
    # a commitment's own file
    git_repo.write(f"{A}/01.yaml", item_yaml(LETTER_A, "01", status_note="已列入明年计划"))
    got = digest(root, fmt)
    assert got == plain(root, fmt) and "已列入明年计划".encode() in got
    # a later letter's record: the letters whose evidence cites it show its new number
    reply = root / B / "reply.yaml"
    text = reply.read_text(encoding="utf-8")
    new = re.sub(r"(?m)^doc_number: .*$", "doc_number: 穗教案〔2099〕1号", text, count=1)
    assert new != text
    reply.write_text(new, encoding="utf-8")
    got = digest(root, fmt)
    assert got == plain(root, fmt) and "〔2099〕1号".encode() in got
    # and back: the pieces of the first version are worked out again, the same bytes
    git_repo.git("checkout", "--", "commitments")
    assert digest(root, fmt) == plain(root, fmt)


@pytest.mark.parametrize("damage", [b"", b"not msgpack", None, "pickle"])
def test_a_corrupt_cache_is_ignored_and_rebuilt(
    git_repo: GitRepo, damage: bytes | str | None
) -> None:
    root = git_repo.root
    want = digest(root)
    path = kept(root)
    data = path.read_bytes()
    name = render.pieces_cache(DigestFormat.HTML, "zh")
    letters = RecordCache(root, name, render._package_modules()).entries.keys()
    assert letters == {LETTER_A, LETTER_B}
    if damage == "pickle":  # never unpickled: a cache file is data
        bad = pickle.dumps({"x": b"<script>"})
    elif damage is None:
        bad = data[: len(data) // 2]  # torn
    else:
        assert isinstance(damage, bytes)
        bad = damage
    path.write_bytes(bad)
    assert digest(root) == want
    assert path.read_bytes() != bad  # rebuilt, every letter's piece in it
    assert RecordCache(root, name, render._package_modules()).entries.keys() == letters
    assert digest(root) == want


def test_pieces_of_other_code_or_of_the_wrong_shape_are_not_used(git_repo: GitRepo) -> None:
    root = git_repo.root
    want = digest(root)
    name = render.pieces_cache(DigestFormat.HTML, "zh")
    good = RecordCache(root, name, render._package_modules()).entries
    assert good and all(type(v) is bytes for _, v in good.values())
    # the right keys, written by other code (another fingerprint): ignored
    other = RecordCache(root, name, [*render._package_modules(), "elsewhere"])
    for rel, (key, _) in good.items():
        other.put(rel, key, b"<p>POISON</p>")
    other.save()
    assert digest(root) == want
    # the right keys and code, text where bytes belong: rendered again
    ours = RecordCache(root, name, render._package_modules())
    for rel, (key, _) in good.items():
        ours.put(rel, key, "<p>POISON</p>")
    ours.save()
    assert digest(root) == want


def test_one_changed_letter_writes_a_journal(git_repo: GitRepo) -> None:
    root = git_repo.root
    digest(root)
    main = kept(root).read_bytes()
    git_repo.write(f"{A}/02.yaml", item_yaml(LETTER_A, "02", status_note="电话回访已完成"))
    assert digest(root) == plain(root)
    assert kept(root).read_bytes() == main  # the main file as it was: the new piece in a journal
    assert kept(root).with_name(kept(root).name + ".journal").exists()
    assert digest(root) == plain(root)


def test_pieces_from_another_tree_are_not_used(git_repo: GitRepo, tmp_path: Path) -> None:
    """Another tree's pieces have other keys (its files' content): none is taken."""
    root = git_repo.root
    want = digest(root)
    other = tmp_path / "other"
    (other / "commitments").mkdir(parents=True)
    for rel in (f"{A}/reply.yaml", f"{A}/01.yaml"):
        (other / rel).parent.mkdir(parents=True, exist_ok=True)
        (other / rel).write_text((root / rel).read_text(encoding="utf-8") + "\n# 另一棵树\n")
    commit_all(other, "another tree")
    digest(other)
    name = render.pieces_cache(DigestFormat.HTML, "zh")
    assert RecordCache(other, name, render._package_modules()).entries
    kept(root).write_bytes(kept(other).read_bytes())
    kept(root).with_name(kept(root).name + ".journal").unlink(missing_ok=True)
    assert digest(root) == want


def test_a_tree_template_and_no_cache_render_every_piece(git_repo: GitRepo) -> None:
    root = git_repo.root
    plain(root)
    assert not kept(root).exists()  # TRACKER_NO_CACHE: nothing kept
    (root / "templates").mkdir()
    (root / "templates" / "digest.html.j2").write_text(
        "{% for l in d.letters %}{% call piece(l) %}<h3>{{ l.title }}</h3>{% endcall %}{% endfor %}",
        encoding="utf-8",
    )
    got = digest(root)
    assert got.count(b"<h3>") == 2
    assert not kept(root).exists()  # a tree's own template: rendered every time


def test_every_letter_has_a_key_naming_its_files(git_repo: GitRepo) -> None:
    from tracker.app import read_tree
    from tracker.labels import Lang

    root = git_repo.root
    tree = read_tree(root, keep_going=False, lang=Lang.ZH)
    git = digest_lib.git_facts(root, None)
    d = digest_lib.build_digest(tree, git, Lang.ZH)
    assert d.letters and all(letter.key for letter in d.letters)
    assert len({letter.key for letter in d.letters}) == len(d.letters)
    for letter in d.letters:
        for item in letter.items:
            path = tree.commitments[item.id].path
            assert f"{path}\x1f{tree.keys[path]}\x1f{item.history}" in letter.key
    with without_cache():
        tree = read_tree(root, keep_going=False, lang=Lang.ZH)
    assert not tree.keys
    d = digest_lib.build_digest(tree, git, Lang.ZH)
    assert all(letter.key == "" for letter in d.letters)  # no content keys: no key
