"""Shapes the reading corpus lacks, one small letter of our own each (tests/letters/more/), and
the item rules for ；-separated clauses, past plans and other bodies' promises."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tracker import extract
from tracker.model import Letter

LETTERS = Path(__file__).resolve().parent / "letters" / "more"


def read(name: str) -> Letter:
    """One of the letters in tests/letters/more/."""
    return extract.read_letter(LETTERS / name)


def texts(letter: Letter) -> list[str]:
    """The commitments' texts."""
    return [c.text for c in letter.commitments]


@pytest.mark.parametrize(
    ("name", "issuer", "reply_date", "first"),
    [
        ("attachment.txt", "青峪县文化和旅游局", date(2024, 6, 14), "下一步，我局将编制古村落"),
        ("result-grade.txt", "青峪县民政局", date(2024, 6, 19), "下一步，我局将在北坝镇"),
        (
            "cc-before-date.txt",
            "青峪县人力资源和社会保障局",
            date(2024, 7, 11),
            "下一步，我局将在县城",
        ),
        ("subdistrict.txt", "青峪县城东街道办事处", date(2024, 7, 2), "下一步，我街道将指导"),
        ("township-xiang.txt", "高坪乡人民政府", date(2024, 7, 6), "下一步，我乡将引进"),
        ("halfwidth.txt", "青峪县科学技术局", date(2024, 6, 24), "下一步,我局将修订"),
        ("chinese-numeral-date.txt", "青峪县统计局", date(2024, 6, 10), "下一步，我局将组织"),
    ],
)
def test_one_promise_letters(name: str, issuer: str, reply_date: date, first: str) -> None:
    letter = read(name)
    assert letter.reply.issuer == issuer
    assert letter.reply.reply_date == reply_date
    assert [t[: len(first)] for t in texts(letter)] == [first]
    assert letter.warnings == ()  # nothing cut off, nothing left unread


def test_attachment_list_is_no_item() -> None:
    letter = read("attachment.txt")
    assert not any("附件" in t or "名录" in t for t in texts(letter))


def test_cc_block_before_the_date() -> None:
    r = read("cc-before-date.txt").reply
    assert r.cc == ("县政协提案委", "县政府督查室")


def test_result_grade_line_is_not_the_title_or_an_item() -> None:
    r = read("result-grade.txt").reply
    assert r.title == "关于完善农村互助养老服务的建议" and r.number == "36"


def test_halfwidth_punctuation_throughout() -> None:
    r = read("halfwidth.txt").reply
    assert r.doc_number == "峪科函(2024)4号" and r.title == "关于支持企业研发投入的建议"
    assert r.addressees == ("曹晓东",)


def test_table_of_measures_gives_one_item_a_row() -> None:
    letter = read("measures-table.txt")
    assert texts(letter) == [
        "在7个山洪易发村建设自动雨量监测站 | 2024年9月",
        "组织乡镇防汛抢险队伍开展实战演练 | 2024年10月",
    ]
    assert [c.lines for c in letter.commitments] == [(12, 12), (13, 13)]


def test_final_paragraph_opening_with_tongshi_is_a_promise() -> None:
    assert [t[:8] for t in texts(read("tongshi-last.txt"))] == [
        "下一步，我局将对",
        "同时，我局将联合",
    ]


def test_semicolon_clauses_each_with_a_verb_are_several_commitments() -> None:
    assert texts(read("semicolon-clauses.txt")) == [
        "下一步，我局将加快乡镇电商服务站点建设",
        "推进农产品品牌认证",
        "完善县乡村三级物流配送体系。",
    ]


def _parse(body: str) -> Letter:
    text = (
        "青峪县水利局关于县十九届人大二次会议第90号建议的答复\n\n钱进代表：\n\n"
        "　　您提出的《关于整治小型水库的建议》收悉，现答复如下：\n\n"
        "　　今年我局已完成3座小型水库的除险加固。\n\n"
        f"　　{body}\n\n　　感谢您的关心。\n\n青峪县水利局\n2024年6月3日\n"
    )
    return extract.parse_letter(text, source_path="seeds/x.txt", sha256="0" * 64)


