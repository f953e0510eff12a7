"""tracker.text: the forms Chinese text is compared in, and what is safe to print."""

from __future__ import annotations

import pytest

from tracker import text as tx


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("完成３所学校改造", "完成3所学校改造"),  # full-width digits
        ("（一）加快建设", "(一)加快建设"),  # full-width brackets
        ("计划 2024 年\n完成", "计划2024年完成"),  # spaces and a line break inside a sentence
        ("ＡＢＣ项目", "ABC项目"),  # full-width Latin
    ],
)
def test_fold_ignores_width_and_white_space_only(a, b):
    assert tx.fold(a) == tx.fold(b)


def test_fold_keeps_what_is_not_width_or_space():
    assert tx.fold("建成") != tx.fold("建设")
    assert tx.fold("我局將") != tx.fold("我局将")  # traditional forms are key()'s job, not fold()'s


def test_key_also_folds_traditional_characters_and_case():
    assert tx.key("我局將進一步加強ＡＢＣ管理") == tx.key("我局将进一步加强abc管理")


def test_a_quote_occurs_despite_a_line_break_and_width():
    source = tx.fold("下一步，我局将\n新建３所\u3000乡镇卫生院。")
    assert tx.occurs_in("我局将新建3所 乡镇卫生院", source)
    assert not tx.occurs_in("我局将新建4所", source)
    assert not tx.occurs_in("   ", source)  # an empty quote occurs nowhere


def test_the_verbatim_text_is_never_changed_by_the_comparison_forms():
    original = "我局將（一）加快建設３所學校。"
    tx.key(original)
    tx.fold(original)
    assert original == "我局將（一）加快建設３所學校。"


def test_sentences_end_at_full_stops_question_marks_and_semicolons_with_closing_quotes():
    text = "一是完成改造；二是开展培训。“三是什么？”  最后一句"
    spans = [text[a:b] for a, b in tx.split_sentences(text)]
    assert spans == ["一是完成改造；", "二是开展培训。", "“三是什么？”", "最后一句"]


def test_to_simplified_aligned_keeps_every_offset():
    text = "臺前縣交通運輸局將加強道路養護"
    simple = tx.to_simplified_aligned(text)
    assert len(simple) == len(text)
    assert simple.startswith("台前县交通运输局将加强")


@pytest.mark.parametrize(
    ("text", "width"),
    [("abc", 3), ("乡镇卫生院", 10), ("第3所学校", 9), ("", 0)],
)
def test_display_width_counts_cjk_as_two_columns(text, width):
    assert tx.display_width(text) == width


def test_shorten_cuts_to_the_columns_with_an_ellipsis_and_never_overflows():
    s = tx.shorten("县卫生健康局将新建三所乡镇卫生院", 11)
    assert s.endswith("…")
    assert tx.display_width(s) <= 11
    assert tx.shorten("短句", 10) == "短句"


def test_printable_removes_escape_sequences_controls_and_bidi_overrides():
    hostile = "完成\x1b[2J\x1b]0;title\x07改造\u202e反向\x00。\t下\n一"
    assert tx.printable(hostile) == "完成改造反向。\t下\n一"
    assert tx.printable("普通文字") == "普通文字"


def test_one_line_folds_white_space():
    assert tx.one_line("第一行\n  第二行\t末尾 ") == "第一行 第二行 末尾"


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-1+2", "'-1+2"),
        ("\t=1", "'\t=1"),
        ("已兑现", "已兑现"),
        (3, 3),
        (None, None),
    ],
)
def test_spreadsheet_cells_never_start_like_a_formula(cell, shown):
    assert tx.inert_cell(cell) == shown


def test_markdown_text_cannot_open_html_links_or_tables():
    s = tx.md_text("<script>alert(1)</script> | 见 http://example.com 与 www.example.com [x](y)")
    assert "<" not in s.replace("\\<", "")
    assert "|" not in s.replace("\\|", "")
    assert "http://" not in s and "www." not in s
    assert "](" not in s.replace("\\]", "")


def test_markdown_text_does_not_start_a_list_or_heading():
    assert tx.md_text("1. 第一项").startswith("1\\.")
    assert tx.md_text("- 一项").startswith("\\-")
    assert tx.md_text("# 标题").startswith("\\#")


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("三", 3),
        ("十", 10),
        ("十二", 12),
        ("二十三", 23),
        ("九十九", 99),
        ("二〇二三", 2023),
        ("两", 2),
        ("12", 12),
        ("", None),
        ("百", None),
        ("三十三十", None),
    ],
)
def test_cn_int_reads_the_numerals_letters_use(numeral, value):
    assert tx.cn_int(numeral) == value
