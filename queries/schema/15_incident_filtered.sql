-- incident_filtered: incident_facts (see 12_incident_facts) restricted to a filter — the period
-- [from_day, to_day) by reported_at and DESIGN §5's lists (empty list = all; `grids` are level-3 ids;
-- statuses open / overdue / closed). One definition of "matches the filter" for every map and list query.
-- params: none
CREATE OR REPLACE MACRO incident_filtered(now_ts, respond_s, arrive_s, dispose_s, from_day, to_day,
                                          areas, grids, layers, categories, sources, severities, statuses) AS TABLE
SELECT *
FROM incident_facts(now_ts, respond_s, arrive_s, dispose_s)
WHERE reported_at >= from_day AND reported_at < to_day
  AND (len(areas) = 0 OR list_contains(areas, area_id))
  AND (len(grids) = 0 OR list_contains(grids, grid_id))
  AND (len(layers) = 0 OR list_contains(layers, layer))
  AND (len(categories) = 0 OR list_contains(categories, category))
  AND (len(sources) = 0 OR list_contains(sources, source))
  AND (len(severities) = 0 OR list_contains(severities, severity))
  AND (len(statuses) = 0 OR (list_contains(statuses, 'closed') AND closed)
       OR (list_contains(statuses, 'open') AND NOT closed) OR (list_contains(statuses, 'overdue') AND overdue));
