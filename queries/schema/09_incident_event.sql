-- Append-only lifecycle log; the stage timestamps on incident derive from it.
-- params: none
CREATE TABLE IF NOT EXISTS incident_event (
    incident_id VARCHAR NOT NULL,
    "at" TIMESTAMP NOT NULL,  -- quoted: AT is a keyword in DuckDB
    status VARCHAR NOT NULL,
    note VARCHAR,
    actor VARCHAR
);
