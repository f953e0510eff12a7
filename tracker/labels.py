"""Words shown to people, in Chinese and English: the language, and the messages a clerk acts on.

Layer 1: no I/O and no tracker imports. The language a command speaks is chosen in the command
line layer (`--lang`, or the environment through `lang_from_env`), then passed down.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum


class Lang(StrEnum):
    """The language of words shown to people (labels, messages, headings)."""

    ZH = "zh"
    EN = "en"


def lang_from_env(env: Mapping[str, str]) -> Lang | None:
    """The language the environment asks for, or None when it names none (unset, C, POSIX).

    LC_ALL, then LC_MESSAGES, then LANG, as the C library reads them: the first one set decides
    (an empty value counts as unset). zh_CN.UTF-8, zh_TW, zh -> Chinese; any other language
    (en_US.UTF-8, fr_FR) -> English; C, C.UTF-8 and POSIX name no language, so each command
    keeps its own default.
    """
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if not value:
            continue
        language = value.split(".", 1)[0].split("@", 1)[0].split("_", 1)[0].lower()
        if language in ("c", "posix"):
            return None
        return Lang.ZH if language == "zh" else Lang.EN
    return None


# --- statuses and verdicts: one vocabulary -------------------------------------------------------
#
# A status is the clerk's judgement of a commitment; a verdict is what `diff` proposes from a later
# letter. Each verdict proposes one status and is shown with that status's Chinese label: one
# meaning, one label (docs/format.md holds the same table).
#
#   status        verdict           中文       English (status / verdict)
#   pending       no-later-letter   待跟进     pending / no later letter
#   in_progress   progress          推进中     in progress
#   done          done              已兑现     done
#   repeated      repeated          重复承诺   repeated
#   dropped       silent            未再提及   dropped / silent
#   superseded    —                 已调整     superseded

STATUS_WORDS: dict[str, tuple[str, str]] = {
    "pending": ("待跟进", "pending"),
    "in_progress": ("推进中", "in progress"),
    "done": ("已兑现", "done"),
    "repeated": ("重复承诺", "repeated"),
    "dropped": ("未再提及", "dropped"),
    "superseded": ("已调整", "superseded"),
}
# verdict -> the status it proposes
VERDICT_STATUS: dict[str, str] = {
    "done": "done",
    "progress": "in_progress",
    "repeated": "repeated",
    "silent": "dropped",
    "no-later-letter": "pending",
}
# A verdict's English word where it is not its status's.
VERDICT_EN: dict[str, str] = {"silent": "silent", "no-later-letter": "no later letter"}


def status_label(value: str, lang: str) -> str:
    """The label of a status value (`in_progress` -> 推进中 / in progress)."""
    zh, en = STATUS_WORDS[value]
    return en if lang == Lang.EN else zh


def verdict_label(value: str, lang: str) -> str:
    """The label of a verdict value: its status's Chinese label; its own English word."""
    if lang == Lang.EN:
        return VERDICT_EN.get(value) or STATUS_WORDS[VERDICT_STATUS[value]][1]
    return STATUS_WORDS[VERDICT_STATUS[value]][0]


def status_aliases() -> dict[str, str]:
    """What people write for a status, lower-cased, -> the value: a label (已兑现, in progress),
    a dashed value (in-progress), or the matching verdict (progress, silent)."""
    out: dict[str, str] = {}
    for value, (zh, en) in STATUS_WORDS.items():
        out.update({zh: value, en: value, value.replace("_", "-"): value})
    for verdict, status in VERDICT_STATUS.items():
        out.setdefault(verdict, status)
        out.setdefault(verdict_label(verdict, Lang.EN), status)
    return out


def verdict_aliases(allowed: tuple[str, ...]) -> dict[str, str]:
    """What people write for one of the `allowed` verdicts, lower-cased, -> the verdict: its
    label (推进中, in progress) or the matching status (in_progress, in-progress)."""
    out: dict[str, str] = {}
    for verdict in allowed:
        status = VERDICT_STATUS[verdict]
        zh, en = STATUS_WORDS[status]
        for word in (zh, en, status, status.replace("_", "-"), verdict_label(verdict, Lang.EN)):
            out.setdefault(word, verdict)
    return out


