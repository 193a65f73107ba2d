"""GridScope (网格一张图): grids, stations, service circles and incidents of one town, on one map."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
QUERIES_DIR = PROJECT_ROOT / "queries"
ASSETS_DIR = PROJECT_ROOT / "assets"
GEODATA_DIR = PROJECT_ROOT / "geodata"

__version__ = "0.1.0"
