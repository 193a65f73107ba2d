-- The categories the database carries, in the settings' order.
-- params: none
SELECT code, zh, en, layer, color FROM category ORDER BY position, code
