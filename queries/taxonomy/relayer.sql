-- Keep each incident's layer equal to its category's, after a category moved to the other layer.
-- params: none
UPDATE incident SET layer = c.layer FROM category AS c
WHERE incident.category = c.code AND incident.layer <> c.layer
