"""The reader on shapes of real published replies that the bundled letters lack (letters written
for these tests in those formats: run-on markers, subject-less promise clauses, plans inside a
list of the year's works, step plans, metadata laid out in odd ways)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tracker import extract
from tracker.model import NotALetterError

HERE = Path(__file__).parent / "letters" / "real-shapes"


def read(name: str) -> extract.Letter:
    return extract.read_letter(HERE / name)


def starts(letter: extract.Letter) -> list[str]:
    return [c.text[:14] for c in letter.commitments]


def test_markers_after_a_comma_in_a_run_on_sentence_and_directives_to_a_lower_body() -> None:
    letter = read("run-on-markers.txt")
    assert starts(letter) == [
        "在下步工作中，我们将把青石街",  # mid-sentence, after the report of what was done
        "下一步，责令白沙镇落实门前三",  # the bureau directs a township: still its promise
        "后续，我局将会同交通部门在汛",  # 后续， is a next-steps marker
    ]
    # the report before the marker is not part of the commitment
    assert not any("疏浚" in c.text for c in letter.commitments)


def test_subject_less_promise_clause_plans_in_a_list_and_step_plans() -> None:
    letter = read("will-clause-and-plans.txt")
    texts = [c.text for c in letter.commitments]
    assert texts[0] == "计划购置录播教室设备36套，实现乡镇中心校全覆盖"  # only the plan of the list
    assert texts[1].endswith("将按照省里的统一部署，分批组织实施。")
    assert texts[2].startswith("第一步首先对全县6所寄宿制初中")
    assert texts[3].startswith("第二步对乡镇小学宿舍")
    assert len(texts) == 4
    # done work in the same list is not a commitment
    assert not any("城东幼儿园" in t for t in texts)
    assert letter.reply.reply_date == date(2024, 7, 2)


def test_the_pages_source_line_beats_bodies_the_letter_only_mentions() -> None:
    r = read("source-line-township.txt").reply
    # 区水利局 is named three times in the body; the page says the township published it, and
    # "并报请区" (a fragment of a sentence) is no place to put in front of a name
    assert r.issuer == "青禾镇人民政府"
    assert r.published == date(2024, 10, 8)
    assert any("source line" in n.reason for n in r.review)


def test_a_type_name_with_no_place_is_never_proposed_from_the_subject_alone() -> None:
    r = read("no-place-topic.txt").reply
    assert r.issuer is None and r.issuer_inferred is None  # not a bare 农业农村局
    assert any("does not say who wrote it" in n.reason for n in r.review)


def test_bracketed_key_table_compact_date_and_a_signature_with_its_contact() -> None:
    letter = read("bracket-meta-contact-signature.txt")
    r = letter.reply
    assert r.published == date(2024, 9, 27)  # "[ 发布日期 ] | 2024-09-27 |"
    assert r.reply_date == date(2024, 9, 23)  # 20240923 on a line of its own
    assert r.issuer == "安宁市城市管理局"  # the signature, the contact after it on its line
    assert r.contact is not None and r.contact.phone == "0871-6655123"
    assert [c.text[:8] for c in letter.commitments] == ["我局已完成选址论证"[:8]]


def test_bulleted_metadata_with_keys_and_values_on_separate_lines() -> None:
    r = read("bulleted-meta.txt").reply
    assert r.published == date(2023, 6, 11)  # "- 日期" / "- 2023-06-11"
    assert r.reply_date == date(2023, 6, 9)  # the letter's own date wins over the page's
    assert r.issuer == "江屿区水务局"


def test_pages_that_are_not_reply_letters_are_refused() -> None:
    # an online Q&A answer addressed to 网民, and a short summary counting the proposals handled:
    # both end with a 下一步 promise and a department's name, neither replies to a deputy
    for name, says in (
        ("answer-to-netizen.txt", "网民"),
        ("short-summary.txt", "共承办"),
    ):
        with pytest.raises(NotALetterError) as e:
            read(name)
        assert says in e.value.message


def test_a_page_label_over_the_title_is_not_part_of_the_issuer() -> None:
    r = read("label-over-title.txt").reply
    assert r.issuer == "石溪县教育局"  # not 办理情况石溪县教育局
    assert r.number == "31"


def test_an_excerpt_starting_mid_letter_is_read_when_it_is_signed_and_dated() -> None:
    # no title, no salutation, no 收悉: the points and their promises, then a signature and a date
    letter = read("excerpt-points.txt")
    assert letter.reply.issuer == "青石镇人民政府"
    assert letter.reply.reply_date == date(2023, 9, 8)
    assert [c.area for c in letter.commitments] == [
        "关于修缮南岭村灌溉渠的问题",
        "关于增设村道路灯的问题",
        "关于建设村级文化广场的问题",
    ]
    assert letter.commitments[1].text.startswith("下步我镇将争取资金")


def test_work_under_way_then_its_next_step_is_a_promise() -> None:
    # 目前 opens a report, but 正在……，争取尽快实施 goes on to what comes next
    texts = [c.text for c in read("under-way-then.txt").commitments]
    assert texts == ["目前我们对东坪片区高标准农田项目正在组织申报，争取尽快实施。"]
