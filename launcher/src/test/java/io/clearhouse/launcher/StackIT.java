package io.clearhouse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.common.kafka.Topics;
import io.clearhouse.launcher.demo.GatewayClient;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import tools.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole system as a user runs it: real PostgreSQL and Kafka as child processes, the five
 * services from their jars, transactions over HTTP through the gateway, rows in PostgreSQL.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StackIT {

    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10)).build();

    private static Stack stack;
    private static GatewayClient gateway;

    @BeforeAll
    static void start() {
        stack = RunningStack.get();
        gateway = new GatewayClient(stack.config().serviceUrl("gateway"), stack.config().dataDir());
    }

    @Test
    @Order(1)
    void everyServiceIsReadyAndExposesPrometheusMetrics() throws Exception {
        for (String service : StackConfig.SERVICES) {
            String url = stack.config().serviceUrl(service);
            assertThat(Health.ready(url)).as(service + " ready").isTrue();
            var prometheus = HTTP.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(url + "/actuator/prometheus")).timeout(Duration.ofSeconds(30)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(prometheus.statusCode()).as(service + " prometheus").isEqualTo(200);
            assertThat(prometheus.body()).contains("jvm_memory_used_bytes");
        }
    }

    @Test
    @Order(2)
    void aBatchPostedThroughTheGatewayEndsUpAsRowsAndARepostAddsNone() throws Exception {
        String provider = "stack-it-" + UUID.randomUUID().toString().substring(0, 8);
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            batch.add(bet(provider + "-tx-" + i, i % 2 == 0 ? "USD" : "KRW", i % 2 == 0 ? "12.50" : "15000"));
        }
        GatewayClient.Answer first = gateway.postBatch(provider, batch);
        assertThat(first.status()).isEqualTo(202);
        assertThat(first.body().get("receipts")).hasSize(50);
        awaitRows(provider, 50);

        GatewayClient.Answer again = gateway.postBatch(provider, batch);
        assertThat(again.status()).isEqualTo(202);
        awaitDuplicates(provider, 50);
        assertThat(count("SELECT count(*) FROM ingest.transactions WHERE provider_id = '" + provider + "'"))
                .isEqualTo(50);
        assertThat(count("SELECT sum(amount_minor) FROM ingest.transactions WHERE provider_id = '" + provider
                + "' AND currency = 'USD'")).isEqualTo(25 * 1250);
    }

    @Test
    @Order(3)
    void aMalformedBatchIsRefusedWithFieldErrorsAndPublishesNothing() throws Exception {
        long before = endOffsets();
        String provider = "stack-it-bad";
        Map<String, Object> unknownField = bet(provider + "-1", "USD", "1.00");
        unknownField.put("providerId", "someone-else");
        Map<String, Object> badScale = bet(provider + "-2", "JPY", "10.5");
        Map<String, Object> badCurrency = bet(provider + "-3", "XYZ", "1.00");
        Map<String, Object> missing = bet(provider + "-4", "USD", "1.00");
        missing.remove("roundId");
        Map<String, Object> good = bet(provider + "-5", "USD", "1.00");

        GatewayClient.Answer answer = gateway.postBatch(provider,
                List.of(unknownField, badScale, badCurrency, missing, good));

        assertThat(answer.status()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        answer.body().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).contains("[0].providerId", "[1].amount", "[2].currency", "[3].roundId");
        assertThat(answer.body().get("type").asString()).startsWith("https://clearhouse.io/problems/");
        // the refusal came before anything was published: nothing reaches the topic afterwards either
        Awaitility.await("the topic to stay as it was").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(endOffsets()).isEqualTo(before));
    }

    @Test
    @Order(4)
    void theAuditLogOfEveryServiceRefusesUpdateAndDeleteToItsRolesAndEvenItsOwner() throws Exception {
        for (String schema : List.of("gateway", "ingest", "settlement", "reconciliation", "reporting")) {
            for (String dml : List.of("UPDATE " + schema + ".audit_log SET actor = 'x'",
                    "DELETE FROM " + schema + ".audit_log", "TRUNCATE " + schema + ".audit_log")) {
                // the owner may bypass grants, but not the trigger
                assertThat(refusal(schema + "_owner", schema, dml)).as(dml).contains("append-only");
                // the service's runtime role holds INSERT and SELECT only
                assertThat(refusal(schema + "_app", schema, dml)).as(dml).contains("permission denied");
            }
        }
    }

    @Test
    @Order(4)
    void theServicesServeAsTheirAppRolesOnlyAndIngestVerifiesWithTheStacksAuditKey() throws Exception {
        // every service is up and busy, yet no connection is an owner's: migrations ran before, in their own JVM
        assertThat(count("SELECT count(*) FROM pg_stat_activity WHERE usename LIKE '%\\_owner'")).isZero();
        // the console's pool opens when it first touches its sessions, so it may or may not be connected yet
        List<String> appRoles = strings(
                "SELECT DISTINCT usename FROM pg_stat_activity WHERE usename LIKE '%\\_app'");
        assertThat(appRoles).containsAll(StackConfig.SERVICES.stream().map(s -> s + "_app").toList());
        assertThat(appRoles).isSubsetOf(
                io.clearhouse.common.db.DatabaseBootstrap.SERVICES.stream().map(s -> s + "_app").toList());
        for (String service : io.clearhouse.common.db.DatabaseBootstrap.SERVICES) {
            assertThat(stack.config().logDir().resolve(service + "-migrate.log")).as(service).exists();
        }
        GatewayClient.Answer verdict = gateway.get("/v1/audit/verify", GatewayClient.Role.AUDITOR);
        assertThat(verdict.status()).isEqualTo(200);
        assertThat(verdict.body().path("headsError").isNull() || verdict.body().path("headsError").isMissingNode())
                .as(verdict.body().toString()).isTrue();
        assertThat(verdict.body().path("intact").asBoolean()).as(verdict.body().toString()).isTrue();
        GatewayClient.Answer key = gateway.get("/v1/audit/public-key", GatewayClient.Role.FINANCE);
        assertThat(key.status()).isEqualTo(200);
        assertThat(key.body().get("keyId").asString()).isEqualTo(io.clearhouse.common.audit.AuditSigning.keyId(
                io.clearhouse.common.audit.AuditSigning.readPublic(AuditHeadKeys.publicKey(stack.config()))));
    }

    /** Runs {@code dml} as {@code role} on an audit log holding one row; returns the error, rolls back. */
    private static String refusal(String role, String schema, String dml) throws Exception {
        try (Connection c = stack.superuserConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            try {
                st.execute("INSERT INTO " + schema + ".audit_log (seq, occurred_at, actor, action, entity_type, "
                        + "entity_id, prev_hash, hash) VALUES (-1, now(), 'test', 'PROBE', 'probe', 'probe', "
                        + "repeat('0', 64), repeat('f', 64))");
                st.execute("SET LOCAL ROLE " + role);
                st.execute(dml);
                return "allowed";
            } catch (java.sql.SQLException e) {
                return e.getMessage();
            } finally {
                c.rollback();
            }
        }
    }

    /** The provider of the settlement flow (orders 5 and 6), its day, and the statement of that day. */
    private static final String FLOW_PROVIDER = "flow-" + UUID.randomUUID().toString().substring(0, 8);
    /** Yesterday: past its cut-off (UTC midnight, no grace), so the stack's scheduler closes it. */
    private static final LocalDate FLOW_DAY = LocalDate.now(ZoneOffset.UTC).minusDays(1);
    private static final String STAKE_TX = FLOW_PROVIDER + "-bet-0";
    private static String approvedStatementId;
    private static long reconRunId;
    private static long reconStatementId;

    /**
     * From HTTP ingest to an approved statement, with nobody closing the day: a provider's day posted
     * (signed) through the gateway, recorded by ingest, counted by settlement from the ledger topic,
     * closed by settlement's scheduler (the stack runs it, ticking every few seconds; the day is past its
     * cut-off + grace) into a DRAFT prepared by the scheduler, which a FINANCE user approves.
     */
    @Test
    @Order(5)
    void aDayPostedThroughTheGatewayIsClosedByTheSchedulerIntoADraftThatFinanceApproves() throws Exception {
        // slots: bets 4 x 100.00, wins 2 x 150.00 -> GGR 100.00 -> fee 10.00
        List<Map<String, Object>> day = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Map<String, Object> bet = bet(FLOW_PROVIDER + "-bet-" + i, "USD", "100.00");
            bet.put("occurredAt", FLOW_DAY.atTime(12, 0, i).toInstant(ZoneOffset.UTC).toString());
            day.add(bet);
        }
        for (int i = 0; i < 2; i++) {
            Map<String, Object> win = bet(FLOW_PROVIDER + "-win-" + i, "USD", "150.00");
            win.put("type", "WIN");
            win.put("occurredAt", FLOW_DAY.atTime(12, 5, i).toInstant(ZoneOffset.UTC).toString());
            day.add(win);
        }
        assertThat(gateway.postBatch(FLOW_PROVIDER, day).status()).isEqualTo(202);
        awaitRows(FLOW_PROVIDER, 6);
        await("SELECT coalesce(sum(bet_count + win_count), 0) FROM settlement.aggregates WHERE provider_id = '"
                + FLOW_PROVIDER + "'", 6);

        // the contract arrives once the day is counted: from then on the scheduler may close it, and must
        GatewayClient.Answer contract = gateway.upload("/v1/contracts/import",
                TestContracts.slotsAtTenPercent(FLOW_PROVIDER, "stack IT contract"), "application/yaml",
                GatewayClient.Role.FINANCE);
        assertThat(contract.status()).as(String.valueOf(contract.body())).isEqualTo(200);
        await("SELECT count(*) FROM settlement.statements WHERE provider_id = '" + FLOW_PROVIDER
                + "' AND period_start = '" + FLOW_DAY + "' AND prepared_by = 'settlement-scheduler'", 1);

        JsonNode listed = gateway.get("/v1/statements?providerId=" + FLOW_PROVIDER + "&from=" + FLOW_DAY + "&to="
                + FLOW_DAY, GatewayClient.Role.FINANCE).body();
        assertThat(listed).hasSize(1);
        JsonNode statement = listed.get(0);
        assertThat(statement.get("status").asString()).isEqualTo("DRAFT");
        assertThat(statement.get("version").asInt()).isEqualTo(1);
        assertThat(statement.get("preparedBy").asString()).isEqualTo("settlement-scheduler");
        JsonNode document = gateway.get("/v1/statements/" + statement.get("statementId").asString(),
                GatewayClient.Role.FINANCE).body().get("document");
        JsonNode line = document.get("lines").get(0);
        assertThat(line.get("bets").asString()).isEqualTo("400.00");
        assertThat(line.get("wins").asString()).isEqualTo("300.00");
        assertThat(line.get("ggr").asString()).isEqualTo("100.00");
        assertThat(document.get("totals").get("feesMinor").asLong()).isEqualTo(1_000);

        approvedStatementId = statement.get("statementId").asString();
        String path = "/v1/statements/" + statement.get("statementId").asString() + "/approve";
        GatewayClient.Answer approved = gateway.postJson(path, Map.of("reason", "figures checked"),
                GatewayClient.Role.FINANCE_CHECKER);
        assertThat(approved.status()).as(String.valueOf(approved.body())).isEqualTo(200);
        assertThat(approved.body().get("status").asString()).isEqualTo("APPROVED");
        assertThat(approved.body().get("preparedBy").asString()).isEqualTo("settlement-scheduler");
    }

    /**
     * The provider's statement says one stake was 120.00, not 100.00; an operator accepts the
     * provider's figure: the ADJUSTMENT enters through ingest, and the next open period's draft
     * carries it (+20.00 of stake, GGR 20.00, fee 2.00) while the approved day stays as it was.
     */
    @Test
    @Order(6)
    void anAcceptedProviderFigureIsRecordedByIngestAndMovesTheNextDraft() throws Exception {
        StringBuilder csv = new StringBuilder("providerTxId,type,amount,currency,occurredAt\r\n");
        for (int i = 0; i < 4; i++) {
            csv.append(FLOW_PROVIDER).append("-bet-").append(i).append(",BET,").append(i == 0 ? "120.00" : "100.00")
                    .append(",USD,").append(FLOW_DAY.atTime(12, 0, i).toInstant(ZoneOffset.UTC)).append("\r\n");
        }
        for (int i = 0; i < 2; i++) {
            csv.append(FLOW_PROVIDER).append("-win-").append(i).append(",WIN,150.00,USD,")
                    .append(FLOW_DAY.atTime(12, 5, i).toInstant(ZoneOffset.UTC)).append("\r\n");
        }
        GatewayClient.Answer upload = gateway.upload("/v1/reconciliation/statements?providerId=" + FLOW_PROVIDER,
                csv.toString().getBytes(StandardCharsets.UTF_8), "text/csv", GatewayClient.Role.PROVIDER);
        assertThat(upload.status()).as(String.valueOf(upload.body())).isEqualTo(201);
        long runId = upload.body().get("runId").asLong();
        long statementId = upload.body().get("statement").get("id").asLong();
        reconRunId = runId;
        reconStatementId = statementId;
        Awaitility.await("reconciliation run " + runId).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> {
                    GatewayClient.Answer run = gateway.get("/v1/reconciliation/runs/" + runId,
                            GatewayClient.Role.OPERATOR);
                    assertThat(run.status() == 200 ? run.body().get("run").get("status").asString()
                            : "HTTP " + run.status()).isEqualTo("COMPLETED");
                });

        JsonNode breaks = gateway.get("/v1/reconciliation/exceptions?statementId=" + statementId + "&status=OPEN",
                GatewayClient.Role.OPERATOR).body().get("items");
        assertThat(breaks).hasSize(1);
        assertThat(breaks.get(0).get("breakClass").asString()).isEqualTo("AMOUNT_MISMATCH");
        assertThat(breaks.get(0).get("providerTxId").asString()).isEqualTo(STAKE_TX);

        GatewayClient.Answer accepted = gateway.postJson("/v1/reconciliation/exceptions/"
                        + breaks.get(0).get("id").asLong() + "/resolve",
                Map.of("resolution", "ACCEPT_PROVIDER", "note", "the provider's stake is right"),
                GatewayClient.Role.OPERATOR);
        assertThat(accepted.status()).as(String.valueOf(accepted.body())).isEqualTo(200);
        String adjustment = accepted.body().get("adjustmentTxId").asString();

        await("SELECT count(*) FROM ingest.transactions WHERE provider_id = '" + FLOW_PROVIDER
                + "' AND provider_tx_id = '" + adjustment + "' AND type = 'ADJUSTMENT' AND amount_minor = 2000"
                + " AND ref_tx_id = '" + STAKE_TX + "'", 1);
        // posted in the next open period, on the day the services' clocks say (asked, not assumed: the test
        // may run across midnight UTC)
        await("SELECT coalesce(sum(stake_adjustment_minor), 0) FROM settlement.aggregates WHERE provider_id = '"
                + FLOW_PROVIDER + "' AND posting_date > '" + FLOW_DAY + "'", 2_000);
        LocalDate postedOn = LocalDate.parse(text("SELECT min(posting_date)::text FROM settlement.aggregates "
                + "WHERE provider_id = '" + FLOW_PROVIDER + "' AND stake_adjustment_minor <> 0"));

        JsonNode next = close(postedOn);
        JsonNode document = gateway.get("/v1/statements/" + next.get("statementId").asString(),
                GatewayClient.Role.FINANCE).body().get("document");
        JsonNode line = document.get("lines").get(0);
        assertThat(line.get("stakeAdjustments").asString()).isEqualTo("20.00");
        assertThat(line.get("ggr").asString()).isEqualTo("20.00");
        assertThat(document.get("totals").get("feesMinor").asLong()).isEqualTo(200);
        JsonNode approvedDay = gateway.get("/v1/statements?providerId=" + FLOW_PROVIDER + "&status=APPROVED",
                GatewayClient.Role.FINANCE).body();
        assertThat(approvedDay.toString()).contains(FLOW_DAY.toString());
    }

    private static JsonNode close(LocalDate businessDate) throws Exception {
        GatewayClient.Answer closed = gateway.postJson("/v1/settlements/close", Map.of("businessDate",
                businessDate.toString(), "providerId", FLOW_PROVIDER, "reason", "stack IT"), GatewayClient.Role.FINANCE);
        assertThat(closed.status()).as(String.valueOf(closed.body())).isEqualTo(200);
        assertThat(closed.body().get("statements")).hasSize(1);
        return closed.body().get("statements").get(0);
    }

    /** What a restore must bring back exactly: counts, sums, statement hashes and audit chain heads. */
    private static final List<String> RESTORED_EXACTLY = List.of(
            "SELECT count(*) || ' ' || coalesce(sum(amount_minor), 0) FROM ingest.transactions",
            "SELECT count(*) FROM ingest.duplicates",
            "SELECT count(*) || ' ' || coalesce(sum(bet_count + win_count), 0) FROM settlement.aggregates",
            "SELECT coalesce(string_agg(statement_id || ' ' || status || ' ' || sha256, ',' ORDER BY statement_id), '')"
                    + " FROM settlement.statements",
            "SELECT count(*) || ' ' || coalesce(string_agg(status, ',' ORDER BY id), '') FROM reconciliation.exceptions",
            "SELECT count(*) FROM reconciliation.statement_lines",
            "SELECT count(*) || ' ' || coalesce(max(seq), 0) || ' ' || coalesce((SELECT hash FROM ingest.audit_log "
                    + "ORDER BY seq DESC LIMIT 1), '') FROM ingest.audit_log",
            "SELECT count(*) || ' ' || coalesce((SELECT hash FROM settlement.audit_log ORDER BY seq DESC LIMIT 1), '')"
                    + " FROM settlement.audit_log",
            "SELECT count(*) || ' ' || coalesce((SELECT hash FROM reconciliation.audit_log ORDER BY seq DESC LIMIT 1),"
                    + " '') FROM reconciliation.audit_log");
    private static java.nio.file.Path backupFile;
    private static Map<String, String> backedUp;

    /** The workload above (orders 2 to 6) is in; the backup is taken while every service runs. */
    @Test
    @Order(7)
    void anOnlineBackupOfTheRunningStackIsOneOwnerOnlyArchive() throws Exception {
        Map<String, String> before = snapshot();
        java.nio.file.Path file = java.nio.file.Files.createTempDirectory("clearhouse-backup-it").resolve("it.zip");

        assertThat(BackupCommand.backup(stack.config(), List.of(file.toString()), console())).isZero();

        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
            assertThat(zip.getEntry("postgres/backup_label")).isNotNull();
            assertThat(zip.getEntry("config/secrets.properties")).isNotNull();
            assertThat(zip.getEntry("config/admin-client.properties")).isNotNull();
        }
        // nothing moved while the backup ran: what it holds is what was counted
        assertThat(snapshot()).isEqualTo(before);
        backupFile = file;
        backedUp = before;
    }

    /**
     * The OpenAPI description kept in the repository is the one the gateway serves, and the running API
     * agrees with it: every path and method it lists is routed and handled (never 404 or 405, never a
     * 5xx) and lets the role it names through (never 401 or 403), called with the ids of the workload
     * above, and every JSON answer whose status the description lists validates against the schema it
     * gives for that status.
     */
    @Test
    @Order(8)
    @SuppressWarnings("unchecked")
    void everyOperationOfTheOpenApiDescriptionAnswersAsItDescribes() throws Exception {
        java.nio.file.Path kept = stack.config().home().resolve("docs/openapi/clearhouse.yaml");
        var served = HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                stack.config().serviceUrl("gateway") + "/v1/openapi.yaml")).timeout(Duration.ofSeconds(30)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).isEqualTo(java.nio.file.Files.readAllBytes(kept));
        OpenApi spec = new OpenApi(new String(served.body(), StandardCharsets.UTF_8));
        String reportId = Awaitility.await("an archived report").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> gateway.get("/v1/reports?date=" + FLOW_DAY, GatewayClient.Role.FINANCE).body(),
                        b -> b != null && b.isArray() && !b.isEmpty()).get(0).get("id").asString();
        String provider = "openapi-" + UUID.randomUUID().toString().substring(0, 8);
        // the ledger id of the flow's bet, as its status names it (settlement's counting is looked up by it)
        String stakeLedgerId = gateway.get("/v1/transactions/" + STAKE_TX + "?providerId=" + FLOW_PROVIDER,
                GatewayClient.Role.OPERATOR).body().get("transactionId").asString();

        List<String> failures = new ArrayList<>();
        int called = 0;
        for (OpenApi.Operation op : spec.operations()) {
            String path = op.path().replace("{providerTxId}", STAKE_TX).replace("{statementId}", approvedStatementId)
                    .replace("{providerId}", FLOW_PROVIDER).replace("{transactionId}", stakeLedgerId);
            if (path.contains("{id}")) {
                path = path.replace("{id}", path.startsWith("/v1/reports") ? reportId
                        : path.startsWith("/v1/reconciliation/runs") ? Long.toString(reconRunId)
                        : Long.toString(reconStatementId));
            }
            GatewayClient.Role role = op.roles().isEmpty() ? null : GatewayClient.Role.valueOf(
                    List.of("FINANCE", "OPERATOR", "AUDITOR", "PROVIDER").stream().filter(op.roles()::contains)
                            .findFirst().orElseThrow());
            List<String> query = new ArrayList<>();
            if (role == GatewayClient.Role.PROVIDER || path.startsWith("/v1/transactions/")
                    || path.equals("/v1/reconciliation/statements")) {
                query.add("providerId=" + (op.method().equals("post") && path.startsWith("/v1/transactions")
                        ? provider : FLOW_PROVIDER));
            }
            if (op.requiredQuery().contains("date")) {
                query.add("date=" + FLOW_DAY);
            }
            if (path.equals("/v1/reports/daily-settlement")) {
                query.add("format=csv");
            }
            String url = path + (query.isEmpty() ? "" : "?" + String.join("&", query));
            int status;
            String body;
            String contentType;
            if (role == null) {
                var r = HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        stack.config().serviceUrl("gateway") + url)).timeout(Duration.ofSeconds(30))
                        .method(op.method().toUpperCase(), java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                status = r.statusCode();
                body = r.body();
                contentType = r.headers().firstValue("Content-Type").orElse("");
            } else if (op.method().equals("get")) {
                GatewayClient.Download d = gateway.download(url, role);
                status = d.status();
                body = new String(d.body(), StandardCharsets.UTF_8);
                contentType = d.headers().firstValue("Content-Type").orElse("");
            } else {
                GatewayClient.Answer a;
                if (path.equals("/v1/transactions")) {
                    a = gateway.postJson(url, bet(provider + "-single", "USD", "1.00"), role);
                } else if (path.equals("/v1/transactions/batch")) {
                    a = gateway.postJson(url, List.of(bet(provider + "-batch", "USD", "1.00")), role);
                } else if (op.requestContentType().contains("json")) {
                    a = gateway.postJson(url, Map.of(), role);
                } else {
                    a = gateway.upload(url, new byte[0], op.requestContentType(), role);
                }
                status = a.status();
                body = a.body() == null ? null : a.body().toString();
                contentType = a.body() == null ? "" : status >= 400 ? "application/problem+json" : "application/json";
            }
            called++;
            String call = op.method().toUpperCase() + " " + url + " -> " + status;
            // routed and handled, and the role the description names is let through
            if (status == 404 || status == 405 || status >= 500 || (role != null && (status == 401 || status == 403))) {
                failures.add(call + " " + body);
                continue;
            }
            if (contentType.contains("json") && body != null) {
                List<String> errors = spec.validate(op, status, contentType.contains("problem") ? "application/problem+json"
                        : "application/json", body);
                if (!errors.isEmpty()) {
                    failures.add(call + " does not match the description: " + errors);
                }
            }
        }
        assertThat(called).isEqualTo(spec.operations().size());
        assertThat(failures).isEmpty();
    }

    @Test
    @Order(99)
    void stoppingLeavesNoProcessBehind() throws Exception {
        List<ProcessHandle> children = ProcessHandle.current().descendants().toList();
        assertThat(children).isNotEmpty();
        int pgPort = stack.config().postgresPort();
        stack.close();
        for (ProcessHandle child : children) {
            child.onExit().get(60, TimeUnit.SECONDS);
            assertThat(child.isAlive()).as("pid " + child.pid()).isFalse();
        }
        assertThat(Stack.portFree(pgPort)).as("PostgreSQL stopped").isTrue();
        assertThat(Stack.runningPid(stack.config())).isEmpty();
    }

    /**
     * After the stop (order 99) the data directory is wiped, Kafka's log with it; the backup is restored and
     * the stack started on it: every count, sum, statement hash and audit head is the backup's, the audit
     * chain verifies, and new transactions flow (the consumer positions of the old log were reset).
     */
    @Test
    @Order(100)
    void aBackupRestoredOntoAWipedDataDirectoryBringsBackEveryRowWithAnIntactAuditChain() throws Exception {
        assertThat(backupFile).as("the backup of order 7").isNotNull();
        StackConfig config = stack.config();
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(config.dataDir())) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        assertThat(java.nio.file.Files.exists(config.dataDir())).isFalse();

        assertThat(BackupCommand.restore(config, List.of(backupFile.toString(), "--yes"), console())).isZero();
        stack = Stack.start(config, console());
        gateway = new GatewayClient(config.serviceUrl("gateway"), config.dataDir());

        assertThat(snapshot()).isEqualTo(backedUp);
        assertThat(AuditCommand.run(config, List.of("verify"), console())).isZero();
        String provider = "restored-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(gateway.postBatch(provider, List.of(bet(provider + "-1", "USD", "1.00"),
                bet(provider + "-2", "USD", "2.00"))).status()).isEqualTo(202);
        awaitRows(provider, 2);
    }

    private static Map<String, String> snapshot() throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        for (String sql : RESTORED_EXACTLY) {
            values.put(sql, text(sql));
        }
        return values;
    }

    private static Console console() {
        return new Console(new java.io.PrintStream(System.out, true));
    }

    private static Map<String, Object> bet(String id, String currency, String amount) {
        Map<String, Object> tx = new LinkedHashMap<>();
        tx.put("providerTxId", id);
        tx.put("roundId", "round-" + id);
        tx.put("playerRef", "p-77");
        tx.put("brandId", "brand-it");
        tx.put("gameId", "game-it");
        tx.put("gameType", "SLOT");
        tx.put("type", "BET");
        tx.put("amount", amount);
        tx.put("currency", currency);
        tx.put("occurredAt", Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString());
        return tx;
    }

    private static void awaitRows(String provider, long expected) throws Exception {
        await("SELECT count(*) FROM ingest.transactions WHERE provider_id = '" + provider + "'", expected);
    }

    private static void awaitDuplicates(String provider, long expected) throws Exception {
        await("SELECT count(*) FROM ingest.duplicates WHERE provider_id = '" + provider + "'", expected);
    }

    /** Waits (at most 60 s) until the count reaches {@code expected}, then asserts it did not pass it. */
    private static void await(String sql, long expected) {
        long seen = Awaitility.await(sql).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> count(sql), n -> n >= expected);
        assertThat(seen).as(sql).isEqualTo(expected);
    }

    private static String text(String sql) throws Exception {
        try (Connection c = stack.superuserConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static List<String> strings(String sql) throws Exception {
        try (Connection c = stack.superuserConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }

    private static long count(String sql) throws Exception {
        try (Connection c = stack.superuserConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long endOffsets() throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.config().kafkaBootstrap());
        try (Admin admin = Admin.create(p)) {
            Map<TopicPartition, OffsetSpec> request = new LinkedHashMap<>();
            for (int i = 0; i < Topics.TRANSACTION_PARTITIONS; i++) {
                request.put(new TopicPartition(Topics.PROVIDER_TRANSACTIONS, i), OffsetSpec.latest());
            }
            return admin.listOffsets(request).all().get().values().stream().mapToLong(o -> o.offset()).sum();
        }
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

}
