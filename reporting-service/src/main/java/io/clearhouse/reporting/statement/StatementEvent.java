package io.clearhouse.reporting.statement;

import io.clearhouse.common.settlement.StatementPublished;

/** A checked statement event: its status and its parsed document. */
record StatementEvent(StatementPublished event, StatementStatus status, StatementDocument document) {
}
