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


def parsed(text: str) -> extract.Parsed:
    return extract.parse(extract.stored_text(text))


def leaves(text: str) -> list[str]:
    return [lf.text for lf in parsed(text).items.leaves]


def test_a_short_issuer_in_brackets_after_the_title_takes_the_county_the_letter_names() -> None:
    p = parsed(
        "对县九届人大二次会议第6号建议的答复（水利局）\n\n"
        "邹立华代表：\n"
        "    你提出的“关于加固北溪河堤”的建议收悉。现答复如下：\n"
        "    北溪河是柘川县的主要河流，该段河堤加固已纳入柘川县中小河流治理规划，"
        "将根据省里的统一安排，适时组织实施。\n"
        "    感谢你对我县水利工作的关心和支持。\n"
    )
    assert p.issuer.issuer == "柘川县水利局"
    assert any("without its place" in n.reason for n in p.issuer.review)
    # one commitment: the sentence whose subject-less clause promises
    assert [lf.text[-18:] for lf in p.items.leaves] == ["将根据省里的统一安排，适时组织实施。"]


def test_a_piece_of_a_sentence_is_never_read_as_a_place() -> None:
    from tracker.extract.issuer import _fragment

    assert _fragment("您在县文化和旅游局") and _fragment("每年选派县卫生健康局")
    assert not _fragment("台前县交通运输局") and not _fragment("从江县水利局")
    p = parsed(
        "关于县十届人大一次会议第3号建议的答复\n\n"
        "陆红代表：\n"
        "    您提出的《关于加强村卫生室建设的建议》收悉。现答复如下：\n"
        "    桐柏县现有村卫生室90个。我们计划年内完成20个村卫生室改造。同时，每年选派县级医院"
        "医生到乡镇坐诊，并开展乡村医生轮训。\n"
        "    感谢您的关心和支持。\n\n"
        "县卫生健康局\n2024年3月2日\n"
    )
    assert p.issuer.issuer == "桐柏县卫生健康局"  # not 每年选派县卫生健康局
    assert [lf.text[:6] for lf in p.items.leaves] == ["我们计划年内", "同时，每年选"]


@pytest.mark.parametrize(
    ("printed", "day"),
    [("20211026", date(2021, 10, 26)), ("2023531", date(2023, 5, 31)), ("2023111", None)],
)
def test_signature_dates_printed_without_separators(printed: str, day: date | None) -> None:
    p = parsed(
        "关于县八届人大二次会议第4号建议的答复\n\n王军代表：\n    您的建议收悉。现答复如下：\n"
        "    下一步，我局将在年内完成改造。\n\n梅岭县交通运输局\n" + printed + "\n"
    )
    assert p.facts.reply_date == day  # 2023111: 1月11日 or 11月1日, so not read


def test_a_marker_phrase_then_enumerated_items_gives_one_commitment_an_item() -> None:
    got = leaves(
        "关于县政协七届二次会议第9号提案的答复\n\n沈佳委员：\n"
        "    您提出的关于集镇停车的提案收悉，现答复如下：\n"
        "    近年来，镇政府新划停车位120个。下一步，结合集镇改造，一是在东街新建停车场；"
        "二是协调交警在高峰时段疏导交通；三是推行错峰上下学。\n"
        "    感谢您的支持。\n\n石岭镇人民政府\n2024年5月6日\n"
    )
    assert [t[:6] for t in got] == ["在东街新建停", "协调交警在高", "推行错峰上下"]


def test_steps_a_directive_and_a_marker_after_done_work_are_commitments() -> None:
    got = leaves(
        "柳城区城市管理局关于区二届人大三次会议第5号建议的答复\n\n冯伟代表：\n"
        "    您的建议收悉，现答复如下：\n"
        "    经现场检查，夜市油烟直排问题属实，下一步，责令管理方在7月10日前配齐净化设备。\n"
        "    整治分两步实施：第一步，7月底前统一安装收集管道；第二步，8月开展排放监测。\n"
        "    目前已完成8户设备安装，后续我局将每周巡查一次。\n"
        "    感谢您的关心和支持。\n\n柳城区城市管理局\n2024年6月1日\n"
    )
    assert [t[:8] for t in got] == [
        "下一步，责令管理",
        "7月底前统一安装",
        "8月开展排放监测",
        "后续我局将每周巡",
    ]


def test_an_excerpt_whose_signature_line_carries_the_phone_is_a_letter() -> None:
    p = parsed(
        "……去年我乡修复灌渠2公里。\n"
        "    在下步工作中，我乡将把渠首改造列入明年计划，力争汛期前完工。后续，我乡将建立管护制度。\n"
        "    感谢您的关心和支持。\n\n"
        "石门乡人民政府    联系电话：0739-5512345\n2024年11月2日\n"
    )
    assert p.issuer.issuer == "石门乡人民政府"
    assert [lf.text[:8] for lf in p.items.leaves] == ["在下步工作中，我", "后续，我乡将建立"]


def test_a_bare_date_on_the_pages_info_bar_is_the_published_date() -> None:
    p = parsed(
        "日期：2022-05-25   来源：青山县交通运输局   浏览次数：12\n\n"
        "青山县交通运输局关于县十届人大二次会议第5号建议的答复\n\n李明代表：\n"
        "    您提出的建议收悉。现答复如下：\n    下一步，我局将在年内完成改造。\n\n"
        "青山县交通运输局\n2024年5月6日\n"
    )
    assert (p.facts.published, p.facts.reply_date) == (date(2022, 5, 25), date(2024, 5, 6))


@pytest.mark.parametrize(
    ("text", "first"),
    [
        # starts mid-sentence, no ellipsis: the first line is the body, not a title
        (
            "近年来，我镇修复灌渠3公里。今后，我镇将继续加大投入，逐步完成剩余渠段改造。\n\n"
            "石岭镇人民政府\n二〇二四年五月六日\n",
            "今后，我镇将继续加大投入",
        ),
        # the last points only, each short with its answer run in after its title
        (
            "（二）关于增设路灯。计划9月底前在主干道安装路灯40盏。\n"
            "（三）关于道路养护。下一步，我局将建立村道巡查制度。\n\n"
            "青山县交通运输局\n2024年5月6日\n",
            "计划9月底前在主干道安装",
        ),
    ],
    ids=["plain-start", "short-points"],
)
def test_excerpts_that_start_without_a_title_are_read(text: str, first: str) -> None:
    p = parsed(text)
    assert p.items.leaves and p.items.leaves[0].text.startswith(first)
    assert p.facts.reply_date == date(2024, 5, 6)


def test_a_marker_paragraph_that_turns_to_another_point_promises_once_a_point() -> None:
    got = leaves(
        "青山县水利局关于县十届人大二次会议第5号建议的答复\n\n李明代表：\n"
        "    您提出的建议收悉。现答复如下：\n"
        "    我局高度重视。下一步将进入招标程序，预计10月开工。关于提灌站问题，已纳入规划，"
        "待资金到位后实施。关于渠道管护问题，目前已落实专人管护。\n"
        "    感谢您的关心和支持。\n\n青山县水利局\n2024年5月6日\n"
    )
    # the third point reports only what was done
    assert [t[:8] for t in got] == ["下一步将进入招标", "关于提灌站问题，"]


def test_a_handler_line_a_bracketed_number_and_an_info_bar_with_a_bare_time() -> None:
    p = parsed(
        "2024年桐原县九届人大三次会议《关于改造县城供热管网的建议》(35号)的答复\n"
        "浏览:210次 时间:2024年6月3日\n\n"
        "周德胜代表\n\n您提出的《关于改造县城供热管网的建议》收悉，现将办理情况答复如下：\n\n"
        "今年我局将实施城区供热管网改造项目。\n\n对于您提出的南苑小区管网问题，该小区已纳入明年改造计划。\n\n"
        "衷心感谢您对城市建设工作的关心和支持。\n\n承办单位：桐原县住房和城乡建设局\n"
    )
    f = p.facts
    assert (f.session, f.number, f.published) == ("桐原县九届人大三次会议", "35", date(2024, 6, 3))
    assert p.issuer.issuer == "桐原县住房和城乡建设局"
    assert len(p.items.leaves) == 2  # 纳入明年改造计划 is a plan


def test_a_salutation_with_zunjing_and_no_de() -> None:
    p = parsed(
        "关于金川区人大五届二次会议第23号建议的答复\n时间：2023年07月20日 来源：金川区住房和城乡建设局\n\n"
        "尊敬罗志强代表：\n\n您提出的建议已收悉，现就办理情况复函如下：\n\n下一步，我局将于年内完成改造。\n\n"
        "金川区住房和城乡建设局\n2023年7月20日\n"
    )
    assert p.facts.addressees == ("罗志强",)
    assert p.facts.published == date(2023, 7, 20)


def test_a_note_on_a_years_handling_with_counts_is_refused() -> None:
    with pytest.raises(NotALetterError, match="summary"):
        parsed(
            "2023年人大建议、政协提案办理工作\n完成情况说明\n我局高度重视，及时研究部署。今年，由我局承办的"
            "市六届人大三次会议建议共14件；市政协六届三次会议提案共计11件。目前全部办理完毕。"
            "下一步，我局将继续做好建议提案办理工作。\n2023年10月9日\n"
        )


