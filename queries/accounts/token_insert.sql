-- Add a named token (the store keeps only its hash).
-- params: name TEXT, token_hash TEXT, role TEXT, areas TEXT, view TEXT, created_at TEXT
INSERT INTO token (name, token_hash, role, areas, view, created_at)
VALUES ($name, $token_hash, $role, $areas, $view, $created_at)
