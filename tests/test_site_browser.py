"""The site in a real browser: headless Chromium, driven over the DevTools protocol, follows the
links a reader follows (index, bureau, commitment, evidence to the letter's line), types into the
search box, and takes screenshots that are checked for rendered CJK text.

The protocol runs over a pipe (`--remote-debugging-pipe`: JSON messages ending in a NUL byte on
file descriptors 3 and 4), so no port, no websocket library and no network are needed. `make
test` installs Chromium from the system's packages when it is missing; without one this module
is skipped. With TRACKER_UPDATE_SCREENSHOT=1 it also rewrites docs/site.png from the bundled tree.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from test_browser import CHROMIUM, png_size
from test_digest import GZ23, GZ25, history_repo, runner

from tracker import site, store
from tracker.cli import app

REPO = Path(__file__).resolve().parent.parent
DOCS_SHOT = REPO / "docs" / "site.png"
SHOT_LIMIT = 300_000  # bytes: docs/site.png stays small enough to keep in the repository

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium found (install Debian's chromium, e.g. `make browser`, or set $CHROMIUM)",
)


class Browser:
    """One headless Chromium and one page in it, driven over the DevTools protocol's pipe."""

    def __init__(
        self,
        profile: Path,
        width: int = 1000,
        height: int = 1300,
        env: dict[str, str] | None = None,
    ) -> None:
        assert CHROMIUM is not None
        to_chrome_r, self._w = os.pipe()
        self._r, from_chrome_w = os.pipe()

        def wire() -> None:  # in the child: the protocol's descriptors are 3 (in) and 4 (out)
            a, b = os.dup(to_chrome_r), os.dup(from_chrome_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--hide-scrollbars",
                "--remote-debugging-pipe",
                f"--user-data-dir={profile}",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
            preexec_fn=wire,  # runs before the other descriptors are closed; 3 and 4 are kept
            pass_fds=(3, 4),
        )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buf = b""
        self._id = 0
        self.events: list[dict[str, Any]] = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        self.send("Page.enable")
        self.send("Runtime.enable")
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )

    def close(self) -> None:
        with contextlib.suppress(OSError, AssertionError, TimeoutError):
            self.call("Browser.close")
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._w)
        os.close(self._r)

    def _message(self, timeout: float) -> dict[str, Any]:
        end = time.monotonic() + timeout
        while b"\0" not in self._buf:
            left = end - time.monotonic()
            if left <= 0 or not select.select([self._r], [], [], left)[0]:
                raise TimeoutError("Chromium did not answer")
            chunk = os.read(self._r, 1 << 20)
            if not chunk:
                raise OSError("Chromium closed the pipe")
            self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        """Send one command and wait for its answer (events met meanwhile are kept)."""
        self._id += 1
        msg: dict[str, Any] = {"id": self._id, "method": method, "params": params}
        if session:
            msg["sessionId"] = session
        os.write(self._w, json.dumps(msg).encode() + b"\0")
        while True:
            m = self._message(60)
            if m.get("id") == self._id:
                assert "error" not in m, (method, m["error"])
                return m.get("result", {})
            self.events.append(m)

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        """A command to the page."""
        return self.call(method, self.session, **params)

    def wait_for(self, event: str, timeout: float = 60) -> None:
        end = time.monotonic() + timeout
        while True:
            for i, m in enumerate(self.events):
                if m.get("method") == event:
                    del self.events[: i + 1]
                    return
            self.events.append(self._message(max(0.1, end - time.monotonic())))

    def js(self, expression: str) -> Any:
        r = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        assert "exceptionDetails" not in r, r["exceptionDetails"]
        return r["result"].get("value")

    def goto(self, url: str) -> None:
        self.events.clear()
        self.send("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")

    def click(self, selector: str) -> None:
        """Click the first element matching the selector and wait for the next page to load."""
        self.events.clear()
        assert self.js(f"!!document.querySelector({json.dumps(selector)})"), selector
        self.js(f"document.querySelector({json.dumps(selector)}).click()")
        self.wait_for("Page.loadEventFired")

    def screenshot(self, clip: dict[str, float] | None = None) -> bytes:
        params: dict[str, Any] = {"format": "png"}
        if clip:
            params["clip"] = {**clip, "scale": 1}
        return base64.b64decode(self.send("Page.captureScreenshot", **params)["data"])


