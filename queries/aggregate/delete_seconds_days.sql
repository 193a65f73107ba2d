-- Remove rows of the given days (all rows when all_days) from the stage-time histograms.
-- params: all_days BOOLEAN, days DATE[]
DELETE FROM incident_seconds_daily WHERE $all_days OR list_contains($days, day)