@pytest.mark.parametrize(
    ("title", "opening", "number", "session"),
    [
        (
            "关于县十届人大二次会议第十二号建议的答复",
            "您提出的建议收悉。",
            "12",
            "县十届人大二次会议",
        ),
        (
            "青山县交通运输局关于县十届人大二次会议建议的答复",
            "您提出的第二十三号建议收悉。",
            "23",
            "县十届人大二次会议",
        ),
    ],
)
def test_numbers_in_chinese_numerals_and_a_session_without_a_number(
    title: str, opening: str, number: str, session: str
) -> None:
    f = parsed(
        f"{title}\n\n李明代表：\n    {opening}现答复如下：\n    下一步，我局将在年内完成改造。\n\n"
        "青山县交通运输局\n2024年5月6日\n"
    ).facts
    assert (f.number, f.session, f.kind) == (number, session, "建议")


DEV = Path(__file__).parent / "eval" / "reading" / "dev"


def test_a_letter_run_into_one_line_is_read_as_its_lines_with_their_number() -> None:
    letter = extract.read_letter(DEV / "62-lanxi-county-water-one-line.txt")
    r = letter.reply
    assert (r.reply_date, r.published) == (date(2023, 8, 21), date(2023, 9, 4))
    assert r.addressees == ("郑春来",)
    [c] = letter.commitments
    # the condition after the promise is part of it; the text is the stored line's, verbatim
    assert c.text.startswith("我局拟将上寨片区") and c.text.endswith("再行安排施工。")
    line = letter.text.splitlines()[c.lines[0] - 1]
    assert c.lines == (4, 4) and c.text in line


def test_what_cannot_be_done_is_no_promise_and_a_promise_may_follow_two_clauses() -> None:
    letter = extract.read_letter(DEV / "64-qingcen-city-roads-refusal.txt")
    assert [c.text[:9] for c in letter.commitments] == ["在以后条件允许时,"]
    assert not any("无力" in c.text for c in letter.commitments)


def test_a_bureau_printed_by_its_level_alone_is_kept_as_printed_and_issue_dates_not_published() -> (
    None
):
    # 发布机构 市水利局 on the city's own site, no place anywhere: the name the page gives it,
    # with a note to add the place
    r = extract.read_letter(DEV / "65-wangchuan-bare-issuer-nav.txt").reply
    assert r.issuer == "市水利局" and r.issuer_inferred is None
    assert any(
        n.field == "issuer" and "市水利局" in n.reason and "add the place" in n.reason
        for n in r.review
    )
    assert r.published is None  # 发文时间 dates the document, not the page


def test_a_bureau_only_mentioned_by_its_level_is_never_the_issuer() -> None:
    # 县市场监督管理局 only in running text, no title and no signature: a proposal, not the issuer
    r = extract.read_letter(DEV / "78-unsigned-copy-market-words.txt").reply
    assert r.issuer is None


def test_work_told_as_done_is_no_promise_and_dated_plans_are() -> None:
    letter = extract.read_letter(DEV / "67-zhelin-township-roads-dated.txt")
    texts = [c.text for c in letter.commitments]
    assert not any("开展了" in t for t in texts)
    assert any("力争在2025年完成路面硬化" in t for t in texts)
    assert any("预计年底可完成" in t for t in texts)


def test_a_footer_padded_with_spaces_is_read_and_a_title_opening_with_its_answer() -> None:
    # a printed 印发 footer is one line with a long run of spaces inside: trimming a line's edges
    # must not backtrack over it (it used to take minutes); 关于答复县…会议 keeps 答复 out of the session
    letter = extract.read_letter(DEV / "68-lanxi-county-water-padded-footer.txt")
    r = letter.reply
    assert (r.issuer, r.session, r.number) == ("岚溪县水利局", "县十六届人大四次会议", "207")
    assert [c.text for c in letter.commitments] == ["下步我局将在汛后启动溢洪道加固施工。"]


def test_a_clause_with_no_subject_promises_after_a_report() -> None:
    # no marker and no subject: ……已上报为2025年危桥改造项目，将予以拆除重建 / ……到位后，将组织施工
    letter = extract.read_letter(DEV / "69-shiqiao-county-bridge-bare-will.txt")
    texts = [c.text for c in letter.commitments]
    assert len(texts) == 2
    assert texts[0].endswith("将予以拆除重建。") and texts[1].endswith("将组织施工。")
    assert not any("检测" in t for t in texts)  # the report before them is not a promise


def test_a_timed_stamp_over_the_salutation_is_the_page_date() -> None:
    # 编稿时间: 2024-08-06 10:42 来源: …: a date with its time above the letter is when the page was
    # published, whatever its key; the letter's own date stays the reply date
    r = extract.read_letter(DEV / "70-heshan-district-health-timed-stamp.txt").reply
    assert (r.reply_date, r.published) == (date(2024, 7, 15), date(2024, 8, 6))


_GLOSSED = """關于縣人大十屆二次會議第19號建議的答復

李青山代表：

您提出的關于修繕南嶺村灌溉渠的建議收悉。現答復如下：

南嶺村灌溉渠已列入我局小型水利項目儲備庫。下一步，我局將積極向上級爭取資金，力爭2025年完成修繕。

鳳(fèng)溪縣水(shuǐ)利(lì)局
2024年6月3日
"""


def test_a_name_glossed_by_a_mirror_site_is_stored_without_its_glosses(tmp_path: Path) -> None:
    """A letter copied into seeds/ as it was printed keeps its glosses in the text (quotes must
    match it), but the issuer is a fact compared with the bureau's other letters: 鳳(fèng)溪縣
    水(shuǐ)利(lì)局 is 凤溪县水利局, as in a copy without glosses."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "glossed.txt").write_text(_GLOSSED, encoding="utf-8")
    (seeds / "plain.txt").write_text(
        _GLOSSED.replace("鳳(fèng)溪縣水(shuǐ)利(lì)局", "鳳溪縣水利局"), encoding="utf-8"
    )
    glossed = extract.read_letter(seeds / "glossed.txt", root=tmp_path)
    plain = extract.read_letter(seeds / "plain.txt", root=tmp_path)
    assert glossed.reply.issuer == plain.reply.issuer == "凤溪县水利局"
    assert glossed.reply.issuer_as_printed == "鳳(fèng)溪縣水(shuǐ)利(lì)局"
    assert glossed.reply.id == plain.reply.id
    assert "鳳(fèng)溪縣" in glossed.text  # the stored text is the letter as printed


def parse(text: str) -> extract.Letter:
    return extract.parse_letter(text, source_path="seeds/x.txt", sha256="0" * 64)


LETTER = """{title}

{salute}：

您提出的《关于{topic}的建议》收悉，现答复如下：

{body}

