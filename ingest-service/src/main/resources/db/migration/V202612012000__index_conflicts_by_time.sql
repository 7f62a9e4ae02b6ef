-- GET /v1/ingest/conflicts pages through conflicts in time order, optionally for one provider.
CREATE INDEX conflicts_recorded ON conflicts (recorded_at, source_partition, source_offset);
CREATE INDEX conflicts_provider_recorded ON conflicts (provider_id, recorded_at, source_partition, source_offset);
