"""Small trees for tests, written with the store's own writer into tmp_path."""

from __future__ import annotations

import hashlib
import shutil
from datetime import date
from pathlib import Path

from tracker import store
from tracker.model import (
    Commitment,
    Contact,
    Kind,
    LetterSection,
    Reply,
    Role,
    SectionKind,
    Source,
)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_2023 = "000_a140f72d90f69cdb.txt"
SEED_2025 = "002_77355670e473416b.txt"


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def small_tree(root: Path) -> Path:
    """Two Guangzhou letters (2023 and 2025) with two commitments of the first, written by hand."""
    (root / "seeds").mkdir(parents=True, exist_ok=True)
    for name in (SEED_2023, SEED_2025):
        shutil.copy(SEEDS / name, root / "seeds" / name)
    r1 = Reply(
        id="gz-edu-2023-ta5020",
        source=Source(f"seeds/{SEED_2023}", _sha(root / "seeds" / SEED_2023)),
        issuer="广州市教育局",
        title="关于建设学校社工站 构建校家社协同育人机制(修改)的提案",
        addressees=("郭东文",),
        role=Role.MEMBER,
        kind=Kind.PROPOSAL,
        number="5020",
        doc_number="穗教案〔2023〕208号",
        category="A",
        reply_date=date(2023, 8, 31),
        contact=Contact("李国欣", "22083735"),
        sections=(
            LetterSection(SectionKind.PROGRESS, "一、目前工作推进情况", 16, 26),
            LetterSection(SectionKind.NEXT_STEPS, "二、下一步工作安排", 28, 36),
        ),
    )
    r2 = Reply(
        id="gz-edu-2025-ta4154",
        source=Source(f"seeds/{SEED_2025}", _sha(root / "seeds" / SEED_2025)),
        issuer="广州市教育局",
        issuer_as_printed="快手成人版",
        title="关于构建中小学生心理问题疏导机制的提案",
        number="4154",
        reply_date=date(2025, 12, 2),
        sections=(
            LetterSection(SectionKind.PROGRESS, "一、工作推进情况", 6, 9),
            LetterSection(SectionKind.NEXT_STEPS, "二、下一步工作安排", 10, 14),
        ),
    )
    c1 = Commitment(
        id="gz-edu-2023-ta5020/01",
        reply=r1.id,
        area="强化专业队伍建设",
        text="推进全市中小学100%配齐专职心理教师;",
        lines=(36, 36),
    )
    c2 = Commitment(
        id="gz-edu-2023-ta5020/02",
        reply=r1.id,
        area="强化专业队伍建设",
        text="持续深化“社工+”战略,探索打造“青年地带”社工专项服务品牌,不断完善青少年社区社工服务体系。",
        lines=(36, 36),
    )
    store.write_reply(root, r1, [c1, c2], update=False)
    store.write_reply(root, r2, [], update=False)
    return root
