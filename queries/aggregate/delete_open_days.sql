-- Remove rows of the given days (all rows when all_days) from the open incidents of decided days.
-- params: all_days BOOLEAN, days DATE[]
DELETE FROM incident_open WHERE $all_days OR list_contains($days, day)
