"""Who issued a letter: names compared normalised, spam names told apart, successions declared."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from tracker import text as tx
from tracker.model import Reply, TrackerError

CONFIG_FILE = "tracker.yaml"

# Words that end the name of a government body (bureau, commission, office, ...).
# A public institution may answer in its own name: 档案馆, 图书馆, 博物馆, 文化馆 (not 宾馆).
_BODY_SUFFIX = re.compile(
    r"(局|委员会|委|厅|办公室|办|部|署|院|中心|政府|人民政府|管理处|处|所|站|队|会|联合会|联|团"
    r"|档案馆|图书馆|博物馆|文化馆|纪念馆|科技馆|美术馆|体育馆)$"
)
# Words that begin one (a place, or the Party/league bodies named by rank). An autonomous place
# names its peoples before 自治县 and may run past eight characters (X彝族Y族Z族自治县).
_AUTONOMOUS_PLACE = r"[\u4e00-\u9fff]{2,4}?(?:[\u4e00-\u9fff]{1,3}?族){1,5}自治(?:县|州|旗|区)"
_PLACE = re.compile(
    r"^(" + _AUTONOMOUS_PLACE + r")"
    r"|^(.{1,8}?(省|市|区|县|州|盟|旗|镇|乡|街道|自治区|特别行政区))|^(团|共青团|中共)"
    # a development zone's committee names the zone, its place, at any length
    r"|^(.{2,16}?(?:开发区|高新区|新区|园区|示范区|试验区|实验区|合作区))(?=管理委员会$|管委会$)"
)


def issuer_key(name: str | None) -> str:
    """Comparison form of an issuer's name (width, space, traditional/simplified folded)."""
    return tx.key(name or "")


def looks_like_body(name: str | None) -> bool:
    """True when a printed name reads like a government body (a place, then a body word)."""
    if not name:
        return False
    k = issuer_key(name)
    if sentence_start(k):  # 联合省教育厅, 关于省体育局: a word of the sentence read as a name
        return False
    if _ADDRESS.search(k):  # 地址：某县某镇某路政务中心, 某路18号: where a body sits, not its name
        return False
    return bool(_BODY_SUFFIX.search(k)) and (
        bool(_PLACE.search(k))
        or len(k) <= 6
        # 市自然资源和规划局: a known bureau named by its level alone
        or bool(_LEVEL_BODY.fullmatch(k) and bureau_of(k) is not None)
    )


_TOWNSHIP = re.compile(r"[\u4e00-\u9fff]{2,8}?(?:镇|乡|街道|苏木)")


def township(name: str | None) -> bool:
    """True for a township or street named alone (禾坪镇, 城东街道): as a page's 发布机构, the
    township's government."""
    k = issuer_key(name)
    return (
        bool(_TOWNSHIP.fullmatch(k))
        and not sentence_start(k)
        and not k.startswith(("我", "本", "全", "各", "该", "乡镇"))
    )


def cut_short(name: str | None) -> bool:
    """True for a body's name printed without its last word (青峪县住房和城乡建设, its 局 cut off):
    a place, then the whole of a known department's name."""
    k = issuer_key(name)
    b = bureau_of(k)
    return (
        b is not None
        and b.code != "gov"
        and len(k) <= 30
        and names_place(k)
        and not looks_like_body(k)
        and not _SPAM.search(k)
        and any(k.endswith(stem) and len(stem) >= 4 for stem in b.stems)
    )


def names_place(name: str | None) -> bool:
    """True when a body's name starts with its place (青峪县教育局, 石门乡人民政府), not only a level
    word (县教育局) or nothing at all (办公室)."""
    if not name:
        return False
    m = _PLACE.search(issuer_key(name))
    return (
        m is not None
        and not sentence_start(issuer_key(name))
        and m.group(0) not in _LEVEL_ONLY  # 自治县文化广电旅游局: a level, no place
        and m.group(0) != "城市"  # 城市管理综合行政执法局: the city's business, no place
    )


_JOINT_SEP = re.compile(r"[\s\u3000、]+")


def joint_bodies(name: str | None) -> tuple[str, ...]:
    """The bodies of a joint signature or title (青峪县水利局　青峪县农业农村局), in printed
    order; one name when the name is one body."""
    if not name:
        return ()
    parts = [p for p in _JOINT_SEP.split(name.strip()) if p]
    if len(parts) > 1 and (
        all(looks_like_body(p) and names_place(p) for p in parts)
        # 市城市管理局 市住房和城乡建设局 市供电服务中心: bodies named by their level alone
        or all(_LEVEL_BODY.fullmatch(issuer_key(p)) for p in parts)
    ):
        return tuple(parts)
    return (name.strip(),)