{signer}
2024年5月14日
"""


def letter_of(
    body: str, signer: str = "岚山县水务局", salute: str = "邵可馨代表"
) -> extract.Letter:
    title = f"{signer}关于县十八届人大四次会议第12号建议的答复"
    return parse(
        LETTER.format(title=title, salute=salute, topic="改善供水", body=body, signer=signer)
    )


def test_thanks_that_the_reply_follows_is_not_the_closing() -> None:
    # thanks that goes on with the report on its line, and a short thanks the reply follows
    on_its_line = letter_of(
        "感谢邵可馨代表对农村供水的关心，2023年以来，我局已改造农村供水管网14公里，覆盖桐林、"
        "石门、上湾等五个行政村，新建加压泵站两座，枯水期停水天数由去年的20天减少到6天。"
        "下一步，我局将在汛期前完成桐林村水厂的过滤池改造。"
    )
    assert starts(on_its_line) == ["下一步，我局将在汛期前完成桐"]
    after_it = letter_of(
        "感谢您对农村供水工作的关注。\n\n"
        "桐林村现由一座小型水厂供水，枯水期水量不足。目前我局已将该村列入补短板名单，"
        "如能争取到省级补助，等资金下达后，我局将新打机井一眼并配套消毒设备。"
    )
    # the promise after a report keeps the conditions before it
    assert starts(after_it) == ["如能争取到省级补助，等资金下"]


def test_measures_enumerated_over_sentences_are_counted_as_a_clerk_counts() -> None:
    announced = letter_of(
        "桐林村枯水期缺水约两个月。为此，我局将从以下两个方面推进。"
        "一是新打机井一眼，年内完成。二是对村内老旧管网进行更换，长度约2.1公里。"
    )
    assert starts(announced) == ["新打机井一眼，年内完成。", "对村内老旧管网进行更换，长度"]
    sides = letter_of(
        "下一步，我局将把桐林村供水纳入全县城乡供水一体化工程统筹推进。"
        "一方面加快编制工程初步设计；另一方面积极争取中央预算内投资。"
        "同时，在工程建成前安排送水车每周送水两次。"
    )
    assert starts(sides) == [
        "下一步，我局将把桐林村供水纳",  # a lead that promises on its own
        "一方面加快编制工程初步设计",  # 一方面 stays in the text
        "另一方面积极争取中央预算内投",
        "同时，在工程建成前安排送水车",
    ]


def test_a_unit_of_the_issuer_promises_for_it_and_other_bodies_do_not() -> None:
    police = letter_of(
        "路口改造方案已经论证，交警大队将在8月底前完成信号灯安装。相关部门将加强路面巡查。",
        signer="岚山县公安局",
    )
    assert starts(police) == ["路口改造方案已经论证，交警大"]
    government = letter_of(
        "县水务局已完成水源勘察。县住房和城乡建设局将在年底前建成桐林村至县城的供水管道。",
        signer="岚山县人民政府",
    )
    assert starts(government) == ["县住房和城乡建设局将在年底前"]


def test_a_plan_with_no_subject_and_a_sentence_adding_a_measure() -> None:
    letter = letter_of(
        "该村供水问题群众反映强烈，我局非常重视，拟作为今年民生实事项目报请县政府。\n\n"
        "下一步，我局将责成桐林镇做好群众解释工作。同时要求桐林镇会同供水公司排查入户管道。"
    )
    assert starts(letter) == [
        "拟作为今年民生实事项目报请县",
        "下一步，我局将责成桐林镇做好",
        "同时要求桐林镇会同供水公司排",
    ]


def test_a_bare_number_under_the_session_line_and_no_place_out_of_running_words() -> None:
    r = parse(
        "关于“改善桐林村供水”的建议的答复\n县人大十八届四次会议\n12\n建议人: 邵可馨\n\n"
        "邵可馨代表:\n\n您提出的关于改善桐林村供水的建议已收悉，现答复如下：\n\n"
        "一、推进县城区管网延伸。县水务局会同桐林镇开展了入户调查，严管市场周边的私接管道。\n\n"
        "下一步，我局将在年内完成管网延伸工程的设计。\n"
    ).reply
    assert r.number == "12"
    assert r.session == "县人大十八届四次会议"
    # 县水务局 names no place; 推进县城区 and 严管市场 are no places to put in front of it
    assert r.issuer is None


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (  # a co-handler's opinion, addressed to the bureau that leads the handling
            "关于县人大十七届四次会议第8号建议的会办意见\n县卫生健康局：\n"
            "　　苏亚琴代表提出的关于增设乡镇急救站点的建议收悉，现提出会办意见如下：\n"
            "　　下一步，我局将在编制年度预算时统筹考虑急救车辆购置经费。\n"
            "檀溪县财政局\n2024年6月3日\n",
            "co-handler",
        ),
        (  # news of a meeting on the handling, dated 上午
            "市政协举行重点提案面商会\n"
            "　　4月18日上午，市政协举行重点提案面商会，市水利局负责人介绍了办理进展，计划年内完成"
            "3座水闸改造。\n（市政协提案委）\n",
            "news",
        ),
        (  # a work plan for the year's handling
            "桐坪县民政局2025年建议提案办理工作方案\n"
            "　　一、工作目标\n　　按时办结全部交办件。\n"
            "　　二、工作措施\n　　（一）分解任务，明确到股室。\n（二）7月底前全部答复。\n",
            "work plan",
        ),
        (  # a list of several suggestions, each with a short answer
            "代表建议办理结果公开\n"
            "一、《关于修缮东关小学操场的建议》答复：县教育局已安排资金，8月施工。\n"
            "二、《关于增开乡村客运班线的建议》答复：县交通运输局将新开2条班线。\n"
            "三、《关于治理南河沿岸垃圾的建议》答复：南河镇将组织集中清理。\n",
            "list of several",
        ),
        (  # a bureau's opinion to the lead bureau, not calling itself a co-handler's
            "县文化和旅游局：\n　　贵局转来的关于修缮古戏台的建议征求意见函收悉，我局意见如下：\n"
            "　　下一步，我局将配合做好古戏台周边道路的修缮。\n檀溪县交通运输局\n2024年5月9日\n",
            "co-handler",
        ),
        (  # a report on one suggestion's handling to the congress's standing committee
            "关于第9号建议办理情况的报告\n县人大常委会：\n　　陶明辉代表提出的建议由我乡主办，"
            "现将办理情况报告如下：\n　　下一步，我乡将加快实施饮水管网改造。\n檀溪县柳坪乡人民政府\n",
            "standing committee",
        ),
        (  # a notice to the bureau's own offices on the year's handling
            "关于做好建议提案办理工作的通知\n各股室：\n　　一、收到交办件后5日内明确经办人。\n"
            "　　二、答复前与代表委员沟通。\n",
            "own offices",
        ),
        (  # a county head's mailbox answer to a citizen
            "县长信箱\n您好！您反映的新村菜市场污水外溢问题收悉。我局已督促市场方疏通管道。"
            "下一步，我局将加强巡查。\n",
            "member of the public",
        ),
    ],
)
def test_pages_of_the_genre_that_are_not_reply_letters_are_refused_for_what_they_are(
    text: str, says: str
) -> None:
    with pytest.raises(NotALetterError) as e:
        parsed(text)
    assert says in e.value.message


def test_a_co_handlers_reply_to_the_deputy_or_to_a_group_is_a_letter() -> None:
    # a co-handler answering the deputy directly, and a letter to a CPPCC group that says it
    # was handled with others: both are reply letters, their promises read
    for salutation in ("谭文静代表：", "民盟县委会："):
        letter = parsed(
            "檀溪县财政局关于县人大十七届四次会议第8号建议协办意见的答复\n"
            f"{salutation}\n"
            "　　您提出的关于增设乡镇急救站点的建议收悉，我局作为协办单位，现答复如下：\n"
            "　　下一步，我局将在编制年度预算时统筹考虑急救车辆购置经费。\n"
            "檀溪县财政局\n2024年6月3日\n"
        )
        assert [lf.text[:8] for lf in letter.items.leaves] == ["下一步，我局将在"]


def test_a_proposal_number_of_fourteen_digits_is_read() -> None:
    text = (
        "关于区九届人大三次会议第20240315020011号建议的答复函\n"
        "柯文涛代表：\n"
        "　　您提出的关于增开社区公交微循环线路的建议收悉，现答复如下：\n"
        "　　下一步，我局将在汀兰街道试开一条社区微循环线路，9月底前开通。\n"
        "江汀市汀兰区交通运输局\n"
        "2024年6月12日\n"
    )
    letter = extract.parse_letter(text, source_path="x.txt", sha256="0" * 64)
    assert letter.reply.number == "20240315020011"


def _letter(body: str) -> extract.Letter:
    return extract.parse_letter(
        "槐川县农业农村局关于县九届人大二次会议第31号建议的答复\n"
        "祁梦远代表：\n"
        "　　您提出的关于改善高标准农田灌溉条件的建议收悉，现答复如下：\n"
        f"{body}"
        "　　感谢您对农业农村工作的关心和支持。\n"
        "槐川县农业农村局\n2024",
        source_path="x.txt",
        sha256="0" * 64,
    )


def test_a_sentence_is_judged_clause_by_clause_under_a_heading() -> None:
    letter = _letter(
        "　　一、下一步工作\n"
        "　　东干渠的清淤方案已经完成审查；西干渠闸门，我局将会同水利局核定更换数量；"
        "南片机井，将视灌溉季节用水量分批增打新井。\n"
    )
    assert starts(letter) == ["西干渠闸门，我局将会同水利局", "南片机井，将视灌溉季节用水量"]


def test_a_subject_less_promise_going_on_is_its_own_item_but_not_an_effect() -> None:
    letter = _letter(
        "　　下一步，我局将把北岭片区列入明年高标准农田建设计划。同时，加紧完成田间渠系设计，"
        "力争春耕前开工。项目完工后，将实现北岭片区自流灌溉全覆盖。\n"
    )
    assert starts(letter) == ["下一步，我局将把北岭片区列入", "同时，加紧完成田间渠系设计，"]
    assert "将实现" in letter.commitments[1].text  # the effect stays with the measure before it


def test_a_pledge_before_a_promise_and_a_promise_that_also_asks_are_promises() -> None:
    letter = _letter(
        "　　我局非常赞同您的建议，将把北岭片区渠系改造列入明年项目库。\n"
        "　　下一步，我局将加强灌溉设施管护。此外，下一步我们将配合土地整治，建议县财政局将管护"
        "经费列入预算。\n"
    )
    assert starts(letter) == [
        "我局非常赞同您的建议，将把北",
        "下一步，我局将加强灌溉设施管",
        "此外，下一步我们将配合土地整",
    ]


def test_another_bodys_plan_is_not_the_letters() -> None:
    letter = _letter(
        # no next-steps marker: every sentence of the body is judged on its own
        "　　北岭泵站由县水务公司运营。水务公司今年准备更换两台水泵，承建单位目前正在备料，预计7月完工。"
        "我局将督促施工单位按期完工，并做好泵站运行监管。\n"
    )
    assert starts(letter) == ["我局将督促施工单位按期完工，"]


def test_a_letter_run_into_one_line_has_its_report_judged_before_its_closing_marker() -> None:
    # the page runs every paragraph into one line: the report's plan clause stands before the
    # closing marker paragraph on that line, not inside it
    letter = extract.parse_letter(
        "祁梦远代表: 您提出的《关于硬化北岭村通组道路的建议》收悉,现答复如下: 北岭村通组道路为"
        "砂石路面,雨季通行困难。 经实地调查,建议已纳入全县农村公路建设规划,估算投资180万元,"
        "计划完成施工图设计后启动硬化工程。 感谢您的关心!在今后的工作中,我局将加快农村公路提档"
        "升级,确保群众出行安全。 槐川县交通运输局 2024年6月3日\n",
        source_path="x.txt",
        sha256="0" * 64,
    )
    assert starts(letter) == ["计划完成施工图设计后启动硬化", "在今后的工作中,我局将加快农"]


def test_a_pledge_with_no_object_of_its_own_is_no_commitment() -> None:
    letter = _letter(
        "　　北岭片区渠系已纳入全县高标准农田建设规划，计划待上级资金下达后实施改造。\n"
        "　　今后，我局将抢抓机遇，加快农田水利建设步伐，为全县粮食生产继续努力。\n"
    )
    assert starts(letter) == ["计划待上级资金下达后实施改造"]


def opens(letter: extract.Letter, prefixes: list[str]) -> bool:
    """True when the letter's commitments are as many as `prefixes` and each starts with its own."""
    texts = [c.text for c in letter.commitments]
    return len(texts) == len(prefixes) and all(
        t.startswith(p) for t, p in zip(texts, prefixes, strict=True)
    )


