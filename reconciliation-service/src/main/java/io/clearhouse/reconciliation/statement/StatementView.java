package io.clearhouse.reconciliation.statement;

import java.time.Instant;
import java.time.LocalDate;

/** A stored statement as the API shows it. */
public record StatementView(long id, String providerId, String sha256, String format, long lineCount,
                            long loadedCount, long errorCount, LocalDate periodFrom, LocalDate periodTo,
                            long sizeBytes, String uploadedBy, Instant uploadedAt) {
}
