"""`make bench`: time tracker's commands on synthetic trees of 1,000, 10,000 and 50,000 commitments.

Each command runs as a real subprocess of .venv/bin/tracker: cold (no .tracker-cache), warm
(nothing changed) and warm with one commitment file changed, several runs each (the median is
shown), with the peak memory of each run (os.wait4's ru_maxrss: the largest single process of the
run, its process-pool workers and git included). Beside each figure: its ratio to loading every
file with ruamel.yaml's round-trip loader (measured in the same run), and the target at 50,000.

    .venv/bin/python bench/run.py                 # the full benchmark (about 10-15 minutes)
    .venv/bin/python bench/run.py --sizes 300 --runs 1 --no-diff --no-import   # a quick look
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

TRACKER = Path(sys.executable).with_name("tracker")
BUDGET_S = 14 * 60  # stop starting new runs after this (make bench must finish within 15 minutes)

# Targets at 50,000 commitments: command -> (cold, warm, warm with one file changed), seconds.
HOSTILE = "validate (hostile: 10,000 evidence entries, 1 file)"
TARGETS: dict[str, tuple[float | None, float | None, float | None]] = {
    "validate": (20, 1.5, 1.5),
    "status": (20, 1.0, 1.0),
    "status --json": (20, 1.0, 1.0),
    "digest --format html": (25, 3, 3),
    "site": (25, 3, 3),  # the digest's targets
    "log --since HEAD~50": (10, None, None),
    "diff --json (10k vs 2k later letters)": (30, None, None),
    "import (1,000 letters)": (30, None, None),
    # a file of 10,000 evidence entries whose quotes are not in their letter: validate's targets
    HOSTILE: (20, 1.5, 1.5),
    "--help": (0.3, None, None),
}
MEMORY_TARGET_MB = 1024


@dataclass
class Run:
    seconds: float
    peak_mb: float
    code: int
    error: str = ""


@dataclass
class Row:
    """One command at one size: its runs by kind (cold, warm, changed)."""

    name: str
    runs: dict[str, list[Run]] = field(default_factory=dict)
    note: str = ""

    def median(self, kind: str) -> float | None:
        ok = [r.seconds for r in self.runs.get(kind, []) if r.code == 0]
        return statistics.median(ok) if ok else None

    def peak(self) -> float | None:
        all_runs = [r.peak_mb for runs in self.runs.values() for r in runs if r.code == 0]
        return max(all_runs) if all_runs else None

    def failure(self) -> str | None:
        for runs in self.runs.values():
            for r in runs:
                if r.code != 0:
                    return r.error or f"exit {r.code}"
        return None


class Bench:
    """Runs commands, keeps the time budget, and prints what it measured."""

    def __init__(self, tmp: Path, runs: int, timeout: float) -> None:
        self.tmp = tmp
        self.runs = runs
        self.timeout = timeout
        self.start = time.monotonic()
        self.env = child_env(tmp)
        self.skipped: list[str] = []

    def left(self) -> float:
        return BUDGET_S - (time.monotonic() - self.start)

    def run(
        self,
        argv: list[str],
        cwd: Path,
        ok_codes: tuple[int, ...] = (0,),
        timeout: float | None = None,
    ) -> Run:
        """One subprocess: wall time, peak memory (ru_maxrss), exit code, first error line."""
        limit = min(timeout or self.timeout, max(5.0, self.left()))
        with tempfile.TemporaryFile(dir=self.tmp) as err:
            t0 = time.perf_counter()
            p = subprocess.Popen(
                argv,
                cwd=cwd,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=err,
                start_new_session=True,
            )
            timed_out = threading.Event()

            def kill() -> None:
                timed_out.set()
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(
                        p.pid, signal.SIGKILL
                    )  # the run's own group: tracker, its workers, git

            timer = threading.Timer(limit, kill)
            timer.start()
            try:
                _, status, usage = os.wait4(p.pid, 0)
            finally:
                timer.cancel()
            seconds = time.perf_counter() - t0
            p.returncode = os.waitstatus_to_exitcode(status)
            err.seek(0)
            lines = [ln for ln in err.read().decode("utf-8", "replace").splitlines() if ln.strip()]
        code = 0 if p.returncode in ok_codes else (p.returncode or 1)
        error = ""
        if timed_out.is_set():
            code, error = -9, f"timed out after {limit:.0f} s"
        elif code:
            error = f"exit {p.returncode}: " + (lines[-1][:140] if lines else "")
        return Run(seconds, usage.ru_maxrss / 1024, code, error)


def child_env(tmp: Path) -> dict[str, str]:
    """The environment of every timed command: byte code cached (as an installed tool has it),
    no colour, a fixed width, and git without the user's configuration."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONDONTWRITEBYTECODE", "TRACKER_ROOT", "TRACKER_NO_CACHE")
        and not k.startswith("GIT_")
    }
    env.update(
        PYTHONPYCACHEPREFIX=str(tmp / "pycache"),
        NO_COLOR="1",
        COLUMNS="120",
        LC_ALL="C.UTF-8",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        GIT_OPTIONAL_LOCKS="0",
    )
    return env


