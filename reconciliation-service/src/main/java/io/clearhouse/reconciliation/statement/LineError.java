package io.clearhouse.reconciliation.statement;

/**
 * Why one statement line was not loaded.
 *
 * @param line   physical line number in the file (1 = first line, the header in a CSV)
 * @param column the header (CSV) or key (JSON) at fault, or null when the whole line is
 */
public record LineError(long line, String column, String reason) {
}
