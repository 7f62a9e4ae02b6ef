package io.clearhouse.launcher;

import io.clearhouse.launcher.demo.GatewayClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * {@code ./clearhouse users create|list|disable|reset|code}: the people who sign in to the console, through
 * the running gateway's ADMIN API as the bootstrap ADMIN (like {@link ClientsCommand}).
 * <pre>
 *   users create &lt;name&gt; --role OPERATOR|FINANCE|AUDITOR|ADMIN|PROVIDER [--provider &lt;id&gt;] [--reason &lt;text&gt;]
 *   users list
 *   users disable &lt;name&gt; [--reason &lt;text&gt;]
 *   users reset &lt;name&gt; [--reason &lt;text&gt;]      new password and TOTP secret (lost phone, forgotten password)
 *   users code &lt;name&gt;                           a demo user's password and the one-time code of the moment
 * </pre>
 * A password and TOTP secret are printed once, on create and reset, and kept nowhere by this command.
 */
final class UsersCommand {

    private UsersCommand() {
    }

    static int run(StackConfig config, List<String> args, Console out) throws Exception {
        if (args.isEmpty()) {
            return usage(out);
        }
        Map<String, List<String>> options = ClientsCommand.options(args.subList(1, args.size()));
        String name = options.containsKey("") ? options.get("").get(0) : null;
        if ("code".equals(args.get(0))) {
            if (name == null) {
                return usage(out);
            }
            Optional<ConsoleUsers.Kept> kept = ConsoleUsers.find(config.dataDir(), name);
            if (kept.isEmpty()) {
                out.line("No kept secrets for " + name + " in " + config.dataDir().resolve(ConsoleUsers.FILE)
                        + ": use the authenticator app the TOTP secret was added to.");
                return 1;
            }
            out.line("user      " + name);
            out.line("password  " + kept.get().password());
            out.line("code      " + ConsoleUsers.code(config.dataDir(), name).orElseThrow()
                    + "   (valid about 30 s, once; run this again for the next one)");
            return 0;
        }
        if (Stack.runningPid(config).isEmpty() || !Health.ready(config, "gateway")) {
            out.line("The gateway is not running: start the stack with ./clearhouse up first.");
            return 2;
        }
        GatewayClient gateway = GatewayClient.forStack(config, "cli-");
        GatewayClient.Answer answer;
        switch (args.get(0)) {
            case "list" -> {
                answer = gateway.get("/v1/admin/users", GatewayClient.Role.ADMIN);
                if (answer.status() == 200) {
                    out.line(String.format("%-28s %-9s %-16s %s", "USER", "ROLE", "PROVIDER", "ENABLED"));
                    for (JsonNode u : answer.body()) {
                        out.line(String.format("%-28s %-9s %-16s %s", u.get("userId").asString(), u.get("role").asString(),
                                u.path("providerId").asString(""), u.get("enabled").asBoolean() ? "yes" : "no"));
                    }
                    return 0;
                }
            }
            case "create" -> {
                if (name == null || !options.containsKey("role")) {
                    return usage(out);
                }
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("userId", name);
                body.put("role", ClientsCommand.first(options, "role").toUpperCase(java.util.Locale.ROOT));
                body.put("providerId", ClientsCommand.first(options, "provider"));
                body.put("reason", ClientsCommand.first(options, "reason"));
                answer = gateway.postJson("/v1/admin/users", body, GatewayClient.Role.ADMIN);
                if (answer.status() == 201) {
                    printLogin(config, answer.body(), out);
                    return 0;
                }
            }
            case "disable" -> {
                if (name == null) {
                    return usage(out);
                }
                answer = gateway.postJson("/v1/admin/users/" + name + "/disable", ClientsCommand.reason(options),
                        GatewayClient.Role.ADMIN);
                if (answer.status() == 200) {
                    out.line("Disabled " + name + ": their console session ends within seconds.");
                    return 0;
                }
            }
            case "reset" -> {
                if (name == null) {
                    return usage(out);
                }
                answer = gateway.postJson("/v1/admin/users/" + name + "/reset", ClientsCommand.reason(options),
                        GatewayClient.Role.ADMIN);
                if (answer.status() == 200) {
                    printLogin(config, answer.body(), out);
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

    private static void printLogin(StackConfig config, JsonNode issued, Console out) {
        out.line("user         " + issued.get("userId").asString() + " (" + issued.get("role").asString() + ")");
        out.line("password     " + issued.get("password").asString());
        out.line("TOTP secret  " + issued.get("totpSecret").asString());
        out.line("TOTP URI     " + issued.get("otpauthUri").asString());
        out.line("Add the TOTP secret (or URI) to an authenticator app, then sign in at " + config.consoleUrl());
        out.line("The password and secret are shown once: hand them over now.");
    }

    private static int usage(Console out) {
        out.line("usage: ./clearhouse users create <name> --role <ROLE> [--provider <id>] [--reason <text>]");
        out.line("       ./clearhouse users list | disable <name> | reset <name> [--reason <text>] | code <name>");
        return 1;
    }
}
