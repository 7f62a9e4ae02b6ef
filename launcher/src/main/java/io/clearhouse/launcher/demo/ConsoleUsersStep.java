package io.clearhouse.launcher.demo;

import io.clearhouse.launcher.ConsoleUsers;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The end of the demo: the people who would work this day in the console. A FINANCE maker and a FINANCE
 * checker (maker-checker needs two people) and an OPERATOR, created through the ADMIN API the first time,
 * their password and TOTP secret kept owner-only in the data directory like the ADMIN's credentials.
 */
final class ConsoleUsersStep implements DemoStep {

    /** The demo's people and their roles, in the order printed. */
    static final Map<String, String> PEOPLE = new LinkedHashMap<>();

    static {
        PEOPLE.put("finance.maker", "FINANCE");
        PEOPLE.put("finance.checker", "FINANCE");
        PEOPLE.put("ops.operator", "OPERATOR");
    }

    @Override
    public String title() {
        return "People who work the day in the console";
    }

    @Override
    public boolean run(DemoContext context) throws Exception {
        Map<String, ConsoleUsers.Kept> people = ConsoleUsers.ensure(context.gateway(), PEOPLE, "demo console user");
        String url = context.gateway().baseUrl() + "/console/";
        context.out().line("Console: " + url);
        for (ConsoleUsers.Kept p : people.values()) {
            context.out().line(String.format("  %-16s %s", p.userId(), p.role()));
        }
        context.out().line("Their passwords and TOTP secrets are kept owner-only in "
                + context.gateway().dataDir().resolve(ConsoleUsers.FILE) + " (never printed).");
        context.out().line("Sign in with ./clearhouse users code <user>: it prints the password and the one-time code of"
                + " the moment (or add the TOTP secret to an authenticator app).");
        context.out().line("./clearhouse demo --keep (or ./clearhouse up afterwards) keeps the console running.");
        return true;
    }
}
