-- The W3C traceparent of the work that wrote an outbox message (null when there was none), sent as the
-- record's traceparent header so consumers continue that trace instead of starting a new one. A nullable
-- column without a default changes only the catalogue; the app role's INSERT and SELECT grants on
-- outbox cover every column.
ALTER TABLE outbox ADD COLUMN traceparent TEXT;