def build(root: Path, out: Path, *args: str) -> None:
    r = runner.invoke(app, ["site", "--root", str(root), "-o", str(out), *args])
    assert r.exit_code == 0, r.output


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("site-browser")
    root = tmp / "clerks"
    history_repo(root)
    out = tmp / "site"
    build(root, out)
    return out


@pytest.fixture
def browser(tmp_path):
    b = Browser(tmp_path / "profile")
    yield b
    b.close()


def test_a_reader_follows_bureau_commitment_and_evidence_to_the_letter_line(built, browser):
    b = browser
    b.goto((built / "index.html").as_uri())
    assert b.js("document.querySelector('h1').textContent") == "答复函承诺追踪"
    assert b.js("document.getElementById('count-total').textContent") == "9"
    # the bureau
    b.click("a.bureau-link[href$='" + site.bureau_path("广州市教育局") + "']")
    assert b.js("document.querySelector('h1').textContent") == "广州市教育局"
    assert b.js("document.querySelectorAll('tr.item').length") == 6
    # a commitment
    b.click(f"a.item-link[href$='{GZ23}--01.html']")
    assert b.js("document.querySelector('h1').textContent") == f"承诺 {GZ23}/01"
    assert b.js("document.querySelector('.badge').textContent") == "推进中"
    # its evidence, to the line of the later letter
    b.click("a.evidence-link")
    assert b.js("location.pathname").endswith(site.letter_path(GZ25))
    assert b.js("location.hash") == "#L7"
    target = b.js("document.querySelector(':target').id")
    assert target == "L7"
    line = b.js("document.querySelector(':target').textContent")
    assert "市教育局推进落实教育部等印发" in line
    # the line links back to the commitment it answers
    b.click("#L7 a.answer-link")
    assert b.js("document.querySelector('h1').textContent") == f"承诺 {GZ23}/01"


def test_search_filters_as_one_types_traditional_or_simplified(built, browser):
    b = browser
    b.goto((built / "search.html").as_uri())
    total = b.js("document.querySelectorAll('#results li').length")
    assert total == 9 and b.js("document.getElementById('count').textContent") == "9"
    b.js("document.getElementById('q').focus()")
    b.send("Input.insertText", text="專職心理教師")  # traditional: 专职心理教师
    shown = b.js("[...document.querySelectorAll('#results li a')].map(a => a.textContent)")
    assert shown == [f"{GZ23}/03"]
    # a status filter from the index's cards, carried in the address
    b.goto((built / "search.html").as_uri() + "?status=pending")
    assert b.js("document.getElementById('status').value") == "pending"
    assert b.js("document.querySelectorAll('#results li').length") == 5
    b.js("document.getElementById('q').focus()")
    b.send("Input.insertText", text="利州")  # the bureau's name is searched too
    assert b.js("document.querySelectorAll('#results li').length") == 3
    # and the result links lead to the commitment's page
    b.click("#results li a")
    assert b.js("document.querySelector('h1').textContent").startswith("承诺 gy-lz-edu-2024-jy56/")


def heading_shots(b: Browser) -> dict[str, bytes]:
    """The index's heading drawn as it is, empty, as private-use characters (which no font
    draws: glyph boxes), again as it is, and as two runs of one character each."""
    rect = b.js(
        "(() => { const r = document.querySelector('h1').getBoundingClientRect();"
        " return {x: r.x, y: r.y, width: r.width, height: r.height}; })()"
    )
    shots = {"heading": b.screenshot(rect)}
    for name, text in (
        ("empty", ""),
        ("tofu", "\ue000\ue001\ue002\ue003\ue004\ue005\ue006"),
        ("again", "答复函承诺追踪"),
        ("same", "追追追追追追追"),
        ("other", "函函函函函函函"),
    ):
        b.js(f"document.querySelector('h1').textContent = {json.dumps(text)}")
        shots[name] = b.screenshot(rect)
    return shots


