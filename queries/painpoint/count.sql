-- How many pain points there are (after a refresh).
-- params: none
SELECT count(*) FROM pain_point
