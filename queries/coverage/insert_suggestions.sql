-- Insert site suggestions from the staged frame `site_suggestion_stage`.
-- params: none
INSERT INTO site_suggestion
SELECT rank, minutes, node_id, lon, lat, added_population, share_after, computed_at
FROM site_suggestion_stage
ORDER BY minutes, rank