# Messages a clerk acts on, by key: (Chinese, English). Placeholders are str.format fields.
MESSAGES: dict[str, tuple[str, str]] = {
    # files that could not be read by a command that reads the whole tree
    "left_out_refused": (
        "{n} 个文件无法读取，未输出任何内容：",
        "{n} file(s) could not be read; nothing was written:",
    ),
    "left_out_refused_hint": (
        "先修正这些文件（`tracker validate` 列出全部问题），或加 --keep-going 略过它们并在输出中注明",
        "fix them (`tracker validate` shows every problem), or pass --keep-going to leave them "
        "out with a notice in the output",
    ),
    "left_out_warning": (
        "警告：{n} 个文件无法读取，已略去：",
        "warning: {n} file(s) could not be read and are left out:",
    ),
    "left_out_hint": (
        "提示：运行 `tracker validate` 查看全部问题",
        "hint: run `tracker validate` to see every problem",
    ),
    "left_out_digest": (
        "注意：{n} 个文件无法读取，未计入本简报：",
        "Note: {n} file(s) could not be read and are not counted in this digest:",
    ),
    "left_out_table": (
        "注意：{n} 个文件无法读取，未列入下表：",
        "note: {n} file(s) could not be read and are not in this table:",
    ),
    "left_out_ledger": (
        "{n} 个文件无法读取，未列入本台账：",
        "{n} file(s) could not be read and are not in this ledger:",
    ),
    "notice": ("注意", "Note"),
    "broken_record": (
        "{path} 无法读取，不能显示 '{ident}'：",
        "{path} cannot be read, so '{ident}' cannot be shown:",
    ),
    "broken_record_hint": (
        "修正该文件后再试（`tracker validate {path}` 列出全部问题）",
        "fix the file and try again (`tracker validate {path}` lists every problem)",
    ),
    "validate_summary": (
        "共 {c} 项承诺、{r} 件答复函：{errors} 个错误，{warnings} 个警告",
        "{c} commitments in {r} letters: {errors} errors, {warnings} warnings",
    ),
    # ids (tracker.resolve)
    "id_empty": ("没有给出编号", "no id given"),
    "id_hint": (
        "编号形如 gz-edu-2023-ta5020 或 gz-edu-2023-ta5020/01；`tracker status` 列出全部编号",
        "ids look like gz-edu-2023-ta5020 or gz-edu-2023-ta5020/01; `tracker status` lists them",
    ),
    "id_hint_one": (
        "运行 `tracker status` 查看编号，或用 `tracker status --text 关键词` 搜索",
        "run `tracker status` to see the ids, or `tracker status --text WORDS` to search",
    ),
    "id_unknown": ("没有编号为 '{ident}' 的承诺", "no commitment '{ident}'"),
    "id_unknown_any": (
        "没有以 '{ident}' 开头的答复函或承诺",
        "no reply or commitment id starts with '{ident}'",
    ),
    "did_you_mean": ("是否要找：{ids}？", "did you mean {ids}?"),
    "id_several": ("'{ident}' 对应 {n} 项承诺", "'{ident}' matches {n} commitments"),
    "id_in_all": ("，… （共 {n} 项）", ", … ({n} in all)"),
    "id_more": ("请写出更多的编号", "give more of the id"),
    "id_is_letter": (
        "'{ident}' 是一件答复函，含 {n} 项承诺",
        "'{ident}' is a letter with {n} commitments",
    ),
    "id_give_one": ("请给出其中一项，如 {example}", "give one of them, e.g. {example}"),
    "letter_without_commitments": (
        "答复函 '{ident}' 没有承诺",
        "reply '{ident}' has no commitments",
    ),
    "letter_without_commitments_hint": (
        "这件答复函没有“下一步工作”条目；可用 --against 拿它与其他答复函比对",
        "its letter has no next-steps items; check it against others with --against",
    ),
    "id_copy": (
        "'{ident}' 是 {meant} 的文件副本，不是一项承诺",
        "'{ident}' is a copy of the file of {meant}, not a commitment of its own",
    ),
    "id_copy_hint": (
        "要看原件请用 {meant}；副本 {path} 请删除，或改用下一个编号另存",
        "use {meant} for the original; delete the copy {path}, or save it under the next number",
    ),
    "copy_hint": (
        "{name} 像是 {base} 的副本{same}：不需要就删除它；若是新的一项，请改名为 {free}.yaml 并写 id: {id}",
        "{name} looks like a copy of {base}{same}: delete it if it is not needed; if it is a new "
        "item, rename it to {free}.yaml and set id: {id}",
    ),
    "copy_same_id": ("，且仍写着原件的 id", ", with the original's id"),
}


