"""The running app's settings and database, reached from layouts, callbacks and API views.

They hang off the Flask app (`server.extensions`), not a module global, so several apps (tests) can live
in one process.
"""

from __future__ import annotations

from dataclasses import dataclass

import flask

from app.config import Settings
from app.data.db import Database

_KEY = "gridscope"


@dataclass(frozen=True)
class AppContext:
    settings: Settings
    db: Database


def install(server: flask.Flask, ctx: AppContext) -> None:
    server.extensions[_KEY] = ctx


def current() -> AppContext:
    """The context of the app serving the current request."""
    return flask.current_app.extensions[_KEY]
