"""The letter reader: the five seeds against the gold file, derived copies, other layouts, bad input."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from tracker import extract
from tracker.model import LetterError, NotALetterError, SectionKind
from tracker.text import fold, key

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "gold" / "seeds-expected.yaml"
LETTERS = ROOT / "tests" / "letters"
COMMITMENT_KEYS = ("area", "starts")


def load_gold() -> dict:
    """The gold file, read as its authors meant it.

    Its commitments are YAML flow mappings, in which a comma inside a plain value starts a new key
    ({area: 甲,乙, starts: 丙} reads as area: 甲, 乙: null). The stray keys are joined back on.
    """
    import yaml

    data = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    for facts in data.values():
        fixed = []
        for item in facts["commitments"]:
            out: dict[str, str | None] = {}
            last = None
            for k, v in item.items():
                if k in COMMITMENT_KEYS:
                    out[k] = v
                    last = k
                else:
                    assert v is None and last is not None, item
                    out[last] = f"{out[last]},{k}"
            fixed.append(out)
        facts["commitments"] = fixed
    return data


GOLD_DATA = load_gold()
SEED_NAMES = sorted(GOLD_DATA)


def read_seed(name: str) -> extract.Letter:
    return extract.read_letter(SEEDS / name, root=ROOT)


def same(a: object, b: object) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return fold(a) == fold(b)
    return a == b


# --- the seeds against the gold ------------------------------------------------------------


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_facts_match_gold(name: str) -> None:
    gold = GOLD_DATA[name]
    letter = read_seed(name)
    r = letter.reply
    contact = None if r.contact is None else {"name": r.contact.name, "phone": r.contact.phone}
    got = {
        "issuer": r.issuer,
        "issuer_as_printed": r.issuer_as_printed,
        "issuer_inferred": r.issuer_inferred,
        "co_handlers": list(r.co_handlers),
        "addressees": list(r.addressees),
        "role": r.role,
        "kind": r.kind,
        "session": r.session,
        "number": r.number,
        "title": r.title,
        "doc_number": r.doc_number,
        "category": r.category,
        "reply_date": r.reply_date,
        "published": r.published,
        "contact": contact,
    }
    for field in got:
        expected = gold.get(field)
        if isinstance(expected, list):
            assert [fold(x) for x in got[field]] == [fold(x) for x in expected], field
        elif isinstance(expected, dict):
            assert got[field] is not None and all(
                same(got[field][k], v) for k, v in expected.items()
            ), field
        else:
            assert same(got[field], expected), f"{field}: {got[field]!r} != {expected!r}"
    ns = r.section(SectionKind.NEXT_STEPS)
    assert ns is not None and same(ns.heading, gold["next_steps_heading"])


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_commitments_match_gold(name: str) -> None:
    gold = GOLD_DATA[name]["commitments"]
    letter = read_seed(name)
    assert len(letter.commitments) == len(gold)
    for i, (c, g) in enumerate(zip(letter.commitments, gold, strict=True), 1):
        assert c.id == f"{letter.reply.id}/{i:02d}"
        assert c.reply == letter.reply.id
        assert same(c.area, g["area"]), (i, c.area, g["area"])
        assert fold(c.text).startswith(fold(g["starts"])), (i, c.text[:30], g["starts"])


def test_seed_commitment_counts() -> None:
    counts = [len(read_seed(n).commitments) for n in SEED_NAMES]
    assert counts == [4, 3, 8, 6, 5] and sum(counts) == 26


@pytest.mark.parametrize("name", SEED_NAMES)
def test_quotes_and_lines_check_against_the_letter(name: str) -> None:
    letter = read_seed(name)
    lines = (SEEDS / name).read_text(encoding="utf-8").splitlines()
    for c in letter.commitments:
        assert c.lines is not None
        a, b = c.lines
        assert fold(c.text) in fold("".join(lines[a - 1 : b])), c.id
    for s in letter.reply.sections:
        assert 1 <= s.start <= s.end <= len(lines)
        if s.heading:
            assert fold(s.heading) in fold(lines[s.start - 1])


def test_seed_ids_are_readable_and_stable() -> None:
    ids = [read_seed(n).reply.id for n in SEED_NAMES]
    assert ids == [
        "gz-edu-2023-ta5020",
        "gy-lz-edu-2024-jy56",
        "gz-edu-2025-ta4154",
        "tj-edu-2024-jy0480",
        "gz-ns-edu-ta3030",
    ]


def test_seed_under_seeds_keeps_its_path_and_hash() -> None:
    import hashlib

    letter = read_seed("000_a140f72d90f69cdb.txt")
    assert letter.reply.source.path == "seeds/000_a140f72d90f69cdb.txt"
    assert letter.reply.source.origin is None
    assert (
        letter.reply.source.sha256
        == hashlib.sha256((SEEDS / "000_a140f72d90f69cdb.txt").read_bytes()).hexdigest()
    )


def test_sections_keep_the_progress_part() -> None:
    r = read_seed("000_a140f72d90f69cdb.txt").reply
    progress = r.section(SectionKind.PROGRESS)
    assert progress is not None and progress.heading == "一、目前工作推进情况"
    assert (progress.start, progress.end) == (16, 26)
    ns = r.section(SectionKind.NEXT_STEPS)
    assert ns is not None and (ns.start, ns.end) == (28, 36)
    assert read_seed("001_c8fd4e0a58563a3c.txt").reply.section(SectionKind.PROGRESS).heading is None  # type: ignore[union-attr]


def test_spam_issuer_is_flagged_for_review() -> None:
    letter = read_seed("002_77355670e473416b.txt")
    r = letter.reply
    assert r.issuer == "广州市教育局" and r.issuer_as_printed == "快手成人版"
    notes = {n.field: n.reason for n in r.review}
    assert "快手成人版" in notes["issuer"] and "市教育局" in notes["issuer"]
    assert any("快手成人版" in w for w in letter.warnings)


def test_spam_issuer_inferred_from_a_shared_document_number_prefix() -> None:
    earlier = read_seed("000_a140f72d90f69cdb.txt").reply
    r = extract.read_letter(SEEDS / "002_77355670e473416b.txt", root=ROOT, known=[earlier]).reply
    assert r.issuer == "广州市教育局"
    assert "穗教案" in {n.field: n.reason for n in r.review}["issuer"]
    assert earlier.id in {n.field: n.reason for n in r.review}["issuer"]


def test_missing_issuer_is_inferred_and_listed_for_review() -> None:
    r = read_seed("004_ff4669c2bc51a22d.txt").reply
    assert r.issuer == "广州市南沙区教育局" and r.issuer_inferred is None
    [note] = [n for n in r.review if n.field == "issuer"]
    assert "inferred 广州市南沙区教育局" in note.reason and "我局" in note.reason


# --- derived copies of the seeds: same id, same commitments ------------------------------------


def s2t(text: str) -> str:
    import opencc

    return str(opencc.OpenCC("s2t").convert(text))


def html_page(text: str) -> str:
    import html

    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines())
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>答复函</title>'
        "<script>var nav = '二、下一步工作安排'; document.write('<p>一是广告</p>');</script>"
        "<style>p { margin: 0 } /* 一、下一步工作计划 */</style></head><body>"
        '<nav><a href="/">首页</a> &gt; <a>政务公开</a> &gt; <a>建议提案办理</a></nav>'
        '<div class="top-menu"><ul><li>机构概况</li><li>下一步工作</li></ul></div>'
        '<div class="breadcrumb">您当前的位置：首页 &gt; 正文</div>'
        f'<div class="article">\n{body}\n</div>'
        '<div class="share">分享到：微信 微博</div>'
        "<footer><p>主办单位：某市人民政府办公室</p><p>网站标识码 4401000001 粤ICP备12345678号</p></footer>"
        "<script>analytics();</script></body></html>"
    )


BOILER_TOP = [
    "| 无障碍 长者模式",
    "您当前的位置：首页 > 政务公开 > 建议提案办理",
    "信息来源：本站",
    "浏览量：1024",
    "T浏览字号",
    "【字体：大 中 小】",
]
BOILER_BOTTOM = [
    "扫一扫在手机打开当前页",
    "【打印】【关闭】",
    "主办单位：某市人民政府办公室",
    "网站维护：某市政务服务数据管理局",
    "粤ICP备12345678号",
    "粤公网安备 44010402000001号",
    "Copyright © 2024 版权所有",
]


def with_boilerplate(text: str) -> str:
    lines = text.splitlines()
    lines = [f"\t{ln}" if i % 7 == 3 and ln.strip() else ln for i, ln in enumerate(lines)]
    return "\n".join(BOILER_TOP + lines + BOILER_BOTTOM) + "\n"


def renumber_top(text: str, style: str) -> str:
    """(一)/（一） items become 一、 or 1. items."""

    def sub(m: re.Match[str]) -> str:
        n = "一二三四五六七八九十".index(m.group(2)) + 1
        return m.group(1) + (f"{m.group(2)}、" if style == "dun" else f"{n}.")

    return re.sub(r"^(\s*)[（(]([一二三四五六七八九十])[)）]", sub, text, flags=re.M)


def renumber_shi(text: str) -> str:
    """一是, 二是, 三是, 四是 ... become 一是, 三是, 三是, 五是 ... (numbering that skips and repeats)."""
    new = {"二": "三", "三": "三", "四": "五", "五": "六", "六": "六"}
    return re.sub(r"(?<=[。；;，,\s])([二三四五六])是", lambda m: new[m.group(1)] + "是", text)


def drop_heading(text: str, name: str) -> str:
    heading = GOLD_DATA[name]["next_steps_heading"]
    out = []
    for line in text.splitlines():
        out.append("下一步，我局将重点做好以下工作：" if fold(line) == fold(heading) else line)
    return "\n".join(out) + "\n"


def spam_mirror(text: str, name: str) -> str:
    issuer = GOLD_DATA[name].get("issuer")
    return text.replace(issuer, "快手成人版") if issuer else text


VARIANTS = {
    "traditional": lambda t, n: s2t(t).encode("utf-8"),
    "gb18030": lambda t, n: t.encode("gb18030"),
    "gb18030-crlf": lambda t, n: t.replace("\n", "\r\n").encode("gb18030"),
    "utf8-bom-crlf": lambda t, n: b"\xef\xbb\xbf" + t.replace("\n", "\r\n").encode("utf-8"),
    "html": lambda t, n: html_page(t).encode("utf-8"),
    "html-gb2312": lambda t, n: (
        html_page(t).replace('charset="utf-8"', 'charset="gb2312"').encode("gb18030")
    ),
    "boilerplate": lambda t, n: with_boilerplate(t).encode("utf-8"),
    "renumbered-dun": lambda t, n: renumber_top(t, "dun").encode("utf-8"),
    "renumbered-arabic": lambda t, n: renumber_top(t, "arabic").encode("utf-8"),
    "renumbered-shi": lambda t, n: renumber_shi(t).encode("utf-8"),
    "no-heading": lambda t, n: drop_heading(t, n).encode("utf-8"),
    "spam-mirror": lambda t, n: spam_mirror(t, n).encode("utf-8"),
    "traditional-html-spam": lambda t, n: html_page(s2t(spam_mirror(t, n))).encode("utf-8"),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("name", SEED_NAMES)
def test_copies_give_the_same_letter(tmp_path: Path, name: str, variant: str) -> None:
    original = read_seed(name)
    text = (SEEDS / name).read_text(encoding="utf-8")
    suffix = ".html" if "html" in variant else ".txt"
    copy = tmp_path / "downloads" / f"copy{suffix}"
    copy.parent.mkdir()
    copy.write_bytes(VARIANTS[variant](text, name))
    letter = extract.read_letter(copy, root=tmp_path)
    assert letter.reply.id == original.reply.id
    assert [key(c.text) for c in letter.commitments] == [key(c.text) for c in original.commitments]
    assert [key(c.area or "") for c in letter.commitments] == [
        key(c.area or "") for c in original.commitments
    ]
    # the copy is stored as text under seeds/, and every quote checks against that text
    assert letter.reply.source.path == f"seeds/{original.reply.id}.txt"
    assert letter.reply.source.origin == "downloads/" + copy.name
    stored = letter.text.splitlines()
    for c in letter.commitments:
        a, b = c.lines  # type: ignore[misc]
        assert fold(c.text) in fold("".join(stored[a - 1 : b]))
    if variant in ("traditional", "gb18030", "gb18030-crlf", "utf8-bom-crlf", "boilerplate"):
        for f in (
            "issuer",
            "number",
            "session",
            "title",
            "doc_number",
            "reply_date",
            "role",
            "kind",
        ):
            a, b = getattr(letter.reply, f), getattr(original.reply, f)
            assert (key(a) == key(b)) if isinstance(a, str) and isinstance(b, str) else a == b, f


def test_traditional_copy_keeps_its_characters(tmp_path: Path) -> None:
    copy = tmp_path / "trad.txt"
    copy.write_text(
        s2t((SEEDS / "000_a140f72d90f69cdb.txt").read_text(encoding="utf-8")), encoding="utf-8"
    )
    letter = extract.read_letter(copy, root=tmp_path)
    # the issuer is stored simplified, as printed beside it; the text stays as printed
    assert letter.reply.issuer == "广州市教育局"
    assert letter.reply.issuer_as_printed == "廣州市教育局"
    assert letter.commitments[0].area == "推進校家社協同育人"


def test_spam_mirror_without_a_tree_still_names_the_bureau(tmp_path: Path) -> None:
    copy = tmp_path / "mirror.txt"
    copy.write_text(
        spam_mirror(
            (SEEDS / "003_84ada05304f0c74f.txt").read_text(encoding="utf-8"),
            "003_84ada05304f0c74f.txt",
        ),
        encoding="utf-8",
    )
    r = extract.read_letter(copy, root=tmp_path).reply
    assert r.issuer_as_printed == "快手成人版"
    assert r.issuer == "天津市教育委员会"
    assert any(n.field == "issuer" for n in r.review)


def test_html_origin_is_the_pages_address(tmp_path: Path) -> None:
    page = html_page((SEEDS / "001_c8fd4e0a58563a3c.txt").read_text(encoding="utf-8")).replace(
        "<head>", '<head><link rel="canonical" href="https://www.example.gov.cn/jyta/56.html">'
    )
    f = tmp_path / "page.html"
    f.write_text(page, encoding="utf-8")
    letter = extract.read_letter(f, root=tmp_path)
    assert letter.reply.source.origin == "https://www.example.gov.cn/jyta/56.html"
    assert (
        "analytics" not in letter.text
        and "机构概况" not in letter.text
        and "一是广告" not in letter.text
    )


# --- letters that stop short ---------------------------------------------------------------


def test_letter_without_next_steps_is_a_reply_with_a_warning() -> None:
    lines = (SEEDS / "003_84ada05304f0c74f.txt").read_text(encoding="utf-8").splitlines()
    text = "\n".join(lines[:23] + lines[30:]) + "\n"
    letter = extract.parse_letter(text, source_path="seeds/x.txt", sha256="0" * 64)
    assert letter.commitments == ()
    assert letter.reply.id == "tj-edu-2024-jy0480"
    assert letter.reply.section(SectionKind.PROGRESS) is not None
    assert letter.reply.section(SectionKind.NEXT_STEPS) is None
    assert any("no next-steps section" in w for w in letter.warnings)


def test_truncated_letter_keeps_what_it_has_and_warns() -> None:
    text = (SEEDS / "000_a140f72d90f69cdb.txt").read_text(encoding="utf-8")
    cut = text.index("不断完善青少年社区社工服务体系")
    letter = extract.parse_letter(text[:cut], source_path="seeds/x.txt", sha256="0" * 64)
    assert len(letter.commitments) == 4
    assert letter.commitments[-1].text.startswith("持续深化“社工+”战略")
    assert any("cut off" in w and ":36:" in w for w in letter.warnings)
    assert letter.reply.reply_date is None


def test_copy_cut_before_its_date_takes_the_pages_year() -> None:
    text = (SEEDS / "003_84ada05304f0c74f.txt").read_text(encoding="utf-8")
    cut = extract.parse_letter(
        text[: text.index("二是配齐专职人员")], source_path="x", sha256="0" * 64
    )
    assert cut.reply.reply_date is None and cut.reply.published == date(2024, 10, 23)
    assert cut.reply.id == "tj-edu-2024-jy0480"


def test_copy_without_any_year_is_recognised_by_the_tree() -> None:
    full = read_seed("003_84ada05304f0c74f.txt")
    lines = (SEEDS / "003_84ada05304f0c74f.txt").read_text(encoding="utf-8").splitlines()
    bare = "\n".join([lines[2], *lines[4:30]]) + "\n"  # no page header, no date
    alone = extract.parse_letter(bare, source_path="x", sha256="0" * 64)
    assert alone.reply.id == "tj-edu-jy0480"
    in_tree = extract.parse_letter(bare, source_path="x", sha256="0" * 64, known=[full.reply])
    assert in_tree.reply.id == "tj-edu-2024-jy0480"
    assert len(in_tree.commitments) == 6
    other = extract.parse_letter(
        bare.replace("0480", "0481"), source_path="x", sha256="0" * 64, known=[full.reply]
    )
    assert other.reply.id == "tj-edu-jy0481"


# --- the genre: layouts the seeds do not show ------------------------------------------------


def read_fixture(name: str) -> extract.Letter:
    text = (LETTERS / name).read_text(encoding="utf-8")
    return extract.parse_letter(text, source_path=f"tests/letters/{name}", sha256="0" * 64)


def test_arabic_items_under_a_plan_heading() -> None:
    letter = read_fixture("sz-health-2023.txt")
    r = letter.reply
    assert r.issuer == "深圳市卫生健康委员会" and r.id == "sz-health-2023-jy20230112"
    assert r.addressees == ("张三", "李四") and r.role == "代表" and r.kind == "建议"
    assert r.doc_number == "深卫健函〔2023〕45号" and r.category == "B"
    assert r.co_handlers == ("市发展改革委", "市财政局")
    assert r.reply_date == date(2023, 6, 30)
    assert r.contact is not None and (r.contact.name, r.contact.phone) == ("王五", "0755-88888888")
    ns = r.section(SectionKind.NEXT_STEPS)
    assert ns is not None and ns.heading == "三、下一步打算"
    assert [c.area for c in letter.commitments] == [
        "加快社区医院建设",
        "完善人才激励",
        "推进信息化建设",
    ]
    assert letter.commitments[0].text.startswith("力争到2025年")
    assert letter.warnings == ()


def test_unheaded_next_steps_with_inline_items_and_courtesy_run_on() -> None:
    letter = read_fixture("unheaded-inline.txt")
    texts = [c.text for c in letter.commitments]
    assert len(texts) == 3
    assert texts[0].startswith("加快推进老旧小区加装电梯")
    assert texts[2].startswith("加强宣传引导") and "感谢" not in texts[2]
    assert all(c.area is None for c in letter.commitments)
    assert letter.reply.section(SectionKind.NEXT_STEPS).heading is None  # type: ignore[union-attr]


def test_nested_numbering_that_skips_and_repeats() -> None:
    letter = read_fixture("nested-numbering.txt")
    got = [(c.area, c.text[:8]) for c in letter.commitments]
    assert got == [
        ("强化师资保障", "配齐配强专职心理"),
        ("强化师资保障", "将心理健康教育纳"),
        ("完善预警机制", "每学期开展一次全"),
        ("完善预警机制", "建立学生心理档案"),
        ("完善预警机制", "畅通转介诊疗绿色"),
        ("深化家校协同", "办好家长学校，每"),
    ]
    assert any("not taken as a commitment" in w for w in letter.warnings)


def test_document_artefacts_and_table_pipes_are_not_text() -> None:
    letter = read_fixture("artefacts.txt")
    assert letter.reply.addressees == ("陈明",)
    assert [c.text[:6] for c in letter.commitments] == [
        "推进智慧课堂",
        "完善教师数字",
        "加大经费投入",
    ]
    for c in letter.commitments:
        assert "|" not in c.text and "bookmark" not in c.text


def test_meta_table_problems_then_plans() -> None:
    letter = read_fixture("meta-table.txt")
    r = letter.reply
    assert r.issuer == "广州市民政局" and r.id == "gz-civil-2024-jy20240056"
    assert r.doc_number == "穗民函〔2024〕210号" and r.published == date(2024, 6, 28)
    assert r.reply_date == date(2024, 6, 20)  # 二〇二四年六月二十日
    assert r.cc == ("市人大常委会代表工作委员会", "市政府办公厅")
    # the section opens with the problems; the commitments are the 第一，第二，第三 items after 下一步
    assert [c.text[:6] for c in letter.commitments] == [
        "完善设施布局",
        "加强人才培养",
        "强化综合监管",
    ]
    assert r.section(SectionKind.NEXT_STEPS).heading == "二、存在的问题及下一步工作打算"  # type: ignore[union-attr]


def test_point_by_point_answers_each_with_its_next_step() -> None:
    letter = read_fixture("point-by-point.txt")
    r = letter.reply
    assert r.issuer == "某某区教育局"  # read from the signature: the title names no one
    got = [(c.area, c.text[:6], c.lines) for c in letter.commitments]
    assert got == [
        ("关于上下学高峰期交通拥堵问题", "下一步，我局", (5, 5)),  # the marker stays
        ("关于校门口安全设施问题", "加快推进剩余", (8, 8)),
        ("关于校门口安全设施问题", "在校门口施划", (8, 8)),
    ]
    kinds = [s.kind for s in r.sections]
    assert kinds == [
        SectionKind.PROGRESS,
        SectionKind.NEXT_STEPS,
        SectionKind.PROGRESS,
        SectionKind.NEXT_STEPS,
    ]


def test_two_line_heading_and_today_work_heading() -> None:
    letter = read_fixture("two-line-heading.txt")
    r = letter.reply
    assert r.issuer == "上海市浦东新区卫生健康委员会" and r.co_handlers == ("区医保局", "区财政局")
    assert r.title == "关于推进家庭医生签约服务的提案" and r.number == "0215"
    assert r.section(SectionKind.NEXT_STEPS).heading == "三、今后工作"  # type: ignore[union-attr]
    assert [c.area for c in letter.commitments] == [
        None,
        "加强家庭医生队伍建设",
        "加强家庭医生队伍建设",
        "推进信息化支撑",
    ]


def test_signature_and_date_on_one_line_and_several_addressees() -> None:
    letter = read_fixture("signature-and-date.txt")
    r = letter.reply
    assert r.addressees == ("周强", "吴敏") and r.role == "委员"
    assert r.reply_date == date(2024, 8, 12)
    assert r.contact is not None and (r.contact.name, r.contact.phone) == ("刘芳", "028-85551234")
    assert [c.area for c in letter.commitments] == ["加快助餐点布局", "提升服务质量", None]


def test_big5_page_of_a_traditional_copy(tmp_path: Path) -> None:
    import opencc

    text = str(
        opencc.OpenCC("s2t").convert(
            (LETTERS / "signature-and-date.txt").read_text(encoding="utf-8")
        )
    )
    page = tmp_path / "big5.html"
    page.write_bytes(
        (
            "<html><head><meta charset='big5'></head><body>"
            + "".join(f"<p>{line}</p>" for line in text.replace("〇", "零").splitlines())
            + "</body></html>"
        ).encode("big5")
    )
    letter = extract.read_letter(page, root=tmp_path)
    assert letter.reply.id == "cd-wh-civil-2024-ta65"
    assert letter.reply.addressees == ("周強", "吳敏")
    assert [c.text[:4] for c in letter.commitments] == ["今年新建", "引入專業", "加強資金"]


# --- input that is not a letter --------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \r\n\t\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"%PDF-1.7\n%\xe2\xe3", "PDF"),
        (b"\x00\x01\x02\x03binary\x00\xff" * 20, "binary"),
        (b"\x80\x81\xff\xfe\x80" * 40, "cannot be decoded"),
    ],
)
def test_unreadable_bytes_give_a_clear_message(tmp_path: Path, data: bytes, message: str) -> None:
    f = tmp_path / "bad.txt"
    f.write_bytes(data)
    with pytest.raises(LetterError) as e:
        extract.read_letter(f, root=tmp_path)
    assert message in e.value.message and "bad.txt" in e.value.message
    assert e.value.hint


def test_damaged_utf8_is_named_as_such(tmp_path: Path) -> None:
    data = (SEEDS / "000_a140f72d90f69cdb.txt").read_bytes()
    f = tmp_path / "damaged.txt"
    f.write_bytes(data[:300] + b"\xff" + data[300:])
    with pytest.raises(LetterError, match="not UTF-8"):
        extract.read_letter(f, root=tmp_path)


def test_wrong_encoding_option_is_reported(tmp_path: Path) -> None:
    f = tmp_path / "gb.txt"
    f.write_bytes(
        (SEEDS / "000_a140f72d90f69cdb.txt").read_text(encoding="utf-8").encode("gb18030")
    )
    with pytest.raises(LetterError, match="cannot be read as utf-8"):
        extract.read_letter(f, root=tmp_path, encoding="utf-8")
    assert (
        extract.read_letter(f, root=tmp_path, encoding="gb18030").reply.id == "gz-edu-2023-ta5020"
    )


def test_page_without_a_letter(tmp_path: Path) -> None:
    f = tmp_path / "index.html"
    f.write_text(
        "<html><body><nav>首页</nav><h1>政务公开</h1><ul><li>通知公告</li><li>政策解读</li></ul>"
        "<p>本网站由某市人民政府主办。</p><footer>Copyright 2024</footer></body></html>",
        encoding="utf-8",
    )
    with pytest.raises(LetterError, match="no reply letter found") as e:
        extract.read_letter(f, root=tmp_path)
    assert "index.html" in e.value.message


# --- decoding ------------------------------------------------------------------------------


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "utf-16", "gb18030", "gbk", "big5"])
def test_decode_common_encodings(codec: str) -> None:
    text = (
        "廣州市教育局關於第5020號提案答覆的函\n郭東文委員：\n您提出的提案收悉。"
        if codec == "big5"
        else "广州市教育局关于第5020号提案答复的函\n郭东文委员：\n您提出的提案收悉，现答复如下："
    )
    decoded, _ = extract.decode_letter(text.encode(codec), "x.txt")
    assert decoded.lstrip("\ufeff") == text


def test_html_to_text_drops_scripts_styles_and_navigation() -> None:
    text, canonical = extract.html_to_text(
        "<html><head><title>T</title><style>.a{}</style></head><body><nav>菜单</nav>"
        "<div id='breadcrumb'>位置</div><p>第一段&nbsp;正文</p><script>x()</script><p>第二<br>段</p>"
        "<div style='display:none'>隐藏</div></body></html>"
    )
    assert text.split("\n")[:3] == ["第一段 正文", "第二", "段"]
    assert "菜单" not in text and "位置" not in text and "隐藏" not in text and "x()" not in text
    assert canonical is None


def test_inline_items_in_a_plan_paragraph() -> None:
    """一是…二是…三是… inside one paragraph under 下一步工作计划; the lead-in is not an item."""
    letter = read_fixture("hz-transport-inline.txt")
    r = letter.reply
    assert r.id == "hz-transport-2025-jy123" and r.issuer == "杭州市交通运输局"
    assert (r.role, r.kind, r.number, r.session) == ("代表", "建议", "123", "市十五届人大三次会议")
    assert r.title == "关于优化公交线网提升公共交通吸引力的建议"
    assert r.reply_date == date(2025, 6, 20) and r.cc == ("市人大常委会人代工委", "市政府办公厅")
    assert r.contact is not None and (r.contact.name, r.contact.phone) == ("李华", "0571-87654321")
    assert [c.text for c in letter.commitments] == [
        "加快推进公交线网优化，2025年计划新辟、调整线路不少于60条",
        "推进公交专用道建设，年内新增公交专用道20公里",
        "会同各区政府完善微循环公交，解决“最后一公里”问题。",
    ]


def test_plans_after_a_difficulties_section() -> None:
    """基本情况 / 存在的困难 / 今后工作打算, indented with spaces, signature set to the right."""
    letter = read_fixture("xm-js-difficulties.txt")
    r = letter.reply
    assert r.issuer == "厦门市建设局" and r.addressees == ("民盟市委会",)
    assert r.kind == "提案" and r.reply_date == date(2024, 6, 5)
    ns = r.section(SectionKind.NEXT_STEPS)
    assert ns is not None and ns.heading == "三、今后工作打算"
    assert [c.text[:8] for c in letter.commitments] == [
        "继续简化审批流程",
        "加大财政补贴力度",
        "探索“统一规划、",
    ]
    assert all(c.area is None for c in letter.commitments)


def test_gb18030_page_with_subheadings_as_areas(tmp_path: Path) -> None:
    """A saved GB18030 web page: CMS lines dropped, （一） headings become the items' areas."""
    path = tmp_path / "page.html"
    path.write_bytes((LETTERS / "cd-health-2024-page.html").read_bytes())
    letter = extract.read_letter(path, root=tmp_path)
    r = letter.reply
    assert r.issuer == "成都市卫生健康委员会" and r.doc_number == "成卫健提〔2024〕45号"
    assert (r.category, r.number, r.published) == ("A", "0456", date(2024, 8, 15))
    assert [(c.area, c.text) for c in letter.commitments] == [
        ("扩大服务覆盖", "到2025年底，实现社区心理服务站全覆盖。"),
        ("扩大服务覆盖", "推动心理服务纳入家庭医生签约服务包。"),
        ("强化队伍建设", "每年培训社区心理服务人员不少于1500人次。"),
    ]
    assert "document.write" not in letter.text and "var a" not in letter.text  # the script


