-- Write the lifecycle log of the staged incidents just inserted (not in staged_existing): one event per
-- reached stage, the same events incident/events_from_stages writes for the demo.
-- params: none
INSERT INTO incident_event
WITH fresh AS (SELECT * FROM incident_stage WHERE seq NOT IN (SELECT seq FROM staged_existing))
SELECT incident_id, "at", status, note, actor FROM (
    SELECT incident_id, reported_at AS "at", 'reported' AS status, description AS note, source AS actor, 1 AS step
    FROM fresh
    UNION ALL SELECT incident_id, responded_at, 'responded', NULL, 'grid_center', 2 FROM fresh
    UNION ALL SELECT incident_id, arrived_at, 'arrived', NULL, 'grid_worker', 3 FROM fresh
    UNION ALL SELECT incident_id, disposed_at, 'disposed', NULL, coalesce(department, 'grid_worker'), 4 FROM fresh
    UNION ALL SELECT incident_id, closed_at, 'closed', NULL, 'revisit', 5 FROM fresh
)
WHERE "at" IS NOT NULL
ORDER BY "at", incident_id, step
