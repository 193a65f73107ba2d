-- The one definition of "matches the filter" (the URL filters of README "Pages"; empty list = all; `grids` are level-3 ids;
-- statuses open / overdue / closed), and two table macros that apply it:
-- incident_filtered: incident_facts (see 13_incident_facts) reported in [from_day, to_day);
-- incident_daily_filtered: incident_daily_facts (pre-aggregated days before agg_until, raw after) over
-- [from_day, to_day). The pre-aggregate has no grid, severity or status, so readers pass
-- agg_until = 1900-01-01 when they filter on one (Filters.needs_raw_rows).
-- params: none
CREATE OR REPLACE MACRO matches_filter(area_id, grid_id, layer, category, source, severity, closed, overdue,
                                       areas, grids, layers, categories, sources, severities, statuses) AS
    (len(areas) = 0 OR list_contains(areas, area_id))
    AND (len(grids) = 0 OR list_contains(grids, grid_id))
    AND (len(layers) = 0 OR list_contains(layers, layer))
    AND (len(categories) = 0 OR list_contains(categories, category))
    AND (len(sources) = 0 OR list_contains(sources, source))
    AND (len(severities) = 0 OR list_contains(severities, severity))
    AND (len(statuses) = 0 OR (list_contains(statuses, 'closed') AND closed)
         OR (list_contains(statuses, 'open') AND NOT closed) OR (list_contains(statuses, 'overdue') AND overdue));

CREATE OR REPLACE MACRO incident_filtered(now_ts, respond_s, arrive_s, dispose_s, from_day, to_day,
                                          areas, grids, layers, categories, sources, severities, statuses) AS TABLE
SELECT *
FROM incident_facts(now_ts, respond_s, arrive_s, dispose_s)
WHERE reported_at >= from_day AND reported_at < to_day
  AND matches_filter(area_id, grid_id, layer, category, source, severity, closed, overdue,
                     areas, grids, layers, categories, sources, severities, statuses);

CREATE OR REPLACE MACRO incident_daily_filtered(now_ts, respond_s, arrive_s, dispose_s, agg_until, from_day, to_day,
                                                areas, grids, layers, categories, sources, severities, statuses)
AS TABLE
SELECT *
FROM incident_daily_facts(now_ts, respond_s, arrive_s, dispose_s, agg_until, from_day, to_day)
WHERE day >= from_day AND day < to_day
  AND matches_filter(area_id, grid_id, layer, category, source, severity, closed, overdue,
                     areas, grids, layers, categories, sources, severities, statuses);
