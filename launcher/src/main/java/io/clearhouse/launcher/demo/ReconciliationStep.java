package io.clearhouse.launcher.demo;

import io.clearhouse.launcher.Console;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Each simulated provider uploads its own statement of the day, built from what it sent, with a
 * few differences injected (a changed amount, a line left out, an unknown line, a line twice, a
 * transaction its clock put after midnight, a currency or a type reported wrongly). Reconciliation
 * matches each against what ingest recorded; the step prints the breaks found per class, then an
 * operator resolves some (accepting the provider's figure posts an ADJUSTMENT through ingest, a
 * large write-off waits for FINANCE) and the queue's state is printed.
 */
final class ReconciliationStep implements DemoStep {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);
    private static final String[] CLASSES = {"MATCHED", "AMOUNT_MISMATCH", "CURRENCY_MISMATCH", "TYPE_MISMATCH",
            "TIMING", "MISSING_INTERNAL", "MISSING_PROVIDER", "DUPLICATE"};

    private GatewayClient gateway;
    private Console out;

    @Override
    public String title() {
        return "Providers upload their statements; reconciliation finds and resolves the differences";
    }

    @Override
    @SuppressWarnings("unchecked")
    public boolean run(DemoContext context) throws IOException, InterruptedException {
        this.gateway = context.gateway();
        this.out = context.out();
        Map<String, List<Map<String, Object>>> sent =
                (Map<String, List<Map<String, Object>>>) context.facts().get(IngestDayStep.SENT);
        if (sent == null || sent.isEmpty()) {
            out.line("Nothing was sent in this run: no statements to reconcile.");
            return false;
        }
        Map<String, Long> runs = new TreeMap<>();
        Map<String, Map<String, Integer>> injected = new TreeMap<>();
        int index = 0;
        for (Map.Entry<String, List<Map<String, Object>>> e : sent.entrySet()) {
            String provider = e.getKey();
            Map<String, Integer> differences = new TreeMap<>();
            List<Map<String, Object>> lines = statementOf(e.getValue(), index, context.runTag(), differences);
            boolean csv = index % 2 == 0;
            byte[] file = csv ? csv(lines) : jsonLines(lines);
            GatewayClient.Answer a = gateway.upload("/v1/reconciliation/statements?providerId=" + provider, file,
                    csv ? "text/csv" : "application/x-ndjson", GatewayClient.Role.PROVIDER);
            if (a.status() / 100 != 2 || a.body() == null) {
                out.line("  statement of " + provider + " refused: HTTP " + a.status() + " " + a.body());
                return false;
            }
            JsonNode s = a.body().get("statement");
            out.line(String.format("  %-16s uploaded %s statement #%d: %,d lines, %,d bytes, sha256 %s...", provider,
                    csv ? "CSV" : "JSON-lines", s.get("id").asLong(), s.get("loadedCount").asLong(),
                    s.get("sizeBytes").asLong(), s.get("sha256").asString().substring(0, 12)));
            runs.put(provider, a.body().get("runId").asLong());
            injected.put(provider, differences);
            index++;
        }

        Map<String, JsonNode> results = new TreeMap<>();
        Instant deadline = Instant.now().plus(RUN_TIMEOUT);
        for (Map.Entry<String, Long> r : runs.entrySet()) {
            JsonNode result = awaitRun(r.getValue(), deadline);
            if (result == null) {
                out.line("  the matching run of " + r.getKey() + " did not finish within " + RUN_TIMEOUT.toSeconds()
                        + " s");
                return false;
            }
            results.put(r.getKey(), result);
        }
        printBreaks(results, injected);

        String first = results.keySet().iterator().next();
        resolveSome(first, results.get(first).get("run").get("statementId").asLong());
        printQueue(results);
        return true;
    }

    /** The provider's view of the day: what it sent, with the injected differences. */
    private static List<Map<String, Object>> statementOf(List<Map<String, Object>> sent, int providerIndex,
                                                         String runTag, Map<String, Integer> differences) {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (Map<String, Object> tx : sent) {
            Map<String, Object> line = new LinkedHashMap<>();
            for (String k : List.of("providerTxId", "type", "amount", "currency", "occurredAt")) {
                line.put(k, tx.get(k));
            }
            lines.add(line);
        }
        // AMOUNT_MISMATCH: the provider reports one more major unit on two transactions
        for (int i : new int[] {10, 20}) {
            lines.get(i).put("amount", new BigDecimal((String) lines.get(i).get("amount")).add(BigDecimal.ONE)
                    .toPlainString());
        }
        differences.put("AMOUNT_MISMATCH", 2);
        // TIMING: the provider's clock put one transaction a day later (past its cut-off)
        Map<String, Object> late = lines.get(30);
        late.put("occurredAt", OffsetDateTime.parse((String) late.get("occurredAt")).plusDays(1).toString());
        differences.put("TIMING", 1);
        if (providerIndex % 2 == 0) {
            // CURRENCY_MISMATCH: reported in the other currency
            Map<String, Object> l = lines.get(40);
            l.put("currency", "JPY".equals(l.get("currency")) ? "USD" : "JPY");
            l.put("amount", new BigDecimal((String) l.get("amount")).setScale(0, java.math.RoundingMode.DOWN)
                    .toPlainString());
            differences.put("CURRENCY_MISMATCH", 1);
        } else {
            // TYPE_MISMATCH: a win reported as a jackpot win
            Map<String, Object> l = lines.subList(45, lines.size()).stream().filter(x -> "WIN".equals(x.get("type")))
                    .findFirst().orElseThrow();
            l.put("type", "JACKPOT_WIN");
            differences.put("TYPE_MISMATCH", 1);
        }
        // DUPLICATE: one line twice
        lines.add(60, new LinkedHashMap<>(lines.get(59)));
        differences.put("DUPLICATE", 1);
        // MISSING_PROVIDER: one transaction left out of the statement
        lines.remove(100);
        differences.put("MISSING_PROVIDER", 1);
        // MISSING_INTERNAL: one the provider has and Clearhouse never received (large: a write-off needs FINANCE)
        Map<String, Object> unknown = new LinkedHashMap<>(lines.get(5));
        unknown.put("providerTxId", runTag + "-never-sent");
        unknown.put("type", "WIN");
        unknown.put("amount", "JPY".equals(unknown.get("currency")) || "KRW".equals(unknown.get("currency"))
                ? "250000" : "2500.00");
        lines.add(unknown);
        differences.put("MISSING_INTERNAL", 1);
        return lines;
    }

    private static byte[] csv(List<Map<String, Object>> lines) {
        StringBuilder sb = new StringBuilder("providerTxId,type,amount,currency,occurredAt\r\n");
        for (Map<String, Object> l : lines) {
            sb.append(l.get("providerTxId")).append(',').append(l.get("type")).append(',').append(l.get("amount"))
                    .append(',').append(l.get("currency")).append(',').append(l.get("occurredAt")).append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] jsonLines(List<Map<String, Object>> lines) {
        StringBuilder sb = new StringBuilder();
        for (Map<String, Object> l : lines) {
            sb.append(gateway.json().writeValueAsString(l)).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private JsonNode awaitRun(long runId, Instant deadline) throws IOException, InterruptedException {
        while (Instant.now().isBefore(deadline)) {
            GatewayClient.Answer a = gateway.get("/v1/reconciliation/runs/" + runId, GatewayClient.Role.OPERATOR);
            if (a.status() == 200) {
                String status = a.body().get("run").get("status").asString();
                if ("COMPLETED".equals(status)) {
                    return a.body();
                }
                if ("FAILED".equals(status)) {
                    out.line("  run " + runId + " failed: " + a.body().get("run").path("failure").asString());
                    return null;
                }
            }
            TimeUnit.MILLISECONDS.sleep(300);
        }
        return null;
    }

    private void printBreaks(Map<String, JsonNode> results, Map<String, Map<String, Integer>> injected) {
        out.line("");
        out.line("Breaks found by class (injected in brackets):");
        StringBuilder header = new StringBuilder(String.format("%-16s", "provider"));
        for (String c : CLASSES) {
            header.append(String.format(" %9s", abbreviation(c)));
        }
        out.line(header.toString());
        boolean extraMissing = false;
        for (Map.Entry<String, JsonNode> r : results.entrySet()) {
            StringBuilder row = new StringBuilder(String.format("%-16s", r.getKey()));
            JsonNode counts = r.getValue().get("counts");
            for (String c : CLASSES) {
                long found = counts.path(c).asLong(0);
                Integer expected = injected.get(r.getKey()).get(c);
                String cell = "MATCHED".equals(c) ? String.valueOf(found)
                        : found + "[" + (expected == null ? 0 : expected) + "]";
                row.append(String.format(" %9s", cell));
                if ("MISSING_PROVIDER".equals(c) && expected != null && found > expected) {
                    extraMissing = true;
                }
            }
            out.line(row.toString());
        }
        out.line("(AMT amount, CCY currency, TYP type, TIM timing/cut-off, M-INT missing internally,"
                + " M-PRV missing in the statement, DUP duplicate line)");
        if (extraMissing) {
            out.line("Note: extra MISSING_PROVIDER breaks are transactions of earlier demo runs on this stack for the"
                    + " same day (./clearhouse reset starts afresh).");
        }
    }

    private static String abbreviation(String c) {
        return switch (c) {
            case "AMOUNT_MISMATCH" -> "AMT";
            case "CURRENCY_MISMATCH" -> "CCY";
            case "TYPE_MISMATCH" -> "TYP";
            case "TIMING" -> "TIM";
            case "MISSING_INTERNAL" -> "M-INT";
            case "MISSING_PROVIDER" -> "M-PRV";
            case "DUPLICATE" -> "DUP";
            default -> c;
        };
    }

    /** An operator works through part of one provider's breaks. */
    private void resolveSome(String provider, long statementId) throws IOException, InterruptedException {
        out.line("");
        out.line("An operator works on " + provider + "'s breaks:");
        JsonNode amount = firstException(statementId, "AMOUNT_MISMATCH");
        if (amount != null) {
            long id = amount.get("id").asLong();
            gateway.postJson("/v1/reconciliation/exceptions/" + id + "/assign", Map.of("assignee", "demo-operator"),
                    GatewayClient.Role.OPERATOR);
            GatewayClient.Answer a = gateway.postJson("/v1/reconciliation/exceptions/" + id + "/resolve",
                    Map.of("resolution", "ACCEPT_PROVIDER", "note", "provider's figure confirmed"),
                    GatewayClient.Role.OPERATOR);
            out.line(String.format("  #%d %s on %s: ACCEPT_PROVIDER -> %s, adjustment %s posted through ingest", id,
                    "AMOUNT_MISMATCH", amount.get("providerTxId").asString(), status(a),
                    a.body() == null ? "?" : a.body().path("adjustmentTxId").asString()));
            if (a.body() != null && a.body().path("adjustmentTxId").isString()) {
                awaitAdjustment(provider, a.body().get("adjustmentTxId").asString());
            }
        }
        JsonNode duplicate = firstException(statementId, "DUPLICATE");
        if (duplicate != null) {
            long id = duplicate.get("id").asLong();
            gateway.postJson("/v1/reconciliation/exceptions/" + id + "/comments",
                    Map.of("text", "the provider's export repeats the line"), GatewayClient.Role.OPERATOR);
            GatewayClient.Answer a = gateway.postJson("/v1/reconciliation/exceptions/" + id + "/resolve",
                    Map.of("resolution", "ACCEPT_INTERNAL", "note", "our record is right"), GatewayClient.Role.OPERATOR);
            out.line(String.format("  #%d DUPLICATE on %s: ACCEPT_INTERNAL -> %s", id,
                    duplicate.get("providerTxId").asString(), status(a)));
        }
        JsonNode unknown = firstException(statementId, "MISSING_INTERNAL");
        if (unknown != null) {
            long id = unknown.get("id").asLong();
            GatewayClient.Answer a = gateway.postJson("/v1/reconciliation/exceptions/" + id + "/resolve",
                    Map.of("resolution", "WRITE_OFF", "note", "unknown to us; not worth chasing"),
                    GatewayClient.Role.OPERATOR);
            out.line(String.format("  #%d MISSING_INTERNAL of %,d minor units: WRITE_OFF -> %s", id,
                    unknown.get("amountMinor").asLong(), status(a)));
            if (a.body() != null && "PENDING_APPROVAL".equals(a.body().path("status").asString())) {
                GatewayClient.Answer approved = gateway.postJson("/v1/reconciliation/exceptions/" + id + "/approval",
                        Map.of("approved", true, "note", "approved"), GatewayClient.Role.FINANCE);
                out.line("     FINANCE approves the write-off -> " + status(approved));
            }
        }
    }

    private void awaitAdjustment(String provider, String adjustmentTxId) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        String last = "not yet seen";
        while (Instant.now().isBefore(deadline)) {
            GatewayClient.Answer a = gateway.get("/v1/transactions/" + adjustmentTxId + "?providerId=" + provider,
                    GatewayClient.Role.OPERATOR);
            if (a.status() == 200 && a.body() != null) {
                last = a.body().path("status").asString(a.body().toString());
                if (!"PENDING".equals(last)) {
                    break;
                }
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        out.line("     ingest's status of " + adjustmentTxId + ": " + last);
    }

    private JsonNode firstException(long statementId, String breakClass) throws IOException, InterruptedException {
        GatewayClient.Answer a = gateway.get("/v1/reconciliation/exceptions?statementId=" + statementId + "&class="
                + breakClass + "&status=OPEN&size=1&sort=amount,desc", GatewayClient.Role.OPERATOR);
        if (a.status() != 200 || a.body() == null || a.body().get("items").isEmpty()) {
            return null;
        }
        return a.body().get("items").get(0);
    }

    private void printQueue(Map<String, JsonNode> results) throws IOException, InterruptedException {
        out.line("");
        out.line("Exception queue by resolution state:");
        out.line(String.format("%-16s %6s %17s %9s", "provider", "OPEN", "PENDING_APPROVAL", "RESOLVED"));
        for (Map.Entry<String, JsonNode> r : results.entrySet()) {
            long statementId = r.getValue().get("run").get("statementId").asLong();
            StringBuilder row = new StringBuilder(String.format("%-16s", r.getKey()));
            int[] widths = {6, 17, 9};
            String[] states = {"OPEN", "PENDING_APPROVAL", "RESOLVED"};
            for (int i = 0; i < states.length; i++) {
                GatewayClient.Answer a = gateway.get("/v1/reconciliation/exceptions?statementId=" + statementId
                        + "&status=" + states[i] + "&size=1", GatewayClient.Role.OPERATOR);
                String n = a.status() == 200 && a.body() != null ? a.body().get("total").asString() : "?";
                row.append(String.format(" %" + widths[i] + "s", n));
            }
            out.line(row.toString());
        }
    }

    private static String status(GatewayClient.Answer a) {
        if (a.status() / 100 == 2 && a.body() != null) {
            return a.body().path("status").asString();
        }
        return "HTTP " + a.status() + (a.body() == null ? "" : " " + a.body().path("detail").asString());
    }
}
