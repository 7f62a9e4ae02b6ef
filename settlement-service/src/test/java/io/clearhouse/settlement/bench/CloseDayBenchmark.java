package io.clearhouse.settlement.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.settlement.aggregate.AggregateSql;
import io.clearhouse.settlement.contract.ContractStore;
import io.clearhouse.settlement.domain.ContractTerms;
import io.clearhouse.settlement.domain.FxRateBook;
import io.clearhouse.settlement.fx.FxRateStore;
import io.clearhouse.settlement.period.PeriodCloser;
import io.clearhouse.settlement.statement.StatementRecord;
import io.clearhouse.support.caller.Caller;
import io.clearhouse.support.caller.Role;
import io.clearhouse.testsupport.ServiceTestSupport;
import io.clearhouse.testsupport.TestInfrastructure;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Closes a day of N transactions (default 10,000,000; {@code -Dbench.transactions=}) for 20 providers
 * into draft statements and prints the time beside a raw PostgreSQL GROUP BY over the same rows, all
 * measured in this run on this machine. Not a test: runs only with {@code -Pbench}.
 *
 * <p>What each figure measures:
 * <ol>
 * <li>generate: N ledger rows written by {@code generate_series} into an input table (the rows the
 *     consumer would receive), not timed against any target;</li>
 * <li>raw GROUP BY: one aggregate query over all N rows: the floor for any "sum the day at close" design;</li>
 * <li>feed: the consumer's own counting statement ({@link AggregateSql}: dedupe by id + placement +
 *     aggregate upsert), fed from the input table in chunks, for the first {@code bench.feed} rows
 *     (default all); any rows beyond are summed into the aggregates by one GROUP BY insert, said so in the output;</li>
 * <li>close: {@link PeriodCloser} for the 20 providers: what finance waits for at cut-off, because the
 *     aggregates were kept up to date while the day was consumed.</li>
 * </ol>
 */
@SpringBootTest(properties = {"spring.kafka.listener.auto-startup=false"})
class CloseDayBenchmark {

