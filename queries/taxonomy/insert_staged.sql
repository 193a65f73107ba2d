-- Store the settings' categories (registered as `category_stage`).
-- params: none
INSERT INTO category SELECT code, zh, en, layer, color, position FROM category_stage
