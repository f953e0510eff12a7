"""The matcher: commitments x later letters -> verdicts with evidence, held to the gold file."""

from __future__ import annotations

import math
import random
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import yaml

from tracker import extract
from tracker import text as tx
from tracker.issuers import Config, _parse_config
from tracker.match import (
    LaterLetter,
    Options,
    State,
    arabic_counts,
    candidates,
    fact_end,
    is_boilerplate,
    issuer_line,
    later_letter,
    match,
    named_objects,
    section_sentences,
    sentence_state,
)
from tracker.model import Commitment, LetterSection, Reply, SectionKind, Source, Verdict

PROJECT = Path(__file__).resolve().parent.parent
SEEDS = PROJECT / "seeds"
GOLD = Path(__file__).resolve().parent / "gold" / "followup-seeds.yaml"


# --- letters made by hand ---------------------------------------------------------------------


def make_letter(
    rid: str,
    issuer: str | None,
    day: date | None,
    progress: list[str],
    next_steps: list[str],
    *,
    items: list[str] | None = None,
    issuer_as_printed: str | None = None,
) -> tuple[LaterLetter, list[Commitment]]:
    """A letter with a progress and a next-steps section, one paragraph a line.

    Its commitments are the next-steps paragraphs (or `items`, texts within them).
    """
    lines = [f"{issuer or ''}关于第{rid}号建议的答复", "", "一、工作推进情况"]
    p0 = len(lines)
    lines += progress
    p1 = len(lines)
    lines.append("二、下一步工作安排")
    n0 = len(lines)
    lines += next_steps
    n1 = len(lines)
    lines += ["", "感谢您对我们工作的关心和支持。"]
    text = "\n".join(lines) + "\n"
    reply = Reply(
        id=rid,
        source=Source(f"seeds/{rid}.txt", "0" * 64),
        issuer=issuer,
        title=None,
        issuer_as_printed=issuer_as_printed,
        reply_date=day,
        sections=(
            LetterSection(SectionKind.PROGRESS, "一、工作推进情况", p0, p1),
            LetterSection(SectionKind.NEXT_STEPS, "二、下一步工作安排", n0, n1),
        ),
    )
    found = []
    for i, t in enumerate(items if items is not None else next_steps, 1):
        line = next(n + 1 for n, x in enumerate(lines) if t in x)
        found.append(Commitment(id=f"{rid}/{i:02d}", reply=rid, text=t, lines=(line, line)))
    return later_letter(reply, text, found), found


def run(commitments: list[Commitment], letters: list[LaterLetter], **kw):
    replies = {lt.reply.id: lt.reply for lt in letters}
    return match(commitments, replies, letters, **kw)


EDU = "广州市荔湾区教育局"
HEALTH = "广州市荔湾区卫生健康局"

TEACHERS = "推进全区中小学100%配齐专职心理健康教师,每校至少配备1名专职心理教师。"
HOTLINE = "建设区级未成年人心理援助热线平台,实现24小时接听。"
SPORTS = "新建3个青少年足球训练基地,扩大校园足球覆盖面。"


def earlier() -> tuple[LaterLetter, list[Commitment]]:
    return make_letter(
        "lw-2023",
        EDU,
        date(2023, 6, 1),
        ["我局组织开展中小学心理健康教育工作,各校开设心理健康课。"],
        [TEACHERS, HOTLINE, SPORTS],
    )


# --- the gold file ----------------------------------------------------------------------------


def seed_letters() -> list:
    """The five seeds as the importer reads them (in file order, each knowing the earlier ones)."""
    known: list[Reply] = []
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        letter = extract.read_letter(path, root=PROJECT, known=tuple(known))
        known.append(letter.reply)
        out.append(letter)
    return out


def gold_hit(gold_texts: list[str], quote: str) -> bool:
    """A gold sentence matches a quote when one contains the other (comparison forms)."""
    q = tx.key(quote)
    return any(g in q or q in g for g in map(tx.key, gold_texts))


@pytest.fixture(scope="module")
def seeds():
    return seed_letters()


def _by_file(seeds, name):
    return next(lt for lt in seeds if lt.reply.source.path.endswith(name))


@pytest.mark.parametrize("all_letters", [False, True], ids=["two-letters", "five-letters"])
def test_gold_followup(seeds, all_letters):
    gold = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    first, later = _by_file(seeds, gold["earlier"]), _by_file(seeds, gold["later"])
    pool = seeds if all_letters else [first, later]
    letters = [later_letter(lt.reply, lt.text, lt.commitments) for lt in pool]
    result = run(list(first.commitments), letters)
    by_start = {}
    for f in result.findings:
        c = next(c for c in first.commitments if c.id == f.commitment)
        by_start[tx.key(c.text)] = f
    assert len(gold["links"]) == len(first.commitments)
    for link in gold["links"]:
        f = next(f for k, f in by_start.items() if k.startswith(tx.key(link["commitment"])))
        assert f.verdict == Verdict(link["verdict"]), (link["commitment"], f)
        gold_texts = [e["text"] for e in link["evidence"]]
        assert any(gold_hit(gold_texts, e.quote) for e in f.evidence[:2]), (link["commitment"], f)
        for e in f.evidence:
            assert e.reply == later.reply.id
            assert 0 <= e.score <= 1
            # quotes are sentences of the later letter, verbatim
            assert tx.fold(e.quote) in tx.fold(later.text)
            assert e.quote.strip()[-1] in "。;；,，!！?？:：" or len(e.quote) < 200


def test_gold_new_items_are_the_later_letters_own(seeds):
    gold = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    first, later = _by_file(seeds, gold["earlier"]), _by_file(seeds, gold["later"])
    letters = [later_letter(lt.reply, lt.text, lt.commitments) for lt in (first, later)]
    result = run(list(first.commitments), letters)
    later_ids = {c.id for c in later.commitments}
    assert result.new and {c.id for c in result.new} < later_ids
    # the item that promises the “青年地带” again continues commitment 4: it is not new
    again = next(c for c in later.commitments if "“青年地带”" in c.text)
    assert again.id not in {c.id for c in result.new}


def test_traditional_copy_of_the_later_letter_gives_the_same_verdicts(seeds):
    import opencc

    gold = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    first, later = _by_file(seeds, gold["earlier"]), _by_file(seeds, gold["later"])
    trad = opencc.OpenCC("s2t").convert(later.text)
    letters = [
        later_letter(first.reply, first.text, first.commitments),
        later_letter(later.reply, trad, later.commitments),
    ]
    result = run(list(first.commitments), letters)
    assert [f.verdict.value for f in result.findings] == [x["verdict"] for x in gold["links"]]
    assert all(tx.fold(e.quote) in tx.fold(trad) for f in result.findings for e in f.evidence)


# --- cases of the genre -----------------------------------------------------------------------


def test_paraphrased_completion_is_done():
    first, items = earlier()
    later, _ = make_letter(
        "lw-2025",
        EDU,
        date(2025, 3, 1),
        [
            "截至2024年底,全区中小学专职心理教师配齐率已达100%,每所学校均配有1名以上专职心理老师。",
            "我局持续开展中小学生体质健康监测。",
        ],
        ["继续加强中小学心理健康教育。"],
    )
    f = run([items[0]], [first, later]).findings[0]
    assert f.verdict == Verdict.DONE
    assert f.evidence[0].section == SectionKind.PROGRESS
    assert "配齐率已达100%" in f.evidence[0].quote
    assert f.evidence[0].verdict == Verdict.DONE


def test_work_reported_without_completion_is_progress():
    first, items = earlier()
    later, _ = make_letter(
        "lw-2025",
        EDU,
        date(2025, 3, 1),
        [
            "区级未成年人心理援助热线平台建设正在推进,已完成选址,计划年内开通试运行。",
        ],
        ["继续加强中小学心理健康教育。"],
    )
    f = run([items[1]], [first, later]).findings[0]
    assert f.verdict in (Verdict.PROGRESS, Verdict.REPEATED)
    later2, _ = make_letter(
        "lw-2025",
        EDU,
        date(2025, 3, 1),
        [
            "我局持续推进区级未成年人心理援助热线平台建设,组织专业人员开展接线培训。",
        ],
        ["继续加强中小学心理健康教育。"],
    )
    f2 = run([items[1]], [first, later2]).findings[0]
    assert f2.verdict == Verdict.PROGRESS
    assert f2.evidence[0].section == SectionKind.PROGRESS


def test_repeated_promise():
    first, items = earlier()
    later, _ = make_letter(
        "lw-2025",
        EDU,
        date(2025, 3, 1),
        [
            "我局组织全区中小学开展心理健康宣传月活动,覆盖学生3万余人次。",
        ],
        ["下一步,我局将继续推进区级未成年人心理援助热线平台建设,力争实现全天24小时接听。"],
    )
    f = run([items[1]], [first, later]).findings[0]
    assert f.verdict == Verdict.REPEATED
    assert f.evidence[0].section == SectionKind.NEXT_STEPS
    assert f.evidence[0].verdict == Verdict.REPEATED
    assert "热线" in "".join(f.evidence[0].terms)


def test_later_letter_with_nothing_on_it_is_silent():
    first, items = earlier()
    later, _ = make_letter(
        "lw-2025",
        EDU,
        date(2025, 3, 1),
        [
            "我局推进学校食堂明厨亮灶建设,全区中小学食堂实现100%视频监控。",
        ],
        ["继续做好校园食品安全监管工作。"],
    )
    f = run([items[2]], [first, later]).findings[0]
    assert f.verdict == Verdict.SILENT
    assert f.evidence == ()
    assert f.against == ("lw-2025",)


def test_same_topic_sentence_of_another_bureau_never_matches():
    first, items = earlier()
    health, _ = make_letter(
        "lw-health-2025",
        HEALTH,
        date(2025, 3, 1),
        [
            "截至2024年底,全区中小学专职心理教师配齐率已达100%,每所学校均配有1名以上专职心理老师。",
        ],
        ["下一步,将继续推进区级未成年人心理援助热线平台建设,实现24小时接听。"],
    )
    result = run(items, [first, health])
    assert [f.verdict for f in result.findings] == [Verdict.NO_LATER_LETTER] * 3
    # with a letter of the bureau itself that says nothing on it, the other bureau still counts for nothing
    own_later, _ = make_letter(
        "lw-2025",
        EDU,
        date(2025, 3, 1),
        ["我局推进学校食堂明厨亮灶建设。"],
        ["继续做好校园食品安全监管工作。"],
    )
    result = run(items, [first, health, own_later])
    assert [f.verdict for f in result.findings] == [Verdict.SILENT] * 3
    assert all(e.reply != "lw-health-2025" for f in result.findings for e in f.evidence)
    assert result.new == own_later.commitments  # the other bureau's items are not in the diff


def test_commitment_without_successor_has_no_later_letter():
    first, items = earlier()
    older, _ = make_letter(
        "lw-2021",
        EDU,
        date(2021, 5, 1),
        [
            "全区中小学专职心理教师配齐率已达100%。",
        ],
        ["建设区级未成年人心理援助热线平台,实现24小时接听。"],
    )
    result = run(items, [first, older])
    assert {f.verdict for f in result.findings} == {Verdict.NO_LATER_LETTER}
    assert all(f.evidence == () and f.against == () for f in result.findings)


def test_own_letter_is_never_evidence():
    first, items = make_letter(
        "lw-2023", EDU, date(2023, 6, 1), ["全区中小学专职心理教师配齐率已达100%。"], [TEACHERS]
    )
    assert run(items, [first]).findings[0].verdict == Verdict.NO_LATER_LETTER


def test_letter_of_the_same_day_is_not_later_and_an_undated_one_takes_part_marked():
    first, items = earlier()
    same_day, _ = make_letter(
        "lw-2023b",
        EDU,
        date(2023, 6, 1),
        ["全区中小学专职心理教师配齐率已达100%。"],
        ["继续加强心理健康教育。"],
    )
    undated, _ = make_letter(
        "lw-x", EDU, None, ["全区中小学专职心理教师配齐率已达100%。"], ["继续加强心理健康教育。"]
    )
    assert run([items[0]], [first, same_day]).findings[0].verdict == Verdict.NO_LATER_LETTER
    # a later letter without any date still takes part, its evidence marked as undated
    f = run([items[0]], [first, same_day, undated]).findings[0]
    assert f.verdict == Verdict.DONE and f.evidence[0].reply == "lw-x"
    assert f.evidence[0].date_from == "unknown"
    f = run([items[0]], [first, same_day, undated], against={"lw-x"}).findings[0]
    assert f.verdict == Verdict.DONE and f.evidence[0].reply == "lw-x"
    # the year of its document number dates it: an earlier year is not later
    old = replace(undated, reply=replace(undated.reply, doc_number="荔教函〔2022〕5号"))
    assert run([items[0]], [first, old]).findings[0].verdict == Verdict.NO_LATER_LETTER
    new = replace(undated, reply=replace(undated.reply, doc_number="荔教函〔2024〕5号"))
    f = run([items[0]], [first, new]).findings[0]
    assert f.verdict == Verdict.DONE and f.evidence[0].date_from == "doc_number"
    # naming a letter of the same day does not make it later
    f = run([items[0]], [first, same_day], against={"lw-2023b"}).findings[0]
    assert f.verdict == Verdict.NO_LATER_LETTER


def test_an_undated_copy_of_an_older_session_is_not_a_later_letter():
    """A copy of an older letter that lost its date counts as later than a dated one, unless
    the session it answers is earlier (十七届四次 before 十八届一次)."""
    first, items = earlier()
    first = replace(first, reply=replace(first.reply, session="县第十八届人大第一次会议"))
    old, _ = make_letter("lw-old", EDU, None, ["继续推进心理健康教育工作。"], ["开设心理课。"])
    old_session = replace(old, reply=replace(old.reply, session="县第十七届人大第四次会议"))
    assert run([items[0]], [first, old_session]).findings[0].verdict == Verdict.NO_LATER_LETTER
    assert (
        run([items[0]], [first, old_session], against={"lw-old"}).findings[0].verdict
        == Verdict.NO_LATER_LETTER
    )
    # a later session, or none named: still compared
    new_session = replace(old, reply=replace(old.reply, session="县第十八届人大第二次会议"))
    assert run([items[0]], [first, new_session]).findings[0].verdict != Verdict.NO_LATER_LETTER
    assert run([items[0]], [first, old]).findings[0].verdict != Verdict.NO_LATER_LETTER


def test_a_letter_without_a_date_is_followed_by_the_letters_of_later_sessions():
    """The commitments of a letter without any date are checked against the letters answering a
    later session of the same body, not against an older one."""
    undated, items = make_letter("lw-x", EDU, None, ["开设心理健康课。"], [TEACHERS])
    undated = replace(undated, reply=replace(undated.reply, session="县第十八届人大第二次会议"))
    text = "全区中小学专职心理教师配齐率已达100%,每所学校均配有1名以上专职心理老师。"
    newer, _ = make_letter("lw-2025", EDU, date(2025, 3, 1), [text], ["继续加强。"])
    newer = replace(newer, reply=replace(newer.reply, session="县第十八届人大第三次会议"))
    older, _ = make_letter("lw-2022", EDU, date(2022, 3, 1), [text], ["继续加强。"])
    older = replace(older, reply=replace(older.reply, session="县第十八届人大第一次会议"))
    f = run([items[0]], [undated, newer, older]).findings[0]
    assert f.verdict == Verdict.DONE and f.against == ("lw-2025",)
    assert run([items[0]], [undated, older]).findings[0].verdict == Verdict.NO_LATER_LETTER


def test_against_restricts_the_letters():
    first, items = earlier()
    a, _ = make_letter(
        "lw-2024",
        EDU,
        date(2024, 3, 1),
        ["全区中小学专职心理教师配齐率已达100%。"],
        ["继续加强心理健康教育。"],
    )
    b, _ = make_letter(
        "lw-2025",
        EDU,
        date(2025, 3, 1),
        ["我局推进学校食堂明厨亮灶建设。"],
        ["继续做好校园食品安全监管工作。"],
    )
    assert run([items[0]], [first, a, b]).findings[0].verdict == Verdict.DONE
    f = run([items[0]], [first, a, b], against={"lw-2025"}).findings[0]
    assert f.verdict == Verdict.SILENT and f.against == ("lw-2025",)


