"""The patterns of the genre, shared by the reader's stages: markers, dates, headings, names."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache

from tracker import issuers as iss
from tracker import text as tx

CN = "一二三四五六七八九十"
# Han characters, extensions included (t2s maps some rare given-name characters beyond the BMP)
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
TERMINAL = "。！!？?；;…"
# a half-width full stop ends a sentence after a character or a figure's %, not inside 1.5
ENDS_SENTENCE = re.compile(r"(?:[。！!？?；;…]|(?<=[\u3400-\u9fff%％])\.)\s*[”’」』）)】]*\s*$")
# the year in Chinese numerals may print its zero as a figure (二0二三年); a line that ends the
# date may lose its 日 (2023年9月27)
DATE_CN = (
    # (a copy may lose the 年 between the year and the month: 20246月14)
    r"([0-9０-９]{4}|[〇○零Ｏ0０一二三四五六七八九]{4})\s*年?\s*([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*月"
    r"\s*([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*(?:日|(?=\s*$))"
)
DATE_ANY = re.compile(rf"{DATE_CN}|(\d{{4}})\s*[-/.]\s*(\d{{1,2}})\s*[-/.]\s*(\d{{1,2}})")
# the letter's date, after a signature or alone; groups 2-4 (年月日) or 5-7 (2024.6.19, 2024-06-19)
DATE_LINE = re.compile(
    rf"^(?:(?:答复|回复)?日期\s*[:：]\s*)?(?:(?P<sig>\S.{{0,30}}?)\s+)?"
    rf"(?:{DATE_CN}|(\d{{4}})\s*[-/.]\s*(\d{{1,2}})\s*[-/.]\s*(\d{{1,2}})"
    # printed without separators on a line of its own: 20240619
    r"|(?<![\S])(?P<cy>(?:19|20)\d{2})(?P<cm>0[1-9]|1[0-2])(?P<cd>0[1-9]|[12]\d|3[01])"
    # or with a one-digit month: 2023531 (read only where no two-digit month fits: see compact_date)
    r"|(?<![\S])(?P<sy>(?:19|20)\d{2})(?P<sm>[1-9])(?P<sd>0[1-9]|[12]\d|3[01])"
    # or with a one-digit month and day: 202394 (not 202312, which may be a year and month)
    r"|(?<![\S])(?P<ty>(?:19|20)\d{2})(?P<tm>[1-9])(?P<td>[1-9]))"
    # the run of digits may keep the day's 日 (2023630日): its 年 and 月 lost, not the date
    r"(?:(?<=\d)日)?$"
)
# (发文时间 and 发文日期 date the document, not the page: they are no publishing date)
PUBLISHED = re.compile(
    r"(?:发布时间|发布日期|发布于|发表时间|信息时间|公开日期|公开时间|更新时间|更新日期)\s*[:：]?\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
    r"|^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*(?:来源|作者|发布)"
    r"|^(?:信息来源|文章来源|来源)\s*[:：]\s*[^\s\d|｜]{0,20}?\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"
    # a page's info bar with a bare 日期 or 时间: 日期：2022-05-25   来源：…   浏览次数：12
    r"|^(?:日期|时间)\s*[:：]\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})日?"
    # (时间：2023-09-04   大  中  小   来源：…: the font-size switch printed as three words)
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s+(?:来源|作者|浏览|点击|阅读|字号|字体|[【\[]?大\s*中\s*小)"
    # (浏览：35次'时间：…: a quote mark or a bar between the two, the space lost)
    r"|^(?:浏览|点击|阅读)(?:次数|量)?\s*[:：]\s*\d+\s*次?[\s'’\"|｜]+(?:日期|时间)\s*[:：]\s*"
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
    # 来源：  作者：某县水务局 时间：2023-09-04 点击率：
    r"|^(?:信息来源|文章来源|来源|作者)\s*[:：][^|｜]{0,40}?\s(?:日期|时间)\s*[:：]\s*"
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
)
SOURCE_LINE = re.compile(
    r"(?:^|\s|[|｜])(?:信息来源|文章来源|来源|发布机构|发文机关|发文单位)\s*[:：]\s*([^\s|｜]{2,30})"
)
HOST_LINE = re.compile(r"(?:^|\s|[|｜])(?:主办单位|主办|版权所有)\s*[:：]?\s*([^\s|｜:：]{2,30})")
DOC_NUMBER = re.compile(
    rf"([{HAN}]{{1,10}})\s*[〔﹝\[［【(（]\s*(\d{{4}})\s*[〕﹞\]］】)）]\s*(?:第\s*)?(\d{{1,5}})\s*号"
)
CATEGORY = re.compile(
    r"^[【\[（(]?\s*([ABCDＡＢＣＤ])\s*类\s*[】\]）)]?$|类别\s*[:：]\s*([ABCDＡＢＣＤ])\b"
    r"|(?:^|\s)([ABCDＡＢＣＤ])\s*类(?:\s|$)"
)
SALUTE = re.compile(
    # a site's record may run the salutation into its key: 办理情况：某某代表：您提出的……
    # or a table's row: | 问题答复: | 某某代表: 您提出的……
    r"^(?:[|｜]\s*)?(?:(?:办理情况|办理结果|答复内容|答复意见|回复内容|问题答复)\s*[:：]\s*(?:[|｜]\s*)?)?"
    # the count may stand in brackets: 某某(等13位)代表
    # names parted by commas as well as 、 (赵某,陈某等代表:), each short as a name is
    r"(?:尊敬的?)?(?P<names>[^:：，,。；;！!？?\s（(“《]{1,80}?(?:[，,][^:：，,。；;！!？?\s（(“《]{2,5}?){0,9})\s*"
    # (张某、李某等人大代表: the congress after 等)
    r"(?P<deng>[（(]?等(?:[0-9一二三四五六七八九十]+(?:名|位))?[）)]?(?:人大|政协)?)?"
    r"(?P<role>委员|代表|同志|先生|女士)(?:们)?\s*(?:[（(][^）)]{1,12}[）)])?"  # （领衔）
    r"(?:[，,]\s*(?:您|你|你们)好[！!]?)?"  # 某某代表，您好：
    r"\s*(?:[:：]\s*(?P<rest>.*))?$"
)
SALUTE_ORG = re.compile(
    r"^(?:尊敬的?)?(?P<names>[^:：，,。；;！!？?\s（(“《]{2,30})\s*[:：]\s*(?P<rest>.*)$"
)
INTRO = re.compile(r"收悉|提出的|提交的|所提|领衔")
OPENING = re.compile(r"收悉|答复如下|函复如下|复函如下|回复如下")
AS_FOLLOWS = re.compile(r"(?:答复|函复|复函|回复|说明|报告|汇报|办理情况)如下|如下\s*[:：]?\s*$")
REPLY_WORDS = re.compile(r"答复|复函|办理情况|提案|建议")
TITLE_WORDS = re.compile(r"关于|答复|复函|回复|的函|办理情况")
TITLE_END = re.compile(r"(?:答复|复函|的函|回复|答复函|意见|的信|函|报告)\s*$")
TITLE_SPLIT = re.compile(r"^(?P<issuer>.*?)\s*(?:关于|对于|就)(?P<rest>.*)$")
# (……对市十届三次会议人大第16号意见的答复: a deputy's paper called 意见 by its number)
TITLE_SPLIT_DUI = re.compile(
    r"^(?P<issuer>[^对]{2,40}?)\s*对(?P<rest>.*(?:提案|建议|议案|号意见).*)$"
)
# 青峪县退役军人事务局答复县十九届人大二次会议第97号建议
TITLE_SPLIT_VERB = re.compile(
    r"^(?P<issuer>[^答复]{2,40}?(?:局|委员会|委|厅|办公室|办|政府|办事处|中心))\s*"
    r"(?:答复|回复|复函)(?P<rest>.*(?:提案|建议|议案).*)$"
)
# a letterhead over the title: 青峪县交通运输局, 青峪县水利局文件
LETTERHEAD = re.compile(r"^(?P<name>[^\s，,。：:]{4,30}?)\s*(?:文件|公函|函)?$")
NUMBER = re.compile(
    r"第\s*([0-9０-９A-Za-z\-]{1,16}(?:[.．][0-9０-９]{1,4})?"
    # a count with its year in brackets or a point in it: 第B(2022)327号, 第6.11号
    r"|[A-Za-z]{0,3}[（(][0-9０-９]{4}[)）][0-9０-９]{1,6})\s*号"
)
# a title that leaves out 第: 县十九届人大二次会议36号建议, 2024031号提案 (a year before the count),
# KS215号建议 (a letter code first), 会议某镇12号建议 (the delegation's name before the count); not
# a document number's 〔2024〕12号
NUMBER_BARE = re.compile(
    r"(?<=[会议议上期间的镇乡团组])\s*([A-Za-z]{0,3}[0-9０-９]{1,8})\s*号(?=\s*(?:的)?(?:代表|委员)?(?:建议|提案|议案))"
    # the kind before its count, no 第: 区九届人大一次会议代表建议31号《关于……》
    r"|(?<=建议|提案|议案)\s*([A-Za-z]{0,3}[0-9０-９]{1,8})\s*号(?!\s*(?:的)?(?:建议|提案|议案))"
    # a delegation's one-character name before the count: 省十三届人大一次会议温36号建议
    r"|(?<=会议)[\u4e00-\u9fff]([0-9０-９]{1,6})\s*号(?=\s*(?:的)?(?:代表|委员)?(?:建议|提案|议案))"
)
# a group's or a party's proposal: 第2025B019号集体提案, 重点提案, 党派提案
_KIND_OF = r"(?:集体|重点|联名|党派|团体|界别)?"
KIND_AFTER = re.compile(rf"号\s*(?:的)?(?:人大|政协)?(?:代表|委员)?{_KIND_OF}(提案|建议|议案)")
KIND_BEFORE = re.compile(rf"(?:会议|大会)\s*(?:上)?(?:的)?(?:代表|委员)?{_KIND_OF}(提案|建议|议案)")
KIND_INTRO = re.compile(
    r"(提案|建议|议案)\s*(?:[(（]第[^)）]{1,12}号[)）])?\s*(?:已|均已)?\s*收悉"
    # 区十五届人大六次会议闭会期间代表建议第134号《…》
    r"|(?:代表|委员)(提案|建议|议案)\s*第\s*[0-9０-９]{1,5}\s*号"
)
SESSION_IN_BODY = re.compile(
    r"在\s*(\S{2,30}?(?:会议|大会))\s*(?:上|期间|中|提出|所提)"
    # 您提出的区十五届人大七次会议代表建议第104号: the session run into the paper's kind
    r"|提出的\s*([^，,。；;：:\s《“]{2,30}?(?:会议|大会))(?=\s*(?:上的?)?(?:代表|委员)?(?:建议|提案|议案))"
)
BOOK_TITLE = re.compile(r"《([^《》]{2,200}?)》")
QUOTE_TITLE = re.compile(
    r"(?:提出的|提交的|所提的?|领衔的?|关于|题为|名为)\s*[“\"「『《]([^”\"」』》]{2,200}?)[”\"」』》]"
)
PLAIN_TITLE = re.compile(r"关于[^，,。；;：:（(“”《》\s]{2,120}?的(?:提案|建议|议案)")
CO_HANDLERS = re.compile(
    r"会同\s*(.{2,120}?)\s*(?:认真|共同|一起|进行|研究|办理|就|对|，|,|。)"
    r"|经与\s*(.{2,120}?)\s*(?:协商|沟通|商议|会商)"
    r"|协办单位\s*(?:为|是|[:：])?\s*(.{2,120}?)\s*(?:[，,。；;]|$)"
)
GENERIC_UNITS = {
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
CONTACT_NAME = re.compile(
    rf"(?:联系人|经办人|承办人)(?:及电话|及联系电话|和电话)?\s*[:：]\s*([{HAN}·]{{2,5}})"
)
CONTACT_PHONE = re.compile(
    r"(?:联系)?电话(?:号码)?\s*[:：]?\s*([0-9０-９][0-9０-９\-－—()（）\s]{3,20}[0-9０-９])"
    rf"|(?:联系人|经办人)\s*[:：]\s*[{HAN}·]{{2,5}}\s*[,，、\s]\s*([0-9０-９][0-9０-９\-－—]{{4,20}})"
)
# a signature line that goes on with the contact: 青峪县教育局  联系电话：…  联系人：…
SIGNATURE_CONTACT = re.compile(r"\s+(?:联系电话|联系人|联系方式|经办人|电话)\s*[:：]")
# a copy-to line, its key spread out over the line as some templates print it (抄 报：)
CC = re.compile(
    r"^[(（]?\s*(?:抄[ \u3000]{0,2}[送报]|报[ \u3000]{0,2}送?|送[ \u3000]{0,2}达?)[ \u3000]{0,2}[:：]\s*(.+)$"
)
CLOSING = re.compile(
    r"^(?:[^，,。：:]{1,12}?(?:代表|委员|同志)[，,：:]\s*)?[(（]?\s*"
    r"(?:(?:再次|衷心|非常|十分|最后[，,]?\s*)?(?:感谢|谢谢)"
    r"|(?:如果您|如您|若您|如你们|如果你们|您如|如)对.{0,30}?(?:答复|办理|意见|满意)"
    r"|欢迎您?继续|恳请|敬请|特此(?:函复|答复|复函|回复|函告|说明)|专此|此复|以上答复|以上(?:是|系|为|即|就)?(?:对|就)?[^，,。]{0,24}?(?:答复|回复|复函)|顺致|顺祝|致以|谨此"
    r"|联系人|联系电话|联系方式|经办人|承办人|公开方式|公开属性|公开形式|抄送|抄报|附件\s*[:：\d]|附\s*[:：]|签发人"
    # the same keys spread out (联 系 人：, 抄 报：)
    r"|联[ \u3000]{1,2}系[ \u3000]{1,2}人|抄[ \u3000]{1,2}[送报][ \u3000]{0,2}[:：])"
)
CLOSING_INLINE = re.compile(
    r"(?<=[。！!？?])\s*(?:再次|衷心|非常|十分)?(?:感谢|谢谢)|(?<=[。！!？?])\s*(?:如果您|如您)对"
    # ……。对代表的关心支持表示衷心的感谢。: a thanks sentence closing the last paragraph
    r"|(?<=[。！!？?])\s*(?=[^。！!？?]{0,30}(?:表示|致以)(?:最)?(?:衷心|诚挚|真诚|诚恳)?的?(?:感谢|谢意)[。！!]?\s*$)"
)
NS_TIME = (
    r"(?:下一步|下步|下一阶段|下阶段|今后|以后|日后|后期(?=[，,])|未来|接下来|后续|明年|下一年度?)"
)
NS_HEAD = re.compile(
    rf"^(?:关于|存在(?:的)?问题(?:和|及|与)|[^，,。；;：:]{{0,8}}?(?:和|及|与))?{NS_TIME}"
    r"[^，,。；;：:]{0,6}?(?:安排|计划|打算|举措|措施|思路|方向|重点|设想|考虑|目标|任务|工作|努力)"
    # a heading that plans with no time word (三、工作打算, 二、今年工作计划)
    r"|^(?:今年|明年|\d{4}年)?(?:的)?(?:主要)?工作(?:打算|计划|设想)(?=\s*[：:。]?\s*$)"
)
SENTENCE_START = re.compile(r"(?:^|(?<=[。！!；;]))\s*")
NS_TIME_PREFIX = re.compile(rf"^{NS_TIME}[，,、\s]*")
# the letter's own voice as a subject: 我们, 我局, 本单位
_OWN_VOICE = r"我们|我(?:局|委|厅|办|镇|乡|街道|中心|单位)|本(?:局|委|单位)"
OWN_VOICE = re.compile(_OWN_VOICE)
# the marker, the letter's voice and an adverb of effort, no will (下一步我们积极争取……)
_VOICED_EFFORT = rf"(?:{_OWN_VOICE})?(?:积极|加快|全力|着力|大力|持续|进一步|努力|切实|主动)"
NS_LEAD = re.compile(
    rf"{NS_TIME}[，,、。.\s]*(?:.{{0,14}}?(?:将|会|要|拟|继续|计划|打算|准备)|{_VOICED_EFFORT})"
)
# a sentence that opens the next steps: the marker may follow a short opening ("经研究，我局下一步将",
# "在以后工作中，我们将")
NS_LEAD_ANY = re.compile(
    rf"[^。；;！!？?：:]{{0,14}}?"
    rf"{NS_TIME}[^。；;！!？?：:]{{0,3}}?[，,、。.\s]*"
    rf"(?:[^。；;！!？?]{{0,14}}?(?:将|会|要|拟|继续|计划|打算|准备)|{_VOICED_EFFORT})"
)
# a marker at the start of a clause, after a report of what was done: "……，下一步将在……"
# ("……，在下步工作中，我们将……"; "……，下一步，责令某区……": the bureau directs a lower body)
NS_CLAUSE = re.compile(
    # a page that lost its punctuation runs the marker into the report before it, with the
    # letter's voice right after it: ……不能满足需求下步工作中我们将……
    rf"(?<=[\u4e00-\u9fff])(?:下一步|下步|下一阶段|下阶段|接下来)(?:的)?(?:工作中)?"
    rf"(?=(?:{_OWN_VOICE})(?:还|也)?(?:将|拟|计划))|"
    rf"(?<=[，,])\s*(?:在)?{NS_TIME}(?:的)?(?:工作中)?[，,、\s]*"
    r"(?:[^。；;！!？?，,]{0,6}?(?:将|拟|计划|准备|打算|继续)|(?:责令|督促|指导)(?=[^。；;！!？?，,]{2,})"
    # ……正在进行招标，下一步实施动工: the marker, then the measure's own verb
    r"|(?:实施|启动|开工|动工|组织实施|开展|推进)(?=[^。；;！!？?，,]{1,}))"
)
# ……已高度重视，下一步与乡镇配合进行……; ……，下步视资金落实情况，再对……: a strong marker after a
# report, then the act with no will (read sentence by sentence, not as a section's start)
NS_BARE_CLAUSE = re.compile(
    r"(?<=[，,])\s*(?:下一步|下步)(?:与|会同|联合|配合|视|结合|根据|按照|积极|加快|加强|争取|协调)"
    r"(?=[^。；;！!？?]{4,})"
)
# a lead-in that ends its paragraph with 。, not ：, the measures on the lines below:
# 我县将通过以下措施推进……，同时……。
LEAD_STOP = re.compile(
    r"(?:将|拟|计划|准备|打算)[^。；;！!？?了已]{0,12}?(?:通过|采取|从)以下"
    # (从以下几个方面配合……做好……工作。: the aspects are the lead's noun)
    r"(?:(?:几项|[两一二三四五六七八九十]项)?(?:措施|举措|工作)|(?:几个|几|[两一二三四五六七八九十]个)?方面"
    r"|(?:几|[两一二三四五六七八九十])点)"
    r"[^。；;！!？?]{0,50}。\s*$"
)
# a lead-in that announces the items below it: "我局将采取以下措施：", "具体措施如下：" (not the
# 将 of 现将具体情况汇报如下：, which announces a report)
LEAD_COLON = re.compile(
    r"(?:(?<![现兹特])将|拟|计划|准备|打算)[^。；;！!？?了已]{0,30}?(?:以下|如下|几个方面|几方面)"
    # (……采取以下措施，让这部分家庭得到更大力度的帮扶：: the measures' purpose before the colon)
    r"(?:[^。；;！!？?]{0,12}|(?:措施|举措|工作)[，,][^。；;！!？?]{0,40})[：:]\s*"
    r"(?=$|[一二三四五六七八九十]是|\d{1,2}[、.．]|[（(][一二三四五六七八九十\d]{1,2}[)）]|[①-⑳])"
    r"|(?:措施|安排|计划|打算)如下\s*[：:]\s*$"
    # 区应急管理局将持续加强某能力建设：一是……二是……: a promise whose measures follow its colon
    r"|(?:将|拟)(?:持续|继续|进一步|重点|着力|全力|从)?[^。；;！!？?：:了已]{2,30}[：:]\s*"
    r"(?=[一二]是|[（(][一1][)）]|1[、.．](?!\d))"
    # 我们积极接受建议，重点做好以下几项工作：: the measures to take, in the present
    r"|(?:做好|抓好)以下[^。；;！!？?了已]{0,12}[：:]\s*"
    r"(?=$|[一二三四五六七八九十]是|\d{1,2}[、.．]|[（(][一二三四五六七八九十\d]{1,2}[)）]|[①-⑳])"
    r"|" + LEAD_STOP.pattern
)
PROBLEMS = re.compile(r"问题|困难|不足|原因")
PROGRESS_HEAD = re.compile(
    r"(?:推进|开展|办理|落实|进展|完成|工作)情况|已(?:经)?(?:开展|做|完成|采取)(?:的|了)?(?:主要)?(?:工作|措施)|"
    r"工作措施|主要(?:做法|工作|措施)|基本情况|有关情况|工作进展|取得(?:的)?成效|工作成效|现状"
)
SELF = re.compile(r"我(局|委|厅|办)|本(局|委|厅)")

# Item markers at the start of a paragraph, by family.
PARA_MARKERS = (
    ("cn_paren", re.compile(rf"^[（(]\s*([{CN}]{{1,3}})\s*[)）]\s*")),
    ("ar_paren", re.compile(r"^[（(]\s*(\d{1,2})\s*[)）]\s*")),
    ("circ", re.compile(r"^([①-⑳])\s*")),
    ("cn_dun", re.compile(rf"^([{CN}]{{1,3}})\s*[、．.]\s*")),
    ("ar_dot", re.compile(r"^(\d{1,2})\s*(?:[、．]|\.(?!\d)|\.(?=\d{1,4}[年月]))\s*")),
    ("ar_rparen", re.compile(r"^(\d{1,2})\s*[)）]\s*")),
    ("shi", re.compile(rf"^([{CN}]{{1,3}})是(?![否的])")),
    ("di", re.compile(rf"^第([{CN}]{{1,3}})\s*[，,、：:]\s*")),
)
# Item markers inside a paragraph (一是…二是…), by family; each must follow a boundary.
INLINE_MARKERS = (
    ("shi", re.compile(rf"([{CN}]{{1,3}})是(?![否的])")),
    ("cn_paren", re.compile(rf"[（(]([{CN}]{{1,3}})[)）]")),
    ("ar_paren", re.compile(r"[（(](\d{1,2})[)）]")),
    ("circ", re.compile(r"([①-⑳])")),
    ("di", re.compile(rf"第([{CN}]{{1,3}})[，,、：:]")),
    # the steps of a plan: 分两步实施：第一步，……；第二步，……
    ("step", re.compile(rf"第([{CN}]{{1,3}})步[，,、：:]?")),
    # the two sides of a measure: 一方面积极争取资金；另一方面加强对接
    ("side", re.compile(r"(一|另一)方面[，,]?")),
    # numbered items run on after a sentence: ……加强监管。1、根据……。2、建立……
    ("ar_dot", re.compile(r"(?<=[。；;：:！!])\s*(\d{1,2})(?:[、．]|\.(?!\d))")),
)
BOUNDARY = set("。；;：:，,！!？?）)”」』】 \t\n\u3000")
SAME_SHAPE = ({"cn_paren", "ar_paren"}, {"cn_dun", "ar_dot"})
HEAD_MAX = 40  # characters a heading sentence (an item's area) may have
HEAD_END = re.compile(r"[。：！!]|:(?!//)")  # an ASCII colon in a URL ends nothing


def marker_number(family: str, raw: str) -> int | None:
    if family == "circ":
        return ord(raw) - ord("①") + 1
    if family == "side":
        return 2 if raw == "另一" else 1
    if raw.isdigit():
        return int(raw)
    return tx.cn_int(raw)


def para_marker(simp: str) -> tuple[str, int | None, int] | None:
    for family, rx in PARA_MARKERS:
        m = rx.match(simp)
        if m:
            return family, marker_number(family, m.group(1)), m.end()
    return None


def strip_span(text: str, a: int, b: int, trailing: str = "") -> tuple[int, int]:
    while a < b and (text[a].isspace() or text[a] in "，,、：:；;"):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in trailing):
        b -= 1
    return a, b


def line_date(m: re.Match[str]) -> date | None:
    """The date of a DATE_LINE match, however it is printed (年月日, 2024-06-19, 20240619)."""
    if m.group(2):
        return make_date(*m.group(2, 3, 4))
    if m.group(5):
        return make_date(*m.group(5, 6, 7))
    return compact_date(m)


def compact_date(m: re.Match[str]) -> date | None:
    """The date of a DATE_LINE match printed without separators: 20211026, or 2023531 when no
    reading with a two-digit month fits (2023111 may be 1月11日 or 11月1日: no date), or 202394
    when it cannot be a year and a month."""
    if m.group("cy"):
        return make_date(m.group("cy"), m.group("cm"), m.group("cd"))
    if m.group("sy"):
        sm, sd = m.group("sm"), m.group("sd")
        if int(sm + sd[0]) <= 12 and sd[1] != "0":
            return None
        return make_date(m.group("sy"), sm, sd)
    if m.group("ty"):
        if int(m.group("tm") + m.group("td")) <= 12:
            return None  # 202312: December 2023, or 2023年1月2日
        return make_date(m.group("ty"), m.group("tm"), m.group("td"))
    return None


def make_date(y: str, m: str, d: str) -> date | None:
    def num(s: str) -> int | None:
        s = unicodedata.normalize("NFKC", s).replace("Ｏ", "〇")
        return int(s) if s.isdigit() else tx.cn_int(s.replace("0", "〇"))

    yy, mm, dd = num(y), num(m), num(d)
    if yy is None or mm is None or dd is None:
        return None
    try:
        return date(yy, mm, dd)
    except ValueError:
        return None


@lru_cache(maxsize=1 << 16)
def proposal_key(number: str, session: str) -> tuple[str, str]:
    """What tells one proposal from another, normalised (cached: every import compares the tree)."""
    return tx.key(number), tx.key(session)


def split_aligned(text: str, simp: str, pattern: str) -> list[tuple[str, str]]:
    """Split a verbatim text where its simplified copy matches `pattern`: (verbatim, simplified) pieces."""
    out = []
    at = 0
    for m in re.finditer(pattern, simp):
        out.append((text[at : m.start()], simp[at : m.start()]))
        at = m.end()
    out.append((text[at:], simp[at:]))
    return [(t, s) for t, s in out if t]


def split_names(text: str, simp: str) -> list[str]:
    """Unit names from a list such as 市委政法委、市卫生健康委和团市委等单位 (verbatim pieces)."""
    out: list[str] = []
    for piece_t, piece_s in split_aligned(text, simp, r"[、，,；;]|以及"):
        lead = len(piece_s) - len(piece_s.lstrip(" 。."))
        tail = re.search(r"(?:等(?:单位|部门)?)?[ 。.]*$", piece_s)
        end = tail.start() if tail else len(piece_s)
        piece_t, piece_s = piece_t[lead:end], piece_s[lead:end]
        # split on 和/及/与 only where the left part already ends like a body's name
        out += [
            t.strip()
            for t, _ in split_aligned(
                piece_t, piece_s, r"(?<=[局委办厅联会院部署队所站心府])(?:和|及|与)"
            )
            if t.strip()
        ]
    return [p for p in out if tx.key(p) not in GENERIC_UNITS]


SESSION_NOISE = re.compile(
    rf"^(?:中国人民)?(?:政治协商会议|政协)|第?[{CN}〇0-9]+届|人民代表大会.*$|人大.*$|委员会.*$"
)
SESSION_PLACE = re.compile(r"^(.{2,8}?(?:省|市|区|县))")
PARTNER = re.compile(r"(?:联合|会同|协同|配合|结合|协调|和|与|及|、|同)$")
# a place's name in a sentence: not a level word run into the words before it ("每年选派县级医院")
PLACE_MENTION = re.compile(
    rf"(?:^|(?<=[《“\"「（(、，,。；;：:\s在于对与和及的了由]))([{HAN}]{{2,4}}?(?:省|市|区|县))(?!级|场)"
    # not the 市 of a word (办理市政道路, 城市市容)
    r"(?<!市(?=政(?!府|协|务)|民(?!政|族|宗)|容|貌))"
)
BUREAU_MENTION = re.compile(
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


# --- what is a commitment, sentence by sentence (letters with no next-steps section) -----------

_CONNECTIVE = r"(?:同时|此外|另外|另|并且|最后|其次|再次|再者|今后|此后)[，,、]?\s*"
_SUBJECT = (
    r"(?:我们|我(?:局|委|厅|办|镇|乡|区|县|市|街道|中心|院|所|队|站|部|单位|部门)|本(?:局|委|单位|部门)|"
    # the party committee and the government answering together: 县委、政府将…, 县委县政府将…
    r"[省市区县]委[、，,]?[省市区县]?(?:人民)?政府|"
    rf"[{HAN}（）()]{{1,20}}?(?:局|委员会|委|厅|政府|镇|乡|街道|中心|支队|大队|办公室|办|院|所|站|公司)"
    # 公安交管部门将…: a department named by its work (not 相关部门, caught by other_body)
    rf"|[{HAN}]{{2,8}}部门"
    # a headquarters or a leading group, named bare by the office that writes for it
    rf"|(?:[{HAN}（）()]{{0,20}}?)(?:指挥部|领导小组)(?:办公室)?)"
)
PROMISE_SUBJECT = re.compile(
    # up to two clauses before the subject: 在以后条件允许时，这段公路的改造，我们会……
    # a paragraph's number first: 二、县某局将…
    r"^(?:[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、.．](?!\d)|[（(][一二三四五六七八九十\d]{1,3}[)）])?\s*"
    rf"(?:{_CONNECTIVE})?(?:[^，,。；;]{{1,40}}[，,]\s*){{0,2}}(?P<subject>{_SUBJECT})"
    # two bodies answer together: 县财政局、县文体局将…
    rf"(?:[、和与及](?P<also>{_SUBJECT}))?"
    # 我局下一步将……: a time word between the subject and its will
    r"(?:下一步|下步|今后|后续|近期)?"
    r"(?:还|也|均|都|同时|会同[^，,。]{1,20}|联合[^，,。]{1,20}|一起"
    # 我局今年已经准备实施……: the plan exists, its act is still to come
    r"|(?:今年|明年|现|目前|现在)?已(?:经)?(?=准备|计划|打算|拟))?"
    # 我局会在建成后……: 会 promises, 会同 (jointly with) and 会议 do not, nor 管委会 (a body)
    r"(?:将|拟|计划|准备|打算|力争|争取|(?<!委)会(?![同议商签])"
    # 我局继续推进……: the letter's own pledge, in the present, to go on with a work
    r"|(?:(?<=[我本][局委厅办镇乡])|(?<=[我本]单位))(?:继续|进一步|持续)(?=[加推完强做抓落优提积扩深巩争协督])"
    r")"
)
# work under way, then its next step: 目前……正在申报中，争取尽快实施
NOW_THEN = re.compile(
    r"正在[^。；;]{1,30}?[，,]\s*(?:并)?(?:争取|力争)(?:尽快|早日|尽早|年内|年底)"
    # 现已入选项目库，力争在2025年完成路面硬化: done so far, and the dated step still to come
    r"|已[^。；;]{1,40}?[，,]\s*(?:并)?(?:争取|力争)(?:在|于)?(?:\d{4}年|年内|年底|今年|明年|下半年|\d{1,2}月)"
    # 设计单位正在编制方案，计划以分段推进的方式……
    r"|正在[^。；;]{1,40}?[，,]\s*(?:并)?(?:计划|拟)(?=以|对|于|在|将|\d|[^。；;，,]{0,6}(?:开展|启动|实施|完成|建设|推进|组织))"
    # 正在调研论证，报政府审议后执行; 正在清查……，方案定下后，再进行……
    r"|正在[^。；;]{1,150}?后[，,]?\s*(?:再|即|方可)?(?:执行|实施|启动|开工|进行|推进|组织|建设)"
    # 该方案已上报区政府，适时择机开通: done so far, the act when the time comes
    r"|已[^。；;]{1,40}?[，,]\s*(?:并)?(?:适时|择机|适时择机|尽快|争取早日)"
    r"(?:开通|实施|启动|开工|建设|推进|组织实施)"
)
PLANNED = re.compile(
    r"力争|争取(?:在|于|今年|明年|年内|\d)|拟于|拟在|预计(?:于|在|今年|明年|年内|年底|月底|近期|下半年|上半年|\d)|待[^。；;]{1,40}?后|"
    # 待市交通局审批，开展前期设计: the condition, then the act
    r"^待[^。；;，,]{2,20}[，,]\s*(?:再|即|随即)?(?:开展|启动|实施|组织|推进|开工)|"
    # 等上级批复后，进行造价、评审、招标: 等 opening a sentence waits as 待 does
    r"^等[^。；;，,]{2,24}后[，,]?\s*(?:再|即|随即|立即)?(?:进行|开展|启动|实施|组织|推进|开工|建设|安排)|"
    r"年内|年底前|月底前|季度前|(?:(?:\d{4}|今|明)年)?(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:上旬|中旬|下旬|底)?前|"
    r"(?<![\d〇零一二三四五六七八九十从自])(?<![\d〇零一二三四五六七八九]年)(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:上旬|中旬|下旬|底|份)?(?:起|启动|开工|开始)|"
    r"计划(?=于|在|将|今年|明年|年内|下半年|\d|[一二三四五六七八九十]{1,2}月|[^。，,；;”》]{0,4}(?:开展|启动|实施|完成|建设|安排|投入|新建|改造|申报|组织|推进))|"
    r"将于|将在|拟将|"
    # a month of this year or the next, then a will (今年9月将某幼儿园转为公办), or a facility's
    # opening in that month (今年9月某幼儿园作为分园将开园招生)
    r"(?:今年|明年)(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:份|初|上旬|中旬|下旬|底)?"
    r"(?:[，,]?\s*(?:还|也)?将(?!此|该|其|这|上述|原|近)"
    r"|[^。；;]{0,40}?(?:还|也)?将(?:正式)?(?:开园|开学|开工|开通|开业|投入使用|投用|竣工|完工|建成|招生|运营))|"
    # a plan told with the thing as subject: 补助标准将由每人150元提高到200元, 从2024年秋季学期
    # 开始执行 (a year before the letter's is a report: see is_commitment)
    r"将由[^。；;，,]{1,20}?(?:提高|提升|增加|调整|降低|上调|下调|扩大|延长|缩短)(?:到|至|为)|"
    r"(?:从|自)(?:\d{4}年|今年|明年|下半年)[^。；;，,]{0,10}?(?:起|开始)(?:执行|实施|施行)|"
    # 已纳入明年改造计划: a plan of the coming year
    r"(?:纳入|列入)(?:明年|下一年度?|下半年)[^。；;，,]{0,12}(?:计划|项目)|"
    # 已列入明年计划，明年汛前实施: a dated start of the work itself
    r"(?:明年|下半年)(?:\d{1,2}月|[上下]半年|汛前|汛后|年初|年底)?(?:前)?(?:实施|开工|启动|动工|建设|完成|建成)|"
    + NOW_THEN.pattern
)
_PAST_START = re.compile(
    rf"^(?:{_CONNECTIVE})?(?:截至|截止|目前|近年来|近年|近期|今年以来|去年|此前|前期|以前|"
    r"多年来|长期以来|自\S{1,12}以来|\d{4}年(?:以来|至今)|经(?:核实|调查|了解|查))"
)
_CONDITION = re.compile(r"待[^。；;]{1,40}?后|^等[^。；;，,]{2,24}后")
# a plan of past years told in the report: 原计划年底建成, 计划完成6个，实际完成4个, 因…推迟
_PAST_PLAN = re.compile(
    r"原计划|原定|实际完成|未能按期|因[^。；;]{1,20}(?:推迟|延期|顺延|暂缓)|去年计划"
)
# a verb with 了, the work done: 开展了, 编制了 (not 为了, 了解)
_DONE_LE = re.compile(
    r"(?:进行|开展|形成|完成|召开|组织|作出|做出|制定|下达|实施|建成|修建|开通|投入|申报|上报|编制|"
    r"印发|出台|成立|派出|走访|调研|对接|核实|测算|安装|硬化|改造|协调|研究|考察|踏勘|纳入|列入)了"
)
# what is still to come after the work done (将此…列为 is 把, the work done too)
_STILL_TO_COME = re.compile(
    r"将(?!此|该|其|这|上述|原)|计划|力争|争取|拟|预计|准备|明年|下半年|年内|年底前"
)
_FUTURE = re.compile(r"将|计划|力争|争取|拟|预计|准备|明年|下半年|年内|年底前|适时|择机")
_PROBLEM = re.compile(r"存在[^。；;]{0,40}?(?:问题|困难|不足|短板|隐患)|问题主要|原因(?:是|在于)")
_REQUEST = re.compile(
    rf"^(?:{_CONNECTIVE})?(?:[^，,。；;]{{1,40}}[，,]\s*)?(?:建议(?!已|被|所|中|的|内容|事项|涉及|反映|列入|纳入)|请|恳请|希望|呼吁|需要|需)(?!.{{0,6}}我)|(?<![的提])(?:建议|请求|恳请)[^。；;]{{0,20}}(?:予以|给予|加大|支持)"
    # ……，我们也建议市住建局予以更换: the letter asks another body
    r"|(?:^|[，,])\s*(?:我们|我(?:局|委|厅|办))(?:也|还)?(?:建议|提请|恳请)(?!.{0,4}(?:收悉|办理|答复))"
)
# (the proposal as the noun, 你提出的建议 or 所提建议, asks nobody: 我们会将您提出的建议纳入……，
# 如有资金会优先给予……)
# the handling reported: 领导班子高度重视，立即责成……办理 (how the proposal was received)
_HANDLING = re.compile(
    r"高度重视[，,]\s*(?:立即|迅速|随即|及时|第一时间|专门)?(?:责成|安排|指派|召开|组织|派出|成立)"
)
# a measure in a later clause of a sentence that keeps watch (我局将持续关注某路段的建设，结合
# 通行条件优化调整线路): the watch is the lead of a measure, not a pledge
_MEASURE_AFTER = (
    r"[，,]\s*(?:并|同时)?\s*(?:(?:结合|根据|视)[^，,。；;]{2,20}?|适时|及时|积极|尽快)?"
    r"(?:优化|调整|改造|建设|实施|安排|增设|修建|维修|解决|推进|加快|完善|开通|新建|整治)"
)
_BOILERPLATE = re.compile(
    rf"(?:继续|持续|密切)关注(?![^。；;]*?{_MEASURE_AFTER})"
    r"|欢迎[^。；;]{0,12}(?:提出|多提|监督|批评|指导)|宝贵意见|感谢|谢谢|"
    r"关心和支持|关心支持|理解和支持|理解与支持|敬请|再次表示"
    # the closing's invitation (请您多提宝贵建议，我们将……); a hope
    # that the problem will be solved some day; the proposal put on the agenda (重要议事日程)
    r"|宝贵建议|重要议事日程|相信[^。；;]{0,30}(?:会|能|将)(?:得到|逐步|早日)"
    # what the handling itself is to achieve (力争通过认真的办理，把某某落到实处): the way
    # suggestions are answered, no measure of the body's own work
    r"|通过(?:高质量|高标准|认真|扎实|用心|优质)的?办理[，,]"
    # the closing's invitation: 请随时与我们联系，我们将认真倾听、积极采纳
    r"|请随时与我们联系|认真倾听[、，,]?\s*积极采纳"
    # a pledge to keep on with the handling and report back, nothing else: 我们将继续整改落实并
    # 及时向您汇报。
    r"|^(?:我们|我(?:局|委|厅|办|镇|乡|街道))(?:将|会)(?:继续)?(?:整改落实|跟踪落实|抓好落实)(?:并|，|,)?"
    r"\s*及时向(?:您|你|你们|代表|委员)(?:汇报|反馈|通报)[^，,。；;]{0,8}[。！!]?$"
)
_TO_PROPOSER = re.compile(r"^(?:您|你们|你)(?:提出|所提|反映|建议|的)")
# what cannot be done, with no body to promise anything: ……无力单独承担，只能待今后……
# a point outside the bureau's remit: ……，不属于我局管理范畴，建议……
REMIT_OUT = r"不属于[^，,。；;]{0,8}?(?:管理|职责|职能|管辖|业务)(?:范畴|范围)"
_REFUSAL = re.compile(r"无力|无法|只能|难以|" + REMIT_OUT)


# another body's own plan or work, told as the subject of a clause: 某运营公司今年拟……;
# 承建单位目前正在清表，预计……; 项目业主将于…… (not 我局将督促施工单位……, where the letter
# acts on it)
_OTHERS_PLAN = re.compile(
    rf"(?:^|[，,])\s*(?:[一二三四五六七八九十]{{1,3}}[、.．]|\d{{1,2}}[、.．])?\s*(?:{_CONNECTIVE})?"
    # 三、我县茶业开发公司也将……: the place's own company is still another body
    r"(?:我(?:县|区|市|州|旗|镇|乡))?"
    r"(?:(?!督促|要求|协调|责成|会同|配合|指导|组织|推动|联系|对接|通知|咨询)"
    r"[^，,。；;由让请与和同向对把将我本]){0,12}?"
    r"(?:公司|集团|(?:施工|建设|承建|中标|承包|总承包|施工总承包|业主|运营)单位|施工方|项目业主|开发商|运营商)"
    r"(?:已|正在|目前|年初|今年|明年|计划|拟|将|预计|于|也|还)"
)


# several bodies that are not departments, listed as the subject after a marker (今后，县水厂、
# 供电所等单位将……): their own plan (a government's 交通局、财政局等部门 may be its own)
_LISTED_BODY = r"[^，,。；;、我本由让请与和同向对把将局委办府]{1,10}"
_OTHERS_LIST = re.compile(
    rf"^(?:{_CONNECTIVE})?(?:(?:下一步|下步|今后|后续|同时)[，,]?\s*)?"
    rf"{_LISTED_BODY}(?:、{_LISTED_BODY})+等(?:部门|单位|企业|公司|运营商|机构)"
    r"(?:也|还|均|都)?(?:将|拟|计划|会(?![同议商签]))"
)


# the letter's own promise opening a sentence (此外，下一步我们将配合……), before a request of
# another body in a later clause (……，建议区政府将……): the promise stands
_OWN_FIRST = re.compile(
    rf"^(?:{_CONNECTIVE})?(?:(?:下一步|下步|今后|后续|同时)[，,]?\s*)?"
    r"(?:我们|我(?:局|委|厅|办|镇|乡|街道|中心|单位)|本(?:局|委|单位))(?:还|也|将会)?"
    r"(?:将|拟|会(?![同议商签])|计划|力争)"
)
_ASK_CLAUSE = re.compile(
    r"[，,]\s*(?:同时)?(?:建议|请求|恳请|提请|请|希望|呼吁)"
    # advice inside a later clause of the measure: ……，对某类住户建议其改用……
    r"|[，,][^，,。；;]{1,24}?(?<![的提])建议(?!已|被|所|中|的|内容|事项)"
)


# the letter's own act of asking, to come: 我局将建议县政府对……给予支持; 我局将向市局提请……
# (the letter is the one that acts, a commitment as clerks record it)
_OWN_WILL_ASK = re.compile(
    rf"^(?:[^，,。；;：:]{{1,40}}[，,]\s*){{0,2}}(?:{_OWN_VOICE})(?:也|还)?(?:将|会)(?:积极|主动|及时)?(?:向[^，,。；;]{{2,20}}?)?"
    r"(?:建议|提请|请求|呼吁)"
)
# the letter's own promise after a clause of what cannot be done yet: ……，短期内难以一次建成，
# 我局将主动与……沟通
_OWN_WILL_AFTER = re.compile(rf"[，,]\s*(?:但是?|不过)?\s*(?:{_OWN_VOICE})(?:也|还)?(?:将|会)")


def _promise_then_ask(s: str) -> bool:
    """True for a sentence that opens with the letter's own promise and asks another body only
    in a later clause."""
    own = _OWN_FIRST.match(s)
    ask = _ASK_CLAUSE.search(s)
    return bool(
        own and ask and ask.start() > own.end() and not_a_commitment(s[: ask.start()]) is None
    )


# a pledge with no object of its own, clause by clause: 抢抓机遇, 加快某事业步伐, 为某事业的
# 发展继续努力, and the request to the proposer that may close it (同时也请您……给予关心、支持)
_EMPTY_PLEDGE = re.compile(
    r"^(?:下一步|下步|今后|后续)?(?:同时|并|也|还)*(?:我们|我(?:局|委|厅|办|镇|乡|街道))?(?:也|还)?"
    r"(?:将|会|要)?(?:继续|进一步|更加|不断|始终)?"
    # the suggestion itself as the only object, and verbs left with none (a copy that dropped the
    # names: 重点建设，着力打造): 紧紧围绕您提出的建议内容, 结合工作实际, 促进建议内容的落实
    r"(?:(?:紧紧)?围绕(?:您|你们?)?(?:提出|所提)?的?(?:建议|提案)(?:内容)?$|结合(?:工作)?实际$|"
    r"认真研究$|加强(?:工作)?统筹协调$|促进(?:建议|提案)(?:内容)?的?(?:更好)?落实$|"
    r"(?:重点|着力|全力|大力)(?:建设|打造|推进|发展)$|"
    r"抢抓(?:发展)?机遇|抓住机遇|加快[^，,。；;]{0,14}步伐|"
    r"为[^，,。；;]{0,30}(?:继续|进一步|不断)?(?:努力|奋斗|贡献(?:力量)?|作出(?:更大)?贡献|做出(?:更大)?贡献)|"
    r"再接再厉|开拓进取|真抓实干|砥砺前行|奋发有为|(?:也|还)?(?:请|恳请|希望)(?:您|你|各位)|"
    # an attitude with no object (虚心接受，诚恳改正) and a work lifted to a new level
    r"(?:虚心接受|诚恳改正|认真改正|虚心听取|及时改进)$|[^，,。；;]{0,24}(?:再上|迈上|跃上)(?:一个)?新台阶|"
    # the closing's hope and ear: 衷心希望你们今后一如既往地支持……, 虚心听取你们的意见和建议
    r"(?:衷心)?希望[^，,。；;]{0,30}(?:支持|关心|关注|监督)|虚心听取[^，,。；;]{0,8}意见(?:和建议)?$|"
    r"(?:尊敬的)?各位(?:代表|委员)$|"
    # a feeling of the task's weight, and the orders followed with no act of their own (深感……任重
    # 道远，我们会按照区委、区政府的要求，不断努力，不断完善)
    r"(?:深感|深知)[^，,。；;]{0,40}(?:任重道远|责任重大)$|按照[^，,。；;]{0,20}的?(?:要求|部署)$|"
    # 我们将继续努力，为市民提供更好的……服务; 如果您还有其他建议(, 请随时与我们联系: boilerplate
    # above); 继续整改落实并及时向您汇报: the closing's effort, invitation and report back
    r"(?:继续|不断|进一步)?(?:努力|完善)$|为[^，,。；;]{0,30}提供更(?:好|优质|便捷)的[^，,。；;]{0,20}$|"
    r"(?:如果|如)(?:您|你|你们)[^，,。；;]{0,20}(?:建议|意见)|"
    r"(?:继续)?整改落实(?:并)?及时向(?:您|你|你们|代表|委员)(?:汇报|反馈|通报)$)"
)
_TIME_CLAUSE = re.compile(rf"^(?:在)?{NS_TIME}(?:的)?(?:工作中)?$")
# a clause that only sets the point a pledge answers: 针对您提出的……等建议
_POINT_SET = re.compile(
    r"^(?:针对|对于|关于|就)(?:您|你们?)?[^。；;]{0,80}(?:建议|提案|意见|问题)$"
)


def _empty_pledge(s: str) -> bool:
    """True for a sentence whose every clause is a pledge with no object of its own (在今后的工作
    中，我局将抢抓机遇，加快某事业步伐，为某事业的发展继续努力)."""
    clauses = [c.strip() for c in re.split(r"[，,；;。！!]", s) if c.strip()]
    pledges = [
        c
        for c in clauses
        if not _TIME_CLAUSE.match(c)
        and not _POINT_SET.match(c)
        and c not in ("同时", "此外", "另外", "与此同时")  # a connective alone
    ]
    if len(pledges) < 2:
        return False
    if all(_EMPTY_PLEDGE.match(c) for c in pledges):
        return True
    # ……，我们将虚心听取你们的意见和建议，积极改进某某工作: the field's work beside a hope or an ear
    return any(_HOPE_OR_EAR.search(c) for c in pledges) and all(
        _EMPTY_PLEDGE.match(c) or _FIELD_WORK.match(re.sub(r"^(?:积极|认真)", "", c))
        for c in pledges
    )


_HOPE_OR_EAR = re.compile(r"希望[^，,。；;]{0,30}(?:支持|关心|关注|监督)|虚心听取")


# 已 inside a noun's modifier, closed by 的 before the clause ends (重点解决已达到设计年限的供水
# 工程): it describes the thing the work is on, it reports no work done
_ATTRIBUTIVE_DONE = re.compile(r"已(?:经)?[^，,。；;已]{1,16}的")


# 已 before a plan's verb (已经准备实施, 已决定将……): a plan that exists, its act still to come
_PLAN_MADE = re.compile(r"已(?:经)?(?:准备|计划|打算|决定|拟(?!定|订))(?!好|了|的|就绪|书)")


def _last_done(s: str) -> int:
    """Where the last 已 that reports work done stands in a sentence, or -1."""
    for m in reversed(list(re.finditer("已", s))):
        if not _ATTRIBUTIVE_DONE.match(s, m.start()) and not _PLAN_MADE.match(s, m.start()):
            return m.start()
    return -1


# the suggestion taken as the occasion (以这次建议为契机) to do the field's work better, with no
# measure named: 我们将以此次建议为契机，进一步加强某某建设工作，竭尽全力保障……
_OCCASION = re.compile(
    r"^(?:我们|我(?:局|委|厅|办|镇|乡|街道))?(?:也|还)?(?:将|会|要)?"
    r"以(?:这次|此次|本次|这个|此|您的?|你们的?|代表的?|委员的?)?(?:建议|提案|意见)?(?:办理)?为契机$"
)
_FIELD_WORK = re.compile(
    r"^(?:进一步|继续|不断|切实|全面)?(?:加强|做好|抓好|推进|推动|提升|改进)[^，,。；;]{2,14}工作$"
    r"|^(?:竭尽全力|全力以赴|尽心尽力|尽最大努力|努力)"
)


def _occasion_pledge(s: str) -> bool:
    """True for a sentence that takes the suggestion as the occasion to do the field's work
    better and names no measure of its own (以这次建议为契机，进一步加强某某工作，……)."""
    clauses = [c.strip() for c in re.split(r"[，,；;。！!]", s) if c.strip()]
    clauses = [c for c in clauses if not _TIME_CLAUSE.match(c)]
    return (
        len(clauses) >= 2
        and _OCCASION.match(clauses[0]) is not None
        and all(_FIELD_WORK.match(c) or _EMPTY_PLEDGE.match(c) for c in clauses[1:])
    )


# a pledge to go on as always (我们将一如既往地争取上级项目和资金的支持，认真抓好某某工作) with
# only the field's generic work after it: no measure of its own
_STEADY = re.compile(
    r"^(?:我们|我(?:局|委|厅|办|镇|乡|街道|单位))?(?:也|还)?(?:将|会|要)?(?:一如既往|始终如一)地?"
)
_GENERIC_WORK = re.compile(
    r"^(?:积极|主动|努力|继续)?争取上级[^，,。；;]{0,14}?支持$"
    r"|^(?:认真|切实|扎实|继续|进一步|全力)?(?:抓好|做好|推进|推动|支持|关心|重视)[^，,。；;]{0,12}"
    r"(?:工作|事业|发展)$"
)


def _steady_pledge(s: str) -> bool:
    """True for a pledge to go on as always with the field's generic work only (我们将一如既往地
    争取上级支持，认真抓好某某工作); one with a measure of its own (一如既往地对某路段养护) is not."""
    clauses = [c.strip() for c in re.split(r"[，,；;。！!]", s) if c.strip()]
    clauses = [c for c in clauses if not _TIME_CLAUSE.match(c)]
    m = _STEADY.match(clauses[0]) if clauses else None
    if m is None:
        return False
    rest = [c for c in [clauses[0][m.end() :], *clauses[1:]] if c]
    return bool(rest) and all(
        _GENERIC_WORK.match(c) or _FIELD_WORK.match(c) or _EMPTY_PLEDGE.match(c) for c in rest
    )


# a pledge to go on supporting a field, with no measure of its own: 下一步，我厅将继续支持某园区
# 项目发展。 (the whole sentence)
_BARE_SUPPORT = re.compile(
    r"^(?:(?:下一步|下步|今后|同时|此外)[，,]?\s*)?(?:我们|我(?:局|委|厅|办|单位))(?:将|会)(?:继续|一如既往地?|进一步)?"
    r"(?:大力|全力|积极)?支持[^，,。；;]{2,16}?(?:发展|建设|工作)[。！!]?$"
)
# a forecast of a sum, the sentence's only thing to come: ……，预计调整后每年财政投入将突破1000万元
_SUM_FORECAST = re.compile(
    r"预计[^，,。；;]{0,16}?(?:将|可|会)?(?:突破|达到|超过|增加到|增至|提高到)[^，,。；;]{0,8}?"
    r"\d+(?:\.\d+)?\s*[万亿]?元"
)
_WILL_WORD = re.compile(r"将|拟|计划|力争|争取|准备|打算")


def sum_forecast(s: str) -> bool:
    """True for a sentence whose only word of what is to come forecasts a sum (……预计每年投入将
    突破1000万元): an estimate of money, no act of the letter's."""
    m = _SUM_FORECAST.search(s)
    return m is not None and not _WILL_WORD.search(s[: m.start()] + s[m.end() :])


