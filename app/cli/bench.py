"""`gridscope bench [NAME] [ARGS…]`: run one of the benchmark scripts in benchmarks/ (they print figures).

Without a name it lists them. The scripts are part of the checkout, not of the installed package; each takes
its own options (`gridscope bench map --help`)."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from app import PROJECT_ROOT
from app.cli.options import CliError

BENCHMARKS_DIR = PROJECT_ROOT / "benchmarks"


def add_parser(sub) -> None:
    bench = sub.add_parser(
        "bench",
        help="run a benchmark script from benchmarks/ (no name: list them)",
        description="Run benchmarks/bench_NAME.py with this interpreter; the rest of the line goes to the script.",
    )
    bench.add_argument("name", nargs="?", help="which benchmark (e.g. map, ingest_api); none: list them")
    bench.add_argument("args", nargs=argparse.REMAINDER, help="the benchmark's own options")


def available(folder: Path = BENCHMARKS_DIR) -> dict[str, Path]:
    """Benchmark name → script, for every benchmarks/bench_*.py."""
    return {p.stem.removeprefix("bench_"): p for p in sorted(folder.glob("bench_*.py"))}


def run(args: argparse.Namespace) -> int:
    scripts = available()
    if not args.name:
        for name, path in scripts.items():
            doc = (path.read_text(encoding="utf-8").split('"""') + ["", ""])[1].strip().splitlines()
            print(f"{name:<14} {doc[0] if doc else ''}")
        return 0
    if args.name not in scripts:
        known = ", ".join(scripts) or f"none: {BENCHMARKS_DIR} holds no bench_*.py"
        raise CliError(f"unknown benchmark {args.name!r}; available: {known}")
    return subprocess.call([sys.executable, str(scripts[args.name]), *args.args], cwd=PROJECT_ROOT)