def test_a_lead_whose_measures_have_a_purpose_before_the_colon_announces_its_lines() -> None:
    letter = _letter(
        "　　近年来，全县灌区配套水平逐年提高，但部分末级渠系仍然老化，我们还将采取以下措施，"
        "让灌区群众用水更加方便：\n"
        "　　1.改造北岭片区末级渠系，年内将新建防渗渠道8公里。同步完善量水设施。\n"
        "　　2.推行灌区协会管水，引导农户参与渠系管护。\n"
    )
    # the first line's first sentence promises in a clause of its own: it is the item, no title
    assert opens(letter, ["改造北岭片区末级渠系，年内将", "推行灌区协会管水，引导农户参"])
    assert letter.commitments[0].area is None


def test_numbers_run_on_after_a_marker_sentence_are_items_of_their_own() -> None:
    letter = _letter(
        "　　下一步，我局将会同乡镇继续加强灌溉设施管护。1、组织村级管水员培训，每年不少于两次。"
        "2、建立渠系巡查台账，发现问题及时维修。\n"
        "　　经测算，北岭片区亩均增产约50公斤，比上年增长1.5倍。\n"
    )
    assert opens(
        letter,
        [
            "下一步，我局将会同乡镇继续加",
            "组织村级管水员培训，每年不少于",
            "建立渠系巡查台账，发现问题及",
        ],
    )


def test_a_later_sentence_in_the_letters_own_voice_after_its_condition_is_its_own_item() -> None:
    letter = _letter(
        "　　后续，我局将会同乡镇对北岭片区渠系进行全面排查，形成改造清单。一旦项目资金下达，"
        "我们会立即启动招标，争取当年完工。\n"
        "　　下一步。我局将把南片机井纳入明年计划，分批增打新井。\n"
    )
    assert opens(
        letter,
        [
            "后续，我局将会同乡镇对北岭片",
            "一旦项目资金下达，我们会立即启",
            "我局将把南片机井纳入明年计划",  # a marker with a full stop: its one sentence
        ],
    )


def test_a_numbered_list_goes_on_promising_after_a_promise_but_not_after_a_report() -> None:
    letter = _letter(
        "　　1、我局将把北岭片区渠系改造列入明年项目库。\n"
        "　　2、继续加强灌溉设施日常管护，落实村级管水责任。\n"
        "　　3、完善末级渠系量水设施，做到计量到户。\n"
        "　　4、加强用水户培训，共培训农户300余人次。\n"
    )
    # item 4 tells what was done (共培训……人次): no promise
    assert opens(
        letter,
        [
            "1、我局将把北岭片区渠系改造",
            "继续加强灌溉设施日常管护，落实",
            "完善末级渠系量水设施，做到计量",
        ],
    )
    reported = _letter(
        "　　1、今年以来，我局组织渠系巡查12次。\n　　2、加强灌溉设施管护，落实村级管水责任。\n"
    )
    assert opens(reported, [])


def test_the_deputys_answer_and_a_leading_but_are_not_part_of_the_promise() -> None:
    letter = _letter(
        "　　北岭片区不在今年的项目范围内。但我局将关注上级政策变化，如有新的项目，我们将优先"
        "安排北岭片区。对此该代表表示理解，对答复表示满意。\n"
    )
    assert [c.text for c in letter.commitments] == [
        "我局将关注上级政策变化，如有新的项目，我们将优先安排北岭片区。"
    ]


def test_the_party_committee_and_the_government_speak_in_a_governments_letter() -> None:
    letter = extract.parse_letter(
        "槐川县人民政府关于县九届人大二次会议第31号建议的答复\n"
        "祁梦远、黄立、周敏三位代表：\n"
        "　　你们提出的关于改善高标准农田灌溉条件的建议收悉，现答复如下：\n"
        "　　一、县委、政府将把高标准农田建设列入明年民生实事。\n"
        "　　二、县委、政府高度重视农田水利工作。\n"
        "槐川县人民政府\n2024年6月3日\n",
        source_path="x.txt",
        sha256="0" * 64,
    )
    assert opens(letter, ["一、县委、政府将把高标准农田"])
    assert letter.reply.addressees == ("祁梦远", "黄立", "周敏")  # 三位 counts them


@pytest.mark.parametrize(
    ("text", "issuer"),
    [
        (  # 答复单位 prints the short name, the metadata the full one
            "发布机构：槐川县城市管理综合执法局\n关于县政协九届三次会议第8号提案的答复\n"
            "祁梦远委员：\n　　您提出的提案收悉，现答复如下：\n"
            "　　下一步，我局将在学校周边新增停车泊位50个。\n答复单位：槐川县城管执法局\n2024年6月3日\n",
            "槐川县城市管理综合执法局",
        ),
        (  # a county's department printed without its 局
            "关于县九届人大二次会议第31号建议的答复\n祁梦远代表：\n"
            "　　您提出的建议收悉，现答复如下：\n　　下一步，我局将改造北岭片区渠系。\n"
            "承办单位：槐川县农业农村\n2024年6月3日\n",
            "槐川县农业农村局",
        ),
        (  # 城市 names the city's business, not a place: the congress names the city
            "对枫林市第八届人民代表大会第三次会议第27号建议的答复\n"
            "发布时间：2023-08-15  发布机构：城市管理综合行政执法局\n"
            "祁梦远代表：\n　　您提出的建议收悉，现答复如下：\n"
            "　　下一步，我局将严格审批夜间施工许可。\n",
            "枫林市城市管理综合行政执法局",
        ),
    ],
)
def test_the_thirty_first_rounds_issuers_are_read(text: str, issuer: str) -> None:
    letter = extract.parse_letter(text, source_path="x.txt", sha256="0" * 64)
    assert letter.reply.issuer == issuer
    # each is taken from more than the signature: the reason is listed for review
    assert any(n.field == "issuer" for n in letter.reply.review)


def test_a_body_named_beside_the_letters_own_work_is_not_its_issuer() -> None:
    letter = extract.parse_letter(
        "祁梦远代表：\n　　您提出的建议收悉。根据我县实际，结合县城市管理局的整治安排，"
        "现答复如下：\n　　下一步，我局将加强小加工点监管。\n",
        source_path="x.txt",
        sha256="0" * 64,
    )
    assert letter.reply.issuer is None


@pytest.mark.parametrize(
    ("text", "what"),
    [
        (
            "各位委员：\n　　我代表县人民政府就县政协九届三次会议提案办理情况作如下报告。\n"
            "　　一、基本情况\n　　交由县人民政府办理的提案共86件，办复率100%。\n",
            "report",
        ),
        (
            "官方回复：\n网友你好：\n　　您反映的路灯问题我局已收悉，将于本周内完成更换。\n"
            "槐川县住房和城乡建设局\n2024年9月2日\n",
            "message-board",
        ),
    ],
)
def test_the_thirty_first_rounds_non_letters_are_refused(text: str, what: str) -> None:
    with pytest.raises(NotALetterError, match=what):
        extract.parse_letter(text, source_path="x.txt", sha256="0" * 64)


def test_a_promise_whose_measures_follow_its_colon_in_the_paragraph_is_read_item_by_item() -> None:
    letter = _letter(
        "　　县农业农村局将持续加强农田水利设施管护：一是计划向县政府提请增设管水员公益岗位。"
        "二是做好渠系日常巡查，后续将通过购买服务引入专业队伍。三是加强管护经费保障。\n"
    )
    assert opens(
        letter,
        ["计划向县政府提请增设管水员", "做好渠系日常巡查，后续将通过", "加强管护经费保障"],
    )


def test_a_promise_after_the_difficulties_it_answers_starts_at_its_subject() -> None:
    letter = _letter(
        "　　北岭片区渠系改造存在较大困难，一是渠线大部分位于基本农田内；二是沿线群众意见不一，"
        "改造工程难以立即实施，但是我局会尽最大努力争取项目立项，争取早日开工。\n"
    )
    assert opens(letter, ["我局会尽最大努力争取项目立项"])


def test_another_departments_plan_and_the_closings_hope_are_not_the_letters() -> None:
    letter = _letter(
        "　　北岭片区渠系已纳入全县高标准农田建设规划，计划待上级资金下达后实施改造。\n"
        "　　下一步水务部门将在北岭片区实施河道清淤，届时灌溉水源将得到保障。\n"
        "　　尊敬的代表，衷心希望你今后一如既往地关心支持农业农村工作，我们将虚心听取你的意见和"
        "建议，积极改进农业农村工作。希望在今后的工作中继续得到你的支持。\n"
    )
    assert opens(letter, ["计划待上级资金下达后实施改造"])


