package io.clearhouse.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Which parts run at the background priority, what the variable accepts, and that real processes are
 * lowered: every thread of a JVM, a server with its children, and what it starts later.
 */
class BackgroundPriorityTest {

    @Test
    void theVariableIsANiceValueFromZeroToNineteen() {
        assertThat(BackgroundPriority.nice(Map.<String, String>of()::get)).isEqualTo(BackgroundPriority.DEFAULT_NICE);
        assertThat(BackgroundPriority.nice(Map.of(BackgroundPriority.VARIABLE, " ")::get))
                .isEqualTo(BackgroundPriority.DEFAULT_NICE);
        assertThat(BackgroundPriority.nice(Map.of(BackgroundPriority.VARIABLE, "0")::get)).isZero();
        assertThat(BackgroundPriority.nice(Map.of(BackgroundPriority.VARIABLE, " 10 ")::get)).isEqualTo(10);
        assertThatThrownBy(() -> BackgroundPriority.nice(Map.of(BackgroundPriority.VARIABLE, "20")::get))
                .hasMessageContaining(BackgroundPriority.VARIABLE).hasMessageContaining("not 20");
        assertThatThrownBy(() -> BackgroundPriority.nice(Map.of(BackgroundPriority.VARIABLE, "-5")::get))
                .hasMessageContaining("not -5");
        assertThatThrownBy(() -> BackgroundPriority.nice(Map.of(BackgroundPriority.VARIABLE, "low")::get))
                .hasMessageContaining("'low'");
    }

    @Test
    void onlyTheServicesAfterThe202AreStartedBehindNice() {
        assumeTrue(ChildProcess.onPath("nice").isPresent(), "needs the nice command (coreutils)");
        assertThat(BackgroundPriority.commandPrefix("gateway", 19)).isEmpty();
        assertThat(BackgroundPriority.commandPrefix("ingest", 0)).isEmpty();
        for (String service : List.of("ingest", "settlement", "reconciliation", "reporting", StackConfig.CONSOLE)) {
            assertThat(BackgroundPriority.commandPrefix(service, 19)).endsWith("-n", "19")
                    .first().asString().endsWith("nice");
        }
    }

    @Test
    void aLoweredJvmRunsEveryThreadAtTheBackgroundPriority() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")) && Renice.COMMAND.isPresent(),
                "needs Linux and renice");
        Process jvm = new ProcessBuilder(ChildProcess.javaExecutable(), "-cp", System.getProperty("java.class.path"),
                StartupCompilerPriorityTest.Idle.class.getName()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> BackgroundPriority.threads(jvm.pid()).size() > 5);
            assumeTrue(nice(jvm.pid()).orElse(19) < 15, "the tests already run at nice 15 or lower");
            BackgroundPriority.lowerProcess(jvm.pid(), 15, false);
            List<Long> threads = BackgroundPriority.threads(jvm.pid());
            assertThat(threads).hasSizeGreaterThan(5);
            for (long thread : threads) {
                assertThat(niceOfThread(jvm.pid(), thread)).as("thread %d", thread).hasValue(15);
            }
        } finally {
            jvm.destroy();
            assertThat(jvm.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aLoweredServerWithItsChildrenAndWhatItStartsAfterwardsRunAtTheBackgroundPriority() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")) && Renice.COMMAND.isPresent(),
                "needs Linux and renice");
        // a shell with a child, that starts another once told to (a line on its input), as PostgreSQL forks backends
        Process shell = new ProcessBuilder("sh", "-c", "sleep 60 & echo $!; read line; sleep 60 & echo $!; wait")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(shell.getInputStream(), StandardCharsets.UTF_8));
        try {
            long before = pid(lines);
            assumeTrue(nice(shell.pid()).orElse(19) < 15, "the tests already run at nice 15 or lower");
            BackgroundPriority.lowerProcess(shell.pid(), 15, true);
            assertThat(nice(shell.pid())).hasValue(15);
            assertThat(nice(before)).hasValue(15);

            shell.getOutputStream().write("go\n".getBytes(StandardCharsets.UTF_8));
            shell.getOutputStream().flush();
            long after = pid(lines);
            assertThat(nice(after)).hasValue(15);
        } finally {
            shell.descendants().forEach(ProcessHandle::destroy);
            shell.destroy();
            assertThat(shell.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** The next process id the shell prints, waited for 10 s at most. */
    private static long pid(BufferedReader lines) throws Exception {
        return Long.parseLong(CompletableFuture.supplyAsync(() -> {
            try {
                return lines.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).get(10, TimeUnit.SECONDS).trim());
    }

    private static OptionalInt niceOfThread(long pid, long thread) throws Exception {
        return ProcStat.nice(Files.readString(Path.of("/proc/" + pid + "/task/" + thread + "/stat")));
    }

    private static OptionalInt nice(long pid) throws Exception {
        return ProcStat.nice(Files.readString(Path.of("/proc/" + pid + "/stat")));
    }
}
