package io.clearhouse.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.common.testing.PropertyCheck;
import io.clearhouse.testsupport.Hostile;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Generated hostile statement files, CSV and JSON lines, uploaded as a provider: every line is bad
 * (huge or over-precise amounts, absurd exponents and dates, wrong types, control characters, invalid
 * UTF-8, huge strings, deep nesting, duplicate keys) or the file itself is broken; the answer is a 4xx
 * problem+json, nothing is stored (statements, lines, line errors, runs), and a valid file is still
 * accepted afterwards. Seeded: the seed is printed; {@code -Dclearhouse.property.seed=<seed>} replays.
 */
class HostileStatementPropertyIT extends ReconciliationITBase {

    private static final int TRIES = 40;
    private static final String HEADER = "providerTxId,type,amount,currency,occurredAt\n";

    /** One upload: CSV or JSON lines, its bytes, and what is wrong in it. */
    record Case(boolean csv, String description, byte[] body) {
        @Override
        public String toString() {
            return (csv ? "CSV " : "JSONL ") + description + ": " + Hostile.preview(body);
        }
    }

    @Test
    void hostileStatementFilesAreRefusedWith4xxAndNothingIsStored() throws Exception {
        String provider = newProvider();
        long before = stored();
        Hostile.withSeed("hostile statements", () -> PropertyCheck.forAll(HostileStatementPropertyIT::hostile)
                .edgeCases(edgeCases())
                .tries(TRIES)
                .check(c -> {
                    long rowsBefore = stored();
                    Answer up = upload(null, As.provider(provider), c.csv() ? "text/csv" : "application/x-ndjson",
                            c.body());
                    assertThat(up.status()).as(String.valueOf(up.body())).isBetween(400, 499);
                    assertThat(up.body().get("type").asString()).startsWith("https://clearhouse.io/problems/");
                    assertThat(stored()).as("rows stored").isEqualTo(rowsBefore);
                }));
        assertThat(stored()).isEqualTo(before);
        // the service still serves: a valid statement is accepted
        Answer ok = upload(null, As.provider(provider), "text/csv", Hostile.utf8(HEADER + "ok-1,BET,1.00,EUR,"
                + java.time.Instant.now().minusSeconds(86_400) + "\n"));
        assertThat(ok.status()).as(String.valueOf(ok.body())).isEqualTo(201);
    }

    private static long stored() throws Exception {
        return count("SELECT (SELECT count(*) FROM reconciliation.statements)"
                + " + (SELECT count(*) FROM reconciliation.statement_lines)"
                + " + (SELECT count(*) FROM reconciliation.statement_errors)"
                + " + (SELECT count(*) FROM reconciliation.runs)");
    }

    private static List<Case> edgeCases() {
        return List.of(
                new Case(false, "amount 1e999999999 (issue 11, item 2)", Hostile.utf8(
                        "{\"providerTxId\":\"x-1\",\"type\":\"BET\",\"amount\":1e999999999,\"currency\":\"EUR\","
                                + "\"occurredAt\":\"2026-11-21T10:00:00Z\"}\n")),
                new Case(false, "amount text 1e999999999", Hostile.utf8(
                        "{\"providerTxId\":\"x-1\",\"type\":\"BET\",\"amount\":\"1e999999999\",\"currency\":\"EUR\","
                                + "\"occurredAt\":\"2026-11-21T10:00:00Z\"}\n")),
                new Case(true, "occurredAt year 0", Hostile.utf8(HEADER + "x-1,BET,1.00,EUR,0000-06-15T00:00:00Z\n")),
                new Case(true, "occurredAt year +999999999", Hostile.utf8(HEADER
                        + "x-1,BET,1.00,EUR,+999999999-12-31T23:59:59Z\n")),
                new Case(false, "occurredAt year 0", Hostile.utf8("{\"providerTxId\":\"x-1\",\"type\":\"BET\","
                        + "\"amount\":\"1.00\",\"currency\":\"EUR\",\"occurredAt\":\"0000-06-15T00:00:00Z\"}\n")),
                new Case(false, "deep nesting", Hostile.utf8(Hostile.nested(new Random(3), 5_000) + "\n")),
                new Case(false, "duplicate keys", Hostile.utf8("{\"providerTxId\":\"x-1\",\"type\":\"BET\","
                        + "\"amount\":\"1.00\",\"amount\":\"1e999999999\",\"currency\":\"EUR\","
                        + "\"occurredAt\":\"2026-11-21T10:00:00Z\",\"currency\":\"XXX\"}\n")),
                new Case(false, "an object where an id goes (was a 500)", Hostile.utf8("{\"providerTxId\":{\"a\":1},"
                        + "\"type\":\"BET\",\"amount\":\"1.00\",\"currency\":\"EUR\","
                        + "\"occurredAt\":\"2026-11-21T10:00:00Z\"}\n{\"providerTxId\":[1],\"type\":\"BET\"}\n")),
                new Case(false, "a NUL in a value an error quotes", Hostile.utf8(
                        "{\"providerTxId\":\"n-1\",\"type\":\"BET\",\"amount\":\"1.00\",\"currency\":\"E\\u0000R\","
                        + "\"occurredAt\":\"2026-11-21T10:00:00Z\"}\n")),
                new Case(true, "NUL bytes", Hostile.utf8(HEADER + "\u0000,\u0000,\u0000,\u0000,\u0000\n")));
    }