_LEVEL_BODY = re.compile(r"[省市县区][\u4e00-\u9fff]{2,16}(?:局|委员会|委|厅|中心|办公室)")


_NOT_A_NAME_START = re.compile(
    r"(?:关于|对于|联合|会同|协同|配合|经|由|据|向|与|和|及|同|在|对|将|把|请|为"
    # a verb or a time word: a sentence's fragment (并报请区…, 使我县…, 今年年初区…), not a name
    r"|并|使|已|被|报请|通过|按照|根据|结合|今年|去年|明年|近年|年初|年底|目前|现)"
)

# a line keyed as an address or a contact (地址：…, 联系电话：…), or a road or street with its
# number (某路18号, 某街3号): never a body's name
_ADDRESS = re.compile(
    r"^(?:联系|通讯|通信|办公)?(?:地址|邮编|邮政编码|电话|传真|联系人|邮箱)[:：]"
    r"|地址[:：]|(?:路|街|大道|巷|弄)\d+号"
)

# a place whose name opens with such a character (同溪市, 将川县, 向岭区): one character between
# it and the level word, where a sentence's word is followed by the level itself (同县教育局)
_PLACE_NAMED_SO = re.compile(
    r"^[同和及与在对将把请为由据向经并使已被现][\u4e00-\u9fff](?:市|县|区|州|盟|旗)"
)


def sentence_start(k: str) -> bool:
    """True when a name's key opens with a word of the sentence it was cut from (联合省教育厅,
    关于省体育局, 使我县…), not with a place that merely starts with such a character."""
    return bool(_NOT_A_NAME_START.match(k)) and not (
        _PLACE_NAMED_SO.match(k) and not _NOT_A_NAME_START.match(k[1:])  # 据与市…: two words
    )


@dataclass(frozen=True)
class Config:
    """tracker.yaml at the tree's root: successions of renamed bureaus."""

    successions: tuple[tuple[str, ...], ...] = ()
    _lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, name: str | None) -> str:
        """A key that is equal for every name in one line of succession."""
        k = issuer_key(name)
        idx = self._lines.get(k)
        return f"#succession{idx}" if idx is not None else k


def load_config(root: Path) -> Config:
    """Read tracker.yaml (a small file, read afresh each time: never stale); a tree without one
    gets the default. Load it once per workflow and pass the Config on."""
    path = root / CONFIG_FILE
    cfg = Config()
    if path.is_file():
        # start-up: match imports issuers; store loads only to read tracker.yaml (a departure)
        from tracker.store import read_yaml

        data, problems = read_yaml(path, CONFIG_FILE)
        if problems and data is None:
            p = problems[0]
            raise TrackerError(p.format(), "fix tracker.yaml")
        cfg = _parse_config(data)
    return cfg


def _parse_config(data: object) -> Config:
    if data is None:
        return Config()
    if not isinstance(data, dict):
        raise TrackerError(f"{CONFIG_FILE}: expected a mapping", "see the README for its fields")
    raw = data.get("successions") or []
    if not isinstance(raw, list) or not all(
        isinstance(x, list) and all(isinstance(n, str) for n in x) for x in raw
    ):
        raise TrackerError(
            f"{CONFIG_FILE}: 'successions' must be a list of lists of bureau names",
            "e.g. successions: [[广州市教育局, 广州市教育委员会]]",
        )
    lines: dict[str, int] = {}
    for i, names in enumerate(raw):
        for n in names:
            lines[issuer_key(n)] = i
    return Config(tuple(tuple(x) for x in raw), lines)


def same_issuer_line(a: Reply, b: Reply, config: Config | None = None) -> bool:
    """True when two replies come from one issuer (or one declared line of succession)."""
    cfg = config if config is not None else Config()
    ia, ib = a.effective_issuer, b.effective_issuer
    if not ia or not ib:
        return False
    return cfg.line_of(ia) == cfg.line_of(ib)


# --- reading issuers out of letters: spam names, bureaus, places, document-number prefixes ------

