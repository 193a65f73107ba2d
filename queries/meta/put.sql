-- Set one fact about the dataset.
-- params: key VARCHAR, value VARCHAR
INSERT OR REPLACE INTO meta VALUES ($key, $value)
