package io.clearhouse.reconciliation.statement;

import io.clearhouse.common.time.Rfc3339;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The COPY text-format rows the loader sent for {@code statement_lines} before it sent binary rows
 * ({@link CopyBinary}): kept as the reference {@code CopyBinaryIT} holds the binary rows to.
 */
final class CopyText {

    static final String COLUMNS = "statement_id, line_no, provider_tx_id, type, amount_minor, currency, "
            + "occurred_at, business_date, round_id, player_ref, brand_id, game_id, game_type";

    private final StringBuilder sb = new StringBuilder(1 << 17);
    private final String statementId;

    CopyText(long statementId) {
        this.statementId = Long.toString(statementId);
    }

    void append(StatementLine l) {
        sb.append(statementId).append('\t').append(l.line()).append('\t');
        text(l.providerTxId());
        sb.append('\t').append(l.type()).append('\t').append(l.amountMinor()).append('\t').append(l.currency())
                .append('\t');
        Instant at = l.occurredAt();
        if (at == null) {
            sb.append("\\N");
        } else {
            // the same text as Instant.toString(), written digit by digit: java.time's general
            // formatter took about half of this class's time on a million-line statement
            sb.append(Rfc3339.format(at));
        }
        sb.append('\t');
        LocalDate d = l.businessDate();
        sb.append(Rfc3339.formatDate(d)).append('\t');
        text(l.roundId());
        sb.append('\t');
        text(l.playerRef());
        sb.append('\t');
        text(l.brandId());
        sb.append('\t');
        text(l.gameId());
        sb.append('\t');
        text(l.gameType());
        sb.append('\n');
    }

    int length() {
        return sb.length();
    }

    /** The buffered rows as UTF-8, emptying the buffer. */
    byte[] drain() {
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        sb.setLength(0);
        return bytes;
    }

    /** COPY text escaping: backslash, tab, line feed and carriage return; null as \N. */
    private void text(String v) {
        if (v == null) {
            sb.append("\\N");
            return;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
    }
}
