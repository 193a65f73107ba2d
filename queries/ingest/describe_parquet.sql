-- Column names and types of a (Geo)Parquet file, to find its geometry column and CRS.
-- params: path VARCHAR
SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet($path))