# the budget of a year already begun or past, as a report (2017年、2018年分别预算30万元、50万元)
_BUDGET_YEARS = re.compile(
    r"((?:\d{4}年[、和及至-]?){1,4})[^，,。；;\d]{0,8}?(?:分别)?(?:预算|安排|下达|拨付)(?:了)?"
    r"(?:资金|经费)?\d"
)


def budget_reported(s: str, year: int | None) -> bool:
    """True for a sentence that reports the budget of the letter's year or earlier ones."""
    if not year:
        return False
    for m in _BUDGET_YEARS.finditer(s):
        years = [int(y) for y in re.findall(r"(\d{4})年", m.group(1))]
        if years and all(y <= year for y in years):
            return True
    return False


def not_a_commitment(simp: str) -> str | None:
    """Why a sentence of the body is not a commitment (what was done, a problem, a request to
    another body, thanks or a boilerplate pledge), or None when nothing speaks against it."""
    s = simp.strip()
    if len(s) < 8:
        return "too short"
    if (
        _BOILERPLATE.search(s)
        or _empty_pledge(s)
        or _occasion_pledge(s)
        or _steady_pledge(s)
        or _BARE_SUPPORT.match(s)
    ):
        return "thanks or a boilerplate pledge"
    if sum_forecast(s):
        return "a forecast of a sum"
    if _REQUEST.search(s) and not _promise_then_ask(s) and not _OWN_WILL_ASK.match(s):
        return "a request to another body"
    if _TO_PROPOSER.match(s):
        return "about the proposal"
    if (_OTHERS_PLAN.search(s) and not _OWN_FIRST.match(s)) or _OTHERS_LIST.match(s):
        return "another body's plan"
    if _HANDLING.search(s) and not NS_CLAUSE.search(s):
        return "how the proposal was handled"
    if _PAST_START.match(s) and not _CONDITION.search(s) and not NOW_THEN.search(s):
        return "what was done"
    if _PAST_PLAN.search(s):
        return "a plan of the past, as reported"
    past = [m.end() for m in _DONE_LE.finditer(s)]
    if past and not _STILL_TO_COME.search(s, past[-1]) and not _CONDITION.search(s):
        return "what was done"  # 乡人民政府将此事作为实事内容，开展了实地测量
    done = _last_done(s)
    if done >= 0 and not _CONDITION.search(s) and not _FUTURE.search(s, done):
        promise = PROMISE_SUBJECT.match(s)  # 我办计划于9月底前完成……，所需资金已列入……
        if promise is None or promise.end() > done or "已" in s[: promise.end()]:
            return "what was done"
    if _PROBLEM.search(s) and not PROMISE_SUBJECT.match(s):
        return "a problem"
    refusal = _REFUSAL.search(s)
    if refusal and not PROMISE_SUBJECT.match(s) and not _OWN_WILL_AFTER.search(s, refusal.end()):
        return "what cannot be done"
    if _APPRAISAL.search(s) or _EFFECT.match(s):
        return "what a work is worth"
    if _PROJECT_FIGURES.match(s) and not _PROJECT_STEP.search(s):
        return "what a project holds"
    return None