# --- the genre's shapes (issue 12), one small letter of our own each --------------------------

SHAPES = LETTERS / "shapes"


def read_shape(name: str, tmp_path: Path, codec: str = "utf-8") -> extract.Letter:
    """Read a letter the way `tracker import` reads a file from outside the tree."""
    f = tmp_path / name
    f.write_bytes((SHAPES / name).read_text(encoding="utf-8").encode(codec))
    return extract.read_letter(f, root=tmp_path)


def starts(letter: extract.Letter, n: int = 12) -> list[str]:
    return [c.text[:n] for c in letter.commitments]


def test_lead_in_then_inline_items(tmp_path: Path) -> None:
    letter = read_shape("inline-items.txt", tmp_path)
    assert starts(letter, 8) == ["把东坪片区纳入2", "会同各乡镇建立农", "对新建灌溉渠道每"]
    assert all(c.lines == (11, 11) for c in letter.commitments)
    assert letter.reply.issuer == "汀阳县农业农村局" and letter.reply.number == "17"


def test_lead_in_ending_in_a_colon_then_numbered_lines(tmp_path: Path) -> None:
    letter = read_shape("colon-numbered.txt", tmp_path)
    assert starts(letter, 8) == ["8月底前完成城北", "更换北环路老旧供", "在城北片区设立水"]


