-- The keys whose fate is not RECORDED (parked or rejected rollbacks): few among all, read by the ingest
-- summary, which scanned every key to find them. Partial, so the hot path's inserts of recorded keys
-- never touch it.
CREATE INDEX transaction_keys_unrecorded ON transaction_keys (provider_id, currency) WHERE fate <> 'RECORDED';
