package io.clearhouse.ingest.transaction;

import io.clearhouse.common.audit.AuditAppender;
import io.clearhouse.common.audit.AuditRecord;
import io.clearhouse.common.hash.CanonicalJson;
import io.clearhouse.common.hash.MerkleTree;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Array;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records one consumed batch in one database transaction: the new rows (one set-based insert),
 * the duplicates and conflicts, and one audit entry holding the Merkle root of the recorded rows'
 * content hashes. Deduplication is by the primary key, so two consumers racing on the same key
 * cannot both record it; a Kafka redelivery of a record already applied is recognised by its
 * source coordinates and has no effect at all.
 */
@Component
class TransactionRecorder {

    static final String ACTOR = "ingest-service";

    private final JdbcTemplate jdbc;
    private final AuditAppender audit;
    private final Clock clock;
    private final Counter recordedCounter;
    private final Counter duplicateCounter;
    private final Counter conflictCounter;

    TransactionRecorder(JdbcTemplate jdbc, AuditAppender audit, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.recordedCounter = Counter.builder("clearhouse.ingest.transactions").tag("outcome", "recorded").register(meters);
        this.duplicateCounter = Counter.builder("clearhouse.ingest.transactions").tag("outcome", "duplicate").register(meters);
        this.conflictCounter = Counter.builder("clearhouse.ingest.transactions").tag("outcome", "conflict").register(meters);
    }

