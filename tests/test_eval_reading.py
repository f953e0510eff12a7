"""The reader's figures on the labelled corpus hold to tests/eval/reading/thresholds.toml."""

from __future__ import annotations

import importlib.util
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "eval" / "reading"
THRESHOLDS = tomllib.loads((CORPUS / "thresholds.toml").read_text(encoding="utf-8"))


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "eval_reading", ROOT / "bench" / "eval_reading.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_reading"] = module
    spec.loader.exec_module(module)
    return module


eval_reading = _scorer()


@pytest.mark.parametrize("name", sorted(THRESHOLDS))
def test_reader_holds_its_figures(name: str) -> None:
    folder = CORPUS / name
    assert folder.is_dir(), f"{folder} is missing: the thresholds name a set that is not there"
    score = eval_reading.score_set(folder, name)
    limits = dict(THRESHOLDS[name])
    assert score.tracebacks <= limits.pop("tracebacks"), "\n".join(
        m for m in score.misses if "traceback" in m
    )
    figures = score.figures()
    below = {k: (round(figures[k], 4), v) for k, v in limits.items() if figures[k] < v}
    assert not below, f"{name}: figures below their thresholds (figure, threshold): {below}\n" + (
        "\n".join(score.misses)
    )


def test_every_threshold_names_a_figure() -> None:
    figures = set(eval_reading.SetScore("x").figures()) | {"tracebacks"}
    for name, limits in THRESHOLDS.items():
        assert set(limits) <= figures, f"{name}: unknown figures {set(limits) - figures}"


def test_scorer_matches_items_after_folding_and_enumerators() -> None:
    strip = eval_reading.strip_enumerator
    assert strip("（一）加快推进　城区排水") == strip("加快推进城区排水")
    assert strip("1、年内完成") == strip("年内完成") == strip("一是年内完成") == strip("①年内完成")
    assert strip("加強管護") == strip("加强管护")  # traditional folded to simplified


