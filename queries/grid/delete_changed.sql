-- Delete the stored grids whose ids are in `changed_ids` (id), before their new versions are inserted.
-- params: none
DELETE FROM grid WHERE grid_id IN (SELECT id FROM changed_ids)