def test_marker_paragraphs_keep_their_marker(tmp_path: Path) -> None:
    letter = read_shape("marker-paragraphs.txt", tmp_path)
    # the whole marker, never 工作中，我们将… (a marker cut in half)
    assert starts(letter, 9) == ["下步工作中，我们将", "今后，我镇将进一步"]


def test_no_marker_promises_only(tmp_path: Path) -> None:
    letter = read_shape("no-marker.txt", tmp_path)
    # not what was done (截至…), the problem (存在…), the request to another body (建议…), or the
    # closing pledge (我们将继续关注…); the conditional promise (待…后实施) is one
    assert starts(letter, 8) == ["我局将在下半年组", "计划9月在湖东社", "社区康复设备更新"]
    assert letter.reply.section(SectionKind.NEXT_STEPS) is not None


def test_run_in_heading_variant(tmp_path: Path) -> None:
    letter = read_shape("run-in-heading.txt", tmp_path)
    assert starts(letter, 9) == ["我局将把剩余12个"]
    ns = letter.reply.section(SectionKind.NEXT_STEPS)
    assert ns is not None and ns.heading == "二、下步工作方向"


def test_past_work_items_with_the_promise_in_the_last(tmp_path: Path) -> None:
    letter = read_shape("past-work-promise-last.txt", tmp_path)
    assert starts(letter, 9) == ["下一步将在剩余4个"]


