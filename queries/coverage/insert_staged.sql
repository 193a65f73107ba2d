-- Insert per-grid coverage from the staged frame `grid_coverage_stage`.
-- params: none
INSERT INTO grid_coverage
SELECT grid_id, minutes, population, covered_population, covered_share, nearest_station_id, nearest_minutes
FROM grid_coverage_stage
ORDER BY grid_id, minutes
