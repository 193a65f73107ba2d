"""README "Your own town": its walk-through, run line by line as a user types it, rebuilds the demo town from
geodata/demo/ through `init` and `import` only and ends with the demo build's figures on /api/metrics."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

from app import PROJECT_ROOT
from app.config import load_settings
from app.web.factory import context_db, create_app
from tests.access import signed_in

QUERIES = [
    "/api/metrics",
    "/api/metrics?area=A01",
    "/api/metrics?from=2025-01-01&to=2026-11-22",
    "/api/metrics?category=noise,flood&from=2026-06-01",
    "/api/metrics?grid=A02-C03&severity=3,4",
]


def walkthrough_lines() -> list[str]:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```bash\n# walk-through\n(.*?)```", readme, re.S)
    assert block, "README has no walk-through block"
    return [line for line in block.group(1).splitlines() if line.startswith("gridscope ")]


def _answers(db_path: Path) -> dict[str, dict]:
    app = create_app(load_settings(db_path))
    try:
        client = signed_in(app.server.test_client())
        return {q: client.get(q).get_json() for q in [*QUERIES, "/api/health"]}
    finally:
        context_db(app).close()


def test_the_readme_walkthrough_rebuilds_the_demo_town(tmp_path: Path):
    for shared in ("geodata", "docs"):
        (tmp_path / shared).symlink_to(PROJECT_ROOT / shared)
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    env.pop("GRIDSCOPE_CONFIG", None)
    timings = []
    lines = walkthrough_lines()
    assert [shlex.split(line)[1] for line in lines] == ["demo", "export", "init", *["import"] * 5]
    for line in lines:
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "app", *shlex.split(line)[1:]],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, f"{line}\n{done.stdout}\n{done.stderr}"
        assert "rejected 0" in done.stdout or "import" not in line, done.stdout
        timings.append(f"{time.perf_counter() - started:5.1f} s  {line}")
    print("\n".join(timings))
    demo, town = _answers(tmp_path / "demo.duckdb"), _answers(tmp_path / "town" / "town.duckdb")
    for query in QUERIES:
        assert demo[query]["count"] > 0, query
        theirs = {k: v for k, v in town[query].items() if k != "data_until"}
        ours = {k: v for k, v in demo[query].items() if k != "data_until"}
        assert theirs == ours, query
    # The dataset's now: the demo's --now, an import's last event before it.
    assert demo["/api/metrics"]["data_until"] == "2026-11-22 16:00:00"
    assert "2026-11-22 00:00:00" < town["/api/metrics"]["data_until"] < "2026-11-22 16:00:00"
    for key in ("grids", "stations", "incidents", "open_incidents"):
        assert town["/api/health"][key] == demo["/api/health"][key] > 0, key
    assert town["/api/health"]["synthetic"] is False
