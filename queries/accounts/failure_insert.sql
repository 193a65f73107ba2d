-- A failed sign-in for a subject (account:NAME or client:ADDRESS).
-- params: subject TEXT, at REAL
INSERT INTO sign_in_failure (subject, at) VALUES ($subject, $at)
