"""The issuer in the shapes that leave it hard to read, and titles printed only as metadata.

One small letter of our own for each shape, in tests/letters/issuer/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker import extract
from tracker import issuers as iss
from tracker.model import Reply

LETTERS = Path(__file__).resolve().parent / "letters" / "issuer"


def read(name: str) -> Reply:
    """The reply read from one of the letters in tests/letters/issuer/."""
    return extract.read_letter(LETTERS / name).reply


def notes(r: Reply, field: str = "issuer") -> list[str]:
    """The review reasons a reply carries for one field."""
    return [n.reason for n in r.review if n.field == field]


@pytest.mark.parametrize(
    ("name", "issuer"),
    [
        ("township-gov.txt", "石门乡人民政府"),  # 乡政府 signs, the title prints 人民政府
        ("short-name.txt", "青峪县交通局"),  # 县交通局 in the title, its place in the signature
        ("title-without-county.txt", "青峪县教育局"),
        ("split-signature.txt", "青峪县住房和城乡建设局"),  # the name broken over two lines
        ("county-office-publisher.txt", "青峪县市场监督管理局"),  # 发布机构 is the county's office
        ("spaced-signature.txt", "青峪县城市管理局"),  # 青 峪 县 城 市 管 理 局
        ("sealed-signature.txt", "青峪县自然资源局"),  # …（盖章）
        ("gov-source-line.txt", "青峪县教育局"),  # 来源：青峪县人民政府办公室
        ("letterhead.txt", "青峪县交通运输局"),  # printed over the title, no signature
        ("letterhead-wenjian.txt", "青峪县水利局"),  # 青峪县水利局文件 (峪水函 alone says 水务)
        ("title-answer-verb.txt", "青峪县退役军人事务局"),  # …局答复县…第97号建议
        ("city-in-signature.txt", "浔阳市青峪县交通运输局"),  # the signature adds the city
    ],
)
def test_issuer_read_as_printed(name: str, issuer: str) -> None:
    r = read(name)
    assert r.issuer == issuer
    assert r.issuer_inferred is None
    assert notes(r) == []


def test_office_signature_gives_way_to_the_page_source_line() -> None:
    r = read("office-signature-source-line.txt")
    assert r.issuer == "青峪县交通运输局" and r.issuer_inferred is None
    [why] = notes(r)
    assert "办公室" in why and "source line" in why and "inferred 青峪县交通运输局" in why


def test_county_office_signing_for_a_bureau_that_speaks_as_wo_ju() -> None:
    r = read("county-office-signs.txt")
    assert r.issuer == "青峪县农业农村局"
    [why] = notes(r)
    assert "青峪县人民政府办公室" in why and "峪农函" in why


def test_the_portal_office_in_the_source_line_is_not_the_issuer() -> None:
    text = (LETTERS / "gov-source-line.txt").read_text(encoding="utf-8")
    text = text.replace("青峪县教育局\n2024年7月19日", "2024年7月19日")
    r = extract.parse_letter(text, source_path="seeds/x.txt", sha256="0" * 64).reply
    assert r.issuer is None and r.issuer_inferred is None  # neither the office nor 公安局
    assert "does not say who wrote it" in notes(r)[0]


def test_a_bureau_office_signing_is_the_bureau() -> None:
    r = read("bureau-office-signs.txt")
    assert r.issuer == "青峪县交通运输局"
    [why] = notes(r)
    assert "青峪县交通运输局办公室" in why


def test_issuer_from_the_site_footer_is_set_and_listed_for_review() -> None:
    r = read("footer-host.txt")
    assert r.issuer == "青峪县卫生健康局"
    [why] = notes(r)
    assert "footer" in why


def test_issuer_from_a_county_document_number_prefix() -> None:
    r = read("inferred-number-prefix.txt")  # 峪医保函: the county's own character, then 医保
    assert r.issuer == "青峪县医疗保障局"
    [why] = notes(r)
    assert "峪医保函" in why


def test_joint_reply_takes_the_lead_body_and_says_so() -> None:
    r = read("joint-reply.txt")
    assert r.issuer == "青峪县水利局"
    [why] = notes(r)
    assert "青峪县农业农村局" in why and "joint" in why


def test_an_inference_that_is_no_body_name_is_never_set() -> None:
    assert not iss.looks_like_body("联合省教育厅")
    assert iss.joint_bodies("联合省教育厅 青峪县财政局") == ("联合省教育厅 青峪县财政局",)
    assert not iss.names_place("县教育局") and not iss.names_place("办公室")
    assert iss.names_place("石门乡人民政府") and iss.names_place("青峪县城东街道办事处")


def test_an_issuer_with_no_place_is_only_named_for_review() -> None:
    text = (LETTERS / "inferred-number-prefix.txt").read_text(encoding="utf-8")
    text = text.replace("青峪县城乡居民医保参保人数为31.2万人。", "")
    r = extract.parse_letter(text, source_path="seeds/x.txt", sha256="0" * 64).reply
    # a type of bureau is no body's name: named for review only, never set as the issuer
    assert r.issuer is None and r.issuer_inferred is None
    [why] = notes(r, "issuer_inferred")
    assert "医疗保障局 is inferred without its place" in why and "add the place" in why


@pytest.mark.parametrize(
    ("name", "session", "number", "kind"),
    [
        ("meta-title-key.txt", "县十九届人大二次会议", "29", "建议"),  # 标题：… in a list
        ("meta-name-table.txt", "县政协十一届三次会议", "61", "提案"),  # 名　　称 in a table
        ("meta-file-name-alone.txt", "县十九届人大二次会议", "72", "建议"),  # 文件名称： alone
    ],
)
def test_title_printed_only_as_metadata(name: str, session: str, number: str, kind: str) -> None:
    r = read(name)
    assert (r.session, r.number, r.kind) == (session, number, kind)
    assert [n.field for n in r.review] == []  # nothing inferred: the title says it all
    assert r.id.endswith(number)


def test_title_with_answer_verb_gives_session_and_number() -> None:
    r = read("title-answer-verb.txt")
    assert (r.session, r.number, r.kind) == ("县十九届人大二次会议", "97", "建议")


def test_a_portal_name_over_the_title_is_no_letterhead() -> None:
    text = "青峪县人民政府\n\n" + (LETTERS / "office-signature-source-line.txt").read_text(
        encoding="utf-8"
    )
    r = extract.parse_letter(text, source_path="seeds/x.txt", sha256="0" * 64).reply
    assert r.issuer == "青峪县交通运输局"


def test_joint_signature_one_body_a_line() -> None:
    text = (LETTERS / "joint-reply.txt").read_text(encoding="utf-8")
    text = text.replace("青峪县水利局　青峪县农业农村局关于", "关于").replace(
        "青峪县水利局　　　青峪县农业农村局\n", "青峪县水利局\n青峪县农业农村局\n"
    )
    r = extract.parse_letter(text, source_path="seeds/x.txt", sha256="0" * 64).reply
    assert r.issuer == "青峪县水利局"
    assert "青峪县农业农村局" in notes(r)[0]


@pytest.mark.parametrize("head", ["主题分类：\n", "发布机构：青峪县自然资源局\n有效性：\n"])
def test_title_after_a_metadata_key_left_empty(head: str) -> None:
    text = (LETTERS / "meta-title-key.txt").read_text(encoding="utf-8")
    keep = "青峪县自然资源局关于县十九届人大二次会议第29号建议答复的函"
    body = text[text.index("孙国平代表") :]
    r = extract.parse_letter(
        head + keep + "\n\n" + body, source_path="seeds/x.txt", sha256="0" * 64
    ).reply
    assert (r.issuer, r.session, r.number) == ("青峪县自然资源局", "县十九届人大二次会议", "29")


def test_a_public_utility_printed_in_title_and_signature() -> None:
    text = (LETTERS / "township-gov.txt").read_text(encoding="utf-8")
    text = text.replace("石门乡人民政府关于", "国网青峪县供电公司关于").replace(
        "石门乡政府\n", "国网青峪县供电公司\n"
    )
    letter = extract.parse_letter(text, source_path="seeds/x.txt", sha256="0" * 64)
    assert letter.reply.issuer == "国网青峪县供电公司" and letter.warnings == ()
    spam = text.replace("国网青峪县供电公司", "鑫彩娱乐城供电公司")
    assert extract.parse_letter(spam, source_path="seeds/y.txt", sha256="0" * 64).reply.issuer != (
        "鑫彩娱乐城供电公司"
    )


@pytest.mark.parametrize(
    "title",
    [
        "青峪县住房和城乡建设局关于县十九届人大二次\n会议第33号建议的答复",  # broken after the issuer
        "青峪县住房和城乡\n建设局关于县十九届人大二次会议第33号建议的答复",  # inside it
    ],
)
def test_title_broken_over_two_lines(title: str) -> None:
    text = (LETTERS / "split-signature.txt").read_text(encoding="utf-8")
    text = text.replace("关于县十九届人大二次会议第33号建议的答复", title)
    text = text.replace("青峪县住房和城乡\n建设局\n", "")  # no signature to fall back on
    r = extract.parse_letter(text, source_path="seeds/x.txt", sha256="0" * 64).reply
    assert (r.issuer, r.session, r.number) == (
        "青峪县住房和城乡建设局",
        "县十九届人大二次会议",
        "33",
    )
    assert notes(r) == []


_BODY = (
    "李明代表：\n    您提出的《关于改善农村道路的建议》收悉。现答复如下：\n"
    "    近年来，共改造农村道路12公里。\n    下一步，我局将在年内完成改造。\n"
    "    感谢您的关心和支持。\n\n"
)
_TITLE = "关于县十届人大二次会议第5号建议的答复\n\n"


@pytest.mark.parametrize(
    ("text", "issuer"),
    [
        # the title cuts the name short (石岭镇), the signature gives it whole
        (
            "石岭镇关于县十届人大二次会议第5号建议的答复\n\n"
            + _BODY.replace("我局", "我镇")
            + "石岭镇人民政府\n2024年5月6日\n",
            "石岭镇人民政府",
        ),
        # one name printed with a space in it
        ("青山县 交通运输局关于县十届人大二次会议第5号建议的答复\n\n" + _BODY, "青山县交通运输局"),
        # the metadata names the bureau without its county; the letter names the county
        (
            "发文机关：县交通运输局\n发布日期：2024-05-08\n\n"
            + _TITLE
            + _BODY.replace("近年来，共", "近年来，青山县共"),
            "青山县交通运输局",
        ),
        # signed without the county; only the site's footer names it
        (
            _TITLE + _BODY + "县交通运输局\n2024年5月6日\n\n主办单位：青山县人民政府办公室\n",
            "青山县交通运输局",
        ),
    ],
    ids=["title-cut-short", "spaced-title", "metadata-without-place", "site-footer-place"],
)
def test_the_issuer_is_a_whole_name_with_its_place(text: str, issuer: str) -> None:
    assert extract.parse(extract.stored_text(text)).issuer.issuer == issuer


NAVIGATION_ONLY = """\
您当前所在位置: 首页>部门信息公开目录>市水务局>建议提案办理

