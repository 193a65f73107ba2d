-- Staged incidents (`incident_stage`) whose id is already stored, with the stored stage times, in file order;
-- the rest are new.
-- params: none
SELECT s.seq, i.incident_id, i.status, i.reported_at, i.responded_at, i.arrived_at, i.disposed_at, i.closed_at
FROM incident_stage AS s
JOIN incident AS i USING (incident_id)
ORDER BY s.seq