def test_issuer_names_compare_normalised():
    first, items = earlier()
    text = "全区中小学专职心理教师配齐率已达100%,每所学校均配有1名以上专职心理老师。"
    # traditional characters, full-width spacing: the same bureau
    trad, _ = make_letter("lw-2025", "廣州市荔灣區教育局", date(2025, 3, 1), [text], ["继续加强。"])
    assert run([items[0]], [first, trad]).findings[0].verdict == Verdict.DONE
    # a spam mirror: the printed name is kept aside, the inferred real one compares
    spam, _ = make_letter(
        "lw-2025", EDU, date(2025, 3, 1), [text], ["继续加强。"], issuer_as_printed="快手成人版"
    )
    assert run([items[0]], [first, spam]).findings[0].verdict == Verdict.DONE
    # inferred only (the letter does not print one)
    inferred = replace(spam, reply=replace(spam.reply, issuer=None, issuer_inferred=EDU))
    assert run([items[0]], [first, inferred]).findings[0].verdict == Verdict.DONE
    # a renamed bureau: one line of succession when tracker.yaml says so
    renamed, _ = make_letter(
        "lw-2025", "广州市荔湾区教育委员会", date(2025, 3, 1), [text], ["继续加强。"]
    )
    assert run([items[0]], [first, renamed]).findings[0].verdict == Verdict.NO_LATER_LETTER
    config = _parse_config({"successions": [[EDU, "广州市荔湾区教育委员会"]]})
    assert run([items[0]], [first, renamed], config=config).findings[0].verdict == Verdict.DONE
    # an autonomous county's bureau under its full name one year, its short name the next
    short, _ = make_letter("lw-2025", "岚峰县教育局", date(2025, 3, 1), [text], ["继续加强。"])
    full, full_items = make_letter(
        "lw-2023", "岚峰瑶族苗族自治县教育局", date(2023, 6, 1), ["开设心理健康课。"], [TEACHERS]
    )
    assert run([full_items[0]], [full, short]).findings[0].verdict == Verdict.DONE
    other, _ = make_letter("lw-2025", "岚溪县教育局", date(2025, 3, 1), [text], ["继续加强。"])
    assert run([full_items[0]], [full, other]).findings[0].verdict == Verdict.NO_LATER_LETTER


def test_candidates_are_later_letters_of_the_same_issuer_oldest_first():
    first, _ = earlier()
    mk = lambda rid, who, d: make_letter(rid, who, d, ["x"], ["y"])[0].reply  # noqa: E731
    replies = [
        mk("c", EDU, date(2025, 1, 1)),
        mk("b", EDU, date(2024, 1, 1)),
        mk("a", EDU, date(2022, 1, 1)),
        mk("h", HEALTH, date(2024, 1, 1)),
        first.reply,
    ]
    assert [r.id for r in candidates(first.reply, replies, Config())] == ["b", "c"]


def test_min_score_and_evidence_count_are_options():
    first, items = earlier()
    later, _ = make_letter(
        "lw-2025",
        EDU,
        date(2025, 3, 1),
        [
            "截至2024年底,全区中小学专职心理教师配齐率已达100%。",
            "全区每所中小学均配有1名以上专职心理老师。",
            "全区专职心理教师参加培训。",
        ],
        ["继续加强中小学心理健康教育。"],
    )
    f = run([items[0]], [first, later], options=Options(evidence=1)).findings[0]
    assert len(f.evidence) == 1
    f = run([items[0]], [first, later], options=Options(min_score=0.99)).findings[0]
    assert f.verdict == Verdict.SILENT and f.evidence == ()
    f = run([items[0]], [first, later]).findings[0]
    scores = [e.score for e in f.evidence]
    assert scores == sorted(scores, reverse=True)


def test_result_is_deterministic(seeds):
    gold = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    first = _by_file(seeds, gold["earlier"])
    letters = [later_letter(lt.reply, lt.text, lt.commitments) for lt in seeds]
    commitments = [c for lt in seeds for c in lt.commitments]
    replies = {lt.reply.id: lt.reply for lt in seeds}
    base = match(commitments, replies, letters)
    shuffled = letters[:]
    random.Random(4).shuffle(shuffled)
    assert match(commitments, replies, shuffled) == base
    assert match(commitments, replies, letters) == base
    assert any(f.evidence for f in base.findings if f.commitment.startswith(first.reply.id))


# --- reading letters and sentences ------------------------------------------------------------


def test_section_sentences_keep_place_and_leave_headings_out(seeds):
    later = _by_file(seeds, "002_77355670e473416b.txt")
    sentences = section_sentences(later.reply, later.text)
    lines = later.text.splitlines()
    assert {s.section for s in sentences} == {SectionKind.PROGRESS, SectionKind.NEXT_STEPS}
    for s in sentences:
        assert s.text in lines[s.line - 1]
        assert not s.text.startswith(("一、", "二、", "(一)", "(二)", "(三)"))
    first = [s for s in sentences if s.line == 7]
    assert first[0].text.startswith("市教育局推进落实教育部等印发的")
    assert all(6 <= s.line <= 9 for s in sentences if s.section == SectionKind.PROGRESS)


def test_wrapped_paragraphs_are_joined_and_quoted_on_their_first_line():
    text = (
        "关于建议的答复\n一、工作推进情况\n"
        "我局会同市卫生健康委推进全区中小学心理辅导室标准化建设,截至今年9月\n"
        "全区中小学心理辅导室达标率已达到100%。\n二、下一步工作安排\n继续加强。\n"
    )
    reply = Reply(
        id="r",
        source=Source("seeds/r.txt", ""),
        issuer=EDU,
        title=None,
        sections=(LetterSection(SectionKind.PROGRESS, None, 2, 4),),
    )
    (s,) = [x for x in section_sentences(reply, text) if not x.clause]
    assert s.line == 3
    assert s.text.endswith("达标率已达到100%。") and "\n" not in s.text
    assert tx.fold(s.text) in tx.fold(text)


@pytest.mark.parametrize(
    ("sentence", "state"),
    [
        ("全区中小学100%配齐专职心理教师。", State.DONE),
        ("区青少年成长综合服务中心已建成并投入使用。", State.DONE),
        ("实现中小学心理辅导室全覆盖。", State.DONE),
        ("我局持续推进心理健康教育工作,开展教师培训20场。", State.ONGOING),
        ("结合“六送”将心理咨询送到基层社区。", State.ONGOING),
        ("印发并实施两期《中小学心理健康工作三年行动计划》。", State.ONGOING),
        ("我局将于明年建成区青少年成长综合服务中心。", State.PLAN),
        ("计划于2025年开通心理援助热线。", State.PLAN),
        ("拟在全区推广“校医共建”机制。", State.PLAN),
        ("心理辅导室建设尚未完成。", State.ONGOING),
        # a request filed for later, with a plan beside it, is a plan; filed alone, not a delivery
        (
            "我局已将该桥作为危桥改造项目储备,积极向上级争取资金,待资金下达后优先安排实施。",
            State.PLAN,
        ),
        ("已将该路段纳入项目库,待上级有投资时,我们将优先解决。", State.PLAN),
        ("已将北岗村渠道修复列入今年冬修计划。", State.ONGOING),
        # a forecast of the end beside a step done: not finished yet
        ("县体育馆钢结构已吊装至屋顶,预计10月底完工。", State.ONGOING),
        ("城东污水泵站设备已安装完成90%,预计明年3月投入使用。", State.ONGOING),
        # a forecast of the benefit of work done leaves it done
        ("石桥镇敬老院已改造完成,预计可新增床位40张。", State.DONE),
        # 争取到 is money got, not asked for
        ("去年争取到省级文物保护补助资金85万元。", State.ONGOING),
        ("积极争取省级文物保护补助资金。", State.PLAN),
    ],
)
def test_sentence_state(sentence, state):
    assert sentence_state(sentence) == state


def test_every_verdict_has_a_label_and_a_status():
    for v in Verdict:
        assert v.label_zh and v.status


def test_worker_processes_give_the_same_result(seeds):
    """The bureaus shared out between forked workers: the findings one process gives."""
    letters = [later_letter(lt.reply, lt.text, lt.commitments) for lt in seeds]
    commitments = [c for lt in seeds for c in lt.commitments]
    replies = {lt.reply.id: lt.reply for lt in seeds}
    alone = match(commitments, replies, letters, options=Options(workers=1))
    shared = match(commitments, replies, letters, options=Options(parallel_from=1, workers=2))
    assert alone.workers == 0 and shared.workers == 2  # the workers did run
    assert shared == alone
    assert (shared.findings, shared.new) == (alone.findings, alone.new)


def test_letters_are_split_into_sentences_in_the_workers(seeds):
    """Shared out between forked workers, each letter is split where its bureau is indexed: the
    process that read the letters never splits them, and the findings are the same."""
    fresh = [later_letter(lt.reply, lt.text, lt.commitments) for lt in seeds]
    commitments = [c for lt in seeds for c in lt.commitments]
    replies = {lt.reply.id: lt.reply for lt in seeds}
    shared = match(commitments, replies, fresh, options=Options(parallel_from=1, workers=2))
    assert shared.workers == 2
    assert not any("sentences" in vars(lt) for lt in fresh)
    alone = match(commitments, replies, list(fresh), options=Options(workers=1))
    assert all("sentences" in vars(lt) for lt in fresh)  # split here, in one process
    assert (shared.findings, shared.new) == (alone.findings, alone.new)


def test_a_letters_size_is_near_its_count_of_sentences(seeds):
    """The work is shared out by an estimate made without splitting the letter; it stays within
    a factor of three of the sentences and clauses the letter is split into."""
    for lt in seeds:
        letter = later_letter(lt.reply, lt.text, lt.commitments)
        n = len(letter.sentences)
        if n:
            assert n / 3 <= letter.size <= 3 * n, (lt.reply.id, letter.size, n)


def test_workers_sharing_one_index_give_the_same_result(seeds):
    """One bureau holds all the work: indexed once, its commitments checked in forked workers
    sharing the index give the findings one process gives."""
    line = "广州市教育局"
    own = [lt for lt in seeds if issuer_line(lt.reply, Config()) == line]
    letters = [later_letter(lt.reply, lt.text, lt.commitments) for lt in own]
    commitments = [c for lt in own for c in lt.commitments]
    assert len(commitments) >= 4 * 2  # enough for two workers to share
    replies = {lt.reply.id: lt.reply for lt in own}
    alone = match(commitments, replies, letters, options=Options(workers=1))
    shared = match(commitments, replies, letters, options=Options(parallel_from=1, workers=2))
    assert alone.workers == 0 and shared.workers == 2  # the workers did run
    assert (shared.findings, shared.new) == (alone.findings, alone.new)
    assert any(f.verdict != Verdict.NO_LATER_LETTER for f in alone.findings)


def test_scores_are_the_cosines_of_the_two_texts_features(seeds):
    """The matcher meets features by their numbers in the index and sums norms from them; each
    score it gives is the cosine worked out plainly from the sentence's text and the commitment's
    weighed features (the same sums in the same order: the same number)."""
    from tracker.match import _boost, _commitment_features, _Index, _scores, _weigh, doc_features

    letters = [later_letter(lt.reply, lt.text, lt.commitments) for lt in seeds]
    index = _Index(letters, Config())
    index.finish(index.df, index.n)
    scored = 0
    for c in (c for lt in seeds for c in lt.commitments):
        q = _weigh(_commitment_features(c.text)[0], index)
        for sid, cosine in _scores(q, index, [(0, index.n)]).items():
            feats, _ = doc_features(index.canon[sid])
            weights = ((_boost(f) * index.idf(f)) ** 2 for f in feats)
            norm = math.sqrt(math.fsum(weights)) or 1.0
            dots = [0.0] * len(q.units)
            for f, _, units in q.features:
                if f in feats:
                    for u, d in units:
                        dots[u] += d
            assert cosine == max(d / (qn * norm) for d, qn in zip(dots, q.norms, strict=True))
            scored += 1
    assert scored > 50


def test_default_options_use_the_machines_cores_up_to_four():
    assert Options(workers=3).worker_count() == 3
    assert Options(workers=0).worker_count() == 1
    assert 1 <= Options().worker_count() <= 4


def test_reporting_part_of_the_commitments_gives_the_same_findings_and_new_items(seeds):
    """`report` skips the findings nobody asked for; what is reported (and which later items are
    new) is what the whole run gives."""
    letters = [later_letter(lt.reply, lt.text, lt.commitments) for lt in seeds]
    commitments = [c for lt in seeds for c in lt.commitments]
    replies = {lt.reply.id: lt.reply for lt in seeds}
    whole = match(commitments, replies, letters)
    wanted = {c.id for c in commitments[::2]}
    part = match(commitments, replies, letters, report=wanted)
    assert part.new == whole.new
    got = {f.commitment: f for f in part.findings if f.commitment in wanted}
    assert got == {f.commitment: f for f in whole.findings if f.commitment in wanted}
    assert any(f.verdict != Verdict.NO_LATER_LETTER for f in got.values())


# --- evidence a clerk can trust ---------------------------------------------------------------

CLINIC = "年底前为全县12所乡镇卫生院各配备1台数字化X光机,补齐基层影像短板。"


def clinic_letters(progress: list[str], next_steps: list[str] | None = None):
    first, items = make_letter(
        "ql-2023", HEALTH, date(2023, 6, 1), ["全县现有乡镇卫生院12所。"], [CLINIC]
    )
    later, _ = make_letter(
        "ql-2024", HEALTH, date(2024, 6, 1), progress, next_steps or ["继续做好基层卫生工作。"]
    )
    return items[0], first, later


@pytest.mark.parametrize(
    "sentence",
    [
        "我局高度重视乡镇卫生院影像设备建设工作。",
        "我局认真贯彻落实《基层医疗卫生服务能力提升行动方案》等文件精神,积极推进相关工作。",
        "始终坚持把乡镇卫生院建设摆在重要位置。",
    ],
)
def test_boilerplate_never_counts(sentence):
    c, first, later = clinic_letters([sentence])
    f = run([c], [first, later]).findings[0]
    assert f.verdict == Verdict.SILENT and f.evidence == ()


def test_a_stale_fact_never_counts_and_a_fresh_one_does():
    stale = "2021年,县人民医院为12所乡镇卫生院配备数字化X光机。"
    c, first, later = clinic_letters([stale])
    assert run([c], [first, later]).findings[0].verdict == Verdict.SILENT
    fresh = "2023年12月,12台数字化X光机已全部安装到各乡镇卫生院并完成调试。"
    c, first, later = clinic_letters([stale, fresh])
    f = run([c], [first, later]).findings[0]
    assert f.verdict == Verdict.DONE
    assert [e.quote for e in f.evidence] == [fresh]


def test_generic_words_alone_are_no_match():
    c, first, later = clinic_letters(
        ["全县乡镇卫生院均已纳入县域医共体统一管理,群众就医更加方便。"]
    )
    f = run([c], [first, later]).findings[0]
    assert f.verdict == Verdict.SILENT


def test_evidence_is_the_whole_sentence_with_the_clause_that_matched():
    whole = "全县12所乡镇卫生院数字化X光机已全部安装到位;各院影像检查量同比增长35%。"
    c, first, later = clinic_letters([whole])
    f = run([c], [first, later]).findings[0]
    assert f.evidence[0].quote == whole
    assert f.evidence[0].clause and f.evidence[0].clause in whole
    assert f.evidence[0].evidence().clause == f.evidence[0].clause


def test_a_clear_plan_beats_a_weak_report_of_work():
    c, first, later = clinic_letters(
        ["我局组织乡镇卫生院医务人员参加影像诊断培训。"],
        ["年内为全县12所乡镇卫生院各配备1台数字化X光机,补齐基层影像检查短板。"],
    )
    f = run([c], [first, later]).findings[0]
    assert f.verdict == Verdict.REPEATED
    assert f.evidence[0].section == SectionKind.NEXT_STEPS
    # the verdict is the first evidence's
    assert f.evidence[0].verdict == f.verdict


def test_a_rejected_sentence_is_not_proposed_again():
    from tracker.model import Evidence

    fresh = "12台数字化X光机已全部安装到各乡镇卫生院并完成调试。"
    c, first, later = clinic_letters([fresh])
    assert run([c], [first, later]).findings[0].verdict == Verdict.DONE
    rejected = Evidence("ql-2024", SectionKind.PROGRESS, fresh, Verdict.DONE, 0.5, rejected=True)
    f = run([replace(c, evidence=(rejected,))], [first, later]).findings[0]
    assert f.verdict == Verdict.SILENT and f.evidence == ()


def test_restatements_are_threaded_and_weakenings_named():
    c, first, later = clinic_letters(
        ["我局组织乡镇卫生院医务人员参加影像诊断培训。"],
        ["逐步为有条件的乡镇卫生院配备数字化X光机。"],
    )
    f = run([c], [first, later]).findings[0]
    (r,) = f.restated_in
    assert r.id == "ql-2024/01"
    assert set(r.weakened) == {"number", "deadline", "verb", "scope"}


