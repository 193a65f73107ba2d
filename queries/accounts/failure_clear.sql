-- Forget a subject's failures (after a successful sign-in).
-- params: subject TEXT
DELETE FROM sign_in_failure WHERE subject = $subject