def available(bench: Bench, sub: list[str], cwd: Path) -> str | None:
    """None when `tracker <sub> --help` works, else why the command is not available."""
    r = bench.run([str(TRACKER), *sub, "--help"], cwd)
    return None if r.code == 0 else f"not available ({r.error or 'no such command'})"


# --- round trip ----------------------------------------------------------------------------------

ROUND_TRIP = """
import json, resource, sys, time
from ruamel.yaml import YAML
files = sys.stdin.read().split("\\0")[:-1]
y = YAML(typ="rt")
half = len(files) // 2
t = time.perf_counter()
docs = [y.load(open(f, encoding="utf-8").read()) for f in files[:half]]
mid = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
docs += [y.load(open(f, encoding="utf-8").read()) for f in files[half:]]
seconds = time.perf_counter() - t
print(json.dumps({"seconds": seconds, "files": len(docs), "half": half, "mid_kb": mid,
                  "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


@dataclass
class RoundTrip:
    seconds: float
    peak_mb: float
    files: int
    sampled: int  # files really loaded (the rest extrapolated)


def round_trip(root: Path, sample_from: int) -> RoundTrip:
    """ruamel.yaml round-trip load of every YAML file (or of an even sample, extrapolated)."""
    from tracker import store

    files = [str(p) for p in store.tree_files(root)]
    chosen = files
    if len(files) > sample_from:
        step = len(files) / 3000
        chosen = [files[int(i * step)] for i in range(3000)]
    out = subprocess.run(
        [sys.executable, "-c", ROUND_TRIP],
        input="\0".join(chosen + [""]).encode(),
        capture_output=True,
        check=True,
    )
    data = json.loads(out.stdout)
    scale = len(files) / len(chosen)
    # memory grows by the second half's slope (the first documents fill memory the interpreter
    # already holds, so scaling the whole sample would understate it)
    slope = (data["peak_kb"] - data["mid_kb"]) / max(1, len(chosen) - data["half"])
    peak_kb = data["peak_kb"] + slope * (len(files) - len(chosen))
    return RoundTrip(data["seconds"] * scale, peak_kb / 1024, len(files), len(chosen))


# --- the commands --------------------------------------------------------------------------------


def change_one(path: Path, i: int) -> None:
    """Change one commitment file the way a clerk does: a new status note."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for n, line in enumerate(lines):
        if line.startswith("status_note:"):
            lines[n] = f"status_note: 基准测试第{i + 1}次修改\n"
            break
    path.write_text("".join(lines), encoding="utf-8")


def time_command(
    bench: Bench,
    row: Row,
    argv: list[str],
    root: Path,
    *,
    cold: int,
    warm: int,
    changed: int,
    target_file: Path | None,
    ok_codes: tuple[int, ...] = (0,),
    output: Path | None = None,
) -> None:
    """Cold runs (cache removed before each), warm runs, then warm runs each after a new edit.
    `output` (a folder the command writes) is removed before each cold run as well."""
    cache = root / ".tracker-cache"
    original = target_file.read_bytes() if target_file is not None else None
    try:
        for kind, n in (("cold", cold), ("warm", warm), ("changed", changed)):
            for i in range(n):
                if bench.left() < 10:
                    bench.skipped.append(f"{row.name} {kind}")
                    return
                if kind == "cold":
                    shutil.rmtree(cache, ignore_errors=True)
                    if output is not None:
                        shutil.rmtree(output, ignore_errors=True)
                if kind == "changed" and target_file is not None:
                    change_one(target_file, i)
                r = bench.run(argv, root, ok_codes)
                row.runs.setdefault(kind, []).append(r)
                if r.code != 0:
                    return
    finally:
        if target_file is not None and original is not None:
            target_file.write_bytes(original)


# --- printing ------------------------------------------------------------------------------------