# a project told by its figures, what it holds and not when anyone will do it: 该项目总投资8500
# 万元，总改造面积13000㎡，其中将门诊楼改造成隔离病房
_PROJECT_FIGURES = re.compile(
    r"^(?:该|此|本|这个)?(?:项目|工程)(?:总投资|投资总额|总投入|计划总投资)"
)
_PROJECT_STEP = re.compile(
    r"预计|力争|争取|确保|年底|年内|月底|月份|上半年|下半年|开工|完工|竣工|启动|招标|待[^，,。；;]{1,20}后"
)


# what a work is worth, not what anyone will do: ……，意义重大。 / 加快项目建设尤为迫切。
_APPRAISAL = re.compile(
    r"(?:意义重大|具有(?:十分|非常|极其)?重要(?:的)?(?:现实|战略)?意义|尤为(?:迫切|必要|重要|关键)"
    r"|(?:十分|非常|极为)(?:必要|迫切)|很有必要|势在必行|必然要求)[。！!；;]?$"
)
# the effect a finished work will have, the work as the subject: 某高速公路的建成，将进一步加快
# 沿线经济社会发展 (with no 后: 待某项目的建成后，将…… is a promise with its condition)
_EFFECT = re.compile(
    # (项目建成后，将有助于解决……: what the work helps, told with 有助于 or 有利于, is its effect)
    r"^(?:该|此|本)?(?:项目|工程)(?:建成|完工|实施|投用|投入使用)后[，,]\s*(?:还|也)?将(?:有助于|有利于)"
    r"|^[^，,。；;]{2,40}?的(?:建成|建设|实施|开通|投用|投入使用|落地|完工)[，,]\s*(?:还|也)?将"
    r"(?:进一步|有效|极大|大大|大力)?(?:地)?(?:加快|促进|推动|带动|改善|提升|方便|缓解|助力|满足|拉动"
    r"|解决|完善|填补)"
)


