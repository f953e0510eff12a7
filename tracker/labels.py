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
