-- Remove rows of the given days (all rows when all_days) from the hour × kind pre-aggregate.
-- params: all_days BOOLEAN, days DATE[]
DELETE FROM incident_hour_kind_daily WHERE $all_days OR list_contains($days, day)
