-- Incidents per hour of day in `areas` (empty = all): reported on `today`, and the mean over `days` (the
-- same weekday in earlier weeks, all before today, none before `first_day`) — today's volume against the
-- usual. Hours without incidents are left out.
-- params: areas VARCHAR[], today DATE, first_day DATE, days DATE[]
SELECT CAST(hour(reported_at) AS INTEGER) AS hour,
       count(*) FILTER (CAST(reported_at AS DATE) = $today) AS today_n,
       count(*) FILTER (list_contains($days, CAST(reported_at AS DATE))) / greatest(len($days), 1) AS usual_n
FROM incident
WHERE reported_at >= $first_day AND reported_at < $today + INTERVAL 1 DAY
  AND (CAST(reported_at AS DATE) = $today OR list_contains($days, CAST(reported_at AS DATE)))
  AND (len($areas) = 0 OR list_contains($areas, area_id))
GROUP BY ALL
ORDER BY hour
