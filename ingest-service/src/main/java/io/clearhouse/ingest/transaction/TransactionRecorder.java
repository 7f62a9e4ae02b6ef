package io.clearhouse.ingest.transaction;

import io.clearhouse.support.kafka.ConsumedOffsets;
import io.clearhouse.common.transaction.TransactionReceived;
import io.clearhouse.common.transaction.TransactionType;
import io.clearhouse.ingest.provider.ProviderSettings;
import io.clearhouse.ingest.provider.ProviderSettingsRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records one consumed batch in one database transaction: locks the batch's source partitions'
 * stored offsets, drops records at or before them (their effects are already committed), judges the
 * rest against what the database knows ({@link BatchJudge}), writes rows, judgements, outbox and one
 * audit entry, and advances the stored offsets, all or nothing.
 */
@Component
class TransactionRecorder {

    private final ProviderSettingsRepository providers;
    private final LedgerStore store;
    private final ConsumedOffsets offsets;
    private final Clock clock;
    private final BatchHooks hooks;

    TransactionRecorder(ProviderSettingsRepository providers, LedgerStore store, ConsumedOffsets offsets, Clock clock,
                        BatchHooks hooks) {
        this.providers = providers;
        this.store = store;
        this.offsets = offsets;
        this.clock = clock;
        this.hooks = hooks;
    }

    /**
     * @param nextOffsets per source partition, the offset after the last record of the batch
     *                    (poison records included: they went to the DLT before this is called)
     */
    @Transactional
    public BatchOutcome record(String topic, List<IncomingTransaction> batch, Map<Integer, Long> nextOffsets) {
        if (nextOffsets.isEmpty()) {
            return BatchOutcome.EMPTY;
        }
        Map<Integer, Long> stored = offsets.lock(topic, nextOffsets.keySet());
        List<IncomingTransaction> fresh = new ArrayList<>(batch.size());
        for (IncomingTransaction in : batch) {
            if (in.offset() >= stored.getOrDefault(in.partition(), 0L)) {
                fresh.add(in);
            }
        }
        int skipped = batch.size() - fresh.size();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);

        Set<String> providerIds = new HashSet<>();
        fresh.forEach(in -> providerIds.add(in.tx().providerId()));
        Map<String, ProviderSettings> settings = providers.forProviders(providerIds);
        Set<TxKey> keys = new HashSet<>();
        Set<TxKey> rollbackRefs = new HashSet<>();
        // keys that parked rollbacks may be waiting for
        Set<TxKey> bets = new HashSet<>();
        for (IncomingTransaction in : fresh) {
            TransactionReceived tx = in.tx();
            ProviderSettings s = settings.get(tx.providerId());
            TxKey key = BatchJudge.keyOf(tx, s);
            keys.add(key);
            if (tx.type().requiresReference()) {
                TxKey ref = BatchJudge.refKeyOf(tx, s);
                keys.add(ref);
                if (tx.type() == TransactionType.ROLLBACK) {
                    rollbackRefs.add(ref);
                }
            }
            if (tx.type() != TransactionType.ROLLBACK) {
                bets.add(key);
            }
        }
        BatchJudge judge = new BatchJudge(store.knownKeys(keys), store.reversals(rollbackRefs),
                store.parkedFor(bets), now);
        for (IncomingTransaction in : fresh) {
            judge.judge(in, settings.get(in.tx().providerId()));
        }
        BatchPlan plan = judge.plan;
        LedgerStore.Written w = plan.isEmpty() ? null : store.write(plan, store.nextBatchId(), now);
        hooks.afterWrites();
        offsets.advance(topic, nextOffsets);
        if (w == null) {
            return new BatchOutcome(0, 0, 0, 0, 0, 0, skipped + plan.redelivered);
        }
        return new BatchOutcome(w.recorded(), w.duplicates(), w.conflicts(), w.parked(), w.rejected(),
                w.rollbacksApplied(), skipped + plan.redelivered + (plan.duplicates.size() - w.duplicates())
                + (plan.conflicts.size() - w.conflicts()));
    }
}
