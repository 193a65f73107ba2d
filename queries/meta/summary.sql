-- Headline figures of the town for the home page and /api/health.
-- params: none
SELECT
    (SELECT count(*) FROM station) AS stations,
    (SELECT count(*) FROM risk_site) AS risk_sites,
    (SELECT count(*) FROM road) AS road_edges,
    (SELECT count(*) FROM incident) AS incidents,
    (SELECT count(*) FROM incident WHERE status <> 'closed') AS open_incidents,
    (SELECT max(reported_at) FROM incident) AS last_reported_at
