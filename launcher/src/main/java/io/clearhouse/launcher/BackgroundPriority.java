package io.clearhouse.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The request path first. On one machine the whole stack shares, the parts a provider's request waits
 * for (the gateway, and the Kafka broker whose acknowledgement the 202 waits for) run at normal priority.
 * The parts that follow the 202 asynchronously run at a lower one, nice {@code CLEARHOUSE_BACKGROUND_NICE}
 * (default {@value #DEFAULT_NICE}, {@code 0} turns it off): ingest, settlement, reconciliation, reporting,
 * the console, and PostgreSQL, which only they wait on (the gateway's own reads are cached and its access
 * log is written in the background).
 *
 * <p>Measured on 2 cores at 1,000 single requests a second (2026-12-04): all at nice 0, the stack saturated at
 * 943 answered a second with a p99 of 1.94 s; on the same warm stack set at run time, all answered, p99 232 ms
 * at nice 10 and 61 ms at nice 19; on freshly started stacks at nice 19, p99 13-26 ms. Low priority takes no CPU
 * away from the background when a core is idle; under contention its work waits a little, its Kafka fetches bring
 * bigger batches, and a batch costs less per transaction, so the recording keeps up with what the gateway accepts.
 *
 * <p>The parts started by {@code up} get it once the stack is ready ({@link #lowerProcess}, every thread; PostgreSQL
 * with the backends it has, and every backend it starts later inherits it): while the stack starts, every JVM runs
 * at one priority, so that {@link StartupCompilerPriority} can put their C2 compilers behind everything else
 * (started at nice 19, a background JVM's compiler competed with its own start as an equal: 27 s to ready instead of
 * 20 s, twice the JIT CPU). A service started once the stack is up (a restart after a crash) starts behind
 * {@code nice} at once ({@link #commandPrefix}).
 *
 * <p>Only where {@code nice} and {@code renice} exist (Linux). A lower priority needs no privilege.
 */
final class BackgroundPriority {

    static final String VARIABLE = "CLEARHOUSE_BACKGROUND_NICE";
    static final int DEFAULT_NICE = 19;
    private static final int MAX_NICE = 19;
    /** The services a provider's request waits for; every other service is background. */
    private static final List<String> REQUEST_PATH = List.of("gateway");
    private static final Optional<Path> NICE = ChildProcess.onPath("nice");

    private BackgroundPriority() {
    }

    /** The nice value of the background parts: {@value #DEFAULT_NICE} unless the variable says otherwise. */
    static int nice(UnaryOperator<String> env) {
        String value = env.apply(VARIABLE);
        if (value == null || value.isBlank()) {
            return DEFAULT_NICE;
        }
        int nice;
        try {
            nice = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(VARIABLE + " must be a whole number from 0 to " + MAX_NICE
                    + ", not '" + value + "'");
        }
        if (nice < 0 || nice > MAX_NICE) {
            throw new IllegalArgumentException(VARIABLE + " must be from 0 (off) to " + MAX_NICE + ", not " + nice);
        }
        return nice;
    }

    static int nice() {
        return nice(System::getenv);
    }

    /** Whether a service runs at the background priority: every one but those a provider's request waits for. */
    static boolean isBackground(String service) {
        return !REQUEST_PATH.contains(service);
    }

    /** What goes before a service's command: {@code nice -n N} for a background service, nothing otherwise. */
    static List<String> commandPrefix(String service, int nice) {
        if (nice == 0 || !isBackground(service) || NICE.isEmpty()) {
            return List.of();
        }
        return List.of(NICE.get().toString(), "-n", Integer.toString(nice));
    }

    /**
     * Lowers every thread of a running process, and of the processes it has started ({@code withChildren}: the
     * PostgreSQL server's backends). A thread or process it starts later inherits the value from the one that
     * starts it. Threads are listed twice, for those a thread not yet lowered started in between. Quietly
     * nothing where it cannot: the stack then runs at one priority, as it did before.
     */
    static void lowerProcess(long pid, int nice, boolean withChildren) throws InterruptedException {
        if (nice == 0 || Renice.COMMAND.isEmpty()) {
            return;
        }
        List<Long> pids = new ArrayList<>(List.of(pid));
        if (withChildren) {
            ProcessHandle.of(pid).ifPresent(p -> p.children().forEach(c -> pids.add(c.pid())));
        }
        try {
            for (int pass = 0; pass < 2; pass++) {
                List<Long> threads = new ArrayList<>();
                for (long p : pids) {
                    threads.addAll(threads(p));
                }
                if (!threads.isEmpty()) {
                    Renice.threads(nice, threads);
                }
            }
        } catch (IOException | RuntimeException e) {
            // a process that ended meanwhile, or no /proc: its priority stays as it was
        }
    }

    /** The thread ids of a process ({@code /proc/<pid>/task}); none when it has ended. */
    static List<Long> threads(long pid) throws IOException {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        if (!Files.isDirectory(tasks)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(tasks)) {
            return list.map(t -> Long.parseLong(t.getFileName().toString())).toList();
        }
    }
}