    @Transactional
    public BatchOutcome record(List<IncomingTransaction> batch) {
        if (batch.isEmpty()) {
            return new BatchOutcome(0, 0, 0, 0);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        // The first occurrence of a key in the batch is the candidate row; later ones are judged against it.
        Map<String, IncomingTransaction> candidates = new LinkedHashMap<>();
        List<IncomingTransaction> repeats = new ArrayList<>();
        for (IncomingTransaction in : batch) {
            if (candidates.putIfAbsent(in.key(), in) != null) {
                repeats.add(in);
            }
        }
        Set<String> inserted = insertNew(new ArrayList<>(candidates.values()), now);

        List<IncomingTransaction> recorded = new ArrayList<>();
        List<IncomingTransaction> others = new ArrayList<>(repeats);
        for (IncomingTransaction in : candidates.values()) {
            (inserted.contains(in.key()) ? recorded : others).add(in);
        }
        Map<String, StoredRow> stored = storedRows(others);
        for (IncomingTransaction in : recorded) {
            stored.put(in.key(), new StoredRow(in.contentHash(), in.partition(), in.offset()));
        }

        List<IncomingTransaction> duplicates = new ArrayList<>();
        List<IncomingTransaction> conflicts = new ArrayList<>();
        int redelivered = 0;
        for (IncomingTransaction in : others) {
            StoredRow original = stored.get(in.key());
            if (original.partition() == in.partition() && original.offset() == in.offset()) {
                redelivered++;
            } else if (original.contentHash().equals(in.contentHash())) {
                duplicates.add(in);
            } else {
                conflicts.add(in);
            }
        }
        int newDuplicates = insertDuplicates(duplicates, now);
        int newConflicts = insertConflicts(conflicts, stored, now);
        redelivered += (duplicates.size() - newDuplicates) + (conflicts.size() - newConflicts);

        if (!recorded.isEmpty() || newDuplicates > 0 || newConflicts > 0) {
            audit.append(List.of(batchAuditRecord(recorded, newDuplicates, newConflicts, batch)));
        }
        recordedCounter.increment(recorded.size());
        duplicateCounter.increment(newDuplicates);
        conflictCounter.increment(newConflicts);
        return new BatchOutcome(recorded.size(), newDuplicates, newConflicts, redelivered);
    }

    /** Inserts every candidate whose key is new; returns the keys actually inserted. */
    private Set<String> insertNew(List<IncomingTransaction> rows, Instant now) {
        String sql = """
                INSERT INTO transactions (provider_id, provider_tx_id, round_id, player_ref, brand_id, game_id,
                    game_type, type, amount_minor, currency, occurred_at, business_date, ref_tx_id, free_round,
                    campaign_id, jackpot_contribution_minor, content_hash, received_at, recorded_at, request_id,
                    source_partition, source_offset)
                SELECT t.provider_id, t.provider_tx_id, t.round_id, t.player_ref, t.brand_id, t.game_id,
                    t.game_type, t.type, t.amount_minor::bigint, t.currency, t.occurred_at::timestamptz,
                    t.business_date::date, t.ref_tx_id, t.free_round::boolean, t.campaign_id,
                    t.jackpot_minor::bigint, t.content_hash, t.received_at::timestamptz, ?::timestamptz,
                    t.request_id, t.source_partition::int, t.source_offset::bigint
                FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                            ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                            ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                    AS t(provider_id, provider_tx_id, round_id, player_ref, brand_id, game_id, game_type, type,
                         amount_minor, currency, occurred_at, business_date, ref_tx_id, free_round, campaign_id,
                         jackpot_minor, content_hash, received_at, request_id, source_partition, source_offset)
                ON CONFLICT (provider_id, provider_tx_id) DO NOTHING
                RETURNING provider_id, provider_tx_id""";
        List<Function<IncomingTransaction, Object>> columns = List.of(
                in -> in.tx().providerId(), in -> in.tx().providerTxId(), in -> in.tx().roundId(),
                in -> in.tx().playerRef(), in -> in.tx().brandId(), in -> in.tx().gameId(),
                in -> in.tx().gameType().name(), in -> in.tx().type().name(), in -> in.tx().amountMinor(),
                in -> in.tx().currency(), in -> in.tx().occurredAt(), in -> businessDate(in),
                in -> in.tx().refTxId(), in -> in.tx().freeRound(), in -> in.tx().campaignId(),
                in -> in.tx().jackpotContributionMinor(), IncomingTransaction::contentHash,
                in -> in.tx().receivedAt(), in -> in.tx().requestId(), IncomingTransaction::partition,
                IncomingTransaction::offset);
        Set<String> inserted = new HashSet<>();
        jdbc.execute((ConnectionCallback<Void>) con -> {
            try (var ps = con.prepareStatement(sql)) {
                ps.setString(1, now.toString());
                for (int c = 0; c < columns.size(); c++) {
                    ps.setArray(c + 2, textArray(con, rows, columns.get(c)));
                }
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        inserted.add(rs.getString(1) + "\u0000" + rs.getString(2));
                    }
                }
            }
            return null;
        });
        return inserted;
    }

    /**
     * The business date. Until provider settings exist every provider settles on UTC days with a
     * 00:00 cut-off; the provider's zone and cut-off hour replace this when they are configured.
     */
    private static String businessDate(IncomingTransaction in) {
        return in.tx().occurredAt().atZone(ZoneOffset.UTC).toLocalDate().toString();
    }

    private record StoredRow(String contentHash, int partition, long offset) {
    }

    private Map<String, StoredRow> storedRows(List<IncomingTransaction> keys) {
        Map<String, StoredRow> rows = new HashMap<>();
        if (keys.isEmpty()) {
            return rows;
        }
        jdbc.execute((ConnectionCallback<Void>) con -> {
            try (var ps = con.prepareStatement("""
                    SELECT t.provider_id, t.provider_tx_id, t.content_hash, t.source_partition, t.source_offset
                    FROM transactions t
                    JOIN unnest(?::text[], ?::text[]) AS k(provider_id, provider_tx_id)
                      ON t.provider_id = k.provider_id AND t.provider_tx_id = k.provider_tx_id""")) {
                ps.setArray(1, textArray(con, keys, in -> in.tx().providerId()));
                ps.setArray(2, textArray(con, keys, in -> in.tx().providerTxId()));
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.put(rs.getString(1) + "\u0000" + rs.getString(2),
                                new StoredRow(rs.getString(3), rs.getInt(4), rs.getLong(5)));
                    }
                }
            }
            return null;
        });
        return rows;
    }

    private int insertDuplicates(List<IncomingTransaction> duplicates, Instant now) {
        if (duplicates.isEmpty()) {
            return 0;
        }
        int[][] counts = jdbc.batchUpdate("""
                INSERT INTO duplicates (provider_id, provider_tx_id, content_hash, received_at, recorded_at,
                                        request_id, source_partition, source_offset)
                VALUES (?, ?, ?, ?::timestamptz, ?::timestamptz, ?, ?, ?)
                ON CONFLICT (source_partition, source_offset) DO NOTHING""", duplicates, duplicates.size(), (ps, in) -> {
            ps.setString(1, in.tx().providerId());
            ps.setString(2, in.tx().providerTxId());
            ps.setString(3, in.contentHash());
            ps.setString(4, in.tx().receivedAt() == null ? null : in.tx().receivedAt().toString());
            ps.setString(5, now.toString());
            ps.setString(6, in.tx().requestId());
            ps.setInt(7, in.partition());
            ps.setLong(8, in.offset());
        });
        return sum(counts);
    }

    private int insertConflicts(List<IncomingTransaction> conflicts, Map<String, StoredRow> stored, Instant now) {
        if (conflicts.isEmpty()) {
            return 0;
        }
        int[][] counts = jdbc.batchUpdate("""
                INSERT INTO conflicts (provider_id, provider_tx_id, content_hash, original_hash, payload, received_at,
                                       recorded_at, request_id, source_partition, source_offset)
                VALUES (?, ?, ?, ?, ?, ?::timestamptz, ?::timestamptz, ?, ?, ?)
                ON CONFLICT (source_partition, source_offset) DO NOTHING""", conflicts, conflicts.size(), (ps, in) -> {
            ps.setString(1, in.tx().providerId());
            ps.setString(2, in.tx().providerTxId());
            ps.setString(3, in.contentHash());
            ps.setString(4, stored.get(in.key()).contentHash());
            ps.setString(5, CanonicalJson.write(in.tx().canonicalContent()));
            ps.setString(6, in.tx().receivedAt() == null ? null : in.tx().receivedAt().toString());
            ps.setString(7, now.toString());
            ps.setString(8, in.tx().requestId());
            ps.setInt(9, in.partition());
            ps.setLong(10, in.offset());
        });
        return sum(counts);
    }

    /**
     * One entry per batch. The Merkle root covers the recorded rows' content hashes in (partition,
     * offset) order, so a verifier can recompute it from the rows named by {@code ranges}.
     */
    private static AuditRecord batchAuditRecord(List<IncomingTransaction> recorded, int duplicates, int conflicts,
                                                List<IncomingTransaction> batch) {
        List<IncomingTransaction> ordered = new ArrayList<>(recorded);
        ordered.sort(Comparator.comparingInt(IncomingTransaction::partition).thenComparingLong(IncomingTransaction::offset));
        Map<Integer, long[]> ranges = new TreeMap<>();
        for (IncomingTransaction in : batch) {
            ranges.merge(in.partition(), new long[] {in.offset(), in.offset()},
                    (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        StringBuilder rangeText = new StringBuilder();
        ranges.forEach((p, r) -> rangeText.append(rangeText.isEmpty() ? "" : ",").append(p).append(':')
                .append(r[0]).append('-').append(r[1]));
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("merkleRoot", MerkleTree.root(ordered.stream().map(IncomingTransaction::contentHash).toList()));
        after.put("recorded", (long) recorded.size());
        after.put("duplicates", (long) duplicates);
        after.put("conflicts", (long) conflicts);
        after.put("ranges", rangeText.toString());
        return new AuditRecord(ACTOR, "BATCH_RECORDED", "ingest_batch", rangeText.toString(), null, after,
                null, null);
    }

    private static Array textArray(Connection con, List<IncomingTransaction> rows,
                                   Function<IncomingTransaction, Object> column) throws java.sql.SQLException {
        String[] values = new String[rows.size()];
        for (int i = 0; i < values.length; i++) {
            Object v = column.apply(rows.get(i));
            values[i] = v == null ? null : v.toString();
        }
        return con.createArrayOf("text", values);
    }

    private static int sum(int[][] counts) {
        int total = 0;
        for (int[] batch : counts) {
            for (int c : batch) {
                total += Math.max(c, 0);
            }
        }
        return total;
    }
}