# a time to come, as a forecast names it: 10月底, 8月中旬, 2023年, 今年年底, 下半年, 近期
_AHEAD = (
    r"(?:(?:\d{4}年|今年|明年)?(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:份|上旬|中旬|下旬|底|初|中)?"
    r"|(?:\d{4}年|今年|明年)?(?:年底|年内|年初|年中|上半年|下半年|[春夏秋冬]季)|\d{4}年|今年|明年|近期"
    r"|春节前|汛前|汛期前|开学前)"
)
# the forecast of a work's next step or its end (……，预计8月中旬确定施工单位并开工建设;
# 整个工程预计11月份完成; 预计2023年我市老旧管网改造159公里), or the date by which a work is in
# use (到2023年9月某幼儿园投入使用后，……); not an estimate of cost or effect (预计需资金15万元)
FORECAST = re.compile(
    r"(?:^|(?<=[，,]))\s*[^，,。；;]{0,12}?预计(?:将|可|能|会)?(?:于|在|到)?"
    rf"{_AHEAD}前?[^，,。；;]{{0,16}}?"
    r"(?:完成|建成|投入使用|投用|开通|开行|开工|动工|启动|实施|确定|竣工|完工|交付|开放|运营|改造|"
    r"建设|铺设|安装|招标|进场|开始|上线|通车|通水|投产|验收|落地|开业|营业|修复|搬迁)"
    r"|(?:^|(?<=[，,]))\s*到(?:\d{4}年|今年|明年)?(?:\d{1,2}月(?:底|份)?|年底)[，,]?[^，,。；;]{2,40}?"
    r"(?:投入使用|建成|完工|竣工|开通)"
    # the work as the subject, with its date: ……已列入建设计划，项目将于今年内开工建设
    r"|(?:^|(?<=[，,]))\s*(?:该|此|这个|上述)?(?:项目|工程)[^，,。；;]{0,6}?将(?:于|在)?"
    rf"{_AHEAD}(?:内|前)?[^，,。；;]{{0,10}}?"
    r"(?:完成|建成|投入使用|开工|动工|启动|实施|竣工|完工|开通|通车)"
)
# another body named as the one that carries the work out: ……由县商务局负责实施，
_CARRIED_BY = re.compile(
    rf"由([{HAN}]{{2,16}}?)(?:负责|牵头)?(?:组织)?(?:实施|建设|承建|施工|推进|办理)"
)
_DONE_AFTER = re.compile(r"(?<![为除])了(?!解)|已")


