-- Revoke a token at once.
-- params: name TEXT, at TEXT
UPDATE token SET revoked_at = $at WHERE name = $name AND revoked_at IS NULL
