-- Write the lifecycle log of incidents that have none yet, one event per reached stage.
-- params: none
INSERT INTO incident_event
WITH fresh AS (
    SELECT i.* FROM incident AS i
    WHERE NOT EXISTS (SELECT 1 FROM incident_event AS e WHERE e.incident_id = i.incident_id)
)
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
