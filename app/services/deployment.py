"""What the settings file says about the town, between the file and the database: its categories (the
`category` table), its name and time zone (meta).

The database keeps the categories its incidents use, with their labels, so a file that moves without its
settings still reads. A settings file that gives `[[taxonomy.categories]]` rules: it is written to the table,
and a category it drops while incidents still hold it stops the command (nothing is lost by a typo).
"""

from __future__ import annotations

from dataclasses import replace

import duckdb
import pandas as pd

from app.config import Settings
from app.domain.taxonomy import Category
from app.errors import AppError
from app.store.sql import QueryBook


class TaxonomyError(AppError):
    """The settings' categories would orphan incidents; the message names each category and its count."""

    status = 409


def stored_categories(cur, queries: QueryBook) -> list[Category]:
    """The categories the database carries ([] for a file older than the table, opened read-only)."""
    try:
        rows = queries["taxonomy/categories"].execute(cur).fetchall()
    except duckdb.CatalogException:
        return []
    return [Category(code, zh, en, layer=layer, color=color) for code, zh, en, layer, color in rows]


def settle(cur, queries: QueryBook, settings: Settings, write: bool = True) -> tuple[Settings, int]:
    """The settings with the taxonomy this database is served with — the database's own categories when the
    settings file gives none, else the file's, checked against the incidents and (with `write`) stored — and
    how many incidents moved layer because their category did (the caller then refreshes what derives from
    incidents, in the same transaction).

    Raises TaxonomyError when a category the file leaves out still holds incidents."""
    if write:
        _store_town(cur, queries, settings)
    stored = stored_categories(cur, queries)
    if not settings.categories_from_file and stored:
        return replace(settings, taxonomy=settings.taxonomy.with_categories(stored)), 0
    categories = settings.taxonomy.categories
    orphans = [(c, n) for c, n in queries["taxonomy/in_use"].execute(cur).fetchall() if c not in categories]
    if orphans:
        listed = "; ".join(f"{c} ({n:,} incidents)" for c, n in orphans)
        raise TaxonomyError(
            f"the settings' [[taxonomy.categories]] leave out categories that incidents still use: {listed}. "
            "Keep them in the list (rename only their labels), or move those incidents first",
            f"设置文件的事件类别缺少仍有事件使用的类别：{listed}。请保留这些类别（可只改名称）",
        )
    if not write or stored == list(categories.values()):
        return settings, 0
    queries["taxonomy/clear"].execute(cur)
    stage = pd.DataFrame(
        [(c.code, c.zh, c.en, c.layer, c.color, i) for i, c in enumerate(categories.values())],
        columns=["code", "zh", "en", "layer", "color", "position"],
    )
    cur.register("category_stage", stage)
    queries["taxonomy/insert_staged"].execute(cur)
    cur.unregister("category_stage")
    return settings, int(queries["taxonomy/relayer"].execute(cur).fetchone()[0])


def _store_town(cur, queries: QueryBook, settings: Settings) -> None:
    """The settings' name of the town (when given) and time zone become the dataset's."""
    facts = {"town_name": settings.town_name, "town_name_en": settings.town_name_en, "timezone": settings.timezone}
    for key, value in facts.items():
        if value:
            queries["meta/put"].execute(cur, key=key, value=value)