    private static final LocalDate DAY = LocalDate.of(2026, 9, 15);
    private static final int PROVIDERS = 20;
    private static final String[] CURRENCIES = {"EUR", "USD", "KRW", "JPY"};
    private static final int CHUNK = 250_000;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry registry) {
        ServiceTestSupport.register(registry, "settlement");
    }

    @Autowired
    PeriodCloser closer;

    @Autowired
    ContractStore contracts;

    @Autowired
    FxRateStore fx;

    @Test
    void closeADayOfTransactionsForTwentyProviders() throws Exception {
        long n = Long.getLong("bench.transactions", 10_000_000L);
        long feed = Math.min(n, Long.getLong("bench.feed", n));
        Caller finance = new Caller("bench-finance", Set.of(Role.FINANCE), null, null);
        List<String> out = new ArrayList<>();
        long rawBets = 0;
        out.add("# Settlement close benchmark");
        out.add("");
        out.add("- when: " + Instant.now() + ", machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
                + "PostgreSQL from test-support (" + TestInfrastructure.get().jdbcUrl().replaceAll("\\?.*", "") + ")");
        out.add("- transactions: " + n + " for " + PROVIDERS + " providers, one business day; every provider has "
                + "all 4 currencies, 4 game types, 3 brands and every type (50 % bets, 35 % wins, 5 % each rollbacks, "
                + "free-round wins and signed stake/payout adjustments)");

        try (Connection c = TestInfrastructure.get().superuserConnection(); Statement st = c.createStatement()) {
            st.execute("SET search_path TO settlement");
            st.execute("SET work_mem = '256MB'");
            st.execute("DROP SCHEMA IF EXISTS settlement_bench CASCADE");
            st.execute("CREATE SCHEMA settlement_bench");
            st.execute("""
                    CREATE UNLOGGED TABLE settlement_bench.ledger (
                        id bigint, transaction_id text, provider_id text, provider_tx_id text, ref_tx_id text,
                        brand_id text, currency text, game_type text, type text, amount_minor bigint,
                        business_date date, reverses_business_date date, free_round boolean, jackpot_minor bigint,
                        adjusted_type text)""");

            long t0 = System.nanoTime();
            // Row i goes to provider i % 20; everything else is chosen from k = i / 20 (the provider's own
            // sequence): k % 48 walks every (brand, currency, game type), and the type bucket t = (k / 48) % 20
            // changes after each walk, so every provider and every aggregate row gets every type: 10 of 20
            // BET, 7 WIN, 1 ROLLBACK, 1 FREE_ROUND_WIN, 1 ADJUSTMENT (stake or payout side, either sign).
            st.execute("""
                    INSERT INTO settlement_bench.ledger
                    SELECT i, 'bench-' || i, 'bench-p' || lpad((i %% 20)::text, 2, '0'), 'tx-' || i,
                           CASE WHEN t >= 17 AND t <> 18 THEN 'tx-' || (i - 20) END,
                           'brand-' || (k %% 3), (ARRAY['EUR','USD','KRW','JPY'])[1 + (k / 3) %% 4],
                           (ARRAY['SLOT','LIVE','TABLE','CRASH'])[1 + (k / 12) %% 4],
                           CASE WHEN t < 10 THEN 'BET' WHEN t < 17 THEN 'WIN' WHEN t = 17 THEN 'ROLLBACK'
                                WHEN t = 18 THEN 'FREE_ROUND_WIN' ELSE 'ADJUSTMENT' END,
                           (CASE WHEN t = 19 AND k %% 2 = 1 THEN -1 ELSE 1 END) * (100 + (i * 7919) %% 10000),
                           DATE '%s', CASE WHEN t = 17 THEN DATE '%s' END, false,
                           CASE WHEN t < 10 THEN (100 + (i * 7919) %% 10000) / 100 END,
                           CASE WHEN t = 19 THEN (CASE WHEN (k / 960) %% 2 = 0 THEN 'BET' ELSE 'WIN' END) END
                      FROM generate_series(1::bigint, %d) AS i
                     CROSS JOIN LATERAL (SELECT i / 20 AS k, ((i / 20) / 48) %% 20 AS t) x""".formatted(DAY, DAY, n));
            double generateS = seconds(t0);
            st.execute("ANALYZE settlement_bench.ledger");
            out.add(String.format("- generate input rows (generate_series into an UNLOGGED table): %.1f s", generateS));

            t0 = System.nanoTime();
            long groups = 0;
            try (ResultSet rs = st.executeQuery("""
                    SELECT provider_id, brand_id, currency, game_type, business_date,
                           count(*) FILTER (WHERE type = 'BET'), sum(amount_minor) FILTER (WHERE type = 'BET'),
                           count(*) FILTER (WHERE type = 'WIN'), sum(amount_minor) FILTER (WHERE type = 'WIN'),
                           count(*) FILTER (WHERE type = 'ROLLBACK'), sum(amount_minor) FILTER (WHERE type = 'ROLLBACK'),
                           count(*) FILTER (WHERE type = 'FREE_ROUND_WIN'),
                           sum(amount_minor) FILTER (WHERE type = 'FREE_ROUND_WIN'), sum(jackpot_minor),
                           count(*) FILTER (WHERE type = 'ADJUSTMENT'),
                           sum(amount_minor) FILTER (WHERE type = 'ADJUSTMENT' AND adjusted_type = 'BET'),
                           sum(amount_minor) FILTER (WHERE type = 'ADJUSTMENT' AND adjusted_type = 'WIN')
                      FROM settlement_bench.ledger GROUP BY 1, 2, 3, 4, 5""")) {
                while (rs.next()) {
                    groups++;
                    rawBets += rs.getLong(7);
                }
            }
            double groupByS = seconds(t0);
            out.add(String.format("- **raw PostgreSQL GROUP BY over all %d rows: %.2f s** (%d groups)", n, groupByS, groups));

            t0 = System.nanoTime();
            String source = "SELECT " + AggregateSql.SOURCE_COLUMNS
                    + " FROM settlement_bench.ledger WHERE id > %d AND id <= %d";
            for (long from = 0; from < feed; from += CHUNK) {
                st.execute(AggregateSql.apply(source.formatted(from, Math.min(feed, from + CHUNK))));
            }
            double feedS = seconds(t0);
            out.add(String.format("- consumer counting path (dedupe by id + placement + aggregate upsert, chunks of %d, "
                    + "same SQL as the Kafka listener without Kafka): %d rows in %.1f s = %.0f rows/s", CHUNK, feed,
                    feedS, feed / Math.max(feedS, 0.001)));
            if (feed < n) {
                t0 = System.nanoTime();
                st.execute("""
                        INSERT INTO aggregates AS a (provider_id, posting_date, origin_date, brand_id, currency, game_type,
                            bet_count, bet_minor, win_count, win_minor, rollback_count, rollback_minor,
                            free_round_win_count, free_round_win_minor, jackpot_win_count, jackpot_win_minor,
                            jackpot_contribution_minor, adjustment_count, stake_adjustment_minor, payout_adjustment_minor, updated_at)
                        SELECT provider_id, business_date, business_date, brand_id, currency, game_type,
                            count(*) FILTER (WHERE type = 'BET'), coalesce(sum(amount_minor) FILTER (WHERE type = 'BET'), 0),
                            count(*) FILTER (WHERE type = 'WIN'), coalesce(sum(amount_minor) FILTER (WHERE type = 'WIN'), 0),
                            count(*) FILTER (WHERE type = 'ROLLBACK'), coalesce(sum(amount_minor) FILTER (WHERE type = 'ROLLBACK'), 0),
                            count(*) FILTER (WHERE type = 'FREE_ROUND_WIN'),
                            coalesce(sum(amount_minor) FILTER (WHERE type = 'FREE_ROUND_WIN'), 0), 0, 0,
                            coalesce(sum(jackpot_minor) FILTER (WHERE type = 'BET'), 0),
                            count(*) FILTER (WHERE type = 'ADJUSTMENT'),
                            coalesce(sum(amount_minor) FILTER (WHERE type = 'ADJUSTMENT' AND adjusted_type = 'BET'), 0),
                            coalesce(sum(amount_minor) FILTER (WHERE type = 'ADJUSTMENT' AND adjusted_type = 'WIN'), 0),
                            now()
                          FROM settlement_bench.ledger WHERE id > %d
                         GROUP BY provider_id, business_date, brand_id, currency, game_type
                        ON CONFLICT (provider_id, posting_date, origin_date, brand_id, currency, game_type) DO UPDATE SET
                            bet_count = a.bet_count + excluded.bet_count, bet_minor = a.bet_minor + excluded.bet_minor,
                            win_count = a.win_count + excluded.win_count, win_minor = a.win_minor + excluded.win_minor,
                            rollback_count = a.rollback_count + excluded.rollback_count,
                            rollback_minor = a.rollback_minor + excluded.rollback_minor,
                            free_round_win_count = a.free_round_win_count + excluded.free_round_win_count,
                            free_round_win_minor = a.free_round_win_minor + excluded.free_round_win_minor,
                            jackpot_contribution_minor = a.jackpot_contribution_minor + excluded.jackpot_contribution_minor,
                            adjustment_count = a.adjustment_count + excluded.adjustment_count,
                            stake_adjustment_minor = a.stake_adjustment_minor + excluded.stake_adjustment_minor,
                            payout_adjustment_minor = a.payout_adjustment_minor + excluded.payout_adjustment_minor
                        """.formatted(feed));
                out.add(String.format("- the remaining %d rows were summed into the aggregates by one GROUP BY insert "
                        + "(not the consumer path): %.1f s", n - feed, seconds(t0)));
            }
        }

        for (int p = 0; p < PROVIDERS; p++) {
            String provider = "bench-p%02d".formatted(p);
            ContractTerms terms = ContractTerms.fromMap(Map.of("settlementCurrency", p % 2 == 0 ? "EUR" : "USD",
                    "aggregatorFeeRate", "0.01",
                    "deductions", List.of(Map.of("type", "BONUS_COST"), Map.of("type", "JACKPOT_CONTRIBUTIONS"),
                            Map.of("type", "GAMING_TAX", "rate", "0.05")),
                    "games", Map.of("SLOT", Map.of("base", "GGR", "tierMode", "MARGINAL", "tiers", List.of(
                                    Map.of("from", "0", "rate", "0.10"), Map.of("from", "100000", "rate", "0.08"))),
                            "LIVE", Map.of("base", "NGR", "rate", "0.25"),
                            "TABLE", Map.of("base", "NGR", "rate", "0.20", "minimumGuarantee", "1000"),
                            "CRASH", Map.of("base", "GGR", "rate", "0.15"))));
            contracts.add(provider, DAY.withDayOfMonth(1), terms, finance, "benchmark");
        }
        fx.load(List.of(new FxRateBook.Rate("EUR", "USD", DAY, new BigDecimal("1.0512"), "ECB"),
                new FxRateBook.Rate("EUR", "KRW", DAY, new BigDecimal("1471.93"), "ECB"),
                new FxRateBook.Rate("EUR", "JPY", DAY, new BigDecimal("162.44"), "ECB")), finance, "benchmark");

        long t0 = System.nanoTime();
        long statementBets = 0;
        List<StatementRecord> made = new ArrayList<>();
        for (int p = 0; p < PROVIDERS; p++) {
            made.add(closer.close("bench-p%02d".formatted(p), DAY, "bench-finance", "benchmark close", null));
        }
        double closeS = seconds(t0);
        long aggregateRows;
        try (Connection c = TestInfrastructure.get().superuserConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM settlement.aggregates WHERE provider_id LIKE 'bench-p%' "
                     + "AND posting_date = DATE '" + DAY + "'")) {
            rs.next();
            aggregateRows = rs.getLong(1);
        }
        for (StatementRecord s : made) {
            statementBets += betsMinor(s.document());
        }
        out.add(String.format("- **close %d providers into DRAFT statements (with lines, FX, tiers, hash): %.2f s**",
                PROVIDERS, closeS));
        out.add("- statements: " + made.size() + ", Σ bets across statements (minor units of each line currency) = "
                + statementBets + " vs raw GROUP BY " + rawBets + (statementBets == rawBets ? " (equal)" : " (DIFFERENT)"));
        out.add("");
        out.add("Close time is independent of N: the aggregates are maintained while the day is consumed, so the "
                + "close reads " + aggregateRows + " aggregate rows (provider × brand × currency × game type), not N "
                + "transactions. The cost of N is paid in the consumer path above, spread over the day.");
        out.forEach(System.out::println);
        write(n, out);
        assertThat(statementBets).isEqualTo(rawBets);
    }

    /** Σ bets of a statement document in minor units (lines may be in currencies of different exponents). */
    private static long betsMinor(String document) {
        long total = 0;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"bets\":\"([0-9.]+)\"").matcher(document);
        while (m.find()) {
            total += new BigDecimal(m.group(1)).unscaledValue().longValueExact();
        }
        return total;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void write(long n, List<String> lines) throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        Path results = (dir == null ? Path.of("") : dir).resolve("bench/results");
        Files.createDirectories(results);
        Path file = results.resolve("settlement-close-" + n + ".md");
        Files.write(file, lines);
        System.out.println("Figures written to " + file);
    }
}
