"""Time reading adversarial pages of up to 50,000 characters; print one table against 2 s.

Run it with `make bench-reading` (or `.venv/bin/python bench/reading.py` from the repository).
It imports only the pure reading package, so it needs neither Django nor a database. Each shape
is read the way the importer reads it (`read_page`, with `whole=True` where the text has no
dateline, which is what staff tick in the admin), best of three runs.
"""

import argparse
import datetime
import os
import platform
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from initiatives.reading import MAX_PAGE_CHARS, read_page  # noqa: E402

# Seconds a page of MAX_PAGE_CHARS may take to read, whatever its shape (issue 8): well inside
# gunicorn's 120-second timeout, with the preview and the create step each reading it.
TARGET = 2.0
# The seed page's counties, as the importer would pass them from the database.
COUNTIES = (
    *("任城区", "兖州区", "曲阜市", "邹城市", "微山县", "鱼台县", "金乡县", "嘉祥县"),
    *("汶上县", "泗水县", "梁山县", "太白湖新区", "济宁高新区", "济宁经开区"),
)
DATELINE = "本报汶上讯 "
REPORT = "本报汶上讯（通讯员 袁军）全县新建102个驿站，惠及老人3000余人。\n"


class TooSlow(Exception):
    pass


def fill(unit, size, head="", tail=""):
    """Return head + unit repeated + tail, exactly size characters long."""
    room = size - len(head) - len(tail)
    return head + (unit * (room // len(unit) + 1))[:room] + tail


def nested(size):
    """Return a report whose one figure sits inside thousands of brackets and quotes."""
    middle = "全县新建102个驿站"
    depth = (size - len(DATELINE) - len(middle)) // 4
    return fill(
        "。", size, DATELINE + "（" * depth + "“" * depth + middle + "”" * depth + "）" * depth
    )


def mix(size):
    """Return a page of every other shape in turn, each a sixth of it."""
    part = size // 6
    pieces = [
        fill("字\n", part),
        fill("本报汶上县讯\n", part),
        fill("102个项目，", part, head="\n" + DATELINE),
        fill("好！\n\n", part),
        "\n" + nested(part),
        fill("汶上县帮扶项目建设工作", part, head="\n" + DATELINE),
    ]
    return fill("字\n", size, "".join(pieces)[:size])


# name, builder(size) -> text, whole
SHAPES = [
    ("short lines (one character each)", lambda n: fill("字\n", n), True),
    ("short lines, then a report", lambda n: fill("字\n", n, tail="\n" + REPORT), False),
    ("one line without punctuation", lambda n: fill("汶上县帮扶项目建设工作", n), True),
    ("alternating blank lines", lambda n: fill("字\n\n", n), True),
    ("one-line headlines, then a report", lambda n: fill("好！\n\n", n, tail=REPORT), False),
    ("datelines (本报汶上县讯)", lambda n: fill("本报汶上县讯\n", n), False),
    ("bylines after a report", lambda n: fill("本报记者 张三\n", n, head=REPORT), False),
    ("figures (102个项目，)", lambda n: fill("102个项目，", n, head=DATELINE), False),
    ("planned figures (计划102个，)", lambda n: fill("计划102个，", n, head=DATELINE), False),
    ("figures before open brackets", lambda n: fill("102个项（5名人“", n, head=DATELINE), False),
    ("nested brackets and quotes", nested, False),
    ("mix of all the above", mix, False),
]
SCALED = ("short lines (one character each)", "datelines (本报汶上县讯)", "figures (102个项目，)")


def _alarm(signum, frame):
    raise TooSlow


def measure(text, whole, runs, cap):
    """Return (best seconds or None if a run passed cap, items, figures)."""
    best = None
    items = []
    signal.signal(signal.SIGALRM, _alarm)
    for _ in range(runs):
        signal.setitimer(signal.ITIMER_REAL, cap)
        try:
            began = time.perf_counter()
            items = read_page(text, COUNTIES, whole=whole)
            took = time.perf_counter() - began
        except TooSlow:
            return None, None, None
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        best = took if best is None else min(best, took)
    return best, len(items), sum(len(item.figures) for item in items)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per shape; the best counts")
    parser.add_argument(
        "--cap", type=float, default=60, help="seconds after which a run is abandoned"
    )
    args = parser.parse_args()

    print(f"Reading benchmark, {datetime.date.today()}: {os.cpu_count()} cores, ", end="")
    print(
        f"Python {platform.python_version()}, {platform.machine()}, best of {args.runs}, ", end=""
    )
    print(f"load average {os.getloadavg()[0]:.1f} at the start.")
    print(f"Target: {TARGET:g} s for a page of {MAX_PAGE_CHARS:,} characters.\n")
    print("| shape | characters | items | figures | seconds | target |")
    print("|---|---:|---:|---:|---:|---|")
    rows = [(name, build, whole, MAX_PAGE_CHARS) for name, build, whole in SHAPES]
    rows += [
        (f"{name}, scaling", build, whole, size)
        for name, build, whole in SHAPES
        if name in SCALED
        for size in (MAX_PAGE_CHARS // 4, MAX_PAGE_CHARS // 2)
    ]
    missed = 0
    for name, build, whole, size in rows:
        text = build(size)
        seconds, items, figures = measure(text, whole, args.runs, args.cap)
        if seconds is None:
            shown, verdict, items, figures = f"> {args.cap:g}", "MISSED", "", ""
        else:
            shown, verdict = f"{seconds:.3f}", "met" if seconds <= TARGET else "MISSED"
        missed += verdict == "MISSED"
        print(f"| {name} | {len(text):,} | {items} | {figures} | {shown} | {verdict} |", flush=True)
    print(f"\nLoad average {os.getloadavg()[0]:.1f} at the end.")
    if missed:
        print(f"{missed} shape(s) missed the target.")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