def test_url_in_an_item_is_not_cut_at_its_colon(tmp_path: Path) -> None:
    # issue 17 item 12: http://… split an item into area "…http" and text "//…"
    letter = read_shape("url-in-item.txt", tmp_path)
    first = letter.commitments[0]
    assert first.area is None
    assert "http://www.example.gov.cn/zsxx" in first.text
    assert letter.commitments[1].area == "咨询服务"


def test_mirror_copy_glosses_removed_issuer_simplified(tmp_path: Path) -> None:
    letter = read_shape("mirror-gloss.txt", tmp_path)
    assert not re.search(r"\([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]", letter.text)
    assert "答復如下" in letter.text  # the letter's own characters stay as printed
    r = letter.reply
    assert (r.issuer, r.issuer_as_printed) == ("汀阳县住房和城乡建设局", "汀陽縣住房和城鄉建設局")
    assert r.published == date(2025, 6, 30) and r.reply_date == date(2025, 6, 26)
    assert starts(letter, 6) == ["下一步，我局"]
    assert letter.reply.source.origin is not None


def test_gb18030_page_with_a_metadata_table(tmp_path: Path) -> None:
    letter = read_shape("meta-table.html", tmp_path, codec="gb18030")
    r = letter.reply
    assert r.issuer == "汀阳县林业局"  # 发布机构: neither title nor signature names it
    assert r.doc_number == "汀林函〔2025〕7号"
    assert (r.reply_date, r.published) == (date(2025, 6, 9), date(2025, 6, 16))
    assert r.addressees == ("谢小红", "龙德胜")
    assert starts(letter, 6) == ["下一步，我局"]


