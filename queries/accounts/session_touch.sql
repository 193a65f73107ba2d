-- A session was used now.
-- params: id_hash TEXT, now REAL
UPDATE session SET seen_at = $now WHERE id_hash = $id_hash
