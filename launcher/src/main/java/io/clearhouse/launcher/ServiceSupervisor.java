package io.clearhouse.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Keeps the stack's services running: a service whose process ends while the stack runs is started
 * again after an exponential backoff (1 s, 2 s, 4 s ... at most {@link Policy#backoffMax}), while every
 * other service keeps serving. Only a service that crashes {@link Policy#maxCrashes} times within
 * {@link Policy#window} is given up on: the supervisor says so and calls the give-up action (the
 * stack stops everything), because a service that cannot stay up is a defect to look at, not to hide
 * by restarting it forever.
 *
 * <p>Each restart is one line on the launcher's console, in {@code logs/supervisor.log} and in the
 * service's own log, and the current state of every service (state, restarts, last exit) is kept in
 * {@code supervisor.status} in the data directory, which {@code ./clearhouse status} prints.
 *
 * <p>One watcher thread does all of it, so the state of a service changes in one place; a restart
 * waits for the service to be ready again (a process that exits or is not ready in time counts as a
 * crash). The supervisor is only watching once the whole stack has started: a service that dies
 * during the start fails the start, as before.
 */
final class ServiceSupervisor implements AutoCloseable {

    /** What a supervised service is doing. */
    public enum State {
        /** Up and ready. */
        RUNNING,
        /** Its process ended; it is waiting for its backoff before a new start. */
        BACKOFF,
        /** Started again, not ready yet. */
        RESTARTING,
        /** Crashed too often; the stack is being stopped. */
        GAVE_UP,
        /** Stopped with the stack. */
        STOPPED
    }

    /**
     * How hard to try.
     *
     * @param maxCrashes  crashes within {@code window} after which the stack stops (a bound on restart storms)
     * @param window      the window those crashes are counted in
     * @param backoffMin  the wait before the first restart; doubled for each further crash in the window
     * @param backoffMax  the longest wait
     * @param readyTimeout how long a restarted service may take to be ready before it counts as crashed
     */
    public record Policy(int maxCrashes, Duration window, Duration backoffMin, Duration backoffMax,
                         Duration readyTimeout) {

        public Policy {
            if (maxCrashes < 1) {
                throw new IllegalArgumentException("maxCrashes must be at least 1");
            }
        }

        /** From {@code CLEARHOUSE_SUPERVISOR_MAX_CRASHES} (5) and {@code CLEARHOUSE_SUPERVISOR_WINDOW_SECONDS} (600). */
        static Policy fromEnvironment(Duration readyTimeout) {
            return new Policy(intEnv("CLEARHOUSE_SUPERVISOR_MAX_CRASHES", 5),
                    Duration.ofSeconds(intEnv("CLEARHOUSE_SUPERVISOR_WINDOW_SECONDS", 600)),
                    Duration.ofSeconds(1), Duration.ofSeconds(30), readyTimeout);
        }

        Duration backoff(int crashesInWindow) {
            long ms = backoffMin.toMillis() << Math.min(20, Math.max(0, crashesInWindow - 1));
            return Duration.ofMillis(Math.min(ms, backoffMax.toMillis()));
        }

        private static int intEnv(String name, int fallback) {
            String v = System.getenv(name);
            return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
        }
    }

    /** Starts a service's process (again). */
    @FunctionalInterface
    public interface Starter {
        ChildProcess start() throws IOException;
    }

    /** What {@code status} shows of one service. */
    public record Snapshot(String name, State state, int restarts, Long pid, Integer lastExitCode, Instant lastExitAt) {
    }

    private static final long POLL_MS = 200;

    private final Policy policy;
    private final Console out;
    private final Path statusFile;
    private final Path logFile;
    private final Runnable giveUp;
    private final Clock clock;
    private final Map<String, Supervised> services = new LinkedHashMap<>();
    private volatile boolean stopping;
    private Thread watcher;

    /**
     * @param dataDir where {@code supervisor.status} and {@code logs/supervisor.log} go
     * @param giveUp  run once, on the watcher thread, when a service crashed too often (stops the stack)
     */
    public ServiceSupervisor(Policy policy, Path dataDir, Console out, Runnable giveUp) {
        this(policy, dataDir, out, giveUp, Clock.systemUTC());
    }

    ServiceSupervisor(Policy policy, Path dataDir, Console out, Runnable giveUp, Clock clock) {
        this.policy = policy;
        this.out = out;
        this.statusFile = dataDir.resolve("supervisor.status");
        this.logFile = dataDir.resolve("logs").resolve("supervisor.log");
        this.giveUp = giveUp;
        this.clock = clock;
    }

    /** Where the status of a stack's services is kept while it runs. */
    public static Path statusFile(StackConfig config) {
        return config.dataDir().resolve("supervisor.status");
    }

    /**
     * Starts a service's first process and keeps it under supervision (watched once {@link #watch()} ran).
     * The returned handle stops it for good when closed.
     */
    public synchronized Supervised add(String name, Starter starter, BooleanSupplier ready) throws IOException {
        Supervised s = new Supervised(name, starter, ready, starter.start());
        services.put(name, s);
        writeStatus();
        return s;
    }

    /** The current process id of each supervised service. */
    synchronized Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        services.forEach((name, s) -> pids.put(name, s.process.pid()));
        return pids;
    }

    /** What the running stack's supervisor last wrote (empty when no stack runs or it has not started yet). */
    static Properties readStatus(StackConfig config) {
        Properties p = new Properties();
        Path file = statusFile(config);
        if (Stack.runningPid(config).isPresent() && Files.exists(file)) {
            try (var r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                // shown as unknown
            }
        }
        return p;
    }

    /** One service's supervision for {@code status}: state, restarts, last exit. */
    static String describe(Properties status, String service) {
        String state = status.getProperty(service + ".state");
        if (state == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(state.toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        String pid = status.getProperty(service + ".pid");
        if (pid != null) {
            b.append(", pid ").append(pid);
        }
        b.append(", restarts ").append(status.getProperty(service + ".restarts", "0"));
        String exit = status.getProperty(service + ".lastExit");
        if (exit != null) {
            b.append(", last exit ").append(exit);
        }
        return b.toString();
    }

    /** Starts watching: from now on a process that ends is restarted. */
    public synchronized void watch() {
        if (watcher != null || stopping) {
            return;
        }
        watcher = new Thread(this::run, "clearhouse-supervisor");
        watcher.setDaemon(true);
        watcher.start();
        writeStatus();
    }

    /** The state of every supervised service, in start order. */
    public synchronized List<Snapshot> snapshot() {
        return services.values().stream().map(Supervised::snapshot).toList();
    }

    /** The service's current process (it changes on every restart). */
    public synchronized ChildProcess process(String name) {
        return services.get(name).process;
    }

    private void run() {
        try {
            while (!stopping) {
                for (Supervised s : List.copyOf(services.values())) {
                    if (stopping) {
                        return;
                    }
                    if (!s.closed && !s.process.isAlive()) {
                        if (!recover(s)) {
                            return;
                        }
                    }
                }
                TimeUnit.MILLISECONDS.sleep(POLL_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Restarts a dead service until it is ready again; false when the supervisor gave up (or stops). */
    private boolean recover(Supervised s) throws InterruptedException {
        while (!stopping && !s.closed) {
            int exit = s.process.exitValue();
            Instant now = clock.instant();
            s.crashed(exit, now, policy.window());
            if (s.crashes.size() >= policy.maxCrashes()) {
                s.state = State.GAVE_UP;
                writeStatus();
                report(s, String.format("%s-service exited with code %d%s; it crashed %d times within %d s: giving up,"
                                + " stopping the stack (see %s)", s.name, exit, signal(exit), s.crashes.size(),
                        policy.window().toSeconds(), s.process.log()));
                stopping = true;
                giveUp.run();
                return false;
            }
            Duration backoff = policy.backoff(s.crashes.size());
            s.state = State.BACKOFF;
            writeStatus();
            report(s, String.format("%s-service exited with code %d%s; restarting it in %.1f s (crash %d of %d allowed"
                            + " within %d s; see %s)", s.name, exit, signal(exit), backoff.toMillis() / 1000.0,
                    s.crashes.size(), policy.maxCrashes() - 1, policy.window().toSeconds(), s.process.log()));
            if (!sleepUnlessStopping(backoff)) {
                return false;
            }
            synchronized (this) {
                if (stopping || s.closed) {
                    return false;
                }
                try {
                    s.process = s.starter.start();
                } catch (IOException e) {
                    report(s, s.name + "-service could not be started again: " + e.getMessage());
                    continue; // counts as another crash of the old process's exit
                }
                s.restarts++;
                s.state = State.RESTARTING;
                writeStatus();
            }
            if (awaitReady(s)) {
                s.state = State.RUNNING;
                writeStatus();
                report(s, String.format("%s-service is ready again (pid %d, restart %d)", s.name, s.process.pid(),
                        s.restarts));
                return true;
            }
            if (s.process.isAlive()) {
                report(s, s.name + "-service not ready after " + policy.readyTimeout().toSeconds()
                        + " s; stopping it to start it again");
                s.process.kill();
            }
        }
        return !stopping;
    }

    private boolean awaitReady(Supervised s) throws InterruptedException {
        Instant deadline = clock.instant().plus(policy.readyTimeout());
        while (!stopping && !s.closed && s.process.isAlive()) {
            if (s.ready.getAsBoolean()) {
                return true;
            }
            if (clock.instant().isAfter(deadline)) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        return false;
    }

    private boolean sleepUnlessStopping(Duration d) throws InterruptedException {
        long until = System.nanoTime() + d.toNanos();
        while (!stopping) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(POLL_MS)));
        }
        return false;
    }

    private static String signal(int exit) {
        return exit > 128 && exit < 160 ? " (signal " + (exit - 128) + ")" : "";
    }

    private void report(Supervised s, String message) {
        out.line(message);
        String line = clock.instant() + " [clearhouse-supervisor] " + message + System.lineSeparator();
        for (Path p : List.of(logFile, s.process.log())) {
            try {
                Files.createDirectories(p.getParent());
                Files.writeString(p, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                // the console line above is the record that matters
            }
        }
    }

    private synchronized void writeStatus() {
        Properties p = new Properties();
        p.setProperty("watching", Boolean.toString(watcher != null && !stopping));
        for (Supervised s : services.values()) {
            Snapshot snap = s.snapshot();
            p.setProperty(s.name + ".state", snap.state().name());
            p.setProperty(s.name + ".restarts", Integer.toString(snap.restarts()));
            if (snap.pid() != null) {
                p.setProperty(s.name + ".pid", Long.toString(snap.pid()));
            }
            if (snap.lastExitCode() != null) {
                p.setProperty(s.name + ".lastExit", snap.lastExitCode() + signal(snap.lastExitCode()) + " at "
                        + snap.lastExitAt());
            }
        }
        try {
            Path tmp = statusFile.resolveSibling(statusFile.getFileName() + ".tmp");
            try (var w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, "services of the running stack, written by its supervisor");
            }
            Files.move(tmp, statusFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // status is informative; supervision goes on
        }
    }

    /** Stops watching (no further restarts); the services themselves are stopped through their handles. */
    @Override
    public void close() {
        stopping = true;
        Thread w;
        synchronized (this) {
            w = watcher;
        }
        if (w != null && w != Thread.currentThread()) {
            w.interrupt();
            try {
                w.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            Files.deleteIfExists(statusFile);
        } catch (IOException e) {
            // a stale status file is ignored when no stack runs
        }
    }

    /** One supervised service; closing it stops its current process and ends its supervision. */
    public final class Supervised implements AutoCloseable {

        private final String name;
        private final Starter starter;
        private final BooleanSupplier ready;
        private final Deque<Instant> crashes = new ArrayDeque<>();
        private volatile ChildProcess process;
        private volatile State state = State.RUNNING;
        private volatile boolean closed;
        private int restarts;
        private Integer lastExitCode;
        private Instant lastExitAt;

        private Supervised(String name, Starter starter, BooleanSupplier ready, ChildProcess first) {
            this.name = name;
            this.starter = starter;
            this.ready = ready;
            this.process = first;
        }

        /** The current process. */
        public ChildProcess process() {
            return process;
        }

        private void crashed(int exit, Instant at, Duration window) {
            lastExitCode = exit;
            lastExitAt = at;
            crashes.addLast(at);
            while (!crashes.isEmpty() && crashes.peekFirst().isBefore(at.minus(window))) {
                crashes.removeFirst();
            }
        }

        private Snapshot snapshot() {
            ChildProcess p = process;
            return new Snapshot(name, state, restarts, p.isAlive() ? p.pid() : null, lastExitCode, lastExitAt);
        }

        @Override
        public void close() {
            closed = true;
            synchronized (ServiceSupervisor.this) {
                if (state != State.GAVE_UP) {
                    state = State.STOPPED;
                }
            }
            process.close();
        }
    }
}