@pytest.mark.parametrize(
    ("name", "looks_like"),
    [
        ("handling-summary.txt", "summary"),
        ("news-item.txt", "news item"),
        ("message-board.txt", "message-board"),
        ("suggestion-only.txt", "text of a suggestion"),
    ],
)
def test_pages_that_are_not_letters_are_refused(tmp_path: Path, name: str, looks_like: str) -> None:
    with pytest.raises(NotALetterError) as e:
        read_shape(name, tmp_path)
    assert name in e.value.message and looks_like in e.value.message
    assert e.value.hint


def test_addressed_to_a_body_and_a_person() -> None:
    text = (
        "某某区城市管理局关于区政协三届二次会议第12号提案的答复\n"
        "赵明等委员、区政协农业界别组：\n"
        "　　你们提出的《关于规范夜市管理的提案》收悉，现答复如下：\n"
        "　　下一步，我局将于8月前划定夜市临时经营区域。\n"
        "某某区城市管理局\n2024年6月1日\n"
    )
    r = extract.parse_letter(text, source_path="x.txt", sha256="0" * 64).reply
    assert r.addressees == ("赵明", "区政协农业界别组") and r.role == "委员"
    alone = text.replace("赵明等委员、区政协农业界别组", "民进某某区委员会")
    r2 = extract.parse_letter(alone, source_path="x.txt", sha256="0" * 64).reply
    assert r2.addressees == ("民进某某区委员会",) and r2.role is None