def fmt_s(v: float | None) -> str:
    if v is None:
        return "–"
    return f"{v:.2f} s" if v < 10 else f"{v:.1f} s"


def verdict(value: float | None, target: float | None) -> str:
    if target is None:
        return ""
    if value is None:
        return f"≤{target:g} ?"
    return f"≤{target:g} {'✓' if value <= target else '✗'}"


def print_table(title: str, rows: list[Row], rt: RoundTrip | None, with_targets: bool) -> list[str]:
    """Print one size's table; return the targets that were missed."""
    print(f"\n{title}")
    if rt is not None:
        how = (
            "every file"
            if rt.sampled == rt.files
            else f"extrapolated from {rt.sampled:,} of {rt.files:,} files"
        )
        print(
            f"round trip (ruamel.yaml typ='rt', load every file, keep the documents): "
            f"{fmt_s(rt.seconds)}, {rt.peak_mb:,.0f} MB peak ({how})"
        )
    head = f"{'command':40} {'cold':>9} {'warm':>9} {'1 changed':>10} {'peak MB':>8} {'cold/RT':>8} {'warm/RT':>8}"
    if with_targets:
        head += "   target cold / warm / 1 changed"
    print(head)
    print("-" * len(head))
    missed: list[str] = []
    for row in rows:
        fail = row.failure()
        if row.note and not row.runs:
            print(f"{'tracker ' + row.name:40} {row.note}")
            missed += [f"{row.name}: {row.note}"] if with_targets and row.name in TARGETS else []
            continue
        cold, warm, changed = row.median("cold"), row.median("warm"), row.median("changed")
        peak = row.peak()
        ratio = [f"{v / rt.seconds:.4f}" if (rt and v is not None) else "–" for v in (cold, warm)]
        line = (
            f"{'tracker ' + row.name:40} {fmt_s(cold):>9} {fmt_s(warm):>9} {fmt_s(changed):>10} "
            f"{(f'{peak:,.0f}' if peak is not None else '–'):>8} {ratio[0]:>8} {ratio[1]:>8}"
        )
        if with_targets and row.name in TARGETS:
            t = TARGETS[row.name]
            marks = [
                verdict(v, limit)
                for v, limit in zip((cold, warm, changed), t, strict=True)
                if limit
            ]
            mem_ok = peak is None or peak < MEMORY_TARGET_MB
            line += (
                "   "
                + " / ".join(marks)
                + ("" if mem_ok else f"   memory ✗ (≥ {MEMORY_TARGET_MB} MB)")
            )
            for kind, v, limit in zip(
                ("cold", "warm", "1 changed"), (cold, warm, changed), t, strict=True
            ):
                if limit is not None and (v is None or v > limit):
                    missed.append(f"{row.name} {kind}: {fmt_s(v)} (target ≤ {limit:g} s)")
            if not mem_ok:
                missed.append(f"{row.name}: peak {peak:,.0f} MB (target < {MEMORY_TARGET_MB} MB)")
        print(line)
        if fail:
            print(f"{'':40} failed: {fail}")
            if with_targets:
                missed.append(f"{row.name}: failed ({fail})")
        if row.note:
            print(f"{'':40} {row.note}")
    return missed


def machine() -> str:
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({cpu}), {mem} RAM"


def load() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


# --- the benchmark -------------------------------------------------------------------------------


def size_rows(bench: Bench, n: int, root: Path, only: set[str] | None) -> list[Row]:
    """Every tree command on one tree (or those named in `only`)."""
    cold, warm = (1, bench.runs) if n >= 50_000 else (min(2, bench.runs), bench.runs)
    target = sorted((root / "commitments").glob("*/02.yaml"))[
        len(list((root / "commitments").glob("*/02.yaml"))) // 2
    ]
    rows = []
    log_since = (
        subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD~50"],
            capture_output=True,
            text=True,
            env=bench.env,
        ).stdout.strip()
        or "HEAD"
    )
    commands = [
        ("validate", ["validate"], (0,)),
        ("status", ["status"], (0,)),
        ("status --json", ["status", "--json"], (0,)),
        ("digest --format html", ["digest", "--format", "html"], (0,)),
        ("log --since HEAD~50", ["log", "--since", log_since], (0,)),
        ("site", ["site", "-o", "build/site"], (0,)),
    ]
    for name, sub, ok in commands:
        if only is not None and name not in only and sub[0] not in only:
            continue
        row = Row(name)
        rows.append(row)
        why = available(bench, sub[:1], root)
        if why:
            row.note = why
            continue
        kinds = dict(cold=cold, warm=warm, changed=warm)
        if name.startswith("log"):
            kinds["changed"] = 0
        time_command(
            bench,
            row,
            [str(TRACKER), *sub],
            root,
            cold=kinds["cold"],
            warm=kinds["warm"],
            changed=kinds["changed"],
            target_file=target,
            ok_codes=ok,
            output=root / "build" / "site" if name == "site" else None,
        )
        if name == "log --since HEAD~50":
            row.note = f"--since {log_since[:10]} (50 commits ago)"
        if name.startswith("digest"):
            row.note = "the whole HTML digest written to stdout (to /dev/null)"
        if name == "site":
            row.note = "every page written to build/site (cold: no cache, no site); warm: unchanged pages skipped"
    return rows


