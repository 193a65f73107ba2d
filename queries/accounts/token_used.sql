-- A token was used now.
-- params: name TEXT, at TEXT
UPDATE token SET last_used_at = $at WHERE name = $name
