"""The status row (tracker.rows): one builder, typed summaries, and the bulk check of the cache."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest
from conftest import Shape, make_tree

from tracker import rows, store, summary
from tracker.cache import Mismatch
from tracker.model import Status

PKG = Path(__file__).resolve().parent.parent / "tracker"
TODAY = date(2026, 1, 15)


def _tracker_imports(name: str) -> set[str]:
    """The tracker modules a module imports, lazy imports included."""
    tree = ast.parse((PKG / f"{name}.py").read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("tracker"):
            if node.module == "tracker":
                out |= {a.name for a in node.names}
            else:
                out.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            out |= {a.name.split(".")[1] for a in node.names if a.name.startswith("tracker.")}
    return out


def test_rows_sit_below_the_cache_and_the_report():
    """rows needs only the records; the status cache and the report use it, not each other."""
    assert _tracker_imports("rows") <= {"model"}
    assert "report" not in _tracker_imports("summary")
    assert "summary" not in _tracker_imports("report")


def test_a_row_is_built_in_one_piece_and_compares_with_the_reference(tmp_path):
    make_tree(tmp_path, shape=Shape.SMALL)
    tree = store.load_tree(tmp_path, cache=False)
    built = rows.build_rows(rows.of_records(tree.commitments.values(), tree.replies), TODAY)
    assert built == [rows.build_row(c, tree.replies, TODAY) for c in tree.commitments.values()]
    assert [r._fields for r in built[:1]] == [rows.ROW_FIELDS]
    first = built[0]
    assert first.status in Status and first.path.startswith("commitments/")
    with pytest.raises(AttributeError):  # rows are values: never changed in place
        first.status = Status.DONE  # type: ignore[misc]


def _values(root: Path) -> list:
    tree = store.load_tree(root, cache=False)
    out = []
    for c in tree.commitments.values():
        out.append(summary.summarize(c, [], c.path))
    for r in tree.replies.values():
        out.append(summary.summarize(r, [], r.path))
    out.append((None, (("commitments/x/03.yaml", "commitments/x/03.yaml: error: bad"),)))
    return [(tuple(rec) if rec is not None else None, errs) for rec, errs in out]


def _one_wrong(values: list, i: int, field: int, bad: object) -> list:
    out = list(values)
    rec, errs = out[i]
    out[i] = (rec[:field] + (bad,) + rec[field + 1 :], errs)
    return out


WRONG = [
    (1, 1),  # an id that is not text
    (3, 7),  # an area that is neither text nor None
    (5, "donee"),  # a status no Status has
    (7, ("a", 1)),  # a tag that is not text
    (7, ["a"]),  # tags that are not a tuple
    (9, 0),  # a due day before the first
    (9, True),  # a flag where a day belongs
    (10, (("r", "bogus", False),)),  # a verdict no Verdict has
    (10, (("r", "done", 1),)),  # confirmed that is not a flag
    (10, (("r", "done"),)),  # an evidence entry of the wrong length
    (0, 1),  # a commitment with a reply's kind
    (0, False),  # a kind that is a flag
]


@pytest.mark.parametrize(("field", "bad"), WRONG)
def test_the_bulk_check_refuses_what_the_one_by_one_check_refuses(tmp_path, field, bad):
    make_tree(tmp_path, shape=Shape.SMALL)
    values = _values(tmp_path)
    assert summary.check_summaries(values) is values
    for v in values:
        summary.check_summary(v)
    wrong = _one_wrong(values, 0, field, bad)
    with pytest.raises(Mismatch):
        summary.check_summary(wrong[0])
    with pytest.raises(Mismatch):
        summary.check_summaries(wrong)


@pytest.mark.parametrize(
    "bad",
    [
        (None, ()),  # a file read as nothing says why
        (("x",), ()),  # a record of no known length
        ((1, "r", 0, None, None), ()),  # a reply dated day 0
        ((1, "r", None, 5, None), ()),  # an issuer that is not text
        ((rows.REPLY, "r", None, None, None), (("p", 1),)),  # an error that is not text
        ((rows.REPLY, "r", None, None, None), [("p", "e")]),  # errors not a tuple
        ["x", ()],  # a summary that is not a tuple
    ],
)
def test_the_bulk_check_refuses_misshapen_entries(tmp_path, bad):
    make_tree(tmp_path, shape=Shape.SMALL)
    values = [*_values(tmp_path), bad]
    with pytest.raises(Mismatch):
        summary.check_summary(bad)
    with pytest.raises(Mismatch):
        summary.check_summaries(values)


# --- the output fields: one list for the JSON keys, the CSV header and the table's columns -----


def test_output_fields_cover_the_row() -> None:
    sources = [f.source for f in rows.OUTPUT]
    assert set(sources) <= set(rows.ROW_FIELDS)
    # every field of Row is either written out or named as kept out, never both
    assert set(sources) | set(rows.NOT_OUTPUT) == set(rows.ROW_FIELDS)
    assert not set(sources) & set(rows.NOT_OUTPUT)
    assert len(set(rows.OUTPUT_NAMES)) == len(rows.OUTPUT_NAMES)


def test_json_csv_and_columns_agree_with_the_field_list() -> None:
    import csv
    import io
    import json

    from tracker import report, termtable

    built = report.build_rows(store.load_tree(PKG.parent, cache=False), TODAY)
    assert built
    assert report.FIELDS == rows.OUTPUT_NAMES
    for lang in ("zh", "en"):
        objects = json.loads(report.to_json(built, lang))
        assert [list(o) for o in objects] == [list(rows.OUTPUT_NAMES)] * len(built)
        header = next(csv.reader(io.StringIO(report.to_csv(built, lang))))
        assert tuple(header) == rows.OUTPUT_NAMES
    assert termtable.ORDER == rows.COLUMNS
    assert rows.COLUMNS == ("id", "issuer", "date", "item", "status", "evidence", "age")
    # a cell's cache key reads only the fields of its own column
    for name, value in termtable._CELL_VALUE.items():
        assert name in rows.COLUMNS
        fake = rows.Row(*[f"<{n}>" for n in rows.ROW_FIELDS])
        got = value(fake)
        read = {got} if isinstance(got, str) else set(got)
        own = {f"<{f.source}>" for f in rows.OUTPUT if f.column == name}
        assert read <= own, name


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_json_and_csv_of_the_bundled_tree_are_unchanged(lang: str) -> None:
    from tracker import report

    golden = PKG.parent / "tests" / "golden"
    built = report.build_rows(store.load_tree(PKG.parent, cache=False), date(2026, 1, 1))
    want_json = (golden / f"bundled-status.{lang}.json").read_bytes().decode()
    want_csv = (golden / f"bundled-status.{lang}.csv").read_bytes().decode()
    assert report.to_json(built, lang) + "\n" == want_json
    assert report.to_csv(built, lang) == want_csv


def test_rows_of_every_shape_of_evidence_compare_with_the_reference(tmp_path):
    """One entry or several, promising again or not, from the commitment's own letter, another,
    or one the tree lacks, confirmed or not, rejected: build_rows() as build_row()."""
    from dataclasses import replace
    from itertools import product

    from tracker.model import Evidence, SectionKind, Verdict

    make_tree(tmp_path, shape=Shape.SMALL)
    tree = store.load_tree(tmp_path, cache=False)
    commitments = list(tree.commitments.values())
    letters = [*sorted(tree.replies), "no-such-letter"]
    own = commitments[0].reply
    entries = [
        Evidence(rid, SectionKind.NEXT_STEPS, "q", verdict, 0.9, confirmed, rejected=rejected)
        for rid, verdict, confirmed, rejected in product(
            [own, *letters], [Verdict.REPEATED, Verdict.DONE], [False, True], [False, True]
        )
    ]
    shapes = [[e] for e in entries] + [
        [a, b] for a, b in zip(entries, entries[3:] + entries[:3], strict=True)
    ]
    records = [
        replace(commitments[i % len(commitments)], evidence=tuple(shape))
        for i, shape in enumerate(shapes)
    ]
    built = rows.build_rows(rows.of_records(records, tree.replies), TODAY)
    assert built == [rows.build_row(c, tree.replies, TODAY) for c in records]
    assert any(len(r.promised_in) == 2 for r in built)