def test_a_promise_after_a_season_with_a_report_run_on_after_it_is_read_up_to_the_report() -> None:
    letter = _letter(
        "　　你的建议贴近我县实际，我局高度重视，认真分析研究，今冬明春，我们将在北岭片区新建"
        "防渗渠道3公里，另外已向市农业农村局申报，将南片机井纳入省级项目。\n"
    )
    assert [c.text for c in letter.commitments] == ["今冬明春，我们将在北岭片区新建防渗渠道3公里"]


def test_a_measure_added_with_its_purpose_and_subject_and_one_going_on_are_items() -> None:
    letter = _letter(
        "　　下一步，我局将尽快完成北岭片区渠系设计。同时，为保证灌溉用水，县农业农村局将加强"
        "与乡镇的协调，及时清理渠道淤积。并加大对灌区的日常巡查，严查私自截水行为。\n"
    )
    assert opens(
        letter,
        ["下一步，我局将尽快完成北岭", "同时，为保证灌溉用水，县农业", "并加大对灌区的日常巡查"],
    )


def test_a_time_word_after_the_subject_and_a_condition_with_its_act_are_read() -> None:
    letter = _letter(
        "　　北岭片区已列入全县高标准农田建设规划。我局下一步将委托设计单位完成渠系设计；"
        "其次积极向上级争取专项资金。待资金落实后立即实施北岭片区渠系改造。\n"
    )
    assert opens(
        letter,
        ["我局下一步将委托设计单位", "积极向上级争取专项资金", "待资金落实后立即实施北岭片区"],
    )


def test_the_work_as_subject_with_its_date_is_a_plan_and_the_deputys_answer_is_left_out() -> None:
    letter = _letter(
        "　　北岭片区渠系改造已列入今年农田建设计划，项目将于今年内开工建设。\n"
        "　　下一步，我局将加强灌区管护。经与祁梦远代表沟通，对答复表示满意。\n"
    )
    texts = [c.text for c in letter.commitments]
    assert len(texts) == 2 and texts[0].endswith("项目将于今年内开工建设。")
    assert texts[1] == "下一步，我局将加强灌区管护。"


def test_the_lines_that_send_the_letter_up_or_copy_it_name_no_issuer() -> None:
    letter = extract.parse_letter(
        "桃山街道办事处\n对桃源市十届人大三次会议第18号建议的答复\n"
        "桃山代表团、周海燕区人大代表：\n　　你们提出的建议收悉。现答复如下：\n"
        "　　下一步，我街道将组织对辖区路灯开展全面排查。\n2024年8月14日\n"
        "报：市人民政府建议提案办公室\n抄送：市人大常委会选工委\n",
        source_path="x.txt",
        sha256="0" * 64,
    )
    assert letter.reply.issuer == "桃山街道办事处"
    assert letter.reply.addressees == ("桃山代表团", "周海燕")


def test_a_delegation_addressed_alone_is_a_suggestion_of_deputies() -> None:
    letter = extract.parse_letter(
        "关于对加大幼儿园投入的建议的答复\n苏村代表团：\n"
        "　　你们提出的建议收悉，现答复如下：\n　　下一步，我局将争取资金改善苏村幼儿园条件。\n"
        "槐川县教育和体育局\n2024年9月2日\n",
        source_path="x.txt",
        sha256="0" * 64,
    )
    assert (letter.reply.kind, letter.reply.role) == ("建议", "代表")


@pytest.mark.parametrize(
    ("text", "what"),
    [
        (
            "——在石口镇第十九届人民代表大会第三次会议上\n各位代表：\n"
            "　　根据大会安排，现由我代表石口镇人民政府，报告代表建议办理情况。\n"
            "　　1.《关于修缮道路的建议》办理情况：下一步，镇政府将持续跟进。\n",
            "report",
        ),
        (
            "标题 村组道路何时硬化\n留言日期 2024-04-02\n处理状态 处理完成\n"
            "发言内容 希望尽快修建。\n回复部门 鹿坊市政府办\n"
            "回复内容 留言已收悉。待上级资金到位后，我们将组织实施。\n",
            "message-board",
        ),
    ],
)
def test_the_thirtieth_rounds_non_letters_are_refused(text: str, what: str) -> None:
    with pytest.raises(NotALetterError, match=what):
        extract.parse_letter(text, source_path="x.txt", sha256="0" * 64)


def test_an_act_when_the_time_comes_and_a_condition_without_hou_are_plans() -> None:
    letter = _letter(
        "　　我局已编制完成北岭片区渠系改造方案，该方案已上报县政府，适时择机实施。\n"
        "　　南片机井项目正在报市局审批。待市局审批入库，开展前期设计。\n"
    )
    texts = [c.text for c in letter.commitments]
    assert len(texts) == 2 and texts[0].endswith("适时择机实施。")
    assert texts[1] == "待市局审批入库，开展前期设计。"


@pytest.mark.parametrize(
    "closing",
    [
        "我们将继续努力，为群众提供更好的农业技术服务。",
        "如果您还有其他建议或意见，请随时与我们联系，我们将认真倾听、积极采纳。",
        "我们将继续整改落实并及时向您汇报。",
    ],
)
def test_the_closings_effort_invitation_and_report_back_are_no_commitments(closing: str) -> None:
    letter = _letter(f"　　下一步，我局将改造北岭片区渠系。\n　　{closing}\n")
    assert opens(letter, ["下一步，我局将改造北岭片区渠系"])


def test_a_date_and_a_report_back_inside_a_promise_keep_it() -> None:
    letter = _letter("　　我局将于6月底前完成北岭片区渠系改造，并及时向您反馈。\n")
    assert opens(letter, ["我局将于6月底前完成北岭片区"])


def test_measures_after_a_marker_sentence_each_with_its_own_verb_or_time_are_items() -> None:
    letter = _letter(
        "　　下一步，我局将继续落实全县高标准农田建设规划，统筹推进灌溉设施建设。力争今年9月底前"
        "完成北岭片区渠系改造。“十四五”期间进一步提高全县节水灌溉覆盖率。推动建设县级灌区信息化"
        "平台，年内实现主要闸门远程控制。\n"
    )
    assert opens(
        letter,
        [
            "下一步，我局将继续落实全县",
            "力争今年9月底前完成北岭片区",
            "“十四五”期间进一步提高全县",
            "推动建设县级灌区信息化平台",
        ],
    )
    # each keeps its own deadline: the first's is not the last one's
    assert "年内" not in letter.commitments[1].text


def test_a_will_after_the_bureaus_attitude_to_the_suggestion_is_read_from_its_subject() -> None:
    letter = _letter(
        "　　您所提出的渠系闲置问题非常中肯，我局认真吸纳您的意见建议，将积极协调各乡镇水利站，"
        "推行渠系统一管护。\n"
    )
    assert [c.text for c in letter.commitments] == [
        "我局认真吸纳您的意见建议，将积极协调各乡镇水利站，推行渠系统一管护。"
    ]


def test_sentences_after_a_lead_that_announces_them_are_one_item_each() -> None:
    letter = _letter(
        "　　下一步，我局将重点抓好以下几项工作。今年9月底前完成北岭片区渠系改造。明年上半年为"
        "南片灌区安装计量设施。推动灌区管理接入县级平台。\n"
    )
    assert opens(
        letter,
        ["今年9月底前完成北岭片区渠系", "明年上半年为南片灌区安装", "推动灌区管理接入县级平台"],
    )


def _page(text: str) -> extract.Letter:
    return extract.parse_letter(text, source_path="x.txt", sha256="0" * 64)


def test_a_record_of_the_proposal_above_the_reply_gives_way_to_the_reply_below_it() -> None:
    # a portal's record of the suggestion (题目, 领衔代表) over the reply: the reply's own title
    # and salutation are the letter's, not the record's keys
    r = _page(
        "当前位置：首页 >>> 人大建议\n"
        "题  目：关于拓宽岭南公路沙坡段的建议\n"
        "领衔代表：代 表 团：石塘代表团；\n"
        "主办单位 会办 交办日期\n"
        "省交通运输厅；    2023-03-01\n"
        "关闭\n"
        "南岭省交通运输厅关于南岭省六届人大二次会议代表建议、批评和意见第620315号办理情况的答复\n"
        "石塘代表团：\n"
        "　　你们在省六届人大二次会议上提出的建议收悉，现答复如下：\n"
        "　　下一步将结合资金安排适时启动沙坡段拓宽前期工作。\n"
        "南岭省交通运输厅\n2023年7月3日\n"
    ).reply
    assert r.issuer == "南岭省交通运输厅"
    assert r.session == "南岭省六届人大二次会议"
    assert r.number == "620315"
    assert r.addressees == ("石塘代表团",)


@pytest.mark.parametrize(
    ("title", "session", "number"),
    [
        # the count with its year in brackets, and a page's short title run in before the title
        (
            "关于修缮东岭卫生院的建议答复 关于市九届人大三次会议 第B(2023)118号建议的答复",
            "市九届人大三次会议",
            "B(2023)118",
        ),
        ("关于县政协八届二次会议第3.07号提案的复函", "县政协八届二次会议", "3.07"),
        ("关于答复九届人大二次会第41号建议的函", "九届人大二次会", "41"),  # 会议 printed short
        ("对县政协八届二次会议来信号提案的答复", "县政协八届二次会议", None),  # no count to read
        ("对区七届人大一次会议代表建议45号《关于增设公交站点的建议》的答复", None, "45"),
    ],
)
def test_sessions_and_numbers_printed_in_odd_ways(
    title: str, session: str | None, number: str | None
) -> None:
    r = _page(
        f"{title}\n李望舒代表：\n　　您提出的建议收悉，现答复如下：\n"
        "　　下一步，我局将增设东岭站点。\n青川县交通运输局\n2024年6月3日\n"
    ).reply
    if session is not None:
        assert r.session == session
    assert r.number == number


