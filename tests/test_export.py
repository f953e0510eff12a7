"""`tracker export`: the ledger (台账) as xlsx, read back with openpyxl, and as CSV."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook
from test_digest import history_repo, runner

from tracker import export as ledger
from tracker.cli import app


def test_xlsx_reads_back(tmp_path):
    root = tmp_path / "clerks"
    history_repo(root)
    out = tmp_path / "台账.xlsx"
    r = runner.invoke(app, ["export", "--root", str(root), "--format", "xlsx", "-o", str(out)])
    assert r.exit_code == 0, r.output
    wb = load_workbook(out)
    assert wb.sheetnames == ["台账"]
    ws = wb["台账"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == (
        "序号",
        "来文",
        "承办单位",
        "承诺内容",
        "状态",
        "最新进展",
        "证据出处",
        "更新时间",
    )
    assert len(rows) == 1 + 9
    assert [row[0] for row in rows[1:]] == list(range(1, 10))

    # letters oldest first: the 2023 Guangzhou letter, then Lizhou 2024, then Guangzhou 2025
    first = rows[1]
    assert first[1] == (
        "关于建设学校社工站 构建校家社协同育人机制(修改)的提案（第5020号，郭东文委员）\n"
        "穗教案〔2023〕208号 2023-08-31"
    )
    assert first[2] == "广州市教育局\n会办：市民政局"
    assert first[3].startswith("【推进校家社协同育人】贯彻落实教育部等13部门")
    assert first[4] == "推进中"
    assert first[5].startswith("市教育局推进落实教育部等印发的") and first[5].endswith("（推进中）")
    assert first[6] == "穗教案〔2025〕383号，2025-12-02，工作推进情况，第 7 行"
    assert first[7] == "2025-12-15"  # the commit that recorded the follow-up

    repeated = rows[4]
    assert repeated[4] == "重复承诺\n2025年答复再次承诺，未报告进展"
    pending = rows[5]
    assert pending[1].startswith("关于加强关注青少年心理健康的建议（第56号，杨梅代表）")
    assert (pending[4], pending[5], pending[6], pending[7]) == ("待跟进", None, None, "2025-09-01")

    # layout: frozen header, widths, wrapped text
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["D"].width == 60
    assert ws.column_dimensions["A"].width == 6
    assert ws["D2"].alignment.wrap_text and ws["B5"].alignment.wrap_text
    assert ws["A1"].font.b
    assert ws.auto_filter.ref == "A1:H10"
    assert wb.properties.created.date().isoformat() == "2026-01-05"


def test_csv_to_stdout(tmp_path):
    root = tmp_path / "clerks"
    history_repo(root)
    r = runner.invoke(app, ["export", "--root", str(root), "--format", "csv"])
    assert r.exit_code == 0, r.output
    assert r.stdout_bytes.startswith(b"\xef\xbb\xbf")  # so Excel opens the Chinese text right
    rows = list(csv.reader(io.StringIO(r.stdout_bytes.decode("utf-8-sig"))))
    assert rows[0] == list(ledger.HEADERS)
    assert len(rows) == 10
    assert [row[3][:4] for row in rows[1:]] == [
        "【推进校",
        "【用好社",
        "【强化专",
        "【强化专",
        "持续推进",
        "积极督促",
        "推进区青",
        "【加强心",
        "【强化心",
    ]
    assert [row[1].splitlines()[-1] for row in rows[1:]] == (
        ["穗教案〔2023〕208号 2023-08-31"] * 4
        + ["2024-07-24"] * 3
        + ["穗教案〔2025〕383号 2025-12-02"] * 2
    )


def test_xlsx_needs_a_file(tmp_path):
    root = tmp_path / "clerks"
    history_repo(root, steps=1)
    r = runner.invoke(app, ["export", "--root", str(root), "--format", "xlsx"])
    assert r.exit_code == 2
    assert "give a file to write" in r.output and "-o ledger.xlsx" in r.output


def test_export_without_git(tmp_path):
    import shutil

    root = tmp_path / "clerks"
    history_repo(root, steps=3)
    shutil.rmtree(root / ".git")
    out = tmp_path / "l.csv"
    r = runner.invoke(app, ["export", "--root", str(root), "--format", "csv", "-o", str(out)])
    assert r.exit_code == 0, r.output
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    # no history: the update date is the latest evidence's letter, else the commitment's own letter
    assert rows[1][7] == "2025-12-02"
    assert rows[2][7] == "2023-08-31"


def test_every_format_is_handled(tmp_path):
    root = tmp_path / "clerks"
    history_repo(root, steps=1)
    for fmt in ledger.ExportFormat:
        out = tmp_path / f"l.{fmt.value}"
        r = runner.invoke(
            app, ["export", "--root", str(root), "--format", fmt.value, "-o", str(out)]
        )
        assert r.exit_code == 0, r.output
        assert out.stat().st_size > 100


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    """A status note a clerk starts with `=` (or a letter that does) is never run by Excel."""
    import re

    root = tmp_path / "clerks"
    history_repo(root, steps=1)
    p = root / "commitments" / "gz-edu-2023-ta5020" / "01.yaml"
    formula = '=HYPERLINK("http://example.org","点此")'
    text = re.sub(r"(?m)^text: .*$", "text: '" + formula + "'", p.read_text("utf-8"))
    p.write_text(re.sub(r"(?m)^area: .*$", "area: null", text), encoding="utf-8")
    out = tmp_path / "l.xlsx"
    r = runner.invoke(app, ["export", "--root", str(root), "--format", "xlsx", "-o", str(out)])
    assert r.exit_code == 0, r.output
    ws = load_workbook(out)["台账"]
    cell = next(c for c in ws["D"] if isinstance(c.value, str) and "HYPERLINK" in c.value)
    assert cell.data_type == "s" and cell.value == formula
    r = runner.invoke(app, ["export", "--root", str(root), "--format", "csv"])
    assert r.exit_code == 0, r.output
    cells = [c for row in csv.reader(io.StringIO(r.stdout)) for c in row if "HYPERLINK" in c]
    assert cells and all(not c.startswith("=") for c in cells)
