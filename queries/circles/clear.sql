-- Remove all computed circles, coverage and site suggestions before they are written again.
-- params: none
DELETE FROM service_circle;
DELETE FROM grid_coverage;
DELETE FROM site_suggestion;
