package io.clearhouse.ingest.exception;

import java.time.Instant;

/**
 * One ingest exception as the API shows it. {@code payload} is the transaction as ingest received it (for
 * a conflict: the conflicting delivery; for an expired rollback: the rollback; for a dead letter: the
 * record's text as it was dead-lettered); {@code postedTxId} is the correction or replay posted for it.
 */
public record ExceptionView(long id, ExceptionKind kind, String sourceRef, String providerId, String providerTxId,
                            String keyPlayerRef, String reason, String payload, ExceptionStatus status,
                            String assignee, Resolution resolution, String resolutionNote, String resolvedBy,
                            Instant resolvedAt, String postedTxId, long version, Instant openedAt, Instant updatedAt) {
}