def test_the_session_on_a_line_of_its_own_below_a_short_title() -> None:
    r = _page(
        "第27号提案的答复\n\n对政协青川县第九届委员会第二次会议\n\n27号提案的答复\n\n"
        "尊敬的李望舒委员：\n　　您提出的提案收悉，现答复如下：\n"
        "　　下一步，我局将增设东岭站点。\n青川县交通运输局\n2024年6月3日\n"
    ).reply
    assert r.session == "政协青川县第九届委员会第二次会议"
    assert r.number == "27"


def test_the_session_in_the_opening_run_into_the_papers_kind() -> None:
    r = _page(
        "李望舒代表：\n　　您提出的區七屆人大二次會議代表建議第52號“關於增設公交站點的建議”已收悉，"
        "現答復如下：\n　　下一步，我局將增設東嶺站點。\n青川縣交通運輸局\n2024年6月3日\n"
    ).reply
    assert r.session is not None and "七屆人大二次會議" in r.session
    assert r.number == "52"


@pytest.mark.parametrize(
    "sentence",
    [
        "青岭至石塘高速公路的建成，将进一步加快沿线乡镇经济社会发展，促进区域协调发展，意义重大。",
        "加快该路段改造尤为迫切。",
        "东岭水厂的投用，将有效缓解城区供水压力。",
    ],
)
def test_what_a_work_is_worth_is_no_commitment(sentence: str) -> None:
    letter = _letter(f"　　{sentence}待项目立项后，我局将全力做好协调服务。\n")
    assert opens(letter, ["待项目立项后，我局将全力做好"])


def test_a_site_tag_before_the_title_is_not_part_of_the_issuer() -> None:
    r = _page(
        "文件名称:[南岭]南岭省交通运输厅关于省政协九届二次会议第12号提案的答复\n"
        "李望舒委员：\n　　您提出的提案收悉，现答复如下：\n　　下一步，我厅将增设东岭站点。\n"
        "南岭省交通运输厅\n2024年6月3日\n"
    ).reply
    assert r.issuer == "南岭省交通运输厅"


def test_words_of_a_city_are_no_place_to_name_a_bureau_after() -> None:
    # 辦理市政…, 村民住宅區: a verb before 市政 and a kind of area; neither is a place to put
    # before the department the closing thanks the deputy for caring about
    r = _page(
        "李望舒代表: 您提出的區七屆人大二次會議代表建議第37號“關于疏浚東嶺路水溝的建議”已收悉,"
        "現答復如下:\n"
        "路面積水排到石塘村村民住宅區,造成石塘村村民住宅區經常水浸。\n"
        "目前我局正在辦理市政道路排水設施清疏的采購程序,待采購完成后,安排清疏。\n"
        "非常感謝您對我區水務工作的關心和支持。\n"
    ).reply
    assert r.issuer is None or not r.issuer.startswith("办理")


def test_the_metadata_source_names_the_department_over_the_portals_government() -> None:
    r = _page(
        "首页 > 政务公开 > 青川县人民政府 > 政协提案\n"
        "关于对青川县政协第九届第二次会议第5号提案的答复\n"
        "索  引  号 K1/2024-001 主题分类\n"
        "发布机构 青川县人民政府 发布日期 2024-08-23 18:26\n"
        "来        源 青川县畜牧兽医局\n\n"
        "李望舒委员：\n　　您提出的提案收悉，我局高度重视，现答复如下：\n"
        "　　该项目建成后，我局将派技术人员指导种植燕麦。\n"
    ).reply
    assert r.issuer == "青川县畜牧兽医局"
    assert any("source line" in n.reason for n in r.review)


def test_a_project_told_by_its_figures_is_no_commitment() -> None:
    letter = _page(
        "青川县卫生健康委员会关于县九届人大二次会议第31号建议的答复\n祁梦远代表：\n"
        "　　您提出的建议收悉，现答复如下：\n"
        "　　今年来，我委联合发改部门积极推动城东卫生院改造项目落地，目前已完成项目的立项和申报等"
        "前期工作，待省里审批后正式启动。\n"
        "　　该项目总投资900万元，总改造面积5000㎡，其中在城东卫生院将门诊楼约3000㎡的业务用房"
        "改造成发热门诊。届时，全县发热患者救治能力将进一步提升。\n"
        "　　感谢您对卫生健康工作的关心和支持。\n青川县卫生健康委员会\n2024年6月3日\n"
    )
    assert opens(letter, ["今年来，我委联合发改部门积极推动"])
    assert letter.commitments[0].text.endswith("待省里审批后正式启动。")


def test_a_report_upward_on_the_feedback_to_views_gathered_is_refused() -> None:
    with pytest.raises(NotALetterError, match="feedback given to views gathered"):
        _page(
            "标 题: 青川县林业局关于2024年“政府开放日”意见建议反馈情况的报告\n"
            "青川县林业局关于2024年“政府开放日”意见建议反馈情况的报告\n\n"
            "　　2024年12月，我局开展“政府开放日”活动，征集到群众意见建议3条，现将反馈情况汇报如下：\n"
            "　　问题一：加强护林员培训\n"
            "　　回复：下一步，我局将每季度组织一次护林员培训。\n"
        )


def test_names_parted_by_commas_in_the_salutation() -> None:
    r = _page(
        "祁梦远,李望舒等代表:\n您提出的建议,转我单位办理,现将办理情况答复如下:\n"
        "下一步,我镇将在东岭村增设路灯。\n青川县东岭镇人民政府\n2024年6月3日\n"
    ).reply
    assert r.addressees == ("祁梦远", "李望舒")
    assert r.role == "代表"


def test_a_salutation_run_into_a_table_rows_key() -> None:
    r = _page(
        "| 标 题: | 关于增设东岭公交站点的建议 |\n"
        "| 问题答复: | 李望舒代表: 您提出的建议已收悉,现答复如下: 下一步,我局将在东岭村增设公交站点。 |\n"
    ).reply
    assert r.addressees == ("李望舒",)


def test_a_numbered_point_outside_the_bureaus_remit_is_no_commitment() -> None:
    letter = _letter(
        "　　为解决北岭片区灌溉问题，我局将从以下两个方面开展工作：\n"
        "　　一、对北岭片区渠系进行排查，对破损渠段进行修复。\n"
        "　　二、北岭渠占用集体土地的问题，经与村委会沟通，不属于我局管理范畴，"
        "建议由镇政府协调解决。\n"
    )
    assert opens(letter, ["对北岭片区渠系进行排查"])


def test_a_handling_forms_answer_is_read_as_the_reply() -> None:
    # a form with its keys (提案名称, 交办时间, 办结时间, 主要承办单位) and the answer under 办理回复:
    letter = _page(
        "索引号 660600/2024-000123 发布机构 人民政府\n文号 公开日期 2024-09-20\n\n"
        "青川市政协六届三次会议提案办理回复单\n\n"
        "提案名称:关于增加城区公办幼儿园学位的建议\n\n"
        "交办时间:2024812日办结时间:2024826\n\n"
        "主要承办单位:青川市教育局\n\n协办、会办单位:\n\n办理回复:\n\n"
        "城区现有公办幼儿园4所，东湖小区配套幼儿园已完成回购。今年10月将东湖小区配套幼儿园"
        "由民办转为公办，可开设9个教学班。拟定为第五幼儿园，该园能容纳270名幼儿。\n\n"
        "在城南新区，拟计划建设一所公办幼儿园，目前资金尚未到位，到位后将开工建设。\n"
    )
    r = letter.reply
    assert r.issuer == "青川市教育局"
    assert r.session == "青川市政协六届三次会议"
    assert r.kind == "提案"
    assert r.reply_date == date(2024, 8, 26)
    assert opens(letter, ["今年10月将东湖小区配套幼儿园", "在城南新区，拟计划建设一所"])


def test_a_handling_result_table_with_no_answer_key_is_still_refused() -> None:
    with pytest.raises(NotALetterError):
        _page(
            "青川市2024年政协提案办理结果公开表\n"
            "序号 | 提案名称 | 承办单位 | 办理结果\n"
            "1 | 关于增加公办幼儿园学位的建议 | 市教育局 | A类\n"
            "2 | 关于改造城南路的建议 | 市交通运输局 | B类\n"
        )


def test_a_forms_keys_around_the_answer_are_no_salutation_and_name_the_deputies() -> None:
    # 办理结果： is the key of the answer, not a body addressed; 代表姓名 lists who is answered
    r = _page(
        "青川县公安局交警大队\n关于县十届人大三次会议第5号代表建议办理情况的复函\n"
        "代表姓名:李望舒、祁梦远、上官平\n建议内容: 关于东岭路口增设信号灯的建议\n办理结果:\n"
        "您提出的关于东岭路口增设信号灯的建议收悉,现答复如下:\n"
        "下一步,我大队将在东岭路口增设信号灯。\n青川县公安局交警大队\n2024年7月23日\n"
    ).reply
    assert r.addressees == ("李望舒", "祁梦远", "上官平")


