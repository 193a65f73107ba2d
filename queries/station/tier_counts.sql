-- Number of stations per tier.
-- params: none
SELECT tier, count(*) AS stations FROM station GROUP BY tier ORDER BY tier
