-- End one session.
-- params: id_hash TEXT
DELETE FROM session WHERE id_hash = $id_hash
