package io.clearhouse.ingest.transaction;

import io.clearhouse.common.transaction.TransactionReceived;
import io.clearhouse.common.transaction.TransactionType;
import io.clearhouse.ingest.provider.ProviderSettings;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The rules, applied to one batch in delivery order against what the database already knows; no I/O.
 * <ul>
 *   <li>a key seen before: same content hash → DUPLICATE, other content → CONFLICT (the first stands);
 *       the very record that first delivered it (same partition and offset) → a redelivery, ignored;</li>
 *   <li>ROLLBACK: reverses its BET (same provider, {@code refTxId}, same player when ids are unique per
 *       player), at most once, and only for the bet's exact amount and currency; before its bet it is
 *       parked and applied when the bet arrives; a rollback of anything else is REJECTED with a reason;</li>
 *   <li>ADJUSTMENT: recorded, carrying the business date of the transaction it references when known;</li>
 *   <li>anything else: recorded.</li>
 * </ul>
 */
final class BatchJudge {

    private final Map<TxKey, KnownKey> keys;
    private final Map<TxKey, UUID> reversedBy;
    private final Map<TxKey, List<ParkedRollback>> parkedByBet;
    private final Instant now;
    final BatchPlan plan = new BatchPlan();

    BatchJudge(Map<TxKey, KnownKey> known, Map<TxKey, UUID> reversedBy, Map<TxKey, List<ParkedRollback>> parkedByBet,
               Instant now) {
        this.keys = new HashMap<>(known);
        this.reversedBy = new HashMap<>(reversedBy);
        this.parkedByBet = new HashMap<>();
        parkedByBet.forEach((k, v) -> this.parkedByBet.put(k, new ArrayList<>(v)));
        this.now = now;
    }

    static TxKey keyOf(TransactionReceived tx, ProviderSettings s) {
        return new TxKey(tx.providerId(), tx.providerTxId(), s.keyPlayerRef(tx));
    }

    static TxKey refKeyOf(TransactionReceived tx, ProviderSettings s) {
        return new TxKey(tx.providerId(), tx.refTxId(), s.keyPlayerRef(tx));
    }

    void judge(IncomingTransaction in, ProviderSettings settings) {
        TransactionReceived tx = in.tx();
        TxKey key = keyOf(tx, settings);
        KnownKey known = keys.get(key);
        if (known != null) {
            if (known.partition() == in.partition() && known.offset() == in.offset()) {
                plan.redelivered++;
            } else if (known.contentHash().equals(in.contentHash())) {
                plan.duplicates.add(new BatchPlan.Delivery(in, key, known.contentHash()));
            } else {
                plan.conflicts.add(new BatchPlan.Delivery(in, key, known.contentHash()));
            }
            return;
        }
        LocalDate businessDate = settings.businessDate(tx.occurredAt());
        UUID id = key.transactionId();
        switch (tx.type()) {
            case ROLLBACK -> judgeRollback(in, key, id, businessDate, settings);
            case ADJUSTMENT -> {
                KnownKey ref = keys.get(refKeyOf(tx, settings));
                LocalDate reverses = ref != null && ref.fate() == Fate.RECORDED ? ref.businessDate() : null;
                resolveParkedFor(record(in, key, id, businessDate, reverses));
            }
            // a rollback parked for this key is applied if it is a BET, refused with the reason otherwise
            default -> resolveParkedFor(record(in, key, id, businessDate, null));
        }
    }

