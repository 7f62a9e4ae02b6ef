package io.clearhouse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.launcher.chaos.ChaosReport;
import io.clearhouse.launcher.chaos.ChaosRun;
import io.clearhouse.launcher.demo.GatewayClient;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The short chaos run of {@code ./clearhouse chaos} against the real stack: a known workload of four
 * providers (batches, singles, resends, conflicts, rollbacks, late transactions, retries after no
 * answer) while ingest and settlement are killed with SIGKILL, the broker restarts and PostgreSQL is
 * stopped for 10 s and frozen for 3 s. The supervisor brings back what was killed while the others
 * keep their processes, and nothing accepted is lost or doubled on the way to settlement's figures.
 */
@Order(1)
class ChaosIT {

    private static Stack stack;

    @BeforeAll
    static void start() {
        stack = RunningStack.get();
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES) // faults wait for recovery: a loaded 2-core machine restarts slowly
    void underKilledServicesABrokerRestartAndADatabaseOutageNothingAcceptedIsLostOrDoubled() throws Exception {
        Console console = new Console(new PrintStream(System.out, true));
        ChaosReport report = new ChaosRun(stack, GatewayClient.forStack(stack.config(), "chaos-"), console)
                .run(ChaosRun.Options.brief(11));
        report.lines().forEach(console::line);

        String table = String.join("\n", report.lines());
        assertThat(report.lost()).as(table).isZero();
        assertThat(report.duplicated()).as(table).isZero();
        assertThat(report.accepted()).as(table).isPositive();
        assertThat(report.recorded()).as(table).isEqualTo(report.accepted());
        assertThat(report.counted()).as(table).isEqualTo(report.accepted());
        assertThat(report.settledFiguresHash()).as(table).isEqualTo(report.expectedFiguresHash());
        assertThat(report.auditIntact()).as(table).isTrue();
        // the killed services came back; the others never stopped
        assertThat(report.restarts()).as(table).containsEntry("gateway", 0).containsEntry("reconciliation", 0)
                .containsEntry("reporting", 0);
        assertThat(report.restarts().get("ingest")).as(table).isEqualTo(1);
        assertThat(report.restarts().get("settlement")).as(table).isEqualTo(1);
        assertThat(report.faultNotes()).as(table).allMatch(n -> n.contains("recovered")
                && n.contains("other services kept their processes"));
        assertThat(report.pass()).as(table).isTrue();
        for (String service : StackConfig.SERVICES) {
            assertThat(Health.ready(stack.config(), service)).as(service + " ready after the run").isTrue();
        }
    }
}