def message(key: str, lang: str, **fields: object) -> str:
    """The message `key` in `lang`, with its fields filled in."""
    zh, en = MESSAGES[key]
    return (zh if lang == Lang.ZH else en).format(**fields)


# --- the digest's own words (tracker.render, tracker.site), by language -----------------------

DIGEST_WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "答复函承诺落实情况简报",
        "as_of": "截至",
        "commit": "提交",
        "uncommitted": "另有未提交的修改",
        "no_git": "不在 git 仓库中，没有历史记录",
        "shallow": "浅克隆，历史不完整（git fetch --unshallow 可补全）",
        "summary": "共 {letters} 件答复函、{items} 项承诺。",
        "headline": "总体情况",
        "status": "状态",
        "count": "数量",
        "share": "占比",
        "by_issuer": "各承办单位",
        "issuer": "承办单位",
        "total": "合计",
        "progress": "兑现进度",
        "changes": "本期变化",
        "since_last": "自上期简报（提交 {short}，{date}）以来：",
        "since_ref": "自 {ref}（提交 {short}，{date}）以来：",
        "since_commit": "自提交 {short}（{date}）以来：",
        "since_start": "首期简报：以下为全部历史。",
        "no_history": "没有 git 历史，无法列出变化。",
        "no_changes": "本期无变化。",
        "status_change": "状态",
        "new_evidence": "新增进展",
        "added": "新录入",
        "unfollowed": "尚无跟进的承诺（按来文先后）",
        "overdue": "逾期承诺（按期限先后）",
        "due": "期限",
        "adjusted": "目标调整（再次承诺时弱化）",
        "restated_in": "再次承诺",
        "reasons": "弱化之处",
        "scorecard": "各单位成绩单",
        "kept": "已兑现",
        "in_progress": "推进中",
        "promised_again": "重复承诺",
        "silent": "未再提及",
        "overdue_n": "逾期",
        "late": "逾期兑现",
        "median_days": "兑现用时中位数（天）",
        "carried": "多次承诺",
        "commitment": "承诺",
        "letter_date": "来文日期",
        "age": "已历时",
        "days": "{n} 天",
        "text": "内容",
        "none": "无。",
        "letters": "逐件承诺",
        "latest": "最新进展",
        "no_evidence": "暂无进展记录。",
        "history": "历程",
        "history_none": "无历史记录",
        "evidence_count": "进展记录 {n} 条",
        "note": "备注",
        "line": "第 {n} 行",
        "number": "第{n}号",
        "undated": "日期不详",
        "footer": "由 tracker digest 生成",
        "worktree": "工作区，未提交",
        "colon": "：",
        "comma": "，",
        "lp": "（",
        "rp": "）",
        "lq": "“",
        "rq": "”",
        "semi": "；",
        "gap": "",
    },
    "en": {
        "title": "Commitments in reply letters: digest",
        "as_of": "As of",
        "commit": "commit",
        "uncommitted": "plus uncommitted changes",
        "no_git": "not a git repository: no history",
        "shallow": "shallow clone: history is partial (git fetch --unshallow)",
        "summary": "{items} commitments in {letters} letters.",
        "headline": "Overview",
        "status": "Status",
        "count": "Count",
        "share": "Share",
        "by_issuer": "By issuer",
        "issuer": "Issuer",
        "total": "Total",
        "progress": "Delivered",
        "changes": "Changes",
        "since_last": "Since the last digest (commit {short}, {date}):",
        "since_ref": "Since {ref} (commit {short}, {date}):",
        "since_commit": "Since commit {short} ({date}):",
        "since_start": "First digest: the whole history follows.",
        "no_history": "No git history: changes cannot be listed.",
        "no_changes": "No changes.",
        "status_change": "status",
        "new_evidence": "new evidence",
        "added": "added",
        "unfollowed": "Commitments without follow-up (oldest first)",
        "overdue": "Overdue commitments (earliest due first)",
        "due": "Due",
        "adjusted": "Promises adjusted (weaker when made again)",
        "restated_in": "Promised again in",
        "reasons": "Weaker in",
        "scorecard": "Scorecard per bureau",
        "kept": "Kept",
        "in_progress": "In progress",
        "promised_again": "Promised again",
        "silent": "Silent",
        "overdue_n": "Overdue",
        "late": "delivered late",
        "median_days": "Median days to delivery",
        "carried": "Carried over more than once",
        "commitment": "Commitment",
        "letter_date": "Letter date",
        "age": "Age",
        "days": "{n} days",
        "text": "Text",
        "none": "None.",
        "letters": "Every commitment",
        "latest": "Latest evidence",
        "no_evidence": "No evidence yet.",
        "history": "History",
        "history_none": "no history",
        "evidence_count": "{n} evidence entries",
        "note": "Note",
        "line": "line {n}",
        "number": "No. {n}",
        "undated": "undated",
        "footer": "Made by tracker digest",
        "worktree": "working tree, uncommitted",
        "colon": ": ",
        "comma": ", ",
        "lp": " (",
        "rp": ")",
        "lq": "“",
        "rq": "”",
        "semi": "; ",
        "gap": " ",
    },
}

