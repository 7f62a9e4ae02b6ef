package io.clearhouse.launcher;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./clearhouse audit verify}: asks ingest to recompute its audit chain and every batch's
 * Merkle root from the rows, and prints the verdict (exit 0 intact, 1 broken, 2 unreachable).
 * It calls ingest directly on loopback as an AUDITOR of this machine (the stack binds services to
 * 127.0.0.1 only; whoever runs the CLI here already holds the stack's data directory), so it needs no
 * API client or token.
 */
final class AuditCommand {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AuditCommand() {
    }

    static int run(StackConfig config, List<String> args, Console out) throws Exception {
        if (args.isEmpty() || !"verify".equals(args.get(0))) {
            out.line("usage: ./clearhouse audit verify");
            return 1;
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(config.serviceUrl("ingest") + "/v1/audit/verify"))
                .header("X-Clearhouse-Actor", "clearhouse-cli")
                .header("X-Clearhouse-Roles", "AUDITOR")
                .timeout(Duration.ofMinutes(10)).GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            out.line("Ingest is not reachable at " + config.serviceUrl("ingest") + ": is the stack up? (./clearhouse status)");
            return 2;
        }
        if (response.statusCode() != 200) {
            out.line("Audit verification failed: HTTP " + response.statusCode() + " " + response.body());
            return 2;
        }
        JsonNode v = JSON.readTree(response.body());
        return print(v, out);
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