def forecast_at(s: str, own: str | None = None, year: int | None = None) -> int | None:
    """Where the forecast of the letter's own work starts in a sentence, or None: a forecast
    whose subject is another body (……由县商务局负责实施，预计……; 承建单位……，预计……), whose
    date has passed, or after which work is told as done, is no promise of the letter's."""
    if not_a_commitment(s) not in (None, "what was done"):
        return None  # another body's plan, a request, thanks
    for m in FORECAST.finditer(s):
        at = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
        end = s.find("。", at)
        rest = s[at : end if end >= 0 else len(s)]
        if _DONE_AFTER.search(rest) or not_a_commitment(rest) not in (None, "too short"):
            continue
        if year and any(int(y) < year for y in re.findall(r"(\d{4})年", m.group(0))):
            continue
        by = [b.group(1) for b in _CARRIED_BY.finditer(s, 0, at)]
        if any(
            b.endswith(("公司", "单位")) or (own is not None and other_body(b, own)) for b in by
        ):
            continue
        if re.search(r"公司|单位|施工方|业主|开发商|运营商", m.group(0).split("预计")[0]):
            continue
        return at
    return None


YEAR_START = re.compile(rf"^(?:{_CONNECTIVE})?(\d{{4}})年")
# (争取 as 'strive to', not as 'obtain': 2020年，我局积极为某项目争取资金50万 reports)
_WILL_NOW = re.compile(r"将|力争|拟|争取(?=在|于|到|今年|明年|年内|年底|早日|尽快|尽早)")


