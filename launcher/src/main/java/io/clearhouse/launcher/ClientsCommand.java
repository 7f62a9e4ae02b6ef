package io.clearhouse.launcher;

import io.clearhouse.launcher.demo.GatewayClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * {@code ./clearhouse clients create|list|disable|rotate-secret}: API client administration through
 * the running gateway's ADMIN API, as the bootstrap ADMIN whose credentials the gateway wrote to
 * {@code <data dir>/admin-client.properties}.
 * <pre>
 *   clients create &lt;client-id&gt; --role PROVIDER|OPERATOR|FINANCE|AUDITOR|ADMIN [--provider &lt;id&gt;]
 *                  [--cidr &lt;cidr&gt;]... [--rate &lt;per-second&gt;] [--burst &lt;n&gt;] [--reason &lt;text&gt;]
 *   clients list
 *   clients disable &lt;client-id&gt; [--reason &lt;text&gt;]
 *   clients rotate-secret &lt;client-id&gt; [--reason &lt;text&gt;]
 * </pre>
 * Secrets are printed once, on create and rotate-secret, and kept nowhere by this command.
 */
final class ClientsCommand {

    private ClientsCommand() {
    }

    static int run(StackConfig config, List<String> args, Console out) throws Exception {
        if (args.isEmpty()) {
            return usage(out);
        }
        if (Stack.runningPid(config).isEmpty() || !Health.ready(config, "gateway")) {
            out.line("The gateway is not running: start the stack with ./clearhouse up first.");
            return 2;
        }
        GatewayClient gateway = GatewayClient.forStack(config, "cli-");
        String command = args.get(0);
        Map<String, List<String>> options = options(args.subList(1, args.size()));
        String id = options.containsKey("") ? options.get("").get(0) : null;
        GatewayClient.Answer answer;
        switch (command) {
            case "list" -> {
                answer = gateway.get("/v1/admin/clients", GatewayClient.Role.ADMIN);
                if (answer.status() == 200) {
                    out.line(String.format("%-28s %-9s %-16s %-8s %s", "CLIENT", "ROLE", "PROVIDER", "ENABLED",
                            "ALLOWED FROM"));
                    for (JsonNode c : answer.body()) {
                        out.line(String.format("%-28s %-9s %-16s %-8s %s", c.get("clientId").asString(),
                                c.get("role").asString(), c.path("providerId").asString(""),
                                c.get("enabled").asBoolean() ? "yes" : "no",
                                c.get("allowedCidrs").isEmpty() ? "anywhere" : c.get("allowedCidrs").toString()));
                    }
                    return 0;
                }
            }
            case "create" -> {
                if (id == null || !options.containsKey("role")) {
                    return usage(out);
                }
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("clientId", id);
                body.put("role", first(options, "role").toUpperCase());
                body.put("providerId", first(options, "provider"));
                body.put("allowedCidrs", options.getOrDefault("cidr", List.of()));
                body.put("ratePerSecond", first(options, "rate") == null ? null : Integer.valueOf(first(options, "rate")));
                body.put("burst", first(options, "burst") == null ? null : Integer.valueOf(first(options, "burst")));
                body.put("reason", first(options, "reason"));
                answer = gateway.postJson("/v1/admin/clients", body, GatewayClient.Role.ADMIN);
                if (answer.status() == 201) {
                    printSecrets(answer.body(), out);
                    return 0;
                }
            }
            case "disable" -> {
                if (id == null) {
                    return usage(out);
                }
                answer = gateway.postJson("/v1/admin/clients/" + id + "/disable",
                        reason(options), GatewayClient.Role.ADMIN);
                if (answer.status() == 200) {
                    out.line("Disabled " + id + ": its tokens stop working within seconds.");
                    return 0;
                }
            }
            case "rotate-secret" -> {
                if (id == null) {
                    return usage(out);
                }
                answer = gateway.postJson("/v1/admin/clients/" + id + "/rotate-secret",
                        reason(options), GatewayClient.Role.ADMIN);
                if (answer.status() == 200) {
                    printSecrets(answer.body(), out);
                    return 0;
                }
            }
            default -> {
                return usage(out);
            }
        }
        out.line("Refused: HTTP " + answer.status() + " " + (answer.body() == null ? "" : answer.body().toString()));
        return 1;
    }

    static Map<String, Object> reason(Map<String, List<String>> options) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reason", first(options, "reason"));
        return body;
    }

    private static void printSecrets(JsonNode issued, Console out) {
        out.line("client_id       " + issued.get("clientId").asString());
        out.line("client_secret   " + issued.get("clientSecret").asString());
        if (issued.path("signingSecret").isString()) {
            out.line("signing_secret  " + issued.get("signingSecret").asString());
        }
        out.line("These secrets are shown once: store them now.");
    }

    /** Positional arguments under "", options by name without the dashes (repeatable). */
    static Map<String, List<String>> options(List<String> args) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("--") && i + 1 < args.size()) {
                m.computeIfAbsent(a.substring(2), k -> new ArrayList<>()).add(args.get(++i));
            } else {
                m.computeIfAbsent("", k -> new ArrayList<>()).add(a);
            }
        }
        return m;
    }

    static String first(Map<String, List<String>> options, String name) {
        List<String> v = options.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static int usage(Console out) {
        out.line("usage: ./clearhouse clients create <client-id> --role <ROLE> [--provider <id>] [--cidr <cidr>]..."
                + " [--rate <n>] [--burst <n>] [--reason <text>]");
        out.line("       ./clearhouse clients list | disable <client-id> | rotate-secret <client-id> [--reason <text>]");
        return 1;
    }
}
