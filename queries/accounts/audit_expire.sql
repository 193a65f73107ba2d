-- Drop audit entries older than the kept period.
-- params: before TEXT
DELETE FROM audit WHERE at < $before