# a sentence opening with the next-steps marker ("下一步，责令某区……", "后续，…", "在下步工作中，…")
# or a step of a plan ("第一步首先对……", "第二步对……")
# 下步将对……: the marker run into its verb
_MARKED = re.compile(
    rf"^(?:在)?{NS_TIME}(?:的)?(?:工作中)?(?:[，,、\s]|(?=(?:{_OWN_VOICE})?(?:还|也)?(?:将|拟)))"
    r"|^第[一二三四五六七八九十]步"
)
# a subject-less promise clause after a report: "……已纳入规划，将根据总体安排适时实施"
_WILL_CLAUSE = re.compile(
    r"[，,]\s*(?:还|也|并|均)?将(?:根据|按照|结合|积极|继续|加快|适时|及时|尽快|督促|协调|争取|"
    r"配合|会同|联合|持续|全力|认真|进一步|把|对|"
    # ……已列入明年危桥改造项目，将予以拆除重建 / ……，补助资金到位后，将组织施工
    r"予以|组织)"
)
# a plan among the year's works listed with ；: "……；计划配备……套；"
PLAN_PIECE = re.compile(r"^(?:今年|明年|年内)?(?:计划|拟)(?![书表内外中的是])")


def is_commitment(simp: str, own: str | None = None, year: int | None = None) -> bool:
    """True for a sentence that promises: the bureau as subject (我局将…), a dated or conditional
    plan (计划7月…, 年内完成, 待资金到位后…), and nothing against it.

    With `own`, the letter's issuer, a promise whose subject is another body (县财政局将…,
    镇政府将… in a county bureau's letter) is that body's, not the letter's. With `year`, the
    letter's year, a plan of an earlier year (2023年我局计划投入… in 2024) is a report."""
    s = simp.strip()
    if not_a_commitment(s):
        return False
    y = YEAR_START.match(s)
    if y and year and int(y.group(1)) < year and not _WILL_NOW.search(s):
        return False
    if budget_reported(s, year):
        return False  # ……，2017年、2018年分别预算30万元、50万元: the budgets made, reported
    # two years or more before the letter's (2015年机构改革，……，将某职责纳入…… in 2018): its 将
    # sets out what was done then, never a plan (a page may go up a year after its letter)
    if y and year and int(y.group(1)) <= year - 2:
        return False
    if _OWN_FIRST.match(s):
        return True  # 此外，下一步我们将……，建议某局将……: the letter's own promise comes first
    m = PROMISE_SUBJECT.match(s)
    if m is None and any(
        b.endswith(("公司", "单位")) or (own is not None and other_body(b, own))
        for b in (c.group(1) for c in _CARRIED_BY.finditer(s))
    ):
        return False  # 某学校由县城投公司负责建设，预计明年开工: another body carries it out
    # 县财政局、文体局将…: a joint promise is the letter's when it is one of the two
    if (
        m
        and own
        and other_body(m.group("subject"), own)
        and not (m.group("also") and own_unit(m.group("also"), own))
    ):
        return False
    planned = any(
        not _past_deadline(s, p.start(), year)
        and not (year and any(int(y) < year for y in re.findall(r"(\d{4})年", p.group(0))))
        for p in PLANNED.finditer(s)
    )
    return bool(m or planned or _MARKED.match(s) or _WILL_CLAUSE.search(s))