def test_a_word_of_the_sentence_is_no_part_of_a_body_name() -> None:
    from tracker import issuers

    assert not issuers.looks_like_body("联合省教育厅")
    assert not issuers.looks_like_body("关于省体育局")
    assert issuers.looks_like_body("省教育厅") and issuers.looks_like_body("汀阳县林业局")


@pytest.mark.parametrize(
    ("salutation", "addressees"),
    [
        ("尊敬的滕永和代表：", ("滕永和",)),  # 和 ends the name
        ("尊敬的王和平、李国和委员：", ("王和平", "李国和")),
        ("尊敬的张三和李四代表：", ("张三", "李四")),  # 和 parts two names
        ("周强及吴敏委员：", ("周强", "吴敏")),
    ],
)
def test_a_name_ending_in_he_or_ji_is_one_addressee(salutation: str, addressees: tuple) -> None:
    text = (LETTERS / "signature-and-date.txt").read_text(encoding="utf-8")
    text = text.replace("尊敬的周强委员、吴敏委员：", salutation)
    letter = extract.parse_letter(text, source_path="tests/letters/x.txt", sha256="0" * 64)
    assert letter.reply.addressees == addressees


def test_a_public_institution_answering_in_its_own_name_is_the_issuer() -> None:
    """An archive, a library or a museum signs its own replies: its name is a body's name."""
    text = (
        "柏川县档案馆关于县政协八届二次会议第19号提案的答复\n"
        "钟立群委员：\n"
        "　　您提出的《关于开放婚姻档案网上查询的提案》收悉，现答复如下：\n"
        "　　下一步，我馆将于年底前开通婚姻档案网上预约查询。\n"
        "柏川县档案馆\n2024年5月20日\n"
    )
    r = extract.parse_letter(text, source_path="x.txt", sha256="0" * 64).reply
    assert r.issuer == "柏川县档案馆"
    from tracker import issuers

    assert issuers.looks_like_body("某县图书馆") and issuers.looks_like_body("某市博物馆")
    assert not issuers.looks_like_body("某县宾馆")  # a hotel is no body


