-- Delete the stored risk sites whose ids are in `changed_ids` (id), before their new versions are inserted.
-- params: none
DELETE FROM risk_site WHERE site_id IN (SELECT id FROM changed_ids)