def _past_deadline(s: str, at: int, year: int | None) -> bool:
    """True for 年底前 after a year before the letter's (1998年底前交付的楼房): a date in the past."""
    y = re.fullmatch(r"\d{4}", s[max(0, at - 4) : at])
    return bool(year and y and s.startswith("年底前", at) and int(y.group(0)) < year)


def other_body(subject: str, own: str) -> bool:
    """True when a sentence's subject names a body other than the letter's issuer."""
    k = tx.key(subject)
    if k.startswith(("我", "本")):
        return False
    if k.endswith("公司") or k.lstrip("省市区县").startswith(
        ("各", "相关", "有关", "其他", "上级")
    ):
        return True  # 县供电公司将…, 各乡镇将…, 相关部门将…
    mine, theirs = iss.bureau_of(own), iss.bureau_of(k)
    if theirs is None or mine is None:
        return False
    place = iss.split_issuer(k)[0]  # 县交通运输局 in 澄河县交通运输局's letter is itself
    if mine is not theirs:
        # a government's letter speaks for its departments (农业农村局将… in 某县人民政府's)
        # of its own level (县… in a county's, not in a town's)
        own_places = iss.split_issuer(own)[0]
        return not (
            mine.code == "gov"
            and own_places
            and (not place or place[-1][-1:] == own_places[-1][-1:])
        )
    return bool(place) and not tx.key(own).startswith("".join(place))


