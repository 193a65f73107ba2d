-- Add an account.
-- params: name TEXT, password_hash TEXT, role TEXT, areas TEXT, must_change INTEGER, created_at TEXT
INSERT INTO account (name, password_hash, role, areas, must_change, created_at)
VALUES ($name, $password_hash, $role, $areas, $must_change, $created_at)
