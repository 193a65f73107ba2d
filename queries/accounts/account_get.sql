-- One account by name.
-- params: name TEXT
SELECT name, password_hash, role, areas, disabled, must_change FROM account WHERE name = $name
