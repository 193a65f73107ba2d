from pathlib import Path

import duckdb
import pytest

from app import QUERIES_DIR
from app.store.sql import QueryCallError, QueryDefinitionError, load_queries, parse_query


def _parse(text: str):
    return parse_query("t/q", Path("queries/t/q.sql"), text)


def test_header_gives_doc_and_declared_params():
    q = _parse(
        "-- Incidents since a day.\n-- More words.\n-- params: since TIMESTAMP, lim INTEGER\n"
        "SELECT * FROM incident WHERE reported_at >= $since LIMIT $lim"
    )
    assert q.doc == "Incidents since a day.\nMore words."
    assert [(p.name, p.type) for p in q.params] == [("since", "TIMESTAMP"), ("lim", "INTEGER")]
    assert q.sql.startswith("SELECT")


def test_used_but_undeclared_parameter_names_file_and_parameter():
    with pytest.raises(QueryDefinitionError) as err:
        _parse("-- x\n-- params: a\nSELECT $a, $b")
    assert "queries/t/q.sql" in str(err.value) and "$b" in str(err.value)


def test_declared_but_unused_parameter_names_file_and_parameter():
    with pytest.raises(QueryDefinitionError) as err:
        _parse("-- x\n-- params: a, extra\nSELECT $a")
    assert "queries/t/q.sql" in str(err.value) and "extra" in str(err.value)


def test_missing_params_line_is_an_error():
    with pytest.raises(QueryDefinitionError, match="params"):
        _parse("-- only a doc\nSELECT 1")


def test_dollar_in_strings_and_comments_is_not_a_parameter():
    q = _parse("-- x\n-- params: none\nSELECT '$price' AS label -- costs $money\n")
    assert q.params == ()
    assert duckdb.connect().execute(q.sql).fetchone() == ("$price",)


def test_call_with_missing_or_extra_parameters_fails():
    q = _parse("-- x\n-- params: a INTEGER\nSELECT $a + 1")
    con = duckdb.connect()
    assert q.execute(con, a=41).fetchone() == (42,)
    with pytest.raises(QueryCallError, match="missing a"):
        q.execute(con)
    with pytest.raises(QueryCallError, match="unexpected b"):
        q.execute(con, a=1, b=2)


def test_project_queries_all_load():
    book = load_queries(QUERIES_DIR)
    assert "schema/01_grid" in book and "grid/by_level" in book
    assert [q.name for q in book.group("schema")] == sorted(q.name for q in book.group("schema"))


def test_misdeclared_file_stops_the_load(tmp_path: Path):
    (tmp_path / "grid").mkdir()
    (tmp_path / "grid" / "ok.sql").write_text("-- fine\n-- params: none\nSELECT 1\n")
    (tmp_path / "grid" / "bad.sql").write_text("-- bad\n-- params: level\nSELECT * FROM grid WHERE lvl = $levl\n")
    with pytest.raises(QueryDefinitionError) as err:
        load_queries(tmp_path)
    assert "bad.sql" in str(err.value) and "levl" in str(err.value)
