-- Databases made before an incident could be kept without a place (08_incident) let lon, lat and geom be NULL.
-- A no-op on a column that already allows NULL.
-- params: none
ALTER TABLE incident ALTER COLUMN lon DROP NOT NULL;
ALTER TABLE incident ALTER COLUMN lat DROP NOT NULL;
ALTER TABLE incident ALTER COLUMN geom DROP NOT NULL;
