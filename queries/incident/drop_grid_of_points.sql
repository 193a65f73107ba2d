-- Drop the temp table incident/grid_of_points made, once incident/apply_grid_of_points has used it.
-- params: none
DROP TABLE IF EXISTS incident_grid