def test_semicolon_clauses_of_one_action_stay_one() -> None:
    one = "下一步，我局将加强汛期巡查；发现险情及时上报并处置。"
    assert texts(_parse(one)) == [one]


def test_semicolon_clauses_without_a_verb_stay_one() -> None:
    one = "下一步，我局将完善水库管护制度，包括巡查、维修、调度；其中调度方案汛前修订。"
    assert texts(_parse(one)) == [one]


def test_past_plans_and_other_bodies_promises_are_not_commitments() -> None:
    assert texts(read("past-plans-no-marker.txt")) == [
        "我局将在今年10月底前建成剩余2个乡镇健身广场，并为城区公园增设健身路径3条。"
    ]


def test_the_bureau_named_as_subject_is_its_own_promise() -> None:
    text = (
        "青峪县交通运输局关于县十九届人大二次会议第91号建议的答复\n\n田野代表：\n\n"
        "　　您提出的《关于修缮桥梁的建议》收悉，现答复如下：\n\n"
        "　　截至5月底，已完成危桥排查。县交通运输局将于9月启动新河桥维修。"
        "县财政局将安排配套资金。\n\n"
        "　　感谢您的关心。\n\n青峪县交通运输局\n2024年6月3日\n"
    )
    letter = extract.parse_letter(text, source_path="seeds/y.txt", sha256="0" * 64)
    assert texts(letter) == ["县交通运输局将于9月启动新河桥维修。"]


def _variant(old: str, new: str, head: str = "") -> Letter:
    text = (LETTERS / "result-grade.txt").read_text(encoding="utf-8")
    assert old in text
    return extract.parse_letter(
        head + text.replace(old, new), source_path="seeds/z.txt", sha256="0" * 64
    )


def test_title_number_without_di() -> None:
    r = _variant("第36号建议", "36号建议").reply
    assert (r.session, r.number) == ("县十九届人大二次会议", "36")


@pytest.mark.parametrize("printed", ["2024.6.19", "2024-06-19", "2024/6/19"])
def test_letter_date_in_figures(printed: str) -> None:
    assert _variant("2024年6月19日", printed).reply.reply_date == date(2024, 6, 19)


@pytest.mark.parametrize(
    "line",
    ["发表时间：2024-07-02", "信息时间：2024-07-02", "【发布时间：2024-07-02】【字号：大 中 小】"],
)
def test_published_date_lines(line: str) -> None:
    r = _variant("办理结果：A类", "办理结果：A类", head=line + "\n\n").reply
    assert r.published == date(2024, 7, 2) and r.reply_date == date(2024, 6, 19)


def test_a_plan_of_an_earlier_year_is_a_report() -> None:
    text = (LETTERS / "past-plans-no-marker.txt").read_text(encoding="utf-8")
    old = "2023年我局计划在各乡镇建设健身广场，原计划当年完成6个，实际完成4个。"

    def items_with(sentence: str) -> list[str]:
        letter = extract.parse_letter(
            text.replace(old, sentence), source_path="seeds/x.txt", sha256="0" * 64
        )
        return texts(letter)

    own = "我局将在今年10月底前建成剩余2个乡镇健身广场，并为城区公园增设健身路径3条。"
    assert items_with("2023年我局计划投入80万元建设乡镇健身广场。") == [own]  # a 2024 letter
    assert items_with("2025年我局计划投入80万元建设乡镇健身广场。") == [
        "2025年我局计划投入80万元建设乡镇健身广场。",
        own,
    ]


def test_table_of_measures_in_a_web_page() -> None:
    letter = read("measures-table.html")  # cells as <td>, one row's </td></tr> left out
    assert letter.reply.issuer == "青峪县卫生健康局"
    assert texts(letter) == [
        "在北坝、西河两个中心卫生院设置孕产妇保健门诊 | 2024年12月",
        "为全县0至3岁儿童免费开展一次发育筛查 | 2025年6月",
    ]
    assert letter.warnings == ()


