-- Start a session (the cookie holds the id; the store only its hash).
-- params: id_hash TEXT, account TEXT, csrf TEXT, now REAL
INSERT INTO session (id_hash, account, csrf, created_at, seen_at) VALUES ($id_hash, $account, $csrf, $now, $now)
