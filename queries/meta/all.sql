-- Every fact about the dataset, as (key, value) rows.
-- params: none
SELECT key, value FROM meta ORDER BY key