def diff_rows(bench: Bench, commitments: int = 10_000, later: int = 2000) -> list[Row]:
    """`tracker diff --json` for 10,000 commitments of 2023 against 2,000 later letters (2025)."""
    row = Row("diff --json (10k vs 2k later letters)")
    root = bench.tmp / "diff-tree"
    why = available(bench, ["diff"], bench.tmp)
    if why:
        row.note = why
        return [row]
    g = generate.generate(
        root, 0, spec=[(2023, commitments)], clerk_commits=0, check=50, later_letters=(2025, later)
    )
    print(
        f"  diff tree: {g.commitments:,} commitments in {g.letters:,} letters ({g.seconds:.0f} s to generate)",
        flush=True,
    )
    time_command(
        bench,
        row,
        [str(TRACKER), "diff", "--json", "--year", "2023"],
        root,
        cold=1,
        warm=1,
        changed=0,
        target_file=None,
    )
    row.note = (
        f"tracker diff --json --year 2023: {commitments:,} commitments of 2023 against "
        f"{later:,} letters of 2025 (cold, then warm)"
    )
    return [row]


def import_rows(bench: Bench, count: int = 1000) -> list[Row]:
    """`tracker import` of 1,000 letters into a fresh tree."""
    row = Row("import (1,000 letters)")
    letters = bench.tmp / "letters"
    generate.write_letters(letters, count)
    why = available(bench, ["import"], bench.tmp)
    if why:
        row.note = why
        return [row]
    for i in range(1):
        fresh = bench.tmp / f"import-tree-{i}"
        (fresh / "commitments").mkdir(parents=True)
        (fresh / "seeds").mkdir()
        r = bench.run(
            [str(TRACKER), "import", str(letters), "--root", str(fresh)], fresh, timeout=600
        )
        row.runs.setdefault("cold", []).append(r)
        if r.code == 0:
            made = sum(1 for _ in (fresh / "commitments").glob("*/*.yaml"))
            row.note = f"{count:,} letters: {made:,} files written into a fresh tree"
    return [row]


def hostile_file(reply: str, n: int, limit: int) -> str:
    """A commitment file of `reply` with n evidence entries from its own letter whose quotes are
    not in it, written compactly so that it stays under `limit` bytes."""
    lines = [
        f"id: {reply}/01",
        f"reply: {reply}",
        "area: null",
        "text: 这一条承诺的原文并不在来文之中",
        "status: pending",
        "status_note: null",
        "evidence:",
    ]
    lines += [
        f"  - {{reply: {reply}, section: progress, quote: 第{i}条不在来文, verdict: progress}}"
        for i in range(n)
    ]
    text = "\n".join(lines) + "\n"
    if len(text.encode()) >= limit:
        raise SystemExit(f"the hostile file is {len(text.encode()):,} bytes, over {limit:,}")
    return text