# Words mirror sites print where a bureau's name belongs (advertising, gambling, adult content).
_SPAM = re.compile(
    r"成人|色情|黄色|情色|porn|sex|博彩|赌场|赌博|彩票|娱乐城|棋牌|百家乐|老虎机|六合彩|时时彩|"
    r"快手|抖音|直播|视频|下载|app|官网|破解|福利|约炮|一夜情|代孕|网贷|发票|www|http|\.com|\.cn|\.net",
    re.I,
)


def printed_issuer_problem(name: str | None) -> str | None:
    """Why a printed issuer cannot be a government body's name, or None when it reads like one."""
    if not name or not name.strip():
        return "no name is printed"
    if _SPAM.search(issuer_key(name)):
        return f"'{name.strip()}' reads like advertising, not the name of a government body"
    if not looks_like_body(name):
        return f"'{name.strip()}' is not the name of a government body"
    return None


@dataclass(frozen=True)
class Bureau:
    """A kind of government department: its id code, the stems of its names, its business."""

    code: str
    stems: tuple[
        str, ...
    ]  # name forms before the body word (局, 委员会, 厅); short forms end in 委
    topic: tuple[str, ...] = ()  # words that mark a letter as this department's business
    doc: tuple[str, ...] = ()  # how its document numbers abbreviate it (穗教案: 教)


BUREAUS: tuple[Bureau, ...] = (
    Bureau(
        "edu",
        # 教体局: a county's bureau of education and sports, by its short name
        ("教育", "教委", "教体"),
        ("学校", "学生", "教师", "校园", "课程", "中小学", "幼儿园"),
        ("教",),
    ),
    Bureau(
        "health",
        ("卫生健康", "卫生和计划生育", "卫生计生", "卫健委", "卫健", "卫生"),
        ("医院", "医疗", "患者", "疾病", "诊疗", "医生", "疫苗"),
        ("卫",),
    ),
    Bureau("civil", ("民政",), ("养老", "救助", "低保", "殡葬", "婚姻登记", "社会组织"), ("民",)),
    Bureau("police", ("公安",), ("警", "治安", "派出所", "交警"), ("公",)),
    Bureau(
        "hrss",
        ("人力资源和社会保障", "人力资源社会保障", "人力社保", "人社"),
        ("就业", "社保", "社会保险", "工资", "劳动", "职称"),
        ("人社",),
    ),
    Bureau("finance", ("财政",), (), ("财",)),
    Bureau("transport", ("交通运输", "交通"), ("公交", "道路", "地铁", "出租车", "客运"), ("交",)),
    Bureau(
        "housing",
        ("住房和城乡建设", "住房城乡建设", "住建"),
        ("住房", "物业", "房屋", "建筑"),
        ("建", "住建"),
    ),
    Bureau("land", ("规划和自然资源", "自然资源", "国土资源", "规划"), (), ("规划资源", "规自")),
    Bureau("env", ("生态环境", "环境保护", "环保"), ("污染", "排放", "噪声"), ("环",)),
    Bureau(
        "culture",
        (  # the first is the name a guess gives; a name is matched by its longest stem
            "文化广电旅游",
            "文化广电体育和旅游",
            "文化体育广电和旅游",
            "文化和旅游",
            "文化广电新闻出版",
            "文体广旅",
            "文广体旅",
            "文广旅",
            "文体广电旅游",
            "文体广电",  # 文体广电局: culture, sport and broadcasting under one roof
            "文旅",
            "文化",
        ),
        ("旅游", "文物", "图书馆", "博物馆"),
        ("文旅", "文广旅"),
    ),
    Bureau("sport", ("体育",), (), ("体",)),
    Bureau("market", ("市场监督管理", "市场监管"), ("食品安全", "市场主体", "特种设备"), ("市监",)),
    Bureau("agri", ("农业农村", "农业"), ("农村", "农民", "耕地"), ("农",)),
    Bureau("water", ("水务", "水利"), ("供水", "排水", "河道", "水库", "防洪"), ("水",)),
    Bureau(
        "urban",
        (
            "城市管理和综合执法",
            "城市管理综合执法",
            "城市管理",
            "城市管理行政执法",
            "城市管理执法",
            "城管执法",
            "城管",
        ),
        ("垃圾", "市容", "环卫"),
        ("城管",),
    ),
    Bureau("emergency", ("应急管理",), (), ("应急",)),
    Bureau("justice", ("司法",), (), ("司",)),
    Bureau("sci", ("科学技术", "科技"), (), ("科",)),
    Bureau("industry", ("工业和信息化", "工业信息化", "工信"), (), ("工信",)),
    Bureau("commerce", ("商务",), (), ("商",)),
    Bureau("dev", ("发展和改革", "发展改革", "发改委", "发改"), (), ("发改",)),
    Bureau("veterans", ("退役军人事务",)),
    Bureau("medins", ("医疗保障", "医保"), (), ("医保",)),
    Bureau("stats", ("统计",)),
    Bureau("audit", ("审计",)),
    Bureau("tax", ("税务",)),
    Bureau("forest", ("林业和园林", "林业园林", "林业", "园林")),
    Bureau("govsvc", ("政务服务数据管理", "政务服务和数据管理", "政务服务")),
    Bureau("ethnic", ("民族宗教事务", "民族宗教", "民宗")),
    Bureau("women", ("妇女联合会", "妇联")),
    Bureau("youth", ("共青团", "团委")),
    Bureau("sast", ("科学技术协会", "科协")),
    Bureau("disabled", ("残疾人联合会", "残联")),
    Bureau(
        "gov", ("人民政府办公厅", "人民政府办公室", "政府办公厅", "政府办公室", "人民政府", "政府")
    ),
)
# every stem, longest first, so that 科学技术协会 wins over 科学技术
_STEMS = sorted(((s, b) for b in BUREAUS for s in b.stems), key=lambda sb: -len(sb[0]))
BODY_WORDS = ("委员会", "局", "委", "厅", "办公室", "办")

