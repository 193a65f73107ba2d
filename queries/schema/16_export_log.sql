-- Every export (map snapshot or data file): when, what kind, which page or layer, format, the filter as a
-- query string, rows written (data) and where it went; `via` is 'cli' or 'http'.
-- params: none
CREATE TABLE IF NOT EXISTS export_log (
    exported_at TIMESTAMP NOT NULL,
    kind VARCHAR NOT NULL,
    target VARCHAR NOT NULL,
    format VARCHAR NOT NULL,
    filter VARCHAR NOT NULL,
    rows BIGINT,
    bytes BIGINT,
    seconds DOUBLE,
    file VARCHAR,
    via VARCHAR NOT NULL
);
