-- Databases made before import_reject had its action column gain it (rows already there were rejections).
-- params: none
ALTER TABLE import_reject ADD COLUMN IF NOT EXISTS action VARCHAR DEFAULT 'rejected'
