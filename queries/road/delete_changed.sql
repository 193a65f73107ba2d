-- Delete the stored road edges whose ids are in `changed_ids` (id), before their new versions are inserted.
-- params: none
DELETE FROM road WHERE edge_id IN (SELECT id FROM changed_ids)
