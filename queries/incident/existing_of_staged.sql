-- Staged incidents (`incident_stage`: the rows incident/insert_staged skipped) with their stored stage times, in
-- file order.
-- params: none
SELECT s.seq, i.incident_id, i.status, i.reported_at, i.responded_at, i.arrived_at, i.disposed_at, i.closed_at
FROM incident_stage AS s
JOIN incident AS i USING (incident_id)
ORDER BY s.seq