SECTION_WORDS: dict[str, dict[str, str]] = {
    "zh": {"progress": "工作推进情况", "next_steps": "下一步工作安排"},
    "en": {"progress": "progress", "next_steps": "next steps"},
}

WEAKENED_WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "number": "删去数字或目标",
        "deadline": "期限取消或推迟",
        "verb": "措辞弱化",
        "scope": "范围收窄",
    },
    "en": {
        "number": "number or target dropped",
        "deadline": "deadline dropped or later",
        "verb": "softer verb",
        "scope": "narrower scope",
    },
}


# The fields of `tracker show`: (Chinese, English).
SHOW_FIELDS: dict[str, tuple[str, str]] = {
    "letter": ("答复函", "letter"),
    "source": ("来源", "source"),
    "area": ("领域", "area"),
    "text": ("原文", "text"),
    "status": ("状态", "status"),
    "note": ("备注", "note"),
    "owners": ("责任单位", "owners"),
    "due": ("期限", "due"),
    "thread": ("承诺历程", "thread"),
    "tags": ("标签", "tags"),
    "evidence": ("进展证据", "evidence"),
    "history": ("历史", "history"),
}


# --- `tracker diff`'s own words: (Chinese, English, both) -----------------------------------------
# "both" is what diff prints when neither --lang nor the environment names a language: the
# Chinese word a clerk reads, with the English one beside it where a reader may need it.

DIFF_WORDS: dict[str, tuple[str, str, str]] = {
    "more": (" （另有 {n} 条：--json）", " (+{n} more: --json)", " (+{n} more: --json)"),
    "score": ("得分 {score}", "score {score}", "score {score}"),
    "silent_one": (
        "该单位的后续答复函对此只字未提：{shown}",
        "the issuer's later letter says nothing on it: {shown}",
        "the issuer's later letter says nothing on it: {shown}",
    ),
    "silent_many": (
        "该单位的 {n} 件后续答复函对此只字未提：{shown}",
        "{n} later letters of the issuer say nothing on it: {shown}",
        "{n} later letters of the issuer say nothing on it: {shown}",
    ),
    "and_more": ("等，另有 {n} 件", " and {n} more", " and {n} more"),
    "again": ("再次承诺：{id}", "promised again: {id}", "再次承诺 promised again: {id}"),
    "weaker": ("弱化：{reasons}", "weaker: {reasons}", "弱化 weaker: {reasons}"),
    "counts_one": ("共 1 项承诺：", "1 commitment: ", "1 commitment: "),
    "counts": ("共 {n} 项承诺：", "{n} commitments: ", "{n} commitments: "),
    "new": (
        "后续答复函中的新承诺（{n}）：",
        "new in the later letters ({n}):",
        "新承诺 new in the later letters ({n}):",
    ),
    "imported": ("已导入 {id}", "imported {id}", "imported {id}"),
    "recorded": (
        "已在 {n} 个文件中记录建议{moved}",
        "recorded proposals in {n} file{s}{moved}",
        "recorded proposals in {n} file{s}{moved}",
    ),
    "moved": ("，{n} 项状态已更新", ", {n} statuses moved", ", {n} statuses moved"),
    "nothing_new": ("（没有新内容）", " (nothing new)", " (nothing new)"),
    "warning": ("警告：{w}", "warning: {w}", "warning: {w}"),
}


