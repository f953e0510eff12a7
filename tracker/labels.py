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
}


def message(key: str, lang: str, **fields: object) -> str:
    """The message `key` in `lang`, with its fields filled in."""
    zh, en = MESSAGES[key]
    return (zh if lang == Lang.ZH else en).format(**fields)
