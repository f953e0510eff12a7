"""The fork helper: a copy's bytes back on a pipe, its failure told, the copy always reaped."""

from __future__ import annotations

import os
import signal
import time

import pytest

from tracker.forking import forked

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="fork")

BIG = bytes(range(256)) * 4096  # 1 MiB: many times what a pipe holds (64 KiB on Linux)


@pytest.fixture(autouse=True)
def deadline():
    """A copy and this side waiting for each other fail the test instead of hanging it."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError("the copy and this side are waiting for each other")

    old = signal.signal(signal.SIGALRM, expire)
    signal.alarm(30)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def nothing_left_to_wait_for() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_the_copy_s_bytes_and_this_side_s_value_come_back():
    assert forked(lambda: "复函".encode(), lambda: 42) == (42, True, "复函".encode())
    assert nothing_left_to_wait_for()


def test_a_copy_that_raises_is_told_by_its_status_with_no_bytes():
    def child() -> bytes:
        raise ValueError("no facts")

    assert forked(child, lambda: "here") == ("here", False, b"")
    assert nothing_left_to_wait_for()


def test_a_copy_interrupted_or_killed_is_told_too():
    def interrupted() -> bytes:
        raise KeyboardInterrupt  # caught in the copy: it never runs on as this process

    def killed() -> bytes:
        os.kill(os.getpid(), signal.SIGKILL)
        return b"never sent"

    assert forked(interrupted, lambda: 1) == (1, False, b"")
    assert forked(killed, lambda: 2) == (2, False, b"")
    assert nothing_left_to_wait_for()


def test_more_than_a_pipe_holds_while_this_side_is_still_busy():
    """The copy blocks on its full pipe until this side is done and reads: all of it arrives."""

    def busy() -> str:
        time.sleep(0.3)  # the copy has long filled the pipe by now
        return "done"

    value, ok, data = forked(lambda: BIG, busy)
    assert (value, ok, len(data)) == ("done", True, len(BIG)) and data == BIG
    assert nothing_left_to_wait_for()


def test_a_failure_on_this_side_still_reaps_the_copy(tmp_path):
    """here() raising (the copy blocked on a full pipe meanwhile) raises its error, once the
    pipe is read and the copy has ended and been reaped."""
    ended = tmp_path / "ended"

    def child() -> bytes:
        ended.write_text("the copy ran to its end")
        return BIG

    def fail() -> None:
        time.sleep(0.1)
        raise RuntimeError("the tree cannot be read")

    with pytest.raises(RuntimeError, match="the tree cannot be read"):
        forked(child, fail)
    assert ended.is_file()
    assert nothing_left_to_wait_for()
