-- The time of the newest lifecycle event (NULL when there is none): how far the data reaches.
-- params: none
SELECT max("at") FROM incident_event
