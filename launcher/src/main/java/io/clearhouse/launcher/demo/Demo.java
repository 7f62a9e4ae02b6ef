package io.clearhouse.launcher.demo;

import io.clearhouse.launcher.Console;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A simulated day of several providers driven end to end through the running system over HTTP,
 * one {@link DemoStep} after another, each printing what it found.
 */
public final class Demo {

    private final GatewayClient gateway;
    private final Console out;

    /** The gateway client's data directory holds the bootstrap ADMIN's credentials, with which the demo creates its clients. */
    public Demo(GatewayClient gateway, Console out) {
        this.gateway = gateway;
        this.out = out;
    }

    /** The steps in order. Later capabilities add theirs here. */
    static List<DemoStep> steps() {
        return List.of(new ProviderSettingsStep(), new IngestDayStep(), new ReconciliationStep(), new SettlementStep(),
                new ReportsStep(), new AuditVerifyStep(), new ConsoleUsersStep());
    }

    public boolean run() throws Exception {
        // a day whose every provider's cut-off + grace has passed, so that settlement's scheduler closes it
        // by itself: yesterday (UTC), or the day before in the first hours after midnight UTC (the demo
        // contracts' latest is atlas-gaming's, UTC midnight + 60 minutes of grace)
        java.time.ZonedDateTime now = java.time.ZonedDateTime.now(ZoneOffset.UTC);
        LocalDate day = now.toLocalDate().minusDays(now.getHour() < 2 ? 2 : 1);
        DemoContext context = new DemoContext(gateway, out, day, Long.toString(Instant.now().getEpochSecond(), 36));
        List<DemoStep> steps = steps();
        for (int i = 0; i < steps.size(); i++) {
            DemoStep step = steps.get(i);
            out.line("");
            out.line("== " + (i + 1) + "/" + steps.size() + " " + step.title());
            if (!step.run(context)) {
                out.line("Demo stopped: step '" + step.title() + "' did not complete.");
                return false;
            }
        }
        return true;
    }
}
