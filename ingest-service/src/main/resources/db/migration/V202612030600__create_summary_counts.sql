-- Ingest's summary per provider and currency, kept by every written batch in its own transaction
-- (SummaryCounts), so the summary reads these rows instead of aggregating the whole ledger. One row
-- per provider, currency and shard (the Kafka partition of the batch, -1 for the sweep of parked
-- rollbacks, -2 for what the ledger held when this table was created): concurrent consumers add to
-- different rows. Each count is counted under the currency of its key's first delivery.
CREATE TABLE summary_counts (
    provider_id        TEXT    NOT NULL,
    currency           CHAR(3) NOT NULL,
    shard              INT     NOT NULL,
    recorded           BIGINT  NOT NULL,
    rollbacks          BIGINT  NOT NULL,
    adjustments        BIGINT  NOT NULL,
    duplicates         BIGINT  NOT NULL,
    conflicts          BIGINT  NOT NULL,
    -- rollbacks parked because they came before their bet, and how many of them have an outcome since
    rollbacks_early    BIGINT  NOT NULL,
    rollbacks_resolved BIGINT  NOT NULL,
    rejected           BIGINT  NOT NULL,
    rollbacks_expired  BIGINT  NOT NULL,
    PRIMARY KEY (provider_id, currency, shard)
);

INSERT INTO summary_counts
WITH t AS (
    SELECT provider_id, currency, count(*) AS n,
           count(*) FILTER (WHERE type = 'ROLLBACK') AS rollbacks,
           count(*) FILTER (WHERE type = 'ADJUSTMENT') AS adjustments
    FROM transactions GROUP BY provider_id, currency),
d AS (
    SELECT k.provider_id, k.currency, count(*) AS n FROM duplicates x
    JOIN transaction_keys k USING (provider_id, provider_tx_id, key_player_ref)
    GROUP BY k.provider_id, k.currency),
c AS (
    SELECT k.provider_id, k.currency, count(*) AS n FROM conflicts x
    JOIN transaction_keys k USING (provider_id, provider_tx_id, key_player_ref)
    GROUP BY k.provider_id, k.currency),
j AS (
    SELECT k.provider_id, k.currency,
           count(*) FILTER (WHERE k.fate = 'PARKED') AS early,
           count(*) FILTER (WHERE k.fate = 'PARKED' AND o.outcome IS NOT NULL) AS resolved,
           count(*) FILTER (WHERE k.fate = 'REJECTED' OR o.outcome = 'REJECTED') AS rejected,
           count(*) FILTER (WHERE o.outcome = 'EXPIRED') AS expired
    FROM transaction_keys k
    LEFT JOIN parked_outcomes o USING (provider_id, provider_tx_id, key_player_ref)
    WHERE k.fate <> 'RECORDED' GROUP BY k.provider_id, k.currency),
pc AS (SELECT provider_id, currency FROM t UNION SELECT provider_id, currency FROM d
       UNION SELECT provider_id, currency FROM c UNION SELECT provider_id, currency FROM j)
SELECT pc.provider_id, pc.currency, -2, coalesce(t.n, 0), coalesce(t.rollbacks, 0), coalesce(t.adjustments, 0),
       coalesce(d.n, 0), coalesce(c.n, 0), coalesce(j.early, 0), coalesce(j.resolved, 0), coalesce(j.rejected, 0),
       coalesce(j.expired, 0)
FROM pc
LEFT JOIN t USING (provider_id, currency)
LEFT JOIN d USING (provider_id, currency)
LEFT JOIN c USING (provider_id, currency)
LEFT JOIN j USING (provider_id, currency);

GRANT SELECT, INSERT, UPDATE ON summary_counts TO ${app_role};
