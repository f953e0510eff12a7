"""Reading reply letters: file bytes or text -> Letter (facts, sections, next-step items). Pure.

A letter is read the way a clerk reads it: the header (title line, document number, category),
the salutation, the opening paragraph (proposal title, co-handling units), the progress section,
the next-steps section with its items, and the tail (closing, signature, date, contact, cc).
Everything around it that a web page adds (CMS lines, navigation, footers) is recognised as noise.

Every pattern runs on a simplified copy of each line that keeps character offsets
(`tracker.text.to_simplified_aligned`), so a traditional-character copy reads like the original;
every value is then cut from the verbatim line at the same offsets.
"""

from __future__ import annotations

import bisect
import hashlib
import re
import stat
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from tracker import issuers as iss
from tracker import text as tx
from tracker.model import (
    Commitment,
    Contact,
    Kind,
    Letter,
    LetterError,
    LetterSection,
    Reply,
    ReviewNote,
    Role,
    SectionKind,
    Source,
    UsageError,
)

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


class _PageText(HTMLParser):
    """The visible text of a page, one line per block, without scripts, styles and navigation."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # open elements and whether each drops its content
        self.canonical: str | None = None

    def _dropping(self) -> bool:
        return any(drop for _, drop in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "link" and "canonical" in a.get("rel", "").lower() and a.get("href"):
            self.canonical = self.canonical or a["href"]
        if tag == "meta" and a.get("property") == "og:url" and a.get("content"):
            self.canonical = self.canonical or a["content"]
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")
        if tag in _VOID:
            return
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
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._dropping():
            in_pre = any(t == "pre" for t, _ in self.stack)
            self.parts.append(data if in_pre else re.sub(r"[ \t\r\n\f]+", " ", data))


def html_to_text(page: str) -> tuple[str, str | None]:
    """The letter text of a web page (one line per block) and its canonical address, if it gives one."""
    p = _PageText()
    p.feed(page)
    p.close()
    # one line per block; the blank lines between blocks carry nothing
    out = [s for s in (ln.replace("\xa0", " ").strip() for ln in "".join(p.parts).split("\n")) if s]
    return "\n".join(out) + "\n", p.canonical


_LINE_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def stored_text(text: str) -> str:
    """A decoded letter as it is stored under seeds/: LF line ends, no BOM, a final newline."""
    text = _LINE_BREAKS.sub("\n", text.lstrip("\ufeff"))
    return text if text.endswith("\n") else text + "\n"


# --- lines -------------------------------------------------------------------------------------

_EDGE_L = re.compile(r"^(?:[\s|｜•·●▪■◆◇►▶*>#]+|\[bookmark:[^\]]*\])+")
_EDGE_R = re.compile(r"(?:[\s|｜]+|\[bookmark:[^\]]*\])+$")
_ONLY_SYMBOLS = re.compile(r"^[\W_]*$")
_NOISE_KEY = re.compile(
    r"^(?:发布时间|发布日期|更新时间|信息来源|文章来源|来源|作者|责任编辑|编辑|浏览次数|浏览量|浏览|"
    r"阅读次数|阅读量|阅读|访问量|点击数|点击量|点击|字号|字体|分享到|主办单位|主办|承办单位|承办|"
    r"协办单位|网站维护|维护单位|技术支持|索引号|主题分类|发布机构|成文日期|公开方式|公开属性|"
    r"公开形式|信息类别|文号|发文字号|发文机关|发文单位|标题|效力状态|分类|有效性|生成日期)\s*[:：]"
)
_SPACES = re.compile(r"[\s\u3000]+")
_META_CELL = re.compile(
    r"[|｜](?:索引号|发文字号|文号|发布机构|发文机关|成文日期|发布日期|标题|分类|主题分类)[:：]"
)
_NOISE_ANY = re.compile(
    r"T浏览字号|浏览字号|扫一扫在手机|在手机打开当前页|版权所有|copyright|©|ICP备|ICP证|公网安备|"
    r"网站标识码|打印本页|关闭窗口|【打印】|【关闭】|分享到\s*[:：]|字体\s*[:：]?\s*[大中小]|"
    r"[\[【]\s*[大中小]\s*[\]】]|首页\s*[>＞›»]|当前的?位置\s*[:：]|现在的位置\s*[:：]|"
    r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*(?:来源|作者|发布)",
    re.I,
)
# words that are page furniture only on a short line of their own (无障碍 is also a letter's subject)
_NOISE_SHORT = re.compile(
    r"(?:无障碍(?:浏览|阅读|通道)?|长者模式|关怀版|适老化|网站地图|联系我们|上一篇|下一篇|相关链接|"
    r"相关文章|附件下载|扫一扫|打印|关闭|收藏|返回顶部|[\W_])+"
)


@dataclass
class _Line:
    no: int  # 1-based, in the stored text
    text: str  # the line without edge decoration (a verbatim slice of the stored line)
    simp: str  # the same, simplified, character for character
    noise: bool
    blank: bool


def _lines(text: str) -> list[_Line]:
    raw = text.splitlines()
    whole = "\n".join(raw)
    simp_whole = tx.to_simplified_aligned(whole)
    simp_raw = simp_whole.split("\n")
    if len(simp_raw) != len(raw) or any(
        len(a) != len(b) for a, b in zip(simp_raw, raw, strict=False)
    ):
        simp_raw = [tx.to_simplified_aligned(r) for r in raw]
    out = []
    for i, (r, s) in enumerate(zip(raw, simp_raw, strict=True)):
        a = _EDGE_L.match(r)
        start = a.end() if a else 0
        b = _EDGE_R.search(r, start)
        end = b.start() if b else len(r)
        t, ts = r[start:end], s[start:end]
        blank = not t or bool(_ONLY_SYMBOLS.match(t))
        squeezed = _SPACES.sub("", ts)  # 索 引 号：… in the meta tables of government sites
        noise = (
            not blank
            and len(t) <= 160
            and bool(
                _NOISE_KEY.match(squeezed)
                or _NOISE_ANY.search(ts)
                or _META_CELL.search(squeezed)
                or bool(_NOISE_SHORT.fullmatch(squeezed))
            )
        )
        out.append(_Line(i + 1, t, ts, noise, blank))
    return out


# --- patterns ----------------------------------------------------------------------------------

_CN = "一二三四五六七八九十"
# Han characters, extensions included (t2s maps some rare given-name characters beyond the BMP)
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_TERMINAL = "。！!？?；;…"
_ENDS_SENTENCE = re.compile(r"[。！!？?；;…]\s*[”’」』）)】]*\s*$")
_DATE_CN = (
    r"([0-9０-９]{4}|[〇○零Ｏ一二三四五六七八九]{4})\s*年\s*([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*月"
    r"\s*([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*日"
)
_DATE_ANY = re.compile(rf"{_DATE_CN}|(\d{{4}})\s*[-/.]\s*(\d{{1,2}})\s*[-/.]\s*(\d{{1,2}})")
_DATE_LINE = re.compile(rf"^(?:日期\s*[:：]\s*)?(?:(?P<sig>\S.{{0,30}}?)\s+)?{_DATE_CN}$")
_PUBLISHED = re.compile(
    r"(?:发布时间|发布日期|发布于|发表时间|生成日期)\s*[:：]?\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
    r"|^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*(?:来源|作者|发布)"
)
_SOURCE_LINE = re.compile(
    r"(?:^|\s|[|｜])(?:信息来源|文章来源|来源|发布机构|发文机关|发文单位)\s*[:：]\s*([^\s|｜]{2,30})"
)
_DOC_NUMBER = re.compile(
    rf"([{_HAN}]{{1,10}})\s*[〔\[［【(（]\s*(\d{{4}})\s*[〕\]］】)）]\s*(\d{{1,5}})\s*号"
)
_CATEGORY = re.compile(
    r"^[【\[（(]?\s*([ABCDＡＢＣＤ])\s*类\s*[】\]）)]?$|类别\s*[:：]\s*([ABCDＡＢＣＤ])\b"
    r"|(?:^|\s)([ABCDＡＢＣＤ])\s*类(?:\s|$)"
)
_SALUTE = re.compile(
    r"^(?:尊敬的)?(?P<names>[^:：，,。；;！!？?\s（(“《]{1,40}?)\s*(?P<deng>等(?:[0-9一二三四五六七八九十]+(?:名|位))?)?"
    r"(?P<role>委员|代表|同志|先生|女士)(?:们)?\s*(?:[:：]\s*(?P<rest>.*))?$"
)
_SALUTE_ORG = re.compile(
    r"^(?:尊敬的)?(?P<names>[^:：，,。；;！!？?\s（(“《]{2,30})\s*[:：]\s*(?P<rest>.*)$"
)
_INTRO = re.compile(r"收悉|提出的|提交的|所提|领衔")
_OPENING = re.compile(r"收悉|答复如下|函复如下|复函如下|回复如下")
_AS_FOLLOWS = re.compile(r"(?:答复|函复|复函|回复|说明|报告|汇报|办理情况)如下|如下\s*[:：]?\s*$")
_REPLY_WORDS = re.compile(r"答复|复函|办理情况|提案|建议")
_TITLE_WORDS = re.compile(r"关于|答复|复函|回复|的函|办理情况")
_TITLE_END = re.compile(r"(?:答复|复函|的函|回复|答复函|意见|的信|函|报告)\s*$")
_TITLE_SPLIT = re.compile(r"^(?P<issuer>.*?)\s*(?:关于|对于|就)(?P<rest>.*)$")
_TITLE_SPLIT_DUI = re.compile(r"^(?P<issuer>[^对]{2,40}?)\s*对(?P<rest>.*(?:提案|建议|议案).*)$")
_NUMBER = re.compile(r"第\s*([0-9０-９A-Za-z\-]{1,12})\s*号")
_KIND_AFTER = re.compile(r"号\s*(?:的)?(?:人大|政协)?(?:代表|委员)?(提案|建议|议案)")
_KIND_BEFORE = re.compile(r"(?:会议|大会)\s*(?:上)?(?:的)?(?:代表|委员)?(提案|建议|议案)")
_KIND_INTRO = re.compile(
    r"(提案|建议|议案)\s*(?:[(（]第[^)）]{1,12}号[)）])?\s*(?:已|均已)?\s*收悉"
)
_SESSION_IN_BODY = re.compile(r"在\s*(\S{2,30}?(?:会议|大会))\s*(?:上|期间|中)")
_BOOK_TITLE = re.compile(r"《([^《》]{2,200}?)》")
_QUOTE_TITLE = re.compile(
    r"(?:提出的|提交的|所提的?|领衔的?|关于|题为|名为)\s*[“\"「『《]([^”\"」』》]{2,200}?)[”\"」』》]"
)
_PLAIN_TITLE = re.compile(r"关于[^，,。；;：:（(“”《》\s]{2,120}?的(?:提案|建议|议案)")
_CO_HANDLERS = re.compile(
    r"会同\s*(.{2,120}?)\s*(?:认真|共同|一起|进行|研究|办理|就|对|，|,|。)"
    r"|经与\s*(.{2,120}?)\s*(?:协商|沟通|商议|会商)"
    r"|协办单位\s*(?:为|是|[:：])?\s*(.{2,120}?)\s*(?:[，,。；;]|$)"
)
_GENERIC_UNITS = {
    "相关部门",
    "有关部门",
    "有关单位",
    "相关单位",
    "各区",
    "各相关单位",
    "各有关单位",
    "协办单位",
    "会办单位",
    "相关职能部门",
    "职能部门",
    "各区政府",
    "各区人民政府",
}
_CONTACT_NAME = re.compile(
    rf"(?:联系人|经办人|承办人)(?:及电话|及联系电话|和电话)?\s*[:：]\s*([{_HAN}·]{{2,5}})"
)
_CONTACT_PHONE = re.compile(
    r"(?:联系)?电话(?:号码)?\s*[:：]?\s*([0-9０-９][0-9０-９\-－—()（）\s]{3,20}[0-9０-９])"
    rf"|(?:联系人|经办人)\s*[:：]\s*[{_HAN}·]{{2,5}}\s*[,，、\s]\s*([0-9０-９][0-9０-９\-－—]{{4,20}})"
)
_CC = re.compile(r"^[(（]?\s*(?:抄送|抄报)\s*[:：]\s*(.+)$")
_CLOSING = re.compile(
    r"^(?:[^，,。：:]{1,12}?(?:代表|委员|同志)[，,：:]\s*)?[(（]?\s*"
    r"(?:(?:再次|衷心|非常|十分|最后[，,]?\s*)?(?:感谢|谢谢)"
    r"|(?:如果您|如您|若您|如你们|如果你们|您如|如)对.{0,30}?(?:答复|办理|意见|满意)"
    r"|欢迎您?继续|恳请|敬请|特此(?:函复|答复|复函|回复|函告|说明)|专此|此复|以上答复|顺致|顺祝|致以|谨此"
    r"|联系人|联系电话|联系方式|经办人|承办人|公开方式|公开属性|公开形式|抄送|抄报|附件\s*[:：\d]|附\s*[:：]|签发人)"
)
_CLOSING_INLINE = re.compile(
    r"(?<=[。！!？?])\s*(?:再次|衷心|非常|十分)?(?:感谢|谢谢)|(?<=[。！!？?])\s*(?:如果您|如您)对"
)
_NS_TIME = r"(?:下一步|下步|下一阶段|下阶段|今后|未来|接下来|后续|明年|下一年度?)"
_NS_HEAD = re.compile(
    rf"^(?:关于|存在(?:的)?问题(?:和|及|与)|[^，,。；;：:]{{0,8}}?(?:和|及|与))?{_NS_TIME}"
    r"[^，,。；;：:]{0,6}?(?:安排|计划|打算|举措|措施|思路|方向|重点|设想|考虑|目标|任务|工作|努力)"
)
_SENTENCE_START = re.compile(r"(?:^|(?<=[。！!；;]))\s*")
_NS_TIME_PREFIX = re.compile(rf"^{_NS_TIME}[，,、\s]*")
_NS_LEAD = re.compile(rf"{_NS_TIME}[，,、\s]*.{{0,14}}?(?:将|会|要|拟|继续|计划|打算|准备)")
_PROBLEMS = re.compile(r"问题|困难|不足|原因")
_PROGRESS_HEAD = re.compile(
    r"(?:推进|开展|办理|落实|进展|完成|工作)情况|已(?:经)?(?:开展|做|完成|采取)(?:的|了)?(?:主要)?(?:工作|措施)|"
    r"工作措施|主要(?:做法|工作|措施)|基本情况|有关情况|工作进展|取得(?:的)?成效|工作成效|现状"
)
_SELF = re.compile(r"我(局|委|厅|办)|本(局|委|厅)")

# Item markers at the start of a paragraph, by family.
_PARA_MARKERS = (
    ("cn_paren", re.compile(rf"^[（(]\s*([{_CN}]{{1,3}})\s*[)）]\s*")),
    ("ar_paren", re.compile(r"^[（(]\s*(\d{1,2})\s*[)）]\s*")),
    ("circ", re.compile(r"^([①-⑳])\s*")),
    ("cn_dun", re.compile(rf"^([{_CN}]{{1,3}})\s*[、．.]\s*")),
    ("ar_dot", re.compile(r"^(\d{1,2})\s*(?:[、．]|\.(?!\d))\s*")),
    ("ar_rparen", re.compile(r"^(\d{1,2})\s*[)）]\s*")),
    ("shi", re.compile(rf"^([{_CN}]{{1,3}})是(?![否的])")),
    ("di", re.compile(rf"^第([{_CN}]{{1,3}})\s*[，,、：:]\s*")),
)
# Item markers inside a paragraph (一是…二是…), by family; each must follow a boundary.
_INLINE_MARKERS = (
    ("shi", re.compile(rf"([{_CN}]{{1,3}})是(?![否的])")),
    ("cn_paren", re.compile(rf"[（(]([{_CN}]{{1,3}})[)）]")),
    ("ar_paren", re.compile(r"[（(](\d{1,2})[)）]")),
    ("circ", re.compile(r"([①-⑳])")),
    ("di", re.compile(rf"第([{_CN}]{{1,3}})[，,、：:]")),
)
_BOUNDARY = set("。；;：:，,！!？?）)”」』】 \t\n\u3000")
_SAME_SHAPE = ({"cn_paren", "ar_paren"}, {"cn_dun", "ar_dot"})
_HEAD_MAX = 40  # characters a heading sentence (an item's area) may have
_HEAD_END = re.compile(r"[。：:！!]")


def _marker_number(family: str, raw: str) -> int | None:
    if family == "circ":
        return ord(raw) - ord("①") + 1
    if raw.isdigit():
        return int(raw)
    return tx.cn_int(raw)


def _para_marker(simp: str) -> tuple[str, int | None, int] | None:
    for family, rx in _PARA_MARKERS:
        m = rx.match(simp)
        if m:
            return family, _marker_number(family, m.group(1)), m.end()
    return None


# --- the parse ---------------------------------------------------------------------------------


@dataclass
class _Para:
    """A paragraph of the next-steps section: one or more lines joined by newlines."""

    text: str
    simp: str
    starts: list[int]  # offset in text where each line starts
    nos: list[int]  # the line numbers

    def line_at(self, pos: int) -> int:
        return self.nos[max(0, bisect.bisect_right(self.starts, pos) - 1)]


@dataclass
class _Unit:
    family: str | None
    number: int | None
    para: _Para
    start: int  # span of the unit's text (after its marker) in para.text
    end: int
    para_level: bool
    lead: bool = False  # an unmarked opening followed by inline items

    @property
    def simp(self) -> str:
        return self.para.simp[self.start : self.end]


@dataclass
class _Node:
    unit: _Unit | None
    children: list[_Node] = field(default_factory=list)


@dataclass
class _Leaf:
    area: str | None
    text: str
    lines: tuple[int, int]


@dataclass
class _Block:
    """A next-steps section: where it starts, its heading, where its items start and end."""

    line: int  # index of its first line (the heading, or the opening paragraph)
    heading: str | None
    items_from: int
    offset: int | None  # where the text after a heading on the same line starts
    end: int  # index of the line after it
    area: str | None = None  # for letters answering point by point: the point it answers


@dataclass
class _Candidate:
    """A possible issuer and the evidence for it."""

    name: str
    score: int = 0
    reasons: list[str] = field(default_factory=list)
    strong: bool = False  # backed by more than the letter's subject


@dataclass
class _Parsed:
    """Everything read from a letter's text, before it is tied to a stored file."""

    facts: dict[str, object]
    sections: list[LetterSection]
    leaves: list[_Leaf]
    review: list[ReviewNote]
    warnings: list[tuple[int | None, str]]
    reply_id: str


