package io.clearhouse.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.clearhouse.console.StubGateway.Answer;
import io.clearhouse.console.signin.Person;
import io.clearhouse.console.signin.PersonAuthentication;
import io.clearhouse.console.signin.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Every page renders with the shapes the real services answer (taken from their controllers and
 * records), for a role that may open it, with the stable ids the browser tests rely on, and calls
 * the gateway with bounded page sizes.
 */
@SpringBootTest
@AutoConfigureMockMvc
class PagesTest {

    private static final StubGateway GATEWAY = StubGateway.started();

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        registry.add("clearhouse.console.gateway-url", GATEWAY::url);
    }

    @BeforeAll
    static void canned() {
        String breakRow = "{\"id\":7,\"statementId\":3,\"firstRunId\":1,\"lastRunId\":1,\"providerId\":\"acme\",\"providerTxId\":\"tx-9\","
                + "\"breakClass\":\"AMOUNT_MISMATCH\",\"lineNo\":4,\"businessDate\":\"2026-01-01\",\"currency\":\"EUR\",\"amountMinor\":1250,"
                + "\"status\":\"PENDING_APPROVAL\",\"assignee\":\"op.one\",\"resolution\":\"WRITE_OFF\",\"resolvedBy\":\"op.one\","
                + "\"version\":2,\"openedAt\":\"2026-01-02T10:00:00Z\",\"updatedAt\":\"2026-01-02T11:00:00Z\"}";
        String ingestRow = "{\"id\":5,\"kind\":\"CONFLICT\",\"sourceRef\":\"0@12\",\"providerId\":\"acme\",\"providerTxId\":\"tx-1\","
                + "\"reason\":\"other content\",\"payload\":\"{}\",\"status\":\"OPEN\",\"version\":0,\"openedAt\":\"2026-01-02T10:00:00Z\"}";
        String anomaly = "{\"id\":9,\"providerId\":\"acme\",\"gameType\":\"SLOTS\",\"currency\":\"EUR\",\"kind\":\"RTP\","
                + "\"intervalStart\":\"2026-01-02T10:00:00Z\",\"intervalEnd\":\"2026-01-02T11:00:00Z\",\"intervals\":1,\"observed\":\"1.42\","
                + "\"expected\":\"0.96\",\"lower\":\"0.90\",\"upper\":\"1.02\",\"unit\":\"ratio\",\"score\":\"6.1\",\"maxScore\":\"6.1\","
                + "\"baseline\":\"SEASONAL\",\"samples\":28,\"status\":\"OPEN\",\"detectedAt\":\"2026-01-02T11:01:00Z\",\"version\":0}";
        GATEWAY.answer("GET /v1/reconciliation/exceptions", Answer.json(200, "{\"items\":[" + breakRow + "],\"page\":0,\"size\":25,\"total\":1}"));
        GATEWAY.answer("GET /v1/reconciliation/exceptions/7", Answer.json(200, "{\"exception\":" + breakRow
                + ",\"comments\":[{\"id\":1,\"actor\":\"op.one\",\"text\":\"provider says short\",\"createdAt\":\"2026-01-02T10:30:00Z\"}]}"));
        GATEWAY.answer("GET /v1/ingest/exceptions", Answer.json(200, "{\"items\":[" + ingestRow + "],\"page\":0,\"size\":25,\"total\":1}"));
        GATEWAY.answer("GET /v1/ingest/exceptions/5", Answer.json(200, "{\"exception\":" + ingestRow + ",\"comments\":[]}"));
        GATEWAY.answer("GET /v1/anomalies", Answer.json(200, "{\"items\":[" + anomaly + "],\"page\":0,\"size\":25,\"total\":1}"));
        GATEWAY.answer("GET /v1/anomalies/9", Answer.json(200, anomaly));
        GATEWAY.answer("GET /v1/statements", Answer.json(200, "[{\"statementId\":\"S-1\",\"providerId\":\"acme\",\"periodStart\":\"2026-01-01\","
                + "\"periodEnd\":\"2026-01-07\",\"version\":1,\"status\":\"APPROVED\",\"settlementCurrency\":\"EUR\",\"totalPayable\":\"100.00\","
                + "\"preparedBy\":\"fin.maker\"}]"));
        GATEWAY.answer("GET /v1/statements/S-1", Answer.json(200, "{\"statementId\":\"S-1\",\"providerId\":\"acme\",\"periodStart\":\"2026-01-01\","
                + "\"periodEnd\":\"2026-01-07\",\"version\":1,\"status\":\"APPROVED\",\"contractVersion\":1,\"settlementCurrency\":\"EUR\","
                + "\"totalPayable\":\"100.00\",\"sha256\":\"ab\",\"preparedBy\":\"fin.maker\",\"preparedAt\":\"t\",\"approvedBy\":\"fin.checker\","
                + "\"approvedAt\":\"t\",\"document\":{\"lines\":[],\"totals\":{},\"carryForward\":{\"inMinor\":0},\"roundingMode\":\"HALF_EVEN\"}}"));
        GATEWAY.answer("GET /v1/statements/S-1/lines/1/explain", Answer.json(200, "{\"statementId\":\"S-1\",\"line\":{\"index\":1},"
                + "\"formula\":\"GGR = bets − rollbacks − wins\",\"contract\":{\"version\":1},\"aggregates\":[{\"brand_id\":\"b1\",\"bet_minor\":3000}]}"));
        GATEWAY.answer("GET /v1/reports", Answer.json(200, "[{\"id\":42,\"scope\":\"PROVIDER\",\"providerId\":\"acme\",\"businessDate\":\"2026-01-01\","
                + "\"status\":\"FINAL\",\"format\":\"PDF\",\"sha256\":\"cd\",\"sizeBytes\":1234,\"statementIds\":[\"S-1\"],"
                + "\"fileName\":\"daily-acme-2026-01-01.pdf\",\"href\":\"/v1/reports/42\"}]"));
        GATEWAY.answer("GET /v1/transactions/tx-1/history", Answer.json(200, "{\"providerId\":\"acme\",\"providerTxId\":\"tx-1\",\"events\":["
                + "{\"at\":\"2026-01-02T10:00:00Z\",\"service\":\"ingest\",\"action\":\"RECEIVED\",\"detail\":{\"transactionId\":\"T1\"}},"
                + "{\"at\":\"2026-01-02T10:00:09Z\",\"service\":\"reconciliation\",\"action\":\"BREAK_OPENED\",\"detail\":{}}]}"));
        GATEWAY.answer("GET /v1/settlements/transactions/T1", Answer.json(200, "{\"transactionId\":\"T1\",\"providerId\":\"acme\","
                + "\"providerTxId\":\"tx-1\",\"type\":\"BET\",\"originDate\":\"2026-01-02\",\"postingDate\":\"2026-01-02\","
                + "\"late\":false,\"countedAt\":\"2026-01-02T10:00:02Z\",\"statement\":{\"statementId\":\"S-1\",\"status\":\"APPROVED\"}}"));
        GATEWAY.answer("GET /v1/ingest/summary", Answer.json(200, "[{\"providerId\":\"acme\",\"currency\":\"EUR\",\"recorded\":12,"
                + "\"duplicates\":1,\"conflicts\":0,\"rejected\":0,\"settings\":\"DEFAULT\"}]"));
        GATEWAY.answer("POST /graphql", Answer.json(200, "{\"data\":{\"dailyActivity\":{\"edges\":[],\"pageInfo\":{\"hasNextPage\":false}}}}"));
        GATEWAY.answer("GET /v1/admin/users", Answer.json(200, "[{\"userId\":\"fin.maker\",\"role\":\"FINANCE\",\"providerId\":null,"
                + "\"enabled\":true,\"createdBy\":\"admin\",\"createdAt\":\"2026-01-01T00:00:00Z\"}]"));
        GATEWAY.answer("GET /v1/admin/clients", Answer.json(200, "[{\"clientId\":\"acme-feed\",\"role\":\"PROVIDER\",\"providerId\":\"acme\","
                + "\"allowedCidrs\":[],\"ratePerSecond\":100,\"burst\":200,\"enabled\":true,\"createdBy\":\"admin\",\"createdAt\":\"t\"}]"));
        GATEWAY.answer("GET /v1/ingest/providers", Answer.json(200, "[{\"providerId\":\"acme\",\"timeZone\":\"UTC\",\"cutoffHour\":0}]"));
        GATEWAY.answer("GET /v1/ingest/providers/acme", Answer.json(200, "{\"providerId\":\"acme\",\"timeZone\":\"UTC\",\"cutoffHour\":0,"
                + "\"uniquenessMode\":\"PROVIDER_TX\",\"rollbackWait\":\"PT1H\"}"));
    }

    @AfterAll
    static void stop() {
        GATEWAY.close();
    }

    @Autowired
    MockMvc mvc;

    private String page(Role role, String url) throws Exception {
        PersonAuthentication who = new PersonAuthentication(new Person("someone", role, role == Role.PROVIDER ? "acme" : null),
                StubGateway.token("someone", role.name(), role == Role.PROVIDER ? "acme" : null), null);
        String html = mvc.perform(get(url).with(authentication(who))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(html).contains("<html lang=\"en\"", "href=\"#main\"", "id=\"main\"", "id=\"sign-out\"");
        return html;
    }

    @Test
    void theQueuesRenderWithTheirActions() throws Exception {
        assertThat(page(Role.OPERATOR, "/queues/breaks")).contains("data-test=\"queue-row\"", "data-id=\"7\"", "id=\"queue-filter\"");
        assertThat(GATEWAY.last("GET", "/v1/reconciliation/exceptions").query()).contains("status=OPEN", "size=25");
        assertThat(page(Role.OPERATOR, "/queues/exceptions?size=100000")).contains("data-test=\"queue-row\"", "CONFLICT");
        assertThat(GATEWAY.last("GET", "/v1/ingest/exceptions").query()).contains("size=100").doesNotContain("size=100000");
        assertThat(page(Role.FINANCE, "/queues/breaks/7")).contains("id=\"approve\"", "id=\"reject\"", "id=\"approval-note\"",
                "id=\"comment\"", "provider says short").doesNotContain("id=\"resolve\"");
        assertThat(page(Role.OPERATOR, "/queues/exceptions/5")).contains("id=\"assign-to-me\"", "id=\"resolve\"",
                "id=\"resolve-amount\"", "POST_CORRECTION");
    }

    @Test
    void statementsReportsAndExplanationsRender() throws Exception {
        assertThat(page(Role.FINANCE, "/statements")).contains("data-test=\"statement-row\"", "data-id=\"S-1\"");
        assertThat(page(Role.FINANCE, "/statements/S-1")).contains("id=\"pay-statement\"", "id=\"payment-reference\"",
                "id=\"download-document\"", "id=\"download-pdf\"");
        assertThat(page(Role.AUDITOR, "/statements/S-1/lines/1")).contains("id=\"formula\"", "bet_minor");
        assertThat(page(Role.FINANCE, "/reports?date=2026-01-01")).contains("data-test=\"report-row\"", "daily-acme-2026-01-01.pdf",
                "id=\"daily-pdf\"", "id=\"daily-xlsx\"", "id=\"daily-csv\"");
        assertThat(page(Role.PROVIDER, "/statements")).doesNotContain("id=\"s-provider\"");
    }

    @Test
    void anomaliesTransactionsAndTheDrillDownRender() throws Exception {
        assertThat(page(Role.OPERATOR, "/anomalies")).contains("data-test=\"anomaly-row\"", "data-id=\"9\"");
        assertThat(page(Role.OPERATOR, "/anomalies/9")).contains("id=\"acknowledge\"", "id=\"ack-reason\"", "Observed 1.42");
        assertThat(page(Role.AUDITOR, "/anomalies/9")).doesNotContain("id=\"acknowledge\"");
        // one timeline across the services: ingest, then settlement's counting (read from settlement), then reconciliation
        String history = page(Role.OPERATOR, "/transactions?provider=acme&id=tx-1");
        assertThat(history).contains("data-test=\"history-row\"", "data-test=\"covering-statement\"", "S-1 (APPROVED)");
        assertThat(history.indexOf("RECEIVED")).isLessThan(history.indexOf(">COUNTED<"));
        assertThat(history.indexOf(">COUNTED<")).isLessThan(history.indexOf("BREAK_OPENED"));
        assertThat(GATEWAY.last("GET", "/v1/settlements/transactions/T1")).isNotNull();
        assertThat(page(Role.FINANCE, "/providers/acme")).contains("id=\"activity-byDay\"", "id=\"provider-statements\"",
                "id=\"provider-breaks\"");
        assertThat(page(Role.OPERATOR, "/providers/acme")).contains("id=\"provider-ingest\"", "id=\"provider-anomalies\"")
                .doesNotContain("id=\"activity-byDay\"");
        // the drill-down asks ingest for that provider's part of the ledger only
        assertThat(GATEWAY.last("GET", "/v1/ingest/summary").query()).isEqualTo("providerId=acme");
        assertThat(page(Role.FINANCE, "/")).contains("id=\"tile-activity\"", "id=\"tile-statements\"", "id=\"tile-reports\"",
                "id=\"tile-pending-approval\"", "id=\"tile-closes\"", "1 approved");
        // the closes of the day: every state of the statements whose period holds yesterday
        // (the home page reads its tiles side by side: find the closes' call among the page's calls)
        String yesterday = java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1).toString();
        assertThat(GATEWAY.received()).filteredOn(r -> r.path().equals("/v1/statements") && r.query() != null
                && r.query().contains("from=" + yesterday)).isNotEmpty()
                .allSatisfy(r -> assertThat(r.query()).contains("to=" + yesterday).doesNotContain("status="));
        assertThat(page(Role.FINANCE, "/statements?status=&date=2026-01-03")).contains("data-test=\"statement-row\"");
        assertThat(GATEWAY.last("GET", "/v1/statements").query()).contains("from=2026-01-03", "to=2026-01-03");
        assertThat(page(Role.PROVIDER, "/")).doesNotContain("id=\"tile-closes\"");
    }

    @Test
    void aTransactionsLedgerTransactionsAreLookedUpInSettlementSideBySide() throws Exception {
        GATEWAY.answer("GET /v1/transactions/tx-3/history", Answer.json(200, "{\"providerId\":\"acme\",\"providerTxId\":\"tx-3\",\"events\":["
                + "{\"at\":\"2026-01-02T10:00:00Z\",\"service\":\"ingest\",\"action\":\"RECEIVED\",\"detail\":{\"transactionId\":\"T2\"}},"
                + "{\"at\":\"2026-01-02T10:00:01Z\",\"service\":\"ingest\",\"action\":\"RECEIVED\",\"detail\":{\"transactionId\":\"T3\"}},"
                + "{\"at\":\"2026-01-02T10:00:02Z\",\"service\":\"ingest\",\"action\":\"RECEIVED\",\"detail\":{\"transactionId\":\"T4\"}}]}"));
        for (String tx : new String[] {"T2", "T4"}) {
            GATEWAY.answer("GET /v1/settlements/transactions/" + tx, Answer.json(200, "{\"transactionId\":\"" + tx + "\","
                    + "\"providerId\":\"acme\",\"providerTxId\":\"tx-3\",\"type\":\"BET\",\"originDate\":\"2026-01-02\","
                    + "\"postingDate\":\"2026-01-02\",\"late\":false,\"countedAt\":\"2026-01-02T10:00:05Z\",\"statement\":null}"));
        }
        // T3: not counted yet (settlement's 404)
        GATEWAY.holdUntilConcurrent("/v1/settlements/transactions/", 3);
        try {
            String history = page(Role.OPERATOR, "/transactions?provider=acme&id=tx-3");
            assertThat(GATEWAY.inFlightMax()).as("settlement asked for the three at once").isEqualTo(3);
            assertThat(history).contains("NOT_YET_COUNTED").doesNotContain("data-test=\"unavailable-settlement\"");
            assertThat(history.split(">COUNTED<", -1)).hasSize(3);
            assertThat(GATEWAY.received()).filteredOn(r -> r.path().startsWith("/v1/settlements/transactions/"))
                    .allSatisfy(r -> assertThat(r.authorization()).startsWith("Bearer "));
        } finally {
            GATEWAY.release();
        }
    }

    @Test
    void beforeTakingTrafficTheConsoleOpensItsConnectionToTheGatewayWithoutAnyonesToken() {
        assertThat(GATEWAY.received()).filteredOn(r -> r.path().equals("/actuator/health/liveness")).isNotEmpty()
                .allSatisfy(r -> assertThat(r.authorization()).isNull());
    }

    @Test
    void aSettlementRefusalLeavesTheRestOfTheHistory() throws Exception {
        GATEWAY.answer("GET /v1/transactions/tx-5/history", Answer.json(200, "{\"providerId\":\"acme\",\"providerTxId\":\"tx-5\",\"events\":["
                + "{\"at\":\"2026-01-02T10:00:00Z\",\"service\":\"ingest\",\"action\":\"RECEIVED\",\"detail\":{\"transactionId\":\"T5\"}}]}"));
        GATEWAY.answer("GET /v1/settlements/transactions/T5", Answer.problem(503, "{\"title\":\"Service Unavailable\",\"status\":503}"));
        String history = page(Role.OPERATOR, "/transactions?provider=acme&id=tx-5");
        assertThat(history).contains("data-test=\"unavailable-settlement\"", "RECEIVED");
    }

    @Test
    void theAdminPagesRender() throws Exception {
        assertThat(page(Role.ADMIN, "/admin/users")).contains("id=\"user-form\"", "data-test=\"user-row\"", "data-test=\"reset-user\"",
                "data-test=\"disable-user\"");
        assertThat(page(Role.ADMIN, "/admin/clients")).contains("id=\"client-form\"", "data-test=\"client-row\"",
                "data-test=\"rotate-client\"", "data-test=\"disable-client\"");
        assertThat(page(Role.ADMIN, "/admin/providers?id=acme")).contains("id=\"provider-form\"", "id=\"save-provider\"", "PT1H");
        assertThat(page(Role.ADMIN, "/")).contains("id=\"nav-admin-users\"").doesNotContain("id=\"nav-statements\"");
    }
}
