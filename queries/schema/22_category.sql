-- The town's incident categories, so that the data and its labels travel together when the database file
-- moves: written from the settings at every import, `init`, `demo` and server start; read when no settings
-- file gives the categories.
-- params: none
CREATE TABLE IF NOT EXISTS category (
    code VARCHAR PRIMARY KEY,
    zh VARCHAR NOT NULL,
    en VARCHAR NOT NULL,
    layer VARCHAR NOT NULL,
    color VARCHAR NOT NULL,
    position INTEGER NOT NULL
);