def _strip_span(text: str, a: int, b: int, trailing: str = "") -> tuple[int, int]:
    while a < b and (text[a].isspace() or text[a] in "，,、：:；;"):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in trailing):
        b -= 1
    return a, b


def _date(y: str, m: str, d: str) -> date | None:
    def num(s: str) -> int | None:
        s = unicodedata.normalize("NFKC", s).replace("Ｏ", "〇")
        return int(s) if s.isdigit() else tx.cn_int(s)

    yy, mm, dd = num(y), num(m), num(d)
    if yy is None or mm is None or dd is None:
        return None
    try:
        return date(yy, mm, dd)
    except ValueError:
        return None


@lru_cache(maxsize=1 << 16)
def _proposal_key(number: str, session: str) -> tuple[str, str]:
    """What tells one proposal from another, normalised (cached: every import compares the tree)."""
    return tx.key(number), tx.key(session)


def _split_aligned(text: str, simp: str, pattern: str) -> list[tuple[str, str]]:
    """Split a verbatim text where its simplified copy matches `pattern`: (verbatim, simplified) pieces."""
    out = []
    at = 0
    for m in re.finditer(pattern, simp):
        out.append((text[at : m.start()], simp[at : m.start()]))
        at = m.end()
    out.append((text[at:], simp[at:]))
    return [(t, s) for t, s in out if t]


