-- Forget the stored categories before the settings' list is written.
-- params: none
DELETE FROM category
