package io.clearhouse.ingest.transaction;

import io.clearhouse.common.audit.AuditAppender;
import io.clearhouse.ingest.exception.ExceptionIntake;
import io.clearhouse.common.audit.AuditRecord;
import io.clearhouse.common.hash.CanonicalJson;
import io.clearhouse.common.hash.MerkleTree;
import io.clearhouse.common.kafka.Topics;
import io.clearhouse.common.transaction.GameType;
import io.clearhouse.common.transaction.TransactionHistoryEvent;
import io.clearhouse.common.transaction.TransactionReceived;
import io.clearhouse.common.transaction.TransactionRecorded;
import io.clearhouse.common.transaction.TransactionType;
import io.clearhouse.ingest.audit.LedgerLeaf;
import io.clearhouse.support.outbox.OutboxWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The database side of judging: loads what the rules need to know about a batch's keys, and writes a
 * {@link BatchPlan} set-based (one statement per table), with its outbox messages and one audit entry
 * whose Merkle root covers the rows recorded ({@link LedgerLeaf}), in batch order. Runs inside the
 * caller's transaction.
 */
@Component
class LedgerStore {

    static final String ACTOR = "ingest-service";
    static final String AUDIT_ACTION = "BATCH_RECORDED";
    static final String AUDIT_ENTITY = "ingest_batch";

    private final JdbcTemplate jdbc;
    private final AuditAppender audit;
    private final OutboxWriter outbox;
    private final Counter recordedCounter;
    private final Counter duplicateCounter;
    private final Counter conflictCounter;
    private final Counter rollbackAppliedCounter;
    private final Counter rollbackParkedCounter;
    private final Counter rejectedCounter;
    private final Counter expiredCounter;
    private final Counter conflictExceptionCounter;
    private final FlowMetrics flow;
    private final ExceptionIntake exceptions;

    LedgerStore(JdbcTemplate jdbc, AuditAppender audit, OutboxWriter outbox, MeterRegistry meters, FlowMetrics flow,
                ExceptionIntake exceptions) {
        this.jdbc = jdbc;
        this.flow = flow;
        this.exceptions = exceptions;
        this.audit = audit;
        this.outbox = outbox;
        this.recordedCounter = outcome(meters, "recorded");
        this.duplicateCounter = outcome(meters, "duplicate");
        this.conflictCounter = outcome(meters, "conflict");
        this.rollbackAppliedCounter = outcome(meters, "rollback_applied");
        this.rollbackParkedCounter = outcome(meters, "rollback_parked");
        this.rejectedCounter = Counter.builder("clearhouse.ingest.exceptions").tag("kind", "rejected")
                .description("Exceptions raised for operators").register(meters);
        this.expiredCounter = Counter.builder("clearhouse.ingest.exceptions").tag("kind", "rollback_expired")
                .register(meters);
        this.conflictExceptionCounter = Counter.builder("clearhouse.ingest.exceptions").tag("kind", "conflict")
                .register(meters);
    }

    private static Counter outcome(MeterRegistry meters, String outcome) {
        return Counter.builder("clearhouse.ingest.transactions").tag("outcome", outcome).register(meters);
    }

    // ---------------------------------------------------------------- reads

    private static final String KEY_COLUMNS = """
            k.provider_id, k.provider_tx_id, k.key_player_ref, k.transaction_id, k.fate, k.type, k.amount_minor,
            k.currency, k.business_date, k.content_hash, k.source_partition, k.source_offset, k.adjusted_type""";

    Map<TxKey, KnownKey> knownKeys(Collection<TxKey> keys) {
        Map<TxKey, KnownKey> known = new HashMap<>();
        Unnest<TxKey> u = keyUnnest();
        String sql = "SELECT " + KEY_COLUMNS + " FROM transaction_keys k JOIN (SELECT DISTINCT * FROM " + u.from("q")
                + ") q ON k.provider_id = q.p AND k.provider_tx_id = q.t AND k.key_player_ref = q.r";
        for (KnownKey k : u.query(jdbc, sql, List.copyOf(keys), LedgerStore::knownKey)) {
            known.put(k.key(), k);
        }
        return known;
    }

