package io.clearhouse.reporting.export;

import io.clearhouse.common.money.Currencies;
import io.clearhouse.reporting.report.SpreadsheetText;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A day's recorded transactions as CSV, streamed from a server-side cursor over ingest's read-only
 * {@code ingest.ledger_view} ({@link #FETCH_SIZE} rows at a time, inside a read-only transaction, which
 * PostgreSQL needs for a cursor): memory stays flat whatever the day's size. Text from outside is
 * escaped against formulas; amounts are decimal strings with the currency's exponent.
 */
@Component
public class TransactionExport {

    /** Rows fetched per round trip. */
    static final int FETCH_SIZE = 1000;
    static final List<String> HEADER = List.of("transaction_id", "provider_id", "provider_tx_id", "round_id",
            "player_ref", "brand_id", "game_id", "game_type", "type", "amount", "currency", "occurred_at",
            "business_date", "ref_tx_id", "adjusted_type", "free_round", "jackpot_contribution", "content_hash",
            "recorded_at");

    private final JdbcTemplate cursor;
    private final TransactionTemplate readOnly;

    TransactionExport(DataSource dataSource, PlatformTransactionManager transactions) {
        this.cursor = new JdbcTemplate(dataSource);
        this.cursor.setFetchSize(FETCH_SIZE);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /** Writes the CSV to {@code out}; returns the number of rows. */
    public long write(LocalDate date, String providerId, OutputStream out) {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        long[] rows = {0};
        try {
            line(w, HEADER);
            readOnly.executeWithoutResult(s -> cursor.query("""
                    SELECT transaction_id, provider_id, provider_tx_id, round_id, player_ref, brand_id, game_id,
                           game_type, type, amount_minor, currency, occurred_at, business_date, ref_tx_id,
                           adjusted_type, free_round, jackpot_contribution_minor, content_hash, recorded_at
                    FROM ingest.ledger_view
                    WHERE business_date = ? AND (CAST(? AS text) IS NULL OR provider_id = ?)
                    ORDER BY provider_id, provider_tx_id""", rs -> {
                        try {
                            line(w, row(rs));
                            rows[0]++;
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }, date, providerId, providerId));
            w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows[0];
    }

    private static List<String> row(ResultSet rs) throws SQLException {
        String currency = rs.getString("currency");
        int exp = Currencies.exponent(currency).orElse(0);
        long jackpot = rs.getLong("jackpot_contribution_minor");
        String jackpotText = rs.wasNull() ? "" : BigDecimal.valueOf(jackpot, exp).toPlainString();
        return List.of(nz(rs.getString("transaction_id")), esc(rs.getString("provider_id")),
                esc(rs.getString("provider_tx_id")), esc(rs.getString("round_id")), esc(rs.getString("player_ref")),
                esc(rs.getString("brand_id")), esc(rs.getString("game_id")), nz(rs.getString("game_type")),
                nz(rs.getString("type")), BigDecimal.valueOf(rs.getLong("amount_minor"), exp).toPlainString(),
                nz(currency), rs.getTimestamp("occurred_at").toInstant().toString(),
                rs.getObject("business_date", LocalDate.class).toString(), esc(rs.getString("ref_tx_id")),
                nz(rs.getString("adjusted_type")), Boolean.toString(rs.getBoolean("free_round")), jackpotText,
                nz(rs.getString("content_hash")), rs.getTimestamp("recorded_at").toInstant().toString());
    }

    private static String esc(String s) {
        return SpreadsheetText.escape(s);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static void line(Writer w, List<String> fields) throws IOException {
        StringBuilder b = new StringBuilder(256);
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            String v = fields.get(i);
            if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                b.append('"').append(v.replace("\"", "\"\"")).append('"');
            } else {
                b.append(v);
            }
        }
        w.write(b.append("\r\n").toString());
    }
}
