package io.clearhouse.reconciliation.statement;

import java.util.Locale;

/** The file formats a statement may arrive in. */
public enum StatementFormat {
    CSV, JSONL;

    /** From an explicit {@code format} parameter, else from the content type. */
    static StatementFormat of(String parameter, String contentType) {
        if (parameter != null && !parameter.isBlank()) {
            return switch (parameter.toLowerCase(Locale.ROOT)) {
                case "csv" -> CSV;
                case "jsonl", "ndjson", "json" -> JSONL;
                default -> throw new IllegalArgumentException("format must be csv or jsonl");
            };
        }
        String ct = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (ct.startsWith("text/csv")) {
            return CSV;
        }
        if (ct.startsWith("application/x-ndjson") || ct.startsWith("application/jsonl")
                || ct.startsWith("application/json")) {
            return JSONL;
        }
        throw new IllegalArgumentException("Content-Type must be text/csv or application/x-ndjson (or pass format=)");
    }
}
