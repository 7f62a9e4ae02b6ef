package io.clearhouse.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts that do not finish leave nothing behind: the real PostgreSQL and Kafka start, then a
 * service cannot (its jar is not a jar), or the stack is stopped while it is still starting.
 */
class StackStartFailureIT {

    private static final Path REAL_KAFKA_LIBS = Path.of(System.getProperty("clearhouse.home", ".."))
            .resolve("launcher/target/kafka-libs");

    @TempDir
    Path dir;

    @Test
    void aServiceThatCannotStartAfterPostgresAndKafkaStartedLeavesNoProcessBehind() throws Exception {
        FakeHome fake = FakeHome.create(dir, REAL_KAFKA_LIBS);
        Set<Long> before = descendants();

        assertThatThrownBy(() -> Stack.start(fake.config, fake.console))
                .isInstanceOf(IOException.class)
                // its migrate-only run comes first (as the owner), and exits at once on a "jar" that is none
                .hasMessageContaining("ingest migrations failed");

        assertThat(fake.printed()).contains("starting PostgreSQL", "starting Kafka", "starting ingest-service",
                "stopping what was started");
        assertNothingLeft(fake, before);
    }

    @Test
    void aStopDuringTheStartStopsWhatHadStartedAndTheStart() throws Exception {
        FakeHome fake = FakeHome.create(dir, REAL_KAFKA_LIBS);
        Set<Long> before = descendants();
        Stack stack = Stack.claim(fake.config, fake.console);
        CompletableFuture<Void> start = CompletableFuture.runAsync(() -> {
            try {
                stack.boot();
            } catch (Exception expected) {
                // the stop ends the start
            }
        });
        // as ./clearhouse down (SIGTERM, the shutdown hook) while PostgreSQL and the broker launched before
        // it are starting (the broker takes seconds to bind its port; the stop waits for PostgreSQL's start)
        await("PostgreSQL starting").atMost(Duration.ofSeconds(120))
                .until(() -> fake.printed().contains("starting PostgreSQL"));
        stack.close();

        start.get(90, TimeUnit.SECONDS);
        assertThat(fake.printed()).contains("starting Kafka", "Start interrupted")
                .doesNotContain("starting ingest-service");
        assertNothingLeft(fake, before);
    }

    private static void assertNothingLeft(FakeHome fake, Set<Long> before) throws Exception {
        List<ProcessHandle> left = ProcessHandle.current().descendants()
                .filter(p -> !before.contains(p.pid())).filter(ProcessHandle::isAlive).toList();
        assertThat(left).as("processes left behind").extracting(p -> p.info().commandLine().orElse("?"))
                .isEmpty();
        assertThat(Stack.portFree(fake.config.postgresPort())).as("PostgreSQL stopped").isTrue();
        assertThat(Stack.portFree(fake.config.kafkaPort())).as("Kafka stopped").isTrue();
        assertThat(fake.config.pidFile()).doesNotExist();
        // the data directory is free for the next start
        DataDirLock.tryAcquire(fake.config.dataDir()).orElseThrow().close();
    }

    private static Set<Long> descendants() {
        return ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

}
