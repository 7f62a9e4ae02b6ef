package io.clearhouse.reconciliation.matching;

import java.time.Instant;
import java.time.LocalDate;

/** A matching run as the API shows it. */
public record RunView(long id, long statementId, String providerId, String status, LocalDate periodFrom,
                      LocalDate periodTo, Long toleranceMinor, String requestedBy, Instant requestedAt,
                      Instant startedAt, Instant finishedAt, String failure) {

    public boolean finished() {
        return "COMPLETED".equals(status) || "FAILED".equals(status);
    }
}
