-- End every session of an account (disabled, removed or its password changed).
-- params: account TEXT
DELETE FROM session WHERE account = $account
