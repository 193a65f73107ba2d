"""What every `gridscope` command shares: `--db`, the settings it runs with, its one error type and the
argparse types built on the one parameter module (app.domain.params)."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.config import CONFIG_NAME, DEFAULT_DB_NAME, Settings, default_db_path, load_settings
from app.domain import params
from app.errors import AppError


class CliError(AppError):
    """Bad input to a command: printed as one line, exit status 2."""


def db_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", type=Path, default=None, help=f"database file (default: $GRIDSCOPE_DB, else ./{DEFAULT_DB_NAME})"
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=None,
        help=f"settings file (default: $GRIDSCOPE_CONFIG, else {CONFIG_NAME} beside the database, else the "
        "shipped defaults; see docs/gridscope.example.toml)",
    )


def settings_of(args: argparse.Namespace) -> Settings:
    """The settings a command runs with: the settings file's (or the defaults) on the database `--db` names."""
    return load_settings(args.db or default_db_path(), args.config)


def existing_db(settings: Settings) -> Path:
    if not settings.db_path.exists():
        raise CliError(f"{settings.db_path} does not exist; create it with `gridscope demo` or import data")
    return settings.db_path


def count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {text}")
    return value


minutes_list = params.argparse_type(lambda text: params.minutes_list("minutes", text))
speed = params.argparse_type(
    lambda text: params.number("speed", text, 0.0, 1.0, 10.0, "walking speed must be 1-10 km/h")
)
seconds = params.argparse_type(lambda text: params.number("seconds", text, 0.0, 0.5, 3600, "must be 0.5-3600 seconds"))
timestamp = params.argparse_type(lambda text: params.timestamp("now", text))
