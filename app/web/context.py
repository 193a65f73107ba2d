"""The running app's settings and database, reached from layouts, callbacks and API views.

They hang off the Flask app (`server.extensions`), not a module global, so several apps (tests) can live
in one process.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import flask

from app.config import Settings
from app.domain.taxonomy import Taxonomy
from app.services.circles import CoverageModelCache
from app.store.db import Database

_KEY = "gridscope"


@dataclass(frozen=True)
class AppContext:
    settings: Settings
    db: Database
    coverage: CoverageModelCache = field(default_factory=CoverageModelCache)


def install(server: flask.Flask, ctx: AppContext) -> None:
    server.extensions[_KEY] = ctx


def current() -> AppContext:
    """The context of the app serving the current request."""
    return flask.current_app.extensions[_KEY]


def taxonomy() -> Taxonomy:
    """The taxonomy the running app serves its database with (settled at start, see services.deployment)."""
    return current().settings.taxonomy
