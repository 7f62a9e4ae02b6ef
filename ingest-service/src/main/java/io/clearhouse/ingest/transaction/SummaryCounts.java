package io.clearhouse.ingest.transaction;

import io.clearhouse.common.transaction.TransactionType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Ingest's summary kept as it happens: every written plan adds what it recorded, absorbed, parked or
 * refused to {@code summary_counts}, one row per provider, currency and shard, in the same database
 * transaction as the rows themselves (a rolled-back batch adds nothing, a replay adds nothing since it
 * writes nothing new). The summary then reads a few rows per provider instead of the whole ledger.
 *
 * <p>The shard is the Kafka partition of the batch's first record ({@value #SWEEP_SHARD} for the parked
 * rollbacks' sweep): each partition has one consumer at a time, so concurrent batches add to different
 * rows and never wait on each other's row lock. Rows are upserted in one order, so two writers that do
 * share a shard (the sweep of two instances) wait but cannot deadlock.
 */
final class SummaryCounts {

    /** The shard of plans that come from no partition (the sweep of parked rollbacks). */
    static final int SWEEP_SHARD = -1;

    private static final String[] COUNTS = {"recorded", "rollbacks", "adjustments", "duplicates", "conflicts",
        "rollbacks_early", "rollbacks_resolved", "rejected", "rollbacks_expired"};
    private static final int RECORDED = 0;
    private static final int ROLLBACKS = 1;
    private static final int ADJUSTMENTS = 2;
    private static final int DUPLICATES = 3;
    private static final int CONFLICTS = 4;
    private static final int EARLY = 5;
    private static final int RESOLVED = 6;
    private static final int REJECTED = 7;
    private static final int EXPIRED = 8;

    private record Group(String providerId, String currency) implements Comparable<Group> {
        @Override
        public int compareTo(Group o) {
            int c = providerId.compareTo(o.providerId);
            return c != 0 ? c : currency.compareTo(o.currency);
        }
    }

    private record Row(Group group, int shard, long[] counts) {
    }

    private SummaryCounts() {
    }

    /**
     * Adds the plan's effects: its recorded rows, the duplicates and conflicts that were new in the
     * database, its new keys (parked, rejected) and its parked rollbacks' outcomes. Each is counted under
     * the currency of its key's first delivery, as the ledger holds it. Returns the same counts in total
     * (the batch's audit entry and metrics).
     */
    static LedgerStore.Written add(JdbcTemplate jdbc, BatchPlan plan, List<BatchPlan.Delivery> newDuplicates,
                                   List<BatchPlan.Delivery> newConflicts) {
        Map<Group, long[]> counts = new TreeMap<>();
        for (BatchPlan.Recorded r : plan.recorded) {
            long[] c = of(counts, r.tx().providerId(), r.tx().currency());
            c[RECORDED]++;
            c[ROLLBACKS] += r.tx().type() == TransactionType.ROLLBACK ? 1 : 0;
            c[ADJUSTMENTS] += r.tx().type() == TransactionType.ADJUSTMENT ? 1 : 0;
        }
        newDuplicates.forEach(d -> of(counts, d.key().providerId(), d.originalCurrency())[DUPLICATES]++);
        newConflicts.forEach(d -> of(counts, d.key().providerId(), d.originalCurrency())[CONFLICTS]++);
        for (BatchPlan.NewKey k : plan.newKeys) {
            switch (k.fate()) {
                case PARKED -> of(counts, k.key().providerId(), k.in().tx().currency())[EARLY]++;
                case REJECTED -> of(counts, k.key().providerId(), k.in().tx().currency())[REJECTED]++;
                default -> { }
            }
        }
        for (BatchPlan.Outcome o : plan.outcomes) {
            long[] c = of(counts, o.parked().key().providerId(), o.parked().tx().currency());
            c[RESOLVED]++;
            c[REJECTED] += "REJECTED".equals(o.outcome()) ? 1 : 0;
            c[EXPIRED] += "EXPIRED".equals(o.outcome()) ? 1 : 0;
        }
        long[] total = new long[COUNTS.length];
        counts.values().forEach(c -> {
            for (int i = 0; i < total.length; i++) {
                total[i] += c[i];
            }
        });
        LedgerStore.Written written = new LedgerStore.Written((int) total[RECORDED], (int) total[DUPLICATES],
                (int) total[CONFLICTS], (int) total[EARLY], (int) total[REJECTED], (int) total[ROLLBACKS],
                (int) total[EXPIRED]);
        if (counts.isEmpty()) {
            return written;
        }
        int shard = shard(plan);
        List<Row> rows = new ArrayList<>(counts.size());
        counts.forEach((g, c) -> rows.add(new Row(g, shard, c)));
        Unnest<Row> u = new Unnest<Row>()
                .col("provider_id", "text", r -> r.group().providerId())
                .col("currency", "char(3)", r -> r.group().currency())
                .col("shard", "int", Row::shard);
        StringBuilder update = new StringBuilder("ON CONFLICT (provider_id, currency, shard) DO UPDATE SET ");
        for (int i = 0; i < COUNTS.length; i++) {
            int index = i;
            u.col(COUNTS[i], "bigint", r -> r.counts()[index]);
            update.append(i == 0 ? "" : ", ").append(COUNTS[i]).append(" = summary_counts.").append(COUNTS[i])
                    .append(" + EXCLUDED.").append(COUNTS[i]);
        }
        u.insert(jdbc, "summary_counts", rows, update.toString());
        return written;
    }

    private static long[] of(Map<Group, long[]> counts, String providerId, String currency) {
        return counts.computeIfAbsent(new Group(providerId, currency), g -> new long[COUNTS.length]);
    }

    private static int shard(BatchPlan plan) {
        if (!plan.newKeys.isEmpty()) {
            return plan.newKeys.get(0).in().partition();
        }
        if (!plan.duplicates.isEmpty()) {
            return plan.duplicates.get(0).in().partition();
        }
        if (!plan.conflicts.isEmpty()) {
            return plan.conflicts.get(0).in().partition();
        }
        return SWEEP_SHARD;
    }
}
