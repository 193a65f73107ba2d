-- Insert staged incidents (`incident_stage`) that are all new and already located: grid_id and area_id are
-- given (app.geo.grid_locator), so this is a plain append with none of insert_staged's joins, conflict check
-- or ordering, whose planning is most of a small live write's cost. Status is the furthest stage reached.
-- params: none
INSERT INTO incident
SELECT
    incident_id, layer, category, source, severity,
    furthest_status(responded_at, arrived_at, disposed_at, closed_at) AS status,
    reported_at, responded_at, arrived_at, disposed_at, closed_at,
    escalated, department, satisfaction, description, address, site_id,
    grid_id, area_id, lon, lat, ST_Point(lon, lat)
FROM incident_stage