def test_screenshots_show_cjk_glyphs_not_tofu(built, browser, tmp_path):
    """Glyph boxes (tofu) of missing characters all look alike: the heading's characters are
    drawn unlike a run of private-use characters set in the same place, and unlike each other."""
    b = browser
    b.goto((built / "index.html").as_uri())
    shot = b.screenshot()
    (tmp_path / "index.png").write_bytes(shot)
    assert png_size(tmp_path / "index.png") == (1000, 1300)
    assert len(shot) > 20_000
    s = heading_shots(b)
    assert s["heading"] == s["again"]  # the same text draws the same pixels
    assert s["heading"] != s["empty"], "the heading drew nothing"
    assert s["heading"] != s["tofu"], "the heading's characters are drawn as missing-glyph boxes"
    assert s["same"] != s["other"], "distinct characters are drawn alike (glyph boxes)"


DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


@pytest.mark.skipif(not DEJAVU.is_dir(), reason="needs the DejaVu fonts to hide the CJK ones")
def test_the_tofu_check_fails_without_a_cjk_font(built, tmp_path):
    """The check above can fail: with only a Latin font visible, CJK text is drawn as boxes."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<dir>{DEJAVU}</dir><cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    b = Browser(tmp_path / "profile", env={**os.environ, "FONTCONFIG_FILE": str(conf)})
    try:
        b.goto((built / "index.html").as_uri())
        s = heading_shots(b)
    finally:
        b.close()
    assert s["heading"] == s["tofu"] and s["same"] == s["other"]


def test_the_site_has_no_console_errors_and_loads_nothing_from_outside(built, browser):
    b = browser
    b.send("Network.enable")
    for rel in ("index.html", "search.html", site.letter_path(GZ25), site.item_path(f"{GZ23}/04")):
        b.goto((built / rel).as_uri())
    urls = [
        m["params"]["request"]["url"]
        for m in b.events
        if m.get("method") == "Network.requestWillBeSent"
    ]
    assert all(u.startswith("file://") for u in urls), urls
    errors = [
        m
        for m in b.events
        if m.get("method") == "Runtime.exceptionThrown"
        or (m.get("method") == "Runtime.consoleAPICalled" and m["params"]["type"] == "error")
    ]
    assert not errors, errors


@pytest.mark.skipif(
    not os.environ.get("TRACKER_UPDATE_SCREENSHOT"),
    reason="set TRACKER_UPDATE_SCREENSHOT=1 to rewrite docs/site.png",
)
def test_update_docs_screenshot(tmp_path):
    """docs/site.png: the index of the bundled tree's site at a laptop's width."""
    root = tmp_path / "bundled"
    for part in (store.COMMITMENTS_DIR, store.SEEDS_DIR):
        shutil.copytree(REPO / part, root / part)
    out = tmp_path / "site"
    build(root, out, "--date", "2026-01-01")
    b = Browser(tmp_path / "profile", 900, 1000)
    try:
        b.goto((out / "index.html").as_uri())
        shot = b.screenshot()
        s = heading_shots(b)  # taken after the picture: they rewrite the heading
    finally:
        b.close()
    assert len(shot) < SHOT_LIMIT, f"screenshot is {len(shot)} bytes"
    # the picture is kept only when its Chinese is drawn (a machine without a CJK font draws boxes)
    assert s["heading"] != s["tofu"] and s["same"] != s["other"], "CJK drawn as glyph boxes"
    DOCS_SHOT.write_bytes(shot)


def test_docs_screenshot_is_small():
    if not DOCS_SHOT.exists():
        pytest.skip("docs/site.png not made yet")
    assert 10_000 < DOCS_SHOT.stat().st_size < SHOT_LIMIT
    png_size(DOCS_SHOT)
