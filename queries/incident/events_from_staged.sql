-- Write the lifecycle log of the staged incidents just inserted (`incident_stage`, new ids only): one event
-- per reached stage, the same events incident/events_from_stages writes for the demo. One scan of the staged
-- rows (a list of the five stages, unnested), not five.
-- params: none
INSERT INTO incident_event
SELECT incident_id, e."at", e.status, e.note, e.actor FROM (
    SELECT incident_id, unnest([
        {'at': reported_at, 'status': 'reported', 'note': description, 'actor': source, 'step': 1},
        {'at': responded_at, 'status': 'responded', 'note': NULL, 'actor': 'grid_center', 'step': 2},
        {'at': arrived_at, 'status': 'arrived', 'note': NULL, 'actor': 'grid_worker', 'step': 3},
        {'at': disposed_at, 'status': 'disposed', 'note': NULL, 'actor': coalesce(department, 'grid_worker'), 'step': 4},
        {'at': closed_at, 'status': 'closed', 'note': NULL, 'actor': 'revisit', 'step': 5}
    ]) AS e
    FROM incident_stage
)
WHERE e."at" IS NOT NULL
ORDER BY e."at", incident_id, e.step
