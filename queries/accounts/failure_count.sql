-- Failed sign-ins of a subject since a time, and the latest.
-- params: subject TEXT, since REAL
SELECT count(*), max(at) FROM sign_in_failure WHERE subject = $subject AND at >= $since
