"""Work done beside this process by a forked copy of it, whose answer comes back on a pipe.

The copy inherits everything built so far (nothing is pickled to start it) and answers with
bytes; each caller chooses how those bytes are encoded and what a failure means.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def forked(child: Callable[[], bytes], here: Callable[[], T]) -> tuple[T, bool, bytes]:
    """here() in this process while child() runs in a forked copy: here()'s value, whether the
    copy ran to its end, and the bytes child() returned (b"" when it raised).

    The copy is always waited for, also when here() raises (its error is then raised): the pipe
    is read to its end first, so a copy with more to say than a pipe holds never blocks for good.
    """
    r, w = os.pipe()
    try:
        pid = os.fork()
    except BaseException:
        os.close(r)
        os.close(w)
        raise
    if pid == 0:  # the copy: never returns, whatever child() does
        os.close(r)
        code = 0
        try:
            data = child()
        except BaseException:  # noqa: BLE001 - the exit status tells the parent
            data, code = b"", 1
        try:
            with os.fdopen(w, "wb") as f:
                f.write(data)
        finally:
            os._exit(code)
    os.close(w)
    try:
        value = here()
    finally:
        try:
            with os.fdopen(r, "rb") as f:
                data = f.read()
        finally:  # the read stopped short (an interrupt): the copy's writes fail, and it ends
            _, status = os.waitpid(pid, 0)
    return value, status == 0, data