def test_the_rest_of_a_promise_done_in_part_is_a_restatement():
    """The later letter reports 8 of 12 done and the other 4 pending; its next step names the
    rest in words the first promise does not use: it is the same promise carried over."""
    c, first, later = clinic_letters(
        ["目前已有8所乡镇卫生院完成数字化X光机安装,其余4所正在进行机房改造。"],
        ["今年9月底前完成剩余4所卫生院机房改造和设备调试。", "推进县医共体信息平台建设。"],
    )
    f = run([c], [first, later]).findings[0]
    assert f.verdict == Verdict.PROGRESS
    (r,) = f.restated_in
    assert r.id == "ql-2024/01"
    # the rest named as such keeps the target: no number dropped; the deadline moved later
    assert set(r.weakened) == {"deadline"}


def test_a_remainder_of_another_promise_is_no_restatement():
    c, first, later = clinic_letters(
        ["目前已有8所乡镇卫生院完成数字化X光机安装,其余4所正在进行机房改造。"],
        ["年底前完成剩余3个村卫生室标准化改造。"],
    )
    assert run([c], [first, later]).findings[0].restated_in == ()


@pytest.mark.parametrize(
    ("earlier", "later", "reasons"),
    [
        (
            "确保每所学校至少配备1名心理教师。",
            "逐步为有条件的学校配备心理教师。",
            {"number", "verb", "scope"},
        ),
        ("年底前建成县级零工市场1个。", "明年6月底前建成县级零工市场1个。", {"deadline"}),
        ("年底前建成县级零工市场1个。", "年底前建成县级零工市场1个。", set()),
        # 全覆盖 is the target dropped; leaving 全县 out narrows nothing by itself
        ("实现全县村卫生室全覆盖。", "探索推进村卫生室建设。", {"number", "verb"}),
        ("在全区所有小区设置投放点。", "在小区设置投放点。", set()),
        ("对千吨万人供水工程开展检测。", "对重点供水工程开展检测。", {"scope"}),
        ("在每个乡镇建成1个养老服务中心。", "在半数乡镇建成养老服务中心。", {"scope"}),
        # the remainder keeps the target: what is left of it
        ("年内为20所学校更换炊具。", "年内完成剩余学校炊具更换。", set()),
        ("力争今年10月底前完成剩余5所接入。", "今年10月底前完成剩余5所接入。", set()),
        # how many bodies issued a document is who acts, not a target that could be dropped
        (
            "贯彻落实教育部等13部门联合印发的《意见》，构建协同育人格局。",
            "继续完善协同育人机制。",
            set(),
        ),
        # (建成 restated as 推进 is also a softer verb, since the sixteenth round's follow-up)
        ("会同5个部门建成10个服务站。", "会同相关部门推进服务站建设。", {"number", "verb"}),
        # 力争 and 争取 are one strength; 有条件的 narrows the scope and is counted there once
        ("力争创建省级特色学校3所。", "争取创建省级特色学校。", {"number"}),
        ("每个乡镇至少建成1所幸福院。", "在有条件的乡镇建设幸福院。", {"number", "scope"}),
        # 适时 and 视情 say when, not how firmly
        ("每日至少开展2次巡查。", "加强巡查,视情增加巡查频次。", {"number"}),
        # 争取 before money or a project asks for it, a step apart from the hedge 力争 (争取启动)
        (
            "积极争取省级补助资金，推进城西水厂扩建。",
            "积极向省里争取补助资金，力争启动城西水厂扩建。",
            {"verb"},
        ),
        (
            "完成北门游泳馆改造。",
            "积极争取体育彩票公益金支持，适时启动北门游泳馆改造。",
            {"verb"},
        ),
        ("争取将河口村便民桥列入年度建设计划。", "继续争取上级资金修建河口村便民桥。", set()),
        # naming some places of a counted list is the rest of the promise; a list of fields is not
        (
            "年底前完成上坊、石桥、芦田3个村的饮水工程改造。",
            "年底前完成芦田村饮水工程改造。",
            set(),
        ),
        ("为城关、柳湾等5所学校新建塑胶跑道。", "推进柳湾小学塑胶跑道建设。", set()),
        ("开展教育、卫生、文化三下乡活动不少于10场。", "开展卫生下乡活动。", {"number"}),
        # the whole county restated as its town: narrowed; the town restated: not
        ("实现全县药店处方药“扫码销售”全覆盖。", "在城区药店实现处方药扫码销售全覆盖。", {"scope"}),
        ("实现县城药店处方药“扫码销售”全覆盖。", "在城区药店实现处方药扫码销售全覆盖。", set()),
        # 确保 softened to 力争 before a date: the verb too; so is a bare 力争 added before a new
        # date (the twenty-first round's convention)
        (
            "确保年底前建成村级应急广播站。",
            "力争明年6月底前建成村级应急广播站。",
            {"deadline", "verb"},
        ),
        (
            "年底前建成村级应急广播站。",
            "力争明年6月底前建成村级应急广播站。",
            {"deadline", "verb"},
        ),
        # one of a thing (建成…1座) is the thing itself, no number to keep; 全部 said as 所有 is kept
        ("年内建成镇级板栗烘干厂1座。", "年内确保镇板栗烘干厂投产。", set()),
        ("年内为全部签约农户购买农业保险。", "年内为所有签约农户办理农业保险。", set()),
        ("年内为全部签约农户购买农业保险。", "年内为签约农户办理农业保险。", {"number"}),
        # several promised (4所学校), one named later (石桥小学): what is left of them, by name
        ("年内完成4所学校食堂改造。", "年内完成石桥小学食堂改造。", set()),
        # a frequency (每季度一次, 每月两次) is a target: 定期 drops it, the same frequency keeps it
        ("建立路灯巡检台账，每季度巡检一次。", "建立健全路灯定期巡检机制。", {"number"}),
        ("每月开展两次河道保洁。", "每月开展河道保洁。", set()),
        ("每月开展两次河道保洁。", "常态化开展河道保洁。", {"number"}),
        # the central villages of a kind (行政村 → 中心村) are a chosen few of them
        ("年内实现沔溪县行政村通村客车全覆盖。", "年内实现沔溪县中心村通村客车全覆盖。", {"scope"}),
        # a result promised (完成) restated as work pushed on (推进) with none: the verb
        (
            "年内完成沔溪县垃圾中转站二期建设。",
            "推进沔溪县垃圾中转站二期建设。",
            {"deadline", "verb"},
        ),
        ("推进沔溪县垃圾中转站二期建设。", "推进沔溪县垃圾中转站二期建设。", set()),
        ("年内完成沔溪县垃圾中转站二期建设。", "推进沔溪县垃圾中转站二期建设,年内完工。", set()),
        ("年内完成全县9个村的垃圾分类。", "年内加快推进其余3个村的垃圾分类。", set()),
        # 努力 hedges as 力争 does: a rate promised to reach 100% restated as 努力提高 drops the
        # target and softens the verb; 力争 restated as 努力 is the same strength
        (
            "实现全县养老机构护理员持证上岗率100%。",
            "努力提高全县养老机构护理员持证上岗率。",
            {"number", "verb"},
        ),
        (
            "力争全县养老机构护理员持证上岗率达到90%。",
            "努力使全县养老机构护理员持证上岗率达到90%。",
            set(),
        ),
    ],
)
def test_weakened(earlier, later, reasons):
    from tracker.match import weakened

    assert set(weakened(earlier, later, date(2023, 6, 1), date(2023, 6, 1))) == reasons


@pytest.mark.parametrize(
    ("earlier", "later", "reasons"),
    [
        # a hedge (力争, 争取, 努力) added before a new date softens the verb as well
        (
            "明年上半年建成柘山县城北消防站。",
            "力争年内建成柘山县城北消防站。",
            {"deadline", "verb"},
        ),
        (
            "年底前建成柘山县城北消防站。",
            "争取明年6月底前建成柘山县城北消防站。",
            {"deadline", "verb"},
        ),
        (
            "年底前建成柘山县城北消防站。",
            "努力在明年6月底前建成柘山县城北消防站。",
            {"deadline", "verb"},
        ),
        # added before the same date: the verb only
        ("2024年底前建成柘山县城北消防站。", "力争2024年底前建成柘山县城北消防站。", {"verb"}),
        # 争取 restated as 力争 is the same strength: the deadline only
        ("争取年底前建成柘山县城北消防站。", "力争明年6月底前建成柘山县城北消防站。", {"deadline"}),
        # a promise with no date restated with a hedged one sets a deadline, softens nothing
        (
            "推进柘山县城北消防站建设。",
            "加快推进柘山县城北消防站建设，力争年内完成主体工程。",
            set(),
        ),
        # a start (启动) followed by its finish (完成) by a hedged date is the next stage
        (
            "年内启动柘山县城北消防站改造。",
            "力争明年6月底前完成柘山县城北消防站改造并投入使用。",
            set(),
        ),
    ],
)
def test_weakened_hedge_before_new_date(earlier, later, reasons):
    """Convention: 力争/争取/努力 that the restatement adds before a new date, where the first
    promise had a date and no hedge, is a softened verb as well as a deadline put off."""
    from tracker.match import weakened

    assert set(weakened(earlier, later, date(2023, 6, 1), date(2024, 6, 1))) == reasons


def test_weakened_places_left_out_and_untold():
    """A restatement naming fewer of the places a promise listed narrows it, unless the later
    letter tells of the others."""
    from tracker.match import weakened

    a = "年内完成沔溪东岸上坝段、下坝段护岸加固。"
    b = "年内完成沔溪东岸上坝段护岸加固。"
    day = date(2023, 6, 1)
    assert "scope" in weakened(a, b, day, day)
    told = tx.key("下坝段护岸加固已于2023年9月完工。")
    assert "scope" not in weakened(a, b, day, day, told)
    # the places of a list with the work and count after them: one named later is the rest,
    # its number kept
    a = "年内在渡口公园、北站片区新建4座公交候车亭。"
    b = "年内在北站片区建成公交候车亭。"
    told = tx.key("渡口公园3座公交候车亭已建成投用。")
    assert weakened(a, b, day, day, told) == ()


@pytest.mark.parametrize(
    ("sentence", "boiler"),
    [
        ("我局高度重视此项工作。", True),
        ("全县共有乡镇15个、行政村186个。", True),
        ("我局高度重视,今年新建乡镇卫生院2所。", False),
        ("印发《实施方案》,明确职责分工。", False),
        # a blanket statement of how things stand, with nothing counted or named
        ("全县水利工程均已落实管护责任人。", True),
        ("全县各乡镇均设立了劳动保障服务站。", True),
        ("全县12所寄宿制学校均已配齐生活老师。", False),
        ("全县乡镇卫生院均已开通“远程心电”诊断。", False),
        # background: what the higher authorities support or lack, why the county cannot act
        ("在乡村振兴建设中,上级水利部门重点支持的项目为中型灌区和山塘整治两类。", True),
        ("国家和省级暂无农村小型泵站建设专项补助。", True),
        ("由于县级财政困难,新建泵站资金缺口较大。", True),
        ("由于资金有限,我局已先行修复受损渠段800米。", False),
        ("争取省级补助资金300万元,新建泵站2座。", False),
        # 现有 before an uncounted noun is no inventory
        ("督促各村做好现有砂石路面的日常养护。", False),
        # a standing rule or aim followed, the rule's 《title》 cited
        ("我中心始终以《公共文化服务保障法》为遵循,把农家书屋提质作为惠民实事来抓。", True),
        ("我局始终严格落实《青禾县城乡低保实施细则》,坚持把兜底保障作为重要举措。", True),
        ("我局始终严格落实《青禾县城乡低保实施细则》,去年新增低保对象312人。", False),
        # diligence in a routine: the rules followed, the work done well, the money kept safe
        ("我中心严格按照有关程序做好就业见习补贴的申领和审核工作,确保资金安全。", True),
        ("各乡镇切实做好困难群众冬春救助物资的发放工作。", True),
        ("严格按照《鹤岭县殡葬管理办法》,对全县居民免除4项基本殡葬服务费用。", False),
        # work said to go on well, with nothing done named
        ("全镇河道保洁工作有序推进。", True),
        ("我县文物安全巡查工作取得积极成效。", True),
        ("河道保洁工作有序推进,今年已清理河道垃圾320吨。", False),
        # an appraisal of how a field fares, nothing done named
        ("沔溪县基层文化服务能力不断提升。", True),
        ("全县乡村民宿发展势头良好。", True),
        ("全县新增乡村民宿42家,服务质量不断提升。", False),
    ],
)
def test_is_boilerplate(sentence, boiler):
    from tracker.match import is_boilerplate

    assert is_boilerplate(tx.key(sentence)) is boiler


@pytest.mark.parametrize(
    ("sentence", "end"),
    [
        ("2021年,县中心建成投入使用。", date(2021, 12, 31)),
        ("2022年11月,工程交工验收。", date(2022, 11, 30)),
        ("2021年以来累计投入资金1360万元。", None),
        ("今年已完成改造。", None),
        ("依据《规划(2021-2025年)》推进。", None),
        # a span of months ends with its last month, not with the year
        ("2023年2至4月,我站开展农机安全检查38次。", date(2023, 4, 30)),
        ("2023年3-7月,共调解纠纷52件。", date(2023, 7, 31)),
        ("2023年1月至6月,发放补贴95万元。", date(2023, 6, 30)),
    ],
)
def test_fact_end(sentence, end):
    from tracker.match import fact_end

    assert fact_end(tx.key(sentence), date(2024, 6, 1)) == end


@pytest.mark.parametrize(
    ("promise", "report", "verdict"),
    [
        # the promised amount reached or passed, in the same unit: delivered
        (
            "年内新辟公交线路15条,重点覆盖城东新区。",
            "今年共新开公交线路17条,城东新区全部通达。",
            Verdict.DONE,
        ),
        ("年内家庭医生签约率达到75%。", "截至去年底,家庭医生签约率达到76.4%。", Verdict.DONE),
        # 部 counts lifts (and machines, phones) as 台 does; 部门 is no amount
        (
            "年内在老旧小区新开工加装电梯20部。",
            "去年全县老旧小区新开工加装电梯26部,已有15部投入使用。",
            Verdict.DONE,
        ),
        # a part of it: in progress
        ("明年上半年复耕撂荒地3000亩。", "截至今年6月,已整治复耕撂荒地1860亩。", Verdict.PROGRESS),
        (
            "再建成乡镇分馆4个。",
            "新增的4个乡镇分馆中,2个分馆已开放,其余2个正在装修。",
            Verdict.PROGRESS,
        ),
        (
            "建设县垃圾焚烧发电厂。",
            "县垃圾焚烧发电厂已于今年3月开工,已完成土建工程的60%。",
            Verdict.PROGRESS,
        ),
        (
            "落实签约服务费分担机制。",
            "签约服务费分担方案已完成测算,已报区政府审定。",
            Verdict.PROGRESS,
        ),
        # more than promised, beside a smaller amount of something else: delivered
        (
            "年内新建高标准农田2.5万亩。",
            "全县建成高标准农田2.6万亩,新增灌溉面积1.1万亩。",
            Verdict.DONE,
        ),
        # the promised amount as the total of which a part is done: in progress
        ("年内建成乡镇分馆14个。", "全县14个乡镇中已有9个建成分馆并开放。", Verdict.PROGRESS),
        # the rest named as pending
        (
            "年内在各乡镇建成就业驿站,提供家门口就业服务。",
            "乡镇就业驿站已建成投用,提供家门口就业服务,其余乡镇已完成选址。",
            Verdict.PROGRESS,
        ),
        # a step the promise names as its end (开工, 封顶) reported is its delivery; the same
        # step against a promise to finish the work is progress
        ("年内开工建设城南污水处理厂二期。", "城南污水处理厂二期已于今年3月开工。", Verdict.DONE),
        ("年内建成城南污水处理厂二期。", "城南污水处理厂二期已于今年3月开工。", Verdict.PROGRESS),
        (
            "明年5月底前完成全民健身中心主体封顶。",
            "全民健身中心主体于今年4月顺利封顶。",
            Verdict.DONE,
        ),
        # the promised thing itself reported finished, little else shared
        (
            "年底前在城北建成全民健身中心，配套建设停车场、更衣室和淋浴间。",
            "城北全民健身中心于去年12月建成开放，日均接待市民1200人次。",
            Verdict.DONE,
        ),
        (
            "年底前在城北建成全民健身中心，配套建设停车场、更衣室和淋浴间。",
            "城北全民健身中心主体已完工，正在进行内部装修和停车场建设。",
            Verdict.PROGRESS,
        ),
        # 新建 promises the thing finished; the very thing reported through its acceptance
        # (通过验收) delivers it, unless fewer were built than promised
        (
            "年内新建村级文化广场26个，配套安装灯光音响设备。",
            "去年新建的村级文化广场已于10月全部通过验收，群众文化活动场所覆盖率由76%提高到100%。",
            Verdict.DONE,
        ),
        (
            "年内新建村级文化广场26个。",
            "去年新建村级文化广场14个，已全部通过验收。",
            Verdict.PROGRESS,
        ),
        # 推进 a thing's next step, and the thing reported accepted and open: delivered; while
        # its work goes on: progress
        (
            "加快推进县档案馆新馆设备安装调试。",
            "县档案馆新馆于去年11月通过验收并正式运营，已接待查档群众2300人次。",
            Verdict.DONE,
        ),
        (
            "加快推进县档案馆新馆设备安装调试。",
            "县档案馆新馆主体已完工，设备安装调试正在进行。",
            Verdict.PROGRESS,
        ),
        # a promise only to ask for money is delivered by the money got; one to build with it
        # is not
        (
            "积极争取上级农村饮水安全专项资金，为管网延伸提供保障。",
            "去年我县成功申报省级示范项目，获得农村饮水安全补助资金860万元。",
            Verdict.DONE,
        ),
        (
            "积极争取上级资金，新建村级供水站3座。",
            "去年争取到上级补助资金860万元，村级供水站正在建设。",
            Verdict.PROGRESS,
        ),
        # 全覆盖 promised, a share under 100% reported
        (
            "实现学校食堂“明厨亮灶”全覆盖。",
            "已有146家学校食堂实现“明厨亮灶”,覆盖率82%。",
            Verdict.PROGRESS,
        ),
    ],
)
def test_delivered_or_in_part(promise, report, verdict):
    first, items = make_letter("hj-2023", EDU, date(2023, 6, 1), ["我局持续改善服务。"], [promise])
    later, _ = make_letter("hj-2024", EDU, date(2024, 6, 1), [report], ["继续做好相关工作。"])
    f = run([items[0]], [first, later]).findings[0]
    assert f.verdict == verdict, f


