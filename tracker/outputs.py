"""Where a command may write a file it was asked to write (`-o`, `--into`): never into the tree's
data or into git's own folder.

A digest or an export written over a commitment file, a letter or `.git/HEAD` destroys what the
tree is; a tree imported into another tree's commitments/ nests one inside the other. These are
refused with a message; `--force` allows writing into commitments/ or seeds/ (never .git/).
"""

from __future__ import annotations

from pathlib import Path

from tracker.model import UsageError

# The tree's folders that hold its data: written only by the commands that own them.
DATA_DIRS = ("commitments", "seeds")


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or path.is_relative_to(folder)


def check_output(root: Path, output: Path, option: str = "-o", *, force: bool = False) -> None:
    """Refuse an output file inside a git folder (always), or inside the tree's commitments/ or
    seeds/ (unless forced); raises UsageError."""
    target = output.resolve()
    if ".git" in target.parts:
        raise UsageError(
            f"{option} {output}: refusing to write into git's own folder ({target})",
            "give a file outside .git/, e.g. digests/digest.md",
        )
    if force:
        return
    top = root.resolve()
    for name in DATA_DIRS:
        folder = top / name
        if _inside(target, folder):
            raise UsageError(
                f"{option} {output}: refusing to write into the tree's {name}/ ({target})",
                "give a file outside commitments/ and seeds/, e.g. digests/digest.md, "
                "or pass --force to overwrite it anyway",
            )


def check_tree_folder(folder: Path, option: str = "--into") -> None:
    """Refuse a tree root that lies inside another tree's commitments/ or seeds/, or inside a
    git folder (a tree nested in a tree); raises UsageError."""
    target = folder.resolve()
    if ".git" in target.parts:
        raise UsageError(
            f"{option}: refusing to write a tree into git's own folder ({target})",
            "give the commitments/ folder of the tree",
        )
    for above in (target, *target.parents):
        if above.name in DATA_DIRS and (above.parent / "commitments").is_dir():
            raise UsageError(
                f"{option}: a tree at {target} would be nested in the tree "
                f"{above.parent} (inside its {above.name}/)",
                f"give {above.parent / 'commitments'} itself, or a folder outside that tree",
            )
