package io.clearhouse.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervisor with real operating-system processes (a {@code sleep} stands in for a service):
 * SIGKILL of one brings it back while the other keeps its process, and a service that keeps crashing
 * is given up on once, with the reason said.
 */
class ServiceSupervisorTest {

    private static final ServiceSupervisor.Policy FAST = new ServiceSupervisor.Policy(3, Duration.ofSeconds(60),
            Duration.ofMillis(50), Duration.ofMillis(400), Duration.ofSeconds(10));

    @TempDir
    Path dir;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final Console console = new Console(new PrintStream(printed, true, StandardCharsets.UTF_8));
    private final AtomicInteger gaveUp = new AtomicInteger();
    private ServiceSupervisor supervisor;
    private ServiceSupervisor.Supervised sleeper;
    private ServiceSupervisor.Supervised other;

    @AfterEach
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {supervisor, sleeper, other}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // best effort
                }
            }
        }
    }

    @Test
    void aServiceKilledWithSigkillIsStartedAgainWhileTheOthersKeepTheirProcess() throws Exception {
        supervisor = new ServiceSupervisor(FAST, dir, console, gaveUp::incrementAndGet);
        sleeper = supervisor.add("ingest", () -> start("ingest", "exec sleep 600"), () -> true);
        other = supervisor.add("settlement", () -> start("settlement", "exec sleep 600"), () -> true);
        supervisor.watch();
        long ingestPid = sleeper.process().pid();
        long settlementPid = other.process().pid();

        sleeper.process().kill();

        await("ingest restarted").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            ServiceSupervisor.Snapshot s = snapshot("ingest");
            assertThat(s.state()).isEqualTo(ServiceSupervisor.State.RUNNING);
            assertThat(s.restarts()).isEqualTo(1);
            assertThat(s.pid()).isNotNull().isNotEqualTo(ingestPid);
        });
        assertThat(snapshot("ingest").lastExitCode()).isEqualTo(137);
        assertThat(other.process().pid()).isEqualTo(settlementPid);
        assertThat(other.process().isAlive()).isTrue();
        assertThat(snapshot("settlement").restarts()).isZero();
        assertThat(gaveUp).hasValue(0);
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("ingest-service exited with code 137 (signal 9); restarting it in",
                        "ingest-service is ready again");
        assertThat(Files.readString(dir.resolve("logs/supervisor.log"))).contains("ingest-service exited with code 137");
        assertThat(Files.readString(dir.resolve("logs/ingest.log"))).contains("[clearhouse-supervisor]");
        Properties status = load(dir.resolve("supervisor.status"));
        assertThat(status.getProperty("ingest.state")).isEqualTo("RUNNING");
        assertThat(status.getProperty("ingest.restarts")).isEqualTo("1");
        assertThat(status.getProperty("ingest.lastExit")).startsWith("137 (signal 9) at ");
        assertThat(ServiceSupervisor.describe(status, "ingest")).startsWith("running, pid ")
                .contains("restarts 1, last exit 137 (signal 9) at ");
    }

    @Test
    void aServiceThatKeepsCrashingIsGivenUpOnceWithAClearMessageAndNotStartedAgain() throws Exception {
        AtomicInteger starts = new AtomicInteger();
        supervisor = new ServiceSupervisor(FAST, dir, console, gaveUp::incrementAndGet);
        other = supervisor.add("settlement", () -> start("settlement", "exec sleep 600"), () -> true);
        sleeper = supervisor.add("ingest", () -> {
            starts.incrementAndGet();
            return start("ingest", "sleep 0.3; exit 3");
        }, () -> false);
        supervisor.watch();

        await("the supervisor gives up").atMost(Duration.ofSeconds(60)).until(() -> gaveUp.get() == 1);

        assertThat(snapshot("ingest").state()).isEqualTo(ServiceSupervisor.State.GAVE_UP);
        // three crashes allowed in the window: the first start and two restarts
        assertThat(starts).hasValue(3);
        assertThat(snapshot("ingest").lastExitCode()).isEqualTo(3);
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("ingest-service exited with code 3; it crashed 3 times within 60 s: giving up, stopping the stack");
        // nothing is started after giving up, and the action ran once
        await("no further start").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> {
                    assertThat(starts).hasValue(3);
                    assertThat(gaveUp).hasValue(1);
                });
    }

    @Test
    void theBackoffDoublesPerCrashInTheWindowUpToItsMaximum() {
        ServiceSupervisor.Policy p = new ServiceSupervisor.Policy(5, Duration.ofMinutes(10), Duration.ofSeconds(1),
                Duration.ofSeconds(30), Duration.ofSeconds(60));
        assertThat(List.of(1, 2, 3, 4, 5, 6, 40).stream().map(p::backoff).map(Duration::toSeconds).toList())
                .containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L);
    }

    private ServiceSupervisor.Snapshot snapshot(String name) {
        return supervisor.snapshot().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    private ChildProcess start(String name, String shell) throws java.io.IOException {
        return ChildProcess.start(name, List.of("sh", "-c", shell), Map.of(),
                dir.resolve("logs").resolve(name + ".log"), dir);
    }

    private static Properties load(Path file) throws Exception {
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return p;
    }
}