    private static Case hostile(Random r) {
        boolean csv = r.nextBoolean();
        int lines = 1 + r.nextInt(6);
        List<String> what = new ArrayList<>();
        StringBuilder b = new StringBuilder(csv ? HEADER : "");
        for (int i = 0; i < lines; i++) {
            String id = "h-" + i + "-" + Long.toString(r.nextLong() & Long.MAX_VALUE, 36);
            String type = "BET";
            String amount = "1.00";
            String currency = "EUR";
            String occurredAt = "2026-11-21T10:00:00Z";
            int defect = r.nextInt(5);
            switch (defect) {
                case 0 -> {
                    // (a cell with spaces around a good amount is trimmed and read: not hostile)
                    amount = Hostile.oneOf(r, Hostile.BAD_DECIMALS.stream().filter(a -> a.equals(a.trim())).toList());
                    what.add("amount " + amount);
                }
                case 1 -> {
                    // (a local date-time is read in the provider's zone here: not hostile)
                    occurredAt = Hostile.oneOf(r, Hostile.BAD_INSTANTS.stream()
                            .filter(t -> !t.equals("2026-12-01T00:00:00")).toList());
                    what.add("occurredAt " + occurredAt);
                }
                case 2 -> {
                    currency = Hostile.oneOf(r, List.of("XXX", "", "E\u0000R", "EURO", "\u20ac", "EU"));
                    what.add("currency " + currency);
                }
                case 3 -> {
                    type = Hostile.oneOf(r, List.of("BETX", "", "\u0000", "bet;drop", "x".repeat(10_000)));
                    what.add("type");
                }
                default -> {
                    id = Hostile.oneOf(r, List.of("", "\u0000", "x".repeat(129 + r.nextInt(10_000)), "a\rb", " "));
                    what.add("providerTxId");
                }
            }
            if (csv) {
                b.append(cell(id)).append(',').append(cell(type)).append(',').append(cell(amount)).append(',')
                        .append(cell(currency)).append(',').append(cell(occurredAt)).append('\n');
            } else {
                boolean numeric = r.nextInt(4) == 0 && !amount.isBlank() && amount.chars().allMatch(
                        c -> Character.isDigit(c) || "+-.eE".indexOf(c) >= 0);
                // another JSON value where the id goes, but never in place of the line's only defect (a hostile
                // id): a replacement there could be a good id and make the line valid (seed 6215192883290912989)
                b.append("{\"providerTxId\":").append(defect != 4 && r.nextInt(8) == 0 ? Hostile.jsonValue(r)
                                : Hostile.quote(id))
                        .append(",\"type\":").append(Hostile.quote(type))
                        .append(",\"amount\":").append(numeric ? amount : Hostile.quote(amount))
                        .append(",\"currency\":").append(Hostile.quote(currency))
                        .append(",\"occurredAt\":").append(Hostile.quote(occurredAt)).append("}\n");
            }
        }
        byte[] body = Hostile.utf8(b.toString());
        if (r.nextInt(6) == 0) {
            body = Hostile.concat(body, Hostile.invalidUtf8(r));
            what.add("invalid UTF-8 at the end");
        }
        return new Case(csv, String.join(", ", what), body);
    }

    /** An RFC 4180 cell: quoted when it holds a comma, a quote or a line break. */
    private static String cell(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")
                ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
