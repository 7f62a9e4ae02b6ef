package io.clearhouse.launcher;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * While the stack starts, the optimising JIT compiler (C2) of every JVM the launcher runs yields the CPU to
 * everything else, and gets it back once the stack is ready.
 *
 * <p>Measured on 2 cores: about half of the CPU the JVMs spend until every service is healthy went to
 * their compiler threads, and most of C2's part compiled code that runs only while Spring starts; it
 * finished after that code had stopped running. So the launcher sets each C2 thread's nice value to
 * {@value #DEFERRED_NICE} (the interpreter and C1, the quick compiler, keep theirs: lowering all compiler
 * threads made the start slower) and restores each thread's own value when {@link #close()} is called.
 * C2 still runs whenever a core is idle, and the hot paths reach C2 as soon as the start is over.
 *
 * <p>Only on Linux (threads are read from {@code /proc}, the value set with {@code renice}), and only
 * where the launcher may raise a priority again (CAP_SYS_NICE, or a nice limit that allows it): a JIT
 * left deprioritised would slow the stack under load. Off with {@code CLEARHOUSE_START_DEFER_JIT=false}.
 */
public final class StartupCompilerPriority implements AutoCloseable {

    static final int DEFERRED_NICE = 19;
    private static final String C2_THREAD = "C2 CompilerThre";
    private static final int CAP_SYS_NICE = 23;
    private static final long POLL_MILLIS = 200;

    /** Thread id → its nice value before the launcher changed it. */
    private final Map<Long, Integer> deferred = new HashMap<>();
    private final Thread poller;
    private volatile boolean running = true;

    private StartupCompilerPriority() {
        poller = new Thread(this::poll, "defer-jit");
        poller.setDaemon(true);
    }

    /** Starts deferring the C2 threads of this JVM and of every process it starts; a no-op where it cannot. */
    static StartupCompilerPriority start() {
        StartupCompilerPriority priority = new StartupCompilerPriority();
        if (applies()) {
            priority.poller.start();
        }
        return priority;
    }

    /** Whether a start defers C2 here: not turned off, and {@link #supported} on this machine. */
    public static boolean applies() {
        return !"false".equalsIgnoreCase(System.getenv("CLEARHOUSE_START_DEFER_JIT")) && supported(Path.of("/proc/self"));
    }

    /** Whether this process can see its threads in /proc and raise a thread's priority back afterwards. */
    static boolean supported(Path self) {
        try {
            if (!Files.isDirectory(self.resolve("task")) || Renice.COMMAND.isEmpty()) {
                return false;
            }
            OptionalInt ownNice = ProcStat.nice(Files.readString(self.resolve("stat")));
            return ownNice.isPresent() && mayRaiseTo(Files.readAllLines(self.resolve("status")),
                    Files.readAllLines(self.resolve("limits")), ownNice.getAsInt());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Whether a thread may be set back to {@code nice}: with CAP_SYS_NICE always, otherwise when the soft
     * "Max nice priority" limit is at least {@code 20 - nice} (setpriority(2)).
     */
    static boolean mayRaiseTo(List<String> status, List<String> limits, int nice) {
        for (String line : status) {
            if (line.startsWith("CapEff:") && new BigInteger(line.substring(7).trim(), 16).testBit(CAP_SYS_NICE)) {
                return true;
            }
        }
        for (String line : limits) {
            if (line.startsWith("Max nice priority")) {
                String soft = line.substring("Max nice priority".length()).trim().split("\\s+")[0];
                return "unlimited".equals(soft) || Long.parseLong(soft) >= 20L - nice;
            }
        }
        return false;
    }

    private void poll() {
        while (running) {
            try {
                deferNewC2Threads();
                TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException | RuntimeException e) {
                // a process or thread that ended between listing and reading: the next round sees the rest
            }
        }
    }

    private void deferNewC2Threads() throws IOException, InterruptedException {
        List<Long> found = new ArrayList<>();
        List<ProcessHandle> processes = new ArrayList<>();
        processes.add(ProcessHandle.current());
        try (Stream<ProcessHandle> descendants = ProcessHandle.current().descendants()) {
            descendants.forEach(processes::add);
        }
        for (ProcessHandle process : processes) {
            for (Map.Entry<Long, Integer> c2 : c2Threads(Path.of("/proc", Long.toString(process.pid()))).entrySet()) {
                synchronized (this) {
                    if (running && !deferred.containsKey(c2.getKey()) && c2.getValue() < DEFERRED_NICE) {
                        deferred.put(c2.getKey(), c2.getValue());
                        found.add(c2.getKey());
                    }
                }
            }
        }
        if (!found.isEmpty()) {
            Renice.threads(DEFERRED_NICE, found);
        }
    }

    /** The C2 compiler threads of a process, with their nice values. */
    static Map<Long, Integer> c2Threads(Path process) throws IOException {
        Map<Long, Integer> threads = new HashMap<>();
        Path tasks = process.resolve("task");
        if (!Files.isDirectory(tasks)) {
            return threads;
        }
        try (Stream<Path> list = Files.list(tasks)) {
            for (Path task : (Iterable<Path>) list::iterator) {
                Optional<String> comm = read(task.resolve("comm"));
                if (comm.isPresent() && comm.get().strip().startsWith(C2_THREAD)) {
                    read(task.resolve("stat")).map(ProcStat::nice)
                            .filter(OptionalInt::isPresent)
                            .ifPresent(nice -> threads.put(Long.parseLong(task.getFileName().toString()), nice.getAsInt()));
                }
            }
        }
        return threads;
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (IOException e) {
            return Optional.empty(); // the thread ended
        }
    }

    /** Stops deferring and gives every deferred C2 thread that still runs its own priority back. */
    @Override
    public void close() throws InterruptedException {
        Map<Long, Integer> restore;
        synchronized (this) {
            running = false;
            restore = new HashMap<>(deferred);
            deferred.clear();
        }
        // not interrupted: a renice it started finishes before the priorities are given back
        poller.join(TimeUnit.SECONDS.toMillis(Renice.TIMEOUT_SECONDS));
        Map<Integer, List<Long>> byNice = new HashMap<>();
        restore.forEach((tid, nice) -> byNice.computeIfAbsent(nice, n -> new ArrayList<>()).add(tid));
        for (Map.Entry<Integer, List<Long>> e : byNice.entrySet()) {
            try {
                Renice.threads(e.getKey(), e.getValue()); // a thread that has ended meanwhile is only reported by renice
            } catch (IOException ex) {
                // renice vanished since start: nothing else can restore them
            }
        }
    }
}
