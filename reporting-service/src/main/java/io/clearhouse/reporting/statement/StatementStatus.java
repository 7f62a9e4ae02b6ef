package io.clearhouse.reporting.statement;

/**
 * A settlement statement's status as its events report it. Statuses only move forward: an event that
 * would move a statement back (a stale redelivery) changes nothing.
 */
public enum StatementStatus {
    DRAFT(0), SUPERSEDED(1), APPROVED(1), PAID(2);

    private final int rank;

    StatementStatus(int rank) {
        this.rank = rank;
    }

    public int rank() {
        return rank;
    }

    /** APPROVED and PAID statements are final: their reports are FINAL. */
    public boolean isFinal() {
        return this == APPROVED || this == PAID;
    }

    /** The events after which reports are generated: a new draft (DRAFT) and its approval (FINAL). */
    public boolean triggersReports() {
        return this == DRAFT || this == APPROVED;
    }
}
