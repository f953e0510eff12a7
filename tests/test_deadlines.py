"""Deadlines read from an item's words and resolved against its letter's date."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.deadlines import Deadline, resolve, with_deadlines
from tracker.model import Commitment, Letter, Reply, Source

DAY = date(2023, 8, 31)


@pytest.mark.parametrize(
    ("text", "due", "words"),
    [
        ("年底前为全县14所乡镇卫生院配备X光机。", date(2023, 12, 31), "年底前"),
        ("年内建成县级零工市场。", date(2023, 12, 31), "年内"),
        ("明年上半年实现远程诊断互联互通。", date(2024, 6, 30), "明年上半年"),
        ("2024年秋季学期前配齐心理教师。", date(2024, 8, 31), "2024年秋季学期前"),
        ("三年内实现全覆盖。", date(2026, 8, 31), "三年内"),
        ("力争2026年底前建成。", date(2026, 12, 31), "2026年底前"),
        ("力争今年10月底前完成剩余5所接入。", date(2023, 10, 31), "今年10月底前"),
        ("确保明年上半年建成非遗展示馆。", date(2024, 6, 30), "明年上半年"),
        ("明年秋季学期前配齐专职心理教师。", date(2024, 8, 31), "明年秋季学期前"),
        ("“十四五”期间实现行政村全覆盖。", date(2025, 12, 31), "十四五期间"),
        ("到2025年,实现城区公交站点500米全覆盖。", date(2025, 12, 31), "2025年"),
        ("年底前完成选址,明年上半年建成。", date(2024, 6, 30), "明年上半年"),
        ("2025年6月底前完成全县村卫生室标准化改造。", date(2025, 6, 30), "2025年6月底前"),
        ("今年改造背街小巷供水管网18公里。", date(2023, 12, 31), "今年"),
        ("推进县档案馆新馆建设，明年交付使用。", date(2024, 12, 31), "明年"),
        # a month with no year is the next such month after the letter's date
        ("10月底前完成城东污水泵站设备调试。", date(2023, 10, 31), "10月底前"),
        ("一是3月底前让南坪社区日间照料中心开门。", date(2024, 3, 31), "3月底前"),
        # a month named without 底 is the one before which: the month before it ends the term
        ("力争2025年4月前完成沔溪县冷链仓储中心竣工验收。", date(2025, 3, 31), "2025年4月前"),
        ("12月前完成沔溪县城区排水管网普查。", date(2023, 11, 30), "12月前"),
        ("2025年4月底前完成沔溪县冷链仓储中心竣工验收。", date(2025, 4, 30), "2025年4月底前"),
        # a bare 今年 yields to the words that say when in it
        ("今年雨季后开工建设北干渠，年底前完成衬砌9公里。", date(2023, 12, 31), "年底前"),
    ],
)
def test_resolve(text, due, words):
    assert resolve(text, DAY) == Deadline(due, words)


@pytest.mark.parametrize(
    "text",
    [
        "持续加强基层卫生人才队伍建设。",
        "每年定向培养农村医学生20名。",
        "2021年以来累计投入资金1360万元。",
        "依据《规划(2021-2025年)》推进。",
        "巩固2022年建成的成果。",
        "今年以来新增停车泊位320个。",
        "补贴标准从明年起提高到每人每月80元。",
        "今年已完成改造任务的六成。",
        "今年1-5月共受理申请96件。",
        "10月底，全县已建成充电桩140个。",
        "截至11月底前后完成验收。",
    ],
)
def test_no_deadline(text):
    assert resolve(text, DAY) is None


def test_relative_words_need_the_letters_date():
    assert resolve("年底前完成。", None) is None
    assert resolve("2024年底前完成。", None) == Deadline(date(2024, 12, 31), "2024年底前")


def test_with_deadlines_keeps_a_due_already_set():
    reply = Reply("r", Source("seeds/r.txt", "0" * 64), "某局", None, reply_date=DAY)
    mine = date(2030, 1, 1)
    letter = Letter(
        reply,
        (
            Commitment("r/01", "r", "年底前完成。"),
            Commitment("r/02", "r", "年底前完成。", due=mine),
            Commitment("r/03", "r", "持续推进。"),
        ),
        "",
    )
    got = with_deadlines(letter).commitments
    assert (got[0].due, got[0].due_text) == (date(2023, 12, 31), "年底前")
    assert (got[1].due, got[1].due_text) == (mine, None)
    assert (got[2].due, got[2].due_text) == (None, None)
