"""`tracker import` through the command line: writing the tree, updating it, refusing bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import SEED_OF, Shape, make_tree
from typer.testing import CliRunner

from tracker.cli import app

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED_NAMES = sorted(p.name for p in SEEDS.glob("*.txt"))
IDS = {
    "000_a140f72d90f69cdb.txt": "gz-edu-2023-ta5020",
    "001_c8fd4e0a58563a3c.txt": "gy-lz-edu-2024-jy56",
    "002_77355670e473416b.txt": "gz-edu-2025-ta4154",
    "003_84ada05304f0c74f.txt": "tj-edu-2024-jy0480",
    "004_ff4669c2bc51a22d.txt": "gz-ns-edu-ta3030",
}
runner = CliRunner()


def run(*args: str):  # noqa: ANN201
    return runner.invoke(app, list(args), env={"COLUMNS": "120", "NO_COLOR": "1"})


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """An empty tree holding copies of the five seed letters."""
    return make_tree(tmp_path, SEED_OF, shape=Shape.SEEDS)


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under the tree (but the cache), by path."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".tracker-cache" not in p.parts
    }


def import_seeds(root: Path, *extra: str):  # noqa: ANN201
    return run(
        "import", *(str(root / "seeds" / n) for n in SEED_NAMES), "--root", str(root), *extra
    )


def test_import_the_seeds_and_validate(tree: Path) -> None:
    r = import_seeds(tree)
    assert r.exit_code == 0, r.output
    assert "26 commitments" in r.output
    for name, rid in IDS.items():
        folder = tree / "commitments" / rid
        assert (folder / "reply.yaml").is_file(), name
        assert f"commitments/{rid}/" in r.output
    assert len(list((tree / "commitments").rglob("[0-9]*.yaml"))) == 26
    assert sorted(p.name for p in (tree / "commitments" / "gz-edu-2023-ta5020").iterdir()) == [
        "01.yaml",
        "02.yaml",
        "03.yaml",
        "04.yaml",
        "reply.yaml",
    ]
    v = run("validate", "--root", str(tree), "--strict")
    assert v.exit_code == 0, v.output
    assert "26 commitments in 5 letters: 0 errors, 0 warnings" in v.output


def test_output_shows_facts_read_and_inferred(tree: Path) -> None:
    r = run("import", str(tree / "seeds" / "002_77355670e473416b.txt"), "--root", str(tree))
    assert r.exit_code == 0, r.output
    out = r.output
    assert "gz-edu-2025-ta4154" in out
    assert "inferred:" in out and "快手成人版" in out
    assert "穗教案〔2025〕383号" in out and "read" in out
    assert "加强心理问题源头预防" in out  # an area in the commitments table
    assert "8 commitments" in out


def test_reply_records_where_the_letter_is(tree: Path) -> None:
    import yaml

    assert import_seeds(tree).exit_code == 0
    data = yaml.safe_load(
        (tree / "commitments/gz-ns-edu-ta3030/reply.yaml").read_text(encoding="utf-8")
    )
    assert data["source"]["path"] == "seeds/004_ff4669c2bc51a22d.txt"
    assert "origin" not in data["source"]
    assert data["issuer"] == "广州市南沙区教育局" and "issuer_inferred" not in data
    assert data["review"][0]["field"] == "issuer"
    assert "inferred 广州市南沙区教育局" in data["review"][0]["reason"]
    assert data["sections"][1] == {
        "kind": "next_steps",
        "heading": "2、 下一步工作安排",
        "lines": [19, 23],
    }
    item = yaml.safe_load(
        (tree / "commitments/gz-ns-edu-ta3030/02.yaml").read_text(encoding="utf-8")
    )
    assert (
        item["id"] == "gz-ns-edu-ta3030/02"
        and item["status"] == "pending"
        and item["lines"] == [21, 21]
    )


def test_update_twice_changes_nothing_and_keeps_clerk_edits(tree: Path) -> None:
    assert import_seeds(tree).exit_code == 0
    item = tree / "commitments/gz-edu-2023-ta5020/03.yaml"
    text = item.read_text(encoding="utf-8")
    text = text.replace("status: pending", "status: in_progress  # 2025 年来函有进展")
    text = text.replace("owners: []", "owners:\n  - 市教育局\n# 由德育处跟进")
    text = text.replace("status_note: null", "status_note: 已电话核实")
    item.write_text(text, encoding="utf-8")
    reply = tree / "commitments/gz-edu-2023-ta5020/reply.yaml"
    reply.write_text(reply.read_text(encoding="utf-8") + "# 经办：李四\n", encoding="utf-8")
    before = snapshot(tree)
    for _ in range(2):
        r = import_seeds(tree, "--update")
        assert r.exit_code == 0, r.output
        assert "5 unchanged" in r.output
        assert snapshot(tree) == before


def test_update_refreshes_what_came_from_the_letter(tree: Path) -> None:
    assert import_seeds(tree).exit_code == 0
    item = tree / "commitments/tj-edu-2024-jy0480/02.yaml"
    item.write_text(
        item.read_text(encoding="utf-8")
        .replace("area: null", "area: 师资")
        .replace("status: pending", "status: done"),
        encoding="utf-8",
    )
    r = import_seeds(tree, "--update")
    assert r.exit_code == 0, r.output
    text = item.read_text(encoding="utf-8")
    assert "area: null" in text and "status: done" in text


def test_existing_letter_without_update_fails_and_writes_nothing(tree: Path) -> None:
    assert import_seeds(tree).exit_code == 0
    before = snapshot(tree)
    r = import_seeds(tree)
    assert r.exit_code == 1
    assert "already in the tree" in r.output and "--update" in r.output
    assert snapshot(tree) == before


def test_another_copy_is_recognised_as_already_there(tree: Path, tmp_path: Path) -> None:
    import opencc

    assert import_seeds(tree).exit_code == 0
    copy = tmp_path / "elsewhere" / "trad.txt"
    copy.parent.mkdir()
    copy.write_text(
        opencc.OpenCC("s2t").convert((SEEDS / SEED_NAMES[0]).read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    before = snapshot(tree)
    r = run("import", str(copy), "--root", str(tree))
    assert r.exit_code == 1
    assert "commitments/gz-edu-2023-ta5020/" in r.output and "another copy" in r.output
    assert snapshot(tree) == before


def test_letter_from_outside_seeds_is_stored_there(tree: Path, tmp_path: Path) -> None:
    page = tmp_path / "downloads" / "letter.html"
    page.parent.mkdir()
    text = (SEEDS / "003_84ada05304f0c74f.txt").read_text(encoding="utf-8")
    body = "".join(f"<p>{line}</p>\r\n" for line in text.splitlines())
    page.write_bytes(
        f"<html><head><meta charset='gbk'><script>x=1</script></head><body><nav>首页</nav>"
        f"{body}</body></html>".encode("gb18030")
    )
    shutil.rmtree(tree / "seeds")
    (tree / "seeds").mkdir()
    r = run("import", str(page), "--root", str(tree))
    assert r.exit_code == 0, r.output
    stored = tree / "seeds" / "tj-edu-2024-jy0480.txt"
    assert stored.is_file()
    assert stored.read_text(encoding="utf-8").startswith("| 无障碍 长者模式\n您当前的位置")
    reply = (tree / "commitments/tj-edu-2024-jy0480/reply.yaml").read_text(encoding="utf-8")
    assert (
        "path: seeds/tj-edu-2024-jy0480.txt" in reply and "origin: downloads/letter.html" in reply
    )
    assert len(list((tree / "commitments/tj-edu-2024-jy0480").glob("0*.yaml"))) == 6
    v = run("validate", "--root", str(tree), "--strict")
    assert v.exit_code == 0, v.output
    # the same page again, with --update: nothing changes
    before = snapshot(tree)
    assert run("import", str(page), "--root", str(tree), "--update").exit_code == 0
    assert snapshot(tree) == before


def test_dry_run_json_prints_the_letter_and_writes_nothing(tree: Path) -> None:
    before = snapshot(tree)
    r = run(
        "import", str(tree / "seeds" / SEED_NAMES[0]), "--root", str(tree), "--dry-run", "--json"
    )
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert snapshot(tree) == before
    assert len(data) == 1 and data[0]["state"] == "would create"
    letter = data[0]["letter"]
    assert letter["reply"]["id"] == "gz-edu-2023-ta5020"
    assert letter["reply"]["reply_date"] == "2023-08-31"
    assert letter["reply"]["sections"] == [
        {"kind": "progress", "heading": "一、目前工作推进情况", "lines": [16, 26]},
        {"kind": "next_steps", "heading": "二、下一步工作安排", "lines": [28, 36]},
    ]
    assert [c["id"] for c in letter["commitments"]] == [
        f"gz-edu-2023-ta5020/0{i}" for i in range(1, 5)
    ]
    assert letter["commitments"][0]["area"] == "推进校家社协同育人"
    assert letter["commitments"][0]["lines"] == [32, 32]


def test_dry_run_shows_tables(tree: Path) -> None:
    before = snapshot(tree)
    r = run("import", str(tree / "seeds"), "--root", str(tree), "--dry-run")
    assert r.exit_code == 0, r.output
    assert "5 would create" in r.output
    assert snapshot(tree) == before


def test_dry_run_update_says_what_a_real_run_would(tree: Path) -> None:
    import_seeds(tree)
    before = snapshot(tree)
    r = run("import", str(tree / "seeds"), "--root", str(tree), "--dry-run", "--update")
    assert r.exit_code == 0, r.output
    assert "5 unchanged" in r.output
    # a letter whose item changed wording: would update, and still nothing written
    seed = tree / "seeds" / SEED_NAMES[0]
    seed.write_text(
        seed.read_text(encoding="utf-8").replace("持续深化", "继续深化", 1), encoding="utf-8"
    )
    before = snapshot(tree)
    r = run("import", str(seed), "--root", str(tree), "--dry-run", "--update")
    assert r.exit_code == 0, r.output
    assert "1 would update" in r.output
    assert snapshot(tree) == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "PNG image"),
        (bytes(range(256)) * 4, "binary"),
        (b"\x80\x81\xff\xfe\x80" * 40, "cannot be decoded"),
        (
            "<html><body><nav>首页</nav><p>欢迎访问本网站</p><footer>Copyright</footer></body></html>".encode(),
            "no reply letter found",
        ),
    ],
)
def test_unreadable_files_fail_alone(tree: Path, data: bytes, message: str) -> None:
    bad = tree / "incoming" / ("bad.html" if data.startswith(b"<html") else "bad.txt")
    bad.parent.mkdir()
    bad.write_bytes(data)
    before = snapshot(tree)
    r = run("import", str(bad), "--root", str(tree))
    assert r.exit_code == 1
    assert message in r.output and "bad." in r.output
    assert "Traceback" not in r.output
    assert snapshot(tree) == before
    # the other files of the same call still import
    r = run("import", str(bad), str(tree / "seeds" / SEED_NAMES[1]), "--root", str(tree))
    assert r.exit_code == 1
    assert (tree / "commitments/gy-lz-edu-2024-jy56/reply.yaml").is_file()
    assert not (tree / "seeds" / "bad.txt").exists()


def test_letter_without_next_steps_imports_with_a_warning(tree: Path) -> None:
    lines = (SEEDS / "003_84ada05304f0c74f.txt").read_text(encoding="utf-8").splitlines()
    f = tree / "seeds" / "no-next-steps.txt"
    f.write_text("\n".join(lines[:23] + lines[30:]) + "\n", encoding="utf-8")
    r = run("import", str(f), "--root", str(tree))
    assert r.exit_code == 0, r.output
    assert "no next-steps section" in r.output
    folder = tree / "commitments" / "tj-edu-2024-jy0480"
    assert [p.name for p in folder.iterdir()] == ["reply.yaml"]
    assert run("validate", "--root", str(tree)).exit_code == 0


def test_truncated_letter_imports_with_a_warning(tree: Path) -> None:
    text = (SEEDS / SEED_NAMES[0]).read_text(encoding="utf-8")
    f = tree / "seeds" / "truncated.txt"
    f.write_text(text[: text.index("不断完善青少年社区社工服务体系")], encoding="utf-8")
    r = run("import", str(f), "--root", str(tree))
    assert r.exit_code == 0, r.output
    assert "cut off" in r.output and "seeds/truncated.txt:36" in r.output
    assert len(list((tree / "commitments/gz-edu-2023-ta5020").glob("0*.yaml"))) == 4
    assert run("validate", "--root", str(tree)).exit_code == 0


def test_many_files_give_a_summary(tree: Path) -> None:
    text = (SEEDS / SEED_NAMES[0]).read_text(encoding="utf-8")
    folder = tree / "incoming"
    folder.mkdir()
    for i in range(12):
        (folder / f"letter-{i:02d}.txt").write_text(
            text.replace("5020", str(6000 + i)), encoding="utf-8"
        )
    r = run("import", str(folder), "--root", str(tree))
    assert r.exit_code == 0, r.output
    assert "12 letters: 12 created; 48 commitments" in r.output
    assert "gz-edu-2023-ta6011" in r.output
    assert (tree / "seeds" / "gz-edu-2023-ta6011.txt").is_file()


def test_into_names_the_commitments_folder(tree: Path) -> None:
    r = run("import", str(tree / "seeds" / SEED_NAMES[3]), "--into", str(tree / "commitments"))
    assert r.exit_code == 0, r.output
    assert (tree / "commitments/tj-edu-2024-jy0480/reply.yaml").is_file()
    r = run("import", str(tree / "seeds" / SEED_NAMES[3]), "--into", str(tree / "elsewhere"))
    assert r.exit_code == 2 and "commitments/" in r.output


def test_encoding_option(tree: Path) -> None:
    f = tree / "gb.txt"
    f.write_bytes((SEEDS / SEED_NAMES[0]).read_text(encoding="utf-8").encode("gb18030"))
    r = run("import", str(f), "--root", str(tree), "--encoding", "utf-8", "--dry-run")
    assert r.exit_code == 1 and "cannot be read as utf-8" in r.output
    r = run("import", str(f), "--root", str(tree), "--encoding", "gb18030", "--dry-run")
    assert r.exit_code == 0 and "gz-edu-2023-ta5020" in r.output
    r = run("import", str(f), "--root", str(tree), "--encoding", "no-such-codec", "--dry-run")
    assert r.exit_code == 2 and "unknown encoding" in r.output


def test_missing_file(tree: Path) -> None:
    r = run("import", str(tree / "nope.txt"), "--root", str(tree))
    assert r.exit_code == 1 and "no such file" in r.output


def test_a_refused_page_imports_with_as_letter(tree: Path) -> None:
    # a co-handler's opinion to the lead bureau is refused, as it always was; --as-letter reads it
    # as a letter all the same, and its review: says what the page was taken for
    page = ROOT / "tests" / "eval" / "reading" / "dev" / "81-lingbo-cohandler-opinion.txt"
    opinion = tree / "opinion.txt"
    shutil.copy(page, opinion)
    before = snapshot(tree)
    r = run("import", str(opinion), "--root", str(tree))
    assert r.exit_code == 1, r.output
    assert "not a reply letter: the page looks like a co-handler's opinion" in r.output
    assert "--as-letter" in r.output  # the message says how to import it all the same
    assert snapshot(tree) == before  # nothing written

    r = run("import", str(opinion), "--root", str(tree), "--as-letter", "--json")
    assert r.exit_code == 0, r.output
    [out] = json.loads(r.stdout)
    reply = out["letter"]["reply"]
    assert [c["text"][:6] for c in out["letter"]["commitments"]]
    notes = [n for n in reply["review"] if n["field"] == "source"]
    assert notes and "--as-letter" in notes[0]["reason"]
    assert "co-handler's opinion" in notes[0]["reason"]
    rid = reply["id"]
    assert (tree / "commitments" / rid / "reply.yaml").is_file()
    assert run("validate", "--root", str(tree)).exit_code == 0