    Map<TxKey, UUID> reversals(Collection<TxKey> betKeys) {
        Map<TxKey, UUID> reversed = new HashMap<>();
        Unnest<TxKey> u = keyUnnest();
        String sql = "SELECT v.provider_id, v.bet_provider_tx_id, v.key_player_ref, v.rollback_transaction_id "
                + "FROM reversals v JOIN (SELECT DISTINCT * FROM " + u.from("q") + ") q ON v.provider_id = q.p "
                + "AND v.bet_provider_tx_id = q.t AND v.key_player_ref = q.r";
        u.query(jdbc, sql, List.copyOf(betKeys), rs -> reversed.put(new TxKey(rs.getString(1), rs.getString(2),
                rs.getString(3)), UUID.fromString(rs.getString(4))));
        return reversed;
    }

    private static final String PARKED_COLUMNS = """
            p.provider_id, p.provider_tx_id, p.key_player_ref, p.transaction_id, p.round_id, p.player_ref, p.brand_id,
            p.game_id, p.game_type, p.type, p.amount_minor, p.currency, p.occurred_at, p.business_date, p.ref_tx_id,
            p.free_round, p.campaign_id, p.jackpot_contribution_minor, p.content_hash, p.received_at, p.request_id,
            p.source_partition, p.source_offset, p.expires_at""";

    /** Unresolved parked rollbacks waiting for any of these bets, in the order they were parked. */
    Map<TxKey, List<ParkedRollback>> parkedFor(Collection<TxKey> betKeys) {
        Map<TxKey, List<ParkedRollback>> byBet = new HashMap<>();
        Unnest<TxKey> u = keyUnnest();
        String sql = "SELECT " + PARKED_COLUMNS + " FROM parked_rollbacks p JOIN (SELECT DISTINCT * FROM "
                + u.from("q") + ") q ON p.provider_id = q.p AND p.ref_tx_id = q.t AND p.key_player_ref = q.r "
                + "WHERE NOT EXISTS (SELECT 1 FROM parked_outcomes o WHERE o.provider_id = p.provider_id "
                + "AND o.provider_tx_id = p.provider_tx_id AND o.key_player_ref = p.key_player_ref) "
                + "ORDER BY p.parked_at, p.source_partition, p.source_offset";
        for (ParkedRollback p : u.query(jdbc, sql, List.copyOf(betKeys), LedgerStore::parked)) {
            byBet.computeIfAbsent(p.betKey(), k -> new ArrayList<>()).add(p);
        }
        return byBet;
    }

    /**
     * Unresolved parked rollbacks that can be settled now: their bet is recorded (it arrived in a
     * batch that could not see them, e.g. on another partition) or their wait is over.
     */
    List<ParkedRollback> resolvable(Instant now, int limit) {
        return jdbc.query("SELECT " + PARKED_COLUMNS + """
                 FROM parked_rollbacks p
                WHERE NOT EXISTS (SELECT 1 FROM parked_outcomes o WHERE o.provider_id = p.provider_id
                                    AND o.provider_tx_id = p.provider_tx_id AND o.key_player_ref = p.key_player_ref)
                  AND (p.expires_at <= ? OR EXISTS (SELECT 1 FROM transaction_keys k
                        WHERE k.provider_id = p.provider_id AND k.provider_tx_id = p.ref_tx_id
                          AND k.key_player_ref = p.key_player_ref))
                ORDER BY p.parked_at, p.source_partition, p.source_offset LIMIT ?""",
                (rs, i) -> parked(rs), java.sql.Timestamp.from(now), limit);
    }

    private static Unnest<TxKey> keyUnnest() {
        return new Unnest<TxKey>().col("p", "text", TxKey::providerId).col("t", "text", TxKey::providerTxId)
                .col("r", "text", TxKey::keyPlayerRef);
    }

    private static KnownKey knownKey(ResultSet rs) throws SQLException {
        return new KnownKey(new TxKey(rs.getString(1), rs.getString(2), rs.getString(3)),
                UUID.fromString(rs.getString(4)), Fate.valueOf(rs.getString(5)), TransactionType.valueOf(rs.getString(6)),
                rs.getString(13) == null ? null : TransactionType.valueOf(rs.getString(13)), rs.getLong(7),
                rs.getString(8).trim(), rs.getObject(9, LocalDate.class), rs.getString(10),
                rs.getInt(11), rs.getLong(12));
    }