def test_a_salutation_with_a_greeting_before_its_colon() -> None:
    r = _page(
        "李望舒代表,您好:\n您提出的《关于东岭街保洁的建议》已收悉,现答复如下:\n"
        "下一步,我局将增加东岭街保洁频次。\n青川县城市管理局\n2024年7月23日\n"
    ).reply
    assert r.addressees == ("李望舒",)
    assert r.role == "代表"


def test_a_bracketed_key_before_the_handlers_name_and_a_date_missing_its_year_word() -> None:
    r = _page(
        "青川县交通运输局关于县九届人大二次会议第8号建议的答复\n李望舒代表：\n"
        "　　您提出的建议收悉，现答复如下：\n　　下一步，我局将改造东岭路。\n"
        "【承办单位】:县交通运输局\n\n电话解答:0539-0000000\n"
    ).reply
    assert r.issuer == "青川县交通运输局"
    dated = _page(
        "青川县交通运输局关于县九届人大二次会议第8号建议的答复\n李望舒代表：\n"
        "　　您提出的建议收悉，现答复如下：\n　　下一步，我局将改造东岭路。\n"
        "青川县交通运输局\n\n20246月14\n\n主管领导姓名:李某 联系电话:0000000\n"
    ).reply
    assert dated.reply_date == date(2024, 6, 14)


@pytest.mark.parametrize(
    ("title", "issuer", "session", "number"),
    [
        (
            "对青川市政协六届二次会议关于改善环卫车辆排渣问题提案的答复",
            None,
            "青川市政协六届二次会议",
            None,
        ),
        (
            "青川市住房和城市更新局对市六届三次会议人大第16号意见的答复",
            "青川市住房和城市更新局",
            "市六届三次会议",
            "16",
        ),
    ],
)
def test_titles_that_open_with_the_session_or_call_the_paper_an_opinion(
    title: str, issuer: str | None, session: str, number: str | None
) -> None:
    r = _page(
        f"{title}\n李望舒委员：\n　　您提出的提案收悉，现答复如下：\n"
        "　　下一步，我局将改造东岭路。\n青川市住房和城市更新局\n2024年6月3日\n"
    ).reply
    if issuer is not None:
        assert r.issuer == issuer
    assert r.session == session
    assert r.number == number


def test_a_handler_line_with_the_forms_next_keys_after_the_name() -> None:
    r = _page(
        "对县八届政协一次会议第134号提案的答复\n李望舒委员：\n　　您提出的提案收悉，现答复如下：\n"
        "　　下一步，我局将改造东岭路公厕。\n"
        "承办单位:青川县住房和城乡建设局 单位负责人: 二〇二二年八月三十日\n"
    ).reply
    assert r.issuer == "青川县住房和城乡建设局"


def test_dated_sentences_and_measures_after_a_marker_sentence_under_a_heading() -> None:
    letter = _page(
        "青川区卫生健康局关于区九届人大二次会议第31号建议的答复\n祁梦远代表：\n"
        "　　您提出的建议收悉，现答复如下：\n一、工作推进情况\n　　今年我局新建服务站2个。\n"
        "二、下一步工作打算\n"
        "下一步，我局将继续加大社区卫生服务站建设力度。年底前在东岭、石塘两个新建社区各建成1个"
        "服务站。明年上半年为全区现有12个服务站配齐心电图机等基本设备。推动每个服务站至少配备"
        "2名全科医生。探索在服务站开设夜间门诊。\n"
        "感谢您对卫生健康工作的关心和支持。\n青川区卫生健康局\n2022年5月6日\n"
    )
    assert opens(
        letter,
        [
            "下一步，我局将继续加大社区卫生",
            "年底前在东岭、石塘两个新建社区",
            "明年上半年为全区现有12个服务站",
            "推动每个服务站至少配备2名全科",
            "探索在服务站开设夜间门诊",
        ],
    )


def test_the_issuer_by_its_kind_as_the_subject_of_a_later_clause_and_a_readiness_to_act() -> None:
    street = _page(
        "青川市东岭街道办事处关于市九届人大二次会议第9号建议的答复\n李望舒代表：\n"
        "　　您提出的建议收悉，现答复如下：\n"
        "　　目前已有4个社区设有文体中心，因原建设小区空间有限，未预留室内活动场地，在有条件的社区，"
        "办事处将尽最大可能按照规范化社区要求建设活动场地。\n"
        "青川市东岭街道办事处\n2024年6月3日\n"
    )
    assert opens(street, ["在有条件的社区，办事处将尽最大"])
    police = _page(
        "青川市公安局交警大队关于市九届人大二次会议第5号建议的答复\n李望舒代表：\n"
        "　　您提出的建议收悉，现答复如下：\n"
        "　　交警大队对东岭路口进行了实地调研，并与东岭新区管委进行了沟通，准备将新区管委原有备用的"
        "移动信号灯放置在此路口。\n青川市公安局交警大队\n2024年6月3日\n"
    )
    assert opens(police, ["准备将新区管委原有备用的移动"])


def test_what_a_finished_project_helps_is_no_commitment() -> None:
    letter = _letter(
        "　　下一步，我局将改造北岭片区渠系。项目建成后，将有助于解决北岭片区灌溉难的问题。\n"
    )
    assert opens(letter, ["下一步，我局将改造北岭片区渠系"])


def test_an_answer_in_an_officials_mailbox_is_refused() -> None:
    with pytest.raises(NotALetterError, match="mailbox"):
        _page(
            "当前位置:市长信箱回复\n东岭小区东侧巷道问题\n2024-09-01\n问题:\n信件原文\n"
            "东岭小区东侧有个垃圾点，积水严重，望有关部门管下。\n回复:\n"
            "市市容局答复如下：此处垃圾点是修路留下的坑，环卫处马上组织人员填坑、清运垃圾。\n"
        )


def test_a_sites_record_with_tabs_above_an_answer_that_has_no_salutation() -> None:
    # 建议人/主办单位/答复时间 keys, then the page's tabs (答复内容 / 建议内容), then the answer with
    # no salutation; its closing (以上是对您所提建议的答复) names the paper but opens nothing
    letter = _page(
        "对《关于建设东岭现代农业园的建议》的答复(县十七届人大五次会议第33号建议)\n"
        "县十七届人大五次会议\n33\n建议人: 祁梦远\n主办单位: 青川县自然资源局\n"
        "答复时间: 2021-05-26\n  • 答复内容\n  • 建议内容\n\n"
        "近年来,县政府出台了扶持政策,设施农业发展壮大。下一步我局将在国土空间规划编制工作中,"
        "统筹全县农业产业资源,加快东岭片区土地综合整治。\n\n"
        "以上是对您所提建议的答复,真诚感谢您对自然资源事业的关心和支持。\n\n"
        "青川县自然资源局\n\n2021年5月26日\n"
    )
    assert opens(letter, ["下一步我局将在国土空间规划编制工作中"])
    # the session is the one in the title's brackets, not the title before it
    assert letter.reply.session == "县十七届人大五次会议"


def test_the_first_of_a_bare_records_two_dates_is_the_letters() -> None:
    # a metadata block copied without its keys: 索引号's value, 发布机构, 主题分类, then two dates
    # (成文日期, 发布日期); no date at the signature
    r = _page(
        "• 00529508X/2023-00092\n  • 青川县水利局\n  • 人大建议\n  • 2023-09-25\n"
        "  • 2023-09-28\n关于县人大十五届三次会议第144号建议的答复\n祁梦远代表：\n"
        "　　您提出的建议收悉，现答复如下：\n　　下一步，我局将疏通东岭沟。\n青川县水利局\n"
    ).reply
    assert r.reply_date == date(2023, 9, 25)
    assert r.published == date(2023, 9, 28)


def test_a_strived_step_after_a_report_and_a_wait_for_approval() -> None:
    # ……积极对接市水务局，力争将……列入……，年底完成: the 力争 clause, not only its date;
    # 等市农业农村局批复后，进行……: 等 opening a sentence waits as 待 does
    letter = _letter(
        "　　近期，我局积极对接市水务局，力争将东岭河综合治理列入2024年度重点水利工程，"
        "2024年底完成。\n"
        "　　目前项目初步设计已经完成。等市农业农村局批复后，进行造价评审、招标和施工。\n"
    )
    assert opens(letter, ["力争将东岭河综合治理列入", "等市农业农村局批复后，进行造价"])


def test_the_marker_and_the_letters_voice_with_an_effort_word_and_no_will() -> None:
    letter = _letter(
        "　　今年我局完成灌溉渠改造3公里。下一步我们积极争取上级资金支持，加快东岭片区渠系改造。\n"
    )
    assert opens(letter, ["下一步我们积极争取上级资金支持"])


def test_a_report_announced_with_its_colon_is_no_list_of_commitments() -> None:
    # 现将具体情况汇报如下：the 将 of a report, not a will: the points are read sentence by sentence
    letter = _letter(
        "　　您提出的建议，我局高度重视。现将具体情况汇报如下：\n"
        "　　1、东岭路由市城乡建设局负责修建，目前规划未定。我局将积极与市级相关单位对接，"
        "及时跟进该路最新进展。\n"
        "　　2.石塘路长1173米，现已建成通车并投入使用。\n"
    )
    assert opens(letter, ["我局将积极与市级相关单位对接"])


