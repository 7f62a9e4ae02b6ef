package io.clearhouse.common.transaction;

import io.clearhouse.common.hash.CanonicalJson;
import io.clearhouse.common.hash.Hashing;
import io.clearhouse.common.money.Money;
import io.clearhouse.common.time.Rfc3339;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A provider transaction the gateway accepted and made durable on
 * {@link io.clearhouse.common.kafka.Topics#PROVIDER_TRANSACTIONS}. Amounts are minor units of
 * {@code currency}; instants are UTC, truncated to microseconds (PostgreSQL's resolution) so the
 * content hash survives a round trip through the database.
 */
public record TransactionReceived(
        int schemaVersion,
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
        String refTxId,
        boolean freeRound,
        String campaignId,
        Long jackpotContributionMinor,
        Instant receivedAt,
        String requestId) {

    public static final int SCHEMA_VERSION = 1;

    public TransactionReceived {
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(providerTxId, "providerTxId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(occurredAt, "occurredAt");
        occurredAt = occurredAt.truncatedTo(ChronoUnit.MICROS);
        receivedAt = receivedAt == null ? null : receivedAt.truncatedTo(ChronoUnit.MICROS);
    }

    /** The Kafka key: a round's bet, win and rollback stay in one partition, in order. */
    public String key() {
        return providerId + ":" + roundId;
    }

    public Money amount() {
        return Money.ofMinor(amountMinor, currency);
    }

    /**
     * The fields that make a transaction what it is, excluding delivery metadata (receivedAt,
     * requestId): two deliveries with the same content are duplicates, not conflicts.
     */
    public Map<String, Object> canonicalContent() {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("providerId", providerId);
        content.put("providerTxId", providerTxId);
        content.put("roundId", roundId);
        content.put("playerRef", playerRef);
        content.put("brandId", brandId);
        content.put("gameId", gameId);
        content.put("gameType", gameType == null ? null : gameType.name());
        content.put("type", type.name());
        content.put("amountMinor", amountMinor);
        content.put("currency", currency);
        content.put("occurredAt", Rfc3339.format(occurredAt));   // exactly Instant.toString(), faster
        content.put("refTxId", refTxId);
        content.put("freeRound", freeRound);
        content.put("campaignId", campaignId);
        content.put("jackpotContributionMinor", jackpotContributionMinor);
        return content;
    }

    /** SHA-256 (hex) of the canonical JSON of {@link #canonicalContent()}. */
    public String contentHash() {
        return Hashing.sha256Hex(CanonicalJson.write(canonicalContent()));
    }
}