# --- a promise about one particular road or village -------------------------------------------

TRANSPORT = "青禾县交通运输局"


def road_letters(progress: list[str], next_steps: list[str], promise: str):
    first, items = make_letter(
        "qh-2023", TRANSPORT, date(2023, 7, 1), ["全县农村公路总里程1260公里。"], [promise]
    )
    later, _ = make_letter("qh-2024", TRANSPORT, date(2024, 7, 1), progress, next_steps)
    return items[0], first, later


@pytest.mark.parametrize(
    "text, names, asked",
    [
        ("我局将把桐岭村至溪口的通村公路纳入明年大中修计划。", {"桐岭"}, False),
        ("力争明年完成石坎桥危桥改造。", {"石坎"}, False),
        ("我局已将你所提的路段纳入2024年养护计划,待资金下达后实施。", set(), True),
        # kinds of road or words around a kind word are no names
        ("继续推进农村公路建设,完成破损路段修复,拓宽工作思路。", set(), False),
        ("完善青少年社区服务,探索更广泛路径,让学生在体验中学会调适。", set(), False),
        # a numeral before the kind counts them: 解决两村 names no village
        ("新开通杉坪、竹溪2条校车线路,解决两村约90名学生上学。", set(), False),
        ("推动三村联建冷链仓储,覆盖杉坪村。", {"杉坪"}, False),
        # bridges counted, and going on line, name nothing (6座水毁桥梁, 在电子地图上线标注)
        ("完成枫岗、石埠等6座水毁桥梁的抢修。", set(), False),
        ("推动全县民宿在电子地图上线标注。", set(), False),
    ],
)
def test_named_objects(text, names, asked):
    assert named_objects(tx.key(text)) == (names, asked)


def test_a_promise_about_one_village_has_no_evidence_in_a_sentence_about_another():
    """The later letter answers about another village's road and files it for funding: the
    promise about 桐岭村 is not made again there, whatever words the two share."""
    promise = "下一步,我局将把桐岭村通村公路破损路段修复纳入项目库,积极向上级争取资金后实施。"
    other = "我局已将柿园村通村公路硬化纳入项目库,积极向上级争取资金,待资金下达后优先实施。"
    c, first, later = road_letters([other], ["继续做好农村公路养护工作。"], promise)
    f = run([c], [first, later]).findings[0]
    assert f.verdict == Verdict.SILENT and f.evidence == () and f.restated_in == ()
    # the same sentence about 桐岭村, or one referring back to it, counts
    for said in (other.replace("柿园村", "桐岭村"), "该路段已纳入项目库,积极向上级争取资金。"):
        c, first, later = road_letters([said], ["继续做好农村公路养护工作。"], promise)
        f = run([c], [first, later]).findings[0]
        assert f.evidence and f.evidence[0].quote == said, said


def test_a_promise_about_the_road_asked_about_needs_a_sentence_referring_back():
    promise = "我局已将你所提的路段纳入2024年大中修项目,待上级下达计划后及时组织实施。"
    plan = "只能纳入项目库,待上级有这方面的投资,我们将优先安排大中修项目。"
    c, first, later = road_letters(["全县农村公路养护工作有序开展。"], [plan], promise)
    f = run([c], [first, later]).findings[0]
    assert f.verdict == Verdict.SILENT and f.restated_in == ()
    back = "该路段已列入2024年大中修项目,目前正在施工。"
    c, first, later = road_letters([back], [plan], promise)
    f = run([c], [first, later]).findings[0]
    assert f.verdict != Verdict.SILENT and f.evidence[0].quote == back


@pytest.mark.parametrize(
    ("quote", "delivered"),
    [
        ("今年5月，我局完成剩余36处农村公厕改造，全部投入使用。", True),
        ("截至目前，全镇已建成其余两座污水提升泵站。", True),
        ("其余2个街道已完成选址，正在开展设计。", False),
        ("目前已改造14处，剩余22处正在施工。", False),
    ],
)
def test_the_rest_reported_finished_is_delivery_the_rest_still_to_do_is_not(quote, delivered):
    """完成剩余… reports the rest of a promise finished; 其余…已完成选址 or 剩余…正在施工 names
    the rest as still to do (a part delivered)."""
    from tracker.match import _reaches_target

    promise = tx.key("年内完成全镇农村公厕改造和污水提升泵站建设。")
    assert _reaches_target(promise, tx.key(quote)) is delivered


# --- words the dictionary does not know ----------------------------------------------------------

AGRI = "青禾县农业农村局"


def test_a_word_the_dictionary_does_not_know_still_names_the_promise():
    """稻虾共作 and 慢阻肺 are cut into single characters by the dictionary; their pairs still
    count, so the sentence naming the promise's object ranks above one sharing its other words."""
    promise = "年内在全县推广稻虾共作模式，带动农户增收。"
    named = "扩大稻虾共作示范面积，培育特色品牌。"
    other = "继续推广绿色高效种植模式。"
    first, items = make_letter(
        "qh-2023", AGRI, date(2023, 6, 1), ["全县耕地面积42万亩。"], [promise]
    )
    later, _ = make_letter(
        "qh-2024", AGRI, date(2024, 6, 1), ["我局持续做好农技推广。"], [other, named]
    )
    f = run([items[0]], [first, later]).findings[0]
    assert f.evidence[0].quote == named
    assert [r.id for r in f.restated_in] == ["qh-2024/02"]


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        ("开展慢阻肺筛查。", {"慢阻", "阻肺"}),
        # one-character words of running text (在, 和) join no pair
        ("在城区和乡镇开展筛查。", set()),
    ],
)
def test_runs_of_one_character_words_are_a_word(text, pairs):
    from tracker.match import _commitment_features

    units, _ = _commitment_features(text)
    assert pairs <= set(units[0])
    assert not {"在城", "和乡"} & set(units[0])


# --- a bureau's own topic words ------------------------------------------------------------------

HRSS = "青禾县人力资源和社会保障局"


def hrss_finding(promise: str, progress: list[str], next_steps: list[str]):
    first, items = make_letter(
        "qh-2023", HRSS, date(2023, 6, 1), ["全县参保人数31万人。"], [promise]
    )
    later, _ = make_letter("qh-2024", HRSS, date(2024, 6, 1), progress, next_steps)
    return run([items[0]], [first, later]).findings[0]


def test_the_bureaus_own_name_and_short_name_cannot_carry_a_match():
    """社保 (from 人力资源和社会保障局) is in every letter of the bureau: with one other shared word
    it is no match; the sentence naming the promised hall still is."""
    promise = "推动县社保经办大厅搬迁至新址，年内完成。"
    blanket = "全县社保经办网点已延伸到各乡镇。"
    f = hrss_finding(promise, [blanket], ["继续做好就业服务。"])
    assert f.verdict == Verdict.SILENT and f.evidence == ()
    moved = "县社保经办大厅已于去年11月搬迁至新址并对外服务。"
    f = hrss_finding(promise, [blanket, moved], ["继续做好就业服务。"])
    assert [e.quote for e in f.evidence] == [moved]


def test_a_service_centre_is_an_institution_word():
    """服务中心 names every kind of centre (便民服务中心, 政务服务中心): sharing it with one other
    word is no restatement."""
    promise = "推动县劳动仲裁院与县政务服务中心合并办公。"
    window = "年底前在每个乡镇便民服务中心设立就业服务窗口。"
    f = hrss_finding(promise, ["我局持续优化服务。"], [window])
    assert f.verdict == Verdict.SILENT and f.restated_in == ()


@pytest.mark.parametrize(
    ("promise", "report", "met"),
    [
        # 个 counts anything: jobs are not the townships promised
        ("年内为6个街道配备助残康复器材。", "全年为残疾人发放各类辅具2400个。", False),
        ("年内在全区8个街道建成助残驿站。", "去年，全区招聘会提供就业岗位3100个。", False),
        # the same thing counted, or a unit of its own, is compared as before
        ("年内新建社区长者食堂6个。", "全区新建社区长者食堂7个。", True),
        ("年内新建社区长者食堂6个。", "去年全区新建7个社区长者食堂。", True),
        ("年内新建健身步道12公里。", "全年新建步道15公里。", True),
        # 万亩 and 亿元 are the 亩 and 万元 they count, in ten thousands
        ("年内完成退化草场改良1.2万亩。", "全年完成退化草场改良13500亩。", True),
        ("年内完成退化草场改良1.2万亩。", "全年完成退化草场改良9800亩。", False),
        ("年内完成管网投资2.4亿元。", "全年完成管网投资26800万元。", True),
        # lengths in 公里 or 米, sessions in 场次 or 场, people in 人次 or 名
        ("年内改造背街小巷雨水管网14公里。", "全年改造背街小巷雨水管网1.52万米。", True),
        ("年内改造背街小巷雨水管网14公里。", "全年改造背街小巷雨水管网9600米。", False),
        ("每年举办防诈骗宣讲不少于30场次。", "去年共举办防诈骗宣讲进村入户活动41场。", True),
        ("每年培训农村电商带头人300人次。", "去年培训农村电商带头人326名。", True),
        # a width in 米 beside a length in 公里 is compared with the promised width only
        ("年内完成东环路3.2公里拓宽,路面拓宽至9米。", "东环路路面由7米拓宽至9米。", True),
    ],
)
def test_an_amount_of_any_kind_counts_the_promised_thing(promise, report, met):
    from tracker.match import _target_met

    assert _target_met(tx.key(promise), tx.key(report)) is met


@pytest.mark.parametrize(
    ("promise", "report", "reached"),
    [
        # the amount a thing went from (由5米, 从62%) is what it was, not a part reached
        ("年底前将城西大道路面拓宽至7米。", "城西大道路面已由5米拓宽至7米。", True),
        ("年内村级寄递点覆盖率达到90%。", "村级寄递点覆盖率从62%提高到90%。", True),
        ("年底前将城西大道路面拓宽至7米。", "城西大道已拓宽路段的路面为5米。", False),
    ],
)
def test_an_amount_a_thing_went_from_is_no_part_reached(promise, report, reached):
    from tracker.match import _reaches_target

    assert _reaches_target(tx.key(promise), tx.key(report)) is reached


# --- items run on in one paragraph ---------------------------------------------------------------

BUILDING = "青禾县住房和城乡建设局"


def test_items_run_on_in_one_paragraph_are_sentences_not_headings():
    """一是…。二是…。三是…。 in one paragraph are three short promises: each is a sentence of the
    letter and can restate an earlier promise; a run-in title before text (（一）…。县档案馆…)
    is still a heading."""
    run_on = "一是加快县档案馆新馆建设，力争年内交付使用。二是完成馆藏档案数字化扫描。三是建立档案查阅预约制度。"
    first, items = make_letter(
        "qa-2023",
        BUILDING,
        date(2023, 6, 1),
        ["县档案馆馆舍面积不足。"],
        ["推进县档案馆新馆建设，明年交付使用。"],
    )
    later, found = make_letter(
        "qa-2024",
        BUILDING,
        date(2024, 6, 1),
        ["（一）馆舍建设有序推进。县档案馆新馆主体已完工，正在进行内部装修。"],
        [run_on],
        items=["一是加快县档案馆新馆建设，力争年内交付使用。", "二是完成馆藏档案数字化扫描。"],
    )
    texts = {s.text for s in section_sentences(later.reply, later.text) if not s.clause}
    assert "一是加快县档案馆新馆建设，力争年内交付使用。" in texts
    assert "三是建立档案查阅预约制度。" in texts
    assert "（一）馆舍建设有序推进。" not in texts
    f = run([items[0]], [first, later]).findings[0]
    assert [r.id for r in f.restated_in] == [found[0].id]


def test_an_item_about_a_programme_the_promise_does_not_name_is_no_restatement():
    """推进“互联网+慢病随访”服务 shares 慢病随访 and 服务 with a promise about sharing the cost of
    follow-up visits; the quoted programme it is about is not the promise's."""
    promise = "会同县医保局落实慢病随访服务费分担机制，调动随访医生积极性。"
    first, items = make_letter(
        "qy-2023", "青禾县卫生健康局", date(2023, 6, 1), ["全县现有村卫生室180个。"], [promise]
    )
    later, _ = make_letter(
        "qy-2024",
        "青禾县卫生健康局",
        date(2024, 6, 1),
        ["我局持续完善基层医疗服务体系。"],
        ["推进“互联网+慢病随访”服务，开通线上随访和复诊。", "加强全科医生培养。"],
    )
    f = run([items[0]], [first, later]).findings[0]
    assert f.restated_in == ()


def test_a_plan_for_a_quoted_programme_the_promise_does_not_name_is_no_repeat():
    """The later letter plans “以奖代补” for the 规模养殖场 a promise of antibody tests named: it
    shares the farms, not the promise, so the promise is not promised again."""
    promise = "年内对全县规模养殖场开展一轮禽流感抗体监测，做到应检尽检。"
    first, items = make_letter(
        "qy-2023",
        AGRI,
        date(2023, 6, 1),
        ["全县生猪存栏32万头。", "我局持续做好动物防疫工作。"],
        [promise, "加强基层防疫队伍建设。"],
    )
    later, _ = make_letter(
        "qy-2024",
        AGRI,
        date(2024, 6, 1),
        ["全年完成春秋两季集中免疫。", "县动物疫病预防控制中心新建实验室1个。"],
        [
            "在全县规模养殖场推行“以奖代补”防疫模式，年底前覆盖全部规模养殖场。",
            "加强基层防疫队伍建设。",
        ],
    )
    f = run([items[0]], [first, later]).findings[0]
    assert f.verdict == Verdict.SILENT and f.restated_in == ()


# A letter answering point by point (一、关于…的问题) puts each point's report and its next step in
# one paragraph, which the reading records as next steps whole.
BIKES = "年内在滨江公园、樟树湾公园新增公共自行车租赁点8个。"
BIKE_POINT = (
    "2023年，区城管局在滨江公园、樟树湾公园新增公共自行车租赁点8个，投放车辆320辆。"
    "目前，全区公共自行车日均租用约4100人次。"
    "下一步，我局将在老城区试点电动自行车集中充电棚，年底前建成5处。"
)


def test_a_report_before_the_next_step_in_one_paragraph_is_progress():
    first, items = make_letter(
        "zj-2023", "江州市樟湖区城市管理局", date(2023, 6, 8), ["我局推进绿色出行。"], [BIKES]
    )
    later, own = make_letter(
        "zj-2024",
        "江州市樟湖区城市管理局",
        date(2024, 6, 12),
        [],
        [BIKE_POINT],
        items=["下一步，我局将在老城区试点电动自行车集中充电棚，年底前建成5处。"],
    )
    kinds = {s.text[:4]: s.section for s in later.sentences if not s.clause}
    assert kinds == {
        "2023": SectionKind.PROGRESS,
        "目前，全": SectionKind.PROGRESS,
        "下一步，": SectionKind.NEXT_STEPS,
    }
    f = run(items, [first, later]).findings[0]
    assert f.verdict == Verdict.DONE
    assert f.evidence[0].section == SectionKind.PROGRESS
    assert f.evidence[0].quote.startswith("2023年，区城管局")
    assert f.restated_in == ()


