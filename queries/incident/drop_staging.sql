-- Drop the temp tables an incident write leaves behind.
-- params: none
DROP TABLE IF EXISTS staged_existing; DROP TABLE IF EXISTS staged_grid
