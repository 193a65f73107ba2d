-- A token that is not revoked, by the hash of its secret.
-- params: token_hash TEXT
SELECT name, role, areas, view, last_used_at FROM token WHERE token_hash = $token_hash AND revoked_at IS NULL
