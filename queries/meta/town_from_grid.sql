-- The town's name becomes the dataset's: the level-0 grid's name, unless the settings file names the town
-- (`keep` true). Its English name stays what it was, else the same name.
-- params: keep BOOLEAN
INSERT OR REPLACE INTO meta
SELECT k, v FROM (
    SELECT 'town_name' AS k, name AS v FROM grid WHERE level = 0
    UNION ALL
    SELECT 'town_name_en', coalesce((SELECT value FROM meta WHERE key = 'town_name_en'), name)
    FROM grid WHERE level = 0
) WHERE NOT $keep