    private void judgeRollback(IncomingTransaction in, TxKey key, UUID id, LocalDate businessDate,
                               ProviderSettings settings) {
        TransactionReceived tx = in.tx();
        TxKey betKey = refKeyOf(tx, settings);
        KnownKey bet = keys.get(betKey);
        if (bet == null) {
            ParkedRollback p = new ParkedRollback(key, betKey, id, tx, businessDate, in.contentHash(), in.partition(),
                    in.offset(), now.plus(settings.rollbackWait()));
            plan.parked.add(p);
            plan.newKeys.add(new BatchPlan.NewKey(key, id, Fate.PARKED, null, in, businessDate));
            remember(key, id, Fate.PARKED, tx, businessDate, in.contentHash(), in.partition(), in.offset());
            parkedByBet.computeIfAbsent(betKey, k -> new ArrayList<>()).add(p);
            return;
        }
        String refusal = refusal(tx, bet);
        if (refusal != null) {
            plan.newKeys.add(new BatchPlan.NewKey(key, id, Fate.REJECTED, refusal, in, businessDate));
            remember(key, id, Fate.REJECTED, tx, businessDate, in.contentHash(), in.partition(), in.offset());
            return;
        }
        record(in, key, id, businessDate, bet.businessDate());
        reverse(betKey, key, id);
    }

    /** Why this rollback may not reverse this transaction, or null when it may. */
    private String refusal(TransactionReceived rollback, KnownKey target) {
        if (target.type() != TransactionType.BET || target.fate() != Fate.RECORDED) {
            return "only a BET can be rolled back; " + rollback.refTxId() + " is a " + target.type();
        }
        UUID by = reversedBy.get(target.key());
        if (by != null) {
            return "BET " + rollback.refTxId() + " was already rolled back (transaction " + by + ")";
        }
        if (rollback.amountMinor() != target.amountMinor() || !rollback.currency().equals(target.currency())) {
            return "amount " + rollback.amountMinor() + " " + rollback.currency() + " differs from the BET's "
                    + target.amountMinor() + " " + target.currency() + " (minor units)";
        }
        return null;
    }

    /** A bet is now recorded: its parked rollbacks are applied (the first valid one) or refused. */
    void resolveParkedFor(KnownKey bet) {
        List<ParkedRollback> waiting = parkedByBet.remove(bet.key());
        if (waiting == null) {
            return;
        }
        for (ParkedRollback p : waiting) {
            String refusal = refusal(p.tx(), bet);
            if (refusal != null) {
                plan.outcomes.add(new BatchPlan.Outcome(p, "REJECTED", refusal));
                continue;
            }
            plan.outcomes.add(new BatchPlan.Outcome(p, "APPLIED", null));
            plan.recorded.add(new BatchPlan.Recorded(p.transactionId(), p.key(), p.tx(), p.businessDate(),
                    bet.businessDate(), p.contentHash(), p.partition(), p.offset()));
            reverse(bet.key(), p.key(), p.transactionId());
        }
    }

    /** A parked rollback whose bet did not arrive within the wait becomes an exception. */
    void expire(ParkedRollback p, String reason) {
        plan.outcomes.add(new BatchPlan.Outcome(p, "EXPIRED", reason));
    }

    private void reverse(TxKey betKey, TxKey rollbackKey, UUID rollbackId) {
        reversedBy.put(betKey, rollbackId);
        plan.reversals.add(new BatchPlan.Reversal(betKey, rollbackKey, rollbackId));
    }

    private KnownKey record(IncomingTransaction in, TxKey key, UUID id, LocalDate businessDate, LocalDate reverses) {
        plan.newKeys.add(new BatchPlan.NewKey(key, id, Fate.RECORDED, null, in, businessDate));
        plan.recorded.add(new BatchPlan.Recorded(id, key, in.tx(), businessDate, reverses, in.contentHash(),
                in.partition(), in.offset()));
        return remember(key, id, Fate.RECORDED, in.tx(), businessDate, in.contentHash(), in.partition(), in.offset());
    }

    private KnownKey remember(TxKey key, UUID id, Fate fate, TransactionReceived tx, LocalDate businessDate,
                              String hash, int partition, long offset) {
        KnownKey k = new KnownKey(key, id, fate, tx.type(), tx.amountMinor(), tx.currency(), businessDate, hash,
                partition, offset);
        keys.put(key, k);
        return k;
    }
}
