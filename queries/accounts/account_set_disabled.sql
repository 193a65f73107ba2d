-- Disable or enable an account.
-- params: name TEXT, disabled INTEGER
UPDATE account SET disabled = $disabled WHERE name = $name
