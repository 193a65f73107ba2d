-- Key/value facts about the dataset: its name, whether it is synthetic, the seed, when data runs to.
-- params: none
CREATE TABLE IF NOT EXISTS meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);