def test_a_next_steps_paragraph_without_a_plan_in_it_stays_next_steps():
    later, _ = make_letter(
        "zj-2024b",
        "江州市樟湖区城市管理局",
        date(2024, 6, 12),
        [],
        ["在老城区已有充电棚的小区推广扫码充电。继续做好公共自行车调度。"],
    )
    assert {s.section for s in later.sentences} == {SectionKind.NEXT_STEPS}


def test_a_yearly_promise_delivered_and_promised_again_is_a_thread():
    bureau = "江州市樟湖区文化体育局"
    first, items = make_letter(
        "zj-ty-2023",
        bureau,
        date(2023, 5, 20),
        ["我局推进全民健身。"],
        ["每年安排社区健身器材维护经费不低于30万元。"],
    )
    later, own = make_letter(
        "zj-ty-2024",
        bureau,
        date(2024, 5, 22),
        ["2023年，区财政安排社区健身器材维护经费36万元，更换损坏器材214件。"],
        ["下一步，我局将继续安排社区健身器材维护经费。"],
    )
    f = run(items, [first, later]).findings[0]
    assert f.verdict == Verdict.DONE
    assert [r.id for r in f.restated_in] == [own[0].id]


@pytest.mark.parametrize(
    ("promise", "report"),
    [
        # the whole target reported reached, the rest it closes named before the verb
        (
            "年底前为全区48个社区安装应急广播，实现社区应急广播全覆盖。",
            "今年3月，余下6个社区的应急广播调试开通，全区社区应急广播实现全覆盖。",
        ),
        # the promised length in another unit, a smaller amount beside it counting another thing
        (
            "年内完成城南排洪沟1.8公里清淤和挡墙加固。",
            "去年10月至12月，城南排洪沟1800米沟段完成清淤，沿线300米挡墙已加固。",
        ),
        # people trained counted in 万人次
        (
            "年内开展家政服务技能培训2000人次，其中育婴员培训不少于500人次。",
            "2023年，全市共开展家政服务技能培训0.25万人次，其中育婴员610人次，结业率达到92%。",
        ),
    ],
)
def test_a_delivery_reported_in_other_words_of_its_amount_is_done(promise, report):
    bureau = "江州市樟湖区人力资源和社会保障局"
    first, items = make_letter(
        "zj-rs-2023", bureau, date(2023, 6, 2), ["我局推进就业。"], [promise]
    )
    later, _ = make_letter(
        "zj-rs-2024", bureau, date(2024, 6, 5), [report], ["下一步，我局将做好人才服务。"]
    )
    f = run(items, [first, later]).findings[0]
    assert f.verdict == Verdict.DONE
    assert f.evidence[0].quote == report


def test_an_item_of_a_run_told_in_one_sentence_is_read_alone():
    bureau = "江州市樟湖区妇女儿童工作委员会办公室"
    first, items = make_letter(
        "zj-fe-2023",
        bureau,
        date(2023, 4, 10),
        ["我办推进母婴设施建设。"],
        ["推动全区城市公园配建母婴室。", "争取省级妇儿活动中心建设补助资金。"],
    )
    report = (
        "一年来，我们主要做了以下工作：一是区妇儿活动中心改造正在施工，预计明年交付；"
        "二是全区城市公园均已建成母婴室，配备哺乳椅和护理台；"
        "三是争取到省级妇儿活动中心建设补助资金90万元。"
    )
    later, _ = make_letter(
        "zj-fe-2024", bureau, date(2024, 4, 12), [report], ["下一步，我办将推进托育服务。"]
    )
    found = run(items, [first, later]).findings
    assert [f.verdict for f in found] == [Verdict.DONE, Verdict.DONE]
    assert found[0].evidence[0].clause.startswith("二是全区城市公园")


def test_a_promise_counting_the_villages_it_serves_finds_a_report_naming_one():
    promise = "秋季开学前新开通杉坪、竹溪2条校车线路，解决两村约90名小学生上学问题。"
    item, first, later = road_letters(
        [
            "去年9月，杉坪村校车线路正式开通，目前乘车学生52人；"
            "竹溪村校车线路因桥梁加固尚未完工，暂未开通。"
        ],
        ["下一步，我局将做好农村公路养护。"],
        promise,
    )
    f = run([item], [first, later]).findings[0]
    assert f.verdict == Verdict.PROGRESS
    assert f.evidence[0].quote.startswith("去年9月，杉坪村校车线路")


def test_a_later_item_naming_a_place_of_the_promises_list_restates_its_rest():
    bureau = "江州市樟湖区白岩镇人民政府"
    first, items = make_letter(
        "zj-by-2024",
        bureau,
        date(2024, 6, 3),
        ["我镇推进农村寄递物流体系建设。"],
        ["年内在杉坪、竹溪2个村各新建1个村级快递服务站，方便群众收寄包裹。"],
    )
    later, own = make_letter(
        "zj-by-2025",
        bureau,
        date(2025, 6, 4),
        ["去年杉坪村快递服务站建成运营，竹溪村因选址调整尚未完工。"],
        ["8月底前让竹溪村快递服务站开门营业。", "组织电商带头人参加直播培训。"],
    )
    f = run(items, [first, later]).findings[0]
    assert [r.id for r in f.restated_in] == [own[0].id]


# A count for a span of months before the promise was made is background, not a year's delivery.
def test_a_count_for_months_before_the_promise_is_stale_and_the_plan_repeats_it():
    bureau = "溧川县司法局"
    first, items = make_letter(
        "lc-sf-2023",
        bureau,
        date(2023, 7, 10),
        ["我局推进法治宣传。"],
        ["每年开展“法律明白人”进村培训不少于60场。"],
    )
    later, _ = make_letter(
        "lc-sf-2024",
        bureau,
        date(2024, 6, 3),
        [],
        [
            "2023年2至6月，我局组织“法律明白人”进村培训27场，培训人员900余人次。"
            "下一步，我局将继续开展“法律明白人”进村培训，重点讲解土地承包和赡养纠纷。"
        ],
        items=["下一步，我局将继续开展“法律明白人”进村培训，重点讲解土地承包和赡养纠纷。"],
    )
    f = run(items, [first, later]).findings[0]
    assert f.verdict == Verdict.REPEATED
    assert all(not e.quote.startswith("2023年2至6月") for e in f.evidence)


def _point_by_point(rid: str, day: date, body: list[str], sections) -> tuple[LaterLetter, Reply]:
    text = "\n".join(body) + "\n"
    reply = Reply(
        id=rid,
        source=Source(f"seeds/{rid}.txt", "0" * 64),
        issuer="栖霞峪县市场监督管理局",
        title=None,
        reply_date=day,
        sections=sections,
    )
    return later_letter(reply, text, ()), reply


# A letter answering point by point (一、关于…问题) whose reading recorded only the paragraphs
# with a next step: a point answered with a report alone is still the answer's progress.
def test_a_point_answered_with_a_report_alone_is_progress():
    first, items = make_letter(
        "qxy-2023",
        "栖霞峪县市场监督管理局",
        date(2023, 5, 16),
        ["我局推进食品安全工作。"],
        ["年底前为全县52所学校食堂全部安装“明厨亮灶”视频设备。"],
    )
    body = [
        "栖霞峪县市场监督管理局关于第8号建议的答复",
        "",
        "你提出的建议收悉。现逐条答复如下：",
        "",
        "一、关于学校食堂监管问题",
        "",
        "截至去年11月底，全县52所学校食堂均已安装“明厨亮灶”视频设备，家长可在手机上实时查看后厨。",
        "",
        "二、关于小餐饮整治问题",
        "",
        "下一步，我局将在城区开展小餐饮油烟整治，年底前完成80家。",
        "",
        "感谢你对市场监管工作的关心和支持。",
    ]
    later, _ = _point_by_point(
        "qxy-2024",
        date(2024, 5, 20),
        body,
        (LetterSection(SectionKind.NEXT_STEPS, None, 11, 11),),
    )
    kinds = {s.text[:4]: s.section for s in later.sentences if not s.clause}
    assert kinds == {"截至去年": SectionKind.PROGRESS, "下一步，": SectionKind.NEXT_STEPS}
    f = run(items, [first, later]).findings[0]
    assert f.verdict == Verdict.DONE
    assert f.evidence[0].quote.startswith("截至去年11月底")


# A progress section that holds a part on what stands in the way (二、存在的困难): its sentences
# tell obstacles, never the work done.
def test_sentences_under_a_difficulties_heading_are_no_reports():
    body = [
        "栖霞峪县市场监督管理局关于第9号建议的答复",
        "",
        "一、办理情况",
        "",
        "今年以来，我局完成电梯定期检验1260台。",
        "",
        "二、存在的困难",
        "",
        "一是部分老旧电梯维保单位更换频繁，责任难落实；二是检验人员不足。",
        "",
        "三、下步工作",
        "",
        "（一）年底前完成20台老旧电梯安全评估。",
        "",
    ]
    later, _ = _point_by_point(
        "qxy-2024b",
        date(2024, 5, 20),
        body,
        (
            LetterSection(SectionKind.PROGRESS, "一、办理情况", 3, 9),
            LetterSection(SectionKind.NEXT_STEPS, "三、下步工作", 11, 13),
        ),
    )
    texts = [s.text for s in later.sentences]
    assert any(t.startswith("今年以来") for t in texts)
    assert not any("维保单位" in t for t in texts)
    assert any(t.startswith("（一）年底前") for t in texts)


# A point-by-point letter whose topic heading runs into its paragraph (二、关于…。截至…): the text
# after the heading answers the point, and its report is progress.
def test_a_run_in_topic_heading_opens_a_point_answered_with_a_report():
    first, items = make_letter(
        "qxy-2023c",
        "栖霞峪县市场监督管理局",
        date(2023, 5, 16),
        ["我局推进计量工作。"],
        ["今年10月底前在县城农贸市场设立公平秤服务点。"],
    )
    body = [
        "栖霞峪县市场监督管理局关于第12号建议的答复",
        "",
        "你提出的建议收悉。现逐条答复如下：",
        "",
        "一、关于公平秤。去年9月，县城农贸市场公平秤服务点正式运行，至今已受理复秤诉求210次。",
        "",
        "二、关于价格公示。全县集贸市场均已推行明码标价，我局每月抽查一次。",
        "",
        "下一步，我局将做好以下工作：",
        "",
        "（一）年底前完成5个乡镇集贸市场计量器具检定。",
        "",
        "感谢你对市场监管工作的关心和支持。",
    ]
    later, _ = _point_by_point(
        "qxy-2024c",
        date(2024, 5, 20),
        body,
        (LetterSection(SectionKind.NEXT_STEPS, "下一步", 9, 11),),
    )
    kinds = {s.text[:4]: s.section for s in later.sentences if not s.clause}
    assert kinds["去年9月"] == SectionKind.PROGRESS
    f = run(items, [first, later]).findings[0]
    assert f.verdict == Verdict.DONE
    assert f.evidence[0].quote.startswith("去年9月，县城农贸市场公平秤服务点正式运行")


# An amount written in 万吨 is counted in 吨: 3.12万吨 bought reaches 3万吨 promised.
def test_an_amount_in_ten_thousand_tonnes_reaches_its_target():
    bureau = "梧岭县粮食和物资储备局"
    first, items = make_letter(
        "wl-ls-2023",
        bureau,
        date(2023, 6, 2),
        ["我局抓好粮食收储。"],
        ["全年收购本地优质小麦不少于3万吨。"],
    )
    later, _ = make_letter(
        "wl-ls-2024",
        bureau,
        date(2024, 6, 5),
        ["去年，我局组织收购本地优质小麦3.12万吨，按时足额兑付售粮款。"],
        ["（一）年底前新建烘干中心1座。"],
    )
    f = run(items, [first, later]).findings[0]
    assert f.verdict == Verdict.DONE
    assert f.evidence[0].quote.startswith("去年，我局组织收购")


# A rate promised per month or season comes to a year's amount: a whole year's count above it is
# the promise kept, one below it is work in progress.
@pytest.mark.parametrize(("count", "verdict"), [("14场", Verdict.DONE), ("9场", Verdict.PROGRESS)])
def test_a_monthly_rate_is_met_by_a_years_count(count, verdict):
    bureau = "梧岭县农业农村局"
    first, items = make_letter(
        "wl-ny-2023",
        bureau,
        date(2023, 6, 2),
        ["我局推进农技推广。"],
        ["每月至少组织1场农技专家下乡授课。"],
    )
    later, _ = make_letter(
        "wl-ny-2024",
        bureau,
        date(2024, 6, 5),
        [f"去年，我局组织农技专家下乡授课{count}，听课农户1100余人次。"],
        ["（一）年底前建成数字农业服务平台。"],
    )
    f = run(items, [first, later]).findings[0]
    assert f.verdict == verdict


# A thing reported opened and running (开通运营) or a job reported finished in other words
# (更换完毕) is delivered, though neither says 已 or 完成.
@pytest.mark.parametrize(
    ("promise", "report"),
    [
        (
            "积极协调推进县城至龙潭乡客运班线开通。",
            "去年9月，县城至龙潭乡的客运班线开通运营，每天发车6班，沿线3个村群众可直达县城。",
        ),
        (
            "年底前完成县城老城区供水主管网更换。",
            "去年10月，县城老城区供水主管网更换完毕，群众用水更加稳定。",
        ),
    ],
)
def test_a_delivery_told_as_running_or_finished_in_other_words_is_done(promise, report):
    bureau = "梧岭县交通运输局"
    first, items = make_letter(
        "wl-jt-2023", bureau, date(2023, 6, 2), ["我局推进工作。"], [promise]
    )
    later, _ = make_letter(
        "wl-jt-2024", bureau, date(2024, 6, 5), [report], ["（一）年底前建成县城公交枢纽站。"]
    )
    f = run(items, [first, later]).findings[0]
    assert f.verdict == Verdict.DONE
    assert f.evidence[0].quote == report


# A promise of the rest of a named thing (完成龙桥村剩余…): the village's name is not read across
# the verb before it (成龙 of a bridge), and the thing reported finished, whole, delivers the rest.
@pytest.mark.parametrize(
    ("promise", "report"),
    [
        (
            "力争8月底前完成龙桥村剩余通组道路硬化。",
            "龙桥村通组道路于去年7月硬化完工，惠及农户52户。",
        ),
        (
            "年底前完成城东剩余路灯节能改造。",
            "去年10月，第三批灯具到货安装，城东路灯全部实现节能改造，年节电约18万度。",
        ),
    ],
)
def test_the_rest_of_a_named_thing_reported_finished_is_done(promise, report):
    bureau = "梧岭县住房和城乡建设局"
    first, items = make_letter(
        "wl-zj-2023", bureau, date(2023, 6, 2), ["我局推进工作。"], [promise]
    )
    later, _ = make_letter(
        "wl-zj-2024", bureau, date(2024, 6, 5), [report], ["（一）年底前建成城东污水泵站。"]
    )
    f = run(items, [first, later]).findings[0]
    assert f.verdict == Verdict.DONE
    assert f.evidence[0].quote == report


# Money asked for beside work promised (积极争取上级资金，逐步推进…): the money got is not the work
# done, and a step of it (已完成选址) is work in progress.
def test_money_got_does_not_deliver_the_work_promised_beside_the_ask():
    bureau = "梧岭县城市管理局"
    first, items = make_letter(
        "wl-cg-2023",
        bureau,
        date(2023, 6, 2),
        ["我局推进工作。"],
        ["积极争取上级资金，逐步推进其余乡镇的垃圾分类设施建设。"],
    )
    later, _ = make_letter(
        "wl-cg-2024",
        bureau,
        date(2024, 6, 5),
        ["今年，我局争取到省级专项资金300万元，白石、青溪2个乡镇的垃圾分类设施已完成选址。"],
        ["（一）年底前建成城东再生资源回收站。"],
    )
    f = run(items, [first, later]).findings[0]
    assert f.verdict == Verdict.PROGRESS


# A promise of two acts on one count (新建、改造…50座) is met by each act's count together; a
# count 其中 of a smaller total is not.
@pytest.mark.parametrize(
    ("report", "verdict"),
    [
        ("去年，我局在城区新建公厕31座，对原有的22座旱厕进行了改造提升。", Verdict.DONE),
        ("去年，我局新建、改造公厕40座，其中新建31座，改造9座。", Verdict.PROGRESS),
    ],
)
def test_two_acts_on_one_count_are_met_by_their_counts_together(report, verdict):
    bureau = "梧岭县城市管理局"
    first, items = make_letter(
        "wl-cg-2023b",
        bureau,
        date(2023, 6, 2),
        ["我局推进工作。"],
        ["年底前在城区新建、改造公厕50座。"],
    )
    later, _ = make_letter(
        "wl-cg-2024b", bureau, date(2024, 6, 5), [report], ["（一）年底前建成城东再生资源回收站。"]
    )
    f = run(items, [first, later]).findings[0]
    assert f.verdict == verdict


