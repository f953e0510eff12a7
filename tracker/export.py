"""The ledger (台账): one row per commitment, as an Excel workbook or CSV.

The rows come from the digest's data (tracker.digest.build_digest), so the ledger and the digest
never disagree. openpyxl is imported only when a workbook is written.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from typing import TYPE_CHECKING

from tracker.labels import message
from tracker.text import inert_cell, printable

if TYPE_CHECKING:
    from tracker.digest import Digest
    from tracker.store import Tree

HEADERS = ("序号", "来文", "承办单位", "承诺内容", "状态", "最新进展", "证据出处", "更新时间")
HEADERS_EN = (
    "No.",
    "Letter",
    "Handled by",
    "Commitment",
    "Status",
    "Latest evidence",
    "Source",
    "Updated",
)
# The ledger's own words besides the headers (the letters' words are never translated).
WORDS = {
    "zh": {"number": "第{n}号", "co": "会办：", "owners": "责任单位：", "notice": "注意"},
    "en": {"number": "No. {n}", "co": "with: ", "owners": "owners: ", "notice": "Note"},
}
# Column widths in Excel's units (about one Latin character; a Chinese character takes two).
WIDTHS = (6, 36, 18, 60, 12, 60, 30, 12)
SHEET_TITLE = "台账"


class ExportFormat(StrEnum):
    """Output formats of `tracker export`."""

    XLSX = "xlsx"
    CSV = "csv"


@dataclass(frozen=True)
class LedgerRow:
    """One commitment as the ledger shows it."""

    number: int
    letter: str
    handlers: str
    content: str
    status: str
    progress: str
    source: str
    updated: str

    def cells(self) -> tuple[int | str, ...]:
        """The row's values in column order."""
        return (
            self.number,
            self.letter,
            self.handlers,
            self.content,
            self.status,
            self.progress,
            self.source,
            self.updated,
        )


def headers(lang: str = "zh") -> tuple[str, ...]:
    """The column headers in the language asked for."""
    return HEADERS_EN if lang == "en" else HEADERS


def ledger_rows(digest: Digest, tree: Tree) -> list[LedgerRow]:
    """The ledger's rows, in the digest's order (letters oldest first, items by number)."""
    w = WORDS["en" if digest.lang == "en" else "zh"]
    rows: list[LedgerRow] = []
    for letter in digest.letters:
        reply = tree.replies.get(letter.id)
        head = letter.title
        bits = [
            b
            for b in (
                w["number"].format(n=letter.number) if letter.number else None,
                letter.addressees,
            )
            if b
        ]
        if bits:
            head += f"（{'，'.join(bits)}）"
        tail = " ".join(
            b for b in (letter.doc_number, letter.date.isoformat() if letter.date else None) if b
        )
        letter_cell = f"{head}\n{tail}" if tail else head
        handlers = letter.issuer
        if letter.co_handlers:
            handlers += f"\n{w['co']}{'、'.join(letter.co_handlers)}"
        for item in letter.items:
            c = tree.commitments.get(item.id)
            owners = f"{w['owners']}{'、'.join(c.owners)}" if c is not None and c.owners else ""
            content = f"【{item.area}】{item.text}" if item.area else item.text
            status = item.status_label + (f"\n{item.status_note}" if item.status_note else "")
            progress = source = ""
            if item.latest:
                progress = f"{item.latest.quote}（{item.latest.verdict_label}）"
                source = item.latest.source
            updated = (
                item.updated
                or (item.latest.date if item.latest else None)
                or (reply.date if reply else None)
            )
            rows.append(
                LedgerRow(
                    number=len(rows) + 1,
                    letter=letter_cell,
                    handlers=handlers + (f"\n{owners}" if owners else ""),
                    content=content,
                    status=status,
                    progress=progress,
                    source=source,
                    updated=updated.isoformat() if updated else "",
                )
            )
    return rows


def notice_cells(left_out: list[str], lang: str = "zh") -> tuple[str, str]:
    """The last row of a ledger that leaves files out (--keep-going): a word, then what and which."""

    text = message("left_out_ledger", lang, n=len(left_out))
    return WORDS["en" if lang == "en" else "zh"]["notice"], "\n".join([text, *left_out])


def to_csv(rows: list[LedgerRow], lang: str = "zh", left_out: list[str] | None = None) -> str:
    """The ledger as CSV text (header first; cells may hold line breaks, quoted as CSV does).

    Files left out (--keep-going) are named in a last row, where a reader of the sheet sees it.
    """
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(headers(lang))
    for r in rows:
        w.writerow([inert_cell(v) for v in r.cells()])
    if left_out:
        w.writerow([inert_cell(v) for v in notice_cells(left_out, lang)])
    return buf.getvalue()


def to_xlsx(
    rows: list[LedgerRow],
    as_of: date | None = None,
    lang: str = "zh",
    left_out: list[str] | None = None,
) -> bytes:
    """The ledger as an Excel workbook: widths set, text wrapped, header row frozen."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    ws.append(list(headers(lang)))
    for r in rows:
        # printable text only: a control character would make openpyxl refuse the workbook
        ws.append([printable(v) if isinstance(v, str) else v for v in r.cells()])
        for cell in ws[ws.max_row]:
            if cell.data_type == "f":  # text that starts with `=` is stored as text, not run
                cell.data_type = "s"
    thin = Side(style="thin", color="BFBFBF")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    for col, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    for row in ws.iter_rows():
        for cell in row:
            cell.alignment = Alignment(
                wrap_text=True,
                vertical="top",
                horizontal="center" if cell.column in (1, 5, 8) else "left",
            )
            cell.border = border
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = head_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    if left_out:  # after the rows, outside the filter's range, in red
        ws.append([printable(v) for v in notice_cells(left_out, lang)])
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True, color="CF222E")
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{len(rows) + 1}"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if as_of is not None:  # the date the ledger describes (openpyxl stamps "modified" itself)
        wb.properties.created = datetime.combine(as_of, time())
    wb.properties.creator = "tracker"
    wb.properties.title = SHEET_TITLE
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def export(
    rows: list[LedgerRow],
    fmt: ExportFormat,
    as_of: date | None = None,
    lang: str = "zh",
    left_out: list[str] | None = None,
) -> bytes:
    """The ledger's bytes in the given format (CSV in UTF-8 with a BOM, so Excel reads Chinese)."""
    if fmt == ExportFormat.XLSX:
        return to_xlsx(rows, as_of, lang, left_out)
    return to_csv(rows, lang, left_out).encode("utf-8-sig")
