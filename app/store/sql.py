"""Named queries: one `.sql` file per query under `queries/<entity>/<name>.sql`.

A file starts with a comment header. Its lines are the docstring, except one line that declares the
parameters the query takes:

    -- Incidents per level-3 grid reported in [from_ts, to_ts).
    -- params: from_ts TIMESTAMP, to_ts TIMESTAMP
    SELECT grid_id, count(*) FROM incident WHERE reported_at >= $from_ts AND reported_at < $to_ts ...

`-- params: none` declares a query without parameters. Loading fails at start-up when the declared and
the used (`$name`) parameters differ; calling fails when a parameter is missing or extra.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import duckdb

_PARAM_USE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_PARAMS_LINE = re.compile(r"^--\s*params\s*:\s*(.*)$", re.IGNORECASE)
_PARAM_DECL = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)(?:\s+(.+))?$")
# Text that may contain a `$` that is not a parameter: comments, string literals, quoted identifiers.
_NOT_CODE = re.compile(r"--[^\n]*|'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"")


class QueryDefinitionError(ValueError):
    """A query file is malformed: the message names the file and what is wrong."""


class QueryCallError(TypeError):
    """A query was called with missing or unexpected parameters."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str  # the declared SQL type, for documentation and error messages


@dataclass(frozen=True)
class Query:
    """One named query: `name` is its path under queries/ without `.sql`, e.g. `grid/by_level`."""

    name: str
    path: Path
    doc: str
    params: tuple[Param, ...]
    sql: str

    @property
    def param_names(self) -> frozenset[str]:
        return frozenset(p.name for p in self.params)

    def declared_of(self, params: Mapping[str, object]) -> dict[str, object]:
        """The given parameters this query declares, the rest dropped: for callers holding a shared set
        (a filter scope's parameters) that each query takes a part of."""
        return {k: v for k, v in params.items() if k in self.param_names}

    def bind(self, params: Mapping[str, object]) -> dict[str, object]:
        """Check the call's parameters against the declaration; return them ready for DuckDB."""
        given = set(params)
        missing = sorted(self.param_names - given)
        extra = sorted(given - self.param_names)
        if missing or extra:
            parts = []
            if missing:
                parts.append(f"missing {', '.join(missing)}")
            if extra:
                parts.append(f"unexpected {', '.join(extra)}")
            raise QueryCallError(f"query {self.name} ({self.path}): {'; '.join(parts)}")
        return dict(params)

    def execute(self, cur: duckdb.DuckDBPyConnection, **params: object) -> duckdb.DuckDBPyConnection:
        bound = self.bind(params)
        return cur.execute(self.sql, bound) if bound else cur.execute(self.sql)

    def execute_with(
        self, cur: duckdb.DuckDBPyConnection, with_clause: str, params: Mapping[str, object]
    ) -> duckdb.DuckDBPyConnection:
        """Execute this query (declaring no parameters) after the caller's `WITH …` clause, which defines a
        relation the query reads by name; `params` are the clause's. One statement, where registering the
        relation first would take two."""
        self.bind({})
        return cur.execute(f"{with_clause}\n{self.sql}", dict(params))


def parse_query(name: str, path: Path, text: str) -> Query:
    """Parse one query file's text; raise QueryDefinitionError naming the file on any mismatch."""
    doc_lines: list[str] = []
    declared: list[Param] | None = None
    body_start = 0
    lines = text.splitlines()
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("--"):
            body_start = i
            break
        match = _PARAMS_LINE.match(stripped)
        if match:
            if declared is not None:
                raise QueryDefinitionError(f"{path}: more than one '-- params:' line")
            declared = _parse_declaration(path, match.group(1))
        else:
            doc_lines.append(stripped[2:].strip())
    else:
        body_start = len(lines)
    body = "\n".join(lines[body_start:]).strip()
    if not body:
        raise QueryDefinitionError(f"{path}: no SQL after the header")
    if declared is None:
        raise QueryDefinitionError(f"{path}: missing '-- params:' line in the header (use '-- params: none')")
    used = set(_PARAM_USE.findall(_NOT_CODE.sub(" ", body)))
    names = [p.name for p in declared]
    undeclared = sorted(used - set(names))
    unused = sorted(set(names) - used)
    if undeclared:
        raise QueryDefinitionError(f"{path}: parameter ${undeclared[0]} is used but not declared in '-- params:'")
    if unused:
        raise QueryDefinitionError(f"{path}: parameter {unused[0]} is declared in '-- params:' but not used")
    return Query(name=name, path=path, doc="\n".join(doc_lines).strip(), params=tuple(declared), sql=body)


def _parse_declaration(path: Path, text: str) -> list[Param]:
    text = text.strip()
    if text.lower() in ("", "none"):
        return []
    params: list[Param] = []
    for item in text.split(","):
        match = _PARAM_DECL.match(item.strip())
        if not match:
            raise QueryDefinitionError(f"{path}: cannot read parameter declaration {item.strip()!r}")
        name, sql_type = match.group(1), (match.group(2) or "ANY").strip()
        if any(p.name == name for p in params):
            raise QueryDefinitionError(f"{path}: parameter {name} declared twice")
        params.append(Param(name, sql_type))
    return params


class QueryBook(Mapping[str, Query]):
    """All queries of a directory, by name."""

    def __init__(self, queries: Mapping[str, Query]):
        self._queries = dict(queries)

    def __getitem__(self, name: str) -> Query:
        try:
            return self._queries[name]
        except KeyError:
            raise KeyError(f"no query named {name!r} under queries/") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._queries)

    def __len__(self) -> int:
        return len(self._queries)

    def group(self, entity: str) -> list[Query]:
        """Queries under `queries/<entity>/`, in file-name order."""
        return [q for n, q in sorted(self._queries.items()) if n.startswith(entity + "/")]


# Folders of queries/ written for another engine, loaded as their own book (accounts: SQLite).
OTHER_ENGINES = ("accounts",)


def load_queries(root: Path) -> QueryBook:
    """Load and check every `.sql` file under `root` (the DuckDB book leaves out OTHER_ENGINES' folders); the
    first malformed file stops the load."""
    queries: dict[str, Query] = {}
    for path in sorted(root.rglob("*.sql")):
        name = path.relative_to(root).with_suffix("").as_posix()
        if name.split("/")[0] in OTHER_ENGINES:
            continue
        queries[name] = parse_query(name, path, path.read_text(encoding="utf-8"))
    if not queries:
        raise QueryDefinitionError(f"{root}: no .sql files found")
    return QueryBook(queries)
