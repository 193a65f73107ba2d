-- Every account, by name.
-- params: none
SELECT name, role, areas, disabled, must_change, created_at FROM account ORDER BY name
