-- Remove rows of the given days (all rows when all_days) from the grid × kind pre-aggregate.
-- params: all_days BOOLEAN, days DATE[]
DELETE FROM incident_grid_kind_daily WHERE $all_days OR list_contains($days, day)
