package io.clearhouse.common.transaction;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A transaction ingest recorded, republished in canonical form on
 * {@link io.clearhouse.common.kafka.Topics#LEDGER_TRANSACTIONS}. Consumers dedupe by
 * {@link #transactionId()}: a record may be delivered more than once, never with other content.
 *
 * @param transactionId         the platform-wide id ingest assigned, unique per recorded transaction
 * @param businessDate          the provider's business date of {@code occurredAt} (zone and cut-off applied)
 * @param reversesBusinessDate  for a ROLLBACK or ADJUSTMENT, the business date of the transaction it
 *                              references (so a reversal of a closed period can be posted as an
 *                              adjustment in the open one); null otherwise
 * @param adjustedType          for an ADJUSTMENT, the type of the transaction whose amount it corrects
 *                              (followed through earlier adjustments), so consumers know which side it
 *                              moves: a signed correction of a BET's stake moves bets, of a WIN,
 *                              JACKPOT_WIN or FREE_ROUND_WIN moves wins; null for every other type
 */
public record TransactionRecorded(
        int schemaVersion,
        String transactionId,
        String providerId,
        String providerTxId,
        String roundId,
        String playerRef,
        String brandId,
        String gameId,
        GameType gameType,
        TransactionType type,
        long amountMinor,
        String currency,
        Instant occurredAt,
        LocalDate businessDate,
        String refTxId,
        LocalDate reversesBusinessDate,
        TransactionType adjustedType,
        boolean freeRound,
        String campaignId,
        Long jackpotContributionMinor,
        String contentHash,
        Instant recordedAt) {

    public static final int SCHEMA_VERSION = 1;

    public TransactionRecorded {
        Objects.requireNonNull(transactionId, "transactionId");
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(businessDate, "businessDate");
        if ((type == TransactionType.ADJUSTMENT) != (adjustedType != null)) {
            throw new IllegalArgumentException("adjustedType is required for an ADJUSTMENT and only for one");
        }
        if (adjustedType == TransactionType.ADJUSTMENT || adjustedType == TransactionType.ROLLBACK) {
            throw new IllegalArgumentException("an ADJUSTMENT corrects a BET or a win, not a " + adjustedType);
        }
    }

    /** Same key as the source topic: a round stays in one partition, in order. */
    public String key() {
        return providerId + ":" + roundId;
    }
}
