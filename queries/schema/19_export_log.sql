-- Every export (map snapshot or data file): when, what kind, which page or layer, format, the filter as a
-- query string, rows written (data) and where it went; `via` is 'cli' or 'http'.
-- Also the csv_* macros that write CSV fields in SQL (export/incidents_csv).
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

-- CSV fields as Python's csv module writes them (QUOTE_MINIMAL; None → empty; True / False; str(datetime)).
-- Text a spreadsheet would read as a formula (starting with = + - @, a tab or a carriage return) gets a
-- leading apostrophe, as app/export/formats.py csv_text writes it.
CREATE OR REPLACE MACRO csv_text(v) AS
    CASE WHEN regexp_matches(v, '^[-=+@\t\r]') THEN '''' || v ELSE v END;
CREATE OR REPLACE MACRO csv_field(v) AS
    CASE WHEN v IS NULL THEN ''
         WHEN regexp_matches(v, '[",\r\n]') THEN '"' || replace(csv_text(v), '"', '""') || '"'
         ELSE csv_text(v) END;
CREATE OR REPLACE MACRO csv_bool(b) AS CASE WHEN b IS NULL THEN '' WHEN b THEN 'True' ELSE 'False' END;
CREATE OR REPLACE MACRO csv_ts(ts) AS
    CASE WHEN ts IS NULL THEN ''
         WHEN microsecond(ts) % 1000000 <> 0 THEN strftime(ts, '%Y-%m-%d %H:%M:%S.%f')
         ELSE strftime(ts, '%Y-%m-%d %H:%M:%S') END;