def _one_pair(promise: str, report: list[str], bureau: str = "岷溪县农业农村局"):
    """The finding on one promise of 2023 against a 2024 letter reporting `report`."""
    first, items = make_letter("mx-2023", bureau, date(2023, 6, 2), ["我局推进工作。"], [promise])
    later, _ = make_letter(
        "mx-2024", bureau, date(2024, 6, 5), report, ["（一）年底前建成县级农产品检测中心。"]
    )
    return run(items, [first, later]).findings[0]


# A count written in characters (九个村, 一百二十六座, 第三届) is the number the promise wrote in
# digits: the thing reported all built, or the event held, is the promise kept.
@pytest.mark.parametrize(
    ("promise", "report"),
    [
        (
            "在9个村各建设1个村级农产品收购点，方便群众就近售卖。",
            "全镇九个村的村级农产品收购点已全部建成，去年共收购山货320余吨。",
        ),
        (
            "对全县126座小型水库大坝开展一次安全鉴定。",
            "去年9月至11月，我局委托省水利设计院对全县一百二十六座小型水库大坝逐座进行了安全鉴定，"
            "鉴定出三类坝7座。",
        ),
        (
            "明年秋季举办第三届岷溪板栗文化节，推动农旅融合。",
            "去年10月，第三届岷溪板栗文化节在柏树湾村开幕，两天接待游客约8000人次。",
        ),
    ],
)
def test_a_count_in_characters_is_the_promised_number(promise, report):
    f = _one_pair(promise, [report])
    assert f.verdict == Verdict.DONE
    assert f.evidence[0].quote == report


def test_numerals_in_characters_read_as_digits_only_before_a_measure_word():
    assert arabic_counts("一百零五个村、两所学校、第二届") == "105个村、2所学校、第2届"
    assert arabic_counts("统一规划，“十四五”期间，三四个乡镇，四、五类危桥") == (
        "统一规划，“十四五”期间，三四个乡镇，四、五类危桥"
    )


# 桥梁 is the word for bridges, not the end of a bridge's name (6座水毁桥梁: no bridge 水毁): the
# report naming the promised bridges one by one is its delivery.
def test_bridges_counted_are_no_bridge_named():
    promise = "今年6月底前完成石门、柳湾等5座水毁桥梁的抢修加固。"
    report = "石门桥、柳湾桥等5座桥梁的抢修加固于去年6月上旬全部完工，群众出行未受影响。"
    assert named_objects(promise)[0] == set()
    f = _one_pair(promise, [report], "岷溪县交通运输局")
    assert f.verdict == Verdict.DONE


# A plant reported producing (正式投产) and a job started as promised (启动…改造: 已于3月开工) are
# delivered, whatever later step is under way; a start still planned (计划下半年开工) is not.
@pytest.mark.parametrize(
    ("promise", "report", "verdict"),
    [
        (
            "确保今年9月底前县有机肥加工厂投产。",
            "县有机肥加工厂于去年10月上旬正式投产，全年消纳畜禽粪污1.1万吨。",
            Verdict.DONE,
        ),
        (
            "年内启动柏溪大桥拆除重建。",
            "柏溪大桥重建工程已于今年3月开工，目前正在浇筑桥墩，计划明年底通车。",
            Verdict.DONE,
        ),
        (
            "年内启动柏溪大桥拆除重建。",
            "柏溪大桥重建工程施工图已完成审查，计划今年下半年开工。",
            Verdict.PROGRESS,
        ),
    ],
)
def test_a_plant_producing_or_a_work_started_is_the_promise_kept(promise, report, verdict):
    f = _one_pair(promise, [report], "岷溪县交通运输局")
    assert f.verdict == verdict


# Money put into a work (投入资金约80万元) is its cost and a ceiling (票价不高于5元) is met by less:
# neither is a target the report must reach.
@pytest.mark.parametrize(
    ("promise", "report"),
    [
        (
            "投入资金约80万元，完成县第二小学风雨操场改造。",
            "县第二小学风雨操场改造工程于去年7月完工，总投资77.6万元，已交付使用。",
        ),
        (
            "年底前开通县城至黄泥塘的城乡公交线路，票价不高于5元。",
            "县城至黄泥塘的城乡公交线路已于去年11月开通，全程票价4元。",
        ),
    ],
)
def test_money_put_in_or_a_ceiling_is_no_target_to_reach(promise, report):
    f = _one_pair(promise, [report], "岷溪县教育局")
    assert f.verdict == Verdict.DONE


# An area in 公顷 is the promised 亩 (15亩 a 公顷, counted whole); a rate paid per month reported
# as a rate per month (最低每人每月620元) is compared as one, in 元.
@pytest.mark.parametrize(
    ("promise", "report", "verdict"),
    [
        (
            "今年秋冬完成低效板栗林改造600亩。",
            "去年10月至今年2月，全县改造低效板栗林40公顷，改造后统一嫁接良种。",
            Verdict.DONE,
        ),
        (
            "今年秋冬完成低效板栗林改造600亩。",
            "去年10月至今年2月，全县改造低效板栗林26.7公顷，改造后统一嫁接良种。",
            Verdict.PROGRESS,
        ),
        (
            "为村级防疫员每人每月发放劳务补贴不低于600元。",
            "村级防疫员劳务补贴自去年7月起按服务村数分档发放，最低每人每月620元，最高800元。",
            Verdict.DONE,
        ),
    ],
)
def test_an_area_in_hectares_and_a_monthly_rate_are_compared_in_their_units(
    promise, report, verdict
):
    f = _one_pair(promise, [report])
    assert f.verdict == verdict


# A count told by naming each one (柏坪板栗合作社、青岗山货合作社): two named meet 2家.
@pytest.mark.parametrize(
    ("names", "verdict"),
    [("柏坪板栗合作社、青岗板栗合作社先后", Verdict.DONE), ("柏坪板栗合作社", Verdict.PROGRESS)],
)
def test_a_count_told_by_naming_each_one_meets_the_promise(names, verdict):
    report = (
        f"去年，镇里引导种植大户牵头组建板栗专业合作社，{names}登记注册，带动农户96户抱团发展。"
    )
    f = _one_pair("培育板栗专业合作社2家以上，带动农户抱团发展。", [report])
    assert f.verdict == verdict


# The place described (岷溪县是板栗主产区…) or what a centre has (现有…开设课程24门) is the
# setting of a letter, not work: it is no evidence for a promise sharing its words.
def test_the_place_described_or_an_inventory_is_no_evidence():
    assert is_boilerplate(tx.key("岷溪县是板栗主产区，种植面积常年稳定在8万亩左右。"))
    assert is_boilerplate(tx.key("县社区学院现有教室9间，开设课程24门。"))
    assert not is_boilerplate(tx.key("县社区学院去年新开设课程4门。"))
    assert not is_boilerplate(tx.key("岷溪县已建成板栗冷库12座。"))
    assert not is_boilerplate(tx.key("岷溪县是省级电子商务进农村综合示范县。"))  # a status won
    f = _one_pair(
        "年内开通岷溪板栗冷链直供专线3条。", ["岷溪县是板栗主产区，种植面积常年稳定在8万亩左右。"]
    )
    assert f.verdict == Verdict.SILENT


# How bureaus report a delivery in words of their own: the thing named before its 建设 reported in
# use, a review passed, a listing promised and reported made, a service gone on line, a time limit
# met by matters settled on the spot. Each beside a near miss that stays work in progress.
@pytest.mark.parametrize(
    ("promise", "report", "verdict"),
    [
        (
            "年底前完成县级农产品质量安全检测中心建设。",
            "县级农产品质量安全检测中心已于去年12月投入使用，全年检测样品3200批次。",
            Verdict.DONE,
        ),
        (
            "年底前完成县级农产品质量安全检测中心建设。",
            "县级农产品质量安全检测中心主体工程已完工，检测设备正在安装调试。",
            Verdict.PROGRESS,
        ),
        (
            "推动县中医院创建二级甲等中医医院。",
            "县中医院去年11月顺利通过二级甲等中医医院评审。",
            Verdict.DONE,
        ),
        (
            "推动县中医院创建二级甲等中医医院。",
            "县中医院已完成二级甲等中医医院创建自评，正在准备省级评审。",
            Verdict.PROGRESS,
        ),
        (
            "积极争取将城北水厂扩建项目纳入省级重点项目。",
            "城北水厂扩建项目已纳入今年省级重点项目清单。",
            Verdict.DONE,
        ),
        (
            "积极争取将城北水厂扩建项目纳入省级重点项目。",
            "城北水厂扩建项目可研报告已编制完成，正在争取纳入省级重点项目清单。",
            Verdict.PROGRESS,
        ),
        (
            "年底前开通县政务服务网上预约功能。",
            "县政务服务网上预约功能已于去年10月上线运行，群众可在手机上预约办事。",
            Verdict.DONE,
        ),
        (
            "推动实现企业开办“一日办结”。",
            "目前企业开办全流程即时办结，平均用时不到半天。",
            Verdict.DONE,
        ),
        (
            "推动实现企业开办“一日办结”。",
            "目前企业开办尚未实现即时办结，平均用时两天。",
            Verdict.PROGRESS,
        ),
    ],
)
def test_a_delivery_told_the_way_bureaus_report_it(promise, report, verdict):
    f = _one_pair(promise, [report], "岷溪县发展和改革局")
    assert f.verdict == verdict


def test_a_listing_is_delivery_only_of_a_promise_to_be_listed():
    f = _one_pair(
        "年内建成城北水厂二期。",
        ["城北水厂二期项目已纳入省级重点项目清单。"],
        "岷溪县发展和改革局",
    )
    assert f.verdict == Verdict.PROGRESS


# The work made ready (已完成招标, 施工单位已进场) is not the work done, unless the promise was to
# make it ready (年内完成…选址); the promised count taken one by one is the whole only when no
# smaller part of it is named (28座…中的12座逐座).
@pytest.mark.parametrize(
    ("promise", "report", "verdict"),
    [
        (
            "年底前完成县城污水处理厂提标改造建设。",
            "县城污水处理厂提标改造项目已完成招标，施工单位已进场。",
            Verdict.PROGRESS,
        ),
        (
            "年内完成城南垃圾中转站选址。",
            "城南垃圾中转站去年9月完成选址，正在办理用地手续。",
            Verdict.DONE,
        ),
        (
            "对全县28座小型水库开展安全鉴定。",
            "去年，我局对全县28座小型水库中的12座逐座开展了安全鉴定。",
            Verdict.PROGRESS,
        ),
    ],
)
def test_work_made_ready_or_part_taken_one_by_one_is_not_done(promise, report, verdict):
    f = _one_pair(promise, [report], "岷溪县住房和城乡建设局")
    assert f.verdict == verdict


def _answered_by_points(rid: str, day: date, body: list[str], items: list[str], sections):
    """A point-by-point letter (as `_point_by_point`) with its next-step items recorded."""
    text = "\n".join(body) + "\n"
    reply = Reply(
        id=rid,
        source=Source(f"seeds/{rid}.txt", "0" * 64),
        issuer="栖霞峪县文化和旅游局",
        title=None,
        reply_date=day,
        sections=sections,
    )
    found = []
    for i, t in enumerate(items, 1):
        line = next(n + 1 for n, x in enumerate(body) if t in x)
        found.append(Commitment(id=f"{rid}/{i:02d}", reply=rid, text=t, lines=(line, line)))
    return later_letter(reply, text, found), found


# A point answered in one paragraph that the reading records as next steps whole: the delivery
# told before the plan, and a fact of years ago, are reports, even when the plan opens with a date
# still ahead (今年7月底前) and none of the words of a plan. The fact of years ago is background,
# and the plan for another place is not the promise again.
def test_a_point_reported_then_planned_with_a_date_ahead_is_read_as_report_then_plan():
    first, items = make_letter(
        "qxy-2023c",
        "栖霞峪县文化和旅游局",
        date(2023, 4, 10),
        ["我局推进公共文化设施建设。"],
        ["年底前完成鹤鸣村和石滩村2个村级文化广场的提升改造。"],
    )
    body = [
        "栖霞峪县文化和旅游局关于第14号建议的答复",
        "",
        "你提出的建议收悉。现逐条答复如下：",
        "",
        "一、关于村级文化广场的问题",
        "",
        "去年10月，鹤鸣村和石滩村文化广场提升改造工程通过验收并投入使用，两处广场均新装了"
        "灯光音响设备。2020年，我局曾投入资金9万元对枫桥村文化广场进行硬化，但未配灯光。"
        "枫桥村文化广场列入今年提升计划，今年7月底前完成改造。",
        "",
        "感谢你对文化工作的关心和支持。",
    ]
    later, later_items = _answered_by_points(
        "qxy-2024c",
        date(2024, 5, 8),
        body,
        ["枫桥村文化广场列入今年提升计划，今年7月底前完成改造。"],
        (LetterSection(SectionKind.NEXT_STEPS, None, 7, 7),),
    )
    kinds = {s.text[:4]: s.section for s in later.sentences if not s.clause}
    assert kinds == {
        "去年10": SectionKind.PROGRESS,
        "2020": SectionKind.PROGRESS,
        "枫桥村文": SectionKind.NEXT_STEPS,
    }
    f = run(items, [first, later]).findings[0]
    assert f.verdict == Verdict.DONE
    assert f.evidence[0].quote.startswith("去年10月")
    assert not any(e.quote.startswith("2020年") for e in f.evidence)


# 当年 after a year the sentence names is that year, not the letter's: the fact is as old as
# the year named.
def test_that_year_after_a_named_year_dates_the_fact_by_it():
    key = tx.key("2019年，县政府公布第五批文物保护单位9处，当年为其中4处设立了保护标志。")
    assert fact_end(key, date(2024, 5, 1)) == date(2019, 12, 31)
    assert fact_end(tx.key("当年完成改造12处。"), date(2024, 5, 1)) is None


# A point answered in one sentence of two parts: the first reports the promise kept, the
# second plans other work. The sentence is the answer's report, not a plan.
def test_a_sentence_reporting_in_one_part_and_planning_in_the_other_is_a_report():
    first, items = make_letter(
        "qxy-2023d",
        "栖霞峪县文化和旅游局",
        date(2023, 6, 12),
        ["我局推进文物保护工作。"],
        ["年底前完成县级文物保护单位周家祠堂的梁架加固。"],
    )
    body = [
        "栖霞峪县文化和旅游局关于第21号提案的答复",
        "",
        "你提出的提案收悉。现逐一答复如下：",
        "",
        "一、关于文物建筑修缮的问题",
        "",
        "一是周家祠堂梁架加固工程于去年12月完工，共更换檩条36根；二是文昌阁周边绿化已完成设计，"
        "拟结合古村落保护一并实施。",
        "",
        "二、关于文物宣传的问题",
        "",
        "下一步，我局将编印文物保护宣传册5000份。",
        "",
        "感谢你对文物工作的支持。",
    ]
    later, _ = _answered_by_points(
        "qxy-2024d",
        date(2024, 5, 30),
        body,
        ["下一步，我局将编印文物保护宣传册5000份。"],
        (LetterSection(SectionKind.NEXT_STEPS, None, 11, 11),),
    )
    f = run(items, [first, later]).findings[0]
    assert f.verdict == Verdict.DONE
    assert f.evidence[0].quote.startswith("一是周家祠堂")


# A promise only to adhere (坚持…至上, 严格执行《…》, 守牢…底线) names nothing a later letter can
# deliver or promise again: a later sentence or item sharing its topic words neither reports nor
# restates it, however low the bars are set.
@pytest.mark.parametrize(
    "promise",
    [
        "坚持人民至上、安全第一，守牢燃气使用安全底线。",
        "严格执行《城镇燃气管理条例》，压实燃气使用安全主体责任。",
    ],
)
def test_a_promise_only_to_adhere_is_never_restated_nor_reported(promise):
    first, items = make_letter(
        "mx-2023e", "岷溪县住房和城乡建设局", date(2023, 5, 9), ["我局推进工作。"], [promise]
    )
    later, _ = make_letter(
        "mx-2024e",
        "岷溪县住房和城乡建设局",
        date(2024, 5, 14),
        ["去年全县开展燃气安全隐患排查，整改燃气使用安全隐患312处。"],
        ["（一）年内为全县餐饮场所全部加装燃气使用安全报警器。"],
    )
    loose = Options(min_score=0.01, restate_score=0.01)
    f = run(items, [first, later], options=loose).findings[0]
    assert f.verdict == Verdict.SILENT
    assert f.evidence == ()
    assert f.restated_in == ()
    # a promise with an object of its own is still followed at those bars
    kept = "年内为全县餐饮场所加装燃气泄漏报警器。"
    first, items = make_letter(
        "mx-2023f", "岷溪县住房和城乡建设局", date(2023, 5, 9), ["我局推进工作。"], [kept]
    )
    assert run(items, [first, later], options=loose).findings[0].restated_in != ()


