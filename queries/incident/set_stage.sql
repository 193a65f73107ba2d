-- Record a reached stage on the incident row (its time column and, when further on, its status), after
-- the same event was appended to incident_event.
-- params: incident_id VARCHAR, at TIMESTAMP, status VARCHAR, rank INTEGER
UPDATE incident SET
    responded_at = CASE WHEN $status = 'responded' THEN $at ELSE responded_at END,
    arrived_at = CASE WHEN $status = 'arrived' THEN $at ELSE arrived_at END,
    disposed_at = CASE WHEN $status = 'disposed' THEN $at ELSE disposed_at END,
    closed_at = CASE WHEN $status = 'closed' THEN $at ELSE closed_at END,
    status = CASE WHEN $rank > list_position(['reported', 'responded', 'arrived', 'disposed', 'closed'], status)
                  THEN $status ELSE status END
WHERE incident_id = $incident_id
