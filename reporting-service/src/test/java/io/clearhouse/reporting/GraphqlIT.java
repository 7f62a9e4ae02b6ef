package io.clearhouse.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.testsupport.ServiceTestSupport;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code /graphql} over the real read models: keyset pages with cursors, the depth and complexity
 * limits, the role and provider rules, and the gateway identity required as on every other path.
 */
class GraphqlIT extends ReportingITBase {

    private static final String STATEMENTS = """
            query($from: String!, $to: String!, $provider: String, $first: Int, $after: String) {
              statements(from: $from, to: $to, providerId: $provider, first: $first, after: $after) {
                edges { cursor node { statementId providerId status totalPayable settlementCurrency
                                      lines(first: 10) { edges { node { lineIndex ngr feeMinor } } } } }
                pageInfo { hasNextPage endCursor }
              }
            }""";

    @Test
    void financePagesThroughStatementsWithCursorsAndReadsTheirLines() throws Exception {
        LocalDate date = uniqueDate();
        String provider = uniqueProvider("gql-page");
        for (int v = 1; v <= 5; v++) {
            insertStatement(provider, date, v, v == 5 ? "DRAFT" : "APPROVED");
        }
        insertLine(provider + ":" + date + ":v1", 0);
        insertLine(provider + ":" + date + ":v1", 1);

        JsonNode first = data(graphql(STATEMENTS, vars(date, provider, 2, null), "fin-1", "FINANCE", null))
                .get("statements");
        assertThat(ids(first)).containsExactly(provider + ":" + date + ":v1", provider + ":" + date + ":v2");
        assertThat(first.get("pageInfo").get("hasNextPage").asBoolean()).isTrue();
        JsonNode v1 = first.get("edges").get(0).get("node");
        assertThat(v1.get("totalPayable").asString()).isEqualTo("1234.56");
        assertThat(v1.get("lines").get("edges")).hasSize(2);
        assertThat(v1.get("lines").get("edges").get(1).get("node").get("ngr").asString()).isEqualTo("100.125");
        String endCursor = first.get("pageInfo").get("endCursor").asString();
        assertThat(endCursor).isEqualTo(first.get("edges").get(1).get("cursor").asString());

        JsonNode second = data(graphql(STATEMENTS, vars(date, provider, 2, endCursor), "fin-1", "FINANCE", null))
                .get("statements");
        assertThat(ids(second)).containsExactly(provider + ":" + date + ":v3", provider + ":" + date + ":v4");
        JsonNode third = data(graphql(STATEMENTS,
                vars(date, provider, 2, second.get("pageInfo").get("endCursor").asString()), "fin-1", "FINANCE", null))
                .get("statements");
        assertThat(ids(third)).containsExactly(provider + ":" + date + ":v5");
        assertThat(third.get("pageInfo").get("hasNextPage").asBoolean()).isFalse();
    }

    @Test
    void aProviderSeesOnlyItsOwnApprovedOrPaidStatementsAndNothingOfAnotherProvider() throws Exception {
        LocalDate date = uniqueDate();
        String own = uniqueProvider("gql-own");
        String other = uniqueProvider("gql-other");
        insertStatement(own, date, 1, "SUPERSEDED");
        insertStatement(own, date, 2, "APPROVED");
        insertStatement(own, date, 3, "PAID");
        insertStatement(own, date, 4, "DRAFT");
        insertStatement(other, date, 1, "APPROVED");

        JsonNode mine = data(graphql(STATEMENTS, vars(date, null, 50, null), "client-" + own, "PROVIDER", own))
                .get("statements");
        assertThat(ids(mine)).containsExactly(own + ":" + date + ":v2", own + ":" + date + ":v3");

        JsonNode theirs = data(graphql(STATEMENTS, vars(date, other, 50, null), "client-" + own, "PROVIDER", own))
                .get("statements");
        assertThat(theirs.get("edges")).isEmpty();
        assertThat(theirs.get("pageInfo").get("hasNextPage").asBoolean()).isFalse();

        JsonNode all = data(graphql(STATEMENTS, vars(date, null, 50, null), "aud-1", "AUDITOR", null))
                .get("statements");
        assertThat(ids(all)).contains(own + ":" + date + ":v1", own + ":" + date + ":v4", other + ":" + date + ":v1");
    }