_BARE_UNITS = frozenset({"大队", "支队", "中队"})


_PARTY_AND_GOV = re.compile(r"[省市区县]委[、,]?[省市区县]?(?:人民)?政府")


def own_unit(subject: str, own: str | None) -> bool:
    """True when a sentence's subject is the issuer itself by another name, or a unit of it
    (交警大队, 公安交管部门 in a 公安局's letter; 农业农村局 in a county government's)."""
    k = tx.key(subject)
    if not own or k.startswith(("我", "本")):
        return False
    mine, theirs = iss.bureau_of(own), iss.bureau_of(k)
    if mine is not None and mine.code == "gov" and _PARTY_AND_GOV.fullmatch(k):
        return True  # 县委、政府 in a county government's letter: the government with its committee
    if other_body(k, own):
        return False
    short = k.lstrip("省市区县")
    if len(short) >= 4 and tx.key(own).endswith(short):
        return True  # 文体广电局 in 桐林县文体广电局's letter: itself, by its short name
    if k == "办事处" and tx.key(own).endswith("办事处"):
        return True  # ……，办事处将尽最大可能……in a street office's letter: itself
    if len(k) >= 3 and tx.key(own).endswith(k + "办公室"):
        return True  # 指挥部 in a 某某指挥部办公室's letter: the body whose office writes
    if mine is None:
        return False
    if k in _BARE_UNITS:  # a police letter's own 大队 named without its kind (……前，大队也将……)
        return mine.code == "police"
    if theirs is None:
        return any(t in k for t in mine.topic) and k.endswith(("队", "所", "部门"))
    return theirs is mine or mine.code == "gov"


# A marker paragraph that enumerates with ；: each clause opens with its own verb.
_CLAUSE_VERB = re.compile(
    r"^(?:进一步|持续|继续|积极|全力|大力|着力|切实|不断|逐步|认真)?"
    r"(?:加快|推进|推动|完善|加强|强化|开展|建立|健全|落实|做好|提升|提高|优化|深化|组织|实施|"
    r"争取|扩大|规范|加大|新建|改造|启动|制定|编制|指导|引导|培育|打造|探索|督促|申报|拓展|"
    r"促进|巩固|增设|扩建|修订|出台|引进|发展|整治|筹措|建成|完成)"
)
_WILL = re.compile(r"(?:将|要|拟)(?:进一步)?")


# a ；-clause counted in order after the first (其次，……; 再次……; 最后，……)
_ORDINAL = re.compile(r"\s*(?:其次|再次|再者|然后|最后)(?![的是])[，,]?")


def ordinal_end(simp: str, at: int) -> int:
    """Where a clause at `at` starts after the ordinal that counts it (其次，), like 二是."""
    m = _ORDINAL.match(simp, at)
    return m.end() if m else at


def clause_starts(simp: str) -> list[int] | None:
    """Where each commitment of a paragraph starts when it enumerates with ；-separated clauses
    each with its own verb (下一步，我局将加快A；推进B；完善C。), or None when it is one action."""
    if "；" not in simp and ";" not in simp:
        return None
    cuts = [m.end() for m in re.finditer(r"[；;]\s*", simp)]
    ends = [m.start() for m in re.finditer(r"[；;]\s*", simp)]
    first = simp[: ends[0]]
    will = list(_WILL.finditer(first))
    pieces = [simp[a:b] for a, b in zip(cuts, [*ends[1:], len(simp)], strict=True)]
    if will and all(_ORDINAL.match(p) and len(p.strip(" 。.")) >= 8 for p in pieces):
        return [0, *cuts]  # 我局将委托……；其次积极争取……；最后……: the measures counted in order
    if not will or not _CLAUSE_VERB.match(first[will[-1].end() :]):
        return None
    if not all(
        _CLAUSE_VERB.match(p)
        and len(p.strip(" 。.")) >= 6
        and not re.search(r"[。！？]", p.rstrip("。 "))
        for p in pieces
    ):
        return None
    return [0, *cuts]
