package io.clearhouse.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.common.money.Money;
import io.clearhouse.testsupport.TestInfrastructure;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import tools.jackson.databind.JsonNode;

/**
 * Reconciles a 1,000,000-line statement against a day of 1,000,000 recorded transactions through
 * the real upload endpoint (stream, parse, COPY, store) and the real matching run (join, classify,
 * exceptions, totals), and measures in the same run what the machine does raw: a COPY of the same
 * number of lines and the bare hash join. Not part of {@code verify}: run with
 * {@code ./mvnw -B -o -pl reconciliation-service verify -Pbench}. Prints the figures and writes them
 * to {@code bench/results/}. Asserts only the classification (never a duration).
 */
class ReconciliationBenchmark extends ReconciliationITBase {

    private static final int LINES = Integer.getInteger("bench.lines", 1_000_000);
    private static final int PER_CLASS = 100;
    private static final LocalDate DAY = LocalDate.of(2026, 11, 23);

    /** Lines actually written: the day, less the left-out ones, plus duplicates and unknown lines. */
    private long statementLines;

    @Test
    void reconcileAMillionLineStatement() throws Exception {
        String provider = "bench-" + Long.toString(System.nanoTime(), 36);
        Instant dayStart = DAY.atStartOfDay(ZoneOffset.UTC).toInstant();

        // a day of recorded transactions, loaded as ingest's owner would (not measured as part of reconciliation)
        long t0 = System.nanoTime();
        long recorded = recordDay(provider, dayStart);
        double ledgerSeconds = seconds(t0);

        // the statement: the same day as the provider sees it, with PER_CLASS breaks of every class
        Path file = Files.createTempFile("statement", ".csv");
        Map<String, Long> expected = writeStatement(file, dayStart);
        long bytes = Files.size(file);

        // raw COPY of the same number of lines into a table of the statement lines' shape, and the bare join
        double rawCopySeconds = rawCopy(dayStart);

        HttpClient http = io.clearhouse.testsupport.TestHttp.client();
        int postmaster = postmasterPid();
        double[] cpu1 = cpu(postmaster);
        Instant uploadStart = Instant.now();
        long t1 = System.nanoTime();
        HttpRequest.Builder uploadRequest = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v1/reconciliation/statements"))
                .timeout(Duration.ofMinutes(10)).header("Content-Type", "text/csv");
        io.clearhouse.testsupport.ServiceTestSupport.callerHeaders("POST", "/v1/reconciliation/statements",
                io.clearhouse.testsupport.ServiceTestSupport.bodyOf(file), "bench", "PROVIDER", provider)
                .forEach(uploadRequest::header);
        HttpResponse<byte[]> answer = http.send(uploadRequest.POST(HttpRequest.BodyPublishers.ofFile(file)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        double uploadSeconds = seconds(t1);
        double[] cpu2 = cpu(postmaster);
        assertThat(answer.statusCode()).as(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo(201);
        JsonNode up = JSON.readTree(answer.body());
        long statementId = up.get("statement").get("id").asLong();
        long t2 = System.nanoTime();
        JsonNode run = awaitRun(up.get("runId").asLong(), Duration.ofMinutes(30));
        double matchSeconds = seconds(t2);
        double totalSeconds = seconds(t1);
        double[] cpu3 = cpu(postmaster);
        String autovacuum = autovacuum(uploadStart);

        double rawJoinSeconds = rawJoin(statementId, provider);

        Map<String, Long> counts = new TreeMap<>();
        run.get("counts").properties().forEach(e -> counts.put(e.getKey(), e.getValue().asLong()));
        Files.deleteIfExists(file);

        String report = String.format(Locale.ROOT, """
                # Reconciliation benchmark (%s)

                Statement: %,d lines (%,d bytes CSV), recorded day: %,d transactions, breaks injected: %d per class.
                One 2-core machine shared by the test JVM (service), PostgreSQL and Kafka.

                | step | seconds | lines/s | CPU s: PostgreSQL, this JVM |
                |---|---|---|---|
                | upload: stream + parse + COPY + store (HTTP) | %.2f | %,.0f | %.2f, %.2f |
                | matching run: join + classify + exceptions + totals | %.2f | %,.0f | %.2f, %.2f |
                | **total reconciliation** (upload → run completed) | **%.2f** | %,.0f | %.2f, %.2f |
                | raw COPY of %,d lines into a table of the same shape (baseline) | %.2f | %,.0f |
                | raw hash FULL JOIN statement ⟗ day, count only (baseline) | %.2f | %,.0f |
                | (setup) recording the day in ingest.transactions | %.2f | %,.0f |

                CPU: the embedded PostgreSQL's processes (those it reaped included) and this JVM (the service and
                the test's HTTP client) from /proc, over the step; load average at the end: %s.

                Autovacuum, finished (s after the upload started; the run from %.2f to %.2f s): %s

                Classes found: %s
                Expected:      %s
                """, Instant.now(), statementLines, bytes, recorded, PER_CLASS,
                uploadSeconds, statementLines / uploadSeconds, cpu2[0] - cpu1[0], cpu2[1] - cpu1[1],
                matchSeconds, statementLines / matchSeconds, cpu3[0] - cpu2[0], cpu3[1] - cpu2[1],
                totalSeconds, statementLines / totalSeconds, cpu3[0] - cpu1[0], cpu3[1] - cpu1[1], LINES, rawCopySeconds, LINES / rawCopySeconds,
                rawJoinSeconds, LINES / rawJoinSeconds, ledgerSeconds, recorded / ledgerSeconds, loadAverage(),
                uploadSeconds, totalSeconds, autovacuum, counts,
                expected);
        System.out.println(report);
        Path dir = Path.of("..", "bench", "results");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("reconciliation-" + LINES + "-lines-"
                + Instant.now().toString().substring(0, 16).replace(":", "") + "Z.md"), report);

        assertThat(counts).isEqualTo(expected);
    }

    /** 1M transactions of one provider and day, streamed through COPY. */
    private long recordDay(String provider, Instant dayStart) throws Exception {
        try (Connection c = TestInfrastructure.get().superuserConnection()) {
            Set<String> columns = new HashSet<>();
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT column_name FROM information_schema.columns"
                         + " WHERE table_schema = 'ingest' AND table_name = 'transactions'")) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
            boolean newShape = columns.contains("transaction_id");
            String cols = "provider_id, provider_tx_id, round_id, player_ref, brand_id, game_id, game_type, type, "
                    + "amount_minor, currency, occurred_at, business_date, free_round, content_hash, recorded_at, "
                    + "source_partition, source_offset" + (newShape ? ", transaction_id, key_player_ref" : "");
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            StringBuilder sb = new StringBuilder(1 << 20);
            String hash = "0".repeat(64);
            long rows = 0;
            var in = copy.copyIn("COPY ingest.transactions (" + cols + ") FROM STDIN");
            for (int i = 0; i < LINES; i++) {
                sb.append(provider).append('\t').append("tx-").append(i).append('\t').append("r-").append(i)
                        .append("\tp-1\tbrand-1\tgame-1\tSLOT\t").append(type(i)).append('\t').append(amount(i))
                        .append('\t').append(currency(i)).append('\t').append(at(dayStart, i)).append('\t')
                        .append(DAY).append("\tf\t").append(hash).append("\t2026-11-24T00:00:00Z\t0\t").append(i);
                if (newShape) {
                    sb.append('\t').append(new java.util.UUID(0x5eedL, i)).append('\t');
                }
                sb.append('\n');
                rows++;
                if (sb.length() > (1 << 20)) {
                    byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
                    in.writeToCopy(b, 0, b.length);
                    sb.setLength(0);
                }
            }
            byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
            in.writeToCopy(b, 0, b.length);
            in.endCopy();
            try (Statement st = c.createStatement()) {
                st.execute("ANALYZE ingest.transactions");
            }
            return rows;
        }
    }