# One-character city and province abbreviations that open document numbers (穗教案〔2023〕208号).
DOC_PLACES = {
    "穗": "广州市",
    "深": "深圳市",
    "津": "天津市",
    "京": "北京市",
    "沪": "上海市",
    "渝": "重庆市",
    "蓉": "成都市",
    "杭": "杭州市",
    "榕": "福州市",
    "厦": "厦门市",
    "莞": "东莞市",
    "佛": "佛山市",
    "珠": "珠海市",
    "汕": "汕头市",
    "甬": "宁波市",
    "邕": "南宁市",
    "筑": "贵阳市",
    "粤": "广东省",
    "浙": "浙江省",
    "鲁": "山东省",
    "豫": "河南省",
    "川": "四川省",
    "湘": "湖南省",
    "鄂": "湖北省",
    "皖": "安徽省",
    "赣": "江西省",
    "闽": "福建省",
    "冀": "河北省",
    "晋": "山西省",
    "辽": "辽宁省",
    "陕": "陕西省",
    "琼": "海南省",
    "黔": "贵州省",
    "滇": "云南省",
    "桂": "广西壮族自治区",
}

# The five autonomous regions, by the short name a page calls them, and the one character that
# opens their bodies' document numbers (宁 is Nanjing's too: read only for a region's letter).
REGIONS = {
    "宁夏": "宁夏回族自治区",
    "广西": "广西壮族自治区",
    "内蒙古": "内蒙古自治区",
    "新疆": "新疆维吾尔自治区",
    "西藏": "西藏自治区",
}
REGION_DOC = {
    "宁": "宁夏回族自治区",
    "桂": "广西壮族自治区",
    "内": "内蒙古自治区",
    "蒙": "内蒙古自治区",
    "新": "新疆维吾尔自治区",
    "藏": "西藏自治区",
}
# departments a province or region names 厅 (教育厅, 农业农村厅), not 局 as a county does
PROVINCE_HALLS = frozenset(
    {
        "edu",
        "civil",
        "police",
        "hrss",
        "finance",
        "transport",
        "housing",
        "land",
        "env",
        "culture",
        "agri",
        "water",
        "commerce",
        "sci",
        "industry",
        "justice",
        "emergency",
        "veterans",
    }
)

