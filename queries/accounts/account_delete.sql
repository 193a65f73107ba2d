-- Remove an account.
-- params: name TEXT
DELETE FROM account WHERE name = $name