def _split_names(text: str, simp: str) -> list[str]:
    """Unit names from a list such as 市委政法委、市卫生健康委和团市委等单位 (verbatim pieces)."""
    out: list[str] = []
    for piece_t, piece_s in _split_aligned(text, simp, r"[、，,；;]|以及"):
        lead = len(piece_s) - len(piece_s.lstrip(" 。."))
        tail = re.search(r"(?:等(?:单位|部门)?)?[ 。.]*$", piece_s)
        end = tail.start() if tail else len(piece_s)
        piece_t, piece_s = piece_t[lead:end], piece_s[lead:end]
        # split on 和/及/与 only where the left part already ends like a body's name
        out += [
            t.strip()
            for t, _ in _split_aligned(
                piece_t, piece_s, r"(?<=[局委办厅联会院部署队所站心府])(?:和|及|与)"
            )
            if t.strip()
        ]
    return [p for p in out if tx.key(p) not in _GENERIC_UNITS]


class _Reader:
    """One pass over one letter's lines."""

    def __init__(self, text: str, known: Iterable[Reply]) -> None:
        self.lines = _lines(text)
        self.known = list(known)
        self.warnings: list[tuple[int | None, str]] = []
        self.review: list[ReviewNote] = []
        self.facts: dict[str, object] = {}
        self.title_line: str | None = None
        self.source_line: str | None = None
        self.self_refs: Counter[str] = Counter()

    # -- helpers

    def content(self, a: int, b: int) -> list[_Line]:
        return [ln for ln in self.lines[a:b] if not ln.blank and not ln.noise]

    def next_content(self, i: int, limit: int | None = None) -> int | None:
        stop = len(self.lines) if limit is None else min(limit, len(self.lines))
        for j in range(i, stop):
            if not self.lines[j].blank and not self.lines[j].noise:
                return j
        return None

    # -- the parse

    def parse(self) -> _Parsed:
        lines = self.lines
        sal = self.find_salutation()
        intro_from = sal if sal is not None else self.find_intro_line()
        body_start = self.find_body_start(sal, intro_from)
        end = self.find_end(body_start)
        blocks = self.find_next_steps(body_start, end)
        header_end = next(
            i for i in (sal, intro_from, blocks[0].line if blocks else 0) if i is not None
        )

        replying = bool(blocks) and any(
            _REPLY_WORDS.search(ln.simp) for ln in self.content(0, blocks[0].line)
        )
        if sal is None and intro_from is None and not replying:
            raise LetterError(
                "no reply letter found in it (no salutation such as “XX委员：”, no "
                "“…收悉” opening, no next-steps section)"
            )
        self.read_header(header_end)
        self.read_salutation(sal)
        self.read_intro(intro_from, body_start)
        self.read_tail(end)
        self.read_published()

        sections: list[LetterSection] = []
        gaps = [(body_start, blocks[0].line if blocks else end)]
        gaps += [(a.end, b.line) for a, b in zip(blocks, blocks[1:], strict=False)]
        for a, b in gaps:
            prog = self.content(a, b)
            if prog:
                body = prog[0].simp
                pm = _para_marker(body)
                head = body[pm[2] :] if pm else body
                heading = prog[0].text if len(head) <= 24 and _PROGRESS_HEAD.search(head) else None
                sections.append(
                    LetterSection(SectionKind.PROGRESS, heading, prog[0].no, prog[-1].no)
                )
        leaves: list[_Leaf] = []
        for blk in blocks:
            paras = self.paragraphs(blk.items_from, blk.end, first_offset=blk.offset)
            last_no = paras[-1].nos[-1] if paras else lines[blk.line].no
            sections.append(
                LetterSection(SectionKind.NEXT_STEPS, blk.heading, lines[blk.line].no, last_no)
            )
            found = self.items(paras, blk.area) if paras else []
            if not found:
                self.warnings.append(
                    (lines[blk.line].no, "the next-steps section has no items: no commitments")
                )
            leaves += found
        if not blocks:
            self.warnings.append(
                (
                    None,
                    "no next-steps section (下一步工作…): imported with its facts and "
                    "no commitments",
                )
            )
        sections.sort(key=lambda s: s.start)
        self.check_ending(body_start, end)
        self.settle_issuer()
        self.settle_role_kind()
        return _Parsed(self.facts, sections, leaves, self.review, self.warnings, self.reply_id())

    # -- structure

    def find_salutation(self) -> int | None:
        lines = self.lines
        limit = min(len(lines), 60)
        for i, ln in enumerate(lines[:limit]):
            if not ln.blank and not ln.noise and _OPENING.search(ln.simp):
                limit = i + 1
                break
        for i in range(min(limit, len(lines))):
            ln = lines[i]
            if ln.blank or ln.noise or len(ln.simp) > 200:
                continue
            m = _SALUTE.match(ln.simp)
            if m and not _TITLE_WORDS.search(m.group("names")):
                return i
        # a body or group addressed by name ("民进广州市委会："), followed by the opening
        for i in range(min(limit, len(lines))):
            ln = lines[i]
            if ln.blank or ln.noise:
                continue
            m = _SALUTE_ORG.match(ln.simp)
            if m and not _TITLE_WORDS.search(m.group("names")) and not _DOC_NUMBER.search(ln.simp):
                rest = m.group("rest")
                j = self.next_content(i + 1)
                if _INTRO.search(rest) or (
                    not rest and j is not None and _INTRO.search(lines[j].simp)
                ):
                    return i
        return None

    def find_intro_line(self) -> int | None:
        """The opening paragraph of a letter with no salutation ("您提出的……收悉")."""
        head = [
            (i, ln)
            for i, ln in enumerate(self.lines[: max(40, len(self.lines) // 2)])
            if not ln.blank and not ln.noise
        ]
        for pattern in (_OPENING, _INTRO):
            for i, ln in head:
                if pattern.search(ln.simp) and not (
                    _TITLE_END.search(ln.simp) and len(ln.simp) <= 80
                ):
                    return i
        return None

    def find_body_start(self, sal: int | None, intro: int | None) -> int:
        lines = self.lines
        start = sal if sal is not None else intro
        if start is None:
            first = self.next_content(0)
            return 0 if first is None else first + 1
        seen = 0
        for j in range(start, len(lines)):
            ln = lines[j]
            if ln.blank or ln.noise:
                continue
            if _AS_FOLLOWS.search(ln.simp):
                return j + 1
            seen += 1
            if seen > 6 or (seen > 1 and _para_marker(ln.simp)):
                break
        # no "答复如下": the body begins after the opening paragraph
        if sal is not None:
            m = _SALUTE.match(lines[sal].simp) or _SALUTE_ORG.match(lines[sal].simp)
            if m and (m.group("rest") or "").strip():
                return sal + 1
            nxt = self.next_content(sal + 1)
            return sal + 1 if nxt is None else nxt + 1
        return start + 1

    def is_date_line(self, ln: _Line) -> re.Match[str] | None:
        return _DATE_LINE.match(ln.simp) if len(ln.simp) <= 50 else None

    def find_end(self, body_start: int) -> int:
        """Index of the first line after the letter's body: closing, signature, date or footer."""
        lines = self.lines
        for i in range(body_start, len(lines)):
            ln = lines[i]
            if ln.blank:
                continue
            if ln.noise or _CLOSING.match(ln.simp) or self.is_date_line(ln):
                return i
            if (
                len(ln.simp) <= 30
                and not re.search(r"[。，,；;：:！？]", ln.simp)
                and not _para_marker(ln.simp)
            ):
                j = self.next_content(i + 1, i + 4)
                if iss.looks_like_body(ln.simp) or (j is not None and self.is_date_line(lines[j])):
                    return i
        return len(lines)

    def find_next_steps(self, body_start: int, end: int) -> list[_Block]:
        """Where the next steps are: one block under a heading, or the paragraphs opening 下一步…."""
        lines = self.lines
        for i in range(body_start, end):
            ln = lines[i]
            if ln.blank or ln.noise:
                continue
            pm = _para_marker(ln.simp)
            if pm and pm[0] in ("shi", "di"):
                continue
            at = pm[2] if pm else 0
            body = ln.simp[at:]
            m = _NS_HEAD.match(body)
            if not m:
                continue
            stop = re.search(r"[。：:；;！!]", body[m.end() :])
            head_end = at + m.end() + (stop.start() if stop else len(body) - m.end())
            head_len = head_end - at
            if head_len > 24 or (not pm and head_len > 16):
                continue
            rest = ln.simp[head_end:].lstrip("。：:；;！! \t\u3000")
            if not rest:
                block = _Block(i, ln.text, i + 1, None, end)
            else:
                block = _Block(i, ln.text[:head_end].rstrip(), i, len(ln.text) - len(rest), end)
            if _PROBLEMS.search(
                body[: head_end - at]
            ):  # 存在问题及下一步打算: the plans start at 下一步…
                for j in range(block.items_from, end):
                    if not lines[j].blank and not lines[j].noise and _NS_LEAD.match(lines[j].simp):
                        block.items_from, block.offset = j, None
                        break
            return [block]
        # the unheaded form: paragraphs opening "下一步，我局将……", the last one in each part of the
        # letter; a letter that answers point by point has one in each part
        heads: list[tuple[int, int | None]] = []  # top-level headings: (line, number)
        family = None
        leads: dict[
            int, tuple[int, int]
        ] = {}  # heading index (or -1) -> last (line, offset) under it
        for i in range(body_start, end):
            ln = lines[i]
            if ln.blank or ln.noise:
                continue
            pm = _para_marker(ln.simp)
            if (
                pm
                and pm[0] not in ("shi", "di")
                and (family is None or pm[0] == family)
                and (family is not None or len(ln.simp) <= 40)
            ):
                family = pm[0]
                heads.append((i, pm[1]))
                continue
            for m in _SENTENCE_START.finditer(ln.simp):  # at the paragraph's start or a sentence's
                if _NS_LEAD.match(ln.simp, m.end()):
                    leads[len(heads) - 1] = (i, m.end())
        blocks = []
        for h, (lead, offset) in sorted(leads.items()):
            number = heads[h][1] if h >= 0 else None
            block_end = end
            for line, n in heads[h + 1 :]:
                if number is None or n is None or n > number:
                    block_end = line
                    break
            area = None
            if len(leads) > 1 and h >= 0:
                hl = lines[heads[h][0]]
                pm = _para_marker(hl.simp)
                area = hl.text[pm[2] if pm else 0 :].strip().rstrip("。：:；; ") or None
            blocks.append(_Block(lead, None, lead, offset, block_end, area))
        return blocks

    def paragraphs(self, a: int, b: int, first_offset: int | None = None) -> list[_Para]:
        """Content lines [a, b) as paragraphs; a line ending mid-sentence carries on in the next."""
        paras: list[_Para] = []
        for i in range(a, b):
            ln = self.lines[i]
            if ln.blank or ln.noise:
                continue
            text, simp = ln.text, ln.simp
            if i == a and first_offset:
                text, simp = text[first_offset:], simp[first_offset:]
            if paras:
                p = paras[-1]
                last = self.lines[p.nos[-1] - 1].text
                if (
                    len(last) >= 30
                    and not _ENDS_SENTENCE.search(last)
                    and not re.search(r"[：:]\s*$", last)
                    and not _para_marker(simp)
                ):
                    p.starts.append(len(p.text) + 1)
                    p.nos.append(ln.no)
                    p.text += "\n" + text
                    p.simp += "\n" + simp
                    continue
            paras.append(_Para(text, simp, [0], [ln.no]))
        return paras

    # -- items

    def units(self, para: _Para) -> list[_Unit]:
        simp = para.simp
        pm = _para_marker(simp)
        fam, num, body = (pm[0], pm[1], pm[2]) if pm else (None, None, 0)
        inline = self.inline_markers(simp, body, fam)
        out: list[_Unit] = []
        first_end = inline[0][0] if inline else len(simp)
        if pm or inline:
            out.append(_Unit(fam, num, para, body, first_end, True, lead=fam is None))
        else:
            out.append(_Unit(None, None, para, 0, len(simp), True))
        for k, (_, after, number, ifam) in enumerate(inline):
            nxt = inline[k + 1][0] if k + 1 < len(inline) else len(simp)
            out.append(_Unit(ifam, number, para, after, nxt, False))
        return out

    def inline_markers(
        self, simp: str, start: int, para_family: str | None
    ) -> list[tuple[int, int, int | None, str]]:
        best: list[tuple[int, int, int | None, str]] = []
        for family, rx in _INLINE_MARKERS:
            found = []
            for m in rx.finditer(simp, start):
                p = m.start()
                if p > start and simp[p - 1] not in _BOUNDARY:
                    continue
                if p == start and family == para_family:
                    continue
                found.append((p, m.end(), _marker_number(family, m.group(1)), family))
            if not found:
                continue
            if family != para_family and found[0][2] != 1:
                continue  # items inside a paragraph start at one
            if not best or found[0][0] < best[0][0]:
                best = found
        return best

    def items(self, paras: list[_Para], area: str | None = None) -> list[_Leaf]:
        # a closing courtesy run into the last paragraph ends the section there
        last = paras[-1]
        m = _CLOSING_INLINE.search(last.simp)
        if m and m.start() > 0:
            cut = m.start()
            keep = bisect.bisect_right(last.starts, cut)
            last.text, last.simp = last.text[:cut], last.simp[:cut]
            last.starts, last.nos = last.starts[:keep], last.nos[:keep]
        units = [u for p in paras for u in self.units(p)]
        root = _Node(None)
        stack: list[_Node] = [root]

        def pop_inline() -> None:
            while len(stack) > 1 and stack[-1].unit is not None and not stack[-1].unit.para_level:
                stack.pop()

        for u in units:
            if u.family is None:
                pop_inline()
                if u.lead:
                    while (
                        len(stack) > 1
                        and stack[-1].unit is not None
                        and stack[-1].unit.family is not None
                        and not self.heading_like(stack[-1])
                    ):
                        stack.pop()
                    node = _Node(u)
                    stack[-1].children.append(node)
                    stack.append(node)
                    continue
                top = stack[-1]
                if (
                    top.unit is None
                    or top.unit.family is None
                    or top.children
                    or self.heading_like(top)
                ):
                    top.children.append(_Node(u))
                else:
                    self.warnings.append(
                        (
                            u.para.nos[0],
                            "an unnumbered paragraph after the items was not taken "
                            "as a commitment; check it",
                        )
                    )
                continue
            idx = None
            for k in range(len(stack) - 1, 0, -1):
                su = stack[k].unit
                if su is not None and su.family == u.family:
                    idx = k
                    break
            if idx is None:
                for k in range(len(stack) - 1, 0, -1):
                    su = stack[k].unit
                    if (
                        su is not None
                        and su.family
                        and su.number is not None
                        and u.number is not None
                        and any(su.family in s and u.family in s for s in _SAME_SHAPE)
                        and u.number == su.number + 1
                    ):
                        idx = k
                        break
            if idx is not None:
                del stack[idx:]
            elif u.para_level:
                pop_inline()
            node = _Node(u)
            stack[-1].children.append(node)
            stack.append(node)

        leaves: list[_Leaf] = []
        marked_at_root = any(
            c.unit is not None and (c.unit.family is not None or c.children) for c in root.children
        )
        self.walk(root, area, leaves, top=True, intro_possible=marked_at_root)
        return leaves

    def heading_like(self, node: _Node) -> bool:
        u = node.unit
        if u is None or u.family is None:
            return False
        s = u.simp.strip()
        inner = s.rstrip("。：:；; ")
        return len(inner) <= 30 and not re.search(r"[。；;！!？?]", inner)

    def head_split(self, u: _Unit) -> tuple[str | None, int]:
        """An item's heading sentence (its area) and where the rest of its text starts."""
        m = _HEAD_END.search(u.simp)
        if not m:
            return None, u.start
        head = u.para.text[u.start : u.start + m.start()].strip()
        if not head or len(head) > _HEAD_MAX:
            return None, u.start
        return head, u.start + m.end()

    def walk(
        self, node: _Node, area: str | None, out: list[_Leaf], *, top: bool, intro_possible: bool
    ) -> None:
        for child in node.children:
            u = child.unit
            assert u is not None
            if u.family is None:
                if child.children:  # an opening with inline items: not an area
                    self.walk(child, area, out, top=top, intro_possible=False)
                elif top and intro_possible:
                    continue  # an introductory sentence
                else:
                    self.leaf(u, u.start, area, out, lead_in=top)
                continue
            if child.children:
                head, _ = self.head_split(u)
                if head is None and self.heading_like(child):
                    head = u.para.text[u.start : u.end].strip().rstrip("。：:；; ")
                self.walk(child, head or area, out, top=False, intro_possible=False)
                continue
            if top and u.family not in ("shi", "di"):
                head, rest = self.head_split(u)
                if head is not None and u.para.text[rest : u.end].strip():
                    self.leaf(u, rest, head, out)
                    continue
            self.leaf(u, u.start, area, out)

    def leaf(
        self, u: _Unit, start: int, area: str | None, out: list[_Leaf], lead_in: bool = False
    ) -> None:
        text = u.para.text
        if lead_in:
            m = _NS_LEAD.match(u.para.simp[start : u.end])
            t = _NS_TIME_PREFIX.match(u.para.simp[start : u.end])
            if m and t and u.para.simp[start + m.end() : u.end].strip():
                start += t.end()
        a, b = _strip_span(text, start, u.end, "，,、；; \t")
        if b <= a:
            return
        out.append(_Leaf(area, text[a:b], (u.para.line_at(a), u.para.line_at(b - 1))))

    # -- facts

    def read_header(self, header_end: int) -> None:
        header = self.content(0, header_end)
        title_idx = None
        for k, ln in enumerate(header):
            s = ln.simp
            if _DOC_NUMBER.search(s) and "doc_number" not in self.facts:
                m = _DOC_NUMBER.search(s)
                assert m is not None
                self.facts["doc_number"] = ln.text[m.start() : m.end()]
            c = _CATEGORY.search(s)
            if c and "category" not in self.facts and len(s) <= 40:
                self.facts["category"] = unicodedata.normalize(
                    "NFKC", next(g for g in c.groups() if g)
                )
            if (
                title_idx is None
                and _TITLE_WORDS.search(s)
                and not _DOC_NUMBER.fullmatch(s.strip())
                and len(s) <= 120
            ):
                title_idx = k
        for ln in self.lines:  # CMS meta tables name the document number too (文号：…)
            if "doc_number" not in self.facts and ln.noise and ln.simp.startswith("文号"):
                m = _DOC_NUMBER.search(ln.simp)
                if m:
                    self.facts["doc_number"] = ln.text[m.start() : m.end()]
        if title_idx is None:
            return
        text, simp = header[title_idx].text, header[title_idx].simp
        for ln in header[title_idx + 1 : title_idx + 3]:
            if (
                _TITLE_END.search(simp)
                or len(ln.simp) > 40
                or _DOC_NUMBER.search(ln.simp)
                or _CATEGORY.search(ln.simp)
            ):
                break
            text, simp = text + ln.text, simp + ln.simp
        self.title_line = text
        m = _TITLE_SPLIT.match(simp) or _TITLE_SPLIT_DUI.match(simp)
        rest_s = m.group("rest") if m else simp
        rest_t = text[len(simp) - len(rest_s) :]
        if m:
            issuer = text[: m.end("issuer")].strip()
            if issuer and len(issuer) <= 40 and not re.search(r"\d|第|号|会议", m.group("issuer")):
                self.facts["printed_issuer"] = issuer
        num = _NUMBER.search(rest_s)
        if num:
            self.facts["number"] = unicodedata.normalize("NFKC", rest_t[num.start(1) : num.end(1)])
            before_s = rest_s[: num.start()]
            before_t = rest_t[: num.start()]
            lead = re.match(r"^\s*对\s*", before_s)
            off = lead.end() if lead else 0
            sm = list(re.finditer(r"会议|大会", before_s))
            if sm:
                session = before_t[off : sm[-1].end()].strip()
                if session:
                    self.facts["session"] = session
        km = _KIND_AFTER.search(rest_s) or _KIND_BEFORE.search(rest_s)
        if km and km.group(1) in ("提案", "建议"):
            self.facts["kind"] = km.group(1)

    def read_salutation(self, sal: int | None) -> None:
        if sal is None:
            return
        ln = self.lines[sal]
        m = _SALUTE.match(ln.simp)
        if m:
            a, b = m.span("names")
            names = []
            for piece_t, piece_s in _split_aligned(ln.text[a:b], ln.simp[a:b], r"[、，,\s]+|和|及"):
                role = re.search(r"(?:委员|代表|同志)$", piece_s)
                name = piece_t[: role.start()] if role else piece_t
                if name:
                    names.append(name)
            self.facts["addressees"] = names
            if m.group("role") in ("委员", "代表"):
                self.facts["role"] = m.group("role")
        else:
            m2 = _SALUTE_ORG.match(ln.simp)
            if m2:
                self.facts["addressees"] = [ln.text[m2.start("names") : m2.end("names")].strip()]

    def read_intro(self, intro_from: int | None, body_start: int) -> None:
        if intro_from is None:
            return
        lines = self.content(intro_from, max(body_start, intro_from + 1))
        text = "\n".join(ln.text for ln in lines)
        simp = "\n".join(ln.simp for ln in lines)
        title = None
        m: re.Match[str] | None
        for m in _BOOK_TITLE.finditer(simp):
            if re.search(r"(?:提案|建议|议案)\s*$", m.group(1)):
                title = text[m.start(1) : m.end(1)]
                break
        if title is None:
            m = _QUOTE_TITLE.search(simp)
            if m:
                title = text[m.start(1) : m.end(1)]
        if title is None:
            m = _PLAIN_TITLE.search(simp)
            if m:
                title = text[m.start() : m.end()]
        if title is None and self.title_line:
            m = _BOOK_TITLE.search(tx.to_simplified_aligned(self.title_line))
            if m:
                title = self.title_line[m.start(1) : m.end(1)]
        if title:
            self.facts["title"] = title.strip()
        if "number" not in self.facts:
            m = _NUMBER.search(simp)
            if m:
                self.facts["number"] = unicodedata.normalize("NFKC", text[m.start(1) : m.end(1)])
        if "session" not in self.facts:
            m = _SESSION_IN_BODY.search(simp)
            if m:
                self.facts["session"] = text[m.start(1) : m.end(1)]
        if "kind" not in self.facts:
            m = _KIND_INTRO.search(simp)
            if m and m.group(1) in ("提案", "建议"):
                self.facts["kind"] = m.group(1)
        m = _CO_HANDLERS.search(simp)
        if m:
            g = next(i for i in (1, 2, 3) if m.group(i))
            self.facts["co_handlers"] = _split_names(
                text[m.start(g) : m.end(g)], simp[m.start(g) : m.end(g)]
            )

    def read_tail(self, end: int) -> None:
        lines = self.lines
        tail = [ln for ln in lines[end:] if not ln.blank and not ln.noise]
        date_idx = None
        for k, ln in enumerate(tail):
            m = self.is_date_line(ln)
            if m:
                d = _date(*m.group(2, 3, 4))
                if d:
                    self.facts["reply_date"] = d
                    date_idx = k
                    if m.group("sig"):
                        self.facts["signature"] = ln.text[m.start("sig") : m.end("sig")].strip()
        if date_idx is not None and "signature" not in self.facts:
            for ln in reversed(tail[:date_idx]):
                if (
                    len(ln.simp) <= 30
                    and not re.search(r"[。，,；;：:！？]", ln.simp)
                    and not _CLOSING.match(ln.simp)
                ):
                    self.facts["signature"] = ln.text
                break
        if "signature" not in self.facts:
            for ln in tail:
                if (
                    len(ln.simp) <= 30
                    and iss.looks_like_body(ln.simp)
                    and not _CLOSING.match(ln.simp)
                ):
                    self.facts["signature"] = ln.text
                    break
        name = phone = None
        for k, ln in enumerate(tail):
            if name is None:
                m = _CONTACT_NAME.search(ln.simp)
                if m:
                    name = ln.text[m.start(1) : m.end(1)]
                    for follow in tail[k : k + 3]:
                        p = _CONTACT_PHONE.search(follow.simp)
                        if p:
                            g = 1 if p.group(1) else 2
                            phone = follow.text[p.start(g) : p.end(g)].strip()
                            break
            c = _CC.match(ln.simp)
            if c and "cc" not in self.facts:
                self.facts["cc"] = [
                    x
                    for x in (
                        p.strip(" 。.")
                        for p in re.split(r"[、，,；;]", ln.text[c.start(1) : c.end(1)])
                    )
                    if x
                ]
        if name is None and phone is None:
            for ln in tail:
                p = _CONTACT_PHONE.search(ln.simp)
                if p and ("联系" in ln.simp):
                    g = 1 if p.group(1) else 2
                    phone = ln.text[p.start(g) : p.end(g)].strip()
                    break
        if name or phone:
            self.facts["contact"] = Contact(name, phone)
        for ln in lines:  # the page's source line: who published it
            if ln.noise:
                s = _SOURCE_LINE.search(ln.simp)
                if s:
                    self.source_line = ln.text[s.start(1) : s.end(1)]
                    break

    def read_published(self) -> None:
        for ln in self.lines:
            if not ln.noise:
                continue
            m = _PUBLISHED.search(ln.simp)
            if m:
                g = [x for x in m.groups() if x]
                d = _date(*g[:3])
                if d:
                    self.facts["published"] = d
                    return

    def check_ending(self, body_start: int, end: int) -> None:
        body = self.content(body_start, end)
        if not body:
            return
        last = body[-1]
        if end >= len(self.lines) or all(ln.blank for ln in self.lines[end:]):
            self.warnings.append(
                (
                    last.no,
                    "no closing, signature or date after this line: this copy of the "
                    "letter may be incomplete",
                )
            )
        if (
            not _ENDS_SENTENCE.search(last.text)
            and not re.search(r"[：:]\s*$", last.text)
            and not (len(last.simp) <= 30 and _para_marker(last.simp))
        ):
            self.warnings.append(
                (
                    last.no,
                    "the letter stops mid-sentence here: it looks cut off, and its last "
                    "item may be incomplete",
                )
            )

    # -- who wrote it

    def settle_issuer(self) -> None:
        printed = self.facts.pop("printed_issuer", None)
        signature = self.facts.pop("signature", None)
        assert printed is None or isinstance(printed, str)
        assert signature is None or isinstance(signature, str)
        p_problem = iss.printed_issuer_problem(printed) if printed else None
        s_problem = iss.printed_issuer_problem(signature) if signature else None
        if (
            signature
            and s_problem
            and not (printed and p_problem and tx.key(printed) == tx.key(signature))
        ):
            self.warnings.append(
                (None, f"the signature {s_problem}: a copying site may have altered this copy")
            )
        if printed and not p_problem:
            self.facts["issuer"] = printed
            return
        if not printed and signature and not s_problem:
            self.facts["issuer"] = signature
            return
        guess = self.infer_issuer()
        if printed:  # printed, but not a government body's name (spam on a copying site)
            where = (
                "title and signature"
                if signature and tx.key(signature) == tx.key(printed)
                else "title"
            )
            self.facts["issuer_as_printed"] = printed
            if guess and guess[2]:
                self.facts["issuer"] = guess[0]
                self.review.append(
                    ReviewNote(
                        "issuer",
                        f"as printed in the {where}, {p_problem}; inferred "
                        f"{guess[0]} from {'; '.join(guess[1])}",
                    )
                )
            else:
                self.facts["issuer"] = None
                if guess:
                    self.facts["issuer_inferred"] = guess[0]
                    self.review.append(
                        ReviewNote(
                            "issuer_inferred",
                            f"as printed in the {where}, {p_problem}; "
                            f"proposed from {'; '.join(guess[1])}",
                        )
                    )
                else:
                    self.review.append(
                        ReviewNote(
                            "issuer",
                            f"as printed in the {where}, {p_problem}; the "
                            "letter does not say who wrote it",
                        )
                    )
            self.warnings.append((None, f"printed issuer {p_problem}: see review in reply.yaml"))
            return
        self.facts["issuer"] = None
        if guess:
            self.facts["issuer_inferred"] = guess[0]
            self.review.append(
                ReviewNote(
                    "issuer_inferred",
                    "no issuer is printed in this copy (no title "
                    f"line or signature); proposed from {'; '.join(guess[1])}",
                )
            )

    def places(self) -> tuple[list[tuple[str, int]], list[tuple[str, int]], list[tuple[str, int]]]:
        """Cities, districts and provinces the letter names, most mentioned first."""
        simp = "\n".join(ln.simp for ln in self.lines if not ln.noise)
        found: set[str] = set()
        for m in _PLACE_MENTION.finditer(simp):
            p = m.group(1)
            if p not in iss._NOT_PLACES and not p.startswith(
                ("全", "本", "我", "各", "该", "省", "市", "区", "县")
            ):
                found.add(p)
        counted = sorted(((p, simp.count(p)) for p in found), key=lambda pc: (-pc[1], pc[0]))
        city = [pc for pc in counted if pc[0].endswith("市")]
        district = [pc for pc in counted if pc[0].endswith(("区", "县"))]
        province = [pc for pc in counted if pc[0].endswith("省")]
        return city, district, province

    def complete(self, name: str, level: str | None) -> str:
        """A department's name with its places in front: 市教育局 -> 广州市教育局."""
        places, rest = iss.split_issuer(name)
        if places:
            return name
        k = tx.key(name)
        if k[:1] in ("市", "区", "县", "省"):
            level, k = k[0], k[1:]
        city, district, province = self.places()
        sess_place = self.session_place()
        doc_place, _ = iss.doc_prefix_guess(iss.doc_prefix(self.doc_number()))
        top_city = next((p for p in (sess_place, doc_place) if p and p.endswith("市")), None)
        top_city = top_city or (city[0][0] if city else None)
        if level in ("区", "县"):
            d = sess_place if sess_place and sess_place.endswith(("区", "县")) else None
            d = d or (district[0][0] if district else None)
            if d:
                return f"{top_city or ''}{d}{k}"
        if level == "省":
            return f"{province[0][0] if province else ''}{k}" if province else k
        return f"{top_city or ''}{k}"

    def session_place(self) -> str | None:
        """The place a session names: 政协十四届广州市委员会第二次会议 -> 广州市."""
        m = _SESSION_PLACE.search(
            _SESSION_NOISE.sub("", tx.key(str(self.facts.get("session") or "")))
        )
        return m.group(1) if m else None

    def session_level(self) -> str | None:
        """市, 区, 县 or 省: the level of the congress the proposal went to."""
        place = self.session_place()
        if place:
            return place[-1]
        s = _SESSION_NOISE.sub("", tx.key(str(self.facts.get("session") or "")))
        return s[:1] if s[:1] in ("市", "区", "县", "省") else None

    def doc_number(self) -> str | None:
        d = self.facts.get("doc_number")
        return d if isinstance(d, str) else None

    def infer_issuer(self) -> tuple[str, list[str], bool] | None:
        """The likeliest issuer, the reasons for it, and whether any reason is more than the topic.

        Evidence, strongest first: another letter in the tree with the same document-number
        prefix; the page's source line; the departments the letter names at its own level (not
        the partners it worked with, not those it copies); the document-number prefix itself
        (穗教 = 广州, 教育); and last the letter's subject with the word it uses for itself (我局).
        """
        cands: dict[str, _Candidate] = {}

        def add(name: str, score: int, reason: str, strong: bool = True) -> None:
            c = cands.setdefault(tx.key(name), _Candidate(name))
            c.score += score
            c.strong = c.strong or strong
            if reason and not any(reason.split(" (")[0] in r for r in c.reasons):
                c.reasons.append(reason)

        level = self.session_level()
        self.self_refs = Counter(
            x.group(1) or x.group(2) for ln in self.lines for x in _SELF.finditer(ln.simp)
        )
        self_word = self.self_refs.most_common(1)[0][0] if self.self_refs else None
        suffix = {"局": "局", "委": "委员会", "厅": "厅", "办": "办公室"}.get(self_word or "", "局")
        prefix = iss.doc_prefix(self.doc_number())
        others = [str(x) for x in (*self.list_fact("co_handlers"), *self.list_fact("cc"))]
        other_codes = {b.code for b in (iss.bureau_of(o) for o in others) if b}
        if prefix and len(prefix) >= 2:
            for r in self.known:
                if self.is_this_letter(r):
                    continue  # an earlier import of this very letter proves nothing
                if r.effective_issuer and iss.doc_prefix(r.doc_number) == prefix:
                    add(
                        r.effective_issuer,
                        5,
                        f"the document number prefix {prefix} it shares with {r.id}",
                    )
                    break
        if (
            self.source_line
            and not iss.printed_issuer_problem(self.source_line)
            and iss.bureau_of(self.source_line) is not None
        ):
            add(
                self.complete(self.source_line, level),
                3,
                f"the page's source line ({self.source_line})",
            )
        body = "\n".join(ln.simp for ln in self.lines if not ln.noise)
        mentions: Counter[str] = Counter()
        canonical: dict[str, str] = {}
        for m in _BUREAU_MENTION.finditer(body):
            b = iss.bureau_of(m.group(2))
            partner = _PARTNER.search(body, max(0, m.start() - 2), m.start())
            if (
                b
                and b.code not in other_codes
                and b.code != "gov"
                and not partner
                and (level is None or m.group(1) == level)
            ):
                mentions[m.group(0)] += 1
                word = (
                    "厅"
                    if m.group(0).endswith("厅")
                    else "局"
                    if m.group(0).endswith("局")
                    else "委员会"
                )
                canonical[m.group(0)] = f"{m.group(1)}{b.stems[0]}{word}"
        if mentions:
            name, count = mentions.most_common(1)[0]
            add(
                self.complete(canonical[name], level),
                1 + min(count, 3),
                f"the letter names {name} ({count}×)",
            )
        place, bureau = iss.doc_prefix_guess(prefix)
        if prefix and bureau is not None:
            stem = f"{bureau.stems[0]}{suffix}"
            full = (
                f"{place}{stem}" if place and place.endswith("市") else self.complete(stem, level)
            )
            add(
                full,
                3,
                f"the document number prefix {prefix} ({prefix[0]} = {place or '?'}, {bureau.stems[0]})",
            )
        topic = sorted(
            ((sum(body.count(w) for w in b.topic), b) for b in iss.BUREAUS if b.topic),
            key=lambda cb: -cb[0],
        )
        if topic and topic[0][0] >= 5 and topic[0][0] >= 2 * (topic[1][0] if len(topic) > 1 else 0):
            b = topic[0][1]
            matching = [c for c in cands.values() if iss.bureau_of(c.name) is b]
            for c in matching:  # the subject agrees with a candidate: it counts for that one
                c.score += 1
            if not matching and self_word:
                words = "、".join(w for w in b.topic if w in body)
                add(
                    self.complete(f"{b.stems[0]}{suffix}", level),
                    1,
                    f"its word for itself (我{self_word}) and its subject ({words})",
                    strong=False,
                )
        if not cands:
            return None
        best = max(cands.values(), key=lambda c: c.score)
        if not iss.looks_like_body(best.name):
            return None
        return best.name, best.reasons, best.strong

    def list_fact(self, name: str) -> list[str]:
        v = self.facts.get(name)
        return [str(x) for x in v] if isinstance(v, list | tuple) else []

    def settle_role_kind(self) -> None:
        session = tx.key(str(self.facts.get("session") or ""))
        if "role" not in self.facts:
            role = "委员" if "政协" in session else "代表" if "人大" in session else None
            if role is None and self.facts.get("kind"):
                role = "委员" if self.facts["kind"] == "提案" else "代表"
            if role:
                self.facts["role"] = role
                self.review.append(
                    ReviewNote(
                        "role",
                        f"the salutation does not say; {role} follows from "
                        f"{'the session' if session else 'the kind of proposal'}",
                    )
                )
        if "kind" not in self.facts:
            kind = {"委员": "提案", "代表": "建议"}.get(str(self.facts.get("role")))
            if kind:
                self.facts["kind"] = kind
                self.review.append(
                    ReviewNote(
                        "kind",
                        f"the letter does not name it; {kind} follows from the "
                        f"addressee being a {self.facts['role']}",
                    )
                )

    # -- the id

    def reply_id(self) -> str:
        f = self.facts
        issuer = f.get("issuer") or f.get("issuer_inferred")
        parts: list[str] = []
        if isinstance(issuer, str):
            places, rest = iss.split_issuer(issuer)
            parts += [c for c in (iss.place_code(p) for p in places) if c]
            code = iss.bureau_code(rest)
            if code:
                parts.append(code)
        # the year the letter gives (its date, or its document number's year); failing both, as
        # in a copy cut before its date, the year the page published it
        reply_date, published = f.get("reply_date"), f.get("published")
        year = reply_date.year if isinstance(reply_date, date) else None
        if year is None and isinstance(f.get("doc_number"), str):
            m = re.search(r"(\d{4})", unicodedata.normalize("NFKC", str(f["doc_number"])))
            year = int(m.group(1)) if m else None
        if year is None and isinstance(published, date):
            year = published.year
        if year:
            parts.append(str(year))
        kind = {"提案": "ta", "建议": "jy"}.get(str(f.get("kind")), "n")
        number = re.sub(r"[^a-z0-9]", "", tx.key(str(f.get("number") or "")))
        if number:
            parts.append(f"{kind}{number}")
        else:
            basis = tx.key(str(f.get("title") or "")) or tx.key(
                "".join(ln.simp for ln in self.lines[:40])
            )
            parts.append(f"{kind}x{hashlib.sha1(basis.encode('utf-8')).hexdigest()[:8]}")
            self.review.append(
                ReviewNote(
                    "id", "the letter gives no proposal number; the id ends in a hash of its title"
                )
            )
        if len(parts) == 1:
            parts.insert(0, "letter")
        rid = "-".join(parts)
        # a letter already in the tree under another id (one copy had a date, the other not)
        # keeps that id, so that every copy refreshes the same folder
        proposal, session = self.facts.get("number"), self.facts.get("session")
        if isinstance(proposal, str) and isinstance(session, str):
            mine = _proposal_key(proposal, session)
            for r in self.known:
                if (
                    r.id != rid
                    and r.number
                    and r.session
                    and _proposal_key(r.number, r.session) == mine
                    and self.same_letter(r, parts)
                ):
                    return r.id
        return rid

    def is_this_letter(self, other: Reply) -> bool:
        """True when a reply in the tree answers the same proposal (number and session)."""
        number, session = self.facts.get("number"), self.facts.get("session")
        if not (isinstance(number, str) and isinstance(session, str)):
            return False
        if other.number is None or other.session is None:
            return False
        return _proposal_key(number, session) == _proposal_key(other.number, other.session)

    def same_letter(self, other: Reply, parts: list[str]) -> bool:
        """True when a reply in the tree is this letter: same proposal, session, kind and bureau."""
        kind = self.facts.get("kind")
        if not self.is_this_letter(other):
            return False
        if kind and other.kind and kind != other.kind:
            return False
        mine = [p for p in parts[:-1] if not p.isdigit()]
        theirs = [p for p in other.id.split("-")[:-1] if not p.isdigit()]
        return mine == theirs


_SESSION_NOISE = re.compile(
    rf"^(?:中国人民)?(?:政治协商会议|政协)|第?[{_CN}〇0-9]+届|人民代表大会.*$|人大.*$|委员会.*$"
)
_SESSION_PLACE = re.compile(r"^(.{2,8}?(?:省|市|区|县))")
_PARTNER = re.compile(r"(?:联合|会同|协同|配合|和|与|及|、|同)$")
_PLACE_MENTION = re.compile(
    rf"(?:^|(?<=[《“\"「（(、，,。；;：:\s在于对与和及的了由]))([{_HAN}]{{2,4}}?(?:省|市|区|县))"
)
_BUREAU_MENTION = re.compile(
    r"(省|市|区|县)((?:"
    + "|".join(
        sorted(
            {s for b in iss.BUREAUS for s in b.stems if not s.endswith("委")}, key=len, reverse=True
        )
    )
    + r")(?:委员会|局|委|厅)|"
    + "|".join(
        sorted({s for b in iss.BUREAUS for s in b.stems if s.endswith("委")}, key=len, reverse=True)
    )
    + ")"
)


# --- public API --------------------------------------------------------------------------------


def _assemble(parsed: _Parsed, source: Source, text: str) -> Letter:
    f = parsed.facts
    rid = parsed.reply_id
    contact = f.get("contact")
    reply = Reply(
        id=rid,
        source=source,
        issuer=f.get("issuer"),  # type: ignore[arg-type]
        title=f.get("title"),  # type: ignore[arg-type]
        issuer_as_printed=f.get("issuer_as_printed"),  # type: ignore[arg-type]
        issuer_inferred=f.get("issuer_inferred"),  # type: ignore[arg-type]
        co_handlers=tuple(f.get("co_handlers", ())),  # type: ignore[arg-type]
        addressees=tuple(f.get("addressees", ())),  # type: ignore[arg-type]
        role=f.get("role") if f.get("role") in {r.value for r in Role} else None,  # type: ignore[arg-type]
        kind=f.get("kind") if f.get("kind") in {k.value for k in Kind} else None,  # type: ignore[arg-type]
        session=f.get("session"),  # type: ignore[arg-type]
        number=f.get("number"),  # type: ignore[arg-type]
        doc_number=f.get("doc_number"),  # type: ignore[arg-type]
        category=f.get("category"),  # type: ignore[arg-type]
        reply_date=f.get("reply_date"),  # type: ignore[arg-type]
        published=f.get("published"),  # type: ignore[arg-type]
        contact=contact if isinstance(contact, Contact) else None,
        cc=tuple(f.get("cc", ())),  # type: ignore[arg-type]
        sections=tuple(parsed.sections),
        review=tuple(parsed.review),
    )
    width = max(2, len(str(len(parsed.leaves))))
    commitments = tuple(
        Commitment(
            id=f"{rid}/{i:0{width}d}", reply=rid, text=leaf.text, area=leaf.area, lines=leaf.lines
        )
        for i, leaf in enumerate(parsed.leaves, 1)
    )
    warnings = tuple(
        f"{source.path}:{line}: {msg}" if line else f"{source.path}: {msg}"
        for line, msg in parsed.warnings
    )
    return Letter(reply=reply, commitments=commitments, text=text, warnings=warnings)


def _read(text: str, known: Iterable[Reply], name: str) -> _Parsed:
    try:
        return _Reader(text, known).parse()
    except LetterError as e:
        if e.message.startswith("no reply letter"):
            raise LetterError(
                f"{name}: {e.message}",
                "check that this is the letter itself; a site's index or search page will not do",
            ) from None
        raise


def parse_letter(
    text: str,
    *,
    source_path: str,
    sha256: str,
    origin: str | None = None,
    known: Iterable[Reply] = (),
) -> Letter:
    """A letter's facts, sections and next-step items read from its stored text."""
    parsed = _read(text, known, source_path)
    return _assemble(parsed, Source(source_path, sha256, origin), text)


def _under(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False


def read_letter(
    path: Path,
    *,
    encoding: str | None = None,
    root: Path | None = None,
    known: Iterable[Reply] = (),
) -> Letter:
    """Read a letter file (text or web page, any common Chinese encoding) into a Letter.

    A UTF-8 text file already under seeds/ is its own source; anything else is to be stored as
    seeds/<reply-id>.txt (the decoded text, which the Letter carries), with `origin` naming the file.
    """
    name = path.as_posix()
    try:
        st = path.stat()
        if stat.S_ISDIR(st.st_mode):
            raise LetterError(
                f"{name}: a folder, not a letter file", "give the letter files inside it"
            )
        if not stat.S_ISREG(st.st_mode):
            raise LetterError(f"{name}: not a regular file", "give a letter saved as a file")
        if st.st_size > MAX_LETTER_BYTES:
            raise LetterError(
                f"{name}: {st.st_size:,} bytes; the limit for a letter is {MAX_LETTER_BYTES:,}",
                "a letter or its web page is far smaller: check what was saved there",
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise LetterError(f"{name}: no such file", "check the path") from None
    except OSError as e:
        raise LetterError(
            f"{name}: cannot read it ({e.strerror})", "check the file's permissions"
        ) from None
    decoded, used = decode_letter(data, name, encoding)
    html = looks_like_html(data, path.name)
    canonical = None
    if html:
        decoded, canonical = html_to_text(decoded)
        if not decoded.strip():
            raise LetterError(
                f"{name}: the page has no text", "save the page with its content, or its text"
            )
    seeds = (root / SEEDS) if root is not None else None
    in_seeds = _under(path, seeds) if seeds is not None else path.parent.name == SEEDS
    if in_seeds and not html and used in ("utf-8", "utf-8-sig"):
        rel = (
            path.resolve().relative_to(root.resolve()).as_posix()
            if root is not None
            else f"{SEEDS}/{path.name}"
        )
        text = decoded
        parsed = _read(text, known, rel)
        return _assemble(parsed, Source(rel, hashlib.sha256(data).hexdigest()), text)
    text = stored_text(decoded)
    parsed = _read(text, known, name)
    if canonical and canonical.startswith(("http://", "https://")):
        origin = canonical
    elif root is not None and _under(path, root):
        origin = path.resolve().relative_to(root.resolve()).as_posix()
    else:
        origin = name
    rel = f"{SEEDS}/{parsed.reply_id}.txt"
    letter = _assemble(
        parsed, Source(rel, hashlib.sha256(text.encode("utf-8")).hexdigest(), origin), text
    )
    return letter
