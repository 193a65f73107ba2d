"""The coverage page says why it suggests no new site: unknown population, another duration, or nobody left out."""

from __future__ import annotations

from app.services.coverage import UnitCoverage
from app.web.components.coverage_panels import no_suggestion


def _town(population: int, covered: float) -> UnitCoverage:
    share = covered / population if population else None
    return UnitCoverage("TOWN", "小镇", population, covered, share, 0)


def test_a_town_without_population_is_not_told_everyone_is_covered():
    for total in (None, _town(0, 0.0)):
        sentence = no_suggestion(total, 15, 15)
        assert "常住人口未知" in sentence and "gridscope import grids" in sentence
        assert "所有常住人口均在生活圈内" not in sentence


def test_people_left_out_at_a_duration_without_suggestions_point_to_the_computed_one():
    assert no_suggestion(_town(3000, 2400.0), 10, 15) == "建议站点按 15 分钟生活圈计算；切换到 15 分钟查看。"
    assert "gridscope circles" in no_suggestion(_town(3000, 2400.0), 15, 15)


def test_only_a_fully_covered_town_needs_no_new_site():
    assert no_suggestion(_town(3000, 3000.0), 15, 15) == "无需新增：所有常住人口均在生活圈内。"
