-- Incidents of both layers. Times are local (Asia/Shanghai) without zone; stage times are NULL until
-- reached. grid_id/area_id come from the point (or a grid code the import gives); NULL means unassigned.
-- lon/lat/geom are NULL for an incident kept without a place: an import found its coordinate on a geocoder's
-- default point (app/ingest/geocoder.py); it counts in every figure but is never drawn, binned or placed.
-- params: none
CREATE TABLE IF NOT EXISTS incident (
    incident_id VARCHAR PRIMARY KEY,
    layer VARCHAR NOT NULL,
    category VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    severity TINYINT NOT NULL CHECK (severity BETWEEN 1 AND 4),
    status VARCHAR NOT NULL,
    reported_at TIMESTAMP NOT NULL,
    responded_at TIMESTAMP,
    arrived_at TIMESTAMP,
    disposed_at TIMESTAMP,
    closed_at TIMESTAMP,
    escalated BOOLEAN NOT NULL DEFAULT FALSE,
    department VARCHAR,
    satisfaction TINYINT CHECK (satisfaction BETWEEN 1 AND 5),
    description VARCHAR,
    address VARCHAR,
    site_id VARCHAR,
    grid_id VARCHAR,
    area_id VARCHAR,
    lon DOUBLE,
    lat DOUBLE,
    geom GEOMETRY
);

-- An incident's status: the furthest lifecycle stage it has a time for (the inserts all derive it here).
CREATE OR REPLACE MACRO furthest_status(responded_at, arrived_at, disposed_at, closed_at) AS
    CASE WHEN closed_at IS NOT NULL THEN 'closed'
         WHEN disposed_at IS NOT NULL THEN 'disposed'
         WHEN arrived_at IS NOT NULL THEN 'arrived'
         WHEN responded_at IS NOT NULL THEN 'responded'
         ELSE 'reported' END;