    @Test
    void aProviderReadsOnlyItsOwnBreaksAndActivity() throws Exception {
        LocalDate date = uniqueDate();
        String own = uniqueProvider("gql-bo");
        String other = uniqueProvider("gql-bx");
        long base = System.nanoTime() % 1_000_000_000L + 9_000_000_000L;
        insertBreak(base, own, date);
        insertBreak(base + 1, other, date);
        insertActivity(own, date);
        insertActivity(other, date);
        String query = """
                query($d: String!) {
                  breaks(from: $d, to: $d) { edges { node { breakId providerId amount currency } } }
                  dailyActivity(from: $d, to: $d) { edges { node { providerId bets betCount } } }
                }""";
        JsonNode d = data(graphql(query, Map.of("d", date.toString()), "client-" + own, "PROVIDER", own));
        assertThat(d.get("breaks").get("edges")).hasSize(1);
        assertThat(d.get("breaks").get("edges").get(0).get("node").get("providerId").asString()).isEqualTo(own);
        assertThat(d.get("breaks").get("edges").get(0).get("node").get("amount").asString()).isEqualTo("12.34");
        assertThat(d.get("dailyActivity").get("edges")).hasSize(1);
        assertThat(d.get("dailyActivity").get("edges").get(0).get("node").get("bets").asString()).isEqualTo("50.00");

        JsonNode f = data(graphql(query, Map.of("d", date.toString()), "fin-1", "FINANCE", null));
        assertThat(f.get("breaks").get("edges").findValuesAsString("providerId")).contains(own, other);
    }

    @Test
    void aProviderListsOnlyItsOwnFinalReportsNewestFirstWhileFinanceListsEveryReport() throws Exception {
        LocalDate date = uniqueDate();
        String own = uniqueProvider("gql-ro");
        String other = uniqueProvider("gql-rx");
        insertReport("PROVIDER", own, date, "DRAFT", "CSV");
        insertReport("PROVIDER", own, date, "FINAL", "CSV");
        insertReport("PROVIDER", own, date, "FINAL", "PDF");
        insertReport("PROVIDER", other, date, "FINAL", "CSV");
        insertReport("CONSOLIDATED", "", date, "FINAL", "CSV");
        String query = """
                query($d: String!, $after: String) {
                  reports(from: $d, to: $d, first: 1, after: $after) {
                    edges { node { id providerId status format href } } pageInfo { hasNextPage endCursor } } }""";
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("d", date.toString());
        JsonNode page1 = data(graphql(query, vars, "client-" + own, "PROVIDER", own)).get("reports");
        assertThat(page1.get("edges").get(0).get("node").get("format").asString()).isEqualTo("PDF");
        assertThat(page1.get("pageInfo").get("hasNextPage").asBoolean()).isTrue();
        vars.put("after", page1.get("pageInfo").get("endCursor").asString());
        JsonNode page2 = data(graphql(query, vars, "client-" + own, "PROVIDER", own)).get("reports");
        JsonNode last = page2.get("edges").get(0).get("node");
        assertThat(last.get("format").asString()).isEqualTo("CSV");
        assertThat(last.get("status").asString()).isEqualTo("FINAL");
        assertThat(last.get("providerId").asString()).isEqualTo(own);
        assertThat(last.get("href").asString()).isEqualTo("/v1/reports/" + last.get("id").asString());
        assertThat(page2.get("pageInfo").get("hasNextPage").asBoolean()).isFalse();

        JsonNode all = data(graphql(query.replace("first: 1", "first: 50"), Map.of("d", date.toString()), "fin-1",
                "FINANCE", null)).get("reports");
        assertThat(all.get("edges")).hasSize(5);
    }

    @Test
    void financePagesThroughADaysLedgerTransactionsWithCursorsWhileAProviderReadsOnlyItsOwn() throws Exception {
        LocalDate date = uniqueDate();
        String own = uniqueProvider("gql-tx");
        String other = uniqueProvider("gql-tx-other");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            expected.add(insertLedgerRow(i == 5 ? other : own, "tx-" + i, date, 100 + i));
        }
        String query = """
                query($d: String!, $provider: String, $first: Int, $after: String) {
                  transactions(date: $d, providerId: $provider, first: $first, after: $after) {
                    edges { cursor node { transactionId providerId providerTxId playerRef amount currency
                                          businessDate freeRound jackpotContribution } }
                    pageInfo { hasNextPage endCursor } } }""";
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("d", date.toString());
        vars.put("first", 3);
        JsonNode page1 = data(graphql(query, vars, "fin-1", "FINANCE", null)).get("transactions");
        assertThat(page1.get("edges")).hasSize(3);
        assertThat(page1.get("pageInfo").get("hasNextPage").asBoolean()).isTrue();
        vars.put("after", page1.get("pageInfo").get("endCursor").asString());
        JsonNode page2 = data(graphql(query, vars, "fin-1", "FINANCE", null)).get("transactions");
        assertThat(page2.get("edges")).hasSize(3);
        assertThat(page2.get("pageInfo").get("hasNextPage").asBoolean()).isFalse();
        List<JsonNode> nodes = new ArrayList<>(page1.get("edges").findValues("node"));
        nodes.addAll(page2.get("edges").findValues("node"));
        List<String> seen = nodes.stream().map(n -> n.get("transactionId").asString()).toList();
        assertThat(seen).as("keyset order by id, no row twice or missed").isSorted()
                .containsExactlyInAnyOrderElementsOf(expected);
        JsonNode tx0 = nodes.get(seen.indexOf(expected.get(0)));
        assertThat(tx0.get("amount").asString()).isEqualTo("1.00");
        assertThat(tx0.get("jackpotContribution").asString()).isEqualTo("0.05");
        assertThat(tx0.get("playerRef").asString()).isEqualTo("p-1");
        assertThat(tx0.get("businessDate").asString()).isEqualTo(date.toString());

