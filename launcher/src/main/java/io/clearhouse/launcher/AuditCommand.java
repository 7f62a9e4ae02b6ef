package io.clearhouse.launcher;

import io.clearhouse.launcher.demo.GatewayClient;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * {@code ./clearhouse audit verify}: asks ingest, through the gateway as an AUDITOR, to recompute its
 * audit chain and every batch's Merkle root from the rows and to check them against the signed daily
 * heads published on {@code audit.heads.v1}, and prints the verdict, naming any day whose signed head
 * the log no longer matches (exit 0 intact, 1 broken, 2 unreachable or refused). It also checks that
 * ingest verifies with the stack's own public key ({@code <data dir>/audit/audit-head.pub}), not another. The AUDITOR is an API client ({@code cli-auditor}) that the
 * command creates on first use with the bootstrap ADMIN's credentials from the data directory, so the
 * gateway's access log and ingest's audit trail name it like any other caller.
 */
final class AuditCommand {

    private AuditCommand() {
    }

    static int run(StackConfig config, List<String> args, Console out) throws Exception {
        if (args.isEmpty() || !"verify".equals(args.get(0))) {
            out.line("usage: ./clearhouse audit verify");
            return 1;
        }
        if (Stack.runningPid(config).isEmpty() || !Health.ready(config, "gateway")) {
            out.line("The gateway is not running at " + config.serviceUrl("gateway")
                    + ": start the stack with ./clearhouse up first (./clearhouse status).");
            return 2;
        }
        GatewayClient.Answer answer = GatewayClient.forStack(config, "cli-")
                .get("/v1/audit/verify", GatewayClient.Role.AUDITOR);
        if (answer.status() != 200 || answer.body() == null) {
            out.line("Audit verification failed: HTTP " + answer.status() + " " + answer.body());
            return 2;
        }
        int verdict = print(answer.body(), out);
        java.nio.file.Path localKey = AuditHeadKeys.publicKey(config);
        if (java.nio.file.Files.exists(localKey)) {
            GatewayClient.Answer key = GatewayClient.forStack(config, "cli-")
                    .get("/v1/audit/public-key", GatewayClient.Role.AUDITOR);
            String expected = io.clearhouse.common.audit.AuditSigning.keyId(
                    io.clearhouse.common.audit.AuditSigning.readPublic(localKey));
            String served = key.status() == 200 && key.body() != null ? key.body().path("keyId").asString("") : "";
            if (!expected.equals(served)) {
                out.line("AUDIT KEY MISMATCH: ingest verifies heads with key '" + served + "', the stack's key "
                        + localKey + " is " + expected);
                return 1;
            }
        }
        return verdict;
    }

    /** Prints a verdict of {@code GET /v1/audit/verify}; returns 0 when intact, 1 otherwise. */
    static int print(JsonNode v, Console out) {
        String head = v.path("headHash").asString("");
        out.line(String.format("ingest audit chain: %d entries, %d batches, %d transactions recomputed; head %s",
                v.path("entriesChecked").asLong(), v.path("batchesChecked").asLong(),
                v.path("transactionsChecked").asLong(), head.length() > 16 ? head.substring(0, 16) + "..." : head));
        printAnchoring(v, out);
        if (v.path("intact").asBoolean()) {
            out.line("Chain intact: every entry and every batch's Merkle root match the rows"
                    + (v.path("anchored").asBoolean() ? ", and every signed day matches its published head." : "."));
            return 0;
        }
        JsonNode b = v.path("firstBroken");
        if (b.isObject()) {
            out.line("CHAIN BROKEN at " + (b.has("seq") ? "entry " + b.get("seq").asLong() + " " : "")
                    + (b.has("entityId") ? "(" + b.get("entityId").asString() + ")" : "") + ": "
                    + b.path("reason").asString(""));
        }
        for (JsonNode d : v.path("mismatchedDays")) {
            out.line("DAY " + d.path("day").asString("?") + " DOES NOT MATCH ITS SIGNED HEAD: " + d.path("reason").asString(""));
        }
        if (!v.path("headsError").isMissingNode() && !v.path("headsError").isNull()) {
            out.line("Signed heads unavailable: " + v.path("headsError").asString(""));
        }
        return 1;
    }

    private static void printAnchoring(JsonNode v, Console out) {
        if (v.path("headsChecked").isMissingNode()) {
            return;
        }
        String through = v.path("anchoredThrough").isNull() || v.path("anchoredThrough").isMissingNode() ? "no day yet"
                : "through " + v.path("anchoredThrough").asString();
        out.line(String.format("signed daily heads: %d checked, anchored %s; %d entries since (signed after their UTC day ends)",
                v.path("headsChecked").asLong(), through, v.path("unanchoredEntries").asLong()));
    }
}