def test_table_of_measures_with_tabs_and_a_rule_line() -> None:
    lead = "下一步，我局将在北坝镇、西河乡各新建一个互助幸福院，年底前投入运营。"
    tabs = (
        "下一步，我局将采取以下措施：\n\n序号\t工作任务\t完成时限\n1\t新建互助幸福院\t2024年12月\n"
    )
    ruled = (
        "下一步，我局将采取以下措施：\n\n| 序号 | 工作任务 | 完成时限 |\n|---|---|---|\n"
        "| 1 | 新建互助幸福院 | 2024年12月 |\n"
    )
    for body in (tabs, ruled):
        letter = _variant(lead, body)
        assert [t.replace("\t", " | ") for t in texts(letter)] == ["新建互助幸福院 | 2024年12月"]
        assert letter.warnings == ()


def test_signature_with_a_seal_note_for_another() -> None:
    r = _variant("青峪县民政局\n2024年6月19日", "青峪县民政局（代章）\n2024年6月19日").reply
    assert r.issuer == "青峪县民政局"


def test_semicolon_clauses_in_a_letter_with_no_marker() -> None:
    text = (LETTERS / "past-plans-no-marker.txt").read_text(encoding="utf-8")
    text = text.replace(
        "我局将在今年10月底前建成剩余2个乡镇健身广场，并为城区公园增设健身路径3条。",
        "我局将加快建设剩余2个乡镇健身广场；增设城区公园健身路径3条；完善健身设施管护制度。",
    )
    letter = extract.parse_letter(text, source_path="seeds/x.txt", sha256="0" * 64)
    assert texts(letter) == [
        "我局将加快建设剩余2个乡镇健身广场",
        "增设城区公园健身路径3条",
        "完善健身设施管护制度。",
    ]


def test_a_company_or_every_township_as_subject_is_not_the_letters_promise() -> None:
    text = (LETTERS / "past-plans-no-marker.txt").read_text(encoding="utf-8")
    text = text.replace(
        "县财政局将对剩余项目给予资金保障。",
        "县供电公司将于8月完成广场照明线路改造。各乡镇将于9月底前完成场地选址。",
    )
    letter = extract.parse_letter(text, source_path="seeds/x.txt", sha256="0" * 64)
    assert texts(letter) == [
        "我局将在今年10月底前建成剩余2个乡镇健身广场，并为城区公园增设健身路径3条。"
    ]


def test_a_short_last_item_is_no_heading_over_a_promise_after_it() -> None:
    lead = "下一步，我局将在北坝镇、西河乡各新建一个互助幸福院，年底前投入运营。"
    numbered = (
        "下一步，我局将重点做好以下工作：\n\n　　1.在北坝镇新建互助幸福院1个，年底前投入运营。\n\n"
        "　　2.配备护理员。\n\n　　此外，我局将研究出台运营补贴办法，年内印发实施。"
    )
    assert texts(_variant(lead, numbered)) == [
        "在北坝镇新建互助幸福院1个，年底前投入运营。",
        "配备护理员。",
        "此外，我局将研究出台运营补贴办法，年内印发实施。",
    ]


def test_short_headings_over_paragraphs_keep_their_area() -> None:
    lead = "下一步，我局将在北坝镇、西河乡各新建一个互助幸福院，年底前投入运营。"
    headed = (
        "二、下一步工作计划\n\n　　（一）完善设施。\n\n　　在北坝镇新建互助幸福院1个，年底前投入运营。\n\n"
        "　　（二）加强管理。\n\n　　年内出台幸福院运营补贴办法。"
    )
    letter = _variant(lead, headed)
    assert [(c.area, c.text) for c in letter.commitments] == [
        ("完善设施", "在北坝镇新建互助幸福院1个，年底前投入运营。"),
        ("加强管理", "年内出台幸福院运营补贴办法。"),
    ]


@pytest.mark.parametrize("salutation", ["许兰芬代表（领衔）：", "尊敬的许兰芬代表:"])
def test_salutation_variants(salutation: str) -> None:
    r = _variant("许兰芬代表：", salutation).reply
    assert (r.addressees, r.role) == (("许兰芬",), "代表")


def test_document_number_with_di() -> None:
    text = (LETTERS / "halfwidth.txt").read_text(encoding="utf-8")
    text = text.replace("峪科函(2024)4号", "峪科函〔2024〕第4号")
    r = extract.parse_letter(text, source_path="seeds/x.txt", sha256="0" * 64).reply
    assert (r.doc_number, r.number) == ("峪科函〔2024〕第4号", "63")
