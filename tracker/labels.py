"""Words shown to people, in Chinese and English: the language, and the messages a clerk acts on.

Layer 1: no I/O and no tracker imports. The language a command speaks is chosen in the command
line layer (`--lang`, or the environment through `lang_from_env`), then passed down.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar
from enum import StrEnum


class Lang(StrEnum):
    """The language of words shown to people (labels, messages, headings)."""

    ZH = "zh"
    EN = "en"


# The language of notes printed deep inside a command (a cache the repository holds): set by the
# command line layer for the length of one command (app.user_errors), read where the note is made.
NOTE_LANG: ContextVar[str] = ContextVar("note_lang", default=Lang.EN)


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
    # tracker site's summary line
    "site_summary": (
        "站点：{index}（共 {n} 个文件：写入 {written} 个，未变 {unchanged} 个，删除 {removed} 个）",
        "site: {index} ({n} files: {written} written, {unchanged} unchanged, {removed} removed)",
    ),
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
    "left_out_site": (
        "注意：{n} 个文件无法读取，未计入本网站：",
        "Note: {n} file(s) could not be read and are not counted in this site:",
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


# --- the digest's own words (tracker.digest, tracker.site), by language -----------------------

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
# carry the values over). A message without a pattern is shown as it is, in English; a test
# (tests/test_lang_messages.py) runs every bad input and fails on an English sentence left.

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
        r"the letter's next-steps sections? holds? (?P<a>\d+) items; (?P<f>.*) holds (?P<b>\d+) "
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

# every other message and hint validate, import, diff, status and show can give. A field whose
# name starts with "t" is itself a message (translated again), one starting with "w" a word
# of _WORDS_ZH (a kind of value, a place).
MORE_ZH: tuple[tuple[str, str], ...] = (
    # tracker site's warnings
    (r"(?P<p>\S+): letter (?P<s>.+) cannot be read", "{p}：来源答复函 {s} 无法读取"),
    # status --fail-on
    (
        r"(?P<n>\d+) commitments? with a status in --fail-on: (?P<l>.*)",
        "{n} 项承诺的状态属于 --fail-on 所列：{l}",
    ),
    # git's history (tracker.history, tracker.git)
    (
        r"this clone is shallow: the history before (?P<d>\S+) is missing; run (?P<c>`[^`]*`) to "
        r"fetch the whole history",
        "这是浅克隆：{d} 之前的历史缺失；运行 {c} 获取完整历史",
    ),
    (
        r"this clone is shallow: the history is missing; run (?P<c>`[^`]*`) to fetch the whole "
        r"history",
        "这是浅克隆：历史不完整；运行 {c} 获取完整历史",
    ),
    (r"run (?P<c>`[^`]*`) to fetch the whole history", "运行 {c} 获取完整历史"),
    (
        r"git refuses to read the repository: (?P<s>.*) \(it belongs to another user\)",
        "git 拒绝读取该仓库（它属于另一个用户），git 的原话：「{s}」",
    ),
    (
        r"if you trust it, run (?P<c>`[^`]*`), then run the command again",
        "如果信任该仓库，运行 {c}，然后重新运行命令",
    ),
    (r"the repository has no commits yet", "仓库还没有任何提交"),
    (r"commit the tree first", "先提交台账树"),
    (r"no history: git cannot be run here", "没有历史：此处无法运行 git"),
    (r"install git", "安装 git"),
    (r"no history: (?P<p>.+) is not in a git repository", "没有历史：{p} 不在 git 仓库中"),
    (
        r"run (?P<c>`git init`) and commit the tree to keep its history",
        "运行 {c} 并提交台账树，以保留其历史",
    ),
    (r"no history: (?P<p>.+) is inside a bare git repository", "没有历史：{p} 位于裸 git 仓库内"),
    (
        r"no history: (?P<p>.+) is not in the work tree of (?P<t>.+)",
        "没有历史：{p} 不在 {t} 的工作树中",
    ),
    # caches the repository holds (tracker.cache)
    (
        r"(?P<d>\S+)/ holds files tracked by git; they are ignored \(a cache is never read from "
        r"the repository: run (?P<c>`[^`]*`)\)",
        "{d}/ 中有 git 跟踪的文件，已忽略（缓存从不从仓库读取：运行 {c}）",
    ),
    (
        r"(?P<d>\S+) is a symbolic link; caching is off \(remove the link\)",
        "{d} 是符号链接，缓存已关闭（删除该链接）",
    ),
    # the file as a whole
    (r"file starts with a byte-order mark", "文件以字节顺序标记（BOM）开头"),
    (r"line endings are CRLF", "行尾是 CRLF"),
    (r"tracker keeps them, but LF is the convention", "tracker 会保留它们，但惯例是 LF"),
    (
        r"reply id (?P<v>'.*') must be lower-case ASCII letters, digits and dashes",
        "答复函 id {v} 只能由小写 ASCII 字母、数字和连字符组成",
    ),
    (
        r"source letter (?P<v>'.*'): (?P<l>\S+) is a symbolic link to (?P<p>.+), outside the tree; not read",
        "来源答复函 {v}：{l} 是指向台账树之外 {p} 的符号链接，不会被读取",
    ),
    (
        r"(?P<n>\d+) files? under commitments/ not part of the tree, not read:",
        "commitments/ 下有 {n} 个文件不属于台账树，未读取：",
    ),
    (r"… and (?P<n>\d+) more", "……另有 {n} 个"),
    (r"(?P<v>'.*… )\((?P<n>[\d,]+) characters\)", "{v}（共 {n} 个字符）"),
    (r"save it as UTF-8 without BOM", "请另存为不带 BOM 的 UTF-8"),
    (
        r"line endings are CRLF \(tracker keeps them, but LF is the convention\)",
        "行尾是 CRLF（tracker 会保留，但惯例是 LF）",
    ),
    (
        r"file name (?P<n>.+) does not end in \.yaml: the file is not read",
        "文件名 {n} 不以 .yaml 结尾：该文件不会被读取",
    ),
    (r"rename it to (?P<n>.+)", "请改名为 {n}"),
    (r"file is empty", "文件是空的"),
    (r"delete it, or run (?P<c>`.*`) again to recreate it", "删除它，或再运行一次 {c} 重建它"),
    (r"not UTF-8 \(byte (?P<b>0x[0-9a-f]+)\)", "不是 UTF-8 编码（字节 {b}）"),
    (r"save the file as UTF-8", "请把文件存为 UTF-8"),
    (r"file contains NUL bytes: not a YAML text file", "文件含有 NUL 字节：不是 YAML 文本文件"),
    (r"restore it from git", "请从 git 恢复它"),
    (
        r"file is (?P<n>[\d,]+) bytes; the limit is (?P<m>[\d,]+)",
        "文件有 {n} 字节，上限是 {m} 字节",
    ),
    (
        r"a commitment file is a few KB: check what was saved here",
        "承诺文件只有几 KB：请检查这里存了什么",
    ),
    (r"not a regular file", "不是普通文件"),
    (r"replace it with the YAML file it stands for", "请换成它所代表的 YAML 文件"),
    (r"file is not in a reply's folder", "文件不在任何答复函的文件夹里"),
    (r"move it to (?P<p>\S+)", "请把它移到 {p}"),
    (
        r"an import that did not finish left this folder; it is not read",
        "这个文件夹是一次未完成的导入留下的，不会被读取",
    ),
    (
        r"delete it, then import the letter of (?P<i>\S+) again",
        "删除它，然后重新导入 {i} 的答复函",
    ),
    (
        r"a write that did not finish left this file; it is not read",
        "这个文件是一次未完成的写入留下的，不会被读取",
    ),
    (
        r"delete it; the file it was meant to replace is whole",
        "删除它；它本要替换的文件完好无损",
    ),
    # YAML
    (r"YAML syntax error: (?P<t>.*)", "YAML 语法错误：{t}"),
    (r"mapping values are not allowed in this context", "此处不允许出现键值对"),
    (
        r"found unexpected end of stream \(while scanning a quoted scalar started at (?P<w>line \d+)\)",
        "文件意外结束（从{w}开始的带引号的值没有结束）",
    ),
    (
        r"did not find expected node content \(while parsing a flow node\)",
        "缺少应有的值（在方括号或花括号中）",
    ),
    (
        r"did not find expected (?P<a>'.') or (?P<b>'.') \(while parsing a flow (?P<w>sequence|mapping) started at (?P<l>line \d+)\)",
        "缺少 {a} 或 {b}（从{l}开始的{w}中）",
    ),
    (
        r"but found another document \(expected a single document in the stream\)",
        "文件中还有第二个文档（应只有一个）",
    ),
    (
        r"quote a value that contains ': ', or align this line with the keys above it",
        "给含有 ': ' 的值加上引号，或让这一行与上面的键对齐",
    ),
    (r"close the quote where the value ends", "在值结束的地方补上引号"),
    (
        r"close the bracket, or quote a value that contains , \[ \] \{ \}",
        "补上括号，或给含有 , [ ] {{ }} 的值加上引号",
    ),
    (
        r"a file holds one record: remove the second '---' and what follows it",
        "一个文件只存一条记录：删去第二个 '---' 及其后的内容",
    ),
    (r"tab used for indentation", "用了制表符缩进"),
    (r"indent with spaces", "请用空格缩进"),
    (r"anchors and aliases are not allowed", "不允许使用锚点和别名"),
    (
        r"write the values out; anchors and aliases are not accepted",
        "请把值直接写出来；不接受锚点和别名",
    ),
    (r"merge key '<<' is not allowed", "不允许使用合并键 '<<'"),
    (r"write the fields out in this file", "请在本文件中把各字段写出来"),
    (r"tag (?P<v>\S+) is not allowed", "不允许使用标签 {v}"),
    (r"remove the tag; files hold plain values only", "删去该标签；文件中只能写普通的值"),
    (r"duplicate key (?P<v>'.*') \(first at (?P<w>line \d+)\)", "键 {v} 重复（首次出现在{w}）"),
    (r"keep one of them", "只保留其中一个"),
    (r"a key must be plain text", "键必须是普通文本"),
    (r"expected a mapping of fields, found (?P<w>.+)", "应为一组字段，实际是{w}"),
    (
        r"write one field per line \(id: \.\.\., (?P<f>\w+): \.\.\.\), or restore the file from git",
        "每行写一个字段（id: ..., {f}: ...），或从 git 恢复该文件",
    ),
    # fields
    (
        r"unknown (?P<k>status|verdict|section) (?P<tv>.*) \(expected one of: (?P<a>.*)\)",
        "{k} 的值 {tv} 无效（可取：{a}）",
    ),
    (r"known fields: (?P<a>.*)", "可用字段：{a}"),
    (r"copy the item from the letter, as printed", "按答复函原样抄录该项"),
    (r"(?P<v>'\w+') must be text, found a number (?P<n>\S+)", "{v} 必须是文本，实际是数字 {n}"),
    (r"quote it: (?P<e>.+)", "请加上引号：{e}"),
    (r"(?P<v>'\w+') must be text, found (?P<w>.+)", "{v} 必须是文本，实际是{w}"),
    (r"(?P<v>'\w+') must be a list of text, found (?P<w>.+)", "{v} 必须是文本列表，实际是{w}"),
    (r"(?P<v>'\w+') items must be text, found (?P<w>.+)", "{v} 的各项必须是文本，实际是{w}"),
    (r"(?P<v>'\w+') must be a list, found (?P<w>.+)", "{v} 必须是列表，实际是{w}"),
    (
        r"(?P<v>'\w+') must be a number from (?P<a>\S+) to (?P<b>\S+), found (?P<n>.+)",
        "{v} 必须是 {a} 到 {b} 之间的数，实际是 {n}",
    ),
    (
        r"(?P<v>'\w+') must be \[first, last\] line numbers, found (?P<n>.+)",
        "{v} 必须是 [首行, 末行] 行号，实际是 {n}",
    ),
    (
        r"(?P<v>'\w+') must be a date like (?P<d>\S+), found (?P<n>.+)",
        "{v} 必须是形如 {d} 的日期，实际是 {n}",
    ),
    (
        r"(?P<v>'\w+') must be true or false, found (?P<n>.+)",
        "{v} 必须是 true 或 false，实际是 {n}",
    ),
    (r"(?P<v>'\w+') is not a real date: (?P<d>\S+)", "{v} 不是真实存在的日期：{d}"),
    (r"check the day and month", "请检查日和月"),
    (r"e\.g\. (?P<e>.+)", "例如 {e}"),
    (r"write (?P<e>\w+: \[.*\])", "请写 {e}"),
    # ids and references
    (
        r"reply id (?P<v>'.*') must be lower-case ASCII letters, digits and dashes \(e\.g\. (?P<e>\S+)\)",
        "答复函 id {v} 只能由小写 ASCII 字母、数字和连字符组成（例如 {e}）",
    ),
    (
        r"reply (?P<v>'.*') is not a reply id \(lower-case ASCII letters, digits and dashes\)",
        "reply {v} 不是答复函 id（只能由小写 ASCII 字母、数字和连字符组成）",
    ),
    (
        r"set reply: to the name of the folder the file sits in",
        "请把 reply 写成文件所在文件夹的名字",
    ),
    (r"id (?P<i>'.*') does not match its folder (?P<f>'.*')", "id {i} 与所在文件夹 {f} 不符"),
    (
        r"rename the folder to (?P<p>\S+) or set id: (?P<i>\S+)",
        "请把文件夹改名为 {p}，或写 id: {i}",
    ),
    (r"import its letter, or create (?P<p>\S+)", "导入它的答复函，或新建 {p}"),
    (
        r"evidence quotes the commitment's own letter",
        "进展证据引用的是承诺本身所在的答复函",
    ),
    (r"evidence must come from a later letter", "进展证据必须来自后续答复函"),
    (r"source path (?P<v>'.*') must stay inside the tree", "来源路径 {v} 必须在台账树之内"),
    (r"give a path under seeds/", "请给出 seeds/ 下的路径"),
    (r"restore the letter, or import it again", "恢复该答复函，或重新导入"),
    (
        r"resolve the conflict, keep one side, and remove the markers",
        "解决冲突：保留一方，并删去冲突标记",
    ),
    (
        r"(?P<t>.+); fix the file \((?P<c>`.*`) lists its problems\), then run the command again",
        "{t}；修好该文件（{c} 会列出它的问题）后再运行一次",
    ),
    (r"(?P<p>\S+:\d+:\d+): (?P<t>.+); not updated", "{p}：{t}；未更新"),
    # links
    (
        r"symbolic link points outside the tree \((?P<p>.+?)\); not read",
        "符号链接指向台账树之外（{p}），不会被读取",
    ),
    (
        r"symbolic link (?P<l>\S+) points outside the tree \((?P<p>.+?)\); not read",
        "符号链接 {l} 指向台账树之外（{p}），不会被读取",
    ),
    (r"symbolic link points outside the tree \((?P<p>.+?)\)", "符号链接指向台账树之外（{p}）"),
    (r"symbolic link is broken \((?P<t>.*)\)", "符号链接已失效（{t}）"),
    (r"No such file or directory", "没有这个文件或文件夹"),
    (r"symbolic link is a loop", "符号链接形成了循环"),
    (
        r"(?P<v>source letter '.*'|\S+): (?P<l>\S+) is a symbolic link to (?P<p>.+), outside the tree; not read",
        "{v}：{l} 是指向台账树之外 {p} 的符号链接，不会被读取",
    ),
    (
        r"(?P<v>\S+): (?P<l>\S+) is a symbolic link to (?P<p>.+), outside the tree; not written",
        "{v}：{l} 是指向台账树之外 {p} 的符号链接，不会写入",
    ),
    (r"replace the link with the file itself", "请用文件本身替换该链接"),
    (
        r"replace the link with the folder itself, inside (?P<r>.+)",
        "请用文件夹本身替换该链接（放在 {r} 之内）",
    ),
    (
        r"replace the link (?P<l>\S+) with the folder or file itself, inside (?P<r>.+)",
        "请用文件夹或文件本身替换链接 {l}（放在 {r} 之内）",
    ),
    (
        r"replace the link (?P<l>\S+) with the folder or file itself",
        "请用文件夹或文件本身替换链接 {l}",
    ),
    (
        r"move the folder into commitments/ instead of linking it",
        "请把文件夹移进 commitments/，不要用链接",
    ),
    # letters given to import, and the command line
    (r"(?P<p>.+): the file is empty", "{p}：文件是空的"),
    (r"(?P<p>.+): not a folder", "{p}：不是文件夹"),
    (r"(?P<p>.+): no such folder", "{p}：没有这个文件夹"),
    (r"(?P<p>.+): no such file", "{p}：没有这个文件"),
    (r"(?P<p>.+): no such file or folder", "{p}：没有这个文件或文件夹"),
    (r"(?P<p>.+): no commitments/ folder here", "{p}：这里没有 commitments/ 文件夹"),
    (r"no commitments/ folder here or above", "这里和上级文件夹都没有 commitments/"),
    (r"(?P<p>.+): not a file of the tree under (?P<t>.+)", "{p}：不是 {t} 下台账树中的文件"),
    (
        r"(?P<p>.+): already in the tree as (?P<t>\S+), but with (?P<a>\d+) of its (?P<b>\d+) items",
        "{p}：已在台账树中（{t}），但只有其 {b} 项中的 {a} 项",
    ),
    (r"(?P<p>.+): this is (?P<w>an? .+), not a letter's text", "{p}：这是{w}，不是答复函的文本"),
    (
        r"(?P<p>.+): no reply letter found in it \(no salutation such as (?P<a>“.*”), no (?P<b>“.*”) opening, no next-steps section\)",
        "{p}：其中找不到答复函（没有 {a} 之类的称呼，没有 {b} 开头，也没有“下一步工作”部分）",
    ),
    (
        r"(?P<p>.+): cannot be read as (?P<e>\S+) \(byte (?P<b>0x\w+) at line (?P<l>\d+), column (?P<c>\d+)\)",
        "{p}：无法按 {e} 读取（第 {l} 行第 {c} 列的字节 {b}）",
    ),
    (
        r"(?P<p>.+): binary data \(NUL bytes\), not a letter's text",
        "{p}：二进制数据（含 NUL 字节），不是答复函的文本",
    ),
    (
        r"(?P<p>.+): UTF-8 text with bytes that are not UTF-8 \((?P<b>0x\w+) at line (?P<l>\d+), column (?P<c>\d+)\)",
        "{p}：UTF-8 文本中有不属于 UTF-8 的字节（第 {l} 行第 {c} 列的 {b}）",
    ),
    (
        r"(?P<p>.+): (?P<n>[\d,]+) bytes; the limit for a letter is (?P<m>[\d,]+)",
        "{p}：{n} 字节，答复函的上限是 {m} 字节",
    ),
    (r"(?P<p>.+): the page has no text", "{p}：网页里没有文字"),
    (
        r"(?P<p>.+): no next-steps section \((?P<a>.*)\): imported with its facts and no commitments",
        "{p}：没有“下一步工作”部分（{a}）：只导入了答复函的基本信息，没有承诺",
    ),
    (
        r"(?P<p>.+): no closing, signature or date after this line: this copy of the letter may be incomplete",
        "{p}：此行之后没有结束语、署名或日期：这份答复函可能不完整",
    ),
    (r"unknown encoding (?P<v>'.*')", "未知的编码 {v}"),
    (r"no such option: (?P<o>\S+)", "没有这个选项：{o}"),
    (r"missing argument (?P<v>'.*')", "缺少参数 {v}"),
    (r"no letter files found in the folders given", "所给的文件夹中没有答复函文件"),
    (r"(?P<o>--[\w-]+) takes a number of days \(0 or more\)", "{o} 要给天数（0 或更多）"),
    (
        r"--into: a tree at (?P<a>.+) would be nested in the tree (?P<b>.+) \(inside its commitments/\)",
        "--into：{a} 处的台账树会嵌套在台账树 {b} 之内（在它的 commitments/ 里）",
    ),
    (
        r"--against (?P<p>.+): neither a reply id of the tree nor a letter file",
        "--against {p}：既不是台账树中的答复函 id，也不是答复函文件",
    ),
    (
        r"use a Python codec name such as (?P<a>[^,]+), (?P<b>\S+) or (?P<c>\S+)",
        "请用 Python 的编码名，例如 {a}、{b} 或 {c}",
    ),
    (
        r"the letter must be text; copy it out of the image first",
        "答复函必须是文本：请先从图片中把文字抄出来",
    ),
    (
        r"the file is damaged there: repair those bytes, or pass --encoding if it is another encoding",
        "文件在那里已损坏：请修复那些字节；如果是别的编码，请传 --encoding",
    ),
    (r"see (?P<c>`.*`)", "参见 {c}"),
    (r"save the page with its content, or its text", "请保存带正文的网页，或它的文本"),
    (
        r"save the letter as plain text \(\.txt\) or give its web page \(\.html\)",
        "请把答复函存为纯文本（.txt），或给出它的网页（.html）",
    ),
    (r"save the letter as plain text \(\.txt\)", "请把答复函存为纯文本（.txt）"),
    (r"unpack it first", "请先解压"),
    (r"run (?P<c>`.*`) to see them all", "运行 {c} 查看全部"),
    (r"run (?P<c>`.*`) to see every problem", "运行 {c} 查看每个问题"),
    (r"run (?P<c>`.*`) or pass --root", "运行 {c}，或传入 --root"),
    (
        r"run (?P<c>`.*`) to start a tree there, or give the folder that holds commitments/",
        "运行 {c} 在那里新建台账树，或给出包含 commitments/ 的文件夹",
    ),
    (r"letter files end in (?P<a>.+)", "答复函文件以 {a} 结尾"),
    (
        r"leave out --encoding to detect it, or give the right one",
        "去掉 --encoding 让它自动识别，或给出正确的编码",
    ),
    (
        r"give (?P<p>\S+) itself, or a folder outside that tree",
        "请给出 {p} 本身，或那个台账树之外的文件夹",
    ),
    (
        r"give the letter as a \.txt file or its web page as \.html",
        "请以 .txt 文件给出答复函，或以 .html 给出它的网页",
    ),
    (
        r"give paths under commitments/, or --root for another tree",
        "请给出 commitments/ 下的路径；若是别的台账树，请用 --root",
    ),
    (r"give paths under commitments/", "请给出 commitments/ 下的路径"),
    (
        r"give a reply id \((?P<ta>see `.*`)\) or the path of a letter",
        "请给出答复函 id（{ta}）或答复函文件的路径",
    ),
    (r"see (?P<c>`.*`)", "参见 {c}"),
    (
        r"copy the letter's text into a \.txt file, or save its web page as \.html",
        "把答复函的文本复制到 .txt 文件，或把它的网页存为 .html",
    ),
    (r"check the path", "请检查路径"),
    (
        r"check that this is the letter itself; a site's index or search page will not do",
        "请确认这是答复函本身；网站的目录页或搜索页不行",
    ),
    (
        r"a letter or its web page is far smaller: check what was saved there",
        "答复函或它的网页要小得多：请检查那里存了什么",
    ),
    (r"give the folder that holds commitments/", "请给出包含 commitments/ 的文件夹"),
    (r"give the file that holds the letter's text", "请给出包含答复函文本的文件"),
    # what the bad-input cases do not reach: other checks of validate, writes that were refused
    (r"write issuer: null when the letter does not say", "信中没写时，请写 issuer: null"),
    (r"(?P<v>'\w+') must be 64 lower-case hex digits", "{v} 必须是 64 位小写十六进制数字"),
    (r"run (?P<c>`.*`) to record it again", "运行 {c} 重新记录"),
    (r"status 'superseded' without a status_note", "status 为 'superseded'，却没有 status_note"),
    (r"say in status_note what replaced it", "请在 status_note 中写明由什么取代了它"),
    (
        r"an evidence entry cannot be both confirmed and rejected",
        "一条进展证据不能既 confirmed 又 rejected",
    ),
    (
        r"keep confirmed: true if it holds, rejected: true if it does not",
        "成立就保留 confirmed: true，不成立就写 rejected: true",
    ),
    (
        r"unknown reason (?P<v>.*) \(expected one of: (?P<a>.*)\)",
        "弱化原因 {v} 无效（可取：{a}）",
    ),
    (
        r"hidden folder: not part of the tree, its files are not read",
        "隐藏文件夹：不属于台账树，其中的文件不会被读取",
    ),
    (
        r"not a YAML file: not part of the tree, and not read",
        "不是 YAML 文件：不属于台账树，不会被读取",
    ),
    (
        r"(?P<p>.+) changed while it was being written; not written",
        "{p} 在写入过程中被改动；未写入",
    ),
    (
        r"(?P<p>.+): changed (?P<n>\d+) times while it was being updated; not updated",
        "{p}：更新过程中被改动了 {n} 次；未更新",
    ),
    (
        r"save the file and close it in the editor, then run the command again \(it adds only what is still missing\)",
        "保存该文件并在编辑器中关闭，然后再运行一次（它只补上还缺的部分）",
    ),
    (r"(?P<p>.+): cannot update: (?P<t>.+)", "{p}：无法更新：{t}"),
    (
        r"fix the file \((?P<c>`.*`) lists its problems\), then run the command again",
        "修好该文件（{c} 会列出它的问题）后再运行一次",
    ),
    (r"reply id (?P<v>'.*') is not a safe folder name", "答复函 id {v} 不能用作文件夹名"),
    (r"(?P<p>.+) exists: this letter is already in the tree", "{p} 已存在：这件答复函已在台账树中"),
    (r"run the import again with --update to refresh it", "加 --update 再导入一次，以更新它"),
    (r"run the import again with --update", "加 --update 再导入一次"),
    (
        r"(?P<p>.+): no longer an item of the letter; kept \(delete it by hand if so\)",
        "{p}：已不是该答复函中的一项；仍保留（若确实如此，请手动删除）",
    ),
    (
        r"(?P<p>.+) appeared while the letter was being written; not written",
        "写入答复函时出现了 {p}；未写入",
    ),
    (r"(?P<p>.+): (?P<v>'\w+') is not a list; not updated", "{p}：{v} 不是列表；未更新"),
    (
        r"write (?P<e>\w+: \[\]) or a list of (?P<w>entries|\{id, weakened\}), then run the command again",
        "请写 {e}，或由{w}组成的列表，然后再运行一次",
    ),
    (r"commitment file name (?P<v>'.*') is not a number", "承诺文件名 {v} 不是数字"),
    (r"name commitment files 01\.yaml, 02\.yaml, \.\.\.", "承诺文件请命名为 01.yaml、02.yaml……"),
    (
        r"reply (?P<v>'.*') is not the folder it sits in \((?P<f>'.*')\)",
        "reply {v} 与所在文件夹（{f}）不符",
    ),
    (
        r"evidence comes from another issuer \((?P<a>.+) ≠ (?P<b>.+)\)",
        "进展证据来自另一个单位（{a} ≠ {b}）",
    ),
    (
        r"declare a succession in tracker\.yaml if the bureau was renamed",
        "若该单位已更名，请在 tracker.yaml 中写明承继关系",
    ),
    (
        r"evidence letter (?P<a>\S+) \((?P<d>[^)]*)\) is not later than (?P<b>\S+) \((?P<e>[^)]*)\)",
        "进展证据的答复函 {a}（{d}）并不晚于 {b}（{e}）",
    ),
    (r"source (?P<v>'.*') is not under seeds/", "来源 {v} 不在 seeds/ 下"),
    (
        r"keep letters under seeds/ so they are under version control",
        "答复函请放在 seeds/ 下，以便纳入版本管理",
    ),
    (
        r"section lines (?P<a>\d+)-(?P<b>\d+) run past the letter's end \((?P<w>line \d+)\)",
        "部分的行号 {a}-{b} 超出了答复函的末尾（{w}）",
    ),
    (r"run (?P<c>`[^`]*`)", "运行 {c}"),
    # usage errors: the command line's own
    (
        r"(?P<o>--?[\w-]+): (?P<v>'.*') is not one of (?P<a>.+)",
        "{o}：{v} 不是可取的值（可取：{a}）",
    ),
    (r"(?P<o>--?[\w-]+): expected a whole number", "{o}：应为整数"),
    (r"(?P<o>--?[\w-]+): expected a number", "{o}：应为数字"),
    (r"unknown revision (?P<v>'.*')", "未知的版本 {v}"),
    (
        r"give a branch, tag, commit, or a date like (?P<d>\S+)",
        "请给出分支、标签、提交，或形如 {d} 的日期",
    ),
    (r"(?P<o>--[\w-]+) (?P<v>.+): not a date", "{o} {v}：不是日期"),
    (r"write it like (?P<d>\S+)", "请写成 {d} 这样"),
    (r"no such command (?P<v>'.*')", "没有这个命令 {v}"),
    (
        r"no such command (?P<v>'[^']*')\. Did you mean (?P<d>'.*')\?",
        "没有这个命令 {v}。是否要写 {d}？",
    ),
    (r"(?P<v>'.*') is not a real date", "{v} 不是真实存在的日期"),
    (r"got unexpected extra arguments? (?P<v>\(.*\))", "多出了参数 {v}"),
    (r"option (?P<o>'.*') requires an argument", "选项 {o} 需要一个值"),
    (r"aborted", "已中止"),
    (r"interrupted", "已中断"),
)

# the words inside a message: the kinds of value a check names, what a letter file turned out to be
_WORDS_ZH = {
    "a mapping": "一组字段",
    "a list": "列表",
    "true/false": "true/false",
    "a number": "数字",
    "text": "文本",
    "a date": "日期",
    "nothing": "空值",
    "bytes": "二进制数据",
    "sequence": "列表",
    "mapping": "映射",
    "a zip archive (a Word .docx file is one)": "zip 压缩包（Word 的 .docx 文件就是一种）",
    "an old Office document (.doc)": "旧版 Office 文档（.doc）",
    "an RTF document": "RTF 文档",
    "a PNG image": "PNG 图片",
    "a JPEG image": "JPEG 图片",
    "a GIF image": "GIF 图片",
    "a gzip archive": "gzip 压缩包",
    "a PDF file": "PDF 文件",
    "entries": "条目",
    "{id, weakened}": " {id, weakened} ",
}

# lines 行 / a line 第 N 行: the place words inside a translated message
_PLACE_ZH = ((r"^line (\d+)$", "第 {0} 行"), (r"^lines (\d+)-(\d+)$", "第 {0}-{1} 行"))


def problem_zh(text: str) -> str:
    """A problem's message or hint in Chinese where the table knows it; else as it is."""
    import re

    for pattern, template in (*MORE_ZH, *PROBLEMS_ZH):
        m = re.fullmatch(pattern, text)
        if m is None:
            continue
        fields = {k: v or "" for k, v in m.groupdict().items()}
        for k, v in fields.items():
            for place, words in _PLACE_ZH:
                pm = re.fullmatch(place, v)
                if pm:
                    fields[k] = words.format(*pm.groups())
            if k.startswith("t"):
                fields[k] = problem_zh(fields[k])
            elif k.startswith("w"):
                fields[k] = _WORDS_ZH.get(fields[k], fields[k])
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


def said(text: str, lang: str) -> str:
    """A message or hint as shown in `lang`: Chinese where the tables know it, else as written."""
    return problem_zh(text) if lang == Lang.ZH else text
