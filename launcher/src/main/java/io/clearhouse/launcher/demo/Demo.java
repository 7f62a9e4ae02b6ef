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
        return List.of(new ProviderSettingsStep(), new IngestDayStep(), new ReconciliationStep(), new SettlementStep(), new AuditVerifyStep());
    }

    public boolean run() throws Exception {
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(1);
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
