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
 *   <li>ADJUSTMENT: a signed correction (never zero) of the amount of the transaction it references
 *       ({@code refTxId}, same provider, same player when ids are unique per player), which must be a
 *       RECORDED BET, WIN, JACKPOT_WIN, FREE_ROUND_WIN or ADJUSTMENT of one, in the same currency;
 *       recorded with the referenced business date and the adjusted type (an adjustment of an
 *       adjustment corrects what that one corrected), otherwise REJECTED with the reason;</li>
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
                plan.duplicates.add(new BatchPlan.Delivery(in, key, known.contentHash(), known.currency()));
            } else {
                plan.conflicts.add(new BatchPlan.Delivery(in, key, known.contentHash(), known.currency()));
            }
            return;
        }
        LocalDate businessDate = settings.businessDate(tx.occurredAt());
        UUID id = key.transactionId();
        switch (tx.type()) {
            case ROLLBACK -> judgeRollback(in, key, id, businessDate, settings);
            case ADJUSTMENT -> judgeAdjustment(in, key, id, businessDate, settings);
            // a rollback parked for this key is applied if it is a BET, refused with the reason otherwise
            default -> resolveParkedFor(record(in, key, id, businessDate, null, null));
        }
    }

    private void judgeAdjustment(IncomingTransaction in, TxKey key, UUID id, LocalDate businessDate,
                                 ProviderSettings settings) {
        TransactionReceived tx = in.tx();
        KnownKey ref = keys.get(refKeyOf(tx, settings));
        String refusal = adjustmentRefusal(tx, ref);
        if (refusal != null) {
            reject(in, key, id, businessDate, refusal);
            return;
        }
        TransactionType adjusted = ref.type() == TransactionType.ADJUSTMENT ? ref.adjustedType() : ref.type();
        resolveParkedFor(record(in, key, id, businessDate, ref.businessDate(), adjusted));
    }

    /** Why this adjustment may not correct the transaction it references, or null when it may. */
    private static String adjustmentRefusal(TransactionReceived adjustment, KnownKey ref) {
        if (adjustment.amountMinor() == 0) {
            return "an ADJUSTMENT of 0 corrects nothing";
        }
        String refId = adjustment.refTxId();
        if (ref == null) {
            return "an ADJUSTMENT corrects a recorded transaction; " + refId + " is not known";
        }
        if (ref.fate() != Fate.RECORDED) {
            return "an ADJUSTMENT corrects a recorded transaction; " + refId + " was " + ref.fate()
                    + (ref.fate() == Fate.PARKED ? " (a rollback waiting for its bet)" : "");
        }
        if (ref.type() == TransactionType.ADJUSTMENT && ref.adjustedType() == null) {
            return "ADJUSTMENT " + refId + " was recorded before adjusted types were kept; adjust the original instead";
        }
        if (!ADJUSTABLE.contains(ref.type())) {
            return "only a BET, WIN, JACKPOT_WIN, FREE_ROUND_WIN or an ADJUSTMENT of one can be adjusted; " + refId
                    + " is a " + ref.type();
        }
        if (!adjustment.currency().equals(ref.currency())) {
            return "currency " + adjustment.currency() + " differs from " + refId + "'s " + ref.currency();
        }
        return null;
    }

    private static final java.util.Set<TransactionType> ADJUSTABLE = java.util.EnumSet.of(TransactionType.BET,
            TransactionType.WIN, TransactionType.JACKPOT_WIN, TransactionType.FREE_ROUND_WIN, TransactionType.ADJUSTMENT);

    private void reject(IncomingTransaction in, TxKey key, UUID id, LocalDate businessDate, String reason) {
        plan.newKeys.add(new BatchPlan.NewKey(key, id, Fate.REJECTED, reason, in, businessDate, null));
        remember(key, id, Fate.REJECTED, in.tx(), null, businessDate, in.contentHash(), in.partition(), in.offset());
    }

    private void judgeRollback(IncomingTransaction in, TxKey key, UUID id, LocalDate businessDate,
                               ProviderSettings settings) {
        TransactionReceived tx = in.tx();
        TxKey betKey = refKeyOf(tx, settings);
        KnownKey bet = keys.get(betKey);
        if (bet == null) {
            ParkedRollback p = new ParkedRollback(key, betKey, id, tx, businessDate, in.contentHash(), in.partition(),
                    in.offset(), now.plus(settings.rollbackWait()), in.traceparent());
            plan.parked.add(p);
            plan.newKeys.add(new BatchPlan.NewKey(key, id, Fate.PARKED, null, in, businessDate, null));
            remember(key, id, Fate.PARKED, tx, null, businessDate, in.contentHash(), in.partition(), in.offset());
            parkedByBet.computeIfAbsent(betKey, k -> new ArrayList<>()).add(p);
            return;
        }
        String refusal = refusal(tx, bet);
        if (refusal != null) {
            reject(in, key, id, businessDate, refusal);
            return;
        }
        record(in, key, id, businessDate, bet.businessDate(), null);
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
                    bet.businessDate(), null, p.contentHash(), p.partition(), p.offset(), Fate.PARKED,
                    p.traceparent()));
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

    private KnownKey record(IncomingTransaction in, TxKey key, UUID id, LocalDate businessDate, LocalDate reverses,
                            TransactionType adjustedType) {
        plan.newKeys.add(new BatchPlan.NewKey(key, id, Fate.RECORDED, null, in, businessDate, adjustedType));
        plan.recorded.add(new BatchPlan.Recorded(id, key, in.tx(), businessDate, reverses, adjustedType,
                in.contentHash(), in.partition(), in.offset(), Fate.RECORDED, in.traceparent()));
        return remember(key, id, Fate.RECORDED, in.tx(), adjustedType, businessDate, in.contentHash(), in.partition(),
                in.offset());
    }

    private KnownKey remember(TxKey key, UUID id, Fate fate, TransactionReceived tx, TransactionType adjustedType,
                              LocalDate businessDate, String hash, int partition, long offset) {
        KnownKey k = new KnownKey(key, id, fate, tx.type(), adjustedType, tx.amountMinor(), tx.currency(), businessDate,
                hash, partition, offset);
        keys.put(key, k);
        return k;
    }
}
