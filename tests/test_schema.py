"""The JSON Schema is built from schema.py's own field tables, and the parsers check what the
tables say: required fields, optional fields, enums, no unknown keys."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tracker import schema
from tracker.model import Kind, Level, Role

SHA = "0" * 64
REPLY: dict[str, Any] = {
    "id": "gz-edu-2023-ta5020",
    "source": {"path": "seeds/a.txt", "sha256": SHA, "origin": None},
    "issuer": "广州市教育局",
    "issuer_as_printed": None,
    "issuer_inferred": None,
    "co_handlers": ["市民政局"],
    "addressees": ["郭东文"],
    "role": "委员",
    "kind": "提案",
    "session": "第二次会议",
    "number": "5020",
    "title": "关于建设学校社工站的提案",
    "doc_number": "穗教案〔2023〕208号",
    "category": "A",
    "reply_date": "2023-08-31",
    "published": "2023-09-01",
    "contact": {"name": "李国欣", "phone": "22083735"},
    "cc": [],
    "sections": [{"kind": "next_steps", "heading": "二、下一步工作安排", "lines": [28, 36]}],
    "review": [{"field": "issuer", "reason": "printed twice"}],
}
COMMITMENT: dict[str, Any] = {
    "id": "gz-edu-2023-ta5020/03",
    "reply": "gz-edu-2023-ta5020",
    "area": "强化专业队伍建设",
    "text": "推进全市中小学100%配齐专职心理教师;",
    "lines": [36, 36],
    "status": "pending",
    "status_note": None,
    "owners": [],
    "due": None,
    "due_text": None,
    "tags": [],
    "evidence": [
        {
            "reply": "gz-edu-2025-ta4154",
            "section": "progress",
            "line": 8,
            "quote": "全市中小学校100%完成",
            "clause": None,
            "verdict": "done",
            "score": 0.5,
            "confirmed": False,
            "rejected": False,
        }
    ],
    "restated_in": [{"id": "gz-edu-2025-ta4154/01", "weakened": ["number"]}],
}

# (the table, where its mapping sits in a whole document, the document)
TABLES = [
    ("reply", schema.REPLY_FIELDS, (), REPLY),
    ("source", schema.SOURCE_FIELDS, ("source",), REPLY),
    ("section", schema.SECTION_FIELDS, ("sections", 0), REPLY),
    ("review", schema.REVIEW_FIELDS, ("review", 0), REPLY),
    ("contact", schema.CONTACT_FIELDS, ("contact",), REPLY),
    ("commitment", schema.COMMITMENT_FIELDS, (), COMMITMENT),
    ("evidence", schema.EVIDENCE_FIELDS, ("evidence", 0), COMMITMENT),
    ("restated", schema.RESTATED_FIELDS, ("restated_in", 0), COMMITMENT),
]


def errors(doc: dict[str, Any]) -> list[str]:
    parse = schema.parse_reply if "source" in doc else schema.parse_commitment
    _, issues = parse(doc, "x.yaml")
    return [i.message for i in issues if i.level == Level.ERROR]


def at(doc: dict[str, Any], keys: tuple[Any, ...]) -> Any:
    for k in keys:
        doc = doc[k]
    return doc


def test_the_documents_are_valid():
    assert errors(REPLY) == [] and errors(COMMITMENT) == []


@pytest.mark.parametrize(
    ("table", "place", "doc", "field"),
    [(n, p, d, f) for n, t, p, d in TABLES for f in t],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_required_means_required(table, place, doc, field):
    fields = dict(TABLES_BY_NAME[table])
    changed = copy.deepcopy(doc)
    del at(changed, place)[field]
    found = errors(changed)
    if fields[field].required:
        assert found, f"{table}.{field} is required in the table, but the parser takes it away"
    else:
        assert not found, f"{table}.{field} is optional in the table: {found}"


TABLES_BY_NAME = {n: t for n, t, _, _ in TABLES}


def _enums() -> list[tuple[str, tuple[Any, ...], dict[str, Any], str, list[Any]]]:
    out = []
    for name, table, place, doc in TABLES:
        for field, spec in table.items():
            values = spec.schema.get("enum")
            if values is None and "items" in spec.schema:
                values = spec.schema["items"].get("enum")
                if values is not None:
                    out.append((name, place, doc, field, [[v] for v in values]))
                continue
            if values is not None:
                out.append((name, place, doc, field, values))
    return out


@pytest.mark.parametrize(("table", "place", "doc", "field", "values"), _enums(), ids=lambda v: "")
def test_every_enum_value_is_accepted_and_nothing_else(table, place, doc, field, values):
    for value in values:
        changed = copy.deepcopy(doc)
        at(changed, place)[field] = value
        assert not errors(changed), (table, field, value)
    changed = copy.deepcopy(doc)
    at(changed, place)[field] = ["bogus"] if isinstance(values[0], list) else "bogus"
    assert errors(changed), (table, field)


@pytest.mark.parametrize(("table", "place", "doc"), [(n, p, d) for n, _, p, d in TABLES])
def test_no_field_outside_the_table(table, place, doc):
    changed = copy.deepcopy(doc)
    at(changed, place)["no_such_field"] = 1
    assert any("unknown field 'no_such_field'" in e for e in errors(changed)), table


def test_the_json_schema_is_the_tables():
    s = schema.json_schema()
    assert list(s["reply"]["properties"]) == list(schema.REPLY_KEYS)
    assert list(s["commitment"]["properties"]) == list(schema.COMMITMENT_KEYS)
    ev = s["commitment"]["properties"]["evidence"]["items"]
    assert list(ev["properties"]) == list(schema.EVIDENCE_KEYS)
    assert ev["required"] == [k for k, f in schema.EVIDENCE_FIELDS.items() if f.required]
    assert s["reply"]["required"] == ["id", "source", "issuer"]
    assert s["commitment"]["required"] == ["id", "reply", "text", "status"]
    assert all(v["additionalProperties"] is False for v in (s["reply"], s["commitment"], ev))


@pytest.mark.parametrize(
    ("role", "kind"), [(Role.MEMBER, Kind.PROPOSAL), (Role.DEPUTY, Kind.SUGGESTION)]
)
def test_role_and_kind_are_read_as_their_enums_and_written_back_as_text(role, kind):
    doc = copy.deepcopy(REPLY) | {"role": role.value, "kind": kind.value}
    reply, issues = schema.parse_reply(doc, "commitments/x/reply.yaml")
    assert not issues and reply is not None
    assert (type(reply.role), type(reply.kind)) == (Role, Kind)
    assert (reply.role, reply.kind) == (role, kind)
    data = schema.reply_to_data(reply)
    assert (type(data["role"]), type(data["kind"])) == (str, str)
    assert (data["role"], data["kind"]) == (role.value, kind.value)


def test_a_letter_without_role_or_kind_keeps_none():
    doc = copy.deepcopy(REPLY) | {"role": None, "kind": None}
    reply, _ = schema.parse_reply(doc, "commitments/x/reply.yaml")
    assert reply is not None and (reply.role, reply.kind) == (None, None)
    assert (Role.of(None), Role.of("同志"), Kind.of("议案")) == (None, None, None)
