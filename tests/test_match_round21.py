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