DEV = ROOT / "tests" / "eval" / "reading" / "dev"


@pytest.mark.parametrize(
    ("name", "starts"),
    [
        # 下一步。我局将……: the marker's comma printed as a full stop
        ("267-xihe-county-transport-marker-full-stop", ["下一步。我局将把该路纳入明年"]),
        # 已 in the object's modifier (已超过设计使用年限的管网) reports no work done
        ("268-lingxi-county-water-already-as-modifier", ["下一步，将对已超过设计使用年限"]),
        # a lead ending in 。 announcing aspects, then short measure titles over prose
        (
            "270-guiyan-county-housing-short-measure-titles",
            ["健全工作机制\n", "优化审批服务\n", "拓宽资金来源\n"],
        ),
        # a paragraph broken mid-sentence after a short line holding a comma
        ("271-yanming-county-farming-wrapped-short-lines", ["下一步，我局将会同县财政局"]),
        # put off until the means come: 今后如有……资金，将优先安排……
        ("272-liutang-town-square-when-funds-come", ["今后如有上级专项资金，将优先安排"]),
        # the suggestion as the occasion to do the field's work better: no commitment
        ("273-weitang-town-levee-occasion-pledge", ["镇政府计划申请县级水利资金"]),
        # 我单位继续加强……: the letter's own pledge to go on, as 我局继续 is
        ("274-tongping-county-forest-unit-goes-on", ["同时，我单位继续加强古树名木"]),
        # keeping watch, then a measure in a later clause
        ("275-hechuan-county-transport-watch-then-act", ["我局将持续关注滨江路的建设进度"]),
        # ；-clauses counted in order (其次……；最后……), the ordinal left out
        (
            "276-qinglan-county-health-ordinal-clauses",
            ["下一步，我局将委托设计单位", "积极向省市争取", "协调县人民医院"],
        ),
    ],
)
def test_the_twenty_seventh_rounds_shapes_are_read(name: str, starts: list[str]) -> None:
    letter = extract.read_letter(DEV / f"{name}.txt")
    texts = [c.text for c in letter.commitments]
    assert len(texts) == len(starts), texts
    assert all(t.startswith(s) for t, s in zip(texts, starts, strict=True)), texts


def test_a_citizens_answer_with_no_deputy_or_paper_named_is_refused() -> None:
    """A board copied without its keys: 您好，您反映的…… and no 建议, 代表 or 委员 anywhere."""
    with pytest.raises(NotALetterError, match="member of the public"):
        extract.read_letter(DEV / "269-huaixi-district-board-answer-no-keys.txt")


def test_pledges_and_measures_told_apart_clause_by_clause() -> None:
    from tracker.extract.patterns import clause_starts, is_commitment, not_a_commitment

    occasion = "我们将以此次建议为契机，进一步加强水利基础设施建设工作，全力以赴保障群众安全。"
    assert not_a_commitment(occasion) == "thanks or a boilerplate pledge"
    # a concrete measure after the occasion keeps the promise
    assert not_a_commitment("我们将以此次建议为契机，对下湾段堤防进行加固。") is None
    assert not_a_commitment("我局将继续关注此事。") == "thanks or a boilerplate pledge"
    assert not_a_commitment("我局将继续关注该路建设进度，适时调整公交线路。") is None
    assert is_commitment("同时，我单位继续加强古树巡护，每季度普查一次。")
    s = "我局将委托设计单位论证方案；其次积极争取上级资金支持；最后协调医院派专家坐诊。"
    cuts = clause_starts(s)
    assert cuts is not None and len(cuts) == 3
    assert clause_starts("我局将委托设计单位论证方案；并与乡政府商定具体选址。") is None


@pytest.mark.parametrize(
    ("name", "starts"),
    [
        # a forecast of the letter's own work, 已 earlier in the sentence, before the marker
        (
            "300-shimenkan-county-toilet-forecast-before-marker",
            ["按照今年县城环卫设施补短板任务", "下一步，我局将加强对站区"],
        ),
        # forecasts after a report, from the forecast on; a company's work stays out
        (
            "301-baiyan-county-school-forecast-clauses",
            ["我局高度重视，已将城东小学扩建工程", "到明年9月城东小学扩建部分投入使用后"],
        ),
        # a dated plan with no subject in a report; an earlier year's money obtained reports
        ("302-qingxi-county-tourism-dated-plan-in-report", ["今年下半年，将组织专家"]),
        # 已经准备…: a plan made, its act to come
        ("303-wujiang-county-roads-plan-already-made", ["我局已经准备将该路段硬化"]),
        # a decision told in the handling's report, up to the report after it
        ("304-nanping-county-farming-decision-reported", ["决定将该项目推荐申报"]),
        # the work divided: the letter's share
        ("305-longtan-county-water-share-of-work", ["我局负责工程的质量监督"]),
        # a 同时 sentence with its own act after the 下一步 sentence
        (
            "306-jinchuan-county-forest-also-after-marker",
            ["下一步，我局将在凤凰山增设", "同时，在林区周边村组开展"],
        ),
        # a pledge to go on as always with generic work only: boilerplate
        ("307-yuntai-county-culture-steady-pledge", ["待资金下达后，我局将委托"]),
        # a thing as the subject of a plan under the letter's own point
        (
            "309-anping-county-civil-thing-as-subject",
            ["下一步，我局将新建农村幸福院10所", "经县政府同意，全县80周岁以上老人"],
        ),
    ],
)
def test_the_twenty_ninth_rounds_shapes_are_read(name: str, starts: list[str]) -> None:
    letter = extract.read_letter(DEV / f"{name}.txt")
    texts = [c.text for c in letter.commitments]
    assert len(texts) == len(starts), texts
    assert all(t.startswith(s) for t, s in zip(texts, starts, strict=True)), texts


