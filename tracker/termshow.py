"""One commitment in full, and the history of changes, laid out for the terminal (`tracker show`,
`tracker log`). Layer 5: the commands call these with a console and the records.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tracker import report
from tracker import text as tx
from tracker.labels import SHOW_FIELDS, WEAKENED_WORDS, Lang
from tracker.termtable import STATUS_STYLE, cell_width, clean, hang, print_wrapped

if TYPE_CHECKING:
    from rich.console import Console

    from tracker.history import Change
    from tracker.model import Commitment, Reply
    from tracker.store import Tree


def _label(name: str, lang: Lang) -> str:
    zh, en = SHOW_FIELDS[name]
    return en if lang == Lang.EN else zh


def _letter_lines(r: Reply | None, reply_id: str) -> list[str]:
    if r is None:
        return [f"{reply_id} (reply.yaml missing)"]
    head = " · ".join(
        x
        for x in (
            r.id,
            r.effective_issuer or "?",
            r.doc_number,
            r.date.isoformat() if r.date else None,
        )
        if x
    )
    lines = [head]
    if r.title:
        lines.append(r.title)
    who = " · ".join(
        x
        for x in (
            " ".join(x for x in (r.session, f"第{r.number}号" if r.number else None, r.kind) if x),
            " ".join(x for x in (r.role, "、".join(r.addressees)) if x),
        )
        if x
    )
    if who:
        lines.append(who)
    if r.issuer_as_printed:
        lines.append(f"issuer as printed: {r.issuer_as_printed}")
    return lines


def _thread(tree: Tree, c: Commitment, r: Reply | None, lang: Lang) -> list[str]:
    """The commitment's history over the letters: promised, then each later letter that promises
    it again (its own restated_in entries, or next-steps evidence not rejected), weaker or not."""
    zh = lang == Lang.ZH
    again: dict[str, tuple[str, ...]] = {}
    for e in c.evidence:
        if not e.rejected and e.verdict.value == "repeated" and e.section.value == "next_steps":
            again.setdefault(e.reply, ())
    for x in c.restated_in:
        again[x.id.split("/", 1)[0]] = x.weakened
    if not again:
        return []

    def when(rid: str) -> str:
        other = tree.replies.get(rid)
        return other.date.isoformat() if other and other.date else "?"

    lines = [f"{when(c.reply)} {c.reply} " + ("承诺" if zh else "promised")]
    for rid in sorted(again, key=lambda k: (when(k), k)):
        words = WEAKENED_WORDS[lang]
        reasons = "、".join(words[w] for w in again[rid] if w in words)
        line = f"{when(rid)} {rid} " + ("再次承诺" if zh else "promised again")
        if reasons:
            line += f"（{'弱化' if zh else 'weaker'}：{reasons}）"
        lines.append(line)
    return lines


def show_commitment(
    con: Console,
    tree: Tree,
    c: Commitment,
    changes: list[Change] | None,
    no_history: str | None,
    lang: Lang,
) -> None:
    """Print one commitment in full: letter, text, status, evidence, history."""
    from rich.text import Text

    r = tree.replies.get(c.reply)
    indent = max(tx.display_width(_label(n, lang)) for n in SHOW_FIELDS) + 2

    def add(name: str, value: str | Text) -> None:
        body = value if isinstance(value, Text) else Text(value)
        hang(con, Text(_label(name, lang) if name else "", style="bold"), body, indent)

    status_text = Text(c.status.label(lang), style=STATUS_STYLE[c.status])
    if lang == Lang.ZH:
        status_text.append(f" ({c.status.value})")
    con.print(Text.assemble((c.id, "bold"), "  ", status_text))
    add("letter", "\n".join(clean(x) for x in _letter_lines(r, c.reply)))
    if r is not None and r.source.path:
        place = r.source.path + (f":{c.lines[0]}" if c.lines else "")
        if c.lines and c.lines[1] != c.lines[0]:
            place += f"-{c.lines[1]}"
        add("source", place)
    if c.area:
        add("area", c.area)
    add("text", c.text)
    add("status", status_text)
    if c.status_note:
        add("note", c.status_note)
    if c.owners:
        add("owners", "、".join(c.owners))
    if c.due:
        add("due", c.due.isoformat() + (f"（{c.due_text}）" if c.due_text else ""))
    thread = _thread(tree, c, r, lang)
    if thread:
        add("thread", "\n".join(thread))
    if c.tags:
        add("tags", ", ".join(c.tags))
    if not c.evidence:
        add("evidence", "—")
    for i, e in enumerate(c.evidence, 1):
        later = tree.replies.get(e.reply)
        when = later.date.isoformat() if later and later.date else "?"
        head = Text(f"{i}. {when} {e.reply} · ")
        head.append(e.verdict.label(lang), style=STATUS_STYLE[e.verdict.status])
        review = "rejected" if e.rejected else "confirmed" if e.confirmed else "not confirmed"
        head.append(f" · {review} · score {e.score:.2f}")
        where = f"{later.source.path if later else e.reply}"
        if e.line:
            where += f":{e.line}"
        section = later.section(e.section) if later else None
        heading = f"，{section.heading}" if section and section.heading else ""
        where += f" ({e.section.value}{heading})"
        add("evidence" if i == 1 else "", Text.assemble(head, "\n", where, "\n", f"「{e.quote}」"))
    con.print(Text(_label("history", lang), style="bold"))
    if no_history:
        hang(con, Text(), Text(no_history), 2)
    elif not changes:
        hang(con, Text(), Text("—"), 2)
    else:
        for ch in changes:
            lead = Text("  " + ch.date.date().isoformat() + " ")
            lead.append(ch.short if not ch.uncommitted else "working tree", style="yellow")
            lead.append(f" {clean(ch.author) or '—'}  ")
            hang(con, lead, Text(clean(report.describe_change(ch, lang))), cell_width(lead.plain))


def _change_line(con: Console, ch: Change, lang: Lang) -> None:
    from rich.text import Text

    lead = Text("  ")
    lead.append(ch.record, style="bold")
    lead.append("  ")
    hang(con, lead, Text(clean(report.describe_change(ch, lang))), tx.display_width(lead.plain))


def print_log(con: Console, changes: list[Change], lang: Lang) -> None:
    """Changes grouped by commit, newest first."""
    from rich.text import Text

    current = None
    for ch in changes:
        if ch.commit != current:
            current = ch.commit
            head = Text()
            if ch.uncommitted:
                head.append("working tree", style="yellow")
                head.append("  (uncommitted)")
            else:
                head.append(ch.short, style="yellow")
                head.append(f"  {ch.date.strftime('%Y-%m-%d %H:%M')}  ")
                head.append(clean(ch.author), style="bold")
                head.append(f"  {clean(ch.message)}")
            print_wrapped(con, head)
        _change_line(con, ch, lang)
