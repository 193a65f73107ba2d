-- Replace an account's password (and whether it must be changed at the next sign-in).
-- params: name TEXT, password_hash TEXT, must_change INTEGER
UPDATE account SET password_hash = $password_hash, must_change = $must_change WHERE name = $name
