-- Delete the stored stations whose ids are in `changed_ids` (id), before their new versions are inserted.
-- params: none
DELETE FROM station WHERE station_id IN (SELECT id FROM changed_ids)
