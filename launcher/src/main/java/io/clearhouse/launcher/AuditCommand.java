package io.clearhouse.launcher;

import io.clearhouse.launcher.demo.GatewayClient;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * {@code ./clearhouse audit verify}: asks ingest, through the gateway as an AUDITOR, to recompute its
 * audit chain and every batch's Merkle root from the rows, and prints the verdict (exit 0 intact,
 * 1 broken, 2 unreachable or refused). The AUDITOR is an API client ({@code cli-auditor}) that the
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
        return print(answer.body(), out);
    }

    /** Prints a verdict of {@code GET /v1/audit/verify}; returns 0 when intact, 1 otherwise. */
    static int print(JsonNode v, Console out) {
        String head = v.path("headHash").asString("");
        out.line(String.format("ingest audit chain: %d entries, %d batches, %d transactions recomputed; head %s",
                v.path("entriesChecked").asLong(), v.path("batchesChecked").asLong(),
                v.path("transactionsChecked").asLong(), head.length() > 16 ? head.substring(0, 16) + "..." : head));
        if (v.path("intact").asBoolean()) {
            out.line("Chain intact: every entry and every batch's Merkle root match the rows.");
            return 0;
        }
        JsonNode b = v.path("firstBroken");
        out.line("CHAIN BROKEN at " + (b.has("seq") ? "entry " + b.get("seq").asLong() + " " : "")
                + (b.has("entityId") ? "(" + b.get("entityId").asString() + ")" : "") + ": "
                + b.path("reason").asString(""));
        return 1;
    }
}
