-- Suggested new station sites for `minutes`, in the order the greedy search chose them.
-- params: minutes INTEGER
SELECT rank, node_id, lon, lat, added_population, share_after, computed_at
FROM site_suggestion
WHERE minutes = $minutes
ORDER BY rank