def diff_word(key: str, lang: str | None, **fields: object) -> str:
    """A word of `tracker diff` in zh, en, or both (lang None)."""
    zh, en, both = DIFF_WORDS[key]
    text = zh if lang == Lang.ZH else en if lang == Lang.EN else both
    return text.format(**fields)


# --- problems in Chinese ---------------------------------------------------------------------------
# `tracker validate --lang zh` (or a zh_* locale) shows the problems a clerk meets most in Chinese:
# each English message or hint matching a pattern is told by its Chinese template (named groups
# carry the values over). A message without a pattern is shown as it is, in English.

PROBLEMS_ZH: tuple[tuple[str, str], ...] = (
    # messages
    (
        r"unknown (?P<k>status|verdict|section) (?P<v>'.*') \(expected one of: (?P<a>.*)\)",
        "{k} 的值 {v} 无效（可取：{a}）",
    ),
    (r"unknown field (?P<v>'.*')", "未知字段 {v}"),
    (r"missing required field (?P<v>'.*')", "缺少必填字段 {v}"),
    (r"(?P<v>'.*') must not be empty", "{v} 不能为空"),
    (r"YAML syntax error: (?P<d>.*)", "YAML 语法错误：{d}"),
    (r"merge-conflict marker", "合并冲突标记"),
    (
        r"id (?P<i>'.*') does not match its path \(expected (?P<e>'.*')\)",
        "id {i} 与文件路径不符（应为 {e}）",
    ),
    (
        r"duplicate (?P<k>reply|commitment) id (?P<i>'.*') \(also in (?P<p>.*)\)",
        "id {i} 重复（{p} 中也有）",
    ),
    (r"reply (?P<r>'.*') does not exist", "答复函 {r} 不存在"),
    (
        r"evidence points at reply (?P<r>'.*'), which does not exist",
        "进展证据引用的答复函 {r} 不存在",
    ),
    (r"text does not occur in its letter (?P<p>.*)", "原文在答复函 {p} 中找不到"),
    (
        r"quote does not occur in letter (?P<p>[^;,]*), and no passage of it is close",
        "引文在答复函 {p} 中找不到，也没有相近的段落",
    ),
    (
        r"quote does not occur in letter (?P<p>[^;]*); the closest passage is on (?P<w>line \d+|lines \d+-\d+): (?P<q>「.*」); the quote differs at its character (?P<n>\d+): (?P<a>'.'|its end) where the letter has (?P<b>'.'|the passage's end)",
        "引文在答复函 {p} 中找不到；最接近的段落在{w}：{q}；引文第 {n} 个字 {a} 与原文 {b} 不同",
    ),
    (r"quote does not occur in letter (?P<p>.*)", "引文在答复函 {p} 中找不到"),
    (
        r"evidence line (?P<l>\d+) does not hold the quote: it is on (?P<w>line \d+|lines \d+-\d+) of (?P<p>.*)",
        "进展证据的行号 {l} 不是引文所在行：引文在 {p} 的{w}",
    ),
    (r"the letter (?P<p>.*) changed since import", "答复函 {p} 在导入后被改动过"),
    (r"source letter (?P<p>'.*') is missing", "来源答复函 {p} 不见了"),
    (
        r"the letter's next-steps section holds (?P<a>\d+) items; (?P<f>.*) holds (?P<b>\d+) "
        r"\(an import that did not finish\?\)",
        "答复函的“下一步工作”部分有 {a} 项，{f} 只有 {b} 项（导入没有完成？）",
    ),
    # hints
    (r"run (?P<c>`.*`) to write the missing ones", "运行 {c} 写入缺少的各项"),
    (r"did you mean (?P<v>.*)\?", "是否要写：{v}？"),
    (r"write (?P<k>status|verdict): (?P<v>.*)", "请写 {k}: {v}"),
    (r"set (?P<k>id|reply|line): (?P<v>.*)", "请改为 {k}: {v}"),
    (r"give each file its own id", "每个文件要有自己的 id"),
    (
        r"quote the later letter verbatim: copy the passage as printed",
        "照抄后续答复函原文：按原样复制那一段",
    ),
    (
        r"quote the later letter verbatim, from the letter the entry names",
        "照抄该条目所指答复函的原文",
    ),
    (r"quote the later letter verbatim", "照抄后续答复函原文"),
    (
        r"restore the text as printed; put remarks in status_note",
        "恢复原文；备注请写在 status_note",
    ),
    (r"import that letter or remove the entry", "导入那件答复函，或删去该条目"),
    (
        r"(?P<n>.*) looks like a copy of (?P<b>[^,:]*)(?P<s>, with the original's id)?: delete it if it is not needed; if it is a new item, rename it to (?P<f>.*) and set id: (?P<i>.*)",
        "{n} 像是 {b} 的副本：不需要就删除它；若是新的一项，请改名为 {f} 并写 id: {i}",
    ),
    (r"review the change, then run (?P<c>`.*`)", "核对改动后运行 {c}"),
)

