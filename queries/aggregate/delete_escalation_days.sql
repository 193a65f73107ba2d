-- Remove rows of the given days (all rows when all_days) from the escalated incidents of decided days.
-- params: all_days BOOLEAN, days DATE[]
DELETE FROM incident_escalation WHERE $all_days OR list_contains($days, day)
