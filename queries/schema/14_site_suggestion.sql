-- Suggested sites for new stations (greedy maximal coverage): each network node with the residents it
-- would newly cover within `minutes`, in the order chosen, and the town's covered share after adding it.
-- params: none
CREATE TABLE IF NOT EXISTS site_suggestion (
    rank INTEGER NOT NULL,
    minutes INTEGER NOT NULL,
    node_id BIGINT NOT NULL,
    lon DOUBLE NOT NULL,
    lat DOUBLE NOT NULL,
    added_population DOUBLE NOT NULL,
    share_after DOUBLE,
    computed_at TIMESTAMP NOT NULL,
    PRIMARY KEY (minutes, rank)
);