# lines 行 / a line 第 N 行: the place words inside a translated message
_PLACE_ZH = ((r"^line (\d+)$", "第 {0} 行"), (r"^lines (\d+)-(\d+)$", "第 {0}-{1} 行"))


def problem_zh(text: str) -> str:
    """A problem's message or hint in Chinese where the table knows it; else as it is."""
    import re

    for pattern, template in PROBLEMS_ZH:
        m = re.fullmatch(pattern, text)
        if m is None:
            continue
        fields = {k: v or "" for k, v in m.groupdict().items()}
        for k, v in fields.items():
            for place, words in _PLACE_ZH:
                pm = re.fullmatch(place, v)
                if pm:
                    fields[k] = words.format(*pm.groups())
        return template.format(**fields)
    return text


# --- `tracker import` and `tracker init`: their own words, (Chinese, English) --------------------

IMPORT_WORDS: dict[str, tuple[str, str]] = {
    "created": ("已新建", "created"),
    "updated": ("已更新", "updated"),
    "unchanged": ("未变", "unchanged"),
    "would create": ("将新建", "would create"),
    "would update": ("将更新", "would update"),
    "failed": ("失败", "failed"),
    "header": (
        "{file} → commitments/{id}/  {state}，{n} 项承诺",
        "{file} → commitments/{id}/  {state}, {n} commitment{s}",
    ),
    "summary": (
        "共 {n} 件答复函：{parts}；{items} 项承诺",
        "{n} letter{s}: {parts}; {items} commitments",
    ),
    "part": ("{state} {n}", "{n} {state}"),
    "parts_sep": ("，", ", "),
    "fact": ("项目", "fact"),
    "value": ("内容", "value"),
    "how": ("来由", "how"),
    "read": ("读自信中", "read"),
    "not_in_letter": ("信中没有", "not in the letter"),
    "inferred": ("推断：{why}", "inferred: {why}"),
    "no_heading": ("（无标题）", "(no heading)"),
    "lines": ("第 {a}–{b} 行", "lines {a}–{b}"),
    "number": ("序号", "#"),
    "area": ("领域", "area"),
    "commitment": ("承诺", "commitment"),
    "line_col": ("行", "lines"),
    "file": ("文件", "file"),
    "reply": ("答复函", "reply"),
    "state": ("结果", "state"),
    "items": ("承诺数", "items"),
    "inferred_col": ("推断字段", "inferred"),
    "warnings": ("警告", "warnings"),
    "warning": ("警告：{w}", "warning: {w}"),
    "reading": ("正在读取答复函", "reading letters"),
    "new_tree": ("新的台账树，位于 {root}：", "new tree in {root}:"),
    "git_init": ("（git init：新建了一个仓库）", "(git init: a new repository)"),
    "next_steps": ("下一步，直到第一份简报：", "next steps, to a first digest:"),
}


def import_word(key: str, lang: str, **fields: object) -> str:
    """A word of `tracker import` or `tracker init` in `lang`."""
    zh, en = IMPORT_WORDS[key]
    return (zh if lang == Lang.ZH else en).format(**fields)