_DOC_NUMBER = re.compile(r"^\s*([^\d\s〔﹝\[［【(（]{1,12})\s*[〔﹝\[［【(（]")
# A place at the start of a name: 广州市, 南沙区, 广东省, 内蒙古自治区 (two or more characters).
_PLACE_HEAD = re.compile(
    r"^("
    + _AUTONOMOUS_PLACE
    + r"|.{2,7}?(?:特别行政区|自治区|自治州|自治县|省|市|地区|盟|区|县|旗))"
)
# an autonomous area's level word alone, as its own bodies print it (自治县人民政府): no place
_LEVEL_ONLY = {"自治县", "自治州", "自治旗", "自治区"}
_NOT_PLACES = {
    *_LEVEL_ONLY,
    "城市",
    "都市",
    "社区",
    "市区",
    "城区",
    "辖区",
    "片区",
    "园区",
    "景区",
    "校区",
    "小区",
    "住宅区",
    "居住区",
    "生活区",
    "保护区",
    "风景区",
    "街区",
    "山区",
    "地区",
    "湾区",
    "示范区",
    "实验区",
    "试验区",
    "功能区",
    # a site's corner (长者专区, 政务专区): no district
    "专区",
}
# Place codes that initials would make ambiguous or wrong; the rest come from pypinyin.
_PLACE_CODES = {
    "内蒙古": "nmg",
    "广西": "gx",
    "西藏": "xz",
    "宁夏": "nx",
    "新疆": "xj",
    "香港": "hk",
    "澳门": "mo",
    "陕西": "sax",
    "山西": "sx",
}
_AUTONOMY = re.compile(r"(?:[\u4e00-\u9fff]{0,8}?族)*(?:自治区|自治州|自治县|自治旗|特别行政区)$")
_PLACE_SUFFIX = re.compile(r"(?:省|市|地区|盟|区|县|旗)$")


def doc_prefix(doc_number: str | None) -> str | None:
    """The issuing office's part of a document number, normalised: 穗教案〔2023〕208号 -> 穗教案."""
    if not doc_number:
        return None
    m = _DOC_NUMBER.match(tx.key(doc_number))
    return m.group(1) if m else None


# a document-number prefix that names the kind of paper answered, not the office answering
_PAPER_PREFIX = ("建议", "提案", "议案", "答复")


def doc_prefix_guess(prefix: str | None) -> tuple[str | None, Bureau | None]:
    """The place and kind of department a document-number prefix names, as far as tables tell."""
    if not prefix or prefix.startswith(_PAPER_PREFIX):
        return None, None  # 建议字〔2023〕8号: the paper's kind, not an office's abbreviation
    place = DOC_PLACES.get(prefix[0])
    rest = prefix[1:] if place else prefix
    for b in BUREAUS:
        if any(rest.startswith(d) for d in b.doc):
            return place, b
    if place is None and len(prefix) >= 3:  # a county's own one-character name: 峪医保函
        # its level word may follow it: 峪县医保函
        after = prefix[2:] if prefix[1] in "县区市" and len(prefix) >= 4 else prefix[1:]
        for b in BUREAUS:
            if any(prefix[1:].startswith(d) or after.startswith(d) for d in b.doc):
                return None, b
    return place, None


def split_issuer(name: str) -> tuple[tuple[str, ...], str]:
    """An issuer's name split into its places and the rest: 广州市南沙区教育局 -> (广州市, 南沙区), 教育局."""
    rest = tx.key(name)
    places: list[str] = []
    while True:
        m = _PLACE_HEAD.match(rest)
        if not m or m.group(1) in _NOT_PLACES or len(m.group(1)) == len(rest):
            break
        places.append(m.group(1))
        rest = rest[m.end() :]
    return tuple(places), rest


def bureau_of(name: str | None) -> Bureau | None:
    """The kind of department a name (or the part after its places) belongs to, if the table knows it."""
    if not name:
        return None
    k = tx.key(name)
    for stem, b in _STEMS:
        if stem in k:
            return b
    return None


def _initials(text: str) -> str:
    from pypinyin import Style, lazy_pinyin  # place names need readings; loaded only for ids

    letters = "".join(lazy_pinyin(text, style=Style.FIRST_LETTER, errors="ignore"))
    return re.sub(r"[^a-z0-9]", "", letters.lower())


@lru_cache(maxsize=4096)
def place_code(place: str) -> str:
    """A short ASCII code for a place: 广州市 -> gz, 南沙区 -> ns, 内蒙古自治区 -> nmg."""
    k = tx.key(place)
    k = _AUTONOMY.sub("", k)
    if len(k) > 2:  # 广州市 -> 广州; keep 沛县 whole
        k = _PLACE_SUFFIX.sub("", k)
    return _PLACE_CODES.get(k) or _initials(k)


@lru_cache(maxsize=4096)
def bureau_code(name: str) -> str:
    """A short ASCII code for a department: 教育局 -> edu; unknown ones by their initials."""
    b = bureau_of(name)
    if b is not None:
        return b.code
    k = tx.key(name)
    for word in BODY_WORDS:
        if k.endswith(word) and len(k) > len(word):
            k = k[: -len(word)]
            break
    return _initials(k)[:8]
