"""Shared fixtures: a small demo town built once per test run with the same code as `gridscope demo`."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest

from app.config import Settings
from app.demo.build import build_demo

DEMO_NOW = datetime(2026, 11, 22, 16, 0)
DEMO_SEED = 7
DEMO_INCIDENTS = 20_000


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo database (20k incidents); tests only read it."""
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    build_demo(path, incidents=DEMO_INCIDENTS, seed=DEMO_SEED, now=DEMO_NOW, settings=Settings())
    return path


@pytest.fixture(scope="session")
def served_db(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo database for a server process (DuckDB locks a file to one process)."""
    path = tmp_path_factory.mktemp("served") / "demo.duckdb"
    shutil.copy(demo_db, path)
    return path