    private Map<String, Long> writeStatement(Path file, Instant dayStart) throws IOException {
        Map<String, Long> expected = new TreeMap<>();
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("providerTxId,type,amount,currency,occurredAt,businessDate\n");
            long lines = 0;
            for (int i = 0; i < LINES; i++) {
                String type = type(i);
                long amount = amount(i);
                String currency = currency(i);
                LocalDate date = DAY;
                int k = i % 10_000;  // one break of each class per 10,000 transactions, PER_CLASS in all
                boolean inject = i / 10_000 < PER_CLASS;
                if (inject && k == 1) {
                    amount += 1;
                } else if (inject && k == 2) {
                    currency = "GBP";
                } else if (inject && k == 3) {
                    type = "ADJUSTMENT";
                } else if (inject && k == 4) {
                    date = DAY.plusDays(1);
                } else if (inject && k == 5) {
                    continue; // MISSING_PROVIDER
                }
                line(w, "tx-" + i, type, amount, currency, at(dayStart, i), date);
                lines++;
                if (inject && k == 6) {
                    line(w, "tx-" + i, type, amount, currency, at(dayStart, i), date); // DUPLICATE
                    lines++;
                } else if (inject && k == 7) {
                    line(w, "extra-" + i, type, amount, currency, at(dayStart, i), date); // MISSING_INTERNAL
                    lines++;
                }
            }
            long perClass = Math.min(PER_CLASS, (LINES + 9_999) / 10_000);
            for (String c : new String[] {"AMOUNT_MISMATCH", "CURRENCY_MISMATCH", "TYPE_MISMATCH", "TIMING",
                    "MISSING_PROVIDER", "DUPLICATE", "MISSING_INTERNAL"}) {
                expected.put(c, perClass);
            }
            expected.put("MATCHED", LINES - 5 * perClass);
            statementLines = lines;
        }
        return expected;
    }

    private static void line(BufferedWriter w, String id, String type, long amount, String currency, Instant at,
                             LocalDate date) throws IOException {
        w.write(id);
        w.write(',');
        w.write(type);
        w.write(',');
        w.write(Money.ofMinor(amount, currency).toDecimalString());
        w.write(',');
        w.write(currency);
        w.write(',');
        w.write(at.toString());
        w.write(',');
        w.write(date.toString());
        w.write('\n');
    }

    private double rawCopy(Instant dayStart) throws Exception {
        try (Connection c = TestInfrastructure.get().superuserConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TEMP TABLE raw_copy (LIKE reconciliation.statement_lines INCLUDING INDEXES)"
                        + " ON COMMIT DROP");
            }
            Path data = Files.createTempFile("raw-copy", ".tsv");
            try (BufferedWriter w = Files.newBufferedWriter(data, StandardCharsets.UTF_8)) {
                for (int i = 0; i < LINES; i++) {
                    w.write("1\t" + (i + 2) + "\ttx-" + i + "\t" + type(i) + "\t" + amount(i) + "\t" + currency(i)
                            + "\t" + at(dayStart, i) + "\t" + DAY + "\t\\N\t\\N\t\\N\t\\N\t\\N\n");
                }
            }
            long t0 = System.nanoTime();
            try (var in = new java.io.BufferedInputStream(Files.newInputStream(data), 1 << 16)) {
                c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY raw_copy FROM STDIN", in);
            }
            Files.deleteIfExists(data);
            double s = seconds(t0);
            c.rollback();
            return s;
        }
    }

    private double rawJoin(long statementId, String provider) throws Exception {
        try (Connection c = TestInfrastructure.get().superuserConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SET LOCAL work_mem = '128MB'");
                long t0 = System.nanoTime();
                try (ResultSet rs = st.executeQuery("""
                        SELECT count(*) FROM
                          (SELECT provider_tx_id FROM reconciliation.statement_lines WHERE statement_id = %d) s
                          FULL JOIN (SELECT provider_tx_id FROM ingest.ledger_view
                                     WHERE provider_id = '%s' AND business_date BETWEEN DATE '%s' AND DATE '%s') i
                          ON i.provider_tx_id = s.provider_tx_id""".formatted(statementId, provider, DAY.minusDays(1),
                        DAY.plusDays(2)))) {
                    rs.next();
                }
                double s = seconds(t0);
                c.rollback();
                return s;
            }
        }
    }

    /**
     * When autovacuum last finished a vacuum and an analyze of the statement lines and the recorded
     * transactions, in seconds after the upload started, and what it is vacuuming at the run's end:
     * whether it ran beside the upload or the run (it shares the two cores with them).
     */
    private static String autovacuum(Instant uploadStart) throws Exception {
        StringBuilder b = new StringBuilder();
        try (Connection c = TestInfrastructure.get().superuserConnection();
             var ps = c.prepareStatement("""
                     SELECT schemaname || '.' || relname, extract(epoch FROM last_autovacuum - ?),
                            extract(epoch FROM last_autoanalyze - ?)
                     FROM pg_stat_all_tables
                     WHERE (schemaname, relname) IN (('reconciliation', 'statement_lines'), ('ingest', 'transactions'))
                     ORDER BY 1""")) {
            ps.setObject(1, java.time.OffsetDateTime.ofInstant(uploadStart, ZoneOffset.UTC));
            ps.setObject(2, java.time.OffsetDateTime.ofInstant(uploadStart, ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    b.append(String.format(Locale.ROOT, "%s vacuum %s, analyze %s; ", rs.getString(1),
                            after(rs.getObject(2)), after(rs.getObject(3))));
                }
            }
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT coalesce(string_agg(CAST(relid AS regclass)::text || ' '"
                         + " || phase, ', '), 'nothing') FROM pg_stat_progress_vacuum")) {
                rs.next();
                b.append("vacuuming at the run's end: ").append(rs.getString(1));
            }
        }
        return b.toString();
    }

    private static String after(Object epochSeconds) {
        return epochSeconds == null ? "never" : String.format(Locale.ROOT, "%.1f",
                ((Number) epochSeconds).doubleValue());
    }

    /** The embedded PostgreSQL's postmaster: the parent of a backend (0 when /proc cannot tell, as off Linux). */
    private static int postmasterPid() throws Exception {
        try (Connection c = TestInfrastructure.get().superuserConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            String[] f = procStat(rs.getInt(1));
            return f == null ? 0 : Integer.parseInt(f[1]);
        }
    }

    /**
     * CPU seconds so far of the PostgreSQL server (the postmaster, its live children and the children it
     * has reaped) and of this JVM. Clock ticks of 100 Hz, as on every Linux this runs on.
     */
    private static double[] cpu(int postmaster) throws IOException {
        double jvm = ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
        if (postmaster == 0) {
            return new double[] {0, jvm};
        }
        long ticks = 0;
        String[] pm = procStat(postmaster);
        if (pm != null) {
            ticks += Long.parseLong(pm[11]) + Long.parseLong(pm[12]) + Long.parseLong(pm[13]) + Long.parseLong(pm[14]);
        }
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                String[] f = procStat(Integer.parseInt(name));
                if (f != null && Integer.parseInt(f[1]) == postmaster) {
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                }
            }
        }
        return new double[] {ticks / 100.0, jvm};
    }

    /** /proc/pid/stat's fields after the command (state first: [0] state, [1] ppid, [11] utime ...), or null. */
    private static String[] procStat(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String type(int i) {
        return i % 3 == 2 ? "WIN" : "BET";
    }

    private static long amount(int i) {
        return 10L * (1 + (i * 7919L) % 5_000);
    }

    private static String currency(int i) {
        return i % 4 == 3 ? "USD" : "EUR";
    }

    private static Instant at(Instant dayStart, int i) {
        return dayStart.plusMillis((long) i * 86L);  // a million spread over the day, the last at 23:53
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