关于对市三届人大二次会议第40号建议的答复

柯梦川代表：

    您提出的《关于整治槐溪下游河道淤积的建议》收悉，现答复如下：

    槐溪下游河道去年汛后淤积约1.2万立方米，我局已组织清淤6000立方米。

    下一步，我局将在明年汛前完成剩余河段清淤，并在沿岸增设水位监测点两处。
"""


def test_a_bureau_only_the_navigation_names_without_a_place_is_named_for_review() -> None:
    r = extract.parse_letter(NAVIGATION_ONLY, source_path="seeds/x.txt", sha256="0" * 64).reply
    # the page prints no place at all: the bureau is named so that a person can add it
    assert r.issuer is None and r.issuer_inferred is None
    [why] = notes(r, "issuer_inferred")
    assert "市水务局 is inferred without its place" in why and "navigation" in why


def test_a_navigation_bureau_is_not_named_when_the_letter_is_not_a_bureau_s() -> None:
    text = NAVIGATION_ONLY.replace("我局", "我办")
    r = extract.parse_letter(text, source_path="seeds/x.txt", sha256="0" * 64).reply
    assert r.issuer is None
    assert not any("navigation" in w for w in notes(r, "issuer_inferred"))


def test_an_autonomous_county_naming_several_peoples_is_a_place() -> None:
    assert iss.names_place("峤山苗族瑶族侗族自治县文化广电和旅游局")
    assert iss.looks_like_body("峤山苗族瑶族侗族自治县文化广电和旅游局")
    assert iss.split_issuer("峤山苗族瑶族侗族自治县教育局") == (
        ("峤山苗族瑶族侗族自治县",),
        "教育局",
    )


def test_a_joint_report_naming_two_departments_as_often_names_no_writer() -> None:
    r = read("joint-report-two-departments.txt")
    assert r.issuer is None and r.issuer_inferred is None
    [why] = notes(r)
    assert "青峪县交通运输局 and 青峪县城市管理局" in why and "joint report" in why


def test_a_closing_thanking_for_the_county_s_water_work_infers_the_water_bureau() -> None:
    r = read("closing-thanks-field.txt")
    assert r.issuer == "青峪县水利局" and r.issuer_inferred is None
    [why] = notes(r)
    assert "inferred 青峪县水利局" in why and "我县水利" in why


def test_a_government_s_own_document_number_names_it_when_the_letter_names_its_place() -> None:
    r = read("government-doc-number.txt")
    assert r.issuer == "青峪市峪东区人民政府" and r.issuer_inferred is None
    [why] = notes(r)
    assert "峪东政函" in why


# ---- the letter's facts and issuer as copies print them (the twenty-eighth reading round)


def _parse(text: str) -> Reply:
    return extract.parse_letter(text, source_path="seeds/x.txt", sha256="0" * 64).reply


_PLAIN = """对县十六届人大二次会议第8号建议的答复
{head}
{salute}
{opening}
渡口码头现有台阶破损约20米，雨天湿滑。
下一步，我局将在汛期前完成台阶修补。
{closing}
{tail}
"""


def _letter(**parts: str) -> str:
    base = {
        "head": "",
        "salute": "杭秀莲代表：",
        "opening": "您提出的《关于修缮渡口码头的建议》收悉，现答复如下：",
        "closing": "感谢您对我局工作的关心和支持。",
        "tail": "青峪县交通运输局\n2024年6月3日",
    }
    base.update(parts)
    return _PLAIN.format(**base)


@pytest.mark.parametrize(
    ("head", "doc"),
    [
        ("答复字：〔2024〕17号", "答复字〔2024〕17号"),  # a colon after the prefix, left out
        ("峪政复〔2023〕号（A类）", "峪政复〔2023〕号"),  # the serial left blank
        ("峪交〔202331                签发人：易某", "峪交〔202331"),  # 〕 and 号 lost by the copy
    ],
)
def test_a_document_number_in_a_copy_s_form_at_the_head_is_read_as_printed(
    head: str, doc: str
) -> None:
    assert _parse(_letter(head=head)).doc_number == doc


def test_a_key_is_not_read_as_the_number_s_prefix_and_a_title_is_no_number() -> None:
    assert _parse(_letter(head="文号：〔2024〕17号")).doc_number == "〔2024〕17号"
    assert _parse(_letter(head="关于〔2024〕年度的答复")).doc_number is None


def test_the_record_s_document_number_key_gives_a_number_in_another_form() -> None:
    text = "[ 索引号 ] | 1143/2024-00041 | [ 发文字号 ] | 2024-35 |\n" + _letter()
    assert _parse(text).doc_number == "2024-35"


def test_a_record_s_lead_deputy_key_is_not_the_salutation() -> None:
    text = _letter(
        head="领衔代表：鲁某平\n附议代表：杜某强、范某燕\n南街早市占道经营严重，建议整治。\n建议答复",
        salute="鲁某平等代表：",
    )
    r = _parse(text)
    assert r.addressees == ("鲁某平",) and r.role == "代表"


def test_two_character_names_padded_to_three_are_addressees() -> None:
    r = _parse(_letter(salute="邵某辉、林  娟、许某庆、方  平  代表："))
    assert r.addressees == ("邵某辉", "林娟", "许某庆", "方平")
    assert r.role == "代表"


def test_the_role_printed_with_the_proposer_s_name_when_a_body_is_addressed() -> None:
    text = _letter(
        salute="县卫生健康局：",
        opening="蓝某英委员所提出的《关于推进社区养老服务的提案》已收悉，现将我局负责部分答复如下：",
    ).replace("县十六届人大二次会议第8号建议", "县政协九届三次会议第64号提案")
    r = _parse(text)
    assert r.addressees == ("县卫生健康局",) and r.role == "委员"
    assert not notes(r, "role")  # printed, not inferred


_CATALOGUE = """关于县十六届人大二次会议第118号建议答复的函
索引号 452130007/2023-00219 文号 发布日期 2023-07-06
公开方式 主动公开 所属机构 {body} 责任部门
苏某达代表：
您提出的关于加强北部山区防火通道建设的建议收悉，现答复如下：
北部山区现有防火通道46公里，多为土路。
下一步，我局将硬化其中的12公里
"""


def test_the_body_whose_catalogue_holds_the_page_is_the_issuer() -> None:
    r = _parse(_CATALOGUE.format(body="云溪县林业局"))
    assert r.issuer == "云溪县林业局" and not notes(r)


def test_a_government_holding_a_bureau_s_page_in_its_catalogue_is_not_its_issuer() -> None:
    r = _parse(_CATALOGUE.format(body="云溪县人民政府"))
    assert r.issuer != "云溪县人民政府"


def test_a_signature_run_onto_the_contact_line_with_its_date_cut_is_the_signature() -> None:
    text = _letter(tail="联系人姓名及电话：陶某新 13907654321 松岭县民政局 2023年")
    r = _parse(text)
    assert r.issuer == "松岭县民政局" and r.reply_date is None
    assert not notes(r) and not notes(r, "issuer_inferred")


_TOWN = """对江洲区政协第九届三次会议第15号提案的答复
柯某珍委员：
您提出的《关于挖掘古镇历史文化资源的提案》收悉，现将办理情况答复如下：
接到您的提案后，镇党委和政府高度重视。{a}已完成镇区历史建筑普查建档。区文旅局也推出了古镇专题。
{b}计划在明年上半年修缮老码头。
最后，感谢您的关心。
"""


def test_a_township_telling_its_own_work_by_its_name_is_the_issuer() -> None:
    r = _parse(_TOWN.format(a="金浦镇", b="金浦镇"))
    assert r.issuer == "金浦镇人民政府"
    [why] = notes(r)
    assert "金浦镇's" in why


def test_a_township_told_at_work_in_a_bureau_s_letter_is_not_its_issuer() -> None:
    r = _parse(_TOWN.format(a="金浦镇", b="金浦镇") + "我局将继续指导。\n")
    assert r.effective_issuer != "金浦镇人民政府"
    r = _parse(_TOWN.format(a="金浦镇", b="我们"))  # told once only
    assert r.effective_issuer != "金浦镇人民政府"


_WO_ZHEN = """对县十七届人大二次会议第12号建议的答复
龙某梅代表：
您提出的关于修缮集镇中心街路面的建议收悉，现答复如下：
今年4月，我镇已组织人员对坑槽进行了临时修补。
下一步，我镇将向县交通运输局申请养护资金，年底前完成整体翻修。
{closing}
"""


def test_a_letter_speaking_as_wo_zhen_is_the_township_it_thanks_for_caring_about() -> None:
    r = _parse(_WO_ZHEN.format(closing="感谢您对石桥镇工作的关心和支持！"))
    assert r.issuer == "石桥镇人民政府"
    [why] = notes(r)
    assert "我镇" in why and "石桥镇" in why


def test_a_bureau_a_township_s_letter_asks_for_funds_is_not_proposed() -> None:
    r = _parse(_WO_ZHEN.format(closing="感谢您的关心和支持！"))
    assert r.issuer is None and r.issuer_inferred is None


_BARE_FIELD = """关于市八届人大三次会议代表建议第41号的答复
滕某霞代表：
您提出的“关于解决后湾村灌溉用水的建议”已收悉，首先，非常感谢对水利工作的关心和支持。现答复如下：
后湾村现有灌溉塘坝3座，蓄水能力下降。{named}，后湾村位于章岭市西部丘陵区。
下一步，我局将争取上级专项资金，2025年汛前完成清淤扩容。
最后，再次感谢您对水利工作的关注和支持。
"""


def test_thanks_for_a_field_and_its_bureau_named_bare_give_the_level_s_bureau() -> None:
    r = _parse(_BARE_FIELD.format(named="水利局班子对此高度重视"))
    assert r.issuer == "章岭市水利局"
    [why] = notes(r)
    assert "水利" in why and "我局" in why


def test_thanks_for_a_field_alone_name_no_bureau() -> None:
    r = _parse(_BARE_FIELD.format(named="我们对此高度重视"))
    assert r.effective_issuer is None


def test_a_prefix_naming_the_paper_is_no_office_s_abbreviation() -> None:
    text = _letter(
        head="建议字〔2024〕12号",
        closing="感谢您对我县交通运输工作的关心和支持。",
        tail="2024年6月3日",
    ).replace("《关于修缮渡口码头的建议》", "《关于青峪县渡口码头修缮的建议》")
    r = _parse(text)
    assert r.doc_number == "建议字〔2024〕12号"
    assert r.effective_issuer == "青峪县交通运输局"  # not a 住建局 read out of 建议


def test_a_region_s_water_department_is_its_shui_li_ting() -> None:
    text = (
        "桂水函〔2024〕31号\n关于自治区十四届人大二次会议第506号建议答复的函\n韦某娟代表：\n"
        "您提出的关于加快灌区续建配套的建议收悉，现答复如下：\n"
        "2023年，我厅完成了4处灌区的续建配套。\n下一步，我厅将启动其余5处灌区的改造。\n"
    )
    r = _parse(text)
    assert r.issuer == "广西壮族自治区水利厅"


def test_a_proposal_title_s_verb_is_not_part_of_the_place_it_names() -> None:
    text = _letter(
        opening="您提出的《关于修缮青峪县渡口码头的建议》收悉，现答复如下：",
        tail="县交通运输局\n2024年6月3日",
    )
    r = _parse(text)
    assert r.issuer == "青峪县交通运输局"


def test_a_copy_to_line_with_its_key_spread_out_is_no_signature() -> None:
    r = _parse(_letter(tail="抄    报：县人大常委会代表工委　县人民政府办公室"))
    assert not (r.effective_issuer or "").startswith("抄")


def test_a_township_s_party_committee_named_in_a_wo_xiang_letter_names_the_township() -> None:
    text = _WO_ZHEN.format(closing="感谢您的关心和支持！").replace(
        "今年4月，", "多年来，戌街乡党委、政府积极争取项目资金。今年4月，"
    )
    r = _parse(text.replace("我镇", "我乡"))
    assert r.issuer == "戌街乡人民政府"


def test_two_names_of_one_department_are_one_candidate_under_the_fuller_name() -> None:
    text = _letter(
        closing="感谢您对我县交通工作的关心和支持。",
        tail="2024年6月3日\n主办单位：桓台县交通运输局",
    ).replace("《关于修缮渡口码头的建议》", "《关于桓台县渡口码头修缮的建议》")
    r = _parse(text)
    assert r.issuer == "桓台县交通运输局"


def test_a_policy_verb_before_a_level_word_is_no_city() -> None:
    text = _letter(
        head="发布机构：区教育局",
        opening="您提出的《关于衢溪区城东学校扩班的建议》收悉，现答复如下：",
        tail="2024年6月3日",
    ).replace(
        "渡口码头现有台阶破损约20米，雨天湿滑。",
        "区政府高度重视，坚持市区一体，衢溪区今年新增学位800个。",
    )
    r = _parse(text)
    assert r.issuer is not None and "坚持" not in r.issuer


def test_a_request_before_a_level_s_body_is_no_place() -> None:
    text = _letter(tail="2024年6月3日", closing="感谢您的关心。").replace(
        "渡口码头现有台阶破损约20米，雨天湿滑。",
        "渡口码头现有台阶破损约20米，经商，建议县人力资源和社会保障局安排公益岗位巡查。",
    )
    r = _parse(text)
    assert not (r.effective_issuer or "").startswith("建议")


def test_an_area_word_named_twice_is_no_district() -> None:
    text = (
        "对区十届人大三次会议第21号建议的答复\n杭某莲代表：\n"
        "您提出的《关于老旧小区垃圾分类的建议》收悉，现答复如下：\n"
        "全区现有老旧小区46个，其中31个老旧小区已设置分类投放点。\n"
        "下一步，我局将为其余15个小区增设投放点。\n"
        "感谢您对我区城市管理工作的关心和支持！\n"
    )
    r = _parse(text)
    assert "旧小区" not in (r.effective_issuer or "")


def test_a_page_key_without_a_colon_is_not_glued_to_the_issuer() -> None:
    """• 文件标题 某局关于……的答复函 in a list of page keys: the key is no part of the name."""
    r = extract.read_letter(
        Path(__file__).parent / "eval/reading/dev/322-baihe-district-finance-glued-title-key.txt"
    ).reply
    assert r.effective_issuer == "白河区财政局"


@pytest.mark.parametrize(
    ("name", "issuer"),
    [
        # 教体局: a county's bureau of education and sports by its short name, in the site's record
        ("323-tianmen-city-education-sports-short-name", "市教体局"),
        # a company answering in its own voice (我集团), signed by its name
        ("324-hexi-city-water-company-own-voice", "河西水务集团有限公司"),
        # a department's section of the portal over the portal's government as source
        ("325-songyuan-county-sports-centre-section", "松源县体育中心"),
    ],
)
def test_the_thirtieth_rounds_issuers_are_read(name: str, issuer: str) -> None:
    r = extract.read_letter(Path(__file__).parent / f"eval/reading/dev/{name}.txt").reply
    assert r.effective_issuer == issuer
