"""Caches of parsed records and check results, kept outside version control in .tracker-cache/.

Every entry is stored with the key of the content it was computed from, and is used only when the
file's key is the same now:

- in a git work tree, git's blob id: read from the index (`git ls-files -s`) for a regular file
  that `git diff-files` reports unchanged, and computed from the bytes for any other file (changed,
  untracked, flagged assume-unchanged or skip-worktree). A fresh clone therefore keeps every key,
  and a file touched without a change keeps its key too;
- outside git, or where git may convert bytes on checkout (autocrlf, text/eol/filter/encoding
  attributes: one blob id could then stand for several byte contents), the file's size, mtime,
  inode and ctime; files modified in the last two seconds are not cached (git's "racy" rule).

A changed, added, removed or renamed file therefore never gets a stale entry. Symbolic links and
oversized or special files are never cached. A key is checked again after the file is parsed, and
the entry is dropped if the file changed meanwhile. The caches also name the source code they were
computed by, so an upgraded or edited tracker never reads entries made by other code.

A cache file is replaced atomically (temporary file, then rename), so two processes at once never
see half a file; the last to save wins, and the loser's entries are simply computed again. A small
change is saved as a journal beside the main file instead of rewriting it. A corrupt, foreign or
unreadable cache is ignored and rebuilt.

A cache file is data, never code: msgpack (maps, arrays, strings, numbers), from which each entry
is rebuilt by a codec made from its type, which checks every part (an entry of another shape is
a miss, computed again). A cache file that git tracks came with the repository, not from this
tool: it is neither read nor written (a note on stderr says so once). Nor is a cache folder that
is a symbolic link, or a cache file that is not a regular file.

The package, by part:

- tracker.cache.keys: the keys (git blob ids and the GitView, stat keys, code_fingerprint);
- tracker.cache.codecs: what a cache file may hold, and the codecs that check it on the way back;
- tracker.cache.stores: the cache files (RecordCache, Snapshot), their atomic reads and writes,
  and the process's registries of open caches and tracked cache files (the only module-level
  state of the layer);
- tracker.cache.checks: the adapter that memoises validate's pure checks (CheckMemo), keyed by
  the content keys of everything a check reads.

The names below are the package's public face: `from tracker.cache import X` for any of them.
"""

from __future__ import annotations

from tracker.cache.codecs import (
    PLAIN,
    Codec,
    ContentKey,
    Mismatch,
    are_keys,
    codec,
    fields_codec,
    typed,
)
from tracker.cache.keys import (
    CACHE_DIR,
    FORMAT,
    RACY_NS,
    RECORD_CODE,
    GitView,
    Key,
    blob_id,
    code_fingerprint,
    content_key,
    file_keys,
    git_blob_keys,
    git_view,
    keys_from,
    still_valid,
    untracked,
)
from tracker.cache.stores import (
    RecordCache,
    Snapshot,
    clear,
    loading,
    read_file,
    shared_cache,
    tracked,
    tracked_files,
    write_file,
)

__all__ = [
    "CACHE_DIR",
    "FORMAT",
    "PLAIN",
    "RACY_NS",
    "RECORD_CODE",
    "Codec",
    "ContentKey",
    "GitView",
    "Key",
    "Mismatch",
    "RecordCache",
    "Snapshot",
    "are_keys",
    "blob_id",
    "clear",
    "code_fingerprint",
    "codec",
    "content_key",
    "fields_codec",
    "file_keys",
    "git_blob_keys",
    "git_view",
    "keys_from",
    "loading",
    "read_file",
    "shared_cache",
    "still_valid",
    "tracked",
    "tracked_files",
    "typed",
    "untracked",
    "write_file",
]
