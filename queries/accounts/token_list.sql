-- Every token, by name, without its secret.
-- params: none
SELECT name, role, areas, view, created_at, last_used_at, revoked_at FROM token ORDER BY name
