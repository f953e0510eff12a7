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