def test_scorer_counts_a_misread_letter(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "某某县水利局关于县五届人大一次会议第3号建议的答复\n张三代表：\n"
        "　　您提出的《关于修缮水渠的建议》收悉，现答复如下：\n"
        "　　下一步，我局将于今年10月前完成东干渠修缮。\n"
        "某某县水利局\n2024年5月6日\n",
        encoding="utf-8",
    )
    (tmp_path / "a.label.yaml").write_text(
        "source: a.txt\nletter: true\nfacts:\n  issuer: 某某县水利局\n  kind: 建议\n"
        "  role: 代表\n  session: 县五届人大一次会议\n  number: '3'\n  doc_number: null\n"
        "  reply_date: 2024-05-06\n  published: null\n  addressees: [李四]\n"
        "commitments:\n  - {starts: 下一步，我局将于今年10月前, area: null}\n"
        "  - {starts: 加固西干渠, area: null}\n",
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text(
        "某某县水利局2024年建议提案办理工作总结\n2024年，我局共承办代表建议12件、委员提案3件，"
        "办结率100%，满意率100%。\n",
        encoding="utf-8",
    )
    (tmp_path / "b.label.yaml").write_text(
        "source: b.txt\nletter: false\npage_kind: summary\n", encoding="utf-8"
    )
    score = eval_reading.score_set(tmp_path)
    assert (score.letters, score.non_letters, score.refused) == (1, 1, 1)
    assert score.accuracy("issuer") == 1.0 and score.accuracy("addressees") == 0.0
    assert (score.gold_matched, score.gold, score.predicted_matched, score.predicted) == (
        1,
        2,
        1,
        1,
    )
    assert score.recall == 0.5 and score.precision == 1.0


def test_scorer_accepts_a_label_starting_at_a_clause_of_the_first_sentence() -> None:
    m = eval_reading
    pred = m.strip_enumerator("关于南坪渡口的问题，我局将协调海事部门增设浮标。明年再议。")
    assert m.item_matches(pred, m.strip_enumerator("我局将协调海事部门"))
    assert m.item_matches(pred, m.strip_enumerator("关于南坪渡口"))
    # not after a ；, not in a later sentence, not in mid-clause (after the subject's will is a
    # start of its own: see the test below)
    assert not m.item_matches(pred, m.strip_enumerator("明年再议"))
    assert not m.item_matches(pred, m.strip_enumerator("海事部门增设浮标"))
    semi = m.strip_enumerator("一是修缮东岭小学围墙；二是，我局将新建食堂。")
    assert not m.item_matches(semi, m.strip_enumerator("我局将新建食堂"))


def test_scorer_accepts_an_item_that_leaves_out_the_labels_connective() -> None:
    m = eval_reading
    pred = m.strip_enumerator("积极向省交通厅争取农村公路养护补助资金，尽快实施修复。")
    assert m.item_matches(pred, m.strip_enumerator("同时，积极向省交通厅争取农村公路"))
    assert m.item_matches(pred, m.strip_enumerator("并积极向省交通厅争取农村公路"))
    # what follows the connective is too short to name the item, or is not where it starts
    assert not m.item_matches(pred, m.strip_enumerator("同时，积极向省"))
    assert not m.item_matches(pred, m.strip_enumerator("同时，向省交通厅争取农村公路"))
    # a label with no connective must still start the item
    assert not m.item_matches(pred, m.strip_enumerator("我局将积极向省交通厅争取农村公路"))


def test_scorer_accepts_a_label_starting_after_a_run_in_marker_and_its_subject() -> None:
    m = eval_reading
    pred = m.strip_enumerator("在今后的工作中，我们将统筹安排护林员巡山频次。")
    assert m.item_matches(pred, m.strip_enumerator("统筹安排护林员巡山频次"))
    assert m.item_matches(pred, m.strip_enumerator("我们将统筹安排护林员"))
    bare = m.strip_enumerator("下一步启动渡口改建。")
    assert m.item_matches(bare, m.strip_enumerator("启动渡口改建"))
    also = m.strip_enumerator("同时，县林业局还将添置灭火机具。")
    assert m.item_matches(also, m.strip_enumerator("添置灭火机具"))
    assert m.item_matches(also, m.strip_enumerator("县林业局还将添置"))
    # 一方面 / 另一方面 enumerate like 一是 / 二是
    assert m.item_matches(
        m.strip_enumerator("另一方面争取社会资本投入。"), m.strip_enumerator("争取社会资本投入")
    )
    # after a clause and its subject, in the first sentence only (针对…，我局将强化…)
    topic = m.strip_enumerator("针对校门口拥堵问题，我局将强化护学岗值守。明年增设护栏。")
    assert m.item_matches(topic, m.strip_enumerator("强化护学岗值守"))
    assert not m.item_matches(topic, m.strip_enumerator("增设护栏"))
    # a clause of the first sentence that opens with a connective (……，因此我局计划……)
    hence = m.strip_enumerator("关于您提出的建议，经研究，因此我局计划新建一所敬老院。")
    assert m.item_matches(hence, m.strip_enumerator("我局计划新建一所敬老院"))
    assert not m.item_matches(hence, m.strip_enumerator("计划新建一所敬老院"))
    # the will, then the first of two sides (我局将一方面积极争取……)
    side = m.strip_enumerator("下一步，我局将一方面积极争取财政资金，另一方面引入社会资本。")
    assert m.item_matches(side, m.strip_enumerator("积极争取财政资金"))
    # a marker printed with a full stop (下一步。我局将……) is a marker all the same
    stop = m.strip_enumerator("下一步。我局将与县财政局沟通协调，争取资金。")
    assert m.item_matches(stop, m.strip_enumerator("我局将与县财政局沟通"))
    # a label may keep the will and leave out its subject (将统筹安排…, 还将添置…)
    assert m.item_matches(pred, m.strip_enumerator("将统筹安排护林员巡山"))
    assert m.item_matches(also, m.strip_enumerator("还将添置灭火机具"))
    assert m.item_matches(topic, m.strip_enumerator("将强化护学岗值守"))
    # the letter's voice after the marker with no will (下一步我们积极争取…): after the voice
    voiced = m.strip_enumerator("下一步我们积极争取上级资金支持，加快渡口改建。")
    assert m.item_matches(voiced, m.strip_enumerator("积极争取上级资金支持"))
    assert not m.item_matches(voiced, m.strip_enumerator("争取上级资金支持"))
    # not in the middle of the subject, nor mid-clause
    assert not m.item_matches(pred, m.strip_enumerator("安排护林员巡山频次"))
    assert not m.item_matches(pred, m.strip_enumerator("们将统筹安排护林员"))
    assert not m.item_matches(topic, m.strip_enumerator("护学岗值守"))


def test_a_folder_outside_the_corpus_is_scored_by_its_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # real pages are kept outside the repository: `--folder DIR` scores them the same way
    dev = CORPUS / "dev"
    label = next(iter(sorted(dev.glob("*.label.yaml"))))
    source = dev / label.name.replace(".label.yaml", ".txt")
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / label.name).write_bytes(label.read_bytes())
    (pages / source.name).write_bytes(source.read_bytes())
    assert eval_reading.main(["--folder", str(pages), "--folder", str(tmp_path / "gone")]) == 0
    out = capsys.readouterr().out
    assert "pages: 1 letters, 0 non-letters" in out
    assert "issuer               100.0%  (1/1)" in out
    assert f"gone: no such folder {tmp_path / 'gone'}" in out
