-- Stage times of decided days as histograms, for the median and p90 charts over long periods: per day, area,
-- layer and stage (1 respond, 2 arrive, 3 dispose), the number of incidents per time bin. Bins are 30 s
-- wide below one hour and 10 % wide above, so a quantile read from them is within half a bin of the exact one.
-- params: none
CREATE TABLE IF NOT EXISTS incident_seconds_daily (
    day DATE NOT NULL,
    area_id VARCHAR,
    layer VARCHAR NOT NULL,
    stage TINYINT NOT NULL,
    bin SMALLINT NOT NULL,
    n INTEGER NOT NULL
);
CREATE OR REPLACE MACRO seconds_bin(s) AS
    CASE WHEN s < 3600 THEN CAST(greatest(s, 0) // 30 AS SMALLINT)
         ELSE CAST(120 + floor(ln(s / 3600.0) / ln(1.1)) AS SMALLINT) END;
CREATE OR REPLACE MACRO bin_seconds(b) AS
    CASE WHEN b < 120 THEN b * 30 + 15 ELSE 3600 * pow(1.1, b - 120 + 0.5) END;