def hostile_rows(bench: Bench, n: int = 10_000) -> list[Row]:
    """`tracker validate` on a tree of 1,000 commitments where one file holds n evidence entries
    whose quotes are not in the letter: each problem is placed by line, n problems in one file."""
    from tracker import store

    row = Row(HOSTILE if n == 10_000 else HOSTILE.replace("10,000", f"{n:,}"))
    root = bench.tmp / "hostile-tree"
    generate.generate(root, 1000, check=0)
    target = sorted((root / "commitments").glob("*/01.yaml"))[0]
    target.write_text(hostile_file(target.parent.name, n, store.MAX_FILE_BYTES), encoding="utf-8")
    size = target.stat().st_size
    subprocess.run(["git", "-C", str(root), "add", "-A"], env=bench.env, check=True)
    time_command(
        bench,
        row,
        [str(TRACKER), "validate"],
        root,
        cold=1,
        warm=bench.runs,
        changed=bench.runs,
        target_file=target,
        ok_codes=(1,),  # the file's problems are found
    )
    row.note = (
        f"1,000 commitments, one file of {n:,} evidence entries ({size / 1024:,.0f} KiB) whose "
        f"quotes are not in the letter: {n:,} problems placed by line"
    )
    shutil.rmtree(root, ignore_errors=True)
    return [row]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="tracker's benchmarks (make bench)")
    ap.add_argument(
        "--sizes", default="1000,10000,50000", help="commitments per tree, comma-separated"
    )
    ap.add_argument("--runs", type=int, default=3, help="warm runs per command (and changed runs)")
    ap.add_argument("--timeout", type=float, default=240, help="seconds before a run is stopped")
    ap.add_argument(
        "--rt-sample-from",
        type=int,
        default=20_000,
        help="files above which the round trip is measured on 3,000 files and extrapolated",
    )
    ap.add_argument(
        "--only", default=None, help="tree commands to time, comma-separated (default: all)"
    )
    ap.add_argument(
        "--hostile",
        type=int,
        default=10_000,
        help="evidence entries of the hostile file validate is timed on (0: skip it)",
    )
    ap.add_argument("--no-diff", action="store_true")
    ap.add_argument("--no-import", action="store_true")
    ap.add_argument("--diff-size", default="10000,2000", help="commitments,later letters for diff")
    ap.add_argument("--import-letters", type=int, default=1000)
    ap.add_argument(
        "--tmp", type=Path, default=None, help="folder for the trees (default: the system's)"
    )
    ap.add_argument("--keep", action="store_true", help="keep the generated trees")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    tmp = Path(tempfile.mkdtemp(prefix="tracker-bench-", dir=args.tmp))
    bench = Bench(tmp, args.runs, args.timeout)
    from tracker import store

    print(f"tracker benchmark, {datetime.now():%Y-%m-%d %H:%M}, {machine()}")
    print(
        f"Python {platform.python_version()}, {subprocess.run(['git', '--version'], capture_output=True, text=True).stdout.strip()}, "
        f"YAML reader: {store.parser_name()}, trees in {tmp}"
    )
    print(f"load average at start: {load()} (other processes on the machine slow every figure)")
    print(
        "cold: no .tracker-cache; warm: nothing changed; 1 changed: one commitment file edited before each run. "
        "Medians; peak = largest ru_maxrss of a run."
    )
    missed: list[str] = []
    help_row = Row("--help")
    bench.run([str(TRACKER), "--help"], tmp)  # compiles the byte code once, as an install does
    for _ in range(5 if args.runs >= 3 else 1):
        help_row.runs.setdefault("cold", []).append(bench.run([str(TRACKER), "--help"], tmp))
    missed += print_table("start-up", [help_row], None, True)
    for n in sizes:
        if bench.left() < 60:
            bench.skipped.append(f"{n:,} commitments")
            continue
        root = tmp / f"tree-{n}"
        g = generate.generate(root, n, check=200)
        title = (
            f"== {g.commitments:,} commitments in {g.letters:,} letters ({g.files:,} YAML files, "
            f"{g.commits} commits; generated in {g.seconds:.0f} s, {g.checked} files checked "
            f"against store.dump_text)"
        )
        print(f"\n{title[3:]} ...", flush=True)
        rt = round_trip(root, args.rt_sample_from)
        only = set(args.only.split(",")) if args.only else None
        rows = size_rows(bench, n, root, only)
        missed += print_table(title, rows, rt, n >= 50_000)
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    extra: list[Row] = []
    if args.hostile and bench.left() > 60:
        extra += hostile_rows(bench, args.hostile)
    if not args.no_diff and bench.left() > 90:
        c, later = (int(x) for x in args.diff_size.split(","))
        extra += diff_rows(bench, c, later)
    if not args.no_import and bench.left() > 60:
        extra += import_rows(bench, args.import_letters)
    if extra:
        missed += print_table("== follow-up and import", extra, None, True)
    print(f"\nload average at end: {load()}; total {(time.monotonic() - bench.start) / 60:.1f} min")
    if bench.skipped:
        print("skipped (time budget): " + ", ".join(bench.skipped))
    print("targets not met: " + ("none" if not missed else ""))
    for m in missed:
        print(f"  - {m}")
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        print(f"trees kept in {tmp}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
