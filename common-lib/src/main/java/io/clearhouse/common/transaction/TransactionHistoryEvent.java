package io.clearhouse.common.transaction;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Something that happened to one provider transaction in any service (recorded, rolled back,
 * settled in a statement, matched or broken in reconciliation, adjusted...). Services publish these
 * on {@link io.clearhouse.common.kafka.Topics#TRANSACTION_HISTORY}; ingest keeps them and answers
 * {@code GET /v1/transactions/{providerTxId}/history} from them, so one API shows the whole story.
 *
 * @param eventId unique per event (the producer's idempotency key), e.g. "recon:break:123:OPENED"
 * @param detail  small, non-secret facts (ids, amounts in minor units, reasons); never payloads
 */
public record TransactionHistoryEvent(
        int schemaVersion,
        String eventId,
        String providerId,
        String providerTxId,
        String service,
        String action,
        String actor,
        Instant occurredAt,
        Map<String, String> detail) {

    public static final int SCHEMA_VERSION = 1;

    public TransactionHistoryEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(providerTxId, "providerTxId");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(action, "action");
        detail = detail == null ? Map.of() : Map.copyOf(detail);
    }

    public String key() {
        return providerId + ":" + providerTxId;
    }
}
