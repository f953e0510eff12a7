"""Round 19 of the follow-up matcher: a part of a counted whole, the rest pushed on, a start
followed by its finish, the whole of an area narrowed to its town, one later item per promise."""

from __future__ import annotations

from datetime import date

import pytest
from test_match import make_letter, run

from tracker.match import weakened
from tracker.model import Verdict

BUREAU = "柘山县商务局"


def _finding(promise: str, report: list[str], plans: list[str] | None = None):
    first, items = make_letter("zs-2023", BUREAU, date(2023, 5, 8), ["我局推进工作。"], [promise])
    later, _ = make_letter(
        "zs-2024", BUREAU, date(2024, 5, 9), report, plans or ["（一）年底前建成县级冷链仓储中心。"]
    )
    return run(items, [first, later]).findings[0]


# Some of a counted whole told done (20个行政村中已有13个, 16个村中的11个) is a part delivered,
# whether or not the promise wrote a number; the rest told done too is the whole.
@pytest.mark.parametrize(
    ("promise", "report", "verdict"),
    [
        (
            "年内为全县20个行政村各建成1个村级快递服务站。",
            "全县20个行政村中已有13个建成村级快递服务站并开始收发包裹。",
            Verdict.PROGRESS,
        ),
        (
            "明年上半年完成全县村级快递服务站消防安全检查，对隐患统一整改。",
            "全县村级快递服务站消防安全检查已完成16个村中的11个，整改隐患27处。",
            Verdict.PROGRESS,
        ),
        (
            "年内为全县20个行政村各建成1个村级快递服务站。",
            "全县20个行政村中已有13个建成村级快递服务站，其余7个也已于去年12月全部建成。",
            Verdict.DONE,
        ),
    ],
)
def test_a_part_of_a_counted_whole_is_progress(promise, report, verdict):
    assert _finding(promise, [report]).verdict == verdict


@pytest.mark.parametrize(
    ("earlier", "later", "reasons"),
    [
        # the rest pushed on, bare or coordinated, with no result: the verb is softer; pressed on
        # (加快推进), or the first promise itself pressed on, it is not
        (
            "年内在全县12个乡镇各建成1个农机服务中心。",
            "推进剩余5个乡镇农机服务中心建设。",
            {"deadline", "verb"},
        ),
        ("在10个路口增设行人过街信号灯。", "协调推进其余4个路口过街信号灯增设。", {"verb"}),
        (
            "年内在全县12个乡镇各建成1个农机服务中心。",
            "年内加快推进其余5个乡镇农机服务中心建设。",
            {"deadline"},
        ),
        (
            "加快县体育馆改造前期工作，新增看台座椅800个。",
            "加快推进县体育馆改造项目建设。",
            {"number"},
        ),
        # a start by a date followed by the finish by a later one: the next stage, not put off
        ("年内启动城南污水管网改造。", "明年9月底前完成城南污水管网改造并投入使用。", set()),
        ("年内完成城南污水管网改造。", "明年9月底前完成城南污水管网改造并投入使用。", {"deadline"}),
        # all of the county's narrowed to its town: 全部 goes with the area, no number dropped;
        # 全部 for 有条件的 drops the target itself
        (
            "确保年底前全县幼儿园全部接入视频监控平台。",
            "力争明年6月底前推动县城幼儿园接入视频监控平台。",
            {"deadline", "verb", "scope"},
        ),
        (
            "年底前全县幼儿园全部接入视频监控平台。",
            "逐步推动有条件的幼儿园接入视频监控平台。",
            {"number", "deadline", "verb", "scope"},
        ),
    ],
)
def test_weakened_round19(earlier, later, reasons):
    assert set(weakened(earlier, later, date(2023, 6, 1), date(2024, 6, 1))) == reasons


def test_a_later_item_is_the_thread_of_the_promise_it_restates_closely():
    """Two promises of one letter share the field's words (专职讲解员); the later item restating
    the second closely is not the first's thread too."""
    first, items = make_letter(
        "zs-2023",
        "柘山县文化旅游局",
        date(2023, 5, 8),
        ["我局推进工作。"],
        [
            "为每个乡镇文化站配备不少于3名专职讲解员。",
            "每年组织乡镇文化站专职讲解员集中培训不少于2次。",
        ],
    )
    later, _ = make_letter(
        "zs-2024",
        "柘山县文化旅游局",
        date(2024, 5, 9),
        ["全县乡镇文化站服务总体平稳。"],
        ["（一）坚持每年组织乡镇文化站专职讲解员集中培训至少2次。"],
    )
    staff, training = run(items, [first, later]).findings
    assert [r.id for r in training.restated_in] == ["zs-2024/01"]
    assert staff.restated_in == ()
