"""`tracker diff` on a tree in tmp_path: terminal output, --json, --write and its guarantees."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from conftest import Shape, make_tree
from typer.testing import CliRunner

from tracker.cli import app
from tracker.commands.diff import VERDICT_STYLE
from tracker.model import Verdict

PROJECT = Path(__file__).resolve().parent.parent
GOLD = yaml.safe_load(
    (Path(__file__).resolve().parent / "gold" / "followup-seeds.yaml").read_text(encoding="utf-8")
)
A, B = "gz-edu-2023-ta5020", "gz-edu-2025-ta4154"

runner = CliRunner()


def diff(root: Path, *args: str):
    return runner.invoke(app, ["diff", "--root", str(root), *args], env={"COLUMNS": "100"})


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted((root / "commitments").rglob("*.yaml"))
    }


@pytest.fixture
def tree(tmp_path):
    """Letters A and B as the importer reads them."""
    return make_tree(tmp_path / "tree", shape=Shape.IMPORTED)


def test_terminal_output(tree):
    r = diff(tree, A)
    assert r.exit_code == 0, r.output
    out = r.output
    for link, n in zip(GOLD["links"], ("01", "02", "03", "04"), strict=True):
        head = next(line for line in out.splitlines() if line.startswith(f"{A}/{n}"))
        assert Verdict(link["verdict"]).label_zh in head
    assert f"{B}:progress:8" in out  # source of the evidence on 03
    assert "4 commitments: 已兑现 1 · 推进中 2 · 重复承诺 1 · 未再提及 0 · 待跟进 0" in out
    assert "new in the later letters" in out
    assert "\x1b[" not in out  # no colour when not a terminal


def test_json(tree):
    r = diff(tree, "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    found = {c["id"]: c for c in data["commitments"]}
    assert set(found) >= {f"{A}/0{i}" for i in range(1, 5)}
    for link, n in zip(GOLD["links"], ("01", "02", "03", "04"), strict=True):
        c = found[f"{A}/{n}"]
        assert c["verdict"] == link["verdict"]
        assert c["evidence"], c
        for e in c["evidence"]:
            assert set(e) >= {"reply", "section", "line", "quote", "score"}
            assert e["reply"] == B and e["section"] in ("progress", "next_steps")
    # the later letter's own items have nothing later to compare with
    assert {c["verdict"] for i, c in found.items() if i.startswith(B)} == {"no-later-letter"}
    assert data["counts"]["done"] == 1
    assert data["new"] and all(n["id"].startswith(B + "/") for n in data["new"])


def test_selection_by_prefix_and_filters(tree):
    data = json.loads(diff(tree, "gz-edu-2023", "--json").output)
    assert [c["id"] for c in data["commitments"]] == [f"{A}/0{i}" for i in range(1, 5)]
    data = json.loads(diff(tree, f"{A}/03", "--json").output)
    assert [c["id"] for c in data["commitments"]] == [f"{A}/03"]
    data = json.loads(diff(tree, "--year", "2023", "--json").output)
    assert {c["id"][: len(A)] for c in data["commitments"]} == {A}
    data = json.loads(diff(tree, "--issuer", "廣州市教育局", "--json").output)
    assert len(data["commitments"]) == 4 + 8
    data = json.loads(diff(tree, "gz-edu", "--json").output)  # two letters: both selected
    assert len(data["commitments"]) == 4 + 8
    r = diff(tree, "nothing-like-this")
    assert r.exit_code == 2 and "no reply or commitment id starts with" in r.output
    r = diff(tree, "--issuer", "天津市教育委员会")
    assert r.exit_code == 2 and "no commitment matches" in r.output


def test_against(tree):
    data = json.loads(diff(tree, A, "--against", B, "--json").output)
    assert all(c["checked"] == 1 for c in data["commitments"])
    data = json.loads(diff(tree, A, "--against", A, "--json").output)
    assert {c["verdict"] for c in data["commitments"]} == {"no-later-letter"}
    r = diff(tree, A, "--against", "seeds/missing.txt")
    assert r.exit_code == 2 and "neither a reply id of the tree nor a letter file" in r.output


def test_against_a_letter_file_not_imported(tmp_path):
    root = make_tree(tmp_path / "tree", [A], shape=Shape.IMPORTED)
    outside = tmp_path / "later.txt"
    shutil.copyfile(PROJECT / "seeds" / GOLD["later"], outside)
    before = snapshot(root)
    r = diff(root, A, "--against", str(outside), "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert [c["verdict"] for c in data["commitments"]] == [x["verdict"] for x in GOLD["links"]]
    assert snapshot(root) == before  # read, not written
    assert not (root / "seeds" / f"{B}.txt").exists()
    # --write imports it first, so the evidence points at a reply of the tree
    r = diff(root, A, "--against", str(outside), "--write")
    assert r.exit_code == 0, r.output
    assert (root / "commitments" / B / "reply.yaml").is_file()
    assert runner.invoke(app, ["validate", "--root", str(root)]).exit_code == 0


def test_write_is_idempotent_keeps_comments_and_validates(tree):
    path = tree / "commitments" / A / "03.yaml"
    path.write_text(
        "# checked with the district on 2024-05-02\n" + path.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    r = diff(tree, "--write")
    assert r.exit_code == 0, r.output
    after = snapshot(tree)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# checked with the district on 2024-05-02\n")
    data = yaml.safe_load(text)
    assert data["status"] == "pending"  # no --set-status: statuses stay
    assert data["evidence"] and all(e["confirmed"] is False for e in data["evidence"])
    assert data["evidence"][0]["reply"] == B and data["evidence"][0]["verdict"] == "done"
    assert data["evidence"][0]["line"] == 8
    v = runner.invoke(app, ["validate", "--root", str(tree)])
    assert v.exit_code == 0, v.output
    r = diff(tree, "--write")
    assert r.exit_code == 0 and "nothing new" in r.output
    assert snapshot(tree) == after


def test_set_status_moves_only_pending(tree):
    clerk = tree / "commitments" / A / "01.yaml"
    clerk.write_text(
        clerk.read_text(encoding="utf-8")
        .replace("status: pending", "status: superseded\n# replaced by the 2024 plan", 1)
        .replace("status_note: null", "status_note: 由三年行动计划取代", 1),
        encoding="utf-8",
    )
    before = clerk.read_text(encoding="utf-8")
    r = diff(tree, A, "--write", "--set-status")
    assert r.exit_code == 0, r.output
    statuses = {
        n: yaml.safe_load((tree / "commitments" / A / f"{n}.yaml").read_text(encoding="utf-8"))[
            "status"
        ]
        for n in ("01", "02", "03", "04")
    }
    assert statuses == {"01": "superseded", "02": "in_progress", "03": "done", "04": "repeated"}
    assert "status: superseded\n# replaced by the 2024 plan" in clerk.read_text(encoding="utf-8")
    assert clerk.read_text(encoding="utf-8").startswith(before.split("evidence:")[0])
    assert runner.invoke(app, ["validate", "--root", str(tree)]).exit_code == 0
    again = snapshot(tree)
    assert diff(tree, A, "--write", "--set-status").exit_code == 0
    assert snapshot(tree) == again


def test_set_status_needs_write(tree):
    r = diff(tree, "--set-status")
    assert r.exit_code == 2 and "--set-status needs --write" in r.output


def test_letter_text_prints_literally(tmp_path):
    root = make_tree(tmp_path / "tree", shape=Shape.IMPORTED)
    seed = root / "seeds" / GOLD["later"]
    text = seed.read_text(encoding="utf-8").replace(
        "2023年以来,全市中小学校100%完成", "2023年以来,[bold]全市中小学校[/]100%完成", 1
    )
    seed.write_text(text, encoding="utf-8")
    r = diff(root, f"{A}/03")
    assert r.exit_code == 0, r.output
    assert "[bold]全市中小学校[/]" in r.output.replace("\n", "").replace(" ", "")


def test_no_commitments_is_a_clear_error(tmp_path):
    (tmp_path / "commitments").mkdir()
    r = diff(tmp_path)
    assert r.exit_code == 1 and "no commitments" in r.output and "tracker import" in r.output


def test_help_has_an_example():
    r = runner.invoke(app, ["diff", "--help"])
    assert r.exit_code == 0 and "Example: tracker diff" in r.output


def test_every_verdict_has_a_style():
    assert set(VERDICT_STYLE) == set(Verdict)


def test_same_output_in_every_process(tree):
    import os
    import subprocess
    import sys

    outputs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "NO_COLOR": "1"}
        r = subprocess.run(
            [sys.executable, "-m", "tracker", "diff", "--root", str(tree), "--json"],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        outputs.add(r.stdout)
    assert len(outputs) == 1


def test_a_confirmed_entry_is_kept_as_the_clerk_left_it(tree):
    assert diff(tree, A, "--write").exit_code == 0
    path = tree / "commitments" / A / "03.yaml"
    # the clerk confirms the first proposal and sets the status
    text = path.read_text(encoding="utf-8").replace(
        "confirmed: false", "confirmed: true  # 核实", 1
    )
    path.write_text(text.replace("status: pending", "status: done"), encoding="utf-8")
    kept = path.read_bytes()
    assert runner.invoke(app, ["validate", "--root", str(tree)]).exit_code == 0
    assert diff(tree, A, "--write", "--set-status").exit_code == 0
    assert path.read_bytes() == kept


def test_indented_letters_of_another_bureau(tmp_path):
    """Paragraphs indented with full-width spaces, as most published letters are: a short numbered
    promise on its own line is a sentence to match (here promised again), a heading is not."""
    root = tmp_path / "tree"
    root.mkdir()
    letters = Path(__file__).resolve().parent / "letters"
    r = runner.invoke(
        app,
        [
            "import",
            "--root",
            str(root),
            str(letters / "cd-health-2024-page.html"),
            str(letters / "cd-health-2025-indented.txt"),
        ],
    )
    assert r.exit_code == 0, r.output
    r = diff(root, "cd-health-2024-ta0456", "--json")
    assert r.exit_code == 0, r.output
    got = {c["id"]: c for c in json.loads(r.stdout)["commitments"]}
    verdicts = {k.rsplit("/", 1)[1]: v["verdict"] for k, v in got.items()}
    assert verdicts == {"01": "done", "02": "repeated", "03": "progress"}
    best = got["cd-health-2024-ta0456/02"]["evidence"][0]
    assert (best["section"], best["line"]) == ("next_steps", 15)
    assert best["quote"] == "（一）推动心理服务纳入家庭医生签约服务包，在试点区先行开展。"
    quotes = [e["quote"] for c in got.values() for e in c["evidence"]]
    assert not any(q.endswith(("工作推进情况", "下一步工作安排")) for q in quotes)


def test_new_items_do_not_depend_on_the_selection(tree):
    """The later letter's items listed as new continue none of the bureau's earlier promises,
    whether one commitment or the whole letter was asked about."""

    def new(*args: str) -> list[str]:
        r = diff(tree, *args, "--json")
        assert r.exit_code == 0, r.output
        return [n["id"] for n in json.loads(r.stdout)["new"]]

    whole = new(A)
    # 03 (医教协同, 院士专家校园行) and 05 (单亲家庭、困境家庭学生) are borderline: each shares a
    # little with a 2023 promise, and whether that is enough depends on the letters words are
    # weighed by; 04 and 07 continue nothing
    assert f"{B}/04" in whole and f"{B}/07" in whole
    assert set(whole) <= {f"{B}/03", f"{B}/04", f"{B}/05", f"{B}/07"}
    assert new(f"{A}/01") == whole
    r = diff(tree, f"{A}/01", "--json")
    assert [c["id"] for c in json.loads(r.stdout)["commitments"]] == [f"{A}/01"]


def test_a_rejected_proposal_stays_rejected(tree):
    """A clerk rejects a proposal with `rejected: true`: the entry stays as the record of the
    review, `diff --write` never proposes it again, and status and the digest ignore it."""
    assert diff(tree, A, "--write").exit_code == 0
    path = tree / "commitments" / A / "04.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rejected = data["evidence"][0]["quote"]
    text = path.read_text(encoding="utf-8").replace(
        "confirmed: false", "confirmed: false\n    rejected: true  # 不是这项承诺", 1
    )
    path.write_text(text, encoding="utf-8")
    assert runner.invoke(app, ["validate", "--root", str(tree)]).exit_code == 0
    kept = path.read_bytes()
    r = diff(tree, A, "--json")
    finding = next(c for c in json.loads(r.stdout)["commitments"] if c["id"] == f"{A}/04")
    assert all(e["quote"] != rejected for e in finding["evidence"])
    assert diff(tree, A, "--write").exit_code == 0
    after = path.read_text(encoding="utf-8")
    assert "rejected: true  # 不是这项承诺" in after  # the entry kept, as the clerk wrote it
    assert after.count(rejected) == 1  # and never proposed again
    before = yaml.safe_load(kept)["evidence"]
    assert yaml.safe_load(after)["evidence"][: len(before)] == before
    rows = json.loads(runner.invoke(app, ["status", "--root", str(tree), "--json"]).stdout)
    row = next(x for x in rows if x["id"] == f"{A}/04")
    entries = yaml.safe_load(after)["evidence"]
    assert row["evidence_count"] == sum(not e.get("rejected") for e in entries)
    shown = runner.invoke(app, ["show", f"{A}/04", "--root", str(tree)], env={"COLUMNS": "100"})
    assert "rejected" in shown.stdout


def test_a_rejected_field_is_checked(tree):
    assert diff(tree, A, "--write").exit_code == 0
    path = tree / "commitments" / A / "04.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "confirmed: false", "confirmed: false\n    rejected: nope", 1
        ),
        encoding="utf-8",
    )
    v = runner.invoke(app, ["validate", "--root", str(tree)])
    assert v.exit_code == 1
    assert "04.yaml" in v.output and "'rejected' must be true or false" in v.output


def test_json_gives_threads_and_clauses(tree):
    r = diff(tree, A, "--json")
    got = {c["id"]: c for c in json.loads(r.stdout)["commitments"]}
    for c in got.values():
        assert isinstance(c["restated_in"], list)
        for e in c["evidence"]:
            assert e["clause"] is None or e["clause"] in e["quote"]
            assert e["letter_date_from"] == "reply_date"
    # the “社工+” promise is made again in the 2025 letter's next steps (its item 06, 青年地带);
    # the one on teachers is reported delivered there, so its next steps set a new target
    assert [x["id"] for x in got[f"{A}/04"]["restated_in"]] == [f"{B}/06"]
    assert got[f"{A}/03"]["restated_in"] == []


def test_threads_deadlines_and_weakened_promises_over_two_years(tmp_path):
    """Two letters of one county bureau: the 2023 items get their due dates at import; the 2024
    letter delivers one, promises one again in weaker words, and says nothing on the third."""
    root = tmp_path / "tree"
    root.mkdir()
    letters = Path(__file__).resolve().parent / "letters"
    r = runner.invoke(
        app,
        [
            "import",
            "--root",
            str(root),
            str(letters / "qs-culture-2023.txt"),
            str(letters / "qs-culture-2024.txt"),
        ],
    )
    assert r.exit_code == 0, r.output
    first, later = "qs-culture-2023-jy15", "qs-culture-2024-jy33"
    items = {
        p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in (root / "commitments" / first).glob("0*.yaml")
    }
    assert (items["01"]["due"], items["01"]["due_text"]) == (date(2023, 12, 31), "年底前")
    assert (items["02"]["due"], items["02"]["due_text"]) == (date(2024, 6, 30), "明年上半年")
    assert items["03"]["due"] is None and "due_text" not in items["03"]
    got = {c["id"]: c for c in json.loads(diff(root, first, "--json").stdout)["commitments"]}
    verdicts = {k.rsplit("/", 1)[1]: v["verdict"] for k, v in got.items()}
    assert verdicts["01"] == "done" and verdicts["02"] == "repeated"
    # the boilerplate sentence citing the bureau's own plan, the stale 2021 fact and the count
    # of what the county has are never evidence
    quotes = [e["quote"] for c in got.values() for e in c["evidence"]]
    assert not any("文件精神" in q or "2021年" in q or "全县共有" in q for q in quotes)
    (thread,) = got[f"{first}/02"]["restated_in"]
    assert thread["id"] == f"{later}/01"
    assert set(thread["weakened"]) == {"number", "deadline", "verb"}
    assert diff(root, "--write").exit_code == 0
    rows = {
        x["id"]: x
        for x in json.loads(runner.invoke(app, ["status", "--root", str(root), "--json"]).stdout)
    }
    a, b = rows[f"{first}/02"], rows[f"{later}/01"]
    assert (a["promised"], a["first_promised"]) == (2, "2023-06-16")
    assert (b["promised"], b["first_promised"]) == (2, "2023-06-16")  # the thread, from its start
    assert a["due"] == "2024-06-30" and a["overdue"] is True
    assert rows[f"{first}/03"]["overdue"] is False  # no due date
    table = runner.invoke(app, ["status", "--root", str(root)], env={"COLUMNS": "120"}).stdout
    lines = table.splitlines()
    body = [x for x in lines if x.startswith("qs-")]
    assert all("逾期" in x for x in body[:4]) and "逾期" not in body[-1]  # overdue first
    assert "×2" in next(x for x in body if x.startswith(f"{first}/02"))
    card = next(x for x in lines if x.startswith("青石县文化广电旅游局："))
    assert "逾期 4" in card and "多次承诺 0" in card
    shown = runner.invoke(app, ["status", "--root", str(root), "--overdue", "--json"]).stdout
    assert {x["id"] for x in json.loads(shown)} == {k for k, v in rows.items() if v["overdue"]}
    show = runner.invoke(app, ["show", f"{first}/02", "--root", str(root)], env={"COLUMNS": "120"})
    assert "再次承诺（弱化：删去数字或目标、期限取消或推迟、措辞弱化）" in show.stdout
    assert "2024-06-30（明年上半年）" in show.stdout
    md = runner.invoke(app, ["digest", "--root", str(root), "--date", "2026-01-01"]).stdout
    assert "## 逾期承诺" in md and "## 目标调整" in md and "## 各单位成绩单" in md
    assert md.index("## 逾期承诺") < md.index("## 各承办单位")
