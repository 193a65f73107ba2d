-- A session with its account, if the account is still enabled.
-- params: id_hash TEXT
SELECT s.account, s.csrf, s.created_at, s.seen_at, a.role, a.areas, a.must_change
FROM session AS s JOIN account AS a ON a.name = s.account
WHERE s.id_hash = $id_hash AND a.disabled = 0
