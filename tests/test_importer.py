"""The import workflow as a library: every ImportState is reached by the action that leads to it."""

from __future__ import annotations

import pytest
from conftest import SEED_A, SEED_B, Shape

from tracker.importer import ImportState, outcome_data, run_import
from tracker.model import Kind, Role

# the seed letters alone, in an empty tree
pytestmark = pytest.mark.parametrize("tree_root", [Shape.SEEDS], indirect=True)


def test_every_state_is_reached(tree_root):
    root = tree_root
    a, b = root / "seeds" / SEED_A, root / "seeds" / SEED_B
    seen: set[ImportState] = set()

    def states(*args, **kw) -> list[ImportState]:
        found = [o.state for o in run_import(root, *args, **kw)]
        seen.update(found)
        return found

    assert states([a], dry_run=True) == [ImportState.WOULD_CREATE]
    assert states([a]) == [ImportState.CREATED]
    assert states([a]) == [ImportState.FAILED]  # already there, without --update
    assert states([a], update=True) == [ImportState.UNCHANGED]
    reply = next((root / "commitments").glob("*/reply.yaml"))
    reply.write_text(reply.read_text("utf-8").replace("title: ", "title: 旧"), "utf-8")
    assert states([a], update=True, dry_run=True) == [ImportState.WOULD_UPDATE]
    assert states([a], update=True) == [ImportState.UPDATED]
    assert states([b]) == [ImportState.CREATED]
    assert seen == set(ImportState)


def test_a_failed_file_says_why_as_data(tree_root):
    root = tree_root
    bogus = root / "seeds" / "note.txt"
    bogus.write_text("这不是一封答复函。\n", encoding="utf-8")
    (out,) = run_import(root, [bogus])
    assert out.state == ImportState.FAILED and out.error is not None
    data = outcome_data(out)
    assert data["state"] == "failed" and data["error"]["message"]


def test_a_letter_is_read_with_role_and_kind_as_their_enums(tree_root):
    root = tree_root
    (out,) = run_import(root, [root / "seeds" / SEED_A], dry_run=True)
    assert out.letter is not None
    assert (out.letter.reply.role, out.letter.reply.kind) == (Role.MEMBER, Kind.PROPOSAL)
    assert (type(out.letter.reply.role), type(out.letter.reply.kind)) == (Role, Kind)
    assert outcome_data(out)["letter"]["reply"]["role"] == "委员"
