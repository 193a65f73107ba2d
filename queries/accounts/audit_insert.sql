-- Append one audit entry.
-- params: at TEXT, actor TEXT, action TEXT, target TEXT, detail TEXT, client TEXT
INSERT INTO audit (at, actor, action, target, detail, client) VALUES ($at, $actor, $action, $target, $detail, $client)
