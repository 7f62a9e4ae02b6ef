package io.clearhouse.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The C2 compiler threads of a real child JVM are deprioritised while a start runs and get their own
 * priority back when it ends; and the reading that decides whether the launcher may do it at all.
 */
class StartupCompilerPriorityTest {

    /** A JVM that only waits for its input to close, so its compiler threads can be looked at. */
    public static final class Idle {
        public static void main(String[] args) throws java.io.IOException {
            while (System.in.read() >= 0) {
                // until the test closes the pipe or ends the process
            }
        }
    }

    @Test
    void deprioritisesTheC2ThreadsOfAChildJvmWhileStartingAndRestoresThem() throws Exception {
        assumeTrue(StartupCompilerPriority.supported(Path.of("/proc/self")),
                "needs Linux, renice and the right to raise a priority again (CAP_SYS_NICE or RLIMIT_NICE)");
        Process child = new ProcessBuilder(ChildProcess.javaExecutable(), "-cp", System.getProperty("java.class.path"),
                Idle.class.getName()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Path proc = Path.of("/proc", Long.toString(child.pid()));
            await().atMost(Duration.ofSeconds(30)).until(() -> !StartupCompilerPriority.c2Threads(proc).isEmpty());
            Map<Long, Integer> before = StartupCompilerPriority.c2Threads(proc);
            assertThat(before.values()).allMatch(nice -> nice < StartupCompilerPriority.DEFERRED_NICE);

            try (StartupCompilerPriority deferred = StartupCompilerPriority.start()) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                        StartupCompilerPriority.c2Threads(proc).values())
                        .isNotEmpty().allMatch(nice -> nice == StartupCompilerPriority.DEFERRED_NICE));
            }

            assertThat(StartupCompilerPriority.c2Threads(proc)).isEqualTo(before);
        } finally {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void mayRaiseAPriorityAgainWithCapSysNiceOrANiceLimitThatAllowsIt() {
        List<String> noLimit = List.of("Max nice priority         0                    0");
        List<String> capSysNice = List.of("CapEff:\t0000000000800000");
        List<String> otherCaps = List.of("CapEff:\t00000000007fffff");

        assertThat(StartupCompilerPriority.mayRaiseTo(capSysNice, noLimit, 0)).isTrue();
        assertThat(StartupCompilerPriority.mayRaiseTo(otherCaps, noLimit, 0)).isFalse();
        assertThat(StartupCompilerPriority.mayRaiseTo(otherCaps,
                List.of("Max nice priority         20                   20"), 0)).isTrue();
        assertThat(StartupCompilerPriority.mayRaiseTo(otherCaps,
                List.of("Max nice priority         15                   20"), 0)).isFalse();
        assertThat(StartupCompilerPriority.mayRaiseTo(otherCaps,
                List.of("Max nice priority         15                   20"), 5)).isTrue();
        assertThat(StartupCompilerPriority.mayRaiseTo(otherCaps,
                List.of("Max nice priority         unlimited            unlimited"), 0)).isTrue();
        assertThat(StartupCompilerPriority.mayRaiseTo(List.of(), List.of(), 0)).isFalse();
    }
}