def test_an_answer_that_is_a_list_of_measures_in_bare_verbs() -> None:
    # 一、开展……  二、加强……  三、推动……: measures to take, nothing in them done
    letter = _letter(
        "　　一、开展资源普查工作，摸清全县文化和旅游资源底数。\n"
        "　　二、加强旅游品牌建设工作，积极申报创建国家级旅游度假区。\n"
        "　　三、推动乡村旅游可持续发展，启动乡村旅游重点项目库建设。\n"
        "　　四、丰富全民健身赛事活动，持续开展登山、徒步系列活动。\n"
    )
    assert opens(
        letter,
        [
            "开展资源普查工作",
            "加强旅游品牌建设工作",
            "推动乡村旅游可持续发展",
            "丰富全民健身赛事活动",
        ],
    )
    # the same shape telling what was done is not
    done = _letter(
        "　　一、开展资源普查工作，摸清了全县文化和旅游资源底数。\n"
        "　　二、加强旅游品牌建设工作，已创建国家级旅游度假区1个。\n"
        "　　三、推动乡村旅游发展，2023年启动乡村旅游重点项目库建设。\n"
    )
    assert opens(done, [])


def test_a_sites_corner_is_no_district_to_complete_a_name_with() -> None:
    r = _page(
        "设为首页 加入收藏 繁体中文 无障碍阅读 长者专区\n"
        "名称 关于县政协十届五次会议第48号提案的答复\n"
        "发布日期 2020-12-18 发布机构 县文化和旅游局\n"
        "关于县政协十届五次会议第48号提案的答复\n向能来委员：\n"
        "　　您提出的提案收悉，青川县文化和旅游局高度重视，现答复如下：\n"
        "　　下一步，我局将编印青川红色歌谣读本。\n"
    ).reply
    assert r.issuer == "青川县文化和旅游局"


def test_later_as_a_marker_after_thanks_that_announce_the_work_below() -> None:
    # the thanks line opening the body announces the work (做好以下工作。): it is no closing
    letter = _page(
        "王立光代表：\n您提出的《关于增设便民服务站的建议》已收悉，现答复如下：\n"
        "感谢您多年来对社区工作的关心，针对您提出的建议，区政府一直努力做好以下工作。\n"
        "一、就业服务方面，目前我区有部分社区开设了就业服务站。\n"
        "日后，我们将继续指导社区引进第三方服务机构开展便利服务。\n"
    )
    assert opens(letter, ["日后，我们将继续指导社区引进"])


def test_a_session_line_whose_title_was_lost_in_the_copy() -> None:
    r = _page(
        "云民政法〔2019〕38号\n对政协云南省十二届二次会议\n杨福丽、王晓芸委员:\n"
        "　　你们提出的《关于推行文明殡葬的建议》(第0591号)已收悉，现答复如下：\n"
        "　　下一步，我们将推进公益性公墓建设。\n"
    ).reply
    assert r.session == "政协云南省十二届二次会议"


def test_a_title_whose_proposal_title_stands_in_brackets_after_its_number() -> None:
    r = _page(
        "对市十九届人大一次会议第20170382号建议(关于改造东岭足球场地的建议)的答复\n"
        "李金涛代表：\n　　您提出的建议收悉，现答复如下：\n"
        "　　对此，我们将积极向有关部门反映东岭足球场地的规划建设。\n"
    ).reply
    assert r.number == "20170382"
    assert r.session == "市十九届人大一次会议"


def test_names_before_their_congress_and_role_in_a_salutation() -> None:
    r = _page(
        "青川区财政局关于区十届人大二次会议第36号建议的答复\n张德康、邓洪钧等人大代表：\n"
        "　　你们提出的建议收悉，现答复如下：\n　　下一步，我局将安排东岭小学改造资金。\n"
    ).reply
    assert r.addressees == ("张德康", "邓洪钧")


def test_a_feeling_of_the_tasks_weight_and_orders_followed_are_no_commitment() -> None:
    letter = _letter(
        "　　今年我局新建东岭全民健身广场1个。\n"
        "　　同时，我们也深感满足群众健身需求任重道远，"
        "我们会按照县委、县政府的要求，不断努力，不断完善。\n"
    )
    assert opens(letter, [])


def test_a_numbered_measure_of_help_goes_on_from_a_promising_one() -> None:
    letter = _letter(
        "　　一、整合多方力量。我局将与各镇政府协调，组建镇村消防宣传员队伍。\n"
        "　　二、积极配合协助消防救援部门开展防火安全教育，提高群众防火意识。\n"
    )
    assert opens(letter, ["我局将与各镇政府协调", "积极配合协助消防救援部门开展"])


def test_a_brigade_recommending_to_another_body_promises_nothing() -> None:
    letter = _letter(
        "　　一、我大队将安排专业人员对东岭小区门口路网进行勘查。\n"
        "　　二、我大队建议市公安局下一步将该路段治安监控系统列入建设计划。\n"
    )
    texts = [c.text for c in letter.commitments]
    assert len(texts) == 1 and "安排专业人员" in texts[0]


def test_a_lead_to_the_points_below_ending_in_a_full_stop() -> None:
    letter = _letter(
        "　　对于你所提建议，我们将通过以下几点加强乡镇垃圾收集、处理的管理。\n"
        "　　一、以整脏治乱工作为载体，协助开展爱国卫生知识宣传。\n"
        "　　二、指导各乡镇在公路沿线合理设定垃圾池，定期清运生活垃圾。\n"
        "　　三、加强对乡镇垃圾处理工作的管理，指导各乡镇建立垃圾处理场。\n"
    )
    assert opens(
        letter,
        ["以整脏治乱工作为载体", "指导各乡镇在公路沿线合理设定", "加强对乡镇垃圾处理工作的管理"],
    )


def test_a_plans_heading_with_no_time_word() -> None:
    letter = _letter(
        "　　一、工作开展情况\n　　今年我局整治山坪塘12口。\n　　二、工作打算\n"
        "　　（一）积极协调农业部门加大对山坪塘整治的资金投入。\n"
        "　　（二）年底前完成东岭水库除险加固。\n"
    )
    assert opens(letter, ["积极协调农业部门加大对山坪塘", "年底前完成东岭水库除险加固"])


def test_a_first_step_and_the_next_one_are_two_commitments() -> None:
    letter = _letter(
        "　　经实地勘查，灌渠渗漏严重，接下来拟先清理疏通东西灌渠淤泥，"
        "下一步将16.5千米土渠纳入三面光工程建设实施，争取涉农资金统筹解决。\n"
    )
    assert opens(letter, ["接下来拟先清理疏通东西灌渠淤泥", "下一步将16.5千米土渠纳入"])


def test_a_marker_after_a_report_with_the_act_and_no_will() -> None:
    letter = _letter(
        "　　通过协调，市供水公司已将东岭片区纳入供水改造项目设计范围，"
        "下步视资金落实情况，再对东岭片区进行逐步改造。\n"
    )
    assert opens(letter, ["下步视资金落实情况，再对东岭片区"])


def test_later_phase_as_a_marker() -> None:
    letter = _letter("　　今年已建成灌溉泵站2座。后期，新区将结合高标准农田项目改造东岭渠系。\n")
    assert opens(letter, ["后期，新区将结合高标准农田项目"])


def test_an_item_that_reports_under_its_title_and_promises_at_its_end() -> None:
    letter = _page(
        "槐川县教育局关于县九届人大二次会议第31号建议的答复\n祁梦远代表：\n"
        "　　您提出的建议收悉，现答复如下：\n"
        "　　一是推进课后服务提质。今年已在12所学校开展课后服务。下一步将在东岭小学试点课后托管服务。\n"
        "　　二是保障村校延时服务经费。我县已建立经费保障机制，对困难学生实行免费。"
        "2022年已补助课后服务经费261万元。县教育局将积极协调财政设立专项资金，保障农村学校课后服务。\n"
        "　　感谢您对教育工作的关心和支持。\n槐川县教育局\n2024年5月6日\n"
    )
    funds = [c for c in letter.commitments if "专项资金" in c.text]
    assert len(funds) == 1 and funds[0].text.startswith("县教育局将积极协调财政设立专项")
    assert funds[0].area == "保障村校延时服务经费"
    assert not any("261万元" in c.text for c in letter.commitments)


def test_a_plans_lead_run_into_its_first_numbered_item() -> None:
    letter = _letter(
        "　　2022年，我局计划在维修资金十分困难的情况下，一是计划修建东岭排水设施。拟修建北环路"
        "排水管道，分流山洪。二是努力修补排水设施。修复原有排洪渠，清除堵塞物。"
        "三是加强城市治理。及时巡查县城排水设施。\n"
    )
    assert opens(letter, ["计划修建东岭排水设施", "努力修补排水设施", "加强城市治理"])


def test_a_delegations_number_and_a_session_the_deputy_proposed_in() -> None:
    r = _page(
        "关于省十三届人大一次会议温36号建议的答复\n蓝德云代表：\n"
        "　　您在县十七届人大五次会议提出的建议收悉，现答复如下：\n"
        "　　下一步，我厅将推进东岭公路改建。\n"
    ).reply
    assert r.number == "36"
    body = _page(
        "周章惠代表：\n　　您在县十七届人大五次会议提出的《关于硬化东岭村道的建议》收悉，现答复如下：\n"
        "　　下一步，我局将把东岭村道列入年度计划。\n"
    ).reply
    assert body.session == "县十七届人大五次会议"
