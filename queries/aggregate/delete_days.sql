-- Remove pre-aggregated rows of the given days (all rows when all_days), before they are recomputed.
-- params: all_days BOOLEAN, days DATE[]
DELETE FROM incident_daily WHERE $all_days OR list_contains($days, day)
