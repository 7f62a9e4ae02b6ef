package io.clearhouse.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Which parts run at the background priority, what the variable accepts, and that a real process (and
 * what it starts later) is lowered.
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
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/nice")) || Files.isExecutable(Path.of("/bin/nice")),
                "needs the nice command (coreutils)");
        assertThat(BackgroundPriority.commandPrefix("gateway", 19)).isEmpty();
        assertThat(BackgroundPriority.commandPrefix("ingest", 0)).isEmpty();
        for (String service : List.of("ingest", "settlement", "reconciliation", "reporting", StackConfig.CONSOLE)) {
            assertThat(BackgroundPriority.commandPrefix(service, 19)).endsWith("-n", "19")
                    .first().asString().endsWith("nice");
        }
    }

    @Test
    void aLoweredProcessAndWhatItStartsAfterwardsRunAtTheBackgroundPriority() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")) && Renice.COMMAND.isPresent(),
                "needs Linux and renice");
        // a shell that starts a child only once told to (a line on its input), as PostgreSQL forks a backend
        Process shell = new ProcessBuilder("sh", "-c", "read line; sleep 60 & echo $!; wait")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            assumeTrue(nice(shell.pid()).orElse(19) < 15, "the tests already run at nice 15 or lower");
            BackgroundPriority.lower(shell.pid(), 15);
            assertThat(nice(shell.pid())).hasValue(15);

            shell.getOutputStream().write("go\n".getBytes());
            shell.getOutputStream().flush();
            long child = Long.parseLong(new java.io.BufferedReader(new java.io.InputStreamReader(shell.getInputStream()))
                    .readLine().trim());
            assertThat(nice(child)).hasValue(15);
            ProcessHandle.of(child).ifPresent(ProcessHandle::destroy);
        } finally {
            shell.destroy();
            assertThat(shell.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static OptionalInt nice(long pid) throws Exception {
        return ProcStat.nice(Files.readString(Path.of("/proc/" + pid + "/stat")));
    }
}