        Map<String, Object> mine = new LinkedHashMap<>();
        mine.put("d", date.toString());
        JsonNode own1 = data(graphql(query, mine, "client-" + own, "PROVIDER", own)).get("transactions");
        assertThat(own1.get("edges").findValuesAsString("providerId")).hasSize(5).containsOnly(own);
        mine.put("provider", other);
        JsonNode theirs = data(graphql(query, mine, "client-" + own, "PROVIDER", own)).get("transactions");
        assertThat(theirs.get("edges")).isEmpty();
    }

    @Test
    void aQueryDeeperThanTheLimitIsRefusedWithAGraphqlError() throws Exception {
        String deep = """
                { statements(from: "2024-01-01", to: "2024-01-02") { edges { node { lines { edges { node {
                    statement { lines { edges { node { statement { statementId } } } } } } } } } } } }""";
        JsonNode body = graphql(deep, Map.of(), "fin-1", "FINANCE", null);
        assertThat(body.path("data").path("statements").isMissingNode() || body.path("data").isNull()
                || body.path("data").path("statements").isNull()).isTrue();
        assertThat(body.get("errors").get(0).get("message").asString()).containsIgnoringCase("depth");
    }

    @Test
    void aQueryCostlierThanTheLimitIsRefusedWithAGraphqlError() throws Exception {
        String costly = """
                { statements(from: "2024-01-01", to: "2024-01-02", first: 200) { edges { node { statementId
                    lines(first: 200) { edges { node { lineIndex kind ngr } } } } } } }""";
        JsonNode body = graphql(costly, Map.of(), "fin-1", "FINANCE", null);
        assertThat(body.path("data").path("statements").isMissingNode() || body.path("data").isNull()
                || body.path("data").path("statements").isNull()).isTrue();
        assertThat(body.get("errors").get(0).get("message").asString()).containsIgnoringCase("complexity");
    }

    @Test
    void anOperatorIsForbiddenAndAnOversizedPageIsABadRequestNamingFirst() throws Exception {
        JsonNode forbidden = graphql(STATEMENTS, vars(LocalDate.of(2024, 1, 1), null, 10, null), "op-1", "OPERATOR",
                null);
        assertThat(forbidden.get("errors").get(0).get("extensions").get("classification").asString())
                .isEqualTo("FORBIDDEN");

        // without nested lines, so that the complexity limit does not refuse it first
        JsonNode tooBig = graphql("{ statements(from: \"2024-01-01\", to: \"2024-01-01\", first: 201) "
                + "{ edges { cursor } } }", Map.of(), "fin-1", "FINANCE", null);
        JsonNode error = tooBig.get("errors").get(0);
        assertThat(error.get("extensions").get("classification").asString()).isEqualTo("BAD_REQUEST");
        assertThat(error.get("extensions").get("field").asString()).isEqualTo("first");

        JsonNode badCursor = graphql(STATEMENTS, vars(LocalDate.of(2024, 1, 1), null, 10, "bm90LWEtY3Vyc29y"),
                "fin-1", "FINANCE", null);
        assertThat(badCursor.get("errors").get(0).get("extensions").get("field").asString()).isEqualTo("after");
    }

    @Test
    void aRequestWithoutTheGatewaysIdentityIsRefusedWith401() throws Exception {
        HttpResponse<String> r = post(Map.of("query", "{ statements(from: \"2024-01-01\", to: \"2024-01-01\") "
                + "{ edges { cursor } } }"), Map.of());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).doesNotContain("\"data\"");
    }

    // --- fixtures and HTTP ---

    private static Map<String, Object> vars(LocalDate date, String provider, int first, String after) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("from", date.toString());
        v.put("to", date.toString());
        v.put("provider", provider);
        v.put("first", first);
        v.put("after", after);
        return v;
    }

    private static List<String> ids(JsonNode connection) {
        List<String> ids = new ArrayList<>();
        connection.get("edges").forEach(e -> ids.add(e.get("node").get("statementId").asString()));
        return ids;
    }

    private static JsonNode data(JsonNode body) {
        if (body.has("errors") && !body.get("errors").isEmpty()) {
            throw new AssertionError("GraphQL errors: " + body.get("errors"));
        }
        return body.get("data");
    }

    private JsonNode graphql(String query, Map<String, Object> variables, String actor, String roles,
                             String provider) throws Exception {
        byte[] body = json.writeValueAsBytes(Map.of("query", query, "variables", variables));
        HttpResponse<String> r = post(body, ServiceTestSupport.callerHeaders("POST", "/graphql", body, actor, roles,
                provider));
        assertThat(r.statusCode()).as(r.body()).isIn(200, 400);
        return json.readTree(r.body());
    }

    private HttpResponse<String> post(Map<String, Object> body, Map<String, String> headers) throws Exception {
        return post(json.writeValueAsBytes(body), headers);
    }

    private HttpResponse<String> post(byte[] body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/graphql"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void insertStatement(String provider, LocalDate date, int version, String status) {
        jdbc.update("""
                INSERT INTO statements (statement_id, provider_id, period_start, period_end, version, status,
                    settlement_currency, total_payable_minor, fees_minor, top_up_minor, carry_in_minor,
                    carry_out_minor, aggregator_fee_minor, sha256, document, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, 'EUR', 123456, 1000, 0, 0, 0, 0, ?, '{}', now())""",
                provider + ":" + date + ":v" + version, provider, date, date, version, status, "a".repeat(64));
    }

    private void insertLine(String statementId, int index) {
        jdbc.update("""
                INSERT INTO statement_lines (statement_id, line_index, kind, game_type, currency, origin_date,
                    bet_count, bets, wins, jackpot_wins, free_round_wins, ggr, deductions, ngr, base_kind, base,
                    fx_from, fx_to, fx_rate, fx_source, fx_rate_date, base_converted, fee_exact, fee_minor)
                VALUES (?, ?, 'ACTIVITY', 'SLOTS', 'EUR', DATE '2024-01-01', 10, 500, 380, 0, 0, 120, 19.875,
                    100.125, 'NGR', 100.125, 'EUR', 'EUR', 1, 'SAME', DATE '2024-01-01', 100.125, 10.0125, 1001)""",
                statementId, index);
    }

    private void insertReport(String scope, String provider, LocalDate date, String status, String format) {
        jdbc.update("""
                INSERT INTO reports (scope, provider_id, business_date, status, format, sha256, size_bytes, content,
                    statement_ids, generated_at)
                VALUES (?, ?, ?, ?, ?, md5(random()::text) || md5(random()::text), 3, ?, 's-1', now())""",
                scope, provider, date, status, format, new byte[] {1, 2, 3});
    }

    private void insertBreak(long id, String provider, LocalDate date) {
        jdbc.update("""
                INSERT INTO breaks (break_id, provider_id, provider_tx_id, break_class, business_date, currency,
                    amount_minor, status, opened_at, updated_at)
                VALUES (?, ?, ?, 'MISSING_IN_LEDGER', ?, 'USD', 1234, 'OPEN', now(), now())""",
                id, provider, "tx-" + id, date);
    }

    /** A row of ingest's ledger, seeded as the export test does (the view reads ingest.transactions). */
    private String insertLedgerRow(String provider, String providerTxId, LocalDate date, long amountMinor)
            throws Exception {
        String id = java.util.UUID.randomUUID().toString();
        try (java.sql.Connection c = infra().superuserConnection();
             java.sql.PreparedStatement ps = c.prepareStatement("""
                     INSERT INTO ingest.transactions (provider_id, provider_tx_id, round_id, player_ref, brand_id,
                         game_id, game_type, type, amount_minor, currency, occurred_at, business_date, free_round,
                         jackpot_contribution_minor, content_hash, recorded_at, source_partition, source_offset,
                         transaction_id, key_player_ref)
                     VALUES (?, ?, 'r-1', 'p-1', 'brand-1', 'game-1', 'SLOT', 'BET', ?, 'USD', now(), ?, false, 5,
                             ?, now(), 0, 0, CAST(? AS uuid), '')""")) {
            ps.setString(1, provider);
            ps.setString(2, providerTxId);
            ps.setLong(3, amountMinor);
            ps.setObject(4, date);
            ps.setString(5, "0".repeat(64));
            ps.setString(6, id);
            ps.executeUpdate();
        }
        return id;
    }

    private void insertActivity(String provider, LocalDate date) {
        jdbc.update("""
                INSERT INTO daily_activity (provider_id, brand_id, currency, game_type, business_date, bet_count,
                    bet_minor, win_count, win_minor, rollback_count, rollback_minor, jackpot_win_count,
                    jackpot_win_minor, free_round_win_count, free_round_win_minor, adjustment_count,
                    adjustment_minor, jackpot_contribution_minor)
                VALUES (?, 'brand-1', 'USD', 'SLOTS', ?, 5, 5000, 2, 3000, 0, 0, 0, 0, 0, 0, 0, 0, 25)""",
                provider, date);
    }
}
