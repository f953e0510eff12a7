"""Round 21 of the follow-up matcher: a long-range goal restated with few words shared, and a
report of another thing counted in the promise's field."""

from __future__ import annotations

from datetime import date

import pytest
from test_match import make_letter, run

from tracker.model import Verdict

BUREAU = "柘山县水利局"


def _finding(promise: str, plans: list[str], report: list[str] | None = None):
    first, items = make_letter(
        "zs-2023", BUREAU, date(2023, 5, 8), ["我局推进水利工作。"], ["（一）" + promise]
    )
    later, _ = make_letter(
        "zs-2024", BUREAU, date(2024, 5, 9), report or ["全县水利工程运行总体平稳。"], plans
    )
    return run(items, [first, later]).findings[0]


FAR = "三年内完成全县主要干渠清淤全覆盖。"
OTHER_PLANS = ["（一）6月底前完成城南片区供水管网改造。", "（二）年内开展农村饮水工程水质检测。"]


# A long-range goal (三年内) restated by the later letter's own long-range goal (“十四五”期间)
# sharing one word of its work (清淤) is the promise again, however differently the rest is worded.
def test_a_long_range_goal_restated_by_a_long_range_goal():
    f = _finding(FAR, [*OTHER_PLANS, "（三）“十四五”期间完成全县重点渠段清淤。"])
    assert f.verdict == Verdict.REPEATED
    assert f.evidence and "重点渠段清淤" in f.evidence[0].quote
    assert [r.id for r in f.restated_in] == ["zs-2024/03"]


@pytest.mark.parametrize(
    ("promise", "plan"),
    [
        # the later item is a task of its own year, not a goal ahead
        (FAR, "（三）年底前完成全县重点渠段清淤。"),
        # the promise falls due within the later letter's year: no goal still ahead
        ("明年上半年完成全县主要干渠清淤全覆盖。", "（三）“十四五”期间完成全县重点渠段清淤。"),
        # a goal ahead sharing no word of the work (only the county)
        (FAR, "（三）“十四五”期间完成全县重点山塘除险加固。"),
    ],
)
def test_a_long_range_goal_needs_both_ahead_and_a_word_of_the_work(promise, plan):
    f = _finding(promise, [*OTHER_PLANS, plan])
    assert f.verdict == Verdict.SILENT
    assert f.restated_in == ()


SAFETY = "柘山县应急管理局"
STAFF = "为每个乡镇应急站配备不少于5名专职救援队员。"
DRILL = "每年组织乡镇专职救援队员集中轮训。"


def _letter_pair(promises: list[str], report: list[str], plans: list[str]):
    first, items = make_letter(
        "zs-2023", SAFETY, date(2023, 6, 8), ["我局推进应急工作。"], promises
    )
    later, _ = make_letter("zs-2024", SAFETY, date(2024, 6, 9), report, plans)
    return run(items, [first, later]).findings


# A report of another thing of the field, delivered by the promise's verb and counted in its own
# measure (共配备救援车3辆, for 配备…5名…队员), is not the promise's progress; the promised thing
# counted, or counted in another measure by its own name (新建…服务点42家 for 新建…服务点40个), is.
@pytest.mark.parametrize(
    ("promise", "report", "verdict"),
    [
        (STAFF, "东岭、西岭两镇专职应急站均已建成投用，共配备救援车3辆。", Verdict.SILENT),
        (
            STAFF,
            "东岭、西岭两镇专职应急站已配备专职救援队员12名，其余乡镇正在招录。",
            Verdict.PROGRESS,
        ),
        (
            "年底前新建村级应急物资储备点40个。",
            "去年全县新建村级应急物资储备点42家，实现行政村全覆盖。",
            Verdict.DONE,
        ),
    ],
)
def test_another_thing_counted_by_the_promise_verb_is_not_its_progress(promise, report, verdict):
    plans = ["1.年底前完成全县应急广播终端安装。"]
    assert _letter_pair([promise], [report], plans)[0].verdict == verdict


# A plan another promise of the same letter shares twice as much with (坚持每年组织…集中轮训, for
# 每年组织…集中轮训 and for 配备…专职救援队员) restates that promise, not this one.
def test_a_plan_of_another_promise_of_the_letter_is_not_this_one_again():
    plans = [
        "1.年底前完成全县应急广播终端安装。",
        "2.坚持每年组织乡镇专职救援队员集中轮训至少1次。",
    ]
    staff, drill = _letter_pair([STAFF, DRILL], ["全县应急工作总体平稳。"], plans)
    assert drill.verdict == Verdict.REPEATED
    assert staff.verdict == Verdict.SILENT
    # alone in its letter, the promise that shares the plan's words is restated by it
    (alone,) = _letter_pair([STAFF], ["全县应急工作总体平稳。"], plans)
    assert alone.verdict == Verdict.REPEATED