    private static ParkedRollback parked(ResultSet rs) throws SQLException {
        TransactionReceived tx = new TransactionReceived(TransactionReceived.SCHEMA_VERSION, rs.getString(1),
                rs.getString(2), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                GameType.valueOf(rs.getString(9)), TransactionType.valueOf(rs.getString(10)), rs.getLong(11),
                rs.getString(12).trim(), rs.getTimestamp(13).toInstant(), rs.getString(15), rs.getBoolean(16),
                rs.getString(17), (Long) rs.getObject(18, Long.class),
                rs.getTimestamp(20) == null ? null : rs.getTimestamp(20).toInstant(), rs.getString(21));
        TxKey key = new TxKey(rs.getString(1), rs.getString(2), rs.getString(3));
        return new ParkedRollback(key, new TxKey(key.providerId(), tx.refTxId(), key.keyPlayerRef()),
                UUID.fromString(rs.getString(4)), tx, rs.getObject(14, LocalDate.class), rs.getString(19),
                rs.getInt(22), rs.getLong(23), rs.getTimestamp(24).toInstant(), null);
    }

    // ---------------------------------------------------------------- writes

    long nextBatchId() {
        Long id = jdbc.queryForObject("SELECT nextval('ingest_batch_seq')", Long.class);
        return id == null ? 0 : id;
    }

    /** What a written plan amounted to (only what was actually new in the database counts). */
    record Written(int recorded, int duplicates, int conflicts, int parked, int rejected, int rollbacksApplied,
                   int expired) {
    }