def test_a_board_answer_greeting_the_citizen_after_its_key_is_refused() -> None:
    """官方回复：尊敬的市民：您好！… on one line: an answer to the public."""
    with pytest.raises(NotALetterError, match="message-board"):
        extract.read_letter(DEV / "308-qingshi-district-board-reply-key.txt")


def test_forecasts_plans_and_pledges_judged_by_their_subject_and_time() -> None:
    from tracker.extract.patterns import forecast_at, is_commitment, not_a_commitment

    s = "该工程7月已完成招标，预计9月上旬进场施工。"
    at = forecast_at(s, "某县水务局", 2024)
    assert at is not None and s[at:].startswith("预计9月上旬")
    # another body carries the work out; a cost estimate; a date passed
    assert (
        forecast_at("该市场改造由县商务局负责实施，预计明年上半年完工。", "某县城市管理局", 2024)
        is None
    )
    assert forecast_at("需新建活动室一座，预计需建设资金15万元。", None, 2024) is None
    assert forecast_at("预计2022年完成改造。", None, 2024) is None
    # an earlier year's money obtained reports; a plan made is no report
    assert not is_commitment(
        "2022年，我局积极为该项目向省厅争取资金30万元。", "某县文化和旅游局", 2024
    )
    assert is_commitment("该路段硬化，我局今年已经准备实施。", "某县交通运输局", 2024)
    assert not_a_commitment("我们将一如既往地争取上级支持，认真抓好全县水利工作。") is not None
    assert not_a_commitment("我们将一如既往地对该路段开展日常养护。") is None
    assert is_commitment("经县政府同意，补助标准将由每人100元提高到150元。")


@pytest.mark.parametrize(
    ("name", "starts"),
    [
        # the letter's own plan in a report paragraph before the marker (a time word before the
        # subject), and a later sentence with its own subject and plan word after the marker
        (
            "320-qingyan-county-sports-plan-before-marker",
            [
                "今年我们计划举办乡村篮球联赛",
                "今后将加大城乡健身设施",
                "沿河健身步道力争在明年底前",
            ],
        ),
        # the work as subject: begun, then its dated completion planned in the next clause
        ("321-dongshan-district-water-dated-plan-clause", ["计划于2023年6月底完工"]),
        # the letter's own clause after another body's work reported, from its subject
        ("329-qiaotou-county-market-own-clause-after-town-report", ["我局也将加强对市场经营户"]),
    ],
)
def test_the_thirtieth_rounds_plan_sentences_are_read(name: str, starts: list[str]) -> None:
    letter = extract.read_letter(DEV / f"{name}.txt")
    texts = [c.text for c in letter.commitments]
    assert len(texts) == len(starts), texts
    assert all(t.startswith(s) for t, s in zip(texts, starts, strict=True)), texts


@pytest.mark.parametrize(
    ("name", "starts"),
    [
        # a closing pledge to go on supporting a field: boilerplate
        ("326-lanshui-county-env-bare-support-pledge", ["我局将在项目试运行期间每月"]),
        # the budgets of the letter's year and before, reported; a forecast of a sum
        (
            "327-fengqiao-district-finance-sum-forecast-budget-report",
            ["下一步，我局将会同区城管局"],
        ),
        # a list of measures and recommendations: the item that opens with 建议 asks others
        (
            "330-shiqiao-branch-police-measures-and-recommendations",
            ["开展专项调研，摸清各派出所", "合理安排勤务，落实民警轮休"],
        ),
    ],
)
def test_the_thirtieth_rounds_reports_and_pledges_stay_out(name: str, starts: list[str]) -> None:
    letter = extract.read_letter(DEV / f"{name}.txt")
    texts = [c.text for c in letter.commitments]
    assert len(texts) == len(starts), texts
    assert all(t.startswith(s) for t, s in zip(texts, starts, strict=True)), texts


def test_a_sum_forecast_a_budget_reported_and_a_bare_support_pledge() -> None:
    from tracker.extract.patterns import budget_reported, not_a_commitment

    assert not_a_commitment("下一步，我局将继续支持产业园区项目发展。") is not None
    assert not_a_commitment("下一步，我局将继续支持园区污水管网建设，年内完成二期铺设。") is None
    assert not_a_commitment("目前正在研究待遇问题，预计调整后每年投入将突破500万元。") is not None
    assert not_a_commitment("预计投资500万元，我局将于明年3月开工建设。") is None
    assert budget_reported("我局将经费纳入预算，2019年、2020年分别预算380万元、410万元。", 2020)
    assert not budget_reported("2021年拟安排300万元用于改造。", 2020)


def test_a_plan_on_a_thing_after_a_measure_with_no_subject_is_read_up_to_the_report() -> None:
    from tracker.extract.items import Para, _plan_after_report

    s = "结合老旧小区改造政策积极争取上级资金，计划对城南片区供水管网进行分段更换，目前梳理出管段9处"
    p = Para(s, s, (0,), (1,))
    at = _plan_after_report(p, 0, len(s))
    assert at is not None and s[at:].startswith("计划对城南片区")
    # after the report of a work begun, its dated completion
    s = "城北水厂扩建工程已于2021年9月开工，计划于2023年6月底完工"
    at = _plan_after_report(Para(s, s, (0,), (1,)), 0, len(s))
    assert at is not None and s[at:].startswith("计划于2023年")
    # a measure with no subject and no plan on a thing: not a plan
    s = "结合老旧小区改造政策积极争取上级资金，加大巡查力度"
    assert _plan_after_report(Para(s, s, (0,), (1,)), 0, len(s)) is None
