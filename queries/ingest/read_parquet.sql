-- Every row of a (Geo)Parquet file; GEOMETRY columns come back as WGS-84 or file-CRS WKB.
-- params: path VARCHAR
SELECT * FROM read_parquet($path)