    /**
     * Writes the plan. Every new key, reversal and outcome must be new in the database: when a
     * concurrent writer got there first, {@link ConcurrentJudgementException} rolls the whole batch
     * back, to be judged again against what that writer committed.
     */
    Written write(BatchPlan plan, long batchId, Instant now) {
        int keys = insertKeys(plan, batchId, now);
        if (keys != plan.newKeys.size()) {
            throw new ConcurrentJudgementException("a key of this batch was judged concurrently");
        }
        insertTransactions(plan, batchId, now);
        insertParked(plan, now);
        if (insertOutcomes(plan, batchId, now) != plan.outcomes.size()
                || insertReversals(plan, batchId, now) != plan.reversals.size()) {
            throw new ConcurrentJudgementException("a parked rollback or reversal was resolved concurrently");
        }
        List<BatchPlan.Delivery> newDuplicates = insertDeliveries("duplicates", plan.duplicates, batchId, now);
        List<BatchPlan.Delivery> newConflicts = insertDeliveries("conflicts", plan.conflicts, batchId, now);
        // what was new in the database, per provider and currency for the summary and in total for the audit
        Written written = SummaryCounts.add(jdbc, plan, newDuplicates, newConflicts);

        List<OutboxWriter.Message> messages = new ArrayList<>();
        for (BatchPlan.Recorded r : plan.recorded) {
            TransactionRecorded event = recordedEvent(r, now);
            messages.add(new OutboxWriter.Message(Topics.LEDGER_TRANSACTIONS, event.key(), event, r.traceparent()));
        }
        for (BatchPlan.Delivery c : newConflicts) {
            messages.add(exception("conflict:" + c.in().partition() + ":" + c.in().offset(), c.in().tx(), "CONFLICT",
                    now, Map.of("originalHash", c.originalHash(), "conflictingHash", c.in().contentHash(),
                            "reason", "same key as a recorded transaction with other content; the original stands"),
                    c.in().traceparent()));
        }
        for (BatchPlan.NewKey k : plan.newKeys) {
            if (k.fate() == Fate.REJECTED) {
                messages.add(exception("rejected:" + k.key(), k.in().tx(), "REJECTED", now,
                        Map.of("reason", k.reason()), k.in().traceparent()));
            }
        }
        for (BatchPlan.Outcome o : plan.outcomes) {
            if (!"APPLIED".equals(o.outcome())) {
                messages.add(exception(o.outcome().toLowerCase() + ":" + o.parked().key(), o.parked().tx(),
                        "ROLLBACK_" + o.outcome(), now, Map.of("reason", o.reason()), o.parked().traceparent()));
            }
        }
        outbox.addAll(messages);
        if (!newConflicts.isEmpty() || written.expired() > 0) {
            // the operator's queue gets them in the same transaction: an exception exists exactly when its cause does
            exceptions.openForBatch(batchId, now);
        }

        if (!plan.recorded.isEmpty() || !newDuplicates.isEmpty() || !newConflicts.isEmpty() || !plan.newKeys.isEmpty()
                || !plan.outcomes.isEmpty()) {
            audit.append(List.of(auditRecord(batchId, plan, written)));
        }
        // metrics count what committed: a rolled-back batch (crash, concurrent judgement) counts nothing
        Runnable count = () -> {
            recordedCounter.increment(written.recorded());
            duplicateCounter.increment(written.duplicates());
            conflictCounter.increment(written.conflicts());
            conflictExceptionCounter.increment(written.conflicts());
            rollbackAppliedCounter.increment(written.rollbacksApplied());
            rollbackParkedCounter.increment(written.parked());
            rejectedCounter.increment(written.rejected());
            expiredCounter.increment(written.expired());
            flow.committed(plan.recorded, newDuplicates, newConflicts);
        };
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    count.run();
                }
            });
        } else {
            count.run();
        }
        return written;
    }

    private int insertKeys(BatchPlan plan, long batchId, Instant now) {
        return new Unnest<BatchPlan.NewKey>()
                .col("provider_id", "text", k -> k.key().providerId())
                .col("provider_tx_id", "text", k -> k.key().providerTxId())
                .col("key_player_ref", "text", k -> k.key().keyPlayerRef())
                .col("transaction_id", "uuid", BatchPlan.NewKey::transactionId)
                .col("fate", "text", BatchPlan.NewKey::fate)
                .col("reason", "text", BatchPlan.NewKey::reason)
                .col("type", "text", k -> k.in().tx().type())
                .col("amount_minor", "bigint", k -> k.in().tx().amountMinor())
                .col("currency", "char(3)", k -> k.in().tx().currency())
                .col("business_date", "date", BatchPlan.NewKey::businessDate)
                .col("content_hash", "char(64)", k -> k.in().contentHash())
                .col("received_at", "timestamptz", k -> k.in().tx().receivedAt())
                .col("judged_at", "timestamptz", k -> now)
                .col("batch_id", "bigint", k -> batchId)
                .col("source_partition", "int", k -> k.in().partition())
                .col("source_offset", "bigint", k -> k.in().offset())
                .col("adjusted_type", "text", BatchPlan.NewKey::adjustedType)
                .insert(jdbc, "transaction_keys", plan.newKeys, "ON CONFLICT DO NOTHING");
    }

    private void insertTransactions(BatchPlan plan, long batchId, Instant now) {
        List<Positioned> rows = new ArrayList<>(plan.recorded.size());
        for (int i = 0; i < plan.recorded.size(); i++) {
            rows.add(new Positioned(plan.recorded.get(i), i));
        }
        new Unnest<Positioned>()
                .col("transaction_id", "uuid", p -> p.r().transactionId())
                .col("provider_id", "text", p -> p.r().tx().providerId())
                .col("provider_tx_id", "text", p -> p.r().tx().providerTxId())
                .col("key_player_ref", "text", p -> p.r().key().keyPlayerRef())
                .col("round_id", "text", p -> p.r().tx().roundId())
                .col("player_ref", "text", p -> p.r().tx().playerRef())
                .col("brand_id", "text", p -> p.r().tx().brandId())
                .col("game_id", "text", p -> p.r().tx().gameId())
                .col("game_type", "text", p -> p.r().tx().gameType())
                .col("type", "text", p -> p.r().tx().type())
                .col("amount_minor", "bigint", p -> p.r().tx().amountMinor())
                .col("currency", "char(3)", p -> p.r().tx().currency())
                .col("occurred_at", "timestamptz", p -> p.r().tx().occurredAt())
                .col("business_date", "date", p -> p.r().businessDate())
                .col("ref_tx_id", "text", p -> p.r().tx().refTxId())
                .col("reverses_business_date", "date", p -> p.r().reversesBusinessDate())
                .col("free_round", "boolean", p -> p.r().tx().freeRound())
                .col("campaign_id", "text", p -> p.r().tx().campaignId())
                .col("jackpot_contribution_minor", "bigint", p -> p.r().tx().jackpotContributionMinor())
                .col("content_hash", "char(64)", p -> p.r().contentHash())
                .col("received_at", "timestamptz", p -> p.r().tx().receivedAt())
                .col("recorded_at", "timestamptz", p -> now)
                .col("request_id", "text", p -> p.r().tx().requestId())
                .col("batch_id", "bigint", p -> batchId)
                .col("batch_pos", "int", Positioned::pos)
                .col("source_partition", "int", p -> p.r().partition())
                .col("source_offset", "bigint", p -> p.r().offset())
                .col("adjusted_type", "text", p -> p.r().adjustedType())
                .insert(jdbc, "transactions", rows, null);
    }

    private record Positioned(BatchPlan.Recorded r, int pos) {
    }

    private void insertParked(BatchPlan plan, Instant now) {
        new Unnest<ParkedRollback>()
                .col("provider_id", "text", p -> p.key().providerId())
                .col("provider_tx_id", "text", p -> p.key().providerTxId())
                .col("key_player_ref", "text", p -> p.key().keyPlayerRef())
                .col("transaction_id", "uuid", ParkedRollback::transactionId)
                .col("round_id", "text", p -> p.tx().roundId())
                .col("player_ref", "text", p -> p.tx().playerRef())
                .col("brand_id", "text", p -> p.tx().brandId())
                .col("game_id", "text", p -> p.tx().gameId())
                .col("game_type", "text", p -> p.tx().gameType())
                .col("type", "text", p -> p.tx().type())
                .col("amount_minor", "bigint", p -> p.tx().amountMinor())
                .col("currency", "char(3)", p -> p.tx().currency())
                .col("occurred_at", "timestamptz", p -> p.tx().occurredAt())
                .col("business_date", "date", ParkedRollback::businessDate)
                .col("ref_tx_id", "text", p -> p.tx().refTxId())
                .col("free_round", "boolean", p -> p.tx().freeRound())
                .col("campaign_id", "text", p -> p.tx().campaignId())
                .col("jackpot_contribution_minor", "bigint", p -> p.tx().jackpotContributionMinor())
                .col("content_hash", "char(64)", ParkedRollback::contentHash)
                .col("received_at", "timestamptz", p -> p.tx().receivedAt())
                .col("request_id", "text", p -> p.tx().requestId())
                .col("source_partition", "int", ParkedRollback::partition)
                .col("source_offset", "bigint", ParkedRollback::offset)
                .col("parked_at", "timestamptz", p -> now)
                .col("expires_at", "timestamptz", ParkedRollback::expiresAt)
                .insert(jdbc, "parked_rollbacks", plan.parked, null);
    }

    private int insertOutcomes(BatchPlan plan, long batchId, Instant now) {
        return new Unnest<BatchPlan.Outcome>()
                .col("provider_id", "text", o -> o.parked().key().providerId())
                .col("provider_tx_id", "text", o -> o.parked().key().providerTxId())
                .col("key_player_ref", "text", o -> o.parked().key().keyPlayerRef())
                .col("outcome", "text", BatchPlan.Outcome::outcome)
                .col("reason", "text", BatchPlan.Outcome::reason)
                .col("resolved_at", "timestamptz", o -> now)
                .col("batch_id", "bigint", o -> batchId)
                .insert(jdbc, "parked_outcomes", plan.outcomes, "ON CONFLICT DO NOTHING");
    }

    private int insertReversals(BatchPlan plan, long batchId, Instant now) {
        return new Unnest<BatchPlan.Reversal>()
                .col("provider_id", "text", v -> v.betKey().providerId())
                .col("bet_provider_tx_id", "text", v -> v.betKey().providerTxId())
                .col("key_player_ref", "text", v -> v.betKey().keyPlayerRef())
                .col("rollback_provider_tx_id", "text", v -> v.rollbackKey().providerTxId())
                .col("rollback_transaction_id", "uuid", BatchPlan.Reversal::rollbackTransactionId)
                .col("applied_at", "timestamptz", v -> now)
                .col("batch_id", "bigint", v -> batchId)
                .insert(jdbc, "reversals", plan.reversals, "ON CONFLICT DO NOTHING");
    }

    /** Inserts deliveries not stored before (by source coordinates); returns those that were new. */
    private List<BatchPlan.Delivery> insertDeliveries(String table, List<BatchPlan.Delivery> deliveries, long batchId,
                                                      Instant now) {
        if (deliveries.isEmpty()) {
            return List.of();
        }
        Unnest<BatchPlan.Delivery> u = new Unnest<BatchPlan.Delivery>()
                .col("provider_id", "text", d -> d.key().providerId())
                .col("provider_tx_id", "text", d -> d.key().providerTxId())
                .col("key_player_ref", "text", d -> d.key().keyPlayerRef())
                .col("content_hash", "char(64)", d -> d.in().contentHash())
                .col("received_at", "timestamptz", d -> d.in().tx().receivedAt())
                .col("recorded_at", "timestamptz", d -> now)
                .col("request_id", "text", d -> d.in().tx().requestId())
                .col("source_partition", "int", d -> d.in().partition())
                .col("source_offset", "bigint", d -> d.in().offset())
                .col("batch_id", "bigint", d -> batchId);
        if ("conflicts".equals(table)) {
            u.col("original_hash", "char(64)", BatchPlan.Delivery::originalHash)
                    .col("payload", "text", d -> CanonicalJson.write(d.in().tx().canonicalContent()));
        }
        Map<String, BatchPlan.Delivery> byCoordinates = new LinkedHashMap<>();
        for (BatchPlan.Delivery d : deliveries) {
            byCoordinates.put(d.in().partition() + ":" + d.in().offset(), d);
        }
        List<String> inserted = u.insertReturning(jdbc, table, deliveries,
                "ON CONFLICT (source_partition, source_offset) DO NOTHING RETURNING source_partition, source_offset",
                rs -> rs.getInt(1) + ":" + rs.getLong(2));
        return inserted.stream().map(byCoordinates::get).toList();
    }

    static TransactionRecorded recordedEvent(BatchPlan.Recorded r, Instant recordedAt) {
        TransactionReceived tx = r.tx();
        return new TransactionRecorded(TransactionRecorded.SCHEMA_VERSION, r.transactionId().toString(),
                tx.providerId(), tx.providerTxId(), tx.roundId(), tx.playerRef(), tx.brandId(), tx.gameId(),
                tx.gameType(), tx.type(), tx.amountMinor(), tx.currency(), tx.occurredAt(), r.businessDate(),
                tx.refTxId(), r.reversesBusinessDate(), r.adjustedType(), tx.freeRound(), tx.campaignId(),
                tx.jackpotContributionMinor(), r.contentHash(), recordedAt);
    }

    private static OutboxWriter.Message exception(String id, TransactionReceived tx, String action, Instant now,
                                                  Map<String, String> detail, String traceparent) {
        TransactionHistoryEvent event = new TransactionHistoryEvent(TransactionHistoryEvent.SCHEMA_VERSION,
                "ingest:exception:" + id, tx.providerId(), tx.providerTxId(), "ingest", "EXCEPTION_" + action,
                ACTOR, now, detail);
        return new OutboxWriter.Message(Topics.TRANSACTION_HISTORY, event.key(), event, traceparent);
    }

    /** The batch's Merkle leaf for a row, from exactly what {@link #insertTransactions} stores. */
    static String leaf(BatchPlan.Recorded r) {
        return LedgerLeaf.v2(new LedgerLeaf.Row(r.transactionId().toString(), r.tx().providerId(),
                r.tx().providerTxId(), r.key().keyPlayerRef(), r.contentHash(), r.businessDate(),
                r.reversesBusinessDate(), r.tx().type().name(), r.tx().amountMinor(), r.tx().currency(),
                r.adjustedType() == null ? null : r.adjustedType().name(), r.keyFate().name()));
    }

    /**
     * One entry per batch. The Merkle root covers the rows recorded, one {@link LedgerLeaf} each
     * ({@code leafVersion} 2), in {@code batch_pos} order, so a verifier can recompute it from the
     * rows carrying {@code batchId}.
     */
    private static AuditRecord auditRecord(long batchId, BatchPlan plan, Written w) {
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("batchId", batchId);
        after.put("leafVersion", (long) LedgerLeaf.CURRENT_VERSION);
        after.put("merkleRoot", MerkleTree.root(plan.recorded.stream().map(LedgerStore::leaf).toList()));
        after.put("recorded", (long) w.recorded());
        after.put("duplicates", (long) w.duplicates());
        after.put("conflicts", (long) w.conflicts());
        after.put("parked", (long) w.parked());
        after.put("rejected", (long) w.rejected());
        after.put("rollbacksApplied", (long) w.rollbacksApplied());
        after.put("expired", (long) w.expired());
        return new AuditRecord(ACTOR, AUDIT_ACTION, AUDIT_ENTITY, "batch-" + batchId, null, after, null, null);
    }
}
