"""Stage 1, the page: file bytes -> decoded text -> the letter's lines, page chrome marked as noise.

Decoding (UTF-8, UTF-16, a page's declared charset, GB18030, Big5), a web page's visible text,
mirror-site glosses, and one `Line` per stored line with a simplified copy kept at the same
character offsets (`tracker.text.to_simplified_aligned`), so that every later pattern runs on the
simplified copy and every value is cut from the verbatim line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from tracker import text as tx
from tracker.model import LetterError, UsageError

SEEDS = "seeds"
MAX_LETTER_BYTES = 16 << 20  # a letter is tens of KB, its saved web page a few MB at most
HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml", ".asp", ".aspx", ".jsp", ".php")

# --- decoding ----------------------------------------------------------------------------------

_MAGIC = (
    (
        b"%PDF",
        "a PDF file",
        "copy the letter's text into a .txt file, or save its web page as .html",
    ),
    (
        b"PK\x03\x04",
        "a zip archive (a Word .docx file is one)",
        "save the letter as plain text (.txt) or give its web page (.html)",
    ),
    (b"\xd0\xcf\x11\xe0", "an old Office document (.doc)", "save the letter as plain text (.txt)"),
    (b"{\\rtf", "an RTF document", "save the letter as plain text (.txt)"),
    (b"\x89PNG", "a PNG image", "the letter must be text; copy it out of the image first"),
    (b"\xff\xd8\xff", "a JPEG image", "the letter must be text; copy it out of the image first"),
    (b"GIF8", "a GIF image", "the letter must be text; copy it out of the image first"),
    (b"\x1f\x8b", "a gzip archive", "unpack it first"),
)
_HTML_SNIFF = re.compile(rb"<(?:!doctype\s+html|html|head|body|meta|div|p|table|title)[\s>/]", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_GB_NAMES = {
    "gb2312",
    "gbk",
    "gb_2312-80",
    "x-gbk",
    "cp936",
    "ms936",
    "euc-cn",
    "gb18030",
    "hz-gb-2312",
}
# Characters frequent in any Chinese letter (the same in both scripts); text decoded with the
# wrong codec is made of rare characters, so their share tells right decodings from wrong ones.
_COMMON = set(
    "的一是在不了有和人中大为上个我以要他时来用们生到作地于出就分对成可主年动同工也能下过子"
    "说产种面而方后多定行学法所民得十三之进着等部度家力里如水化高自二理起小物现实加量都两体"
    "制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重"
    "新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立"
    "代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图"
    "山统接知较将组见计别手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门"
    "即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采"
    "转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马"
    "节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿"
    "须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称"
    "太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属"
    "圆包火住调满县局照参红细引听该铁价严龙飞們來時說國個這會對發開學業動與關為機經實現進區"
    "當點種應處員問題長從產過還後門"
)


def _common_share(text: str) -> float:
    cjk = [ch for ch in text[:4000] if "\u4e00" <= ch <= "\u9fff"]
    if not cjk:
        return 0.0
    return sum(ch in _COMMON for ch in cjk) / len(cjk)


def _controls(text: str) -> float:
    sample = text[:4000]
    bad = sum(1 for ch in sample if ch < " " and ch not in "\t\n\r\x0b\x0c" or ch == "\x7f")
    return bad / max(1, len(sample))


def _place(data: bytes, pos: int) -> str:
    line = data.count(b"\n", 0, pos) + 1
    col = pos - (data.rfind(b"\n", 0, pos) + 1) + 1
    return f"line {line}, column {col}"


def decode_letter(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """The text of a letter file and the encoding it was read with; LetterError when it has none.

    UTF-8 (with or without BOM), UTF-16 with BOM, the encoding an HTML page declares, GB18030
    (which covers GBK and GB2312) and Big5 are tried in turn, unless `encoding` is given.
    """
    text, used = _decode(data, name, encoding)
    if _controls(text) > 0.02:
        raise LetterError(
            f"{name}: binary data (control characters), not a letter's text",
            "give the letter as a .txt file or its web page as .html",
        )
    return text, used


def _decode(data: bytes, name: str, encoding: str | None) -> tuple[str, str]:
    if not data.strip(b" \t\r\n\x00\x0b\x0c") or data.strip() in (
        b"\xef\xbb\xbf",
        b"\xff\xfe",
        b"\xfe\xff",
    ):
        raise LetterError(
            f"{name}: the file is empty", "give the file that holds the letter's text"
        )
    for magic, what, hint in _MAGIC:
        if data.startswith(magic):
            raise LetterError(f"{name}: this is {what}, not a letter's text", hint)
    if encoding:
        try:
            codec = (
                "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
            )
            return data.decode(codec), encoding
        except LookupError:
            raise UsageError(
                f"unknown encoding '{encoding}'",
                "use a Python codec name such as utf-8, gb18030 or big5",
            ) from None
        except UnicodeDecodeError as e:
            raise LetterError(
                f"{name}: cannot be read as {encoding} (byte 0x{data[e.start]:02x} at {_place(data, e.start)})",
                "leave out --encoding to detect it, or give the right one",
            ) from None
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as e:
            raise LetterError(
                f"{name}: marked as UTF-8 but byte 0x{data[3 + e.start]:02x} at "
                f"{_place(data, 3 + e.start)} is not",
                "repair the file, or pass --encoding",
            ) from None
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[2:].decode(codec), "utf-16"
            except UnicodeDecodeError:
                raise LetterError(
                    f"{name}: marked as UTF-16 but cannot be read as it",
                    "save the letter as UTF-8 text",
                ) from None
    nul = data.count(b"\x00")
    if nul:
        if nul * 3 >= len(data) // 2:  # UTF-16 without a byte-order mark
            for codec in ("utf-16-le", "utf-16-be"):
                try:
                    text = data.decode(codec)
                except UnicodeDecodeError:
                    continue
                if _common_share(text) > 0.2 and _controls(text) < 0.01:
                    return text, codec
        raise LetterError(
            f"{name}: binary data (NUL bytes), not a letter's text",
            "give the letter as a .txt file or its web page as .html",
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        utf8_error = e
    candidates: list[str] = []
    if _HTML_SNIFF.search(data[:4096]):
        m = _META_CHARSET.search(data[:4096])
        if m:
            declared = m.group(1).decode("ascii", "replace").lower()
            candidates.append("gb18030" if declared in _GB_NAMES else declared)
    candidates += ["gb18030", "big5"]
    best: tuple[float, str, str] | None = None
    for codec in dict.fromkeys(candidates):
        try:
            text = data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        share = _common_share(text)
        if best is None or share > best[0]:
            best = (share, text, codec)
    if best is not None and best[0] >= 0.2:
        return best[1], best[2]
    bad = utf8_error.start
    if data[:bad].decode("utf-8", "ignore") and _mostly_utf8(data):
        raise LetterError(
            f"{name}: UTF-8 text with bytes that are not UTF-8 (0x{data[bad]:02x} at {_place(data, bad)})",
            "the file is damaged there: repair those bytes, or pass --encoding if it is another encoding",
        )
    raise LetterError(
        f"{name}: cannot be decoded as UTF-8, GB18030 or Big5 (byte 0x{data[bad]:02x} at {_place(data, bad)})",
        "pass --encoding ENC with the file's encoding",
    )


def check_encoding(encoding: str | None) -> None:
    """UsageError unless `encoding` names a codec Python knows."""
    import codecs

    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise UsageError(
                f"unknown encoding '{encoding}'",
                "use a Python codec name such as utf-8, gb18030 or big5",
            ) from None


def _mostly_utf8(data: bytes) -> bool:
    good = len(data.decode("utf-8", "ignore").encode("utf-8"))
    return good >= 0.9 * len(data)


def looks_like_html(data: bytes, name: str = "") -> bool:
    """True for a web page: by its file name, or by its first tags."""
    return name.lower().endswith(HTML_SUFFIXES) or bool(_HTML_SNIFF.search(data[:2048]))


# fmt: off
_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "tr", "td", "th", "table", "tbody", "thead", "h1", "h2",
    "h3", "h4", "h5", "h6", "section", "article", "header", "footer", "main", "blockquote", "pre",
    "hr", "dd", "dt", "dl", "title", "center", "form", "caption", "figure", "figcaption", "address",
}
_DROP_TAGS = {"head", "script", "style", "noscript", "template", "svg", "nav", "iframe", "object",
              "embed", "button", "select", "option", "canvas", "map", "audio", "video", "aside"}
_DROP_CLASSES = {"nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "crumb", "crumbs",
                 "sidebar", "share", "toolbar", "topbar", "skip", "sitemap"}
_VOID = {"br", "img", "meta", "link", "input", "hr", "area", "base", "col", "source", "wbr", "embed",
         "param", "track"}
# fmt: on


_CELL = "\x00"  # where a table cell starts, while its row is read


class _PageText(HTMLParser):
    """The visible text of a page, one line per block, without scripts, styles and navigation."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # open elements and whether each drops its content
        self.canonical: str | None = None
        # the table row being read: where its text starts in parts, and whether its cells hold
        # only text (then the row is one line, its cells between | as in a text copy)
        self.row: tuple[int, bool] | None = None

    def _dropping(self) -> bool:
        return any(drop for _, drop in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "link" and "canonical" in a.get("rel", "").lower() and a.get("href"):
            self.canonical = self.canonical or a["href"]
        if tag == "meta" and a.get("property") == "og:url" and a.get("content"):
            self.canonical = self.canonical or a["content"]
        if tag in ("tr", "table", "tbody", "thead"):
            self._close_row()  # a row left open (</tr> may be omitted)
            if tag == "tr" and not self._dropping():
                self.row = (len(self.parts), True)
        elif tag in ("td", "th") and self.row is not None:
            self.parts.append(_CELL)
            return self._open(tag, a)
        elif tag in _BLOCK_TAGS and self.row is not None:
            self.row = (self.row[0], False)  # a paragraph or a table inside a cell
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")
        if tag in _VOID:
            return
        self._open(tag, a)

    def _open(self, tag: str, a: dict[str, str]) -> None:
        tokens = set(re.split(r"[\s_\-]+", f"{a.get('class', '')} {a.get('id', '')}".lower()))
        drop = (
            tag in _DROP_TAGS
            or bool(tokens & _DROP_CLASSES)
            or "hidden" in a
            or a.get("aria-hidden") == "true"
            or bool(re.search(r"display\s*:\s*none", a.get("style", ""), re.I))
        )
        self.stack.append((tag, drop))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break
        if tag in ("td", "th") and self.row is not None:
            return
        if tag in ("tr", "table", "tbody", "thead"):
            self._close_row()
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def _close_row(self) -> None:
        """The row read so far as one line (| a | b |) when its cells hold only text."""
        if self.row is None:
            return
        start, simple = self.row
        self.row = None
        text = "".join(self.parts[start:])
        cells = [re.sub(r"\s+", " ", c).strip() for c in text.split(_CELL)[1:]]
        if simple and len(cells) > 1 and any(cells):
            self.parts[start:] = ["\n| " + " | ".join(cells) + " |\n"]
        else:
            self.parts[start:] = [text.replace(_CELL, "\n")]

    def handle_data(self, data: str) -> None:
        if not self._dropping():
            in_pre = any(t == "pre" for t, _ in self.stack)
            self.parts.append(data if in_pre else re.sub(r"[ \t\r\n\f]+", " ", data))


def html_to_text(page: str) -> tuple[str, str | None]:
    """The letter text of a web page (one line per block) and its canonical address, if it gives one."""
    p = _PageText()
    p.feed(page)
    p.close()
    p._close_row()
    # one line per block; the blank lines between blocks carry nothing
    out = [s for s in (ln.replace("\xa0", " ").strip() for ln in "".join(p.parts).split("\n")) if s]
    return "\n".join(out) + "\n", p.canonical


_LINE_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


# A mirror site's pinyin gloss after a character: 運(yùn), 鎮(zhèn); a tone mark tells it from
# a bracketed word of the letter.
_GLOSS = re.compile(
    r"(?<=[\u3400-\u9fff\uf900-\ufaff])[(（]"
    r"(?=[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,7}[)）]"
)


def strip_glosses(text: str) -> tuple[str, int]:
    """The text without a mirror site's pinyin glosses, and how many were taken out."""
    return _GLOSS.subn("", text)


def stored_text(text: str) -> str:
    """A decoded letter as it is stored under seeds/: LF line ends, no BOM, a final newline."""
    text = _LINE_BREAKS.sub("\n", text.lstrip("\ufeff"))
    return text if text.endswith("\n") else text + "\n"


# --- lines -------------------------------------------------------------------------------------

# One character or one bookmark per repetition: a nested `(?:[\s]+)+$` backtracks exponentially on
# a long run of spaces in the middle of a line (a printed 印发 footer padded with spaces).
_EDGE_L = re.compile(r"^(?:[\s|｜•·●▪■◆◇►▶*>#]|\[bookmark:[^\]]*\])+")
_EDGE_R = re.compile(r"(?:[\s|｜]|\[bookmark:[^\]]*\])+$")
_ONLY_SYMBOLS = re.compile(r"^[\W_]*$")
_NOISE_KEY = re.compile(
    r"^(?:发布时间|发布日期|发表时间|信息时间|更新时间|信息来源|文章来源|来源|作者|责任编辑|编辑|浏览次数|浏览量|浏览|"
    r"阅读次数|阅读量|阅读|访问量|点击数|点击量|点击|字号|字体|分享到|主办单位|主办|承办单位|承办|"
    r"协办单位|网站维护|维护单位|技术支持|索引号|主题分类|发布机构|成文日期|公开方式|公开属性|"
    r"公开形式|信息类别|文号|发文字号|发文机关|发文单位|文件标题|标题|效力状态|分类|有效性|生成日期)\s*[:：]"
)
_SPACES = re.compile(r"[\s\u3000]+")
# the keys of a CMS metadata block (a list, a table, or cells run together)
META_KEYS = (
    "索引号|主题分类|信息分类|组配分类|体裁分类|发文机关|发文机构|发布机构|发文单位|成文日期|公文生成日期|生成日期|"
    "成文时间|发文日期|发文时间|"
    # 著录日期: the date a site's catalogue recorded the page, its publishing date
    "发布日期|著录日期|发布时间|公开日期|公开时间|信息来源|来源|文号|发文字号|文件标题|标题|文件名称|名称|公开方式|公开属性|公开范围|"
    "有效性|效力状态|"
    "关键词|主题词|所属机构|责任部门"
)
_TITLE_LIKE = re.compile(r"关于.{2,60}?(?:建议|提案|议案)|答复|复函")
_META_ALONE = re.compile(rf"^(?:{META_KEYS})[:：]?$")
_META_START = re.compile(rf"^(?:{META_KEYS})")
# a row of the block spread over a line, opened by a key the table does not know (公开目录 …
# 发布日期 2025-08-19, 信息名称 … 成文日期 …): a known key after a gap, then its value
# a bulleted list of keys each with its value (- 成文时间:2022年07月28日, - 标 题:…)
_BULLET_META = re.compile(rf"^-(?:{META_KEYS})[:：]")
_SPREAD_KEY = re.compile(rf"\s(?:{META_KEYS})(?:\s*[:：]\s*|\s+)\S")
_TABLE_CELL = re.compile(rf"[|｜](?:{META_KEYS})[|｜]")
_META_CELL = re.compile(
    r"[|｜](?:索引号|发文字号|文号|发布机构|发文机关|成文日期|发布日期|标题|分类|主题分类)[:：]"
)
_NOISE_ANY = re.compile(
    r"T浏览字号|浏览字号|扫一扫在手机|在手机打开当前页|版权所有|copyright|©|ICP备|ICP证|公网安备|"
    r"网站标识码|打印本页|关闭窗口|【打印】|【关闭】|分享到\s*[:：]|字体\s*[:：]?\s*[大中小]|"
    r"[\[【]\s*[大中小]\s*[\]】]|字号\s*[:：]\s*[大中小]\s*[大中小]|首页\s*[>＞›»]|当前的?位置\s*[:：]|现在的位置\s*[:：]|"
    r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*(?:来源|作者|发布)"
    # an info bar with a bare 日期 or 时间 (a letter's own 日期：2024年5月6日 stands alone)
    r"|^(?:日期|时间)\s*[:：]\s*\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}日?"
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s+(?:来源|作者|浏览|点击|阅读|字号|字体)"
    r"|^(?:浏览|点击|阅读)(?:次数|量)?\s*[:：]\s*\d+\s*次?\s+(?:日期|时间)\s*[:：]",
    re.I,
)
# words that are page furniture only on a short line of their own (无障碍 is also a letter's subject)
_NOISE_SHORT = re.compile(
    r"(?:无障碍(?:浏览|阅读|通道)?|长者模式|关怀版|适老化|网站地图|联系我们|上一篇|下一篇|相关链接|"
    r"相关文章|附件下载|扫一扫|打印|关闭|收藏|返回顶部|[\W_])+"
)


@dataclass(frozen=True)
class Line:
    no: int  # 1-based, in the stored text
    text: str  # the line without edge decoration (a verbatim slice of the stored line)
    simp: str  # the same, simplified, character for character
    noise: bool
    blank: bool


# a whole letter run into one line (a mirror copy's table cell): 某某委员: 你们提出的…收悉,答复如下:
# ……。 如对本答复有意见,…! 某县水务局 2023年8月21日: read as the lines it was printed in, each
# keeping its number
_RUN_TOGETHER = re.compile(r"(?:委员|代表|同志)(?:们)?\s*[:：]|收悉|答复如下")
_RUN_BREAK = re.compile(
    r"(?<=[。！!？?：:；;])[ \t\u3000]+(?=\S)"  # a sentence's end, then spaces
    r"|(?<=[\u3400-\u9fff])[ \t\u3000]+(?=[\u3400-\u9fff])"  # 此件公开发布 某市交通运输局
    r"|[ \t\u3000]+(?=[(（](?:联系|电话))"  # the signature's date, then （联系人及电话：…）
)


def _pieces(t: str) -> list[tuple[int, int]]:
    """Where the lines of a letter run into one line start and end, or the whole line."""
    if len(t) <= 200 or not _RUN_TOGETHER.search(t[:300]):
        return [(0, len(t))]
    breaks = list(_RUN_BREAK.finditer(t))
    if sum(1 for m in breaks if t[m.start() - 1] in "。！!？?：:；;") < 2:
        return [(0, len(t))]
    starts = [0, *(m.end() for m in breaks)]
    ends = [*(m.start() for m in breaks), len(t)]
    return list(zip(starts, ends, strict=True))


# a metadata key alone in square brackets, the value on the next line ([ 发布日期 ])
_BOXED_KEY = re.compile(r"^[\[【]([^\]】]{2,8})[\]】]$")
# the letter's salutation (某某代表：, 某某等委员：): never the value of an empty key above it
_SALUTATION_LINE = re.compile(r"(?:代表|委员|同志|先生|女士)(?:们)?\s*[:：]\s*$")


def _lines(text: str) -> list[Line]:
    raw = text.splitlines()
    whole = "\n".join(raw)
    simp_whole = tx.to_simplified_aligned(whole)
    simp_raw = simp_whole.split("\n")
    if len(simp_raw) != len(raw) or any(
        len(a) != len(b) for a, b in zip(simp_raw, raw, strict=False)
    ):
        simp_raw = [tx.to_simplified_aligned(r) for r in raw]
    out = []
    value_next = False  # the line after a metadata key alone on its line holds its value
    meta_above = False  # the last line with text was a row of the metadata block
    for i, (r, s) in enumerate(zip(raw, simp_raw, strict=True)):
        a = _EDGE_L.match(r)
        start = a.end() if a else 0
        b = _EDGE_R.search(r, start)
        end = b.start() if b else len(r)
        whole_t, whole_ts = r[start:end], s[start:end]
        for pa, pb in _pieces(whole_t):
            t, ts = whole_t[pa:pb], whole_ts[pa:pb]
            blank = not t or bool(_ONLY_SYMBOLS.match(t))
            squeezed = _SPACES.sub("", ts)  # 索 引 号：… in the meta tables of government sites
            boxed = _BOXED_KEY.match(squeezed)  # [ 成文日期 ]: a key in brackets, its value below
            if boxed and _META_ALONE.match(boxed.group(1)):
                squeezed = boxed.group(1)
            noise = (
                not blank
                and len(t) <= 160
                and bool(
                    _NOISE_KEY.match(squeezed)
                    or _NOISE_ANY.search(ts)
                    or _META_CELL.search(squeezed)
                    or bool(_NOISE_SHORT.fullmatch(squeezed))
                    or bool(_TABLE_CELL.search(squeezed))
                    or bool(_META_START.match(squeezed) and not re.search(r"[。，,；;]", squeezed))
                    or bool(_BULLET_META.match(squeezed))
                    or (
                        meta_above
                        and len(t) <= 100
                        and bool(_SPREAD_KEY.search(ts))
                        and not re.search(r"[。，,；;！!？?]", ts)
                    )
                    or (
                        value_next
                        and len(t) <= 60
                        and not re.search(r"[。；;，,]", ts)
                        and not _TITLE_LIKE.search(ts)  # a letter's title after an empty key
                        and not _SALUTATION_LINE.search(ts)  # 文号：(empty), then 某某代表：
                    )
                )
            )
            if not blank:
                value_next = bool(_META_ALONE.match(squeezed))
                meta_above = noise and bool(_META_START.match(squeezed))
            out.append(Line(i + 1, t, ts, noise, blank))
    return out


@dataclass(frozen=True)
class Page:
    """A letter's stored text as lines, each marked blank or noise (page chrome)."""

    lines: tuple[Line, ...]

    def content(self, a: int, b: int) -> list[Line]:
        """The lines in [a, b) that carry the letter's text."""
        return [ln for ln in self.lines[a:b] if not ln.blank and not ln.noise]

    def next_content(self, i: int, limit: int | None = None) -> int | None:
        """Index of the first content line at or after i (and before limit)."""
        stop = len(self.lines) if limit is None else min(limit, len(self.lines))
        for j in range(i, stop):
            if not self.lines[j].blank and not self.lines[j].noise:
                return j
        return None

    def body_simp(self) -> str:
        """The simplified text of every line that is not page chrome."""
        return "\n".join(ln.simp for ln in self.lines if not ln.noise)


def page(text: str) -> Page:
    """The stored text of a letter as a Page."""
    return Page(tuple(_lines(text)))
