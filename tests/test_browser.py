"""The HTML digest in a real browser: headless Chromium loads the file, shows what the digest holds,
and takes screenshots at desktop and phone widths.

`make test` installs Chromium from the system's packages when it is missing, so this runs in CI;
it is skipped only when no Chromium can be found at all. With TRACKER_UPDATE_SCREENSHOT=1 it also
rewrites docs/digest.png, the screenshot the README shows.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from test_digest import GZ23, history_repo, runner

from tracker.cli import app

REPO = Path(__file__).resolve().parent.parent
DOCS_SHOT = REPO / "docs" / "digest.png"
SHOT_LIMIT = 300_000  # bytes: docs/digest.png stays small enough to keep in the repository


def find_chromium() -> str | None:
    """Chromium from the system's packages (or $CHROMIUM), or None."""
    if os.environ.get("CHROMIUM"):
        return os.environ["CHROMIUM"]
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium found (install Debian's chromium, e.g. `make browser`, or set $CHROMIUM)",
)


def chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium once, offline, with a fresh profile."""
    assert CHROMIUM is not None
    cmd = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        *args,
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180, check=False)


def png_size(path: Path) -> tuple[int, int]:
    """Width and height of a PNG, read from its header."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    """The HTML digest of the history fixture, with a commitment that tries to inject a script."""
    tmp = tmp_path_factory.mktemp("browser")
    root = tmp / "clerks"
    shas = history_repo(root)
    out = tmp / "digest.html"
    r = runner.invoke(
        app,
        [
            "digest",
            "--root",
            str(root),
            "--format",
            "html",
            "--since",
            shas["follow-up"],
            "-o",
            str(out),
        ],
    )
    assert r.exit_code == 0, r.output
    return out


def test_dom_has_the_digest(page, tmp_path):
    r = chromium(tmp_path / "profile", "--dump-dom", page.as_uri())
    assert r.returncode == 0, r.stderr[-2000:]
    dom = r.stdout
    assert "<h1>答复函承诺落实情况简报</h1>" in dom
    for section in ("overview", "issuers", "changes", "unfollowed", "letters"):
        assert f'<section id="{section}">' in dom, section
    assert len(re.findall(r'<div class="card status-', dom)) == 6
    assert len(re.findall(r'<tr class="issuer">', dom)) == 2
    assert len(re.findall(r'<li class="change change-', dom)) == 4
    assert len(re.findall(r'<tr class="unfollowed">', dom)) == 5
    assert len(re.findall(r'<article class="item status-', dom)) == 9
    assert f'id="item-{GZ23}/03"' in dom
    assert len(re.findall(r"<svg class=\"bar\"", dom)) == 2
    # the browser parsed no script: the page has none
    assert "<script" not in dom


def test_injected_markup_stays_text(tmp_path):
    root = tmp_path / "clerks"
    history_repo(root, steps=1)
    path = root / "commitments" / GZ23 / "01.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        re.sub(
            r"(?m)^text: .*$",
            'text: "<script>document.title=1</script>[bold]x[/bold]<b>粗</b>"',
            text,
        ),
        encoding="utf-8",
    )
    out = tmp_path / "d.html"
    r = runner.invoke(app, ["digest", "--root", str(root), "--format", "html", "-o", str(out)])
    assert r.exit_code == 0, r.output
    dom = chromium(tmp_path / "profile", "--dump-dom", out.as_uri()).stdout
    assert "<script" not in dom and "<b>粗</b>" not in dom
    # shown as the text it is
    assert "&lt;script&gt;document.title=1&lt;/script&gt;[bold]x[/bold]&lt;b&gt;粗&lt;/b&gt;" in dom
    assert "<title>答复函承诺落实情况简报" in dom


@pytest.mark.parametrize(
    ("name", "width", "height"), [("desktop", 1000, 1400), ("phone", 390, 844)]
)
def test_screenshot(page, tmp_path, name, width, height):
    shot = tmp_path / f"{name}.png"
    r = chromium(
        tmp_path / "profile",
        f"--window-size={width},{height}",
        f"--screenshot={shot}",
        page.as_uri(),
    )
    assert r.returncode == 0, r.stderr[-2000:]
    assert shot.is_file() and shot.stat().st_size > 10_000, "empty screenshot"
    assert png_size(shot) == (width, height)


def test_print_to_pdf(page, tmp_path):
    pdf = tmp_path / "digest.pdf"
    r = chromium(
        tmp_path / "profile", f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri()
    )
    assert r.returncode == 0, r.stderr[-2000:]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 10_000


@pytest.mark.skipif(
    not os.environ.get("TRACKER_UPDATE_SCREENSHOT"),
    reason="set TRACKER_UPDATE_SCREENSHOT=1 to rewrite docs/digest.png",
)
def test_update_docs_screenshot(page, tmp_path):
    """docs/digest.png: the first screen of the digest at a laptop's width."""
    DOCS_SHOT.parent.mkdir(exist_ok=True)
    shot = tmp_path / "digest.png"
    r = chromium(
        tmp_path / "profile", "--window-size=820,1300", f"--screenshot={shot}", page.as_uri()
    )
    assert r.returncode == 0, r.stderr[-2000:]
    assert shot.stat().st_size < SHOT_LIMIT, f"screenshot is {shot.stat().st_size} bytes"
    shutil.copy(shot, DOCS_SHOT)


def test_docs_screenshot_is_small():
    if not DOCS_SHOT.exists():
        pytest.skip("docs/digest.png not made yet")
    assert 10_000 < DOCS_SHOT.stat().st_size < SHOT_LIMIT
    png_size(DOCS_SHOT)
