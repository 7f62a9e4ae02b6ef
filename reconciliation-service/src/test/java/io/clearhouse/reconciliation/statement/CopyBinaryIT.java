package io.clearhouse.reconciliation.statement;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.common.transaction.TransactionRules;
import io.clearhouse.reconciliation.ReconciliationITBase;
import io.clearhouse.testsupport.TestInfrastructure;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Pins the loader's binary COPY rows to the text rows it sent before: the same lines COPYed both
 * ways into two tables shaped like {@code statement_lines} (the migrated table's own columns) are
 * the same rows, value for value, across the edges of every type (nulls, escapes, non-ASCII, dates
 * and instants at both ends of the accepted range and on both sides of PostgreSQL's epoch).
 */
class CopyBinaryIT extends ReconciliationITBase {

    private static final long STATEMENT_ID = 4_242;

    @Test
    void binaryRowsAreTheRowsTheTextFormatStored() throws Exception {
        List<StatementLine> lines = new ArrayList<>(edgeLines());
        lines.addAll(randomLines(5_000, 20261203L));

        try (Connection c = TestInfrastructure.get().superuserConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TEMP TABLE as_text (LIKE reconciliation.statement_lines) ON COMMIT DROP");
                st.execute("CREATE TEMP TABLE as_binary (LIKE reconciliation.statement_lines) ON COMMIT DROP");
            }
            copyText(c, lines);
            copyBinary(c, lines);

            assertThat(count(c, "SELECT count(*) FROM as_binary")).isEqualTo(lines.size());
            assertThat(count(c, "SELECT count(*) FROM (TABLE as_text EXCEPT ALL TABLE as_binary) d")).isZero();
            assertThat(count(c, "SELECT count(*) FROM (TABLE as_binary EXCEPT ALL TABLE as_text) d")).isZero();
            // equal as values, and the same text out (a timestamp or a string equal but spelt otherwise would show)
            assertThat(count(c, """
                    SELECT count(*) FROM as_text t JOIN as_binary b ON b.line_no = t.line_no
                    WHERE CAST(t AS text) <> CAST(b AS text)""")).isZero();
            assertThat(count(c, "SELECT count(*) FROM as_binary WHERE statement_id = " + STATEMENT_ID))
                    .isEqualTo(lines.size());
            c.rollback();
        }
    }

    private static List<StatementLine> edgeLines() {
        List<StatementLine> l = new ArrayList<>();
        long n = 1;
        l.add(line(n++, "tx-1", "BET", 1000, "EUR", Instant.parse("2026-11-23T00:00:00.086Z"),
                LocalDate.parse("2026-11-23"), null, null, null, null, null));
        l.add(line(n++, "a\\b\tc", "WIN", -1, "USD", null, LocalDate.parse("2026-11-24"), "r\\1", "p\nq", "b\rr",
                "g", "SLOT"));
        l.add(line(n++, "café-日本-😀", "ROLLBACK", 0, "JPY", Instant.parse("1999-12-31T23:59:59.999999Z"),
                LocalDate.parse("1999-12-31"), "round-é", "player-😀", "brand", "game", "LIVE_CASINO"));
        l.add(line(n++, "min", "BET", TransactionRules.AMOUNT_MINOR_MAX, "EUR", Instant.parse("1970-01-01T00:00:00Z"),
                LocalDate.parse("1970-01-01"), "", "", "", "", null));
        l.add(line(n++, "max", "BET", -TransactionRules.AMOUNT_MINOR_MAX, "EUR",
                Instant.parse("2100-12-31T23:59:59.999999Z"), LocalDate.parse("2100-12-31"), null, null, null, null,
                null));
        l.add(line(n++, "epoch", "ADJUSTMENT", 7, "KRW", Instant.parse("2000-01-01T00:00:00Z"),
                LocalDate.parse("2000-01-01"), null, null, null, null, null));
        l.add(line(n++, "before-epoch", "JACKPOT_WIN", 7, "BHD", Instant.parse("1999-12-31T23:59:59.000001Z"),
                LocalDate.parse("2000-02-29"), null, null, null, null, null));
        l.add(line(n, "x".repeat(TransactionRules.ID_MAX_LENGTH), "FREE_ROUND_WIN", 123_456_789, "GBP",
                Instant.parse("2026-03-29T01:00:00.5Z"), LocalDate.parse("2026-03-29"), "ö".repeat(64), null, null,
                null, null));
        return l;
    }

    /** Lines with values drawn from a seeded generator: ASCII, escapes and non-ASCII mixed, nulls at random. */
    private static List<StatementLine> randomLines(int count, long seed) {
        Random r = new Random(seed);
        String[] types = {"BET", "WIN", "ROLLBACK", "JACKPOT_WIN", "FREE_ROUND_WIN", "ADJUSTMENT"};
        String[] currencies = {"EUR", "USD", "GBP", "JPY", "KRW", "BHD", "SEK"};
        String alphabet = "abcXYZ0129-_.:/\\\t\n\ré日😀 ";
        long start = Instant.parse("1970-01-01T00:00:00Z").getEpochSecond();
        long end = Instant.parse("2100-12-31T23:59:59Z").getEpochSecond();
        List<StatementLine> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Instant at = r.nextInt(10) == 0 ? null : Instant.ofEpochSecond(start + (long) (r.nextDouble() * (end - start)),
                    r.nextInt(1_000_000_000)).truncatedTo(ChronoUnit.MICROS);
            LocalDate date = LocalDate.ofEpochDay(LocalDate.parse("1970-01-01").toEpochDay()
                    + r.nextInt((int) (LocalDate.parse("2100-12-31").toEpochDay() + 1)));
            long amount = (r.nextBoolean() ? 1 : -1) * (long) (r.nextDouble() * TransactionRules.AMOUNT_MINOR_MAX);
            lines.add(line(1_000 + i, text(r, alphabet, false), types[r.nextInt(types.length)], amount,
                    currencies[r.nextInt(currencies.length)], at, date, text(r, alphabet, true),
                    text(r, alphabet, true), text(r, alphabet, true), text(r, alphabet, true),
                    r.nextBoolean() ? null : "SLOT"));
        }
        return lines;
    }

    private static String text(Random r, String alphabet, boolean nullable) {
        if (nullable && r.nextInt(4) == 0) {
            return null;
        }
        int[] points = alphabet.codePoints().toArray();
        StringBuilder sb = new StringBuilder();
        int n = 1 + r.nextInt(24);
        for (int k = 0; k < n; k++) {
            sb.appendCodePoint(points[r.nextInt(points.length)]);
        }
        return sb.toString();
    }

    private static StatementLine line(long no, String id, String type, long amount, String currency, Instant at,
                                      LocalDate date, String round, String player, String brand, String game,
                                      String gameType) {
        return new StatementLine(no, id, type, amount, currency, at, date, round, player, brand, game, gameType);
    }

    private static void copyText(Connection c, List<StatementLine> lines) throws Exception {
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY as_text (" + CopyBinary.COLUMNS + ") FROM STDIN");
        CopyText text = new CopyText(STATEMENT_ID);
        for (StatementLine l : lines) {
            text.append(l);
        }
        byte[] b = text.drain();
        in.writeToCopy(b, 0, b.length);
        in.endCopy();
    }

    /** As the loader sends them: in chunks (the first one with the header), then the trailer. */
    private static void copyBinary(Connection c, List<StatementLine> lines) throws Exception {
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY as_binary (" + CopyBinary.COLUMNS + ") FROM STDIN (FORMAT binary)");
        CopyBinary rows = new CopyBinary(STATEMENT_ID, 64);
        int k = 0;
        for (StatementLine l : lines) {
            rows.append(l);
            if (++k % 97 == 0) {
                byte[] chunk = rows.drain();
                in.writeToCopy(chunk, 0, chunk.length);
            }
        }
        byte[] chunk = rows.drain();
        in.writeToCopy(chunk, 0, chunk.length);
        byte[] trailer = CopyBinary.trailer();
        in.writeToCopy(trailer, 0, trailer.length);
        in.endCopy();
    }

    private static long count(Connection c, String sql) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