# A meeting held or publicity given on the topic shares the topic's words with every promise:
# it is no report of the promised thing, only of a promise to hold or give the same.
@pytest.mark.parametrize(
    ("promise", "report", "verdict"),
    [
        (
            "推动供电公司推出农村电网峰谷分时电价套餐，对种养大户电费减免不低于10%。",
            "我局每季度组织供电公司、农电服务站召开农村电网建设推进会，通报各村用电投诉办理情况。",
            Verdict.SILENT,
        ),
        (
            "年内完成镇村两级燃气安全巡查员配备，每村不少于1名。",
            "镇村两级干部走村入户开展燃气安全政策宣传，发放明白纸2600余份。",
            Verdict.SILENT,
        ),
        (
            "年内开展燃气安全进村入户宣传，发放明白纸不少于2000份。",
            "镇村两级干部走村入户开展燃气安全政策宣传，发放明白纸2600余份。",
            Verdict.DONE,
        ),
    ],
)
def test_a_meeting_or_publicity_on_the_topic_reports_only_a_promise_of_the_same(
    promise, report, verdict
):
    loose = Options(min_score=0.05)
    first, items = make_letter(
        "mx-2023g", "岷溪县发展和改革局", date(2023, 5, 9), ["我局推进工作。"], [promise]
    )
    later, _ = make_letter(
        "mx-2024g",
        "岷溪县发展和改革局",
        date(2024, 5, 14),
        [report],
        ["（一）年底前建成县级能源调度中心。"],
    )
    assert run(items, [first, later], options=loose).findings[0].verdict == verdict


# Sessions held (期), batches (批) and copies (份) are counts like any other, and so is an amount
# told as a round figure (800余份): a report of more than the promised least is the promise
# kept, a report of fewer a part of it; a total over the years since one (2022年以来累计) is no
# one year's amount.
@pytest.mark.parametrize(
    ("promise", "report", "verdict"),
    [
        (
            "每年举办家庭农场经营者培训不少于3期。",
            "去年举办家庭农场经营者培训班4期，培训学员210人次。",
            Verdict.DONE,
        ),
        (
            "每年举办家庭农场经营者培训不少于3期。",
            "去年举办家庭农场经营者培训班2期，培训学员96人次。",
            Verdict.PROGRESS,
        ),
        (
            "每年举办家庭农场经营者培训不少于3期。",
            "2022年以来累计举办家庭农场经营者培训班5期，培训学员260人次。",
            Verdict.PROGRESS,
        ),
        (
            "年内为全县家庭农场发放经营指导手册不少于500份。",
            "去年为全县家庭农场发放经营指导手册800余份。",
            Verdict.DONE,
        ),
        (
            "年内分3批认定市级示范家庭农场。",
            "去年分3批认定市级示范家庭农场27家。",
            Verdict.DONE,
        ),
    ],
)
def test_sessions_batches_and_copies_are_counted(promise, report, verdict):
    assert _one_pair(promise, [report]).verdict == verdict


# A later item about a programme it names in quotes that the promise does not name plans that
# programme, not the promise again, whether the copy prints curly quotes or straight ones.
@pytest.mark.parametrize("quote", ["“{}”", '"{}"'])
def test_an_item_about_a_programme_in_straight_quotes_is_no_restatement(quote):
    name = quote.format("先检后种、按方施肥")
    first, items = make_letter(
        "mx-2023h",
        "岷溪县农业农村局",
        date(2023, 5, 9),
        ["我局推进高素质农民培育。"],
        ["每年组织高素质农民培训不少于3期，提升种植技术水平。"],
    )
    later, _ = make_letter(
        "mx-2024h",
        "岷溪县农业农村局",
        date(2024, 5, 14),
        ["去年全县测土配方施肥技术推广面积达到12万亩。"],
        [f"（一）严格落实{name}，今年新建高标准农田全部由培训合格农民承种。"],
    )
    f = run(items, [first, later], options=Options(restate_score=0.05)).findings[0]
    assert f.restated_in == ()


# Work put off for want of money (…项目暂缓实施) is neither delivered nor under way: with nothing
# else said of it the promise is silent. A part built before the rest was put off is progress.
@pytest.mark.parametrize(
    ("report", "verdict"),
    [
        ("因省级补助资金未到位，城西再生资源分拣中心项目暂缓实施。", Verdict.SILENT),
        ("城西再生资源分拣中心一期已建成，二期因省级补助资金未到位暂缓实施。", Verdict.PROGRESS),
    ],
)
def test_work_put_off_is_no_progress(report, verdict):
    f = _one_pair("明年建成城西再生资源分拣中心。", [report], "岷溪县商务局")
    assert f.verdict == verdict


# The promised count told with its breakdown (52户…中，新建21户、改造27户，另有4户已迁出): parts
# adding up to the whole are the whole dealt with; not when one part is told still under way.
@pytest.mark.parametrize(
    ("report", "verdict"),
    [
        (
            "去年，全镇52户需改厕的农户中，新建卫生厕所21户、改造27户，另有4户已迁出，"
            "改厕任务全面完成。",
            Verdict.DONE,
        ),
        (
            "去年，全镇52户需改厕的农户中，新建卫生厕所21户、改造27户已完成，另有4户正在施工。",
            Verdict.PROGRESS,
        ),
    ],
)
def test_parts_adding_up_to_the_promised_count_are_the_whole(report, verdict):
    f = _one_pair("年底前完成全镇52户农户卫生厕所改造。", [report], "岷溪县农业农村局")
    assert f.verdict == verdict


# A purchase made (已完成政府采购) is the work made ready, unless the promise was to buy; a
# service gone live (小程序上线…功能) is the service delivered, a 线上线下 channel is not.
@pytest.mark.parametrize(
    ("promise", "report", "verdict"),
    [
        (
            "明年6月底前为12个村卫生室各配备1台全自动生化分析仪。",
            "12台全自动生化分析仪已完成政府采购，将于今年7月底前配发到各村卫生室。",
            Verdict.PROGRESS,
        ),
        (
            "年内完成12台全自动生化分析仪的政府采购。",
            "12台全自动生化分析仪已完成政府采购，将于今年7月底前配发到各村卫生室。",
            Verdict.DONE,
        ),
        (
            "推动预防接种记录线上查询，家长可通过小程序查看接种记录。",
            "去年10月，“岷溪健康”小程序上线预防接种记录查询功能，累计查询2.1万人次。",
            Verdict.DONE,
        ),
    ],
)
def test_a_purchase_is_work_made_ready_and_a_service_gone_live_is_delivered(
    promise, report, verdict
):
    assert _one_pair(promise, [report], "岷溪县卫生健康局").verdict == verdict


# A point answered with how the work stands, whose only plan waits on a step pending (已报…审批，
# 目前正在编制方案，待批复后…实施), reports progress even where the reading recorded it as a next
# step: it promises nothing again.
def test_a_report_whose_only_plan_waits_on_a_pending_step_is_progress():
    first, items = make_letter(
        "qxy-2023i",
        "栖霞峪县文化和旅游局",
        date(2023, 6, 2),
        ["我局推进考古工作。"],
        ["年内启动石牛岗汉墓群考古调查，摸清墓葬分布范围。"],
    )
    body = [
        "栖霞峪县文化和旅游局关于第33号提案的答复",
        "",
        "你提出的提案收悉。现逐一答复如下：",
        "",
        "一、关于汉墓群考古的问题",
        "",
        "石牛岗汉墓群考古调查已报省文物局审批，目前正在编制调查工作方案，待批复后由市考古所"
        "组织实施。",
        "",
        "感谢你对文物工作的支持。",
    ]
    text_item = body[6]
    later, _ = _answered_by_points(
        "qxy-2024i",
        date(2024, 5, 30),
        body,
        [text_item],
        (LetterSection(SectionKind.NEXT_STEPS, None, 7, 7),),
    )
    f = run(items, [first, later]).findings[0]
    assert f.verdict == Verdict.PROGRESS
    assert f.evidence[0].quote.startswith("石牛岗汉墓群考古调查已报")
    assert f.restated_in == ()


# A sentence opening on a past time (去年9月，…举办…) reports the act it names done, with no 已
# or 了; the amount beside it still decides whether the promise is reached.
@pytest.mark.parametrize(
    ("report", "verdict"),
    [
        (
            "去年9月，我局联合县体育中心举办第二届全县农民篮球赛，赛事持续5天。",
            Verdict.DONE,
        ),
        (
            "去年9月，我局联合县体育中心举办第二届全县农民篮球赛，9支村队的110名队员参赛。",
            Verdict.PROGRESS,
        ),
    ],
)
def test_an_act_told_in_the_past_is_done(report, verdict):
    f = _one_pair(
        "今年下半年举办第二届全县农民篮球赛，参赛队伍不少于12支。", [report], "岷溪县农业农村局"
    )
    assert f.verdict == verdict


# The places a work went to, named by what they lacked (在尚未建站的3个乡镇新设…), are no work
# left undone; every place told to have it (至此全县乡镇均已设立…) is the whole promised reached.
@pytest.mark.parametrize(
    ("report", "verdict"),
    [
        (
            "去年，我局在尚未建站的麻田、枫林、汀口3个乡镇新设农产品质量安全监管站，"
            "至此全县乡镇均已设立农产品质量安全监管站。",
            Verdict.DONE,
        ),
        (
            "去年，我局在尚未建站的麻田、枫林2个乡镇新设农产品质量安全监管站，"
            "汀口乡监管站正在选址。",
            Verdict.PROGRESS,
        ),
    ],
)
def test_every_place_told_to_have_it_is_the_whole(report, verdict):
    f = _one_pair("年底前实现全县9个乡镇农产品质量安全监管站全覆盖。", [report], "岷溪县农业农村局")
    assert f.verdict == verdict


# A report of work carried out, told with no 已 or 完成 (2024年，…实施…; 去年，…组织…; 去年全年,
# …走访…; …均开展了…; 以…分通过…测评), is the promise kept when what it promised is reached;
# counts in 次 are compared like any other count. A report still going on stays progress.
@pytest.mark.parametrize(
    ("promise", "report", "verdict"),
    [
        (
            "全年开展森林防火无人机巡护不少于80次。",
            "2024年，全县累计实施森林防火无人机巡护93次，发现火情隐患11处。",
            Verdict.DONE,
        ),
        (
            "全年开展森林防火无人机巡护不少于80次。",
            "2024年，全县累计实施森林防火无人机巡护51次，发现火情隐患11处。",
            Verdict.PROGRESS,
        ),
        (
            "组织护林员参加森林防火技能培训。",
            "去年，林业站组织护林员参加市级森林防火技能培训3期，全员考核合格。",
            Verdict.DONE,
        ),
        (
            "年内通过省级智慧林场测评。",
            "去年10月，县国有林场以88分通过省林业局组织的测评，成为省级智慧林场。",
            Verdict.DONE,
        ),
        (
            "组织护林员参加森林防火技能培训。",
            "林业站正在组织护林员参加市级森林防火技能培训。",
            Verdict.PROGRESS,
        ),
    ],
)
def test_work_told_as_carried_out_is_done(promise, report, verdict):
    f = _one_pair(promise, [report], "岑溪县林业局")
    assert f.verdict == verdict


# Read alone, such a sentence reports the work done; one that plans it or says it goes on does not.
@pytest.mark.parametrize(
    ("sentence", "state"),
    [
        ("去年春季学期和秋季学期，全县41所幼儿园均按要求开展了消防疏散演练。", State.DONE),
        ("去年全年，护林员对辖区52处重点林区累计巡查310人次。", State.DONE),
        ("2024年，全县累计实施森林防火无人机巡护93次。", State.DONE),
        ("2025年，将组织护林员参加森林防火技能培训。", State.PLAN),
        ("2024年，全县正在实施森林防火无人机巡护试点。", State.ONGOING),
    ],
)
def test_a_sentence_of_work_carried_out_reads_as_done(sentence, state):
    assert sentence_state(sentence) == state


# A remainder restated in one item of a run told in one sentence (一是…剩余15盏…；二是…；三是…),
# or a report of part that leaves the rest as a count only (9户…中，6户已搬入，3户…正在建设):
# the same rest counted on both sides names the item that carries the promise over.
@pytest.mark.parametrize(
    ("report", "next_steps", "items", "thread"),
    [
        (
            "渡口片区破损护栏已更换42米，其余18米因岸坡下沉需要重新浇筑基础，目前正在施工。",
            [
                "下一步，我镇将：一是加快渡口片区剩余18米护栏基础浇筑，尽早恢复通行；"
                "二是完成渡口片区排水沟清淤；三是推进有条件的村开展河岸绿化。"
            ],
            [
                "加快渡口片区剩余18米护栏基础浇筑，尽早恢复通行",
                "完成渡口片区排水沟清淤",
                "推进有条件的村开展河岸绿化",
            ],
            "tp-2024/01",
        ),
        (
            "受枫坳滑坡威胁的9户群众中，6户已搬入集镇安置点，3户新房正在建设。",
            ["（一）加强汛期地质灾害隐患点巡查。", "（二）年底前完成剩余3户搬迁入住。"],
            None,
            "tp-2024/02",
        ),
    ],
)
def test_the_rest_counted_names_its_restatement(report, next_steps, items, thread):
    bureau = "汀浦县枫坳镇人民政府"
    first, promises = make_letter(
        "tp-2023",
        bureau,
        date(2023, 6, 2),
        ["我镇推进工作。"],
        ["年底前完成渡口片区60米破损护栏更换，对受枫坳滑坡威胁的9户群众实施避险搬迁。"],
        items=["年底前完成渡口片区60米破损护栏更换", "对受枫坳滑坡威胁的9户群众实施避险搬迁"],
    )
    later, _ = make_letter("tp-2024", bureau, date(2024, 6, 5), [report], next_steps, items=items)
    wanted = promises[0] if "护栏" in report else promises[1]
    f = next(x for x in run(promises, [first, later]).findings if x.commitment == wanted.id)
    assert [r.id for r in f.restated_in] == [thread]


# The promise's count reached in another measure word of things (1200户 promised, 1268座 built;
# 助餐点25个, 长者食堂27家) is the promise kept; one below it is a part.
@pytest.mark.parametrize(
    ("report", "verdict"),
    [
        ("去年，全县新改建农村户用沼气池1268座，均已通过乡镇验收。", Verdict.DONE),
        ("去年，全县新改建农村户用沼气池980座，均已通过乡镇验收。", Verdict.PROGRESS),
    ],
)
def test_a_count_reached_in_another_measure_word_is_done(report, verdict):
    f = _one_pair("年底前完成农村户用沼气池改建1200户。", [report], "汀浦县农业农村局")
    assert f.verdict == verdict


def test_a_place_opened_in_the_past_is_done():
    f = _one_pair(
        "年底前在乡镇敬老院新建老年助餐点18个。",
        ["去年下半年，我局依托乡镇敬老院新办老年助餐食堂19家，日均就餐600余人次。"],
        "汀浦县民政局",
    )
    assert f.verdict == Verdict.DONE


# The rest of a work promised (为其余村配备…) or all of it (整改销号率100%), and the rest or all
# of it told done (剩下6个村的…也已安装到位; …已全部完成整改): the promise kept. The rest told
# still being fitted stays progress.
@pytest.mark.parametrize(
    ("promise", "report", "verdict"),
    [
        (
            "争取明年为其余村配备应急广播终端。",
            "今年4月，剩下6个村的应急广播终端也已安装到位，全镇应急广播实现村村响。",
            Verdict.DONE,
        ),
        (
            "争取明年为其余村配备应急广播终端。",
            "今年4月，剩下6个村的应急广播终端正在安装调试。",
            Verdict.PROGRESS,
        ),
        (
            "年底前完成全县农村危旧桥梁隐患排查整改，整改销号率达到100%。",
            "去年排查出的农村危旧桥梁隐患412处已全部完成整改并逐处销号。",
            Verdict.DONE,
        ),
    ],
)
def test_the_rest_or_all_of_it_told_done_is_done(promise, report, verdict):
    f = _one_pair(promise, [report], "汀浦县应急管理局")
    assert f.verdict == verdict


# A stance kept, with nothing done named (始终把…放在心上, 绷紧…这根弦, 压实…主体责任, 持续加强…,
# 营造…环境), is no report or plan of a vague promise on the same topic; 每一名 counts nothing.
@pytest.mark.parametrize(
    ("promise", "report", "plan"),
    [
        (
            "持续关爱农村留守儿童成长。",
            "镇里始终把农村留守儿童关爱保护放在心上，努力让每一名留守儿童健康成长。",
            "（一）加快建设镇级儿童之家。",
        ),
        (
            "加强汛期防溺水安全管理。",
            "今年5月，镇里在12处危险水域新设警示牌。",
            "我镇将进一步压实汛期防溺水安全主体责任，确保学生安全。",
        ),
        (
            "持续加强农贸市场食品安全宣传引导。",
            "今年5月，镇里在12处危险水域新设警示牌。",
            "我镇将持续加强农贸市场日常管理，营造安全有序的消费环境。",
        ),
    ],
)
def test_a_stance_kept_is_no_report_nor_plan(promise, report, plan):
    bureau = "汀浦县石湾镇人民政府"
    first, items = make_letter("sw-2023", bureau, date(2023, 6, 2), ["我镇推进工作。"], [promise])
    later, _ = make_letter("sw-2024", bureau, date(2024, 6, 5), [report], [plan])
    assert run(items, [first, later]).findings[0].verdict == Verdict.SILENT


