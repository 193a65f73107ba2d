-- The newest audit entries, optionally of one actor or action (empty = any).
-- params: actor TEXT, action TEXT, lim INTEGER
SELECT at, actor, action, target, detail, client FROM audit
WHERE ($actor = '' OR actor = $actor) AND ($action = '' OR action = $action)
ORDER BY at DESC, rowid DESC LIMIT $lim
