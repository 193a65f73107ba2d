-- Write the WAL into the database file and free the memory that held the changes since the last checkpoint
-- (the live simulation runs it now and then, so a server fed for days keeps a flat footprint).
-- params: none
CHECKPOINT
