-- What the wall's payload depends on, cheaply: the dataset's now and the number of incidents and lifecycle
-- events (both append-only). Equal fingerprints, equal payloads: the server answers from its cache.
-- params: none
SELECT (SELECT value FROM meta WHERE key = 'data_until') AS data_until,
       (SELECT count(*) FROM incident) AS incidents,
       (SELECT count(*) FROM incident_event) AS events
