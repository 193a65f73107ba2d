"""The running app's settings and database, reached from layouts, callbacks and API views.

They hang off the Flask app (`server.extensions`), not a module global, so several apps (tests) can live
in one process.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import flask

from app.config import Settings
from app.domain.filters import Filters, parse_filters
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


def request_filters(query) -> Filters:
    """The filters of an API request: parsed against the town's taxonomy and held to the signed-in person's
    areas (a leader's request for another area answers 403 naming it)."""
    from app.services import repo
    from app.web import auth, permissions

    filters = parse_filters(query, taxonomy())
    principal = auth.current_principal()
    if principal is None or not principal.areas:
        return filters
    area_of = {u.unit_id: u.area_id or "" for u in repo.units(current().db).values()}
    return permissions.scoped_filters(principal, filters, area_of)