# Told with a count of what was done, the same words are a report.
def test_a_stance_told_with_what_was_done_is_a_report():
    assert not is_boilerplate(
        tx.key("今年以来，我镇持续加强防溺水安全宣传，在12个村的危险水域新设警示牌86块。")
    )


# A past time told after the sentence's subject or with its season (“…”品牌去年向…输送; 2024年全年
# 为…配送), and work carried out told with 进行了, report acts done; counts in 万册 are books. Work
# told still going on stays progress.
@pytest.mark.parametrize(
    ("promise", "report", "verdict"),
    [
        (
            "打造“岚溪护工”劳务品牌，每年输出护理人员800人以上。",
            "“岚溪护工”劳务品牌去年向省会城市输送护理人员860人。",
            Verdict.DONE,
        ),
        (
            "打造“岚溪护工”劳务品牌，每年输出护理人员800人以上。",
            "“岚溪护工”劳务品牌正在向省会城市输送护理人员，首批人员已完成岗前培训。",
            Verdict.PROGRESS,
        ),
        (
            "对城区段河堤开展白蚁隐患专项普查，发现一处、处置一处。",
            "去年9月，我局对城区段河堤进行了白蚁隐患专项普查，发现一处、处置一处，共处置隐患7处。",
            Verdict.DONE,
        ),
        (
            "每年为社区书屋补充更新图书不少于1.5万册。",
            "2024年全年为社区书屋配送更新图书1.6万册，按照居民点单结果选配。",
            Verdict.DONE,
        ),
    ],
)
def test_a_past_time_after_the_subject_reports_acts_done(promise, report, verdict):
    f = _one_pair(promise, [report], "汀浦县人力资源和社会保障局")
    assert f.verdict == verdict


# Kinds counted (种): 60种 promised, 55种 reported is a part, 62种 the promise kept.
@pytest.mark.parametrize(
    ("report", "verdict"),
    [
        (
            "截至今年4月，全县村级植保站配备的常用农药平均达到55种，已基本满足防治需要。",
            Verdict.PROGRESS,
        ),
        (
            "截至今年4月，全县村级植保站配备的常用农药平均达到62种，已基本满足防治需要。",
            Verdict.DONE,
        ),
    ],
)
def test_kinds_counted_are_compared_with_the_promise(report, verdict):
    f = _one_pair(
        "明年上半年实现全县村级植保站常用农药配备不少于60种。", [report], "溆川县农业农村局"
    )
    assert f.verdict == verdict


# A mark of work under way inside the name the promise gives (采购 in 农资采购服务平台) names the
# thing, not a stage: the platform told gone live is the promise kept. Told still being bought, it
# stays progress.
@pytest.mark.parametrize(
    ("report", "verdict"),
    [
        (
            "县级农资采购服务平台于今年2月10日正式上线运行，全县86个合作社均已开通网上下单功能。",
            Verdict.DONE,
        ),
        ("县级农资采购服务平台的服务器正在采购。", Verdict.PROGRESS),
    ],
)
def test_a_stage_word_inside_the_promised_name_is_no_stage(report, verdict):
    f = _one_pair("建设县级农资采购服务平台，实现合作社网上下单。", [report], "溆川县供销合作社")
    assert f.verdict == verdict


# The rest of a work named as what was finished (剩余8个…全部通过验收并投入使用) is no rest left; a
# rest told still being prepared (其余8个已完成选址) is.
@pytest.mark.parametrize(
    ("report", "verdict"),
    [
        ("去年10月，剩余8个乡镇农机服务站全部通过验收并投入使用。", Verdict.DONE),
        ("去年已建成乡镇农机服务站6个，其余8个已完成选址。", Verdict.PROGRESS),
    ],
)
def test_the_rest_told_finished_is_no_rest_left(report, verdict):
    f = _one_pair("剩余8个乡镇农机服务站计划于年底前建成投用。", [report], "溆川县农业农村局")
    assert f.verdict == verdict


# A rule told as taken effect (《…办法》正式施行) is the rule promised, made.
def test_a_rule_taken_effect_is_done():
    f = _one_pair(
        "年底前建立生态护林员年度考核与劳务报酬增长挂钩机制。",
        [
            "去年12月，《溆川县生态护林员年度考核与劳务报酬增长挂钩办法》正式施行，考核优秀的护林员每月增加报酬150元。"
        ],
        "溆川县林业局",
    )
    assert f.verdict == Verdict.DONE


# A report of delivery far under the best report of work is another work's (a 基地 built, under
# a road still being paved): the road stays progress.
def test_a_far_weaker_report_of_delivery_does_not_lead():
    f = _one_pair(
        "确保明年上半年完成石门村至镇区3.2公里茶叶产业路硬化。",
        [
            "石门村至镇区茶叶产业路于今年3月开工，目前已完成路基2600米、路面硬化1500米。",
            "石门村茶叶产业方面，石门村茶叶加工基地已于去年9月建成投产，年加工干茶12吨。",
            "全县农村公路养护工作稳步推进。",
            "今年新增客运班线3条。",
            "全县完成危桥改造5座。",
        ],
        "溆川县交通运输局",
    )
    assert f.verdict == Verdict.PROGRESS


# The same letter planning the rest with its count (再建成2个) makes a delivery it reports a part,
# and the plan its restatement.
def test_the_rest_planned_in_the_same_letter_keeps_it_in_progress():
    bureau = "溆川县乡村振兴局"
    promise = "“十四五”期间在易地搬迁安置区建成帮扶车间3个，带动搬迁群众就业。"
    first, items = make_letter("xc-2023", bureau, date(2023, 6, 2), ["我局推进工作。"], [promise])
    later, _ = make_letter(
        "xc-2024",
        bureau,
        date(2024, 6, 5),
        ["易地搬迁安置区帮扶方面，城南安置区帮扶车间已于去年11月建成投产，带动搬迁群众就业45人。"],
        ["（一）继续推进安置区帮扶车间建设，“十四五”期间再建成2个。"],
    )
    f = run(items, [first, later]).findings[0]
    assert f.verdict == Verdict.PROGRESS
    assert [r.id for r in f.restated_in] == ["xc-2024/01"]


# What a kind of work is for (护林员是守护森林资源的第一道防线) is no report of a promise on it.
def test_what_a_work_is_for_is_background():
    from tracker.match import is_background

    assert is_background(tx.key("护林员是守护森林资源的第一道防线。"))
    assert not is_background(
        tx.key("护林员是守护森林资源的第一道防线，去年新聘护林员120名已全部上岗。")
    )


# Round 18 (holdout16's misses), each in new words.


# A cited document followed (严格执行《…办法》，…) and an aim kept up (持续提高…能力), or a field said to
# run safely on the whole (…总体运行平稳), names nothing done: boilerplate, never evidence.
@pytest.mark.parametrize(
    ("sentence", "boiler"),
    [
        ("我委将严格执行《沅江县社区矫正工作细则》，持续提高矫正对象管理能力。", True),
        ("全县农村饮水工程总体运行平稳。", True),
        ("城区公交线网整体运行正常有序。", True),
        ("我委按照《沅江县社区矫正工作细则》，为12个司法所配齐定位终端。", False),
        ("村级文化广场项目资金已全部落实。", False),
    ],
)
def test_a_document_followed_or_a_field_running_well_is_boilerplate(sentence, boiler):
    assert is_boilerplate(tx.key(sentence)) is boiler


# The word comparing a count (不少于8个, 达到7个) is not what it counts: fewer of the same thing told
# is a part; a total (总数达到40个) is not the count of the new ones.
@pytest.mark.parametrize(
    ("promise", "report", "verdict"),
    [
        (
            "力争全县挂牌运营的乡村旅游民宿不少于8个。",
            ["截至今年4月，全县挂牌运营的乡村旅游民宿达到7个，接待游客3万人次。"],
            Verdict.PROGRESS,
        ),
        (
            "年内新建村级便民服务点12个，使全县村级便民服务点总数达到40个。",
            ["去年，全县新建村级便民服务点12个，村级便民服务点总数达到40个。"],
            Verdict.DONE,
        ),
    ],
)
def test_a_count_compared_past_its_comparing_word(promise, report, verdict):
    assert _one_pair(promise, report, "沅江县文化旅游局").verdict == verdict


# Fewer of the promised thing, its words on the other side of the count (完成全县60座…桥梁加固 promised;
# 已完成…桥梁加固22座 told), is a part delivered.
def test_fewer_of_the_thing_counted_after_its_act_is_a_part():
    f = _one_pair(
        "三年内完成全县60座农村公路危旧桥梁加固。",
        ["去年已完成农村公路危旧桥梁加固22座。"],
        "沅江县交通运输局",
    )
    assert f.verdict == Verdict.PROGRESS


# A coverage told short of the whole (培训覆盖率达到65%) against a promise to finish the work is a part.
def test_a_coverage_short_of_the_whole_is_a_part():
    f = _one_pair(
        "明年上半年完成全县乡村医生急救技能培训一轮。",
        ["截至今年3月，已举办乡村医生急救技能培训班5期，培训覆盖率达到65%。"],
        "沅江县卫生健康局",
    )
    assert f.verdict == Verdict.PROGRESS


# A rate told (入园率93.5%) is a report on the very rate promised (入园率100%), not a weak match a
# plan to reach it again outweighs.
@pytest.mark.parametrize(
    ("report", "told"),
    [
        ("目前，全县适龄儿童学前三年毛入园率为93.5%。", True),
        ("目前，全县公办幼儿园在园幼儿占比为61.2%。", False),
    ],
)
def test_the_promised_rate_told_is_no_weak_match(report, told):
    from tracker.match import _rate_told

    promise = tx.key("明年秋季学期实现全县适龄儿童学前三年毛入园率100%。")
    assert _rate_told(promise, tx.key(report)) is told


# A promise whose first clause sets up a rule (建立…考核制度) is not reported by another work of its
# field (a survey done by a third party); a report naming a rule, or the rule's own name, is.
@pytest.mark.parametrize(
    ("report", "verdict"),
    [
        (["去年10月，我局委托第三方机构对全县38座小型水库开展了安全鉴定。"], Verdict.SILENT),
        (
            ["去年10月，我局印发小型水库第三方巡查月度考核制度，考核结果与巡查经费挂钩。"],
            Verdict.DONE,
        ),
    ],
)
def test_a_rule_promised_is_reported_only_by_a_rule(report, verdict):
    f = _one_pair(
        "建立小型水库第三方巡查月度考核制度，考核结果与巡查经费挂钩。",
        report,
        "沅江县水利局",
    )
    assert f.verdict == verdict


# A target cut though a number is kept (不少于12家 → 不少于8家) is a weaker promise; the next year's
# amount (再新增…) is not the first one cut.
@pytest.mark.parametrize(
    ("later", "reasons"),
    [
        ("力争认定区级放心消费示范店不少于8家。", {"number"}),
        ("年内再认定区级放心消费示范店8家。", set()),
        ("力争认定区级放心消费示范店不少于12家。", set()),
    ],
)
def test_a_lower_target_is_a_weaker_number(later, reasons):
    from tracker.match import weakened

    day = date(2023, 6, 1)
    got = set(weakened("力争认定区级放心消费示范店不少于12家。", later, day, day))
    assert got == reasons


# A count of the promised thing reaching it (800个 promised; 新建…836个) is evidence a little further
# under the floor than the promised count itself: the words may come in another order.
def test_a_count_reaching_the_promise_counts_under_the_floor():
    f = _one_pair(
        "年内新增城区公共停车泊位800个。",
        [
            "2022年，城区已有公共停车泊位5200个。",
            "去年，城区各街道新建成公共停车泊位836个，超额完成年度目标。",
            "城区停车秩序总体平稳。",
        ],
        "沅江县住房和城乡建设局",
    )
    assert f.verdict == Verdict.DONE


# The same classes on the helpers that decide them, so each holds whatever the scores of a small
# corpus: fewer of the thing counted past its comparing word, or after its act, or a coverage short
# of the whole, is no target reached; a total's count stays apart from the new ones.
@pytest.mark.parametrize(
    ("promise", "report", "reached"),
    [
        ("力争全县挂牌运营的乡村旅游民宿不少于8个。", "全县挂牌运营的乡村旅游民宿达到7个。", False),
        (
            "三年内完成全县30个村级寄递物流服务站改造提升。",
            "去年已完成村级寄递物流服务站改造提升11个。",
            False,
        ),
        (
            "明年上半年完成全县乡村医生急救技能培训一轮。",
            "已举办乡村医生急救技能培训班5期，培训覆盖率达到65%。",
            False,
        ),
        (
            "年内新建村级便民服务点12个，使全县村级便民服务点总数达到40个。",
            "去年，全县新建村级便民服务点12个，村级便民服务点总数达到40个。",
            True,
        ),
    ],
)
def test_a_part_counted_is_no_target_reached(promise, report, reached):
    from tracker.match import _promise_key, _reaches_target

    assert _reaches_target(_promise_key(promise), tx.key(report)) is reached


# A promise whose first clause sets up a rule is read as one; a work promised is not.
@pytest.mark.parametrize(
    ("promise", "rule"),
    [
        ("建立小型水库第三方巡查月度考核制度，考核结果与巡查经费挂钩。", True),
        ("落实渡口渡船安全补助与日常运营挂钩考核，对停航渡口核减补助。", True),
        ("年底前完成城东片区6座小型水库除险加固。", False),
    ],
)
def test_a_rule_promised_is_read_as_one(promise, rule):
    from tracker.match import _MECHANISM, _promise_key

    assert bool(_MECHANISM.match(_promise_key(promise))) is rule


# One sentence of the later letter tells a run of items (一是…；二是…；三是…): a promise matched
# by its second clause is promised again in the second item, not in the first of the run; and the
# rest left of another promise (12 squares, 9 done) is promised again in the item naming that rest.
def test_a_clause_of_a_run_names_its_own_item():
    bureau = "沅坪市临江区文化体育局"
    first, promises = make_letter(
        "lj-2023",
        bureau,
        date(2023, 5, 10),
        ["我局推进全民健身工作。"],
        [
            "年底前为全区12个街道健身广场更新健身器材。",
            "推动每个街道至少配备3名社会体育指导员，“十四五”期间实现全区社会体育指导员持证上岗率100%。",
        ],
    )
    later, _ = make_letter(
        "lj-2024",
        bureau,
        date(2024, 5, 14),
        [
            "全区12个街道健身广场中已有9个完成健身器材更新。",
            "目前，全区社会体育指导员持证上岗率为68%。",
        ],
        [
            "一是9月底前完成其余3个健身广场器材更新；二是“十四五”期间努力提高全区社会体育指导员"
            "持证上岗率；三是年内举办全区全民健身运动会1次。"
        ],
        items=[
            "9月底前完成其余3个健身广场器材更新",
            "“十四五”期间努力提高全区社会体育指导员持证上岗率",
            "年内举办全区全民健身运动会1次",
        ],
    )
    found = {f.commitment: f for f in run(promises, [first, later]).findings}
    squares, instructors = (found[c.id] for c in promises)
    assert [r.id for r in instructors.restated_in] == ["lj-2024/02"]
    assert [r.id for r in squares.restated_in] == ["lj-2024/01"]


# A year's amount (年内…不少于1200人次) promised again for the next letter's year, the same amount:
# next year's quota, not the deadline put off. A one-off work renewed for the next year, or the
# amount cut, still moves the deadline.
@pytest.mark.parametrize(
    ("earlier", "later", "reasons"),
    [
        (
            "为城区独居老人提供上门助浴服务，年内服务不少于1200人次。",
            "年内为城区独居老人提供上门助浴服务不少于1200人次。",
            set(),
        ),
        ("年内建成城北老年大学分校1所。", "年内建成城北老年大学分校1所。", {"deadline"}),
        (
            "年内为城区独居老人提供上门助浴服务不少于1200人次。",
            "年内为城区独居老人提供上门助浴服务不少于900人次。",
            {"number", "deadline"},
        ),
    ],
)
def test_a_years_quota_renewed_keeps_its_deadline(earlier, later, reasons):
    from tracker.match import weakened

    assert set(weakened(earlier, later, date(2023, 7, 3), date(2024, 7, 8))) == reasons
